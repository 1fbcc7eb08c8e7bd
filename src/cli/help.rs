//! The command line's own words: `--help` and mistakes in Chinese (or
//! the interface's language).

use super::Cli;
use crate::i18n::{HelpStrings, Lang, strings};
use clap::{Arg, ArgAction, Command};
use std::process::ExitCode;

/// The command line as the user sees it in `--help`: every command's and
/// option's description, the headings and the usage line from the
/// language's `HelpStrings` (clap's own words are English).
pub fn localized_command(lang: Lang) -> clap::Command {
    use clap::CommandFactory;
    localize(Cli::command(), "", "liaison-desk", strings(lang).help)
}

/// Where `--help` and the options every command has are listed: last.
const LAST: usize = 1000;

/// One command and, below it, its own commands: `key` is its path in the
/// help table (`hub import`), `shown` how it is typed.
fn localize(cmd: Command, key: &str, shown: &str, h: &'static HelpStrings) -> Command {
    let template = format!(
        "{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
        h.usage
    );
    let mut cmd = cmd
        .about(h.text(key))
        .help_template(template)
        .subcommand_help_heading(h.commands)
        .subcommand_value_name(h.a_command)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .mut_args(|a| localize_arg(a, key, h))
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(h.help)
                .help_heading(h.options)
                .display_order(LAST),
        );
    if key.is_empty() {
        cmd = cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(h.version)
                .help_heading(h.options)
                .display_order(LAST),
        );
    }
    let usage = usage_line(&cmd, shown, h);
    cmd.override_usage(usage).mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        let key = if key.is_empty() {
            name.clone()
        } else {
            format!("{key} {name}")
        };
        localize(sub, &key, &format!("{shown} {name}"), h)
    })
}

/// An option's description, heading and placeholder in the user's words.
/// clap's "[possible values: …]" and the like are English: the
/// descriptions say the values instead.
fn localize_arg(a: Arg, key: &str, h: &'static HelpStrings) -> Arg {
    if a.is_hide_set() {
        return a;
    }
    let heading = if a.is_positional() {
        h.arguments
    } else {
        h.options
    };
    let names: Vec<clap::builder::Str> = a
        .get_value_names()
        .unwrap_or_default()
        .iter()
        .map(|n| {
            h.value_name(n.as_str())
                .map_or_else(|| n.clone(), Into::into)
        })
        .collect();
    let takes_values = a.get_action().takes_values();
    let has_env = a.get_env().is_some();
    let help = h.text(&format!("{key}:{}", a.get_id()));
    let mut a = a.help(help).help_heading(heading);
    if a.is_global_set() {
        // A command's own options first, those of every command after.
        a = a.display_order(LAST - 1);
    }
    if !names.is_empty() {
        a = a.value_names(names);
    }
    if takes_values {
        a = a.hide_possible_values(true).hide_default_value(true);
    }
    a.hide_env(has_env)
}

/// `liaison-desk export [选项] <登记簿>`: built from the command's own
/// arguments rather than by rewording clap's English line.
fn usage_line(cmd: &Command, shown: &str, h: &HelpStrings) -> String {
    let mut parts = vec![shown.to_string(), format!("[{}]", h.some_options)];
    for a in cmd.get_positionals().filter(|a| !a.is_hide_set()) {
        let name = a
            .get_value_names()
            .and_then(|n| n.first())
            .map_or_else(|| a.get_id().to_string(), |n| n.to_string());
        let name = if matches!(a.get_action(), ArgAction::Append) {
            format!("{name}...")
        } else {
            name
        };
        parts.push(if a.is_required_set() {
            format!("<{name}>")
        } else {
            format!("[{name}]")
        });
    }
    if cmd.has_subcommands() {
        parts.push(if cmd.is_subcommand_required_set() {
            format!("<{}>", h.a_command)
        } else {
            format!("[{}]", h.a_command)
        });
    }
    parts.join(" ")
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
    let error = match localized_command(lang).try_get_matches_from(args) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every help key the command line has: `hub import` and `hub import:files`.
    fn keys(cmd: &Command, key: &str, out: &mut Vec<String>) {
        out.push(key.to_string());
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            out.push(format!("{key}:{}", a.get_id()));
        }
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            let name = sub.get_name();
            let sub_key = if key.is_empty() {
                name.to_string()
            } else {
                format!("{key} {name}")
            };
            keys(sub, &sub_key, out);
        }
    }

    #[test]
    fn every_command_and_option_is_described_in_every_language() {
        let mut wanted = Vec::new();
        keys(&Cli::command(), "", &mut wanted);
        assert!(wanted.contains(&"hub import:dry_run".to_string()));
        for lang in [Lang::Zh, Lang::En] {
            let h = strings(lang).help;
            for key in &wanted {
                assert!(!h.text(key).is_empty(), "{lang:?} has no help for {key:?}");
            }
            for (key, _) in h.texts {
                assert!(
                    wanted.iter().any(|w| w == key),
                    "{lang:?}: {key:?} is no command"
                );
            }
            assert_eq!(h.texts.len(), wanted.len(), "{lang:?}: a key twice");
        }
    }

    #[test]
    fn the_usage_line_is_built_in_the_users_words() {
        let help = |lang, path: &[&str]| {
            let mut cmd = localized_command(lang);
            for name in path {
                cmd = cmd.find_subcommand(name).unwrap().clone();
            }
            cmd.render_help().to_string()
        };
        let export = help(Lang::Zh, &["export"]);
        assert!(
            export.contains("用法：liaison-desk export [选项] <登记簿>\n"),
            "{export}"
        );
        assert!(export.contains("导出人（值班台用户的姓名"), "{export}");
        let import = help(Lang::En, &["hub", "import"]);
        assert!(
            import.contains("Usage: liaison-desk hub import [OPTIONS] <FILE...>\n"),
            "{import}"
        );
        assert!(import.contains("Bundle files (one or more)"), "{import}");
        let top = help(Lang::En, &[]);
        assert!(
            top.contains("Usage: liaison-desk [OPTIONS] [COMMAND]\n"),
            "{top}"
        );
        assert!(!top.contains("用法"), "{top}");
    }
}
