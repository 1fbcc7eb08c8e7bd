//! 民生实事 in the real binary in a pseudo-terminal: a voter's case
//! proposed as a candidate, the vote counted, the chosen project planned
//! and judged at the year's end; the database checked afterwards.

mod common;

use common::pty::{self, CTRL_S, ENTER, ESC, RIGHT, TAB};
use common::{now, referral, save, station};
use liaison_desk::domain::livelihood::{CandidateSource, Completion, NewCandidate};
use liaison_desk::domain::roles::Role;
use liaison_desk::store::Store;

/// A station with one referred case and six candidates from visits.
fn prepared() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    liaison_desk::domain::ids::CaseId,
) {
    let mut fx = station();
    let case = referral(&fx, 0);
    let saved = save(&mut fx, &case, now());
    for title in [
        "口袋公园",
        "背街小巷路灯",
        "社区食堂",
        "停车棚改造",
        "健身步道",
        "村篮球场",
    ] {
        let c = NewCandidate {
            title: title.into(),
            place: String::new(),
            content: format!("{title}，走访中群众提出。"),
            cost_cents: None,
            source: CandidateSource::Visits,
            case_ids: vec![],
        };
        fx.store.add_candidate(&c, "秘书", now()).unwrap();
    }
    common::add_users(&mut fx.store);
    let common::Fixture { dir, store, .. } = fx;
    let db = store.path().to_path_buf();
    drop(store);
    (dir, db, saved.case_id)
}

#[test]
fn from_a_voters_case_to_the_year_end_judgement() {
    let (dir, db, case_id) = prepared();
    let mut s = pty::Session::spawn(dir.path(), &db, (80, 24), &[], &[]);
    let (position, pin) = common::user_for(Role::Secretary);
    s.sign_in(position, pin);
    s.expect("接待来访");
    // 点单: the case proposed from its detail.
    s.send("2").expect("HD01-20261110-001");
    s.send(ENTER).expect("提为民生实事候选");
    s.send("m").expect("提自案件");
    s.send("恢复公交站")
        .send(CTRL_S)
        .expect("候选项目“恢复公交站”已保存");
    s.send(ESC).send(ESC).expect("接待来访");
    // 定单: 86 present choose 5 of the 7.
    s.send("3").expect("民生实事项目");
    s.send("9").expect("恢复公交站");
    s.send("v").send("a").expect("新的票决");
    s.send("街道第二次居民议事会")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send("86")
        .send(TAB)
        .send("5");
    s.expect("提出 7 个入围");
    s.send(CTRL_S).expect("票决计票");
    for yes in ["80", "75", "43", "70", "66", "52", "60"] {
        s.send(ENTER)
            .send(yes)
            .send(TAB)
            .send("1")
            .send(TAB)
            .send("1")
            .send(ENTER);
    }
    s.expect("赞成票未过半");
    s.send(CTRL_S).expect("票决结果已记录：当选 5 个");
    s.send("s").expect("票决结果公告已保存到");
    // 买单 and 验单 of the first project.
    s.send(ESC).send(ESC).send("g").expect("项目督办");
    s.send(ENTER).expect("分工与节点");
    s.send("刘副主任")
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send(TAB)
        .send(TAB);
    s.send("2026-12 验收")
        .send(CTRL_S)
        .expect("分工与月度节点已保存");
    s.send("j").expect("验单");
    s.send(RIGHT)
        .send(TAB)
        .send("60")
        .send(TAB)
        .send("20")
        .send(TAB)
        .send("6");
    s.send(CTRL_S).expect("验单结果已记录");
    s.send(ESC).send(ESC).send(ESC).send("q");
    assert!(s.wait_exit().success());

    let store = Store::open(&db).unwrap();
    let bus = store
        .candidates()
        .unwrap()
        .into_iter()
        .find(|c| c.title == "恢复公交站")
        .unwrap();
    assert_eq!(bus.source, CandidateSource::Cases);
    assert_eq!(store.candidates_of_case(&case_id).unwrap(), ["恢复公交站"]);
    let projects = store.projects().unwrap();
    assert_eq!(projects.len(), 5);
    let judged: Vec<_> = projects.iter().filter(|p| p.completion.is_some()).collect();
    assert_eq!(judged.len(), 1);
    assert_eq!(judged[0].completion, Some(Completion::Completed));
    assert_eq!(judged[0].satisfaction, [60, 20, 6]);
    assert_eq!(judged[0].lead, "刘副主任");
    assert_eq!(store.seal_problems().unwrap(), vec![]);
}
