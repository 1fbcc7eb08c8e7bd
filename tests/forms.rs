//! Every form's rules, fed anything a keyboard, a paste or an input method
//! can produce: no panic, and every refusal names a field of that form in
//! a Chinese sentence.

use chrono::NaiveDate;
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case_forms::{ActionContext, ActionForm, ActionKind};
use liaison_desk::domain::closing::{validate_correction, validate_reason};
use liaison_desk::domain::fields::{Field, FieldError};
use liaison_desk::domain::id_number::validate_id_number;
use liaison_desk::domain::reception::{ReceptionDraft, ReceptionRules};
use liaison_desk::domain::register_forms::{
    ActivityForm, Attendance, AttendanceLine, NewDeputy, StudyForm, parse_hours, parse_month,
};
use liaison_desk::domain::roles::{validate_new_pin, validate_pin};
use liaison_desk::domain::settings::SettingsForm;
use liaison_desk::i18n::{Lang, strings};
use proptest::prelude::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()
}

/// Anything at all: Chinese, emoji, controls, NUL, right-to-left marks,
/// combining accents, long runs.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::string::string_regex("(?s).{0,120}").unwrap(),
        proptest::string::string_regex("[0-9０-９xXｘＸ\\- ]{0,24}").unwrap(),
        proptest::string::string_regex("[路灯坏了赵大妈\u{0}\u{7}\r\n\t\u{202e}\u{301}😀 ]{0,300}")
            .unwrap(),
    ]
}

/// Each refusal names a field the form has, and says so in Chinese.
fn named(errors: &[FieldError], fields: &[Field]) {
    let t = strings(Lang::Zh);
    assert!(!errors.is_empty());
    for e in errors {
        assert!(
            fields.contains(&e.field),
            "{:?} is not on the form",
            e.field
        );
        let message = t.field_error(e);
        assert!(
            message.starts_with(t.field(e.field)) && message.chars().count() > 3,
            "{message}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_reception_form(
        name in typed(), phone in typed(), id in typed(), address in typed(),
        size in typed(), content in typed(), reply in typed(), remarks in typed(),
        days in typed(), guidance in typed(),
    ) {
        let draft = ReceptionDraft {
            visitor_name: name,
            phone,
            id_number: id,
            address,
            group_size: size,
            category: "交通出行".into(),
            content,
            on_spot_reply: reply,
            remarks,
            deadline_days: days,
            guidance,
            route: Some(liaison_desk::domain::choices::Route::OnSpot),
            ..Default::default()
        };
        let categories = vec!["交通出行".to_string()];
        let rules = ReceptionRules { categories: &categories, collect_id_number: true, today: today() };
        match draft.validate(&rules) {
            Ok(v) => {
                prop_assert!(!v.content.contains('\0') && !v.content.trim().is_empty());
                prop_assert!(v.group_size >= 1);
            }
            Err(errors) => named(&errors, &[
                Field::VisitorName, Field::Phone, Field::IdNumber, Field::Address,
                Field::GroupSize, Field::Content, Field::OnSpotReply, Field::Remarks,
                Field::DeadlineDays, Field::Guidance, Field::Category, Field::Route,
                Field::Department, Field::NotAcceptedReason,
            ]),
        }
    }

    #[test]
    fn every_case_action_form(
        days in typed(), note in typed(), reason in typed(), date in typed(),
        text in typed(), archive in typed(),
    ) {
        let calendar = Calendar::weekends_only();
        let current = "d1".into();
        let cx = ActionContext {
            today: today(),
            calendar: &calendar,
            current_deadline: Some(today()),
            current_department: Some(&current),
        };
        for kind in [
            ActionKind::Refer, ActionKind::Supervise, ActionKind::Extend, ActionKind::Reassign,
            ActionKind::Reply, ActionKind::FeedBack, ActionKind::CallBack, ActionKind::Close,
            ActionKind::Archive,
        ] {
            let form = ActionForm {
                department_id: Some("d2".into()),
                deadline_days: days.clone(),
                note: note.clone(),
                reason: reason.clone(),
                new_deadline: date.clone(),
                reply_date: date.clone(),
                reply_text: text.clone(),
                feedback_date: date.clone(),
                archive_no: archive.clone(),
                ..ActionForm::new(kind, today(), 15)
            };
            if let Err(errors) = form.validate(&cx) {
                named(&errors, kind.fields());
            }
        }
    }

    #[test]
    fn corrections_reasons_and_pins(value in typed(), other in typed()) {
        let categories = vec!["交通出行".to_string()];
        let rules = ReceptionRules { categories: &categories, collect_id_number: true, today: today() };
        for field in [
            Field::IdNumber, Field::VisitorName, Field::Phone, Field::Address, Field::GroupSize,
            Field::Category, Field::Content, Field::OnSpotReply, Field::Place, Field::Remarks,
        ] {
            if let Err(e) = validate_correction(field, &value, &rules) {
                named(&[e], &[field]);
            }
        }
        if let Err(e) = validate_reason(&value) {
            named(&[e], &[Field::Reason]);
        }
        match validate_pin(Field::Pin, &value) {
            Ok(pin) => prop_assert!((4..=8).contains(&pin.len())),
            Err(e) => named(&[e], &[Field::Pin]),
        }
        if let Err(e) = validate_new_pin(&value, &other) {
            named(&[e], &[Field::Pin, Field::PinAgain]);
        }
        if let Ok(id) = validate_id_number(&value, today()) {
            prop_assert_eq!(id.len(), 18);
        }
        let _ = parse_month(&value);
        if let Ok(h) = parse_hours(&value) {
            prop_assert!((0.5..=24.0).contains(&h));
        }
    }

    #[test]
    fn the_register_and_settings_forms(
        a in typed(), b in typed(), c in typed(), d in typed(), e in typed(),
    ) {
        let deputy = NewDeputy {
            name: a.clone(), ethnicity: b.clone(), birth_month: c.clone(), phone: d.clone(),
            unit_post: e.clone(), constituency: b.clone(), group_name: c.clone(), term: d.clone(),
            ..Default::default()
        };
        if let Err(errors) = deputy.validate() {
            named(&errors, &[
                Field::DeputyName, Field::Ethnicity, Field::BirthMonth, Field::Phone,
                Field::UnitPost, Field::Constituency, Field::GroupName, Field::Term,
                Field::Gender, Field::Political, Field::Level,
            ]);
        }
        let activity = ActivityForm {
            date: a.clone(), kind: "视察".into(), topic: b.clone(), place: c.clone(),
            organiser: d.clone(), participants: vec![], outcome: e.clone(),
            ..Default::default()
        };
        if let Err(errors) = activity.validate(today()) {
            named(&errors, &[
                Field::Date, Field::ActivityKind, Field::Topic, Field::Venue, Field::Place,
                Field::Organiser, Field::Participants, Field::Outcome,
            ]);
        }
        let meeting = ActivityForm {
            date: a.clone(), kind: "约见".into(), topic: b.clone(),
            participants: vec!["d1".into()],
            meeting: liaison_desk::domain::register_forms::Meeting {
                person: a.clone(), office: b.clone(), topics: c.clone(), answers: d.clone(),
                follow_up: e.clone(),
            },
            ..Default::default()
        };
        if let Err(errors) = meeting.validate(today()) {
            named(&errors, &[
                Field::Date, Field::Topic, Field::MetPerson, Field::MetOffice,
                Field::MeetingTopics, Field::MeetingAnswers, Field::MeetingFollowUp,
            ]);
        }
        let study = StudyForm {
            date: a.clone(), topic: b.clone(), form: "集中学习".into(), speaker: c.clone(),
            hours: d.clone(),
            attendance: vec![AttendanceLine {
                deputy_id: "d1".into(), deputy_name: "王建国".into(),
                state: Attendance::OnLeave, reason: e.clone(),
            }],
        };
        if let Err(errors) = study.validate(today()) {
            named(&errors, &[
                Field::Date, Field::Topic, Field::StudyForm, Field::Speaker, Field::Hours,
                Field::Attendance,
            ]);
        }
        let settings = SettingsForm {
            place: a.clone(), reply_days: b.clone(), near_deadline_days: c.clone(),
            print_command: d.clone(), categories: e.clone(), calendar: a.clone(),
            targets: [b.clone(), c.clone(), d.clone(), e.clone(), a.clone()],
            retention_months: a, shortlist_ratio: b,
        };
        if let Err(errors) = settings.validate() {
            named(&errors, &[
                Field::Place, Field::ReplyDays, Field::NearDeadlineDays, Field::PrintCommand,
                Field::Categories, Field::Calendar, Field::TargetDutyDays, Field::TargetVisits,
                Field::TargetActivities, Field::TargetStudy, Field::TargetHouseholds,
                Field::RetentionMonths,
                Field::ShortlistRatio,
            ]);
        }
    }
}
