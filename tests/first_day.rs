//! Issue 17: what a first-time deputy stumbles over in the first hour,
//! each checked on the whole application (TestBackend).

mod common;

use common::screen::Harness;
use common::{now, station};
use crossterm::event::KeyCode;

/// A station with the first deputy on duty, at the reception form.
fn at_reception(width: u16, height: u16) -> Harness {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let mut h = Harness::new(fx, width, height);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    h
}

const LONG_CONTENT: &str = "我们小区门口的公交车站去年被撤了，现在最近的车站要走一公里多，老人和孩子出行非常不方便。下雨天路滑，已经有两位老人摔倒过。希望有关部门能够恢复这个站点，或者开通社区微循环公交，方便群众出行，谢谢！";

#[test]
fn up_and_down_in_a_long_text_move_one_visual_line() {
    let mut h = at_reception(80, 24);
    h.key(KeyCode::PageDown).tabs(2).typed(LONG_CONTENT);
    let end = h.cursor();
    h.key(KeyCode::Up);
    let up = h.cursor();
    assert_eq!(up.y + 1, end.y, "one press of ↑ moves one line");
    h.key(KeyCode::Up);
    assert_eq!(h.cursor().y + 2, end.y);
    h.key(KeyCode::Down);
    assert_eq!(h.cursor().y, up.y, "one press of ↓ moves one line");
}
