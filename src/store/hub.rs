//! A hub's own records: that it is a hub, the stations it has received
//! bundles from (with the key each was first seen with), and the copy of
//! each station's registers, kept as a desk database of its own in a
//! folder beside the hub's file.

use super::audit::{self, AuditWrite};
use super::{Store, StoreResult, bundle::count_rows, search, ts};
use crate::domain::bundle::BundleHeader;
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq)]
pub struct HubStation {
    pub id: String,
    pub code: String,
    pub name: String,
    /// None after `hub forget`: the next bundle's key is pinned afresh.
    pub public_key: Option<String>,
    pub via: String,
    pub data_through: String,
    pub imported_at: String,
    pub bundle_sha256: String,
    pub file: String,
    /// The bundle the hub's list of its open cases was made from.
    pub open_cases_of: String,
}

impl HubStation {
    /// The day its latest bundle was loaded.
    pub fn imported_on(&self) -> Option<chrono::NaiveDate> {
        self.imported_at.get(..10).and_then(super::parse_day)
    }

    /// Its code and name as lists show them: a station a town's bundle
    /// brought stands under its town (`SZL/HA01 name`).
    pub fn label(&self) -> String {
        if self.via.is_empty() {
            format!("{} {}", self.code, self.name)
        } else {
            format!("{}/{} {}", self.via, self.code, self.name)
        }
    }
}

/// A station's columns, for queries that name the table `s`.
pub(super) const STATION_COLUMNS: &str = "s.id, s.code, s.name, s.public_key, s.via, \
     s.data_through, s.imported_at, s.bundle_sha256, s.file, s.open_cases_of";

/// What a bundle brings compared with the hub's copy, by register: rows
/// new to the hub and rows in a newer state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeSummary {
    pub new: BTreeMap<String, i64>,
    pub changed: BTreeMap<String, i64>,
    /// Rows the copy had that the station has since deleted (a whole
    /// history bundle no older than the copy says so).
    pub removed: BTreeMap<String, i64>,
}

/// A bundle the hub has checked and loaded, as its records keep it.
pub struct HubImport<'a> {
    pub header: &'a BundleHeader,
    /// The hub whose bundle brought the station ('' for its own bundle).
    pub via: &'a str,
    /// Of the whole bundle file: the same file again is 已是最新.
    pub sha256: &'a str,
    /// The copy's file name in the hub's folder.
    pub file: &'a str,
    pub summary: &'a MergeSummary,
    pub source: &'a Path,
    /// The copy's content once loaded (`copy_digest`), kept in the audit
    /// entry so that `check` finds a copy changed since ('' for a town's
    /// own record, which has no copy).
    pub copy_digest: &'a str,
}

impl MergeSummary {
    pub fn is_empty(&self) -> bool {
        self.new
            .values()
            .chain(self.changed.values())
            .chain(self.removed.values())
            .all(|n| *n == 0)
    }
}

/// Tables of the copy that follow from others and are rebuilt after a
/// merge, or are not a station's rows at all.
const NOT_MERGED: [&str; 16] = [
    "case_search",
    "case_counts",
    "sqlite_sequence",
    "users",
    "user_deputies",
    "drafts",
    "audit_log",
    "audit_heads",
    "seals",
    "station_keys",
    "hub",
    "hub_stations",
    "hub_figures",
    "hub_open_cases",
    "settings",
    "hub_copy",
];

impl Store {
    /// Whether this database is a hub's.
    pub fn is_hub(&self) -> StoreResult<bool> {
        Ok(self.conn.prepare_cached("SELECT 1 FROM hub")?.exists([])?)
    }

    /// `hub init`: the hub's own code and name, and the mark that it is one.
    pub fn init_hub(&mut self, code: &str, name: &str, now: NaiveDateTime) -> StoreResult<()> {
        let station = self.init_station(code, name, now)?;
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT OR IGNORE INTO hub (id, created_at) VALUES (1, ?1)",
            [ts(now)],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: "",
                action: "hub.setup",
                entity: "station",
                entity_id: &station.id,
                before: None,
                after: Some(json!({"code": code, "name": name})),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The folder the hub keeps its stations' copies in.
    pub fn hub_folder(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push("-stations");
        PathBuf::from(name)
    }

    pub fn hub_stations(&self) -> StoreResult<Vec<HubStation>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STATION_COLUMNS} FROM hub_stations s ORDER BY s.via, s.code"
        ))?;
        let rows = stmt.query_map([], hub_station)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn hub_station(&self, code: &str) -> StoreResult<Option<HubStation>> {
        Ok(self
            .conn
            .query_row(
                &format!("SELECT {STATION_COLUMNS} FROM hub_stations s WHERE s.code = ?1"),
                [code],
                hub_station,
            )
            .optional()?)
    }

    /// The copy digest the hub's latest import of a station recorded, if
    /// any (imports before the digest was kept have none).
    pub fn recorded_copy_digest(&self, station_id: &str) -> StoreResult<Option<String>> {
        let after: Option<String> = self
            .conn
            .query_row(
                "SELECT after FROM audit_log WHERE action = 'hub.import' AND entity_id = ?1
                 ORDER BY seq DESC LIMIT 1",
                [station_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let digest = after
            .and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
            .and_then(|a| a["copy_digest"].as_str().map(str::to_string))
            .filter(|d| !d.is_empty());
        Ok(digest)
    }

    /// Records a bundle the hub has loaded: the station (its key pinned if
    /// new) and, in the audit log, the file, the counts and the check.
    pub fn record_hub_import(
        &mut self,
        import: &HubImport,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let HubImport {
            header,
            via,
            sha256,
            file,
            summary,
            source,
            copy_digest,
        } = import;
        let tx = self.write_tx()?;
        let s = &header.station;
        // A station set up again after `hub forget` comes with a new id:
        // its record takes the old one's place; what was kept from the
        // old copy, and from this station's older bundles, goes.
        for table in ["hub_figures", "hub_open_cases"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE station_id IN
                     (SELECT id FROM hub_stations WHERE code = ?1 AND id <> ?2)"
                ),
                params![s.code, s.id],
            )?;
        }
        tx.execute(
            "DELETE FROM hub_stations WHERE code = ?1 AND id <> ?2",
            params![s.code, s.id],
        )?;
        tx.execute("DELETE FROM hub_figures WHERE station_id = ?1", [&s.id])?;
        tx.execute(
            "INSERT INTO hub_stations
                 (id, code, name, public_key, via, data_through, imported_at, bundle_sha256, file)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET code = excluded.code, name = excluded.name,
                 public_key = excluded.public_key, via = excluded.via,
                 data_through = max(hub_stations.data_through, excluded.data_through),
                 imported_at = excluded.imported_at, bundle_sha256 = excluded.bundle_sha256",
            params![
                s.id,
                s.code,
                s.name,
                header.public_key,
                via,
                header.data_through,
                ts(now),
                sha256,
                file
            ],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "hub.import",
                entity: "station",
                entity_id: &s.id,
                before: None,
                after: Some(json!({
                    "file": source.display().to_string(),
                    "code": s.code,
                    "name": s.name,
                    "signature": "verified",
                    "counts": header.counts,
                    "new": summary.new,
                    "changed": summary.changed,
                    "sha256": sha256,
                    "copy_digest": copy_digest,
                })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Notes a bundle the hub refused, with why (nothing else changes).
    pub fn record_hub_refusal(
        &mut self,
        source: &Path,
        code: &str,
        why: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let details = json!({"file": source.display().to_string(), "code": code, "why": why});
        let tx = self.write_tx()?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "hub.import_refused",
                entity: "station",
                entity_id: "",
                before: None,
                after: Some(details),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// `hub forget`: the station's pinned key is let go, so that a station
    /// that was set up again can register its new key; its data stays.
    pub fn forget_hub_key(
        &mut self,
        code: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<bool> {
        let Some(station) = self.hub_station(code)? else {
            return Ok(false);
        };
        let tx = self.write_tx()?;
        tx.execute(
            "UPDATE hub_stations SET public_key = NULL WHERE id = ?1",
            [&station.id],
        )?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "hub.forget",
                entity: "station",
                entity_id: &station.id,
                before: Some(json!({"public_key": station.public_key})),
                after: None,
            },
        )?;
        tx.commit()?;
        Ok(true)
    }
}

pub(super) fn hub_station(r: &rusqlite::Row) -> rusqlite::Result<HubStation> {
    Ok(HubStation {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        public_key: r.get(3)?,
        via: r.get(4)?,
        data_through: r.get(5)?,
        imported_at: r.get(6)?,
        bundle_sha256: r.get(7)?,
        file: r.get(8)?,
        open_cases_of: r.get(9)?,
    })
}

/// The station tables of a copy, with their columns in order.
fn merged_tables(conn: &Connection) -> StoreResult<Vec<(String, Vec<String>)>> {
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM main.sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'case_search%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for name in names
        .into_iter()
        .filter(|n| !NOT_MERGED.contains(&n.as_str()))
    {
        let columns: Vec<String> = conn
            .prepare(&format!("SELECT name FROM pragma_table_info('{name}')"))?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        out.push((name, columns));
    }
    Ok(out)
}

/// The lock one import into a hub holds (see [`ImportLock::take`]).
pub struct ImportLock {
    _conn: Connection,
}

impl ImportLock {
    /// Takes the hub's import lock: an exclusive lock on a small SQLite
    /// file in the hub's folder, which the system lets go when the
    /// process ends, even by a kill. None while another import holds it.
    pub fn take(folder: &Path) -> StoreResult<Option<ImportLock>> {
        let path = folder.join("import.lock");
        match Self::take_at(&path) {
            // Not a lock file any more (written over by another tool): it
            // holds nothing, and a fresh one takes its place.
            Err(super::StoreError::Database(super::DatabaseFailure::Corrupt)) => {
                let _ = std::fs::remove_file(&path);
                Self::take_at(&path)
            }
            taken => taken,
        }
    }

    fn take_at(path: &Path) -> StoreResult<Option<ImportLock>> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::ZERO)?;
        conn.pragma_update(None, "locking_mode", "EXCLUSIVE")?;
        match conn.execute_batch("BEGIN EXCLUSIVE") {
            Ok(()) => Ok(Some(ImportLock { _conn: conn })),
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy =>
            {
                Ok(None)
            }
            Err(e) => Err(e.into()),
        }
    }
}

/// What `incoming` (a bundle's payload at the hub's schema) brings to the
/// copy at `target`; with `apply`, merges it in one transaction: rows
/// matched by their keys, a case replaced only by a state at least as new.
///
/// A bundle of the whole history is the station's every row: a row the
/// copy has and it lacks was deleted at the station (a link taken off an
/// activity), and goes from the copy too. A whole bundle made before the
/// one the copy last took brings nothing and changes nothing.
pub fn merge_copy(
    target: &Path,
    incoming: &Path,
    made: Made,
    apply: bool,
) -> StoreResult<MergeSummary> {
    let conn = Connection::open(target)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute(
        "ATTACH DATABASE ?1 AS b",
        [incoming.to_string_lossy().as_ref()],
    )?;
    conn.execute_batch("PRAGMA foreign_keys=OFF; PRAGMA secure_delete=ON; BEGIN IMMEDIATE;")?;
    let done = merge_in(&conn, made, apply);
    match done {
        Ok(summary) if apply => {
            conn.execute_batch("COMMIT;")?;
            Ok(summary)
        }
        other => {
            let _ = conn.execute_batch("ROLLBACK;");
            other
        }
    }
}

fn merge_in(conn: &Connection, made: Made, apply: bool) -> StoreResult<MergeSummary> {
    let mut summary = MergeSummary::default();
    let counted: BTreeMap<String, i64> = count_rows(conn)?;
    let tables = merged_tables(conn)?;
    if made.whole {
        if whole_bundle_taken(conn)?.is_some_and(|taken| made.at < taken.as_str()) {
            return Ok(summary);
        }
        remove_deleted(conn, &tables, &mut summary, apply)?;
        if apply {
            mark_whole_bundle(conn, made.at)?;
        }
    }
    for (table, columns) in tables {
        let list = columns
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        // A row the copy holds in a newer state (an older bundle imported
        // after a newer one) is left as it is.
        let dated = ["id", "updated_at"]
            .iter()
            .all(|c| columns.iter().any(|k| k == c));
        let newer = if dated {
            format!(
                " WHERE NOT EXISTS (SELECT 1 FROM main.\"{table}\" m WHERE m.id = i.id AND m.updated_at > i.updated_at)"
            )
        } else {
            String::new()
        };
        if counted.contains_key(&table) {
            let differing: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM (SELECT {list} FROM b.\"{table}\" i{newer}
                     EXCEPT SELECT {list} FROM main.\"{table}\")"
                ),
                [],
                |r| r.get(0),
            )?;
            let new: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM b.\"{table}\" WHERE id NOT IN (SELECT id FROM main.\"{table}\")"
                ),
                [],
                |r| r.get(0),
            )?;
            summary.new.insert(table.clone(), new);
            summary.changed.insert(table.clone(), differing - new);
        }
        if apply {
            conn.execute_batch(&format!(
                "INSERT OR REPLACE INTO main.\"{table}\" ({list}) SELECT {list} FROM b.\"{table}\" i{newer};"
            ))?;
        }
    }
    if apply {
        conn.execute_batch(
            "DELETE FROM case_counts;
             INSERT INTO case_counts (status, n) SELECT status, count(*) FROM cases GROUP BY status;",
        )?;
        search::reindex_all(conn)?;
    }
    Ok(summary)
}

/// Which bundle a copy is merged from: when it was made, and whether it
/// carries the station's whole history.
#[derive(Debug, Clone, Copy)]
pub struct Made<'a> {
    pub at: &'a str,
    pub whole: bool,
}

/// When the whole-history bundle the copy last took was made (the copy's
/// own note, in a table no bundle carries).
fn whole_bundle_taken(conn: &Connection) -> StoreResult<Option<String>> {
    let noted: bool = conn.query_row(
        "SELECT count(*) > 0 FROM main.sqlite_master WHERE name = 'hub_copy'",
        [],
        |r| r.get(0),
    )?;
    if !noted {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT whole_bundle_made FROM main.hub_copy", [], |r| {
            r.get(0)
        })
        .optional()?)
}

/// Notes in the copy when the whole-history bundle it took was made.
pub fn mark_whole_bundle(conn: &Connection, made_at: &str) -> StoreResult<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS main.hub_copy (whole_bundle_made TEXT NOT NULL);
         DELETE FROM main.hub_copy;",
    )?;
    conn.execute("INSERT INTO main.hub_copy VALUES (?1)", [made_at])?;
    Ok(())
}

/// Counts (and with `apply` deletes) the copy's rows that the bundle
/// lacks, matched by each table's primary key (by every column where it
/// has none).
fn remove_deleted(
    conn: &Connection,
    tables: &[(String, Vec<String>)],
    summary: &mut MergeSummary,
    apply: bool,
) -> StoreResult<()> {
    for (table, columns) in tables {
        let key = key_of(conn, table, columns)?;
        // The copy's row is named by its table (some have no rowid).
        let same = key
            .iter()
            .map(|c| format!("i.\"{c}\" IS main.\"{table}\".\"{c}\""))
            .collect::<Vec<_>>()
            .join(" AND ");
        let gone = format!("NOT EXISTS (SELECT 1 FROM b.\"{table}\" i WHERE {same})");
        let n: i64 = conn.query_row(
            &format!("SELECT count(*) FROM main.\"{table}\" WHERE {gone}"),
            [],
            |r| r.get(0),
        )?;
        if n == 0 {
            continue;
        }
        summary.removed.insert(table.clone(), n);
        if apply {
            conn.execute(&format!("DELETE FROM main.\"{table}\" WHERE {gone}"), [])?;
        }
    }
    Ok(())
}

/// A table's primary key columns, or every column where it has none.
fn key_of(conn: &Connection, table: &str, columns: &[String]) -> StoreResult<Vec<String>> {
    let key: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(if key.is_empty() {
        columns.to_vec()
    } else {
        key
    })
}

/// A digest of a copy's content: every merged table's rows in the order
/// of their key, each value with its type. Two copies with the same rows
/// have the same digest, whatever their pages (a restored copy too).
pub fn copy_digest(path: &Path) -> StoreResult<String> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut hasher = Sha256::new();
    for (table, columns) in merged_tables(&conn)? {
        hasher.update(table.as_bytes());
        let quoted = |names: &[String]| {
            names
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        // In key order: the key's index gives it, no sort is needed.
        let order = quoted(&key_of(&conn, &table, &columns)?);
        let list = quoted(&columns);
        let mut stmt = conn.prepare(&format!("SELECT {list} FROM \"{table}\" ORDER BY {order}"))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            for i in 0..columns.len() {
                match row.get_ref(i)? {
                    ValueRef::Null => hasher.update([0u8]),
                    ValueRef::Integer(n) => {
                        hasher.update([1u8]);
                        hasher.update(n.to_le_bytes());
                    }
                    ValueRef::Real(x) => {
                        hasher.update([2u8]);
                        hasher.update(x.to_le_bytes());
                    }
                    ValueRef::Text(b) | ValueRef::Blob(b) => {
                        hasher.update([3u8]);
                        hasher.update((b.len() as u64).to_le_bytes());
                        hasher.update(b);
                    }
                }
            }
        }
    }
    Ok(crate::domain::bundle::to_hex(&hasher.finalize()))
}

/// What a payload brings to a hub that has no copy yet: all of it.
pub fn all_new(incoming: &Path) -> StoreResult<MergeSummary> {
    let conn = Connection::open(incoming)?;
    let new = count_rows(&conn)?;
    let changed = new.keys().map(|k| (k.clone(), 0)).collect();
    Ok(MergeSummary {
        new,
        changed,
        removed: BTreeMap::new(),
    })
}
