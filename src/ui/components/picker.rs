//! A pop-up list with a filter line: type (Chinese or letters) to narrow,
//! ↑↓ to move, Enter to choose, Esc to cancel.

use super::text_input::{InputOutcome, TextInput};
use super::wrap::pad;
use crate::domain::names;
use crate::i18n::Strings;
use crate::ui::keys;
use crate::ui::{Hint, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickOutcome {
    /// Still open.
    Open,
    /// The index of the chosen item in the original list.
    Chosen(usize),
    Cancelled,
    /// Add this new item and choose it (offered when nothing matches).
    Add(String),
}

#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    items: Vec<String>,
    filter: TextInput,
    selected: usize,
    /// A filter that matches nothing offers to add it as a new item.
    can_add: bool,
}

impl Picker {
    pub fn new(title: &str, items: Vec<String>, current: Option<&str>) -> Self {
        let selected = current
            .and_then(|c| items.iter().position(|i| i == c))
            .unwrap_or(0);
        Self {
            title: title.to_string(),
            items,
            filter: TextInput::single(""),
            selected,
            can_add: false,
        }
    }

    /// The item at `index` of the original list.
    pub fn item(&self, index: usize) -> &str {
        &self.items[index]
    }

    /// Offers `＋ 新增“…”` when the filter matches nothing (departments:
    /// a new station must not be stopped at its first referral).
    pub fn allowing_add(mut self) -> Self {
        self.can_add = true;
        self
    }

    /// Indexes of the items that match the filter: a fragment anywhere, or
    /// pinyin initials or spelling from the start (`wy` → 物业与社区管理).
    fn visible(&self) -> Vec<usize> {
        let needle = self.filter.text().to_lowercase();
        self.items
            .iter()
            .enumerate()
            .filter(|(_, item)| {
                item.to_lowercase().contains(&needle) || names::name_matches(item, &needle)
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The new item's name when the add row is showing.
    fn adding(&self) -> Option<String> {
        let name = self.filter.text().trim().to_string();
        (self.can_add && !name.is_empty() && self.visible().is_empty()).then_some(name)
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> PickOutcome {
        let visible = self.visible();
        let pos = visible.iter().position(|&i| i == self.selected);
        if keys::ESC.matches(&key) {
            return PickOutcome::Cancelled;
        }
        if keys::ENTER.matches(&key) {
            if let Some(name) = self.adding() {
                return PickOutcome::Add(name);
            }
            return match pos.or(if visible.is_empty() { None } else { Some(0) }) {
                Some(p) => PickOutcome::Chosen(visible[p]),
                None => PickOutcome::Open,
            };
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
        } else if self.filter.handle_key(key) == InputOutcome::Changed {
            if let Some(&first) = self.visible().first() {
                self.selected = first;
            }
        }
        PickOutcome::Open
    }

    /// The hint bar while the picker is open.
    pub fn hints(t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.hint_choose),
            keys::ESC.hint(t, t.hint_cancel),
        ]
    }

    /// The hint bar for this picker as it stands: Enter adds on the add row.
    pub fn current_hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = Self::hints(t);
        if self.adding().is_some() {
            hints[1] = keys::ENTER.hint(t, t.hint_add_and_choose);
        } else if self.can_add {
            hints.insert(0, Hint::new(t.key_type, t.hint_type_to_add));
        }
        hints
    }

    pub fn paste(&mut self, text: &str) {
        self.filter.insert_str(text);
    }

    /// Draws centred over `area`, with the cursor in the filter line.
    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let width = area.width.clamp(20, 50);
        let height = (self.items.len() as u16 + 4).clamp(6, area.height);
        let inner = super::popup_box(f, area, width, height, &self.title, v);
        let [filter_row, list_area] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
        super::labelled_input(
            f,
            filter_row,
            v.t.hint_filter,
            v.theme.muted,
            &mut self.filter,
            v.theme.focus,
            true,
        );

        let visible = self.visible();
        let rows = list_area.height as usize;
        let pos = visible
            .iter()
            .position(|&i| i == self.selected)
            .unwrap_or(0);
        let first = pos.saturating_sub(rows.saturating_sub(1));
        let lines: Vec<Line> = visible
            .iter()
            .skip(first)
            .take(rows)
            .map(|&i| {
                let text = pad(&self.items[i], list_area.width as usize);
                if i == self.selected {
                    Line::styled(text, v.theme.selection)
                } else {
                    Line::styled(text, v.theme.text)
                }
            })
            .collect();
        let lines = if let Some(name) = self.adding() {
            let text = pad(&v.t.picker_add_row.fill([&name]), list_area.width as usize);
            vec![Line::styled(text, v.theme.selection)]
        } else if lines.is_empty() && self.can_add {
            vec![Line::styled(v.t.picker_type_to_add, v.theme.muted)]
        } else if lines.is_empty() {
            vec![Line::styled(v.t.no_match, v.theme.muted)]
        } else {
            lines
        };
        f.render_widget(Paragraph::new(lines), list_area);
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
    fn filtering_and_choosing() {
        let items = vec!["交通出行".to_string(), "教育".into(), "市政公用".into()];
        let mut p = Picker::new("类别", items, Some("教育"));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickOutcome::Chosen(1));
        p.handle_key(key(KeyCode::Char('市')));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickOutcome::Chosen(2));
        p.handle_key(key(KeyCode::Backspace));
        p.handle_key(key(KeyCode::Up));
        p.handle_key(key(KeyCode::Up));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickOutcome::Chosen(0));
        assert_eq!(p.handle_key(key(KeyCode::Esc)), PickOutcome::Cancelled);
        p.handle_key(key(KeyCode::Char('无')));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickOutcome::Open);
    }

    #[test]
    fn pinyin_initials_narrow_the_list() {
        let items = vec!["交通出行".to_string(), "物业与社区管理".into()];
        let mut p = Picker::new("类别", items, None);
        p.handle_key(key(KeyCode::Char('w')));
        p.handle_key(key(KeyCode::Char('y')));
        assert_eq!(p.handle_key(key(KeyCode::Enter)), PickOutcome::Chosen(1));
    }

    #[test]
    fn a_filter_matching_nothing_offers_to_add_it() {
        let mut p = Picker::new("单位", vec!["区交通委".to_string()], None).allowing_add();
        for c in "街道城管科".chars() {
            p.handle_key(key(KeyCode::Char(c)));
        }
        assert_eq!(
            p.handle_key(key(KeyCode::Enter)),
            PickOutcome::Add("街道城管科".into())
        );
        let mut plain = Picker::new("单位", vec![], None);
        plain.handle_key(key(KeyCode::Char('x')));
        assert_eq!(plain.handle_key(key(KeyCode::Enter)), PickOutcome::Open);
    }
}
