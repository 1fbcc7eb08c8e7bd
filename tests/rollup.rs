//! Roll-up: three stations made through the desk's own calls write signed
//! bundles with the real binary; a hub loads them and its figures are the
//! sums of what each station's own report says. Tampered, cut and foreign
//! bundles are refused and change nothing; no visitor's phone reaches the
//! hub.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use common::{Ran, USERS, add_users, named_sheet_rows, reception, run_cli, run_cli_with};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::case::Grade;
use liaison_desk::domain::choices::Route;
use liaison_desk::domain::ids::CaseId;
use liaison_desk::store::{CaseUpdate, NewDeputy, SaveContext, Store};
use serde_json::Value;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-12-05 10:00:00";
const PHONE: &str = "13812341234";
const VISITOR: &str = "赵大妈";

fn at(date: &str) -> NaiveDateTime {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

/// A station with `n` receptions in November 2026: every third answered
/// on the spot, the others referred, the first referred one replied.
fn make_station(dir: &Path, code: &str, name: &str, n: usize) -> PathBuf {
    let path = dir.join(format!("{code}.db"));
    let mut store = Store::open(&path).unwrap();
    store.init_station(code, name, at("2026-11-01")).unwrap();
    add_users(&mut store);
    let deputy = NewDeputy {
        name: "王建国".into(),
        phone: "13900001111".into(),
        ..Default::default()
    };
    let deputy = store.add_deputy(&deputy, "", at("2026-11-01")).unwrap();
    let department = store
        .add_department("街道办事处", "刘主任", "", "", at("2026-11-01"))
        .unwrap();
    let mut first_referred = None;
    for i in 0..n {
        let day = format!("2026-11-{:02}", 2 + i % 20);
        let route = if i % 3 == 0 {
            Route::OnSpot
        } else {
            Route::Assign
        };
        let mut r = reception(route);
        r.group_size = 1 + (i % 4) as i64;
        if route == Route::Assign {
            r.department_id = Some(department.clone());
        }
        let deputies = vec![deputy.clone()];
        store.sign_in(&deputy, at(&day)).unwrap();
        let cx = SaveContext {
            deputy_ids: &deputies,
            recorder: "王建国",
            now: at(&day),
            calendar: &Calendar::weekends_only(),
            draft_id: None,
        };
        let saved = store.save_reception(&r, &cx).unwrap();
        if route == Route::Assign && first_referred.is_none() {
            first_referred = Some(saved.case_id);
        }
    }
    if let Some(case) = first_referred {
        reply(&mut store, &case, "2026-11-25");
    }
    path
}

fn reply(store: &mut Store, case: &CaseId, date: &str) {
    let version = store.case_state(case).unwrap().version;
    let update = CaseUpdate::Reply {
        grade: Grade::A,
        text: "已办理".into(),
        date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
    };
    store
        .transition(case, version, &update, "秘书", at(date))
        .unwrap();
}

/// The secretary's PIN, for the commands that sign a user in.
fn secretary() -> (&'static str, [(&'static str, &'static str); 1]) {
    (USERS[1].0, [("LIAISON_DESK_PIN", USERS[1].2)])
}

fn bundle(db: &Path, out: &Path, extra: &[&str]) -> Ran {
    let (user, env) = secretary();
    let mut args = vec!["bundle", "-o", out.to_str().unwrap(), "--user", user];
    args.extend_from_slice(extra);
    run_cli_with(db, NOW, &args, &env)
}

/// The year's report in `format`, with `extra` arguments.
fn year_report(db: &Path, format: &str, extra: &[&str]) -> Ran {
    let year = ["report", "--from", "2026-01-01", "--to", "2026-12-31"];
    let args = [&year[..], &["--format", format], extra].concat();
    let ran = run_cli(db, NOW, &args);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    ran
}

fn report(db: &Path) -> Value {
    serde_json::from_str(&year_report(db, "json", &[]).stdout).unwrap()
}

fn hub(dir: &Path) -> PathBuf {
    let db = dir.join("hub.db");
    let ran = run_cli(
        &db,
        NOW,
        &[
            "hub",
            "init",
            "--code",
            "SZL",
            "--name",
            "十字路街道人大工委",
        ],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    db
}

fn import(hub: &Path, files: &[&Path]) -> Ran {
    let mut args = vec!["hub", "import"];
    args.extend(files.iter().map(|f| f.to_str().unwrap()));
    run_cli(hub, NOW, &args)
}

/// Every byte of the hub: its file, its journal and its stations' copies.
fn hub_bytes(hub: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![hub.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        files.push(PathBuf::from(format!("{}{suffix}", hub.display())));
    }
    let folder = PathBuf::from(format!("{}-stations", hub.display()));
    if let Ok(entries) = std::fs::read_dir(&folder) {
        files.extend(entries.map(|e| e.unwrap().path()));
    }
    files.sort();
    files
        .into_iter()
        .filter(|f| f.is_file())
        .map(|f| {
            let bytes = std::fs::read(&f).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The hub's copies of its stations: each file with its digest.
fn copies(hub: &Path) -> Vec<(PathBuf, String)> {
    use sha2::{Digest, Sha256};
    hub_bytes(hub)
        .into_iter()
        .filter(|(p, _)| p.to_string_lossy().contains("-stations"))
        // The import lock is no copy (it is held while an import runs).
        .filter(|(p, _)| !p.to_string_lossy().contains("import.lock"))
        .map(|(p, bytes)| (p, format!("{:x}", Sha256::digest(&bytes))))
        .collect()
}

/// The hub's copy of the station with `code`.
fn hub_copy(hub: &Path, code: &str) -> PathBuf {
    let file = query(
        hub,
        &format!("SELECT file FROM hub_stations WHERE code = '{code}'"),
    );
    hub.with_extension("db-stations").join(&file[0])
}

/// A column of text read straight from a file, as an auditor would.
fn query(db: &Path, sql: &str) -> Vec<String> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

const FIGURES: [&str; 13] = [
    "batches",
    "persons",
    "items",
    "on_the_spot",
    "referred",
    "not_accepted",
    "replied",
    "closed",
    "solved",
    "overdue",
    "rehandled",
    "called_back",
    "monthly",
];

struct Three {
    dir: tempfile::TempDir,
    stations: Vec<PathBuf>,
    bundles: Vec<PathBuf>,
}

fn three_bundled() -> Three {
    let dir = tempfile::tempdir().unwrap();
    let stations = vec![
        make_station(dir.path(), "HA01", "城关社区代表工作站", 7),
        make_station(dir.path(), "HA02", "建工集团代表工作站", 4),
        make_station(dir.path(), "HA03", "农贸市场代表工作站", 10),
    ];
    let mut bundles = Vec::new();
    for s in &stations {
        let out = s.with_extension("ldb");
        let ran = bundle(s, &out, &[]);
        assert_eq!(ran.code, Some(0), "{}", ran.said());
        assert!(ran.stdout.contains("已签名"), "{}", ran.said());
        bundles.push(out);
    }
    Three {
        dir,
        stations,
        bundles,
    }
}

/// The three stations' bundles imported into a new hub.
fn three_at_a_hub() -> (Three, PathBuf) {
    let three = three_bundled();
    let hub = hub(three.dir.path());
    let files: Vec<&Path> = three.bundles.iter().map(PathBuf::as_path).collect();
    let ran = import(&hub, &files);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    (three, hub)
}

#[test]
fn a_hub_adds_three_stations_up_exactly() {
    let three = three_bundled();
    let hub = hub(three.dir.path());
    let files: Vec<&Path> = three.bundles.iter().map(PathBuf::as_path).collect();
    let ran = import(&hub, &files);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(ran.stdout.matches("已导入").count(), 3, "{}", ran.said());
    assert!(ran.stdout.contains("接待登记新增 7"), "{}", ran.said());

    let own: Vec<Value> = three.stations.iter().map(|s| report(s)).collect();
    let total = report(&hub);
    for key in FIGURES {
        if key == "monthly" {
            let sum: Vec<i64> = (0..12)
                .map(|m| own.iter().map(|r| r[key][m].as_i64().unwrap()).sum())
                .collect();
            assert_eq!(total[key], serde_json::json!(sum), "{key}");
            continue;
        }
        let sum: i64 = own.iter().map(|r| r[key].as_i64().unwrap()).sum();
        assert_eq!(total[key].as_i64().unwrap(), sum, "{key}");
    }
    assert_eq!(total["batches"], 21);
    let listed = total["stations"].as_array().unwrap();
    assert_eq!(listed.len(), 3);
    let expected = [
        ("HA01", "2026-11-08"),
        ("HA02", "2026-11-05"),
        ("HA03", "2026-11-11"),
    ];
    for (one, (station, through)) in own.iter().zip(expected) {
        let at_hub = listed.iter().find(|s| s["code"] == station).unwrap();
        for key in FIGURES.iter().chain(&["resolution_rate", "on_time_rate"]) {
            assert_eq!(at_hub[*key], one[*key], "{station} {key}");
        }
        assert_eq!(at_hub["data_through"], through, "{station}");
        assert!(at_hub["livelihood"].is_object());
    }

    // The same bundles again: nothing changes, and the hub says so.
    let before = copies(&hub);
    let again = import(&hub, &files);
    assert_eq!(again.code, Some(0), "{}", again.said());
    assert_eq!(
        again.stdout.matches("已是最新").count(),
        3,
        "{}",
        again.said()
    );
    assert_eq!(copies(&hub), before);
    assert_eq!(report(&hub)["batches"], 21);

    // While another import holds the hub (another window), a second one
    // says so and changes nothing; once it ends, the import goes through.
    let folder = hub.with_extension("db-stations");
    let lock = liaison_desk::store::hub::ImportLock::take(&folder).unwrap();
    assert!(lock.is_some());
    // Not twice at once, in one process either.
    assert!(
        liaison_desk::store::hub::ImportLock::take(&folder)
            .unwrap()
            .is_none()
    );
    let entries = Store::open(&hub).unwrap().audit_entries(1).unwrap()[0].seq;
    let meanwhile = import(&hub, &files[..1]);
    assert_eq!(meanwhile.code, Some(1), "{}", meanwhile.said());
    assert!(
        meanwhile.stderr.contains("另一个导入正在这个汇总站进行"),
        "{}",
        meanwhile.said()
    );
    assert_eq!(copies(&hub), before);
    let latest = Store::open(&hub).unwrap().audit_entries(1).unwrap()[0].seq;
    assert_eq!(latest, entries);
    drop(lock);
    let after = import(&hub, &files[..1]);
    assert_eq!(after.code, Some(0), "{}", after.said());
    // The copies' folder is the hub's own: no report is written into it,
    // and a lock file written over by another tool does not stop imports.
    let into = folder.join("import.lock");
    let ran = run_cli(
        &hub,
        NOW,
        &[
            "report",
            "--day",
            "2026-11-03",
            "-o",
            into.to_str().unwrap(),
        ],
    );
    assert_eq!(ran.code, Some(2), "{}", ran.said());
    std::fs::write(&into, "not a lock").unwrap();
    let after = import(&hub, &files[..1]);
    assert_eq!(after.code, Some(0), "{}", after.said());
}

#[test]
fn a_newer_state_of_a_case_replaces_the_older_and_a_dry_run_writes_nothing() {
    let three = three_bundled();
    let hub = hub(three.dir.path());
    assert_eq!(import(&hub, &[&three.bundles[0]]).code, Some(0));
    assert_eq!(report(&hub)["replied"], 1);

    // At the station, a second case is replied; its next bundle is only
    // November's.
    let open: Vec<String> = query(
        &three.stations[0],
        "SELECT id FROM cases WHERE route = 'assign' AND reply_date IS NULL ORDER BY opened_at",
    );
    let mut store = Store::open(&three.stations[0]).unwrap();
    reply(&mut store, &CaseId::from(open[0].as_str()), "2026-11-28");
    drop(store);
    let newer = three.dir.path().join("HA01-november.ldb");
    let ran = bundle(
        &three.stations[0],
        &newer,
        &["--from", "2026-11-01", "--to", "2026-11-30"],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());

    let before = copies(&hub);
    let dry = run_cli(
        &hub,
        NOW,
        &["hub", "import", "--dry-run", newer.to_str().unwrap()],
    );
    assert_eq!(dry.code, Some(0), "{}", dry.said());
    assert!(dry.stdout.contains("试运行"), "{}", dry.said());
    assert!(dry.stdout.contains("案件新增 0、更新 1"), "{}", dry.said());
    assert_eq!(copies(&hub), before);

    let ran = import(&hub, &[&newer]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("案件新增 0、更新 1"), "{}", ran.said());
    assert_eq!(report(&hub)["replied"], 2);
    assert_eq!(
        report(&hub)["batches"],
        report(&three.stations[0])["batches"]
    );

    // The older whole-history bundle again does not undo the reply.
    let old = import(&hub, &[&three.bundles[0]]);
    assert_eq!(old.code, Some(0), "{}", old.said());
    assert_eq!(report(&hub)["replied"], 2);

    // A deputy's entry corrected at the station after the ranged bundle
    // was made: the newer state reaches the hub, and the older ranged
    // bundle imported again afterwards leaves it as it is.
    let mut store = Store::open(&three.stations[0]).unwrap();
    let deputy = store.deputies(false).unwrap()[0].id.clone();
    let mut entry = store.roster_entry(&deputy).unwrap().profile;
    entry.unit_post = "城关社区居委会主任".into();
    let later = at("2026-12-01");
    store.update_deputy(&deputy, &entry, "秘书", later).unwrap();
    drop(store);
    let whole = three.dir.path().join("HA01-whole.ldb");
    assert_eq!(bundle(&three.stations[0], &whole, &[]).code, Some(0));
    assert_eq!(import(&hub, &[&whole]).code, Some(0));
    let copy = hub_copy(&hub, "HA01");
    let posts = || {
        query(
            &copy,
            &format!("SELECT unit_post FROM deputies WHERE id = '{deputy}'"),
        )
    };
    assert_eq!(posts(), ["城关社区居委会主任"]);
    let again = import(&hub, &[&newer]);
    assert_eq!(again.code, Some(0), "{}", again.said());
    assert_eq!(posts(), ["城关社区居委会主任"]);
}

fn flipped(file: &Path, at: usize, name: &str) -> PathBuf {
    let mut bytes = std::fs::read(file).unwrap();
    let i = if at == usize::MAX {
        bytes.len() - 100
    } else {
        at
    };
    bytes[i] ^= 0x01;
    let out = file.with_file_name(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn changed_cut_and_foreign_bundles_are_refused_and_change_nothing() {
    let three = three_bundled();
    let hub = hub(three.dir.path());
    assert_eq!(import(&hub, &[&three.bundles[0]]).code, Some(0));
    let before = copies(&hub);
    let stations_before = run_cli(
        &hub,
        NOW,
        &["report", "--from", "2026-01-01", "--to", "2026-12-31"],
    )
    .stdout;

    // One byte of the payload, one byte of the header.
    let payload = flipped(&three.bundles[0], usize::MAX, "payload.ldb");
    let ran = import(&hub, &[&payload]);
    assert_ne!(ran.code, Some(0));
    assert!(
        ran.said().contains("城关社区代表工作站（HA01）"),
        "{}",
        ran.said()
    );
    assert!(ran.said().contains("改动过"), "{}", ran.said());
    assert!(ran.said().contains("没有任何改动"), "{}", ran.said());
    let header = flipped(&three.bundles[1], 60, "header.ldb");
    let ran = import(&hub, &[&header]);
    assert_ne!(ran.code, Some(0));
    assert!(
        ran.said().contains("签名核对不上") || ran.said().contains("读不出来"),
        "{}",
        ran.said()
    );

    // Cut off in copying.
    let bytes = std::fs::read(&three.bundles[2]).unwrap();
    let cut = three.dir.path().join("cut.ldb");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).unwrap();
    let ran = import(&hub, &[&cut]);
    assert_ne!(ran.code, Some(0));
    assert!(ran.said().contains("文件不完整"), "{}", ran.said());

    // Another station claiming HA01 with its own key.
    let other = tempfile::tempdir().unwrap();
    let impostor = make_station(other.path(), "HA01", "冒名工作站", 2);
    let foreign = other.path().join("foreign.ldb");
    assert_eq!(bundle(&impostor, &foreign, &[]).code, Some(0));
    let ran = import(&hub, &[&foreign]);
    assert_ne!(ran.code, Some(0));
    assert!(ran.said().contains("另一把密钥"), "{}", ran.said());
    assert!(ran.said().contains("冒名工作站（HA01）"), "{}", ran.said());

    // Not a bundle at all, and a folder.
    let ran = import(&hub, &[&three.stations[0]]);
    assert!(
        ran.said().contains("不是值班台的上报数据包"),
        "{}",
        ran.said()
    );
    let ran = import(&hub, &[three.dir.path()]);
    assert!(ran.said().contains("读不了文件"), "{}", ran.said());

    assert_eq!(copies(&hub), before);
    let after = run_cli(
        &hub,
        NOW,
        &["report", "--from", "2026-01-01", "--to", "2026-12-31"],
    )
    .stdout;
    assert_eq!(after, stations_before);
    let log = query(&hub, "SELECT action FROM audit_log").join(" ");
    assert!(log.matches("hub.import_refused").count() >= 4, "{log}");

    // After `hub forget`, the reinstalled station registers its new key.
    let (admin, pin) = (USERS[0].0, USERS[0].2);
    let mut store = Store::open(&hub).unwrap();
    add_users(&mut store);
    drop(store);
    let ran = run_cli_with(
        &hub,
        NOW,
        &["hub", "forget", "HA01", "--user", admin],
        &[("LIAISON_DESK_PIN", pin)],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let ran = import(&hub, &[&foreign]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    // The station's figures are now the reinstalled desk's alone.
    assert_eq!(report(&hub)["batches"], 2);
}

#[test]
fn no_visitor_contact_reaches_the_hub_unless_asked_for() {
    let three = three_bundled();
    for b in &three.bundles {
        let bytes = std::fs::read(b).unwrap();
        assert!(!contains(&bytes, PHONE), "a phone in {}", b.display());
        assert!(!contains(&bytes, VISITOR), "a name in {}", b.display());
        assert!(
            !contains(&bytes, "13900001111"),
            "a deputy's phone in {}",
            b.display()
        );
        // No user leaves the station: no PIN's hash (random ids may well
        // hold the PIN's four digits, so those prove nothing).
        assert!(
            !contains(&bytes, "$argon2"),
            "a PIN hash in {}",
            b.display()
        );
    }
    let hub = hub(three.dir.path());
    let files: Vec<&Path> = three.bundles.iter().map(PathBuf::as_path).collect();
    assert_eq!(import(&hub, &files).code, Some(0));
    for (file, bytes) in hub_bytes(&hub) {
        assert!(!contains(&bytes, PHONE), "a phone in {}", file.display());
        assert!(!contains(&bytes, VISITOR), "a name in {}", file.display());
    }
    // The family name and 某 stand in for the visitor.
    let names = query(&copies(&hub)[0].0, "SELECT visitor_name FROM receptions");
    assert!(names.iter().all(|n| n == "赵某"), "{names:?}");

    // With contacts, for a reason the station's audit log keeps.
    let full = three.dir.path().join("full.ldb");
    let ran = bundle(
        &three.stations[0],
        &full,
        &["--with-contacts", "--reason", "县人大回访选民"],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("联系方式"), "{}", ran.said());
    assert!(contains(&std::fs::read(&full).unwrap(), PHONE));
    let log = query(&three.stations[0], "SELECT action FROM audit_log").join(" ");
    assert!(log.contains("bundle"), "{log}");
}

#[test]
fn a_bundle_needs_a_secretary_and_a_safe_path() {
    let three = three_bundled();
    let station = &three.stations[0];
    let deputy = run_cli_with(
        station,
        NOW,
        &["bundle", "-o", "x.ldb", "--user", USERS[2].0],
        &[("LIAISON_DESK_PIN", USERS[2].2)],
    );
    assert_ne!(deputy.code, Some(0));
    assert!(
        deputy.said().contains("只有秘书或管理员"),
        "{}",
        deputy.said()
    );
    // Over the database itself, into a folder, into a missing folder.
    for target in [
        station.clone(),
        three.dir.path().to_path_buf(),
        three.dir.path().join("missing").join("b.ldb"),
    ] {
        let ran = bundle(station, &target, &[]);
        assert_ne!(ran.code, Some(0), "{}", target.display());
        assert!(!ran.said().contains("panicked"), "{}", ran.said());
    }
    assert!(Store::open_read_only(station).is_ok());
    // A station is not a hub.
    let ran = import(station, &[&three.bundles[1]]);
    assert!(ran.said().contains("不是汇总站"), "{}", ran.said());
    let ran = run_cli(
        station,
        NOW,
        &["hub", "init", "--code", "SZL", "--name", "街道"],
    );
    assert!(ran.said().contains("不能设为汇总站"), "{}", ran.said());
}

#[test]
fn the_hub_desk_walks_its_stations_a_register_and_the_supervision_list_at_80x24() {
    use common::pty::{DOWN, ENTER, ESC, PAGE_DOWN, Session};
    let (_three, hub) = three_at_a_hub();
    let mut store = Store::open(&hub).unwrap();
    add_users(&mut store);
    drop(store);
    let home = tempfile::tempdir().unwrap();
    let mut s = Session::spawn(
        home.path(),
        &hub,
        (80, 24),
        &[],
        &[("LIAISON_DESK_NOW", NOW)],
    );
    s.sign_in(0, USERS[0].2);
    s.expect("汇总站 · 各站");
    s.expect("HA03");
    // The year's total of the three stations, under the list.
    let screen = s.expect("合计");
    assert!(screen.contains("21/"), "{screen}");

    // The second station's reception register, read-only, for the year.
    s.send(DOWN).send(ENTER);
    let menu = s.expect("台账（五簿一册）");
    // Nothing on a copy invites an entry; the title keeps its mark at 80
    // columns (the names before it give way).
    s.expect("按登记簿查看该站的记录");
    assert!(menu.contains("建工集团代表工作站（只读）· 台账"), "{menu}");
    s.send("1");
    s.expect("接待选民登记簿");
    s.send("5");
    let register = s.expect("HA02-20261102-001");
    assert!(!register.contains(VISITOR), "{register}");
    assert!(!register.contains("HA01-"), "{register}");
    // Read-only: no key that changes or sends out the register is offered,
    // and one pressed says why at once.
    assert!(register.contains("查看案件"), "{register}");
    assert!(!register.contains("导出"), "{register}");
    s.send("x");
    let said = s.expect("登记、修改、导出和打印请在该站办理");
    // The message takes one line: the hint bar under it stays whole.
    let line = said.lines().find(|l| l.contains("汇总站只能查看")).unwrap();
    assert!(line.contains("请在该站办理。"), "{said}");
    assert!(said.contains("Esc  返回"), "{said}");
    s.send(ESC).send(ESC);
    s.expect("汇总站 · 各站");

    // 督办: the open cases past or near their deadline, searched.
    s.send("d");
    s.expect("督办 · 各站超期和临近期限的案件");
    s.expect("HA01-2026110");
    s.send("公交站");
    s.expect("搜索：公交站");
    s.send(ENTER);
    let detail = s.expect("案件详情");
    // Visitors are 某 at a hub: no list of "the same visitor's" cases.
    assert!(!detail.contains("该来访人的其他案件"), "{detail}");
    s.send(ESC);
    // A search that finds nothing says so, not that nothing is late.
    s.send("路灯");
    s.expect("超期和临近期限的案件中没有“公交站路灯”。");
    s.send(ESC);
    s.expect("汇总站 · 各站");

    // 统计: the three stations added up for the year, and each one's line
    // under the charts.
    s.send("t");
    s.expect("十字路街道人大工委接待工作统计");
    s.send("5");
    s.expect("接待群众21批");
    for _ in 0..8 {
        s.send(PAGE_DOWN);
    }
    let stations = s.expect("【各站】");
    assert!(stations.contains("HA02 建工集团代表工作站"), "{stations}");
    assert!(stations.contains("4/"), "{stations}");
    s.send(ESC);
    s.expect("汇总站 · 各站");
    s.send("q");
    assert!(s.wait_exit().success());
}

#[test]
fn a_town_hub_bundle_gives_the_county_the_same_figures() {
    let three = three_bundled();
    let town = hub(three.dir.path());
    let files: Vec<&Path> = three.bundles.iter().map(PathBuf::as_path).collect();
    assert_eq!(import(&town, &files).code, Some(0));
    let mut store = Store::open(&town).unwrap();
    add_users(&mut store);
    drop(store);
    let town_bundle = three.dir.path().join("SZL.ldb");
    let ran = bundle(&town, &town_bundle, &[]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());

    let county = three.dir.path().join("county.db");
    let ran = run_cli(
        &county,
        NOW,
        &[
            "hub",
            "init",
            "--code",
            "XRD",
            "--name",
            "县人大常委会代表工作室",
        ],
    );
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let ran = import(&county, &[&town_bundle]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(ran.stdout.matches("已导入").count(), 3, "{}", ran.said());

    let at_town = report(&town);
    let at_county = report(&county);
    for key in FIGURES {
        assert_eq!(at_county[key], at_town[key], "{key}");
    }
    let listed = at_county["stations"].as_array().unwrap();
    assert_eq!(listed.len(), 3, "{at_county:#}");
    assert!(listed.iter().all(|s| s["via"] == "SZL"), "{at_county:#}");

    // Again: nothing changes. One byte changed: refused, nothing changes.
    let before = copies(&county);
    let again = import(&county, &[&town_bundle]);
    assert!(again.stdout.contains("已是最新"), "{}", again.said());
    let changed = flipped(&town_bundle, usize::MAX, "SZL-changed.ldb");
    let ran = import(&county, &[&changed]);
    assert_ne!(ran.code, Some(0));
    assert!(
        ran.said().contains("十字路街道人大工委（SZL）"),
        "{}",
        ran.said()
    );
    assert_eq!(copies(&county), before);
    for (file, bytes) in hub_bytes(&county) {
        assert!(!contains(&bytes, PHONE), "a phone in {}", file.display());
    }
}

#[test]
fn the_supervision_list_is_the_stations_own_and_follows_each_new_bundle() {
    use liaison_desk::domain::stats::{Period, PeriodKind};
    use liaison_desk::service::hub::{hub_home, station_figures, supervision};
    use liaison_desk::store::{CaseFilter, Cursor};
    let three = three_bundled();
    let hub_db = hub(three.dir.path());
    assert_eq!(import(&hub_db, &[&three.bundles[0]]).code, Some(0));
    let today = at("2026-12-05").date();

    // What the station's own case list shows as due by its warning days.
    let own_due = |station: &Path| -> Vec<String> {
        let store = Store::open(station).unwrap();
        let settings = store.settings().unwrap();
        let by = settings
            .working_calendar()
            .add_working_days(today, settings.near_deadline_days);
        let filter = CaseFilter {
            due_by: Some(by),
            ..Default::default()
        };
        let (rows, next) = store.case_page(&filter, &Cursor::Start, 100).unwrap();
        assert_eq!(next, Cursor::End);
        let mut numbers: Vec<String> = rows.into_iter().map(|c| c.number).collect();
        numbers.sort();
        numbers
    };
    let listed = |hub: &mut Store, query: &str| -> Vec<String> {
        let mut numbers: Vec<String> = supervision(hub, today, query, 1000)
            .unwrap()
            .into_iter()
            .map(|c| c.case.number)
            .collect();
        numbers.sort();
        numbers
    };
    let mut hub = Store::open(&hub_db).unwrap();
    let due = own_due(&three.stations[0]);
    assert_eq!(due.len(), 3, "{due:?}");
    assert_eq!(listed(&mut hub, ""), due);
    let cases = supervision(&mut hub, today, "", 1000).unwrap();
    assert!(
        cases
            .windows(2)
            .all(|w| w[0].days_overdue >= w[1].days_overdue)
    );
    assert!(
        cases
            .iter()
            .all(|c| c.days_overdue > 0 && c.station.code == "HA01")
    );
    // The home counts the same overdue cases, and the station's own year.
    let home = hub_home(&mut hub, today).unwrap();
    assert_eq!(home.len(), 1);
    assert_eq!(home[0].overdue, cases.len() as i64);
    let own = report(&three.stations[0]);
    assert_eq!(home[0].year.batches, own["batches"].as_i64().unwrap());
    assert_eq!(home[0].year.solved(), own["solved"].as_i64().unwrap());
    assert_eq!(home[0].month.batches, 0);
    // Ten days on, with no new bundle: the same counts.
    let later = hub_home(&mut hub, today + chrono::Days::new(10)).unwrap();
    assert_eq!(later[0].year, home[0].year);
    assert_eq!(later[0].overdue, home[0].overdue);
    // The report, too, counts the station as of its bundle's loading.
    let year = Period::containing(PeriodKind::Year, today);
    let then = station_figures(&hub, year, today).unwrap();
    let now = station_figures(&hub, year, today + chrono::Days::new(10)).unwrap();
    assert_eq!(now[0].counts, then[0].counts);
    assert_eq!(then[0].counts.batches, own["batches"].as_i64().unwrap());
    // The first page is the most overdue.
    let first = supervision(&mut hub, today, "", 2).unwrap();
    assert_eq!(first.len(), 2);
    assert_eq!(first[0].case.number, cases[0].case.number);

    // Searched as the case list searches: content, department, number;
    // never the visitor's name, which the hub does not hold.
    assert_eq!(listed(&mut hub, "公交").len(), 3);
    assert_eq!(listed(&mut hub, "街道办").len(), 3);
    assert_eq!(listed(&mut hub, &due[1]), vec![due[1].clone()]);
    assert_eq!(listed(&mut hub, "赵大"), Vec::<String>::new());
    assert_eq!(listed(&mut hub, "50%"), Vec::<String>::new());
    // By the station's name or code, as the list shows them.
    assert_eq!(listed(&mut hub, "城关社区"), due);
    assert_eq!(listed(&mut hub, "ha01"), due);
    assert_eq!(listed(&mut hub, "建工集团"), Vec::<String>::new());

    // The station replies to one more; its next bundle takes it off.
    let open: Vec<String> = query(
        &three.stations[0],
        "SELECT id FROM cases WHERE route = 'assign' AND reply_date IS NULL ORDER BY opened_at",
    );
    let mut store = Store::open(&three.stations[0]).unwrap();
    reply(&mut store, &CaseId::from(open[0].as_str()), "2026-12-01");
    drop(store);
    let newer = three.dir.path().join("HA01-later.ldb");
    assert_eq!(bundle(&three.stations[0], &newer, &[]).code, Some(0));
    drop(hub);
    assert_eq!(import(&hub_db, &[&newer]).code, Some(0));
    let mut hub = Store::open(&hub_db).unwrap();
    let due = own_due(&three.stations[0]);
    assert_eq!(due.len(), 2);
    assert_eq!(listed(&mut hub, ""), due);

    // A second station's cases join the list.
    drop(hub);
    assert_eq!(import(&hub_db, &[&three.bundles[1]]).code, Some(0));
    let mut hub = Store::open(&hub_db).unwrap();
    let mut both = own_due(&three.stations[0]);
    both.extend(own_due(&three.stations[1]));
    both.sort();
    assert_eq!(listed(&mut hub, ""), both);
}

#[test]
fn a_hubs_report_workbook_has_a_sheet_by_station_that_adds_up() {
    let (three, hub) = three_at_a_hub();
    let own: Vec<Value> = three.stations.iter().map(|s| report(s)).collect();
    let book = three.dir.path().join("县汇总.xlsx");
    year_report(&hub, "xlsx", &["-o", book.to_str().unwrap()]);
    let rows = named_sheet_rows(&book, "各站");
    let head = &rows[0];
    assert_eq!(&head[..3], ["站码", "名称", "数据截至"]);
    let column = |label: &str| head.iter().position(|h| h == label).unwrap();
    let (batches, persons) = (column("接待批次"), column("接待人次"));
    assert_eq!(rows.len(), 1 + 3 + 1, "{rows:?}");
    // The stations were made as HA01, HA02 and HA03, in that order.
    for (i, (station, at_station)) in rows[1..4].iter().zip(&own).enumerate() {
        assert_eq!(station[0], format!("HA0{}", i + 1), "{rows:?}");
        assert_eq!(
            station[batches],
            at_station["batches"].to_string(),
            "{station:?}"
        );
        assert_eq!(
            station[persons],
            at_station["persons"].to_string(),
            "{station:?}"
        );
    }
    let total = &rows[4];
    assert_eq!(total[1], "合计");
    let sum: i64 = own.iter().map(|r| r["batches"].as_i64().unwrap()).sum();
    assert_eq!(total[batches], sum.to_string());
    // The summary sheet speaks for the hub's totals.
    let summary = named_sheet_rows(&book, "汇总");
    assert!(
        summary.iter().any(|r| r.iter().any(|c| c.contains("21"))),
        "{summary:?}"
    );
}

fn day_digest(db: &Path, day: &str, format: &str) -> Ran {
    let ran = run_cli(db, NOW, &["report", "--day", day, "--format", format]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    ran
}

#[test]
fn a_hubs_daily_digest_is_its_stations_days_added_up() {
    let (three, hub) = three_at_a_hub();
    let day = "2026-11-03";
    let json =
        |db: &Path| -> Value { serde_json::from_str(&day_digest(db, day, "json").stdout).unwrap() };
    let own: Vec<Value> = three.stations.iter().map(|s| json(s)).collect();
    let total = json(&hub);
    let keys = [
        "batches",
        "persons",
        "items",
        "on_the_spot",
        "referred",
        "not_accepted",
    ];
    for key in keys {
        let sum: i64 = own.iter().map(|r| r[key].as_i64().unwrap()).sum();
        assert_eq!(total[key].as_i64().unwrap(), sum, "{key}");
    }
    assert!(total["batches"].as_i64().unwrap() >= 3, "{total}");
    let listed = total["stations"].as_array().unwrap();
    for (i, one) in own.iter().enumerate() {
        let code = format!("HA0{}", i + 1);
        let at_hub = listed.iter().find(|s| s["code"] == code.as_str()).unwrap();
        for key in keys {
            assert_eq!(at_hub[key], one[key], "{code} {key}");
        }
    }
    // The CSV lists each station under the totals, as the JSON does.
    let csv = day_digest(&hub, day, "csv").stdout;
    for (i, one) in own.iter().enumerate() {
        let row = csv
            .lines()
            .find(|l| l.starts_with(&format!("by_station,HA0{} ", i + 1)))
            .unwrap_or_else(|| panic!("{csv}"));
        let batches = row.split(',').nth(2).unwrap();
        assert_eq!(batches, one["batches"].to_string(), "{row}");
    }
    // Read as a person reads it: the hub's name, the sum, then each station.
    let text = day_digest(&hub, day, "text").stdout;
    assert!(text.contains("十字路街道人大工委"), "{text}");
    // Unfinished forms stay at their station: the hub does not count them.
    assert!(!text.contains("未完成的登记草稿"), "{text}");
    for name in [
        "城关社区代表工作站",
        "建工集团代表工作站",
        "农贸市场代表工作站",
    ] {
        assert!(text.contains(name), "{text}");
    }
    // A day after every station's data ends: nothing, and each line says
    // how far its data runs.
    let later: Value =
        serde_json::from_str(&day_digest(&hub, "2026-12-01", "json").stdout).unwrap();
    assert_eq!(later["batches"], 0);
    assert_eq!(later["stations"][0]["data_through"], "2026-11-08");
}

#[test]
fn a_hubs_backup_carries_its_station_copies_and_a_restore_brings_them_back() {
    let (three, hub) = three_at_a_hub();
    let before = report(&hub);
    let saved = three.dir.path().join("hub-backup.db");
    let ran = run_cli(&hub, NOW, &["backup", "-o", saved.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let beside = three.dir.path().join("hub-backup.db-stations");
    let kept: Vec<_> = std::fs::read_dir(&beside).unwrap().collect();
    assert_eq!(kept.len(), 3, "{kept:?}");

    // The hub's computer is lost: its database and its copies.
    std::fs::remove_file(&hub).unwrap();
    std::fs::remove_dir_all(three.dir.path().join("hub.db-stations")).unwrap();
    let ran = run_cli(&hub, NOW, &["restore", saved.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let after = report(&hub);
    for key in FIGURES {
        assert_eq!(after[key], before[key], "{key}");
    }
    assert_eq!(after["stations"], before["stations"]);
    assert_eq!(copies(&hub).len(), 3);

    // Backing up again over the same file replaces its copies; a folder of
    // someone else's under the copies' name is never removed.
    let ran = run_cli(&hub, NOW, &["backup", "-o", saved.to_str().unwrap()]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    let other = three.dir.path().join("other.db");
    let theirs = three.dir.path().join("other.db-stations");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("报告.docx"), "mine").unwrap();
    let ran = run_cli(&hub, NOW, &["backup", "-o", other.to_str().unwrap()]);
    assert_ne!(ran.code, Some(0), "{}", ran.said());
    assert!(
        ran.said()
            .contains("other.db-stations”已存在，里面有别的文件"),
        "{}",
        ran.said()
    );
    assert!(theirs.join("报告.docx").exists());
    assert!(!other.exists(), "a backup that failed leaves no file");

    // A copy that cannot be read (here a folder in its place): the backup
    // fails whole, and keeps neither its file nor a half folder of copies.
    let (copy, _) = &copies(&hub)[0];
    std::fs::remove_file(copy).unwrap();
    std::fs::create_dir(copy).unwrap();
    let half = three.dir.path().join("half.db");
    let ran = run_cli(&hub, NOW, &["backup", "-o", half.to_str().unwrap()]);
    assert_ne!(ran.code, Some(0), "{}", ran.said());
    assert!(!half.exists(), "{}", ran.said());
    assert!(!three.dir.path().join("half.db-stations.part").exists());
    assert!(!three.dir.path().join("half.db-stations").exists());
}

#[test]
fn what_a_killed_import_left_is_cleared_by_the_next_import() {
    let (three, hub) = three_at_a_hub();
    let folder = three.dir.path().join("hub.db-stations");
    // A payload read, a copy being loaded and its journal, a town's
    // station copy: all left by imports stopped by a kill.
    let left: Vec<PathBuf> = ["a.payload", "b.incoming", "b.incoming-journal", "c.carried"]
        .iter()
        .map(|n| folder.join(n))
        .collect();
    for path in &left {
        std::fs::write(path, "left by a kill").unwrap();
    }
    assert!(
        import(&hub, &[&three.bundles[0]])
            .stdout
            .contains("已是最新")
    );
    for path in &left {
        assert!(!path.exists(), "{}", path.display());
    }
}

#[test]
fn a_damaged_copy_is_replaced_by_the_stations_whole_bundle_again() {
    let (three, hub) = three_at_a_hub();
    let before = report(&hub);
    // A page in the middle of one copy overwritten (a disk fault).
    let copy = hub_copy(&hub, "HA02");
    let mut bytes = std::fs::read(&copy).unwrap();
    let page = 4096 * 3;
    bytes[page..page + 4096].fill(0x5a);
    std::fs::write(&copy, bytes).unwrap();
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(ran.said().contains("HA02"), "{}", ran.said());
    // As check advises: the station's bundle again mends it.
    let again = import(&hub, &[&three.bundles[1]]);
    assert_eq!(again.code, Some(0), "{}", again.said());
    assert!(!again.stdout.contains("已是最新"), "{}", again.said());
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(report(&hub), before);
}

#[test]
fn what_a_station_deletes_goes_from_the_hubs_copy_with_its_next_whole_bundle() {
    use liaison_desk::domain::register_forms::NewActivity;
    use liaison_desk::domain::roles::{Actor, Role};
    let dir = tempfile::tempdir().unwrap();
    let db = make_station(dir.path(), "HA01", "城关社区代表工作站", 2);
    let mut store = Store::open(&db).unwrap();
    let second = NewDeputy {
        name: "李秀英".into(),
        ..Default::default()
    };
    let second = store.add_deputy(&second, "", at("2026-11-20")).unwrap();
    let deputies = store.deputies(false).unwrap();
    let first = deputies.iter().find(|d| d.id != second).unwrap().id.clone();
    let mut activity = NewActivity {
        date: Some(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()),
        kind: "视察".into(),
        topic: "老旧小区改造".into(),
        participants: vec![first.to_string(), second.to_string()],
        ..Default::default()
    };
    let id = store
        .add_activity(&activity, "林秘书", at("2026-11-20"))
        .unwrap();
    drop(store);
    let before = dir.path().join("before.ldb");
    assert_eq!(bundle(&db, &before, &[]).code, Some(0));
    let hub = hub(dir.path());
    assert_eq!(import(&hub, &[&before]).code, Some(0));
    let copy = &copies(&hub)[0].0;
    let participants = |path: &Path| {
        query(
            path,
            &format!(
                "SELECT CAST(count(*) AS TEXT) FROM activity_participants WHERE activity_id = '{id}'"
            ),
        )
    };
    assert_eq!(participants(copy), ["2"]);

    // The second deputy is taken off the activity at the station.
    let mut store = Store::open(&db).unwrap();
    activity.participants.pop();
    let by = Actor {
        user_id: Default::default(),
        name: "林秘书".into(),
        role: Role::Secretary,
    };
    store
        .update_activity(&by, &id, &activity, "", at("2026-11-21"))
        .unwrap();
    drop(store);
    // Made the next day (bundles are told apart by when they were made).
    let after = dir.path().join("after.ldb");
    let (user, env) = secretary();
    let args = ["bundle", "-o", after.to_str().unwrap(), "--user", user];
    let ran = run_cli_with(&db, "2026-12-06 10:00:00", &args, &env);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    // The dry run says so and changes nothing; the import removes it.
    let mut args = vec!["hub", "import", after.to_str().unwrap(), "--dry-run"];
    let ran = run_cli(&hub, NOW, &args);
    assert!(ran.stdout.contains("已删去的 1 行"), "{}", ran.said());
    assert_eq!(participants(copy), ["2"]);
    args.pop();
    let ran = run_cli(&hub, NOW, &args);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("已删去的 1 行"), "{}", ran.said());
    assert_eq!(participants(copy), ["1"]);
    assert_eq!(participants(&db), ["1"]);
    // The older bundle again brings nothing back and takes nothing away.
    let ran = import(&hub, &[&before]);
    assert!(ran.stdout.contains("已是最新"), "{}", ran.said());
    assert_eq!(participants(copy), ["1"]);
    // A bundle of a period says nothing of rows outside it: it removes none.
    let ranged = dir.path().join("ranged.ldb");
    let period = ["--from", "2026-11-01", "--to", "2026-11-05"];
    assert_eq!(bundle(&db, &ranged, &period).code, Some(0));
    let ran = import(&hub, &[&ranged]);
    assert!(!ran.stdout.contains("已删去"), "{}", ran.said());
}

#[test]
fn check_finds_what_the_hub_keeps_changed_behind_its_back_and_refresh_mends_it() {
    let (_three, hub) = three_at_a_hub();
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(
        ran.stdout.contains("汇总站保存的 3 个站的副本完好"),
        "{}",
        ran.said()
    );
    // The year is what the imports worked out and kept.
    let batches = || report(&hub)["batches"].clone();
    assert_eq!(batches(), 21);

    // Someone edits the kept figures and drops a 督办 case with sqlite3.
    let conn = rusqlite::Connection::open(&hub).unwrap();
    let changed = conn
        .execute(
            "UPDATE hub_figures SET counts = replace(counts, '\"batches\":7', '\"batches\":70')",
            [],
        )
        .unwrap();
    assert!(changed > 0);
    conn.execute(
        "DELETE FROM hub_open_cases WHERE rowid IN (SELECT min(rowid) FROM hub_open_cases)",
        [],
    )
    .unwrap();
    drop(conn);
    assert_eq!(batches(), 84, "the changed figure is what the hub shows");
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    let said = ran.said();
    assert!(
        said.contains("“城关社区代表工作站”2026-01-01 至 2026-12-31 的统计数字"),
        "{said}"
    );
    assert!(said.contains("督办案件与该站副本不一致"), "{said}");
    assert!(said.contains("hub refresh"), "{said}");

    let ran = run_cli(&hub, NOW, &["hub", "refresh"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert!(ran.stdout.contains("3 个站"), "{}", ran.said());
    let logged = query(
        &hub,
        "SELECT action FROM audit_log WHERE action = 'hub.refresh'",
    );
    assert_eq!(logged.len(), 1, "the refresh is in the hub's audit log");
    assert_eq!(run_cli(&hub, NOW, &["check"]).code, Some(0));
    assert_eq!(batches(), 21);
}

#[test]
fn a_copy_changed_behind_the_hubs_back_is_found_and_its_bundle_puts_it_right() {
    let (three, hub) = three_at_a_hub();
    let year = || report(&hub)["persons"].clone();
    let persons = year();
    let (copy, _) = copies(&hub)
        .into_iter()
        .find(|(p, _)| p.extension().is_some_and(|x| x == "sqlite"))
        .unwrap();
    let conn = rusqlite::Connection::open(&copy).unwrap();
    conn.execute("UPDATE receptions SET group_size = group_size + 100", [])
        .unwrap();
    drop(conn);
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(1), "{}", ran.said());
    assert!(
        ran.said().contains("副本在本程序之外被改动过"),
        "{}",
        ran.said()
    );
    // The station's bundle again is not 已是最新: it puts the copy back.
    let files: Vec<&Path> = three.bundles.iter().map(PathBuf::as_path).collect();
    let ran = import(&hub, &files);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(ran.stdout.matches("已是最新").count(), 2, "{}", ran.said());
    let ran = run_cli(&hub, NOW, &["check"]);
    assert_eq!(ran.code, Some(0), "{}", ran.said());
    assert_eq!(year(), persons);
}
