//! 督办: every station's open cases past or near their deadline, most
//! overdue first; typing searches them as the case list does.

use crate::i18n::Strings;
use crate::service::hub::{SUPERVISION_LIMIT, SupervisedCase, supervision};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::table::{TableView, grow_widths, text_row};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{str_width, truncate};
use crate::ui::components::{labelled_input, panel};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

const WIDTHS: [u16; 7] = [6, 8, 18, 8, 10, 10, 40];

pub struct SupervisionScreen {
    filter: TextInput,
    cases: Vec<SupervisedCase>,
    table: TableView,
    error: Option<String>,
    /// What the columns before the content ask for, worked out once a
    /// list is read (not at every frame).
    wanted: Vec<u16>,
}

impl SupervisionScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            filter: TextInput::single(""),
            cases: Vec::new(),
            table: TableView::new(),
            error: None,
            wanted: WIDTHS[..6].to_vec(),
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        match supervision(cx.store, cx.now.date(), &self.query(), SUPERVISION_LIMIT) {
            Ok(cases) => {
                self.wanted = Self::wanted(&cases, cx.t);
                self.cases = cases;
                self.error = None;
            }
            Err(e) => self.error = Some(e.message(cx.t)),
        }
        self.table.reset();
    }

    /// What is searched for: one character finds too much to mean
    /// anything, so a search starts at two.
    fn query(&self) -> String {
        let text = self.filter.text();
        let text = text.trim();
        if text.chars().count() >= 2 {
            text.to_string()
        } else {
            String::new()
        }
    }

    /// Each column before the content as wide as the widest of its cells
    /// (a station's or department's name up to 24).
    fn wanted(cases: &[SupervisedCase], t: &Strings) -> Vec<u16> {
        let mut wanted: Vec<u16> = WIDTHS[..6].to_vec();
        for texts in cases.iter().map(|c| Self::cells(c, t)) {
            for (w, text) in wanted.iter_mut().zip(&texts) {
                *w = (*w).max(str_width(text).min(24) as u16);
            }
        }
        wanted
    }

    /// The columns as wide as they ask while `width` leaves the content
    /// 30 columns.
    fn widths(&self, width: u16) -> Vec<u16> {
        let room = width.saturating_sub(WIDTHS.len() as u16 + 30);
        let mut widths = grow_widths(&WIDTHS[..6], &self.wanted, room);
        widths.push(WIDTHS[6]);
        widths
    }

    fn cells(c: &SupervisedCase, t: &Strings) -> Vec<String> {
        let days = if c.days_overdue > 0 {
            t.rollup.days_over.fill([&c.days_overdue])
        } else {
            t.rollup.days_left.fill([&-c.days_overdue])
        };
        vec![
            days,
            c.station.name.clone(),
            c.case.number.clone(),
            c.case.category.clone(),
            c.case.department.clone(),
            c.case.deadline.to_string(),
            c.case.summary.clone(),
        ]
    }
}

impl Screen for SupervisionScreen {
    fn title(&self, t: &Strings) -> String {
        t.rollup.supervise_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if self.table.navigate(&key, Reach::Pages, self.cases.len()) {
            return Action::None;
        } else if keys::ENTER.matches(&key) {
            let Some(c) = self.cases.get(self.table.selected()) else {
                return Action::None;
            };
            let path = cx.store.hub_folder().join(&c.station.file);
            return super::open_case(path, c.station.name.clone(), &c.case.case_id, cx);
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
        let w = v.t.rollup;
        let inner = panel(f, area, w.supervise_title, v.theme.border, v);
        let line = |y: u16| Rect {
            y,
            height: 1,
            ..inner
        };
        labelled_input(
            f,
            line(inner.y),
            w.supervise_filter,
            v.theme.focus,
            &mut self.filter,
            v.theme.text,
            true,
        );
        let (note, style) = match &self.error {
            Some(e) => (e.clone(), v.theme.error),
            None if self.cases.len() >= SUPERVISION_LIMIT => {
                (w.supervise_capped.fill([&SUPERVISION_LIMIT]), v.theme.warn)
            }
            None => (
                w.supervise_intro.fill([&keys::ENTER.name(v.t)]),
                v.theme.muted,
            ),
        };
        f.render_widget(
            Paragraph::new(Line::styled(truncate(&note, inner.width as usize), style)),
            line(inner.y + 1),
        );
        if self.cases.is_empty() {
            let query = self.query();
            let empty = if query.is_empty() {
                w.supervise_empty.to_string()
            } else {
                w.supervise_no_match.fill([&query])
            };
            f.render_widget(
                Paragraph::new(Line::styled(empty, v.theme.text)),
                line(inner.y + 3),
            );
            return;
        }
        let body = Rect {
            y: inner.y + 3,
            height: inner.height.saturating_sub(3),
            ..inner
        };
        let t = v.t;
        let fixed = self.widths(inner.width);
        // The content takes what the other columns leave.
        let mut widths: Vec<Constraint> = fixed.iter().map(|w| Constraint::Length(*w)).collect();
        widths[6] = Constraint::Min(10);
        let header = text_row(&w.supervise_columns, &fixed, v.theme.title);
        let cases = &self.cases;
        self.table
            .render(f, body, header, &widths, cases.len(), |i, selected| {
                let texts = Self::cells(&cases[i], t);
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                let style = match (selected, cases[i].days_overdue > 0) {
                    (true, _) => v.theme.selection,
                    (false, true) => v.theme.warn,
                    (false, false) => v.theme.text,
                };
                text_row(&refs, &fixed, style)
            });
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.hint_open),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn editing_text(&self) -> bool {
        true
    }

    fn resume(&mut self, cx: &mut Ctx) {
        let keep = self.table.selected();
        self.load(cx);
        self.table.select(keep);
    }
}
