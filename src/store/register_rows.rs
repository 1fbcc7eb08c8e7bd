//! Rows of the reception and handling registers for a date range: first
//! the keys in register order (cheap, so a year's register opens at once),
//! then whole rows for the keys on screen or being exported.

use super::{Store, StoreResult, day};
use crate::domain::case::{CaseStatus, Grade, Satisfaction};
use crate::domain::choices::Route;
use crate::domain::ids::{CaseId, ReceptionId};
use chrono::NaiveDate;
use rusqlite::params;

/// One case as the handling register (督办簿) prints it.
#[derive(Debug, Clone, PartialEq)]
pub struct HandlingRow {
    pub number: String,
    pub summary: String,
    pub category: String,
    pub route: Route,
    pub status: CaseStatus,
    pub department: String,
    pub co_departments: String,
    pub referral_date: String,
    pub deadline: String,
    /// Supervision and chasing events (督办/催办).
    pub supervisions: i64,
    pub extensions: i64,
    pub reassignments: i64,
    pub grade: Option<Grade>,
    pub reply_date: String,
    pub reply_text: String,
    pub feedback_date: String,
    pub feedback_way: String,
    pub callback: Option<Satisfaction>,
    pub rehandle_count: i64,
    pub closed_date: String,
    pub archive_no: String,
}

impl Store {
    /// Receptions with a visit date within `from..=to`, in register order.
    pub fn reception_ids(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<Vec<ReceptionId>> {
        let keys = self.reception_keys(from, to)?;
        Ok((0..keys.len())
            .filter_map(|i| keys.get(i))
            .map(ReceptionId::from)
            .collect())
    }

    /// The same, kept compact for a register of any length.
    pub fn reception_keys(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<RowKeys> {
        self.keys_between(
            "SELECT id FROM receptions WHERE visit_date BETWEEN ?1 AND ?2
             ORDER BY visit_date, station_id, seq",
            from,
            to,
        )
    }

    /// Whether any reception in the range has an ID number (the register
    /// then has the column even where the station no longer takes them).
    pub fn any_id_number(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM receptions WHERE visit_date BETWEEN ?1 AND ?2
                 AND id_number IS NOT NULL AND id_number <> '')",
            params![day(from), day(to)],
            |r| r.get(0),
        )?)
    }

    /// The ids a query over a date range (`?1`, `?2`) returns, in its order.
    /// The same, kept compact (see `RowKeys`) as they are read.
    pub(super) fn keys_between(
        &self,
        sql: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<RowKeys> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let mut rows = stmt.query([day(from), day(to)])?;
        let mut keys = RowKeys::default();
        while let Some(r) = rows.next()? {
            keys.push(r.get_ref(0)?.as_str().map_err(rusqlite::Error::from)?);
        }
        Ok(keys)
    }

    pub(crate) fn ids_between(
        &self,
        sql: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map([day(from), day(to)], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Cases opened within `from..=to`, oldest first.
    pub fn case_keys(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<RowKeys> {
        // Opening times: from the first day up to, not including, the day after the last.
        let after = to.succ_opt().unwrap_or(to);
        self.keys_between(
            "SELECT id FROM cases INDEXED BY cases_by_opened
             WHERE opened_at >= ?1 AND opened_at < ?2 ORDER BY opened_at, id",
            from,
            after,
        )
    }

    pub fn handling_row(&self, case_id: &CaseId) -> StoreResult<HandlingRow> {
        let mut row = self
            .conn
            .prepare_cached(
                "SELECT c.number, c.summary, c.category, c.route, c.status, coalesce(d.name, ''),
                    c.co_departments, coalesce(c.referral_date, ''), coalesce(c.deadline, ''),
                    c.grade, coalesce(c.reply_date, ''), c.reply_text,
                    coalesce(c.feedback_date, ''), c.feedback_way, c.callback,
                    c.rehandle_count, coalesce(c.closed_date, ''), c.archive_no
             FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = ?1",
            )?
            .query_row([case_id], |r| {
                Ok(HandlingRow {
                    number: r.get(0)?,
                    summary: r.get(1)?,
                    category: r.get(2)?,
                    route: r.get(3)?,
                    status: r.get(4)?,
                    department: r.get(5)?,
                    co_departments: r.get(6)?,
                    referral_date: r.get(7)?,
                    deadline: r.get(8)?,
                    grade: r.get(9)?,
                    reply_date: r.get(10)?,
                    reply_text: r.get(11)?,
                    feedback_date: r.get(12)?,
                    feedback_way: r.get(13)?,
                    callback: r.get(14)?,
                    rehandle_count: r.get(15)?,
                    closed_date: r.get(16)?,
                    archive_no: r.get(17)?,
                    supervisions: 0,
                    extensions: 0,
                    reassignments: 0,
                })
            })?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, count(*) FROM case_events WHERE case_id = ?1
               AND kind IN ('supervise', 'extend', 'reassign') GROUP BY kind",
        )?;
        let counts = stmt.query_map([case_id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        for count in counts {
            match count? {
                (k, n) if k == "supervise" => row.supervisions = n,
                (k, n) if k == "extend" => row.extensions = n,
                (_, n) => row.reassignments = n,
            }
        }
        Ok(row)
    }
}

impl Store {
    /// The case a reception opened (every reception opens one).
    pub fn case_of_reception(&self, reception_id: &ReceptionId) -> StoreResult<Option<CaseId>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM cases WHERE reception_id = ?1",
                [reception_id],
                |r| r.get(0),
            )
            .optional()?)
    }
}

/// The keys of a register's rows, in order. Record keys are UUIDs, kept
/// as 16-byte numbers: a million rows take 16 MB instead of about 76 as
/// strings. A key of any other form turns the list into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowKeys {
    Ids(Vec<u128>),
    Text(Vec<String>),
}

impl Default for RowKeys {
    fn default() -> Self {
        RowKeys::Ids(Vec::new())
    }
}

impl RowKeys {
    pub fn push(&mut self, key: &str) {
        let id = uuid::Uuid::parse_str(key)
            .ok()
            .filter(|u| u.hyphenated().to_string() == key);
        match (&mut *self, id) {
            (RowKeys::Ids(ids), Some(id)) => ids.push(id.as_u128()),
            (RowKeys::Text(text), _) => text.push(key.to_string()),
            (RowKeys::Ids(ids), None) => {
                let mut text: Vec<String> = ids
                    .iter()
                    .map(|n| uuid::Uuid::from_u128(*n).hyphenated().to_string())
                    .collect();
                text.push(key.to_string());
                *self = RowKeys::Text(text);
            }
        }
    }

    pub fn len(&self) -> usize {
        match self {
            RowKeys::Ids(ids) => ids.len(),
            RowKeys::Text(text) => text.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, index: usize) -> Option<String> {
        match self {
            RowKeys::Ids(ids) => ids
                .get(index)
                .map(|n| uuid::Uuid::from_u128(*n).hyphenated().to_string()),
            RowKeys::Text(text) => text.get(index).cloned(),
        }
    }
}

impl<S: AsRef<str>> FromIterator<S> for RowKeys {
    fn from_iter<I: IntoIterator<Item = S>>(keys: I) -> Self {
        let mut all = RowKeys::default();
        for key in keys {
            all.push(key.as_ref());
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::RowKeys;

    #[test]
    fn keys_are_kept_as_numbers_and_given_back_as_written() {
        let a = crate::domain::ids::new_id();
        let b = crate::domain::ids::new_id();
        let keys: RowKeys = [&a, &b].into_iter().collect();
        assert!(matches!(keys, RowKeys::Ids(_)));
        assert_eq!(
            (keys.get(0), keys.get(1), keys.get(2)),
            (Some(a.clone()), Some(b), None)
        );
        // A key of another form keeps every key as written.
        let keys: RowKeys = [a.as_str(), "2026-11-10", "ABC"].into_iter().collect();
        assert_eq!(keys.len(), 3);
        assert_eq!(keys.get(0), Some(a));
        assert_eq!(keys.get(1).as_deref(), Some("2026-11-10"));
    }
}
