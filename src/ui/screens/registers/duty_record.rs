//! One deputy's duty record for a year: each yearly target with a
//! progress bar, those behind schedule for the date in the warning colour,
//! and what the registers hold for the deputy.

use crate::domain::duty_record::{DutyRecord, Progress, year_share};
use crate::domain::ids::DeputyId;
use crate::domain::stats::Targets;
use crate::i18n::Strings;
use crate::service::registers::hours_text;
use crate::ui::components::panel;
use crate::ui::components::wrap::{pad, wrap_text};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub struct DutyRecordScreen {
    deputy_id: DeputyId,
    year: i32,
    record: Result<DutyRecord, String>,
    targets: Targets,
}

impl DutyRecordScreen {
    pub fn new(deputy_id: &str, year: i32, cx: &mut Ctx) -> Self {
        let mut screen = Self {
            deputy_id: DeputyId::from(deputy_id),
            year,
            record: Ok(DutyRecord::default()),
            targets: cx.read(cx.store.settings()).targets,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.record = cx
            .store
            .duty_record(&self.deputy_id, self.year)
            .map_err(|e| cx.t.store_error(&e));
    }

    fn bar(p: &Progress, width: usize) -> String {
        let full = (p.ratio() * width as f64).round() as usize;
        format!(
            "{}{}",
            "█".repeat(full),
            "░".repeat(width - full.min(width))
        )
    }

    fn lines(&self, r: &DutyRecord, width: usize, v: &View) -> Vec<Line<'static>> {
        let s = &v.t.registers;
        let today = v.now.date();
        let share = year_share(self.year, today);
        let mut out = vec![
            Line::styled(
                s.duty_as_of
                    .fill([&today.format("%Y-%m-%d"), &((share * 100.0).round() as i64)]),
                v.theme.muted,
            ),
            Line::raw(""),
        ];
        // Label, counts and the longest note take about 48 columns.
        let bar_width = width.saturating_sub(48).clamp(6, 30);
        for (label, p) in s
            .target_labels
            .iter()
            .zip(r.against(&self.targets, self.year, today))
        {
            let (note, style) = if p.target == 0 {
                (s.no_target.to_string(), v.theme.muted)
            } else if p.behind {
                (s.behind.fill([&p.expected]), v.theme.warn)
            } else {
                (s.on_track.to_string(), v.theme.ok)
            };
            out.push(Line::from(vec![
                Span::styled(pad(label, 10), v.theme.text),
                Span::styled(Self::bar(&p, bar_width), style),
                Span::styled(format!(" {:>3} / {:<3} ", p.done, p.target), v.theme.text),
                Span::styled(note, style),
            ]));
        }
        out.push(Line::raw(""));
        let details = [
            s.duty_receptions
                .fill([&r.batches, &r.persons, &r.cases, &r.suggestions]),
            s.duty_activities.fill([
                &r.activities(),
                &if r.kinds_line().is_empty() {
                    v.t.none.to_string()
                } else {
                    r.kinds_line()
                },
            ]),
            s.duty_reports.fill([&r.reports()]),
            s.duty_study
                .fill([&r.study_present, &r.study_leave, &hours_text(r.study_hours)]),
            s.duty_households.fill([&r.households]),
        ];
        for d in details {
            for l in wrap_text(&d, width) {
                out.push(Line::styled(l, v.theme.text));
            }
        }
        out.push(Line::raw(""));
        out.push(Line::styled(s.targets_where, v.theme.muted));
        out
    }
}

impl Screen for DutyRecordScreen {
    fn title(&self, t: &Strings) -> String {
        t.registers.duty_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) || keys::ENTER.matches(&key) {
            return Action::Pop;
        } else if keys::PREV.matches(&key) || keys::LEFT.matches(&key) {
            self.year -= 1;
        } else if keys::NEXT.matches(&key) || keys::RIGHT.matches(&key) {
            self.year += 1;
        } else {
            return Action::None;
        }
        self.load(cx);
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let name = self
            .record
            .as_ref()
            .map(|r| r.name.clone())
            .unwrap_or_default();
        let title = v.t.registers.duty_heading.fill([&name, &self.year]);
        let inner = panel(f, area, &title, v.theme.border, v);
        let lines = match &self.record {
            Ok(r) => self.lines(r, inner.width as usize, v),
            Err(e) => vec![Line::styled(e.clone(), v.theme.error)],
        };
        f.render_widget(Paragraph::new(lines), inner);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::PREV_NEXT.hint(t, t.registers.hint_year),
            keys::ESC.hint(t, t.hint_back),
        ]
    }
}
