//! The handling register as a list: filters, search, and keyset paging in
//! urgency order (open cases by deadline, then the rest newest first), so
//! that a million cases scroll without OFFSET or loading them all.

use super::{Store, StoreResult, day, parse_day};
use crate::domain::case::CaseStatus;
use crate::domain::ids::{CaseId, DepartmentId, DeputyId};
use crate::domain::search::match_expression;
use chrono::NaiveDate;
use rusqlite::types::Value;

/// What the list is narrowed to. Empty means everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFilter {
    pub status: Option<CaseStatus>,
    pub category: Option<String>,
    pub department_id: Option<DepartmentId>,
    pub deputy_id: Option<DeputyId>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Cases awaiting a reply whose deadline is before this day (overdue).
    pub overdue_before: Option<NaiveDate>,
    /// Cases awaiting a reply due on or before this day.
    pub due_by: Option<NaiveDate>,
    /// Search text (content, voter, department, number, phone).
    pub query: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    pub id: CaseId,
    pub number: String,
    pub opened: String,
    pub category: String,
    pub summary: String,
    pub visitor_name: Option<String>,
    pub confidential: bool,
    pub phone: Option<String>,
    pub status: CaseStatus,
    pub department: Option<String>,
    pub deadline: Option<NaiveDate>,
    rowid: i64,
    opened_at: String,
}

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Cursor {
    #[default]
    Start,
    /// Among open cases with a deadline, after this one.
    Open {
        deadline: String,
        id: String,
    },
    /// Among the rest, after this one.
    Rest {
        opened_at: String,
        id: String,
    },
    /// Among search hits, after this rowid.
    Hit {
        rowid: i64,
    },
    End,
}

/// Cases still waiting for a department's reply: their deadline runs.
/// (Must match the partial index `cases_awaiting_by_deadline`.)
pub(super) const AWAITING: &str = "c.status IN ('registered', 'in_progress')";

/// The list's columns; `index` pins the index that gives the page order
/// (keyset paging must walk an index, not sort the whole table).
fn columns(index: &str) -> String {
    format!(
        "SELECT c.id, c.number, r.visit_date, c.category, c.summary, r.visitor_name, r.confidential,
            r.phone, c.status, d.name, c.deadline, c.rowid, c.opened_at
         FROM cases c {index}
         JOIN receptions r ON r.id = c.reception_id
         LEFT JOIN departments d ON d.id = c.department_id"
    )
}

fn row(r: &rusqlite::Row) -> rusqlite::Result<CaseRow> {
    let deadline: Option<String> = r.get(10)?;
    Ok(CaseRow {
        id: r.get(0)?,
        number: r.get(1)?,
        opened: r.get(2)?,
        category: r.get(3)?,
        summary: r.get(4)?,
        visitor_name: r.get(5)?,
        confidential: r.get(6)?,
        phone: r.get(7)?,
        status: r.get(8)?,
        department: r.get(9)?,
        deadline: deadline.as_deref().and_then(parse_day),
        rowid: r.get(11)?,
        opened_at: r.get(12)?,
    })
}

/// The filter as SQL conditions and their values.
fn conditions(f: &CaseFilter) -> (Vec<String>, Vec<Value>) {
    let mut sql = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(s) = f.status {
        sql.push("c.status = ?".to_string());
        values.push(s.code().to_string().into());
    }
    if let Some(c) = &f.category {
        sql.push("c.category = ?".into());
        values.push(c.clone().into());
    }
    if let Some(d) = &f.department_id {
        sql.push("c.department_id = ?".into());
        values.push(d.to_string().into());
    }
    if let Some(d) = &f.deputy_id {
        sql.push("EXISTS (SELECT 1 FROM reception_deputies rd WHERE rd.reception_id = c.reception_id AND rd.deputy_id = ?)".into());
        values.push(d.to_string().into());
    }
    if let Some(from) = f.from {
        sql.push("c.opened_at >= ?".into());
        values.push(day(from).into());
    }
    if let Some(to) = f.to {
        sql.push("c.opened_at < ?".into());
        values.push(day(to.succ_opt().unwrap_or(to)).into());
    }
    if let Some(before) = f.overdue_before {
        sql.push(format!("{AWAITING} AND c.deadline < ?"));
        values.push(day(before).into());
    }
    if let Some(by) = f.due_by {
        sql.push(format!("{AWAITING} AND c.deadline <= ?"));
        values.push(day(by).into());
    }
    (sql, values)
}

impl Store {
    /// One page of cases after `cursor`, and the cursor for the next page.
    pub fn case_page(
        &self,
        filter: &CaseFilter,
        cursor: &Cursor,
        limit: usize,
    ) -> StoreResult<(Vec<CaseRow>, Cursor)> {
        if let Some(expr) = match_expression(&filter.query) {
            return self.search_page(filter, &expr, cursor, limit);
        }
        let mut rows = Vec::new();
        let mut cursor = cursor.clone();
        if matches!(cursor, Cursor::Start | Cursor::Open { .. }) {
            let (mut sql, mut values) = conditions(filter);
            sql.push(format!("{AWAITING} AND c.deadline IS NOT NULL"));
            if let Cursor::Open { deadline, id } = &cursor {
                sql.push("(c.deadline, c.id) > (?, ?)".into());
                values.push(deadline.clone().into());
                values.push(id.clone().into());
            }
            let q = format!(
                "{} WHERE {} ORDER BY c.deadline, c.id LIMIT {limit}",
                columns("INDEXED BY cases_awaiting_by_deadline"),
                sql.join(" AND ")
            );
            rows.extend(self.query_rows(&q, values)?);
            cursor = match rows.last() {
                Some(last) if rows.len() == limit => Cursor::Open {
                    deadline: last.deadline.map(day).unwrap_or_default(),
                    id: last.id.to_string(),
                },
                _ => Cursor::Rest {
                    opened_at: "\u{10FFFF}".into(),
                    id: String::new(),
                },
            };
            if rows.len() == limit {
                return Ok((rows, cursor));
            }
        }
        if let Cursor::Rest { opened_at, id } = &cursor {
            let (mut sql, mut values) = conditions(filter);
            sql.push(format!("NOT ({AWAITING} AND c.deadline IS NOT NULL)"));
            sql.push("(c.opened_at, c.id) < (?, ?)".into());
            values.push(opened_at.clone().into());
            values.push(id.clone().into());
            let want = limit - rows.len();
            let q = format!(
                "{} WHERE {} ORDER BY c.opened_at DESC, c.id DESC LIMIT {want}",
                columns("INDEXED BY cases_by_opened"),
                sql.join(" AND ")
            );
            let more = self.query_rows(&q, values)?;
            let full = more.len() == want;
            rows.extend(more);
            cursor = match rows.last() {
                Some(last) if full => Cursor::Rest {
                    opened_at: last.opened_at.clone(),
                    id: last.id.to_string(),
                },
                _ => Cursor::End,
            };
        }
        Ok((rows, cursor))
    }

    fn search_page(
        &self,
        filter: &CaseFilter,
        expr: &str,
        cursor: &Cursor,
        limit: usize,
    ) -> StoreResult<(Vec<CaseRow>, Cursor)> {
        let (mut sql, mut values) = conditions(filter);
        sql.insert(
            0,
            "c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ?)".into(),
        );
        values.insert(0, expr.to_string().into());
        if let Cursor::Hit { rowid } = cursor {
            sql.push("c.rowid < ?".into());
            values.push((*rowid).into());
        } else if *cursor == Cursor::End {
            return Ok((Vec::new(), Cursor::End));
        }
        let q = format!(
            "{} WHERE {} ORDER BY c.rowid DESC LIMIT {limit}",
            columns(""),
            sql.join(" AND ")
        );
        let rows = self.query_rows(&q, values)?;
        let next = match rows.last() {
            Some(last) if rows.len() == limit => Cursor::Hit { rowid: last.rowid },
            _ => Cursor::End,
        };
        Ok((rows, next))
    }

    fn query_rows(&self, sql: &str, values: Vec<Value>) -> StoreResult<Vec<CaseRow>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(values), row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many cases are in each status (for the list's header).
    pub fn status_counts(&self) -> StoreResult<Vec<(CaseStatus, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT status, n FROM case_counts")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        let mut counts: Vec<(CaseStatus, i64)> = CaseStatus::ALL.iter().map(|s| (*s, 0)).collect();
        for row in rows {
            let (code, n) = row?;
            if let Some(slot) =
                CaseStatus::from_code(&code).and_then(|s| counts.iter_mut().find(|c| c.0 == s))
            {
                slot.1 = n;
            }
        }
        Ok(counts)
    }

    /// Cases awaiting a reply: overdue before `today`, and due on or before `near`.
    pub fn deadline_counts(&self, today: NaiveDate, near: NaiveDate) -> StoreResult<(i64, i64)> {
        let q = format!(
            "SELECT coalesce(sum(c.deadline < ?1), 0), coalesce(sum(c.deadline >= ?1 AND c.deadline <= ?2), 0)
             FROM cases c WHERE {AWAITING} AND c.deadline IS NOT NULL"
        );
        Ok(self
            .conn
            .query_row(&q, [day(today), day(near)], |r| Ok((r.get(0)?, r.get(1)?)))?)
    }
}
