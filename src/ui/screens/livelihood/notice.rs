//! 票决结果公告: the printable notice of a vote's result, as plain text.

use crate::domain::livelihood::Verdict;
use crate::i18n::Strings;
use crate::store::{BallotRow, VoteRow};

const SIGNATURE_INDENT: &str = "                    ";

/// The notice: the meeting, the rule, then the chosen, the tied and the
/// others, each in order of votes in favour; signed by the station.
pub fn result_notice(vote: &VoteRow, ballots: &[BallotRow], station: &str, t: &Strings) -> String {
    let m = t.mszs;
    let date = vote.date.format(m.notice_date).to_string();
    let mut out = vec![
        m.notice_title.to_string(),
        String::new(),
        m.notice_opening
            .fill([&vote.meeting, &date, &vote.present, &vote.to_choose]),
        m.notice_rule.to_string(),
    ];
    let mut sorted: Vec<&BallotRow> = ballots.iter().collect();
    sorted.sort_by_key(|r| std::cmp::Reverse(r.ballots.yes));
    let groups: [(&str, &[Verdict]); 3] = [
        (m.notice_chosen, &[Verdict::Chosen]),
        (m.notice_tied, &[Verdict::Tied]),
        (m.notice_others, &[Verdict::Outranked, Verdict::NoMajority]),
    ];
    let mut sections = m.notice_sections.iter();
    for (heading, verdicts) in groups {
        let rows: Vec<&&BallotRow> = sorted
            .iter()
            .filter(|r| r.verdict.is_some_and(|v| verdicts.contains(&v)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        out.push(String::new());
        out.push(format!("{}{heading}", sections.next().unwrap_or(&"")));
        for (i, r) in rows.iter().enumerate() {
            let b = r.ballots;
            let line = m.notice_line.fill([&r.title, &b.yes, &b.no, &b.abstain]);
            out.push(format!("  {}. {line}", i + 1));
        }
    }
    out.push(String::new());
    out.push(m.notice_closing.to_string());
    out.push(String::new());
    // Signed at the right, as on paper (indented, not aligned: widths of
    // Chinese and Latin text differ by font).
    out.push(format!("{SIGNATURE_INDENT}{station}"));
    out.push(format!("{SIGNATURE_INDENT}{date}"));
    out.join("\n") + "\n"
}
