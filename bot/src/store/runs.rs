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

/// Which runs table a function works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Digest,
    Nudge,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Digest => "digest_runs",
            Table::Nudge => "nudge_runs",
        }
    }

    fn owner(self) -> &'static str {
        match self {
            Table::Digest => "guild_id",
            Table::Nudge => "member_id",
        }
    }
}

/// Records a run that was not posted on purpose (too late after downtime):
/// inserted as skipped with the reason, unless a run exists already.
/// Returns whether it was recorded.
pub async fn record_skipped_digest(
    tx: &mut Tx,
    guild_id: i64,
    scheduled_at: DateTime<Utc>,
    reason: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let inserted = on_tx!(tx, |c| {
        sqlx::query(
        "INSERT INTO digest_runs (guild_id, scheduled_at, status, attempts, claimed_at, last_error)
         VALUES ($1, $2, 'skipped', 0, $3, $4)
         ON CONFLICT (guild_id, scheduled_at) DO NOTHING"
    )
    .bind(guild_id)
    .bind(scheduled_at)
    .bind(now)
    .bind(reason)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected())
    })
    .with_context(|| format!("recording a skipped digest of guild {guild_id}"))?;
    Ok(inserted == 1)
}

/// Marks a run posted, with the message that carries it.
pub async fn mark_posted(
    tx: &mut Tx,
    table: Table,
    run_id: i64,
    message_id: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let sql = format!(
        "UPDATE {} SET status = 'posted', attempts = attempts + 1, posted_at = $2,
                       message_id = $3, next_attempt_at = NULL, last_error = NULL
         WHERE id = $1",
        table.name()
    );
    on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(run_id)
        .bind(now)
        .bind(message_id.filter(|id| *id > 0))
        .execute(&mut *c)
        .await
        .map(|_| ()))
    .with_context(|| format!("marking run {run_id} of {} posted", table.name()))
}

/// Marks an attempt failed: `retry_at` when it will be tried again, `None`
/// when it never will (then the status says why it stopped: failed, or
/// skipped for a member who cannot be reached).
pub async fn mark_failed(
    tx: &mut Tx,
    table: Table,
    run_id: i64,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    status: RunStatus,
) -> anyhow::Result<()> {
    let sql = format!(
        "UPDATE {} SET status = $2, attempts = attempts + 1, next_attempt_at = $3,
                       last_error = $4
         WHERE id = $1",
        table.name()
    );
    let error: String = error.chars().take(1_000).collect();
    on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(run_id)
        .bind(status.as_str())
        .bind(retry_at)
        .bind(&error)
        .execute(&mut *c)
        .await
        .map(|_| ()))
    .with_context(|| format!("marking run {run_id} of {} failed", table.name()))
}

/// Takes over a run to attempt it again: a failed run whose retry time has
/// come, or a claimed run whose claimer went quiet (a crash). Exactly one
/// caller wins (the row must still be as it was read); returns whether it
/// was this one.
pub async fn reclaim(
    tx: &mut Tx,
    table: Table,
    run: &Run,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let sql = format!(
        "UPDATE {} SET status = 'claimed', claimed_at = $4
         WHERE id = $1 AND status = $2 AND claimed_at = $3 AND attempts = $5",
        table.name()
    );
    let updated = on_tx!(tx, |c| sqlx::query(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(run.id)
        .bind(run.status.as_str())
        .bind(run.claimed_at)
        .bind(now)
        .bind(run.attempts)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))
    .with_context(|| format!("taking over run {} of {}", run.id, table.name()))?;
    Ok(updated == 1)
}

/// Runs to attempt again at `now`: failed ones whose retry time has come,
/// and claimed ones older than `stale_before` (their claimer stopped).
pub async fn pending(
    tx: &mut Tx,
    table: Table,
    now: DateTime<Utc>,
    stale_before: DateTime<Utc>,
) -> anyhow::Result<Vec<Run>> {
    let sql = format!(
        "SELECT id, {}, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM {}
         WHERE (status = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= $1)
            OR (status = 'claimed' AND claimed_at < $2)
         ORDER BY scheduled_at, id",
        table.owner(),
        table.name()
    );
    let rows: Vec<RunRow> = on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(now)
        .bind(stale_before)
        .fetch_all(&mut *c)
        .await)
    .with_context(|| format!("listing the pending runs of {}", table.name()))?;
    rows.into_iter().map(decode).collect()
}

/// Digest runs posted since `since` (nudges follow them), oldest first.
pub async fn digests_posted_since(tx: &mut Tx, since: DateTime<Utc>) -> anyhow::Result<Vec<Run>> {
    let rows: Vec<RunRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, guild_id, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM digest_runs WHERE status = 'posted' AND posted_at >= $1
         ORDER BY posted_at, id"
    )
    .bind(since)
    .fetch_all(&mut *c)
    .await)
    .context("listing the digests posted recently")?;
    rows.into_iter().map(decode).collect()
}

/// A guild's digest runs, newest scheduled first (at most `limit`).
pub async fn digests_of_guild(tx: &mut Tx, guild_id: i64, limit: i64) -> anyhow::Result<Vec<Run>> {
    let rows: Vec<RunRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, guild_id, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM digest_runs WHERE guild_id = $1 ORDER BY scheduled_at DESC, id DESC LIMIT $2"
    )
    .bind(guild_id)
    .bind(limit)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("listing the digests of guild {guild_id}"))?;
    rows.into_iter().map(decode).collect()
}

/// One run by id.
pub async fn get(tx: &mut Tx, table: Table, run_id: i64) -> anyhow::Result<Option<Run>> {
    let sql = format!(
        "SELECT id, {}, scheduled_at, status, attempts, claimed_at, next_attempt_at,
                posted_at, message_id, last_error
         FROM {} WHERE id = $1",
        table.owner(),
        table.name()
    );
    let row: Option<RunRow> = on_tx!(tx, |c| sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
        .bind(run_id)
        .fetch_optional(&mut *c)
        .await)
    .with_context(|| format!("reading run {run_id} of {}", table.name()))?;
    row.map(decode).transpose()
}
