//! Correcting one reception row at closing. Before sign-off a correction
//! takes effect at once and leaves a record; after sign-off it is an
//! amendment: a secretary's action with a reason, old and new value kept.

use crate::domain::closing::correctable;
use crate::domain::fields::Field;
use crate::domain::id_number::mask_id_number;
use crate::domain::ids::ReceptionId;
use crate::domain::validate::mask_phone;
use crate::i18n::Strings;
use crate::service::registers::correction_line;
use crate::store::Refusal;
use crate::store::{Correction, CorrectionRequest, ReceptionRecord, StoreError};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::{pad, truncate, wrap_text};
use crate::ui::components::{labelled_input, panel};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Pick,
    Value,
    Reason,
}

pub struct CorrectionScreen {
    reception_id: ReceptionId,
    record: ReceptionRecord,
    signed: bool,
    history: Vec<Correction>,
    /// The fields offered (the ID number only where the station records them).
    fields: Vec<Field>,
    field: usize,
    focus: Focus,
    value: TextInput,
    reason: TextInput,
    problem: Option<String>,
}

/// The value shown for a field (phones and ID numbers masked: a correction
/// types a new one).
fn shown(r: &ReceptionRecord, field: Field) -> String {
    match field {
        Field::VisitorName => r.visitor_name.clone().unwrap_or_default(),
        Field::Phone => r.phone.as_deref().map(mask_phone).unwrap_or_default(),
        Field::IdNumber => r
            .id_number
            .as_deref()
            .map(mask_id_number)
            .unwrap_or_default(),
        Field::Address => r.address.clone(),
        Field::GroupSize => r.group_size.to_string(),
        Field::Category => r.category.clone(),
        Field::Content => r.content.clone(),
        Field::OnSpotReply => r.on_spot_reply.clone(),
        Field::Place => r.place.clone(),
        Field::Remarks => r.remarks.clone(),
        _ => String::new(),
    }
}

/// A corrected phone or ID number is shown masked in the history too.
fn history_value(column: &str, value: &str) -> String {
    match column {
        "phone" if !value.is_empty() => mask_phone(value),
        "id_number" => mask_id_number(value),
        _ => value.to_string(),
    }
}

impl CorrectionScreen {
    pub fn new(reception_id: &ReceptionId, field: Field, cx: &mut Ctx) -> Result<Self, StoreError> {
        let record = cx.store.reception(reception_id)?;
        let signed = cx
            .store
            .signed_day(
                chrono::NaiveDate::parse_from_str(&record.visit_date, "%Y-%m-%d")
                    .unwrap_or(cx.now.date()),
            )?
            .is_some();
        let history = cx.store.corrections("reception", reception_id)?;
        let fields = correctable(cx.store.settings()?.collect_id_number);
        let mut screen = Self {
            reception_id: reception_id.clone(),
            record,
            signed,
            history,
            field: fields.iter().position(|f| *f == field).unwrap_or(0),
            fields,
            focus: Focus::Value,
            value: TextInput::single(""),
            reason: TextInput::single(""),
            problem: None,
        };
        screen.prefill();
        Ok(screen)
    }

    fn current(&self) -> Field {
        self.fields[self.field]
    }

    /// Puts the field's current value in the input, to be edited.
    fn prefill(&mut self) {
        let field = self.current();
        let text = if matches!(field, Field::Phone | Field::IdNumber) {
            String::new()
        } else {
            shown(&self.record, field)
        };
        self.value = if matches!(field, Field::Content | Field::OnSpotReply) {
            TextInput::multi(&text)
        } else {
            TextInput::single(&text)
        };
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        let request = CorrectionRequest {
            reception_id: self.reception_id.clone(),
            field: self.current(),
            value: self.value.text(),
            reason: self.reason.text(),
        };
        match cx.store.correct_reception(&by, &request, cx.now) {
            Ok(()) => {
                let done = if self.signed {
                    cx.t.closing.amended
                } else {
                    cx.t.closing.corrected
                };
                Action::PopWith(done.fill([&self.record.number]), Severity::Ok)
            }
            Err(StoreError::Refused(Refusal::Invalid(errors))) => {
                self.problem = errors.first().map(|e| cx.t.field_error(e));
                self.focus = match errors.first().map(|e| e.field) {
                    Some(Field::Reason) => Focus::Reason,
                    _ => Focus::Value,
                };
                Action::None
            }
            Err(e) => {
                self.problem = Some(cx.t.store_error(&e));
                Action::None
            }
        }
    }
}

/// A row's 更正记录: a title, then each correction wrapped to `width`
/// (values as `shown` shows them). The register forms show the same.
pub fn history_lines(
    entity: &str,
    history: &[Correction],
    shown: impl Fn(&str, &str) -> String + Copy,
    v: &View,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(v.t.closing.history_title, v.theme.title)];
    if history.is_empty() {
        lines.push(Line::styled(v.t.closing.history_none, v.theme.muted));
    }
    for c in history {
        let text = correction_line(entity, c, v.t, shown);
        for l in wrap_text(&text, width) {
            lines.push(Line::styled(l, v.theme.text));
        }
    }
    lines
}

impl Screen for CorrectionScreen {
    fn title(&self, t: &Strings) -> String {
        t.closing.correction_title.fill([&self.record.number])
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        }
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        let (tab, back_tab) = (keys::TAB.matches(&key), keys::BACK_TAB.matches(&key));
        let enter = keys::ENTER.matches(&key);
        match self.focus {
            Focus::Pick if keys::UP.matches(&key) || keys::DOWN.matches(&key) => {
                let n = self.fields.len();
                let step = if keys::UP.matches(&key) { n - 1 } else { 1 };
                self.field = (self.field + step) % n;
                self.prefill();
            }
            Focus::Pick if enter || tab => self.focus = Focus::Value,
            Focus::Pick => {}
            Focus::Value if tab => self.focus = Focus::Reason,
            Focus::Value if back_tab => self.focus = Focus::Pick,
            Focus::Value if enter && !self.value.is_multiline() => self.focus = Focus::Reason,
            Focus::Value => {
                self.value.handle_key(key);
                self.problem = None;
            }
            Focus::Reason if tab => self.focus = Focus::Pick,
            Focus::Reason if back_tab => self.focus = Focus::Value,
            Focus::Reason if enter => return self.save(cx),
            Focus::Reason => {
                self.reason.handle_key(key);
                self.problem = None;
            }
        }
        Action::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match self.focus {
            Focus::Value => self.value.insert_str(text),
            Focus::Reason => self.reason.insert_str(text),
            Focus::Pick => {}
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let title = self.title(v.t);
        let inner = panel(f, area, &title, v.theme.border, v);
        let width = inner.width as usize;
        let (note, note_style) = if self.signed {
            (v.t.closing.amend_note, v.theme.warn)
        } else {
            (v.t.closing.correct_note, v.theme.muted)
        };
        let mut lines: Vec<Line> = wrap_text(note, width)
            .into_iter()
            .map(|l| Line::styled(l, note_style))
            .collect();
        for (i, field) in self.fields.iter().enumerate() {
            let value = shown(&self.record, *field).replace('\n', " ");
            let marker = if i == self.field { "▶" } else { " " };
            let text = format!("{marker} {}：{}", v.t.field(*field), value);
            let style = match (i == self.field, self.focus == Focus::Pick) {
                (true, true) => v.theme.selection,
                (true, false) => v.theme.focus,
                _ => v.theme.text,
            };
            lines.push(Line::styled(pad(&truncate(&text, width), width), style));
        }
        lines.push(Line::raw(""));
        let mut y = inner.y + lines.len() as u16;
        f.render_widget(Paragraph::new(lines), inner);
        let value_height = if self.value.is_multiline() { 4 } else { 1 };
        let label_style = |focused: bool| if focused { v.theme.focus } else { v.theme.text };
        let rows = [
            (Field::NewValue, value_height, Focus::Value),
            (Field::Reason, 1, Focus::Reason),
        ];
        for (field, height, focus) in rows {
            if y + height > inner.bottom() {
                return;
            }
            let row = Rect { y, height, ..inner };
            let label = v.t.field(field);
            let input = if focus == Focus::Value {
                &mut self.value
            } else {
                &mut self.reason
            };
            let focused = self.focus == focus;
            labelled_input(
                f,
                row,
                label,
                label_style(focused),
                input,
                v.theme.text,
                focused,
            );
            y += height;
        }
        let mut below: Vec<Line> = Vec::new();
        if let Some(p) = &self.problem {
            below.extend(
                wrap_text(p, width)
                    .into_iter()
                    .map(|l| Line::styled(l, v.theme.error)),
            );
        }
        below.push(Line::raw(""));
        below.extend(history_lines(
            "reception",
            &self.history,
            history_value,
            v,
            width,
        ));
        let rest = Rect {
            y,
            height: inner.bottom().saturating_sub(y),
            ..inner
        };
        f.render_widget(Paragraph::new(below), rest);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = Vec::new();
        if self.focus == Focus::Pick {
            hints.push(keys::UP_DOWN.hint(t, t.closing.hint_pick_field));
        }
        hints.push(keys::TAB.hint(t, t.hint_next_field));
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_back));
        hints
    }

    fn editing_text(&self) -> bool {
        self.focus != Focus::Pick
    }

    fn has_input(&self) -> bool {
        !self.reason.is_empty()
    }
}
