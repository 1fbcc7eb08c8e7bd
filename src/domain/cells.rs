//! Spreadsheet cells written to and read from CSV files. A cell that
//! starts with a formula character would run as a formula in Excel or
//! WPS (CSV injection): the export writes it with a leading `'`, shown as
//! text, and the import takes the `'` off again.

/// Characters a spreadsheet acts on at the start of a cell.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as a spreadsheet must show it: as text, never as a formula.
pub fn neutralise_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The cell as it was before `neutralise_formula`.
pub fn restore_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_written_as_text_and_read_back_whole() {
        for cell in [
            "=1+1",
            "+86 138",
            "-5",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "=HYPERLINK(\"x\")",
        ] {
            let written = neutralise_formula(cell);
            assert_eq!(written, format!("'{cell}"));
            assert_eq!(restore_formula(&written), cell);
        }
        for cell in ["张三", "138 0013 8000", "'quoted", "", "a=b"] {
            assert_eq!(neutralise_formula(cell), cell);
            assert_eq!(restore_formula(cell), cell);
        }
    }
}
