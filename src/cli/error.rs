//! The one place where a command's failure becomes words and an exit code:
//! 2 when the request was refused (a wrong path, PIN or value: nothing was
//! changed), 1 when the database or the disk failed or a check found
//! problems.

use super::out;
use crate::i18n::Strings;
use crate::store::StoreError;
use crate::store::{DatabaseFailure, Refusal};
use std::process::ExitCode;

#[derive(Debug)]
pub enum CliError {
    /// Refused before anything changed: exit 2.
    Refused(String),
    /// The work failed, or a check found what is wrong: exit 1.
    Failed(String),
    /// The command has already said what it found: exit 1, nothing more.
    Reported,
    /// The command has already said why it refused: exit 2, nothing more.
    Declined,
}

impl CliError {
    pub fn refused(message: impl Into<String>) -> CliError {
        CliError::Refused(message.into())
    }

    pub fn failed(message: impl Into<String>) -> CliError {
        CliError::Failed(message.into())
    }

    /// A database problem in the command line's words; a wrong PIN, a
    /// missing right or bad input is a refusal, the rest a failure.
    pub fn store(t: &Strings, e: &StoreError) -> CliError {
        let message = t.command_store_error(e);
        match e {
            StoreError::Refused(Refusal::WrongPin { .. })
            | StoreError::Refused(Refusal::UserLocked(_))
            | StoreError::Refused(Refusal::Denied(_))
            | StoreError::Refused(Refusal::Invalid(_))
            | StoreError::Refused(Refusal::NoStation)
            | StoreError::Database(DatabaseFailure::CannotOpen(_))
            | StoreError::Database(DatabaseFailure::NewerSchema { .. }) => {
                CliError::Refused(message)
            }
            _ => CliError::Failed(message),
        }
    }

    /// Says what went wrong on standard error and gives the exit code.
    pub fn report(self) -> ExitCode {
        match self {
            CliError::Refused(message) => {
                out::tell(&message);
                ExitCode::from(2)
            }
            CliError::Failed(message) => {
                out::tell(&message);
                ExitCode::FAILURE
            }
            CliError::Reported => ExitCode::FAILURE,
            CliError::Declined => ExitCode::from(2),
        }
    }
}
