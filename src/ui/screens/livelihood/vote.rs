//! Counting one vote: each shortlisted candidate's 赞成 / 反对 / 弃权, the
//! result by the rule as the counts go in, recording it, the meeting's
//! decision on a tie, and the result notice.

use super::notice::result_notice;
use crate::domain::fields::Field;
use crate::domain::livelihood::{
    Ballots, Verdict, VoteProblem, check_counts, decide, parse_ballots,
};
use crate::i18n::Strings;
use crate::store::Refusal;
use crate::store::{BallotRow, StoreError, VoteRow};
use crate::ui::components::confirm;
use crate::ui::components::field_list::{FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::multi_picker::{Choices, MultiOutcome, MultiPicker};
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::components::{panel, popup_box};
use crate::ui::keys;
use crate::ui::output::{Outgoing, print_text, save_text};
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

enum Mode {
    List,
    /// Typing one candidate's counts.
    Counts(usize, FieldList),
    /// The meeting chose this tied candidate?
    ConfirmTie(usize),
    /// Adjusting the shortlist before the count.
    Shortlist(MultiPicker, Choices),
    /// Leave although counts typed are not recorded?
    ConfirmLeave,
}

pub struct VoteScreen {
    vote: VoteRow,
    rows: Vec<BallotRow>,
    /// Counts typed (or recorded before), by shortlist position.
    counts: Vec<Option<Ballots>>,
    table: TableView,
    mode: Mode,
    station: String,
}

impl VoteScreen {
    pub fn new(vote: VoteRow, cx: &mut Ctx) -> Self {
        let station = cx
            .store
            .station()
            .ok()
            .flatten()
            .map(|s| s.name)
            .unwrap_or_default();
        let mut screen = Self {
            vote,
            rows: Vec::new(),
            counts: Vec::new(),
            table: TableView::new(),
            mode: Mode::List,
            station,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        if let Ok(vote) = cx.store.vote(&self.vote.id) {
            self.vote = vote;
        }
        self.rows = cx.read(cx.store.ballots(&self.vote.id));
        self.counts = self
            .rows
            .iter()
            .map(|r| r.verdict.map(|_| r.ballots))
            .collect();
    }

    /// Every candidate's counts, once all are typed.
    fn all_counts(&self) -> Option<Vec<Ballots>> {
        self.counts.iter().copied().collect()
    }

    /// The result as the counts stand (recorded or only typed).
    fn verdicts(&self) -> Option<Vec<Verdict>> {
        let counts = self.all_counts()?;
        decide(self.vote.present, self.vote.to_choose as usize, &counts).ok()
    }

    fn counts_form(&self, index: usize) -> FieldList {
        let b = self.counts[index];
        let text = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        FieldList::new(vec![
            (Field::VotesFor, TextInput::single(&text(b.map(|b| b.yes)))),
            (
                Field::VotesAgainst,
                TextInput::single(&text(b.map(|b| b.no))),
            ),
            (
                Field::VotesAbstain,
                TextInput::single(&text(b.map(|b| b.abstain))),
            ),
        ])
    }

    /// Takes one candidate's counts; refuses more votes than deputies present.
    fn enter_counts(&mut self, index: usize, mut fields: FieldList, t: &Strings) -> Action {
        let typed = parse_ballots(
            &fields.text(Field::VotesFor),
            &fields.text(Field::VotesAgainst),
            &fields.text(Field::VotesAbstain),
        );
        let b = match typed {
            Ok(b) => b,
            Err(errors) => {
                let first = t.field_error(&errors[0]);
                fields.set_errors(errors);
                self.mode = Mode::Counts(index, fields);
                return Action::Message(first, Severity::Warn);
            }
        };
        if b.total() > self.vote.present {
            let said = t.mszs.counts_over_present.fill([
                &self.rows[index].title,
                &b.total(),
                &self.vote.present,
            ]);
            self.mode = Mode::Counts(index, fields);
            return Action::Message(said, Severity::Warn);
        }
        self.counts[index] = Some(b);
        self.table.select((index + 1).min(self.rows.len() - 1));
        Action::None
    }

    fn record(&mut self, cx: &mut Ctx) -> Action {
        let missing = self.counts.iter().filter(|c| c.is_none()).count();
        let Some(counts) = self.all_counts() else {
            return Action::Message(cx.t.mszs.counts_missing.fill([&missing]), Severity::Warn);
        };
        let (present, to_choose) = (self.vote.present, self.vote.to_choose as usize);
        if let Err(VoteProblem::TooManyBallots { index, total, .. }) =
            check_counts(present, to_choose, &counts)
        {
            let title = &self.rows[index].title;
            let said =
                cx.t.mszs
                    .counts_over_present
                    .fill([title, &total, &present]);
            return Action::Message(said, Severity::Warn);
        }
        let actor = current_actor(cx);
        match cx
            .store
            .record_ballots(&self.vote.id, &counts, &actor, cx.now)
        {
            Ok(verdicts) => {
                self.load(cx);
                let chosen = verdicts.iter().filter(|v| **v == Verdict::Chosen).count();
                Action::Message(cx.t.mszs.counts_recorded.fill([&chosen]), Severity::Ok)
            }
            Err(StoreError::Refused(Refusal::InUse)) => {
                Action::Message(cx.t.mszs.counts_locked.into(), Severity::Warn)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn choose_tied(&mut self, index: usize, cx: &mut Ctx) -> Action {
        let row = self.rows[index].clone();
        let actor = current_actor(cx);
        match cx
            .store
            .choose_tied(&self.vote.id, &row.candidate_id, &actor, cx.now)
        {
            Ok(()) => {
                self.load(cx);
                Action::Message(cx.t.mszs.tie_chosen.fill([&row.title]), Severity::Ok)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    fn notice(&self, cx: &mut Ctx, print: bool) -> Action {
        if !self.vote.decided {
            let missing = self.counts.iter().filter(|c| c.is_none()).count();
            return Action::Message(cx.t.mszs.counts_missing.fill([&missing]), Severity::Warn);
        }
        let out = Outgoing {
            kind: "livelihood_notice",
            entity: "livelihood_vote",
            entity_id: &self.vote.id,
            text: result_notice(&self.vote, &self.rows, &self.station, cx.t),
            saved_template: cx.t.mszs.notice_saved,
            printed_message: cx.t.mszs.notice_printed,
        };
        if print {
            return print_text(cx, out);
        }
        let dir = cx.files_dir.join("notices");
        let name = format!("票决结果公告-{}.txt", self.vote.date.format("%Y%m%d"));
        save_text(cx, &dir, &name, out)
    }

    fn list_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let index = self.table.selected();
        if keys::ESC.matches(&key) {
            if self.has_input() {
                self.mode = Mode::ConfirmLeave;
                return Action::None;
            }
            return Action::Pop;
        }
        if self.table.navigate(&key, Reach::Lines, self.rows.len()) {
            return Action::None;
        }
        if keys::ENTER.matches(&key) && index < self.rows.len() {
            if self.vote.decided && cx.store.projects().is_ok_and(|p| self.planned(&p)) {
                return Action::Message(cx.t.mszs.counts_locked.into(), Severity::Warn);
            }
            self.mode = Mode::Counts(index, self.counts_form(index));
        } else if keys::SAVE.matches(&key) {
            return self.record(cx);
        } else if keys::SHORTLIST.matches(&key) && !self.vote.decided {
            return self.open_shortlist(cx);
        } else if keys::CHOOSE_TIED.matches(&key) {
            let tied = self.rows.get(index).and_then(|r| r.verdict) == Some(Verdict::Tied);
            if !tied {
                return Action::Message(cx.t.mszs.tie_none.into(), Severity::Warn);
            }
            self.mode = Mode::ConfirmTie(index);
        } else if keys::SAVE_FILE.matches(&key) {
            return self.notice(cx, false);
        } else if keys::PRINT.matches(&key) {
            return self.notice(cx, true);
        }
        Action::None
    }

    fn open_shortlist(&mut self, cx: &mut Ctx) -> Action {
        let all = match cx.store.candidates() {
            Ok(all) => all,
            Err(e) => return Action::Message(cx.t.store_error(&e), Severity::Error),
        };
        let options = all.into_iter().map(|c| (c.id, c.title)).collect();
        let ticked: Vec<String> = self.rows.iter().map(|r| r.candidate_id.clone()).collect();
        let choices = Choices::new(options, &ticked);
        self.mode = Mode::Shortlist(MultiPicker::new(cx.t.mszs.shortlist_title), choices);
        Action::None
    }

    fn save_shortlist(&mut self, choices: Choices, cx: &mut Ctx) -> Action {
        let ids = choices.ticked_ids();
        let actor = current_actor(cx);
        match cx.store.set_shortlist(&self.vote.id, &ids, &actor, cx.now) {
            Ok(()) => {
                self.load(cx);
                let said = cx.t.mszs.shortlist_saved.fill([&ids.len()]);
                Action::Message(said, Severity::Ok)
            }
            Err(StoreError::Refused(Refusal::Invalid(_))) => {
                let to_choose = self.vote.to_choose;
                let said = cx.t.mszs.vote_too_few.fill([&to_choose, &ids.len()]);
                Action::Message(said, Severity::Warn)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    /// Whether a project of this vote is under supervision already.
    fn planned(&self, projects: &[crate::store::ProjectRow]) -> bool {
        projects
            .iter()
            .any(|p| p.vote_id == self.vote.id && (!p.lead.is_empty() || !p.milestones.is_empty()))
    }
}

impl VoteScreen {
    fn render_table(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let widths = clip_widths(&[28, 6, 6, 6, area.width], area.width);
        let header = text_row(&v.t.mszs.ballot_columns, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let verdicts = self.verdicts();
        let (rows, counts) = (&self.rows, &self.counts);
        self.table
            .render(f, area, header, &constraints, rows.len(), |i, selected| {
                let verdict = verdicts.as_ref().map(|vs| vs[i]).or(rows[i].verdict);
                let style = match (selected, verdict) {
                    (true, _) => v.theme.selection,
                    (_, Some(Verdict::Chosen)) => v.theme.ok,
                    (_, Some(Verdict::Tied)) => v.theme.warn,
                    _ => v.theme.text,
                };
                let n = |f: fn(&Ballots) -> u32| counts[i].map(|b| f(&b).to_string());
                let cells = [
                    rows[i].title.clone(),
                    n(|b| b.yes).unwrap_or_default(),
                    n(|b| b.no).unwrap_or_default(),
                    n(|b| b.abstain).unwrap_or_default(),
                    verdict
                        .map(|x| v.t.mszs.verdicts[x.index()])
                        .unwrap_or(v.t.mszs.not_counted)
                        .to_string(),
                ];
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                text_row(&cells, &widths, style)
            });
    }

    fn heading(&self, t: &Strings) -> Vec<String> {
        let mut lines = vec![t.mszs.vote_heading.fill([
            &self.vote.meeting,
            &self.vote.date.format("%Y-%m-%d"),
            &self.vote.present,
            &self.vote.to_choose,
        ])];
        if self.rows.iter().any(|r| r.verdict == Some(Verdict::Tied)) {
            lines.push(t.mszs.tie_note.fill([&keys::CHOOSE_TIED.name(t)]));
        }
        lines
    }
}

impl Screen for VoteScreen {
    fn title(&self, t: &Strings) -> String {
        t.mszs.vote_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::List) {
            Mode::List => self.list_key(key, cx),
            Mode::Counts(index, mut fields) => {
                if keys::ESC.matches(&key) {
                    return Action::None;
                }
                if keys::SAVE.matches(&key) || fields.handle_key(key) == ListOutcome::Submit {
                    return self.enter_counts(index, fields, cx.t);
                }
                self.mode = Mode::Counts(index, fields);
                Action::None
            }
            Mode::ConfirmTie(index) if confirm::yes(&key) => self.choose_tied(index, cx),
            Mode::ConfirmTie(_) => Action::None,
            Mode::ConfirmLeave if confirm::yes(&key) => Action::Pop,
            Mode::ConfirmLeave => Action::None,
            Mode::Shortlist(mut picker, mut choices) => {
                if picker.handle_key(key, &mut choices) == MultiOutcome::Done {
                    return self.save_shortlist(choices, cx);
                }
                self.mode = Mode::Shortlist(picker, choices);
                Action::None
            }
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match &mut self.mode {
            Mode::Counts(_, fields) => fields.paste(text),
            Mode::Shortlist(picker, _) => picker.paste(text),
            _ => {}
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        let width = inner.width as usize;
        let heading: Vec<Line> = self
            .heading(v.t)
            .iter()
            .flat_map(|l| wrap_text(l, width))
            .map(|l| Line::styled(l, v.theme.text))
            .collect();
        let [top, body] = Layout::vertical([
            Constraint::Length(heading.len() as u16 + 1),
            Constraint::Min(1),
        ])
        .areas(inner);
        f.render_widget(Paragraph::new(heading), top);
        self.render_table(f, body, v);
        match &mut self.mode {
            Mode::Counts(index, fields) => {
                let title = v.t.mszs.counts_title.fill([&self.rows[*index].title]);
                let inner = popup_box(f, area, 50, 9, &title, v);
                let form = Rect {
                    x: inner.x + 1,
                    y: inner.y + 1,
                    width: inner.width.saturating_sub(2),
                    height: inner.height.saturating_sub(1),
                };
                fields.render(f, form, v);
            }
            Mode::ConfirmTie(index) => {
                let question = v.t.mszs.tie_confirm.fill([&self.rows[*index].title]);
                confirm::render(f, area, &question, v.theme.text, v);
            }
            Mode::Shortlist(picker, choices) => picker.render(f, area, choices, v),
            Mode::ConfirmLeave => {
                let question = v.t.mszs.leave_unrecorded.fill([&keys::SAVE.name(v.t)]);
                confirm::render(f, area, &question, v.theme.warn, v);
            }
            Mode::List => {}
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match self.mode {
            Mode::Counts(..) => vec![
                keys::TAB.hint(t, t.hint_next_field),
                keys::SAVE.change_hint(t, t.hint_save),
                keys::ESC.hint(t, t.hint_cancel),
            ],
            Mode::ConfirmTie(_) | Mode::ConfirmLeave => confirm::hints(t),
            Mode::Shortlist(..) => FieldList::checklist_hints(t),
            Mode::List => {
                let mut hints = vec![
                    keys::UP_DOWN.hint(t, t.hint_move),
                    keys::ENTER.hint(t, t.mszs.hint_counts),
                    keys::SAVE.change_hint(t, t.mszs.hint_record),
                ];
                if !self.vote.decided {
                    hints.push(keys::SHORTLIST.change_hint(t, t.mszs.hint_shortlist));
                }
                if self.rows.iter().any(|r| r.verdict == Some(Verdict::Tied)) {
                    hints.push(keys::CHOOSE_TIED.change_hint(t, t.mszs.hint_tie));
                }
                if self.vote.decided {
                    hints.push(keys::SAVE_FILE.change_hint(t, t.mszs.hint_notice));
                    hints.push(keys::PRINT.change_hint(t, t.mszs.hint_print));
                }
                hints.push(keys::ESC.hint(t, t.hint_back));
                hints
            }
        }
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    /// Counts typed that differ from those recorded.
    fn has_input(&self) -> bool {
        self.rows
            .iter()
            .zip(&self.counts)
            .any(|(r, c)| *c != r.verdict.map(|_| r.ballots))
    }

    fn editing_text(&self) -> bool {
        matches!(self.mode, Mode::Counts(..) | Mode::Shortlist(..))
    }
}
