//! A member's own data: forgetting everything stored about them.

use chrono::Utc;
use serde::Serialize;

use crate::service::ids::DiscordId;
use crate::store::{audit, levels, members, progress, runs};
use crate::{App, UserError};
/// What `forget` deleted. Holds no personal data.
#[derive(Debug, Serialize)]
pub struct ForgetView {
    pub levels: u64,
    pub progress_events: u64,
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
    let nudge_runs = runs::delete_nudges_for_member(&mut tx, member_id).await?;
    let (audit_entries, _blanked) = audit::forget_user(&mut tx, guild.db(), user.db()).await?;
    members::delete(&mut tx, member_id).await?;
    let view = ForgetView {
        levels,
        progress_events,
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
