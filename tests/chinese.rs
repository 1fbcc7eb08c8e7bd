//! The Chinese interface speaks Chinese: every Chinese screen snapshot is
//! read for Latin words, and only key names and codes may appear.

/// Key names, file format names, and pinyin initials a test typed into a filter.
const KEY_NAMES: [&str; 19] = [
    "Tab", "Enter", "Esc", "Ctrl", "Shift", "Alt", "PgUp", "PgDn", "Home", "Space", "Del", "Ins",
    "F", "Excel", "CSV", "xlsx", "csv", "wjg", "lxy",
];

/// Latin words in `text`, skipping digits-and-letters codes such as HD01.
fn latin_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect()
}

#[test]
fn chinese_screens_show_no_english() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".snap") || name.contains("_en_") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The frame follows the snapshot's header.
        let frame = text.splitn(3, "---").nth(2).unwrap_or("");
        for word in latin_words(frame) {
            // Single letters are keys (a, d, N, S, P, Y, q).
            let allowed = word.len() == 1 || KEY_NAMES.contains(&word.as_str());
            assert!(
                allowed,
                "English word {word:?} on the Chinese screen in {name}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} Chinese screens found");
}

#[test]
fn the_word_check_itself_works() {
    assert_eq!(
        latin_words("HD01-20261110 按 Enter 进入 open"),
        vec!["Enter", "open"]
    );
}
