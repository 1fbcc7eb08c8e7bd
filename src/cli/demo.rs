//! `demo`: invented receptions, activities and study sessions for trying
//! the desk out, only in an empty database.

use super::{CliError, Setup, out};
use crate::store::Store;

pub fn run(mut store: Store, setup: &Setup, days: u32) -> Result<(), CliError> {
    let t = setup.t;
    if store.count_rows("receptions").unwrap_or(0) > 0 {
        return Err(CliError::refused(t.cli_demo_needs_empty));
    }
    let spinner = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Demo));
    let s = crate::service::demo::fill(&mut store, days, setup.clock.now())
        .map_err(|e| CliError::store(t, &e))?;
    drop(spinner);
    out::say(t.cli_demo_done.fill([&s.days, &s.receptions, &s.deputies]));
    Ok(())
}
