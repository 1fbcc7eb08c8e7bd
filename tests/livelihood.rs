//! 民生实事 on real SQLite files: candidates from cases and direct entry,
//! merging, a vote read by the rule, projects under supervision, the
//! year-end judgement, and the year's figures against a hand count.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{Fixture, now, referral, save, station};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::livelihood::{
    Ballots, CandidateSource, Completion, MilestoneState, NewCandidate, NewVote, Verdict,
};
use liaison_desk::domain::stats::Period;
use liaison_desk::store::Refusal;
use liaison_desk::store::{ProjectPlan, SealProblem, Store, StoreError};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    d(s).and_hms_opt(10, 0, 0).unwrap()
}

fn direct(title: &str) -> NewCandidate {
    NewCandidate {
        title: title.into(),
        place: "北太平庄".into(),
        content: format!("{title}：群众走访中多次提出。"),
        cost_cents: Some(5000),
        source: CandidateSource::Visits,
        case_ids: vec![],
    }
}

fn b(yes: u32, no: u32, abstain: u32) -> Ballots {
    Ballots { yes, no, abstain }
}

/// The counted year: 12 candidates (two from voters' cases, one a
/// duplicate merged away, so 12 remain), a shortlist of 7 by the default
/// ratio, 86 deputies present choosing 5.
struct Year {
    fx: Fixture,
    vote: String,
    shortlist: Vec<String>,
    first_case: liaison_desk::domain::ids::CaseId,
}

fn counted_year() -> Year {
    let mut fx = station();
    let one = referral(&fx, 0);
    let first = save(&mut fx, &one, at("2026-01-06"));
    let mut group = referral(&fx, 0);
    group.group_size = 6;
    let second = save(&mut fx, &group, at("2026-01-07"));
    let from_cases = NewCandidate {
        source: CandidateSource::Cases,
        case_ids: vec![first.case_id.clone()],
        ..direct("北太平庄公交站恢复")
    };
    fx.store
        .add_candidate(&from_cases, "秘书", at("2026-01-08"))
        .unwrap();
    for i in 1..=11 {
        fx.store
            .add_candidate(
                &direct(&format!("候选项目{i:02}")),
                "秘书",
                at(&format!("2026-01-{:02}", 8 + i)),
            )
            .unwrap();
    }
    // The same bus stop again, from the group's case: merged into the first.
    let again = NewCandidate {
        source: CandidateSource::Cases,
        case_ids: vec![second.case_id.clone()],
        ..direct("公交站撤了")
    };
    let dup = fx
        .store
        .add_candidate(&again, "秘书", at("2026-01-20"))
        .unwrap();
    let bus = fx.store.candidates().unwrap()[0].id.clone();
    fx.store
        .merge_candidate(&dup, &bus, "秘书", at("2026-01-21"))
        .unwrap();

    let ratio = fx.store.settings().unwrap().shortlist_ratio_percent;
    let all = fx.store.candidates().unwrap();
    let size = liaison_desk::domain::livelihood::shortlist_size(5, ratio, all.len()).unwrap();
    let weighed: Vec<_> = all.iter().map(|c| c.weighed()).collect();
    let shortlist = liaison_desk::domain::livelihood::propose_shortlist(&weighed, size);
    let new_vote = NewVote {
        meeting: "北太平庄街道第二次居民议事会".into(),
        date: d("2026-02-10"),
        present: 86,
        to_choose: 5,
        present_ids: vec![],
    };
    let vote = fx
        .store
        .create_vote(&new_vote, &shortlist, "秘书", at("2026-02-10"))
        .unwrap();
    Year {
        fx,
        vote,
        shortlist,
        first_case: first.case_id,
    }
}

#[test]
fn candidates_keep_their_cases_and_merging_moves_them() {
    let year = counted_year();
    let store = &year.fx.store;
    let all = store.candidates().unwrap();
    assert_eq!(all.len(), 12);
    let bus = &all[0];
    assert_eq!(bus.title, "北太平庄公交站恢复");
    // Both voters' cases, the group of six counted as six persons.
    assert_eq!(bus.case_numbers.len(), 2);
    assert_eq!(bus.persons, 7);
    assert_eq!(all[1].persons, 1);
    assert!(
        store
            .candidates_of_case(&year.first_case)
            .unwrap()
            .contains(&"北太平庄公交站恢复".to_string())
    );
}

#[test]
fn the_proposed_shortlist_is_seven_most_asked_for_first() {
    let year = counted_year();
    assert_eq!(year.shortlist.len(), 7);
    let ballots = year.fx.store.ballots(&year.vote).unwrap();
    assert_eq!(ballots[0].title, "北太平庄公交站恢复");
    assert_eq!(ballots[6].title, "候选项目06");
    assert!(ballots.iter().all(|b| b.verdict.is_none()));
}

fn count_the_vote(year: &mut Year) -> Vec<Verdict> {
    let counts = [
        b(80, 4, 2),
        b(75, 6, 5),
        b(43, 40, 3),
        b(70, 10, 6),
        b(66, 12, 8),
        b(52, 30, 4),
        b(60, 20, 6),
    ];
    year.fx
        .store
        .record_ballots(&year.vote, &counts, "秘书", at("2026-02-10"))
        .unwrap()
}

#[test]
fn the_vote_is_read_by_the_rule_and_the_chosen_go_under_supervision() {
    let mut year = counted_year();
    let verdicts = count_the_vote(&mut year);
    use Verdict::*;
    assert_eq!(
        verdicts,
        [
            Chosen, Chosen, NoMajority, Chosen, Chosen, Outranked, Chosen
        ]
    );
    let store = &year.fx.store;
    assert!(store.vote(&year.vote).unwrap().decided);
    let projects = store.projects().unwrap();
    assert_eq!(projects.len(), 5);
    assert_eq!(projects[0].title, "北太平庄公交站恢复");
    // The shortlist is closed once counted.
    assert!(matches!(
        year.fx
            .store
            .set_shortlist(&year.vote, &year.shortlist[..6], "秘书", now()),
        Err(StoreError::Refused(Refusal::InUse))
    ));
    // Counted again (a typing mistake) before any plan: the same five.
    let verdicts = count_the_vote(&mut year);
    assert_eq!(verdicts.iter().filter(|v| **v == Chosen).count(), 5);
    assert_eq!(year.fx.store.projects().unwrap().len(), 5);
}

#[test]
fn counts_above_those_present_are_refused_and_nothing_changes() {
    let mut year = counted_year();
    let mut counts = vec![b(10, 0, 0); 7];
    counts[3] = b(80, 5, 2);
    let err = year
        .fx
        .store
        .record_ballots(&year.vote, &counts, "秘书", at("2026-02-10"))
        .unwrap_err();
    assert!(matches!(err, StoreError::Refused(Refusal::Invalid(_))));
    assert!(!year.fx.store.vote(&year.vote).unwrap().decided);
    assert!(year.fx.store.projects().unwrap().is_empty());
}

#[test]
fn a_tie_is_named_and_the_meeting_decides_it() {
    let mut year = counted_year();
    let counts = [
        b(80, 0, 0),
        b(75, 0, 0),
        b(70, 0, 0),
        b(66, 0, 0),
        b(60, 0, 0),
        b(60, 0, 0),
        b(10, 0, 0),
    ];
    let store = &mut year.fx.store;
    let verdicts = store
        .record_ballots(&year.vote, &counts, "秘书", at("2026-02-10"))
        .unwrap();
    assert_eq!(verdicts[4], Verdict::Tied);
    assert_eq!(verdicts[5], Verdict::Tied);
    assert_eq!(store.projects().unwrap().len(), 4);
    let tied = store.ballots(&year.vote).unwrap()[5].candidate_id.clone();
    store
        .choose_tied(&year.vote, &tied, "秘书", at("2026-02-11"))
        .unwrap();
    assert_eq!(store.projects().unwrap().len(), 5);
    // Only a tied candidate can be chosen so.
    let outranked = store.ballots(&year.vote).unwrap()[6].candidate_id.clone();
    assert!(matches!(
        store.choose_tied(&year.vote, &outranked, "秘书", at("2026-02-11")),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
}

/// Plans every project with monthly milestones, reviews them, judges them.
fn supervise(year: &mut Year) {
    count_the_vote(year);
    let store = &mut year.fx.store;
    let deputies = year.fx.deputies.clone();
    let projects = store.projects().unwrap();
    let completions = [
        Completion::Completed,
        Completion::Completed,
        Completion::Completed,
        Completion::NotCompleted,
        Completion::Completed,
    ];
    for (i, p) in projects.iter().enumerate() {
        let plan = ProjectPlan {
            lead: "刘副主任".into(),
            department: "街道城管科".into(),
            budget_cents: Some(8000),
            target: "年底前完工".into(),
            deadline: Some(d("2026-11-30")),
            supervisor_ids: vec![deputies[i % 3].to_string()],
            milestones: vec![
                ("2026-04".into(), "立项".into()),
                ("2026-08".into(), "施工".into()),
                ("2026-11".into(), "验收".into()),
            ],
        };
        store
            .plan_project(&p.id, &plan, "秘书", at("2026-03-01"))
            .unwrap();
        // Two projects have their August milestone still on time in October:
        // late by the calendar, whatever the review said.
        let august = if i == 1 || i == 3 {
            MilestoneState::OnTime
        } else {
            MilestoneState::Done
        };
        let states = [
            ("2026-04".to_string(), MilestoneState::Done),
            ("2026-08".to_string(), august),
        ];
        store
            .record_progress(&p.id, &states, "调度", "秘书", at("2026-10-10"))
            .unwrap();
        store
            .judge_project(
                &p.id,
                completions[i],
                [60, 20, 6],
                d("2026-12-20"),
                "秘书",
                at("2026-12-20"),
            )
            .unwrap();
    }
}

#[test]
fn the_figures_match_a_year_counted_by_hand() {
    let mut year = counted_year();
    supervise(&mut year);
    let store = &year.fx.store;
    let cal = Calendar::weekends_only();
    let whole = |y: i32| Period {
        from: NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
        to: NaiveDate::from_ymd_opt(y, 12, 31).unwrap(),
    };
    // 10 November: August late on two projects; November not yet due.
    let f = store
        .livelihood_figures(whole(2026), &cal, d("2026-11-10"))
        .unwrap();
    assert_eq!(
        (f.candidates, f.chosen, f.on_schedule, f.late, f.completed),
        (12, 5, 3, 2, 4)
    );
    assert!((f.satisfaction_rate.unwrap() - 80.0 / 86.0).abs() < 1e-9);
    let late = store.overdue_milestones(&cal, d("2026-11-10")).unwrap();
    assert_eq!(late.len(), 2);
    let reviewed = store.projects().unwrap()[0].last_review.clone();
    assert_eq!(reviewed, Some((d("2026-10-10"), "调度".to_string())));
    assert!(late.iter().all(|m| m.month == "2026-08" && m.overdue));
    // The digest of 10 November also lists what falls due this month.
    let due = store.milestones_due(&cal, d("2026-11-10")).unwrap();
    assert_eq!(due.len(), 2 + 5);
    assert_eq!(due[..2], late[..]);
    assert!(due[2..].iter().all(|m| m.month == "2026-11" && !m.overdue));
    assert_eq!(due[2].due, d("2026-11-30"));
    // Nothing of 2026 counts for 2025.
    let before = store
        .livelihood_figures(whole(2025), &cal, d("2026-11-10"))
        .unwrap();
    assert_eq!((before.candidates, before.chosen), (0, 0));
    // Once planned, the count is no longer open to change.
    let counts = vec![b(80, 0, 0); 7];
    assert!(matches!(
        year.fx
            .store
            .record_ballots(&year.vote, &counts, "秘书", now()),
        Err(StoreError::Refused(Refusal::InUse))
    ));
}

#[test]
fn every_write_is_audited_sealed_and_survives_reopening() {
    let mut year = counted_year();
    supervise(&mut year);
    let path = year.fx.db_path();
    let actions: Vec<String> = year
        .fx
        .store
        .audit_entries(200)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .filter(|a| a.starts_with("livelihood."))
        .collect();
    for action in [
        "livelihood.candidate",
        "livelihood.merge",
        "livelihood.vote",
        "livelihood.ballots",
        "livelihood.plan",
        "livelihood.progress",
        "livelihood.judge",
    ] {
        assert!(actions.iter().any(|a| a == action), "{action}");
    }
    assert_eq!(year.fx.store.seal_problems().unwrap(), vec![]);
    assert_eq!(year.fx.store.audit_problems().unwrap(), vec![]);
    drop(year.fx.store);
    // A count changed behind the program's back shows.
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE livelihood_ballots SET yes = yes + 1 WHERE position = 2",
        [],
    )
    .unwrap();
    drop(raw);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.projects().unwrap().len(), 5);
    let problems = store.seal_problems().unwrap();
    assert!(
        matches!(&problems[..], [SealProblem::Changed { kind, label }]
            if kind == "livelihood_vote" && label == "北太平庄街道第二次居民议事会"),
        "{problems:?}"
    );
}

#[test]
fn a_version_5_database_gains_the_tables_and_keeps_its_seals() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let before = {
        let mut old = Store::open_at_version(&path, 5).unwrap();
        old.init_station("HD01", "海淀街道代表联络站", now())
            .unwrap();
        // Checking an older file skips the kinds it has no table for.
        old.seal_problems().unwrap()
    };
    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        liaison_desk::store::SCHEMA_VERSION
    );
    // The upgrade adds no problem of its own (that test connection wrote
    // without sealing, which shows the same before and after).
    assert_eq!(store.seal_problems().unwrap(), before);
    assert_eq!(store.settings().unwrap().shortlist_ratio_percent, 70);
    store
        .add_candidate(&direct("口袋公园"), "秘书", now())
        .unwrap();
    assert_eq!(store.candidates().unwrap().len(), 1);
    assert_eq!(store.seal_problems().unwrap(), before);
}

#[test]
fn a_completed_project_is_followed_until_each_item_is_closed() {
    let mut year = counted_year();
    count_the_vote(&mut year);
    let store = &mut year.fx.store;
    let project = store.projects().unwrap()[0].id.clone();
    // Only after the year-end judgement.
    assert!(matches!(
        store.add_followup(&project, "电梯噪音", "秘书", at("2026-12-01")),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    store
        .judge_project(
            &project,
            Completion::Completed,
            [70, 10, 6],
            d("2026-12-20"),
            "秘书",
            at("2026-12-20"),
        )
        .unwrap();
    let noise = store
        .add_followup(&project, "三号楼电梯噪音大", "秘书", at("2027-03-01"))
        .unwrap();
    store
        .add_followup(&project, "无障碍坡道未修", "秘书", at("2027-03-01"))
        .unwrap();
    store
        .close_followup(&noise, "秘书", at("2027-04-10"))
        .unwrap();
    // Closed once only.
    assert!(matches!(
        store.close_followup(&noise, "秘书", at("2027-04-11")),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let items = &store.projects().unwrap()[0].followups;
    let states: Vec<(&str, Option<NaiveDate>)> =
        items.iter().map(|f| (f.item.as_str(), f.closed)).collect();
    assert_eq!(
        states,
        [
            ("三号楼电梯噪音大", Some(d("2027-04-10"))),
            ("无障碍坡道未修", None)
        ]
    );
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}

#[test]
fn report_gives_the_years_livelihood_figures() {
    let mut year = counted_year();
    supervise(&mut year);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .args(["--db", year.fx.db_path().to_str().unwrap(), "report"])
        .args([
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ])
        .env("HOME", year.fx.dir.path())
        .env("XDG_CONFIG_HOME", year.fx.dir.path().join("config"))
        .env("LIAISON_DESK_NOW", "2026-11-10 09:00:00")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["livelihood"],
        serde_json::json!({
            "candidates": 12, "chosen": 5, "on_schedule": 3, "late": 2, "completed": 4,
            "satisfaction_rate": 0.9302,
        })
    );
    let cli = |args: &[&str]| common::run_cli(&year.fx.db_path(), "2026-11-10 09:00:00", args);
    // The text report ends with the same figures.
    let text = cli(&["report", "--from", "2026-01-01", "--to", "2026-12-31"]).stdout;
    let tail = &text[text.find("\n民生实事项目\n").expect(&text)..];
    for line in [
        "候选项目：12",
        "票决选定：5",
        "按进度推进：3",
        "有节点超期：2",
        "完成：4",
        "满意率：93.0%",
    ] {
        assert!(tail.contains(line), "{line}: {tail}");
    }
    // The workbook's summary sheet ends with them too.
    let book = year.fx.dir.path().join("报表.xlsx");
    let args = [
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "xlsx",
    ];
    let ran = cli(&[&args[..], &["-o", book.to_str().unwrap()]].concat());
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let summary = common::sheet_rows(&book);
    let at = summary.iter().position(|r| r[0] == "民生实事项目").unwrap();
    assert_eq!(
        summary[at + 1][..2],
        ["候选项目".to_string(), "12".to_string()]
    );
    assert_eq!(
        summary[at + 6][..2],
        ["满意率".to_string(), "93.0%".to_string()]
    );
    // A year without 民生实事 says nothing of it.
    let before = cli(&["report", "--from", "2025-01-01", "--to", "2025-12-31"]).stdout;
    assert!(!before.contains("民生实事"), "{before}");
    // The day's digest lists the milestones due this month or overdue.
    let digest = cli(&["report", "--day", "2026-11-10", "--format", "json"]).stdout;
    let v: serde_json::Value = serde_json::from_str(&digest).unwrap();
    let due = v["milestones_due"].as_array().unwrap();
    assert_eq!(due.len(), 7);
    assert_eq!(due[0]["month"], "2026-08");
    assert_eq!(due[0]["overdue"], true);
    assert_eq!(due[6]["due"], "2026-11-30");
    let digest = cli(&["report", "--day", "2026-11-10"]).stdout;
    assert!(
        digest.contains("施工（2026-08-31 已到期，超期未完成）"),
        "{digest}"
    );
    assert!(digest.contains("验收（2026-11-30 到期）"), "{digest}");
}

#[test]
fn the_supervision_register_lists_each_project_as_of_its_day_and_exports() {
    use liaison_desk::i18n::{Lang, strings};
    use liaison_desk::service::export::find_register;
    use liaison_desk::service::registers::RegisterRows;
    let mut year = counted_year();
    supervise(&mut year);
    let store = &year.fx.store;
    let t = strings(Lang::Zh);
    let def = find_register("livelihood", "five").unwrap();
    assert_eq!(def.title, "民生实事项目监督台账");
    assert!(find_register("民生实事项目监督台账", "seven").is_some());
    let whole = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    let rows = RegisterRows::load(store, &def, whole)
        .unwrap()
        .as_of(d("2026-11-10"));
    let cells = rows.all_cells(store, t).unwrap();
    assert_eq!(cells.len(), 5);
    let column = |key: &str| def.columns.iter().position(|c| c.key == key).unwrap();
    let names: Vec<String> = store
        .projects()
        .unwrap()
        .into_iter()
        .map(|p| p.title)
        .collect();
    for (row, title) in cells.iter().zip(&names) {
        assert_eq!(&row[column("project")], title);
        assert_eq!(
            row[column("meeting")],
            "2026-02-10 北太平庄街道第二次居民议事会"
        );
        assert_eq!(row[column("lead")], "刘副主任");
        assert_eq!(row[column("budget")], "80");
        assert_eq!(row[column("deadline")], "2026-11-30");
        assert_eq!(row[column("last_review")], "2026-10-10 调度");
        assert_eq!(
            row[column("satisfaction")],
            "满意 60、基本满意 20、不满意 6"
        );
    }
    // Projects 2 and 4 left August "on time": late by the calendar.
    assert_eq!(
        cells[1][column("milestones")],
        "2026-04 立项（已完成）；2026-08 施工（按进度，超期）；2026-11 验收（未调度）"
    );
    assert_eq!(cells[1][column("progress")], "完成 1/3 个节点，超期 1");
    assert_eq!(cells[0][column("progress")], "完成 2/3 个节点，超期 0");
    assert_eq!(cells[3][column("completion")], "2026-12-20 未完成");
    // Counted as of the period's end: by 31 December November is late too.
    let at_end = RegisterRows::load(store, &def, whole).unwrap();
    let cells = at_end.all_cells(store, t).unwrap();
    assert_eq!(cells[0][column("progress")], "完成 2/3 个节点，超期 1");
    // Not yet chosen in 2025, judged before 2027.
    for (from, to) in [("2025-01-01", "2025-12-31"), ("2027-01-01", "2027-12-31")] {
        let period = Period {
            from: d(from),
            to: d(to),
        };
        assert!(RegisterRows::load(store, &def, period).unwrap().is_empty());
    }

    // The command line writes it as a workbook, like every register.
    common::add_users(&mut year.fx.store);
    let db = year.fx.db_path();
    let out = year.fx.dir.path().join("台账.xlsx");
    let ran = common::run_cli_with(
        &db,
        "2026-11-10 09:00:00",
        &[
            "export",
            "livelihood",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ]
        .into_iter()
        .chain(["-o", out.to_str().unwrap(), "--user", "林秘书"])
        .collect::<Vec<_>>(),
        &[("LIAISON_DESK_PIN", "2468")],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let sheet = common::sheet_rows(&out);
    let headings: Vec<&str> = def.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(sheet[1], headings);
    assert_eq!(sheet[2][0], names[0]);
    assert_eq!(sheet[3][column("progress")], "完成 1/3 个节点，超期 1");
    let audit = year.fx.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "export");
}

#[test]
fn the_demo_holds_a_year_of_it_through_the_same_rules() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut store = Store::open(&db).unwrap();
    liaison_desk::service::demo::fill(&mut store, 365, now()).unwrap();
    let candidates = store.candidates().unwrap();
    let from_cases = candidates
        .iter()
        .filter(|c| !c.case_numbers.is_empty())
        .count();
    assert!((2..=4).contains(&from_cases), "{from_cases}");
    assert_eq!(candidates.len(), 8 + from_cases);
    let votes = store.votes().unwrap();
    assert_eq!(votes.len(), 1);
    assert_eq!((votes[0].present, votes[0].to_choose), (86, 5));
    assert_eq!(store.vote_deputies(&votes[0].id).unwrap().len(), 20);
    let projects = store.projects().unwrap();
    assert_eq!(projects.len(), 5);
    assert!(
        projects
            .iter()
            .all(|p| p.milestones.len() >= 4 && !p.lead.is_empty())
    );
    assert!(projects.iter().all(|p| p.last_review.is_some()));
    let judged = projects.iter().filter(|p| p.completion.is_some()).count();
    assert_eq!(judged, 3);
    let followups = &projects[0].followups;
    assert_eq!(followups.len(), 2);
    assert_eq!(followups.iter().filter(|f| f.closed.is_some()).count(), 1);
    // Some milestones late by the calendar: on the home screen and at closing.
    let calendar = store.settings().unwrap().working_calendar();
    let late = store.overdue_milestones(&calendar, now().date()).unwrap();
    assert!(!late.is_empty());
    assert!(
        late.iter()
            .all(|m| m.title == projects[1].title || m.title == projects[3].title)
    );
    let year = Period {
        from: now().date() - chrono::Days::new(365),
        to: now().date(),
    };
    let f = store
        .livelihood_figures(year, &calendar, now().date())
        .unwrap();
    assert_eq!(
        (f.candidates, f.chosen, f.completed),
        (8 + from_cases, 5, 3)
    );
    assert!(f.late >= 1);
    drop(store);
    // The whole file passes the integrity check, seals and audit chain included.
    let ran = common::run_cli(&db, "2026-11-10 18:00:00", &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
}

#[test]
fn inspections_and_meetings_about_a_project_are_listed_under_it_and_on_the_ledger() {
    let mut year = counted_year();
    count_the_vote(&mut year);
    let deputies = year.fx.deputies.clone();
    let store = &mut year.fx.store;
    let projects = store.projects().unwrap();
    let (first, second) = (projects[0].id.clone(), projects[1].id.clone());
    let inspection = liaison_desk::store::NewActivity {
        date: Some(d("2026-06-10")),
        kind: "视察".into(),
        topic: "现场察看施工进度".into(),
        participants: vec![deputies[0].to_string()],
        projects: vec![first.clone(), second.clone()],
        ..Default::default()
    };
    let id = store
        .add_activity(&inspection, "秘书", at("2026-06-10"))
        .unwrap();
    let row = store.activity(&id).unwrap();
    let linked: Vec<&str> = row.projects.iter().map(|(i, _)| i.as_str()).collect();
    assert_eq!(linked, [first.as_str(), second.as_str()]);
    let under = &store.project(&first).unwrap().activities;
    assert_eq!(
        under
            .iter()
            .map(|a| (a.date.as_str(), a.kind.as_str()))
            .collect::<Vec<_>>(),
        [("2026-06-10", "视察")]
    );
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    // The ledger's 视察约见 column names it; the activity register's
    // outcome names the projects where it has no column for them.
    let t = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh);
    let five = liaison_desk::domain::registers::preset("five").unwrap();
    let range = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    let ledger = five
        .registers
        .iter()
        .find(|r| r.key == "livelihood")
        .unwrap();
    let rows = liaison_desk::service::registers::RegisterRows::load(store, ledger, range).unwrap();
    let cells = rows.all_cells(store, t).unwrap();
    let column = ledger
        .columns
        .iter()
        .position(|c| c.key == "activities")
        .unwrap();
    assert_eq!(cells[0][column], "2026-06-10 视察 现场察看施工进度");
    let register = five
        .registers
        .iter()
        .find(|r| r.key == "activities")
        .unwrap();
    let rows =
        liaison_desk::service::registers::RegisterRows::load(store, register, range).unwrap();
    let cells = rows.all_cells(store, t).unwrap();
    let outcome = register
        .columns
        .iter()
        .position(|c| c.key == "outcome")
        .unwrap();
    assert!(
        cells[0][outcome].starts_with("关联民生实事："),
        "{}",
        cells[0][outcome]
    );
    // Unlinking leaves the project's list empty, sealed as before.
    let unlinked = liaison_desk::store::NewActivity {
        projects: Vec::new(),
        ..inspection
    };
    let secretary = common::actor(store, liaison_desk::domain::roles::Role::Secretary);
    store
        .update_activity(&secretary, &id, &unlinked, "", at("2026-06-11"))
        .unwrap();
    assert!(store.project(&first).unwrap().activities.is_empty());
    assert_eq!(store.count_rows("activity_extras").unwrap(), 0);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}
