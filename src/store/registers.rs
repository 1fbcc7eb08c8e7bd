//! The activity and study registers (their screens come later; the demo
//! data and the duty record already use them).

use super::audit::{self, AuditWrite};
use super::{Store, StoreResult, day, ts};
use crate::domain::ids::new_id;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;
use serde_json::json;

#[derive(Debug, Clone, Default)]
pub struct NewActivity {
    pub date: Option<NaiveDate>,
    pub kind: String,
    pub topic: String,
    pub place: String,
    pub organiser: String,
    pub outcome: String,
    pub participants: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct NewStudySession {
    pub date: Option<NaiveDate>,
    pub topic: String,
    pub form: String,
    pub speaker: String,
    pub hours: f64,
    /// (deputy id, present, leave reason)
    pub attendance: Vec<(String, bool, String)>,
}

impl Store {
    pub fn add_activity(
        &mut self,
        a: &NewActivity,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let id = new_id();
        let date = a.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO activities (id, station_id, activity_date, kind, topic, place, organiser, outcome, recorder, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![id, station.id, day(date), a.kind, a.topic, a.place, a.organiser, a.outcome, actor, ts(now)],
        )?;
        for deputy in &a.participants {
            tx.execute(
                "INSERT OR IGNORE INTO activity_participants (activity_id, deputy_id) VALUES (?1, ?2)",
                params![id, deputy],
            )?;
        }
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "activity.add",
                entity: "activity",
                entity_id: &id,
                before: None,
                after: Some(json!({"kind": a.kind, "topic": a.topic, "date": day(date)})),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    pub fn add_study_session(
        &mut self,
        s: &NewStudySession,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let station = self.require_station()?;
        let id = new_id();
        let date = s.date.unwrap_or(now.date());
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO study_sessions (id, station_id, session_date, topic, form, speaker, hours, recorder, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![id, station.id, day(date), s.topic, s.form, s.speaker, s.hours, actor, ts(now)],
        )?;
        for (deputy, present, reason) in &s.attendance {
            tx.execute(
                "INSERT OR IGNORE INTO study_attendance (session_id, deputy_id, present, leave_reason, hours)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![id, deputy, present, reason, if *present { s.hours } else { 0.0 }],
            )?;
        }
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "study.add",
                entity: "study_session",
                entity_id: &id,
                before: None,
                after: Some(json!({"topic": s.topic, "date": day(date)})),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }
}
