//! Closing the day: the facts the checklist needs, sign-off (which locks
//! the day), reopening, and corrections — in place before sign-off,
//! amendments with a reason after it. Both keep the old and new value.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::backup::KEEP_BACKUPS;
use super::search::index_case;
use super::users::authorise;
use super::{Store, StoreError, StoreResult, day, ts};
use crate::domain::closing::{
    Change, DayFacts, ReceptionFacts, column_of, validate_correction, validate_reason,
};
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::ids::new_id;
use crate::domain::ids::{DeputyId, ReceptionId};
use crate::domain::reception::{ReceptionRules, summary_of};
use crate::domain::roles::{Actor, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq)]
pub struct SignedDay {
    pub day: NaiveDate,
    pub signed_by: String,
    pub signed_at: String,
}

/// One correction of a row: what changed, from what to what, who and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    /// An amendment of a signed-off day.
    pub amendment: bool,
    pub actor: String,
    pub at: String,
}

/// What sign-off did: the day is locked; the backup may have failed
/// (the sign-off stands, and the screen says so).
#[derive(Debug)]
pub struct SignOffOutcome {
    pub backup: StoreResult<PathBuf>,
    /// The audit chain's head at the sign-off, to keep on paper.
    pub anchor: Option<crate::domain::anchor::Anchor>,
}

/// Whether a change of a register row is an amendment, and why it is made.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Amendment {
    /// The row's day is signed off.
    pub signed: bool,
    pub reason: String,
}

/// The rule for changing a row dated `old` to `new` (the caller holds the
/// transaction): no row moves into another locked day; a row of a
/// signed-off day is amended, by a secretary or an administrator, with a
/// reason. Anyone else hears that the day is locked, as for any other
/// write to it.
pub(crate) fn amendment_rule(
    conn: &Connection,
    by: &Actor,
    old: NaiveDate,
    new: NaiveDate,
    reason: &str,
) -> StoreResult<Amendment> {
    if new != old {
        refuse_if_signed(conn, new)?;
    }
    if !is_signed(conn, old)? {
        return Ok(Amendment {
            signed: false,
            reason: reason.trim().to_string(),
        });
    }
    match authorise(conn, by, Permission::AmendSignedDay) {
        Err(StoreError::Refused(Refusal::Denied(_))) => {
            return Err(StoreError::Refused(Refusal::DaySignedOff(old)));
        }
        other => other?,
    }
    let reason = validate_reason(reason).map_err(StoreError::invalid)?;
    Ok(Amendment {
        signed: true,
        reason,
    })
}

/// Keeps each changed field of a row in the corrections (the caller holds
/// the transaction, and appends the audit entry after).
pub(crate) fn record_changes(
    conn: &Connection,
    entity: &str,
    entity_id: &str,
    changes: &[Change],
    a: &Amendment,
    by: &Actor,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO corrections (id, entity, entity_id, field, old_value, new_value, reason, signed, actor, at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for c in changes {
        insert.execute(params![
            new_id(),
            entity,
            entity_id,
            c.field,
            c.old,
            c.new,
            a.reason,
            a.signed,
            by.name,
            ts(now)
        ])?;
    }
    Ok(())
}

/// Refuses a write to a signed-off day (the caller holds the transaction).
pub(crate) fn refuse_if_signed(conn: &Connection, date: NaiveDate) -> StoreResult<()> {
    if is_signed(conn, date)? {
        Err(StoreError::Refused(Refusal::DaySignedOff(date)))
    } else {
        Ok(())
    }
}

pub(crate) fn is_signed(conn: &Connection, date: NaiveDate) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM signed_days WHERE day = ?1)")?
        .query_row([day(date)], |r| r.get(0))?)
}

impl Store {
    pub fn signed_day(&self, date: NaiveDate) -> StoreResult<Option<SignedDay>> {
        Ok(self
            .conn
            .query_row(
                "SELECT signed_by, signed_at FROM signed_days WHERE day = ?1",
                [day(date)],
                |r| {
                    Ok(SignedDay {
                        day: date,
                        signed_by: r.get(0)?,
                        signed_at: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Everything the closing checklist looks at for one day.
    pub fn day_facts(&self, date: NaiveDate) -> StoreResult<DayFacts> {
        let d = day(date);
        let mut stmt = self.conn.prepare(
            "SELECT r.id, c.id, r.number, r.visitor_name IS NULL, r.phone IS NOT NULL AND r.phone <> '',
                    r.address, r.content, c.status = 'registered',
                    c.route IN ('assign', 'transfer', 'suggestion'),
                    c.department_id IS NOT NULL OR c.route = 'suggestion', c.deadline IS NOT NULL
             FROM receptions r JOIN cases c ON c.reception_id = r.id
             WHERE r.visit_date = ?1 ORDER BY r.seq",
        )?;
        let receptions = stmt
            .query_map([&d], |r| {
                Ok(ReceptionFacts {
                    reception_id: r.get(0)?,
                    case_id: r.get(1)?,
                    number: r.get(2)?,
                    anonymous: r.get(3)?,
                    has_phone: r.get(4)?,
                    address: r.get(5)?,
                    content: r.get(6)?,
                    no_route: r.get(7)?,
                    referred: r.get(8)?,
                    has_department: r.get(9)?,
                    has_deadline: r.get(10)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        let pairs = |sql: &str, arg: Option<&str>| -> StoreResult<Vec<(String, String)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let map = |r: &rusqlite::Row| Ok((r.get(0)?, r.get(1)?));
            let rows = match arg {
                Some(a) => stmt.query_map([a], map)?.collect::<Result<Vec<_>, _>>()?,
                None => stmt.query_map([], map)?.collect::<Result<Vec<_>, _>>()?,
            };
            Ok(rows)
        };
        let calendar = self.settings()?.working_calendar();
        let late_milestones = self
            .overdue_milestones(&calendar, date)?
            .into_iter()
            .map(|m| (m.project_id, m.title, m.month))
            .collect();
        Ok(DayFacts {
            receptions,
            late_milestones,
            still_on_duty: pairs(
                "SELECT s.deputy_id, d.name FROM duty_sessions s JOIN deputies d ON d.id = s.deputy_id
                 WHERE s.duty_date = ?1 AND s.signed_out_at IS NULL ORDER BY s.signed_in_at",
                Some(&d),
            )?
            .into_iter()
            .map(|(id, name)| (DeputyId::from(id), name))
            .collect(),
            // A form belongs to the day it was started on, not to every day.
            drafts: pairs(
                "SELECT id, kind FROM drafts WHERE substr(created_at, 1, 10) = ?1 ORDER BY updated_at",
                Some(&d),
            )?,
            late_entries: pairs(
                "SELECT l.reception_id, r.number FROM late_entries l
                 JOIN receptions r ON r.id = l.reception_id
                 WHERE r.visit_date = ?1 AND l.countersigned_by IS NULL ORDER BY r.number",
                Some(&d),
            )?
            .into_iter()
            .map(|(id, number)| (ReceptionId::from(id), number))
            .collect(),
            activities_without_people: pairs(
                "SELECT a.id, a.topic FROM activities a WHERE a.activity_date = ?1
                   AND NOT EXISTS (SELECT 1 FROM activity_participants p WHERE p.activity_id = a.id)
                 ORDER BY a.created_at",
                Some(&d),
            )?,
            studies_without_attendance: pairs(
                "SELECT s.id, s.topic FROM study_sessions s WHERE s.session_date = ?1
                   AND NOT EXISTS (SELECT 1 FROM study_attendance t WHERE t.session_id = s.id)
                 ORDER BY s.created_at",
                Some(&d),
            )?,
        })
    }

    /// Locks the day, then takes a backup. Refused for a deputy.
    pub fn sign_off_day(
        &mut self,
        by: &Actor,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> StoreResult<SignOffOutcome> {
        let anchor = self.lock_day(by, date, now)?;
        let backup = self.backup_rotated(KEEP_BACKUPS, &by.name, now);
        Ok(SignOffOutcome { backup, anchor })
    }

    /// The sign-off without its backup (the interface takes that on a
    /// thread, showing how far it is): locks the day and gives the audit
    /// anchor of the moment.
    pub fn lock_day(
        &mut self,
        by: &Actor,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> StoreResult<Option<crate::domain::anchor::Anchor>> {
        let tx = self.write_tx()?;
        authorise(&tx, by, Permission::SignOffDay)?;
        refuse_if_signed(&tx, date)?;
        tx.execute(
            "INSERT INTO signed_days (day, signed_by, signed_at) VALUES (?1, ?2, ?3)",
            params![day(date), by.name, ts(now)],
        )?;
        // Signing off is the review: the register's 审核人 column says who.
        tx.execute(
            "UPDATE receptions SET reviewer = ?2 WHERE visit_date = ?1 AND reviewer = ''",
            params![day(date), by.name],
        )?;
        day_event(&tx, date, "sign_off", by, "", now)?;
        super::audit_check::keep_sign_off_head(&tx, date)?;
        tx.commit()?;
        self.day_anchor(date)
    }

    /// Unlocks a signed-off day: an administrator's action, with a reason.
    pub fn reopen_day(
        &mut self,
        by: &Actor,
        date: NaiveDate,
        reason: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        self.authorise(by, Permission::ReopenDay)?;
        let reason = validate_reason(reason).map_err(StoreError::invalid)?;
        let tx = self.write_tx()?;
        authorise(&tx, by, Permission::ReopenDay)?;
        let removed = tx.execute("DELETE FROM signed_days WHERE day = ?1", [day(date)])?;
        if removed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        day_event(&tx, date, "reopen", by, &reason, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Corrects one field of a reception. Before sign-off the reason may be
    /// empty; after it, only a secretary may amend, and must say why.
    pub fn correct_reception(
        &mut self,
        by: &Actor,
        c: &CorrectionRequest,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let invalid = |field, problem| StoreError::invalid(FieldError::new(field, problem));
        let column = column_of(c.field).ok_or_else(|| invalid(c.field, Problem::UnknownChoice))?;
        let settings = self.settings()?;
        let rules = ReceptionRules {
            categories: &settings.categories,
            collect_id_number: settings.collect_id_number,
            today: now.date(),
        };
        let value = validate_correction(c.field, &c.value, &rules).map_err(StoreError::invalid)?;
        let tx = self.write_tx()?;
        let (visit_date, old, case_id): (String, Option<String>, String) = tx
            .query_row(
                &format!(
                    "SELECT r.visit_date, CAST(r.{column} AS TEXT), c.id FROM receptions r
                     JOIN cases c ON c.reception_id = r.id WHERE r.id = ?1"
                ),
                [&c.reception_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))?;
        let old = old.unwrap_or_default();
        if old == value {
            return Err(invalid(Field::NewValue, Problem::Unchanged));
        }
        let date = super::parse_day(&visit_date).ok_or(StoreError::Refused(Refusal::NotFound))?;
        let signed = is_signed(&tx, date)?;
        let reason = if signed {
            authorise(&tx, by, Permission::AmendSignedDay)?;
            validate_reason(&c.reason).map_err(StoreError::invalid)?
        } else {
            c.reason.trim().to_string()
        };
        write_reception_field(&tx, &c.reception_id, &case_id, c.field, column, &value)?;
        let change = Change {
            field: column,
            old: old.clone(),
            new: value.clone(),
        };
        let amendment = Amendment {
            signed,
            reason: reason.clone(),
        };
        record_changes(
            &tx,
            "reception",
            &c.reception_id,
            &[change],
            &amendment,
            by,
            now,
        )?;
        // The audit log keeps personal details masked: it is never purged.
        let logged = |v: &str| crate::domain::privacy::for_log(c.field, v);
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action: if signed {
                    "reception.amend"
                } else {
                    "reception.correct"
                },
                entity: "reception",
                entity_id: &c.reception_id,
                before: Some(json!({ column: logged(&old) })),
                after: Some(json!({ column: logged(&value), "reason": reason })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A row's corrections, oldest first.
    pub fn corrections(&self, entity: &str, entity_id: &str) -> StoreResult<Vec<Correction>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT field, old_value, new_value, reason, signed, actor, at FROM corrections
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY at, rowid",
        )?;
        let rows = stmt
            .query_map([entity, entity_id], |r| {
                Ok(Correction {
                    field: r.get(0)?,
                    old_value: r.get(1)?,
                    new_value: r.get(2)?,
                    reason: r.get(3)?,
                    amendment: r.get(4)?,
                    actor: r.get(5)?,
                    at: r.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }
}

/// What the secretary asks to change.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectionRequest {
    pub reception_id: ReceptionId,
    pub field: Field,
    /// As typed; checked by the domain's rules for that field.
    pub value: String,
    pub reason: String,
}

/// Writes the new value and keeps the copies on the case and the search
/// index in step (they were taken from the reception at intake).
fn write_reception_field(
    conn: &Connection,
    reception_id: &str,
    case_id: &str,
    field: Field,
    column: &str,
    value: &str,
) -> StoreResult<()> {
    let stored: Option<&str> = match field {
        Field::VisitorName | Field::Phone | Field::IdNumber if value.is_empty() => None,
        _ => Some(value),
    };
    conn.execute(
        &format!("UPDATE receptions SET {column} = ?2 WHERE id = ?1"),
        params![reception_id, stored],
    )?;
    match field {
        Field::GroupSize => {
            conn.execute(
                "UPDATE cases SET group_size = ?2 WHERE id = ?1",
                params![case_id, value],
            )?;
            conn.execute(
                "UPDATE reception_deputies SET group_size = ?2 WHERE reception_id = ?1",
                params![reception_id, value],
            )?;
        }
        Field::Category => {
            conn.execute(
                "UPDATE cases SET category = ?2 WHERE id = ?1",
                params![case_id, value],
            )?;
        }
        Field::Content => {
            conn.execute(
                "UPDATE cases SET summary = ?2 WHERE id = ?1",
                params![case_id, summary_of(value)],
            )?;
        }
        _ => {}
    }
    if matches!(field, Field::VisitorName | Field::Phone | Field::Content) {
        index_case(conn, case_id)?;
    }
    Ok(())
}

fn day_event(
    conn: &Connection,
    date: NaiveDate,
    kind: &str,
    by: &Actor,
    reason: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO day_events (id, day, kind, actor, at, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![new_id(), day(date), kind, by.name, ts(now), reason],
    )?;
    audit::append(
        conn,
        now,
        AuditWrite {
            actor: &by.name,
            action: if kind == "sign_off" {
                "day.sign_off"
            } else {
                "day.reopen"
            },
            entity: "day",
            entity_id: &day(date),
            before: None,
            after: Some(json!({ "reason": reason })),
        },
    )
}
