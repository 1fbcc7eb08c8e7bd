//! The command line: options, subcommands, and what each does. The
//! interactive program is the default when no subcommand is given.

use crate::config::{Config, Paths};
use crate::domain::fields::{Field, FieldError};
use crate::domain::roles::Actor;
use crate::domain::stats::Period;
use crate::domain::validate::{parse_date, validate_station_code, validate_text};
use crate::export::{ExportFormat, ExportRequest, export_register, find_register};
use crate::i18n::{Lang, Strings, fill, strings};
use crate::import::{ImportError, ImportRequest, import_receptions};
use crate::store::backup::KEEP_BACKUPS;
use crate::store::{SCHEMA_VERSION, SealProblem, Store};
use crate::ui::app::{App, run};
use crate::ui::theme::Theme;
use crate::ui::{Clock, Severity};
use chrono::{Datelike, NaiveDateTime};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "liaison-desk",
    version,
    about = "联络站值班台：人大代表联络站离线值班登记系统"
)]
pub struct Cli {
    /// 数据库文件路径（默认在系统数据目录中）
    #[arg(long, global = true, env = "LIAISON_DESK_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// 主题：default、light、high-contrast，或配置目录 themes/ 中的自定义主题
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// 界面语言：zh（简体中文，默认）或 en
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
    /// 首次设置：填写联络站站码和名称
    Init {
        /// 站码，如 HD01（用于登记编号）
        #[arg(long)]
        station_code: String,
        /// 联络站名称
        #[arg(long)]
        station_name: String,
    },
    /// 生成演示数据（只能用于空数据库）
    Demo {
        /// 生成多少天的接待记录
        #[arg(long, default_value_t = 90)]
        days: u32,
    },
    /// 检查数据库完整性、数据版本、审计日志，以及登记记录是否在本程序之外被改动
    Check,
    /// 审计日志：verify 逐条核对校验链，指出第一条不一致的记录
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// 统计报表：某一期间的接待批次、人次、办理情况和各项比率；或用 --day 出某一天的日结
    Report {
        /// 起始日期，如 2026-01-01
        #[arg(long, required_unless_present = "day", conflicts_with = "day")]
        from: Option<String>,
        /// 截止日期（含当天），如 2026-12-31
        #[arg(long, required_unless_present = "day", conflicts_with = "day")]
        to: Option<String>,
        /// 某一天的日结（批次、人次、件数、处理方式、按类别和按代表、未完成草稿），如 2026-11-10
        #[arg(long)]
        day: Option<String>,
        /// 输出格式：text（文字，默认）、json 或 csv
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
    },
    /// 导出登记簿：Excel（.xlsx）或 CSV（带 BOM 的 UTF-8）；电话号码默认隐去中间四位
    Export {
        /// 登记簿：reception、handling、activities、study、duty_record、roster（或其中文名称）
        register: String,
        /// 起始日期，如 2026-01-01（默认本月第一天）
        #[arg(long)]
        from: Option<String>,
        /// 截止日期（含当天），如 2026-12-31（默认今天）
        #[arg(long)]
        to: Option<String>,
        /// 文件格式：xlsx（默认）或 csv
        #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
        format: ExportFormat,
        /// 输出文件
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// 导出人（值班台用户的姓名，须为秘书或管理员）；密码从环境变量 LIAISON_DESK_PIN 读取，未设置时在终端输入
        #[arg(long, value_name = "姓名")]
        user: String,
        /// 电话号码完整显示（默认隐去中间四位），须同时用 --reason 写明原因
        #[arg(long, requires = "reason")]
        full: bool,
        /// 完整导出的原因（记入审计日志）
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// 从 CSV 文件导入接待登记（如从 Excel 另存的登记簿）：全部通过才导入，已有的登记跳过
    Import {
        /// 导入什么：receptions（接待登记）
        #[arg(value_enum)]
        what: ImportKind,
        /// CSV 文件（UTF-8，可带 BOM；第一行为表头）
        file: PathBuf,
        /// 只检查并列出将新建的登记、新代表、新承办单位和不能导入的行，不写入数据库
        #[arg(long)]
        dry_run: bool,
    },
    /// 到期清除联系方式：结案满保留期（设置中，默认 24 个月）后，隐去来访人姓名、电话、住址和身份证号；反映内容和统计数字不变
    Purge {
        /// 只列出将被清除的登记，不写入数据库
        #[arg(long)]
        dry_run: bool,
        /// 执行人（值班台用户的姓名，须为秘书或管理员）；实际清除时必填，密码同 export
        #[arg(long, value_name = "姓名", required_unless_present = "dry_run")]
        user: Option<String>,
    },
    /// 备份数据库（运行中也可备份）；默认存入数据库旁的 backups 文件夹，保留最近 30 份
    Backup {
        /// 备份到这个文件（不轮换）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// 从备份恢复：先检查备份文件，并把当前数据库另存为一份备份
    Restore {
        /// 备份文件
        file: PathBuf,
    },
    /// Saves receptions and transitions until killed, printing each one as
    /// soon as it is durable (used by the kill test).
    #[command(hide = true)]
    WriteUntilKilled,
    /// Answers save, look and chase commands read from standard input, one
    /// answer a line (used by the two-process test).
    #[command(hide = true)]
    AnswerCommands,
}

/// What `audit` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum AuditAction {
    /// 重新计算审计日志的校验链，指出第一条不一致的记录
    Verify,
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
            warnings.push(fill(
                t.config_broken,
                &[&paths.config_file().display(), &why],
            ));
        }
        let theme_name = self
            .theme
            .clone()
            .or(config.theme)
            .unwrap_or_else(|| "default".into());
        let (theme, theme_problem) = Theme::load(&theme_name, Some(&paths.themes_dir()));
        if let Some((file, why)) = theme_problem {
            warnings.push(fill(t.theme_broken, &[&file, &why]));
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

/// The command line as the user sees it in `--help`: headings, usage and
/// flags in Chinese (clap's own words are English), every subcommand alike.
pub fn localized_command() -> clap::Command {
    use clap::CommandFactory;
    /// Placeholders in the user's words.
    const VALUE_NAMES: [(&str, &str); 14] = [
        ("PATH", "路径"),
        ("NAME", "名称"),
        ("FILE", "文件"),
        ("TEXT", "文字"),
        ("FROM", "起始日期"),
        ("TO", "截止日期"),
        ("DAY", "日期"),
        ("FORMAT", "格式"),
        ("REGISTER", "登记簿"),
        ("DAYS", "天数"),
        ("STATION_CODE", "站码"),
        ("STATION_NAME", "名称"),
        ("LANG", "语言"),
        ("WHAT", "内容"),
    ];
    fn localize(cmd: clap::Command, parent: Option<&str>) -> clap::Command {
        let top = parent.is_none();
        let mut cmd = cmd
            .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("命令")
            .subcommand_value_name("命令")
            .disable_help_subcommand(true)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .arg(
                clap::Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(clap::ArgAction::Help)
                    .help("显示帮助"),
            );
        if top {
            cmd = cmd.arg(
                clap::Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(clap::ArgAction::Version)
                    .help("显示版本号"),
            );
        }
        // clap's "[possible values: …]" and the like are English: the
        // Chinese descriptions say the values instead.
        cmd = cmd.mut_args(|a| {
            let heading = if a.is_positional() {
                "参数"
            } else {
                "选项"
            };
            let takes_values = a.get_action().takes_values();
            let has_env = a.get_env().is_some();
            let names: Vec<clap::builder::Str> = a
                .get_value_names()
                .unwrap_or_default()
                .iter()
                .map(|n| {
                    VALUE_NAMES
                        .iter()
                        .find(|(en, _)| *en == n.as_str())
                        .map_or_else(|| n.clone(), |(_, zh)| (*zh).into())
                })
                .collect();
            let a = a.help_heading(heading);
            let a = if names.is_empty() {
                a
            } else {
                a.value_names(names)
            };
            let a = if takes_values {
                a.hide_possible_values(true).hide_default_value(true)
            } else {
                a
            };
            if has_env { a.hide_env(true) } else { a }
        });
        let usage = cmd
            .clone()
            .render_usage()
            .to_string()
            .replace(
                "Usage: ",
                parent.map_or(String::new(), |p| format!("{p} ")).as_str(),
            )
            .replace("[OPTIONS]", "[选项]")
            .replace("[COMMAND]", "[命令]")
            .replace("<COMMAND>", "<命令>");
        cmd = cmd.override_usage(usage);
        cmd.mut_subcommands(|sub| localize(sub, Some("liaison-desk")))
    }
    localize(Cli::command(), None)
}

/// Reads the command line; a mistake is explained in the interface's
/// language (help and version are printed as asked).
pub fn parse_args(args: Vec<std::ffi::OsString>) -> Result<Cli, ExitCode> {
    use clap::FromArgMatches;
    use clap::error::{ContextKind, ErrorKind};
    let lang = match args.iter().position(|a| a == "--lang") {
        Some(i) if args.get(i + 1).is_some_and(|v| v == "en") => Lang::En,
        _ if args.iter().any(|a| a == "--lang=en") => Lang::En,
        _ => Lang::Zh,
    };
    let t = strings(lang);
    let error = match localized_command().try_get_matches_from(args) {
        Ok(matches) => match Cli::from_arg_matches(&matches) {
            Ok(cli) => return Ok(cli),
            Err(e) => e,
        },
        Err(e) => e,
    };
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return Err(ExitCode::SUCCESS);
    }
    let context = |kind| error.get(kind).map(|v| v.to_string()).unwrap_or_default();
    let said = match error.kind() {
        ErrorKind::MissingRequiredArgument => {
            fill(t.cli_args.missing, &[&context(ContextKind::InvalidArg)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => fill(
            t.cli_args.bad_value,
            &[
                &context(ContextKind::InvalidValue),
                &context(ContextKind::InvalidArg),
                &context(ContextKind::ValidValue),
            ],
        ),
        ErrorKind::UnknownArgument => {
            fill(t.cli_args.unknown, &[&context(ContextKind::InvalidArg)])
        }
        ErrorKind::InvalidSubcommand => fill(
            t.cli_args.no_command,
            &[&context(ContextKind::InvalidSubcommand)],
        ),
        ErrorKind::ArgumentConflict => fill(
            t.cli_args.conflict,
            &[
                &context(ContextKind::InvalidArg),
                &context(ContextKind::PriorArg),
            ],
        ),
        _ => t.cli_args.other.to_string(),
    };
    eprintln!("{said}");
    eprintln!("{}", t.cli_args.see_help);
    Err(ExitCode::from(2))
}

/// Runs what the command line asked for; the exit code says how it went.
pub fn main_with(cli: Cli) -> ExitCode {
    let setup = cli.setup();
    let t = setup.t;
    if Store::needs_upgrade(&setup.db) {
        eprintln!("{}", t.upgrading);
    }
    let store = match Store::open(&setup.db) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            eprintln!("{}", fill(t.store_path, &[&setup.db.display()]));
            return ExitCode::from(2);
        }
    };
    match cli.command {
        None => interactive(store, setup),
        Some(Command::Init {
            station_code,
            station_name,
        }) => init(store, &setup, &station_code, &station_name),
        Some(Command::Demo { days }) => demo(store, &setup, days),
        Some(Command::Check) => check(&store, t),
        Some(Command::Audit {
            action: AuditAction::Verify,
        }) => verify_audit(&store, t),
        Some(Command::Report {
            day: Some(day),
            format,
            ..
        }) => digest(&store, &setup, &day, format),
        Some(Command::Report {
            from, to, format, ..
        }) => report(
            &store,
            &setup,
            from.as_deref().unwrap_or_default(),
            to.as_deref().unwrap_or_default(),
            format,
        ),
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
            let args = ExportArgs {
                register: &register,
                from: from.as_deref(),
                to: to.as_deref(),
                format,
                output,
                user: &user,
                full_reason: if full { reason } else { None },
            };
            export(store, &setup, args)
        }
        Some(Command::Import {
            what: ImportKind::Receptions,
            file,
            dry_run,
        }) => import(store, &setup, &file, dry_run),
        Some(Command::Purge { dry_run, user }) => purge(store, &setup, dry_run, user.as_deref()),
        Some(Command::Backup { output }) => backup(store, &setup, output),
        Some(Command::Restore { file }) => restore(store, &setup, &file),
        Some(Command::AnswerCommands) => {
            let mut store = store;
            let stdin = std::io::stdin().lock();
            let now = setup.clock.now();
            match crate::demo::answer_commands(&mut store, now, stdin, std::io::stdout()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", t.store_error(&e));
                    ExitCode::FAILURE
                }
            }
        }
        Some(Command::WriteUntilKilled) => {
            match crate::demo::write_until_killed(store, setup.clock.now()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{}", t.store_error(&e));
                    ExitCode::FAILURE
                }
            }
        }
    }
}

fn interactive(store: Store, setup: Setup) -> ExitCode {
    let files_dir = setup
        .db
        .parent()
        .map(PathBuf::from)
        .unwrap_or_else(|| setup.paths.data_dir.clone());
    let mut app = App::new(store, setup.t, setup.theme, setup.clock, files_dir);
    if let Some(w) = setup.warnings.first() {
        app.show_message(w.clone(), Severity::Warn);
    }
    match run(app) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", fill(setup.t.store_other, &[&e]));
            ExitCode::FAILURE
        }
    }
}

fn init(mut store: Store, setup: &Setup, code: &str, name: &str) -> ExitCode {
    let t = setup.t;
    let checked = validate_station_code(code)
        .and_then(|c| validate_text(Field::StationName, name, true, 40, false).map(|n| (c, n)));
    let (code, name) = match checked {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{}", t.field_error(&e));
            return ExitCode::from(2);
        }
    };
    match store.init_station(&code, &name, setup.clock.now()) {
        Ok(s) => {
            println!("{}", fill(t.cli_init_done, &[&s.name, &s.code]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn demo(mut store: Store, setup: &Setup, days: u32) -> ExitCode {
    let t = setup.t;
    if store.count_rows("receptions").unwrap_or(0) > 0 {
        eprintln!("{}", t.cli_demo_needs_empty);
        return ExitCode::from(2);
    }
    match crate::demo::fill(&mut store, days, setup.clock.now()) {
        Ok(s) => {
            println!(
                "{}",
                fill(t.cli_demo_done, &[&s.days, &s.receptions, &s.deputies])
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn report(store: &Store, setup: &Setup, from: &str, to: &str, format: ReportFormat) -> ExitCode {
    let t = setup.t;
    let period = match period_of(t, from, to) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let counts = match store.report_counts(period, period.as_of(setup.clock.now().date())) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            return ExitCode::FAILURE;
        }
    };
    let station = store
        .station()
        .ok()
        .flatten()
        .map(|s| s.name)
        .unwrap_or_default();
    let out = match format {
        ReportFormat::Text => crate::report::to_text(&counts, period, &station, t),
        ReportFormat::Json => format!("{:#}\n", crate::report::to_json(&counts, period, t)),
        ReportFormat::Csv => crate::report::to_csv(&counts, period, t),
    };
    print!("{out}");
    ExitCode::SUCCESS
}

fn digest(store: &Store, setup: &Setup, day: &str, format: ReportFormat) -> ExitCode {
    let t = setup.t;
    let period = match period_of(t, day, day) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let loaded = store.day_counts(period.from).and_then(|c| {
        let station = store.station()?.map(|s| s.name).unwrap_or_default();
        Ok((c, station, store.draft_count()?))
    });
    let (counts, station, drafts) = match loaded {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            return ExitCode::FAILURE;
        }
    };
    match format {
        ReportFormat::Json => println!(
            "{:#}",
            crate::report::digest_json(&counts, period.from, drafts)
        ),
        ReportFormat::Csv => print!(
            "{}",
            crate::report::digest_csv(&counts, period.from, drafts, t)
        ),
        ReportFormat::Text => print!(
            "{}",
            crate::report::digest_text(&counts, period.from, &station, drafts, t)
        ),
    }
    ExitCode::SUCCESS
}

struct ExportArgs<'a> {
    register: &'a str,
    from: Option<&'a str>,
    to: Option<&'a str>,
    format: ExportFormat,
    output: PathBuf,
    user: &'a str,
    full_reason: Option<String>,
}

/// Where the command line takes a PIN from when not asked at the terminal.
const PIN_VARIABLE: &str = "LIAISON_DESK_PIN";

/// Signs a user in for a command: the PIN from `LIAISON_DESK_PIN`, or typed
/// at the terminal without echo. Wrong PINs count as on the sign-in screen.
fn command_user(store: &mut Store, setup: &Setup, name: &str) -> Result<Actor, String> {
    let t = setup.t;
    let users = store.users().map_err(|e| t.store_error(&e))?;
    let Some(user) = users.iter().find(|u| u.name == name && u.active) else {
        return Err(fill(t.users.cli_no_user, &[&name]));
    };
    let pin = match std::env::var(PIN_VARIABLE) {
        Ok(pin) => pin,
        Err(_) => read_pin(&fill(t.users.cli_pin_prompt, &[&name]))
            .map_err(|e| fill(t.store_other, &[&e]))?,
    };
    store
        .sign_in_user(&user.id, pin.trim(), setup.clock.now())
        .map_err(|e| t.store_error(&e))
}

/// Reads a PIN at the terminal with stars for digits (or a line from a pipe).
fn read_pin(prompt: &str) -> std::io::Result<String> {
    use crossterm::event::{Event, KeyCode, read};
    use std::io::{IsTerminal, Write};
    eprint!("{prompt}");
    if !std::io::stdin().is_terminal() {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        eprintln!();
        return Ok(line);
    }
    crossterm::terminal::enable_raw_mode()?;
    let mut pin = String::new();
    let result = loop {
        match read() {
            Ok(Event::Key(k)) => match k.code {
                KeyCode::Enter => break Ok(()),
                KeyCode::Esc => {
                    pin.clear();
                    break Ok(());
                }
                KeyCode::Backspace if pin.pop().is_some() => eprint!("\u{8} \u{8}"),
                KeyCode::Char(c) if pin.len() < 16 => {
                    pin.push(c);
                    eprint!("*");
                }
                _ => {}
            },
            Ok(_) => {}
            Err(e) => break Err(e),
        }
        let _ = std::io::stderr().flush();
    };
    crossterm::terminal::disable_raw_mode()?;
    eprintln!();
    result.map(|()| pin)
}

/// The period of a command: both dates checked and in order.
fn period_of(t: &Strings, from: &str, to: &str) -> Result<Period, String> {
    let date =
        |text: &str| parse_date(text).map_err(|p| t.field_error(&FieldError::new(Field::Date, p)));
    match (date(from), date(to)) {
        (Ok(from), Ok(to)) if from <= to => Ok(Period { from, to }),
        (Ok(_), Ok(_)) => Err(t.stats.bad_period.to_string()),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

fn export(mut store: Store, setup: &Setup, args: ExportArgs) -> ExitCode {
    let t = setup.t;
    let today = setup.clock.now().date();
    let month_start = today.with_day(1).unwrap_or(today);
    let from = args
        .from
        .map_or_else(|| month_start.to_string(), String::from);
    let to = args.to.map_or_else(|| today.to_string(), String::from);
    let period = match period_of(t, &from, &to) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let preset = store
        .settings()
        .map(|s| s.register_preset)
        .unwrap_or_default();
    let Some(def) = find_register(args.register, &preset) else {
        eprintln!("{}", fill(t.registers.unknown_register, &[&args.register]));
        return ExitCode::from(2);
    };
    let by = match command_user(&mut store, setup, args.user) {
        Ok(by) => by,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let request = ExportRequest {
        def,
        range: period,
        format: args.format,
        path: args.output,
        full_reason: args.full_reason,
    };
    match export_register(&mut store, &request, t, &by, setup.clock.now()) {
        Ok(rows) => {
            let shown = request.path.display();
            println!("{}", fill(t.registers.exported, &[&rows, &shown]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.message(t));
            ExitCode::FAILURE
        }
    }
}

/// Exit 0 when every row passed (and, unless a trial, was imported), 2
/// when a row or the file was refused, 1 when the database failed.
fn import(mut store: Store, setup: &Setup, file: &std::path::Path, dry_run: bool) -> ExitCode {
    let t = setup.t;
    let request = ImportRequest {
        path: file,
        dry_run,
        actor: &command_line_actor(t),
        now: setup.clock.now(),
    };
    match import_receptions(&mut store, &request, t) {
        Ok(report) => {
            print!("{}", report.to_text(t));
            if report.accepted() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            }
        }
        Err(e) => {
            eprintln!("{}", e.message(t, file));
            match e {
                ImportError::Store(_) => ExitCode::FAILURE,
                _ => ExitCode::from(2),
            }
        }
    }
}

/// `purge`: lists (dry run) or anonymises the receptions past retention.
fn purge(mut store: Store, setup: &Setup, dry_run: bool, user: Option<&str>) -> ExitCode {
    let t = setup.t;
    let now = setup.clock.now();
    let months = match store.settings() {
        Ok(s) => s.retention_months,
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            return ExitCode::FAILURE;
        }
    };
    let last_closed = crate::domain::retention::closed_on_or_before(now.date(), months);
    println!("{}", fill(t.cli_purge_rule, &[&months, &last_closed]));
    let done = match (dry_run, user) {
        (false, Some(name)) => match command_user(&mut store, setup, name) {
            Ok(by) => store.purge_contacts(&by, now.date(), months, now),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
        _ => store.purge_plan(now.date(), months),
    };
    let items = match done {
        Ok(items) => items,
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            return ExitCode::FAILURE;
        }
    };
    if items.is_empty() {
        println!("{}", t.cli_purge_none);
        return ExitCode::SUCCESS;
    }
    let heading = if dry_run {
        t.cli_purge_would
    } else {
        t.cli_purge_done
    };
    println!("{}", fill(heading, &[&items.len()]));
    for item in &items {
        let fields: Vec<&str> = item.fields.iter().map(|f| t.field(*f)).collect();
        println!(
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
        );
    }
    ExitCode::SUCCESS
}

/// Who the audit log names for a command run without a desk user: the
/// command line and the computer account that ran it.
fn command_line_actor(t: &Strings) -> String {
    let account = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    fill(t.cli_actor, &[&account])
}

fn backup(mut store: Store, setup: &Setup, output: Option<PathBuf>) -> ExitCode {
    let t = setup.t;
    let now = setup.clock.now();
    let done = match output {
        Some(path) => store
            .backup_to_logged(&path, &command_line_actor(t), now)
            .map(|()| path),
        None => store.backup_rotated(KEEP_BACKUPS, &command_line_actor(t), now),
    };
    match done {
        Ok(path) => {
            println!("{}", fill(t.cli_backup_done, &[&path.display()]));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", t.store_error(&e));
            ExitCode::FAILURE
        }
    }
}

fn restore(mut store: Store, setup: &Setup, file: &std::path::Path) -> ExitCode {
    let t = setup.t;
    match store.restore_from(file, &command_line_actor(t), setup.clock.now()) {
        Ok(kept) => {
            println!(
                "{}",
                fill(t.cli_restore_done, &[&file.display(), &kept.display()])
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", fill(t.cli_restore_refused, &[&t.store_error(&e)]));
            ExitCode::FAILURE
        }
    }
}

fn check(store: &Store, t: &Strings) -> ExitCode {
    let version = store.schema_version().unwrap_or(-1);
    println!("{}", fill(t.cli_schema, &[&version, &SCHEMA_VERSION]));
    let mut ok = true;
    match store.integrity_problems() {
        Ok(problems) if problems.is_empty() => println!("{}", t.cli_check_ok),
        Ok(problems) => {
            ok = false;
            println!("{}", t.cli_check_failed);
            for p in problems {
                println!("  {p}");
            }
        }
        Err(e) => {
            ok = false;
            println!("{}", t.store_error(&e));
        }
    }
    ok &= verify_audit(store, t) == ExitCode::SUCCESS;
    ok &= check_seals(store, t);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `audit verify`: the chain, naming the first entry that does not match.
fn verify_audit(store: &Store, t: &Strings) -> ExitCode {
    match store.first_broken_audit_entry() {
        Ok(None) => {
            let count = store.count_rows("audit_log").unwrap_or(0);
            println!("{}", fill(t.cli_audit_count, &[&count]));
            println!("{}", t.cli_audit_ok);
            ExitCode::SUCCESS
        }
        Ok(Some(seq)) => {
            println!("{}", fill(t.cli_audit_broken, &[&seq]));
            if let Ok(Some(e)) = store.audit_entry(seq) {
                let who = if e.actor.is_empty() { "—" } else { &e.actor };
                println!(
                    "  {}",
                    fill(
                        t.cli_audit_entry,
                        &[&e.seq, &e.at, &who, &t.audit_action(&e.action)]
                    )
                );
            }
            ExitCode::FAILURE
        }
        Err(e) => {
            println!("{}", t.store_error(&e));
            ExitCode::FAILURE
        }
    }
}

/// Register records changed behind the program's back; true when none.
fn check_seals(store: &Store, t: &Strings) -> bool {
    const SHOWN: usize = 20;
    let problems = match store.seal_problems() {
        Ok(p) => p,
        Err(e) => {
            println!("{}", t.store_error(&e));
            return false;
        }
    };
    if problems.is_empty() {
        println!("{}", t.cli_seals_ok);
        return true;
    }
    for p in problems.iter().take(SHOWN) {
        let line = match p {
            SealProblem::Changed { kind, label } => {
                fill(t.cli_seal_changed, &[&t.audit.entity(kind), label])
            }
            SealProblem::Added { kind, label } => {
                fill(t.cli_seal_added, &[&t.audit.entity(kind), label])
            }
            SealProblem::Removed { kind, key } => {
                fill(t.cli_seal_removed, &[&t.audit.entity(kind), key])
            }
            SealProblem::SealsEdited => t.cli_seals_edited.to_string(),
        };
        println!("{line}");
    }
    if problems.len() > SHOWN {
        println!("{}", fill(t.cli_seal_more, &[&(problems.len() - SHOWN)]));
    }
    false
}
