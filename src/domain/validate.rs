//! Field validation: each function takes what the user typed and returns the
//! cleaned value or the problem. Full-width digits (typed through a Chinese
//! input method) are accepted everywhere a number is expected.

use super::fields::{Field, FieldError, Problem};
use chrono::NaiveDate;

/// Converts full-width digits and punctuation that a pinyin input method
/// produces into their ASCII forms, and trims surrounding white space.
pub fn normalize_ascii(input: &str) -> String {
    input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '—' => '-',
            '／' => '/',
            '　' => ' ',
            _ => c,
        })
        .collect()
}

pub use super::phone::{Phone, PhoneFault, parse_phone, phone_fault};

/// Masks a stored phone number for display: `138****1234`, `0755-****5678`.
/// Anything that does not look like a phone number is masked whole but for
/// its last two characters, so that no unexpected format leaks.
pub fn mask_phone(stored: &str) -> String {
    if stored.is_empty() {
        return String::new();
    }
    match parse_phone(stored) {
        Ok(Phone::Mobile(n)) => format!("{}****{}", &n[..3], &n[7..]),
        Ok(Phone::Landline {
            area,
            local,
            extension,
        }) => {
            let ext = if extension.is_empty() {
                String::new()
            } else {
                format!("转{extension}")
            };
            format!("{area}-****{}{ext}", &local[local.len() - 4..])
        }
        Err(_) => {
            let chars: Vec<char> = stored.chars().collect();
            let keep = chars.len().min(2);
            let tail: String = chars[chars.len() - keep..].iter().collect();
            format!(
                "{}{tail}",
                "*".repeat(chars.len().saturating_sub(keep).max(2))
            )
        }
    }
}

/// Accents written as separate characters (e + ◌́, Arabic vowel signs):
/// part of a name, not symbols.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x064B..=0x065F | 0x0670
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// A person's name: 1 to 20 characters, letters (any script), `·` and spaces.
pub fn validate_person_name(field: Field, input: &str) -> Result<String, FieldError> {
    let name = input.trim();
    if name.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if name.chars().count() > 20 {
        return Err(FieldError::new(field, Problem::TooLong { max: 20 }));
    }
    let ok = name
        .chars()
        .all(|c| c.is_alphabetic() || is_combining_mark(c) || matches!(c, '·' | '•' | ' ' | '.'));
    if !ok {
        return Err(FieldError::new(field, Problem::BadName));
    }
    Ok(name.to_string())
}

/// Invisible characters that reverse the order text is shown in (a name
/// that reads differently from what it is, U+202E and kin). Refused in
/// one-line fields (names, codes); a voter's account keeps what was typed.
fn is_direction_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Free text: trimmed, within `max` characters, no control characters
/// (line breaks allowed when `multiline`).
pub fn validate_text(
    field: Field,
    input: &str,
    required: bool,
    max: usize,
    multiline: bool,
) -> Result<String, FieldError> {
    let text = input.trim();
    if text.is_empty() {
        return if required {
            Err(FieldError::new(field, Problem::Required))
        } else {
            Ok(String::new())
        };
    }
    if text.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    if text.chars().any(|c| {
        (c.is_control() && !(multiline && (c == '\n' || c == '\t')))
            || (!multiline && is_direction_override(c))
    }) {
        return Err(FieldError::new(field, Problem::ControlCharacters));
    }
    Ok(text.to_string())
}

/// A form's mistakes, collected in the order its fields are shown: each
/// check hands back a usable value, so the next field is still checked.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: Field, problem: Problem) {
        self.0.push(FieldError::new(field, problem));
    }

    /// The value, or (noting the mistake) the empty one.
    pub fn keep<T: Default>(&mut self, checked: Result<T, FieldError>) -> T {
        checked.unwrap_or_else(|e| {
            self.0.push(e);
            T::default()
        })
    }

    /// A free text field (see [`validate_text`]).
    pub fn text(
        &mut self,
        field: Field,
        input: &str,
        required: bool,
        max: usize,
        multiline: bool,
    ) -> String {
        self.keep(validate_text(field, input, required, max, multiline))
    }

    /// A value that must be there and right.
    pub fn required<T>(&mut self, field: Field, checked: Result<T, Problem>) -> Option<T> {
        checked.map_err(|problem| self.add(field, problem)).ok()
    }

    /// An optional value whose absence is no mistake.
    pub fn optional<T>(&mut self, field: Field, checked: Result<T, Problem>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(Problem::Required) => None,
            Err(problem) => {
                self.add(field, problem);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<FieldError> {
        self.0
    }
}

/// Accepts `2026-11-10`, `2026/11/10`, `20261110` and `2026年11月10日`.
pub fn parse_date(input: &str) -> Result<NaiveDate, Problem> {
    let s = normalize_ascii(input);
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let s = s.replace(['年', '月', '/', '.'], "-").replace('日', "");
    for format in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(&s, format) {
            return Ok(d);
        }
    }
    Err(Problem::BadDate)
}

/// A whole number within `min..=max`.
pub fn parse_count(input: &str, min: i64, max: i64) -> Result<i64, Problem> {
    let s = normalize_ascii(input);
    if s.is_empty() {
        return Err(Problem::Required);
    }
    let n: i64 = s.parse().map_err(|_| Problem::NotANumber)?;
    if n < min || n > max {
        return Err(Problem::OutOfRange { min, max });
    }
    Ok(n)
}

/// A station code: 2 to 12 letters, digits or hyphens, stored in capitals.
pub fn validate_station_code(input: &str) -> Result<String, FieldError> {
    let code = normalize_ascii(input).to_ascii_uppercase();
    if code.is_empty() {
        return Err(FieldError::new(Field::StationCode, Problem::Required));
    }
    let ok = (2..=12).contains(&code.len())
        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !code.starts_with('-');
    if ok {
        Ok(code)
    } else {
        Err(FieldError::new(Field::StationCode, Problem::BadStationCode))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers() {
        assert_eq!(
            parse_phone("138 1234 5678"),
            Ok(Phone::Mobile("13812345678".into()))
        );
        assert_eq!(
            parse_phone("１３８１２３４５６７８"),
            Ok(Phone::Mobile("13812345678".into()))
        );
        assert_eq!(parse_phone("12812345678"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("1381234567"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("138123456789"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("1381234567a"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("  "), Err(Problem::Required));
    }

    #[test]
    fn landlines_need_an_area_code() {
        let beijing = parse_phone("010-62345678").unwrap();
        assert_eq!(beijing.stored(), "010-62345678");
        let shenzhen = parse_phone("(0755)2345678").unwrap();
        assert_eq!(shenzhen.stored(), "0755-2345678");
        assert_eq!(parse_phone("12345678"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("0755-0123456"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("0012345678"), Err(Problem::BadPhone));
        assert_eq!(parse_phone("075512345"), Err(Problem::BadPhone));
    }

    #[test]
    fn masking() {
        assert_eq!(mask_phone("13812341234"), "138****1234");
        assert_eq!(mask_phone("010-62345678"), "010-****5678");
        assert_eq!(mask_phone("0755-2345678"), "0755-****5678");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("abc"), "**bc");
        assert!(!mask_phone("999888777666").contains("99988877"));
    }

    #[test]
    fn names() {
        assert_eq!(
            validate_person_name(Field::VisitorName, " 张三 ").unwrap(),
            "张三"
        );
        assert!(validate_person_name(Field::VisitorName, "阿依古丽·买买提").is_ok());
        assert!(validate_person_name(Field::VisitorName, "Zoe\u{0301}").is_ok());
        assert!(validate_person_name(Field::VisitorName, "سارا").is_ok());
        assert_eq!(
            validate_person_name(Field::VisitorName, "张3").unwrap_err(),
            FieldError::new(Field::VisitorName, Problem::BadName)
        );
        assert_eq!(
            validate_person_name(Field::VisitorName, "")
                .unwrap_err()
                .problem,
            Problem::Required
        );
        let long = "张".repeat(21);
        assert_eq!(
            validate_person_name(Field::VisitorName, &long)
                .unwrap_err()
                .problem,
            Problem::TooLong { max: 20 }
        );
    }

    #[test]
    fn text() {
        assert_eq!(
            validate_text(Field::Content, "  路灯坏了  ", true, 100, true).unwrap(),
            "路灯坏了"
        );
        assert_eq!(
            validate_text(Field::Content, "", true, 100, true)
                .unwrap_err()
                .problem,
            Problem::Required
        );
        assert_eq!(
            validate_text(Field::Remarks, "", false, 100, false).unwrap(),
            ""
        );
        assert!(validate_text(Field::Content, "第一行\n第二行", true, 100, true).is_ok());
        assert_eq!(
            validate_text(Field::Remarks, "a\nb", true, 100, false)
                .unwrap_err()
                .problem,
            Problem::ControlCharacters
        );
        assert_eq!(
            validate_text(Field::Content, "a\0b", true, 100, true)
                .unwrap_err()
                .problem,
            Problem::ControlCharacters
        );
        // A name that reads backwards on screen is not a name.
        for text in ["海淀\u{202E}站", "a\u{2066}b"] {
            assert_eq!(
                validate_text(Field::StationName, text, true, 40, false)
                    .unwrap_err()
                    .problem,
                Problem::ControlCharacters
            );
        }
    }

    #[test]
    fn dates() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 10).unwrap();
        for s in [
            "2026-11-10",
            "2026/11/10",
            "20261110",
            "2026年11月10日",
            "２０２６-11-10",
        ] {
            assert_eq!(parse_date(s), Ok(d), "{s}");
        }
        assert_eq!(parse_date("2026-02-30"), Err(Problem::BadDate));
        assert_eq!(parse_date(""), Err(Problem::Required));
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("5", 1, 999), Ok(5));
        assert_eq!(parse_count("５", 1, 999), Ok(5));
        assert_eq!(
            parse_count("0", 1, 999),
            Err(Problem::OutOfRange { min: 1, max: 999 })
        );
        assert_eq!(parse_count("五", 1, 999), Err(Problem::NotANumber));
    }

    #[test]
    fn station_codes() {
        assert_eq!(validate_station_code(" hd01 ").unwrap(), "HD01");
        assert!(validate_station_code("X").is_err());
        assert!(validate_station_code("联络站").is_err());
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn validators_never_panic(s in "\\PC*") {
            let _ = parse_phone(&s);
            let _ = mask_phone(&s);
            let _ = parse_date(&s);
            let _ = parse_count(&s, 1, 999);
            let _ = validate_station_code(&s);
            let _ = validate_person_name(Field::VisitorName, &s);
            if let Ok(text) = validate_text(Field::Content, &s, false, 100_000, true) {
                prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
            }
        }

        #[test]
        fn a_mobile_number_is_never_shown_whole(n in "1[3-9][0-9]{9}") {
            let phone = parse_phone(&n).unwrap();
            prop_assert_eq!(phone.stored(), n.clone());
            let masked = mask_phone(&n);
            prop_assert_eq!(&masked[..3], &n[..3]);
            prop_assert_eq!(&masked[3..7], "****");
            prop_assert_eq!(&masked[7..], &n[7..]);
        }

        #[test]
        fn landlines_keep_only_area_and_last_four(area in "0[1-9][0-9]{1,2}", local in "[2-9][0-9]{6,7}") {
            let stored = parse_phone(&format!("{area}-{local}")).map(|p| p.stored());
            if let Ok(stored) = stored {
                let masked = mask_phone(&stored);
                prop_assert!(masked.contains("****"));
                prop_assert!(masked.ends_with(&local[local.len() - 4..]));
            }
        }
    }
}
