//! Receptions recorded after their day was signed off (签发后补登): the
//! kiosk never refuses a voter, so such rows are kept, marked, listed at
//! closing and countersigned by the secretary.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, day, ts, users};
use crate::domain::ids::ReceptionId;
use crate::domain::roles::{Actor, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Transaction, params};
use serde_json::json;

/// One late reception of a day.
#[derive(Debug, Clone, PartialEq)]
pub struct LateEntry {
    pub reception_id: ReceptionId,
    pub number: String,
    pub countersigned_by: Option<String>,
}

pub(crate) fn mark_late(tx: &Transaction, reception_id: &str) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO late_entries (reception_id) VALUES (?1)",
        [reception_id],
    )?;
    Ok(())
}

impl Store {
    /// The day's receptions entered after its sign-off, in number order.
    pub fn late_entries(&self, date: NaiveDate) -> StoreResult<Vec<LateEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT l.reception_id, r.number, l.countersigned_by
             FROM late_entries l JOIN receptions r ON r.id = l.reception_id
             WHERE r.visit_date = ?1 ORDER BY r.number",
        )?;
        let rows = stmt.query_map([day(date)], |r| {
            Ok(LateEntry {
                reception_id: r.get(0)?,
                number: r.get(1)?,
                countersigned_by: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether a reception was entered after its day's sign-off.
    pub fn is_late_entry(&self, reception_id: &ReceptionId) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM late_entries WHERE reception_id = ?1)",
            [reception_id],
            |r| r.get(0),
        )?)
    }

    /// The secretary countersigns a late reception: it becomes the row's
    /// reviewer, as sign-off is for the others.
    pub fn countersign_late(
        &mut self,
        by: &Actor,
        reception_id: &ReceptionId,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        self.authorise(by, Permission::SignOffDay)?;
        let tx = self.write_tx()?;
        users::authorise(&tx, by, Permission::SignOffDay)?;
        let changed = tx.execute(
            "UPDATE late_entries SET countersigned_by = ?2, countersigned_at = ?3
             WHERE reception_id = ?1 AND countersigned_by IS NULL",
            params![reception_id, by.name, ts(now)],
        )?;
        if changed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        tx.execute(
            "UPDATE receptions SET reviewer = ?2 WHERE id = ?1 AND reviewer = ''",
            params![reception_id, by.name],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action: "reception.countersign",
                entity: "reception",
                entity_id: reception_id,
                before: None,
                after: Some(json!({"late": true})),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
