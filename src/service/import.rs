//! Importing the reception register from a CSV file: reads the file,
//! checks every row (`domain::import`), previews or imports the rows
//! (`store`), and says what was found in the user's words. Nothing is
//! imported unless every row passes: the import is all or nothing. A new
//! row of a signed-off day is a rejected row like any other.

use crate::domain::ids::number_order;
use crate::domain::import::text::UTF8_BOM;
use crate::domain::import::{
    Encoding, FileProblem, ImportRow, ImportSettings, ParsedFile, TextCheck, Vocabulary, csv_rows,
    parse_table_each,
};
use crate::i18n::{Strings, import_vocabulary};
use crate::store::{ImportContext, ImportOutcome, Store, StoreError};
use chrono::NaiveDateTime;
use std::io::{BufRead, Read};
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
    /// The file read the second time was not the file read the first.
    #[error("the file changed while it was imported")]
    FileChanged,
}

impl ImportError {
    /// The problem in the user's words.
    pub fn message(&self, t: &Strings, path: &Path) -> String {
        match self {
            ImportError::Read(e) => t
                .cmd
                .import_cannot_read
                .fill([&path.display(), &t.cmd.io_problem(e)]),
            ImportError::File(p) => t.import_file_problem(p),
            ImportError::Workbook => t.cmd.import_bad_workbook.fill([&path.display()]),
            ImportError::FileChanged => t.cmd.import_file_changed.fill([&path.display()]),
            ImportError::Store(e) => t.command_store_error(e),
        }
    }
}

/// The most an import reads: a station's register of many years is far
/// less, and a wrong file (a disk image, `/dev/zero`) must not be read on.
pub const IMPORT_LIMIT_MB: u64 = 200;
const LIMIT_BYTES: u64 = IMPORT_LIMIT_MB * 1024 * 1024;
const CHUNK: usize = 64 * 1024;

impl From<FileProblem> for ImportError {
    fn from(p: FileProblem) -> Self {
        ImportError::File(p)
    }
}

/// Where the rows come from. A CSV file is read as a stream each time its
/// rows are wanted, so that a file of any size is read in little memory.
enum Source<'a> {
    Csv {
        path: &'a Path,
        gbk: bool,
    },
    Sheet {
        path: &'a Path,
        wanted: Option<&'a str>,
    },
}

/// Checks a CSV file's bytes as a stream, against `encoding`, refusing a
/// file larger than the import reads.
fn check_text(path: &Path, encoding: Encoding) -> Result<Result<(), FileProblem>, ImportError> {
    let mut file = std::fs::File::open(path)?.take(LIMIT_BYTES + 1);
    let (mut check, mut chunk, mut total) = (TextCheck::new(encoding), vec![0; CHUNK], 0u64);
    loop {
        let n = file.read(&mut chunk)?;
        if n == 0 {
            return Ok(check.finish());
        }
        total += n as u64;
        if total > LIMIT_BYTES {
            return Err(ImportError::File(FileProblem::TooLarge {
                limit_mb: IMPORT_LIMIT_MB,
            }));
        }
        check.feed(&chunk[..n]);
    }
}

impl<'a> Source<'a> {
    /// Finds what the file is and checks what can be checked before a row
    /// is read: its size and, for CSV, its encoding and quotes.
    fn open(path: &'a Path, sheet: Option<&'a str>) -> Result<Source<'a>, ImportError> {
        if crate::service::sheets::is_workbook(path) {
            if std::fs::metadata(path)?.len() > LIMIT_BYTES {
                return Err(ImportError::File(FileProblem::TooLarge {
                    limit_mb: IMPORT_LIMIT_MB,
                }));
            }
            return Ok(Source::Sheet {
                path,
                wanted: sheet,
            });
        }
        let gbk = match check_text(path, Encoding::Utf8)? {
            Ok(()) => false,
            Err(utf8 @ FileProblem::NotUtf8 { .. }) => match check_text(path, Encoding::Gbk)? {
                Ok(()) => true,
                Err(FileProblem::NotUtf8 { .. }) => return Err(utf8.into()),
                Err(other) => return Err(other.into()),
            },
            Err(other) => return Err(other.into()),
        };
        Ok(Source::Csv { path, gbk })
    }

    /// Reads every row, handing each good one to `each`; the sheet's name
    /// for a workbook.
    fn read(
        &self,
        cx: &ImportSettings,
        vocabulary: &Vocabulary,
        each: impl FnMut(ImportRow) -> Result<(), ImportError>,
    ) -> Result<(ParsedFile, Option<String>), ImportError> {
        match self {
            Source::Csv { path, gbk } => {
                let file = std::fs::File::open(path)?.take(LIMIT_BYTES);
                let text: Box<dyn Read> = if *gbk {
                    Box::new(GbkText::new(file))
                } else {
                    let mut file = std::io::BufReader::with_capacity(CHUNK, file);
                    if file.fill_buf()?.starts_with(UTF8_BOM) {
                        file.consume(UTF8_BOM.len());
                    }
                    Box::new(file)
                };
                let mut parsed = parse_table_each(csv_rows(text), cx, each)?;
                parsed.gbk = *gbk;
                Ok((parsed, None))
            }
            Source::Sheet { path, wanted } => {
                let (name, parsed) =
                    crate::service::sheets::read_rows(path, *wanted, vocabulary, |rows| {
                        parse_table_each(rows, cx, each)
                    })?;
                Ok((parsed?, Some(name)))
            }
        }
    }
}

/// GBK text read as UTF-8, chunk by chunk (the file was checked whole
/// before, so nothing is replaced).
struct GbkText<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    ended: bool,
}

impl<R: Read> GbkText<R> {
    fn new(inner: R) -> Self {
        GbkText {
            inner,
            decoder: encoding_rs::GB18030.new_decoder_without_bom_handling(),
            raw: vec![0; CHUNK],
            out: Vec::new(),
            at: 0,
            ended: false,
        }
    }
}

impl<R: Read> Read for GbkText<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.out.len() && !self.ended {
            let n = self.inner.read(&mut self.raw)?;
            self.ended = n == 0;
            let mut text =
                String::with_capacity(self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16));
            let _ = self
                .decoder
                .decode_to_string(&self.raw[..n], &mut text, self.ended);
            self.out = text.into_bytes();
            self.at = 0;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Checks the file and, unless it is a trial or a row is rejected,
/// imports it in one transaction: the file is read once to check and plan
/// every row, then once more to write the new ones.
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
    let source = Source::open(request.path, request.sheet)?;
    let file = request.path.file_name().map_or_else(
        || request.path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    // A number is given only on a real import; the station must exist either way.
    store.require_station()?;
    let report = |(parsed, sheet), outcome| ImportReport {
        file: file.clone(),
        sheet,
        dry_run: request.dry_run,
        parsed,
        outcome,
    };
    if request.dry_run {
        let mut preview = store.preview_import();
        let (mut parsed, sheet) = source.read(&cx, &vocabulary, |row| Ok(preview.add(&row)?))?;
        let outcome = preview.outcome();
        // New rows of signed-off days are rejected rows like any other.
        parsed.reject_signed_off(&outcome.signed_off);
        return Ok(report((parsed, sheet), Some(outcome)));
    }
    let mut writing = store.begin_import()?;
    let (mut parsed, sheet) = source.read(&cx, &vocabulary, |row| Ok(writing.plan(&row)?))?;
    parsed.reject_signed_off(writing.signed_off());
    if !parsed.rejections.is_empty() {
        // Dropping `writing` rolls back: nothing was written.
        return Ok(report((parsed, sheet), None));
    }
    writing.start_writing(request.now)?;
    let (again, _) = source.read(&cx, &vocabulary, |row| Ok(writing.write(&row)?))?;
    if !again.rejections.is_empty() || !writing.complete() {
        return Err(ImportError::FileChanged);
    }
    let outcome = writing.commit(&ImportContext {
        file: &file,
        actor: request.actor,
        now: request.now,
    })?;
    Ok(report((parsed, sheet), Some(outcome)))
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
            out.push(t.cmd.import_read_sheet.fill([sheet]));
        }
        if self.parsed.gbk {
            out.push(t.cmd.import_read_gbk.to_string());
        }
        if let Some(o) = &self.outcome {
            if self.dry_run {
                out.push(t.import_preview_title.fill([&self.file]));
                out.push(if o.created.is_empty() {
                    t.import_nothing_new.to_string()
                } else {
                    t.import_will_create.fill([&o.created.len()])
                });
            } else {
                out.push(t.import_title.fill([&self.file]));
                let numbers = || o.created.iter().map(|c| &c.1);
                let first = numbers().min_by_key(|n| number_order(n));
                let last = numbers().max_by_key(|n| number_order(n));
                out.push(match (first, last) {
                    (Some(first), Some(last)) => {
                        t.import_created.fill([&o.created.len(), first, last])
                    }
                    _ => t.import_nothing_new.to_string(),
                });
            }
            for (line, number) in &o.existing {
                out.push(t.import_existing.fill([line, number]));
            }
            if !o.new_deputies.is_empty() {
                let template = if self.dry_run {
                    t.import_new_deputies_preview
                } else {
                    t.import_new_deputies
                };
                out.push(template.fill([&list(&o.new_deputies)]));
            }
            if !o.new_departments.is_empty() {
                let template = if self.dry_run {
                    t.import_new_departments_preview
                } else {
                    t.import_new_departments
                };
                out.push(template.fill([&list(&o.new_departments)]));
            }
            for (count, template) in o.notes.iter().zip(t.import_notes) {
                if *count > 0 {
                    out.push(template.fill([count]));
                }
            }
        }
        if !self.parsed.ignored_columns.is_empty() {
            out.push(
                t.import_ignored_columns
                    .fill([&list(&self.parsed.ignored_columns)]),
            );
        }
        if !self.accepted() {
            out.push(
                t.import_rejected_title
                    .fill([&self.parsed.rejected_lines()]),
            );
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
