//! 五簿一册: the registers of the station's preset, each opening as a
//! paper-like page; the roster, activity and study registers are also
//! where their entries are added and corrected.

pub mod duty_record;
pub mod record_form;
pub mod view;

use super::livelihood::CandidatesScreen;
use crate::domain::registers::{RegisterDef, Source, preset, presets};
use crate::i18n::Strings;
use crate::ui::components::list_nav;
use crate::ui::components::panel;
use crate::ui::components::wrap::{pad, str_width};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use view::RegisterView;

pub struct RegistersScreen {
    preset_name: String,
    registers: Vec<RegisterDef>,
    selected: usize,
}

impl RegistersScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let key = cx.read(cx.store.settings()).register_preset;
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
        return t.registers.kinds_note.fill([&def.kinds.join("、")]);
    }
    let n = &t.registers.source_notes;
    match def.source {
        Source::Reception => n[0],
        Source::Handling => n[1],
        Source::Activities => n[2],
        Source::Study => n[3],
        Source::DutyRecord => n[4],
        Source::Roster => n[5],
        Source::Livelihood => n[6],
        Source::Households => n[7],
    }
    .to_string()
}

impl Screen for RegistersScreen {
    fn title(&self, t: &Strings) -> String {
        t.registers.hub_title.fill([&self.preset_name])
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
        let height = inner.height as usize;
        let spacious = height >= self.rows() * 3 + 2;
        // Too many registers for a note under each: the note beside the title.
        let compact = height < self.rows() * 2 + 2;
        let mut lines = vec![
            Line::styled(
                if v.read_only {
                    v.t.registers.hub_intro_read_only
                } else {
                    v.t.registers.hub_intro
                },
                v.theme.muted,
            ),
            Line::raw(""),
        ];
        let entries: Vec<(String, String)> = self
            .registers
            .iter()
            .map(|def| (def.title.clone(), note(def, v.t)))
            .chain([(v.t.mszs.entry.to_string(), v.t.mszs.entry_note.to_string())])
            .collect();
        // Numbers line up when there are ten or more; in the compact
        // layout the notes stand in a column of their own.
        let digits = if self.rows() > 9 { 2 } else { 1 };
        let titles = entries.iter().map(|(t, _)| str_width(t)).max().unwrap_or(0);
        let head_width = (digits + 3 + titles).min(width / 2);
        for (i, (title, note)) in entries.into_iter().enumerate() {
            let style = if i == self.selected {
                v.theme.selection
            } else {
                v.theme.text
            };
            let head = format!(" {:>digits$}  {}", i + 1, title);
            if compact {
                let rest = width.saturating_sub(head_width + 2);
                lines.push(Line::from(vec![
                    Span::styled(pad(&head, head_width + 2), style),
                    Span::styled(pad(&note, rest), v.theme.muted),
                ]));
                continue;
            }
            lines.push(Line::styled(pad(&head, width), style));
            lines.push(Line::styled(
                pad(&format!("{}{note}", " ".repeat(5 + digits)), width),
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
            keys::digits_hint(self.rows().min(keys::DIGITS.keys.len()), t.hint_open),
            keys::ESC.hint(t, t.hint_back),
        ]
    }
}
