//! 联系对象: the households each deputy keeps in touch with, and the
//! visits that reached them. A household's phone is a voter's: the audit
//! log keeps it masked.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, ts};
use crate::domain::ids::new_id;
use crate::domain::register_forms::NewHousehold;
use crate::domain::validate::mask_phone;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

/// One contact household as stored, with its deputy's name and the
/// visits that named it in the year asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct Household {
    pub id: String,
    pub deputy_id: String,
    pub deputy_name: String,
    pub village: String,
    pub head: String,
    /// Stored form; shown masked.
    pub phone: String,
    pub note: String,
    /// Still assigned (a household moved away is kept, no longer listed).
    pub active: bool,
    /// Visits naming it within the range asked for, and the last one's date.
    pub visits: u32,
    pub last_visit: Option<String>,
}

impl Household {
    /// "东关村 赵大爷", as a visit names it.
    pub fn label(&self) -> String {
        format!("{} {}", self.village, self.head)
    }

    /// "东关村 赵大爷（王建国）", for a picker across all deputies.
    pub fn label_with_deputy(&self) -> String {
        format!("{}（{}）", self.label(), self.deputy_name)
    }
}

fn household_json(h: &NewHousehold) -> Value {
    json!({
        "deputy": h.deputy_id, "village": h.village, "head": h.head,
        "phone": mask_phone(&h.phone), "note": h.note,
    })
}

const SELECT: &str = "SELECT h.id, h.deputy_id, d.name, h.village, h.head, h.phone, h.note, h.active,
        (SELECT count(*) FROM activity_households v JOIN activities a ON a.id = v.activity_id
          WHERE v.household_id = h.id AND a.activity_date BETWEEN ?1 AND ?2),
        (SELECT max(a.activity_date) FROM activity_households v JOIN activities a ON a.id = v.activity_id
          WHERE v.household_id = h.id AND a.activity_date <= ?2)
     FROM contact_households h JOIN deputies d ON d.id = h.deputy_id";

fn read(r: &rusqlite::Row) -> rusqlite::Result<Household> {
    Ok(Household {
        id: r.get(0)?,
        deputy_id: r.get(1)?,
        deputy_name: r.get(2)?,
        village: r.get(3)?,
        head: r.get(4)?,
        phone: r.get(5)?,
        note: r.get(6)?,
        active: r.get(7)?,
        visits: r.get(8)?,
        last_visit: r.get(9)?,
    })
}

fn household_row(
    conn: &Connection,
    id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> StoreResult<Household> {
    conn.prepare_cached(&format!("{SELECT} WHERE h.id = ?3"))?
        .query_row(params![super::day(from), super::day(to), id], read)
        .optional()?
        .ok_or(StoreError::Refused(Refusal::NotFound))
}

impl Store {
    pub fn add_household(
        &mut self,
        h: &NewHousehold,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let id = new_id();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO contact_households (id, deputy_id, village, head, phone, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, h.deputy_id, h.village, h.head, h.phone, h.note, ts(now)],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "household.add",
                entity: "household",
                entity_id: &id,
                before: None,
                after: Some(household_json(h)),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Corrects a household; an empty phone keeps the one stored (the form
    /// never shows it in full).
    pub fn update_household(
        &mut self,
        id: &str,
        h: &NewHousehold,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let day = now.date();
        let before = household_row(&tx, id, day, day)?;
        let phone = if h.phone.is_empty() {
            &before.phone
        } else {
            &h.phone
        };
        tx.execute(
            "UPDATE contact_households SET deputy_id = ?2, village = ?3, head = ?4, phone = ?5, note = ?6
             WHERE id = ?1",
            params![id, h.deputy_id, h.village, h.head, phone, h.note],
        )?;
        let old = NewHousehold {
            deputy_id: before.deputy_id,
            village: before.village,
            head: before.head,
            phone: before.phone.clone(),
            note: before.note,
        };
        let new = NewHousehold {
            phone: phone.clone(),
            ..h.clone()
        };
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "household.edit",
                entity: "household",
                entity_id: id,
                before: Some(household_json(&old)),
                after: Some(household_json(&new)),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Takes a household off the list (moved away, no longer assigned) or
    /// puts it back; its visits stay.
    pub fn set_household_active(
        &mut self,
        id: &str,
        active: bool,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let changed = tx.execute(
            "UPDATE contact_households SET active = ?2 WHERE id = ?1 AND active <> ?2",
            params![id, active],
        )?;
        if changed == 0 {
            return Ok(());
        }
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: if active {
                    "household.restore"
                } else {
                    "household.retire"
                },
                entity: "household",
                entity_id: id,
                before: None,
                after: Some(json!({ "active": active })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Contact households by deputy, village and head; those taken off the
    /// list too when `include_retired`. Visits counted within `from..=to`.
    pub fn households_visited(
        &self,
        include_retired: bool,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<Household>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SELECT} WHERE ?3 OR h.active ORDER BY d.name, h.deputy_id, h.village, h.head, h.id"
        ))?;
        let rows = stmt
            .query_map(
                params![super::day(from), super::day(to), include_retired],
                read,
            )?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One household, with its visits within `from..=to`.
    pub fn household(&self, id: &str, from: NaiveDate, to: NaiveDate) -> StoreResult<Household> {
        household_row(&self.conn, id, from, to)
    }
}
