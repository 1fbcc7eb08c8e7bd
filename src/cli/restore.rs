//! `restore FILE`: the database's content replaced by a checked backup,
//! by an administrator, the current content kept as a backup first.

use super::{CliError, Setup, out, pin};
use crate::domain::roles::Role;
use crate::store::Store;
use crate::store::backup::RestoreOptions;
use std::path::Path;

pub struct Args<'a> {
    pub file: &'a Path,
    pub user: Option<&'a str>,
    pub other_station: bool,
    /// There was no database at the path: the restore makes it.
    pub into_new: bool,
}

pub fn run(store: Store, setup: &Setup, args: Args) -> Result<(), CliError> {
    let (into_new, db) = (args.into_new, store.path().to_path_buf());
    let done = restore(store, setup, args);
    // The database this command made for the restore is not left behind
    // empty when the restore was refused.
    if into_new && done.is_err() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = db.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
    done
}

fn restore(mut store: Store, setup: &Setup, args: Args) -> Result<(), CliError> {
    let t = setup.t;
    let refused = |why: String| CliError::refused(t.cli_restore_refused.fill([&why]));
    // The backup named: a file, there, not empty (the system's words for
    // these are English and misleading: a folder reads as a disk error).
    let problem = match args.file.metadata() {
        Err(_) => Some(t.cmd.restore_no_file),
        Ok(m) if m.is_dir() => Some(t.cmd.open_is_folder),
        Ok(m) if m.len() == 0 => Some(t.cmd.open_empty),
        Ok(_) => None,
    };
    if let Some(why) = problem {
        return Err(refused(format!("{}：{why}", args.file.display())));
    }
    super::check::refuse_damaged(&store, t)?;
    // Replacing the register is an administrator's act whenever the
    // current database has people who could be asked.
    let actor = if store.has_users().map_err(|e| CliError::store(t, &e))? {
        let Some(name) = args.user else {
            return Err(refused(t.cmd.restore_needs_admin.to_string()));
        };
        let by = pin::sign_in(&mut store, setup, name)?;
        if by.role != Role::Admin {
            return Err(refused(t.cmd.restore_needs_admin.to_string()));
        }
        by.name
    } else {
        super::command_line_actor(t)
    };
    let options = RestoreOptions {
        other_station: args.other_station,
    };
    let spinner = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Restore));
    let done = store
        .restore_with(args.file, &actor, setup.clock.now(), options)
        .map_err(|e| CliError::failed(t.cli_restore_refused.fill([&t.command_store_error(&e)])))?;
    drop(spinner);
    // The database made for the restore held nothing: a new computer's
    // restore is not told that "the data before" was kept.
    if args.into_new {
        // Nothing was there before: the "before" kept is an empty file.
        let _ = std::fs::remove_file(&done.kept);
        out::say(
            t.cli_restore_new
                .fill([&args.file.display(), &store.path().display()]),
        );
    } else {
        out::say(
            t.cli_restore_done
                .fill([&args.file.display(), &done.kept.display()]),
        );
    }
    if done.users_kept > 0 {
        out::say(t.cmd.restore_users_kept.fill([&done.users_kept]));
    }
    Ok(())
}
