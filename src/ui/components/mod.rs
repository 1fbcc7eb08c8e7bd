//! Reusable pieces of the interface.

pub mod attendance;
pub mod confirm;
pub mod draft;
pub mod field_list;
pub mod form;
pub mod list_nav;
pub mod multi_picker;
pub mod period;
pub mod picker;
pub mod progress;
pub mod reason;
pub mod table;
pub mod text_input;
pub mod type_ahead;
pub mod wrap;

use crate::ui::{Hint, View};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// A bordered box titled ` title `; returns the inside, one column in from
/// each border so that text does not touch it.
pub fn panel(f: &mut Frame, area: Rect, title: &str, border: Style, v: &View) -> Rect {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(border)
        .title(Span::styled(format!(" {title} "), v.theme.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    }
}

/// A rectangle of at most `width`×`height` centred in `area`.
pub fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    }
}

/// The hint spans for a list of keys: `[Tab] 下一项  [Esc] 返回 …`.
pub fn hint_spans<'a>(hints: &[Hint], v: &View) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    for h in hints {
        spans.push(Span::styled(format!(" {} ", h.key), v.theme.key));
        spans.push(Span::styled(format!(" {}  ", h.label), v.theme.text));
    }
    spans
}

/// Lays hints out over as many lines as they need at `width`.
pub fn hint_lines<'a>(hints: &[Hint], width: u16, v: &View) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let mut current: Vec<Span> = Vec::new();
    let mut used = 0usize;
    for h in hints {
        let spans = hint_spans(std::slice::from_ref(h), v);
        let w: usize = spans.iter().map(|s| wrap::str_width(&s.content)).sum();
        if used + w > width as usize && !current.is_empty() {
            lines.push(Line::from(std::mem::take(&mut current)));
            used = 0;
        }
        current.extend(spans);
        used += w;
    }
    if !current.is_empty() {
        lines.push(Line::from(current));
    }
    lines
}

/// A bordered pop-up with a title and wrapped text lines.
pub fn popup(f: &mut Frame, area: Rect, title: &str, body: &[Line], v: &View) -> Rect {
    let width = area.width.clamp(20, 64);
    let inner_width = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = Vec::new();
    for line in body {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let style = line.spans.first().map(|s| s.style).unwrap_or(v.theme.text);
        for part in wrap::wrap_text(&text, inner_width) {
            lines.push(Line::styled(part, style));
        }
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let inner = popup_box(f, area, width, height, title, v);
    let rect = centered(area, width, height);
    let inner = Rect {
        x: inner.x + 1,
        width: inner.width.saturating_sub(2),
        ..inner
    };
    f.render_widget(Paragraph::new(lines).style(v.theme.text), inner);
    rect
}

/// Clears `rect` for a pop-up, first blanking any wide character that
/// straddles its left or right edge: a terminal would otherwise keep the
/// half outside and swallow the border drawn over the other half, so the
/// text beneath runs into the pop-up. Every pop-up clears through here.
pub fn clear_popup(f: &mut Frame, rect: Rect) {
    blank_split_wide(f.buffer_mut(), rect);
    f.render_widget(Clear, rect);
}

/// Blanks the wide characters cut by the vertical edges of `rect`.
pub fn blank_split_wide(buf: &mut Buffer, rect: Rect) {
    let area = buf.area;
    let rect = rect.intersection(area);
    if rect.is_empty() {
        return;
    }
    for y in rect.top()..rect.bottom() {
        // A character starting left of the rect whose second half is inside.
        if rect.x > area.x && wrap::str_width(buf[(rect.x - 1, y)].symbol()) > 1 {
            buf[(rect.x - 1, y)].set_symbol(" ");
        }
        // A character starting on the last column whose second half is outside.
        let last = rect.right() - 1;
        if rect.right() < area.right() && wrap::str_width(buf[(last, y)].symbol()) > 1 {
            buf[(last, y)].set_symbol(" ");
            buf[(rect.right(), y)].reset();
        }
    }
}

/// A cleared, bordered box of at most `width`×`height` centred over
/// `area`, for pop-ups; returns its inside.
pub fn popup_box(
    f: &mut Frame,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    v: &View,
) -> Rect {
    let rect = centered(area, width, height);
    clear_popup(f, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(v.theme.focus)
        .title(Span::styled(format!(" {title} "), v.theme.title));
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    inner
}

/// One row: `label：` then the input, with the real cursor in the input
/// when `focused` (so the pinyin window appears there).
pub fn labelled_input(
    f: &mut Frame,
    row: Rect,
    label: &str,
    label_style: Style,
    input: &mut text_input::TextInput,
    input_style: Style,
    focused: bool,
) {
    let label = format!("{label}：");
    let label_width = wrap::str_width(&label) as u16;
    f.render_widget(Paragraph::new(Span::styled(label, label_style)), row);
    let input_area = Rect {
        x: row.x + label_width,
        width: row.width.saturating_sub(label_width),
        ..row
    };
    input.render(f, input_area, input_style, focused);
}
