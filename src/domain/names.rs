//! Finding a person by what a deputy types: part of the name in Chinese,
//! or its pinyin initials or spelling in Latin letters (王建国: "wjg",
//! "wang", "wangjianguo"), which is quicker than switching input methods.

use pinyin::ToPinyin;

/// The pinyin initials and the full spelling of a name, lower case.
/// Characters without a reading are kept as they are.
pub fn pinyin_keys(name: &str) -> (String, String) {
    let mut initials = String::new();
    let mut spelled = String::new();
    for c in name.chars() {
        match c.to_pinyin() {
            Some(p) => {
                initials.push_str(p.first_letter());
                spelled.push_str(p.plain());
            }
            None => {
                let lower = c.to_lowercase().to_string();
                initials.push_str(&lower);
                spelled.push_str(&lower);
            }
        }
    }
    (initials, spelled)
}

/// Whether `name` matches what was typed: a Chinese fragment anywhere in
/// the name, or Latin letters at the start of its initials or spelling.
pub fn name_matches(name: &str, query: &str) -> bool {
    let query = query.trim();
    if query.is_empty() {
        return true;
    }
    if name.contains(query) {
        return true;
    }
    if !query.chars().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    let query = query.to_ascii_lowercase();
    let (initials, spelled) = pinyin_keys(name);
    initials.starts_with(&query) || spelled.starts_with(&query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_fragments_initials_and_spelling() {
        assert!(name_matches("王建国", "建国"));
        assert!(name_matches("王建国", "wjg"));
        assert!(name_matches("王建国", "WJ"));
        assert!(name_matches("王建国", "wangjian"));
        assert!(!name_matches("王建国", "ljg"));
        assert!(!name_matches("王建国", "李"));
        assert!(name_matches("王建国", ""));
        assert_eq!(pinyin_keys("阿依古丽·买买提").0, "aygl·mmt");
    }
}
