//! Roll-up speed on a generated hub: `LIAISON_BENCH_HUB_STATIONS`
//! stations (30 by default) of `LIAISON_BENCH_HUB_CASES` receptions each
//! (10,000 by default, one year), each bundled and imported through the
//! program's own calls.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use liaison_desk::domain::roles::{Actor, Role};
use liaison_desk::domain::stats::Period;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::service::bundle::{BundleRequest, import_bundle, write_bundle};
use liaison_desk::service::demo::{generate_numbered, generated_today};
use liaison_desk::service::hub::{hub_home, station_figures, supervision, totals};
use liaison_desk::store::Store;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn secretary() -> Actor {
    Actor {
        user_id: Default::default(),
        name: "林秘书".into(),
        role: Role::Secretary,
    }
}

/// Station `i`'s database and its whole-history bundle, made once.
fn station_bundle(dir: &Path, i: usize, cases: usize) -> PathBuf {
    let bundle = dir.join(format!("S{i:02}.ldb"));
    if bundle.exists() {
        return bundle;
    }
    let db = dir.join(format!("S{i:02}.db"));
    let _ = std::fs::remove_file(&db);
    generate_numbered(&db, cases, 1, 1, i).expect("generate");
    let mut store = Store::open(&db).unwrap();
    let request = BundleRequest {
        range: None,
        contacts_reason: None,
        path: bundle.clone(),
    };
    let now = generated_today();
    write_bundle(&mut store, &request, &secretary(), now, strings(Lang::Zh)).expect("bundle");
    bundle
}

/// A new hub holding `bundles`.
fn hub_with(dir: &Path, name: &str, bundles: &[PathBuf]) -> Store {
    let path = dir.join(name);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_dir_all(dir.join(format!("{name}-stations")));
    let mut hub = Store::open(&path).unwrap();
    let now = generated_today();
    hub.init_hub("HUB", "县人大常委会代表工作室", now).unwrap();
    for b in bundles {
        import_bundle(&mut hub, b, false, "bench", now).expect("import");
    }
    hub
}

fn benches(c: &mut Criterion) {
    let stations = setting("LIAISON_BENCH_HUB_STATIONS", 30);
    let cases = setting("LIAISON_BENCH_HUB_CASES", 10_000);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hub-{stations}-{cases}"));
    std::fs::create_dir_all(&dir).unwrap();
    eprintln!(
        "{stations} stations of {cases} receptions in {} …",
        dir.display()
    );
    let bundles: Vec<PathBuf> = (1..=stations)
        .map(|i| station_bundle(&dir, i, cases))
        .collect();
    let mut hub = hub_with(&dir, "hub.db", &bundles);
    let today = generated_today().date();
    let year = Period {
        from: today.with_day0(0).and_then(|d| d.with_month0(0)).unwrap(),
        to: today,
    };

    c.bench_function("hub_import_one_station_year_bundle", |b| {
        b.iter_batched(
            || hub_with(&dir, "one.db", &[]),
            |mut one| {
                let now = generated_today();
                import_bundle(&mut one, &bundles[0], false, "bench", now).unwrap();
                one
            },
            BatchSize::PerIteration,
        )
    });
    // Warm: what the import worked out and the hub kept.
    c.bench_function("hub_report_by_station_one_year", |b| {
        b.iter(|| {
            let per_station = station_figures(&hub, year, today).unwrap();
            black_box(totals(&per_station).0.batches)
        })
    });
    // Cold: a period nothing was kept for (each run ends a day earlier),
    // so every station's copy is opened and counted.
    let mut back = 0;
    c.bench_function("hub_report_by_station_uncached", |b| {
        b.iter(|| {
            back += 1;
            let to = today - chrono::Days::new(back);
            let per_station = station_figures(&hub, Period { to, ..year }, to).unwrap();
            black_box(totals(&per_station).0.batches)
        })
    });
    c.bench_function("hub_supervision_first_page", |b| {
        b.iter(|| black_box(supervision(&mut hub, today, "", 50).unwrap().len()))
    });
    c.bench_function("hub_supervision_search_first_page", |b| {
        b.iter(|| black_box(supervision(&mut hub, today, "路灯", 50).unwrap().len()))
    });
    c.bench_function("hub_home_figures", |b| {
        b.iter(|| black_box(hub_home(&mut hub, today).unwrap().len()))
    });
    // A later day with no bundle since: the figures kept at the import
    // still serve (only the overdue count is taken afresh).
    let mut ahead = 0;
    c.bench_function("hub_home_on_a_later_day", |b| {
        b.iter(|| {
            ahead += 1;
            black_box(
                hub_home(&mut hub, today + chrono::Days::new(ahead))
                    .unwrap()
                    .len(),
            )
        })
    });
}

use chrono::Datelike;

criterion_group! {
    name = hub;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(5)).warm_up_time(Duration::from_secs(1));
    targets = benches
}
criterion_main!(hub);
