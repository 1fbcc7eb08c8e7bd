//! Sending a text (a receipt, a daily digest) to a file or to the print
//! command set in 设置; each is recorded in the audit log.

use crate::service::export::{ExportError, write_text_file};
use crate::ui::{Action, Ctx, Severity, current_actor};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// What is being sent, for the audit log and the messages.
pub struct Outgoing<'a> {
    /// `receipt`, `digest`…: the audit action is `KIND.save` / `KIND.print`.
    pub kind: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub text: String,
    /// "Saved to {}" in the user's words.
    pub saved_template: crate::i18n::Template<1>,
    pub printed_message: &'static str,
}

/// Logs the output that happened; `done` is the message for it. A log
/// that cannot be written is said, never passed over in silence.
fn record(cx: &mut Ctx, out: &Outgoing, how: &str, destination: &str, done: String) -> Action {
    let actor = current_actor(cx);
    match cx.store.record_output(
        &format!("{}.{how}", out.kind),
        out.entity,
        out.entity_id,
        serde_json::json!({ "destination": destination }),
        &actor,
        cx.now,
    ) {
        Ok(()) => Action::Message(done, Severity::Ok),
        Err(e) => Action::Message(
            cx.t.output_not_logged.fill([&done, &cx.t.store_error(&e)]),
            Severity::Error,
        ),
    }
}

/// Writes the text to `dir/name`.
pub fn save_text(cx: &mut Ctx, dir: &Path, name: &str, out: Outgoing) -> Action {
    let path = dir.join(name);
    // Written whole or not at all, and never over the database or a backup.
    let written = std::fs::create_dir_all(dir)
        .map_err(ExportError::from)
        .and_then(|()| write_text_file(cx.store.path(), &path, &out.text, |_| Ok(())));
    if let Err(e) = written {
        let said =
            cx.t.file_not_saved
                .fill([&path.display(), &e.message(cx.t)]);
        return Action::Message(said, Severity::Error);
    }
    let shown = path.display().to_string();
    let done = out.saved_template.fill([&shown]);
    record(cx, &out, "save", &shown, done)
}

/// Gives the text to the print command on its standard input.
pub fn print_text(cx: &mut Ctx, out: Outgoing) -> Action {
    let command = cx.read(cx.store.settings()).print_command;
    print_with(cx, &command, out)
}

/// The printers the system knows (`lpstat -a`), by name; why not, if it
/// cannot say (no CUPS, say).
pub fn known_printers() -> Result<Vec<String>, String> {
    let output = Command::new("lpstat")
        .arg("-a")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| e.to_string())?;
    Ok(parse_lpstat(&String::from_utf8_lossy(&output.stdout)))
}

/// `HP_LaserJet accepting requests since …` → `HP_LaserJet`.
fn parse_lpstat(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// Gives the text to `command` on its standard input (a test print uses
/// the command as typed, before it is saved).
pub fn print_with(cx: &mut Ctx, command: &str, out: Outgoing) -> Action {
    let command = command.to_string();
    if command.trim().is_empty() {
        return Action::Message(cx.t.receipt_no_printer.into(), Severity::Warn);
    }
    let result = Command::new("sh")
        .arg("-c")
        .arg(&command)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            if let Some(mut stdin) = child.stdin.take() {
                // A command that fails at once closes its input early; its
                // exit status and message say why, not the broken pipe.
                let _ = stdin.write_all(out.text.as_bytes());
            }
            child.wait_with_output()
        });
    match result {
        Ok(done) if done.status.success() => {
            record(cx, &out, "print", &command, out.printed_message.into())
        }
        Ok(done) => {
            let why = String::from_utf8_lossy(&done.stderr).trim().to_string();
            let why = if why.is_empty() {
                done.status.to_string()
            } else {
                why
            };
            Action::Message(cx.t.receipt_print_failed.fill([&why]), Severity::Error)
        }
        Err(e) => Action::Message(cx.t.receipt_print_failed.fill([&e]), Severity::Error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printer_names_are_read_from_lpstat() {
        let out = "HP_LaserJet accepting requests since Tue 10 Nov 2026 09:00:00 AM CST\n\
                   Office-2F accepting requests since Mon 09 Nov 2026\n";
        assert_eq!(parse_lpstat(out), ["HP_LaserJet", "Office-2F"]);
        assert!(parse_lpstat("").is_empty());
    }
}
