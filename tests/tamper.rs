//! Tamper evidence: changes made to register rows or the audit log with
//! another tool (as with the sqlite3 shell) are found by `check`.

mod common;

use common::*;
use liaison_desk::domain::case::CaseUpdate;
use liaison_desk::domain::choices::Route;
use liaison_desk::store::{SealProblem, Store};
use rusqlite::Connection;

/// A connection as the sqlite3 shell would have it: none of the program's
/// own triggers or functions.
fn shell(path: &std::path::Path) -> Connection {
    Connection::open(path).unwrap()
}

/// A station with an on-the-spot reception, a referred case that was
/// chased, and a department.
fn desk() -> (Fixture, String, liaison_desk::domain::ids::CaseId) {
    let mut fx = station();
    let on_spot = save(&mut fx, &reception(Route::OnSpot), now());
    let r = referral(&fx, 0);
    let referred = save(&mut fx, &r, now());
    act(
        &mut fx,
        &referred.case_id,
        &CaseUpdate::Supervise {
            level: "催办".into(),
            note: "请尽快答复".into(),
        },
        now(),
    );
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    (fx, on_spot.number, referred.case_id)
}

#[test]
fn a_row_changed_behind_the_programs_back_is_named() {
    let (fx, number, _) = desk();
    shell(&fx.db_path())
        .execute(
            "UPDATE receptions SET content = '改过的内容' WHERE number = ?1",
            [&number],
        )
        .unwrap();
    assert_eq!(
        fx.store.seal_problems().unwrap(),
        vec![SealProblem::Changed {
            kind: "reception".into(),
            label: number
        }]
    );
    // The audit chain itself is whole: only the row was touched.
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
}

#[test]
fn a_child_row_deleted_an_added_row_and_a_deleted_row_show() {
    let (fx, _, case_id) = desk();
    let conn = shell(&fx.db_path());
    let case_number: String = conn
        .query_row("SELECT number FROM cases WHERE id = ?1", [&case_id], |r| {
            r.get(0)
        })
        .unwrap();
    // The chase disappears from the case's timeline.
    conn.execute(
        "DELETE FROM case_events WHERE case_id = ?1 AND kind = 'supervise'",
        [&case_id],
    )
    .unwrap();
    // A deputy nobody entered, and a department deleted.
    conn.execute(
        "INSERT INTO deputies (id, station_id, name, created_at, updated_at)
         SELECT 'ghost', id, '虚构代表', '2026-11-10 09:00:00', '2026-11-10 09:00:00' FROM stations",
        [],
    )
    .unwrap();
    conn.execute(
        "DELETE FROM departments WHERE id = ?1",
        [&fx.departments[1]],
    )
    .unwrap();
    let problems = fx.store.seal_problems().unwrap();
    assert!(
        problems.contains(&SealProblem::Changed {
            kind: "case".into(),
            label: case_number
        }),
        "{problems:?}"
    );
    assert!(
        problems.contains(&SealProblem::Added {
            kind: "deputy".into(),
            label: "虚构代表".into()
        }),
        "{problems:?}"
    );
    assert!(
        problems.contains(&SealProblem::Removed {
            kind: "department".into(),
            key: fx.departments[1].to_string()
        }),
        "{problems:?}"
    );
    assert_eq!(problems.len(), 3, "{problems:?}");
}

#[test]
fn a_forged_seal_does_not_match_the_audit_log() {
    // A forger who can compute seals: the row and its seal are taken from
    // a copy where the program itself made the change.
    let (fx, number, _) = desk();
    let copy = fx.dir.path().join("copy.db");
    fx.store.backup_to(&copy).unwrap();
    {
        let mut other = Store::open(&copy).unwrap();
        let secretary = actor(&mut other, liaison_desk::domain::roles::Role::Secretary);
        let id: String = shell(&copy)
            .query_row(
                "SELECT id FROM receptions WHERE number = ?1",
                [&number],
                |r| r.get(0),
            )
            .unwrap();
        other
            .correct_reception(
                &secretary,
                &liaison_desk::store::CorrectionRequest {
                    reception_id: id.into(),
                    field: liaison_desk::domain::fields::Field::Content,
                    value: "改过的内容，看上去像程序写的".into(),
                    reason: String::new(),
                },
                now(),
            )
            .unwrap();
        assert_eq!(other.seal_problems().unwrap(), vec![]);
    }
    let conn = shell(&fx.db_path());
    conn.execute_batch(&format!(
        "ATTACH '{}' AS forged;
         UPDATE receptions SET content = (SELECT content FROM forged.receptions WHERE number = '{number}')
           WHERE number = '{number}';
         UPDATE seals SET hash = (SELECT f.hash FROM forged.seals f JOIN forged.receptions r
             ON f.kind = 'reception' AND f.key = r.id WHERE r.number = '{number}')
           WHERE kind = 'reception' AND key = (SELECT id FROM receptions WHERE number = '{number}');",
        copy.display()
    ))
    .unwrap();
    assert_eq!(
        fx.store.seal_problems().unwrap(),
        vec![SealProblem::SealsEdited]
    );
}

#[test]
fn every_write_of_the_program_keeps_the_seals_whole() {
    // Two programs on one file: each seals what it wrote, and the sum
    // stays the one the newest audit entry vouches for.
    let (mut fx, _, case_id) = desk();
    let mut other = Store::open(&fx.db_path()).unwrap();
    let r = referral(&fx, 1);
    save(&mut fx, &r, now());
    let version = other.case_state(&case_id).unwrap().version;
    other
        .transition(
            &case_id,
            version,
            &CaseUpdate::Extend {
                reason: "需现场勘查".into(),
                new_deadline: chrono::NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            },
            "秘书",
            now(),
        )
        .unwrap();
    save(&mut fx, &reception(Route::OnSpot), now());
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    assert_eq!(other.seal_problems().unwrap(), vec![]);
}

#[test]
fn check_and_audit_verify_say_what_was_changed() {
    let (fx, number, _) = desk();
    let db = fx.db_path();
    let ok = run_cli(&db, "2026-11-10 18:00:00", &["check"]);
    assert_eq!(ok.code, Some(0), "{}", ok.said());
    assert!(
        ok.said().contains("未发现在本程序之外的改动"),
        "{}",
        ok.said()
    );

    shell(&db)
        .execute(
            "UPDATE receptions SET phone = '13900000000' WHERE number = ?1",
            [&number],
        )
        .unwrap();
    let found = run_cli(&db, "2026-11-10 18:00:00", &["check"]);
    assert_eq!(found.code, Some(1), "{}", found.said());
    assert!(
        found
            .said()
            .contains(&format!("接待登记“{number}”在本程序之外被改动过")),
        "{}",
        found.said()
    );
    // The chain is whole, so audit verify alone is content.
    let chain = run_cli(&db, "2026-11-10 18:00:00", &["audit", "verify"]);
    assert_eq!(chain.code, Some(0), "{}", chain.said());

    // Now an audit entry is edited: verify names it.
    shell(&db)
        .execute_batch(
            "DROP TRIGGER audit_log_no_update;
             UPDATE audit_log SET actor = '某人' WHERE seq = 5;",
        )
        .unwrap();
    let chain = run_cli(&db, "2026-11-10 18:00:00", &["audit", "verify"]);
    assert_eq!(chain.code, Some(1), "{}", chain.said());
    assert!(
        chain.said().contains("审计日志从第 5 条起不一致"),
        "{}",
        chain.said()
    );
    assert!(
        chain.said().contains("第 5 条：2026-11-10 09:30:00，某人"),
        "{}",
        chain.said()
    );
    let found = run_cli(&db, "2026-11-10 18:00:00", &["check"]);
    assert!(
        found.said().contains("审计日志从第 5 条起不一致"),
        "{}",
        found.said()
    );
}

#[test]
fn a_version_3_database_is_sealed_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    {
        let mut old = Store::open_at_version(&path, 3).unwrap();
        old.init_station("HD01", "海淀", now()).unwrap();
        old.add_department("街道办事处", "", "", "", now()).unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.audit_entries(1).unwrap()[0].action, "seal.baseline");
    drop(store);
    shell(&path)
        .execute("UPDATE departments SET name = '别的单位'", [])
        .unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(
        store.seal_problems().unwrap(),
        vec![SealProblem::Changed {
            kind: "department".into(),
            label: "别的单位".into()
        }]
    );
}
