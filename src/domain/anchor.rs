//! The audit chain's anchor: a short code a person can keep on paper (the
//! newest entry's number and the first 12 hex digits of its hash, such as
//! `1227-3F9A0C5D21B7`). With the code on the signed digest, even a
//! rewrite of the whole database file is caught: the rewritten chain
//! cannot reproduce the hash written down.

/// How many hex digits of the hash the code keeps: 48 bits, enough that a
/// forger cannot find a matching entry by trying.
pub const HASH_DIGITS: usize = 12;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    pub seq: i64,
    /// Upper-case hex, `HASH_DIGITS` long.
    pub hash_prefix: String,
}

impl Anchor {
    /// The anchor of the entry `seq` whose hash is `hash` (hex).
    pub fn of(seq: i64, hash: &str) -> Anchor {
        Anchor {
            seq,
            hash_prefix: hash
                .chars()
                .take(HASH_DIGITS)
                .collect::<String>()
                .to_uppercase(),
        }
    }

    /// `1227-3F9A0C5D21B7`.
    pub fn code(&self) -> String {
        format!("{}-{}", self.seq, self.hash_prefix)
    }

    /// Reads a code as people copy it: spaces ignored, any letter case,
    /// a full-width dash accepted. `None` when it is not a code.
    pub fn parse(code: &str) -> Option<Anchor> {
        let code: String = code
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| {
                if matches!(c, '－' | '—' | '–') {
                    '-'
                } else {
                    c
                }
            })
            .collect();
        let (seq, hash) = code.split_once('-')?;
        let seq: i64 = seq.parse().ok().filter(|n| *n > 0)?;
        let hex_ok = hash.len() == HASH_DIGITS && hash.chars().all(|c| c.is_ascii_hexdigit());
        hex_ok.then(|| Anchor {
            seq,
            hash_prefix: hash.to_uppercase(),
        })
    }

    /// Whether the entry's full hash is the one this anchor names.
    pub fn matches(&self, hash: &str) -> bool {
        hash.len() >= HASH_DIGITS && hash[..HASH_DIGITS].eq_ignore_ascii_case(&self.hash_prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_the_number_and_twelve_hex_digits() {
        let a = Anchor::of(1227, "3f9a0c5d21b7aa00ff");
        assert_eq!(a.code(), "1227-3F9A0C5D21B7");
        assert_eq!(Anchor::parse("1227-3f9a0c5d21b7"), Some(a.clone()));
        assert_eq!(Anchor::parse(" 1227 － 3F9A 0C5D 21B7 "), Some(a.clone()));
        assert!(a.matches("3F9A0C5D21B7ffff"));
        assert!(!a.matches("3F9A0C5D21B8ffff"));
        assert!(!a.matches("3F9A"));
    }

    #[test]
    fn what_is_not_a_code_is_refused() {
        for bad in [
            "",
            "1227",
            "1227-3F9A",
            "x-3F9A0C5D21B7",
            "0-3F9A0C5D21B7",
            "1227-3F9A0C5D21BZ",
        ] {
            assert_eq!(Anchor::parse(bad), None, "{bad}");
        }
    }
}
