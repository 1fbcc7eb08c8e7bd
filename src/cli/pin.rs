//! Signing a desk user in for a command. The PIN comes from
//! `LIAISON_DESK_PIN` or is typed at a terminal, never read from a pipe: a
//! script without the variable is told so, and nothing counts as a wrong
//! PIN (three cron runs must not lock a secretary out).

use super::{CliError, Setup};
use crate::domain::fields::Field;
use crate::domain::roles::{Actor, validate_pin};
use crate::store::Store;
use std::io::IsTerminal;

/// Where the command line takes a PIN from when not asked at the terminal.
pub const PIN_VARIABLE: &str = "LIAISON_DESK_PIN";

/// Signs `name` in; wrong PINs count as on the sign-in screen.
pub fn sign_in(store: &mut Store, setup: &Setup, name: &str) -> Result<Actor, CliError> {
    let t = setup.t;
    let users = store.users().map_err(|e| CliError::store(t, &e))?;
    let Some(user) = users.iter().find(|u| u.name == name && u.active) else {
        return Err(CliError::refused(t.users.cli_no_user.fill([&name])));
    };
    // An empty variable (a script's unset `$PIN`) is no variable.
    let given = std::env::var(PIN_VARIABLE)
        .ok()
        .filter(|p| !p.trim().is_empty());
    let pin = match given {
        Some(pin) => {
            // Not even the form of a PIN: a mistake in the script, not a
            // guess, so it does not count against the user.
            validate_pin(Field::Pin, &pin).map_err(|_| CliError::refused(t.cmd.pin_malformed))?
        }
        None if std::io::stdin().is_terminal() => {
            read_pin(&t.users.cli_pin_prompt.fill([&name]))
                .map_err(|_| CliError::refused(t.cmd.pin_no_terminal))?
        }
        None => return Err(CliError::refused(t.cmd.pin_no_terminal)),
    };
    store
        .sign_in_user(&user.id, pin.trim(), setup.clock.now())
        .map_err(|e| CliError::store(t, &e))
}

/// Reads a PIN at the terminal with stars for digits.
fn read_pin(prompt: &str) -> std::io::Result<String> {
    use crossterm::event::{Event, KeyCode, read};
    use std::io::Write;
    eprint!("{prompt}");
    crossterm::terminal::enable_raw_mode()?;
    let mut pin = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => {
                    pin.clear();
                    break Ok(());
                }
                KeyCode::Backspace if pin.pop().is_some() => eprint!("\u{8} \u{8}"),
                KeyCode::Char(c) if pin.len() < 16 => {
                    pin.push(c);
                    eprint!("*");
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e),
        }
        let _ = std::io::stderr().flush();
    };
    crossterm::terminal::disable_raw_mode()?;
    eprintln!();
    result.map(|()| pin)
}
