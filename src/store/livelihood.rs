//! 民生实事: candidates (点单), votes (定单), chosen projects under
//! supervision and their year-end judgement (验单). Every write is one
//! transaction with its audit entry; the rules live in
//! `domain::livelihood`.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{RowKeys, Store, StoreError, StoreResult, day, parse_day, ts};
use crate::domain::calendar::Calendar;
use crate::domain::fields::{Field, FieldError, Problem};
use crate::domain::ids::CaseId;
use crate::domain::ids::new_id;
use crate::domain::livelihood::{
    Ballots, CandidateSource, Completion, Figures, MilestoneState, NewCandidate, NewVote,
    ProjectFacts, ProjectPlan, Verdict, VoteProblem, Weighed, decide, figures, milestone_due,
    month_due, month_overdue,
};
use crate::domain::stats::Period;
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

/// One candidate as the list shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateRow {
    pub id: String,
    pub title: String,
    pub place: String,
    pub content: String,
    pub cost_cents: Option<i64>,
    pub source: CandidateSource,
    /// Numbers of the voters' cases it came from.
    pub case_numbers: Vec<String>,
    /// Persons behind it: 人次 of its cases, 1 for a direct entry.
    pub persons: i64,
    pub created_at: String,
}

impl CandidateRow {
    pub fn weighed(&self) -> Weighed {
        Weighed {
            id: self.id.clone(),
            persons: self.persons,
            created: self.created_at.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct VoteRow {
    pub id: String,
    pub meeting: String,
    pub date: NaiveDate,
    pub present: u32,
    pub to_choose: u32,
    pub decided: bool,
}

/// One shortlisted candidate on a vote.
#[derive(Debug, Clone, PartialEq)]
pub struct BallotRow {
    pub candidate_id: String,
    pub title: String,
    pub ballots: Ballots,
    pub verdict: Option<Verdict>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProjectRow {
    pub id: String,
    pub title: String,
    pub vote_id: String,
    pub lead: String,
    pub department: String,
    pub budget_cents: Option<i64>,
    pub target: String,
    pub deadline: Option<NaiveDate>,
    /// (month "YYYY-MM", target, state) in month order.
    pub milestones: Vec<(String, String, Option<MilestoneState>)>,
    /// (deputy id, name) in name order.
    pub supervisors: Vec<(String, String)>,
    pub completion: Option<Completion>,
    pub satisfaction: [u32; 3],
    /// The vote that chose it: its meeting and date.
    pub meeting: String,
    pub vote_date: NaiveDate,
    /// When the year-end review judged it.
    pub judged: Option<NaiveDate>,
    /// 回头看 items in the order opened.
    pub followups: Vec<FollowUp>,
    /// The last progress review: its date and note.
    pub last_review: Option<(NaiveDate, String)>,
    /// Site inspections, 约见 and other activities about it, oldest first.
    pub activities: Vec<LinkedActivity>,
}

/// An activity linked to a project.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedActivity {
    pub id: String,
    pub date: String,
    pub kind: String,
    pub topic: String,
}

/// A monthly milestone not yet done, due by the end of the month.
#[derive(Debug, Clone, PartialEq)]
pub struct DueMilestone {
    pub project_id: String,
    pub title: String,
    /// "YYYY-MM".
    pub month: String,
    pub target: String,
    /// The last working day of its month.
    pub due: NaiveDate,
    /// Past its day and not done.
    pub overdue: bool,
}

/// One 回头看 item of a completed project.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub id: String,
    pub item: String,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
}

fn verdict_code(v: Verdict) -> &'static str {
    match v {
        Verdict::Chosen => "chosen",
        Verdict::Tied => "tied",
        Verdict::Outranked => "outranked",
        Verdict::NoMajority => "no_majority",
    }
}

fn verdict_from(code: &str) -> Option<Verdict> {
    [
        Verdict::Chosen,
        Verdict::Tied,
        Verdict::Outranked,
        Verdict::NoMajority,
    ]
    .into_iter()
    .find(|v| verdict_code(*v) == code)
}

/// A vote problem as the field it belongs to (the screen checks first and
/// says it in full; this is the store's own guard).
fn vote_problem(p: VoteProblem) -> StoreError {
    let e = match p {
        VoteProblem::NobodyPresent => FieldError::new(Field::DeputiesPresent, Problem::Required),
        VoteProblem::BadNumberToChoose { shortlist, .. } => FieldError::new(
            Field::ToChoose,
            Problem::OutOfRange {
                min: 1,
                max: shortlist as i64 - 1,
            },
        ),
        VoteProblem::TooManyBallots { present, .. } => FieldError::new(
            Field::VotesFor,
            Problem::OutOfRange {
                min: 0,
                max: i64::from(present),
            },
        ),
    };
    StoreError::invalid(e)
}

fn log(conn: &Connection, now: NaiveDateTime, w: AuditWrite) -> StoreResult<()> {
    audit::append(conn, now, w)
}

impl Store {
    /// Enters a candidate, linked to the cases it was proposed from.
    pub fn add_candidate(
        &mut self,
        c: &NewCandidate,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let id = new_id();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO livelihood_candidates
             (id, title, place, content, cost_cents, source, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                id,
                c.title,
                c.place,
                c.content,
                c.cost_cents,
                c.source.code(),
                ts(now),
                actor
            ],
        )?;
        for case in &c.case_ids {
            tx.execute(
                "INSERT OR IGNORE INTO livelihood_candidate_cases (candidate_id, case_id) VALUES (?1, ?2)",
                params![id, case],
            )?;
        }
        let after = json!({
            "title": c.title, "place": c.place, "content": c.content,
            "cost_cents": c.cost_cents, "source": c.source.code(), "cases": c.case_ids,
        });
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.candidate",
                entity: "livelihood_candidate",
                entity_id: &id,
                before: None,
                after: Some(after),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Candidates not merged into another, oldest first.
    pub fn candidates(&self) -> StoreResult<Vec<CandidateRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, place, content, cost_cents, source, created_at
             FROM livelihood_candidates WHERE merged_into IS NULL ORDER BY created_at, id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(CandidateRow {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    place: r.get(2)?,
                    content: r.get(3)?,
                    cost_cents: r.get(4)?,
                    source: CandidateSource::from_code(&r.get::<_, String>(5)?)
                        .unwrap_or(CandidateSource::Other),
                    created_at: r.get(6)?,
                    case_numbers: Vec::new(),
                    persons: 1,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|mut row| {
                let (numbers, persons) = self.candidate_cases(&row.id)?;
                if !numbers.is_empty() {
                    row.persons = persons;
                }
                row.case_numbers = numbers;
                Ok(row)
            })
            .collect()
    }

    /// The numbers of a candidate's cases and the persons behind them.
    fn candidate_cases(&self, id: &str) -> StoreResult<(Vec<String>, i64)> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT c.number, r.group_size FROM livelihood_candidate_cases l
             JOIN cases c ON c.id = l.case_id JOIN receptions r ON r.id = c.reception_id
             WHERE l.candidate_id = ?1 ORDER BY c.number",
        )?;
        let rows = stmt
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        let persons = rows.iter().map(|(_, n)| n).sum();
        Ok((rows.into_iter().map(|(n, _)| n).collect(), persons))
    }

    /// Candidates proposed from a case (for its detail screen).
    pub fn candidates_of_case(&self, case_id: &CaseId) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.title FROM livelihood_candidate_cases l
             JOIN livelihood_candidates c ON c.id = l.candidate_id
             WHERE l.case_id = ?1 ORDER BY c.created_at",
        )?;
        let titles = stmt
            .query_map([case_id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(titles)
    }

    /// Merges a duplicate into another candidate, which takes over its
    /// voters' cases; the duplicate stays, marked, for the record.
    pub fn merge_candidate(
        &mut self,
        duplicate: &str,
        into: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        if duplicate == into {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        let tx = self.write_tx()?;
        let on_vote: bool = tx
            .prepare("SELECT 1 FROM livelihood_ballots WHERE candidate_id = ?1")?
            .exists([duplicate])?;
        if on_vote {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        let changed = tx.execute(
            "UPDATE livelihood_candidates SET merged_into = ?2
             WHERE id = ?1 AND merged_into IS NULL
               AND EXISTS (SELECT 1 FROM livelihood_candidates WHERE id = ?2 AND merged_into IS NULL)",
            params![duplicate, into],
        )?;
        if changed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        tx.execute(
            "INSERT OR IGNORE INTO livelihood_candidate_cases (candidate_id, case_id)
             SELECT ?2, case_id FROM livelihood_candidate_cases WHERE candidate_id = ?1",
            params![duplicate, into],
        )?;
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.merge",
                entity: "livelihood_candidate",
                entity_id: duplicate,
                before: None,
                after: Some(json!({ "merged_into": into })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Records a vote's meeting and its shortlist (candidate ids in order).
    pub fn create_vote(
        &mut self,
        v: &NewVote,
        shortlist: &[String],
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        if shortlist.len() <= v.to_choose as usize {
            return Err(vote_problem(VoteProblem::BadNumberToChoose {
                to_choose: v.to_choose as usize,
                shortlist: shortlist.len(),
            }));
        }
        let id = new_id();
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO livelihood_votes (id, meeting, vote_date, present, to_choose, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, v.meeting, day(v.date), v.present, v.to_choose, ts(now), actor],
        )?;
        for (position, candidate) in shortlist.iter().enumerate() {
            tx.execute(
                "INSERT INTO livelihood_ballots (vote_id, candidate_id, position) VALUES (?1, ?2, ?3)",
                params![id, candidate, position as i64],
            )?;
        }
        for deputy in &v.present_ids {
            tx.execute(
                "INSERT OR IGNORE INTO livelihood_vote_deputies (vote_id, deputy_id) VALUES (?1, ?2)",
                params![id, deputy],
            )?;
        }
        let after = json!({
            "meeting": v.meeting, "date": day(v.date), "present": v.present,
            "to_choose": v.to_choose, "shortlist": shortlist, "deputies": v.present_ids,
        });
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.vote",
                entity: "livelihood_vote",
                entity_id: &id,
                before: None,
                after: Some(after),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Changes the shortlist of a vote not yet counted (the secretary
    /// adjusts the desk's proposal), in the order given.
    pub fn set_shortlist(
        &mut self,
        vote_id: &str,
        shortlist: &[String],
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let vote = self.vote(vote_id)?;
        if vote.decided {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        if shortlist.len() <= vote.to_choose as usize {
            return Err(vote_problem(VoteProblem::BadNumberToChoose {
                to_choose: vote.to_choose as usize,
                shortlist: shortlist.len(),
            }));
        }
        let tx = self.write_tx()?;
        tx.execute(
            "DELETE FROM livelihood_ballots WHERE vote_id = ?1",
            [vote_id],
        )?;
        for (position, candidate) in shortlist.iter().enumerate() {
            tx.execute(
                "INSERT INTO livelihood_ballots (vote_id, candidate_id, position) VALUES (?1, ?2, ?3)",
                params![vote_id, candidate, position as i64],
            )?;
        }
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.shortlist",
                entity: "livelihood_vote",
                entity_id: vote_id,
                before: None,
                after: Some(json!({ "shortlist": shortlist })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn votes(&self) -> StoreResult<Vec<VoteRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, meeting, vote_date, present, to_choose, decided_at IS NOT NULL
             FROM livelihood_votes ORDER BY vote_date DESC, created_at DESC",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok(VoteRow {
                    id: r.get(0)?,
                    meeting: r.get(1)?,
                    date: parse_day(&r.get::<_, String>(2)?).unwrap_or_default(),
                    present: r.get(3)?,
                    to_choose: r.get(4)?,
                    decided: r.get(5)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The roster's deputies ticked as present at a vote, by name.
    pub fn vote_deputies(&self, vote_id: &str) -> StoreResult<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.name FROM livelihood_vote_deputies v JOIN deputies d ON d.id = v.deputy_id
             WHERE v.vote_id = ?1 ORDER BY d.name",
        )?;
        let names = stmt
            .query_map([vote_id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(names)
    }

    pub fn vote(&self, id: &str) -> StoreResult<VoteRow> {
        self.votes()?
            .into_iter()
            .find(|v| v.id == id)
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// The shortlist of a vote, in its order, with any counts recorded.
    pub fn ballots(&self, vote_id: &str) -> StoreResult<Vec<BallotRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.candidate_id, c.title, b.yes, b.no, b.abstain, b.verdict
             FROM livelihood_ballots b JOIN livelihood_candidates c ON c.id = b.candidate_id
             WHERE b.vote_id = ?1 ORDER BY b.position",
        )?;
        let rows = stmt
            .query_map([vote_id], |r| {
                Ok(BallotRow {
                    candidate_id: r.get(0)?,
                    title: r.get(1)?,
                    ballots: Ballots {
                        yes: r.get(2)?,
                        no: r.get(3)?,
                        abstain: r.get(4)?,
                    },
                    verdict: r
                        .get::<_, Option<String>>(5)?
                        .and_then(|c| verdict_from(&c)),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Records the counts (in shortlist order), reads the result by the
    /// vote rule and puts each chosen candidate under supervision. Counts
    /// may be corrected until a project has a plan or a review.
    pub fn record_ballots(
        &mut self,
        vote_id: &str,
        counts: &[Ballots],
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<Vec<Verdict>> {
        let vote = self.vote(vote_id)?;
        let shortlist = self.ballots(vote_id)?;
        if counts.len() != shortlist.len() {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        let verdicts =
            decide(vote.present, vote.to_choose as usize, counts).map_err(vote_problem)?;
        let tx = self.write_tx()?;
        if is_planned(&tx, vote_id)? {
            return Err(StoreError::Refused(Refusal::InUse));
        }
        write_verdicts(&tx, vote_id, &shortlist, counts, &verdicts, now)?;
        tx.execute(
            "UPDATE livelihood_votes SET decided_at = ?2 WHERE id = ?1",
            params![vote_id, ts(now)],
        )?;
        let after: Vec<_> = shortlist
            .iter()
            .zip(counts)
            .zip(&verdicts)
            .map(|((row, b), v)| json!([row.title, b.yes, b.no, b.abstain, verdict_code(*v)]))
            .collect();
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.ballots",
                entity: "livelihood_vote",
                entity_id: vote_id,
                before: None,
                after: Some(json!(after)),
            },
        )?;
        tx.commit()?;
        Ok(verdicts)
    }

    /// The meeting's decision on a tie: this candidate is chosen.
    pub fn choose_tied(
        &mut self,
        vote_id: &str,
        candidate_id: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let changed = tx.execute(
            "UPDATE livelihood_ballots SET verdict = 'chosen'
             WHERE vote_id = ?1 AND candidate_id = ?2 AND verdict = 'tied'",
            params![vote_id, candidate_id],
        )?;
        if changed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        insert_project(&tx, vote_id, candidate_id, now)?;
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.tie",
                entity: "livelihood_vote",
                entity_id: vote_id,
                before: None,
                after: Some(json!({ "chosen": candidate_id })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Chosen projects, in the order they were chosen.
    pub fn projects(&self) -> StoreResult<Vec<ProjectRow>> {
        self.projects_where("", &[])
    }

    pub fn project(&self, id: &str) -> StoreResult<ProjectRow> {
        self.projects_where("WHERE p.id = ?1", &[&id])?
            .into_iter()
            .next()
            .ok_or(StoreError::Refused(Refusal::NotFound))
    }

    /// The projects under supervision at some time in `from..=to` (chosen
    /// by then, not judged before it): the rows of 民生实事项目监督台账.
    pub fn project_keys(&self, from: NaiveDate, to: NaiveDate) -> StoreResult<RowKeys> {
        self.keys_between(
            "SELECT p.id FROM livelihood_projects p JOIN livelihood_votes v ON v.id = p.vote_id
             WHERE v.vote_date <= ?2 AND (p.reviewed_date IS NULL OR p.reviewed_date >= ?1)
             ORDER BY v.vote_date, p.created_at",
            from,
            to,
        )
    }

    fn projects_where(
        &self,
        filter: &str,
        params: &[&dyn rusqlite::ToSql],
    ) -> StoreResult<Vec<ProjectRow>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.id, c.title, p.vote_id, p.lead, p.department, p.budget_cents, p.target,
                    p.deadline, p.completion, p.satisfied, p.basically, p.unsatisfied,
                    v.meeting, v.vote_date, p.reviewed_date
             FROM livelihood_projects p JOIN livelihood_candidates c ON c.id = p.candidate_id
             JOIN livelihood_votes v ON v.id = p.vote_id {filter}
             ORDER BY p.created_at, c.created_at"
        ))?;
        let day_of = |d: Option<String>| d.and_then(|d| parse_day(&d));
        let rows = stmt
            .query_map(params, |r| {
                Ok(ProjectRow {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    vote_id: r.get(2)?,
                    lead: r.get(3)?,
                    department: r.get(4)?,
                    budget_cents: r.get(5)?,
                    target: r.get(6)?,
                    deadline: day_of(r.get(7)?),
                    completion: r
                        .get::<_, Option<String>>(8)?
                        .and_then(|c| Completion::from_code(&c)),
                    satisfaction: [r.get(9)?, r.get(10)?, r.get(11)?],
                    meeting: r.get(12)?,
                    vote_date: day_of(r.get(13)?).unwrap_or_default(),
                    judged: day_of(r.get(14)?),
                    milestones: Vec::new(),
                    supervisors: Vec::new(),
                    followups: Vec::new(),
                    last_review: None,
                    activities: Vec::new(),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|mut p| {
                p.milestones = self.milestones(&p.id)?;
                p.supervisors = self.supervisors(&p.id)?;
                p.followups = self.followups(&p.id)?;
                p.last_review = self.last_review(&p.id)?;
                p.activities = self.linked_activities(&p.id)?;
                Ok(p)
            })
            .collect()
    }

    fn milestones(
        &self,
        project_id: &str,
    ) -> StoreResult<Vec<(String, String, Option<MilestoneState>)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT month, target, state FROM livelihood_milestones WHERE project_id = ?1 ORDER BY month",
        )?;
        let rows = stmt
            .query_map([project_id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get::<_, Option<String>>(2)?
                        .and_then(|s| MilestoneState::from_code(&s)),
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn linked_activities(&self, project_id: &str) -> StoreResult<Vec<LinkedActivity>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT a.id, a.activity_date, a.kind, a.topic FROM activity_projects l
             JOIN activities a ON a.id = l.activity_id
             WHERE l.project_id = ?1 ORDER BY a.activity_date, a.created_at",
        )?;
        let rows = stmt
            .query_map([project_id], |r| {
                Ok(LinkedActivity {
                    id: r.get(0)?,
                    date: r.get(1)?,
                    kind: r.get(2)?,
                    topic: r.get(3)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    fn supervisors(&self, project_id: &str) -> StoreResult<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, d.name FROM livelihood_supervisors s JOIN deputies d ON d.id = s.deputy_id
             WHERE s.project_id = ?1 ORDER BY d.name",
        )?;
        let rows = stmt
            .query_map([project_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Sets who leads and supervises a project and its monthly targets.
    /// Milestones kept from before keep the state a review gave them.
    pub fn plan_project(
        &mut self,
        project_id: &str,
        plan: &ProjectPlan,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let changed = tx.execute(
            "UPDATE livelihood_projects SET lead = ?2, department = ?3, budget_cents = ?4,
             target = ?5, deadline = ?6 WHERE id = ?1",
            params![
                project_id,
                plan.lead,
                plan.department,
                plan.budget_cents,
                plan.target,
                plan.deadline.map(day)
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        write_plan_children(&tx, project_id, plan)?;
        let after = json!({
            "lead": plan.lead, "department": plan.department, "budget_cents": plan.budget_cents,
            "target": plan.target, "deadline": plan.deadline.map(day),
            "supervisors": plan.supervisor_ids, "milestones": plan.milestones,
        });
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.plan",
                entity: "livelihood_project",
                entity_id: project_id,
                before: None,
                after: Some(after),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// A progress review (调度): each milestone's state as found.
    pub fn record_progress(
        &mut self,
        project_id: &str,
        states: &[(String, MilestoneState)],
        note: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        for (month, state) in states {
            let changed = tx.execute(
                "UPDATE livelihood_milestones SET state = ?3 WHERE project_id = ?1 AND month = ?2",
                params![project_id, month, state.code()],
            )?;
            if changed == 0 {
                return Err(StoreError::Refused(Refusal::NotFound));
            }
        }
        tx.execute(
            "INSERT INTO livelihood_reviews (id, project_id, review_date, note, recorded_by)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![new_id(), project_id, day(now.date()), note, actor],
        )?;
        let after: Vec<_> = states.iter().map(|(m, s)| json!([m, s.code()])).collect();
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.progress",
                entity: "livelihood_project",
                entity_id: project_id,
                before: None,
                after: Some(json!({ "milestones": after, "note": note })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The year-end judgement (验单): result and satisfaction counts.
    pub fn judge_project(
        &mut self,
        project_id: &str,
        completion: Completion,
        satisfaction: [u32; 3],
        date: NaiveDate,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let changed = tx.execute(
            "UPDATE livelihood_projects SET completion = ?2, satisfied = ?3, basically = ?4,
             unsatisfied = ?5, reviewed_date = ?6 WHERE id = ?1",
            params![
                project_id,
                completion.code(),
                satisfaction[0],
                satisfaction[1],
                satisfaction[2],
                day(date)
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.judge",
                entity: "livelihood_project",
                entity_id: project_id,
                before: None,
                after: Some(json!({
                    "completion": completion.code(), "satisfaction": satisfaction, "date": day(date),
                })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    fn last_review(&self, project_id: &str) -> StoreResult<Option<(NaiveDate, String)>> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT review_date, note FROM livelihood_reviews WHERE project_id = ?1
                 ORDER BY review_date DESC, rowid DESC LIMIT 1",
            )?
            .query_row([project_id], |r| {
                Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
            })
            .optional()?;
        Ok(row.and_then(|(d, note)| parse_day(&d).map(|d| (d, note))))
    }

    fn followups(&self, project_id: &str) -> StoreResult<Vec<FollowUp>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, item, opened_date, closed_date FROM livelihood_followups
             WHERE project_id = ?1 ORDER BY opened_date, rowid",
        )?;
        let rows = stmt
            .query_map([project_id], |r| {
                Ok(FollowUp {
                    id: r.get(0)?,
                    item: r.get(1)?,
                    opened: parse_day(&r.get::<_, String>(2)?).unwrap_or_default(),
                    closed: r.get::<_, Option<String>>(3)?.and_then(|d| parse_day(&d)),
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Opens a 回头看 item on a project the year-end review judged.
    pub fn add_followup(
        &mut self,
        project_id: &str,
        item: &str,
        actor: &str,
        now: NaiveDateTime,
    ) -> StoreResult<String> {
        let id = new_id();
        let tx = self.write_tx()?;
        let judged: bool = tx
            .prepare("SELECT 1 FROM livelihood_projects WHERE id = ?1 AND completion IS NOT NULL")?
            .exists([project_id])?;
        if !judged {
            return Err(StoreError::Refused(Refusal::NotFound));
        }
        tx.execute(
            "INSERT INTO livelihood_followups (id, project_id, item, opened_date) VALUES (?1, ?2, ?3, ?4)",
            params![id, project_id, item, day(now.date())],
        )?;
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.followup",
                entity: "livelihood_project",
                entity_id: project_id,
                before: None,
                after: Some(json!({ "item": item })),
            },
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Closes a 回头看 item: put right, checked.
    pub fn close_followup(&mut self, id: &str, actor: &str, now: NaiveDateTime) -> StoreResult<()> {
        let tx = self.write_tx()?;
        let project: Option<String> = tx
            .query_row(
                "SELECT project_id FROM livelihood_followups WHERE id = ?1 AND closed_date IS NULL",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(project) = project else {
            return Err(StoreError::Refused(Refusal::NotFound));
        };
        tx.execute(
            "UPDATE livelihood_followups SET closed_date = ?2 WHERE id = ?1",
            params![id, day(now.date())],
        )?;
        log(
            &tx,
            now,
            AuditWrite {
                actor,
                action: "livelihood.followup_closed",
                entity: "livelihood_project",
                entity_id: &project,
                before: None,
                after: Some(json!({ "followup": id })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Milestones not done whose month has passed (by the calendar), with
    /// their project: for the home screen and the closing checklist.
    pub fn overdue_milestones(
        &self,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> StoreResult<Vec<DueMilestone>> {
        let mut due = self.milestones_due(calendar, today)?;
        due.retain(|m| m.overdue);
        Ok(due)
    }

    /// Milestones not done that fall due by the end of `today`'s month or
    /// are overdue, soonest first: what the daily digest lists.
    pub fn milestones_due(
        &self,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> StoreResult<Vec<DueMilestone>> {
        use chrono::Datelike;
        let this_month = milestone_due(calendar, today.year(), today.month());
        let mut due = Vec::new();
        for p in self.projects()? {
            for (month, target, state) in &p.milestones {
                let Some(day) = month_due(calendar, month) else {
                    continue;
                };
                if *state == Some(MilestoneState::Done) || day > this_month {
                    continue;
                }
                due.push(DueMilestone {
                    project_id: p.id.clone(),
                    title: p.title.clone(),
                    month: month.clone(),
                    target: target.clone(),
                    due: day,
                    overdue: month_overdue(calendar, month, *state, today),
                });
            }
        }
        due.sort_by(|a, b| (a.due, &a.title).cmp(&(b.due, &b.title)));
        Ok(due)
    }

    /// A period's figures: candidates entered in it, projects chosen by
    /// votes held in it, their milestones' lateness as of `as_of`.
    pub fn livelihood_figures(
        &self,
        period: Period,
        calendar: &Calendar,
        as_of: NaiveDate,
    ) -> StoreResult<Figures> {
        let candidates: i64 = self.conn.query_row(
            "SELECT count(*) FROM livelihood_candidates
             WHERE merged_into IS NULL AND substr(created_at, 1, 10) BETWEEN ?1 AND ?2",
            [day(period.from), day(period.to)],
            |r| r.get(0),
        )?;
        let votes: Vec<String> = self
            .votes()?
            .into_iter()
            .filter(|v| (period.from..=period.to).contains(&v.date))
            .map(|v| v.id)
            .collect();
        let facts: Vec<ProjectFacts> = self
            .projects()?
            .into_iter()
            .filter(|p| votes.contains(&p.vote_id))
            .map(|p| ProjectFacts {
                overdue_milestones: p
                    .milestones
                    .iter()
                    .filter(|(m, _, s)| month_overdue(calendar, m, *s, as_of))
                    .count(),
                completion: p.completion,
                satisfaction: p.satisfaction,
            })
            .collect();
        Ok(figures(candidates as usize, &facts))
    }
}

/// Whether a project of this vote has a plan, milestones or a judgement
/// (its counts are then closed).
fn is_planned(conn: &Connection, vote_id: &str) -> StoreResult<bool> {
    Ok(conn
        .prepare(
            "SELECT 1 FROM livelihood_projects WHERE vote_id = ?1
             AND (lead <> '' OR completion IS NOT NULL
                  OR EXISTS (SELECT 1 FROM livelihood_milestones m WHERE m.project_id = livelihood_projects.id))",
        )?
        .exists([vote_id])?)
}

/// Writes each candidate's counts and verdict, and puts the chosen under
/// supervision afresh (a recount may choose others).
fn write_verdicts(
    conn: &Connection,
    vote_id: &str,
    shortlist: &[BallotRow],
    counts: &[Ballots],
    verdicts: &[Verdict],
    now: NaiveDateTime,
) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM livelihood_supervisors WHERE project_id IN
         (SELECT id FROM livelihood_projects WHERE vote_id = ?1)",
        [vote_id],
    )?;
    conn.execute(
        "DELETE FROM livelihood_projects WHERE vote_id = ?1",
        [vote_id],
    )?;
    for ((row, b), v) in shortlist.iter().zip(counts).zip(verdicts) {
        conn.execute(
            "UPDATE livelihood_ballots SET yes = ?3, no = ?4, abstain = ?5, verdict = ?6
             WHERE vote_id = ?1 AND candidate_id = ?2",
            params![
                vote_id,
                row.candidate_id,
                b.yes,
                b.no,
                b.abstain,
                verdict_code(*v)
            ],
        )?;
        if *v == Verdict::Chosen {
            insert_project(conn, vote_id, &row.candidate_id, now)?;
        }
    }
    Ok(())
}

/// A plan's supervisors and milestones; milestones kept keep their state.
fn write_plan_children(conn: &Connection, project_id: &str, plan: &ProjectPlan) -> StoreResult<()> {
    conn.execute(
        "DELETE FROM livelihood_supervisors WHERE project_id = ?1",
        [project_id],
    )?;
    for deputy in &plan.supervisor_ids {
        conn.execute(
            "INSERT OR IGNORE INTO livelihood_supervisors (project_id, deputy_id) VALUES (?1, ?2)",
            params![project_id, deputy],
        )?;
    }
    let months: Vec<&str> = plan.milestones.iter().map(|(m, _)| m.as_str()).collect();
    conn.execute(
        "DELETE FROM livelihood_milestones WHERE project_id = ?1
         AND month NOT IN (SELECT value FROM json_each(?2))",
        params![project_id, json!(months).to_string()],
    )?;
    for (month, target) in &plan.milestones {
        conn.execute(
            "INSERT INTO livelihood_milestones (project_id, month, target) VALUES (?1, ?2, ?3)
             ON CONFLICT(project_id, month) DO UPDATE SET target = excluded.target",
            params![project_id, month, target],
        )?;
    }
    Ok(())
}

fn insert_project(
    conn: &Connection,
    vote_id: &str,
    candidate_id: &str,
    now: NaiveDateTime,
) -> StoreResult<()> {
    let exists = conn
        .query_row(
            "SELECT id FROM livelihood_projects WHERE candidate_id = ?1",
            [candidate_id],
            |r| r.get::<_, String>(0),
        )
        .optional()?;
    if exists.is_none() {
        conn.execute(
            "INSERT INTO livelihood_projects (id, candidate_id, vote_id, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![new_id(), candidate_id, vote_id, ts(now)],
        )?;
    }
    Ok(())
}
