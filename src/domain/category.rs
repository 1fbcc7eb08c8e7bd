//! The default categories of matters; a station edits its own list in settings.

pub const DEFAULT_CATEGORIES: [&str; 16] = [
    "城乡建设与住房",
    "交通出行",
    "市政公用",
    "物业与社区管理",
    "生态环境",
    "农业农村",
    "教育",
    "医疗卫生",
    "社会保障与就业",
    "民政与养老助残",
    "社会治安与矛盾纠纷",
    "市场监管",
    "文化体育",
    "经济发展",
    "法治与政务服务",
    "其他",
];

/// Cleans an edited category list: trims, drops empty lines and repeats,
/// keeps the order. An empty result falls back to the defaults.
pub fn clean_category_list(lines: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines.lines() {
        let name = line.trim();
        if !name.is_empty() && !out.iter().any(|c| c == name) {
            out.push(name.to_string());
        }
    }
    if out.is_empty() {
        DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning_keeps_order_and_drops_repeats() {
        assert_eq!(
            clean_category_list(" 教育\n\n交通出行\n教育\n"),
            vec!["教育", "交通出行"]
        );
        assert_eq!(clean_category_list("\n").len(), 16);
    }
}
