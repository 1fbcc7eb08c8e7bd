//! Writing a register to a file for a period: Excel (.xlsx, with a title
//! row, the register's headings and column widths) or CSV (UTF-8 with a
//! byte-order mark, so that Excel shows Chinese correctly). The rows are
//! those of the register page (phone and ID numbers masked unless a
//! secretary asks for them in full and says why; confidential visitors
//! hidden), plus each reception's, activity's and study session's
//! corrections. Only roles that may export
//! get a file. Work goes in steps so that a screen can show progress; the
//! file appears whole, under its name, only when it is finished, and the
//! export is recorded in the audit log.

use crate::domain::cells::neutralise_formula;
use crate::domain::closing::validate_reason;
use crate::domain::registers::RegisterDef;
use crate::domain::roles::{Actor, Permission};
use crate::domain::stats::Period;
use crate::i18n::Strings;
use crate::service::registers::{RegisterRows, column_width};
use crate::store::Refusal;
use crate::store::{Store, StoreError};
use chrono::{NaiveDate, NaiveDateTime};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the folder does not exist")]
    NoFolder,
    #[error("no permission to write there")]
    NoPermission,
    #[error("the disk is full")]
    DiskFull,
    /// The output is the open database, its journal, or one of its backups.
    #[error("the output is the database or one of its backups")]
    TargetIsDatabase(PathBuf),
    /// The output is some other SQLite database.
    #[error("the output is a database file")]
    TargetIsSqlite(PathBuf),
    #[error("the output is a folder")]
    TargetIsFolder(PathBuf),
    /// The output is a device, a pipe or another special file.
    #[error("the output is not a regular file")]
    TargetNotAFile(PathBuf),
    /// The temporary file is already there (never overwritten or followed).
    #[error("the temporary file exists")]
    PartExists(PathBuf),
    /// Writing failed otherwise (the system's error number, if any).
    #[error("writing failed (system error {0:?})")]
    Write(Option<i32>),
}

impl ExportError {
    /// The problem in the user's words.
    pub fn message(&self, t: &Strings) -> String {
        let r = &t.registers;
        let why = match self {
            ExportError::Store(e) => return t.command_store_error(e),
            ExportError::NoFolder => r.export_no_folder.to_string(),
            ExportError::NoPermission => r.export_no_permission.to_string(),
            ExportError::DiskFull => return t.cmd.export_disk_full.to_string(),
            ExportError::TargetIsDatabase(p) => {
                return t.cmd.export_target_database.fill([&p.display()]);
            }
            ExportError::TargetIsSqlite(p) => {
                return t.cmd.export_target_sqlite.fill([&p.display()]);
            }
            ExportError::TargetIsFolder(p) => {
                return t.cmd.export_target_folder.fill([&p.display()]);
            }
            ExportError::TargetNotAFile(p) => {
                return t.cmd.target_not_a_file.fill([&p.display()]);
            }
            ExportError::PartExists(p) => {
                return t.cmd.export_part_exists.fill([&p.display()]);
            }
            ExportError::Write(code) => {
                return t.cmd.export_write_failed.fill([&code.unwrap_or(0)]);
            }
        };
        r.export_failed.fill([&why])
    }

    /// Refused before a byte was written (a wrong path, not a failure).
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            ExportError::TargetIsDatabase(_)
                | ExportError::TargetIsSqlite(_)
                | ExportError::TargetIsFolder(_)
                | ExportError::TargetNotAFile(_)
                | ExportError::PartExists(_)
                | ExportError::NoFolder
        )
    }

    /// A short code for the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            ExportError::Store(StoreError::Refused(Refusal::Denied(_))) => "not_allowed",
            ExportError::Store(StoreError::Refused(Refusal::Invalid(_))) => "invalid_reason",
            ExportError::Store(_) => "database",
            ExportError::NoFolder => "no_folder",
            ExportError::NoPermission => "no_permission",
            ExportError::DiskFull => "disk_full",
            ExportError::TargetIsDatabase(_) => "target_is_database",
            ExportError::TargetIsSqlite(_) => "target_is_sqlite",
            ExportError::TargetIsFolder(_) => "target_is_folder",
            ExportError::TargetNotAFile(_) => "target_not_a_file",
            ExportError::PartExists(_) => "temporary_file_exists",
            ExportError::Write(_) => "write_failed",
        }
    }
}

impl From<std::io::Error> for ExportError {
    fn from(e: std::io::Error) -> Self {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::NotFound => ExportError::NoFolder,
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
                ExportError::NoPermission
            }
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => {
                ExportError::DiskFull
            }
            ErrorKind::IsADirectory | ErrorKind::NotADirectory => ExportError::NoFolder,
            _ => ExportError::Write(e.raw_os_error()),
        }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => io.into(),
            _ => ExportError::Write(None),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(io) => io.into(),
            _ => ExportError::Write(None),
        }
    }
}

/// A file writer that remembers the first system error, because the
/// spreadsheet writer reports it in words of its own.
struct Watched {
    file: BufWriter<File>,
    first_error: Option<std::io::Error>,
}

impl Write for Watched {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.file.write(buf);
        if let Err(e) = &written {
            self.note(e);
        }
        written
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let flushed = self.file.flush();
        if let Err(e) = &flushed {
            self.note(e);
        }
        flushed
    }
}

impl Watched {
    fn note(&mut self, e: &std::io::Error) {
        if self.first_error.is_none() {
            self.first_error = Some(std::io::Error::new(e.kind(), e.to_string()));
            if let Some(code) = e.raw_os_error() {
                self.first_error = Some(std::io::Error::from_raw_os_error(code));
            }
        }
    }
}

/// Where an export may write: refuses the database itself, its journal
/// files, its backups, any other SQLite file and a folder. Returns the
/// output's absolute path (for the audit log).
pub fn check_target(db: &Path, output: &Path) -> Result<PathBuf, ExportError> {
    let absolute = std::path::absolute(output).map_err(ExportError::from)?;
    if absolute.is_dir() {
        return Err(ExportError::TargetIsFolder(output.to_path_buf()));
    }
    let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        return Err(ExportError::TargetIsFolder(output.to_path_buf()));
    };
    let folder = std::fs::canonicalize(parent).map_err(ExportError::from)?;
    // Through any symbolic link, to the file that would really be written.
    let target = std::fs::canonicalize(&absolute).unwrap_or_else(|_| folder.join(name));
    // The backups folder, there or not yet (a file of that name would
    // stop every later backup).
    let backups = std::fs::canonicalize(db).ok().map(|db| {
        let dir = crate::store::backup::backups_dir(&db);
        std::fs::canonicalize(&dir).unwrap_or(dir)
    });
    // A hub's station copies are the database's too.
    let copies = std::fs::canonicalize(db).ok().map(|db| {
        let mut dir = db.into_os_string();
        dir.push("-stations");
        let dir = PathBuf::from(dir);
        std::fs::canonicalize(&dir).unwrap_or(dir)
    });
    let inside = |folder: Option<PathBuf>| folder.is_some_and(|f| target.starts_with(f));
    if is_database_file_of(db, &target) || inside(backups) || inside(copies) {
        return Err(ExportError::TargetIsDatabase(output.to_path_buf()));
    }
    // A device, a pipe or a socket is never replaced nor waited on.
    if target.exists() && !target.is_file() {
        return Err(ExportError::TargetNotAFile(output.to_path_buf()));
    }
    if is_sqlite_file(&target) {
        return Err(ExportError::TargetIsSqlite(output.to_path_buf()));
    }
    Ok(absolute)
}

/// `path`, or where a file of that name is already there, the same name
/// with （2）, （3）… before its extension: a second save keeps the first.
pub fn free_path(path: &Path) -> PathBuf {
    if std::fs::symlink_metadata(path).is_err() {
        return path.to_path_buf();
    }
    let stem = path.file_stem().unwrap_or_default().to_string_lossy();
    let extension = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    (2..)
        .map(|n| path.with_file_name(format!("{stem}（{n}）{extension}")))
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .expect("some number is free")
}

/// The file an output is written to before it is renamed to `path`
/// (`path.part`): created afresh, never through a link planted at that
/// name nor over a file already there.
pub(crate) fn create_part(path: &Path) -> Result<(PathBuf, File), ExportError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".part");
    let partial = PathBuf::from(name);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&partial)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => ExportError::PartExists(partial.clone()),
            _ => e.into(),
        })?;
    Ok((partial, file))
}

/// Writes `text` to `path` whole or not at all: the target checked as an
/// export's is, the text written to a new file beside it, made durable and
/// renamed over it, so that a full disk or a kill leaves any earlier file
/// as it was. `logged(absolute path)` runs once the text is safe and
/// before it takes its name: a file that could not be logged never
/// appears.
pub fn write_text_file(
    db: &Path,
    path: &Path,
    text: &str,
    logged: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    use std::io::Write;
    let absolute = check_target(db, path)?;
    let (partial, mut file) = create_part(path)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(ExportError::from);
    publish(written, &partial, path, &absolute, logged)
}

/// The last step of every output written to `partial`: once it is saved
/// (`saved`), `logged(absolute)` writes its audit entry and only then does
/// the file take its name; on any failure the partial file is removed.
pub(crate) fn publish(
    saved: Result<(), ExportError>,
    partial: &Path,
    path: &Path,
    absolute: &Path,
    logged: impl FnOnce(&Path) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let done = saved
        .and_then(|()| logged(absolute))
        .and_then(|()| Ok(std::fs::rename(partial, path)?));
    if done.is_err() {
        let _ = std::fs::remove_file(partial);
    }
    done
}

/// Whether `target` (already resolved) is the database at `db` or one of
/// the files SQLite keeps beside it.
pub fn is_database_file_of(db: &Path, target: &Path) -> bool {
    let Ok(db) = std::fs::canonicalize(db) else {
        return false;
    };
    let target = std::fs::canonicalize(target).unwrap_or_else(|_| target.to_path_buf());
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        p == target.as_os_str()
    })
}

pub fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    // Opening a pipe would wait for a writer.
    if !path.is_file() {
        return false;
    }
    let mut header = [0u8; 16];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// Logs an export that failed or was refused: who, what, where, why.
pub fn record_failure(
    store: &mut Store,
    request: &ExportRequest,
    by: &Actor,
    error: &ExportError,
    now: NaiveDateTime,
) {
    let file = std::path::absolute(&request.path).unwrap_or_else(|_| request.path.clone());
    // Best effort: a database that cannot take the entry has said so already.
    let _ = store.record_output(
        "export.failed",
        "register",
        &request.def.key,
        serde_json::json!({
            "file": file.display().to_string(),
            "from": request.range.from.to_string(),
            "to": request.range.to.to_string(),
            "phones": if request.full_reason.is_some() { "full" } else { "masked" },
            "why": error.code(),
        }),
        &by.name,
        now,
    );
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    /// The workbook, and the file it is written to at the end.
    Xlsx(Box<Workbook>, File),
}

/// What to export: a register, a period, a format, a file.
#[derive(Debug, Clone)]
pub struct ExportRequest {
    pub def: RegisterDef,
    pub range: Period,
    pub format: ExportFormat,
    pub path: PathBuf,
    /// Phones in full, for this reason (a secretary's choice, logged);
    /// `None` masks them.
    pub full_reason: Option<String>,
}

/// An export under way.
pub struct Export {
    rows: RegisterRows,
    /// Why phones are in full, if they are.
    full_reason: Option<String>,
    /// A last column with each row's corrections (the reception, activity
    /// and study registers).
    with_corrections: bool,
    /// Taken when the file is finished.
    sink: Option<Sink>,
    path: PathBuf,
    /// `path` made absolute, for the audit log.
    absolute: PathBuf,
    /// Written here first, renamed to `path` when whole; removed when the
    /// export ends any other way (see `Drop`).
    partial: PathBuf,
    placed: bool,
    done: usize,
}

impl Drop for Export {
    fn drop(&mut self) {
        if !self.placed {
            self.sink = None;
            let _ = std::fs::remove_file(&self.partial);
        }
    }
}

/// Rows above the data in the .xlsx file: the title, then the headings.
const XLSX_HEADER_ROWS: u32 = 2;

/// The title line of an export: station, register and period.
pub fn title(station: &str, def: &RegisterDef, range: Period, t: &Strings) -> String {
    let period = t
        .stats
        .period_line
        .fill([&range.from.format("%Y-%m-%d"), &range.to.format("%Y-%m-%d")]);
    format!("{station} · {} · {period}", def.title)
}

impl Export {
    /// Reads which rows the register has and writes the headings.
    /// Refused unless `by` may export; a full export also needs the right
    /// to see phone numbers and a reason. Milestones are late as of
    /// `today` (民生实事).
    pub fn start(
        store: &Store,
        request: &ExportRequest,
        t: &Strings,
        by: &Actor,
        today: NaiveDate,
    ) -> Result<Export, ExportError> {
        let ExportRequest {
            def,
            range,
            format,
            path,
            full_reason,
        } = request;
        let (range, format) = (*range, *format);
        store.authorise(by, Permission::Export)?;
        let full_reason = match full_reason {
            Some(reason) => {
                store.authorise(by, Permission::RevealPhone)?;
                Some(validate_reason(reason).map_err(StoreError::invalid)?)
            }
            None => None,
        };
        let mut rows = RegisterRows::load(store, def, range)?.as_of(today);
        if full_reason.is_some() {
            rows = rows.with_full_details();
        }
        let with_corrections = def.source.corrections_entity().is_some();
        let station = store.station()?.map(|s| s.name).unwrap_or_default();
        let absolute = check_target(store.path(), path)?;
        let (partial, file) = create_part(path)?;
        let mut export = Export {
            rows,
            full_reason,
            with_corrections,
            sink: None,
            path: path.to_path_buf(),
            absolute,
            partial,
            placed: false,
            done: 0,
        };
        export.sink = Some(export.open_sink(file, &station, format, range, t)?);
        Ok(export)
    }

    /// Writes the headings (and, for a workbook, the title row).
    fn open_sink(
        &self,
        file: File,
        station: &str,
        format: ExportFormat,
        range: Period,
        t: &Strings,
    ) -> Result<Sink, ExportError> {
        // The register as loaded: it may have the ID number column.
        let def = &self.rows.def;
        let mut headings: Vec<&str> = def.columns.iter().map(|c| c.label.as_str()).collect();
        if self.with_corrections {
            headings.push(t.closing.export_column);
        }
        Ok(match format {
            ExportFormat::Csv => {
                let mut file = BufWriter::new(file);
                file.write_all("\u{feff}".as_bytes())?;
                let mut writer = csv::Writer::from_writer(file);
                writer.write_record(headings.iter().map(|h| neutralise_formula(h).into_owned()))?;
                Sink::Csv(Box::new(writer))
            }
            ExportFormat::Xlsx => {
                let mut book = Workbook::new();
                // Rows go to a temporary file as they are written, so that a
                // year of a busy station does not sit in memory; beside the
                // output, on the disk the user chose (a RAM-backed /tmp
                // would hold them in memory after all).
                if let Some(folder) = self.absolute.parent() {
                    book.set_tempdir(folder)?;
                }
                let sheet = shielded(|| Ok(book.add_worksheet_with_constant_memory()))?;
                sheet.set_name(sheet_name(&def.title))?;
                let bold = Format::new().set_bold();
                let last = headings.len().saturating_sub(1) as u16;
                let title = title(station, def, range, t);
                if last > 0 {
                    sheet.merge_range(0, 0, 0, last, &title, &bold)?;
                } else {
                    sheet.write_string_with_format(0, 0, &title, &bold)?;
                }
                let heading_format = cell_format().set_bold().set_align(FormatAlign::Center);
                for (i, heading) in headings.iter().enumerate() {
                    sheet.write_string_with_format(1, i as u16, *heading, &heading_format)?;
                    // Spreadsheet widths count Latin characters; a Chinese one is two.
                    let width = def.columns.get(i).map_or(40, column_width);
                    sheet.set_column_width(i as u16, width as f64 + 1.0)?;
                }
                sheet.set_freeze_panes(XLSX_HEADER_ROWS, 0)?;
                print_as_the_paper_page(sheet, &title, headings.len(), t)?;
                Sink::Xlsx(Box::new(book), file)
            }
        })
    }

    pub fn path(&self) -> &std::path::Path {
        &self.path
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    pub fn done(&self) -> usize {
        self.done
    }

    /// Writes up to `count` more rows; true when every row is written.
    pub fn step(&mut self, store: &Store, t: &Strings, count: usize) -> Result<bool, ExportError> {
        let end = (self.done + count).min(self.rows.len());
        for index in self.done..end {
            let mut cells = self.rows.cells(store, index, t)?;
            if self.with_corrections {
                cells.push(self.rows.corrections(store, index, t)?);
            }
            match &mut self.sink {
                None => {}
                Some(Sink::Csv(writer)) => {
                    writer.write_record(cells.iter().map(|c| neutralise_formula(c).into_owned()))?
                }
                Some(Sink::Xlsx(book, _)) => shielded(|| {
                    let sheet = book.worksheet_from_index(0)?;
                    let row = XLSX_HEADER_ROWS + index as u32;
                    let format = cell_format();
                    // Tall enough for the wrapped text: not every program
                    // fits a row to its text when it opens the file.
                    let lines = wrapped_lines(&cells, &self.rows.def);
                    if lines > 1 && self.rows.len() <= PRINT_SIZED_ROWS {
                        sheet.set_row_height(row, ROW_HEIGHT * lines as f64)?;
                    }
                    for (col, cell) in cells.iter().enumerate() {
                        if cell.is_empty() {
                            sheet.write_blank(row, col as u16, &format)?;
                        } else {
                            sheet.write_string_with_format(row, col as u16, cell, &format)?;
                        }
                    }
                    Ok(())
                })?,
            }
        }
        self.done = end;
        Ok(self.done == self.rows.len())
    }

    /// Writes every row, closes the file durably and puts it under its name.
    fn write_out(&mut self, store: &Store, t: &Strings) -> Result<(), ExportError> {
        while !self.step(store, t, 500)? {}
        if let Some(Sink::Xlsx(book, _)) = &mut self.sink {
            // The paper register ends with who recorded and who reviewed it.
            let row = XLSX_HEADER_ROWS + self.rows.len() as u32 + 1;
            let columns = self.rows.def.columns.len() as u16;
            shielded(|| {
                let sheet = book.worksheet_from_index(0)?;
                sheet.write_string(row, 0, t.cmd.signature_recorder)?;
                sheet.write_string(row, (columns / 2).max(1), t.cmd.signature_reviewer)?;
                Ok(())
            })?;
        }
        match self.sink.take() {
            Some(Sink::Csv(writer)) => {
                let file = writer
                    .into_inner()
                    .map_err(|e| ExportError::from(e.into_error()))?;
                file.into_inner()
                    .map_err(|e| ExportError::from(e.into_error()))?
                    .sync_all()?;
            }
            Some(Sink::Xlsx(mut book, file)) => save_workbook(&mut book, file)?,
            None => {}
        }
        std::fs::rename(&self.partial, &self.path)?;
        Ok(())
    }

    /// Writes what is left, puts the file in place and records the export
    /// in the audit log. Returns the number of rows.
    pub fn finish(
        mut self,
        store: &mut Store,
        t: &Strings,
        by: &Actor,
        now: NaiveDateTime,
    ) -> Result<usize, ExportError> {
        if let Err(e) = self.write_out(store, t) {
            self.fail(store, by, &e, now);
            return Err(e);
        }
        self.placed = true;
        store.record_output(
            "export",
            "register",
            &self.rows.def.key,
            serde_json::json!({
                "file": self.absolute.display().to_string(),
                "from": self.rows.range.from.to_string(),
                "to": self.rows.range.to.to_string(),
                "rows": self.done,
                "phones": if self.full_reason.is_some() { "full" } else { "masked" },
                "reason": self.full_reason,
            }),
            &by.name,
            now,
        )?;
        Ok(self.done)
    }

    /// Gives up: the partial file goes (see `Drop`).
    pub fn abandon(self) {}

    /// Gives up after `error`: the partial file goes and the failure is
    /// logged with who asked and why it failed.
    pub fn fail(self, store: &mut Store, by: &Actor, error: &ExportError, now: NaiveDateTime) {
        let request = ExportRequest {
            def: self.rows.def.clone(),
            range: self.rows.range,
            format: ExportFormat::Csv,
            path: self.absolute.clone(),
            full_reason: self.full_reason.clone(),
        };
        drop(self);
        record_failure(store, &request, by, error, now);
    }
}

/// Writes the workbook to its file and makes it durable, naming the
/// system's error (a full disk) rather than the spreadsheet library's words.
pub(crate) fn save_workbook(book: &mut Workbook, file: File) -> Result<(), ExportError> {
    let mut watched = Watched {
        file: BufWriter::new(file),
        first_error: None,
    };
    let saved = shielded(|| {
        book.save_to_writer(&mut watched)?;
        watched.flush()?;
        Ok(())
    });
    if let Err(e) = saved {
        return Err(match watched.first_error.take() {
            Some(io) => io.into(),
            None => e,
        });
    }
    watched
        .file
        .into_inner()
        .map_err(|e| ExportError::from(e.into_error()))?
        .sync_all()?;
    Ok(())
}

/// Runs spreadsheet work that may panic instead of returning an error:
/// in constant-memory mode the library unwraps its writes to the row
/// file, so a full disk there is a panic. It becomes the export's own
/// error here (a full disk named as such), and no panic text is printed.
fn shielded<T>(work: impl FnOnce() -> Result<T, ExportError>) -> Result<T, ExportError> {
    use std::panic::{AssertUnwindSafe, catch_unwind, set_hook, take_hook};
    let previous = take_hook();
    set_hook(Box::new(|_| {}));
    let done = catch_unwind(AssertUnwindSafe(work));
    set_hook(previous);
    done.unwrap_or_else(|panic| {
        let said = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        let full = [
            "StorageFull",
            "FileTooLarge",
            "QuotaExceeded",
            "code: 28",
            "code: 27",
        ];
        Err(if full.iter().any(|f| said.contains(f)) {
            ExportError::DiskFull
        } else {
            ExportError::Write(None)
        })
    })
}

/// Up to how many rows an export sizes each row to its text. The library
/// keeps every sized row's settings in memory (about 450 bytes each), so a
/// ten-year export of a million cases is left to the program that opens
/// it: a register that long is not printed.
const PRINT_SIZED_ROWS: usize = 20_000;

/// The height of one line of text in a row, in points.
const ROW_HEIGHT: f64 = 15.0;

/// How many lines the tallest cell of a row takes when wrapped to its
/// column (a Chinese character is two of a column's units), at most 15.
fn wrapped_lines(cells: &[String], def: &RegisterDef) -> usize {
    cells
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let width = def.columns.get(i).map_or(40, column_width).max(1);
            cell.lines()
                .map(|l| {
                    unicode_width::UnicodeWidthStr::width(l)
                        .div_ceil(width)
                        .max(1)
                })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(1)
        .clamp(1, 15)
}

/// The format of a register cell: wrapped, top-aligned, ruled like paper.
fn cell_format() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

/// Ready to print on A4 in WPS and Excel without touching it: landscape
/// when wide, one page wide, the title and headings on every page, the
/// title in the page header and page numbers in the footer.
fn print_as_the_paper_page(
    sheet: &mut rust_xlsxwriter::Worksheet,
    title: &str,
    columns: usize,
    t: &Strings,
) -> Result<(), ExportError> {
    const A4: u8 = 9;
    sheet.set_paper_size(A4);
    if columns > 6 {
        sheet.set_landscape();
    }
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, XLSX_HEADER_ROWS - 1)?;
    sheet.set_print_center_horizontally(true);
    // `&` starts a code in headers and footers; a literal one is doubled.
    sheet.set_header(format!("&C{}", title.replace('&', "&&")));
    sheet.set_footer(format!("&C{}", t.cmd.print_footer));
    Ok(())
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// The name an export takes unless told otherwise: station, register and
/// period, as a secretary files it (`HD01_接待选民登记簿_2026-11.xlsx`). A
/// whole month is `2026-11`, a whole year `2026`, any other period its two
/// dates.
pub fn default_file_name(
    station_code: &str,
    def: &RegisterDef,
    range: Period,
    format: ExportFormat,
) -> String {
    use chrono::Datelike;
    let (from, to) = (range.from, range.to);
    let month_end = |d: chrono::NaiveDate| {
        d.with_day(1)
            .and_then(|f| f.checked_add_months(chrono::Months::new(1)))
            .and_then(|n| n.pred_opt())
    };
    let period = if from.day() == 1
        && from.month() == 1
        && to.month() == 12
        && to.day() == 31
        && from.year() == to.year()
    {
        from.format("%Y").to_string()
    } else if from.day() == 1 && Some(to) == month_end(from) {
        from.format("%Y-%m").to_string()
    } else {
        format!("{from}_{to}")
    };
    let title: String = def
        .title
        .chars()
        .filter(|c| !r#"/\:*?"<>|"#.contains(*c))
        .collect();
    let code = if station_code.is_empty() {
        String::new()
    } else {
        format!("{station_code}_")
    };
    format!("{code}{title}_{period}.{}", format.extension())
}

/// Exports a whole register in one go (the command line, tests).
pub fn export_register(
    store: &mut Store,
    request: &ExportRequest,
    t: &Strings,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<usize, ExportError> {
    export_register_with(store, request, t, by, now, &mut |_, _| {})
}

/// The same, telling `progress` (rows done, rows in all) as it goes.
pub fn export_register_with(
    store: &mut Store,
    request: &ExportRequest,
    t: &Strings,
    by: &Actor,
    now: NaiveDateTime,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<usize, ExportError> {
    let mut export = match Export::start(store, request, t, by, now.date()) {
        Ok(export) => export,
        Err(e) => {
            record_failure(store, request, by, &e, now);
            return Err(e);
        }
    };
    loop {
        progress(export.done(), export.total());
        match export.step(store, t, 500) {
            Ok(false) => {}
            Ok(true) => break,
            Err(e) => {
                export.fail(store, by, &e, now);
                return Err(e);
            }
        }
    }
    // A failure after the start is logged by `finish` itself.
    export.finish(store, t, by, now)
}

/// The register with this key (`reception`, `roster`…) or title, looked
/// for in the station's preset first, then in every preset.
pub fn find_register(name: &str, preset_key: &str) -> Option<RegisterDef> {
    let matches = |r: &&RegisterDef| r.key == name || r.title == name;
    let own =
        crate::domain::registers::preset(preset_key).and_then(|p| p.registers.iter().find(matches));
    own.or_else(|| {
        crate::domain::registers::presets()
            .iter()
            .flat_map(|p| &p.registers)
            .find(matches)
    })
    .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_save_takes_the_next_free_name() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("HD01_接待工作统计_2026.xlsx");
        assert_eq!(free_path(&first), first);
        std::fs::write(&first, "x").unwrap();
        let second = free_path(&first);
        assert_eq!(second, dir.path().join("HD01_接待工作统计_2026（2）.xlsx"));
        std::fs::write(&second, "x").unwrap();
        let third = dir.path().join("HD01_接待工作统计_2026（3）.xlsx");
        assert_eq!(free_path(&first), third);
    }

    #[test]
    fn exports_name_themselves_by_station_register_and_period() {
        let def = crate::domain::registers::preset("five").unwrap().registers[0].clone();
        let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let period = |a, b| Period {
            from: day(a),
            to: day(b),
        };
        let name = |a, b, f| default_file_name("HD01", &def, period(a, b), f);
        assert_eq!(
            name("2026-11-01", "2026-11-30", ExportFormat::Xlsx),
            "HD01_接待选民登记簿_2026-11.xlsx"
        );
        assert_eq!(
            name("2026-02-01", "2026-02-28", ExportFormat::Csv),
            "HD01_接待选民登记簿_2026-02.csv"
        );
        assert_eq!(
            name("2026-01-01", "2026-12-31", ExportFormat::Xlsx),
            "HD01_接待选民登记簿_2026.xlsx"
        );
        assert_eq!(
            name("2026-11-01", "2026-11-10", ExportFormat::Xlsx),
            "HD01_接待选民登记簿_2026-11-01_2026-11-10.xlsx"
        );
    }

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("接待选民登记簿"), "接待选民登记簿");
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
