//! One case: the reception, how it is being handled, its timeline, linked
//! visits and the voter's other cases; and the actions its state allows.

use super::case_action::CaseActionScreen;
use super::livelihood::candidate_form::{CandidateFormScreen, FromCase};
use crate::domain::case::{self, CaseStatus, Grade, Satisfaction};
use crate::domain::case_forms::ActionKind;
use crate::domain::choices::{FeedbackWay, Route, SupervisionLevel};
use crate::domain::id_number::mask_id_number;
use crate::domain::ids::CaseId;
use crate::domain::roles::Permission;
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{CaseDetail, Revealed, StoreError};
use crate::ui::components::list_nav::{self, Reach};
use crate::ui::components::panel;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::reason::{ReasonOutcome, ReasonPrompt};
use crate::ui::components::wrap::wrap_text;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// What has the keys: the case itself, or a pop-up over it.
enum Mode {
    View,
    /// The actions the user may take on the case, to choose from.
    Menu(Vec<ActionKind>, Picker),
    /// Asking why, before a reveal.
    Reveal(ReasonPrompt),
}

pub struct CaseDetailScreen {
    case_id: CaseId,
    detail: Option<CaseDetail>,
    error: Option<String>,
    scroll: u16,
    mode: Mode,
    /// The laid-out text and the width it was laid out for.
    laid_out: Option<(u16, Vec<Line<'static>>)>,
    /// The signed-in user may see contact details in full (after a reason).
    may_reveal: bool,
    /// The visitor's details, once revealed (until the screen closes).
    revealed: Option<Revealed>,
}

impl CaseDetailScreen {
    pub fn new(case_id: &CaseId, cx: &mut Ctx) -> Self {
        let mut screen = Self {
            case_id: case_id.clone(),
            detail: None,
            error: None,
            scroll: 0,
            mode: Mode::View,
            laid_out: None,
            may_reveal: cx
                .user
                .is_some_and(|u| u.role.allows(Permission::RevealPhone)),
            revealed: None,
        };
        screen.load(cx);
        screen
    }

    /// Shows the visitor's details in full, if the store agrees (it
    /// checks the role and the reason, and logs the reveal).
    fn reveal(&mut self, mut prompt: ReasonPrompt, reason: &str, cx: &mut Ctx) -> Action {
        let (Some(by), Some(d)) = (cx.user.cloned(), &self.detail) else {
            return Action::None;
        };
        match cx
            .store
            .reveal_visitor(&by, &d.reception.id, reason, cx.now)
        {
            Ok(revealed) => {
                self.revealed = Some(revealed);
                self.laid_out = None;
                Action::None
            }
            Err(StoreError::Refused(Refusal::Invalid(errors))) => {
                if let Some(e) = errors.first() {
                    prompt.refused(cx.t.field_error(e));
                }
                self.mode = Mode::Reveal(prompt);
                Action::None
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.laid_out = None;
        match cx.store.case_detail(&self.case_id) {
            Ok(d) => {
                self.detail = Some(d);
                self.error = None;
            }
            Err(e) => self.error = Some(cx.t.store_error(&e)),
        }
    }

    fn offered(&self) -> Vec<ActionKind> {
        let Some(d) = &self.detail else {
            return Vec::new();
        };
        case::offered_actions(d.status)
            .into_iter()
            .filter_map(ActionKind::of)
            .collect()
    }

    fn open_menu(&mut self, t: &Strings) -> Action {
        let kinds = self.offered();
        if kinds.is_empty() {
            return Action::Message(t.cases.no_actions.into(), Severity::Info);
        }
        let names = kinds.iter().map(|k| t.action(*k).to_string()).collect();
        self.mode = Mode::Menu(kinds, Picker::new(t.cases.actions_title, names, None));
        Action::None
    }

    fn lines(&self, width: usize, v: &View) -> Vec<Line<'static>> {
        let Some(d) = &self.detail else {
            let error = self.error.clone().unwrap_or_default();
            return wrap_text(&error, width.saturating_sub(1))
                .into_iter()
                .map(|l| Line::styled(l, v.theme.error))
                .collect();
        };
        let (t, l) = (v.t, &v.t.cases.labels);
        let mut page = Page {
            out: Vec::new(),
            width,
            v,
        };
        page.field(l.number, &d.number, v.theme.focus);
        page.field(l.status, t.status(d.status), v.theme.text);
        self.reception_part(&mut page, d);
        handling_part(&mut page, d);
        timeline_part(&mut page, d);
        related_part(&mut page, d);
        page.out
    }

    /// Who came, when and about what; contacts masked unless revealed.
    fn reception_part(&self, page: &mut Page, d: &CaseDetail) {
        let (t, text) = (page.v.t, page.v.theme.text);
        let l = &t.cases.labels;
        let (v, width, r) = (page.v, page.width, &d.reception);
        page.section(t.cases.sections.reception);
        page.field(l.received, &r.received_at, text);
        page.field(l.deputies, &r.deputies.join("、"), text);
        // Masked unless a secretary revealed them (with a logged reason).
        let (name, phone, id_number, address, hidden) = match &self.revealed {
            Some(x) => (
                x.name.clone(),
                x.phone.clone(),
                x.id_number.clone(),
                x.address.clone(),
                false,
            ),
            None => (
                r.visitor_name.clone(),
                r.phone.as_deref().map(mask_phone),
                r.id_number.as_deref().map(mask_id_number),
                r.address.clone(),
                r.confidential,
            ),
        };
        let visitor = match (&self.revealed, name) {
            (Some(_), Some(n)) => n,
            (_, name) => t.visitor(name.as_deref(), hidden),
        };
        page.field(
            t.field(crate::domain::fields::Field::VisitorName),
            &visitor,
            text,
        );
        if let Some(p) = &phone {
            page.field(t.field(crate::domain::fields::Field::Phone), p, text);
        }
        // Shown (masked) like the phone, confidential visitor or not.
        if let Some(n) = &id_number {
            page.field(t.field(crate::domain::fields::Field::IdNumber), n, text);
        }
        if !address.is_empty() && !hidden {
            page.field(
                t.field(crate::domain::fields::Field::Address),
                &address,
                text,
            );
        }
        if self.revealed.is_some() {
            for l in wrap_text(t.cases.revealed_note, width.saturating_sub(2)) {
                page.out.push(Line::styled(l, v.theme.warn));
            }
        }
        page.field(l.persons, &r.group_size.to_string(), text);
        let channel = t.channel(r.channel);
        page.field(
            t.field(crate::domain::fields::Field::Channel),
            channel,
            text,
        );
        page.field(
            t.field(crate::domain::fields::Field::Category),
            &d.category,
            text,
        );
        let kind = t.request_type(r.request_type);
        page.field(
            t.field(crate::domain::fields::Field::RequestType),
            kind,
            text,
        );
        page.field(
            t.field(crate::domain::fields::Field::Content),
            &r.content,
            text,
        );
        page.field(l.recorder, &r.recorder, v.theme.muted);
    }
}

/// A case's page as lines, section by section.
struct Page<'a> {
    out: Vec<Line<'static>>,
    width: usize,
    v: &'a View<'a>,
}

impl Page<'_> {
    fn section(&mut self, title: &str) {
        self.out.push(Line::raw(""));
        self.out
            .push(Line::styled(format!("【{title}】"), self.v.theme.title));
    }

    /// `label：value`, wrapped with its later lines indented.
    fn field(&mut self, label: &str, value: &str, style: Style) {
        let text = format!("{label}：{value}");
        for (i, part) in wrap_text(&text, self.width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let indent = if i == 0 { "" } else { "  " };
            self.out
                .push(Line::styled(format!("{indent}{part}"), style));
        }
    }

    /// A field shown only when it has a value.
    fn opt(&mut self, label: &str, value: &Option<String>) {
        if let Some(value) = value {
            self.field(label, value, self.v.theme.text);
        }
    }
}

/// Route, department, deadline, reply, feedback and closing.
fn handling_part(page: &mut Page, d: &CaseDetail) {
    let (t, text) = (page.v.t, page.v.theme.text);
    let l = &t.cases.labels;
    let (v, r) = (page.v, &d.reception);
    page.section(t.cases.sections.handling);
    page.field(l.route, t.route(d.route), text);
    if !r.on_spot_reply.is_empty() {
        page.field(
            t.field(crate::domain::fields::Field::OnSpotReply),
            &r.on_spot_reply,
            text,
        );
    }
    if !r.guidance.is_empty() {
        page.field(
            t.field(crate::domain::fields::Field::Guidance),
            &r.guidance,
            text,
        );
    }
    if let Some(dept) = &d.department {
        let shown = if d.department_contact.is_empty() {
            dept.clone()
        } else {
            format!("{dept}（{}）", d.department_contact)
        };
        let label = t.field(crate::domain::fields::Field::Department);
        page.field(label, &shown, text);
    }
    let date_text = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    page.opt(l.referral_date, &date_text(d.referral_date));
    if let Some(deadline) = d.deadline {
        let awaiting = matches!(d.status, CaseStatus::Registered | CaseStatus::InProgress);
        let style = if awaiting && deadline < v.now.date() {
            v.theme.invalid
        } else {
            text
        };
        page.field(l.deadline, &deadline.format("%Y-%m-%d").to_string(), style);
    }
    let grade = d.grade.map(|g| t.grade(g).to_string());
    page.opt(l.grade, &grade);
    page.opt(l.reply_date, &date_text(d.reply_date));
    if !d.reply_text.is_empty() && d.route != Route::OnSpot {
        page.field(l.reply_text, &d.reply_text, text);
    }
    if let Some(date) = &d.feedback_date {
        let way = FeedbackWay::from_code(&d.feedback_way)
            .map(|w| t.feedback_way(w))
            .unwrap_or("");
        page.field(l.feedback, &format!("{date} {way}"), text);
    }
    let callback = d
        .callback
        .as_deref()
        .and_then(Satisfaction::from_code)
        .map(|s| t.satisfaction(s).to_string());
    page.opt(l.callback, &callback);
    if d.rehandle_count > 0 {
        page.field(l.rehandled, &d.rehandle_count.to_string(), v.theme.warn);
    }
    page.opt(l.closed_date, &d.closed_date);
    if !d.archive_no.is_empty() {
        page.field(l.archive_no, &d.archive_no, text);
    }
}

/// Every step of the case, oldest first.
fn timeline_part(page: &mut Page, d: &CaseDetail) {
    let (t, text) = (page.v.t, page.v.theme.text);
    let (v, width) = (page.v, page.width);
    page.section(t.cases.sections.timeline);
    for e in &d.timeline {
        let what = format!("{} {} → {}", e.at, t.event_kind(&e.kind), t.status(e.to));
        let who = if e.actor.is_empty() {
            String::new()
        } else {
            format!("（{}）", e.actor)
        };
        page.out.push(Line::styled(format!("• {what}{who}"), text));
        let detail = timeline_detail(&e.detail, t);
        if !detail.is_empty() {
            for part in wrap_text(&detail, width.saturating_sub(4)) {
                page.out
                    .push(Line::styled(format!("    {part}"), v.theme.muted));
            }
        }
    }
}

/// Later visits that follow the case up, and the voter's other cases.
fn related_part(page: &mut Page, d: &CaseDetail) {
    let (t, text) = (page.v.t, page.v.theme.text);
    let (v, r) = (page.v, &d.reception);
    if !d.follow_ups.is_empty() || r.linked_case_id.is_some() {
        page.section(t.cases.sections.linked);
        for (number, date, summary) in &d.follow_ups {
            page.out
                .push(Line::styled(format!("• {date} {number} {summary}"), text));
        }
    }
    // A hub's copy knows a visitor by surname + 某 only: "the same
    // visitor" there would be everyone of that surname.
    if !d.earlier.is_empty() && !v.read_only {
        page.section(t.cases.sections.other_cases);
        for e in &d.earlier {
            let line = format!(
                "• {} {} {} {}",
                e.visit_date,
                e.number,
                t.status(e.status),
                e.summary
            );
            page.out.push(Line::styled(
                line,
                if e.status.is_open() {
                    v.theme.warn
                } else {
                    text
                },
            ));
        }
    }
}

/// The human part of an event's stored details (reason, reply, way…).
fn timeline_detail(json: &str, t: &Strings) -> String {
    let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(json) else {
        return String::new();
    };
    let mut parts = Vec::new();
    for key in [
        "level",
        "reason",
        "note",
        "text",
        "way",
        "grade",
        "satisfaction",
        "deadline",
        "archive_no",
    ] {
        if let Some(serde_json::Value::String(value)) = map.get(key) {
            if value.is_empty() {
                continue;
            }
            let shown = match key {
                "level" => SupervisionLevel::from_code(value).map(|l| t.level(l).to_string()),
                "way" => FeedbackWay::from_code(value).map(|w| t.feedback_way(w).to_string()),
                "grade" => Grade::from_code(value).map(|g| t.grade(g).to_string()),
                "satisfaction" => {
                    Satisfaction::from_code(value).map(|s| t.satisfaction(s).to_string())
                }
                "deadline" => Some(format!("{}：{value}", t.cases.labels.deadline)),
                _ => None,
            };
            let shown = shown.unwrap_or_else(|| value.clone());
            parts.push(shown.trim_end_matches(['。', '；', '.']).to_string());
        }
    }
    parts.join("；")
}

impl CaseDetailScreen {
    fn view_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if keys::CASE_ACTIONS.matches(&key) {
            return self.open_menu(cx.t);
        }
        if let Some(scroll) = list_nav::scroll(&key, Reach::Pages, self.scroll, 10) {
            self.scroll = scroll;
        } else if keys::HOME.matches(&key) {
            self.scroll = 0;
        } else if keys::REVEAL.matches(&key) && self.revealed.is_none() {
            // A role that may not see is told at once, not after typing a
            // reason (the store refuses it whatever the screen does).
            if !self.may_reveal {
                let denied = StoreError::Refused(Refusal::Denied(Permission::RevealPhone));
                return Action::Message(cx.t.store_error(&denied), Severity::Warn);
            }
            self.mode = Mode::Reveal(ReasonPrompt::new());
        } else if keys::PROPOSE_PROJECT.matches(&key) {
            return self.propose_project();
        }
        Action::None
    }

    /// Proposes the case as a 民生实事 candidate, linked to it.
    fn propose_project(&self) -> Action {
        let Some(d) = &self.detail else {
            return Action::None;
        };
        let case = FromCase {
            id: d.id.clone(),
            number: d.number.clone(),
        };
        let form = CandidateFormScreen::from_case(case, &d.reception.content, "");
        Action::Push(Box::new(form))
    }
}

impl Screen for CaseDetailScreen {
    fn title(&self, t: &Strings) -> String {
        match &self.detail {
            Some(d) => format!("{} {}", t.cases.detail_title, d.number),
            None => t.cases.detail_title.to_string(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::View) {
            Mode::View => self.view_key(key, cx),
            Mode::Reveal(mut prompt) => match prompt.handle_key(key) {
                ReasonOutcome::Submit(reason) => self.reveal(prompt, &reason, cx),
                ReasonOutcome::Open => {
                    self.mode = Mode::Reveal(prompt);
                    Action::None
                }
                ReasonOutcome::Cancelled => Action::None,
            },
            Mode::Menu(kinds, mut picker) => match picker.handle_key(key) {
                PickOutcome::Open => {
                    self.mode = Mode::Menu(kinds, picker);
                    Action::None
                }
                PickOutcome::Cancelled | PickOutcome::Add(_) => Action::None,
                PickOutcome::Chosen(i) => match &self.detail {
                    Some(d) => Action::Push(Box::new(CaseActionScreen::new(d, kinds[i], cx))),
                    None => Action::None,
                },
            },
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        if self
            .laid_out
            .as_ref()
            .is_none_or(|(w, _)| *w != inner.width)
        {
            self.laid_out = Some((inner.width, self.lines(inner.width as usize, v)));
        }
        let lines = self
            .laid_out
            .as_ref()
            .map(|(_, l)| &l[..])
            .unwrap_or_default();
        let max_scroll = (lines.len() as u16).saturating_sub(inner.height);
        self.scroll = self.scroll.min(max_scroll);
        // Only the visible lines are handed to the frame.
        let shown: Vec<Line> = lines
            .iter()
            .skip(self.scroll as usize)
            .take(inner.height as usize)
            .cloned()
            .collect();
        f.render_widget(Paragraph::new(shown), inner);
        match &mut self.mode {
            Mode::View => {}
            Mode::Menu(_, picker) => picker.render(f, area, v),
            Mode::Reveal(prompt) => {
                let c = &v.t.cases;
                prompt.render(f, area, c.reveal_title, c.reveal_note, v);
            }
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match self.mode {
            Mode::Reveal(_) => return ReasonPrompt::hints(t),
            Mode::Menu(..) => return Picker::hints(t),
            Mode::View => {}
        }
        let mut hints = vec![keys::UP_DOWN.hint(t, t.hint_move)];
        if !self.offered().is_empty() {
            hints.push(keys::CASE_ACTIONS.change_hint(t, t.cases.hint_actions));
        }
        if self.may_reveal && self.revealed.is_none() && self.detail.is_some() {
            hints.push(keys::REVEAL.change_hint(t, t.cases.hint_reveal));
        }
        if self.detail.is_some() {
            hints.push(keys::PROPOSE_PROJECT.change_hint(t, t.mszs.hint_propose));
        }
        hints.push(keys::ESC.hint(t, t.hint_back));
        hints
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        !matches!(self.mode, Mode::View)
    }
}
