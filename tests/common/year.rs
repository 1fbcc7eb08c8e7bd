//! A year of register entries counted by hand, shared by the register
//! store tests and the register screens.

use super::{Fixture, now, reception, referral, station};
use chrono::{NaiveDate, NaiveDateTime};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::register_forms::{NewActivity, NewStudySession};
use liaison_desk::store::SaveContext;

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn at(s: &str, hour: u32) -> NaiveDateTime {
    d(s).and_hms_opt(hour, 0, 0).unwrap()
}

/// Saves a reception received by the given deputies.
pub fn received(fx: &mut Fixture, who: &[usize], group: i64, route: Route, when: NaiveDateTime) {
    let ids: Vec<_> = who.iter().map(|&i| fx.deputies[i].clone()).collect();
    let mut r = if route.needs_department() {
        referral(fx, 0)
    } else {
        reception(route)
    };
    r.route = route;
    r.group_size = group;
    fx.store
        .save_reception(
            &r,
            &SaveContext {
                deputy_ids: &ids,
                recorder: "王建国",
                now: when,
                calendar: &Calendar::weekends_only(),
                draft_id: None,
            },
        )
        .unwrap();
}

pub fn activity(fx: &mut Fixture, date: &str, kind: &str, who: &[usize]) -> String {
    let participants = who.iter().map(|&i| fx.deputies[i].to_string()).collect();
    fx.store
        .add_activity(
            &NewActivity {
                date: Some(d(date)),
                kind: kind.into(),
                topic: format!("{kind}活动"),
                participants,
                ..Default::default()
            },
            "秘书",
            now(),
        )
        .unwrap()
}

pub fn study(fx: &mut Fixture, date: &str, hours: f64, marks: &[(usize, bool)]) -> String {
    let attendance = marks
        .iter()
        .map(|&(i, present)| {
            let reason = if present { "" } else { "因公出差" };
            (fx.deputies[i].to_string(), present, reason.to_string())
        })
        .collect();
    fx.store
        .add_study_session(
            &NewStudySession {
                date: Some(d(date)),
                topic: "学习代表法".into(),
                form: "集中学习".into(),
                hours,
                attendance,
                ..Default::default()
            },
            "秘书",
            now(),
        )
        .unwrap()
}

/// A year counted by hand. Deputies: 0 王建国, 1 李秀英, 2 张伟.
///
/// 王建国: on duty 3 March and 10 November (signed in twice that day: one
/// day) → 2 duty days; received a group of 5 answered on the spot, a
/// referral (交办) and a formal suggestion, all with 李秀英, plus a
/// visit alone that was not accepted → 4 visits, 5+1+1+1 = 8 persons,
/// 2 cases referred of which 1 suggestion; 视察 twice and 向选民述职 once
/// → 3 activities, 1 report; study: present at 2 h and 1.5 h → 2, 3.5 h.
/// 李秀英: 3 visits, 7 persons, 2 referred, 1 suggestion; on duty only on
/// 31 December 2025 (another year) → 0 days; one 视察; study present once
/// (2 h), on leave once → 1, 1, 2 h.
/// 张伟: nothing in 2026 but an activity in 2025 → all zero.
pub fn counted_year() -> Fixture {
    let mut fx = station();
    let (w, l, z) = (0, 1, 2);
    fx.store
        .sign_in(&fx.deputies[w].clone(), at("2026-03-02", 9))
        .unwrap();
    fx.store
        .sign_in(&fx.deputies[w].clone(), at("2026-11-10", 9))
        .unwrap();
    fx.store
        .sign_out(&fx.deputies[w].clone(), at("2026-11-10", 12))
        .unwrap();
    fx.store
        .sign_in(&fx.deputies[w].clone(), at("2026-11-10", 14))
        .unwrap();
    fx.store
        .sign_in(&fx.deputies[l].clone(), at("2025-12-31", 9))
        .unwrap();
    received(&mut fx, &[w, l], 5, Route::OnSpot, at("2026-03-02", 10));
    received(&mut fx, &[w, l], 1, Route::Assign, at("2026-03-02", 11));
    received(&mut fx, &[w, l], 1, Route::Suggestion, at("2026-11-10", 10));
    received(&mut fx, &[w], 1, Route::NotAccepted, at("2026-11-10", 11));
    received(&mut fx, &[z], 3, Route::OnSpot, at("2025-12-30", 10));
    activity(&mut fx, "2026-04-01", "视察", &[w, l]);
    activity(&mut fx, "2026-06-01", "视察", &[w]);
    activity(&mut fx, "2026-07-01", "向选民述职", &[w]);
    activity(&mut fx, "2025-07-01", "座谈", &[z]);
    study(&mut fx, "2026-05-01", 2.0, &[(w, true), (l, true)]);
    study(&mut fx, "2026-09-01", 1.5, &[(w, true), (l, false)]);
    fx
}
