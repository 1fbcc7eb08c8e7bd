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
    assert_eq!(
        english_in("参数：--output <文件>, -o 或 Usage"),
        vec!["Usage"]
    );
}

/// Words the Chinese interface may show: key and format names, the
/// program's own commands, options and their values, codes it asks for.
const COMMAND_WORDS: [&str; 58] = [
    "ldb",
    "liaison",
    "bundle",
    "hub",
    "forget",
    "refresh",
    "audit",
    "verify",
    "anchor",
    "WPS",
    "xls",
    "et",
    "ods",
    "GBK",
    "other",
    "station",
    "purge",
    "desk",
    "LIAISON",
    "DESK",
    "PIN",
    "DB",
    "duty",
    "record",
    "init",
    "demo",
    "check",
    "report",
    "export",
    "import",
    "backup",
    "backups",
    "restore",
    "reception",
    "receptions",
    "handling",
    "activities",
    "study",
    "duty_record",
    "roster",
    "text",
    "json",
    "default",
    "light",
    "high",
    "contrast",
    "themes",
    "zh",
    "en",
    "UTF",
    "BOM",
    "dry",
    "run",
    "db",
    "theme",
    "lang",
    "user",
    "full",
];

fn allowed(word: &str) -> bool {
    word.len() == 1 || KEY_NAMES.contains(&word) || COMMAND_WORDS.contains(&word)
}

/// The English words left in `text` once options (`--full`, `-o`) are set aside.
fn english_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        let starts_option = chars[i] == '-'
            && chars
                .get(i + 1)
                .is_some_and(|c| *c == '-' || c.is_ascii_alphabetic())
            && (i == 0 || !chars[i - 1].is_ascii_alphanumeric());
        if starts_option {
            while i < chars.len() && (chars[i] == '-' || chars[i].is_ascii_alphanumeric()) {
                i += 1;
            }
            kept.push(' ');
        } else {
            kept.push(chars[i]);
            i += 1;
        }
    }
    latin_words(&kept)
        .into_iter()
        .filter(|w| !allowed(w))
        .collect()
}

#[test]
fn the_chinese_string_table_has_no_english() {
    let source = include_str!("../src/i18n/zh.rs");
    let mut english = Vec::new();
    let mut strings = 0;
    // Every literal between double quotes (the table has no escaped quotes).
    for (i, literal) in source.split('"').enumerate() {
        if i % 2 == 1 {
            strings += 1;
            for word in english_in(literal) {
                english.push(format!("{word} in {literal:?}"));
            }
        }
    }
    assert!(strings > 400, "only {strings} strings read");
    // Codes the program stores (matched by the tables, never shown).
    english.retain(|e| !e.contains(" in \"") || !is_code_literal(e));
    assert!(
        english.is_empty(),
        "English in the Chinese table:\n{}",
        english.join("\n")
    );
}

/// A literal that is a stored code (`reception`, `day.sign_off`), not words.
fn is_code_literal(entry: &str) -> bool {
    let literal = entry.split(" in ").nth(1).unwrap_or("").trim_matches('"');
    literal
        .chars()
        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
}

#[test]
fn the_command_line_speaks_chinese() {
    let bin = env!("CARGO_BIN_EXE_liaison-desk");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(args)
            .env_remove("LIAISON_DESK_PIN")
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let mut said = vec![run(&["--help"])];
    for command in [
        "init", "demo", "check", "audit", "report", "export", "import", "backup", "restore",
        "bundle", "hub",
    ] {
        said.push(run(&[command, "--help"]));
    }
    // Mistakes: a missing argument, a wrong value, unknown words.
    said.push(run(&["export", "reception"]));
    said.push(run(&["report", "--day", "2026-11-10", "--format", "pdf"]));
    said.push(run(&["frob"]));
    said.push(run(&["check", "--bogus"]));
    // What the user typed is echoed back as typed.
    let typed = ["pdf", "frob", "bogus"];
    for text in &said {
        let mut english = english_in(text);
        english.retain(|w| !typed.contains(&w.as_str()));
        assert!(english.is_empty(), "English {english:?} in:\n{text}");
    }
    assert!(said[0].contains("用法：liaison-desk"), "{}", said[0]);
    assert!(said[12].contains("缺少必须填写的参数"), "{}", said[10]);
}
