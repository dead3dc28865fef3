//! `/import file` (a skills-matrix CSV, all or nothing) and `/export` (the
//! CSV back). Manage Server.

use poise::serenity_prelude as serenity;

use super::{caller, send};
use crate::discord::{Context, Error};
use crate::render::{Attachment, Reply, plural, truncate};
use crate::service::ids::IfMissing;
use crate::service::import::{self, ExportFormat};

/// Largest file `/import` takes (a 3,000 × 60 matrix is about 400 KB).
const MAX_IMPORT_BYTES: u32 = 5 * 1024 * 1024;

/// Import a skills-matrix CSV (user_id,name,role,skill…): all or nothing
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn import(
    ctx: Context<'_>,
    #[description = "The CSV file: user_id,name,role, then one column per skill"]
    file: serenity::Attachment,
) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    if file.size > MAX_IMPORT_BYTES {
        crate::bail_user!(
            "{} is {} KB: larger than any skills matrix should be (limit {} KB).",
            file.filename,
            file.size / 1024,
            MAX_IMPORT_BYTES / 1024
        );
    }
    let bytes = download(&file).await?;
    let caller = caller(ctx, true).await?;
    let app = &ctx.data().app;
    if let Err(problems) = import::parse_import(app.catalog(), &bytes) {
        let message = import::problems_message(&problems);
        let reply = Reply::text(truncate(
            &format!("{}: {message}", file.filename),
            crate::render::limits::CONTENT,
        ))
        .with_attachment(Attachment {
            filename: "import-problems.txt".into(),
            bytes: format!("{message}\n").into_bytes(),
        })
        .ephemeral();
        return send(ctx, reply).await;
    }
    let view = import::import_csv(app, caller.guild, &bytes, IfMissing::Create).await?;
    let text = format!(
        "Imported {} ({} new) with {}: {} changed, {} already as stored.",
        plural(view.members, "member", "members"),
        view.members_created,
        plural(view.skills, "skill column", "skill columns"),
        plural(view.levels_changed, "level", "levels"),
        view.levels_unchanged
    );
    send(ctx, Reply::text(text).ephemeral()).await
}

async fn download(file: &serenity::Attachment) -> Result<Vec<u8>, Error> {
    let failed = || {
        crate::UserError::new(format!(
            "I could not download {} from Discord; please try again.",
            file.filename
        ))
    };
    let response = reqwest::get(&file.url).await.map_err(|e| {
        tracing::warn!(error = %e, "downloading an attachment failed");
        failed()
    })?;
    if !response.status().is_success() {
        tracing::warn!(status = %response.status(), "downloading an attachment failed");
        return Err(failed().into());
    }
    let bytes = response.bytes().await.map_err(|_| failed())?;
    if bytes.len() > MAX_IMPORT_BYTES as usize {
        crate::bail_user!(
            "{} is larger than {} KB.",
            file.filename,
            MAX_IMPORT_BYTES / 1024
        );
    }
    Ok(bytes.to_vec())
}

/// The server's skills matrix as CSV (the /import format)
#[poise::command(
    slash_command,
    guild_only,
    default_member_permissions = "MANAGE_GUILD",
    required_permissions = "MANAGE_GUILD"
)]
pub async fn export(ctx: Context<'_>) -> Result<(), Error> {
    ctx.defer_ephemeral().await?;
    let caller = caller(ctx, true).await?;
    let csv = import::export(&ctx.data().app, caller.guild, ExportFormat::Csv).await?;
    let reply = Reply::text("The skills matrix of this server, in the format /import takes.")
        .with_attachment(Attachment {
            filename: "skills-matrix.csv".into(),
            bytes: csv.into_bytes(),
        })
        .ephemeral();
    send(ctx, reply).await
}
