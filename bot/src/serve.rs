//! `skillbot serve`: the Discord bot, the health and metrics endpoint, and
//! (with its issue) the digest scheduler, in one process.
//!
//! Start-up does the slow and fallible parts before connecting to Discord
//! — the token, the search index, the database and its migrations, the
//! listening address — so a misconfiguration exits with a clear message
//! instead of a bot that is online but broken.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

use crate::discord::{self, Status};
use crate::service::ids::DiscordId;
use crate::{App, UserError, health, service};

/// Default address of the health endpoint.
pub const DEFAULT_HTTP_ADDR: &str = "127.0.0.1:8080";

/// How long shutdown may take before the process gives up waiting and
/// exits anyway: within Kubernetes' and Docker's default grace periods
/// (30 s and 10 s before SIGKILL respectively; set `stop_grace_period`).
pub const SHUTDOWN_LIMIT: Duration = Duration::from_secs(25);

/// What `serve` was given on the command line (over the settings).
#[derive(Debug, Default, Clone)]
pub struct ServeOptions {
    pub token_file: Option<PathBuf>,
    pub http_addr: Option<String>,
    pub dev_guild: Option<String>,
}

/// Reads the bot token: `--token-file` (or `token_file`), else
/// `DISCORD_TOKEN` (or `discord_token`).
pub fn token(app: &App, token_file: Option<&Path>) -> anyhow::Result<SecretString> {
    let file = token_file.or(app.settings.token_file.as_deref());
    if let Some(path) = file {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UserError::new(format!(
                "cannot read the token file {}: {e}",
                path.display()
            ))
        })?;
        let token = text.trim();
        if token.is_empty() {
            crate::bail_user!("the token file {} is empty", path.display());
        }
        return Ok(token.to_string().into());
    }
    match &app.settings.discord_token {
        Some(token) if !token.expose_secret().trim().is_empty() => {
            Ok(token.expose_secret().trim().to_string().into())
        }
        _ => Err(UserError::new(
            "no Discord bot token: set DISCORD_TOKEN or pass --token-file FILE \
             (Discord Developer Portal → your application → Bot → Reset Token)",
        )
        .into()),
    }
}

/// Runs the bot until SIGTERM or SIGINT; then stops taking interactions,
/// finishes those in flight, disconnects and closes the database.
/// If stopping takes longer than [`SHUTDOWN_LIMIT`] (a stuck database
/// connection, a Discord call that never returns), it gives up with an
/// error rather than be killed mid-write.
pub async fn serve(app: App, options: ServeOptions) -> anyhow::Result<()> {
    let (signalled, stopping) = tokio::sync::oneshot::channel::<()>();
    let shutdown = async move {
        shutdown_signal().await;
        let _ = signalled.send(());
    };
    let run = serve_until(app, options, shutdown, None);
    tokio::pin!(run);
    tokio::select! {
        result = &mut run => result,
        () = async {
            if stopping.await.is_err() {
                std::future::pending::<()>().await;
            }
            tokio::time::sleep(SHUTDOWN_LIMIT).await;
        } => {
            tracing::error!(limit_s = SHUTDOWN_LIMIT.as_secs(), "shutdown took too long, exiting");
            anyhow::bail!("did not stop within {} s of the signal", SHUTDOWN_LIMIT.as_secs())
        }
    }
}

/// [`serve`] until `shutdown` resolves. `listening` learns the health
/// endpoint's address (useful with port 0).
pub async fn serve_until(
    app: App,
    options: ServeOptions,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    listening: Option<tokio::sync::oneshot::Sender<std::net::SocketAddr>>,
) -> anyhow::Result<()> {
    let token = token(&app, options.token_file.as_deref())?;
    let dev_guild = options
        .dev_guild
        .as_deref()
        .or(app.settings.dev_guild.as_deref())
        .map(|g| {
            DiscordId::parse(g)
                .map(DiscordId::get)
                .map_err(|e| UserError::new(format!("SKILLBOT_DEV_GUILD: {e}")))
        })
        .transpose()?;
    let shards = app.settings.shard_plan()?;
    let api_url = app.settings.discord_api_url.clone();
    if let Some(url) = &api_url
        && !(url.starts_with("http://") || url.starts_with("https://"))
    {
        crate::bail_user!(
            "SKILLBOT_DISCORD_API_URL must start with http:// or https://, not '{url}'"
        );
    }
    let addr = options
        .http_addr
        .clone()
        .or_else(|| app.settings.http_addr.clone())
        .unwrap_or_else(|| DEFAULT_HTTP_ADDR.to_string());
    let listener = health::bind(&addr).await?;
    let index_app = app.clone();
    let index = tokio::task::spawn_blocking(move || service::ask::open_index(&index_app, None))
        .await
        .context("opening the search index")??;
    app.store().await?;
    let local = listener
        .local_addr()
        .context("reading the health endpoint's address")?;
    tracing::info!(addr = %local, "health endpoint listening");
    if let Some(listening) = listening {
        let _ = listening.send(local);
    }

    let status = Status::default();
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let health = tokio::spawn(health::serve(
        listener,
        app.clone(),
        status.clone(),
        stopped(stop_rx.clone()),
    ));
    let options = discord::Options {
        token,
        api_url,
        dev_guild,
        shards,
        scheduler: crate::scheduler::Config::default(),
    };
    let result = discord::run(
        app.clone(),
        Arc::new(index),
        options,
        status.clone(),
        stopped(stop_rx),
    )
    .await;
    // Let a digest being posted finish before the database closes.
    if !status
        .join_scheduler(std::time::Duration::from_secs(8))
        .await
    {
        tracing::warn!("the scheduler did not finish its tick in time");
    }
    health.abort();
    app.close().await;
    tracing::info!("stopped");
    result
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM (systemd, Kubernetes, Docker).
async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received"),
        () = terminate => tracing::info!("SIGTERM received"),
    }
}
