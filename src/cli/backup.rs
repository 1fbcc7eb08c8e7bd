//! `backup`: an online copy, checked before it is kept.

use super::{CliError, Setup, command_line_actor, out};
use crate::store::Store;
use crate::store::backup::KEEP_BACKUPS;
use std::path::PathBuf;

pub fn run(mut store: Store, setup: &Setup, output: Option<PathBuf>) -> Result<(), CliError> {
    let t = setup.t;
    let now = setup.clock.now();
    let actor = command_line_actor(t);
    if let Some(path) = &output {
        refuse_target(&store, setup, path)?;
    }
    let spinner = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Backup));
    let path = match output {
        Some(path) => store.backup_to_logged(&path, &actor, now).map(|()| path),
        None => store.backup_rotated(KEEP_BACKUPS, &actor, now),
    }
    .map_err(|e| CliError::store(t, &e))?;
    drop(spinner);
    out::say(t.cli_backup_done.fill([&path.display()]));
    Ok(())
}

/// A backup may replace an earlier backup, never the database it copies
/// nor a file that is not a database (a document of the same name).
fn refuse_target(store: &Store, setup: &Setup, path: &std::path::Path) -> Result<(), CliError> {
    let t = setup.t;
    let resolved = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    if crate::service::export::is_database_file_of(store.path(), &resolved) {
        return Err(CliError::refused(
            t.cmd.backup_target_database.fill([&path.display()]),
        ));
    }
    let refuse = |template: crate::i18n::Template<1>| {
        Err(CliError::refused(template.fill([&path.display()])))
    };
    if resolved.is_dir() {
        return refuse(t.cmd.backup_target_folder);
    }
    if resolved.exists() && !resolved.is_file() {
        return refuse(t.cmd.target_not_a_file);
    }
    // Only an earlier backup of this station is replaced: never a document,
    // another program's database, nor a database in use (WAL mode).
    if resolved.exists() && !store.is_earlier_backup(&resolved) {
        return refuse(t.cmd.backup_target_exists);
    }
    Ok(())
}
