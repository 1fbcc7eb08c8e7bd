//! Closing the day (日结审核): what the secretary's checklist flags, and
//! which fields of a reception, an activity or a study session a
//! correction records and how a new value is checked. A correction of a
//! signed-off day is an amendment: it needs a reason and keeps the old
//! value beside the new one.

use super::fields::{Field, FieldError, Problem};
use super::id_number::validate_id_number;
use super::ids::{CaseId, DeputyId, ReceptionId};
use super::reception::{
    ADDRESS_MAX, CONTENT_MAX, GROUP_MAX, REMARKS_MAX, REPLY_MAX, ReceptionRules,
};
use super::validate::{parse_count, parse_phone, validate_person_name, validate_text};

/// The fields of a reception row that a correction may change, besides the
/// ID number (see `correctable`). Routes and departments are changed
/// through the case's own actions, which keep the case's timeline right.
pub const CORRECTABLE: [Field; 9] = [
    Field::VisitorName,
    Field::Phone,
    Field::Address,
    Field::GroupSize,
    Field::Category,
    Field::Content,
    Field::OnSpotReply,
    Field::Place,
    Field::Remarks,
];

/// The fields a correction offers: the ID number, after the phone, only
/// where the station records ID numbers.
pub fn correctable(collect_id_number: bool) -> Vec<Field> {
    let mut fields = CORRECTABLE.to_vec();
    if collect_id_number {
        fields.insert(2, Field::IdNumber);
    }
    fields
}

/// Where each correctable field is stored (the reception's column), the
/// name corrections are recorded under.
const COLUMNS: [(Field, &str); 10] = [
    (Field::VisitorName, "visitor_name"),
    (Field::Phone, "phone"),
    (Field::IdNumber, "id_number"),
    (Field::Address, "address"),
    (Field::GroupSize, "group_size"),
    (Field::Category, "category"),
    (Field::Content, "content"),
    (Field::OnSpotReply, "on_spot_reply"),
    (Field::Place, "place"),
    (Field::Remarks, "remarks"),
];

pub fn column_of(field: Field) -> Option<&'static str> {
    COLUMNS.iter().find(|(f, _)| *f == field).map(|(_, c)| *c)
}

pub fn field_of_column(column: &str) -> Option<Field> {
    COLUMNS.iter().find(|(_, c)| *c == column).map(|(f, _)| *f)
}

/// The fields of an activity a correction records, under the activity
/// register's column keys. The participants are one field: their names.
pub const ACTIVITY_FIELDS: [(Field, &str); 15] = [
    (Field::Date, "date"),
    (Field::ActivityKind, "kind"),
    (Field::MetPerson, "met_person"),
    (Field::MetOffice, "met_office"),
    (Field::Topic, "topic"),
    (Field::Venue, "place"),
    (Field::Organiser, "organiser"),
    (Field::Participants, "participants"),
    (Field::VisitedHouseholds, "households"),
    (Field::ContactHouseholds, "contacts"),
    (Field::LinkedProjects, "projects"),
    (Field::MeetingTopics, "topics"),
    (Field::MeetingAnswers, "answers"),
    (Field::MeetingFollowUp, "follow_up"),
    (Field::Outcome, "outcome"),
];

/// The fields of a study session a correction records, under the study
/// register's column keys. Attendance is two fields, as on the register:
/// who was present, and who was on leave with the reason.
pub const STUDY_FIELDS: [(Field, &str); 7] = [
    (Field::Date, "date"),
    (Field::Topic, "topic"),
    (Field::StudyForm, "form"),
    (Field::Speaker, "speaker"),
    (Field::Hours, "hours"),
    (Field::PresentDeputies, "present"),
    (Field::OnLeaveDeputies, "on_leave"),
];

/// The field a correction of an `entity` (as the corrections table names
/// it) records under `code`.
pub fn corrected_field(entity: &str, code: &str) -> Option<Field> {
    let table: &[(Field, &str)] = match entity {
        "reception" => &COLUMNS,
        "activity" => &ACTIVITY_FIELDS,
        "study_session" => &STUDY_FIELDS,
        _ => &[],
    };
    table.iter().find(|(_, c)| *c == code).map(|(f, _)| *f)
}

/// One field a correction changes, with its values as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// The fields of `fields` whose value differs between the row as it was
/// (`old`) and as it is to be (`new`), in the table's order.
pub fn changes(
    fields: &[(Field, &'static str)],
    old: impl Fn(&str) -> String,
    new: impl Fn(&str) -> String,
) -> Vec<Change> {
    fields
        .iter()
        .map(|(_, code)| Change {
            field: code,
            old: old(code),
            new: new(code),
        })
        .filter(|c| c.old != c.new)
        .collect()
}

pub const REASON_MAX: usize = 200;

/// Checks a corrected value by the form's rules; returns it as it is
/// stored ("" for an anonymous visitor, no phone or no ID number).
pub fn validate_correction(
    field: Field,
    value: &str,
    rules: &ReceptionRules,
) -> Result<String, FieldError> {
    let text = |max, required, multiline| validate_text(field, value, required, max, multiline);
    match field {
        Field::VisitorName if value.trim().is_empty() => Ok(String::new()),
        Field::VisitorName => validate_person_name(field, value),
        Field::Phone => match parse_phone(value) {
            Ok(p) => Ok(p.stored()),
            Err(Problem::Required) => Ok(String::new()),
            Err(problem) => Err(FieldError::new(field, problem)),
        },
        Field::IdNumber if rules.collect_id_number => {
            match validate_id_number(value, rules.today) {
                Ok(n) => Ok(n),
                Err(Problem::Required) => Ok(String::new()),
                Err(problem) => Err(FieldError::new(field, problem)),
            }
        }
        Field::Address => text(ADDRESS_MAX, false, false),
        Field::GroupSize => parse_count(value, 1, GROUP_MAX)
            .map(|n| n.to_string())
            .map_err(|p| FieldError::new(field, p)),
        Field::Category => {
            let c = value.trim();
            if c.is_empty() {
                Err(FieldError::new(field, Problem::Required))
            } else if rules.categories.iter().any(|k| k == c) {
                Ok(c.to_string())
            } else {
                Err(FieldError::new(field, Problem::UnknownChoice))
            }
        }
        Field::Content => text(CONTENT_MAX, true, true),
        Field::OnSpotReply => text(REPLY_MAX, false, true),
        Field::Place => text(ADDRESS_MAX, false, false),
        Field::Remarks => text(REMARKS_MAX, false, false),
        _ => Err(FieldError::new(field, Problem::UnknownChoice)),
    }
}

/// The reason for an amendment or for reopening a day.
pub fn validate_reason(value: &str) -> Result<String, FieldError> {
    validate_text(Field::Reason, value, true, REASON_MAX, false)
}

/// What the store knows of one reception of the day, for the checklist.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReceptionFacts {
    pub reception_id: ReceptionId,
    pub case_id: CaseId,
    pub number: String,
    pub anonymous: bool,
    pub has_phone: bool,
    pub address: String,
    pub content: String,
    /// The case still waits for a route (an import without one).
    pub no_route: bool,
    /// Referred (交办/转办/代表建议) …
    pub referred: bool,
    /// … with a department and a deadline?
    pub has_department: bool,
    pub has_deadline: bool,
}

/// Everything the checklist looks at for one day.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DayFacts {
    pub receptions: Vec<ReceptionFacts>,
    /// Duty deputies still signed in: (deputy id, name).
    pub still_on_duty: Vec<(DeputyId, String)>,
    /// Unsaved forms: (draft id, kind).
    pub drafts: Vec<(String, String)>,
    /// Activities of the day with nobody recorded as taking part: (id, topic).
    pub activities_without_people: Vec<(String, String)>,
    /// Study sessions of the day with no attendance recorded: (id, topic).
    pub studies_without_attendance: Vec<(String, String)>,
    /// Receptions entered after sign-off, not yet countersigned: (id, number).
    pub late_entries: Vec<(ReceptionId, String)>,
    /// 民生实事 milestones overdue on the day: (project id, title, month).
    pub late_milestones: Vec<(String, String, String)>,
}

/// What is missing or doubtful, and where to go to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckItem {
    /// A reception field that should be filled in.
    Missing {
        reception_id: ReceptionId,
        number: String,
        field: Field,
    },
    /// Content so short that it is unlikely to be the visitor's own words.
    ShortContent {
        reception_id: ReceptionId,
        number: String,
    },
    NoRoute {
        case_id: CaseId,
        number: String,
    },
    ReferralIncomplete {
        case_id: CaseId,
        number: String,
        field: Field,
    },
    StillOnDuty {
        deputy_id: DeputyId,
        name: String,
    },
    OpenDraft {
        draft_id: String,
        kind: String,
    },
    ActivityWithoutPeople {
        activity_id: String,
        topic: String,
    },
    StudyWithoutAttendance {
        session_id: String,
        topic: String,
    },
    /// Entered after the day's sign-off (签发后补登): the secretary countersigns.
    LateEntry {
        reception_id: ReceptionId,
        number: String,
    },
    /// A 民生实事 milestone past its month and not done: reviewed at the
    /// project's next 调度.
    MilestoneOverdue {
        project_id: String,
        title: String,
        month: String,
    },
}

/// Content shorter than this many characters is flagged as doubtful.
pub const SHORT_CONTENT: usize = 6;

/// The checklist, in the order the secretary works through it.
pub fn checklist(facts: &DayFacts) -> Vec<CheckItem> {
    let mut items = Vec::new();
    for r in &facts.receptions {
        let reception = || (r.reception_id.clone(), r.number.clone());
        let case = || (r.case_id.clone(), r.number.clone());
        if !r.anonymous && r.address.trim().is_empty() {
            let (reception_id, number) = reception();
            items.push(CheckItem::Missing {
                reception_id,
                number,
                field: Field::Address,
            });
        }
        // Without a phone the voter cannot be told the result.
        if r.referred && !r.has_phone && !r.anonymous {
            let (reception_id, number) = reception();
            items.push(CheckItem::Missing {
                reception_id,
                number,
                field: Field::Phone,
            });
        }
        if r.content.trim().chars().count() < SHORT_CONTENT {
            let (reception_id, number) = reception();
            items.push(CheckItem::ShortContent {
                reception_id,
                number,
            });
        }
        if r.no_route {
            let (case_id, number) = case();
            items.push(CheckItem::NoRoute { case_id, number });
        }
        if r.referred {
            for (present, field) in [
                (r.has_department, Field::Department),
                (r.has_deadline, Field::NewDeadline),
            ] {
                if !present {
                    let (case_id, number) = case();
                    items.push(CheckItem::ReferralIncomplete {
                        case_id,
                        number,
                        field,
                    });
                }
            }
        }
    }
    for (deputy_id, name) in &facts.still_on_duty {
        items.push(CheckItem::StillOnDuty {
            deputy_id: deputy_id.clone(),
            name: name.clone(),
        });
    }
    for (draft_id, kind) in &facts.drafts {
        items.push(CheckItem::OpenDraft {
            draft_id: draft_id.clone(),
            kind: kind.clone(),
        });
    }
    for (activity_id, topic) in &facts.activities_without_people {
        items.push(CheckItem::ActivityWithoutPeople {
            activity_id: activity_id.clone(),
            topic: topic.clone(),
        });
    }
    for (session_id, topic) in &facts.studies_without_attendance {
        items.push(CheckItem::StudyWithoutAttendance {
            session_id: session_id.clone(),
            topic: topic.clone(),
        });
    }
    for (reception_id, number) in &facts.late_entries {
        items.push(CheckItem::LateEntry {
            reception_id: reception_id.clone(),
            number: number.clone(),
        });
    }
    for (project_id, title, month) in &facts.late_milestones {
        items.push(CheckItem::MilestoneOverdue {
            project_id: project_id.clone(),
            title: title.clone(),
            month: month.clone(),
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> ReceptionFacts {
        ReceptionFacts {
            reception_id: "r1".into(),
            case_id: "c1".into(),
            number: "HD01-20261110-001".into(),
            anonymous: false,
            has_phone: true,
            address: "海淀街道1号".into(),
            content: "小区门口公交站被撤，希望恢复。".into(),
            no_route: false,
            referred: true,
            has_department: true,
            has_deadline: true,
        }
    }

    #[test]
    fn a_complete_day_has_an_empty_checklist() {
        let facts = DayFacts {
            receptions: vec![complete()],
            ..DayFacts::default()
        };
        assert!(checklist(&facts).is_empty());
    }

    #[test]
    fn each_gap_is_named_once_in_order() {
        let r = ReceptionFacts {
            address: String::new(),
            has_phone: false,
            content: "路灯".into(),
            has_deadline: false,
            ..complete()
        };
        let facts = DayFacts {
            receptions: vec![r],
            still_on_duty: vec![("d1".into(), "王建国".into())],
            drafts: vec![("x".into(), "reception".into())],
            activities_without_people: vec![("a1".into(), "视察".into())],
            studies_without_attendance: vec![("s1".into(), "学习代表法".into())],
            late_entries: vec![],
            late_milestones: vec![],
        };
        let items = checklist(&facts);
        let number = "HD01-20261110-001".to_string();
        assert_eq!(
            items,
            vec![
                CheckItem::Missing {
                    reception_id: "r1".into(),
                    number: number.clone(),
                    field: Field::Address
                },
                CheckItem::Missing {
                    reception_id: "r1".into(),
                    number: number.clone(),
                    field: Field::Phone
                },
                CheckItem::ShortContent {
                    reception_id: "r1".into(),
                    number: number.clone()
                },
                CheckItem::ReferralIncomplete {
                    case_id: "c1".into(),
                    number,
                    field: Field::NewDeadline
                },
                CheckItem::StillOnDuty {
                    deputy_id: "d1".into(),
                    name: "王建国".into()
                },
                CheckItem::OpenDraft {
                    draft_id: "x".into(),
                    kind: "reception".into()
                },
                CheckItem::ActivityWithoutPeople {
                    activity_id: "a1".into(),
                    topic: "视察".into()
                },
                CheckItem::StudyWithoutAttendance {
                    session_id: "s1".into(),
                    topic: "学习代表法".into()
                },
            ]
        );
    }

    #[test]
    fn an_anonymous_visitor_needs_no_address_or_phone() {
        let r = ReceptionFacts {
            anonymous: true,
            address: String::new(),
            has_phone: false,
            ..complete()
        };
        let facts = DayFacts {
            receptions: vec![r],
            ..DayFacts::default()
        };
        assert!(checklist(&facts).is_empty());
    }

    #[test]
    fn an_overdue_milestone_is_listed_last() {
        let facts = DayFacts {
            late_milestones: vec![("p1".into(), "公交站恢复".into(), "2026-08".into())],
            late_entries: vec![("r1".into(), "HD01-20261110-001".into())],
            ..DayFacts::default()
        };
        let items = checklist(&facts);
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[1],
            CheckItem::MilestoneOverdue {
                project_id: "p1".into(),
                title: "公交站恢复".into(),
                month: "2026-08".into(),
            }
        );
    }

    #[test]
    fn every_correctable_field_has_a_column_and_back() {
        for f in correctable(true) {
            assert_eq!(field_of_column(column_of(f).unwrap()), Some(f));
        }
        assert_eq!(column_of(Field::Route), None);
        assert_eq!(correctable(false), CORRECTABLE);
        assert_eq!(correctable(true)[1..3], [Field::Phone, Field::IdNumber]);
    }

    #[test]
    fn every_recorded_field_is_named_for_its_record() {
        let tables: [(&str, &[(Field, &str)]); 2] = [
            ("activity", &ACTIVITY_FIELDS),
            ("study_session", &STUDY_FIELDS),
        ];
        for (entity, table) in tables {
            for (field, code) in table.iter() {
                assert_eq!(
                    corrected_field(entity, code),
                    Some(*field),
                    "{entity} {code}"
                );
            }
        }
        // The same key names another field on another register.
        assert_eq!(corrected_field("reception", "place"), Some(Field::Place));
        assert_eq!(corrected_field("activity", "place"), Some(Field::Venue));
        assert_eq!(corrected_field("deputy", "name"), None);
    }

    #[test]
    fn changes_are_the_fields_that_differ_in_order() {
        let old = |code: &str| match code {
            "topic" => "河道治理".to_string(),
            "participants" => "王建国".to_string(),
            _ => String::new(),
        };
        let new = |code: &str| match code {
            "topic" => "河道治理".to_string(),
            "participants" => "王建国、李秀英".to_string(),
            "outcome" => "形成报告".to_string(),
            _ => String::new(),
        };
        let found = changes(&ACTIVITY_FIELDS, old, new);
        let fields: Vec<&str> = found.iter().map(|c| c.field).collect();
        assert_eq!(fields, ["participants", "outcome"]);
        assert_eq!(found[0].old, "王建国");
        assert_eq!(found[0].new, "王建国、李秀英");
        assert!(changes(&STUDY_FIELDS, old, old).is_empty());
    }

    #[test]
    fn corrections_use_the_forms_rules() {
        let categories = vec!["交通出行".to_string()];
        let cats = ReceptionRules {
            categories: &categories,
            collect_id_number: false,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
        };
        assert_eq!(
            validate_correction(Field::Phone, "138 1234 1234", &cats).unwrap(),
            "13812341234"
        );
        assert_eq!(validate_correction(Field::Phone, "", &cats).unwrap(), "");
        assert_eq!(
            validate_correction(Field::Phone, "12345", &cats)
                .unwrap_err()
                .field,
            Field::Phone
        );
        assert_eq!(
            validate_correction(Field::GroupSize, "0", &cats)
                .unwrap_err()
                .problem,
            Problem::OutOfRange { min: 1, max: 999 }
        );
        assert_eq!(
            validate_correction(Field::Category, "不存在", &cats)
                .unwrap_err()
                .problem,
            Problem::UnknownChoice
        );
        assert_eq!(
            validate_correction(Field::Content, "  ", &cats)
                .unwrap_err()
                .problem,
            Problem::Required
        );
        assert_eq!(
            validate_correction(Field::VisitorName, "", &cats).unwrap(),
            ""
        );
        // The ID number only where the station records them.
        let on = ReceptionRules {
            collect_id_number: true,
            ..cats
        };
        let id = "11010519491231002x";
        assert_eq!(
            validate_correction(Field::IdNumber, id, &on).unwrap(),
            "11010519491231002X"
        );
        assert_eq!(validate_correction(Field::IdNumber, " ", &on).unwrap(), "");
        assert!(matches!(
            validate_correction(Field::IdNumber, "110105194912310021", &on)
                .unwrap_err()
                .problem,
            Problem::BadIdNumber(_)
        ));
        assert_eq!(
            validate_correction(Field::IdNumber, id, &cats)
                .unwrap_err()
                .problem,
            Problem::UnknownChoice
        );
        assert!(validate_reason("").is_err());
        assert_eq!(validate_reason("电话记错一位").unwrap(), "电话记错一位");
    }
}
