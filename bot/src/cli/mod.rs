//! The `skillbot` command line. Each subcommand parses its input, calls the
//! service, and renders a table (default) or the JSON of DESIGN.md (`--json`).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::settings::LogFormat;
use crate::{App, Settings};

mod admin;
mod ask;
mod catalog;
mod digest;
mod serve;
mod team;

/// skillbot helps an engineering team level up together: it answers skill
/// questions from the team's material, recommends each member's next skill,
/// and shows where the team is thin. (Discord commands and weekly digests
/// build on these same commands.)
///
/// Every command works without configuration: the built-in handbook and
/// catalog, and a SQLite file in the data directory.
#[derive(Debug, Parser)]
#[command(name = "skillbot", version, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// Config file (TOML); environment variables override it.
    #[arg(long, global = true, env = "SKILLBOT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Use this catalog file instead of the built-in skills and roles.
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Log more (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer a skill question from the material, citing source and section.
    Ask(ask::AskArgs),
    /// Build a search index from your own skill material.
    Index(ask::IndexArgs),
    /// Measure search quality on a question file: hit@1, hit@3, MRR, latency.
    Eval(ask::EvalArgs),
    /// List the skills of the catalog.
    Skills(catalog::SkillsArgs),
    /// List the roles and their target levels.
    Roles(catalog::RolesArgs),
    /// Recommend the next skills to learn for a role, with reasons.
    Recommend(catalog::RecommendArgs),
    /// The whole ordered learning path to a role, with time estimates.
    Plan(catalog::PlanArgs),
    /// The skill catalog itself: `catalog export` prints the built-in one.
    Catalog(catalog::CatalogArgs),
    /// Add, change, show or list team members (Discord users in a guild).
    Member(team::MemberArgs),
    /// Set a member's skill level; every change is kept as progress.
    Level(team::LevelArgs),
    /// The team report: coverage, gaps, bus factor, skills matrix.
    Team(team::TeamArgs),
    /// Import a skills matrix CSV into a guild, all or nothing.
    Import(team::ImportArgs),
    /// Export a guild's members and levels as CSV (the import format) or JSON.
    Export(team::ExportArgs),
    /// Delete everything stored about a member of a guild.
    Forget(team::ForgetArgs),
    /// List the stored guilds (Discord servers).
    Guild(team::GuildArgs),
    /// Read a guild's audit log: manager assessments, imports, forgotten members.
    Audit(team::AuditArgs),
    /// Check a cron schedule: its next fire times in a time zone.
    Schedule(digest::ScheduleArgs),
    /// A guild's weekly digest: channel, schedule, time zone, on/off.
    Digest(digest::DigestArgs),
    /// Turn a member's personal DM nudges on or off.
    Nudges(digest::NudgesArgs),
    /// Create or update the database schema (also done on first use).
    Migrate(team::MigrateArgs),
    /// Run the Discord bot, the digest scheduler and the health endpoint.
    Serve(serve::ServeArgs),
    /// Check the configuration: `config check` prints what is in effect.
    Config(admin::ConfigArgs),
    /// Copy the SQLite database while the bot runs (PostgreSQL: pg_dump).
    Backup(admin::BackupArgs),
    /// Probe a running bot's health endpoint: exit 0 when healthy, else 1.
    Healthcheck(admin::HealthcheckArgs),
}

/// Sets up human-readable logging to stderr: warnings by default, more
/// with `-v`. `RUST_LOG` overrides.
pub fn init_tracing(verbose: u8) {
    init_tracing_as(verbose, LogFormat::Human, false);
}

/// Sets up logging to stderr in `format`. The default level is `warn` for
/// commands that print a result and `info` for the server (`long_running`),
/// raised by `-v`/`-vv`; `RUST_LOG` overrides.
pub fn init_tracing_as(verbose: u8, format: LogFormat, long_running: bool) {
    let default = match (verbose, long_running) {
        (0, false) => "warn",
        (0, true) | (1, _) => "info,skillbot=info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Human => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    if let Some(catalog) = cli.catalog {
        settings.catalog = Some(catalog);
        settings.set_by_flag("catalog");
    }
    init_tracing_as(
        cli.verbose,
        settings.log_format(),
        cli.command.is_long_running(),
    );
    // These look at the configuration itself, before the app is built.
    let command = match cli.command {
        Command::Config(args) => return admin::config(&settings, cli.config.as_deref(), args),
        Command::Healthcheck(args) => return admin::healthcheck(&settings, args),
        command => command,
    };
    let app = App::new(settings)?;
    match command {
        Command::Ask(args) => ask::ask(&app, args),
        Command::Index(args) => ask::index(&app, args),
        Command::Eval(args) => ask::eval(&app, args),
        Command::Skills(args) => catalog::skills(&app, args),
        Command::Roles(args) => catalog::roles(&app, args),
        Command::Recommend(args) => catalog::recommend(&app, args),
        Command::Plan(args) => catalog::plan(&app, args),
        Command::Catalog(args) => catalog::catalog(&app, args),
        Command::Member(args) => team::member(&app, args),
        Command::Level(args) => team::level(&app, args),
        Command::Team(args) => team::team(&app, args),
        Command::Import(args) => team::import(&app, args),
        Command::Export(args) => team::export(&app, args),
        Command::Forget(args) => team::forget(&app, args),
        Command::Guild(args) => team::guild(&app, args),
        Command::Audit(args) => team::audit(&app, args),
        Command::Schedule(args) => digest::schedule(&app, args),
        Command::Digest(args) => digest::digest(&app, args),
        Command::Nudges(args) => digest::nudges(&app, args),
        Command::Migrate(args) => team::migrate(&app, args),
        Command::Serve(args) => serve::serve(&app, args),
        Command::Backup(args) => admin::backup(&app, args),
        Command::Config(_) | Command::Healthcheck(_) => unreachable!("handled above"),
    }
}

/// Lets the command end quietly when the program reading its output goes
/// away (`skillbot export … | head -1`), as Unix tools do: Rust ignores
/// SIGPIPE, so a closed pipe would otherwise make `println!` panic. Only
/// for commands that print and end ([`Command::is_long_running`]): the
/// server keeps ignoring SIGPIPE, so a closed log pipe never kills it.
pub fn exit_quietly_on_closed_output() {
    #[cfg(unix)]
    // SAFETY: called at start-up, before any thread is spawned; SIG_DFL is
    // a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

impl Command {
    /// Whether the command runs until stopped (the server) rather than
    /// printing a result and ending.
    pub fn is_long_running(&self) -> bool {
        matches!(self, Command::Serve(_))
    }
}

/// `1 member`, `2 members`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Prints a value as pretty JSON on stdout.
pub(crate) fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}
