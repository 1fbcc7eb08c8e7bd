//! `report`: a period's figures, or one day's digest (`--day`).

use super::{CliError, ReportFormat, Setup, out};
use crate::domain::fields::{Field, FieldError};
use crate::domain::stats::Period;
use crate::domain::validate::parse_date;
use crate::i18n::Strings;
use crate::service::export::ExportError;
use crate::store::Store;
use chrono::NaiveDate;

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

/// A day's digest, a period's figures, or the period's (or day's)
/// workbook; printed, or written to `-o FILE`.
pub fn run(setup: &Setup, mut args: Args) -> Result<(), CliError> {
    use super::{Open, open_store};
    // `-o -` is the screen (standard output), as for most tools.
    args.output = args.output.filter(|p| p.as_os_str() != "-");
    let (from, to) = match &args.day {
        Some(d) => (d, d),
        None => (&args.from, &args.to),
    };

    if args.format == ReportFormat::Xlsx {
        // A file leaves the program: logged, so the database is written.
        let mut store = open_store(setup, Open::Existing)?;
        return workbook(&mut store, setup, from, to, args.output);
    }
    let open = if args.output.is_some() {
        Open::Existing
    } else {
        Open::ReadMostly
    };
    let mut store = open_store(setup, open)?;
    let text = match &args.day {
        Some(d) => day(&store, setup, d, args.format)?,
        None => period(&store, setup, from, to, args.format)?,
    };
    match args.output {
        None => {
            out::say_block(text);
            Ok(())
        }
        Some(path) => save(&mut store, setup, (from, to), &path, &text),
    }
}

/// The report's text written to `path` (whole or not at all) and logged
/// as the workbook is.
fn save(
    store: &mut Store,
    setup: &Setup,
    (from, to): (&str, &str),
    path: &std::path::Path,
    text: &str,
) -> Result<(), CliError> {
    let db = store.path().to_path_buf();
    saved_and_logged(store, setup, (from, to), path, |logged| {
        crate::service::export::write_text_file(&db, path, text, logged)
    })
}

/// Runs `write`, which logs the file (through the function it is given)
/// before the file takes its name: a report that could not be logged is
/// not left behind. A refused or failed one is logged as such.
fn saved_and_logged(
    store: &mut Store,
    setup: &Setup,
    (from, to): (&str, &str),
    path: &std::path::Path,
    write: impl FnOnce(
        &mut dyn FnMut(&std::path::Path) -> Result<(), ExportError>,
    ) -> Result<(), ExportError>,
) -> Result<(), CliError> {
    let t = setup.t;
    let actor = super::command_line_actor(t);
    let now = setup.clock.now();
    let details = |file: &std::path::Path| serde_json::json!({ "file": file.display().to_string(), "from": from, "to": to });
    let written = write(&mut |file| {
        store
            .record_output("export", "report", "", details(file), &actor, now)
            .map_err(ExportError::from)
    });
    let Err(e) = written else {
        out::say(t.cmd.report_saved.fill([&path.display()]));
        return Ok(());
    };
    let file = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut why = details(&file);
    why["why"] = serde_json::json!(e.code());
    // Best effort: a database that cannot take the entry said so already.
    let _ = store.record_output("export.failed", "report", "", why, &actor, now);
    Err(if e.is_refusal() {
        CliError::refused(e.message(t))
    } else {
        CliError::failed(e.message(t))
    })
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
) -> Result<String, CliError> {
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
    Ok(match format {
        ReportFormat::Text | ReportFormat::Xlsx => {
            crate::service::report::to_text(&counts, period, &station, t)
                + &crate::service::report::livelihood_text(&livelihood, t)
        }
        ReportFormat::Json => {
            let mut json = crate::service::report::to_json(&counts, period, t);
            json["livelihood"] = crate::service::report::livelihood_json(&livelihood);
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::service::report::to_csv(&counts, period, &[], t),
    })
}

/// A hub's report: the totals, with the same keys as a station's, and
/// each station's figures beside them (`stations`).
fn hub_period(
    store: &Store,
    setup: &Setup,
    period: crate::domain::stats::Period,
    format: ReportFormat,
) -> Result<String, CliError> {
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
    Ok(match format {
        ReportFormat::Json => {
            let mut json = to_json(&counts, period, t);
            json["livelihood"] = livelihood_json(&livelihood);
            json["stations"] = stations
                .iter()
                .map(|s| {
                    let mut one = to_json(&s.counts, period, t);
                    one["livelihood"] = livelihood_json(&s.livelihood);
                    with_station(one, &s.station)
                })
                .collect();
            format!("{json:#}\n")
        }
        ReportFormat::Csv => {
            let rows: Vec<_> = stations
                .iter()
                .map(|s| (s.station.label(), &s.counts))
                .collect();
            crate::service::report::to_csv(&counts, period, &rows, t)
        }
        ReportFormat::Text | ReportFormat::Xlsx => {
            let mut text =
                to_text(&counts, period, &hub_name, t) + &livelihood_text(&livelihood, t);
            text.push_str(&station_lines(
                stations.iter().map(|s| (&s.station, &s.counts)),
                t,
            ));
            text
        }
    })
}

/// What a day's digest says: a station's own day, or a hub's stations'
/// days added up, each listed.
struct Digest {
    counts: crate::domain::stats::Counts,
    name: String,
    /// Unfinished forms: a station's; none at a hub (no bundle carries them).
    drafts: Option<i64>,
    due: Vec<crate::store::DueMilestone>,
    anchor: Option<crate::domain::anchor::Anchor>,
    stations: Vec<crate::service::hub::StationDay>,
}

fn station_digest(store: &Store, day: NaiveDate) -> crate::store::StoreResult<Digest> {
    let calendar = store.settings()?.working_calendar();
    Ok(Digest {
        counts: store.day_counts(day)?,
        name: store.station()?.map(|s| s.name).unwrap_or_default(),
        drafts: Some(store.draft_count_on(day)?),
        due: store.milestones_due(&calendar, day)?,
        // A signed-off day's digest carries the audit anchor of its sign-off.
        anchor: store.day_anchor(day)?,
        stations: Vec::new(),
    })
}

/// A hub's day: its stations' days summed. Drafts stay at their station
/// (no bundle carries them), and a hub signs off no day of its own.
fn hub_digest(
    store: &Store,
    day: NaiveDate,
) -> Result<Digest, crate::service::bundle::BundleError> {
    let stations = crate::service::hub::station_days(store, day)?;
    let mut counts = crate::domain::stats::Counts::default();
    let mut due = Vec::new();
    for s in &stations {
        crate::service::hub::add_station(&mut counts, &s.station, &s.counts);
        due.extend(s.due.iter().cloned().map(|mut m| {
            m.title = format!("{} · {}", s.station.name, m.title);
            m
        }));
    }
    Ok(Digest {
        counts,
        name: store.station()?.map(|s| s.name).unwrap_or_default(),
        drafts: None,
        due,
        anchor: None,
        stations,
    })
}

pub fn day(
    store: &Store,
    setup: &Setup,
    day: &str,
    format: ReportFormat,
) -> Result<String, CliError> {
    use crate::service::report::{
        digest_csv, digest_json, digest_text, milestones_json, milestones_text,
    };
    let t = setup.t;
    let day = period_of(t, day, day)?.from;
    let hub = store.is_hub().map_err(|e| CliError::store(t, &e))?;
    let d = if hub {
        hub_digest(store, day).map_err(|e| CliError::failed(e.message(t)))?
    } else {
        station_digest(store, day).map_err(|e| CliError::store(t, &e))?
    };
    Ok(match format {
        ReportFormat::Json => {
            let mut json = digest_json(&d.counts, day, d.drafts.unwrap_or(0));
            json["milestones_due"] = milestones_json(&d.due);
            if let Some(a) = &d.anchor {
                json["audit_anchor"] = serde_json::json!(a.code());
            }
            if hub {
                json["stations"] = d
                    .stations
                    .iter()
                    .map(|s| {
                        let one = digest_json(&s.counts, day, 0);
                        with_station(one, &s.station)
                    })
                    .collect();
            }
            format!("{json:#}\n")
        }
        ReportFormat::Csv => {
            let rows: Vec<_> = d
                .stations
                .iter()
                .map(|s| (s.station.label(), &s.counts))
                .collect();
            digest_csv(&d.counts, day, d.drafts.unwrap_or(0), &rows, t)
        }
        ReportFormat::Text | ReportFormat::Xlsx => {
            let mut text = digest_text(&d.counts, day, &d.name, d.drafts, t);
            text.push_str(&milestones_text(&d.due, t));
            if let Some(a) = &d.anchor {
                text.push_str(&t.cmd.digest_anchor.fill([&a.code()]));
            }
            if hub {
                text.push_str(&station_lines(
                    d.stations.iter().map(|s| (&s.station, &s.counts)),
                    t,
                ));
            }
            text
        }
    })
}

/// A station's figures in a hub's JSON, named as the hub knows it.
fn with_station(
    mut one: serde_json::Value,
    s: &crate::store::hub::HubStation,
) -> serde_json::Value {
    let fields = one.as_object_mut().expect("a report is an object");
    fields.insert("code".into(), serde_json::json!(s.code));
    fields.insert("name".into(), serde_json::json!(s.name));
    fields.insert("via".into(), serde_json::json!(s.via));
    fields.insert("data_through".into(), serde_json::json!(s.data_through));
    one
}

/// The hub's text report's list of stations, one line each.
fn station_lines<'a>(
    stations: impl ExactSizeIterator<
        Item = (
            &'a crate::store::hub::HubStation,
            &'a crate::domain::stats::Counts,
        ),
    >,
    t: &Strings,
) -> String {
    let mut text = format!("\n{}\n", t.rollup.stations_title);
    if stations.len() == 0 {
        text.push_str(t.rollup.no_stations);
        text.push_str(t.rollup.no_stations_how);
        text.push('\n');
    }
    for (s, c) in stations {
        let line = t.rollup.station_line.fill([
            &s.name,
            &s.code,
            &s.data_through,
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
    let book =
        crate::service::report_book::ReportBook::read(store, period, setup.clock.now().date())
            .map_err(|e| CliError::failed(e.message(t)))?;
    let path = output.unwrap_or_else(|| {
        let (from, to) = (period.from.to_string(), period.to.to_string());
        std::path::PathBuf::from(t.cmd.report_file_name.fill([&book.code, &from, &to]))
    });
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let db = store.path().to_path_buf();
    saved_and_logged(store, setup, (&from, &to), &path, |logged| {
        crate::service::report_book::write_report_book(&book, &db, &path, t, logged)
    })
}
