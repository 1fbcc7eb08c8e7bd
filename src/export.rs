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

use crate::domain::closing::validate_reason;
use crate::domain::registers::RegisterDef;
use crate::domain::roles::{Actor, Permission};
use crate::domain::stats::Period;
use crate::i18n::{Strings, fill};
use crate::registers::{RegisterRows, column_width};
use crate::store::{Store, StoreError};
use chrono::NaiveDateTime;
use rust_xlsxwriter::{Format, Workbook};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

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
    /// Writing the file failed otherwise (the reason from the system).
    #[error("{0}")]
    Write(String),
}

impl ExportError {
    /// The problem in the user's words.
    pub fn message(&self, t: &Strings) -> String {
        let r = &t.registers;
        let why = match self {
            ExportError::Store(e) => return t.store_error(e),
            ExportError::NoFolder => r.export_no_folder.to_string(),
            ExportError::NoPermission => r.export_no_permission.to_string(),
            ExportError::DiskFull => t.store_full.to_string(),
            ExportError::Write(why) => why.clone(),
        };
        fill(r.export_failed, &[&why])
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
            ErrorKind::StorageFull => ExportError::DiskFull,
            _ => ExportError::Write(e.to_string()),
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        match e {
            rust_xlsxwriter::XlsxError::IoError(io) => io.into(),
            other => ExportError::Write(other.to_string()),
        }
    }
}

impl From<csv::Error> for ExportError {
    fn from(e: csv::Error) -> Self {
        ExportError::Write(e.to_string())
    }
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx(Box<Workbook>),
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
    sink: Sink,
    path: PathBuf,
    /// Written here first, renamed to `path` when whole.
    partial: PathBuf,
    done: usize,
}

/// Rows above the data in the .xlsx file: the title, then the headings.
const XLSX_HEADER_ROWS: u32 = 2;

/// The title line of an export: station, register and period.
pub fn title(station: &str, def: &RegisterDef, range: Period, t: &Strings) -> String {
    let period = fill(
        t.stats.period_line,
        &[&range.from.format("%Y-%m-%d"), &range.to.format("%Y-%m-%d")],
    );
    format!("{station} · {} · {period}", def.title)
}

impl Export {
    /// Reads which rows the register has and writes the headings.
    /// Refused unless `by` may export; a full export also needs the right
    /// to see phone numbers and a reason.
    pub fn start(
        store: &Store,
        request: &ExportRequest,
        t: &Strings,
        by: &Actor,
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
                Some(validate_reason(reason).map_err(|e| StoreError::Invalid(vec![e]))?)
            }
            None => None,
        };
        let mut rows = RegisterRows::load(store, def, range)?;
        if full_reason.is_some() {
            rows = rows.with_full_details();
        }
        let with_corrections = def.source.corrections_entity().is_some();
        let station = store.station()?.map(|s| s.name).unwrap_or_default();
        let mut name = path.as_os_str().to_owned();
        name.push(".part");
        let partial = PathBuf::from(name);
        // The register as loaded: it may have the ID number column.
        let def = &rows.def;
        let mut headings: Vec<&str> = def.columns.iter().map(|c| c.label.as_str()).collect();
        if with_corrections {
            headings.push(t.closing.export_column);
        }
        let sink = match format {
            ExportFormat::Csv => {
                let mut file = BufWriter::new(File::create(&partial)?);
                file.write_all("\u{feff}".as_bytes())?;
                let mut writer = csv::Writer::from_writer(file);
                writer.write_record(&headings)?;
                Sink::Csv(Box::new(writer))
            }
            ExportFormat::Xlsx => {
                // The workbook is written at the end; find out now whether
                // the file can be, while the form is still open.
                File::create(&partial)?;
                let mut book = Workbook::new();
                let sheet = book.add_worksheet();
                sheet.set_name(sheet_name(&def.title))?;
                let bold = Format::new().set_bold();
                let last = headings.len().saturating_sub(1) as u16;
                let title = title(&station, def, range, t);
                if last > 0 {
                    sheet.merge_range(0, 0, 0, last, &title, &bold)?;
                } else {
                    sheet.write_string_with_format(0, 0, &title, &bold)?;
                }
                for (i, heading) in headings.iter().enumerate() {
                    sheet.write_string_with_format(1, i as u16, *heading, &bold)?;
                    // Spreadsheet widths count Latin characters; a Chinese one is two.
                    let width = def.columns.get(i).map_or(40, column_width);
                    sheet.set_column_width(i as u16, width as f64 + 1.0)?;
                }
                sheet.set_freeze_panes(XLSX_HEADER_ROWS, 0)?;
                Sink::Xlsx(Box::new(book))
            }
        };
        Ok(Export {
            rows,
            full_reason,
            with_corrections,
            sink,
            path: path.to_path_buf(),
            partial,
            done: 0,
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
                Sink::Csv(writer) => writer.write_record(&cells)?,
                Sink::Xlsx(book) => {
                    let sheet = book.worksheet_from_index(0)?;
                    let row = XLSX_HEADER_ROWS + index as u32;
                    for (col, cell) in cells.iter().enumerate() {
                        if !cell.is_empty() {
                            sheet.write_string(row, col as u16, cell)?;
                        }
                    }
                }
            }
        }
        self.done = end;
        Ok(self.done == self.rows.len())
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
        while !self.step(store, t, 500)? {}
        match self.sink {
            Sink::Csv(writer) => {
                let file = writer
                    .into_inner()
                    .map_err(|e| ExportError::Write(e.to_string()))?;
                file.into_inner()
                    .map_err(|e| ExportError::Write(e.to_string()))?
                    .sync_all()?;
            }
            Sink::Xlsx(mut book) => book.save(&self.partial)?,
        }
        std::fs::rename(&self.partial, &self.path)?;
        store.record_output(
            "export",
            "register",
            &self.rows.def.key,
            serde_json::json!({
                "file": self.path.display().to_string(),
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

    /// Gives up: the partial file goes.
    pub fn abandon(self) {
        drop(self.sink);
        let _ = std::fs::remove_file(&self.partial);
    }
}

/// A worksheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name(title: &str) -> String {
    title
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}

/// Exports a whole register in one go (the command line, tests).
pub fn export_register(
    store: &mut Store,
    request: &ExportRequest,
    t: &Strings,
    by: &Actor,
    now: NaiveDateTime,
) -> Result<usize, ExportError> {
    Export::start(store, request, t, by)?.finish(store, t, by, now)
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
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("接待选民登记簿"), "接待选民登记簿");
        assert_eq!(sheet_name("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }
}
