//! A progress review (调度) of one project: each monthly milestone with
//! the state the review finds, changed with ←→ or Space. A milestone not
//! done after its month's last working day is marked overdue.

use crate::domain::calendar::Calendar;
use crate::domain::livelihood::{MilestoneState, milestone_due, milestone_overdue};
use crate::ui::components::list_nav;
use crate::ui::components::wrap::{pad, truncate, wrap_text};
use crate::ui::keys;
use crate::ui::{Hint, View};
use chrono::{Datelike, NaiveDate};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct ReviewEditor {
    /// (month, target, state found, overdue as of today)
    lines: Vec<(String, String, Option<MilestoneState>, bool)>,
    selected: usize,
    calendar: Calendar,
    today: NaiveDate,
}

impl ReviewEditor {
    pub fn new(
        milestones: &[(String, String, Option<MilestoneState>)],
        calendar: Calendar,
        today: NaiveDate,
    ) -> Self {
        let mut editor = Self {
            lines: Vec::new(),
            selected: 0,
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
        NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").is_ok_and(|first| {
            let due = milestone_due(&self.calendar, first.year(), first.month());
            milestone_overdue(due, state, self.today)
        })
    }

    /// The states to record: those set, by month.
    pub fn states(&self) -> Vec<(String, MilestoneState)> {
        self.lines
            .iter()
            .filter_map(|(m, _, s, _)| s.map(|s| (m.clone(), s)))
            .collect()
    }

    /// Moves or changes a state; false for a key it does not use.
    pub fn handle_key(&mut self, key: &KeyEvent) -> bool {
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

    pub fn render(&self, f: &mut Frame, area: Rect, v: &View) {
        let m = v.t.mszs;
        let width = area.width as usize;
        let mut lines: Vec<Line> = wrap_text(m.review_note, width)
            .into_iter()
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
    }

    pub fn hints(t: &'static crate::i18n::Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::LEFT_RIGHT.hint(t, t.mszs.hint_state),
            keys::SAVE.hint(t, t.hint_save),
            keys::ESC.hint(t, t.hint_cancel),
        ]
    }
}
