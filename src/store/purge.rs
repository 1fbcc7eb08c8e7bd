//! Purging contact details after the retention period (DESIGN.md §5): the
//! visitor's name, phone, address and ID number are removed from receptions
//! whose case closed long enough ago. The case text and every figure stay.

use super::audit::{self, AuditWrite};
use super::users::authorise;
use super::{Store, StoreResult, day, parse_day, ts};
use crate::domain::fields::Field;
use crate::domain::retention::closed_on_or_before;
use crate::domain::roles::{Actor, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;
use serde_json::json;

/// One reception whose contact details are due to go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeItem {
    pub reception_id: String,
    pub case_id: String,
    pub number: String,
    pub visit_date: NaiveDate,
    pub closed_date: NaiveDate,
    /// The fields that still hold something.
    pub fields: Vec<Field>,
}

/// Contact fields as columns, in the order they are named.
const CONTACT_COLUMNS: [(Field, &str); 4] = [
    (Field::VisitorName, "r.visitor_name IS NOT NULL"),
    (Field::Phone, "r.phone IS NOT NULL"),
    (Field::Address, "r.address <> ''"),
    (Field::IdNumber, "r.id_number IS NOT NULL"),
];

fn due(conn: &Connection, last_closed: NaiveDate) -> StoreResult<Vec<PurgeItem>> {
    let mut items = Vec::new();
    due_each(conn, last_closed, &mut |item| items.push(item))?;
    Ok(items)
}

/// Each reception due, one at a time (a dry run over ten years lists
/// hundreds of thousands without holding them).
fn due_each(
    conn: &Connection,
    last_closed: NaiveDate,
    each: &mut dyn FnMut(PurgeItem),
) -> StoreResult<usize> {
    let holds: Vec<&str> = CONTACT_COLUMNS.iter().map(|(_, c)| *c).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT r.id, c.id, r.number, r.visit_date, c.closed_date, {}
         FROM cases c JOIN receptions r ON r.id = c.reception_id
         WHERE c.status IN ('closed', 'archived') AND c.closed_date <= ?1
           AND r.purged_at IS NULL AND ({})
         ORDER BY r.visit_date, r.number",
        holds.join(", "),
        holds.join(" OR ")
    ))?;
    let rows = stmt.query_map([day(last_closed)], |r| {
        let mut fields = Vec::new();
        for (i, (field, _)) in CONTACT_COLUMNS.iter().enumerate() {
            if r.get::<_, bool>(5 + i)? {
                fields.push(*field);
            }
        }
        let date = |i| -> rusqlite::Result<NaiveDate> {
            Ok(parse_day(&r.get::<_, String>(i)?).unwrap_or_default())
        };
        Ok(PurgeItem {
            reception_id: r.get(0)?,
            case_id: r.get(1)?,
            number: r.get(2)?,
            visit_date: date(3)?,
            closed_date: date(4)?,
            fields,
        })
    })?;
    let mut count = 0;
    for item in rows {
        each(item?);
        count += 1;
    }
    Ok(count)
}

impl Store {
    /// What a purge today would change (the dry run): nothing is written.
    pub fn purge_plan(&self, today: NaiveDate, months: u32) -> StoreResult<Vec<PurgeItem>> {
        due(&self.conn, closed_on_or_before(today, months))
    }

    /// The same, one at a time; returns how many.
    pub fn purge_plan_each(
        &self,
        today: NaiveDate,
        months: u32,
        each: &mut dyn FnMut(PurgeItem),
    ) -> StoreResult<usize> {
        due_each(&self.conn, closed_on_or_before(today, months), each)
    }

    /// Anonymises the receptions `purge_plan` lists, in one transaction
    /// with one audit entry naming them (a secretary's action).
    pub fn purge_contacts(
        &mut self,
        by: &Actor,
        today: NaiveDate,
        months: u32,
        now: NaiveDateTime,
    ) -> StoreResult<Vec<PurgeItem>> {
        authorise(&self.conn, by, Permission::PurgeContacts)?;
        let tx = self.write_tx()?;
        let items = due(&tx, closed_on_or_before(today, months))?;
        for item in &items {
            tx.prepare_cached(
                "UPDATE receptions SET visitor_name = NULL, phone = NULL, address = '',
                     id_number = NULL, purged_at = ?2
                 WHERE id = ?1",
            )?
            .execute([&item.reception_id, &ts(now)])?;
            // Corrections of those fields kept the old and new values.
            tx.prepare_cached(
                "UPDATE corrections SET old_value = '', new_value = ''
                 WHERE entity = 'reception' AND entity_id = ?1
                   AND field IN ('visitor_name', 'phone', 'address', 'id_number')",
            )?
            .execute([&item.reception_id])?;
            // The search must no longer find the case by name or phone.
            super::search::index_case(&tx, &item.case_id)?;
        }
        if !items.is_empty() {
            let numbers: Vec<&str> = items.iter().map(|i| i.number.as_str()).collect();
            audit::append(
                &tx,
                now,
                AuditWrite {
                    actor: &by.name,
                    action: "privacy.purge",
                    entity: "reception",
                    entity_id: "",
                    before: None,
                    after: Some(json!({
                        "count": items.len(),
                        "months": months,
                        "closed_until": day(closed_on_or_before(today, months)),
                        "numbers": numbers,
                    })),
                },
            )?;
        }
        if !items.is_empty() {
            // Merge the search index so that the removed words leave its
            // pages too (secure_delete, set at open, zeroes what is freed).
            tx.execute(
                "INSERT INTO case_search (case_search) VALUES ('optimize')",
                [],
            )?;
        }
        tx.commit()?;
        if !items.is_empty() {
            // Older copies of the pages still sit in the write-ahead log:
            // fold it into the file and empty it.
            self.conn
                .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        Ok(items)
    }
}
