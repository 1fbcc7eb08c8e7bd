//! Working-day arithmetic. Weekends are rest days unless the calendar file
//! lists them as make-up working days (调休); listed holidays are rest days.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeSet;

/// The calendar shipped with the program: official holidays and make-up
/// working days for the years announced so far.
pub const DEFAULT_CALENDAR: &str = include_str!("calendar_default.toml");

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file is not valid TOML: {0}")]
    Syntax(String),
    #[error("not a date or date range: {0}")]
    BadEntry(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    /// Written `"节假日"` in the shipped file, so the secretary edits Chinese.
    #[serde(default, alias = "节假日")]
    holidays: Vec<String>,
    #[serde(default, alias = "调休上班")]
    workdays: Vec<String>,
}

/// Longest range one entry may span, so a typo cannot make a huge set.
const MAX_RANGE_DAYS: i64 = 366;

fn expand(entry: &str) -> Result<Vec<NaiveDate>, CalendarError> {
    let bad = || CalendarError::BadEntry(entry.to_string());
    let parse = |s: &str| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| bad());
    match entry.split_once("..") {
        None => Ok(vec![parse(entry)?]),
        Some((a, b)) => {
            let (start, end) = (parse(a)?, parse(b)?);
            let span = (end - start).num_days();
            if !(0..=MAX_RANGE_DAYS).contains(&span) {
                return Err(bad());
            }
            Ok(start.iter_days().take(span as usize + 1).collect())
        }
    }
}

/// The entries as written (`2026-10-01..2026-10-07`): holidays, then
/// make-up working days.
pub fn entries(text: &str) -> Result<(Vec<String>, Vec<String>), CalendarError> {
    let file: CalendarFile =
        toml::from_str(text).map_err(|e| CalendarError::Syntax(e.message().to_string()))?;
    Ok((file.holidays, file.workdays))
}

/// Checks one entry (a date or a range) as `parse` would.
pub fn check_entry(entry: &str) -> Result<(), CalendarError> {
    expand(entry).map(|_| ())
}

impl Calendar {
    /// Weekends only, no holidays.
    pub fn weekends_only() -> Self {
        Self::default()
    }

    pub fn builtin() -> Self {
        Self::parse(DEFAULT_CALENDAR).unwrap_or_default()
    }

    /// Reads the TOML form: `holidays = ["2026-10-01..2026-10-07"]`,
    /// `workdays = ["2026-10-10"]`.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let file: CalendarFile =
            toml::from_str(text).map_err(|e| CalendarError::Syntax(e.message().to_string()))?;
        let mut cal = Calendar::default();
        for entry in &file.holidays {
            cal.holidays.extend(expand(entry)?);
        }
        for entry in &file.workdays {
            cal.workdays.extend(expand(entry)?);
        }
        Ok(cal)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The day that is `n` working days after `start` (start itself not counted).
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            day = day + Days::new(1);
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// The first day on which a deadline counts as near, that is the
    /// earliest `today` with `add_working_days(today, n) >= deadline`: a
    /// hub files it once instead of asking every station's calendar daily.
    pub fn near_from(&self, deadline: NaiveDate, n: u32) -> NaiveDate {
        let mut day = deadline;
        // `add_working_days` never goes backwards in `start`, so stepping
        // back stops at the first day that falls short; a year bounds it.
        for _ in 0..366 {
            match day.pred_opt() {
                Some(before) if self.add_working_days(before, n) >= deadline => day = before,
                _ => break,
            }
        }
        day
    }

    /// Working days from `today` to `deadline`: positive while time is left
    /// (the deadline day counts), zero on the deadline when it is a rest
    /// day, negative once it has passed (each working day late counts).
    pub fn working_days_left(&self, today: NaiveDate, deadline: NaiveDate) -> i64 {
        if deadline >= today {
            self.working_days_between(today, deadline)
        } else {
            -self.working_days_between(deadline, today)
        }
    }

    /// Working days in `(from, to]`, without walking day by day (a case can
    /// be years overdue and the list shows sixty of them per frame).
    fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let days = (to - from).num_days();
        if days <= 0 {
            return 0;
        }
        let is_weekend = |d: NaiveDate| matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        let mut count = days / 7 * 5;
        let mut day = from + Days::new((days / 7 * 7) as u64);
        for _ in 0..days % 7 {
            day = day + Days::new(1);
            if !is_weekend(day) {
                count += 1;
            }
        }
        let after = from + Days::new(1);
        for h in self.holidays.range(after..=to) {
            if !is_weekend(*h) && !self.workdays.contains(h) {
                count -= 1;
            }
        }
        for w in self.workdays.range(after..=to) {
            if is_weekend(*w) {
                count += 1;
            }
        }
        count
    }

    /// Adds calendar months (for formal deputy suggestions: 3 months).
    pub fn add_months(start: NaiveDate, months: u32) -> NaiveDate {
        start
            .checked_add_months(chrono::Months::new(months))
            .unwrap_or(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn near_from_is_the_first_day_the_deadline_is_near() {
        let cal = Calendar::builtin();
        for deadline in ["2026-10-09", "2026-10-01", "2026-11-16", "2026-12-31"] {
            let deadline = d(deadline);
            for n in [0, 1, 3, 5] {
                let first = cal.near_from(deadline, n);
                // Every day from `first` on is near; the day before is not.
                let mut day = first - Days::new(1);
                assert!(cal.add_working_days(day, n) < deadline, "{deadline} {n}");
                for _ in 0..40 {
                    day = day + Days::new(1);
                    assert!(
                        cal.add_working_days(day, n) >= deadline,
                        "{deadline} {n} {day}"
                    );
                }
            }
        }
        // Three working days before Monday 2026-11-16 is Wednesday the 11th.
        assert_eq!(
            Calendar::weekends_only().near_from(d("2026-11-16"), 3),
            d("2026-11-11")
        );
    }

    #[test]
    fn weekends_are_skipped() {
        let cal = Calendar::weekends_only();
        // Friday 2026-11-13 + 1 working day = Monday 2026-11-16.
        assert_eq!(cal.add_working_days(d("2026-11-13"), 1), d("2026-11-16"));
        assert_eq!(cal.add_working_days(d("2026-11-10"), 15), d("2026-12-01"));
        assert_eq!(cal.add_working_days(d("2026-11-10"), 0), d("2026-11-10"));
    }

    #[test]
    fn national_day_and_make_up_days() {
        let cal = Calendar::builtin();
        assert!(!cal.is_working_day(d("2026-10-01")));
        assert!(!cal.is_working_day(d("2026-10-07")));
        // Saturday 2026-10-10 is a make-up working day.
        assert!(cal.is_working_day(d("2026-10-10")));
        assert!(cal.is_working_day(d("2026-09-20")));
        // Wednesday 2026-09-30 + 1 working day skips the whole holiday.
        assert_eq!(cal.add_working_days(d("2026-09-30"), 1), d("2026-10-08"));
        assert_eq!(cal.add_working_days(d("2026-10-08"), 2), d("2026-10-10"));
    }

    #[test]
    fn days_left_and_overdue() {
        let cal = Calendar::weekends_only();
        assert_eq!(cal.working_days_left(d("2026-11-10"), d("2026-11-13")), 3);
        assert_eq!(cal.working_days_left(d("2026-11-13"), d("2026-11-13")), 0);
        assert_eq!(cal.working_days_left(d("2026-11-16"), d("2026-11-13")), -1);
        assert_eq!(cal.working_days_left(d("2026-11-18"), d("2026-11-13")), -3);
    }

    #[test]
    fn counting_matches_walking_day_by_day() {
        let cal = Calendar::builtin();
        let walk = |from: NaiveDate, to: NaiveDate| {
            from.iter_days()
                .skip(1)
                .take_while(|d| *d <= to)
                .filter(|d| cal.is_working_day(*d))
                .count() as i64
        };
        let start = d("2025-12-01");
        for offset in 0..200u64 {
            let from = start + Days::new(offset * 3);
            for span in [0u64, 1, 2, 6, 7, 8, 13, 30, 100, 400] {
                let to = from + Days::new(span);
                assert_eq!(
                    cal.working_days_between(from, to),
                    walk(from, to),
                    "{from} .. {to}"
                );
            }
        }
    }

    #[test]
    fn file_errors_are_reported() {
        assert!(matches!(
            Calendar::parse("holidays = [\"2026-13-01\"]"),
            Err(CalendarError::BadEntry(_))
        ));
        assert!(matches!(
            Calendar::parse("holidays = ["),
            Err(CalendarError::Syntax(_))
        ));
        assert!(matches!(
            Calendar::parse("holidays = [\"2026-01-05..2026-01-01\"]"),
            Err(CalendarError::BadEntry(_))
        ));
        assert!(Calendar::parse("").unwrap() == Calendar::weekends_only());
        let chinese =
            Calendar::parse("\"节假日\" = [\"2026-10-01\"]\n\"调休上班\" = [\"2026-10-10\"]")
                .unwrap();
        let english =
            Calendar::parse("holidays = [\"2026-10-01\"]\nworkdays = [\"2026-10-10\"]").unwrap();
        assert_eq!(chinese, english);
    }

    #[test]
    fn three_month_suggestions() {
        assert_eq!(Calendar::add_months(d("2026-11-30"), 3), d("2027-02-28"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_text_parses_or_is_refused_without_panic(s in "\\PC*") {
            let _ = Calendar::parse(&s);
        }

        #[test]
        fn working_days_round_trip(start in 0i64..4000, n in 0u32..120) {
            let cal = Calendar::builtin();
            let from = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap() + chrono::Duration::days(start);
            let to = cal.add_working_days(from, n);
            prop_assert_eq!(cal.working_days_left(from, to), n as i64);
        }
    }
}
