//! The period report as a workbook, as a town or county asks for it: a
//! summary sheet (the figures, and each rate with how it is worked out as
//! a cell note), by category and by channel (with a bar chart of the
//! categories), by deputy against the yearly targets, and the months of
//! the year (with a column chart). Written under `FILE.part` and renamed
//! when whole, like every export.

use crate::domain::livelihood::Figures;
use crate::domain::stats::{Counts, Period, Targets};
use crate::i18n::Strings;
use crate::service::bundle::BundleError;
use crate::service::export::{ExportError, check_target};
use crate::service::hub::{StationFigures, SupervisedCase, station_figures, supervision, totals};
use crate::store::{CaseFilter, CaseRow, Cursor, Store, StoreResult};
use chrono::NaiveDate;
use rust_xlsxwriter::{Chart, ChartType, Format, Note, Workbook, Worksheet};
use std::path::Path;

/// What the workbook is made of.
pub struct ReportBook {
    pub counts: Counts,
    pub period: Period,
    /// The station's (or hub's) code, for the file's name.
    pub code: String,
    pub station: String,
    pub targets: Targets,
    /// Cases past their deadline without a reply, as of the report's day.
    pub overdue: Vec<OverdueLine>,
    /// 民生实事 in the period, at the foot of the summary sheet.
    pub livelihood: Figures,
    /// At a hub, each station's figures (a sheet of their own); none at
    /// a station.
    pub stations: Vec<StationFigures>,
}

impl ReportBook {
    /// The period's workbook as read from a station, or from a hub (its
    /// stations' totals, each station, and every case past its deadline
    /// on the 督办 list), as of `today`.
    pub fn read(store: &mut Store, period: Period, today: NaiveDate) -> Result<Self, BundleError> {
        Self::read_with(store, period, today, None)
    }

    /// The same, with the period's figures given where the caller has
    /// them already (the statistics screen shows them): only the overdue
    /// cases are read.
    pub fn read_with(
        store: &mut Store,
        period: Period,
        today: NaiveDate,
        known: Option<Known>,
    ) -> Result<Self, BundleError> {
        let as_of = period.as_of(today);
        let settings = store.settings()?;
        let (code, station) = store
            .station()?
            .map(|s| (s.code, s.name))
            .unwrap_or_default();
        let hub = store.is_hub()?;
        let known = match known {
            Some(known) => known,
            None if hub => {
                let stations = station_figures(store, period, today)?;
                let (counts, livelihood) = totals(&stations);
                (counts, livelihood, stations)
            }
            None => {
                let calendar = settings.working_calendar();
                let counts = store.report_counts(period, as_of)?;
                let livelihood = store.livelihood_figures(period, &calendar, as_of)?;
                (counts, livelihood, Vec::new())
            }
        };
        let overdue = if hub {
            // Every case past its deadline: the file is not a screen, it
            // has no page to fill.
            let every = i64::MAX as usize;
            supervision(store, as_of, "", every)?
                .into_iter()
                .filter(|c| c.days_overdue > 0)
                .map(Into::into)
                .collect()
        } else {
            overdue_cases(store, as_of)?
        };
        let (counts, livelihood, stations) = known;
        Ok(ReportBook {
            counts,
            period,
            code,
            station,
            targets: settings.targets,
            overdue,
            livelihood,
            stations,
        })
    }
}

/// A period's figures already worked out: the totals, the 民生实事
/// figures and, at a hub, each station's.
pub type Known = (Counts, Figures, Vec<StationFigures>);

/// One case past its deadline, as the overdue sheet lists it.
pub struct OverdueLine {
    pub number: String,
    /// The day it was received (a hub's list of open cases has none).
    pub opened: String,
    pub category: String,
    pub summary: String,
    pub department: String,
    pub deadline: Option<chrono::NaiveDate>,
}

impl From<CaseRow> for OverdueLine {
    fn from(c: CaseRow) -> Self {
        OverdueLine {
            opened: c.opened.get(..10).unwrap_or(&c.opened).to_string(),
            number: c.number,
            category: c.category,
            summary: c.summary,
            department: c.department.unwrap_or_default(),
            deadline: c.deadline,
        }
    }
}

impl From<SupervisedCase> for OverdueLine {
    fn from(s: SupervisedCase) -> Self {
        OverdueLine {
            number: s.case.number,
            opened: String::new(),
            category: s.case.category,
            summary: s.case.summary,
            department: s.case.department,
            deadline: Some(s.case.deadline),
        }
    }
}

/// The cases awaiting a reply whose deadline is before `as_of`, most
/// overdue first (a county supervises these; usually a few dozen).
pub fn overdue_cases(store: &Store, as_of: chrono::NaiveDate) -> StoreResult<Vec<OverdueLine>> {
    let filter = CaseFilter {
        overdue_before: Some(as_of),
        ..Default::default()
    };
    let (mut all, mut cursor) = (Vec::new(), Cursor::Start);
    while cursor != Cursor::End {
        let (rows, next) = store.case_page(&filter, &cursor, 500)?;
        all.extend(rows.into_iter().map(OverdueLine::from));
        cursor = next;
    }
    Ok(all)
}

/// Writes the report to `path`; refuses the same paths an export refuses
/// (the database, its backups, other databases…).
/// `logged(absolute path)` runs once the workbook is saved and before it
/// takes its name (see [`crate::service::export::write_text_file`]).
pub fn write_report_book(
    report: &ReportBook,
    db: &Path,
    path: &Path,
    t: &Strings,
    logged: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let ReportBook {
        counts: c,
        period,
        station,
        targets,
        overdue,
        livelihood,
        stations,
        ..
    } = report;
    let period = *period;
    let absolute = check_target(db, path)?;
    let mut book = Workbook::new();
    let summary = book.add_worksheet();
    summary_sheet(summary, c, period, station, t)?;
    livelihood_rows(summary, livelihood, t)?;
    if !stations.is_empty() {
        stations_sheet(book.add_worksheet(), stations, c, t)?;
    }
    let categories: Vec<(String, i64, i64, i64)> = c
        .by_category
        .iter()
        .map(|g| (g.name.clone(), g.batches, g.persons, g.items))
        .collect();
    let rows = categories.len();
    groups_sheet(book.add_worksheet(), t.stats.by_category, &categories, t)?;
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name(t.stats.by_category);
    chart
        .add_series()
        .set_categories((t.stats.by_category, 1, 0, rows.max(1) as u32, 0))
        .set_values((t.stats.by_category, 1, 1, rows.max(1) as u32, 1))
        .set_name(t.stats.batches);
    let categories_sheet = if stations.is_empty() { 1 } else { 2 };
    book.worksheet_from_index(categories_sheet)?
        .insert_chart(1, 6, &chart)?;
    let channels: Vec<(String, i64, i64, i64)> = c
        .by_channel
        .iter()
        .map(|g| {
            (
                crate::service::report::channel_name(&g.name, t),
                g.batches,
                g.persons,
                g.items,
            )
        })
        .collect();
    groups_sheet(book.add_worksheet(), t.stats.by_channel, &channels, t)?;
    deputies_sheet(book.add_worksheet(), c, targets, t)?;
    months_sheet(&mut book, c, t)?;
    overdue_sheet(book.add_worksheet(), overdue, period.to, t)?;
    let (partial, file) = crate::service::export::create_part(path)?;
    let saved = crate::service::export::save_workbook(&mut book, file);
    crate::service::export::publish(saved, &partial, path, &absolute, logged)
}

fn bold() -> Format {
    Format::new().set_bold()
}

fn summary_sheet(
    sheet: &mut Worksheet,
    c: &Counts,
    period: Period,
    station: &str,
    t: &Strings,
) -> Result<(), ExportError> {
    let s = &t.stats;
    sheet.set_name(t.cmd.report_summary_sheet)?;
    sheet.write_string_with_format(0, 0, s.report_title.fill([&station]), &bold())?;
    sheet.write_string(
        1,
        0,
        s.period_line.fill([
            &period.from.format("%Y-%m-%d"),
            &period.to.format("%Y-%m-%d"),
        ]),
    )?;
    sheet.write_string(2, 0, crate::service::report::summary(c, t))?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 14)?;
    let definitions = t.cmd.rate_definitions;
    for (i, (label, value)) in crate::service::report::headline(c, t)
        .into_iter()
        .enumerate()
    {
        let row = 4 + i as u32;
        sheet.write_string(row, 0, label)?;
        write_figure(sheet, row, &value)?;
        // A rate says how it is worked out, in a note on its cell.
        if let Some((_, how)) = definitions.iter().find(|(l, _)| *l == label) {
            sheet.insert_note(row, 1, &Note::new(*how).set_author(t.app_title))?;
        }
    }
    Ok(())
}

/// The 民生实事 figures below the summary's, when the period has any.
fn livelihood_rows(sheet: &mut Worksheet, f: &Figures, t: &Strings) -> Result<(), ExportError> {
    let lines = crate::service::report::livelihood_lines(f, t);
    if lines.is_empty() {
        return Ok(());
    }
    let first = 5 + crate::service::report::headline(&Counts::default(), t).len() as u32;
    sheet.write_string_with_format(first, 0, t.mszs.figures_title, &bold())?;
    for (i, (label, value)) in lines.into_iter().enumerate() {
        let row = first + 1 + i as u32;
        sheet.write_string(row, 0, label)?;
        write_figure(sheet, row, &value)?;
    }
    Ok(())
}

/// A figure in the second column: a count as a number, a rate as its text.
fn write_figure(sheet: &mut Worksheet, row: u32, value: &str) -> Result<(), ExportError> {
    match value.parse::<i64>() {
        Ok(n) => sheet.write_number(row, 1, n as f64)?,
        Err(_) => sheet.write_string(row, 1, value)?,
    };
    Ok(())
}

fn groups_sheet(
    sheet: &mut Worksheet,
    name: &str,
    rows: &[(String, i64, i64, i64)],
    t: &Strings,
) -> Result<(), ExportError> {
    let s = &t.stats;
    sheet.set_name(name)?;
    for (col, heading) in [s.csv_name, s.batches, s.persons, s.items]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *heading, &bold())?;
    }
    sheet.set_column_width(0, 20)?;
    for (i, (label, batches, persons, items)) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, label)?;
        for (col, n) in [batches, persons, items].iter().enumerate() {
            sheet.write_number(row, 1 + col as u16, **n as f64)?;
        }
    }
    Ok(())
}

fn deputies_sheet(
    sheet: &mut Worksheet,
    c: &Counts,
    targets: &Targets,
    t: &Strings,
) -> Result<(), ExportError> {
    sheet.set_name(t.stats.by_deputy)?;
    for (col, heading) in t.cmd.deputy_columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &bold())?;
    }
    sheet.set_column_width(0, 12)?;
    let target = [
        targets.duty_days,
        targets.visits,
        targets.activities,
        targets.study_sessions,
    ];
    for (i, d) in c.by_deputy.iter().enumerate() {
        let row = 1 + i as u32;
        sheet.write_string(row, 0, &d.name)?;
        let done = [d.duty_days, d.batches, d.activities, d.study_sessions];
        // Each figure, then its yearly target beside it.
        for (k, (n, goal)) in done.iter().zip(target).enumerate() {
            sheet.write_number(row, 1 + 2 * k as u16, *n as f64)?;
            sheet.write_number(row, 2 + 2 * k as u16, goal as f64)?;
        }
        sheet.write_number(row, 9, d.persons as f64)?;
    }
    Ok(())
}

fn months_sheet(book: &mut Workbook, c: &Counts, t: &Strings) -> Result<(), ExportError> {
    let name = t.cmd.report_months_sheet;
    let sheet = book.add_worksheet();
    sheet.set_name(name)?;
    sheet.write_string_with_format(0, 0, t.cmd.report_month, &bold())?;
    sheet.write_string_with_format(0, 1, t.stats.batches, &bold())?;
    for (i, (month, n)) in t.stats.months.iter().zip(c.monthly).enumerate() {
        sheet.write_string(1 + i as u32, 0, *month)?;
        sheet.write_number(1 + i as u32, 1, n as f64)?;
    }
    let mut chart = Chart::new(ChartType::Column);
    chart.title().set_name(t.stats.monthly);
    chart
        .add_series()
        .set_categories((name, 1, 0, 12, 0))
        .set_values((name, 1, 1, 12, 1))
        .set_name(t.stats.batches);
    sheet.insert_chart(1, 3, &chart)?;
    Ok(())
}

/// The cases past their deadline: number, opened, category, what, who
/// handles it, the deadline and how many days late. No visitor's details.
/// A hub's stations, one a row, with the report's figures as columns
/// and their totals at the foot: the same figures each station's own
/// report gives for the period.
fn stations_sheet(
    sheet: &mut Worksheet,
    stations: &[StationFigures],
    totals: &Counts,
    t: &Strings,
) -> Result<(), ExportError> {
    let r = &t.rollup;
    sheet.set_name(r.stations_title)?;
    let figures = crate::service::report::headline(totals, t);
    let head = r
        .station_columns
        .iter()
        .copied()
        .chain(figures.iter().map(|(l, _)| *l));
    for (col, heading) in head.enumerate() {
        sheet.write_string_with_format(0, col as u16, heading, &bold())?;
    }
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 12)?;
    let first = r.station_columns.len() as u16;
    let mut row = 1;
    for s in stations {
        sheet.write_string(row, 0, &s.station.code)?;
        sheet.write_string(row, 1, &s.station.name)?;
        sheet.write_string(row, 2, &s.station.data_through)?;
        figure_row(sheet, row, first, &s.counts, t)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, r.stations_total, &bold())?;
    figure_row(sheet, row, first, totals, t)?;
    Ok(())
}

/// The report's headline figures along a row, from column `first`.
fn figure_row(
    sheet: &mut Worksheet,
    row: u32,
    first: u16,
    c: &Counts,
    t: &Strings,
) -> Result<(), ExportError> {
    for (i, (_, value)) in crate::service::report::headline(c, t)
        .into_iter()
        .enumerate()
    {
        let col = first + i as u16;
        match value.parse::<i64>() {
            Ok(n) => sheet.write_number(row, col, n as f64)?,
            Err(_) => sheet.write_string(row, col, &value)?,
        };
    }
    Ok(())
}

fn overdue_sheet(
    sheet: &mut Worksheet,
    cases: &[OverdueLine],
    as_of: chrono::NaiveDate,
    t: &Strings,
) -> Result<(), ExportError> {
    sheet.set_name(t.cmd.report_overdue_sheet)?;
    for (col, heading) in t.cmd.overdue_columns.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *heading, &bold())?;
    }
    for (col, width) in [17, 12, 14, 40, 16, 12, 8].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    for (i, case) in cases.iter().enumerate() {
        let row = 1 + i as u32;
        let deadline = case.deadline.map(|d| d.to_string()).unwrap_or_default();
        let late = case.deadline.map_or(0, |d| (as_of - d).num_days().max(0));
        sheet.write_string(row, 0, &case.number)?;
        sheet.write_string(row, 1, &case.opened)?;
        sheet.write_string(row, 2, &case.category)?;
        sheet.write_string(row, 3, &case.summary)?;
        sheet.write_string(row, 4, &case.department)?;
        sheet.write_string(row, 5, &deadline)?;
        sheet.write_number(row, 6, late as f64)?;
    }
    Ok(())
}
