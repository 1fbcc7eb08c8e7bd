//! The station this kiosk belongs to.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, ts};
use crate::domain::ids::new_id;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Station {
    pub id: String,
    pub code: String,
    pub name: String,
}

impl Store {
    /// The station, once first-run setup has created it.
    pub fn station(&self) -> StoreResult<Option<Station>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, code, name FROM stations ORDER BY created_at LIMIT 1",
                [],
                |r| {
                    Ok(Station {
                        id: r.get(0)?,
                        code: r.get(1)?,
                        name: r.get(2)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn require_station(&self) -> StoreResult<Station> {
        self.station()?
            .ok_or(StoreError::Refused(Refusal::NoStation))
    }

    /// First-run setup; run again it renames the station (the code stays).
    pub fn init_station(
        &mut self,
        code: &str,
        name: &str,
        now: NaiveDateTime,
    ) -> StoreResult<Station> {
        let tx = self.write_tx()?;
        let existing: Option<String> = tx
            .query_row("SELECT id FROM stations LIMIT 1", [], |r| r.get(0))
            .optional()?;
        let id = match existing {
            Some(id) => {
                tx.execute(
                    "UPDATE stations SET name = ?1 WHERE id = ?2",
                    params![name, id],
                )?;
                id
            }
            None => {
                let id = new_id();
                tx.execute(
                    "INSERT INTO stations (id, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
                    params![id, code, name, ts(now)],
                )?;
                id
            }
        };
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: "",
                action: "station.setup",
                entity: "station",
                entity_id: &id,
                before: None,
                after: Some(json!({"code": code, "name": name})),
            },
        )?;
        tx.commit()?;
        // The key the station signs its bundles with, made once (a file
        // still at an older version gets it when it is brought up to date).
        if self.has_table("station_keys")? {
            self.station_key(now)?;
        }
        self.require_station()
    }

    fn has_table(&self, name: &str) -> StoreResult<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1")?
            .exists([name])?)
    }
}
