//! `guilds`: a Discord server and its digest settings.

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Tx;

/// A guild and its digest settings.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Guild {
    pub id: i64,
    /// Where the weekly digest is posted; `None` until an admin picks one.
    pub digest_channel_id: Option<i64>,
    /// Five-field cron expression (minute hour day month weekday).
    pub digest_cron: String,
    /// IANA time zone of `digest_cron`.
    pub time_zone: String,
    /// How late a missed digest may still be posted after a restart.
    pub grace_minutes: i32,
    pub digest_enabled: bool,
    /// Why the bot switched the digest off itself (channel gone or
    /// forbidden), until an admin sets it up again.
    pub digest_disabled_reason: Option<String>,
}

/// New digest settings for a guild.
#[derive(Debug, Clone)]
pub struct DigestSettings<'a> {
    pub digest_channel_id: Option<i64>,
    pub digest_cron: &'a str,
    pub time_zone: &'a str,
    pub grace_minutes: i32,
    pub digest_enabled: bool,
    pub digest_disabled_reason: Option<&'a str>,
}

/// A stored guild with its member count, for `guild list`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuildSummary {
    pub guild: Guild,
    pub members: i64,
}

/// The grace period of a new guild: 12 hours. (The schema's column
/// default, 6 hours, predates this; new guilds are written with this one.)
pub const DEFAULT_GRACE_MINUTES: i32 = 12 * 60;

/// Creates the guild with default settings unless it exists. Returns
/// whether it was created.
pub async fn ensure(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let result = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO guilds (id, grace_minutes, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (id) DO NOTHING"
    )
    .bind(id)
    .bind(DEFAULT_GRACE_MINUTES)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("creating guild {id}"))?;
    Ok(result == 1)
}

/// `SELECT <every guild column> FROM guilds <rest>`.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, digest_channel_id, digest_cron, time_zone, grace_minutes, digest_enabled, \
             digest_disabled_reason FROM guilds ",
            $rest
        )
    };
}

/// One guild, if it exists.
pub async fn get(tx: &mut Tx, id: i64) -> anyhow::Result<Option<Guild>> {
    on_tx!(tx, |c| sqlx::query_as(select!("WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut *c)
        .await)
    .with_context(|| format!("reading guild {id}"))
}

/// Whether the guild is stored.
pub async fn exists(tx: &mut Tx, id: i64) -> anyhow::Result<bool> {
    let found: Option<i64> = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM guilds WHERE id = $1"
    )
    .bind(id)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("looking up guild {id}"))?;
    Ok(found.is_some())
}

/// Every stored guild with its member count, by id.
pub async fn list(tx: &mut Tx) -> anyhow::Result<Vec<GuildSummary>> {
    const SQL: &str = select!("ORDER BY id");
    let counts: Vec<(i64, i64)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT guild_id, COUNT(*) FROM members GROUP BY guild_id"
    )
    .fetch_all(&mut *c)
    .await)
    .context("counting the members of each guild")?;
    let counts: std::collections::HashMap<i64, i64> = counts.into_iter().collect();
    let guilds: Vec<Guild> =
        on_tx!(tx, |c| sqlx::query_as(SQL).fetch_all(&mut *c).await).context("listing guilds")?;
    Ok(guilds
        .into_iter()
        .map(|guild| GuildSummary {
            members: counts.get(&guild.id).copied().unwrap_or(0),
            guild,
        })
        .collect())
}

/// Ids of the guilds that have at least one member, ascending.
pub async fn with_members(tx: &mut Tx) -> anyhow::Result<Vec<i64>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM guilds WHERE EXISTS (SELECT 1 FROM members WHERE members.guild_id = guilds.id)
         ORDER BY id"
    )
    .fetch_all(&mut *c)
    .await)
    .context("listing guilds with members")
}

/// Replaces a guild's digest settings. Returns false if the guild does not
/// exist. The next run is computed again from the new settings (by the
/// scheduler: runs before `updated_at` are never due).
pub async fn set_digest_settings(
    tx: &mut Tx,
    id: i64,
    settings: &DigestSettings<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let updated = on_tx!(tx, |c| sqlx::query(
        "UPDATE guilds SET digest_channel_id = $2, digest_cron = $3, time_zone = $4,
                           grace_minutes = $5, digest_enabled = $6, digest_disabled_reason = $7,
                           updated_at = $8, digest_next_run_at = NULL
         WHERE id = $1"
    )
    .bind(id)
    .bind(settings.digest_channel_id)
    .bind(settings.digest_cron)
    .bind(settings.time_zone)
    .bind(settings.grace_minutes)
    .bind(settings.digest_enabled)
    .bind(settings.digest_disabled_reason)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("updating the digest settings of guild {id}"))?;
    Ok(updated == 1)
}
