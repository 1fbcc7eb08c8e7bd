//! 民生实事 screens on ratatui's TestBackend with insta snapshots at 80x24
//! (and the count at 160x48): candidates, proposing from a case, a vote
//! with its shortlist, counting, a tie, and the result notice.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::screen::Harness;
use common::{Fixture, now, referral, save, station};
use crossterm::event::KeyCode;
use liaison_desk::domain::livelihood::{CandidateSource, NewCandidate};
use liaison_desk::store::Store;

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// A station with one voter's case and seven candidates entered directly.
fn with_candidates() -> Fixture {
    let mut fx = station();
    let case = referral(&fx, 0);
    save(&mut fx, &case, at(5));
    let titles = [
        "老旧小区加装电梯",
        "口袋公园",
        "背街小巷路灯",
        "社区食堂",
        "停车棚改造",
        "健身步道",
        "村篮球场",
    ];
    for (i, title) in titles.iter().enumerate() {
        let c = NewCandidate {
            title: title.to_string(),
            place: "北太平庄".into(),
            content: format!("{title}，群众走访中多次提出。"),
            cost_cents: Some(1250 * (i as i64 + 1)),
            source: CandidateSource::Visits,
            case_ids: vec![],
        };
        fx.store
            .add_candidate(&c, "秘书", at(6 + i as u32))
            .unwrap();
    }
    fx
}

/// Home → 五簿一册 → 民生实事 (the row after the preset's six registers).
fn at_candidates(fx: Fixture, width: u16, height: u16) -> Harness {
    let mut h = Harness::new(fx, width, height);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('9'));
    h
}

fn db(h: &Harness) -> Store {
    Store::open(&h.dir.path().join("desk.db")).unwrap()
}

#[test]
fn the_registers_list_leads_to_the_candidates() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Char('3'));
    let list = h.frame();
    assert!(list.contains("7  代表联系户名册"), "{list}");
    assert!(list.contains("8  民生实事项目监督台账"), "{list}");
    assert!(list.contains("9  民生实事项目（点单·定单）"), "{list}");
    h.key(KeyCode::Char('9'));
    insta::assert_snapshot!("livelihood_candidates_empty_80x24", h.frame());
}

#[test]
fn candidates_are_listed_and_a_bad_cost_names_its_field_and_stays() {
    let mut h = at_candidates(with_candidates(), 80, 24);
    insta::assert_snapshot!("livelihood_candidates_80x24", h.frame());
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let detail = h.frame();
    insta::assert_snapshot!("livelihood_candidate_detail_80x24", detail);
    assert!(detail.contains("建设内容：口袋公园，群众走访中多次提出。"));
    h.key(KeyCode::Esc);
    assert!(h.frame().contains("m  合并重复"));
    h.key(KeyCode::Char('a'));
    h.typed("社区卫生站").tabs(2).typed("很多").ctrl('s');
    let refused = h.frame();
    insta::assert_snapshot!("livelihood_candidate_bad_cost_80x24", refused);
    assert!(refused.contains("估算资金（万元）：应为金额数字"));
    assert!(refused.contains("社区卫生站"));
    // Corrected, with the content the form asks for last.
    h.ctrl('u')
        .typed("30")
        .tabs(2)
        .typed("改建社区卫生站一处")
        .ctrl('s');
    let saved = h.frame();
    assert!(saved.contains("候选项目“社区卫生站”已保存"), "{saved}");
    assert_eq!(db(&h).candidates().unwrap().len(), 8);
}

#[test]
fn a_case_is_proposed_from_its_detail_and_stays_linked() {
    let fx = station();
    let mut fx = fx;
    let case = referral(&fx, 0);
    let saved = save(&mut fx, &case, now());
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert!(h.frame().contains("m  提为民生实事候选"));
    h.key(KeyCode::Char('m'));
    insta::assert_snapshot!("livelihood_propose_from_case_80x24", h.frame());
    h.typed("恢复公交站").ctrl('s');
    assert!(h.frame().contains("候选项目“恢复公交站”已保存"));
    let store = db(&h);
    let list = store.candidates().unwrap();
    assert_eq!(list[0].case_numbers, vec![saved.number]);
    assert_eq!(
        store.candidates_of_case(&saved.case_id).unwrap(),
        ["恢复公交站"]
    );
}

/// At the new vote's form, filled in for 86 deputies choosing 5, one of
/// them ticked from the roster.
fn new_vote(width: u16, height: u16) -> Harness {
    let mut h = at_candidates(with_candidates(), width, height);
    h.key(KeyCode::Char('v')).key(KeyCode::Char('a'));
    h.typed("北太平庄街道第二次居民议事会").tabs(2);
    h.key(KeyCode::Enter)
        .key(KeyCode::Char(' '))
        .key(KeyCode::Enter);
    h.tabs(1).typed("86").tabs(1).typed("5");
    h
}

fn count(h: &mut Harness, yes: &str, no: &str, abstain: &str) {
    h.key(KeyCode::Enter)
        .typed(yes)
        .tabs(1)
        .typed(no)
        .tabs(1)
        .typed(abstain)
        .key(KeyCode::Enter);
}

#[test]
fn a_vote_is_counted_by_the_rule_and_its_notice_written() {
    let mut h = new_vote(80, 24);
    insta::assert_snapshot!("livelihood_new_vote_80x24", h.frame());
    h.ctrl('s');
    insta::assert_snapshot!("livelihood_vote_uncounted_80x24", h.frame());
    // More ballots than deputies present: refused, the pop-up stays.
    count(&mut h, "80", "5", "3");
    let refused = h.frame();
    insta::assert_snapshot!("livelihood_counts_refused_80x24", refused);
    assert!(refused.contains("合计 88 票，超过出席代表 86 人"));
    h.key(KeyCode::Backspace).typed("1").key(KeyCode::Enter);
    for (y, n, a) in [
        ("75", "6", "5"),
        ("43", "40", "3"),
        ("70", "10", "6"),
        ("66", "12", "8"),
        ("52", "30", "4"),
        ("60", "20", "6"),
    ] {
        count(&mut h, y, n, a);
    }
    h.ctrl('s');
    let counted = h.frame();
    insta::assert_snapshot!("livelihood_vote_counted_80x24", counted);
    assert!(counted.contains("票决结果已记录：当选 5 个"));
    h.key(KeyCode::Char('s'));
    let notice = std::fs::read_to_string(
        h.dir
            .path()
            .join("notices")
            .join("票决结果公告-20261110.txt"),
    )
    .unwrap();
    insta::assert_snapshot!("livelihood_result_notice", notice);
    assert_eq!(db(&h).projects().unwrap().len(), 5);
    let vote = db(&h).votes().unwrap()[0].id.clone();
    assert_eq!(db(&h).vote_deputies(&vote).unwrap().len(), 1);
}

#[test]
fn a_tie_is_shown_and_the_meeting_decides_it() {
    let mut h = new_vote(160, 48);
    h.ctrl('s');
    for (y, n, a) in [
        ("80", "0", "0"),
        ("75", "0", "0"),
        ("70", "0", "0"),
        ("66", "0", "0"),
        ("60", "0", "0"),
        ("60", "0", "0"),
        ("10", "0", "0"),
    ] {
        count(&mut h, y, n, a);
    }
    h.ctrl('s');
    insta::assert_snapshot!("livelihood_vote_tied_160x48", h.frame());
    assert_eq!(db(&h).projects().unwrap().len(), 4);
    // Counting left the last row selected; the one above it (健身步道)
    // is one of the two tied, the last is not.
    h.key(KeyCode::Char('c'));
    assert!(h.frame().contains("所选项目不是票数相同待定的项目"));
    h.key(KeyCode::Up).key(KeyCode::Char('c'));
    let asked = h.frame();
    assert!(asked.contains("大会决定“健身步道”当选？"), "{asked}");
    h.key(KeyCode::Char('y'));
    assert!(h.frame().contains("“健身步道”经大会决定当选"));
    assert_eq!(db(&h).projects().unwrap().len(), 5);
}

/// Candidates, a vote of 86 choosing 5 counted, at the projects screen.
fn at_projects(width: u16, height: u16) -> Harness {
    let mut fx = with_candidates();
    let shortlist: Vec<String> = fx
        .store
        .candidates()
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    let vote = liaison_desk::domain::livelihood::NewVote {
        meeting: "北太平庄街道第二次居民议事会".into(),
        date: NaiveDate::from_ymd_opt(2026, 2, 10).unwrap(),
        present: 86,
        to_choose: 5,
        present_ids: vec![],
    };
    let id = fx
        .store
        .create_vote(&vote, &shortlist, "秘书", at(20))
        .unwrap();
    let b = |yes| liaison_desk::domain::livelihood::Ballots {
        yes,
        no: 0,
        abstain: 0,
    };
    let counts = [b(80), b(75), b(43), b(70), b(66), b(52), b(60)];
    fx.store
        .record_ballots(&id, &counts, "秘书", at(20))
        .unwrap();
    let mut h = at_candidates(fx, width, height);
    h.key(KeyCode::Char('g'));
    h
}

#[test]
fn a_project_is_planned_reviewed_and_judged() {
    let mut h = at_projects(80, 24);
    insta::assert_snapshot!("livelihood_projects_80x24", h.frame());
    // Progress before a plan: nothing to review yet.
    h.key(KeyCode::Char('r'));
    assert!(h.frame().contains("这个项目还没有月度节点"));
    h.key(KeyCode::Enter);
    h.typed("刘副主任")
        .tabs(1)
        .typed("街道城管科")
        .tabs(1)
        .typed("80");
    h.tabs(1)
        .typed("年底前完成十部电梯")
        .tabs(1)
        .typed("2026-11-30")
        .tabs(1);
    // The first deputy of the roster as supervisor.
    h.key(KeyCode::Enter)
        .key(KeyCode::Char(' '))
        .key(KeyCode::Enter);
    h.tabs(1).typed("四月 立项");
    h.ctrl('s');
    let refused = h.frame();
    assert!(refused.contains("月度节点："), "{refused}");
    assert!(refused.contains("四月 立项"));
    h.ctrl('u').typed("2026-04 立项");
    h.app.handle_key(crossterm::event::KeyEvent::new(
        KeyCode::Enter,
        crossterm::event::KeyModifiers::ALT,
    ));
    h.typed("2026-08 施工");
    insta::assert_snapshot!("livelihood_plan_80x24", h.frame());
    h.ctrl('s');
    let planned = h.frame();
    assert!(planned.contains("分工与月度节点已保存"), "{planned}");
    // 10 November: April and August are past, neither reviewed.
    assert!(planned.contains("0/2 完成，超期 2"), "{planned}");
    h.key(KeyCode::Char('r')).key(KeyCode::Right);
    h.tabs(1).typed("八月施工因雨推迟，十月底前补齐");
    insta::assert_snapshot!("livelihood_review_80x24", h.frame());
    h.ctrl('s');
    assert!(h.frame().contains("1/2 完成，超期 1"));
    // The next review shows the last one's note.
    h.key(KeyCode::Char('r'));
    assert!(
        h.frame()
            .contains("上次调度 2026-11-10：八月施工因雨推迟，十月底前补齐")
    );
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('j')).key(KeyCode::Right);
    h.tabs(1).typed("60").tabs(1).typed("二十").ctrl('s');
    let refused = h.frame();
    insta::assert_snapshot!("livelihood_judge_refused_80x24", refused);
    assert!(refused.contains("基本满意："));
    h.ctrl('u').typed("20").ctrl('s');
    assert!(h.frame().contains("验单结果已记录"));
    // 回头看: an empty item is refused, two are added, one closed.
    h.key(KeyCode::Char('h'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Enter);
    assert!(h.frame().contains("回头看事项：必须填写"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('a'))
        .typed("三号楼电梯噪音大")
        .key(KeyCode::Enter);
    h.key(KeyCode::Char('a'))
        .typed("无障碍坡道未修")
        .key(KeyCode::Enter);
    h.key(KeyCode::Enter);
    let followed = h.frame();
    insta::assert_snapshot!("livelihood_followups_80x24", followed);
    assert!(followed.contains("“三号楼电梯噪音大”已整改销号"));
    h.key(KeyCode::Esc);
    // At 80 columns the 验单 column is cut after the result.
    assert!(h.frame().contains("完成 · …"));
    h.resize(160, 48);
    assert!(h.frame().contains("完成 · 回头看 1 项未整改"));
    // The register as printable text.
    h.key(KeyCode::Char('s'));
    assert!(h.frame().contains("民生实事项目监督台账已保存到"));
    let path = h
        .dir
        .path()
        .join("notices")
        .join("民生实事项目监督台账-20261110.txt");
    insta::assert_snapshot!(
        "livelihood_register_text",
        std::fs::read_to_string(path).unwrap()
    );
    let store = db(&h);
    let p = &store.projects().unwrap()[0];
    assert_eq!(p.lead, "刘副主任");
    assert_eq!(p.supervisors.len(), 1);
    assert_eq!(p.satisfaction, [60, 20, 0]);
    assert_eq!(
        p.completion,
        Some(liaison_desk::domain::livelihood::Completion::Completed)
    );
}

#[test]
fn the_home_screen_counts_overdue_milestones() {
    let mut h = at_projects(80, 24);
    h.key(KeyCode::Enter)
        .tabs(6)
        .typed("2026-04 立项")
        .ctrl('s');
    h.key(KeyCode::Esc).key(KeyCode::Esc).key(KeyCode::Esc);
    let home = h.frame();
    assert!(home.contains("民生实事：1 个月度节点超期"), "{home}");
}

#[test]
fn the_shortlist_follows_the_ratio_set_in_settings() {
    let mut fx = with_candidates();
    let mut settings = fx.store.settings().unwrap();
    assert_eq!(settings.shortlist_ratio_percent, 70);
    settings.shortlist_ratio_percent = 50;
    fx.store.save_settings(&settings, "秘书", now()).unwrap();
    let mut h = at_candidates(fx, 80, 24);
    h.key(KeyCode::Char('v')).key(KeyCode::Char('a'));
    h.typed("议事会").tabs(3).typed("86").tabs(1).typed("3");
    let form = h.frame();
    assert!(
        form.contains("将按差额比例 50% 从 7 个候选项目中提出 6 个入围"),
        "{form}"
    );
    h.ctrl('s');
    assert_eq!(
        db(&h)
            .ballots(&db(&h).votes().unwrap()[0].id)
            .unwrap()
            .len(),
        6
    );
}

#[test]
fn the_shortlist_is_adjusted_before_the_count_only() {
    let mut h = new_vote(80, 24);
    h.ctrl('s');
    assert!(h.frame().contains("l  调整入围"));
    // Untick the first candidate: six stay on the list.
    h.key(KeyCode::Char('l')).key(KeyCode::Char(' '));
    insta::assert_snapshot!("livelihood_shortlist_80x24", h.frame());
    h.key(KeyCode::Enter);
    let adjusted = h.frame();
    assert!(adjusted.contains("入围名单已调整：6 个项目"), "{adjusted}");
    assert!(!adjusted.contains("老旧小区加装电梯"));
    // Five for five to choose is no differential vote: refused, unchanged.
    h.key(KeyCode::Char('l'))
        .key(KeyCode::Down)
        .key(KeyCode::Char(' '));
    h.key(KeyCode::Enter);
    let refused = h.frame();
    assert!(
        refused.contains("拟选 5 个，只有 5 个候选项目"),
        "{refused}"
    );
    let store = db(&h);
    let vote = store.votes().unwrap()[0].id.clone();
    assert_eq!(store.ballots(&vote).unwrap().len(), 6);
    for (y, n, a) in [("80", "0", "0"); 6] {
        count(&mut h, y, n, a);
    }
    h.ctrl('s');
    // Counted: the shortlist is closed.
    assert!(!h.frame().contains("调整入围"));
    h.key(KeyCode::Char('l'));
    assert!(!h.frame().contains("入围项目"));
}

#[test]
fn leaving_with_counts_not_recorded_asks_first() {
    let mut h = new_vote(80, 24);
    h.ctrl('s');
    count(&mut h, "80", "1", "1");
    h.key(KeyCode::Esc);
    let asked = h.frame();
    insta::assert_snapshot!("livelihood_leave_unrecorded_80x24", asked);
    assert!(asked.contains("录入的票数还没有记录（按 Ctrl+S 记录）"));
    // No: the counts stay.
    h.key(KeyCode::Char('n'));
    assert!(h.frame().contains("80     1      1"));
    h.key(KeyCode::Esc).key(KeyCode::Char('y'));
    assert!(h.frame().contains("民生实事 · 代表票决（定单）"));
}

#[test]
fn the_candidates_and_projects_at_160x48() {
    let mut h = at_projects(160, 48);
    h.key(KeyCode::Enter)
        .typed("刘副主任")
        .tabs(1)
        .typed("街道城管科");
    h.tabs(5).typed("2026-04 立项").ctrl('s');
    insta::assert_snapshot!("livelihood_projects_160x48", h.frame());
    h.key(KeyCode::Esc);
    insta::assert_snapshot!("livelihood_candidates_160x48", h.frame());
}

#[test]
fn an_overdue_milestone_reaches_the_register_the_checklist_and_the_figures() {
    for (w, hgt) in [(80, 24), (160, 48)] {
        let mut h = at_projects(w, hgt);
        h.key(KeyCode::Enter)
            .tabs(6)
            .typed("2026-04 立项")
            .ctrl('s');
        h.key(KeyCode::Esc).key(KeyCode::Esc).key(KeyCode::Esc);
        // 五簿一册 → 民生实事项目监督台账: this month's projects under supervision.
        h.key(KeyCode::Char('3')).key(KeyCode::Char('8'));
        let register = h.frame();
        assert!(register.contains("老旧小区加装电梯"), "{register}");
        insta::assert_snapshot!(format!("livelihood_register_{w}x{hgt}"), register);
        // Enter: the project itself, to review it.
        h.key(KeyCode::Enter);
        let projects = h.frame();
        assert!(projects.contains("进度调度"), "{projects}");
        h.key(KeyCode::Esc).key(KeyCode::Esc).key(KeyCode::Esc);
        // The closing checklist names it, and Enter leads to it.
        h.key(KeyCode::Char('4'));
        let closing = h.frame().replace(['│', '\n', ' '], "");
        // (Two panels side by side: each line of the item stands alone.)
        assert!(closing.contains("审核清单（1项）"), "{closing}");
        assert!(
            closing.contains("民生实事“老旧小区加装电梯”")
                && closing.contains("2026-04月度节点超期未完成"),
            "{closing}"
        );
        // The digest beside it lists what falls due.
        assert!(
            closing.contains("民生实事月度节点（本月到期及超期）"),
            "{closing}"
        );
        h.key(KeyCode::Enter);
        assert!(h.frame().contains("进度调度"));
        h.key(KeyCode::Esc).key(KeyCode::Esc);
        // The year's statistics end with 民生实事.
        h.key(KeyCode::Char('5')).key(KeyCode::Char('5'));
        for _ in 0..10 {
            h.key(KeyCode::PageDown);
        }
        let year = h.frame();
        assert!(year.contains("【民生实事项目】"), "{year}");
        assert!(
            year.contains("有节点超期") && year.contains("票决选定"),
            "{year}"
        );
    }
}
