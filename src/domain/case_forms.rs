//! The small forms for acting on a case: what each action asks for, and
//! how what was typed becomes a `CaseUpdate` (or the problems with it).

use super::calendar::Calendar;
use super::case::{CaseAction, CaseUpdate, Grade, Satisfaction};
use super::choices::{FeedbackWay, SupervisionLevel};
use super::fields::{Field, FieldError, Problem};
use super::ids::DepartmentId;
use super::reception::DEADLINE_DAYS_MAX;
use super::validate::{FieldErrors, parse_count, parse_date};
use chrono::NaiveDate;

/// The actions a person can start from a case, without their parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    Refer,
    Supervise,
    Extend,
    Reassign,
    Reply,
    FeedBack,
    CallBack,
    Close,
    Archive,
}

impl ActionKind {
    pub const ALL: [ActionKind; 9] = [
        ActionKind::Refer,
        ActionKind::Supervise,
        ActionKind::Extend,
        ActionKind::Reassign,
        ActionKind::Reply,
        ActionKind::FeedBack,
        ActionKind::CallBack,
        ActionKind::Close,
        ActionKind::Archive,
    ];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The kind behind a domain action (on-the-spot and not-accepted
    /// happen only at intake, so they have no form here).
    pub fn of(action: CaseAction) -> Option<ActionKind> {
        Some(match action {
            CaseAction::Refer => ActionKind::Refer,
            CaseAction::Supervise => ActionKind::Supervise,
            CaseAction::Extend => ActionKind::Extend,
            CaseAction::ReturnAndReassign => ActionKind::Reassign,
            CaseAction::RecordReply(_) => ActionKind::Reply,
            CaseAction::FeedBack => ActionKind::FeedBack,
            CaseAction::CallBack(_) => ActionKind::CallBack,
            CaseAction::Close => ActionKind::Close,
            CaseAction::Archive => ActionKind::Archive,
            CaseAction::AnswerOnSpot | CaseAction::NotAccept | CaseAction::MakeSuggestion => {
                return None;
            }
        })
    }

    /// The fields the form shows, in order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            ActionKind::Refer => &[Field::Department, Field::DeadlineDays],
            ActionKind::Supervise => &[Field::SupervisionLevel, Field::Note],
            ActionKind::Extend => &[Field::NewDeadline, Field::Reason],
            ActionKind::Reassign => &[Field::Department, Field::DeadlineDays, Field::Reason],
            ActionKind::Reply => &[Field::Grade, Field::ReplyDate, Field::ReplyText],
            ActionKind::FeedBack => &[Field::FeedbackWay, Field::FeedbackDate],
            ActionKind::CallBack => &[Field::Satisfaction],
            ActionKind::Close => &[Field::Reason],
            ActionKind::Archive => &[Field::ArchiveNo],
        }
    }
}

/// An action form as typed; choices are indexes into their lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionForm {
    pub kind: ActionKind,
    pub department_id: Option<DepartmentId>,
    pub deadline_days: String,
    pub level: SupervisionLevel,
    pub note: String,
    pub reason: String,
    pub new_deadline: String,
    pub grade: Grade,
    pub reply_date: String,
    pub reply_text: String,
    pub way: FeedbackWay,
    pub feedback_date: String,
    pub satisfaction: Satisfaction,
    pub archive_no: String,
}

/// What the rules need to know about the case and the day.
pub struct ActionContext<'a> {
    pub today: NaiveDate,
    pub calendar: &'a Calendar,
    pub current_deadline: Option<NaiveDate>,
    pub current_department: Option<&'a DepartmentId>,
}

impl ActionForm {
    pub fn new(kind: ActionKind, today: NaiveDate, reply_days: u32) -> Self {
        let today = today.format("%Y-%m-%d").to_string();
        Self {
            kind,
            department_id: None,
            deadline_days: reply_days.to_string(),
            level: SupervisionLevel::Supervise,
            note: String::new(),
            reason: String::new(),
            new_deadline: String::new(),
            grade: Grade::A,
            reply_date: today.clone(),
            reply_text: String::new(),
            way: FeedbackWay::Phone,
            feedback_date: today,
            satisfaction: Satisfaction::Satisfied,
            archive_no: String::new(),
        }
    }

    pub fn validate(&self, cx: &ActionContext) -> Result<CaseUpdate, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let e = &mut errors;
        let update = match self.kind {
            ActionKind::Refer | ActionKind::Reassign => self.referral(cx, e),
            ActionKind::Supervise => Some(CaseUpdate::Supervise {
                level: self.level.code().to_string(),
                note: e.text(Field::Note, &self.note, false, 500, true),
            }),
            ActionKind::Extend => self.extension(cx, e),
            ActionKind::Reply => {
                let date = e.required(Field::ReplyDate, not_future(&self.reply_date, cx.today));
                let text = e.text(Field::ReplyText, &self.reply_text, true, 2000, true);
                date.map(|date| CaseUpdate::Reply {
                    grade: self.grade,
                    text,
                    date,
                })
            }
            ActionKind::FeedBack => e
                .required(
                    Field::FeedbackDate,
                    not_future(&self.feedback_date, cx.today),
                )
                .map(|date| CaseUpdate::FeedBack {
                    date,
                    way: self.way.code().to_string(),
                }),
            ActionKind::CallBack => Some(CaseUpdate::CallBack {
                satisfaction: self.satisfaction,
            }),
            ActionKind::Close => Some(CaseUpdate::Close {
                reason: e.text(Field::Reason, &self.reason, true, 500, true),
            }),
            ActionKind::Archive => Some(CaseUpdate::Archive {
                archive_no: e.text(Field::ArchiveNo, &self.archive_no, true, 30, true),
            }),
        };
        let order = self.kind.fields();
        let mut errors = errors.into_vec();
        errors.sort_by_key(|e| order.iter().position(|f| *f == e.field));
        match update {
            Some(u) if errors.is_empty() => Ok(u),
            _ => Err(errors),
        }
    }

    /// 交办 or 退回改派: a department (another one when reassigning), a
    /// deadline in working days and, for a reassignment, why.
    fn referral(&self, cx: &ActionContext, e: &mut FieldErrors) -> Option<CaseUpdate> {
        let deadline = e
            .required(
                Field::DeadlineDays,
                parse_count(&self.deadline_days, 1, DEADLINE_DAYS_MAX),
            )
            .map(|n| cx.calendar.add_working_days(cx.today, n as u32));
        let department = self.department_id.clone();
        let reassigning = self.kind == ActionKind::Reassign;
        if department.is_none() {
            e.add(Field::Department, Problem::Required);
        } else if reassigning && department.as_ref() == cx.current_department {
            e.add(Field::Department, Problem::Unchanged);
        }
        let reason = if reassigning {
            e.text(Field::Reason, &self.reason, true, 500, true)
        } else {
            String::new()
        };
        let (department_id, deadline) = (department?, deadline?);
        Some(if reassigning {
            CaseUpdate::ReturnAndReassign {
                department_id,
                reason,
                deadline,
            }
        } else {
            CaseUpdate::Refer {
                department_id,
                deadline,
            }
        })
    }

    /// 延期: a new deadline later than the current one (and than today), and why.
    fn extension(&self, cx: &ActionContext, e: &mut FieldErrors) -> Option<CaseUpdate> {
        let earliest = cx.current_deadline.unwrap_or(cx.today).max(cx.today);
        let new_deadline = match parse_date(&self.new_deadline) {
            Ok(d) if d <= earliest => {
                e.add(Field::NewDeadline, Problem::DateTooEarly(earliest));
                None
            }
            Ok(d) => Some(d),
            Err(p) => {
                e.add(Field::NewDeadline, p);
                None
            }
        };
        let reason = e.text(Field::Reason, &self.reason, true, 500, true);
        new_deadline.map(|new_deadline| CaseUpdate::Extend {
            reason,
            new_deadline,
        })
    }
}

/// A date that has already come (a reply or feedback cannot be later than today).
fn not_future(value: &str, today: NaiveDate) -> Result<NaiveDate, Problem> {
    let d = parse_date(value)?;
    if d > today {
        return Err(Problem::DateTooLate(today));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cx(cal: &Calendar) -> ActionContext<'_> {
        ActionContext {
            today: d("2026-11-10"),
            calendar: cal,
            current_deadline: Some(d("2026-12-01")),
            current_department: Some(Box::leak(Box::new(DepartmentId::from("dept-a")))),
        }
    }

    fn fields_of(e: Vec<FieldError>) -> Vec<Field> {
        e.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn every_action_kind_has_its_fields_and_defaults() {
        let cal = Calendar::weekends_only();
        for kind in ActionKind::ALL {
            assert!(!kind.fields().is_empty());
            let form = ActionForm::new(kind, d("2026-11-10"), 15);
            // Choice-only forms are valid as they open; the rest name what is missing.
            match form.validate(&cx(&cal)) {
                Ok(_) => assert!(matches!(
                    kind,
                    ActionKind::Supervise | ActionKind::FeedBack | ActionKind::CallBack
                )),
                Err(errors) => {
                    for e in errors {
                        assert!(kind.fields().contains(&e.field), "{kind:?}: {e:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn referral_deadline_counts_working_days() {
        let cal = Calendar::weekends_only();
        let form = ActionForm {
            department_id: Some("dept-b".into()),
            ..ActionForm::new(ActionKind::Refer, d("2026-11-10"), 15)
        };
        assert_eq!(
            form.validate(&cx(&cal)).unwrap(),
            CaseUpdate::Refer {
                department_id: "dept-b".into(),
                deadline: d("2026-12-01")
            }
        );
    }

    #[test]
    fn reassign_needs_another_department_and_a_reason() {
        let cal = Calendar::weekends_only();
        let form = ActionForm {
            department_id: Some("dept-a".into()),
            ..ActionForm::new(ActionKind::Reassign, d("2026-11-10"), 15)
        };
        assert_eq!(
            fields_of(form.validate(&cx(&cal)).unwrap_err()),
            vec![Field::Department, Field::Reason]
        );
        let problems = form.validate(&cx(&cal)).unwrap_err();
        assert_eq!(problems[0].problem, Problem::Unchanged);
    }

    #[test]
    fn extension_must_move_the_deadline_later() {
        let cal = Calendar::weekends_only();
        let mut form = ActionForm::new(ActionKind::Extend, d("2026-11-10"), 15);
        form.reason = "需要协调多个部门".into();
        form.new_deadline = "2026-11-30".into();
        let e = form.validate(&cx(&cal)).unwrap_err();
        assert_eq!(e[0].problem, Problem::DateTooEarly(d("2026-12-01")));
        form.new_deadline = "2026年12月20日".into();
        assert_eq!(
            form.validate(&cx(&cal)).unwrap(),
            CaseUpdate::Extend {
                reason: "需要协调多个部门".into(),
                new_deadline: d("2026-12-20")
            }
        );
    }

    #[test]
    fn reply_dates_cannot_be_in_the_future_and_text_is_required() {
        let cal = Calendar::weekends_only();
        let mut form = ActionForm::new(ActionKind::Reply, d("2026-11-10"), 15);
        form.reply_date = "2026-11-11".into();
        assert_eq!(
            fields_of(form.validate(&cx(&cal)).unwrap_err()),
            vec![Field::ReplyDate, Field::ReplyText]
        );
        // An emptied date is a mistake too, not a reply without a date.
        form.reply_date = " ".into();
        form.reply_text = "已修复路灯。".into();
        let errors = form.validate(&cx(&cal)).unwrap_err();
        assert_eq!(errors[0].problem, Problem::Required);
        assert_eq!(fields_of(errors), vec![Field::ReplyDate]);
        form.reply_date = "2026-11-09".into();
        form.grade = Grade::A;
        assert!(matches!(
            form.validate(&cx(&cal)),
            Ok(CaseUpdate::Reply {
                grade: Grade::A,
                ..
            })
        ));
    }

    #[test]
    fn closing_and_archiving_need_their_text() {
        let cal = Calendar::weekends_only();
        let close = ActionForm::new(ActionKind::Close, d("2026-11-10"), 15);
        assert_eq!(
            fields_of(close.validate(&cx(&cal)).unwrap_err()),
            vec![Field::Reason]
        );
        let mut archive = ActionForm::new(ActionKind::Archive, d("2026-11-10"), 15);
        archive.archive_no = "2026-A-001".into();
        assert_eq!(
            archive.validate(&cx(&cal)).unwrap(),
            CaseUpdate::Archive {
                archive_no: "2026-A-001".into()
            }
        );
    }

    #[test]
    fn every_offered_action_but_intake_ones_has_a_form() {
        use crate::domain::case::{CaseStatus, offered_actions};
        for status in CaseStatus::ALL {
            for action in offered_actions(status) {
                let intake = matches!(
                    action,
                    CaseAction::AnswerOnSpot | CaseAction::NotAccept | CaseAction::MakeSuggestion
                );
                assert_eq!(ActionKind::of(action).is_some(), !intake, "{action:?}");
            }
        }
    }
}
