//! The daily digest (日结) against a day counted by hand: from the command
//! line as text and JSON, and on screen, saved as text (and audited).

mod common;

use common::screen::Harness;
use common::year::{at, counted_year, d};
use common::{Fixture, now, reception, referral, station};
use crossterm::event::KeyCode;
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::choices::Route;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::report::{digest_json, digest_text};
use liaison_desk::store::SaveContext;

/// 10 November in the counted year: 王建国 and 李秀英 took a formal
/// suggestion (1 person), 王建国 alone a visit not accepted (1 person);
/// both 交通出行. Plus one unfinished form.
#[test]
fn the_digest_matches_a_day_counted_by_hand() {
    let mut fx = counted_year();
    fx.store
        .save_draft("d1", "reception", "", "{}", now())
        .unwrap();
    let day = d("2026-11-10");
    let counts = fx.store.day_counts(day).unwrap();
    let json = digest_json(&counts, day, fx.store.draft_count().unwrap());
    assert_eq!(json["date"], "2026-11-10");
    let figures: Vec<i64> = [
        "batches",
        "persons",
        "items",
        "on_the_spot",
        "referred",
        "not_accepted",
        "open_drafts",
    ]
    .iter()
    .map(|k| json[k].as_i64().unwrap())
    .collect();
    assert_eq!(figures, [2, 2, 2, 0, 1, 1, 1]);
    assert_eq!(json["by_category"][0]["name"], "交通出行");
    assert_eq!(json["by_category"][0]["batches"], 2);
    let deputies: Vec<(String, i64, i64)> = json["by_deputy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["batches"].as_i64().unwrap(),
                d["persons"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        deputies,
        [("王建国".to_string(), 2, 2), ("李秀英".to_string(), 1, 1)]
    );
    let text = digest_text(
        &counts,
        day,
        "海淀街道代表联络站",
        Some(1),
        strings(Lang::Zh),
    );
    assert!(
        text.starts_with("海淀街道代表联络站 日结（2026-11-10）"),
        "{text}"
    );
    assert!(
        text.contains(
            "接待群众 2 批 2 人次，反映问题 2 件：现场答复 0 件，交办转办 1 件，不予受理 1 件。"
        ),
        "{text}"
    );
    assert!(text.contains("未完成的登记草稿：1 份"), "{text}");
    // A day with nothing says so rather than printing empty sections.
    let empty = d("2026-11-11");
    let none = fx.store.day_counts(empty).unwrap();
    assert!(
        digest_text(&none, empty, "站", Some(0), strings(Lang::Zh))
            .contains("接待群众 0 批 0 人次")
    );
}

/// Saves a reception of `group` persons and `category`, received by the
/// deputies at `who` (0 王建国, 1 李秀英, 2 张伟).
fn visit(fx: &mut Fixture, who: &[usize], group: i64, route: Route, category: &str, hour: u32) {
    visit_on(fx, "2026-11-12", who, group, route, category, hour);
}

fn visit_on(
    fx: &mut Fixture,
    date: &str,
    who: &[usize],
    group: i64,
    route: Route,
    category: &str,
    hour: u32,
) {
    let mut r = if route.needs_department() {
        referral(fx, 0)
    } else {
        reception(route)
    };
    r.route = route;
    r.group_size = group;
    r.category = category.into();
    let ids: Vec<_> = who.iter().map(|&i| fx.deputies[i].clone()).collect();
    fx.store
        .save_reception(
            &r,
            &SaveContext {
                deputy_ids: &ids,
                recorder: "王建国",
                now: at(date, hour),
                calendar: &Calendar::weekends_only(),
                draft_id: None,
            },
        )
        .unwrap();
}

/// Thursday 12 November 2026, counted by hand:
/// - 09:00 a group of 5 (王建国 and 李秀英), 交通出行, referred (交办);
/// - 10:00 2 persons (李秀英), 市政公用, answered on the spot;
/// - 11:00 1 person (王建国), 交通出行, not accepted.
///
/// → 3 批, 5+2+1 = 8 人次, 3 件: 1 on the spot, 1 referred, 1 not
/// accepted. 王建国 2 批 5+1 = 6 人次; 李秀英 2 批 5+2 = 7 人次 (a group
/// counts in full for each deputy who received it); 张伟 received no one
/// that day and is not listed. 交通出行 2 批 6 人次, 市政公用 1 批 2 人次.
/// 张伟's group of 3 the day before and 王建国's visitor the day after
/// are not counted.
fn counted_day() -> Fixture {
    let mut fx = station();
    visit(&mut fx, &[0, 1], 5, Route::Assign, "交通出行", 9);
    visit(&mut fx, &[1], 2, Route::OnSpot, "市政公用", 10);
    visit(&mut fx, &[0], 1, Route::NotAccepted, "交通出行", 11);
    visit_on(
        &mut fx,
        "2026-11-11",
        &[2],
        3,
        Route::OnSpot,
        "交通出行",
        10,
    );
    visit_on(
        &mut fx,
        "2026-11-13",
        &[0],
        1,
        Route::OnSpot,
        "市政公用",
        10,
    );
    fx
}

/// (name, 批次, 人次) of a JSON group list.
fn groups(list: &serde_json::Value) -> Vec<(String, i64, i64)> {
    let mut rows: Vec<(String, i64, i64)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["batches"].as_i64().unwrap(),
                g["persons"].as_i64().unwrap(),
            )
        })
        .collect();
    rows.sort();
    rows
}

fn named(rows: &[(&str, i64, i64)]) -> Vec<(String, i64, i64)> {
    let mut rows: Vec<(String, i64, i64)> = rows
        .iter()
        .map(|(n, b, p)| (n.to_string(), *b, *p))
        .collect();
    rows.sort();
    rows
}

#[test]
fn a_group_of_five_an_on_the_spot_reply_and_a_refusal_are_counted_per_deputy() {
    let fx = counted_day();
    let day = d("2026-11-12");
    let counts = fx.store.day_counts(day).unwrap();
    let json = digest_json(&counts, day, 0);
    let figures: Vec<i64> = [
        "batches",
        "persons",
        "items",
        "on_the_spot",
        "referred",
        "not_accepted",
        "open_drafts",
    ]
    .iter()
    .map(|k| json[k].as_i64().unwrap())
    .collect();
    assert_eq!(figures, [3, 8, 3, 1, 1, 1, 0]);
    assert_eq!(
        groups(&json["by_deputy"]),
        named(&[("王建国", 2, 6), ("李秀英", 2, 7)])
    );
    assert_eq!(
        groups(&json["by_category"]),
        named(&[("交通出行", 2, 6), ("市政公用", 1, 2)])
    );
    let text = digest_text(
        &counts,
        day,
        "海淀街道代表联络站",
        Some(0),
        strings(Lang::Zh),
    );
    for expected in [
        "海淀街道代表联络站 日结（2026-11-12）",
        "接待群众 3 批 8 人次，反映问题 3 件：现场答复 1 件，交办转办 1 件，不予受理 1 件。",
        "  王建国：2批 6人次\n",
        "  李秀英：2批 7人次\n",
        "  交通出行：2批 6人次\n",
        "  市政公用：1批 2人次\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains("张伟"), "{text}");
}

#[test]
fn report_day_as_csv_on_the_command_line() {
    let fx = counted_day();
    let db = fx.db_path();
    drop(fx.store);
    let ran = common::run_cli(
        &db,
        "2026-11-12 17:00:00",
        &["report", "--day", "2026-11-12", "--format", "csv"],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let body = ran
        .stdout
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark for Excel");
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    assert_eq!(
        rows[0],
        row(&["分类", "项目", "接待批次", "接待人次", "反映事项（件）"])
    );
    assert_eq!(rows[1], row(&["date", "2026-11-12", "", "", ""]));
    for expected in [
        row(&["total", "接待批次", "3", "", ""]),
        row(&["total", "接待人次", "8", "", ""]),
        row(&["total", "现场答复", "1", "", ""]),
        row(&["total", "交办转办", "1", "", ""]),
        row(&["total", "不予受理", "1", "", ""]),
        row(&["total", "未完成的登记草稿（份）", "0", "", ""]),
        row(&["by_category", "交通出行", "2", "6", "2"]),
        row(&["by_category", "市政公用", "1", "2", "1"]),
        row(&["by_deputy", "王建国", "2", "6", "2"]),
        row(&["by_deputy", "李秀英", "2", "7", "2"]),
    ] {
        assert!(rows.contains(&expected), "missing {expected:?} in {rows:?}");
    }
    assert!(
        !ran.stdout.contains("日结（"),
        "CSV, not text: {}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("张伟"), "{}", ran.stdout);
}

#[test]
fn report_day_on_the_command_line() {
    let fx = counted_year();
    let db = fx.db_path();
    drop(fx.store);
    let run = |args: &[&str]| {
        let ran = common::run_cli(&db, "2026-11-10 17:00:00", args);
        (ran.code, ran.stdout, ran.stderr)
    };
    let (code, out, err) = run(&["report", "--day", "2026-11-10", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (json["batches"].as_i64(), json["referred"].as_i64()),
        (Some(2), Some(1))
    );
    let (code, out, _) = run(&["report", "--day", "2026-11-10"]);
    assert_eq!(code, Some(0));
    assert!(out.contains("日结（2026-11-10）"), "{out}");
    let (code, _, err) = run(&["report", "--day", "2026-13-40"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("日期"), "{err}");
}

#[test]
fn the_digest_screen_moves_by_day_and_saves_a_text_file() {
    let mut fx = counted_year();
    common::save(&mut fx, &reception(Route::OnSpot), at("2026-11-09", 10));
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('4'));
    let frame = h.frame();
    insta::assert_snapshot!("digest_80x24", frame);
    assert!(frame.contains("接待群众 2 批 2 人次"));
    h.key(KeyCode::Left);
    assert!(h.frame().contains("日结（2026-11-09）"));
    h.key(KeyCode::Char('s'));
    let file = h.dir.path().join("日结").join("日结-2026-11-09.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("现场答复 1 件"), "{text}");
    assert!(h.frame().contains("日结已保存到"));
}

#[test]
fn an_old_days_digest_from_the_command_line_counts_only_its_own_drafts() {
    let mut fx = station();
    fx.store
        .save_draft("d1", "reception", "", "{}", now())
        .unwrap();
    let db = fx.db_path();
    drop(fx.store);
    let drafts = |day: &str| -> i64 {
        let ran = common::run_cli(
            &db,
            "2026-11-10 17:00:00",
            &["report", "--day", day, "--format", "json"],
        );
        let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
        json["open_drafts"].as_i64().unwrap()
    };
    assert_eq!(drafts("2026-11-10"), 1);
    assert_eq!(drafts("2026-11-09"), 0);
}
