//! Builds a large, realistic database for benchmarks and load tests:
//! `cargo run --release --example gen -- --cases 1000000 --db target/bench-1m.db`
//! 10 stations, 10 years, 200 deputies, receptions and cases with Chinese
//! content, cases in every state, activities and study sessions.

use clap::Parser;
use std::path::PathBuf;
use std::time::Instant;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 1_000_000)]
    cases: usize,
    #[arg(long)]
    db: PathBuf,
    #[arg(long, default_value_t = 10)]
    stations: usize,
    #[arg(long, default_value_t = 10)]
    years: u32,
    /// Also add an administrator (管理员, PIN 1234) and a secretary (秘书,
    /// PIN 2468), for commands that need a user (scripts/measure-bulk.sh).
    #[arg(long)]
    users: bool,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let started = Instant::now();
    let written =
        liaison_desk::service::demo::generate(&args.db, args.cases, args.stations, args.years)?;
    if args.users {
        use liaison_desk::domain::roles::Role;
        let now = liaison_desk::service::demo::generated_today();
        let mut store = liaison_desk::store::Store::open(&args.db)?;
        let admin = store.create_first_admin("管理员", "1234", now)?.actor();
        store.add_user(&admin, "秘书", Role::Secretary, "2468", now)?;
    }
    println!(
        "{written} receptions, {} stations, {} deputies in {:.1} s -> {}",
        args.stations,
        args.stations * 20,
        started.elapsed().as_secs_f64(),
        args.db.display()
    );
    Ok(())
}
