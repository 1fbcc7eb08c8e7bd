//! Importing the reception register from a CSV file, for stations moving
//! over from Excel: naming the file's columns, checking every row with the
//! reception form's own rules, and working out where each case stands.
//! No SQL and no words here: the store looks up what already exists and
//! writes; `crate::i18n` supplies the words a file may use and says what
//! was found.
//!
//! The reception register (and its export) records less than the form
//! asks for: no department for 交办 / 转办, no reason or guidance for
//! 不予受理. Such rows are checked with stand-ins for what the register
//! does not hold, the stand-ins are dropped afterwards, and each row is
//! counted so that the summary says what is missing.

use super::calendar::Calendar;
use super::case::{self, CaseAction, CaseStatus, Grade, IllegalTransition, Satisfaction};
use super::cells::restore_formula;
use super::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use super::fields::{Field, Problem};
use super::reception::ValidReception;
use super::registers::{Source, presets};
use super::validate::normalize_ascii;
use chrono::{NaiveDate, NaiveDateTime};

mod file;
mod row;
pub mod text;
pub use file::{csv_rows, parse_file, parse_table, parse_table_each};
pub use text::{Encoding, TextCheck};

/// A column the importer understands. `key()` is the register presets'
/// column key where the reception or handling register has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Number,
    Date,
    Time,
    Place,
    Channel,
    Deputies,
    Visitor,
    Gender,
    Phone,
    Address,
    GroupSize,
    Category,
    RequestType,
    Content,
    OnSpotReply,
    Route,
    Confidential,
    Recorder,
    Reviewer,
    Remarks,
    Department,
    Deadline,
    ReplyText,
    Grade,
    ReplyDate,
    Callback,
    NotAcceptedReason,
    Guidance,
    IdNumber,
}

impl Column {
    pub const ALL: [Column; 29] = [
        Column::Number,
        Column::Date,
        Column::Time,
        Column::Place,
        Column::Channel,
        Column::Deputies,
        Column::Visitor,
        Column::Gender,
        Column::Phone,
        Column::Address,
        Column::GroupSize,
        Column::Category,
        Column::RequestType,
        Column::Content,
        Column::OnSpotReply,
        Column::Route,
        Column::Confidential,
        Column::Recorder,
        Column::Reviewer,
        Column::Remarks,
        Column::Department,
        Column::Deadline,
        Column::ReplyText,
        Column::Grade,
        Column::ReplyDate,
        Column::Callback,
        Column::NotAcceptedReason,
        Column::Guidance,
        Column::IdNumber,
    ];

    /// Columns a file must have.
    pub const REQUIRED: [Column; 5] = [
        Column::Date,
        Column::Visitor,
        Column::Category,
        Column::Content,
        Column::Route,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Column::Number => "number",
            Column::Date => "date",
            Column::Time => "time",
            Column::Place => "place",
            Column::Channel => "channel",
            Column::Deputies => "deputies",
            Column::Visitor => "visitor",
            Column::Gender => "gender",
            Column::Phone => "phone",
            Column::Address => "address",
            Column::GroupSize => "group_size",
            Column::Category => "category",
            Column::RequestType => "request_type",
            Column::Content => "content",
            Column::OnSpotReply => "on_spot_reply",
            Column::Route => "route",
            Column::Confidential => "confidential",
            Column::Recorder => "recorder",
            Column::Reviewer => "reviewer",
            Column::Remarks => "remarks",
            Column::Department => "department",
            Column::Deadline => "deadline",
            Column::ReplyText => "reply_text",
            Column::Grade => "grade",
            Column::ReplyDate => "reply_date",
            Column::Callback => "callback",
            Column::NotAcceptedReason => "not_accepted_reason",
            Column::Guidance => "guidance",
            Column::IdNumber => "id_number",
        }
    }

    pub fn from_key(key: &str) -> Option<Column> {
        Self::ALL.into_iter().find(|c| c.key() == key)
    }

    /// The form field with the same meaning, whose label is also accepted
    /// as a heading. (办理时限 is a date, not the form's number of days.)
    pub fn field(self) -> Option<Field> {
        Some(match self {
            Column::Date => Field::Date,
            Column::Place => Field::Place,
            Column::Channel => Field::Channel,
            Column::Visitor => Field::VisitorName,
            Column::Gender => Field::Gender,
            Column::Phone => Field::Phone,
            Column::Address => Field::Address,
            Column::GroupSize => Field::GroupSize,
            Column::Category => Field::Category,
            Column::RequestType => Field::RequestType,
            Column::Content => Field::Content,
            Column::OnSpotReply => Field::OnSpotReply,
            Column::Route => Field::Route,
            Column::Confidential => Field::Confidential,
            Column::Remarks => Field::Remarks,
            Column::Department => Field::Department,
            Column::ReplyText => Field::ReplyText,
            Column::Grade => Field::Grade,
            Column::ReplyDate => Field::ReplyDate,
            Column::Callback => Field::Satisfaction,
            Column::NotAcceptedReason => Field::NotAcceptedReason,
            Column::Guidance => Field::Guidance,
            Column::IdNumber => Field::IdNumber,
            Column::Number
            | Column::Time
            | Column::Deputies
            | Column::Recorder
            | Column::Reviewer
            | Column::Deadline => return None,
        })
    }
}

/// How a heading or a word is compared: full-width forms folded, spaces
/// dropped, Latin letters in lower case.
pub fn fold(text: &str) -> String {
    normalize_ascii(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of one closed list: those shown when a value is not one of
/// them, and every word accepted (both languages, and the stored codes).
#[derive(Debug, Clone, PartialEq)]
pub struct Words<T> {
    pub shown: Vec<String>,
    pub accepted: Vec<(String, T)>,
}

impl<T: Copy> Words<T> {
    pub fn new(shown: Vec<String>) -> Self {
        Self {
            shown,
            accepted: Vec::new(),
        }
    }

    pub fn accept(&mut self, word: &str, value: T) {
        let word = fold(word);
        if !word.is_empty() {
            self.accepted.push((word, value));
        }
    }

    pub fn find(&self, text: &str) -> Option<T> {
        let text = fold(text);
        self.accepted
            .iter()
            .find(|(w, _)| *w == text)
            .map(|(_, v)| *v)
    }
}

/// Every heading and word a file may use. Built by `crate::i18n`.
#[derive(Debug, Clone, PartialEq)]
pub struct Vocabulary {
    /// Headings (folded) and their columns; the first one of a column is
    /// how the column is named when it is missing.
    pub headers: Vec<(String, Column)>,
    pub channels: Words<Channel>,
    pub genders: Words<Gender>,
    pub request_types: Words<RequestType>,
    pub routes: Words<Route>,
    pub reasons: Words<NotAcceptedReason>,
    pub grades: Words<Grade>,
    pub satisfactions: Words<Satisfaction>,
    pub yes_no: Words<bool>,
    /// What a register writes for a visitor without a name.
    pub anonymous: Vec<String>,
    /// What a register writes in place of a confidential visitor's details.
    pub confidential: Vec<String>,
    /// Headings of this program's own exports that an import knows but
    /// does not read (each row's corrections): not reported as unknown.
    pub not_read: Vec<String>,
    /// How the signature line below a printed register begins (记录人：):
    /// the rows end there.
    pub footers: Vec<String>,
}

impl Vocabulary {
    /// The headings of every preset's reception and handling register, in
    /// preset order (the default preset's first).
    pub fn preset_headers() -> Vec<(String, Column)> {
        let mut out = Vec::new();
        for register in presets().iter().flat_map(|p| &p.registers) {
            if !matches!(register.source, Source::Reception | Source::Handling) {
                continue;
            }
            for column in &register.columns {
                if let Some(c) = Column::from_key(&column.key) {
                    out.push((column.label.clone(), c));
                }
            }
            if let Some(heading) = &register.id_number_heading {
                out.push((heading.clone(), Column::IdNumber));
            }
        }
        out
    }

    pub fn add_header(&mut self, header: &str, column: Column) {
        let header = fold(header);
        if !header.is_empty() && !self.headers.iter().any(|(h, _)| *h == header) {
            self.headers.push((header, column));
        }
    }

    /// The column a cell names, as a heading row writes it.
    pub fn column_of_heading(&self, cell: &str) -> Option<Column> {
        self.column_of(restore_formula(cell.trim()))
    }

    fn column_of(&self, header: &str) -> Option<Column> {
        let header = fold(header);
        self.headers
            .iter()
            .find(|(h, _)| *h == header)
            .map(|(_, c)| *c)
    }

    /// How a column is named when the file does not have it.
    pub fn header_for(&self, column: Column) -> String {
        self.headers
            .iter()
            .find(|(_, c)| *c == column)
            .map(|(h, _)| h.clone())
            .unwrap_or_else(|| column.key().to_string())
    }

    fn is_anonymous(&self, text: &str) -> bool {
        let text = fold(text);
        self.anonymous.iter().any(|w| fold(w) == text)
    }

    fn is_confidential(&self, text: &str) -> bool {
        let text = fold(text);
        self.confidential.iter().any(|w| fold(w) == text)
    }
}

/// What the station's settings say, and today.
pub struct ImportSettings<'a> {
    pub categories: &'a [String],
    /// Working days a department has for its reply (settings).
    pub reply_days: u32,
    pub calendar: &'a Calendar,
    pub today: NaiveDate,
    pub vocabulary: &'a Vocabulary,
    /// Whether the station records ID numbers; if not, a file's ID
    /// number column is not read (and listed as ignored).
    pub collect_id_number: bool,
}

/// Why a whole file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Not UTF-8 (Excel's plain "CSV" is GBK): from this line on.
    NotUtf8 { line: u64 },
    /// No heading line.
    Empty,
    /// Required columns the heading line lacks, by their usual headings.
    MissingColumns(Vec<String>),
    /// Two headings name the same column (the second as written).
    DuplicateHeading(String),
    /// A quoted cell that begins on this line is never closed.
    UnbalancedQuote { line: u64 },
    /// Larger than the import reads.
    TooLarge { limit_mb: u64 },
    /// No sheet of that name; the workbook's sheets.
    NoSuchSheet { name: String, sheets: Vec<String> },
    /// Several sheets hold a register; which one is meant.
    WhichSheet(Vec<String>),
}

/// Why a row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// The form's own rule.
    Field(Problem),
    /// No visitor name and not marked anonymous.
    VisitorRequired,
    /// Not one of these words.
    NotInList(Vec<String>),
    /// Not one of the station's categories (listed).
    UnknownCategory(Vec<String>),
    BadTime,
    /// A grade, reply date or call-back needs the reply it belongs to.
    NeedsReply,
    /// More cells than headings, none of them empty: how many more.
    TooManyFields(usize),
    /// The CSV reader's words.
    Unreadable(String),
    /// A new row of a day that has been signed off (found by the store).
    DaySignedOff,
}

/// One problem of one row: the line it starts on in the file, the
/// column as headed in the file, and the value as written (shortened).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub line: u64,
    /// Empty for a problem of the whole row.
    pub column: String,
    pub value: String,
    pub reason: Reason,
}

/// A department's reply as the register records it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedReply {
    pub text: String,
    pub grade: Option<Grade>,
    /// 答复日期, or the visit date when the file does not say.
    pub date: NaiveDate,
}

/// One step of a case's life, as the state machine allowed it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaseStep {
    pub action: CaseAction,
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub rehandled: bool,
}

/// A row that passed every rule, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportRow {
    /// The file line the row starts on.
    pub line: u64,
    /// 编号 as written in the file, if any.
    pub number: Option<String>,
    /// Visit date and time (midnight when the file gives no time).
    pub at: NaiveDateTime,
    /// Empty: the station's place from settings.
    pub place: String,
    pub deputies: Vec<String>,
    /// `department_id` is empty: the store finds or adds `department`.
    pub reception: ValidReception,
    pub department: Option<String>,
    pub recorder: String,
    pub reviewer: String,
    pub deadline: Option<NaiveDate>,
    pub reply: Option<ImportedReply>,
    pub callback: Option<Satisfaction>,
    /// The case's life from registration: the intake step first.
    pub steps: Vec<CaseStep>,
    /// The phone was written masked (`138****1234`) and is not kept.
    pub phone_masked: bool,
    /// The ID number was written masked (an export) and is not kept.
    pub id_number_masked: bool,
    /// 交办 / 转办 without a department.
    pub department_missing: bool,
    /// 不予受理 without a reason or guidance.
    pub reason_missing: bool,
    /// A satisfaction given for a case closed at intake (no call-back).
    pub callback_dropped: bool,
}

impl ImportRow {
    pub fn status(&self) -> CaseStatus {
        self.steps
            .last()
            .map(|s| s.to)
            .unwrap_or(CaseStatus::Registered)
    }

    /// Whether the case was closed, and on which day.
    pub fn closed_on(&self) -> Option<NaiveDate> {
        match self.status() {
            CaseStatus::Closed | CaseStatus::Archived => Some(
                self.reply
                    .as_ref()
                    .filter(|_| self.callback.is_some())
                    .map_or(self.at.date(), |r| r.date),
            ),
            _ => None,
        }
    }

    /// Adds this row to the counts of `ParsedFile::notes`.
    pub fn count_notes(&self, counts: &mut [usize; 5]) {
        let flags = [
            self.phone_masked,
            self.department_missing,
            self.reason_missing,
            self.callback_dropped,
            self.id_number_masked,
        ];
        for (count, flag) in counts.iter_mut().zip(flags) {
            *count += usize::from(flag);
        }
    }

    pub fn rehandle_count(&self) -> i64 {
        self.steps.iter().filter(|s| s.rehandled).count() as i64
    }
}

/// What a file holds: the good rows and every problem of the others.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ParsedFile {
    pub rows: Vec<ImportRow>,
    pub rejections: Vec<Rejection>,
    /// Headings not understood (or repeated), as written.
    pub ignored_columns: Vec<String>,
    /// The visit date's heading as the file writes it.
    pub date_heading: String,
    /// The file was a CSV in GBK (older Excel's "CSV"), read as such.
    pub gbk: bool,
}

impl ParsedFile {
    /// How many rows each note applies to: masked phones, referrals
    /// without a department, refusals without a reason, dropped call-backs,
    /// masked ID numbers.
    pub fn notes(&self) -> [usize; 5] {
        let mut counts = [0; 5];
        for row in &self.rows {
            row.count_notes(&mut counts);
        }
        counts
    }

    /// Rejects the rows at `lines`, new rows that fall on a signed-off day
    /// (the store says which), naming the day in the date column; the
    /// rejections stay in line order.
    pub fn reject_signed_off(&mut self, lines: &[(u64, NaiveDate)]) {
        for (line, date) in lines {
            self.rows.retain(|r| r.line != *line);
            self.rejections.push(Rejection {
                line: *line,
                column: self.date_heading.clone(),
                value: date.format("%Y-%m-%d").to_string(),
                reason: Reason::DaySignedOff,
            });
        }
        self.rejections.sort_by_key(|r| r.line);
    }

    /// Lines with at least one problem.
    pub fn rejected_lines(&self) -> usize {
        let mut lines: Vec<u64> = self.rejections.iter().map(|r| r.line).collect();
        lines.dedup();
        lines.len()
    }
}

/// The intake step, then a reply, feedback and the call-back when the
/// register records them. Every step goes through the state machine.
///
/// Where the register's columns put a case (DESIGN.md §3):
/// - 现场答复, 不予受理 → closed at intake (a satisfaction given is not
///   applied: there is no call-back on a case closed on the spot);
/// - 交办, 转办, 转为代表建议 → in progress;
///   with 答复内容 → replied;
///   with 答复内容 and 满意 / 基本满意 → fed back, called back, closed;
///   with 答复内容 and 不满意 → fed back, called back, in progress again
///   (counted as re-handled), as the call-back form does.
///
/// A grade, reply date or satisfaction without 答复内容 is refused: the
/// state machine has no call-back before a reply.
pub fn case_steps(
    route: Route,
    replied: Option<Grade>,
    callback: Option<Satisfaction>,
) -> Result<Vec<CaseStep>, IllegalTransition> {
    let mut actions = vec![case::intake_action(route)];
    if matches!(route, Route::Assign | Route::Transfer | Route::Suggestion) {
        if let Some(grade) = replied {
            actions.push(CaseAction::RecordReply(grade));
            if let Some(s) = callback {
                actions.extend([CaseAction::FeedBack, CaseAction::CallBack(s)]);
            }
        }
    }
    let mut status = CaseStatus::Registered;
    let mut steps = Vec::new();
    for action in actions {
        let t = case::apply(status, action)?;
        steps.push(CaseStep {
            action,
            from: t.from,
            to: t.to,
            rehandled: t.rehandled,
        });
        status = t.to;
    }
    Ok(steps)
}

/// Whether two texts say the same, line breaks and runs of spaces aside
/// (a register cell holds a multi-line text on one line).
pub fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// A line of a CSV file or a row of a sheet: its number and its cells, or
/// why it cannot be read.
pub type SourceRow = Result<(u64, csv::StringRecord), (u64, String)>;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveTime;

    /// A small vocabulary in the register's own words.
    pub(crate) fn vocabulary() -> Vocabulary {
        let mut v = Vocabulary {
            headers: Vec::new(),
            channels: Words::new(vec!["进站接待".into(), "走访".into()]),
            genders: Words::new(vec!["男".into(), "女".into()]),
            request_types: Words::new(vec!["问题".into()]),
            routes: Words::new(
                ["现场答复", "交办", "转办", "转为代表建议", "不予受理"]
                    .map(String::from)
                    .to_vec(),
            ),
            reasons: Words::new(vec!["属于信访事项".into()]),
            grades: Words::new(vec!["A".into()]),
            satisfactions: Words::new(vec!["满意".into(), "基本满意".into(), "不满意".into()]),
            yes_no: Words::new(vec!["是".into(), "否".into()]),
            anonymous: vec!["匿名".into()],
            confidential: vec!["保密".into()],
            not_read: vec!["更正记录".into()],
            footers: vec!["记录人：".into()],
        };
        for (h, c) in Vocabulary::preset_headers() {
            v.add_header(&h, c);
        }
        v.add_header("来访人数", Column::GroupSize);
        v.add_header("满意度", Column::Callback);
        v.channels.accept("进站接待", Channel::InStation);
        v.channels.accept("走访", Channel::Visit);
        v.genders.accept("男", Gender::Male);
        v.genders.accept("女", Gender::Female);
        v.request_types.accept("问题", RequestType::Problem);
        for (w, r) in ["现场答复", "交办", "转办", "转为代表建议", "不予受理"]
            .iter()
            .zip(Route::ALL)
        {
            v.routes.accept(w, *r);
        }
        v.reasons
            .accept("属于信访事项", NotAcceptedReason::Petition);
        for g in Grade::ALL {
            v.grades.accept(g.code(), g);
        }
        for (w, s) in ["满意", "基本满意", "不满意"].iter().zip(Satisfaction::ALL) {
            v.satisfactions.accept(w, s);
        }
        v.yes_no.accept("是", true);
        v.yes_no.accept("否", false);
        v
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()
    }

    fn parse(text: &str) -> Result<ParsedFile, FileProblem> {
        parse_with(text, true)
    }

    /// `collect_id_number`: the station's setting.
    fn parse_with(text: &str, collect_id_number: bool) -> Result<ParsedFile, FileProblem> {
        let v = vocabulary();
        let categories = vec!["交通出行".to_string(), "其他".to_string()];
        let calendar = Calendar::weekends_only();
        parse_file(
            text.as_bytes(),
            &ImportSettings {
                categories: &categories,
                reply_days: 15,
                calendar: &calendar,
                today: today(),
                vocabulary: &v,
                collect_id_number,
            },
        )
    }

    const HEAD: &str = "接待日期,值班代表,来访人,联系电话,来访人数,类别,反映内容,处理方式,承办单位,答复内容,满意度\n";

    fn one(row: &str) -> ImportRow {
        let parsed = parse(&format!("{HEAD}{row}\n")).unwrap();
        assert_eq!(parsed.rejections, vec![], "{row}");
        parsed.rows.into_iter().next().unwrap()
    }

    fn rejected(row: &str) -> Vec<Rejection> {
        let parsed = parse(&format!("{HEAD}{row}\n")).unwrap();
        assert!(parsed.rows.is_empty(), "{row}");
        parsed.rejections
    }

    #[test]
    fn a_plain_row_becomes_a_reception() {
        let r = one(
            "2026-11-09,王建国、李秀英,张三,13812341234,3,交通出行,路灯坏了,现场答复,,已联系修复,",
        );
        assert_eq!(r.line, 2);
        assert_eq!(r.deputies, vec!["王建国", "李秀英"]);
        assert_eq!(r.reception.visitor_name.as_deref(), Some("张三"));
        assert_eq!(r.reception.group_size, 3);
        assert_eq!(r.reception.on_spot_reply, "已联系修复");
        assert_eq!(r.status(), CaseStatus::Closed);
        assert_eq!(r.closed_on(), NaiveDate::from_ymd_opt(2026, 11, 9));
        assert_eq!(r.at.time(), NaiveTime::MIN);
    }

    #[test]
    fn referral_reply_and_callback_follow_the_state_machine() {
        let r = one("2026-11-02,张伟,匿名,,1,交通出行,公交站被撤,交办,区交通委,,");
        assert_eq!(r.status(), CaseStatus::InProgress);
        assert_eq!(r.department.as_deref(), Some("区交通委"));
        assert_eq!(r.reception.visitor_name, None);
        assert_eq!(r.deadline, NaiveDate::from_ymd_opt(2026, 11, 23));
        let r = one("2026-11-02,张伟,张三,,1,交通出行,公交站被撤,交办,区交通委,已恢复站点,");
        assert_eq!(r.status(), CaseStatus::Replied);
        assert_eq!(r.reply.as_ref().unwrap().date, r.at.date());
        let r =
            one("2026-11-02,张伟,张三,,1,交通出行,公交站被撤,转办,区交通委,已恢复站点,基本满意");
        assert_eq!(r.status(), CaseStatus::Closed);
        assert_eq!(r.steps.len(), 4);
        let r = one("2026-11-02,张伟,张三,,1,交通出行,公交站被撤,转为代表建议,,已答复,不满意");
        assert_eq!(r.status(), CaseStatus::InProgress);
        assert_eq!(r.rehandle_count(), 1);
        assert_eq!(r.callback, Some(Satisfaction::Dissatisfied));
        assert_eq!(r.deadline, NaiveDate::from_ymd_opt(2027, 2, 2));
    }

    #[test]
    fn what_a_register_does_not_record_is_noted_not_refused() {
        let r = one("2026-11-02,,张三,138****1234,,交通出行,公交站被撤,交办,,,");
        assert!(r.phone_masked && r.department_missing);
        assert_eq!(r.reception.phone, None);
        assert_eq!(r.department, None);
        let r = one("2026-11-02,,张三,,,交通出行,邻里吵架,不予受理,,,");
        assert!(r.reason_missing);
        assert_eq!(r.reception.not_accepted_reason, None);
        assert_eq!(r.reception.guidance, "");
        let r = one("2026-11-02,,张三,,,交通出行,路灯,现场答复,,已修,满意");
        assert!(r.callback_dropped);
        assert_eq!(r.callback, None);
    }

    #[test]
    fn an_id_number_column_is_checked_and_quoted_masked() {
        let head = "接待日期,来访人,身份证号,类别,反映内容,处理方式,现场答复\n";
        let file = format!(
            "{head}2026-11-02,张三,11010519491231002x,交通出行,路灯,现场答复,已修\n\
             2026-11-02,李四,110105194912310021,交通出行,路灯,现场答复,已修\n\
             2026-11-02,王五,1101**********002X,交通出行,路灯,现场答复,已修\n\
             2026-11-02,赵六,,交通出行,路灯,现场答复,已修\n"
        );
        let parsed = parse(&file).unwrap();
        let ids: Vec<Option<&str>> = parsed
            .rows
            .iter()
            .map(|r| r.reception.id_number.as_deref())
            .collect();
        assert_eq!(ids, [Some("11010519491231002X"), None, None]);
        assert_eq!(parsed.notes()[4], 1, "the masked one is noted");
        assert_eq!(
            parsed.rejections,
            vec![Rejection {
                line: 3,
                column: "身份证号".into(),
                value: "1101**********0021".into(),
                reason: Reason::Field(Problem::BadIdNumber(
                    crate::domain::fields::IdNumberFault::CheckDigit
                )),
            }]
        );
        // A station that does not record them does not read the column.
        let parsed = parse_with(&file, false).unwrap();
        assert_eq!(parsed.ignored_columns, ["身份证号"]);
        assert_eq!(parsed.rows.len(), 4);
        assert!(parsed.rows.iter().all(|r| r.reception.id_number.is_none()));
    }

    #[test]
    fn every_problem_of_a_row_is_named_by_its_column() {
        let problems = rejected("2026-13-01,王2,,12345,0,外星人,,代办,,,");
        let got: Vec<(&str, &Reason)> = problems
            .iter()
            .map(|p| (p.column.as_str(), &p.reason))
            .collect();
        assert_eq!(got[0], ("接待日期", &Reason::Field(Problem::BadDate)));
        assert!(got.contains(&("值班代表", &Reason::Field(Problem::BadName))));
        assert!(got.contains(&("来访人", &Reason::VisitorRequired)));
        assert!(got.contains(&("联系电话", &Reason::Field(Problem::BadPhone))));
        assert!(got.contains(&(
            "来访人数",
            &Reason::Field(Problem::OutOfRange { min: 1, max: 999 })
        )));
        assert!(got.contains(&(
            "类别",
            &Reason::UnknownCategory(vec!["交通出行".into(), "其他".into()])
        )));
        assert!(got.contains(&("反映内容", &Reason::Field(Problem::Required))));
        assert!(matches!(
            got.iter().find(|g| g.0 == "处理方式").unwrap().1,
            Reason::NotInList(_)
        ));
        assert!(problems.iter().all(|p| p.line == 2));
        assert_eq!(problems[0].value, "2026-13-01");
    }

    #[test]
    fn future_dates_and_callbacks_without_a_reply_are_refused() {
        let p = rejected("2026-11-11,,张三,,,交通出行,路灯,现场答复,,已修,");
        assert_eq!(p[0].reason, Reason::Field(Problem::DateTooLate(today())));
        let p = rejected("2026-11-02,,张三,,,交通出行,路灯,交办,区交通委,,满意");
        assert_eq!(
            (p[0].column.as_str(), &p[0].reason),
            ("满意度", &Reason::NeedsReply)
        );
    }

    #[test]
    fn headings_bom_blank_lines_and_unknown_columns() {
        let text = "\u{feff}序号, 接待日期 ,来访人,类别,反映内容,处理方式,现场答复,人数,来访人数\n\
                    1,2026/11/09,张三,其他,\"第一行\n第二行\",现场答复,好的,2,\n\
                    ,,,,,,,,\n\
                    2,2026年11月9日,李四,其他,内容,现场答复,好的,,\n";
        let parsed = parse(text).unwrap();
        assert_eq!(parsed.rejections, vec![]);
        assert_eq!(parsed.ignored_columns, vec!["序号", "来访人数"]);
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[0].reception.content, "第一行\n第二行");
        assert_eq!(parsed.rows[0].reception.group_size, 2);
        assert_eq!(parsed.rows[1].line, 5, "the quoted line break counts");
    }

    #[test]
    fn file_problems() {
        assert_eq!(parse(""), Err(FileProblem::Empty));
        assert_eq!(
            parse("接待日期,来访人\n"),
            Err(FileProblem::MissingColumns(vec![
                "类别".into(),
                "反映内容".into(),
                "处理方式".into()
            ]))
        );
        let v = vocabulary();
        let categories = vec!["其他".to_string()];
        let calendar = Calendar::weekends_only();
        let cx = ImportSettings {
            categories: &categories,
            reply_days: 15,
            calendar: &calendar,
            today: today(),
            vocabulary: &v,
            collect_id_number: false,
        };
        // Bytes that are neither UTF-8 nor GBK, on the second line.
        let mut bytes = b"a\n".to_vec();
        bytes.extend([0xFF, 0xFF, 0xFF]);
        assert_eq!(
            parse_file(&bytes, &cx),
            Err(FileProblem::NotUtf8 { line: 2 })
        );
        // A register saved as "CSV" by older Excel, in GBK, is read (and
        // said to be GBK).
        let text = "接待日期,来访人,类别,反映内容,处理方式,现场答复\n2026-11-09,张三,其他,路灯坏了,现场答复,已解释\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        assert!(std::str::from_utf8(&gbk).is_err());
        let parsed = parse_file(&gbk, &cx).unwrap();
        assert!(parsed.gbk);
        assert_eq!(parsed.rejections, vec![]);
        assert_eq!(parsed.rows[0].reception.content, "路灯坏了");
    }

    #[test]
    fn a_row_with_more_cells_than_headings_is_refused() {
        let parsed = parse(&format!(
            "{HEAD}2026-11-02,,张三,,,交通出行,路灯,交办,区交通委,已修,满意,多出来的,\n"
        ))
        .unwrap();
        assert_eq!(parsed.rejections[0].reason, Reason::TooManyFields(1));
    }

    #[test]
    fn texts_compare_without_line_breaks() {
        assert!(same_text("第一行\n第二行", "第一行 第二行"));
        assert!(!same_text("第一行", "第二行"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes_are_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let v = tests::vocabulary();
            let categories = vec!["其他".to_string()];
            let calendar = Calendar::weekends_only();
            let cx = ImportSettings {
                categories: &categories,
                reply_days: 15,
                calendar: &calendar,
                today: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                vocabulary: &v,
                collect_id_number: true,
            };
            let mut text = "\u{feff}接待日期,来访人,类别,反映内容,处理方式\n".as_bytes().to_vec();
            text.extend(&bytes);
            let _ = parse_file(&bytes, &cx);
            if let Ok(parsed) = parse_file(&text, &cx) {
                for row in &parsed.rows {
                    prop_assert!(!row.steps.is_empty());
                }
            }
        }
    }
}
