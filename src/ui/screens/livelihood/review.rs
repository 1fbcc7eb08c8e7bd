//! A progress review (调度) of one project: each monthly milestone with
//! the state the review finds, changed with ←→ or Space. A milestone not
//! done after its month's last working day is marked overdue.

use crate::domain::calendar::Calendar;
use crate::domain::fields::Field;
use crate::domain::livelihood::{MilestoneState, month_overdue};
use crate::ui::components::labelled_input;
use crate::ui::components::list_nav;
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::wrap::{pad, truncate, wrap_text};
use crate::ui::keys;
use crate::ui::{Hint, View};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct ReviewEditor {
    /// (month, target, state found, overdue as of today)
    lines: Vec<(String, String, Option<MilestoneState>, bool)>,
    selected: usize,
    /// Problems found and what is to be done; focused instead of the list.
    pub note: TextInput,
    note_focused: bool,
    /// The last review's date and note, for reference.
    last: Option<(NaiveDate, String)>,
    calendar: Calendar,
    today: NaiveDate,
}

impl ReviewEditor {
    pub fn new(
        milestones: &[(String, String, Option<MilestoneState>)],
        last: Option<(NaiveDate, String)>,
        calendar: Calendar,
        today: NaiveDate,
    ) -> Self {
        let mut editor = Self {
            lines: Vec::new(),
            selected: 0,
            note: TextInput::single(""),
            note_focused: false,
            last,
            calendar,
            today,
        };
        editor.lines = milestones
            .iter()
            .map(|(m, t, s)| (m.clone(), t.clone(), *s, editor.overdue(m, *s)))
            .collect();
        editor
    }

    fn overdue(&self, month: &str, state: Option<MilestoneState>) -> bool {
        month_overdue(&self.calendar, month, state, self.today)
    }

    /// The states to record: those set, by month.
    pub fn states(&self) -> Vec<(String, MilestoneState)> {
        self.lines
            .iter()
            .filter_map(|(m, _, s, _)| s.map(|s| (m.clone(), s)))
            .collect()
    }

    /// Moves, changes a state or edits the note; false for a key it does
    /// not use.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
        if keys::TAB.matches(key) || keys::BACK_TAB.matches(key) {
            self.note_focused = !self.note_focused;
            return true;
        }
        if self.note_focused {
            return self.note.handle_key(*key) != InputOutcome::Ignored;
        }
        if list_nav::cycle(key, &mut self.selected, self.lines.len().max(1)) {
            return true;
        }
        let all = MilestoneState::ALL;
        let step = if keys::RIGHT.matches(key) || keys::SPACE.matches(key) {
            1
        } else if keys::LEFT.matches(key) {
            all.len() - 1
        } else {
            return false;
        };
        let overdue = {
            let Some(line) = self.lines.get_mut(self.selected) else {
                return true;
            };
            let next = line.2.map_or(0, |s| (s.index() + step) % all.len());
            line.2 = Some(all[next]);
            (line.0.clone(), line.2)
        };
        let late = self.overdue(&overdue.0, overdue.1);
        self.lines[self.selected].3 = late;
        true
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let m = v.t.mszs;
        let width = area.width as usize;
        let mut intro = m.review_note.to_string();
        if let Some((date, note)) = self.last.as_ref().filter(|(_, n)| !n.is_empty()) {
            intro = format!("{intro}\n{}", m.last_review.fill([date, note]));
        }
        let mut lines: Vec<Line> = intro
            .lines()
            .flat_map(|l| wrap_text(l, width))
            .map(|l| Line::styled(l, v.theme.muted))
            .collect();
        lines.push(Line::raw(""));
        for (i, (month, target, state, overdue)) in self.lines.iter().enumerate() {
            let word = state.map_or(m.unreviewed, |s| m.milestone_states[s.index()]);
            let mark = if *overdue { m.overdue_mark } else { "" };
            let head = format!(" {month}  [{word}] {mark} ");
            let rest = width.saturating_sub(crate::ui::components::wrap::str_width(&head));
            let text = format!("{head}{}", truncate(target, rest));
            let style = match (i == self.selected, overdue) {
                (true, _) => v.theme.selection,
                (_, true) => v.theme.warn,
                _ => v.theme.text,
            };
            lines.push(Line::styled(pad(&text, width), style));
        }
        f.render_widget(Paragraph::new(lines), area);
        let row = Rect {
            y: area.y + area.height.saturating_sub(1),
            height: 1,
            ..area
        };
        let label = v.t.field(Field::ReviewNote);
        let style = if self.note_focused {
            v.theme.focus
        } else {
            v.theme.title
        };
        labelled_input(
            f,
            row,
            label,
            style,
            &mut self.note,
            v.theme.text,
            self.note_focused,
        );
    }

    pub fn note_focused(&self) -> bool {
        self.note_focused
    }

    pub fn hints(&self, t: &'static crate::i18n::Strings) -> Vec<Hint> {
        let mut hints = if self.note_focused {
            vec![keys::TAB.hint(t, t.hint_next_field)]
        } else {
            vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::LEFT_RIGHT.hint(t, t.mszs.hint_state),
                keys::TAB.hint(t, t.mszs.hint_note),
            ]
        };
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_cancel));
        hints
    }
}
