use std::process::ExitCode;

use clap::Parser;
use skillbot::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !cli.command.is_long_running() {
        cli::exit_quietly_on_closed_output();
    }
    match cli::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => match skillbot::error::user_message(&err) {
            Some(message) => {
                eprintln!("error: {message}");
                ExitCode::from(2)
            }
            None => {
                eprintln!("error: {err:#}");
                ExitCode::from(1)
            }
        },
    }
}
