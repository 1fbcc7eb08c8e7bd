//! The daily digest (日结) against a day counted by hand: from the command
//! line as text and JSON, and on screen, saved as text (and audited).

mod common;

use common::screen::Harness;
use common::year::{at, counted_year, d};
use common::{now, reception};
use crossterm::event::KeyCode;
use liaison_desk::domain::choices::Route;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::report::{digest_json, digest_text};

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
    let deputies: Vec<(String, i64)> = json["by_deputy"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["name"].as_str().unwrap().to_string(),
                d["batches"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        deputies,
        [("王建国".to_string(), 2), ("李秀英".to_string(), 1)]
    );
    let text = digest_text(&counts, day, "海淀街道代表联络站", 1, strings(Lang::Zh));
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
    assert!(digest_text(&none, empty, "站", 0, strings(Lang::Zh)).contains("接待群众 0 批 0 人次"));
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
