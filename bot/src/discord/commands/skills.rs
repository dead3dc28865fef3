//! `/skills show|set`, `/learned`, `/role set`: reading and changing levels
//! and roles. Setting your own level is a self-assessment; setting someone
//! else's is an assessment by you, audited, and needs Manage Server.

use poise::serenity_prelude as serenity;
use skillbot_recommender::Level;

use super::{caller, send, subject};
use crate::discord::{Context, Error};
use crate::render::{self, Reply};
use crate::service::ids::IfMissing;
use crate::service::members::{self, LevelChange, MemberUpdate};
use crate::service::suggest;

pub(crate) async fn autocomplete_skill(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = suggest::skills(ctx.data().app.catalog(), partial)
        .into_iter()
        .map(|s| serenity::AutocompleteChoice::new(s.label, s.value))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

pub(crate) async fn autocomplete_role(
    ctx: Context<'_>,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    let choices = suggest::roles(ctx.data().app.catalog(), partial)
        .into_iter()
        .map(|s| serenity::AutocompleteChoice::new(s.label, s.value))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

/// Your skill levels (0–5), or a member's
#[poise::command(
    slash_command,
    guild_only,
    subcommands("skills_show", "skills_set"),
    subcommand_required
)]
pub async fn skills(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Show your skill levels, or a member's (Manage Server)
#[poise::command(slash_command, guild_only, rename = "show")]
async fn skills_show(
    ctx: Context<'_>,
    #[description = "Another member (needs Manage Server)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let (user, who) = subject(ctx, &caller, member.as_ref(), "Showing skills").await?;
    let app = &ctx.data().app;
    let view = members::show_member(app, caller.guild, user).await?;
    send(ctx, render::members::member(&view, app.catalog(), &who)).await
}

/// Set your level in a skill (0 none … 5 expert), or a member's (Manage Server)
#[poise::command(slash_command, guild_only, rename = "set")]
async fn skills_set(
    ctx: Context<'_>,
    #[description = "Skill: name, id or alias (k8s, postgres…)"]
    #[autocomplete = "autocomplete_skill"]
    skill: String,
    #[description = "0 none, 1 aware, 2 beginner, 3 working, 4 advanced, 5 expert"]
    #[min = 0]
    #[max = 5]
    level: u8,
    #[description = "Another member (needs Manage Server)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let (user, who) = subject(ctx, &caller, member.as_ref(), "Setting a level").await?;
    let reply = set_level(ctx, caller.guild, user, caller.user, &skill, level, &who).await?;
    send(ctx, reply).await
}

/// Record that you levelled up in a skill (one level up unless you give one)
#[poise::command(slash_command, guild_only)]
pub async fn learned(
    ctx: Context<'_>,
    #[description = "Skill: name, id or alias"]
    #[autocomplete = "autocomplete_skill"]
    skill: String,
    #[description = "Your level now (default: one up)"]
    #[min = 0]
    #[max = 5]
    level: Option<u8>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let app = &ctx.data().app;
    let level = match level {
        Some(level) => level,
        None => {
            let id = &app
                .catalog()
                .skill(&skill)
                .map_err(crate::UserError::from)?
                .id;
            let view = members::show_member(app, caller.guild, caller.user).await?;
            let current = view.levels.iter().find(|l| &l.skill == id).map(|l| l.level);
            match current {
                Some(5) => {
                    let reply = Reply::text(format!(
                        "You are already at 5 (expert) in {}: nothing higher to record. \
                         Teaching it is the next step — `/mentor on` lets the digest suggest you.",
                        view.levels
                            .iter()
                            .find(|l| &l.skill == id)
                            .map_or(id.as_str(), |l| l.name.as_str())
                    ))
                    .ephemeral();
                    return send(ctx, reply).await;
                }
                Some(level) => level + 1,
                None => 1,
            }
        }
    };
    let reply = set_level(
        ctx,
        caller.guild,
        caller.user,
        caller.user,
        &skill,
        level,
        &render::Who::me(),
    )
    .await?;
    send(ctx, reply).await
}

async fn set_level(
    ctx: Context<'_>,
    guild: crate::service::ids::DiscordId,
    user: crate::service::ids::DiscordId,
    by: crate::service::ids::DiscordId,
    skill: &str,
    level: u8,
    who: &render::Who,
) -> Result<Reply, Error> {
    let level = Level::try_from(level)
        .map_err(|l| crate::UserError::new(format!("level {l} is not 0–5")))?;
    let change = LevelChange {
        guild,
        user,
        skill,
        level,
        note: None,
        by: Some(by),
        if_missing: IfMissing::Create,
    };
    let view = members::set_level(&ctx.data().app, &change).await?;
    Ok(render::members::level_set(&view, who))
}

/// Your role (it sets the targets of /next and /plan), or a member's
#[poise::command(
    slash_command,
    guild_only,
    subcommands("role_set"),
    subcommand_required
)]
pub async fn role(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// Set your role, or a member's (Manage Server)
#[poise::command(slash_command, guild_only, rename = "set")]
async fn role_set(
    ctx: Context<'_>,
    #[description = "Role, e.g. backend-developer"]
    #[autocomplete = "autocomplete_role"]
    role: String,
    #[description = "Another member (needs Manage Server)"] member: Option<serenity::User>,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let (user, who) = subject(ctx, &caller, member.as_ref(), "Setting a role").await?;
    let app = &ctx.data().app;
    let update = MemberUpdate {
        role: Some(&role),
        ..MemberUpdate::default()
    };
    let view = members::set_member(app, caller.guild, user, &update, IfMissing::Create).await?;
    send(ctx, render::members::role_set(&view, app.catalog(), &who)).await
}
