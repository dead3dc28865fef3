//! `/digest …` (the weekly digest's settings; Manage Server), `/nudges
//! on|off` (personal DM nudges, opt-in) and `/mentor on|off` (whether the
//! digest may suggest you as a mentor).

use super::{caller, send};
use crate::discord::{Context, Error};
use crate::render::Reply;
use crate::service::learning;

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
        "The digest may suggest you as a mentor for skills you know well (level 4+), \
         at most twice a week. `/mentor off` stops it."
    } else {
        "The digest will not suggest you as a mentor. `/mentor on` to change your mind."
    };
    send(ctx, Reply::text(text).ephemeral()).await
}
