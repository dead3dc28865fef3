//! `/next [member]`: the top three next skills with reasons, time estimates
//! and buttons; `/plan [member]`: the whole ordered path.

use chrono::Utc;
use poise::serenity_prelude as serenity;

use super::{caller, send, subject};
use crate::App;
use crate::discord::{Context, Error};
use crate::render::{self, Reply, Who};
use crate::service::ids::DiscordId;
use crate::service::learning::{self, Next};
use crate::service::{digest, members, report};
use skillbot_recommender::Pace;

/// Recommendations shown by /next.
pub const TOP: usize = 3;

/// What to learn next, and why — for you, or a member (Manage Server)
#[poise::command(slash_command, guild_only)]
pub async fn next(
    ctx: Context<'_>,
    #[description = "Another member (needs Manage Server)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let (user, who) = subject(ctx, &caller, member.as_ref(), "/next").await?;
    let reply = next_reply(&ctx.data().app, caller.guild, user, &who).await?;
    send(ctx, reply).await
}

/// Your whole learning path to your role's targets, with time estimates
#[poise::command(slash_command, guild_only)]
pub async fn plan(
    ctx: Context<'_>,
    #[description = "Another member (needs Manage Server)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let (user, who) = subject(ctx, &caller, member.as_ref(), "/plan").await?;
    let app = &ctx.data().app;
    let stored = members::show_member(app, caller.guild, user).await?;
    let reply = if stored.role.is_none() {
        render::next::pick_role(app.catalog(), user.get(), &who)
    } else {
        let view =
            report::plan_member(app, Some(caller.guild), user, None, Pace::default()).await?;
        render::plan::plan(&view, app.catalog(), &who)
    };
    send(ctx, reply).await
}

/// The /next reply for a member: their recommendations, or the role picker
/// when they have no role yet.
pub(crate) async fn next_reply(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    who: &Who,
) -> Result<Reply, Error> {
    Ok(
        match learning::next_for_member(app, guild, user, TOP, Utc::now()).await? {
            Next::NeedsRole => render::next::pick_role(app.catalog(), user.get(), who),
            Next::Recommendations { view, snoozed } => {
                let mut extra: Vec<String> = Vec::new();
                if let Some(first) = view.recommendations.first()
                    && let Some(mentor) =
                        digest::suggested_mentor(app, guild, user, &first.skill, Utc::now()).await?
                {
                    extra.push(format!(
                        "{} knows {} well: ask them for a pairing session.",
                        render::mention(mentor.user_id),
                        first.name
                    ));
                }
                if !snoozed.is_empty() {
                    extra.push(format!("Hidden for now (Not now): {}", snoozed.join(", ")));
                }
                render::next::recommendations(&view, app.catalog(), who, user.get(), &extra)
            }
        },
    )
}
