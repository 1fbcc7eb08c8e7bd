//! How long a visitor's contact details are kept (DESIGN.md §5): a
//! setting's number of months after the case is closed. A case closes only
//! after its call-back (or at once when answered on the spot, not accepted,
//! or the voter could not be reached), so the closing date is when the
//! clock starts.

use chrono::{Months, NaiveDate};

/// The last closing date whose contact details are due for purging today.
pub fn closed_on_or_before(today: NaiveDate, months: u32) -> NaiveDate {
    today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// Whether a case closed on `closed` is past the retention period today.
pub fn is_due(closed: NaiveDate, today: NaiveDate, months: u32) -> bool {
    closed <= closed_on_or_before(today, months)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn twenty_four_months_to_the_day() {
        let today = d(2026, 11, 10);
        assert!(is_due(d(2024, 11, 10), today, 24));
        assert!(!is_due(d(2024, 11, 11), today, 24));
        assert!(is_due(d(2020, 1, 1), today, 24));
    }

    #[test]
    fn month_ends_fall_back_to_the_last_day() {
        // 31 March less one month is 28 (or 29) February.
        assert_eq!(closed_on_or_before(d(2026, 3, 31), 1), d(2026, 2, 28));
        assert_eq!(closed_on_or_before(d(2028, 3, 31), 1), d(2028, 2, 29));
    }
}
