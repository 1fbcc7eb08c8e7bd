//! A pop-up checklist of people: type part of a name, or its pinyin
//! initials, to narrow; Space ticks or unticks; Enter is done.

use super::text_input::{InputOutcome, TextInput};
use super::wrap::pad;
use crate::domain::names::name_matches;
use crate::i18n::Strings;
use crate::ui::View;
use crate::ui::keys;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultiOutcome {
    Open,
    Done,
}

/// The options (id, name) and which are ticked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Choices {
    pub options: Vec<(String, String)>,
    pub ticked: Vec<bool>,
}

impl Choices {
    pub fn new(options: Vec<(String, String)>, ticked_ids: &[String]) -> Self {
        let ticked = options
            .iter()
            .map(|(id, _)| ticked_ids.contains(id))
            .collect();
        Self { options, ticked }
    }

    pub fn ticked_ids(&self) -> Vec<String> {
        self.options
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|((id, _), _)| id.clone())
            .collect()
    }

    /// The ticked names, joined for one line: 张三、李四.
    pub fn summary(&self) -> String {
        self.options
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|((_, name), _)| name.as_str())
            .collect::<Vec<_>>()
            .join("、")
    }
}

#[derive(Debug, Clone)]
pub struct MultiPicker {
    title: String,
    filter: TextInput,
    /// Index into the options of the highlighted one.
    selected: usize,
}

/// The line under the checklist: which key ticks, which closes.
fn pick_help(t: &Strings) -> String {
    let keys = [&keys::SPACE, &keys::ENTER].map(|b| b.name(t));
    t.registers.pick_help.fill([&keys[0], &keys[1]])
}

impl MultiPicker {
    pub fn new(title: &str) -> Self {
        Self {
            title: title.to_string(),
            filter: TextInput::single(""),
            selected: 0,
        }
    }

    pub fn set_title(&mut self, title: &str) {
        self.title = title.to_string();
    }

    fn visible(&self, choices: &Choices) -> Vec<usize> {
        let needle = self.filter.text();
        (0..choices.options.len())
            .filter(|&i| name_matches(&choices.options[i].1, &needle))
            .collect()
    }

    pub fn handle_key(&mut self, key: KeyEvent, choices: &mut Choices) -> MultiOutcome {
        let visible = self.visible(choices);
        let pos = visible.iter().position(|&i| i == self.selected);
        let done = [&keys::ESC, &keys::ENTER, &keys::TAB];
        if done.iter().any(|b| b.matches(&key)) {
            return MultiOutcome::Done;
        }
        if keys::UP.matches(&key) {
            if let Some(p) = pos.filter(|&p| p > 0) {
                self.selected = visible[p - 1];
            }
        } else if keys::DOWN.matches(&key) {
            match pos {
                Some(p) if p + 1 < visible.len() => self.selected = visible[p + 1],
                None if !visible.is_empty() => self.selected = visible[0],
                _ => {}
            }
        } else if keys::SPACE.matches(&key) {
            let target = pos.map(|p| visible[p]).or(visible.first().copied());
            if let Some(i) = target {
                choices.ticked[i] = !choices.ticked[i];
                self.selected = i;
            }
        } else if self.filter.handle_key(key) == InputOutcome::Changed {
            if let Some(&first) = self.visible(choices).first() {
                self.selected = first;
            }
        }
        MultiOutcome::Open
    }

    pub fn paste(&mut self, text: &str) {
        self.filter.insert_str(text);
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, choices: &Choices, v: &View) {
        let width = area.width.clamp(20, 44);
        let height = (choices.options.len() as u16 + 5).clamp(7, area.height);
        let inner = super::popup_box(f, area, width, height, &self.title, v);
        let [filter_row, list_area, help_row] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let visible = self.visible(choices);
        let rows = list_area.height as usize;
        let pos = visible
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0);
        let first = pos.saturating_sub(rows.saturating_sub(1));
        let mut lines: Vec<Line> = visible
            .iter()
            .skip(first)
            .take(rows)
            .map(|&i| {
                let mark = if choices.ticked[i] { "[✓]" } else { "[ ]" };
                let text = pad(
                    &format!("{mark} {}", choices.options[i].1),
                    list_area.width as usize,
                );
                let style = if i == self.selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                Line::styled(text, style)
            })
            .collect();
        if lines.is_empty() {
            lines.push(Line::styled(v.t.no_match, v.theme.muted));
        }
        f.render_widget(Paragraph::new(lines), list_area);
        f.render_widget(
            Paragraph::new(Span::styled(pick_help(v.t), v.theme.muted)),
            help_row,
        );
        // Last, so that the real cursor (and the pinyin window) sits here.
        super::labelled_input(
            f,
            filter_row,
            v.t.hint_filter,
            v.theme.muted,
            &mut self.filter,
            v.theme.focus,
            true,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn ticking_by_name_and_pinyin() {
        let mut c = Choices::new(
            vec![
                ("1".into(), "王建国".into()),
                ("2".into(), "李秀英".into()),
                ("3".into(), "张伟".into()),
            ],
            &["2".to_string()],
        );
        let mut p = MultiPicker::new("参加代表");
        p.handle_key(key(KeyCode::Char(' ')), &mut c);
        for ch in "zw".chars() {
            p.handle_key(key(KeyCode::Char(ch)), &mut c);
        }
        p.handle_key(key(KeyCode::Char(' ')), &mut c);
        assert_eq!(c.ticked_ids(), vec!["1", "2", "3"]);
        assert_eq!(c.summary(), "王建国、李秀英、张伟");
        p.handle_key(key(KeyCode::Char(' ')), &mut c);
        assert_eq!(c.ticked_ids(), vec!["1", "2"]);
        assert_eq!(
            p.handle_key(key(KeyCode::Enter), &mut c),
            MultiOutcome::Done
        );
    }
}
