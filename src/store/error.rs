//! What can go wrong with the database, sorted into the few kinds a user
//! can act on. `crate::i18n` turns each kind into a plain sentence.

use crate::domain::case::IllegalTransition;
use crate::domain::fields::{Field, FieldError};
use crate::domain::roles::{Denied, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::ErrorCode;

/// Either the database itself failed (a file, a disk, a lock: nothing the
/// user typed is wrong) or the store refused what was asked by the
/// station's rules. A screen keeps the input in both cases; only a
/// refusal points at something to change in it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Database(#[from] DatabaseFailure),
    #[error(transparent)]
    Refused(#[from] Refusal),
}

/// The database or its file failed.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseFailure {
    #[error("the database file cannot be opened: {0:?}")]
    CannotOpen(OpenProblem),
    #[error("the database is read-only")]
    ReadOnly,
    #[error("the database is locked by another program")]
    Locked,
    #[error("the disk is full")]
    Full,
    #[error("the file is not a Liaison Desk database or is damaged")]
    Corrupt,
    #[error(
        "the database was made by a newer version (schema {found}, this program knows {supported})"
    )]
    NewerSchema { found: i64, supported: i64 },
    #[error("the database failed its quick check")]
    Damaged,
    #[error("the disk could not be read or written")]
    DiskIo,
    /// A temporary file is already at this name; it is never overwritten.
    #[error("the temporary file {0:?} exists")]
    TempFileExists(std::path::PathBuf),
    /// A hub's backup keeps its stations' copies in a folder beside it; a
    /// folder of that name holding anything else is never touched.
    #[error("the folder {0:?} holds other files")]
    CopiesFolderTaken(std::path::PathBuf),
    #[error("the database is on a network file system ({0:?})")]
    NetworkFolder(crate::domain::placement::NetworkFs),
    /// A stored code this program does not know (written behind its
    /// back): the field it fills (none for a case's status) and the code.
    #[error("unknown code {code:?} for {field:?}")]
    UnknownCode { field: Option<Field>, code: String },
    /// Anything else; the underlying error is kept for the log.
    #[error("database error: {0}")]
    Other(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// What the store would not do: the station's rules, not a fault.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("the record was changed by another terminal")]
    Stale,
    /// Changed meanwhile by this person at this time (the case's newest event).
    #[error("the record was changed by {who} at {at}")]
    ChangedBy { who: String, at: String },
    #[error("no such record")]
    NotFound,
    #[error("the record is still in use")]
    InUse,
    #[error("the station has not been set up")]
    NoStation,
    #[error(transparent)]
    Illegal(#[from] IllegalTransition),
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("not allowed: {0:?}")]
    Denied(Permission),
    #[error("the day {0} is signed off")]
    DaySignedOff(NaiveDate),
    #[error("the day {0} is signed off: its duty sign-ins are locked")]
    DutyDaySignedOff(NaiveDate),
    #[error("the name is taken")]
    NameTaken,
    #[error("the last administrator cannot be removed")]
    LastAdmin,
    #[error("wrong PIN")]
    WrongPin { tries_left: u32 },
    #[error("locked until {0}")]
    UserLocked(NaiveDateTime),
    #[error("the backup is of station {theirs}, this database is {ours}")]
    OtherStation { theirs: String, ours: String },
}

impl From<IllegalTransition> for StoreError {
    fn from(e: IllegalTransition) -> Self {
        StoreError::Refused(Refusal::Illegal(e))
    }
}

impl StoreError {
    /// A failure that is not one of the kinds a user can act on, its
    /// cause kept.
    pub fn other(cause: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        StoreError::Database(DatabaseFailure::Other(cause.into()))
    }

    /// The same sentence the user is shown for a field's mistake.
    pub fn invalid(error: FieldError) -> Self {
        StoreError::Refused(Refusal::Invalid(vec![error]))
    }
}

impl From<Denied> for StoreError {
    fn from(d: Denied) -> Self {
        StoreError::Refused(Refusal::Denied(d.permission))
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        if let Some((field, code)) = unknown_code(&e) {
            return StoreError::Database(DatabaseFailure::UnknownCode { field, code });
        }
        let failure = match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => DatabaseFailure::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => DatabaseFailure::Locked,
            Some(ErrorCode::DiskFull) => DatabaseFailure::Full,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => DatabaseFailure::Corrupt,
            Some(ErrorCode::CannotOpen) => DatabaseFailure::CannotOpen(OpenProblem::NoAccess),
            Some(ErrorCode::SystemIoFailure) => DatabaseFailure::DiskIo,
            _ if matches!(e, rusqlite::Error::QueryReturnedNoRows) => {
                return StoreError::Refused(Refusal::NotFound);
            }
            _ => DatabaseFailure::Other(Box::new(e)),
        };
        StoreError::Database(failure)
    }
}

/// The field and code of a read that met a code it does not know.
fn unknown_code(e: &rusqlite::Error) -> Option<(Option<Field>, String)> {
    let rusqlite::Error::FromSqlConversionFailure(_, _, cause) = e else {
        return None;
    };
    let unknown = cause.downcast_ref::<super::values::UnknownCode>()?;
    Some((unknown.field, unknown.code.clone()))
}

/// Why a file could not be opened, in kinds a message can name (the
/// system's own words are English).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenProblem {
    /// No permission to read or write the file or its folder.
    NoAccess,
    /// The file or a folder on its path does not exist.
    NotFound,
    /// The disk or folder can only be read.
    ReadOnlyDisk,
    /// No database file at that path (and this command creates none).
    NoFile,
    /// The path names a folder, not a file.
    IsFolder,
    /// The file is empty (0 bytes): not a database.
    Empty,
    /// Something else the system reported.
    Other,
}

impl StoreError {
    /// A file error, sorted into what a user can act on.
    pub fn from_io(e: &std::io::Error) -> StoreError {
        use std::io::ErrorKind;
        StoreError::Database(match e.kind() {
            ErrorKind::PermissionDenied => DatabaseFailure::CannotOpen(OpenProblem::NoAccess),
            ErrorKind::NotFound => DatabaseFailure::CannotOpen(OpenProblem::NotFound),
            ErrorKind::ReadOnlyFilesystem => DatabaseFailure::CannotOpen(OpenProblem::ReadOnlyDisk),
            ErrorKind::StorageFull => DatabaseFailure::Full,
            _ if e.raw_os_error() == Some(28) => DatabaseFailure::Full,
            _ => DatabaseFailure::CannotOpen(OpenProblem::Other),
        })
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
