//! The counts behind each deputy's duty record (代表履职登记簿) for a year:
//! five grouped queries over the other registers.

use super::{Store, StoreResult};
use crate::domain::duty_record::DutyRecord;
use crate::domain::ids::DeputyId;
use crate::domain::registers::ACTIVITY_KINDS;
use std::collections::BTreeMap;

impl Store {
    /// Every serving deputy, and every deputy with something recorded in
    /// `year`, in name order.
    pub fn duty_records(&self, year: i32) -> StoreResult<Vec<DutyRecord>> {
        self.records(year, None)
    }

    /// One deputy's record for `year` (zeros when nothing is recorded).
    pub fn duty_record(&self, deputy_id: &DeputyId, year: i32) -> StoreResult<DutyRecord> {
        let mut found = self.records(year, Some(deputy_id))?;
        match found.pop() {
            Some(record) => Ok(record),
            None => {
                let name: String = self.conn.query_row(
                    "SELECT name FROM deputies WHERE id = ?1",
                    [deputy_id],
                    |r| r.get(0),
                )?;
                Ok(DutyRecord {
                    deputy_id: deputy_id.clone(),
                    name,
                    activities_by_kind: by_kind_order(Vec::new()),
                    ..Default::default()
                })
            }
        }
    }

    /// The records of every deputy, or of `only` one.
    fn records(&self, year: i32, only: Option<&str>) -> StoreResult<Vec<DutyRecord>> {
        let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
        let args = rusqlite::params![from, to, only];
        let mut all: BTreeMap<String, DutyRecord> = BTreeMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT deputy_id, count(DISTINCT duty_date) FROM duty_sessions
             WHERE duty_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR deputy_id = ?3)
             GROUP BY deputy_id",
        )?;
        let rows = stmt.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            all.entry(id).or_default().duty_days = n;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT rd.deputy_id, count(*), sum(rd.group_size),
                    sum(r.route IN ('assign', 'transfer', 'suggestion')), sum(r.route = 'suggestion')
             FROM reception_deputies rd JOIN receptions r ON r.id = rd.reception_id
             WHERE rd.visit_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR rd.deputy_id = ?3)
             GROUP BY rd.deputy_id",
        )?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                r.get::<_, String>(0)?,
                [r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?],
            ))
        })?;
        for row in rows {
            let (id, [batches, persons, cases, suggestions]) = row?;
            let e = all.entry(id).or_default();
            (e.batches, e.persons, e.cases, e.suggestions) = (batches, persons, cases, suggestions);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.deputy_id, a.kind, count(*)
             FROM activities a JOIN activity_participants p ON p.activity_id = a.id
             WHERE a.activity_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR p.deputy_id = ?3)
             GROUP BY p.deputy_id, a.kind",
        )?;
        let rows = stmt.query_map(args, |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get(2)?))
        })?;
        for row in rows {
            let (id, kind, n) = row?;
            all.entry(id)
                .or_default()
                .activities_by_kind
                .push((kind, n));
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT t.deputy_id, sum(t.present), sum(NOT t.present), sum(t.hours)
             FROM study_sessions s JOIN study_attendance t ON t.session_id = s.id
             WHERE s.session_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR t.deputy_id = ?3)
             GROUP BY t.deputy_id",
        )?;
        let rows = stmt.query_map(args, |r| {
            Ok((r.get::<_, String>(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?;
        for row in rows {
            let (id, present, leave, hours) = row?;
            let e = all.entry(id).or_default();
            (e.study_present, e.study_leave, e.study_hours) = (present, leave, hours);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.deputy_id, sum(x.households)
             FROM activities a JOIN activity_participants p ON p.activity_id = a.id
             JOIN activity_extras x ON x.activity_id = a.id
             WHERE a.activity_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR p.deputy_id = ?3)
               AND x.households IS NOT NULL
             GROUP BY p.deputy_id",
        )?;
        let rows = stmt.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        for row in rows {
            let (id, n) = row?;
            all.entry(id).or_default().households = n;
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, name, status FROM deputies WHERE ?1 IS NULL OR id = ?1 ORDER BY name, id",
        )?;
        let deputies = stmt.query_map([only], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)? == "active",
            ))
        })?;
        let mut out = Vec::new();
        for deputy in deputies {
            let (id, name, active) = deputy?;
            let Some(mut record) = all.remove(&id).or_else(|| active.then(DutyRecord::default))
            else {
                continue;
            };
            record.activities_by_kind = by_kind_order(record.activities_by_kind);
            record.deputy_id = DeputyId::from(id);
            record.name = name;
            out.push(record);
        }
        Ok(out)
    }
}

/// Every known type in list order (zeros included, so columns line up),
/// then any other type found in the data.
fn by_kind_order(found: Vec<(String, i64)>) -> Vec<(String, i64)> {
    let mut out: Vec<(String, i64)> = ACTIVITY_KINDS
        .iter()
        .map(|k| {
            let n = found.iter().filter(|(f, _)| f == k).map(|(_, n)| n).sum();
            (k.to_string(), n)
        })
        .collect();
    out.extend(
        found
            .into_iter()
            .filter(|(k, _)| !ACTIVITY_KINDS.contains(&k.as_str())),
    );
    out
}
