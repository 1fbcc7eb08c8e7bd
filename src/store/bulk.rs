//! Bulk loading for generated databases (benchmarks, load tests): one
//! long transaction with prepared statements and journaling off, then the
//! file is switched to WAL like any other. Never used for real receptions.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::receptions::{
    CaseRow, ReceptionRow, insert_case_row, insert_intake_events, insert_reception_row,
};
use super::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError, StoreResult, day, ts};
use crate::domain::case::CaseStatus;
use crate::domain::ids::{DepartmentId, DeputyId};
use crate::domain::ids::{new_id, reception_number};
use crate::domain::reception::ValidReception;
use crate::domain::search::index_fields;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, params};
use serde_json::json;
use std::path::Path;

/// One generated reception with where its case ended up.
pub struct BulkReception<'a> {
    pub station_id: &'a str,
    pub station_code: &'a str,
    pub seq: u32,
    pub at: NaiveDateTime,
    pub reception: &'a ValidReception,
    pub deputy_ids: &'a [DeputyId],
    pub recorder: &'a str,
    pub status: CaseStatus,
    pub deadline: Option<NaiveDate>,
    pub grade: Option<&'a str>,
    pub callback: Option<&'a str>,
    pub closed: Option<NaiveDate>,
    /// The department's reply: its date and text.
    pub reply: Option<(NaiveDate, &'a str)>,
    /// When the reply was passed on to the voter.
    pub fed_back: Option<NaiveDate>,
}

pub struct BulkWriter {
    conn: Connection,
    /// Department names by id, for the search index.
    departments: std::collections::HashMap<String, String>,
    /// The indexes dropped for the load, rebuilt by `finish`.
    indexes: Vec<String>,
}

impl BulkWriter {
    /// Creates a new file; refuses one that already exists.
    pub fn create(path: &Path) -> StoreResult<BulkWriter> {
        if path.exists() {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        drop(Store::open(path)?);
        let conn = Connection::open(path)?;
        // A small page cache and sorts on disk: the peak stays the same at
        // any size (the load spills finished pages to the file).
        conn.execute_batch(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA foreign_keys=OFF;
             PRAGMA cache_size=-8000; BEGIN;",
        )?;
        // Indexes are built once at the end: sorting all rows at once is much
        // quicker than keeping every index in order row by row. (Unique ones
        // stay: they are what keeps numbers unique.)
        let indexes: Vec<(String, String)> = {
            let mut stmt = conn.prepare(
                "SELECT name, sql FROM sqlite_master
                 WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        for (name, _) in &indexes {
            conn.execute_batch(&format!("DROP INDEX \"{name}\""))?;
        }
        Ok(BulkWriter {
            conn,
            departments: Default::default(),
            indexes: indexes.into_iter().map(|(_, sql)| sql).collect(),
        })
    }

    pub fn station(&mut self, code: &str, name: &str, at: NaiveDateTime) -> StoreResult<String> {
        let id = new_id();
        self.conn.execute(
            "INSERT INTO stations (id, code, name, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, code, name, ts(at)],
        )?;
        Ok(id)
    }

    pub fn deputy(
        &mut self,
        station_id: &str,
        name: &str,
        unit: &str,
        at: NaiveDateTime,
    ) -> StoreResult<DeputyId> {
        let id = DeputyId::fresh();
        self.conn.execute(
            "INSERT INTO deputies (id, station_id, name, unit_post, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
            params![id, station_id, name, unit, ts(at)],
        )?;
        Ok(id)
    }

    pub fn department(&mut self, name: &str, at: NaiveDateTime) -> StoreResult<DepartmentId> {
        let id = DepartmentId::fresh();
        self.conn.execute(
            "INSERT INTO departments (id, name, created_at) VALUES (?1, ?2, ?3)",
            params![id, name, ts(at)],
        )?;
        self.departments.insert(id.to_string(), name.to_string());
        Ok(id)
    }

    pub fn activity(
        &mut self,
        station_id: &str,
        date: NaiveDate,
        kind: &str,
        topic: &str,
        deputies: &[String],
    ) -> StoreResult<()> {
        let id = new_id();
        self.conn.execute(
            "INSERT INTO activities (id, station_id, activity_date, kind, topic, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?3)",
            params![id, station_id, day(date), kind, topic],
        )?;
        for d in deputies {
            self.conn.execute(
                "INSERT OR IGNORE INTO activity_participants (activity_id, deputy_id) VALUES (?1, ?2)",
                params![id, d],
            )?;
        }
        Ok(())
    }

    pub fn study(
        &mut self,
        station_id: &str,
        date: NaiveDate,
        topic: &str,
        attendance: &[(String, bool)],
    ) -> StoreResult<()> {
        let id = new_id();
        self.conn.execute(
            "INSERT INTO study_sessions (id, station_id, session_date, topic, form, hours, created_at)
             VALUES (?1, ?2, ?3, ?4, '集中学习', 2, ?3)",
            params![id, station_id, day(date), topic],
        )?;
        for (d, present) in attendance {
            self.conn.execute(
                "INSERT OR IGNORE INTO study_attendance (session_id, deputy_id, present, hours) VALUES (?1, ?2, ?3, ?4)",
                params![id, d, present, if *present { 2.0 } else { 0.0 }],
            )?;
        }
        Ok(())
    }

    pub fn reception(&mut self, b: &BulkReception) -> StoreResult<()> {
        let r = b.reception;
        let date = b.at.date();
        let number = reception_number(b.station_code, date, b.seq);
        let (reception_id, case_id) = (new_id(), new_id());
        insert_reception_row(
            &self.conn,
            &ReceptionRow {
                id: &reception_id,
                station_id: b.station_id,
                number: &number,
                seq: b.seq,
                at: b.at,
                place: "",
                recorder: b.recorder,
                reception: r,
                deputy_ids: b.deputy_ids,
            },
        )?;
        let case = CaseRow {
            id: &case_id,
            number: &number,
            reception_id: &reception_id,
            reception: r,
            status: b.status,
            opened_at: b.at,
            deadline: b.deadline,
            grade: b.grade,
            callback: b.callback,
            closed: b.closed,
        };
        let case_rowid = insert_case_row(&self.conn, &case)?;
        if let Some((date, text)) = b.reply {
            self.conn
                .prepare_cached(
                    "UPDATE cases SET reply_date = ?2, reply_text = ?3, feedback_date = ?4,
                         feedback_way = CASE WHEN ?4 IS NULL THEN '' ELSE '电话' END
                     WHERE rowid = ?1",
                )?
                .execute(params![case_rowid, day(date), text, b.fed_back.map(day)])?;
        }
        insert_intake_events(&self.conn, &case, b.recorder)?;
        let department = r
            .department_id
            .as_ref()
            .and_then(|d| self.departments.get(d.as_str()));
        let tokens = index_fields(&[
            &number,
            &r.content,
            r.visitor_name
                .as_deref()
                .filter(|_| !r.confidential)
                .unwrap_or(""),
            r.phone.as_deref().filter(|_| !r.confidential).unwrap_or(""),
            department.map(String::as_str).unwrap_or(""),
        ]);
        self.conn
            .prepare_cached("INSERT INTO case_search (rowid, tokens) VALUES (?1, ?2)")?
            .execute(params![case_rowid, tokens])?;
        Ok(())
    }

    /// Commits, records the load in the audit log, and switches to WAL.
    pub fn finish(self, rows: usize, now: NaiveDateTime) -> StoreResult<()> {
        for sql in &self.indexes {
            self.conn.execute_batch(sql)?;
        }
        let sum = super::seal::seal_all(&self.conn)?;
        audit::append_sealed(
            &self.conn,
            now,
            AuditWrite {
                actor: "",
                action: "bulk.generate",
                entity: "database",
                entity_id: "",
                before: None,
                after: Some(json!({ "receptions": rows })),
            },
            Some(sum),
        )?;
        self.conn.execute_batch(&format!(
            "COMMIT; PRAGMA user_version = {SCHEMA_VERSION}; PRAGMA application_id = {APPLICATION_ID};
             ANALYZE; PRAGMA journal_mode=WAL;"
        ))?;
        Ok(())
    }
}
