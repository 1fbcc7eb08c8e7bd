//! Entering a 民生实事 candidate: directly (from door-to-door visits or
//! grid work), or proposed from a case, which stays linked to it.

use crate::domain::fields::Field;
use crate::domain::ids::CaseId;
use crate::domain::livelihood::{CandidateForm, CandidateSource};
use crate::i18n::Strings;
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::panel;
use crate::ui::components::text_input::TextInput;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

/// The case a candidate is proposed from: its id and number.
pub struct FromCase {
    pub id: CaseId,
    pub number: String,
}

pub struct CandidateFormScreen {
    fields: FieldList,
    from_case: Option<FromCase>,
    changed: bool,
}

impl CandidateFormScreen {
    /// A direct entry, its source chosen on the form.
    pub fn new(t: &Strings) -> Self {
        let sources = &t.mszs.sources[1..];
        Self::with(None, "", "", sources)
    }

    /// Proposed from a case: its summary is the first draft of the content.
    pub fn from_case(case: FromCase, summary: &str, place: &str) -> Self {
        Self::with(Some(case), summary, place, &[])
    }

    fn with(from_case: Option<FromCase>, content: &str, place: &str, sources: &[&str]) -> Self {
        let mut fields = vec![
            (Field::ProjectTitle, Entry::Text(TextInput::single(""))),
            (Field::Venue, Entry::Text(TextInput::single(place))),
            (Field::EstimatedCost, Entry::Text(TextInput::single(""))),
        ];
        if !sources.is_empty() {
            fields.push((Field::ProjectSource, Entry::choice(sources, sources[0])));
        }
        // Last: a long text takes the rest of the height.
        let content = Entry::Text(TextInput::multi(content));
        fields.push((Field::ProjectContent, content));
        Self {
            fields: FieldList::with(fields),
            from_case,
            changed: false,
        }
    }

    fn source(&self, t: &Strings) -> CandidateSource {
        if self.from_case.is_some() {
            return CandidateSource::Cases;
        }
        let chosen = self.fields.text(Field::ProjectSource);
        CandidateSource::ALL
            .into_iter()
            .find(|s| t.mszs.sources[s.index()] == chosen)
            .unwrap_or(CandidateSource::Other)
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        let form = CandidateForm {
            title: self.fields.text(Field::ProjectTitle),
            place: self.fields.text(Field::Venue),
            content: self.fields.text(Field::ProjectContent),
            cost: self.fields.text(Field::EstimatedCost),
        };
        let cases = self.from_case.iter().map(|c| c.id.clone()).collect();
        let valid = match form.validate(self.source(cx.t), cases) {
            Ok(v) => v,
            Err(errors) => {
                let first = cx.t.field_error(&errors[0]);
                self.fields.set_errors(errors);
                return Action::Message(first, Severity::Warn);
            }
        };
        match cx.store.add_candidate(&valid, &current_actor(cx), cx.now) {
            Ok(_) => Action::PopWith(cx.t.mszs.candidate_saved.fill([&valid.title]), Severity::Ok),
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }
}

impl Screen for CandidateFormScreen {
    fn title(&self, t: &Strings) -> String {
        match &self.from_case {
            Some(c) => format!(
                "{}（{}）",
                t.mszs.new_candidate,
                t.mszs.from_case.fill([&c.number])
            ),
            None => t.mszs.new_candidate.to_string(),
        }
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) && !self.fields.picker_open() {
            return Action::Pop;
        }
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        }
        match self.fields.handle_key(key) {
            ListOutcome::Submit => self.save(cx),
            ListOutcome::Changed => {
                self.changed = true;
                Action::None
            }
            _ => Action::None,
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.fields.paste(text);
        self.changed = true;
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        let inner = Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        };
        self.fields.render(f, inner, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = vec![keys::TAB.hint(t, t.hint_next_field)];
        hints.extend(self.fields.entry_hint(t));
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_cancel));
        hints
    }

    fn editing_text(&self) -> bool {
        self.fields.takes_text()
    }

    fn has_input(&self) -> bool {
        self.changed
    }
}
