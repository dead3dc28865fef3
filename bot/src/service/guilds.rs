//! The guilds the database holds, and a guild's audit log.

use serde::Serialize;

use crate::App;
use crate::service::ids::DiscordId;
use crate::service::members::require_guild;
use crate::store::{audit, guilds};

/// `guild list --json`.
#[derive(Debug, Serialize)]
pub struct GuildListView {
    /// By guild id.
    pub guilds: Vec<GuildSummaryView>,
}

#[derive(Debug, Serialize)]
pub struct GuildSummaryView {
    pub guild: DiscordId,
    pub members: u64,
    /// Whether the digest is on (a channel is set and it is not off).
    pub digest_on: bool,
    pub channel: Option<DiscordId>,
    pub cron: String,
    pub timezone: String,
}

/// Every stored guild with its member count and digest settings.
pub async fn list_guilds(app: &App) -> anyhow::Result<GuildListView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let stored = guilds::list(&mut tx).await?;
    Ok(GuildListView {
        guilds: stored
            .into_iter()
            .map(|s| GuildSummaryView {
                guild: DiscordId::from_db(s.guild.id),
                members: u64::try_from(s.members).unwrap_or(0),
                digest_on: s.guild.digest_enabled && s.guild.digest_channel_id.is_some(),
                channel: s.guild.digest_channel_id.map(DiscordId::from_db),
                cron: s.guild.digest_cron,
                timezone: s.guild.time_zone,
            })
            .collect(),
    })
}

/// `audit --json`: the latest entries of a guild's audit log.
#[derive(Debug, Serialize)]
pub struct AuditView {
    pub guild: DiscordId,
    /// Entries in the log in all.
    pub total: u64,
    /// The latest ones, oldest first.
    pub entries: Vec<AuditEntryView>,
}

#[derive(Debug, Serialize)]
pub struct AuditEntryView {
    pub at: chrono::DateTime<chrono::Utc>,
    /// `level.set`, `import`, `member.forget`…
    pub action: String,
    /// Who made the change; `null` when unknown (the command line without
    /// `--by`, an import) or forgotten.
    pub actor: Option<DiscordId>,
    /// Whom it was about; `null` for guild-wide entries.
    pub subject: Option<DiscordId>,
    pub detail: String,
}

/// The latest `limit` entries of a guild's audit log, oldest first.
pub async fn audit_log(app: &App, guild: DiscordId, limit: u32) -> anyhow::Result<AuditView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    require_guild(&mut tx, guild).await?;
    let total = audit::count_for_guild(&mut tx, guild.db()).await?;
    let entries = audit::latest_for_guild(&mut tx, guild.db(), limit).await?;
    Ok(AuditView {
        guild,
        total,
        entries: entries
            .into_iter()
            .map(|e| AuditEntryView {
                at: e.at,
                action: e.action,
                actor: e.actor_user_id.map(DiscordId::from_db),
                subject: e.subject_user_id.map(DiscordId::from_db),
                detail: e.detail,
            })
            .collect(),
    })
}
