//! National ID numbers (居民身份证号, GB 11643-1999). Not collected unless a
//! station turns the field on; then checked here, and masked wherever they
//! are shown but a secretary's reveal.

use super::fields::{IdNumberFault, Problem};
use super::validate::normalize_ascii;
use chrono::NaiveDate;

/// Weights of the first 17 characters in the check sum.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum modulo 11.
const CHECK_CODES: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
/// A birth year before this is a typing mistake, not a visitor.
const EARLIEST_BIRTH_YEAR: i32 = 1900;
pub const ID_NUMBER_LEN: usize = 18;

/// The check character of the first 17 digits; `None` unless `digits` is
/// exactly 17 ASCII digits.
pub fn check_character(digits: &str) -> Option<char> {
    if digits.len() != WEIGHTS.len() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = digits
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK_CODES[(sum % 11) as usize])
}

/// The number as typed with a pinyin input method folded to its stored
/// form: full-width digits and Ｘ, a lower-case x, spaces between groups.
fn fold(input: &str) -> String {
    normalize_ascii(input)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'x' | 'Ｘ' | 'ｘ' => 'X',
            _ => c,
        })
        .collect()
}

/// Checks an 18-character ID number and returns it as stored (ASCII, a
/// capital X). Empty input is `Problem::Required`: the caller decides
/// whether the field may be left out.
pub fn validate_id_number(input: &str, today: NaiveDate) -> Result<String, Problem> {
    let number = fold(input);
    if number.is_empty() {
        return Err(Problem::Required);
    }
    let bad = |fault| Err(Problem::BadIdNumber(fault));
    let well_formed = number.len() == ID_NUMBER_LEN
        && number.is_ascii()
        && number[..17].bytes().all(|b| b.is_ascii_digit())
        && matches!(number.as_bytes()[17], b'0'..=b'9' | b'X');
    if !well_formed {
        return bad(IdNumberFault::Format);
    }
    // Checked before the check digit: a wrong date says where to look.
    let born = NaiveDate::parse_from_str(&number[6..14], "%Y%m%d").ok();
    let real =
        born.is_some_and(|d| d <= today && chrono::Datelike::year(&d) >= EARLIEST_BIRTH_YEAR);
    if !real {
        return bad(IdNumberFault::BirthDate);
    }
    if check_character(&number[..17]) != number.chars().nth(17) {
        return bad(IdNumberFault::CheckDigit);
    }
    Ok(number)
}

/// Masks a stored ID number for display: the first four characters (the
/// region) and the last four, stars between: `1101**********123X`.
/// Anything shorter than expected is starred whole, so that no odd value leaks.
pub fn mask_id_number(stored: &str) -> String {
    let chars: Vec<char> = stored.chars().collect();
    match chars.len() {
        0 => String::new(),
        n if n >= 12 => {
            let head: String = chars[..4].iter().collect();
            let tail: String = chars[n - 4..].iter().collect();
            format!("{head}{}{tail}", "*".repeat(n - 8))
        }
        n => "*".repeat(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()
    }

    fn fault(input: &str) -> Option<IdNumberFault> {
        match validate_id_number(input, today()) {
            Err(Problem::BadIdNumber(f)) => Some(f),
            _ => None,
        }
    }

    #[test]
    fn valid_numbers_are_stored_in_ascii_with_a_capital_x() {
        // The standard's own example, and one ending in X.
        assert_eq!(check_character("11010519491231002"), Some('X'));
        assert_eq!(
            validate_id_number("11010519491231002X", today()),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            validate_id_number(" 11010519491231002x ", today()),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            validate_id_number("１１０１０５１９４９１２３１００２Ｘ", today()),
            Ok("11010519491231002X".into())
        );
        assert_eq!(
            validate_id_number("110105 19491231 002X", today()),
            Ok("11010519491231002X".into())
        );
        assert_eq!(check_character("44030419900101123"), Some('3'));
        assert!(validate_id_number("440304199001011233", today()).is_ok());
    }

    #[test]
    fn each_fault_is_named() {
        assert_eq!(validate_id_number("  ", today()), Err(Problem::Required));
        for wrong in [
            "11010519491231002",
            "11010519491231002X1",
            "1101051949123100XX",
            "11010519491231002Y",
            "11010519491231００２Ａ",
            "110105194912310０2甲",
        ] {
            assert_eq!(fault(wrong), Some(IdNumberFault::Format), "{wrong}");
        }
        assert_eq!(
            validate_id_number("11010519491231002ｘ", today()),
            Ok("11010519491231002X".into())
        );
        assert_eq!(fault("110105194912310021"), Some(IdNumberFault::CheckDigit));
        // 30 February, a birthday after today, a year before 1900.
        for date in ["19490230", "20261111", "18991231"] {
            let first = format!("110105{date}002");
            let number = format!("{first}{}", check_character(&first).unwrap());
            assert_eq!(fault(&number), Some(IdNumberFault::BirthDate), "{number}");
        }
        let born_today = format!("110105{}002", today().format("%Y%m%d"));
        let number = format!("{born_today}{}", check_character(&born_today).unwrap());
        assert!(validate_id_number(&number, today()).is_ok());
    }

    #[test]
    fn masking_keeps_four_at_each_end() {
        assert_eq!(mask_id_number("11010519491231002X"), "1101**********002X");
        assert_eq!(mask_id_number(""), "");
        assert_eq!(mask_id_number("12345"), "*****");
        assert!(!mask_id_number("11010519491231002X").contains("19491231"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    /// A well-formed number: region, a birth date since 1900, sequence, check.
    fn id_number() -> impl Strategy<Value = String> {
        let first = NaiveDate::from_ymd_opt(EARLIEST_BIRTH_YEAR, 1, 1).unwrap();
        let days = (NaiveDate::from_ymd_opt(2026, 11, 10).unwrap() - first).num_days();
        ("[1-8][0-9]{5}", 0..=days, "[0-9]{3}").prop_map(move |(region, day, seq)| {
            let born = first + chrono::Duration::days(day);
            let head = format!("{region}{}{seq}", born.format("%Y%m%d"));
            let check = check_character(&head).unwrap();
            format!("{head}{check}")
        })
    }

    proptest! {
        #[test]
        fn a_number_with_its_check_digit_validates(n in id_number()) {
            let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
            prop_assert_eq!(validate_id_number(&n, today), Ok(n.clone()));
            let masked = mask_id_number(&n);
            prop_assert_eq!(&masked[..4], &n[..4]);
            prop_assert_eq!(&masked[4..14], "**********");
            prop_assert_eq!(&masked[14..], &n[14..]);
        }

        #[test]
        fn any_single_changed_character_is_refused(
            n in id_number(),
            at in 0..ID_NUMBER_LEN,
            to in prop::sample::select(vec!['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']),
        ) {
            let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
            let mut chars: Vec<char> = n.chars().collect();
            prop_assume!(chars[at] != to);
            chars[at] = to;
            let changed: String = chars.into_iter().collect();
            prop_assert!(validate_id_number(&changed, today).is_err(), "{} accepted", changed);
        }

        #[test]
        fn never_panics(s in "\\PC*") {
            let today = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
            let _ = validate_id_number(&s, today);
            let _ = mask_id_number(&s);
        }
    }
}
