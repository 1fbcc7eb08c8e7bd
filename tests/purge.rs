//! Retention: contact details purged after the set months, statistics kept.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::*;
use liaison_desk::domain::case::{CaseUpdate, Grade, Satisfaction};
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::fields::Field;
use liaison_desk::domain::roles::Role;
use liaison_desk::store::Refusal;
use liaison_desk::store::{CaseFilter, Cursor, StoreError};

fn at(date: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// Receptions over three years; `now()` is 2026-11-10, so with 24 months
/// cases closed on or before 2024-11-10 are due.
struct Desk {
    fx: Fixture,
    /// On the spot on 2024-03-05: due.
    old_on_spot: String,
    /// Referred 2024-05-10, called back and closed 2024-06-20: due.
    old_referral: String,
    /// Referred 2024-10-08, still in progress: never due while open.
    open_referral: String,
    /// On the spot on 2024-11-11, a day too late: not due.
    just_inside: String,
}

fn desk() -> Desk {
    let mut fx = station();
    let old_on_spot = save(&mut fx, &reception(Route::OnSpot), at("2024-03-05")).number;
    let mut r = referral(&fx, 0);
    r.visitor_name = Some("钱老伯".into());
    r.phone = Some("13900001111".into());
    r.id_number = Some("11010519491231002X".into());
    r.content = "楼道路灯不亮，晚上上下楼不方便。".into();
    r.address = "幸福里七号楼三单元".into();
    let referred = save(&mut fx, &r, at("2024-05-10"));
    let case = referred.case_id.clone();
    act(
        &mut fx,
        &case,
        &CaseUpdate::Reply {
            grade: Grade::A,
            text: "已更换路灯。".into(),
            date: at("2024-06-01").date(),
        },
        at("2024-06-01"),
    );
    act(
        &mut fx,
        &case,
        &CaseUpdate::FeedBack {
            date: at("2024-06-10").date(),
            way: "电话".into(),
        },
        at("2024-06-10"),
    );
    act(
        &mut fx,
        &case,
        &CaseUpdate::CallBack {
            satisfaction: Satisfaction::Satisfied,
        },
        at("2024-06-20"),
    );
    let mut open = referral(&fx, 1);
    open.visitor_name = Some("孙阿姨".into());
    open.phone = Some("13700002222".into());
    let open_referral = save(&mut fx, &open, at("2024-10-08")).number;
    let just_inside = save(&mut fx, &reception(Route::OnSpot), at("2024-11-11")).number;
    Desk {
        fx,
        old_on_spot,
        old_referral: referred.number,
        open_referral,
        just_inside,
    }
}

fn report(fx: &Fixture) -> String {
    let o = run_cli(
        &fx.db_path(),
        "2026-11-10 10:00:00",
        &[
            "report",
            "--from",
            "2024-01-01",
            "--to",
            "2026-11-10",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.code, Some(0), "{}", o.said());
    o.stdout
}

fn found_by(fx: &Fixture, query: &str) -> usize {
    let filter = CaseFilter {
        query: query.into(),
        ..Default::default()
    };
    fx.store
        .case_page(&filter, &Cursor::Start, 50)
        .unwrap()
        .0
        .len()
}

#[test]
fn the_dry_run_lists_what_is_due_and_changes_nothing() {
    let d = desk();
    let plan = d.fx.store.purge_plan(now().date(), 24).unwrap();
    let numbers: Vec<&str> = plan.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, [d.old_on_spot.as_str(), d.old_referral.as_str()]);
    assert_eq!(
        plan[1].fields,
        [
            Field::VisitorName,
            Field::Phone,
            Field::Address,
            Field::IdNumber
        ]
    );
    assert_eq!(plan[1].closed_date.to_string(), "2024-06-20");
    // A shorter period takes in the case closed a day later, never the open one.
    let numbers: Vec<String> =
        d.fx.store
            .purge_plan(now().date(), 6)
            .unwrap()
            .into_iter()
            .map(|i| i.number)
            .collect();
    assert!(numbers.contains(&d.just_inside));
    assert!(!numbers.contains(&d.open_referral));
    // Nothing written: the plan is the same again, and so is the log.
    let entries = d.fx.store.audit_entries(1).unwrap();
    assert_eq!(d.fx.store.purge_plan(now().date(), 24).unwrap(), plan);
    assert_eq!(d.fx.store.audit_entries(1).unwrap(), entries);
}

#[test]
fn a_purge_anonymises_keeps_the_figures_and_is_logged() {
    let mut d = desk();
    let before = report(&d.fx);
    assert_eq!(found_by(&d.fx, "钱老伯"), 1);
    assert_eq!(found_by(&d.fx, "13900001111"), 1);

    let deputy = actor(&mut d.fx.store, Role::Deputy);
    assert!(matches!(
        d.fx.store.purge_contacts(&deputy, now().date(), 24, now()),
        Err(StoreError::Refused(Refusal::Denied(_)))
    ));
    let secretary = actor(&mut d.fx.store, Role::Secretary);
    let purged =
        d.fx.store
            .purge_contacts(&secretary, now().date(), 24, now())
            .unwrap();
    assert_eq!(purged.len(), 2);

    let conn = rusqlite::Connection::open(d.fx.db_path()).unwrap();
    let contact = |number: &str| -> (Option<String>, Option<String>, String, Option<String>) {
        conn.query_row(
            "SELECT visitor_name, phone, address, purged_at FROM receptions WHERE number = ?1",
            [number],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
    };
    let (name, phone, address, purged_at) = contact(&d.old_referral);
    assert_eq!((name, phone, address.as_str()), (None, None, ""));
    let id_number: Option<String> = conn
        .query_row(
            "SELECT id_number FROM receptions WHERE number = ?1",
            [&d.old_referral],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(id_number, None);
    assert_eq!(purged_at.as_deref(), Some("2026-11-10 09:30:00"));
    // The case text stays; the open case keeps its voter.
    let content: String = conn
        .query_row(
            "SELECT content FROM receptions WHERE number = ?1",
            [&d.old_referral],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(content, "楼道路灯不亮，晚上上下楼不方便。");
    assert_eq!(contact(&d.open_referral).0.as_deref(), Some("孙阿姨"));
    assert_eq!(contact(&d.just_inside).1.as_deref(), Some("13812341234"));

    // Search no longer finds the voter; the statistics are the same.
    assert_eq!(found_by(&d.fx, "钱老伯"), 0);
    assert_eq!(found_by(&d.fx, "13900001111"), 0);
    assert_eq!(found_by(&d.fx, "路灯"), 1);
    assert_eq!(report(&d.fx), before);

    // One entry names the receptions and nobody's details.
    let entry = &d.fx.store.audit_entries(1).unwrap()[0];
    assert_eq!(entry.action, "privacy.purge");
    assert_eq!(entry.actor, secretary.name);
    let after = entry.after.clone().unwrap();
    assert!(after.contains(&d.old_referral), "{after}");
    for private in ["钱老伯", "13900001111", "赵大妈", "13812341234"] {
        let log: Vec<String> =
            d.fx.store
                .audit_entries(1000)
                .unwrap()
                .into_iter()
                .map(|e| format!("{:?}{:?}", e.before, e.after))
                .collect();
        assert!(
            !log.iter().any(|l| l.contains(private)),
            "{private} in the audit log"
        );
    }
    assert_eq!(d.fx.store.seal_problems().unwrap(), vec![]);
    // A second run finds nothing more.
    assert!(
        d.fx.store
            .purge_contacts(&secretary, now().date(), 24, now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_purge_command_lists_then_purges() {
    let mut d = desk();
    let db = d.fx.db_path();
    add_users(&mut d.fx.store);
    let dry = run_cli(&db, "2026-11-10 10:00:00", &["purge", "--dry-run"]);
    assert_eq!(dry.code, Some(0), "{}", dry.said());
    let said = dry.said();
    assert!(said.contains("结案后 24 个月"), "{said}");
    assert!(said.contains("将清除以下 2 条登记的联系方式"), "{said}");
    assert!(said.contains(&d.old_referral), "{said}");
    assert!(
        said.contains("来访人姓名、联系电话、住址或单位、身份证号"),
        "{said}"
    );
    assert!(
        !said.contains("钱老伯") && !said.contains("13900001111"),
        "{said}"
    );

    // A real run needs a user.
    let refused = run_cli(&db, "2026-11-10 10:00:00", &["purge"]);
    assert_ne!(refused.code, Some(0), "{}", refused.said());

    let (index, pin) = user_for(Role::Secretary);
    let name = USERS[index].0;
    let done = run_cli_with(
        &db,
        "2026-11-10 10:00:00",
        &["purge", "--user", name],
        &[("LIAISON_DESK_PIN", pin)],
    );
    assert_eq!(done.code, Some(0), "{}", done.said());
    assert!(
        done.said().contains("已清除以下 2 条登记的联系方式"),
        "{}",
        done.said()
    );
    let again = run_cli(&db, "2026-11-10 10:00:00", &["purge", "--dry-run"]);
    assert!(again.said().contains("没有到期"), "{}", again.said());
}

/// Every place SQLite keeps bytes for this database: the file and its log.
fn raw_bytes(db: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        all.extend(wal);
    }
    all
}

fn holds(bytes: &[u8], text: &str) -> bool {
    bytes.windows(text.len()).any(|w| w == text.as_bytes())
}

#[test]
fn a_purge_leaves_no_byte_of_the_contacts_in_the_file_its_log_or_a_later_backup() {
    let mut d = desk();
    let secrets = [
        "钱老伯",
        "13900001111",
        "11010519491231002X",
        "幸福里七号楼三单元",
    ];
    let db = d.fx.db_path();
    let before = raw_bytes(&db);
    for s in secrets {
        assert!(holds(&before, s), "the test data is there first: {s}");
    }
    let secretary = actor(&mut d.fx.store, Role::Secretary);
    d.fx.store
        .purge_contacts(&secretary, now().date(), 24, now())
        .unwrap();
    let backup = d.fx.dir.path().join("after.db");
    d.fx.store.backup_to(&backup).unwrap();
    // Read while the desk still has the file open, and again after.
    for bytes in [raw_bytes(&db), raw_bytes(&backup)] {
        for s in secrets {
            assert!(!holds(&bytes, s), "{s} is still in the file");
        }
    }
    drop(d.fx.store);
    let bytes = raw_bytes(&db);
    for s in secrets {
        assert!(!holds(&bytes, s), "{s} is still in the file");
    }
    // The voter still open is untouched.
    assert!(holds(&bytes, "孙阿姨"));
}
