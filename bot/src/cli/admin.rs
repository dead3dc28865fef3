//! Operating the bot: `config check` (the first thing an operator runs),
//! `backup` (an online copy of a SQLite database) and `healthcheck` (the
//! probe a container runtime runs, so the image needs no curl).

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::{Args, Subcommand};
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::app::DEFAULT_DATABASE_FILE;
use crate::settings::{Origin, VARIABLES};
use crate::store::{Backend, admin as store_admin};
use crate::{App, Settings, UserError, service};

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    command: ConfigCommand,
}

#[derive(Debug, Subcommand)]
enum ConfigCommand {
    /// Print the effective configuration (secrets masked) and where each
    /// value came from; exit 2 when something is wrong with it.
    Check {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Write the copy to this file (SQLite). For PostgreSQL use pg_dump.
    #[arg(long, value_name = "FILE")]
    to: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// The health endpoint's address [default: SKILLBOT_HTTP_ADDR, or
    /// 127.0.0.1:8080; 0.0.0.0 is probed on 127.0.0.1].
    #[arg(long, value_name = "ADDR")]
    addr: Option<String>,
    /// Which endpoint: /healthz (the process is up) or /readyz (connected
    /// to Discord and the database).
    #[arg(long, default_value = "/healthz")]
    path: String,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 3, value_name = "SECONDS")]
    timeout: u64,
}

/// One row of `config check`.
#[derive(Debug, Serialize)]
struct SettingView {
    /// The config-file key (`None`: environment only).
    key: Option<&'static str>,
    env: &'static str,
    /// What is in effect, secrets masked.
    value: String,
    origin: Origin,
}

#[derive(Debug, Serialize)]
struct ConfigView {
    config_file: Option<PathBuf>,
    settings: Vec<SettingView>,
    /// `2..4 of 8`, or `1 shard`.
    shards: Option<String>,
    database: Option<String>,
    catalog: Option<String>,
    token: String,
    warnings: Vec<String>,
    problems: Vec<String>,
    valid: bool,
}

/// `skillbot config check`: runs before the app is built, so a catalog
/// that does not load is reported with everything else.
pub fn config(
    settings: &Settings,
    config_file: Option<&Path>,
    args: ConfigArgs,
) -> anyhow::Result<()> {
    let ConfigCommand::Check { json } = args.command;
    let view = check(settings, config_file);
    if json {
        super::print_json(&view)?;
    } else {
        print_config(&view);
    }
    if view.valid {
        Ok(())
    } else {
        Err(UserError::new(format!(
            "the configuration has {}: fix {}, then run `skillbot config check` again",
            super::plural(view.problems.len(), "problem", "problems"),
            if view.problems.len() == 1 {
                "it"
            } else {
                "them"
            }
        ))
        .into())
    }
}

fn check(settings: &Settings, config_file: Option<&Path>) -> ConfigView {
    let mut problems = settings.problems();
    let mut warnings = Vec::new();
    let data_dir = settings.data_dir();
    let rows = VARIABLES
        .iter()
        .map(|v| {
            let (value, origin) = match v.key {
                Some(key) => (
                    settings
                        .display_value(key)
                        .unwrap_or_else(|| effective_default(key, settings)),
                    settings.origin(key),
                ),
                None if v.env == "SKILLBOT_CONFIG" => (
                    config_file.map_or_else(|| "none".to_string(), |p| p.display().to_string()),
                    if std::env::var_os("SKILLBOT_CONFIG").is_some() {
                        Origin::Env
                    } else if config_file.is_some() {
                        Origin::Flag
                    } else {
                        Origin::Default
                    },
                ),
                None => match std::env::var(v.env).ok().filter(|s| !s.is_empty()) {
                    Some(value) => (value, Origin::Env),
                    None => (v.default.to_string(), Origin::Default),
                },
            };
            SettingView {
                key: v.key,
                env: v.env,
                value,
                origin,
            }
        })
        .collect();

    let shards = settings.shard_plan().ok().map(|p| p.describe());
    let database = match &settings.database_url {
        Some(url) => store_admin::check_url(url.expose_secret())
            .ok()
            .map(|db| describe_database(db.backend, &db.location)),
        None => data_dir.as_ref().ok().map(|dir| {
            describe_database(
                Backend::Sqlite,
                &dir.join(DEFAULT_DATABASE_FILE).display().to_string(),
            )
        }),
    };
    if let Err(err) = &data_dir {
        problems.push(format!("{err:#}"));
    }
    let sqlite = match &settings.database_url {
        Some(url) => store_admin::check_url(url.expose_secret())
            .is_ok_and(|db| db.backend == Backend::Sqlite),
        None => true,
    };
    if sqlite && (settings.replicas.is_some_and(|n| n > 1) || settings.shard_range.is_some()) {
        warnings.push(
            "several replicas configured on SQLite: replicas must share one PostgreSQL \
             database (DATABASE_URL=postgres://…)"
                .to_string(),
        );
    }
    let catalog = match App::new(settings.clone()) {
        Ok(app) => Some(format!(
            "{} ({}, {})",
            app.catalog_source(),
            super::plural(app.catalog().skills().len(), "skill", "skills"),
            super::plural(app.catalog().roles().len(), "role", "roles")
        )),
        Err(err) => {
            problems.push(
                crate::error::user_message(&err).unwrap_or_else(|| format!("catalog: {err:#}")),
            );
            None
        }
    };
    if let Some(dir) = &settings.index_dir
        && !dir.exists()
    {
        warnings.push(format!(
            "SKILLBOT_INDEX_DIR {} does not exist yet: `skillbot index build --from PATH` \
             builds it",
            dir.display()
        ));
    }
    let token = match (&settings.token_file, &settings.discord_token) {
        (Some(file), token) => {
            if token.is_some() {
                warnings.push(
                    "both DISCORD_TOKEN and a token file are set: the token file is used"
                        .to_string(),
                );
            }
            format!("from the file {}", file.display())
        }
        (None, Some(token)) if !token.expose_secret().trim().is_empty() => {
            "from DISCORD_TOKEN (masked)".to_string()
        }
        _ => {
            warnings.push(
                "no Discord token: `skillbot serve` needs DISCORD_TOKEN or --token-file FILE \
                 (SKILLBOT_TOKEN_FILE); the other commands do not"
                    .to_string(),
            );
            "not set".to_string()
        }
    };
    ConfigView {
        config_file: config_file.map(Path::to_path_buf),
        settings: rows,
        shards,
        database,
        catalog,
        token,
        valid: problems.is_empty(),
        warnings,
        problems,
    }
}

fn describe_database(backend: Backend, location: &str) -> String {
    match backend {
        Backend::Sqlite => format!("SQLite file {location}"),
        Backend::Postgres => format!("PostgreSQL at {location} (not contacted)"),
    }
}

/// What applies to a setting nothing set.
fn effective_default(key: &str, settings: &Settings) -> String {
    let data_dir = settings.data_dir().ok();
    match key {
        "data_dir" => {
            data_dir.map_or_else(|| "(no home directory)".into(), |d| d.display().to_string())
        }
        "database_url" => data_dir.map_or_else(
            || "(none)".into(),
            |d| format!("sqlite://{}", d.join(DEFAULT_DATABASE_FILE).display()),
        ),
        "http_addr" => crate::serve::DEFAULT_HTTP_ADDR.to_string(),
        "log_format" => "human".to_string(),
        _ => VARIABLES
            .iter()
            .find(|v| v.key == Some(key))
            .map_or_else(String::new, |v| v.default.to_string()),
    }
}

fn print_config(view: &ConfigView) {
    println!(
        "skillbot configuration (defaults < config file < environment; config file: {})",
        view.config_file
            .as_ref()
            .map_or_else(|| "none".to_string(), |p| p.display().to_string())
    );
    println!();
    let width = view.settings.iter().map(|s| s.env.len()).max().unwrap_or(0);
    for row in &view.settings {
        let origin = match row.origin {
            Origin::Default => "default",
            Origin::File => "file",
            Origin::Env => "env",
            Origin::Flag => "flag",
        };
        println!("  {:<width$}  {:<7}  {}", row.env, origin, row.value);
    }
    println!();
    if let Some(database) = &view.database {
        println!("  database: {database}");
    }
    if let Some(shards) = &view.shards {
        println!("  gateway:  {shards} in this process");
    }
    if let Some(catalog) = &view.catalog {
        println!("  catalog:  {catalog}");
    }
    println!("  token:    {}", view.token);
    for warning in &view.warnings {
        println!("\nwarning: {warning}");
    }
    if view.problems.is_empty() {
        println!("\nThe configuration is valid.");
    } else {
        println!();
        for problem in &view.problems {
            println!("problem: {problem}");
        }
    }
}

/// `skillbot backup --to FILE`.
pub fn backup(app: &App, args: BackupArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let view = runtime.block_on(service::admin::backup(app, &args.to, args.force))?;
    if args.json {
        return super::print_json(&view);
    }
    println!(
        "Backed up {} to {} ({} bytes, schema version {}, integrity {}) in {} ms.",
        view.from,
        view.to.display(),
        view.bytes,
        view.schema_version
            .map_or_else(|| "none".to_string(), |v| v.to_string()),
        view.integrity,
        view.elapsed_ms
    );
    Ok(())
}

/// `skillbot healthcheck`: exits 0 when the endpoint answers 200, else 1
/// (never 2, which Docker reserves).
pub fn healthcheck(settings: &Settings, args: HealthcheckArgs) -> anyhow::Result<()> {
    let addr = args
        .addr
        .or_else(|| settings.http_addr.clone())
        .unwrap_or_else(|| crate::serve::DEFAULT_HTTP_ADDR.to_string());
    let mut socket: std::net::SocketAddr = addr
        .parse()
        .map_err(|_| anyhow::anyhow!("'{addr}' is not an address like 127.0.0.1:8080"))?;
    if socket.ip().is_unspecified() {
        socket.set_ip(match socket {
            std::net::SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            std::net::SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let path = if args.path.starts_with('/') {
        args.path
    } else {
        format!("/{}", args.path)
    };
    let url = format!("http://{socket}{path}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let status = runtime.block_on(async {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(args.timeout.max(1)))
            .build()
            .context("building the HTTP client")?;
        let response = client
            .get(&url)
            .send()
            .await
            .with_context(|| format!("{url} did not answer"))?;
        let status = response.status();
        let body = response.text().await.unwrap_or_default();
        anyhow::Ok((status, body))
    })?;
    match status {
        (status, _) if status.is_success() => {
            println!("{url}: {status}");
            Ok(())
        }
        (status, body) => Err(anyhow::anyhow!("{url}: {status}: {}", body.trim())),
    }
}
