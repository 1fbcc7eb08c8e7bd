//! One register as the paper page: its columns across, one entry per line,
//! for a period. Wider than the screen, it scrolls sideways with the first
//! column held in place. Only the lines on screen are read from the
//! database, so a year of a busy station opens at once.

use super::duty_record::DutyRecordScreen;
use super::record_form::RecordForm;
use crate::domain::fields::Field;
use crate::domain::ids::{CaseId, DeputyId, ReceptionId};
use crate::domain::registers::{RegisterDef, Source};
use crate::domain::roles::Permission;
use crate::domain::stats::{Period, PeriodKind};
use crate::i18n::Strings;
use crate::service::export::{Export, ExportError, ExportFormat, ExportRequest, default_file_name};
use crate::service::registers::{RegisterRows, column_width};
use crate::store::Refusal;
use crate::store::StoreError;
use crate::ui::components::confirm;
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::list_nav::Reach;
use crate::ui::components::period::{PeriodChooser, PeriodOutcome};
use crate::ui::components::progress::render_progress;
use crate::ui::components::table::{TableView, cut_row, cut_widths, fit_columns};
use crate::ui::components::text_input::TextInput;
use crate::ui::components::wrap::pad;
use crate::ui::components::{panel, popup_box};
use crate::ui::keys;
use crate::ui::screens::case_detail::CaseDetailScreen;
use crate::ui::screens::livelihood::ProjectsScreen;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View, current_actor};
use chrono::Datelike;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A question before a roster or contact list change.
enum Confirm {
    EndTerm(usize),
    Delete(usize),
    /// A contact household off the list, or back on it.
    Retire(usize),
}

/// What has the keys: the table, or a pop-up over it.
enum Mode {
    Browse,
    Confirm(Confirm),
    /// The export form, while open.
    ExportForm(FieldList),
    /// An export being written, a few hundred rows per tick.
    Exporting(Box<Export>),
}

pub struct RegisterView {
    def: RegisterDef,
    chooser: PeriodChooser,
    rows: Option<RegisterRows>,
    error: Option<String>,
    /// Cells of the rows read so far, by row index.
    cache: HashMap<usize, Vec<String>>,
    /// Selection, rows and columns in view; its page says what to read.
    table: TableView,
    mode: Mode,
    /// How the last export went.
    notice: Option<(String, Severity)>,
}

impl RegisterView {
    pub fn new(def: RegisterDef, cx: &mut Ctx) -> Self {
        let kind = if def.source.yearly() {
            PeriodKind::Year
        } else {
            PeriodKind::Month
        };
        let mut screen = Self {
            def,
            chooser: PeriodChooser::new(kind, cx.now.date()),
            rows: None,
            error: None,
            cache: HashMap::new(),
            table: TableView::with_page(40).joined(),
            mode: Mode::Browse,
            notice: None,
        };
        screen.load(cx);
        screen
    }

    fn range(&self) -> Period {
        self.chooser.period
    }

    fn load(&mut self, cx: &mut Ctx) {
        self.cache.clear();
        match RegisterRows::load(cx.store, &self.def, self.range()) {
            Ok(rows) => {
                let rows = rows.as_of(cx.now.date());
                let last = rows.len().saturating_sub(1);
                self.table.select(self.table.selected().min(last));
                self.rows = Some(rows);
                self.error = None;
            }
            Err(e) => {
                self.rows = None;
                self.error = Some(cx.t.store_error(&e));
            }
        }
        self.fill_page(cx);
    }

    /// Reads the cells of the lines about to be shown.
    fn fill_page(&mut self, cx: &mut Ctx) {
        let Some(rows) = &self.rows else { return };
        self.table.keep_in_view();
        let window = self.table.window(rows.len());
        for i in window.clone() {
            if self.cache.contains_key(&i) {
                continue;
            }
            match rows.cells(cx.store, i, cx.t) {
                Ok(cells) => {
                    self.cache.insert(i, cells);
                }
                Err(e) => {
                    self.error = Some(cx.t.store_error(&e));
                    break;
                }
            }
        }
        // Keep memory flat while paging through a long register.
        if self.cache.len() > 4 * self.table.page() {
            self.cache.retain(|i, _| window.contains(i));
        }
    }

    fn len(&self) -> usize {
        self.rows.as_ref().map_or(0, |r| r.len())
    }

    /// The columns as loaded (with the ID number column where ID numbers
    /// are recorded), the preset's until then.
    fn columns(&self) -> &[crate::domain::registers::Column] {
        self.rows
            .as_ref()
            .map_or(&self.def.columns, |r| &r.def.columns)
    }

    fn selected_key(&self) -> Option<String> {
        self.rows
            .as_ref()
            .and_then(|r| r.key(self.table.selected()))
    }

    fn open(&mut self, cx: &mut Ctx) -> Action {
        let Some(key) = self.selected_key() else {
            return Action::None;
        };
        let year = self.range().to.year();
        match self.def.source {
            Source::Reception => match cx.store.case_of_reception(&ReceptionId::from(key.as_str()))
            {
                Ok(Some(case_id)) => Action::Push(Box::new(CaseDetailScreen::new(&case_id, cx))),
                Ok(None) => Action::None,
                Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
            },
            Source::Handling => {
                Action::Push(Box::new(CaseDetailScreen::new(&CaseId::from(key), cx)))
            }
            Source::DutyRecord => Action::Push(Box::new(DutyRecordScreen::new(&key, year, cx))),
            Source::Activities | Source::Study | Source::Roster | Source::Households => {
                self.push_form(Some(key), cx)
            }
            Source::Livelihood => Action::Push(Box::new(ProjectsScreen::showing(&key, cx))),
        }
    }

    fn push_form(&mut self, key: Option<String>, cx: &mut Ctx) -> Action {
        match RecordForm::open(&self.def, key, cx) {
            Ok(form) => Action::Push(Box::new(form)),
            // A household belongs to a deputy: none on the roster yet.
            Err(StoreError::Refused(Refusal::Invalid(_)))
                if self.def.source == Source::Households =>
            {
                Action::Message(cx.t.registers.households_need_deputy.into(), Severity::Warn)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }

    /// Takes the selected contact household off the list, or puts it back.
    fn household_change(&mut self, index: usize, cx: &mut Ctx) -> Action {
        let r = &cx.t.registers;
        let Some(key) = self.rows.as_ref().and_then(|rows| rows.key(index)) else {
            return Action::None;
        };
        let day = cx.now.date();
        let result = cx.store.household(&key, day, day).and_then(|h| {
            let actor = current_actor(cx);
            cx.store
                .set_household_active(&key, !h.active, &actor, cx.now)
                .map(|_| h.active)
        });
        let message = match result {
            Ok(true) => (r.household_retired_done.to_string(), Severity::Ok),
            Ok(false) => (r.household_restored_done.to_string(), Severity::Ok),
            Err(e) => (cx.t.store_error(&e), Severity::Error),
        };
        self.load(cx);
        Action::Message(message.0, message.1)
    }

    fn roster_change(&mut self, confirm: Confirm, cx: &mut Ctx) -> Action {
        let r = &cx.t.registers;
        let actor = current_actor(cx);
        let (index, deleting) = match confirm {
            Confirm::EndTerm(i) => (i, false),
            Confirm::Delete(i) => (i, true),
            Confirm::Retire(i) => return self.household_change(i, cx),
        };
        let Some(key) = self.rows.as_ref().and_then(|rows| rows.key(index)) else {
            return Action::None;
        };
        let key = DeputyId::from(key);
        let entry = match cx.store.roster_entry(&key) {
            Ok(e) => e,
            Err(e) => return Action::Message(cx.t.store_error(&e), Severity::Error),
        };
        let name = entry.profile.name.clone();
        let result = if deleting {
            cx.store.delete_deputy(&key, &actor, cx.now)
        } else {
            cx.store
                .set_deputy_active(&key, !entry.active, &actor, cx.now)
        };
        let message = match (result, deleting) {
            (Ok(()), true) => (r.deputy_deleted.fill([&name]), Severity::Ok),
            (Ok(()), false) if entry.active => (r.deputy_ended.fill([&name]), Severity::Ok),
            (Ok(()), false) => (r.deputy_restored.fill([&name]), Severity::Ok),
            (Err(StoreError::Refused(Refusal::InUse)), _) => {
                (r.deputy_in_use.fill([&name]), Severity::Warn)
            }
            (Err(e), _) => (cx.t.store_error(&e), Severity::Error),
        };
        self.load(cx);
        Action::Message(message.0, message.1)
    }

    /// How a row is named in a question: a household by village and head,
    /// anything else by its first cell.
    fn row_name(&self, index: usize) -> String {
        let cell = |key| self.cell(index, key);
        match (self.def.source, cell("village"), cell("head")) {
            (Source::Households, Some(village), Some(head)) => format!("{village} {head}"),
            _ => self
                .cache
                .get(&index)
                .and_then(|c| c.first().cloned())
                .unwrap_or_default(),
        }
    }

    /// A shown row's cell under a column key, if the register has it.
    fn cell(&self, index: usize, key: &str) -> Option<String> {
        let at = self.columns().iter().position(|c| c.key == key)?;
        self.cache.get(&index).and_then(|c| c.get(at).cloned())
    }

    fn move_to(&mut self, index: usize, cx: &mut Ctx) {
        self.table.select(index.min(self.len().saturating_sub(1)));
        self.fill_page(cx);
    }

    fn open_export(&mut self, cx: &Ctx) {
        let range = self.range();
        let code = cx
            .store
            .station()
            .ok()
            .flatten()
            .map(|s| s.code)
            .unwrap_or_default();
        let name = default_file_name(&code, &self.def, range, ExportFormat::Xlsx);
        let path = cx.files_dir.join(cx.t.cmd.exports_folder).join(name);
        let w = &cx.t.registers;
        let mut fields = vec![
            (
                Field::ExportFormat,
                Entry::choice(&[w.export_xlsx, w.export_csv], w.export_xlsx),
            ),
            (
                Field::ExportFile,
                Entry::Text(TextInput::single(&path.display().to_string())),
            ),
        ];
        // Who may see phone numbers may also export them, saying why.
        if cx
            .user
            .is_some_and(|u| u.role.allows(Permission::RevealPhone))
        {
            let phones = [w.export_masked, w.export_full];
            fields.push((Field::Phone, Entry::choice(&phones, w.export_masked)));
            fields.push((Field::Reason, Entry::Text(TextInput::single(""))));
        }
        self.mode = Mode::ExportForm(FieldList::with(fields));
    }

    fn start_export(&mut self, form: FieldList, cx: &mut Ctx) -> Action {
        let format = if form.text(Field::ExportFormat) == cx.t.registers.export_csv {
            ExportFormat::Csv
        } else {
            ExportFormat::Xlsx
        };
        let typed = form.text(Field::ExportFile);
        let mut path = PathBuf::from(typed.trim());
        // The extension follows the format chosen.
        if path.extension().is_some_and(|e| e == "xlsx" || e == "csv") {
            path.set_extension(format.extension());
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            let _ = std::fs::create_dir_all(dir);
        }
        let full = form.text(Field::Phone) == cx.t.registers.export_full;
        let request = ExportRequest {
            def: self.def.clone(),
            range: self.range(),
            format,
            path,
            full_reason: full.then(|| form.text(Field::Reason)),
        };
        let Some(by) = cx.user.cloned() else {
            return Action::SignOut;
        };
        let started = Export::start(cx.store, &request, cx.t, &by, cx.now.date());
        if let Err(e) = &started {
            crate::service::export::record_failure(cx.store, &request, &by, e, cx.now);
        }
        match started {
            Ok(export) => {
                self.mode = Mode::Exporting(Box::new(export));
                self.notice = None;
                Action::None
            }
            Err(ExportError::Store(StoreError::Refused(Refusal::Invalid(errors)))) => {
                let mut form = form;
                form.set_errors(errors);
                self.mode = Mode::ExportForm(form);
                Action::None
            }
            Err(e @ ExportError::Store(StoreError::Refused(Refusal::Denied(_)))) => {
                Action::Message(e.message(cx.t), Severity::Error)
            }
            Err(e) => {
                self.mode = Mode::ExportForm(form);
                Action::Message(e.message(cx.t), Severity::Error)
            }
        }
    }

    /// Writes rows for about a tenth of a second, then lets keys through.
    fn continue_export(&mut self, cx: &mut Ctx) {
        let mut export = match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Exporting(export) => export,
            other => {
                self.mode = other;
                return;
            }
        };
        let started = Instant::now();
        let finished = loop {
            match export.step(cx.store, cx.t, 200) {
                Ok(true) => break true,
                Ok(false) if started.elapsed() < Duration::from_millis(100) => {}
                Ok(false) => break false,
                Err(e) => {
                    self.notice = Some((e.message(cx.t), Severity::Error));
                    match cx.user.cloned() {
                        Some(by) => export.fail(cx.store, &by, &e, cx.now),
                        None => export.abandon(),
                    }
                    return;
                }
            }
        };
        if !finished {
            self.mode = Mode::Exporting(export);
            return;
        }
        let path = export.path().display().to_string();
        let Some(by) = cx.user.cloned() else {
            export.abandon();
            return;
        };
        self.notice = Some(match export.finish(cx.store, cx.t, &by, cx.now) {
            Ok(rows) => (cx.t.registers.exported.fill([&rows, &path]), Severity::Ok),
            Err(e) => (e.message(cx.t), Severity::Error),
        });
    }

    fn render_export(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let r = &v.t.registers;
        if let Mode::ExportForm(form) = &mut self.mode {
            let width = area.width.saturating_sub(4).clamp(60, 120);
            let height = if form.len() > 2 { 11 } else { 7 };
            let inner = popup_box(f, area, width, height, r.export_title, v);
            let inner = Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(2),
                ..inner
            };
            f.render_widget(
                Paragraph::new(Line::styled(r.export_note, v.theme.muted)),
                Rect { height: 1, ..inner },
            );
            form.render(
                f,
                Rect {
                    y: inner.y + 2,
                    height: inner.height.saturating_sub(2),
                    ..inner
                },
                v,
            );
        }
        if let Mode::Exporting(export) = &self.mode {
            let (done, total) = (export.done(), export.total());
            let text = r.exporting.fill([&done, &total]);
            let share = done as f64 / total.max(1) as f64;
            render_progress(f, area, r.export_title, &text, share, v);
        }
    }

    fn render_table(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let columns = self.columns();
        if columns.is_empty() || area.height == 0 {
            return;
        }
        let mut widths: Vec<u16> = columns.iter().map(|c| column_width(c) as u16).collect();
        // The first column stays; the others start at the table's column.
        let shown = fit_columns(&widths, self.table.column(), area.width);
        widen_text_columns(&mut widths, &shown, area.width);
        // Each cell carries the space after it, as the padded line did.
        let natural: Vec<u16> = shown.iter().map(|&i| widths[i] + 1).collect();
        let line = |cell: &dyn Fn(usize) -> String| -> Vec<String> {
            let cells: Vec<String> = shown
                .iter()
                .map(|&i| format!("{} ", pad(&cell(i), widths[i] as usize)))
                .collect();
            cut_row(&cells, &natural, area.width)
        };
        let header = Row::new(line(&|i| columns[i].label.clone())).style(v.theme.title);
        let constraints: Vec<Constraint> = cut_widths(&natural[..natural.len() - 1], area.width)
            .into_iter()
            .map(Constraint::Length)
            .collect();
        let cache = &self.cache;
        self.table.render(
            f,
            area,
            header,
            &constraints,
            self.len(),
            |row, selected| {
                let cells = match cache.get(&row) {
                    Some(cells) => line(&|i| cells.get(i).cloned().unwrap_or_default()),
                    None => line(&|i| if i == 0 { "…".into() } else { String::new() }),
                };
                let style = if selected {
                    v.theme.selection
                } else {
                    v.theme.text
                };
                Row::new(cells).style(style)
            },
        );
    }

    /// The line above the table: how many entries, and which way it scrolls.
    fn status_line(&self, v: &View) -> Line<'static> {
        let r = &v.t.registers;
        let count = r.count.fill([&self.len()]);
        let more_left = self.table.column() > 0;
        let more_right = self.table.column() + 2 < self.columns().len();
        let arrows = match (more_left, more_right) {
            (false, false) => String::new(),
            (l, rr) => format!(
                "  {}{}{}",
                if l { "◀ " } else { "" },
                r.sideways,
                if rr { " ▶" } else { "" }
            ),
        };
        let mut spans = vec![
            Span::styled(count, v.theme.text),
            Span::styled(arrows, v.theme.muted),
        ];
        if let Some((notice, severity)) = &self.notice {
            let style = match severity {
                Severity::Error => v.theme.error,
                Severity::Warn => v.theme.warn,
                _ => v.theme.ok,
            };
            spans.push(Span::styled(format!("  {notice}"), style));
        }
        Line::from(spans)
    }
}

impl RegisterView {
    /// The period (or year) keys, where the register has one; true if used.
    fn period_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> bool {
        let source = self.def.source;
        let dated = source.dated();
        if !dated && !source.yearly() {
            return false;
        }
        let idle = !self.chooser.editing();
        let outcome = if idle && keys::PREV.matches(&key) {
            self.chooser.step(-1)
        } else if idle && keys::NEXT.matches(&key) {
            self.chooser.step(1)
        } else if dated {
            self.chooser.handle_key(key, cx.now.date())
        } else {
            PeriodOutcome::Ignored
        };
        match outcome {
            PeriodOutcome::Changed => {
                self.table.select(0);
                self.load(cx);
                true
            }
            PeriodOutcome::Used => true,
            PeriodOutcome::Ignored => false,
        }
    }

    fn browse_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if self.period_key(key, cx) {
            return Action::None;
        }
        let source = self.def.source;
        let roster_row = source == Source::Roster && self.len() > 0;
        let household_row = source == Source::Households && self.len() > 0;
        if let Some(to) = self.table.target(&key, Reach::Ends, self.len()) {
            self.move_to(to, cx);
        } else if keys::ESC.matches(&key) {
            return Action::Pop;
        } else if keys::LEFT_RIGHT.matches(&key) {
            let columns = self.columns().len();
            self.table.sideways(&key, columns);
        } else if keys::ENTER.matches(&key) {
            return self.open(cx);
        } else if keys::EXPORT.matches(&key) {
            self.open_export(cx);
        } else if keys::ADD.matches(&key)
            && matches!(
                source,
                Source::Activities | Source::Study | Source::Roster | Source::Households
            )
        {
            return self.push_form(None, cx);
        } else if keys::END_TERM.matches(&key) && household_row {
            self.mode = Mode::Confirm(Confirm::Retire(self.table.selected()));
        } else if keys::END_TERM.matches(&key) && roster_row {
            self.mode = Mode::Confirm(Confirm::EndTerm(self.table.selected()));
        } else if keys::DELETE_ROW.matches(&key) && roster_row {
            self.mode = Mode::Confirm(Confirm::Delete(self.table.selected()));
        }
        Action::None
    }
}

impl Screen for RegisterView {
    fn title(&self, _t: &Strings) -> String {
        self.def.title.clone()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        match std::mem::replace(&mut self.mode, Mode::Browse) {
            Mode::Browse => self.browse_key(key, cx),
            Mode::Exporting(export) => {
                // Esc stops an export; other keys wait for it.
                if keys::ESC.matches(&key) {
                    export.abandon();
                } else {
                    self.mode = Mode::Exporting(export);
                }
                Action::None
            }
            Mode::ExportForm(mut form) => {
                if keys::ESC.matches(&key) {
                    return Action::None;
                }
                if keys::SAVE.matches(&key) || form.handle_key(key) == ListOutcome::Submit {
                    return self.start_export(form, cx);
                }
                self.mode = Mode::ExportForm(form);
                Action::None
            }
            Mode::Confirm(c) if confirm::yes(&key) => self.roster_change(c, cx),
            Mode::Confirm(_) => Action::None,
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        match &mut self.mode {
            Mode::ExportForm(form) => form.paste(text),
            _ => self.chooser.paste(text),
        }
        Action::None
    }
    fn tick(&mut self, cx: &mut Ctx) -> Action {
        if matches!(self.mode, Mode::Exporting(_)) {
            self.continue_export(cx);
        }
        // The window may have grown since the last key.
        let missing = self
            .table
            .window(self.len())
            .any(|i| !self.cache.contains_key(&i));
        if missing {
            self.fill_page(cx);
        }
        Action::None
    }

    fn resume(&mut self, cx: &mut Ctx) {
        self.load(cx);
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, &self.def.title, v.theme.border, v);
        let mut y = inner.y;
        match self.def.source {
            Source::Roster => {}
            Source::DutyRecord | Source::Households => {
                let line = v.t.registers.year_line.fill([&self.range().to.year()]);
                f.render_widget(
                    Paragraph::new(Line::styled(line, v.theme.focus)),
                    Rect { height: 1, ..inner },
                );
                y += 1;
            }
            _ => {
                self.chooser.render_tabs(f, Rect { height: 2, ..inner }, v);
                y += 2;
            }
        }
        let status = Rect {
            y,
            height: 1,
            ..inner
        };
        f.render_widget(Paragraph::new(self.status_line(v)), status);
        let table = Rect {
            y: y + 1,
            height: inner.bottom().saturating_sub(y + 1),
            ..inner
        };
        if let Some(error) = &self.error {
            f.render_widget(
                Paragraph::new(Line::styled(error.clone(), v.theme.error)),
                table,
            );
        } else if self.len() == 0 {
            self.render_table(f, table, v);
            let empty = Rect {
                y: table.y + 1,
                height: 1,
                ..table
            };
            f.render_widget(
                Paragraph::new(Line::styled(v.t.registers.empty, v.theme.muted)),
                empty,
            );
        } else {
            self.render_table(f, table, v);
        }
        if let Mode::Confirm(confirm) = &self.mode {
            let r = &v.t.registers;
            let (template, index) = match confirm {
                Confirm::EndTerm(i) => (r.confirm_end_term, *i),
                Confirm::Delete(i) => (r.confirm_delete, *i),
                Confirm::Retire(i) => {
                    let active = self.cell(*i, "status").as_deref() != Some(r.household_retired);
                    let template = if active {
                        r.confirm_retire_household
                    } else {
                        r.confirm_restore_household
                    };
                    (template, *i)
                }
            };
            let name = self.row_name(index);
            confirm::render(f, area, &template.fill([&name]), v.theme.text, v);
        }
        self.chooser.render_popup(f, area, v);
        self.render_export(f, area, v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let r = &t.registers;
        match self.mode {
            Mode::Confirm(_) => return confirm::hints(t),
            Mode::Exporting(_) => return vec![keys::ESC.hint(t, t.hint_cancel)],
            Mode::ExportForm(_) => return PeriodChooser::custom_hints(t),
            Mode::Browse if self.chooser.editing() => return PeriodChooser::custom_hints(t),
            Mode::Browse => {}
        }
        let mut hints = vec![keys::UP_DOWN.hint(t, t.hint_move)];
        if self.columns().len() > 2 {
            hints.push(keys::LEFT_RIGHT.hint(t, r.sideways));
        }
        match self.def.source {
            Source::Roster => {}
            Source::DutyRecord | Source::Households => {
                hints.push(keys::PREV_NEXT.hint(t, r.hint_year))
            }
            _ => {
                hints.push(PeriodChooser::period_hint(t));
                hints.push(keys::PREV_NEXT.hint(t, t.stats.hint_step));
            }
        }
        match self.def.source {
            Source::Reception | Source::Handling => hints.push(keys::ENTER.hint(t, r.hint_case)),
            Source::DutyRecord => hints.push(keys::ENTER.hint(t, r.hint_progress)),
            Source::Livelihood => hints.push(keys::ENTER.hint(t, t.mszs.hint_supervise)),
            Source::Activities | Source::Study => {
                hints.push(keys::ADD.change_hint(t, r.hint_add));
                hints.push(keys::ENTER.change_hint(t, r.hint_edit));
            }
            Source::Roster => {
                hints.push(keys::ADD.change_hint(t, r.hint_add));
                hints.push(keys::ENTER.change_hint(t, r.hint_edit));
                hints.push(keys::END_TERM.change_hint(t, r.hint_end_term));
                hints.push(keys::DELETE_ROW.change_hint(t, r.hint_delete));
            }
            Source::Households => {
                hints.push(keys::ADD.change_hint(t, r.hint_add));
                hints.push(keys::ENTER.change_hint(t, r.hint_edit));
                hints.push(keys::END_TERM.change_hint(t, r.hint_retire_household));
            }
        }
        hints.push(keys::EXPORT.change_hint(t, r.hint_export));
        hints.push(keys::ESC.hint(t, t.hint_back));
        hints
    }

    fn editing_text(&self) -> bool {
        self.chooser.editing() || matches!(&self.mode, Mode::ExportForm(f) if f.takes_text())
    }
}

/// On a screen wider than the columns shown from here to the last, the
/// room left over goes to the text columns (the typical 20 wide or more),
/// shared alike, so that a wide terminal shows more of each text.
fn widen_text_columns(widths: &mut [u16], shown: &[usize], width: u16) {
    if shown.last() != Some(&(widths.len() - 1)) {
        return;
    }
    let used: u16 = shown.iter().map(|&i| widths[i] + 1).sum();
    let texts: Vec<usize> = shown.iter().copied().filter(|&i| widths[i] >= 20).collect();
    let Some(share) = width.saturating_sub(used).checked_div(texts.len() as u16) else {
        return;
    };
    for i in texts {
        widths[i] += share;
    }
}

#[cfg(test)]
mod widening {
    use super::widen_text_columns;

    #[test]
    fn the_room_left_over_goes_to_the_text_columns() {
        let mut widths = [17, 40, 10, 30];
        widen_text_columns(&mut widths, &[0, 1, 2, 3], 120);
        // 101 used: 19 left, 9 to each text column.
        assert_eq!(widths, [17, 49, 10, 39]);
        // Scrolled so that the last column is not in view: nothing changes.
        let mut widths = [17, 40, 10, 30];
        widen_text_columns(&mut widths, &[0, 1, 2], 120);
        assert_eq!(widths, [17, 40, 10, 30]);
        // No text column: nothing to widen.
        let mut widths = [17, 10];
        widen_text_columns(&mut widths, &[0, 1], 120);
        assert_eq!(widths, [17, 10]);
    }
}
