//! The counts behind a station's reports, in a few grouped queries.

use super::{Store, StoreResult, day};
use crate::domain::stats::{Counts, DeputyCounts, GroupCounts, Period};
use chrono::{Datelike, NaiveDate};
use rusqlite::named_params;
use std::collections::BTreeMap;

const REFERRED: &str = "('assign', 'transfer', 'suggestion')";

impl Store {
    /// Counts for receptions in `period`, outcomes as of `as_of`.
    pub fn report_counts(&self, period: Period, as_of: NaiveDate) -> StoreResult<Counts> {
        // Cases are read by opening time: from the first day up to, not
        // including, the day after the last.
        let after = period.to.succ_opt().unwrap_or(period.to);
        let (from, to, as_of) = (day(period.from), day(after), day(as_of));
        let mut counts = self.conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum(c.group_size), 0),
                    coalesce(sum(c.route = 'on_spot'), 0),
                    coalesce(sum(c.route IN {REFERRED}), 0),
                    coalesce(sum(c.route = 'not_accepted'), 0),
                    coalesce(sum(c.route IN {REFERRED} AND c.reply_date <= :as_of), 0),
                    coalesce(sum(c.route IN {REFERRED} AND c.reply_date <= :as_of AND c.reply_date <= c.deadline), 0),
                    coalesce(sum(c.closed_date <= :as_of), 0),
                    coalesce(sum(c.reply_date <= :as_of AND c.grade = 'A'), 0),
                    coalesce(sum(c.reply_date <= :as_of AND c.grade = 'B'), 0),
                    coalesce(sum(c.reply_date <= :as_of AND c.grade = 'C'), 0),
                    coalesce(sum(c.reply_date <= :as_of AND c.grade = 'D'), 0),
                    coalesce(sum(c.route IN {REFERRED} AND c.deadline < :as_of
                        AND (c.reply_date IS NULL OR c.reply_date > c.deadline)), 0),
                    coalesce(sum(c.callback_date <= :as_of), 0),
                    coalesce(sum(c.callback_date <= :as_of AND c.callback IN ('satisfied', 'basically_satisfied')), 0),
                    coalesce(sum(c.rehandle_count > 0), 0)
                 FROM cases c INDEXED BY cases_for_reports
                 WHERE c.opened_at >= :from AND c.opened_at < :to"
            ),
            named_params! {":from": from, ":to": to, ":as_of": as_of},
            |r| {
                Ok(Counts {
                    batches: r.get(0)?,
                    persons: r.get(1)?,
                    items: r.get(0)?,
                    on_the_spot: r.get(2)?,
                    referred: r.get(3)?,
                    not_accepted: r.get(4)?,
                    replied: r.get(5)?,
                    replied_on_time: r.get(6)?,
                    closed: r.get(7)?,
                    grades: [r.get(8)?, r.get(9)?, r.get(10)?, r.get(11)?],
                    overdue: r.get(12)?,
                    called_back: r.get(13)?,
                    satisfied: r.get(14)?,
                    rehandled: r.get(15)?,
                    ..Counts::default()
                })
            },
        )?;
        counts.by_category = self.grouped("category", &from, &to)?;
        counts.by_channel = self.grouped("channel", &from, &to)?;
        counts.by_deputy = self.by_deputy(&day(period.from), &day(period.to))?;
        counts.monthly = self.monthly(period.to.year())?;
        Ok(counts)
    }

    fn grouped(&self, column: &str, from: &str, to: &str) -> StoreResult<Vec<GroupCounts>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {column}, count(*), sum(group_size)
             FROM cases INDEXED BY cases_for_reports
             WHERE opened_at >= ?1 AND opened_at < ?2
             GROUP BY {column} ORDER BY count(*) DESC, {column}"
        ))?;
        let rows = stmt.query_map([from, to], |r| {
            Ok(GroupCounts {
                name: r.get(0)?,
                batches: r.get(1)?,
                persons: r.get(2)?,
                items: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
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
