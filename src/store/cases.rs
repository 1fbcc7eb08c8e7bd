//! Case transitions. The domain decides whether a move is legal; this
//! writes the new state, the timeline event and the audit entry in one
//! transaction, and refuses a move made stale by another terminal.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, day, ts};
pub use crate::domain::case::CaseUpdate;
use crate::domain::case::{self, CaseStatus};
use crate::domain::ids::CaseId;
use crate::domain::ids::new_id;
use chrono::NaiveDateTime;
use rusqlite::params;
use serde_json::json;

/// What a timeline entry records about an update.
fn update_detail(update: &CaseUpdate) -> serde_json::Value {
    match update {
        CaseUpdate::Refer {
            department_id,
            deadline,
        } => {
            json!({"department_id": department_id, "deadline": day(*deadline)})
        }
        CaseUpdate::Supervise { level, note } => json!({"level": level, "note": note}),
        CaseUpdate::Extend {
            reason,
            new_deadline,
        } => {
            json!({"reason": reason, "deadline": day(*new_deadline)})
        }
        CaseUpdate::ReturnAndReassign {
            department_id,
            reason,
            deadline,
        } => {
            json!({"department_id": department_id, "reason": reason, "deadline": day(*deadline)})
        }
        CaseUpdate::Reply { grade, text, date } => {
            json!({"grade": grade.code(), "text": text, "date": day(*date)})
        }
        CaseUpdate::FeedBack { date, way } => json!({"date": day(*date), "way": way}),
        CaseUpdate::CallBack { satisfaction } => {
            json!({"satisfaction": satisfaction.code()})
        }
        CaseUpdate::Close { reason } => json!({"reason": reason}),
        CaseUpdate::Archive { archive_no } => json!({"archive_no": archive_no}),
    }
}

/// The columns `update` fills in, with their values.
fn filled_columns(
    update: &CaseUpdate,
    today: &str,
) -> (&'static str, Vec<Box<dyn rusqlite::ToSql>>) {
    let today = today.to_string();
    match update {
        CaseUpdate::Refer {
            department_id,
            deadline,
        }
        | CaseUpdate::ReturnAndReassign {
            department_id,
            deadline,
            ..
        } => (
            "department_id = ?, deadline = ?, referral_date = ?",
            vec![
                Box::new(department_id.clone()),
                Box::new(day(*deadline)),
                Box::new(today.clone()),
            ],
        ),
        CaseUpdate::Extend { new_deadline, .. } => {
            ("deadline = ?", vec![Box::new(day(*new_deadline))])
        }
        CaseUpdate::Reply { grade, text, date } => (
            "grade = ?, reply_text = ?, reply_date = ?",
            vec![
                Box::new(grade.code()),
                Box::new(text.clone()),
                Box::new(day(*date)),
            ],
        ),
        CaseUpdate::FeedBack { date, way } => (
            "feedback_date = ?, feedback_way = ?",
            vec![Box::new(day(*date)), Box::new(way.clone())],
        ),
        CaseUpdate::CallBack { satisfaction } => (
            "callback = ?, callback_date = ?",
            vec![Box::new(satisfaction.code()), Box::new(today.clone())],
        ),
        CaseUpdate::Archive { archive_no } => {
            ("archive_no = ?", vec![Box::new(archive_no.clone())])
        }
        CaseUpdate::Supervise { .. } | CaseUpdate::Close { .. } => ("", vec![]),
    }
}

/// One entry of a case's timeline.
pub(crate) struct CaseEvent<'a> {
    pub case_id: &'a str,
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub kind: &'a str,
    pub from: Option<CaseStatus>,
    pub to: CaseStatus,
    pub detail: serde_json::Value,
}

/// Who changed a case since it was read: its newest event's actor and
/// time, so that the refusal can name them.
fn changed_by(conn: &rusqlite::Connection, case_id: &str) -> StoreError {
    use rusqlite::OptionalExtension;
    let last: Option<(String, String)> = conn
        .query_row(
            "SELECT actor, at FROM case_events WHERE case_id = ?1 ORDER BY at DESC, rowid DESC LIMIT 1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .unwrap_or(None);
    match last {
        Some((who, at)) if !who.is_empty() => StoreError::Refused(Refusal::ChangedBy { who, at }),
        _ => StoreError::Refused(Refusal::Stale),
    }
}

pub(crate) fn insert_event(conn: &rusqlite::Connection, e: &CaseEvent) -> StoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO case_events (id, case_id, at, actor, kind, from_status, to_status, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        new_id(),
        e.case_id,
        ts(e.at),
        e.actor,
        e.kind,
        e.from.map(|s| s.code()),
        e.to.code(),
        e.detail.to_string()
    ])?;
    Ok(())
}

/// A case's state as the transition needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseState {
    pub status: CaseStatus,
    pub version: i64,
}

impl Store {
    pub fn case_state(&self, case_id: &CaseId) -> StoreResult<CaseState> {
        let (status, version): (String, i64) = self.conn.query_row(
            "SELECT status, version FROM cases WHERE id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let status = CaseStatus::from_code(&status)
            .ok_or_else(|| StoreError::other(format!("status {status}")))?;
        Ok(CaseState { status, version })
    }

    /// Applies `update` to a case last seen at `seen_version`.
    pub fn transition(
        &mut self,
        case_id: &CaseId,
        seen_version: i64,
        update: &CaseUpdate,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<CaseState> {
        let tx = self.write_tx()?;
        let (status, version): (String, i64) = tx.query_row(
            "SELECT status, version FROM cases WHERE id = ?1",
            [case_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        if version != seen_version {
            return Err(changed_by(&tx, case_id));
        }
        let from = CaseStatus::from_code(&status)
            .ok_or_else(|| StoreError::other(format!("status {status}")))?;
        let step = case::apply(from, update.action())?;
        let today = day(now.date());
        let stamp = ts(now);
        let (sql, values) = filled_columns(update, &today);
        let mut set = String::from("status = ?, version = version + 1, updated_at = ?");
        let mut args: Vec<Box<dyn rusqlite::ToSql>> =
            vec![Box::new(step.to.code()), Box::new(stamp.clone())];
        if !sql.is_empty() {
            set.push_str(", ");
            set.push_str(sql);
            args.extend(values);
        }
        if step.rehandled {
            set.push_str(", rehandle_count = rehandle_count + 1");
        }
        if step.to == CaseStatus::Closed {
            set.push_str(", closed_date = ?");
            args.push(Box::new(today.clone()));
        }
        args.push(Box::new(case_id.to_string()));
        args.push(Box::new(seen_version));
        let changed = tx.execute(
            &format!("UPDATE cases SET {set} WHERE id = ? AND version = ?"),
            rusqlite::params_from_iter(args.iter()),
        )?;
        if changed != 1 {
            return Err(StoreError::Refused(Refusal::Stale));
        }
        if matches!(
            update,
            CaseUpdate::Refer { .. } | CaseUpdate::ReturnAndReassign { .. }
        ) {
            super::search::index_case(&tx, case_id)?;
        }
        insert_event(
            &tx,
            &CaseEvent {
                case_id,
                at: now,
                actor,
                kind: update.kind(),
                from: Some(from),
                to: step.to,
                detail: update_detail(update),
            },
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: &format!("case.{}", update.kind()),
                entity: "case",
                entity_id: case_id,
                before: Some(json!({"status": from.code(), "version": seen_version})),
                after: Some(json!({"status": step.to.code(), "detail": update_detail(update)})),
            },
        )?;
        tx.commit()?;
        Ok(CaseState {
            status: step.to,
            version: seen_version + 1,
        })
    }

    /// The timeline of a case: (when, who, kind, to-status), oldest first.
    pub fn case_events(
        &self,
        case_id: &CaseId,
    ) -> StoreResult<Vec<(String, String, String, CaseStatus)>> {
        let mut stmt = self.conn.prepare(
            "SELECT at, actor, kind, to_status FROM case_events WHERE case_id = ?1 ORDER BY at, rowid",
        )?;
        let rows = stmt.query_map([case_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
