//! What a bundle's payload holds: a copy of this database with the
//! station's registers and none of what stays at the station (users and
//! PINs, drafts, the audit log itself, the signing key) and, unless asked,
//! no visitor's contact details.

use super::{Store, StoreError, StoreResult, day, search, ts};
use crate::domain::bundle::{BundleAnchor, visitor_in_bundle};
use crate::domain::privacy::mask_name;
use crate::domain::validate::mask_phone;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeMap;
use std::path::Path;

/// The period a bundle carries; none for the whole history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BundleRange {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// What the payload writer needs to know.
pub struct PayloadRequest<'a> {
    pub range: Option<BundleRange>,
    pub with_contacts: bool,
    /// The word a confidential visitor's name becomes (保密).
    pub secret_word: &'a str,
}

/// Rows each register carries in a payload, by table.
pub const COUNTED: [(&str, &str); 6] = [
    ("receptions", "receptions"),
    ("cases", "cases"),
    ("activities", "activities"),
    ("study_sessions", "study_sessions"),
    ("duty_sessions", "duty_sessions"),
    ("deputies", "deputies"),
];

/// Tables that never leave the station.
const STAYING: [&str; 10] = [
    "users",
    "user_deputies",
    "drafts",
    "audit_log",
    "audit_heads",
    "seals",
    "station_keys",
    "hub_stations",
    "hub_figures",
    "hub_open_cases",
];

impl Store {
    /// The station's signing key (32 secret bytes, hex) and public key,
    /// made on first use: `init` makes it, and a station set up before
    /// keys existed gets one when it first writes a bundle.
    pub fn station_key(&mut self, now: NaiveDateTime) -> StoreResult<(String, String)> {
        let station = self.require_station()?;
        let found: Option<(String, String)> = self
            .conn
            .query_row(
                "SELECT secret_key, public_key FROM station_keys WHERE station_id = ?1",
                [&station.id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        if let Some(pair) = found {
            return Ok(pair);
        }
        let (secret, public) = new_key_pair()?;
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO station_keys (station_id, public_key, secret_key, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![station.id, public, secret, ts(now)],
        )?;
        tx.commit()?;
        Ok((secret, public))
    }

    /// The audit chain's newest entry, as a bundle names it.
    pub fn bundle_anchor(&self) -> StoreResult<Option<BundleAnchor>> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| {
                    Ok(BundleAnchor {
                        seq: r.get(0)?,
                        hash: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// The last day this database holds a reception, activity, study
    /// session or duty session of (none when it holds none).
    pub fn data_through(&self) -> StoreResult<Option<String>> {
        Ok(self.conn.query_row(
            "SELECT max(d) FROM (
                SELECT max(visit_date) AS d FROM receptions
                UNION ALL SELECT max(activity_date) FROM activities
                UNION ALL SELECT max(session_date) FROM study_sessions
                UNION ALL SELECT max(duty_date) FROM duty_sessions)",
            [],
            |r| r.get(0),
        )?)
    }

    /// Writes the payload to `path` (which must not exist yet) and returns
    /// the rows it carries. The copy is made whole by SQLite, then emptied
    /// of what stays here and compacted, so that no removed value remains
    /// in its free pages.
    pub fn write_bundle_payload(
        &self,
        path: &Path,
        request: &PayloadRequest,
    ) -> StoreResult<BTreeMap<String, i64>> {
        self.conn
            .execute("VACUUM INTO ?1", [path.to_string_lossy().as_ref()])?;
        let conn = Connection::open(path)?;
        let done = scrub(&conn, request).and_then(|()| count_rows(&conn));
        drop(conn);
        if done.is_err() {
            let _ = std::fs::remove_file(path);
        }
        done
    }
}

fn new_key_pair() -> StoreResult<(String, String)> {
    use rand_core::RngCore;
    let mut secret = [0u8; 32];
    rand_core::OsRng
        .try_fill_bytes(&mut secret)
        .map_err(|e| StoreError::other(format!("random source: {e}")))?;
    let key = ed25519_dalek::SigningKey::from_bytes(&secret);
    let hex = crate::domain::bundle::to_hex;
    Ok((hex(&secret), hex(key.verifying_key().as_bytes())))
}

fn scrub(conn: &Connection, request: &PayloadRequest) -> StoreResult<()> {
    conn.execute_batch("PRAGMA secure_delete=ON; PRAGMA foreign_keys=OFF; BEGIN;")?;
    // The log's own triggers refuse a delete: set them aside and put them
    // back, so that the copy has the shape of any desk database.
    let triggers: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (name, _) in &triggers {
        conn.execute_batch(&format!("DROP TRIGGER \"{name}\";"))?;
    }
    for table in STAYING {
        conn.execute_batch(&format!("DELETE FROM {table};"))?;
    }
    for (_, sql) in &triggers {
        conn.execute_batch(sql)?;
    }
    conn.execute("DELETE FROM hub", [])?;
    if let Some(range) = request.range {
        keep_only(conn, range)?;
    }
    if !request.with_contacts {
        remove_contacts(conn, request.secret_word)?;
    }
    // Deputies' phones are for the station; a hub sees them masked.
    let phones: Vec<(String, String)> = conn
        .prepare("SELECT id, phone FROM deputies WHERE phone <> ''")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, phone) in phones {
        conn.execute(
            "UPDATE deputies SET phone = ?1 WHERE id = ?2",
            params![mask_phone(&phone), id],
        )?;
    }
    search::reindex_all(conn)?;
    conn.execute_batch("COMMIT; VACUUM;")?;
    Ok(())
}

/// Leaves the receptions, activities, study and duty sessions of `range`
/// (and what hangs on them); the roster, departments and 民生实事 stay.
fn keep_only(conn: &Connection, range: BundleRange) -> StoreResult<()> {
    let (from, to) = (day(range.from), day(range.to));
    conn.execute(
        "CREATE TEMP TABLE gone_receptions AS SELECT id FROM receptions
         WHERE visit_date < ?1 OR visit_date > ?2",
        params![from, to],
    )?;
    conn.execute(
        "CREATE TEMP TABLE gone_activities AS SELECT id FROM activities
         WHERE activity_date < ?1 OR activity_date > ?2",
        params![from, to],
    )?;
    conn.execute(
        "CREATE TEMP TABLE gone_study AS SELECT id FROM study_sessions
         WHERE session_date < ?1 OR session_date > ?2",
        params![from, to],
    )?;
    conn.execute_batch(
        "CREATE TEMP TABLE gone_cases AS SELECT id FROM cases
             WHERE reception_id IN (SELECT id FROM gone_receptions);
         DELETE FROM case_events WHERE case_id IN (SELECT id FROM gone_cases);
         DELETE FROM livelihood_candidate_cases WHERE case_id IN (SELECT id FROM gone_cases);
         UPDATE receptions SET linked_case_id = NULL WHERE linked_case_id IN (SELECT id FROM gone_cases);
         DELETE FROM cases WHERE id IN (SELECT id FROM gone_cases);
         DELETE FROM reception_deputies WHERE reception_id IN (SELECT id FROM gone_receptions);
         DELETE FROM reception_letters WHERE reception_id IN (SELECT id FROM gone_receptions);
         DELETE FROM late_entries WHERE reception_id IN (SELECT id FROM gone_receptions);
         DELETE FROM receptions WHERE id IN (SELECT id FROM gone_receptions);
         DELETE FROM activity_participants WHERE activity_id IN (SELECT id FROM gone_activities);
         DELETE FROM activity_meetings WHERE activity_id IN (SELECT id FROM gone_activities);
         DELETE FROM activity_extras WHERE activity_id IN (SELECT id FROM gone_activities);
         DELETE FROM activity_projects WHERE activity_id IN (SELECT id FROM gone_activities);
         DELETE FROM activity_households WHERE activity_id IN (SELECT id FROM gone_activities);
         DELETE FROM activities WHERE id IN (SELECT id FROM gone_activities);
         DELETE FROM study_attendance WHERE session_id IN (SELECT id FROM gone_study);
         DELETE FROM study_sessions WHERE id IN (SELECT id FROM gone_study);",
    )?;
    conn.execute(
        "DELETE FROM duty_sessions WHERE duty_date < ?1 OR duty_date > ?2",
        params![from, to],
    )?;
    Ok(())
}

/// Visitors become 赵某 (or 保密); phones, addresses and ID numbers go,
/// in the receptions, in their corrections and in the contact households.
fn remove_contacts(conn: &Connection, secret_word: &str) -> StoreResult<()> {
    let named: Vec<(String, String, bool)> = conn
        .prepare(
            "SELECT id, visitor_name, confidential FROM receptions WHERE visitor_name IS NOT NULL",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut rename = conn.prepare("UPDATE receptions SET visitor_name = ?1 WHERE id = ?2")?;
    for (id, name, confidential) in named {
        rename.execute(params![
            visitor_in_bundle(Some(&name), confidential, secret_word),
            id
        ])?;
    }
    conn.execute_batch(
        "UPDATE receptions SET phone = NULL, address = '', id_number = NULL
             WHERE phone IS NOT NULL OR address <> '' OR id_number IS NOT NULL;
         UPDATE corrections SET old_value = '', new_value = ''
             WHERE entity = 'reception' AND field IN ('phone', 'address', 'id_number');
         UPDATE contact_households SET phone = '';",
    )?;
    let corrected: Vec<(String, String, String)> = conn
        .prepare(
            "SELECT id, old_value, new_value FROM corrections
             WHERE entity = 'reception' AND field = 'visitor_name'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, old, new) in corrected {
        let bundled = |n: &str| visitor_in_bundle(Some(n), false, secret_word).unwrap_or_default();
        conn.execute(
            "UPDATE corrections SET old_value = ?1, new_value = ?2 WHERE id = ?3",
            params![bundled(&old), bundled(&new), id],
        )?;
    }
    let heads: Vec<(String, String)> = conn
        .prepare("SELECT id, head FROM contact_households")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (id, head) in heads {
        let masked =
            visitor_in_bundle(Some(&head), false, secret_word).unwrap_or_else(|| mask_name(&head));
        conn.execute(
            "UPDATE contact_households SET head = ?1 WHERE id = ?2",
            params![masked, id],
        )?;
    }
    Ok(())
}

pub(crate) fn count_rows(conn: &Connection) -> StoreResult<BTreeMap<String, i64>> {
    let mut counts = BTreeMap::new();
    for (key, table) in COUNTED {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        counts.insert(key.to_string(), n);
    }
    Ok(counts)
}
