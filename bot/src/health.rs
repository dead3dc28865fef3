//! The health and metrics endpoint of `skillbot serve`:
//! `/healthz` (the process is up), `/readyz` (the gateway is connected and
//! the database answers) and `/metrics` (Prometheus text).
//!
//! Metrics go through the `metrics` facade; the Prometheus recorder is
//! installed once per process (a second `serve` in the same process, as in
//! tests, shares it).

use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::App;
use crate::discord::Status;

/// Commands handled, by `command` and `outcome` (ok, user_error, refused,
/// error, discord_error).
pub const COMMANDS: &str = "skillbot_commands_total";
/// Seconds to answer an `/ask` (search and rendering, not Discord).
pub const ASK_LATENCY: &str = "skillbot_ask_latency_seconds";
/// Discord API errors, by JSON error `code` (and HTTP `status`).
pub const DISCORD_ERRORS: &str = "skillbot_discord_errors_total";
/// Digests by `outcome` (posted, failed, skipped).
pub const DIGESTS: &str = "skillbot_digests_total";
/// DM nudges by `outcome` (sent, failed, unreachable).
pub const NUDGES: &str = "skillbot_nudges_total";

/// The process-wide Prometheus recorder.
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(ASK_LATENCY.to_string()),
                    &[
                        0.000_5, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
                    ],
                )
                .expect("buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (a library user's):
            // then our handle simply stays empty.
            let _ = metrics::set_global_recorder(recorder);
            metrics::describe_counter!(
                COMMANDS,
                "Slash commands, buttons and menus handled, by outcome"
            );
            metrics::describe_histogram!(
                ASK_LATENCY,
                metrics::Unit::Seconds,
                "Time to answer /ask"
            );
            metrics::describe_counter!(DISCORD_ERRORS, "Discord API errors by code");
            metrics::describe_counter!(DIGESTS, "Weekly digests by outcome");
            metrics::describe_counter!(NUDGES, "DM nudges by outcome");
            handle
        })
        .clone()
}

#[derive(Clone)]
struct Health {
    app: App,
    status: Status,
    metrics: PrometheusHandle,
}

/// The endpoint's routes.
pub fn router(app: App, status: Status) -> Router {
    let state = Health {
        app,
        status,
        metrics: metrics_handle(),
    };
    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
        .with_state(state)
}

async fn readyz(State(health): State<Health>) -> (StatusCode, String) {
    if health.status.draining() {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down\n".into());
    }
    if !health.status.connected() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "not connected to the Discord gateway\n".into(),
        );
    }
    let database = async { health.app.store().await?.ping().await };
    match tokio::time::timeout(Duration::from_secs(2), database).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n".into()),
        Ok(Err(err)) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unreachable: {err}\n"),
        ),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "database did not answer within 2 s\n".into(),
        ),
    }
}

async fn metrics(State(health): State<Health>) -> String {
    health.metrics.render()
}

/// Binds the endpoint. Separate from [`serve`] so a bad address is
/// reported before connecting to Discord.
pub async fn bind(addr: &str) -> anyhow::Result<tokio::net::TcpListener> {
    let addr: SocketAddr = addr.parse().map_err(|_| {
        crate::UserError::new(format!(
            "SKILLBOT_HTTP_ADDR '{addr}' is not an address like 127.0.0.1:8080"
        ))
    })?;
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| crate::UserError::new(format!("cannot listen on {addr}: {e}")).into())
}

/// Serves the endpoint until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: App,
    status: Status,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    axum::serve(listener, router(app, status))
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving the health endpoint")
}
