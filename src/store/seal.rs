//! Tamper evidence for register rows. Every record the registers keep has a
//! seal: a hash of its row and its child rows, written in the transaction
//! that changed it. The sum of all seals goes into the audit entry of that
//! transaction, so it is covered by the audit chain.
//!
//! Which rows changed is noticed by TEMP triggers that exist only on the
//! program's own connections: a change made with another tool (the sqlite3
//! shell) leaves its seal stale, and `check` finds the row. A forger who
//! also rewrites the seal changes the sum, which no longer matches the last
//! audit entry.

use super::StoreResult;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};

/// One kind of sealed record: its table and key, and the child tables whose
/// rows belong to it.
pub(crate) struct SealedKind {
    pub kind: &'static str,
    table: &'static str,
    key: &'static str,
    /// (child table, column naming the parent, columns that order its rows)
    children: &'static [(&'static str, &'static str, &'static str)],
    /// A column that names the record for people (its number), if any.
    pub label: Option<&'static str>,
}

pub(crate) const SEALED: &[SealedKind] = &[
    SealedKind {
        kind: "station",
        table: "stations",
        key: "id",
        children: &[],
        label: Some("code"),
    },
    SealedKind {
        kind: "deputy",
        table: "deputies",
        key: "id",
        children: &[],
        label: Some("name"),
    },
    SealedKind {
        kind: "department",
        table: "departments",
        key: "id",
        children: &[],
        label: Some("name"),
    },
    SealedKind {
        kind: "duty_session",
        table: "duty_sessions",
        key: "id",
        children: &[],
        label: None,
    },
    SealedKind {
        kind: "reception",
        table: "receptions",
        key: "id",
        children: &[("reception_deputies", "reception_id", "deputy_id")],
        label: Some("number"),
    },
    SealedKind {
        kind: "case",
        table: "cases",
        key: "id",
        children: &[("case_events", "case_id", "id")],
        label: Some("number"),
    },
    SealedKind {
        kind: "activity",
        table: "activities",
        key: "id",
        children: &[("activity_participants", "activity_id", "deputy_id")],
        label: Some("activity_date"),
    },
    SealedKind {
        kind: "activity_meeting",
        table: "activity_meetings",
        key: "activity_id",
        children: &[],
        label: Some("met_person"),
    },
    SealedKind {
        kind: "activity_extra",
        table: "activity_extras",
        key: "activity_id",
        children: &[
            ("activity_projects", "activity_id", "project_id"),
            ("activity_households", "activity_id", "household_id"),
        ],
        label: None,
    },
    SealedKind {
        kind: "contact_household",
        table: "contact_households",
        key: "id",
        children: &[],
        label: Some("head"),
    },
    SealedKind {
        kind: "reception_letter",
        table: "reception_letters",
        key: "reception_id",
        children: &[],
        label: Some("received_on"),
    },
    SealedKind {
        kind: "study_session",
        table: "study_sessions",
        key: "id",
        children: &[("study_attendance", "session_id", "deputy_id")],
        label: Some("session_date"),
    },
    SealedKind {
        kind: "user",
        table: "users",
        key: "id",
        children: &[],
        label: Some("name"),
    },
    SealedKind {
        kind: "signed_day",
        table: "signed_days",
        key: "day",
        children: &[],
        label: Some("day"),
    },
    SealedKind {
        kind: "day_event",
        table: "day_events",
        key: "id",
        children: &[],
        label: Some("day"),
    },
    SealedKind {
        kind: "correction",
        table: "corrections",
        key: "id",
        children: &[],
        label: None,
    },
    SealedKind {
        kind: "livelihood_candidate",
        table: "livelihood_candidates",
        key: "id",
        children: &[("livelihood_candidate_cases", "candidate_id", "case_id")],
        label: Some("title"),
    },
    SealedKind {
        kind: "livelihood_vote",
        table: "livelihood_votes",
        key: "id",
        children: &[
            ("livelihood_ballots", "vote_id", "position"),
            ("livelihood_vote_deputies", "vote_id", "deputy_id"),
        ],
        label: Some("meeting"),
    },
    SealedKind {
        kind: "livelihood_project",
        table: "livelihood_projects",
        key: "id",
        children: &[
            ("livelihood_supervisors", "project_id", "deputy_id"),
            ("livelihood_milestones", "project_id", "month"),
            ("livelihood_followups", "project_id", "id"),
            ("livelihood_reviews", "project_id", "id"),
        ],
        label: None,
    },
    SealedKind {
        kind: "setting",
        table: "settings",
        key: "key",
        children: &[],
        label: Some("key"),
    },
];

/// Creates the connection's own change triggers. Called on every program
/// connection after the schema is up to date.
pub(crate) fn install_triggers(conn: &Connection) -> StoreResult<()> {
    let mut sql = String::from(
        "CREATE TEMP TABLE IF NOT EXISTS touched (
             kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (kind, key)
         ) WITHOUT ROWID;",
    );
    for k in SEALED {
        let mut watch = vec![(k.table, k.key)];
        watch.extend(k.children.iter().map(|(t, fk, _)| (*t, *fk)));
        for (table, column) in watch {
            for (event, row) in [("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")] {
                sql.push_str(&format!(
                    "CREATE TEMP TRIGGER IF NOT EXISTS seal_{table}_{event} AFTER {event} ON main.{table}
                     BEGIN INSERT OR IGNORE INTO touched VALUES ('{kind}', {row}.{column}); END;",
                    kind = k.kind,
                    event = event.to_lowercase(),
                ));
            }
        }
    }
    conn.execute_batch(&sql)?;
    Ok(())
}

/// Whether this connection notes its changes (not on a schema from before
/// seals, which the migration tests open).
pub(crate) fn is_watching(conn: &Connection) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM temp.sqlite_master WHERE name = 'touched'")?
        .exists([])?)
}

/// Whether the database has this table (a file from before the migration
/// that made it has not). One place for every module that asks.
pub(crate) fn has_table(conn: &Connection, table: &str) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?1")?
        .exists([table])?)
}

fn kind_of(kind: &str) -> Option<&'static SealedKind> {
    SEALED.iter().find(|k| k.kind == kind)
}

fn feed_row(h: &mut Sha256, row: &rusqlite::Row, columns: usize) -> rusqlite::Result<()> {
    h.update((columns as u32).to_le_bytes());
    for i in 0..columns {
        let (tag, bytes): (u8, Vec<u8>) = match row.get_ref(i)? {
            ValueRef::Null => (0, Vec::new()),
            ValueRef::Integer(n) => (1, n.to_le_bytes().to_vec()),
            ValueRef::Real(x) => (2, x.to_le_bytes().to_vec()),
            ValueRef::Text(t) => (3, t.to_vec()),
            ValueRef::Blob(b) => (4, b.to_vec()),
        };
        h.update([tag]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    Ok(())
}

/// The seal of one record as it stands now; `None` when it does not exist.
/// Any column added to a sealed table later changes every seal: a migration
/// that adds one must reseal (`seal_all`).
pub(crate) fn current_seal(
    conn: &Connection,
    kind: &SealedKind,
    key: &str,
) -> StoreResult<Option<[u8; 16]>> {
    let mut h = Sha256::new();
    h.update(kind.kind.as_bytes());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM main.{} WHERE {} = ?1",
        kind.table, kind.key
    ))?;
    let columns = stmt.column_count();
    let found = stmt
        .query_row([key], |r| feed_row(&mut h, r, columns))
        .optional()?;
    if found.is_none() {
        return Ok(None);
    }
    for (child, fk, order) in kind.children {
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT * FROM main.{child} WHERE {fk} = ?1 ORDER BY {order}"
        ))?;
        let columns = stmt.column_count();
        let mut rows = stmt.query([key])?;
        h.update(child.as_bytes());
        while let Some(r) = rows.next()? {
            feed_row(&mut h, r, columns)?;
        }
    }
    let digest = h.finalize();
    let mut seal = [0u8; 16];
    seal.copy_from_slice(&digest[..16]);
    Ok(Some(seal))
}

/// Seals are summed (wrapping) so that one figure in the audit entry
/// stands for all of them and can be kept up to date seal by seal.
fn as_number(seal: &[u8]) -> u128 {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&seal[..16]);
    u128::from_le_bytes(bytes)
}

pub(crate) fn sum_text(sum: u128) -> String {
    format!("{sum:032x}")
}

/// The seal sum the newest audit entry vouches for (0 before any).
pub(crate) fn last_sum(conn: &Connection) -> StoreResult<u128> {
    let text: Option<String> = conn
        .query_row(
            "SELECT seal_sum FROM audit_log WHERE seal_sum IS NOT NULL ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(text
        .and_then(|t| u128::from_str_radix(&t, 16).ok())
        .unwrap_or(0))
}

/// Seals every record this connection changed since the last call and
/// returns the new sum; called by `audit::append` inside the transaction.
pub(crate) fn seal_touched(conn: &Connection) -> StoreResult<u128> {
    Ok(last_sum(conn)?.wrapping_add(seal_changes(conn)?))
}

/// How many changed records are sealed at a time: a bulk write seals as
/// it goes, in little memory.
const SEAL_BATCH: usize = 1000;

/// Seals the records changed since the last call, a batch at a time, and
/// returns how much the seal sum moved (wrapping).
pub(crate) fn seal_changes(conn: &Connection) -> StoreResult<u128> {
    let mut delta = 0u128;
    loop {
        let batch: Vec<(String, String)> = conn
            .prepare_cached("SELECT kind, key FROM temp.touched LIMIT ?1")?
            .query_map([SEAL_BATCH as i64], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        if batch.is_empty() {
            return Ok(delta);
        }
        for (kind_name, key) in &batch {
            if let Some(kind) = kind_of(kind_name) {
                delta = delta.wrapping_add(reseal(conn, kind, kind_name, key)?);
            }
            conn.prepare_cached("DELETE FROM temp.touched WHERE kind = ?1 AND key = ?2")?
                .execute(params![kind_name, key])?;
        }
    }
}

/// Seals one record anew (or drops the seal of one deleted); returns how
/// much the sum moved.
fn reseal(conn: &Connection, kind: &SealedKind, kind_name: &str, key: &str) -> StoreResult<u128> {
    let mut delta = 0u128;
    let old: Option<Vec<u8>> = conn
        .prepare_cached("SELECT hash FROM seals WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind_name, key], |r| r.get(0))
        .optional()?;
    if let Some(old) = old.filter(|o| o.len() == 16) {
        delta = delta.wrapping_sub(as_number(&old));
    }
    match current_seal(conn, kind, key)? {
        Some(seal) => {
            delta = delta.wrapping_add(as_number(&seal));
            conn.prepare_cached(
                "INSERT INTO seals (kind, key, hash) VALUES (?1, ?2, ?3)
                 ON CONFLICT(kind, key) DO UPDATE SET hash = excluded.hash",
            )?
            .execute(params![kind_name, key, &seal[..]])?;
        }
        None => {
            conn.prepare_cached("DELETE FROM seals WHERE kind = ?1 AND key = ?2")?
                .execute(params![kind_name, key])?;
        }
    }
    Ok(delta)
}

/// Seals every record from scratch (after a bulk load or a migration that
/// changed sealed tables) and returns the sum.
pub(crate) fn seal_all(conn: &Connection) -> StoreResult<u128> {
    conn.execute("DELETE FROM seals", [])?;
    let mut sum = 0u128;
    for kind in SEALED {
        // Kinds added by a later migration have no table yet while an
        // earlier one runs (version 4 seals what exists).
        if !has_table(conn, kind.table)? {
            continue;
        }
        // Stepped through as the seals are written (another table), so a
        // million records never stand in memory at once.
        let mut stmt = conn.prepare(&format!(
            "SELECT {key} FROM main.{table} ORDER BY {key}",
            key = kind.key,
            table = kind.table
        ))?;
        let mut rows = stmt.query([])?;
        let mut insert =
            conn.prepare_cached("INSERT INTO seals (kind, key, hash) VALUES (?1, ?2, ?3)")?;
        while let Some(row) = rows.next()? {
            let key: String = row.get(0)?;
            if let Some(seal) = current_seal(conn, kind, &key)? {
                sum = sum.wrapping_add(as_number(&seal));
                insert.execute(params![kind.kind, key, &seal[..]])?;
            }
        }
    }
    if is_watching(conn)? {
        conn.execute("DELETE FROM temp.touched", [])?;
    }
    Ok(sum)
}

/// One kind's records against their seals (see `verify`), adding what
/// differs to `problems` and every stored seal to `sum`.
fn verify_kind(
    conn: &Connection,
    kind: &SealedKind,
    problems: &mut Vec<SealProblem>,
    sum: &mut u128,
) -> StoreResult<()> {
    let label = kind.label.unwrap_or(kind.key);
    let mut rows_stmt = conn.prepare(&format!(
        "SELECT {key}, CAST({label} AS TEXT) FROM main.{table} ORDER BY {key}",
        key = kind.key,
        table = kind.table
    ))?;
    let mut seals_stmt =
        conn.prepare("SELECT key, hash FROM seals WHERE kind = ?1 ORDER BY key")?;
    let mut rows = rows_stmt.query([])?;
    let mut seals = seals_stmt.query([kind.kind])?;
    let next_row = |rows: &mut rusqlite::Rows| -> StoreResult<Option<(String, String)>> {
        Ok(match rows.next()? {
            Some(r) => Some((
                r.get(0)?,
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
            )),
            None => None,
        })
    };
    let next_seal = |seals: &mut rusqlite::Rows| -> StoreResult<Option<(String, Vec<u8>)>> {
        Ok(match seals.next()? {
            Some(r) => Some((r.get(0)?, r.get(1)?)),
            None => None,
        })
    };
    let add = |stored: &[u8], sum: &mut u128| {
        if stored.len() == 16 {
            *sum = sum.wrapping_add(as_number(stored));
        }
    };
    let (mut row, mut seal) = (next_row(&mut rows)?, next_seal(&mut seals)?);
    loop {
        match (row.take(), seal.take()) {
            (None, None) => return Ok(()),
            (Some((key, label)), Some((sealed, stored))) if key == sealed => {
                add(&stored, sum);
                if current_seal(conn, kind, &key)?.is_some_and(|now| now[..] != stored[..]) {
                    problems.push(SealProblem::Changed {
                        kind: kind.kind.to_string(),
                        label,
                    });
                }
                (row, seal) = (next_row(&mut rows)?, next_seal(&mut seals)?);
            }
            (Some((key, label)), other) if other.as_ref().is_none_or(|(s, _)| key < *s) => {
                if current_seal(conn, kind, &key)?.is_some() {
                    problems.push(SealProblem::Added {
                        kind: kind.kind.to_string(),
                        label,
                    });
                }
                (row, seal) = (next_row(&mut rows)?, other);
            }
            (current, Some((key, stored))) => {
                add(&stored, sum);
                problems.push(SealProblem::Removed {
                    kind: kind.kind.to_string(),
                    key,
                });
                (row, seal) = (current, next_seal(&mut seals)?);
            }
            (Some(_), None) => unreachable!("a row with no seal left is handled above"),
        }
    }
}

/// What `check` found wrong with one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SealProblem {
    /// The row differs from what the program last wrote.
    Changed { kind: String, label: String },
    /// A row the program never wrote.
    Added { kind: String, label: String },
    /// A row the program wrote is gone.
    Removed { kind: String, key: String },
    /// The seals themselves were edited: their sum is not the one the
    /// newest audit entry vouches for.
    SealsEdited,
}

/// Recomputes every seal. Reads the whole database: for `check`. Each
/// table and its seals are read side by side in key order, so that a
/// million records are checked in little memory.
pub(crate) fn verify(conn: &Connection) -> StoreResult<Vec<SealProblem>> {
    let mut problems = Vec::new();
    let mut sum = 0u128;
    for kind in SEALED {
        // Kinds added by a later migration have no table yet while an
        // earlier one runs (version 4 seals what exists).
        if !has_table(conn, kind.table)? {
            continue;
        }
        verify_kind(conn, kind, &mut problems, &mut sum)?;
    }
    let stray: i64 = conn.query_row(
        &format!(
            "SELECT count(*) FROM seals WHERE kind NOT IN ({})",
            SEALED
                .iter()
                .map(|k| format!("'{}'", k.kind))
                .collect::<Vec<_>>()
                .join(",")
        ),
        [],
        |r| r.get(0),
    )?;
    if stray > 0 || sum != last_sum(conn)? {
        problems.push(SealProblem::SealsEdited);
    }
    Ok(problems)
}
