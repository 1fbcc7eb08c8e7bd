//! Importing checked register rows (`domain::import`): which are in the
//! register already, which deputies and departments are new, and the
//! import itself in one transaction. Each reception is written with its
//! case and first case events as at intake; later steps the register
//! records (reply, feedback, call-back) follow as timeline events.

use super::audit::{self, AuditWrite};
use super::cases::{CaseEvent, insert_event};
use super::receptions::{
    CaseRow, ReceptionRow, insert_case_row, insert_intake_events, insert_reception_row, next_seq,
};
use super::{Store, StoreError, StoreResult, day, ts};
use crate::domain::case::CaseAction;
use crate::domain::ids::{new_id, number_order, reception_number};
use crate::domain::import::{ImportRow, same_text};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// What an import does (or, for a preview, would do).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOutcome {
    /// File lines already in the register, with the number found there.
    pub existing: Vec<(u64, String)>,
    /// File lines that are (or would be) new receptions, with the number
    /// given (empty in a preview).
    pub created: Vec<(u64, String)>,
    /// Deputies not yet on the roster, added for the secretary to complete.
    pub new_deputies: Vec<String>,
    /// Departments not yet in the list, added.
    pub new_departments: Vec<String>,
    /// File lines of new rows that fall on a signed-off day, with the day:
    /// a preview lists them as rejected (a real import refuses them all).
    pub signed_off: Vec<(u64, NaiveDate)>,
}

/// Who imports which file, and when.
pub struct ImportContext<'a> {
    /// The file's name, for the audit log.
    pub file: &'a str,
    pub actor: &'a str,
    pub now: NaiveDateTime,
}

/// The rows sorted into existing and new, with the names to look up.
struct Plan {
    existing: Vec<(u64, String)>,
    /// Indexes of the new rows, in the order they are numbered (visit
    /// time, then file line).
    fresh: Vec<usize>,
    /// New rows of signed-off days: file line and day.
    signed_off: Vec<(u64, NaiveDate)>,
    /// Deputy and department names with their ids (`None`: to be added),
    /// in the order first met.
    deputies: Vec<(String, Option<String>)>,
    departments: Vec<(String, Option<String>)>,
}

/// The reception a row repeats: the one with its 编号, or one of the same
/// day, visitor (both anonymous counts), content and, when the row has a
/// phone, phone.
fn existing_number(conn: &Connection, row: &ImportRow) -> StoreResult<Option<String>> {
    if let Some(number) = &row.number {
        let found: Option<String> = conn
            .prepare_cached("SELECT number FROM receptions WHERE number = ?1")?
            .query_row([number], |r| r.get(0))
            .optional()?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let r = &row.reception;
    let mut stmt = conn.prepare_cached(
        "SELECT number, content, phone FROM receptions
         WHERE visit_date = ?1 AND visitor_name IS ?2",
    )?;
    let mut rows = stmt.query(params![day(row.at.date()), r.visitor_name])?;
    while let Some(found) = rows.next()? {
        let content: String = found.get(1)?;
        let phone: Option<String> = found.get(2)?;
        let phone_matches = r.phone.is_none() || r.phone == phone;
        if phone_matches && same_text(&content, &r.content) {
            return Ok(Some(found.get(0)?));
        }
    }
    Ok(None)
}

fn lookup(
    conn: &Connection,
    sql: &str,
    names: impl Iterator<Item = String>,
) -> StoreResult<Vec<(String, Option<String>)>> {
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    let mut stmt = conn.prepare_cached(sql)?;
    for name in names {
        if out.iter().any(|(n, _)| *n == name) {
            continue;
        }
        let id: Option<String> = stmt.query_row([&name], |r| r.get(0)).optional()?;
        out.push((name, id));
    }
    Ok(out)
}

fn plan(conn: &Connection, rows: &[ImportRow]) -> StoreResult<Plan> {
    let mut existing = Vec::new();
    let mut fresh = Vec::new();
    let mut signed_off = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        match existing_number(conn, row)? {
            Some(number) => existing.push((row.line, number)),
            // A signed-off day takes no new rows (the dry run says which).
            None if super::closing::is_signed(conn, row.at.date())? => {
                signed_off.push((row.line, row.at.date()));
            }
            None => fresh.push(index),
        }
    }
    let fresh_rows = || fresh.iter().map(|i| &rows[*i]);
    // A deputy's name may be on the roster twice (a term ended and a new
    // one began): the serving one, else the first entered.
    let deputies = lookup(
        conn,
        "SELECT id FROM deputies WHERE name = ?1
         ORDER BY status = 'active' DESC, created_at, id LIMIT 1",
        fresh_rows().flat_map(|r| r.deputies.iter().cloned()),
    )?;
    let departments = lookup(
        conn,
        "SELECT id FROM departments WHERE name = ?1",
        fresh_rows().filter_map(|r| r.department.clone()),
    )?;
    fresh.sort_by_key(|i| (rows[*i].at, rows[*i].line));
    Ok(Plan {
        existing,
        fresh,
        signed_off,
        deputies,
        departments,
    })
}

fn outcome(plan: &Plan, rows: &[ImportRow], numbers: Vec<String>) -> ImportOutcome {
    let new = |names: &[(String, Option<String>)]| {
        names
            .iter()
            .filter(|(_, id)| id.is_none())
            .map(|(n, _)| n.clone())
            .collect()
    };
    let mut created: Vec<(u64, String)> = plan
        .fresh
        .iter()
        .enumerate()
        .map(|(k, i)| (rows[*i].line, numbers.get(k).cloned().unwrap_or_default()))
        .collect();
    created.sort();
    ImportOutcome {
        existing: plan.existing.clone(),
        created,
        new_deputies: new(&plan.deputies),
        new_departments: new(&plan.departments),
        signed_off: plan.signed_off.clone(),
    }
}

/// The event kind of a step after intake, as the case actions name it.
fn step_kind(action: CaseAction) -> &'static str {
    match action {
        CaseAction::RecordReply(_) => "reply",
        CaseAction::FeedBack => "feedback",
        CaseAction::CallBack(_) => "callback",
        _ => "import",
    }
}

impl Store {
    /// What importing `rows` would do, without writing anything.
    pub fn preview_import(&self, rows: &[ImportRow]) -> StoreResult<ImportOutcome> {
        let plan = plan(&self.conn, rows)?;
        Ok(outcome(&plan, rows, Vec::new()))
    }

    /// Imports every row not in the register yet, all in one transaction:
    /// new deputies (marked for review) and departments, then each
    /// reception with its case, search entry and timeline; one audit entry
    /// for the whole import.
    pub fn import_receptions(
        &mut self,
        rows: &[ImportRow],
        cx: &ImportContext,
    ) -> StoreResult<ImportOutcome> {
        let station = self.require_station()?;
        let default_place = self.settings()?.place;
        let tx = self.write_tx()?;
        let plan = plan(&tx, rows)?;
        // Checked again under the write lock: a day signed off since the
        // caller's preview refuses the whole import.
        if let Some((_, date)) = plan.signed_off.first() {
            return Err(StoreError::DaySignedOff(*date));
        }
        let stamp = ts(cx.now);
        let mut deputy_ids: HashMap<&str, String> = HashMap::new();
        for (name, id) in &plan.deputies {
            let id = match id {
                Some(id) => id.clone(),
                None => {
                    let id = new_id();
                    tx.execute(
                        "INSERT INTO deputies (id, station_id, name, needs_review, created_at, updated_at)
                         VALUES (?1, ?2, ?3, 1, ?4, ?4)",
                        params![id, station.id, name, stamp],
                    )?;
                    id
                }
            };
            deputy_ids.insert(name, id);
        }
        let mut department_ids: HashMap<&str, String> = HashMap::new();
        for (name, id) in &plan.departments {
            let id = match id {
                Some(id) => id.clone(),
                None => {
                    let id = new_id();
                    tx.execute(
                        "INSERT INTO departments (id, name, created_at) VALUES (?1, ?2, ?3)",
                        params![id, name, stamp],
                    )?;
                    id
                }
            };
            department_ids.insert(name, id);
        }

        let mut numbers = Vec::with_capacity(plan.fresh.len());
        for &index in &plan.fresh {
            let row = &rows[index];
            let date = row.at.date();
            let mut reception = row.reception.clone();
            reception.department_id = row
                .department
                .as_deref()
                .filter(|_| reception.route.needs_department())
                .and_then(|d| department_ids.get(d).cloned());
            let deputies: Vec<String> = row
                .deputies
                .iter()
                .filter_map(|n| deputy_ids.get(n.as_str()).cloned())
                .collect();
            let seq = next_seq(&tx, &station.id, date)?;
            let number = reception_number(&station.code, date, seq);
            let (reception_id, case_id) = (new_id(), new_id());
            let place = if row.place.is_empty() {
                &default_place
            } else {
                &row.place
            };
            insert_reception_row(
                &tx,
                &ReceptionRow {
                    id: &reception_id,
                    station_id: &station.id,
                    number: &number,
                    seq,
                    at: row.at,
                    place,
                    recorder: &row.recorder,
                    reception: &reception,
                    deputy_ids: &deputies,
                },
            )?;
            if !row.reviewer.is_empty() {
                tx.execute(
                    "UPDATE receptions SET reviewer = ?2 WHERE id = ?1",
                    params![reception_id, row.reviewer],
                )?;
            }
            let case_row = |status| CaseRow {
                id: &case_id,
                number: &number,
                reception_id: &reception_id,
                reception: &reception,
                status,
                opened_at: row.at,
                deadline: row.deadline,
                grade: None,
                callback: None,
                closed: row.closed_on(),
            };
            insert_case_row(&tx, &case_row(row.status()))?;
            // The intake events end where the intake step did.
            let intake = row.steps.first().map_or(row.status(), |s| s.to);
            insert_intake_events(&tx, &case_row(intake), &row.recorder)?;
            if let Some(reply) = &row.reply {
                let fed_back = row.callback.is_some().then(|| day(reply.date));
                tx.execute(
                    "UPDATE cases SET reply_text = ?2, reply_date = ?3, grade = ?4, feedback_date = ?5,
                        callback = ?6, callback_date = ?5, rehandle_count = ?7
                     WHERE id = ?1",
                    params![
                        case_id,
                        reply.text,
                        day(reply.date),
                        reply.grade.map(|g| g.code()),
                        fed_back,
                        row.callback.map(|s| s.code()),
                        row.rehandle_count(),
                    ],
                )?;
                // Later steps happen on the reply's day, never before intake.
                let at = reply.date.and_time(chrono::NaiveTime::MIN).max(row.at);
                for step in row.steps.iter().skip(1) {
                    let detail = match step.action {
                        CaseAction::RecordReply(_) => json!({
                            "grade": reply.grade.map(|g| g.code()),
                            "text": reply.text,
                            "date": day(reply.date),
                        }),
                        CaseAction::FeedBack => json!({"date": day(reply.date), "way": ""}),
                        CaseAction::CallBack(s) => json!({"satisfaction": s.code()}),
                        _ => json!({}),
                    };
                    insert_event(
                        &tx,
                        &CaseEvent {
                            case_id: &case_id,
                            at,
                            actor: &row.recorder,
                            kind: step_kind(step.action),
                            from: Some(step.from),
                            to: step.to,
                            detail,
                        },
                    )?;
                }
            }
            super::search::index_case(&tx, &case_id)?;
            numbers.push(number);
        }

        let result = outcome(&plan, rows, numbers);
        let referred_without_department = plan
            .fresh
            .iter()
            .filter(|i| rows[**i].department_missing)
            .count();
        audit::append(
            &tx,
            cx.now,
            AuditWrite {
                actor: cx.actor,
                action: "import",
                entity: "register",
                entity_id: "reception",
                before: None,
                after: Some(json!({
                    "file": cx.file,
                    "rows": rows.len(),
                    "created": result.created.len(),
                    "skipped": result.existing.len(),
                    "first": result.created.iter().map(|c| &c.1).min_by_key(|n| number_order(n)),
                    "last": result.created.iter().map(|c| &c.1).max_by_key(|n| number_order(n)),
                    "new_deputies": result.new_deputies,
                    "new_departments": result.new_departments,
                    "referred_without_department": referred_without_department,
                })),
            },
        )?;
        tx.commit()?;
        Ok(result)
    }
}
