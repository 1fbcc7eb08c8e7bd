//! Faults from outside: a read-only file or folder, a full disk, a lock
//! held by another program, damaged and newer files, two programs on one
//! database, and broken theme, config and calendar files. Real SQLite files
//! in temporary folders and the real binary (on the command line and in a
//! pseudo-terminal); nothing is mocked. Each fault must give a Chinese
//! message and a non-zero exit or a screen to carry on from, never a panic,
//! and must leave the data as it was.

mod common;

use common::pty;
use common::screen::Harness;
use common::{Fixture, add_users, now, reception, referral, run_cli_with, save, station, user_for};
use crossterm::event::{Event, KeyCode};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case::CaseUpdate;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::ids::CaseId;
use liaison_desk::domain::roles::Role;
use liaison_desk::i18n::{Lang, Strings, strings};
use liaison_desk::store::DatabaseFailure;
use liaison_desk::store::{SCHEMA_VERSION, SaveContext, Store, StoreError};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_liaison-desk");
const AT: &str = "2026-11-10 09:30:00";

fn zh() -> &'static Strings {
    strings(Lang::Zh)
}

// ---------------------------------------------------------------------------
// Helpers: a real database, the binary on the command line and in a
// pseudo-terminal, and files made really unwritable (also for root).

/// A station with two receptions (one referred) and the fixture's users,
/// closed, so the file on disk is whole (WAL checkpointed).
fn real_database() -> (tempfile::TempDir, PathBuf) {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let r = referral(&fx, 0);
    save(&mut fx, &r, now());
    add_users(&mut fx.store);
    let Fixture { dir, store, .. } = fx;
    let path = store.path().to_path_buf();
    drop(store);
    (dir, path)
}

/// A home folder of its own, so no config of the machine is read.
fn home() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn cli(db: &Path, home: &Path, args: &[&str]) -> common::Ran {
    let config = home.join("config");
    let env = [
        ("HOME", home.to_str().unwrap()),
        ("XDG_CONFIG_HOME", config.to_str().unwrap()),
    ];
    run_cli_with(db, AT, args, &env)
}

/// The real interactive program in a pseudo-terminal, 160 columns wide so
/// that a message fits on a line.
struct Session;

impl Session {
    fn start(db: &Path, home: &Path) -> pty::Session {
        pty::Session::spawn(home, db, (160, 30), &[], &[])
    }
}

/// Runs the interactive program until it ends: whether it succeeded, what
/// the terminal shows, and whether the alternate screen was left on.
fn interactive(db: &Path, home: &Path) -> (bool, String, bool) {
    let mut s = Session::start(db, home);
    let status = s.wait_exit();
    (status.success(), s.flat_screen(), s.alternate_screen())
}

/// A file or folder made really unwritable: `chattr +i` (immutable: not
/// even root may write to it or create files in it), or where that is not
/// allowed (an ordinary user) the permissions, which do stop such a user.
/// Undone on drop.
struct Unwritable {
    path: PathBuf,
    mode: Option<u32>,
}

impl Unwritable {
    fn make(path: &Path) -> Result<Unwritable, String> {
        use std::os::unix::fs::PermissionsExt;
        let chattr = Command::new("chattr").arg("+i").arg(path).output();
        let guard = match chattr {
            Ok(o) if o.status.success() => Unwritable {
                path: path.to_path_buf(),
                mode: None,
            },
            _ => {
                let mode = std::fs::metadata(path).unwrap().permissions().mode();
                let ro = std::fs::Permissions::from_mode(mode & !0o222);
                std::fs::set_permissions(path, ro).unwrap();
                Unwritable {
                    path: path.to_path_buf(),
                    mode: Some(mode),
                }
            }
        };
        if guard.holds() {
            Ok(guard)
        } else {
            Err(format!(
                "neither `chattr +i` nor permissions make {} unwritable for this user",
                path.display()
            ))
        }
    }

    fn holds(&self) -> bool {
        if self.path.is_dir() {
            let probe = self.path.join(".probe");
            match std::fs::File::create(&probe) {
                Ok(_) => {
                    let _ = std::fs::remove_file(&probe);
                    false
                }
                Err(_) => true,
            }
        } else {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&self.path)
                .is_err()
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        match self.mode {
            None => {
                let _ = Command::new("chattr").arg("-i").arg(&self.path).status();
            }
            Some(mode) => {
                let _ = std::fs::set_permissions(&self.path, std::fs::Permissions::from_mode(mode));
            }
        }
    }
}

/// Makes `path` unwritable, or ends the test saying why it cannot be done
/// here (outside CI; in CI that is a failure).
macro_rules! unwritable_or_skip {
    ($path:expr) => {
        match Unwritable::make($path) {
            Ok(guard) => guard,
            // CI runs where chattr works: a skip there would hide a gap.
            Err(why) if std::env::var_os("CI").is_some() => {
                panic!("cannot make {} unwritable in CI: {why}", $path.display())
            }
            Err(why) => {
                eprintln!("SKIPPED {}: {why}", module_path!());
                return;
            }
        }
    };
}

/// Fails, naming the first byte that differs, unless `path` holds `before`.
fn assert_unchanged(path: &Path, before: Option<&[u8]>) {
    let now = std::fs::read(path).ok();
    if now.as_deref() == before {
        return;
    }
    let (now, before) = (now.unwrap_or_default(), before.unwrap_or_default());
    let first = now.iter().zip(before).position(|(a, b)| a != b);
    panic!(
        "{} changed: {} bytes, was {}; first difference at byte {first:?}",
        path.display(),
        now.len(),
        before.len()
    );
}

fn crash_reports(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .count()
}

/// The file is refused the same way by the store, by `liaison-desk check`
/// and by the interactive program: the message of `expected` in Chinese,
/// a non-zero exit, the terminal restored, and the file unchanged.
fn refused_everywhere(db: &Path, expected: &StoreError, keyword: &str) {
    let message = zh().store_error(expected);
    assert!(message.contains(keyword), "{message}");
    let before = std::fs::read(db).ok();
    let home = home();

    let err = Store::open(db).err();
    assert_eq!(
        err.as_ref().map(|e| zh().store_error(e)),
        Some(message.clone()),
        "the store: {err:?}"
    );

    // `check` only reads, so a read-only file is no fault to it.
    let commands: &[&[&str]] =
        if matches!(expected, StoreError::Database(DatabaseFailure::ReadOnly)) {
            &[&["backup"]]
        } else {
            &[&["check"], &["backup"]]
        };
    for args in commands {
        let ran = cli(db, home.path(), args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.said());
        assert!(
            ran.stderr.contains(&message),
            "{args:?} said: {}",
            ran.said()
        );
        assert!(!ran.said().contains("panicked"), "{}", ran.said());
    }

    let (success, screen, alternate) = interactive(db, home.path());
    assert!(!success, "the interactive program must fail: {screen}");
    assert!(screen.contains(&message), "the terminal shows:\n{screen}");
    assert!(!alternate, "terminal restored:\n{screen}");
    assert!(!screen.contains("panicked"), "{screen}");

    assert_unchanged(db, before.as_deref());
    if let Some(dir) = db.parent() {
        assert_eq!(crash_reports(dir), 0);
    }
}

// ---------------------------------------------------------------------------
// 1. Faults

#[test]
fn a_read_only_database_file_is_refused_and_left_alone() {
    let (dir, db) = real_database();
    let before = std::fs::read(&db).unwrap();
    {
        let _guard = unwritable_or_skip!(&db);
        refused_everywhere(
            &db,
            &StoreError::Database(DatabaseFailure::ReadOnly),
            "只读",
        );
        let ran = cli(&db, home().path(), &["check"]);
        assert_eq!(
            ran.code,
            Some(0),
            "check reads a read-only file: {}",
            ran.said()
        );
        assert!(ran.stdout.contains("检查通过"), "{}", ran.said());
        assert_unchanged(&db, Some(&before));
    }
    // Writable again: everything is still there.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count_rows("receptions").unwrap(), 2);
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    drop(store);
    assert_unchanged(&db, Some(&before));
    drop(dir);
}

#[test]
fn a_database_in_a_folder_that_cannot_be_written_is_refused() {
    let (dir, db) = real_database();
    let before = std::fs::read(&db).unwrap();
    let new_db = dir.path().join("new.db");
    {
        let _guard = unwritable_or_skip!(dir.path());
        // The existing database: its journal (WAL) cannot be made beside it.
        // SQLite calls that "cannot open" or "read-only" depending on how
        // the folder refuses (immutable or permissions); either message is
        // shown in full, in Chinese.
        for path in [&db, &new_db] {
            let err = Store::open(path).err();
            assert!(
                matches!(
                    err,
                    Some(
                        StoreError::Database(DatabaseFailure::CannotOpen(_))
                            | StoreError::Database(DatabaseFailure::ReadOnly)
                    )
                ),
                "{}: {err:?}",
                path.display()
            );
            let message = zh().store_error(&err.unwrap());
            // The system's own (English) words are not passed on.
            assert!(
                !message.chars().any(|c| c.is_ascii_alphabetic()),
                "{message}"
            );
            let expected = message.split('：').next().unwrap();
            assert!(
                expected.starts_with("无法打开数据库文件") || expected.contains("只读"),
                "{message}"
            );
            let home = home();
            // A command that writes (`check` only reads, see below).
            let ran = cli(path, home.path(), &["backup"]);
            assert_eq!(ran.code, Some(2), "{}", ran.said());
            assert!(ran.stderr.contains(expected), "{}", ran.said());
            let (success, screen, alternate) = interactive(path, home.path());
            assert!(!success && !alternate, "{screen}");
            assert!(screen.contains(expected), "{screen}");
        }
        // `check` reads the existing file as it stands, and makes no new one.
        let ran = cli(&db, home().path(), &["check"]);
        assert_eq!(ran.code, Some(0), "{}", ran.said());
        assert!(ran.stdout.contains("检查通过"), "{}", ran.said());
        let ran = cli(&new_db, home().path(), &["check"]);
        assert_eq!(ran.code, Some(2), "{}", ran.said());
        assert_unchanged(&db, Some(&before));
        assert!(!new_db.exists());
    }
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count_rows("receptions").unwrap(), 2);
    assert!(store.integrity_problems().unwrap().is_empty());
}

/// Row counts of what a save or a transition writes.
fn written(store: &Store) -> Vec<i64> {
    [
        "receptions",
        "cases",
        "case_events",
        "case_search",
        "audit_log",
    ]
    .iter()
    .map(|t| store.count_rows(t).unwrap())
    .collect()
}

#[test]
fn a_full_disk_refuses_a_save_whole_and_the_same_save_succeeds_after() {
    let mut fx = station();
    let r = referral(&fx, 0);
    let first = save(&mut fx, &r, now());
    fx.store
        .save_draft(
            "d1",
            "reception",
            "",
            "{\"visitor_name\":\"孙大姐\"}",
            now(),
        )
        .unwrap();
    let before = written(&fx.store);
    let version = fx.store.case_state(&first.case_id).unwrap().version;

    // Far more than the free room of any page: the save needs new pages.
    let mut big = reception(Route::OnSpot);
    big.content = "村民反映河道两岸垃圾堆积，夏季蚊蝇滋生。".repeat(200);
    let deputies = vec![fx.deputies[0].clone()];
    let calendar = Calendar::weekends_only();
    let cx = SaveContext {
        deputy_ids: &deputies,
        recorder: "王建国",
        now: now(),
        calendar: &calendar,
        draft_id: Some("d1"),
    };
    let chase = CaseUpdate::Supervise {
        level: "chase".into(),
        note: "请尽快答复。".repeat(800),
    };
    let limit = fx.store.limit_pages_for_tests(Some(0)).unwrap();
    assert!(limit > 0);

    let err = fx.store.save_reception(&big, &cx).unwrap_err();
    assert!(
        matches!(err, StoreError::Database(DatabaseFailure::Full)),
        "{err:?}"
    );
    let message = zh().store_error(&err);
    assert!(message.starts_with("磁盘已满"), "{message}");
    let err = fx
        .store
        .transition(&first.case_id, version, &chase, "秘书", now())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Database(DatabaseFailure::Full)),
        "{err:?}"
    );
    let err = fx
        .store
        .save_draft("d1", "reception", "", &big.content, now())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Database(DatabaseFailure::Full)),
        "{err:?}"
    );

    // Nothing half-written: same rows, same chain, same case, old draft kept.
    assert_eq!(written(&fx.store), before);
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    assert!(fx.store.integrity_problems().unwrap().is_empty());
    assert_eq!(
        fx.store.case_state(&first.case_id).unwrap().version,
        version
    );
    let drafts = fx.store.drafts("reception").unwrap();
    assert_eq!(drafts.len(), 1);
    assert!(drafts[0].data.contains("孙大姐"));

    // Room again: the very same save and transition go through.
    fx.store.limit_pages_for_tests(None).unwrap();
    let saved = fx.store.save_reception(&big, &cx).unwrap();
    fx.store
        .transition(&first.case_id, version, &chase, "秘书", now())
        .unwrap();
    assert_eq!(fx.store.count_rows("receptions").unwrap(), before[0] + 1);
    let rows = fx.store.receptions_on(now().date()).unwrap();
    let row = rows.iter().find(|r| r.number == saved.number).unwrap();
    assert_eq!(row.content, big.content);
    assert!(
        fx.store.drafts("reception").unwrap().is_empty(),
        "draft used up"
    );
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    assert!(fx.store.integrity_problems().unwrap().is_empty());
}

#[test]
fn a_full_disk_at_the_desk_keeps_the_form_and_says_so() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    add_users(&mut fx.store);
    let path = fx.db_path();
    let Fixture { dir, mut store, .. } = fx;
    // Signing in and moving about fit in the pages there are; the long
    // reception does not.
    store.limit_pages_for_tests(Some(0)).unwrap();
    let mut h = Harness::start(store, dir, 100, 30, Lang::Zh);
    h.sign_in(Role::Secretary);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    h.typed("钱老伯").tabs(3).typed("13900001111");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("交通")
        .key(KeyCode::Enter)
        .key(KeyCode::Tab);
    let long = "河道两岸垃圾堆积，夏季蚊蝇滋生，影响周边群众生活。".repeat(150);
    h.app.handle_event(Event::Paste(long.clone()));
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .typed("已记录。");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("磁盘已满"), "{frame}");
    assert!(!frame.contains("登记完成"), "{frame}");
    // The draft cannot be written either, and the form says that too.
    h.app.flush();
    let frame = h.frame();
    assert!(frame.contains(zh().draft_not_saved), "{frame}");
    assert!(frame.contains("已记录。"), "the form is as typed:\n{frame}");
    let back = h.key(KeyCode::PageUp).key(KeyCode::PageUp).frame();
    assert!(
        back.contains("钱老伯") && back.contains("13900001111"),
        "{back}"
    );
    let other = Store::open(&path).unwrap();
    assert_eq!(other.count_rows("receptions").unwrap(), 0);
    assert!(other.integrity_problems().unwrap().is_empty());
    assert_eq!(other.first_broken_audit_entry().unwrap(), None);
    assert_eq!(other.seal_problems().unwrap(), vec![]);
}

/// Another program's write transaction, held until dropped.
struct HeldLock(rusqlite::Connection);

impl HeldLock {
    fn take(db: &Path) -> HeldLock {
        let conn = rusqlite::Connection::open(db).unwrap();
        conn.execute_batch("BEGIN IMMEDIATE").unwrap();
        HeldLock(conn)
    }

    fn release(self) {
        self.0.execute_batch("ROLLBACK").unwrap();
    }
}

#[test]
fn a_second_program_meets_a_held_lock_with_a_message_and_goes_on_after() {
    let (dir, db) = real_database();
    let home = home();
    let csv = dir.path().join("接待.csv");
    std::fs::write(
        &csv,
        "接待日期,值班代表,来访人,类别,反映内容,处理方式,现场答复\n\
         2026-11-09,王建国,周阿姨,交通出行,路灯坏了三个月。,现场答复,已登记。\n",
    )
    .unwrap();
    let message = zh().store_error(&StoreError::Database(DatabaseFailure::Locked));
    assert!(message.contains("占用"), "{message}");

    let lock = HeldLock::take(&db);
    // Reading goes on beside a writer (WAL).
    let ran = cli(&db, home.path(), &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    // Writing waits the busy timeout, then says so; nothing is imported.
    let start = Instant::now();
    let ran = cli(
        &db,
        home.path(),
        &["import", "receptions", csv.to_str().unwrap()],
    );
    let waited = start.elapsed();
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stderr.contains(&message), "{}", ran.said());
    assert!(waited >= Duration::from_secs(4), "waited only {waited:?}");
    lock.release();
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count_rows("receptions").unwrap(), 2);
    drop(store);

    // Once the other program lets go, the same command goes through.
    let ran = cli(
        &db,
        home.path(),
        &["import", "receptions", csv.to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count_rows("receptions").unwrap(), 3);
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}

#[test]
fn the_desk_signing_in_meets_a_held_lock_and_signs_in_once_it_is_released() {
    let (_dir, db) = real_database();
    let home = home();
    let lock = HeldLock::take(&db);
    let mut s = Session::start(&db, home.path());
    s.expect("林秘书（秘书）");
    let (position, pin) = user_for(Role::Secretary);
    for _ in 0..position {
        s.send("\x1b[B");
    }
    s.send(pin).send("\r");
    let message = zh().store_error(&StoreError::Database(DatabaseFailure::Locked));
    let screen = s.expect(&message);
    assert!(s.alternate_screen(), "still in the program:\n{screen}");
    lock.release();
    s.send(pin).send("\r");
    s.expect("接待来访");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen(), "terminal restored");
}

/// Bytes no file format would make, the same every run.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn random_bytes_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, noise(16384, 0x2026_1110)).unwrap();
    refused_everywhere(
        &junk,
        &StoreError::Database(DatabaseFailure::Corrupt),
        "损坏",
    );
    // Random pages behind a real SQLite header.
    let fake = dir.path().join("fake.db");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(noise(16384 - bytes.len(), 7));
    std::fs::write(&fake, bytes).unwrap();
    refused_everywhere(
        &fake,
        &StoreError::Database(DatabaseFailure::Corrupt),
        "损坏",
    );
}

#[test]
fn a_truncated_database_is_refused_and_left_alone() {
    let (dir, db) = real_database();
    // The same database as a backup writes it (rollback journal, no WAL).
    let backup = dir.path().join("backup.db");
    Store::open(&db).unwrap().backup_to(&backup).unwrap();
    let mut cases = 0;
    for source in [&db, &backup] {
        let whole = std::fs::read(source).unwrap();
        assert!(whole.len() > 8 * 4096, "a database of several pages");
        let page = 4096;
        for cut in [100, page, whole.len() / 2 + 1000, whole.len() - page] {
            let cut_path = dir.path().join(format!("cut-{cases}.db"));
            std::fs::write(&cut_path, &whole[..cut]).unwrap();
            refused_everywhere(
                &cut_path,
                &StoreError::Database(DatabaseFailure::Corrupt),
                "损坏",
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 8);
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_alone() {
    let (dir, db) = real_database();
    let backup = dir.path().join("backup.db");
    Store::open(&db).unwrap().backup_to(&backup).unwrap();
    let newer = SCHEMA_VERSION + 1;
    // In WAL mode (a desk's own file) and in rollback mode (a backup copied
    // over from a newer desk): opening must not even switch its journal.
    for path in [&db, &backup] {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {newer}"))
            .unwrap();
        drop(conn);
        let expected = StoreError::Database(DatabaseFailure::NewerSchema {
            found: newer,
            supported: SCHEMA_VERSION,
        });
        refused_everywhere(path, &expected, "更新版本");
    }
}

#[test]
fn damage_inside_a_database_is_reported_by_check_and_left_alone() {
    let (_dir, db) = real_database();
    // Overwrite a page of register rows (not of the schema, which spans
    // more than the first page and whose damage is another failure).
    let root: usize = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'receptions'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    let at = (root - 1) * page;
    bytes[at..at + page].copy_from_slice(&noise(page, 99));
    std::fs::write(&db, &bytes).unwrap();
    let home = home();
    let ran = cli(&db, home.path(), &["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(
        ran.stdout.contains(zh().cli_check_failed)
            || ran
                .stdout
                .contains(&zh().store_error(&StoreError::Database(DatabaseFailure::Corrupt))),
        "{}",
        ran.said()
    );
    assert!(!ran.said().contains("panicked"), "{}", ran.said());
    assert_unchanged(&db, Some(&bytes));
}

// ---------------------------------------------------------------------------
// 2. Two programs on one database

/// The binary answering `save`, `look`, `chase` and `bump` (see
/// `demo::answer_commands`).
struct Driver {
    child: std::process::Child,
    stdin: Option<std::process::ChildStdin>,
    out: BufReader<std::process::ChildStdout>,
}

impl Driver {
    fn start(db: &Path, home: &Path) -> Driver {
        let mut child = Command::new(BIN)
            .args(["--db", db.to_str().unwrap(), "answer-commands"])
            .env("HOME", home)
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env("LIAISON_DESK_NOW", AT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take();
        let out = BufReader::new(child.stdout.take().unwrap());
        Driver { child, stdin, out }
    }

    fn ask(&mut self, command: &str) -> Vec<String> {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{command}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        self.out.read_line(&mut line).unwrap();
        line.split_whitespace().map(String::from).collect()
    }

    /// Sends every command at once and lets the program run through them.
    fn send_all(&mut self, commands: &[String]) {
        let stdin = self.stdin.as_mut().unwrap();
        for c in commands {
            writeln!(stdin, "{c}").unwrap();
        }
        stdin.flush().unwrap();
        self.stdin = None; // end of input: the program finishes and exits
    }

    fn answers(mut self) -> Vec<Vec<String>> {
        let lines: Vec<Vec<String>> = (&mut self.out)
            .lines()
            .map(|l| l.unwrap().split_whitespace().map(String::from).collect())
            .collect();
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status:?}");
        lines
    }
}

#[test]
fn two_programs_on_one_database_lose_nothing_and_refuse_stale_transitions() {
    let (_dir, db) = real_database();
    let home = home();
    let mut a = Driver::start(&db, home.path());
    let mut b = Driver::start(&db, home.path());
    let mut saved: Vec<String> = Vec::new();
    let mut moved: HashMap<String, Vec<i64>> = HashMap::new();

    // In lock step, each of A and B saves a case, then both look at A's
    // case and act on what they saw: whoever comes second is refused.
    let sa = a.ask("save");
    let sb = b.ask("save");
    assert_eq!(
        (sa[0].as_str(), sb[0].as_str()),
        ("saved", "saved"),
        "{sa:?} {sb:?}"
    );
    assert_ne!(sa[1], sb[1], "each number given once");
    saved.extend([sa[1].clone(), sb[1].clone()]);
    let (x, y) = (sa[2].clone(), sb[2].clone());
    let (case_x, case_y) = (CaseId::from(x.as_str()), CaseId::from(y.as_str()));
    let start_x: i64 = a.ask(&format!("look {x}"))[2].parse().unwrap();
    let start_y: i64 = a.ask(&format!("look {y}"))[2].parse().unwrap();
    assert_eq!(
        b.ask(&format!("look {x}"))[2].parse::<i64>().unwrap(),
        start_x
    );

    let first = a.ask(&format!("chase {x} {start_x}"));
    assert_eq!(
        first,
        vec!["moved".into(), x.clone(), (start_x + 1).to_string()]
    );
    let second = b.ask(&format!("chase {x} {start_x}"));
    assert_eq!(
        second,
        vec!["stale".to_string(), x.clone()],
        "B saw an old version"
    );
    // B looks again and acts; now A's view is the old one.
    let seen: i64 = b.ask(&format!("look {x}"))[2].parse().unwrap();
    assert_eq!(seen, start_x + 1);
    assert_eq!(b.ask(&format!("chase {x} {seen}"))[0], "moved");
    assert_eq!(a.ask(&format!("chase {x} {seen}"))[0], "stale");
    moved.insert(x.clone(), vec![start_x + 1, start_x + 2]);
    let after_lockstep = Store::open(&db).unwrap();
    assert_eq!(
        after_lockstep.case_state(&case_x).unwrap().version,
        start_x + 2
    );
    drop(after_lockstep);

    // Then both at full speed: saves and look-then-act on the same two
    // cases, interleaved however the machine runs them.
    let script: Vec<String> = (0..100)
        .flat_map(|i| {
            let case = if i % 2 == 0 { &x } else { &y };
            [
                "save".to_string(),
                format!("bump {case}"),
                format!("bump {x}"),
            ]
        })
        .collect();
    let started = Instant::now();
    a.send_all(&script);
    b.send_all(&script);
    let mut stale = 0;
    for answers in [a.answers(), b.answers()] {
        assert_eq!(answers.len(), script.len());
        for words in answers {
            match words[0].as_str() {
                "saved" => saved.push(words[1].clone()),
                "moved" => moved
                    .entry(words[1].clone())
                    .or_default()
                    .push(words[2].parse().unwrap()),
                "stale" => stale += 1,
                _ => panic!("unexpected answer {words:?}"),
            }
        }
    }
    let took = started.elapsed();

    let store = Store::open(&db).unwrap();
    // Every reported save is there, once, under its own number.
    let numbers: HashSet<String> = store
        .receptions_on(now().date())
        .unwrap()
        .into_iter()
        .map(|r| r.number)
        .collect();
    let reported: HashSet<String> = saved.iter().cloned().collect();
    assert_eq!(reported.len(), saved.len(), "no number given twice");
    assert!(
        reported.is_subset(&numbers),
        "missing: {:?}",
        reported.difference(&numbers)
    );
    assert_eq!(
        store.count_rows("receptions").unwrap(),
        2 + saved.len() as i64
    );
    // Every reported transition applied exactly once: one event each, the
    // versions reported all different, the case at its start plus them.
    for (case, id, start) in [(&x, &case_x, start_x), (&y, &case_y, start_y)] {
        let mut versions = moved.get(case).cloned().unwrap_or_default();
        let events = store
            .case_detail(id)
            .unwrap()
            .timeline
            .iter()
            .filter(|e| e.kind == "supervise")
            .count();
        assert_eq!(events, versions.len(), "{case}: events against reports");
        versions.sort();
        let expected: Vec<i64> = (1..=versions.len() as i64).map(|n| start + n).collect();
        assert_eq!(versions, expected, "{case}: each version once");
        assert_eq!(store.case_state(id).unwrap().version, start + events as i64);
    }
    assert!(store.integrity_problems().unwrap().is_empty());
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    eprintln!(
        "two programs: {} saves, {} transitions, {} refused as stale at full speed, in {took:?}",
        saved.len(),
        moved.values().map(Vec::len).sum::<usize>(),
        stale
    );
}

// ---------------------------------------------------------------------------
// 3. Bad input files: theme, config and working calendar

#[test]
fn a_theme_file_that_is_not_text_is_reported_and_the_built_in_theme_used() {
    let (_dir, db) = real_database();
    let home = home();
    let themes = home.path().join("config/liaison-desk/themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::fs::write(themes.join("default.toml"), b"[title]\nfg = \"\xff\xfe\"\n").unwrap();
    let mut s = Session::start(&db, home.path());
    let screen = s.expect("已改用内置主题");
    assert!(screen.contains("主题文件"), "{screen}");
    s.expect("林秘书（秘书）");
    s.send("\x03");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    assert!(!s.alternate_screen(), "terminal restored");
}

mod bad_files {
    use liaison_desk::config::Config;
    use liaison_desk::domain::calendar::{Calendar, CalendarError};
    use liaison_desk::i18n::Lang;
    use liaison_desk::ui::theme::{ROLES, Theme};
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier, Style};
    use std::str::FromStr;

    fn role(theme: &Theme, name: &str) -> Style {
        match name {
            "text" => theme.text,
            "title" => theme.title,
            "border" => theme.border,
            "selection" => theme.selection,
            "focus" => theme.focus,
            "invalid" => theme.invalid,
            "ok" => theme.ok,
            "warn" => theme.warn,
            "error" => theme.error,
            "muted" => theme.muted,
            "key" => theme.key,
            other => panic!("no role {other}"),
        }
    }

    /// A TOML string literal holding `s` exactly.
    fn quoted(s: &str) -> String {
        toml::Value::String(s.to_string()).to_string()
    }

    /// Colours as a theme file may write them.
    fn colour() -> impl Strategy<Value = String> {
        prop_oneof![
            prop::sample::select(vec![
                "black",
                "red",
                "green",
                "yellow",
                "blue",
                "magenta",
                "cyan",
                "gray",
                "darkgray",
                "lightred",
                "lightgreen",
                "lightblue",
                "white",
                "reset",
            ])
            .prop_map(String::from),
            any::<u32>().prop_map(|c| format!("#{:06x}", c & 0xff_ffff)),
            any::<u8>().prop_map(|i| i.to_string()),
        ]
    }

    /// Some roles, each with a colour and a bold flag.
    fn overrides() -> impl Strategy<Value = Vec<(&'static str, String, bool)>> {
        prop::collection::vec(
            (
                prop::sample::select(ROLES.to_vec()),
                colour(),
                any::<bool>(),
            ),
            0..6,
        )
        .prop_map(|mut specs| {
            // One entry per role: a TOML table may not be written twice.
            let mut seen = std::collections::HashSet::new();
            specs.retain(|(r, ..)| seen.insert(*r));
            specs
        })
    }

    fn theme_text(specs: &[(&str, String, bool)]) -> String {
        specs
            .iter()
            .map(|(r, fg, bold)| format!("[{r}]\nfg = {}\nbold = {bold}\n", quoted(fg)))
            .collect()
    }

    /// Bytes derived from a valid text: some bytes replaced, dropped or
    /// added, or the text cut short.
    fn mangled(text: String) -> impl Strategy<Value = Vec<u8>> {
        let len = text.len().max(1);
        prop::collection::vec((0..len, any::<u8>(), 0..4u8), 1..6).prop_map(move |edits| {
            let mut bytes = text.clone().into_bytes();
            for (at, byte, how) in edits {
                let at = at.min(bytes.len());
                match how {
                    0 if at < bytes.len() => bytes[at] = byte,
                    1 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    2 => bytes.insert(at, byte),
                    _ => bytes.truncate(at),
                }
            }
            bytes
        })
    }

    fn theme_file() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..300),
            ".*".prop_map(String::into_bytes),
            overrides().prop_flat_map(|specs| mangled(theme_text(&specs))),
        ]
    }

    /// What a theme load must always give: a problem means the built-in
    /// theme, and bytes that are not text are a problem.
    fn check_theme(name: &str, bytes: &[u8]) -> Result<(), TestCaseError> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(format!("{name}.toml")), bytes).unwrap();
        let (theme, problem) = Theme::load(name, Some(dir.path()));
        if let Some((file, why)) = &problem {
            prop_assert_eq!(&theme, &Theme::fallback());
            prop_assert!(!file.is_empty() && !why.is_empty());
        }
        if std::str::from_utf8(bytes).is_err() {
            prop_assert!(problem.is_some(), "a file that is not text is reported");
        }
        Ok(())
    }

    fn config_file() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            ".*".prop_map(String::into_bytes),
            (prop::sample::select(vec!["zh", "en", "fr", "ZH", ""]), ".*").prop_flat_map(
                |(lang, theme)| mangled(format!("lang = \"{lang}\"\ntheme = {}\n", quoted(&theme)))
            ),
        ]
    }

    /// One entry of a calendar list: (text, whether it is valid).
    fn calendar_entry() -> impl Strategy<Value = (String, bool)> {
        let day = (1900i32..2200, 1u32..=12, 1u32..=28)
            .prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap());
        prop_oneof![
            4 => day.clone().prop_map(|d| (d.to_string(), true)),
            4 => (day.clone(), 0i64..=366).prop_map(|(d, n)| {
                let end = d + chrono::Duration::days(n);
                (format!("{d}..{end}"), true)
            }),
            1 => (day.clone(), 367i64..5000).prop_map(|(d, n)| {
                let end = d + chrono::Duration::days(n);
                (format!("{d}..{end}"), false)
            }),
            1 => (day, 1i64..400).prop_map(|(d, n)| {
                let start = d + chrono::Duration::days(n);
                (format!("{start}..{d}"), false)
            }),
            1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(|s| {
                let ok = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").is_ok();
                (s, ok)
            }),
            1 => "[^\"\\\\\\p{C}]{0,12}".prop_map(|s| {
                let ok = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").is_ok();
                (s, ok)
            }),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

        #[test]
        fn a_shipped_theme_overridden_by_any_file_never_panics(
            name in prop::sample::select(vec!["default", "light", "high-contrast"]),
            bytes in theme_file(),
        ) {
            check_theme(name, &bytes)?;
        }

        #[test]
        fn a_theme_of_its_own_from_any_file_never_panics(bytes in theme_file()) {
            check_theme("mine", &bytes)?;
        }

        #[test]
        fn any_theme_name_never_panics(name in "\\PC{0,20}|[./\\\\]{0,6}[a-z]{0,4}") {
            let dir = tempfile::tempdir().unwrap();
            let (theme, problem) = Theme::load(&name, Some(dir.path()));
            if problem.is_some() {
                prop_assert_eq!(theme, Theme::fallback());
            }
        }

        #[test]
        fn a_valid_override_sets_exactly_its_colours(
            name in prop::sample::select(vec!["default", "light", "high-contrast"]),
            specs in overrides(),
        ) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::write(dir.path().join(format!("{name}.toml")), theme_text(&specs)).unwrap();
            let (theme, problem) = Theme::load(name, Some(dir.path()));
            prop_assert_eq!(problem, None);
            let shipped = Theme::builtin(name).unwrap();
            for r in ROLES {
                let style = role(&theme, r);
                match specs.iter().find(|(s, ..)| s == r) {
                    Some((_, fg, bold)) => {
                        prop_assert_eq!(style.fg, Some(Color::from_str(fg).unwrap()));
                        prop_assert_eq!(style.add_modifier.contains(Modifier::BOLD), *bold);
                    }
                    None => prop_assert_eq!(style, role(&shipped, r)),
                }
            }
        }

        #[test]
        fn any_config_file_gives_the_settings_or_a_problem(bytes in config_file()) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.toml");
            std::fs::write(&path, &bytes).unwrap();
            let (config, problem) = Config::load(&path);
            if problem.is_some() {
                prop_assert_eq!(&config, &Config::default());
            }
            if std::str::from_utf8(&bytes).is_err() {
                prop_assert!(problem.is_some(), "a file that is not text is reported");
            }
        }

        #[test]
        fn a_valid_config_file_is_read_as_written(
            lang in prop::option::of(prop::sample::select(vec![Lang::Zh, Lang::En])),
            theme in prop::option::of(".*"),
        ) {
            let mut text = String::new();
            if let Some(lang) = lang {
                text += &format!("lang = \"{}\"\n", if lang == Lang::Zh { "zh" } else { "en" });
            }
            if let Some(theme) = &theme {
                text += &format!("theme = {}\n", quoted(theme));
            }
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("config.toml");
            std::fs::write(&path, text).unwrap();
            let (config, problem) = Config::load(&path);
            prop_assert_eq!(problem, None);
            prop_assert_eq!(config, Config { lang, theme });
        }

        #[test]
        fn a_calendar_is_read_whole_or_refused(
            holidays in prop::collection::vec(calendar_entry(), 0..6),
            workdays in prop::collection::vec(calendar_entry(), 0..4),
            chinese in any::<bool>(),
        ) {
            let list = |entries: &[(String, bool)]| {
                entries.iter().map(|(e, _)| quoted(e)).collect::<Vec<_>>().join(", ")
            };
            let (h, w) = if chinese { ("\"节假日\"", "\"调休上班\"") } else { ("holidays", "workdays") };
            let text = format!("{h} = [{}]\n{w} = [{}]\n", list(&holidays), list(&workdays));
            let all_valid = holidays.iter().chain(&workdays).all(|(_, ok)| *ok);
            match Calendar::parse(&text) {
                Ok(cal) => {
                    prop_assert!(all_valid, "accepted a bad entry: {}", text);
                    let day = |s: &str| chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").unwrap();
                    for (entry, _) in &workdays {
                        let first = entry.split("..").next().unwrap();
                        prop_assert!(cal.is_working_day(day(first)), "{}", entry);
                    }
                    for (entry, _) in &holidays {
                        let first = day(entry.split("..").next().unwrap());
                        let also_workday = workdays.iter().any(|(w, _)| {
                            let mut ends = w.split("..").map(day);
                            let a = ends.next().unwrap();
                            let b = ends.next().unwrap_or(a);
                            (a..=b).contains(&first)
                        });
                        prop_assert_eq!(cal.is_working_day(first), also_workday, "{}", entry);
                    }
                    // Counting agrees with adding, whatever the calendar.
                    let from = chrono::NaiveDate::from_ymd_opt(2025, 12, 20).unwrap();
                    for n in [0, 1, 5, 15, 60] {
                        let to = cal.add_working_days(from, n);
                        prop_assert_eq!(cal.working_days_left(from, to), i64::from(n));
                    }
                }
                Err(CalendarError::BadEntry(_)) => prop_assert!(!all_valid, "refused {}", text),
                Err(e) => prop_assert!(false, "{e:?} for {}", text),
            }
        }

        #[test]
        fn any_calendar_bytes_are_read_or_refused(bytes in prop_oneof![
            prop::collection::vec(any::<u8>(), 0..200),
            (prop::collection::vec(calendar_entry(), 0..4))
                .prop_flat_map(|entries| mangled(format!(
                    "holidays = [{}]\n",
                    entries.iter().map(|(e, _)| quoted(e)).collect::<Vec<_>>().join(", ")
                ))),
        ]) {
            let text = String::from_utf8_lossy(&bytes);
            if let Ok(cal) = Calendar::parse(&text) {
                let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
                let to = cal.add_working_days(from, 15);
                prop_assert_eq!(cal.working_days_left(from, to), 15);
            }
        }
    }
}
