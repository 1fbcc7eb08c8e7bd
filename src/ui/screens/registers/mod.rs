//! 五簿一册: the registers of the station's preset, each opening as a
//! paper-like page; the roster, activity and study registers are also
//! where their entries are added and corrected.

pub mod duty_record;
pub mod record_form;
pub mod view;

use super::livelihood::CandidatesScreen;
use crate::domain::registers::{RegisterDef, Source, preset, presets};
use crate::i18n::{Strings, fill};
use crate::ui::components::list_nav;
use crate::ui::components::panel;
use crate::ui::components::wrap::pad;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use view::RegisterView;

pub struct RegistersScreen {
    preset_name: String,
    registers: Vec<RegisterDef>,
    selected: usize,
}

impl RegistersScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let key = cx
            .store
            .settings()
            .map(|s| s.register_preset)
            .unwrap_or_default();
        let chosen = preset(&key);
        let mut registers = chosen.map(|p| p.registers.clone()).unwrap_or_default();
        // Deputies must be kept somewhere even when a preset has no roster.
        if !registers.iter().any(|r| r.source == Source::Roster) {
            if let Some(roster) = presets()
                .iter()
                .flat_map(|p| &p.registers)
                .find(|r| r.source == Source::Roster)
            {
                registers.push(roster.clone());
            }
        }
        Self {
            preset_name: chosen.map(|p| p.name.clone()).unwrap_or_default(),
            registers,
            selected: 0,
        }
    }

    /// Rows on the page: the registers, then 民生实事.
    fn rows(&self) -> usize {
        self.registers.len() + 1
    }

    fn open(&self, index: usize, cx: &mut Ctx) -> Action {
        match self.registers.get(index) {
            Some(def) => Action::Push(Box::new(RegisterView::new(def.clone(), cx))),
            None if index == self.registers.len() => {
                Action::Push(Box::new(CandidatesScreen::new(cx)))
            }
            None => Action::None,
        }
    }
}

/// What a register holds, in a few words.
fn note(def: &RegisterDef, t: &Strings) -> String {
    if !def.kinds.is_empty() {
        return fill(t.registers.kinds_note, &[&def.kinds.join("、")]);
    }
    let n = &t.registers.source_notes;
    match def.source {
        Source::Reception => n[0],
        Source::Handling => n[1],
        Source::Activities => n[2],
        Source::Study => n[3],
        Source::DutyRecord => n[4],
        Source::Roster => n[5],
    }
    .to_string()
}

impl Screen for RegistersScreen {
    fn title(&self, t: &Strings) -> String {
        fill(t.registers.hub_title, &[&self.preset_name])
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let count = self.rows();
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if list_nav::cycle(&key, &mut self.selected, count) {
            return Action::None;
        }
        if keys::ENTER.matches(&key) {
            return self.open(self.selected, cx);
        }
        if let Some(index) = keys::DIGITS.index(&key).filter(|&i| i < self.rows()) {
            self.selected = index;
            return self.open(index, cx);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        let width = inner.width as usize;
        let spacious = inner.height as usize >= self.rows() * 3 + 2;
        let mut lines = vec![
            Line::styled(v.t.registers.hub_intro, v.theme.muted),
            Line::raw(""),
        ];
        let entries = self
            .registers
            .iter()
            .map(|def| (def.title.clone(), note(def, v.t)))
            .chain([(v.t.mszs.entry.to_string(), v.t.mszs.entry_note.to_string())]);
        for (i, (title, note)) in entries.enumerate() {
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            lines.push(Line::styled(
                pad(&format!(" {}  {}", i + 1, title), width),
                style,
            ));
            lines.push(Line::styled(
                pad(&format!("      {note}"), width),
                v.theme.muted,
            ));
            if spacious {
                lines.push(Line::raw(""));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.hint_open),
            keys::digits_hint(self.rows(), t.hint_open),
            keys::ESC.hint(t, t.hint_back),
        ]
    }
}
