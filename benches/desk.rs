//! Speed targets, measured on a generated database (1,000,000 receptions
//! by default; `LIAISON_BENCH_CASES=100000 cargo bench` for a quicker run).
//! Where the program runs a query, the same work in bare SQLite is timed
//! beside it so that the program's overhead reads as a ratio.

use chrono::NaiveDateTime;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use liaison_desk::domain::calendar::Calendar;
use liaison_desk::domain::choices::{Channel, Gender, RequestType, Route};
use liaison_desk::domain::reception::ValidReception;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::demo::generated_today;
use liaison_desk::store::{CaseFilter, CaseUpdate, Cursor, SaveContext, Store};
use liaison_desk::ui::Clock;
use liaison_desk::ui::app::App;
use liaison_desk::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The generated database, built once and kept in the target folder.
fn bench_db() -> PathBuf {
    let cases: usize = std::env::var("LIAISON_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-{cases}.db"));
    if !path.exists() {
        eprintln!("generating {cases} receptions into {} …", path.display());
        let partial = path.with_extension("partial");
        let _ = std::fs::remove_file(&partial);
        liaison_desk::service::demo::generate(&partial, cases, 10, 10).expect("generate");
        std::fs::rename(&partial, &path).expect("rename");
    }
    path
}

fn now() -> NaiveDateTime {
    generated_today()
}

/// The app on `db` as it opens (the sign-in screen, or setup on a
/// database without users), before anyone signs in.
fn first_frame_app(db: &Path, width: u16, height: u16) -> (App, Terminal<TestBackend>) {
    let store = Store::open(db).unwrap();
    let app = App::new(
        store,
        strings(Lang::Zh),
        Theme::fallback(),
        Clock::Fixed(now()),
        std::env::temp_dir(),
    );
    (app, Terminal::new(TestBackend::new(width, height)).unwrap())
}

const BENCH_PIN: &str = "1234";

/// The app signed in as the administrator (made on first use), at home.
fn app_at(db: &Path, width: u16, height: u16) -> (App, Terminal<TestBackend>) {
    let mut store = Store::open(db).unwrap();
    if !store.has_users().unwrap() {
        store
            .create_first_admin("管理员", BENCH_PIN, now())
            .unwrap();
    }
    drop(store);
    let (mut app, terminal) = first_frame_app(db, width, height);
    for c in BENCH_PIN.chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    (app, terminal)
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn startup(c: &mut Criterion, db: &Path) {
    // Opening the database and drawing the first screen (sign-in).
    c.bench_function("startup_to_first_frame_200x60", |b| {
        b.iter(|| {
            let (mut app, mut terminal) = first_frame_app(db, 200, 60);
            terminal.draw(|f| app.draw(f)).unwrap();
            black_box(&terminal);
        })
    });
    // Then the PIN (an Argon2 check, slow on purpose) and the home screen
    // with today's counts.
    drop(app_at(db, 80, 24));
    c.bench_function("sign_in_to_home_frame_200x60", |b| {
        b.iter(|| {
            let (mut app, mut terminal) = first_frame_app(db, 200, 60);
            for c in BENCH_PIN.chars() {
                key(&mut app, KeyCode::Char(c));
            }
            key(&mut app, KeyCode::Enter);
            terminal.draw(|f| app.draw(f)).unwrap();
            black_box(&terminal);
        })
    });
}

/// Time to first frame on small databases: a new station, and a year of demo data.
fn startup_small(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.db");
    Store::open(&empty)
        .unwrap()
        .init_station("HD01", "海淀", now())
        .unwrap();
    let demo = dir.path().join("demo.db");
    liaison_desk::service::demo::fill(&mut Store::open(&demo).unwrap(), 365, now()).unwrap();
    for (name, db) in [("empty", &empty), ("demo_365_days", &demo)] {
        c.bench_function(&format!("startup_to_first_frame_{name}_200x60"), |b| {
            b.iter(|| {
                let (mut app, mut terminal) = first_frame_app(db, 200, 60);
                terminal.draw(|f| app.draw(f)).unwrap();
            })
        });
    }
}

fn reception_form(c: &mut Criterion, db: &Path) {
    for (w, h) in [(80u16, 24u16), (200, 60)] {
        let (mut app, mut terminal) = app_at(db, w, h);
        // Home → duty sign-in: sign in the first deputy → the form, content field.
        key(&mut app, KeyCode::Char('1'));
        key(&mut app, KeyCode::Enter);
        key(&mut app, KeyCode::F(2));
        key(&mut app, KeyCode::PageDown);
        key(&mut app, KeyCode::Tab);
        key(&mut app, KeyCode::Tab);
        for _ in 0..200 {
            key(&mut app, KeyCode::Char('路'));
        }
        let mut toggle = false;
        c.bench_function(
            &format!("reception_form_keystroke_and_frame_{w}x{h}"),
            |b| {
                b.iter(|| {
                    toggle = !toggle;
                    key(
                        &mut app,
                        if toggle {
                            KeyCode::Char('灯')
                        } else {
                            KeyCode::Backspace
                        },
                    );
                    terminal.draw(|f| app.draw(f)).unwrap();
                })
            },
        );
    }
}

fn sample_reception() -> ValidReception {
    ValidReception {
        visitor_name: Some("赵大妈".into()),
        gender: Gender::Female,
        phone: Some("13812341234".into()),
        id_number: None,
        address: "东街社区".into(),
        group_size: 1,
        channel: Channel::InStation,
        letter_received: None,
        confidential: false,
        category: "交通出行".into(),
        request_type: RequestType::Problem,
        content: "小区门口公交站被撤，老人出行不便，希望恢复站点或开通社区微循环公交。".into(),
        route: Route::OnSpot,
        on_spot_reply: "已解释站点调整原因。".into(),
        department_id: None,
        deadline_days: None,
        not_accepted_reason: None,
        guidance: String::new(),
        remarks: String::new(),
        linked_case_id: None,
    }
}

fn save(c: &mut Criterion, db: &Path) {
    let mut store = Store::open(db).unwrap();
    let deputy = store.deputies(false).unwrap()[0].id.clone();
    let deputies = vec![deputy.clone()];
    let calendar = Calendar::builtin();
    let r = sample_reception();
    c.bench_function("save_reception_durable", |b| {
        b.iter(|| {
            store
                .save_reception(
                    &r,
                    &SaveContext {
                        deputy_ids: &deputies,
                        recorder: "王建国",
                        now: now(),
                        calendar: &calendar,
                        draft_id: None,
                    },
                )
                .unwrap()
        })
    });
    // The same rows written by hand: one transaction, synchronous=FULL.
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;")
        .unwrap();
    let station: String = conn
        .query_row("SELECT id FROM stations LIMIT 1", [], |r| r.get(0))
        .unwrap();
    let mut n = 0u64;
    c.bench_function("bare_sqlite_save_reception_durable", |b| {
        b.iter(|| {
            n += 1;
            let tx = conn.transaction().unwrap();
            let rid = format!("bare-r-{n}-{}", uuid_like());
            let cid = format!("bare-c-{n}-{}", uuid_like());
            tx.execute(
                "INSERT INTO receptions (id, station_id, number, seq, visit_date, received_at, channel, visitor_name,
                    phone, group_size, category, request_type, content, route, recorder, created_at)
                 VALUES (?1, ?2, ?3, 1, '2026-11-10', '2026-11-10 09:30:00', 'in_station', '赵大妈', '13812341234', 1,
                    '交通出行', 'problem', ?4, 'on_spot', '王建国', '2026-11-10 09:30:00')",
                rusqlite::params![rid, station, rid, r.content],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO reception_deputies (reception_id, deputy_id, visit_date, group_size) VALUES (?1, ?2, '2026-11-10', 1)",
                rusqlite::params![rid, deputy],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO cases (id, number, reception_id, summary, category, status, route, opened_at, updated_at)
                 VALUES (?1, ?1, ?2, 'x', '交通出行', 'closed', 'on_spot', '2026-11-10', '2026-11-10')",
                rusqlite::params![cid, rid],
            )
            .unwrap();
            for kind in ["register", "on_spot"] {
                tx.execute(
                    "INSERT INTO case_events (id, case_id, at, actor, kind, to_status) VALUES (?1, ?2, '2026-11-10', '王建国', ?3, 'closed')",
                    rusqlite::params![format!("{cid}-{kind}"), cid, kind],
                )
                .unwrap();
            }
            tx.commit().unwrap();
        })
    });
}

/// A row's every column as an owned value.
fn all_columns(r: &rusqlite::Row) -> rusqlite::Result<Vec<rusqlite::types::Value>> {
    (0..r.as_ref().column_count()).map(|i| r.get(i)).collect()
}

fn case_list(c: &mut Criterion, db: &Path) {
    let store = Store::open(db).unwrap();
    let filter = CaseFilter::default();
    c.bench_function("case_list_first_page", |b| {
        b.iter(|| store.case_page(&filter, &Cursor::Start, 50).unwrap())
    });
    let (_, second) = store.case_page(&filter, &Cursor::Start, 50).unwrap();
    c.bench_function("case_list_next_page", |b| {
        b.iter(|| store.case_page(&filter, &second, 50).unwrap())
    });
    let conn = rusqlite::Connection::open(db).unwrap();
    let bare = "SELECT c.id, c.number, r.visit_date, c.category, c.summary, r.visitor_name, r.confidential,
            r.phone, c.status, c.route, d.name, c.deadline, c.rowid, c.opened_at
         FROM cases c JOIN receptions r ON r.id = c.reception_id LEFT JOIN departments d ON d.id = c.department_id
         WHERE c.status IN ('registered', 'in_progress') AND c.deadline IS NOT NULL
         ORDER BY c.deadline, c.id LIMIT 50";
    // Every column read into owned values, as the program reads them.
    c.bench_function("bare_sqlite_case_list_first_page", |b| {
        b.iter(|| {
            let mut stmt = conn.prepare_cached(bare).unwrap();
            let rows: Vec<Vec<rusqlite::types::Value>> = stmt
                .query_map([], all_columns)
                .unwrap()
                .map(|r| r.unwrap())
                .collect();
            black_box(rows)
        })
    });
    // The next page: the same query after the first page's last case.
    if let Cursor::Open { deadline, id } = &second {
        let bare_next = "SELECT c.id, c.number, r.visit_date, c.category, c.summary, r.visitor_name, r.confidential,
                r.phone, c.status, c.route, d.name, c.deadline, c.rowid, c.opened_at
             FROM cases c JOIN receptions r ON r.id = c.reception_id LEFT JOIN departments d ON d.id = c.department_id
             WHERE c.status IN ('registered', 'in_progress') AND c.deadline IS NOT NULL
               AND (c.deadline, c.id) > (?1, ?2)
             ORDER BY c.deadline, c.id LIMIT 50";
        c.bench_function("bare_sqlite_case_list_next_page", |b| {
            b.iter(|| {
                let mut stmt = conn.prepare_cached(bare_next).unwrap();
                let rows: Vec<Vec<rusqlite::types::Value>> = stmt
                    .query_map([deadline, id], all_columns)
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                black_box(rows)
            })
        });
    }
    for query in ["路灯", "公交车", "晚上出行"] {
        let filter = CaseFilter {
            query: query.into(),
            ..Default::default()
        };
        let n = query.chars().count();
        c.bench_function(&format!("search_{n}_chars_first_50"), |b| {
            b.iter(|| store.case_page(&filter, &Cursor::Start, 50).unwrap())
        });
        let expr = liaison_desk::domain::search::match_expression(query).unwrap();
        let bare = "SELECT c.id, c.number, c.summary FROM cases c
             WHERE c.rowid IN (SELECT rowid FROM case_search WHERE case_search MATCH ?1)
             ORDER BY c.rowid DESC LIMIT 50";
        c.bench_function(&format!("bare_sqlite_search_{n}_chars_first_50"), |b| {
            b.iter(|| {
                let mut stmt = conn.prepare_cached(bare).unwrap();
                let rows: Vec<String> = stmt
                    .query_map([&expr], |r| r.get(0))
                    .unwrap()
                    .map(|r| r.unwrap())
                    .collect();
                black_box(rows)
            })
        });
    }
}

fn transition(c: &mut Criterion, db: &Path) {
    let mut store = Store::open(db).unwrap();
    // Chases spread over many open cases, so that no one case gathers a
    // timeline of thousands of events (its seal covers them all).
    let (rows, _) = store
        .case_page(&CaseFilter::default(), &Cursor::Start, 5000)
        .unwrap();
    let case_id = rows[0].id.clone();
    let update = CaseUpdate::Supervise {
        level: "chase".into(),
        note: "电话催办".into(),
    };
    let mut next = 0;
    c.bench_function("transition_durable", |b| {
        b.iter(|| {
            let id = &rows[next % rows.len()].id;
            next += 1;
            let v = store.case_state(id).unwrap().version;
            store.transition(id, v, &update, "秘书", now()).unwrap()
        })
    });
    let mut conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch("PRAGMA synchronous=FULL;").unwrap();
    let mut n = 0;
    c.bench_function("bare_sqlite_transition_durable", |b| {
        b.iter(|| {
            n += 1;
            let tx = conn.transaction().unwrap();
            tx.execute("UPDATE cases SET version = version + 1, updated_at = '2026-11-10' WHERE id = ?1", [&case_id])
                .unwrap();
            tx.execute(
                "INSERT INTO case_events (id, case_id, at, actor, kind, to_status) VALUES (?1, ?2, '2026-11-10', '秘书', 'supervise', 'in_progress')",
                rusqlite::params![format!("bare-e-{n}-{}", uuid_like()), case_id],
            )
            .unwrap();
            tx.commit().unwrap();
        })
    });
}

fn screens(c: &mut Criterion, db: &Path) {
    let (mut app, mut terminal) = app_at(db, 200, 60);
    c.bench_function("open_case_list_and_render_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('2'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    key(&mut app, KeyCode::Char('2'));
    c.bench_function("render_case_list_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Enter);
    c.bench_function("render_case_detail_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Esc);
    c.bench_function("render_home_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    // The closing review reads the day's checklist facts and digest.
    c.bench_function("open_closing_review_and_render_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('4'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    key(&mut app, KeyCode::Char('4'));
    c.bench_function("render_closing_review_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
    // The administrator's audit log, first page.
    c.bench_function("open_audit_log_and_render_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('l'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    key(&mut app, KeyCode::Char('l'));
    c.bench_function("render_audit_log_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
}

fn reports(c: &mut Criterion, db: &Path) {
    use liaison_desk::domain::stats::{Period, PeriodKind};
    let store = Store::open(db).unwrap();
    let year = Period::containing(PeriodKind::Year, now().date());
    c.bench_function("report_one_year", |b| {
        b.iter(|| store.report_counts(year, now().date()).unwrap())
    });
    let conn = rusqlite::Connection::open(db).unwrap();
    let (from, to) = (year.from.to_string(), now().date().to_string());
    c.bench_function("bare_sqlite_report_one_year", |b| {
        b.iter(|| bare_counts(&conn, &from, &to))
    });
    let (mut app, mut terminal) = app_at(db, 200, 60);
    c.bench_function("statistics_screen_first_frame_month_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('5'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    c.bench_function("statistics_screen_year_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('5'));
            key(&mut app, KeyCode::Char('5'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    // Drawing alone, the year's figures already read.
    key(&mut app, KeyCode::Char('5'));
    key(&mut app, KeyCode::Char('5'));
    c.bench_function("render_statistics_year_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('6'));
    c.bench_function("render_settings_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
}

/// What the report and the digest read, by the same statements, without
/// summing it: the bare-SQLite side of both.
fn bare_counts(conn: &rusqlite::Connection, from: &str, to: &str) {
    let bare = [
        "SELECT category, channel, substr(opened_at, 6, 2), group_size, route, reply_date, deadline,
            closed_date, grade, callback_date, callback, rehandle_count
         FROM cases INDEXED BY cases_for_reports WHERE opened_at >= ?1 AND opened_at < ?2",
        "SELECT deputy_id, count(*), sum(group_size) FROM reception_deputies INDEXED BY reception_deputies_by_date
         WHERE visit_date BETWEEN ?1 AND ?2 GROUP BY deputy_id",
    ];
    for sql in bare {
        let mut stmt = conn.prepare_cached(sql).unwrap();
        let n = stmt
            .query_map([from, to], |r| r.get::<_, rusqlite::types::Value>(1))
            .unwrap()
            .count();
        black_box(n);
    }
}

fn registers(c: &mut Criterion, db: &Path) {
    // The reception register for a month and for a whole year (about a
    // hundred thousand entries): open and draw the first page.
    let (mut app, mut terminal) = app_at(db, 200, 60);
    key(&mut app, KeyCode::Char('3'));
    c.bench_function("register_reception_month_open_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('1'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    c.bench_function("register_reception_year_open_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('1'));
            key(&mut app, KeyCode::Char('5'));
            terminal.draw(|f| app.draw(f)).unwrap();
            key(&mut app, KeyCode::Esc);
        })
    });
    key(&mut app, KeyCode::Char('1'));
    key(&mut app, KeyCode::Char('5'));
    c.bench_function("render_register_reception_200x60", |b| {
        b.iter(|| {
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    c.bench_function("register_reception_year_next_page_200x60", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::PageDown);
            terminal.draw(|f| app.draw(f)).unwrap();
        })
    });
    key(&mut app, KeyCode::Esc);
    let conn = rusqlite::Connection::open(db).unwrap();
    let (from, to) = ("2026-01-01", "2026-12-31");
    c.bench_function("bare_sqlite_register_reception_year_ids", |b| {
        b.iter(|| {
            let mut stmt = conn
                .prepare_cached(
                    "SELECT id FROM receptions WHERE visit_date BETWEEN ?1 AND ?2
                     ORDER BY visit_date, station_id, seq",
                )
                .unwrap();
            let n = stmt
                .query_map([from, to], |r| r.get::<_, String>(0))
                .unwrap()
                .count();
            black_box(n);
        })
    });
    let store = Store::open(db).unwrap();
    let day = now().date();
    c.bench_function("digest_one_day", |b| {
        b.iter(|| {
            let counts = store.day_counts(day).unwrap();
            black_box(liaison_desk::service::report::digest_text(
                &counts,
                day,
                "",
                Some(store.draft_count().unwrap()),
                strings(Lang::Zh),
            ))
        })
    });
    let (from, to) = (day.to_string(), day.succ_opt().unwrap().to_string());
    c.bench_function("bare_sqlite_digest_one_day", |b| {
        b.iter(|| bare_counts(&conn, &from, &to))
    });
    let deputy = store.deputies(false).unwrap()[0].id.clone();
    c.bench_function("duty_record_one_year_one_deputy", |b| {
        b.iter(|| black_box(store.duty_record(&deputy, 2026).unwrap()))
    });
    c.bench_function("duty_record_one_year_all_deputies", |b| {
        b.iter(|| black_box(store.duty_records(2026).unwrap().len()))
    });
}

fn uuid_like() -> String {
    liaison_desk::domain::ids::new_id()
}

fn benches(c: &mut Criterion) {
    startup_small(c);
    let db = bench_db();
    startup(c, &db);
    reception_form(c, &db);
    save(c, &db);
    case_list(c, &db);
    transition(c, &db);
    screens(c, &db);
    reports(c, &db);
    registers(c, &db);
}

criterion_group! {
    name = desk;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(desk);
