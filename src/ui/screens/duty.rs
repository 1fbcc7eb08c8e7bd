//! Duty sign-in: deputies find their name (typing filters), sign in and
//! out, and start receiving voters once at least one is on duty.

use super::reception::ReceptionScreen;
use crate::domain::fields::Field;
use crate::domain::ids::DeputyId;
use crate::domain::names::name_matches;
use crate::domain::validate::{validate_person_name, validate_text};
use crate::i18n::Strings;
use crate::store::Deputy;
use crate::store::NewDeputy;
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::list_nav::{self, Reach};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{pad, wrap_text};
use crate::ui::components::{centered, labelled_input, panel};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::collections::HashSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Start,
    Deputy(usize),
}

pub struct DutyScreen {
    roster: Vec<Deputy>,
    on_duty: HashSet<DeputyId>,
    filter: TextInput,
    selected: usize,
    error: Option<String>,
    /// The new-deputy form, while open.
    adding: Option<FieldList>,
    /// The own row has been selected once (later loads keep the selection).
    arrived: bool,
}

impl DutyScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            roster: Vec::new(),
            on_duty: HashSet::new(),
            filter: TextInput::single(""),
            selected: 0,
            error: None,
            adding: None,
            arrived: false,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        let result = cx.store.deputies(false).and_then(|roster| {
            let on = cx.store.on_duty(cx.now.date())?;
            Ok((roster, on))
        });
        match result {
            Ok((roster, on)) => {
                self.roster = roster;
                self.on_duty = on.into_iter().map(|s| s.deputy_id).collect();
                self.error = None;
            }
            Err(e) => self.error = Some(cx.t.store_error(&e)),
        }
        self.put_own_first(cx);
        self.selected = self.selected.min(self.rows().len().saturating_sub(1));
    }

    /// The signed-in user's own roster row goes first; on arrival it is
    /// selected while they are not yet on duty, so Enter signs them in.
    fn put_own_first(&mut self, cx: &mut Ctx) {
        let own = cx
            .user
            .and_then(|u| cx.store.user_deputy(&u.user_id).ok().flatten());
        let Some(at) = own.and_then(|id| self.roster.iter().position(|d| d.id == id)) else {
            return;
        };
        let deputy = self.roster.remove(at);
        let signed_in = self.on_duty.contains(&deputy.id);
        self.roster.insert(0, deputy);
        if !self.arrived {
            self.arrived = true;
            let row = Row::Deputy(0);
            self.selected = if signed_in {
                0
            } else {
                self.rows().iter().position(|r| *r == row).unwrap_or(0)
            };
        }
    }

    fn rows(&self) -> Vec<Row> {
        let needle = self.filter.text();
        let needle = needle.trim();
        let mut rows = Vec::new();
        if !self.on_duty.is_empty() && needle.is_empty() {
            rows.push(Row::Start);
        }
        rows.extend(
            self.roster
                .iter()
                .enumerate()
                .filter(|(_, d)| name_matches(&d.name, needle))
                .map(|(i, _)| Row::Deputy(i)),
        );
        rows
    }

    fn toggle(&mut self, index: usize, cx: &mut Ctx) -> Action {
        let deputy = self.roster[index].clone();
        let signing_out = self.on_duty.contains(&deputy.id);
        let result = if signing_out {
            cx.store.sign_out(&deputy.id, cx.now)
        } else {
            cx.store.sign_in_at_kiosk(&deputy.id, cx.now).map(|_| ())
        };
        if let Err(e) = result {
            return Action::Message(cx.t.store_error(&e), Severity::Error);
        }
        self.filter.set_text("");
        self.load(cx);
        let template = if signing_out {
            cx.t.duty_signed_out
        } else {
            cx.t.duty_signed_in
        };
        Action::Message(template.fill([&deputy.name]), Severity::Ok)
    }

    fn open_add(&mut self) {
        let name = self.filter.text();
        // A Chinese name typed into the search box is the likely new name.
        let name = if name.is_ascii() { String::new() } else { name };
        self.adding = Some(FieldList::new(vec![
            (Field::DeputyName, TextInput::single(name.trim())),
            (Field::UnitPost, TextInput::single("")),
        ]));
    }

    /// Adds the deputy to the roster and signs them in at once.
    fn add(&mut self, mut form: FieldList, cx: &mut Ctx) -> Action {
        let name = validate_person_name(Field::DeputyName, &form.text(Field::DeputyName));
        let unit = validate_text(
            Field::UnitPost,
            &form.text(Field::UnitPost),
            false,
            40,
            false,
        );
        let (name, unit) = match (name, unit) {
            (Ok(n), Ok(u)) => (n, u),
            (n, u) => {
                form.set_errors([n.err(), u.err()].into_iter().flatten().collect());
                self.adding = Some(form);
                return Action::None;
            }
        };
        let deputy = NewDeputy {
            name: name.clone(),
            unit_post: unit,
            ..Default::default()
        };
        let actor = current_actor(cx);
        let result = cx
            .store
            .add_deputy(&deputy, &actor, cx.now)
            .and_then(|id| cx.store.sign_in_at_kiosk(&id, cx.now));
        match result {
            Ok(_) => {
                self.filter.set_text("");
                self.load(cx);
                self.selected = 0;
                Action::Message(cx.t.duty_added.fill([&name]), Severity::Ok)
            }
            Err(e) => {
                self.adding = Some(form);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    fn render_list(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.duty_title, v.theme.border, v);
        let intro: Vec<Line> = wrap_text(&intro_text(v.t), inner.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, v.theme.muted))
            .collect();
        let [intro_area, filter_row, _, list_area] = Layout::vertical([
            Constraint::Length(intro.len() as u16),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(1),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(intro), intro_area);
        labelled_input(
            f,
            filter_row,
            v.t.duty_filter,
            v.theme.focus,
            &mut self.filter,
            v.theme.focus,
            true,
        );

        if let Some(error) = &self.error {
            f.render_widget(
                Paragraph::new(Span::styled(error.clone(), v.theme.error)),
                list_area,
            );
            return;
        }
        let add = keys::ADD_DEPUTY.name(v.t);
        if self.roster.is_empty() {
            let lines: Vec<Line> = wrap_text(
                &v.t.duty_empty_roster.fill([&add]),
                list_area.width as usize,
            )
            .into_iter()
            .map(|l| Line::styled(l, v.theme.warn))
            .collect();
            f.render_widget(Paragraph::new(lines), list_area);
            return;
        }
        let rows = self.rows();
        if rows.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(v.t.duty_no_match.fill([&add]), v.theme.muted)),
                list_area,
            );
            return;
        }
        let height = list_area.height as usize;
        let first = self.selected.saturating_sub(height.saturating_sub(1));
        let width = list_area.width as usize;
        let lines: Vec<Line> = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, row)| {
                let (text, base) = match row {
                    Row::Start => {
                        let key = keys::START_RECEPTION.name(v.t);
                        (
                            format!("▶ {} ({key})", v.t.hint_start_reception),
                            v.theme.ok,
                        )
                    }
                    Row::Deputy(d) => {
                        let deputy = &self.roster[*d];
                        let on = self.on_duty.contains(&deputy.id);
                        let state = if on { v.t.duty_on } else { v.t.duty_off };
                        let text = format!(
                            "{} {}  {}",
                            pad(&deputy.name, 12),
                            pad(state, 8),
                            deputy.unit_post
                        );
                        (text, if on { v.theme.ok } else { v.theme.text })
                    }
                };
                let style = if i == self.selected {
                    v.theme.selection
                } else {
                    base
                };
                Line::styled(pad(&text, width), style)
            })
            .collect();
        f.render_widget(Paragraph::new(lines), list_area);
    }

    fn render_add(&mut self, f: &mut Frame, area: Rect, v: &View) {
        if let Some(form) = &mut self.adding {
            let rect = centered(area, 64, 7);
            crate::ui::components::clear_popup(f, rect);
            let inner = panel(f, rect, v.t.duty_add_title, v.theme.focus, v);
            form.render(
                f,
                Rect {
                    y: inner.y + 1,
                    height: inner.height.saturating_sub(1),
                    ..inner
                },
                v,
            );
        }
    }

    fn start(&mut self, cx: &mut Ctx) -> Action {
        if self.on_duty.is_empty() {
            return Action::Message(cx.t.duty_need_one.into(), Severity::Warn);
        }
        Action::Push(Box::new(ReceptionScreen::new(cx)))
    }
}

/// How to sign in and out, naming the key that does it.
fn intro_text(t: &Strings) -> String {
    let enter = keys::ENTER.name(t);
    t.duty_intro.fill([&enter, &enter])
}

impl Screen for DutyScreen {
    fn title(&self, t: &Strings) -> String {
        t.duty_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(mut form) = self.adding.take() {
            let save = keys::SAVE.matches(&key);
            if keys::ESC.matches(&key) {
                return Action::None;
            }
            if save || form.handle_key(key) == ListOutcome::Submit {
                return self.add(form, cx);
            }
            self.adding = Some(form);
            return Action::None;
        }
        let rows = self.rows();
        if list_nav::navigate(&key, Reach::Lines, &mut self.selected, rows.len(), 1) {
            return Action::None;
        }
        if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if keys::START_RECEPTION.matches(&key) {
            return self.start(cx);
        } else if keys::ADD_DEPUTY.matches(&key) {
            self.open_add();
        } else if keys::ENTER.matches(&key) {
            match rows.get(self.selected) {
                Some(Row::Start) => return self.start(cx),
                Some(Row::Deputy(i)) => return self.toggle(*i, cx),
                None => {}
            }
        } else if self.filter.handle_key(key) == InputOutcome::Changed {
            // Jump to the first matching name as the user types.
            self.selected = self
                .rows()
                .iter()
                .position(|r| matches!(r, Row::Deputy(_)))
                .unwrap_or(0);
        }
        Action::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Some(form) = &mut self.adding {
            form.paste(text);
            return Action::None;
        }
        self.filter.insert_str(text);
        self.selected = 0;
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        self.render_list(f, area, v);
        self.render_add(f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.adding.is_some() {
            return vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::SAVE.change_hint(t, t.hint_save),
                keys::ESC.hint(t, t.hint_cancel),
            ];
        }
        // Enter does what the selected row does: start receiving, or sign.
        let enter = match self.rows().get(self.selected) {
            Some(Row::Start) => t.hint_start_reception,
            _ => t.hint_sign,
        };
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, enter),
            keys::START_RECEPTION.hint(t, t.hint_start_reception),
            keys::ADD_DEPUTY.hint(t, t.hint_add_deputy),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        true
    }
}
