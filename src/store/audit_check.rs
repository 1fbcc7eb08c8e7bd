//! Checking the audit chain as a whole: entries missing from the middle
//! or the end, not only the first that does not chain. The newest entry's
//! number and hash are also kept where an edit of the log alone does not
//! reach them: SQLite's own counter of the log's numbers, each sign-off
//! (`audit_heads`), and every backup in the backups folder.

use super::audit::entry_hash;
use super::backup::{backups_dir, list_backups};
use super::seal::has_table;
use super::{Store, StoreResult};
use crate::domain::anchor::Anchor;
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

/// Where a record of the chain's head was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadRecord {
    /// SQLite's counter of the log's numbers (`sqlite_sequence`).
    Counter,
    /// The sign-off of this day.
    SignOff(String),
    /// A backup file (its name).
    Backup(String),
    /// The last restore.
    Restore,
}

/// What is wrong with the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditProblem {
    /// Entries `from..=to` are gone from the middle of the log.
    Missing { from: i64, to: i64 },
    /// Entry `seq` does not match its hash or its predecessor's.
    Broken { seq: i64 },
    /// `record` knows entries up to `recorded`; the log ends at `last`.
    NewestMissing {
        record: HeadRecord,
        recorded: i64,
        last: i64,
    },
    /// `record` knows entry `seq` with another hash: rewritten.
    Rewritten { record: HeadRecord, seq: i64 },
}

/// What `audit verify --anchor` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorVerdict {
    /// The entry is there with that hash and the `after` entries after it
    /// chain; `earlier` is the first problem before it, if any (the anchor
    /// vouches for what follows it, not for what came before).
    Holds {
        after: i64,
        earlier: Option<AuditProblem>,
    },
    /// No entry with that number.
    Missing,
    /// The entry's hash is now this one.
    Differs { hash: String },
    /// The entry is there but the chain after it is broken.
    BrokenAfter(AuditProblem),
}

/// Walks the log in order. A gap is named as missing entries; the entry
/// after a gap is then checked against its own predecessor hash so that
/// one deletion is not also reported as a break.
/// An entry's number and hash.
type Head = (i64, String);

fn walk(conn: &Connection) -> StoreResult<(Vec<AuditProblem>, Option<Head>)> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum
         FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut problems = Vec::new();
    let mut last: Option<Head> = None;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let texts: [String; 5] = [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?];
        let (before, after): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
        let (prev_hash, hash): (String, String) = (r.get(8)?, r.get(9)?);
        let seal_sum: Option<String> = r.get(10)?;
        let expected_prev = match &last {
            Some((last_seq, last_hash)) if *last_seq + 1 == seq => last_hash.clone(),
            Some((last_seq, _)) => {
                problems.push(AuditProblem::Missing {
                    from: last_seq + 1,
                    to: seq - 1,
                });
                prev_hash.clone()
            }
            None if seq > 1 => {
                problems.push(AuditProblem::Missing {
                    from: 1,
                    to: seq - 1,
                });
                prev_hash.clone()
            }
            None => String::new(),
        };
        let [at, actor, action, entity, entity_id] = &texts;
        let computed = entry_hash(
            &prev_hash,
            at,
            (actor, action, entity, entity_id),
            &before,
            &after,
            seal_sum.as_deref(),
        );
        if prev_hash != expected_prev || hash != computed {
            problems.push(AuditProblem::Broken { seq });
        }
        last = Some((seq, hash));
    }
    Ok((problems, last))
}

/// Heads recorded elsewhere: (where, number, hash if known).
fn recorded_heads(store: &Store) -> StoreResult<Vec<(HeadRecord, i64, Option<String>)>> {
    let conn = &store.conn;
    let mut heads = Vec::new();
    let counter: Option<i64> = conn
        .query_row(
            "SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(n) = counter {
        heads.push((HeadRecord::Counter, n, None));
    }
    if has_table(conn, "audit_heads")? {
        let mut stmt =
            conn.prepare("SELECT key, seq, hash FROM audit_heads WHERE kind = 'signed_day'")?;
        let rows = stmt.query_map([], |r| {
            Ok((HeadRecord::SignOff(r.get(0)?), r.get(1)?, Some(r.get(2)?)))
        })?;
        for row in rows {
            heads.push(row?);
        }
        let mut stmt = conn.prepare("SELECT seq, hash FROM audit_heads WHERE kind = 'restore'")?;
        let rows = stmt.query_map([], |r| {
            Ok((HeadRecord::Restore, r.get(0)?, Some(r.get(1)?)))
        })?;
        for row in rows {
            heads.push(row?);
        }
    }
    // A restore rolls the log back on purpose: backups taken up to it
    // hold entries the restored log never had.
    let restored_at: Option<String> = if has_table(conn, "audit_heads")? {
        conn.query_row(
            "SELECT a.at FROM audit_heads h JOIN audit_log a ON a.seq = h.seq WHERE h.kind = 'restore'",
            [],
            |r| r.get(0),
        )
        .optional()?
    } else {
        None
    };
    for file in list_backups(&backups_dir(&store.path)) {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if restored_at
            .as_deref()
            .is_some_and(|at| backup_time(&name).is_none_or(|taken| taken.as_str() <= at))
        {
            continue;
        }
        if let Some((seq, hash)) = head_of_file(&file) {
            heads.push((HeadRecord::Backup(name), seq, Some(hash)));
        }
    }
    Ok(heads)
}

/// When a rotated backup was taken, from its name (`desk-20261110-170000.db`),
/// as the log writes times (`2026-11-10 17:00:00`).
fn backup_time(name: &str) -> Option<String> {
    let stamp = name.strip_prefix("desk-")?.get(..15)?;
    let taken = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    Some(super::ts(taken))
}

/// The newest entry of the database at `path`, if it can be read.
fn head_of_file(path: &std::path::Path) -> Option<Head> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).ok()?;
    head(&conn).ok().flatten()
}

/// The newest entry (number, hash) of a connection's log.
pub(crate) fn head(conn: &Connection) -> StoreResult<Option<Head>> {
    Ok(conn
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// Keeps the chain's head as this day's sign-off saw it; call inside the
/// sign-off's transaction, after its audit entry.
pub(crate) fn keep_sign_off_head(conn: &Connection, date: NaiveDate) -> StoreResult<()> {
    if let Some((seq, hash)) = head(conn)? {
        conn.execute(
            "INSERT OR REPLACE INTO audit_heads (kind, key, seq, hash) VALUES ('signed_day', ?1, ?2, ?3)",
            params![super::day(date), seq, hash],
        )?;
    }
    Ok(())
}

/// Marks the database as restored (the restore's own audit entry), so that
/// an interface open on it notices and asks everyone to sign in again.
pub(crate) fn mark_restored(conn: &Connection) -> StoreResult<()> {
    if let Some((seq, hash)) = head(conn)? {
        conn.execute(
            "INSERT OR REPLACE INTO audit_heads (kind, key, seq, hash) VALUES ('restore', '', ?1, ?2)",
            params![seq, hash],
        )?;
    }
    Ok(())
}

impl Store {
    /// SQLite's count of changes made by other connections: a cheap way
    /// to see that something changed.
    pub fn data_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The last restore's mark, if the database was ever restored.
    pub fn restore_marker(&self) -> StoreResult<Option<String>> {
        if !has_table(&self.conn, "audit_heads")? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT seq || '-' || hash FROM audit_heads WHERE kind = 'restore'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Everything wrong with the audit chain: missing and broken entries,
    /// and heads recorded elsewhere that the log no longer reaches.
    pub fn audit_problems(&self) -> StoreResult<Vec<AuditProblem>> {
        let (mut problems, last) = walk(&self.conn)?;
        let last_seq = last.as_ref().map_or(0, |(s, _)| *s);
        for (record, seq, hash) in recorded_heads(self)? {
            if seq > last_seq {
                problems.push(AuditProblem::NewestMissing {
                    record,
                    recorded: seq,
                    last: last_seq,
                });
                continue;
            }
            let Some(hash) = hash else { continue };
            let now: Option<String> = self
                .conn
                .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
                    r.get(0)
                })
                .optional()?;
            // A missing entry is already named by the walk.
            if now.is_some_and(|now| now != hash) {
                problems.push(AuditProblem::Rewritten { record, seq });
            }
        }
        Ok(problems)
    }

    /// The anchor of the newest entry, if the log has any.
    pub fn audit_anchor(&self) -> StoreResult<Option<Anchor>> {
        Ok(head(&self.conn)?.map(|(seq, hash)| Anchor::of(seq, &hash)))
    }

    /// The anchor kept when `date` was signed off, if it was.
    pub fn day_anchor(&self, date: NaiveDate) -> StoreResult<Option<Anchor>> {
        if !has_table(&self.conn, "audit_heads")? {
            return Ok(None);
        }
        Ok(self
            .conn
            .query_row(
                "SELECT seq, hash FROM audit_heads WHERE kind = 'signed_day' AND key = ?1",
                [super::day(date)],
                |r| Ok(Anchor::of(r.get(0)?, &r.get::<_, String>(1)?)),
            )
            .optional()?)
    }

    /// Whether the log still holds the anchor's entry with its hash, and
    /// every entry after it chains.
    pub fn check_anchor(&self, anchor: &Anchor) -> StoreResult<AnchorVerdict> {
        let hash: Option<String> = self
            .conn
            .query_row(
                "SELECT hash FROM audit_log WHERE seq = ?1",
                [anchor.seq],
                |r| r.get(0),
            )
            .optional()?;
        let Some(hash) = hash else {
            return Ok(AnchorVerdict::Missing);
        };
        if !anchor.matches(&hash) {
            return Ok(AnchorVerdict::Differs {
                hash: Anchor::of(anchor.seq, &hash).hash_prefix,
            });
        }
        let (problems, last) = walk(&self.conn)?;
        let after_anchor = |p: &AuditProblem| match p {
            AuditProblem::Missing { to, .. } => *to > anchor.seq,
            AuditProblem::Broken { seq } => *seq > anchor.seq,
            _ => false,
        };
        if let Some(p) = problems.iter().find(|p| after_anchor(p)) {
            return Ok(AnchorVerdict::BrokenAfter(p.clone()));
        }
        let last_seq = last.map_or(anchor.seq, |(s, _)| s);
        Ok(AnchorVerdict::Holds {
            after: last_seq - anchor.seq,
            earlier: problems.into_iter().next(),
        })
    }
}
