//! 定单: the votes held, and a new one with the shortlist the desk
//! proposes at the differential ratio set in 设置.

use super::vote::VoteScreen;
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::livelihood::{VoteForm, propose_shortlist, shortlist_size};
use crate::i18n::Strings;
use crate::store::VoteRow;
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::components::{panel, popup_box};
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct VotesScreen {
    list: Vec<VoteRow>,
    table: TableView,
    /// The new vote's form, while open.
    form: Option<FieldList>,
    /// Candidates there are, and the ratio, for the proposal line.
    candidates: usize,
    ratio: u32,
}

impl VotesScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            list: Vec::new(),
            table: TableView::new(),
            form: None,
            candidates: 0,
            ratio: 0,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.list = cx.read(cx.store.votes());
        self.candidates = cx.read(cx.store.candidates()).len();
        self.ratio = cx.read(cx.store.settings()).shortlist_ratio_percent;
    }

    fn form(cx: &Ctx) -> FieldList {
        let people: Vec<(String, String)> = cx
            .read(cx.store.deputies(false))
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .collect();
        let text = |s: &str| Entry::Text(TextInput::single(s));
        FieldList::with(vec![
            (Field::MeetingName, text("")),
            (
                Field::Date,
                text(&cx.now.date().format("%Y-%m-%d").to_string()),
            ),
            (Field::PresentDeputies, Entry::many(people, &[])),
            (Field::DeputiesPresent, text("")),
            (Field::ToChoose, text("")),
        ])
    }

    /// The proposal line under the form, for what is typed so far.
    fn proposal(&self, fields: &FieldList, t: &Strings) -> Option<String> {
        let to_choose: usize = fields.text(Field::ToChoose).trim().parse().ok()?;
        Some(
            match shortlist_size(to_choose, self.ratio, self.candidates) {
                Some(size) => t
                    .mszs
                    .vote_proposal
                    .fill([&self.ratio, &self.candidates, &size]),
                None => t.mszs.vote_too_few.fill([&to_choose, &self.candidates]),
            },
        )
    }

    fn create(&mut self, mut fields: FieldList, cx: &mut Ctx) -> Action {
        let form = VoteForm {
            meeting: fields.text(Field::MeetingName),
            date: fields.text(Field::Date),
            present: fields.text(Field::DeputiesPresent),
            to_choose: fields.text(Field::ToChoose),
            present_ids: fields.ticked(Field::PresentDeputies),
        };
        let valid = match form.validate() {
            Ok(v) => v,
            Err(errors) => return self.refuse(fields, errors, cx),
        };
        let candidates = cx.read(cx.store.candidates());
        let to_choose = valid.to_choose as usize;
        let Some(size) = shortlist_size(to_choose, self.ratio, candidates.len()) else {
            let max = candidates.len().saturating_sub(1) as i64;
            let problem = Problem::OutOfRange { min: 1, max };
            fields.set_errors(vec![FieldError::new(Field::ToChoose, problem)]);
            self.form = Some(fields);
            let said = cx.t.mszs.vote_too_few.fill([&to_choose, &candidates.len()]);
            return Action::Message(said, Severity::Warn);
        };
        let weighed: Vec<_> = candidates.iter().map(|c| c.weighed()).collect();
        let shortlist = propose_shortlist(&weighed, size);
        let actor = current_actor(cx);
        match cx.store.create_vote(&valid, &shortlist, &actor, cx.now) {
            Ok(id) => {
                self.load(cx);
                cx.store
                    .vote(&id)
                    .map(|vote| Action::Push(Box::new(VoteScreen::new(vote, cx))))
                    .unwrap_or_else(|e| Action::Message(cx.t.store_error(&e), Severity::Error))
            }
            Err(e) => {
                self.form = Some(fields);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    fn refuse(&mut self, mut fields: FieldList, errors: Vec<FieldError>, cx: &Ctx) -> Action {
        let first = cx.t.field_error(&errors[0]);
        fields.set_errors(errors);
        self.form = Some(fields);
        Action::Message(first, Severity::Warn)
    }

    fn list_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if self.table.navigate(&key, Reach::Lines, self.list.len()) {
            return Action::None;
        }
        if keys::ADD.matches(&key) {
            self.form = Some(Self::form(cx));
        } else if keys::ENTER.matches(&key) {
            if let Some(vote) = self.list.get(self.table.selected()) {
                return Action::Push(Box::new(VoteScreen::new(vote.clone(), cx)));
            }
        }
        Action::None
    }

    fn render_list(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let widths = clip_widths(&[34, 10, 6, 6, area.width], area.width);
        let header = text_row(&v.t.mszs.vote_columns, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let list = &self.list;
        self.table
            .render(f, area, header, &constraints, list.len(), |i, selected| {
                let r = &list[i];
                let style = if selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                let state = if r.decided {
                    v.t.mszs.vote_counted
                } else {
                    v.t.mszs.vote_open
                };
                let cells = [
                    r.meeting.clone(),
                    r.date.format("%Y-%m-%d").to_string(),
                    r.present.to_string(),
                    r.to_choose.to_string(),
                    state.to_string(),
                ];
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                text_row(&cells, &widths, style)
            });
        if list.is_empty() {
            let below = Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1),
                ..area
            };
            let empty = if v.read_only {
                v.t.mszs.votes_none.to_string()
            } else {
                v.t.mszs.votes_empty.fill([&keys::ADD.name(v.t)])
            };
            let lines: Vec<Line> = wrap_text(&empty, area.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, v.theme.muted))
                .collect();
            f.render_widget(Paragraph::new(lines), below);
        }
    }
}

impl Screen for VotesScreen {
    fn title(&self, t: &Strings) -> String {
        t.mszs.votes_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let Some(mut fields) = self.form.take() else {
            return self.list_key(key, cx);
        };
        if keys::ESC.matches(&key) {
            return Action::None;
        }
        if keys::SAVE.matches(&key) || fields.handle_key(key) == ListOutcome::Submit {
            return self.create(fields, cx);
        }
        self.form = Some(fields);
        Action::None
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Some(fields) = &mut self.form {
            fields.paste(text);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        self.render_list(f, inner, v);
        let proposal = self.form.as_ref().and_then(|fl| self.proposal(fl, v.t));
        if let Some(fields) = &mut self.form {
            let inner = popup_box(f, area, 70, 12, v.t.mszs.new_vote, v);
            let [form, note] =
                ratatui::layout::Layout::vertical([Constraint::Min(1), Constraint::Length(2)])
                    .areas(inner);
            let form = Rect {
                x: form.x + 1,
                y: form.y + 1,
                width: form.width.saturating_sub(2),
                height: form.height.saturating_sub(1),
            };
            fields.render(f, form, v);
            if let Some(text) = proposal {
                let lines: Vec<Line> = wrap_text(&text, note.width.saturating_sub(2) as usize)
                    .into_iter()
                    .map(|l| Line::styled(format!(" {l}"), v.theme.muted))
                    .collect();
                f.render_widget(Paragraph::new(lines), note);
            }
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if self.form.is_some() {
            return vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::SAVE.change_hint(t, t.hint_save),
                keys::ESC.hint(t, t.hint_cancel),
            ];
        }
        vec![
            keys::UP_DOWN.hint(t, t.hint_move),
            keys::ENTER.hint(t, t.hint_open),
            keys::ADD.change_hint(t, t.mszs.hint_new_vote),
            keys::ESC.hint(t, t.hint_back),
        ]
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        self.form.is_some()
    }
}
