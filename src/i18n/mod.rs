//! Every sentence the user can see, in one table per language. A second
//! language is a second file that fills the same struct: the compiler
//! refuses a table with a string missing.

mod commands;
mod en;
mod help;
mod livelihood;
mod rollup;
mod zh;

use crate::domain::case::CaseStatus;
use crate::domain::case::{Grade, Satisfaction};
use crate::domain::case_forms::ActionKind;
use crate::domain::choices::{
    Channel, FeedbackWay, Gender, NotAcceptedReason, RequestType, Route, SupervisionLevel,
};
use crate::domain::fields::{Field, FieldError, IdNumberFault, Problem};
use crate::domain::import::{
    Column as ImportColumn, FileProblem, Reason, Rejection, Vocabulary, Words,
};
use crate::domain::roles::Role;
use crate::store::StoreError;
use crate::store::error::OpenProblem;
use crate::store::{DatabaseFailure, Refusal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Zh => &zh::STRINGS,
        Lang::En => &en::STRINGS,
    }
}

/// A sentence with `N` places (`{}`) for values, filled in order. The
/// tables make each with `Template::new`, which stops the build when the
/// sentence has another number of places; `fill` takes exactly `N`
/// values, so a call with one too many or too few does not compile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template<const N: usize>(&'static str);

impl<const N: usize> Template<N> {
    pub const fn new(text: &'static str) -> Self {
        assert!(
            places(text) == N,
            "a template has another number of places than its type says"
        );
        Template(text)
    }

    /// The sentence with its places filled by `values`, in order.
    pub fn fill(&self, values: [&dyn std::fmt::Display; N]) -> String {
        let mut out = String::with_capacity(self.0.len() + 16);
        let mut rest = self.0;
        for value in values {
            // `new` proved there are exactly N places.
            let (before, after) = rest.split_once("{}").unwrap_or((rest, ""));
            out.push_str(before);
            out.push_str(&value.to_string());
            rest = after;
        }
        out.push_str(rest);
        out
    }

    /// The sentence as written, places and all.
    pub fn text(&self) -> &'static str {
        self.0
    }
}

/// How many `{}` places a sentence has (usable while the tables are built).
const fn places(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut count) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'}' {
            count += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    count
}

pub use commands::{CommandStrings, Work};
pub use help::HelpStrings;
pub use livelihood::LivelihoodStrings;
pub use rollup::RollupStrings;

pub struct Strings {
    /// The command line's safety checks (see `commands`).
    pub cmd: &'static CommandStrings,
    /// 民生实事 (see `livelihood`).
    pub mszs: &'static LivelihoodStrings,
    /// Roll-up: bundles and the hub (see `rollup`).
    pub rollup: &'static RollupStrings,
    /// The command line's `--help` (see `help`).
    pub help: &'static HelpStrings,
    pub app_title: &'static str,
    pub lang_name: &'static str,

    // Keys and hints shared by every screen.
    pub key_space: &'static str,
    pub hint_help: &'static str,
    pub hint_back: &'static str,
    pub hint_quit: &'static str,
    pub hint_open: &'static str,
    pub hint_move: &'static str,
    pub hint_next_field: &'static str,
    pub hint_prev_field: &'static str,
    pub hint_save: &'static str,
    pub hint_choose: &'static str,
    pub hint_toggle: &'static str,
    /// Closing a checklist, its ticks kept.
    pub hint_done: &'static str,
    pub hint_newline: &'static str,
    pub hint_confirm: &'static str,
    pub hint_cancel: &'static str,
    pub hint_next_step: &'static str,
    pub hint_prev_step: &'static str,
    pub hint_filter: &'static str,
    pub hint_close_help: &'static str,
    pub help_title: &'static str,
    pub help_global: Template<3>,
    pub yes: &'static str,
    pub no: &'static str,
    pub too_small: Template<2>,
    pub confirm_quit: &'static str,
    pub setup_confirm_quit: &'static str,
    pub confirm_title: &'static str,
    pub not_built: Template<2>,
    pub error_title: &'static str,
    pub none: &'static str,
    pub no_match: &'static str,
    pub pick_printer: &'static str,
    pub calendar_holiday: &'static str,
    pub calendar_workday: &'static str,
    pub calendar_row_line: Template<2>,
    /// A calendar row whose date cannot be read.
    pub calendar_row_bad_date: &'static str,
    /// A calendar row without 放假 or 上班 after its date.
    pub calendar_row_bad_kind: &'static str,
    pub no_printers: &'static str,
    pub printers_unknown: Template<1>,
    pub test_page: Template<1>,
    pub test_page_printed: &'static str,
    pub hint_pick_printer: &'static str,
    pub hint_test_print: &'static str,
    pub choice_how: Template<2>,
    pub late_entry_mark: &'static str,
    pub key_type: &'static str,
    pub hint_type_to_add: &'static str,
    pub hint_add_and_choose: &'static str,
    pub picker_add_row: Template<1>,
    pub picker_type_to_add: &'static str,
    pub department_added: Template<1>,
    pub saved_at: &'static str,

    // Home.
    pub home_title: &'static str,
    pub home_items: [&'static str; 6],
    pub home_item_notes: [&'static str; 6],
    pub home_station: &'static str,
    pub home_today: &'static str,
    pub home_on_duty: &'static str,
    pub home_nobody_on_duty: &'static str,
    pub home_counts: Template<5>,
    pub home_drafts: Template<1>,

    // First-run setup.
    pub setup_title: &'static str,
    /// The same when the station (or hub) exists and only its administrator is asked for.
    pub setup_admin_title: &'static str,
    pub setup_intro: &'static str,
    pub setup_done: &'static str,

    // Duty sign-in.
    pub duty_title: &'static str,
    pub duty_intro: Template<2>,
    pub duty_filter: &'static str,
    pub duty_on: &'static str,
    pub duty_off: &'static str,
    pub duty_empty_roster: Template<1>,
    pub duty_no_match: Template<1>,
    pub hint_sign: &'static str,
    pub hint_start_reception: &'static str,
    pub duty_need_one: &'static str,
    pub duty_add_title: &'static str,
    pub hint_add_deputy: &'static str,
    pub duty_added: Template<1>,
    pub duty_signed_in: Template<1>,
    pub duty_signed_out: Template<1>,

    // Reception form.
    pub reception_title: &'static str,
    pub steps: [&'static str; 3],
    pub privacy_notice: &'static str,
    pub anonymous: &'static str,
    pub confidential_note: &'static str,
    pub pick_category: &'static str,
    pub pick_department: &'static str,
    pub deadline_preview: Template<2>,
    pub suggestion_deadline: Template<1>,
    /// Under a letter's day of receipt.
    pub letter_received_note: &'static str,
    pub draft_saved: Template<1>,
    pub draft_not_saved: &'static str,
    pub fix_errors: Template<1>,
    pub earlier_title: &'static str,
    pub earlier_none: &'static str,
    pub earlier_line: Template<3>,
    pub earlier_linked: &'static str,
    pub hint_link_case: &'static str,
    pub hint_unlink_case: &'static str,
    pub case_linked: Template<1>,
    pub case_unlinked: &'static str,
    pub confidential_name: &'static str,
    pub anonymous_name: &'static str,
    pub on_duty_line: Template<1>,
    pub resume_title: &'static str,
    pub resume_question: Template<1>,
    pub resume_continue: &'static str,
    pub resume_discard: &'static str,
    pub hint_paste_note: &'static str,

    pub settings_saved: &'static str,

    // Receipt.
    pub receipt_title: &'static str,
    pub receipt_saved: &'static str,
    pub receipt_lines: ReceiptLabels,
    pub hint_receipt_file: &'static str,
    pub hint_receipt_print: &'static str,
    pub hint_next_voter: &'static str,
    pub hint_home: &'static str,
    pub receipt_file_written: Template<1>,
    pub receipt_printed: &'static str,
    pub receipt_no_printer: &'static str,
    pub receipt_print_failed: Template<1>,
    /// A text file (receipt, digest, notice) that could not be written.
    pub file_not_saved: Template<2>,

    pub cases: CaseStrings,
    pub users: UserStrings,
    pub cli_args: CliArgStrings,
    pub closing: ClosingStrings,
    pub audit: AuditStrings,
    pub stats: StatsStrings,
    pub registers: RegisterStrings,
    pub digest: DigestStrings,

    // Words for the domain's choices, indexed by the enum's `index()`.
    pub fields: [&'static str; Field::COUNT],
    pub channels: [&'static str; Channel::COUNT],
    pub genders: [&'static str; Gender::COUNT],
    pub request_types: [&'static str; RequestType::COUNT],
    pub routes: [&'static str; Route::COUNT],
    pub not_accepted_reasons: [&'static str; NotAcceptedReason::COUNT],
    pub statuses: [&'static str; 6],

    // Validation problems.
    pub problem_required: &'static str,
    pub problem_too_long: Template<1>,
    pub problem_bad_phone: &'static str,
    /// Why a phone number was refused, by `PhoneFault::index`.
    pub phone_faults: PhoneFaultStrings,
    pub problem_bad_name: &'static str,
    pub problem_bad_date: &'static str,
    pub problem_not_a_number: &'static str,
    pub problem_out_of_range: Template<2>,
    pub problem_bad_station_code: &'static str,
    pub problem_unknown_choice: &'static str,
    pub problem_bad_month: &'static str,
    pub problem_bad_hours: &'static str,
    pub problem_leave_without_reason: Template<1>,
    pub problem_control: &'static str,
    pub problem_bad_format: Template<1>,
    pub problem_date_too_early: Template<1>,
    pub problem_date_too_late: Template<1>,
    pub problem_date_before: Template<1>,
    pub problem_unchanged: &'static str,
    pub problem_typed_on_choice: Template<2>,
    pub problem_name_or_anonymous: &'static str,
    pub problem_bad_pin: &'static str,
    pub problem_pin_mismatch: &'static str,
    /// A national ID number that is malformed, has no real date of birth,
    /// or fails its check digit (by `IdNumberFault::index`).
    pub problem_bad_id_number: [&'static str; IdNumberFault::COUNT],

    // Database trouble.
    pub store_cannot_open: Template<1>,
    pub store_read_only: &'static str,
    pub store_locked: &'static str,
    pub store_full: &'static str,
    pub store_corrupt: &'static str,
    pub store_newer: Template<2>,
    pub store_stale: &'static str,
    pub store_not_found: &'static str,
    pub store_in_use: &'static str,
    pub store_no_station: &'static str,
    pub store_illegal: &'static str,
    pub store_invalid: &'static str,
    pub store_other: Template<1>,
    /// A stored code the program does not know: the field, the code.
    pub store_unknown_code: Template<2>,
    pub store_path: Template<1>,
    pub store_denied: &'static str,
    pub store_day_signed: Template<1>,
    pub store_duty_day_signed: Template<1>,
    pub store_name_taken: &'static str,
    pub store_last_admin: &'static str,
    pub store_wrong_pin: Template<1>,
    pub store_user_locked: Template<1>,

    // Command line.
    pub upgrading: &'static str,
    pub crashed: Template<1>,
    pub quit_when_done: &'static str,
    pub cli_init_done: Template<2>,
    pub cli_demo_done: Template<3>,
    pub cli_check_ok: &'static str,
    pub cli_check_failed: &'static str,
    pub cli_schema: Template<2>,
    pub cli_audit_ok: &'static str,
    pub cli_audit_broken: Template<1>,
    pub cli_audit_entry: Template<4>,
    pub cli_audit_count: Template<1>,
    pub cli_seals_ok: &'static str,
    pub cli_seal_changed: Template<2>,
    pub cli_seal_added: Template<2>,
    pub cli_seal_removed: Template<2>,
    pub cli_seals_edited: &'static str,
    pub cli_seal_more: Template<1>,
    pub output_not_logged: Template<2>,
    pub settings_unreadable: Template<1>,
    pub cli_actor: Template<1>,
    pub cli_actor_unnamed: &'static str,
    pub open_no_access: &'static str,
    pub open_not_found: &'static str,
    pub open_read_only_disk: &'static str,
    pub open_other: &'static str,
    pub cli_purge_rule: Template<2>,
    pub cli_purge_none: &'static str,
    pub cli_purge_would: Template<1>,
    pub cli_purge_done: Template<1>,
    pub cli_purge_item: Template<4>,
    pub cli_backup_done: Template<1>,
    pub cli_restore_done: Template<2>,
    /// A restore where there was no database: nothing before it to keep.
    pub cli_restore_new: Template<2>,
    pub cli_restore_refused: Template<1>,
    pub cli_demo_needs_empty: &'static str,
    pub theme_broken: Template<2>,
    pub config_broken: Template<2>,

    // Import.
    /// Further headings an imported register file may use: (heading, column key).
    pub import_headers: &'static [(&'static str, &'static str)],
    pub import_list_separator: &'static str,
    pub import_cannot_read: Template<2>,
    pub import_not_utf8: Template<1>,
    pub import_empty_file: &'static str,
    pub import_missing_columns: Template<1>,
    pub import_preview_title: Template<1>,
    pub import_will_create: Template<1>,
    pub import_title: Template<1>,
    pub import_created: Template<3>,
    pub import_nothing_new: &'static str,
    pub import_existing: Template<2>,
    pub import_new_deputies_preview: Template<1>,
    pub import_new_deputies: Template<1>,
    pub import_new_departments_preview: Template<1>,
    pub import_new_departments: Template<1>,
    /// Masked phones, referrals without a department, refusals without a
    /// reason, satisfactions not applied, masked ID numbers (see
    /// `ParsedFile::notes`).
    pub import_notes: [Template<1>; 5],
    pub import_ignored_columns: Template<1>,
    pub import_rejected_title: Template<1>,
    pub import_nothing_imported: &'static str,
    pub import_preview_rejected: &'static str,
    pub import_line: Template<2>,
    pub import_bad_value: Template<3>,
    pub import_empty_value: Template<2>,
    pub import_visitor_required: Template<1>,
    pub import_not_in_list: Template<1>,
    pub import_unknown_category: Template<1>,
    pub import_bad_time: &'static str,
    pub import_needs_reply: &'static str,
    pub import_too_many_fields: Template<1>,
    pub import_unreadable_row: Template<1>,
    pub import_day_signed_off: &'static str,
}

/// Words of the daily digest (日结).
/// What is wrong with a phone number, one sentence for each fault.
pub struct PhoneFaultStrings {
    pub characters: &'static str,
    pub mobile_length: Template<1>,
    pub mobile_prefix: &'static str,
    pub no_area_code: &'static str,
    pub area_code: &'static str,
    pub local: &'static str,
    pub extension: &'static str,
    pub foreign: &'static str,
}

pub struct DigestStrings {
    pub title: Template<2>,
    /// The open drafts' row of the CSV digest.
    pub csv_drafts: &'static str,
    pub after_sign_off: Template<1>,
    pub screen_title: &'static str,
    pub sentence: Template<6>,
    pub drafts: Template<1>,
    pub hint_day: &'static str,
    pub hint_save: &'static str,
    pub hint_print: &'static str,
    pub saved: Template<1>,
    pub printed: &'static str,
    pub milestones_title: &'static str,
    pub milestone_due: Template<1>,
    pub milestone_overdue: Template<1>,
}

/// Words of sign-in, first-run administrator and the users screen.
pub struct UserStrings {
    pub sign_in_title: &'static str,
    pub sign_in_intro: Template<2>,
    pub admin_intro: &'static str,
    pub wrong_pin: Template<1>,
    pub locked: Template<1>,
    pub roles: [&'static str; Role::COUNT],
    pub current: &'static str,
    pub hint_choose_user: &'static str,
    pub hint_sign_in: &'static str,
    pub hint_users: &'static str,
    pub hint_sign_out: &'static str,
    pub title: &'static str,
    pub columns: [&'static str; 3],
    pub active: &'static str,
    pub inactive: &'static str,
    pub locked_short: &'static str,
    pub new_user: &'static str,
    pub edit_user: &'static str,
    pub saved: &'static str,
    pub hint_add: &'static str,
    pub hint_edit: &'static str,
    pub cli_no_user: Template<1>,
    pub cli_pin_prompt: Template<1>,
}

/// Words of the closing review (日结审核), corrections and sign-off.
pub struct ClosingStrings {
    pub title: &'static str,
    pub checklist_title: Template<1>,
    pub status_open: Template<2>,
    pub status_open_read_only: Template<1>,
    pub status_signed: Template<3>,
    pub nothing_missing: &'static str,
    pub missing: Template<2>,
    pub short_content: Template<1>,
    pub no_route: Template<1>,
    pub no_department: Template<1>,
    pub no_deadline: Template<1>,
    pub still_on_duty: Template<2>,
    pub open_draft: Template<1>,
    /// Draft kinds as stored, and what they are called.
    pub draft_kinds: [(&'static str, &'static str); 5],
    pub activity_without_people: Template<1>,
    pub study_without_attendance: Template<1>,
    pub confirm_sign_off: Template<1>,
    pub late_entry: Template<2>,
    pub milestone_overdue: Template<3>,
    pub countersigned: Template<1>,
    pub confirm_sign_off_clean: Template<1>,
    pub confirm_still_on_duty: Template<1>,
    pub confirm_late_still_received: &'static str,
    pub confirm_discard_draft: &'static str,
    pub draft_discarded: &'static str,
    pub signed_off: Template<2>,
    pub signed_no_backup: Template<2>,
    pub backing_up_title: &'static str,
    pub backing_up: Template<2>,
    pub backing_up_left: Template<1>,
    pub backup_checking: &'static str,
    pub reopen_title: &'static str,
    pub reopen_note: &'static str,
    pub reopened: Template<1>,
    pub hint_fix: &'static str,
    pub hint_correct: &'static str,
    pub pick_reception: &'static str,
    pub no_receptions: &'static str,
    pub hint_sign_off: &'static str,
    pub hint_reopen: &'static str,
    pub hint_scroll_digest: &'static str,
    pub correction_title: Template<1>,
    pub correct_note: &'static str,
    pub amend_note: &'static str,
    pub corrected: Template<1>,
    pub amended: Template<1>,
    pub hint_pick_field: &'static str,
    pub history_title: &'static str,
    pub history_none: &'static str,
    pub history_line: Template<7>,
    pub correction: &'static str,
    pub amendment: &'static str,
    pub export_column: &'static str,
}

/// What a mistake on the command line is called.
pub struct CliArgStrings {
    pub missing: Template<1>,
    pub bad_value: Template<3>,
    pub unknown: Template<1>,
    pub no_command: Template<1>,
    pub conflict: Template<2>,
    pub other: &'static str,
    pub see_help: &'static str,
}

/// The audit log's columns.
pub struct AuditColumns {
    pub seq: &'static str,
    pub at: &'static str,
    pub actor: &'static str,
    pub action: &'static str,
    pub record: &'static str,
    pub details: &'static str,
}

/// Words of the audit log screen.
pub struct AuditStrings {
    pub title: &'static str,
    pub intro: &'static str,
    pub filter_label: &'static str,
    pub columns: AuditColumns,
    pub empty: &'static str,
    pub detail_title: Template<1>,
    pub before: &'static str,
    pub after: &'static str,
    pub hash: &'static str,
    pub hint_detail: &'static str,
    pub hint_verify: &'static str,
    pub hint_open: &'static str,
    /// A case action: the event's word goes in.
    pub case_action: Template<1>,
    /// Action codes as recorded, and what they are called.
    pub actions: &'static [(&'static str, &'static str)],
    /// Detail keys as recorded, and what they are called.
    pub keys: &'static [(&'static str, &'static str)],
    /// A few recorded values and their words.
    pub values: &'static [(&'static str, &'static str)],
    /// Setting keys (a setting change's record) and their names.
    pub settings: &'static [(&'static str, &'static str)],
    /// Record kinds as recorded, and what they are called.
    pub entities: &'static [(&'static str, &'static str)],
}

impl AuditStrings {
    /// An entry's recorded details in words: `原因：…；文件：…`.
    pub fn describe(&self, json: &str) -> String {
        let word = |table: &[(&str, &str)], code: &str| {
            table
                .iter()
                .find(|(c, _)| *c == code)
                .map_or_else(|| code.to_string(), |(_, w)| w.to_string())
        };
        let value = |v: &serde_json::Value| match v {
            serde_json::Value::String(s) => word(self.values, s),
            serde_json::Value::Null => String::new(),
            // An import's counts by table: 案件 3000，代表 20.
            serde_json::Value::Object(map) => map
                .iter()
                .map(|(k, n)| format!("{} {n}", word(self.keys, k)))
                .collect::<Vec<_>>()
                .join("，"),
            other => other.to_string(),
        };
        // Entries written before phones were masked in the log show them
        // masked too.
        let shown = |k: &str, v: &serde_json::Value| match (k, v) {
            ("phone", serde_json::Value::String(p)) if !p.contains('*') => {
                crate::domain::validate::mask_phone(p)
            }
            _ => value(v),
        };
        match serde_json::from_str::<serde_json::Value>(json) {
            Ok(serde_json::Value::Object(map)) => map
                .iter()
                .map(|(k, v)| format!("{}：{}", word(self.keys, k), shown(k, v)))
                .collect::<Vec<_>>()
                .join("；"),
            Ok(other) => value(&other),
            Err(_) => json.to_string(),
        }
    }

    /// The record an entry points at: by its `label` (a name or number)
    /// where the record is known, else by the start of its id.
    pub fn record(&self, entity: &str, id: &str, label: Option<&str>) -> String {
        let setting = self
            .settings
            .iter()
            .find(|(k, _)| entity == "setting" && *k == id);
        let id = match (setting, label) {
            (Some((_, name)), _) => name.to_string(),
            (None, Some(label)) => label.to_string(),
            (None, None) => id.chars().take(10).collect(),
        };
        format!("{} {id}", self.entity(entity))
    }

    pub fn entity(&self, code: &str) -> String {
        self.entities
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.to_string(), |(_, w)| w.to_string())
    }
}

impl ClosingStrings {
    pub fn draft_kind(&self, code: &str) -> String {
        self.draft_kinds
            .iter()
            .find(|(c, _)| *c == code)
            .map_or_else(|| code.to_string(), |(_, w)| w.to_string())
    }
}

/// Words of the register screens (五簿一册).
pub struct RegisterStrings {
    pub export_no_folder: &'static str,
    pub export_no_permission: &'static str,
    pub export_title: &'static str,
    /// The export's formats and ways to show phones, as choices.
    pub export_xlsx: &'static str,
    pub export_csv: &'static str,
    pub export_masked: &'static str,
    pub export_full: &'static str,
    pub needs_review: &'static str,
    pub exporting: Template<2>,
    pub hint_export: &'static str,
    pub export_note: &'static str,
    pub unknown_register: Template<1>,
    pub exported: Template<2>,
    pub export_failed: Template<1>,
    pub kinds_note: Template<1>,
    pub active: &'static str,
    pub ended: &'static str,
    pub pick_help: Template<2>,
    pub roster_empty: &'static str,
    pub present: &'static str,
    pub on_leave: &'static str,
    pub unrecorded: &'static str,
    pub reason_label: &'static str,
    pub hub_title: Template<1>,
    pub hub_intro: &'static str,
    /// The intro on a hub's copy, where nothing is entered.
    pub hub_intro_read_only: &'static str,
    pub count: Template<1>,
    pub empty: &'static str,
    pub sideways: &'static str,
    pub year_line: Template<1>,
    pub hint_year: &'static str,
    pub hint_case: &'static str,
    pub hint_progress: &'static str,
    pub hint_add: &'static str,
    pub hint_edit: &'static str,
    pub hint_end_term: &'static str,
    pub hint_delete: &'static str,
    pub hint_mark: &'static str,
    pub hint_all_present: &'static str,
    pub hint_pick_people: &'static str,
    pub hint_pick_households: &'static str,
    pub hint_pick_projects: &'static str,
    pub deputy_ended: Template<1>,
    pub deputy_restored: Template<1>,
    pub deputy_deleted: Template<1>,
    pub deputy_in_use: Template<1>,
    pub confirm_end_term: Template<1>,
    pub confirm_delete: Template<1>,
    pub confirm_discard: &'static str,
    pub draft_restored: &'static str,
    pub saved: &'static str,
    pub new_deputy: &'static str,
    pub edit_deputy: &'static str,
    pub new_activity: &'static str,
    pub edit_activity: &'static str,
    pub new_study: &'static str,
    pub edit_study: &'static str,
    /// A 约见 in 活动成果: who and whose office, then the matters raised,
    /// the answers and the follow-up.
    pub meeting_who: Template<2>,
    pub meeting_topics: Template<1>,
    pub meeting_answers: Template<1>,
    pub meeting_follow_up: Template<1>,
    /// The activity and study forms on a signed-off day.
    pub amend_note: &'static str,
    pub amended: &'static str,
    pub amend_unchanged: &'static str,
    pub duty_title: &'static str,
    pub duty_heading: Template<2>,
    pub duty_as_of: Template<2>,
    pub behind: Template<1>,
    pub on_track: &'static str,
    pub no_target: &'static str,
    pub duty_receptions: Template<4>,
    pub duty_activities: Template<2>,
    pub duty_reports: Template<1>,
    pub duty_study: Template<3>,
    pub targets_where: &'static str,
    pub target_labels: [&'static str; 5],
    pub source_notes: [&'static str; 8],
    /// A visit in 活动成果, and the contact households among it.
    pub visit_households: Template<1>,
    pub visit_contacts: Template<1>,
    /// An activity's 民生实事 projects in 活动成果.
    pub linked_projects: Template<1>,
    /// A contact household's state on 代表联系户名册.
    pub household_active: &'static str,
    /// A letter's channel with its day of receipt: "来信（2026-11-28 收到）".
    pub letter_received: Template<2>,
    pub household_retired: &'static str,
    pub new_household: &'static str,
    pub edit_household: &'static str,
    /// Under the phone field of a household being corrected.
    pub household_phone_kept: Template<1>,
    pub confirm_retire_household: Template<1>,
    pub confirm_restore_household: Template<1>,
    pub hint_retire_household: &'static str,
    pub household_retired_done: &'static str,
    pub household_restored_done: &'static str,
    /// The duty record's line on door-to-door visits.
    pub duty_households: Template<1>,
    /// The registers hub when no deputy is on the roster yet.
    pub households_need_deputy: &'static str,
}

/// Words of the statistics screen and reports.
pub struct StatsStrings {
    pub screen_title: &'static str,
    pub report_title: Template<1>,
    pub period_line: Template<2>,
    pub summary_sentence: Template<5>,
    pub batches: &'static str,
    pub persons: &'static str,
    pub items: &'static str,
    pub on_the_spot: &'static str,
    pub referred: &'static str,
    pub not_accepted: &'static str,
    pub replied: &'static str,
    pub closed: &'static str,
    pub solved: &'static str,
    pub overdue: &'static str,
    pub resolution_rate: &'static str,
    pub on_time_rate: &'static str,
    pub reply_rate: &'static str,
    pub callback_rate: &'static str,
    pub satisfaction_rate: &'static str,
    pub grades: &'static str,
    pub by_category: &'static str,
    pub by_channel: &'static str,
    pub by_deputy: &'static str,
    pub batches_persons: Template<2>,
    pub deputy_line: Template<5>,
    pub deputy_columns: [&'static str; 6],
    pub monthly: &'static str,
    pub months: [&'static str; 12],
    pub periods: [&'static str; 6],
    pub custom_title: &'static str,
    pub no_data: &'static str,
    pub hint_period: &'static str,
    pub hint_step: &'static str,
    pub hint_scroll: &'static str,
    pub csv_section: &'static str,
    pub csv_name: &'static str,
    pub bad_period: &'static str,
}

/// Words of the case screens (list, detail, action forms, departments).
pub struct CaseStrings {
    pub hint_reveal: &'static str,
    pub reveal_title: &'static str,
    pub reveal_note: &'static str,
    pub revealed_note: &'static str,
    pub list_title: &'static str,
    pub search: &'static str,
    pub all: &'static str,
    pub columns: [&'static str; 8],
    pub days_left: Template<1>,
    pub due_today: &'static str,
    pub overdue_by: Template<1>,
    pub empty: &'static str,
    pub filter_title: &'static str,
    pub filter_fields: [&'static str; 8],
    pub filter_summary: Template<1>,
    pub no_filter: &'static str,
    pub search_newest_first: &'static str,
    pub newest_first_suffix: &'static str,
    pub hint_search: &'static str,
    pub hint_filter: &'static str,
    pub hint_clear: &'static str,
    pub hint_departments: &'static str,
    pub hint_view: &'static str,
    pub hint_actions: &'static str,
    pub hint_scroll: &'static str,
    pub detail_title: &'static str,
    pub sections: CaseSections,
    pub labels: CaseLabels,
    pub actions_title: &'static str,
    pub no_actions: &'static str,
    pub actions: [&'static str; 9],
    pub event_kinds: [(&'static str, &'static str); 15],
    pub grades: [&'static str; 4],
    pub satisfactions: [&'static str; 3],
    pub feedback_ways: [&'static str; crate::domain::choices::FeedbackWay::COUNT],
    pub levels: [&'static str; 2],
    pub action_saved: Template<1>,
    pub departments_title: &'static str,
    pub department_columns: [&'static str; 3],
    pub departments_empty: Template<1>,
    pub department_in_use: &'static str,
    pub department_saved: &'static str,
    pub department_deleted: &'static str,
    pub confirm_delete: Template<1>,
    pub new_department: &'static str,
    pub edit_department: &'static str,
    pub hint_add: &'static str,
    pub hint_edit: &'static str,
    pub hint_delete: &'static str,
}

/// The headings of a case's page, top to bottom.
pub struct CaseSections {
    pub reception: &'static str,
    pub handling: &'static str,
    pub timeline: &'static str,
    pub linked: &'static str,
    pub other_cases: &'static str,
}

pub struct CaseLabels {
    pub number: &'static str,
    pub status: &'static str,
    pub route: &'static str,
    pub referral_date: &'static str,
    pub deadline: &'static str,
    pub grade: &'static str,
    pub reply_date: &'static str,
    pub reply_text: &'static str,
    pub feedback: &'static str,
    pub callback: &'static str,
    pub rehandled: &'static str,
    pub closed_date: &'static str,
    pub archive_no: &'static str,
    pub received: &'static str,
    pub deputies: &'static str,
    pub recorder: &'static str,
    pub persons: &'static str,
    pub linked_to: &'static str,
}

pub struct ReceiptLabels {
    pub station: &'static str,
    pub number: &'static str,
    pub date: &'static str,
    pub deputies: &'static str,
    pub visitor: &'static str,
    pub phone: &'static str,
    pub category: &'static str,
    pub route: &'static str,
    pub department: &'static str,
    pub deadline: &'static str,
    pub reply: &'static str,
    pub guidance: &'static str,
    pub how_to_ask: &'static str,
}

impl Strings {
    pub fn field(&self, f: Field) -> &'static str {
        self.fields[f.index()]
    }
    pub fn channel(&self, c: Channel) -> &'static str {
        self.channels[c.index()]
    }
    pub fn gender(&self, g: Gender) -> &'static str {
        self.genders[g.index()]
    }
    pub fn request_type(&self, r: RequestType) -> &'static str {
        self.request_types[r.index()]
    }
    pub fn route(&self, r: Route) -> &'static str {
        self.routes[r.index()]
    }
    pub fn not_accepted_reason(&self, r: NotAcceptedReason) -> &'static str {
        self.not_accepted_reasons[r.index()]
    }
    pub fn status(&self, s: CaseStatus) -> &'static str {
        self.statuses[s.index()]
    }
    pub fn action(&self, a: ActionKind) -> &'static str {
        self.cases.actions[a.index()]
    }
    pub fn grade(&self, g: Grade) -> &'static str {
        self.cases.grades[g as usize]
    }
    pub fn satisfaction(&self, s: Satisfaction) -> &'static str {
        self.cases.satisfactions[s.index()]
    }
    pub fn feedback_way(&self, w: FeedbackWay) -> &'static str {
        self.cases.feedback_ways[w.index()]
    }
    pub fn level(&self, l: SupervisionLevel) -> &'static str {
        self.cases.levels[l.index()]
    }
    /// A stored code (route, event kind, satisfaction…) in words; unknown
    /// codes are shown as they are rather than hidden.
    pub fn event_kind(&self, code: &str) -> String {
        self.cases
            .event_kinds
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, w)| w.to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// A wrong row of the working calendar, with its line.
    pub fn calendar_row_fault(&self, fault: crate::domain::calendar_rows::RowFault) -> String {
        use crate::domain::calendar_rows::RowFault;
        let (line, text) = match fault {
            RowFault::Date(line) => (line, self.calendar_row_bad_date),
            RowFault::Kind(line) => (line, self.calendar_row_bad_kind),
        };
        self.calendar_row_line.fill([&line, &text])
    }

    /// What is wrong with a phone number, precisely.
    pub fn phone_fault(&self, fault: crate::domain::phone::PhoneFault) -> String {
        use crate::domain::phone::PhoneFault;
        let w = &self.phone_faults;
        match fault {
            PhoneFault::Characters => w.characters.into(),
            PhoneFault::MobileLength(n) => w.mobile_length.fill([&n]),
            PhoneFault::MobilePrefix => w.mobile_prefix.into(),
            PhoneFault::NoAreaCode => w.no_area_code.into(),
            PhoneFault::AreaCode => w.area_code.into(),
            PhoneFault::Local => w.local.into(),
            PhoneFault::Extension => w.extension.into(),
            PhoneFault::Foreign => w.foreign.into(),
        }
    }

    pub fn problem(&self, p: &Problem) -> String {
        match p {
            Problem::Required => self.problem_required.into(),
            Problem::TooLong { max } => self.problem_too_long.fill([max]),
            Problem::BadPhone => self.problem_bad_phone.into(),
            Problem::BadName => self.problem_bad_name.into(),
            Problem::BadDate => self.problem_bad_date.into(),
            Problem::NotANumber => self.problem_not_a_number.into(),
            Problem::OutOfRange { min, max } => self.problem_out_of_range.fill([min, max]),
            Problem::BadStationCode => self.problem_bad_station_code.into(),
            Problem::UnknownChoice => self.problem_unknown_choice.into(),
            Problem::TypedOnChoice => {
                use crate::ui::keys;
                let (arrows, space) = (keys::LEFT_RIGHT.name(self), keys::SPACE.name(self));
                self.problem_typed_on_choice.fill([&arrows, &space])
            }
            Problem::BadMonth => self.problem_bad_month.into(),
            Problem::BadHours => self.problem_bad_hours.into(),
            Problem::LeaveWithoutReason(name) => self.problem_leave_without_reason.fill([name]),
            Problem::ControlCharacters => self.problem_control.into(),
            Problem::BadFormat(why) => self.problem_bad_format.fill([why]),
            Problem::DateTooEarly(d) => self.problem_date_too_early.fill([&d.format("%Y-%m-%d")]),
            Problem::DateBefore(d) => self.problem_date_before.fill([&d.format("%Y-%m-%d")]),
            Problem::DateTooLate(d) => self.problem_date_too_late.fill([&d.format("%Y-%m-%d")]),
            Problem::Unchanged => self.problem_unchanged.into(),
            Problem::BadPin => self.problem_bad_pin.into(),
            Problem::PinMismatch => self.problem_pin_mismatch.into(),
            Problem::BadIdNumber(fault) => self.problem_bad_id_number[fault.index()].into(),
            Problem::BadAmount => self.mszs.problem_bad_amount.into(),
        }
    }

    /// How a visitor is named on screen and paper: 保密 for a confidential
    /// visitor, 匿名 without a name.
    pub fn visitor(&self, name: Option<&str>, confidential: bool) -> String {
        match (confidential, name) {
            (true, _) => self.confidential_name.to_string(),
            (false, Some(n)) => n.to_string(),
            (false, None) => self.anonymous_name.to_string(),
        }
    }

    /// What an audit action code means: case actions by their event word.
    pub fn audit_action(&self, code: &str) -> String {
        if let Some((_, word)) = self.audit.actions.iter().find(|(c, _)| *c == code) {
            return word.to_string();
        }
        match code.strip_prefix("case.") {
            Some(kind) => self.audit.case_action.fill([&self.event_kind(kind)]),
            None => code.to_string(),
        }
    }

    /// The name of a corrected field of an `entity` (as corrections
    /// record both).
    pub fn column_name(&self, entity: &str, column: &str) -> String {
        crate::domain::closing::corrected_field(entity, column)
            .map_or_else(|| column.to_string(), |f| self.field(f).to_string())
    }

    /// "联系电话：……" — the field's name and what is expected.
    pub fn field_error(&self, e: &FieldError) -> String {
        if e.field == Field::VisitorName && e.problem == Problem::Required {
            return format!(
                "{}：{}",
                self.field(e.field),
                self.problem_name_or_anonymous
            );
        }
        format!("{}：{}", self.field(e.field), self.problem(&e.problem))
    }

    /// A database problem as the command line says it: no screen to point
    /// at ("what you typed is still on the screen" is the interface's).
    pub fn command_store_error(&self, e: &StoreError) -> String {
        match e {
            StoreError::Database(DatabaseFailure::Full) => self.cmd.disk_full.into(),
            _ => self.store_error(e),
        }
    }

    pub fn store_error(&self, e: &StoreError) -> String {
        match e {
            StoreError::Database(failure) => self.database_failure(failure),
            StoreError::Refused(refusal) => self.refusal(refusal),
        }
    }

    pub fn database_failure(&self, f: &DatabaseFailure) -> String {
        match f {
            DatabaseFailure::CannotOpen(why) => {
                let why = match why {
                    OpenProblem::NoAccess => self.open_no_access,
                    OpenProblem::NotFound => self.open_not_found,
                    OpenProblem::ReadOnlyDisk => self.open_read_only_disk,
                    OpenProblem::NoFile => self.cmd.open_no_file,
                    OpenProblem::IsFolder => self.cmd.open_is_folder,
                    OpenProblem::Empty => self.cmd.open_empty,
                    OpenProblem::Other => self.open_other,
                };
                self.store_cannot_open.fill([&why])
            }
            DatabaseFailure::ReadOnly => self.store_read_only.into(),
            DatabaseFailure::Locked => self.store_locked.into(),
            DatabaseFailure::Full => self.store_full.into(),
            DatabaseFailure::Corrupt => self.store_corrupt.into(),
            DatabaseFailure::NewerSchema { found, supported } => {
                self.store_newer.fill([found, supported])
            }
            DatabaseFailure::Damaged => self.cmd.damaged.into(),
            DatabaseFailure::DiskIo => self.cmd.disk_io.into(),
            DatabaseFailure::TempFileExists(p) => self.cmd.export_part_exists.fill([&p.display()]),
            DatabaseFailure::CopiesFolderTaken(p) => {
                self.cmd.copies_folder_taken.fill([&p.display()])
            }
            DatabaseFailure::NetworkFolder(kind) => {
                self.cmd.network_refused.fill([&self.cmd.network_fs(*kind)])
            }
            DatabaseFailure::Other(detail) => self.store_other.fill([detail]),
            DatabaseFailure::UnknownCode { field, code } => {
                let what = field.map_or(self.cases.labels.status, |f| self.field(f));
                self.store_unknown_code.fill([&what, code])
            }
        }
    }

    pub fn refusal(&self, r: &Refusal) -> String {
        match r {
            Refusal::Stale => self.store_stale.into(),
            Refusal::ChangedBy { who, at } => self.cmd.changed_by.fill([who, at]),
            Refusal::NotFound => self.store_not_found.into(),
            Refusal::InUse => self.store_in_use.into(),
            Refusal::NoStation => self.store_no_station.into(),
            Refusal::Illegal(_) => self.store_illegal.into(),
            Refusal::Invalid(errors) => errors
                .first()
                .map(|e| self.field_error(e))
                .unwrap_or_else(|| self.store_invalid.into()),
            Refusal::OtherStation { theirs, ours } if theirs == ours => {
                self.cmd.other_station_same_code.fill([theirs])
            }
            Refusal::OtherStation { theirs, ours } => self.cmd.other_station.fill([theirs, ours]),
            Refusal::Denied(_) => self.store_denied.into(),
            Refusal::DaySignedOff(d) => self.store_day_signed.fill([d]),
            Refusal::DutyDaySignedOff(d) => self.store_duty_day_signed.fill([d]),
            Refusal::NameTaken => self.store_name_taken.into(),
            Refusal::LastAdmin => self.store_last_admin.into(),
            Refusal::WrongPin { tries_left } => self.store_wrong_pin.fill([tries_left]),
            Refusal::UserLocked(until) => self.store_user_locked.fill([&until.format("%H:%M:%S")]),
        }
    }
}

/// Every heading and word an imported register file may use, in both
/// languages and as stored codes; a wrong value is answered with the
/// choices in `primary`'s words.
pub fn import_vocabulary(primary: &'static Strings) -> Vocabulary {
    let mut langs = vec![primary];
    for lang in [Lang::Zh, Lang::En] {
        if !std::ptr::eq(strings(lang), primary) {
            langs.push(strings(lang));
        }
    }
    fn words<T: Copy>(
        langs: &[&'static Strings],
        all: &[T],
        word: impl Fn(&'static Strings, T) -> &'static str,
        code: impl Fn(T) -> &'static str,
    ) -> Words<T> {
        let mut w = Words::new(all.iter().map(|v| word(langs[0], *v).to_string()).collect());
        for t in langs {
            for v in all {
                w.accept(word(t, *v), *v);
            }
        }
        for v in all {
            w.accept(code(*v), *v);
        }
        w
    }
    let mut yes_no = Words::new(vec![primary.yes.to_string(), primary.no.to_string()]);
    for t in &langs {
        yes_no.accept(t.yes, true);
        yes_no.accept(t.no, false);
        yes_no.accept(t.confidential_name, true);
    }
    for (word, value) in [
        ("1", true),
        ("0", false),
        ("√", true),
        ("y", true),
        ("n", false),
    ] {
        yes_no.accept(word, value);
    }
    let mut v = Vocabulary {
        headers: Vec::new(),
        channels: words(&langs, Channel::ALL, |t, c| t.channel(c), Channel::code),
        genders: words(&langs, Gender::ALL, |t, g| t.gender(g), Gender::code),
        request_types: words(
            &langs,
            RequestType::ALL,
            |t, r| t.request_type(r),
            RequestType::code,
        ),
        routes: words(&langs, Route::ALL, |t, r| t.route(r), Route::code),
        reasons: words(
            &langs,
            NotAcceptedReason::ALL,
            |t, r| t.not_accepted_reason(r),
            NotAcceptedReason::code,
        ),
        grades: words(&langs, &Grade::ALL, |t, g| t.grade(g), Grade::code),
        satisfactions: words(
            &langs,
            &Satisfaction::ALL,
            |t, s| t.satisfaction(s),
            Satisfaction::code,
        ),
        yes_no,
        anonymous: langs.iter().map(|t| t.anonymous_name.to_string()).collect(),
        confidential: langs
            .iter()
            .map(|t| t.confidential_name.to_string())
            .collect(),
        not_read: langs
            .iter()
            .map(|t| t.closing.export_column.to_string())
            .collect(),
        // "记录人：____" as the export writes it: the part before the blanks.
        footers: langs
            .iter()
            .map(|t| t.cmd.signature_recorder.trim_end_matches('_').to_string())
            .collect(),
    };
    for (header, column) in Vocabulary::preset_headers() {
        v.add_header(&header, column);
    }
    for t in &langs {
        for column in ImportColumn::ALL {
            if let Some(field) = column.field() {
                v.add_header(t.field(field), column);
            }
        }
        for (header, key) in t.import_headers {
            if let Some(column) = ImportColumn::from_key(key) {
                v.add_header(header, column);
            }
        }
    }
    v
}

impl Strings {
    fn import_list(&self, items: &[String]) -> String {
        items.join(self.import_list_separator)
    }

    /// "第 7 行：接待日期“2026-13-01”有误：应为日期，如 2026-11-10"
    pub fn import_rejection(&self, r: &Rejection) -> String {
        let why = match &r.reason {
            Reason::Field(p) => self.problem(p),
            Reason::VisitorRequired => self.import_visitor_required.fill([&self.anonymous_name]),
            Reason::NotInList(words) => self.import_not_in_list.fill([&self.import_list(words)]),
            Reason::UnknownCategory(list) => {
                self.import_unknown_category.fill([&self.import_list(list)])
            }
            Reason::BadTime => self.import_bad_time.to_string(),
            Reason::NeedsReply => self.import_needs_reply.to_string(),
            Reason::TooManyFields(n) => self.import_too_many_fields.fill([n]),
            Reason::Unreadable(why) => self.import_unreadable_row.fill([why]),
            Reason::DaySignedOff => self.import_day_signed_off.to_string(),
        };
        let what = if r.column.is_empty() {
            why
        } else if r.value.is_empty() {
            self.import_empty_value.fill([&r.column, &why])
        } else {
            self.import_bad_value.fill([&r.column, &r.value, &why])
        };
        self.import_line.fill([&r.line, &what])
    }

    pub fn import_file_problem(&self, p: &FileProblem) -> String {
        match p {
            FileProblem::NotUtf8 { line } => self.import_not_utf8.fill([line]),
            FileProblem::Empty => self.import_empty_file.to_string(),
            FileProblem::MissingColumns(columns) => self
                .import_missing_columns
                .fill([&self.import_list(columns)]),
            FileProblem::DuplicateHeading(heading) => {
                self.cmd.import_duplicate_heading.fill([heading])
            }
            FileProblem::UnbalancedQuote { line } => self.cmd.import_unbalanced_quote.fill([line]),
            FileProblem::TooLarge { limit_mb } => self.cmd.import_too_large.fill([limit_mb]),
            FileProblem::NoSuchSheet { name, sheets } => self
                .cmd
                .import_no_such_sheet
                .fill([name, &self.import_list(sheets)]),
            FileProblem::WhichSheet(sheets) => self
                .cmd
                .import_which_sheet
                .fill([&self.import_list(sheets)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_details_name_codes_in_words() {
        let a = &strings(Lang::Zh).audit;
        assert_eq!(
            a.describe(r#"{"route":"on_spot","role":"admin"}"#),
            "处理方式：现场答复；角色：管理员"
        );
        // An import's entry: its counts by table, in words.
        assert_eq!(
            a.describe(r#"{"signature":"verified","counts":{"cases":3,"deputies":2}}"#),
            "签名：已验证；数据包内：案件 3，代表 2"
        );
        assert_eq!(
            a.record("setting", "retention_months", None),
            "设置 联系方式保留"
        );
        assert_eq!(
            a.record("reception", "01a23499-0c1d-7000", None),
            "接待登记 01a23499-0"
        );
        assert_eq!(
            a.record("reception", "01a23499-0c1d-7000", Some("HD01-20261110-001")),
            "接待登记 HD01-20261110-001"
        );
    }

    #[test]
    fn templates_fill_their_places_in_order() {
        const SIZE: Template<2> = Template::new("{}×{}");
        assert_eq!(SIZE.fill([&80, &24]), "80×24");
        assert_eq!(Template::<0>::new("无参数").fill([]), "无参数");
        assert_eq!(SIZE.text(), "{}×{}");
        assert_eq!(places("{}{}{"), 2);
        // Both languages' tables are statics built with `Template::new`,
        // so a sentence with a place too many or too few stops the build.
        let (zh, en) = (strings(Lang::Zh), strings(Lang::En));
        assert_eq!(zh.too_small.fill([&60, &20]).matches("60").count(), 1);
        assert!(en.too_small.fill([&60, &20]).contains("60"));
    }

    #[test]
    #[should_panic(expected = "another number of places")]
    fn a_template_with_another_number_of_places_is_refused() {
        let text = String::from("只有 {} 个");
        let _ = Template::<2>::new(text.leak());
    }

    #[test]
    fn field_errors_name_the_field() {
        let t = strings(Lang::Zh);
        let msg = t.field_error(&FieldError::new(Field::Phone, Problem::BadPhone));
        assert!(msg.starts_with("联系电话："), "{msg}");
        assert!(msg.contains("11位"), "{msg}");
        let msg = t.field_error(&FieldError::new(
            Field::GroupSize,
            Problem::OutOfRange { min: 1, max: 999 },
        ));
        assert_eq!(msg, "来访人数：应为 1 到 999 之间的整数");
        let msg = t.field_error(&FieldError::new(
            Field::IdNumber,
            Problem::BadIdNumber(IdNumberFault::CheckDigit),
        ));
        assert!(msg.starts_with("身份证号：校验位不符"), "{msg}");
    }

    #[test]
    fn import_rejections_name_the_row() {
        let zh = strings(Lang::Zh);
        let r = Rejection {
            line: 7,
            column: "接待日期".into(),
            value: "2026-13-01".into(),
            reason: Reason::Field(Problem::BadDate),
        };
        assert_eq!(
            zh.import_rejection(&r),
            "第 7 行：接待日期“2026-13-01”有误：应为日期，如 2026-11-10"
        );
        let v = import_vocabulary(zh);
        assert_eq!(
            v.routes.shown,
            ["现场答复", "交办", "转办", "转为代表建议", "不予受理"]
        );
        assert_eq!(v.routes.find("Assign"), Some(Route::Assign));
        assert_eq!(v.grades.find("A"), Some(Grade::A));
        assert_eq!(v.header_for(ImportColumn::GroupSize), "人数");
    }
}
