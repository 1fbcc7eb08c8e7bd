//! SIGKILL at random moments while the real binary saves receptions and
//! transitions: after every kill the file is intact, everything the program
//! reported as saved is there whole, and the open draft is still offered.
//! `LIAISON_KILL_ROUNDS=2000 cargo test --test kill` runs a longer round.

use liaison_desk::store::Store;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_liaison-desk");

fn rounds() -> usize {
    std::env::var("LIAISON_KILL_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

/// Starts the writer, kills it after `wait`, and returns what it reported.
fn write_and_kill(db: &std::path::Path, home: &std::path::Path, wait: Duration) -> Vec<String> {
    let mut child = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "write-until-killed"])
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LIAISON_DESK_NOW", "2026-11-10 09:30:00")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = Arc::new(Mutex::new(Vec::new()));
    let sink = lines.clone();
    let stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    std::thread::sleep(wait);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    reader.join().unwrap();
    lines.lock().unwrap().clone()
}

fn count(conn: &rusqlite::Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn nothing_reported_saved_is_lost_to_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kill.db");
    let mut saved: HashSet<String> = HashSet::new();
    let mut moved: HashSet<String> = HashSet::new();
    let mut seed: u64 = 0x2026_1110;
    for round in 0..rounds() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = Duration::from_millis(5 + seed % 60);
        for line in write_and_kill(&db, dir.path(), wait) {
            match line.split_once(' ') {
                Some(("saved", n)) => saved.insert(n.to_string()),
                Some(("moved", n)) => moved.insert(n.to_string()),
                _ => false,
            };
        }
        let store = Store::open(&db).unwrap_or_else(|e| panic!("round {round}: cannot open: {e}"));
        assert!(
            store.integrity_problems().unwrap().is_empty(),
            "round {round}: integrity"
        );
        assert_eq!(
            store.first_broken_audit_entry().unwrap(),
            None,
            "round {round}: audit chain"
        );
        assert_eq!(
            store.seal_problems().unwrap(),
            vec![],
            "round {round}: every record sealed by its audit entry"
        );
        let conn = rusqlite::Connection::open(&db).unwrap();
        let numbers: HashSet<String> = {
            let mut stmt = conn.prepare("SELECT number FROM receptions").unwrap();
            stmt.query_map([], |r| r.get(0))
                .unwrap()
                .map(|r| r.unwrap())
                .collect()
        };
        let missing: Vec<&String> = saved.difference(&numbers).collect();
        assert!(
            missing.is_empty(),
            "round {round}: reported saved but missing: {missing:?}"
        );
        for n in &moved {
            let events = count(
                &conn,
                &format!(
                    "SELECT count(*) FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.number = '{n}'"
                ),
            );
            assert!(
                events >= 3,
                "round {round}: {n} reported moved but has {events} events"
            );
        }
        // No half-written reception or case.
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM receptions r WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.reception_id = r.id)"
            ),
            0
        );
        assert_eq!(
            count(
                &conn,
                "SELECT count(*) FROM cases c WHERE (SELECT count(*) FROM case_events e WHERE e.case_id = c.id) < 2"
            ),
            0
        );
        assert_eq!(
            count(&conn, "SELECT count(*) FROM case_search"),
            count(&conn, "SELECT count(*) FROM cases")
        );
        // The writer keeps its draft before its first save: once a save was
        // reported the draft must be there. (Not merely after round 0: on a
        // busy machine the first rounds may be killed before getting that far.)
        if !saved.is_empty() {
            assert_eq!(
                store.drafts("reception").unwrap().len(),
                1,
                "round {round}: the open draft"
            );
        }
    }
    assert!(
        saved.len() > rounds() / 2,
        "the writer made progress: {} receptions",
        saved.len()
    );
    eprintln!(
        "{} kills; {} receptions and {} transitions reported saved, all found",
        rounds(),
        saved.len(),
        moved.len()
    );
}
