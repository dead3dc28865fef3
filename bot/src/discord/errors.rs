//! One place for what goes wrong: a [`crate::UserError`] becomes a friendly
//! ephemeral reply saying what to do; anything else is logged with its
//! cause chain and the user sees "Something went wrong, it has been
//! logged". A reply Discord itself refused is logged with its error code
//! and counted; the bot keeps serving. Every command is counted by outcome.

use poise::serenity_prelude as serenity;

use super::{Context, Data, Error};
use crate::health::{COMMANDS, DISCORD_ERRORS};

/// What the user sees for an internal error.
pub const SOMETHING_WENT_WRONG: &str =
    "Something went wrong on my side; it has been logged. Please try again in a moment.";

/// Refused while the bot shuts down.
pub const RESTARTING: &str = "skillbot is restarting; please try again in a minute.";

pub(super) fn count(command: &str, outcome: &'static str) {
    metrics::counter!(COMMANDS, "command" => command.to_string(), "outcome" => outcome)
        .increment(1);
}

/// The Discord error behind `err`, if a Discord API call failed:
/// `(HTTP status, JSON error code)`.
pub fn discord_error(err: &(dyn std::error::Error + 'static)) -> Option<(u16, isize)> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(response))) =
            e.downcast_ref::<serenity::Error>()
        {
            return Some((response.status_code.as_u16(), response.error.code));
        }
        current = e.source();
    }
    None
}

/// The Discord error anywhere in an anyhow chain.
pub fn discord_error_in(err: &anyhow::Error) -> Option<(u16, isize)> {
    err.chain().find_map(discord_error)
}

/// Counts and logs a Discord API error.
pub fn record_discord_error(what: &str, status: u16, code: isize, err: &dyn std::fmt::Display) {
    metrics::counter!(DISCORD_ERRORS, "code" => code.to_string(), "status" => status.to_string())
        .increment(1);
    tracing::warn!(what, status, code, error = %err, "Discord refused a request");
}

async fn tell(ctx: Context<'_>, text: &str) {
    let reply = poise::CreateReply::default()
        .content(crate::render::truncate(
            text,
            crate::render::limits::CONTENT,
        ))
        .ephemeral(true);
    if let Err(err) = ctx.send(reply).await {
        match discord_error(&err) {
            Some((status, code)) => record_discord_error("error reply", status, code, &err),
            None => tracing::warn!(error = %err, "could not send an error reply"),
        }
    }
}

pub async fn pre_command(ctx: Context<'_>) {
    if let Some(guard) = ctx.data().enter() {
        ctx.set_invocation_data(guard).await;
    }
    tracing::debug!(command = %ctx.command().qualified_name, user = %ctx.author().id, "command");
}

pub async fn post_command(ctx: Context<'_>) {
    count(&ctx.command().qualified_name, "ok");
}

pub async fn command_check(ctx: Context<'_>) -> Result<bool, Error> {
    Ok(!ctx.data().status.draining())
}

pub async fn on_error(error: poise::FrameworkError<'_, Data, Error>) {
    use poise::FrameworkError as E;
    match error {
        E::Command { error, ctx, .. } => {
            let command = ctx.command().qualified_name.clone();
            if let Some((status, code)) = discord_error_in(&error) {
                // The reply itself failed: telling the user would fail too.
                count(&command, "discord_error");
                record_discord_error(&command, status, code, &format!("{error:#}"));
                return;
            }
            match crate::error::user_message(&error) {
                Some(message) => {
                    count(&command, "user_error");
                    tell(ctx, &message).await;
                }
                None => {
                    count(&command, "error");
                    tracing::error!(command = %command, error = ?error, "command failed");
                    tell(ctx, SOMETHING_WENT_WRONG).await;
                }
            }
        }
        E::MissingUserPermissions {
            missing_permissions,
            ctx,
            ..
        } => {
            count(&ctx.command().qualified_name, "refused");
            let needed =
                missing_permissions.map_or_else(|| "Manage Server".to_string(), permission_names);
            tell(
                ctx,
                &format!(
                    "/{} needs the {needed} permission, which you don't have here. \
                     Ask a server admin.",
                    ctx.command().qualified_name
                ),
            )
            .await;
        }
        E::GuildOnly { ctx, .. } => {
            count(&ctx.command().qualified_name, "refused");
            tell(
                ctx,
                &format!(
                    "/{} works inside a server, where your team's skills are kept — not in DMs.",
                    ctx.command().qualified_name
                ),
            )
            .await;
        }
        E::CommandCheckFailed { ctx, error, .. } => {
            count(&ctx.command().qualified_name, "refused");
            if let Some(error) = error {
                tracing::error!(error = ?error, "command check failed");
            }
            tell(ctx, RESTARTING).await;
        }
        E::ArgumentParse {
            error, input, ctx, ..
        } => {
            count(&ctx.command().qualified_name, "user_error");
            let what = input.map_or_else(String::new, |i| format!(" '{i}'"));
            tell(ctx, &format!("I could not read the option{what}: {error}")).await;
        }
        E::CommandPanic { payload, ctx, .. } => {
            count(&ctx.command().qualified_name, "error");
            tracing::error!(command = %ctx.command().qualified_name, payload = ?payload, "command panicked");
            tell(ctx, SOMETHING_WENT_WRONG).await;
        }
        E::Setup { error, .. } => tracing::error!(error = ?error, "bot setup failed"),
        E::EventHandler { error, event, .. } => {
            tracing::error!(error = ?error, event = event.snake_case_name(), "event handler failed")
        }
        other => {
            if let Err(err) = poise::builtins::on_error(other).await {
                tracing::error!(error = %err, "handling an error failed");
            }
        }
    }
}

fn permission_names(permissions: serenity::Permissions) -> String {
    // Discord's settings call MANAGE_GUILD "Manage Server".
    let names: Vec<String> = permissions
        .get_permission_names()
        .into_iter()
        .map(|name| match name {
            "Manage Guild" => "Manage Server".to_string(),
            other => other.to_string(),
        })
        .collect();
    if names.is_empty() {
        "Manage Server".to_string()
    } else {
        names.join(", ")
    }
}
