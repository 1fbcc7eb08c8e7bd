//! `export`: a register for a period to an .xlsx or .csv file.

use super::report::period_of;
use super::{CliError, Setup, out, pin};
use crate::service::export::{
    ExportFormat, ExportRequest, default_file_name, export_register_with, find_register,
};
use crate::store::Store;
use chrono::Datelike;
use std::path::PathBuf;

pub struct Args<'a> {
    pub register: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub format: ExportFormat,
    pub output: Option<PathBuf>,
    pub user: &'a str,
    pub full_reason: Option<String>,
}

pub fn run(mut store: Store, setup: &Setup, args: Args) -> Result<(), CliError> {
    let t = setup.t;
    let today = setup.clock.now().date();
    let month_start = today.with_day(1).unwrap_or(today);
    let from = args
        .from
        .map_or_else(|| month_start.to_string(), String::from);
    let to = args.to.map_or_else(|| today.to_string(), String::from);
    let period = period_of(t, &from, &to)?;
    let preset = store
        .settings()
        .map(|s| s.register_preset)
        .unwrap_or_default();
    let Some(def) = find_register(args.register, &preset) else {
        return Err(CliError::refused(
            t.registers.unknown_register.fill([&args.register]),
        ));
    };
    let by = pin::sign_in(&mut store, setup, args.user)?;
    let path = match args.output {
        Some(path) => path,
        None => {
            let code = store
                .station()
                .ok()
                .flatten()
                .map(|s| s.code)
                .unwrap_or_default();
            PathBuf::from(default_file_name(&code, &def, period, args.format))
        }
    };
    let request = ExportRequest {
        def,
        range: period,
        format: args.format,
        path,
        full_reason: args.full_reason,
    };
    let mut bar = super::progress::Bar::new(&request.def.title, 0);
    let mut progress = |done: usize, total: usize| {
        bar.set_total(total as u64);
        bar.set(done as u64);
    };
    let now = setup.clock.now();
    let done = export_register_with(&mut store, &request, t, &by, now, &mut progress);
    drop(bar);
    match done {
        Ok(rows) => {
            out::say(t.registers.exported.fill([&rows, &request.path.display()]));
            Ok(())
        }
        Err(e) if e.is_refusal() => Err(CliError::refused(e.message(t))),
        Err(e) => Err(CliError::failed(e.message(t))),
    }
}
