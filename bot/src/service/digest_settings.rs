//! A guild's weekly digest settings — channel, schedule (cron), time zone,
//! grace period, on/off — and a member's DM nudge opt-in.
//!
//! The Discord commands (`/digest channel|schedule|timezone|off`,
//! `/nudges on|off`) and the command line (`digest settings`, `nudges`)
//! call these same functions. Input arrives validated ([`CronSchedule`],
//! [`TimeZone`], [`Grace`], [`DiscordId`]); every write happens in one
//! transaction, and every answer is a [`DigestSettingsView`] with the next
//! three runs in the guild's zone, so what an admin sees after a change is
//! what the scheduler will do.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::service::ids::{DiscordId, IfMissing};
use crate::service::members::{ensure_guild, ensure_member, require_guild};
use crate::service::schedule::{CronSchedule, FireTime, TimeZone};
use crate::store::{Tx, guilds, members};
use crate::{App, UserError};

/// Runs shown with the settings.
pub const NEXT_RUNS: usize = 3;

/// The shortest time allowed between two digests of a guild.
pub const MIN_DIGEST_INTERVAL: chrono::Duration = chrono::Duration::hours(1);

/// Longest grace period: a week (the schema's limit).
pub const MAX_GRACE_HOURS: u32 = 7 * 24;

/// How late a digest missed while the bot was down may still be posted
/// (0 to [`MAX_GRACE_HOURS`] hours).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grace {
    minutes: u32,
}

impl Grace {
    /// A grace period of whole hours, 0–168.
    pub fn from_hours(hours: u32) -> Result<Grace, UserError> {
        if hours > MAX_GRACE_HOURS {
            return Err(UserError::new(format!(
                "a grace period of {hours} hours is too long: at most {MAX_GRACE_HOURS} (a week); \
                 a digest later than that is skipped, not posted"
            )));
        }
        Ok(Grace {
            minutes: hours * 60,
        })
    }

    pub fn minutes(self) -> u32 {
        self.minutes
    }
}

/// Whether the digest will be posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DigestStatus {
    /// Posted on schedule to the channel.
    On,
    /// Switched off (`/digest off`, or by the bot: see `disabled_reason`).
    Off,
    /// No channel chosen yet.
    NoChannel,
}

impl DigestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DigestStatus::On => "on",
            DigestStatus::Off => "off",
            DigestStatus::NoChannel => "no channel",
        }
    }
}

/// A guild's digest settings and the next runs. `digest settings --json`:
///
/// ```text
/// {"guild": "…", "status": "on" | "off" | "no_channel", "channel": "…" | null,
///  "cron": "0 9 * * MON", "timezone": "Europe/Berlin", "grace_minutes": 720,
///  "disabled_reason": null | "…",
///  "next": [{"local": "2025-03-31T09:00:00+02:00", "utc": "2025-03-31T07:00:00Z"}, …]}
/// ```
///
/// `next` is what the schedule gives in the guild's zone, also while the
/// digest is off (so an admin can check a schedule before switching on).
#[derive(Debug, Clone, Serialize)]
pub struct DigestSettingsView {
    pub guild: DiscordId,
    pub status: DigestStatus,
    pub channel: Option<DiscordId>,
    pub cron: String,
    pub timezone: String,
    pub grace_minutes: u32,
    /// Why the bot switched the digest off itself (channel gone or
    /// forbidden); cleared when an admin sets a channel.
    pub disabled_reason: Option<String>,
    pub next: Vec<FireTime>,
    /// Whether this call created the guild.
    #[serde(skip)]
    pub guild_created: bool,
}

/// Changes to a guild's digest settings; `None` keeps the stored value.
#[derive(Debug, Clone, Default)]
pub struct DigestChange {
    /// Post here, and switch the digest on.
    pub channel: Option<DiscordId>,
    pub cron: Option<CronSchedule>,
    pub time_zone: Option<TimeZone>,
    pub grace: Option<Grace>,
    /// Switch the digest off (the channel and schedule are kept).
    pub off: bool,
}

/// The guild's digest settings. A guild not stored yet is a [`UserError`]
/// (use [`defaults`] to show what a new guild gets).
pub async fn get(app: &App, guild: DiscordId) -> anyhow::Result<DigestSettingsView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    require_guild(&mut tx, guild).await?;
    let stored = read(&mut tx, guild).await?;
    view(&stored, Utc::now())
}

/// The settings a guild gets when it is created, and their next runs.
pub fn defaults(guild: DiscordId) -> DigestSettingsView {
    let stored = guilds::Guild {
        id: guild.db(),
        digest_channel_id: None,
        digest_cron: DEFAULT_CRON.to_string(),
        time_zone: TimeZone::UTC.name().to_string(),
        grace_minutes: guilds::DEFAULT_GRACE_MINUTES,
        digest_enabled: false,
        digest_disabled_reason: None,
    };
    view(&stored, Utc::now()).expect("the default schedule is valid")
}

/// The schedule a new guild gets (the schema's default).
const DEFAULT_CRON: &str = "0 9 * * MON";

/// `/digest channel`: posts the digest to `channel` and switches it on.
pub async fn set_channel(
    app: &App,
    guild: DiscordId,
    channel: DiscordId,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    let change = DigestChange {
        channel: Some(channel),
        ..DigestChange::default()
    };
    update(app, guild, &change, if_missing).await
}

/// `/digest schedule`: the cron expression, read in the guild's zone.
pub async fn set_schedule(
    app: &App,
    guild: DiscordId,
    cron: &CronSchedule,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    let change = DigestChange {
        cron: Some(cron.clone()),
        ..DigestChange::default()
    };
    update(app, guild, &change, if_missing).await
}

/// `/digest timezone`: the zone the schedule is read in.
pub async fn set_time_zone(
    app: &App,
    guild: DiscordId,
    zone: TimeZone,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    let change = DigestChange {
        time_zone: Some(zone),
        ..DigestChange::default()
    };
    update(app, guild, &change, if_missing).await
}

/// How late a digest missed during downtime may still be posted.
pub async fn set_grace(
    app: &App,
    guild: DiscordId,
    grace: Grace,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    let change = DigestChange {
        grace: Some(grace),
        ..DigestChange::default()
    };
    update(app, guild, &change, if_missing).await
}

/// `/digest off`: no more digests until a channel is set again.
pub async fn turn_off(
    app: &App,
    guild: DiscordId,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    let change = DigestChange {
        off: true,
        ..DigestChange::default()
    };
    update(app, guild, &change, if_missing).await
}

/// Applies several changes at once, all or nothing. A schedule that fires
/// more often than once an hour, or never again, is refused and nothing is
/// stored.
pub async fn update(
    app: &App,
    guild: DiscordId,
    change: &DigestChange,
    if_missing: IfMissing,
) -> anyhow::Result<DigestSettingsView> {
    if change.off && change.channel.is_some() {
        crate::bail_user!("choose a channel (switches the digest on) or off, not both");
    }
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let guild_created = ensure_guild(&mut tx, guild, if_missing, now).await?;
    let stored = read(&mut tx, guild).await?;
    let cron = match &change.cron {
        Some(cron) => cron.clone(),
        None => stored_cron(&stored)?,
    };
    let zone = match change.time_zone {
        Some(zone) => zone,
        None => stored_zone(&stored)?,
    };
    if change.cron.is_some() || change.time_zone.is_some() {
        check_schedule(&cron, zone, now)?;
    }
    let (enabled, reason) = match (change.channel, change.off) {
        (Some(_), _) => (true, None),
        (None, true) => (false, None),
        (None, false) => (
            stored.digest_enabled,
            stored.digest_disabled_reason.as_deref(),
        ),
    };
    let settings = guilds::DigestSettings {
        digest_channel_id: change
            .channel
            .map(DiscordId::db)
            .or(stored.digest_channel_id),
        digest_cron: cron.as_str(),
        time_zone: zone.name(),
        grace_minutes: change
            .grace
            .map_or(stored.grace_minutes, |g| g.minutes() as i32),
        digest_enabled: enabled,
        digest_disabled_reason: reason,
    };
    guilds::set_digest_settings(&mut tx, guild.db(), &settings, now).await?;
    let updated = read(&mut tx, guild).await?;
    tx.commit().await?;
    let mut view = view(&updated, now)?;
    view.guild_created = guild_created;
    Ok(view)
}

async fn read(tx: &mut Tx, guild: DiscordId) -> anyhow::Result<guilds::Guild> {
    guilds::get(tx, guild.db())
        .await?
        .ok_or_else(|| anyhow::anyhow!("guild {guild} vanished"))
}

/// A schedule a digest may use: it fires again, and not more often than
/// [`MIN_DIGEST_INTERVAL`].
fn check_schedule(cron: &CronSchedule, zone: TimeZone, now: DateTime<Utc>) -> anyhow::Result<()> {
    let runs = cron.next_times(zone, now, 50);
    if runs.is_empty() {
        crate::bail_user!(
            "the schedule `{cron}` has no run after now: a digest needs one that repeats, e.g. \
             `0 9 * * MON`"
        );
    }
    if let Some(pair) = runs
        .windows(2)
        .find(|pair| pair[1].utc - pair[0].utc < MIN_DIGEST_INTERVAL)
    {
        let gap = (pair[1].utc - pair[0].utc).num_minutes();
        let gap = if gap == 0 {
            "less than a minute".to_string()
        } else {
            format!("{gap} minute{}", if gap == 1 { "" } else { "s" })
        };
        crate::bail_user!(
            "the schedule `{cron}` posts a digest {gap} after the previous one: at most one an \
             hour (e.g. `0 9 * * MON` for Mondays at 09:00)"
        );
    }
    Ok(())
}

fn stored_cron(stored: &guilds::Guild) -> anyhow::Result<CronSchedule> {
    CronSchedule::parse(&stored.digest_cron).map_err(|e| {
        anyhow::anyhow!(
            "guild {} has a stored schedule that no longer parses: {e}",
            stored.id
        )
    })
}

fn stored_zone(stored: &guilds::Guild) -> anyhow::Result<TimeZone> {
    TimeZone::parse(&stored.time_zone).map_err(|e| {
        anyhow::anyhow!(
            "guild {} has a stored time zone that no longer parses: {e}",
            stored.id
        )
    })
}

fn view(stored: &guilds::Guild, now: DateTime<Utc>) -> anyhow::Result<DigestSettingsView> {
    let cron = stored_cron(stored)?;
    let zone = stored_zone(stored)?;
    let channel = stored.digest_channel_id.map(DiscordId::from_db);
    let status = match (stored.digest_enabled, channel) {
        (_, None) => DigestStatus::NoChannel,
        (true, Some(_)) => DigestStatus::On,
        (false, Some(_)) => DigestStatus::Off,
    };
    Ok(DigestSettingsView {
        guild: DiscordId::from_db(stored.id),
        status,
        channel,
        next: cron.next_times(zone, now, NEXT_RUNS),
        cron: cron.as_str().to_string(),
        timezone: zone.name().to_string(),
        grace_minutes: u32::try_from(stored.grace_minutes).unwrap_or(0),
        disabled_reason: stored.digest_disabled_reason.clone(),
        guild_created: false,
    })
}

/// What `/nudges on|off` and `nudges on|off` did.
#[derive(Debug, Clone, Serialize)]
pub struct NudgesView {
    pub guild: DiscordId,
    pub user_id: DiscordId,
    /// Whether the member now gets personal DM nudges.
    pub nudge_opt_in: bool,
    /// False when it already was so.
    pub changed: bool,
    /// The guild's digest: nudges go out with it, so none while it is not on.
    pub digest: DigestStatus,
    /// Whether this call created the member.
    #[serde(skip)]
    pub member_created: bool,
}

/// Opts a member in or out of personal DM nudges. Opting in again also
/// clears a "DMs do not reach this member" mark, so the bot tries again.
pub async fn set_nudges(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    on: bool,
    if_missing: IfMissing,
) -> anyhow::Result<NudgesView> {
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    ensure_guild(&mut tx, guild, if_missing, now).await?;
    let (member_id, member_created) = ensure_member(&mut tx, guild, user, if_missing, now).await?;
    let before = members::get(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| anyhow::anyhow!("member {user} of guild {guild} vanished"))?;
    members::set_nudge_opt_in(&mut tx, member_id, on, now).await?;
    let stored = read(&mut tx, guild).await?;
    tx.commit().await?;
    Ok(NudgesView {
        guild,
        user_id: user,
        nudge_opt_in: on,
        changed: before.nudge_opt_in != on,
        digest: view(&stored, now)?.status,
        member_created,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grace_is_whole_hours_up_to_a_week() {
        assert_eq!(Grace::from_hours(12).unwrap().minutes(), 720);
        assert_eq!(Grace::from_hours(0).unwrap().minutes(), 0);
        assert_eq!(Grace::from_hours(168).unwrap().minutes(), 10_080);
        let err = Grace::from_hours(169).unwrap_err().0;
        assert!(err.contains("at most 168"), "{err}");
    }

    #[test]
    fn digests_repeat_and_at_most_hourly() {
        let now = Utc::now();
        let zone = TimeZone::parse("Europe/Berlin").unwrap();
        for ok in ["0 9 * * MON", "0 * * * *", "0 9,17 * * *"] {
            let cron = CronSchedule::parse(ok).unwrap();
            assert!(check_schedule(&cron, zone, now).is_ok(), "{ok}");
        }
        for (bad, want) in [
            ("* * * * *", "1 minute after the previous one"),
            ("*/30 * * * *", "30 minutes after"),
            ("*/5 * * * * *", "less than a minute"),
            ("0 0 9 * * MON 2020", "has no run after now"),
        ] {
            let cron = CronSchedule::parse(bad).unwrap();
            let err = check_schedule(&cron, zone, now).unwrap_err().to_string();
            assert!(err.contains(want), "{bad}: {err}");
        }
    }

    #[test]
    fn a_new_guild_gets_monday_nine_utc_and_twelve_hours_grace() {
        let view = defaults(DiscordId::new(5).unwrap());
        assert_eq!(view.status, DigestStatus::NoChannel);
        assert_eq!(
            (view.cron.as_str(), view.timezone.as_str()),
            ("0 9 * * MON", "UTC")
        );
        assert_eq!(view.grace_minutes, 720);
        assert_eq!(view.next.len(), NEXT_RUNS);
        for run in &view.next {
            assert_eq!(run.local.format("%a %H:%M").to_string(), "Mon 09:00");
        }
    }
}
