//! How a visitor's personal details appear where they are kept for good
//! (the append-only audit log): masked, so that purging the register after
//! the retention period leaves nothing that names the visitor.

use super::fields::Field;
use super::validate::mask_phone;

/// `赵大妈` → `赵**`: the family name only, one star for each other character.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => std::iter::once(first)
            .chain(chars.filter(|c| !c.is_whitespace()).map(|_| '*'))
            .collect(),
        None => String::new(),
    }
}

/// An address down to its first four characters (about the town or
/// street, as public output may show it).
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.trim().chars().collect();
    if chars.len() <= 4 {
        return chars.iter().collect();
    }
    let head: String = chars[..4].iter().collect();
    format!("{head}…")
}

/// A value of `field` as the audit log records it.
pub fn for_log(field: Field, value: &str) -> String {
    if value.is_empty() {
        return String::new();
    }
    match field {
        Field::Phone => mask_phone(value),
        Field::VisitorName => mask_name(value),
        Field::Address => mask_address(value),
        Field::IdNumber => super::id_number::mask_id_number(value),
        _ => value.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_family_name_only() {
        assert_eq!(mask_name("赵大妈"), "赵**");
        assert_eq!(mask_name("欧阳 修"), "欧**");
        assert_eq!(mask_name("李"), "李");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn addresses_keep_their_start() {
        assert_eq!(mask_address("北太平庄社区3号楼2单元"), "北太平庄…");
        assert_eq!(mask_address("海淀"), "海淀");
    }

    #[test]
    fn the_log_masks_personal_fields_only() {
        assert_eq!(for_log(Field::Phone, "13812341234"), "138****1234");
        assert_eq!(for_log(Field::VisitorName, "赵大妈"), "赵**");
        assert_eq!(for_log(Field::Content, "路灯不亮"), "路灯不亮");
        assert_eq!(
            for_log(Field::IdNumber, "11010519491231002X"),
            "1101**********002X"
        );
    }
}
