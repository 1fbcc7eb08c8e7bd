//! Adding or correcting one entry of the roster, the activity register or
//! the study register. The form is kept as a draft while it is filled in,
//! so a crash loses nothing; it is checked field by field on saving. An
//! activity or study session of a signed-off day is amended: the form asks
//! for a reason, and shows the entry's 更正记录 (its corrections).

use crate::domain::choices::Gender;
use crate::domain::fields::{Field, FieldError};
use crate::domain::ids::DeputyId;
use crate::domain::register_forms::{
    ActivityForm, AttendanceLine, Meeting, NewDeputy, NewHousehold, StudyForm,
};
use crate::domain::register_forms::{Attendance, DEPUTY_ORDER};
use crate::domain::registers::{
    ACTIVITY_KINDS, DEPUTY_LEVELS, MEETING_KIND, RegisterDef, STUDY_FORMS, Source, VISIT_KIND,
};
use crate::domain::roles::{Actor, Permission};
use crate::i18n::Strings;
use crate::service::registers::hours_text;
use crate::store::Refusal;
use crate::store::{Correction, StoreError, StoreResult};
use crate::ui::components::draft::DraftKeeper;
use crate::ui::components::field_list::{Entry, FieldList, Focused, ListOutcome};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::components::{confirm, panel};
use crate::ui::keys;
use crate::ui::screens::correction::history_lines;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Deputy,
    Activity,
    Study,
    Household,
}

impl Kind {
    fn draft_kind(self) -> &'static str {
        match self {
            Kind::Deputy => "deputy",
            Kind::Activity => "activity",
            Kind::Study => "study",
            Kind::Household => "household",
        }
    }
}

/// What the form knows of an activity or study session being corrected.
struct Corrected {
    entity: &'static str,
    /// Its day is signed off and the user may amend it: a reason is asked.
    amending: bool,
    history: Vec<Correction>,
}

pub struct RecordForm {
    kind: Kind,
    /// The entry being corrected; None for a new one.
    target: Option<String>,
    fields: FieldList,
    draft: DraftKeeper,
    /// Changed since it was opened (Esc asks first).
    dirty: bool,
    confirm_discard: bool,
    restored: bool,
    corrected: Option<Corrected>,
    /// Fields only some activity types have (a 约见's), while another
    /// type is chosen: what was typed in them is kept for a change back.
    hidden: Vec<(Field, Entry)>,
    /// A household form's deputies (id, name), in the order of its choice.
    deputies: Vec<(String, String)>,
    /// A household being corrected: its phone, masked (never shown in full).
    kept_phone: Option<String>,
}

/// Fields only one activity type has, each shown after the field named
/// beside it: a 约见's, and a door-to-door visit's households.
const KIND_FIELDS: [(&str, Field, Field); 7] = [
    (MEETING_KIND, Field::MetPerson, Field::ActivityKind),
    (MEETING_KIND, Field::MetOffice, Field::MetPerson),
    (MEETING_KIND, Field::MeetingTopics, Field::Participants),
    (MEETING_KIND, Field::MeetingAnswers, Field::MeetingTopics),
    (MEETING_KIND, Field::MeetingFollowUp, Field::MeetingAnswers),
    (VISIT_KIND, Field::VisitedHouseholds, Field::Participants),
    (
        VISIT_KIND,
        Field::ContactHouseholds,
        Field::VisitedHouseholds,
    ),
];

fn text(value: &str) -> Entry {
    Entry::Text(TextInput::single(value))
}

/// Deputies who can be picked: those serving, plus anyone already on the
/// entry (a term may have ended since).
fn people(cx: &Ctx, already: &[(String, String)]) -> StoreResult<Vec<(String, String)>> {
    let mut list: Vec<(String, String)> = cx
        .store
        .deputies(false)?
        .into_iter()
        .map(|d| (d.id.to_string(), d.name))
        .collect();
    add_missing(&mut list, already);
    Ok(list)
}

fn deputy_fields(cx: &Ctx, target: Option<&str>) -> StoreResult<FieldList> {
    let p = match target {
        Some(id) => cx.store.roster_entry(&DeputyId::from(id))?.profile,
        None => Default::default(),
    };
    let gender = Gender::from_code(&p.gender).unwrap_or(Gender::Unstated);
    let gender = cx.t.gender(gender);
    Ok(FieldList::with(vec![
        (Field::DeputyName, text(&p.name)),
        (Field::Gender, Entry::choice(&cx.t.genders, gender)),
        (Field::Ethnicity, text(&p.ethnicity)),
        (Field::BirthMonth, text(&p.birth_month)),
        (Field::Political, text(&p.political)),
        (Field::Level, Entry::choice(&DEPUTY_LEVELS, &p.level)),
        (Field::Constituency, text(&p.constituency)),
        (Field::UnitPost, text(&p.unit_post)),
        (Field::GroupName, text(&p.group_name)),
        (Field::Phone, text(&p.phone)),
        (Field::Term, text(&p.term)),
    ]))
}

/// The household form, its deputies (id, name), and the phone kept, masked.
type HouseholdFields = (FieldList, Vec<(String, String)>, Option<String>);

/// The contact household form: the deputy (a choice among those
/// serving), village, head, phone (blank when corrected: the one stored
/// is kept unless another is typed) and a note.
fn household_fields(cx: &Ctx, target: Option<&str>) -> StoreResult<HouseholdFields> {
    let day = cx.now.date();
    let h = target
        .map(|id| cx.store.household(id, day, day))
        .transpose()?;
    let already: Vec<(String, String)> = h
        .iter()
        .map(|h| (h.deputy_id.clone(), h.deputy_name.clone()))
        .collect();
    let deputies = people(cx, &already)?;
    if deputies.is_empty() {
        return Err(StoreError::invalid(FieldError::new(
            Field::DeputyName,
            crate::domain::fields::Problem::Required,
        )));
    }
    let names: Vec<&str> = deputies.iter().map(|(_, n)| n.as_str()).collect();
    let chosen = h.as_ref().map_or(names[0], |h| h.deputy_name.as_str());
    let value = |f: fn(&crate::store::Household) -> &str| h.as_ref().map_or("", f).to_string();
    let fields = FieldList::with(vec![
        (Field::DeputyName, Entry::choice(&names, chosen)),
        (Field::Village, text(&value(|h| &h.village))),
        (Field::HouseholdHead, text(&value(|h| &h.head))),
        (Field::Phone, text("")),
        (Field::Remarks, text(&value(|h| &h.note))),
    ]);
    let kept = h
        .filter(|h| !h.phone.is_empty())
        .map(|h| crate::domain::validate::mask_phone(&h.phone));
    Ok((fields, deputies, kept))
}

/// The activity form, and the fields of a 约见 kept aside (they are put
/// in by `show_kind_fields` when that type is chosen).
type ActivityFields = (FieldList, Vec<(Field, Entry)>);

fn activity_fields(
    cx: &Ctx,
    def: &RegisterDef,
    target: Option<&str>,
) -> StoreResult<ActivityFields> {
    let a = target.map(|id| cx.store.activity(id)).transpose()?;
    let kinds: Vec<&str> = if def.kinds.is_empty() {
        ACTIVITY_KINDS.to_vec()
    } else {
        def.kinds.iter().map(|k| k.as_str()).collect()
    };
    let today = cx.now.format("%Y-%m-%d").to_string();
    let (date, kind, topic, place, organiser, outcome, participants) = match &a {
        Some(a) => (
            a.date.clone(),
            a.kind.clone(),
            a.topic.clone(),
            a.place.clone(),
            a.organiser.clone(),
            a.outcome.clone(),
            a.participants.clone(),
        ),
        None => {
            let blank = String::new;
            let kind = kinds[0].to_string();
            (today, kind, blank(), blank(), blank(), blank(), Vec::new())
        }
    };
    let ticked: Vec<String> = participants.iter().map(|(id, _)| id.clone()).collect();
    let m = a
        .as_ref()
        .and_then(|a| a.meeting.clone())
        .unwrap_or_default();
    let visit = a.as_ref().and_then(|a| a.visit.clone());
    let households = visit.as_ref().map(|v| v.households.to_string());
    let visited: Vec<(String, String)> = visit.map(|v| v.contacts).unwrap_or_default();
    let ticked_households: Vec<String> = visited.iter().map(|(id, _)| id.clone()).collect();
    let mut kind_only = vec![
        (Field::MetPerson, text(&m.person)),
        (Field::MetOffice, text(&m.office)),
        (Field::MeetingTopics, text(&m.topics)),
        (Field::MeetingAnswers, text(&m.answers)),
        (Field::MeetingFollowUp, text(&m.follow_up)),
        (
            Field::VisitedHouseholds,
            text(&households.unwrap_or_default()),
        ),
    ];
    let offered = households_offered(cx, &visited)?;
    if !offered.is_empty() {
        kind_only.push((
            Field::ContactHouseholds,
            Entry::many(offered, &ticked_households),
        ));
    }
    let linked: Vec<(String, String)> = a.as_ref().map(|a| a.projects.clone()).unwrap_or_default();
    let ticked_projects: Vec<String> = linked.iter().map(|(id, _)| id.clone()).collect();
    let mut fields = FieldList::with(vec![
        (Field::Date, text(&date)),
        (Field::ActivityKind, Entry::choice(&kinds, &kind)),
        (Field::Topic, text(&topic)),
        (Field::Venue, text(&place)),
        (Field::Organiser, text(&organiser)),
        (
            Field::Participants,
            Entry::many(people(cx, &participants)?, &ticked),
        ),
        (
            Field::Outcome,
            Entry::Text(TextInput::multi(&outcome).at_start()),
        ),
    ]);
    // Only where there are projects to link to.
    let projects = projects_offered(cx, &linked)?;
    if !projects.is_empty() {
        let entry = Entry::many(projects, &ticked_projects);
        fields.insert_after(Field::Participants, Field::LinkedProjects, entry);
    }
    Ok((fields, kind_only))
}

/// Projects an activity can be linked to: those not yet judged, plus any
/// it is already linked to.
fn projects_offered(cx: &Ctx, linked: &[(String, String)]) -> StoreResult<Vec<(String, String)>> {
    let mut list: Vec<(String, String)> = cx
        .store
        .projects()?
        .into_iter()
        .filter(|p| p.judged.is_none())
        .map(|p| (p.id, p.title))
        .collect();
    add_missing(&mut list, linked);
    Ok(list)
}

/// Contact households a visit can name: the active ones, each with its
/// deputy, plus any the visit already names.
fn households_offered(
    cx: &Ctx,
    visited: &[(String, String)],
) -> StoreResult<Vec<(String, String)>> {
    let day = cx.now.date();
    let mut list: Vec<(String, String)> = cx
        .store
        .households_visited(false, day, day)?
        .into_iter()
        .map(|h| (h.id.clone(), h.label_with_deputy()))
        .collect();
    add_missing(&mut list, visited);
    Ok(list)
}

fn add_missing(list: &mut Vec<(String, String)>, already: &[(String, String)]) {
    for (id, name) in already {
        if !list.iter().any(|(i, _)| i == id) {
            list.push((id.clone(), name.clone()));
        }
    }
}

/// For an existing activity or study session: whether it is amended (its
/// day signed off, and the user a secretary or administrator; anyone else
/// keeps the plain form and the store's refusal), and its corrections.
fn corrected(def: &RegisterDef, target: Option<&str>, cx: &Ctx) -> StoreResult<Option<Corrected>> {
    let (Some(id), Some(entity)) = (target, def.source.corrections_entity()) else {
        return Ok(None);
    };
    let date = match def.source {
        Source::Activities => cx.store.activity(id)?.date,
        Source::Study => cx.store.study_session(id)?.date,
        _ => return Ok(None),
    };
    let signed = match chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d") {
        Ok(d) => cx.store.signed_day(d)?.is_some(),
        Err(_) => false,
    };
    let may = cx
        .user
        .is_some_and(|u| u.role.allows(Permission::AmendSignedDay));
    Ok(Some(Corrected {
        entity,
        amending: signed && may,
        history: cx.store.corrections(entity, id)?,
    }))
}

fn study_fields(cx: &Ctx, target: Option<&str>) -> StoreResult<FieldList> {
    let s = target.map(|id| cx.store.study_session(id)).transpose()?;
    let already: Vec<(String, String)> = s
        .iter()
        .flat_map(|s| &s.attendance)
        .map(|a| (a.deputy_id.clone(), a.name.clone()))
        .collect();
    let lines = people(cx, &already)?
        .into_iter()
        .map(|(id, name)| {
            let found = s
                .iter()
                .flat_map(|s| &s.attendance)
                .find(|a| a.deputy_id == id);
            AttendanceLine {
                state: match found {
                    Some(a) if a.present => Attendance::Present,
                    Some(_) => Attendance::OnLeave,
                    None => Attendance::Unrecorded,
                },
                reason: found.map(|a| a.leave_reason.clone()).unwrap_or_default(),
                deputy_id: id,
                deputy_name: name,
            }
        })
        .collect();
    let today = cx.now.format("%Y-%m-%d").to_string();
    let (date, topic, form, speaker, hours) = match &s {
        Some(s) => (
            s.date.clone(),
            s.topic.clone(),
            s.form.clone(),
            s.speaker.clone(),
            hours_text(s.hours),
        ),
        None => (
            today,
            String::new(),
            STUDY_FORMS[0].to_string(),
            String::new(),
            String::new(),
        ),
    };
    Ok(FieldList::with(vec![
        (Field::Date, text(&date)),
        (Field::Topic, text(&topic)),
        (Field::StudyForm, Entry::choice(&STUDY_FORMS, &form)),
        (Field::Speaker, text(&speaker)),
        (Field::Hours, text(&hours)),
        (
            Field::Attendance,
            Entry::Attendance(crate::ui::components::attendance::AttendanceEditor::new(
                lines,
            )),
        ),
    ]))
}

impl RecordForm {
    /// The form for a new entry (`target` None) or for correcting one,
    /// with any draft left for it restored.
    pub fn open(def: &RegisterDef, target: Option<String>, cx: &mut Ctx) -> StoreResult<Self> {
        let (mut deputies, mut kept_phone) = (Vec::new(), None);
        let (kind, mut fields, hidden) = match def.source {
            Source::Households => {
                let fields;
                (fields, deputies, kept_phone) = household_fields(cx, target.as_deref())?;
                (Kind::Household, fields, Vec::new())
            }
            Source::Roster => (
                Kind::Deputy,
                deputy_fields(cx, target.as_deref())?,
                Vec::new(),
            ),
            Source::Activities => {
                let (fields, hidden) = activity_fields(cx, def, target.as_deref())?;
                (Kind::Activity, fields, hidden)
            }
            Source::Study => (
                Kind::Study,
                study_fields(cx, target.as_deref())?,
                Vec::new(),
            ),
            _ => return Err(StoreError::Refused(Refusal::NotFound)),
        };
        let corrected = corrected(def, target.as_deref(), cx)?;
        if corrected.as_ref().is_some_and(|c| c.amending) {
            fields.push(Field::Reason, text(""));
        }
        let mut form = Self {
            kind,
            target: target.clone(),
            fields,
            draft: DraftKeeper::new(kind.draft_kind(), target.clone()),
            dirty: false,
            confirm_discard: false,
            restored: false,
            corrected,
            hidden,
            deputies,
            kept_phone,
        };
        form.show_kind_fields();
        if let Some((keeper, values)) = DraftKeeper::find(kind.draft_kind(), target, cx) {
            // The draft's type first, then the fields that type has.
            form.fields.restore(&values);
            form.show_kind_fields();
            form.fields.restore(&values);
            (form.draft, form.dirty, form.restored) = (keeper, true, true);
        }
        Ok(form)
    }

    /// Shows the fields of the activity type chosen (a 约见's) and puts
    /// away those of another.
    fn show_kind_fields(&mut self) {
        if self.kind != Kind::Activity {
            return;
        }
        let chosen = self.fields.text(Field::ActivityKind);
        for (kind, field, after) in KIND_FIELDS {
            match (chosen == kind, self.fields.has(field)) {
                (true, false) => {
                    // Absent when there is nothing to pick (no contact households).
                    if let Some(i) = self.hidden.iter().position(|(f, _)| *f == field) {
                        let entry = self.hidden.remove(i).1;
                        self.fields.insert_after(after, field, entry);
                    }
                }
                (false, true) => {
                    if let Some(entry) = self.fields.remove(field) {
                        self.hidden.push((field, entry));
                    }
                }
                _ => {}
            }
        }
    }

    fn amending(&self) -> bool {
        self.corrected.as_ref().is_some_and(|c| c.amending)
    }

    fn form_title(&self, t: &Strings) -> &'static str {
        let r = &t.registers;
        match (self.kind, self.target.is_some()) {
            (Kind::Deputy, false) => r.new_deputy,
            (Kind::Deputy, true) => r.edit_deputy,
            (Kind::Activity, false) => r.new_activity,
            (Kind::Activity, true) => r.edit_activity,
            (Kind::Study, false) => r.new_study,
            (Kind::Study, true) => r.edit_study,
            (Kind::Household, false) => r.new_household,
            (Kind::Household, true) => r.edit_household,
        }
    }

    fn household_form(&self) -> NewHousehold {
        let f = |field| self.fields.text(field);
        let deputy = f(Field::DeputyName);
        NewHousehold {
            deputy_id: self
                .deputies
                .iter()
                .find(|(_, name)| *name == deputy)
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
            village: f(Field::Village),
            head: f(Field::HouseholdHead),
            phone: f(Field::Phone),
            note: f(Field::Remarks),
        }
    }

    fn deputy_form(&self, t: &Strings) -> NewDeputy {
        let f = |field| self.fields.text(field);
        let gender_word = f(Field::Gender);
        let gender = t
            .genders
            .iter()
            .position(|g| *g == gender_word)
            .map_or("unstated", |i| Gender::ALL[i].code());
        NewDeputy {
            name: f(Field::DeputyName),
            gender: gender.to_string(),
            ethnicity: f(Field::Ethnicity),
            birth_month: f(Field::BirthMonth),
            political: f(Field::Political),
            level: f(Field::Level),
            constituency: f(Field::Constituency),
            unit_post: f(Field::UnitPost),
            group_name: f(Field::GroupName),
            phone: f(Field::Phone),
            term: f(Field::Term),
        }
    }

    /// Checks and writes the entry; how many fields a correction changed,
    /// or the problems found.
    fn write(
        &self,
        by: &Actor,
        cx: &mut Ctx,
    ) -> Result<usize, Result<Vec<FieldError>, StoreError>> {
        let actor = current_actor(cx);
        let (now, today, target) = (cx.now, cx.now.date(), self.target.as_deref());
        let f = |field| self.fields.text(field);
        let reason = f(Field::Reason);
        let stored = match self.kind {
            Kind::Deputy => {
                let d = self.deputy_form(cx.t).validate().map_err(|mut e| {
                    e.sort_by_key(|e| DEPUTY_ORDER.iter().position(|f| *f == e.field));
                    Ok(e)
                })?;
                match target {
                    Some(id) => {
                        let id = DeputyId::from(id);
                        cx.store.update_deputy(&id, &d, &actor, now).map(|_| 1)
                    }
                    None => cx.store.add_deputy(&d, &actor, now).map(|_| 1),
                }
            }
            Kind::Activity => {
                let a = ActivityForm {
                    date: f(Field::Date),
                    kind: f(Field::ActivityKind),
                    topic: f(Field::Topic),
                    place: f(Field::Venue),
                    organiser: f(Field::Organiser),
                    participants: self.fields.ticked(Field::Participants),
                    outcome: f(Field::Outcome),
                    meeting: Meeting {
                        person: f(Field::MetPerson),
                        office: f(Field::MetOffice),
                        topics: f(Field::MeetingTopics),
                        answers: f(Field::MeetingAnswers),
                        follow_up: f(Field::MeetingFollowUp),
                    },
                    projects: self.fields.ticked(Field::LinkedProjects),
                    households: f(Field::VisitedHouseholds),
                    contacts: self.fields.ticked(Field::ContactHouseholds),
                }
                .validate(today)
                .map_err(Ok)?;
                match target {
                    Some(id) => cx.store.update_activity(by, id, &a, &reason, now),
                    None => cx.store.add_activity(&a, &actor, now).map(|_| 1),
                }
            }
            Kind::Household => {
                let h = self.household_form().validate().map_err(Ok)?;
                match target {
                    Some(id) => cx.store.update_household(id, &h, &actor, now).map(|_| 1),
                    None => cx.store.add_household(&h, &actor, now).map(|_| 1),
                }
            }
            Kind::Study => {
                let s = StudyForm {
                    date: f(Field::Date),
                    topic: f(Field::Topic),
                    form: f(Field::StudyForm),
                    speaker: f(Field::Speaker),
                    hours: f(Field::Hours),
                    attendance: self.fields.attendance(Field::Attendance),
                }
                .validate(today)
                .map_err(Ok)?;
                match target {
                    Some(id) => cx.store.update_study_session(by, id, &s, &reason, now),
                    None => cx.store.add_study_session(&s, &actor, now).map(|_| 1),
                }
            }
        };
        // The store checks the amendment's reason: shown at its field.
        stored.map_err(|e| match e {
            StoreError::Refused(Refusal::Invalid(errors)) => Ok(errors),
            e => Err(e),
        })
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        let r = &cx.t.registers;
        match self.write(&by, cx) {
            Ok(changed) => {
                self.draft.discard(cx);
                let done = match (self.amending(), changed) {
                    (false, _) => r.saved,
                    (true, 0) => r.amend_unchanged,
                    (true, _) => r.amended,
                };
                Action::PopWith(done.into(), Severity::Ok)
            }
            Err(Ok(errors)) => {
                let first = errors
                    .first()
                    .map(|e| cx.t.field_error(e))
                    .unwrap_or_default();
                self.fields.set_errors(errors);
                Action::Message(first, Severity::Warn)
            }
            Err(Err(e)) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }
}

impl RecordForm {
    /// The entry's 更正记录 under the form, after a blank line: while it
    /// is amended, or once it has corrections.
    fn history_lines(&self, v: &View, width: usize) -> Vec<Line<'static>> {
        let Some(c) = &self.corrected else {
            return Vec::new();
        };
        if !c.amending && c.history.is_empty() {
            return Vec::new();
        }
        let mut lines = vec![Line::raw("")];
        lines.extend(history_lines(
            c.entity,
            &c.history,
            |_, v| v.to_string(),
            v,
            width,
        ));
        lines
    }
}

impl Screen for RecordForm {
    fn title(&self, t: &Strings) -> String {
        self.form_title(t).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if self.confirm_discard {
            self.confirm_discard = false;
            if !confirm::yes(&key) {
                return Action::None;
            }
            self.draft.discard(cx);
            return Action::Pop;
        }
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        }
        if keys::ESC.matches(&key) && !self.fields.picker_open() {
            if self.dirty {
                self.confirm_discard = true;
                return Action::None;
            }
            return Action::Pop;
        }
        match self.fields.handle_key(key) {
            ListOutcome::Submit => self.save(cx),
            ListOutcome::Changed => {
                self.dirty = true;
                self.restored = false;
                self.show_kind_fields();
                self.draft.changed();
                Action::None
            }
            _ => Action::None,
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.fields.paste(text);
        self.dirty = true;
        self.draft.changed();
        Action::None
    }

    fn tick(&mut self, cx: &mut Ctx) -> Action {
        let fields = &self.fields;
        self.draft.write_if_due(cx, || fields.values(), false);
        Action::None
    }

    fn flush(&mut self, cx: &mut Ctx) {
        let fields = &self.fields;
        self.draft.write_if_due(cx, || fields.values(), true);
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, self.form_title(v.t), v.theme.border, v);
        let width = inner.width as usize;
        let mut notes: Vec<Line> = Vec::new();
        if self.amending() {
            for l in wrap_text(v.t.registers.amend_note, width) {
                notes.push(Line::styled(l, v.theme.warn));
            }
        }
        if let Some(phone) = &self.kept_phone {
            let note = v.t.registers.household_phone_kept.fill([phone]);
            for l in wrap_text(&note, width) {
                notes.push(Line::styled(l, v.theme.muted));
            }
        }
        if self.draft.failed {
            notes.push(Line::styled(v.t.draft_not_saved, v.theme.error));
        } else if self.restored {
            notes.push(Line::styled(v.t.registers.draft_restored, v.theme.warn));
        }
        let top = (notes.len() as u16).min(inner.height);
        f.render_widget(
            Paragraph::new(notes),
            Rect {
                height: top,
                ..inner
            },
        );
        let history = self.history_lines(v, width);
        // The corrections take at most a third of the form, newest kept.
        let below = (history.len() as u16).min(inner.height.saturating_sub(top) / 3);
        let body = Rect {
            y: inner.y + top,
            height: inner.height.saturating_sub(top + below),
            ..inner
        };
        self.fields.render(f, body, v);
        if below > 0 {
            let skip = history.len() - below as usize;
            let mut shown: Vec<Line> = history.into_iter().skip(skip).collect();
            if skip > 0 {
                // The title stays above the newest lines.
                shown[0] = Line::styled(v.t.closing.history_title, v.theme.title);
            }
            f.render_widget(
                Paragraph::new(shown),
                Rect {
                    y: body.bottom(),
                    height: below,
                    ..inner
                },
            );
        }
        if self.confirm_discard {
            confirm::render(f, area, v.t.registers.confirm_discard, v.theme.text, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.confirm_discard {
            return confirm::hints(t);
        }
        let r = &t.registers;
        if self.fields.focused() == Focused::ChecklistOpen {
            let mut hints = FieldList::checklist_hints(t);
            hints.push(keys::SAVE.change_hint(t, t.hint_save));
            return hints;
        }
        let mut hints = vec![
            keys::TAB.hint(t, t.hint_next_field),
            keys::BACK_TAB.hint(t, t.hint_prev_field),
        ];
        // The keys of the focused field: what they do there.
        match self.fields.focused() {
            Focused::Checklist => {
                let what = match self.fields.focused_field() {
                    Field::ContactHouseholds => r.hint_pick_households,
                    Field::LinkedProjects => r.hint_pick_projects,
                    _ => r.hint_pick_people,
                };
                hints.push(keys::SPACE.hint(t, what));
            }
            Focused::Attendance => {
                hints.push(keys::SPACE.hint(t, r.hint_mark));
                hints.push(keys::ALL_PRESENT.change_hint(t, r.hint_all_present));
            }
            _ => hints.extend(self.fields.entry_hint(t)),
        }
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_cancel));
        hints
    }

    fn editing_text(&self) -> bool {
        self.fields.takes_text()
    }

    fn modal(&self) -> bool {
        self.confirm_discard
    }

    fn has_input(&self) -> bool {
        self.dirty
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;
    use crate::i18n::{Lang, strings};

    #[test]
    fn every_form_kept_as_a_draft_is_named_in_the_closing_checklist() {
        for lang in [Lang::Zh, Lang::En] {
            let named = &strings(lang).closing.draft_kinds;
            for kind in [Kind::Deputy, Kind::Activity, Kind::Study, Kind::Household] {
                assert!(
                    named.iter().any(|(code, _)| *code == kind.draft_kind()),
                    "{:?}",
                    kind
                );
            }
        }
    }
}
