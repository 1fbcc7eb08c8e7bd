//! First-run setup: the station's code and name.

use super::home::HomeScreen;
use crate::domain::fields::{Field, FieldError};
use crate::domain::validate::{validate_station_code, validate_text};
use crate::i18n::Strings;
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::panel;
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct SetupScreen {
    fields: FieldList,
}

impl Default for SetupScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SetupScreen {
    pub fn new() -> Self {
        Self {
            fields: FieldList::new(vec![
                (Field::StationCode, TextInput::single("")),
                (Field::StationName, TextInput::single("")),
            ]),
        }
    }

    fn validate(&self) -> Result<(String, String), Vec<FieldError>> {
        let code = validate_station_code(&self.fields.text(Field::StationCode));
        let name = validate_text(
            Field::StationName,
            &self.fields.text(Field::StationName),
            true,
            40,
            false,
        );
        match (code, name) {
            (Ok(c), Ok(n)) => Ok((c, n)),
            (c, n) => Err([c.err(), n.err()].into_iter().flatten().collect()),
        }
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        match self.validate() {
            Err(errors) => {
                self.fields.set_errors(errors);
                Action::None
            }
            Ok((code, name)) => match cx.store.init_station(&code, &name, cx.now) {
                Ok(_) => Action::Replace(Box::new(HomeScreen::new(cx))),
                Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
            },
        }
    }
}

impl Screen for SetupScreen {
    fn title(&self, t: &Strings) -> String {
        t.setup_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match key.code {
            KeyCode::Esc => Action::Quit,
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => self.save(cx),
            _ => match self.fields.handle_key(key) {
                ListOutcome::Submit => self.save(cx),
                _ => Action::None,
            },
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.fields.paste(text);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.setup_title, v.theme.border, v);
        let intro: Vec<Line> = wrap_text(v.t.setup_intro, inner.width as usize)
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
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            Hint::new("Tab", t.hint_next_field),
            Hint::new("Enter", t.hint_confirm),
            Hint::new("Ctrl+S", t.hint_save),
            Hint::new("Esc", t.hint_quit),
        ]
    }

    fn editing_text(&self) -> bool {
        true
    }
}
