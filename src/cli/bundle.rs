//! `bundle`: the station's signed bundle for the town or county hub.

use super::report::period_of;
use super::{CliError, Setup, out, pin};
use crate::service::bundle::{BundleRequest, write_bundle};
use crate::store::Store;
use crate::store::bundle::BundleRange;
use std::path::PathBuf;

pub struct Args {
    pub output: PathBuf,
    pub user: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub contacts_reason: Option<String>,
}

impl Args {
    /// `contacts_reason` is given only with `--with-contacts`.
    pub fn new(
        output: PathBuf,
        user: String,
        (from, to): (Option<String>, Option<String>),
        contacts_reason: Option<String>,
    ) -> Self {
        Self {
            output,
            user,
            from,
            to,
            contacts_reason,
        }
    }
}

pub fn run(mut store: Store, setup: &Setup, args: Args) -> Result<(), CliError> {
    let t = setup.t;
    let today = setup.clock.now().date().to_string();
    let range = match (&args.from, &args.to) {
        (None, None) => None,
        (from, to) => {
            let from = from.as_deref().unwrap_or("2000-01-01");
            let period = period_of(t, from, to.as_deref().unwrap_or(&today))?;
            Some(BundleRange {
                from: period.from,
                to: period.to,
            })
        }
    };
    let by = pin::sign_in(&mut store, setup, &args.user)?;
    let request = BundleRequest {
        range,
        contacts_reason: args.contacts_reason,
        path: args.output,
    };
    let header = write_bundle(&mut store, &request, &by, setup.clock.now(), t).map_err(|e| {
        if e.is_refusal() {
            CliError::refused(e.message(t))
        } else {
            CliError::failed(e.message(t))
        }
    })?;
    let n = |k: &str| header.counts.get(k).copied().unwrap_or(0);
    out::say(t.rollup.bundle_written.fill([
        &request.path.display(),
        &n("receptions"),
        &n("cases"),
        &n("activities"),
    ]));
    if let (Some(from), Some(to)) = (&header.from, &header.to) {
        out::say(t.rollup.bundle_period.fill([from, to]));
    }
    if header.with_contacts {
        out::say(t.rollup.bundle_with_contacts);
    }
    Ok(())
}
