//! The one module that speaks SQL. Everything above it works with the
//! domain types and the plain structs defined here.

mod audit;
mod audit_check;
pub mod backup;
pub mod bulk;
pub mod bundle;
mod case_detail;
mod case_list;
mod cases;
mod closing;
mod deputies;
mod drafts;
mod duty;
mod duty_record;
pub mod error;
mod health;
mod households;
pub mod hub;
mod hub_cache;
mod import;
mod late;
mod livelihood;
pub mod placement;
mod purge;
mod receptions;
mod register_rows;
mod registers;
mod report;
mod reveal;
mod seal;
mod search;
mod settings;
mod stations;
mod user_deputies;
mod users;
mod values;

pub use crate::domain::livelihood::ProjectPlan;
pub use crate::domain::register_forms::{
    Meeting, NewActivity, NewDeputy, NewHousehold, NewStudySession, Visit,
};
pub use audit::{AuditEntry, AuditQuery, AuditWord};
pub use audit_check::{AnchorVerdict, AuditProblem, HeadRecord};
pub use case_detail::{CaseDetail, TimelineEntry};
pub use case_list::{CaseFilter, CaseRow, Cursor};
pub use cases::{CaseState, CaseUpdate};
pub use closing::{Correction, CorrectionRequest, SignOffOutcome, SignedDay};
pub use deputies::{Department, Deputy, RosterEntry};
pub use drafts::Draft;
pub use duty::DutySession;
pub use error::{DatabaseFailure, OpenProblem, Refusal, StoreError, StoreResult};
pub use health::{CountMismatch, TriggerProblem};
pub use households::Household;
pub use hub_cache::HubOpenCase;
pub use import::{ImportContext, ImportOutcome};
pub use late::LateEntry;
pub use livelihood::{
    BallotRow, CandidateRow, DueMilestone, FollowUp, LinkedActivity, ProjectRow, VoteRow,
};
pub use purge::PurgeItem;
pub use receptions::{EarlierVisit, ReceptionRecord, SaveContext, SavedReception, TodayCounts};
pub use register_rows::{HandlingRow, RowKeys};
pub use registers::{ActivityRow, AttendanceRow, StudyRow, VisitRow};
pub use reveal::Revealed;
pub use seal::SealProblem;
pub use settings::Settings;
pub use stations::Station;
pub use users::{User, UserChange};

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// One step of the schema, run inside its own transaction.
type Migration = fn(&rusqlite::Transaction) -> StoreResult<()>;

fn migrate_v1(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v1.sql"))?)
}

/// Each entry moves the schema one version up; `PRAGMA user_version` holds
/// how many have been applied. Never edit a released entry: add one.
const MIGRATIONS: &[Migration] = &[
    migrate_v1,
    search::migrate_v2,
    migrate_v3,
    migrate_v4,
    migrate_v5,
    migrate_v6,
    user_deputies::migrate_v7,
    migrate_v8,
    migrate_v9,
    migrate_v10,
    migrate_v11,
];

/// A 约见's own record beside its activity: a table of its own, sealed as
/// its own kind, so that no activity's seal changes.
fn migrate_v8(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v8.sql"))?)
}

/// Activities linked to projects, letters' day of receipt, contact
/// households and the households a visit reached: tables of their own,
/// so that no existing record's seal changes.
fn migrate_v9(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v9.sql"))?)
}

/// Roll-up: the station's signing keys, and a hub's stations.
fn migrate_v10(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v10.sql"))?)
}

/// Roll-up: what a hub works out from its copies, kept.
fn migrate_v11(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v11.sql"))?)
}

/// 民生实事: candidates, votes, projects and their milestones.
fn migrate_v6(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v6.sql"))?)
}

fn migrate_v5(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v5.sql"))?)
}

fn migrate_v3(tx: &rusqlite::Transaction) -> StoreResult<()> {
    Ok(tx.execute_batch(include_str!("schema_v3.sql"))?)
}

/// Seals the records already there, vouched for by one audit entry.
fn migrate_v4(tx: &rusqlite::Transaction) -> StoreResult<()> {
    tx.execute_batch(include_str!("schema_v4.sql"))?;
    let sum = seal::seal_all(tx)?;
    if sum != 0 {
        let records: i64 = tx.query_row("SELECT count(*) FROM seals", [], |r| r.get(0))?;
        audit::append_sealed(
            tx,
            chrono::Local::now().naive_local(),
            audit::AuditWrite {
                actor: "",
                action: "seal.baseline",
                entity: "database",
                entity_id: "",
                before: None,
                after: Some(serde_json::json!({ "records": records })),
            },
            Some(sum),
        )?;
    }
    Ok(())
}

/// Marks a file as ours (`PRAGMA application_id`), "LDS1".
pub(crate) const APPLICATION_ID: i64 = 0x4C44_5331;

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// How long a write waits for another terminal's transaction to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

/// Stored form of timestamps: local time, to the second.
pub(crate) fn ts(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

pub(crate) fn day(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A database that must already be there: a missing path, a folder or an
/// empty file (which SQLite would quietly make a new database of) is
/// refused by name.
fn refuse_missing(path: &Path) -> StoreResult<()> {
    refuse_folder(path)?;
    match path.metadata() {
        Ok(m) if m.is_file() && m.len() == 0 => Err(StoreError::Database(
            DatabaseFailure::CannotOpen(OpenProblem::Empty),
        )),
        Ok(m) if m.is_file() => Ok(()),
        _ => Err(StoreError::Database(DatabaseFailure::CannotOpen(
            OpenProblem::NoFile,
        ))),
    }
}

/// `file:PATH?immutable=1`: the file read as it is, no locks, no journal.
fn immutable_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut uri = String::from("file:");
    for c in absolute.to_string_lossy().chars() {
        match c {
            '%' | '?' | '#' => uri.push_str(&format!("%{:02X}", c as u32)),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// A folder given where the database file belongs is named as such.
fn refuse_folder(path: &Path) -> StoreResult<()> {
    if path.is_dir() {
        return Err(StoreError::Database(DatabaseFailure::CannotOpen(
            OpenProblem::IsFolder,
        )));
    }
    Ok(())
}

pub(crate) fn parse_day(s: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl Store {
    /// Opens (creating if needed) the database and brings its schema up to date.
    pub fn open(path: &Path) -> StoreResult<Store> {
        refuse_folder(path)?;
        placement::refuse_network(path)?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::from_io(&e))?;
        }
        Store::open_writable(path, OpenFlags::SQLITE_OPEN_CREATE)
    }

    /// Opens a database that must already be there (commands that read,
    /// check or export): a mistyped path creates nothing.
    pub fn open_existing(path: &Path) -> StoreResult<Store> {
        refuse_missing(path)?;
        placement::refuse_network(path)?;
        Store::open_writable(path, OpenFlags::empty())
    }

    /// Opens for reading only (`check`): nothing is written, no schema
    /// upgraded, and a `-wal` left beside the file is read, never merged
    /// into it.
    pub fn open_read_only(path: &Path) -> StoreResult<Store> {
        refuse_missing(path)?;
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = match Connection::open_with_flags(path, flags).and_then(|c| {
            // Opening is lazy: read the header now, to know whether it works.
            c.query_row("PRAGMA schema_version", [], |_| Ok(()))?;
            Ok(c)
        }) {
            Ok(c) => c,
            // On a read-only disk SQLite cannot make the shared-memory file
            // a WAL database needs: read the file as it stands instead.
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
                Connection::open_with_flags(
                    immutable_uri(path),
                    flags | OpenFlags::SQLITE_OPEN_URI,
                )?
            }
            Err(e) => return Err(e.into()),
        };
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_ownership()?;
        store.refuse_newer_schema()?;
        Ok(store)
    }

    fn open_writable(path: &Path, create: OpenFlags) -> StoreResult<Store> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | create | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::Database(DatabaseFailure::ReadOnly));
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.check_ownership()?;
        // Refuse a newer file before anything below can change it (switching
        // a copied backup to WAL would rewrite its header).
        store.refuse_newer_schema()?;
        // WAL lets the secretary's terminal read while the kiosk writes;
        // synchronous=FULL makes every commit survive a power cut;
        // secure_delete overwrites what is deleted, so that purged contact
        // details do not linger in free pages.
        let mode: String = store
            .conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::other(format!("journal_mode is {mode}")));
        }
        store.conn.execute_batch(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;
             PRAGMA secure_delete=ON;",
        )?;
        store.migrate()?;
        seal::install_triggers(&store.conn)?;
        Ok(store)
    }

    /// Whether opening `path` will upgrade an existing database (which can
    /// take a while on a large one, so the caller says so first).
    pub fn needs_upgrade(path: &Path) -> bool {
        if !path.exists() {
            return false;
        }
        let Ok(conn) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
            return false;
        };
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap_or(0);
        version > 0 && version < SCHEMA_VERSION
    }

    /// A write transaction that takes the write lock at once, waiting up to
    /// the busy timeout for another terminal's. (A deferred one would read
    /// first and then fail outright if the other terminal wrote meanwhile.)
    pub(crate) fn write_tx(&mut self) -> StoreResult<rusqlite::Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Refuses files that are SQLite but belong to some other program.
    fn check_ownership(&self) -> StoreResult<()> {
        let app_id: i64 = self
            .conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let tables: i64 = self
            .conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let foreign = if app_id == 0 {
            tables > 0
        } else {
            app_id != APPLICATION_ID
        };
        if foreign {
            return Err(StoreError::Database(DatabaseFailure::Corrupt));
        }
        Ok(())
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    fn refuse_newer_schema(&self) -> StoreResult<()> {
        let found = self.schema_version()?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::Database(DatabaseFailure::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            }));
        }
        Ok(())
    }

    fn migrate(&mut self) -> StoreResult<()> {
        self.migrate_to(SCHEMA_VERSION)
    }

    /// Applies migrations up to `target`, each in its own transaction.
    /// Public for the migration tests, which stop at earlier versions.
    pub fn migrate_to(&mut self, target: i64) -> StoreResult<()> {
        self.refuse_newer_schema()?;
        let current = self.schema_version()?;
        for (index, step) in MIGRATIONS.iter().enumerate() {
            let version = index as i64 + 1;
            if version <= current || version > target {
                continue;
            }
            // Another terminal may have upgraded the file meanwhile: look again
            // under the write lock.
            let tx = self.write_tx()?;
            let now_at: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if now_at >= version {
                continue;
            }
            step(&tx)?;
            tx.execute_batch(&format!(
                "PRAGMA user_version = {version}; PRAGMA application_id = {APPLICATION_ID};"
            ))?;
            tx.commit()?;
        }
        Ok(())
    }

    /// Opens without migrating, for tests that build an old schema first.
    pub fn open_at_version(path: &Path, version: i64) -> StoreResult<Store> {
        let conn = Connection::open(path)?;
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.migrate_to(version)?;
        Ok(store)
    }

    /// `PRAGMA integrity_check` plus foreign keys: the problems found, if any.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let mut problems = Vec::new();
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
            let row = row?;
            if row != "ok" {
                problems.push(row);
            }
        }
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        for row in stmt.query_map([], |r| {
            Ok(format!(
                "foreign key: {} row {}",
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1).unwrap_or(0)
            ))
        })? {
            problems.push(row?);
        }
        Ok(problems)
    }

    /// `PRAGMA quick_check`: whether every page can be read (the problems
    /// found, none when whole). Run before bulk writes, which must not
    /// spread damage, and in the background when the interface starts.
    pub fn quick_check_problems(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA quick_check")?;
        let found = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(found.into_iter().filter(|row| row != "ok").collect())
    }

    /// The same check on the file at `path`, on a connection of its own
    /// (for a background thread while the interface goes on).
    pub fn quick_check_file(path: &Path) -> StoreResult<Vec<String>> {
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.quick_check_problems()
    }

    /// Register records changed, added or removed behind the program's back
    /// (each row against its seal, the seals against the audit chain).
    /// Reads every record: for `check`.
    pub fn seal_problems(&self) -> StoreResult<Vec<SealProblem>> {
        seal::verify(&self.conn)
    }

    /// Whether the database holds any table row at all besides settings.
    pub fn table_names(&self) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let names = stmt
            .query_map([], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    /// Counts rows of a table; for tests and the check command.
    pub fn count_rows(&self, table: &str) -> StoreResult<i64> {
        if !self.table_names()?.iter().any(|t| t == table) {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        Ok(self
            .conn
            .query_row(&format!("SELECT count(*) FROM \"{table}\""), [], |r| {
                r.get(0)
            })?)
    }

    /// For the fault tests only, never called by the program: simulates a
    /// full disk by letting the database grow by at most `extra_pages`
    /// pages on this connection (`PRAGMA max_page_count`); `None` lifts the
    /// limit. A write that needs more fails with `StoreError::Database(DatabaseFailure::Full)`, as on
    /// a full disk. Returns the limit now in force, in pages.
    #[doc(hidden)]
    pub fn limit_pages_for_tests(&mut self, extra_pages: Option<u32>) -> StoreResult<u64> {
        let limit = match extra_pages {
            Some(extra) => {
                let pages: u64 = self.conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
                pages + u64::from(extra)
            }
            None => u64::from(u32::MAX - 1),
        };
        Ok(self
            .conn
            .query_row(&format!("PRAGMA max_page_count = {limit}"), [], |r| {
                r.get(0)
            })?)
    }
}
