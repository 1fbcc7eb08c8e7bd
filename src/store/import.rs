//! Importing checked register rows (`domain::import`): which are in the
//! register already, which deputies and departments are new, and the
//! import itself in one transaction. Each reception is written with its
//! case and first case events as at intake; later steps the register
//! records (reply, feedback, call-back) follow as timeline events.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::cases::{CaseEvent, insert_event};
use super::receptions::{
    CaseRow, ReceptionRow, insert_case_row, insert_intake_events, insert_reception_row, next_seq,
};
use super::{Store, StoreError, StoreResult, day, ts};
use crate::domain::case::CaseAction;
use crate::domain::ids::{DepartmentId, DeputyId};
use crate::domain::ids::{new_id, number_order, reception_number};
use crate::domain::import::{ImportRow, ImportedReply, same_text};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;
use std::collections::HashMap;

/// What an import does (or, for a preview, would do).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportOutcome {
    /// Good rows read.
    pub rows: usize,
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
    /// `ParsedFile::notes` of the new rows.
    pub notes: [usize; 5],
}

/// Who imports which file, and when.
pub struct ImportContext<'a> {
    /// The file's name, for the audit log.
    pub file: &'a str,
    pub actor: &'a str,
    pub now: NaiveDateTime,
}

/// The rows sorted into existing and new, with the names to look up, as
/// they are read: only what the import needs of each row is kept, so that
/// a file of any size is planned in little memory.
#[derive(Default)]
struct Plan {
    rows: usize,
    existing: Vec<(u64, String)>,
    /// Visit time and file line of each new row.
    fresh: Vec<(NaiveDateTime, u64)>,
    /// New rows of signed-off days: file line and day.
    signed_off: Vec<(u64, NaiveDate)>,
    /// Deputy and department names with their ids (`None`: to be added),
    /// in the order first met.
    deputies: Vec<(String, Option<String>)>,
    departments: Vec<(String, Option<String>)>,
    notes: [usize; 5],
}

/// A deputy's name may be on the roster twice (a term ended and a new one
/// began): the serving one, else the first entered.
const DEPUTY_BY_NAME: &str = "SELECT id FROM deputies WHERE name = ?1
     ORDER BY status = 'active' DESC, created_at, id LIMIT 1";
const DEPARTMENT_BY_NAME: &str = "SELECT id FROM departments WHERE name = ?1";

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

/// Adds `name` with its id (if it has one) unless already there.
fn look_up(
    conn: &Connection,
    sql: &str,
    name: &str,
    names: &mut Vec<(String, Option<String>)>,
) -> StoreResult<()> {
    if !names.iter().any(|(n, _)| n == name) {
        let id = conn
            .prepare_cached(sql)?
            .query_row([name], |r| r.get(0))
            .optional()?;
        names.push((name.to_string(), id));
    }
    Ok(())
}

impl Plan {
    fn add(&mut self, conn: &Connection, row: &ImportRow) -> StoreResult<()> {
        self.rows += 1;
        match existing_number(conn, row)? {
            Some(number) => self.existing.push((row.line, number)),
            // A signed-off day takes no new rows (the dry run says which).
            None if super::closing::is_signed(conn, row.at.date())? => {
                self.signed_off.push((row.line, row.at.date()));
            }
            None => {
                self.fresh.push((row.at, row.line));
                row.count_notes(&mut self.notes);
                for name in &row.deputies {
                    look_up(conn, DEPUTY_BY_NAME, name, &mut self.deputies)?;
                }
                if let Some(name) = &row.department {
                    look_up(conn, DEPARTMENT_BY_NAME, name, &mut self.departments)?;
                }
            }
        }
        Ok(())
    }

    fn outcome(self, mut created: Vec<(u64, String)>) -> ImportOutcome {
        let new = |names: Vec<(String, Option<String>)>| {
            names
                .into_iter()
                .filter(|(_, id)| id.is_none())
                .map(|(n, _)| n)
                .collect()
        };
        created.sort();
        ImportOutcome {
            rows: self.rows,
            existing: self.existing,
            created,
            new_deputies: new(self.deputies),
            new_departments: new(self.departments),
            signed_off: self.signed_off,
            notes: self.notes,
        }
    }
}

/// A reply the register records, with the steps after it (feedback, the
/// call-back) as timeline events of the case.
fn insert_reply(
    tx: &Connection,
    row: &ImportRow,
    reply: &ImportedReply,
    case_id: &str,
) -> StoreResult<()> {
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
            tx,
            &CaseEvent {
                case_id,
                at,
                actor: &row.recorder,
                kind: step_kind(step.action),
                from: Some(step.from),
                to: step.to,
                detail,
            },
        )?;
    }
    Ok(())
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

/// A trial import: rows are added as they are read, nothing is written.
pub struct ImportPreview<'s> {
    conn: &'s Connection,
    plan: Plan,
}

impl ImportPreview<'_> {
    pub fn add(&mut self, row: &ImportRow) -> StoreResult<()> {
        self.plan.add(self.conn, row)
    }

    pub fn outcome(self) -> ImportOutcome {
        let created = self
            .plan
            .fresh
            .iter()
            .map(|(_, line)| (*line, String::new()))
            .collect();
        self.plan.outcome(created)
    }
}

/// A real import, in one transaction over two readings of the file: the
/// first plans every row (`plan`), the second writes the new ones
/// (`write`), numbered in visit order. Dropped before `commit`, it writes
/// nothing.
pub struct ImportWrite<'s> {
    tx: rusqlite::Transaction<'s>,
    plan: Plan,
    station: crate::store::Station,
    default_place: String,
    deputy_ids: HashMap<String, String>,
    department_ids: HashMap<String, String>,
    /// Each new row's file line, visit day and sequence number, by line.
    numbers: Vec<(u64, NaiveDate, u32)>,
    written: usize,
    /// Whether the connection seals what it changes, and how far the seal
    /// sum has moved with what was sealed so far (a batch at a time).
    sealing: bool,
    seal_delta: u128,
}

/// Rows written between two rounds of sealing.
const SEAL_EVERY: usize = 1000;

impl Store {
    /// Starts a trial import.
    pub fn preview_import(&self) -> ImportPreview<'_> {
        ImportPreview {
            conn: &self.conn,
            plan: Plan::default(),
        }
    }

    /// Starts a real import: takes the write lock until `commit` or drop.
    pub fn begin_import(&mut self) -> StoreResult<ImportWrite<'_>> {
        let station = self.require_station()?;
        let default_place = self.settings()?.place;
        let sealing = super::seal::is_watching(&self.conn)?;
        Ok(ImportWrite {
            sealing,
            seal_delta: 0,
            tx: self.write_tx()?,
            plan: Plan::default(),
            station,
            default_place,
            deputy_ids: HashMap::new(),
            department_ids: HashMap::new(),
            numbers: Vec::new(),
            written: 0,
        })
    }
}

impl ImportWrite<'_> {
    /// The first reading: where the row stands.
    pub fn plan(&mut self, row: &ImportRow) -> StoreResult<()> {
        self.plan.add(&self.tx, row)
    }

    /// New rows of signed-off days found by the first reading.
    pub fn signed_off(&self) -> &[(u64, NaiveDate)] {
        &self.plan.signed_off
    }

    /// Between the readings: adds the new deputies (marked for review)
    /// and departments, and numbers the new rows in visit order.
    pub fn start_writing(&mut self, now: NaiveDateTime) -> StoreResult<()> {
        // Under the write lock, a new row of a signed-off day refuses all.
        if let Some((_, date)) = self.plan.signed_off.first() {
            return Err(StoreError::Refused(Refusal::DaySignedOff(*date)));
        }
        let stamp = ts(now);
        for (name, id) in &self.plan.deputies {
            let id = match id {
                Some(id) => id.clone(),
                None => {
                    let id = new_id();
                    self.tx.execute(
                        "INSERT INTO deputies (id, station_id, name, needs_review, created_at, updated_at)
                         VALUES (?1, ?2, ?3, 1, ?4, ?4)",
                        params![id, self.station.id, name, stamp],
                    )?;
                    id
                }
            };
            self.deputy_ids.insert(name.clone(), id);
        }
        for (name, id) in &self.plan.departments {
            let id = match id {
                Some(id) => id.clone(),
                None => {
                    let id = new_id();
                    self.tx.execute(
                        "INSERT INTO departments (id, name, created_at) VALUES (?1, ?2, ?3)",
                        params![id, name, stamp],
                    )?;
                    id
                }
            };
            self.department_ids.insert(name.clone(), id);
        }
        self.plan.fresh.sort();
        let mut numbers = Vec::with_capacity(self.plan.fresh.len());
        let mut day_seq: Option<(NaiveDate, u32)> = None;
        for &(at, line) in &self.plan.fresh {
            let seq = match day_seq {
                Some((date, seq)) if date == at.date() => seq + 1,
                _ => next_seq(&self.tx, &self.station.id, at.date())?,
            };
            day_seq = Some((at.date(), seq));
            numbers.push((line, at.date(), seq));
        }
        numbers.sort();
        self.numbers = numbers;
        Ok(())
    }

    /// Whether the second reading met every new row of the first (a file
    /// changed between the readings does not).
    pub fn complete(&self) -> bool {
        self.written == self.numbers.len()
    }

    /// The second reading: writes the row if it is new.
    pub fn write(&mut self, row: &ImportRow) -> StoreResult<()> {
        let Ok(found) = self.numbers.binary_search_by_key(&row.line, |n| n.0) else {
            return Ok(());
        };
        let (_, date, seq) = self.numbers[found];
        let number = reception_number(&self.station.code, date, seq);
        self.insert_row(row, seq, &number)?;
        self.written += 1;
        if self.sealing && self.written % SEAL_EVERY == 0 {
            let moved = super::seal::seal_changes(&self.tx)?;
            self.seal_delta = self.seal_delta.wrapping_add(moved);
        }
        Ok(())
    }

    fn insert_row(&self, row: &ImportRow, seq: u32, number: &str) -> StoreResult<()> {
        let tx = &self.tx;
        let mut reception = row.reception.clone();
        reception.department_id = row
            .department
            .as_deref()
            .filter(|_| reception.route.needs_department())
            .and_then(|d| {
                self.department_ids
                    .get(d)
                    .map(|id| DepartmentId::from(id.as_str()))
            });
        let deputies: Vec<DeputyId> = row
            .deputies
            .iter()
            .filter_map(|n| {
                self.deputy_ids
                    .get(n.as_str())
                    .map(|id| DeputyId::from(id.as_str()))
            })
            .collect();
        let (reception_id, case_id) = (new_id(), new_id());
        let place = if row.place.is_empty() {
            &self.default_place
        } else {
            &row.place
        };
        insert_reception_row(
            tx,
            &ReceptionRow {
                id: &reception_id,
                station_id: &self.station.id,
                number,
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
            number,
            reception_id: &reception_id,
            reception: &reception,
            status,
            opened_at: row.at,
            deadline: row.deadline,
            grade: None,
            callback: None,
            closed: row.closed_on(),
        };
        insert_case_row(tx, &case_row(row.status()))?;
        // The intake events end where the intake step did.
        let intake = row.steps.first().map_or(row.status(), |s| s.to);
        insert_intake_events(tx, &case_row(intake), &row.recorder)?;
        if let Some(reply) = &row.reply {
            insert_reply(tx, row, reply, &case_id)?;
        }
        super::search::index_case(tx, &case_id)?;
        Ok(())
    }

    /// Ends the import: one audit entry for the whole of it, then commit.
    pub fn commit(self, cx: &ImportContext) -> StoreResult<ImportOutcome> {
        let created = self
            .numbers
            .iter()
            .map(|(line, date, seq)| (*line, reception_number(&self.station.code, *date, *seq)))
            .collect();
        let seal_sum = match self.sealing {
            true => Some(
                super::seal::last_sum(&self.tx)?
                    .wrapping_add(self.seal_delta)
                    .wrapping_add(super::seal::seal_changes(&self.tx)?),
            ),
            false => None,
        };
        let ImportWrite { tx, plan, .. } = self;
        let result = plan.outcome(created);
        audit::append_sealed(
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
                    "rows": result.rows,
                    "created": result.created.len(),
                    "skipped": result.existing.len(),
                    "first": result.created.iter().map(|c| &c.1).min_by_key(|n| number_order(n)),
                    "last": result.created.iter().map(|c| &c.1).max_by_key(|n| number_order(n)),
                    "new_deputies": result.new_deputies,
                    "new_departments": result.new_departments,
                    "referred_without_department": result.notes[1],
                })),
            },
            seal_sum,
        )?;
        tx.commit()?;
        Ok(result)
    }
}
