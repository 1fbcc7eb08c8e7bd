//! A year of 民生实事 in the demo: candidates from the voters' cases and
//! from door-to-door visits, one vote of 86 deputies choosing five, plans
//! with monthly milestones, a review every two months (one project late,
//! one blocked) with the supervisors' site inspection, two 约见 about the
//! troubled projects, the judgement of the three finished and their 回头看.
//! Each step runs on its own day, so the log stays in time order.

use super::{DEPARTMENTS, Rng, at};
use crate::domain::calendar::Calendar;
use crate::domain::ids::{CaseId, DeputyId};
use crate::domain::livelihood::{
    Ballots, CandidateSource, Completion, MilestoneState, NewCandidate, NewVote, month_due,
    propose_shortlist, shortlist_size,
};
use crate::domain::registers::MEETING_KIND;
use crate::store::{Meeting, NewActivity, ProjectPlan, Store, StoreResult};
use chrono::{Datelike, Days, Months, NaiveDate};

/// Shorter demos have no room for a cycle from wishes to judgement.
pub const MIN_DAYS: u32 = 150;

const DIRECT: [(&str, &str, &str); 8] = [
    (
        "老旧小区加装电梯",
        "城关镇东关社区",
        "为六层以下无电梯的老旧住宅加装电梯，方便老人出行。",
    ),
    (
        "背街小巷路灯改造",
        "城关镇西街",
        "更换和增设背街小巷路灯，解决夜间出行照明不足。",
    ),
    (
        "社区老年食堂",
        "城关镇南关社区",
        "建设社区老年食堂，为高龄和独居老人提供助餐服务。",
    ),
    (
        "农贸市场提升改造",
        "城关镇农贸市场",
        "改造市场排水和摊位，规范周边停车秩序。",
    ),
    (
        "中心小学门口交通安全设施",
        "城关镇中心小学",
        "增设减速带、护栏和接送等候区，保障学生上下学安全。",
    ),
    (
        "河道沿岸健身步道",
        "城关镇滨河路",
        "沿河道修建健身步道和休息座椅。",
    ),
    (
        "农村饮水管网延伸",
        "城关镇北庄村",
        "将自来水管网延伸到北庄村三个自然组。",
    ),
    (
        "口袋公园建设",
        "城关镇新华路",
        "利用闲置空地建设口袋公园，增加居民休闲空间。",
    ),
];

/// Voters' words (as the demo's receptions say them) that make a project,
/// with the project's title.
const WISHES: [(&str, &str); 7] = [
    (
        "老旧小区改造后楼道灯不亮，住户晚上上下楼很不方便。",
        "老旧小区楼道照明改造",
    ),
    (
        "村口到镇上的公交车一小时才一班，老人看病出行很困难，希望加密班次。",
        "城乡公交加密班次",
    ),
    (
        "东街自来水水压太低，五楼以上经常没水，已经持续一个多月。",
        "东街供水管网改造",
    ),
    (
        "小区电动车充电桩太少，楼道里拉线充电有火灾隐患。",
        "小区电动车集中充电设施",
    ),
    (
        "村里灌溉水渠年久失修，漏水严重，影响春耕用水。",
        "农田灌溉水渠修缮",
    ),
    (
        "卫生院晚上没有值班医生，孩子半夜发烧只能去县城。",
        "镇卫生院夜间门诊",
    ),
    (
        "希望在村里建一个篮球场，年轻人没有运动的地方。",
        "村级篮球场建设",
    ),
];

/// The project a voter's words would make, if any.
pub fn wish_title(content: &str) -> Option<&'static str> {
    WISHES.iter().find(|(c, _)| *c == content).map(|(_, t)| *t)
}

/// 赞成 / 反对 / 弃权 of the shortlist, in its order: five with a
/// majority of the 86 present, one outranked, one without a majority.
const COUNTS: [(u32, u32, u32); 7] = [
    (80, 4, 2),
    (75, 6, 5),
    (70, 10, 6),
    (66, 12, 8),
    (60, 20, 6),
    (52, 30, 4),
    (40, 40, 6),
];

const LEADS: [&str; 5] = ["王副镇长", "李副镇长", "张副镇长", "刘副书记", "陈副镇长"];

/// The cycle's days, fixed from the demo's span.
pub struct LivelihoodYear {
    candidates_until: NaiveDate,
    vote: NaiveDate,
    plan: NaiveDate,
    judged: NaiveDate,
    today: NaiveDate,
    rng: Rng,
    /// The 回头看 item put right two days before the demo's end.
    followup: Option<String>,
}

impl LivelihoodYear {
    pub fn new(start: NaiveDate, today: NaiveDate) -> Self {
        Self {
            candidates_until: start + Days::new(40),
            vote: start + Days::new(50),
            plan: start + Days::new(57),
            judged: today - Days::new(10),
            today,
            rng: Rng::new(20_261_120),
            followup: None,
        }
    }

    /// Does what falls on `date`. `cases` are the voters' cases so far
    /// whose words make a project (case id, content; see `wish_title`).
    pub fn on(
        &mut self,
        store: &mut Store,
        date: NaiveDate,
        cases: &[(CaseId, String)],
        deputies: &[(DeputyId, String)],
        calendar: &Calendar,
    ) -> StoreResult<()> {
        if date == self.candidates_until {
            self.add_candidates(store, date, cases)?;
        }
        if date == self.vote {
            self.hold_vote(store, date, deputies)?;
        }
        if date == self.plan {
            self.plan_projects(store, date, deputies)?;
        }
        if date > self.plan && date < self.judged && (date - self.plan).num_days() % 61 == 0 {
            self.inspect(store, date)?;
            self.review(store, date, 15, calendar)?;
        }
        for (k, days) in [70u64, 130].into_iter().enumerate() {
            if date == self.plan + Days::new(days) && date < self.judged {
                meet_about(store, date, k)?;
            }
        }
        if date == self.judged {
            // The last review, in the morning of the year-end review meeting.
            self.review(store, date, 9, calendar)?;
            self.judge(store, date)?;
        }
        if date == self.today - Days::new(2) {
            if let Some(item) = self.followup.take() {
                store.close_followup(&item, "秘书", at(date, 16, 0))?;
            }
        }
        Ok(())
    }

    fn add_candidates(
        &mut self,
        store: &mut Store,
        date: NaiveDate,
        cases: &[(CaseId, String)],
    ) -> StoreResult<()> {
        let when = at(date, 15, 0);
        // Up to four wishes the voters brought to the station, linked to their cases.
        for (case_id, content) in cases.iter().take(4) {
            let candidate = NewCandidate {
                title: wish_title(content).unwrap_or_default().to_string(),
                place: "城关镇".into(),
                content: content.clone(),
                cost_cents: Some(2_000 + self.rng.below(20) as i64 * 500),
                source: CandidateSource::Cases,
                case_ids: vec![case_id.clone()],
            };
            store.add_candidate(&candidate, "秘书", when)?;
        }
        for (i, (title, place, content)) in DIRECT.iter().enumerate() {
            let candidate = NewCandidate {
                title: title.to_string(),
                place: place.to_string(),
                content: content.to_string(),
                cost_cents: Some(5_000 + i as i64 * 2_500),
                source: [CandidateSource::Visits, CandidateSource::Grid][i % 2],
                case_ids: vec![],
            };
            store.add_candidate(&candidate, "秘书", when)?;
        }
        Ok(())
    }

    fn hold_vote(
        &mut self,
        store: &mut Store,
        date: NaiveDate,
        deputies: &[(DeputyId, String)],
    ) -> StoreResult<()> {
        let all = store.candidates()?;
        let ratio = store.settings()?.shortlist_ratio_percent;
        let Some(size) = shortlist_size(5, ratio, all.len()) else {
            return Ok(());
        };
        let weighed: Vec<_> = all.iter().map(|c| c.weighed()).collect();
        let shortlist = propose_shortlist(&weighed, size);
        let vote = NewVote {
            meeting: format!("城关镇第十八届人民代表大会第{}次会议", date.year() - 2020),
            date,
            present: 86,
            to_choose: 5,
            present_ids: deputies.iter().map(|(id, _)| id.to_string()).collect(),
        };
        let when = at(date, 10, 0);
        let id = store.create_vote(&vote, &shortlist, "秘书", when)?;
        let counts: Vec<Ballots> = COUNTS
            .iter()
            .cycle()
            .take(shortlist.len())
            .map(|&(yes, no, abstain)| Ballots { yes, no, abstain })
            .collect();
        store.record_ballots(&id, &counts, "秘书", at(date, 11, 30))?;
        Ok(())
    }

    /// Months from the one after the plan to the one before the judgement's.
    fn months(&self) -> Vec<NaiveDate> {
        let first = |d: NaiveDate| d.with_day(1).unwrap_or(d);
        let mut month = first(self.plan) + Months::new(1);
        let last = first(self.judged) - Months::new(1);
        let mut months = Vec::new();
        while month <= last {
            months.push(month);
            month = month + Months::new(1);
        }
        months
    }

    fn plan_projects(
        &mut self,
        store: &mut Store,
        date: NaiveDate,
        deputies: &[(DeputyId, String)],
    ) -> StoreResult<()> {
        let months = self.months();
        let steps = [
            "完成立项和设计",
            "完成招标",
            "开工建设",
            "完成主体工程",
            "完成验收",
        ];
        for (i, p) in store.projects()?.iter().enumerate() {
            // Every other month a milestone, the last one the acceptance.
            let picked: Vec<&NaiveDate> = months.iter().step_by(2).take(steps.len()).collect();
            let milestones = picked
                .iter()
                .enumerate()
                .map(|(k, m)| {
                    let step = if k + 1 == picked.len() {
                        steps[4]
                    } else {
                        steps[k.min(3)]
                    };
                    (m.format("%Y-%m").to_string(), step.to_string())
                })
                .collect();
            let plan = ProjectPlan {
                lead: LEADS[i % LEADS.len()].into(),
                department: department_for(&p.title).into(),
                budget_cents: Some(10_000 + i as i64 * 4_000),
                target: format!("{}年内建成并投入使用", self.today.year()),
                deadline: Some(self.judged - Days::new(15)),
                supervisor_ids: (0..2)
                    .map(|k| deputies[(i * 2 + k) % deputies.len()].0.to_string())
                    .collect(),
                milestones,
            };
            store.plan_project(&p.id, &plan, "秘书", at(date, 16, 0))?;
        }
        Ok(())
    }

    /// The supervisors look at every project on site before a review.
    fn inspect(&mut self, store: &mut Store, date: NaiveDate) -> StoreResult<()> {
        let projects = store.projects()?;
        let mut participants: Vec<String> = projects
            .iter()
            .flat_map(|p| p.supervisors.iter().map(|(id, _)| id.clone()))
            .collect();
        participants.sort();
        participants.dedup();
        let inspection = NewActivity {
            date: Some(date),
            kind: "视察".into(),
            topic: "民生实事项目现场察看".into(),
            place: "各项目现场".into(),
            organiser: "镇人大主席团".into(),
            outcome: "逐项察看进度，对滞后项目提出督办意见。".into(),
            participants,
            projects: projects.iter().map(|p| p.id.clone()).collect(),
            ..Default::default()
        };
        store.add_activity(&inspection, "秘书", at(date, 10, 0))?;
        Ok(())
    }

    /// 调度: milestones due by now are done, except the second project's
    /// latest (still "on time", so overdue by the calendar) and the fourth
    /// project's, which is blocked.
    fn review(
        &mut self,
        store: &mut Store,
        date: NaiveDate,
        hour: u32,
        calendar: &Calendar,
    ) -> StoreResult<()> {
        for (i, p) in store.projects()?.iter().enumerate() {
            let due: Vec<&String> = p
                .milestones
                .iter()
                .map(|(month, _, _)| month)
                .filter(|month| due_by(calendar, month) <= date)
                .collect();
            let states: Vec<(String, MilestoneState)> = due
                .iter()
                .enumerate()
                .map(|(k, month)| {
                    let last = k + 1 == due.len();
                    let state = match i {
                        1 if last => MilestoneState::OnTime,
                        3 if last => MilestoneState::Blocked,
                        _ => MilestoneState::Done,
                    };
                    (month.to_string(), state)
                })
                .collect();
            let note = match i {
                1 => "施工单位进场推迟，已督促倒排工期、加派人手。",
                3 => "用地手续未办结，建议县自然资源局加快审批。",
                _ => "按计划推进。",
            };
            store.record_progress(&p.id, &states, note, "秘书", at(date, hour, i as u32))?;
        }
        Ok(())
    }

    /// 验单 of the three projects finished; 回头看 on the first.
    fn judge(&mut self, store: &mut Store, date: NaiveDate) -> StoreResult<()> {
        let projects = store.projects()?;
        for (i, p) in projects
            .iter()
            .enumerate()
            .filter(|(i, _)| [0, 2, 4].contains(i))
        {
            let satisfaction = [62 + i as u32, 18, 6 - i as u32];
            let when = at(date, 10, i as u32);
            store.judge_project(
                &p.id,
                Completion::Completed,
                satisfaction,
                date,
                "秘书",
                when,
            )?;
        }
        if let Some(first) = projects.first() {
            let when = at(date, 16, 0);
            let fixed = store.add_followup(&first.id, "部分设施标识不清，需补设", "秘书", when)?;
            store.add_followup(&first.id, "后续管护责任单位尚未明确", "秘书", when)?;
            self.followup = Some(fixed);
        }
        Ok(())
    }
}

/// The department a project of this title would fall to.
/// A 约见 about the late (second) or the blocked (fourth) project, by its
/// supervisors: the town head, then the land bureau's director.
fn meet_about(store: &mut Store, date: NaiveDate, which: usize) -> StoreResult<()> {
    let projects = store.projects()?;
    let Some(p) = projects.get(if which == 0 { 1 } else { 3 }) else {
        return Ok(());
    };
    let (person, office, topics, answers, follow_up) = if which == 0 {
        (
            "周镇长",
            "城关镇人民政府镇长",
            "施工单位进场推迟，工期滞后一个月。",
            "镇政府已约谈施工单位，承诺加派人手、倒排工期。",
            "下次调度时核实进度。",
        )
    } else {
        (
            "吴局长",
            "县自然资源局局长",
            "项目用地手续迟迟未办结，影响开工。",
            "已开通绿色通道，本月内办结。",
            "月底前电话回访办理结果。",
        )
    };
    let meeting = NewActivity {
        date: Some(date),
        kind: MEETING_KIND.into(),
        topic: format!("约见{person}谈“{}”推进", p.title),
        place: "镇人大办公室".into(),
        organiser: "镇人大主席团".into(),
        participants: p.supervisors.iter().map(|(id, _)| id.clone()).collect(),
        meeting: Some(Meeting {
            person: person.into(),
            office: office.into(),
            topics: topics.into(),
            answers: answers.into(),
            follow_up: follow_up.into(),
        }),
        projects: vec![p.id.clone()],
        ..Default::default()
    };
    store.add_activity(&meeting, "秘书", at(date, 15, 30))?;
    Ok(())
}

fn department_for(title: &str) -> &'static str {
    let by_word = [
        ("公交", "县交通运输局"),
        ("交通", "县交通运输局"),
        ("水渠", "镇农业农村办公室"),
        ("饮水", "镇农业农村办公室"),
        ("卫生院", "县卫生健康委员会"),
        ("食堂", "县民政局"),
        ("市场", "县市场监督管理局"),
        ("河道", "县生态环境局"),
    ];
    by_word
        .iter()
        .find(|(word, _)| title.contains(word))
        .map_or(DEPARTMENTS[1].0, |(_, department)| department)
}

/// The day a milestone of `month` ("YYYY-MM") falls due.
fn due_by(calendar: &Calendar, month: &str) -> NaiveDate {
    month_due(calendar, month).unwrap_or(NaiveDate::MAX)
}
