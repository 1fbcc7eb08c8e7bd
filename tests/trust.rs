//! No command, file or keystroke destroys, leaks or quietly rewrites the
//! register: wrong paths, planted files, damaged and hand-edited
//! databases, pipes without a terminal. Each test runs the real binary on
//! a real file, or edits the file behind the program's back as the sqlite3
//! shell would.

mod common;

use common::*;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::roles::Role;
use liaison_desk::store::DatabaseFailure;
use liaison_desk::store::Store;
use std::path::{Path, PathBuf};

const AT: &str = "2026-11-10 17:00:00";

/// A station with users and two receptions, its store closed.
fn desk() -> (Fixture, PathBuf) {
    let mut fx = station();
    add_users(&mut fx.store);
    save(&mut fx, &reception(Route::OnSpot), now());
    let r = referral(&fx, 0);
    save(&mut fx, &r, now());
    let db = fx.db_path();
    (fx, db)
}

fn secretary_pin() -> [(&'static str, &'static str); 1] {
    [("LIAISON_DESK_PIN", user_for(Role::Secretary).1)]
}

fn admin_pin() -> [(&'static str, &'static str); 1] {
    [("LIAISON_DESK_PIN", user_for(Role::Admin).1)]
}

fn export_to(db: &Path, out: &Path, format: &str) -> Ran {
    let args = [
        "export",
        "reception",
        "--format",
        format,
        "-o",
        out.to_str().unwrap(),
        "--user",
        "林秘书",
    ];
    run_cli_with(db, AT, &args, &secretary_pin())
}

/// Opens the file as the sqlite3 shell would: no triggers of ours.
fn shell(db: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(db).unwrap()
}

fn count(db: &Path, sql: &str) -> i64 {
    shell(db).query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn export_refuses_the_database_its_companions_backups_and_other_sqlite_files() {
    let (fx, db) = desk();
    std::fs::create_dir(fx.dir.path().join("backups")).unwrap();
    fx.store
        .backup_to(&fx.dir.path().join("backups/desk-1.db"))
        .unwrap();
    let other = fx.dir.path().join("other.sqlite");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(fx.store);
    let before = std::fs::read(&other).unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let shm = PathBuf::from(format!("{}-shm", db.display()));
    let backup = fx.dir.path().join("backups/desk-1.db");
    for target in [&db, &wal, &shm, &backup, &other] {
        for format in ["csv", "xlsx"] {
            let ran = export_to(&db, target, format);
            assert_eq!(ran.code, Some(2), "{}: {}", target.display(), ran.said());
            assert!(ran.stderr.contains("不能导出到"), "{}", ran.said());
            assert!(!ran.stdout.contains("已导出"), "{}", ran.said());
        }
    }
    assert_eq!(std::fs::read(&other).unwrap(), before);
    // The register is whole, and each refusal is in its log with the path.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.count_rows("receptions").unwrap(), 2);
    assert!(store.integrity_problems().unwrap().is_empty());
    let entries = store.audit_entries(20).unwrap();
    let failed: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "export.failed")
        .collect();
    assert_eq!(failed.len(), 10, "{entries:?}");
    let after = failed[0].after.as_deref().unwrap();
    assert!(
        after.contains("target_is_sqlite") && after.contains(&*other.to_string_lossy()),
        "{after}"
    );
    assert!(
        Store::open(&backup)
            .unwrap()
            .count_rows("receptions")
            .unwrap()
            == 2,
        "the backup is whole"
    );
}

#[test]
fn a_backup_never_replaces_the_database_or_a_document() {
    let (fx, db) = desk();
    drop(fx.store);
    let letter = fx.dir.path().join("信.docx");
    std::fs::write(&letter, "致区人大的信").unwrap();
    let wal = format!("{}-wal", db.display());
    for target in [db.to_str().unwrap(), &wal, letter.to_str().unwrap()] {
        let ran = run_cli(&db, AT, &["backup", "-o", target]);
        assert_eq!(ran.code, Some(2), "{target}: {}", ran.said());
    }
    assert_eq!(std::fs::read_to_string(&letter).unwrap(), "致区人大的信");
    let copy = fx.dir.path().join("copy.db");
    for _ in 0..2 {
        let ran = run_cli(&db, AT, &["backup", "-o", copy.to_str().unwrap()]);
        assert_eq!(
            ran.code,
            Some(0),
            "an earlier backup is replaced: {}",
            ran.said()
        );
    }
    let ran = run_cli(&db, AT, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
}

#[cfg(unix)]
#[test]
fn a_planted_part_file_is_never_followed_and_a_failed_export_leaves_none() {
    let (mut fx, db) = desk();
    // A year of receptions: more than the file size limit below lets through.
    liaison_desk::service::demo::fill(&mut fx.store, 1000, now()).unwrap();
    drop(fx.store);
    let dir = fx.dir.path();
    // A link planted at the temporary name, pointing at someone's file.
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = dir.join("接待.csv");
    std::os::unix::fs::symlink(&victim, dir.join("接待.csv.part")).unwrap();
    let ran = export_to(&db, &out, "csv");
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("临时文件"), "{}", ran.said());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!out.exists());

    // A folder given as the file.
    let ran = export_to(&db, dir, "xlsx");
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("这是一个文件夹"), "{}", ran.said());

    // A disk that fills up while writing (a file size limit): a Chinese
    // message, no half file with phone numbers left behind, the failure logged.
    for format in ["csv", "xlsx"] {
        let out = dir.join(format!("满.{format}"));
        let o = std::process::Command::new("sh")
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 96; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_liaison-desk"))
            .args([
                "--db",
                db.to_str().unwrap(),
                "export",
                "reception",
                "--from",
            ])
            .args(["2024-01-01", "--full", "--reason", "区人大要求核对"])
            .args(["--format", format, "-o", out.to_str().unwrap()])
            .args(["--user", "林秘书"])
            .env("LIAISON_DESK_NOW", AT)
            .env("LIAISON_DESK_PIN", user_for(Role::Secretary).1)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&o.stderr).to_string();
        assert_eq!(o.status.code(), Some(1), "{format}: {said}");
        assert!(said.contains("磁盘已满，文件没有写成"), "{format}: {said}");
        assert!(!out.exists(), "{format}");
        assert!(!dir.join(format!("满.{format}.part")).exists(), "{format}");
    }
}

#[test]
fn commands_that_read_never_create_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("拼错/desk.db");
    let out = dir.path().join("x.csv");
    let out = out.to_str().unwrap();
    for args in [
        vec!["check"],
        vec!["report", "--day", "2026-11-10"],
        vec!["report", "--from", "2026-01-01", "--to", "2026-11-10"],
        vec!["export", "roster", "-o", out, "--user", "林秘书"],
        vec!["audit", "verify"],
        vec!["audit", "anchor"],
        vec!["purge", "--dry-run"],
        vec!["backup"],
        vec!["import", "receptions", out],
    ] {
        let ran = run_cli(&missing, AT, &args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.said());
        assert!(
            ran.stderr.contains("没有这个数据库文件") && ran.stderr.contains("拼错"),
            "{args:?}: {}",
            ran.said()
        );
        assert!(!missing.exists() && !missing.parent().unwrap().exists());
    }
}

#[test]
fn check_opens_read_only_and_leaves_a_stray_wal_alone() {
    let (fx, db) = desk();
    drop(fx.store);
    // A crash leaves a write-ahead log beside the file: copy both while a
    // writer holds uncheckpointed work.
    let writer = shell(&db);
    writer
        .execute_batch("PRAGMA wal_autocheckpoint = 0; INSERT INTO settings VALUES ('x', 'y');")
        .unwrap();
    let crashed = fx.dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    for suffix in ["", "-wal"] {
        std::fs::copy(
            format!("{}{suffix}", db.display()),
            crashed.join(format!("desk.db{suffix}")),
        )
        .unwrap();
    }
    drop(writer);
    let copy = crashed.join("desk.db");
    let wal = crashed.join("desk.db-wal");
    let (file, log) = (std::fs::read(&copy).unwrap(), std::fs::read(&wal).unwrap());
    assert!(!log.is_empty());
    let ran = run_cli(&copy, AT, &["check"]);
    assert!(ran.stdout.contains("检查通过"), "{}", ran.said());
    assert_eq!(std::fs::read(&copy).unwrap(), file, "the file is unchanged");
    assert_eq!(std::fs::read(&wal).unwrap(), log, "the log is not merged");
}

#[test]
fn restore_needs_an_administrator_and_the_same_station() {
    let (fx, db) = desk();
    let mine = fx.dir.path().join("mine.db");
    fx.store.backup_to(&mine).unwrap();
    drop(fx.store);
    // Another station's backup, with no users at all.
    let elsewhere = tempfile::tempdir().unwrap();
    let theirs = elsewhere.path().join("theirs.db");
    let mut other = Store::open(&theirs).unwrap();
    other.init_station("CY02", "朝阳代表联络站", now()).unwrap();
    drop(other);
    let restore = |args: &[&str], env: &[(&str, &str)]| {
        let mut all = vec!["restore"];
        all.extend_from_slice(args);
        run_cli_with(&db, AT, &all, env)
    };
    let mine = mine.to_str().unwrap();
    let ran = restore(&[mine], &[]);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("须由管理员执行"), "{}", ran.said());
    let ran = restore(&[mine, "--user", "林秘书"], &secretary_pin());
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("须由管理员执行"), "{}", ran.said());
    let ran = restore(&[mine, "--user", "赵管理"], &admin_pin());
    assert_eq!(ran.code, Some(0), "{}", ran.said());

    let theirs = theirs.to_str().unwrap();
    let ran = restore(&[theirs, "--user", "赵管理"], &admin_pin());
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(
        ran.stderr.contains("另一个联络站（站码 CY02）") && ran.stderr.contains("HD01"),
        "{}",
        ran.said()
    );
    assert_eq!(count(&db, "SELECT count(*) FROM receptions"), 2);
    let ran = restore(
        &[theirs, "--user", "赵管理", "--other-station"],
        &admin_pin(),
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(
        ran.stdout.contains("已保留他们的账户和密码"),
        "{}",
        ran.said()
    );
    // The restored station has no receptions, and its administrator can
    // still sign in to undo it.
    assert_eq!(count(&db, "SELECT count(*) FROM receptions"), 0);
    let ran = restore(&[mine, "--user", "赵管理", "--other-station"], &admin_pin());
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(count(&db, "SELECT count(*) FROM receptions"), 2);
    let ran = run_cli(&db, AT, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
}

/// Overwrites the middle of a data page of the receptions table.
fn damage(db: &Path) {
    let page: i64 = {
        let c = shell(db);
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        c.query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'receptions'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut bytes = std::fs::read(db).unwrap();
    let start = (page as usize - 1) * 4096;
    bytes[start..start + 4096].fill(0x5A);
    std::fs::write(db, bytes).unwrap();
}

#[test]
fn bulk_writers_refuse_a_damaged_file_and_leave_it_as_it_was() {
    let (fx, db) = desk();
    let good = fx.dir.path().join("good.db");
    fx.store.backup_to(&good).unwrap();
    drop(fx.store);
    damage(&db);
    let file = std::fs::read(&db).unwrap();
    let csv = fx.dir.path().join("in.csv");
    std::fs::write(&csv, "接待日期,来访人,类别,反映内容,处理方式\n").unwrap();
    let csv = csv.to_str().unwrap();
    let good = good.to_str().unwrap();
    for (args, env) in [
        (vec!["import", "receptions", csv], vec![]),
        (vec!["purge", "--user", "林秘书"], secretary_pin().to_vec()),
        (
            vec!["restore", good, "--user", "赵管理"],
            admin_pin().to_vec(),
        ),
    ] {
        let ran = run_cli_with(&db, AT, &args, &env);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.said());
        assert!(
            ran.stderr.contains("数据库文件有损坏"),
            "{args:?}: {}",
            ran.said()
        );
        assert_eq!(
            std::fs::read(&db).unwrap(),
            file,
            "{args:?}: not a byte changes"
        );
    }
    let ran = run_cli(&db, AT, &["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
}

#[test]
fn csv_exports_neutralise_formulas_and_the_import_reads_them_back() {
    let mut fx = station();
    add_users(&mut fx.store);
    let mut r = reception(Route::OnSpot);
    r.content = "=HYPERLINK(\"http://x\",\"点我\")".into();
    r.on_spot_reply = "+1 已答复".into();
    r.address = "@北太平庄".into();
    save(&mut fx, &r, now());
    let db = fx.dir.path().join("desk.db");
    let out = fx.dir.path().join("接待.csv");
    drop(fx.store);
    let ran = export_to(&db, &out, "csv");
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let text = std::fs::read_to_string(&out).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let cells: Vec<String> = reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c == "'=HYPERLINK(\"http://x\",\"点我\")"),
        "{cells:?}"
    );
    for c in &cells {
        assert!(!c.starts_with(['=', '+', '-', '@']), "a live formula: {c}");
    }
    // The desk's own export imports back as it was written.
    let fresh = tempfile::tempdir().unwrap();
    let other = fresh.path().join("desk.db");
    Store::open(&other)
        .unwrap()
        .init_station("HD01", "海淀街道代表联络站", now())
        .unwrap();
    let ran = run_cli(&other, AT, &["import", "receptions", out.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let content: String = shell(&other)
        .query_row("SELECT content FROM receptions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(content, "=HYPERLINK(\"http://x\",\"点我\")");
}

#[test]
fn deputy_phones_are_masked_in_the_audit_log_and_codes_shown_in_words() {
    use liaison_desk::i18n::{Lang, strings};
    use liaison_desk::store::NewDeputy;
    let mut fx = station();
    let d = NewDeputy {
        name: "周代表".into(),
        gender: "female".into(),
        phone: "18712342855".into(),
        ..Default::default()
    };
    fx.store.add_deputy(&d, "林秘书", now()).unwrap();
    let entry = &fx.store.audit_entries(1).unwrap()[0];
    let after = entry.after.as_deref().unwrap();
    assert!(!after.contains("18712342855"), "{after}");
    let shown = strings(Lang::Zh).audit.describe(after);
    assert!(shown.contains("187****2855"), "{shown}");
    assert!(shown.contains("女") && !shown.contains("female"), "{shown}");
    // An entry written before masking is shown masked too.
    let old = r#"{"name":"周代表","phone":"18712342855"}"#;
    assert!(
        strings(Lang::Zh)
            .audit
            .describe(old)
            .contains("187****2855")
    );
}

#[test]
fn control_characters_in_data_are_escaped_in_command_output() {
    let (fx, db) = desk();
    drop(fx.store);
    let csv = fx.dir.path().join("坏.csv");
    std::fs::write(
        &csv,
        "接待日期,来访人,类别,反映内容,处理方式\n2026-11-09,张三\u{1b}]0;pwned\u{7},\u{1b}[2J其他,内容,不认识\n",
    )
    .unwrap();
    let ran = run_cli(
        &db,
        AT,
        &["import", "receptions", "--dry-run", csv.to_str().unwrap()],
    );
    let said = ran.said();
    assert!(said.contains("第 2 行"), "{said}");
    assert!(
        !said.contains('\u{1b}') && !said.contains('\u{7}'),
        "{said:?}"
    );
    assert!(said.contains("\\u{1b}"), "{said}");
}

#[test]
fn a_pin_is_never_read_from_a_pipe_and_a_script_locks_nobody_out() {
    let (fx, db) = desk();
    drop(fx.store);
    let out = fx.dir.path().join("x.csv");
    for _ in 0..4 {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
            .args(["--db", db.to_str().unwrap(), "export", "roster", "-o"])
            .args([out.to_str().unwrap(), "--user", "林秘书"])
            .env("LIAISON_DESK_NOW", AT)
            .env_remove("LIAISON_DESK_PIN")
            .stdin(std::process::Stdio::piped())
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{said}");
        assert!(
            said.contains("LIAISON_DESK_PIN") && said.contains("不算输错"),
            "{said}"
        );
    }
    assert_eq!(
        count(
            &db,
            "SELECT failed_attempts FROM users WHERE name = '林秘书'"
        ),
        0
    );
    let ran = export_to(&db, &out, "csv");
    assert_eq!(ran.code, Some(0), "{}", ran.said());
}

/// Deletes the newest `n` entries as a forger with the sqlite3 shell would:
/// the triggers dropped, then put back.
fn delete_newest_entries(db: &Path, n: i64) -> (i64, i64) {
    let c = shell(db);
    let last: i64 = c
        .query_row("SELECT max(seq) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let triggers: Vec<String> = {
        let mut s = c
            .prepare(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
            )
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    c.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;
         DELETE FROM audit_log WHERE seq > {};",
        last - n
    ))
    .unwrap();
    for sql in triggers {
        c.execute_batch(&sql).unwrap();
    }
    (last - n + 1, last)
}

#[test]
fn deleting_the_newest_audit_entries_is_detected_and_named() {
    let (fx, db) = desk();
    drop(fx.store);
    let (from, to) = delete_newest_entries(&db, 2);
    for args in [vec!["check"], vec!["audit", "verify"]] {
        let ran = run_cli(&db, AT, &args);
        assert_eq!(ran.code, Some(1), "{args:?}: {}", ran.said());
        assert!(
            ran.stdout.contains(&format!("第 {from}–{to} 条缺失")),
            "{args:?}: {}",
            ran.said()
        );
    }
    // A gap in the middle is named as such, not as a break after it.
    let (fx, db) = desk();
    drop(fx.store);
    let c = shell(&db);
    c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq IN (3, 4);")
        .unwrap();
    let ran = run_cli(&db, AT, &["audit", "verify"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stdout.contains("第 3–4 条缺失"), "{}", ran.said());
    assert!(!ran.stdout.contains("起不一致"), "{}", ran.said());
}

#[test]
fn the_sequence_counter_edited_too_is_caught_by_the_backups() {
    let (mut fx, db) = desk();
    fx.store.backup_rotated(30, "秘书", now()).unwrap();
    save(&mut fx, &reception(Route::OnSpot), now());
    fx.store.backup_rotated(30, "秘书", now()).unwrap();
    drop(fx.store);
    let (_, to) = delete_newest_entries(&db, 4);
    shell(&db)
        .execute(
            "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'audit_log'",
            [to - 4],
        )
        .unwrap();
    let ran = run_cli(&db, AT, &["audit", "verify"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stdout.contains("备份 desk-"), "{}", ran.said());
    assert!(ran.stdout.contains("条缺失"), "{}", ran.said());
}

/// Rewrites entry `seq`'s actor and re-chains every entry after it, as a
/// forger who knows the hash formula would.
fn rewrite_chain_from(db: &Path, seq: i64) {
    use sha2::{Digest, Sha256};
    let c = shell(db);
    c.execute_batch("DROP TRIGGER audit_log_no_update;")
        .unwrap();
    c.execute("UPDATE audit_log SET actor = '伪造' WHERE seq = ?1", [seq])
        .unwrap();
    type Row = (
        i64,
        [String; 6],
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = {
        let mut s = c
            .prepare("SELECT seq, prev_hash, at, actor, action, entity, entity_id, before, after, seal_sum FROM audit_log WHERE seq >= ?1 ORDER BY seq")
            .unwrap();
        s.query_map([seq], |r| {
            Ok((
                r.get(0)?,
                [
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ],
                r.get(7)?,
                r.get(8)?,
                r.get(9)?,
            ))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let mut prev = rows[0].1[0].clone();
    for (seq, texts, before, after, sum) in rows {
        let mut h = Sha256::new();
        let parts = [
            prev.as_str(),
            &texts[1],
            &texts[2],
            &texts[3],
            &texts[4],
            &texts[5],
            before.as_deref().unwrap_or("\u{0}"),
            after.as_deref().unwrap_or("\u{0}"),
        ];
        for part in parts {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        if let Some(sum) = &sum {
            h.update((sum.len() as u64).to_le_bytes());
            h.update(sum.as_bytes());
        }
        let hash: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        c.execute(
            "UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE seq = ?3",
            rusqlite::params![prev, hash, seq],
        )
        .unwrap();
        prev = hash;
    }
}

#[test]
fn the_anchor_on_paper_catches_a_rewritten_chain() {
    let (fx, db) = desk();
    drop(fx.store);
    let ran = run_cli(&db, AT, &["audit", "anchor"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let code: String = ran
        .stdout
        .split("审计锚码：")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    assert!(code.len() > 13 && code.contains('-'), "{code}");
    let verify = |code: &str| run_cli(&db, AT, &["audit", "verify", "--anchor", code]);
    let ran = verify(&code);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("相符"), "{}", ran.said());
    assert_eq!(verify("12-XYZ").code, Some(2));
    // An entry before the anchor changed (not re-chained): the anchor still
    // holds, and the answer says what is wrong before it.
    let before = shell(&db);
    let (actor, trigger): (String, String) = before
        .query_row(
            "SELECT (SELECT actor FROM audit_log WHERE seq = 3),
                    (SELECT sql FROM sqlite_master WHERE name = 'audit_log_no_update')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    before
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = '王五' WHERE seq = 3;",
        )
        .unwrap();
    let ran = verify(&code);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("它之前的日志有问题"), "{}", ran.said());
    before
        .execute("UPDATE audit_log SET actor = ?1 WHERE seq = 3", [&actor])
        .unwrap();
    before.execute_batch(&trigger).unwrap();
    drop(before);
    // The whole chain re-computed from an early entry: every entry chains
    // again, so only the paper anchor shows it.
    rewrite_chain_from(&db, 2);
    let whole = run_cli(&db, AT, &["audit", "verify"]);
    assert!(!whole.stdout.contains("起不一致"), "{}", whole.said());
    let ran = verify(&code);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stdout.contains("日志被改写过"), "{}", ran.said());
}

#[test]
fn the_sign_off_keeps_its_anchor_for_the_digest() {
    let mut fx = station();
    let admin = actor(&mut fx.store, Role::Admin);
    save(&mut fx, &reception(Route::OnSpot), now());
    let outcome = fx.store.sign_off_day(&admin, now().date(), now()).unwrap();
    let anchor = outcome.anchor.unwrap();
    assert_eq!(
        fx.store.day_anchor(now().date()).unwrap(),
        Some(anchor.clone())
    );
    let db = fx.db_path();
    drop(fx.store);
    let ran = run_cli(&db, AT, &["report", "--day", "2026-11-10"]);
    assert!(ran.stdout.contains(&anchor.code()), "{}", ran.said());
    let ran = run_cli(&db, AT, &["audit", "verify", "--anchor", &anchor.code()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    // Deleting everything after the sign-off, counter included, is still
    // caught by the sign-off's record of the head.
    let (_, _) = delete_newest_entries(&db, 2);
    shell(&db)
        .execute(
            "UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit_log) WHERE name = 'audit_log'",
            [],
        )
        .unwrap();
    let ran = run_cli(&db, AT, &["audit", "verify"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stdout.contains("2026-11-10 的签发"), "{}", ran.said());
}

#[test]
fn check_finds_dropped_triggers_wrong_counts_and_contradicting_cases() {
    let (fx, db) = desk();
    drop(fx.store);
    let c = shell(&db);
    c.execute_batch(
        "DROP TRIGGER audit_log_no_delete;
         DROP TRIGGER case_counts_update;
         DROP TRIGGER audit_log_no_update;
         CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT 1; END;
         UPDATE case_counts SET n = n + 5 WHERE status = 'closed';
         UPDATE cases SET status = 'replied' WHERE route = 'assign';",
    )
    .unwrap();
    drop(c);
    let ran = run_cli(&db, AT, &["check"]);
    let out = &ran.stdout;
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(out.contains("触发器 audit_log_no_delete 被删除了"), "{out}");
    assert!(
        out.contains("触发器 case_counts_update 被删除了（它保证案件计数"),
        "{out}"
    );
    assert!(out.contains("触发器 audit_log_no_update 被改动过"), "{out}");
    assert!(
        out.contains("案件计数与案件不符：办结 记为 6 件，实际 1 件"),
        "{out}"
    );
    assert!(out.contains("已答复，但没有答复日期或答复内容"), "{out}");
    // The home screen counts open cases from the cases themselves.
    let store = Store::open(&db).unwrap();
    assert_eq!(store.today_counts(now().date()).unwrap().open_cases, 1);
}

#[test]
fn no_terminal_a_closed_pipe_and_a_bounded_demo() {
    let (fx, db) = desk();
    drop(fx.store);
    let bin = env!("CARGO_BIN_EXE_liaison-desk");
    let o = std::process::Command::new(bin)
        .args(["--db", db.to_str().unwrap()])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{said}");
    assert!(said.contains("需要在终端"), "{said}");
    assert!(!said.contains("panicked") && o.stdout.is_empty(), "{said}");
    assert!(!String::from_utf8_lossy(&o.stdout).contains('\u{1b}'));

    // The reader goes away before a line is written (`… | head -1`).
    let mut child = std::process::Command::new(bin)
        .args(["--db", db.to_str().unwrap(), "check"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let said = String::from_utf8_lossy(&o.stderr);
    assert!(said.is_empty(), "{said}");
    assert_ne!(o.status.code(), Some(101), "not a panic");

    let fresh = tempfile::tempdir().unwrap();
    let ran = run_cli(
        &fresh.path().join("d.db"),
        AT,
        &["demo", "--days", "100000"],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("100000"), "{}", ran.said());
}

#[test]
fn import_names_duplicate_headings_unclosed_quotes_and_a_size_limit() {
    let (fx, db) = desk();
    drop(fx.store);
    let dir = fx.dir.path();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    };
    let import = |p: &Path| {
        run_cli(
            &db,
            AT,
            &["import", "receptions", "--dry-run", p.to_str().unwrap()],
        )
    };
    let twice = write(
        "twice.csv",
        "接待日期,来访人,类别,反映内容,处理方式,来访人\n2026-11-09,张三,其他,内容,现场答复,李四\n",
    );
    let ran = import(&twice);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(
        ran.stderr.contains("表头“来访人”出现了两次"),
        "{}",
        ran.said()
    );
    let quote = write(
        "quote.csv",
        "接待日期,来访人,类别,反映内容,处理方式\n2026-11-09,张三,其他,好,现场答复\n2026-11-09,李四,其他,\"没有结束,现场答复\n2026-11-09,王五,其他,好,现场答复\n",
    );
    let ran = import(&quote);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(
        ran.stderr.contains("第 3 行开始的一个单元格"),
        "{}",
        ran.said()
    );
    let huge = dir.join("huge.csv");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(201 * 1024 * 1024)
        .unwrap();
    let ran = import(&huge);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("最多可导入 200 MB"), "{}", ran.said());
    std::fs::create_dir(dir.join("文件夹.xlsx")).unwrap();
    let ran = import(&dir.join("文件夹.xlsx"));
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("这是一个文件夹"), "{}", ran.said());
    let ran = import(&dir.join("没有.csv"));
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("文件不存在"), "{}", ran.said());
    assert!(!ran.stderr.contains("No such file"), "{}", ran.said());
}

#[test]
fn init_refuses_a_database_that_has_a_station() {
    let (fx, db) = desk();
    drop(fx.store);
    let ran = run_cli(
        &db,
        AT,
        &["init", "--station-code", "XX09", "--station-name", "别的站"],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(
        ran.stderr.contains("已经设置为联络站“海淀街道代表联络站”"),
        "{}",
        ran.said()
    );
    let code: String = shell(&db)
        .query_row("SELECT code FROM stations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(code, "HD01");
}

#[test]
fn fault_messages_are_the_desks_own_chinese_words() {
    use liaison_desk::i18n::{Lang, strings};
    use liaison_desk::store::StoreError;
    let dir = tempfile::tempdir().unwrap();
    let ran = run_cli(dir.path(), AT, &["check"]);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("这是一个文件夹"), "{}", ran.said());
    let ran = run_cli(
        dir.path(),
        AT,
        &["init", "--station-code", "HD01", "--station-name", "站"],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("这是一个文件夹"), "{}", ran.said());
    // The command line has no screen to point at.
    let t = strings(Lang::Zh);
    let full = t.command_store_error(&StoreError::Database(DatabaseFailure::Full));
    assert!(
        full.contains("磁盘已满") && !full.contains("屏幕"),
        "{full}"
    );
}

#[test]
fn a_backup_replaces_only_an_earlier_backup_of_this_station() {
    let (fx, db) = desk();
    drop(fx.store);
    // Another program's database and another station's live register.
    let foreign = fx.dir.path().join("foreign.sqlite");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let elsewhere = fx.dir.path().join("st2.db");
    Store::open(&elsewhere)
        .unwrap()
        .init_station("CY02", "朝阳代表联络站", now())
        .unwrap();
    for target in [&foreign, &elsewhere] {
        let before = std::fs::read(target).unwrap();
        let ran = run_cli(&db, AT, &["backup", "-o", target.to_str().unwrap()]);
        assert_eq!(ran.code, Some(2), "{}: {}", target.display(), ran.said());
        assert!(
            ran.stderr.contains("不是本联络站以前的备份"),
            "{}",
            ran.said()
        );
        assert_eq!(std::fs::read(target).unwrap(), before);
    }
    // A temporary file already at the name is left alone.
    let planted = fx.dir.path().join("b.db.part");
    std::fs::write(&planted, "precious").unwrap();
    let ran = run_cli(
        &db,
        AT,
        &["backup", "-o", fx.dir.path().join("b.db").to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert_eq!(std::fs::read_to_string(&planted).unwrap(), "precious");
    // No folder is made for a mistyped path.
    let deep = fx.dir.path().join("没有/这个/b.db");
    let ran = run_cli(&db, AT, &["backup", "-o", deep.to_str().unwrap()]);
    assert_ne!(ran.code, Some(0), "{}", ran.said());
    assert!(!fx.dir.path().join("没有").exists());
}

#[cfg(unix)]
#[test]
fn special_files_empty_files_and_the_backups_name_are_refused() {
    let (fx, db) = desk();
    drop(fx.store);
    let dir = fx.dir.path();
    let fifo = dir.join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for target in [Path::new("/dev/null"), &fifo, &dir.join("backups")] {
        let ran = export_to(&db, target, "csv");
        assert_eq!(ran.code, Some(2), "{}: {}", target.display(), ran.said());
        assert!(ran.stderr.contains("不能"), "{}", ran.said());
    }
    assert!(!dir.join("backups").is_file());
    let ran = run_cli(&db, AT, &["backup", "-o", fifo.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    // An empty file is not a database, and reading it makes none.
    let empty = dir.join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    for args in [
        vec!["check"],
        vec!["report", "--day", "2026-11-10"],
        vec!["audit", "verify"],
    ] {
        let ran = run_cli(&empty, AT, &args);
        assert_eq!(ran.code, Some(2), "{args:?}: {}", ran.said());
        assert!(ran.stderr.contains("空文件"), "{}", ran.said());
        assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    }
}

#[test]
fn a_script_with_an_empty_or_malformed_pin_locks_nobody_out() {
    let (fx, db) = desk();
    drop(fx.store);
    let out = fx.dir.path().join("x.csv");
    for pin in ["", "  ", "abc", "12"] {
        let ran = run_cli_with(
            &db,
            AT,
            &[
                "export",
                "roster",
                "-o",
                out.to_str().unwrap(),
                "--user",
                "林秘书",
            ],
            &[("LIAISON_DESK_PIN", pin)],
        );
        assert_eq!(ran.code, Some(2), "{pin:?}: {}", ran.said());
        assert!(ran.stderr.contains("不算输错"), "{}", ran.said());
    }
    assert_eq!(
        count(
            &db,
            "SELECT failed_attempts FROM users WHERE name = '林秘书'"
        ),
        0
    );
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_not_a_success() {
    if !Path::new("/dev/full").exists() {
        eprintln!("SKIPPED: this system has no /dev/full");
        return;
    }
    let (fx, db) = desk();
    drop(fx.store);
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .args(["--db", db.to_str().unwrap(), "check"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("结果无法写出"));
}

#[test]
fn what_the_command_line_echoes_back_is_escaped_and_restores_name_the_file() {
    let (fx, db) = desk();
    drop(fx.store);
    let ran = run_cli(&db, AT, &["frob\u{1b}]0;pwned\u{7}"]);
    assert_eq!(ran.code, Some(2));
    assert!(!ran.stderr.contains('\u{1b}'), "{:?}", ran.stderr);
    for (file, said) in [
        (fx.dir.path().to_path_buf(), "这是一个文件夹"),
        (fx.dir.path().join("没有.db"), "找不到这个备份文件"),
    ] {
        let ran = run_cli_with(
            &db,
            AT,
            &["restore", file.to_str().unwrap(), "--user", "赵管理"],
            &admin_pin(),
        );
        assert_eq!(ran.code, Some(2), "{}", ran.said());
        assert!(ran.stderr.contains(said), "{}", ran.said());
    }
    // A station name that cannot be taken leaves no file behind.
    let fresh = fx.dir.path().join("new.db");
    let ran = run_cli(
        &fresh,
        AT,
        &["init", "--station-code", "HD09", "--station-name", ""],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(!fresh.exists());
}

#[test]
fn deleting_a_backups_own_entry_shows() {
    let (mut fx, db) = desk();
    fx.store.backup_rotated(30, "秘书", now()).unwrap();
    drop(fx.store);
    // The backup's own entry is the newest: gone, the counter set to match.
    let (_, to) = delete_newest_entries(&db, 1);
    shell(&db)
        .execute(
            "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'audit_log'",
            [to - 1],
        )
        .unwrap();
    let ran = run_cli(&db, AT, &["audit", "verify"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.stdout.contains("备份 desk-"), "{}", ran.said());
}
