//! `init`: the station's code and name, once.

use super::{CliError, Setup, out};
use crate::domain::fields::Field;
use crate::domain::validate::{validate_station_code, validate_text};
use crate::store::Store;

/// The station code and name as they will be stored, or why not.
pub fn checked(setup: &Setup, code: &str, name: &str) -> Result<(String, String), CliError> {
    validate_station_code(code)
        .and_then(|c| validate_text(Field::StationName, name, true, 40, false).map(|n| (c, n)))
        .map_err(|e| CliError::refused(setup.t.field_error(&e)))
}

pub fn run(mut store: Store, setup: &Setup, code: &str, name: &str) -> Result<(), CliError> {
    let t = setup.t;
    // A second `init` would rename the station under its signed records.
    if let Some(station) = store.station().map_err(|e| CliError::store(t, &e))? {
        return Err(CliError::refused(
            t.cmd.init_exists.fill([&station.name, &station.code]),
        ));
    }
    let s = store
        .init_station(code, name, setup.clock.now())
        .map_err(|e| CliError::store(t, &e))?;
    out::say(t.cli_init_done.fill([&s.name, &s.code]));
    Ok(())
}
