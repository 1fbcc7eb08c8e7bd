//! Backups taken while another connection writes, rotation, and restores
//! that refuse a damaged file and keep what was there.

mod common;

use chrono::Duration;
use common::{now, reception, save, station};
use liaison_desk::domain::choices::Route;
use liaison_desk::store::DatabaseFailure;
use liaison_desk::store::backup::{KEEP_BACKUPS, backups_dir, list_backups, verify_database};
use liaison_desk::store::{Store, StoreError};

#[test]
fn a_backup_taken_while_another_terminal_writes_is_whole() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let path = fx.db_path();
    let writer = std::thread::spawn(move || {
        let mut other = Store::open(&path).unwrap();
        let deputies = vec![other.deputies(false).unwrap()[0].id.clone()];
        for i in 0..40 {
            let at = now() + Duration::minutes(i);
            other
                .save_reception(
                    &reception(Route::OnSpot),
                    &liaison_desk::store::SaveContext {
                        deputy_ids: &deputies,
                        recorder: "王建国",
                        now: at,
                        calendar: &liaison_desk::domain::calendar::Calendar::weekends_only(),
                        draft_id: None,
                    },
                )
                .unwrap();
        }
    });
    let mut taken = Vec::new();
    for i in 0..5 {
        let dest = fx.dir.path().join(format!("copy-{i}.db"));
        fx.store.backup_to(&dest).unwrap();
        taken.push(dest);
    }
    writer.join().unwrap();
    for copy in &taken {
        verify_database(copy).unwrap();
        let store = Store::open(copy).unwrap();
        assert!(store.integrity_problems().unwrap().is_empty());
        assert_eq!(store.first_broken_audit_entry().unwrap(), None);
        assert_eq!(store.seal_problems().unwrap(), vec![]);
        // Each copy holds whole receptions: every one with its case.
        let receptions = store.count_rows("receptions").unwrap();
        assert_eq!(receptions, store.count_rows("cases").unwrap());
        assert!(receptions >= 1);
    }
    let last = Store::open(&fx.dir.path().join("copy-4.db")).unwrap();
    assert!(last.count_rows("receptions").unwrap() <= 41);
}

#[test]
fn rotation_keeps_the_newest_backups() {
    let mut fx = station();
    let dir = backups_dir(&fx.db_path());
    for i in 0..(KEEP_BACKUPS as i64 + 3) {
        fx.store
            .backup_rotated(KEEP_BACKUPS, "秘书", now() + Duration::days(i))
            .unwrap();
    }
    let kept = list_backups(&dir);
    assert_eq!(kept.len(), KEEP_BACKUPS);
    let first = kept[0].file_name().unwrap().to_string_lossy().to_string();
    assert_eq!(first, "desk-20261113-093000.db", "the three oldest went");
    // Two backups in the same second both stay.
    fx.store.backup_rotated(100, "", now()).unwrap();
    fx.store.backup_rotated(100, "", now()).unwrap();
    assert_eq!(list_backups(&dir).len(), KEEP_BACKUPS + 2);
    assert_eq!(fx.store.audit_entries(1).unwrap()[0].action, "backup");
}

#[test]
fn restore_refuses_a_damaged_file_and_keeps_the_current_data_first() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let good = fx.dir.path().join("good.db");
    fx.store.backup_to(&good).unwrap();
    // Later work, which the restore will roll back (but keep in a backup).
    save(
        &mut fx,
        &reception(Route::OnSpot),
        now() + Duration::hours(1),
    );
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 2);

    let junk = fx.dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database at all, just bytes".repeat(200)).unwrap();
    let truncated = fx.dir.path().join("truncated.db");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    for bad in [&junk, &truncated] {
        let e = fx.store.restore_from(bad, "", now()).unwrap_err();
        assert!(
            matches!(e, StoreError::Database(DatabaseFailure::Corrupt)),
            "{e:?}"
        );
    }
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 2);
    assert!(list_backups(&backups_dir(&fx.db_path())).is_empty());

    let kept = fx.store.restore_from(&good, "秘书", now()).unwrap();
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 1);
    assert_eq!(fx.store.audit_entries(1).unwrap()[0].action, "restore");
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    let before = Store::open(&kept).unwrap();
    assert_eq!(before.count_rows("receptions").unwrap(), 2);
    // The restored database opens as usual and keeps working.
    let path = fx.db_path();
    drop(fx.store);
    let reopened = Store::open(&path).unwrap();
    assert!(reopened.integrity_problems().unwrap().is_empty());
    reopened.backup_to(&fx.dir.path().join("after.db")).unwrap();
}

#[test]
fn backup_and_restore_from_the_command_line() {
    let fx = station();
    let db = fx.db_path();
    drop(fx.store);
    let run = |args: &[&str]| {
        let account = [("USER", "zhiban")];
        let ran = common::run_cli_with(&db, "2026-11-10 17:00:00", args, &account);
        (ran.code, ran.said())
    };
    let (code, said) = run(&["backup"]);
    assert_eq!(code, Some(0), "{said}");
    assert!(
        said.contains("已备份并检查完好") && said.contains("desk-20261110-170000.db"),
        "{said}"
    );
    let copy = fx.dir.path().join("copy.db");
    let (code, said) = run(&["backup", "-o", copy.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    // Both backups are in the log, under the command line's name.
    let store = Store::open(&db).unwrap();
    let entries = store.audit_entries(2).unwrap();
    assert!(entries.iter().all(|e| e.action == "backup"), "{entries:?}");
    assert!(
        entries.iter().all(|e| e.actor == "命令行（zhiban）"),
        "{entries:?}"
    );
    assert!(entries[0].after.as_deref().unwrap().contains("copy.db"));
    drop(store);
    // Run where no account is named (a service, say): plain 命令行.
    let unnamed = [("USER", ""), ("USERNAME", ""), ("LOGNAME", "")];
    let ran = common::run_cli_with(&db, "2026-11-10 17:00:00", &["backup"], &unnamed);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.audit_entries(1).unwrap()[0].actor, "命令行");
    drop(store);
    let junk = fx.dir.path().join("junk.db");
    std::fs::write(&junk, [7u8; 5000]).unwrap();
    let (code, said) = run(&["restore", junk.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("未恢复，当前数据库没有改动"), "{said}");
    let (code, said) = run(&["restore", copy.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{said}");
    assert!(said.contains("恢复前的数据已另存为"), "{said}");
    // A new computer: the backup restored where there was no database is
    // the register again, and nothing claims to have kept "the data before".
    let fresh = fx.dir.path().join("新电脑").join("desk.db");
    std::fs::create_dir(fresh.parent().unwrap()).unwrap();
    let ran = common::run_cli(
        &fresh,
        "2026-11-10 17:00:00",
        &["restore", copy.to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.said().contains("这里原来没有数据库"), "{}", ran.said());
    assert!(!ran.said().contains("恢复前的数据"), "{}", ran.said());
    let restored = Store::open(&fresh).unwrap();
    assert_eq!(
        restored.station().unwrap().map(|s| s.code),
        Store::open(&db).unwrap().station().unwrap().map(|s| s.code)
    );
    drop(restored);
    // No empty "before" kept among the backups, and the result checks clean.
    let kept = std::fs::read_dir(fresh.parent().unwrap().join("backups"))
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(kept, 0);
    let ran = common::run_cli(&fresh, "2026-11-10 17:00:00", &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    // A refused restore onto a new path leaves no database there.
    let other = fx.dir.path().join("新电脑").join("other.db");
    let ran = common::run_cli(
        &other,
        "2026-11-10 17:00:00",
        &["restore", junk.to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(!other.exists());
}

#[test]
fn the_oldest_of_the_kept_backups_can_be_restored() {
    let mut fx = station();
    let dir = backups_dir(&fx.db_path());
    // The oldest backup holds one reception; every later one two.
    save(&mut fx, &reception(Route::OnSpot), now());
    fx.store
        .backup_rotated(KEEP_BACKUPS, "秘书", now())
        .unwrap();
    save(
        &mut fx,
        &reception(Route::OnSpot),
        now() + Duration::hours(1),
    );
    for i in 1..KEEP_BACKUPS as i64 {
        fx.store
            .backup_rotated(KEEP_BACKUPS, "秘书", now() + Duration::days(i))
            .unwrap();
    }
    let kept = list_backups(&dir);
    assert_eq!(kept.len(), KEEP_BACKUPS);
    let oldest = kept[0].clone();
    assert_eq!(
        oldest.file_name().unwrap().to_string_lossy(),
        "desk-20261110-093000.db"
    );
    assert_eq!(
        Store::open(&oldest)
            .unwrap()
            .count_rows("receptions")
            .unwrap(),
        1
    );
    let later = now() + Duration::days(KEEP_BACKUPS as i64);
    // Keeping the current data rotates the oldest backup, the source, away.
    let before = fx.store.restore_from(&oldest, "秘书", later).unwrap();
    assert_eq!(fx.store.count_rows("receptions").unwrap(), 1);
    assert_eq!(fx.store.audit_entries(1).unwrap()[0].action, "restore");
    assert!(fx.store.integrity_problems().unwrap().is_empty());
    let after = list_backups(&dir);
    assert_eq!(after.len(), KEEP_BACKUPS);
    assert_eq!(after.last(), Some(&before));
    assert!(!oldest.exists(), "rotation removed the restored file");
    assert_eq!(
        Store::open(&before)
            .unwrap()
            .count_rows("receptions")
            .unwrap(),
        2
    );
}

#[test]
fn a_backup_on_a_thread_of_its_own_is_whole_logged_and_rotated() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let dir = backups_dir(&fx.db_path());
    std::fs::create_dir_all(&dir).unwrap();
    // A folder already full: the new backup pushes the oldest out.
    for i in 0..KEEP_BACKUPS {
        std::fs::write(dir.join(format!("desk-20200101-0000{i:02}.db")), b"old").unwrap();
    }
    let job = fx.store.start_backup("林秘书", now()).unwrap();
    // The interface writes while the copy is taken.
    save(&mut fx, &reception(Route::OnSpot), now());
    let copied = loop {
        if let Some(result) = job.wait(std::time::Duration::from_millis(50)) {
            break result;
        }
        assert!(job.share_done() <= 1.0);
    };
    assert!(copied.is_ok(), "{copied:?}");
    assert_eq!(job.share_done(), 1.0);
    let path = fx
        .store
        .finish_backup(&job, copied, KEEP_BACKUPS, "林秘书", now())
        .unwrap();
    assert_eq!(path, job.dest());
    verify_database(&path).unwrap();
    let kept = list_backups(&dir);
    assert_eq!(kept.len(), KEEP_BACKUPS);
    assert!(kept.contains(&path));
    // The copy holds its own audit entry, logged before it was taken.
    let logged: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'backup' AND after LIKE ?1",
            [format!("%{}%", path.file_name().unwrap().to_string_lossy())],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 1);
}

#[test]
fn a_failed_backup_on_a_thread_is_logged_as_failed() {
    let mut fx = station();
    let job = fx.store.start_backup("林秘书", now()).unwrap();
    let copied = loop {
        if let Some(result) = job.wait(std::time::Duration::from_millis(50)) {
            break result;
        }
    };
    assert!(copied.is_ok());
    // As if the copy had failed: the failure is the store's to log.
    let failed = fx.store.finish_backup(
        &job,
        Err(StoreError::Database(DatabaseFailure::Full)),
        KEEP_BACKUPS,
        "林秘书",
        now(),
    );
    assert!(matches!(
        failed,
        Err(StoreError::Database(DatabaseFailure::Full))
    ));
    let conn = rusqlite::Connection::open(fx.db_path()).unwrap();
    let last: String = conn
        .query_row(
            "SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(last, "backup.failed");
}

#[test]
fn a_hubs_rotated_backups_take_their_copies_folders_with_them() {
    use liaison_desk::store::backup::copies_beside;
    let dir = tempfile::tempdir().unwrap();
    let mut hub = Store::open(&dir.path().join("hub.db")).unwrap();
    hub.init_hub("SZL", "十字路街道人大工委", now()).unwrap();
    let made: Vec<_> = (0..3)
        .map(|i| {
            hub.backup_rotated(2, "秘书", now() + Duration::days(i))
                .unwrap()
        })
        .collect();
    // Each backup has its (here empty) folder of station copies beside it.
    assert!(copies_beside(&made[2]).is_dir());
    assert!(!made[0].exists());
    assert!(!copies_beside(&made[0]).exists(), "the oldest went whole");
    assert!(copies_beside(&made[1]).is_dir());
    assert_eq!(list_backups(&backups_dir(hub.path())).len(), 2);
}
