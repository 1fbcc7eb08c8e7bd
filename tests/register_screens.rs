//! The register screens on ratatui's TestBackend: the list of registers,
//! each register as the paper page, each form, and the duty record; with
//! insta snapshots at 80x24 (and one at 160x48).

mod common;

use liaison_desk::domain::roles::Role;

use common::screen::Harness;
use common::station;
use common::year::counted_year;
use crossterm::event::KeyCode;
use liaison_desk::i18n::Lang;
use liaison_desk::store::Store;

/// At the 五簿一册 list of a station with a year of entries.
fn at_registers(width: u16, height: u16) -> Harness {
    let mut h = Harness::new(counted_year(), width, height);
    h.key(KeyCode::Char('3'));
    h
}

#[test]
fn the_register_list_and_each_register_page() {
    let mut h = at_registers(80, 24);
    insta::assert_snapshot!("registers_list_80x24", h.frame());
    let names = [
        "reception",
        "handling",
        "activities",
        "study",
        "duty_record",
        "roster",
    ];
    for (i, name) in names.iter().enumerate() {
        h.key(KeyCode::Char(char::from(b'1' + i as u8)));
        // The year, so that the March entries show too.
        if i < 4 {
            h.key(KeyCode::Char('5'));
        }
        insta::assert_snapshot!(format!("register_{name}_80x24"), h.frame());
        h.key(KeyCode::Esc);
    }
}

#[test]
fn a_wide_register_scrolls_sideways_keeping_the_first_column() {
    let mut h = at_registers(80, 24);
    h.key(KeyCode::Char('1')).key(KeyCode::Char('5'));
    let before = h.frame();
    assert!(before.contains("编号") && before.contains("接待日期"));
    assert!(!before.contains("反映内容"));
    for _ in 0..11 {
        h.key(KeyCode::Right);
    }
    let after = h.frame();
    insta::assert_snapshot!("register_reception_scrolled_80x24", after);
    assert!(after.contains("编号") && after.contains("反映内容"));
    assert!(!after.contains("接待日期"));
    assert!(after.contains("◀"));
}

#[test]
fn the_register_page_at_160x48() {
    let mut h = at_registers(160, 48);
    h.key(KeyCode::Char('1')).key(KeyCode::Char('5'));
    insta::assert_snapshot!("register_reception_160x48", h.frame());
}

#[test]
fn the_roster_form_names_each_bad_field_and_keeps_the_input() {
    let mut h = at_registers(80, 24);
    h.key(KeyCode::Char('6')).key(KeyCode::Char('a'));
    h.typed("欧阳娜娜").key(KeyCode::Down).key(KeyCode::Right);
    h.key(KeyCode::Right).key(KeyCode::Down).typed("汉族");
    h.key(KeyCode::Down).typed("1975");
    h.tabs(6).typed("12345");
    h.ctrl('s');
    let frame = h.frame();
    insta::assert_snapshot!("roster_form_errors_80x24", frame);
    assert!(frame.contains("出生年月：应为年月"));
    assert!(frame.contains("欧阳娜娜"));
    // The cursor waits in the first bad field. Corrected, the form saves
    // and the roster shows the new deputy, phone masked.
    h.typed("-03");
    h.tabs(6);
    for _ in 0..5 {
        h.key(KeyCode::Backspace);
    }
    h.typed("13912345678").ctrl('s');
    assert!(h.frame().contains("欧阳娜娜"));
    for _ in 0..9 {
        h.key(KeyCode::Right);
    }
    let frame = h.frame();
    assert!(frame.contains("139****5678"), "{frame}");
    assert!(!frame.contains("13912345678"), "{frame}");
}

#[test]
fn the_activity_form_picks_participants_by_pinyin() {
    let mut h = at_registers(80, 24);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('a'));
    h.key(KeyCode::Down).key(KeyCode::Right).key(KeyCode::Down);
    h.typed("河道治理专题调研")
        .key(KeyCode::Down)
        .typed("城关镇河西村");
    h.tabs(2).key(KeyCode::Enter).typed("lxy");
    insta::assert_snapshot!("activity_form_picker_80x24", h.frame());
    h.key(KeyCode::Char(' ')).key(KeyCode::Enter);
    h.key(KeyCode::Down).typed("形成调研报告一份");
    insta::assert_snapshot!("activity_form_80x24", h.frame());
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("河道治理专题调研"), "{frame}");
    assert!(frame.contains("已保存"), "{frame}");
}

/// A new activity of type 约见, on its form: ← from the first type.
fn at_meeting_form(width: u16, height: u16) -> Harness {
    let mut h = at_registers(width, height);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('a'));
    h.key(KeyCode::Down).key(KeyCode::Left);
    h
}

#[test]
fn a_meeting_asks_who_was_met_their_office_and_the_matters_raised() {
    let mut h = at_meeting_form(80, 24);
    let frame = h.frame();
    for label in [
        "约见对象",
        "单位及职务",
        "反映的问题",
        "答复情况",
        "后续跟进",
    ] {
        assert!(frame.contains(label), "{label}: {frame}");
    }
    h.key(KeyCode::Down).typed("李镇长");
    h.ctrl('s');
    let frame = h.frame();
    insta::assert_snapshot!("activity_meeting_refused_80x24", frame);
    assert!(frame.contains("单位及职务：必须填写"), "{frame}");
    assert!(frame.contains("反映的问题：必须填写"), "{frame}");
    // The cursor waits in the office; what was typed stays.
    assert!(frame.contains("李镇长"));
    h.typed("城关镇人民政府镇长");
    h.key(KeyCode::Down).typed("约见镇长谈加装电梯");
    h.tabs(3).key(KeyCode::Enter).typed("lxy");
    h.key(KeyCode::Char(' ')).key(KeyCode::Enter);
    h.key(KeyCode::Down).typed("老旧小区加装电梯进度慢");
    h.key(KeyCode::Down).typed("年内完成十部");
    h.key(KeyCode::Down).typed("十二月回访");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("已保存"), "{frame}");
    assert!(frame.contains("约见镇长谈加装电梯"), "{frame}");
    // Another type puts the meeting's fields away, and back again.
    let mut h = at_meeting_form(80, 24);
    h.key(KeyCode::Down).typed("李镇长").key(KeyCode::Up);
    h.key(KeyCode::Right);
    let frame = h.frame();
    assert!(!frame.contains("约见对象"), "{frame}");
    h.key(KeyCode::Left);
    assert!(h.frame().contains("李镇长"));
}

#[test]
fn the_meeting_form_at_160x48() {
    let mut h = at_meeting_form(160, 48);
    h.key(KeyCode::Down).typed("李镇长");
    h.key(KeyCode::Down).typed("城关镇人民政府镇长");
    h.key(KeyCode::Down).typed("约见镇长谈加装电梯");
    h.tabs(4).typed("老旧小区加装电梯进度慢");
    insta::assert_snapshot!("activity_meeting_160x48", h.frame());
}

#[test]
fn the_study_form_marks_attendance_and_asks_a_reason_for_leave() {
    let mut h = at_registers(80, 24);
    h.key(KeyCode::Char('4')).key(KeyCode::Char('a'));
    h.key(KeyCode::Down).typed("学习代表法").tabs(3).typed("2");
    h.key(KeyCode::Down)
        .key(KeyCode::Char(' '))
        .key(KeyCode::Down);
    h.key(KeyCode::Char(' ')).key(KeyCode::Char(' '));
    h.ctrl('s');
    let frame = h.frame();
    insta::assert_snapshot!("study_form_leave_without_reason_80x24", frame);
    assert!(frame.contains("请假，请填写事由"), "{frame}");
    h.typed("因公出差");
    h.ctrl('a');
    insta::assert_snapshot!("study_form_80x24", h.frame());
    h.ctrl('s');
    assert!(h.frame().contains("学习代表法"));
}

#[test]
fn the_duty_record_shows_progress_against_the_targets() {
    let mut h = at_registers(80, 24);
    h.key(KeyCode::Char('5'));
    let list = h.frame();
    // Rows in pinyin order: 李秀英, 王建国, 张伟.
    let li = list.find("李秀英").unwrap();
    let wang = list.find("王建国").unwrap();
    let zhang = list.find("张伟").unwrap();
    assert!(li < wang && wang < zhang, "{list}");
    h.key(KeyCode::Down).key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("duty_record_80x24", frame);
    assert!(frame.contains("王建国 · 2026 年度履职"));
    assert!(frame.contains("落后于进度（按日期应达 8）"));
    h.key(KeyCode::Char('['));
    assert!(h.frame().contains("2025 年度履职"));
}

#[test]
fn a_half_filled_form_survives_a_crash_and_is_offered_again() {
    let fx = station();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('3'))
        .key(KeyCode::Char('6'))
        .key(KeyCode::Char('a'));
    h.typed("司马光");
    // What the program does on its way out (and every 300 ms while typing).
    h.app.flush();
    drop(h.app);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.drafts("deputy").unwrap().len(), 1);
    let mut h = Harness::start(store, h.dir, 80, 24, Lang::Zh);
    h.sign_in(Role::Secretary);
    h.key(KeyCode::Char('3'))
        .key(KeyCode::Char('6'))
        .key(KeyCode::Char('a'));
    let frame = h.frame();
    assert!(frame.contains("已恢复上次未保存的内容"), "{frame}");
    assert!(frame.contains("司马光"), "{frame}");
    // Esc asks before throwing the input away; yes removes the draft.
    h.key(KeyCode::Esc);
    assert!(h.frame().contains("放弃已填写的内容？"));
    h.key(KeyCode::Char('y'));
    h.app.flush();
    let store = Store::open(&h.dir.path().join("desk.db")).unwrap();
    assert!(store.drafts("deputy").unwrap().is_empty());
}

#[test]
fn the_seven_register_preset_is_chosen_in_settings() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Char('6'));
    h.tabs(4).key(KeyCode::Right).ctrl('s');
    h.key(KeyCode::Esc).key(KeyCode::Char('3'));
    let frame = h.frame();
    insta::assert_snapshot!("registers_seven_80x24", frame);
    for title in [
        "学习培训登记簿",
        "联系选民登记簿",
        "结对帮扶登记簿",
        "代表名册",
    ] {
        assert!(frame.contains(title), "{title}\n{frame}");
    }
}

/// At the first activity of the year (1 April, 视察), its day signed off.
fn at_signed_activity(role: Role) -> Harness {
    let mut fx = counted_year();
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    let day = common::year::d("2026-04-01");
    fx.store
        .sign_off_day(&secretary, day, common::now())
        .unwrap();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, role);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('3'));
    h.key(KeyCode::Char('5')).key(KeyCode::Enter);
    h
}

#[test]
fn an_activity_of_a_signed_off_day_is_amended_with_a_reason() {
    let mut h = at_signed_activity(Role::Secretary);
    let frame = h.frame();
    insta::assert_snapshot!("activity_amend_80x24", frame);
    assert!(
        frame.contains("本日已签发") && frame.contains("原因"),
        "{frame}"
    );
    assert!(frame.contains("更正记录"), "{frame}");
    // The topic corrected, saved without a reason: the reason is asked for.
    h.key(KeyCode::Down).key(KeyCode::Down).typed("（河道）");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("原因：必须填写"), "{frame}");
    h.typed("主题漏记地点").ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("已补正"), "{frame}");
    assert!(frame.contains("视察活动（河道）"), "{frame}");
    // Opened again, the form shows the amendment in its history.
    h.key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("activity_amend_history_80x24", frame);
    assert!(frame.contains("补正：主题"), "{frame}");
    assert!(frame.contains("“视察活动” → “视察活动（河道）”"), "{frame}");
}

#[test]
fn a_deputy_editing_a_signed_off_activity_is_told_the_day_is_locked() {
    let mut h = at_signed_activity(Role::Deputy);
    let frame = h.frame();
    assert!(!frame.contains("本日已签发"), "{frame}");
    h.key(KeyCode::Down).key(KeyCode::Down).typed("（河道）");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("2026-04-01 已签发，记录已锁定"), "{frame}");
}

#[test]
fn a_study_session_of_a_signed_off_day_asks_for_a_reason() {
    let mut fx = counted_year();
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    let day = common::year::d("2026-05-01");
    fx.store
        .sign_off_day(&secretary, day, common::now())
        .unwrap();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('3')).key(KeyCode::Char('4'));
    h.key(KeyCode::Char('5')).key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("本日已签发") && frame.contains("原因"),
        "{frame}"
    );
    // The hours (fifth field) corrected, and the reason (last, after the
    // attendance) given: an amendment.
    h.tabs(4).key(KeyCode::Backspace).typed("3");
    h.tabs(2).typed("学时记错").ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("已补正"), "{frame}");
    let store = Store::open(&h.dir.path().join("desk.db")).unwrap();
    let id = store.study_ids(day, day).unwrap().pop().unwrap();
    let history = store.corrections("study_session", &id).unwrap();
    assert_eq!(history.len(), 1, "{history:?}");
    assert_eq!(
        (history[0].field.as_str(), history[0].new_value.as_str()),
        ("hours", "3")
    );
}

#[test]
fn contact_households_are_added_on_their_register_and_ticked_on_a_visit() {
    for (w, hgt) in [(80, 24), (160, 48)] {
        let mut h = at_registers(w, hgt);
        // 代表联系户名册: empty, then a household added with a bad phone first.
        h.key(KeyCode::Char('7'));
        assert!(h.frame().contains("这一期间没有记录"), "{}", h.frame());
        h.key(KeyCode::Char('a'));
        h.key(KeyCode::Right) // the second deputy
            .key(KeyCode::Tab)
            .typed("东关村")
            .key(KeyCode::Tab)
            .typed("赵德顺")
            .key(KeyCode::Tab)
            .typed("1390000")
            .ctrl('s');
        let refused = h.frame();
        assert!(refused.contains("联系电话：应为11位手机号"), "{refused}");
        assert!(refused.contains("赵德顺"), "the input stays: {refused}");
        h.typed("1111").ctrl('s');
        let list = h.frame();
        assert!(
            list.contains("139****1111") && list.contains("东关村"),
            "{list}"
        );
        assert!(!list.contains("13900001111"), "{list}");
        insta::assert_snapshot!(format!("households_register_{w}x{hgt}"), list);
        // A 走访选民 visit ticks it; 走访户数 left blank counts the ticked.
        h.key(KeyCode::Esc)
            .key(KeyCode::Char('3'))
            .key(KeyCode::Char('a'));
        h.key(KeyCode::Down);
        for _ in 0..6 {
            h.key(KeyCode::Right);
        }
        h.key(KeyCode::Down).typed("入户走访").tabs(3);
        h.key(KeyCode::Enter)
            .key(KeyCode::Char(' '))
            .key(KeyCode::Enter);
        h.tabs(2)
            .key(KeyCode::Enter)
            .key(KeyCode::Char(' '))
            .key(KeyCode::Enter);
        let form = h.frame();
        assert!(
            form.contains("走访户数") && form.contains("赵德顺"),
            "{form}"
        );
        insta::assert_snapshot!(format!("activity_visit_form_{w}x{hgt}"), form);
        h.ctrl('s');
        assert!(h.frame().contains("已保存"), "{}", h.frame());
        let store = Store::open(&h.dir.path().join("desk.db")).unwrap();
        let records = store.duty_records(2026).unwrap();
        let visited: i64 = records.iter().map(|r| r.households).sum();
        assert_eq!(visited, 1, "{records:?}");
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        let households = store.households_visited(false, day, day).unwrap();
        assert_eq!(households[0].visits, 1);
    }
}
