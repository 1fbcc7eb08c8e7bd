//! What the interface notices while it runs: a damaged file found by the
//! background check, and a restore made by another program.

mod common;

use common::screen::Harness;
use common::*;
use liaison_desk::domain::choices::Route;
use liaison_desk::i18n::Lang;
use liaison_desk::store::Store;
use liaison_desk::store::backup::RestoreOptions;
use std::time::{Duration, Instant};

/// Ticks the interface until its frame shows `text` (the check runs on a
/// thread of its own), or fails after a generous while.
fn frame_once_it_shows(h: &mut Harness, text: &str) -> String {
    let started = Instant::now();
    loop {
        h.app.tick();
        let frame = h.frame();
        if frame.contains(text) {
            return frame;
        }
        assert!(started.elapsed() < Duration::from_secs(20), "{frame}");
        std::thread::yield_now();
    }
}

#[test]
fn a_damaged_file_is_named_on_the_home_screen() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    add_users(&mut fx.store);
    let db = fx.db_path();
    let Fixture { dir, store, .. } = fx;
    drop(store);
    let page: i64 = {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        c.query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'case_events'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let start = (page as usize - 1) * 4096;
    bytes[start + 8..start + 4096].fill(0xA5);
    std::fs::write(&db, bytes).unwrap();
    let store = Store::open(&db).unwrap();
    let mut h = Harness::start(store, dir, 80, 24, Lang::Zh);
    h.sign_in(liaison_desk::domain::roles::Role::Deputy);
    let frame = frame_once_it_shows(&mut h, "数据库文件有损坏");
    assert!(frame.contains("从备份恢复"), "{frame}");
    // The warning stays while the deputy works.
    h.key(crossterm::event::KeyCode::Down);
    assert!(h.frame().contains("数据库文件有损坏"));
}

#[test]
fn a_whole_file_brings_no_warning() {
    let fx = station();
    let mut h = Harness::new(fx, 80, 24);
    for _ in 0..50 {
        h.app.tick();
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(!h.frame().contains("损坏"));
}

#[test]
fn a_restore_by_another_program_sends_everyone_back_to_sign_in() {
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let backup = fx.dir.path().join("before.db");
    fx.store.backup_to(&backup).unwrap();
    let db = fx.db_path();
    let mut h = Harness::new(fx, 100, 30);
    h.app.tick();
    assert!(!h.frame().contains("请重新登录"));
    let mut other = Store::open(&db).unwrap();
    other
        .restore_with(&backup, "赵管理", now(), RestoreOptions::default())
        .unwrap();
    // A key pressed before the next tick is not applied to the restored
    // file by the old session: it only brings the sign-in screen.
    h.key(crossterm::event::KeyCode::Char('1'));
    let frame = h.frame();
    assert!(frame.contains("数据库刚从备份恢复，请重新登录"), "{frame}");
    assert!(
        frame.contains("林秘书") && frame.contains("王建国"),
        "{frame}"
    );
}

#[test]
fn a_reception_saved_at_the_kiosk_appears_on_the_secretarys_closing_screen() {
    use crossterm::event::KeyCode;
    let mut fx = station();
    save(&mut fx, &reception(Route::OnSpot), now());
    let db = fx.db_path();
    let deputy = fx.deputies[0].clone();
    let mut h = Harness::new(fx, 120, 36);
    h.key(KeyCode::Char('4'));
    let before = h.frame();
    assert!(before.contains("接待群众 1 批"), "{before}");
    // The kiosk, another program on the same file, saves a reception.
    let mut kiosk = Store::open(&db).unwrap();
    let calendar = liaison_desk::domain::calendar::Calendar::weekends_only();
    kiosk
        .save_reception(
            &reception(Route::OnSpot),
            &liaison_desk::store::SaveContext {
                deputy_ids: &[deputy],
                recorder: "王建国",
                now: now(),
                calendar: &calendar,
                draft_id: None,
            },
        )
        .unwrap();
    h.app.tick();
    let after = h.frame();
    assert!(after.contains("接待群众 2 批"), "{after}");
}
