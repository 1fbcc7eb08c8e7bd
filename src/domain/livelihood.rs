//! 民生实事项目人大代表票决制: the rules of the voters' 点单 (candidates),
//! the deputies' 定单 (the vote), the supervision of chosen projects and
//! the year-end 验单. No SQL, no terminal.

use super::calendar::Calendar;
use super::fields::{Field, FieldError, Problem};
use super::ids::CaseId;
use super::validate::{parse_count, validate_text};
use chrono::{Datelike, NaiveDate};

/// The differential ratio used when the settings name none: projects to
/// choose are about 70 % of the shortlist.
pub const DEFAULT_RATIO_PERCENT: u32 = 70;

/// Where a candidate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateSource {
    /// Proposed from voters' cases or suggestions (linked to them).
    Cases,
    /// 走访 door-to-door visits.
    Visits,
    /// 网格 grid work.
    Grid,
    Other,
}

impl CandidateSource {
    pub const ALL: [CandidateSource; 4] = [Self::Cases, Self::Visits, Self::Grid, Self::Other];

    pub fn code(self) -> &'static str {
        match self {
            Self::Cases => "cases",
            Self::Visits => "visits",
            Self::Grid => "grid",
            Self::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// A candidate as typed on the form.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CandidateForm {
    pub title: String,
    pub place: String,
    pub content: String,
    /// 万元, as typed: a number with at most two decimals, may be empty.
    pub cost: String,
}

/// A candidate that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCandidate {
    pub title: String,
    pub place: String,
    pub content: String,
    /// In units of 0.01 万元 (100 元), to keep money exact.
    pub cost_cents: Option<i64>,
    pub source: CandidateSource,
    /// Cases it was proposed from (ids), kept linked.
    pub case_ids: Vec<CaseId>,
}

impl CandidateForm {
    pub fn validate(
        &self,
        source: CandidateSource,
        case_ids: Vec<CaseId>,
    ) -> Result<NewCandidate, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field, value: &str, required, max, multi| {
            validate_text(field, value, required, max, multi).unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let title = text(Field::ProjectTitle, &self.title, true, 40, false);
        let place = text(Field::Venue, &self.place, false, 60, false);
        // In the order the form shows them: the long content last.
        let cost_cents = match parse_cost(&self.cost) {
            Ok(c) => c,
            Err(p) => {
                errors.push(FieldError::new(Field::EstimatedCost, p));
                None
            }
        };
        let content = validate_text(Field::ProjectContent, &self.content, true, 500, true)
            .unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewCandidate {
            title,
            place,
            content,
            cost_cents,
            source,
            case_ids,
        })
    }
}

/// "120" or "12.5" 万元 into hundredths; empty is unknown.
pub fn parse_cost(input: &str) -> Result<Option<i64>, Problem> {
    let s: String = input
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' | '。' => '.',
            _ => c,
        })
        .collect();
    let s = s.trim_end_matches("万元").trim_end_matches('万').trim();
    if s.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > 2 {
        return Err(Problem::BadAmount);
    }
    let whole: i64 = whole.parse().map_err(|_| Problem::BadAmount)?;
    if whole > 1_000_000 {
        return Err(Problem::OutOfRange {
            min: 0,
            max: 1_000_000,
        });
    }
    let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    Ok(Some(whole * 100 + frac))
}

/// 12.5 万元 as people write it.
pub fn cost_text(cents: Option<i64>) -> String {
    match cents {
        None => String::new(),
        Some(c) if c % 100 == 0 => format!("{}", c / 100),
        Some(c) if c % 10 == 0 => format!("{}.{}", c / 100, c % 100 / 10),
        Some(c) => format!("{}.{:02}", c / 100, c % 100),
    }
}

/// How many candidates go on the shortlist for `to_choose` projects: the
/// number chosen is `ratio_percent` of it, rounded, and there is always at
/// least one more candidate than projects (差额). `None` when there are
/// not enough candidates for a differential vote.
pub fn shortlist_size(to_choose: usize, ratio_percent: u32, candidates: usize) -> Option<usize> {
    if to_choose == 0 || candidates <= to_choose {
        return None;
    }
    let ratio = ratio_percent.clamp(1, 99) as usize;
    let size = (to_choose * 100 + ratio / 2) / ratio;
    Some(size.max(to_choose + 1).min(candidates))
}

/// A candidate as the shortlist proposal weighs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Weighed {
    pub id: String,
    /// Persons behind it (人次 of the linked cases; 1 for a direct entry).
    pub persons: i64,
    /// When it was entered ("YYYY-MM-DD HH:MM:SS"), earlier first on a tie.
    pub created: String,
}

/// The proposed shortlist: the `size` candidates most voters asked for,
/// the earlier entered first among equals.
pub fn propose_shortlist(candidates: &[Weighed], size: usize) -> Vec<String> {
    let mut order: Vec<&Weighed> = candidates.iter().collect();
    order.sort_by(|a, b| b.persons.cmp(&a.persons).then(a.created.cmp(&b.created)));
    order.into_iter().take(size).map(|w| w.id.clone()).collect()
}

/// One candidate's ballots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Ballots {
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

impl Ballots {
    pub fn total(self) -> u32 {
        self.yes + self.no + self.abstain
    }
}

/// What the vote decided for one candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Chosen,
    /// Level with others at the last place: the meeting decides.
    Tied,
    /// A majority in favour, but fewer votes than those chosen.
    Outranked,
    /// Not more than half of those present in favour.
    NoMajority,
}

impl Verdict {
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Why a vote's counts are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteProblem {
    NobodyPresent,
    /// Nothing to choose, or not fewer projects than candidates.
    BadNumberToChoose {
        to_choose: usize,
        shortlist: usize,
    },
    /// A candidate (by position) has more ballots than deputies present.
    TooManyBallots {
        index: usize,
        total: u32,
        present: u32,
    },
}

/// The vote's result by the rule in the README: a candidate needs more than
/// half of the deputies present in favour; of those, the most votes in
/// favour are chosen; candidates level at the last place are all `Tied`.
pub fn decide(
    present: u32,
    to_choose: usize,
    ballots: &[Ballots],
) -> Result<Vec<Verdict>, VoteProblem> {
    check_counts(present, to_choose, ballots)?;
    let majority = |b: &Ballots| b.yes * 2 > present;
    let mut passing: Vec<u32> = ballots
        .iter()
        .filter(|b| majority(b))
        .map(|b| b.yes)
        .collect();
    passing.sort_unstable_by(|a, b| b.cmp(a));
    // The votes of the last place, and whether it is shared beyond it.
    let cutoff = passing.get(to_choose - 1).copied();
    let shared = cutoff.is_some() && passing.get(to_choose).copied() == cutoff;
    Ok(ballots
        .iter()
        .map(|b| match cutoff {
            _ if !majority(b) => Verdict::NoMajority,
            None => Verdict::Chosen,
            Some(c) if b.yes > c => Verdict::Chosen,
            Some(c) if b.yes == c && shared => Verdict::Tied,
            Some(c) if b.yes == c => Verdict::Chosen,
            Some(_) => Verdict::Outranked,
        })
        .collect())
}

/// The counts a vote must satisfy before any result is read from it.
pub fn check_counts(
    present: u32,
    to_choose: usize,
    ballots: &[Ballots],
) -> Result<(), VoteProblem> {
    if present == 0 {
        return Err(VoteProblem::NobodyPresent);
    }
    if to_choose == 0 || to_choose >= ballots.len() {
        return Err(VoteProblem::BadNumberToChoose {
            to_choose,
            shortlist: ballots.len(),
        });
    }
    if let Some((index, b)) = ballots
        .iter()
        .enumerate()
        .find(|(_, b)| b.total() > present)
    {
        return Err(VoteProblem::TooManyBallots {
            index,
            total: b.total(),
            present,
        });
    }
    Ok(())
}

/// The vote's meeting as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VoteForm {
    pub meeting: String,
    pub date: String,
    pub present: String,
    pub to_choose: String,
    /// The roster's deputies ticked as present (the meeting may have more:
    /// a town congress is not all of one station's roster).
    pub present_ids: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NewVote {
    pub meeting: String,
    pub date: NaiveDate,
    pub present: u32,
    pub to_choose: u32,
    pub present_ids: Vec<String>,
}

impl VoteForm {
    pub fn validate(&self) -> Result<NewVote, Vec<FieldError>> {
        let mut errors = Vec::new();
        let meeting = validate_text(Field::MeetingName, &self.meeting, true, 60, false)
            .unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            });
        let date = super::validate::parse_date(&self.date).unwrap_or_else(|p| {
            errors.push(FieldError::new(Field::Date, p));
            NaiveDate::MIN
        });
        let ticked = self.present_ids.len() as i64;
        // Left empty with deputies ticked: those ticked are all present.
        let present = if self.present.trim().is_empty() && ticked > 0 {
            ticked as u32
        } else {
            parse_count(&self.present, ticked.max(1), 2000).unwrap_or_else(|p| {
                errors.push(FieldError::new(Field::DeputiesPresent, p));
                0
            }) as u32
        };
        let to_choose = parse_count(&self.to_choose, 1, 50).unwrap_or_else(|p| {
            errors.push(FieldError::new(Field::ToChoose, p));
            0
        }) as u32;
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewVote {
            meeting,
            date,
            present,
            to_choose,
            present_ids: self.present_ids.clone(),
        })
    }
}

/// One candidate's three counts as typed; each names its field.
pub fn parse_ballots(yes: &str, no: &str, abstain: &str) -> Result<Ballots, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut count = |field, value: &str| {
        let value = if value.trim().is_empty() { "0" } else { value };
        parse_count(value, 0, 2000).unwrap_or_else(|p| {
            errors.push(FieldError::new(field, p));
            0
        }) as u32
    };
    let b = Ballots {
        yes: count(Field::VotesFor, yes),
        no: count(Field::VotesAgainst, no),
        abstain: count(Field::VotesAbstain, abstain),
    };
    if errors.is_empty() {
        Ok(b)
    } else {
        Err(errors)
    }
}

/// A monthly milestone's state as a progress review records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneState {
    Done,
    OnTime,
    Late,
    Blocked,
}

impl MilestoneState {
    pub const ALL: [MilestoneState; 4] = [Self::Done, Self::OnTime, Self::Late, Self::Blocked];

    pub fn code(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::OnTime => "on_time",
            Self::Late => "late",
            Self::Blocked => "blocked",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

/// The day a monthly milestone falls due: the last working day of its
/// month by the station's calendar (倒排工期 counts in working days).
pub fn milestone_due(calendar: &Calendar, year: i32, month: u32) -> NaiveDate {
    let first_next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or(NaiveDate::MAX);
    let mut day = first_next.pred_opt().unwrap_or(first_next);
    while !calendar.is_working_day(day) && day.day() > 1 {
        day = day.pred_opt().unwrap_or(day);
    }
    day
}

/// Whether a milestone not yet done is overdue on `today`.
pub fn milestone_overdue(due: NaiveDate, state: Option<MilestoneState>, today: NaiveDate) -> bool {
    state != Some(MilestoneState::Done) && today > due
}

/// The day the milestone of `month` ("YYYY-MM", as stored) falls due;
/// `None` for a month that does not read as one.
pub fn month_due(calendar: &Calendar, month: &str) -> Option<NaiveDate> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    Some(milestone_due(calendar, first.year(), first.month()))
}

/// Whether the milestone of `month` ("YYYY-MM") is overdue on `today`:
/// not done after the last working day of its month.
pub fn month_overdue(
    calendar: &Calendar,
    month: &str,
    state: Option<MilestoneState>,
    today: NaiveDate,
) -> bool {
    month_due(calendar, month).is_some_and(|due| milestone_overdue(due, state, today))
}

/// The year-end judgement of one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Completion {
    Completed,
    Partly,
    NotCompleted,
}

impl Completion {
    pub const ALL: [Completion; 3] = [Self::Completed, Self::Partly, Self::NotCompleted];

    pub fn code(self) -> &'static str {
        match self {
            Self::Completed => "completed",
            Self::Partly => "partly",
            Self::NotCompleted => "not",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Who leads and supervises a chosen project, and its monthly targets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectPlan {
    pub lead: String,
    pub department: String,
    pub budget_cents: Option<i64>,
    pub target: String,
    pub deadline: Option<NaiveDate>,
    pub supervisor_ids: Vec<String>,
    /// ("YYYY-MM", target) in month order.
    pub milestones: Vec<(String, String)>,
}

/// The supervision form as typed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanForm {
    pub lead: String,
    pub department: String,
    pub budget: String,
    pub target: String,
    pub deadline: String,
    /// One milestone a line: `2026-04 立项` (or `2026年4月 立项`).
    pub milestones: String,
}

impl PlanForm {
    pub fn validate(&self, supervisor_ids: Vec<String>) -> Result<ProjectPlan, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut text = |field, value: &str, max| {
            validate_text(field, value, false, max, false).unwrap_or_else(|e| {
                errors.push(e);
                String::new()
            })
        };
        let lead = text(Field::ProjectLead, &self.lead, 30);
        let department = text(Field::Department, &self.department, 40);
        let target = text(Field::ProjectTarget, &self.target, 200);
        let budget_cents = parse_cost(&self.budget).unwrap_or_else(|p| {
            errors.push(FieldError::new(Field::ProjectBudget, p));
            None
        });
        let deadline = match super::validate::parse_date(&self.deadline) {
            Ok(d) => Some(d),
            Err(Problem::Required) => None,
            Err(p) => {
                errors.push(FieldError::new(Field::ProjectDeadline, p));
                None
            }
        };
        let milestones = parse_milestones(&self.milestones).unwrap_or_else(|p| {
            errors.push(FieldError::new(Field::Milestones, p));
            Vec::new()
        });
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(ProjectPlan {
            lead,
            department,
            budget_cents,
            target,
            deadline,
            supervisor_ids,
            milestones,
        })
    }
}

/// Milestone lines into ("YYYY-MM", target), sorted; one month once.
pub fn parse_milestones(text: &str) -> Result<Vec<(String, String)>, Problem> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let split = line
            .find(|c: char| c.is_whitespace() || c == '：' || c == ':')
            .unwrap_or(line.len());
        let (month, target) = line.split_at(split);
        let month = parse_month(month).ok_or(Problem::BadMonth)?;
        let target = target.trim_start_matches([':', '：']).trim();
        if target.is_empty() {
            return Err(Problem::Required);
        }
        if out.iter().any(|(m, _)| *m == month) {
            return Err(Problem::BadMonth);
        }
        out.push((month, target.to_string()));
    }
    out.sort();
    Ok(out)
}

/// `2026-04`, `2026-4`, `2026年4月` → `2026-04`.
fn parse_month(s: &str) -> Option<String> {
    let s = s.replace('年', "-").replace('月', "");
    let (y, m) = s.split_once('-')?;
    let (y, m): (i32, u32) = (y.trim().parse().ok()?, m.trim().parse().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then(|| format!("{y}-{m:02}"))
}

/// The year-end judgement as typed: result and satisfaction counts.
pub fn parse_judgement(
    satisfied: &str,
    basically: &str,
    unsatisfied: &str,
) -> Result<[u32; 3], Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut count = |field, value: &str| {
        let value = if value.trim().is_empty() { "0" } else { value };
        parse_count(value, 0, 2000).unwrap_or_else(|p| {
            errors.push(FieldError::new(field, p));
            0
        }) as u32
    };
    let counts = [
        count(Field::Satisfied, satisfied),
        count(Field::BasicallySatisfied, basically),
        count(Field::Unsatisfied, unsatisfied),
    ];
    if errors.is_empty() {
        Ok(counts)
    } else {
        Err(errors)
    }
}

/// What a chosen project looks like to the figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectFacts {
    /// Milestones overdue on the day the figures are for.
    pub overdue_milestones: usize,
    pub completion: Option<Completion>,
    /// 满意 / 基本满意 / 不满意 votes at the year-end review.
    pub satisfaction: [u32; 3],
}

/// The figures a station reports (`report` → `livelihood`).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    pub candidates: usize,
    pub chosen: usize,
    pub on_schedule: usize,
    pub late: usize,
    pub completed: usize,
    /// (满意 + 基本满意) / all satisfaction votes; none before any review.
    pub satisfaction_rate: Option<f64>,
    /// The votes behind the rate, so that a hub can add stations up.
    pub satisfaction_votes: u32,
    pub satisfied_votes: u32,
}

impl Figures {
    /// Another station's figures added in (a hub's totals).
    pub fn add(&mut self, other: &Figures) {
        self.candidates += other.candidates;
        self.chosen += other.chosen;
        self.on_schedule += other.on_schedule;
        self.late += other.late;
        self.completed += other.completed;
        self.satisfaction_votes += other.satisfaction_votes;
        self.satisfied_votes += other.satisfied_votes;
        self.satisfaction_rate = (self.satisfaction_votes > 0)
            .then(|| f64::from(self.satisfied_votes) / f64::from(self.satisfaction_votes));
    }
}

pub fn figures(candidates: usize, projects: &[ProjectFacts]) -> Figures {
    let late = projects.iter().filter(|p| p.overdue_milestones > 0).count();
    let votes: u32 = projects.iter().flat_map(|p| p.satisfaction).sum();
    let content: u32 = projects
        .iter()
        .map(|p| p.satisfaction[0] + p.satisfaction[1])
        .sum();
    Figures {
        candidates,
        chosen: projects.len(),
        on_schedule: projects.len() - late,
        late,
        completed: projects
            .iter()
            .filter(|p| p.completion == Some(Completion::Completed))
            .count(),
        satisfaction_rate: (votes > 0).then(|| f64::from(content) / f64::from(votes)),
        satisfaction_votes: votes,
        satisfied_votes: content,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(yes: u32, no: u32, abstain: u32) -> Ballots {
        Ballots { yes, no, abstain }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_shortlist_follows_the_ratio_and_is_always_differential() {
        // 5 of 7 is 71 %: the 70 % default gives a shortlist of 7.
        assert_eq!(shortlist_size(5, 70, 12), Some(7));
        assert_eq!(shortlist_size(5, 50, 12), Some(10));
        // A ratio near 100 % still leaves one more candidate than projects.
        assert_eq!(shortlist_size(5, 99, 12), Some(6));
        // Never more than there are, never without a choice.
        assert_eq!(shortlist_size(5, 20, 8), Some(8));
        assert_eq!(shortlist_size(5, 70, 5), None);
        assert_eq!(shortlist_size(0, 70, 5), None);
    }

    #[test]
    fn the_proposal_takes_the_most_asked_for_first() {
        let w = |id: &str, persons, created: &str| Weighed {
            id: id.into(),
            persons,
            created: created.into(),
        };
        let list = [
            w("a", 1, "2026-01-02"),
            w("b", 9, "2026-01-05"),
            w("c", 3, "2026-01-03"),
            w("d", 3, "2026-01-01"),
        ];
        assert_eq!(propose_shortlist(&list, 3), ["b", "d", "c"]);
    }

    #[test]
    fn more_than_half_of_those_present_then_most_votes() {
        // 86 present: 44 is a majority, 43 is not.
        let ballots = [
            b(80, 4, 2),
            b(43, 40, 3),
            b(44, 40, 2),
            b(70, 10, 6),
            b(60, 20, 6),
        ];
        let verdicts = decide(86, 2, &ballots).unwrap();
        use Verdict::*;
        assert_eq!(verdicts, [Chosen, NoMajority, Outranked, Chosen, Outranked]);
        // Fewer with a majority than projects to choose: all of them, no more.
        let few = decide(86, 3, &[b(80, 0, 0), b(43, 0, 0), b(30, 0, 0), b(70, 0, 0)]).unwrap();
        assert_eq!(few, [Chosen, NoMajority, NoMajority, Chosen]);
    }

    #[test]
    fn a_tie_at_the_last_place_is_named_for_the_meeting() {
        use Verdict::*;
        let ballots = [b(80, 0, 0), b(60, 0, 0), b(60, 0, 0), b(50, 0, 0)];
        assert_eq!(
            decide(86, 2, &ballots).unwrap(),
            [Chosen, Tied, Tied, Outranked]
        );
        // A tie above the last place is no tie for the result.
        let above = [b(80, 0, 0), b(80, 0, 0), b(60, 0, 0), b(50, 0, 0)];
        assert_eq!(
            decide(86, 2, &above).unwrap(),
            [Chosen, Chosen, Outranked, Outranked]
        );
    }

    #[test]
    fn wrong_counts_are_refused() {
        assert_eq!(
            decide(86, 1, &[b(80, 5, 2), b(1, 1, 1)]),
            Err(VoteProblem::TooManyBallots {
                index: 0,
                total: 87,
                present: 86
            })
        );
        assert_eq!(
            decide(0, 1, &[b(0, 0, 0), b(0, 0, 0)]),
            Err(VoteProblem::NobodyPresent)
        );
        assert_eq!(
            decide(86, 2, &[b(1, 0, 0), b(1, 0, 0)]),
            Err(VoteProblem::BadNumberToChoose {
                to_choose: 2,
                shortlist: 2
            })
        );
    }

    #[test]
    fn typed_counts_name_their_field() {
        assert_eq!(parse_ballots("60", "", "３"), Ok(b(60, 0, 3)));
        let errors = parse_ballots("六十", "1", "-1").unwrap_err();
        let fields: Vec<Field> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, [Field::VotesFor, Field::VotesAbstain]);
        let vote = VoteForm {
            meeting: String::new(),
            date: "2026-02-30".into(),
            present: "86".into(),
            to_choose: "5".into(),
            present_ids: vec![],
        };
        let fields: Vec<Field> = vote
            .validate()
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::MeetingName, Field::Date]);
        // Ticked deputies: the count defaults to them and may not be fewer.
        let ticked = VoteForm {
            meeting: "议事会".into(),
            date: "2026-02-10".into(),
            present: String::new(),
            present_ids: vec!["a".into(), "b".into(), "c".into()],
            ..vote
        };
        assert_eq!(ticked.validate().unwrap().present, 3);
        let fewer = VoteForm {
            present: "2".into(),
            ..ticked
        };
        assert_eq!(
            fewer.validate().unwrap_err()[0],
            FieldError::new(
                Field::DeputiesPresent,
                Problem::OutOfRange { min: 3, max: 2000 }
            )
        );
    }

    #[test]
    fn costs_are_exact_hundredths_of_ten_thousand() {
        assert_eq!(parse_cost("12.5"), Ok(Some(1250)));
        assert_eq!(parse_cost("１２０万元"), Ok(Some(12000)));
        assert_eq!(parse_cost(""), Ok(None));
        assert_eq!(parse_cost("1.234"), Err(Problem::BadAmount));
        assert_eq!(cost_text(Some(1250)), "12.5");
        assert_eq!(cost_text(Some(1205)), "12.05");
        let form = CandidateForm {
            title: String::new(),
            content: "修路".into(),
            cost: "很多".into(),
            ..CandidateForm::default()
        };
        let fields: Vec<Field> = form
            .validate(CandidateSource::Visits, vec![])
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::ProjectTitle, Field::EstimatedCost]);
    }

    #[test]
    fn milestones_fall_due_on_the_last_working_day_of_their_month() {
        let cal =
            Calendar::parse("holidays = [\"2026-10-01..2026-10-08\"]\nworkdays = [\"2026-10-10\"]")
                .unwrap();
        // 2026-05-31 is a Sunday: due Friday the 29th.
        assert_eq!(milestone_due(&cal, 2026, 5), d("2026-05-29"));
        assert_eq!(milestone_due(&cal, 2026, 12), d("2026-12-31"));
        // October 2026 ends on a Saturday.
        assert_eq!(milestone_due(&cal, 2026, 10), d("2026-10-30"));
        let due = milestone_due(&cal, 2026, 5);
        assert!(!milestone_overdue(due, None, d("2026-05-29")));
        // Late from the day after, though the month is not over.
        assert!(milestone_overdue(due, None, d("2026-05-30")));
        assert!(milestone_overdue(
            due,
            Some(MilestoneState::OnTime),
            d("2026-06-01")
        ));
        assert!(!milestone_overdue(
            due,
            Some(MilestoneState::Done),
            d("2026-06-01")
        ));
    }

    #[test]
    fn a_stored_month_gives_its_due_day_or_none() {
        let cal = Calendar::weekends_only();
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // 31 October 2026 is a Saturday.
        assert_eq!(month_due(&cal, "2026-10"), Some(d("2026-10-30")));
        assert_eq!(month_due(&cal, "2026-13"), None);
        assert_eq!(month_due(&cal, "十月"), None);
        assert!(month_overdue(&cal, "2026-10", None, d("2026-11-02")));
        assert!(!month_overdue(&cal, "2026-10", None, d("2026-10-30")));
        assert!(!month_overdue(&cal, "bad", None, d("2027-01-01")));
    }

    #[test]
    fn a_plan_reads_its_monthly_milestones() {
        let form = PlanForm {
            lead: "刘副主任".into(),
            budget: "80".into(),
            deadline: "2026-11-30".into(),
            milestones: "2026年8月 施工\n\n2026-4：立项\n".into(),
            ..PlanForm::default()
        };
        let plan = form.validate(vec!["d1".into()]).unwrap();
        assert_eq!(
            plan.milestones,
            [
                ("2026-04".to_string(), "立项".to_string()),
                ("2026-08".to_string(), "施工".to_string())
            ]
        );
        assert_eq!(
            (plan.budget_cents, plan.deadline),
            (Some(8000), Some(d("2026-11-30")))
        );
        let bad = PlanForm {
            milestones: "四月 立项".into(),
            deadline: "明年".into(),
            ..PlanForm::default()
        };
        let fields: Vec<Field> = bad
            .validate(vec![])
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, [Field::ProjectDeadline, Field::Milestones]);
        assert_eq!(parse_milestones("2026-04"), Err(Problem::Required));
        assert_eq!(
            parse_milestones("2026-04 a\n2026-4 b"),
            Err(Problem::BadMonth)
        );
        assert_eq!(parse_judgement("60", "", "6"), Ok([60, 0, 6]));
        assert_eq!(
            parse_judgement("x", "1", "1").unwrap_err()[0].field,
            Field::Satisfied
        );
    }

    #[test]
    fn the_figures_of_a_counted_year() {
        let p = |overdue, completion, satisfaction| ProjectFacts {
            overdue_milestones: overdue,
            completion: Some(completion),
            satisfaction,
        };
        use Completion::*;
        let projects = [
            p(0, Completed, [60, 20, 6]),
            p(1, Completed, [50, 30, 6]),
            p(0, Completed, [70, 10, 6]),
            p(1, Partly, [30, 40, 16]),
            p(0, Completed, [66, 14, 6]),
        ];
        let f = figures(12, &projects);
        assert_eq!(
            (f.candidates, f.chosen, f.on_schedule, f.late, f.completed),
            (12, 5, 3, 2, 4)
        );
        // 390 content of 430 votes.
        assert!((f.satisfaction_rate.unwrap() - 390.0 / 430.0).abs() < 1e-9);
        assert_eq!(figures(3, &[]).satisfaction_rate, None);
    }
}
