//! The guided reception form: the visitor, the matter, the handling.
//! The form is written to the drafts table shortly after every change, so a
//! crash or power cut loses nothing; saving turns it into a reception and
//! its case in one transaction and shows the receipt.

mod items;
mod view;

use super::receipt::{Receipt, ReceiptScreen};
use crate::domain::calendar::Calendar;
use crate::domain::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use crate::domain::fields::FieldError;
use crate::domain::ids::DeputyId;
use crate::domain::ids::new_id;
use crate::domain::reception::{ReceptionDraft, ReceptionRules};
use crate::domain::validate::parse_phone;
use crate::i18n::Strings;
use crate::store::{Department, Draft, DutySession, EarlierVisit, SaveContext};
use crate::ui::components::confirm::{self, Answer};
use crate::ui::components::list_nav;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::text_input::{InputOutcome, TextInput};
use crate::ui::components::type_ahead::TypeAhead;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use items::{Item, STEP_COUNT, items};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::time::{Duration, Instant};

pub const DRAFT_KIND: &str = "reception";

/// How long typing must pause before the draft is written.
const DRAFT_DELAY: Duration = Duration::from_millis(300);

/// The text fields of the form.
#[derive(Default)]
struct Inputs {
    name: TextInput,
    phone: TextInput,
    id_number: TextInput,
    address: TextInput,
    group_size: TextInput,
    letter_received: TextInput,
    content: TextInput,
    on_spot_reply: TextInput,
    deadline_days: TextInput,
    guidance: TextInput,
    remarks: TextInput,
}

impl Inputs {
    fn from_draft(d: &ReceptionDraft) -> Self {
        Self {
            name: TextInput::single(&d.visitor_name),
            phone: TextInput::single(&d.phone),
            id_number: TextInput::single(&d.id_number),
            address: TextInput::single(&d.address),
            group_size: TextInput::single(&d.group_size),
            letter_received: TextInput::single(&d.letter_received),
            content: TextInput::multi(&d.content),
            on_spot_reply: TextInput::multi(&d.on_spot_reply),
            deadline_days: TextInput::single(&d.deadline_days),
            guidance: TextInput::multi(&d.guidance),
            remarks: TextInput::single(&d.remarks),
        }
    }

    fn get_mut(&mut self, item: Item) -> Option<&mut TextInput> {
        Some(match item {
            Item::Name => &mut self.name,
            Item::Phone => &mut self.phone,
            Item::IdNumber => &mut self.id_number,
            Item::Address => &mut self.address,
            Item::GroupSize => &mut self.group_size,
            Item::LetterReceived => &mut self.letter_received,
            Item::Content => &mut self.content,
            Item::OnSpotReply => &mut self.on_spot_reply,
            Item::DeadlineDays => &mut self.deadline_days,
            Item::Guidance => &mut self.guidance,
            Item::Remarks => &mut self.remarks,
            _ => return None,
        })
    }

    /// Copies one field's text into the draft.
    fn store_into(&self, item: Item, d: &mut ReceptionDraft) {
        match item {
            Item::Name => d.visitor_name = self.name.text(),
            Item::Phone => d.phone = self.phone.text(),
            Item::IdNumber => d.id_number = self.id_number.text(),
            Item::Address => d.address = self.address.text(),
            Item::GroupSize => d.group_size = self.group_size.text(),
            Item::LetterReceived => d.letter_received = self.letter_received.text(),
            Item::Content => d.content = self.content.text(),
            Item::OnSpotReply => d.on_spot_reply = self.on_spot_reply.text(),
            Item::DeadlineDays => d.deadline_days = self.deadline_days.text(),
            Item::Guidance => d.guidance = self.guidance.text(),
            Item::Remarks => d.remarks = self.remarks.text(),
            _ => {}
        }
    }
}

/// A draft as written to the database: the form and where the user was.
#[derive(Default, serde::Serialize, serde::Deserialize)]
struct SavedDraft {
    #[serde(flatten)]
    form: ReceptionDraft,
    #[serde(default)]
    step: usize,
    #[serde(default)]
    focus: usize,
}

/// Which pop-up list is open, and for what.
enum Popup {
    Pick(Item, Picker),
    /// An unfinished draft was found: 0 = continue, 1 = discard.
    Resume(Draft, usize),
    /// Discard that draft? (asked once more: it cannot be undone).
    ConfirmDiscard(Draft),
}

pub struct ReceptionScreen {
    draft_id: String,
    draft: ReceptionDraft,
    inputs: Inputs,
    step: usize,
    focus: usize,
    errors: Vec<FieldError>,
    popup: Option<Popup>,
    categories: Vec<String>,
    /// The station records national ID numbers (settings).
    collect_id_number: bool,
    /// For the date of birth in an ID number; moved on at every save.
    today: NaiveDate,
    departments: Vec<Department>,
    on_duty: Vec<DutySession>,
    calendar: Calendar,
    earlier: Vec<EarlierVisit>,
    /// What the earlier-visits lookup last searched for.
    earlier_key: (Option<String>, Option<String>),
    changed_at: Option<Instant>,
    draft_status: Option<(String, bool)>,
    /// Just arrived at a number with a default (persons, reply days): the
    /// first digit typed replaces it rather than joining it ("1" → "3", not "13").
    replace_number: bool,
    /// What was typed on the focused choice row (reset on leaving it).
    type_ahead: TypeAhead,
}

impl ReceptionScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let settings = cx.read(cx.store.settings());
        let draft = ReceptionDraft {
            deadline_days: settings.reply_days.to_string(),
            ..ReceptionDraft::default()
        };
        let mut screen = Self {
            draft_id: new_id(),
            inputs: Inputs::from_draft(&draft),
            draft,
            step: 0,
            focus: 0,
            errors: Vec::new(),
            popup: None,
            categories: settings.categories.clone(),
            collect_id_number: settings.collect_id_number,
            today: cx.now.date(),
            departments: cx.read(cx.store.departments()),
            on_duty: cx.read(cx.store.on_duty(cx.now.date())),
            calendar: settings.working_calendar(),
            earlier: Vec::new(),
            earlier_key: (None, None),
            changed_at: None,
            draft_status: None,
            replace_number: false,
            type_ahead: TypeAhead::default(),
        };
        if let Some(old) = cx
            .store
            .drafts(DRAFT_KIND)
            .ok()
            .and_then(|d| d.into_iter().next())
        {
            screen.popup = Some(Popup::Resume(old, 0));
        }
        screen
    }

    fn current_items(&self) -> Vec<Item> {
        items(self.step, &self.draft, self.collect_id_number)
    }

    fn rules(&self) -> ReceptionRules<'_> {
        ReceptionRules {
            categories: &self.categories,
            collect_id_number: self.collect_id_number,
            today: self.today,
        }
    }

    fn focused(&self) -> Item {
        let items = self.current_items();
        items[self.focus.min(items.len() - 1)]
    }

    fn touch(&mut self) {
        self.changed_at = Some(Instant::now());
        self.recheck_errors();
    }

    /// Errors already shown disappear as soon as the field is right.
    fn recheck_errors(&mut self) {
        let still: Vec<FieldError> = match self.draft.validate(&self.rules()) {
            Ok(_) => Vec::new(),
            Err(all) => all,
        };
        self.errors.retain(|e| still.contains(e));
    }

    /// Checks the field being left and shows its problem, if any.
    fn check_leaving(&mut self, item: Item, cx: &mut Ctx) {
        if let Some(field) = item.field() {
            self.errors.retain(|e| e.field != field);
            if let Some(e) = self.draft.check_field(field, &self.rules()) {
                self.errors.push(e);
            }
        }
        if matches!(item, Item::Name | Item::Phone | Item::Anonymous) {
            self.refresh_earlier(cx);
        }
    }

    fn refresh_earlier(&mut self, cx: &mut Ctx) {
        let phone = parse_phone(&self.draft.phone).ok().map(|p| p.stored());
        let name = Some(self.draft.visitor_name.trim().to_string())
            .filter(|n| !self.draft.anonymous && n.chars().count() >= 2);
        let key = (phone, name);
        if key == self.earlier_key {
            return;
        }
        self.earlier = cx
            .store
            .earlier_visits(key.0.as_deref(), key.1.as_deref(), 10)
            .unwrap_or_default();
        self.earlier_key = key;
    }

    fn move_focus(&mut self, forward: bool, cx: &mut Ctx) {
        let leaving = self.focused();
        self.check_leaving(leaving, cx);
        let len = self.current_items().len();
        if forward {
            if self.focus + 1 < len {
                self.focus += 1;
            } else if self.step + 1 < STEP_COUNT {
                self.step += 1;
                self.focus = 0;
            }
        } else if self.focus > 0 {
            self.focus -= 1;
        } else if self.step > 0 {
            self.step -= 1;
            self.focus = self.current_items().len() - 1;
        }
        // Skip the name while the visitor is anonymous.
        if self.focused() == Item::Name && self.draft.anonymous {
            if forward {
                self.focus += 1;
            } else if self.step > 0 || self.focus > 0 {
                self.move_focus(false, cx);
            }
        }
    }

    fn go_to_step(&mut self, step: usize, cx: &mut Ctx) {
        let leaving = self.focused();
        self.check_leaving(leaving, cx);
        self.step = step.min(STEP_COUNT - 1);
        self.focus = 0;
    }

    /// ←/→ or Space on a choice row.
    fn cycle_choice(&mut self, item: Item, forward: bool) -> bool {
        fn next<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> T {
            let len = all.len();
            match current.and_then(|c| all.iter().position(|x| *x == c)) {
                None if forward => all[0],
                None => all[len - 1],
                Some(i) if forward => all[(i + 1) % len],
                Some(i) => all[(i + len - 1) % len],
            }
        }
        let d = &mut self.draft;
        match item {
            Item::Gender => d.gender = next(Gender::ALL, Some(d.gender), forward),
            Item::Channel => d.channel = next(Channel::ALL, Some(d.channel), forward),
            Item::RequestType => {
                d.request_type = next(RequestType::ALL, Some(d.request_type), forward)
            }
            Item::Route => d.route = Some(next(Route::ALL, d.route, forward)),
            Item::Anonymous => d.anonymous = !d.anonymous,
            Item::Confidential => d.confidential = !d.confidential,
            _ => return false,
        }
        true
    }

    fn open_picker(&mut self, item: Item, t: &Strings) -> Action {
        let (title, options, current): (&str, Vec<String>, Option<String>) = match item {
            Item::Category => (
                t.pick_category,
                self.categories.clone(),
                Some(self.draft.category.clone()),
            ),
            Item::Department => (
                t.pick_department,
                self.departments.iter().map(|d| d.name.clone()).collect(),
                Some(self.draft.department_name.clone()),
            ),
            Item::NotAcceptedReason => (
                t.field(crate::domain::fields::Field::NotAcceptedReason),
                t.not_accepted_reasons
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                self.draft
                    .not_accepted_reason
                    .map(|r| t.not_accepted_reason(r).to_string()),
            ),
            _ => return Action::None,
        };
        let picker = Picker::new(title, options, current.as_deref());
        // A new station has no departments yet: its first referral adds one.
        let picker = if item == Item::Department {
            picker.allowing_add()
        } else {
            picker
        };
        self.popup = Some(Popup::Pick(item, picker));
        Action::None
    }

    fn picked(&mut self, item: Item, index: usize, cx: &mut Ctx) {
        match item {
            Item::Category => self.draft.category = self.categories[index].clone(),
            Item::Department => {
                let d = &self.departments[index];
                self.draft.department_id = Some(d.id.clone());
                self.draft.department_name = d.name.clone();
            }
            Item::NotAcceptedReason => {
                self.draft.not_accepted_reason = Some(NotAcceptedReason::ALL[index])
            }
            _ => {}
        }
        self.touch();
        self.move_focus(true, cx);
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
            self.picked(Item::Department, i, cx);
        }
        Action::Message(cx.t.department_added.fill([&name]), Severity::Ok)
    }

    fn handle_popup(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match self.popup.take() {
            Some(Popup::Pick(item, mut picker)) => match picker.handle_key(key) {
                PickOutcome::Open => self.popup = Some(Popup::Pick(item, picker)),
                PickOutcome::Cancelled => {}
                PickOutcome::Chosen(i) => self.picked(item, i, cx),
                PickOutcome::Add(name) => return self.add_department(&name, cx),
            },
            Some(Popup::Resume(draft, mut choice)) => {
                if list_nav::cycle(&key, &mut choice, 2) {
                    self.popup = Some(Popup::Resume(draft, choice));
                } else if keys::ENTER.matches(&key) && choice == 0 {
                    self.resume_draft(draft);
                } else if keys::ENTER.matches(&key) {
                    self.popup = Some(Popup::ConfirmDiscard(draft));
                } else if keys::ESC.matches(&key) {
                    return Action::Pop;
                } else {
                    self.popup = Some(Popup::Resume(draft, choice));
                }
            }
            Some(Popup::ConfirmDiscard(draft)) => match confirm::answer(&key) {
                Answer::Yes => {
                    if let Err(e) = cx.store.delete_draft(&draft.id) {
                        return Action::Message(cx.t.store_error(&e), Severity::Error);
                    }
                }
                Answer::No => self.popup = Some(Popup::Resume(draft, 1)),
                Answer::Undecided => self.popup = Some(Popup::ConfirmDiscard(draft)),
            },
            None => {}
        }
        Action::None
    }

    fn resume_draft(&mut self, draft: Draft) {
        // A draft that cannot be read (edited by hand) still keeps its id, so
        // the user's next save replaces it rather than leaving it behind.
        let saved: SavedDraft = serde_json::from_str(&draft.data).unwrap_or_default();
        self.draft_id = draft.id;
        let mut form = saved.form;
        // Typed while the station recorded ID numbers; it no longer does.
        if !self.collect_id_number {
            form.id_number.clear();
        }
        // A department deleted since the draft was written must be chosen again.
        if let Some(id) = &form.department_id {
            if !self.departments.iter().any(|d| &d.id == id) {
                form.department_id = None;
                form.department_name.clear();
            }
        }
        self.inputs = Inputs::from_draft(&form);
        self.draft = form;
        // Back to the field the user was in.
        self.step = saved.step.min(STEP_COUNT - 1);
        self.focus = saved.focus.min(self.current_items().len() - 1);
        self.recheck_errors();
    }

    /// Ctrl+L: links the next open case (after the last, unlinks) and
    /// says so on the message line, which every screen size shows.
    fn link_next_case(&mut self, t: &Strings) -> Action {
        let open: Vec<&EarlierVisit> = self.earlier.iter().filter(|e| e.status.is_open()).collect();
        if open.is_empty() {
            return Action::None;
        }
        let current = self
            .draft
            .linked_case_id
            .as_ref()
            .and_then(|id| open.iter().position(|e| &e.case_id == id));
        self.draft.linked_case_id = match current {
            None => Some(open[0].case_id.clone()),
            Some(i) if i + 1 < open.len() => Some(open[i + 1].case_id.clone()),
            Some(_) => None,
        };
        let linked = self.draft.linked_case_id.as_ref();
        let said = match open.iter().find(|e| Some(&e.case_id) == linked) {
            Some(e) => t.case_linked.fill([&e.number]),
            None => t.case_unlinked.to_string(),
        };
        self.touch();
        Action::Message(said, Severity::Ok)
    }

    fn write_draft(&mut self, cx: &mut Ctx) {
        self.changed_at = None;
        let result = if self.draft.is_blank() {
            cx.store.delete_draft(&self.draft_id)
        } else {
            let saved = SavedDraft {
                form: self.draft.clone(),
                step: self.step,
                focus: self.focus,
            };
            let data = serde_json::to_string(&saved).unwrap_or_default();
            let owner = self
                .on_duty
                .first()
                .map(|s| s.deputy_id.as_str())
                .unwrap_or("");
            cx.store
                .save_draft(&self.draft_id, DRAFT_KIND, owner, &data, cx.now)
        };
        self.draft_status = Some(match result {
            Ok(()) => (cx.t.draft_saved.fill([&cx.now.format("%H:%M:%S")]), true),
            Err(e) => (
                format!("{}：{}", cx.t.draft_not_saved, cx.t.store_error(&e)),
                false,
            ),
        });
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        self.today = cx.now.date();
        let valid = match self.draft.validate(&self.rules()) {
            Ok(v) => v,
            Err(errors) => {
                let first = Item::locate(errors[0].field, &self.draft, self.collect_id_number);
                if let Some((step, pos)) = first {
                    self.step = step;
                    self.focus = pos;
                }
                let count = errors.len();
                self.errors = errors;
                return Action::Message(cx.t.fix_errors.fill([&count]), Severity::Warn);
            }
        };
        let deputy_ids: Vec<DeputyId> = self.on_duty.iter().map(|s| s.deputy_id.clone()).collect();
        let recorder = self
            .on_duty
            .first()
            .map(|s| s.deputy_name.clone())
            .unwrap_or_default();
        let result = cx.store.save_reception_at_kiosk(
            &valid,
            &SaveContext {
                deputy_ids: &deputy_ids,
                recorder: &recorder,
                now: cx.now,
                calendar: &self.calendar,
                draft_id: Some(&self.draft_id),
            },
        );
        match result {
            Ok(saved) => {
                self.changed_at = None;
                let station = cx.store.station().ok().flatten();
                let receipt =
                    Receipt::build(&valid, &saved, &self.draft, &self.on_duty, station, cx);
                Action::Replace(Box::new(ReceiptScreen::new(receipt)))
            }
            // The form stays as typed; the draft is still in the database.
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn handle_form_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let item = self.focused();
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        } else if keys::LINK_CASE.matches(&key) {
            return self.link_next_case(cx.t);
        } else if keys::ESC.matches(&key) {
            self.write_draft(cx);
            return Action::Pop;
        } else if keys::PAGE_DOWN.matches(&key) {
            self.go_to_step(self.step + 1, cx);
        } else if keys::PAGE_UP.matches(&key) {
            self.go_to_step(self.step.saturating_sub(1), cx);
        } else if keys::TAB.matches(&key) {
            self.move_focus(true, cx);
        } else if keys::BACK_TAB.matches(&key) {
            self.move_focus(false, cx);
        } else if keys::ENTER.matches(&key) {
            return self.enter(item, key, cx);
        } else {
            return self.other_key(item, key, cx);
        }
        Action::None
    }

    /// Enter: a new line in a long text (with Alt), save on the save row,
    /// open the list on a picker row, else the next field.
    fn enter(&mut self, item: Item, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::NEWLINE.matches(&key) && item.is_multiline() {
            self.edit_text(item, key);
        } else if item == Item::Save {
            return self.save(cx);
        } else if item.is_picker() {
            return self.open_picker(item, cx.t);
        } else {
            self.move_focus(true, cx);
        }
        Action::None
    }

    fn other_key(&mut self, item: Item, key: KeyEvent, cx: &mut Ctx) -> Action {
        let up_down = keys::UP_DOWN.matches(&key);
        let down = keys::DOWN.matches(&key);
        if item.is_text() {
            // The key goes to the field once; Up and Down leave it only
            // when it has no line to move to.
            if !self.edit_text(item, key) && up_down {
                self.move_focus(down, cx);
            }
        } else if keys::LEFT_RIGHT.matches(&key)
            && self.cycle_choice(item, keys::RIGHT.matches(&key))
        {
            self.touch();
        } else if keys::SPACE.matches(&key) {
            if item.is_picker() {
                return self.open_picker(item, cx.t);
            }
            if self.cycle_choice(item, true) {
                self.touch();
            }
        } else if up_down {
            self.move_focus(down, cx);
        } else if let Some(c) = keys::typed(&key) {
            return self.type_on_choice(item, c, cx);
        }
        Action::None
    }

    /// A character typed on a choice row picks the option it starts, opens
    /// the list on a list row, or says how to choose: never dropped.
    fn type_on_choice(&mut self, item: Item, c: char, cx: &mut Ctx) -> Action {
        if item.is_picker() {
            let action = self.open_picker(item, cx.t);
            if let Some(Popup::Pick(_, picker)) = &mut self.popup {
                picker.paste(&c.to_string());
            }
            return action;
        }
        let labels = self.choice_options(item, cx.t).map(|(l, _)| l);
        let found = labels
            .as_ref()
            .and_then(|labels| self.type_ahead.push(c, labels));
        let (Some(labels), Some(target)) = (labels, found) else {
            let how =
                cx.t.choice_how
                    .fill([&keys::LEFT_RIGHT.name(cx.t), &keys::SPACE.name(cx.t)]);
            return Action::Message(how, Severity::Info);
        };
        for _ in 0..labels.len() {
            if self.choice_options(item, cx.t).and_then(|(_, at)| at) == Some(target) {
                break;
            }
            self.cycle_choice(item, true);
        }
        self.touch();
        Action::None
    }

    /// A choice row's option labels and which is chosen.
    fn choice_options(
        &self,
        item: Item,
        t: &Strings,
    ) -> Option<(Vec<&'static str>, Option<usize>)> {
        let d = &self.draft;
        Some(match item {
            Item::Gender => (
                Gender::ALL.iter().map(|g| t.gender(*g)).collect(),
                Gender::ALL.iter().position(|g| *g == d.gender),
            ),
            Item::Channel => (
                Channel::ALL.iter().map(|c| t.channel(*c)).collect(),
                Channel::ALL.iter().position(|c| *c == d.channel),
            ),
            Item::RequestType => (
                RequestType::ALL
                    .iter()
                    .map(|r| t.request_type(*r))
                    .collect(),
                RequestType::ALL.iter().position(|r| *r == d.request_type),
            ),
            Item::Route => (
                Route::ALL.iter().map(|r| t.route(*r)).collect(),
                d.route
                    .and_then(|c| Route::ALL.iter().position(|r| *r == c)),
            ),
            _ => return None,
        })
    }

    /// The form's hints; Enter is named once, for what it does on the
    /// focused row.
    fn form_hints(&self, t: &'static Strings) -> Vec<Hint> {
        let item = self.focused();
        let enter_moves = !item.is_picker() && item != Item::Save;
        let mut hints = vec![
            if enter_moves {
                keys::either(&[&keys::TAB, &keys::ENTER], t, t.hint_next_field)
            } else {
                keys::TAB.hint(t, t.hint_next_field)
            },
            keys::BACK_TAB.hint(t, t.hint_prev_field),
        ];
        if item == Item::Save {
            hints.push(keys::ENTER.hint(t, t.hint_save));
        } else if item.is_picker() {
            hints.push(keys::ENTER.hint(t, t.hint_choose));
        } else if matches!(item, Item::Anonymous | Item::Confidential) {
            hints.push(keys::SPACE.hint(t, t.hint_toggle));
        } else if !item.is_text() {
            hints.push(keys::LEFT_RIGHT.hint(t, t.hint_choose));
        }
        if item.is_multiline() {
            hints.push(keys::NEWLINE.hint(t, t.hint_newline));
        }
        let steps = [&keys::PAGE_DOWN, &keys::PAGE_UP];
        hints.push(keys::either(&steps, t, t.hint_next_step));
        if let Some(last) = self.earlier.iter().rfind(|e| e.status.is_open()) {
            // Ctrl+L steps through the open cases; after the last it unlinks.
            let linked_last = self.draft.linked_case_id.as_ref() == Some(&last.case_id);
            let label = if linked_last {
                t.hint_unlink_case
            } else {
                t.hint_link_case
            };
            hints.push(keys::LINK_CASE.hint(t, label));
        }
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_back));
        hints
    }

    /// Passes a key to the focused text field; false if it was not used.
    fn edit_text(&mut self, item: Item, key: KeyEvent) -> bool {
        let Some(input) = self.inputs.get_mut(item) else {
            return false;
        };
        match input.handle_key(key) {
            InputOutcome::Changed => {
                self.inputs.store_into(item, &mut self.draft);
                self.touch();
                true
            }
            InputOutcome::Moved => true,
            InputOutcome::Ignored => false,
        }
    }
}

impl Screen for ReceptionScreen {
    fn title(&self, t: &Strings) -> String {
        t.reception_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if self.popup.is_some() {
            return self.handle_popup(key, cx);
        }
        let before = (self.step, self.focus);
        let item = self.focused();
        if std::mem::take(&mut self.replace_number)
            && keys::typed(&key).is_some_and(char::is_numeric)
        {
            if let Some(input) = self.inputs.get_mut(item) {
                input.set_text("");
            }
        }
        let action = self.handle_form_key(key, cx);
        let arrived = (self.step, self.focus) != before;
        if arrived {
            self.type_ahead.reset();
        }
        self.replace_number =
            arrived && matches!(self.focused(), Item::GroupSize | Item::DeadlineDays);
        action
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match &mut self.popup {
            Some(Popup::Pick(_, picker)) => picker.paste(text),
            Some(Popup::Resume(..) | Popup::ConfirmDiscard(_)) => {}
            None => {
                let item = self.focused();
                if let Some(input) = self.inputs.get_mut(item) {
                    input.insert_str(text);
                    self.inputs.store_into(item, &mut self.draft);
                    self.touch();
                }
            }
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        view::render(self, f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match &self.popup {
            Some(Popup::Pick(_, picker)) => picker.current_hints(t),
            Some(Popup::ConfirmDiscard(_)) => confirm::hints(t),
            Some(Popup::Resume(..)) => vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ENTER.hint(t, t.hint_confirm),
                keys::ESC.hint(t, t.hint_back),
            ],
            None => self.form_hints(t),
        }
    }

    fn tick(&mut self, cx: &mut Ctx) -> Action {
        if self
            .changed_at
            .is_some_and(|at| at.elapsed() >= DRAFT_DELAY)
        {
            self.write_draft(cx);
        }
        Action::None
    }

    fn flush(&mut self, cx: &mut Ctx) {
        if self.changed_at.is_some() {
            self.write_draft(cx);
        }
    }

    fn editing_text(&self) -> bool {
        self.popup.is_some() || self.focused().is_text()
    }

    fn has_input(&self) -> bool {
        !self.draft.is_blank()
    }

    fn modal(&self) -> bool {
        matches!(
            self.popup,
            Some(Popup::Resume(..) | Popup::ConfirmDiscard(_))
        )
    }
}
