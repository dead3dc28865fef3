//! Buttons and select menus. Their ids carry what they act on
//! (`next:know:USER:SKILL`), so a click is handled the same after a
//! restart or by another replica; the clicking user's permissions are
//! checked again here, as for commands.

use chrono::Utc;
use poise::serenity_prelude as serenity;
use skillbot_recommender::Level;

use super::commands::{self, can_manage, id};
use super::errors::{self, SOMETHING_WENT_WRONG, count, discord_error_in, record_discord_error};
use super::{Data, Error, reply};
use crate::UserError;
use crate::render::next::{Action, NextId};
use crate::render::{self, Reply, Who};
use crate::service::ids::{DiscordId, IfMissing};
use crate::service::members::{self, LevelChange, MemberUpdate};
use crate::service::{learning, privacy};

/// poise's event handler: component interactions here, the rest ignored.
pub async fn on_event(
    framework: poise::FrameworkContext<'_, Data, Error>,
    event: &serenity::FullEvent,
) -> Result<(), Error> {
    let ctx = framework.serenity_context;
    let data = framework.user_data;
    if let serenity::FullEvent::InteractionCreate {
        interaction: serenity::Interaction::Component(component),
    } = event
    {
        let Some(_guard) = data.enter() else {
            let reply = Reply::text(errors::RESTARTING).ephemeral();
            let _ = respond(ctx, component, reply).await;
            return Ok(());
        };
        let kind = component
            .data
            .custom_id
            .split(':')
            .take(2)
            .collect::<Vec<_>>()
            .join(":");
        match handle(ctx, component, data).await {
            Ok(()) => count(&kind, "ok"),
            Err(err) => report(ctx, component, &kind, err).await,
        }
    }
    Ok(())
}

async fn report(
    ctx: &serenity::Context,
    component: &serenity::ComponentInteraction,
    kind: &str,
    err: Error,
) {
    if let Some((status, code)) = discord_error_in(&err) {
        count(kind, "discord_error");
        record_discord_error(kind, status, code, &format!("{err:#}"));
        return;
    }
    let text = match crate::error::user_message(&err) {
        Some(message) => {
            count(kind, "user_error");
            message
        }
        None => {
            count(kind, "error");
            tracing::error!(component = kind, error = ?err, "component failed");
            SOMETHING_WENT_WRONG.to_string()
        }
    };
    let reply = Reply::text(render::truncate(&text, render::limits::CONTENT)).ephemeral();
    // The interaction may have been deferred already: then follow up.
    if respond(ctx, component, reply.clone()).await.is_err() {
        let _ = component
            .create_followup(&ctx.http, reply::to_followup(reply))
            .await;
    }
}

/// Answers the click with a new (usually ephemeral) message.
async fn respond(
    ctx: &serenity::Context,
    component: &serenity::ComponentInteraction,
    reply: Reply,
) -> Result<(), Error> {
    component
        .create_response(
            &ctx.http,
            serenity::CreateInteractionResponse::Message(reply::to_interaction(reply)),
        )
        .await?;
    Ok(())
}

/// Acknowledges the click now (only the clicker sees "thinking…"), for
/// work that touches the database; the answer follows with [`follow_up`].
async fn defer(
    ctx: &serenity::Context,
    component: &serenity::ComponentInteraction,
) -> Result<(), Error> {
    component.defer_ephemeral(&ctx.http).await?;
    Ok(())
}

async fn follow_up(
    ctx: &serenity::Context,
    component: &serenity::ComponentInteraction,
    reply: Reply,
) -> Result<(), Error> {
    component
        .create_followup(&ctx.http, reply::to_followup(reply))
        .await?;
    Ok(())
}

/// The clicking user, the guild, and whether they can manage it.
struct Clicker {
    guild: DiscordId,
    user: DiscordId,
    can_manage: bool,
}

fn clicker(component: &serenity::ComponentInteraction) -> Result<Clicker, Error> {
    let guild = component
        .guild_id
        .ok_or_else(|| UserError::new("This works inside a server, not in DMs."))?;
    Ok(Clicker {
        guild: id(guild.get())?,
        user: id(component.user.id.get())?,
        can_manage: can_manage(component.member.as_ref().and_then(|m| m.permissions)),
    })
}

/// A click on someone else's buttons needs Manage Server.
fn check_owner(clicker: &Clicker, owner: u64) -> Result<Who, Error> {
    if clicker.user.get() == owner {
        return Ok(Who::me());
    }
    if !clicker.can_manage {
        crate::bail_user!(
            "These buttons belong to <@{owner}>'s recommendations: use /next for your own."
        );
    }
    Ok(Who::member(format!("<@{owner}>")))
}

fn selected(component: &serenity::ComponentInteraction) -> Result<String, Error> {
    match &component.data.kind {
        serenity::ComponentInteractionDataKind::StringSelect { values } => values
            .first()
            .cloned()
            .ok_or_else(|| UserError::new("Nothing was selected.").into()),
        _ => Err(anyhow::anyhow!("expected a select menu")),
    }
}

async fn handle(
    ctx: &serenity::Context,
    component: &serenity::ComponentInteraction,
    data: &Data,
) -> Result<(), Error> {
    let custom_id = component.data.custom_id.as_str();
    let app = &data.app;
    if custom_id == render::ask::MORE_RESULTS {
        let reply = commands::ask::more_results(data, &component.message).await?;
        return respond(ctx, component, reply).await;
    }
    if custom_id == render::ask::LEARN_NEXT {
        let clicker = clicker(component)?;
        defer(ctx, component).await?;
        let name = component.member.as_ref().map_or_else(
            || commands::user_name(&component.user),
            |m| m.display_name().to_string(),
        );
        learning::touch_member(app, clicker.guild, clicker.user, Some(&name)).await?;
        let reply =
            commands::next::next_reply(app, clicker.guild, clicker.user, &Who::me()).await?;
        return follow_up(ctx, component, reply).await;
    }
    if let Some((guild, owner, skill)) = render::digest::parse_nudge_start(custom_id) {
        // A DM nudge's button: no guild in a DM, so the id carries it.
        if component.user.id.get() != owner {
            crate::bail_user!("That button belongs to someone else's nudge.");
        }
        defer(ctx, component).await?;
        let view = learning::start_learning(app, id(guild)?, id(owner)?, &skill).await?;
        let text = if view.first_time {
            format!(
                "Started: **{}** is on your learning list. `/learned {}` records each level up.",
                view.name, view.skill
            )
        } else {
            format!("You already started {} — keep going!", view.name)
        };
        return follow_up(ctx, component, Reply::text(text).ephemeral()).await;
    }
    if let Some(next) = NextId::parse(custom_id) {
        let clicker = clicker(component)?;
        let who = check_owner(&clicker, next.user)?;
        let user = id(next.user)?;
        let skill = app.catalog().skill(&next.skill).map_err(UserError::from)?;
        let reply = match next.action {
            Action::Know => render::next::pick_level(next.user, &skill.id, &skill.name),
            Action::Start => {
                defer(ctx, component).await?;
                let view = learning::start_learning(app, clicker.guild, user, &skill.id).await?;
                let mut text = if view.first_time {
                    format!(
                        "Started: **{}** is on {}'s learning list.",
                        view.name,
                        who.object()
                    )
                } else {
                    format!(
                        "{} already started {} — keep going!",
                        who.object(),
                        view.name
                    )
                };
                if view.raised_to_aware {
                    text.push_str(" Level 0 → 1 (aware) recorded.");
                }
                text.push_str(&format!(
                    " When you level up, `/learned {}` records it.",
                    view.skill
                ));
                return follow_up(ctx, component, Reply::text(text).ephemeral()).await;
            }
            Action::Snooze => {
                defer(ctx, component).await?;
                let until =
                    learning::snooze(app, clicker.guild, user, &skill.id, Utc::now()).await?;
                let text = format!(
                    "{} is hidden from {}'s recommendations until {}. `/next` shows the next ones.",
                    skill.name,
                    who.object(),
                    until.format("%Y-%m-%d")
                );
                return follow_up(ctx, component, Reply::text(text).ephemeral()).await;
            }
            Action::Level => {
                let level: u8 = selected(component)?
                    .parse()
                    .map_err(|_| UserError::new("That is not a level."))?;
                let level = Level::try_from(level)
                    .map_err(|l| UserError::new(format!("level {l} is not 0–5")))?;
                defer(ctx, component).await?;
                let change = LevelChange {
                    guild: clicker.guild,
                    user,
                    skill: &skill.id,
                    level,
                    note: Some("I already know this"),
                    by: Some(clicker.user),
                    if_missing: IfMissing::Create,
                };
                let view = members::set_level(app, &change).await?;
                return follow_up(ctx, component, render::members::level_set(&view, &who)).await;
            }
        };
        return respond(ctx, component, reply).await;
    }
    if let Some(owner) = render::next::parse_role_picker(custom_id) {
        let clicker = clicker(component)?;
        let who = check_owner(&clicker, owner)?;
        let role = selected(component)?;
        defer(ctx, component).await?;
        let user = id(owner)?;
        let update = MemberUpdate {
            role: Some(&role),
            ..MemberUpdate::default()
        };
        members::set_member(app, clicker.guild, user, &update, IfMissing::Create).await?;
        let reply = commands::next::next_reply(app, clicker.guild, user, &who).await?;
        return follow_up(ctx, component, reply).await;
    }
    if let Some(owner) = custom_id.strip_prefix(commands::privacy::FORGET) {
        let clicker = clicker(component)?;
        if owner != clicker.user.to_string() {
            crate::bail_user!("Only the person who asked can confirm forgetting their data.");
        }
        component
            .create_response(&ctx.http, serenity::CreateInteractionResponse::Acknowledge)
            .await?;
        let text = match privacy::forget(app, clicker.guild, clicker.user).await {
            Ok(view) => commands::privacy::forgotten(&view),
            Err(err) => match crate::error::user_message(&err) {
                Some(_) => "Nothing is stored about you in this server.".to_string(),
                None => return Err(err),
            },
        };
        component
            .edit_response(
                &ctx.http,
                serenity::EditInteractionResponse::new()
                    .content(text)
                    .components(Vec::new()),
            )
            .await?;
        return Ok(());
    }
    if custom_id.starts_with(commands::privacy::KEEP) {
        let reply = serenity::CreateInteractionResponseMessage::new()
            .content("Nothing was deleted.")
            .components(Vec::new());
        component
            .create_response(
                &ctx.http,
                serenity::CreateInteractionResponse::UpdateMessage(reply),
            )
            .await?;
        return Ok(());
    }
    tracing::warn!(custom_id, "unknown component");
    Err(
        UserError::new("That button is from an older version of skillbot: run the command again.")
            .into(),
    )
}
