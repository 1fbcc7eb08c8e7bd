//! Personal data: phone and ID numbers stay masked on every output path —
//! screens, registers, exports, reports, the digest and the audit log —
//! and appear in full only through a secretary's reveal, which asks why
//! and is logged (or a secretary's full export, with a reason).

mod common;

use common::screen::Harness;
use common::year::{at, counted_year, d};
use common::{actor, now, reception, save};
use crossterm::event::KeyCode;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::fields::Field;
use liaison_desk::domain::registers::preset;
use liaison_desk::domain::roles::{Permission, Role};
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::export::{ExportFormat, ExportRequest, export_register};
use liaison_desk::store::Refusal;
use liaison_desk::store::{CorrectionRequest, StoreError};

/// The visitors' numbers in the fixture, in full and as the digits a
/// careless mask would leave.
const MOBILE: &str = "13812341234";
const LANDLINE: &str = "0571-87654321";
/// The landline visitor's ID number as taken, and as corrected (both valid
/// GB 11643 numbers).
const ID_NUMBER: &str = "11010519491231002X";
const ID_CORRECTED: &str = "440304199001011233";

fn assert_masked(what: &str, text: &str) {
    for full in [MOBILE, "13900001111", LANDLINE, "87654321"] {
        assert!(!text.contains(full), "{what} shows {full}:\n{text}");
    }
    // Whole, or the middle that the mask hides (district and birth date).
    for id in [ID_NUMBER, ID_CORRECTED] {
        for part in [id, &id[4..14]] {
            assert!(!text.contains(part), "{what} shows {part}:\n{text}");
        }
    }
}

/// Turns on the optional ID number field (设置：登记身份证号).
fn record_id_numbers(fx: &mut common::Fixture) {
    let mut settings = fx.store.settings().unwrap();
    settings.collect_id_number = true;
    fx.store.save_settings(&settings, "林秘书", now()).unwrap();
}

/// A year of receptions with a mobile, a landline visitor with an ID
/// number, and a phone and that ID number corrected once (so that history
/// and audit hold old and new numbers).
fn fixture() -> common::Fixture {
    let mut fx = counted_year();
    record_id_numbers(&mut fx);
    let landline = liaison_desk::domain::reception::ValidReception {
        phone: Some(LANDLINE.into()),
        id_number: Some(ID_NUMBER.into()),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &landline, at("2026-11-10", 11));
    let secretary = actor(&mut fx.store, Role::Secretary);
    let first = fx
        .store
        .reception_ids(d("2026-03-02"), d("2026-03-02"))
        .unwrap()[0]
        .clone();
    let change = CorrectionRequest {
        reception_id: first,
        field: Field::Phone,
        value: "13900001111".into(),
        reason: "记错一位".into(),
    };
    fx.store
        .correct_reception(&secretary, &change, now())
        .unwrap();
    let change = CorrectionRequest {
        reception_id: saved.reception_id.clone(),
        field: Field::IdNumber,
        value: ID_CORRECTED.into(),
        reason: "身份证号记错".into(),
    };
    fx.store
        .correct_reception(&secretary, &change, now())
        .unwrap();
    assert!(!saved.number.is_empty());
    fx
}

#[test]
fn no_full_phone_number_leaves_the_program_without_a_reveal() {
    let mut fx = fixture();
    let t = strings(Lang::Zh);
    let secretary = actor(&mut fx.store, Role::Secretary);
    let year = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    // Every register, in both formats.
    for def in &preset("five").unwrap().registers {
        for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
            let path = fx
                .dir
                .path()
                .join(format!("{}.{}", def.key, format.extension()));
            let request = ExportRequest {
                def: def.clone(),
                range: year,
                format,
                path: path.clone(),
                full_reason: None,
            };
            export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
            let text = match format {
                ExportFormat::Csv => std::fs::read_to_string(&path).unwrap(),
                ExportFormat::Xlsx => xlsx_text(&path),
            };
            assert_masked(&format!("{} export", def.key), &text);
        }
    }
    // Reports and the digest.
    let counts = fx.store.report_counts(year, now().date()).unwrap();
    assert_masked(
        "report",
        &liaison_desk::service::report::to_text(&counts, year, "站", t),
    );
    assert_masked(
        "report json",
        &liaison_desk::service::report::to_json(&counts, year, t).to_string(),
    );
    assert_masked(
        "report csv",
        &liaison_desk::service::report::to_csv(&counts, year, &[], t),
    );
    let day = fx.store.day_counts(now().date()).unwrap();
    assert_masked(
        "digest",
        &liaison_desk::service::report::digest_text(&day, now().date(), "站", Some(0), t),
    );
    // The audit log (saves, corrections, exports).
    for e in fx.store.audit_entries(10_000).unwrap() {
        let text = format!("{:?} {:?}", e.before, e.after);
        assert_masked(&format!("audit entry {} {}", e.seq, e.action), &text);
    }

    // Every screen a secretary can open, at a size that shows whole rows.
    let mut h = Harness::new(fx, 200, 60);
    let mut seen = vec![h.frame()];
    h.key(KeyCode::Char('2'));
    seen.push(h.frame());
    for _ in 0..6 {
        h.key(KeyCode::Enter);
        seen.push(h.frame());
        h.key(KeyCode::Esc).key(KeyCode::Down);
    }
    h.key(KeyCode::Esc).key(KeyCode::Char('3'));
    for register in '1'..='6' {
        h.key(KeyCode::Char(register)).key(KeyCode::Char('5'));
        seen.push(h.frame());
        for _ in 0..20 {
            h.key(KeyCode::Right);
        }
        seen.push(h.frame());
        h.key(KeyCode::Esc);
    }
    h.key(KeyCode::Esc).key(KeyCode::Char('4'));
    seen.push(h.frame());
    for _ in 0..2 {
        h.key(KeyCode::Char('e'));
        seen.push(h.frame());
        h.key(KeyCode::Enter);
        seen.push(h.frame());
        h.key(KeyCode::Esc).key(KeyCode::Left);
    }
    h.key(KeyCode::Esc).key(KeyCode::Char('5'));
    seen.push(h.frame());
    for (i, frame) in seen.iter().enumerate() {
        assert_masked(&format!("screen {i}"), frame);
    }
    assert!(seen.iter().any(|f| f.contains("138****1234")));
    assert!(
        seen.iter().any(|f| f.contains("4403**********1233")),
        "the reception register shows the ID number masked"
    );
    assert!(
        seen.iter().any(|f| f.contains("0571-****4321")),
        "landlines are masked too"
    );
}

/// Every cell of the first sheet, one per line.
fn xlsx_text(path: &std::path::Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&sheet).unwrap();
    range
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_reveal_needs_the_secretary_and_a_reason_and_is_logged_without_the_number() {
    let mut fx = fixture();
    let id = fx
        .store
        .reception_ids(d("2026-03-02"), d("2026-03-02"))
        .unwrap()[0]
        .clone();
    let deputy = actor(&mut fx.store, Role::Deputy);
    let secretary = actor(&mut fx.store, Role::Secretary);
    assert!(matches!(
        fx.store.reveal_visitor(&deputy, &id, "回访", now()),
        Err(StoreError::Refused(Refusal::Denied(
            Permission::RevealPhone
        )))
    ));
    match fx.store.reveal_visitor(&secretary, &id, "  ", now()) {
        Err(StoreError::Refused(Refusal::Invalid(e))) => assert_eq!(e[0].field, Field::Reason),
        other => panic!("a reveal needs a reason: {other:?}"),
    }
    let shown = fx
        .store
        .reveal_visitor(&secretary, &id, "电话回访来访人", now())
        .unwrap();
    assert_eq!(shown.phone.as_deref(), Some("13900001111"));
    let entry = &fx.store.audit_entries(1).unwrap()[0];
    assert_eq!(
        (entry.action.as_str(), entry.actor.as_str()),
        ("reveal", "林秘书")
    );
    let logged = entry.after.as_deref().unwrap();
    assert!(logged.contains("电话回访来访人"), "{logged}");
    assert_masked("the reveal's audit entry", logged);
}

#[test]
fn the_case_detail_reveals_on_a_secretarys_request_only() {
    let mut h = Harness::new(fixture(), 160, 48);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert!(h.frame().contains("v  查看完整联系方式"));
    h.key(KeyCode::Char('v')).key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("原因：必须填写"), "{frame}");
    assert_masked("before the reveal", &frame);
    h.typed("电话回访").key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("case_detail_revealed_160x48", frame);
    assert!(frame.contains("本次查看已记入审计日志"), "{frame}");
    assert!(
        frame.contains("0571-87654321") || frame.contains(MOBILE) || frame.contains("13900001111"),
        "{frame}"
    );

    // A deputy may ask, and is told no; nothing is shown.
    let mut h = Harness::signed_in(fixture(), 160, 48, Lang::Zh, Role::Deputy);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert!(!h.frame().contains("查看完整联系方式"));
    // Told at once, before any reason is asked for.
    h.key(KeyCode::Char('v'));
    let frame = h.frame();
    assert!(frame.contains("您的角色不能进行这项操作"), "{frame}");
    assert_masked("a deputy's screen", &frame);
}

#[test]
fn the_administrator_reads_and_filters_the_audit_log() {
    let mut fx = fixture();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let query = liaison_desk::store::AuditQuery::default();
    assert!(matches!(
        fx.store.audit_page(&secretary, &query, None, 10),
        Err(StoreError::Refused(Refusal::Denied(Permission::ViewAudit)))
    ));
    fx.store
        .sign_off_day(&secretary, now().date(), now())
        .unwrap();
    let mut h = Harness::signed_in(fx, 160, 48, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('l'));
    let frame = h.frame();
    assert!(
        frame.contains("审计日志") && frame.contains("接待登记"),
        "{frame}"
    );
    assert_masked("the audit screen", &frame);
    // A record is named as people know it (a reception by its case's
    // number, a user by name), not by the start of an id.
    assert!(frame.contains("接待登记 HD01-2026"), "{frame}");
    assert!(frame.contains("用户 林秘书"), "{frame}");
    // Words match the actions' names too: 签发 finds the sign-off.
    h.typed("签发");
    let frame = h.frame();
    insta::assert_snapshot!("audit_filtered_160x48", frame);
    let rows: Vec<&str> = frame.lines().filter(|l| l.contains("林秘书")).collect();
    assert_eq!(rows.len(), 1, "{frame}");
    assert!(rows[0].contains("签发"), "{frame}");
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("校验值："), "{frame}");
    h.key(KeyCode::Esc).key(KeyCode::F(9));
    assert!(h.frame().contains("审计日志完整"));
    // Filtering by a word nobody wrote shows nothing.
    h.typed(" 不存在的词");
    assert!(h.frame().contains("没有符合条件的记录"));
}

#[test]
fn a_full_export_shows_id_numbers_and_a_masked_one_does_not() {
    let mut fx = fixture();
    let t = strings(Lang::Zh);
    let secretary = actor(&mut fx.store, Role::Secretary);
    let def = preset("five").unwrap().registers[0].clone();
    let export = |fx: &mut common::Fixture, full_reason: Option<String>| {
        let path = fx.dir.path().join("接待.csv");
        let request = ExportRequest {
            def: def.clone(),
            range: Period {
                from: d("2026-11-01"),
                to: d("2026-11-30"),
            },
            format: ExportFormat::Csv,
            path: path.clone(),
            full_reason,
        };
        export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
        std::fs::read_to_string(&path).unwrap()
    };
    let masked = export(&mut fx, None);
    assert_masked("a masked export", &masked);
    let heading = masked.lines().next().unwrap();
    assert!(heading.contains("联系电话,身份证号,"), "{heading}");
    assert!(masked.contains("4403**********1233"), "{masked}");
    let full = export(&mut fx, Some("移交区人大常委会".into()));
    assert!(full.contains(ID_CORRECTED), "{full}");
    // The corrections column of a full export has both numbers too.
    assert!(full.contains(ID_NUMBER), "{full}");
    // With the field turned off, a period without ID numbers has no column.
    let mut settings = fx.store.settings().unwrap();
    settings.collect_id_number = false;
    fx.store.save_settings(&settings, "林秘书", now()).unwrap();
    assert!(
        export(&mut fx, None).contains("身份证号"),
        "rows still hold one"
    );
    let path = fx.dir.path().join("三月.csv");
    let request = ExportRequest {
        def,
        range: Period {
            from: d("2026-03-01"),
            to: d("2026-03-31"),
        },
        format: ExportFormat::Csv,
        path: path.clone(),
        full_reason: None,
    };
    export_register(&mut fx.store, &request, t, &secretary, now()).unwrap();
    assert!(!std::fs::read_to_string(&path).unwrap().contains("身份证号"));
}

#[test]
fn an_id_number_is_masked_on_the_case_detail_and_revealed_to_a_secretary_only() {
    let mut fx = common::station();
    record_id_numbers(&mut fx);
    let r = liaison_desk::domain::reception::ValidReception {
        id_number: Some(ID_NUMBER.into()),
        confidential: true,
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &r, now());
    let secretary = actor(&mut fx.store, Role::Secretary);
    let deputy = actor(&mut fx.store, Role::Deputy);
    assert!(matches!(
        fx.store
            .reveal_visitor(&deputy, &saved.reception_id, "核对身份", now()),
        Err(StoreError::Refused(Refusal::Denied(
            Permission::RevealPhone
        )))
    ));
    let shown = fx
        .store
        .reveal_visitor(&secretary, &saved.reception_id, "核对身份", now())
        .unwrap();
    assert_eq!(shown.id_number.as_deref(), Some(ID_NUMBER));
    let logged = fx.store.audit_entries(1).unwrap()[0].after.clone().unwrap();
    assert_masked("the reveal's audit entry", &logged);

    // A confidential visitor's ID number is masked like the phone.
    let mut h = Harness::new(fx, 160, 48);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("身份证号：1101**********002X"), "{frame}");
    assert_masked("the case detail", &frame);
    h.key(KeyCode::Char('v'))
        .typed("核对身份")
        .key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains(&format!("身份证号：{ID_NUMBER}")), "{frame}");
    assert!(frame.contains("本次查看已记入审计日志"), "{frame}");
}

#[test]
fn a_deputy_sees_the_id_number_masked_and_cannot_reveal_it() {
    let mut fx = common::station();
    record_id_numbers(&mut fx);
    let r = liaison_desk::domain::reception::ValidReception {
        id_number: Some(ID_NUMBER.into()),
        ..reception(Route::OnSpot)
    };
    save(&mut fx, &r, now());
    let mut h = Harness::signed_in(fx, 160, 48, Lang::Zh, Role::Deputy);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert!(h.frame().contains("1101**********002X"), "{}", h.frame());
    // Told at once, before any reason is asked for.
    h.key(KeyCode::Char('v'));
    let frame = h.frame();
    assert!(frame.contains("您的角色不能进行这项操作"), "{frame}");
    assert_masked("a deputy's screen", &frame);
}
