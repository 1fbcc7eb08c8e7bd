//! Realistic demo data: a roster, departments, and receptions over a span
//! of days with cases in every state, activities and study sessions. It
//! goes through the store's ordinary operations, so it also exercises them.
//! `generate` builds large databases for benchmarks through the bulk loader.

mod livelihood;

use crate::domain::calendar::Calendar;
use crate::domain::case::{CaseStatus, Grade, Satisfaction};
use crate::domain::category::DEFAULT_CATEGORIES;
use crate::domain::choices::{Channel, Gender, NotAcceptedReason, RequestType, Route};
use crate::domain::ids::{CaseId, DepartmentId, DeputyId};
use crate::domain::reception::ValidReception;
use crate::domain::registers::VISIT_KIND;
use crate::store::bulk::{BulkReception, BulkWriter};
use crate::store::{
    CaseUpdate, NewActivity, NewDeputy, NewHousehold, NewStudySession, SaveContext, Store,
    StoreResult, Visit,
};
use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};
use std::path::Path;

/// A small deterministic generator, so the same call makes the same data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 24] = [
    "建国", "秀英", "丽", "强", "敏", "静", "伟", "芳", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀兰", "霞", "平", "刚", "桂英", "玉兰", "德华",
];
pub const DEPUTY_UNITS: [&str; 8] = [
    "城关镇中心小学 校长",
    "城关社区 党支部书记",
    "县人民医院 主治医师",
    "红星农业合作社 理事长",
    "城关镇 个体工商户",
    "县第二中学 教师",
    "新城物业公司 经理",
    "东村 村委会主任",
];
pub const DEPARTMENTS: [(&str, &str); 10] = [
    ("镇政府党政办公室", "刘主任"),
    ("县住房和城乡建设局", "王科长"),
    ("县交通运输局", "陈科长"),
    ("县生态环境局", "李科长"),
    ("县教育局", "赵科长"),
    ("县卫生健康委员会", "孙科长"),
    ("县人力资源和社会保障局", "周科长"),
    ("县民政局", "吴科长"),
    ("县市场监督管理局", "郑科长"),
    ("镇农业农村办公室", "马主任"),
];
const ADDRESSES: [&str; 8] = [
    "城关镇东街社区",
    "城关镇西街社区",
    "城关镇东村",
    "城关镇南村三组",
    "城关镇新城小区",
    "城关镇北关村",
    "城关镇工业园区",
    "城关镇河西村五组",
];

/// What voters say, two ways per category, in category order.
pub const CONTENT: [[&str; 2]; 16] = [
    [
        "小区外墙瓷砖脱落，下雨天有砸伤行人的危险，希望尽快维修。",
        "老旧小区改造后楼道灯不亮，住户晚上上下楼很不方便。",
    ],
    [
        "村口到镇上的公交车一小时才一班，老人看病出行很困难，希望加密班次。",
        "学校门口上下学时段车辆乱停，孩子过马路很危险，建议设置护学岗和减速带。",
    ],
    [
        "东街自来水水压太低，五楼以上经常没水，已经持续一个多月。",
        "路灯坏了三个月，晚上出行很不方便，老人摔倒过两次。",
    ],
    [
        "物业费年年涨，服务却越来越差，垃圾清运不及时，希望业委会换届。",
        "小区电动车充电桩太少，楼道里拉线充电有火灾隐患。",
    ],
    [
        "河边养殖场污水直排，夏天臭味很大，鱼也死了不少。",
        "工业园区一家工厂夜里排放异味，附近居民睡不好觉。",
    ],
    [
        "今年玉米收购价偏低，希望能帮忙联系收购企业。",
        "村里灌溉水渠年久失修，漏水严重，影响春耕用水。",
    ],
    [
        "镇中心小学大班额问题突出，一个班六十多人，希望增加教师。",
        "孩子在外地上学，回来读初中的学籍手续不清楚，想咨询办理流程。",
    ],
    [
        "卫生院晚上没有值班医生，孩子半夜发烧只能去县城。",
        "慢性病门诊报销比例不清楚，药店和卫生院说法不一样。",
    ],
    [
        "在工地干了半年活，老板拖欠工资两万多元，找不到人。",
        "灵活就业人员的养老保险怎么缴纳，希望有人讲解一下。",
    ],
    [
        "家里老人八十多岁，高龄津贴一直没有领到，想问问原因。",
        "希望社区建一个老年食堂，解决独居老人吃饭难的问题。",
    ],
    [
        "邻居在公共楼道堆放杂物，多次沟通无果，希望调解。",
        "菜市场附近晚上有人聚集喝酒喧哗，希望加强巡逻。",
    ],
    [
        "超市卖的散装食品没有生产日期，担心食品安全。",
        "商铺装修占用人行道，行人只能走机动车道。",
    ],
    [
        "镇文化广场晚上跳广场舞音响太大，影响周边居民休息。",
        "希望在村里建一个篮球场，年轻人没有运动的地方。",
    ],
    [
        "个体户办理营业执照跑了好几趟，希望简化手续。",
        "建议镇上引进农产品加工企业，带动群众就业增收。",
    ],
    [
        "办理不动产登记需要的材料太多，各窗口要求不一致。",
        "希望在村里设置便民服务点，老人办事不用跑到镇上。",
    ],
    [
        "感谢代表上次帮忙解决了路灯问题，现在晚上亮堂多了。",
        "想了解一下人大代表联络站平时都做些什么工作。",
    ],
];

pub struct DemoSummary {
    pub days: u32,
    pub receptions: usize,
    pub deputies: usize,
}

pub fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN))
}

pub fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["138", "139", "150", "151", "186", "187", "135", "177"]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

fn at(date: NaiveDate, hour: u32, minute: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or_default())
}

/// Fills an empty database with `days` days of demo data ending at `today`.
/// The longest demo history `demo --days` makes: ten years.
pub const MAX_DAYS: u32 = 3660;

pub fn fill(store: &mut Store, days: u32, today: NaiveDateTime) -> StoreResult<DemoSummary> {
    let mut rng = Rng::new(20_261_110);
    let start = today.date() - Days::new(days as u64);
    let setup_time = at(start, 8, 0);
    if store.station()?.is_none() {
        store.init_station("DEMO", "城关镇人大代表联络站", setup_time)?;
    }
    let deputies = add_roster(store, &mut rng, setup_time)?;
    let households = add_households(store, &deputies, setup_time)?;
    let mut departments = Vec::new();
    for (name, contact) in DEPARTMENTS {
        departments.push(store.add_department(name, contact, "0000-1234567", "", setup_time)?);
    }
    let calendar = Calendar::builtin();
    let categories: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    let mut receptions = 0;
    // Returning voters: the same few people come back now and then.
    let regulars: Vec<(String, String)> = (0..6)
        .map(|_| (person_name(&mut rng), mobile(&mut rng)))
        .collect();
    let activity_days = activity_days(start, today.date(), &calendar);
    let mut activity_rng = Rng::new(20_261_115);
    let mut livelihood = (days >= livelihood::MIN_DAYS)
        .then(|| livelihood::LivelihoodYear::new(start, today.date()));
    // Referred cases whose words make a project: the voters' wishes (点单).
    let mut wishes: Vec<(CaseId, String)> = Vec::new();
    for offset in 0..=days {
        let date = start + Days::new(offset as u64);
        if activity_days.contains(&date) {
            add_activity_and_study(store, &mut activity_rng, date, &deputies, &households)?;
        }
        if let Some(year) = livelihood.as_mut() {
            year.on(store, date, &wishes, &deputies, &calendar)?;
        }
        if !calendar.is_working_day(date) || !rng.chance(45) {
            continue;
        }
        let on_duty: Vec<(DeputyId, String)> = (0..1 + rng.below(2))
            .map(|_| rng.pick(&deputies).clone())
            .collect();
        for (id, _) in &on_duty {
            store.sign_in(id, at(date, 8, 30))?;
        }
        for visit in 0..rng.below(6) {
            let now = at(date, 9 + visit as u32, rng.below(60) as u32);
            let mut reception = random_reception(&mut rng, &categories, &departments, &regulars);
            // Some come by letter, received a few days before they are registered.
            if rng.chance(6) {
                reception.channel = Channel::Letter;
                reception.letter_received = date.checked_sub_days(Days::new(1 + rng.below(4)));
            }
            let ids: Vec<DeputyId> = on_duty.iter().map(|(id, _)| id.clone()).collect();
            let saved = store.save_reception(
                &reception,
                &SaveContext {
                    deputy_ids: &ids,
                    recorder: &on_duty[0].1,
                    now,
                    calendar: &calendar,
                    draft_id: None,
                },
            )?;
            receptions += 1;
            let wished = wishes.iter().any(|(_, c)| *c == reception.content);
            let referred = matches!(
                reception.route,
                Route::Assign | Route::Transfer | Route::Suggestion
            );
            if referred && !wished && livelihood::wish_title(&reception.content).is_some() {
                wishes.push((saved.case_id.clone(), reception.content.clone()));
            }
            if saved.status == CaseStatus::InProgress {
                progress_case(store, &mut rng, &saved.case_id, now, today, &departments)?;
            } else if saved.status == CaseStatus::Closed
                && (today.date() - date).num_days() > 60
                && rng.chance(50)
            {
                let state = store.case_state(&saved.case_id)?;
                let archive_no = format!("DA-{}", date.format("%Y%m"));
                store.transition(
                    &saved.case_id,
                    state.version,
                    &CaseUpdate::Archive { archive_no },
                    "",
                    at(date, 17, 0),
                )?;
            }
        }
        for (id, _) in &on_duty {
            store.sign_out(id, at(date, 17, 30))?;
        }
    }
    Ok(DemoSummary {
        days,
        receptions,
        deputies: deputies.len(),
    })
}

/// Twenty deputies with every column of the roster filled in.
fn add_roster(
    store: &mut Store,
    rng: &mut Rng,
    at: NaiveDateTime,
) -> StoreResult<Vec<(DeputyId, String)>> {
    let mut deputies = Vec::new();
    let mut names: Vec<String> = Vec::new();
    while names.len() < 20 {
        let name = person_name(rng);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    for (i, name) in names.into_iter().enumerate() {
        let d = NewDeputy {
            name,
            gender: if i % 3 == 0 {
                Gender::Female
            } else {
                Gender::Male
            }
            .code()
            .into(),
            ethnicity: if i % 7 == 3 { "回族" } else { "汉族" }.into(),
            birth_month: format!("{}-{:02}", 1960 + (i * 7) % 30, i % 12 + 1),
            political: ["中共党员", "群众", "民盟盟员", "中共党员"][i % 4].into(),
            level: ["县", "乡镇", "市"][i % 3].into(),
            constituency: format!("第{}选区", i % 6 + 1),
            unit_post: rng.pick(&DEPUTY_UNITS).to_string(),
            group_name: format!("第{}代表小组", i % 4 + 1),
            phone: mobile(rng),
            term: "2021-2026".into(),
        };
        deputies.push((store.add_deputy(&d, "", at)?, d.name));
    }
    Ok(deputies)
}

/// One voter's visit with realistic content, route and contact details.
pub fn random_reception(
    rng: &mut Rng,
    categories: &[String],
    departments: &[DepartmentId],
    regulars: &[(String, String)],
) -> ValidReception {
    let category_index = rng.below(categories.len() as u64) as usize;
    let content = rng.pick(&CONTENT[category_index]).to_string();
    let anonymous = rng.chance(15);
    let (name, phone) = if rng.chance(10) {
        let (n, p) = rng.pick(regulars).clone();
        (Some(n), Some(p))
    } else {
        (
            (!anonymous).then(|| person_name(rng)),
            rng.chance(70).then(|| mobile(rng)),
        )
    };
    let route = match rng.below(100) {
        0..=34 => Route::OnSpot,
        35..=59 => Route::Assign,
        60..=79 => Route::Transfer,
        80..=84 => Route::Suggestion,
        _ => Route::NotAccepted,
    };
    let group_size = if rng.chance(85) {
        1
    } else {
        2 + rng.below(10) as i64
    };
    ValidReception {
        visitor_name: name,
        gender: *rng.pick(&[Gender::Male, Gender::Female, Gender::Unstated]),
        phone,
        id_number: None,
        address: rng.pick(&ADDRESSES).to_string(),
        group_size,
        channel: *rng.pick(&[
            Channel::InStation,
            Channel::InStation,
            Channel::InStation,
            Channel::Visit,
            Channel::Phone,
            Channel::Online,
        ]),
        letter_received: None,
        confidential: rng.chance(5),
        category: categories[category_index].clone(),
        request_type: *rng.pick(RequestType::ALL),
        content,
        route,
        on_spot_reply: if route == Route::OnSpot {
            "已当场解释相关政策，来访人表示理解。".into()
        } else {
            String::new()
        },
        department_id: route
            .needs_department()
            .then(|| rng.pick(departments).clone()),
        deadline_days: route.needs_department().then_some(15),
        not_accepted_reason: (route == Route::NotAccepted)
            .then(|| *rng.pick(NotAcceptedReason::ALL)),
        guidance: if route == Route::NotAccepted {
            "已告知来访人向有关部门或人民法院反映。".into()
        } else {
            String::new()
        },
        remarks: String::new(),
        linked_case_id: None,
    }
}

/// Moves a case one step, `days` after the last, unless that is in the future.
fn advance(
    store: &mut Store,
    case_id: &CaseId,
    when: &mut NaiveDateTime,
    today: NaiveDateTime,
    days: i64,
    update: impl FnOnce(NaiveDate) -> CaseUpdate,
) -> StoreResult<bool> {
    let next = *when + chrono::Duration::days(days);
    if next > today {
        return Ok(false);
    }
    *when = next;
    let state = store.case_state(case_id)?;
    store.transition(case_id, state.version, &update(next.date()), "秘书", next)?;
    Ok(true)
}

/// Moves a referred case along its life as far as its age allows.
fn progress_case(
    store: &mut Store,
    rng: &mut Rng,
    case_id: &CaseId,
    opened: NaiveDateTime,
    today: NaiveDateTime,
    departments: &[DepartmentId],
) -> StoreResult<()> {
    let mut when = opened;
    let w = &mut when;
    if rng.chance(20) {
        let chase = |_| CaseUpdate::Supervise {
            level: "催办".into(),
            note: "电话催办".into(),
        };
        if !advance(store, case_id, w, today, 8, chase)? {
            return Ok(());
        }
    }
    if rng.chance(5) {
        let department_id = rng.pick(departments).clone();
        let reassign = |d: NaiveDate| CaseUpdate::ReturnAndReassign {
            department_id,
            reason: "不属于本单位职责".into(),
            deadline: d + Days::new(21),
        };
        if !advance(store, case_id, w, today, 3, reassign)? {
            return Ok(());
        }
    }
    // A share of cases stays open (and some of those go overdue).
    if rng.chance(15) {
        return Ok(());
    }
    let grade = *rng.pick(&[
        Grade::A,
        Grade::A,
        Grade::A,
        Grade::B,
        Grade::B,
        Grade::C,
        Grade::D,
    ]);
    let reply = |date| CaseUpdate::Reply {
        grade,
        text: "已安排专人现场查看，制定整改方案并落实。".into(),
        date,
    };
    if !advance(store, case_id, w, today, 12, reply)? {
        return Ok(());
    }
    let feedback = |date| CaseUpdate::FeedBack {
        date,
        way: "电话".into(),
    };
    if !advance(store, case_id, w, today, 2, feedback)? || rng.chance(10) {
        return Ok(());
    }
    let satisfaction = *rng.pick(&[
        Satisfaction::Satisfied,
        Satisfaction::Satisfied,
        Satisfaction::Satisfied,
        Satisfaction::BasicallySatisfied,
        Satisfaction::Dissatisfied,
    ]);
    advance(store, case_id, w, today, 3, |_| CaseUpdate::CallBack {
        satisfaction,
    })?;
    Ok(())
}

/// The days that get an activity and a study session: one in every month
/// of the range, on the first working day from the 15th (or the month's
/// first working day in the range when the range misses the 15th), as a
/// real station keeps them, so that no register is empty.
fn activity_days(start: NaiveDate, end: NaiveDate, calendar: &Calendar) -> Vec<NaiveDate> {
    let working: Vec<NaiveDate> = start
        .iter_days()
        .take_while(|d| *d <= end)
        .filter(|d| calendar.is_working_day(*d))
        .collect();
    working
        .chunk_by(|a, b| (a.year(), a.month()) == (b.year(), b.month()))
        .filter_map(|month| month.iter().find(|d| d.day() >= 15).or(month.first()))
        .copied()
        .collect()
}

const VILLAGES: [&str; 4] = ["东关村", "西河村", "南坪社区", "北岗村"];
const HOUSEHOLD_HEADS: [&str; 8] = [
    "赵德顺",
    "钱桂兰",
    "孙有福",
    "李春花",
    "周永年",
    "吴秀珍",
    "郑满仓",
    "王凤英",
];

/// 联系对象: the first twelve deputies keep four households each.
/// Returns (deputy id, household id).
fn add_households(
    store: &mut Store,
    deputies: &[(DeputyId, String)],
    at: NaiveDateTime,
) -> StoreResult<Vec<(DeputyId, String)>> {
    let mut out = Vec::new();
    for (i, (deputy, _)) in deputies.iter().take(12).enumerate() {
        for k in 0..4 {
            let h = NewHousehold {
                deputy_id: deputy.to_string(),
                village: VILLAGES[i % VILLAGES.len()].into(),
                head: HOUSEHOLD_HEADS[(i + k * 3) % HOUSEHOLD_HEADS.len()].into(),
                phone: format!("1390{:03}{:04}", i, 1000 + k * 7),
                note: if k == 0 {
                    "独居老人".into()
                } else {
                    String::new()
                },
            };
            out.push((deputy.clone(), store.add_household(&h, "", at)?));
        }
    }
    Ok(out)
}

fn add_activity_and_study(
    store: &mut Store,
    rng: &mut Rng,
    date: NaiveDate,
    deputies: &[(DeputyId, String)],
    households: &[(DeputyId, String)],
) -> StoreResult<()> {
    let kinds = [
        "视察",
        "专题调研",
        "执法检查",
        "代表小组活动",
        "座谈",
        "走访选民",
    ];
    let topics = [
        "农村人居环境整治",
        "义务教育均衡发展",
        "养老服务体系建设",
        "食品安全",
        "营商环境",
        "河道治理",
    ];
    let participants: Vec<String> = (0..3 + rng.below(4))
        .map(|_| rng.pick(deputies).0.to_string())
        .collect();
    let kind = rng.pick(&kinds).to_string();
    // A visit is made by deputies with contact households, and reaches
    // some of theirs and others.
    let mut participants = participants;
    if kind == VISIT_KIND && !households.is_empty() {
        participants = (0..1 + rng.below(2))
            .map(|_| rng.pick(households).0.to_string())
            .collect();
    }
    let visit = (kind == VISIT_KIND).then(|| {
        let contacts: Vec<String> = households
            .iter()
            .filter(|(deputy, _)| participants.iter().any(|p| p == deputy.as_str()))
            .filter(|_| rng.chance(60))
            .map(|(_, id)| id.clone())
            .collect();
        Visit {
            households: contacts.len() as u32 + 4 + rng.below(12) as u32,
            contacts,
        }
    });
    store.add_activity(
        &NewActivity {
            date: Some(date),
            kind,
            topic: rng.pick(&topics).to_string(),
            place: "城关镇".into(),
            organiser: "镇人大主席团".into(),
            outcome: "形成调研报告一份，提出建议三条。".into(),
            participants,
            meeting: None,
            projects: Vec::new(),
            visit,
        },
        "秘书",
        at(date, 16, 0),
    )?;
    let attendance = deputies
        .iter()
        .map(|(id, _)| {
            let present = rng.chance(85);
            (
                id.to_string(),
                present,
                if present {
                    String::new()
                } else {
                    "因公请假".into()
                },
            )
        })
        .collect();
    store.add_study_session(
        &NewStudySession {
            date: Some(date),
            topic: "学习《代表法》及履职要求".into(),
            form: rng
                .pick(&["集中学习", "专题辅导", "以会代训", "线上"])
                .to_string(),
            speaker: "县人大常委会代表工委".into(),
            hours: 2.0,
            attendance,
        },
        "秘书",
        at(date, 14, 0),
    )?;
    Ok(())
}

/// The day the generated history ends.
pub fn generated_today() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 10)
        .unwrap()
        .and_hms_opt(17, 0, 0)
        .unwrap()
}

/// Where a generated case has got to, kept to the case life's rules.
struct Outcome {
    status: CaseStatus,
    grade: Option<&'static str>,
    callback: Option<&'static str>,
    /// Working days from intake to the department's reply, if it replied.
    reply_after: Option<u64>,
}

/// Where a case of this age has got to: most referrals replied within the
/// 15 working days, some late, a few never; replies fed back and called
/// back over the following weeks.
fn outcome(rng: &mut Rng, route: Route, age_days: i64) -> Outcome {
    let closed = |status| Outcome {
        status,
        grade: None,
        callback: None,
        reply_after: None,
    };
    if matches!(route, Route::OnSpot | Route::NotAccepted) {
        return closed(CaseStatus::Closed);
    }
    if rng.chance(3) {
        return closed(CaseStatus::InProgress);
    }
    let reply_after = if rng.chance(85) {
        3 + rng.below(12)
    } else {
        16 + rng.below(20)
    };
    let grade = *rng.pick(&["A", "A", "A", "B", "B", "C", "D"]);
    // Calendar days the steps after the reply take, at most.
    let (status, callback) = match (age_days - reply_after as i64 * 7 / 5, rng.below(10)) {
        (waited, _) if waited < 0 => return closed(CaseStatus::InProgress),
        (waited, _) if waited < 3 => (CaseStatus::Replied, None),
        (waited, _) if waited < 10 => (CaseStatus::FedBack, None),
        (_, 0) => (CaseStatus::Replied, None),
        (_, 1) => (CaseStatus::FedBack, None),
        _ => {
            let callback =
                *rng.pick(&["satisfied", "satisfied", "satisfied", "basically_satisfied"]);
            let status = if age_days > 365 {
                CaseStatus::Archived
            } else {
                CaseStatus::Closed
            };
            (status, Some(callback))
        }
    };
    Outcome {
        status,
        grade: Some(grade),
        callback,
        reply_after: Some(reply_after),
    }
}

/// What a department wrote back.
const REPLIES: [&str; 4] = [
    "已现场核实，问题已处理，并电话告知来访人。",
    "已列入本季度整改计划，预计月底前完成。",
    "经协调相关单位，已按政策答复来访人。",
    "已派人维修，来访人表示认可。",
];

/// Builds a large generated database at `path` (which must not exist):
/// `cases` receptions over `years` years at `stations` stations with 20
/// deputies each. Returns how many receptions were written.
pub fn generate(path: &Path, cases: usize, stations: usize, years: u32) -> StoreResult<usize> {
    generate_numbered(path, cases, stations, years, 1)
}

/// The same, its stations numbered from `first` (S01, S02… or S31…), so
/// that separately generated files are different stations to a hub.
pub fn generate_numbered(
    path: &Path,
    cases: usize,
    stations: usize,
    years: u32,
    first: usize,
) -> StoreResult<usize> {
    let mut rng = Rng::new(7);
    let mut w = BulkWriter::create(path)?;
    let end = generated_today();
    let start =
        NaiveDate::from_ymd_opt(end.year() - years as i32, end.month(), 1).unwrap_or(end.date());
    let calendar = Calendar::builtin();
    let working_days = start
        .iter_days()
        .take_while(|d| *d <= end.date())
        .filter(|d| calendar.is_working_day(*d))
        .count();
    // A hair over the exact share, so rounding never leaves the total short.
    let per_day = cases as f64 / (working_days * stations).max(1) as f64 * 1.001;
    let categories: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    let mut departments = Vec::new();
    for (name, _) in DEPARTMENTS {
        departments.push(w.department(name, end)?);
    }
    let regulars: Vec<(String, String)> = (0..2000)
        .map(|_| (person_name(&mut rng), mobile(&mut rng)))
        .collect();
    let mut all = Vec::new();
    for i in 0..stations {
        let code = format!("S{:02}", first + i);
        let id = w.station(&code, &format!("第{}联络站", first + i), end)?;
        let mut deputies = Vec::new();
        for _ in 0..20 {
            let name = person_name(&mut rng);
            let unit = rng.pick(&DEPUTY_UNITS).to_string();
            deputies.push((w.deputy(&id, &name, &unit, end)?, name));
        }
        all.push((id, code, deputies));
    }
    let mut written = 0usize;
    let mut carry = vec![0.0f64; stations];
    for date in start.iter_days().take_while(|d| *d <= end.date()) {
        if !calendar.is_working_day(date) {
            continue;
        }
        let age = (end.date() - date).num_days();
        for (s, (station_id, code, deputies)) in all.iter().enumerate() {
            carry[s] += per_day;
            let count = carry[s].floor() as u32;
            carry[s] -= count as f64;
            for seq in 1..=count {
                if written >= cases {
                    break;
                }
                let mut r = random_reception(&mut rng, &categories, &departments, &regulars);
                // Longer accounts: one to three sentences of the category.
                let index = categories
                    .iter()
                    .position(|c| *c == r.category)
                    .unwrap_or(0);
                for _ in 0..rng.below(3) {
                    let extra: &&str = rng.pick(&CONTENT[index][..]);
                    r.content.push_str(extra);
                }
                let on_duty = [deputies[rng.below(20) as usize].0.clone()];
                let plan = outcome(&mut rng, r.route, age);
                let deadline = match r.route {
                    Route::Assign | Route::Transfer => Some(calendar.add_working_days(date, 15)),
                    Route::Suggestion => Some(Calendar::add_months(date, 3)),
                    _ => None,
                };
                // Never a step after the day the data is as of.
                let replied = plan
                    .reply_after
                    .map(|n| calendar.add_working_days(date, n as u32).min(end.date()));
                let fed_back = replied
                    .filter(|_| plan.status != CaseStatus::Replied)
                    .map(|d| (d + Days::new(2)).min(end.date()));
                let closed = match plan.status {
                    CaseStatus::Closed | CaseStatus::Archived => {
                        Some(fed_back.map_or(date, |d| (d + Days::new(5)).min(end.date())))
                    }
                    _ => None,
                };
                let at = date
                    .and_hms_opt(9 + seq % 8, seq % 60, 0)
                    .unwrap_or_default();
                w.reception(&BulkReception {
                    station_id,
                    station_code: code,
                    seq,
                    at,
                    reception: &r,
                    deputy_ids: &on_duty,
                    recorder: &deputies[0].1,
                    status: plan.status,
                    deadline,
                    grade: plan.grade,
                    callback: plan.callback,
                    closed,
                    reply: replied.map(|d| (d, *rng.pick(&REPLIES))),
                    fed_back,
                })?;
                written += 1;
            }
            if date.day() == 15 {
                let ids: Vec<String> = deputies.iter().take(5).map(|d| d.0.to_string()).collect();
                w.activity(station_id, date, "视察", "农村人居环境整治", &ids)?;
                let attendance: Vec<(String, bool)> = deputies
                    .iter()
                    .map(|d| (d.0.to_string(), rng.chance(85)))
                    .collect();
                w.study(station_id, date, "学习《代表法》", &attendance)?;
            }
        }
    }
    w.finish(written, end)?;
    Ok(written)
}
