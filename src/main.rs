use clap::Parser;
use liaison_desk::cli::{Cli, main_with};
use std::process::ExitCode;

fn main() -> ExitCode {
    main_with(Cli::parse())
}
