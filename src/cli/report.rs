//! `report`: a period's figures, or one day's digest (`--day`).

use super::{CliError, ReportFormat, Setup, out};
use crate::domain::fields::{Field, FieldError};
use crate::domain::stats::Period;
use crate::domain::validate::parse_date;
use crate::i18n::{Strings, fill};
use crate::store::Store;

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
        ReportFormat::Text => crate::report::to_text(&counts, period, &station, t),
        ReportFormat::Json => {
            let mut json = crate::report::to_json(&counts, period, t);
            json["livelihood"] = crate::report::livelihood_json(&livelihood);
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::report::to_csv(&counts, period, t),
    });
    Ok(())
}

pub fn day(store: &Store, setup: &Setup, day: &str, format: ReportFormat) -> Result<(), CliError> {
    let t = setup.t;
    let period = period_of(t, day, day)?;
    let (counts, station, drafts) = store
        .day_counts(period.from)
        .and_then(|c| {
            let station = store.station()?.map(|s| s.name).unwrap_or_default();
            Ok((c, station, store.draft_count()?))
        })
        .map_err(|e| CliError::store(t, &e))?;
    // A signed-off day's digest carries the audit anchor of its sign-off.
    let anchor = store
        .day_anchor(period.from)
        .map_err(|e| CliError::store(t, &e))?;
    out::say_block(match format {
        ReportFormat::Json => {
            let mut json = crate::report::digest_json(&counts, period.from, drafts);
            if let Some(a) = &anchor {
                json["audit_anchor"] = serde_json::json!(a.code());
            }
            format!("{json:#}\n")
        }
        ReportFormat::Csv => crate::report::digest_csv(&counts, period.from, drafts, t),
        ReportFormat::Text => {
            let mut text = crate::report::digest_text(&counts, period.from, &station, drafts, t);
            if let Some(a) = &anchor {
                text.push_str(&fill(t.cmd.digest_anchor, &[&a.code()]));
            }
            text
        }
    });
    Ok(())
}
