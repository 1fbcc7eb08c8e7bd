//! The handling register in the store: paging in urgency order, filters,
//! search in Chinese and digits, details, departments.

mod common;

use chrono::{Duration, NaiveDate};
use common::{Fixture, act, now, reception, referral, save, station};
use liaison_desk::domain::case::{CaseStatus, Grade};
use liaison_desk::domain::choices::Route;
use liaison_desk::store::Refusal;
use liaison_desk::store::{
    CaseFilter, CaseRow, CaseUpdate, Cursor, SCHEMA_VERSION, Store, StoreError,
};
use std::collections::HashSet;

fn all_pages(store: &Store, filter: &CaseFilter, limit: usize) -> Vec<CaseRow> {
    let mut cursor = Cursor::Start;
    let mut rows = Vec::new();
    for _ in 0..1000 {
        let (page, next) = store.case_page(filter, &cursor, limit).unwrap();
        assert!(page.len() <= limit);
        rows.extend(page);
        if next == Cursor::End {
            return rows;
        }
        cursor = next;
    }
    panic!("paging did not end");
}

/// 30 referrals over 30 days (every 3rd replied), 20 on-the-spot replies.
fn busy_station() -> Fixture {
    let mut fx = station();
    for i in 0..30 {
        let mut r = referral(&fx, i % 2);
        r.content = format!("第{i}号：村口路灯坏了，晚上出行不便。");
        let saved = save(&mut fx, &r, now() - Duration::days(30 - i as i64));
        if i % 3 == 0 {
            let reply = CaseUpdate::Reply {
                grade: Grade::A,
                text: "已修复".into(),
                date: now().date(),
            };
            act(&mut fx, &saved.case_id, &reply, now());
        }
    }
    for i in 0..20 {
        let mut r = reception(Route::OnSpot);
        r.category = "教育".into();
        r.visitor_name = Some(format!("王{}", ["一", "二", "三", "四"][i % 4]));
        r.phone = Some(format!("1390000{:04}", i));
        r.content = "咨询孩子入学政策。".into();
        save(&mut fx, &r, now() - Duration::days(i as i64));
    }
    fx
}

#[test]
fn paging_covers_every_case_once_in_urgency_order() {
    let fx = busy_station();
    for limit in [1, 7, 50] {
        let rows = all_pages(&fx.store, &CaseFilter::default(), limit);
        assert_eq!(rows.len(), 50, "limit {limit}");
        let ids: HashSet<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids.len(), 50, "no case twice");
        // Cases awaiting a reply come first, earliest deadline first.
        let awaiting: Vec<&CaseRow> = rows
            .iter()
            .take_while(|r| r.status == CaseStatus::InProgress)
            .collect();
        assert_eq!(awaiting.len(), 20);
        assert!(awaiting.windows(2).all(|w| w[0].deadline <= w[1].deadline));
        // Then the rest, newest first.
        let rest = &rows[20..];
        assert!(rest.iter().all(|r| r.status != CaseStatus::InProgress));
        assert!(rest.windows(2).all(|w| w[0].opened >= w[1].opened));
    }
}

#[test]
fn filters_narrow_the_list() {
    let fx = busy_station();
    let count = |f: CaseFilter| all_pages(&fx.store, &f, 50).len();
    assert_eq!(
        count(CaseFilter {
            status: Some(CaseStatus::Replied),
            ..Default::default()
        }),
        10
    );
    assert_eq!(
        count(CaseFilter {
            category: Some("教育".into()),
            ..Default::default()
        }),
        20
    );
    assert_eq!(
        count(CaseFilter {
            department_id: Some(fx.departments[0].clone()),
            ..Default::default()
        }),
        15
    );
    assert_eq!(
        count(CaseFilter {
            deputy_id: Some(fx.deputies[0].clone()),
            ..Default::default()
        }),
        50
    );
    assert_eq!(
        count(CaseFilter {
            deputy_id: Some(fx.deputies[1].clone()),
            ..Default::default()
        }),
        0
    );
    let day = now().date();
    assert_eq!(
        count(CaseFilter {
            from: Some(day),
            to: Some(day),
            ..Default::default()
        }),
        1
    );
    // Deadlines are 15 working days after each referral (weekends only).
    let overdue = all_pages(
        &fx.store,
        &CaseFilter {
            overdue_before: Some(day),
            ..Default::default()
        },
        50,
    );
    assert!(!overdue.is_empty());
    assert!(
        overdue
            .iter()
            .all(|r| r.status == CaseStatus::InProgress && r.deadline.unwrap() < day)
    );
    let soon = day + Duration::days(3);
    let due = all_pages(
        &fx.store,
        &CaseFilter {
            due_by: Some(soon),
            ..Default::default()
        },
        50,
    );
    assert!(due.iter().all(|r| r.deadline.unwrap() <= soon));
    assert!(due.len() > overdue.len());
    let (late, near) = fx.store.deadline_counts(day, soon).unwrap();
    assert_eq!(late as usize, overdue.len());
    assert_eq!((late + near) as usize, due.len());
}

#[test]
fn search_finds_one_two_three_and_six_chinese_characters_and_digits() {
    let fx = busy_station();
    let search = |q: &str| {
        all_pages(
            &fx.store,
            &CaseFilter {
                query: q.into(),
                ..Default::default()
            },
            50,
        )
    };
    assert_eq!(search("灯").len(), 30, "one character");
    assert_eq!(search("路灯").len(), 30, "two characters");
    assert_eq!(search("王二").len(), 5, "a two-character name");
    assert_eq!(search("入学").len(), 20);
    assert_eq!(search("村口路").len(), 30, "three characters");
    assert_eq!(search("晚上出行不便").len(), 30, "six characters");
    assert_eq!(
        search("出行方便").len(),
        0,
        "characters that never stand together"
    );
    assert_eq!(search("第12号").len(), 1);
    assert_eq!(search("区交通委").len(), 15, "department name");
    // Digits: a case number (with or without its dashes) and a phone tail.
    let number = search("咨询")[0].number.clone();
    assert_eq!(search(&number).len(), 1);
    assert_eq!(search(&number.replace('-', "")).len(), 1);
    assert_eq!(search("00007").len(), 1, "phone tail");
    assert_eq!(
        search("，。").len(),
        50,
        "punctuation alone searches nothing"
    );
    // Search and filters together.
    let f = CaseFilter {
        query: "路灯".into(),
        status: Some(CaseStatus::Replied),
        ..Default::default()
    };
    assert_eq!(all_pages(&fx.store, &f, 3).len(), 10);
}

#[test]
fn a_reassigned_case_is_found_under_its_new_department() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let case = save(&mut fx, &r, now()).case_id;
    let by = |store: &Store, q: &str| {
        all_pages(
            store,
            &CaseFilter {
                query: q.into(),
                ..Default::default()
            },
            10,
        )
        .len()
    };
    assert_eq!(by(&fx.store, "街道办事处"), 1);
    let update = CaseUpdate::ReturnAndReassign {
        department_id: fx.departments[1].clone(),
        reason: "职责不符".into(),
        deadline: now().date() + Duration::days(20),
    };
    act(&mut fx, &case, &update, now());
    assert_eq!(by(&fx.store, "街道办事处"), 0);
    assert_eq!(by(&fx.store, "区交通委"), 1);
}

#[test]
fn status_counts_and_details() {
    let mut fx = busy_station();
    let counts = fx.store.status_counts().unwrap();
    let n = |s| counts.iter().find(|c| c.0 == s).unwrap().1;
    assert_eq!(
        (
            n(CaseStatus::InProgress),
            n(CaseStatus::Replied),
            n(CaseStatus::Closed)
        ),
        (20, 10, 20)
    );

    // A returning voter's second visit links the first case.
    let first = all_pages(
        &fx.store,
        &CaseFilter {
            query: "第5号".into(),
            ..Default::default()
        },
        5,
    )[0]
    .id
    .clone();
    let mut again = reception(Route::OnSpot);
    again.linked_case_id = Some(first.clone());
    save(&mut fx, &again, now());
    let d = fx.store.case_detail(&first).unwrap();
    assert_eq!(d.status, CaseStatus::InProgress);
    assert_eq!(d.department.as_deref(), Some("区交通委"));
    assert_eq!(d.timeline.len(), 2);
    assert_eq!(d.follow_ups.len(), 1);
    assert_eq!(d.reception.deputies, vec!["王建国"]);
    assert!(
        !d.earlier.is_empty(),
        "the same phone number visited before"
    );
    assert!(d.earlier.iter().all(|e| e.case_id != first));
}

#[test]
fn departments_can_be_edited_and_deleted_only_when_unused() {
    let mut fx = station();
    let r = referral(&fx, 0);
    save(&mut fx, &r, now());
    let used = fx.departments[0].clone();
    let unused = fx.departments[1].clone();
    assert!(matches!(
        fx.store.delete_department(&used, "秘书", now()),
        Err(StoreError::Refused(Refusal::InUse))
    ));
    fx.store
        .update_department(
            &unused,
            "区交通委员会",
            "陈科长",
            "010-62345678",
            "秘书",
            now(),
        )
        .unwrap();
    assert!(
        fx.store
            .departments()
            .unwrap()
            .iter()
            .any(|d| d.name == "区交通委员会")
    );
    fx.store.delete_department(&unused, "秘书", now()).unwrap();
    assert_eq!(fx.store.departments().unwrap().len(), 1);
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn upgrading_from_version_one_indexes_the_cases_already_there() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut old = Store::open_at_version(&path, 1).unwrap();
        old.init_station("HD01", "海淀", now()).unwrap();
    }
    // Rows as version 1 of the program wrote them.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "INSERT INTO receptions (id, station_id, number, seq, visit_date, received_at, channel, visitor_name,
            group_size, category, request_type, content, route, recorder, created_at)
         SELECT 'r1', id, 'HD01-20261110-001', 1, '2026-11-10', '2026-11-10 09:30:00', 'in_station', '赵大妈',
            1, '交通出行', 'problem', '小区门口公交站被撤，老人出行不便。', 'on_spot', '王建国', '2026-11-10 09:30:00'
         FROM stations;
         INSERT INTO cases (id, number, reception_id, summary, category, status, route, opened_at, updated_at)
         VALUES ('c1', 'HD01-20261110-001', 'r1', '小区门口公交站被撤', '交通出行', 'closed', 'on_spot',
            '2026-11-10 09:30:00', '2026-11-10 09:30:00');",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let found = all_pages(
        &store,
        &CaseFilter {
            query: "公交站".into(),
            ..Default::default()
        },
        10,
    );
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].number, "HD01-20261110-001");
    assert_eq!(
        found[0].opened,
        NaiveDate::from_ymd_opt(2026, 11, 10).unwrap().to_string()
    );
    let by_name = all_pages(
        &store,
        &CaseFilter {
            query: "赵大妈".into(),
            ..Default::default()
        },
        10,
    );
    assert_eq!(by_name.len(), 1);
}
