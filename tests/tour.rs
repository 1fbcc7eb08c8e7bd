//! The README's tour: text screenshots of the main screens, made here so
//! that they stay true. A screen that changes fails this test until the
//! README is brought up to date with
//! `LIAISON_UPDATE_README=1 cargo test --test tour`.

mod common;

use common::screen::Harness;
use common::year::{at, counted_year};
use crossterm::event::KeyCode;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::roles::Role;
use liaison_desk::i18n::Lang;

/// The screens, in the order the tour shows them, at 80x24.
fn screens() -> Vec<(&'static str, String)> {
    let mut shots = Vec::new();
    let mut fx = counted_year();
    // Today has a reception with a gap for the closing review to find.
    let no_address = liaison_desk::domain::reception::ValidReception {
        address: String::new(),
        ..common::reception(Route::OnSpot)
    };
    common::save(&mut fx, &no_address, at("2026-11-10", 9));
    common::add_users(&mut fx.store);
    let mut h = Harness::start(fx.store, fx.dir, 80, 24, Lang::Zh);
    shots.push(("sign-in", h.frame()));
    h.sign_in(Role::Secretary);
    shots.push(("home", h.frame()));
    h.key(KeyCode::Char('1')).typed("wjg");
    shots.push(("duty", h.frame()));
    // 王建国 is on duty already: F2 starts receiving.
    h.key(KeyCode::F(2));
    h.typed("赵大妈")
        .tabs(3)
        .typed("13812341234")
        .key(KeyCode::Tab);
    shots.push(("reception", h.frame()));
    h.key(KeyCode::Esc)
        .key(KeyCode::Esc)
        .key(KeyCode::Char('2'));
    shots.push(("cases", h.frame()));
    h.key(KeyCode::Enter);
    shots.push(("case-detail", h.frame()));
    h.key(KeyCode::Esc)
        .key(KeyCode::Esc)
        .key(KeyCode::Char('3'));
    h.key(KeyCode::Char('1')).key(KeyCode::Char('5'));
    shots.push(("register", h.frame()));
    h.key(KeyCode::Esc)
        .key(KeyCode::Esc)
        .key(KeyCode::Char('4'));
    shots.push(("closing", h.frame()));
    h.key(KeyCode::Enter);
    shots.push(("correction", h.frame()));
    h.key(KeyCode::Esc)
        .key(KeyCode::Esc)
        .key(KeyCode::Char('5'));
    h.key(KeyCode::Char('5'));
    shots.push(("statistics", h.frame()));
    shots
}

fn block(name: &str, frame: &str) -> String {
    format!("<!-- tour:{name} -->\n```text\n{frame}```\n<!-- /tour:{name} -->")
}

/// Brings the `<!-- tour:NAME -->` blocks of `file` up to date (when
/// `update`) or lists those that are stale; `every` requires a block for
/// every screen (the README), otherwise only the blocks present are kept.
fn check_file(
    file: &str,
    shots: &[(&'static str, String)],
    every: bool,
    update: bool,
) -> Vec<String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut stale = Vec::new();
    for (name, frame) in shots {
        let start = format!("<!-- tour:{name} -->");
        let end = format!("<!-- /tour:{name} -->");
        let wanted = block(name, frame);
        let (Some(a), Some(b)) = (text.find(&start), text.find(&end)) else {
            if every {
                stale.push(format!("{name} (no block in {file})"));
            }
            continue;
        };
        let current = &text[a..b + end.len()];
        if current != wanted {
            if update {
                text = format!("{}{wanted}{}", &text[..a], &text[b + end.len()..]);
            } else {
                stale.push(format!("{file}: {name}"));
            }
        }
    }
    if update {
        std::fs::write(&path, text).unwrap();
    }
    stale
}

#[test]
fn the_readme_tour_shows_the_screens_as_they_are() {
    let update = std::env::var_os("LIAISON_UPDATE_README").is_some();
    let shots = screens();
    let mut stale = check_file("README.md", &shots, true, update);
    // The Chinese guide draws some of the same screens.
    stale.extend(check_file("docs/使用说明.md", &shots, false, update));
    assert!(
        stale.is_empty(),
        "README tour out of date: {stale:?}; run LIAISON_UPDATE_README=1 cargo test --test tour"
    );
}
