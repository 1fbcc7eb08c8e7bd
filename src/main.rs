use liaison_desk::cli::{main_with, parse_args};
use std::process::ExitCode;

fn main() -> ExitCode {
    match parse_args(std::env::args_os().collect()) {
        Ok(cli) => main_with(cli),
        Err(code) => code,
    }
}
