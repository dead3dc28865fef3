//! A member's own data: a copy of everything stored about them, and
//! forgetting it all.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::service::ids::DiscordId;
use crate::service::members::{self as member_service, MemberView, ProgressView};
use crate::store::{audit, learning, levels, members, progress, runs};
use crate::{App, UserError};

/// What `forget` deleted. Holds no personal data.
#[derive(Debug, Serialize)]
pub struct ForgetView {
    pub levels: u64,
    pub progress_events: u64,
    pub learning_intents: u64,
    pub snoozed_skills: u64,
    pub nudge_runs: u64,
    pub audit_entries: u64,
}

/// Deletes every row about a member in a guild — levels, progress, nudge
/// runs, audit entries about them, the member — in one transaction, and
/// logs that a member was forgotten, without saying who.
pub async fn forget(app: &App, guild: DiscordId, user: DiscordId) -> anyhow::Result<ForgetView> {
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let member_id = members::id_of(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| {
            UserError::new(format!(
                "no member {user} in guild {guild}: nothing to forget"
            ))
        })?;
    members::lock(&mut tx, member_id).await?;
    let levels = levels::delete_for_member(&mut tx, member_id).await?;
    let progress_events = progress::delete_for_member(&mut tx, member_id).await?;
    let (learning_intents, snoozed_skills) =
        learning::delete_for_member(&mut tx, member_id).await?;
    let nudge_runs = runs::delete_nudges_for_member(&mut tx, member_id).await?;
    let (audit_entries, _blanked) = audit::forget_user(&mut tx, guild.db(), user.db()).await?;
    members::delete(&mut tx, member_id).await?;
    let view = ForgetView {
        levels,
        progress_events,
        learning_intents,
        snoozed_skills,
        nudge_runs,
        audit_entries,
    };
    let detail = format!(
        "a member was forgotten: {levels} levels, {progress_events} progress events, \
         {nudge_runs} nudge runs and {audit_entries} audit entries about them deleted"
    );
    let entry = audit::NewEntry {
        guild_id: guild.db(),
        actor_user_id: None,
        subject_user_id: None,
        action: "member.forget",
        detail: &detail,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(view)
}

/// Everything stored about a member in a guild (`/privacy export`).
#[derive(Debug, Serialize)]
pub struct PersonalDataView {
    pub exported_at: DateTime<Utc>,
    pub member: MemberView,
    pub mentor_opt_out: bool,
    /// Every level change, oldest first.
    pub progress: Vec<ProgressView>,
    pub learning: Vec<LearningEntry>,
    pub snoozed: Vec<SnoozeEntry>,
    pub nudges: Vec<NudgeEntry>,
    /// Audit entries about the member or made by them.
    pub audit: Vec<AuditEntry>,
}

#[derive(Debug, Serialize)]
pub struct LearningEntry {
    pub skill: String,
    pub started_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct SnoozeEntry {
    pub skill: String,
    pub until: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct NudgeEntry {
    pub scheduled_at: DateTime<Utc>,
    pub status: &'static str,
    pub posted_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
pub struct AuditEntry {
    pub action: String,
    pub detail: String,
    pub at: DateTime<Utc>,
    /// "about you" or "by you".
    pub role: &'static str,
}

/// A copy of everything stored about a member, for them to keep.
pub async fn export_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
) -> anyhow::Result<PersonalDataView> {
    let member = member_service::show_member(app, guild, user).await?;
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let member_id = members::id_of(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| UserError::new("nothing is stored about you in this server"))?;
    let mentor_opt_out = learning::mentor_opt_out(&mut tx, member_id).await?;
    let mut events = progress::for_member(&mut tx, member_id, u32::MAX).await?;
    events.sort_by_key(|e| (e.at, e.id));
    let intents = learning::intents(&mut tx, member_id).await?;
    let snoozed = learning::snoozed(&mut tx, member_id, Utc::now()).await?;
    let nudges = runs::nudges_for_member(&mut tx, member_id).await?;
    let audit = audit::for_guild(&mut tx, guild.db()).await?;
    drop(tx);
    Ok(PersonalDataView {
        exported_at: Utc::now(),
        member,
        mentor_opt_out,
        progress: events.into_iter().map(ProgressView::from).collect(),
        learning: intents
            .into_iter()
            .map(|(skill, started_at)| LearningEntry { skill, started_at })
            .collect(),
        snoozed: snoozed
            .into_iter()
            .map(|(skill, until)| SnoozeEntry { skill, until })
            .collect(),
        nudges: nudges
            .into_iter()
            .map(|r| NudgeEntry {
                scheduled_at: r.scheduled_at,
                status: r.status.as_str(),
                posted_at: r.posted_at,
            })
            .collect(),
        audit: audit
            .into_iter()
            .filter_map(|e| {
                let role = if e.subject_user_id == Some(user.db()) {
                    "about you"
                } else if e.actor_user_id == Some(user.db()) {
                    "by you"
                } else {
                    return None;
                };
                Some(AuditEntry {
                    action: e.action,
                    detail: e.detail,
                    at: e.at,
                    role,
                })
            })
            .collect(),
    })
}
