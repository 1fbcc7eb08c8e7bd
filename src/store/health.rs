//! What `check` looks for beyond SQLite's own checks: the triggers that
//! keep the audit log append-only and the case counts right, the counts
//! themselves, and cases whose fields contradict their status.

use super::{Store, StoreResult};
use crate::domain::case::{CaseFacts, CaseStatus, Contradiction, contradictions};

/// Triggers the schema creates that protect the record; a missing one was
/// dropped behind the program's back.
const PROTECTING_TRIGGERS: [&str; 5] = [
    "audit_log_no_update",
    "audit_log_no_delete",
    "case_counts_insert",
    "case_counts_update",
    "case_counts_delete",
];

/// A status whose kept count differs from the cases: (status code, kept, real).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountMismatch {
    pub status: String,
    pub kept: i64,
    pub real: i64,
}

/// What became of a protecting trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerProblem {
    Dropped(&'static str),
    /// There under its name, but doing something else (a no-op in its place).
    Changed(&'static str),
}

/// A trigger's statement as the schema files write it.
fn schema_trigger(name: &str) -> Option<String> {
    let schema = [include_str!("schema_v1.sql"), include_str!("schema_v2.sql")].concat();
    let start = schema.find(&format!("CREATE TRIGGER {name} "))?;
    let end = start + schema[start..].find("END;")? + "END".len();
    Some(normalised(&schema[start..end]))
}

/// Statement text compared without regard to spacing, case or the last `;`.
fn normalised(sql: &str) -> String {
    sql.trim()
        .trim_end_matches(';')
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl Store {
    /// The protecting triggers that are gone or not what the schema made.
    pub fn trigger_problems(&self) -> StoreResult<Vec<TriggerProblem>> {
        use rusqlite::OptionalExtension;
        let mut problems = Vec::new();
        for name in PROTECTING_TRIGGERS {
            let sql: Option<String> = self
                .conn
                .query_row(
                    "SELECT sql FROM main.sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            match sql {
                None => problems.push(TriggerProblem::Dropped(name)),
                Some(sql) if Some(normalised(&sql)) != schema_trigger(name) => {
                    problems.push(TriggerProblem::Changed(name))
                }
                Some(_) => {}
            }
        }
        Ok(problems)
    }

    /// Statuses whose kept count (`case_counts`) is not the number of cases.
    pub fn case_count_mismatches(&self) -> StoreResult<Vec<CountMismatch>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.status, coalesce(k.n, 0), coalesce(r.n, 0)
             FROM (SELECT status FROM case_counts UNION SELECT DISTINCT status FROM cases) s
             LEFT JOIN case_counts k ON k.status = s.status
             LEFT JOIN (SELECT status, count(*) AS n FROM cases GROUP BY status) r
                    ON r.status = s.status
             WHERE coalesce(k.n, 0) <> coalesce(r.n, 0)
             ORDER BY s.status",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CountMismatch {
                status: r.get(0)?,
                kept: r.get(1)?,
                real: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Cases whose fields contradict their status (number, what), read
    /// case by case and judged by the domain's rule.
    pub fn case_contradictions(&self) -> StoreResult<Vec<(String, Contradiction)>> {
        let mut stmt = self.conn.prepare(
            "SELECT number, status, reply_date IS NOT NULL, reply_text <> '',
                    closed_date IS NOT NULL, callback IS NOT NULL
             FROM cases ORDER BY opened_at, number",
        )?;
        let mut rows = stmt.query([])?;
        let mut found = Vec::new();
        while let Some(r) = rows.next()? {
            let facts = CaseFacts {
                status: CaseStatus::from_code(&r.get::<_, String>(1)?),
                has_reply_date: r.get(2)?,
                has_reply_text: r.get(3)?,
                has_closed_date: r.get(4)?,
                has_callback: r.get(5)?,
            };
            for c in contradictions(&facts) {
                found.push((r.get(0)?, c));
            }
        }
        Ok(found)
    }
}
