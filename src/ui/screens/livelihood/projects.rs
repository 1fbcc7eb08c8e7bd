//! 买单 and 验单: the chosen projects under supervision. Each gets its
//! lead official, department, deputy supervisors and monthly milestones;
//! progress reviews (调度) record each milestone's state; the year-end
//! review records the result and the deputies' satisfaction.

use super::followups::{FollowUpAsk, FollowUpEditor};
use super::ledger::ledger_text;
use super::review::ReviewEditor;
use crate::domain::fields::Field;
use crate::domain::livelihood::{Completion, PlanForm, cost_text, month_overdue, parse_judgement};
use crate::domain::validate::{parse_date, validate_text};
use crate::i18n::Strings;
use crate::store::{ProjectRow, StoreResult};
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::table::{TableView, clip_widths, text_row};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::wrap_text;
use crate::ui::components::{panel, popup_box};
use crate::ui::keys;
use crate::ui::output::{Outgoing, print_text, save_text};
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

enum Mode {
    List,
    Plan(usize, FieldList),
    Review(usize, ReviewEditor),
    Judge(usize, FieldList),
    FollowUps(usize, FollowUpEditor),
}

pub struct ProjectsScreen {
    list: Vec<ProjectRow>,
    /// Overdue milestones' months per project, as of today.
    overdue: Vec<Vec<String>>,
    table: TableView,
    mode: Mode,
}

impl ProjectsScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            list: Vec::new(),
            overdue: Vec::new(),
            table: TableView::new(),
            mode: Mode::List,
        };
        screen.load(cx);
        screen
    }

    /// The list with the project `id` selected (from the register page).
    pub fn showing(id: &str, cx: &mut Ctx) -> Self {
        let mut screen = Self::new(cx);
        if let Some(index) = screen.list.iter().position(|p| p.id == id) {
            screen.table.select(index);
        }
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.list = cx.read(cx.store.projects());
        let calendar = cx.read(cx.store.settings()).working_calendar();
        let today = cx.now.date();
        self.overdue = self
            .list
            .iter()
            .map(|p| {
                p.milestones
                    .iter()
                    .filter(|(month, _, state)| month_overdue(&calendar, month, *state, today))
                    .map(|(month, _, _)| month.clone())
                    .collect()
            })
            .collect();
    }

    fn plan_form(p: &ProjectRow, cx: &Ctx) -> StoreResult<FieldList> {
        let people: Vec<(String, String)> = cx
            .store
            .deputies(false)?
            .into_iter()
            .map(|d| (d.id.to_string(), d.name))
            .chain(p.supervisors.iter().cloned())
            .fold(Vec::new(), |mut all, (id, name)| {
                if !all.iter().any(|(i, _): &(String, String)| *i == id) {
                    all.push((id, name));
                }
                all
            });
        let ticked: Vec<String> = p.supervisors.iter().map(|(id, _)| id.clone()).collect();
        let milestones: Vec<String> = p
            .milestones
            .iter()
            .map(|(m, t, _)| format!("{m} {t}"))
            .collect();
        let deadline = p.deadline.map(|d| d.to_string()).unwrap_or_default();
        let text = |s: &str| Entry::Text(TextInput::single(s));
        Ok(FieldList::with(vec![
            (Field::ProjectLead, text(&p.lead)),
            (Field::Department, text(&p.department)),
            (Field::ProjectBudget, text(&cost_text(p.budget_cents))),
            (Field::ProjectTarget, text(&p.target)),
            (Field::ProjectDeadline, text(&deadline)),
            (Field::Supervisors, Entry::many(people, &ticked)),
            (
                Field::Milestones,
                Entry::Text(TextInput::multi(&milestones.join("\n"))),
            ),
        ]))
    }

    fn save_plan(&mut self, index: usize, mut fields: FieldList, cx: &mut Ctx) -> Action {
        let form = PlanForm {
            lead: fields.text(Field::ProjectLead),
            department: fields.text(Field::Department),
            budget: fields.text(Field::ProjectBudget),
            target: fields.text(Field::ProjectTarget),
            deadline: fields.text(Field::ProjectDeadline),
            milestones: fields.text(Field::Milestones),
        };
        let plan = match form.validate(fields.ticked(Field::Supervisors)) {
            Ok(p) => p,
            Err(errors) => {
                let first = cx.t.field_error(&errors[0]);
                fields.set_errors(errors);
                self.mode = Mode::Plan(index, fields);
                return Action::Message(first, Severity::Warn);
            }
        };
        let p = self.list[index].clone();
        let actor = current_actor(cx);
        match cx.store.plan_project(&p.id, &plan, &actor, cx.now) {
            Ok(()) => self.saved(cx, cx.t.mszs.plan_saved.fill([&p.title])),
            Err(e) => {
                self.mode = Mode::Plan(index, fields);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    fn saved(&mut self, cx: &mut Ctx, said: String) -> Action {
        self.load(cx);
        Action::Message(said, Severity::Ok)
    }

    fn save_review(&mut self, index: usize, editor: ReviewEditor, cx: &mut Ctx) -> Action {
        let p = self.list[index].clone();
        let actor = current_actor(cx);
        let states = editor.states();
        let note = match validate_text(Field::ReviewNote, &editor.note.text(), false, 200, false) {
            Ok(note) => note,
            Err(e) => {
                self.mode = Mode::Review(index, editor);
                return Action::Message(cx.t.field_error(&e), Severity::Warn);
            }
        };
        match cx
            .store
            .record_progress(&p.id, &states, &note, &actor, cx.now)
        {
            Ok(()) => self.saved(cx, cx.t.mszs.review_saved.fill([&p.title])),
            Err(e) => {
                self.mode = Mode::Review(index, editor);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    fn judge_form(p: &ProjectRow, cx: &Ctx) -> FieldList {
        let m = cx.t.mszs;
        let current = p.completion.map_or("", |c| m.completions[c as usize]);
        // Never judged: empty boxes rather than zeros to type after.
        let judged = p.completion.is_some();
        let [s, b, u] = p
            .satisfaction
            .map(|n| if judged { n.to_string() } else { String::new() });
        let today = cx.now.date().to_string();
        FieldList::with(vec![
            (Field::Completion, Entry::choice(&m.completions, current)),
            (Field::Satisfied, Entry::Text(TextInput::single(&s))),
            (
                Field::BasicallySatisfied,
                Entry::Text(TextInput::single(&b)),
            ),
            (Field::Unsatisfied, Entry::Text(TextInput::single(&u))),
            (Field::Date, Entry::Text(TextInput::single(&today))),
        ])
    }

    fn save_judgement(&mut self, index: usize, mut fields: FieldList, cx: &mut Ctx) -> Action {
        let m = cx.t.mszs;
        let chosen = fields.text(Field::Completion);
        let completion = Completion::ALL
            .into_iter()
            .find(|c| m.completions[*c as usize] == chosen);
        let counts = parse_judgement(
            &fields.text(Field::Satisfied),
            &fields.text(Field::BasicallySatisfied),
            &fields.text(Field::Unsatisfied),
        );
        let date = parse_date(&fields.text(Field::Date));
        let mut errors = counts.as_ref().err().cloned().unwrap_or_default();
        if completion.is_none() {
            let problem = crate::domain::fields::Problem::Required;
            errors.insert(
                0,
                crate::domain::fields::FieldError::new(Field::Completion, problem),
            );
        }
        if let Err(p) = &date {
            errors.push(crate::domain::fields::FieldError::new(
                Field::Date,
                p.clone(),
            ));
        }
        let (Some(completion), Ok(counts), Ok(date), true) =
            (completion, counts, date, errors.is_empty())
        else {
            let first = cx.t.field_error(&errors[0]);
            fields.set_errors(errors);
            self.mode = Mode::Judge(index, fields);
            return Action::Message(first, Severity::Warn);
        };
        let p = self.list[index].clone();
        let actor = current_actor(cx);
        match cx
            .store
            .judge_project(&p.id, completion, counts, date, &actor, cx.now)
        {
            Ok(()) => self.saved(cx, m.judge_saved.fill([&p.title])),
            Err(e) => {
                self.mode = Mode::Judge(index, fields);
                Action::Message(cx.t.store_error(&e), Severity::Error)
            }
        }
    }

    /// The register as text, to a file or to the printer.
    fn ledger(&self, cx: &mut Ctx, print: bool) -> Action {
        let station = cx
            .store
            .station()
            .ok()
            .flatten()
            .map(|s| s.name)
            .unwrap_or_default();
        let today = cx.now.date();
        let out = Outgoing {
            kind: "livelihood_register",
            entity: "livelihood_project",
            entity_id: "",
            text: ledger_text(&self.list, &self.overdue, &station, today, cx.t),
            saved_template: cx.t.mszs.ledger_saved,
            printed_message: cx.t.mszs.ledger_printed,
        };
        if print {
            return print_text(cx, out);
        }
        let dir = cx.files_dir.join("notices");
        let name = format!("民生实事项目监督台账-{}.txt", today.format("%Y%m%d"));
        save_text(cx, &dir, &name, out)
    }

    fn list_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if keys::SAVE_FILE.matches(&key) {
            return self.ledger(cx, false);
        }
        if keys::PRINT.matches(&key) {
            return self.ledger(cx, true);
        }
        if self.table.navigate(&key, Reach::Lines, self.list.len()) {
            return Action::None;
        }
        let index = self.table.selected();
        let Some(p) = self.list.get(index) else {
            return Action::None;
        };
        if keys::ENTER.matches(&key) {
            match Self::plan_form(p, cx) {
                Ok(form) => self.mode = Mode::Plan(index, form),
                Err(e) => return Action::Message(cx.t.store_error(&e), Severity::Error),
            }
        } else if keys::REVIEW_PROGRESS.matches(&key) {
            if p.milestones.is_empty() {
                let said = cx.t.mszs.review_none.fill([&keys::ENTER.name(cx.t)]);
                return Action::Message(said, Severity::Warn);
            }
            let calendar = cx.read(cx.store.settings()).working_calendar();
            let last = p.last_review.clone();
            let editor = ReviewEditor::new(&p.milestones, last, calendar, cx.now.date());
            self.mode = Mode::Review(index, editor);
        } else if keys::JUDGE.matches(&key) {
            self.mode = Mode::Judge(index, Self::judge_form(p, cx));
        } else if keys::FOLLOW_UPS.matches(&key) {
            if p.completion.is_none() {
                let said =
                    cx.t.mszs
                        .followup_needs_judgement
                        .fill([&keys::JUDGE.name(cx.t)]);
                return Action::Message(said, Severity::Warn);
            }
            self.mode = Mode::FollowUps(index, FollowUpEditor::new(p.followups.clone()));
        }
        Action::None
    }

    fn followup_key(
        &mut self,
        index: usize,
        mut editor: FollowUpEditor,
        key: KeyEvent,
        cx: &mut Ctx,
    ) -> Action {
        let actor = current_actor(cx);
        let done = match editor.handle_key(key) {
            FollowUpAsk::Leave => return Action::None,
            FollowUpAsk::None => None,
            FollowUpAsk::Close => editor
                .selected()
                .filter(|f| f.closed.is_none())
                .cloned()
                .map(|f| {
                    cx.store
                        .close_followup(&f.id, &actor, cx.now)
                        .map(|()| cx.t.mszs.followup_done.fill([&f.item]))
                }),
            FollowUpAsk::Add(text) => {
                match validate_text(Field::FollowUpItem, &text, true, 100, false) {
                    Ok(item) => {
                        let project = self.list[index].id.clone();
                        let added = cx.store.add_followup(&project, &item, &actor, cx.now);
                        Some(added.map(|_| cx.t.mszs.followup_added.to_string()))
                    }
                    Err(e) => {
                        editor.retry(&text);
                        self.mode = Mode::FollowUps(index, editor);
                        return Action::Message(cx.t.field_error(&e), Severity::Warn);
                    }
                }
            }
        };
        let said = match done {
            None => None,
            Some(Ok(said)) => {
                self.load(cx);
                editor.items = self.list[index].followups.clone();
                Some(Action::Message(said, Severity::Ok))
            }
            Some(Err(e)) => Some(Action::Message(cx.t.store_error(&e), Severity::Error)),
        };
        self.mode = Mode::FollowUps(index, editor);
        said.unwrap_or(Action::None)
    }
}

impl ProjectsScreen {
    fn row_cells(&self, i: usize, t: &Strings) -> [String; 6] {
        let p = &self.list[i];
        let m = t.mszs;
        let done = p
            .milestones
            .iter()
            .filter(|(_, _, s)| *s == Some(crate::domain::livelihood::MilestoneState::Done))
            .count();
        let mut progress = m.progress_line.fill([&done, &p.milestones.len()]);
        let open = p.followups.iter().filter(|f| f.closed.is_none()).count();
        if !self.overdue[i].is_empty() {
            progress.push_str(&m.overdue_suffix.fill([&self.overdue[i].len()]));
        }
        [
            p.title.clone(),
            p.lead.clone(),
            p.department.clone(),
            crate::service::registers::names(&p.supervisors),
            progress,
            p.completion
                .map_or(m.not_judged, |c| m.completions[c as usize])
                .to_string()
                + &if open > 0 {
                    m.followup_count.fill([&open])
                } else {
                    String::new()
                },
        ]
    }

    /// Below the list, the activities about the selected project: as many
    /// of the newest as fit in a third of the page.
    fn linked_lines(&self, width: usize, v: &View) -> Vec<Line<'static>> {
        let Some(p) = self.list.get(self.table.selected()) else {
            return Vec::new();
        };
        let m = v.t.mszs;
        if p.activities.is_empty() {
            return wrap_text(&m.linked_none.fill([&p.title]), width)
                .into_iter()
                .map(|l| Line::styled(l, v.theme.muted))
                .collect();
        }
        let title = m.linked_title.fill([&p.title, &p.activities.len()]);
        let title = crate::ui::components::wrap::truncate(&title, width);
        let mut lines = vec![Line::styled(title, v.theme.title)];
        for a in p.activities.iter().rev() {
            let line = format!("  {} {} {}", a.date, a.kind, a.topic.replace('\n', " "));
            lines.push(Line::styled(
                crate::ui::components::wrap::truncate(&line, width),
                v.theme.text,
            ));
        }
        lines
    }

    fn render_list(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let mut linked = self.linked_lines(area.width as usize, v);
        linked.truncate((area.height / 3) as usize);
        let below = linked.len() as u16;
        let area = if below > 0 && !self.list.is_empty() {
            let split = Rect {
                y: area.bottom() - below,
                height: below,
                ..area
            };
            f.render_widget(Paragraph::new(linked), split);
            Rect {
                height: area.height - below - 1,
                ..area
            }
        } else {
            area
        };
        let widths = clip_widths(&[16, 8, 10, 12, 16, area.width], area.width);
        let header = text_row(&v.t.mszs.project_columns, &widths, v.theme.title);
        let constraints: Vec<Constraint> = widths.iter().map(|&w| Constraint::Length(w)).collect();
        let rows: Vec<[String; 6]> = (0..self.list.len())
            .map(|i| self.row_cells(i, v.t))
            .collect();
        let overdue = &self.overdue;
        self.table
            .render(f, area, header, &constraints, rows.len(), |i, selected| {
                let style = match (selected, !overdue[i].is_empty()) {
                    (true, _) => v.theme.selection,
                    (_, true) => v.theme.warn,
                    _ => v.theme.text,
                };
                let cells: Vec<&str> = rows[i].iter().map(String::as_str).collect();
                text_row(&cells, &widths, style)
            });
        if self.list.is_empty() {
            let below = Rect {
                y: area.y + 1,
                height: area.height.saturating_sub(1),
                ..area
            };
            let lines: Vec<Line> = wrap_text(v.t.mszs.projects_empty, area.width as usize)
                .into_iter()
                .map(|l| Line::styled(l, v.theme.muted))
                .collect();
            f.render_widget(Paragraph::new(lines), below);
        }
    }

    /// The pop-up of the open form or editor, titled with the project.
    fn render_popup(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let m = v.t.mszs;
        let (index, template, height) = match &self.mode {
            Mode::List => return,
            Mode::Plan(i, _) => (*i, m.plan_title, area.height.saturating_sub(2)),
            Mode::Review(i, _) => (*i, m.review_title, 16),
            Mode::Judge(i, _) => (*i, m.judge_title, 12),
            Mode::FollowUps(i, _) => (*i, m.followups_title, 14),
        };
        let title = template.fill([&self.list[index].title]);
        let inner = popup_box(f, area, 76, height, &title, v);
        let inner = Rect {
            x: inner.x + 1,
            y: inner.y + 1,
            width: inner.width.saturating_sub(2),
            height: inner.height.saturating_sub(1),
        };
        match &mut self.mode {
            Mode::Plan(_, fields) => {
                let note = wrap_text(m.plan_note, inner.width as usize);
                let [top, rest] = ratatui::layout::Layout::vertical([
                    Constraint::Length(note.len() as u16 + 1),
                    Constraint::Min(1),
                ])
                .areas(inner);
                let lines: Vec<Line> = note
                    .into_iter()
                    .map(|l| Line::styled(l, v.theme.muted))
                    .collect();
                f.render_widget(Paragraph::new(lines), top);
                fields.render(f, rest, v);
            }
            Mode::Judge(_, fields) => fields.render(f, inner, v),
            Mode::Review(_, editor) => editor.render(f, inner, v),
            Mode::FollowUps(_, editor) => editor.render(f, inner, v),
            Mode::List => {}
        }
    }
}

impl Screen for ProjectsScreen {
    fn title(&self, t: &Strings) -> String {
        t.mszs.projects_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let cancel = keys::ESC.matches(&key);
        let save = keys::SAVE.matches(&key);
        match std::mem::replace(&mut self.mode, Mode::List) {
            Mode::List => self.list_key(key, cx),
            Mode::FollowUps(i, editor) => self.followup_key(i, editor, key, cx),
            Mode::Review(..) if cancel => Action::None,
            Mode::Review(i, editor) if save => self.save_review(i, editor, cx),
            Mode::Review(i, mut editor) => {
                editor.handle_key(&key);
                self.mode = Mode::Review(i, editor);
                Action::None
            }
            Mode::Plan(_, fields) | Mode::Judge(_, fields) if cancel && !fields.picker_open() => {
                Action::None
            }
            Mode::Plan(i, mut fields) => {
                if save || fields.handle_key(key) == ListOutcome::Submit {
                    return self.save_plan(i, fields, cx);
                }
                self.mode = Mode::Plan(i, fields);
                Action::None
            }
            Mode::Judge(i, mut fields) => {
                if save || fields.handle_key(key) == ListOutcome::Submit {
                    return self.save_judgement(i, fields, cx);
                }
                self.mode = Mode::Judge(i, fields);
                Action::None
            }
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match &mut self.mode {
            Mode::Plan(_, fields) | Mode::Judge(_, fields) => fields.paste(text),
            Mode::FollowUps(_, editor) => editor.paste(text),
            Mode::Review(_, editor) if editor.note_focused() => editor.note.insert_str(text),
            _ => {}
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.title(v.t), v.theme.border, v);
        self.render_list(f, inner, v);
        self.render_popup(f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        match &self.mode {
            Mode::Review(_, editor) => editor.hints(t),
            Mode::FollowUps(_, editor) => editor.hints(t),
            Mode::Plan(_, fields) | Mode::Judge(_, fields) => {
                let mut hints = vec![keys::TAB.hint(t, t.hint_next_field)];
                hints.extend(fields.entry_hint(t));
                hints.push(keys::SAVE.change_hint(t, t.hint_save));
                hints.push(keys::ESC.hint(t, t.hint_cancel));
                hints
            }
            Mode::List => vec![
                keys::UP_DOWN.hint(t, t.hint_move),
                keys::ENTER.hint(t, t.mszs.hint_plan),
                keys::REVIEW_PROGRESS.change_hint(t, t.mszs.hint_review),
                keys::JUDGE.change_hint(t, t.mszs.hint_judge),
                keys::FOLLOW_UPS.hint(t, t.mszs.hint_followups),
                keys::SAVE_FILE.change_hint(t, t.mszs.hint_ledger),
                keys::PRINT.change_hint(t, t.mszs.hint_print_ledger),
                keys::ESC.hint(t, t.hint_back),
            ],
        }
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn editing_text(&self) -> bool {
        match &self.mode {
            Mode::Plan(..) | Mode::Judge(..) => true,
            Mode::FollowUps(_, editor) => editor.typing(),
            Mode::Review(_, editor) => editor.note_focused(),
            _ => false,
        }
    }
}
