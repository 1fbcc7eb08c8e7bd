//! Duty sessions: which deputies sit at the station on a reception day.
//! A signed-off day's sessions are locked: no sign-in, no sign-out.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::closing::is_signed;
use super::{Store, StoreError, StoreResult, day, ts};
use crate::domain::ids::DeputyId;
use crate::domain::ids::new_id;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct DutySession {
    pub id: String,
    pub deputy_id: DeputyId,
    pub deputy_name: String,
    pub signed_in_at: String,
    pub signed_out_at: Option<String>,
}

impl DutySession {
    pub fn is_open(&self) -> bool {
        self.signed_out_at.is_none()
    }
}

impl Store {
    /// Signs a deputy in for the day of `now`; signing in twice is harmless.
    /// Refused once the day is signed off.
    pub fn sign_in(&mut self, deputy_id: &DeputyId, now: NaiveDateTime) -> StoreResult<String> {
        self.write_sign_in(deputy_id, now, false)
    }

    /// Signs a deputy in at the kiosk, even after the day was signed off:
    /// a voter who arrives late is still received (签发后补登).
    pub fn sign_in_at_kiosk(
        &mut self,
        deputy_id: &DeputyId,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        self.write_sign_in(deputy_id, now, true)
    }

    fn write_sign_in(
        &mut self,
        deputy_id: &str,
        now: NaiveDateTime,
        late_allowed: bool,
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let tx = self.write_tx()?;
        if !late_allowed {
            refuse_if_duty_locked(&tx, now.date())?;
        }
        let open: Option<String> = tx
            .query_row(
                "SELECT id FROM duty_sessions WHERE deputy_id = ?1 AND duty_date = ?2 AND signed_out_at IS NULL",
                params![deputy_id, day(now.date())],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = open {
            return Ok(id);
        }
        let id = new_id();
        tx.execute(
            "INSERT INTO duty_sessions (id, station_id, deputy_id, duty_date, signed_in_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, station.id, deputy_id, day(now.date()), ts(now)],
        )?;
        let name = deputy_name(&tx, deputy_id)?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &name,
                action: "duty.sign_in",
                entity: "duty_session",
                entity_id: &id,
                before: None,
                after: Some(json!({"deputy_id": deputy_id, "date": day(now.date())})),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Closes the deputy's open sessions of that day.
    pub fn sign_out(&mut self, deputy_id: &DeputyId, now: NaiveDateTime) -> StoreResult<()> {
        self.sign_out_of_day(deputy_id, now.date(), now)
    }

    /// Signs a deputy out of a day's duty (at closing, perhaps a day later).
    /// Refused once the day is signed off.
    pub fn sign_out_of_day(
        &mut self,
        deputy_id: &DeputyId,
        date: NaiveDate,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        refuse_if_duty_locked(&tx, date)?;
        let ids: Vec<String> = {
            let mut stmt = tx.prepare(
                "SELECT id FROM duty_sessions WHERE deputy_id = ?1 AND duty_date = ?2 AND signed_out_at IS NULL",
            )?;
            stmt.query_map(params![deputy_id, day(date)], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        let name = deputy_name(&tx, deputy_id)?;
        for id in &ids {
            tx.execute(
                "UPDATE duty_sessions SET signed_out_at = ?1 WHERE id = ?2",
                params![ts(now), id],
            )?;
            audit::append(
                &tx,
                now,
                AuditWrite {
                    actor: &name,
                    action: "duty.sign_out",
                    entity: "duty_session",
                    entity_id: id,
                    before: None,
                    after: Some(json!({"signed_out_at": ts(now)})),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every duty session of a day, signed out or not, in sign-in order.
    pub fn duty_sessions(&self, date: NaiveDate) -> StoreResult<Vec<DutySession>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.deputy_id, d.name, s.signed_in_at, s.signed_out_at
             FROM duty_sessions s JOIN deputies d ON d.id = s.deputy_id
             WHERE s.duty_date = ?1 ORDER BY s.signed_in_at, d.name",
        )?;
        let rows = stmt.query_map([day(date)], |r| {
            Ok(DutySession {
                id: r.get(0)?,
                deputy_id: r.get(1)?,
                deputy_name: r.get(2)?,
                signed_in_at: r.get(3)?,
                signed_out_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Deputies on duty right now (signed in today, not signed out).
    pub fn on_duty(&self, date: NaiveDate) -> StoreResult<Vec<DutySession>> {
        Ok(self
            .duty_sessions(date)?
            .into_iter()
            .filter(DutySession::is_open)
            .collect())
    }
}

/// Refuses a sign-in or sign-out of a signed-off day (the caller holds
/// the transaction).
fn refuse_if_duty_locked(conn: &rusqlite::Connection, date: NaiveDate) -> StoreResult<()> {
    if is_signed(conn, date)? {
        Err(StoreError::Refused(Refusal::DutyDaySignedOff(date)))
    } else {
        Ok(())
    }
}

/// Who signed in or out, as the audit log names them.
fn deputy_name(conn: &rusqlite::Connection, deputy_id: &str) -> StoreResult<String> {
    Ok(conn
        .query_row(
            "SELECT name FROM deputies WHERE id = ?1",
            [deputy_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_else(|| deputy_id.to_string()))
}
