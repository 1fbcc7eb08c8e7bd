//! A period's figures as text, JSON or CSV, for `liaison-desk report` and
//! the statistics screen. The JSON keys are stable (documented in README).

use crate::domain::cells::neutralise_formula;
use crate::domain::choices::Channel;
use crate::domain::livelihood::Figures;
use crate::domain::stats::{Counts, Period, percent};
use crate::i18n::Strings;
use crate::store::DueMilestone;
use chrono::NaiveDate;
use serde_json::{Value, json};

pub fn channel_name(code: &str, t: &Strings) -> String {
    Channel::from_code(code)
        .map(|c| t.channel(c).to_string())
        .unwrap_or_else(|| code.to_string())
}

fn rounded(rate: Option<f64>) -> Value {
    rate.map(|r| json!((r * 10000.0).round() / 10000.0))
        .unwrap_or(Value::Null)
}

pub fn to_json(c: &Counts, period: Period, t: &Strings) -> Value {
    let groups = |list: &[crate::domain::stats::GroupCounts], channel: bool| -> Vec<Value> {
        list.iter()
            .map(|g| {
                let mut v = json!({"name": g.name, "batches": g.batches, "persons": g.persons, "items": g.items});
                if channel {
                    v["code"] = json!(g.name);
                    v["name"] = json!(channel_name(&g.name, t));
                }
                v
            })
            .collect()
    };
    json!({
        "from": period.from.format("%Y-%m-%d").to_string(),
        "to": period.to.format("%Y-%m-%d").to_string(),
        "batches": c.batches,
        "persons": c.persons,
        "items": c.items,
        "on_the_spot": c.on_the_spot,
        "referred": c.referred,
        "not_accepted": c.not_accepted,
        "replied": c.replied,
        "closed": c.closed,
        "solved": c.solved(),
        "overdue": c.overdue,
        "rehandled": c.rehandled,
        "called_back": c.called_back,
        "resolution_rate": rounded(c.resolution_rate()),
        "on_time_rate": rounded(c.on_time_rate()),
        "reply_rate": rounded(c.reply_rate()),
        "callback_rate": rounded(c.callback_rate()),
        "satisfaction_rate": rounded(c.satisfaction_rate()),
        "grades": {"A": c.grades[0], "B": c.grades[1], "C": c.grades[2], "D": c.grades[3]},
        "by_category": groups(&c.by_category, false),
        "by_channel": groups(&c.by_channel, true),
        "by_deputy": c.by_deputy,
        "monthly": c.monthly,
    })
}

/// 民生实事 figures for the period: the object `livelihood` of `report`.
pub fn livelihood_json(f: &Figures) -> Value {
    json!({
        "candidates": f.candidates,
        "chosen": f.chosen,
        "on_schedule": f.on_schedule,
        "late": f.late,
        "completed": f.completed,
        "satisfaction_rate": rounded(f.satisfaction_rate),
    })
}

/// 民生实事 figures as (label, value) pairs; none for a period without
/// candidates or chosen projects.
pub fn livelihood_lines(f: &Figures, t: &Strings) -> Vec<(&'static str, String)> {
    if f.candidates == 0 && f.chosen == 0 {
        return Vec::new();
    }
    let labels = &t.mszs.figure_labels;
    vec![
        (labels[0], f.candidates.to_string()),
        (labels[1], f.chosen.to_string()),
        (labels[2], f.on_schedule.to_string()),
        (labels[3], f.late.to_string()),
        (labels[4], f.completed.to_string()),
        (labels[5], percent(f.satisfaction_rate)),
    ]
}

/// The same as a section of the text report (empty when there is none).
pub fn livelihood_text(f: &Figures, t: &Strings) -> String {
    let lines = livelihood_lines(f, t);
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("\n{}\n", t.mszs.figures_title);
    for (label, value) in lines {
        out.push_str(&format!("  {label}：{value}\n"));
    }
    out
}

/// The one-sentence summary a station writes: "接待群众37批112人次，……".
pub fn summary(c: &Counts, t: &Strings) -> String {
    let figures: [&dyn std::fmt::Display; 5] = [
        &c.batches,
        &c.persons,
        &c.on_the_spot,
        &c.referred,
        &c.solved(),
    ];
    t.stats.summary_sentence.fill(figures)
}

/// The result grades' shares: "办理结果：A 41.4%  B 34.5%  C 10.3%  D 13.8%".
pub fn grade_line(c: &Counts, t: &Strings) -> String {
    let [a, b, cc, d] = c.grade_shares().map(percent);
    format!("{}：A {a}  B {b}  C {cc}  D {d}", t.stats.grades)
}

/// The headline figures as (label, value) pairs, in report order.
pub fn headline(c: &Counts, t: &Strings) -> Vec<(&'static str, String)> {
    let s = &t.stats;
    vec![
        (s.batches, c.batches.to_string()),
        (s.persons, c.persons.to_string()),
        (s.items, c.items.to_string()),
        (s.on_the_spot, c.on_the_spot.to_string()),
        (s.referred, c.referred.to_string()),
        (s.not_accepted, c.not_accepted.to_string()),
        (s.replied, c.replied.to_string()),
        (s.closed, c.closed.to_string()),
        (s.solved, c.solved().to_string()),
        (s.overdue, c.overdue.to_string()),
        (s.resolution_rate, percent(c.resolution_rate())),
        (s.on_time_rate, percent(c.on_time_rate())),
        (s.reply_rate, percent(c.reply_rate())),
        (s.callback_rate, percent(c.callback_rate())),
        (s.satisfaction_rate, percent(c.satisfaction_rate())),
    ]
}

/// The figures by category, as both the report and the digest list them.
fn category_section(out: &mut String, c: &Counts, t: &Strings) {
    let rows = c
        .by_category
        .iter()
        .map(|g| (g.name.clone(), g.batches, g.persons))
        .collect();
    group_section(out, t.stats.by_category, rows, t);
}

/// A titled list of groups with their batches and persons (无 when empty).
fn group_section(out: &mut String, title: &str, rows: Vec<(String, i64, i64)>, t: &Strings) {
    out.push_str(&format!("\n{title}\n"));
    if rows.is_empty() {
        out.push_str(&format!("  {}\n", t.none));
    }
    for (name, batches, persons) in rows {
        out.push_str(&format!(
            "  {name}：{}\n",
            t.stats.batches_persons.fill([&batches, &persons])
        ));
    }
}

pub fn to_text(c: &Counts, period: Period, station: &str, t: &Strings) -> String {
    let s = &t.stats;
    let mut out = format!(
        "{}\n{}\n\n",
        s.report_title.fill([&station]),
        s.period_line.fill([
            &period.from.format("%Y-%m-%d"),
            &period.to.format("%Y-%m-%d")
        ])
    );
    out.push_str(&summary(c, t));
    out.push_str("\n\n");
    for (label, value) in headline(c, t) {
        out.push_str(&format!("{label}：{value}\n"));
    }
    out.push_str(&grade_line(c, t));
    out.push('\n');
    category_section(&mut out, c, t);
    group_section(
        &mut out,
        s.by_channel,
        c.by_channel
            .iter()
            .map(|g| (channel_name(&g.name, t), g.batches, g.persons))
            .collect(),
        t,
    );
    out.push_str(&format!("\n{}\n", s.by_deputy));
    for d in &c.by_deputy {
        out.push_str(&format!(
            "  {}：{}\n",
            d.name,
            s.deputy_line.fill([
                &d.duty_days,
                &d.batches,
                &d.persons,
                &d.activities,
                &d.study_sessions
            ])
        ));
    }
    out
}

/// One row of a report's CSV: a group (`by_category`…) with its name
/// and its 批次, 人次 and 件 figures.
struct GroupRow {
    section: &'static str,
    name: String,
    figures: [i64; 3],
}

/// A hub's stations as CSV rows: each one's 批次, 人次 and 件数.
fn station_rows<'a>(stations: &'a [(String, &Counts)]) -> impl Iterator<Item = GroupRow> + 'a {
    stations.iter().map(|(label, c)| GroupRow {
        section: "by_station",
        name: label.clone(),
        figures: [c.batches, c.persons, c.items],
    })
}

/// A report as CSV: the headings, the row that says which days (`period`
/// or `date`), one row per figure, then one per group; UTF-8 with a BOM
/// for Excel. Shared by the period report and the daily digest.
fn write_csv(
    lead: (&str, String),
    totals: Vec<(&str, String)>,
    groups: Vec<GroupRow>,
    t: &Strings,
) -> String {
    let s = &t.stats;
    let mut w = csv::Writer::from_writer(Vec::new());
    // A category or a deputy's name is typed by people: never a formula.
    let mut row = |fields: [String; 5]| {
        let _ = w.write_record(fields.iter().map(|f| neutralise_formula(f).into_owned()));
    };
    row([
        s.csv_section.into(),
        s.csv_name.into(),
        s.batches.into(),
        s.persons.into(),
        s.items.into(),
    ]);
    row([
        lead.0.into(),
        lead.1,
        String::new(),
        String::new(),
        String::new(),
    ]);
    for (label, value) in totals {
        row([
            "total".into(),
            label.into(),
            value,
            String::new(),
            String::new(),
        ]);
    }
    for g in groups {
        let [batches, persons, items] = g.figures;
        row([
            g.section.into(),
            g.name,
            batches.to_string(),
            persons.to_string(),
            items.to_string(),
        ]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// Category rows, then deputies (a deputy counts 批次 as items).
fn category_and_deputy_rows<'a>(
    c: &'a Counts,
    deputies: impl Iterator<Item = &'a crate::domain::stats::DeputyCounts>,
) -> Vec<GroupRow> {
    let mut rows: Vec<GroupRow> = c
        .by_category
        .iter()
        .map(|g| GroupRow {
            section: "by_category",
            name: g.name.clone(),
            figures: [g.batches, g.persons, g.items],
        })
        .collect();
    rows.extend(deputies.map(|d| GroupRow {
        section: "by_deputy",
        name: d.name.clone(),
        figures: [d.batches, d.persons, d.batches],
    }));
    rows
}

/// CSV: one row per figure, then one per group; UTF-8 with BOM for Excel.
/// `stations` (a hub's, by label) follow as `by_station` rows.
pub fn to_csv(c: &Counts, period: Period, stations: &[(String, &Counts)], t: &Strings) -> String {
    let mut groups = category_and_deputy_rows(c, c.by_deputy.iter());
    let channels = c.by_channel.iter().map(|g| GroupRow {
        section: "by_channel",
        name: channel_name(&g.name, t),
        figures: [g.batches, g.persons, g.items],
    });
    // Channels stand between categories and deputies.
    let at = c.by_category.len();
    groups.splice(at..at, channels);
    groups.extend(station_rows(stations));
    write_csv(
        ("period", format!("{}~{}", period.from, period.to)),
        headline(c, t),
        groups,
        t,
    )
}

/// The daily digest (日结) as text: the day's figures, by category and by
/// deputy, and the forms left unfinished.
/// `drafts` is None at a hub, where a station's unfinished forms never come.
pub fn digest_text(
    c: &Counts,
    day: NaiveDate,
    station: &str,
    drafts: Option<i64>,
    t: &Strings,
) -> String {
    let s = &t.stats;
    let d = &t.digest;
    let mut out = format!("{}\n\n", d.title.fill([&station, &day.format("%Y-%m-%d")]));
    out.push_str(&d.sentence.fill([
        &c.batches,
        &c.persons,
        &c.items,
        &c.on_the_spot,
        &c.referred,
        &c.not_accepted,
    ]));
    out.push('\n');
    if c.after_sign_off > 0 {
        out.push_str(&d.after_sign_off.fill([&c.after_sign_off]));
        out.push('\n');
    }
    category_section(&mut out, c, t);
    group_section(
        &mut out,
        s.by_deputy,
        c.by_deputy
            .iter()
            .filter(|d| d.batches > 0)
            .map(|g| (g.name.clone(), g.batches, g.persons))
            .collect(),
        t,
    );
    if let Some(drafts) = drafts {
        out.push('\n');
        out.push_str(&d.drafts.fill([&drafts]));
        out.push('\n');
    }
    out
}

/// The digest's 民生实事 lines: each milestone due by the end of the
/// month or overdue, with its day (empty when there is none).
pub fn milestones_text(due: &[DueMilestone], t: &Strings) -> String {
    if due.is_empty() {
        return String::new();
    }
    let d = &t.digest;
    let mut out = format!("\n{}\n", d.milestones_title);
    for m in due {
        let when = if m.overdue {
            d.milestone_overdue.fill([&m.due])
        } else {
            d.milestone_due.fill([&m.due])
        };
        out.push_str(&format!(
            "  {} {} {}（{when}）\n",
            m.title, m.month, m.target
        ));
    }
    out
}

/// The same in the digest's JSON (`milestones_due`).
pub fn milestones_json(due: &[DueMilestone]) -> Value {
    due.iter()
        .map(|m| {
            json!({
                "project": m.title, "month": m.month, "target": m.target,
                "due": m.due.to_string(), "overdue": m.overdue,
            })
        })
        .collect()
}

/// The daily digest as CSV, laid out like the period report's (one row per
/// figure, then one per category and per deputy who received anyone);
/// UTF-8 with BOM for Excel.
pub fn digest_csv(
    c: &Counts,
    day: NaiveDate,
    drafts: i64,
    stations: &[(String, &Counts)],
    t: &Strings,
) -> String {
    let s = &t.stats;
    let totals = [
        (s.batches, c.batches),
        (s.persons, c.persons),
        (s.items, c.items),
        (s.on_the_spot, c.on_the_spot),
        (s.referred, c.referred),
        (s.not_accepted, c.not_accepted),
        (t.digest.csv_drafts, drafts),
    ]
    .into_iter()
    .map(|(label, n)| (label, n.to_string()))
    .collect();
    let mut groups = category_and_deputy_rows(c, c.by_deputy.iter().filter(|d| d.batches > 0));
    groups.extend(station_rows(stations));
    write_csv(
        ("date", day.format("%Y-%m-%d").to_string()),
        totals,
        groups,
        t,
    )
}

/// The daily digest with stable keys (README, "Daily digest").
pub fn digest_json(c: &Counts, day: NaiveDate, drafts: i64) -> Value {
    let groups = |rows: Vec<(&str, i64, i64)>| -> Vec<Value> {
        rows.into_iter()
            .map(|(name, batches, persons)| json!({"name": name, "batches": batches, "persons": persons}))
            .collect()
    };
    json!({
        "date": day.format("%Y-%m-%d").to_string(),
        "batches": c.batches,
        "persons": c.persons,
        "items": c.items,
        "on_the_spot": c.on_the_spot,
        "referred": c.referred,
        "not_accepted": c.not_accepted,
        "by_category": groups(c.by_category.iter().map(|g| (g.name.as_str(), g.batches, g.persons)).collect()),
        "by_deputy": groups(c.by_deputy.iter().filter(|d| d.batches > 0).map(|d| (d.name.as_str(), d.batches, d.persons)).collect()),
        "open_drafts": drafts,
        "after_sign_off": c.after_sign_off,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::stats::GroupCounts;
    use crate::i18n::{Lang, strings};

    #[test]
    fn a_category_that_reads_as_a_formula_is_written_as_text() {
        let c = Counts {
            batches: 1,
            by_category: vec![GroupCounts {
                name: "=1+2".into(),
                batches: 1,
                persons: 1,
                items: 1,
            }],
            ..Counts::default()
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let period = Period { from: day, to: day };
        let t = strings(Lang::Zh);
        for csv in [
            to_csv(&c, period, &[], t),
            digest_csv(&c, day, 0, &[("@HA01 站".into(), &c)], t),
        ] {
            assert!(csv.contains("by_category,'=1+2,1,1,1"), "{csv}");
            assert!(!csv.contains(",=1+2"), "{csv}");
        }
        let digest = digest_csv(&c, day, 0, &[("@HA01 站".into(), &c)], t);
        assert!(digest.contains("by_station,'@HA01 站"), "{digest}");
    }
}
