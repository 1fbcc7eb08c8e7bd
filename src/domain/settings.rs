//! The rules for the station's settings as edited on the settings screen.

use super::calendar::{Calendar, CalendarError};
use super::category::clean_category_list;
use super::fields::{Field, FieldError, Problem};
use super::stats::Targets;
use super::validate::{FieldErrors, parse_count};

/// The settings form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SettingsForm {
    pub place: String,
    pub reply_days: String,
    pub near_deadline_days: String,
    pub print_command: String,
    pub categories: String,
    pub calendar: String,
    /// Yearly targets: duty days, visits, activities, study sessions,
    /// households visited.
    pub targets: [String; 5],
    pub retention_months: String,
    /// 民生实事: projects to choose as a percentage of the shortlist.
    pub shortlist_ratio: String,
}

/// Settings that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidSettings {
    pub place: String,
    pub reply_days: u32,
    pub near_deadline_days: u32,
    pub print_command: String,
    pub categories: Vec<String>,
    pub calendar: String,
    pub targets: Targets,
    pub retention_months: u32,
    pub shortlist_ratio_percent: u32,
}

/// The yearly targets' fields, in the order of `SettingsForm::targets`.
const TARGET_FIELDS: [Field; 5] = [
    Field::TargetDutyDays,
    Field::TargetVisits,
    Field::TargetActivities,
    Field::TargetStudy,
    Field::TargetHouseholds,
];

impl SettingsForm {
    pub fn validate(&self) -> Result<ValidSettings, Vec<FieldError>> {
        let mut e = FieldErrors::default();
        let place = e.text(Field::Place, &self.place, false, 60, false);
        let print_command = e.text(Field::PrintCommand, &self.print_command, false, 200, false);
        let mut count = |field, value: &str, min, max| {
            e.required(field, parse_count(value, min, max))
                .unwrap_or_default() as u32
        };
        let reply_days = count(Field::ReplyDays, &self.reply_days, 1, 90);
        let near_deadline_days = count(Field::NearDeadlineDays, &self.near_deadline_days, 1, 30);
        // At least six months: a call-back and a complaint about it come first.
        let retention_months = count(Field::RetentionMonths, &self.retention_months, 6, 240);
        // A differential vote needs fewer projects than candidates: below
        // 100 %; and a shortlist more than ten times the choice is no list.
        let shortlist_ratio_percent = count(Field::ShortlistRatio, &self.shortlist_ratio, 10, 95);
        let [duty_days, visits, activities, study_sessions, households] =
            std::array::from_fn(|i| {
                let checked = parse_count(&self.targets[i], 0, 365);
                e.required(TARGET_FIELDS[i], checked).unwrap_or_default()
            });
        let targets = Targets {
            duty_days,
            visits,
            activities,
            study_sessions,
            households,
        };
        let mut errors = e.into_vec();
        let categories = clean_category_list(&self.categories);
        if categories.iter().any(|c| c.chars().count() > 20) {
            errors.push(FieldError::new(
                Field::Categories,
                Problem::TooLong { max: 20 },
            ));
        }
        if let Err(e) = Calendar::parse(&self.calendar) {
            let why = match e {
                CalendarError::Syntax(s) | CalendarError::BadEntry(s) => s,
            };
            errors.push(FieldError::new(Field::Calendar, Problem::BadFormat(why)));
        }
        // Report in the order the fields are shown.
        let order = [
            Field::Place,
            Field::ReplyDays,
            Field::NearDeadlineDays,
            Field::PrintCommand,
            Field::RetentionMonths,
            Field::ShortlistRatio,
            Field::TargetDutyDays,
            Field::TargetVisits,
            Field::TargetActivities,
            Field::TargetStudy,
            Field::TargetHouseholds,
            Field::Categories,
            Field::Calendar,
        ];
        errors.sort_by_key(|e| order.iter().position(|f| *f == e.field));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ValidSettings {
            place,
            reply_days,
            near_deadline_days,
            print_command,
            categories,
            calendar: self.calendar.clone(),
            targets,
            retention_months,
            shortlist_ratio_percent,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> SettingsForm {
        SettingsForm {
            place: "联络站接待室".into(),
            reply_days: "15".into(),
            near_deadline_days: "3".into(),
            print_command: "lp".into(),
            categories: "教育\n交通出行\n".into(),
            calendar: "holidays = [\"2026-10-01..2026-10-07\"]".into(),
            targets: ["2".into(), "10".into(), "2".into(), "4".into(), "50".into()],
            retention_months: "24".into(),
            shortlist_ratio: "70".into(),
        }
    }

    #[test]
    fn valid_settings() {
        let v = good().validate().unwrap();
        assert_eq!(v.reply_days, 15);
        assert_eq!(v.categories, vec!["教育", "交通出行"]);
    }

    #[test]
    fn each_problem_names_its_field_in_order() {
        let form = SettingsForm {
            reply_days: "0".into(),
            calendar: "holidays = [\"2026-02-30\"]".into(),
            ..good()
        };
        let fields: Vec<Field> = form
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec![Field::ReplyDays, Field::Calendar]);
        let mut targets = good();
        targets.targets[1] = "十".into();
        assert_eq!(
            targets.validate().unwrap_err()[0].field,
            Field::TargetVisits
        );
        assert_eq!(good().validate().unwrap().targets.visits, 10);
    }
}
