//! The departments cases are referred to (承办单位): add, edit, and delete
//! one that no case points to.

use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::ids::DepartmentId;
use crate::domain::validate::{parse_phone, validate_text};
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{Department, StoreError};
use crate::ui::components::confirm;
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::panel;
use crate::ui::components::popup_box;
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::TextInput;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

enum Mode {
    List,
    /// Editing: the department's id (None for a new one) and the form.
    Edit(Option<DepartmentId>, FieldList),
    ConfirmDelete(usize),
}

pub struct DepartmentsScreen {
    list: Vec<Department>,
    table: TableView,
    mode: Mode,
}

/// Checks the department form: name required, phone valid when given.
fn validate(fields: &FieldList) -> Result<(String, String, String), Vec<FieldError>> {
    let name = validate_text(
        Field::DepartmentName,
        &fields.text(Field::DepartmentName),
        true,
        40,
        false,
    );
    let contact = validate_text(
        Field::Contact,
        &fields.text(Field::Contact),
        false,
        20,
        false,
    );
    let phone = match parse_phone(&fields.text(Field::Phone)) {
        Ok(p) => Ok(p.stored()),
        Err(Problem::Required) => Ok(String::new()),
        Err(p) => Err(FieldError::new(Field::Phone, p)),
    };
    match (name, contact, phone) {
        (Ok(n), Ok(c), Ok(p)) => Ok((n, c, p)),
        (n, c, p) => Err([n.err(), c.err(), p.err()].into_iter().flatten().collect()),
    }
}

impl DepartmentsScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            list: Vec::new(),
            table: TableView::new(),
            mode: Mode::List,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.list = cx.read(cx.store.departments());
        let last = self.list.len().saturating_sub(1);
        self.table.select(self.table.selected().min(last));
    }

    fn editor(d: Option<&Department>) -> FieldList {
        let (name, contact, phone) = d.map_or(("", "", ""), |d| {
            (&d.name[..], &d.contact[..], &d.phone[..])
        });
        FieldList::new(vec![
            (Field::DepartmentName, TextInput::single(name)),
            (Field::Contact, TextInput::single(contact)),
            (Field::Phone, TextInput::single(phone)),
        ])
    }

    fn save(&mut self, id: Option<DepartmentId>, mut fields: FieldList, cx: &mut Ctx) -> Action {
        let (name, contact, phone) = match validate(&fields) {
            Ok(v) => v,
            Err(errors) => {
                fields.set_errors(errors);
                self.mode = Mode::Edit(id, fields);
                return Action::None;
            }
        };
        let actor = current_actor(cx);
        let result = match &id {
            Some(id) => cx
                .store
                .update_department(id, &name, &contact, &phone, &actor, cx.now),
            None => cx
                .store
                .add_department(&name, &contact, &phone, &actor, cx.now)
                .map(|_| ()),
        };
        match result {
            Ok(()) => {
                self.load(cx);
                if let Some(pos) = self.list.iter().position(|d| d.name == name) {
                    self.table.select(pos);
                }
                Action::Message(cx.t.cases.department_saved.into(), Severity::Ok)
            }
            Err(e) => {
                self.mode = Mode::Edit(id, fields);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    fn list_key(&mut self, key: KeyEvent) -> Action {
        let len = self.list.len();
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if self.table.navigate(&key, Reach::Lines, len) {
            return Action::None;
        }
        if keys::ADD.matches(&key) {
            self.mode = Mode::Edit(None, Self::editor(None));
        } else if keys::ENTER.matches(&key) {
            if let Some(d) = self.list.get(self.table.selected()) {
                self.mode = Mode::Edit(Some(d.id.clone()), Self::editor(Some(d)));
            }
        } else if keys::DELETE.matches(&key) && len > 0 {
            self.mode = Mode::ConfirmDelete(self.table.selected());
        }
        Action::None
    }

    fn delete(&mut self, index: usize, cx: &mut Ctx) -> Action {
        let Some(d) = self.list.get(index) else {
            return Action::None;
        };
        let actor = current_actor(cx);
        match cx.store.delete_department(&d.id.clone(), &actor, cx.now) {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.cases.department_deleted.into(), Severity::Ok)
            }
            Err(StoreError::Refused(Refusal::InUse)) => {
                Action::Message(cx.t.cases.department_in_use.into(), Severity::Warn)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }
}

impl DepartmentsScreen {
    fn render_list(&mut self, f: &mut Frame, inner: Rect, v: &View) {
        // Name and contact as wide as they were; the phone takes the rest.
        let widths = clip_widths(&[30, 12, inner.width], inner.width);
        let c = &v.t.cases.department_columns;
        let header = text_row(&[c[0], c[1], c[2]], &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let list = &self.list;
        self.table
            .render(f, inner, header, &constraints, list.len(), |i, selected| {
                let d = &list[i];
                let style = if selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                text_row(&[&d.name, &d.contact, &d.phone], &widths, style)
            });
        if list.is_empty() {
            let below = Rect {
                y: inner.y + 1,
                height: 1,
                ..inner
            };
            let empty = v.t.cases.departments_empty.fill([&keys::ADD.name(v.t)]);
            let empty = Line::styled(empty, v.theme.muted);
            f.render_widget(Paragraph::new(empty), below);
        }
    }
}

impl Screen for DepartmentsScreen {
    fn title(&self, t: &Strings) -> String {
        t.cases.departments_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::List) {
            Mode::Edit(id, mut fields) => {
                let save = keys::SAVE.matches(&key);
                if keys::ESC.matches(&key) {
                    return Action::None;
                }
                if save || fields.handle_key(key) == ListOutcome::Submit {
                    return self.save(id, fields, cx);
                }
                self.mode = Mode::Edit(id, fields);
                Action::None
            }
            Mode::ConfirmDelete(index) if confirm::yes(&key) => self.delete(index, cx),
            Mode::ConfirmDelete(_) => Action::None,
            Mode::List => self.list_key(key),
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Mode::Edit(_, fields) = &mut self.mode {
            fields.paste(text);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.cases.departments_title, v.theme.border, v);
        self.render_list(f, inner, v);
        match &mut self.mode {
            Mode::Edit(id, fields) => {
                let title = if id.is_some() {
                    v.t.cases.edit_department
                } else {
                    v.t.cases.new_department
                };
                let inner = popup_box(f, area, 70, 9, title, v);
                fields.render(
                    f,
                    Rect {
                        x: inner.x + 1,
                        y: inner.y + 1,
                        width: inner.width.saturating_sub(2),
                        height: inner.height.saturating_sub(1),
                    },
                    v,
                );
            }
            Mode::ConfirmDelete(index) => {
                let name = self
                    .list
                    .get(*index)
                    .map(|d| d.name.clone())
                    .unwrap_or_default();
                let question = v.t.cases.confirm_delete.fill([&name]);
                confirm::render(f, area, &question, v.theme.text, v);
            }
            Mode::List => {}
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match self.mode {
            Mode::Edit(..) => vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::SAVE.change_hint(t, t.hint_save),
                keys::ESC.hint(t, t.hint_cancel),
            ],
            Mode::ConfirmDelete(_) => confirm::hints(t),
            Mode::List => vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ADD.change_hint(t, t.cases.hint_add),
                keys::ENTER.hint(t, t.cases.hint_edit),
                keys::DELETE.change_hint(t, t.cases.hint_delete),
                keys::ESC.hint(t, t.hint_back),
            ],
        }
    }

    fn editing_text(&self) -> bool {
        matches!(self.mode, Mode::Edit(..))
    }
}
