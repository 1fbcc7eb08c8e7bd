//! Statistics: a period picker and what a station reports for it — the
//! headline figures and rates, result grades, bars by category and by
//! channel, the year month by month, and each deputy's work. At a hub,
//! the same for its stations added up, and each station's line.

use crate::domain::livelihood::Figures;
use crate::domain::roles::Permission;
use crate::domain::stats::{Counts, PeriodKind, Targets, percent};
use crate::i18n::Strings;
use crate::service::export::ExportError;
use crate::service::hub::{StationFigures, station_figures, totals};
use crate::service::report::{grade_line, headline, livelihood_lines, summary};
use crate::service::report_book::{ReportBook, write_report_book};
use crate::ui::components::list_nav::{self, Reach};
use crate::ui::components::panel;
use crate::ui::components::period::{PeriodChooser, PeriodOutcome};
use crate::ui::components::wrap::{pad, str_width};
use crate::ui::keys;
use crate::ui::screens::hub::three;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A figure's width on screen, and its label's.
const FIGURE_CELL: usize = 26;
const FIGURE_LABEL: usize = 15;

pub struct StatisticsScreen {
    chooser: PeriodChooser,
    counts: Result<Counts, String>,
    /// 民生实事 in the period (none when it could not be read).
    livelihood: Option<Figures>,
    station: String,
    targets: Targets,
    scroll: u16,
    laid_out: Option<(u16, Vec<Line<'static>>)>,
    /// At a hub, its stations' figures for the period; None at a station.
    stations: Option<Vec<StationFigures>>,
}

impl StatisticsScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            chooser: PeriodChooser::new(PeriodKind::Month, cx.now.date()),
            counts: Ok(Counts::default()),
            livelihood: None,
            station: cx
                .store
                .station()
                .ok()
                .flatten()
                .map(|s| s.name)
                .unwrap_or_default(),
            targets: cx.read(cx.store.settings()).targets,
            scroll: 0,
            laid_out: None,
            stations: cx.read(cx.store.is_hub()).then(Vec::new),
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.laid_out = None;
        self.scroll = 0;
        let period = self.chooser.period;
        if self.stations.is_some() {
            return self.load_stations(cx);
        }
        let as_of = period.as_of(cx.now.date());
        self.counts = cx
            .store
            .report_counts(period, as_of)
            .map_err(|e| cx.t.store_error(&e));
        let calendar = cx.read(cx.store.settings()).working_calendar();
        self.livelihood = cx.store.livelihood_figures(period, &calendar, as_of).ok();
    }

    /// A hub's figures: each station's as far as its data runs (what the
    /// station's own report says), and their sums.
    fn load_stations(&mut self, cx: &mut Ctx) {
        match station_figures(cx.store, self.chooser.period, cx.now.date()) {
            Ok(stations) => {
                let (counts, livelihood) = totals(&stations);
                self.counts = Ok(counts);
                self.livelihood = Some(livelihood);
                self.stations = Some(stations);
            }
            Err(e) => {
                self.counts = Err(e.message(cx.t));
                self.livelihood = None;
                self.stations = Some(Vec::new());
            }
        }
    }

    /// Saves the period's workbook (figures, groups, deputies, months,
    /// charts) in the exports folder, as `report --format xlsx` does.
    fn save_workbook(&mut self, cx: &mut Ctx) -> Action {
        let t = cx.t;
        let (Some(by), Ok(counts)) = (cx.user.cloned(), &self.counts) else {
            return Action::None;
        };
        if let Err(e) = cx.store.authorise(&by, Permission::Export) {
            return Action::Message(t.store_error(&e), Severity::Error);
        }
        let period = self.chooser.period;
        // The figures on the screen are the workbook's: not counted again.
        let known = (
            counts.clone(),
            self.livelihood.unwrap_or_default(),
            self.stations.clone().unwrap_or_default(),
        );
        let book = match ReportBook::read_with(cx.store, period, cx.now.date(), Some(known)) {
            Ok(book) => book,
            Err(e) => return Action::Message(e.message(t), Severity::Error),
        };
        let (from, to) = (period.from.to_string(), period.to.to_string());
        let folder = cx.files_dir.join(t.cmd.exports_folder);
        let _ = std::fs::create_dir_all(&folder);
        let name = t.cmd.report_file_name.fill([&book.code, &from, &to]);
        let path = crate::service::export::free_path(&folder.join(name));
        let db = cx.store.path().to_path_buf();
        let (store, now) = (&mut *cx.store, cx.now);
        // Logged before the file takes its name: never a workbook unlogged.
        let written = write_report_book(&book, &db, &path, t, |file| {
            let details =
                serde_json::json!({ "file": file.display().to_string(), "from": from, "to": to });
            store
                .record_output("export", "report", "", details, &by.name, now)
                .map_err(ExportError::from)
        });
        match written {
            Ok(()) => Action::Message(t.cmd.report_saved.fill([&path.display()]), Severity::Ok),
            Err(e) => Action::Message(e.message(t), Severity::Error),
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
        let columns = (width / FIGURE_CELL).max(1);
        for chunk in headline(c, t).chunks(columns) {
            out.push(figure_row(chunk, v));
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
        if let Some(stations) = &self.stations {
            station_lines(&mut out, stations, v);
        }
        self.deputy_lines(&mut out, c, v);
        let livelihood = self.livelihood.map(|f| livelihood_lines(&f, t));
        if let Some(pairs) = livelihood.filter(|p| !p.is_empty()) {
            out.push(Line::raw(""));
            out.push(Line::styled(
                format!("【{}】", t.mszs.figures_title),
                v.theme.title,
            ));
            for chunk in pairs.chunks(columns) {
                out.push(figure_row(chunk, v));
            }
        }
        out
    }

    /// Each deputy's figures; over a year each stands next to its yearly
    /// target and falls short in the warning colour.
    fn deputy_lines(&self, out: &mut Vec<Line<'static>>, c: &Counts, v: &View) {
        let s = &v.t.stats;
        out.push(Line::raw(""));
        out.push(Line::styled(format!("【{}】", s.by_deputy), v.theme.title));
        let year = self.chooser.kind == Some(PeriodKind::Year);
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
    }
}

/// A hub's stations, one line each, with the period's figures.
fn station_lines(out: &mut Vec<Line<'static>>, stations: &[StationFigures], v: &View) {
    let w = v.t.rollup;
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!("【{}】", w.stations_title),
        v.theme.title,
    ));
    if stations.is_empty() {
        out.push(Line::styled(w.no_stations, v.theme.muted));
        return;
    }
    // The name's column fits the longest (to 30), the figures their own.
    let name_w = stations
        .iter()
        .map(|s| str_width(&s.station.label()))
        .max()
        .unwrap_or(0)
        .clamp(12, 30);
    // The figures' column as wide as its widest (a county's run long).
    let figures_w = stations
        .iter()
        .map(|s| str_width(&three(&s.counts)))
        .chain([str_width(w.period_columns[2])])
        .max()
        .unwrap_or(0);
    let widths = [name_w, 10, figures_w, 7, 7, 5];
    let row = |cells: [String; 6]| -> String {
        let padded: Vec<String> = cells.iter().zip(widths).map(|(c, w)| pad(c, w)).collect();
        padded.join(" ")
    };
    out.push(Line::styled(
        row(w.period_columns.map(String::from)),
        v.theme.muted,
    ));
    for s in stations {
        let c = &s.counts;
        out.push(Line::styled(
            row([
                s.station.label(),
                s.station.data_through.clone(),
                three(c),
                percent(c.resolution_rate()),
                percent(c.on_time_rate()),
                c.overdue.to_string(),
            ]),
            v.theme.text,
        ));
    }
}

/// Figures side by side, each label in a column of its own.
fn figure_row(pairs: &[(&str, String)], v: &View) -> Line<'static> {
    let spans: Vec<Span> = pairs
        .iter()
        .flat_map(|(label, value)| {
            vec![
                Span::styled(pad(label, FIGURE_LABEL), v.theme.muted),
                Span::styled(pad(value, FIGURE_CELL - FIGURE_LABEL), v.theme.text),
            ]
        })
        .collect();
    Line::from(spans)
}

impl Screen for StatisticsScreen {
    fn title(&self, t: &Strings) -> String {
        t.stats.screen_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let idle = !self.chooser.editing();
        let outcome = if idle && keys::LEFT.matches(&key) {
            self.chooser.step(-1)
        } else if idle && keys::RIGHT.matches(&key) {
            self.chooser.step(1)
        } else {
            self.chooser.handle_key(key, cx.now.date())
        };
        match outcome {
            PeriodOutcome::Changed => {
                self.load(cx);
                return Action::None;
            }
            PeriodOutcome::Used => return Action::None,
            PeriodOutcome::Ignored => {}
        }
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if keys::EXPORT.matches(&key) {
            return self.save_workbook(cx);
        }
        if let Some(scroll) = list_nav::scroll(&key, Reach::Pages, self.scroll, 10) {
            self.scroll = scroll;
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let title = v.t.stats.report_title.fill([&self.station]);
        let inner = panel(f, area, &title, v.theme.border, v);
        self.chooser.render_tabs(f, Rect { height: 2, ..inner }, v);
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
        self.chooser.render_popup(f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.chooser.editing() {
            return PeriodChooser::custom_hints(t);
        }
        vec![
            PeriodChooser::period_hint(t),
            keys::LEFT_RIGHT.hint(t, t.stats.hint_step),
            keys::UP_DOWN.hint(t, t.stats.hint_scroll),
            keys::EXPORT.change_hint(t, t.cmd.hint_save_workbook),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.chooser.paste(text);
        Action::None
    }

    fn editing_text(&self) -> bool {
        self.chooser.editing()
    }
}
