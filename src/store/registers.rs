//! The activity register (代表活动登记簿) and the study and training
//! register (代表学习培训登记簿): add, correct, read. A correction keeps
//! each changed field's old and new value; on a signed-off day it is an
//! amendment, a secretary's, with a reason (see `closing::amendment_rule`).

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::closing::{amendment_rule, record_changes, refuse_if_signed};
use super::{Store, StoreError, StoreResult, day, parse_day, ts};
use crate::domain::closing::{ACTIVITY_FIELDS, Change, STUDY_FIELDS, changes};
use crate::domain::ids::new_id;
use crate::domain::register_forms::{Meeting, NewActivity, NewStudySession, hours_text};
use crate::domain::roles::Actor;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};

/// One activity as stored, with its participants' names.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub topic: String,
    pub place: String,
    pub organiser: String,
    pub outcome: String,
    pub recorder: String,
    /// (deputy id, name) in name order.
    pub participants: Vec<(String, String)>,
    /// A 约见's own record.
    pub meeting: Option<Meeting>,
    /// The 民生实事 projects it was about: (project id, title).
    pub projects: Vec<(String, String)>,
    /// A door-to-door visit's households.
    pub visit: Option<VisitRow>,
}

/// A visit as stored: the households counted, and the contact households
/// among them as (id, "village head").
#[derive(Debug, Clone, PartialEq)]
pub struct VisitRow {
    pub households: u32,
    pub contacts: Vec<(String, String)>,
}

/// One deputy's attendance at a study session.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceRow {
    pub deputy_id: String,
    pub name: String,
    pub present: bool,
    pub leave_reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StudyRow {
    pub id: String,
    pub date: String,
    pub topic: String,
    pub form: String,
    pub speaker: String,
    pub hours: f64,
    pub recorder: String,
    pub attendance: Vec<AttendanceRow>,
}

fn activity_json(a: &NewActivity, date: NaiveDate) -> serde_json::Value {
    let mut value = json!({
        "date": day(date), "kind": a.kind, "topic": a.topic, "place": a.place,
        "organiser": a.organiser, "outcome": a.outcome, "participants": a.participants,
    });
    if let Some(m) = &a.meeting {
        value["meeting"] = meeting_json(m);
    }
    if !a.projects.is_empty() {
        value["projects"] = json!(a.projects);
    }
    if let Some(v) = &a.visit {
        value["households"] = json!(v.households);
        value["contacts"] = json!(v.contacts);
    }
    value
}

fn meeting_json(m: &Meeting) -> serde_json::Value {
    json!({
        "met_person": m.person, "met_office": m.office, "topics": m.topics,
        "answers": m.answers, "follow_up": m.follow_up,
    })
}

fn study_json(s: &NewStudySession, date: NaiveDate) -> serde_json::Value {
    json!({
        "date": day(date), "topic": s.topic, "form": s.form, "speaker": s.speaker,
        "hours": s.hours, "attendance": s.attendance,
    })
}

/// An activity's field as corrections record it (see `ACTIVITY_FIELDS`).
fn activity_value(a: &ActivityRow, code: &str) -> String {
    match code {
        "date" => a.date.clone(),
        "kind" => a.kind.clone(),
        "topic" => a.topic.clone(),
        "place" => a.place.clone(),
        "organiser" => a.organiser.clone(),
        "participants" => names(a.participants.iter().map(|(_, n)| n.clone())),
        "outcome" => a.outcome.clone(),
        "projects" => names(a.projects.iter().map(|(_, t)| t.clone())),
        "households" => a
            .visit
            .as_ref()
            .map(|v| v.households.to_string())
            .unwrap_or_default(),
        "contacts" => names(
            a.visit
                .iter()
                .flat_map(|v| &v.contacts)
                .map(|(_, n)| n.clone()),
        ),
        code => a
            .meeting
            .as_ref()
            .map(|m| m.value(code))
            .unwrap_or_default(),
    }
}

/// A study session's field as corrections record it (see `STUDY_FIELDS`):
/// attendance as the register shows it, names present, names on leave
/// with the reason.
fn study_value(s: &StudyRow, code: &str) -> String {
    let (present, on_leave): (Vec<_>, Vec<_>) = s.attendance.iter().partition(|a| a.present);
    match code {
        "date" => s.date.clone(),
        "topic" => s.topic.clone(),
        "form" => s.form.clone(),
        "speaker" => s.speaker.clone(),
        "hours" => hours_text(s.hours),
        "present" => names(present.iter().map(|a| a.name.clone())),
        "on_leave" => names(
            on_leave
                .iter()
                .map(|a| format!("{}（{}）", a.name, a.leave_reason)),
        ),
        _ => String::new(),
    }
}

fn names(list: impl Iterator<Item = String>) -> String {
    list.collect::<Vec<_>>().join("、")
}

/// The audit entry's before and after of an amendment: the changed
/// fields, and the reason.
fn amended_json(changes: &[Change], reason: &str) -> (Value, Value) {
    let (mut before, mut after) = (Map::new(), Map::new());
    for c in changes {
        before.insert(c.field.into(), json!(c.old));
        after.insert(c.field.into(), json!(c.new));
    }
    after.insert("reason".into(), json!(reason));
    (Value::Object(before), Value::Object(after))
}

/// The day a stored row is dated.
fn row_day(date: &str) -> StoreResult<NaiveDate> {
    parse_day(date).ok_or(StoreError::Refused(Refusal::NotFound))
}

fn write_participants(conn: &Connection, id: &str, participants: &[String]) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM activity_participants WHERE activity_id = ?1",
        [id],
    )?;
    for deputy in participants {
        conn.execute(
            "INSERT OR IGNORE INTO activity_participants (activity_id, deputy_id) VALUES (?1, ?2)",
            params![id, deputy],
        )?;
    }
    Ok(())
}

/// Replaces an activity's 约见 record (none for another type).
fn write_meeting(conn: &Connection, id: &str, meeting: Option<&Meeting>) -> StoreResult<()> {
    let old = read_meeting(conn, id)?;
    if old.as_ref() == meeting {
        return Ok(());
    }
    conn.execute("DELETE FROM activity_meetings WHERE activity_id = ?1", [id])?;
    if let Some(m) = meeting {
        conn.execute(
            "INSERT INTO activity_meetings (activity_id, met_person, met_office, topics, answers, follow_up)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![id, m.person, m.office, m.topics, m.answers, m.follow_up],
        )?;
    }
    Ok(())
}

/// Replaces what an activity has beyond its row: the projects it was
/// about, and a visit's households. No row at all when it has neither.
/// Rewritten as a whole: content written again unchanged keeps its seal.
fn write_extras(conn: &Connection, id: &str, a: &NewActivity) -> StoreResult<()> {
    for table in [
        "activity_projects",
        "activity_households",
        "activity_extras",
    ] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE activity_id = ?1"))?
            .execute([id])?;
    }
    if a.projects.is_empty() && a.visit.is_none() {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO activity_extras (activity_id, households) VALUES (?1, ?2)",
        params![id, a.visit.as_ref().map(|v| v.households)],
    )?;
    let link = |sql: &str, key: &String| -> StoreResult<()> {
        conn.prepare_cached(sql)?.execute(params![id, key])?;
        Ok(())
    };
    for project in &a.projects {
        link(
            "INSERT OR IGNORE INTO activity_projects (activity_id, project_id) VALUES (?1, ?2)",
            project,
        )?;
    }
    for household in a.visit.iter().flat_map(|v| &v.contacts) {
        link(
            "INSERT OR IGNORE INTO activity_households (activity_id, household_id) VALUES (?1, ?2)",
            household,
        )?;
    }
    Ok(())
}

/// The projects an activity was about and its visit, as stored.
fn read_extras(conn: &Connection, row: &mut ActivityRow) -> StoreResult<()> {
    let households: Option<Option<u32>> = conn
        .prepare_cached("SELECT households FROM activity_extras WHERE activity_id = ?1")?
        .query_row([&row.id], |r| r.get(0))
        .optional()?;
    let Some(households) = households else {
        return Ok(());
    };
    row.projects = conn
        .prepare_cached(
            "SELECT p.id, c.title FROM activity_projects a
             JOIN livelihood_projects p ON p.id = a.project_id
             JOIN livelihood_candidates c ON c.id = p.candidate_id
             WHERE a.activity_id = ?1 ORDER BY p.created_at, p.id",
        )?
        .query_map([&row.id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    if let Some(households) = households {
        let contacts = conn
            .prepare_cached(
                "SELECT h.id, h.village || ' ' || h.head FROM activity_households a
                 JOIN contact_households h ON h.id = a.household_id
                 WHERE a.activity_id = ?1 ORDER BY h.village, h.head, h.id",
            )?
            .query_map([&row.id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        row.visit = Some(VisitRow {
            households,
            contacts,
        });
    }
    Ok(())
}

fn read_meeting(conn: &Connection, id: &str) -> StoreResult<Option<Meeting>> {
    Ok(conn
        .prepare_cached(
            "SELECT met_person, met_office, topics, answers, follow_up
             FROM activity_meetings WHERE activity_id = ?1",
        )?
        .query_row([id], |r| {
            Ok(Meeting {
                person: r.get(0)?,
                office: r.get(1)?,
                topics: r.get(2)?,
                answers: r.get(3)?,
                follow_up: r.get(4)?,
            })
        })
        .optional()?)
}

fn write_attendance(conn: &Connection, id: &str, s: &NewStudySession) -> StoreResult<()> {
    conn.execute("DELETE FROM study_attendance WHERE session_id = ?1", [id])?;
    for (deputy, present, reason) in &s.attendance {
        conn.execute(
            "INSERT OR IGNORE INTO study_attendance (session_id, deputy_id, present, leave_reason, hours)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, deputy, present, reason, if *present { s.hours } else { 0.0 }],
        )?;
    }
    Ok(())
}

fn activity_row(conn: &Connection, id: &str) -> StoreResult<ActivityRow> {
    let mut row = conn.query_row(
        "SELECT id, activity_date, kind, topic, place, organiser, outcome, recorder
         FROM activities WHERE id = ?1",
        [id],
        |r| {
            Ok(ActivityRow {
                id: r.get(0)?,
                date: r.get(1)?,
                kind: r.get(2)?,
                topic: r.get(3)?,
                place: r.get(4)?,
                organiser: r.get(5)?,
                outcome: r.get(6)?,
                recorder: r.get(7)?,
                participants: Vec::new(),
                meeting: None,
                projects: Vec::new(),
                visit: None,
            })
        },
    )?;
    row.meeting = read_meeting(conn, id)?;
    read_extras(conn, &mut row)?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name FROM activity_participants p JOIN deputies d ON d.id = p.deputy_id
         WHERE p.activity_id = ?1 ORDER BY d.name, d.id",
    )?;
    row.participants = stmt
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    Ok(row)
}

fn study_row(conn: &Connection, id: &str) -> StoreResult<StudyRow> {
    let mut row = conn.query_row(
        "SELECT id, session_date, topic, form, speaker, hours, recorder
         FROM study_sessions WHERE id = ?1",
        [id],
        |r| {
            Ok(StudyRow {
                id: r.get(0)?,
                date: r.get(1)?,
                topic: r.get(2)?,
                form: r.get(3)?,
                speaker: r.get(4)?,
                hours: r.get(5)?,
                recorder: r.get(6)?,
                attendance: Vec::new(),
            })
        },
    )?;
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.name, t.present, t.leave_reason
         FROM study_attendance t JOIN deputies d ON d.id = t.deputy_id
         WHERE t.session_id = ?1 ORDER BY d.name, d.id",
    )?;
    row.attendance = stmt
        .query_map([id], |r| {
            Ok(AttendanceRow {
                deputy_id: r.get(0)?,
                name: r.get(1)?,
                present: r.get(2)?,
                leave_reason: r.get(3)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    Ok(row)
}

/// A study session as the audit log kept it before a correction.
fn study_before_json(before: &StudyRow) -> Value {
    let attendance: Vec<(&str, bool, &str)> = before
        .attendance
        .iter()
        .map(|a| (&a.deputy_id[..], a.present, &a.leave_reason[..]))
        .collect();
    json!({
        "date": before.date, "topic": before.topic, "form": before.form,
        "speaker": before.speaker, "hours": before.hours,
        "attendance": attendance,
    })
}

impl Store {
    pub fn add_activity(
        &mut self,
        a: &NewActivity,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let id = new_id();
        let date = a.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        refuse_if_signed(&tx, date)?;
        tx.execute(
            "INSERT INTO activities (id, station_id, activity_date, kind, topic, place, organiser, outcome, recorder, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![id, station.id, day(date), a.kind, a.topic, a.place, a.organiser, a.outcome, actor, ts(now)],
        )?;
        write_participants(&tx, &id, &a.participants)?;
        write_meeting(&tx, &id, a.meeting.as_ref())?;
        write_extras(&tx, &id, a)?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "activity.add",
                entity: "activity",
                entity_id: &id,
                before: None,
                after: Some(activity_json(a, date)),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Corrects an activity; its participants are replaced as a whole.
    /// Each changed field is kept with its old and new value; on a
    /// signed-off day this is an amendment (a secretary's, with a reason).
    /// Returns how many fields changed (none: an amendment writes nothing).
    pub fn update_activity(
        &mut self,
        by: &Actor,
        id: &str,
        a: &NewActivity,
        reason: &str,
        now: NaiveDateTime,
    ) -> StoreResult<usize> {
        let date = a.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        let before = activity_row(&tx, id)?;
        let amendment = amendment_rule(&tx, by, row_day(&before.date)?, date, reason)?;
        tx.execute(
            "UPDATE activities SET activity_date = ?2, kind = ?3, topic = ?4, place = ?5, organiser = ?6,
                outcome = ?7 WHERE id = ?1",
            params![id, day(date), a.kind, a.topic, a.place, a.organiser, a.outcome],
        )?;
        write_participants(&tx, id, &a.participants)?;
        write_meeting(&tx, id, a.meeting.as_ref())?;
        write_extras(&tx, id, a)?;
        let after = activity_row(&tx, id)?;
        let changed = changes(
            &ACTIVITY_FIELDS,
            |f| activity_value(&before, f),
            |f| activity_value(&after, f),
        );
        // Nothing to amend: the row and the log stay as they were.
        if amendment.signed && changed.is_empty() {
            return Ok(0);
        }
        record_changes(&tx, "activity", id, &changed, &amendment, by, now)?;
        let before_ids: Vec<&str> = before.participants.iter().map(|(i, _)| &i[..]).collect();
        let (action, before, after) = if amendment.signed {
            let (b, a) = amended_json(&changed, &amendment.reason);
            ("activity.amend", b, a)
        } else {
            let mut old = json!({
                "date": before.date, "kind": before.kind, "topic": before.topic,
                "place": before.place, "organiser": before.organiser,
                "outcome": before.outcome, "participants": before_ids,
            });
            if let Some(m) = &before.meeting {
                old["meeting"] = meeting_json(m);
            }
            if !before.projects.is_empty() {
                old["projects"] = json!(before.projects.iter().map(|(i, _)| i).collect::<Vec<_>>());
            }
            if let Some(v) = &before.visit {
                old["households"] = json!(v.households);
                old["contacts"] = json!(v.contacts.iter().map(|(i, _)| i).collect::<Vec<_>>());
            }
            let before = old;
            ("activity.edit", before, activity_json(a, date))
        };
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action,
                entity: "activity",
                entity_id: id,
                before: Some(before),
                after: Some(after),
            },
        )?;
        tx.commit()?;
        Ok(changed.len())
    }

    pub fn activity(&self, id: &str) -> StoreResult<ActivityRow> {
        activity_row(&self.conn, id)
    }

    /// Activities dated within `from..=to` of the given types (all types
    /// when `kinds` is empty), oldest first.
    pub fn activity_ids(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        kinds: &[String],
    ) -> StoreResult<Vec<String>> {
        let kinds = (!kinds.is_empty()).then(|| serde_json::json!(kinds).to_string());
        let mut stmt = self.conn.prepare_cached(
            "SELECT id FROM activities WHERE activity_date BETWEEN ?1 AND ?2
               AND (?3 IS NULL OR kind IN (SELECT value FROM json_each(?3)))
             ORDER BY activity_date, created_at, id",
        )?;
        let rows = stmt.query_map(params![day(from), day(to), kinds], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_study_session(
        &mut self,
        s: &NewStudySession,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let id = new_id();
        let date = s.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        refuse_if_signed(&tx, date)?;
        tx.execute(
            "INSERT INTO study_sessions (id, station_id, session_date, topic, form, speaker, hours, recorder, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![id, station.id, day(date), s.topic, s.form, s.speaker, s.hours, actor, ts(now)],
        )?;
        write_attendance(&tx, &id, s)?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "study.add",
                entity: "study_session",
                entity_id: &id,
                before: None,
                after: Some(study_json(s, date)),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Corrects a study session; its attendance is replaced as a whole.
    /// Kept and amended as `update_activity`.
    pub fn update_study_session(
        &mut self,
        by: &Actor,
        id: &str,
        s: &NewStudySession,
        reason: &str,
        now: NaiveDateTime,
    ) -> StoreResult<usize> {
        let date = s.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        let before = study_row(&tx, id)?;
        let amendment = amendment_rule(&tx, by, row_day(&before.date)?, date, reason)?;
        tx.execute(
            "UPDATE study_sessions SET session_date = ?2, topic = ?3, form = ?4, speaker = ?5, hours = ?6
             WHERE id = ?1",
            params![id, day(date), s.topic, s.form, s.speaker, s.hours],
        )?;
        write_attendance(&tx, id, s)?;
        let after = study_row(&tx, id)?;
        let changed = changes(
            &STUDY_FIELDS,
            |f| study_value(&before, f),
            |f| study_value(&after, f),
        );
        if amendment.signed && changed.is_empty() {
            return Ok(0);
        }
        record_changes(&tx, "study_session", id, &changed, &amendment, by, now)?;
        let (action, before, after) = if amendment.signed {
            let (b, a) = amended_json(&changed, &amendment.reason);
            ("study.amend", b, a)
        } else {
            (
                "study.edit",
                study_before_json(&before),
                study_json(s, date),
            )
        };
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action,
                entity: "study_session",
                entity_id: id,
                before: Some(before),
                after: Some(after),
            },
        )?;
        tx.commit()?;
        Ok(changed.len())
    }

    pub fn study_session(&self, id: &str) -> StoreResult<StudyRow> {
        study_row(&self.conn, id)
    }

    /// Study sessions dated within `from..=to`, oldest first.
    pub fn study_ids(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<String>> {
        self.ids_between(
            "SELECT id FROM study_sessions WHERE session_date BETWEEN ?1 AND ?2
             ORDER BY session_date, created_at, id",
            from,
            to,
        )
    }
}
