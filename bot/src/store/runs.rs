//! `digest_runs` and `nudge_runs`: one row per scheduled post. Inserting
//! the row is the claim: the unique key (guild or member, scheduled time)
//! lets exactly one replica win, and the others see `None`.

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Tx;

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Claimed by a replica, not yet posted.
    Claimed,
    Posted,
    /// The last attempt failed; may be retried at `next_attempt_at`.
    Failed,
    /// Not posted on purpose (too late after downtime, digest disabled…).
    Skipped,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Claimed => "claimed",
            RunStatus::Posted => "posted",
            RunStatus::Failed => "failed",
            RunStatus::Skipped => "skipped",
        }
    }

    fn from_db(text: &str) -> anyhow::Result<RunStatus> {
        Ok(match text {
            "claimed" => RunStatus::Claimed,
            "posted" => RunStatus::Posted,
            "failed" => RunStatus::Failed,
            "skipped" => RunStatus::Skipped,
            other => anyhow::bail!("the database holds an unknown run status '{other}'"),
        })
    }
}

/// A digest or nudge run. `owner_id` is the guild id (digest) or the member
/// row id (nudge).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub id: i64,
    pub owner_id: i64,
    pub scheduled_at: DateTime<Utc>,
    pub status: RunStatus,
    pub attempts: i32,
    pub claimed_at: DateTime<Utc>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub posted_at: Option<DateTime<Utc>>,
    pub message_id: Option<i64>,
    pub last_error: Option<String>,
}

type RunRow = (
    i64,
    i64,
    DateTime<Utc>,
    String,
    i32,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<i64>,
    Option<String>,
);

fn decode(row: RunRow) -> anyhow::Result<Run> {
    let (id, owner_id, scheduled_at, status, attempts, claimed_at, next, posted, message, error) =
        row;
    Ok(Run {
        id,
        owner_id,
        scheduled_at,
        status: RunStatus::from_db(&status)?,
        attempts,
        claimed_at,
        next_attempt_at: next,
        posted_at: posted,
        message_id: message,
        last_error: error,
    })
}

/// Claims the digest of `guild_id` scheduled at `scheduled_at`: inserts
/// the run (status claimed, 0 attempts) and returns its id, or `None` if
/// someone claimed it already.
pub async fn claim_digest(
    tx: &mut Tx,
    guild_id: i64,
    scheduled_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO digest_runs (guild_id, scheduled_at, status, attempts, claimed_at)
         VALUES ($1, $2, 'claimed', 0, $3)
         ON CONFLICT (guild_id, scheduled_at) DO NOTHING RETURNING id"
    )
    .bind(guild_id)
    .bind(scheduled_at)
    .bind(now)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("claiming the digest of guild {guild_id} at {scheduled_at}"))
}

/// Claims the nudge of a member (row id) scheduled at `scheduled_at`, as
/// [`claim_digest`] does.
pub async fn claim_nudge(
    tx: &mut Tx,
    member_id: i64,
    scheduled_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "INSERT INTO nudge_runs (member_id, scheduled_at, status, attempts, claimed_at)
         VALUES ($1, $2, 'claimed', 0, $3)
         ON CONFLICT (member_id, scheduled_at) DO NOTHING RETURNING id"
    )
    .bind(member_id)
    .bind(scheduled_at)
    .bind(now)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("claiming the nudge of member row {member_id} at {scheduled_at}"))
}

/// The digest run of a guild at a scheduled time.
pub async fn digest_run(
    tx: &mut Tx,
    guild_id: i64,
    scheduled_at: DateTime<Utc>,
) -> anyhow::Result<Option<Run>> {
    let row: Option<RunRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, guild_id, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM digest_runs WHERE guild_id = $1 AND scheduled_at = $2"
    )
    .bind(guild_id)
    .bind(scheduled_at)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("reading the digest run of guild {guild_id} at {scheduled_at}"))?;
    row.map(decode).transpose()
}

/// A member's nudge runs, oldest scheduled first.
pub async fn nudges_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<Vec<Run>> {
    let rows: Vec<RunRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, member_id, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM nudge_runs WHERE member_id = $1 ORDER BY scheduled_at"
    )
    .bind(member_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the nudge runs of member row {member_id}"))?;
    rows.into_iter().map(decode).collect()
}

/// Deletes a member's nudge runs; returns how many.
pub async fn delete_nudges_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<u64> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM nudge_runs WHERE member_id = $1"
    )
    .bind(member_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the nudge runs of member row {member_id}"))
}
