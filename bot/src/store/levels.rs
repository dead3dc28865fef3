//! `skill_levels`: each member's current level per skill. Every change goes
//! through [`apply`], which appends a progress event in the same
//! transaction.

use std::collections::HashMap;

use anyhow::Context;
use chrono::{DateTime, Utc};
use sqlx::QueryBuilder;

use super::progress::{self, NewEvent};
use super::{BATCH_ROWS, Backend, Tx, level_from_db, members};

/// Who assessed a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The member about themselves.
    SelfAssessed,
    /// Someone else (a lead, an import).
    Manager,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::SelfAssessed => "self",
            Source::Manager => "manager",
        }
    }

    pub(crate) fn from_db(text: &str) -> anyhow::Result<Source> {
        match text {
            "self" => Ok(Source::SelfAssessed),
            "manager" => Ok(Source::Manager),
            other => anyhow::bail!("the database holds an unknown level source '{other}'"),
        }
    }
}

/// A stored level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLevel {
    pub skill: String,
    pub level: u8,
    pub source: Source,
    pub updated_at: DateTime<Utc>,
}

/// A level to write. `level` must be 0–5 (the schema checks it too).
#[derive(Debug, Clone, Copy)]
pub struct LevelWrite<'a> {
    pub member_id: i64,
    pub skill: &'a str,
    pub level: u8,
    pub source: Source,
    pub note: Option<&'a str>,
}

/// A level that changed: `from` is `None` when it was not assessed before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub member_id: i64,
    pub skill: String,
    pub from: Option<u8>,
    pub to: u8,
}

/// Writes levels, in order, and appends one progress event per actual
/// change; writing a member's current level again changes nothing. Each
/// member touched is locked first ([`members::lock_many`]), so concurrent calls
/// for the same member serialise instead of losing updates. Several writes
/// for one skill in one call each count, in order. Returns the changes.
pub async fn apply(
    tx: &mut Tx,
    writes: &[LevelWrite<'_>],
    at: DateTime<Utc>,
) -> anyhow::Result<Vec<Change>> {
    // Current levels of every member touched, read under the members' locks.
    let wanted: Vec<i64> = writes.iter().map(|w| w.member_id).collect();
    let locked = members::lock_many(tx, &wanted).await?;
    if let Some(missing) = wanted.iter().find(|id| locked.binary_search(id).is_err()) {
        anyhow::bail!("no member row {missing} to set levels for");
    }
    let mut current: HashMap<i64, HashMap<String, u8>> = HashMap::new();
    for chunk in locked.chunks(BATCH_ROWS) {
        let rows: Vec<(i64, String, i32)> = on_tx!(tx, |c| {
            let mut query = QueryBuilder::new(
                "SELECT member_id, skill, level FROM skill_levels WHERE member_id IN (",
            );
            let mut list = query.separated(", ");
            for id in chunk {
                list.push_bind(*id);
            }
            query.push(")");
            query.build_query_as().fetch_all(&mut *c).await
        })
        .with_context(|| format!("reading the levels of {} members", chunk.len()))?;
        for (member, skill, level) in rows {
            current
                .entry(member)
                .or_default()
                .insert(skill, level_from_db(level)?);
        }
    }

    let mut changes = Vec::new();
    let mut events = Vec::new();
    // Final value per (member, skill), in first-write order.
    let mut finals: Vec<LevelWrite<'_>> = Vec::new();
    let mut final_index: HashMap<(i64, &str), usize> = HashMap::new();
    for write in writes {
        let levels = current.entry(write.member_id).or_default();
        let from = levels.get(write.skill).copied();
        if from == Some(write.level) {
            continue;
        }
        levels.insert(write.skill.to_string(), write.level);
        changes.push(Change {
            member_id: write.member_id,
            skill: write.skill.to_string(),
            from,
            to: write.level,
        });
        events.push(NewEvent {
            member_id: write.member_id,
            skill: write.skill,
            from_level: from,
            to_level: write.level,
            source: write.source,
            note: write.note,
        });
        match final_index.get(&(write.member_id, write.skill)) {
            Some(&i) => finals[i] = *write,
            None => {
                final_index.insert((write.member_id, write.skill), finals.len());
                finals.push(*write);
            }
        }
    }

    for chunk in finals.chunks(BATCH_ROWS) {
        on_tx!(tx, |c| {
            let mut query = QueryBuilder::new(
                "INSERT INTO skill_levels (member_id, skill, level, source, updated_at) ",
            );
            query.push_values(chunk, |mut row, w| {
                row.push_bind(w.member_id)
                    .push_bind(w.skill)
                    .push_bind(i32::from(w.level))
                    .push_bind(w.source.as_str())
                    .push_bind(at);
            });
            query.push(
                " ON CONFLICT (member_id, skill) DO UPDATE SET level = excluded.level,
                  source = excluded.source, updated_at = excluded.updated_at",
            );
            query.build().execute(&mut *c).await.map(|_| ())
        })
        .with_context(|| format!("saving {} skill levels", chunk.len()))?;
    }
    progress::insert_many(tx, &events, at).await?;
    Ok(changes)
}

/// A member's stored levels, by skill id.
pub async fn for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<Vec<StoredLevel>> {
    let rows: Vec<(String, i32, String, DateTime<Utc>)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT skill, level, source, updated_at FROM skill_levels WHERE member_id = $1
         ORDER BY skill"
    )
    .bind(member_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the levels of member row {member_id}"))?;
    rows.into_iter()
        .map(|(skill, level, source, updated_at)| {
            Ok(StoredLevel {
                skill,
                level: level_from_db(level)?,
                source: Source::from_db(&source)?,
                updated_at,
            })
        })
        .collect()
}

/// Every level in a guild as `(member row id, skill, level)`, ordered by
/// member row and skill.
pub async fn for_guild(tx: &mut Tx, guild_id: i64) -> anyhow::Result<Vec<(i64, String, u8)>> {
    let rows: Vec<(i64, String, i32)> = on_tx!(tx, |c| sqlx::query_as(
        "SELECT l.member_id, l.skill, l.level
         FROM skill_levels l JOIN members m ON m.id = l.member_id
         WHERE m.guild_id = $1 ORDER BY l.member_id, l.skill"
    )
    .bind(guild_id)
    .fetch_all(&mut *c)
    .await)
    .with_context(|| format!("reading the levels of guild {guild_id}"))?;
    rows.into_iter()
        .map(|(member, skill, level)| Ok((member, skill, level_from_db(level)?)))
        .collect()
}

/// Every level in a guild grouped by member: `(member row id, [(skill,
/// level)])`, members and skills ascending. The database packs each
/// member's levels into one string (`skill:level,…`), so a large guild
/// costs one row per member rather than one per level.
pub async fn by_member_in_guild(
    tx: &mut Tx,
    guild_id: i64,
) -> anyhow::Result<Vec<(i64, Vec<(String, u8)>)>> {
    let sql = match tx.backend() {
        Backend::Sqlite => {
            "SELECT member_id, group_concat(skill || ':' || level, ',') FROM (
                 SELECT l.member_id, l.skill, l.level
                 FROM skill_levels l JOIN members m ON m.id = l.member_id
                 WHERE m.guild_id = $1 ORDER BY l.member_id, l.skill)
             GROUP BY member_id ORDER BY member_id"
        }
        Backend::Postgres => {
            "SELECT l.member_id, string_agg(l.skill || ':' || l.level, ',' ORDER BY l.skill)
             FROM skill_levels l JOIN members m ON m.id = l.member_id
             WHERE m.guild_id = $1 GROUP BY l.member_id ORDER BY l.member_id"
        }
    };
    let rows: Vec<(i64, String)> = on_tx!(tx, |c| sqlx::query_as(sql)
        .bind(guild_id)
        .fetch_all(&mut *c)
        .await)
    .with_context(|| format!("reading the levels of guild {guild_id}"))?;
    rows.into_iter()
        .map(|(member, packed)| {
            let levels = packed
                .split(',')
                .map(|pair| {
                    let (skill, level) = pair
                        .rsplit_once(':')
                        .and_then(|(s, l)| Some((s, level_from_db(l.parse().ok()?).ok()?)))
                        .with_context(|| {
                            format!("the database holds a bad level entry '{pair}'")
                        })?;
                    Ok((skill.to_string(), level))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            Ok((member, levels))
        })
        .collect()
}

/// Deletes a member's levels; returns how many.
pub async fn delete_for_member(tx: &mut Tx, member_id: i64) -> anyhow::Result<u64> {
    on_tx!(tx, |c| sqlx::query(
        "DELETE FROM skill_levels WHERE member_id = $1"
    )
    .bind(member_id)
    .execute(&mut *c)
    .await
    .map(|r| r.rows_affected()))
    .with_context(|| format!("deleting the levels of member row {member_id}"))
}
