//! `progress_events`: the history of level changes, appended by
//! [`super::levels::apply`] in the transaction that makes the change.

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::levels::Source;
use super::{BATCH_ROWS, Tx, level_from_db};

/// The note on the level changes a CSV import makes: an import records
/// what people already knew, so the digest does not count it as learning.
pub const IMPORT_NOTE: &str = "imported from CSV";

/// A level change to record.
#[derive(Debug, Clone, Copy)]
pub struct NewEvent<'a> {
    pub member_id: i64,
    pub skill: &'a str,
    pub from_level: Option<u8>,
    pub to_level: u8,
    pub source: Source,
    pub note: Option<&'a str>,
}

/// A recorded level change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub member_id: i64,
    pub skill: String,
    /// `None`: the skill was not assessed before.
    pub from_level: Option<u8>,
    pub to_level: u8,
    pub source: Source,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// Appends events (multi-row inserts), in order.
pub(crate) async fn insert_many(
    tx: &mut Tx,
    events: &[NewEvent<'_>],
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    for chunk in events.chunks(BATCH_ROWS) {
        on_tx!(tx, |c| {
            let mut query = QueryBuilder::new(
                "INSERT INTO progress_events
                 (member_id, skill, from_level, to_level, source, at, note) ",
            );
            query.push_values(chunk, |mut row, e| {
                row.push_bind(e.member_id)
                    .push_bind(e.skill)
                    .push_bind(e.from_level.map(i32::from))
                    .push_bind(i32::from(e.to_level))
                    .push_bind(e.source.as_str())
                    .push_bind(at)
                    .push_bind(e.note);
            });
            query.build().execute(&mut *c).await.map(|_| ())
        })
        .with_context(|| format!("recording {} progress events", chunk.len()))?;
    }
    Ok(())
}

type EventRow = (
    i64,
    i64,
    String,
    Option<i32>,
    i32,
    String,
    DateTime<Utc>,
    Option<String>,
);

fn decode(rows: Vec<EventRow>) -> anyhow::Result<Vec<Event>> {
    rows.into_iter()
        .map(|(id, member_id, skill, from, to, source, at, note)| {
            Ok(Event {
                id,
                member_id,
                skill,
                from_level: from.map(level_from_db).transpose()?,
                to_level: level_from_db(to)?,
                source: Source::from_db(&source)?,
                at,
                note,
            })
        })
        .collect()
}

/// A member's events, oldest first; at most `limit`, the most recent ones.
pub async fn for_member(tx: &mut Tx, member_id: i64, limit: u32) -> anyhow::Result<Vec<Event>> {
    let rows: Vec<EventRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT id, member_id, skill, from_level, to_level, source, at, note
         FROM progress_events WHERE member_id = $1 ORDER BY id DESC LIMIT $2"
    )
    .bind(member_id)
    .bind(i64::from(limit))
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the progress of member row {member_id}"))?;
    let mut events = decode(rows)?;
    events.reverse();
    Ok(events)
}

/// Every event in a guild at or after `since`, oldest first.
pub async fn for_guild_since(
    tx: &mut Tx,
    guild_id: i64,
    since: DateTime<Utc>,
) -> anyhow::Result<Vec<Event>> {
    let rows: Vec<EventRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT e.id, e.member_id, e.skill, e.from_level, e.to_level, e.source, e.at, e.note
         FROM progress_events e JOIN members m ON m.id = e.member_id
         WHERE m.guild_id = $1 AND e.at >= $2 ORDER BY e.id"
    )
    .bind(guild_id)
    .bind(since)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the progress of guild {guild_id}"))?;
    decode(rows)
}

/// How many events a member has.
pub async fn count_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<u64> {
    let n: i64 = on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT COUNT(*) FROM progress_events WHERE member_id = $1"
    )
    .bind(member_id)
    .fetch_one(&mut *c)
    .await)
    .with_context(|| format!("counting the progress of member row {member_id}"))?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Deletes a member's events; returns how many.
pub async fn delete_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<u64> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM progress_events WHERE member_id = $1"
    )
    .bind(member_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the progress of member row {member_id}"))
}

/// The level increases over an earlier assessment in a guild between
/// `since` and `until` — what the digest calls learning: no first
/// assessments, no corrections down, no imports. Oldest first.
pub async fn level_ups_in_guild(
    tx: &mut Tx,
    guild_id: i64,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> anyhow::Result<Vec<Event>> {
    let rows: Vec<EventRow> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT e.id, e.member_id, e.skill, e.from_level, e.to_level, e.source, e.at, e.note
         FROM progress_events e JOIN members m ON m.id = e.member_id
         WHERE m.guild_id = $1 AND e.at >= $2 AND e.at <= $3
           AND e.from_level IS NOT NULL AND e.to_level > e.from_level
           AND (e.note IS NULL OR e.note <> $4)
         ORDER BY e.id"
    )
    .bind(guild_id)
    .bind(since)
    .bind(until)
    .bind(IMPORT_NOTE)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the level-ups of guild {guild_id}"))?;
    decode(rows)
}
