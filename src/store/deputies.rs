//! The roster (代表名册) and the departments cases are referred to.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, ts};
use crate::domain::ids::{DepartmentId, DeputyId};
use crate::domain::register_forms::NewDeputy;
use chrono::NaiveDateTime;
use rusqlite::params;
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Deputy {
    pub id: DeputyId,
    pub name: String,
    pub level: String,
    pub unit_post: String,
    pub phone: String,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: DepartmentId,
    pub name: String,
    pub contact: String,
    pub phone: String,
}

impl Store {
    pub fn add_deputy(
        &mut self,
        d: &NewDeputy,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<DeputyId> {
        let station = self.require_station()?;
        let id = DeputyId::fresh();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO deputies (id, station_id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
            params![id, station.id, d.name, ts(now)],
        )?;
        write_profile(&tx, &id, d, now)?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "deputy.add",
                entity: "deputy",
                entity_id: &id,
                before: None,
                after: Some(profile_json(d)),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Deputies in name order; serving ones only unless `include_ended`.
    pub fn deputies(&self, include_ended: bool) -> StoreResult<Vec<Deputy>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, level, unit_post, phone, status FROM deputies
             WHERE ?1 OR status = 'active' ORDER BY name, id",
        )?;
        let rows = stmt.query_map([include_ended], |r| {
            Ok(Deputy {
                id: r.get(0)?,
                name: r.get(1)?,
                level: r.get(2)?,
                unit_post: r.get(3)?,
                phone: r.get(4)?,
                active: r.get::<_, String>(5)? == "active",
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn add_department(
        &mut self,
        name: &str,
        contact: &str,
        phone: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<DepartmentId> {
        let id = DepartmentId::fresh();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO departments (id, name, contact, phone, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, name, contact, phone, ts(now)],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "department.add",
                entity: "department",
                entity_id: &id,
                before: None,
                after: Some(json!({"name": name, "contact": contact})),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn update_department(
        &mut self,
        id: &DepartmentId,
        name: &str,
        contact: &str,
        phone: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let before: (String, String, String) = tx.query_row(
            "SELECT name, contact, phone FROM departments WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "UPDATE departments SET name = ?2, contact = ?3, phone = ?4 WHERE id = ?1",
            params![id, name, contact, phone],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "department.edit",
                entity: "department",
                entity_id: id,
                before: Some(json!({"name": before.0, "contact": before.1})),
                after: Some(json!({"name": name, "contact": contact})),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Deletes a department that no case points to; otherwise `InUse`.
    pub fn delete_department(
        &mut self,
        id: &DepartmentId,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let used: i64 = tx.query_row(
            "SELECT count(*) FROM (SELECT 1 FROM cases WHERE department_id = ?1 LIMIT 1)",
            [id],
            |r| r.get(0),
        )?;
        if used > 0 {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        let name: String =
            tx.query_row("SELECT name FROM departments WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        tx.execute("DELETE FROM departments WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "department.delete",
                entity: "department",
                entity_id: id,
                before: Some(json!({"name": name})),
                after: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn departments(&self) -> StoreResult<Vec<Department>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, name, contact, phone FROM departments ORDER BY name")?;
        let rows = stmt.query_map([], |r| {
            Ok(Department {
                id: r.get(0)?,
                name: r.get(1)?,
                contact: r.get(2)?,
                phone: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// One roster row: the deputy's profile with their station and status.
#[derive(Debug, Clone, PartialEq)]
pub struct RosterEntry {
    pub id: DeputyId,
    pub profile: NewDeputy,
    pub station: String,
    pub active: bool,
    /// Added on the fly (by sign-in or an import) and still to be completed.
    pub needs_review: bool,
}

fn profile_json(d: &NewDeputy) -> serde_json::Value {
    json!({
        "name": d.name, "gender": d.gender, "ethnicity": d.ethnicity, "birth_month": d.birth_month,
        "political": d.political, "level": d.level, "constituency": d.constituency,
        "unit_post": d.unit_post, "group_name": d.group_name,
        // Masked like a visitor's: the log is kept for good.
        "phone": if d.phone.is_empty() { String::new() } else { crate::domain::validate::mask_phone(&d.phone) },
        "term": d.term,
    })
}

/// Writes every profile column of one deputy (the caller holds the transaction).
fn write_profile(
    conn: &rusqlite::Connection,
    id: &str,
    d: &NewDeputy,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let gender = if d.gender.is_empty() {
        "unstated"
    } else {
        &d.gender
    };
    conn.execute(
        "UPDATE deputies SET name = ?2, gender = ?3, ethnicity = ?4, birth_month = ?5, political = ?6,
            level = ?7, constituency = ?8, unit_post = ?9, group_name = ?10, phone = ?11, term = ?12,
            updated_at = ?13
         WHERE id = ?1",
        params![
            id,
            d.name,
            gender,
            d.ethnicity,
            d.birth_month,
            d.political,
            d.level,
            d.constituency,
            d.unit_post,
            d.group_name,
            d.phone,
            d.term,
            ts(now)
        ],
    )?;
    Ok(())
}

const ROSTER_SELECT: &str =
    "SELECT d.id, d.name, d.gender, d.ethnicity, d.birth_month, d.political, d.level,
        d.constituency, d.unit_post, d.group_name, d.phone, d.term, s.name, d.status, d.needs_review
     FROM deputies d JOIN stations s ON s.id = d.station_id";

fn roster_entry(r: &rusqlite::Row) -> rusqlite::Result<RosterEntry> {
    Ok(RosterEntry {
        id: r.get(0)?,
        profile: NewDeputy {
            name: r.get(1)?,
            gender: r.get(2)?,
            ethnicity: r.get(3)?,
            birth_month: r.get(4)?,
            political: r.get(5)?,
            level: r.get(6)?,
            constituency: r.get(7)?,
            unit_post: r.get(8)?,
            group_name: r.get(9)?,
            phone: r.get(10)?,
            term: r.get(11)?,
        },
        station: r.get(12)?,
        active: r.get::<_, String>(13)? == "active",
        needs_review: r.get(14)?,
    })
}

impl Store {
    /// The whole roster: serving deputies first, then those whose term
    /// ended, each group in name order.
    pub fn roster(&self) -> StoreResult<Vec<RosterEntry>> {
        let mut stmt = self.conn.prepare(&format!(
            "{ROSTER_SELECT} ORDER BY d.status = 'ended', d.name, d.id"
        ))?;
        let rows = stmt.query_map([], roster_entry)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn roster_entry(&self, id: &DeputyId) -> StoreResult<RosterEntry> {
        Ok(self.conn.query_row(
            &format!("{ROSTER_SELECT} WHERE d.id = ?1"),
            [id],
            roster_entry,
        )?)
    }

    /// Corrects a deputy's profile; the audit entry keeps the old values.
    pub fn update_deputy(
        &mut self,
        id: &DeputyId,
        d: &NewDeputy,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let before = self.roster_entry(id)?;
        let tx = self.write_tx()?;
        write_profile(&tx, id, d, now)?;
        tx.execute("UPDATE deputies SET needs_review = 0 WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "deputy.edit",
                entity: "deputy",
                entity_id: id,
                before: Some(profile_json(&before.profile)),
                after: Some(profile_json(d)),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Ends a deputy's term (终止) or, to undo a mistake, restores it. The
    /// deputy stays on the roster and in every register either way.
    pub fn set_deputy_active(
        &mut self,
        id: &DeputyId,
        active: bool,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let status = if active { "active" } else { "ended" };
        let tx = self.write_tx()?;
        let before: String =
            tx.query_row("SELECT status FROM deputies WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        tx.execute(
            "UPDATE deputies SET status = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, status, ts(now)],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: if active {
                    "deputy.restore"
                } else {
                    "deputy.end_term"
                },
                entity: "deputy",
                entity_id: id,
                before: Some(json!({"status": before})),
                after: Some(json!({"status": status})),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Removes a deputy entered by mistake. A deputy who appears in any
    /// register is never deleted (`InUse`): end their term instead.
    pub fn delete_deputy(
        &mut self,
        id: &DeputyId,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let used: i64 = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM duty_sessions WHERE deputy_id = ?1)
                 OR EXISTS (SELECT 1 FROM reception_deputies WHERE deputy_id = ?1)
                 OR EXISTS (SELECT 1 FROM activity_participants WHERE deputy_id = ?1)
                 OR EXISTS (SELECT 1 FROM study_attendance WHERE deputy_id = ?1)",
            [id],
            |r| r.get(0),
        )?;
        if used != 0 {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        let name: String = tx.query_row("SELECT name FROM deputies WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
        // An account linked to a mistaken entry is linked again when edited.
        tx.execute("DELETE FROM user_deputies WHERE deputy_id = ?1", [id])?;
        tx.execute("DELETE FROM deputies WHERE id = ?1", [id])?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "deputy.delete",
                entity: "deputy",
                entity_id: id,
                before: Some(json!({"name": name})),
                after: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
