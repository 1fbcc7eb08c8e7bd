//! Search keys for Chinese text. SQLite's trigram index cannot find the
//! two-character words Chinese is full of (路灯, 张三), so every text is
//! indexed as its overlapping pairs of characters: 路灯坏了 → 路灯 灯坏 坏了.
//! A query becomes the phrase of its own pairs, which matches exactly the
//! texts that contain it; a one-character query matches pairs that start
//! with it (the last character of each text is indexed alone for that).

/// Letters and digits only, lower case: punctuation and spaces never
/// decide a match, so `HD01-20261110-003` is found by `20261110003`.
fn normalized(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

/// The index form of a text: its pairs, and its last character alone.
pub fn index_tokens(text: &str) -> String {
    let chars = normalized(text);
    let mut out = String::with_capacity(chars.len() * 7);
    for pair in chars.windows(2) {
        out.push(pair[0]);
        out.push(pair[1]);
        out.push(' ');
    }
    if let Some(last) = chars.last() {
        out.push(*last);
    }
    out
}

/// The index form of several fields, kept apart so that no pair spans two.
pub fn index_fields(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| index_tokens(f))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Fields in the form a plain substring search matches as the index
/// does (a hub's 督办 list, which keeps no pair index): each normalized,
/// kept apart by a character no normalized query contains.
pub fn substring_fields(fields: &[&str]) -> String {
    fields
        .iter()
        .map(|f| normalized(f).into_iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("|")
}

/// What the user typed, in the form `substring_fields` is searched with.
pub fn substring_query(query: &str) -> String {
    normalized(query).into_iter().collect()
}

/// The FTS5 query for what the user typed, or None if there is nothing
/// to search for.
pub fn match_expression(query: &str) -> Option<String> {
    let chars = normalized(query);
    match chars.len() {
        0 => None,
        1 => Some(format!("\"{}\"*", chars[0])),
        _ => {
            let pairs: Vec<String> = chars.windows(2).map(|p| p.iter().collect()).collect();
            Some(format!("\"{}\"", pairs.join(" ")))
        }
    }
}

/// Where the query occurs in `text`, as char ranges, for highlighting.
/// Matching ignores punctuation and case like the index does.
pub fn highlight_ranges(text: &str, query: &str) -> Vec<(usize, usize)> {
    let needle = normalized(query);
    if needle.is_empty() {
        return Vec::new();
    }
    // Map normalized positions back to positions in the original text.
    let mut kept: Vec<(usize, char)> = Vec::new();
    for (i, c) in text.chars().enumerate() {
        if c.is_alphanumeric() {
            for lower in c.to_lowercase() {
                kept.push((i, lower));
            }
        }
    }
    let mut ranges = Vec::new();
    let mut i = 0;
    while i + needle.len() <= kept.len() {
        if kept[i..i + needle.len()]
            .iter()
            .map(|(_, c)| *c)
            .eq(needle.iter().copied())
        {
            ranges.push((kept[i].0, kept[i + needle.len() - 1].0 + 1));
            i += needle.len();
        } else {
            i += 1;
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_and_the_last_character() {
        assert_eq!(index_tokens("路灯坏了"), "路灯 灯坏 坏了 了");
        assert_eq!(index_tokens("张三"), "张三 三");
        assert_eq!(index_tokens("，。"), "");
        assert_eq!(index_tokens("HD01-003"), "hd d0 01 10 00 03 3");
        assert_eq!(index_fields(&["张三", "", "路灯"]), "张三 三 路灯 灯");
    }

    #[test]
    fn substring_form_matches_within_one_field() {
        let text = substring_fields(&["HD01-003", "路灯，坏了", "张某"]);
        assert_eq!(text, "hd01003|路灯坏了|张某");
        assert!(text.contains(&substring_query("灯坏")));
        assert!(text.contains(&substring_query("hd01 003")));
        // No match spans two fields, as with the index.
        assert!(!text.contains(&substring_query("了张")));
    }

    #[test]
    fn queries() {
        assert_eq!(match_expression("路"), Some("\"路\"*".into()));
        assert_eq!(match_expression("路灯"), Some("\"路灯\"".into()));
        assert_eq!(
            match_expression("公交车站"),
            Some("\"公交 交车 车站\"".into())
        );
        assert_eq!(match_expression(" ，"), None);
        assert_eq!(match_expression("1234"), Some("\"12 23 34\"".into()));
    }

    #[test]
    fn highlights() {
        assert_eq!(
            highlight_ranges("村口路灯坏了，路灯", "路灯"),
            vec![(2, 4), (7, 9)]
        );
        assert_eq!(
            highlight_ranges("HD01-20261110-003", "10003"),
            vec![(11, 17)]
        );
        assert!(highlight_ranges("abc", "").is_empty());
    }
}
