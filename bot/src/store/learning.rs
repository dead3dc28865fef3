//! `learning_intents` and `snoozed_skills`, and the member flags set from
//! Discord: what a member started learning, what they hid for a while,
//! whether they may be suggested as a mentor.

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::Tx;

/// Records that a member started learning a skill. Returns false when they
/// had already started it (the first start is kept).
pub async fn start(
    tx: &mut Tx,
    member_id: i64,
    skill: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let inserted = on_tx!(tx, |c| sqlx::query(
        "INSERT INTO learning_intents (member_id, skill, started_at) VALUES ($1, $2, $3)
         ON CONFLICT (member_id, skill) DO NOTHING"
    )
    .bind(member_id)
    .bind(skill)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("recording that member row {member_id} started {skill}"))?;
    Ok(inserted == 1)
}

/// The skills a member started learning, with when, oldest first.
pub async fn intents(tx: &mut Tx, member_id: i64) -> anyhow::Result<Vec<(String, DateTime<Utc>)>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT skill, started_at FROM learning_intents WHERE member_id = $1
         ORDER BY started_at, skill"
    )
    .bind(member_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the learning intents of member row {member_id}"))
}

/// Hides a skill from a member's recommendations until `until` (replacing
/// an earlier snooze of the same skill).
pub async fn snooze(
    tx: &mut Tx,
    member_id: i64,
    skill: &str,
    until: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "INSERT INTO snoozed_skills (member_id, skill, until) VALUES ($1, $2, $3)
         ON CONFLICT (member_id, skill) DO UPDATE SET until = excluded.until"
    )
    .bind(member_id)
    .bind(skill)
    .bind(until)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("snoozing {skill} for member row {member_id}"))
}

/// The skills hidden from a member's recommendations at `now`, with until
/// when.
pub async fn snoozed(
    tx: &mut Tx,
    member_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(String, DateTime<Utc>)>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT skill, until FROM snoozed_skills WHERE member_id = $1 AND until > $2
         ORDER BY skill"
    )
    .bind(member_id)
    .bind(now)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the snoozed skills of member row {member_id}"))
}

/// Sets whether a member may be suggested as a mentor.
pub async fn set_mentor_opt_out(
    tx: &mut Tx,
    member_id: i64,
    opt_out: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE members SET mentor_opt_out = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(member_id)
    .bind(opt_out)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("setting the mentor opt-out of member row {member_id}"))
}

/// Whether a member opted out of being suggested as a mentor.
pub async fn mentor_opt_out(tx: &mut Tx, member_id: i64) -> anyhow::Result<bool> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT mentor_opt_out FROM members WHERE id = $1"
    )
    .bind(member_id)
    .fetch_one(&mut *c)
    .await)
    .with_context(|| format!("reading the mentor opt-out of member row {member_id}"))
}

/// Deletes a member's learning intents and snoozes; returns how many of
/// each.
pub async fn delete_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<(u64, u64)> {
    let intents = on_tx!(tx, |c| sqlx::query(
        "DELETE FROM learning_intents WHERE member_id = $1"
    )
    .bind(member_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the learning intents of member row {member_id}"))?;
    let snoozes = on_tx!(tx, |c| sqlx::query(
        "DELETE FROM snoozed_skills WHERE member_id = $1"
    )
    .bind(member_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the snoozed skills of member row {member_id}"))?;
    Ok((intents, snoozes))
}

/// Learning intents started in a guild between `since` and `until`:
/// (member row id, skill, when), oldest first.
pub async fn started_in_guild(
    tx: &mut Tx,
    guild_id: i64,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> anyhow::Result<Vec<(i64, String, DateTime<Utc>)>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT i.member_id, i.skill, i.started_at FROM learning_intents i
         JOIN members m ON m.id = i.member_id
         WHERE m.guild_id = $1 AND i.started_at >= $2 AND i.started_at <= $3
         ORDER BY i.started_at, i.skill"
    )
    .bind(guild_id)
    .bind(since)
    .bind(until)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the learning intents of guild {guild_id}"))
}

/// Member row ids of a guild who opted out of being suggested as mentors.
pub async fn mentor_opt_outs(tx: &mut Tx, guild_id: i64) -> anyhow::Result<Vec<i64>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM members WHERE guild_id = $1 AND mentor_opt_out"
    )
    .bind(guild_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the mentor opt-outs of guild {guild_id}"))
}

/// Skills hidden with "Not now" in a guild at `now`: (member row id, skill).
pub async fn snoozed_in_guild(
    tx: &mut Tx,
    guild_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(i64, String)>> {
    on_tx!(tx, |c| sqlx::query_as(
        "SELECT s.member_id, s.skill FROM snoozed_skills s JOIN members m ON m.id = s.member_id
         WHERE m.guild_id = $1 AND s.until > $2"
    )
    .bind(guild_id)
    .bind(now)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the snoozed skills of guild {guild_id}"))
}
