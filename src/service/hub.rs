//! What a hub shows of its stations: each one's figures (worked out from
//! its copy with the very code the station's own report runs, and kept),
//! their sums, the home screen's rows and the 督办 list.

use crate::domain::livelihood::Figures;
use crate::domain::search::substring_query;
use crate::domain::stats::{Counts, Period, PeriodKind};
use crate::service::bundle::BundleError;
use crate::store::hub::HubStation;
use crate::store::{DueMilestone, HubOpenCase, Store};
use chrono::NaiveDate;

/// One station's figures for a period.
#[derive(Clone)]
pub struct StationFigures {
    pub station: HubStation,
    pub counts: Counts,
    pub livelihood: Figures,
}

/// The stations whose copies the hub holds (a town hub's own record,
/// which stands for its bundle, has none).
fn with_copies(hub: &Store) -> Result<Vec<HubStation>, BundleError> {
    Ok(hub
        .hub_stations()?
        .into_iter()
        .filter(|s| !s.file.is_empty())
        .collect())
}

/// A station's figures for `period` as of `as_of`: kept ones if there are,
/// else worked out from its copy and kept.
fn figures_of(
    hub: &Store,
    station: &HubStation,
    period: Period,
    as_of: NaiveDate,
) -> Result<(Counts, Figures), BundleError> {
    if let Some(kept) = hub.kept_hub_figures(station, period, as_of)? {
        return Ok(kept);
    }
    let copy = Store::open_read_only(&hub.hub_folder().join(&station.file))?;
    let counts = copy.report_counts(period, as_of)?;
    let calendar = copy.settings().unwrap_or_default().working_calendar();
    let livelihood = copy.livelihood_figures(period, &calendar, as_of)?;
    // A hub that cannot write (read-only, full) works them out next time.
    let _ = hub.keep_hub_figures(station, period, as_of, (&counts, &livelihood));
    Ok((counts, livelihood))
}

/// A station's figures for a period as far as the hub knows them: as of
/// the day its latest bundle was loaded (or the period's end, if sooner),
/// since nothing later is in its copy. They are what the station's own
/// `report` gave on that day, and, kept under that day, they hold until
/// the next bundle instead of being worked out again every morning.
fn known_figures(
    hub: &Store,
    station: &HubStation,
    period: Period,
    today: NaiveDate,
) -> Result<(Counts, Figures), BundleError> {
    let loaded = station.imported_on().unwrap_or(today).min(today);
    figures_of(hub, station, period, period.as_of(loaded))
}

/// Every station's figures for a period (`known_figures`).
pub fn station_figures(
    hub: &Store,
    period: Period,
    today: NaiveDate,
) -> Result<Vec<StationFigures>, BundleError> {
    with_copies(hub)?
        .into_iter()
        .map(|station| {
            let (counts, livelihood) = known_figures(hub, &station, period, today)?;
            Ok(StationFigures {
                station,
                counts,
                livelihood,
            })
        })
        .collect()
}

/// One station's day as far as the hub knows it: its figures for the
/// day and its 民生实事 milestones due, by its own calendar.
pub struct StationDay {
    pub station: HubStation,
    pub counts: Counts,
    pub due: Vec<DueMilestone>,
}

/// Every station's day (`report --day` on a hub). Each is read from its
/// copy with the code the station's own digest runs; a station whose data
/// ends before the day shows nothing for it, and its line says so.
pub fn station_days(hub: &Store, day: NaiveDate) -> Result<Vec<StationDay>, BundleError> {
    with_copies(hub)?
        .into_iter()
        .map(|station| {
            let copy = Store::open_read_only(&hub.hub_folder().join(&station.file))?;
            let counts = copy.day_counts(day)?;
            let calendar = copy.settings().unwrap_or_default().working_calendar();
            let due = copy.milestones_due(&calendar, day)?;
            Ok(StationDay {
                station,
                counts,
                due,
            })
        })
        .collect()
}

/// The hub's totals: every station's figures added up.
pub fn totals(stations: &[StationFigures]) -> (Counts, Figures) {
    let mut counts = Counts::default();
    let mut livelihood = Figures::default();
    for s in stations {
        add_station(&mut counts, &s.station, &s.counts);
        livelihood.add(&s.livelihood);
    }
    (counts, livelihood)
}

/// Adds a station's counts into a hub's, its deputies named with the
/// station's code (two stations may each have a 王建国).
pub fn add_station(total: &mut Counts, station: &HubStation, counts: &Counts) {
    let mut named = counts.clone();
    for d in &mut named.by_deputy {
        d.name = format!("{} {}", station.code, d.name);
    }
    total.add(&named);
}

/// A station's line on the hub's home screen.
pub struct HomeRow {
    pub station: HubStation,
    pub month: Counts,
    pub year: Counts,
    /// Its cases awaiting a reply past their deadline today (as listed
    /// in 督办).
    pub overdue: i64,
    /// Its data ends before this month began.
    pub stale: bool,
}

/// The home screen's periods: this month and this year (whole, so that
/// `report` for the month or the year finds the same figures kept).
fn home_periods(today: NaiveDate) -> [Period; 2] {
    [PeriodKind::Month, PeriodKind::Year].map(|kind| Period::containing(kind, today))
}

/// The hub's stations with this month's and this year's figures.
pub fn hub_home(hub: &mut Store, today: NaiveDate) -> Result<Vec<HomeRow>, BundleError> {
    refresh_changed_open_cases(hub)?;
    let overdue = hub.hub_overdue_by_station(today)?;
    let [month, year] = home_periods(today);
    let month_start = month.from.to_string();
    with_copies(hub)?
        .into_iter()
        .map(|station| {
            Ok(HomeRow {
                month: known_figures(hub, &station, month, today)?.0,
                year: known_figures(hub, &station, year, today)?.0,
                overdue: overdue.get(&station.id).copied().unwrap_or(0),
                stale: station.data_through.as_str() < month_start.as_str(),
                station,
            })
        })
        .collect()
}

/// After an import: what the home screen and the 督办 list read of the
/// station is worked out now, so that neither waits for it. A failure
/// here only means they work it out themselves.
pub fn prepare_station(hub: &mut Store, code: &str, today: NaiveDate) {
    let Ok(Some(station)) = hub.hub_station(code) else {
        return;
    };
    if station.file.is_empty() {
        return;
    }
    let _ = work_out(hub, &station, today);
}

/// What the home and 督办 read of a station: this month's and this
/// year's figures, and its open cases, worked out from its copy.
fn work_out(hub: &mut Store, station: &HubStation, today: NaiveDate) -> Result<(), BundleError> {
    for period in home_periods(today) {
        known_figures(hub, station, period, today)?;
    }
    refresh_open_cases(hub, station)
}

/// Empties what the hub keeps from its copies and works the home's
/// figures and the open cases out again for every station (`hub
/// refresh`). Returns how many stations.
pub fn refresh_kept(
    hub: &mut Store,
    actor: &str,
    now: chrono::NaiveDateTime,
) -> Result<usize, BundleError> {
    let today = now.date();
    hub.clear_hub_kept(actor, now)?;
    let stations = with_copies(hub)?;
    for station in &stations {
        work_out(hub, station, today)?;
    }
    Ok(stations.len())
}

/// A case on the hub's 督办 list: open, past or near its deadline.
pub struct SupervisedCase {
    pub station: HubStation,
    pub case: HubOpenCase,
    /// Days past the deadline (negative: days left).
    pub days_overdue: i64,
}

/// How many cases the 督办 list shows at most: the most urgent; a search
/// narrows the rest down.
pub const SUPERVISION_LIMIT: usize = 1000;

/// Every station's open cases past or near their deadline (by each
/// station's own calendar and warning days), most overdue first, at most
/// `limit`; `query` is the case list's search (two characters or more).
pub fn supervision(
    hub: &mut Store,
    today: NaiveDate,
    query: &str,
    limit: usize,
) -> Result<Vec<SupervisedCase>, BundleError> {
    refresh_changed_open_cases(hub)?;
    let rows = hub.hub_supervision_page(today, &substring_query(query), limit)?;
    Ok(rows
        .into_iter()
        .map(|(station, case)| SupervisedCase {
            days_overdue: (today - case.deadline).num_days(),
            station,
            case,
        })
        .collect())
}

/// Fills the open cases again of every station whose list was made from
/// an older bundle (or before the hub kept such lists).
fn refresh_changed_open_cases(hub: &mut Store) -> Result<(), BundleError> {
    for station in with_copies(hub)? {
        if station.open_cases_of != station.bundle_sha256 {
            refresh_open_cases(hub, &station)?;
        }
    }
    Ok(())
}

/// Fills the hub's list of a station's open cases from its copy.
fn refresh_open_cases(hub: &mut Store, station: &HubStation) -> Result<(), BundleError> {
    let copy = Store::open_read_only(&hub.hub_folder().join(&station.file))?;
    let settings = copy.settings().unwrap_or_default();
    let calendar = settings.working_calendar();
    let near = settings.near_deadline_days;
    let cases = copy.awaiting_cases_for_hub(|deadline| calendar.near_from(deadline, near))?;
    hub.replace_hub_open_cases(station, &cases)?;
    Ok(())
}

/// What `check` finds wrong with what a hub keeps: a copy that is not
/// whole, or figures kept for a station that its copy no longer gives
/// (changed outside the program, say).
pub enum KeptProblem {
    /// The station's copy fails SQLite's integrity check (None), or
    /// cannot be read.
    Copy(HubStation, Option<crate::store::StoreError>),
    /// The copy's content is not what the hub's latest import of it left
    /// (changed outside the program).
    CopyChanged(HubStation),
    /// Figures kept for this period differ from the copy's.
    Figures(HubStation, Period),
    /// The open cases kept for 督办 differ from the copy's.
    OpenCases(HubStation),
}

/// Works every kept figure and list out again from the copies and names
/// each that differs (the hub's own tables are not sealed: they follow
/// from the copies, and this is how a changed one is found).
pub fn kept_problems(hub: &Store) -> Result<Vec<KeptProblem>, BundleError> {
    let mut problems = Vec::new();
    for station in with_copies(hub)? {
        let path = hub.hub_folder().join(&station.file);
        let copy = match Store::open_read_only(&path).and_then(|c| {
            let found = c.integrity_problems()?;
            Ok((c, found))
        }) {
            Ok((copy, found)) if found.is_empty() => copy,
            Ok(_) => {
                problems.push(KeptProblem::Copy(station, None));
                continue;
            }
            Err(e) => {
                problems.push(KeptProblem::Copy(station, Some(e)));
                continue;
            }
        };
        if !copy_as_imported(hub, &station)? {
            problems.push(KeptProblem::CopyChanged(station.clone()));
        }
        let calendar = copy.settings().unwrap_or_default().working_calendar();
        for (period, as_of, counts, livelihood) in hub.kept_hub_figure_rows(&station)? {
            let worked = (
                copy.report_counts(period, as_of)?,
                copy.livelihood_figures(period, &calendar, as_of)?,
            );
            if Store::hub_figures_json((&worked.0, &worked.1))? != (counts, livelihood) {
                problems.push(KeptProblem::Figures(station.clone(), period));
            }
        }
        if station.open_cases_of == station.bundle_sha256 {
            let settings = copy.settings().unwrap_or_default();
            let near = settings.near_deadline_days;
            let mut worked =
                copy.awaiting_cases_for_hub(|deadline| calendar.near_from(deadline, near))?;
            let mut kept = hub.hub_open_cases_of(&station)?;
            worked.sort_by(|a, b| a.case_id.cmp(&b.case_id));
            kept.sort_by(|a, b| a.case_id.cmp(&b.case_id));
            if worked != kept {
                problems.push(KeptProblem::OpenCases(station));
            }
        }
    }
    Ok(problems)
}

/// Whether a station's copy holds what the hub's latest import of it left
/// (true where that import recorded no digest, or there is no copy).
pub fn copy_as_imported(hub: &Store, station: &HubStation) -> Result<bool, BundleError> {
    let path = hub.hub_folder().join(&station.file);
    if station.file.is_empty() || !path.exists() {
        return Ok(true);
    }
    // A damaged copy is not as imported, whatever its rows say.
    if !Store::quick_check_file(&path).is_ok_and(|p| p.is_empty()) {
        return Ok(false);
    }
    Ok(match hub.recorded_copy_digest(&station.id)? {
        Some(recorded) => crate::store::hub::copy_digest(&path)? == recorded,
        None => true,
    })
}
