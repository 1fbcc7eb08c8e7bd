//! The store on real SQLite files: migrations, settings on open, round
//! trips, foreign keys, transitions, drafts and the audit chain.

mod common;

use common::{act, now, reception, referral, save, station};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case::{CaseStatus, Grade, Satisfaction};
use liaison_desk::domain::choices::{NotAcceptedReason, Route};
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::store::{
    CaseFilter, CaseUpdate, Cursor, SCHEMA_VERSION, SaveContext, Store, StoreError,
};
use liaison_desk::store::{DatabaseFailure, Refusal};

/// The standard's example ID number (GB 11643-1999), check character X.
const ID_NUMBER: &str = "11010519491231002X";
use rusqlite::Connection;

fn raw(path: &std::path::Path) -> Connection {
    Connection::open(path).unwrap()
}

#[test]
fn a_new_file_gets_the_latest_schema_and_safe_settings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/folder/desk.db");
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    let names = store.table_names().unwrap();
    for table in [
        "settings",
        "stations",
        "deputies",
        "departments",
        "duty_sessions",
        "receptions",
        "reception_deputies",
        "cases",
        "case_events",
        "activities",
        "activity_participants",
        "study_sessions",
        "study_attendance",
        "drafts",
        "audit_log",
    ] {
        assert!(names.iter().any(|n| n == table), "missing table {table}");
    }
    let conn = raw(&path);
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    // synchronous and foreign_keys are per connection: check the store's own.
    drop(conn);
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn every_migration_applies_from_empty_and_from_the_previous_version() {
    for from in 0..SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.db");
        {
            let old = Store::open_at_version(&path, from).unwrap();
            assert_eq!(old.schema_version().unwrap(), from);
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.schema_version().unwrap(),
            SCHEMA_VERSION,
            "from version {from}"
        );
        assert!(store.integrity_problems().unwrap().is_empty());
    }
}

#[test]
fn reopening_keeps_the_data() {
    let mut fx = station();
    let saved = save(&mut fx, &reception(Route::OnSpot), now());
    let path = fx.db_path();
    drop(fx.store);
    let store = Store::open(&path).unwrap();
    let r = store.reception(&saved.reception_id).unwrap();
    assert_eq!(r.number, "HD01-20261110-001");
    assert_eq!(r.content, "小区门口公交站被撤，老人出行不便。");
}

#[test]
fn a_newer_schema_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(Store::open(&path).unwrap());
    raw(&path)
        .execute_batch(&format!("PRAGMA user_version = {}", SCHEMA_VERSION + 5))
        .unwrap();
    match Store::open(&path) {
        Err(StoreError::Database(DatabaseFailure::NewerSchema { found, supported })) => {
            assert_eq!(found, SCHEMA_VERSION + 5);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        other => panic!("expected NewerSchema, got {:?}", other.err()),
    }
    let v: i64 = raw(&path)
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, SCHEMA_VERSION + 5);
}

#[test]
fn foreign_and_damaged_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.db");
    raw(&other)
        .execute_batch("CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep me');")
        .unwrap();
    assert!(matches!(
        Store::open(&other),
        Err(StoreError::Database(DatabaseFailure::Corrupt))
    ));
    let kept: String = raw(&other)
        .query_row("SELECT x FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, "keep me");

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![0x5a; 8192]).unwrap();
    assert!(matches!(
        Store::open(&junk),
        Err(StoreError::Database(DatabaseFailure::Corrupt))
    ));
}

#[test]
fn saving_a_referral_writes_reception_case_events_and_audit_at_once() {
    let mut fx = station();
    let r = referral(&fx, 1);
    let saved = save(&mut fx, &r, now());
    assert_eq!(saved.status, CaseStatus::InProgress);
    // 15 working days after Tuesday 10 November 2026.
    assert_eq!(saved.deadline, chrono::NaiveDate::from_ymd_opt(2026, 12, 1));
    assert_eq!(
        fx.store.case_deadline(&saved.case_id).unwrap(),
        saved.deadline
    );
    let events = fx.store.case_events(&saved.case_id).unwrap();
    let kinds: Vec<&str> = events.iter().map(|e| e.2.as_str()).collect();
    assert_eq!(kinds, vec!["register", "assign"]);
    let audit = fx.store.audit_entries(1).unwrap();
    assert_eq!(audit[0].action, "reception.create");
    // The audit log never holds a full phone number.
    let after = audit[0].after.clone().unwrap();
    assert!(
        after.contains("138****1234") && !after.contains("13812341234"),
        "{after}"
    );
    let rec = fx.store.reception(&saved.reception_id).unwrap();
    assert_eq!(rec.deputies, vec!["王建国"]);
}

#[test]
fn an_id_number_is_stored_with_its_reception_masked_in_the_audit_and_not_searchable() {
    let mut fx = station();
    let r = ValidReception {
        id_number: Some(ID_NUMBER.into()),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &r, now());
    let rec = fx.store.reception(&saved.reception_id).unwrap();
    assert_eq!(rec.id_number.as_deref(), Some(ID_NUMBER));
    assert_eq!(
        fx.store.receptions_on(now().date()).unwrap()[0].id_number,
        rec.id_number
    );
    let after = fx.store.audit_entries(1).unwrap()[0].after.clone().unwrap();
    assert!(
        after.contains("1101**********002X") && !after.contains(ID_NUMBER),
        "{after}"
    );
    // Not in the search index, whole or in part.
    for query in [ID_NUMBER, "19491231", "11010519"] {
        let filter = CaseFilter {
            query: query.into(),
            ..CaseFilter::default()
        };
        let (rows, _) = fx.store.case_page(&filter, &Cursor::Start, 10).unwrap();
        assert!(rows.is_empty(), "found by {query}");
    }
    // Without one, the column stays empty and the audit entry has no key.
    let plain = save(&mut fx, &reception(Route::OnSpot), now());
    assert_eq!(
        fx.store.reception(&plain.reception_id).unwrap().id_number,
        None
    );
    let after = fx.store.audit_entries(1).unwrap()[0].after.clone().unwrap();
    assert!(!after.contains("id_number"), "{after}");
}

#[test]
fn numbers_count_up_per_day() {
    let mut fx = station();
    let a = save(&mut fx, &reception(Route::OnSpot), now());
    let b = save(&mut fx, &reception(Route::OnSpot), now());
    let next_day = now() + chrono::Duration::days(1);
    let c = save(&mut fx, &reception(Route::OnSpot), next_day);
    assert_eq!(a.number, "HD01-20261110-001");
    assert_eq!(b.number, "HD01-20261110-002");
    assert_eq!(c.number, "HD01-20261111-001");
}

#[test]
fn each_route_starts_the_case_in_the_right_state() {
    let mut fx = station();
    let on_spot = save(&mut fx, &reception(Route::OnSpot), now());
    assert_eq!(on_spot.status, CaseStatus::Closed);
    assert_eq!(on_spot.deadline, None);
    let mut na = reception(Route::NotAccepted);
    na.not_accepted_reason = Some(NotAcceptedReason::Petition);
    na.guidance = "请到区信访办反映。".into();
    assert_eq!(save(&mut fx, &na, now()).status, CaseStatus::Closed);
    let suggestion = save(&mut fx, &reception(Route::Suggestion), now());
    assert_eq!(suggestion.status, CaseStatus::InProgress);
    assert_eq!(
        suggestion.deadline,
        chrono::NaiveDate::from_ymd_opt(2027, 2, 10)
    );
}

#[test]
fn a_saved_reception_removes_its_draft_in_the_same_transaction() {
    let mut fx = station();
    fx.store
        .save_draft("d1", "reception", "", "{\"visitor_name\":\"赵\"}", now())
        .unwrap();
    assert_eq!(fx.store.drafts("reception").unwrap().len(), 1);
    let deputies = vec![fx.deputies[0].clone()];
    fx.store
        .save_reception(
            &reception(Route::OnSpot),
            &SaveContext {
                deputy_ids: &deputies,
                recorder: "王建国",
                now: now(),
                calendar: &Calendar::weekends_only(),
                draft_id: Some("d1"),
            },
        )
        .unwrap();
    assert!(fx.store.drafts("reception").unwrap().is_empty());
}

#[test]
fn drafts_are_replaced_not_duplicated() {
    let mut fx = station();
    fx.store
        .save_draft("d1", "reception", "", "{}", now())
        .unwrap();
    fx.store
        .save_draft("d1", "reception", "", "{\"a\":1}", now())
        .unwrap();
    let drafts = fx.store.drafts("reception").unwrap();
    assert_eq!(drafts.len(), 1);
    assert_eq!(drafts[0].data, "{\"a\":1}");
    fx.store.delete_draft("d1").unwrap();
    assert!(fx.store.drafts("reception").unwrap().is_empty());
}

#[test]
fn foreign_keys_are_enforced() {
    let mut fx = station();
    let deputies = vec!["no-such-deputy".into()];
    let result = fx.store.save_reception(
        &reception(Route::OnSpot),
        &SaveContext {
            deputy_ids: &deputies,
            recorder: "王建国",
            now: now(),
            calendar: &Calendar::weekends_only(),
            draft_id: None,
        },
    );
    assert!(result.is_err());
    // Nothing of the failed save is left behind.
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 0);
    assert_eq!(fx.store.count_rows("cases").unwrap(), 0);
}

#[test]
fn returning_voters_are_found_by_phone_or_name() {
    let mut fx = station();
    let first = referral(&fx, 0);
    let saved = save(&mut fx, &first, now());
    let by_phone = fx
        .store
        .earlier_visits(Some("13812341234"), None, 10)
        .unwrap();
    assert_eq!(by_phone.len(), 1);
    assert_eq!(by_phone[0].case_id, saved.case_id);
    assert!(by_phone[0].same_phone);
    assert_eq!(by_phone[0].department.as_deref(), Some("街道办事处"));
    assert!(by_phone[0].status.is_open());
    let by_name = fx.store.earlier_visits(None, Some("赵大妈"), 10).unwrap();
    assert_eq!(by_name.len(), 1);
    assert!(
        fx.store
            .earlier_visits(Some("13900000000"), Some("无名氏"), 10)
            .unwrap()
            .is_empty()
    );
    assert!(fx.store.earlier_visits(None, None, 10).unwrap().is_empty());
}

#[test]
fn duty_sign_in_and_out() {
    let mut fx = station();
    let id = fx.deputies[1].clone();
    let a = fx.store.sign_in(&id, now()).unwrap();
    let b = fx.store.sign_in(&id, now()).unwrap();
    assert_eq!(a, b, "signing in twice keeps one session");
    assert_eq!(
        fx.store.on_duty(now().date()).unwrap()[0].deputy_name,
        "李秀英"
    );
    fx.store
        .sign_out(&id, now() + chrono::Duration::hours(8))
        .unwrap();
    assert!(fx.store.on_duty(now().date()).unwrap().is_empty());
    assert_eq!(fx.store.duty_sessions(now().date()).unwrap().len(), 1);
}

#[test]
fn a_case_goes_from_referral_to_archive_and_counts_rehandling() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let case_id = save(&mut fx, &r, now()).case_id;
    let d = now().date();
    let steps = [
        CaseUpdate::Supervise {
            level: "督办".into(),
            note: "".into(),
        },
        CaseUpdate::Reply {
            grade: Grade::B,
            text: "正在协调".into(),
            date: d,
        },
        CaseUpdate::FeedBack {
            date: d,
            way: "电话".into(),
        },
        CaseUpdate::CallBack {
            satisfaction: Satisfaction::Dissatisfied,
        },
        CaseUpdate::Reply {
            grade: Grade::A,
            text: "已恢复站点".into(),
            date: d,
        },
        CaseUpdate::FeedBack {
            date: d,
            way: "上门".into(),
        },
        CaseUpdate::CallBack {
            satisfaction: Satisfaction::Satisfied,
        },
        CaseUpdate::Archive {
            archive_no: "2026-001".into(),
        },
    ];
    for step in &steps {
        act(&mut fx, &case_id, step, now());
    }
    assert_eq!(
        fx.store.case_state(&case_id).unwrap().status,
        CaseStatus::Archived
    );
    assert_eq!(
        fx.store.case_events(&case_id).unwrap().len(),
        2 + steps.len()
    );
    let conn = raw(&fx.db_path());
    let (rehandled, grade): (i64, String) = conn
        .query_row(
            "SELECT rehandle_count, grade FROM cases WHERE id = ?1",
            [&case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((rehandled, grade.as_str()), (1, "A"));
}

#[test]
fn illegal_and_stale_transitions_are_refused_and_change_nothing() {
    let mut fx = station();
    let on_spot = save(&mut fx, &reception(Route::OnSpot), now()).case_id;
    let state = fx.store.case_state(&on_spot).unwrap();
    let reply = CaseUpdate::Reply {
        grade: Grade::A,
        text: "x".into(),
        date: now().date(),
    };
    assert!(matches!(
        fx.store
            .transition(&on_spot, state.version, &reply, "秘书", now()),
        Err(StoreError::Refused(Refusal::Illegal(_)))
    ));
    let r = referral(&fx, 0);
    let case_id = save(&mut fx, &r, now()).case_id;
    let seen = fx.store.case_state(&case_id).unwrap().version;
    fx.store
        .transition(&case_id, seen, &reply, "秘书", now())
        .unwrap();
    // A second terminal that saw the old version cannot apply its reply again.
    assert!(matches!(
        fx.store.transition(&case_id, seen, &reply, "秘书", now()),
        Err(StoreError::Refused(Refusal::ChangedBy { who, .. })) if who == "秘书"
    ));
    assert_eq!(fx.store.case_events(&case_id).unwrap().len(), 3);
}

#[test]
fn the_audit_log_is_append_only_and_tampering_shows() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    let conn = raw(&fx.db_path());
    assert!(
        conn.execute("UPDATE audit_log SET actor = 'x'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    // Someone with the sqlite3 shell drops the guard and edits an entry.
    conn.execute_batch(
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = '某人' WHERE seq = 3;",
    )
    .unwrap();
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), Some(3));
}

#[test]
fn settings_round_trip_and_fall_back_to_defaults() {
    let mut fx = station();
    let mut s = fx.store.settings().unwrap();
    assert_eq!(s.reply_days, 15);
    assert_eq!(s.categories.len(), 16);
    s.reply_days = 10;
    s.categories = vec!["教育".into(), "其他".into()];
    fx.store.save_settings(&s, "秘书", now()).unwrap();
    assert_eq!(fx.store.settings().unwrap(), s);
    raw(&fx.db_path())
        .execute(
            "UPDATE settings SET value = '\"many\"' WHERE key = 'reply_days'",
            [],
        )
        .unwrap();
    assert_eq!(fx.store.settings().unwrap().reply_days, 15);
}

#[test]
fn extend_close_and_refer_write_their_columns() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let case_id = save(&mut fx, &r, now()).case_id;
    let d = now().date();
    let later = d + chrono::Duration::days(40);
    let steps = [
        CaseUpdate::Extend {
            reason: "需协调多个部门".into(),
            new_deadline: later,
        },
        CaseUpdate::Reply {
            grade: Grade::C,
            text: "待明年预算".into(),
            date: d,
        },
        CaseUpdate::FeedBack {
            date: d,
            way: "phone".into(),
        },
        CaseUpdate::Close {
            reason: "多次回访无人接听".into(),
        },
    ];
    for step in &steps {
        act(&mut fx, &case_id, step, now());
    }
    let detail = fx.store.case_detail(&case_id).unwrap();
    assert_eq!(detail.deadline, Some(later));
    assert_eq!(detail.status, CaseStatus::Closed);
    assert_eq!(detail.closed_date.as_deref(), Some("2026-11-10"));
    assert_eq!(detail.feedback_way, "phone");
    assert!(
        detail
            .timeline
            .last()
            .unwrap()
            .detail
            .contains("多次回访无人接听")
    );

    // A registered case (as an import without a handling route leaves it) is referred.
    let conn = raw(&fx.db_path());
    conn.execute_batch(
        "INSERT INTO receptions (id, station_id, number, seq, visit_date, received_at, channel, group_size,
            category, request_type, content, route, recorder, created_at)
         SELECT 'r-reg', id, 'HD01-20261110-099', 99, '2026-11-10', '2026-11-10 10:00:00', 'in_station', 1,
            '其他', 'problem', '导入的事项', 'assign', '秘书', '2026-11-10 10:00:00' FROM stations;
         INSERT INTO cases (id, number, reception_id, summary, category, status, route, opened_at, updated_at)
         VALUES ('c-reg', 'HD01-20261110-099', 'r-reg', '导入的事项', '其他', 'registered', 'assign',
            '2026-11-10 10:00:00', '2026-11-10 10:00:00');",
    )
    .unwrap();
    let refer = CaseUpdate::Refer {
        department_id: fx.departments[1].clone(),
        deadline: later,
    };
    fx.store
        .transition(&"c-reg".into(), 1, &refer, "秘书", now())
        .unwrap();
    let detail = fx.store.case_detail(&"c-reg".into()).unwrap();
    assert_eq!(detail.status, CaseStatus::InProgress);
    assert_eq!(detail.department.as_deref(), Some("区交通委"));
    assert_eq!(detail.referral_date, Some(now().date()));
}

#[test]
fn two_terminals_saving_at_once_lose_nothing() {
    let fx = station();
    let path = fx.db_path();
    let deputy = fx.deputies[0].clone();
    drop(fx.store);
    let writers: Vec<_> = (0..2)
        .map(|w| {
            let (path, deputy) = (path.clone(), deputy.clone());
            std::thread::spawn(move || {
                let mut store = Store::open(&path).unwrap();
                let deputies = vec![deputy];
                for i in 0..25 {
                    let mut r = reception(Route::OnSpot);
                    r.content = format!("终端{w}第{i}条");
                    store
                        .save_reception(
                            &r,
                            &SaveContext {
                                deputy_ids: &deputies,
                                recorder: "王建国",
                                now: now(),
                                calendar: &Calendar::weekends_only(),
                                draft_id: None,
                            },
                        )
                        .unwrap();
                }
            })
        })
        .collect();
    for w in writers {
        w.join().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows.len(), 50);
    let mut numbers: Vec<&str> = rows.iter().map(|r| r.number.as_str()).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 50, "every number given once");
    assert_eq!(numbers.last(), Some(&"HD01-20261110-050"));
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}

#[test]
fn a_database_held_beyond_the_busy_timeout_gives_a_message_and_nothing_half_done() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let other = raw(&fx.db_path());
    other.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let deputies = vec![fx.deputies[0].clone()];
    let cx = SaveContext {
        deputy_ids: &deputies,
        recorder: "王建国",
        now: now(),
        calendar: &Calendar::weekends_only(),
        draft_id: None,
    };
    let err = fx
        .store
        .save_reception(&reception(Route::OnSpot), &cx)
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Database(DatabaseFailure::Locked)),
        "{err:?}"
    );
    let message = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh).store_error(&err);
    assert!(message.starts_with("数据库正被另一个程序占用"), "{message}");
    other.execute_batch("COMMIT").unwrap();
    // Once the other program lets go, the same save goes through.
    fx.store
        .save_reception(&reception(Route::OnSpot), &cx)
        .unwrap();
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 2);
    assert!(fx.store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_stored_code_the_program_does_not_know_is_an_error_not_a_guess() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let saved = save(&mut fx, &r, now());
    let detail = fx.store.case_detail(&saved.case_id).unwrap();
    assert_eq!(detail.route, Route::Assign);
    assert_eq!(detail.status, CaseStatus::InProgress);
    // Someone with the sqlite3 shell writes a status no case can have.
    raw(&fx.db_path())
        .execute_batch(
            "DROP TRIGGER IF EXISTS cases_sealed; UPDATE cases SET status = 'teleported'",
        )
        .unwrap();
    let refused = fx.store.case_detail(&saved.case_id);
    assert!(
        matches!(
            &refused,
            Err(StoreError::Database(DatabaseFailure::UnknownCode { field: None, code }))
                if code == "teleported"
        ),
        "{refused:?}"
    );
    let said = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh)
        .store_error(&refused.unwrap_err());
    assert!(
        said.contains("状态") && said.contains("teleported"),
        "{said}"
    );
    assert!(said.contains("liaison-desk check"), "{said}");
}
