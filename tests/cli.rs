//! The subcommands, run as a user runs them.

use std::path::Path;
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_liaison-desk");

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("LIAISON_DESK_NOW", "2026-11-10 09:30:00")
        .env_remove("LIAISON_DESK_DB")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn init_demo_and_check_with_options_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db = db.to_str().unwrap();
    let o = run(
        dir.path(),
        &[
            "init",
            "--station-code",
            "hd01",
            "--station-name",
            "海淀街道代表联络站",
            "--db",
            db,
        ],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("联络站已设置：海淀街道代表联络站（HD01）"),
        "{}",
        text(&o)
    );

    let o = run(dir.path(), &["--db", db, "demo", "--days", "30"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("演示数据已生成"));
    // Demo data goes into an empty database only.
    let o = run(dir.path(), &["demo", "--db", db]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    let o = run(dir.path(), &["check", "--db", db]);
    assert!(o.status.success(), "{}", text(&o));
    let out = text(&o);
    assert!(
        out.contains(&format!(
            "数据版本：{}",
            liaison_desk::store::SCHEMA_VERSION
        )) && out.contains("检查通过")
            && out.contains("审计日志完整"),
        "{out}"
    );

    let o = run(dir.path(), &["check", "--db", db, "--lang", "en"]);
    assert!(text(&o).contains("Check passed"), "{}", text(&o));
}

#[test]
fn the_default_database_lives_in_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &["init", "--station-code", "HD01", "--station-name", "测试站"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        dir.path()
            .join("data/liaison-desk/liaison-desk.db")
            .exists()
    );
}

#[test]
fn bad_input_and_bad_files_get_chinese_messages_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let db_s = db.to_str().unwrap();
    let o = run(
        dir.path(),
        &[
            "--db",
            db_s,
            "init",
            "--station-code",
            "站",
            "--station-name",
            "测试站",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("站码：应为 2 到 12 位字母或数字"),
        "{}",
        text(&o)
    );

    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 4096]).unwrap();
    let o = run(dir.path(), &["--db", junk.to_str().unwrap(), "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("不是值班台数据库"), "{}", text(&o));
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        vec![7u8; 4096],
        "the file is left alone"
    );

    let o = run(
        dir.path(),
        &[
            "--db",
            db_s,
            "init",
            "--station-code",
            "HD01",
            "--station-name",
            "测试站",
        ],
    );
    assert!(o.status.success());
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = '某人';")
        .unwrap();
    let o = run(dir.path(), &["--db", db_s, "check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("审计日志从第 1 条起不一致"),
        "{}",
        text(&o)
    );

    conn.execute_batch("PRAGMA user_version = 99").unwrap();
    let o = run(dir.path(), &["--db", db_s, "check"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("更新版本"), "{}", text(&o));
}

#[test]
fn version_and_help() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["--version"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains(env!("CARGO_PKG_VERSION")));
    let o = run(dir.path(), &["--help"]);
    let help = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(
        help.contains("联络站值班台") && help.contains("检查数据库完整性"),
        "{help}"
    );
    // The same help in the other language, from its own table.
    let o = run(dir.path(), &["--lang", "en", "export", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout).to_string();
    assert!(o.status.success(), "{help}");
    assert!(
        help.contains("Usage: liaison-desk export [OPTIONS] <REGISTER>")
            && help.contains("Export a register")
            && !help.contains("导出登记簿"),
        "{help}"
    );
}

#[test]
fn an_older_database_is_upgraded_with_a_notice() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("old.db");
    {
        let mut old = liaison_desk::store::Store::open_at_version(&db, 1).unwrap();
        old.init_station("HD01", "海淀", chrono::NaiveDateTime::default())
            .unwrap();
    }
    // `check` reads only: it says the file is older and changes nothing.
    let o = run(dir.path(), &["--db", db.to_str().unwrap(), "check"]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("数据版本较旧（1）"), "{}", text(&o));
    assert!(!text(&o).contains("正在升级数据库"), "{}", text(&o));
    let o = run(
        dir.path(),
        &["--db", db.to_str().unwrap(), "audit", "verify"],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("正在升级数据库"), "{}", text(&o));
    let o = run(dir.path(), &["--db", db.to_str().unwrap(), "check"]);
    assert!(!text(&o).contains("正在升级数据库"), "only once");
    assert!(text(&o).contains("检查通过"), "{}", text(&o));
}
