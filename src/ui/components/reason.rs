//! A pop-up that asks why (a reveal, reopening a day): a note, the reason
//! typed with the real cursor in it, and the problem if it was refused.

use super::text_input::TextInput;
use super::wrap::wrap_text;
use super::{labelled_input, popup_box};
use crate::domain::fields::Field;
use crate::i18n::Strings;
use crate::ui::keys;
use crate::ui::{Hint, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonOutcome {
    /// Still typing.
    Open,
    /// Enter: the reason as typed (the store checks it).
    Submit(String),
    Cancelled,
}

#[derive(Debug, Clone, Default)]
pub struct ReasonPrompt {
    input: TextInput,
    problem: Option<String>,
}

impl ReasonPrompt {
    pub fn new() -> Self {
        Self::default()
    }

    /// Shows why the reason was refused; what was typed stays.
    pub fn refused(&mut self, problem: String) {
        self.problem = Some(problem);
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> ReasonOutcome {
        if keys::ESC.matches(&key) {
            ReasonOutcome::Cancelled
        } else if keys::ENTER.matches(&key) {
            ReasonOutcome::Submit(self.input.text())
        } else {
            self.input.handle_key(key);
            ReasonOutcome::Open
        }
    }

    /// The hint bar while the prompt is open.
    pub fn hints(t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::ENTER.hint(t, t.hint_confirm),
            keys::ESC.hint(t, t.hint_cancel),
        ]
    }

    pub fn paste(&mut self, text: &str) {
        self.input.insert_str(text);
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, title: &str, note: &str, v: &View) {
        let inner = popup_box(f, area, 70, 8, title, v);
        let note: Vec<Line> = wrap_text(note, inner.width as usize)
            .into_iter()
            .map(|l| Line::styled(l, v.theme.muted))
            .collect();
        let note_height = (note.len() as u16).min(3);
        f.render_widget(
            Paragraph::new(note),
            Rect {
                height: note_height,
                ..inner
            },
        );
        let row = |y, height| Rect {
            y: inner.y + y,
            height,
            ..inner
        };
        let label = v.t.field(Field::Reason);
        let input_row = row(note_height + 1, 1);
        labelled_input(
            f,
            input_row,
            label,
            v.theme.focus,
            &mut self.input,
            v.theme.text,
            true,
        );
        if let Some(p) = &self.problem {
            let below = row(
                note_height + 2,
                inner.height.saturating_sub(note_height + 2),
            );
            f.render_widget(
                Paragraph::new(Line::styled(p.clone(), v.theme.error)),
                below,
            );
        }
    }
}
