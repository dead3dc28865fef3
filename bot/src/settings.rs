//! Typed settings: built-in defaults < config file < environment variables.
//! Every variable is documented in `deploy/skillbot.example.toml`.

use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::SecretString;
use serde::Deserialize;

use crate::UserError;

/// Settings for every command. Secrets never print (`secrecy`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Where the SQLite file and the default index live.
    pub data_dir: Option<PathBuf>,
    /// `sqlite://PATH` or `postgres://…`; default a SQLite file in the data dir.
    pub database_url: Option<SecretString>,
    /// A team's own catalog file (TOML, same shape as the built-in one).
    pub catalog: Option<PathBuf>,
    /// Search this index instead of the built-in handbook index.
    pub index_dir: Option<PathBuf>,
    /// The Discord bot token (`serve` only). Prefer `token_file` or the
    /// `DISCORD_TOKEN` variable to writing it in a file with other settings.
    pub discord_token: Option<SecretString>,
    /// A file holding the bot token (systemd credentials, Kubernetes
    /// secrets); read at start-up, surrounding whitespace ignored.
    pub token_file: Option<PathBuf>,
    /// Send Discord REST traffic to this base URL instead of
    /// https://discord.com (an HTTP proxy, or a fake Discord in tests).
    pub discord_api_url: Option<String>,
    /// Register slash commands in this guild only (instant updates while
    /// developing) instead of globally.
    pub dev_guild: Option<String>,
    /// Where the health and metrics endpoint listens (default 127.0.0.1:8080).
    pub http_addr: Option<String>,
}

impl Settings {
    /// Loads settings from an optional config file, then the environment.
    pub fn load(config_file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut settings = match config_file {
            Some(path) => Settings::from_file(path)?,
            None => Settings::default(),
        };
        settings.apply_env(|name| std::env::var(name).ok().filter(|v| !v.is_empty()));
        Ok(settings)
    }

    fn from_file(path: &Path) -> anyhow::Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UserError::new(format!("cannot read config file {}: {e}", path.display()))
        })?;
        toml::from_str(&text).map_err(|e| {
            UserError::new(format!("config file {} is not valid: {e}", path.display())).into()
        })
    }

    /// Applies `SKILLBOT_*` and `DATABASE_URL` variables over the current values.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) {
        if let Some(v) = var("SKILLBOT_DATA_DIR") {
            self.data_dir = Some(v.into());
        }
        if let Some(v) = var("DATABASE_URL") {
            self.database_url = Some(v.into());
        }
        if let Some(v) = var("SKILLBOT_CATALOG") {
            self.catalog = Some(v.into());
        }
        if let Some(v) = var("SKILLBOT_INDEX_DIR") {
            self.index_dir = Some(v.into());
        }
        if let Some(v) = var("DISCORD_TOKEN") {
            self.discord_token = Some(v.into());
        }
        if let Some(v) = var("SKILLBOT_TOKEN_FILE") {
            self.token_file = Some(v.into());
        }
        if let Some(v) = var("SKILLBOT_DISCORD_API_URL") {
            self.discord_api_url = Some(v);
        }
        if let Some(v) = var("SKILLBOT_DEV_GUILD") {
            self.dev_guild = Some(v);
        }
        if let Some(v) = var("SKILLBOT_HTTP_ADDR") {
            self.http_addr = Some(v);
        }
    }

    /// The data directory, defaulting to the platform's data dir
    /// (`~/.local/share/skillbot` on Linux).
    pub fn data_dir(&self) -> anyhow::Result<PathBuf> {
        if let Some(dir) = &self.data_dir {
            return Ok(dir.clone());
        }
        directories::ProjectDirs::from("", "", "skillbot")
            .map(|d| d.data_dir().to_path_buf())
            .context("no home directory to put data in: set SKILLBOT_DATA_DIR")
    }
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret;

    use super::*;

    #[test]
    fn environment_overrides_the_file() {
        let mut s: Settings =
            toml::from_str("data_dir = \"/from/file\"\ncatalog = \"c.toml\"").unwrap();
        s.apply_env(|name| (name == "SKILLBOT_DATA_DIR").then(|| "/from/env".to_string()));
        assert_eq!(s.data_dir.as_deref(), Some(Path::new("/from/env")));
        assert_eq!(s.catalog.as_deref(), Some(Path::new("c.toml")));
    }

    #[test]
    fn secrets_do_not_print() {
        let mut s = Settings::default();
        s.apply_env(|name| (name == "DATABASE_URL").then(|| "postgres://u:hunter2@h/db".into()));
        assert!(!format!("{s:?}").contains("hunter2"));
        assert_eq!(
            s.database_url.unwrap().expose_secret(),
            "postgres://u:hunter2@h/db"
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Settings>("data_dri = \"x\"").is_err());
    }
}
