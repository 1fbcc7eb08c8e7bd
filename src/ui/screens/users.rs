//! Users (administrator only): add a user with a role and PIN, change a
//! role, set a new PIN, or stop a user from signing in.

use crate::domain::fields::{Field, FieldError};
use crate::domain::ids::DeputyId;
use crate::domain::roles::{Role, validate_new_pin};
use crate::domain::validate::validate_person_name;
use crate::i18n::Strings;
use crate::store::{Deputy, User, UserChange};
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::{panel, popup_box};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};

enum Mode {
    List,
    /// Editing: the user (None for a new one) and the form.
    Edit(Option<User>, FieldList),
}

pub struct UsersScreen {
    list: Vec<User>,
    /// The roster offered while a deputy account is edited, and its link.
    roster: Vec<Deputy>,
    linked: Option<DeputyId>,
    table: TableView,
    mode: Mode,
}

/// What the form asks for once it is right.
struct Checked {
    name: String,
    role: Role,
    active: bool,
    pin: Option<String>,
}

fn role_of(t: &Strings, text: &str) -> Role {
    Role::ALL
        .into_iter()
        .find(|r| t.users.roles[r.index()] == text)
        .unwrap_or(Role::Deputy)
}

fn validate(fields: &FieldList, editing: bool, t: &Strings) -> Result<Checked, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = if editing {
        String::new()
    } else {
        validate_person_name(Field::UserName, &fields.text(Field::UserName))
            .map_err(|e| errors.push(e))
            .unwrap_or_default()
    };
    let (pin, again) = (fields.text(Field::Pin), fields.text(Field::PinAgain));
    // Editing with both PIN fields empty keeps the old PIN.
    let pin = if editing && pin.trim().is_empty() && again.trim().is_empty() {
        None
    } else {
        validate_new_pin(&pin, &again)
            .map_err(|e| errors.push(e))
            .ok()
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Checked {
        name,
        role: role_of(t, &fields.text(Field::Role)),
        active: fields.text(Field::UserActive) != t.users.inactive,
        pin,
    })
}

impl UsersScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            list: Vec::new(),
            roster: Vec::new(),
            linked: None,
            table: TableView::new(),
            mode: Mode::List,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.list = cx.read(cx.store.users());
        let last = self.list.len().saturating_sub(1);
        self.table.select(self.table.selected().min(last));
    }

    /// The roster, for linking a deputy account to its entry; with the
    /// entry the user is linked to now.
    fn roster_choice(cx: &mut Ctx, user: &User) -> Option<(Vec<Deputy>, Option<DeputyId>)> {
        if user.role != Role::Deputy {
            return None;
        }
        let roster = cx.store.deputies(false).ok()?;
        let linked = cx.store.user_deputy(&user.id).ok().flatten();
        (!roster.is_empty()).then_some((roster, linked))
    }

    fn editor(&self, t: &Strings, user: Option<&User>) -> FieldList {
        let role = t.users.roles[user.map_or(Role::Deputy, |u| u.role).index()];
        let mut fields = Vec::new();
        if user.is_none() {
            fields.push((Field::UserName, Entry::Text(TextInput::single(""))));
        }
        fields.push((Field::Role, Entry::choice(&t.users.roles, role)));
        if !self.roster.is_empty() {
            let names: Vec<&str> = self.roster.iter().map(|d| d.name.as_str()).collect();
            let current = self
                .roster
                .iter()
                .find(|d| Some(&d.id) == self.linked.as_ref())
                .map_or("", |d| d.name.as_str());
            fields.push((Field::RosterDeputy, Entry::choice(&names, current)));
        }
        if let Some(u) = user {
            let status = if u.active {
                t.users.active
            } else {
                t.users.inactive
            };
            fields.push((
                Field::UserActive,
                Entry::choice(&[t.users.active, t.users.inactive], status),
            ));
        }
        fields.push((Field::Pin, Entry::Text(TextInput::secret())));
        fields.push((Field::PinAgain, Entry::Text(TextInput::secret())));
        FieldList::with(fields)
    }

    fn save(&mut self, user: Option<User>, mut fields: FieldList, cx: &mut Ctx) -> Action {
        let checked = match validate(&fields, user.is_some(), cx.t) {
            Ok(c) => c,
            Err(errors) => {
                fields.set_errors(errors);
                self.mode = Mode::Edit(user, fields);
                return Action::None;
            }
        };
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        let result = match &user {
            None => cx
                .store
                .add_user(
                    &by,
                    &checked.name,
                    checked.role,
                    checked.pin.as_deref().unwrap_or_default(),
                    cx.now,
                )
                .map(|_| ()),
            Some(u) => {
                let change = UserChange {
                    user_id: u.id.clone(),
                    role: checked.role,
                    active: checked.active,
                    pin: checked.pin,
                };
                cx.store
                    .update_user(&by, &change, cx.now)
                    .and_then(|()| self.relink(&by, u, &fields, cx))
            }
        };
        match result {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.users.saved.into(), Severity::Ok)
            }
            Err(e) => {
                self.mode = Mode::Edit(user, fields);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }
}

impl UsersScreen {
    /// Links the account to the roster entry chosen, when it changed.
    fn relink(
        &self,
        by: &crate::domain::roles::Actor,
        user: &User,
        fields: &FieldList,
        cx: &mut Ctx,
    ) -> crate::store::StoreResult<()> {
        if self.roster.is_empty() {
            return Ok(());
        }
        let chosen = fields.text(Field::RosterDeputy);
        match self.roster.iter().find(|d| d.name == chosen) {
            Some(d) if Some(&d.id) != self.linked.as_ref() => {
                cx.store.link_user_deputy(by, &user.id, &d.id, cx.now)
            }
            _ => Ok(()),
        }
    }

    fn render_list(&mut self, f: &mut Frame, inner: Rect, v: &View) {
        let widths = clip_widths(&[20, 10, inner.width], inner.width);
        let c = &v.t.users.columns;
        let header = text_row(c, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let list = &self.list;
        self.table
            .render(f, inner, header, &constraints, list.len(), |i, selected| {
                let u = &list[i];
                let status = match (u.active, u.locked_until.is_some_and(|t| t > v.now)) {
                    (false, _) => v.t.users.inactive,
                    (true, true) => v.t.users.locked_short,
                    (true, false) => v.t.users.active,
                };
                let role = v.t.users.roles[u.role.index()];
                let style = match (selected, u.active) {
                    (true, _) => v.theme.selection,
                    (false, true) => v.theme.text,
                    (false, false) => v.theme.muted,
                };
                text_row(&[&u.name, role, status], &widths, style)
            });
    }
}

impl Screen for UsersScreen {
    fn title(&self, t: &Strings) -> String {
        t.users.title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::List) {
            Mode::Edit(user, mut fields) => {
                let save = keys::SAVE.matches(&key);
                if keys::ESC.matches(&key) {
                    return Action::None;
                }
                if save || fields.handle_key(key) == ListOutcome::Submit {
                    return self.save(user, fields, cx);
                }
                self.mode = Mode::Edit(user, fields);
                Action::None
            }
            Mode::List => {
                let len = self.list.len();
                if keys::ESC.matches(&key) {
                    return Action::Pop;
                }
                if self.table.navigate(&key, Reach::Lines, len) {
                    return Action::None;
                }
                if keys::ADD.matches(&key) {
                    self.roster.clear();
                    self.mode = Mode::Edit(None, self.editor(cx.t, None));
                } else if keys::ENTER.matches(&key) {
                    if let Some(u) = self.list.get(self.table.selected()).cloned() {
                        let (roster, linked) = Self::roster_choice(cx, &u).unwrap_or_default();
                        (self.roster, self.linked) = (roster, linked);
                        self.mode = Mode::Edit(Some(u.clone()), self.editor(cx.t, Some(&u)));
                    }
                }
                Action::None
            }
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Mode::Edit(_, fields) = &mut self.mode {
            fields.paste(text);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.users.title, v.theme.border, v);
        self.render_list(f, inner, v);
        if let Mode::Edit(user, fields) = &mut self.mode {
            let title = match user {
                Some(u) => format!("{} · {}", v.t.users.edit_user, u.name),
                None => v.t.users.new_user.to_string(),
            };
            let inner = popup_box(f, area, 70, 13, &title, v);
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
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match &self.mode {
            Mode::Edit(_, fields) => {
                let mut hints = vec![keys::TAB.hint(t, t.hint_next_field)];
                hints.extend(fields.entry_hint(t));
                hints.push(keys::SAVE.change_hint(t, t.hint_save));
                hints.push(keys::ESC.hint(t, t.hint_cancel));
                hints
            }
            Mode::List => vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ADD.change_hint(t, t.users.hint_add),
                keys::ENTER.hint(t, t.users.hint_edit),
                keys::ESC.hint(t, t.hint_back),
            ],
        }
    }

    fn editing_text(&self) -> bool {
        matches!(self.mode, Mode::Edit(..))
    }
}
