//! The reception form's rules: what must be filled in for each handling
//! route, and how a half-filled form (a draft) becomes a valid reception.

use super::calendar::Calendar;
use super::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use super::fields::{Field, FieldError, Problem};
use super::id_number::validate_id_number;
use super::ids::{CaseId, DepartmentId};
use super::validate::{FieldErrors, parse_count, parse_date, parse_phone, validate_person_name};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const CONTENT_MAX: usize = 20_000;
pub const REPLY_MAX: usize = 2000;
pub const ADDRESS_MAX: usize = 100;
pub const REMARKS_MAX: usize = 500;
pub const GROUP_MAX: i64 = 999;
pub const DEADLINE_DAYS_MAX: i64 = 90;
/// Months a formal deputy suggestion has for its reply.
pub const SUGGESTION_MONTHS: u32 = 3;

/// The form exactly as typed, so that a draft restores every keystroke.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReceptionDraft {
    pub anonymous: bool,
    pub visitor_name: String,
    pub gender: Gender,
    pub phone: String,
    /// Only asked for (and kept) where the station records ID numbers.
    pub id_number: String,
    pub address: String,
    pub group_size: String,
    pub channel: Channel,
    /// A letter's day of receipt as typed (only for 来信).
    pub letter_received: String,
    pub confidential: bool,
    pub category: String,
    pub request_type: RequestType,
    pub content: String,
    pub route: Option<Route>,
    pub on_spot_reply: String,
    pub department_id: Option<DepartmentId>,
    pub department_name: String,
    pub deadline_days: String,
    pub not_accepted_reason: Option<NotAcceptedReason>,
    pub guidance: String,
    pub remarks: String,
    /// An earlier open case of the same voter that this visit follows up.
    pub linked_case_id: Option<CaseId>,
}

impl Default for ReceptionDraft {
    fn default() -> Self {
        Self {
            anonymous: false,
            visitor_name: String::new(),
            gender: Gender::Unstated,
            phone: String::new(),
            id_number: String::new(),
            address: String::new(),
            group_size: "1".into(),
            channel: Channel::InStation,
            letter_received: String::new(),
            confidential: false,
            category: String::new(),
            request_type: RequestType::Problem,
            content: String::new(),
            route: None,
            on_spot_reply: String::new(),
            department_id: None,
            department_name: String::new(),
            deadline_days: "15".into(),
            not_accepted_reason: None,
            guidance: String::new(),
            remarks: String::new(),
            linked_case_id: None,
        }
    }
}

/// A reception that passed every rule, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidReception {
    pub visitor_name: Option<String>,
    pub gender: Gender,
    pub phone: Option<String>,
    /// As stored: 18 ASCII characters, a capital X. Mask before showing.
    pub id_number: Option<String>,
    pub address: String,
    pub group_size: i64,
    pub channel: Channel,
    /// A letter's day of receipt (来信), which may be before the day it is
    /// registered; None for another channel, or the day it was registered.
    pub letter_received: Option<NaiveDate>,
    pub confidential: bool,
    pub category: String,
    pub request_type: RequestType,
    pub content: String,
    pub route: Route,
    pub on_spot_reply: String,
    pub department_id: Option<DepartmentId>,
    pub deadline_days: Option<u32>,
    pub not_accepted_reason: Option<NotAcceptedReason>,
    pub guidance: String,
    pub remarks: String,
    pub linked_case_id: Option<CaseId>,
}

impl ValidReception {
    /// The promised reply date for routes that have one.
    pub fn deadline(&self, today: NaiveDate, calendar: &Calendar) -> Option<NaiveDate> {
        match self.route {
            Route::Assign | Route::Transfer => self
                .deadline_days
                .map(|n| calendar.add_working_days(today, n)),
            Route::Suggestion => Some(Calendar::add_months(today, SUGGESTION_MONTHS)),
            Route::OnSpot | Route::NotAccepted => None,
        }
    }
}

/// What the form's rules depend on besides what was typed.
#[derive(Debug, Clone, Copy)]
pub struct ReceptionRules<'a> {
    /// The station's categories (settings).
    pub categories: &'a [String],
    /// Whether the station records national ID numbers (settings); when
    /// not, the field is neither asked for nor kept.
    pub collect_id_number: bool,
    /// A date of birth in an ID number cannot be later.
    pub today: NaiveDate,
}

/// The first line of the content, shortened, for lists.
pub fn summary_of(content: &str) -> String {
    const MAX: usize = 40;
    let first = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let first = first.trim();
    if first.chars().count() > MAX {
        let cut: String = first.chars().take(MAX - 1).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

/// How long before its registration a letter may have been received.
const LETTER_DAYS_BACK: i64 = 366;

impl ReceptionDraft {
    /// A letter's day of receipt: blank is the day of registration; not
    /// after it, nor more than a year before.
    fn letter_received(&self, today: NaiveDate) -> Result<Option<NaiveDate>, FieldError> {
        if self.channel != Channel::Letter || self.letter_received.trim().is_empty() {
            return Ok(None);
        }
        let problem = match parse_date(&self.letter_received) {
            Ok(d) if d > today => Problem::DateTooLate(today),
            Ok(d) if (today - d).num_days() > LETTER_DAYS_BACK => {
                Problem::DateTooEarly(today - chrono::Duration::days(LETTER_DAYS_BACK))
            }
            Ok(d) => return Ok(Some(d)),
            Err(p) => p,
        };
        Err(FieldError::new(Field::LetterReceived, problem))
    }

    /// Checks one field on its own (when the user leaves it).
    pub fn check_field(&self, field: Field, rules: &ReceptionRules) -> Option<FieldError> {
        match self.validate(rules) {
            Ok(_) => None,
            Err(errors) => errors.into_iter().find(|e| e.field == field),
        }
    }

    /// Validates the whole form; errors come in the order the fields are shown.
    pub fn validate(&self, rules: &ReceptionRules) -> Result<ValidReception, Vec<FieldError>> {
        let mut errors = FieldErrors::default();
        let visitor = self.visitor_part(rules, &mut errors);
        let (category, content) = self.matter_part(rules, &mut errors);
        let handling = self.handling_part(&mut errors);
        let remarks = errors.text(Field::Remarks, &self.remarks, false, REMARKS_MAX, false);
        match handling.route {
            Some(route) if errors.is_empty() => Ok(ValidReception {
                visitor_name: visitor.name,
                gender: self.gender,
                phone: visitor.phone,
                id_number: visitor.id_number,
                address: visitor.address,
                group_size: visitor.group_size,
                channel: self.channel,
                letter_received: visitor.letter_received,
                confidential: self.confidential,
                category,
                request_type: self.request_type,
                content,
                route,
                on_spot_reply: handling.on_spot_reply,
                department_id: if route.needs_department() {
                    self.department_id.clone()
                } else {
                    None
                },
                deadline_days: handling.deadline_days,
                not_accepted_reason: if route == Route::NotAccepted {
                    self.not_accepted_reason
                } else {
                    None
                },
                guidance: handling.guidance,
                remarks,
                linked_case_id: self.linked_case_id.clone(),
            }),
            _ => Err(errors.into_vec()),
        }
    }

    /// Who came (or wrote), how many, and when a letter arrived.
    fn visitor_part(&self, rules: &ReceptionRules, errors: &mut FieldErrors) -> VisitorPart {
        let name = (!self.anonymous)
            .then(|| errors.keep(validate_person_name(Field::VisitorName, &self.visitor_name)));
        let phone = errors
            .optional(Field::Phone, parse_phone(&self.phone))
            .map(|p| p.stored());
        let id_number = if rules.collect_id_number {
            errors.optional(
                Field::IdNumber,
                validate_id_number(&self.id_number, rules.today),
            )
        } else {
            None
        };
        let address = errors.text(Field::Address, &self.address, false, ADDRESS_MAX, false);
        let group_size = parse_count(&self.group_size, 1, GROUP_MAX).unwrap_or_else(|problem| {
            errors.add(Field::GroupSize, problem);
            1
        });
        let letter_received = errors.keep(self.letter_received(rules.today));
        VisitorPart {
            name,
            phone,
            id_number,
            address,
            group_size,
            letter_received,
        }
    }

    /// What it is about: one of the station's categories, and the words.
    fn matter_part(&self, rules: &ReceptionRules, errors: &mut FieldErrors) -> (String, String) {
        let category = self.category.trim().to_string();
        if category.is_empty() {
            errors.add(Field::Category, Problem::Required);
        } else if !rules.categories.contains(&category) {
            errors.add(Field::Category, Problem::UnknownChoice);
        }
        let content = errors.text(Field::Content, &self.content, true, CONTENT_MAX, true);
        (category, content)
    }

    /// How it is handled, and what each way of handling needs.
    fn handling_part(&self, errors: &mut FieldErrors) -> HandlingPart {
        let route = self.route;
        if route.is_none() {
            errors.add(Field::Route, Problem::Required);
        }
        let on_spot_reply = if route == Some(Route::OnSpot) {
            errors.text(
                Field::OnSpotReply,
                &self.on_spot_reply,
                true,
                REPLY_MAX,
                true,
            )
        } else {
            String::new()
        };
        let mut deadline_days = None;
        if route.is_some_and(Route::needs_department) {
            if self.department_id.is_none() {
                errors.add(Field::Department, Problem::Required);
            }
            match parse_count(&self.deadline_days, 1, DEADLINE_DAYS_MAX) {
                Ok(n) => deadline_days = Some(n as u32),
                Err(problem) => errors.add(Field::DeadlineDays, problem),
            }
        }
        let mut guidance = String::new();
        if route == Some(Route::NotAccepted) {
            if self.not_accepted_reason.is_none() {
                errors.add(Field::NotAcceptedReason, Problem::Required);
            }
            guidance = errors.text(Field::Guidance, &self.guidance, true, REPLY_MAX, true);
        }
        HandlingPart {
            route,
            on_spot_reply,
            deadline_days,
            guidance,
        }
    }

    /// Whether anything was typed: an untouched form is not worth keeping.
    /// (The reply-days default comes from settings, so it does not count.)
    pub fn is_blank(&self) -> bool {
        *self
            == ReceptionDraft {
                deadline_days: self.deadline_days.clone(),
                ..ReceptionDraft::default()
            }
    }
}

/// The visitor's part of a checked form.
struct VisitorPart {
    name: Option<String>,
    phone: Option<String>,
    id_number: Option<String>,
    address: String,
    group_size: i64,
    letter_received: Option<NaiveDate>,
}

/// The handling part of a checked form.
struct HandlingPart {
    route: Option<Route>,
    on_spot_reply: String,
    deadline_days: Option<u32>,
    guidance: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> ReceptionRules<'static> {
        static CATEGORIES: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| vec!["交通出行".into(), "其他".into()]);
        ReceptionRules {
            categories: &CATEGORIES,
            collect_id_number: false,
            today: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
        }
    }

    fn with_id_numbers() -> ReceptionRules<'static> {
        ReceptionRules {
            collect_id_number: true,
            ..rules()
        }
    }

    fn filled() -> ReceptionDraft {
        ReceptionDraft {
            visitor_name: "张三".into(),
            phone: "13812341234".into(),
            category: "交通出行".into(),
            content: "村口路灯坏了三个月，晚上出行不便。".into(),
            route: Some(Route::OnSpot),
            on_spot_reply: "已联系村委会，本周修复。".into(),
            ..Default::default()
        }
    }

    fn fields_of(errors: Vec<FieldError>) -> Vec<Field> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_complete_on_the_spot_reception_is_valid() {
        let r = filled().validate(&rules()).unwrap();
        assert_eq!(r.visitor_name.as_deref(), Some("张三"));
        assert_eq!(r.group_size, 1);
        assert_eq!(r.deadline(NaiveDate::MIN, &Calendar::weekends_only()), None);
    }

    #[test]
    fn a_letter_keeps_its_day_of_receipt_not_after_today_nor_a_year_back() {
        let letter = ReceptionDraft {
            channel: Channel::Letter,
            letter_received: "2026年11月6日".into(),
            ..filled()
        };
        let r = letter.validate(&rules()).unwrap();
        assert_eq!(r.letter_received, NaiveDate::from_ymd_opt(2026, 11, 6));
        let blank = ReceptionDraft {
            letter_received: " ".into(),
            ..letter.clone()
        };
        assert_eq!(blank.validate(&rules()).unwrap().letter_received, None);
        for bad in ["2026-11-11", "2025-11-01", "上周"] {
            let bad = ReceptionDraft {
                letter_received: bad.into(),
                ..letter.clone()
            };
            assert_eq!(
                fields_of(bad.validate(&rules()).unwrap_err()),
                [Field::LetterReceived]
            );
        }
        // Another channel keeps no day of receipt, whatever was typed.
        let visit = ReceptionDraft {
            channel: Channel::Visit,
            letter_received: "乱写".into(),
            ..letter
        };
        assert_eq!(visit.validate(&rules()).unwrap().letter_received, None);
    }

    #[test]
    fn errors_come_in_field_order() {
        let draft = ReceptionDraft {
            phone: "12345".into(),
            group_size: "0".into(),
            ..Default::default()
        };
        assert_eq!(
            fields_of(draft.validate(&rules()).unwrap_err()),
            vec![
                Field::VisitorName,
                Field::Phone,
                Field::GroupSize,
                Field::Category,
                Field::Content,
                Field::Route
            ]
        );
    }

    #[test]
    fn anonymous_needs_no_name_and_phone_is_optional() {
        let draft = ReceptionDraft {
            anonymous: true,
            visitor_name: String::new(),
            phone: String::new(),
            ..filled()
        };
        let r = draft.validate(&rules()).unwrap();
        assert_eq!(r.visitor_name, None);
        assert_eq!(r.phone, None);
    }

    #[test]
    fn each_route_requires_its_own_fields() {
        let refer = ReceptionDraft {
            route: Some(Route::Assign),
            deadline_days: "0".into(),
            ..filled()
        };
        assert_eq!(
            fields_of(refer.validate(&rules()).unwrap_err()),
            vec![Field::Department, Field::DeadlineDays]
        );
        let not_accepted = ReceptionDraft {
            route: Some(Route::NotAccepted),
            ..filled()
        };
        assert_eq!(
            fields_of(not_accepted.validate(&rules()).unwrap_err()),
            vec![Field::NotAcceptedReason, Field::Guidance]
        );
        let on_spot = ReceptionDraft {
            on_spot_reply: " ".into(),
            ..filled()
        };
        assert_eq!(
            fields_of(on_spot.validate(&rules()).unwrap_err()),
            vec![Field::OnSpotReply]
        );
    }

    #[test]
    fn referral_deadline_is_in_working_days() {
        let draft = ReceptionDraft {
            route: Some(Route::Assign),
            department_id: Some("d1".into()),
            deadline_days: "15".into(),
            ..filled()
        };
        let r = draft.validate(&rules()).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        assert_eq!(
            r.deadline(today, &Calendar::weekends_only()),
            NaiveDate::from_ymd_opt(2026, 12, 1)
        );
    }

    #[test]
    fn unknown_category_is_refused() {
        let draft = ReceptionDraft {
            category: "外星人".into(),
            ..filled()
        };
        assert_eq!(
            draft.validate(&rules()).unwrap_err()[0],
            FieldError::new(Field::Category, Problem::UnknownChoice)
        );
    }

    #[test]
    fn an_id_number_is_checked_and_kept_only_where_the_station_records_them() {
        let typed = ReceptionDraft {
            id_number: "１１０１０５１９４９１２３１００２ｘ".into(),
            ..filled()
        };
        let r = typed.validate(&with_id_numbers()).unwrap();
        assert_eq!(r.id_number.as_deref(), Some("11010519491231002X"));
        // Turned off: not kept, whatever a draft held.
        assert_eq!(typed.validate(&rules()).unwrap().id_number, None);
        // Optional when on.
        assert_eq!(
            filled().validate(&with_id_numbers()).unwrap().id_number,
            None
        );
        let wrong = ReceptionDraft {
            id_number: "110105194912310021".into(),
            phone: "12345".into(),
            ..filled()
        };
        let errors = wrong.validate(&with_id_numbers()).unwrap_err();
        assert_eq!(
            errors,
            vec![
                FieldError::new(Field::Phone, Problem::BadPhone),
                FieldError::new(
                    Field::IdNumber,
                    Problem::BadIdNumber(crate::domain::fields::IdNumberFault::CheckDigit)
                ),
            ]
        );
        assert!(wrong.validate(&rules()).unwrap_err().len() == 1);
        assert_eq!(
            wrong.check_field(Field::IdNumber, &with_id_numbers()),
            Some(errors[1].clone())
        );
    }

    #[test]
    fn summary_is_the_first_line_shortened() {
        assert_eq!(summary_of("\n路灯坏了\n第二行"), "路灯坏了");
        let long = "长".repeat(60);
        assert_eq!(summary_of(&long).chars().count(), 40);
    }

    #[test]
    fn blank_and_serde_round_trip() {
        assert!(ReceptionDraft::default().is_blank());
        let d = filled();
        assert!(!d.is_blank());
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<ReceptionDraft>(&json).unwrap(), d);
        let with_id = ReceptionDraft {
            id_number: "11010519491231002".into(),
            ..filled()
        };
        let json = serde_json::to_string(&with_id).unwrap();
        assert_eq!(
            serde_json::from_str::<ReceptionDraft>(&json).unwrap(),
            with_id,
            "a draft keeps a half-typed ID number"
        );
        // Older drafts missing newer fields still load.
        let partial: ReceptionDraft = serde_json::from_str(r#"{"visitor_name":"李四"}"#).unwrap();
        assert_eq!(partial.visitor_name, "李四");
        assert_eq!(partial.group_size, "1");
    }
}
