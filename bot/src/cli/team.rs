//! Team data from the command line: members, levels, the team report,
//! import, export, forget, guilds, the audit log and migrate. Each command
//! parses, calls the service ([`crate::service`]) on a small async runtime,
//! and renders.
//!
//! Writes never create a guild or member by accident: a guild or member not
//! stored yet is an error that asks for `--create` (or `member add`), so a
//! mistyped id does not start an empty team.

use std::fmt::Write as _;
use std::future::Future;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Subcommand, ValueEnum};

use super::{plural, print_json};
use crate::service::guilds::{self as guild_service, AuditView, GuildListView};
use crate::service::ids::{DiscordId, IfMissing, parse_level};
use crate::service::import::{self, ExportFormat, ImportView};
use crate::service::members::{
    self, LevelChange, LevelSetView, MemberListView, MemberUpdate, MemberView, ZoneChange,
};
use crate::service::report::{self, TeamView};
use crate::service::schedule::TimeZone;
use crate::service::{admin, privacy};
use crate::{App, UserError};

/// Runs `future` on a fresh single-threaded runtime, then closes the
/// database connections it opened.
pub(crate) fn block_on<T>(
    app: &App,
    future: impl Future<Output = anyhow::Result<T>>,
) -> anyhow::Result<T> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async {
        let result = future.await;
        app.close().await;
        result
    })
}

/// `--guild`/`--user` values: Discord snowflakes.
pub(crate) fn parse_id(text: &str) -> Result<DiscordId, String> {
    DiscordId::parse(text)
}

/// `--guild G --user U`: which member of which server.
#[derive(Debug, Args)]
struct MemberRef {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// Discord user id of the member.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    user: DiscordId,
}

#[derive(Debug, Args)]
pub struct MemberArgs {
    #[command(subcommand)]
    command: MemberCommand,
}

#[derive(Debug, Subcommand)]
enum MemberCommand {
    /// Add a member to a stored guild (--create also starts a new guild).
    Add(MemberSetArgs),
    /// Change a stored member's name, role or time zone.
    Set(MemberSetArgs),
    /// Show a member's role, levels and latest progress.
    Show(MemberShowArgs),
    /// List a guild's members with their roles and how many levels each has.
    List(MemberListArgs),
}

#[derive(Debug, Args)]
struct MemberSetArgs {
    #[command(flatten)]
    member: MemberRef,
    /// Display name (kept as is when not given).
    #[arg(long)]
    name: Option<String>,
    /// Role id or name, e.g. backend-developer (see `skillbot roles`); kept
    /// when not given.
    #[arg(long)]
    role: Option<String>,
    /// The member's own time zone for nudges (IANA name, e.g.
    /// Europe/Berlin), or `guild` to use the guild's.
    #[arg(long, value_name = "ZONE", value_parser = parse_member_zone)]
    tz: Option<ZoneChange>,
    /// Create the guild and member if they are not stored yet.
    #[arg(long)]
    create: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

fn parse_member_zone(text: &str) -> Result<ZoneChange, String> {
    if text.trim().eq_ignore_ascii_case("guild") {
        return Ok(ZoneChange::FollowGuild);
    }
    TimeZone::parse(text)
        .map(ZoneChange::Set)
        .map_err(|e| e.to_string())
}

#[derive(Debug, Args)]
struct MemberListArgs {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct MemberShowArgs {
    #[command(flatten)]
    member: MemberRef,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct LevelArgs {
    #[command(subcommand)]
    command: LevelCommand,
}

#[derive(Debug, Subcommand)]
enum LevelCommand {
    /// Set a stored member's level in a skill; every change is kept in their
    /// progress history.
    Set(LevelSetArgs),
}

#[derive(Debug, Args)]
struct LevelSetArgs {
    #[command(flatten)]
    member: MemberRef,
    /// Skill id, name or alias (see `skillbot skills`).
    #[arg(long)]
    skill: String,
    /// 0 none, 1 aware, 2 beginner, 3 working, 4 advanced, 5 expert.
    #[arg(long, value_name = "0-5", allow_negative_numbers = true)]
    level: String,
    /// Why, e.g. "passed the CKA exam" (kept with the change).
    #[arg(long)]
    note: Option<String>,
    /// Who assessed it (Discord user id). The member themselves makes it a
    /// self-assessment; anyone else, or no --by, a manager assessment,
    /// written to the audit log (`skillbot audit`).
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    by: Option<DiscordId>,
    /// Create the guild and member if they are not stored yet.
    #[arg(long)]
    create: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct TeamArgs {
    /// Discord server (guild) id; optional when only one guild has members.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: Option<DiscordId>,
    /// Print the JSON report (coverage, gaps, bus_factor, matrix).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// CSV file: header `user_id,name,role,<skill>…`, one line per member,
    /// levels 0–5, empty cell = not assessed.
    #[arg(value_name = "FILE.csv")]
    file: PathBuf,
    /// Discord server (guild) id to import into.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// Create the guild if it is not stored yet (members in the file are
    /// always added).
    #[arg(long)]
    create: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// csv (the import format) or json.
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ForgetArgs {
    #[command(flatten)]
    member: MemberRef,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct GuildArgs {
    #[command(subcommand)]
    command: GuildCommand,
}

#[derive(Debug, Subcommand)]
enum GuildCommand {
    /// The stored guilds, their member counts and digest settings.
    List(GuildListArgs),
}

#[derive(Debug, Args)]
struct GuildListArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// How many of the latest entries to show (1–10000).
    #[arg(long, value_name = "N", default_value_t = 50,
          value_parser = clap::value_parser!(u32).range(1..=10_000))]
    limit: u32,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn member(app: &App, args: MemberArgs) -> anyhow::Result<()> {
    match args.command {
        MemberCommand::Add(args) => {
            let if_missing = if args.create {
                IfMissing::Create
            } else {
                IfMissing::AddMember
            };
            save_member(app, args, if_missing)
        }
        MemberCommand::Set(args) => {
            let if_missing = IfMissing::from_flag(args.create);
            save_member(app, args, if_missing)
        }
        MemberCommand::Show(args) => {
            let view = block_on(
                app,
                members::show_member(app, args.member.guild, args.member.user),
            )?;
            if args.json {
                return print_json(&view);
            }
            print!("{}", render_member(app, &view));
            Ok(())
        }
        MemberCommand::List(args) => {
            let view = block_on(app, members::list_members(app, args.guild))?;
            if args.json {
                return print_json(&view);
            }
            print!("{}", render_member_list(app, &view));
            Ok(())
        }
    }
}

fn save_member(app: &App, args: MemberSetArgs, if_missing: IfMissing) -> anyhow::Result<()> {
    let update = MemberUpdate {
        name: args.name.as_deref(),
        role: args.role.as_deref(),
        time_zone: args.tz.unwrap_or_default(),
    };
    let view = block_on(
        app,
        members::set_member(
            app,
            args.member.guild,
            args.member.user,
            &update,
            if_missing,
        ),
    )?;
    if args.json {
        return print_json(&view);
    }
    if view.guild_created {
        println!("Added guild {}.", view.guild);
    }
    let verb = if view.created { "Added" } else { "Saved" };
    println!("{verb} member {} of guild {}.\n", view.user_id, view.guild);
    print!("{}", render_member(app, &view));
    Ok(())
}

pub fn level(app: &App, args: LevelArgs) -> anyhow::Result<()> {
    let LevelCommand::Set(args) = args.command;
    let level = parse_level(&args.skill, &args.level)?;
    let change = LevelChange {
        guild: args.member.guild,
        user: args.member.user,
        skill: &args.skill,
        level,
        note: args.note.as_deref(),
        by: args.by,
        if_missing: IfMissing::from_flag(args.create),
    };
    let view = block_on(app, members::set_level(app, &change))?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_level_set(&view));
    Ok(())
}

pub fn team(app: &App, args: TeamArgs) -> anyhow::Result<()> {
    let view = block_on(app, report::team_report(app, args.guild))?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_team(&view));
    Ok(())
}

/// Largest import file read (a 1,000 × 60 matrix is about 150 KB).
const MAX_IMPORT_BYTES: u64 = 64 * 1024 * 1024;

pub fn import(app: &App, args: ImportArgs) -> anyhow::Result<()> {
    let shown = args.file.display();
    let size = std::fs::metadata(&args.file)
        .map_err(|e| UserError::new(format!("cannot read {shown}: {e}")))?
        .len();
    if size > MAX_IMPORT_BYTES {
        crate::bail_user!("{shown} is {size} bytes: larger than any skills matrix should be");
    }
    let data = std::fs::read(&args.file)
        .map_err(|e| UserError::new(format!("cannot read {shown}: {e}")))?;
    let if_missing = IfMissing::from_flag(args.create);
    let import = import::import_csv(app, args.guild, &data, if_missing);
    let view = block_on(app, import).map_err(|err| match crate::error::user_message(&err) {
        Some(message) => UserError::new(format!("{shown}: {message}")).into(),
        None => err,
    })?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_import(&view));
    Ok(())
}

pub fn export(app: &App, args: ExportArgs) -> anyhow::Result<()> {
    let format = match args.format {
        FormatArg::Csv => ExportFormat::Csv,
        FormatArg::Json => ExportFormat::Json,
    };
    let text = block_on(app, import::export(app, args.guild, format))?;
    match &args.output {
        None => print!("{text}"),
        Some(path) => {
            // Write beside the target, then rename: never a half-written file.
            let mut tmp = path.clone().into_os_string();
            tmp.push(".partial");
            let tmp = PathBuf::from(tmp);
            std::fs::write(&tmp, &text)
                .and_then(|()| std::fs::rename(&tmp, path))
                .map_err(|e| UserError::new(format!("cannot write {}: {e}", path.display())))?;
            eprintln!("Exported guild {} to {}.", args.guild, path.display());
        }
    }
    Ok(())
}

pub fn forget(app: &App, args: ForgetArgs) -> anyhow::Result<()> {
    let view = block_on(
        app,
        privacy::forget(app, args.member.guild, args.member.user),
    )?;
    if args.json {
        return print_json(&view);
    }
    println!(
        "Forgot member {} of guild {}: deleted {}, {}, {} and {} about them.\nThe audit log \
         keeps only that a member was forgotten.",
        args.member.user,
        args.member.guild,
        plural(view.levels as usize, "level", "levels"),
        plural(
            view.progress_events as usize,
            "progress event",
            "progress events"
        ),
        plural(view.nudge_runs as usize, "nudge run", "nudge runs"),
        plural(view.audit_entries as usize, "audit entry", "audit entries"),
    );
    Ok(())
}

pub fn guild(app: &App, args: GuildArgs) -> anyhow::Result<()> {
    let GuildCommand::List(args) = args.command;
    let view = block_on(app, guild_service::list_guilds(app))?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_guilds(&view));
    Ok(())
}

pub fn audit(app: &App, args: AuditArgs) -> anyhow::Result<()> {
    let view = block_on(app, guild_service::audit_log(app, args.guild, args.limit))?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_audit(&view));
    Ok(())
}

pub fn migrate(app: &App, args: MigrateArgs) -> anyhow::Result<()> {
    let view = block_on(app, admin::migrate(app))?;
    if args.json {
        return print_json(&view);
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Database: {} at {}",
        view.backend.name(),
        view.location
    );
    if view.applied.is_empty() {
        let _ = writeln!(out, "Schema is up to date.");
    } else {
        for m in &view.applied {
            let _ = writeln!(out, "Applied migration {:04} {}", m.version, m.description);
        }
    }
    if let Some(latest) = view.schema.last() {
        let _ = writeln!(
            out,
            "Schema version {} ({} migrations).",
            latest.version,
            view.schema.len()
        );
    }
    print!("{out}");
    Ok(())
}

fn render_member(app: &App, view: &MemberView) -> String {
    let mut out = String::new();
    let name = view.name.as_deref().unwrap_or("(no name)");
    let _ = writeln!(out, "{name} — user {}, guild {}", view.user_id, view.guild);
    match &view.role {
        Some(role) => {
            let role_name = app
                .catalog()
                .role(role)
                .map_or(role.as_str(), |r| r.name.as_str());
            let _ = writeln!(out, "Role: {role_name} ({role})");
        }
        None => {
            let _ = writeln!(
                out,
                "Role: none (set one with `skillbot member set --guild {} --user {} --role ROLE`)",
                view.guild, view.user_id
            );
        }
    }
    let _ = writeln!(
        out,
        "DM nudges: {}",
        if view.nudge_opt_in { "on" } else { "off" }
    );
    let _ = writeln!(
        out,
        "Time zone: {}",
        view.time_zone.as_deref().unwrap_or("the guild's")
    );
    if view.levels.is_empty() {
        let _ = writeln!(
            out,
            "\nNo levels yet: `skillbot level set --guild {} --user {} --skill SKILL --level 0-5`",
            view.guild, view.user_id
        );
    } else {
        let _ = writeln!(out, "\nLevels:");
        for l in &view.levels {
            let level_name = skillbot_recommender::Level::try_from(l.level)
                .map_or("?", skillbot_recommender::Level::name);
            let _ = writeln!(
                out,
                "  {:<30} {} {:<9} {:<8} {}",
                l.name,
                l.level,
                level_name,
                l.source,
                l.updated_at.format("%Y-%m-%d")
            );
        }
    }
    if !view.recent_progress.is_empty() {
        let _ = writeln!(out, "\nRecent progress:");
        for e in &view.recent_progress {
            let from = e.from_level.map_or("–".to_string(), |l| l.to_string());
            let note = e
                .note
                .as_deref()
                .map(|n| format!("  ({n})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {}  {:<24} {from} → {}{note}",
                e.at.format("%Y-%m-%d"),
                e.skill,
                e.to_level
            );
        }
    }
    out
}

fn render_member_list(app: &App, view: &MemberListView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Guild {}: {}",
        view.guild,
        plural(view.members.len(), "member", "members")
    );
    for m in &view.members {
        let role = m.role.as_deref().map_or("no role".to_string(), |id| {
            app.catalog()
                .role(id)
                .map_or(id.to_string(), |r| r.name.clone())
        });
        let _ = writeln!(
            out,
            "  {:<20} {:<24.24} {:<28.28} {:>10}{}",
            m.user_id,
            m.name.as_deref().unwrap_or("(no name)"),
            role,
            plural(m.levels, "level", "levels"),
            if m.nudge_opt_in { "  nudges on" } else { "" }
        );
    }
    if view.members.is_empty() {
        let _ = writeln!(
            out,
            "  (none: `skillbot member add --guild {} --user ID`)",
            view.guild
        );
    }
    out
}

fn render_guilds(view: &GuildListView) -> String {
    let mut out = String::new();
    if view.guilds.is_empty() {
        let _ = writeln!(
            out,
            "No guild is stored yet: `skillbot import FILE.csv --guild ID --create` or \
             `skillbot member add --guild ID --user ID --create`."
        );
        return out;
    }
    for g in &view.guilds {
        let digest = match (g.digest_on, g.channel) {
            (true, Some(channel)) => format!(
                "digest on in channel {channel}, `{}` {}",
                g.cron, g.timezone
            ),
            (false, Some(_)) => "digest off".to_string(),
            _ => "no digest channel".to_string(),
        };
        let _ = writeln!(
            out,
            "{:<20} {:>12}   {digest}",
            g.guild,
            plural(g.members as usize, "member", "members")
        );
    }
    out
}

fn render_audit(view: &AuditView) -> String {
    let mut out = String::new();
    if view.entries.is_empty() {
        let _ = writeln!(out, "The audit log of guild {} is empty.", view.guild);
        return out;
    }
    let shown = view.entries.len() as u64;
    if shown < view.total {
        let _ = writeln!(
            out,
            "Audit log of guild {}: the latest {shown} of {} entries (--limit N for more).",
            view.guild, view.total
        );
    } else {
        let _ = writeln!(
            out,
            "Audit log of guild {}: {}.",
            view.guild,
            plural(view.total as usize, "entry", "entries")
        );
    }
    for e in &view.entries {
        let actor = e
            .actor
            .map_or("unknown (command line or import)".to_string(), |a| {
                format!("user {a}")
            });
        let subject = e
            .subject
            .map(|s| format!(" about user {s}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {}  {:<14} by {actor}{subject}: {}",
            e.at.format("%Y-%m-%d %H:%M UTC"),
            e.action,
            e.detail
        );
    }
    out
}

fn render_level_set(view: &LevelSetView) -> String {
    let mut out = String::new();
    if view.guild_created {
        let _ = writeln!(out, "Added guild {}.", view.guild);
    }
    if view.member_created {
        let _ = writeln!(
            out,
            "Added member {user} to guild {guild} (no name or role yet: `skillbot member set \
             --guild {guild} --user {user} --name NAME --role ROLE`).",
            user = view.user_id,
            guild = view.guild
        );
    }
    if view.changed {
        let from = view
            .from_level
            .map_or("not assessed".to_string(), |l| l.to_string());
        let _ = writeln!(
            out,
            "{} for member {}: {from} → {} ({} assessment, kept in their progress).",
            view.skill_name, view.user_id, view.to_level, view.source
        );
        if view.audited {
            let _ = writeln!(
                out,
                "Recorded in the audit log (a manager assessment: `skillbot audit --guild {}`).",
                view.guild
            );
        }
    } else {
        let _ = writeln!(
            out,
            "{} for member {} is already {}: nothing changed.",
            view.skill_name, view.user_id, view.to_level
        );
    }
    out
}

fn render_import(view: &ImportView) -> String {
    let mut out = String::new();
    if view.guild_created {
        let _ = writeln!(out, "Added guild {}.", view.guild);
    }
    let _ = writeln!(
        out,
        "Imported {} ({} new) with {} into guild {}: {} changed, {} already as given.",
        plural(view.members, "member", "members"),
        view.members_created,
        plural(view.skills, "skill column", "skill columns"),
        view.guild,
        plural(view.levels_changed, "level", "levels"),
        view.levels_unchanged
    );
    out
}

/// Matrices wider than this print only with --json.
const MATRIX_MAX_SKILLS: usize = 12;
const MATRIX_MAX_MEMBERS: usize = 40;
const GAPS_SHOWN: usize = 10;
const NOT_ASSESSED_SHOWN: usize = 8;

fn render_team(view: &TeamView) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Team of guild {}: {} {}",
        view.guild,
        view.members,
        if view.members == 1 {
            "member"
        } else {
            "members"
        }
    );
    if view.gaps.is_empty() {
        let _ = writeln!(
            out,
            "\nNo gaps in what has been assessed: everyone with a role meets its targets."
        );
    } else {
        let _ = writeln!(
            out,
            "\nBiggest gaps against members' roles (assessed levels):"
        );
        for g in view.gaps.iter().take(GAPS_SHOWN) {
            let _ = write!(
                out,
                "  {:<30} {} below target, total gap {}, {} holding it",
                g.name, g.members_below_target, g.total_gap, g.holders
            );
            if g.not_assessed > 0 {
                let _ = write!(out, "; {} not assessed", g.not_assessed);
            }
            let _ = writeln!(out);
        }
        if view.gaps.len() > GAPS_SHOWN {
            let _ = writeln!(out, "  … {} more (--json)", view.gaps.len() - GAPS_SHOWN);
        }
    }
    if !view.not_assessed.is_empty() {
        let shown: Vec<&str> = view
            .not_assessed
            .iter()
            .take(NOT_ASSESSED_SHOWN)
            .map(|n| n.skill.as_str())
            .collect();
        let more = view.not_assessed.len() - shown.len();
        let more = if more > 0 {
            format!(", … {more} more")
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "\nNot assessed yet: {}{more} — /skills set (or `skillbot level set`)\n  \
             Members' roles need these, but nobody has a level for them: not counted as gaps.",
            shown.join(", ")
        );
    }
    if !view.bus_factor.is_empty() {
        let _ = writeln!(
            out,
            "\nOnly one person at level 3+ (of those who assessed it):"
        );
        for b in &view.bus_factor {
            let who = b.holder_name.as_deref().unwrap_or(&b.holder_id);
            let _ = writeln!(
                out,
                "  {:<30} {who} ({} of {} assessed)",
                b.name, b.assessed, view.members
            );
        }
    }
    let held: Vec<_> = view.coverage.iter().filter(|c| c.holders > 0).collect();
    if !held.is_empty() {
        let _ = writeln!(
            out,
            "\nCoverage (members at level 3+ of those assessed, average assessed level):"
        );
        for c in held {
            let _ = write!(
                out,
                "  {:<30} {:>3} of {:<3}",
                c.name, c.holders, c.assessed
            );
            if let Some(average) = c.average_level {
                let _ = write!(out, "  avg {average:.1}");
            }
            let _ = writeln!(out);
        }
    }
    if !view.unknown_roles.is_empty() {
        let roles: Vec<String> = view
            .unknown_roles
            .iter()
            .map(|u| format!("{} ({})", u.role, u.members))
            .collect();
        let _ = writeln!(
            out,
            "\nRoles not in the catalog in use ({}): {} — their targets are not counted; \
             run with --catalog FILE (or SKILLBOT_CATALOG) for the catalog that defines them.",
            view.catalog,
            roles.join(", ")
        );
    }
    let matrix = &view.matrix;
    if matrix.skills.len() <= MATRIX_MAX_SKILLS && matrix.rows.len() <= MATRIX_MAX_MEMBERS {
        let _ = writeln!(out, "\nMatrix (· not assessed):");
        let _ = write!(out, "  {:<20}", "");
        for skill in &matrix.skills {
            let _ = write!(out, " {:>6.6}", skill);
        }
        let _ = writeln!(out);
        for row in &matrix.rows {
            let name = row.name.as_deref().unwrap_or(&row.user_id);
            let _ = write!(out, "  {:<20.20}", name);
            for level in &row.levels {
                match level {
                    Some(level) => {
                        let _ = write!(out, " {level:>6}");
                    }
                    None => out.push_str("      ·"),
                }
            }
            let _ = writeln!(out);
        }
    } else {
        let _ = writeln!(
            out,
            "\nThe full matrix ({} members × {} skills): --json",
            matrix.rows.len(),
            matrix.skills.len()
        );
    }
    out
}
