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
        /// 生成多少天的接待记录（1 到 3660）
        #[arg(long, default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=crate::service::demo::MAX_DAYS as i64))]
        days: u32,
    },
    /// 检查数据库完整性、数据版本、审计日志，以及登记记录是否在本程序之外被改动（只读，不改动文件）
    Check,
    /// 审计日志：verify 逐条核对校验链，指出不一致或缺失的记录；anchor 显示可抄在纸上的锚码
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
        /// 输出格式：text（文字，默认）、json、csv，或 xlsx（工作簿：汇总、分类、代表、各月，附图表；须有期间）
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        format: ReportFormat,
        /// xlsx 写到这个文件（默认在当前文件夹，如 HD01_接待工作统计_2026.xlsx）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
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
        /// 输出文件（默认在当前文件夹，按站码、登记簿和期间命名，如 HD01_接待选民登记簿_2026-11.xlsx）
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
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
    /// 导入接待登记：Excel/WPS 工作簿或 CSV 文件（如站里原来的登记簿）：全部通过才导入，已有的登记跳过
    Import {
        /// 导入什么：receptions（接待登记）
        #[arg(value_enum)]
        what: ImportKind,
        /// 登记簿文件：Excel/WPS 工作簿（.xlsx、.xls、.et、.ods）或 CSV（UTF-8 或 GBK；表头行之上可有标题行）
        file: PathBuf,
        /// 工作簿中要导入的工作表名（默认找有登记簿表头的那一个）
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
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
    /// 从备份恢复：先检查备份文件，并把当前数据库另存为一份备份；须由管理员执行
    Restore {
        /// 备份文件
        file: PathBuf,
        /// 执行人（值班台管理员的姓名）；当前数据库有用户时必填，密码同 export
        #[arg(long, value_name = "姓名")]
        user: Option<String>,
        /// 允许恢复另一个联络站的备份（站码或编号不同）；当前的用户仍保留
        #[arg(long)]
        other_station: bool,
    },
    /// 写出上报数据包（签名）：交给街道、乡镇联络站或县人大汇总；不含来访人联系方式，代表电话隐去中间四位
    Bundle {
        /// 数据包文件，如 HD01_上报_2026-12.ldb
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// 写出人（值班台用户的姓名，须为秘书或管理员）；密码同 export
        #[arg(long, value_name = "姓名")]
        user: String,
        /// 只含这一天起的接待、活动、学习和值班（默认全部历史，丢失一个数据包也不留缺口）
        #[arg(long)]
        from: Option<String>,
        /// 只含到这一天为止的（含当天）
        #[arg(long)]
        to: Option<String>,
        /// 含来访人的姓名、电话、住址和身份证号，须同时用 --reason 写明原因（记入审计日志）
        #[arg(long, requires = "reason")]
        with_contacts: bool,
        /// 含联系方式的原因
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
    },
    /// 汇总站：设立（init）、导入各站的数据包（import）、解除重新安装的站点的密钥（forget）
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
    /// 重新计算审计日志的校验链，指出第一条不一致或缺失的记录
    Verify {
        /// 核对一个记在纸上的锚码（如 1227-3F9A0C5D21B7）：这一条仍在且其后各条相连
        #[arg(long, value_name = "锚码")]
        anchor: Option<String>,
    },
    /// 显示审计日志当前的锚码（最新一条的序号和校验值前 12 位），可抄在纸上留存
    Anchor,
}

/// What `hub` does.
#[derive(Debug, Clone, PartialEq, Eq, Subcommand)]
pub enum HubAction {
    /// 把这个（新的）数据库设为汇总站：街道、乡镇联络站或县人大接收各站的数据包
    Init {
        /// 汇总站的站码
        #[arg(long)]
        code: String,
        /// 汇总站的名称
        #[arg(long)]
        name: String,
    },
    /// 核对签名并导入联络站的数据包（每个一个事务）；同一个数据包再导入不会改动任何内容
    Import {
        /// 数据包文件（可多个）
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// 只核对并列出各站将新增和更新的内容，不写入
        #[arg(long)]
        dry_run: bool,
    },
    /// 解除一个站码已登记的密钥（该站重新安装后）；须由管理员执行
    Forget {
        /// 站码
        code: String,
        /// 执行人（汇总站管理员的姓名）；密码同 export
        #[arg(long, value_name = "姓名")]
        user: String,
    },
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
    let account = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    t.cli_actor.fill([&account])
}
