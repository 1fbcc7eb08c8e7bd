//! The real binary in a real pseudo-terminal: Chinese typed in, the screen
//! read back through a terminal emulator, the database checked afterwards.

mod common;

use common::now;
use common::pty::{self, CTRL_S, ENTER, F2, PAGE_DOWN, RIGHT, TAB};
use liaison_desk::domain::roles::Role;
use liaison_desk::store::{NewDeputy, Store};
use std::path::Path;

/// The binary on a prepared database, signed in as the secretary.
struct Session;

impl Session {
    fn start(home: &Path, db: &Path, cols: u16, rows: u16) -> pty::Session {
        Self::start_with(home, db, cols, rows, &[])
    }

    fn start_with(
        home: &Path,
        db: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> pty::Session {
        let mut s = pty::Session::spawn(home, db, (cols, rows), &[], env);
        let (position, pin) = common::user_for(Role::Secretary);
        s.sign_in(position, pin);
        s
    }
}

/// A station with one deputy and one department, made through the store.
fn prepared_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("desk.db");
    let mut store = Store::open(&db).unwrap();
    store
        .init_station("HD01", "海淀街道代表联络站", now())
        .unwrap();
    let deputy = NewDeputy {
        name: "王建国".into(),
        ..Default::default()
    };
    store.add_deputy(&deputy, "", now()).unwrap();
    store
        .add_department("区交通委", "陈科长", "", "", now())
        .unwrap();
    common::add_users(&mut store);
    db
}

#[test]
fn the_home_screen_appears_in_chinese_and_q_quits() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let mut s = Session::start(dir.path(), &db, 80, 24);
    let screen = s.expect("接待来访");
    assert!(screen.contains("海淀街道代表联络站") && screen.contains("案件办理"));
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "terminal restored"
    );
}

#[test]
fn a_reception_typed_in_chinese_is_saved_to_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let mut s = Session::start(dir.path(), &db, 80, 24);
    s.expect("接待来访");
    s.send("1").expect("值班签到");
    s.send("王建国").send(ENTER).expect("王建国 已签到");
    s.send(F2).expect("告知");
    s.send("赵大妈")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("13812341234");
    s.send(PAGE_DOWN).send(ENTER).send("交通").send(ENTER);
    s.send(TAB)
        .send("小区门口公交站被撤，老人出行不便，希望恢复。");
    s.send(PAGE_DOWN)
        .send(RIGHT)
        .send(TAB)
        .send("已向来访人解释站点调整原因。");
    s.send(CTRL_S);
    let receipt = s.expect("已保存，登记完成");
    assert!(receipt.contains("HD01-20261110-001"), "{receipt}");
    assert!(receipt.contains("138****1234") && !receipt.contains("13812341234"));
    s.send("\x1b").expect("接待来访");
    // Nothing is left unsaved, so q quits without asking.
    s.send("q");
    assert!(s.wait_exit().success());

    let store = Store::open(&db).unwrap();
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows.len(), 1);
    let r = &rows[0];
    assert_eq!(r.visitor_name.as_deref(), Some("赵大妈"));
    assert_eq!(r.phone.as_deref(), Some("13812341234"));
    assert_eq!(r.content, "小区门口公交站被撤，老人出行不便，希望恢复。");
    assert_eq!(r.route, liaison_desk::domain::choices::Route::OnSpot);
    assert_eq!(r.deputies, vec!["王建国"]);
    assert!(store.drafts("reception").unwrap().is_empty());
}

#[test]
fn a_killed_program_offers_the_draft_again() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let mut s = Session::start(dir.path(), &db, 80, 24);
    s.expect("接待来访");
    s.send("1").expect("值班签到");
    s.send("王建国").send(ENTER).expect("已签到");
    s.send(F2).expect("告知");
    s.send("钱老伯")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("13900001111");
    s.expect("草稿已自动保存");
    s.child.kill().unwrap();
    s.wait_exit();

    let mut s = Session::start(dir.path(), &db, 80, 24);
    s.expect("接待来访");
    s.expect("未完成的登记草稿");
    s.send("1").expect("值班签到");
    s.send(F2).expect("继续上次的登记");
    s.send(ENTER);
    let screen = s.expect("钱老伯");
    assert!(screen.contains("13900001111"), "{screen}");
    // Back in the field that was being typed in.
    assert!(screen.contains("▶ 联系电话"), "{screen}");
    s.child.kill().unwrap();
}

#[test]
fn pasting_a_long_text_keeps_every_character() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let mut s = Session::start(dir.path(), &db, 80, 24);
    s.expect("接待来访");
    s.send("1").expect("值班签到");
    s.send("wjg").send(ENTER).expect("王建国 已签到");
    s.send(F2).expect("告知");
    s.send("匿").send("\x7f").send(TAB).send(" ");
    s.send(PAGE_DOWN)
        .send(ENTER)
        .send("其他")
        .send(ENTER)
        .send(TAB);
    let long = "村民反映：河道两岸垃圾堆积，夏季蚊蝇滋生，影响周边群众生活。\n".repeat(60);
    s.send(&format!("\x1b[200~{long}\x1b[201~"));
    s.send(PAGE_DOWN)
        .send(RIGHT)
        .send(TAB)
        .send("已记录，将转交有关部门。");
    s.send(CTRL_S);
    s.expect("已保存，登记完成");
    s.child.kill().unwrap();
    let store = Store::open(&db).unwrap();
    let rows = store.receptions_on(now().date()).unwrap();
    assert_eq!(rows[0].content, long.trim_end());
    assert_eq!(rows[0].visitor_name, None, "anonymous");
}

#[test]
fn a_case_is_taken_from_referral_to_closure() {
    use liaison_desk::domain::case::CaseStatus;
    use liaison_desk::store::SaveContext;
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let case_id = {
        let mut store = Store::open(&db).unwrap();
        let deputy = store.deputies(false).unwrap()[0].id.clone();
        let department = store.departments().unwrap()[0].id.clone();
        let mut r = common::reception(liaison_desk::domain::choices::Route::Assign);
        r.department_id = Some(department);
        let calendar = liaison_desk::domain::calendar::Calendar::weekends_only();
        let cx = SaveContext {
            deputy_ids: &[deputy],
            recorder: "王建国",
            now: now(),
            calendar: &calendar,
            draft_id: None,
        };
        store.save_reception(&r, &cx).unwrap().case_id
    };
    let mut s = Session::start(dir.path(), &db, 80, 24);
    s.expect("接待来访");
    s.send("2").expect("案件办理");
    s.send("公交站").expect("HD01-20261110-001");
    s.send(ENTER).expect("案件详情");
    s.reply_feed_back_and_call_back("已与公交公司协调，恢复站点。");
    s.send(ENTER).expect("办理操作");
    s.send(ENTER).expect("归档号");
    s.send("2026-归-001").send(CTRL_S).expect("状态：归档");
    s.child.kill().unwrap();

    let store = Store::open(&db).unwrap();
    let d = store.case_detail(&case_id).unwrap();
    assert_eq!(d.status, CaseStatus::Archived);
    assert_eq!(d.reply_text, "已与公交公司协调，恢复站点。");
    assert_eq!(d.callback.as_deref(), Some("satisfied"));
    assert_eq!(d.archive_no, "2026-归-001");
    let kinds: Vec<&str> = d.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "register", "assign", "reply", "feedback", "callback", "archive"
        ]
    );
    assert_eq!(store.first_broken_audit_entry().unwrap(), None);
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}

#[test]
fn a_panic_restores_the_terminal_writes_a_report_and_keeps_the_draft() {
    let dir = tempfile::tempdir().unwrap();
    let db = prepared_db(dir.path());
    let mut s = Session::start_with(dir.path(), &db, 80, 24, &[("LIAISON_DESK_TEST_PANIC", "1")]);
    s.expect("接待来访");
    s.send("1").expect("值班签到");
    s.send("王建国").send(ENTER).expect("已签到");
    s.send(F2).expect("告知");
    s.send("孙大姐");
    s.expect("草稿已自动保存");
    s.send("\x1b[24~");
    let status = s.wait_exit();
    assert!(!status.success());
    let screen = s.expect("错误报告已保存到");
    assert!(
        !s.parser.lock().unwrap().screen().alternate_screen(),
        "terminal restored:\n{screen}"
    );
    let reports: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("crash-"))
        .collect();
    assert_eq!(reports.len(), 1);
    let report = std::fs::read_to_string(reports[0].path()).unwrap();
    assert!(report.contains("test panic requested with F12"));
    let drafts = Store::open(&db).unwrap().drafts("reception").unwrap();
    assert!(drafts[0].data.contains("孙大姐"));
}
