//! `/team`: coverage, gaps, single holders and the skills-matrix picture.

use super::{caller, send};
use crate::discord::{Context, Error};
use crate::render;
use crate::service::report;

/// Where the team is thin: gaps, single holders, and the skills matrix
#[poise::command(slash_command, guild_only)]
pub async fn team(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer().await?;
    let caller = caller(ctx, true).await?;
    let view = report::team_report(&ctx.data().app, Some(caller.guild)).await?;
    // Drawing the picture is CPU work: keep it off the async threads.
    let reply = tokio::task::spawn_blocking(move || render::team::team(&view)).await??;
    send(ctx, reply).await
}
