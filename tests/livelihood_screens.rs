//! 民生实事 screens on ratatui's TestBackend with insta snapshots at 80x24
//! (and the count at 160x48): candidates, proposing from a case, a vote
//! with its shortlist, counting, a tie, and the result notice.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::screen::Harness;
use common::{Fixture, now, referral, save, station};
use crossterm::event::KeyCode;
use liaison_desk::domain::livelihood::{CandidateSource, NewCandidate};
use liaison_desk::store::Store;

fn at(day: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, day)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// A station with one voter's case and seven candidates entered directly.
fn with_candidates() -> Fixture {
    let mut fx = station();
    let case = referral(&fx, 0);
    save(&mut fx, &case, at(5));
    let titles = [
        "老旧小区加装电梯",
        "口袋公园",
        "背街小巷路灯",
        "社区食堂",
        "停车棚改造",
        "健身步道",
        "村篮球场",
    ];
    for (i, title) in titles.iter().enumerate() {
        let c = NewCandidate {
            title: title.to_string(),
            place: "北太平庄".into(),
            content: format!("{title}，群众走访中多次提出。"),
            cost_cents: Some(1250 * (i as i64 + 1)),
            source: CandidateSource::Visits,
            case_ids: vec![],
        };
        fx.store
            .add_candidate(&c, "秘书", at(6 + i as u32))
            .unwrap();
    }
    fx
}

/// Home → 五簿一册 → 民生实事 (the row after the preset's six registers).
fn at_candidates(fx: Fixture, width: u16, height: u16) -> Harness {
    let mut h = Harness::new(fx, width, height);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('7'));
    h
}

fn db(h: &Harness) -> Store {
    Store::open(&h.dir.path().join("desk.db")).unwrap()
}

#[test]
fn the_registers_list_leads_to_the_candidates() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Char('3'));
    let list = h.frame();
    assert!(list.contains("7  民生实事项目（点单·定单）"), "{list}");
    h.key(KeyCode::Char('7'));
    insta::assert_snapshot!("livelihood_candidates_empty_80x24", h.frame());
}

#[test]
fn candidates_are_listed_and_a_bad_cost_names_its_field_and_stays() {
    let mut h = at_candidates(with_candidates(), 80, 24);
    insta::assert_snapshot!("livelihood_candidates_80x24", h.frame());
    h.key(KeyCode::Char('a'));
    h.typed("社区卫生站").tabs(2).typed("很多").ctrl('s');
    let refused = h.frame();
    insta::assert_snapshot!("livelihood_candidate_bad_cost_80x24", refused);
    assert!(refused.contains("估算资金（万元）：应为金额数字"));
    assert!(refused.contains("社区卫生站"));
    // Corrected, with the content the form asks for last.
    h.ctrl('u')
        .typed("30")
        .tabs(2)
        .typed("改建社区卫生站一处")
        .ctrl('s');
    let saved = h.frame();
    assert!(saved.contains("候选项目“社区卫生站”已保存"), "{saved}");
    assert_eq!(db(&h).candidates().unwrap().len(), 8);
}

#[test]
fn a_case_is_proposed_from_its_detail_and_stays_linked() {
    let fx = station();
    let mut fx = fx;
    let case = referral(&fx, 0);
    let saved = save(&mut fx, &case, now());
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('2')).key(KeyCode::Enter);
    assert!(h.frame().contains("m  提为民生实事候选"));
    h.key(KeyCode::Char('m'));
    insta::assert_snapshot!("livelihood_propose_from_case_80x24", h.frame());
    h.typed("恢复公交站").ctrl('s');
    assert!(h.frame().contains("候选项目“恢复公交站”已保存"));
    let store = db(&h);
    let list = store.candidates().unwrap();
    assert_eq!(list[0].case_numbers, vec![saved.number]);
    assert_eq!(
        store.candidates_of_case(&saved.case_id).unwrap(),
        ["恢复公交站"]
    );
}

/// At the new vote's form, filled in for 86 deputies choosing 5.
fn new_vote(width: u16, height: u16) -> Harness {
    let mut h = at_candidates(with_candidates(), width, height);
    h.key(KeyCode::Char('v')).key(KeyCode::Char('a'));
    h.typed("北太平庄街道第二次居民议事会")
        .tabs(2)
        .typed("86")
        .tabs(1)
        .typed("5");
    h
}

fn count(h: &mut Harness, yes: &str, no: &str, abstain: &str) {
    h.key(KeyCode::Enter)
        .typed(yes)
        .tabs(1)
        .typed(no)
        .tabs(1)
        .typed(abstain)
        .key(KeyCode::Enter);
}

#[test]
fn a_vote_is_counted_by_the_rule_and_its_notice_written() {
    let mut h = new_vote(80, 24);
    insta::assert_snapshot!("livelihood_new_vote_80x24", h.frame());
    h.ctrl('s');
    insta::assert_snapshot!("livelihood_vote_uncounted_80x24", h.frame());
    // More ballots than deputies present: refused, the pop-up stays.
    count(&mut h, "80", "5", "3");
    let refused = h.frame();
    insta::assert_snapshot!("livelihood_counts_refused_80x24", refused);
    assert!(refused.contains("合计 88 票，超过出席代表 86 人"));
    h.key(KeyCode::Backspace).typed("1").key(KeyCode::Enter);
    for (y, n, a) in [
        ("75", "6", "5"),
        ("43", "40", "3"),
        ("70", "10", "6"),
        ("66", "12", "8"),
        ("52", "30", "4"),
        ("60", "20", "6"),
    ] {
        count(&mut h, y, n, a);
    }
    h.ctrl('s');
    let counted = h.frame();
    insta::assert_snapshot!("livelihood_vote_counted_80x24", counted);
    assert!(counted.contains("票决结果已记录：当选 5 个"));
    h.key(KeyCode::Char('s'));
    let notice = std::fs::read_to_string(
        h.dir
            .path()
            .join("notices")
            .join("票决结果公告-20261110.txt"),
    )
    .unwrap();
    insta::assert_snapshot!("livelihood_result_notice", notice);
    assert_eq!(db(&h).projects().unwrap().len(), 5);
}

#[test]
fn a_tie_is_shown_and_the_meeting_decides_it() {
    let mut h = new_vote(160, 48);
    h.ctrl('s');
    for (y, n, a) in [
        ("80", "0", "0"),
        ("75", "0", "0"),
        ("70", "0", "0"),
        ("66", "0", "0"),
        ("60", "0", "0"),
        ("60", "0", "0"),
        ("10", "0", "0"),
    ] {
        count(&mut h, y, n, a);
    }
    h.ctrl('s');
    insta::assert_snapshot!("livelihood_vote_tied_160x48", h.frame());
    assert_eq!(db(&h).projects().unwrap().len(), 4);
    // Counting left the last row selected; the one above it (健身步道)
    // is one of the two tied, the last is not.
    h.key(KeyCode::Char('c'));
    assert!(h.frame().contains("所选项目不是票数相同待定的项目"));
    h.key(KeyCode::Up).key(KeyCode::Char('c'));
    let asked = h.frame();
    assert!(asked.contains("大会决定“健身步道”当选？"), "{asked}");
    h.key(KeyCode::Char('y'));
    assert!(h.frame().contains("“健身步道”经大会决定当选"));
    assert_eq!(db(&h).projects().unwrap().len(), 5);
}
