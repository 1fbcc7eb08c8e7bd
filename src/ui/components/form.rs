//! Drawing one labelled row of a form: the label, the value, and the
//! problem with it right beside, so the user sees what to fix where.

use super::wrap::{pad, str_width};
use crate::ui::View;
use crate::ui::keys;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Columns given to labels, so that the values line up.
pub const LABEL_WIDTH: u16 = 22;

/// The label column; returns the area left for the value.
pub fn label(
    f: &mut Frame,
    area: Rect,
    text: &str,
    focused: bool,
    invalid: bool,
    v: &View,
) -> Rect {
    let style = if invalid {
        v.theme.invalid
    } else if focused {
        v.theme.focus
    } else {
        v.theme.text
    };
    let marker = if focused { "▶ " } else { "  " };
    let width = LABEL_WIDTH.min(area.width);
    let shown = pad(&format!("{marker}{text}"), width as usize);
    f.render_widget(
        Paragraph::new(Span::styled(shown, style)),
        Rect {
            width,
            height: 1,
            ..area
        },
    );
    Rect {
        x: area.x + width,
        width: area.width - width,
        ..area
    }
}

/// Lines a row of choices takes at `width` (see `choices`).
pub fn choices_height(options: &[String], width: u16) -> u16 {
    let mut lines = 1;
    let mut used = 0;
    for option in options {
        let w = str_width(option) + 3;
        if used + w > width as usize && used > 0 {
            lines += 1;
            used = 0;
        }
        used += w;
    }
    lines
}

/// A row of choices with the chosen one in brackets and highlighted:
/// `[男]  女  未说明`. Brackets keep it readable without colour.
pub fn choices(
    f: &mut Frame,
    area: Rect,
    options: &[&str],
    chosen: Option<usize>,
    focused: bool,
    v: &View,
) {
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut used = 0;
    for (i, option) in options.iter().enumerate() {
        let on = chosen == Some(i);
        let text = if on {
            format!("[{option}]")
        } else {
            format!(" {option} ")
        };
        let style = match (on, focused) {
            (true, true) => v.theme.selection,
            (true, false) => v.theme.focus,
            _ => v.theme.text,
        };
        let w = str_width(&text) + 1;
        if used + w > area.width as usize && !current.is_empty() {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        used += w;
        current.push(Span::styled(text, style));
        current.push(Span::raw(" "));
    }
    lines.push(Line::from(current));
    f.render_widget(Paragraph::new(lines), area);
}

/// A tick box: `[✓] 匿名`.
pub fn checkbox(f: &mut Frame, area: Rect, text: &str, on: bool, focused: bool, v: &View) {
    let style = if focused { v.theme.focus } else { v.theme.text };
    let mark = if on { "[✓]" } else { "[ ]" };
    f.render_widget(
        Paragraph::new(Span::styled(format!("{mark} {text}"), style)),
        area,
    );
}

/// A short line of muted or warning text under a field.
pub fn note(f: &mut Frame, area: Rect, text: &str, style: Style) {
    f.render_widget(Paragraph::new(Span::styled(text.to_string(), style)), area);
}

/// A field's mistakes, one a line in the column of `value` from row `y`
/// down to `bottom`; returns the rows used.
pub fn error_notes(
    f: &mut Frame,
    value: Rect,
    y: u16,
    bottom: u16,
    lines: &[String],
    v: &View,
) -> u16 {
    let mut used = 0;
    for line in lines {
        if y + used >= bottom {
            break;
        }
        let row = Rect {
            y: y + used,
            height: 1,
            ..value
        };
        note(f, row, line, v.theme.invalid);
        used += 1;
    }
    used
}

/// A value chosen from a pop-up list: the choice with ▾, or a muted
/// prompt to press Enter while nothing is chosen.
pub fn picked(f: &mut Frame, area: Rect, chosen: &str, focused: bool, v: &View) {
    if chosen.is_empty() {
        note(
            f,
            area,
            &format!("〈{} {}〉", v.t.hint_choose, keys::ENTER.name(v.t)),
            v.theme.muted,
        );
    } else {
        let style = if focused { v.theme.focus } else { v.theme.text };
        note(f, area, &format!("{chosen}  ▾"), style);
    }
}

/// The button that ends a form: `[ 保存 · Ctrl+S ]`.
pub fn save_button(f: &mut Frame, area: Rect, focused: bool, v: &View) {
    let style = if focused {
        v.theme.selection
    } else {
        v.theme.ok
    };
    let area = Rect {
        x: area.x + 2,
        width: area.width.saturating_sub(2),
        height: 1,
        ..area
    };
    note(
        f,
        area,
        &format!("[ {} · {} ]", v.t.hint_save, keys::SAVE.name(v.t)),
        style,
    );
}
