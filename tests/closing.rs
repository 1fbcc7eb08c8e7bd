//! Users and roles, the closing checklist, sign-off, amendments and
//! reopening, on real SQLite files.

mod common;

use chrono::{Duration, NaiveDate};
use common::{actor, add_users, now, reception, referral, save, station};
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::closing::CheckItem;
use liaison_desk::domain::fields::{Field, Problem};
use liaison_desk::domain::roles::{Permission, Role};
use liaison_desk::store::Refusal;
use liaison_desk::store::backup::backups_dir;
use liaison_desk::store::{
    CorrectionRequest, NewActivity, NewStudySession, StoreError, UserChange,
};
use rusqlite::Connection;

fn today() -> NaiveDate {
    now().date()
}

fn correction(reception_id: &str, field: Field, value: &str, reason: &str) -> CorrectionRequest {
    CorrectionRequest {
        reception_id: reception_id.into(),
        field,
        value: value.into(),
        reason: reason.into(),
    }
}

#[test]
fn a_deputy_may_not_sign_off_reopen_amend_or_manage_users() {
    let mut fx = station();
    let deputy = actor(&mut fx.store, Role::Deputy);
    let secretary = actor(&mut fx.store, Role::Secretary);
    let saved = save(&mut fx, &reception(Route::OnSpot), now());
    let denied = |r: Result<_, StoreError>, p: Permission| match r {
        Err(StoreError::Refused(Refusal::Denied(got))) => assert_eq!(got, p),
        other => panic!("expected a refusal for {p:?}, got {other:?}"),
    };
    denied(
        fx.store.sign_off_day(&deputy, today(), now()).map(|_| ()),
        Permission::SignOffDay,
    );
    denied(
        fx.store
            .add_user(&deputy, "张三", Role::Admin, "1111", now())
            .map(|_| ()),
        Permission::ManageUsers,
    );
    denied(
        fx.store
            .add_user(&secretary, "张三", Role::Secretary, "1111", now())
            .map(|_| ()),
        Permission::ManageUsers,
    );
    fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    denied(
        fx.store.reopen_day(&secretary, today(), "录错了", now()),
        Permission::ReopenDay,
    );
    let amend = correction(&saved.reception_id, Field::Address, "北太平庄3号", "门牌号");
    denied(
        fx.store.correct_reception(&deputy, &amend, now()),
        Permission::AmendSignedDay,
    );
    // Nothing of the refused amendment reached the row.
    let row = fx.store.reception(&saved.reception_id).unwrap();
    assert_eq!(row.address, "北太平庄社区");
    assert!(
        fx.store
            .corrections("reception", &saved.reception_id)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn pins_are_hashed_and_three_wrong_ones_lock_for_a_minute() {
    let mut fx = station();
    add_users(&mut fx.store);
    let id = fx.store.users().unwrap()[1].id.clone();
    let stored: Vec<String> = Connection::open(fx.db_path())
        .unwrap()
        .prepare("SELECT pin_hash FROM users")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        stored
            .iter()
            .all(|h| h.starts_with("$argon2id$") && !h.contains("2468"))
    );

    let t0 = now();
    let wrong = |fx: &mut common::Fixture, at| fx.store.sign_in_user(&id, "0000", at);
    assert!(matches!(
        wrong(&mut fx, t0),
        Err(StoreError::Refused(Refusal::WrongPin { tries_left: 2 }))
    ));
    // A right PIN resets the count.
    fx.store.sign_in_user(&id, "2468", t0).unwrap();
    assert!(matches!(
        wrong(&mut fx, t0),
        Err(StoreError::Refused(Refusal::WrongPin { tries_left: 2 }))
    ));
    assert!(matches!(
        wrong(&mut fx, t0),
        Err(StoreError::Refused(Refusal::WrongPin { tries_left: 1 }))
    ));
    let until = t0 + Duration::minutes(1);
    assert!(
        matches!(wrong(&mut fx, t0), Err(StoreError::Refused(Refusal::UserLocked(u))) if u == until)
    );
    let half = t0 + Duration::seconds(30);
    assert!(matches!(
        fx.store.sign_in_user(&id, "2468", half),
        Err(StoreError::Refused(Refusal::UserLocked(_)))
    ));
    let later = t0 + Duration::seconds(61);
    let signed = fx.store.sign_in_user(&id, "2468", later).unwrap();
    assert_eq!(
        (signed.name.as_str(), signed.role),
        ("林秘书", Role::Secretary)
    );
    // Wrong PINs and sign-ins are audited; the chain holds.
    let actions: Vec<String> = fx
        .store
        .audit_entries(20)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"user.wrong_pin".to_string()));
    assert!(actions.contains(&"user.sign_in".to_string()));
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn users_are_managed_by_an_administrator_and_one_always_remains() {
    let mut fx = station();
    let users = add_users(&mut fx.store);
    let admin = &users[0];
    assert!(matches!(
        fx.store.create_first_admin("又一个", "1234", now()),
        Err(StoreError::Refused(Refusal::Denied(
            Permission::ManageUsers
        )))
    ));
    assert!(matches!(
        fx.store
            .add_user(admin, "林秘书", Role::Deputy, "1234", now()),
        Err(StoreError::Refused(Refusal::NameTaken))
    ));
    let demote = UserChange {
        user_id: admin.user_id.clone(),
        role: Role::Secretary,
        active: true,
        pin: None,
    };
    assert!(matches!(
        fx.store.update_user(admin, &demote, now()),
        Err(StoreError::Refused(Refusal::LastAdmin))
    ));
    // A disabled user no longer signs in; a new PIN replaces the old one.
    let deputy = &users[2];
    let change = UserChange {
        user_id: deputy.user_id.clone(),
        role: Role::Deputy,
        active: false,
        pin: Some("8642".into()),
    };
    fx.store.update_user(admin, &change, now()).unwrap();
    assert!(
        fx.store
            .sign_in_user(&deputy.user_id, "8642", now())
            .is_err()
    );
    let change = UserChange {
        active: true,
        ..change
    };
    fx.store.update_user(admin, &change, now()).unwrap();
    assert!(
        fx.store
            .sign_in_user(&deputy.user_id, "1357", now())
            .is_err()
    );
    assert!(
        fx.store
            .sign_in_user(&deputy.user_id, "8642", now())
            .is_ok()
    );
}

#[test]
fn sign_off_locks_the_day_and_keeps_a_verified_backup() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    save(&mut fx, &reception(Route::OnSpot), now());
    let outcome = fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    let backup = outcome.backup.unwrap();
    assert!(
        backup.starts_with(backups_dir(&fx.db_path())),
        "{}",
        backup.display()
    );
    assert!(liaison_desk::store::backup::verify_database(&backup).is_ok());
    let signed = fx.store.signed_day(today()).unwrap().unwrap();
    assert_eq!(signed.signed_by, "林秘书");
    // Signing off is the review: the register's reviewer column says who.
    let ids = fx.store.reception_ids(today(), today()).unwrap();
    assert_eq!(fx.store.reception(&ids[0]).unwrap().reviewer, "林秘书");
    // The day's registers refuse new rows; other days do not.
    let deputies = vec![fx.deputies[0].clone()];
    let calendar = liaison_desk::domain::calendar::Calendar::weekends_only();
    let ctx = |at| liaison_desk::store::SaveContext {
        deputy_ids: &deputies,
        recorder: "王建国",
        now: at,
        calendar: &calendar,
        draft_id: None,
    };
    let late = fx
        .store
        .save_reception(&reception(Route::OnSpot), &ctx(now()));
    assert!(matches!(late, Err(StoreError::Refused(Refusal::DaySignedOff(d))) if d == today()));
    let activity = NewActivity {
        date: Some(today()),
        kind: "视察".into(),
        topic: "老旧小区改造".into(),
        participants: vec![fx.deputies[0].to_string()],
        ..Default::default()
    };
    assert!(matches!(
        fx.store.add_activity(&activity, "林秘书", now()),
        Err(StoreError::Refused(Refusal::DaySignedOff(_)))
    ));
    let tomorrow = now() + Duration::days(1);
    fx.store
        .save_reception(&reception(Route::OnSpot), &ctx(tomorrow))
        .unwrap();
    // Signing the same day twice is refused.
    assert!(matches!(
        fx.store.sign_off_day(&secretary, today(), now()),
        Err(StoreError::Refused(Refusal::DaySignedOff(_)))
    ));
}

#[test]
fn corrections_before_sign_off_and_amendments_after_keep_old_and_new() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let referred = referral(&fx, 0);
    let saved = save(&mut fx, &referred, now());
    let id = &saved.reception_id;
    let before = correction(id, Field::GroupSize, "5", "");
    fx.store
        .correct_reception(&secretary, &before, now())
        .unwrap();
    // The case and the deputy's row carry the group size too (for reports).
    let counts = fx.store.day_counts(today()).unwrap();
    assert_eq!(counts.persons, 5);
    let same = fx.store.correct_reception(&secretary, &before, now());
    assert!(
        matches!(same, Err(StoreError::Refused(Refusal::Invalid(e))) if e[0].problem == Problem::Unchanged)
    );

    fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    let later = now() + Duration::hours(2);
    let no_reason = correction(
        id,
        Field::Content,
        "小区门口的公交站被撤销了，老人出行不便。",
        " ",
    );
    match fx.store.correct_reception(&secretary, &no_reason, later) {
        Err(StoreError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, Field::Reason),
        other => panic!("an amendment needs a reason: {other:?}"),
    }
    let bad_phone = correction(id, Field::Phone, "12345", "电话记错");
    match fx.store.correct_reception(&secretary, &bad_phone, later) {
        Err(StoreError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, Field::Phone),
        other => panic!("a bad phone is refused: {other:?}"),
    }
    let amend = CorrectionRequest {
        reason: "按来访人原话补全".into(),
        ..no_reason
    };
    fx.store
        .correct_reception(&secretary, &amend, later)
        .unwrap();
    let row = fx.store.reception(id).unwrap();
    assert_eq!(row.content, "小区门口的公交站被撤销了，老人出行不便。");
    // The case's summary and the search index follow the new words.
    let filter = liaison_desk::store::CaseFilter {
        query: "撤销".into(),
        ..Default::default()
    };
    let (page, _) = fx
        .store
        .case_page(&filter, &liaison_desk::store::Cursor::Start, 10)
        .unwrap();
    assert_eq!(page.len(), 1);

    let history = fx.store.corrections("reception", id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        (history[0].old_value.as_str(), history[0].new_value.as_str()),
        ("1", "5")
    );
    assert!(!history[0].amendment);
    assert!(history[1].amendment);
    assert_eq!(history[1].old_value, "小区门口公交站被撤，老人出行不便。");
    assert_eq!(history[1].reason, "按来访人原话补全");
    assert_eq!(history[1].actor, "林秘书");
    let audit = fx.store.audit_entries(5).unwrap();
    assert!(audit.iter().any(|e| e.action == "reception.amend"));
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn reopening_is_an_administrators_action_with_a_reason() {
    let mut fx = station();
    let users = add_users(&mut fx.store);
    let (admin, secretary) = (&users[0], &users[1]);
    fx.store.sign_off_day(secretary, today(), now()).unwrap();
    match fx.store.reopen_day(admin, today(), "", now()) {
        Err(StoreError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, Field::Reason),
        other => panic!("{other:?}"),
    }
    assert!(fx.store.signed_day(today()).unwrap().is_some());
    fx.store
        .reopen_day(admin, today(), "漏登一位来访人", now())
        .unwrap();
    assert!(fx.store.signed_day(today()).unwrap().is_none());
    save(&mut fx, &reception(Route::OnSpot), now());
    assert!(matches!(
        fx.store.reopen_day(admin, today(), "再来一次", now()),
        Err(StoreError::Refused(Refusal::NotFound))
    ));
    let actions: Vec<String> = fx
        .store
        .audit_entries(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(actions.contains(&"day.sign_off".into()) && actions.contains(&"day.reopen".into()));
}

#[test]
fn the_checklist_names_what_is_missing_until_it_is_fixed() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let no_address = liaison_desk::domain::reception::ValidReception {
        address: String::new(),
        content: "路灯坏了".into(),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &no_address, now());
    let anonymous = liaison_desk::domain::reception::ValidReception {
        visitor_name: None,
        phone: None,
        address: String::new(),
        ..referral(&fx, 1)
    };
    save(&mut fx, &anonymous, now());
    fx.store.sign_in(&fx.deputies[1].clone(), now()).unwrap();
    fx.store
        .save_draft("d1", "reception", "", "{}", now())
        .unwrap();
    let activity = NewActivity {
        date: Some(today()),
        kind: "视察".into(),
        topic: "老旧小区改造".into(),
        ..Default::default()
    };
    fx.store.add_activity(&activity, "林秘书", now()).unwrap();

    let facts = fx.store.day_facts(today()).unwrap();
    let items = liaison_desk::domain::closing::checklist(&facts);
    let number = saved.number.clone();
    assert_eq!(items.len(), 5, "{items:#?}");
    assert_eq!(
        items[0],
        CheckItem::Missing {
            reception_id: saved.reception_id.clone(),
            number: number.clone(),
            field: Field::Address
        }
    );
    assert!(matches!(&items[1], CheckItem::ShortContent { number: n, .. } if *n == number));
    assert!(matches!(&items[2], CheckItem::StillOnDuty { name, .. } if name == "李秀英"));
    assert!(matches!(&items[3], CheckItem::OpenDraft { kind, .. } if kind == "reception"));
    assert!(
        matches!(&items[4], CheckItem::ActivityWithoutPeople { topic, .. } if topic == "老旧小区改造")
    );

    let fix = correction(&saved.reception_id, Field::Address, "北太平庄社区5号楼", "");
    fx.store.correct_reception(&secretary, &fix, now()).unwrap();
    let fix = correction(
        &saved.reception_id,
        Field::Content,
        "小区路灯坏了三盏，晚上看不见路。",
        "",
    );
    fx.store.correct_reception(&secretary, &fix, now()).unwrap();
    fx.store
        .sign_out_of_day(&fx.deputies[1].clone(), today(), now() + Duration::days(1))
        .unwrap();
    fx.store.delete_draft("d1").unwrap();
    let items = liaison_desk::domain::closing::checklist(&fx.store.day_facts(today()).unwrap());
    assert_eq!(items.len(), 1, "{items:#?}");
}

#[test]
fn version_2_databases_gain_users_and_keep_their_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v2.db");
    {
        let mut old = liaison_desk::store::Store::open_at_version(&path, 2).unwrap();
        old.init_station("HD01", "海淀", now()).unwrap();
    }
    let store = liaison_desk::store::Store::open(&path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        liaison_desk::store::SCHEMA_VERSION
    );
    assert_eq!(store.station().unwrap().unwrap().code, "HD01");
    assert!(!store.has_users().unwrap());
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn the_store_refuses_pins_that_are_not_four_to_eight_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = liaison_desk::store::Store::open(&path).unwrap();
    let bad_pin = |r: Result<(), StoreError>, pin: &str| match r {
        Err(StoreError::Refused(Refusal::Invalid(e))) => {
            assert_eq!(
                (e[0].field, &e[0].problem),
                (Field::Pin, &Problem::BadPin),
                "{pin}"
            );
        }
        other => panic!("{pin:?} should be refused, got {other:?}"),
    };
    for pin in ["12", "123456789", "12ab"] {
        bad_pin(
            store.create_first_admin("赵管理", pin, now()).map(|_| ()),
            pin,
        );
    }
    assert!(
        !store.has_users().unwrap(),
        "no administrator with a bad PIN"
    );
    let admin = store
        .create_first_admin("赵管理", "1234", now())
        .unwrap()
        .actor();
    for pin in ["12", "123456789", "12ab"] {
        bad_pin(
            store
                .add_user(&admin, "林秘书", Role::Secretary, pin, now())
                .map(|_| ()),
            pin,
        );
        let change = UserChange {
            user_id: admin.user_id.clone(),
            role: Role::Admin,
            active: true,
            pin: Some(pin.into()),
        };
        bad_pin(store.update_user(&admin, &change, now()), pin);
    }
    assert_eq!(store.users().unwrap().len(), 1);
    // The old PIN still signs in: nothing of the refused changes was kept.
    store.sign_in_user(&admin.user_id, "1234", now()).unwrap();
    let user = store
        .add_user(&admin, "林秘书", Role::Secretary, "24681357", now())
        .unwrap();
    store.sign_in_user(&user.id, "24681357", now()).unwrap();
}

#[test]
fn wrong_pins_at_two_terminals_at_once_all_count_towards_the_lock() {
    let mut fx = station();
    let users = add_users(&mut fx.store);
    let id = users[1].user_id.clone();
    let path = fx.db_path();
    // Each round: two terminals (two Store handles on the file) type a wrong
    // PIN at the same moment, then one of them a third; the user is locked.
    for round in 0..4 {
        let t0 = now() + Duration::minutes(5 * round);
        let start = std::sync::Arc::new(std::sync::Barrier::new(2));
        let terminals: Vec<_> = [2, 1]
            .into_iter()
            .map(|tries| {
                let (path, id, start) = (path.clone(), id.clone(), start.clone());
                std::thread::spawn(move || {
                    let mut store = liaison_desk::store::Store::open(&path).unwrap();
                    start.wait();
                    (0..tries)
                        .map(|_| store.sign_in_user(&id, "0000", t0))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let mut answers: Vec<String> = terminals
            .into_iter()
            .flat_map(|t| t.join().unwrap())
            .map(|r| match r {
                Err(StoreError::Refused(Refusal::WrongPin { tries_left })) => {
                    format!("wrong {tries_left}")
                }
                Err(StoreError::Refused(Refusal::UserLocked(_))) => "locked".to_string(),
                other => panic!("{other:?}"),
            })
            .collect();
        answers.sort();
        assert_eq!(answers, ["locked", "wrong 1", "wrong 2"], "round {round}");
        assert!(matches!(
            fx.store
                .sign_in_user(&id, "2468", t0 + Duration::seconds(30)),
            Err(StoreError::Refused(Refusal::UserLocked(_)))
        ));
    }
}

#[test]
fn a_demoted_or_disabled_users_open_session_loses_its_rights() {
    let mut fx = station();
    let users = add_users(&mut fx.store);
    let (admin, secretary) = (users[0].clone(), users[1].clone());
    let saved = save(&mut fx, &reception(Route::OnSpot), now());
    // The administrator, at another terminal, makes the secretary a deputy
    // while her session (her Actor) is still open here.
    let mut other = liaison_desk::store::Store::open(&fx.db_path()).unwrap();
    let demote = UserChange {
        user_id: secretary.user_id.clone(),
        role: Role::Deputy,
        active: true,
        pin: None,
    };
    other.update_user(&admin, &demote, now()).unwrap();
    assert_eq!(
        secretary.role,
        Role::Secretary,
        "the session still says 秘书"
    );
    assert!(matches!(
        fx.store.sign_off_day(&secretary, today(), now()),
        Err(StoreError::Refused(Refusal::Denied(Permission::SignOffDay)))
    ));
    assert!(fx.store.signed_day(today()).unwrap().is_none());
    assert!(matches!(
        fx.store
            .reveal_visitor(&secretary, &saved.reception_id, "核对来访人", now()),
        Err(StoreError::Refused(Refusal::Denied(
            Permission::RevealPhone
        )))
    ));
    // Made secretary again, the same session may sign off.
    other
        .update_user(
            &admin,
            &UserChange {
                role: Role::Secretary,
                ..demote.clone()
            },
            now(),
        )
        .unwrap();
    fx.store.sign_off_day(&secretary, today(), now()).unwrap();

    // A second administrator is disabled: her session may no longer reopen
    // the day, manage users or read the audit log.
    let second = fx
        .store
        .add_user(&admin, "钱管理", Role::Admin, "9753", now())
        .unwrap()
        .actor();
    other
        .update_user(
            &admin,
            &UserChange {
                user_id: second.user_id.clone(),
                role: Role::Admin,
                active: false,
                pin: None,
            },
            now(),
        )
        .unwrap();
    assert!(matches!(
        fx.store
            .reopen_day(&second, today(), "漏登一位来访人", now()),
        Err(StoreError::Refused(Refusal::Denied(Permission::ReopenDay)))
    ));
    assert!(matches!(
        fx.store
            .add_user(&second, "孙秘书", Role::Secretary, "1111", now()),
        Err(StoreError::Refused(Refusal::Denied(
            Permission::ManageUsers
        )))
    ));
    assert!(matches!(
        fx.store.audit_page(
            &second,
            &liaison_desk::store::AuditQuery::default(),
            None,
            10
        ),
        Err(StoreError::Refused(Refusal::Denied(Permission::ViewAudit)))
    ));
    assert!(fx.store.signed_day(today()).unwrap().is_some());
    // An actor naming no user of this database may do nothing guarded.
    let stranger = liaison_desk::domain::roles::Actor {
        user_id: "no-such-user".into(),
        name: "某人".into(),
        role: Role::Admin,
    };
    assert!(matches!(
        fx.store
            .reopen_day(&stranger, today(), "漏登一位来访人", now()),
        Err(StoreError::Refused(Refusal::Denied(Permission::ReopenDay)))
    ));
}

#[test]
fn duty_of_a_signed_off_day_is_locked() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let deputy = fx.deputies[1].clone();
    fx.store.sign_in(&deputy, now()).unwrap();
    fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    let later = now() + Duration::hours(8);
    let refused = fx.store.sign_out_of_day(&deputy, today(), later);
    assert!(
        matches!(refused, Err(StoreError::Refused(Refusal::DutyDaySignedOff(d))) if d == today()),
        "{refused:?}"
    );
    let said = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh)
        .store_error(&refused.unwrap_err());
    assert!(
        said.contains("2026-11-10 已签发") && said.contains("签退") && said.contains("重新开放"),
        "{said}"
    );
    assert!(matches!(
        fx.store.sign_in(&fx.deputies[2].clone(), later),
        Err(StoreError::Refused(Refusal::DutyDaySignedOff(_)))
    ));
    let sessions = fx.store.duty_sessions(today()).unwrap();
    assert_eq!(sessions.len(), 1);
    assert!(sessions[0].is_open(), "nothing changed");
    // Another day's duty goes on; reopened, the day's sign-out goes through.
    let tomorrow = now() + Duration::days(1);
    fx.store.sign_in(&deputy, tomorrow).unwrap();
    let admin = actor(&mut fx.store, Role::Admin);
    fx.store
        .reopen_day(&admin, today(), "补签退", later)
        .unwrap();
    fx.store.sign_out_of_day(&deputy, today(), later).unwrap();
    assert!(fx.store.on_duty(today()).unwrap().is_empty());
}

/// An activity and a study session of today, before sign-off.
fn todays_activity_and_study(fx: &mut common::Fixture) -> (String, String) {
    let activity = NewActivity {
        date: Some(today()),
        kind: "视察".into(),
        topic: "老旧小区改造".into(),
        participants: vec![fx.deputies[0].to_string()],
        ..Default::default()
    };
    let study = NewStudySession {
        date: Some(today()),
        topic: "学习代表法".into(),
        form: "集中学习".into(),
        hours: 2.0,
        attendance: vec![(fx.deputies[0].to_string(), true, String::new())],
        ..Default::default()
    };
    (
        fx.store.add_activity(&activity, "林秘书", now()).unwrap(),
        fx.store.add_study_session(&study, "林秘书", now()).unwrap(),
    )
}

#[test]
fn activities_and_study_sessions_of_a_signed_off_day_are_amended() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let (activity_id, study_id) = todays_activity_and_study(&mut fx);
    fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    let later = now() + Duration::hours(3);

    let row = fx.store.activity(&activity_id).unwrap();
    let amended = NewActivity {
        date: Some(today()),
        kind: row.kind.clone(),
        topic: "老旧小区加装电梯".into(),
        participants: vec![fx.deputies[0].to_string(), fx.deputies[1].to_string()],
        ..Default::default()
    };
    let changed = fx
        .store
        .update_activity(
            &secretary,
            &activity_id,
            &amended,
            "主题记错，漏记李秀英",
            later,
        )
        .unwrap();
    assert_eq!(changed, 2);
    let row = fx.store.activity(&activity_id).unwrap();
    assert_eq!(row.topic, "老旧小区加装电梯");
    assert_eq!(row.participants.len(), 2);
    let history = fx.store.corrections("activity", &activity_id).unwrap();
    let fields: Vec<&str> = history.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["topic", "participants"]);
    assert_eq!(
        (history[0].old_value.as_str(), history[0].new_value.as_str()),
        ("老旧小区改造", "老旧小区加装电梯")
    );
    // Participants are recorded by name, before and after.
    assert_eq!(
        (history[1].old_value.as_str(), history[1].new_value.as_str()),
        ("王建国", "李秀英、王建国")
    );
    for c in &history {
        assert!(c.amendment);
        assert_eq!(c.reason, "主题记错，漏记李秀英");
        assert_eq!(c.actor, "林秘书");
        assert_eq!(c.at, "2026-11-10 12:30:00");
    }
    let entry = &fx.store.audit_entries(1).unwrap()[0];
    assert_eq!(
        (
            entry.action.as_str(),
            entry.actor.as_str(),
            entry.entity_id.as_str()
        ),
        ("activity.amend", "林秘书", activity_id.as_str())
    );
    let before = entry.before.as_deref().unwrap();
    let after = entry.after.as_deref().unwrap();
    assert!(
        before.contains("老旧小区改造") && !before.contains("reason"),
        "{before}"
    );
    assert!(
        after.contains("李秀英、王建国") && after.contains("主题记错"),
        "{after}"
    );

    // Attendance: who came and who was on leave are the fields.
    let amended = NewStudySession {
        date: Some(today()),
        topic: "学习代表法".into(),
        form: "集中学习".into(),
        hours: 1.5,
        attendance: vec![
            (fx.deputies[0].to_string(), true, String::new()),
            (fx.deputies[2].to_string(), false, "因公出差".into()),
        ],
        ..Default::default()
    };
    fx.store
        .update_study_session(&secretary, &study_id, &amended, "补记请假", later)
        .unwrap();
    let history = fx.store.corrections("study_session", &study_id).unwrap();
    let changes: Vec<(&str, &str, &str)> = history
        .iter()
        .map(|c| (&c.field[..], &c.old_value[..], &c.new_value[..]))
        .collect();
    assert_eq!(
        changes,
        [("hours", "2", "1.5"), ("on_leave", "", "张伟（因公出差）")]
    );
    assert!(
        history
            .iter()
            .all(|c| c.amendment && c.reason == "补记请假")
    );
    assert_eq!(fx.store.audit_entries(1).unwrap()[0].action, "study.amend");
    assert_eq!(fx.store.study_session(&study_id).unwrap().hours, 1.5);

    // Saved again unchanged, nothing is amended and nothing logged.
    let entries = fx.store.audit_entries(100).unwrap().len();
    let none = fx
        .store
        .update_study_session(&secretary, &study_id, &amended, "再存一次", later)
        .unwrap();
    assert_eq!(none, 0);
    assert_eq!(fx.store.audit_entries(100).unwrap().len(), entries);
    assert_eq!(
        fx.store
            .corrections("study_session", &study_id)
            .unwrap()
            .len(),
        2
    );
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn a_deputy_or_an_amendment_without_a_reason_is_refused_and_new_rows_stay_locked() {
    let mut fx = station();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let deputy = actor(&mut fx.store, Role::Deputy);
    let (activity_id, study_id) = todays_activity_and_study(&mut fx);
    fx.store.sign_off_day(&secretary, today(), now()).unwrap();
    let changed = NewActivity {
        date: Some(today()),
        kind: "视察".into(),
        topic: "老旧小区加装电梯".into(),
        participants: vec![fx.deputies[0].to_string()],
        ..Default::default()
    };
    // A duty deputy hears that the day is locked, reason or not.
    let refused = fx
        .store
        .update_activity(&deputy, &activity_id, &changed, "主题记错", now());
    assert!(
        matches!(refused, Err(StoreError::Refused(Refusal::DaySignedOff(d))) if d == today()),
        "{refused:?}"
    );
    let said = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh)
        .store_error(&refused.unwrap_err());
    assert!(said.contains("2026-11-10 已签发"), "{said}");
    // A secretary must say why, in words that name the field.
    for reason in ["", "  "] {
        match fx
            .store
            .update_activity(&secretary, &activity_id, &changed, reason, now())
        {
            Err(StoreError::Refused(Refusal::Invalid(e))) => {
                assert_eq!(e[0].field, Field::Reason);
                let said =
                    liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh).field_error(&e[0]);
                assert!(said.starts_with("原因："), "{said}");
            }
            other => panic!("an amendment needs a reason: {other:?}"),
        }
    }
    let study = NewStudySession {
        date: Some(today()),
        topic: "学习监督法".into(),
        form: "集中学习".into(),
        hours: 2.0,
        attendance: vec![(fx.deputies[0].to_string(), true, String::new())],
        ..Default::default()
    };
    assert!(matches!(
        fx.store
            .update_study_session(&deputy, &study_id, &study, "主题记错", now()),
        Err(StoreError::Refused(Refusal::DaySignedOff(_)))
    ));
    assert!(matches!(
        fx.store
            .update_study_session(&secretary, &study_id, &study, "", now()),
        Err(StoreError::Refused(Refusal::Invalid(_)))
    ));
    // Nothing of the refused amendments reached the rows.
    assert_eq!(
        fx.store.activity(&activity_id).unwrap().topic,
        "老旧小区改造"
    );
    assert_eq!(
        fx.store.study_session(&study_id).unwrap().topic,
        "学习代表法"
    );
    assert!(
        fx.store
            .corrections("activity", &activity_id)
            .unwrap()
            .is_empty()
    );
    assert!(
        fx.store
            .corrections("study_session", &study_id)
            .unwrap()
            .is_empty()
    );
    // New rows of the day stay refused, from anyone; so does moving
    // another day's row into it.
    assert!(matches!(
        fx.store.add_activity(&changed, "林秘书", now()),
        Err(StoreError::Refused(Refusal::DaySignedOff(_)))
    ));
    assert!(matches!(
        fx.store.add_study_session(&study, "林秘书", now()),
        Err(StoreError::Refused(Refusal::DaySignedOff(_)))
    ));
    let yesterday = today() - Duration::days(1);
    let other = fx
        .store
        .add_activity(
            &NewActivity {
                date: Some(yesterday),
                ..changed.clone()
            },
            "林秘书",
            now(),
        )
        .unwrap();
    let moved = fx
        .store
        .update_activity(&secretary, &other, &changed, "日期记错", now());
    assert!(matches!(moved, Err(StoreError::Refused(Refusal::DaySignedOff(d))) if d == today()));
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn corrections_of_activities_and_study_before_sign_off_are_recorded_too() {
    let mut fx = station();
    let deputy = actor(&mut fx.store, Role::Deputy);
    let (activity_id, _) = todays_activity_and_study(&mut fx);
    let changed = NewActivity {
        date: Some(today()),
        kind: "座谈".into(),
        topic: "老旧小区改造".into(),
        participants: vec![fx.deputies[0].to_string()],
        ..Default::default()
    };
    // Before sign-off anyone corrects in place, without a reason.
    fx.store
        .update_activity(&deputy, &activity_id, &changed, "", now())
        .unwrap();
    let history = fx.store.corrections("activity", &activity_id).unwrap();
    assert_eq!(history.len(), 1);
    let c = &history[0];
    assert_eq!(
        (c.field.as_str(), c.old_value.as_str(), c.new_value.as_str()),
        ("kind", "视察", "座谈")
    );
    assert!(!c.amendment);
    assert_eq!((c.actor.as_str(), c.reason.as_str()), ("王建国", ""));
    assert_eq!(
        fx.store.audit_entries(1).unwrap()[0].action,
        "activity.edit"
    );
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn a_study_session_without_attendance_is_on_the_checklist() {
    let mut fx = station();
    let empty = NewStudySession {
        date: Some(today()),
        topic: "学习预算法".into(),
        form: "集中学习".into(),
        hours: 2.0,
        ..Default::default()
    };
    let id = fx.store.add_study_session(&empty, "林秘书", now()).unwrap();
    todays_activity_and_study(&mut fx);
    let items = liaison_desk::domain::closing::checklist(&fx.store.day_facts(today()).unwrap());
    assert_eq!(
        items,
        [CheckItem::StudyWithoutAttendance {
            session_id: id,
            topic: "学习预算法".into()
        }]
    );
}
