//! A plain form: labelled fields one under another, each with its problem
//! right under it. A field is text, a choice from a short list (←→ or
//! Space), a checklist of people (Enter opens it), or a study session's
//! attendance. Used by the setup, settings and register forms.

use super::attendance::{AttendanceEditor, AttendanceOutcome};
use super::form;
use super::multi_picker::{Choices, MultiOutcome, MultiPicker};
use super::text_input::{InputOutcome, TextInput};
use super::type_ahead::TypeAhead;
use super::wrap::wrap_text;
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::register_forms::{Attendance, AttendanceLine};
use crate::i18n::Strings;
use crate::ui::keys;
use crate::ui::{Hint, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use serde_json::{Value, json};

/// The kind of the focused entry (see [`FieldList::focused`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focused {
    Text,
    /// Multi-line text.
    LongText,
    Choice,
    Checklist,
    /// A checklist with its pop-up open.
    ChecklistOpen,
    Attendance,
}

pub enum Entry {
    Text(TextInput),
    /// One of a few options, shown in a row.
    Choice {
        options: Vec<String>,
        chosen: Option<usize>,
    },
    /// Several people ticked from a pop-up checklist.
    Many {
        choices: Choices,
        picker: Option<MultiPicker>,
    },
    Attendance(AttendanceEditor),
}

impl Entry {
    /// A choice with `current` chosen; a stored value no longer in the
    /// list is kept as an extra option rather than silently changed.
    pub fn choice(options: &[&str], current: &str) -> Entry {
        let mut options: Vec<String> = options.iter().map(|s| s.to_string()).collect();
        if !current.is_empty() && !options.iter().any(|o| o == current) {
            options.push(current.to_string());
        }
        let chosen = options.iter().position(|o| o == current);
        Entry::Choice { options, chosen }
    }

    pub fn many(options: Vec<(String, String)>, ticked: &[String]) -> Entry {
        Entry::Many {
            choices: Choices::new(options, ticked),
            picker: None,
        }
    }

    /// Takes the rest of the height (multi-line text, attendance).
    fn is_tall(&self) -> bool {
        match self {
            Entry::Text(input) => input.is_multiline(),
            Entry::Attendance(_) => true,
            _ => false,
        }
    }

    fn value(&self) -> Value {
        match self {
            Entry::Text(input) => json!(input.text()),
            Entry::Choice { options, chosen } => json!(chosen.map(|i| options[i].clone())),
            Entry::Many { choices, .. } => json!(choices.ticked_ids()),
            Entry::Attendance(editor) => Value::Array(
                editor
                    .lines()
                    .into_iter()
                    .map(|l| {
                        let state = match l.state {
                            Attendance::Present => "present",
                            Attendance::OnLeave => "leave",
                            Attendance::Unrecorded => "",
                        };
                        json!([l.deputy_id, state, l.reason])
                    })
                    .collect(),
            ),
        }
    }

    /// Puts back a value written by `value` (from a draft). Values that do
    /// not fit (an option since removed) are left as they are.
    fn restore(&mut self, value: &Value) {
        match self {
            Entry::Text(input) => {
                if let Some(s) = value.as_str() {
                    input.set_text(s);
                }
            }
            Entry::Choice { options, chosen } => {
                if let Some(pos) = value
                    .as_str()
                    .and_then(|s| options.iter().position(|o| o == s))
                {
                    *chosen = Some(pos);
                }
            }
            Entry::Many { choices, .. } => {
                let ids: Vec<String> = value
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect()
                    })
                    .unwrap_or_default();
                *choices = Choices::new(std::mem::take(&mut choices.options), &ids);
            }
            Entry::Attendance(editor) => {
                let saved: Vec<(String, String, String)> =
                    serde_json::from_value(value.clone()).unwrap_or_default();
                let lines = editor
                    .lines()
                    .into_iter()
                    .map(|l| match saved.iter().find(|(id, ..)| *id == l.deputy_id) {
                        Some((_, state, reason)) => AttendanceLine {
                            state: match state.as_str() {
                                "present" => Attendance::Present,
                                "leave" => Attendance::OnLeave,
                                _ => Attendance::Unrecorded,
                            },
                            reason: reason.clone(),
                            ..l
                        },
                        None => l,
                    })
                    .collect();
                *editor = AttendanceEditor::new(lines);
            }
        }
    }
}

pub struct FieldList {
    fields: Vec<(Field, Entry)>,
    pub focus: usize,
    errors: Vec<FieldError>,
    /// What was typed on the focused choice (reset when the focus moves).
    type_ahead: TypeAhead,
}

/// What a key did to the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOutcome {
    Changed,
    Moved,
    /// Enter on the last field: the form may be submitted.
    Submit,
    Ignored,
}

impl FieldList {
    /// A list of text fields.
    pub fn new(fields: Vec<(Field, TextInput)>) -> Self {
        Self::with(
            fields
                .into_iter()
                .map(|(f, i)| (f, Entry::Text(i)))
                .collect(),
        )
    }

    pub fn with(fields: Vec<(Field, Entry)>) -> Self {
        Self {
            fields,
            focus: 0,
            errors: Vec::new(),
            type_ahead: TypeAhead::default(),
        }
    }

    /// Adds a field at the end.
    pub fn push(&mut self, field: Field, entry: Entry) {
        self.fields.push((field, entry));
    }

    /// Whether the form has this field now.
    pub fn has(&self, field: Field) -> bool {
        self.entry(field).is_some()
    }

    /// Takes a field out of the form (one that only some choices need),
    /// keeping the focus on the field it was on.
    pub fn remove(&mut self, field: Field) -> Option<Entry> {
        let at = self.fields.iter().position(|(f, _)| *f == field)?;
        let (_, entry) = self.fields.remove(at);
        self.errors.retain(|e| e.field != field);
        if at < self.focus || self.focus >= self.fields.len() {
            self.focus = self.focus.saturating_sub(1);
        }
        Some(entry)
    }

    /// Puts a field in after `after` (at the end when `after` is not
    /// there), keeping the focus on the field it was on.
    pub fn insert_after(&mut self, after: Field, field: Field, entry: Entry) {
        let at = self
            .fields
            .iter()
            .position(|(f, _)| *f == after)
            .map_or(self.fields.len(), |i| i + 1);
        self.fields.insert(at, (field, entry));
        if at <= self.focus && self.fields.len() > 1 {
            self.focus += 1;
        }
    }

    /// How many fields the form has.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Whether anything was typed into a text field.
    pub fn has_text(&self) -> bool {
        self.fields
            .iter()
            .any(|(_, e)| matches!(e, Entry::Text(input) if !input.is_empty()))
    }

    fn entry(&self, field: Field) -> Option<&Entry> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }

    /// The text typed, or the option chosen.
    /// Replaces a text field's text (a value chosen elsewhere).
    pub fn set_text(&mut self, field: Field, text: &str) {
        if let Some((_, Entry::Text(input))) = self.fields.iter_mut().find(|(f, _)| *f == field) {
            input.set_text(text);
        }
    }

    /// A text field's input, to edit it as a whole (rows added or removed).
    pub fn input_mut(&mut self, field: Field) -> Option<&mut TextInput> {
        match self.fields.iter_mut().find(|(f, _)| *f == field) {
            Some((_, Entry::Text(input))) => Some(input),
            _ => None,
        }
    }

    /// The field that has the focus.
    pub fn focused_field(&self) -> Field {
        self.fields[self.focus].0
    }

    pub fn text(&self, field: Field) -> String {
        match self.entry(field) {
            Some(Entry::Text(input)) => input.text(),
            Some(Entry::Choice { options, chosen }) => {
                chosen.map(|i| options[i].clone()).unwrap_or_default()
            }
            Some(Entry::Many { choices, .. }) => choices.summary(),
            _ => String::new(),
        }
    }

    /// The ids ticked in a checklist.
    pub fn ticked(&self, field: Field) -> Vec<String> {
        match self.entry(field) {
            Some(Entry::Many { choices, .. }) => choices.ticked_ids(),
            _ => Vec::new(),
        }
    }

    pub fn attendance(&self, field: Field) -> Vec<AttendanceLine> {
        match self.entry(field) {
            Some(Entry::Attendance(editor)) => editor.lines(),
            _ => Vec::new(),
        }
    }

    /// Every field's value, for a draft.
    pub fn values(&self) -> Value {
        Value::Object(
            self.fields
                .iter()
                .map(|(f, e)| (f.index().to_string(), e.value()))
                .collect(),
        )
    }

    /// Puts back values written by `values`.
    pub fn restore(&mut self, values: &Value) {
        for (field, entry) in &mut self.fields {
            if let Some(v) = values.get(field.index().to_string()) {
                entry.restore(v);
            }
        }
    }

    /// Shows these problems and moves to the first.
    pub fn set_errors(&mut self, errors: Vec<FieldError>) {
        if let Some(first) = errors.first() {
            if let Some(pos) = self.fields.iter().position(|(f, _)| *f == first.field) {
                self.focus = pos;
            }
        }
        self.errors = errors;
    }

    /// True while a checklist pop-up is open (Esc closes it).
    pub fn picker_open(&self) -> bool {
        self.fields.iter().any(|(_, e)| {
            matches!(
                e,
                Entry::Many {
                    picker: Some(_),
                    ..
                }
            )
        })
    }

    /// What kind of entry has the focus, for the hint bar.
    pub fn focused(&self) -> Focused {
        match &self.fields[self.focus].1 {
            Entry::Text(input) if input.is_multiline() => Focused::LongText,
            Entry::Text(_) => Focused::Text,
            Entry::Choice { .. } => Focused::Choice,
            Entry::Many {
                picker: Some(_), ..
            } => Focused::ChecklistOpen,
            Entry::Many { .. } => Focused::Checklist,
            Entry::Attendance(_) => Focused::Attendance,
        }
    }

    /// The hint for the keys of the focused entry itself: a choice's ←→,
    /// a long text's new line; none for the others.
    pub fn entry_hint(&self, t: &'static Strings) -> Option<Hint> {
        match self.focused() {
            Focused::Choice => Some(keys::LEFT_RIGHT.hint(t, t.hint_choose)),
            Focused::LongText => Some(keys::NEWLINE.hint(t, t.hint_newline)),
            _ => None,
        }
    }

    /// The hints while a checklist is open: it takes the keys until
    /// Enter, Esc or Tab closes it.
    pub fn checklist_hints(t: &'static Strings) -> Vec<Hint> {
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::SPACE.hint(t, t.hint_toggle),
            keys::either(&[&keys::ENTER, &keys::ESC], t, t.hint_done),
        ]
    }

    /// True while keys are text for the focused field (or its pop-up).
    pub fn takes_text(&self) -> bool {
        match &self.fields[self.focus].1 {
            Entry::Text(_) | Entry::Attendance(_) => true,
            Entry::Many { picker, .. } => picker.is_some(),
            Entry::Choice { .. } => false,
        }
    }

    fn changed(&mut self) -> ListOutcome {
        let field = self.fields[self.focus].0;
        self.errors.retain(|e| e.field != field);
        ListOutcome::Changed
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> ListOutcome {
        let before = self.focus;
        let outcome = self.field_key(key);
        if self.focus != before {
            self.type_ahead.reset();
        }
        outcome
    }

    fn field_key(&mut self, key: KeyEvent) -> ListOutcome {
        let last = self.fields.len() - 1;
        let focus = self.focus;
        // An open checklist takes every key.
        if let Entry::Many {
            choices,
            picker: picker @ Some(_),
        } = &mut self.fields[focus].1
        {
            let before = choices.ticked.clone();
            if picker.as_mut().map(|p| p.handle_key(key, choices)) == Some(MultiOutcome::Done) {
                *picker = None;
            }
            return if choices.ticked != before {
                self.changed()
            } else {
                ListOutcome::Moved
            };
        }
        if let Some(outcome) = self.entry_key(key) {
            return outcome;
        }
        let next = [&keys::TAB, &keys::DOWN].iter().any(|b| b.matches(&key));
        if next {
            self.focus = (self.focus + 1).min(last);
            ListOutcome::Moved
        } else if keys::BACK_TAB.matches(&key) || keys::UP.matches(&key) {
            self.focus = self.focus.saturating_sub(1);
            ListOutcome::Moved
        } else if keys::ENTER.matches(&key) && self.focus == last {
            ListOutcome::Submit
        } else if keys::ENTER.matches(&key) {
            self.focus += 1;
            ListOutcome::Moved
        } else {
            ListOutcome::Ignored
        }
    }

    /// A key for the focused entry; `None` leaves it to move the focus.
    fn entry_key(&mut self, key: KeyEvent) -> Option<ListOutcome> {
        let moves = |bindings: &[&keys::Binding]| bindings.iter().any(|b| b.matches(&key));
        match &mut self.fields[self.focus].1 {
            Entry::Text(input) if input.is_multiline() => {
                // Alt+Enter is a new line; plain Enter moves on.
                let plain_enter = keys::ENTER.matches(&key) && key.modifiers.is_empty();
                if moves(&[&keys::TAB, &keys::BACK_TAB]) || plain_enter {
                    return None;
                }
                Some(match input.handle_key(key) {
                    InputOutcome::Changed => self.changed(),
                    InputOutcome::Moved => ListOutcome::Moved,
                    InputOutcome::Ignored if keys::UP_DOWN.matches(&key) => {
                        self.leave_edge(keys::DOWN.matches(&key))
                    }
                    InputOutcome::Ignored => ListOutcome::Ignored,
                })
            }
            Entry::Text(input) => {
                let leaving = [&keys::TAB, &keys::BACK_TAB, &keys::UP_DOWN, &keys::ENTER];
                if moves(&leaving) {
                    return None;
                }
                Some(match input.handle_key(key) {
                    InputOutcome::Changed => self.changed(),
                    InputOutcome::Moved => ListOutcome::Moved,
                    InputOutcome::Ignored => ListOutcome::Ignored,
                })
            }
            Entry::Choice { options, chosen } => {
                let n = options.len();
                let step = if moves(&[&keys::RIGHT, &keys::SPACE]) {
                    1
                } else if keys::LEFT.matches(&key) {
                    n.saturating_sub(1)
                } else if let Some(c) = keys::typed(&key) {
                    // Typed text picks an option, or says how to choose.
                    let labels: Vec<&str> = options.iter().map(String::as_str).collect();
                    let Some(i) = self.type_ahead.push(c, &labels) else {
                        let field = self.fields[self.focus].0;
                        self.errors.retain(|e| e.field != field);
                        self.errors.push(FieldError {
                            field,
                            problem: Problem::TypedOnChoice,
                        });
                        return Some(ListOutcome::Moved);
                    };
                    *chosen = Some(i);
                    return Some(self.changed());
                } else {
                    return None;
                };
                if n == 0 {
                    return None;
                }
                *chosen = Some(chosen.map_or(0, |c| (c + step) % n));
                Some(self.changed())
            }
            Entry::Many { picker, .. } => {
                if !moves(&[&keys::ENTER, &keys::SPACE]) {
                    return None;
                }
                *picker = Some(MultiPicker::new(""));
                Some(ListOutcome::Moved)
            }
            Entry::Attendance(editor) => {
                if moves(&[&keys::TAB, &keys::BACK_TAB, &keys::ENTER]) {
                    return None;
                }
                Some(match editor.handle_key(key) {
                    AttendanceOutcome::Changed => self.changed(),
                    AttendanceOutcome::Moved => ListOutcome::Moved,
                    AttendanceOutcome::LeftAbove => self.leave_edge(false),
                    AttendanceOutcome::LeftBelow => self.leave_edge(true),
                    AttendanceOutcome::Ignored => ListOutcome::Ignored,
                })
            }
        }
    }

    /// ↑ and ↓ at the edge of a tall field leave it.
    fn leave_edge(&mut self, down: bool) -> ListOutcome {
        if down && self.focus + 1 < self.fields.len() {
            self.focus += 1;
            ListOutcome::Moved
        } else if !down && self.focus > 0 {
            self.focus -= 1;
            ListOutcome::Moved
        } else {
            ListOutcome::Ignored
        }
    }

    pub fn paste(&mut self, text: &str) {
        match &mut self.fields[self.focus].1 {
            Entry::Text(input) => input.insert_str(text),
            Entry::Many {
                picker: Some(p), ..
            } => p.paste(text),
            Entry::Attendance(editor) => editor.paste(text),
            _ => {}
        }
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let value_width = area.width.saturating_sub(form::LABEL_WIDTH) as usize;
        let errors: Vec<Vec<String>> = self
            .fields
            .iter()
            .map(|(field, _)| {
                self.errors
                    .iter()
                    .filter(|e| e.field == *field)
                    .flat_map(|e| wrap_text(&v.t.field_error(e), value_width))
                    .collect()
            })
            .collect();
        let tall: Vec<bool> = self.fields.iter().map(|(_, e)| e.is_tall()).collect();
        // Rows of the short fields: one, or what a long row of choices wraps to.
        let short: Vec<u16> = self
            .fields
            .iter()
            .map(|(_, e)| match e {
                Entry::Choice { options, .. } => form::choices_height(options, value_width as u16),
                _ => 1,
            })
            .collect();
        let fixed: u16 = errors.iter().map(|e| e.len() as u16).sum::<u16>()
            + short
                .iter()
                .zip(&tall)
                .filter(|(_, t)| !**t)
                .map(|(h, _)| h)
                .sum::<u16>();
        let tall_count = tall.iter().filter(|m| **m).count() as u16;
        let each = area
            .height
            .saturating_sub(fixed)
            .checked_div(tall_count)
            .map_or(0, |e| e.max(2));
        let mut y = area.y;
        let mut popup = None;
        for (i, ((field, entry), errs)) in self.fields.iter_mut().zip(&errors).enumerate() {
            let height = if tall[i] { each } else { short[i] };
            if y + height > area.bottom() {
                break;
            }
            let row = Rect { y, height, ..area };
            let focused = i == self.focus;
            let value = form::label(f, row, v.t.field(*field), focused, !errs.is_empty(), v);
            let style = if focused { v.theme.focus } else { v.theme.text };
            match entry {
                Entry::Text(input) => input.render(f, value, style, focused),
                Entry::Choice { options, chosen } => {
                    let options: Vec<&str> = options.iter().map(|s| s.as_str()).collect();
                    form::choices(f, value, &options, *chosen, focused, v);
                }
                Entry::Many { choices, picker } => {
                    let summary = choices.summary();
                    let count = choices.ticked.iter().filter(|t| **t).count();
                    let shown = if count == 0 {
                        String::new()
                    } else {
                        format!("({count}) {summary}")
                    };
                    form::picked(f, value, &shown, focused, v);
                    if picker.is_some() {
                        popup = Some(i);
                    }
                }
                Entry::Attendance(editor) => editor.render(f, value, focused, v),
            }
            y += height;
            y += form::error_notes(f, value, y, area.bottom(), errs, v);
        }
        if let Some(i) = popup {
            let title = v.t.field(self.fields[i].0);
            if let Entry::Many {
                choices,
                picker: Some(p),
            } = &mut self.fields[i].1
            {
                p.set_title(title);
                p.render(f, area, choices, v);
            }
        }
    }
}
