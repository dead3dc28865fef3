//! A member's learning choices, as Discord users make them: being known to
//! the bot on first use, "Start learning", "Not now", the next skills with
//! the hidden ones left out, and whether they may be suggested as a mentor.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::service::catalog::{MAX_LIMIT, RecommendView};
use crate::service::ids::DiscordId;
use crate::service::report;
use crate::store::levels::{LevelWrite, Source};
use crate::store::members::Profile;
use crate::store::{guilds, learning, levels, members};
use crate::{App, UserError};

/// How long "Not now" hides a skill.
pub const SNOOZE: Duration = Duration::weeks(4);

/// Makes sure a member is stored, with their current display name: a
/// member unknown to the store is created on first use. Reads first and
/// writes only when something changed. Returns whether they were created.
pub async fn touch_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    name: Option<&str>,
) -> anyhow::Result<bool> {
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            n.chars()
                .take(crate::service::ids::MAX_NAME_CHARS)
                .collect::<String>()
        })
        .filter(|n| !n.chars().any(char::is_control));
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let existing = members::get(&mut tx, guild.db(), user.db()).await?;
    drop(tx);
    if let Some(member) = &existing
        && (name.is_none() || member.display_name == name)
    {
        return Ok(false);
    }
    let now = Utc::now();
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let profile = Profile {
        user_id: user.db(),
        display_name: name.as_deref(),
        role: None,
    };
    let (_, created) = members::upsert(&mut tx, guild.db(), &profile, now).await?;
    tx.commit().await?;
    Ok(created)
}

/// What "Start learning" did.
#[derive(Debug, Serialize)]
pub struct StartView {
    pub skill: String,
    pub name: String,
    /// False when the member had started this skill before.
    pub first_time: bool,
    /// The level went from not assessed or 0 to 1 (aware), recorded as
    /// progress.
    pub raised_to_aware: bool,
}

/// "Start learning": records that the member began a skill; a member not
/// even aware of it yet is raised to level 1, as a progress event.
pub async fn start_learning(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    skill: &str,
) -> anyhow::Result<StartView> {
    let skill = app.catalog().skill(skill).map_err(UserError::from)?;
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let (member_id, _) = members::ensure(&mut tx, guild.db(), user.db(), now).await?;
    let first_time = learning::start(&mut tx, member_id, &skill.id, now).await?;
    let current = levels::for_member(&mut tx, member_id)
        .await?
        .into_iter()
        .find(|l| l.skill == skill.id)
        .map(|l| l.level);
    let mut raised_to_aware = false;
    if current.unwrap_or(0) == 0 {
        let write = LevelWrite {
            member_id,
            skill: &skill.id,
            level: 1,
            source: Source::SelfAssessed,
            note: Some("started learning"),
        };
        raised_to_aware = !levels::apply(&mut tx, &[write], now).await?.is_empty();
    }
    tx.commit().await?;
    Ok(StartView {
        skill: skill.id.clone(),
        name: skill.name.clone(),
        first_time,
        raised_to_aware,
    })
}

/// "Not now": hides a skill from the member's recommendations for
/// [`SNOOZE`]. Returns until when.
pub async fn snooze(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    skill: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<DateTime<Utc>> {
    let skill = app.catalog().skill(skill).map_err(UserError::from)?;
    let until = now + SNOOZE;
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let (member_id, _) = members::ensure(&mut tx, guild.db(), user.db(), now).await?;
    learning::snooze(&mut tx, member_id, &skill.id, until).await?;
    tx.commit().await?;
    Ok(until)
}

/// The next skills of a member, or why there are none yet.
#[derive(Debug)]
pub enum Next {
    /// The member has no role: ask them to pick one.
    NeedsRole,
    Recommendations {
        view: RecommendView,
        /// Skill names hidden with "Not now", still hidden.
        snoozed: Vec<String>,
    },
}

/// The member's top `limit` recommendations (their role, their levels, the
/// team's gaps), leaving out the skills they said "Not now" to.
pub async fn next_for_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    limit: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<Next> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let member = members::get(&mut tx, guild.db(), user.db()).await?;
    let Some(member) = member.filter(|m| m.role.is_some()) else {
        return Ok(Next::NeedsRole);
    };
    let snoozed = learning::snoozed(&mut tx, member.id, now).await?;
    drop(tx);
    let mut view = report::recommend_member(app, Some(guild), user, None, MAX_LIMIT).await?;
    view.recommendations
        .retain(|r| !snoozed.iter().any(|(skill, _)| *skill == r.skill));
    view.recommendations.truncate(limit);
    let snoozed = snoozed
        .into_iter()
        .map(|(skill, _)| {
            app.catalog()
                .skill(&skill)
                .map_or(skill.clone(), |s| s.name.clone())
        })
        .collect();
    Ok(Next::Recommendations { view, snoozed })
}

/// `/mentor on|off`: whether the digest may suggest the member as a
/// mentor. Creates the member if needed.
pub async fn set_mentor(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    available: bool,
) -> anyhow::Result<()> {
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let (member_id, _) = members::ensure(&mut tx, guild.db(), user.db(), now).await?;
    learning::set_mentor_opt_out(&mut tx, member_id, !available, now).await?;
    tx.commit().await
}
