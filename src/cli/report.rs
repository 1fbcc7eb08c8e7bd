//! `report`: a period's figures, or one day's digest (`--day`).

use super::{CliError, ReportFormat, Setup, out};
use crate::domain::fields::{Field, FieldError};
use crate::domain::stats::Period;
use crate::domain::validate::parse_date;
use crate::i18n::Strings;
use crate::store::Store;

/// What `report` was asked for.
pub struct Args {
    pub day: Option<String>,
    pub from: String,
    pub to: String,
    pub format: ReportFormat,
    pub output: Option<std::path::PathBuf>,
}

impl Args {
    /// From the command line's flags; a missing end of the period is
    /// left empty, for `period_of` to refuse by the date field's message.
    pub fn new(
        day: Option<String>,
        (from, to): (Option<String>, Option<String>),
        format: ReportFormat,
        output: Option<std::path::PathBuf>,
    ) -> Self {
        Self {
            day,
            from: from.unwrap_or_default(),
            to: to.unwrap_or_default(),
            format,
            output,
        }
    }
}

/// A day's digest, a period's figures, or the period's workbook.
pub fn run(setup: &Setup, args: Args) -> Result<(), CliError> {
    use super::{Open, open_store};
    // A hub's figures are its stations': only the period's report adds
    // them up so far.
    let is_hub = || {
        let store = open_store(setup, Open::ReadMostly)?;
        store.is_hub().map_err(|e| CliError::store(setup.t, &e))
    };
    if args.day.is_some() && is_hub()? {
        return Err(CliError::refused(setup.t.rollup.hub_report_only_period));
    }
    match (&args.day, args.format) {
        (None, ReportFormat::Xlsx) => {
            // A file leaves the program: logged, so the database is written.
            let mut store = open_store(setup, Open::Existing)?;
            workbook(&mut store, setup, &args.from, &args.to, args.output)
        }
        (Some(d), format) => day(&open_store(setup, Open::ReadMostly)?, setup, d, format),
        (None, format) => {
            let store = open_store(setup, Open::ReadMostly)?;
            period(&store, setup, &args.from, &args.to, format)
        }
    }
}

/// The period of a command: both dates checked and in order.
pub fn period_of(t: &Strings, from: &str, to: &str) -> Result<Period, CliError> {
    let date =
        |text: &str| parse_date(text).map_err(|p| t.field_error(&FieldError::new(Field::Date, p)));
    match (date(from), date(to)) {
        (Ok(from), Ok(to)) if from <= to => Ok(Period { from, to }),
        (Ok(_), Ok(_)) => Err(CliError::refused(t.stats.bad_period)),
        (Err(e), _) | (_, Err(e)) => Err(CliError::refused(e)),
    }
}

pub fn period(
    store: &Store,
    setup: &Setup,
    from: &str,
    to: &str,
    format: ReportFormat,
) -> Result<(), CliError> {
    let t = setup.t;
    let period = period_of(t, from, to)?;
    if store.is_hub().map_err(|e| CliError::store(t, &e))? {
        return hub_period(store, setup, period, format);
    }
    let as_of = period.as_of(setup.clock.now().date());
    let counts = store
        .report_counts(period, as_of)
        .map_err(|e| CliError::store(t, &e))?;
    let calendar = store.settings().unwrap_or_default().working_calendar();
    let livelihood = store
        .livelihood_figures(period, &calendar, as_of)
        .map_err(|e| CliError::store(t, &e))?;
    let station = store
        .station()
        .ok()
        .flatten()
        .map(|s| s.name)
        .unwrap_or_default();
    out::say_block(match format {
        ReportFormat::Text | ReportFormat::Xlsx => {
            crate::service::report::to_text(&counts, period, &station, t)
                + &crate::service::report::livelihood_text(&livelihood, t)
        }
        ReportFormat::Json => {
            let mut json = crate::service::report::to_json(&counts, period, t);
            json["livelihood"] = crate::service::report::livelihood_json(&livelihood);
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::service::report::to_csv(&counts, period, t),
    });
    Ok(())
}

/// A hub's report: the totals, with the same keys as a station's, and
/// each station's figures beside them (`stations`).
fn hub_period(
    store: &Store,
    setup: &Setup,
    period: crate::domain::stats::Period,
    format: ReportFormat,
) -> Result<(), CliError> {
    use crate::service::hub::{station_figures, totals};
    use crate::service::report::{livelihood_json, livelihood_text, to_json, to_text};
    let t = setup.t;
    let stations = station_figures(store, period, setup.clock.now().date())
        .map_err(|e| CliError::failed(e.message(t)))?;
    let (counts, livelihood) = totals(&stations);
    let hub_name = store
        .station()
        .ok()
        .flatten()
        .map(|s| s.name)
        .unwrap_or_default();
    out::say_block(match format {
        ReportFormat::Json => {
            let mut json = to_json(&counts, period, t);
            json["livelihood"] = livelihood_json(&livelihood);
            json["stations"] = stations
                .iter()
                .map(|s| {
                    let mut one = to_json(&s.counts, period, t);
                    one["livelihood"] = livelihood_json(&s.livelihood);
                    let fields = one.as_object_mut().expect("a report is an object");
                    fields.insert("code".into(), serde_json::json!(s.station.code));
                    fields.insert("name".into(), serde_json::json!(s.station.name));
                    fields.insert("via".into(), serde_json::json!(s.station.via));
                    fields.insert(
                        "data_through".into(),
                        serde_json::json!(s.station.data_through),
                    );
                    one
                })
                .collect();
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::service::report::to_csv(&counts, period, t),
        ReportFormat::Text | ReportFormat::Xlsx => {
            let mut text =
                to_text(&counts, period, &hub_name, t) + &livelihood_text(&livelihood, t);
            text.push_str(&format!("\n{}\n", t.rollup.stations_title));
            if stations.is_empty() {
                text.push_str(t.rollup.no_stations);
                text.push('\n');
            }
            for s in &stations {
                let c = &s.counts;
                let line = t.rollup.station_line.fill([
                    &s.station.name,
                    &s.station.code,
                    &s.station.data_through,
                    &c.batches,
                    &c.persons,
                    &c.items,
                    &c.overdue,
                ]);
                text.push_str(&line);
                text.push('\n');
            }
            text
        }
    });
    Ok(())
}

pub fn day(store: &Store, setup: &Setup, day: &str, format: ReportFormat) -> Result<(), CliError> {
    let t = setup.t;
    let period = period_of(t, day, day)?;
    let (counts, station, drafts, due) = store
        .day_counts(period.from)
        .and_then(|c| {
            let station = store.station()?.map(|s| s.name).unwrap_or_default();
            let calendar = store.settings()?.working_calendar();
            let due = store.milestones_due(&calendar, period.from)?;
            Ok((c, station, store.draft_count_on(period.from)?, due))
        })
        .map_err(|e| CliError::store(t, &e))?;
    // A signed-off day's digest carries the audit anchor of its sign-off.
    let anchor = store
        .day_anchor(period.from)
        .map_err(|e| CliError::store(t, &e))?;
    out::say_block(match format {
        ReportFormat::Json => {
            let mut json = crate::service::report::digest_json(&counts, period.from, drafts);
            json["milestones_due"] = crate::service::report::milestones_json(&due);
            if let Some(a) = &anchor {
                json["audit_anchor"] = serde_json::json!(a.code());
            }
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::service::report::digest_csv(&counts, period.from, drafts, t),
        ReportFormat::Text | ReportFormat::Xlsx => {
            let mut text =
                crate::service::report::digest_text(&counts, period.from, &station, drafts, t);
            text.push_str(&crate::service::report::milestones_text(&due, t));
            if let Some(a) = &anchor {
                text.push_str(&t.cmd.digest_anchor.fill([&a.code()]));
            }
            text
        }
    });
    Ok(())
}

/// `report --format xlsx`: the period's workbook, with its charts.
pub fn workbook(
    store: &mut Store,
    setup: &Setup,
    from: &str,
    to: &str,
    output: Option<std::path::PathBuf>,
) -> Result<(), CliError> {
    let t = setup.t;
    let period = period_of(t, from, to)?;
    let hub = store.is_hub().map_err(|e| CliError::store(t, &e))?;
    let made = if hub {
        hub_contents(store, setup, period)?
    } else {
        station_contents(store, setup, period).map_err(|e| CliError::store(t, &e))?
    };
    let path = output.unwrap_or_else(|| {
        let (from, to) = (period.from.to_string(), period.to.to_string());
        std::path::PathBuf::from(t.cmd.report_file_name.fill([&made.code, &from, &to]))
    });
    let book = crate::service::report_book::ReportBook {
        counts: &made.counts,
        period,
        station: &made.name,
        targets: &made.targets,
        overdue: &made.overdue,
        livelihood: &made.livelihood,
        stations: &made.stations,
    };
    let written = crate::service::report_book::write_report_book(&book, store.path(), &path, t);
    if let Err(e) = written {
        return Err(if e.is_refusal() {
            CliError::refused(e.message(t))
        } else {
            CliError::failed(e.message(t))
        });
    }
    let absolute = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let details = serde_json::json!({
        "file": absolute.display().to_string(),
        "from": period.from.to_string(),
        "to": period.to.to_string(),
    });
    let actor = super::command_line_actor(t);
    store
        .record_output("export", "report", "", details, &actor, setup.clock.now())
        .map_err(|e| CliError::store(t, &e))?;
    out::say(t.cmd.report_saved.fill([&path.display()]));
    Ok(())
}

/// What a report workbook holds, read from a station or from a hub.
struct Contents {
    counts: crate::domain::stats::Counts,
    livelihood: crate::domain::livelihood::Figures,
    code: String,
    name: String,
    targets: crate::domain::stats::Targets,
    overdue: Vec<crate::service::report_book::OverdueLine>,
    stations: Vec<crate::service::hub::StationFigures>,
}

fn station_contents(
    store: &Store,
    setup: &Setup,
    period: crate::domain::stats::Period,
) -> crate::store::StoreResult<Contents> {
    let as_of = period.as_of(setup.clock.now().date());
    let settings = store.settings()?;
    let (code, name) = store
        .station()?
        .map(|s| (s.code, s.name))
        .unwrap_or_default();
    Ok(Contents {
        counts: store.report_counts(period, as_of)?,
        livelihood: store.livelihood_figures(period, &settings.working_calendar(), as_of)?,
        code,
        name,
        targets: settings.targets,
        overdue: crate::service::report_book::overdue_cases(store, as_of)?,
        stations: Vec::new(),
    })
}

/// A hub's workbook: its stations' totals, each station on the by-station
/// sheet, and the 督办 list's cases past their deadline.
fn hub_contents(
    store: &mut Store,
    setup: &Setup,
    period: crate::domain::stats::Period,
) -> Result<Contents, CliError> {
    use crate::service::hub::{station_figures, supervision, totals};
    let t = setup.t;
    let as_of = period.as_of(setup.clock.now().date());
    let failed = |e: crate::service::bundle::BundleError| CliError::failed(e.message(t));
    let stations = station_figures(store, period, setup.clock.now().date()).map_err(failed)?;
    let (counts, livelihood) = totals(&stations);
    // Every case past its deadline: the file is not a screen, it has no
    // page to fill.
    let every = i64::MAX as usize;
    let overdue = supervision(store, as_of, "", every)
        .map_err(failed)?
        .into_iter()
        .filter(|c| c.days_overdue > 0)
        .map(Into::into)
        .collect();
    let (code, name) = store
        .station()
        .map_err(|e| CliError::store(t, &e))?
        .map(|s| (s.code, s.name))
        .unwrap_or_default();
    let targets = store
        .settings()
        .map_err(|e| CliError::store(t, &e))?
        .targets;
    Ok(Contents {
        counts,
        livelihood,
        code,
        name,
        targets,
        overdue,
        stations,
    })
}
