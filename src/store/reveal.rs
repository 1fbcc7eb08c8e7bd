//! Seeing a voter's contact details (and ID number, where one was taken)
//! in full: a secretary's action with a reason, recorded in the audit log
//! (the reason, never the details).

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::users::authorise;
use super::{Store, StoreError, StoreResult};
use crate::domain::closing::validate_reason;
use crate::domain::ids::ReceptionId;
use crate::domain::roles::{Actor, Permission};
use chrono::NaiveDateTime;
use rusqlite::OptionalExtension;
use serde_json::json;

/// A visitor's details as stored, shown only after a logged reveal.
#[derive(Debug, Clone, PartialEq)]
pub struct Revealed {
    pub name: Option<String>,
    pub phone: Option<String>,
    /// Where the station records ID numbers.
    pub id_number: Option<String>,
    pub address: String,
}

impl Store {
    pub fn reveal_visitor(
        &mut self,
        by: &Actor,
        reception_id: &ReceptionId,
        reason: &str,
        now: NaiveDateTime,
    ) -> StoreResult<Revealed> {
        self.authorise(by, Permission::RevealPhone)?;
        let reason = validate_reason(reason).map_err(StoreError::invalid)?;
        let tx = self.write_tx()?;
        authorise(&tx, by, Permission::RevealPhone)?;
        let revealed = tx
            .query_row(
                "SELECT visitor_name, phone, address, id_number FROM receptions WHERE id = ?1",
                [reception_id],
                |r| {
                    Ok(Revealed {
                        name: r.get(0)?,
                        phone: r.get(1)?,
                        address: r.get(2)?,
                        id_number: r.get(3)?,
                    })
                },
            )
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action: "reveal",
                entity: "reception",
                entity_id: reception_id,
                before: None,
                after: Some(json!({ "reason": reason })),
            },
        )?;
        tx.commit()?;
        Ok(revealed)
    }
}
