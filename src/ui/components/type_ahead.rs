//! Typing on a choice row: what a deputy types picks the first option whose
//! words, or pinyin initials or spelling, start with it (`男`, `dh` → 电话),
//! so that nothing typed there is silently dropped.

use crate::domain::names::pinyin_keys;

/// The first option that starts with `typed` (Chinese), or whose pinyin
/// initials or spelling start with it (Latin letters, any case).
pub fn find(options: &[&str], typed: &str) -> Option<usize> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    let latin = typed.chars().all(|c| c.is_ascii_alphabetic());
    let lower = typed.to_ascii_lowercase();
    options.iter().position(|option| {
        if option.starts_with(typed) {
            return true;
        }
        if !latin {
            return false;
        }
        let (initials, spelled) = pinyin_keys(option);
        initials.starts_with(&lower) || spelled.starts_with(&lower)
    })
}

/// The characters typed on one choice row so far (an input method sends a
/// word one character at a time).
#[derive(Debug, Clone, Default)]
pub struct TypeAhead {
    typed: String,
}

impl TypeAhead {
    /// Adds a typed character; the option it picks. After a miss the
    /// character alone is tried, as the start of a new word.
    pub fn push(&mut self, c: char, options: &[&str]) -> Option<usize> {
        self.typed.push(c);
        if let Some(i) = find(options, &self.typed) {
            return Some(i);
        }
        self.typed = c.to_string();
        let found = find(options, &self.typed);
        if found.is_none() {
            self.typed.clear();
        }
        found
    }

    pub fn reset(&mut self) {
        self.typed.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHANNELS: [&str; 4] = ["进站接待", "走访", "电话", "网络"];

    #[test]
    fn words_and_initials_pick_an_option() {
        assert_eq!(find(&CHANNELS, "电"), Some(2));
        assert_eq!(find(&CHANNELS, "dh"), Some(2));
        assert_eq!(find(&CHANNELS, "WL"), Some(3));
        assert_eq!(find(&CHANNELS, "x"), None);
    }

    #[test]
    fn characters_typed_one_by_one_narrow_then_start_again() {
        let mut t = TypeAhead::default();
        assert_eq!(t.push('z', &CHANNELS), Some(1));
        assert_eq!(t.push('f', &CHANNELS), Some(1));
        assert_eq!(t.push('w', &CHANNELS), Some(3), "zfw misses: w alone");
        assert_eq!(t.push('q', &CHANNELS), None);
    }
}
