//! Members and their levels: add or change a member, show one, set a level.
//!
//! Every function validates its input into types first ([`DiscordId`],
//! [`Level`], catalog ids), then does all of its writing in one
//! transaction, so a bad input is a [`UserError`] and never a partial write.
//! Discord ids appear in views as decimal strings: snowflakes do not fit the
//! numbers of JSON readers such as JavaScript.

use chrono::{DateTime, Utc};
use serde::Serialize;
use skillbot_recommender::{Catalog, Level};

use crate::service::ids::{DiscordId, MAX_NOTE_CHARS, clean_name, no_member, skill_name};
use crate::store::levels::{LevelWrite, Source};
use crate::store::members::Profile;
use crate::store::{Tx, audit, guilds, levels, members, progress};
use crate::{App, UserError};

/// Progress events shown with a member.
const RECENT_PROGRESS: u32 = 10;

/// `member show --json`, and what `member set` returns.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub guild: DiscordId,
    pub user_id: DiscordId,
    pub name: Option<String>,
    /// Role id from the catalog.
    pub role: Option<String>,
    pub nudge_opt_in: bool,
    pub time_zone: Option<String>,
    /// Assessed skills, in catalog order (skills the catalog no longer has
    /// last).
    pub levels: Vec<MemberLevelView>,
    /// The latest level changes, oldest first.
    pub recent_progress: Vec<ProgressView>,
    /// Whether this call created the member.
    #[serde(skip)]
    pub created: bool,
}

#[derive(Debug, Serialize)]
pub struct MemberLevelView {
    pub skill: String,
    pub name: String,
    pub level: u8,
    /// "self" or "manager".
    pub source: &'static str,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct ProgressView {
    pub skill: String,
    /// `null`: not assessed before.
    pub from_level: Option<u8>,
    pub to_level: u8,
    pub source: &'static str,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// What `level set` did.
#[derive(Debug, Serialize)]
pub struct LevelSetView {
    pub guild: DiscordId,
    pub user_id: DiscordId,
    pub skill: String,
    pub skill_name: String,
    /// `null`: not assessed before.
    pub from_level: Option<u8>,
    pub to_level: u8,
    /// False when the member already had this level (nothing recorded).
    pub changed: bool,
    /// True when the member did not exist and was added.
    pub member_created: bool,
    pub source: &'static str,
    /// True when the change was made by someone else and logged.
    pub audited: bool,
}

/// Creates or updates a member: `name` and `role` when given (the role is
/// checked against the catalog). Returns the member as stored.
pub async fn set_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    name: Option<&str>,
    role: Option<&str>,
) -> anyhow::Result<MemberView> {
    let name = match name {
        Some(text) => Some(
            clean_name(text)
                .map_err(UserError::new)?
                .ok_or_else(|| UserError::new("--name is empty"))?,
        ),
        None => None,
    };
    let role = role
        .map(|r| app.catalog().role(r).map(|r| r.id.clone()))
        .transpose()
        .map_err(UserError::from)?;
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let profile = Profile {
        user_id: user.db(),
        display_name: name.as_deref(),
        role: role.as_deref(),
    };
    let (member, created) = members::upsert(&mut tx, guild.db(), &profile, now).await?;
    let mut view = member_view(app.catalog(), &mut tx, member).await?;
    tx.commit().await?;
    view.created = created;
    Ok(view)
}

/// A stored member with their levels and latest progress.
pub async fn show_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
) -> anyhow::Result<MemberView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let member = members::get(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| no_member(guild, user))?;
    member_view(app.catalog(), &mut tx, member).await
}

async fn member_view(
    catalog: &Catalog,
    tx: &mut Tx,
    member: members::Member,
) -> anyhow::Result<MemberView> {
    let mut stored = levels::for_member(tx, member.id).await?;
    let order = |skill: &str| {
        catalog
            .skills()
            .iter()
            .position(|s| s.id == skill)
            .unwrap_or(usize::MAX)
    };
    stored.sort_by_cached_key(|l| (order(&l.skill), l.skill.clone()));
    let events = progress::for_member(tx, member.id, RECENT_PROGRESS).await?;
    Ok(MemberView {
        guild: DiscordId::from_db(member.guild_id),
        user_id: DiscordId::from_db(member.user_id),
        name: member.display_name,
        role: member.role,
        nudge_opt_in: member.nudge_opt_in,
        time_zone: member.time_zone,
        levels: stored
            .into_iter()
            .map(|l| MemberLevelView {
                name: skill_name(catalog, &l.skill),
                skill: l.skill,
                level: l.level,
                source: l.source.as_str(),
                updated_at: l.updated_at,
            })
            .collect(),
        recent_progress: events
            .into_iter()
            .map(|e| ProgressView {
                skill: e.skill,
                from_level: e.from_level,
                to_level: e.to_level,
                source: e.source.as_str(),
                at: e.at,
                note: e.note,
            })
            .collect(),
        created: false,
    })
}

/// One level change request.
#[derive(Debug, Clone)]
pub struct LevelChange<'a> {
    pub guild: DiscordId,
    pub user: DiscordId,
    /// Skill id, name or alias.
    pub skill: &'a str,
    pub level: Level,
    pub note: Option<&'a str>,
    /// Who assessed it: the member themselves (same id) makes it a
    /// self-assessment; anyone else a manager assessment, logged in the
    /// audit log; `None` (the command line) a manager assessment.
    pub by: Option<DiscordId>,
}

/// Sets a member's level in a skill, adding the member if needed. A
/// change appends a progress event in the same transaction; the same level
/// again changes nothing.
pub async fn set_level(app: &App, change: &LevelChange<'_>) -> anyhow::Result<LevelSetView> {
    let skill = app.catalog().skill(change.skill).map_err(UserError::from)?;
    let note = change.note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        crate::bail_user!("--note is longer than {MAX_NOTE_CHARS} characters");
    }
    let source = match change.by {
        Some(by) if by == change.user => Source::SelfAssessed,
        _ => Source::Manager,
    };
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, change.guild.db(), now).await?;
    let (member_id, created) =
        members::ensure(&mut tx, change.guild.db(), change.user.db(), now).await?;
    let write = LevelWrite {
        member_id,
        skill: &skill.id,
        level: change.level.get(),
        source,
        note,
    };
    let applied = levels::apply(&mut tx, &[write], now).await?;
    let mut from_level = Some(change.level.get());
    let mut audited = false;
    if let Some(applied) = applied.first() {
        from_level = applied.from;
        if let Some(by) = change.by.filter(|by| *by != change.user) {
            let detail = format!(
                "set {} from {} to {}",
                skill.id,
                applied
                    .from
                    .map_or("not assessed".to_string(), |l| l.to_string()),
                applied.to
            );
            let entry = audit::NewEntry {
                guild_id: change.guild.db(),
                actor_user_id: Some(by.db()),
                subject_user_id: Some(change.user.db()),
                action: "level.set",
                detail: &detail,
            };
            audit::record(&mut tx, &entry, now).await?;
            audited = true;
        }
    }
    tx.commit().await?;
    Ok(LevelSetView {
        guild: change.guild,
        user_id: change.user,
        skill: skill.id.clone(),
        skill_name: skill.name.clone(),
        from_level,
        to_level: change.level.get(),
        changed: !applied.is_empty(),
        member_created: created,
        source: source.as_str(),
        audited,
    })
}
