//! The large-database generator used by the benchmarks: what it builds is
//! a valid database that the program reads like any other.

use liaison_desk::domain::case::CaseStatus;
use liaison_desk::store::{CaseFilter, Cursor, Store};

#[test]
fn a_generated_database_is_complete_and_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.db");
    let written = liaison_desk::service::demo::generate(&path, 3000, 2, 1).unwrap();
    assert_eq!(written, 3000);
    let store = Store::open(&path).unwrap();
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    assert_eq!(store.count_rows("receptions").unwrap(), 3000);
    assert_eq!(store.count_rows("cases").unwrap(), 3000);
    assert_eq!(store.count_rows("deputies").unwrap(), 40);
    assert!(store.count_rows("activities").unwrap() > 0);
    assert!(store.count_rows("study_attendance").unwrap() > 0);
    let counts = store.status_counts().unwrap();
    let total: i64 = counts.iter().map(|c| c.1).sum();
    assert_eq!(total, 3000);
    for status in [
        CaseStatus::InProgress,
        CaseStatus::Closed,
        CaseStatus::Archived,
    ] {
        assert!(
            counts.iter().any(|c| c.0 == status && c.1 > 0),
            "{status:?}: {counts:?}"
        );
    }
    let hits = store
        .case_page(
            &CaseFilter {
                query: "路灯".into(),
                ..Default::default()
            },
            &Cursor::Start,
            50,
        )
        .unwrap()
        .0;
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| {
        h.summary.contains("路灯")
            || store
                .case_detail(&h.id)
                .unwrap()
                .reception
                .content
                .contains("路灯")
    }));
    // The case life's rules hold, as `check` reads them.
    assert_eq!(store.case_contradictions().unwrap(), vec![]);
    assert_eq!(store.case_count_mismatches().unwrap(), vec![]);
    // Shares like a real station's: about 35 % on the spot, 50 % referred,
    // 15 % not accepted; most referrals replied within their deadline.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let share = |sql: &str| -> f64 {
        let n: i64 = conn.query_row(sql, [], |r| r.get(0)).unwrap();
        n as f64 / 3000.0
    };
    let on_spot = share("SELECT count(*) FROM cases WHERE route = 'on_spot'");
    let not_accepted = share("SELECT count(*) FROM cases WHERE route = 'not_accepted'");
    assert!((0.30..0.40).contains(&on_spot), "{on_spot}");
    assert!((0.11..0.19).contains(&not_accepted), "{not_accepted}");
    let referred: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE route IN ('assign', 'transfer') AND reply_date IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let in_time: i64 = conn
        .query_row(
            "SELECT count(*) FROM cases WHERE route IN ('assign', 'transfer') AND reply_date <= deadline",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        referred > 0 && in_time * 100 / referred >= 70,
        "{in_time}/{referred}"
    );
    assert!(in_time < referred, "some replies are late");
    // It refuses to overwrite a file.
    assert!(liaison_desk::service::demo::generate(&path, 10, 1, 1).is_err());
}
