//! `audit_log`: changes made by someone for someone else, imports, and
//! forgotten members. Entries hold Discord ids and a short description, no
//! names; forgetting a member removes the entries about them and blanks
//! them where they acted ([`forget_user`]).

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Tx;

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    pub id: i64,
    pub guild_id: i64,
    /// Who made the change (Discord user id); `None` when unknown (the
    /// command line without `--by`, an import) or forgotten.
    pub actor_user_id: Option<i64>,
    /// Whom it was about; `None` for guild-wide entries.
    pub subject_user_id: Option<i64>,
    /// `level.set`, `import`, `member.forget`…
    pub action: String,
    pub detail: String,
    pub at: DateTime<Utc>,
}

/// An entry to record.
#[derive(Debug, Clone, Copy)]
pub struct NewEntry<'a> {
    pub guild_id: i64,
    pub actor_user_id: Option<i64>,
    pub subject_user_id: Option<i64>,
    pub action: &'a str,
    pub detail: &'a str,
}

/// Appends an entry.
pub async fn record(tx: &mut Tx, entry: &NewEntry<'_>, at: DateTime<Utc>) -> anyhow::Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO audit_log (guild_id, actor_user_id, subject_user_id, action, detail, at)
         VALUES ($1, $2, $3, $4, $5, $6)"
    )
    .bind(entry.guild_id)
    .bind(entry.actor_user_id)
    .bind(entry.subject_user_id)
    .bind(entry.action)
    .bind(entry.detail)
    .bind(at)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("recording a {} audit entry", entry.action))?;
    Ok(())
}

/// A guild's entries, oldest first.
pub async fn for_guild(tx: &mut Tx, guild_id: i64) -> anyhow::Result<Vec<Entry>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, guild_id, actor_user_id, subject_user_id, action, detail, at
         FROM audit_log WHERE guild_id = $1 ORDER BY id"
    )
    .bind(guild_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the audit log of guild {guild_id}"))
}

/// A guild's latest `limit` entries, oldest first.
pub async fn latest_for_guild(
    tx: &mut Tx,
    guild_id: i64,
    limit: u32,
) -> anyhow::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, guild_id, actor_user_id, subject_user_id, action, detail, at
         FROM audit_log WHERE guild_id = $1 ORDER BY id DESC LIMIT $2"
    )
    .bind(guild_id)
    .bind(i64::from(limit))
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the audit log of guild {guild_id}"))?;
    entries.reverse();
    Ok(entries)
}

/// How many entries a guild's log holds.
pub async fn count_for_guild(tx: &mut Tx, guild_id: i64) -> anyhow::Result<u64> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE guild_id = $1"
    )
    .bind(guild_id)
    .fetch_one(&mut *c)
    .await)
    .with_context(|| format!("counting the audit log of guild {guild_id}"))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Removes a user from a guild's log: deletes the entries about them and
/// blanks them as the actor of others. Returns (deleted, blanked).
pub async fn forget_user(tx: &mut Tx, guild_id: i64, user_id: i64) -> anyhow::Result<(u64, u64)> {
    let deleted = on_tx!(tx, |c| sqlx::query(
        "DELETE FROM audit_log WHERE guild_id = $1 AND subject_user_id = $2"
    )
    .bind(guild_id)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .context("deleting audit entries about a forgotten member")?;
    let blanked = on_tx!(tx, |c| sqlx::query(
        "UPDATE audit_log SET actor_user_id = NULL WHERE guild_id = $1 AND actor_user_id = $2"
    )
    .bind(guild_id)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .context("blanking a forgotten member in the audit log")?;
    Ok((deleted, blanked))
}
