//! Registers kept as workbooks (.xlsx, .xlsm, .xls, WPS .et, .ods), read
//! as rows of text for the import: dates typed as Excel dates become
//! `2026-11-10`, numbers typed as numbers lose their `.0` (a phone, a group
//! of 3), and the sheet is the one named or the one with the register's
//! headings.

use crate::domain::import::{FileProblem, SourceRow, Vocabulary};
use crate::service::import::ImportError;
use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto};
use std::path::Path;

/// How far down a sheet its heading row is looked for.
const HEADING_SEARCH_ROWS: usize = 30;

/// Whether the file is a workbook (by its name's ending).
pub fn is_workbook(path: &Path) -> bool {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "xlsx" | "xlsm" | "xlsb" | "xls" | "et" | "ods"
    )
}

/// A cell as the register's text: what a person reads in the cell.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(at) if at.time() == chrono::NaiveTime::MIN => at.format("%Y-%m-%d").to_string(),
            Some(at) => at.format("%Y-%m-%d %H:%M").to_string(),
            None => d.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// Hands the rows of the register's sheet, numbered as the spreadsheet
/// numbers them, to `read`; gives back the sheet's name with what `read`
/// made of them. An .xlsx sheet is read as a stream of cells, so that a
/// register of any length is read in little memory; the older formats
/// (.xls, .et, .xlsb, .ods) are read whole.
pub fn read_rows<T>(
    path: &Path,
    wanted: Option<&str>,
    vocabulary: &Vocabulary,
    read: impl FnOnce(&mut dyn Iterator<Item = SourceRow>) -> T,
) -> Result<(String, T), ImportError> {
    let mut book = open(path)?;
    let name = choose_sheet(&mut book, wanted, vocabulary)?;
    if let Sheets::Xlsx(xlsx) = &mut book {
        let mut cells = xlsx
            .worksheet_cells_reader(&name)
            .map_err(|_| ImportError::Workbook)?;
        let mut rows = XlsxRows::new(|| cells.next_cell());
        return Ok((name, read(&mut rows)));
    }
    let range = book
        .worksheet_range(&name)
        .map_err(|_| ImportError::Workbook)?;
    // Row numbers as the spreadsheet shows them (its first row is 1).
    let start = range.start().map_or(0, |(row, _)| row as u64);
    let mut rows = range.rows().enumerate().map(|(i, cells)| {
        let cells: Vec<String> = cells.iter().map(cell_text).collect();
        Ok((start + i as u64 + 1, csv::StringRecord::from(cells)))
    });
    Ok((name, read(&mut rows)))
}

type Book = Sheets<std::io::BufReader<std::fs::File>>;

fn open(path: &Path) -> Result<Book, ImportError> {
    // WPS's .et is the old Excel format under another name.
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("et"))
    {
        calamine::open_workbook::<calamine::Xls<_>, _>(path)
            .map(Sheets::Xls)
            .map_err(|_| ImportError::Workbook)
    } else {
        open_workbook_auto(path).map_err(|_| ImportError::Workbook)
    }
}

/// The sheet named, or the one sheet whose first rows hold two or more of
/// the register's headings (the first sheet when none does).
fn choose_sheet(
    book: &mut Book,
    wanted: Option<&str>,
    vocabulary: &Vocabulary,
) -> Result<String, ImportError> {
    let names = book.sheet_names();
    if let Some(name) = wanted {
        return match names.iter().find(|n| n.as_str() == name) {
            Some(n) => Ok(n.clone()),
            None => Err(ImportError::File(FileProblem::NoSuchSheet {
                name: name.to_string(),
                sheets: names.clone(),
            })),
        };
    }
    let mut found = Vec::new();
    for name in &names {
        if has_headings(book, name, vocabulary) {
            found.push(name.clone());
        }
    }
    match found.len() {
        0 => Ok(names.first().cloned().unwrap_or_default()),
        1 => Ok(found.remove(0)),
        _ => Err(ImportError::File(FileProblem::WhichSheet(found))),
    }
}

/// Whether one of the sheet's first rows is a heading row.
fn has_headings(book: &mut Book, name: &str, vocabulary: &Vocabulary) -> bool {
    let headings = |cells: &[String]| {
        cells
            .iter()
            .filter(|c| vocabulary.column_of_heading(c).is_some())
            .count()
            >= 2
    };
    if let Sheets::Xlsx(xlsx) = book {
        let Ok(mut cells) = xlsx.worksheet_cells_reader(name) else {
            return false;
        };
        let rows = XlsxRows::new(|| cells.next_cell());
        return rows.take(HEADING_SEARCH_ROWS).any(|row| {
            row.is_ok_and(|(_, r)| headings(&r.iter().map(str::to_string).collect::<Vec<_>>()))
        });
    }
    let Ok(range) = book.worksheet_range(name) else {
        return false;
    };
    range
        .rows()
        .take(HEADING_SEARCH_ROWS)
        .any(|r| headings(&r.iter().map(cell_text).collect::<Vec<_>>()))
}

/// The most columns a row is read to (Excel's own limit).
const MAX_COLUMNS: usize = 16_384;

/// An .xlsx sheet's cells gathered into rows as they are read; a cell left
/// out of the file (an empty one) is an empty cell of its row.
/// (`next_cell` is the sheet's cell reader, whose type calamine does not name.)
struct XlsxRows<'a, F> {
    next_cell: F,
    /// The first cell of the next row, read already.
    next: Option<calamine::Cell<DataRef<'a>>>,
    ended: bool,
    last_row: u32,
}

type NextCell<'a> = Result<Option<calamine::Cell<DataRef<'a>>>, calamine::XlsxError>;

impl<'a, F: FnMut() -> NextCell<'a>> XlsxRows<'a, F> {
    fn new(next_cell: F) -> Self {
        XlsxRows {
            next_cell,
            next: None,
            ended: false,
            last_row: 0,
        }
    }
}

impl<'a, F: FnMut() -> NextCell<'a>> Iterator for XlsxRows<'a, F> {
    type Item = SourceRow;

    fn next(&mut self) -> Option<SourceRow> {
        let first = match self.next.take() {
            Some(cell) => cell,
            None if self.ended => return None,
            None => match (self.next_cell)() {
                Ok(Some(cell)) => cell,
                Ok(None) => return None,
                Err(e) => {
                    self.ended = true;
                    return Some(Err((u64::from(self.last_row) + 2, e.to_string())));
                }
            },
        };
        let row = first.get_position().0;
        self.last_row = row;
        let mut cells = Vec::new();
        let mut put = |cell: calamine::Cell<DataRef>| {
            let column = cell.get_position().1 as usize;
            if column < MAX_COLUMNS {
                cells.resize(column.max(cells.len()), String::new());
                cells.push(cell_text(&Data::from(cell.get_value().clone())));
            }
        };
        put(first);
        loop {
            match (self.next_cell)() {
                Ok(Some(cell)) if cell.get_position().0 == row => put(cell),
                Ok(Some(cell)) => {
                    self.next = Some(cell);
                    break;
                }
                Ok(None) | Err(_) => {
                    // An error after the row's cells ends the sheet there;
                    // what was read of the row is kept.
                    self.ended = true;
                    break;
                }
            }
        }
        Some(Ok((u64::from(row) + 1, csv::StringRecord::from(cells))))
    }
}
