//! The audit log (administrator only): every recorded change, newest
//! first; type to filter by who, what, which record, date or details;
//! Enter shows an entry whole; F9 checks the hash chain.

use crate::i18n::Strings;
use crate::store::{AuditEntry, AuditQuery, AuditWord};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{truncate, wrap_text};
use crate::ui::components::{labelled_input, panel, popup_box};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::collections::HashMap;

const PAGE: usize = 200;

type Labels = HashMap<(String, String), String>;

pub struct AuditScreen {
    filter: TextInput,
    entries: Vec<AuditEntry>,
    /// More entries older than the last one may exist.
    more: bool,
    table: TableView,
    error: Option<String>,
    /// The entry shown whole, and how far it is scrolled.
    detail: Option<u16>,
    /// What the entries' records are called (see `audit_record_labels`).
    labels: HashMap<(String, String), String>,
}

impl AuditScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            filter: TextInput::single(""),
            entries: Vec::new(),
            more: false,
            table: TableView::new(),
            error: None,
            detail: None,
            labels: HashMap::new(),
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
                let named = |table: &[(&str, &str)]| -> Vec<String> {
                    table
                        .iter()
                        .filter(|(_, name)| name.contains(w))
                        .map(|(code, _)| code.to_string())
                        .collect()
                };
                AuditWord {
                    text: w.to_string(),
                    actions: named(t.audit.actions),
                    entities: named(t.audit.entities),
                }
            })
            .collect();
        AuditQuery { words }
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.table.reset();
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
                // Names help reading; an entry without one shows its id.
                if let Ok(labels) = cx.store.audit_record_labels(&page) {
                    self.labels.extend(labels);
                }
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
        self.table
            .select(index.min(self.entries.len().saturating_sub(1)));
    }

    fn verify(&self, cx: &mut Ctx) -> Action {
        match cx.store.first_broken_audit_entry() {
            Ok(None) => Action::Message(cx.t.cli_audit_ok.into(), Severity::Ok),
            Ok(Some(seq)) => Action::Message(cx.t.cli_audit_broken.fill([&seq]), Severity::Error),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    /// An entry's cells, in the order of the columns.
    fn cells(e: &AuditEntry, labels: &Labels, t: &Strings) -> [String; 6] {
        let label = labels.get(&(e.entity.clone(), e.entity_id.clone()));
        [
            format!("{:>7}", e.seq),
            e.at.clone(),
            e.actor.clone(),
            t.audit_action(&e.action),
            t.audit
                .record(&e.entity, &e.entity_id, label.map(String::as_str)),
            t.audit.describe(e.after.as_deref().unwrap_or_default()),
        ]
    }

    fn render_detail(&self, f: &mut Frame, area: Rect, scroll: u16, v: &View) {
        let Some(e) = self.entries.get(self.table.selected()) else {
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
                match self.labels.get(&(e.entity.clone(), e.entity_id.clone())) {
                    Some(label) => format!("{} {label}（{}）", a.entity(&e.entity), e.entity_id),
                    None => format!("{} {}", a.entity(&e.entity), e.entity_id),
                },
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
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if let Some(to) = self.table.target(&key, Reach::Pages, self.entries.len()) {
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
        let list = Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        };
        let c = &a.columns;
        let widths = clip_widths(&[7, 19, 12, 16, 22, list.width], list.width);
        let header = text_row(
            &[c.seq, c.at, c.actor, c.action, c.record, c.details],
            &widths,
            v.theme.title,
        );
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let problem = match &self.error {
            Some(e) => Some((e.as_str(), v.theme.error)),
            None if self.entries.is_empty() => Some((a.empty, v.theme.muted)),
            None => None,
        };
        let shown = if problem.is_some() {
            0
        } else {
            self.entries.len()
        };
        let (entries, labels) = (&self.entries, &self.labels);
        self.table
            .render(f, list, header, &constraints, shown, |i, selected| {
                let cells = Self::cells(&entries[i], labels, v.t);
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                let style = if selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                text_row(&cells, &widths, style)
            });
        if let Some((text, style)) = problem {
            let below = Rect {
                y: list.y + 1,
                height: list.height.saturating_sub(1),
                ..list
            };
            f.render_widget(Paragraph::new(Line::styled(text, style)), below);
        }
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
