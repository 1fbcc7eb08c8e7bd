//! Exporting registers: the .xlsx read back with calamine, the CSV with
//! its byte-order mark, masking, the audit entry, the command line and
//! the register screen's export with its progress.

mod common;

use common::screen::Harness;
use common::year::{at, counted_year, d};
use common::{actor, now, reception};
use crossterm::event::KeyCode;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::registers::preset;
use liaison_desk::domain::roles::Role;
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::export::{ExportFormat, ExportRequest, export_register};

fn year() -> Period {
    Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    }
}

fn rows_of(path: &std::path::Path) -> Vec<Vec<String>> {
    common::sheet_rows(path)
}

#[test]
fn every_register_exports_to_xlsx_and_reads_back() {
    let mut fx = counted_year();
    let mut secret = reception(Route::OnSpot);
    secret.confidential = true;
    common::save(&mut fx, &secret, at("2026-11-10", 15));
    let secretary = actor(&mut fx.store, Role::Secretary);
    let t = strings(Lang::Zh);
    for def in &preset("five").unwrap().registers {
        let path = fx.dir.path().join(format!("{}.xlsx", def.key));
        let request = ExportRequest {
            def: def.clone(),
            range: year(),
            format: ExportFormat::Xlsx,
            path: path.clone(),
            full_reason: None,
        };
        let count = export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
        let rows = rows_of(&path);
        assert_eq!(
            rows[0][0],
            format!(
                "海淀街道代表联络站 · {} · 统计期间：2026-01-01 至 2026-12-31",
                def.title
            )
        );
        let mut headings: Vec<&str> = def.columns.iter().map(|c| c.label.as_str()).collect();
        // The reception, activity and study registers end with each row's
        // corrections.
        if matches!(def.key.as_str(), "reception" | "activities" | "study") {
            headings.push("更正记录");
        }
        assert_eq!(rows[1], headings, "{}", def.title);
        // The rows, a blank line, then the signature line of the paper page.
        assert_eq!(rows.len() - 4, count, "{}", def.title);
        let last = rows.last().unwrap().join("");
        assert!(
            last.contains("记录人：") && last.contains("审核人："),
            "{last}"
        );
        assert!(rows[rows.len() - 2].iter().all(String::is_empty));
        for row in &rows {
            for cell in row {
                assert!(!cell.contains("13812341234"), "{}: {cell}", def.title);
            }
        }
        assert!(!path.with_extension("xlsx.part").exists());
    }
    let rows = rows_of(&fx.dir.path().join("reception.xlsx"));
    assert_eq!(rows.len(), 2 + 5 + 2);
    assert_eq!(rows[2][0], "HD01-20260302-001");
    assert!(rows[2].contains(&"138****1234".to_string()));
    assert!(rows[6].contains(&"保密".to_string()));
    // Every export is in the audit log, with where it went.
    let audit = fx.store.audit_entries(2).unwrap();
    assert_eq!(audit[0].action, "export");
    assert_eq!(audit[0].actor, "林秘书");
    // The last two registers of the preset: the contact households, then 民生实事.
    assert!(
        audit[0]
            .after
            .as_deref()
            .unwrap()
            .contains("livelihood.xlsx")
    );
    assert!(
        audit[1]
            .after
            .as_deref()
            .unwrap()
            .contains("households.xlsx")
    );
}

#[test]
fn csv_has_a_byte_order_mark_the_headings_and_masked_phones() {
    let mut fx = counted_year();
    let def = preset("five").unwrap().registers[0].clone();
    let path = fx.dir.path().join("接待.csv");
    let request = ExportRequest {
        def: def.clone(),
        range: year(),
        format: ExportFormat::Csv,
        path: path.clone(),
        full_reason: None,
    };
    let secretary = actor(&mut fx.store, Role::Secretary);
    let t = strings(Lang::Zh);
    let count = export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
    assert_eq!(count, 4);
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headings: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headings[0], "编号");
    assert_eq!(headings.len(), def.columns.len() + 1);
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 4);
    let phone = headings.iter().position(|h| h == "联系电话").unwrap();
    assert_eq!(&records[0][phone], "138****1234");
    // The content keeps its words whole (the screen cuts it, the file does not).
    let content = headings.iter().position(|h| h == "反映内容").unwrap();
    assert_eq!(&records[0][content], "小区门口公交站被撤，老人出行不便。");
}

#[test]
fn a_folder_that_does_not_exist_is_a_clear_message_and_no_file() {
    let mut fx = counted_year();
    let def = preset("five").unwrap().registers[0].clone();
    let path = fx.dir.path().join("没有这个文件夹").join("接待.xlsx");
    let request = ExportRequest {
        def,
        range: year(),
        format: ExportFormat::Xlsx,
        path: path.clone(),
        full_reason: None,
    };
    let t = strings(Lang::Zh);
    let secretary = actor(&mut fx.store, Role::Secretary);
    let e = export_register(&mut fx.store, &request, t, &secretary, now()).unwrap_err();
    assert_eq!(
        e.message(t),
        "导出失败：文件夹不存在。请检查文件夹是否存在、是否可写、磁盘是否已满。"
    );
    assert!(!path.exists());
}

#[test]
fn the_command_line_exports_a_register() {
    let mut fx = counted_year();
    common::add_users(&mut fx.store);
    let db = fx.db_path();
    let out = fx.dir.path().join("名册.csv");
    drop(fx.store);
    let at = "2026-11-10 09:30:00";
    let export = |user: &str, pin: &str| {
        let args = [
            "export",
            "roster",
            "--format",
            "csv",
            "-o",
            out.to_str().unwrap(),
            "--user",
            user,
        ];
        common::run_cli_with(&db, at, &args, &[("LIAISON_DESK_PIN", pin)])
    };
    // A deputy may not export; a wrong PIN is refused; nobody unknown.
    let ran = export("王建国", "1357");
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(
        ran.stderr.contains("您的角色不能进行这项操作"),
        "{}",
        ran.said()
    );
    let ran = export("林秘书", "0000");
    assert_eq!(ran.code, Some(2));
    assert!(ran.stderr.contains("密码不对"), "{}", ran.said());
    let ran = export("不存在", "0000");
    assert!(
        ran.stderr.contains("没有名为“不存在”的在用用户"),
        "{}",
        ran.said()
    );
    assert!(!out.exists());
    let ran = export("林秘书", "2468");
    let said = ran.said();
    assert_eq!(ran.code, Some(0), "{said}");
    assert!(said.contains("已导出 3 条到"), "{said}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("\u{feff}姓名,性别"), "{text}");
    let ran = common::run_cli(
        &db,
        at,
        &["export", "diary", "-o", "x.csv", "--user", "林秘书"],
    );
    assert_eq!(ran.code, Some(2));
    assert!(ran.stderr.contains("没有名为“diary”的登记簿"));
}

#[test]
fn the_register_page_exports_with_progress() {
    let fx = counted_year();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('3'))
        .key(KeyCode::Char('1'))
        .key(KeyCode::Char('5'));
    h.key(KeyCode::Char('x'));
    let frame = h.frame();
    // The proposed file sits in the (randomly named) test folder.
    let shown: Vec<String> = frame
        .lines()
        .map(|l| match l.find("/导出/") {
            Some(i) if l.contains("保存到") => format!("│ │   保存到              …{}", &l[i..]),
            _ => l.to_string(),
        })
        .collect();
    insta::assert_snapshot!("export_form_80x24", shown.join("\n"));
    assert!(frame.contains("电话号码默认隐去中间四位"));
    // CSV, to the file proposed (its extension follows the format).
    h.key(KeyCode::Right).ctrl('s');
    assert!(h.frame().contains("正在导出"));
    h.app.tick();
    let frame = h.frame();
    assert!(frame.contains("已导出 4 条到"), "{frame}");
    let file = h
        .dir
        .path()
        .join("导出")
        .join("HD01_接待选民登记簿_2026.csv");
    assert!(file.exists(), "{frame}");
}

#[test]
fn a_file_that_cannot_be_written_keeps_the_form_and_says_why() {
    let mut h = Harness::new(counted_year(), 80, 24);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('1'));
    h.key(KeyCode::Char('x')).key(KeyCode::Down);
    for _ in 0..300 {
        h.key(KeyCode::Backspace);
    }
    let missing = h.dir.path().join("没有这个").join("文件夹");
    // A file where the folder should be: the folder cannot be made.
    std::fs::write(h.dir.path().join("没有这个"), "x").unwrap();
    h.typed(&missing.join("接待.xlsx").display().to_string());
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("导出失败："), "{frame}");
    assert!(frame.contains("保存到"), "the form stays open: {frame}");
    assert!(frame.contains("接待.xlsx"), "the input stays: {frame}");
    assert!(!missing.exists());
}

#[test]
fn a_deputy_may_not_export_and_a_full_export_needs_a_reason() {
    let mut fx = counted_year();
    let def = preset("five").unwrap().registers[0].clone();
    let path = fx.dir.path().join("接待.csv");
    let t = strings(Lang::Zh);
    let deputy = actor(&mut fx.store, Role::Deputy);
    let secretary = actor(&mut fx.store, Role::Secretary);
    let request = |full_reason: Option<&str>| ExportRequest {
        def: def.clone(),
        range: year(),
        format: ExportFormat::Csv,
        path: path.clone(),
        full_reason: full_reason.map(String::from),
    };
    let e = export_register(&mut fx.store, &request(None), t, &deputy, now()).unwrap_err();
    assert!(e.message(t).contains("您的角色不能进行这项操作"));
    let e = export_register(&mut fx.store, &request(Some(" ")), t, &secretary, now()).unwrap_err();
    assert!(e.message(t).contains("原因：必须填写"), "{}", e.message(t));
    assert!(!path.exists());

    // An amendment shows in the export's last column.
    let id = fx
        .store
        .reception_ids(d("2026-03-02"), d("2026-03-02"))
        .unwrap()[0]
        .clone();
    let change = liaison_desk::store::CorrectionRequest {
        reception_id: id,
        field: liaison_desk::domain::fields::Field::Address,
        value: "北太平庄社区3号楼".into(),
        reason: "门牌号补全".into(),
    };
    fx.store
        .correct_reception(&secretary, &change, now())
        .unwrap();
    let reason = "向区交通委转交联系方式";
    export_register(&mut fx.store, &request(Some(reason)), t, &secretary, now()).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("13812341234"), "phones in full: {text}");
    assert!(
        text.contains("住址或单位 “北太平庄社区” → “北太平庄社区3号楼” 门牌号补全"),
        "{text}"
    );
    let audit = &fx.store.audit_entries(1).unwrap()[0];
    assert_eq!(audit.action, "export");
    let after = audit.after.as_deref().unwrap();
    assert!(
        after.contains("\"phones\":\"full\"") && after.contains(reason),
        "{after}"
    );
}

/// The CSV export of register `key` for the year: headings and rows.
fn csv_rows(fx: &mut common::Fixture, key: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let def = preset("five")
        .unwrap()
        .registers
        .iter()
        .find(|r| r.key == key)
        .unwrap()
        .clone();
    let path = fx.dir.path().join(format!("{key}.csv"));
    let request = ExportRequest {
        def,
        range: year(),
        format: ExportFormat::Csv,
        path: path.clone(),
        full_reason: None,
    };
    let secretary = actor(&mut fx.store, Role::Secretary);
    export_register(
        &mut fx.store,
        &request,
        strings(Lang::Zh),
        &secretary,
        now(),
    )
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let headings = reader.headers().unwrap().iter().map(String::from).collect();
    let rows = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    (headings, rows)
}

#[test]
fn activity_and_study_exports_end_with_their_amendments() {
    let mut fx = counted_year();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let activity_id = fx
        .store
        .activity_ids(d("2026-01-01"), d("2026-12-31"), &[])
        .unwrap()[0]
        .clone();
    let a = fx.store.activity(&activity_id).unwrap();
    let day = d(&a.date);
    fx.store.sign_off_day(&secretary, day, now()).unwrap();
    let amended = liaison_desk::store::NewActivity {
        date: Some(day),
        kind: a.kind.clone(),
        topic: "河道治理视察".into(),
        place: a.place.clone(),
        organiser: a.organiser.clone(),
        outcome: a.outcome.clone(),
        participants: a.participants.iter().map(|(id, _)| id.clone()).collect(),
        meeting: a.meeting.clone(),
        ..Default::default()
    };
    fx.store
        .update_activity(&secretary, &activity_id, &amended, "主题记错", now())
        .unwrap();
    let (headings, rows) = csv_rows(&mut fx, "activities");
    assert_eq!(headings.last().unwrap(), "更正记录");
    let row = rows.iter().find(|r| r[2] == "河道治理视察").unwrap();
    assert_eq!(
        row.last().unwrap(),
        &format!(
            "2026-11-10 09:30:00 林秘书 补正：主题 “{}” → “河道治理视察” 主题记错",
            a.topic
        )
    );
    // The other rows have no corrections.
    assert_eq!(
        rows.iter()
            .filter(|r| !r.last().unwrap().is_empty())
            .count(),
        1
    );

    let study_id = fx
        .store
        .study_ids(d("2026-01-01"), d("2026-12-31"))
        .unwrap()[0]
        .clone();
    let s = fx.store.study_session(&study_id).unwrap();
    let day = d(&s.date);
    fx.store.sign_off_day(&secretary, day, now()).unwrap();
    let amended = liaison_desk::store::NewStudySession {
        date: Some(day),
        topic: s.topic.clone(),
        form: s.form.clone(),
        speaker: "王老师".into(),
        hours: s.hours,
        attendance: s
            .attendance
            .iter()
            .map(|a| (a.deputy_id.clone(), a.present, a.leave_reason.clone()))
            .collect(),
    };
    fx.store
        .update_study_session(&secretary, &study_id, &amended, "补记主讲人", now())
        .unwrap();
    let (headings, rows) = csv_rows(&mut fx, "study");
    assert_eq!(headings.last().unwrap(), "更正记录");
    assert_eq!(
        rows[0].last().unwrap(),
        "2026-11-10 09:30:00 林秘书 补正：主讲人 “” → “王老师” 补记主讲人"
    );
}

#[test]
fn a_meeting_is_exported_with_its_activity() {
    let mut fx = counted_year();
    let meeting = liaison_desk::store::Meeting {
        person: "李镇长".into(),
        office: "城关镇人民政府镇长".into(),
        topics: "加装电梯进度慢".into(),
        answers: "年内完成十部".into(),
        follow_up: "十二月回访".into(),
    };
    let participants = vec![fx.deputies[0].to_string()];
    fx.store
        .add_activity(
            &liaison_desk::store::NewActivity {
                date: Some(d("2026-10-20")),
                kind: "约见".into(),
                topic: "约见镇长谈加装电梯".into(),
                outcome: "镇政府承诺加快审批".into(),
                participants,
                meeting: Some(meeting),
                ..Default::default()
            },
            "秘书",
            now(),
        )
        .unwrap();
    let (headings, rows) = csv_rows(&mut fx, "activities");
    let outcome = headings.iter().position(|h| h == "活动成果").unwrap();
    let row = rows.iter().find(|r| r[1] == "约见").unwrap();
    assert_eq!(
        row[outcome],
        "约见李镇长（城关镇人民政府镇长）；反映：加装电梯进度慢；答复：年内完成十部；跟进：十二月回访；镇政府承诺加快审批"
    );
}

/// Reads one part of an .xlsx file (a zip of XML files).
fn xlsx_part(path: &std::path::Path, name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn an_excel_register_prints_as_the_paper_page() {
    let mut fx = counted_year();
    let mut long = reception(Route::OnSpot);
    long.content = "小区门口公交站被撤，老人出行不便，希望恢复。".repeat(6);
    common::save(&mut fx, &long, at("2026-11-09", 10));
    let secretary = actor(&mut fx.store, Role::Secretary);
    let t = strings(Lang::Zh);
    let def = preset("five").unwrap().registers[0].clone();
    let path = fx.dir.path().join("接待.xlsx");
    let request = ExportRequest {
        def,
        range: year(),
        format: ExportFormat::Xlsx,
        path: path.clone(),
        full_reason: None,
    };
    export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
    let sheet = xlsx_part(&path, "xl/worksheets/sheet1.xml");
    // A4, landscape (the register is wide), one page wide, centred.
    assert!(sheet.contains(r#"paperSize="9""#), "{sheet}");
    assert!(sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#), "{sheet}");
    assert!(sheet.contains(r#"horizontalCentered="1""#), "{sheet}");
    // The station, register and period on every page; page numbers below.
    assert!(
        sheet.contains("<oddHeader>&amp;C海淀街道代表联络站 · 接待选民登记簿"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter>"),
        "{sheet}"
    );
    // Rows tall enough for their wrapped text.
    assert!(sheet.contains(r#"customHeight="1""#), "{sheet}");
    // Wrapped cells with rules; the frozen heading rows.
    assert!(sheet.contains(r#"state="frozen""#), "{sheet}");
    let styles = xlsx_part(&path, "xl/styles.xml");
    assert!(
        styles.contains(r#"wrapText="1""#) && styles.contains(r#"<left style="thin">"#),
        "{styles}"
    );
    // The title and headings repeat on each page.
    let book = xlsx_part(&path, "xl/workbook.xml");
    assert!(
        book.contains("_xlnm.Print_Titles") && book.contains("$1:$2"),
        "{book}"
    );
}
