//! `hub`: setting a hub up, loading stations' bundles into it, and
//! letting a reinstalled station's key go.

use super::{CliError, HubAction, Open, Setup, init, open_store, out, pin};
use crate::domain::roles::Role;
use crate::i18n::Strings;
use crate::service::bundle::{Imported, import_bundle};
use crate::store::Store;
use crate::store::hub::MergeSummary;
use std::path::PathBuf;

/// `hub init`, `hub import`, `hub forget` and `hub refresh`, each on the
/// database it needs.
pub fn dispatch(action: HubAction, s: &Setup) -> Result<(), CliError> {
    match action {
        HubAction::Init { code, name } => {
            let (code, name) = init::checked(s, &code, &name)?;
            set_up(open_store(s, Open::Create)?, s, &code, &name)
        }
        HubAction::Import { files, dry_run } => {
            import(open_store(s, Open::Existing)?, s, &files, dry_run)
        }
        HubAction::Forget { code, user } => forget(open_store(s, Open::Existing)?, s, &code, &user),
        HubAction::Refresh => refresh(open_store(s, Open::Existing)?, s),
    }
}

/// `hub refresh`: what the hub keeps from its copies, worked out again
/// (after `check` found it changed outside the program).
fn refresh(mut store: Store, setup: &Setup) -> Result<(), CliError> {
    let t = setup.t;
    if !store.is_hub().map_err(|e| CliError::store(t, &e))? {
        return Err(CliError::refused(t.rollup.not_a_hub));
    }
    let actor = super::command_line_actor(t);
    let stations = crate::service::hub::refresh_kept(&mut store, &actor, setup.clock.now())
        .map_err(|e| CliError::failed(e.message(t)))?;
    out::say(t.rollup.refreshed.fill([&stations]));
    Ok(())
}

fn set_up(mut store: Store, setup: &Setup, code: &str, name: &str) -> Result<(), CliError> {
    let t = setup.t;
    let store_error = |e| CliError::store(t, &e);
    if let Some(station) = store.station().map_err(store_error)? {
        let template = if store.is_hub().map_err(store_error)? {
            t.rollup.hub_exists
        } else {
            t.rollup.hub_is_station
        };
        return Err(CliError::refused(
            template.fill([&station.name, &station.code]),
        ));
    }
    store
        .init_hub(code, name, setup.clock.now())
        .map_err(store_error)?;
    out::say(t.rollup.hub_done.fill([&name, &code]));
    Ok(())
}

fn import(
    mut store: Store,
    setup: &Setup,
    files: &[PathBuf],
    dry_run: bool,
) -> Result<(), CliError> {
    let t = setup.t;
    let actor = super::command_line_actor(t);
    let mut refused = 0;
    for file in files {
        match import_bundle(&mut store, file, dry_run, &actor, setup.clock.now()) {
            Ok(stations) => {
                for done in stations {
                    say_imported(&done, dry_run, t);
                }
            }
            Err(e) if e.is_refusal() && files.len() > 1 => {
                out::tell(e.message(t));
                refused += 1;
            }
            Err(e) if e.is_refusal() => return Err(CliError::refused(e.message(t))),
            Err(e) => return Err(CliError::failed(e.message(t))),
        }
    }
    if refused > 0 {
        return Err(CliError::refused(t.rollup.all_refused.fill([&refused])));
    }
    Ok(())
}

fn say_imported(done: &Imported, dry_run: bool, t: &Strings) {
    match done {
        Imported::UpToDate(s) => {
            let who = t.rollup.station_named.fill([&s.name, &s.code]);
            out::say(t.rollup.up_to_date.fill([&who]));
        }
        Imported::Loaded(s, summary) => {
            let who = t.rollup.station_named.fill([&s.name, &s.code]);
            let template = if dry_run {
                t.rollup.would_load
            } else {
                t.rollup.loaded
            };
            out::say(template.fill([&who, &summary_text(summary, t)]));
        }
    }
}

/// 接待登记新增 3、更新 1；案件新增 3、更新 0 …
fn summary_text(summary: &MergeSummary, t: &Strings) -> String {
    t.rollup
        .registers
        .iter()
        .filter_map(|(key, word)| {
            let new = summary.new.get(*key).copied().unwrap_or(0);
            let changed = summary.changed.get(*key).copied().unwrap_or(0);
            (new + changed > 0).then(|| t.rollup.new_and_changed.fill([word, &new, &changed]))
        })
        .chain({
            // What the station deleted since, gone from the copy too.
            let removed: i64 = summary.removed.values().sum();
            (removed > 0).then(|| t.rollup.removed_rows.fill([&removed]))
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn forget(mut store: Store, setup: &Setup, code: &str, user: &str) -> Result<(), CliError> {
    let t = setup.t;
    let store_error = |e| CliError::store(t, &e);
    if !store.is_hub().map_err(store_error)? {
        return Err(CliError::refused(t.rollup.not_a_hub));
    }
    let by = pin::sign_in(&mut store, setup, user)?;
    if by.role != Role::Admin {
        return Err(CliError::refused(t.rollup.needs_admin));
    }
    let known = store.hub_station(code).map_err(store_error)?;
    let Some(station) = known else {
        return Err(CliError::refused(t.rollup.forget_unknown.fill([&code])));
    };
    store
        .forget_hub_key(code, &by.name, setup.clock.now())
        .map_err(store_error)?;
    out::say(t.rollup.forgotten.fill([&station.name, &station.code]));
    Ok(())
}
