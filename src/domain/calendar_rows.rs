//! The working calendar as the secretary edits it in 设置: one row per
//! date or range, with what it is (`2026-10-01..2026-10-07 放假`,
//! `2026-10-10 上班`), rows added or removed as lines. Stored as the TOML
//! the calendar reads, so everything else reads it as before.

use super::calendar::{check_entry, entries};

/// The words a row ends with: a holiday and a make-up working day.
#[derive(Debug, Clone, Copy)]
pub struct RowWords {
    pub holiday: &'static str,
    pub workday: &'static str,
}

/// What is wrong with a row (its line number counts from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFault {
    /// Not a date or a date range (or a range backwards or too long).
    Date(usize),
    /// No 放假 / 上班 after the date.
    Kind(usize),
}

const HOLIDAY_WORDS: [&str; 5] = ["放假", "节假日", "假", "休息", "holiday"];
const WORKDAY_WORDS: [&str; 5] = ["上班", "调休上班", "补班", "班", "workday"];

/// The stored TOML as rows, sorted by date (None if it cannot be read:
/// the screen then shows it as it is).
pub fn rows_from_toml(text: &str, words: RowWords) -> Option<String> {
    let (holidays, workdays) = entries(text).ok()?;
    let mut rows: Vec<(String, &str)> = holidays
        .into_iter()
        .map(|e| (e, words.holiday))
        .chain(workdays.into_iter().map(|e| (e, words.workday)))
        .collect();
    rows.sort();
    Some(
        rows.iter()
            .map(|(e, w)| format!("{e} {w}"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// The rows as the stored TOML, or the first row that is wrong.
pub fn toml_from_rows(rows: &str) -> Result<String, RowFault> {
    let (mut holidays, mut workdays) = (Vec::new(), Vec::new());
    for (i, row) in rows.lines().enumerate() {
        let line = i + 1;
        let row = row.trim();
        if row.is_empty() {
            continue;
        }
        let (date, kind) = row.split_once(char::is_whitespace).unwrap_or((row, ""));
        let entry = date
            .replace(['～', '~'], "..")
            .replace('至', "..")
            .replace('－', "-");
        check_entry(&entry).map_err(|_| RowFault::Date(line))?;
        let kind = kind.trim().to_lowercase();
        if HOLIDAY_WORDS.contains(&kind.as_str()) {
            holidays.push(entry);
        } else if WORKDAY_WORDS.contains(&kind.as_str()) {
            workdays.push(entry);
        } else {
            return Err(RowFault::Kind(line));
        }
    }
    let list = |v: &[String]| {
        v.iter()
            .map(|e| format!("  \"{e}\",\n"))
            .collect::<String>()
    };
    Ok(format!(
        "holidays = [\n{}]\nworkdays = [\n{}]\n",
        list(&holidays),
        list(&workdays)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::{Calendar, DEFAULT_CALENDAR};
    use chrono::NaiveDate;

    const WORDS: RowWords = RowWords {
        holiday: "放假",
        workday: "上班",
    };

    #[test]
    fn the_shipped_calendar_round_trips_through_rows() {
        let rows = rows_from_toml(DEFAULT_CALENDAR, WORDS).unwrap();
        assert!(rows.contains("2026-10-01..2026-10-07 放假"), "{rows}");
        assert!(rows.contains("2026-10-10 上班"), "{rows}");
        let again = Calendar::parse(&toml_from_rows(&rows).unwrap()).unwrap();
        let shipped = Calendar::parse(DEFAULT_CALENDAR).unwrap();
        for day in NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .iter_days()
            .take(366)
        {
            assert_eq!(
                again.is_working_day(day),
                shipped.is_working_day(day),
                "{day}"
            );
        }
    }

    #[test]
    fn a_wrong_row_is_named_by_its_line() {
        assert_eq!(
            toml_from_rows("2026-10-01 放假\n2026-13-01 放假"),
            Err(RowFault::Date(2))
        );
        assert_eq!(toml_from_rows("2026-10-10"), Err(RowFault::Kind(1)));
        assert_eq!(
            toml_from_rows("2026-10-07..2026-10-01 放假"),
            Err(RowFault::Date(1))
        );
        let toml = toml_from_rows("2026-12-31 放假\n\n2026-10-01～2026-10-03 假").unwrap();
        let cal = Calendar::parse(&toml).unwrap();
        assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()));
        assert!(!cal.is_working_day(NaiveDate::from_ymd_opt(2026, 10, 2).unwrap()));
    }
}
