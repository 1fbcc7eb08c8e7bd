//! Phone numbers as Chinese people write them: mobiles with or without
//! +86 / 0086 / 86, landlines with a 3- or 4-digit area code (dashes,
//! brackets or nothing between), extensions after 转, 分机 or a last dash,
//! spaces anywhere, full-width digits. One stored form: `13812345678`,
//! `010-62345678`, `0755-2345678转123`. What is wrong is said precisely.

use super::fields::Problem;
use super::validate::normalize_ascii;

/// A validated phone number in its stored form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phone {
    /// Mainland mobile, 11 digits.
    Mobile(String),
    /// Landline with area code, stored as `0755-12345678`, with `转123`
    /// for an extension.
    Landline {
        area: String,
        local: String,
        extension: String,
    },
}

impl Phone {
    pub fn stored(&self) -> String {
        match self {
            Phone::Mobile(n) => n.clone(),
            Phone::Landline {
                area,
                local,
                extension,
            } if extension.is_empty() => format!("{area}-{local}"),
            Phone::Landline {
                area,
                local,
                extension,
            } => format!("{area}-{local}转{extension}"),
        }
    }
}

/// Why a phone number was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneFault {
    /// Letters or signs that are not part of a number.
    Characters,
    /// A mobile number of the wrong length (how many digits it had).
    MobileLength(usize),
    /// A mobile number whose second digit is not 3–9.
    MobilePrefix,
    /// Seven or eight digits without an area code.
    NoAreaCode,
    /// An area code that cannot be one (00…).
    AreaCode,
    /// The number after the area code is not 7 or 8 digits, or starts with 0 or 1.
    Local,
    /// An extension that is not 1 to 6 digits, or on a mobile number.
    Extension,
    /// A country code other than +86.
    Foreign,
}

/// Separators people put inside a number.
fn is_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '(' | ')' | '（' | '）' | '.' | '·')
}

pub fn parse_phone(input: &str) -> Result<Phone, Problem> {
    check_phone(input).map_err(|fault| match fault {
        None => Problem::Required,
        Some(_) => Problem::BadPhone,
    })
}

/// Why `input` is not a phone number (None if it is one, or is empty).
pub fn phone_fault(input: &str) -> Option<PhoneFault> {
    check_phone(input).err().flatten()
}

/// The number, or why not (`Err(None)`: nothing was typed).
fn check_phone(input: &str) -> Result<Phone, Option<PhoneFault>> {
    let text = normalize_ascii(input).replace('＋', "+");
    if text.chars().all(is_separator) {
        return Err(None);
    }
    let (main, extension) = split_extension(&text).map_err(Some)?;
    let phone = plain_number(&main).map_err(Some)?;
    match (phone, extension) {
        (phone, None) => Ok(phone),
        (Phone::Landline { area, local, .. }, Some(extension)) => Ok(Phone::Landline {
            area,
            local,
            extension,
        }),
        (Phone::Mobile(_), Some(_)) => Err(Some(PhoneFault::Extension)),
    }
}

/// The number and its extension, if one is written (转 / 分机 / ext, or
/// 1–6 digits after a last dash that follows a whole landline).
fn split_extension(text: &str) -> Result<(String, Option<String>), PhoneFault> {
    let lower = text.to_lowercase();
    for word in ["转", "分机", "ext"] {
        if let Some(at) = lower.find(word) {
            let digits: String = lower[at + word.len()..]
                .chars()
                .filter(|c| !is_separator(*c) && *c != '.')
                .collect();
            let ok = (1..=6).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit());
            return if ok {
                Ok((text[..at].to_string(), Some(digits)))
            } else {
                Err(PhoneFault::Extension)
            };
        }
    }
    if let Some(at) = text.rfind('-') {
        let tail = text[at + 1..].trim();
        let short = (1..=6).contains(&tail.len()) && tail.chars().all(|c| c.is_ascii_digit());
        if short && matches!(plain_number(&text[..at]), Ok(Phone::Landline { .. })) {
            return Ok((text[..at].to_string(), Some(tail.to_string())));
        }
    }
    Ok((text.to_string(), None))
}

/// A number without extension: mobile or landline, country code allowed.
fn plain_number(text: &str) -> Result<Phone, PhoneFault> {
    let cleaned: String = text.chars().filter(|c| !is_separator(*c)).collect();
    let (international, digits) = if let Some(rest) = cleaned.strip_prefix('+') {
        (true, rest.strip_prefix("86").ok_or(PhoneFault::Foreign)?)
    } else if let Some(rest) = cleaned.strip_prefix("0086") {
        (true, rest)
    } else if cleaned.len() == 13 && cleaned.starts_with("861") {
        (true, &cleaned[2..])
    } else {
        (false, cleaned.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(PhoneFault::Characters);
    }
    // After +86 a leading 1 is a mobile only at mobile length: 10 is Beijing.
    let beijing_abroad = international && digits.starts_with("10") && digits.len() != 11;
    if digits.starts_with('1') && !beijing_abroad {
        return mobile(digits);
    }
    // Written after +86, an area code drops its leading 0 (+86 10 …).
    let national = if international && !digits.starts_with('0') {
        format!("0{digits}")
    } else {
        digits.to_string()
    };
    landline(&national)
}

fn mobile(digits: &str) -> Result<Phone, PhoneFault> {
    if digits.len() != 11 {
        return Err(PhoneFault::MobileLength(digits.len()));
    }
    if !(b'3'..=b'9').contains(&digits.as_bytes()[1]) {
        return Err(PhoneFault::MobilePrefix);
    }
    Ok(Phone::Mobile(digits.to_string()))
}

fn landline(digits: &str) -> Result<Phone, PhoneFault> {
    let bytes = digits.as_bytes();
    if bytes[0] != b'0' {
        return Err(if (7..=8).contains(&digits.len()) {
            PhoneFault::NoAreaCode
        } else {
            PhoneFault::Local
        });
    }
    if digits.len() < 3 || bytes[1] == b'0' {
        return Err(PhoneFault::AreaCode);
    }
    // 010 and 02x are three-digit area codes; every other area code has four.
    let area_len = if matches!(bytes[1], b'1' | b'2') {
        3
    } else {
        4
    };
    if digits.len() <= area_len {
        return Err(PhoneFault::Local);
    }
    let (area, local) = digits.split_at(area_len);
    if !(7..=8).contains(&local.len()) || local.starts_with(['0', '1']) {
        return Err(PhoneFault::Local);
    }
    Ok(Phone::Landline {
        area: area.to_string(),
        local: local.to_string(),
        extension: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(input: &str) -> Result<String, Option<PhoneFault>> {
        check_phone(input).map(|p| p.stored())
    }

    #[test]
    fn mobile_numbers_in_every_written_form() {
        for input in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "1381234 5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "＋86 13812345678",
            "0086 13812345678",
            "008613812345678",
            "86 138 1234 5678",
            "8613812345678",
            "(+86) 138-1234-5678",
            "１３８１２３４５６７８",
            " 138　1234　5678 ",
        ] {
            assert_eq!(stored(input), Ok("13812345678".into()), "{input}");
        }
    }

    #[test]
    fn landlines_in_every_written_form() {
        let table = [
            ("010-62345678", "010-62345678"),
            ("010 62345678", "010-62345678"),
            ("01062345678", "010-62345678"),
            ("(010)62345678", "010-62345678"),
            ("（010）62345678", "010-62345678"),
            ("(010) 6234 5678", "010-62345678"),
            ("010-6234-5678", "010-62345678"),
            ("+86 10 6234 5678", "010-62345678"),
            ("+86-10-62345678", "010-62345678"),
            ("0086 10 62345678", "010-62345678"),
            ("021-5123456", "021-5123456"),
            ("0755-2345678", "0755-2345678"),
            ("0755-82345678", "0755-82345678"),
            ("(0755)82345678", "0755-82345678"),
            ("075582345678", "0755-82345678"),
            ("０７５５－８２３４５６７８", "0755-82345678"),
            ("0571 8765 4321", "0571-87654321"),
            ("0755-82345678转123", "0755-82345678转123"),
            ("0755-82345678 转 8001", "0755-82345678转8001"),
            ("010-62345678分机12", "010-62345678转12"),
            ("010-62345678-分机12", "010-62345678转12"),
            ("010-62345678-123", "010-62345678转123"),
            ("(010)62345678-123", "010-62345678转123"),
            ("010-62345678 ext 9", "010-62345678转9"),
        ];
        for (input, want) in table {
            assert_eq!(stored(input), Ok(want.to_string()), "{input}");
            assert_eq!(
                stored(want),
                Ok(want.to_string()),
                "stored form {want} reads back"
            );
        }
    }

    #[test]
    fn what_is_wrong_is_said() {
        use PhoneFault::*;
        let table = [
            ("1381234567a", Characters),
            ("138123456", MobileLength(9)),
            ("138123456789", MobileLength(12)),
            ("12812345678", MobilePrefix),
            ("62345678", NoAreaCode),
            ("2345678", NoAreaCode),
            ("0012345678", AreaCode),
            ("0755-0123456", Local),
            ("075512345", Local),
            ("13812345678转1", Extension),
            ("010-62345678转", Extension),
            ("+1 415 555 0100", Foreign),
        ];
        for (input, fault) in table {
            assert_eq!(stored(input), Err(Some(fault)), "{input}");
            assert_eq!(parse_phone(input), Err(Problem::BadPhone), "{input}");
        }
        assert_eq!(stored(" - "), Err(None));
    }
}
