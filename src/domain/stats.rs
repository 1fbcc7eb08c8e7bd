//! What a station reports for a period (DESIGN.md §4): the counts come
//! from the store, the rates and periods are worked out here.
//!
//! Definitions (also in README): the period covers receptions whose visit
//! date falls in it, both ends included. Every reception is one batch (批次)
//! of `group size` persons (人次) and yields one case (件, "items"). Outcome
//! figures count those cases' outcomes recorded on or before the period's
//! end (or today, if the period is not over), so a report on a past month
//! does not change when later work is recorded.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Counts for one group (a category, a channel, a month…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupCounts {
    pub name: String,
    pub batches: i64,
    pub persons: i64,
    pub items: i64,
}

/// One deputy's work in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeputyCounts {
    pub name: String,
    pub duty_days: i64,
    pub batches: i64,
    pub persons: i64,
    pub activities: i64,
    pub study_sessions: i64,
}

/// Each deputy's yearly targets (localities set their own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    pub duty_days: i64,
    pub visits: i64,
    pub activities: i64,
    pub study_sessions: i64,
    /// Households visited door to door (one town asks 50 a year).
    pub households: i64,
}

impl Default for Targets {
    fn default() -> Self {
        Self {
            duty_days: 2,
            visits: 10,
            activities: 2,
            study_sessions: 4,
            households: 50,
        }
    }
}

/// Everything counted for a period, before rates (a hub keeps them as
/// JSON, so that its home need not count every station again).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub batches: i64,
    pub persons: i64,
    pub items: i64,
    pub on_the_spot: i64,
    /// Assigned, transferred, or made a formal deputy suggestion.
    pub referred: i64,
    pub not_accepted: i64,
    /// Referred cases with a reply by the end of the period.
    pub replied: i64,
    /// Of those, replied on or before their deadline.
    pub replied_on_time: i64,
    pub closed: i64,
    /// Referred cases whose reply graded A, by grade: [A, B, C, D].
    pub grades: [i64; 4],
    /// Referred cases past their deadline without a reply by then.
    pub overdue: i64,
    pub called_back: i64,
    /// Satisfied or basically satisfied at the latest call-back.
    pub satisfied: i64,
    pub rehandled: i64,
    pub by_category: Vec<GroupCounts>,
    pub by_channel: Vec<GroupCounts>,
    pub by_deputy: Vec<DeputyCounts>,
    /// Batches per month of the period's year, January first.
    pub monthly: [i64; 12],
    /// Receptions entered after their day was signed off (签发后补登).
    pub after_sign_off: i64,
}

fn join_groups(mine: &mut Vec<GroupCounts>, theirs: &[GroupCounts]) {
    for g in theirs {
        match mine.iter_mut().find(|m| m.name == g.name) {
            Some(m) => {
                m.batches += g.batches;
                m.persons += g.persons;
                m.items += g.items;
            }
            None => mine.push(g.clone()),
        }
    }
    mine.sort_by(|a, b| b.batches.cmp(&a.batches).then(a.name.cmp(&b.name)));
}

/// A figure over another, or None when there is nothing to divide by.
fn rate(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

impl Counts {
    /// Another station's counts added in (a hub's totals): every figure
    /// summed, groups of the same name joined, deputies listed side by side.
    pub fn add(&mut self, o: &Counts) {
        for (mine, theirs) in [
            (&mut self.batches, o.batches),
            (&mut self.persons, o.persons),
            (&mut self.items, o.items),
            (&mut self.on_the_spot, o.on_the_spot),
            (&mut self.referred, o.referred),
            (&mut self.not_accepted, o.not_accepted),
            (&mut self.replied, o.replied),
            (&mut self.replied_on_time, o.replied_on_time),
            (&mut self.closed, o.closed),
            (&mut self.overdue, o.overdue),
            (&mut self.called_back, o.called_back),
            (&mut self.satisfied, o.satisfied),
            (&mut self.rehandled, o.rehandled),
            (&mut self.after_sign_off, o.after_sign_off),
        ] {
            *mine += theirs;
        }
        for (mine, theirs) in self.grades.iter_mut().zip(o.grades) {
            *mine += theirs;
        }
        for (mine, theirs) in self.monthly.iter_mut().zip(o.monthly) {
            *mine += theirs;
        }
        join_groups(&mut self.by_category, &o.by_category);
        join_groups(&mut self.by_channel, &o.by_channel);
        self.by_deputy.extend(o.by_deputy.iter().cloned());
        self.by_deputy
            .sort_by(|a, b| b.batches.cmp(&a.batches).then(a.name.cmp(&b.name)));
    }

    /// On-the-spot replies plus replies graded A.
    pub fn solved(&self) -> i64 {
        self.on_the_spot + self.grades[0]
    }
    /// Items less those not accepted.
    pub fn accepted(&self) -> i64 {
        self.items - self.not_accepted
    }
    /// Solved / accepted items.
    pub fn resolution_rate(&self) -> Option<f64> {
        rate(self.solved(), self.accepted())
    }
    /// Replied on time / replied.
    pub fn on_time_rate(&self) -> Option<f64> {
        rate(self.replied_on_time, self.replied)
    }
    /// Replied / referred.
    pub fn reply_rate(&self) -> Option<f64> {
        rate(self.replied, self.referred)
    }
    /// Called back / replied.
    pub fn callback_rate(&self) -> Option<f64> {
        rate(self.called_back, self.replied)
    }
    /// (Satisfied + basically satisfied) / called back.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        rate(self.satisfied, self.called_back)
    }
    /// Each grade's share of the graded replies.
    pub fn grade_shares(&self) -> [Option<f64>; 4] {
        let total: i64 = self.grades.iter().sum();
        self.grades.map(|g| rate(g, total))
    }
}

/// The kinds of period a report can cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodKind {
    Day,
    Week,
    Month,
    Quarter,
    Year,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 5] = [
        PeriodKind::Day,
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Quarter,
        PeriodKind::Year,
    ];

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A period: first and last day, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// The period of `kind` that contains `day` (weeks start on Monday).
    pub fn containing(kind: PeriodKind, day: NaiveDate) -> Period {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(day);
        let from = match kind {
            PeriodKind::Day => day,
            PeriodKind::Week => day - Days::new(day.weekday().num_days_from_monday() as u64),
            PeriodKind::Month => ymd(day.year(), day.month(), 1),
            PeriodKind::Quarter => ymd(day.year(), (day.month0() / 3) * 3 + 1, 1),
            PeriodKind::Year => ymd(day.year(), 1, 1),
        };
        let to = match kind {
            PeriodKind::Day => day,
            PeriodKind::Week => from + Days::new(6),
            PeriodKind::Month => from + Months::new(1) - Days::new(1),
            PeriodKind::Quarter => from + Months::new(3) - Days::new(1),
            PeriodKind::Year => from + Months::new(12) - Days::new(1),
        };
        Period { from, to }
    }

    /// The period of the same kind just before (`-1`) or after (`1`).
    pub fn step(self, kind: PeriodKind, direction: i32) -> Period {
        let anchor = if direction < 0 {
            self.from - Days::new(1)
        } else {
            self.to + Days::new(1)
        };
        Period::containing(kind, anchor)
    }

    /// The last day whose outcomes count: the period's end, or today.
    pub fn as_of(self, today: NaiveDate) -> NaiveDate {
        self.to.min(today)
    }
}

/// A rate as a percentage for people: "85.7%", or "—" with nothing to divide.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) => format!("{:.1}%", r * 100.0),
        None => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn periods() {
        let day = d("2026-11-11");
        assert_eq!(
            Period::containing(PeriodKind::Week, day),
            Period {
                from: d("2026-11-09"),
                to: d("2026-11-15")
            }
        );
        assert_eq!(
            Period::containing(PeriodKind::Month, day),
            Period {
                from: d("2026-11-01"),
                to: d("2026-11-30")
            }
        );
        assert_eq!(
            Period::containing(PeriodKind::Quarter, day),
            Period {
                from: d("2026-10-01"),
                to: d("2026-12-31")
            }
        );
        assert_eq!(
            Period::containing(PeriodKind::Year, day).to,
            d("2026-12-31")
        );
        let feb =
            Period::containing(PeriodKind::Month, d("2026-03-15")).step(PeriodKind::Month, -1);
        assert_eq!(
            feb,
            Period {
                from: d("2026-02-01"),
                to: d("2026-02-28")
            }
        );
        assert_eq!(feb.step(PeriodKind::Month, 1).to, d("2026-03-31"));
        assert_eq!(Period::containing(PeriodKind::Year, day).as_of(day), day);
    }

    #[test]
    fn rates_and_their_denominators() {
        let c = Counts {
            items: 10,
            not_accepted: 2,
            on_the_spot: 3,
            referred: 5,
            replied: 4,
            replied_on_time: 3,
            grades: [2, 1, 1, 0],
            called_back: 2,
            satisfied: 1,
            ..Default::default()
        };
        assert_eq!(c.solved(), 5);
        assert_eq!(c.resolution_rate(), Some(5.0 / 8.0));
        assert_eq!(c.on_time_rate(), Some(0.75));
        assert_eq!(c.reply_rate(), Some(0.8));
        assert_eq!(c.callback_rate(), Some(0.5));
        assert_eq!(c.satisfaction_rate(), Some(0.5));
        assert_eq!(c.grade_shares()[0], Some(0.5));
        assert_eq!(Counts::default().resolution_rate(), None);
        assert_eq!(percent(Some(0.857142)), "85.7%");
        assert_eq!(percent(None), "—");
    }
}
