//! The roster, activity and study registers, the duty record counted from
//! them (checked against a hand-counted year), and every register read as
//! the paper page — on real SQLite files.

mod common;

use common::year::{activity, at, counted_year, d, study};
use common::{Fixture, actor, now, reception, station};
use liaison_desk::domain::choices::{Gender, Route};
use liaison_desk::domain::register_forms::{NewActivity, NewDeputy, NewStudySession};
use liaison_desk::domain::registers::{Source, preset};
use liaison_desk::domain::roles::Role;
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::registers::RegisterRows;
use liaison_desk::store::Refusal;
use liaison_desk::store::StoreError;

#[test]
fn the_duty_record_matches_a_year_counted_by_hand() {
    let fx = counted_year();
    let records = fx.store.duty_records(2026).unwrap();
    let by_name = |name: &str| records.iter().find(|r| r.name == name).unwrap();
    let w = by_name("王建国");
    assert_eq!(
        (w.duty_days, w.batches, w.persons, w.cases, w.suggestions),
        (2, 4, 8, 2, 1)
    );
    assert_eq!((w.activities(), w.reports()), (3, 1));
    assert_eq!(w.kinds_line(), "视察2 向选民述职1");
    assert_eq!((w.study_present, w.study_leave, w.study_hours), (2, 0, 3.5));
    let l = by_name("李秀英");
    assert_eq!(
        (l.duty_days, l.batches, l.persons, l.cases, l.suggestions),
        (0, 3, 7, 2, 1)
    );
    assert_eq!(
        (
            l.activities(),
            l.study_present,
            l.study_leave,
            l.study_hours
        ),
        (1, 1, 1, 2.0)
    );
    let z = by_name("张伟");
    assert_eq!(
        (z.batches, z.activities(), z.study_present, z.duty_days),
        (0, 0, 0, 0)
    );
    // One deputy's record alone is the same as in the whole list.
    for r in &records {
        assert_eq!(&fx.store.duty_record(&r.deputy_id, 2026).unwrap(), r);
    }
    let nothing = fx.store.duty_record(&fx.deputies[2], 2024).unwrap();
    assert_eq!((nothing.name.as_str(), nothing.batches), ("张伟", 0));
    // The year before holds only 张伟's and 李秀英's entries.
    let before = fx.store.duty_records(2025).unwrap();
    let z = before.iter().find(|r| r.name == "张伟").unwrap();
    assert_eq!((z.batches, z.persons, z.activities()), (1, 3, 1));
    assert_eq!(
        before
            .iter()
            .find(|r| r.name == "李秀英")
            .unwrap()
            .duty_days,
        1
    );
}

#[test]
fn targets_behind_schedule_follow_the_date() {
    let fx = counted_year();
    let records = fx.store.duty_records(2026).unwrap();
    let w = records.iter().find(|r| r.name == "王建国").unwrap();
    let targets = fx.store.settings().unwrap().targets;
    // Defaults: 2 duty days, 10 visits, 2 activities, 4 study sessions and
    // 50 households visited a year.
    let on_10_november = w.against(&targets, 2026, d("2026-11-10"));
    let behind: Vec<bool> = on_10_november.iter().map(|p| p.behind).collect();
    assert_eq!(behind, [false, true, false, true, true]);
    assert_eq!(on_10_november[1].expected, 8);
    // In February little is due yet: nothing is behind but the households,
    // four of fifty due and none visited.
    let early = w.against(&targets, 2026, d("2026-02-01"));
    assert!(early[..4].iter().all(|p| !p.behind), "{early:?}");
    assert_eq!((early[4].behind, early[4].expected), (true, 4));
}

#[test]
fn roster_profile_edit_end_term_and_delete() {
    let mut fx = station();
    let form = NewDeputy {
        name: "欧阳娜娜".into(),
        gender: Gender::Female.code().into(),
        ethnicity: "汉族".into(),
        birth_month: "1975年3月".into(),
        political: "中共党员".into(),
        level: "乡镇".into(),
        constituency: "第3选区".into(),
        unit_post: "城关社区 主任".into(),
        group_name: "第一代表小组".into(),
        phone: "139 1234 5678".into(),
        term: "2021-2026".into(),
    };
    let id = fx
        .store
        .add_deputy(&form.validate().unwrap(), "秘书", now())
        .unwrap();
    let entry = fx.store.roster_entry(&id).unwrap();
    assert_eq!(entry.profile.birth_month, "1975-03");
    assert_eq!(entry.profile.phone, "13912345678");
    assert_eq!(entry.station, "海淀街道代表联络站");
    assert!(entry.active);

    let mut changed = entry.profile.clone();
    changed.unit_post = "城关社区 党委书记".into();
    fx.store
        .update_deputy(&id, &changed, "秘书", now())
        .unwrap();
    assert_eq!(
        fx.store.roster_entry(&id).unwrap().profile.unit_post,
        "城关社区 党委书记"
    );
    let audit = fx.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "deputy.edit");
    assert!(
        audit[0]
            .before
            .as_deref()
            .unwrap()
            .contains("城关社区 主任")
    );

    // A deputy in a register is never deleted; the term ends instead.
    activity(&mut fx, "2026-11-01", "座谈", &[0]);
    let used = fx.deputies[0].clone();
    assert!(matches!(
        fx.store.delete_deputy(&used, "秘书", now()),
        Err(StoreError::Refused(Refusal::InUse))
    ));
    fx.store
        .set_deputy_active(&used, false, "秘书", now())
        .unwrap();
    let roster = fx.store.roster().unwrap();
    assert_eq!(roster.len(), 4);
    assert!(
        !roster.last().unwrap().active,
        "ended terms are listed last"
    );
    assert!(
        fx.store
            .deputies(false)
            .unwrap()
            .iter()
            .all(|x| x.id != used)
    );
    // The one entered by mistake, in no register, can go.
    fx.store.delete_deputy(&id, "秘书", now()).unwrap();
    assert!(fx.store.roster_entry(&id).is_err());
}

#[test]
fn activities_and_study_sessions_are_corrected_as_a_whole() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let id = activity(&mut fx, "2026-11-02", "视察", &[0, 1]);
    let row = fx.store.activity(&id).unwrap();
    assert_eq!(row.participants.len(), 2);
    fx.store
        .update_activity(
            &secretary,
            &id,
            &NewActivity {
                date: Some(d("2026-11-03")),
                kind: "专题调研".into(),
                topic: "河道治理".into(),
                participants: vec![fx.deputies[2].to_string()],
                outcome: "形成调研报告".into(),
                ..Default::default()
            },
            "",
            now(),
        )
        .unwrap();
    let row = fx.store.activity(&id).unwrap();
    assert_eq!(
        (row.date.as_str(), row.kind.as_str()),
        ("2026-11-03", "专题调研")
    );
    let names: Vec<&str> = row.participants.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(names, ["张伟"]);

    let sid = study(&mut fx, "2026-11-04", 2.0, &[(0, true), (1, false)]);
    let s = fx.store.study_session(&sid).unwrap();
    assert_eq!(s.attendance.len(), 2);
    assert_eq!(
        s.attendance
            .iter()
            .find(|a| !a.present)
            .unwrap()
            .leave_reason,
        "因公出差"
    );
    let updated = NewStudySession {
        date: Some(d("2026-11-04")),
        topic: "学习代表法".into(),
        form: "线上".into(),
        hours: 1.5,
        attendance: vec![(fx.deputies[1].to_string(), true, String::new())],
        ..Default::default()
    };
    fx.store
        .update_study_session(&secretary, &sid, &updated, "", now())
        .unwrap();
    let s = fx.store.study_session(&sid).unwrap();
    assert_eq!(
        (s.form.as_str(), s.hours, s.attendance.len()),
        ("线上", 1.5, 1)
    );
    assert!(s.attendance[0].present);
    let records = fx.store.duty_records(2026).unwrap();
    let l = records.iter().find(|r| r.name == "李秀英").unwrap();
    assert_eq!((l.study_present, l.study_leave, l.study_hours), (1, 0, 1.5));
}

#[test]
fn every_register_reads_like_the_paper_page() {
    let mut fx = counted_year();
    // A confidential visitor: name, phone and address never shown.
    let mut secret = reception(Route::OnSpot);
    secret.confidential = true;
    common::save(&mut fx, &secret, at("2026-11-10", 15));
    let t = strings(Lang::Zh);
    let year = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    let five = preset("five").unwrap();
    for def in &five.registers {
        let rows = RegisterRows::load(&fx.store, def, year).unwrap();
        let cells = rows.all_cells(&fx.store, t).unwrap();
        for row in &cells {
            assert_eq!(row.len(), def.columns.len(), "{}", def.title);
            for cell in row {
                assert!(!cell.contains("13812341234"), "{}: {cell}", def.title);
                assert!(!cell.contains('\n'), "{}: {cell}", def.title);
            }
        }
        let expected = match def.source {
            Source::Reception => 5,
            Source::Handling => 5,
            Source::Activities => 3,
            Source::Study => 2,
            Source::DutyRecord => 3,
            Source::Roster => 3,
            // No 民生实事 project in this year (see tests/livelihood.rs).
            Source::Livelihood => 0,
            Source::Households => 0,
        };
        assert_eq!(cells.len(), expected, "{}", def.title);
    }
    let reception_register = &five.registers[0];
    let rows = RegisterRows::load(&fx.store, reception_register, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let column = |key: &str| {
        reception_register
            .columns
            .iter()
            .position(|c| c.key == key)
            .unwrap()
    };
    assert_eq!(cells[0][column("phone")], "138****1234");
    assert_eq!(cells[0][column("group_size")], "5");
    assert_eq!(cells[0][column("route")], "现场答复");
    assert_eq!(cells[0][column("deputies")], "李秀英、王建国");
    let last = cells.last().unwrap();
    assert_eq!(last[column("visitor")], "保密");
    assert_eq!(last[column("phone")], "保密");
    assert_eq!(last[column("address")], "保密");
    assert_eq!(last[column("confidential")], "是");

    // The seven-register preset: activities split by type.
    let seven = preset("seven").unwrap();
    let count = |fx: &Fixture, key: &str| {
        let def = seven.registers.iter().find(|r| r.key == key).unwrap();
        RegisterRows::load(&fx.store, def, year).unwrap().len()
    };
    assert_eq!(count(&fx, "inspection"), 2);
    assert_eq!(count(&fx, "contact"), 0);
    assert_eq!(count(&fx, "pairing"), 0);
    activity(&mut fx, "2026-10-01", "结对帮扶", &[1]);
    assert_eq!(count(&fx, "pairing"), 1);
}

fn meeting() -> liaison_desk::store::Meeting {
    liaison_desk::store::Meeting {
        person: "李镇长".into(),
        office: "城关镇人民政府镇长".into(),
        topics: "老旧小区加装电梯进度慢".into(),
        answers: "年内完成十部".into(),
        follow_up: String::new(),
    }
}

fn meeting_activity(fx: &Fixture) -> NewActivity {
    meeting_of(vec![fx.deputies[0].to_string(), fx.deputies[1].to_string()])
}

fn meeting_of(participants: Vec<String>) -> NewActivity {
    NewActivity {
        date: Some(d("2026-11-02")),
        kind: "约见".into(),
        topic: "约见镇长谈加装电梯".into(),
        participants,
        meeting: Some(meeting()),
        ..Default::default()
    }
}

#[test]
fn a_meeting_is_kept_sealed_and_corrected_with_its_activity() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let id = fx
        .store
        .add_activity(&meeting_activity(&fx), "秘书", now())
        .unwrap();
    let row = fx.store.activity(&id).unwrap();
    assert_eq!(row.meeting, Some(meeting()));
    assert!(fx.store.seal_problems().unwrap().is_empty());
    // Each changed field of the meeting is a correction of its own.
    let mut changed = meeting_activity(&fx);
    changed.meeting.as_mut().unwrap().follow_up = "十二月回访".into();
    changed.meeting.as_mut().unwrap().answers = "年内完成十二部".into();
    let n = fx
        .store
        .update_activity(&secretary, &id, &changed, "", now())
        .unwrap();
    assert_eq!(n, 2);
    let fields: Vec<String> = fx
        .store
        .corrections("activity", &id)
        .unwrap()
        .into_iter()
        .map(|c| format!("{}:{}→{}", c.field, c.old_value, c.new_value))
        .collect();
    assert_eq!(
        fields,
        [
            "answers:年内完成十部→年内完成十二部",
            "follow_up:→十二月回访"
        ]
    );
    let t = strings(Lang::Zh);
    assert_eq!(t.column_name("activity", "follow_up"), "后续跟进");
    assert!(fx.store.seal_problems().unwrap().is_empty());
    // Another type keeps no meeting.
    let visit = NewActivity {
        kind: "视察".into(),
        meeting: None,
        ..changed
    };
    fx.store
        .update_activity(&secretary, &id, &visit, "", now())
        .unwrap();
    assert_eq!(fx.store.activity(&id).unwrap().meeting, None);
    assert_eq!(fx.store.count_rows("activity_meetings").unwrap(), 0);
    assert!(fx.store.seal_problems().unwrap().is_empty());
}

#[test]
fn a_meeting_changed_behind_the_programs_back_is_named() {
    let mut fx = station();
    let id = fx
        .store
        .add_activity(&meeting_activity(&fx), "秘书", now())
        .unwrap();
    let path = fx.db_path();
    drop(fx.store);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE activity_meetings SET answers = '已解决' WHERE activity_id = ?1",
        [&id],
    )
    .unwrap();
    drop(raw);
    let store = liaison_desk::store::Store::open(&path).unwrap();
    let problems = store.seal_problems().unwrap();
    assert!(
        matches!(&problems[..], [liaison_desk::store::SealProblem::Changed { kind, label }]
            if kind == "activity_meeting" && label == "李镇长"),
        "{problems:?}"
    );
    assert_eq!(
        strings(Lang::Zh).audit.entity("activity_meeting"),
        "约见记录"
    );
}

#[test]
fn a_version_7_database_keeps_its_activities_and_takes_meetings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let before = {
        let mut old = liaison_desk::store::Store::open_at_version(&path, 7).unwrap();
        old.init_station("HD01", "海淀街道代表联络站", now())
            .unwrap();
        let deputy = old
            .add_deputy(
                &NewDeputy {
                    name: "王建国".into(),
                    gender: "male".into(),
                    ..Default::default()
                },
                "秘书",
                now(),
            )
            .unwrap();
        old.seal_problems().unwrap();
        drop(old);
        // An activity as version 7 wrote it.
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(&format!(
            "INSERT INTO activities (id, station_id, activity_date, kind, topic, place, organiser,
                 outcome, recorder, created_at)
             SELECT 'a7', id, '2026-10-01', '视察', '河道治理', '', '', '', '秘书',
                 '2026-10-01 10:00:00' FROM stations;
             INSERT INTO activity_participants (activity_id, deputy_id) VALUES ('a7', '{deputy}');"
        ))
        .unwrap();
        drop(raw);
        let old = liaison_desk::store::Store::open_at_version(&path, 7).unwrap();
        old.seal_problems().unwrap()
    };
    let mut store = liaison_desk::store::Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        liaison_desk::store::SCHEMA_VERSION
    );
    // The upgrade changes no seal and loses nothing.
    assert_eq!(store.seal_problems().unwrap(), before);
    let a = store.activity("a7").unwrap();
    assert_eq!((a.topic.as_str(), a.meeting.as_ref()), ("河道治理", None));
    assert_eq!(a.participants.len(), 1);
    let deputy = a.participants[0].0.clone();
    let id = store
        .add_activity(&meeting_of(vec![deputy]), "秘书", now())
        .unwrap();
    assert_eq!(store.activity(&id).unwrap().meeting, Some(meeting()));
    assert_eq!(store.seal_problems().unwrap(), before);
}

#[test]
fn the_activity_register_shows_a_meeting_in_its_outcome_or_its_own_columns() {
    let mut fx = counted_year();
    let mut with_outcome = meeting_activity(&fx);
    with_outcome.outcome = "镇政府承诺加快审批".into();
    fx.store.add_activity(&with_outcome, "秘书", now()).unwrap();
    let t = strings(Lang::Zh);
    let year = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    let five = preset("five").unwrap();
    let def = five
        .registers
        .iter()
        .find(|r| r.source == Source::Activities)
        .unwrap();
    let rows = RegisterRows::load(&fx.store, def, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let outcome = def.columns.iter().position(|c| c.key == "outcome").unwrap();
    let row = cells.iter().find(|r| r[1] == "约见").unwrap();
    assert_eq!(
        row[outcome],
        "约见李镇长（城关镇人民政府镇长）；反映：老旧小区加装电梯进度慢；答复：年内完成十部；镇政府承诺加快审批"
    );
    // A preset with the meeting's own columns: each in its column.
    let mut own = def.clone();
    for (key, label) in [
        ("met_person", "约见对象"),
        ("met_office", "单位及职务"),
        ("topics", "反映问题"),
        ("answers", "答复情况"),
        ("follow_up", "后续跟进"),
    ] {
        own.columns.push(liaison_desk::domain::registers::Column {
            key: key.into(),
            label: label.into(),
        });
    }
    let rows = RegisterRows::load(&fx.store, &own, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let row = cells.iter().find(|r| r[1] == "约见").unwrap();
    assert_eq!(row[outcome], "镇政府承诺加快审批");
    let n = own.columns.len();
    assert_eq!(
        row[n - 5..],
        [
            "李镇长",
            "城关镇人民政府镇长",
            "老旧小区加装电梯进度慢",
            "年内完成十部",
            ""
        ]
    );
    // The seven registers' 调研视察 register holds meetings.
    let seven = preset("seven").unwrap();
    let inspection = seven
        .registers
        .iter()
        .find(|r| r.key == "inspection")
        .unwrap();
    assert!(inspection.holds_kind("约见"));
}
