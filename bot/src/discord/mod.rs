//! The Discord adapter: serenity + poise. Every serenity and poise type of
//! the crate lives under this module; commands are thin functions that
//! parse their options, call the service, and turn a plain
//! [`crate::render::Reply`] into a Discord reply.
//!
//! How it is wired: REST goes through serenity's `Http`, pointed at
//! `SKILLBOT_DISCORD_API_URL` when set (an HTTP proxy or a fake Discord;
//! serenity only honours a proxy with its ratelimiter off, so the proxy
//! owns rate limits then). The gateway URL comes from that server's
//! `GET /api/v10/gateway`. poise's `setup` runs once per process, so the
//! commands are registered and background jobs started there, never on a
//! READY that a reconnect repeats. Buttons and select menus carry what
//! they act on in their ids and are handled in the event handler, so they
//! keep working after a restart and on any replica.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use poise::serenity_prelude as serenity;
use secrecy::{ExposeSecret, SecretString};
use skillbot_index::Index;

use crate::App;
use crate::scheduler::{self, Scheduler};

/// The scheduler as the bot runs it: posting through Discord's HTTP API.
pub type DigestScheduler = Scheduler<poster::DiscordMessenger>;

mod commands;
mod components;
mod errors;
pub mod poster;
mod ratelimit;
mod reply;

pub use ratelimit::RateLimiter;

/// The error type of commands: anyhow, with [`crate::UserError`] for what
/// the user should fix.
pub type Error = anyhow::Error;
/// A command's context.
pub type Context<'a> = poise::Context<'a, Data, Error>;

/// `/ask` questions a user may send per minute.
pub const ASK_PER_MINUTE: usize = 10;

/// What every command can reach.
pub struct Data {
    pub app: App,
    pub index: Arc<Index>,
    pub ask_limiter: RateLimiter,
    pub status: Status,
    /// Posts digests now (`/digest now`); the same one that runs the loop.
    pub scheduler: Arc<DigestScheduler>,
}

/// Shared state the health endpoint reads and shutdown waits on.
#[derive(Clone)]
pub struct Status {
    /// Shards of this process connected now, and how many it runs.
    connected: Arc<std::sync::Mutex<std::collections::HashSet<u32>>>,
    shards: Arc<std::sync::atomic::AtomicU32>,
    commands_registered: Arc<AtomicBool>,
    in_flight: Arc<AtomicUsize>,
    draining: Arc<AtomicBool>,
    /// Tells background jobs (the scheduler) to stop.
    stop: Arc<tokio::sync::watch::Sender<bool>>,
    scheduler: Arc<std::sync::Mutex<Option<tokio::task::JoinHandle<()>>>>,
}

impl Default for Status {
    fn default() -> Status {
        Status {
            connected: Arc::default(),
            shards: Arc::new(std::sync::atomic::AtomicU32::new(1)),
            commands_registered: Arc::default(),
            in_flight: Arc::default(),
            draining: Arc::default(),
            stop: Arc::new(tokio::sync::watch::channel(false).0),
            scheduler: Arc::default(),
        }
    }
}

impl Status {
    /// Whether every gateway shard of this process is connected (READY or
    /// RESUMED seen, and no disconnect since).
    pub fn connected(&self) -> bool {
        let connected = self
            .connected
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .len();
        connected > 0 && connected >= self.shards.load(Ordering::SeqCst) as usize
    }

    pub fn commands_registered(&self) -> bool {
        self.commands_registered.load(Ordering::SeqCst)
    }

    /// Interactions being handled right now.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Whether the bot is shutting down (new interactions are refused).
    pub fn draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    fn set_connected(&self, shard: u32, connected: bool) {
        let mut shards = self.connected.lock().unwrap_or_else(|e| e.into_inner());
        if connected {
            shards.insert(shard);
        } else {
            shards.remove(&shard);
        }
    }

    /// Counts an interaction in flight until the guard drops.
    fn enter(&self) -> InFlight {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        InFlight(self.in_flight.clone())
    }

    /// Waits up to `limit` for the scheduler to finish its tick in progress
    /// after [`Status::drain`]. Returns false if it had to be abandoned.
    pub async fn join_scheduler(&self, limit: Duration) -> bool {
        let handle = self
            .scheduler
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        match handle {
            Some(handle) => tokio::time::timeout(limit, handle).await.is_ok(),
            None => true,
        }
    }

    /// Stops taking interactions, tells the scheduler to stop after its
    /// tick in progress, and waits up to `limit` for the interactions in
    /// flight. Returns how many were still running at the end.
    pub async fn drain(&self, limit: Duration) -> usize {
        self.draining.store(true, Ordering::SeqCst);
        let _ = self.stop.send(true);
        let started = Instant::now();
        while self.in_flight() > 0 && started.elapsed() < limit {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.in_flight()
    }
}

struct InFlight(Arc<AtomicUsize>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// How to reach Discord.
pub struct Options {
    pub token: SecretString,
    /// REST base URL instead of https://discord.com.
    pub api_url: Option<String>,
    /// Register commands in this guild only.
    pub dev_guild: Option<u64>,
    /// The gateway shards this process runs.
    pub shards: crate::settings::ShardPlan,
    /// How the digest scheduler paces itself.
    pub scheduler: scheduler::Config,
}

/// The poise commands, as registered with Discord. Also used by tests to
/// check the names and options of DESIGN.md.
pub fn commands() -> Vec<poise::Command<Data, Error>> {
    commands::all()
}

/// Connects to Discord and serves interactions until `shutdown` resolves;
/// then stops taking interactions, lets those in flight finish (up to
/// 15 s) and disconnects; `serve` then lets the scheduler finish its tick
/// (up to 8 s more).
pub async fn run(
    app: App,
    index: Arc<Index>,
    options: Options,
    status: Status,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut http = serenity::HttpBuilder::new(options.token.expose_secret());
    if let Some(url) = &options.api_url {
        // serenity applies a proxy only when its ratelimiter is off.
        http = http
            .proxy(url.trim_end_matches('/'))
            .ratelimiter_disabled(true);
    }
    let http = http.build();
    let dev_guild = options.dev_guild.map(serenity::GuildId::new);
    let scheduler_config = options.scheduler.clone();
    let data_status = status.clone();
    let framework = poise::Framework::builder()
        .options(poise::FrameworkOptions {
            commands: commands::all(),
            on_error: |error| Box::pin(errors::on_error(error)),
            pre_command: |ctx| Box::pin(errors::pre_command(ctx)),
            post_command: |ctx| Box::pin(errors::post_command(ctx)),
            command_check: Some(|ctx| Box::pin(errors::command_check(ctx))),
            event_handler: |framework, event| Box::pin(components::on_event(framework, event)),
            initialize_owners: false,
            ..Default::default()
        })
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                let commands = &framework.options().commands;
                let registered = match dev_guild {
                    Some(guild) => poise::builtins::register_in_guild(ctx, commands, guild).await,
                    None => poise::builtins::register_globally(ctx, commands).await,
                };
                match registered {
                    Ok(()) => {
                        data_status
                            .commands_registered
                            .store(true, Ordering::SeqCst);
                        tracing::info!(
                            commands = commands.len(),
                            guild = ?dev_guild,
                            elapsed_ms = started.elapsed().as_millis() as u64,
                            "slash commands registered"
                        );
                    }
                    // The bot can still answer commands registered earlier.
                    Err(err) => tracing::error!(error = %err, "registering slash commands failed"),
                }
                // The scheduler starts here, once per process (setup is
                // not run again on the READY of a reconnect).
                let messenger = poster::DiscordMessenger {
                    http: ctx.http.clone(),
                    cache: ctx.cache.clone(),
                };
                let scheduler = Arc::new(Scheduler::new(
                    app.clone(),
                    messenger,
                    Some(index.clone()),
                    scheduler_config,
                ));
                let handle = tokio::spawn(scheduler.clone().run(data_status.stop.subscribe()));
                *data_status
                    .scheduler
                    .lock()
                    .unwrap_or_else(|e| e.into_inner()) = Some(handle);
                Ok(Data {
                    app,
                    index,
                    ask_limiter: RateLimiter::new(ASK_PER_MINUTE, Duration::from_secs(60)),
                    status: data_status,
                    scheduler,
                })
            })
        })
        .build();
    let intents = serenity::GatewayIntents::GUILDS;
    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .event_handler(Connection {
            status: status.clone(),
        })
        .await
        .context("building the Discord client")?;
    let shards = client.shard_manager.clone();
    let drain_status = status.clone();
    tokio::spawn(async move {
        shutdown.await;
        tracing::info!("shutting down: finishing interactions in flight");
        let left = drain_status.drain(Duration::from_secs(15)).await;
        if left > 0 {
            tracing::warn!(left, "interactions still running at shutdown");
        }
        shards.shutdown_all().await;
    });
    let plan = options.shards;
    status
        .shards
        .store(plan.range.end - plan.range.start, Ordering::SeqCst);
    tracing::info!(shards = %plan.describe(), "connecting to the Discord gateway");
    // serenity 0.12 runs the shards start..=end of the range it is given
    // (its end is the last shard, not one past it); ours excludes the end.
    client
        .start_shard_range(plan.range.start..plan.range.end - 1, plan.total)
        .await
        .context("connecting to the Discord gateway")?;
    status
        .connected
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clear();
    Ok(())
}

/// Tracks the gateway connection for `/readyz`.
struct Connection {
    status: Status,
}

#[serenity::async_trait]
impl serenity::EventHandler for Connection {
    async fn ready(&self, ctx: serenity::Context, ready: serenity::Ready) {
        tracing::info!(user = %ready.user.name, guilds = ready.guilds.len(), shard = ctx.shard_id.0, "connected to Discord");
        self.status.set_connected(ctx.shard_id.0, true);
    }

    async fn resume(&self, ctx: serenity::Context, _: serenity::ResumedEvent) {
        self.status.set_connected(ctx.shard_id.0, true);
    }

    async fn shard_stage_update(
        &self,
        _: serenity::Context,
        event: serenity::ShardStageUpdateEvent,
    ) {
        let connected = matches!(event.new, serenity::ConnectionStage::Connected);
        if !connected {
            tracing::info!(shard = event.shard_id.0, stage = ?event.new, "gateway connection changed");
        }
        self.status.set_connected(event.shard_id.0, connected);
    }
}

impl Data {
    /// Counts an interaction in flight; `None` while shutting down.
    fn enter(&self) -> Option<InFlight> {
        (!self.status.draining()).then(|| self.status.enter())
    }
}
