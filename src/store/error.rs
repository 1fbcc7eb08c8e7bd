//! What can go wrong with the database, sorted into the few kinds a user
//! can act on. `crate::i18n` turns each kind into a plain sentence.

use crate::domain::case::IllegalTransition;
use crate::domain::fields::FieldError;
use crate::domain::roles::{Denied, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::ErrorCode;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
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
    #[error("the database failed its quick check")]
    Damaged,
    #[error("the disk could not be read or written")]
    DiskIo,
    /// A temporary file is already at this name; it is never overwritten.
    #[error("the temporary file {0:?} exists")]
    TempFileExists(std::path::PathBuf),
    #[error("the database is on a network file system ({0:?})")]
    NetworkFolder(crate::domain::placement::NetworkFs),
    #[error("database error: {0}")]
    Other(String),
}

impl From<Denied> for StoreError {
    fn from(d: Denied) -> Self {
        StoreError::Denied(d.permission)
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::Locked,
            Some(ErrorCode::DiskFull) => StoreError::Full,
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => StoreError::Corrupt,
            Some(ErrorCode::CannotOpen) => StoreError::CannotOpen(OpenProblem::NoAccess),
            Some(ErrorCode::SystemIoFailure) => StoreError::DiskIo,
            _ if matches!(e, rusqlite::Error::QueryReturnedNoRows) => StoreError::NotFound,
            _ => StoreError::Other(e.to_string()),
        }
    }
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
        match e.kind() {
            ErrorKind::PermissionDenied => StoreError::CannotOpen(OpenProblem::NoAccess),
            ErrorKind::NotFound => StoreError::CannotOpen(OpenProblem::NotFound),
            ErrorKind::ReadOnlyFilesystem => StoreError::CannotOpen(OpenProblem::ReadOnlyDisk),
            ErrorKind::StorageFull => StoreError::Full,
            _ if e.raw_os_error() == Some(28) => StoreError::Full,
            _ => StoreError::CannotOpen(OpenProblem::Other),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
