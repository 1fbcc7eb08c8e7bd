//! `import receptions FILE`: a register kept elsewhere, all rows or none.

use super::{CliError, Setup, command_line_actor, out};
use crate::service::import::{ImportError, ImportRequest, import_receptions};
use crate::store::Store;
use std::path::Path;

/// Exit 0 when every row passed (and, unless a trial, was imported), 2
/// when a row or the file was refused, 1 when the database failed.
pub fn run(
    mut store: Store,
    setup: &Setup,
    file: &Path,
    sheet: Option<&str>,
    dry_run: bool,
) -> Result<(), CliError> {
    let t = setup.t;
    if !dry_run {
        super::check::refuse_damaged(&store, t)?;
    }
    let request = ImportRequest {
        path: file,
        sheet,
        dry_run,
        actor: &command_line_actor(t),
        now: setup.clock.now(),
    };
    let spinner = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Import));
    let done = import_receptions(&mut store, &request, t);
    drop(spinner);
    match done {
        Ok(report) => {
            out::say_block(report.to_text(t));
            if report.accepted() {
                Ok(())
            } else {
                Err(CliError::Declined)
            }
        }
        Err(e @ ImportError::Store(_)) => Err(CliError::failed(e.message(t, file))),
        Err(e) => Err(CliError::refused(e.message(t, file))),
    }
}
