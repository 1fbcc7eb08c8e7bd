//! Statistics: a period picker and what a station reports for it — the
//! headline figures and rates, result grades, bars by category and by
//! channel, the year month by month, and each deputy's work.

use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::stats::{Counts, Period, PeriodKind, Targets};
use crate::domain::validate::parse_date;
use crate::i18n::{Strings, fill};
use crate::report::{grade_line, headline, summary};
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::{pad, str_width};
use crate::ui::components::{centered, panel};
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

pub struct StatisticsScreen {
    /// None while a custom period is shown.
    kind: Option<PeriodKind>,
    period: Period,
    counts: Result<Counts, String>,
    station: String,
    targets: Targets,
    scroll: u16,
    custom: Option<FieldList>,
    laid_out: Option<(u16, Vec<Line<'static>>)>,
}

impl StatisticsScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let kind = PeriodKind::Month;
        let mut screen = Self {
            kind: Some(kind),
            period: Period::containing(kind, cx.now.date()),
            counts: Ok(Counts::default()),
            station: cx
                .store
                .station()
                .ok()
                .flatten()
                .map(|s| s.name)
                .unwrap_or_default(),
            targets: cx.store.settings().map(|s| s.targets).unwrap_or_default(),
            scroll: 0,
            custom: None,
            laid_out: None,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.laid_out = None;
        self.scroll = 0;
        self.counts = cx
            .store
            .report_counts(self.period, self.period.as_of(cx.now.date()))
            .map_err(|e| cx.t.store_error(&e));
    }

    fn choose(&mut self, kind: PeriodKind, cx: &mut Ctx) {
        self.kind = Some(kind);
        self.period = Period::containing(kind, self.period.to.min(cx.now.date()));
        self.load(cx);
    }

    fn open_custom(&mut self) {
        let date = |d: chrono::NaiveDate| TextInput::single(&d.format("%Y-%m-%d").to_string());
        self.custom = Some(FieldList::new(vec![
            (Field::DateFrom, date(self.period.from)),
            (Field::DateTo, date(self.period.to)),
        ]));
    }

    fn apply_custom(&mut self, mut form: FieldList, cx: &mut Ctx) {
        let date = |field| parse_date(&form.text(field)).map_err(|p| FieldError::new(field, p));
        match (date(Field::DateFrom), date(Field::DateTo)) {
            (Ok(from), Ok(to)) if from <= to => {
                self.kind = None;
                self.period = Period { from, to };
                self.load(cx);
            }
            (Ok(from), Ok(_)) => {
                form.set_errors(vec![FieldError::new(
                    Field::DateTo,
                    Problem::DateBefore(from),
                )]);
                self.custom = Some(form);
            }
            (a, b) => {
                form.set_errors([a.err(), b.err()].into_iter().flatten().collect());
                self.custom = Some(form);
            }
        }
    }

    fn lines(&self, width: usize, v: &View) -> Vec<Line<'static>> {
        let t = v.t;
        let s = &t.stats;
        let c = match &self.counts {
            Ok(c) => c,
            Err(e) => return vec![Line::styled(e.clone(), v.theme.error)],
        };
        let mut out = Vec::new();
        out.push(Line::styled(summary(c, t), v.theme.focus));
        if c.batches == 0 {
            out.push(Line::styled(s.no_data, v.theme.muted));
        }
        out.push(Line::raw(""));
        // Headline figures in as many columns as fit.
        let cell = 26usize;
        let columns = (width / cell).max(1);
        for chunk in headline(c, t).chunks(columns) {
            let spans: Vec<Span> = chunk
                .iter()
                .flat_map(|(label, value)| {
                    let label_w = 15;
                    vec![
                        Span::styled(pad(label, label_w), v.theme.muted),
                        Span::styled(pad(value, cell - label_w), v.theme.text),
                    ]
                })
                .collect();
            out.push(Line::from(spans));
        }
        out.push(Line::styled(grade_line(c, t), v.theme.text));
        let bars = |out: &mut Vec<Line<'static>>, title: &str, rows: Vec<(String, i64)>| {
            out.push(Line::raw(""));
            out.push(Line::styled(format!("【{title}】"), v.theme.title));
            let max = rows.iter().map(|r| r.1).max().unwrap_or(0).max(1);
            let label_w = rows
                .iter()
                .map(|r| str_width(&r.0))
                .max()
                .unwrap_or(4)
                .min(20);
            let bar_room = width.saturating_sub(label_w + 10).max(4);
            for (name, n) in rows {
                let len = ((n as f64 / max as f64) * bar_room as f64).round() as usize;
                out.push(Line::from(vec![
                    Span::styled(format!("{} ", pad(&name, label_w)), v.theme.text),
                    Span::styled("█".repeat(len.max(usize::from(n > 0))), v.theme.ok),
                    Span::styled(format!(" {n}"), v.theme.text),
                ]));
            }
        };
        bars(
            &mut out,
            s.by_category,
            c.by_category
                .iter()
                .map(|g| (g.name.clone(), g.batches))
                .collect(),
        );
        let channel = |code: &str| {
            crate::domain::choices::Channel::from_code(code)
                .map(|x| t.channel(x).to_string())
                .unwrap_or_else(|| code.into())
        };
        bars(
            &mut out,
            s.by_channel,
            c.by_channel
                .iter()
                .map(|g| (channel(&g.name), g.batches))
                .collect(),
        );
        bars(
            &mut out,
            s.monthly,
            s.months
                .iter()
                .zip(c.monthly)
                .map(|(m, n)| (m.to_string(), n))
                .collect(),
        );
        out.push(Line::raw(""));
        out.push(Line::styled(format!("【{}】", s.by_deputy), v.theme.title));
        // Over a year, each figure stands next to its yearly target and
        // falls short in the warning colour.
        let year = self.kind == Some(PeriodKind::Year);
        let widths = [12usize, 10, 10, 7, 8, 8];
        let header: String = s
            .deputy_columns
            .iter()
            .zip(widths)
            .map(|(h, w)| pad(h, w))
            .collect::<Vec<_>>()
            .join(" ");
        out.push(Line::styled(header, v.theme.muted));
        let goals = self.targets;
        for d in &c.by_deputy {
            let cell = |n: i64, target: Option<i64>| -> (String, bool) {
                match target.filter(|_| year) {
                    Some(goal) => (format!("{n}/{goal}"), n < goal),
                    None => (n.to_string(), false),
                }
            };
            let cells = [
                (d.name.clone(), false),
                cell(d.duty_days, Some(goals.duty_days)),
                cell(d.batches, Some(goals.visits)),
                cell(d.persons, None),
                cell(d.activities, Some(goals.activities)),
                cell(d.study_sessions, Some(goals.study_sessions)),
            ];
            let spans: Vec<Span> = cells
                .iter()
                .zip(widths)
                .map(|((text, short), w)| {
                    Span::styled(
                        format!("{} ", pad(text, w)),
                        if *short { v.theme.warn } else { v.theme.text },
                    )
                })
                .collect();
            out.push(Line::from(spans));
        }
        out
    }

    fn render_tabs(&self, f: &mut Frame, area: Rect, v: &View) {
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
        let period = fill(
            v.t.stats.period_line,
            &[
                &self.period.from.format("%Y-%m-%d"),
                &self.period.to.format("%Y-%m-%d"),
            ],
        );
        let lines = vec![Line::from(spans), Line::styled(period, v.theme.focus)];
        f.render_widget(Paragraph::new(lines), area);
    }
}

impl Screen for StatisticsScreen {
    fn title(&self, t: &Strings) -> String {
        t.stats.screen_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(mut form) = self.custom.take() {
            let save = matches!(key.code, KeyCode::Char('s') if key.modifiers.contains(KeyModifiers::CONTROL));
            if key.code == KeyCode::Esc {
                return Action::None;
            }
            if save || form.handle_key(key) == ListOutcome::Submit {
                self.apply_custom(form, cx);
            } else {
                self.custom = Some(form);
            }
            return Action::None;
        }
        match key.code {
            KeyCode::Esc => return Action::Pop,
            KeyCode::Char(c @ '1'..='5') => {
                self.choose(PeriodKind::ALL[c as usize - '1' as usize], cx)
            }
            KeyCode::Char('6') => self.open_custom(),
            KeyCode::Left | KeyCode::Right => {
                if let Some(kind) = self.kind {
                    self.period = self
                        .period
                        .step(kind, if key.code == KeyCode::Left { -1 } else { 1 });
                    self.load(cx);
                }
            }
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            _ => {}
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let title = fill(v.t.stats.report_title, &[&self.station]);
        let inner = panel(f, area, &title, v.theme.border, v);
        self.render_tabs(f, Rect { height: 2, ..inner }, v);
        let body = Rect {
            y: inner.y + 3,
            height: inner.height.saturating_sub(3),
            ..inner
        };
        if self.laid_out.as_ref().is_none_or(|(w, _)| *w != body.width) {
            self.laid_out = Some((body.width, self.lines(body.width as usize, v)));
        }
        let lines = self
            .laid_out
            .as_ref()
            .map(|(_, l)| &l[..])
            .unwrap_or_default();
        self.scroll = self
            .scroll
            .min((lines.len() as u16).saturating_sub(body.height));
        let shown: Vec<Line> = lines
            .iter()
            .skip(self.scroll as usize)
            .take(body.height as usize)
            .cloned()
            .collect();
        f.render_widget(Paragraph::new(shown), body);
        if let Some(form) = &mut self.custom {
            let rect = centered(area, 60, 8);
            f.render_widget(Clear, rect);
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

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.custom.is_some() {
            return vec![
                Hint::new("Tab", t.hint_next_field),
                Hint::new("Ctrl+S", t.hint_confirm),
                Hint::new("Esc", t.hint_cancel),
            ];
        }
        vec![
            Hint::new("1-6", t.stats.hint_period),
            Hint::new(t.key_left_right, t.stats.hint_step),
            Hint::new(t.key_arrows, t.stats.hint_scroll),
            Hint::new("Esc", t.hint_back),
        ]
    }

    fn editing_text(&self) -> bool {
        self.custom.is_some()
    }
}
