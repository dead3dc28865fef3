//! `members`: a person in a guild, with their role and preferences.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::{BATCH_ROWS, Backend, Tx};

/// A stored member.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Member {
    /// Database id (not the Discord id).
    pub id: i64,
    pub guild_id: i64,
    /// Discord user id.
    pub user_id: i64,
    pub display_name: Option<String>,
    /// Role id from the catalog.
    pub role: Option<String>,
    /// Wants a personal DM nudge with the digest.
    pub nudge_opt_in: bool,
    /// IANA time zone for nudges; the guild's when `None`.
    pub time_zone: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Name and role for an upsert; `None` keeps what is stored.
#[derive(Debug, Clone, Copy, Default)]
pub struct Profile<'a> {
    pub user_id: i64,
    pub display_name: Option<&'a str>,
    pub role: Option<&'a str>,
}

/// `SELECT <every column> FROM members <rest>`.
macro_rules! select {
    ($rest:literal) => {
        concat!(
            "SELECT id, guild_id, user_id, display_name, role, nudge_opt_in, time_zone, \
             created_at, updated_at FROM members ",
            $rest
        )
    };
}

/// Creates the member unless they exist. Returns their id and whether they
/// were created. The guild must exist.
pub async fn ensure(
    tx: &mut Tx,
    guild_id: i64,
    user_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<(i64, bool)> {
    let inserted: Option<i64> = on_tx!(tx, |c| {
        sqlx::query_scalar(
        "INSERT INTO members (guild_id, user_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (guild_id, user_id) DO NOTHING RETURNING id"
    )
    .bind(guild_id)
    .bind(user_id)
    .bind(now)
    .fetch_optional(&mut *c)
    .await
    })
    .with_context(|| format!("adding member {user_id} to guild {guild_id}"))?;
    if let Some(id) = inserted {
        return Ok((id, true));
    }
    let id = id_of(tx, guild_id, user_id)
        .await?
        .with_context(|| format!("member {user_id} of guild {guild_id} vanished"))?;
    Ok((id, false))
}

/// Creates or updates a member's name and role (`None` fields keep the
/// stored value). Returns the stored member and whether they were created.
pub async fn upsert(
    tx: &mut Tx,
    guild_id: i64,
    profile: &Profile<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<(Member, bool)> {
    let (id, created) = ensure(tx, guild_id, profile.user_id, now).await?;
    if profile.display_name.is_some() || profile.role.is_some() {
        on_tx!(tx, |c| sqlx::query(
            "UPDATE members SET display_name = COALESCE($2, display_name),
                                role = COALESCE($3, role), updated_at = $4
             WHERE id = $1"
        )
        .bind(id)
        .bind(profile.display_name)
        .bind(profile.role)
        .bind(now)
        .execute(&mut *c)
        .await
        .map(|_| ()))
        .with_context(|| format!("updating member {}", profile.user_id))?;
    }
    let member = get(tx, guild_id, profile.user_id)
        .await?
        .with_context(|| format!("member {} vanished", profile.user_id))?;
    Ok((member, created))
}

/// Creates or updates many members at once (multi-row upserts), as
/// [`upsert`] does for one. The guild must exist.
pub async fn upsert_many(
    tx: &mut Tx,
    guild_id: i64,
    profiles: &[Profile<'_>],
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    const HEAD: &str =
        "INSERT INTO members (guild_id, user_id, display_name, role, created_at, updated_at) ";
    const TAIL: &str = " ON CONFLICT (guild_id, user_id) DO UPDATE SET
        display_name = COALESCE(excluded.display_name, members.display_name),
        role = COALESCE(excluded.role, members.role),
        updated_at = excluded.updated_at";
    for chunk in profiles.chunks(BATCH_ROWS) {
        on_tx!(tx, |c| {
            let mut query = QueryBuilder::new(HEAD);
            query.push_values(chunk, |mut row, p| {
                row.push_bind(guild_id)
                    .push_bind(p.user_id)
                    .push_bind(p.display_name)
                    .push_bind(p.role)
                    .push_bind(now)
                    .push_bind(now);
            });
            query.push(TAIL);
            query.build().execute(&mut *c).await.map(|_| ())
        })
        .with_context(|| format!("saving {} members of guild {guild_id}", chunk.len()))?;
    }
    Ok(())
}

/// The database id of a member.
pub async fn id_of(tx: &mut Tx, guild_id: i64, user_id: i64) -> anyhow::Result<Option<i64>> {
    on_tx!(tx, |c| sqlx::query_scalar(
        "SELECT id FROM members WHERE guild_id = $1 AND user_id = $2"
    )
    .bind(guild_id)
    .bind(user_id)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("looking up member {user_id} of guild {guild_id}"))
}

/// Database ids of a guild's members by Discord user id.
pub async fn ids_by_user(tx: &mut Tx, guild_id: i64) -> anyhow::Result<HashMap<i64, i64>> {
    let rows: Vec<(i64, i64)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT user_id, id FROM members WHERE guild_id = $1"
    )
    .bind(guild_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("listing the members of guild {guild_id}"))?;
    Ok(rows.into_iter().collect())
}

/// One member by Discord user id.
pub async fn get(tx: &mut Tx, guild_id: i64, user_id: i64) -> anyhow::Result<Option<Member>> {
    on_tx!(tx, |c| sqlx::query_as(select!(
        "WHERE guild_id = $1 AND user_id = $2"
    ))
    .bind(guild_id)
    .bind(user_id)
    .fetch_optional(&mut *c)
    .await)
    .with_context(|| format!("reading member {user_id} of guild {guild_id}"))
}

/// A guild's members, by Discord user id.
pub async fn list(tx: &mut Tx, guild_id: i64) -> anyhow::Result<Vec<Member>> {
    on_tx!(tx, |c| sqlx::query_as(select!(
        "WHERE guild_id = $1 ORDER BY user_id"
    ))
    .bind(guild_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("listing the members of guild {guild_id}"))
}

/// Locks a member's row until the transaction ends, so concurrent changes
/// to that member queue up (PostgreSQL `FOR UPDATE`; on SQLite the write
/// transaction already holds the database's write lock). Returns false if
/// the member does not exist.
pub async fn lock(tx: &mut Tx, member_id: i64) -> anyhow::Result<bool> {
    Ok(lock_many(tx, &[member_id]).await? == [member_id])
}

/// Locks several member rows, in ascending id order (so two transactions
/// locking overlapping sets cannot deadlock). Returns the ids that exist,
/// ascending.
pub async fn lock_many(tx: &mut Tx, member_ids: &[i64]) -> anyhow::Result<Vec<i64>> {
    let mut ids = member_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let suffix = match tx.backend() {
        Backend::Sqlite => "",
        Backend::Postgres => " FOR UPDATE",
    };
    let mut found = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH_ROWS) {
        let rows: Vec<i64> = on_tx!(tx, |c| {
            let mut query = QueryBuilder::new("SELECT id FROM members WHERE id IN (");
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            query.push(") ORDER BY id").push(suffix);
            query.build_query_scalar().fetch_all(&mut *c).await
        })
        .with_context(|| format!("locking {} member rows", chunk.len()))?;
        found.extend(rows);
    }
    Ok(found)
}

/// Sets whether a member wants personal DM nudges. Opting in clears the
/// mark that DMs do not reach them (`dm_unreachable_at`), so the bot tries
/// again.
pub async fn set_nudge_opt_in(
    tx: &mut Tx,
    member_id: i64,
    opt_in: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE members SET nudge_opt_in = $2, updated_at = $3,
                dm_unreachable_at = CASE WHEN $2 THEN NULL ELSE dm_unreachable_at END
         WHERE id = $1"
    )
    .bind(member_id)
    .bind(opt_in)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("setting the nudge opt-in of member row {member_id}"))?;
    Ok(())
}

/// Sets a member's own time zone (an IANA name), or `None` to follow the
/// guild's.
pub async fn set_time_zone(
    tx: &mut Tx,
    member_id: i64,
    zone: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    on_tx!(tx, |c| sqlx::query(
        "UPDATE members SET time_zone = $2, updated_at = $3 WHERE id = $1"
    )
    .bind(member_id)
    .bind(zone)
    .bind(now)
    .execute(&mut *c)
    .await
    .map(|_| ()))
    .with_context(|| format!("setting the time zone of member row {member_id}"))?;
    Ok(())
}

/// Deletes the member row (their levels, events and nudges must be gone or
/// cascade). Returns rows deleted.
pub async fn delete(tx: &mut Tx, member_id: i64) -> anyhow::Result<u64> {
    on_tx!(tx, |c| sqlx::query("DELETE FROM members WHERE id = $1")
        .bind(member_id)
        .execute(&mut *c)
        .await
        .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting member row {member_id}"))
}
