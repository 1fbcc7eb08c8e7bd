//! What a hub works out from its stations' copies, kept beside its own
//! records (schema version 11): each station's report figures by period,
//! and its open cases with a deadline for the 督办 list. Both follow from
//! the copies, are keyed to the bundle they were made from, and are made
//! again whenever that bundle is not the station's latest.
//!
//! Plain SQL only (`ON CONFLICT`, `LIKE`, `LIMIT`), as a hub may one day
//! run on PostgreSQL.

use super::case_list::AWAITING;
use super::hub::{HubStation, STATION_COLUMNS, hub_station};
use super::search::{SEARCHED_FROM, searched_at};
use super::{Store, StoreError, StoreResult, day, parse_day};
use crate::domain::ids::CaseId;
use crate::domain::livelihood::Figures;
use crate::domain::search::substring_fields;
use crate::domain::stats::{Counts, Period};
use chrono::NaiveDate;
use rusqlite::params;
use std::collections::HashMap;

/// One open case with a deadline, as the hub's 督办 list keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct HubOpenCase {
    pub case_id: CaseId,
    pub number: String,
    pub category: String,
    pub summary: String,
    pub department: String,
    pub deadline: NaiveDate,
    /// The first day the deadline is near, by the station's calendar.
    pub near_from: NaiveDate,
    /// What search matches (`domain::search::substring_fields`).
    pub search_text: String,
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(StoreError::other)
}

impl Store {
    /// A station's figures for `period` as of `as_of`, if kept from its
    /// latest bundle's copy.
    pub fn kept_hub_figures(
        &self,
        station: &HubStation,
        period: Period,
        as_of: NaiveDate,
    ) -> StoreResult<Option<(Counts, Figures)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT counts, livelihood FROM hub_figures WHERE station_id = ?1
             AND bundle_sha256 = ?2 AND period_from = ?3 AND period_to = ?4 AND as_of = ?5",
        )?;
        let mut rows = stmt.query(params![
            station.id,
            station.bundle_sha256,
            day(period.from),
            day(period.to),
            day(as_of)
        ])?;
        let Some(row) = rows.next()? else {
            return Ok(None);
        };
        let (counts, livelihood): (String, String) = (row.get(0)?, row.get(1)?);
        // Unreadable (changed by hand, say): worked out again instead.
        let (Ok(counts), Ok(read)) = (
            serde_json::from_str::<Counts>(&counts),
            serde_json::from_str::<Figures>(&livelihood),
        ) else {
            return Ok(None);
        };
        // The rate is worked out again from the votes, so that it is the
        // very number the station's own report gives, not a decimal
        // read back from text.
        let mut livelihood = Figures::default();
        livelihood.add(&read);
        Ok(Some((counts, livelihood)))
    }

    /// Every figure the hub keeps for `station`'s latest bundle, as stored:
    /// (period, as of, counts, livelihood), the last two as their JSON.
    pub fn kept_hub_figure_rows(
        &self,
        station: &HubStation,
    ) -> StoreResult<Vec<(Period, NaiveDate, String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT period_from, period_to, as_of, counts, livelihood FROM hub_figures
             WHERE station_id = ?1 AND bundle_sha256 = ?2 ORDER BY period_from, period_to, as_of",
        )?;
        let rows = stmt.query_map(params![station.id, station.bundle_sha256], |r| {
            let period = Period {
                from: date_at(r, 0)?,
                to: date_at(r, 1)?,
            };
            Ok((period, date_at(r, 2)?, r.get(3)?, r.get(4)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The figures' JSON as the hub keeps them, for comparing with what it
    /// keeps (`check`).
    pub fn hub_figures_json(figures: (&Counts, &Figures)) -> StoreResult<(String, String)> {
        Ok((to_json(figures.0)?, to_json(figures.1)?))
    }

    /// Keeps a station's figures worked out from the copy of `station`'s
    /// bundle. A hub that cannot write (read-only, full) simply works
    /// them out again next time: the caller may ignore the error.
    pub fn keep_hub_figures(
        &self,
        station: &HubStation,
        period: Period,
        as_of: NaiveDate,
        figures: (&Counts, &Figures),
    ) -> StoreResult<()> {
        self.conn.execute(
            "INSERT INTO hub_figures
                 (station_id, bundle_sha256, period_from, period_to, as_of, counts, livelihood)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (station_id, bundle_sha256, period_from, period_to, as_of) DO NOTHING",
            params![
                station.id,
                station.bundle_sha256,
                day(period.from),
                day(period.to),
                day(as_of),
                to_json(figures.0)?,
                to_json(figures.1)?,
            ],
        )?;
        Ok(())
    }

    /// Replaces a station's open cases with those of the copy `station`
    /// (as read before the copy was opened) names. Returns false, changing
    /// nothing, when another bundle of the station was loaded meanwhile.
    pub fn replace_hub_open_cases(
        &mut self,
        station: &HubStation,
        cases: &[HubOpenCase],
    ) -> StoreResult<bool> {
        let tx = self.write_tx()?;
        let current = tx.execute(
            "UPDATE hub_stations SET open_cases_of = ?2 WHERE id = ?1 AND bundle_sha256 = ?2",
            params![station.id, station.bundle_sha256],
        )?;
        if current == 0 {
            return Ok(false);
        }
        tx.execute(
            "DELETE FROM hub_open_cases WHERE station_id = ?1",
            [&station.id],
        )?;
        {
            let mut insert = tx.prepare(
                "INSERT INTO hub_open_cases (station_id, case_id, number, category, summary,
                     department, deadline, near_from, search_text)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            for c in cases {
                insert.execute(params![
                    station.id,
                    c.case_id,
                    c.number,
                    c.category,
                    c.summary,
                    c.department,
                    day(c.deadline),
                    day(c.near_from),
                    c.search_text,
                ])?;
            }
        }
        tx.commit()?;
        Ok(true)
    }

    /// This copy's cases awaiting a reply with a deadline, for its hub's
    /// 督办 list; `near_from` gives the first day each deadline is near.
    /// Search covers what the case list's does, confidential names and
    /// phones left out alike.
    pub fn awaiting_cases_for_hub(
        &self,
        near_from: impl Fn(NaiveDate) -> NaiveDate,
    ) -> StoreResult<Vec<HubOpenCase>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id, c.category, c.summary, c.deadline, {SEARCHED_FROM}
             WHERE {AWAITING} AND c.deadline IS NOT NULL"
        ))?;
        let rows = stmt.query_map([], |r| {
            let fields = searched_at(r, 4)?;
            let texts: Vec<&str> = fields.iter().map(|f| f.as_deref().unwrap_or("")).collect();
            let deadline = date_at(r, 3)?;
            Ok(HubOpenCase {
                search_text: substring_fields(&texts),
                case_id: r.get(0)?,
                number: texts[0].to_string(),
                category: r.get(1)?,
                summary: r.get(2)?,
                department: texts[4].to_string(),
                near_from: near_from(deadline),
                deadline,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Each station's cases awaiting a reply past their deadline on `today`.
    pub fn hub_overdue_by_station(&self, today: NaiveDate) -> StoreResult<HashMap<String, i64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT station_id, count(*) FROM hub_open_cases WHERE deadline < ?1
             GROUP BY station_id",
        )?;
        let rows = stmt.query_map([day(today)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The 督办 list: open cases near or past their deadline on `today`,
    /// the earliest deadline first, whose search text holds `query` (in
    /// `substring_query` form; empty for all), at most `limit` of them.
    pub fn hub_supervision_page(
        &self,
        today: NaiveDate,
        query: &str,
        limit: usize,
    ) -> StoreResult<Vec<(HubStation, HubOpenCase)>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STATION_COLUMNS}, o.case_id, o.number, o.category, o.summary,
                    o.department, o.deadline, o.near_from, o.search_text
             FROM hub_open_cases o JOIN hub_stations s ON s.id = o.station_id
             WHERE o.near_from <= ?1 AND s.file <> ''
               AND (o.search_text LIKE ?2 ESCAPE '!' OR s.name LIKE ?2 ESCAPE '!'
                    OR s.code LIKE ?2 ESCAPE '!')
             ORDER BY o.deadline, o.station_id, o.number LIMIT ?3"
        ))?;
        let pattern = format!("%{}%", like_escaped(query));
        let rows = stmt.query_map(params![day(today), pattern, limit as i64], |r| {
            Ok((hub_station(r)?, open_case(r, 10)?))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Forgets everything the hub keeps from its copies, in one
    /// transaction (`hub refresh` works it out again).
    pub fn clear_hub_kept(&mut self, actor: &str, now: chrono::NaiveDateTime) -> StoreResult<()> {
        let tx = self.write_tx()?;
        tx.execute_batch(
            "DELETE FROM hub_figures; DELETE FROM hub_open_cases;
             UPDATE hub_stations SET open_cases_of = '';",
        )?;
        super::audit::append(
            &tx,
            now,
            super::audit::AuditWrite {
                actor,
                action: "hub.refresh",
                entity: "database",
                entity_id: "",
                before: None,
                after: None,
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The open cases the hub keeps for one station (`check`).
    pub fn hub_open_cases_of(&self, station: &HubStation) -> StoreResult<Vec<HubOpenCase>> {
        let mut stmt = self.conn.prepare(
            "SELECT case_id, number, category, summary, department, deadline, near_from,
                    search_text
             FROM hub_open_cases WHERE station_id = ?1",
        )?;
        let rows = stmt.query_map([&station.id], |r| open_case(r, 0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// `text` as a literal inside a LIKE pattern escaped with `!`.
fn like_escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

fn date_at(r: &rusqlite::Row, i: usize) -> rusqlite::Result<NaiveDate> {
    let text: String = r.get(i)?;
    parse_day(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("not a day: {text}").into(),
        )
    })
}

fn open_case(r: &rusqlite::Row, at: usize) -> rusqlite::Result<HubOpenCase> {
    let date = |i: usize| date_at(r, at + i);
    Ok(HubOpenCase {
        case_id: r.get(at)?,
        number: r.get(at + 1)?,
        category: r.get(at + 2)?,
        summary: r.get(at + 3)?,
        department: r.get(at + 4)?,
        deadline: date(5)?,
        near_from: date(6)?,
        search_text: r.get(at + 7)?,
    })
}

#[cfg(test)]
mod tests {
    use super::like_escaped;

    #[test]
    fn like_patterns_take_the_text_literally() {
        assert_eq!(like_escaped("路灯"), "路灯");
        assert_eq!(like_escaped("50%_!"), "50!%!_!!");
    }
}
