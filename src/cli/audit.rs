//! `audit verify [--anchor CODE]` and `audit anchor`.

use super::{AuditAction, CliError, Setup, out};
use crate::domain::anchor::Anchor;
use crate::i18n::Strings;
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
            out::say(t.cmd.anchor_line.fill([&anchor.code(), &anchor.seq, &at]));
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
        out::say(t.cli_audit_count.fill([&count]));
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
        AuditProblem::Missing { from, to } if from == to => t.cmd.audit_missing_one.fill([from]),
        AuditProblem::Missing { from, to } => t.cmd.audit_missing_range.fill([from, to]),
        AuditProblem::Broken { seq } => {
            let mut line = t.cli_audit_broken.fill([seq]);
            if let Ok(Some(e)) = store.audit_entry(*seq) {
                let who = if e.actor.is_empty() { "—" } else { &e.actor };
                line.push_str("\n  ");
                line.push_str(&t.cli_audit_entry.fill([
                    &e.seq,
                    &e.at,
                    &who,
                    &t.audit_action(&e.action),
                ]));
            }
            line
        }
        AuditProblem::NewestMissing {
            record,
            recorded,
            last,
        } => t.cmd.audit_newest_missing.fill([
            &(last + 1),
            recorded,
            &record_name(t, record),
            recorded,
        ]),
        AuditProblem::Rewritten { record, seq } => {
            t.cmd.audit_rewritten.fill([&record_name(t, record), seq])
        }
    }
}

fn record_name(t: &Strings, record: &HeadRecord) -> String {
    match record {
        HeadRecord::Counter => t.cmd.head_counter.to_string(),
        HeadRecord::SignOff(day) => t.cmd.head_sign_off.fill([day]),
        HeadRecord::Backup(name) => t.cmd.head_backup.fill([name]),
        HeadRecord::Restore => t.cmd.head_restore.to_string(),
    }
}

fn verify_anchor(store: &Store, t: &Strings, code: &str) -> Result<(), CliError> {
    let Some(anchor) = Anchor::parse(code) else {
        return Err(CliError::refused(t.cmd.anchor_bad_code.fill([&code])));
    };
    let shown = anchor.code();
    let verdict = store
        .check_anchor(&anchor)
        .map_err(|e| CliError::store(t, &e))?;
    let said = match verdict {
        AnchorVerdict::Holds { after, earlier } => {
            out::say(t.cmd.anchor_ok.fill([&shown, &anchor.seq, &after]));
            if let Some(p) = earlier {
                out::say(t.cmd.anchor_but_earlier);
                out::say(problem_line(store, t, &p));
            }
            return Ok(());
        }
        AnchorVerdict::Missing => t.cmd.anchor_missing.fill([&shown, &anchor.seq]),
        AnchorVerdict::Differs { hash } => t.cmd.anchor_differs.fill([&shown, &anchor.seq, &hash]),
        AnchorVerdict::BrokenAfter(p) => format!(
            "{}\n{}",
            t.cmd.anchor_broken_after.fill([&shown]),
            problem_line(store, t, &p)
        ),
    };
    out::say(said);
    Err(CliError::Reported)
}
