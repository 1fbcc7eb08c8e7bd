//! Station settings: where receptions take place, reply deadlines, the
//! print command for receipts, the category list and the working calendar.

use crate::domain::calendar_rows::{RowWords, rows_from_toml, toml_from_rows};
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::registers::{preset, presets};
use crate::domain::settings::SettingsForm;
use crate::i18n::Strings;
use crate::store::Settings;
use crate::ui::components::field_list::{Entry, FieldList, ListOutcome};
use crate::ui::components::panel;
use crate::ui::components::picker::{PickOutcome, Picker};
use crate::ui::components::text_input::TextInput;
use crate::ui::keys;
use crate::ui::output::{Outgoing, known_printers, print_with};
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub struct SettingsScreen {
    fields: FieldList,
    base: Settings,
    dirty: bool,
    /// The system's printers, while the list is open.
    printers: Option<Picker>,
    /// Why the stored settings could not be read: the page then shows
    /// the defaults but never saves them over the real ones.
    unreadable: Option<String>,
}

impl SettingsScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let (base, unreadable) = match cx.store.settings() {
            Ok(settings) => (settings, None),
            Err(e) => (Settings::default(), Some(cx.t.store_error(&e))),
        };
        let presets: Vec<&str> = presets().iter().map(|p| p.name.as_str()).collect();
        let current = preset(&base.register_preset).map_or("", |p| p.name.as_str());
        let text = |s: &str| Entry::Text(TextInput::single(s));
        let fields = FieldList::with(vec![
            (Field::Place, text(&base.place)),
            (Field::ReplyDays, text(&base.reply_days.to_string())),
            (
                Field::NearDeadlineDays,
                text(&base.near_deadline_days.to_string()),
            ),
            (Field::PrintCommand, text(&base.print_command)),
            (Field::RegisterPreset, Entry::choice(&presets, current)),
            (
                Field::RetentionMonths,
                text(&base.retention_months.to_string()),
            ),
            (
                Field::CollectIdNumber,
                Entry::choice(
                    &[cx.t.no, cx.t.yes],
                    if base.collect_id_number {
                        cx.t.yes
                    } else {
                        cx.t.no
                    },
                ),
            ),
            (
                Field::ShortlistRatio,
                text(&base.shortlist_ratio_percent.to_string()),
            ),
            (
                Field::TargetDutyDays,
                text(&base.targets.duty_days.to_string()),
            ),
            (Field::TargetVisits, text(&base.targets.visits.to_string())),
            (
                Field::TargetActivities,
                text(&base.targets.activities.to_string()),
            ),
            (
                Field::TargetStudy,
                text(&base.targets.study_sessions.to_string()),
            ),
            (
                Field::TargetHouseholds,
                text(&base.targets.households.to_string()),
            ),
            (
                Field::Categories,
                Entry::Text(TextInput::multi(&base.categories.join("\n")).at_start()),
            ),
            (
                Field::Calendar,
                Entry::Text(TextInput::multi(&calendar_rows(&base.calendar, cx.t)).at_start()),
            ),
        ]);
        Self {
            fields,
            base,
            dirty: false,
            printers: None,
            unreadable,
        }
    }

    /// The form as the store checks it, with the calendar rows as TOML.
    fn form(&self, calendar: String) -> SettingsForm {
        SettingsForm {
            place: self.fields.text(Field::Place),
            reply_days: self.fields.text(Field::ReplyDays),
            near_deadline_days: self.fields.text(Field::NearDeadlineDays),
            print_command: self.fields.text(Field::PrintCommand),
            categories: self.fields.text(Field::Categories),
            calendar,
            targets: [
                self.fields.text(Field::TargetDutyDays),
                self.fields.text(Field::TargetVisits),
                self.fields.text(Field::TargetActivities),
                self.fields.text(Field::TargetStudy),
                self.fields.text(Field::TargetHouseholds),
            ],
            retention_months: self.fields.text(Field::RetentionMonths),
            shortlist_ratio: self.fields.text(Field::ShortlistRatio),
        }
    }

    /// The chosen preset's key (the list shows names).
    fn preset_key(&self) -> String {
        let name = self.fields.text(Field::RegisterPreset);
        presets()
            .iter()
            .find(|p| p.name == name)
            .map_or_else(|| self.base.register_preset.clone(), |p| p.key.clone())
    }

    fn save(&mut self, cx: &mut Ctx) -> Action {
        if let Some(why) = &self.unreadable {
            return Action::Message(cx.t.settings_unreadable.fill([why]), Severity::Error);
        }
        // The calendar rows: a wrong one is named by its line.
        let calendar = match toml_from_rows(&self.fields.text(Field::Calendar)) {
            Ok(toml) => toml,
            Err(fault) => {
                let why = Problem::BadFormat(cx.t.calendar_row_fault(fault));
                let error = FieldError::new(Field::Calendar, why);
                let said = cx.t.field_error(&error);
                self.fields.set_errors(vec![error]);
                return Action::Message(said, Severity::Warn);
            }
        };
        let valid = match self.form(calendar).validate() {
            Ok(v) => v,
            Err(errors) => {
                let first = cx.t.field_error(&errors[0]);
                self.fields.set_errors(errors);
                return Action::Message(first, Severity::Warn);
            }
        };
        let new = Settings {
            categories: valid.categories,
            calendar: valid.calendar,
            reply_days: valid.reply_days,
            near_deadline_days: valid.near_deadline_days,
            place: valid.place,
            print_command: valid.print_command,
            targets: valid.targets,
            register_preset: self.preset_key(),
            retention_months: valid.retention_months,
            collect_id_number: self.fields.text(Field::CollectIdNumber) == cx.t.yes,
            shortlist_ratio_percent: valid.shortlist_ratio_percent,
        };
        match cx
            .store
            .save_settings(&new, &crate::ui::current_actor(cx), cx.now)
        {
            Ok(()) => {
                self.base = new;
                self.dirty = false;
                Action::Message(cx.t.settings_saved.into(), Severity::Ok)
            }
            Err(e) => Action::Message(cx.t.store_error(&e), Severity::Error),
        }
    }
}

/// The stored calendar as rows to edit (as stored if it cannot be read).
fn calendar_rows(stored: &str, t: &Strings) -> String {
    let words = RowWords {
        holiday: t.calendar_holiday,
        workday: t.calendar_workday,
    };
    rows_from_toml(stored, words).unwrap_or_else(|| stored.to_string())
}

impl SettingsScreen {
    /// F6 on the print command: the printers `lpstat -a` names.
    fn open_printers(&mut self, cx: &mut Ctx) -> Action {
        match known_printers() {
            Ok(names) if !names.is_empty() => {
                self.printers = Some(Picker::new(cx.t.pick_printer, names, None));
                Action::None
            }
            Ok(_) => Action::Message(cx.t.no_printers.into(), Severity::Warn),
            Err(why) => Action::Message(cx.t.printers_unknown.fill([&why]), Severity::Warn),
        }
    }

    /// F6 / F7 on the working calendar: a new row (today, a holiday, to be
    /// edited) below the cursor's, or the cursor's row removed.
    fn edit_calendar_row(&mut self, add: bool, cx: &mut Ctx) -> Action {
        if let Some(input) = self.fields.input_mut(Field::Calendar) {
            if add {
                input.add_row_below(&format!("{} {}", cx.now.date(), cx.t.calendar_holiday));
            } else {
                input.remove_row();
            }
            self.dirty = true;
        }
        Action::None
    }

    /// F7 on the print command: a test page through the command as typed.
    fn test_print(&mut self, cx: &mut Ctx) -> Action {
        let command = self.fields.text(Field::PrintCommand);
        let text = cx.t.test_page.fill([&cx.now.format("%Y-%m-%d %H:%M")]);
        let out = Outgoing {
            kind: "test_page",
            entity: "settings",
            entity_id: "print_command",
            text,
            saved_template: crate::i18n::Template::new("{}"),
            printed_message: cx.t.test_page_printed,
        };
        print_with(cx, &command, out)
    }
}

impl Screen for SettingsScreen {
    fn title(&self, t: &Strings) -> String {
        super::home::Part::Settings.name(t).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        if let Some(mut picker) = self.printers.take() {
            match picker.handle_key(key) {
                PickOutcome::Open => self.printers = Some(picker),
                PickOutcome::Chosen(i) => {
                    let command = format!("lp -d {}", picker.item(i));
                    self.fields.set_text(Field::PrintCommand, &command);
                    self.dirty = true;
                }
                PickOutcome::Cancelled | PickOutcome::Add(_) => {}
            }
            return Action::None;
        }
        if self.fields.focused_field() == Field::PrintCommand {
            if keys::PICK_PRINTER.matches(&key) {
                return self.open_printers(cx);
            }
            if keys::TEST_PRINT.matches(&key) {
                return self.test_print(cx);
            }
        }
        if self.fields.focused_field() == Field::Calendar
            && (keys::ADD_ROW.matches(&key) || keys::REMOVE_ROW.matches(&key))
        {
            return self.edit_calendar_row(keys::ADD_ROW.matches(&key), cx);
        }
        if keys::ESC.matches(&key) {
            return Action::Pop;
        }
        if keys::SAVE.matches(&key) {
            return self.save(cx);
        }
        match self.fields.handle_key(key) {
            ListOutcome::Submit => self.save(cx),
            ListOutcome::Changed => {
                self.dirty = true;
                Action::None
            }
            _ => Action::None,
        }
    }

    fn paste(&mut self, text: &str, _cx: &mut Ctx) -> Action {
        self.fields.paste(text);
        self.dirty = true;
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let mut inner = panel(
            f,
            area,
            super::home::Part::Settings.name(v.t),
            v.theme.border,
            v,
        );
        if let Some(why) = &self.unreadable {
            let line = v.t.settings_unreadable.fill([why]);
            let text = ratatui::widgets::Paragraph::new(line)
                .style(v.theme.error)
                .wrap(ratatui::widgets::Wrap { trim: false });
            let height = 2.min(inner.height);
            f.render_widget(text, Rect { height, ..inner });
            inner.y += height;
            inner.height -= height;
        }
        self.fields.render(f, inner, v);
        if let Some(picker) = &mut self.printers {
            picker.render(f, area, v);
        }
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        if let Some(picker) = &self.printers {
            return picker.current_hints(t);
        }
        let mut hints = vec![
            keys::TAB.hint(t, t.hint_next_field),
            keys::BACK_TAB.hint(t, t.hint_prev_field),
        ];
        hints.extend(self.fields.entry_hint(t));
        if self.fields.focused_field() == Field::PrintCommand {
            hints.push(keys::PICK_PRINTER.hint(t, t.hint_pick_printer));
            hints.push(keys::TEST_PRINT.hint(t, t.hint_test_print));
        }
        if self.fields.focused_field() == Field::Calendar {
            hints.push(keys::ADD_ROW.change_hint(t, t.cmd.hint_add_row));
            hints.push(keys::REMOVE_ROW.change_hint(t, t.cmd.hint_remove_row));
        }
        hints.push(keys::SAVE.change_hint(t, t.hint_save));
        hints.push(keys::ESC.hint(t, t.hint_back));
        hints
    }

    fn editing_text(&self) -> bool {
        self.printers.is_some() || self.fields.takes_text()
    }

    fn has_input(&self) -> bool {
        self.dirty
    }
}
