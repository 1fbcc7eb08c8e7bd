//! A register as the paper page shows it: the preset's columns, one row
//! of words per entry, phone and ID numbers masked and confidential
//! visitors hidden. The register screens draw these rows; exports write
//! the same.

use crate::domain::calendar::Calendar;
use crate::domain::choices::{FeedbackWay, Gender};
use crate::domain::duty_record::DutyRecord;
use crate::domain::id_number::mask_id_number;
use crate::domain::ids::{CaseId, ReceptionId};
use crate::domain::livelihood::{MilestoneState, cost_text, month_overdue};
use crate::domain::names::pinyin_keys;
pub use crate::domain::register_forms::hours_text;
use crate::domain::registers::{Column, MEETING_COLUMNS, RegisterDef, Source};
use crate::domain::stats::Period;
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::store::{Correction, Household, ProjectRow, RosterEntry, RowKeys, Store, StoreResult};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

/// Columns wide enough for their heading and a typical entry; longer
/// text is cut on screen (exports keep it whole).
pub fn column_width(column: &Column) -> usize {
    let heading = unicode_width::UnicodeWidthStr::width(column.label.as_str()).min(16);
    typical_width(&column.key).max(heading)
}

fn typical_width(key: &str) -> usize {
    match key {
        "content" | "reply_text" | "outcome" | "summary" | "milestones" | "topics" | "answers" => {
            40
        }
        "follow_up" => 30,
        "last_review" | "followups" | "supervisors" | "target" | "meeting" => 24,
        "satisfaction" => 30,
        "progress" => 24,
        "project" | "completion" => 16,
        "on_spot_reply" | "remarks" | "participants" | "present" | "on_leave" | "unit_post"
        | "activity_kinds" => 30,
        "topic" | "address" | "department" | "co_departments" | "station" | "met_office" => 20,
        "number" => 17,
        "feedback" | "deputies" | "constituency" | "group" | "organiser" | "place" => 14,
        "id_number" => 18,
        "date" | "referral_date" | "deadline" | "reply_date" | "closed_date" | "phone"
        | "last_visit" => 13,
        "grade" | "callback" | "political" | "term" | "kind" | "route" | "archive_no" => 12,
        "category" => 12,
        "visitor" | "deputy" | "name" | "recorder" | "reviewer" | "form" | "speaker"
        | "birth_month" | "met_person" => 10,
        _ => 8,
    }
}

/// What is kept for the sources whose rows are computed all at once.
enum Loaded {
    Keys,
    /// 民生实事: milestones are late by the station's calendar.
    Livelihood(Calendar),
    Duty(HashMap<String, DutyRecord>),
    Roster(HashMap<String, RosterEntry>),
    Households(HashMap<String, Household>),
}

/// One register over a range: the keys of its rows in order, and the
/// means to turn any of them into cells.
pub struct RegisterRows {
    /// The register as shown: the preset's, with the ID number column
    /// where ID numbers are recorded. Headings come from here.
    pub def: RegisterDef,
    pub range: Period,
    keys: RowKeys,
    loaded: Loaded,
    /// Phones and ID numbers in full: only for a secretary's full export,
    /// with a reason.
    full_details: bool,
    /// The day milestones are judged late on (民生实事).
    as_of: NaiveDate,
}

impl RegisterRows {
    pub fn load(store: &Store, def: &RegisterDef, range: Period) -> StoreResult<Self> {
        // The column is there while the station records ID numbers, and
        // for a period whose rows still hold some after it stopped.
        let settings = store.settings()?;
        let id_numbers = def.id_number_heading.is_some()
            && (settings.collect_id_number || store.any_id_number(range.from, range.to)?);
        let def = &def.with_id_numbers(id_numbers);
        let (keys, loaded) = match def.source {
            Source::Reception => (store.reception_keys(range.from, range.to)?, Loaded::Keys),
            Source::Handling => (store.case_keys(range.from, range.to)?, Loaded::Keys),
            Source::Activities => (
                store
                    .activity_ids(range.from, range.to, &def.kinds)?
                    .into_iter()
                    .collect(),
                Loaded::Keys,
            ),
            Source::Study => (
                store.study_ids(range.from, range.to)?.into_iter().collect(),
                Loaded::Keys,
            ),
            Source::DutyRecord => {
                let mut records = store.duty_records(range.to.year())?;
                records.sort_by_cached_key(|r| pinyin_keys(&r.name).1);
                let keys = records.iter().map(|r| r.deputy_id.as_str()).collect();
                let map = records
                    .into_iter()
                    .map(|r| (r.deputy_id.to_string(), r))
                    .collect();
                (keys, Loaded::Duty(map))
            }
            Source::Livelihood => {
                let keys = store.project_keys(range.from, range.to)?;
                (keys, Loaded::Livelihood(settings.working_calendar()))
            }
            Source::Households => {
                let list = store.households_visited(true, range.from, range.to)?;
                // Those still assigned first, each deputy's together in
                // pinyin order, then as the store gave them (village, head).
                let mut list: Vec<_> = list.into_iter().enumerate().collect();
                list.sort_by_cached_key(|(i, h)| (!h.active, pinyin_keys(&h.deputy_name).1, *i));
                let keys = list.iter().map(|(_, h)| h.id.as_str()).collect();
                let map = list.into_iter().map(|(_, h)| (h.id.clone(), h)).collect();
                (keys, Loaded::Households(map))
            }
            Source::Roster => {
                let mut entries = store.roster()?;
                // Serving deputies first, each group in pinyin order.
                entries.sort_by_cached_key(|e| (!e.active, pinyin_keys(&e.profile.name).1));
                let keys = entries.iter().map(|e| e.id.as_str()).collect();
                let map = entries.into_iter().map(|e| (e.id.to_string(), e)).collect();
                (keys, Loaded::Roster(map))
            }
        };
        Ok(Self {
            def: def.clone(),
            range,
            keys,
            loaded,
            full_details: false,
            as_of: range.to,
        })
    }

    /// Counts milestones late as of `today` when the range runs past it
    /// (a month or year not yet over).
    pub fn as_of(mut self, today: NaiveDate) -> Self {
        self.as_of = self.range.as_of(today);
        self
    }

    /// Shows phone and ID numbers in full (a full export; the caller
    /// checked the role and logged the reason).
    pub fn with_full_details(mut self) -> Self {
        self.full_details = true;
        self
    }

    /// The corrections of row `index`, one line each (the registers whose
    /// rows are amended; see `Source::corrections_entity`).
    pub fn corrections(&self, store: &Store, index: usize, t: &Strings) -> StoreResult<String> {
        let (Some(key), Some(entity)) =
            (self.keys.get(index), self.def.source.corrections_entity())
        else {
            return Ok(String::new());
        };
        let key = key.as_str();
        // Old and new values: phones and ID numbers masked, as in the row.
        let shown = |column: &str, v: &str| match column {
            _ if self.full_details => one_line(v),
            "phone" => mask_phone(v),
            "id_number" => mask_id_number(v),
            _ => one_line(v),
        };
        let lines: Vec<String> = store
            .corrections(entity, key)?
            .iter()
            .map(|c| correction_line(entity, c, t, shown))
            .collect();
        Ok(lines.join("；"))
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    pub fn key(&self, index: usize) -> Option<String> {
        self.keys.get(index)
    }

    pub fn duty_record(&self, key: &str) -> Option<&DutyRecord> {
        match &self.loaded {
            Loaded::Duty(map) => map.get(key),
            _ => None,
        }
    }

    /// The cells of row `index`, in the register's column order.
    pub fn cells(&self, store: &Store, index: usize, t: &Strings) -> StoreResult<Vec<String>> {
        let Some(key) = self.keys.get(index) else {
            return Ok(Vec::new());
        };
        let key = key.as_str();
        let value: Box<dyn Fn(&str) -> String> = match (&self.def.source, &self.loaded) {
            (Source::Reception, _) => {
                let r = store.reception(&ReceptionId::from(key))?;
                let full = self.full_details;
                Box::new(move |c| reception_cell(&r, c, t, full))
            }
            (Source::Handling, _) => {
                let h = store.handling_row(&CaseId::from(key))?;
                Box::new(move |c| handling_cell(&h, c, t))
            }
            (Source::Activities, _) => {
                let a = store.activity(key)?;
                let has =
                    |keys: &[&str]| self.def.columns.iter().any(|c| keys.contains(&&c.key[..]));
                // What the register has no column for is kept in 活动成果.
                let in_outcome = InOutcome {
                    meeting: !has(&MEETING_COLUMNS),
                    visit: !has(&["households", "contacts"]),
                    projects: !has(&["projects"]),
                };
                Box::new(move |c| activity_cell(&a, c, in_outcome, t))
            }
            (Source::Study, _) => {
                let s = store.study_session(key)?;
                Box::new(move |c| study_cell(&s, c))
            }
            (Source::DutyRecord, Loaded::Duty(map)) => match map.get(key) {
                Some(d) => Box::new(move |c| duty_cell(d, c)),
                None => return Ok(Vec::new()),
            },
            (Source::Livelihood, Loaded::Livelihood(calendar)) => {
                let p = store.project(key)?;
                let as_of = self.as_of;
                Box::new(move |c| livelihood_cell(&p, c, t, calendar, as_of))
            }
            (Source::Households, Loaded::Households(map)) => match map.get(key) {
                Some(h) => Box::new(move |c| household_cell(h, c, t, self.full_details)),
                None => return Ok(Vec::new()),
            },
            (Source::Roster, Loaded::Roster(map)) => match map.get(key) {
                Some(e) => Box::new(move |c| roster_cell(e, c, t, self.full_details)),
                None => return Ok(Vec::new()),
            },
            _ => return Ok(Vec::new()),
        };
        Ok(self.def.columns.iter().map(|c| value(&c.key)).collect())
    }

    /// Every row: for tests and exports.
    pub fn all_cells(&self, store: &Store, t: &Strings) -> StoreResult<Vec<Vec<String>>> {
        (0..self.len()).map(|i| self.cells(store, i, t)).collect()
    }
}

/// One correction of a row in words: when, who, correction or amendment,
/// the field, old and new value (as `shown` shows them), why. The
/// correction screens and the exports' last column say the same.
pub fn correction_line(
    entity: &str,
    c: &Correction,
    t: &Strings,
    shown: impl Fn(&str, &str) -> String,
) -> String {
    let kind = if c.amendment {
        t.closing.amendment
    } else {
        t.closing.correction
    };
    t.closing
        .history_line
        .fill([
            &c.at,
            &c.actor,
            &kind,
            &t.column_name(entity, &c.field),
            &shown(&c.field, &c.old_value),
            &shown(&c.field, &c.new_value),
            &one_line(&c.reason),
        ])
        .trim_end()
        .to_string()
}

/// The names of (id, name) pairs, as a register lists people: 李秀英、王建国.
pub fn names(people: &[(String, String)]) -> String {
    let names: Vec<&str> = people.iter().map(|(_, n)| n.as_str()).collect();
    names.join("、")
}

/// Text for one table cell: line breaks become spaces.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r', '\t'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn word<T: Copy>(code: &str, parse: fn(&str) -> Option<T>, words: impl Fn(T) -> String) -> String {
    parse(code).map(words).unwrap_or_else(|| code.to_string())
}

/// A phone as shown: masked unless a full export asked otherwise.
fn phone_text(stored: &str, full: bool) -> String {
    if full {
        stored.to_string()
    } else {
        mask_phone(stored)
    }
}

/// An ID number as shown: masked unless a full export asked otherwise.
fn id_number_text(stored: &str, full: bool) -> String {
    if full {
        stored.to_string()
    } else {
        mask_id_number(stored)
    }
}

fn reception_cell(
    r: &crate::store::ReceptionRecord,
    column: &str,
    t: &Strings,
    full: bool,
) -> String {
    let hidden = |s: &str| {
        if r.confidential {
            t.confidential_name.to_string()
        } else {
            s.to_string()
        }
    };
    match column {
        "number" => r.number.clone(),
        "date" => r.visit_date.clone(),
        "time" => r.received_at.get(11..16).unwrap_or_default().to_string(),
        "place" => r.place.clone(),
        "channel" => {
            let channel = t.channel(r.channel).to_string();
            match &r.letter_received {
                Some(d) => t.registers.letter_received.fill([&channel, d]),
                None => channel,
            }
        }
        "deputies" => r.deputies.join("、"),
        "visitor" => t.visitor(r.visitor_name.as_deref(), r.confidential),
        "gender" => t.gender(r.gender).into(),
        "phone" => hidden(&phone_text(r.phone.as_deref().unwrap_or(""), full)),
        "id_number" => hidden(&id_number_text(r.id_number.as_deref().unwrap_or(""), full)),
        "address" => hidden(&one_line(&r.address)),
        "group_size" => r.group_size.to_string(),
        "category" => r.category.clone(),
        "request_type" => t.request_type(r.request_type).into(),
        "content" => one_line(&r.content),
        "on_spot_reply" => one_line(&r.on_spot_reply),
        "route" => t.route(r.route).into(),
        "confidential" => if r.confidential { t.yes } else { "" }.to_string(),
        "recorder" => r.recorder.clone(),
        "reviewer" => r.reviewer.clone(),
        "remarks" if r.late => [t.late_entry_mark, &one_line(&r.remarks)]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("；"),
        "remarks" => one_line(&r.remarks),
        _ => String::new(),
    }
}

fn handling_cell(h: &crate::store::HandlingRow, column: &str, t: &Strings) -> String {
    let count = |n: i64| if n > 0 { n.to_string() } else { String::new() };
    match column {
        "number" => h.number.clone(),
        "summary" => one_line(&h.summary),
        "category" => h.category.clone(),
        "route" => t.route(h.route).into(),
        "status" => t.status(h.status).into(),
        "department" => h.department.clone(),
        "co_departments" => h.co_departments.clone(),
        "referral_date" => h.referral_date.clone(),
        "deadline" => h.deadline.clone(),
        "supervision" => count(h.supervisions),
        "extensions" => count(h.extensions),
        "grade" => h.grade.map_or("", |g| t.grade(g)).into(),
        "reply_date" => h.reply_date.clone(),
        "reply_text" => one_line(&h.reply_text),
        "feedback" => {
            let way = word(&h.feedback_way, FeedbackWay::from_code, |w| {
                t.feedback_way(w).into()
            });
            format!("{} {way}", h.feedback_date).trim().to_string()
        }
        "callback" => h.callback.map_or("", |s| t.satisfaction(s)).into(),
        "rehandle_count" => count(h.rehandle_count),
        "closed_date" => h.closed_date.clone(),
        "archive_no" => h.archive_no.clone(),
        _ => String::new(),
    }
}

/// A 约见 in one line, for 活动成果: `约见李镇长（城关镇人民政府镇长）；反映：……；答复：……；跟进：……`.
pub fn meeting_line(m: &crate::store::Meeting, t: &Strings) -> String {
    let r = &t.registers;
    let mut parts = vec![r.meeting_who.fill([&m.person, &m.office])];
    for (template, text) in [
        (r.meeting_topics, &m.topics),
        (r.meeting_answers, &m.answers),
        (r.meeting_follow_up, &m.follow_up),
    ] {
        if !text.trim().is_empty() {
            parts.push(template.fill([&one_line(text)]));
        }
    }
    parts.join("；")
}

/// Which of an activity's own records a register without their columns
/// shows in 活动成果.
#[derive(Clone, Copy)]
struct InOutcome {
    meeting: bool,
    visit: bool,
    projects: bool,
}

/// A visit in words: `走访 12 户（联系户：东关村 赵大爷、……）`.
fn visit_line(v: &crate::store::VisitRow, t: &Strings) -> String {
    let r = &t.registers;
    let mut line = r.visit_households.fill([&v.households]);
    if !v.contacts.is_empty() {
        line.push_str(&r.visit_contacts.fill([&names(&v.contacts)]));
    }
    line
}

fn activity_cell(
    a: &crate::store::ActivityRow,
    column: &str,
    in_outcome: InOutcome,
    t: &Strings,
) -> String {
    let meeting = |code: &str| {
        a.meeting
            .as_ref()
            .map(|m| one_line(&m.value(code)))
            .unwrap_or_default()
    };
    match column {
        "outcome" => {
            let mut parts = Vec::new();
            if let Some(m) = a.meeting.as_ref().filter(|_| in_outcome.meeting) {
                parts.push(meeting_line(m, t));
            }
            if let Some(v) = a.visit.as_ref().filter(|_| in_outcome.visit) {
                parts.push(visit_line(v, t));
            }
            if in_outcome.projects && !a.projects.is_empty() {
                parts.push(t.registers.linked_projects.fill([&names(&a.projects)]));
            }
            parts.push(one_line(&a.outcome));
            parts.retain(|s| !s.is_empty());
            parts.join("；")
        }
        "households" => a
            .visit
            .as_ref()
            .map(|v| v.households.to_string())
            .unwrap_or_default(),
        "contacts" => a
            .visit
            .as_ref()
            .map(|v| names(&v.contacts))
            .unwrap_or_default(),
        "projects" => names(&a.projects),
        "met_person" | "met_office" | "topics" | "answers" | "follow_up" => meeting(column),
        "date" => a.date.clone(),
        "kind" => a.kind.clone(),
        "topic" => one_line(&a.topic),
        "place" => a.place.clone(),
        "organiser" => a.organiser.clone(),
        "participants" => names(&a.participants),
        "recorder" => a.recorder.clone(),
        _ => String::new(),
    }
}

fn study_cell(s: &crate::store::StudyRow, column: &str) -> String {
    match column {
        "date" => s.date.clone(),
        "topic" => one_line(&s.topic),
        "form" => s.form.clone(),
        "speaker" => s.speaker.clone(),
        "present" => s
            .attendance
            .iter()
            .filter(|a| a.present)
            .map(|a| a.name.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        "on_leave" => s
            .attendance
            .iter()
            .filter(|a| !a.present)
            .map(|a| format!("{}（{}）", a.name, a.leave_reason))
            .collect::<Vec<_>>()
            .join("、"),
        "hours" => hours_text(s.hours),
        "recorder" => s.recorder.clone(),
        _ => String::new(),
    }
}

fn duty_cell(d: &DutyRecord, column: &str) -> String {
    match column {
        "deputy" => d.name.clone(),
        "duty_days" => d.duty_days.to_string(),
        "batches" => d.batches.to_string(),
        "persons" => d.persons.to_string(),
        "cases" => d.cases.to_string(),
        "suggestions" => d.suggestions.to_string(),
        "activities" => d.activities().to_string(),
        "activity_kinds" => d.kinds_line(),
        "study_present" => d.study_present.to_string(),
        "study_leave" => d.study_leave.to_string(),
        "study_hours" => hours_text(d.study_hours),
        "reports" => d.reports().to_string(),
        "households" => d.households.to_string(),
        _ => String::new(),
    }
}

fn household_cell(h: &Household, column: &str, t: &Strings, full: bool) -> String {
    match column {
        "deputy" => h.deputy_name.clone(),
        "village" => h.village.clone(),
        "head" => h.head.clone(),
        "phone" => phone_text(&h.phone, full),
        "visits" => h.visits.to_string(),
        "last_visit" => h.last_visit.clone().unwrap_or_default(),
        "note" => one_line(&h.note),
        "status" if h.active => t.registers.household_active.to_string(),
        "status" => t.registers.household_retired.to_string(),
        _ => String::new(),
    }
}

fn roster_cell(e: &RosterEntry, column: &str, t: &Strings, full: bool) -> String {
    let p = &e.profile;
    match column {
        "name" => p.name.clone(),
        "gender" => word(&p.gender, Gender::from_code, |g| t.gender(g).into()),
        "ethnicity" => p.ethnicity.clone(),
        "birth_month" => p.birth_month.clone(),
        "political" => p.political.clone(),
        "level" => p.level.clone(),
        "constituency" => p.constituency.clone(),
        "unit_post" => p.unit_post.clone(),
        "group" => p.group_name.clone(),
        "station" => e.station.clone(),
        "phone" => phone_text(&p.phone, full),
        "term" => p.term.clone(),
        "status" => {
            let status = if e.active {
                t.registers.active
            } else {
                t.registers.ended
            };
            // Added by an import: the secretary completes the entry.
            if e.needs_review {
                format!("{status}{}", t.registers.needs_review)
            } else {
                status.to_string()
            }
        }
        _ => String::new(),
    }
}

/// A project's cell in 民生实事项目监督台账: the division of work, the
/// monthly targets with their state, the progress, the judgement.
fn livelihood_cell(
    p: &ProjectRow,
    column: &str,
    t: &Strings,
    calendar: &Calendar,
    as_of: NaiveDate,
) -> String {
    let m = t.mszs;
    let late = |month: &str, state| month_overdue(calendar, month, state, as_of);
    let when = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    match column {
        "project" => p.title.clone(),
        "meeting" => format!("{} {}", p.vote_date, one_line(&p.meeting)),
        "lead" => p.lead.clone(),
        "department" => p.department.clone(),
        "supervisors" => names(&p.supervisors),
        "budget" => cost_text(p.budget_cents),
        "target" => one_line(&p.target),
        "deadline" => when(p.deadline),
        "milestones" => p
            .milestones
            .iter()
            .map(|(month, target, state)| {
                let word = state.map_or(m.unreviewed, |s| m.milestone_states[s.index()]);
                let mark = if late(month, *state) {
                    format!("，{}", m.overdue_mark)
                } else {
                    String::new()
                };
                format!("{month} {}（{word}{mark}）", one_line(target))
            })
            .collect::<Vec<_>>()
            .join("；"),
        "progress" if p.milestones.is_empty() => String::new(),
        "progress" => {
            let done = p
                .milestones
                .iter()
                .filter(|(_, _, s)| *s == Some(MilestoneState::Done));
            let overdue = p.milestones.iter().filter(|(mo, _, s)| late(mo, *s));
            m.register_progress
                .fill([&done.count(), &p.milestones.len(), &overdue.count()])
        }
        "last_review" => p
            .last_review
            .as_ref()
            .map(|(d, note)| format!("{d} {}", one_line(note)).trim().to_string())
            .unwrap_or_default(),
        "completion" => match p.completion {
            Some(c) => format!("{} {}", when(p.judged), m.completions[c as usize])
                .trim()
                .to_string(),
            None => String::new(),
        },
        "satisfaction" if p.completion.is_none() => String::new(),
        "satisfaction" => {
            let [s, b, u] = p.satisfaction;
            m.register_satisfaction.fill([&s, &b, &u])
        }
        "followups" => p
            .followups
            .iter()
            .map(|f| {
                let state = match f.closed {
                    Some(d) => m.followup_closed.fill([&d]),
                    None => m.followup_open.to_string(),
                };
                format!("{} {}（{state}）", f.opened, one_line(&f.item))
            })
            .collect::<Vec<_>>()
            .join("；"),
        "activities" => p
            .activities
            .iter()
            .map(|a| format!("{} {} {}", a.date, a.kind, one_line(&a.topic)))
            .collect::<Vec<_>>()
            .join("；"),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line_and_hours_plain() {
        assert_eq!(one_line("第一行\n第二行\r\n\t第三"), "第一行 第二行 第三");
        assert_eq!(hours_text(2.0), "2");
        assert_eq!(hours_text(1.5), "1.5");
        let column = |key: &str, label: &str| Column {
            key: key.into(),
            label: label.into(),
        };
        assert_eq!(column_width(&column("content", "反映内容")), 40);
        assert_eq!(column_width(&column("cases", "交办转办件数")), 12);
    }
}
