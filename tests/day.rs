//! A whole duty day through the real binary in a pseudo-terminal, on a new
//! database: first-run setup, users, a deputy's three receptions typed in
//! Chinese and a returning voter, the secretary's closing review with a
//! correction, sign-off and exports, and a referred case replied to,
//! called back and closed. Run at two sizes and under each shipped theme;
//! the screen is checked at each step and the database at the end.

mod common;

use common::pty::{CTRL_S, ENTER, ESC, F2, F4, F5, F10, PAGE_DOWN, RIGHT, SPACE, Session, TAB};
use liaison_desk::domain::case::CaseStatus;
use liaison_desk::store::Store;
use liaison_desk::ui::theme::Theme;
use ratatui::style::Color;
use std::path::Path;

/// Back to the home screen, one Esc at a time: an Esc followed at once by
/// another key can reach a busy program as Alt+key, as on a real terminal.
fn home(s: &mut Session) {
    for _ in 0..6 {
        if s.screen().contains("当前用户") {
            return;
        }
        s.send(ESC);
        std::thread::sleep(std::time::Duration::from_millis(150));
    }
    s.expect("当前用户");
}

fn right(s: &mut Session, times: usize) {
    for _ in 0..times {
        s.send(RIGHT);
    }
}

fn setup_station_and_users(s: &mut Session) {
    s.expect("首次使用");
    s.send("HD01")
        .send(TAB)
        .send("海淀街道代表联络站")
        .send(TAB);
    s.send("赵管理")
        .send(TAB)
        .send("1234")
        .send(TAB)
        .send("1234")
        .send(ENTER);
    s.expect("赵管理（管理员）");
    s.send("u").expect("用户管理");
    for (name, role_steps, pin) in [("林秘书", 1, "2468"), ("王建国", 0, "1357")] {
        s.send("a").expect("新增用户");
        s.send(name).send(TAB);
        right(s, role_steps);
        s.send(TAB).send(pin).send(TAB).send(pin).send(ENTER);
        s.expect("用户已保存");
    }
    home(s);
    // A department to refer cases to (案件办理 → F5).
    s.send("2").expect("案件办理");
    s.send(F5).expect("承办单位");
    s.send("a")
        .send("区交通委")
        .send(TAB)
        .send("陈科长")
        .send(CTRL_S);
    s.expect("区交通委");
    home(s);
    s.send("o");
}

/// The duty deputy's morning: sign in, go on duty, receive three voters.
fn duty_deputy_receives(s: &mut Session) {
    s.sign_in(2, "1357").expect("王建国（值班代表）");
    s.send("1").expect("值班签到");
    s.send(F4).expect("新增代表");
    s.send("王建国").send(TAB).send("北太平庄街道").send(ENTER);
    s.expect("已加入名册并签到");

    // An anonymous group of five, answered on the spot.
    s.send(F2).expect("告知");
    s.send(TAB)
        .send(SPACE)
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("5");
    s.send(PAGE_DOWN).send(ENTER).send("交通").send(ENTER);
    s.send(TAB)
        .send("小区门口的路灯坏了三盏，晚上出行不安全，希望尽快修好。");
    s.send(PAGE_DOWN)
        .send(RIGHT)
        .send(TAB)
        .send("已当场联系物业，明天派人维修。");
    s.send(CTRL_S).expect("已保存，登记完成");
    s.expect("HD01-20261110-001");
    s.send("n").expect("告知");

    // A voter referred to a department.
    s.send("钱老伯")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("13900001111");
    s.send(TAB).send("北太平庄社区3号楼");
    s.send(PAGE_DOWN).send(ENTER).send("交通").send(ENTER);
    s.send(TAB).send("公交站撤了，老人出行不便，希望恢复。");
    s.send(PAGE_DOWN);
    right(s, 2);
    s.send(TAB).send(ENTER).send("交通委").send(ENTER);
    s.send(CTRL_S).expect("HD01-20261110-002");
    s.send("n").expect("告知");

    // A private dispute: not accepted, with guidance.
    s.send("孙大姐")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("13700002222");
    s.send(PAGE_DOWN).send(ENTER).send("其他").send(ENTER);
    s.send(TAB).send("邻居家装修噪音纠纷，希望代表出面调解。");
    s.send(PAGE_DOWN);
    right(s, 5);
    s.send(TAB).send(ENTER).send("私人").send(ENTER);
    s.send("建议向社区人民调解委员会申请调解。");
    s.send(CTRL_S).expect("HD01-20261110-003");
    s.send("n").expect("告知");

    // The referred voter comes back: recognised by the phone number.
    s.send("钱")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("13900001111");
    // (Looked up on leaving the field.)
    s.send(TAB).expect("HD01-20261110-002");
    // Called away: the form is left as a draft for the closing review.
    s.send(ESC).expect("值班签到");
    home(s);
    s.send("o");
}

/// The secretary's closing: the checklist, a correction, sign-off, exports.
fn secretary_closes_the_day(s: &mut Session) {
    s.sign_in(1, "2468").expect("林秘书（秘书）");
    s.send("4").expect("审核清单");
    let screen = s.expect("住址或单位未");
    assert!(screen.contains("王建国 仍在值班"), "{screen}");
    assert!(screen.contains("未完成的接待登记草稿"), "{screen}");
    // 孙大姐's address was not written down: correct it.
    s.send(ENTER).expect("更正为");
    s.send("东升社区").send(CTRL_S).expect("已更正");
    // The deputy forgot to sign out; the draft of the returning voter goes.
    s.send(ENTER).expect("已签退");
    s.send(ENTER).expect("放弃这份");
    s.send("y").expect("未发现缺漏");
    s.send(F10).expect("的日结吗");
    s.send(ENTER).expect("已签发");
    s.expect("backups");
    home(s);

    // The reception register to Excel and to CSV.
    s.send("3").expect("五簿一册");
    s.send("1").expect("接待选民登记簿");
    s.send("x").expect("导出登记簿");
    s.send(CTRL_S).expect("已导出 3 条");
    s.send("x").expect("导出登记簿");
    s.send(RIGHT).send(CTRL_S).expect("已导出 3 条");
    home(s);
}

/// The department replies; the voter is told, called back, and the case closes.
fn referred_case_is_closed(s: &mut Session) {
    s.send("2").expect("案件办理");
    s.send("公交站").expect("HD01-20261110-002");
    s.send(ENTER).expect("案件详情");
    s.reply_feed_back_and_call_back("已与公交公司协调，恢复站点。");
    home(s);
    s.send("q");
    assert!(s.wait_exit().success());
}

fn check_the_database(dir: &Path, db: &Path) {
    let store = Store::open(db).unwrap();
    let day = common::now().date();
    let rows = store.receptions_on(day).unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        (rows[0].visitor_name.as_deref(), rows[0].group_size),
        (None, 5)
    );
    assert_eq!(rows[1].phone.as_deref(), Some("13900001111"));
    assert_eq!(rows[2].address, "东升社区");
    assert!(rows.iter().all(|r| r.reviewer == "林秘书"));
    let routes: Vec<&str> = rows.iter().map(|r| r.route.code()).collect();
    assert_eq!(routes, ["on_spot", "assign", "not_accepted"]);
    let referred = store.case_of_reception(&rows[1].id).unwrap().unwrap();
    let detail = store.case_detail(&referred).unwrap();
    assert_eq!(detail.status, CaseStatus::Closed);
    assert_eq!(detail.department.as_deref(), Some("区交通委"));
    assert_eq!(detail.callback.as_deref(), Some("satisfied"));
    assert_eq!(store.signed_day(day).unwrap().unwrap().signed_by, "林秘书");
    assert_eq!(store.draft_count().unwrap(), 0);
    assert_eq!(
        store.corrections("reception", &rows[2].id).unwrap().len(),
        1
    );
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
    assert!(store.integrity_problems().unwrap().is_empty());
    let exports: Vec<String> = std::fs::read_dir(dir.join("导出"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(exports.iter().any(|f| f.ends_with(".xlsx")), "{exports:?}");
    assert!(exports.iter().any(|f| f.ends_with(".csv")), "{exports:?}");
    let backups = std::fs::read_dir(dir.join("backups")).unwrap().count();
    assert_eq!(backups, 1, "the sign-off's backup");
}

/// A colour as the terminal receives it (crossterm's mapping).
fn on_terminal(c: Option<Color>) -> vt100::Color {
    let idx = |i| vt100::Color::Idx(i);
    match c {
        None | Some(Color::Reset) => vt100::Color::Default,
        Some(Color::Rgb(r, g, b)) => vt100::Color::Rgb(r, g, b),
        Some(Color::Indexed(i)) => idx(i),
        Some(Color::Black) => idx(0),
        Some(Color::Red) => idx(1),
        Some(Color::Green) => idx(2),
        Some(Color::Yellow) => idx(3),
        Some(Color::Blue) => idx(4),
        Some(Color::Magenta) => idx(5),
        Some(Color::Cyan) => idx(6),
        Some(Color::Gray) => idx(7),
        Some(Color::DarkGray) => idx(8),
        Some(Color::LightRed) => idx(9),
        Some(Color::LightGreen) => idx(10),
        Some(Color::LightYellow) => idx(11),
        Some(Color::LightBlue) => idx(12),
        Some(Color::LightMagenta) => idx(13),
        Some(Color::LightCyan) => idx(14),
        Some(Color::White) => idx(15),
    }
}

/// The screen is drawn in the theme asked for: a blank cell of the body
/// has the theme's text colours.
fn assert_theme(s: &Session, name: &str) {
    let (theme, problem) = Theme::load(name, None);
    assert!(problem.is_none(), "{problem:?}");
    let expected = (on_terminal(theme.text.fg), on_terminal(theme.text.bg));
    // (The first frame may still be arriving.)
    let mut seen = None;
    for _ in 0..100 {
        let cell = s
            .parser
            .lock()
            .unwrap()
            .screen()
            .cell(12, 40)
            .unwrap()
            .clone();
        seen = Some((cell.fgcolor(), cell.bgcolor()));
        if seen == Some(expected) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("theme {name}: a blank cell is {seen:?}, not {expected:?}");
}

fn whole_day(size: (u16, u16), theme: &str) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    // A terminal with true colour, which the themes' #rrggbb colours need.
    let truecolor = [("COLORTERM", "truecolor")];
    let mut s = Session::spawn(dir.path(), &db, size, &["--theme", theme], &truecolor);
    s.expect("首次使用");
    assert_theme(&s, theme);
    setup_station_and_users(&mut s);
    duty_deputy_receives(&mut s);
    secretary_closes_the_day(&mut s);
    referred_case_is_closed(&mut s);
    check_the_database(dir.path(), &db);
}

#[test]
fn a_whole_day_at_80x24() {
    whole_day((80, 24), "default");
}

#[test]
fn a_whole_day_at_200x60() {
    whole_day((200, 60), "default");
}

#[test]
fn a_whole_day_in_the_light_theme() {
    whole_day((80, 24), "light");
}

#[test]
fn a_whole_day_in_high_contrast() {
    whole_day((200, 60), "high-contrast");
}
