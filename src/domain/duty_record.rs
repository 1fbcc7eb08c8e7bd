//! The duty record (代表履职登记簿): one deputy's year, counted from the
//! other registers, set against the locality's yearly targets.
//!
//! A target is "behind schedule" on a date when the deputy has done fewer
//! than the whole number of times that the part of the year gone by calls
//! for: 10 visits a year means 5 by the beginning of July, 2 duty days a
//! year means 1 from July. A past year is judged on the whole target; a
//! year not yet begun is never behind.

use super::ids::DeputyId;
use super::registers::REPORT_KIND;
use super::stats::Targets;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DutyRecord {
    pub deputy_id: DeputyId,
    pub name: String,
    /// Days with a duty sign-in.
    pub duty_days: i64,
    /// Receptions this deputy received (批次) and the persons in them (人次).
    pub batches: i64,
    pub persons: i64,
    /// Of those, cases referred on (assigned, transferred or made a suggestion).
    pub cases: i64,
    /// Of those, made a formal deputy suggestion.
    pub suggestions: i64,
    /// Activities taken part in, by type, in the order of the type list.
    pub activities_by_kind: Vec<(String, i64)>,
    pub study_present: i64,
    pub study_leave: i64,
    pub study_hours: f64,
    /// Households visited door to door (走访), over the visits taken part in.
    pub households: i64,
}

impl DutyRecord {
    pub fn activities(&self) -> i64 {
        self.activities_by_kind.iter().map(|(_, n)| n).sum()
    }

    /// Times the deputy reported back to voters (述职).
    pub fn reports(&self) -> i64 {
        self.activities_by_kind
            .iter()
            .filter(|(k, _)| k == REPORT_KIND)
            .map(|(_, n)| n)
            .sum()
    }

    /// "视察2 座谈1": the types with a count, for one cell of a table.
    pub fn kinds_line(&self) -> String {
        self.activities_by_kind
            .iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{k}{n}"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Each target with what was done towards it, in the order
    /// duty days, visits, activities, study sessions, households visited.
    pub fn against(&self, targets: &Targets, year: i32, today: NaiveDate) -> [Progress; 5] {
        let share = year_share(year, today);
        [
            (self.duty_days, targets.duty_days),
            (self.batches, targets.visits),
            (self.activities(), targets.activities),
            (self.study_present, targets.study_sessions),
            (self.households, targets.households),
        ]
        .map(|(done, target)| Progress::new(done, target, share))
    }
}

/// How much of `year` has gone by on `today`: 0 before it, 1 after it.
pub fn year_share(year: i32, today: NaiveDate) -> f64 {
    match today.year().cmp(&year) {
        std::cmp::Ordering::Less => 0.0,
        std::cmp::Ordering::Greater => 1.0,
        std::cmp::Ordering::Equal => {
            let days = if today.leap_year() { 366.0 } else { 365.0 };
            today.ordinal() as f64 / days
        }
    }
}

/// One target and how far along it is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    pub done: i64,
    pub target: i64,
    /// What the date calls for so far, in whole times.
    pub expected: i64,
    pub behind: bool,
}

impl Progress {
    pub fn new(done: i64, target: i64, share: f64) -> Self {
        // A small allowance so that a full share is not lost to rounding.
        let expected = (target as f64 * share + 1e-9).floor() as i64;
        Self {
            done,
            target,
            expected,
            behind: done < expected,
        }
    }

    /// Done over target, capped at 1 (no target: complete).
    pub fn ratio(&self) -> f64 {
        if self.target <= 0 {
            1.0
        } else {
            (self.done as f64 / self.target as f64).min(1.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn share_of_the_year() {
        assert_eq!(year_share(2026, d("2025-12-31")), 0.0);
        assert_eq!(year_share(2026, d("2027-01-01")), 1.0);
        assert!((year_share(2026, d("2026-07-02")) - 183.0 / 365.0).abs() < 1e-9);
        assert_eq!(year_share(2026, d("2026-12-31")), 1.0);
    }

    #[test]
    fn behind_schedule_is_judged_against_the_date() {
        // Ten visits a year: by 2 July about 5 are due.
        let mid = year_share(2026, d("2026-07-02"));
        assert!(Progress::new(4, 10, mid).behind);
        assert!(!Progress::new(6, 10, mid).behind);
        // In January nothing is due yet; after the year, all of it.
        assert!(!Progress::new(0, 2, year_share(2026, d("2026-01-01"))).behind);
        assert!(Progress::new(1, 2, 1.0).behind);
        assert!(!Progress::new(2, 2, 1.0).behind);
        assert_eq!(Progress::new(3, 2, 1.0).ratio(), 1.0);
        assert_eq!(Progress::new(0, 0, 1.0).ratio(), 1.0);
    }

    #[test]
    fn counts_by_type() {
        let r = DutyRecord {
            activities_by_kind: vec![
                ("视察".into(), 2),
                ("座谈".into(), 0),
                (REPORT_KIND.into(), 1),
            ],
            study_present: 3,
            batches: 4,
            duty_days: 2,
            households: 51,
            ..Default::default()
        };
        assert_eq!((r.activities(), r.reports()), (3, 1));
        assert_eq!(r.kinds_line(), "视察2 向选民述职1");
        let p = r.against(&Targets::default(), 2026, d("2026-12-31"));
        assert_eq!(
            p.map(|p| (p.done, p.target, p.behind)),
            [
                (2, 2, false),
                (4, 10, true),
                (3, 2, false),
                (3, 4, true),
                (51, 50, false)
            ]
        );
    }
}
