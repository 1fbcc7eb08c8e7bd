//! 回头看: the items a completed project still has to put right, each
//! followed until it is closed. The list and the line where a new item is
//! typed; the projects screen does the saving.

use crate::i18n::Strings;
use crate::store::FollowUp;
use crate::ui::components::labelled_input;
use crate::ui::components::list_nav;
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::{pad, str_width, truncate, wrap_text};
use crate::ui::keys;
use crate::ui::{Hint, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// What a key asks of the projects screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FollowUpAsk {
    None,
    Close,
    /// Save a new item with this text.
    Add(String),
    /// Close the editor.
    Leave,
}

pub struct FollowUpEditor {
    pub items: Vec<FollowUp>,
    selected: usize,
    /// The new item being typed, if any.
    input: Option<TextInput>,
}

impl FollowUpEditor {
    pub fn new(items: Vec<FollowUp>) -> Self {
        Self {
            items,
            selected: 0,
            input: None,
        }
    }

    pub fn selected(&self) -> Option<&FollowUp> {
        self.items.get(self.selected)
    }

    /// Keeps what was typed after a refused save.
    pub fn retry(&mut self, text: &str) {
        self.input = Some(TextInput::single(text));
    }

    pub fn typing(&self) -> bool {
        self.input.is_some()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FollowUpAsk {
        if let Some(input) = &mut self.input {
            if keys::ESC.matches(&key) {
                self.input = None;
            } else if keys::ENTER.matches(&key) || keys::SAVE.matches(&key) {
                let text = input.text();
                self.input = None;
                return FollowUpAsk::Add(text);
            } else {
                input.handle_key(key);
            }
            return FollowUpAsk::None;
        }
        if keys::ESC.matches(&key) {
            return FollowUpAsk::Leave;
        }
        if list_nav::cycle(&key, &mut self.selected, self.items.len().max(1)) {
            return FollowUpAsk::None;
        }
        if keys::ADD.matches(&key) {
            self.input = Some(TextInput::single(""));
        } else if keys::ENTER.matches(&key) {
            return FollowUpAsk::Close;
        }
        FollowUpAsk::None
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(input) = &mut self.input {
            input.insert_str(text);
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let m = v.t.mszs;
        let width = area.width as usize;
        let mut lines: Vec<Line> = Vec::new();
        if self.items.is_empty() {
            let empty = if v.read_only {
                m.followups_none.to_string()
            } else {
                m.followups_empty.fill([&keys::ADD.name(v.t)])
            };
            lines.extend(
                wrap_text(&empty, width)
                    .into_iter()
                    .map(|l| Line::styled(l, v.theme.muted)),
            );
        }
        for (i, item) in self.items.iter().enumerate() {
            let state = match item.closed {
                Some(d) => m.followup_closed.fill([&d]),
                None => m.followup_open.to_string(),
            };
            let head = format!(" {}  [{state}] ", item.opened);
            let rest = width.saturating_sub(str_width(&head));
            let style = match (i == self.selected, item.closed.is_none()) {
                (true, _) => v.theme.selection,
                (_, true) => v.theme.warn,
                _ => v.theme.text,
            };
            let text = format!("{head}{}", truncate(&item.item, rest));
            lines.push(Line::styled(pad(&text, width), style));
        }
        f.render_widget(Paragraph::new(lines), area);
        if let Some(input) = &mut self.input {
            let row = Rect {
                y: area.y + area.height.saturating_sub(1),
                height: 1,
                ..area
            };
            let (label, text) = (v.theme.title, v.theme.text);
            labelled_input(f, row, m.followup_item, label, input, text, true);
        }
    }

    pub fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.typing() {
            return vec![
                keys::ENTER.change_hint(t, t.hint_save),
                keys::ESC.hint(t, t.hint_cancel),
            ];
        }
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ADD.change_hint(t, t.mszs.hint_add_item),
            keys::ENTER.change_hint(t, t.mszs.hint_close_item),
            keys::ESC.hint(t, t.hint_back),
        ]
    }
}
