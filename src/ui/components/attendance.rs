//! Marking attendance at a study session: one line per deputy, Space (or
//! ←→) to mark present or on leave, and the reason typed straight in.

use super::text_input::{InputOutcome, TextInput};
use super::wrap::pad;
use crate::domain::register_forms::{Attendance, AttendanceLine};
use crate::ui::View;
use crate::ui::keys;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceEditor {
    lines: Vec<(AttendanceLine, TextInput)>,
    cursor: usize,
}

/// What a key did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceOutcome {
    Changed,
    Moved,
    /// Up on the first line or Down on the last: leave the list.
    LeftAbove,
    LeftBelow,
    Ignored,
}

impl AttendanceEditor {
    pub fn new(lines: Vec<AttendanceLine>) -> Self {
        Self {
            lines: lines
                .into_iter()
                .map(|l| {
                    let reason = TextInput::single(&l.reason);
                    (l, reason)
                })
                .collect(),
            cursor: 0,
        }
    }

    pub fn lines(&self) -> Vec<AttendanceLine> {
        self.lines
            .iter()
            .map(|(l, reason)| AttendanceLine {
                reason: reason.text(),
                ..l.clone()
            })
            .collect()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> AttendanceOutcome {
        if self.lines.is_empty() {
            return AttendanceOutcome::Ignored;
        }
        let last = self.lines.len() - 1;
        if keys::ALL_PRESENT.matches(&key) {
            // Everyone not yet marked came: the usual case in one key.
            for (l, _) in &mut self.lines {
                if l.state == Attendance::Unrecorded {
                    l.state = Attendance::Present;
                }
            }
            return AttendanceOutcome::Changed;
        }
        let (line, reason) = &mut self.lines[self.cursor];
        if keys::UP.matches(&key) && self.cursor == 0 {
            AttendanceOutcome::LeftAbove
        } else if keys::UP.matches(&key) {
            self.cursor -= 1;
            AttendanceOutcome::Moved
        } else if keys::DOWN.matches(&key) && self.cursor == last {
            AttendanceOutcome::LeftBelow
        } else if keys::DOWN.matches(&key) {
            self.cursor += 1;
            AttendanceOutcome::Moved
        } else if keys::SPACE.matches(&key) || keys::RIGHT.matches(&key) {
            line.state = line.state.next();
            AttendanceOutcome::Changed
        } else if keys::LEFT.matches(&key) {
            line.state = line.state.next().next();
            AttendanceOutcome::Changed
        } else {
            let was_empty = reason.is_empty();
            match reason.handle_key(key) {
                InputOutcome::Changed => {
                    // Typing a reason means the deputy is on leave.
                    if was_empty && !reason.is_empty() {
                        line.state = Attendance::OnLeave;
                    }
                    AttendanceOutcome::Changed
                }
                InputOutcome::Moved => AttendanceOutcome::Moved,
                InputOutcome::Ignored => AttendanceOutcome::Ignored,
            }
        }
    }

    pub fn paste(&mut self, text: &str) {
        if let Some((line, reason)) = self.lines.get_mut(self.cursor) {
            reason.insert_str(text);
            line.state = Attendance::OnLeave;
        }
    }

    /// Draws as many lines as fit, keeping the current one in view; the
    /// real cursor goes into the current line's reason.
    pub fn render(&mut self, f: &mut Frame, area: Rect, focused: bool, v: &View) {
        let rows = area.height as usize;
        if rows == 0 {
            return;
        }
        let r = &v.t.registers;
        if self.lines.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled(r.roster_empty, v.theme.muted)),
                area,
            );
            return;
        }
        let first = self.cursor.saturating_sub(rows - 1);
        for (i, (line, reason)) in self.lines.iter_mut().enumerate().skip(first).take(rows) {
            let y = area.y + (i - first) as u16;
            let current = focused && i == self.cursor;
            let (mark, style) = match line.state {
                Attendance::Present => (r.present, v.theme.ok),
                Attendance::OnLeave => (r.on_leave, v.theme.warn),
                Attendance::Unrecorded => (r.unrecorded, v.theme.muted),
            };
            let name = pad(&line.deputy_name, 10);
            let head = format!("[{}] {name} ", pad(mark, 4));
            let head_width = super::wrap::str_width(&head) as u16;
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            let head_style = if current { v.theme.selection } else { style };
            f.render_widget(
                Paragraph::new(Line::from(Span::styled(head, head_style))),
                row,
            );
            let reason_area = Rect {
                x: row.x + head_width,
                width: row.width.saturating_sub(head_width),
                ..row
            };
            if line.state == Attendance::OnLeave || current {
                if reason.is_empty() && !current {
                    continue;
                }
                super::labelled_input(
                    f,
                    reason_area,
                    r.reason_label,
                    v.theme.muted,
                    reason,
                    v.theme.text,
                    current,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn editor() -> AttendanceEditor {
        AttendanceEditor::new(
            ["王建国", "李秀英", "张伟"]
                .iter()
                .enumerate()
                .map(|(i, n)| AttendanceLine {
                    deputy_id: i.to_string(),
                    deputy_name: n.to_string(),
                    ..Default::default()
                })
                .collect(),
        )
    }

    #[test]
    fn marking_and_typing_a_reason() {
        let mut e = editor();
        assert_eq!(e.handle_key(key(KeyCode::Up)), AttendanceOutcome::LeftAbove);
        e.handle_key(key(KeyCode::Char(' ')));
        e.handle_key(key(KeyCode::Down));
        for c in "病假".chars() {
            e.handle_key(key(KeyCode::Char(c)));
        }
        e.handle_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
        let states: Vec<(Attendance, String)> =
            e.lines().into_iter().map(|l| (l.state, l.reason)).collect();
        assert_eq!(
            states,
            vec![
                (Attendance::Present, String::new()),
                (Attendance::OnLeave, "病假".into()),
                (Attendance::Present, String::new()),
            ]
        );
        e.handle_key(key(KeyCode::Down));
        assert_eq!(
            e.handle_key(key(KeyCode::Down)),
            AttendanceOutcome::LeftBelow
        );
    }
}
