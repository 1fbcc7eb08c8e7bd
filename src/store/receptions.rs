//! The reception register: saving a visit (with its case, the first case
//! events and the audit entry, in one transaction) and finding earlier
//! visits of the same voter.

use super::audit::{self, AuditWrite};
use super::cases::{CaseEvent, insert_event};
use super::{Store, StoreResult, day, parse_day, ts};
use crate::domain::calendar::Calendar;
use crate::domain::case::{self, CaseStatus};
use crate::domain::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use crate::domain::id_number::mask_id_number;
use crate::domain::ids::reception_number;
use crate::domain::ids::{CaseId, DeputyId, ReceptionId};
use crate::domain::privacy::mask_name;
use crate::domain::reception::{ValidReception, summary_of};
use crate::domain::validate::mask_phone;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, Transaction, params};
use serde_json::json;

/// Who is saving and when: everything a save needs besides the form.
pub struct SaveContext<'a> {
    pub deputy_ids: &'a [DeputyId],
    pub recorder: &'a str,
    pub now: NaiveDateTime,
    pub calendar: &'a Calendar,
    /// The draft this form was typed into; deleted in the same transaction.
    pub draft_id: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SavedReception {
    pub reception_id: ReceptionId,
    pub case_id: CaseId,
    pub number: String,
    pub status: CaseStatus,
    pub deadline: Option<NaiveDate>,
}

/// An earlier visit of a returning voter, for the side panel.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierVisit {
    pub case_id: CaseId,
    pub number: String,
    pub visit_date: String,
    pub visitor_name: Option<String>,
    pub confidential: bool,
    pub summary: String,
    pub status: CaseStatus,
    pub department: Option<String>,
    pub deadline: Option<String>,
    pub same_phone: bool,
}

/// One reception row as stored (phone as stored: mask before showing).
#[derive(Debug, Clone, PartialEq)]
pub struct ReceptionRecord {
    pub id: ReceptionId,
    pub number: String,
    pub visit_date: String,
    pub received_at: String,
    pub channel: Channel,
    pub visitor_name: Option<String>,
    pub phone: Option<String>,
    /// As stored: mask before showing.
    pub id_number: Option<String>,
    pub group_size: i64,
    pub category: String,
    pub content: String,
    pub route: Route,
    pub confidential: bool,
    pub recorder: String,
    pub deputies: Vec<String>,
    pub linked_case_id: Option<CaseId>,
    pub gender: Gender,
    pub address: String,
    pub request_type: RequestType,
    pub on_spot_reply: String,
    pub not_accepted_reason: Option<NotAcceptedReason>,
    pub guidance: String,
    pub remarks: String,
    pub place: String,
    pub reviewer: String,
    /// Entered after its day was signed off (签发后补登).
    pub late: bool,
    /// A letter's day of receipt, when it was not the day registered.
    pub letter_received: Option<String>,
}

/// One reception row with where, when and by whom it was taken.
pub(crate) struct ReceptionRow<'a> {
    pub id: &'a str,
    pub station_id: &'a str,
    pub number: &'a str,
    pub seq: u32,
    pub at: NaiveDateTime,
    pub place: &'a str,
    pub recorder: &'a str,
    pub reception: &'a ValidReception,
    pub deputy_ids: &'a [DeputyId],
}

/// Writes a reception and its duty deputies (the caller holds the transaction).
pub(crate) fn insert_reception_row(conn: &Connection, row: &ReceptionRow) -> StoreResult<()> {
    let r = row.reception;
    conn.prepare_cached(
        "INSERT INTO receptions (id, station_id, number, seq, visit_date, received_at, place, channel,
            visitor_name, gender, phone, address, group_size, category, request_type, content,
            on_spot_reply, route, not_accepted_reason, guidance, confidential, recorder, remarks,
            linked_case_id, id_number, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
            ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?6)",
    )?
    .execute(params![
        row.id,
        row.station_id,
        row.number,
        row.seq,
        day(row.at.date()),
        ts(row.at),
        row.place,
        r.channel.code(),
        r.visitor_name,
        r.gender.code(),
        r.phone,
        r.address,
        r.group_size,
        r.category,
        r.request_type.code(),
        r.content,
        r.on_spot_reply,
        r.route.code(),
        r.not_accepted_reason.map(|x| x.code()),
        r.guidance,
        r.confidential,
        row.recorder,
        r.remarks,
        r.linked_case_id,
        r.id_number,
    ])?;
    let mut insert_deputy = conn.prepare_cached(
        "INSERT OR IGNORE INTO reception_deputies (reception_id, deputy_id, visit_date, group_size)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for deputy in row.deputy_ids {
        insert_deputy.execute(params![row.id, deputy, day(row.at.date()), r.group_size])?;
    }
    if let Some(received) = r.letter_received.filter(|_| r.channel == Channel::Letter) {
        conn.prepare_cached(
            "INSERT INTO reception_letters (reception_id, received_on) VALUES (?1, ?2)",
        )?
        .execute(params![row.id, day(received)])?;
    }
    Ok(())
}

/// One case row as intake (or the bulk loader) writes it.
pub(crate) struct CaseRow<'a> {
    pub id: &'a str,
    pub number: &'a str,
    pub reception_id: &'a str,
    pub reception: &'a ValidReception,
    pub status: CaseStatus,
    pub opened_at: NaiveDateTime,
    pub deadline: Option<NaiveDate>,
    pub grade: Option<&'a str>,
    pub callback: Option<&'a str>,
    pub closed: Option<NaiveDate>,
}

/// Writes a case; returns its rowid (the search index's key).
pub(crate) fn insert_case_row(conn: &Connection, row: &CaseRow) -> StoreResult<i64> {
    let r = row.reception;
    let referred = r.route.needs_department() || r.route == Route::Suggestion;
    let on_spot_reply = if r.route == Route::OnSpot {
        r.on_spot_reply.as_str()
    } else {
        ""
    };
    conn.prepare_cached(
        "INSERT INTO cases (id, number, reception_id, summary, category, status, route, department_id,
            referral_date, deadline, reply_text, grade, callback, callback_date, closed_date, opened_at,
            updated_at, group_size, channel)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17, ?18)",
    )?
    .execute(params![
        row.id,
        row.number,
        row.reception_id,
        summary_of(&r.content),
        r.category,
        row.status.code(),
        r.route.code(),
        r.department_id,
        referred.then(|| day(row.opened_at.date())),
        row.deadline.map(day),
        on_spot_reply,
        row.grade,
        row.callback,
        row.callback.and(row.closed.map(day)),
        row.closed.map(day),
        ts(row.opened_at),
        r.group_size,
        r.channel.code(),
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The first two timeline entries of every case: registered, then the
/// handling route chosen at intake.
pub(crate) fn insert_intake_events(
    conn: &Connection,
    row: &CaseRow,
    actor: &str,
) -> StoreResult<()> {
    let r = row.reception;
    let event = CaseEvent {
        case_id: row.id,
        at: row.opened_at,
        actor,
        kind: "register",
        from: None,
        to: CaseStatus::Registered,
        detail: json!({}),
    };
    insert_event(conn, &event)?;
    insert_event(
        conn,
        &CaseEvent {
            kind: r.route.code(),
            from: Some(CaseStatus::Registered),
            to: row.status,
            detail: json!({
                "department_id": r.department_id,
                "deadline": row.deadline.map(day),
                "reason": r.not_accepted_reason.map(|x| x.code()),
            }),
            ..event
        },
    )
}

pub(crate) fn next_seq(tx: &Transaction, station_id: &str, date: NaiveDate) -> StoreResult<u32> {
    let max: Option<u32> = tx.query_row(
        "SELECT max(seq) FROM receptions WHERE station_id = ?1 AND visit_date = ?2",
        params![station_id, day(date)],
        |r| r.get(0),
    )?;
    Ok(max.unwrap_or(0) + 1)
}

impl Store {
    /// Saves a reception; refused on a signed-off day.
    pub fn save_reception(
        &mut self,
        r: &ValidReception,
        cx: &SaveContext,
    ) -> StoreResult<SavedReception> {
        self.write_reception(r, cx, false)
    }

    /// Saves a reception at the kiosk, which never refuses a voter: on a
    /// signed-off day the row is marked 签发后补登 for the secretary.
    pub fn save_reception_at_kiosk(
        &mut self,
        r: &ValidReception,
        cx: &SaveContext,
    ) -> StoreResult<SavedReception> {
        self.write_reception(r, cx, true)
    }

    fn write_reception(
        &mut self,
        r: &ValidReception,
        cx: &SaveContext,
        late_allowed: bool,
    ) -> StoreResult<SavedReception> {
        let station = self.require_station()?;
        let today = cx.now.date();
        let deadline = r.deadline(today, cx.calendar);
        let transition = case::apply(CaseStatus::Registered, case::intake_action(r.route))?;
        let place = self.settings()?.place;
        let tx = self.write_tx()?;
        let late = late_allowed && super::closing::is_signed(&tx, today)?;
        if !late {
            super::closing::refuse_if_signed(&tx, today)?;
        }
        let seq = next_seq(&tx, &station.id, today)?;
        let number = reception_number(&station.code, today, seq);
        let reception_id = ReceptionId::fresh();
        let case_id = CaseId::fresh();
        insert_reception_row(
            &tx,
            &ReceptionRow {
                id: &reception_id,
                station_id: &station.id,
                number: &number,
                seq,
                at: cx.now,
                place: &place,
                recorder: cx.recorder,
                reception: r,
                deputy_ids: cx.deputy_ids,
            },
        )?;
        let case = CaseRow {
            id: &case_id,
            number: &number,
            reception_id: &reception_id,
            reception: r,
            status: transition.to,
            opened_at: cx.now,
            deadline,
            grade: None,
            callback: None,
            closed: (transition.to == CaseStatus::Closed).then_some(today),
        };
        insert_case_row(&tx, &case)?;
        super::search::index_case(&tx, &case_id)?;
        insert_intake_events(&tx, &case, cx.recorder)?;
        let mut logged = json!({
            "number": number,
            "visitor_name": if r.confidential { None } else { r.visitor_name.as_deref().map(mask_name) },
            "phone": r.phone.as_deref().map(mask_phone),
            "group_size": r.group_size,
            "category": r.category,
            "route": r.route.code(),
            "case_id": case_id,
        });
        // Masked like the phone; left out where none was taken, so that
        // stations that do not record ID numbers log what they always did.
        if let Some(id) = &r.id_number {
            logged["id_number"] = json!(mask_id_number(id));
        }
        if let Some(received) = r.letter_received.filter(|_| r.channel == Channel::Letter) {
            logged["letter_received"] = json!(day(received));
        }
        audit::append(
            &tx,
            cx.now,
            AuditWrite {
                actor: cx.recorder,
                action: "reception.create",
                entity: "reception",
                entity_id: &reception_id,
                before: None,
                after: Some(logged),
            },
        )?;
        if late {
            super::late::mark_late(&tx, &reception_id)?;
        }
        if let Some(draft) = cx.draft_id {
            tx.execute("DELETE FROM drafts WHERE id = ?1", [draft])?;
        }
        tx.commit()?;
        Ok(SavedReception {
            reception_id,
            case_id,
            number,
            status: transition.to,
            deadline,
        })
    }

    /// Earlier visits with the same phone number or the same name, newest first.
    pub fn earlier_visits(
        &self,
        phone: Option<&str>,
        name: Option<&str>,
        limit: usize,
    ) -> StoreResult<Vec<EarlierVisit>> {
        if phone.is_none() && name.is_none() {
            return Ok(Vec::new());
        }
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.number, r.visit_date, r.visitor_name, r.confidential, c.summary, c.status,
                    d.name, c.deadline, coalesce(r.phone = ?1, 0)
             FROM receptions r
             JOIN cases c ON c.reception_id = r.id
             LEFT JOIN departments d ON d.id = c.department_id
             WHERE r.id IN (SELECT id FROM receptions WHERE phone = ?1
                            UNION SELECT id FROM receptions WHERE visitor_name = ?2)
             ORDER BY r.visit_date DESC, r.seq DESC LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![phone, name, limit as i64], |r| {
            Ok(EarlierVisit {
                case_id: r.get(0)?,
                number: r.get(1)?,
                visit_date: r.get(2)?,
                visitor_name: r.get(3)?,
                confidential: r.get(4)?,
                summary: r.get(5)?,
                status: CaseStatus::from_code(&r.get::<_, String>(6)?)
                    .unwrap_or(CaseStatus::Registered),
                department: r.get(7)?,
                deadline: r.get(8)?,
                same_phone: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn reception(&self, id: &ReceptionId) -> StoreResult<ReceptionRecord> {
        // Cached: the register pages and exports read many in a row.
        let mut rec = self.conn.prepare_cached(
            "SELECT id, number, visit_date, received_at, channel, visitor_name, phone, group_size, category,
                    content, route, confidential, recorder, linked_case_id, gender, address, request_type,
                    on_spot_reply, not_accepted_reason, guidance, remarks, place, reviewer, id_number,
                    EXISTS (SELECT 1 FROM late_entries WHERE reception_id = receptions.id),
                    (SELECT received_on FROM reception_letters WHERE reception_id = receptions.id)
             FROM receptions WHERE id = ?1",
        )?
        .query_row([id], |r| {
                Ok(ReceptionRecord {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    visit_date: r.get(2)?,
                    received_at: r.get(3)?,
                    channel: r.get(4)?,
                    visitor_name: r.get(5)?,
                    phone: r.get(6)?,
                    id_number: r.get(23)?,
                    group_size: r.get(7)?,
                    category: r.get(8)?,
                    content: r.get(9)?,
                    route: r.get(10)?,
                    confidential: r.get(11)?,
                    recorder: r.get(12)?,
                    deputies: Vec::new(),
                    linked_case_id: r.get(13)?,
                    gender: r.get(14)?,
                    address: r.get(15)?,
                    request_type: r.get(16)?,
                    on_spot_reply: r.get(17)?,
                    not_accepted_reason: r.get(18)?,
                    guidance: r.get(19)?,
                    remarks: r.get(20)?,
                    place: r.get(21)?,
                    reviewer: r.get(22)?,
                    late: r.get(24)?,
                    letter_received: r.get(25)?,
                })
            },
        )?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.name FROM reception_deputies rd JOIN deputies d ON d.id = rd.deputy_id
             WHERE rd.reception_id = ?1 ORDER BY d.name",
        )?;
        rec.deputies = stmt
            .query_map([id], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(rec)
    }

    /// Receptions of one day in register order.
    pub fn receptions_on(&self, date: NaiveDate) -> StoreResult<Vec<ReceptionRecord>> {
        let ids: Vec<ReceptionId> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id FROM receptions WHERE visit_date = ?1 ORDER BY seq")?;
            stmt.query_map([day(date)], |r| r.get(0))?
                .collect::<Result<_, _>>()?
        };
        ids.iter().map(|id| self.reception(id)).collect()
    }

    /// Counts for the home screen: today's visits, persons, and open cases.
    pub fn today_counts(&self, date: NaiveDate) -> StoreResult<TodayCounts> {
        let (visits, persons): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(group_size), 0) FROM receptions WHERE visit_date = ?1",
            [day(date)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        // Counted from the cases (open ones are few, and the status index
        // covers them), so that the home screen never shows a kept count
        // that `check` would call wrong.
        let open_cases: i64 = self.conn.query_row(
            "SELECT count(*) FROM cases
             WHERE status IN ('registered', 'in_progress', 'replied', 'fed_back')",
            [],
            |r| r.get(0),
        )?;
        Ok(TodayCounts {
            visits,
            persons,
            open_cases,
        })
    }

    /// The deadline of a case, for tests and receipts.
    pub fn case_deadline(&self, case_id: &CaseId) -> StoreResult<Option<NaiveDate>> {
        let d: Option<String> =
            self.conn
                .query_row("SELECT deadline FROM cases WHERE id = ?1", [case_id], |r| {
                    r.get(0)
                })?;
        Ok(d.as_deref().and_then(parse_day))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TodayCounts {
    pub visits: i64,
    pub persons: i64,
    pub open_cases: i64,
}
