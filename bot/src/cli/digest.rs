//! The digest's settings from the command line: `schedule next` (what a
//! cron expression does in a zone), `digest settings` and `nudges on|off`.
//! The same service functions back Discord's `/digest` and `/nudges`.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};
use serde::Serialize;

use super::print_json;
use super::team::{block_on, parse_id};
use crate::App;
use crate::service::digest_settings::{
    self as settings, DigestChange, DigestSettingsView, DigestStatus, Grace, NudgesView,
};
use crate::service::ids::{DiscordId, IfMissing};
use crate::service::schedule::{CronSchedule, FireTime, TimeZone};

/// `--cron` values.
pub(crate) fn parse_cron(text: &str) -> Result<CronSchedule, String> {
    CronSchedule::parse(text).map_err(|e| e.to_string())
}

/// `--tz` values: IANA zone names.
pub(crate) fn parse_zone(text: &str) -> Result<TimeZone, String> {
    TimeZone::parse(text).map_err(|e| e.to_string())
}

fn parse_grace(text: &str) -> Result<Grace, String> {
    let hours: u32 = text.trim().parse().map_err(|_| {
        format!("'{text}' is not a number of hours: give a whole number from 0 to 168, e.g. 12")
    })?;
    Grace::from_hours(hours).map_err(|e| e.0)
}

fn parse_time(text: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            format!(
                "'{text}' is not an RFC 3339 time ({e}): write it like 2025-03-30T00:00:00Z or \
                 2025-03-30T09:00:00+02:00"
            )
        })
}

fn parse_count(text: &str) -> Result<usize, String> {
    text.trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_COUNT).contains(n))
        .ok_or_else(|| format!("'{text}' is not a count from 1 to {MAX_COUNT}"))
}

const MAX_COUNT: usize = 1000;

#[derive(Debug, Args)]
pub struct ScheduleArgs {
    #[command(subcommand)]
    command: ScheduleCommand,
}

#[derive(Debug, Subcommand)]
enum ScheduleCommand {
    /// The next times a cron expression fires in a time zone, local and UTC
    /// (DST-correct: 09:00 stays 09:00 local in winter and summer).
    Next(ScheduleNextArgs),
}

#[derive(Debug, Args)]
struct ScheduleNextArgs {
    /// Five fields (minute hour day-of-month month day-of-week, e.g.
    /// "0 9 * * MON"), or six/seven with seconds first ("0 0 9 * * MON").
    #[arg(long, value_name = "EXPR", value_parser = parse_cron)]
    cron: CronSchedule,
    /// IANA time zone, e.g. Europe/Berlin, America/New_York.
    #[arg(long, value_name = "ZONE", value_parser = parse_zone, default_value = "UTC")]
    tz: TimeZone,
    /// Start after this time (RFC 3339, e.g. 2025-03-30T00:00:00Z); default now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_time)]
    from: Option<DateTime<Utc>>,
    /// How many fire times to show (1–1000).
    #[arg(long, value_name = "N", value_parser = parse_count, default_value = "5")]
    count: usize,
    /// Print JSON: {"cron","timezone","next":[{"local","utc"}]}.
    #[arg(long)]
    json: bool,
}

/// `schedule next --json`.
#[derive(Debug, Serialize)]
struct ScheduleNextView<'a> {
    cron: &'a str,
    timezone: &'static str,
    next: Vec<FireTime>,
}

pub fn schedule(_app: &App, args: ScheduleArgs) -> anyhow::Result<()> {
    let ScheduleCommand::Next(args) = args.command;
    let from = args.from.unwrap_or_else(Utc::now);
    let view = ScheduleNextView {
        cron: args.cron.as_str(),
        timezone: args.tz.name(),
        next: args.cron.next_times(args.tz, from, args.count),
    };
    if args.json {
        return print_json(&view);
    }
    let mut out = String::new();
    if view.next.is_empty() {
        let _ = writeln!(
            out,
            "`{}` in {} does not fire after {}.",
            view.cron,
            view.timezone,
            from.to_rfc3339()
        );
    } else {
        let _ = writeln!(
            out,
            "`{}` in {}, the next {}:",
            view.cron,
            view.timezone,
            super::plural(view.next.len(), "run", "runs")
        );
        for run in &view.next {
            let _ = writeln!(out, "  {run}");
        }
    }
    print!("{out}");
    Ok(())
}

#[derive(Debug, Args)]
pub struct DigestArgs {
    #[command(subcommand)]
    command: DigestCommand,
}

#[derive(Debug, Subcommand)]
enum DigestCommand {
    /// Show or change a guild's weekly digest: channel, schedule, time zone,
    /// grace period, on/off. Prints the settings and the next three runs.
    Settings(Box<DigestSettingsArgs>),
    /// The digest that would be posted now: the week's progress, gaps,
    /// single holders, next steps with mentors, learning pairs.
    Preview(DigestPreviewArgs),
}

#[derive(Debug, Args)]
struct DigestPreviewArgs {
    /// Discord server (guild) id; default the only guild with members.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: Option<DiscordId>,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct DigestSettingsArgs {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// Post the digest to this channel (id), and switch it on.
    #[arg(long, value_name = "ID", value_parser = parse_id, conflicts_with = "off")]
    channel: Option<DiscordId>,
    /// When: five cron fields, e.g. "0 9 * * MON" (Mondays 09:00), or
    /// six/seven with seconds first. At most one digest an hour.
    #[arg(long, value_name = "EXPR", value_parser = parse_cron)]
    cron: Option<CronSchedule>,
    /// The time zone the schedule is read in (IANA name, e.g. Europe/Berlin).
    #[arg(long, value_name = "ZONE", value_parser = parse_zone)]
    tz: Option<TimeZone>,
    /// Post a digest missed while the bot was down if it is at most this
    /// many hours late (0–168); later ones are skipped.
    #[arg(long, value_name = "HOURS", value_parser = parse_grace)]
    grace: Option<Grace>,
    /// Switch the digest off (channel and schedule are kept; --channel
    /// switches it on again).
    #[arg(long)]
    off: bool,
    /// Create the guild if it is not stored yet.
    #[arg(long)]
    create: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn digest(app: &App, args: DigestArgs) -> anyhow::Result<()> {
    let args = match args.command {
        DigestCommand::Settings(args) => *args,
        DigestCommand::Preview(args) => return preview(app, args),
    };
    let change = DigestChange {
        channel: args.channel,
        cron: args.cron,
        time_zone: args.tz,
        grace: args.grace,
        off: args.off,
    };
    let changing = change.channel.is_some()
        || change.cron.is_some()
        || change.time_zone.is_some()
        || change.grace.is_some()
        || change.off;
    let view = if changing {
        let if_missing = IfMissing::from_flag(args.create);
        block_on(app, settings::update(app, args.guild, &change, if_missing))?
    } else {
        block_on(app, settings::get(app, args.guild))?
    };
    if args.json {
        return print_json(&view);
    }
    let mut out = String::new();
    if view.guild_created {
        let _ = writeln!(out, "Added guild {}.", view.guild);
    } else if changing {
        let _ = writeln!(out, "Saved.");
    }
    out.push_str(&render_settings(&view));
    print!("{out}");
    Ok(())
}

fn render_settings(view: &DigestSettingsView) -> String {
    let mut out = String::new();
    let guild = view.guild;
    let _ = match (view.status, view.channel) {
        (DigestStatus::On, Some(channel)) => writeln!(
            out,
            "Digest of guild {guild}: on, posted to channel {channel}."
        ),
        (DigestStatus::Off, Some(channel)) => writeln!(
            out,
            "Digest of guild {guild}: off (channel {channel} kept; `--channel {channel}` switches \
             it on again)."
        ),
        _ => writeln!(
            out,
            "Digest of guild {guild}: no channel yet (`skillbot digest settings --guild {guild} \
             --channel ID` switches it on)."
        ),
    };
    if let Some(reason) = &view.disabled_reason {
        let _ = writeln!(out, "The bot switched it off: {reason}");
    }
    let hours = view.grace_minutes / 60;
    let grace = if view.grace_minutes.is_multiple_of(60) {
        super::plural(hours as usize, "hour", "hours")
    } else {
        super::plural(view.grace_minutes as usize, "minute", "minutes")
    };
    let _ = writeln!(
        out,
        "Schedule: `{}` in {}; a run missed while the bot was down is posted up to {grace} late.",
        view.cron, view.timezone
    );
    let label = if view.status == DigestStatus::On {
        "Next runs"
    } else {
        "Next runs once it is on"
    };
    let _ = writeln!(out, "{label}:");
    for run in &view.next {
        let _ = writeln!(out, "  {run}");
    }
    out
}

#[derive(Debug, Args)]
pub struct NudgesArgs {
    #[command(subcommand)]
    command: NudgesCommand,
}

#[derive(Debug, Subcommand)]
enum NudgesCommand {
    /// The member gets a personal DM nudge with the weekly digest.
    On(NudgesMemberArgs),
    /// No more DM nudges for the member.
    Off(NudgesMemberArgs),
}

#[derive(Debug, Args)]
struct NudgesMemberArgs {
    /// Discord server (guild) id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    guild: DiscordId,
    /// Discord user id of the member.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    user: DiscordId,
    /// Create the guild and member if they are not stored yet.
    #[arg(long)]
    create: bool,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

pub fn nudges(app: &App, args: NudgesArgs) -> anyhow::Result<()> {
    let (on, args) = match args.command {
        NudgesCommand::On(args) => (true, args),
        NudgesCommand::Off(args) => (false, args),
    };
    let if_missing = IfMissing::from_flag(args.create);
    let view = block_on(
        app,
        settings::set_nudges(app, args.guild, args.user, on, if_missing),
    )?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", render_nudges(&view));
    Ok(())
}

fn render_nudges(view: &NudgesView) -> String {
    let mut out = String::new();
    let state = if view.nudge_opt_in { "on" } else { "off" };
    let already = if view.changed { "" } else { " (already)" };
    let _ = writeln!(
        out,
        "DM nudges for member {} of guild {}: {state}{already}.",
        view.user_id, view.guild
    );
    let digest = match view.digest {
        DigestStatus::On => None,
        DigestStatus::Off => Some("is off"),
        DigestStatus::NoChannel => Some("has no channel yet"),
    };
    if let Some(digest) = digest.filter(|_| view.nudge_opt_in) {
        let _ = writeln!(
            out,
            "The guild's digest {digest}: nudges go out with it, so none until it is on \
             (`skillbot digest settings --guild {} --channel ID`).",
            view.guild
        );
    }
    out
}

fn preview(app: &App, args: DigestPreviewArgs) -> anyhow::Result<()> {
    let view = block_on(app, async {
        let guild = match args.guild {
            Some(guild) => guild,
            None => crate::service::report::team_report(app, None).await?.guild,
        };
        crate::service::digest::compose(app, guild, Utc::now()).await
    })?;
    if args.json {
        return print_json(&view);
    }
    print!("{}", crate::render::digest::digest_text(&view));
    Ok(())
}
