//! `skillbot serve`: the Discord bot, the health endpoint and the scheduler.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::App;
use crate::serve::{self, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Read the bot token from this file instead of DISCORD_TOKEN (systemd
    /// credentials, Kubernetes secrets).
    #[arg(long, value_name = "FILE", env = "SKILLBOT_TOKEN_FILE")]
    token_file: Option<PathBuf>,
    /// Health and metrics endpoint address [env: SKILLBOT_HTTP_ADDR;
    /// default 127.0.0.1:8080].
    #[arg(long, value_name = "ADDR")]
    http_addr: Option<String>,
    /// Register the slash commands in this guild only (instant updates
    /// while developing) [env: SKILLBOT_DEV_GUILD].
    #[arg(long, value_name = "ID")]
    dev_guild: Option<String>,
}

pub fn serve(app: &App, args: ServeArgs) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(serve::serve(
        app.clone(),
        ServeOptions {
            token_file: args.token_file,
            http_addr: args.http_addr,
            dev_guild: args.dev_guild,
        },
    ))
}
