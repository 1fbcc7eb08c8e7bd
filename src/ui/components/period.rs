//! Choosing a period: 1–5 for the day, week, month, quarter or year that
//! holds the current one, 6 for dates typed in; the screen decides which
//! keys step to the previous or next period.

use super::field_list::{FieldList, ListOutcome};
use super::text_input::TextInput;
use super::{centered, panel};
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::stats::{Period, PeriodKind};
use crate::domain::validate::parse_date;
use crate::i18n::Strings;
use crate::ui::keys;
use crate::ui::{Hint, View};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct PeriodChooser {
    /// None while typed-in dates are shown.
    pub kind: Option<PeriodKind>,
    pub period: Period,
    custom: Option<FieldList>,
}

/// What a key did to the chooser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodOutcome {
    /// The period changed: reload.
    Changed,
    /// The key was used (typing dates) but nothing changed yet.
    Used,
    /// Not a key for the chooser.
    Ignored,
}

impl PeriodChooser {
    pub fn new(kind: PeriodKind, today: NaiveDate) -> Self {
        Self {
            kind: Some(kind),
            period: Period::containing(kind, today),
            custom: None,
        }
    }

    /// True while the dates form is open (keys are text).
    pub fn editing(&self) -> bool {
        self.custom.is_some()
    }

    /// Moves to the previous (`-1`) or next (`1`) period of the same kind.
    pub fn step(&mut self, direction: i32) -> PeriodOutcome {
        match self.kind {
            Some(kind) => {
                self.period = self.period.step(kind, direction);
                PeriodOutcome::Changed
            }
            None => PeriodOutcome::Ignored,
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent, today: NaiveDate) -> PeriodOutcome {
        if let Some(mut form) = self.custom.take() {
            let save = keys::SAVE.matches(&key);
            if keys::ESC.matches(&key) {
                return PeriodOutcome::Used;
            }
            if save || form.handle_key(key) == ListOutcome::Submit {
                return self.apply_custom(form);
            }
            self.custom = Some(form);
            return PeriodOutcome::Used;
        }
        // The digits name the kinds in order; the one after them, dates.
        match keys::DIGITS.index(&key) {
            Some(i) if i < PeriodKind::ALL.len() => {
                let kind = PeriodKind::ALL[i];
                self.kind = Some(kind);
                self.period = Period::containing(kind, self.period.to.min(today));
                PeriodOutcome::Changed
            }
            Some(i) if i == PeriodKind::ALL.len() => {
                let date = |d: NaiveDate| TextInput::single(&d.format("%Y-%m-%d").to_string());
                self.custom = Some(FieldList::new(vec![
                    (Field::DateFrom, date(self.period.from)),
                    (Field::DateTo, date(self.period.to)),
                ]));
                PeriodOutcome::Used
            }
            _ => PeriodOutcome::Ignored,
        }
    }

    /// The hint for the digits that choose a period.
    pub fn period_hint(t: &'static Strings) -> Hint {
        keys::digits_hint(PeriodKind::ALL.len() + 1, t.stats.hint_period)
    }

    /// The hints while the dates form is open.
    pub fn custom_hints(t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::TAB.hint(t, t.hint_next_field),
            keys::SAVE.hint(t, t.hint_confirm),
            keys::ESC.hint(t, t.hint_cancel),
        ]
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(form) = &mut self.custom {
            form.paste(text);
        }
    }

    fn apply_custom(&mut self, mut form: FieldList) -> PeriodOutcome {
        let date = |field| parse_date(&form.text(field)).map_err(|p| FieldError::new(field, p));
        match (date(Field::DateFrom), date(Field::DateTo)) {
            (Ok(from), Ok(to)) if from <= to => {
                self.kind = None;
                self.period = Period { from, to };
                return PeriodOutcome::Changed;
            }
            (Ok(from), Ok(_)) => form.set_errors(vec![FieldError::new(
                Field::DateTo,
                Problem::DateBefore(from),
            )]),
            (a, b) => form.set_errors([a.err(), b.err()].into_iter().flatten().collect()),
        }
        self.custom = Some(form);
        PeriodOutcome::Used
    }

    /// The tabs and, under them, the dates: two lines.
    pub fn render_tabs(&self, f: &mut Frame, area: Rect, v: &View) {
        let mut spans = Vec::new();
        for (i, name) in v.t.stats.periods.iter().enumerate() {
            let on = match self.kind {
                Some(k) => k.index() == i,
                None => i == PeriodKind::ALL.len(),
            };
            let style: Style = if on { v.theme.selection } else { v.theme.muted };
            spans.push(Span::styled(format!(" {} {name} ", i + 1), style));
            spans.push(Span::raw(" "));
        }
        let period = v.t.stats.period_line.fill([
            &self.period.from.format("%Y-%m-%d"),
            &self.period.to.format("%Y-%m-%d"),
        ]);
        let lines = vec![Line::from(spans), Line::styled(period, v.theme.focus)];
        f.render_widget(Paragraph::new(lines), area);
    }

    /// The dates form, over `area`, while it is open.
    pub fn render_popup(&mut self, f: &mut Frame, area: Rect, v: &View) {
        if let Some(form) = &mut self.custom {
            let rect = centered(area, 60, 8);
            crate::ui::components::clear_popup(f, rect);
            let inner = panel(f, rect, v.t.stats.custom_title, v.theme.focus, v);
            form.render(
                f,
                Rect {
                    y: inner.y + 1,
                    height: inner.height.saturating_sub(1),
                    ..inner
                },
                v,
            );
        }
    }
}
