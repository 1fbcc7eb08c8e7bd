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

/// The buffer as a terminal shows it: a wide character hides the cell after it.
fn shown(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut skip = 0;
        for x in 0..buffer.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_pop_up_over_chinese_text_draws_its_whole_frame() {
    use liaison_desk::i18n::{Lang, strings};
    use liaison_desk::ui::View;
    use liaison_desk::ui::components::popup_box;
    use liaison_desk::ui::theme::Theme;
    use ratatui::layout::Rect;
    use ratatui::widgets::Paragraph;
    let theme = Theme::fallback();
    let v = View {
        t: strings(Lang::Zh),
        theme: &theme,
        now: now(),
        read_only: false,
    };
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(24, 6)).unwrap();
    terminal
        .draw(|f| {
            // Wide characters at even columns on rows 0-2, at odd ones on 3-5.
            let even = "北京市海淀区延期办理中心北京市";
            let odd = format!(" {even}");
            let text = [even, even, even, &odd, &odd, &odd].join("\n");
            f.render_widget(Paragraph::new(text), f.area());
            // Columns 5..=16: the left edge falls on the second half of a
            // character on rows 1-2 and on the first half on rows 3-4; the
            // right edge the other way round.
            let area = Rect::new(5, 1, 12, 4);
            popup_box(f, area, 12, 4, "选择", &v);
        })
        .unwrap();
    let screen = shown(terminal.backend().buffer());
    let rows: Vec<&str> = screen.lines().collect();
    for row in &rows[1..5] {
        let cells: Vec<char> = row.chars().collect();
        let width_before: usize = row
            .chars()
            .take_while(|c| !"│┌└".contains(*c))
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum();
        assert_eq!(width_before, 5, "left edge at column 5: {row}\n{screen}");
        assert!(cells.iter().any(|c| "│┐┘".contains(*c)), "{screen}");
    }
    insta::assert_snapshot!("popup_edges_on_wide_characters", screen);
}

/// A brand-new station: one deputy on the roster and on duty, no departments.
fn new_station() -> common::Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = liaison_desk::store::Store::open(&dir.path().join("desk.db")).unwrap();
    store
        .init_station("HD01", "海淀街道代表联络站", now())
        .unwrap();
    let deputy = liaison_desk::store::NewDeputy {
        name: "王建国".into(),
        ..Default::default()
    };
    let id = store.add_deputy(&deputy, "", now()).unwrap();
    store.sign_in(&id, now()).unwrap();
    common::Fixture {
        dir,
        store,
        deputies: vec![id],
        departments: Vec::new(),
    }
}

#[test]
fn a_new_station_adds_its_first_department_from_the_picker() {
    let mut h = Harness::new(new_station(), 100, 30);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    h.typed("赵大妈").tabs(3).typed("13812345678");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("交通")
        .key(KeyCode::Enter);
    h.key(KeyCode::Tab)
        .typed("小区门口的公交车站被撤了，希望恢复。");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Right);
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    let empty = h.frame();
    assert!(empty.contains("输入单位名称"), "{empty}");
    h.typed("区交通委");
    let offered = h.frame();
    assert!(offered.contains("＋ 新增“区交通委”"), "{offered}");
    assert!(
        offered.contains("新增并选用"),
        "the hint says Enter adds: {offered}"
    );
    insta::assert_snapshot!("department_picker_offers_to_add_100x30", offered);
    h.key(KeyCode::Enter);
    let chosen = h.frame();
    assert!(chosen.contains("已新增承办单位"), "{chosen}");
    h.ctrl('s');
    let receipt = h.frame();
    assert!(
        receipt.contains("区交通委"),
        "saved with the new department: {receipt}"
    );
    let store = liaison_desk::store::Store::open(&h.dir.path().join("desk.db")).unwrap();
    let names: Vec<String> = store
        .departments()
        .unwrap()
        .into_iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(names, ["区交通委"]);
}

#[test]
fn the_category_picker_takes_pinyin_initials() {
    let mut h = at_reception(80, 24);
    h.key(KeyCode::PageDown).key(KeyCode::Enter).typed("wy");
    let frame = h.frame();
    assert!(frame.contains("物业与社区管理"), "{frame}");
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("物业与社区管理"), "chosen: {frame}");
}

#[test]
fn a_duty_deputy_finds_their_own_name_first_and_enter_signs_them_in() {
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let mut h = Harness::signed_in(station(), 80, 24, Lang::Zh, Role::Deputy);
    h.key(KeyCode::Char('1'));
    let frame = h.frame();
    let first_name_row = frame
        .lines()
        .find(|l| ["王建国", "李秀英", "张伟"].iter().any(|n| l.contains(n)))
        .unwrap();
    assert!(first_name_row.contains("王建国"), "own row first:\n{frame}");
    h.key(KeyCode::Enter);
    let store = liaison_desk::store::Store::open(&h.dir.path().join("desk.db")).unwrap();
    let on_duty = store.on_duty(now().date()).unwrap();
    assert_eq!(on_duty.len(), 1, "{}", h.frame());
    let roster = store.deputies(false).unwrap();
    let wang = roster.iter().find(|d| d.name == "王建国").unwrap();
    assert_eq!(on_duty[0].deputy_id, wang.id);
}

#[test]
fn a_new_deputy_account_joins_the_roster_marked_to_complete() {
    use liaison_desk::domain::roles::Role;
    let mut fx = station();
    let admin = common::actor(&mut fx.store, Role::Admin);
    let user = fx
        .store
        .add_user(&admin, "刘芳", Role::Deputy, "4321", now())
        .unwrap();
    let roster = fx.store.roster().unwrap();
    let liu = roster
        .iter()
        .find(|d| d.profile.name == "刘芳")
        .expect("added to the roster");
    assert!(liu.needs_review, "marked 待补全 for the secretary");
    assert_eq!(
        fx.store.user_deputy(&user.id).unwrap(),
        Some(liu.id.clone())
    );
    // Linked to an existing roster entry of the same name, no new row.
    let wang = fx
        .store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == "王建国")
        .unwrap();
    assert_eq!(
        fx.store.user_deputy(&wang.id).unwrap(),
        Some(fx.deputies[0].clone())
    );
    // The administrator links to another roster entry.
    fx.store
        .link_user_deputy(&admin, &user.id, &fx.deputies[1], now())
        .unwrap();
    assert_eq!(
        fx.store.user_deputy(&user.id).unwrap(),
        Some(fx.deputies[1].clone())
    );
}

#[test]
fn the_administrator_links_a_deputy_account_to_another_roster_entry() {
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let fx = station();
    let zhang = fx.deputies[2].clone();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('u'))
        .key(KeyCode::Down)
        .key(KeyCode::Down);
    h.key(KeyCode::Enter);
    let form = h.frame();
    assert!(
        form.contains("名册中的代表") && form.contains("王建国"),
        "{form}"
    );
    h.key(KeyCode::Tab).key(KeyCode::Right).ctrl('s');
    let store = liaison_desk::store::Store::open(&h.dir.path().join("desk.db")).unwrap();
    let wang = store
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.name == "王建国")
        .unwrap();
    assert_eq!(
        store.user_deputy(&wang.id).unwrap(),
        Some(zhang),
        "{}",
        h.frame()
    );
}

#[test]
fn after_sign_off_the_kiosk_still_receives_and_the_secretary_countersigns() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let mut h = Harness::new(fx, 100, 30);
    // F10 asks, naming who is still on duty; Esc cancels.
    h.key(KeyCode::Char('4')).key(KeyCode::F(10));
    let asked = h.frame();
    assert!(asked.contains("仍在值班：王建国"), "{asked}");
    h.key(KeyCode::Esc);
    let store = liaison_desk::store::Store::open(&h.dir.path().join("desk.db")).unwrap();
    assert!(
        store.signed_day(now().date()).unwrap().is_none(),
        "Esc cancels"
    );
    h.key(KeyCode::F(10)).key(KeyCode::Enter);
    assert!(store.signed_day(now().date()).unwrap().is_some());
    // A voter arrives: another deputy signs in and records as usual.
    h.key(KeyCode::Esc)
        .key(KeyCode::Char('1'))
        .typed("lxy")
        .key(KeyCode::Enter);
    assert!(h.frame().contains("李秀英"), "{}", h.frame());
    h.key(KeyCode::F(2));
    h.typed("赵大妈")
        .tabs(3)
        .typed("13812345678")
        .tabs(1)
        .typed("花园路3号");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("交通")
        .key(KeyCode::Enter);
    h.key(KeyCode::Tab)
        .typed("小区门口的公交车站被撤了，希望恢复。");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Tab);
    h.typed("已向公交公司反映，请留意通知。").ctrl('s');
    let receipt = h.frame();
    assert!(receipt.contains("回执"), "saved after sign-off: {receipt}");
    let day = now().date();
    let late = store.late_entries(day).unwrap();
    assert_eq!(late.len(), 1);
    assert!(store.reception(&late[0].reception_id).unwrap().late);
    assert_eq!(store.day_counts(day).unwrap().after_sign_off, 1);
    // The register page (and so its exports) marks the row.
    let five = liaison_desk::domain::registers::preset("five").unwrap();
    let register = &five.registers[0];
    let period = liaison_desk::domain::stats::Period { from: day, to: day };
    let rows =
        liaison_desk::service::registers::RegisterRows::load(&store, register, period).unwrap();
    let t = liaison_desk::i18n::strings(liaison_desk::i18n::Lang::Zh);
    let cells = rows.all_cells(&store, t).unwrap();
    let remarks = register
        .columns
        .iter()
        .position(|c| c.key == "remarks")
        .unwrap();
    let marked: Vec<&String> = cells.iter().map(|r| &r[remarks]).collect();
    assert!(
        marked.iter().any(|r| r.contains("签发后补登")),
        "{marked:?}"
    );
    // The closing screen lists it; Enter countersigns.
    h.key(KeyCode::Esc).key(KeyCode::Char('4'));
    for _ in 0..10 {
        h.key(KeyCode::Down);
    }
    let listed = h.frame();
    assert!(listed.contains("签发后补登"), "{listed}");
    h.key(KeyCode::Enter);
    let late = store.late_entries(day).unwrap();
    assert_eq!(
        late[0].countersigned_by.as_deref(),
        Some("林秘书"),
        "{}",
        h.frame()
    );
    assert_eq!(
        store.reception(&late[0].reception_id).unwrap().reviewer,
        "林秘书"
    );
}

#[test]
fn text_typed_on_a_choice_picks_an_option_or_says_how_to_choose() {
    let mut h = at_reception(80, 24);
    // Name, 匿名, then 性别: 女 typed picks it.
    h.tabs(2).typed("女");
    let frame = h.frame();
    assert!(frame.contains("[女]"), "{frame}");
    // 接待方式: pinyin initials.
    h.tabs(4).typed("dh");
    assert!(h.frame().contains("[电话]"), "{}", h.frame());
    // Something that matches nothing is not dropped silently.
    h.typed("q");
    let frame = h.frame();
    assert!(frame.contains("请按 ←→ 或 空格 选择"), "{frame}");
    // On a list row, typing opens the list filtered by it.
    h.key(KeyCode::PageDown).typed("wy");
    let frame = h.frame();
    assert!(
        frame.contains("输入筛选：wy") && frame.contains("物业与社区管理"),
        "{frame}"
    );
}

#[test]
fn a_form_choice_takes_pinyin_initials_and_explains_itself() {
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let mut h = Harness::signed_in(station(), 80, 24, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('u'))
        .key(KeyCode::Char('a'))
        .key(KeyCode::Tab);
    h.typed("ms");
    assert!(h.frame().contains("[秘书]"), "{}", h.frame());
    h.typed("q");
    let frame = h.frame();
    assert!(frame.contains("不用打字，请按 ←→ 或 空格 选择"), "{frame}");
}

#[test]
fn the_cursor_hides_while_a_question_or_the_help_is_in_front() {
    let mut h = at_reception(80, 24);
    h.typed("张三");
    let at = h.cursor();
    assert!(h.terminal.backend().cursor_visible());
    h.key(KeyCode::F(1));
    h.frame();
    assert!(!h.terminal.backend().cursor_visible(), "hidden under help");
    h.key(KeyCode::Esc);
    assert_eq!(h.cursor(), at, "back in the field");
    assert!(h.terminal.backend().cursor_visible());
    h.ctrl('c');
    h.frame();
    assert!(
        !h.terminal.backend().cursor_visible(),
        "hidden under the question"
    );
}

#[test]
fn linking_an_earlier_case_is_confirmed_at_every_size() {
    for (w, hgt) in [(80, 24), (200, 60)] {
        let mut fx = station();
        let earlier = common::referral(&fx, 0);
        let saved = common::save(&mut fx, &earlier, now() - chrono::Duration::days(7));
        fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
        let mut h = Harness::new(fx, w, hgt);
        h.key(KeyCode::Char('1')).key(KeyCode::F(2));
        h.tabs(3).typed("13812341234").key(KeyCode::Tab);
        assert!(h.frame().contains("关联旧案"), "{}", h.frame());
        h.ctrl('l');
        let frame = h.frame();
        let message_row = frame.lines().rev().find(|l| l.contains(&saved.number));
        assert!(
            message_row.is_some_and(|l| l.contains("已关联")),
            "a status message names the case at {w}x{hgt}:\n{frame}"
        );
        assert!(frame.contains("取消关联"), "{frame}");
        h.ctrl('l');
        assert!(h.frame().contains("已取消关联"), "{}", h.frame());
    }
}

#[test]
fn a_deputy_is_told_at_once_that_they_may_not_reveal_contact_details() {
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let mut fx = station();
    let r = common::referral(&fx, 0);
    common::save(&mut fx, &r, now());
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Deputy);
    h.key(KeyCode::Char('2'))
        .key(KeyCode::Enter)
        .key(KeyCode::Char('v'));
    let frame = h.frame();
    assert!(frame.contains("您的角色不能进行这项操作"), "{frame}");
    assert!(!frame.contains("原因："), "no reason asked first: {frame}");
}

#[test]
fn a_secretary_is_told_at_once_that_only_an_administrator_reopens() {
    let mut fx = station();
    let secretary = common::actor(&mut fx.store, liaison_desk::domain::roles::Role::Secretary);
    fx.store
        .sign_off_day(&secretary, now().date(), now())
        .unwrap();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('4')).key(KeyCode::Char('r'));
    let frame = h.frame();
    assert!(frame.contains("您的角色不能进行这项操作"), "{frame}");
}

#[test]
fn a_filter_date_error_names_which_date() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Char('2')).key(KeyCode::F(3));
    h.tabs(4).typed("2026-13-01").ctrl('s');
    assert!(h.frame().contains("起始日期：应为日期"), "{}", h.frame());
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.tabs(1).typed("11-31").ctrl('s');
    assert!(h.frame().contains("截止日期："), "{}", h.frame());
}

#[test]
fn esc_on_first_run_setup_asks_before_throwing_the_typing_away() {
    use liaison_desk::i18n::Lang;
    let dir = tempfile::tempdir().unwrap();
    let store = liaison_desk::store::Store::open(&dir.path().join("new.db")).unwrap();
    let mut h = Harness::start(store, dir, 80, 24, Lang::Zh);
    h.typed("HD01").key(KeyCode::Esc);
    assert!(h.frame().contains("确定退出吗"), "{}", h.frame());
    assert!(!h.app.should_quit());
    h.key(KeyCode::Char('n'));
    assert!(!h.app.should_quit() && h.frame().contains("HD01"));
    h.key(KeyCode::Esc).key(KeyCode::Enter);
    assert!(h.app.should_quit());
}

#[test]
fn discarding_a_draft_asks_once_more() {
    let mut h = at_reception(80, 24);
    h.typed("张三");
    h.key(KeyCode::Esc).key(KeyCode::F(2));
    assert!(h.frame().contains("继续"), "{}", h.frame());
    h.key(KeyCode::Down).key(KeyCode::Enter);
    assert!(h.frame().contains("放弃后不能恢复"), "{}", h.frame());
    h.key(KeyCode::Esc);
    h.key(KeyCode::Up).key(KeyCode::Enter);
    assert!(h.frame().contains("张三"), "kept after Esc: {}", h.frame());
}

#[test]
fn a_single_line_field_scrolled_sideways_shows_a_leading_ellipsis() {
    let mut h = at_reception(80, 24);
    h.tabs(4);
    let address = "北京市海淀区北太平庄街道花园路社区第三居民小区十二号楼二单元五层五零二室东侧";
    h.typed(address);
    let at = h.cursor();
    let frame = h.frame();
    let row = frame.lines().nth(at.y as usize).unwrap();
    assert!(row.contains("…") && row.contains("五零二室东侧"), "{row}");
    h.key(KeyCode::Home);
    let frame = h.frame();
    let row = frame.lines().nth(at.y as usize).unwrap();
    assert!(!row.contains('…') && row.contains("北京市海淀区"), "{row}");
}

#[test]
fn a_long_message_wraps_onto_the_hint_rows_instead_of_being_cut() {
    use liaison_desk::domain::roles::Role;
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[1].clone(), now()).unwrap();
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    fx.store
        .sign_off_day(&secretary, now().date(), now())
        .unwrap();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('4')).key(KeyCode::Enter);
    let frame = h.frame();
    let bottom: String = frame.lines().skip(20).collect();
    assert!(bottom.contains("请管理员先重新开放当日"), "{frame}");
    // The next key clears it and the hints come back.
    h.key(KeyCode::Down);
    assert!(h.frame().contains("F1"), "{}", h.frame());
}

#[test]
fn an_old_day_does_not_count_todays_open_draft() {
    let mut fx = station();
    fx.store
        .save_draft("d1", "reception", "", "{}", now())
        .unwrap();
    let yesterday = now().date().pred_opt().unwrap();
    let facts = fx.store.day_facts(yesterday).unwrap();
    assert!(facts.drafts.is_empty(), "{:?}", facts.drafts);
    assert_eq!(fx.store.draft_count_on(yesterday).unwrap(), 0);
    assert_eq!(fx.store.day_facts(now().date()).unwrap().drafts.len(), 1);
    assert_eq!(fx.store.draft_count_on(now().date()).unwrap(), 1);
    // The closing screen of yesterday lists no unfinished form.
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('4'));
    assert!(h.frame().contains("有一份未完成"), "{}", h.frame());
    h.key(KeyCode::Left);
    let frame = h.frame();
    assert!(
        !frame.contains("有一份未完成") && frame.contains("草稿：0 份"),
        "{frame}"
    );
}

#[test]
fn search_results_are_labelled_newest_first() {
    let mut fx = station();
    let r = common::referral(&fx, 0);
    common::save(&mut fx, &r, now());
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('2'));
    assert!(h.frame().contains("按紧急程度排序"), "{}", h.frame());
    h.typed("公交");
    let frame = h.frame();
    assert!(frame.contains("搜索结果，最新的在前"), "{frame}");
    assert!(!frame.contains("按紧急程度排序"), "{frame}");
}

#[test]
fn hints_name_what_enter_does_on_the_focused_row() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1'));
    let hints: String = h.frame().lines().skip(21).collect();
    assert!(hints.contains("Enter  开始接待"), "{hints}");
    h.key(KeyCode::F(2)).key(KeyCode::PageDown);
    for _ in 0..3 {
        let hints: String = h.frame().lines().skip(21).collect();
        let plain_enter = hints.matches("Enter").count() - hints.matches("Alt+Enter").count();
        assert_eq!(plain_enter, 1, "one meaning for Enter: {hints}");
        h.key(KeyCode::Tab);
    }
}

#[test]
fn a_wrong_phone_number_says_what_is_wrong_and_written_forms_are_accepted() {
    let mut h = at_reception(80, 24);
    h.tabs(3).typed("62345678").key(KeyCode::Tab);
    let frame = h.frame();
    assert!(frame.contains("座机号缺少区号"), "{frame}");
    h.key(KeyCode::BackTab);
    for _ in 0..8 {
        h.key(KeyCode::Backspace);
    }
    h.typed("+86 138 1234 5678").key(KeyCode::Tab);
    let frame = h.frame();
    assert!(!frame.contains("联系电话："), "accepted: {frame}");
}

/// The display column where `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line.find(needle).unwrap();
    unicode_width::UnicodeWidthStr::width(&line[..at])
}

#[test]
fn a_wide_screen_shares_its_width_with_the_department_and_the_history() {
    let mut fx = station();
    let long = "区住房和城乡建设委员会物业管理科";
    let dept = fx.store.add_department(long, "", "", "", now()).unwrap();
    let r = liaison_desk::domain::reception::ValidReception {
        department_id: Some(dept),
        ..common::reception(liaison_desk::domain::choices::Route::Assign)
    };
    common::save(&mut fx, &r, now() - chrono::Duration::days(3));
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let mut h = Harness::new(fx, 200, 60);
    h.key(KeyCode::Char('2'));
    let list = h.frame();
    assert!(list.contains(long), "the department is not cut:\n{list}");
    h.key(KeyCode::Esc)
        .key(KeyCode::Char('1'))
        .key(KeyCode::F(2));
    h.tabs(3).typed("13812341234").key(KeyCode::Tab);
    let frame = h.frame();
    let title = frame
        .lines()
        .find(|l| l.contains("该来访人的既往记录"))
        .unwrap();
    let panel_x = column_of(title, "┌ 该来访人");
    assert!(
        panel_x < 200 - 44,
        "the history panel grows: starts at {panel_x}\n{frame}"
    );
}

#[test]
fn without_true_colour_the_screen_uses_the_256_colour_palette() {
    use common::pty::Session;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    let env = [("COLORTERM", "")];
    let s = Session::spawn(
        dir.path(),
        &db,
        (80, 24),
        &["--theme", "high-contrast"],
        &env,
    );
    s.expect("首次使用");
    let screen = s.parser.lock().unwrap().screen().clone();
    let mut colours = 0;
    for row in 0..24 {
        for col in 0..80 {
            let cell = screen.cell(row, col).unwrap();
            for c in [cell.fgcolor(), cell.bgcolor()] {
                assert!(
                    !matches!(c, vt100::Color::Rgb(..)),
                    "24-bit colour at {row},{col}"
                );
                colours += usize::from(matches!(c, vt100::Color::Idx(_)));
            }
        }
    }
    assert!(colours > 0, "the theme is still drawn in colour");
}

#[test]
fn demo_data_has_an_activity_and_a_study_session_every_month() {
    use chrono::{Datelike, NaiveDate};
    for days in [30u32, 45, 61] {
        let dir = tempfile::tempdir().unwrap();
        let mut store = liaison_desk::store::Store::open(&dir.path().join("demo.db")).unwrap();
        liaison_desk::service::demo::fill(&mut store, days, now()).unwrap();
        let start = now().date() - chrono::Days::new(days as u64);
        let mut month = NaiveDate::from_ymd_opt(start.year(), start.month(), 1).unwrap();
        while month <= now().date() {
            let next = month.checked_add_months(chrono::Months::new(1)).unwrap();
            let last = next.pred_opt().unwrap();
            let activities = store.activity_ids(month, last, &[]).unwrap();
            let studies = store.study_ids(month, last).unwrap();
            assert!(
                !activities.is_empty() && !studies.is_empty(),
                "--days {days}: {month} has {} activities, {} study sessions",
                activities.len(),
                studies.len()
            );
            month = next;
        }
    }
}

#[test]
fn settings_print_a_test_page_with_the_command_as_typed() {
    use liaison_desk::domain::roles::Role;
    use liaison_desk::i18n::Lang;
    let fx = station();
    let out = fx.dir.path().join("printed.txt");
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('6')).tabs(3);
    let hints: String = h.frame().lines().skip(21).collect();
    assert!(hints.contains("F6") && hints.contains("试打印"), "{hints}");
    h.typed(&format!("cat > {}", out.display()));
    h.key(KeyCode::F(7));
    assert!(h.frame().contains("测试页已送往打印机"), "{}", h.frame());
    let printed = std::fs::read_to_string(&out).unwrap();
    assert!(printed.contains("试打印"), "{printed}");
}

#[test]
fn settings_offer_the_printers_the_system_knows() {
    use common::pty::{ENTER, Session, TAB};
    use std::os::unix::fs::PermissionsExt;
    let mut fx = station();
    common::add_users(&mut fx.store);
    // The system's own lpstat, as CUPS answers it.
    let bin = fx.dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let lpstat = bin.join("lpstat");
    std::fs::write(
        &lpstat,
        "#!/bin/sh\necho 'HP_LaserJet accepting requests since Tue 10 Nov 2026'\necho 'Office-2F accepting requests since Mon 09 Nov 2026'\n",
    )
    .unwrap();
    std::fs::set_permissions(&lpstat, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let db = fx.db_path();
    drop(fx.store);
    let mut s = Session::spawn(fx.dir.path(), &db, (80, 24), &[], &[("PATH", &path)]);
    s.sign_in(0, "1234").expect("首页");
    s.send("6").expect("打印命令");
    s.send(TAB).send(TAB).send(TAB).send("\x1b[17~");
    s.expect("Office-2F");
    s.send("\x1b[B").send(ENTER);
    s.expect("lp -d Office-2F");
}

#[test]
fn the_working_calendar_is_edited_as_rows_of_dates() {
    use crossterm::event::{KeyEvent, KeyModifiers};
    let fx = station();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 100, 44);
    h.key(KeyCode::Char('6')).tabs(14);
    let frame = h.frame();
    assert!(frame.contains("2026-10-01..2026-10-07 放假"), "{frame}");
    // A row added at the end: a new line, a date and what it is.
    h.ctrl('e');
    h.app
        .handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
    h.typed("2026-12-31 休息吧");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("行：日期后面请写“放假”或“上班”"), "{frame}");
    for _ in 0..3 {
        h.key(KeyCode::Backspace);
    }
    h.typed("放假").ctrl('s');
    assert!(h.frame().contains("设置已保存"), "{}", h.frame());
    let stored = liaison_desk::store::Store::open(&path)
        .unwrap()
        .settings()
        .unwrap()
        .calendar;
    let calendar = liaison_desk::domain::calendar::Calendar::parse(&stored).unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert!(!calendar.is_working_day(day(12, 31)), "{stored}");
    assert!(
        !calendar.is_working_day(day(10, 2)),
        "the shipped rows are kept"
    );
    assert!(
        calendar.is_working_day(day(10, 10)),
        "a make-up working day"
    );
}

#[test]
fn calendar_rows_are_added_and_removed_with_keys() {
    let fx = station();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 100, 44);
    h.key(KeyCode::Char('6')).tabs(14);
    let frame = h.frame();
    assert!(
        frame.contains("F6  加一行") && frame.contains("F7  删除本行"),
        "{frame}"
    );
    // A new row below the first: today's date as a holiday, to be edited.
    h.key(KeyCode::F(6));
    assert!(h.frame().contains("2026-11-10 放假"), "{}", h.frame());
    // It is a holiday until it is removed again.
    h.key(KeyCode::F(7));
    assert!(!h.frame().contains("2026-11-10 放假"), "{}", h.frame());
    h.key(KeyCode::F(6));
    h.ctrl('s');
    assert!(h.frame().contains("设置已保存"), "{}", h.frame());
    let stored = liaison_desk::store::Store::open(&path)
        .unwrap()
        .settings()
        .unwrap()
        .calendar;
    let calendar = liaison_desk::domain::calendar::Calendar::parse(&stored).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
    assert!(!calendar.is_working_day(today), "{stored}");
}
