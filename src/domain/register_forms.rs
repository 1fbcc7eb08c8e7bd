//! The roster, activity and study forms: what a user typed, the rules it
//! must pass, and the clean records the store writes.

use super::fields::{Field, FieldError, Problem};
use super::registers::{ACTIVITY_KINDS, MEETING_KIND, STUDY_FORMS, VISIT_KIND};
use super::validate::{
    normalize_ascii, parse_count, parse_date, parse_phone, validate_person_name, validate_text,
};
use chrono::NaiveDate;

/// One deputy on the roster (代表名册), every column of DESIGN.md §2; the
/// same struct holds the roster form as typed until `validate` cleans it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewDeputy {
    pub name: String,
    /// A `Gender` code.
    pub gender: String,
    pub ethnicity: String,
    /// `YYYY-MM`, or empty.
    pub birth_month: String,
    pub political: String,
    pub level: String,
    pub constituency: String,
    pub unit_post: String,
    pub group_name: String,
    pub phone: String,
    pub term: String,
}

/// One deputy activity (代表活动登记簿).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewActivity {
    pub date: Option<NaiveDate>,
    pub kind: String,
    pub topic: String,
    pub place: String,
    pub organiser: String,
    pub outcome: String,
    /// Deputy ids.
    pub participants: Vec<String>,
    /// A 约见's own record; only for that type.
    pub meeting: Option<Meeting>,
    /// The 民生实事 projects it was about (project ids).
    pub projects: Vec<String>,
    /// A door-to-door visit's households; only for that type.
    pub visit: Option<Visit>,
}

/// A door-to-door visit (走访): how many households were visited, and
/// which of the deputies' contact households (ids) were among them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Visit {
    pub households: u32,
    pub contacts: Vec<String>,
}

/// Most households one visit can count.
pub const VISIT_HOUSEHOLDS_MAX: i64 = 500;

/// What a 约见 records: who was met and in which office, the matters the
/// deputies raised, the answers given, and what follows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meeting {
    pub person: String,
    pub office: String,
    pub topics: String,
    pub answers: String,
    pub follow_up: String,
}

impl Meeting {
    /// A field under its register column key (see `MEETING_COLUMNS`).
    pub fn value(&self, code: &str) -> String {
        match code {
            "met_person" => self.person.clone(),
            "met_office" => self.office.clone(),
            "topics" => self.topics.clone(),
            "answers" => self.answers.clone(),
            "follow_up" => self.follow_up.clone(),
            _ => String::new(),
        }
    }
}

/// Longest text of a 约见's matters, answers and follow-up.
pub const MEETING_TEXT_MAX: usize = 2000;

/// One study or training session with its attendance.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NewStudySession {
    pub date: Option<NaiveDate>,
    pub topic: String,
    pub form: String,
    pub speaker: String,
    pub hours: f64,
    /// (deputy id, present, leave reason)
    pub attendance: Vec<(String, bool, String)>,
}

/// Collects field problems while values are checked one by one.
#[derive(Default)]
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn take<T: Default>(&mut self, result: Result<T, FieldError>) -> T {
        result.unwrap_or_else(|e| {
            self.errors.push(e);
            T::default()
        })
    }
    fn text(&mut self, field: Field, value: &str, required: bool, max: usize) -> String {
        self.take(validate_text(field, value, required, max, false))
    }
    /// An optional phone number in its stored form; empty when blank.
    fn phone(&mut self, field: Field, value: &str) -> String {
        match parse_phone(value) {
            Ok(p) => p.stored(),
            Err(Problem::Required) => String::new(),
            Err(p) => {
                self.problem(field, p);
                String::new()
            }
        }
    }
    fn problem(&mut self, field: Field, problem: Problem) {
        self.errors.push(FieldError::new(field, problem));
    }
    fn finish<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() {
            Ok(value)
        } else {
            Err(self.errors)
        }
    }
}

/// Accepts `1975-03`, `197503`, `1975.3` and `1975年3月`; stores `1975-03`.
pub fn parse_month(input: &str) -> Result<String, Problem> {
    let s = normalize_ascii(input)
        .replace(['年', '/', '.'], "-")
        .replace('月', "");
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let (year, month) = match s.split_once('-') {
        Some((y, m)) => (y.to_string(), m.to_string()),
        // Six digits (`197503`); anything else of six bytes is no month.
        None if s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit()) => {
            (s[..4].to_string(), s[4..].to_string())
        }
        None => return Err(Problem::BadMonth),
    };
    match (year.parse::<i32>(), month.parse::<u32>()) {
        (Ok(y), Ok(m)) if (1900..=2100).contains(&y) && (1..=12).contains(&m) => {
            Ok(format!("{y:04}-{m:02}"))
        }
        _ => Err(Problem::BadMonth),
    }
}

/// A date for a register row: required, not after today.
fn register_date(field: Field, input: &str, today: NaiveDate) -> Result<NaiveDate, FieldError> {
    let date = parse_date(input).map_err(|p| FieldError::new(field, p))?;
    if date > today {
        return Err(FieldError::new(field, Problem::DateTooLate(today)));
    }
    Ok(date)
}

/// Hours of study: 0.5 to 24, in halves or tenths (`1.5`, `２`).
pub fn parse_hours(input: &str) -> Result<f64, Problem> {
    let s = normalize_ascii(input).replace('。', ".");
    if s.is_empty() {
        return Err(Problem::Required);
    }
    match s.parse::<f64>() {
        Ok(h) if (0.5..=24.0).contains(&h) => Ok((h * 10.0).round() / 10.0),
        _ => Err(Problem::BadHours),
    }
}

/// Hours without a needless ".0": 2, 1.5.
pub fn hours_text(h: f64) -> String {
    if h.fract() == 0.0 {
        format!("{}", h as i64)
    } else {
        format!("{h:.1}")
    }
}

impl NewDeputy {
    /// The profile as typed, checked and cleaned (birth month as
    /// `YYYY-MM`, phone in its stored form).
    pub fn validate(&self) -> Result<NewDeputy, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.take(validate_person_name(Field::DeputyName, &self.name));
        let birth_month = match parse_month(&self.birth_month) {
            Ok(m) => m,
            Err(Problem::Required) => String::new(),
            Err(p) => {
                c.problem(Field::BirthMonth, p);
                String::new()
            }
        };
        let phone = c.phone(Field::Phone, &self.phone);
        let deputy = NewDeputy {
            name,
            gender: self.gender.clone(),
            ethnicity: c.text(Field::Ethnicity, &self.ethnicity, false, 10),
            birth_month,
            political: c.text(Field::Political, &self.political, false, 20),
            level: c.text(Field::Level, &self.level, false, 10),
            constituency: c.text(Field::Constituency, &self.constituency, false, 40),
            unit_post: c.text(Field::UnitPost, &self.unit_post, false, 60),
            group_name: c.text(Field::GroupName, &self.group_name, false, 40),
            phone,
            term: c.text(Field::Term, &self.term, false, 20),
        };
        sort_by_form_order(&mut c.errors, &DEPUTY_ORDER);
        c.finish(deputy)
    }
}

/// A contact household (联系对象): the deputy assigned to it, its village
/// or community, the head of the household, a phone and a note. The same
/// struct holds the form as typed until `validate` cleans it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewHousehold {
    /// The deputy's id.
    pub deputy_id: String,
    pub village: String,
    pub head: String,
    /// Stored form, or empty.
    pub phone: String,
    pub note: String,
}

/// The contact household form's fields in the order they are shown.
pub const HOUSEHOLD_ORDER: [Field; 5] = [
    Field::DeputyName,
    Field::Village,
    Field::HouseholdHead,
    Field::Phone,
    Field::Remarks,
];

impl NewHousehold {
    pub fn validate(&self) -> Result<NewHousehold, Vec<FieldError>> {
        let mut c = Checker::default();
        if self.deputy_id.is_empty() {
            c.problem(Field::DeputyName, Problem::Required);
        }
        let phone = c.phone(Field::Phone, &self.phone);
        let household = NewHousehold {
            deputy_id: self.deputy_id.clone(),
            village: c.text(Field::Village, &self.village, true, 40),
            head: c.take(validate_person_name(Field::HouseholdHead, &self.head)),
            phone,
            note: c.text(Field::Remarks, &self.note, false, 200),
        };
        sort_by_form_order(&mut c.errors, &HOUSEHOLD_ORDER);
        c.finish(household)
    }
}

/// The roster form's fields in the order they are shown.
pub const DEPUTY_ORDER: [Field; 11] = [
    Field::DeputyName,
    Field::Gender,
    Field::Ethnicity,
    Field::BirthMonth,
    Field::Political,
    Field::Level,
    Field::Constituency,
    Field::UnitPost,
    Field::GroupName,
    Field::Phone,
    Field::Term,
];

fn sort_by_form_order(errors: &mut [FieldError], order: &[Field]) {
    errors.sort_by_key(|e| order.iter().position(|f| *f == e.field));
}

/// The activity form's fields in the order they are shown (a 约见's own
/// follow its type).
pub const ACTIVITY_ORDER: [Field; 15] = [
    Field::Date,
    Field::ActivityKind,
    Field::MetPerson,
    Field::MetOffice,
    Field::Topic,
    Field::Venue,
    Field::Organiser,
    Field::Participants,
    Field::VisitedHouseholds,
    Field::ContactHouseholds,
    Field::LinkedProjects,
    Field::MeetingTopics,
    Field::MeetingAnswers,
    Field::MeetingFollowUp,
    Field::Outcome,
];

/// The activity form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActivityForm {
    pub date: String,
    pub kind: String,
    pub topic: String,
    pub place: String,
    pub organiser: String,
    pub participants: Vec<String>,
    pub outcome: String,
    /// A 约见's fields as typed; read only for that type.
    pub meeting: Meeting,
    pub projects: Vec<String>,
    /// A visit's count of households as typed, and the contact households
    /// ticked; read only for that type.
    pub households: String,
    pub contacts: Vec<String>,
}

impl ActivityForm {
    pub fn validate(&self, today: NaiveDate) -> Result<NewActivity, Vec<FieldError>> {
        let mut c = Checker::default();
        let date = c.take(register_date(Field::Date, &self.date, today).map(Some));
        if !ACTIVITY_KINDS.contains(&self.kind.as_str()) {
            c.problem(Field::ActivityKind, Problem::UnknownChoice);
        }
        let topic = c.text(Field::Topic, &self.topic, true, 60);
        let place = c.text(Field::Venue, &self.place, false, 60);
        let organiser = c.text(Field::Organiser, &self.organiser, false, 60);
        if self.participants.is_empty() {
            c.problem(Field::Participants, Problem::Required);
        }
        let meeting = (self.kind == MEETING_KIND).then(|| {
            let m = &self.meeting;
            let long = |c: &mut Checker, field, value: &str, required| {
                c.text(field, value, required, MEETING_TEXT_MAX)
            };
            Meeting {
                person: c.text(Field::MetPerson, &m.person, true, 20),
                office: c.text(Field::MetOffice, &m.office, true, 60),
                topics: long(&mut c, Field::MeetingTopics, &m.topics, true),
                answers: long(&mut c, Field::MeetingAnswers, &m.answers, false),
                follow_up: long(&mut c, Field::MeetingFollowUp, &m.follow_up, false),
            }
        });
        let visit = (self.kind == VISIT_KIND).then(|| self.visit(&mut c));
        let outcome = c.take(validate_text(
            Field::Outcome,
            &self.outcome,
            false,
            2000,
            true,
        ));
        sort_by_form_order(&mut c.errors, &ACTIVITY_ORDER);
        c.finish(NewActivity {
            date,
            kind: self.kind.clone(),
            topic,
            place,
            organiser,
            outcome,
            participants: self.participants.clone(),
            meeting,
            projects: self.projects.clone(),
            visit,
        })
    }

    /// A visit's households: as typed, or when left blank the contact
    /// households ticked; never fewer than those.
    fn visit(&self, c: &mut Checker) -> Visit {
        let ticked = self.contacts.len() as i64;
        let households = if self.households.trim().is_empty() {
            if ticked == 0 {
                c.problem(Field::VisitedHouseholds, Problem::Required);
            }
            ticked
        } else {
            match parse_count(&self.households, ticked.max(1), VISIT_HOUSEHOLDS_MAX) {
                Ok(n) => n,
                Err(p) => {
                    c.problem(Field::VisitedHouseholds, p);
                    0
                }
            }
        };
        Visit {
            households: households as u32,
            contacts: self.contacts.clone(),
        }
    }
}

/// Whether a deputy came to a study session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Attendance {
    /// Not recorded: not expected (for example, not yet a deputy then).
    #[default]
    Unrecorded,
    Present,
    OnLeave,
}

impl Attendance {
    /// Space cycles 出席 → 请假 → 未记 → 出席.
    pub fn next(self) -> Self {
        match self {
            Attendance::Unrecorded => Attendance::Present,
            Attendance::Present => Attendance::OnLeave,
            Attendance::OnLeave => Attendance::Unrecorded,
        }
    }
}

/// One deputy's line on the study form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttendanceLine {
    pub deputy_id: String,
    pub deputy_name: String,
    pub state: Attendance,
    pub reason: String,
}

/// The study session form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StudyForm {
    pub date: String,
    pub topic: String,
    pub form: String,
    pub speaker: String,
    pub hours: String,
    pub attendance: Vec<AttendanceLine>,
}

impl StudyForm {
    pub fn validate(&self, today: NaiveDate) -> Result<NewStudySession, Vec<FieldError>> {
        let mut c = Checker::default();
        let date = c.take(register_date(Field::Date, &self.date, today).map(Some));
        let topic = c.text(Field::Topic, &self.topic, true, 60);
        if !STUDY_FORMS.contains(&self.form.as_str()) {
            c.problem(Field::StudyForm, Problem::UnknownChoice);
        }
        let speaker = c.text(Field::Speaker, &self.speaker, false, 40);
        let hours = parse_hours(&self.hours).unwrap_or_else(|p| {
            c.problem(Field::Hours, p);
            0.0
        });
        let mut attendance = Vec::new();
        for line in &self.attendance {
            let reason = line.reason.trim();
            match line.state {
                Attendance::Unrecorded => continue,
                Attendance::Present => {
                    attendance.push((line.deputy_id.clone(), true, String::new()))
                }
                Attendance::OnLeave if reason.is_empty() => {
                    c.problem(
                        Field::Attendance,
                        Problem::LeaveWithoutReason(line.deputy_name.clone()),
                    );
                }
                Attendance::OnLeave => {
                    let reason = c.text(Field::Attendance, reason, true, 40);
                    attendance.push((line.deputy_id.clone(), false, reason));
                }
            }
        }
        if !attendance.iter().any(|(_, present, _)| *present) && c.errors.is_empty() {
            c.problem(Field::Attendance, Problem::Required);
        }
        c.finish(NewStudySession {
            date,
            topic,
            form: self.form.clone(),
            speaker,
            hours,
            attendance,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fields(errors: Vec<FieldError>) -> Vec<Field> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_month_with_other_characters_is_refused_not_a_crash() {
        assert_eq!(parse_month("ｘＸ"), Err(Problem::BadMonth));
        assert_eq!(parse_month("1975三月"), Err(Problem::BadMonth));
        assert_eq!(parse_month("197503"), Ok("1975-03".into()));
    }

    #[test]
    fn months_in_the_ways_people_write_them() {
        for input in ["1975-03", "197503", "1975.3", "1975年3月", "１９７５－０３"] {
            assert_eq!(parse_month(input), Ok("1975-03".into()), "{input}");
        }
        for input in ["1975", "1975-13", "75-03", "三月"] {
            assert_eq!(parse_month(input), Err(Problem::BadMonth), "{input}");
        }
    }

    #[test]
    fn hours() {
        assert_eq!(parse_hours("1.5"), Ok(1.5));
        assert_eq!(parse_hours("２"), Ok(2.0));
        assert_eq!(parse_hours(""), Err(Problem::Required));
        for bad in ["0", "25", "两", "-1"] {
            assert_eq!(parse_hours(bad), Err(Problem::BadHours), "{bad}");
        }
    }

    #[test]
    fn deputy_form_names_each_bad_field_in_order() {
        let form = NewDeputy {
            name: "王建国".into(),
            gender: "male".into(),
            birth_month: "1975年3月".into(),
            phone: "138 0013 8000".into(),
            ..Default::default()
        };
        let ok = form.validate().unwrap();
        assert_eq!(
            (ok.birth_month.as_str(), ok.phone.as_str()),
            ("1975-03", "13800138000")
        );
        let bad = NewDeputy {
            name: String::new(),
            phone: "123".into(),
            birth_month: "1975".into(),
            ..form
        };
        assert_eq!(
            fields(bad.validate().unwrap_err()),
            [Field::DeputyName, Field::BirthMonth, Field::Phone]
        );
    }

    #[test]
    fn activity_needs_a_date_not_ahead_a_known_type_a_topic_and_someone() {
        let today = d("2026-11-22");
        let form = ActivityForm {
            date: "2026-11-20".into(),
            kind: "视察".into(),
            topic: "河道治理".into(),
            participants: vec!["d1".into()],
            ..Default::default()
        };
        assert_eq!(form.validate(today).unwrap().date, Some(d("2026-11-20")));
        let bad = ActivityForm {
            date: "2026-11-23".into(),
            kind: "郊游".into(),
            topic: " ".into(),
            participants: vec![],
            ..form
        };
        let errors = bad.validate(today).unwrap_err();
        assert_eq!(errors[0].problem, Problem::DateTooLate(today));
        assert_eq!(
            fields(errors),
            [
                Field::Date,
                Field::ActivityKind,
                Field::Topic,
                Field::Participants
            ]
        );
    }

    #[test]
    fn a_visit_counts_households_never_fewer_than_the_contacts_ticked() {
        let today = d("2026-11-22");
        let form = ActivityForm {
            date: "2026-11-20".into(),
            kind: VISIT_KIND.into(),
            topic: "入户走访".into(),
            participants: vec!["d1".into()],
            contacts: vec!["h1".into(), "h2".into()],
            ..Default::default()
        };
        // Left blank: the contacts ticked are the count.
        let visit = form.validate(today).unwrap().visit.unwrap();
        assert_eq!((visit.households, visit.contacts.len()), (2, 2));
        let typed = ActivityForm {
            households: "１２".into(),
            ..form.clone()
        };
        assert_eq!(typed.validate(today).unwrap().visit.unwrap().households, 12);
        for bad in ["1", "十户", "0", "501"] {
            let bad = ActivityForm {
                households: bad.into(),
                ..form.clone()
            };
            assert_eq!(
                fields(bad.validate(today).unwrap_err()),
                [Field::VisitedHouseholds],
                "{:?}",
                bad.households
            );
        }
        let nothing = ActivityForm {
            contacts: vec![],
            ..form.clone()
        };
        let errors = nothing.validate(today).unwrap_err();
        assert_eq!(errors[0].problem, Problem::Required);
        // Another type has no visit, whatever was typed for one.
        let other = ActivityForm {
            kind: "视察".into(),
            households: "abc".into(),
            ..form
        };
        assert_eq!(other.validate(today).unwrap().visit, None);
    }

    #[test]
    fn a_household_needs_its_deputy_village_and_head() {
        let form = NewHousehold {
            deputy_id: "d1".into(),
            village: "东关村".into(),
            head: "赵大爷".into(),
            phone: "139-0000-1111".into(),
            note: String::new(),
        };
        assert_eq!(form.validate().unwrap().phone, "13900001111");
        let bad = NewHousehold {
            deputy_id: String::new(),
            village: " ".into(),
            head: "=1+1".into(),
            phone: "12".into(),
            note: String::new(),
        };
        assert_eq!(
            fields(bad.validate().unwrap_err()),
            [
                Field::DeputyName,
                Field::Village,
                Field::HouseholdHead,
                Field::Phone
            ]
        );
    }

    #[test]
    fn a_meeting_needs_who_was_met_their_office_and_the_matters_raised() {
        let today = d("2026-11-22");
        let form = ActivityForm {
            date: "2026-11-20".into(),
            kind: MEETING_KIND.into(),
            topic: "老旧小区加装电梯".into(),
            participants: vec!["d1".into()],
            meeting: Meeting {
                person: " 李镇长 ".into(),
                office: "城关镇人民政府镇长".into(),
                topics: "加装电梯进度慢".into(),
                ..Default::default()
            },
            ..Default::default()
        };
        let m = form.validate(today).unwrap().meeting.unwrap();
        assert_eq!((m.person.as_str(), m.answers.as_str()), ("李镇长", ""));
        let empty = ActivityForm {
            meeting: Meeting::default(),
            ..form.clone()
        };
        assert_eq!(
            fields(empty.validate(today).unwrap_err()),
            [Field::MetPerson, Field::MetOffice, Field::MeetingTopics]
        );
        // Errors in the order of the form: the type's own fields after it.
        let bad = ActivityForm {
            topic: String::new(),
            ..empty.clone()
        };
        assert_eq!(
            fields(bad.validate(today).unwrap_err()),
            [
                Field::MetPerson,
                Field::MetOffice,
                Field::Topic,
                Field::MeetingTopics
            ]
        );
        // Another type keeps no meeting, whatever was typed.
        let visit = ActivityForm {
            kind: "视察".into(),
            ..form
        };
        assert_eq!(visit.validate(today).unwrap().meeting, None);
        assert_eq!(
            ActivityForm {
                kind: "视察".into(),
                ..empty
            }
            .validate(today)
            .unwrap()
            .meeting,
            None
        );
    }

    #[test]
    fn study_attendance_needs_someone_present_and_a_reason_for_each_leave() {
        let today = d("2026-11-22");
        let line = |id: &str, state, reason: &str| AttendanceLine {
            deputy_id: id.into(),
            deputy_name: format!("代表{id}"),
            state,
            reason: reason.into(),
        };
        let form = StudyForm {
            date: "2026-11-22".into(),
            topic: "学习代表法".into(),
            form: "集中学习".into(),
            hours: "2".into(),
            attendance: vec![
                line("1", Attendance::Present, ""),
                line("2", Attendance::OnLeave, "因公出差"),
                line("3", Attendance::Unrecorded, ""),
            ],
            ..Default::default()
        };
        let ok = form.validate(today).unwrap();
        assert_eq!(
            ok.attendance,
            vec![
                ("1".into(), true, String::new()),
                ("2".into(), false, "因公出差".into())
            ]
        );
        let mut no_reason = form.clone();
        no_reason.attendance[1].reason = "  ".into();
        assert_eq!(
            no_reason.validate(today).unwrap_err()[0].problem,
            Problem::LeaveWithoutReason("代表2".into())
        );
        let mut nobody = form;
        nobody.attendance.truncate(0);
        assert_eq!(
            fields(nobody.validate(today).unwrap_err()),
            [Field::Attendance]
        );
        assert_eq!(
            Attendance::Present.next().next().next(),
            Attendance::Present
        );
    }
}
