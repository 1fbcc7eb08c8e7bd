//! `purge`: lists (dry run) or anonymises the receptions past retention.

use super::{CliError, Setup, out, pin};
use crate::store::Store;

pub fn run(
    mut store: Store,
    setup: &Setup,
    dry_run: bool,
    user: Option<&str>,
) -> Result<(), CliError> {
    let t = setup.t;
    let now = setup.clock.now();
    let months = store
        .settings()
        .map_err(|e| CliError::store(t, &e))?
        .retention_months;
    let last_closed = crate::domain::retention::closed_on_or_before(now.date(), months);
    out::say(t.cli_purge_rule.fill([&months, &last_closed]));
    let Some(name) = user.filter(|_| !dry_run) else {
        return dry_run_list(&store, setup, months);
    };
    super::check::refuse_damaged(&store, t)?;
    let by = pin::sign_in(&mut store, setup, name)?;
    let working = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Purge));
    let items = store
        .purge_contacts(&by, now.date(), months, now)
        .map_err(|e| CliError::store(t, &e))?;
    drop(working);
    if items.is_empty() {
        out::say(t.cli_purge_none);
        return Ok(());
    }
    out::say(t.cli_purge_done.fill([&items.len()]));
    for item in &items {
        out::say(item_line(t, item));
    }
    Ok(())
}

/// The dry run: counted first, then listed one by one, never all held.
fn dry_run_list(store: &Store, setup: &Setup, months: u32) -> Result<(), CliError> {
    let t = setup.t;
    let today = setup.clock.now().date();
    let count = store
        .purge_plan_each(today, months, &mut |_| {})
        .map_err(|e| CliError::store(t, &e))?;
    if count == 0 {
        out::say(t.cli_purge_none);
        return Ok(());
    }
    out::say(t.cli_purge_would.fill([&count]));
    store
        .purge_plan_each(today, months, &mut |item| out::say(item_line(t, &item)))
        .map_err(|e| CliError::store(t, &e))?;
    Ok(())
}

fn item_line(t: &crate::i18n::Strings, item: &crate::store::PurgeItem) -> String {
    let fields: Vec<&str> = item.fields.iter().map(|f| t.field(*f)).collect();
    format!(
        "  {}",
        t.cli_purge_item.fill([
            &item.number,
            &item.visit_date,
            &item.closed_date,
            &fields.join("、")
        ])
    )
}
