//! Importing the reception register from a CSV file: reads the file,
//! checks every row (`domain::import`), previews or imports the rows
//! (`store`), and says what was found in the user's words. Nothing is
//! imported unless every row passes: the import is all or nothing. A new
//! row of a signed-off day is a rejected row like any other.

use crate::domain::ids::number_order;
use crate::domain::import::{FileProblem, ImportSettings, ParsedFile, parse_file, parse_table};
use crate::i18n::{Strings, fill, import_vocabulary};
use crate::store::{ImportContext, ImportOutcome, Store, StoreError};
use chrono::NaiveDateTime;
use std::collections::HashSet;
use std::path::Path;

/// What was asked: which file, a trial or the real thing, by whom, when.
pub struct ImportRequest<'a> {
    pub path: &'a Path,
    /// Which sheet of a workbook (by its name); `None` finds the one with
    /// the register's headings.
    pub sheet: Option<&'a str>,
    pub dry_run: bool,
    pub actor: &'a str,
    pub now: NaiveDateTime,
}

/// What became of an import that could read its file.
#[derive(Debug)]
pub struct ImportReport {
    pub file: String,
    /// The sheet read, for a workbook.
    pub sheet: Option<String>,
    pub dry_run: bool,
    pub parsed: ParsedFile,
    /// What was (or would be) done; none when rows were rejected in a
    /// real import, which then touches nothing.
    pub outcome: Option<ImportOutcome>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read the file: {0}")]
    Read(#[from] std::io::Error),
    #[error("the file cannot be imported: {0:?}")]
    File(crate::domain::import::FileProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The workbook could not be read (damaged, protected, not a workbook).
    #[error("the workbook cannot be read")]
    Workbook,
}

impl ImportError {
    /// The problem in the user's words.
    pub fn message(&self, t: &Strings, path: &Path) -> String {
        match self {
            ImportError::Read(e) => fill(
                t.cmd.import_cannot_read,
                &[&path.display(), &t.cmd.io_problem(e)],
            ),
            ImportError::File(p) => t.import_file_problem(p),
            ImportError::Workbook => fill(t.cmd.import_bad_workbook, &[&path.display()]),
            ImportError::Store(e) => t.command_store_error(e),
        }
    }
}

/// The most an import reads: a station's register of many years is far
/// less, and a wrong file (a disk image, `/dev/zero`) must not fill memory.
pub const IMPORT_LIMIT_MB: u64 = 200;

/// The file's bytes, refused beyond `IMPORT_LIMIT_MB`.
fn read_limited(path: &Path) -> Result<Vec<u8>, ImportError> {
    use std::io::Read;
    let limit = IMPORT_LIMIT_MB * 1024 * 1024;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(ImportError::File(FileProblem::TooLarge {
            limit_mb: IMPORT_LIMIT_MB,
        }));
    }
    Ok(bytes)
}

/// Checks the file and, unless it is a trial or a row is rejected,
/// imports it in one transaction.
pub fn import_receptions(
    store: &mut Store,
    request: &ImportRequest,
    t: &'static Strings,
) -> Result<ImportReport, ImportError> {
    // A folder named like a file is said to be one, whatever its ending.
    if request.path.is_dir() {
        return Err(ImportError::Read(std::io::Error::from(
            std::io::ErrorKind::IsADirectory,
        )));
    }
    let settings = store.settings()?;
    let vocabulary = import_vocabulary(t);
    let calendar = settings.working_calendar();
    let cx = ImportSettings {
        categories: &settings.categories,
        reply_days: settings.reply_days,
        calendar: &calendar,
        today: request.now.date(),
        vocabulary: &vocabulary,
        collect_id_number: settings.collect_id_number,
    };
    let (mut parsed, sheet) = if crate::service::sheets::is_workbook(request.path) {
        if std::fs::metadata(request.path)?.len() > IMPORT_LIMIT_MB * 1024 * 1024 {
            return Err(ImportError::File(FileProblem::TooLarge {
                limit_mb: IMPORT_LIMIT_MB,
            }));
        }
        let (name, rows) =
            crate::service::sheets::read_rows(request.path, request.sheet, &vocabulary)?;
        let parsed = parse_table(rows.into_iter(), &cx).map_err(ImportError::File)?;
        (parsed, Some(name))
    } else {
        let bytes = read_limited(request.path)?;
        (parse_file(&bytes, &cx).map_err(ImportError::File)?, None)
    };
    let file = request.path.file_name().map_or_else(
        || request.path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    // A number is given only on a real import; the station must exist either way.
    store.require_station()?;
    // The preview finds the new rows of signed-off days, rejected here; a
    // day signed off after it still refuses the real import as a whole.
    let preview = store.preview_import(&parsed.rows)?;
    parsed.reject_signed_off(&preview.signed_off);
    let outcome = if request.dry_run {
        Some(preview)
    } else if parsed.rejections.is_empty() {
        let cx = ImportContext {
            file: &file,
            actor: request.actor,
            now: request.now,
        };
        Some(store.import_receptions(&parsed.rows, &cx)?)
    } else {
        None
    };
    Ok(ImportReport {
        file,
        sheet,
        dry_run: request.dry_run,
        parsed,
        outcome,
    })
}

impl ImportReport {
    /// Whether every row passed.
    pub fn accepted(&self) -> bool {
        self.parsed.rejections.is_empty()
    }

    /// The report as printed: what is (or would be) created, skipped and
    /// added, what could not be kept, and every rejected row.
    pub fn to_text(&self, t: &Strings) -> String {
        let mut out = Vec::new();
        let list = |items: &[String]| items.join(t.import_list_separator);
        // How the file was read, where that is not plain UTF-8 CSV.
        if let Some(sheet) = &self.sheet {
            out.push(fill(t.cmd.import_read_sheet, &[sheet]));
        }
        if self.parsed.gbk {
            out.push(t.cmd.import_read_gbk.to_string());
        }
        if let Some(o) = &self.outcome {
            if self.dry_run {
                out.push(fill(t.import_preview_title, &[&self.file]));
                out.push(if o.created.is_empty() {
                    t.import_nothing_new.to_string()
                } else {
                    fill(t.import_will_create, &[&o.created.len()])
                });
            } else {
                out.push(fill(t.import_title, &[&self.file]));
                let numbers = || o.created.iter().map(|c| &c.1);
                let first = numbers().min_by_key(|n| number_order(n));
                let last = numbers().max_by_key(|n| number_order(n));
                out.push(match (first, last) {
                    (Some(first), Some(last)) => {
                        fill(t.import_created, &[&o.created.len(), first, last])
                    }
                    _ => t.import_nothing_new.to_string(),
                });
            }
            for (line, number) in &o.existing {
                out.push(fill(t.import_existing, &[line, number]));
            }
            if !o.new_deputies.is_empty() {
                let template = if self.dry_run {
                    t.import_new_deputies_preview
                } else {
                    t.import_new_deputies
                };
                out.push(fill(template, &[&list(&o.new_deputies)]));
            }
            if !o.new_departments.is_empty() {
                let template = if self.dry_run {
                    t.import_new_departments_preview
                } else {
                    t.import_new_departments
                };
                out.push(fill(template, &[&list(&o.new_departments)]));
            }
            let created: HashSet<u64> = o.created.iter().map(|c| c.0).collect();
            let fresh = ParsedFile {
                rows: self
                    .parsed
                    .rows
                    .iter()
                    .filter(|r| created.contains(&r.line))
                    .cloned()
                    .collect(),
                ..Default::default()
            };
            for (count, template) in fresh.notes().iter().zip(t.import_notes) {
                if *count > 0 {
                    out.push(fill(template, &[count]));
                }
            }
        }
        if !self.parsed.ignored_columns.is_empty() {
            out.push(fill(
                t.import_ignored_columns,
                &[&list(&self.parsed.ignored_columns)],
            ));
        }
        if !self.accepted() {
            out.push(fill(
                t.import_rejected_title,
                &[&self.parsed.rejected_lines()],
            ));
            for r in &self.parsed.rejections {
                out.push(t.import_rejection(r));
            }
            out.push(
                if self.dry_run {
                    t.import_preview_rejected
                } else {
                    t.import_nothing_imported
                }
                .to_string(),
            );
        }
        let mut text = out.join("\n");
        text.push('\n');
        text
    }
}
