//! Which roster deputy a user account is. A 值班代表 account is linked when
//! it is created (to the serving deputy of the same name, or to a new roster
//! entry marked for the secretary to complete), so that the duty sign-in
//! can offer the user their own name first.

use super::audit::{self, AuditWrite};
use super::{Store, StoreResult, ts};
use crate::domain::ids::DeputyId;
use crate::domain::ids::new_id;
use crate::domain::roles::{Actor, Permission};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

pub(crate) fn migrate_v7(tx: &Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v7.sql"))?)
}

/// Links a new deputy account to the roster deputy of its name, adding one
/// (待补全: needs_review) when there is none. Without a station, no roster.
pub(crate) fn link_by_name(
    tx: &Transaction,
    user_id: &str,
    name: &str,
    actor: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let found: Option<String> = tx
        .query_row(
            "SELECT id FROM deputies WHERE name = ?1 AND status = 'active' ORDER BY created_at LIMIT 1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let deputy_id = match found {
        Some(id) => id,
        None => {
            let station: Option<String> = tx
                .query_row("SELECT id FROM stations LIMIT 1", [], |r| r.get(0))
                .optional()?;
            let Some(station) = station else {
                return Ok(());
            };
            let id = new_id();
            tx.execute(
                "INSERT INTO deputies (id, station_id, name, needs_review, created_at, updated_at)
                 VALUES (?1, ?2, ?3, 1, ?4, ?4)",
                params![id, station, name, ts(now)],
            )?;
            audit::append(
                tx,
                now,
                AuditWrite {
                    actor,
                    action: "deputy.add",
                    entity: "deputy",
                    entity_id: &id,
                    before: None,
                    after: Some(json!({"name": name, "needs_review": true})),
                },
            )?;
            id
        }
    };
    write_link(tx, user_id, &deputy_id, actor, now)
}

fn write_link(
    tx: &Transaction,
    user_id: &str,
    deputy_id: &str,
    actor: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO user_deputies (user_id, deputy_id) VALUES (?1, ?2)
         ON CONFLICT (user_id) DO UPDATE SET deputy_id = excluded.deputy_id",
        params![user_id, deputy_id],
    )?;
    audit::append(
        tx,
        now,
        AuditWrite {
            actor,
            action: "user.link_deputy",
            entity: "user",
            entity_id: user_id,
            before: None,
            after: Some(json!({"deputy_id": deputy_id})),
        },
    )
}

impl Store {
    /// The roster deputy a user account is, if linked.
    pub fn user_deputy(&self, user_id: &str) -> StoreResult<Option<DeputyId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT deputy_id FROM user_deputies WHERE user_id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// An administrator links a user to another roster entry.
    pub fn link_user_deputy(
        &mut self,
        by: &Actor,
        user_id: &str,
        deputy_id: &DeputyId,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        self.authorise(by, Permission::ManageUsers)?;
        let tx = self.write_tx()?;
        super::users::authorise(&tx, by, Permission::ManageUsers)?;
        write_link(&tx, user_id, deputy_id, &by.name, now)?;
        tx.commit()?;
        Ok(())
    }
}
