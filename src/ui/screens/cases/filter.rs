//! The filter pop-up of the case list.

use crate::domain::case::CaseStatus;
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::ids::{DepartmentId, DeputyId};
use crate::domain::validate::{parse_count, parse_date};
use crate::store::{CaseFilter, Department, Deputy};
use crate::ui::View;
use crate::ui::components::form;
use crate::ui::components::panel;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::{centered, wrap};
use crate::ui::keys;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The rows of the filter form, in order.
const ROWS: usize = 8;

pub enum FilterOutcome {
    Open,
    /// The filter, whether only overdue cases are wanted, and "due within
    /// N working days" (the caller turns those into dates by the calendar).
    Apply(CaseFilter, bool, Option<u32>),
    Cancel,
}

pub struct FilterForm {
    base: CaseFilter,
    status: Option<CaseStatus>,
    category: Option<String>,
    department: Option<(DepartmentId, String)>,
    deputy: Option<(DeputyId, String)>,
    from: TextInput,
    to: TextInput,
    overdue: bool,
    due_within: TextInput,
    focus: usize,
    picker: Option<(usize, Picker)>,
    error: Option<(usize, String)>,
    categories: Vec<String>,
    departments: Vec<Department>,
    deputies: Vec<Deputy>,
}

fn date_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

impl FilterForm {
    pub fn new(
        current: &CaseFilter,
        due_within: Option<u32>,
        categories: Vec<String>,
        departments: Vec<Department>,
        deputies: Vec<Deputy>,
    ) -> Self {
        fn named<I: PartialEq>(id: &Option<I>, list: Vec<(I, String)>) -> Option<(I, String)> {
            id.as_ref()
                .and_then(|id| list.into_iter().find(|(i, _)| i == id))
        }
        Self {
            status: current.status,
            category: current.category.clone(),
            department: named(
                &current.department_id,
                departments
                    .iter()
                    .map(|d| (d.id.clone(), d.name.clone()))
                    .collect(),
            ),
            deputy: named(
                &current.deputy_id,
                deputies
                    .iter()
                    .map(|d| (d.id.clone(), d.name.clone()))
                    .collect(),
            ),
            from: TextInput::single(&date_text(current.from)),
            to: TextInput::single(&date_text(current.to)),
            overdue: current.overdue_before.is_some(),
            due_within: TextInput::single(&due_within.map(|n| n.to_string()).unwrap_or_default()),
            focus: 0,
            picker: None,
            error: None,
            base: current.clone(),
            categories,
            departments,
            deputies,
        }
    }

    pub fn set_overdue(&mut self, on: bool) {
        self.overdue = on;
    }

    fn text_mut(&mut self, row: usize) -> Option<&mut TextInput> {
        match row {
            4 => Some(&mut self.from),
            5 => Some(&mut self.to),
            7 => Some(&mut self.due_within),
            _ => None,
        }
    }

    /// The filter as chosen, or the row that is wrong and why.
    fn build(&self) -> Result<(CaseFilter, Option<u32>), (usize, FieldError)> {
        let date = |row: usize, input: &TextInput| match parse_date(&input.text()) {
            Ok(d) => Ok(Some(d)),
            Err(Problem::Required) => Ok(None),
            Err(p) => Err((row, FieldError::new(Field::Date, p))),
        };
        let from = date(4, &self.from)?;
        let to = date(5, &self.to)?;
        let due = match parse_count(&self.due_within.text(), 1, 90) {
            Ok(n) => Some(n as u32),
            Err(Problem::Required) => None,
            Err(p) => return Err((7, FieldError::new(Field::DeadlineDays, p))),
        };
        let filter = CaseFilter {
            status: self.status,
            category: self.category.clone(),
            department_id: self.department.as_ref().map(|d| d.0.clone()),
            deputy_id: self.deputy.as_ref().map(|d| d.0.clone()),
            from,
            to,
            overdue_before: None,
            due_by: None,
            query: self.base.query.clone(),
        };
        Ok((filter, due))
    }

    /// True while a list to choose from is open over the form.
    pub fn picker_open(&self) -> bool {
        self.picker.is_some()
    }

    fn open_picker(&mut self, t: &crate::i18n::Strings) {
        let title = t.cases.filter_fields[self.focus];
        let mut items = vec![t.cases.all.to_string()];
        match self.focus {
            1 => items.extend(self.categories.iter().cloned()),
            2 => items.extend(self.departments.iter().map(|d| d.name.clone())),
            3 => items.extend(self.deputies.iter().map(|d| d.name.clone())),
            _ => return,
        }
        self.picker = Some((self.focus, Picker::new(title, items, None)));
    }

    fn picked(&mut self, row: usize, index: usize) {
        // Index 0 is "all".
        let i = index.checked_sub(1);
        match row {
            1 => self.category = i.map(|i| self.categories[i].clone()),
            2 => {
                self.department = i.map(|i| {
                    (
                        self.departments[i].id.clone(),
                        self.departments[i].name.clone(),
                    )
                })
            }
            3 => {
                self.deputy =
                    i.map(|i| (self.deputies[i].id.clone(), self.deputies[i].name.clone()))
            }
            _ => {}
        }
    }

    fn cycle_status(&mut self, forward: bool) {
        let all: Vec<Option<CaseStatus>> = std::iter::once(None)
            .chain(CaseStatus::ALL.iter().copied().map(Some))
            .collect();
        let pos = all.iter().position(|s| *s == self.status).unwrap_or(0);
        let len = all.len();
        self.status = all[if forward {
            (pos + 1) % len
        } else {
            (pos + len - 1) % len
        }];
    }

    pub fn handle_key(&mut self, key: KeyEvent, t: &crate::i18n::Strings) -> FilterOutcome {
        if let Some((row, mut picker)) = self.picker.take() {
            match picker.handle_key(key) {
                PickOutcome::Open => self.picker = Some((row, picker)),
                PickOutcome::Chosen(i) => self.picked(row, i),
                PickOutcome::Cancelled | PickOutcome::Add(_) => {}
            }
            return FilterOutcome::Open;
        }
        let submit =
            keys::SAVE.matches(&key) || (keys::ENTER.matches(&key) && self.focus == ROWS - 1);
        if submit {
            return match self.build() {
                Ok((filter, due)) => FilterOutcome::Apply(filter, self.overdue, due),
                Err((row, e)) => {
                    self.focus = row;
                    // Named by the row (起始日期 / 截止日期), not as a bare 日期.
                    let label = t.cases.filter_fields[row];
                    self.error = Some((row, format!("{label}：{}", t.problem(&e.problem))));
                    FilterOutcome::Open
                }
            };
        }
        let any = |bindings: &[&keys::Binding]| bindings.iter().any(|b| b.matches(&key));
        let space = keys::SPACE.matches(&key);
        if keys::ESC.matches(&key) {
            return FilterOutcome::Cancel;
        } else if any(&[&keys::TAB, &keys::DOWN, &keys::ENTER]) {
            self.focus = (self.focus + 1).min(ROWS - 1);
        } else if any(&[&keys::BACK_TAB, &keys::UP]) {
            self.focus = self.focus.saturating_sub(1);
        } else if keys::LEFT_RIGHT.matches(&key) && self.focus == 0 {
            self.cycle_status(keys::RIGHT.matches(&key));
        } else if space && self.focus == 0 {
            self.cycle_status(true);
        } else if space && (1..=3).contains(&self.focus) {
            self.open_picker(t);
        } else if space && self.focus == 6 {
            self.overdue = !self.overdue;
        } else {
            let focus = self.focus;
            if let Some(input) = self.text_mut(focus) {
                input.handle_key(key);
                self.error = None;
            }
        }
        FilterOutcome::Open
    }

    pub fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let popup = centered(area, 70, (ROWS as u16) + 5);
        crate::ui::components::clear_popup(f, popup);
        let inner = panel(f, popup, v.t.cases.filter_title, v.theme.focus, v);
        let all = v.t.cases.all;
        for row in 0..ROWS {
            let area = Rect {
                y: inner.y + row as u16,
                height: 1,
                ..inner
            };
            let focused = row == self.focus;
            let invalid = self.error.as_ref().is_some_and(|(r, _)| *r == row);
            let value = form::label(f, area, v.t.cases.filter_fields[row], focused, invalid, v);
            let style = if focused { v.theme.focus } else { v.theme.text };
            let shown = |s: Option<&str>| s.unwrap_or(all).to_string();
            match row {
                0 => form::note(
                    f,
                    value,
                    &format!("◀ {} ▶", shown(self.status.map(|s| v.t.status(s)))),
                    style,
                ),
                1 => form::note(f, value, &shown(self.category.as_deref()), style),
                2 => form::note(
                    f,
                    value,
                    &shown(self.department.as_ref().map(|d| d.1.as_str())),
                    style,
                ),
                3 => form::note(
                    f,
                    value,
                    &shown(self.deputy.as_ref().map(|d| d.1.as_str())),
                    style,
                ),
                6 => form::checkbox(f, value, "", self.overdue, focused, v),
                _ => {
                    if let Some(input) = self.text_mut(row) {
                        input.render(f, value, style, focused);
                    }
                }
            }
        }
        if let Some((_, message)) = &self.error {
            let y = inner.y + ROWS as u16 + 1;
            let line = wrap::truncate(message, inner.width as usize);
            form::note(
                f,
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                &line,
                v.theme.invalid,
            );
        }
        if let Some((_, picker)) = &mut self.picker {
            picker.render(f, area, v);
        }
    }
}
