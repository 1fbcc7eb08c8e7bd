//! Hooks the fault tests drive through the real binary: a writer that
//! saves until it is killed, and a loop that answers save, look and chase
//! commands for the two-process test. Built only with the `test-hooks`
//! feature, which the tests turn on; a station's build has none of this.

use crate::domain::calendar::Calendar;
use crate::domain::case::CaseStatus;
use crate::domain::category::DEFAULT_CATEGORIES;
use crate::domain::choices::{Channel, Gender, RequestType, Route};
use crate::domain::ids::CaseId;
use crate::domain::reception::ValidReception;
use crate::service::demo::{Rng, random_reception};
use crate::store::Refusal;
use crate::store::{CaseUpdate, NewDeputy, SaveContext, Store, StoreResult};
use chrono::NaiveDateTime;

/// Saves receptions (and now and then a transition and a draft) in a loop
/// until the process is killed, printing `saved NUMBER` after each commit.
/// The kill test checks that everything printed survives a SIGKILL.
pub fn write_until_killed(mut store: Store, now: NaiveDateTime) -> StoreResult<()> {
    use std::io::Write;
    if store.station()?.is_none() {
        store.init_station("KILL", "断电测试站", now)?;
    }
    let deputy = match store.deputies(false)?.first() {
        Some(d) => d.id.clone(),
        None => store.add_deputy(
            &NewDeputy {
                name: "测试代表".into(),
                ..Default::default()
            },
            "",
            now,
        )?,
    };
    let department = match store.departments()?.first() {
        Some(d) => d.id.clone(),
        None => store.add_department("测试单位", "", "", "", now)?,
    };
    let calendar = Calendar::weekends_only();
    let categories: Vec<String> = DEFAULT_CATEGORIES.iter().map(|s| s.to_string()).collect();
    let mut rng =
        Rng::new(now.and_utc().timestamp_subsec_nanos() as u64 + std::process::id() as u64);
    let deputies = [deputy];
    let mut stdout = std::io::stdout();
    for n in 0u64.. {
        let draft = format!("{{\"visitor_name\":\"草稿{n}\"}}");
        store.save_draft("kill-test-draft", "reception", "", &draft, now)?;
        let mut r = random_reception(
            &mut rng,
            &categories,
            std::slice::from_ref(&department),
            &[],
        );
        r.content = format!("断电测试第{n}条：{}", r.content);
        let saved = store.save_reception(
            &r,
            &SaveContext {
                deputy_ids: &deputies,
                recorder: "测试代表",
                now,
                calendar: &calendar,
                draft_id: None,
            },
        )?;
        writeln!(stdout, "saved {}", saved.number).ok();
        stdout.flush().ok();
        if saved.status == CaseStatus::InProgress {
            let state = store.case_state(&saved.case_id)?;
            let chase = CaseUpdate::Supervise {
                level: "chase".into(),
                note: format!("第{n}次催办"),
            };
            store.transition(&saved.case_id, state.version, &chase, "测试", now)?;
            writeln!(stdout, "moved {}", saved.number).ok();
            stdout.flush().ok();
        }
    }
    Ok(())
}

/// Answers test commands read from `input`, one a line, on `out`, each
/// answer flushed at once (used by the two-process test, which drives two
/// of these against one database and decides how their steps interleave):
///
/// - `save`: saves a referred reception (its case is in progress);
///   answers `saved NUMBER CASE_ID`.
/// - `look CASE_ID`: answers `seen CASE_ID VERSION`.
/// - `chase CASE_ID VERSION`: a 催办 on the case as seen at VERSION;
///   answers `moved CASE_ID NEW_VERSION`, or `stale CASE_ID` when the case
///   changed since (nothing applied).
/// - `bump CASE_ID`: `look` then `chase` at once, as two transactions.
///
/// Any other failure answers `error COMMAND MESSAGE` and goes on. The
/// database must have a station, a deputy and a department.
pub fn answer_commands(
    store: &mut Store,
    now: NaiveDateTime,
    input: impl std::io::BufRead,
    mut out: impl std::io::Write,
) -> StoreResult<()> {
    use crate::store::StoreError;
    let deputy = store
        .deputies(false)?
        .first()
        .map(|d| d.id.clone())
        .ok_or(StoreError::Refused(Refusal::NotFound))?;
    let department = store
        .departments()?
        .first()
        .map(|d| d.id.clone())
        .ok_or(StoreError::Refused(Refusal::NotFound))?;
    let calendar = Calendar::weekends_only();
    let deputies = [deputy];
    let mut saves = 0u64;
    let chase = |store: &mut Store, case_id: &CaseId, seen: i64| -> String {
        let update = CaseUpdate::Supervise {
            level: "chase".into(),
            note: format!("进程{}催办", std::process::id()),
        };
        match store.transition(case_id, seen, &update, "测试", now) {
            Ok(state) => format!("moved {case_id} {}", state.version),
            Err(
                StoreError::Refused(Refusal::Stale)
                | StoreError::Refused(Refusal::ChangedBy { .. }),
            ) => format!("stale {case_id}"),
            Err(e) => format!("error chase {e}"),
        }
    };
    for line in input.lines() {
        let line = line.map_err(StoreError::other)?;
        let words: Vec<&str> = line.split_whitespace().collect();
        let answer = match words.as_slice() {
            ["save"] => {
                saves += 1;
                let r = ValidReception {
                    visitor_name: Some("测试来访人".into()),
                    gender: Gender::Unstated,
                    phone: None,
                    id_number: None,
                    address: String::new(),
                    group_size: 1,
                    channel: Channel::InStation,
                    letter_received: None,
                    confidential: false,
                    category: DEFAULT_CATEGORIES[0].to_string(),
                    request_type: RequestType::Problem,
                    content: format!("进程{}第{saves}条", std::process::id()),
                    route: Route::Assign,
                    on_spot_reply: String::new(),
                    department_id: Some(department.clone()),
                    deadline_days: Some(15),
                    not_accepted_reason: None,
                    guidance: String::new(),
                    remarks: String::new(),
                    linked_case_id: None,
                };
                let cx = SaveContext {
                    deputy_ids: &deputies,
                    recorder: "测试代表",
                    now,
                    calendar: &calendar,
                    draft_id: None,
                };
                match store.save_reception(&r, &cx) {
                    Ok(saved) => format!("saved {} {}", saved.number, saved.case_id),
                    Err(e) => format!("error save {e}"),
                }
            }
            ["look", case_id] => match store.case_state(&CaseId::from(*case_id)) {
                Ok(state) => format!("seen {case_id} {}", state.version),
                Err(e) => format!("error look {e}"),
            },
            ["chase", case_id, version] => match version.parse() {
                Ok(seen) => chase(store, &CaseId::from(*case_id), seen),
                Err(_) => format!("error chase bad version {version}"),
            },
            ["bump", case_id] => match store.case_state(&CaseId::from(*case_id)) {
                Ok(state) => chase(store, &CaseId::from(*case_id), state.version),
                Err(e) => format!("error bump {e}"),
            },
            _ => format!("error unknown {line}"),
        };
        writeln!(out, "{answer}")
            .and_then(|()| out.flush())
            .map_err(StoreError::other)?;
    }
    Ok(())
}
