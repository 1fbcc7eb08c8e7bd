//! Whole-application frames on ratatui's TestBackend, checked with insta
//! snapshots at 80x24 and 160x48, plus where the real cursor sits.

mod common;

use liaison_desk::domain::roles::Role;

use common::screen::Harness;
use common::{Fixture, now, station};
use crossterm::event::KeyCode;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::store::Store;

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
fn home_screen() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut harness = Harness::new(station(), w, h);
        let frame = harness.frame();
        assert!(frame.contains("接待来访") && frame.contains("海淀街道代表联络站"));
        insta::assert_snapshot!(format!("home_{w}x{h}"), frame);
    }
}

#[test]
fn help_overlay_lists_the_keys_of_the_screen() {
    for (w, h) in [(80, 24), (160, 48)] {
        let mut harness = Harness::new(station(), w, h);
        harness.key(KeyCode::F(1));
        let frame = harness.frame();
        assert!(frame.contains("按键说明"));
        insta::assert_snapshot!(format!("help_{w}x{h}"), frame);
        harness.key(KeyCode::Esc);
        assert!(!harness.frame().contains("按键说明"));
    }
}

#[test]
fn a_small_terminal_gets_a_message_and_the_screen_comes_back() {
    let mut h = at_reception(80, 24);
    h.typed("张三");
    h.resize(60, 20);
    let small = h.frame();
    assert!(
        small.contains("窗口太小") && small.contains("60×20"),
        "{small}"
    );
    h.resize(20, 5);
    h.frame();
    h.resize(80, 24);
    let back = h.frame();
    assert!(back.contains("张三"), "input kept across resizes:\n{back}");
}

#[test]
fn first_run_setup_validates_and_creates_the_station_and_administrator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    let store = Store::open(&path).unwrap();
    let mut h = Harness::start(store, dir, 80, 24, Lang::Zh);
    assert!(h.frame().contains("首次使用"));
    h.typed("x").tabs(4).key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("setup_errors_80x24", frame);
    assert!(frame.contains("应为 2 到 12 位字母或数字"), "{frame}");
    assert!(frame.contains("姓名：必须填写"), "{frame}");
    assert!(frame.contains("密码（4–8位数字）：必须填写"), "{frame}");
    for _ in 0..4 {
        h.key(KeyCode::BackTab);
    }
    h.key(KeyCode::Backspace)
        .typed("hd01")
        .key(KeyCode::Tab)
        .typed("海淀联络站")
        .key(KeyCode::Tab)
        .typed("赵管理")
        .key(KeyCode::Tab)
        .typed("1234")
        .key(KeyCode::Tab)
        .typed("1235")
        .key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("两次输入的密码不一致"), "{frame}");
    // The PIN is never shown, only as many stars as digits.
    assert!(frame.contains("****") && !frame.contains("1235"), "{frame}");
    h.key(KeyCode::Backspace).typed("4").key(KeyCode::Enter);
    let home = h.frame();
    assert!(
        home.contains("海淀联络站") && home.contains("当前用户：赵管理（管理员）"),
        "{home}"
    );
    assert!(home.contains("用户管理"), "the administrator's key: {home}");
    let store = Store::open(&path).unwrap();
    let users = store.users().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].role, Role::Admin);
}

#[test]
fn a_station_from_before_users_asks_for_an_administrator_first() {
    let fx = station();
    let mut h = Harness::start(fx.store, fx.dir, 80, 24, Lang::Zh);
    let frame = h.frame();
    assert!(frame.contains("请设置管理员"), "{frame}");
    assert!(!frame.contains("站码"), "{frame}");
    h.typed("赵管理")
        .key(KeyCode::Tab)
        .typed("1234")
        .key(KeyCode::Tab)
        .typed("1234")
        .key(KeyCode::Enter);
    assert!(h.frame().contains("当前用户：赵管理（管理员）"));
}

#[test]
fn sign_in_counts_wrong_pins_and_locks_after_the_third() {
    let mut fx = station();
    common::add_users(&mut fx.store);
    let mut h = Harness::start(fx.store, fx.dir, 80, 24, Lang::Zh);
    let frame = h.frame();
    insta::assert_snapshot!("sign_in_80x24", frame);
    // The real cursor sits in the PIN field, after what was typed.
    h.typed("12");
    let cursor = h.cursor();
    let frame = h.frame();
    let row: Vec<&str> = frame.lines().collect();
    assert!(
        row[cursor.y as usize].contains("密码（4–8位数字）：**"),
        "{frame}"
    );
    h.key(KeyCode::Down).key(KeyCode::Up);
    h.typed("9999").key(KeyCode::Enter);
    assert!(h.frame().contains("密码不对，还可以再试 2 次"));
    h.typed("99").key(KeyCode::Enter);
    assert!(
        h.frame().contains("密码：应为 4 到 8 位数字") || h.frame().contains("应为 4 到 8 位数字")
    );
    h.typed("9999").key(KeyCode::Enter);
    h.typed("9999").key(KeyCode::Enter);
    assert!(
        h.frame().contains("已锁定，请在 09:31:00 之后再试"),
        "{}",
        h.frame()
    );
    // Locked: even the right PIN is refused until the minute is over.
    h.typed(common::USERS[0].2).key(KeyCode::Enter);
    assert!(h.frame().contains("已锁定"));
    // Another user is not affected.
    h.sign_in(Role::Deputy);
    let home = h.frame();
    assert!(home.contains("当前用户：王建国（值班代表）"), "{home}");
    assert!(!home.contains("用户管理"), "{home}");
    // Signing out returns to the sign-in screen.
    h.key(KeyCode::Char('o'));
    assert!(h.frame().contains("选择自己的名字"));
}

#[test]
fn duty_sign_in_filters_by_name() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Enter);
    h.typed("秀");
    let frame = h.frame();
    assert!(
        frame.contains("李秀英") && !frame.contains("王建国"),
        "{frame}"
    );
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("李秀英 已签到") && frame.contains("开始接待"),
        "{frame}"
    );
    insta::assert_snapshot!("duty_signed_in_80x24", frame);
}

#[test]
fn reception_steps_with_validation_and_long_text() {
    for (w, hgt) in [(80, 24), (160, 48)] {
        let mut h = at_reception(w, hgt);
        insta::assert_snapshot!(format!("reception_visitor_empty_{w}x{hgt}"), h.frame());
        h.typed("赵大妈")
            .tabs(3)
            .typed("1381234")
            .tabs(2)
            .key(KeyCode::Backspace)
            .typed("0")
            .key(KeyCode::Tab);
        insta::assert_snapshot!(format!("reception_visitor_errors_{w}x{hgt}"), h.frame());
        h.key(KeyCode::PageDown)
            .key(KeyCode::Enter)
            .typed("交通")
            .key(KeyCode::Enter);
        h.key(KeyCode::Tab).typed(LONG_CONTENT);
        insta::assert_snapshot!(format!("reception_matter_long_{w}x{hgt}"), h.frame());
        h.key(KeyCode::Tab).key(KeyCode::Right).key(KeyCode::Right);
        insta::assert_snapshot!(format!("reception_handling_assign_{w}x{hgt}"), h.frame());
        h.ctrl('s');
        let frame = h.frame();
        assert!(frame.contains("处需要修改"), "{frame}");
        insta::assert_snapshot!(format!("reception_save_refused_{w}x{hgt}"), frame);
    }
}

#[test]
fn the_cursor_sits_at_the_insertion_point() {
    let mut h = at_reception(80, 24);
    // The name value starts at column 24 (border, padding, 22-column label).
    let start = h.cursor();
    h.typed("赵大妈");
    let after = h.cursor();
    assert_eq!(after.y, start.y);
    assert_eq!(
        after.x,
        start.x + 6,
        "three wide characters are six columns"
    );
    h.key(KeyCode::Left);
    assert_eq!(h.cursor().x, start.x + 4);
    h.key(KeyCode::PageDown).tabs(2).typed(LONG_CONTENT);
    let end = h.cursor();
    let frame = h.frame();
    let row: String = frame.lines().nth(end.y as usize).unwrap().to_string();
    assert!(
        row.contains("谢谢！"),
        "cursor row {}: {row}\n{frame}",
        end.y
    );
    for line in frame.lines() {
        let text = line.trim_start_matches(['│', ' ']);
        assert!(
            !text.starts_with(['，', '。', '！']),
            "punctuation starts a line: {line}"
        );
    }
}

#[test]
fn a_saved_reception_shows_the_receipt_with_a_masked_phone() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    h.typed("赵大妈").tabs(3).typed("13812341234");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("交通")
        .key(KeyCode::Enter);
    h.key(KeyCode::Tab).typed("公交站被撤，出行不便。");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .typed("已解释站点调整原因。");
    h.ctrl('s');
    let frame = h.frame();
    assert!(
        frame.contains("HD01-20261110-001") && frame.contains("138****1234"),
        "{frame}"
    );
    assert!(!frame.contains("13812341234"));
    insta::assert_snapshot!("receipt_80x24", frame);
    // Saved as a text file beside the database, phone still masked.
    h.key(KeyCode::Char('s'));
    let file = path
        .parent()
        .unwrap()
        .join("receipts/HD01-20261110-001.txt");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("接待回执") && text.contains("138****1234") && !text.contains("13812341234")
    );
    // Where the file cannot be written (a folder took its name), the
    // message names the file and why; the receipt stays on screen.
    std::fs::remove_file(&file).unwrap();
    std::fs::create_dir(&file).unwrap();
    h.key(KeyCode::Char('s'));
    let refused = h.frame();
    assert!(refused.contains("未能保存"), "{refused}");
    assert!(refused.contains("HD01-20261110-001.txt"), "{refused}");
    assert!(refused.contains("接待回执"), "{refused}");
    std::fs::remove_dir(&file).unwrap();
    // Printing without a print command says what to do.
    h.key(KeyCode::Char('p'));
    assert!(h.frame().contains("尚未设置打印命令"));
    let printed = path.parent().unwrap().join("printed.txt");
    {
        let mut other = Store::open(&path).unwrap();
        let mut settings = other.settings().unwrap();
        settings.print_command = format!("cat > '{}'", printed.display());
        other.save_settings(&settings, "秘书", now()).unwrap();
    }
    h.key(KeyCode::Char('p'));
    assert!(h.frame().contains("回执已送往打印机"));
    assert_eq!(std::fs::read_to_string(&printed).unwrap(), text);
    {
        let mut other = Store::open(&path).unwrap();
        let mut settings = other.settings().unwrap();
        settings.print_command = "echo 打印机缺纸 >&2; exit 3".into();
        other.save_settings(&settings, "秘书", now()).unwrap();
    }
    h.key(KeyCode::Char('p'));
    assert!(h.frame().contains("打印失败：打印机缺纸"), "{}", h.frame());
    let store = Store::open(&path).unwrap();
    let actions: Vec<String> = store
        .audit_entries(10)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert!(
        actions.contains(&"receipt.save".to_string())
            && actions.contains(&"receipt.print".to_string())
    );
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].content, "公交站被撤，出行不便。");
}

#[test]
fn the_english_table_is_complete_enough_to_run() {
    let mut h = Harness::with_lang(station(), 80, 24, Lang::En);
    let frame = h.frame();
    assert!(frame.contains("Receive a voter"), "{frame}");
    insta::assert_snapshot!("home_en_80x24", frame);
}

#[test]
fn pinyin_initials_find_a_deputy() {
    let mut h = Harness::new(station(), 80, 24);
    h.key(KeyCode::Enter).typed("lxy");
    let frame = h.frame();
    assert!(
        frame.contains("李秀英") && !frame.contains("王建国") && !frame.contains("张伟"),
        "{frame}"
    );
}

#[test]
fn settings_are_validated_and_saved() {
    let fx = station();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('6'));
    insta::assert_snapshot!("settings_80x24", h.frame());
    // Reply days: 0 is refused with the field named, the input kept.
    h.key(KeyCode::Tab)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .typed("0");
    h.ctrl('s');
    let frame = h.frame();
    assert!(
        frame.contains("答复期限（工作日）：应为 1 到 90 之间的整数"),
        "{frame}"
    );
    h.key(KeyCode::Backspace)
        .typed("10")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .typed("lp -d desk");
    h.ctrl('s');
    assert!(h.frame().contains("设置已保存"));
    let settings = Store::open(&path).unwrap().settings().unwrap();
    assert_eq!(settings.reply_days, 10);
    assert_eq!(settings.print_command, "lp -d desk");
    assert_eq!(settings.categories.len(), 16);
}

#[test]
fn settings_that_cannot_be_read_are_never_saved_over() {
    let fx = station();
    let path = fx.db_path();
    let mut stored = fx.store.settings().unwrap();
    stored.print_command = "lp -d 值班室".into();
    let mut h = Harness::new(fx, 80, 24);
    Store::open(&path)
        .unwrap()
        .save_settings(&stored, "秘书", now())
        .unwrap();
    // The table hidden behind the program's back, as with the sqlite3 shell.
    let hide = |sql: &str| {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap()
    };
    hide("ALTER TABLE settings RENAME TO settings_hidden");
    h.key(KeyCode::Char('6'));
    let page = h.frame();
    assert!(page.contains("读不出已保存的设置"), "{page}");
    h.key(KeyCode::Tab).typed("5").ctrl('s');
    let refused = h.frame();
    assert!(!refused.contains("设置已保存"), "{refused}");
    assert!(refused.contains("本页不能保存"), "{refused}");
    hide("ALTER TABLE settings_hidden RENAME TO settings");
    let settings = Store::open(&path).unwrap().settings().unwrap();
    assert_eq!(settings, stored);
}

/// A station with a referred case, a replied one and an on-the-spot one.
fn with_cases() -> Fixture {
    let mut fx = station();
    let mut referred = common::reception(liaison_desk::domain::choices::Route::Assign);
    referred.department_id = Some(fx.departments[1].clone());
    common::save(&mut fx, &referred, now() - chrono::Duration::days(30));
    let mut second = common::reception(liaison_desk::domain::choices::Route::Transfer);
    second.department_id = Some(fx.departments[0].clone());
    second.content = "楼道路灯不亮，晚上上下楼不方便。".into();
    second.visitor_name = Some("钱老伯".into());
    second.phone = Some("13900001111".into());
    common::save(&mut fx, &second, now() - chrono::Duration::days(2));
    let mut on_spot = common::reception(liaison_desk::domain::choices::Route::OnSpot);
    on_spot.confidential = true;
    on_spot.content = "咨询高龄津贴申领办法。".into();
    common::save(&mut fx, &on_spot, now());
    fx
}

#[test]
fn case_list_detail_and_search() {
    for (w, hgt) in [(80, 24), (160, 48)] {
        let mut h = Harness::new(with_cases(), w, hgt);
        h.key(KeyCode::Char('2'));
        let list = h.frame();
        assert!(
            list.contains("超期") && list.contains("保密") && !list.contains("13812341234"),
            "{list}"
        );
        insta::assert_snapshot!(format!("cases_list_{w}x{hgt}"), list);
        h.typed("路灯");
        let found = h.frame();
        assert!(
            found.contains("楼道路灯") && !found.contains("公交站"),
            "{found}"
        );
        h.key(KeyCode::Enter);
        let detail = h.frame();
        assert!(
            detail.contains("139****1111") && !detail.contains("13900001111"),
            "{detail}"
        );
        insta::assert_snapshot!(format!("case_detail_{w}x{hgt}"), detail);
        h.key(KeyCode::PageDown).key(KeyCode::PageDown);
        let timeline = h.frame();
        assert!(
            timeline.contains("【办理过程】") && timeline.contains("转办 → 办理中"),
            "{timeline}"
        );
    }
}

#[test]
fn every_action_form() {
    use liaison_desk::domain::case::{CaseStatus, Grade, Satisfaction};
    use liaison_desk::store::CaseUpdate;
    // Bring one case to each status so that every action is offered somewhere.
    let mut fx = with_cases();
    let rows = fx
        .store
        .case_page(&Default::default(), &Default::default(), 10)
        .unwrap()
        .0;
    let id = rows
        .iter()
        .find(|r| r.status == CaseStatus::InProgress)
        .unwrap()
        .id
        .clone();
    let path = fx.db_path();
    let d = now().date();
    let steps = [
        CaseUpdate::Reply {
            grade: Grade::B,
            text: "已列入明年计划".into(),
            date: d,
        },
        CaseUpdate::FeedBack {
            date: d,
            way: "phone".into(),
        },
        CaseUpdate::CallBack {
            satisfaction: Satisfaction::Satisfied,
        },
    ];
    let mut seen = Vec::new();
    for (i, step) in std::iter::once(None)
        .chain(steps.iter().map(Some))
        .enumerate()
    {
        if let Some(step) = step {
            common::act(&mut fx, &id, step, now());
        }
        let status = fx.store.case_state(&id).unwrap().status;
        let offered: Vec<_> = liaison_desk::domain::case::offered_actions(status)
            .into_iter()
            .filter_map(liaison_desk::domain::case_forms::ActionKind::of)
            .collect();
        for (n, kind) in offered.iter().enumerate() {
            let store = Store::open(&path).unwrap();
            let fx2 = Fixture {
                dir: tempfile::tempdir().unwrap(),
                store,
                deputies: vec![],
                departments: vec![],
            };
            let mut h = Harness::new(fx2, 80, 24);
            h.key(KeyCode::Char('2'))
                .typed("公交站")
                .key(KeyCode::Enter)
                .key(KeyCode::Enter);
            for _ in 0..n {
                h.key(KeyCode::Down);
            }
            h.key(KeyCode::Enter);
            let frame = h.frame();
            let name = strings(Lang::Zh).action(*kind);
            assert!(frame.contains(name), "{kind:?} at step {i}:\n{frame}");
            insta::assert_snapshot!(format!("action_{kind:?}_80x24"), frame);
            seen.push(*kind);
        }
    }
    seen.sort_by_key(|k| k.index());
    seen.dedup();
    assert_eq!(
        seen.len(),
        8,
        "all forms but Refer (which only a registered case offers): {seen:?}"
    );
}

#[test]
fn an_action_is_validated_then_saved_to_the_timeline() {
    let fx = with_cases();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('2'))
        .typed("公交站")
        .key(KeyCode::Enter)
        .key(KeyCode::Enter);
    // 督办/催办 → 延期 → 退回改派 → 登记答复
    h.key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Enter);
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("答复内容：必须填写"), "{frame}");
    // The cursor is on the first wrong field, the reply text.
    h.typed("已恢复公交站点。");
    h.key(KeyCode::BackTab)
        .key(KeyCode::BackTab)
        .key(KeyCode::Right)
        .ctrl('s');
    let detail = h.frame();
    assert!(
        detail.contains("已保存") && detail.contains("已答复"),
        "{detail}"
    );
    let store = Store::open(&path).unwrap();
    let rows = store
        .case_page(&Default::default(), &Default::default(), 10)
        .unwrap()
        .0;
    let replied = rows
        .iter()
        .find(|r| r.status == liaison_desk::domain::case::CaseStatus::Replied)
        .unwrap();
    let d = store.case_detail(&replied.id).unwrap();
    assert_eq!(d.grade, Some(liaison_desk::domain::case::Grade::B));
    assert_eq!(d.reply_text, "已恢复公交站点。");
}

#[test]
fn departments_screen_adds_and_refuses_to_delete_a_used_one() {
    let mut h = Harness::new(with_cases(), 80, 24);
    h.key(KeyCode::Char('2')).key(KeyCode::F(5));
    insta::assert_snapshot!("departments_80x24", h.frame());
    h.typed("a")
        .typed("区民政局")
        .key(KeyCode::Tab)
        .typed("刘科长")
        .key(KeyCode::Tab)
        .typed("12345");
    h.ctrl('s');
    assert!(h.frame().contains("联系电话：应为11位手机号"));
    h.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .key(KeyCode::Backspace);
    h.ctrl('s');
    let frame = h.frame();
    assert!(
        frame.contains("区民政局") && frame.contains("承办单位已保存"),
        "{frame}"
    );
    // In name order: 区交通委 (a case points to it), 区民政局, 街道办事处.
    for _ in 0..3 {
        h.key(KeyCode::Up);
    }
    h.typed("d").typed("y");
    let frame = h.frame();
    assert!(
        frame.contains("还有案件由该单位承办，不能删除") && frame.contains("区交通委"),
        "{frame}"
    );
    h.key(KeyCode::Down).typed("d");
    assert!(h.frame().contains("确定删除“区民政局”吗"));
    h.typed("y");
    let frame = h.frame();
    assert!(
        frame.contains("承办单位已删除") && !frame.contains("区民政局"),
        "{frame}"
    );
}

#[test]
fn the_filter_pop_up_narrows_the_list_and_checks_dates() {
    let mut h = Harness::new(with_cases(), 80, 24);
    h.key(KeyCode::Char('2')).key(KeyCode::F(3));
    insta::assert_snapshot!("cases_filter_80x24", h.frame());
    // Status: 全部 → 已登记 → 办理中.
    h.key(KeyCode::Right).key(KeyCode::Right);
    h.tabs(4).typed("2026-13-01").ctrl('s');
    assert!(h.frame().contains("日期：应为日期"), "{}", h.frame());
    for _ in 0..10 {
        h.key(KeyCode::Backspace);
    }
    h.tabs(2).key(KeyCode::Char(' ')).ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("筛选：状态=办理中，只看超期"), "{frame}");
    assert!(
        frame.contains("公交站") && !frame.contains("楼道路灯") && !frame.contains("高龄津贴"),
        "{frame}"
    );
    h.ctrl('r');
    assert!(h.frame().contains("全部案件"));
}

#[test]
fn statistics_screen_by_period() {
    for (w, hgt) in [(80, 24), (160, 48)] {
        let mut h = Harness::new(with_cases(), w, hgt);
        h.key(KeyCode::Char('5'));
        let month = h.frame();
        assert!(
            month.contains("统计期间：2026-11-01 至 2026-11-30")
                && month.contains("接待群众2批2人次"),
            "{month}"
        );
        insta::assert_snapshot!(format!("statistics_month_{w}x{hgt}"), month);
        h.key(KeyCode::Left);
        assert!(h.frame().contains("接待群众1批1人次"), "October");
        h.key(KeyCode::Char('5'));
        assert!(h.frame().contains("接待群众3批3人次"), "the year");
        // Over a year each deputy's figures stand next to the yearly targets.
        for _ in 0..5 {
            h.key(KeyCode::PageDown);
        }
        let year = h.frame();
        assert!(
            year.contains("王建国") && year.contains("0/2") && year.contains("3/10"),
            "{year}"
        );
        h.key(KeyCode::Char('6')).key(KeyCode::Tab);
        for _ in 0..10 {
            h.key(KeyCode::Backspace);
        }
        h.typed("2025-10-01").ctrl('s');
        let custom = h.frame();
        assert!(custom.contains("截止日期：不能早于 2026-01-01"), "{custom}");
        for _ in 0..10 {
            h.key(KeyCode::Backspace);
        }
        h.typed("2026-10-01");
        h.key(KeyCode::BackTab);
        for _ in 0..10 {
            h.key(KeyCode::Backspace);
        }
        h.typed("2026-09-01").ctrl('s');
        assert!(
            h.frame().contains("统计期间：2026-09-01 至 2026-10-01"),
            "{}",
            h.frame()
        );
    }
}

#[test]
fn a_first_deputy_is_added_from_the_sign_in_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("new.db")).unwrap();
    store
        .init_station("HD01", "海淀街道代表联络站", now())
        .unwrap();
    // The deputy account joins the roster when created; an empty roster
    // here means that entry was deleted as a mistake.
    common::add_users(&mut store);
    for d in store.deputies(true).unwrap() {
        store.delete_deputy(&d.id, "", now()).unwrap();
    }
    let fx = Fixture {
        dir,
        store,
        deputies: vec![],
        departments: vec![],
    };
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1'));
    assert!(h.frame().contains("代表名册是空的：按 F4"));
    h.key(KeyCode::F(4)).ctrl('s');
    assert!(h.frame().contains("代表姓名：必须填写"), "{}", h.frame());
    h.typed("孙立平").key(KeyCode::Tab).typed("街道社区主任");
    insta::assert_snapshot!("duty_add_deputy_80x24", h.frame());
    h.ctrl('s');
    let frame = h.frame();
    assert!(
        frame.contains("孙立平 已加入名册并签到") && frame.contains("开始接待"),
        "{frame}"
    );
    h.key(KeyCode::F(2));
    assert!(h.frame().contains("值班代表：孙立平"));
}

#[test]
fn a_confidential_visitor_cannot_be_found_by_name() {
    let mut fx = station();
    let mut r = common::reception(liaison_desk::domain::choices::Route::OnSpot);
    r.confidential = true;
    r.visitor_name = Some("周保密".into());
    r.phone = Some("13700001234".into());
    common::save(&mut fx, &r, now());
    let find = |store: &Store, q: &str| {
        let f = liaison_desk::store::CaseFilter {
            query: q.into(),
            ..Default::default()
        };
        store
            .case_page(&f, &Default::default(), 10)
            .unwrap()
            .0
            .len()
    };
    assert_eq!(find(&fx.store, "周保密"), 0);
    assert_eq!(find(&fx.store, "00001234"), 0);
    assert_eq!(
        find(&fx.store, "公交站"),
        1,
        "the matter itself is still found"
    );
}

#[test]
fn a_digit_typed_on_arriving_at_a_number_replaces_its_default() {
    let mut h = at_reception(80, 24);
    // Tick 匿名, then Tab past gender, phone and address to the persons (default 1).
    h.key(KeyCode::Tab)
        .key(KeyCode::Char(' '))
        .tabs(4)
        .typed("3");
    let frame = h.frame();
    assert!(
        frame.contains("来访人数            3 ") || frame.contains("来访人数            3\n"),
        "{frame}"
    );
    // Editing after that appends as usual.
    h.typed("0");
    assert!(h.frame().contains("来访人数            30"));
}

#[test]
fn extreme_text_is_stored_and_shown_without_breaking_the_layout() {
    use crossterm::event::Event;
    use unicode_width::UnicodeWidthStr;
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    // A name with a combining mark and right-to-left letters is refused as a
    // name only if it has digits or symbols; these are letters.
    h.app.handle_event(Event::Paste("Zoë\u{0301}سارا".into()));
    h.tabs(3).typed("13812341234");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("其他")
        .key(KeyCode::Enter)
        .key(KeyCode::Tab);
    let piece = "路灯😀坏了e\u{0301}مرحبا\u{202e}反向\u{0}空\u{7}字\t制表\r\n";
    let long: String = piece.repeat(10_000 / piece.chars().count() + 1);
    h.app.handle_event(Event::Paste(long.clone()));
    for frame in [h.frame()] {
        for line in frame.lines() {
            assert!(
                UnicodeWidthStr::width(line) <= 80,
                "a line wider than the screen: {line}"
            );
        }
    }
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .typed("已记录。");
    h.ctrl('s');
    assert!(h.frame().contains("已保存"), "{}", h.frame());
    let store = Store::open(&path).unwrap();
    let saved = &store.receptions_on(now().date()).unwrap()[0];
    // Control characters (NUL, BEL, CR) are dropped on the way in; the rest is kept.
    assert!(!saved.content.contains('\0') && !saved.content.contains('\u{7}'));
    assert!(
        saved.content.contains("😀")
            && saved.content.contains("مرحبا")
            && saved.content.contains("e\u{0301}")
    );
    // Every other character arrives, in order (a tab as a space): nothing
    // is cut short.
    let expected: String = long
        .chars()
        .filter(|c| !matches!(c, '\0' | '\u{7}' | '\r'))
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    assert_eq!(saved.content, expected.trim_end());
    // The case list and the case show it within the screen.
    h.key(KeyCode::Esc)
        .key(KeyCode::Char('2'))
        .key(KeyCode::Enter);
    for line in h.frame().lines() {
        assert!(
            UnicodeWidthStr::width(line) <= 80,
            "a line wider than the screen: {line}"
        );
    }
}

#[test]
fn a_draft_whose_department_was_deleted_asks_for_another() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let gone = fx
        .store
        .add_department("已撤销的单位", "", "", "", now())
        .unwrap();
    let draft = format!(
        r#"{{"visitor_name":"赵大妈","category":"交通出行","content":"路灯坏了","route":"Assign","department_id":"{gone}","department_name":"已撤销的单位"}}"#
    );
    fx.store
        .save_draft("d1", "reception", "", &draft, now())
        .unwrap();
    fx.store.delete_department(&gone, "秘书", now()).unwrap();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1'))
        .key(KeyCode::F(2))
        .key(KeyCode::Enter);
    h.ctrl('s');
    let frame = h.frame();
    assert!(
        frame.contains("承办单位：必须填写") && !frame.contains("FOREIGN KEY"),
        "{frame}"
    );
}

#[test]
fn the_optional_id_number_is_checked_kept_in_the_draft_and_left_off_the_receipt() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let mut settings = fx.store.settings().unwrap();
    settings.collect_id_number = true;
    fx.store.save_settings(&settings, "秘书", now()).unwrap();
    let path = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    // Typed with a pinyin input method: full-width digits, the last one wrong.
    h.typed("赵大妈")
        .tabs(3)
        .typed("13812341234")
        .key(KeyCode::Tab)
        .typed("１１０１０５１９４９１２３１００２１")
        .key(KeyCode::Tab);
    let frame = h.frame();
    insta::assert_snapshot!("reception_id_number_invalid_80x24", frame);
    assert!(frame.contains("身份证号：校验位不符"), "{frame}");
    assert!(
        frame.contains("１１０１０５１９４９１２３１００２１"),
        "the input stays: {frame}"
    );

    // Left and resumed: the draft kept it.
    h.key(KeyCode::Esc).key(KeyCode::F(2)).key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("１１０１０５１９４９１２３１００２１"),
        "{frame}"
    );
    // Back in the field after it; the ID number corrected.
    h.key(KeyCode::BackTab).key(KeyCode::Backspace).typed("x");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Enter)
        .typed("交通")
        .key(KeyCode::Enter);
    h.key(KeyCode::Tab).typed("公交站被撤，出行不便。");
    h.key(KeyCode::PageDown)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .typed("已解释站点调整原因。");
    h.ctrl('s');
    let receipt = h.frame();
    assert!(receipt.contains("HD01-20261110-001"), "{receipt}");
    // The receipt leaves the station: no ID number, not even masked.
    assert!(
        !receipt.contains("身份证") && !receipt.contains("1101") && !receipt.contains("002X"),
        "{receipt}"
    );
    let store = Store::open(&path).unwrap();
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows[0].id_number.as_deref(), Some("11010519491231002X"));
    assert!(store.drafts("reception").unwrap().is_empty());
}

#[test]
fn a_screen_that_cannot_read_what_it_shows_says_so() {
    let mut fx = station();
    fx.store.sign_in(&fx.deputies[0].clone(), now()).unwrap();
    let db = fx.db_path();
    let mut h = Harness::new(fx, 80, 24);
    // Someone with the sqlite3 shell removes the departments behind the desk's back.
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch("PRAGMA foreign_keys = OFF; DROP TABLE departments;")
        .unwrap();
    h.key(KeyCode::Char('1')).key(KeyCode::F(2));
    let frame = h.frame();
    assert!(frame.contains("数据库出错"), "{frame}");
    assert!(frame.contains("来访人"), "the form still opens:\n{frame}");
}

#[test]
fn a_case_changed_behind_the_desks_back_still_lists_and_says_what_is_wrong() {
    let mut fx = station();
    let r = common::referral(&fx, 0);
    let saved = common::save(&mut fx, &r, now());
    let db = fx.db_path();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Secretary);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute("UPDATE cases SET route = 'teleport'", [])
        .unwrap();
    h.key(KeyCode::Char('2'));
    let list = h.frame();
    assert!(list.contains(&saved.number), "{list}");
    h.key(KeyCode::Enter);
    let page = h.frame();
    assert!(
        page.contains("teleport") && page.contains("不认识"),
        "{page}"
    );
    assert!(
        page.contains("liaison-desk check"),
        "the whole message wraps:\n{page}"
    );
    assert!(
        !page.contains("查看完整联系方式"),
        "no key for a page not shown:\n{page}"
    );
}
