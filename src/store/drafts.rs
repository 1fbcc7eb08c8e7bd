//! Half-filled forms. Written on every pause in typing, so that a crash or a
//! power cut loses at most the last moment of input.

use super::{Store, StoreResult, ts};
use chrono::NaiveDateTime;
use rusqlite::params;

#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub id: String,
    pub kind: String,
    pub owner: String,
    pub data: String,
    pub updated_at: String,
}

impl Store {
    /// Creates or replaces a draft (one durable write).
    pub fn save_draft(
        &mut self,
        id: &str,
        kind: &str,
        owner: &str,
        data: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO drafts (id, kind, owner, data, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
             ON CONFLICT(id) DO UPDATE SET data = excluded.data, owner = excluded.owner, updated_at = excluded.updated_at",
            params![id, kind, owner, data, ts(now)],
        )?;
        Ok(())
    }

    pub fn delete_draft(&mut self, id: &str) -> StoreResult<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        Ok(())
    }

    /// Open drafts of a kind, newest first.
    pub fn drafts(&self, kind: &str) -> StoreResult<Vec<Draft>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, kind, owner, data, updated_at FROM drafts WHERE kind = ?1 ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([kind], |r| {
            Ok(Draft {
                id: r.get(0)?,
                kind: r.get(1)?,
                owner: r.get(2)?,
                data: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Open drafts of every kind started on `day` (a day's digest counts
    /// only its own unfinished forms).
    pub fn draft_count_on(&self, day: chrono::NaiveDate) -> StoreResult<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM drafts WHERE substr(created_at, 1, 10) = ?1",
            [super::day(day)],
            |r| r.get(0),
        )?)
    }

    /// Open drafts of every kind (forms left unfinished).
    pub fn draft_count(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM drafts", [], |r| r.get(0))?)
    }
}
