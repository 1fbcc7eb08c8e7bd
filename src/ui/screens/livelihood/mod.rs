//! 民生实事: the candidates the voters asked for (点单), the deputies' votes
//! (定单) and the result notice. Reached from 五簿一册.

pub mod candidate_form;
pub mod followups;
pub mod ledger;
pub mod notice;
pub mod projects;
pub mod review;
pub mod vote;
pub mod votes;

use crate::domain::livelihood::cost_text;
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{CandidateRow, StoreError};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::panel;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::wrap::wrap_text;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use candidate_form::CandidateFormScreen;
use crossterm::event::KeyEvent;
pub use projects::ProjectsScreen;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use votes::VotesScreen;

enum Mode {
    List,
    /// Merging the candidate at this index: choose the one it joins.
    Merge(usize, Picker, Vec<String>),
    /// The whole of one candidate, over the list.
    Detail(usize),
}

pub struct CandidatesScreen {
    list: Vec<CandidateRow>,
    table: TableView,
    mode: Mode,
    error: Option<String>,
}

impl CandidatesScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            list: Vec::new(),
            table: TableView::new(),
            mode: Mode::List,
            error: None,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        match cx.store.candidates() {
            Ok(list) => {
                self.list = list;
                self.error = None;
            }
            Err(e) => self.error = Some(cx.t.store_error(&e)),
        }
    }

    fn start_merge(&mut self, t: &Strings) -> Action {
        let index = self.table.selected();
        let Some(dup) = self.list.get(index).filter(|_| self.list.len() > 1) else {
            return Action::Message(t.mszs.merge_needs_two.into(), Severity::Warn);
        };
        let others: Vec<&CandidateRow> = self.list.iter().filter(|c| c.id != dup.id).collect();
        let titles = others.iter().map(|c| c.title.clone()).collect();
        let ids = others.iter().map(|c| c.id.clone()).collect();
        let picker = Picker::new(&t.mszs.merge_title.fill([&dup.title]), titles, None);
        self.mode = Mode::Merge(index, picker, ids);
        Action::None
    }

    fn merge(&mut self, index: usize, into: &str, cx: &mut Ctx) -> Action {
        let Some(dup) = self.list.get(index).cloned() else {
            return Action::None;
        };
        let target = self
            .list
            .iter()
            .find(|c| c.id == into)
            .map(|c| c.title.clone())
            .unwrap_or_default();
        let actor = current_actor(cx);
        match cx.store.merge_candidate(&dup.id, into, &actor, cx.now) {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.mszs.merged.fill([&dup.title, &target]), Severity::Ok)
            }
            Err(StoreError::Refused(Refusal::InUse)) => {
                Action::Message(cx.t.mszs.merge_on_vote.into(), Severity::Warn)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn list_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if self.table.navigate(&key, Reach::Lines, self.list.len()) {
            return Action::None;
        }
        if keys::ADD.matches(&key) {
            return Action::Push(Box::new(CandidateFormScreen::new(cx.t)));
        }
        if keys::ENTER.matches(&key) && !self.list.is_empty() {
            self.mode = Mode::Detail(self.table.selected());
            return Action::None;
        }
        if keys::MERGE.matches(&key) {
            return self.start_merge(cx.t);
        }
        if keys::VOTES.matches(&key) {
            return Action::Push(Box::new(VotesScreen::new(cx)));
        }
        if keys::PROJECTS.matches(&key) {
            return Action::Push(Box::new(ProjectsScreen::new(cx)));
        }
        Action::None
    }

    fn render_list(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let widths = clip_widths(&[4, 24, 8, 4, 12, area.width], area.width);
        let header = text_row(&v.t.mszs.candidate_columns, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let list = &self.list;
        self.table
            .render(f, area, header, &constraints, list.len(), |i, selected| {
                let c = &list[i];
                let style = if selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                let cells = [
                    (i + 1).to_string(),
                    c.title.clone(),
                    v.t.mszs.sources[c.source.index()].to_string(),
                    c.persons.to_string(),
                    cost_text(c.cost_cents),
                    c.case_numbers.join("、"),
                ];
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                text_row(&cells, &widths, style)
            });
    }
}

impl CandidatesScreen {
    fn render_detail(&self, f: &mut Frame, area: Rect, index: usize, v: &View) {
        let Some(c) = self.list.get(index) else {
            return;
        };
        let l = &v.t.mszs.detail_labels;
        let fields = [
            (l[0], c.place.clone()),
            (l[1], cost_text(c.cost_cents)),
            (l[2], v.t.mszs.sources[c.source.index()].to_string()),
            (l[3], c.persons.to_string()),
            (l[4], c.case_numbers.join("、")),
            (l[5], c.content.clone()),
        ];
        let body: Vec<Line> = fields
            .iter()
            .filter(|(_, value)| !value.is_empty())
            .map(|(label, value)| Line::styled(format!("{label}：{value}"), v.theme.text))
            .collect();
        crate::ui::components::popup(f, area, &c.title, &body, v);
    }
}

impl Screen for CandidatesScreen {
    fn title(&self, t: &Strings) -> String {
        t.mszs.candidates_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::List) {
            Mode::List => self.list_key(key, cx),
            // Any key closes the detail; Esc does not leave the screen.
            Mode::Detail(_) => Action::None,
            Mode::Merge(index, mut picker, ids) => match picker.handle_key(key) {
                PickOutcome::Chosen(i) => self.merge(index, &ids[i], cx),
                PickOutcome::Cancelled => Action::None,
                // This picker offers no new entries: merging is between
                // candidates that exist.
                PickOutcome::Open | PickOutcome::Add(_) => {
                    self.mode = Mode::Merge(index, picker, ids);
                    Action::None
                }
            },
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        if let Mode::Merge(_, picker, _) = &mut self.mode {
            picker.paste(text);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        let intro = wrap_text(v.t.mszs.candidates_intro, inner.width as usize);
        let [top, body] = Layout::vertical([
            Constraint::Length(intro.len() as u16 + 1),
            Constraint::Min(1),
        ])
        .areas(inner);
        let lines: Vec<Line> = intro
            .into_iter()
            .map(|l| Line::styled(l, v.theme.muted))
            .collect();
        f.render_widget(Paragraph::new(lines), top);
        self.render_list(f, body, v);
        let empty = match &self.error {
            Some(e) => Some((e.clone(), v.theme.error)),
            None if self.list.is_empty() => {
                let (add, propose) = (keys::ADD.name(v.t), keys::PROPOSE_PROJECT.name(v.t));
                let said = if v.read_only {
                    v.t.mszs.candidates_none.to_string()
                } else {
                    v.t.mszs.candidates_empty.fill([&add, &propose])
                };
                Some((said, v.theme.muted))
            }
            None => None,
        };
        if let Some((text, style)) = empty {
            let below = Rect {
                y: body.y + 1,
                height: body.height.saturating_sub(1),
                ..body
            };
            let lines: Vec<Line> = wrap_text(&text, body.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect();
            f.render_widget(Paragraph::new(lines), below);
        }
        match &mut self.mode {
            Mode::Merge(_, picker, _) => picker.render(f, area, v),
            Mode::Detail(index) => {
                let index = *index;
                self.render_detail(f, area, index, v);
            }
            Mode::List => {}
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match self.mode {
            Mode::Merge(..) => Picker::hints(t),
            Mode::Detail(_) => vec![keys::ESC.hint(t, t.hint_back)],
            Mode::List => vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ENTER.hint(t, t.mszs.hint_detail),
                keys::ADD.change_hint(t, t.mszs.hint_add),
                keys::MERGE.change_hint(t, t.mszs.hint_merge),
                keys::VOTES.hint(t, t.mszs.hint_votes),
                keys::PROJECTS.hint(t, t.mszs.hint_projects),
                keys::ESC.hint(t, t.hint_back),
            ],
        }
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        matches!(self.mode, Mode::Merge(..))
    }
}
