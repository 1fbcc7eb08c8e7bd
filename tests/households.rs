//! 联系对象 on real SQLite files: each deputy's contact households, the
//! door-to-door visits that count households and name the contacts
//! reached, the duty record's households against the yearly target, and
//! 代表联系户名册 as the paper page — phones masked, changes sealed.

mod common;

use common::year::{at, d};
use common::{Fixture, actor, now, station};
use liaison_desk::domain::registers::{VISIT_KIND, preset};
use liaison_desk::domain::roles::Role;
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::registers::RegisterRows;
use liaison_desk::store::{NewActivity, NewHousehold, SealProblem, Store, Visit};

fn household(fx: &Fixture, deputy: usize, village: &str, head: &str, phone: &str) -> NewHousehold {
    NewHousehold {
        deputy_id: fx.deputies[deputy].to_string(),
        village: village.into(),
        head: head.into(),
        phone: phone.into(),
        note: String::new(),
    }
    .validate()
    .unwrap()
}

fn visit(
    fx: &Fixture,
    date: &str,
    who: &[usize],
    households: u32,
    contacts: &[&str],
) -> NewActivity {
    NewActivity {
        date: Some(d(date)),
        kind: VISIT_KIND.into(),
        topic: "入户走访".into(),
        participants: who.iter().map(|&i| fx.deputies[i].to_string()).collect(),
        visit: Some(Visit {
            households,
            contacts: contacts.iter().map(|s| s.to_string()).collect(),
        }),
        ..Default::default()
    }
}

/// 王建国 keeps two households, 李秀英 one; three visits in 2026 and one in 2025.
fn contacts() -> (Fixture, Vec<String>) {
    let mut fx = station();
    let mut ids = Vec::new();
    for (deputy, village, head, phone) in [
        (0, "东关村", "赵大爷", "139 0000 1111"),
        (0, "东关村", "钱大妈", ""),
        (1, "西河村", "孙师傅", "13700002222"),
    ] {
        let h = household(&fx, deputy, village, head, phone);
        ids.push(fx.store.add_household(&h, "秘书", now()).unwrap());
    }
    for (date, who, n, contacts) in [
        ("2025-12-20", &[0][..], 4, &[&ids[0][..]][..]),
        (
            "2026-03-05",
            &[0, 1][..],
            12,
            &[&ids[0][..], &ids[2][..]][..],
        ),
        ("2026-06-18", &[0][..], 6, &[&ids[0][..], &ids[1][..]][..]),
        ("2026-09-02", &[1][..], 3, &[][..]),
    ] {
        let v = visit(&fx, date, who, n, contacts);
        fx.store.add_activity(&v, "秘书", at(date, 16)).unwrap();
    }
    (fx, ids)
}

#[test]
fn the_duty_record_counts_households_visited_against_the_target() {
    let (fx, _) = contacts();
    let records = fx.store.duty_records(2026).unwrap();
    let by_name = |name: &str| records.iter().find(|r| r.name == name).unwrap();
    // 王建国: 12 + 6; 李秀英: 12 + 3; the 2025 visit is another year's.
    assert_eq!(by_name("王建国").households, 18);
    assert_eq!(by_name("李秀英").households, 15);
    assert_eq!(by_name("张伟").households, 0);
    let targets = fx.store.settings().unwrap().targets;
    assert_eq!(targets.households, 50);
    let progress = by_name("王建国").against(&targets, 2026, d("2026-12-31"));
    assert_eq!(
        (progress[4].done, progress[4].target, progress[4].behind),
        (18, 50, true)
    );
    let before = fx.store.duty_records(2025).unwrap();
    let w = before.iter().find(|r| r.name == "王建国").unwrap();
    assert_eq!(w.households, 4);
}

#[test]
fn the_contact_list_counts_each_households_visits_and_masks_phones() {
    let (fx, ids) = contacts();
    let year = Period {
        from: d("2026-01-01"),
        to: d("2026-12-31"),
    };
    let t = strings(Lang::Zh);
    let def = preset("five")
        .unwrap()
        .registers
        .iter()
        .find(|r| r.key == "households")
        .cloned()
        .unwrap();
    let rows = RegisterRows::load(&fx.store, &def, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let keys: Vec<&str> = def.columns.iter().map(|c| c.key.as_str()).collect();
    let pick = |row: &Vec<String>| -> Vec<String> {
        ["deputy", "head", "phone", "visits", "last_visit", "status"]
            .iter()
            .map(|k| row[keys.iter().position(|c| c == k).unwrap()].clone())
            .collect()
    };
    let shown: Vec<Vec<String>> = cells.iter().map(pick).collect();
    // Deputies in name order (李 before 王), each one's by village and head.
    assert_eq!(
        shown,
        [
            [
                "李秀英",
                "孙师傅",
                "137****2222",
                "1",
                "2026-03-05",
                "联系中"
            ],
            [
                "王建国",
                "赵大爷",
                "139****1111",
                "2",
                "2026-06-18",
                "联系中"
            ],
            ["王建国", "钱大妈", "", "1", "2026-06-18", "联系中"],
        ]
        .map(|r| r.map(String::from).to_vec())
    );
    // The seven-register preset's contact register has a column for the count.
    let seven = preset("seven").unwrap();
    let contact = seven.registers.iter().find(|r| r.key == "contact").unwrap();
    let rows = RegisterRows::load(&fx.store, contact, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let at_count = contact
        .columns
        .iter()
        .position(|c| c.key == "households")
        .unwrap();
    let counts: Vec<&str> = cells.iter().map(|r| r[at_count].as_str()).collect();
    assert_eq!(counts, ["12", "6", "3"]);
    // The five-register preset keeps it in 活动成果, with the contacts named.
    let five = preset("five").unwrap();
    let activities = &five.registers[2];
    let rows = RegisterRows::load(&fx.store, activities, year).unwrap();
    let cells = rows.all_cells(&fx.store, t).unwrap();
    let outcome = activities
        .columns
        .iter()
        .position(|c| c.key == "outcome")
        .unwrap();
    assert_eq!(
        cells[0][outcome],
        "走访 12 户（联系户：东关村 赵大爷、西河村 孙师傅）"
    );
    assert!(!ids.is_empty());
}

#[test]
fn a_household_corrected_keeps_its_phone_unless_a_new_one_is_typed() {
    let (mut fx, ids) = contacts();
    let mut changed = household(&fx, 0, "东关村", "赵大爷", "");
    changed.note = "独居老人，每月看望".into();
    fx.store
        .update_household(&ids[0], &changed, "秘书", now())
        .unwrap();
    let day = d("2026-12-31");
    let h = fx.store.household(&ids[0], day, day).unwrap();
    assert_eq!(
        (h.phone.as_str(), h.note.as_str()),
        ("13900001111", "独居老人，每月看望")
    );
    let new_number = household(&fx, 0, "东关村", "赵大爷", "13911112222");
    fx.store
        .update_household(&ids[0], &new_number, "秘书", now())
        .unwrap();
    assert_eq!(
        fx.store.household(&ids[0], day, day).unwrap().phone,
        "13911112222"
    );
    // The audit log never holds a voter's phone in full.
    let log = fx.store.audit_entries(100).unwrap();
    let text = format!("{log:?}");
    assert!(
        !text.contains("13900001111") && !text.contains("13911112222"),
        "{text}"
    );
    assert!(text.contains("139****2222"));
    // Taken off the list: no longer offered, its visits kept.
    fx.store
        .set_household_active(&ids[0], false, "秘书", now())
        .unwrap();
    assert_eq!(
        fx.store.households_visited(false, day, day).unwrap().len(),
        2
    );
    let kept = fx.store.household(&ids[0], d("2026-01-01"), day).unwrap();
    assert_eq!((kept.active, kept.visits), (false, 2));
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}

#[test]
fn a_visit_changed_behind_the_programs_back_is_named() {
    let (fx, ids) = contacts();
    let path = fx.db_path();
    drop(fx.store);
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute(
        "UPDATE contact_households SET phone = '13000000000' WHERE id = ?1",
        [&ids[1]],
    )
    .unwrap();
    raw.execute("UPDATE activity_extras SET households = 40", [])
        .unwrap();
    drop(raw);
    let store = Store::open(&path).unwrap();
    let mut kinds: Vec<String> = store
        .seal_problems()
        .unwrap()
        .into_iter()
        .map(|p| match p {
            SealProblem::Changed { kind, .. } => kind,
            other => format!("{other:?}"),
        })
        .collect();
    kinds.dedup();
    assert_eq!(kinds, ["activity_extra", "contact_household"]);
    let t = strings(Lang::Zh);
    assert_eq!(t.audit.entity("contact_household"), "联系户");
    assert_eq!(t.audit.entity("activity_extra"), "活动关联记录");
}

#[test]
fn a_secretary_amends_a_visits_households_on_a_signed_off_day() {
    let (mut fx, ids) = contacts();
    let secretary = actor(&mut fx.store, Role::Secretary);
    let id = fx
        .store
        .activity_ids(d("2026-06-18"), d("2026-06-18"), &[])
        .unwrap()[0]
        .clone();
    fx.store
        .sign_off_day(&secretary, d("2026-06-18"), now())
        .unwrap();
    let mut amended = visit(&fx, "2026-06-18", &[0], 8, &[&ids[0], &ids[1]]);
    amended.topic = "入户走访".into();
    let n = fx
        .store
        .update_activity(&secretary, &id, &amended, "户数记错", now())
        .unwrap();
    assert_eq!(n, 1);
    let fields: Vec<String> = fx
        .store
        .corrections("activity", &id)
        .unwrap()
        .into_iter()
        .map(|c| format!("{}:{}→{}", c.field, c.old_value, c.new_value))
        .collect();
    assert_eq!(fields, ["households:6→8"]);
    assert_eq!(
        strings(Lang::Zh).column_name("activity", "households"),
        "走访户数"
    );
    assert_eq!(fx.store.seal_problems().unwrap(), vec![]);
}
