//! A register as the paper page shows it: the preset's columns, one row
//! of words per entry, phone and ID numbers masked and confidential
//! visitors hidden. The register screens draw these rows; exports write
//! the same.

use crate::domain::case::{CaseStatus, Grade, Satisfaction};
use crate::domain::choices::{Channel, FeedbackWay, Gender, RequestType, Route};
use crate::domain::duty_record::DutyRecord;
use crate::domain::id_number::mask_id_number;
use crate::domain::names::pinyin_keys;
pub use crate::domain::register_forms::hours_text;
use crate::domain::registers::{Column, MEETING_COLUMNS, RegisterDef, Source};
use crate::domain::stats::Period;
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::store::{Correction, RosterEntry, RowKeys, Store, StoreResult};
use chrono::Datelike;
use std::collections::HashMap;

/// Columns wide enough for their heading and a typical entry; longer
/// text is cut on screen (exports keep it whole).
pub fn column_width(column: &Column) -> usize {
    let heading = unicode_width::UnicodeWidthStr::width(column.label.as_str()).min(16);
    typical_width(&column.key).max(heading)
}

fn typical_width(key: &str) -> usize {
    match key {
        "content" | "reply_text" | "outcome" | "summary" | "topics" | "answers" => 40,
        "follow_up" => 30,
        "on_spot_reply" | "remarks" | "participants" | "present" | "on_leave" | "unit_post"
        | "activity_kinds" => 30,
        "topic" | "address" | "department" | "co_departments" | "station" | "met_office" => 20,
        "number" => 17,
        "feedback" | "deputies" | "constituency" | "group" | "organiser" | "place" => 14,
        "id_number" => 18,
        "date" | "referral_date" | "deadline" | "reply_date" | "closed_date" | "phone" => 13,
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
    Duty(HashMap<String, DutyRecord>),
    Roster(HashMap<String, RosterEntry>),
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
}

impl RegisterRows {
    pub fn load(store: &Store, def: &RegisterDef, range: Period) -> StoreResult<Self> {
        // The column is there while the station records ID numbers, and
        // for a period whose rows still hold some after it stopped.
        let id_numbers = def.id_number_heading.is_some()
            && (store.settings()?.collect_id_number
                || store.any_id_number(range.from, range.to)?);
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
                    .map(|r| (r.deputy_id.clone(), r))
                    .collect();
                (keys, Loaded::Duty(map))
            }
            Source::Roster => {
                let mut entries = store.roster()?;
                // Serving deputies first, each group in pinyin order.
                entries.sort_by_cached_key(|e| (!e.active, pinyin_keys(&e.profile.name).1));
                let keys = entries.iter().map(|e| e.id.as_str()).collect();
                let map = entries.into_iter().map(|e| (e.id.clone(), e)).collect();
                (keys, Loaded::Roster(map))
            }
        };
        Ok(Self {
            def: def.clone(),
            range,
            keys,
            loaded,
            full_details: false,
        })
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
                let r = store.reception(key)?;
                let full = self.full_details;
                Box::new(move |c| reception_cell(&r, c, t, full))
            }
            (Source::Handling, _) => {
                let h = store.handling_row(key)?;
                Box::new(move |c| handling_cell(&h, c, t))
            }
            (Source::Activities, _) => {
                let a = store.activity(key)?;
                // A register without the 约见 columns keeps the meeting in 活动成果.
                let in_outcome = !self
                    .def
                    .columns
                    .iter()
                    .any(|c| MEETING_COLUMNS.contains(&c.key.as_str()));
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
    crate::i18n::fill(
        t.closing.history_line,
        &[
            &c.at,
            &c.actor,
            &kind,
            &t.column_name(entity, &c.field),
            &shown(&c.field, &c.old_value),
            &shown(&c.field, &c.new_value),
            &one_line(&c.reason),
        ],
    )
    .trim_end()
    .to_string()
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
        "channel" => word(&r.channel, Channel::from_code, |c| t.channel(c).into()),
        "deputies" => r.deputies.join("、"),
        "visitor" => t.visitor(r.visitor_name.as_deref(), r.confidential),
        "gender" => word(&r.gender, Gender::from_code, |g| t.gender(g).into()),
        "phone" => hidden(&phone_text(r.phone.as_deref().unwrap_or(""), full)),
        "id_number" => hidden(&id_number_text(r.id_number.as_deref().unwrap_or(""), full)),
        "address" => hidden(&one_line(&r.address)),
        "group_size" => r.group_size.to_string(),
        "category" => r.category.clone(),
        "request_type" => word(&r.request_type, RequestType::from_code, |k| {
            t.request_type(k).into()
        }),
        "content" => one_line(&r.content),
        "on_spot_reply" => one_line(&r.on_spot_reply),
        "route" => word(&r.route, Route::from_code, |k| t.route(k).into()),
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
        "route" => word(&h.route, Route::from_code, |k| t.route(k).into()),
        "status" => word(&h.status, CaseStatus::from_code, |s| t.status(s).into()),
        "department" => h.department.clone(),
        "co_departments" => h.co_departments.clone(),
        "referral_date" => h.referral_date.clone(),
        "deadline" => h.deadline.clone(),
        "supervision" => count(h.supervisions),
        "extensions" => count(h.extensions),
        "grade" => word(&h.grade, Grade::from_code, |g| t.grade(g).into()),
        "reply_date" => h.reply_date.clone(),
        "reply_text" => one_line(&h.reply_text),
        "feedback" => {
            let way = word(&h.feedback_way, FeedbackWay::from_code, |w| {
                t.feedback_way(w).into()
            });
            format!("{} {way}", h.feedback_date).trim().to_string()
        }
        "callback" => word(&h.callback, Satisfaction::from_code, |s| {
            t.satisfaction(s).into()
        }),
        "rehandle_count" => count(h.rehandle_count),
        "closed_date" => h.closed_date.clone(),
        "archive_no" => h.archive_no.clone(),
        _ => String::new(),
    }
}

/// A 约见 in one line, for 活动成果: `约见李镇长（城关镇人民政府镇长）；反映：……；答复：……；跟进：……`.
pub fn meeting_line(m: &crate::store::Meeting, t: &Strings) -> String {
    let r = &t.registers;
    let mut parts = vec![crate::i18n::fill(r.meeting_who, &[&m.person, &m.office])];
    for (template, text) in [
        (r.meeting_topics, &m.topics),
        (r.meeting_answers, &m.answers),
        (r.meeting_follow_up, &m.follow_up),
    ] {
        if !text.trim().is_empty() {
            parts.push(crate::i18n::fill(template, &[&one_line(text)]));
        }
    }
    parts.join("；")
}

fn activity_cell(
    a: &crate::store::ActivityRow,
    column: &str,
    meeting_in_outcome: bool,
    t: &Strings,
) -> String {
    let meeting = |code: &str| {
        a.meeting
            .as_ref()
            .map(|m| one_line(&m.value(code)))
            .unwrap_or_default()
    };
    match column {
        "outcome" if meeting_in_outcome && a.meeting.is_some() => {
            let m = a.meeting.as_ref().map(|m| meeting_line(m, t));
            [m.unwrap_or_default(), one_line(&a.outcome)]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("；")
        }
        "met_person" | "met_office" | "topics" | "answers" | "follow_up" => meeting(column),
        "date" => a.date.clone(),
        "kind" => a.kind.clone(),
        "topic" => one_line(&a.topic),
        "place" => a.place.clone(),
        "organiser" => a.organiser.clone(),
        "participants" => a
            .participants
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        "outcome" => one_line(&a.outcome),
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
