//! First-run setup: the station's code and name, and the administrator
//! who signs in first. A station from before users existed gets only the
//! administrator part.

use crate::domain::fields::{Field, FieldError};
use crate::domain::roles::validate_new_pin;
use crate::domain::validate::{validate_person_name, validate_station_code, validate_text};
use crate::i18n::Strings;
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::components::{confirm, panel};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct SetupScreen {
    fields: FieldList,
    /// The station exists already: only the administrator is asked for.
    admin_only: bool,
    /// Esc with something typed: asking before it is thrown away.
    confirm_quit: bool,
}

/// What the form holds once every field is right.
struct Checked {
    station: Option<(String, String)>,
    admin: String,
    pin: String,
}

impl Default for SetupScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SetupScreen {
    pub fn new() -> Self {
        Self::with(false)
    }

    /// The screen's title: a station (or hub) made by `init` asks only for
    /// its administrator.
    fn heading<'t>(&self, t: &'t Strings) -> &'t str {
        if self.admin_only {
            t.setup_admin_title
        } else {
            t.setup_title
        }
    }

    pub fn admin_only() -> Self {
        Self::with(true)
    }

    fn with(admin_only: bool) -> Self {
        let mut fields = Vec::new();
        if !admin_only {
            fields.push((Field::StationCode, TextInput::single("")));
            fields.push((Field::StationName, TextInput::single("")));
        }
        fields.push((Field::UserName, TextInput::single("")));
        fields.push((Field::Pin, TextInput::secret()));
        fields.push((Field::PinAgain, TextInput::secret()));
        Self {
            fields: FieldList::new(fields),
            admin_only,
            confirm_quit: false,
        }
    }

    fn validate(&self) -> Result<Checked, Vec<FieldError>> {
        let text = |f| self.fields.text(f);
        let mut errors = Vec::new();
        let station = if self.admin_only {
            None
        } else {
            let code = validate_station_code(&text(Field::StationCode));
            let name = validate_text(
                Field::StationName,
                &text(Field::StationName),
                true,
                40,
                false,
            );
            match (code, name) {
                (Ok(c), Ok(n)) => Some((c, n)),
                (c, n) => {
                    errors.extend([c.err(), n.err()].into_iter().flatten());
                    None
                }
            }
        };
        let admin = validate_person_name(Field::UserName, &text(Field::UserName));
        let pin = validate_new_pin(&text(Field::Pin), &text(Field::PinAgain));
        match (admin, pin) {
            (Ok(admin), Ok(pin)) if errors.is_empty() => Ok(Checked {
                station,
                admin,
                pin,
            }),
            (a, p) => {
                errors.extend([a.err(), p.err()].into_iter().flatten());
                Err(errors)
            }
        }
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        let checked = match self.validate() {
            Ok(c) => c,
            Err(errors) => {
                self.fields.set_errors(errors);
                return Action::None;
            }
        };
        let saved = (|| {
            if let Some((code, name)) = &checked.station {
                cx.store.init_station(code, name, cx.now)?;
            }
            cx.store
                .create_first_admin(&checked.admin, &checked.pin, cx.now)
        })();
        match saved {
            Ok(admin) => Action::SignedIn(admin.actor()),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }
}

impl Screen for SetupScreen {
    fn title(&self, t: &Strings) -> String {
        self.heading(t).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if self.confirm_quit {
            self.confirm_quit = false;
            return if confirm::yes(&key) {
                Action::Quit
            } else {
                Action::None
            };
        }
        if keys::ESC.matches(&key) {
            // What was typed is not kept anywhere: ask before losing it.
            if self.fields.has_text() {
                self.confirm_quit = true;
                return Action::None;
            }
            Action::Quit
        } else if keys::SAVE.matches(&key) {
            self.save(cx)
        } else {
            match self.fields.handle_key(key) {
                ListOutcome::Submit => self.save(cx),
                _ => Action::None,
            }
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.fields.paste(text);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, self.heading(v.t), v.theme.border, v);
        let intro = if self.admin_only {
            v.t.users.admin_intro
        } else {
            v.t.setup_intro
        };
        let intro: Vec<Line> = wrap_text(intro, inner.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, v.theme.text))
            .collect();
        let intro_height = intro.len() as u16;
        f.render_widget(
            Paragraph::new(intro),
            Rect {
                height: intro_height,
                ..inner
            },
        );
        let rest = Rect {
            y: inner.y + intro_height + 1,
            height: inner.height.saturating_sub(intro_height + 1),
            ..inner
        };
        self.fields.render(f, rest, v);
        if self.confirm_quit {
            confirm::render(f, area, v.t.setup_confirm_quit, v.theme.warn, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.confirm_quit {
            return confirm::hints(t);
        }
        // Enter moves on, and on the last field saves.
        let last = self.fields.focus + 1 >= self.fields.len();
        let mut hints = if last {
            vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::ENTER.hint(t, t.hint_confirm),
            ]
        } else {
            vec![keys::either(
                &[&keys::TAB, &keys::ENTER],
                t,
                t.hint_next_field,
            )]
        };
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_quit));
        hints
    }

    fn editing_text(&self) -> bool {
        true
    }

    fn modal(&self) -> bool {
        self.confirm_quit
    }
}
