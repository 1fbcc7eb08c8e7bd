//! The append-only audit log. Each entry's hash covers its content and the
//! previous entry's hash, so an edit behind the program's back shows.

use super::{Store, StoreResult, seal, ts};
use crate::domain::roles::{Actor, Permission};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The sum of all record seals after this entry's change (see `seal`);
    /// absent on entries written before records were sealed.
    pub seal_sum: Option<String>,
}

/// What the audit screen filters by: each typed word, with the codes
/// whose names contain it (so that 导出 finds `export`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditQuery {
    pub words: Vec<AuditWord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditWord {
    pub text: String,
    /// Actions whose names contain it.
    pub actions: Vec<String>,
    /// Kinds of record whose names contain it (报表 finds `report`).
    pub entities: Vec<String>,
}

/// What one audit write says: who did what to which record.
pub(crate) struct AuditWrite<'a> {
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

pub(crate) fn entry_hash(
    prev: &str,
    at: &str,
    w: (&str, &str, &str, &str),
    before: &Option<String>,
    after: &Option<String>,
    seal_sum: Option<&str>,
) -> String {
    let mut h = Sha256::new();
    for part in [
        prev,
        at,
        w.0,
        w.1,
        w.2,
        w.3,
        before.as_deref().unwrap_or("\u{0}"),
        after.as_deref().unwrap_or("\u{0}"),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    // Entries from before sealing keep the hash they were written with.
    if let Some(sum) = seal_sum {
        h.update((sum.len() as u64).to_le_bytes());
        h.update(sum.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry; call inside the transaction that makes the change,
/// after its writes: the records it changed are sealed here.
pub(crate) fn append(conn: &Connection, now: NaiveDateTime, w: AuditWrite) -> StoreResult<()> {
    let sum = if seal::is_watching(conn)? {
        Some(seal::seal_touched(conn)?)
    } else {
        None
    };
    append_sealed(conn, now, w, sum)
}

/// Appends one entry that vouches for `seal_sum` (none on a schema from
/// before seals, where the column does not exist).
pub(crate) fn append_sealed(
    conn: &Connection,
    now: NaiveDateTime,
    w: AuditWrite,
    seal_sum: Option<u128>,
) -> StoreResult<()> {
    let prev: String = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let at = ts(now);
    let before = w.before.map(|v| v.to_string());
    let after = w.after.map(|v| v.to_string());
    let seal_sum = seal_sum.map(seal::sum_text);
    let hash = entry_hash(
        &prev,
        &at,
        (w.actor, w.action, w.entity, w.entity_id),
        &before,
        &after,
        seal_sum.as_deref(),
    );
    let mut args = params![
        at,
        w.actor,
        w.action,
        w.entity,
        w.entity_id,
        before,
        after,
        prev,
        hash
    ]
    .to_vec();
    let sql = match &seal_sum {
        Some(sum) => {
            args.push(sum as &dyn rusqlite::ToSql);
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        }
        None => {
            "INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        }
    };
    conn.prepare_cached(sql)?
        .execute(rusqlite::params_from_iter(args))?;
    Ok(())
}

fn entry_of(r: &rusqlite::Row) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        actor: r.get(2)?,
        action: r.get(3)?,
        entity: r.get(4)?,
        entity_id: r.get(5)?,
        before: r.get(6)?,
        after: r.get(7)?,
        prev_hash: r.get(8)?,
        hash: r.get(9)?,
        seal_sum: r.get(10)?,
    })
}

impl Store {
    /// What the records of `entries` are called, by (entity, id): a
    /// user's or deputy's name, a case's number (also for its reception),
    /// a department's or station's name; so that the log reads without
    /// ids. A record since deleted, or of another kind, has none.
    pub fn audit_record_labels(
        &self,
        entries: &[AuditEntry],
    ) -> StoreResult<HashMap<(String, String), String>> {
        const LABELS: [(&str, &str); 7] = [
            ("user", "SELECT name FROM users WHERE id = ?1"),
            ("deputy", "SELECT name FROM deputies WHERE id = ?1"),
            ("case", "SELECT number FROM cases WHERE id = ?1"),
            (
                "reception",
                "SELECT number FROM cases WHERE reception_id = ?1",
            ),
            ("department", "SELECT name FROM departments WHERE id = ?1"),
            (
                "station",
                "SELECT code || ' ' || name FROM stations WHERE id = ?1 \
                 UNION ALL SELECT code || ' ' || name FROM hub_stations WHERE id = ?1",
            ),
            (
                "study_session",
                "SELECT topic FROM study_sessions WHERE id = ?1",
            ),
        ];
        let mut labels = HashMap::new();
        for (entity, sql) in LABELS {
            let mut stmt = self.conn.prepare_cached(sql)?;
            for e in entries.iter().filter(|e| e.entity == entity) {
                let key = (e.entity.clone(), e.entity_id.clone());
                if labels.contains_key(&key) {
                    continue;
                }
                let label: Option<String> =
                    stmt.query_row([&e.entity_id], |r| r.get(0)).optional()?;
                if let Some(label) = label {
                    labels.insert(key, label);
                }
            }
        }
        Ok(labels)
    }

    /// A page of the log for the administrator's screen: newest first,
    /// older than `before_seq`, each entry's who, action, record or
    /// details containing every word of `query` (action codes are matched
    /// through `codes`, the codes whose words the user typed).
    pub fn audit_page(
        &self,
        by: &Actor,
        query: &AuditQuery,
        before_seq: Option<i64>,
        limit: usize,
    ) -> StoreResult<Vec<AuditEntry>> {
        self.authorise(by, Permission::ViewAudit)?;
        let mut sql = String::from(
            "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum
             FROM audit_log WHERE seq < ?1",
        );
        let mut args: Vec<String> = vec![before_seq.unwrap_or(i64::MAX).to_string()];
        for word in &query.words {
            args.push(format!("%{}%", word.text.replace(['%', '_'], "")));
            let n = args.len();
            let mut alternatives = vec![
                format!("actor LIKE ?{n}"),
                format!("action LIKE ?{n}"),
                format!("entity_id LIKE ?{n}"),
                format!("at LIKE ?{n}"),
                format!("coalesce(after, '') LIKE ?{n}"),
            ];
            for code in &word.actions {
                args.push(code.clone());
                alternatives.push(format!("action = ?{}", args.len()));
            }
            for code in &word.entities {
                args.push(code.clone());
                alternatives.push(format!("entity = ?{}", args.len()));
            }
            sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
        }
        sql.push_str(&format!(" ORDER BY seq DESC LIMIT {limit}"));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), entry_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The newest entries first.
    pub fn audit_entries(&self, limit: usize) -> StoreResult<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum
             FROM audit_log ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([limit as i64], entry_of)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One entry by its number.
    pub fn audit_entry(&self, seq: i64) -> StoreResult<Option<AuditEntry>> {
        Ok(self
            .conn
            .query_row(
                "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum
                 FROM audit_log WHERE seq = ?1",
                [seq],
                entry_of,
            )
            .optional()?)
    }

    /// Recomputes the chain; returns the sequence number of the first
    /// entry that does not match, if any.
    pub fn first_broken_audit_entry(&self) -> StoreResult<Option<i64>> {
        let mut stmt = self.conn.prepare(
            "SELECT seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash, seal_sum
             FROM audit_log ORDER BY seq",
        )?;
        let mut rows = stmt.query([])?;
        let mut prev = String::new();
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let (at, actor, action, entity, entity_id): (String, String, String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?);
            let (before, after): (Option<String>, Option<String>) = (r.get(6)?, r.get(7)?);
            let (prev_hash, hash): (String, String) = (r.get(8)?, r.get(9)?);
            let seal_sum: Option<String> = r.get(10)?;
            let expected = entry_hash(
                &prev,
                &at,
                (&actor, &action, &entity, &entity_id),
                &before,
                &after,
                seal_sum.as_deref(),
            );
            if prev_hash != prev || hash != expected {
                return Ok(Some(seq));
            }
            prev = hash;
        }
        Ok(None)
    }
}

impl Store {
    /// Logs that something left the program (a receipt saved or printed, an
    /// export): who, what, and where it went.
    /// Records a reveal, print, export or file written: what left the
    /// program, where to, and who asked.
    pub fn record_output(
        &mut self,
        action: &str,
        entity: &str,
        entity_id: &str,
        details: serde_json::Value,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        append(
            &tx,
            now,
            AuditWrite {
                actor,
                action,
                entity,
                entity_id,
                before: None,
                after: Some(details),
            },
        )?;
        tx.commit()?;
        Ok(())
    }
}
