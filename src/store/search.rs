//! Keeping the search index in step with the cases it covers.

use super::StoreResult;
use crate::domain::search::index_fields;
use rusqlite::{Connection, Transaction, params};

/// The text of a case that search covers.
/// A confidential visitor's name and phone are left out, so that a search
/// by name cannot tell who came. ID numbers are never indexed: a search by
/// one would tell who holds it without a reveal.
/// (The same five fields, with their joins, feed a hub's 督办 search.)
macro_rules! searched_fields {
    () => {
        "c.number, r.content,
            CASE WHEN r.confidential THEN NULL ELSE r.visitor_name END,
            CASE WHEN r.confidential THEN NULL ELSE r.phone END,
            d.name
     FROM cases c
     JOIN receptions r ON r.id = c.reception_id
     LEFT JOIN departments d ON d.id = c.department_id"
    };
}
const CASE_TEXT: &str = concat!("SELECT c.rowid, ", searched_fields!());
/// The searched fields and the tables they come from, to follow a list
/// of a case's own columns: `SELECT c.id, {SEARCHED_FROM} WHERE …`.
pub(super) const SEARCHED_FROM: &str = searched_fields!();

/// The five searched fields of a row, from column `at` on.
pub(super) fn searched_at(row: &rusqlite::Row, at: usize) -> rusqlite::Result<[Option<String>; 5]> {
    Ok([
        row.get(at)?,
        row.get(at + 1)?,
        row.get(at + 2)?,
        row.get(at + 3)?,
        row.get(at + 4)?,
    ])
}

fn tokens_of(row: &rusqlite::Row) -> rusqlite::Result<(i64, String)> {
    let rowid: i64 = row.get(0)?;
    let fields = searched_at(row, 1)?;
    let texts: Vec<&str> = fields.iter().map(|f| f.as_deref().unwrap_or("")).collect();
    Ok((rowid, index_fields(&texts)))
}

/// (Re)indexes one case, after it is created or its department changes.
pub(crate) fn index_case(conn: &Connection, case_id: &str) -> StoreResult<()> {
    let (rowid, tokens) = conn.query_row(
        &format!("{CASE_TEXT} WHERE c.id = ?1"),
        [case_id],
        tokens_of,
    )?;
    conn.execute("DELETE FROM case_search WHERE rowid = ?1", [rowid])?;
    conn.execute(
        "INSERT INTO case_search (rowid, tokens) VALUES (?1, ?2)",
        params![rowid, tokens],
    )?;
    Ok(())
}

/// Migration to version 2: the index and the list's indexes, filled for
/// every case already there.
pub(crate) fn migrate_v2(tx: &Transaction) -> StoreResult<()> {
    tx.execute_batch(include_str!("schema_v2.sql"))?;
    let mut select = tx.prepare(CASE_TEXT)?;
    let mut insert = tx.prepare("INSERT INTO case_search (rowid, tokens) VALUES (?1, ?2)")?;
    let rows = select.query_map([], tokens_of)?;
    for row in rows {
        let (rowid, tokens) = row?;
        insert.execute(params![rowid, tokens])?;
    }
    Ok(())
}

/// Indexes every case afresh (a bundle's copy, whose visitors' names have
/// changed, and a hub's copy after a merge has replaced rows).
pub(crate) fn reindex_all(conn: &Connection) -> StoreResult<()> {
    conn.execute(
        "INSERT INTO case_search (case_search) VALUES ('delete-all')",
        [],
    )?;
    let mut select = conn.prepare(CASE_TEXT)?;
    let mut insert = conn.prepare("INSERT INTO case_search (rowid, tokens) VALUES (?1, ?2)")?;
    let rows = select.query_map([], tokens_of)?;
    for row in rows {
        let (rowid, tokens) = row?;
        insert.execute(params![rowid, tokens])?;
    }
    Ok(())
}
