//! `check`: the file, the audit chain, the protecting triggers, the case
//! counts, each case against its status, and every record against its
//! seal. Opens the database read-only: a check never changes the file.

use super::{CliError, Setup, out};
use crate::i18n::{Strings, Work};
use crate::store::DatabaseFailure;
use crate::store::{SCHEMA_VERSION, SealProblem, Store, StoreError, TriggerProblem};

pub fn run(store: &Store, setup: &Setup) -> Result<(), CliError> {
    let t = setup.t;
    let version = store.schema_version().unwrap_or(-1);
    out::say(t.cli_schema.fill([&version, &SCHEMA_VERSION]));
    let spinner = super::progress::Spinner::new(t.cmd.working(Work::Check));
    let mut ok = file_is_whole(store, t);
    if version < SCHEMA_VERSION {
        // The checks below read tables an older file does not have yet.
        out::say(t.cmd.check_old_schema.fill([&version]));
    } else {
        ok &= super::audit::verify(store, t);
        ok &= triggers_in_place(store, t);
        ok &= counts_agree(store, t);
        ok &= cases_agree(store, t);
        ok &= seals_agree(store, t);
        if store.is_hub().unwrap_or(false) {
            ok &= hub_kept_agrees(store, t);
        }
    }
    drop(spinner);
    if ok { Ok(()) } else { Err(CliError::Reported) }
}

/// Refuses bulk writes onto a file that fails SQLite's quick check: they
/// would spread the damage.
pub fn refuse_damaged(store: &Store, t: &Strings) -> Result<(), CliError> {
    match store.quick_check_problems() {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(_) | Err(StoreError::Database(DatabaseFailure::Corrupt)) => {
            Err(CliError::refused(t.cmd.damaged))
        }
        Err(e) => Err(CliError::store(t, &e)),
    }
}

fn file_is_whole(store: &Store, t: &Strings) -> bool {
    match store.integrity_problems() {
        Ok(problems) if problems.is_empty() => {
            out::say(t.cli_check_ok);
            true
        }
        Ok(problems) => {
            out::say(t.cli_check_failed);
            for p in problems {
                out::say(format!("  {p}"));
            }
            false
        }
        Err(e) => {
            out::say(t.command_store_error(&e));
            false
        }
    }
}

/// Says `e` and answers false: a check that could not run did not pass.
fn unreadable(t: &Strings, e: &StoreError) -> bool {
    out::say(t.command_store_error(e));
    false
}

fn triggers_in_place(store: &Store, t: &Strings) -> bool {
    let purpose = |name: &str| {
        if name.starts_with("audit_log") {
            t.cmd.trigger_keeps_log
        } else {
            t.cmd.trigger_keeps_counts
        }
    };
    match store.trigger_problems() {
        Ok(problems) => {
            for p in &problems {
                out::say(match p {
                    TriggerProblem::Dropped(name) => {
                        t.cmd.check_trigger_missing.fill([name, &purpose(name)])
                    }
                    TriggerProblem::Changed(name) => {
                        t.cmd.check_trigger_changed.fill([name, &purpose(name)])
                    }
                });
            }
            problems.is_empty()
        }
        Err(e) => unreadable(t, &e),
    }
}

fn counts_agree(store: &Store, t: &Strings) -> bool {
    match store.case_count_mismatches() {
        Ok(wrong) if wrong.is_empty() => {
            out::say(t.cmd.check_counts_ok);
            true
        }
        Ok(wrong) => {
            for m in wrong {
                let status = crate::domain::case::CaseStatus::from_code(&m.status)
                    .map_or(m.status.clone(), |s| t.status(s).to_string());
                out::say(t.cmd.check_counts_wrong.fill([&status, &m.kept, &m.real]));
            }
            false
        }
        Err(e) => unreadable(t, &e),
    }
}

fn cases_agree(store: &Store, t: &Strings) -> bool {
    const SHOWN: usize = 20;
    match store.case_contradictions() {
        Ok(found) if found.is_empty() => {
            out::say(t.cmd.check_cases_ok);
            true
        }
        Ok(found) => {
            for (number, c) in found.iter().take(SHOWN) {
                out::say(
                    t.cmd
                        .check_case_invalid
                        .fill([number, &t.cmd.contradiction(*c)]),
                );
            }
            if found.len() > SHOWN {
                out::say(t.cli_seal_more.fill([&(found.len() - SHOWN)]));
            }
            false
        }
        Err(e) => unreadable(t, &e),
    }
}

/// Register records changed behind the program's back; true when none.
fn seals_agree(store: &Store, t: &Strings) -> bool {
    const SHOWN: usize = 20;
    let problems = match store.seal_problems() {
        Ok(p) => p,
        Err(e) => return unreadable(t, &e),
    };
    if problems.is_empty() {
        out::say(t.cli_seals_ok);
        return true;
    }
    for p in problems.iter().take(SHOWN) {
        out::say(match p {
            SealProblem::Changed { kind, label } => {
                t.cli_seal_changed.fill([&t.audit.entity(kind), label])
            }
            SealProblem::Added { kind, label } => {
                t.cli_seal_added.fill([&t.audit.entity(kind), label])
            }
            SealProblem::Removed { kind, key } => {
                t.cli_seal_removed.fill([&t.audit.entity(kind), key])
            }
            SealProblem::SealsEdited => t.cli_seals_edited.to_string(),
        });
    }
    if problems.len() > SHOWN {
        out::say(t.cli_seal_more.fill([&(problems.len() - SHOWN)]));
    }
    false
}

/// A hub: every station's copy whole, and what the hub keeps from the
/// copies the same as they give.
fn hub_kept_agrees(store: &Store, t: &Strings) -> bool {
    use crate::service::hub::{KeptProblem, kept_problems};
    let w = t.rollup;
    let problems = match kept_problems(store) {
        Ok(p) => p,
        Err(e) => {
            out::say(e.message(t));
            return false;
        }
    };
    if problems.is_empty() {
        let stations = store
            .hub_stations()
            .map(|s| s.iter().filter(|s| !s.file.is_empty()).count())
            .unwrap_or(0);
        out::say(w.check_kept_ok.fill([&stations]));
        return true;
    }
    let mut kept_changed = false;
    for p in &problems {
        out::say(match p {
            KeptProblem::Copy(s, why) => {
                let why = match why {
                    Some(e) => t.command_store_error(e),
                    None => w.copy_not_whole.to_string(),
                };
                w.check_copy_damaged.fill([&s.name, &s.code, &why])
            }
            KeptProblem::CopyChanged(s) => w.check_copy_changed.fill([&s.name, &s.code]),
            KeptProblem::Figures(s, period) => {
                kept_changed = true;
                w.check_figures_changed
                    .fill([&s.name, &period.from, &period.to])
            }
            KeptProblem::OpenCases(s) => {
                kept_changed = true;
                w.check_open_cases_changed.fill([&s.name])
            }
        });
    }
    if kept_changed {
        out::say(w.check_kept_remedy);
    }
    false
}
