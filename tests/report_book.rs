//! The period report as a workbook: its sheets read back with calamine,
//! its charts and notes in the package's XML, written by the command line.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::year::counted_year;

fn part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

#[test]
fn the_report_workbook_has_every_sheet_its_charts_and_the_rates_explained() {
    let fx = counted_year();
    let db = fx.db_path();
    drop(fx.store);
    let out = fx.dir.path().join("统计.xlsx");
    let ran = common::run_cli(
        &db,
        "2026-11-10 17:00:00",
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("统计报表已写入"), "{}", ran.said());
    let text = common::run_cli(
        &db,
        "2026-11-10 17:00:00",
        &["report", "--from", "2026-01-01", "--to", "2026-12-31"],
    )
    .stdout;
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["汇总", "按类别", "按接待方式", "按代表", "按月", "超期案件"]
    );
    // Every case past its deadline, and no visitor's name or phone.
    let overdue = book.worksheet_range("超期案件").unwrap();
    let store = liaison_desk::store::Store::open(&db).unwrap();
    let expected =
        liaison_desk::service::report_book::overdue_cases(&store, common::year::d("2026-11-10"))
            .unwrap();
    assert!(!expected.is_empty());
    assert_eq!(overdue.height(), 1 + expected.len());
    assert_eq!(cell(&overdue, 1, 0), expected[0].number);
    assert!(
        overdue
            .used_cells()
            .all(|(_, _, c)| !c.to_string().contains("1381234"))
    );
    drop(store);
    let summary = book.worksheet_range("汇总").unwrap();
    assert!(cell(&summary, 0, 0).contains("海淀街道代表联络站"));
    // Every figure of the text report, with the same value.
    for row in 4..19 {
        let (label, value) = (cell(&summary, row, 0), cell(&summary, row, 1));
        assert!(!label.is_empty(), "row {row}");
        assert!(
            text.contains(&format!("{label}：{value}")),
            "{label}：{value}\n{text}"
        );
    }
    let months = book.worksheet_range("按月").unwrap();
    assert_eq!(cell(&months, 1, 0), "1月");
    assert_eq!(months.height(), 13);
    let categories = book.worksheet_range("按类别").unwrap();
    assert!(categories.height() > 1);
    // No formula anywhere: figures are values.
    for name in book.sheet_names() {
        let formulas = book.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{name}"
        );
    }
    // Native charts (the categories as bars, the months as columns) and
    // the rates' definitions as notes.
    let charts = [
        part(&out, "xl/charts/chart1.xml"),
        part(&out, "xl/charts/chart2.xml"),
    ];
    assert!(
        charts.iter().any(|c| c.contains("<c:barDir val=\"bar\"/>")),
        "{charts:?}"
    );
    assert!(
        charts.iter().any(|c| c.contains("<c:barDir val=\"col\"/>")),
        "{charts:?}"
    );
    let notes = part(&out, "xl/comments1.xml");
    assert!(
        notes.contains("已回访的件") && notes.contains("不予受理"),
        "{notes}"
    );
    // The report that left the program is in the audit log.
    let store = liaison_desk::store::Store::open(&db).unwrap();
    let entry = &store.audit_entries(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.entity.as_str()),
        ("export", "report")
    );
    // The database itself is never a target.
    let ran = common::run_cli(
        &db,
        "2026-11-10 17:00:00",
        &[
            "report",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "xlsx",
            "-o",
            db.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
}

#[test]
fn every_report_format_can_be_written_to_a_file_and_a_day_to_a_workbook() {
    let fx = counted_year();
    let db = fx.db_path();
    drop(fx.store);
    let now = "2026-11-10 17:00:00";
    let run = |args: &[&str]| common::run_cli(&db, now, args);
    let year = ["report", "--from", "2026-01-01", "--to", "2026-12-31"];
    for format in ["text", "json", "csv"] {
        let printed = run(&[&year[..], &["--format", format]].concat());
        let out = fx.dir.path().join(format!("统计.{format}"));
        let o = out.to_str().unwrap();
        let ran = run(&[&year[..], &["--format", format, "-o", o]].concat());
        assert_eq!(ran.code, Some(0), "{}", ran.said());
        assert!(ran.stdout.contains("统计报表已写入"), "{}", ran.said());
        // The file holds what would have been printed, and nothing else.
        assert_eq!(std::fs::read_to_string(&out).unwrap(), printed.stdout);
        assert!(!ran.stdout.contains(&printed.stdout), "{}", ran.said());
    }
    let store = liaison_desk::store::Store::open(&db).unwrap();
    let entry = &store.audit_entries(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.entity.as_str()),
        ("export", "report")
    );
    drop(store);
    // `-o -` is the screen, as for other tools.
    let printed = run(&[&year[..], &["-o", "-"]].concat());
    assert!(printed.stdout.contains("统计期间"), "{}", printed.said());
    assert!(!std::path::Path::new("-").exists());
    // The database and a folder are never targets, in any format; the
    // refusal is logged.
    let ran = run(&[&year[..], &["-o", db.to_str().unwrap()]].concat());
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    let store = liaison_desk::store::Store::open(&db).unwrap();
    let entry = &store.audit_entries(1).unwrap()[0];
    assert_eq!(entry.action, "export.failed");
    assert!(
        entry
            .after
            .as_deref()
            .unwrap()
            .contains("target_is_database")
    );
    drop(store);
    // A database another program holds: no entry can be written, so no
    // file is left either (never a report that left unlogged).
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held = fx.dir.path().join("占用时.txt");
    let ran = run(&[&year[..], &["-o", held.to_str().unwrap()]].concat());
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(!held.exists());
    assert!(!fx.dir.path().join("占用时.txt.part").exists());
    drop(holder);
    let folder = fx.dir.path().to_str().unwrap();
    let ran = run(&["report", "--day", "2026-11-10", "-o", folder]);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stderr.contains("文件夹"), "{}", ran.said());
    // A day's workbook is the period workbook of that one day.
    let out = fx.dir.path().join("日结.xlsx");
    let ran = run(&[
        "report",
        "--day",
        "2026-11-10",
        "--format",
        "xlsx",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let mut book: Xlsx<_> = open_workbook(&out).unwrap();
    let summary = book.worksheet_range(&book.sheet_names()[0]).unwrap();
    let all: Vec<String> = summary.rows().flatten().map(|c| c.to_string()).collect();
    assert!(all.iter().any(|c| c.contains("2026-11-10")), "{all:?}");
}

#[test]
fn the_statistics_screen_saves_the_same_workbook() {
    use crossterm::event::KeyCode;
    let fx = counted_year();
    let mut h = common::screen::Harness::new(fx, 100, 30);
    h.key(KeyCode::Char('5'));
    h.key(KeyCode::Char('x'));
    let frame = h.frame();
    assert!(frame.contains("统计报表已写入"), "{frame}");
    let path = h
        .dir
        .path()
        .join("导出")
        .join("HD01_接待工作统计_2026-11-01_2026-11-30.xlsx");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names().len(), 6);
    let summary = book.worksheet_range("汇总").unwrap();
    assert!(cell(&summary, 1, 0).contains("2026-11-01 至 2026-11-30"));
    // Saved again: a second file beside the first, which stays.
    let first = std::fs::read(&path).unwrap();
    h.key(KeyCode::Char('x'));
    let second = path.with_file_name("HD01_接待工作统计_2026-11-01_2026-11-30（2）.xlsx");
    assert!(h.frame().contains("（2）.xlsx"), "{}", h.frame());
    assert!(second.is_file());
    assert_eq!(std::fs::read(&path).unwrap(), first);
}

#[test]
fn the_audit_log_finds_a_saved_report_by_the_name_of_its_kind() {
    use crossterm::event::KeyCode;
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let fx = counted_year();
    let mut h = common::screen::Harness::signed_in(fx, 120, 36, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('5')).key(KeyCode::Char('x'));
    assert!(h.frame().contains("统计报表已写入"), "{}", h.frame());
    h.key(KeyCode::Esc).key(KeyCode::Char('l'));
    h.typed("报表");
    let frame = h.frame();
    let rows: Vec<&str> = frame.lines().filter(|l| l.contains("导出")).collect();
    assert_eq!(rows.len(), 1, "{frame}");
    assert!(rows[0].contains("统计报表"), "{frame}");
}
