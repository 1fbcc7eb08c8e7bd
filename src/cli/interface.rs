//! The interactive desk, the default when no subcommand is given.

use super::{CliError, Setup};
use crate::store::Store;
use crate::ui::Severity;
use crate::ui::app::App;
use std::io::IsTerminal;
use std::path::PathBuf;

pub fn run(store: Store, setup: Setup) -> Result<(), CliError> {
    let t = setup.t;
    // Without a terminal (a service, `setsid`, `</dev/null`) the screen
    // cannot be drawn nor keys read: say so instead of failing inside.
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(CliError::refused(t.cmd.no_terminal));
    }
    let files_dir = setup
        .db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| setup.paths.data_dir.clone());
    let mut app = App::new(store, t, setup.theme, setup.clock, files_dir);
    if let Some(w) = setup.warnings.first() {
        app.show_message(w.clone(), Severity::Warn);
    }
    crate::ui::app::run(app)
        .map_err(|e| CliError::failed(t.cmd.terminal_failed.fill([&e.raw_os_error().unwrap_or(0)])))
}
