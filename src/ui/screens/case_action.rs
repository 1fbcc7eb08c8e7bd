//! The small form for one action on a case (refer, chase, extend,
//! reassign, reply, feed back, call back, close, archive). Saving writes
//! the transition, its timeline event and the audit entry at once; a case
//! changed meanwhile at another terminal is refused, never applied twice.

use crate::domain::calendar::Calendar;
use crate::domain::case::{Grade, Satisfaction};
use crate::domain::case_forms::{ActionContext, ActionForm, ActionKind};
use crate::domain::choices::{FeedbackWay, SupervisionLevel};
use crate::domain::fields::{Field, FieldError};
use crate::domain::ids::{CaseId, DepartmentId};
use crate::domain::validate::parse_count;
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{CaseDetail, Department, StoreError};
use crate::ui::components::form;
use crate::ui::components::panel;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::type_ahead::TypeAhead;
use crate::ui::components::wrap::wrap_text;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::collections::HashMap;

/// A row of the form: one of the action's fields, or the save button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Field(Field),
    Save,
}

fn is_choice(f: Field) -> bool {
    matches!(
        f,
        Field::SupervisionLevel | Field::Grade | Field::FeedbackWay | Field::Satisfaction
    )
}

fn is_multiline(f: Field) -> bool {
    matches!(f, Field::Note | Field::Reason | Field::ReplyText)
}

pub struct CaseActionScreen {
    case_id: CaseId,
    number: String,
    version: i64,
    deadline: Option<NaiveDate>,
    department_id: Option<DepartmentId>,
    form: ActionForm,
    inputs: HashMap<Field, TextInput>,
    department_name: String,
    rows: Vec<Row>,
    focus: usize,
    errors: Vec<FieldError>,
    picker: Option<Picker>,
    departments: Vec<Department>,
    calendar: Calendar,
    /// Whether anything was typed or chosen.
    dirty: bool,
    /// What was typed on the focused choice row.
    type_ahead: TypeAhead,
}

impl CaseActionScreen {
    pub fn new(detail: &CaseDetail, kind: ActionKind, cx: &mut Ctx) -> Self {
        let settings = cx.read(cx.store.settings());
        let form = ActionForm::new(kind, cx.now.date(), settings.reply_days);
        let mut inputs = HashMap::new();
        for field in kind.fields() {
            let text = match field {
                Field::DeadlineDays => form.deadline_days.clone(),
                Field::ReplyDate => form.reply_date.clone(),
                Field::FeedbackDate => form.feedback_date.clone(),
                _ => String::new(),
            };
            if !is_choice(*field) && *field != Field::Department {
                let input = if is_multiline(*field) {
                    TextInput::multi(&text)
                } else {
                    TextInput::single(&text)
                };
                inputs.insert(*field, input);
            }
        }
        let mut rows: Vec<Row> = kind.fields().iter().map(|f| Row::Field(*f)).collect();
        rows.push(Row::Save);
        Self {
            case_id: detail.id.clone(),
            number: detail.number.clone(),
            version: detail.version,
            deadline: detail.deadline,
            department_id: detail.department_id.clone(),
            form,
            inputs,
            department_name: String::new(),
            rows,
            focus: 0,
            errors: Vec::new(),
            picker: None,
            departments: cx.read(cx.store.departments()),
            calendar: settings.working_calendar(),
            dirty: false,
            type_ahead: TypeAhead::default(),
        }
    }

    fn focused(&self) -> Row {
        self.rows[self.focus]
    }

    /// Copies typed text into the form the domain validates.
    fn sync(&mut self) {
        let text = |f: Field| self.inputs.get(&f).map(|i| i.text()).unwrap_or_default();
        self.form.deadline_days = text(Field::DeadlineDays);
        self.form.note = text(Field::Note);
        self.form.reason = text(Field::Reason);
        self.form.new_deadline = text(Field::NewDeadline);
        self.form.reply_date = text(Field::ReplyDate);
        self.form.reply_text = text(Field::ReplyText);
        self.form.feedback_date = text(Field::FeedbackDate);
        self.form.archive_no = text(Field::ArchiveNo);
    }

    fn cycle(&mut self, field: Field, forward: bool) {
        fn next<T: Copy + PartialEq>(all: &[T], current: T, forward: bool) -> T {
            let len = all.len();
            let i = all.iter().position(|x| *x == current).unwrap_or(0);
            all[if forward {
                (i + 1) % len
            } else {
                (i + len - 1) % len
            }]
        }
        let f = &mut self.form;
        match field {
            Field::SupervisionLevel => f.level = next(SupervisionLevel::ALL, f.level, forward),
            Field::Grade => f.grade = next(&Grade::ALL, f.grade, forward),
            Field::FeedbackWay => f.way = next(FeedbackWay::ALL, f.way, forward),
            Field::Satisfaction => {
                f.satisfaction = next(&Satisfaction::ALL, f.satisfaction, forward)
            }
            _ => {}
        }
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        self.sync();
        let context = ActionContext {
            today: cx.now.date(),
            calendar: &self.calendar,
            current_deadline: self.deadline,
            current_department: self.department_id.as_ref(),
        };
        let update = match self.form.validate(&context) {
            Ok(u) => u,
            Err(errors) => {
                if let Some(pos) = self
                    .rows
                    .iter()
                    .position(|r| *r == Row::Field(errors[0].field))
                {
                    self.focus = pos;
                }
                let message = cx.t.field_error(&errors[0]);
                self.errors = errors;
                return Action::Message(message, Severity::Warn);
            }
        };
        let actor = current_actor(cx);
        match cx
            .store
            .transition(&self.case_id, self.version, &update, &actor, cx.now)
        {
            Ok(_) => {
                let what = format!("{} {}", self.number, cx.t.action(self.form.kind));
                Action::PopWith(cx.t.cases.action_saved.fill([&what]), Severity::Ok)
            }
            Err(
                e @ (StoreError::Refused(Refusal::Stale)
                | StoreError::Refused(Refusal::ChangedBy { .. })),
            ) => Action::PopWith(cx.t.store_error(&e), Severity::Warn),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn move_focus(&mut self, forward: bool) {
        self.type_ahead.reset();
        if forward {
            self.focus = (self.focus + 1).min(self.rows.len() - 1);
        } else {
            self.focus = self.focus.saturating_sub(1);
        }
    }

    fn open_picker(&mut self, t: &Strings) -> Action {
        let names = self.departments.iter().map(|d| d.name.clone()).collect();
        self.picker =
            Some(Picker::new(t.pick_department, names, Some(&self.department_name)).allowing_add());
        Action::None
    }

    /// A character typed on a choice picks the option it starts, or a
    /// message says how to choose.
    fn type_on_choice(&mut self, field: Field, key: KeyEvent, t: &Strings) -> Action {
        let (labels, mut at) = self.choice_text(field, t);
        let found = keys::typed(&key).and_then(|c| self.type_ahead.push(c, &labels));
        let Some(target) = found else {
            let how = t
                .choice_how
                .fill([&keys::LEFT_RIGHT.name(t), &keys::SPACE.name(t)]);
            return Action::Message(how, Severity::Info);
        };
        for _ in 0..labels.len() {
            if at == target {
                break;
            }
            self.cycle(field, true);
            at = self.choice_text(field, t).1;
        }
        self.dirty = true;
        Action::None
    }

    fn choice_text(&self, field: Field, t: &Strings) -> (Vec<&'static str>, usize) {
        let f = &self.form;
        match field {
            Field::SupervisionLevel => (t.cases.levels.to_vec(), f.level.index()),
            Field::Grade => (
                t.cases.grades.iter().map(|g| &g[..1]).collect(),
                f.grade as usize,
            ),
            Field::FeedbackWay => (t.cases.feedback_ways.to_vec(), f.way.index()),
            Field::Satisfaction => (t.cases.satisfactions.to_vec(), f.satisfaction.index()),
            _ => (Vec::new(), 0),
        }
    }

    /// A line under a field explaining it (the grade's meaning, the date a
    /// deadline in working days falls on).
    fn note_for(&self, field: Field, v: &View) -> Option<String> {
        match field {
            Field::Grade => Some(v.t.grade(self.form.grade).to_string()),
            Field::DeadlineDays => {
                let days = self
                    .inputs
                    .get(&field)
                    .map(|i| i.text())
                    .unwrap_or_default();
                parse_count(&days, 1, 90).ok().map(|n| {
                    let date = self.calendar.add_working_days(v.now.date(), n as u32);
                    v.t.deadline_preview.fill([&n, &date.format("%Y-%m-%d")])
                })
            }
            Field::NewDeadline => self
                .deadline
                .map(|d| format!("{}：{}", v.t.cases.labels.deadline, d.format("%Y-%m-%d"))),
            _ => None,
        }
    }
}

impl CaseActionScreen {
    /// A key for the focused text field; ↑↓ leave it when it has no line to move to.
    fn edit_field(&mut self, f: Field, key: KeyEvent) {
        let Some(input) = self.inputs.get_mut(&f) else {
            return;
        };
        match input.handle_key(key) {
            InputOutcome::Changed => {
                self.dirty = true;
                self.errors.retain(|e| e.field != f);
            }
            InputOutcome::Ignored if keys::UP_DOWN.matches(&key) => {
                self.move_focus(keys::DOWN.matches(&key))
            }
            _ => {}
        }
    }
}

impl CaseActionScreen {
    fn choose_department(&mut self, i: usize) {
        let d = &self.departments[i];
        self.form.department_id = Some(d.id.clone());
        self.department_name = d.name.clone();
        self.errors.retain(|e| e.field != Field::Department);
        self.move_focus(true);
    }

    /// Adds a department typed in the picker and chooses it (audited by the store).
    fn add_department(&mut self, name: &str, cx: &mut Ctx) -> Action {
        let actor = current_actor(cx);
        let added = cx
            .store
            .add_department(name, "", "", &actor, cx.now)
            .and_then(|_| cx.store.departments());
        match added {
            Ok(departments) => self.departments = departments,
            Err(e) => return Action::Message(cx.t.store_error(&e), Severity::Error),
        }
        if let Some(i) = self.departments.iter().position(|d| d.name == name) {
            self.choose_department(i);
        }
        Action::Message(cx.t.department_added.fill([&name]), Severity::Ok)
    }
}

impl Screen for CaseActionScreen {
    fn title(&self, t: &Strings) -> String {
        format!("{} · {}", self.number, t.action(self.form.kind))
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(mut picker) = self.picker.take() {
            match picker.handle_key(key) {
                PickOutcome::Open => self.picker = Some(picker),
                PickOutcome::Cancelled => {}
                PickOutcome::Chosen(i) => self.choose_department(i),
                PickOutcome::Add(name) => return self.add_department(&name, cx),
            }
            return Action::None;
        }
        let row = self.focused();
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        }
        let (enter, space) = (keys::ENTER.matches(&key), keys::SPACE.matches(&key));
        let (up_down, down) = (keys::UP_DOWN.matches(&key), keys::DOWN.matches(&key));
        match row {
            Row::Save if enter => return self.save(cx),
            Row::Field(Field::Department) if enter || space => return self.open_picker(cx.t),
            _ if keys::TAB.matches(&key) => self.move_focus(true),
            _ if keys::BACK_TAB.matches(&key) => self.move_focus(false),
            Row::Field(f) if enter && !(is_multiline(f) && keys::NEWLINE.matches(&key)) => {
                self.move_focus(true)
            }
            Row::Field(f) if is_choice(f) && keys::LEFT_RIGHT.matches(&key) => {
                self.cycle(f, keys::RIGHT.matches(&key))
            }
            Row::Field(f) if is_choice(f) && space => self.cycle(f, true),
            Row::Field(f) if is_choice(f) && keys::typed(&key).is_some() => {
                return self.type_on_choice(f, key, cx.t);
            }
            Row::Save if up_down => self.move_focus(down),
            Row::Field(f) if up_down && (is_choice(f) || f == Field::Department) => {
                self.move_focus(down)
            }
            Row::Field(f) => self.edit_field(f, key),
            Row::Save => {}
        }
        Action::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Row::Field(f) = self.focused() {
            if let Some(input) = self.inputs.get_mut(&f) {
                input.insert_str(text);
            }
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.focus, v);
        let value_width = inner.width.saturating_sub(form::LABEL_WIDTH) as usize;
        let mut y = inner.y + 1;
        let multi_rows = self
            .rows
            .iter()
            .filter(|r| matches!(r, Row::Field(f) if is_multiline(*f)))
            .count() as u16;
        let fixed = (self.rows.len() as u16) * 2 + 2;
        let multi_height = inner
            .height
            .saturating_sub(fixed)
            .checked_div(multi_rows)
            .map_or(1, |h| h.clamp(3, 8));
        for (i, row) in self.rows.clone().into_iter().enumerate() {
            if y >= inner.bottom() {
                break;
            }
            let focused = i == self.focus;
            let style = if focused { v.theme.focus } else { v.theme.text };
            let field = match row {
                Row::Save => {
                    form::save_button(
                        f,
                        Rect {
                            y,
                            height: 1,
                            ..inner
                        },
                        focused,
                        v,
                    );
                    y += 1;
                    continue;
                }
                Row::Field(field) => field,
            };
            let error = self.errors.iter().find(|e| e.field == field).cloned();
            let height = if is_multiline(field) { multi_height } else { 1 }.min(inner.bottom() - y);
            let area = Rect { y, height, ..inner };
            let value = form::label(f, area, v.t.field(field), focused, error.is_some(), v);
            if is_choice(field) {
                let (options, chosen) = self.choice_text(field, v.t);
                form::choices(
                    f,
                    Rect { height: 1, ..value },
                    &options,
                    Some(chosen),
                    focused,
                    v,
                );
            } else if field == Field::Department {
                form::picked(
                    f,
                    Rect { height: 1, ..value },
                    &self.department_name,
                    focused,
                    v,
                );
            } else if let Some(input) = self.inputs.get_mut(&field) {
                input.render(f, value, style, focused && self.picker.is_none());
            }
            y += height;
            let mut notes: Vec<(String, ratatui::style::Style)> = Vec::new();
            if let Some(note) = self.note_for(field, v) {
                notes.push((note, v.theme.muted));
            }
            if let Some(e) = error {
                for line in wrap_text(&v.t.field_error(&e), value_width) {
                    notes.push((line, v.theme.invalid));
                }
            }
            for (text, s) in notes {
                if y < inner.bottom() {
                    form::note(
                        f,
                        Rect {
                            y,
                            height: 1,
                            ..value
                        },
                        &text,
                        s,
                    );
                    y += 1;
                }
            }
        }
        if let Some(picker) = &mut self.picker {
            picker.render(f, area, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if let Some(picker) = &self.picker {
            return picker.current_hints(t);
        }
        // Enter does what the focused row says: save, choose, or go on.
        let next = match self.focused() {
            Row::Save | Row::Field(Field::Department) => keys::TAB.hint(t, t.hint_next_field),
            Row::Field(_) => keys::either(&[&keys::TAB, &keys::ENTER], t, t.hint_next_field),
        };
        let mut hints = vec![next, keys::BACK_TAB.hint(t, t.hint_prev_field)];
        match self.focused() {
            Row::Save => hints.push(keys::ENTER.hint(t, t.hint_save)),
            Row::Field(Field::Department) => hints.push(keys::ENTER.hint(t, t.hint_choose)),
            Row::Field(f) if is_choice(f) => hints.push(keys::LEFT_RIGHT.hint(t, t.hint_choose)),
            Row::Field(f) if is_multiline(f) => hints.push(keys::NEWLINE.hint(t, t.hint_newline)),
            Row::Field(_) => {}
        }
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_cancel));
        hints
    }

    fn editing_text(&self) -> bool {
        self.picker.is_some()
            || matches!(self.focused(), Row::Field(f) if self.inputs.contains_key(&f))
    }

    fn has_input(&self) -> bool {
        self.dirty
    }
}
