//! `backup`: an online copy, checked before it is kept.

use super::{CliError, Setup, command_line_actor, out};
use crate::i18n::fill;
use crate::store::Store;
use crate::store::backup::KEEP_BACKUPS;
use std::path::PathBuf;

pub fn run(mut store: Store, setup: &Setup, output: Option<PathBuf>) -> Result<(), CliError> {
    let t = setup.t;
    let now = setup.clock.now();
    let actor = command_line_actor(t);
    let path = match output {
        Some(path) => store.backup_to_logged(&path, &actor, now).map(|()| path),
        None => store.backup_rotated(KEEP_BACKUPS, &actor, now),
    }
    .map_err(|e| CliError::store(t, &e))?;
    out::say(fill(t.cli_backup_done, &[&path.display()]));
    Ok(())
}
