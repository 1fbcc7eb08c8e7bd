//! 民生实事项目监督台账 as printable text: each project's division of work
//! (分工一览表: lead, department, supervisors, budget, target, deadline),
//! its monthly milestones with their state, the year-end judgement and
//! the 回头看 items.

use crate::domain::livelihood::cost_text;
use crate::i18n::Strings;
use crate::store::ProjectRow;
use chrono::NaiveDate;

/// The register for `projects`; `overdue[i]` lists project i's overdue months.
pub fn ledger_text(
    projects: &[ProjectRow],
    overdue: &[Vec<String>],
    station: &str,
    today: NaiveDate,
    t: &Strings,
) -> String {
    let m = t.mszs;
    let mut out = vec![
        m.ledger_title.to_string(),
        m.ledger_as_of.fill([&station, &today]),
    ];
    for (i, p) in projects.iter().enumerate() {
        out.push(String::new());
        out.push(m.ledger_project.fill([&(i + 1), &p.title]));
        out.extend(division(p, t));
        let late = overdue.get(i).map(Vec::as_slice).unwrap_or_default();
        out.extend(milestones(p, late, t));
        if let Some(c) = p.completion {
            let [s, b, u] = p.satisfaction;
            let result = m.completions[c as usize];
            out.push(format!("  {}", m.ledger_judged.fill([&result, &s, &b, &u])));
        }
        if !p.followups.is_empty() {
            out.push(format!("  {}", m.ledger_followups));
            for f in &p.followups {
                let state = match f.closed {
                    Some(d) => m.followup_closed.fill([&d]),
                    None => m.followup_open.to_string(),
                };
                out.push(format!("    {} {}（{state}）", f.opened, f.item));
            }
        }
    }
    out.join("\n") + "\n"
}

/// The 分工一览表 lines of one project: only what is filled in.
fn division(p: &ProjectRow, t: &Strings) -> Vec<String> {
    let labels = &t.mszs.project_columns;
    let field = |f| t.field(f);
    use crate::domain::fields::Field;
    let deadline = p.deadline.map(|d| d.to_string()).unwrap_or_default();
    [
        (labels[1], p.lead.clone()),
        (labels[2], p.department.clone()),
        (labels[3], crate::service::registers::names(&p.supervisors)),
        (field(Field::ProjectBudget), cost_text(p.budget_cents)),
        (field(Field::ProjectTarget), p.target.clone()),
        (field(Field::ProjectDeadline), deadline),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(label, value)| format!("  {}", t.mszs.ledger_line.fill([&label, &value])))
    .collect()
}

fn milestones(p: &ProjectRow, late: &[String], t: &Strings) -> Vec<String> {
    let m = t.mszs;
    if p.milestones.is_empty() {
        return Vec::new();
    }
    let mut out = vec![format!("  {}", m.ledger_milestones)];
    for (month, target, state) in &p.milestones {
        let word = state.map_or(m.unreviewed, |s| m.milestone_states[s.index()]);
        let mark = if late.contains(month) {
            format!("，{}", m.overdue_mark)
        } else {
            String::new()
        };
        out.push(format!("    {month} {target}（{word}{mark}）"));
    }
    out
}
