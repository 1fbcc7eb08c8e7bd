//! Backups and restores. A backup is an online copy (SQLite's backup API,
//! safe while the desk keeps writing), checked with integrity_check before
//! it is kept under its name; the backups folder keeps the newest ones. A
//! restore refuses a file that is not a whole Liaison Desk database and
//! first keeps the current database as a backup.

use super::audit::{self, AuditWrite};
use super::{APPLICATION_ID, SCHEMA_VERSION, Store, StoreError, StoreResult};
use super::{DatabaseFailure, Refusal};
use chrono::NaiveDateTime;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many backups the backups folder keeps.
pub const KEEP_BACKUPS: usize = 30;

const PREFIX: &str = "desk-";
const SUFFIX: &str = ".db";

/// Checks that `path` is a whole Liaison Desk database this program can
/// open: ours (application_id), not from a newer version, integrity ok.
pub fn verify_database(path: &Path) -> StoreResult<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(StoreError::from)?;
    verify_connection(&conn)
}

/// The checks of `verify_database`, on a database already open.
fn verify_connection(conn: &Connection) -> StoreResult<()> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if app_id != APPLICATION_ID {
        return Err(StoreError::Database(DatabaseFailure::Corrupt));
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError::Database(DatabaseFailure::NewerSchema {
            found: version,
            supported: SCHEMA_VERSION,
        }));
    }
    let verdict: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(StoreError::Database(DatabaseFailure::Corrupt));
    }
    Ok(())
}

/// Copies every page of `from` into `to` in one step (a copy of one
/// moment), waiting while another connection holds a lock.
fn copy_pages(from: &Connection, to: &mut Connection) -> StoreResult<()> {
    let backup = Backup::new(from, to)?;
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}

/// Where the rotated backups of the database at `db` live.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

/// The rotated backups in `dir`, oldest first.
pub fn list_backups(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
                })
                .collect()
        })
        .unwrap_or_default();
    // The names hold the time, so their order is the time order.
    found.sort();
    found
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::from_io(&e)
}

/// The name a copy is written under until it is checked.
fn partial_of(dest: &Path) -> PathBuf {
    let mut name = dest.as_os_str().to_owned();
    name.push(".part");
    PathBuf::from(name)
}

/// Copies the database open on `from` to `dest` while other terminals may
/// keep writing, checks the copy, and only then puts it under its name.
fn copy_database(from: &Connection, dest: &Path) -> StoreResult<()> {
    let partial = partial_of(dest);
    // Never over a file already there (someone's, or a link planted there).
    if std::fs::symlink_metadata(&partial).is_ok() {
        return Err(StoreError::Database(DatabaseFailure::TempFileExists(
            partial,
        )));
    }
    let copied = (|| -> StoreResult<()> {
        let mut target = Connection::open(&partial)?;
        // All pages in one step: a copy of one moment, even while
        // another terminal commits (WAL lets it go on writing).
        copy_pages(from, &mut target)?;
        target.execute_batch("PRAGMA journal_mode=DELETE;")?;
        Ok(())
    })();
    let checked = copied.and_then(|()| verify_database(&partial));
    if let Err(e) = checked {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    std::fs::File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io)?;
    std::fs::rename(&partial, dest).map_err(io)?;
    Ok(())
}

/// A backup into the backups folder copied on a thread of its own, with a
/// connection of its own, so that the interface can show how far it has
/// come; `Store::finish_backup` ends it.
pub struct BackupJob {
    dest: PathBuf,
    /// The database's size: what the copy grows to.
    expected: u64,
    started: std::time::Instant,
    result: std::sync::mpsc::Receiver<StoreResult<()>>,
}

impl BackupJob {
    /// How much of the database is copied, from 0 to 1 (the copy's size,
    /// then 1 while it is checked).
    pub fn share_done(&self) -> f64 {
        if self.dest.exists() {
            return 1.0;
        }
        let copied = std::fs::metadata(partial_of(&self.dest)).map_or(0, |m| m.len());
        (copied as f64 / self.expected.max(1) as f64).min(1.0)
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The copy's result, when it has one within `up_to`.
    pub fn wait(&self, up_to: Duration) -> Option<StoreResult<()>> {
        match self.result.recv_timeout(up_to) {
            Ok(result) => Some(result),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => None,
            // The thread ended without a word: it panicked.
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                Some(Err(StoreError::other("the backup stopped")))
            }
        }
    }

    pub fn dest(&self) -> &Path {
        &self.dest
    }
}

/// Where a hub's backup keeps its stations' copies: a folder beside it,
/// named as the hub's own (`<file>-stations`).
pub fn copies_beside(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push("-stations");
    PathBuf::from(name)
}

/// Copies a hub's station copies (`files`, in `folder`) beside the backup
/// `dest`: each page by page and checked, into a `.part` folder renamed
/// when whole. An earlier backup's folder is replaced only if it holds
/// nothing but copies.
fn copy_station_copies(folder: &Path, files: &[String], dest: &Path) -> StoreResult<()> {
    let into = copies_beside(dest);
    let partial = partial_of(&into);
    // One left by a backup that was stopped: ours, if it holds only copies.
    remove_copies_folder(&partial)?;
    std::fs::create_dir(&partial).map_err(io)?;
    let copied = files.iter().try_for_each(|file| {
        let conn =
            Connection::open_with_flags(folder.join(file), OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        conn.busy_timeout(super::BUSY_TIMEOUT)?;
        copy_database(&conn, &partial.join(file))
    });
    let replaced = copied.and_then(|()| remove_copies_folder(&into));
    if let Err(e) = replaced.and_then(|()| std::fs::rename(&partial, &into).map_err(io)) {
        // Made by this backup: removed whole, journals and all.
        let _ = std::fs::remove_dir_all(&partial);
        return Err(e);
    }
    Ok(())
}

/// A backup of the database open on `from` to `dest` and, for a hub, its
/// station copies (`folder`, `files`) beside it; if the copies fail, the
/// backup is not kept either: half a hub's backup would restore a hub
/// whose stations cannot be opened.
fn copy_backup(
    from: &Connection,
    dest: &Path,
    copies: Option<(&Path, &[String])>,
) -> StoreResult<()> {
    copy_database(from, dest)?;
    let Some((folder, files)) = copies else {
        return Ok(());
    };
    let done = copy_station_copies(folder, files, dest);
    if done.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    done
}

/// Removes a folder of station copies, refusing one that holds anything
/// else (a folder of the user's that happens to bear the name).
fn remove_copies_folder(folder: &Path) -> StoreResult<()> {
    if std::fs::symlink_metadata(folder).is_err() {
        return Ok(());
    }
    only_copies_in(folder)?;
    std::fs::remove_dir_all(folder).map_err(io)
}

/// Refuses a folder under a copies folder's name that holds anything but
/// copies (a folder of the user's, a link); none there is fine.
fn only_copies_in(folder: &Path) -> StoreResult<()> {
    let Ok(meta) = std::fs::symlink_metadata(folder) else {
        return Ok(());
    };
    let refused = || StoreError::Database(DatabaseFailure::CopiesFolderTaken(folder.to_path_buf()));
    if !meta.is_dir() {
        return Err(refused());
    }
    let entries = std::fs::read_dir(folder).map_err(io)?;
    let entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    // A copy, or a copy being written (`….sqlite.part`, its journal).
    let ours = |p: &PathBuf| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        p.is_file() && (name.ends_with(".sqlite") || name.contains(".sqlite.part"))
    };
    if !entries.iter().all(ours) {
        return Err(refused());
    }
    Ok(())
}

/// The station copies a backup of a hub carries, each checked, as
/// (file name, path); none beside a station's backup.
fn copies_of_backup(source: &Path) -> StoreResult<Vec<(String, PathBuf)>> {
    let Ok(entries) = std::fs::read_dir(copies_beside(source)) else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.ends_with(".sqlite") {
            verify_database(&path)?;
            found.push((name.to_string(), path.clone()));
        }
    }
    Ok(found)
}

impl Store {
    /// Copies the database to `dest` while other terminals may keep
    /// writing, checks the copy, and only then puts it under its name.
    /// A hub's backup also holds its stations' copies, beside it.
    pub fn backup_to(&self, dest: &Path) -> StoreResult<()> {
        let copies = self.copy_files()?;
        if copies.is_some() {
            only_copies_in(&copies_beside(dest))?;
        }
        let folder = self.hub_folder();
        copy_backup(
            &self.conn,
            dest,
            copies.as_deref().map(|f| (folder.as_path(), f)),
        )
    }

    /// A hub's station copies (file names in its folder); None at a station.
    fn copy_files(&self) -> StoreResult<Option<Vec<String>>> {
        if !self.is_hub()? {
            return Ok(None);
        }
        let stations = self.hub_stations()?;
        Ok(Some(
            stations
                .into_iter()
                .map(|s| s.file)
                .filter(|f| !f.is_empty())
                .collect(),
        ))
    }

    /// A new name in the backups folder beside the database, by the time.
    fn rotated_name(&self, now: NaiveDateTime) -> StoreResult<PathBuf> {
        let dir = backups_dir(&self.path);
        std::fs::create_dir_all(&dir).map_err(io)?;
        let stamp = now.format("%Y%m%d-%H%M%S");
        let mut dest = dir.join(format!("{PREFIX}{stamp}{SUFFIX}"));
        let mut n = 1;
        while dest.exists() {
            n += 1;
            dest = dir.join(format!("{PREFIX}{stamp}-{n}{SUFFIX}"));
        }
        Ok(dest)
    }

    /// Removes the oldest backups beyond `keep`.
    fn rotate_backups(&self, keep: usize) {
        let all = list_backups(&backups_dir(&self.path));
        for old in all.iter().take(all.len().saturating_sub(keep.max(1))) {
            let _ = std::fs::remove_file(old);
            let _ = remove_copies_folder(&copies_beside(old));
        }
    }

    /// A backup into the backups folder beside the database, named by the
    /// time; the oldest beyond `keep` are removed. Returns the new file.
    pub fn backup_rotated(
        &mut self,
        keep: usize,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<PathBuf> {
        let dest = self.rotated_name(now)?;
        self.backup_to_logged(&dest, actor, now)?;
        self.rotate_backups(keep);
        Ok(dest)
    }

    /// `backup_rotated` begun: logged, then copied on a thread of its own.
    pub fn start_backup(&mut self, actor: &str, now: NaiveDateTime) -> StoreResult<BackupJob> {
        let dest = self.rotated_name(now)?;
        let expected: i64 = self.conn.query_row(
            "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size",
            [],
            |r| r.get(0),
        )?;
        // Logged first, as `backup_to_logged` does.
        self.record_backup("backup", &dest, actor, now)?;
        let (send, result) = std::sync::mpsc::channel();
        let (source, to) = (self.path.clone(), dest.clone());
        let (folder, copies) = (self.hub_folder(), self.copy_files()?);
        std::thread::spawn(move || {
            let copied = Connection::open_with_flags(&source, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(StoreError::from)
                .and_then(|conn| {
                    conn.busy_timeout(super::BUSY_TIMEOUT)?;
                    let copies = copies.as_deref().map(|f| (folder.as_path(), f));
                    copy_backup(&conn, &to, copies)
                });
            let _ = send.send(copied);
        });
        Ok(BackupJob {
            dest,
            expected: expected.max(0) as u64,
            started: std::time::Instant::now(),
            result,
        })
    }

    /// Ends a backup begun with `start_backup`, given its copy's result:
    /// a failure is logged, a success rotates the folder.
    pub fn finish_backup(
        &mut self,
        job: &BackupJob,
        copied: StoreResult<()>,
        keep: usize,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<PathBuf> {
        if let Err(e) = copied {
            let _ = self.record_backup("backup.failed", &job.dest, actor, now);
            return Err(e);
        }
        self.rotate_backups(keep);
        Ok(job.dest.clone())
    }

    /// A backup to a chosen file, recorded in the audit log.
    pub fn backup_to_logged(
        &mut self,
        dest: &Path,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        // Logged first, so that the copy holds its own entry: a copy whose
        // newest entry is gone from the log later shows that entries were
        // deleted (see `audit_check`).
        self.record_backup("backup", dest, actor, now)?;
        if let Err(e) = self.backup_to(dest) {
            let _ = self.record_backup("backup.failed", dest, actor, now);
            return Err(e);
        }
        Ok(())
    }

    fn record_backup(
        &mut self,
        action: &str,
        file: &Path,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action,
                entity: "database",
                entity_id: "",
                before: None,
                after: Some(json!({ "file": file.display().to_string() })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the database's content with the backup at `source` (the
    /// same station's), keeping the current content as a backup first.
    /// Returns where the current content was kept.
    pub fn restore_from(
        &mut self,
        source: &Path,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<PathBuf> {
        let options = RestoreOptions::default();
        Ok(self.restore_with(source, actor, now, options)?.kept)
    }

    /// Replaces the database's content with the backup at `source`, after
    /// checking it, refusing another station's unless `options` allow it,
    /// and keeping the current content as a backup first. Current users
    /// that the backup does not have are kept, so that whoever restored
    /// can still sign in.
    ///
    /// The source stays open from the check to the copy: keeping the
    /// current content rotates the backups folder, which may remove the
    /// source itself when it is the oldest backup, and an open file is
    /// still read whole. Pages are copied, never the whole file held in
    /// memory.
    pub fn restore_with(
        &mut self,
        source: &Path,
        actor: &str,
        now: NaiveDateTime,
        options: RestoreOptions,
    ) -> StoreResult<Restored> {
        verify_database(source)?;
        let source_conn = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(StoreError::from)?;
        verify_connection(&source_conn)?;
        if !options.other_station {
            refuse_other_station(&source_conn, &self.conn)?;
        }
        // A hub's backup carries its stations' copies: each is checked
        // before anything changes.
        let copies = copies_of_backup(source)?;
        let users = current_users(&self.conn)?;
        let kept = self.backup_rotated(KEEP_BACKUPS, actor, now)?;
        copy_pages(&source_conn, &mut self.conn)?;
        drop(source_conn);
        self.restore_copies(&copies)?;
        // An older backup is brought up to date like any older database.
        self.migrate()?;
        let users_kept = self.keep_users(&users, actor, now)?;
        self.record_backup("restore", source, actor, now)?;
        super::audit_check::mark_restored(&self.conn)?;
        Ok(Restored { kept, users_kept })
    }

    /// Puts a hub backup's station copies in the hub's folder, each copied
    /// page by page and renamed over the current one when whole (which the
    /// backup kept just before holds).
    fn restore_copies(&self, copies: &[(String, PathBuf)]) -> StoreResult<()> {
        if copies.is_empty() {
            return Ok(());
        }
        let folder = self.hub_folder();
        std::fs::create_dir_all(&folder).map_err(io)?;
        for (name, path) in copies {
            let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            copy_database(&conn, &folder.join(name))?;
        }
        Ok(())
    }

    /// Puts back the users the restored content lacks (by id and name).
    fn keep_users(
        &mut self,
        users: &[KeptUser],
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<usize> {
        let tx = self.write_tx()?;
        let mut names = Vec::new();
        for u in users {
            let taken: bool = tx.query_row(
                "SELECT count(*) > 0 FROM users WHERE id = ?1 OR name = ?2",
                [&u.id, &u.name],
                |r| r.get(0),
            )?;
            if !taken {
                tx.execute(
                    "INSERT INTO users (id, name, role, pin_hash, active, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    rusqlite::params![
                        u.id,
                        u.name,
                        u.role,
                        u.pin_hash,
                        u.active,
                        u.created_at,
                        u.updated_at
                    ],
                )?;
                names.push(u.name.clone());
            }
        }
        if !names.is_empty() {
            audit::append(
                &tx,
                now,
                AuditWrite {
                    actor,
                    action: "restore.users_kept",
                    entity: "database",
                    entity_id: "",
                    before: None,
                    after: Some(json!({ "users": names })),
                },
            )?;
        }
        tx.commit()?;
        Ok(names.len())
    }
}

/// What a restore may do beyond the usual.
#[derive(Debug, Clone, Copy, Default)]
pub struct RestoreOptions {
    /// Accept a backup of another station (another code or id).
    pub other_station: bool,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    /// Where the content before the restore was kept.
    pub kept: PathBuf,
    /// How many current users were put back because the backup lacked them.
    pub users_kept: usize,
}

impl Store {
    /// Whether the file at `path` is a backup of this station that a new
    /// backup may replace: ours, of the same station, not in WAL mode (a
    /// backup is written in rollback mode; a database in use is in WAL).
    pub fn is_earlier_backup(&self, path: &Path) -> bool {
        let mut header = [0u8; 20];
        let header_not_wal = std::fs::File::open(path)
            .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
            .is_ok_and(|()| header[18..20] != [2, 2]);
        let Ok(other) = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY) else {
            return false;
        };
        let ours = other
            .query_row("PRAGMA application_id", [], |r| r.get::<_, i64>(0))
            .is_ok_and(|id| id == APPLICATION_ID);
        let same_station = matches!(
            (station_of(&other), station_of(&self.conn)),
            (Ok(Some(a)), Ok(Some(b))) if a == b
        );
        header_not_wal && ours && same_station
    }
}

/// A user row as it was before a restore.
struct KeptUser {
    id: String,
    name: String,
    role: String,
    pin_hash: String,
    active: bool,
    created_at: String,
    updated_at: String,
}

fn current_users(conn: &Connection) -> StoreResult<Vec<KeptUser>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, role, pin_hash, active, created_at, updated_at FROM users ORDER BY name",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(KeptUser {
            id: r.get(0)?,
            name: r.get(1)?,
            role: r.get(2)?,
            pin_hash: r.get(3)?,
            active: r.get(4)?,
            created_at: r.get(5)?,
            updated_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The station (id, code) a database holds, if any.
fn station_of(conn: &Connection) -> StoreResult<Option<(String, String)>> {
    use rusqlite::OptionalExtension;
    if !super::seal::has_table(conn, "stations")? {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT id, code FROM stations LIMIT 1", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Refuses a backup whose station differs from the current one's.
fn refuse_other_station(source: &Connection, current: &Connection) -> StoreResult<()> {
    if let (Some(theirs), Some(ours)) = (station_of(source)?, station_of(current)?)
        && theirs != ours
    {
        return Err(StoreError::Refused(Refusal::OtherStation {
            theirs: theirs.1,
            ours: ours.1,
        }));
    }
    Ok(())
}
