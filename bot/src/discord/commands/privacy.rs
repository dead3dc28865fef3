//! `/privacy export` (your data as a JSON file) and `/privacy forget`
//! (asks for confirmation, then deletes everything about you).

use super::{caller, send};
use crate::discord::{Context, Error};
use crate::render::{Attachment, Button, ButtonStyle, Reply, Row};
use crate::service::privacy;

/// Button ids; the user id makes sure only that user can confirm.
pub(crate) const FORGET: &str = "privacy:forget:";
pub(crate) const KEEP: &str = "privacy:keep:";

/// Your data: a copy of everything stored about you, or forgetting it
#[poise::command(
    slash_command,
    guild_only,
    subcommands("privacy_export", "privacy_forget"),
    subcommand_required
)]
pub async fn privacy(_: Context<'_>) -> Result<(), Error> {
    Ok(())
}

/// A JSON file of everything skillbot stores about you in this server
#[poise::command(slash_command, guild_only, rename = "export")]
async fn privacy_export(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, false).await?;
    let view = privacy::export_member(&ctx.data().app, caller.guild, caller.user).await?;
    let mut json = serde_json::to_vec_pretty(&view)?;
    json.push(b'\n');
    let reply = Reply::text(
        "Everything skillbot stores about you in this server is in the attached file. \
         `/privacy forget` deletes it.",
    )
    .with_attachment(Attachment {
        filename: "skillbot-my-data.json".into(),
        bytes: json,
    })
    .ephemeral();
    send(ctx, reply).await
}

/// Delete everything skillbot stores about you in this server (asks first)
#[poise::command(slash_command, guild_only, rename = "forget")]
async fn privacy_forget(ctx: Context<'_>) -> Result<(), Error> {
    let user = ctx.author().id.get();
    let reply = Reply::text(
        "This deletes your levels, history, learning choices and nudges in this server, \
         for good. Sure?",
    )
    .with_row(Row::Buttons(vec![
        Button::new(
            format!("{FORGET}{user}"),
            "Yes, forget me",
            ButtonStyle::Danger,
        ),
        Button::new(
            format!("{KEEP}{user}"),
            "No, keep it",
            ButtonStyle::Secondary,
        ),
    ]))
    .ephemeral();
    send(ctx, reply).await
}

/// What forgetting deleted, in words.
pub(crate) fn forgotten(view: &privacy::ForgetView) -> String {
    format!(
        "Done: deleted {} levels, {} progress events, {} learning choices, {} nudges and {} \
         audit entries about you. Using skillbot again starts afresh.",
        view.levels,
        view.progress_events,
        view.learning_intents + view.snoozed_skills,
        view.nudge_runs,
        view.audit_entries
    )
}
