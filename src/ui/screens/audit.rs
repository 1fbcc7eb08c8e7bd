//! The audit log (administrator only): every recorded change, newest
//! first; type to filter by who, what, which record, date or details;
//! Enter shows an entry whole; F9 checks the hash chain.

use crate::i18n::Strings;
use crate::store::{AuditEntry, AuditQuery};
use crate::ui::components::list_nav::{self, Reach};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{pad, truncate, wrap_text};
use crate::ui::components::{labelled_input, panel, popup_box};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const PAGE: usize = 200;

pub struct AuditScreen {
    filter: TextInput,
    entries: Vec<AuditEntry>,
    /// More entries older than the last one may exist.
    more: bool,
    selected: usize,
    first_visible: usize,
    visible_rows: usize,
    error: Option<String>,
    /// The entry shown whole, and how far it is scrolled.
    detail: Option<u16>,
}

impl AuditScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            filter: TextInput::single(""),
            entries: Vec::new(),
            more: false,
            selected: 0,
            first_visible: 0,
            visible_rows: 10,
            error: None,
            detail: None,
        };
        screen.load(cx);
        screen
    }

    /// The typed words, each with the action codes whose names contain it.
    fn query(&self, t: &Strings) -> AuditQuery {
        let text = self.filter.text();
        let words = text
            .split_whitespace()
            .map(|w| {
                let codes = t
                    .audit
                    .actions
                    .iter()
                    .filter(|(_, name)| name.contains(w))
                    .map(|(code, _)| code.to_string())
                    .collect();
                (w.to_string(), codes)
            })
            .collect();
        AuditQuery { words }
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.selected = 0;
        self.first_visible = 0;
        self.entries.clear();
        self.fetch(cx);
    }

    fn fetch(&mut self, cx: &mut Ctx) {
        let Some(by) = cx.user else {
            return;
        };
        let before = self.entries.last().map(|e| e.seq);
        match cx.store.audit_page(by, &self.query(cx.t), before, PAGE) {
            Ok(page) => {
                self.more = page.len() == PAGE;
                self.entries.extend(page);
                self.error = None;
            }
            Err(e) => self.error = Some(cx.t.store_error(&e)),
        }
    }

    fn move_to(&mut self, index: usize, cx: &mut Ctx) {
        if index + 1 >= self.entries.len() && self.more {
            self.fetch(cx);
        }
        self.selected = index.min(self.entries.len().saturating_sub(1));
    }

    fn verify(&self, cx: &mut Ctx) -> Action {
        match cx.store.first_broken_audit_entry() {
            Ok(None) => Action::Message(cx.t.cli_audit_ok.into(), Severity::Ok),
            Ok(Some(seq)) => Action::Message(cx.t.cli_audit_broken.fill([&seq]), Severity::Error),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn row_text(e: &AuditEntry, t: &Strings, width: usize) -> String {
        let record = t.audit.record(&e.entity, &e.entity_id);
        let text = format!(
            "{:>7} {} {} {} {} {}",
            e.seq,
            pad(&e.at, 19),
            pad(&truncate(&e.actor, 12), 12),
            pad(&truncate(&t.audit_action(&e.action), 16), 16),
            pad(&truncate(&record, 22), 22),
            t.audit.describe(e.after.as_deref().unwrap_or_default())
        );
        pad(&truncate(&text, width), width)
    }

    fn render_detail(&self, f: &mut Frame, area: Rect, scroll: u16, v: &View) {
        let Some(e) = self.entries.get(self.selected) else {
            return;
        };
        let a = &v.t.audit;
        let width = area.width.saturating_sub(4).clamp(40, 120);
        let height = area.height.saturating_sub(2);
        let title = a.detail_title.fill([&e.seq]);
        let inner = popup_box(f, area, width, height, &title, v);
        let w = inner.width as usize;
        let pretty = |json: &Option<String>| {
            json.as_deref()
                .map(|s| a.describe(s).replace('；', "\n"))
                .unwrap_or_else(|| v.t.none.to_string())
        };
        let mut lines = Vec::new();
        for (label, value) in [
            (a.columns.at, e.at.clone()),
            (a.columns.actor, e.actor.clone()),
            (a.columns.action, v.t.audit_action(&e.action)),
            (
                a.columns.record,
                format!("{} {}", a.entity(&e.entity), e.entity_id),
            ),
            (a.before, pretty(&e.before)),
            (a.after, pretty(&e.after)),
            (a.hash, e.hash.clone()),
        ] {
            for (i, l) in value.lines().enumerate() {
                let text = if i == 0 {
                    format!("{label}：{l}")
                } else {
                    format!("  {l}")
                };
                lines.extend(
                    wrap_text(&text, w)
                        .into_iter()
                        .map(|x| Line::styled(x, v.theme.text)),
                );
            }
        }
        f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    }
}

impl Screen for AuditScreen {
    fn title(&self, t: &Strings) -> String {
        t.audit.title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(scroll) = self.detail {
            self.detail = if keys::ESC.matches(&key) || keys::ENTER.matches(&key) {
                None
            } else if keys::DOWN.matches(&key) || keys::PAGE_DOWN.matches(&key) {
                Some(scroll.saturating_add(5))
            } else if keys::UP.matches(&key) || keys::PAGE_UP.matches(&key) {
                Some(scroll.saturating_sub(5))
            } else {
                Some(scroll)
            };
            return Action::None;
        }
        let (len, page) = (self.entries.len(), self.visible_rows);
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if let Some(to) = list_nav::target(&key, Reach::Pages, self.selected, len, page) {
            self.move_to(to, cx);
        } else if keys::ENTER.matches(&key) && !self.entries.is_empty() {
            self.detail = Some(0);
        } else if keys::VERIFY.matches(&key) {
            return self.verify(cx);
        } else if self.filter.handle_key(key) == InputOutcome::Changed {
            self.load(cx);
        }
        Action::None
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Action {
        self.filter.insert_str(text);
        self.load(cx);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let a = &v.t.audit;
        let inner = panel(f, area, a.title, v.theme.border, v);
        let width = inner.width as usize;
        let row = |y: u16| Rect {
            y,
            height: 1,
            ..inner
        };
        labelled_input(
            f,
            row(inner.y),
            a.filter_label,
            v.theme.focus,
            &mut self.filter,
            v.theme.text,
            self.detail.is_none(),
        );
        f.render_widget(
            Paragraph::new(Line::styled(truncate(a.intro, width), v.theme.muted)),
            row(inner.y + 1),
        );
        let heading = format!(
            "{:>7} {} {} {} {} {}",
            a.columns.seq,
            pad(a.columns.at, 19),
            pad(a.columns.actor, 12),
            pad(a.columns.action, 16),
            pad(a.columns.record, 22),
            a.columns.details
        );
        f.render_widget(
            Paragraph::new(Line::styled(truncate(&heading, width), v.theme.title)),
            row(inner.y + 2),
        );
        let list = Rect {
            y: inner.y + 3,
            height: inner.height.saturating_sub(3),
            ..inner
        };
        self.visible_rows = list.height as usize;
        let mut lines = Vec::new();
        if let Some(e) = &self.error {
            lines.push(Line::styled(e.clone(), v.theme.error));
        } else if self.entries.is_empty() {
            lines.push(Line::styled(a.empty, v.theme.muted));
        }
        if self.selected < self.first_visible {
            self.first_visible = self.selected;
        }
        if self.selected >= self.first_visible + self.visible_rows.max(1) {
            self.first_visible = self.selected + 1 - self.visible_rows.max(1);
        }
        for (i, e) in self
            .entries
            .iter()
            .enumerate()
            .skip(self.first_visible)
            .take(self.visible_rows)
        {
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            lines.push(Line::styled(Self::row_text(e, v.t, width), style));
        }
        f.render_widget(Paragraph::new(lines), list);
        if let Some(scroll) = self.detail {
            self.render_detail(f, area, scroll, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.detail.is_some() {
            return vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ESC.hint(t, t.hint_back),
            ];
        }
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::either(&[&keys::PAGE_DOWN, &keys::PAGE_UP], t, t.hint_move),
            keys::ENTER.hint(t, t.audit.hint_detail),
            keys::VERIFY.hint(t, t.audit.hint_verify),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn editing_text(&self) -> bool {
        true
    }
}
