//! 日结审核: the chosen day's checklist of what is missing or doubtful
//! (Enter jumps to the fix), the day's digest beside it (save or print),
//! and sign-off, which locks the day and takes a backup. An administrator
//! may reopen a signed-off day, giving a reason.

use super::case_detail::CaseDetailScreen;
use super::correction::CorrectionScreen;
use super::registers::record_form::RecordForm;
use crate::domain::anchor::Anchor;
use crate::domain::closing::{CheckItem, checklist};
use crate::domain::fields::Field;
use crate::domain::ids::ReceptionId;
use crate::domain::reception::summary_of;
use crate::domain::roles::Permission;
use crate::i18n::Strings;
use crate::service::export::find_register;
use crate::service::report::{digest_text, milestones_text};
use crate::store::Refusal;
use crate::store::backup::{BackupJob, KEEP_BACKUPS};
use crate::store::{SignedDay, StoreResult};
use crate::ui::components::list_nav::{self, Reach};
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::progress::render_backup_progress;
use crate::ui::components::reason::{ReasonOutcome, ReasonPrompt};
use crate::ui::components::wrap::{pad, wrap_text};
use crate::ui::components::{confirm, panel};
use crate::ui::keys;
use crate::ui::output::{Outgoing, print_text, save_text};
use crate::ui::screens::livelihood::ProjectsScreen;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use chrono::{Days, NaiveDate};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::path::PathBuf;
use std::time::Duration;

enum Mode {
    Browse,
    /// Sign off? (the whole question: items left, who is still on duty).
    ConfirmSignOff(String),
    /// Reopen: asking why.
    Reopen(ReasonPrompt),
    /// Throw away an unfinished form (its draft id).
    ConfirmDiscard(String),
    /// Choose any of the day's receptions to correct (their ids).
    PickReception(Vec<ReceptionId>, Picker),
    /// The day is signed off; its backup is being copied.
    BackingUp(BackupJob, Option<Anchor>),
}

/// How long sign-off waits for its backup before showing its progress: a
/// station's usual database is copied well within it.
const BACKUP_WAIT: Duration = Duration::from_secs(1);

pub struct ClosingScreen {
    day: NaiveDate,
    items: Vec<CheckItem>,
    signed: Option<SignedDay>,
    digest: Result<String, String>,
    selected: usize,
    digest_scroll: u16,
    mode: Mode,
    /// What the signed-in user may do (shows the keys; the store decides).
    may_sign: bool,
    may_reopen: bool,
}

impl ClosingScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let allows = |p| cx.user.is_some_and(|u| u.role.allows(p));
        let mut screen = Self {
            day: cx.now.date(),
            items: Vec::new(),
            signed: None,
            digest: Ok(String::new()),
            selected: 0,
            digest_scroll: 0,
            mode: Mode::Browse,
            may_sign: allows(Permission::SignOffDay),
            may_reopen: allows(Permission::ReopenDay),
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        let store = &*cx.store;
        let loaded = (|| {
            let facts = store.day_facts(self.day)?;
            let counts = store.day_counts(self.day)?;
            let station = store.station()?.map(|s| s.name).unwrap_or_default();
            let mut digest = digest_text(
                &counts,
                self.day,
                &station,
                Some(facts.drafts.len() as i64),
                cx.t,
            );
            let calendar = store.settings()?.working_calendar();
            digest.push_str(&milestones_text(
                &store.milestones_due(&calendar, self.day)?,
                cx.t,
            ));
            // The signed paper keeps the audit chain's anchor of the sign-off.
            if let Some(anchor) = store.day_anchor(self.day)? {
                digest.push_str(&cx.t.cmd.digest_anchor.fill([&anchor.code()]));
            }
            Ok((checklist(&facts), store.signed_day(self.day)?, digest))
        })();
        match loaded {
            Ok((items, signed, digest)) => {
                self.items = items;
                self.signed = signed;
                self.digest = Ok(digest);
            }
            Err(e) => {
                self.items.clear();
                self.digest = Err(cx.t.store_error(&e));
            }
        }
        self.selected = self.selected.min(self.items.len().saturating_sub(1));
    }

    fn outgoing<'a>(&self, text: String, cx: &Ctx, id: &'a str) -> Outgoing<'a> {
        Outgoing {
            kind: "digest",
            entity: "day",
            entity_id: id,
            text,
            saved_template: cx.t.digest.saved,
            printed_message: cx.t.digest.printed,
        }
    }

    /// Enter on a checklist item: go where it is fixed.
    fn fix(&mut self, cx: &mut Ctx) -> Action {
        let Some(item) = self.items.get(self.selected).cloned() else {
            return Action::None;
        };
        let t = cx.t;
        match item {
            CheckItem::Missing {
                reception_id,
                field,
                ..
            } => self.correct(&reception_id, field, cx),
            CheckItem::ShortContent { reception_id, .. } => {
                self.correct(&reception_id, Field::Content, cx)
            }
            CheckItem::NoRoute { case_id, .. } | CheckItem::ReferralIncomplete { case_id, .. } => {
                Action::Push(Box::new(CaseDetailScreen::new(&case_id, cx)))
            }
            CheckItem::StillOnDuty { deputy_id, name } => {
                match cx.store.sign_out_of_day(&deputy_id, self.day, cx.now) {
                    Ok(()) => {
                        self.load(cx);
                        Action::Message(t.duty_signed_out.fill([&name]), Severity::Ok)
                    }
                    Err(e) => Action::Message(t.store_error(&e), Severity::Error),
                }
            }
            CheckItem::OpenDraft { draft_id, .. } => {
                self.mode = Mode::ConfirmDiscard(draft_id);
                Action::None
            }
            CheckItem::ActivityWithoutPeople { activity_id, .. } => {
                self.open_form("activities", activity_id, cx)
            }
            CheckItem::StudyWithoutAttendance { session_id, .. } => {
                self.open_form("study", session_id, cx)
            }
            CheckItem::LateEntry {
                reception_id,
                number,
            } => self.countersign(&reception_id, &number, cx),
            CheckItem::MilestoneOverdue { project_id, .. } => {
                Action::Push(Box::new(ProjectsScreen::showing(&project_id, cx)))
            }
        }
    }

    /// The secretary countersigns a reception entered after sign-off.
    fn countersign(&mut self, reception_id: &ReceptionId, number: &str, cx: &mut Ctx) -> Action {
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        match cx.store.countersign_late(&by, reception_id, cx.now) {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.closing.countersigned.fill([&number]), Severity::Ok)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    /// The form of an entry of the register `key` (activities, study).
    fn open_form(&mut self, key: &str, id: String, cx: &mut Ctx) -> Action {
        let preset = cx.read(cx.store.settings()).register_preset;
        let Some(def) = find_register(key, &preset) else {
            return Action::None;
        };
        match RecordForm::open(&def, Some(id), cx) {
            Ok(form) => Action::Push(Box::new(form)),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    /// Offers every reception of the day: number, visitor, summary.
    fn pick_reception(&mut self, cx: &mut Ctx) -> Action {
        let t = cx.t;
        let rows = match cx.store.receptions_on(self.day) {
            Ok(rows) => rows,
            Err(e) => return Action::Message(t.store_error(&e), Severity::Error),
        };
        if rows.is_empty() {
            return Action::Message(t.closing.no_receptions.into(), Severity::Info);
        }
        let labels = rows
            .iter()
            .map(|r| {
                let visitor = t.visitor(r.visitor_name.as_deref(), r.confidential);
                format!("{} {} {}", r.number, visitor, summary_of(&r.content))
            })
            .collect();
        let ids = rows.into_iter().map(|r| r.id).collect();
        self.mode = Mode::PickReception(ids, Picker::new(t.closing.pick_reception, labels, None));
        Action::None
    }

    fn correct(&mut self, reception_id: &ReceptionId, field: Field, cx: &mut Ctx) -> Action {
        match CorrectionScreen::new(reception_id, field, cx) {
            Ok(screen) => Action::Push(Box::new(screen)),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn sign_off(&mut self, cx: &mut Ctx) -> Action {
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        let t = cx.t;
        let locked = cx.store.lock_day(&by, self.day, cx.now);
        self.load(cx);
        let anchor = match locked {
            Ok(anchor) => anchor,
            Err(e) => return Action::Message(t.store_error(&e), Severity::Error),
        };
        match cx.store.start_backup(&by.name, cx.now) {
            Ok(job) => self.follow_backup(job, anchor, BACKUP_WAIT, cx),
            Err(e) => self.signed_off_message(Err(e), anchor.as_ref(), t),
        }
    }

    /// Waits up to `wait` for the backup; says how sign-off went when it
    /// is done, else shows how far it is.
    fn follow_backup(
        &mut self,
        job: BackupJob,
        anchor: Option<Anchor>,
        wait: Duration,
        cx: &mut Ctx,
    ) -> Action {
        let Some(copied) = job.wait(wait) else {
            self.mode = Mode::BackingUp(job, anchor);
            return Action::None;
        };
        let actor = cx.user.map_or_else(String::new, |u| u.name.clone());
        let backup = cx
            .store
            .finish_backup(&job, copied, KEEP_BACKUPS, &actor, cx.now);
        self.signed_off_message(backup, anchor.as_ref(), cx.t)
    }

    fn signed_off_message(
        &self,
        backup: StoreResult<PathBuf>,
        anchor: Option<&Anchor>,
        t: &Strings,
    ) -> Action {
        match backup {
            Ok(path) => {
                let mut said = t.closing.signed_off.fill([&self.day, &path.display()]);
                if let Some(anchor) = anchor {
                    said.push_str(&t.cmd.signed_anchor.fill([&anchor.code()]));
                }
                Action::Message(said, Severity::Ok)
            }
            Err(e) => Action::Message(
                t.closing
                    .signed_no_backup
                    .fill([&self.day, &t.store_error(&e)]),
                Severity::Warn,
            ),
        }
    }

    /// What F10 asks: the items left, who is still on duty, and that a
    /// voter arriving later is still received.
    fn sign_off_question(&self, cx: &mut Ctx) -> String {
        let c = &cx.t.closing;
        let mut question = if self.items.is_empty() {
            c.confirm_sign_off_clean.fill([&self.day])
        } else {
            c.confirm_sign_off.fill([&self.items.len()])
        };
        let on_duty: Vec<String> = cx
            .read(cx.store.on_duty(self.day))
            .into_iter()
            .map(|s| s.deputy_name)
            .collect();
        if !on_duty.is_empty() {
            question.push_str(&c.confirm_still_on_duty.fill([&on_duty.join("、")]));
        }
        question.push_str(c.confirm_late_still_received);
        question
    }

    fn reopen(&mut self, mut prompt: ReasonPrompt, reason: &str, cx: &mut Ctx) -> Action {
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        match cx.store.reopen_day(&by, self.day, reason, cx.now) {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.closing.reopened.fill([&self.day]), Severity::Ok)
            }
            Err(e) => {
                prompt.refused(cx.t.store_error(&e));
                self.mode = Mode::Reopen(prompt);
                Action::None
            }
        }
    }

    fn browse_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let day = self.day.to_string();
        let step = if keys::LEFT.matches(&key) || keys::PREV.matches(&key) {
            Some(self.day.checked_sub_days(Days::new(1)))
        } else if keys::RIGHT.matches(&key) || keys::NEXT.matches(&key) {
            Some(self.day.checked_add_days(Days::new(1)))
        } else {
            None
        };
        if let Some(next) = step {
            self.day = next.unwrap_or(self.day);
            self.selected = 0;
            self.load(cx);
            return Action::None;
        }
        let len = self.items.len();
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if list_nav::navigate(&key, Reach::Lines, &mut self.selected, len, 1) {
            return Action::None;
        } else if let Some(s) = list_nav::scroll(&key, Reach::Pages, self.digest_scroll, 5) {
            // PgUp and PgDn scroll the digest beside the list.
            self.digest_scroll = s;
        } else if keys::ENTER.matches(&key) {
            return self.fix(cx);
        } else if keys::SIGN_OFF.matches(&key) && self.signed.is_none() {
            // Without the right, the store's refusal is the answer.
            if !self.may_sign {
                return self.sign_off(cx);
            }
            self.mode = Mode::ConfirmSignOff(self.sign_off_question(cx));
        } else if keys::CORRECT.matches(&key) {
            return self.pick_reception(cx);
        } else if keys::REOPEN.matches(&key) && self.signed.is_some() {
            // Told at once, not after typing a reason.
            if !self.may_reopen {
                let denied =
                    crate::store::StoreError::Refused(Refusal::Denied(Permission::ReopenDay));
                return Action::Message(cx.t.store_error(&denied), Severity::Warn);
            }
            self.mode = Mode::Reopen(ReasonPrompt::new());
        } else if keys::SAVE_FILE.matches(&key) || keys::PRINT.matches(&key) {
            let Ok(text) = self.digest.clone() else {
                return Action::None;
            };
            let out = self.outgoing(text, cx, &day);
            if keys::PRINT.matches(&key) {
                return print_text(cx, out);
            }
            let dir = cx.files_dir.join("日结");
            return save_text(cx, &dir, &format!("日结-{day}.txt"), out);
        }
        Action::None
    }

    fn item_text(&self, item: &CheckItem, t: &Strings) -> String {
        let c = &t.closing;
        match item {
            CheckItem::Missing { number, field, .. } => c.missing.fill([number, &t.field(*field)]),
            CheckItem::ShortContent { number, .. } => c.short_content.fill([number]),
            CheckItem::NoRoute { number, .. } => c.no_route.fill([number]),
            CheckItem::ReferralIncomplete { number, field, .. } => {
                let what = if *field == Field::Department {
                    c.no_department
                } else {
                    c.no_deadline
                };
                what.fill([number])
            }
            CheckItem::StillOnDuty { name, .. } => {
                c.still_on_duty.fill([name, &keys::ENTER.name(t)])
            }
            CheckItem::OpenDraft { kind, .. } => c.open_draft.fill([&t.closing.draft_kind(kind)]),
            CheckItem::ActivityWithoutPeople { topic, .. } => {
                c.activity_without_people.fill([topic])
            }
            CheckItem::StudyWithoutAttendance { topic, .. } => {
                c.study_without_attendance.fill([topic])
            }
            CheckItem::LateEntry { number, .. } => {
                c.late_entry.fill([number, &keys::ENTER.name(t)])
            }
            CheckItem::MilestoneOverdue { title, month, .. } => {
                c.milestone_overdue
                    .fill([title, month, &keys::ENTER.name(t)])
            }
        }
    }

    fn render_checklist(&self, f: &mut Frame, area: Rect, v: &View) {
        let title = v.t.closing.checklist_title.fill([&self.items.len()]);
        let inner = panel(f, area, &title, v.theme.border, v);
        let width = inner.width as usize;
        let mut lines = Vec::new();
        let (status, style) = match &self.signed {
            Some(s) => (
                v.t.closing
                    .status_signed
                    .fill([&self.day, &s.signed_by, &s.signed_at]),
                v.theme.ok,
            ),
            None if self.may_sign => (
                v.t.closing
                    .status_open
                    .fill([&self.day, &keys::SIGN_OFF.name(v.t)]),
                v.theme.warn,
            ),
            None => (
                v.t.closing.status_open_read_only.fill([&self.day]),
                v.theme.muted,
            ),
        };
        for l in wrap_text(&status, width) {
            lines.push(Line::styled(l, style));
        }
        lines.push(Line::raw(""));
        if self.items.is_empty() {
            lines.push(Line::styled(v.t.closing.nothing_missing, v.theme.ok));
        }
        // Each item wraps onto as many lines as it needs; the window keeps
        // the selected item's last line in view. Only the items that can
        // be seen are wrapped: a busy day has hundreds.
        let room = (inner.height as usize).saturating_sub(lines.len());
        let wrapped = |i: usize| -> Vec<Line<'static>> {
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            let text = self.item_text(&self.items[i], v.t);
            wrap_text(&text, width.saturating_sub(2))
                .into_iter()
                .enumerate()
                .map(|(n, l)| {
                    let bullet = if n == 0 { "• " } else { "  " };
                    Line::styled(pad(&format!("{bullet}{l}"), width), style)
                })
                .collect()
        };
        let mut shown: std::collections::VecDeque<Line> = Default::default();
        let selected = self.selected.min(self.items.len().saturating_sub(1));
        if !self.items.is_empty() {
            // Back from the selected item until the window is full …
            for i in (0..=selected).rev() {
                for l in wrapped(i).into_iter().rev() {
                    shown.push_front(l);
                }
                if shown.len() >= room {
                    break;
                }
            }
            while shown.len() > room {
                shown.pop_front();
            }
            // … and, when everything up to it fits, on past it.
            for i in selected + 1..self.items.len() {
                if shown.len() >= room {
                    break;
                }
                shown.extend(wrapped(i));
            }
            shown.truncate(room);
        }
        lines.extend(shown);
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn render_digest(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.digest.screen_title, v.theme.border, v);
        let width = inner.width as usize;
        let lines: Vec<Line> = match &self.digest {
            Ok(text) => text
                .lines()
                .flat_map(|l| wrap_text(l, width))
                .map(|l| Line::styled(l, v.theme.text))
                .collect(),
            Err(e) => vec![Line::styled(e.clone(), v.theme.error)],
        };
        let max = (lines.len() as u16).saturating_sub(inner.height);
        self.digest_scroll = self.digest_scroll.min(max);
        f.render_widget(Paragraph::new(lines).scroll((self.digest_scroll, 0)), inner);
    }

    fn render_mode(&mut self, f: &mut Frame, area: Rect, v: &View) {
        match &mut self.mode {
            Mode::Browse => {}
            Mode::PickReception(_, picker) => picker.render(f, area, v),
            Mode::ConfirmSignOff(question) => {
                confirm::render(f, area, question, v.theme.warn, v);
            }
            Mode::ConfirmDiscard(_) => {
                confirm::render(f, area, v.t.closing.confirm_discard_draft, v.theme.warn, v);
            }
            Mode::Reopen(prompt) => {
                let c = &v.t.closing;
                prompt.render(f, area, c.reopen_title, c.reopen_note, v);
            }
            Mode::BackingUp(job, _) => {
                render_backup_progress(f, area, job.share_done(), job.elapsed(), v);
            }
        }
    }
}

impl Screen for ClosingScreen {
    fn title(&self, t: &Strings) -> String {
        t.closing.title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let yes = confirm::yes(&key);
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse => self.browse_key(key, cx),
            Mode::ConfirmSignOff(_) if yes => self.sign_off(cx),
            Mode::ConfirmDiscard(id) if yes => match cx.store.delete_draft(&id) {
                Ok(()) => {
                    self.load(cx);
                    Action::Message(cx.t.closing.draft_discarded.into(), Severity::Ok)
                }
                Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
            },
            Mode::PickReception(ids, mut picker) => match picker.handle_key(key) {
                PickOutcome::Chosen(i) => self.correct(&ids[i], Field::VisitorName, cx),
                PickOutcome::Open => {
                    self.mode = Mode::PickReception(ids, picker);
                    Action::None
                }
                PickOutcome::Cancelled | PickOutcome::Add(_) => Action::None,
            },
            Mode::Reopen(mut prompt) => match prompt.handle_key(key) {
                ReasonOutcome::Submit(reason) => self.reopen(prompt, &reason, cx),
                ReasonOutcome::Open => {
                    self.mode = Mode::Reopen(prompt);
                    Action::None
                }
                ReasonOutcome::Cancelled => Action::None,
            },
            // Keys wait while the backup is copied.
            Mode::BackingUp(job, anchor) => {
                self.mode = Mode::BackingUp(job, anchor);
                Action::None
            }
            _ => Action::None,
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match &mut self.mode {
            Mode::Reopen(prompt) => prompt.paste(text),
            Mode::PickReception(_, picker) => picker.paste(text),
            _ => {}
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let [left, right] =
            Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)])
                .areas(area);
        self.render_checklist(f, left, v);
        self.render_digest(f, right, v);
        self.render_mode(f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let c = &t.closing;
        match self.mode {
            Mode::Browse => {
                let mut hints = vec![
                    keys::LEFT_RIGHT.hint(t, t.digest.hint_day),
                    keys::UP_DOWN.hint(t, t.hint_move),
                    keys::ENTER.hint(t, c.hint_fix),
                    keys::CORRECT.change_hint(t, c.hint_correct),
                ];
                if self.signed.is_none() && self.may_sign {
                    hints.push(keys::SIGN_OFF.hint(t, c.hint_sign_off));
                }
                if self.signed.is_some() && self.may_reopen {
                    hints.push(keys::REOPEN.change_hint(t, c.hint_reopen));
                }
                let scroll = [&keys::PAGE_UP, &keys::PAGE_DOWN];
                hints.push(keys::either(&scroll, t, c.hint_scroll_digest));
                hints.push(keys::SAVE_FILE.change_hint(t, t.digest.hint_save));
                hints.push(keys::PRINT.change_hint(t, t.digest.hint_print));
                hints.push(keys::ESC.hint(t, t.hint_back));
                hints
            }
            Mode::Reopen(..) | Mode::PickReception(..) => ReasonPrompt::hints(t),
            Mode::ConfirmSignOff(_) | Mode::ConfirmDiscard(_) => confirm::hints(t),
            // The backup cannot be stopped halfway: no key but waiting.
            Mode::BackingUp(..) => Vec::new(),
        }
    }

    fn tick(&mut self, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::BackingUp(job, anchor) => self.follow_backup(job, anchor, Duration::ZERO, cx),
            other => {
                self.mode = other;
                Action::None
            }
        }
    }

    fn modal(&self) -> bool {
        matches!(self.mode, Mode::BackingUp(..))
    }

    fn busy(&self) -> bool {
        matches!(self.mode, Mode::BackingUp(..))
    }

    /// The program is closing: the backup is finished, not cut off.
    fn flush(&mut self, cx: &mut Ctx) {
        if let Mode::BackingUp(job, anchor) = std::mem::replace(&mut self.mode, Mode::Browse) {
            let _ = self.follow_backup(job, anchor, Duration::from_secs(3600), cx);
        }
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        matches!(self.mode, Mode::Reopen(..) | Mode::PickReception(..))
    }
}
