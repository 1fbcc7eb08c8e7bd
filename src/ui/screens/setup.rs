//! First-run setup: the station's code and name.

use super::home::HomeScreen;
use crate::domain::fields::{Field, FieldError};
use crate::domain::validate::{validate_station_code, validate_text};
use crate::i18n::Strings;
use crate::ui::components::form;
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::wrap_text;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub struct SetupScreen {
    code: TextInput,
    name: TextInput,
    focus: usize,
    errors: Vec<FieldError>,
}

impl Default for SetupScreen {
    fn default() -> Self {
        Self::new()
    }
}

impl SetupScreen {
    pub fn new() -> Self {
        Self {
            code: TextInput::single(""),
            name: TextInput::single(""),
            focus: 0,
            errors: Vec::new(),
        }
    }

    fn validate(&self) -> Result<(String, String), Vec<FieldError>> {
        let code = validate_station_code(&self.code.text());
        let name = validate_text(Field::StationName, &self.name.text(), true, 40, false);
        match (code, name) {
            (Ok(c), Ok(n)) => Ok((c, n)),
            (c, n) => Err([c.err(), n.err()].into_iter().flatten().collect()),
        }
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        match self.validate() {
            Err(errors) => {
                self.focus = if errors[0].field == Field::StationCode {
                    0
                } else {
                    1
                };
                self.errors = errors;
                Action::None
            }
            Ok((code, name)) => match cx.store.init_station(&code, &name, cx.now) {
                Ok(_) => Action::Replace(Box::new(HomeScreen::new(cx))),
                Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
            },
        }
    }

    fn error_for(&self, field: Field) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

impl Screen for SetupScreen {
    fn title(&self, t: &Strings) -> String {
        t.setup_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match key.code {
            KeyCode::Esc => return Action::Quit,
            KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                return self.save(cx);
            }
            KeyCode::Enter if self.focus == 1 => return self.save(cx),
            KeyCode::Tab | KeyCode::Enter | KeyCode::Down => self.focus = (self.focus + 1) % 2,
            KeyCode::BackTab | KeyCode::Up => self.focus = (self.focus + 1) % 2,
            _ => {
                let input = if self.focus == 0 {
                    &mut self.code
                } else {
                    &mut self.name
                };
                if input.handle_key(key) == InputOutcome::Changed {
                    let field = if self.focus == 0 {
                        Field::StationCode
                    } else {
                        Field::StationName
                    };
                    self.errors.retain(|e| e.field != field);
                }
            }
        }
        Action::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        let input = if self.focus == 0 {
            &mut self.code
        } else {
            &mut self.name
        };
        input.insert_str(text);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(v.theme.border)
            .title(Span::styled(
                format!(" {} ", v.t.setup_title),
                v.theme.title,
            ));
        let inner = block.inner(area);
        f.render_widget(block, area);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
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
        let mut y = inner.y + intro_height + 1;
        for (i, field) in [Field::StationCode, Field::StationName]
            .into_iter()
            .enumerate()
        {
            let row = Rect {
                y,
                height: 1,
                ..inner
            };
            let error = self.error_for(field).cloned();
            let value = form::label(
                f,
                row,
                v.t.field(field),
                self.focus == i,
                error.is_some(),
                v,
            );
            let input = if i == 0 {
                &mut self.code
            } else {
                &mut self.name
            };
            let style = if self.focus == i {
                v.theme.focus
            } else {
                v.theme.text
            };
            input.render(f, value, style, self.focus == i);
            if let Some(e) = &error {
                let note_row = Rect { y: y + 1, ..value };
                let text = v.t.field_error(e);
                form::note(f, note_row, &text, v.theme.invalid);
            }
            y += 3;
        }
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
