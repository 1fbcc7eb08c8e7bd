//! Drawing the reception form: step tabs, the privacy notice, one row per
//! item with its problem right under it, and the earlier visits of a
//! returning voter beside (wide screens) or below (narrow ones).

use super::items::{Item, items};
use super::{Popup, ReceptionScreen};
use crate::domain::calendar::Calendar;
use crate::domain::choices::Route;
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::reception::SUGGESTION_MONTHS;
use crate::domain::validate::parse_count;
use crate::domain::validate::phone_fault;
use crate::ui::View;
use crate::ui::components::form;
use crate::ui::components::panel;
use crate::ui::components::popup;
use crate::ui::components::wrap::{pad, truncate, wrap_text};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The earlier-visits panel's width: 42 columns, growing with wide
/// screens (a third of what is beyond 160 columns, to at most 72).
fn side_width(width: u16) -> u16 {
    (42 + width.saturating_sub(160) / 3).min(72)
}

/// Screens at least this wide show earlier visits in a side panel.
const SIDE_PANEL_MIN_WIDTH: u16 = 110;

pub(super) fn render(s: &mut ReceptionScreen, f: &mut Frame, area: Rect, v: &View) {
    let wide = area.width >= SIDE_PANEL_MIN_WIDTH;
    let show_earlier = !s.earlier.is_empty();
    let (form_area, side) = if wide {
        let [a, b] = Layout::horizontal([
            Constraint::Min(60),
            Constraint::Length(side_width(area.width)),
        ])
        .areas(area);
        (a, Some(b))
    } else {
        (area, None)
    };
    let inner = panel(f, form_area, v.t.reception_title, v.theme.border, v);

    let below_height = if !wide && show_earlier && s.step == 0 {
        4
    } else {
        0
    };
    let [tabs, status, body, below] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(below_height),
    ])
    .areas(inner);
    render_tabs(s, f, tabs, v);
    render_status(s, f, status, v);
    render_items(s, f, body, v);
    if let Some(side) = side {
        render_earlier(s, f, side, v);
    } else if below_height > 0 {
        render_earlier(s, f, below, v);
    }
    match &mut s.popup {
        Some(Popup::Pick(_, picker)) => picker.render(f, area, v),
        Some(Popup::Resume(draft, choice)) => render_resume(f, area, &draft.updated_at, *choice, v),
        Some(Popup::ConfirmDiscard(_)) => {
            let question = v.t.closing.confirm_discard_draft;
            crate::ui::components::confirm::render(f, area, question, v.theme.warn, v);
        }
        None => {}
    }
}

fn render_tabs(s: &ReceptionScreen, f: &mut Frame, area: Rect, v: &View) {
    let mut spans = Vec::new();
    for (i, name) in v.t.steps.iter().enumerate() {
        let style = if i == s.step {
            v.theme.selection
        } else {
            v.theme.muted
        };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw("  "));
    }
    let duty: Vec<&str> = s.on_duty.iter().map(|d| d.deputy_name.as_str()).collect();
    spans.push(Span::styled(
        v.t.on_duty_line.fill([&duty.join("、")]),
        v.theme.muted,
    ));
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn render_status(s: &ReceptionScreen, f: &mut Frame, area: Rect, v: &View) {
    if let Some((text, ok)) = &s.draft_status {
        let style = if *ok { v.theme.muted } else { v.theme.error };
        form::note(f, area, &truncate(text, area.width as usize), style);
    }
}

/// The problem shown under an item, wrapped to the value column.
fn error_lines(s: &ReceptionScreen, item: Item, width: u16, v: &View) -> Vec<String> {
    item.field()
        .and_then(|f| s.errors.iter().find(|e| e.field == f))
        .map(|e| wrap_text(&error_text(s, e, v), width as usize))
        .unwrap_or_default()
}

/// A field's problem in words; a wrong phone number says what is wrong.
fn error_text(s: &ReceptionScreen, e: &FieldError, v: &View) -> String {
    let fault = (e.field == Field::Phone && e.problem == Problem::BadPhone)
        .then(|| phone_fault(&s.draft.phone))
        .flatten();
    match fault {
        Some(fault) => format!("{}：{}", v.t.field(e.field), v.t.phone_fault(fault)),
        None => v.t.field_error(e),
    }
}

/// Items with a line of explanation under them: the reply date.
fn has_note(s: &ReceptionScreen, item: Item) -> bool {
    match item {
        Item::DeadlineDays | Item::LetterReceived => true,
        Item::Route => s.draft.route == Some(Route::Suggestion),
        _ => false,
    }
}

/// Rows each item needs: multi-line fields take what the others leave.
fn item_heights(s: &ReceptionScreen, list: &[Item], area: Rect, v: &View) -> Vec<u16> {
    let value_width = area.width.saturating_sub(form::LABEL_WIDTH);
    let errors = |item: Item| error_lines(s, item, value_width, v).len() as u16;
    let notes = |item: Item| has_note(s, item) as u16;
    let fixed: u16 = list
        .iter()
        .map(|&i| errors(i) + if i.is_multiline() { 0 } else { 1 + notes(i) })
        .sum();
    let multi = list.iter().filter(|i| i.is_multiline()).count() as u16;
    let spare = area.height.saturating_sub(fixed);
    let each = spare.checked_div(multi).map_or(0, |e| e.max(3));
    list.iter()
        .map(|&i| errors(i) + if i.is_multiline() { each } else { 1 + notes(i) })
        .collect()
}

fn render_items(s: &mut ReceptionScreen, f: &mut Frame, area: Rect, v: &View) {
    let mut y = area.y;
    let list = items(s.step, &s.draft, s.collect_id_number);
    let notice = wrap_text(v.t.privacy_notice, area.width as usize);
    // The notice is shown at every intake; only a very short screen drops it.
    if s.step == 0 && area.height as usize >= list.len() + notice.len() {
        let lines = notice;
        for line in &lines {
            form::note(
                f,
                Rect {
                    y,
                    height: 1,
                    ..area
                },
                line,
                v.theme.muted,
            );
            y += 1;
        }
    }
    let rest = Rect {
        y,
        height: area.bottom().saturating_sub(y),
        ..area
    };
    let heights = item_heights(s, &list, rest, v);
    let focused = s.focused();
    for (item, h) in list.iter().zip(heights) {
        if y >= area.bottom() {
            break;
        }
        let h = h.min(area.bottom() - y);
        render_item(
            s,
            f,
            Rect {
                y,
                height: h,
                ..area
            },
            *item,
            *item == focused,
            v,
        );
        y += h;
    }
}

fn render_item(
    s: &mut ReceptionScreen,
    f: &mut Frame,
    row: Rect,
    item: Item,
    focused: bool,
    v: &View,
) {
    let value_width = row.width.saturating_sub(form::LABEL_WIDTH);
    let error = error_lines(s, item, value_width, v);
    let label_text = match item {
        Item::Anonymous => "",
        Item::Save => "",
        _ => item.field().map(|f| v.t.field(f)).unwrap_or(""),
    };
    let value = form::label(f, row, label_text, focused, !error.is_empty(), v);
    let error_rows = error.len() as u16;
    let value_area = Rect {
        height: row.height.saturating_sub(error_rows).max(1),
        ..value
    };
    let first_line = Rect {
        height: 1,
        ..value_area
    };
    let areas = ValueAreas {
        row,
        first_line,
        value_area,
    };
    render_value(s, f, item, &areas, focused, v);
    let first_error_row = row.bottom().saturating_sub(error_rows);
    form::error_notes(f, value, first_error_row, row.bottom(), &error, v);
}

/// Where an item draws: its whole row, the first line of its value, and
/// the value's room above its error lines.
struct ValueAreas {
    row: Rect,
    first_line: Rect,
    value_area: Rect,
}

/// A muted note on the line below the value, when the row has one.
fn note_under(f: &mut Frame, areas: &ValueAreas, note: &str, v: &View) {
    let note_row = Rect {
        y: areas.first_line.y + 1,
        ..areas.first_line
    };
    if note_row.y < areas.row.bottom() {
        form::note(f, note_row, note, v.theme.muted);
    }
}

/// An item's value: a checkbox, a row of choices, a picked name, a text
/// input or the save button.
fn render_value(
    s: &mut ReceptionScreen,
    f: &mut Frame,
    item: Item,
    areas: &ValueAreas,
    focused: bool,
    v: &View,
) {
    let (row, first_line, value_area) = (areas.row, areas.first_line, areas.value_area);
    let style = if focused { v.theme.focus } else { v.theme.text };
    let d = &s.draft;
    match item {
        Item::Anonymous => form::checkbox(f, first_line, v.t.anonymous, d.anonymous, focused, v),
        Item::Confidential => form::checkbox(
            f,
            first_line,
            v.t.confidential_note,
            d.confidential,
            focused,
            v,
        ),
        Item::Gender | Item::Channel | Item::RequestType => {
            let (words, chosen): (&[&str], usize) = match item {
                Item::Gender => (&v.t.genders, d.gender.index()),
                Item::Channel => (&v.t.channels, d.channel.index()),
                _ => (&v.t.request_types, d.request_type.index()),
            };
            form::choices(f, first_line, words, Some(chosen), focused, v);
        }
        Item::Route => {
            form::choices(
                f,
                first_line,
                &v.t.routes,
                d.route.map(Route::index),
                focused,
                v,
            );
            note_under(f, areas, &route_note(s, v), v);
        }
        Item::Category | Item::Department | Item::NotAcceptedReason => {
            let chosen = match item {
                Item::Category => d.category.clone(),
                Item::Department => d.department_name.clone(),
                _ => d
                    .not_accepted_reason
                    .map(|r| v.t.not_accepted_reason(r).to_string())
                    .unwrap_or_default(),
            };
            form::picked(f, first_line, &chosen, focused, v);
        }
        Item::Save => form::save_button(
            f,
            Rect {
                x: row.x,
                ..first_line
            },
            focused,
            v,
        ),
        Item::Name if d.anonymous => form::note(f, first_line, v.t.anonymous_name, v.theme.muted),
        Item::DeadlineDays | Item::LetterReceived => {
            let (width, note) = if item == Item::DeadlineDays {
                (8, route_note(s, v))
            } else {
                (12, v.t.letter_received_note.to_string())
            };
            if let Some(input) = s.inputs.get_mut(item) {
                input.render(
                    f,
                    Rect {
                        width: width.min(first_line.width),
                        ..first_line
                    },
                    style,
                    focused,
                );
            }
            note_under(f, areas, &note, v);
        }
        _ => {
            if let Some(input) = s.inputs.get_mut(item) {
                let area = if item.is_multiline() {
                    value_area
                } else {
                    first_line
                };
                input.render(f, area, style, focused);
            }
        }
    }
}

/// What the chosen route means for dates, shown under it.
fn route_note(s: &ReceptionScreen, v: &View) -> String {
    let today = v.now.date();
    match s.draft.route {
        Some(r) if r.needs_department() => match parse_count(&s.draft.deadline_days, 1, 90) {
            Ok(days) => {
                let date = s.calendar.add_working_days(today, days as u32);
                v.t.deadline_preview.fill([&days, &date.format("%Y-%m-%d")])
            }
            Err(_) => String::new(),
        },
        Some(Route::Suggestion) => {
            let date = Calendar::add_months(today, SUGGESTION_MONTHS);
            v.t.suggestion_deadline.fill([&date.format("%Y-%m-%d")])
        }
        _ => String::new(),
    }
}

fn render_earlier(s: &ReceptionScreen, f: &mut Frame, area: Rect, v: &View) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if s.earlier.is_empty() {
            v.theme.border
        } else {
            v.theme.warn
        })
        .title(Span::styled(
            format!(" {} ", v.t.earlier_title),
            v.theme.title,
        ));
    let inner = block.inner(area);
    crate::ui::components::clear_popup(f, area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines = Vec::new();
    if s.earlier.is_empty() {
        lines.push(Line::styled(v.t.earlier_none, v.theme.muted));
    }
    for e in &s.earlier {
        let linked = s.draft.linked_case_id.as_deref() == Some(e.case_id.as_str());
        let status = v.t.status(e.status);
        let head = v.t.earlier_line.fill([&e.visit_date, &status, &e.number]);
        let style = if linked {
            v.theme.selection
        } else if e.status.is_open() {
            v.theme.warn
        } else {
            v.theme.text
        };
        lines.push(Line::styled(pad(&head, width), style));
        let mut detail = e.summary.clone();
        if let Some(dept) = &e.department {
            detail = format!("{dept}：{detail}");
        }
        lines.push(Line::styled(
            truncate(&format!("  {detail}"), width),
            v.theme.muted,
        ));
        if linked {
            lines.push(Line::styled(
                format!("  ✓ {}", v.t.earlier_linked),
                v.theme.ok,
            ));
        }
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn render_resume(f: &mut Frame, area: Rect, saved_at: &str, choice: usize, v: &View) {
    let options = [v.t.resume_continue, v.t.resume_discard];
    let mut lines = vec![
        Line::styled(v.t.resume_question.fill([&saved_at]), v.theme.text),
        Line::raw(""),
    ];
    for (i, o) in options.iter().enumerate() {
        let style = if i == choice {
            v.theme.selection
        } else {
            v.theme.text
        };
        let mark = if i == choice { "▶" } else { " " };
        lines.push(Line::styled(format!("{mark} {o}"), style));
    }
    popup(f, area, v.t.resume_title, &lines, v);
}
