//! Everything about one case: its fields, its reception, its timeline,
//! the visits linked to it, and the same voter's other cases.

use super::{EarlierVisit, ReceptionRecord, Store, StoreResult, parse_day};
use crate::domain::case::CaseStatus;
use crate::domain::case::Grade;
use crate::domain::choices::Route;
use crate::domain::ids::{CaseId, DepartmentId, ReceptionId};
use chrono::NaiveDate;
use rusqlite::OptionalExtension;

#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub to: CaseStatus,
    /// The event's details as stored (JSON).
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseDetail {
    pub id: CaseId,
    pub number: String,
    pub status: CaseStatus,
    pub version: i64,
    pub route: Route,
    pub category: String,
    pub department_id: Option<DepartmentId>,
    pub department: Option<String>,
    /// The department's contact person and phone, for chasing it.
    pub department_contact: String,
    pub referral_date: Option<NaiveDate>,
    pub deadline: Option<NaiveDate>,
    pub grade: Option<Grade>,
    pub reply_date: Option<NaiveDate>,
    pub reply_text: String,
    pub feedback_date: Option<String>,
    pub feedback_way: String,
    pub callback: Option<String>,
    pub rehandle_count: i64,
    pub closed_date: Option<String>,
    pub archive_no: String,
    pub reception: ReceptionRecord,
    pub timeline: Vec<TimelineEntry>,
    /// Later visits that follow this case up: (number, date, summary).
    pub follow_ups: Vec<(String, String, String)>,
    /// The same voter's other cases.
    pub earlier: Vec<EarlierVisit>,
}

impl Store {
    pub fn case_detail(&self, case_id: &CaseId) -> StoreResult<CaseDetail> {
        let reception_id: ReceptionId = self.conn.query_row(
            "SELECT reception_id FROM cases WHERE id = ?1",
            [case_id],
            |r| r.get(0),
        )?;
        let reception = self.reception(&reception_id)?;
        let mut detail = self.conn.query_row(
            "SELECT c.id, c.number, c.status, c.version, c.route, c.category, c.department_id, d.name,
                    c.referral_date, c.deadline, c.grade, c.reply_date, c.reply_text, c.feedback_date,
                    c.feedback_way, c.callback, c.rehandle_count, c.closed_date, c.archive_no, c.reception_id,
                    trim(coalesce(d.contact, '') || ' ' || coalesce(d.phone, ''))
             FROM cases c LEFT JOIN departments d ON d.id = c.department_id WHERE c.id = ?1",
            [case_id],
            |r| {
                let day_at = |i: usize| -> rusqlite::Result<Option<NaiveDate>> {
                    Ok(r.get::<_, Option<String>>(i)?.as_deref().and_then(parse_day))
                };
                Ok(CaseDetail {
                        id: r.get(0)?,
                        number: r.get(1)?,
                        status: r.get(2)?,
                        version: r.get(3)?,
                        route: r.get(4)?,
                        category: r.get(5)?,
                        department_id: r.get(6)?,
                        department: r.get(7)?,
                        department_contact: r.get(20)?,
                        referral_date: day_at(8)?,
                        deadline: day_at(9)?,
                        grade: r.get(10)?,
                        reply_date: day_at(11)?,
                        reply_text: r.get(12)?,
                        feedback_date: r.get(13)?,
                        feedback_way: r.get(14)?,
                        callback: r.get(15)?,
                        rehandle_count: r.get(16)?,
                        closed_date: r.get(17)?,
                        archive_no: r.get(18)?,
                        reception,
                        timeline: Vec::new(),
                        follow_ups: Vec::new(),
                        earlier: Vec::new(),
                    })
            },
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, actor, kind, to_status, detail FROM case_events WHERE case_id = ?1 ORDER BY at, rowid",
        )?;
        detail.timeline = stmt
            .query_map([case_id], |r| {
                Ok(TimelineEntry {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    kind: r.get(2)?,
                    to: r.get(3)?,
                    detail: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.number, r.visit_date, c.summary FROM receptions r JOIN cases c ON c.reception_id = r.id
             WHERE r.linked_case_id = ?1 ORDER BY r.visit_date",
        )?;
        detail.follow_ups = stmt
            .query_map([case_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<Result<_, _>>()?;
        let rec = &detail.reception;
        detail.earlier = self
            .earlier_visits(rec.phone.as_deref(), rec.visitor_name.as_deref(), 20)?
            .into_iter()
            .filter(|e| e.case_id != *case_id)
            .collect();
        Ok(detail)
    }

    /// The case number, for messages.
    pub fn case_number(&self, case_id: &CaseId) -> StoreResult<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT number FROM cases WHERE id = ?1", [case_id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
