//! `audit verify [--anchor CODE]` and `audit anchor`.

use super::{AuditAction, CliError, Setup, out};
use crate::domain::anchor::Anchor;
use crate::i18n::{Strings, fill};
use crate::store::{AnchorVerdict, AuditProblem, HeadRecord, Store};

pub fn run(store: &Store, setup: &Setup, action: AuditAction) -> Result<(), CliError> {
    let t = setup.t;
    match action {
        AuditAction::Verify { anchor: None } => {
            if verify(store, t) {
                Ok(())
            } else {
                Err(CliError::Reported)
            }
        }
        AuditAction::Verify { anchor: Some(code) } => verify_anchor(store, t, &code),
        AuditAction::Anchor => {
            let Some(anchor) = store.audit_anchor().map_err(|e| CliError::store(t, &e))? else {
                return Err(CliError::failed(t.cmd.anchor_empty));
            };
            let at = store
                .audit_entry(anchor.seq)
                .ok()
                .flatten()
                .map(|e| e.at)
                .unwrap_or_default();
            out::say(fill(t.cmd.anchor_line, &[&anchor.code(), &anchor.seq, &at]));
            Ok(())
        }
    }
}

/// The whole chain: every entry, the gaps, and the heads kept elsewhere.
/// True when nothing is wrong.
pub fn verify(store: &Store, t: &Strings) -> bool {
    let problems = match store.audit_problems() {
        Ok(p) => p,
        Err(e) => {
            out::say(t.command_store_error(&e));
            return false;
        }
    };
    if problems.is_empty() {
        let count = store.count_rows("audit_log").unwrap_or(0);
        out::say(fill(t.cli_audit_count, &[&count]));
        out::say(t.cli_audit_ok);
        return true;
    }
    for p in &problems {
        out::say(problem_line(store, t, p));
    }
    false
}

fn problem_line(store: &Store, t: &Strings, p: &AuditProblem) -> String {
    match p {
        AuditProblem::Missing { from, to } if from == to => fill(t.cmd.audit_missing_one, &[from]),
        AuditProblem::Missing { from, to } => fill(t.cmd.audit_missing_range, &[from, to]),
        AuditProblem::Broken { seq } => {
            let mut line = fill(t.cli_audit_broken, &[seq]);
            if let Ok(Some(e)) = store.audit_entry(*seq) {
                let who = if e.actor.is_empty() { "—" } else { &e.actor };
                line.push_str("\n  ");
                line.push_str(&fill(
                    t.cli_audit_entry,
                    &[&e.seq, &e.at, &who, &t.audit_action(&e.action)],
                ));
            }
            line
        }
        AuditProblem::NewestMissing {
            record,
            recorded,
            last,
        } => fill(
            t.cmd.audit_newest_missing,
            &[&(last + 1), recorded, &record_name(t, record), recorded],
        ),
        AuditProblem::Rewritten { record, seq } => {
            fill(t.cmd.audit_rewritten, &[&record_name(t, record), seq])
        }
    }
}

fn record_name(t: &Strings, record: &HeadRecord) -> String {
    match record {
        HeadRecord::Counter => t.cmd.head_counter.to_string(),
        HeadRecord::SignOff(day) => fill(t.cmd.head_sign_off, &[day]),
        HeadRecord::Backup(name) => fill(t.cmd.head_backup, &[name]),
        HeadRecord::Restore => t.cmd.head_restore.to_string(),
    }
}

fn verify_anchor(store: &Store, t: &Strings, code: &str) -> Result<(), CliError> {
    let Some(anchor) = Anchor::parse(code) else {
        return Err(CliError::refused(fill(t.cmd.anchor_bad_code, &[&code])));
    };
    let shown = anchor.code();
    let verdict = store
        .check_anchor(&anchor)
        .map_err(|e| CliError::store(t, &e))?;
    let said = match verdict {
        AnchorVerdict::Holds { after, earlier } => {
            out::say(fill(t.cmd.anchor_ok, &[&shown, &anchor.seq, &after]));
            if let Some(p) = earlier {
                out::say(t.cmd.anchor_but_earlier);
                out::say(problem_line(store, t, &p));
            }
            return Ok(());
        }
        AnchorVerdict::Missing => fill(t.cmd.anchor_missing, &[&shown, &anchor.seq]),
        AnchorVerdict::Differs { hash } => {
            fill(t.cmd.anchor_differs, &[&shown, &anchor.seq, &hash])
        }
        AnchorVerdict::BrokenAfter(p) => format!(
            "{}\n{}",
            fill(t.cmd.anchor_broken_after, &[&shown]),
            problem_line(store, t, &p)
        ),
    };
    out::say(said);
    Err(CliError::Reported)
}
