//! A plain form: labelled text fields one under another, each with its
//! problem right under it. Used by the setup and settings screens.

use super::form;
use super::text_input::{InputOutcome, TextInput};
use super::wrap::wrap_text;
use crate::domain::fields::{Field, FieldError};
use crate::ui::View;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct FieldList {
    fields: Vec<(Field, TextInput)>,
    pub focus: usize,
    errors: Vec<FieldError>,
}

/// What a key did to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOutcome {
    Changed,
    Moved,
    /// Enter on the last field: the form may be submitted.
    Submit,
    Ignored,
}

impl FieldList {
    pub fn new(fields: Vec<(Field, TextInput)>) -> Self {
        Self {
            fields,
            focus: 0,
            errors: Vec::new(),
        }
    }

    pub fn text(&self, field: Field) -> String {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| i.text())
            .unwrap_or_default()
    }

    /// Shows these problems and moves to the first.
    pub fn set_errors(&mut self, errors: Vec<FieldError>) {
        if let Some(first) = errors.first() {
            if let Some(pos) = self.fields.iter().position(|(f, _)| *f == first.field) {
                self.focus = pos;
            }
        }
        self.errors = errors;
    }

    fn focused_input(&mut self) -> &mut TextInput {
        &mut self.fields[self.focus].1
    }

    fn multiline(&self, index: usize) -> bool {
        self.fields[index].1.is_multiline()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> ListOutcome {
        let last = self.fields.len() - 1;
        match key.code {
            KeyCode::Tab | KeyCode::Down
                if key.code == KeyCode::Tab || !self.multiline(self.focus) =>
            {
                self.focus = (self.focus + 1).min(last);
                ListOutcome::Moved
            }
            KeyCode::BackTab | KeyCode::Up
                if key.code == KeyCode::BackTab || !self.multiline(self.focus) =>
            {
                self.focus = self.focus.saturating_sub(1);
                ListOutcome::Moved
            }
            KeyCode::Enter if key.modifiers.is_empty() => {
                if self.focus == last {
                    ListOutcome::Submit
                } else {
                    self.focus += 1;
                    ListOutcome::Moved
                }
            }
            _ => match self.focused_input().handle_key(key) {
                InputOutcome::Changed => {
                    let field = self.fields[self.focus].0;
                    self.errors.retain(|e| e.field != field);
                    ListOutcome::Changed
                }
                InputOutcome::Moved => ListOutcome::Moved,
                InputOutcome::Ignored => {
                    // Up and Down at the edge of a multi-line field leave it.
                    match key.code {
                        KeyCode::Down if self.focus < last => {
                            self.focus += 1;
                            ListOutcome::Moved
                        }
                        KeyCode::Up if self.focus > 0 => {
                            self.focus -= 1;
                            ListOutcome::Moved
                        }
                        _ => ListOutcome::Ignored,
                    }
                }
            },
        }
    }

    pub fn paste(&mut self, text: &str) {
        self.focused_input().insert_str(text);
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let value_width = area.width.saturating_sub(form::LABEL_WIDTH) as usize;
        let errors: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|(field, _)| {
                self.errors
                    .iter()
                    .find(|e| e.field == *field)
                    .map(|e| wrap_text(&v.t.field_error(e), value_width))
                    .unwrap_or_default()
            })
            .collect();
        let multi: Vec<bool> = (0..self.fields.len()).map(|i| self.multiline(i)).collect();
        let fixed: u16 = errors.iter().map(|e| e.len() as u16).sum::<u16>()
            + multi.iter().filter(|m| !**m).count() as u16;
        let multi_count = multi.iter().filter(|m| **m).count() as u16;
        let each = area
            .height
            .saturating_sub(fixed)
            .checked_div(multi_count)
            .map_or(0, |e| e.max(2));
        let mut y = area.y;
        for (i, ((field, input), errs)) in self.fields.iter_mut().zip(&errors).enumerate() {
            let height = if multi[i] { each } else { 1 };
            if y + height > area.bottom() {
                break;
            }
            let row = Rect { y, height, ..area };
            let focused = i == self.focus;
            let value = form::label(f, row, v.t.field(*field), focused, !errs.is_empty(), v);
            let style = if focused { v.theme.focus } else { v.theme.text };
            input.render(f, value, style, focused);
            y += height;
            for line in errs {
                if y < area.bottom() {
                    form::note(
                        f,
                        Rect {
                            y,
                            height: 1,
                            ..value
                        },
                        line,
                        v.theme.invalid,
                    );
                    y += 1;
                }
            }
        }
    }
}
