//! The closing review, corrections, sign-off, reopening and the users
//! screen, driven through the whole application on ratatui's TestBackend.

mod common;

use common::screen::Harness;
use common::{now, reception, save, station};
use crossterm::event::KeyCode;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::domain::roles::Role;
use liaison_desk::i18n::Lang;
use liaison_desk::store::Store;

/// A day with one reception whose address is missing, at the closing
/// review, signed in as `role`.
fn at_closing(
    role: Role,
    width: u16,
    height: u16,
) -> (Harness, liaison_desk::domain::ids::ReceptionId) {
    let mut fx = station();
    let no_address = ValidReception {
        address: String::new(),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &no_address, now());
    let mut h = Harness::signed_in(fx, width, height, Lang::Zh, role);
    h.key(KeyCode::Char('4'));
    (h, saved.reception_id)
}

fn store_of(h: &Harness) -> Store {
    Store::open(&h.dir.path().join("desk.db")).unwrap()
}

#[test]
fn the_secretary_corrects_signs_off_and_then_amends_with_a_reason() {
    let (mut h, id) = at_closing(Role::Secretary, 80, 24);
    let frame = h.frame();
    insta::assert_snapshot!("closing_80x24", frame);
    assert!(frame.contains("住址或单位未"), "{frame}");

    // Enter jumps to the correction, cursor in the new value.
    h.key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("correction_80x24", frame);
    let cursor = h.cursor();
    assert!(
        frame
            .lines()
            .nth(cursor.y as usize)
            .unwrap()
            .contains("更正为："),
        "{frame}"
    );
    h.typed("北太平庄社区5号楼");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("已更正"), "{frame}");
    assert!(frame.contains("未发现缺漏"), "{frame}");
    assert_eq!(
        store_of(&h).reception(&id).unwrap().address,
        "北太平庄社区5号楼"
    );

    // Sign-off (confirmed) locks the day and says where the backup went.
    h.key(KeyCode::F(10));
    assert!(h.frame().contains("的日结吗"), "{}", h.frame());
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("已签发") && frame.contains("backups"),
        "{frame}"
    );
    assert!(frame.contains("已由 林秘书 于"), "{frame}");
    let signed = store_of(&h).signed_day(now().date()).unwrap().unwrap();
    assert_eq!(signed.signed_at, "2026-11-10 09:30:00");
    assert!(!frame.contains("F10"), "no second sign-off: {frame}");

    // After sign-off any row is corrected through `e`, as an amendment
    // with a reason.
    h.key(KeyCode::Char('e'));
    assert!(h.frame().contains("选择要更正的登记"));
    h.key(KeyCode::Enter);
    h.key(KeyCode::BackTab);
    for _ in 0..8 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter)
        .typed("补记：来访人另有一位同行")
        .key(KeyCode::Tab);
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("原因：必须填写"), "{frame}");
    h.typed("秘书核对").key(KeyCode::Enter);
    assert!(h.frame().contains("已补正"));
    let store = store_of(&h);
    assert_eq!(
        store.reception(&id).unwrap().remarks,
        "补记：来访人另有一位同行"
    );
    let history = store.corrections("reception", &id).unwrap();
    assert_eq!(
        history.iter().map(|c| c.amendment).collect::<Vec<_>>(),
        vec![false, true]
    );
}

#[test]
fn an_amendment_on_screen_asks_for_the_reason_and_shows_in_the_history() {
    let mut fx = station();
    let short = ValidReception {
        content: "路灯".into(),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &short, now());
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    fx.store
        .sign_off_day(&secretary, now().date(), now())
        .unwrap();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('4'));
    assert!(h.frame().contains("反映内容过"), "{}", h.frame());
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("本日已签发：更正将作为补正记录"), "{frame}");
    // The content field opens with the old words to edit.
    h.typed("坏了三盏");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("原因：必须填写"), "{frame}");
    h.typed("按来访人原话补全");
    h.ctrl('s');
    let frame = h.frame();
    assert!(frame.contains("已补正"), "{frame}");
    let store = store_of(&h);
    assert_eq!(
        store.reception(&saved.reception_id).unwrap().content,
        "路灯坏了三盏"
    );
    // Back on the correction screen, the history shows old and new.
    h.key(KeyCode::Right).key(KeyCode::Left);
    let frame = h.frame();
    assert!(frame.contains("未发现缺漏"), "{frame}");
    let history = store.corrections("reception", &saved.reception_id).unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0].amendment);
}

#[test]
fn the_correction_screen_lists_the_history_with_masked_phones() {
    let mut fx = station();
    let saved = save(&mut fx, &reception(Route::OnSpot), now());
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    let change = liaison_desk::store::CorrectionRequest {
        reception_id: saved.reception_id.clone(),
        field: liaison_desk::domain::fields::Field::Phone,
        value: "13900001111".into(),
        reason: "记错".into(),
    };
    fx.store
        .correct_reception(&secretary, &change, now())
        .unwrap();
    let no_address = ValidReception {
        address: String::new(),
        ..reception(Route::OnSpot)
    };
    save(&mut fx, &no_address, now());
    let mut h = Harness::signed_in(fx, 160, 48, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('4')).key(KeyCode::Char('e'));
    h.typed("001").key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("correction_history_160x48", frame);
    assert!(
        frame.contains("“138****1234” → “139****1111” 记错"),
        "{frame}"
    );
    assert!(
        !frame.contains("13900001111") && !frame.contains("13812341234"),
        "{frame}"
    );
}

#[test]
fn an_id_number_is_corrected_where_the_station_records_them_and_shown_masked() {
    let mut fx = station();
    let mut settings = fx.store.settings().unwrap();
    settings.collect_id_number = true;
    fx.store.save_settings(&settings, "秘书", now()).unwrap();
    let r = ValidReception {
        id_number: Some("11010519491231002X".into()),
        ..reception(Route::OnSpot)
    };
    let saved = save(&mut fx, &r, now());
    let mut h = Harness::signed_in(fx, 160, 48, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('4')).key(KeyCode::Char('e'));
    h.typed("001").key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("联系电话：138****1234") && frame.contains("身份证号：1101**********002X"),
        "listed after the phone, masked: {frame}"
    );
    // To the ID number (name, phone, ID number), a wrong one first.
    h.key(KeyCode::BackTab)
        .key(KeyCode::Down)
        .key(KeyCode::Down)
        .key(KeyCode::Tab);
    h.typed("440304199001011234")
        .key(KeyCode::Tab)
        .typed("记错")
        .key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("身份证号：校验位不符"), "{frame}");
    // Back in the new value, which stays as typed.
    assert!(frame.contains("440304199001011234"), "{frame}");
    h.key(KeyCode::Backspace).typed("3");
    h.key(KeyCode::Tab).key(KeyCode::Enter);
    let store = store_of(&h);
    let rec = store.reception(&saved.reception_id).unwrap();
    assert_eq!(rec.id_number.as_deref(), Some("440304199001011233"));
    let entry = &store.audit_entries(1).unwrap()[0];
    let logged = format!("{:?} {:?}", entry.before, entry.after);
    assert!(
        logged.contains("1101**********002X") && logged.contains("4403**********1233"),
        "{logged}"
    );
    assert!(!logged.contains("11010519491231002X") && !logged.contains("440304199001011233"));
    h.key(KeyCode::Char('e')).typed("001").key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("身份证号 “1101**********002X” → “4403**********1233” 记错"),
        "{frame}"
    );
    assert!(
        !frame.contains("19491231") && !frame.contains("19900101"),
        "{frame}"
    );
}

#[test]
fn a_deputy_sees_the_checklist_but_cannot_sign_off() {
    let (mut h, _) = at_closing(Role::Deputy, 80, 24);
    let frame = h.frame();
    assert!(!frame.contains("F10"), "{frame}");
    h.key(KeyCode::F(10));
    let frame = h.frame();
    assert!(frame.contains("您的角色不能进行这项操作"), "{frame}");
    assert!(store_of(&h).signed_day(now().date()).unwrap().is_none());
}

#[test]
fn signing_off_with_items_left_asks_first_and_only_an_administrator_reopens() {
    let (mut h, _) = at_closing(Role::Admin, 160, 48);
    h.key(KeyCode::F(10));
    let frame = h.frame();
    assert!(frame.contains("还有 1 项未处理"), "{frame}");
    h.key(KeyCode::Char('n'));
    assert!(store_of(&h).signed_day(now().date()).unwrap().is_none());
    h.key(KeyCode::F(10)).key(KeyCode::Char('y'));
    assert!(store_of(&h).signed_day(now().date()).unwrap().is_some());
    // (Any key clears the message, which names a temporary folder.)
    h.key(KeyCode::Down);
    // The anchor holds record ids, new on every run: shown, then masked.
    let anchor = store_of(&h)
        .day_anchor(now().date())
        .unwrap()
        .unwrap()
        .code();
    let frame = h.frame();
    assert!(frame.contains(&format!("审计锚码：{anchor}")), "{frame}");
    let frame = frame.replace(&anchor, &"#".repeat(anchor.len()));
    insta::assert_snapshot!("closing_signed_160x48", frame);
    h.key(KeyCode::Char('r'));
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("原因：必须填写"), "{frame}");
    h.typed("漏登一位来访人").key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("已重新开放"), "{frame}");
    assert!(store_of(&h).signed_day(now().date()).unwrap().is_none());
}

#[test]
fn the_administrator_adds_a_user_who_can_then_sign_in() {
    let mut h = Harness::signed_in(station(), 80, 24, Lang::Zh, Role::Admin);
    h.key(KeyCode::Char('u'));
    assert!(h.frame().contains("用户管理"));
    h.key(KeyCode::Char('a'));
    h.typed("孙秘书")
        .key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Tab)
        .typed("5555")
        .key(KeyCode::Tab)
        .typed("5556")
        .key(KeyCode::Enter);
    let frame = h.frame();
    insta::assert_snapshot!("users_form_errors_80x24", frame);
    assert!(frame.contains("两次输入的密码不一致"), "{frame}");
    h.key(KeyCode::Backspace).typed("5").key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("用户已保存") && frame.contains("孙秘书"),
        "{frame}"
    );
    let users = store_of(&h).users().unwrap();
    let sun = users.iter().find(|u| u.name == "孙秘书").unwrap();
    assert_eq!(sun.role, Role::Secretary);
    let mut store = store_of(&h);
    assert!(store.sign_in_user(&sun.id, "5555", now()).is_ok());
}

#[test]
fn the_checklist_does_not_sign_a_deputy_out_of_a_signed_off_day() {
    let mut fx = station();
    let deputy = fx.deputies[1].clone();
    fx.store.sign_in(&deputy, now()).unwrap();
    let secretary = common::actor(&mut fx.store, Role::Secretary);
    fx.store
        .sign_off_day(&secretary, now().date(), now())
        .unwrap();
    let mut h = Harness::signed_in(fx, 120, 30, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('4'));
    let frame = h.frame();
    assert!(frame.contains("李秀英"), "{frame}");
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(
        frame.contains("已签发，当日的值班签到、签退记录已锁定"),
        "{frame}"
    );
    assert_eq!(store_of(&h).on_duty(now().date()).unwrap().len(), 1);
}

#[test]
fn a_study_session_without_attendance_is_listed_and_enter_opens_its_form() {
    let mut fx = station();
    let empty = liaison_desk::store::NewStudySession {
        date: Some(now().date()),
        topic: "学习预算法".into(),
        form: "集中学习".into(),
        hours: 2.0,
        ..Default::default()
    };
    fx.store.add_study_session(&empty, "林秘书", now()).unwrap();
    let mut h = Harness::signed_in(fx, 80, 24, Lang::Zh, Role::Secretary);
    h.key(KeyCode::Char('4'));
    let frame = h.frame();
    assert!(frame.contains("学习培训“学习预算法”未登记出席"), "{frame}");
    h.key(KeyCode::Enter);
    let frame = h.frame();
    assert!(frame.contains("修改学习培训记录"), "{frame}");
    assert!(frame.contains("学习预算法"), "{frame}");
}
