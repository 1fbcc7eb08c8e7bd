//! Report figures against a careful hand count: group visits, a re-handled
//! case, late and missing replies, and cases and events on both sides of
//! the period's boundaries.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{Fixture, reception, station};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case::{Grade, Satisfaction};
use liaison_desk::domain::choices::{Channel, NotAcceptedReason, Route};
use liaison_desk::domain::ids::CaseId;
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::domain::stats::{Period, PeriodKind};
use liaison_desk::store::{CaseUpdate, NewActivity, NewStudySession, SaveContext};

fn at(date: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

fn d(date: &str) -> NaiveDate {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap()
}

fn receive(fx: &mut Fixture, date: &str, r: ValidReception) -> CaseId {
    let deputies = vec![fx.deputies[0].clone()];
    fx.store.sign_in(&deputies[0], at(date)).unwrap();
    let cx = SaveContext {
        deputy_ids: &deputies,
        recorder: "王建国",
        now: at(date),
        calendar: &Calendar::weekends_only(),
        draft_id: None,
    };
    fx.store.save_reception(&r, &cx).unwrap().case_id
}

fn act(fx: &mut Fixture, case: &CaseId, date: &str, update: CaseUpdate) {
    common::act(fx, case, &update, at(date));
}

fn referred(route: Route, department: &str) -> ValidReception {
    let mut r = reception(route);
    if route.needs_department() {
        r.department_id = Some(department.into());
        r.deadline_days = Some(15);
    }
    r
}

/// The fixture: November 2026, with cases before and after it.
fn november() -> Fixture {
    let mut fx = station();
    let dept = fx.departments[0].clone();
    let reply = |grade, date: &str| CaseUpdate::Reply {
        grade,
        text: "已办理".into(),
        date: d(date),
    };
    let feedback = |date: &str| CaseUpdate::FeedBack {
        date: d(date),
        way: "phone".into(),
    };
    let callback = |satisfaction| CaseUpdate::CallBack { satisfaction };

    // Before the period: not counted, whatever happens to them in it.
    receive(&mut fx, "2026-10-31", reception(Route::OnSpot));
    let october = receive(&mut fx, "2026-10-20", referred(Route::Assign, &dept));
    act(
        &mut fx,
        &october,
        "2026-11-05",
        reply(Grade::A, "2026-11-05"),
    );

    // 1. A group of five answered on the spot.
    let mut group = reception(Route::OnSpot);
    group.group_size = 5;
    group.category = "教育".into();
    receive(&mut fx, "2026-11-02", group);
    // 2. Referred by phone, replied A on time, fed back, called back satisfied.
    let mut by_phone = referred(Route::Assign, &dept);
    by_phone.channel = Channel::Phone;
    let c2 = receive(&mut fx, "2026-11-03", by_phone);
    act(&mut fx, &c2, "2026-11-10", reply(Grade::A, "2026-11-10"));
    act(&mut fx, &c2, "2026-11-11", feedback("2026-11-11"));
    act(
        &mut fx,
        &c2,
        "2026-11-12",
        callback(Satisfaction::Satisfied),
    );
    // 3. Transferred, deadline 2026-11-25, replied B late on 11-27.
    let c3 = receive(&mut fx, "2026-11-04", referred(Route::Transfer, &dept));
    act(&mut fx, &c3, "2026-11-27", reply(Grade::B, "2026-11-27"));
    // 4. A formal deputy suggestion, no reply yet (deadline in February).
    receive(&mut fx, "2026-11-05", referred(Route::Suggestion, &dept));
    // 5. Not accepted.
    let mut not_accepted = reception(Route::NotAccepted);
    not_accepted.category = "其他".into();
    not_accepted.not_accepted_reason = Some(NotAcceptedReason::Petition);
    not_accepted.guidance = "请到区信访办反映。".into();
    receive(&mut fx, "2026-11-06", not_accepted);
    // 6. Re-handled: A, fed back, dissatisfied; then C, fed back, basically satisfied.
    let c6 = receive(&mut fx, "2026-11-09", referred(Route::Assign, &dept));
    act(&mut fx, &c6, "2026-11-10", reply(Grade::A, "2026-11-10"));
    act(&mut fx, &c6, "2026-11-10", feedback("2026-11-10"));
    act(
        &mut fx,
        &c6,
        "2026-11-11",
        callback(Satisfaction::Dissatisfied),
    );
    act(&mut fx, &c6, "2026-11-20", reply(Grade::C, "2026-11-20"));
    act(&mut fx, &c6, "2026-11-20", feedback("2026-11-20"));
    act(
        &mut fx,
        &c6,
        "2026-11-23",
        callback(Satisfaction::BasicallySatisfied),
    );
    // 7. Referred 11-10, deadline 12-01: not overdue at the end of November.
    receive(&mut fx, "2026-11-10", referred(Route::Assign, &dept));
    // 8. Referred 11-28, replied A on 12-02: after the period, so not counted as replied.
    let c8 = receive(&mut fx, "2026-11-28", referred(Route::Assign, &dept));
    act(&mut fx, &c8, "2026-12-02", reply(Grade::A, "2026-12-02"));
    // 9. Referred 11-02 with 5 working days (deadline 11-09), never replied: overdue.
    let mut short = referred(Route::Assign, &dept);
    short.deadline_days = Some(5);
    receive(&mut fx, "2026-11-02", short);

    // A second deputy: one duty day, an activity, on leave from study.
    let second = fx.deputies[1].clone();
    fx.store.sign_in(&second, at("2026-11-02")).unwrap();
    let both = vec![fx.deputies[0].to_string(), second.to_string()];
    let activity = NewActivity {
        date: Some(d("2026-11-15")),
        kind: "视察".into(),
        topic: "公交线路".into(),
        participants: both,
        ..Default::default()
    };
    fx.store
        .add_activity(&activity, "秘书", at("2026-11-15"))
        .unwrap();
    let study = NewStudySession {
        date: Some(d("2026-11-20")),
        topic: "代表法".into(),
        form: "集中学习".into(),
        hours: 2.0,
        attendance: vec![
            (fx.deputies[0].to_string(), true, String::new()),
            (second.to_string(), false, "因公请假".into()),
        ],
        ..Default::default()
    };
    fx.store
        .add_study_session(&study, "秘书", at("2026-11-20"))
        .unwrap();
    fx
}

#[test]
fn november_by_hand() {
    let fx = november();
    let period = Period::containing(PeriodKind::Month, d("2026-11-15"));
    let c = fx
        .store
        .report_counts(period, period.as_of(d("2026-12-05")))
        .unwrap();
    assert_eq!(c.batches, 9, "nine visits in November");
    assert_eq!(c.persons, 13, "the group counts five persons");
    assert_eq!(c.items, 9);
    assert_eq!(c.on_the_spot, 1);
    assert_eq!(c.referred, 7);
    assert_eq!(c.not_accepted, 1);
    assert_eq!(c.replied, 3, "2, 3 and 6; 8 replied only in December");
    assert_eq!(c.replied_on_time, 2, "3 replied after its deadline");
    assert_eq!(c.closed, 4, "1, 2, 5 and 6");
    assert_eq!(c.grades, [1, 1, 1, 0], "6 counts with its latest grade, C");
    assert_eq!(c.solved(), 2, "one on the spot and one graded A");
    assert_eq!(c.overdue, 2, "3 (late) and 9 (never replied)");
    assert_eq!(c.called_back, 2);
    assert_eq!(c.satisfied, 2);
    assert_eq!(c.rehandled, 1);
    assert_eq!(c.resolution_rate(), Some(2.0 / 8.0));
    assert_eq!(c.on_time_rate(), Some(2.0 / 3.0));
    assert_eq!(c.reply_rate(), Some(3.0 / 7.0));
    assert_eq!(c.callback_rate(), Some(2.0 / 3.0));
    assert_eq!(c.satisfaction_rate(), Some(1.0));

    let category = |name: &str| {
        c.by_category
            .iter()
            .find(|g| g.name == name)
            .map(|g| (g.batches, g.persons))
    };
    assert_eq!(category("交通出行"), Some((7, 7)));
    assert_eq!(category("教育"), Some((1, 5)));
    assert_eq!(category("其他"), Some((1, 1)));
    let channel = |code: &str| {
        c.by_channel
            .iter()
            .find(|g| g.name == code)
            .map(|g| (g.batches, g.persons))
    };
    assert_eq!(channel("in_station"), Some((8, 12)));
    assert_eq!(channel("phone"), Some((1, 1)));

    let deputy = |name: &str| {
        c.by_deputy
            .iter()
            .find(|x| x.name == name)
            .cloned()
            .unwrap()
    };
    let first = deputy("王建国");
    assert_eq!(
        (
            first.duty_days,
            first.batches,
            first.persons,
            first.activities,
            first.study_sessions
        ),
        (8, 9, 13, 1, 1),
        "on duty on the 2nd (twice), 3rd, 4th, 5th, 6th, 9th, 10th and 28th: eight days"
    );
    let second = deputy("李秀英");
    assert_eq!(
        (
            second.duty_days,
            second.batches,
            second.activities,
            second.study_sessions
        ),
        (1, 0, 1, 0)
    );

    let mut monthly = [0i64; 12];
    monthly[9] = 2;
    monthly[10] = 9;
    assert_eq!(c.monthly, monthly);
}

#[test]
fn a_period_still_running_counts_outcomes_up_to_today() {
    let fx = november();
    let period = Period::containing(PeriodKind::Month, d("2026-11-15"));
    // Seen on 20 November: case 3 not yet replied, case 6 not yet closed.
    let c = fx
        .store
        .report_counts(period, period.as_of(d("2026-11-20")))
        .unwrap();
    assert_eq!(c.replied, 2, "2 and 6");
    assert_eq!(c.closed, 3, "1, 2 and 5");
    assert_eq!(c.overdue, 1, "only 9 had passed its deadline by the 20th");
}

fn run_report(fx: &Fixture, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .args(["--db", fx.db_path().to_str().unwrap(), "report"])
        .args(args)
        .env("HOME", fx.dir.path())
        .env("XDG_CONFIG_HOME", fx.dir.path().join("config"))
        .env("LIAISON_DESK_NOW", "2026-12-05 09:00:00")
        .output()
        .unwrap()
}

#[test]
fn the_report_command_gives_the_same_figures_in_json_text_and_csv() {
    let fx = november();
    let o = run_report(
        &fx,
        &[
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "json",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    for key in [
        "from",
        "to",
        "batches",
        "persons",
        "items",
        "on_the_spot",
        "referred",
        "not_accepted",
        "replied",
        "closed",
        "solved",
        "overdue",
        "resolution_rate",
        "on_time_rate",
        "satisfaction_rate",
        "by_category",
        "by_channel",
        "by_deputy",
    ] {
        assert!(v.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(v["from"], "2026-11-01");
    assert_eq!(v["batches"], 9);
    assert_eq!(v["persons"], 13);
    assert_eq!(v["solved"], 2);
    assert_eq!(v["overdue"], 2);
    assert_eq!(v["resolution_rate"], 0.25);
    assert_eq!(v["satisfaction_rate"], 1.0);
    assert_eq!(v["by_channel"][0]["code"], "in_station");
    assert_eq!(v["by_channel"][0]["name"], "进站接待");

    let o = run_report(&fx, &["--from", "2026-11-01", "--to", "2026-11-30"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("接待群众9批13人次，现场答复1件，交办转办7件，已解决2件。"),
        "{text}"
    );
    assert!(text.contains("解决率：25.0%"), "{text}");

    let o = run_report(
        &fx,
        &[
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
            "--format",
            "csv",
        ],
    );
    let csv = String::from_utf8(o.stdout).unwrap();
    assert!(csv.starts_with('\u{feff}'), "a BOM for Excel");
    assert!(csv.contains("total,接待批次,9"), "{csv}");
    assert!(csv.contains("by_category,交通出行,7,7,7"), "{csv}");

    let o = run_report(&fx, &["--from", "2026-11-31", "--to", "2026-11-30"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("日期：应为日期"));
    let o = run_report(&fx, &["--from", "2026-12-01", "--to", "2026-11-30"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("截止日期不能早于起始日期"));
}

#[test]
fn the_year_and_a_month_agree_on_the_trend_and_the_totals() {
    let fx = november();
    let year = Period::containing(PeriodKind::Year, d("2026-11-15"));
    let month = Period::containing(PeriodKind::Month, d("2026-11-15"));
    let y = fx.store.report_counts(year, d("2026-12-05")).unwrap();
    let m = fx.store.report_counts(month, d("2026-12-05")).unwrap();
    assert_eq!(y.monthly, m.monthly);
    assert_eq!(y.batches, 11, "two in October and nine in November");
    assert_eq!(y.monthly.iter().sum::<i64>(), y.batches);
    let sum = |list: &[liaison_desk::domain::stats::GroupCounts]| {
        list.iter().map(|g| g.batches).sum::<i64>()
    };
    assert_eq!(sum(&y.by_category), y.batches);
    assert_eq!(sum(&y.by_channel), y.batches);
    // The October referral replied in November counts in the year, not in November.
    assert_eq!(y.replied, m.replied + 1);
}

#[test]
fn a_letter_is_counted_by_its_channel_and_answered_by_letter() {
    use liaison_desk::domain::registers::preset;
    use liaison_desk::i18n::{Lang, strings};
    use liaison_desk::service::registers::RegisterRows;
    let mut fx = station();
    let dept = fx.departments[0].clone();
    let mut letter = referred(Route::Assign, &dept);
    letter.channel = Channel::Letter;
    let case = receive(&mut fx, "2026-11-03", letter);
    let reply = CaseUpdate::Reply {
        grade: Grade::A,
        text: "已按来信所提维修路灯".into(),
        date: d("2026-11-09"),
    };
    act(&mut fx, &case, "2026-11-09", reply);
    let by_letter = CaseUpdate::FeedBack {
        date: d("2026-11-10"),
        way: "letter".into(),
    };
    act(&mut fx, &case, "2026-11-10", by_letter);
    let month = Period::containing(PeriodKind::Month, d("2026-11-10"));
    let c = fx.store.report_counts(month, d("2026-11-10")).unwrap();
    let letters = c.by_channel.iter().find(|g| g.name == "letter").unwrap();
    assert_eq!((letters.batches, letters.items), (1, 1));
    let t = strings(Lang::Zh);
    let five = preset("five").unwrap();
    let column = |def: &liaison_desk::domain::registers::RegisterDef, key: &str| {
        def.columns.iter().position(|c| c.key == key).unwrap()
    };
    let reception = &five.registers[0];
    let rows = RegisterRows::load(&fx.store, reception, month).unwrap();
    assert_eq!(
        rows.cells(&fx.store, 0, t).unwrap()[column(reception, "channel")],
        "来信"
    );
    let handling = &five.registers[1];
    let rows = RegisterRows::load(&fx.store, handling, month).unwrap();
    let cells = rows.cells(&fx.store, 0, t).unwrap();
    assert_eq!(cells[column(handling, "feedback")], "2026-11-10 信函");
    // The report's JSON names it.
    let json = liaison_desk::service::report::to_json(&c, month, t);
    let named = json["by_channel"].as_array().unwrap();
    assert!(
        named
            .iter()
            .any(|g| g["code"] == "letter" && g["name"] == "来信")
    );
    // A letter received before the day it is registered keeps that day.
    let mut earlier = referred(Route::Assign, &dept);
    earlier.channel = Channel::Letter;
    earlier.letter_received = Some(d("2026-11-06"));
    receive(&mut fx, "2026-11-09", earlier);
    let rows = RegisterRows::load(&fx.store, reception, month).unwrap();
    assert_eq!(
        rows.cells(&fx.store, 1, t).unwrap()[column(reception, "channel")],
        "来信（2026-11-06 收到）"
    );
    assert_eq!(fx.store.count_rows("reception_letters").unwrap(), 1);
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}
