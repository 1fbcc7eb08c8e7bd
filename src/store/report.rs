//! The counts behind a station's reports, in a few grouped queries.

use super::{Store, StoreResult, day};
use crate::domain::stats::{Counts, DeputyCounts, GroupCounts, Period};
use chrono::{Datelike, NaiveDate};
use rusqlite::named_params;

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
use std::collections::BTreeMap;

const REFERRED: &str = "('assign', 'transfer', 'suggestion')";

impl Store {
    /// Counts for receptions in `period`, outcomes as of `as_of`. One pass
    /// over the period's cases, grouped by category, channel and month,
    /// gives the totals and every breakdown at once.
    pub fn report_counts(&self, period: Period, as_of: NaiveDate) -> StoreResult<Counts> {
        // Cases are read by opening time: from the first day up to, not
        // including, the day after the last.
        let after = period.to.succ_opt().unwrap_or(period.to);
        let (from, to, as_of) = (day(period.from), day(after), day(as_of));
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT category, channel, CAST(substr(opened_at, 6, 2) AS INTEGER), count(*), sum(group_size),
                sum(route = 'on_spot'),
                sum(route IN {REFERRED}),
                sum(route = 'not_accepted'),
                sum(route IN {REFERRED} AND reply_date <= :as_of),
                sum(route IN {REFERRED} AND reply_date <= :as_of AND reply_date <= deadline),
                sum(closed_date <= :as_of),
                sum(reply_date <= :as_of AND grade = 'A'),
                sum(reply_date <= :as_of AND grade = 'B'),
                sum(reply_date <= :as_of AND grade = 'C'),
                sum(reply_date <= :as_of AND grade = 'D'),
                sum(route IN {REFERRED} AND deadline < :as_of AND (reply_date IS NULL OR reply_date > deadline)),
                sum(callback_date <= :as_of),
                sum(callback_date <= :as_of AND callback IN ('satisfied', 'basically_satisfied')),
                sum(rehandle_count > 0)
             FROM cases INDEXED BY cases_for_reports
             WHERE opened_at >= :from AND opened_at < :to
             GROUP BY 1, 2, 3"
        ))?;
        let mut rows = stmt.query(named_params! {":from": from, ":to": to, ":as_of": as_of})?;
        let mut c = Counts::default();
        let mut categories: BTreeMap<String, GroupCounts> = BTreeMap::new();
        let mut channels: BTreeMap<String, GroupCounts> = BTreeMap::new();
        let mut months = [0i64; 12];
        while let Some(r) = rows.next()? {
            let n = |i: usize| -> rusqlite::Result<i64> {
                Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0))
            };
            let (batches, persons) = (n(3)?, n(4)?);
            for (map, key) in [
                (&mut categories, r.get::<_, String>(0)?),
                (&mut channels, r.get::<_, String>(1)?),
            ] {
                let g = map.entry(key.clone()).or_insert_with(|| GroupCounts {
                    name: key,
                    ..Default::default()
                });
                g.batches += batches;
                g.persons += persons;
                g.items += batches;
            }
            months[(n(2)? - 1).clamp(0, 11) as usize] += batches;
            c.batches += batches;
            c.persons += persons;
            c.on_the_spot += n(5)?;
            c.referred += n(6)?;
            c.not_accepted += n(7)?;
            c.replied += n(8)?;
            c.replied_on_time += n(9)?;
            c.closed += n(10)?;
            for g in 0..4 {
                c.grades[g] += n(11 + g)?;
            }
            c.overdue += n(15)?;
            c.called_back += n(16)?;
            c.satisfied += n(17)?;
            c.rehandled += n(18)?;
        }
        c.items = c.batches;
        let by_size = |map: BTreeMap<String, GroupCounts>| {
            let mut list: Vec<GroupCounts> = map.into_values().collect();
            list.sort_by(|a, b| b.batches.cmp(&a.batches).then(a.name.cmp(&b.name)));
            list
        };
        c.by_category = by_size(categories);
        c.by_channel = by_size(channels);
        // The trend covers the whole year of the period's end; a year
        // period has it already.
        let year = period.to.year();
        let whole_year = period.from == ymd(year, 1, 1) && period.to == ymd(year, 12, 31);
        c.monthly = if whole_year {
            months
        } else {
            self.monthly(year)?
        };
        c.by_deputy = self.by_deputy(&day(period.from), &day(period.to))?;
        Ok(c)
    }

    /// Each deputy's duty days, receptions, activities and study sessions.
    fn by_deputy(&self, from: &str, to: &str) -> StoreResult<Vec<DeputyCounts>> {
        let mut all: BTreeMap<String, DeputyCounts> = BTreeMap::new();
        let queries = [
            "SELECT deputy_id, count(DISTINCT duty_date), 0 FROM duty_sessions
             WHERE duty_date BETWEEN ?1 AND ?2 GROUP BY deputy_id",
            "SELECT deputy_id, count(*), sum(group_size) FROM reception_deputies INDEXED BY reception_deputies_by_date
             WHERE visit_date BETWEEN ?1 AND ?2 GROUP BY deputy_id",
            "SELECT p.deputy_id, count(*), 0 FROM activities a JOIN activity_participants p ON p.activity_id = a.id
             WHERE a.activity_date BETWEEN ?1 AND ?2 GROUP BY p.deputy_id",
            "SELECT t.deputy_id, count(*), 0 FROM study_sessions s JOIN study_attendance t ON t.session_id = s.id
             WHERE s.session_date BETWEEN ?1 AND ?2 AND t.present GROUP BY t.deputy_id",
        ];
        for (which, sql) in queries.iter().enumerate() {
            let mut stmt = self.conn.prepare_cached(sql)?;
            let rows = stmt.query_map([from, to], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?;
            for row in rows {
                let (id, n, persons) = row?;
                let entry = all.entry(id).or_default();
                match which {
                    0 => entry.duty_days = n,
                    1 => {
                        entry.batches = n;
                        entry.persons = persons;
                    }
                    2 => entry.activities = n,
                    _ => entry.study_sessions = n,
                }
            }
        }
        let mut names = self
            .conn
            .prepare_cached("SELECT name FROM deputies WHERE id = ?1")?;
        let mut out = Vec::with_capacity(all.len());
        for (id, mut counts) in all {
            counts.name = names.query_row([&id], |r| r.get(0))?;
            out.push(counts);
        }
        out.sort_by(|a, b| {
            b.batches
                .cmp(&a.batches)
                .then(b.duty_days.cmp(&a.duty_days))
                .then(a.name.cmp(&b.name))
        });
        Ok(out)
    }

    /// Batches per month of `year`.
    fn monthly(&self, year: i32) -> StoreResult<[i64; 12]> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT CAST(substr(opened_at, 6, 2) AS INTEGER), count(*)
             FROM cases INDEXED BY cases_for_reports
             WHERE opened_at >= ?1 AND opened_at < ?2 GROUP BY substr(opened_at, 6, 2)",
        )?;
        let mut months = [0i64; 12];
        let rows = stmt.query_map(
            [format!("{year}-01-01"), format!("{}-01-01", year + 1)],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
        )?;
        for row in rows {
            let (month, n) = row?;
            if (1..=12).contains(&month) {
                months[month as usize - 1] = n;
            }
        }
        Ok(months)
    }
}
