//! Sign-in: choose your name, type your PIN. Three wrong PINs lock that
//! user for a minute (the store keeps count, so quitting does not reset it).

use crate::domain::fields::Field;
use crate::domain::roles::validate_pin;
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{StoreError, User};
use crate::ui::components::list_nav;
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{pad, wrap_text};
use crate::ui::components::{labelled_input, panel};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct SignInScreen {
    users: Vec<User>,
    selected: usize,
    pin: TextInput,
    problem: Option<String>,
}

impl SignInScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let (users, problem) = match cx.store.users() {
            Ok(users) => (users.into_iter().filter(|u| u.active).collect(), None),
            Err(e) => (Vec::new(), Some(cx.t.store_error(&e))),
        };
        Self {
            users,
            selected: 0,
            pin: TextInput::secret(),
            problem,
        }
    }

    fn submit(&mut self, cx: &mut Ctx) -> Action {
        let Some(user) = self.users.get(self.selected) else {
            return Action::None;
        };
        let pin = match validate_pin(Field::Pin, &self.pin.text()) {
            Ok(pin) => pin,
            Err(e) => {
                self.problem = Some(cx.t.field_error(&e));
                return Action::None;
            }
        };
        match cx.store.sign_in_user(&user.id, &pin, cx.now) {
            Ok(actor) => Action::SignedIn(actor),
            Err(e) => {
                self.pin.set_text("");
                self.problem = Some(match e {
                    StoreError::Refused(Refusal::WrongPin { tries_left }) => {
                        cx.t.users.wrong_pin.fill([&tries_left])
                    }
                    StoreError::Refused(Refusal::UserLocked(until)) => {
                        cx.t.users.locked.fill([&until.format("%H:%M:%S")])
                    }
                    other => cx.t.store_error(&other),
                });
                Action::None
            }
        }
    }

    fn select(&mut self, index: usize) {
        if index != self.selected {
            self.selected = index;
            self.pin.set_text("");
            self.problem = None;
        }
    }
}

/// How to sign in, naming the keys.
fn intro_text(t: &Strings) -> String {
    let keys = [&keys::UP_DOWN, &keys::ENTER].map(|b| b.name(t));
    t.users.sign_in_intro.fill([&keys[0], &keys[1]])
}

impl Screen for SignInScreen {
    fn title(&self, t: &Strings) -> String {
        t.users.sign_in_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let count = self.users.len().max(1);
        let mut selected = self.selected;
        if keys::ESC.matches(&key) {
            Action::Quit
        } else if list_nav::cycle(&key, &mut selected, count) {
            self.select(selected);
            Action::None
        } else if keys::ENTER.matches(&key) {
            self.submit(cx)
        } else {
            if self.pin.handle_key(key) == InputOutcome::Changed {
                self.problem = None;
            }
            Action::None
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.users.sign_in_title, v.theme.border, v);
        let width = inner.width as usize;
        let mut lines: Vec<Line> = wrap_text(&intro_text(v.t), width)
            .into_iter()
            .map(|l| Line::styled(l, v.theme.muted))
            .collect();
        lines.push(Line::raw(""));
        for (i, u) in self.users.iter().enumerate() {
            let marker = if i == self.selected { "▶" } else { " " };
            let text = format!("{marker} {}（{}）", u.name, v.t.users.roles[u.role.index()]);
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            lines.push(Line::styled(pad(&text, width.min(40)), style));
        }
        lines.push(Line::raw(""));
        let pin_y = inner.y + lines.len() as u16;
        let problem_lines: Vec<Line> = self
            .problem
            .iter()
            .flat_map(|p| wrap_text(p, width))
            .map(|l| Line::styled(l, v.theme.error))
            .collect();
        f.render_widget(Paragraph::new(lines), inner);
        if pin_y >= inner.y + inner.height {
            return;
        }
        let row = Rect {
            y: pin_y,
            height: 1,
            width: inner.width.min(40),
            ..inner
        };
        let label = v.t.field(Field::Pin);
        labelled_input(
            f,
            row,
            label,
            v.theme.text,
            &mut self.pin,
            v.theme.focus,
            true,
        );
        let below = Rect {
            y: pin_y + 1,
            height: (inner.y + inner.height).saturating_sub(pin_y + 1),
            ..inner
        };
        f.render_widget(Paragraph::new(problem_lines), below);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.users.hint_choose_user),
            keys::ENTER.hint(t, t.users.hint_sign_in),
            keys::ESC.hint(t, t.hint_quit),
        ]
    }

    fn editing_text(&self) -> bool {
        true
    }
}
