//! `/digest …` (the weekly digest's settings, preview and posting; Manage
//! Server), `/nudges on|off` (personal DM nudges, opt-in) and `/mentor
//! on|off` (whether the digest may suggest you as a mentor).

use chrono::Utc;
use poise::serenity_prelude as serenity;

use super::{Caller, caller, id, send};
use crate::UserError;
use crate::discord::{Context, Error};
use crate::render::{self, Reply};
use crate::scheduler::Outcome;
use crate::service::digest_settings::{self as settings, DigestStatus};
use crate::service::ids::IfMissing;
use crate::service::schedule::{CronSchedule, TimeZone};
use crate::service::{digest, learning, suggest};

async fn autocomplete_zone(
    _ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = suggest::time_zones(partial)
        .into_iter()
        .map(|s| serenity::AutocompleteChoice::new(s.label, s.value))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// The weekly team learning digest: where, when, preview (Manage Server)
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD",
    subcommands(
        "digest_channel",
        "digest_schedule",
        "digest_timezone",
        "digest_preview",
        "digest_now",
        "digest_off"
    ),
    subcommand_required
)]
pub async fn digest(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

async fn admin(ctx: Context<'_>) -> Result<Caller, Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    if !caller.can_manage {
        crate::bail_user!("/digest needs the Manage Server permission, which you don't have here.");
    }
    Ok(caller)
}

/// Post the weekly digest in this channel (switches it on)
#[poise::command(
    slash_command,
    guild_only,
    rename = "channel",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_channel(
    ctx: Context<'_>,
    #[description = "The channel for the digest"]
    #[channel_types("Text", "News")]
    channel: serenity::PartialChannel,
) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let view = settings::set_channel(
        &ctx.data().app,
        caller.guild,
        id(channel.id.get())?,
        IfMissing::Create,
    )
    .await?;
    send(ctx, render::digest::settings(&view)).await
}

/// When the digest is posted: cron, e.g. 0 9 * * MON (Mondays 09:00)
#[poise::command(
    slash_command,
    guild_only,
    rename = "schedule",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_schedule(
    ctx: Context<'_>,
    #[description = "Five fields: minute hour day month weekday, e.g. 0 9 * * MON"]
    #[max_length = 100]
    cron: String,
) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let cron = CronSchedule::parse(&cron).map_err(UserError::from)?;
    let view =
        settings::set_schedule(&ctx.data().app, caller.guild, &cron, IfMissing::Create).await?;
    send(ctx, render::digest::settings(&view)).await
}

/// The time zone the schedule is read in, e.g. Europe/Berlin
#[poise::command(
    slash_command,
    guild_only,
    rename = "timezone",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_timezone(
    ctx: Context<'_>,
    #[description = "IANA time zone, e.g. Europe/Berlin or America/New_York"]
    #[autocomplete = "autocomplete_zone"]
    zone: String,
) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let zone = TimeZone::parse(&zone).map_err(UserError::from)?;
    let view =
        settings::set_time_zone(&ctx.data().app, caller.guild, zone, IfMissing::Create).await?;
    send(ctx, render::digest::settings(&view)).await
}

/// See the digest that would be posted now (only you see it)
#[poise::command(
    slash_command,
    guild_only,
    rename = "preview",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_preview(ctx: Context<'_>) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let app = ctx.data().app.clone();
    let now = Utc::now();
    let settings = settings::get(&app, caller.guild).await?;
    let view = digest::compose(&app, caller.guild, now).await?;
    let mut reply =
        tokio::task::spawn_blocking(move || render::digest::digest(&view, now)).await??;
    if let Some(reason) = settings.disabled_reason {
        reply.content = Some(render::truncate(
            &format!("⚠️ The bot switched the digest off: {reason}"),
            render::limits::CONTENT,
        ));
    }
    send(ctx, reply.ephemeral()).await
}

/// Post the digest now, and the DM nudges of members who opted in
#[poise::command(
    slash_command,
    guild_only,
    rename = "now",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_now(ctx: Context<'_>) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let data = ctx.data();
    let view = settings::get(&data.app, caller.guild).await?;
    if view.status != DigestStatus::On {
        let mut reply = render::digest::settings(&view);
        reply.content = Some(format!(
            "The digest is not on, so nothing was posted.\n{}",
            reply.content.unwrap_or_default()
        ));
        return send(ctx, reply).await;
    }
    let (outcome, nudges) = data.scheduler.post_now(caller.guild, Utc::now()).await?;
    let text = match outcome {
        Outcome::Posted { .. } | Outcome::Recovered { .. } => format!(
            "Posted the digest in <#{}>; {} sent now (more follow, paced, if any are left).",
            view.channel.map_or(0, |c| c.get()),
            render::plural(nudges.len(), "nudge", "nudges")
        ),
        Outcome::Failed {
            error, retry_at, ..
        } => format!(
            "Discord refused the digest ({error}).{}",
            retry_at.map_or(String::new(), |at| format!(
                " I'll try again at {} UTC.",
                at.format("%H:%M")
            ))
        ),
        Outcome::Disabled { reason } => format!("The digest is now off: {reason}"),
        Outcome::Skipped { .. } => "Nothing was posted.".to_string(),
    };
    send(ctx, Reply::text(text).ephemeral()).await
}

/// Stop posting the digest (settings are kept)
#[poise::command(
    slash_command,
    guild_only,
    rename = "off",
    required_permissions = "MANAGE_GUILD"
)]
async fn digest_off(ctx: Context<'_>) -> Result<(), Error> {
    let caller = admin(ctx).await?;
    let view = settings::turn_off(&ctx.data().app, caller.guild, IfMissing::Create).await?;
    send(ctx, render::digest::settings(&view)).await
}

/// Personal DM nudges with your next step, once a week (off by default)
#[poise::command(
    slash_command,
    guild_only,
    subcommands("nudges_on", "nudges_off"),
    subcommand_required
)]
pub async fn nudges(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Get a weekly DM with your next step
#[poise::command(slash_command, guild_only, rename = "on")]
async fn nudges_on(ctx: Context<'_>) -> Result<(), Error> {
    set_nudges(ctx, true).await
}

/// No more DM nudges
#[poise::command(slash_command, guild_only, rename = "off")]
async fn nudges_off(ctx: Context<'_>) -> Result<(), Error> {
    set_nudges(ctx, false).await
}

async fn set_nudges(ctx: Context<'_>, on: bool) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let view = settings::set_nudges(
        &ctx.data().app,
        caller.guild,
        caller.user,
        on,
        IfMissing::Create,
    )
    .await?;
    let mut text = if on {
        "You'll get a DM with your next step once a week, after the team digest. \
         Make sure this server may send you direct messages (Privacy Settings). `/nudges off` stops it."
            .to_string()
    } else {
        "No more DM nudges. `/nudges on` to get them again.".to_string()
    };
    if on && view.digest != DigestStatus::On {
        text.push_str(
            " (The digest is not on in this server yet, so nudges start once an admin sets it up.)",
        );
    }
    send(ctx, Reply::text(text).ephemeral()).await
}

/// Whether the digest may suggest you as a mentor for skills you know well
#[poise::command(
    slash_command,
    guild_only,
    subcommands("mentor_on", "mentor_off"),
    subcommand_required
)]
pub async fn mentor(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Let the digest suggest you as a mentor (the default)
#[poise::command(slash_command, guild_only, rename = "on")]
async fn mentor_on(ctx: Context<'_>) -> Result<(), Error> {
    set_mentor(ctx, true).await
}

/// Never suggest you as a mentor
#[poise::command(slash_command, guild_only, rename = "off")]
async fn mentor_off(ctx: Context<'_>) -> Result<(), Error> {
    set_mentor(ctx, false).await
}

async fn set_mentor(ctx: Context<'_>, available: bool) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    learning::set_mentor(&ctx.data().app, caller.guild, caller.user, available).await?;
    let text = if available {
        "The digest may suggest you as a mentor for skills you know well (level 3+), \
         at most twice a week. `/mentor off` stops it."
    } else {
        "The digest will not suggest you as a mentor. `/mentor on` to change your mind."
    };
    send(ctx, Reply::text(text).ephemeral()).await
}
