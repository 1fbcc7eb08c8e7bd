//! Registers kept as workbooks (.xlsx, .xlsm, .xls, WPS .et, .ods), read
//! as rows of text for the import: dates typed as Excel dates become
//! `2026-11-10`, numbers typed as numbers lose their `.0` (a phone, a group
//! of 3), and the sheet is the one named or the one with the register's
//! headings.

use crate::domain::import::{FileProblem, SourceRow, Vocabulary};
use crate::service::import::ImportError;
use calamine::{Data, Reader, open_workbook_auto};
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

/// The rows of the register's sheet, numbered as the spreadsheet numbers
/// them, and the sheet's name.
pub fn read_rows(
    path: &Path,
    wanted: Option<&str>,
    vocabulary: &Vocabulary,
) -> Result<(String, Vec<SourceRow>), ImportError> {
    // WPS's .et is the old Excel format under another name.
    let mut book = if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("et"))
    {
        calamine::open_workbook::<calamine::Xls<_>, _>(path)
            .map(calamine::Sheets::Xls)
            .map_err(|_| ImportError::Workbook)?
    } else {
        open_workbook_auto(path).map_err(|_| ImportError::Workbook)?
    };
    let names = book.sheet_names();
    let rows_of = |book: &mut calamine::Sheets<_>, name: &str| -> Option<Vec<Vec<String>>> {
        let range = book.worksheet_range(name).ok()?;
        Some(
            range
                .rows()
                .map(|r| r.iter().map(cell_text).collect())
                .collect(),
        )
    };
    let has_headings = |rows: &[Vec<String>]| {
        rows.iter().take(HEADING_SEARCH_ROWS).any(|r| {
            r.iter()
                .filter(|c| vocabulary.column_of_heading(c).is_some())
                .count()
                >= 2
        })
    };
    let (name, rows) = match wanted {
        Some(name) => match names.iter().find(|n| n.as_str() == name) {
            Some(n) => (
                n.clone(),
                rows_of(&mut book, n).ok_or(ImportError::Workbook)?,
            ),
            None => {
                return Err(ImportError::File(FileProblem::NoSuchSheet {
                    name: name.to_string(),
                    sheets: names.clone(),
                }));
            }
        },
        None => {
            let mut found = Vec::new();
            for n in &names {
                let rows = rows_of(&mut book, n).unwrap_or_default();
                if has_headings(&rows) {
                    found.push((n.clone(), rows));
                }
            }
            match found.len() {
                1 => found.remove(0),
                0 => {
                    let first = names.first().cloned().unwrap_or_default();
                    let rows = rows_of(&mut book, &first).unwrap_or_default();
                    (first, rows)
                }
                _ => {
                    return Err(ImportError::File(FileProblem::WhichSheet(
                        found.into_iter().map(|(n, _)| n).collect(),
                    )));
                }
            }
        }
    };
    // Row numbers as the spreadsheet shows them (its first row is 1).
    let start = book
        .worksheet_range(&name)
        .ok()
        .and_then(|r| r.start())
        .map_or(0, |(row, _)| row as u64);
    let numbered = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| Ok((start + i as u64 + 1, csv::StringRecord::from(cells))))
        .collect();
    Ok((name, numbered))
}
