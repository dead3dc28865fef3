//! The digest scheduler: weekly digests in each server's time zone, exactly
//! once, across restarts, crashes, reconnects and replicas; then the DM
//! nudges of the members who opted in.
//!
//! Why it works this way. All state is in the database, none in timers:
//! each guild stores its next run (`digest_next_run_at`, recomputed from
//! the cron expression and IANA zone whenever the settings change), and a
//! run is a row keyed by (guild, scheduled time). Every replica runs the
//! same loop; a tick
//!
//! 1. moves each due guild's next run forward with a compare-and-set — only
//!    one replica wins — and, in the same transaction, claims the run by
//!    inserting its row (or records it as skipped when it is later than the
//!    guild's grace period: after downtime only the latest missed digest
//!    may be posted, never a burst of old ones);
//! 2. posts what it claimed, then records the message id. A Discord error
//!    is retried with backoff up to [`Config::max_attempts`]; a channel that
//!    is gone or forbidden switches the guild's digest off with a reason
//!    the admins see at their next `/digest`;
//! 3. takes over runs whose claimer went quiet (a crash between claim and
//!    record): it first looks for the digest in the channel by the marker in
//!    its footer, and only posts when it is not there;
//! 4. sends the nudges of recently posted digests, paced (a cap of new DM
//!    channels per minute across replicas), at most one a week per member,
//!    never to members who did not opt in; a member whose DMs are closed
//!    (Discord error 50007) is marked unreachable, told once in the channel
//!    how to fix it, and the batch goes on.
//!
//! The tick is [`Scheduler::run_due`], a public function of the clock, so
//! tests drive it with a fake clock and a fake [`Messenger`]; [`Scheduler::run`]
//! calls it in a loop that sleeps until the next due time (at most a minute).

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;

use anyhow::Context as _;
use chrono::{DateTime, Duration, Utc};
use skillbot_index::Index;

use crate::App;
use crate::health::{DIGESTS, NUDGES};
use crate::render::{self, Reply, mention};
use crate::service::digest::{self, DigestView};
use crate::service::ids::DiscordId;
use crate::service::schedule::{CronSchedule, TimeZone};
use crate::store::digests::{self as due_store, NudgeCandidate, Scheduled};
use crate::store::runs::{self, Run, RunStatus, Table};

/// How the scheduler paces itself.
#[derive(Debug, Clone)]
pub struct Config {
    /// Attempts at posting one digest before it is marked failed.
    pub max_attempts: i32,
    /// A claim older than this without a result is taken over (its
    /// claimer crashed).
    pub stale_claim: Duration,
    /// New DM channels opened per minute, across replicas.
    pub nudges_per_minute: usize,
    /// Nudges go out within this time after their digest.
    pub nudge_window: Duration,
    /// At most one nudge per member in this time.
    pub nudge_every: Duration,
    /// The longest the loop sleeps between ticks.
    pub max_sleep: std::time::Duration,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            max_attempts: 5,
            stale_claim: Duration::minutes(2),
            nudges_per_minute: 20,
            nudge_window: Duration::hours(24),
            nudge_every: Duration::days(6),
            max_sleep: std::time::Duration::from_secs(60),
        }
    }
}

/// Why Discord refused a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The channel is gone or the bot may not post there (10003, 50001,
    /// 50013): retrying will not help.
    Gone { code: i64, message: String },
    /// The user does not accept DMs from the bot (50007).
    Unreachable,
    /// Anything else (5xx, timeouts, rate limits): worth retrying.
    Failed(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Gone { code, message } => write!(f, "Discord error {code}: {message}"),
            SendError::Unreachable => f.write_str("Discord error 50007: cannot DM this user"),
            SendError::Failed(message) => f.write_str(message),
        }
    }
}

/// How the scheduler reaches Discord (the real one in `discord::poster`;
/// a fake in tests).
pub trait Messenger: Send + Sync + 'static {
    /// Posts to a channel; returns the message id.
    fn post(
        &self,
        channel: u64,
        reply: Reply,
    ) -> impl Future<Output = Result<u64, SendError>> + Send;
    /// Finds a recent message of the bot in a channel whose embed footer
    /// is `marker`.
    fn find(
        &self,
        channel: u64,
        marker: &str,
    ) -> impl Future<Output = Result<Option<u64>, SendError>> + Send;
    /// Sends a DM; returns the message id.
    fn dm(&self, user: u64, reply: Reply) -> impl Future<Output = Result<u64, SendError>> + Send;
    /// The server's name, for DMs.
    fn guild_name(&self, guild: u64) -> Option<String>;
}

/// What happened to one guild's digest in a tick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Posted {
        scheduled_at: DateTime<Utc>,
        message_id: u64,
    },
    /// Found already posted after a crash, and recorded.
    Recovered {
        scheduled_at: DateTime<Utc>,
        message_id: u64,
    },
    /// Will be tried again at `retry_at`, or never (`None`).
    Failed {
        scheduled_at: DateTime<Utc>,
        error: String,
        retry_at: Option<DateTime<Utc>>,
    },
    /// Too late after downtime: recorded as skipped, not posted.
    Skipped {
        scheduled_at: DateTime<Utc>,
        late_by: Duration,
    },
    /// The channel is gone or forbidden: the digest was switched off.
    Disabled { reason: String },
}

/// What happened to one nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NudgeOutcome {
    Sent,
    /// DMs closed: marked unreachable (and told in the channel the first
    /// time).
    Unreachable,
    Failed,
}

/// What a tick did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub digests: Vec<(DiscordId, Outcome)>,
    pub nudges: Vec<(DiscordId, DiscordId, NudgeOutcome)>,
}

impl Report {
    pub fn is_empty(&self) -> bool {
        self.digests.is_empty() && self.nudges.is_empty()
    }

    /// Digests posted (including recovered).
    pub fn posted(&self) -> usize {
        self.digests
            .iter()
            .filter(|(_, o)| matches!(o, Outcome::Posted { .. } | Outcome::Recovered { .. }))
            .count()
    }
}

/// The scheduler of one process. Cheap to share (`Arc`).
pub struct Scheduler<M> {
    app: App,
    messenger: M,
    index: Option<Arc<Index>>,
    config: Config,
}

/// A claimed run to post.
struct Claim {
    run_id: i64,
    guild: DiscordId,
    channel: u64,
    scheduled_at: DateTime<Utc>,
    attempts: i32,
}

/// Waits between attempts: 1 min, 5 min, 15 min, 1 h.
fn backoff(attempt: i32) -> Duration {
    match attempt {
        ..=1 => Duration::minutes(1),
        2 => Duration::minutes(5),
        3 => Duration::minutes(15),
        _ => Duration::hours(1),
    }
}

impl<M: Messenger> Scheduler<M> {
    pub fn new(app: App, messenger: M, index: Option<Arc<Index>>, config: Config) -> Self {
        Scheduler {
            app,
            messenger,
            index,
            config,
        }
    }

    pub fn messenger(&self) -> &M {
        &self.messenger
    }

    /// One tick at `now`: claims and posts the digests due, retries and
    /// recovers earlier runs, sends pending nudges. Returns what it did.
    pub async fn run_due(&self, now: DateTime<Utc>) -> anyhow::Result<Report> {
        let mut report = Report::default();
        let mut claims = Vec::new();
        let store = self.app.store().await?;
        let mut tx = store.read().await?;
        let due = due_store::due(&mut tx, now).await?;
        drop(tx);
        for guild in due {
            match self.schedule(&guild, now).await {
                Ok((claim, outcome)) => {
                    claims.extend(claim);
                    if let Some(outcome) = outcome {
                        report.digests.push((DiscordId::from_db(guild.id), outcome));
                    }
                }
                // One guild's problem never stops the others.
                Err(err) => {
                    tracing::error!(guild = guild.id, error = ?err, "scheduling a digest failed")
                }
            }
        }
        claims.extend(self.take_over(now).await?);
        for claim in claims {
            let guild = claim.guild;
            match self.post(claim, now).await {
                Ok(outcome) => report.digests.push((guild, outcome)),
                Err(err) => {
                    tracing::error!(guild = %guild, error = ?err, "posting a digest failed")
                }
            }
        }
        report.nudges = self.nudge(now).await?;
        for (_, outcome) in &report.digests {
            let name = match outcome {
                Outcome::Posted { .. } => "posted",
                Outcome::Recovered { .. } => "recovered",
                Outcome::Failed { .. } => "failed",
                Outcome::Skipped { .. } => "skipped",
                Outcome::Disabled { .. } => "disabled",
            };
            metrics::counter!(DIGESTS, "outcome" => name).increment(1);
        }
        Ok(report)
    }

    /// Moves a due guild's next run forward and claims (or skips) the
    /// latest run that is due.
    async fn schedule(
        &self,
        guild: &Scheduled,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(Option<Claim>, Option<Outcome>)> {
        let (cron, zone) = match (
            CronSchedule::parse(&guild.digest_cron),
            TimeZone::parse(&guild.time_zone),
        ) {
            (Ok(cron), Ok(zone)) => (cron, zone),
            (cron, zone) => {
                let reason = format!(
                    "the stored schedule `{}` in {} cannot be read ({}); set it again with \
                     /digest schedule",
                    guild.digest_cron,
                    guild.time_zone,
                    cron.err().map_or_else(
                        || zone.err().map(|e| e.to_string()).unwrap_or_default(),
                        |e| e.to_string()
                    )
                );
                self.disable(guild.id, &reason, now).await?;
                return Ok((None, Some(Outcome::Disabled { reason })));
            }
        };
        // Runs before the settings were saved are never due; the first
        // fire time after that, if it has come, is.
        let from = guild.digest_next_run_at.unwrap_or(guild.updated_at);
        let mut latest = None;
        let mut following = None;
        for fire in cron.fire_times(zone, from - Duration::seconds(1)) {
            if fire.utc < guild.updated_at {
                continue;
            }
            if fire.utc > now {
                following = Some(fire.utc);
                break;
            }
            latest = Some(fire.utc);
        }
        let store = self.app.store().await?;
        let mut tx = store.begin().await?;
        if !due_store::advance(&mut tx, guild.id, guild.digest_next_run_at, following).await? {
            // Another replica moved it first: it handles this run.
            return Ok((None, None));
        }
        let Some(scheduled_at) = latest else {
            tx.commit().await?;
            return Ok((None, None));
        };
        let late_by = now - scheduled_at;
        if late_by > Duration::minutes(i64::from(guild.grace_minutes)) {
            let reason = format!(
                "missed while the bot was down: {} min late, grace {} min",
                late_by.num_minutes(),
                guild.grace_minutes
            );
            let recorded =
                runs::record_skipped_digest(&mut tx, guild.id, scheduled_at, &reason, now).await?;
            tx.commit().await?;
            if !recorded {
                return Ok((None, None));
            }
            tracing::warn!(guild = guild.id, %scheduled_at, late_min = late_by.num_minutes(), "digest skipped: too late");
            return Ok((
                None,
                Some(Outcome::Skipped {
                    scheduled_at,
                    late_by,
                }),
            ));
        }
        let claimed = runs::claim_digest(&mut tx, guild.id, scheduled_at, now).await?;
        tx.commit().await?;
        Ok((
            claimed.map(|run_id| Claim {
                run_id,
                guild: DiscordId::from_db(guild.id),
                channel: guild.digest_channel_id.unsigned_abs(),
                scheduled_at,
                attempts: 0,
            }),
            None,
        ))
    }

    /// Failed runs whose retry time has come and claims left by a crash:
    /// taken over (one replica wins each) and returned to post. A crashed
    /// claim whose digest is already in the channel is recorded instead.
    async fn take_over(&self, now: DateTime<Utc>) -> anyhow::Result<Vec<Claim>> {
        let store = self.app.store().await?;
        let mut tx = store.read().await?;
        let pending =
            runs::pending(&mut tx, Table::Digest, now, now - self.config.stale_claim).await?;
        drop(tx);
        let mut claims = Vec::new();
        for run in pending {
            let mut tx = store.begin().await?;
            let Some(guild) = due_store::scheduled(&mut tx, run.owner_id).await? else {
                // Switched off meanwhile: stop trying.
                runs::mark_failed(
                    &mut tx,
                    Table::Digest,
                    run.id,
                    "the digest was switched off",
                    None,
                    RunStatus::Failed,
                )
                .await?;
                tx.commit().await?;
                continue;
            };
            if !runs::reclaim(&mut tx, Table::Digest, &run, now).await? {
                continue;
            }
            tx.commit().await?;
            let claim = Claim {
                run_id: run.id,
                guild: DiscordId::from_db(guild.id),
                channel: guild.digest_channel_id.unsigned_abs(),
                scheduled_at: run.scheduled_at,
                attempts: run.attempts,
            };
            if run.status == RunStatus::Claimed {
                // Posted but not recorded? Look before posting again.
                let marker = render::digest::marker(run.scheduled_at);
                match self.messenger.find(claim.channel, &marker).await {
                    Ok(Some(message_id)) => {
                        let mut tx = store.begin().await?;
                        runs::mark_posted(
                            &mut tx,
                            Table::Digest,
                            run.id,
                            i64::try_from(message_id).ok(),
                            now,
                        )
                        .await?;
                        tx.commit().await?;
                        tracing::info!(
                            guild = guild.id,
                            "recovered a digest posted before a crash"
                        );
                        metrics::counter!(DIGESTS, "outcome" => "recovered").increment(1);
                        continue;
                    }
                    Ok(None) => {}
                    Err(err) => {
                        tracing::warn!(guild = guild.id, error = %err, "could not look for an unrecorded digest; posting it")
                    }
                }
            }
            let grace = Duration::minutes(i64::from(guild.grace_minutes));
            if now - run.scheduled_at > grace {
                let mut tx = store.begin().await?;
                runs::mark_failed(
                    &mut tx,
                    Table::Digest,
                    run.id,
                    "gave up: later than the grace period",
                    None,
                    RunStatus::Failed,
                )
                .await?;
                tx.commit().await?;
                continue;
            }
            claims.push(claim);
        }
        Ok(claims)
    }

    /// Composes and posts one claimed digest, then records the result.
    async fn post(&self, claim: Claim, now: DateTime<Utc>) -> anyhow::Result<Outcome> {
        let store = self.app.store().await?;
        let composed = async {
            let view = digest::compose(&self.app, claim.guild, now).await?;
            let reply = render::digest::digest(&view, claim.scheduled_at)?;
            anyhow::Ok((view, reply))
        }
        .await;
        let (view, reply) = match composed {
            Ok(composed) => composed,
            Err(err) => {
                let mut tx = store.begin().await?;
                runs::mark_failed(
                    &mut tx,
                    Table::Digest,
                    claim.run_id,
                    &format!("{err:#}"),
                    None,
                    RunStatus::Failed,
                )
                .await?;
                tx.commit().await?;
                return Err(err.context("composing the digest"));
            }
        };
        let sent = self.messenger.post(claim.channel, reply).await;
        let mut tx = store.begin().await?;
        let outcome = match sent {
            Ok(message_id) => {
                runs::mark_posted(
                    &mut tx,
                    Table::Digest,
                    claim.run_id,
                    i64::try_from(message_id).ok(),
                    now,
                )
                .await?;
                due_store::record_pairs(
                    &mut tx,
                    claim.run_id,
                    claim.guild.db(),
                    &view.mentor_pairs(now),
                )
                .await?;
                tracing::info!(guild = %claim.guild, scheduled_at = %claim.scheduled_at, "digest posted");
                Outcome::Posted {
                    scheduled_at: claim.scheduled_at,
                    message_id,
                }
            }
            Err(SendError::Gone { code, message }) => {
                let reason = format!(
                    "the bot cannot post in <#{}> any more (Discord error {code}: {message}); \
                     pick a channel again with /digest channel",
                    claim.channel
                );
                runs::mark_failed(
                    &mut tx,
                    Table::Digest,
                    claim.run_id,
                    &reason,
                    None,
                    RunStatus::Failed,
                )
                .await?;
                due_store::disable(&mut tx, claim.guild.db(), &reason, now).await?;
                tracing::warn!(guild = %claim.guild, code, "digest channel gone or forbidden: digest switched off");
                Outcome::Disabled { reason }
            }
            Err(err) => {
                let attempt = claim.attempts + 1;
                let retry_at = (attempt < self.config.max_attempts).then(|| now + backoff(attempt));
                runs::mark_failed(
                    &mut tx,
                    Table::Digest,
                    claim.run_id,
                    &err.to_string(),
                    retry_at,
                    RunStatus::Failed,
                )
                .await?;
                tracing::warn!(guild = %claim.guild, attempt, error = %err, retry_at = ?retry_at, "posting a digest failed");
                Outcome::Failed {
                    scheduled_at: claim.scheduled_at,
                    error: err.to_string(),
                    retry_at,
                }
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    async fn disable(&self, guild: i64, reason: &str, now: DateTime<Utc>) -> anyhow::Result<()> {
        let store = self.app.store().await?;
        let mut tx = store.begin().await?;
        due_store::disable(&mut tx, guild, reason, now).await?;
        tx.commit().await
    }

    /// Posts a guild's digest now (`/digest now`): a run at `now`, then
    /// the nudges of members due one. Returns what happened to the digest.
    pub async fn post_now(
        &self,
        guild: DiscordId,
        now: DateTime<Utc>,
    ) -> anyhow::Result<(Outcome, Vec<(DiscordId, DiscordId, NudgeOutcome)>)> {
        let store = self.app.store().await?;
        let mut tx = store.begin().await?;
        let Some(scheduled) = due_store::scheduled(&mut tx, guild.db()).await? else {
            crate::bail_user!("the digest is off: pick a channel first with /digest channel");
        };
        let Some(run_id) = runs::claim_digest(&mut tx, guild.db(), now, now).await? else {
            crate::bail_user!("a digest is being posted right now");
        };
        tx.commit().await?;
        let claim = Claim {
            run_id,
            guild,
            channel: scheduled.digest_channel_id.unsigned_abs(),
            scheduled_at: now,
            attempts: 0,
        };
        let outcome = self.post(claim, now).await?;
        let nudges = self.nudge(now).await?;
        Ok((outcome, nudges))
    }

    /// Sends the nudges of recently posted digests, up to the pace.
    async fn nudge(
        &self,
        now: DateTime<Utc>,
    ) -> anyhow::Result<Vec<(DiscordId, DiscordId, NudgeOutcome)>> {
        let store = self.app.store().await?;
        let mut tx = store.read().await?;
        let posted = runs::digests_posted_since(&mut tx, now - self.config.nudge_window).await?;
        let recent = due_store::nudges_claimed_since(&mut tx, now - Duration::minutes(1)).await?;
        let mut budget = self
            .config
            .nudges_per_minute
            .saturating_sub(usize::try_from(recent).unwrap_or(usize::MAX));
        let mut work: Vec<(Run, Vec<NudgeCandidate>)> = Vec::new();
        for run in posted {
            let candidates: Vec<NudgeCandidate> =
                due_store::nudge_candidates(&mut tx, run.owner_id, run.scheduled_at)
                    .await?
                    .into_iter()
                    .filter(|c| {
                        c.last_nudge_at
                            .is_none_or(|at| now - at >= self.config.nudge_every)
                    })
                    .collect();
            if !candidates.is_empty() {
                work.push((run, candidates));
            }
        }
        drop(tx);
        let mut out = Vec::new();
        for (run, candidates) in work {
            if budget == 0 {
                break;
            }
            let guild = DiscordId::from_db(run.owner_id);
            let view = match digest::compose(&self.app, guild, now).await {
                Ok(view) => view,
                Err(err) => {
                    tracing::error!(guild = %guild, error = ?err, "composing nudges failed");
                    continue;
                }
            };
            let steps: HashMap<u64, &digest::NextStepView> = view
                .next_steps
                .iter()
                .map(|s| (s.member.user_id.get(), s))
                .collect();
            let channel = {
                let mut tx = store.read().await?;
                due_store::scheduled(&mut tx, run.owner_id)
                    .await?
                    .map(|g| g.digest_channel_id.unsigned_abs())
            };
            for candidate in candidates {
                if budget == 0 {
                    break;
                }
                let user = candidate.user_id.unsigned_abs();
                let Some(step) = steps.get(&user) else {
                    continue;
                };
                let mut tx = store.begin().await?;
                let Some(nudge_id) =
                    runs::claim_nudge(&mut tx, candidate.id, run.scheduled_at, now).await?
                else {
                    continue;
                };
                tx.commit().await?;
                budget -= 1;
                let reply = self.nudge_message(&view, guild, user, step);
                let result = self.messenger.dm(user, reply).await;
                let mut tx = store.begin().await?;
                let outcome = match result {
                    Ok(message_id) => {
                        runs::mark_posted(
                            &mut tx,
                            Table::Nudge,
                            nudge_id,
                            i64::try_from(message_id).ok(),
                            now,
                        )
                        .await?;
                        NudgeOutcome::Sent
                    }
                    Err(SendError::Unreachable) => {
                        runs::mark_failed(
                            &mut tx,
                            Table::Nudge,
                            nudge_id,
                            "the member does not accept DMs (50007)",
                            None,
                            RunStatus::Skipped,
                        )
                        .await?;
                        let first_time =
                            due_store::mark_unreachable(&mut tx, candidate.id, now).await?;
                        tx.commit().await?;
                        if first_time && let Some(channel) = channel {
                            let text = format!(
                                "{} I couldn't send you your weekly learning nudge: your DMs are closed to this \
                                 server. To get it, turn on Direct Messages in this server's Privacy Settings, \
                                 then run /nudges on again — or /nudges off to stop it.",
                                mention(user)
                            );
                            if let Err(err) = self.messenger.post(channel, Reply::text(text)).await
                            {
                                tracing::warn!(guild = %guild, error = %err, "could not tell a member their DMs are closed");
                            }
                        }
                        metrics::counter!(NUDGES, "outcome" => "unreachable").increment(1);
                        out.push((
                            guild,
                            DiscordId::from_db(candidate.user_id),
                            NudgeOutcome::Unreachable,
                        ));
                        continue;
                    }
                    Err(err) => {
                        runs::mark_failed(
                            &mut tx,
                            Table::Nudge,
                            nudge_id,
                            &err.to_string(),
                            None,
                            RunStatus::Failed,
                        )
                        .await?;
                        tracing::warn!(guild = %guild, error = %err, "a nudge failed");
                        NudgeOutcome::Failed
                    }
                };
                tx.commit().await?;
                let name = if outcome == NudgeOutcome::Sent {
                    "sent"
                } else {
                    "failed"
                };
                metrics::counter!(NUDGES, "outcome" => name).increment(1);
                out.push((guild, DiscordId::from_db(candidate.user_id), outcome));
            }
        }
        Ok(out)
    }

    fn nudge_message(
        &self,
        view: &DigestView,
        guild: DiscordId,
        user: u64,
        step: &digest::NextStepView,
    ) -> Reply {
        let excerpt = self.index.as_ref().and_then(|index| {
            let answer = index
                .ask(&format!("how do I learn {}", step.skill_name), 3)
                .ok()?;
            answer
                .passages
                .into_iter()
                .find(|p| p.skills.contains(&step.skill))
                .map(|p| p.snippet)
        });
        let guild_name = self
            .messenger
            .guild_name(guild.get())
            .unwrap_or_else(|| "your server".to_string());
        let _ = view;
        render::digest::nudge(&render::digest::Nudge {
            guild_name: &guild_name,
            guild: guild.get(),
            user,
            skill: &step.skill,
            skill_name: &step.skill_name,
            estimate_months: step.estimate_months,
            excerpt: excerpt.as_deref(),
            mentor: step.mentor.as_ref().map(|m| m.user_id.get()),
        })
    }

    /// When the next tick is needed: the earliest next run, or a retry.
    async fn next_wakeup(&self) -> anyhow::Result<Option<DateTime<Utc>>> {
        let store = self.app.store().await?;
        let mut tx = store.read().await?;
        due_store::next_wakeup(&mut tx)
            .await
            .context("reading the next wake-up")
    }
}

impl<M: Messenger> Scheduler<M> {
    /// Runs ticks until `stop` says so, sleeping until the next due time
    /// (at most [`Config::max_sleep`]). A tick that fails or panics is
    /// logged and the loop goes on; a tick in progress at shutdown
    /// finishes first.
    pub async fn run(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            if *stop.borrow() {
                break;
            }
            let this = self.clone();
            match tokio::spawn(async move { this.run_due(Utc::now()).await }).await {
                Ok(Ok(report)) if !report.is_empty() => {
                    tracing::info!(
                        digests = report.digests.len(),
                        nudges = report.nudges.len(),
                        "scheduler tick"
                    );
                }
                Ok(Ok(_)) => {}
                Ok(Err(err)) => tracing::error!(error = ?err, "scheduler tick failed"),
                Err(panic) => tracing::error!(error = %panic, "scheduler tick panicked"),
            }
            let now = Utc::now();
            let wake = match self.next_wakeup().await {
                Ok(Some(at)) if at > now => (at - now).to_std().unwrap_or(self.config.max_sleep),
                Ok(Some(_)) => std::time::Duration::from_secs(1),
                Ok(None) => self.config.max_sleep,
                Err(err) => {
                    tracing::error!(error = ?err, "scheduler cannot read its schedule");
                    self.config.max_sleep
                }
            };
            let sleep = wake.clamp(std::time::Duration::from_secs(1), self.config.max_sleep);
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!("scheduler stopped");
    }
}
