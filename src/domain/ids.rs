//! Identifiers: time-ordered UUIDs for rows (mergeable across stations)
//! and the human numbers printed on registers and receipts.

use chrono::NaiveDate;

/// A new primary key. UUIDv7 sorts by creation time, which keeps indexes compact.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// A row's identifier of one kind: a case's can never be passed where a
/// reception's is wanted. Stored as the UUID text.
macro_rules! row_ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A new, never used identifier.
            pub fn fresh() -> Self {
                $name(new_id())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl std::ops::Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    )*};
}

row_ids! {
    /// A case (one per reception, its handling from 受理 to 办结).
    CaseId;
    /// A reception: one visit, letter or call.
    ReceptionId;
    /// A deputy on the station's roster.
    DeputyId;
    /// A department cases are referred to (承办单位).
    DepartmentId;
    /// A desk user (administrator, secretary or deputy).
    UserId;
}

/// The order of register numbers as people read them: by their prefix,
/// then by the running number as a number (…-999 before …-1000).
pub fn number_order(number: &str) -> (&str, u64, &str) {
    match number.rsplit_once('-') {
        Some((prefix, n)) => match n.parse() {
            Ok(n) => (prefix, n, ""),
            Err(_) => (prefix, u64::MAX, n),
        },
        None => (number, u64::MAX, ""),
    }
}

/// A reception's (and its case's) number: `HD01-20261110-003`.
pub fn reception_number(station_code: &str, date: NaiveDate, seq: u32) -> String {
    format!("{station_code}-{}-{seq:03}", date.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_ids() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        assert_eq!(reception_number("HD01", d, 3), "HD01-20261110-003");
        assert_eq!(reception_number("HD01", d, 1234), "HD01-20261110-1234");
        let (a, b) = (new_id(), new_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
    }
}

#[cfg(test)]
mod order_tests {
    use super::number_order;

    #[test]
    fn running_numbers_sort_as_numbers() {
        let mut numbers = vec![
            "HD01-20261110-1000",
            "HD01-20261110-999",
            "HD01-20261109-1200",
        ];
        numbers.sort_by_key(|n| number_order(n));
        assert_eq!(
            numbers,
            vec![
                "HD01-20261109-1200",
                "HD01-20261110-999",
                "HD01-20261110-1000"
            ]
        );
    }
}
