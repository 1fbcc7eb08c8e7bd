//! Shared fixtures: real SQLite files in temporary folders, a fixed clock.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case::CaseUpdate;
use liaison_desk::domain::choices::{Channel, Gender, RequestType, Route};
use liaison_desk::domain::ids::{CaseId, DepartmentId, DeputyId};
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::store::{NewDeputy, SaveContext, SavedReception, Store};
use tempfile::TempDir;

pub mod pty;
pub mod screen;

use liaison_desk::domain::roles::{Actor, Role};
pub mod year;

/// Tuesday 10 November 2026, 09:30: a reception day.
pub fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 10)
        .unwrap()
        .and_hms_opt(9, 30, 0)
        .unwrap()
}

pub struct Fixture {
    pub dir: TempDir,
    pub store: Store,
    pub deputies: Vec<DeputyId>,
    pub departments: Vec<DepartmentId>,
}

impl Fixture {
    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("desk.db")
    }
}

/// A station with three deputies (one on duty) and two departments.
pub fn station() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("desk.db")).unwrap();
    store
        .init_station("HD01", "海淀街道代表联络站", now())
        .unwrap();
    let mut deputies = Vec::new();
    for name in ["王建国", "李秀英", "张伟"] {
        let d = NewDeputy {
            name: name.into(),
            unit_post: "街道社区".into(),
            ..Default::default()
        };
        deputies.push(store.add_deputy(&d, "", now()).unwrap());
    }
    let departments = vec![
        store
            .add_department("街道办事处", "刘主任", "010-62345678", "", now())
            .unwrap(),
        store
            .add_department("区交通委", "陈科长", "", "", now())
            .unwrap(),
    ];
    Fixture {
        dir,
        store,
        deputies,
        departments,
    }
}

pub fn reception(route: Route) -> ValidReception {
    ValidReception {
        visitor_name: Some("赵大妈".into()),
        gender: Gender::Female,
        phone: Some("13812341234".into()),
        id_number: None,
        address: "北太平庄社区".into(),
        group_size: 1,
        channel: Channel::InStation,
        letter_received: None,
        confidential: false,
        category: "交通出行".into(),
        request_type: RequestType::Problem,
        content: "小区门口公交站被撤，老人出行不便。".into(),
        route,
        on_spot_reply: if route == Route::OnSpot {
            "已解释站点调整原因。".into()
        } else {
            String::new()
        },
        department_id: None,
        deadline_days: route.needs_department().then_some(15),
        not_accepted_reason: None,
        guidance: String::new(),
        remarks: String::new(),
        linked_case_id: None,
    }
}

pub fn save(fx: &mut Fixture, r: &ValidReception, at: NaiveDateTime) -> SavedReception {
    let deputies = vec![fx.deputies[0].clone()];
    fx.store
        .save_reception(
            r,
            &SaveContext {
                deputy_ids: &deputies,
                recorder: "王建国",
                now: at,
                calendar: &Calendar::weekends_only(),
                draft_id: None,
            },
        )
        .unwrap()
}

/// A reception referred (交办) to the fixture's department `index`.
pub fn referral(fx: &Fixture, index: usize) -> ValidReception {
    ValidReception {
        department_id: Some(fx.departments[index].clone()),
        ..reception(Route::Assign)
    }
}

/// Applies `update` to a case as last seen, like a secretary's action.
pub fn act(fx: &mut Fixture, case_id: &CaseId, update: &CaseUpdate, at: NaiveDateTime) {
    let version = fx.store.case_state(case_id).unwrap().version;
    fx.store
        .transition(case_id, version, update, "秘书", at)
        .unwrap();
}

/// What the program said on the command line.
pub struct Ran {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Ran {
    pub fn said(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// Runs the real binary on the database at `db`, at a fixed moment.
pub fn run_cli(db: &std::path::Path, at: &str, args: &[&str]) -> Ran {
    run_cli_with(db, at, args, &[])
}

/// The same, with more environment (a PIN for commands that need a user).
pub fn run_cli_with(db: &std::path::Path, at: &str, args: &[&str], env: &[(&str, &str)]) -> Ran {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_liaison-desk"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("LIAISON_DESK_NOW", at)
        .env_remove("LIAISON_DESK_PIN")
        .envs(env.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    Ran {
        code: o.status.code(),
        stdout: String::from_utf8_lossy(&o.stdout).to_string(),
        stderr: String::from_utf8_lossy(&o.stderr).to_string(),
    }
}

/// The fixture's users: (name, role, PIN), in the order the sign-in screen
/// lists them (administrators, secretaries, deputies).
pub const USERS: [(&str, Role, &str); 3] = [
    ("赵管理", Role::Admin, "1234"),
    ("林秘书", Role::Secretary, "2468"),
    ("王建国", Role::Deputy, "1357"),
];

/// Where the user of `role` stands on the sign-in screen, and their PIN.
pub fn user_for(role: Role) -> (usize, &'static str) {
    let i = USERS.iter().position(|(_, r, _)| *r == role).unwrap();
    (i, USERS[i].2)
}

/// Adds the fixture's users (once); returns them as actors in `USERS` order.
pub fn add_users(store: &mut Store) -> Vec<Actor> {
    if !store.has_users().unwrap() {
        let (name, _, pin) = USERS[0];
        let admin = store.create_first_admin(name, pin, now()).unwrap().actor();
        for (name, role, pin) in &USERS[1..] {
            store.add_user(&admin, name, *role, pin, now()).unwrap();
        }
    }
    let users = store.users().unwrap();
    USERS
        .iter()
        .map(|(name, ..)| users.iter().find(|u| u.name == *name).unwrap().actor())
        .collect()
}

/// The fixture's user of `role`, as the store records actions by them.
pub fn actor(store: &mut Store, role: Role) -> Actor {
    let i = USERS.iter().position(|(_, r, _)| *r == role).unwrap();
    add_users(store).swap_remove(i)
}

/// A workbook's first sheet as text, row by row.
pub fn sheet_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx, open_workbook};
    let book: Xlsx<_> = open_workbook(path).unwrap();
    named_sheet_rows(path, &book.sheet_names()[0])
}

/// The sheet `name` of a workbook as text, row by row.
pub fn named_sheet_rows(path: &std::path::Path, name: &str) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}
