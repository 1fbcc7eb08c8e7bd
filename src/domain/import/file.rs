//! A register file read row by row: CSV text (in memory or as a stream),
//! the heading row found below any title rows, then each row below it
//! checked (`row`) until the register's signature line.

use super::row::{Cells, parse_row};
use super::{
    Column, FileProblem, ImportRow, ImportSettings, ParsedFile, Reason, Rejection, SourceRow,
    Vocabulary, fold, text,
};
use crate::domain::cells::restore_formula;

/// Reads a whole CSV file in memory: UTF-8 (with or without a byte-order
/// mark), or GBK as older Excel saves "CSV" (then `ParsedFile::gbk` says
/// so). A row with any problem is rejected whole (every problem listed);
/// the others are returned checked and ready. The import itself reads the
/// file as a stream, with the same checks (`text::TextCheck`, `csv_rows`).
pub fn parse_file(bytes: &[u8], cx: &ImportSettings) -> Result<ParsedFile, FileProblem> {
    let gbk = text::check_bytes(bytes)?;
    let decoded = if gbk {
        encoding_rs::GB18030
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(FileProblem::NotUtf8 { line: 1 })?
    } else {
        String::from_utf8_lossy(bytes.strip_prefix(text::UTF8_BOM).unwrap_or(bytes))
    };
    let mut parsed = parse_table(csv_rows(decoded.as_bytes()), cx)?;
    parsed.gbk = gbk;
    Ok(parsed)
}

/// The lines of CSV text (UTF-8, without a byte-order mark), numbered
/// from 1 as an editor numbers them; a line the reader cannot read is an
/// error naming it.
pub fn csv_rows(text: impl std::io::Read) -> impl Iterator<Item = SourceRow> {
    let reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text);
    let mut last_line = 0;
    reader.into_records().map(move |record| match record {
        Ok(r) => {
            let line = r.position().map_or(last_line + 1, |p| p.line());
            last_line = line;
            Ok((line, r))
        }
        Err(e) => {
            let line = e
                .position()
                .map_or(last_line + 1, |p| p.line())
                .max(last_line + 1);
            last_line = line;
            Err((line, e.to_string()))
        }
    })
}

/// Whether a row is the heading row: two or more cells name columns.
fn is_heading_row(record: &csv::StringRecord, vocabulary: &Vocabulary) -> bool {
    record
        .iter()
        .filter(|c| vocabulary.column_of_heading(c).is_some())
        .count()
        >= 2
}

/// The heading row: the first with two or more known headings, below any
/// title rows; without one, the first row that is not blank (which then
/// says which columns are missing).
fn heading_row(
    rows: &mut impl Iterator<Item = SourceRow>,
    vocabulary: &Vocabulary,
) -> Result<csv::StringRecord, FileProblem> {
    let mut first = None;
    loop {
        match rows.next() {
            None => return first.ok_or(FileProblem::Empty),
            Some(Ok((_, r))) if r.iter().all(|c| c.trim().is_empty()) => continue,
            Some(Ok((_, r))) if is_heading_row(&r, vocabulary) => return Ok(r),
            Some(Ok((_, r))) => {
                first.get_or_insert(r);
            }
            // The heading line cannot be read: treat as no headings.
            Some(Err(_)) => return Err(FileProblem::Empty),
        }
    }
}

/// Each heading's column (none where not read), the headings as written,
/// and the date column's heading kept in `parsed`; refuses a heading
/// written twice and a file without the required columns.
fn read_headings(
    header: &csv::StringRecord,
    cx: &ImportSettings,
    parsed: &mut ParsedFile,
) -> Result<(Vec<Option<Column>>, Vec<String>), FileProblem> {
    let vocabulary = cx.vocabulary;
    let mut columns: Vec<Option<Column>> = Vec::with_capacity(header.len());
    let mut headers: Vec<String> = Vec::with_capacity(header.len());
    for cell in header.iter() {
        let cell = restore_formula(cell.trim());
        // The same heading twice leaves no way to tell which column is
        // meant; a second word for a column already read (人数, 来访人数) is
        // listed as not read, as any other.
        if vocabulary.column_of(cell).is_some() && headers.iter().any(|h| fold(h) == fold(cell)) {
            return Err(FileProblem::DuplicateHeading(cell.to_string()));
        }
        let column = vocabulary
            .column_of(cell)
            .filter(|c| !columns.contains(&Some(*c)))
            // Collect the minimum: a station that does not record ID
            // numbers does not take them from a file either.
            .filter(|c| *c != Column::IdNumber || cx.collect_id_number);
        if column.is_none() && !cell.is_empty() && !vocabulary.not_read.iter().any(|n| n == cell) {
            parsed.ignored_columns.push(cell.to_string());
        }
        columns.push(column);
        headers.push(cell.to_string());
    }
    let missing: Vec<String> = Column::REQUIRED
        .iter()
        .filter(|c| !columns.contains(&Some(**c)))
        .map(|c| vocabulary.header_for(*c))
        .collect();
    if !missing.is_empty() {
        return Err(FileProblem::MissingColumns(missing));
    }
    parsed.date_heading = columns
        .iter()
        .position(|c| *c == Some(Column::Date))
        .and_then(|i| headers.get(i).cloned())
        .unwrap_or_else(|| vocabulary.header_for(Column::Date));
    Ok((columns, headers))
}

/// Reads rows (of a CSV file or a sheet): the heading row first — found by
/// its words below any title rows, else the first row that is not blank —
/// then every row below it, up to the register's signature line.
pub fn parse_table(
    rows: impl Iterator<Item = SourceRow>,
    cx: &ImportSettings,
) -> Result<ParsedFile, FileProblem> {
    let mut good = Vec::new();
    let mut parsed = parse_table_each(rows, cx, |row| {
        good.push(row);
        Ok::<(), FileProblem>(())
    })?;
    parsed.rows = good;
    Ok(parsed)
}

/// `parse_table` for a file of any size: each good row goes to `each` as
/// it is read, and none is kept (`ParsedFile::rows` stays empty).
pub fn parse_table_each<E: From<FileProblem>>(
    rows: impl Iterator<Item = SourceRow>,
    cx: &ImportSettings,
    mut each: impl FnMut(ImportRow) -> Result<(), E>,
) -> Result<ParsedFile, E> {
    let vocabulary = cx.vocabulary;
    let mut rows = rows;
    let header = heading_row(&mut rows, vocabulary)?;
    let mut parsed = ParsedFile::default();
    let (columns, headers) = read_headings(&header, cx, &mut parsed)?;
    for row in rows {
        let (line, record) = match row {
            Ok(r) => r,
            Err((line, why)) => {
                parsed.rejections.push(Rejection {
                    line,
                    column: String::new(),
                    value: String::new(),
                    reason: Reason::Unreadable(why),
                });
                continue;
            }
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The paper register's 记录人 / 审核人 line ends it.
        let first_cell = record.iter().find(|c| !c.trim().is_empty()).unwrap_or("");
        if vocabulary
            .footers
            .iter()
            .any(|f| first_cell.trim().starts_with(f.as_str()))
        {
            break;
        }
        let extra = record
            .iter()
            .skip(columns.len())
            .filter(|c| !c.trim().is_empty())
            .count();
        if extra > 0 {
            parsed.rejections.push(Rejection {
                line,
                column: String::new(),
                value: String::new(),
                reason: Reason::TooManyFields(extra),
            });
            continue;
        }
        let row = Cells {
            line,
            record: &record,
            columns: &columns,
            headers: &headers,
            vocabulary,
        };
        match parse_row(&row, cx) {
            Ok(r) => each(r)?,
            Err(problems) => parsed.rejections.extend(problems),
        }
    }
    Ok(parsed)
}
