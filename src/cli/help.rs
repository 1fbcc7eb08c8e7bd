//! The command line's own words: `--help` and mistakes in Chinese (or
//! the interface's language).

use super::Cli;
use crate::i18n::{Lang, strings};
use std::process::ExitCode;

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
        // A subcommand's own subcommands are used as `liaison-desk audit verify`.
        let path = match parent {
            None => "liaison-desk".to_string(),
            Some(p) => format!("{p} {}", cmd.get_name()),
        };
        cmd.mut_subcommands(|sub| localize(sub, Some(&path)))
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
            t.cli_args.missing.fill([&context(ContextKind::InvalidArg)])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation
            if context(ContextKind::ValidValue).is_empty() =>
        {
            t.cmd.bad_value_plain.fill([
                &context(ContextKind::InvalidValue),
                &context(ContextKind::InvalidArg),
            ])
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => t.cli_args.bad_value.fill([
            &context(ContextKind::InvalidValue),
            &context(ContextKind::InvalidArg),
            &context(ContextKind::ValidValue),
        ]),
        ErrorKind::UnknownArgument => t.cli_args.unknown.fill([&context(ContextKind::InvalidArg)]),
        ErrorKind::InvalidSubcommand => t
            .cli_args
            .no_command
            .fill([&context(ContextKind::InvalidSubcommand)]),
        ErrorKind::ArgumentConflict => t.cli_args.conflict.fill([
            &context(ContextKind::InvalidArg),
            &context(ContextKind::PriorArg),
        ]),
        _ => t.cli_args.other.to_string(),
    };
    // What was typed is echoed back: escaped, like any text from outside.
    super::out::tell(said);
    super::out::tell(t.cli_args.see_help);
    Err(ExitCode::from(2))
}
