//! `purge`: lists (dry run) or anonymises the receptions past retention.

use super::{CliError, Setup, out, pin};
use crate::i18n::fill;
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
    out::say(fill(t.cli_purge_rule, &[&months, &last_closed]));
    let items = match (dry_run, user) {
        (false, Some(name)) => {
            super::check::refuse_damaged(&store, t)?;
            let by = pin::sign_in(&mut store, setup, name)?;
            let _working = super::progress::Spinner::new(t.cmd.working(crate::i18n::Work::Purge));
            store.purge_contacts(&by, now.date(), months, now)
        }
        _ => store.purge_plan(now.date(), months),
    }
    .map_err(|e| CliError::store(t, &e))?;
    if items.is_empty() {
        out::say(t.cli_purge_none);
        return Ok(());
    }
    let heading = if dry_run {
        t.cli_purge_would
    } else {
        t.cli_purge_done
    };
    out::say(fill(heading, &[&items.len()]));
    for item in &items {
        let fields: Vec<&str> = item.fields.iter().map(|f| t.field(*f)).collect();
        out::say(format!(
            "  {}",
            fill(
                t.cli_purge_item,
                &[
                    &item.number,
                    &item.visit_date,
                    &item.closed_date,
                    &fields.join("、")
                ]
            )
        ));
    }
    Ok(())
}
