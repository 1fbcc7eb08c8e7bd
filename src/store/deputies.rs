//! The roster (代表名册) and the departments cases are referred to.

use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, ts};
use crate::domain::ids::new_id;
use chrono::NaiveDateTime;
use rusqlite::params;
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Deputy {
    pub id: String,
    pub name: String,
    pub level: String,
    pub unit_post: String,
    pub phone: String,
    pub active: bool,
}

#[derive(Debug, Clone, Default)]
pub struct NewDeputy {
    pub name: String,
    pub gender: String,
    pub level: String,
    pub constituency: String,
    pub unit_post: String,
    pub phone: String,
    pub term: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    pub id: String,
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
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let id = new_id();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO deputies (id, station_id, name, gender, level, constituency, unit_post, phone, term, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
            params![
                id,
                station.id,
                d.name,
                if d.gender.is_empty() { "unstated" } else { &d.gender },
                d.level,
                d.constituency,
                d.unit_post,
                d.phone,
                d.term,
                ts(now)
            ],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "deputy.add",
                entity: "deputy",
                entity_id: &id,
                before: None,
                after: Some(json!({"name": d.name, "level": d.level, "unit_post": d.unit_post})),
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
    ) -> StoreResult<String> {
        let id = new_id();
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
        id: &str,
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
        id: &str,
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
            return Err(StoreError::InUse);
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
