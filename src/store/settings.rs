//! Station settings, kept as key/value rows so that new settings need no
//! migration. Missing keys fall back to the defaults below.

use super::audit::{self, AuditWrite};
use super::{Store, StoreResult};
use crate::domain::calendar::{Calendar, DEFAULT_CALENDAR};
use crate::domain::category::DEFAULT_CATEGORIES;
use crate::domain::stats::Targets;
use chrono::NaiveDateTime;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub categories: Vec<String>,
    /// The working-day calendar in its TOML form.
    pub calendar: String,
    /// Working days a department has for its reply.
    pub reply_days: u32,
    /// Working days before a deadline when a case is flagged as near.
    pub near_deadline_days: u32,
    /// Where receptions take place, printed on the register.
    pub place: String,
    /// A shell command that receives a receipt on standard input; empty for none.
    pub print_command: String,
    /// Each deputy's yearly targets.
    #[serde(default)]
    pub targets: Targets,
    /// Which set of registers the station keeps (a preset's key).
    #[serde(default = "default_preset")]
    pub register_preset: String,
    /// Months after a case is closed (and called back, where it was) before
    /// the visitor's contact details are anonymised by `purge`.
    #[serde(default = "default_retention")]
    pub retention_months: u32,
    /// Whether the reception form asks for a national ID number (off by
    /// default: the law asks to collect the minimum).
    #[serde(default)]
    pub collect_id_number: bool,
    /// 民生实事 votes: projects to choose as a percentage of the shortlist
    /// (the differential ratio, 差额比例).
    #[serde(default = "default_ratio")]
    pub shortlist_ratio_percent: u32,
}

fn default_ratio() -> u32 {
    crate::domain::livelihood::DEFAULT_RATIO_PERCENT
}

fn default_retention() -> u32 {
    24
}

fn default_preset() -> String {
    "five".to_string()
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            categories: DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect(),
            calendar: DEFAULT_CALENDAR.to_string(),
            reply_days: 15,
            near_deadline_days: 3,
            place: String::new(),
            print_command: String::new(),
            targets: Targets::default(),
            register_preset: default_preset(),
            retention_months: default_retention(),
            collect_id_number: false,
            shortlist_ratio_percent: default_ratio(),
        }
    }
}

impl Settings {
    /// The parsed calendar; a broken one falls back to weekends only.
    pub fn working_calendar(&self) -> Calendar {
        Calendar::parse(&self.calendar).unwrap_or_default()
    }
}

impl Store {
    pub fn settings(&self) -> StoreResult<Settings> {
        let mut value =
            serde_json::to_value(Settings::default()).map_err(super::StoreError::other)?;
        let mut stmt = self.conn.prepare("SELECT key, value FROM settings")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        for row in rows {
            let (key, raw) = row?;
            if let (Some(slot), Ok(v)) = (value.get_mut(&key), serde_json::from_str(&raw)) {
                *slot = v;
            }
        }
        // A value of the wrong shape (edited by hand) falls back to defaults whole.
        Ok(serde_json::from_value(value).unwrap_or_default())
    }

    /// Writes the settings that differ from what is stored, with an audit entry.
    pub fn save_settings(
        &mut self,
        new: &Settings,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let old = serde_json::to_value(self.settings()?).unwrap_or_default();
        let new = serde_json::to_value(new).unwrap_or_default();
        let tx = self.write_tx()?;
        if let (Some(old_map), Some(new_map)) = (old.as_object(), new.as_object()) {
            for (key, value) in new_map {
                if old_map.get(key) == Some(value) {
                    continue;
                }
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    params![key, value.to_string()],
                )?;
                audit::append(
                    &tx,
                    now,
                    AuditWrite {
                        actor,
                        action: "settings.change",
                        entity: "setting",
                        entity_id: key,
                        before: old_map.get(key).cloned(),
                        after: Some(json!(value)),
                    },
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
