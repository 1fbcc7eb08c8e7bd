//! One row of a register checked with the reception form's own rules, in
//! small steps that each give a typed part — when, visitor, handling, the
//! reception itself, the outcome and the deadline — while one collector
//! gathers every problem with the column it belongs to.

use super::{
    Column, ImportRow, ImportSettings, ImportedReply, Reason, Rejection, Vocabulary, Words,
    case_steps,
};
use crate::domain::case::{Grade, Satisfaction};
use crate::domain::cells::restore_formula;
use crate::domain::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::id_number::mask_id_number;
use crate::domain::ids::DepartmentId;
use crate::domain::reception::{REPLY_MAX, ReceptionDraft, ReceptionRules, ValidReception};
use crate::domain::validate::{
    mask_phone, normalize_ascii, parse_date, validate_person_name, validate_text,
};
use chrono::{NaiveDate, NaiveTime};

/// Values quoted in a rejection are cut to this many characters.
const VALUE_SHOWN: usize = 30;
const PLACE_MAX: usize = 60;
const PERSON_MAX: usize = 20;
const DEPARTMENT_MAX: usize = 40;
const NUMBER_MAX: usize = 40;

fn shorten(value: &str) -> String {
    let one_line = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > VALUE_SHOWN {
        let cut: String = one_line.chars().take(VALUE_SHOWN - 1).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// One record with the means to find its cells by column.
pub(super) struct Cells<'a> {
    pub line: u64,
    pub record: &'a csv::StringRecord,
    pub columns: &'a [Option<Column>],
    pub headers: &'a [String],
    pub vocabulary: &'a Vocabulary,
}

impl Cells<'_> {
    fn index(&self, column: Column) -> Option<usize> {
        self.columns.iter().position(|c| *c == Some(column))
    }

    fn has(&self, column: Column) -> bool {
        self.index(column).is_some()
    }

    /// The cell, trimmed; empty when the column is absent.
    fn get(&self, column: Column) -> &str {
        self.index(column)
            .and_then(|i| self.record.get(i))
            .map_or("", |cell| restore_formula(cell.trim()))
    }

    /// The column's heading as the file writes it.
    fn header(&self, column: Column) -> String {
        self.index(column)
            .and_then(|i| self.headers.get(i))
            .cloned()
            .unwrap_or_else(|| self.vocabulary.header_for(column))
    }

    fn reject(&self, column: Column, value: &str, reason: Reason) -> Rejection {
        Rejection {
            line: self.line,
            column: self.header(column),
            value: shorten(value),
            reason,
        }
    }
}

/// The row's problems as the steps find them, and the checks they share.
struct Problems<'c, 'a> {
    cells: &'c Cells<'a>,
    found: Vec<Rejection>,
}

impl<'c, 'a> Problems<'c, 'a> {
    fn cell(&self, column: Column) -> &'c str {
        self.cells.get(column)
    }

    fn reject(&mut self, column: Column, value: &str, reason: Reason) {
        self.found.push(self.cells.reject(column, value, reason));
    }

    fn field(&mut self, column: Column, value: &str, e: FieldError) {
        self.reject(column, value, Reason::Field(e.problem));
    }

    /// A date cell: not after `not_after`, not before `not_before` (when
    /// given); `None` when empty or wrong (then the problem is noted).
    fn date(
        &mut self,
        column: Column,
        not_after: Option<NaiveDate>,
        not_before: Option<NaiveDate>,
    ) -> Option<NaiveDate> {
        let text = self.cell(column);
        let problem = match parse_date(text) {
            Ok(d) if not_after.is_some_and(|last| d > last) => {
                Problem::DateTooLate(not_after.unwrap_or(d))
            }
            Ok(d) if not_before.is_some_and(|first| d < first) => {
                Problem::DateBefore(not_before.unwrap_or(d))
            }
            Ok(d) => return Some(d),
            Err(p) => p,
        };
        self.reject(column, text, Reason::Field(problem));
        None
    }

    /// A text cell by the form's rule for `field`; empty when wrong.
    fn text(&mut self, column: Column, field: Field, max: usize, multiline: bool) -> String {
        let value = self.cell(column);
        validate_text(field, value, false, max, multiline).unwrap_or_else(|e| {
            self.field(column, value, e);
            String::new()
        })
    }

    /// A cell from a closed list; empty gives `default`.
    fn choice<T: Copy>(
        &mut self,
        column: Column,
        words: &Words<T>,
        default: Option<T>,
    ) -> Option<T> {
        let text = self.cell(column);
        if text.is_empty() {
            return default;
        }
        let found = words.find(text);
        if found.is_none() {
            self.reject(column, text, Reason::NotInList(words.shown.clone()));
        }
        found.or(default)
    }

    /// Every problem, in the order of the file's columns.
    fn into_sorted(mut self) -> Vec<Rejection> {
        let headers = self.cells.headers;
        self.found.sort_by_key(|p| {
            headers
                .iter()
                .position(|h| *h == p.column)
                .unwrap_or(usize::MAX)
        });
        self.found
    }
}

/// A time of day: `9:30`, `09:30`, `09:30:00`, full-width colons too.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = normalize_ascii(text).replace('：', ":");
    ["%H:%M", "%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(&text, f).ok())
}

/// Names in one cell: separated by 、 , ， ; ； / or line breaks.
fn split_names(text: &str) -> impl Iterator<Item = &str> {
    text.split(['、', ',', '，', ';', '；', '\n', '/'])
        .map(str::trim)
        .filter(|n| !n.is_empty())
}

/// When and by whom.
struct When {
    date: Option<NaiveDate>,
    time: NaiveTime,
    deputies: Vec<String>,
    place: String,
    recorder: String,
    reviewer: String,
    number: Option<String>,
}

fn when(p: &mut Problems, cx: &ImportSettings) -> When {
    let date = p.date(Column::Date, Some(cx.today), None);
    let time_text = p.cell(Column::Time);
    let time = if time_text.is_empty() {
        NaiveTime::MIN
    } else {
        parse_time(time_text).unwrap_or_else(|| {
            p.reject(Column::Time, time_text, Reason::BadTime);
            NaiveTime::MIN
        })
    };
    let mut deputies: Vec<String> = Vec::new();
    for name in split_names(p.cell(Column::Deputies)) {
        match validate_person_name(Field::DeputyName, name) {
            Ok(n) if !deputies.contains(&n) => deputies.push(n),
            Ok(_) => {}
            Err(e) => p.field(Column::Deputies, name, e),
        }
    }
    When {
        date,
        time,
        deputies,
        place: p.text(Column::Place, Field::Note, PLACE_MAX, false),
        recorder: p.text(Column::Recorder, Field::Note, PERSON_MAX, false),
        reviewer: p.text(Column::Reviewer, Field::Note, PERSON_MAX, false),
        number: Some(p.text(Column::Number, Field::Note, NUMBER_MAX, false))
            .filter(|n| !n.is_empty()),
    }
}

/// Who came. A register writes 匿名 for no name and 保密 in place of a
/// confidential visitor's name, phone and address.
struct Visitor<'c> {
    anonymous: bool,
    name: &'c str,
    confidential: bool,
    phone: &'c str,
    phone_masked: bool,
    id_number: &'c str,
    id_number_masked: bool,
    address: &'c str,
    group_size: &'c str,
    gender: Gender,
    channel: Channel,
    request_type: RequestType,
}

fn visitor<'c>(p: &mut Problems<'c, '_>) -> Visitor<'c> {
    let words = p.cells.vocabulary;
    let name = p.cell(Column::Visitor);
    let hidden = words.is_confidential(name);
    let confidential = p
        .choice(Column::Confidential, &words.yes_no, Some(false))
        .unwrap_or(false)
        || hidden;
    // A masked or withheld value is not kept.
    let kept = |text: &'c str, masked: bool| {
        if masked || words.is_confidential(text) {
            ""
        } else {
            text
        }
    };
    let (phone, id_number) = (p.cell(Column::Phone), p.cell(Column::IdNumber));
    let (phone_masked, id_number_masked) = (phone.contains('*'), id_number.contains('*'));
    let address = p.cell(Column::Address);
    Visitor {
        anonymous: hidden || words.is_anonymous(name),
        name,
        confidential,
        phone: kept(phone, phone_masked),
        phone_masked,
        id_number: kept(id_number, id_number_masked),
        id_number_masked,
        address: if confidential {
            kept(address, false)
        } else {
            address
        },
        group_size: match p.cell(Column::GroupSize) {
            "" => "1",
            n => n,
        },
        gender: p
            .choice(Column::Gender, &words.genders, Some(Gender::Unstated))
            .unwrap_or(Gender::Unstated),
        channel: p
            .choice(Column::Channel, &words.channels, Some(Channel::InStation))
            .unwrap_or(Channel::InStation),
        request_type: p
            .choice(
                Column::RequestType,
                &words.request_types,
                Some(RequestType::Problem),
            )
            .unwrap_or(RequestType::Problem),
    }
}

/// How it was handled at intake.
struct Handling<'c> {
    route: Option<Route>,
    /// 处理方式 has a word not in the list (said once, not by the form too).
    route_unknown: bool,
    /// 现场答复 empty: the reply column stands for it.
    on_spot_from_reply: bool,
    on_spot_reply: &'c str,
    department: Option<String>,
    department_missing: bool,
    reason: Option<NotAcceptedReason>,
    /// The column the guidance was read from.
    guidance_column: Column,
    guidance: &'c str,
    refusing: bool,
    reason_missing: bool,
}

fn handling<'c>(p: &mut Problems<'c, '_>) -> Handling<'c> {
    let words = p.cells.vocabulary;
    // An empty 处理方式 is the form's error; a word not in the list, ours.
    let route = p.choice(Column::Route, &words.routes, None);
    let on_spot_from_reply = route == Some(Route::OnSpot) && p.cell(Column::OnSpotReply).is_empty();
    let needs_department = route.is_some_and(Route::needs_department);
    let department_text = p.cell(Column::Department);
    let department = (needs_department && !department_text.is_empty())
        .then(|| {
            validate_text(
                Field::DepartmentName,
                department_text,
                true,
                DEPARTMENT_MAX,
                false,
            )
            .map_err(|e| p.field(Column::Department, department_text, e))
            .ok()
        })
        .flatten();
    let reason = p.choice(Column::NotAcceptedReason, &words.reasons, None);
    let guidance_column = [Column::Guidance, Column::ReplyText, Column::OnSpotReply]
        .into_iter()
        .find(|c| !p.cell(*c).is_empty())
        .unwrap_or(Column::Guidance);
    let guidance = p.cell(guidance_column);
    let refusing = route == Some(Route::NotAccepted);
    Handling {
        route,
        route_unknown: route.is_none() && !p.cell(Column::Route).is_empty(),
        on_spot_from_reply,
        on_spot_reply: p.cell(if on_spot_from_reply {
            Column::ReplyText
        } else {
            Column::OnSpotReply
        }),
        department,
        department_missing: needs_department && department_text.is_empty(),
        reason,
        guidance_column,
        guidance,
        refusing,
        reason_missing: refusing && (reason.is_none() || guidance.is_empty()),
    }
}

/// The reception as the form would take it: the draft holds stand-ins
/// for what a register does not record, and the form's rules check it.
fn reception(
    p: &mut Problems,
    cx: &ImportSettings,
    v: &Visitor,
    h: &Handling,
) -> Option<ValidReception> {
    let draft = ReceptionDraft {
        anonymous: v.anonymous,
        visitor_name: if v.anonymous {
            String::new()
        } else {
            v.name.to_string()
        },
        gender: v.gender,
        phone: v.phone.to_string(),
        id_number: v.id_number.to_string(),
        address: v.address.to_string(),
        group_size: v.group_size.to_string(),
        channel: v.channel,
        letter_received: String::new(),
        confidential: v.confidential,
        category: p.cell(Column::Category).to_string(),
        request_type: v.request_type,
        content: p.cell(Column::Content).to_string(),
        route: h.route,
        on_spot_reply: h.on_spot_reply.to_string(),
        department_id: h
            .route
            .filter(|r| r.needs_department())
            .map(|_| DepartmentId::default()),
        department_name: h.department.clone().unwrap_or_default(),
        deadline_days: cx.reply_days.to_string(),
        not_accepted_reason: h
            .reason
            .or(h.refusing.then_some(NotAcceptedReason::NoConcreteContent)),
        guidance: if h.refusing && h.guidance.is_empty() {
            "-".to_string()
        } else {
            h.guidance.to_string()
        },
        remarks: p.cell(Column::Remarks).to_string(),
        linked_case_id: None,
    };
    let rules = ReceptionRules {
        categories: cx.categories,
        collect_id_number: cx.collect_id_number,
        today: cx.today,
    };
    let errors = match draft.validate(&rules) {
        Ok(r) => return Some(r),
        Err(errors) => errors,
    };
    for e in errors
        .into_iter()
        .filter(|e| !(h.route_unknown && e.field == Field::Route))
    {
        let rejection = form_problem(p.cells, cx, &draft, e, h);
        p.found.push(rejection);
    }
    None
}

/// What the department did, and the call-back.
struct Outcome {
    referred: bool,
    reply: Option<ImportedReply>,
    callback: Option<Satisfaction>,
    callback_dropped: bool,
}

fn outcome(
    p: &mut Problems,
    cx: &ImportSettings,
    date: Option<NaiveDate>,
    route: Option<Route>,
) -> Outcome {
    let words = p.cells.vocabulary;
    let grade = p.choice(Column::Grade, &words.grades, None);
    let callback = p.choice(Column::Callback, &words.satisfactions, None);
    let referred =
        route.is_some_and(|r| matches!(r, Route::Assign | Route::Transfer | Route::Suggestion));
    let mut reply = None;
    if referred {
        let text = p.text(Column::ReplyText, Field::ReplyText, REPLY_MAX, true);
        let given = p.cell(Column::ReplyDate);
        let reply_date = if given.is_empty() {
            date
        } else {
            p.date(Column::ReplyDate, Some(cx.today), date)
        };
        if p.cell(Column::ReplyText).is_empty() {
            for (column, given) in [
                (Column::Grade, grade.is_some()),
                (Column::ReplyDate, !given.is_empty()),
                (Column::Callback, callback.is_some()),
            ] {
                if given {
                    p.reject(column, p.cell(column), Reason::NeedsReply);
                }
            }
        } else if let Some(date) = reply_date {
            reply = Some(ImportedReply { text, grade, date });
        }
    }
    Outcome {
        referred,
        callback_dropped: !referred && callback.is_some(),
        callback,
        reply,
    }
}

/// When the reply was due: 办理时限 when given, else as at intake.
fn deadline(
    p: &mut Problems,
    cx: &ImportSettings,
    reception: &ValidReception,
    date: NaiveDate,
    referred: bool,
) -> Option<NaiveDate> {
    if p.cell(Column::Deadline).is_empty() || !referred {
        reception.deadline(date, cx.calendar)
    } else {
        p.date(Column::Deadline, None, Some(date))
    }
}

pub(super) fn parse_row(cells: &Cells, cx: &ImportSettings) -> Result<ImportRow, Vec<Rejection>> {
    let mut p = Problems {
        cells,
        found: Vec::new(),
    };
    let when = when(&mut p, cx);
    let visitor = visitor(&mut p);
    let handling = handling(&mut p);
    let reception = reception(&mut p, cx, &visitor, &handling);
    let outcome = outcome(&mut p, cx, when.date, handling.route);
    let deadline = match (&reception, when.date) {
        (Some(r), Some(date)) => deadline(&mut p, cx, r, date, outcome.referred),
        _ => None,
    };
    let (Some(mut reception), Some(date), Some(route), true) =
        (reception, when.date, handling.route, p.found.is_empty())
    else {
        return Err(p.into_sorted());
    };
    let steps = case_steps(
        route,
        outcome.reply.as_ref().map(|r| r.grade.unwrap_or(Grade::D)),
        outcome.callback.filter(|_| outcome.referred),
    )
    .map_err(|_| vec![cells.reject(Column::Route, cells.get(Column::Route), Reason::NeedsReply)])?;
    // The stand-ins go: the store finds the department by name, and a
    // refusal keeps only the reason and guidance the file gave.
    reception.department_id = None;
    if handling.refusing {
        reception.not_accepted_reason = handling.reason;
        if handling.guidance.is_empty() {
            reception.guidance = String::new();
        }
    }
    Ok(ImportRow {
        line: cells.line,
        number: when.number,
        at: date.and_time(when.time),
        place: when.place,
        deputies: when.deputies,
        reception,
        department: handling.department,
        recorder: when.recorder,
        reviewer: when.reviewer,
        deadline,
        callback: outcome.callback.filter(|_| outcome.reply.is_some()),
        reply: outcome.reply,
        steps,
        phone_masked: visitor.phone_masked,
        id_number_masked: visitor.id_number_masked,
        department_missing: handling.department_missing,
        reason_missing: handling.reason_missing,
        callback_dropped: outcome.callback_dropped,
    })
}

/// A problem the reception form found, under the file's column for it.
fn form_problem(
    cells: &Cells,
    cx: &ImportSettings,
    draft: &ReceptionDraft,
    e: FieldError,
    h: &Handling,
) -> Rejection {
    let column = match e.field {
        Field::VisitorName => Column::Visitor,
        Field::Phone => Column::Phone,
        Field::IdNumber => Column::IdNumber,
        Field::Address => Column::Address,
        Field::GroupSize => Column::GroupSize,
        Field::Category => Column::Category,
        Field::Content => Column::Content,
        Field::Route => Column::Route,
        Field::OnSpotReply if h.on_spot_from_reply && cells.has(Column::ReplyText) => {
            Column::ReplyText
        }
        Field::OnSpotReply => Column::OnSpotReply,
        Field::Department => Column::Department,
        Field::NotAcceptedReason => Column::NotAcceptedReason,
        Field::Guidance => h.guidance_column,
        _ => Column::Remarks,
    };
    let value = match column {
        // A phone number is quoted masked, even a wrong one.
        Column::Phone => mask_phone(&draft.phone),
        Column::IdNumber => mask_id_number(&draft.id_number),
        _ => cells.get(column).to_string(),
    };
    let reason = match (e.field, e.problem) {
        (Field::VisitorName, Problem::Required) => Reason::VisitorRequired,
        (Field::Category, Problem::UnknownChoice) => {
            Reason::UnknownCategory(cx.categories.to_vec())
        }
        (_, problem) => Reason::Field(problem),
    };
    cells.reject(column, &value, reason)
}
