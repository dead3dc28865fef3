//! Members and their levels: add or change a member, show and list them,
//! set a level.
//!
//! Every function validates its input into types first ([`DiscordId`],
//! [`Level`], catalog ids, [`TimeZone`]), then does all of its writing in one
//! transaction, so a bad input is a [`UserError`] and never a partial write.
//! A write names what it does about a guild or member not stored yet
//! ([`IfMissing`]): Discord creates them, the command line asks for
//! `--create`. Discord ids appear in views as decimal strings: snowflakes do
//! not fit the numbers of JSON readers such as JavaScript.

use chrono::{DateTime, Utc};
use serde::Serialize;
use skillbot_recommender::{Catalog, Level};

use crate::service::ids::{
    DiscordId, IfMissing, MAX_NOTE_CHARS, clean_name, guild_not_stored, member_not_stored,
    no_member, resolve_role, skill_name,
};
use crate::service::schedule::TimeZone;
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
    /// Whether this call created the guild.
    #[serde(skip)]
    pub guild_created: bool,
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

impl From<progress::Event> for ProgressView {
    fn from(e: progress::Event) -> ProgressView {
        ProgressView {
            skill: e.skill,
            from_level: e.from_level,
            to_level: e.to_level,
            source: e.source.as_str(),
            at: e.at,
            note: e.note,
        }
    }
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
    /// True when the guild did not exist and was added.
    pub guild_created: bool,
    /// "self" (the member about themselves) or "manager" (anyone else).
    pub source: &'static str,
    /// True when the change was written to the audit log: every change
    /// that is not a self-assessment is.
    pub audited: bool,
}

/// `member list --json`.
#[derive(Debug, Serialize)]
pub struct MemberListView {
    pub guild: DiscordId,
    /// By user id.
    pub members: Vec<MemberSummary>,
}

#[derive(Debug, Serialize)]
pub struct MemberSummary {
    pub user_id: DiscordId,
    pub name: Option<String>,
    pub role: Option<String>,
    /// Skills with an assessed level.
    pub levels: usize,
    pub nudge_opt_in: bool,
    pub time_zone: Option<String>,
}

/// A change to a member's own time zone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ZoneChange {
    /// Leave it as stored.
    #[default]
    Keep,
    /// Use this zone for the member.
    Set(TimeZone),
    /// Use the guild's zone (clears the member's own).
    FollowGuild,
}

/// What `member set` / `member add` change; `None` and
/// [`ZoneChange::Keep`] leave the stored value.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemberUpdate<'a> {
    /// Display name, 1–100 characters.
    pub name: Option<&'a str>,
    /// Role id or display name from the catalog.
    pub role: Option<&'a str>,
    pub time_zone: ZoneChange,
}

/// Creates or updates a member: name, role (checked against the catalog,
/// by id or display name) and time zone when given. A guild or member not
/// stored yet is created or refused as `if_missing` says. Returns the
/// member as stored.
pub async fn set_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    update: &MemberUpdate<'_>,
    if_missing: IfMissing,
) -> anyhow::Result<MemberView> {
    let name = match update.name {
        Some(text) => Some(
            clean_name(text)
                .map_err(UserError::new)?
                .ok_or_else(|| UserError::new("--name is empty"))?,
        ),
        None => None,
    };
    let role = update
        .role
        .map(|r| resolve_role(app.catalog(), r).map(|r| r.id.clone()))
        .transpose()?;
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let guild_created = ensure_guild(&mut tx, guild, if_missing, now).await?;
    let (member_id, created) = ensure_member(&mut tx, guild, user, if_missing, now).await?;
    let profile = Profile {
        user_id: user.db(),
        display_name: name.as_deref(),
        role: role.as_deref(),
    };
    members::upsert(&mut tx, guild.db(), &profile, now).await?;
    match update.time_zone {
        ZoneChange::Keep => {}
        ZoneChange::Set(zone) => {
            members::set_time_zone(&mut tx, member_id, Some(zone.name()), now).await?;
        }
        ZoneChange::FollowGuild => members::set_time_zone(&mut tx, member_id, None, now).await?,
    }
    let member = members::get(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| anyhow::anyhow!("member {user} of guild {guild} vanished"))?;
    let mut view = member_view(app.catalog(), &mut tx, member).await?;
    tx.commit().await?;
    view.created = created;
    view.guild_created = guild_created;
    Ok(view)
}

/// A guild's members with their roles and how many levels each has.
pub async fn list_members(app: &App, guild: DiscordId) -> anyhow::Result<MemberListView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    require_guild(&mut tx, guild).await?;
    let stored = members::list(&mut tx, guild.db()).await?;
    let counts: std::collections::HashMap<i64, usize> =
        levels::by_member_in_guild(&mut tx, guild.db())
            .await?
            .into_iter()
            .map(|(member, levels)| (member, levels.len()))
            .collect();
    Ok(MemberListView {
        guild,
        members: stored
            .into_iter()
            .map(|m| MemberSummary {
                levels: counts.get(&m.id).copied().unwrap_or(0),
                user_id: DiscordId::from_db(m.user_id),
                name: m.display_name,
                role: m.role,
                nudge_opt_in: m.nudge_opt_in,
                time_zone: m.time_zone,
            })
            .collect(),
    })
}

/// The stored guild ids, ascending.
pub(crate) async fn stored_guilds(tx: &mut Tx) -> anyhow::Result<Vec<DiscordId>> {
    Ok(guilds::list(tx)
        .await?
        .into_iter()
        .map(|g| DiscordId::from_db(g.guild.id))
        .collect())
}

/// Makes sure the guild is stored, as `if_missing` says: creates it
/// ([`IfMissing::Create`]) or refuses with a message listing the stored
/// guilds. Returns whether it was created.
pub(crate) async fn ensure_guild(
    tx: &mut Tx,
    guild: DiscordId,
    if_missing: IfMissing,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if if_missing == IfMissing::Create {
        return guilds::ensure(tx, guild.db(), now).await;
    }
    if guilds::exists(tx, guild.db()).await? {
        return Ok(false);
    }
    let known = stored_guilds(tx).await?;
    Err(guild_not_stored(guild, &known, true).into())
}

/// A read of a guild that must be stored: a [`UserError`] listing the
/// stored guilds when it is not.
pub(crate) async fn require_guild(tx: &mut Tx, guild: DiscordId) -> anyhow::Result<()> {
    if guilds::exists(tx, guild.db()).await? {
        return Ok(());
    }
    let known = stored_guilds(tx).await?;
    Err(guild_not_stored(guild, &known, false).into())
}

/// Makes sure the member is stored (the guild must be), as `if_missing`
/// says. Returns their row id and whether they were created.
pub(crate) async fn ensure_member(
    tx: &mut Tx,
    guild: DiscordId,
    user: DiscordId,
    if_missing: IfMissing,
    now: DateTime<Utc>,
) -> anyhow::Result<(i64, bool)> {
    match if_missing {
        IfMissing::Create | IfMissing::AddMember => {
            members::ensure(tx, guild.db(), user.db(), now).await
        }
        IfMissing::Refuse => match members::id_of(tx, guild.db(), user.db()).await? {
            Some(id) => Ok((id, false)),
            None => Err(member_not_stored(guild, user).into()),
        },
    }
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
        recent_progress: events.into_iter().map(ProgressView::from).collect(),
        created: false,
        guild_created: false,
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
    /// Who assessed it. One rule: the member themselves (same id) makes it
    /// a self-assessment; anything else is a manager assessment and every
    /// change it makes is written to the audit log, with this id as the
    /// actor (`None`, the command line without `--by`: actor unknown).
    pub by: Option<DiscordId>,
    /// A guild or member not stored yet: created (Discord) or refused (the
    /// command line without `--create`).
    pub if_missing: IfMissing,
}

/// Sets a member's level in a skill. A change appends a progress event in
/// the same transaction, and a manager assessment also an audit entry; the
/// same level again changes nothing.
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
    let guild_created = ensure_guild(&mut tx, change.guild, change.if_missing, now).await?;
    let (member_id, created) =
        ensure_member(&mut tx, change.guild, change.user, change.if_missing, now).await?;
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
        if source == Source::Manager {
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
                actor_user_id: change.by.map(DiscordId::db),
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
        guild_created,
        source: source.as_str(),
        audited,
    })
}
