//! The table every list screen draws with: ratatui's `Table` and
//! `TableState` over the rows in view, a header, the selection kept in
//! view, paging by the rows shown, and sideways scrolling that holds the
//! first column in place.

use super::list_nav::{self, Reach};
use super::wrap::{pad, str_width, truncate};
use crate::ui::keys;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Cell, Row, Table, TableState};

/// Which row is selected and which rows are in view.
#[derive(Debug, Clone, Default)]
pub struct TableView {
    selected: usize,
    /// The first row in view.
    first: usize,
    /// Body rows shown at the last frame: a page for PgUp and PgDn.
    page: usize,
    /// The first column shown after the one held in place.
    column: usize,
    /// Spaces between columns: none where cells carry their own.
    spacing: u16,
}

impl TableView {
    pub fn new() -> Self {
        Self::with_page(10)
    }

    /// A table that expects `page` rows in view before it is first drawn
    /// (so that a list read page by page reads enough at once).
    pub fn with_page(page: usize) -> Self {
        Self {
            page,
            spacing: 1,
            ..Self::default()
        }
    }

    /// Cells laid end to end: each carries its own separator (see [`cut_row`]).
    pub fn joined(mut self) -> Self {
        self.spacing = 0;
        self
    }

    /// Scrolls so that the selection is in view at the last page size.
    pub fn keep_in_view(&mut self) {
        let page = self.page();
        if self.selected < self.first {
            self.first = self.selected;
        } else if self.selected >= self.first + page {
            self.first = self.selected + 1 - page;
        }
    }

    /// The rows in view, of `len`.
    pub fn window(&self, len: usize) -> std::ops::Range<usize> {
        self.first.min(len)..(self.first + self.page()).min(len)
    }

    /// The first column shown after the held first column.
    pub fn column(&self) -> usize {
        self.column
    }

    /// ← and → scroll the columns after the first, of `columns`; true if
    /// `key` was one of them.
    pub fn sideways(&mut self, key: &KeyEvent, columns: usize) -> bool {
        if keys::LEFT.matches(key) {
            self.column = self.column.saturating_sub(1);
        } else if keys::RIGHT.matches(key) {
            self.column = (self.column + 1).min(columns.saturating_sub(2));
        } else {
            return false;
        }
        true
    }

    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Selects row `index` (clamped to the rows there are when drawn).
    pub fn select(&mut self, index: usize) {
        self.selected = index;
    }

    /// Back to the first row (a new list).
    pub fn reset(&mut self) {
        self.selected = 0;
        self.first = 0;
    }

    pub fn page(&self) -> usize {
        self.page.max(1)
    }

    /// Where a moving key asks the selection to go, unclamped (see
    /// [`list_nav::target`]); for lists that load more rows on demand.
    pub fn target(&self, key: &KeyEvent, reach: Reach, len: usize) -> Option<usize> {
        list_nav::target(key, reach, self.selected, len, self.page())
    }

    /// Moves the selection for a moving key; true if `key` was one.
    pub fn navigate(&mut self, key: &KeyEvent, reach: Reach, len: usize) -> bool {
        let page = self.page();
        list_nav::navigate(key, reach, &mut self.selected, len, page)
    }

    /// Draws the header and the rows in view; `row(i, selected)` makes row
    /// `i` (in the selection's style when `selected`).
    pub fn render<'a>(
        &mut self,
        f: &mut Frame,
        area: Rect,
        header: Row<'a>,
        widths: &[Constraint],
        len: usize,
        mut row: impl FnMut(usize, bool) -> Row<'a>,
    ) {
        let body = area.height.saturating_sub(1) as usize;
        self.page = body.max(1);
        self.selected = self.selected.min(len.saturating_sub(1));
        self.keep_in_view();
        let end = (self.first + body).min(len);
        let rows: Vec<Row> = (self.first..end)
            .map(|i| row(i, i == self.selected))
            .collect();
        // The rows are only those in view, so the state's offset is 0.
        let mut state = TableState::default().with_selected(
            (self.first..end)
                .contains(&self.selected)
                .then(|| self.selected - self.first),
        );
        // Columns clipped to nothing take no room, not even their spacing.
        let mut widths = widths.to_vec();
        while matches!(widths.last(), Some(Constraint::Length(0))) {
            widths.pop();
        }
        let table = Table::new(rows, widths)
            .header(header)
            .column_spacing(self.spacing);
        f.render_stateful_widget(table, area, &mut state);
    }
}

/// A cell of at most `width` columns, cut with … as a padded line was.
pub fn cell<'a>(text: &str, width: u16) -> Cell<'a> {
    Cell::from(truncate(text, width as usize))
}

/// A row of cells cut to their widths, in one style.
pub fn text_row<'a>(cells: &[&str], widths: &[u16], style: Style) -> Row<'a> {
    let cells: Vec<Cell> = cells
        .iter()
        .zip(widths)
        .map(|(text, &w)| cell(text, w))
        .collect();
    Row::new(cells).style(style)
}

/// Cuts one row's cells, laid end to end with no spacing (each
/// `widths[k]` wide, the last as wide as its text), to `width` the way one
/// padded line was cut: a row longer than `width` ends with … at the edge.
pub fn cut_row(cells: &[String], widths: &[u16], width: u16) -> Vec<String> {
    let width = width as usize;
    let last = cells.len().saturating_sub(1);
    let natural: Vec<usize> = (0..cells.len())
        .map(|k| match widths.get(k) {
            Some(&w) if k < last => w as usize,
            _ => str_width(&cells[k]),
        })
        .collect();
    let total: usize = natural.iter().sum();
    let mut start = 0;
    let mut out = Vec::with_capacity(cells.len());
    for (k, text) in cells.iter().enumerate() {
        let w = natural[k];
        let padded = if k < last { pad(text, w) } else { text.clone() };
        let end = start + w;
        if start >= width {
            out.push(String::new());
        } else if end < width || (end == width && total == width) {
            out.push(padded);
        } else {
            // The edge: the rest of the line is longer than the room.
            out.push(truncate(&format!("{padded} "), width - start));
        }
        start = end;
    }
    out
}

/// The column widths [`cut_row`] lays out in `width`: each fixed column
/// while there is room (the one at the edge cut), the last takes the rest.
pub fn cut_widths(widths: &[u16], width: u16) -> Vec<u16> {
    let mut left = width;
    let mut out: Vec<u16> = widths
        .iter()
        .map(|&w| {
            let shown = w.min(left);
            left -= shown;
            shown
        })
        .collect();
    out.push(left);
    out
}

/// Which columns fit in `width`, scrolled sideways by `column`: the first
/// column always, then from column `column + 1` on as many as fit (at
/// least one, even if cut). Each column is followed by one space.
pub fn fit_columns(widths: &[u16], column: usize, width: u16) -> Vec<usize> {
    let Some(first) = widths.first() else {
        return Vec::new();
    };
    let mut shown = vec![0];
    let mut used = *first as usize + 1;
    for (i, &w) in widths.iter().enumerate().skip(1 + column) {
        if used + w as usize + 1 > width as usize && shown.len() > 1 {
            break;
        }
        shown.push(i);
        used += w as usize + 1;
    }
    shown
}

/// The widths actually drawn for columns of `widths` in `width`: each as
/// asked while there is room, the one at the edge cut, none after it.
pub fn clip_widths(widths: &[u16], width: u16) -> Vec<u16> {
    let mut left = width;
    widths
        .iter()
        .map(|&w| {
            let shown = w.min(left);
            left = left.saturating_sub(shown + 1);
            shown
        })
        .collect()
}

/// Widths from `least` grown toward `wanted`, column by column in order,
/// while the `room` they share lasts: what the content asks for, as far
/// as it fits.
pub fn grow_widths(least: &[u16], wanted: &[u16], room: u16) -> Vec<u16> {
    let mut spare = room.saturating_sub(least.iter().sum());
    least
        .iter()
        .zip(wanted)
        .map(|(&l, &w)| {
            let give = w.saturating_sub(l).min(spare);
            spare -= give;
            l + give
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_grow_toward_their_content_while_the_room_lasts() {
        assert_eq!(grow_widths(&[6, 8, 10], &[6, 12, 20], 100), [6, 12, 20]);
        assert_eq!(grow_widths(&[6, 8, 10], &[6, 12, 20], 30), [6, 12, 12]);
        // Too little room: nothing grows, nothing shrinks below its least.
        assert_eq!(grow_widths(&[6, 8, 10], &[6, 12, 20], 10), [6, 8, 10]);
        assert_eq!(grow_widths(&[6, 8], &[4, 8], 50), [6, 8]);
    }

    #[test]
    fn holds_the_first_column_and_fills_the_width() {
        let widths = [10, 8, 8, 8];
        assert_eq!(fit_columns(&widths, 0, 30), vec![0, 1, 2]);
        assert_eq!(fit_columns(&widths, 1, 30), vec![0, 2, 3]);
        // The first column and one more, even when the second is cut.
        assert_eq!(fit_columns(&widths, 0, 12), vec![0, 1]);
    }

    #[test]
    fn a_long_row_ends_with_an_ellipsis_at_the_edge() {
        let cells = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        // 4 + 4 + "details" in 10: cut inside the last cell.
        let row = cut_row(&cells(&["ab ", "cd ", "details"]), &[4, 4], 10);
        assert_eq!(row, ["ab  ", "cd  ", "d…"]);
        // A row that ends exactly at the edge is not cut...
        assert_eq!(cut_row(&cells(&["ab ", "cd"]), &[4], 6), ["ab  ", "cd"]);
        // ...but one that goes on is, in the cell at the edge.
        let row = cut_row(&cells(&["abc ", "def ", "x"]), &[4, 4], 8);
        assert_eq!(row, ["abc ", "def…", ""]);
        assert_eq!(cut_widths(&[4, 4], 10), vec![4, 4, 2]);
        assert_eq!(cut_widths(&[4, 4], 6), vec![4, 2, 0]);
    }

    #[test]
    fn clips_at_the_edge() {
        assert_eq!(clip_widths(&[7, 19, 12], 30), vec![7, 19, 2]);
        assert_eq!(clip_widths(&[7, 19, 12], 20), vec![7, 12, 0]);
    }
}
