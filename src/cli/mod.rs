//! The command line: the clap model, which command opens the database how,
//! and how a command's outcome becomes an exit code. Each command lives in
//! its own file; the interactive program is the default when no subcommand
//! is given.

mod audit;
mod backup;
mod bundle;
mod check;
mod demo;
mod error;
mod export;
mod help;
mod hub;
mod import;
mod init;
mod interface;
pub mod out;
mod pin;
mod progress;
mod purge;
mod report;
mod restore;

pub use error::CliError;
pub use help::{localized_command, parse_args};

use crate::config::{Config, Paths};
use crate::i18n::{Lang, Strings, strings};
use crate::service::export::ExportFormat;
use crate::store::Store;
use crate::ui::Clock;
use crate::ui::theme::Theme;
use chrono::NaiveDateTime;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
// Every description shown by `--help` is in the string tables
// (`i18n::HelpStrings`), one per language.
#[command(name = "liaison-desk", version)]
pub struct Cli {
    #[arg(long, global = true, env = "LIAISON_DESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Fixes the clock (for tests): `2026-11-10 09:30:00`.
    #[arg(long, global = true, hide = true, env = "LIAISON_DESK_NOW")]
    pub now: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Init {
        #[arg(long)]
        station_code: String,
        #[arg(long)]
        station_name: String,
    },
    Demo {
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=crate::service::demo::MAX_DAYS as i64))]
        days: u32,
    },
    Check,
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    Report {
        #[arg(long, required_unless_present = "day", conflicts_with = "day")]
        from: Option<String>,
        #[arg(long, required_unless_present = "day", conflicts_with = "day")]
        to: Option<String>,
        #[arg(long)]
        day: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Export {
        register: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
        format: ExportFormat,
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        #[arg(long, value_name = "USER")]
        user: String,
        #[arg(long, requires = "reason")]
        full: bool,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    Import {
        #[arg(value_enum)]
        what: ImportKind,
        file: PathBuf,
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        #[arg(long)]
        dry_run: bool,
    },
    Purge {
        #[arg(long)]
        dry_run: bool,
        #[arg(long, value_name = "USER", required_unless_present = "dry_run")]
        user: Option<String>,
    },
    Backup {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    Restore {
        file: PathBuf,
        #[arg(long, value_name = "USER")]
        user: Option<String>,
        #[arg(long)]
        other_station: bool,
    },
    Bundle {
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        #[arg(long, value_name = "USER")]
        user: String,
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        to: Option<String>,
        #[arg(long, requires = "reason")]
        with_contacts: bool,
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    Hub {
        #[command(subcommand)]
        action: HubAction,
    },
    /// Saves receptions and transitions until killed, printing each one as
    /// soon as it is durable (used by the kill test).
    #[cfg(feature = "test-hooks")]
    #[command(hide = true)]
    WriteUntilKilled,
    /// Answers save, look and chase commands read from standard input, one
    /// answer a line (used by the two-process test).
    #[cfg(feature = "test-hooks")]
    #[command(hide = true)]
    AnswerCommands,
}

/// What `audit` does.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum AuditAction {
    Verify {
        #[arg(long, value_name = "ANCHOR")]
        anchor: Option<String>,
    },
    Anchor,
}

/// What `hub` does.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum HubAction {
    Init {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
    },
    Import {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long)]
        dry_run: bool,
    },
    Forget {
        code: String,
        #[arg(long, value_name = "USER")]
        user: String,
    },
    Refresh,
}

/// What `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportKind {
    /// 接待登记（接待选民登记簿）
    Receptions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Json,
    Csv,
    Xlsx,
}

/// Everything resolved from options, environment and config file.
pub struct Setup {
    pub t: &'static Strings,
    pub db: PathBuf,
    pub paths: Paths,
    pub clock: Clock,
    pub theme: Theme,
    pub warnings: Vec<String>,
}

fn parse_now(text: &str) -> Option<NaiveDateTime> {
    ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
}

impl Cli {
    pub fn setup(&self) -> Setup {
        let paths = Paths::platform();
        let (config, config_problem) = Config::load(&paths.config_file());
        let lang = self.lang.or(config.lang).unwrap_or_default();
        let t = strings(lang);
        let mut warnings = Vec::new();
        if let Some(why) = config_problem {
            warnings.push(t.config_broken.fill([&paths.config_file().display(), &why]));
        }
        let theme_name = self
            .theme
            .clone()
            .or(config.theme)
            .unwrap_or_else(|| "default".into());
        let (theme, theme_problem) = Theme::load(&theme_name, Some(&paths.themes_dir()));
        if let Some((file, why)) = theme_problem {
            warnings.push(t.theme_broken.fill([&file, &why]));
        }
        let clock = match self.now.as_deref().and_then(parse_now) {
            Some(t) => Clock::Fixed(t),
            None => Clock::System,
        };
        Setup {
            t,
            db: self.db.clone().unwrap_or_else(|| paths.default_db()),
            paths,
            clock,
            theme,
            warnings,
        }
    }
}

/// How a command opens the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// Creating it when missing: the interface, `init`, `demo`, `restore`.
    Create,
    /// Only a database that is already there: a mistyped path is an error.
    Existing,
    /// Reading only, never writing a byte nor merging a stray `-wal`.
    ReadOnly,
    /// Commands that only read: read-only (never merging a stray `-wal`,
    /// working on a read-only file), unless the file needs its one-time
    /// upgrade first; on a network folder read-only, with a warning.
    ReadMostly,
}

fn open_store(setup: &Setup, how: Open) -> Result<Store, CliError> {
    let t = setup.t;
    if how != Open::ReadOnly && Store::needs_upgrade(&setup.db) {
        out::tell(t.upgrading);
    }
    let network = crate::store::placement::network_fs_of(&setup.db);
    let opened = match (how, network) {
        (Open::Create, _) => Store::open(&setup.db),
        (Open::ReadMostly, None) if Store::needs_upgrade(&setup.db) => {
            Store::open_existing(&setup.db)
        }
        (Open::Existing, _) => Store::open_existing(&setup.db),
        (Open::ReadMostly, None) => Store::open_read_only(&setup.db),
        (Open::ReadOnly | Open::ReadMostly, Some(kind)) => {
            out::tell(t.cmd.network_read_only.fill([&t.cmd.network_fs(kind)]));
            Store::open_read_only(&setup.db)
        }
        (Open::ReadOnly, None) => Store::open_read_only(&setup.db),
    };
    opened.map_err(|e| {
        CliError::refused(format!(
            "{}\n{}",
            t.command_store_error(&e),
            t.store_path.fill([&setup.db.display()])
        ))
    })
}

/// Runs what the command line asked for; the exit code says how it went.
pub fn main_with(cli: Cli) -> ExitCode {
    let setup = cli.setup();
    out::set_unwritten_message(setup.t.cmd.output_unwritten);
    match dispatch(cli.command, setup) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

fn dispatch(command: Option<Command>, setup: Setup) -> Result<(), CliError> {
    let s = &setup;
    match command {
        None => interface::run(open_store(s, Open::Create)?, setup),
        Some(Command::Init {
            station_code,
            station_name,
        }) => {
            // The words are checked before a file is made for them.
            let (code, name) = init::checked(s, &station_code, &station_name)?;
            init::run(open_store(s, Open::Create)?, s, &code, &name)
        }
        Some(Command::Demo { days }) => demo::run(open_store(s, Open::Create)?, s, days),
        Some(Command::Check) => check::run(&open_store(s, Open::ReadOnly)?, s),
        Some(Command::Audit { action }) => audit::run(&open_store(s, Open::ReadMostly)?, s, action),
        Some(Command::Report {
            day,
            from,
            to,
            format,
            output,
        }) => report::run(s, report::Args::new(day, (from, to), format, output)),
        Some(Command::Export {
            register,
            from,
            to,
            format,
            output,
            user,
            full,
            reason,
        }) => {
            let args = export::Args {
                register: &register,
                from: from.as_deref(),
                to: to.as_deref(),
                format,
                output,
                user: &user,
                full_reason: if full { reason } else { None },
            };
            export::run(open_store(s, Open::Existing)?, s, args)
        }
        Some(Command::Import {
            what: ImportKind::Receptions,
            file,
            sheet,
            dry_run,
        }) => import::run(
            open_store(s, Open::Existing)?,
            s,
            &file,
            sheet.as_deref(),
            dry_run,
        ),
        Some(Command::Purge { dry_run, user }) => {
            let how = if dry_run {
                Open::ReadMostly
            } else {
                Open::Existing
            };
            purge::run(open_store(s, how)?, s, dry_run, user.as_deref())
        }
        Some(Command::Backup { output }) => backup::run(open_store(s, Open::Existing)?, s, output),
        Some(Command::Restore {
            file,
            user,
            other_station,
        }) => {
            let args = restore::Args {
                file: &file,
                user: user.as_deref(),
                other_station,
                into_new: !s.db.exists(),
            };
            restore::run(open_store(s, Open::Create)?, s, args)
        }
        Some(Command::Bundle {
            output,
            user,
            from,
            to,
            with_contacts,
            reason,
        }) => {
            let args =
                bundle::Args::new(output, user, (from, to), reason.filter(|_| with_contacts));
            bundle::run(open_store(s, Open::Existing)?, s, args)
        }
        Some(Command::Hub { action }) => hub::dispatch(action, s),
        #[cfg(feature = "test-hooks")]
        Some(hook @ (Command::AnswerCommands | Command::WriteUntilKilled)) => test_hook(&hook, s),
    }
}

/// The hidden commands the fault tests drive (the tests' build only).
#[cfg(feature = "test-hooks")]
fn test_hook(hook: &Command, s: &Setup) -> Result<(), CliError> {
    let mut store = open_store(s, Open::Create)?;
    let done = match hook {
        Command::AnswerCommands => {
            let stdin = std::io::stdin().lock();
            crate::test_hooks::answer_commands(&mut store, s.clock.now(), stdin, std::io::stdout())
        }
        _ => crate::test_hooks::write_until_killed(store, s.clock.now()),
    };
    done.map_err(|e| CliError::store(s.t, &e))
}

/// Who the audit log names for a command run without a desk user: the
/// command line and the computer account that ran it.
fn command_line_actor(t: &Strings) -> String {
    let account = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .map(|a| a.trim().to_string())
        .find(|a| !a.is_empty());
    match account {
        Some(account) => t.cli_actor.fill([&account]),
        // A service or a cron job may run with no account named.
        None => t.cli_actor_unnamed.to_string(),
    }
}
