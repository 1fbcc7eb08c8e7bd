//! A text field for Chinese input: inserts, deletes and moves by whole
//! characters, measures in terminal columns, wraps multi-line text with the
//! 禁则 rule, and puts the real terminal cursor at the insertion point so
//! that the pinyin candidate window appears beside it.

use super::wrap::{LineSpan, char_width, wrap_spans};
use crate::ui::keys;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

thread_local! {
    /// Set while a modal pop-up (help, a question) stands in front: the
    /// fields beneath leave the terminal cursor hidden, or the pinyin
    /// window would open under the pop-up.
    static CURSOR_HIDDEN: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Draws with the fields' cursor hidden when `hidden`.
pub fn with_cursor_hidden<R>(hidden: bool, draw: impl FnOnce() -> R) -> R {
    let before = CURSOR_HIDDEN.replace(hidden);
    let result = draw();
    CURSOR_HIDDEN.set(before);
    result
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputOutcome {
    /// The text changed.
    Changed,
    /// Only the cursor moved.
    Moved,
    /// The key is not for this field (the form may use it).
    Ignored,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TextInput {
    chars: Vec<char>,
    cursor: usize,
    multiline: bool,
    /// First visible character (single line) or line (multi-line).
    scroll: usize,
    /// Width at the last render, for moving up and down between wrapped lines.
    last_width: usize,
    /// Shown as `*` (PINs).
    secret: bool,
}

impl TextInput {
    pub fn single(text: &str) -> Self {
        let mut input = Self::default();
        input.set_text(text);
        input
    }

    pub fn multi(text: &str) -> Self {
        let mut input = Self {
            multiline: true,
            ..Self::default()
        };
        input.set_text(text);
        input
    }

    /// A single line shown as stars, for PINs.
    pub fn secret() -> Self {
        Self {
            secret: true,
            ..Self::default()
        }
    }

    /// Puts the cursor before the first character (long texts open at the top).
    pub fn at_start(mut self) -> Self {
        self.cursor = 0;
        self.scroll = 0;
        self
    }

    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }

    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    pub fn is_empty(&self) -> bool {
        self.chars.is_empty()
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The start and end (exclusive, before its line break) of the line
    /// the cursor is on.
    fn cursor_line(&self) -> (usize, usize) {
        let start = self.chars[..self.cursor]
            .iter()
            .rposition(|c| *c == '\n')
            .map_or(0, |i| i + 1);
        let end = self.chars[self.cursor..]
            .iter()
            .position(|c| *c == '\n')
            .map_or(self.chars.len(), |i| self.cursor + i);
        (start, end)
    }

    /// Adds `row` as a new line below the cursor's and puts the cursor at
    /// its start (a list edited a row at a time).
    pub fn add_row_below(&mut self, row: &str) {
        let (_, end) = self.cursor_line();
        self.cursor = end;
        let at_start = self.chars.is_empty();
        if !at_start {
            self.chars.insert(self.cursor, '\n');
            self.cursor += 1;
        }
        let start = self.cursor;
        self.insert_str(row);
        self.cursor = start;
    }

    /// Removes the cursor's line; the cursor goes to the start of the line
    /// that takes its place (or of the one before, for the last line).
    pub fn remove_row(&mut self) {
        let (start, end) = self.cursor_line();
        if end == self.chars.len() {
            // The last line goes with the line break before it.
            let from = start.saturating_sub(1);
            self.chars.drain(from..end);
            self.cursor = from;
            self.cursor = self.cursor_line().0;
        } else {
            self.chars.drain(start..=end);
            self.cursor = start;
        }
    }

    /// Replaces the text and puts the cursor at its end.
    pub fn set_text(&mut self, text: &str) {
        self.chars.clear();
        self.cursor = 0;
        self.scroll = 0;
        self.insert_str(text);
    }

    /// Inserts typed or pasted text at the cursor, dropping control
    /// characters (keeping line breaks in multi-line fields).
    pub fn insert_str(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        for c in text.chars() {
            let c = match c {
                '\n' if self.multiline => '\n',
                '\n' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            self.chars.insert(self.cursor, c);
            self.cursor += 1;
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> InputOutcome {
        let (len, at) = (self.chars.len(), self.cursor);
        if self.multiline && (keys::NEWLINE.matches(&key) || keys::NEWLINE_CTRL.matches(&key)) {
            self.insert_str("\n");
            InputOutcome::Changed
        } else if keys::LINE_START.matches(&key) || keys::HOME.matches(&key) {
            self.move_to(0)
        } else if keys::LINE_END.matches(&key) || keys::END.matches(&key) {
            self.move_to(len)
        } else if keys::CLEAR_BEFORE.matches(&key) {
            if at == 0 {
                return InputOutcome::Ignored;
            }
            self.chars.drain(..at);
            self.cursor = 0;
            InputOutcome::Changed
        } else if let Some(c) = keys::typed(&key) {
            self.insert_str(&c.to_string());
            InputOutcome::Changed
        } else if keys::BACKSPACE.matches(&key) && at > 0 {
            self.cursor -= 1;
            self.chars.remove(self.cursor);
            InputOutcome::Changed
        } else if keys::DELETE_CHAR.matches(&key) && at < len {
            self.chars.remove(at);
            InputOutcome::Changed
        } else if keys::LEFT.matches(&key) && at > 0 {
            self.move_to(at - 1)
        } else if keys::RIGHT.matches(&key) && at < len {
            self.move_to(at + 1)
        } else if keys::UP.matches(&key) && self.multiline {
            self.move_line(-1)
        } else if keys::DOWN.matches(&key) && self.multiline {
            self.move_line(1)
        } else {
            InputOutcome::Ignored
        }
    }

    fn move_to(&mut self, to: usize) -> InputOutcome {
        if to == self.cursor {
            return InputOutcome::Ignored;
        }
        self.cursor = to;
        InputOutcome::Moved
    }

    /// Moves to the same column on the wrapped line above or below; at the
    /// first or last line the key is left for the form.
    fn move_line(&mut self, delta: isize) -> InputOutcome {
        let width = self.last_width.max(2);
        let lines = wrap_spans(&self.chars, width);
        let (row, col) = cursor_row_col(&self.chars, &lines, self.cursor, width);
        let target = row as isize + delta;
        if target < 0 || target as usize >= lines.len() {
            return InputOutcome::Ignored;
        }
        let line = lines[target as usize];
        let mut used = 0;
        let mut to = line.start;
        while to < line.end && used + char_width(self.chars[to]) <= col {
            used += char_width(self.chars[to]);
            to += 1;
        }
        self.move_to(to)
    }

    /// Lines this field needs at `width` (for layouts that grow with text).
    pub fn height_for(&self, width: u16) -> u16 {
        if !self.multiline {
            return 1;
        }
        let width = width as usize;
        let lines = wrap_spans(&self.chars, width);
        let (row, _) = cursor_row_col(&self.chars, &lines, self.cursor, width);
        lines.len().max(row + 1) as u16
    }

    /// Draws the field; when `focused`, places the terminal cursor in it.
    pub fn render(&mut self, f: &mut Frame, area: Rect, style: Style, focused: bool) {
        if area.width == 0 || area.height == 0 {
            return;
        }
        self.last_width = area.width as usize;
        let typed = self.secret.then(|| {
            let stars = vec!['*'; self.chars.len()];
            std::mem::replace(&mut self.chars, stars)
        });
        let (lines, cursor) = if self.multiline {
            self.layout_multi(area)
        } else {
            self.layout_single(area)
        };
        if let Some(typed) = typed {
            self.chars = typed;
        }
        f.render_widget(Paragraph::new(lines).style(style), area);
        if focused && !CURSOR_HIDDEN.get() {
            f.set_cursor_position(Position::new(area.x + cursor.0, area.y + cursor.1));
        }
    }

    fn layout_single(&mut self, area: Rect) -> (Vec<Line<'static>>, (u16, u16)) {
        let width = area.width as usize;
        // Keep one column free for the cursor at the end of the text.
        let cols = |from: usize, to: usize| -> usize {
            self.chars[from..to].iter().map(|&c| char_width(c)).sum()
        };
        if self.cursor < self.scroll {
            self.scroll = self.cursor;
        }
        // Text scrolled off to the left is shown as a leading `…`, which
        // takes a column of its own.
        let lead = |scroll: usize| usize::from(scroll > 0);
        let mut before_cursor = cols(self.scroll, self.cursor);
        while self.scroll < self.cursor && lead(self.scroll) + before_cursor + 1 > width {
            before_cursor -= char_width(self.chars[self.scroll]);
            self.scroll += 1;
        }
        let lead = lead(self.scroll);
        let mut shown = if lead > 0 {
            "…".to_string()
        } else {
            String::new()
        };
        let mut used = lead;
        for &c in &self.chars[self.scroll..] {
            let w = char_width(c);
            if used + w > width {
                break;
            }
            shown.push(c);
            used += w;
        }
        let x = (lead + before_cursor).min(width - 1) as u16;
        (vec![Line::raw(shown)], (x, 0))
    }

    fn layout_multi(&mut self, area: Rect) -> (Vec<Line<'static>>, (u16, u16)) {
        let width = area.width as usize;
        let height = area.height as usize;
        let lines = wrap_spans(&self.chars, width);
        let (row, col) = cursor_row_col(&self.chars, &lines, self.cursor, width);
        if row < self.scroll {
            self.scroll = row;
        }
        if row >= self.scroll + height {
            self.scroll = row + 1 - height;
        }
        let shown = lines
            .iter()
            .skip(self.scroll)
            .take(height)
            .map(|l| Line::raw(self.chars[l.start..l.end].iter().collect::<String>()))
            .collect();
        (
            shown,
            (col.min(width - 1) as u16, (row - self.scroll) as u16),
        )
    }
}

/// The display row and column of the cursor among wrapped lines. A cursor
/// at the end of a full soft-wrapped line sits at the start of the next row.
fn cursor_row_col(
    chars: &[char],
    lines: &[LineSpan],
    cursor: usize,
    width: usize,
) -> (usize, usize) {
    let cols = |l: &LineSpan, to: usize| -> usize {
        chars[l.start..to].iter().map(|&c| char_width(c)).sum()
    };
    for (row, line) in lines.iter().enumerate() {
        let last = row + 1 == lines.len();
        let inside = cursor >= line.start
            && (cursor < line.end || (cursor == line.end && (line.hard_break || last)));
        if inside {
            let col = cols(line, cursor);
            if last && col >= width {
                return (row + 1, 0);
            }
            return (row, col);
        }
    }
    (lines.len().saturating_sub(1), 0)
}

#[cfg(test)]
mod tests {

    #[test]
    fn rows_are_added_below_and_removed_whole() {
        let mut input = TextInput::multi("a\nb\nc");
        input.cursor = 2; // on "b"
        input.add_row_below("x");
        assert_eq!(input.text(), "a\nb\nx\nc");
        assert_eq!(input.cursor(), 4);
        input.remove_row();
        assert_eq!(input.text(), "a\nb\nc");
        input.cursor = 4; // on "c", the last line
        input.remove_row();
        assert_eq!(input.text(), "a\nb");
        let mut empty = TextInput::multi("");
        empty.add_row_below("2026-12-31 放假");
        assert_eq!(empty.text(), "2026-12-31 放假");
        empty.remove_row();
        assert_eq!(empty.text(), "");
    }

    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(input: &mut TextInput, s: &str) {
        for c in s.chars() {
            input.handle_key(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn chinese_is_edited_by_whole_characters() {
        let mut input = TextInput::single("");
        typed(&mut input, "张三丰");
        assert_eq!(input.cursor(), 3);
        input.handle_key(key(KeyCode::Left));
        input.handle_key(key(KeyCode::Backspace));
        assert_eq!(input.text(), "张丰");
        input.handle_key(key(KeyCode::Home));
        input.handle_key(key(KeyCode::Delete));
        assert_eq!(input.text(), "丰");
        typed(&mut input, "李");
        assert_eq!(input.text(), "李丰");
        assert_eq!(input.handle_key(key(KeyCode::Tab)), InputOutcome::Ignored);
    }

    #[test]
    fn paste_drops_control_characters() {
        let mut single = TextInput::single("");
        single.insert_str("一\u{0}二\r\n三\u{1b}");
        assert_eq!(single.text(), "一二 三");
        let mut multi = TextInput::multi("");
        multi.insert_str("一\r\n二\t三");
        assert_eq!(multi.text(), "一\n二 三");
    }

    #[test]
    fn newline_only_in_multiline_fields() {
        let mut multi = TextInput::multi("ab");
        multi.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT));
        assert_eq!(multi.text(), "ab\n");
        let mut single = TextInput::single("ab");
        assert_eq!(
            single.handle_key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
            InputOutcome::Ignored
        );
    }

    #[test]
    fn cursor_rows_and_columns() {
        let chars: Vec<char> = "一二三".chars().collect();
        let lines = wrap_spans(&chars, 4);
        assert_eq!(cursor_row_col(&chars, &lines, 0, 4), (0, 0));
        assert_eq!(cursor_row_col(&chars, &lines, 1, 4), (0, 2));
        // At the end of a full line the cursor starts the next row.
        assert_eq!(cursor_row_col(&chars, &lines, 2, 4), (1, 0));
        assert_eq!(cursor_row_col(&chars, &lines, 3, 4), (1, 2));
        let chars: Vec<char> = "一二".chars().collect();
        let lines = wrap_spans(&chars, 4);
        assert_eq!(cursor_row_col(&chars, &lines, 2, 4), (1, 0));
    }

    #[test]
    fn up_and_down_move_between_wrapped_lines() {
        let mut input = TextInput::multi("一二三四五六");
        input.last_width = 4;
        input.handle_key(key(KeyCode::Home));
        input.handle_key(key(KeyCode::Right));
        assert_eq!(input.handle_key(key(KeyCode::Down)), InputOutcome::Moved);
        assert_eq!(input.cursor(), 3);
        assert_eq!(input.handle_key(key(KeyCode::Up)), InputOutcome::Moved);
        assert_eq!(input.cursor(), 1);
        assert_eq!(input.handle_key(key(KeyCode::Up)), InputOutcome::Ignored);
    }
}
