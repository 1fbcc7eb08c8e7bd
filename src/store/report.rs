//! The counts behind a station's reports, in a few grouped queries.

use super::{Store, StoreResult, day};
use crate::domain::stats::{Counts, DeputyCounts, GroupCounts, Period};
use chrono::{Datelike, NaiveDate};

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}
use std::collections::{BTreeMap, HashMap};

impl Store {
    /// Counts for receptions in `period`, outcomes as of `as_of`. One pass
    /// over the period's cases, grouped by category, channel and month,
    /// gives the totals and every breakdown at once.
    pub fn report_counts(&self, period: Period, as_of: NaiveDate) -> StoreResult<Counts> {
        self.counts(period, as_of, true)
    }

    /// One day's counts for the daily digest, as of that day (without the
    /// year's month-by-month trend, which a digest does not show).
    pub fn day_counts(&self, day: NaiveDate) -> StoreResult<Counts> {
        let mut c = self.counts(Period { from: day, to: day }, day, false)?;
        c.after_sign_off = self.late_entries(day)?.len() as i64;
        Ok(c)
    }

    fn counts(&self, period: Period, as_of: NaiveDate, trend: bool) -> StoreResult<Counts> {
        // Cases are read by opening time: from the first day up to, not
        // including, the day after the last.
        let after = period.to.succ_opt().unwrap_or(period.to);
        let (from, to, as_of) = (day(period.from), day(after), day(as_of));
        // Plain rows, summed here: cheaper than having SQLite sort a
        // hundred thousand wide rows into groups.
        let mut stmt = self.conn.prepare_cached(
            "SELECT category, channel, substr(opened_at, 6, 2), group_size, route, reply_date, deadline,
                closed_date, grade, callback_date, callback, rehandle_count
             FROM cases INDEXED BY cases_for_reports
             WHERE opened_at >= ?1 AND opened_at < ?2",
        )?;
        let mut rows = stmt.query([&from, &to])?;
        let mut c = Counts::default();
        let mut categories: HashMap<String, GroupCounts> = HashMap::new();
        let mut channels: HashMap<String, GroupCounts> = HashMap::new();
        let mut months = [0i64; 12];
        let as_of = as_of.as_str();
        while let Some(r) = rows.next()? {
            let text = |i: usize| -> rusqlite::Result<Option<&str>> {
                let value = r.get_ref(i)?;
                value.as_str_or_null().map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e))
                })
            };
            let persons: i64 = r.get(3)?;
            for (map, key) in [(&mut categories, text(0)?), (&mut channels, text(1)?)] {
                let key = key.unwrap_or("");
                if !map.contains_key(key) {
                    map.insert(
                        key.to_string(),
                        GroupCounts {
                            name: key.to_string(),
                            ..Default::default()
                        },
                    );
                }
                if let Some(g) = map.get_mut(key) {
                    g.batches += 1;
                    g.persons += persons;
                    g.items += 1;
                }
            }
            let month: usize = text(2)?.and_then(|m| m.parse().ok()).unwrap_or(1);
            months[month.clamp(1, 12) - 1] += 1;
            c.batches += 1;
            c.persons += persons;
            let route = text(4)?.unwrap_or("");
            let referred = matches!(route, "assign" | "transfer" | "suggestion");
            let by = |d: Option<&str>| d.is_some_and(|d| d <= as_of);
            let (reply, deadline) = (text(5)?, text(6)?);
            let replied = by(reply);
            match route {
                "on_spot" => c.on_the_spot += 1,
                "not_accepted" => c.not_accepted += 1,
                _ if referred => c.referred += 1,
                _ => {}
            }
            if referred && replied {
                c.replied += 1;
                if reply.zip(deadline).is_some_and(|(r, d)| r <= d) {
                    c.replied_on_time += 1;
                }
            }
            if by(text(7)?) {
                c.closed += 1;
            }
            if replied {
                if let Some(g) =
                    text(8)?.and_then(|g| ["A", "B", "C", "D"].iter().position(|x| *x == g))
                {
                    c.grades[g] += 1;
                }
            }
            let missed = deadline.is_some_and(|d| d < as_of && reply.is_none_or(|r| r > d));
            if referred && missed {
                c.overdue += 1;
            }
            if by(text(9)?) {
                c.called_back += 1;
                if matches!(text(10)?, Some("satisfied" | "basically_satisfied")) {
                    c.satisfied += 1;
                }
            }
            if r.get::<_, i64>(11)? > 0 {
                c.rehandled += 1;
            }
        }
        c.items = c.batches;
        let by_size = |map: HashMap<String, GroupCounts>| {
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
        c.monthly = match (whole_year, trend) {
            (true, _) => months,
            (false, true) => self.monthly(year)?,
            (false, false) => [0; 12],
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
