//! `guilds`: a Discord server and its digest settings.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::Row;

use super::Tx;

/// A guild and its digest settings.
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

/// New digest settings for a guild.
#[derive(Debug, Clone)]
pub struct DigestSettings<'a> {
    pub digest_channel_id: Option<i64>,
    pub digest_cron: &'a str,
    pub time_zone: &'a str,
    pub grace_minutes: i32,
    pub digest_enabled: bool,
}

/// Creates the guild with default settings unless it exists. Returns
/// whether it was created.
pub async fn ensure(tx: &mut Tx, id: i64, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let result = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO guilds (id, created_at, updated_at) VALUES ($1, $2, $2)
         ON CONFLICT (id) DO NOTHING"
    )
    .bind(id)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("creating guild {id}"))?;
    Ok(result == 1)
}

/// One guild, if it exists.
pub async fn get(tx: &mut Tx, id: i64) -> anyhow::Result<Option<Guild>> {
    const SQL: &str = "SELECT id, digest_channel_id, digest_cron, time_zone, grace_minutes,
                              digest_enabled
                       FROM guilds WHERE id = $1";
    on_tx!(tx, |c| {
        let row = sqlx::query(SQL)
            .bind(id)
            .fetch_optional(&mut *c)
            .await
            .with_context(|| format!("reading guild {id}"))?;
        row.map(|r| {
            Ok(Guild {
                id: r.try_get("id")?,
                digest_channel_id: r.try_get("digest_channel_id")?,
                digest_cron: r.try_get("digest_cron")?,
                time_zone: r.try_get("time_zone")?,
                grace_minutes: r.try_get("grace_minutes")?,
                digest_enabled: r.try_get("digest_enabled")?,
            })
        })
        .transpose()
        .map_err(|e: sqlx::Error| anyhow::Error::new(e).context(format!("decoding guild {id}")))
    })
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
/// exist.
pub async fn set_digest_settings(
    tx: &mut Tx,
    id: i64,
    settings: &DigestSettings<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let updated = on_tx!(tx, |c| sqlx::query(
        "UPDATE guilds SET digest_channel_id = $2, digest_cron = $3, time_zone = $4,
                           grace_minutes = $5, digest_enabled = $6, updated_at = $7
         WHERE id = $1"
    )
    .bind(id)
    .bind(settings.digest_channel_id)
    .bind(settings.digest_cron)
    .bind(settings.time_zone)
    .bind(settings.grace_minutes)
    .bind(settings.digest_enabled)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("updating the digest settings of guild {id}"))?;
    Ok(updated == 1)
}
