//! Importing the reception register from CSV, on real SQLite files: the
//! trial run, all or nothing, what an import creates, importing twice,
//! the export read back into a fresh station, headings and the byte-order
//! mark, the command line, and files of any bytes.

mod common;

use common::{Fixture, now, reception, run_cli, station};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use liaison_desk::domain::import::same_text;
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::domain::registers::preset;
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::export::{ExportFormat, ExportRequest, export_register};
use liaison_desk::service::import::{ImportReport, ImportRequest, import_receptions};
use liaison_desk::store::{ReceptionRecord, SaveContext, Store};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const HEAD: &str = "接待日期,值班代表,来访人,联系电话,来访人数,接待方式,类别,反映内容,处理方式,承办单位,答复内容,满意度";

/// Writes `text` to a file beside the fixture's database.
fn file(fx: &Fixture, name: &str, text: &str) -> PathBuf {
    let path = fx.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(store: &mut Store, path: &Path, dry_run: bool) -> ImportReport {
    import_receptions(
        store,
        &ImportRequest {
            path,
            sheet: None,
            dry_run,
            actor: "秘书",
            now: now(),
        },
        strings(Lang::Zh),
    )
    .unwrap()
}

/// Row counts of the tables an import writes.
fn counts(store: &Store) -> Vec<i64> {
    [
        "receptions",
        "cases",
        "case_events",
        "reception_deputies",
        "deputies",
        "departments",
        "audit_log",
    ]
    .iter()
    .map(|t| store.count_rows(t).unwrap())
    .collect()
}

fn sql(fx: &Fixture) -> rusqlite::Connection {
    rusqlite::Connection::open(fx.db_path()).unwrap()
}

/// A case's columns as stored.
struct StoredCase {
    status: String,
    department: Option<String>,
    reply_date: Option<String>,
    callback: Option<String>,
    rehandled: i64,
    closed: Option<String>,
    deadline: Option<String>,
}

/// Five good rows: on the spot with a masked phone, referred to a new
/// department with a new deputy, replied and called back satisfied, a
/// formal suggestion called back dissatisfied, and an anonymous group.
fn good_rows() -> String {
    [
        HEAD,
        "2026-11-02,王建国,赵大妈,138****1234,1,进站接待,交通出行,小区门口公交站被撤，老人出行不便。,现场答复,,已解释站点调整原因。,",
        "2026-11-03,王建国、孙立,钱师傅,13900001111,2,走访,市政公用,东街自来水水压太低。,交办,区水务局,,",
        "2026-11-04,李秀英,周阿姨,,1,电话,市政公用,路灯坏了三个月。,转办,街道办事处,已修复。,满意",
        "2026-11-05,张伟，孙立,吴老师,,1,网络,教育,学校门口需要设置护学岗。,转为代表建议,,已列入计划。,不满意",
        "2026-11-06,张伟,匿名,,5,进站接待,其他,\"希望建篮球场，\n年轻人没有运动的地方。\",交办,区体育局,,",
    ]
    .join("\n")
        + "\n"
}

#[test]
fn a_dry_run_lists_what_would_be_created_and_every_rejected_row() {
    let mut fx = station();
    let before = counts(&fx.store);
    let mut text = good_rows();
    text.push_str("2026-13-01,王建国,张三,,1,进站接待,交通出行,内容,现场答复,,答复,\n");
    text.push_str("2026-11-02,王建国,张三,12345,1,进站接待,交通出行,内容,代办,,,\n");
    text.push_str("2026-11-02,王建国,,,1,进站接待,外星人,内容,现场答复,,答复,\n");
    let path = file(&fx, "登记.csv", &text);
    let report = import(&mut fx.store, &path, true);
    let out = report.to_text(strings(Lang::Zh));
    assert!(!report.accepted());
    for expected in [
        "试导入 登记.csv（只检查，不写入数据库）：",
        "将新建接待登记 5 条，每条同时建立一件案件。",
        "名册中还没有的代表，导入时加入名册并标为待补全：孙立",
        "承办单位中还没有的单位，导入时新增：区水务局、区体育局",
        "1 行的联系电话隐去了中间四位",
        "有 3 行不能导入：",
        "第 8 行：接待日期“2026-13-01”有误：应为日期，如 2026-11-10",
        "第 9 行：联系电话“***45”有误：应为11位手机号",
        "第 9 行：处理方式“代办”有误：应为以下之一：现场答复、交办、转办、转为代表建议、不予受理",
        "第 10 行：来访人为空：请填写姓名；不愿留名的填“匿名”",
        "第 10 行：类别“外星人”有误：不在本站的类别列表中",
        "改正以上各行之前，正式导入将不会导入任何登记。",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert_eq!(counts(&fx.store), before, "a trial writes nothing");

    // The same file for real: nothing at all.
    let report = import(&mut fx.store, &path, false);
    assert!(!report.accepted() && report.outcome.is_none());
    let out = report.to_text(strings(Lang::Zh));
    assert!(out.contains("没有导入任何登记"), "{out}");
    assert!(out.contains("第 8 行：接待日期"), "{out}");
    assert_eq!(counts(&fx.store), before, "one bad row: nothing imported");
}

#[test]
fn a_good_import_creates_receptions_cases_deputies_and_departments() {
    let mut fx = station();
    let before = counts(&fx.store);
    let path = file(&fx, "good.csv", &good_rows());
    let report = import(&mut fx.store, &path, false);
    assert!(report.accepted(), "{}", report.to_text(strings(Lang::Zh)));
    let outcome = report.outcome.clone().unwrap();
    assert_eq!(outcome.created.len(), 5);
    assert_eq!(outcome.new_deputies, ["孙立"]);
    assert_eq!(outcome.new_departments, ["区水务局", "区体育局"]);
    let after = counts(&fx.store);
    assert_eq!(after[0] - before[0], 5, "receptions");
    assert_eq!(after[1] - before[1], 5, "cases");
    // 2 intake events each, + reply, feedback and call-back twice.
    assert_eq!(after[2] - before[2], 10 + 3 + 3, "events");
    assert_eq!(after[3] - before[3], 7, "duty deputies");
    assert_eq!(after[4] - before[4], 1, "deputies");
    assert_eq!(after[5] - before[5], 2, "departments");
    assert_eq!(after[6] - before[6], 1, "one audit entry");
    let out = report.to_text(strings(Lang::Zh));
    assert!(
        out.contains("新建接待登记 5 条（HD01-20261102-001 至 HD01-20261106-001）"),
        "{out}"
    );

    let roster = fx.store.roster().unwrap();
    let sun = roster.iter().find(|e| e.profile.name == "孙立").unwrap();
    assert!(sun.needs_review && sun.active);
    assert!(
        roster
            .iter()
            .filter(|e| e.profile.name != "孙立")
            .all(|e| !e.needs_review)
    );
    // The roster register marks the entry for the secretary to complete.
    let def = preset("five").unwrap().registers[5].clone();
    assert_eq!(def.key, "roster");
    let rows = liaison_desk::service::registers::RegisterRows::load(&fx.store, &def, year_period())
        .unwrap()
        .all_cells(&fx.store, strings(Lang::Zh))
        .unwrap();
    let status = def.columns.iter().position(|c| c.key == "status").unwrap();
    let sun_row = rows.iter().find(|r| r[0] == "孙立").unwrap();
    assert_eq!(sun_row[status], "在任（待补全）");

    let conn = sql(&fx);
    let case = |number: &str| {
        conn.query_row(
            "SELECT c.status, d.name, c.reply_date, c.callback, c.rehandle_count, c.closed_date, c.deadline
             FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.number = ?1",
            [number],
            |r| {
                Ok(StoredCase {
                    status: r.get(0)?,
                    department: r.get(1)?,
                    reply_date: r.get(2)?,
                    callback: r.get(3)?,
                    rehandled: r.get(4)?,
                    closed: r.get(5)?,
                    deadline: r.get(6)?,
                })
            },
        )
        .unwrap()
    };
    let on_spot = case("HD01-20261102-001");
    assert_eq!(on_spot.status, "closed");
    assert_eq!(on_spot.closed.as_deref(), Some("2026-11-02"));
    let referred = case("HD01-20261103-001");
    assert_eq!(referred.status, "in_progress");
    assert_eq!(referred.department.as_deref(), Some("区水务局"));
    assert_eq!(
        referred.deadline.as_deref(),
        Some("2026-11-24"),
        "15 working days"
    );
    let satisfied = case("HD01-20261104-001");
    assert_eq!(satisfied.status, "closed");
    assert_eq!(satisfied.department.as_deref(), Some("街道办事处"));
    assert_eq!(satisfied.callback.as_deref(), Some("satisfied"));
    assert_eq!(satisfied.reply_date.as_deref(), Some("2026-11-04"));
    assert_eq!(satisfied.closed.as_deref(), Some("2026-11-04"));
    let dissatisfied = case("HD01-20261105-001");
    assert_eq!(dissatisfied.status, "in_progress");
    assert_eq!(dissatisfied.callback.as_deref(), Some("dissatisfied"));
    assert_eq!((dissatisfied.rehandled, dissatisfied.closed), (1, None));
    assert_eq!(
        dissatisfied.deadline.as_deref(),
        Some("2027-02-05"),
        "3 months"
    );

    let first = fx
        .store
        .receptions_on(common::year::d("2026-11-02"))
        .unwrap();
    assert_eq!(first[0].phone, None, "a masked phone is not kept");
    let third = fx
        .store
        .receptions_on(common::year::d("2026-11-03"))
        .unwrap();
    assert_eq!(third[0].phone.as_deref(), Some("13900001111"));
    assert_eq!(third[0].deputies, ["孙立", "王建国"]);
    assert_eq!(third[0].channel.code(), "visit");
    let group = &fx
        .store
        .receptions_on(common::year::d("2026-11-06"))
        .unwrap()[0];
    assert_eq!(group.visitor_name, None);
    assert_eq!(group.group_size, 5);
    assert_eq!(group.content, "希望建篮球场，\n年轻人没有运动的地方。");

    // The timeline of the satisfied case, oldest first.
    let id: String = conn
        .query_row(
            "SELECT id FROM cases WHERE number = 'HD01-20261104-001'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let kinds: Vec<String> = fx
        .store
        .case_events(&id.as_str().into())
        .unwrap()
        .into_iter()
        .map(|e| e.2)
        .collect();
    assert_eq!(
        kinds,
        ["register", "transfer", "reply", "feedback", "callback"]
    );

    let audit = &fx.store.audit_entries(1).unwrap()[0];
    assert_eq!(audit.action, "import");
    let after: serde_json::Value = serde_json::from_str(audit.after.as_deref().unwrap()).unwrap();
    assert_eq!(after["file"], "good.csv");
    assert_eq!(after["created"], 5);
    assert!(fx.store.integrity_problems().unwrap().is_empty());
    assert_eq!(fx.store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
    // The search finds an imported case by its new department.
    let filter = liaison_desk::store::CaseFilter {
        query: "水务".into(),
        ..Default::default()
    };
    let (page, _) = fx
        .store
        .case_page(&filter, &liaison_desk::store::Cursor::Start, 10)
        .unwrap();
    assert_eq!(page.len(), 1);
}

#[test]
fn importing_the_same_file_twice_creates_nothing_new() {
    let mut fx = station();
    let path = file(&fx, "good.csv", &good_rows());
    import(&mut fx.store, &path, false);
    let once = counts(&fx.store);
    let report = import(&mut fx.store, &path, false);
    let outcome = report.outcome.clone().unwrap();
    assert!(outcome.created.is_empty() && outcome.new_deputies.is_empty());
    assert_eq!(outcome.existing.len(), 5);
    let out = report.to_text(strings(Lang::Zh));
    assert!(
        out.contains("第 2 行：已存在，跳过（HD01-20261102-001）"),
        "{out}"
    );
    assert!(
        out.contains("第 6 行：已存在，跳过（HD01-20261106-001）"),
        "{out}"
    );
    assert!(out.contains("没有需要新建的登记"), "{out}");
    let mut twice = counts(&fx.store);
    assert_eq!(twice.pop().unwrap(), once[6] + 1, "only the audit entry");
    assert_eq!(twice, once[..6]);

    // A row the file adds later is the only one imported.
    let more =
        good_rows() + "2026-11-09,张伟,郑先生,,1,进站接待,其他,新的问题。,现场答复,,已答复。,\n";
    let path = file(&fx, "more.csv", &more);
    let outcome = import(&mut fx.store, &path, false).outcome.unwrap();
    assert_eq!(outcome.created, [(8, "HD01-20261109-001".to_string())]);
}

/// Saves a reception received by the given deputies at `at`.
fn save(fx: &mut Fixture, r: &ValidReception, deputies: &[usize], at: chrono::NaiveDateTime) {
    let ids: Vec<_> = deputies.iter().map(|i| fx.deputies[*i].clone()).collect();
    fx.store
        .save_reception(
            r,
            &SaveContext {
                deputy_ids: &ids,
                recorder: "王建国",
                now: at,
                calendar: &Calendar::weekends_only(),
                draft_id: None,
            },
        )
        .unwrap();
}

/// What a reception register records, to compare a reception with its copy.
fn essentials(r: &ReceptionRecord) -> impl PartialEq + std::fmt::Debug {
    (
        (
            r.visit_date.clone(),
            r.received_at.get(..16).map(String::from),
            r.channel,
            r.deputies.clone(),
            r.visitor_name.clone(),
            r.gender,
            r.address.clone(),
            r.group_size,
        ),
        (
            r.category.clone(),
            r.request_type,
            r.content.split_whitespace().collect::<Vec<_>>().join(" "),
            r.on_spot_reply.clone(),
            r.route,
            r.confidential,
            r.recorder.clone(),
        ),
    )
}

#[test]
fn an_export_imported_into_a_fresh_station_round_trips() {
    round_trip(ExportFormat::Csv);
}

#[test]
fn an_excel_export_imported_into_a_fresh_station_round_trips() {
    round_trip(ExportFormat::Xlsx);
}

/// The register exported in `format` and imported back: into its own
/// station nothing is new; into a fresh one every reception comes back.
fn round_trip(format: ExportFormat) {
    let mut fx = station();
    let at = |day: &str, hour: u32| common::year::at(day, hour);
    save(
        &mut fx,
        &reception(Route::OnSpot),
        &[0],
        at("2026-11-02", 9),
    );
    let mut group = common::referral(&fx, 1);
    group.group_size = 5;
    group.visitor_name = None;
    group.content = "第一行\n第二行".into();
    group.channel = Channel::Online;
    save(&mut fx, &group, &[0, 1], at("2026-11-02", 10));
    let mut suggestion = reception(Route::Suggestion);
    suggestion.request_type = RequestType::Suggestion;
    suggestion.gender = Gender::Male;
    save(&mut fx, &suggestion, &[2], at("2026-11-03", 14));
    let mut refused = reception(Route::NotAccepted);
    refused.not_accepted_reason = Some(NotAcceptedReason::Petition);
    refused.guidance = "请到信访部门反映。".into();
    save(&mut fx, &refused, &[1, 2], at("2026-11-04", 11));
    let mut secret = reception(Route::OnSpot);
    secret.confidential = true;
    save(&mut fx, &secret, &[0], at("2026-11-05", 9));

    let csv = fx.dir.path().join(format!("接待.{}", format.extension()));
    let def = preset("five").unwrap().registers[0].clone();
    assert_eq!(def.key, "reception");
    let request = ExportRequest {
        def,
        range: Period {
            from: common::year::d("2026-11-01"),
            to: common::year::d("2026-11-10"),
        },
        format,
        path: csv.clone(),
        // A full export (a secretary's, with a reason) carries the phones.
        full_reason: Some("迁移到新站点".into()),
    };
    let secretary = common::actor(&mut fx.store, liaison_desk::domain::roles::Role::Secretary);
    export_register(
        &mut fx.store,
        &request,
        strings(Lang::Zh),
        &secretary,
        now(),
    )
    .unwrap();
    if format == ExportFormat::Csv {
        assert!(std::fs::read(&csv).unwrap().starts_with(b"\xEF\xBB\xBF"));
    }

    // Into the station it came from: every row is there already.
    let outcome = import(&mut fx.store, &csv, false).outcome.unwrap();
    assert_eq!((outcome.created.len(), outcome.existing.len()), (0, 5));

    // Into a fresh station: the same receptions, cases and deputies.
    let dir = tempfile::tempdir().unwrap();
    let mut fresh = Store::open(&dir.path().join("new.db")).unwrap();
    fresh.init_station("HD01", "新站", now()).unwrap();
    let report = import(&mut fresh, &csv, false);
    assert!(report.accepted(), "{}", report.to_text(strings(Lang::Zh)));
    let out = report.to_text(strings(Lang::Zh));
    assert!(
        out.contains("1 行是交办或转办，但没有填写承办单位"),
        "{out}"
    );
    assert!(
        out.contains("1 行是不予受理，但没有填写不予受理原因或引导意见"),
        "{out}"
    );
    // Its own export's corrections column is known, not reported as unknown.
    assert!(!out.contains("更正记录"), "{out}");
    let outcome = report.outcome.unwrap();
    assert_eq!(outcome.created.len(), 5);
    assert_eq!(outcome.new_deputies, ["王建国", "李秀英", "张伟"]);
    for day in ["2026-11-02", "2026-11-03", "2026-11-04", "2026-11-05"] {
        let day = common::year::d(day);
        let old = fx.store.receptions_on(day).unwrap();
        let new = fresh.receptions_on(day).unwrap();
        assert_eq!(old.len(), new.len());
        for (a, b) in old.iter().zip(&new) {
            assert_eq!(a.number, b.number, "numbered in the same order");
            assert!(same_text(&a.content, &b.content));
            if a.confidential {
                // The export hides who came: the copy is confidential and nameless.
                assert!(b.confidential && b.visitor_name.is_none() && b.phone.is_none());
                assert_eq!(
                    (&a.category, &a.route, a.group_size),
                    (&b.category, &b.route, b.group_size)
                );
            } else {
                assert_eq!(essentials(a), essentials(b));
                assert_eq!(b.phone, a.phone, "a full export keeps phones");
            }
            let status = |db: &Path, n: &str| -> String {
                rusqlite::Connection::open(db)
                    .unwrap()
                    .query_row("SELECT status FROM cases WHERE number = ?1", [n], |r| {
                        r.get(0)
                    })
                    .unwrap()
            };
            assert_eq!(
                status(&fx.db_path(), &a.number),
                status(&dir.path().join("new.db"), &b.number)
            );
        }
    }
    // And once more: nothing new.
    let outcome = import(&mut fresh, &csv, false).outcome.unwrap();
    assert_eq!((outcome.created.len(), outcome.existing.len()), (0, 5));
}

/// Turns on the optional ID number field (设置：登记身份证号).
fn record_id_numbers(store: &mut Store, on: bool) {
    let mut settings = store.settings().unwrap();
    settings.collect_id_number = on;
    store.save_settings(&settings, "秘书", now()).unwrap();
}

#[test]
fn an_id_number_column_is_validated_where_the_station_records_them() {
    let mut fx = station();
    record_id_numbers(&mut fx.store, true);
    let head = "接待日期,来访人,联系电话,身份证号码,类别,反映内容,处理方式,答复内容";
    let good = [
        "2026-11-02,张三,,11010519491231002x,交通出行,路灯坏了,现场答复,已修",
        "2026-11-02,李四,,４４０３０４１９９００１０１１２３３,交通出行,路灯坏了,现场答复,已修",
        "2026-11-02,王五,,,交通出行,路灯坏了,现场答复,已修",
    ];
    let bad = [
        "2026-11-02,赵六,,110105194912310021,交通出行,路灯坏了,现场答复,已修",
        "2026-11-02,钱七,,11010519491331002X,交通出行,路灯坏了,现场答复,已修",
        "2026-11-02,孙八,,1101051949,交通出行,路灯坏了,现场答复,已修",
    ];
    let text = format!("{head}\n{}\n{}\n", good.join("\n"), bad.join("\n"));
    let path = file(&fx, "身份证.csv", &text);
    let report = import(&mut fx.store, &path, true);
    let out = report.to_text(strings(Lang::Zh));
    for expected in [
        "有 3 行不能导入：",
        "第 5 行：身份证号码“1101**********0021”有误：校验位不符",
        "第 6 行：身份证号码“1101**********002X”有误：第 7 到 14 位应为真实的出生日期",
        "第 7 行：身份证号码“**********”有误：应为 18 位身份证号",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // Rejected lines quote the number masked, like a phone.
    assert!(!out.contains("110105194912310021"), "{out}");
    assert!(!out.contains("19491331"), "{out}");

    let path = file(&fx, "好的.csv", &format!("{head}\n{}\n", good.join("\n")));
    let report = import(&mut fx.store, &path, false);
    assert!(report.accepted(), "{}", report.to_text(strings(Lang::Zh)));
    let ids: Vec<Option<String>> = fx
        .store
        .receptions_on(common::year::d("2026-11-02"))
        .unwrap()
        .into_iter()
        .map(|r| r.id_number)
        .collect();
    assert_eq!(
        ids,
        [
            Some("11010519491231002X".to_string()),
            Some("440304199001011233".to_string()),
            None
        ]
    );

    // Turned off: the column is not read at all.
    let mut other = station();
    record_id_numbers(&mut other.store, false);
    let path = file(&other, "身份证.csv", &text);
    let report = import(&mut other.store, &path, false);
    let out = report.to_text(strings(Lang::Zh));
    assert!(report.accepted(), "{out}");
    assert!(out.contains("不认识、已忽略的栏目：身份证号码"), "{out}");
    let rows = other
        .store
        .receptions_on(common::year::d("2026-11-02"))
        .unwrap();
    assert_eq!(rows.len(), 6);
    assert!(rows.iter().all(|r| r.id_number.is_none()));
}

#[test]
fn a_byte_order_mark_and_other_headings_are_accepted() {
    let mut fx = station();
    let text = "\u{feff}序号,日期,接待代表,来访人姓名,性别,电话,人数,接待方式,问题类别,诉求内容,处理方式,承办单位,答复内容,回访满意度,备注2\n\
                1,2026年11月2日,王建国,钱师傅,男,010-62345678,3,电话,交通出行,公交站被撤。,交办,区交通委,已恢复。,基本满意,x\n";
    let path = file(&fx, "bom.csv", text);
    let report = import(&mut fx.store, &path, true);
    let out = report.to_text(strings(Lang::Zh));
    assert!(report.accepted(), "{out}");
    assert!(out.contains("不认识、已忽略的栏目：序号、备注2"), "{out}");
    let outcome = import(&mut fx.store, &path, false).outcome.unwrap();
    assert_eq!(outcome.created.len(), 1);
    let r = &fx
        .store
        .receptions_on(common::year::d("2026-11-02"))
        .unwrap()[0];
    assert_eq!(
        (
            r.phone.as_deref(),
            r.group_size,
            r.gender.code(),
            r.channel.code()
        ),
        (Some("010-62345678"), 3, "male", "phone")
    );
    let status: String = sql(&fx)
        .query_row("SELECT status FROM cases", [], |r| r.get(0))
        .unwrap();
    assert_eq!(status, "closed");

    // English headings and words work too.
    let text = "Date,Visitor,Category,Content,Route,Reply\n2026-11-03,Li Lei,其他,Street lamp.,On the spot,Fixed.\n";
    let path = file(&fx, "en.csv", text);
    assert_eq!(
        import(&mut fx.store, &path, false)
            .outcome
            .unwrap()
            .created
            .len(),
        1
    );

    // A file saved as GBK is read as GBK ("接待" is no heading row, so
    // the columns are missing); bytes that are no text at all are refused.
    let path = fx.dir.path().join("gbk.csv");
    std::fs::write(&path, [0xBD, 0xD3, 0xB4, 0xFD, b'\n']).unwrap();
    let err = import_receptions(
        &mut fx.store,
        &ImportRequest {
            path: &path,
            sheet: None,
            dry_run: true,
            actor: "",
            now: now(),
        },
        strings(Lang::Zh),
    )
    .unwrap_err();
    assert!(
        err.message(strings(Lang::Zh), &path).contains("缺少"),
        "{}",
        err.message(strings(Lang::Zh), &path)
    );
    std::fs::write(&path, [0xFF, 0xFF, 0xFF, b'\n']).unwrap();
    let err = import_receptions(
        &mut fx.store,
        &ImportRequest {
            path: &path,
            sheet: None,
            dry_run: true,
            actor: "",
            now: now(),
        },
        strings(Lang::Zh),
    )
    .unwrap_err();
    assert!(
        err.message(strings(Lang::Zh), &path)
            .contains("不是 UTF-8 编码")
    );
}

#[test]
fn the_command_line_previews_refuses_and_imports() {
    let fx = station();
    let db = fx.db_path();
    let at = "2026-11-10 09:30:00";
    let bad = file(
        &fx,
        "bad.csv",
        &(good_rows() + "2026-11-02,王建国,张三,,1,进站接待,交通出行,内容,现场答复,,,\n"),
    );
    let ran = run_cli(
        &db,
        at,
        &["import", "receptions", bad.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.said().contains("将新建接待登记 5 条"), "{}", ran.said());
    assert!(
        ran.said().contains("第 8 行：答复内容为空：必须填写"),
        "{}",
        ran.said()
    );
    let ran = run_cli(&db, at, &["import", "receptions", bad.to_str().unwrap()]);
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.said().contains("没有导入任何登记"));

    let good = file(&fx, "good.csv", &good_rows());
    let ran = run_cli(
        &db,
        at,
        &["import", "receptions", good.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let ran = run_cli(&db, at, &["import", "receptions", good.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.said().contains("已导入 good.csv"), "{}", ran.said());
    let ran = run_cli(&db, at, &["import", "receptions", good.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0));
    assert!(ran.said().contains("已存在，跳过"), "{}", ran.said());
    let ran = run_cli(&db, at, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());

    let ran = run_cli(&db, at, &["import", "receptions", "/nonexistent/x.csv"]);
    assert_eq!(ran.code, Some(2));
    assert!(ran.said().contains("无法读取文件"), "{}", ran.said());
    let ran = run_cli(&db, at, &["import", "--help"]);
    assert!(ran.said().contains("--dry-run"), "{}", ran.said());
}

/// Cells that are sometimes right and often not.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("2026-11-02".to_string()),
        Just("王建国、张伟".to_string()),
        Just("138****1234".to_string()),
        Just("交通出行".to_string()),
        Just("交办".to_string()),
        Just("现场答复".to_string()),
        Just("满意".to_string()),
        Just("匿名".to_string()),
        Just("保密".to_string()),
        "\\PC{0,12}",
        "[,\"\n\r ]{1,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Whatever a file holds, the importer answers (imports, or says
    /// what is wrong) and never panics; a failed import leaves nothing.
    #[test]
    fn any_file_is_answered_without_panicking(
        raw in prop::collection::vec(any::<u8>(), 0..200),
        rows in prop::collection::vec(prop::collection::vec(cell(), 0..14), 0..6),
        with_head in any::<bool>(),
    ) {
        let mut fx = station();
        let mut text = if with_head { format!("{HEAD}\n") } else { String::new() };
        for row in &rows {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        let mut bytes = text.into_bytes();
        bytes.extend(&raw);
        let path = fx.dir.path().join("any.csv");
        std::fs::write(&path, &bytes).unwrap();
        let before = counts(&fx.store);
        for dry_run in [true, false] {
            let request = ImportRequest { path: &path, sheet: None, dry_run, actor: "", now: now() };
            match import_receptions(&mut fx.store, &request, strings(Lang::Zh)) {
                Ok(report) => {
                    let _ = report.to_text(strings(Lang::Zh));
                    if !report.accepted() {
                        prop_assert_eq!(counts(&fx.store), before.clone());
                    }
                }
                Err(e) => {
                    let _ = e.message(strings(Lang::Zh), &path);
                    prop_assert_eq!(counts(&fx.store), before.clone());
                }
            }
        }
        prop_assert!(fx.store.integrity_problems().unwrap().is_empty());
    }
}

#[test]
fn rows_of_a_signed_off_day_are_rejected_lines_in_the_dry_run_and_the_import() {
    let mut fx = station();
    let signed = common::year::d("2026-11-03");
    // The day already holds one reception, which the file repeats.
    common::save(
        &mut fx,
        &reception(Route::OnSpot),
        common::year::at("2026-11-03", 10),
    );
    let secretary = common::actor(&mut fx.store, liaison_desk::domain::roles::Role::Secretary);
    fx.store.sign_off_day(&secretary, signed, now()).unwrap();
    let before = counts(&fx.store);
    let path = file(
        &fx,
        "签发日.csv",
        "接待日期,来访人,类别,反映内容,处理方式,现场答复\n\
         2026-11-03,赵大妈,交通出行,小区门口公交站被撤，老人出行不便。,现场答复,已解释。\n\
         2026-11-03,钱师傅,交通出行,公交站被撤。,现场答复,已解释。\n\
         2026-11-04,周阿姨,市政公用,路灯坏了。,现场答复,已报修。\n",
    );
    let rejected = "第 3 行：接待日期“2026-11-03”有误：该日已签发，记录已锁定，不能再导入新的接待登记；如确需补录，请管理员先重新开放该日";
    let report = import(&mut fx.store, &path, true);
    assert!(!report.accepted());
    assert_eq!(report.parsed.rejected_lines(), 1);
    let out = report.to_text(strings(Lang::Zh));
    for expected in [
        "将新建接待登记 1 条",
        "第 2 行：已存在，跳过",
        "有 1 行不能导入：",
        rejected,
        "改正以上各行之前，正式导入将不会导入任何登记。",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    assert_eq!(counts(&fx.store), before, "a trial writes nothing");

    // The real import names the same line and imports nothing at all.
    let report = import(&mut fx.store, &path, false);
    assert!(!report.accepted() && report.outcome.is_none());
    let out = report.to_text(strings(Lang::Zh));
    assert!(
        out.contains(rejected) && out.contains("没有导入任何登记"),
        "{out}"
    );
    assert_eq!(counts(&fx.store), before);

    // So does the command line's dry run, which says no store error.
    let ran = run_cli(
        &fx.db_path(),
        "2026-11-10 09:30:00",
        &["import", "receptions", path.to_str().unwrap(), "--dry-run"],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(ran.stdout.contains(rejected), "{}", ran.said());
    assert!(ran.stderr.is_empty(), "{}", ran.said());

    // Reopened, the same file imports its new rows.
    let admin = common::actor(&mut fx.store, liaison_desk::domain::roles::Role::Admin);
    fx.store
        .reopen_day(&admin, signed, "补录来访人", now())
        .unwrap();
    let report = import(&mut fx.store, &path, false);
    assert!(report.accepted());
    assert_eq!(report.outcome.unwrap().created.len(), 2);
}

fn year_period() -> Period {
    Period {
        from: common::year::d("2026-01-01"),
        to: common::year::d("2026-12-31"),
    }
}

/// A register as a station keeps it in Excel: a merged title row above the
/// headings, dates typed as Excel dates, phones and group sizes typed as
/// numbers, and a sheet of notes beside it.
fn station_workbook(path: &Path, second_register: bool) {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let notes = book.add_worksheet();
    notes.set_name("说明").unwrap();
    notes
        .write_string(0, 0, "本簿按月登记，每月底交街道人大工委。")
        .unwrap();
    let sheet = book.add_worksheet();
    sheet.set_name("11月").unwrap();
    let bold = Format::new().set_bold();
    sheet
        .merge_range(
            0,
            0,
            0,
            7,
            "海淀街道代表联络站接待选民登记簿（2026年11月）",
            &bold,
        )
        .unwrap();
    let headings = [
        "接待日期",
        "来访人",
        "联系电话",
        "来访人数",
        "类别",
        "反映内容",
        "处理方式",
        "现场答复",
    ];
    for (i, h) in headings.iter().enumerate() {
        sheet.write_string(2, i as u16, *h).unwrap();
    }
    let date = Format::new().set_num_format("yyyy年m月d日");
    // 2026-11-09 and 2026-11-10 as Excel's serial day numbers.
    for (row, (serial, name, phone, size)) in [
        (46335.0, "张三", 13812341234.0, 1.0),
        (46336.0, "李四", 13900001111.0, 3.0),
    ]
    .into_iter()
    .enumerate()
    {
        let r = 3 + row as u32;
        sheet.write_number_with_format(r, 0, serial, &date).unwrap();
        sheet.write_string(r, 1, name).unwrap();
        sheet.write_number(r, 2, phone).unwrap();
        sheet.write_number(r, 3, size).unwrap();
        sheet.write_string(r, 4, "其他").unwrap();
        sheet.write_string(r, 5, "小区路灯不亮。").unwrap();
        sheet.write_string(r, 6, "现场答复").unwrap();
        sheet.write_string(r, 7, "已联系物业维修。").unwrap();
    }
    if second_register {
        let other = book.add_worksheet();
        other.set_name("10月").unwrap();
        for (i, h) in headings.iter().enumerate() {
            other.write_string(0, i as u16, *h).unwrap();
        }
    }
    book.save(path).unwrap();
}

#[test]
fn a_station_workbook_is_imported_as_it_is() {
    let mut fx = station();
    let path = fx.dir.path().join("接待登记.xlsx");
    station_workbook(&path, false);
    let report = import(&mut fx.store, &path, true);
    let out = report.to_text(strings(Lang::Zh));
    assert!(report.accepted(), "{out}");
    assert!(out.contains("读取的工作表：11月"), "{out}");
    let report = import(&mut fx.store, &path, false);
    assert!(report.accepted());
    let rows = fx
        .store
        .receptions_on(common::year::d("2026-11-10"))
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].visitor_name.as_deref(), Some("李四"));
    assert_eq!(rows[0].phone.as_deref(), Some("13900001111"));
    assert_eq!(rows[0].group_size, 3);
    let first = fx
        .store
        .receptions_on(common::year::d("2026-11-09"))
        .unwrap();
    assert_eq!(first[0].phone.as_deref(), Some("13812341234"));
}

#[test]
fn a_workbook_with_two_registers_asks_which_sheet() {
    let fx = station();
    let path = fx.dir.path().join("两个月.xlsx");
    station_workbook(&path, true);
    let db = fx.db_path();
    drop(fx.store);
    let ran = run_cli(
        &db,
        "2026-11-10 17:00:00",
        &["import", "receptions", "--dry-run", path.to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(
        ran.said().contains("11月、10月") && ran.said().contains("--sheet"),
        "{}",
        ran.said()
    );
    let ran = run_cli(
        &db,
        "2026-11-10 17:00:00",
        &[
            "import",
            "receptions",
            "--dry-run",
            "--sheet",
            "11月",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.said().contains("将新建接待登记 2 条"), "{}", ran.said());
    let ran = run_cli(
        &db,
        "2026-11-10 17:00:00",
        &[
            "import",
            "receptions",
            "--sheet",
            "12月",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    assert!(
        ran.said().contains("没有名为“12月”的工作表"),
        "{}",
        ran.said()
    );
}

#[test]
fn a_gbk_csv_is_read_and_the_dry_run_says_so() {
    let fx = station();
    let text = "接待日期,来访人,类别,反映内容,处理方式,现场答复\n2026-11-09,张三,其他,路灯坏了,现场答复,已解释\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let path = fx.dir.path().join("旧版.csv");
    std::fs::write(&path, &gbk).unwrap();
    let db = fx.db_path();
    drop(fx.store);
    let ran = run_cli(
        &db,
        "2026-11-10 17:00:00",
        &["import", "receptions", "--dry-run", path.to_str().unwrap()],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(
        ran.stdout.contains("GBK") && ran.stdout.contains("将新建接待登记 1 条"),
        "{}",
        ran.said()
    );
}

/// `n` rows in no particular time order, with Chinese on every line so
/// that characters fall across the import's 64 KiB reading chunks.
fn many_rows(n: usize) -> String {
    let surnames: Vec<char> = "赵钱孙李周吴郑王冯陈".chars().collect();
    let given: Vec<char> = "伟芳娜敏静丽强磊军洋".chars().collect();
    let mut text = format!("时间,{HEAD}\n");
    for i in 0..n {
        let day = 1 + (i * 7) % 28;
        let visitor = format!(
            "{}{}{}",
            surnames[i % 10],
            given[(i / 10) % 10],
            given[(i / 100) % 10]
        );
        text.push_str(&format!(
            "{:02}:{:02},2026-10-{day:02},王建国,{visitor},,1,进站接待,市政公用,\"第{i}号：东街路灯坏了，\"\"晚上\"\"看不见。\",现场答复,,已解释。,\n",
            8 + i % 9,
            i % 60,
        ));
    }
    text
}

/// The register's numbers and contents in number order.
fn numbered_contents(fx: &Fixture) -> Vec<(String, String)> {
    let conn = sql(fx);
    let mut stmt = conn
        .prepare("SELECT number, content FROM receptions ORDER BY visit_date, seq")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn a_large_file_reads_alike_in_utf8_with_a_mark_and_in_gbk() {
    let text = many_rows(3000);
    assert!(text.len() > 4 * 64 * 1024);
    let mut utf8 = b"\xEF\xBB\xBF".to_vec();
    utf8.extend_from_slice(text.as_bytes());
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let mut imported = Vec::new();
    for (name, bytes) in [("utf8.csv", utf8), ("gbk.csv", gbk.into_owned())] {
        let mut fx = station();
        let path = fx.dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let report = import(&mut fx.store, &path, false);
        assert!(report.accepted(), "{}", report.to_text(strings(Lang::Zh)));
        assert_eq!(report.outcome.as_ref().unwrap().created.len(), 3000);
        // Sealed a batch at a time, the records and the log still agree.
        assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
        assert_eq!(fx.store.audit_problems().unwrap(), vec![]);
        imported.push(numbered_contents(&fx));
    }
    assert_eq!(imported[0], imported[1]);
    // Numbered by visit time, whatever the file's order, then by line:
    // 1 October holds every fourth row; rows 0 and 180 both came at 08:00.
    let rows = &imported[0];
    assert_eq!(rows[0].0, "HD01-20261001-001");
    assert!(
        rows[0]
            .1
            .starts_with("第0号：东街路灯坏了，\"晚上\"看不见。")
    );
    assert!(rows[1].1.starts_with("第180号："), "{:?}", rows[1]);
    let first_days = rows.iter().filter(|r| r.0.contains("-20261001-")).count();
    assert_eq!(first_days, 750);
}

#[test]
fn a_second_reading_that_misses_a_row_writes_nothing() {
    let mut fx = station();
    let before = counts(&fx.store);
    let categories = fx.store.settings().unwrap().categories;
    let vocabulary = liaison_desk::i18n::import_vocabulary(strings(Lang::Zh));
    let calendar = Calendar::weekends_only();
    let cx = liaison_desk::domain::import::ImportSettings {
        categories: &categories,
        reply_days: 15,
        calendar: &calendar,
        today: now().date(),
        vocabulary: &vocabulary,
        collect_id_number: false,
    };
    let parsed = liaison_desk::domain::import::parse_file(good_rows().as_bytes(), &cx).unwrap();
    assert_eq!(parsed.rows.len(), 5);
    let mut writing = fx.store.begin_import().unwrap();
    for row in &parsed.rows {
        writing.plan(row).unwrap();
    }
    writing.start_writing(now()).unwrap();
    for row in &parsed.rows[..4] {
        writing.write(row).unwrap();
    }
    assert!(!writing.complete());
    drop(writing);
    assert_eq!(counts(&fx.store), before, "nothing of the import stays");
}
