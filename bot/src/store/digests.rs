//! The digest scheduler's queries: which guilds have a digest due, moving a
//! guild's next run forward (a compare-and-set, so two replicas never both
//! advance it), switching a digest off with a reason, the mentor pairs
//! digests suggested, and the members a nudge may go to.

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Tx;

/// A guild whose digest is on, with what the scheduler needs.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Scheduled {
    pub id: i64,
    pub digest_channel_id: i64,
    pub digest_cron: String,
    pub time_zone: String,
    pub grace_minutes: i32,
    /// `None`: not computed since the settings last changed.
    pub digest_next_run_at: Option<DateTime<Utc>>,
    /// When the settings last changed: runs before it are not due.
    pub updated_at: DateTime<Utc>,
}

const SCHEDULED: &str = "SELECT id, digest_channel_id, digest_cron, time_zone, grace_minutes,
                                digest_next_run_at, updated_at
                         FROM guilds";

/// Guilds whose digest is on and due at `now` (or whose next run is not
/// computed yet), by next run.
pub async fn due(tx: &mut Tx, now: DateTime<Utc>) -> anyhow::Result<Vec<Scheduled>> {
    let sql = format!(
        "{SCHEDULED} WHERE digest_enabled AND digest_channel_id IS NOT NULL
                      AND (digest_next_run_at IS NULL OR digest_next_run_at <= $1)
         ORDER BY digest_next_run_at, id"
    );
    on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(now)
        .fetch_all(&mut *c)
        .await)
    .context("listing the digests due")
}

/// One guild's schedule, if its digest is on.
pub async fn scheduled(tx: &mut Tx, guild_id: i64) -> anyhow::Result<Option<Scheduled>> {
    let sql =
        format!("{SCHEDULED} WHERE id = $1 AND digest_enabled AND digest_channel_id IS NOT NULL");
    on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(guild_id)
        .fetch_optional(&mut *c)
        .await)
    .with_context(|| format!("reading the digest schedule of guild {guild_id}"))
}

/// The earliest next run of any digest that is on.
pub async fn next_wakeup(tx: &mut Tx) -> anyhow::Result<Option<DateTime<Utc>>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT MIN(digest_next_run_at) FROM guilds
         WHERE digest_enabled AND digest_channel_id IS NOT NULL"
    )
    .fetch_one(&mut *c)
    .await)
    .context("reading the next digest time")
}

/// Moves a guild's next run from `expected` to `next`, unless someone
/// else moved it first (then returns false and changes nothing).
pub async fn advance(
    tx: &mut Tx,
    guild_id: i64,
    expected: Option<DateTime<Utc>>,
    next: Option<DateTime<Utc>>,
) -> anyhow::Result<bool> {
    let updated = on_tx!(tx, |c| sqlx::query(
        "UPDATE guilds SET digest_next_run_at = $3
         WHERE id = $1 AND digest_next_run_at IS NOT DISTINCT FROM $2"
    )
    .bind(guild_id)
    .bind(expected)
    .bind(next)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("moving the next digest of guild {guild_id}"))?;
    Ok(updated == 1)
}

/// Switches a guild's digest off because its channel is gone or forbidden;
/// the reason is shown to the admins at their next `/digest`.
pub async fn disable(
    tx: &mut Tx,
    guild_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let reason: String = reason.chars().take(500).collect();
    on_tx!(tx, |c| sqlx::query(
        "UPDATE guilds SET digest_enabled = FALSE, digest_disabled_reason = $2,
                           digest_next_run_at = NULL, updated_at = $3
         WHERE id = $1"
    )
    .bind(guild_id)
    .bind(reason)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("switching off the digest of guild {guild_id}"))
}

/// A mentor pair a digest suggested.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MentorPair {
    pub mentor_user_id: i64,
    pub learner_user_id: i64,
    pub skill: String,
    pub at: DateTime<Utc>,
}

/// Records the pairs a posted digest suggested.
pub async fn record_pairs(
    tx: &mut Tx,
    run_id: i64,
    guild_id: i64,
    pairs: &[MentorPair],
) -> anyhow::Result<()> {
    for pair in pairs {
        on_tx!(tx, |c| sqlx::query(
            "INSERT INTO mentor_suggestions
                 (run_id, guild_id, mentor_user_id, learner_user_id, skill, at)
             VALUES ($1, $2, $3, $4, $5, $6)"
        )
        .bind(run_id)
        .bind(guild_id)
        .bind(pair.mentor_user_id)
        .bind(pair.learner_user_id)
        .bind(&pair.skill)
        .bind(pair.at)
        .execute(&mut *c)
        .await
        .map(|_| ()))
        .with_context(|| format!("recording the mentor pairs of guild {guild_id}"))?;
    }
    Ok(())
}

/// The pairs suggested in a guild since `since`, newest first.
pub async fn pairs_since(
    tx: &mut Tx,
    guild_id: i64,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<MentorPair>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT mentor_user_id, learner_user_id, skill, at FROM mentor_suggestions
         WHERE guild_id = $1 AND at >= $2 ORDER BY at DESC, id DESC"
    )
    .bind(guild_id)
    .bind(since)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the mentor pairs of guild {guild_id}"))
}

/// Deletes the pairs a member was part of (forgetting them); returns how
/// many.
pub async fn forget_pairs(tx: &mut Tx, guild_id: i64, user_id: i64) -> anyhow::Result<u64> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM mentor_suggestions
         WHERE guild_id = $1 AND (mentor_user_id = $2 OR learner_user_id = $2)"
    )
    .bind(guild_id)
    .bind(user_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the mentor pairs of a member of guild {guild_id}"))
}

/// A member a DM nudge may go to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct NudgeCandidate {
    /// Member row id.
    pub id: i64,
    pub user_id: i64,
    pub display_name: Option<String>,
    pub role: Option<String>,
    /// Their last nudge that went out.
    pub last_nudge_at: Option<DateTime<Utc>>,
}

/// Members of a guild who opted in to nudges, can be reached, and have no
/// nudge run for the digest of `scheduled_at` yet.
pub async fn nudge_candidates(
    tx: &mut Tx,
    guild_id: i64,
    scheduled_at: DateTime<Utc>,
) -> anyhow::Result<Vec<NudgeCandidate>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT m.id, m.user_id, m.display_name, m.role,
                (SELECT MAX(n.posted_at) FROM nudge_runs n
                  WHERE n.member_id = m.id AND n.status = 'posted') AS last_nudge_at
         FROM members m
         WHERE m.guild_id = $1 AND m.nudge_opt_in AND m.dm_unreachable_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM nudge_runs n
                            WHERE n.member_id = m.id AND n.scheduled_at = $2)
         ORDER BY m.user_id"
    )
    .bind(guild_id)
    .bind(scheduled_at)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("listing the members to nudge in guild {guild_id}"))
}

/// Marks a member unreachable by DM; returns whether they were reachable
/// until now (so they are told once).
pub async fn mark_unreachable(
    tx: &mut Tx,
    member_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let updated = on_tx!(tx, |c| sqlx::query(
        "UPDATE members SET dm_unreachable_at = $2 WHERE id = $1 AND dm_unreachable_at IS NULL"
    )
    .bind(member_id)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("marking member row {member_id} unreachable by DM"))?;
    Ok(updated == 1)
}

/// Nudges claimed (sent or being sent) since `since`, across replicas: the
/// pace of new DM channels.
pub async fn nudges_claimed_since(tx: &mut Tx, since: DateTime<Utc>) -> anyhow::Result<i64> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM nudge_runs WHERE claimed_at >= $1"
    )
    .bind(since)
    .fetch_one(&mut *c)
    .await)
    .context("counting recent nudges")
}
