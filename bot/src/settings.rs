//! Typed settings: built-in defaults < config file < environment variables.
//!
//! [`VARIABLES`] is the one list of everything an operator can set: each
//! environment variable, its config-file key, its default and what it
//! means. `skillbot config check` prints it, the README's configuration
//! table and `deploy/skillbot.example.toml` document it, and a test checks
//! that every variable the deploy files set is on it (and that this module
//! reads exactly the variables it lists).

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};

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
    /// How many gateway shards the bot has in all (default 1).
    pub shards: Option<u32>,
    /// The shards this process runs, `START..END` (END excluded; default
    /// all of them).
    pub shard_range: Option<String>,
    /// How many replicas split the shards evenly (with `replica`).
    pub replicas: Option<u32>,
    /// This replica's number, or a StatefulSet pod name ending in `-N`.
    pub replica: Option<String>,
    /// `human` (default) or `json` logs.
    pub log_format: Option<LogFormat>,
    /// Where each setting came from (for `config check`).
    #[serde(skip)]
    pub origins: Origins,
}

/// Where each setting came from, by config-file key; a key not recorded
/// has its default.
#[derive(Debug, Clone, Default)]
pub struct Origins(BTreeMap<&'static str, Origin>);

/// How log lines are written to stderr.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line per event.
    #[default]
    Human,
    /// One JSON object per line (log collectors).
    Json,
}

impl LogFormat {
    fn parse(text: &str) -> Result<LogFormat, UserError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "human" | "text" | "pretty" => Ok(LogFormat::Human),
            "json" => Ok(LogFormat::Json),
            _ => Err(UserError::new(format!(
                "SKILLBOT_LOG_FORMAT must be 'human' or 'json', not '{text}'"
            ))),
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    Default,
    File,
    Env,
    Flag,
}

/// One setting an operator can change.
#[derive(Debug, Clone, Copy)]
pub struct Variable {
    /// The environment variable.
    pub env: &'static str,
    /// The config-file key, when the config file can set it too.
    pub key: Option<&'static str>,
    /// What applies when nothing sets it.
    pub default: &'static str,
    /// What it is for.
    pub meaning: &'static str,
    /// Whether its value is masked when printed.
    pub secret: bool,
    /// A valid value, as TOML (for tests and the example config).
    pub example: &'static str,
}

const fn var(
    env: &'static str,
    key: Option<&'static str>,
    default: &'static str,
    meaning: &'static str,
    example: &'static str,
) -> Variable {
    Variable {
        env,
        key,
        default,
        meaning,
        secret: false,
        example,
    }
}

const fn secret(mut v: Variable) -> Variable {
    v.secret = true;
    v
}

/// Every environment variable skillbot reads, in the order `config check`
/// prints them.
pub const VARIABLES: &[Variable] = &[
    var(
        "SKILLBOT_CONFIG",
        None,
        "none",
        "config file (TOML) with any of the keys below; also `--config FILE`",
        "\"/etc/skillbot/skillbot.toml\"",
    ),
    var(
        "SKILLBOT_DATA_DIR",
        Some("data_dir"),
        "~/.local/share/skillbot",
        "where the SQLite file and the default search index live",
        "\"/var/lib/skillbot\"",
    ),
    secret(var(
        "DATABASE_URL",
        Some("database_url"),
        "sqlite://<data dir>/skillbot.db",
        "`sqlite://PATH` or `postgres://USER:PASSWORD@HOST/DB` (several replicas need PostgreSQL)",
        "\"postgres://skillbot:secret@db/skillbot\"",
    )),
    var(
        "SKILLBOT_CATALOG",
        Some("catalog"),
        "the built-in catalog",
        "a team catalog file extending the built-in one (`replace_builtin = true` replaces it); also `--catalog FILE`",
        "\"/etc/skillbot/catalog.toml\"",
    ),
    var(
        "SKILLBOT_INDEX_DIR",
        Some("index_dir"),
        "<data dir>/index/material if built, else the handbook",
        "the search index `ask` and `/ask` use",
        "\"/var/lib/skillbot/index/material\"",
    ),
    secret(var(
        "DISCORD_TOKEN",
        Some("discord_token"),
        "none (`serve` needs one)",
        "the bot token; prefer SKILLBOT_TOKEN_FILE",
        "\"token-from-the-developer-portal\"",
    )),
    var(
        "SKILLBOT_TOKEN_FILE",
        Some("token_file"),
        "none",
        "a file holding the bot token (systemd credential, Kubernetes secret); also `serve --token-file`",
        "\"/run/secrets/skillbot/discord-token\"",
    ),
    var(
        "SKILLBOT_DISCORD_API_URL",
        Some("discord_api_url"),
        "https://discord.com",
        "send Discord REST (and the gateway lookup) to this base URL: an HTTP proxy or a fake Discord",
        "\"http://127.0.0.1:3000\"",
    ),
    var(
        "SKILLBOT_DEV_GUILD",
        Some("dev_guild"),
        "none (global commands)",
        "register the slash commands in this guild only (instant updates while developing)",
        "\"123456789012345678\"",
    ),
    var(
        "SKILLBOT_HTTP_ADDR",
        Some("http_addr"),
        "127.0.0.1:8080",
        "address of /healthz, /readyz and /metrics; also `serve --http-addr`",
        "\"0.0.0.0:8080\"",
    ),
    var(
        "SKILLBOT_SHARDS",
        Some("shards"),
        "1",
        "Discord gateway shards in all, across every replica",
        "4",
    ),
    var(
        "SKILLBOT_SHARD_RANGE",
        Some("shard_range"),
        "all shards",
        "the shards this process runs, `START..END` with END excluded (`0..2` is shards 0 and 1)",
        "\"0..2\"",
    ),
    var(
        "SKILLBOT_REPLICAS",
        Some("replicas"),
        "none",
        "with SKILLBOT_REPLICA: how many replicas split the shards evenly",
        "2",
    ),
    var(
        "SKILLBOT_REPLICA",
        Some("replica"),
        "none",
        "this replica's number 0..REPLICAS, or a StatefulSet pod name ending in `-N`",
        "\"skillbot-1\"",
    ),
    var(
        "SKILLBOT_LOG_FORMAT",
        Some("log_format"),
        "human",
        "`human` or `json` (one JSON object per line)",
        "\"json\"",
    ),
    var(
        "RUST_LOG",
        None,
        "warn (`serve`: info)",
        "log filter, e.g. `info` or `skillbot=debug,warn`; `-v`/`-vv` raise the default",
        "\"info\"",
    ),
];

/// The variable with this environment name.
pub fn variable(env: &str) -> Option<&'static Variable> {
    VARIABLES.iter().find(|v| v.env == env)
}

fn env_of(key: &str) -> &'static str {
    VARIABLES
        .iter()
        .find(|v| v.key == Some(key))
        .map_or("", |v| v.env)
}

/// The gateway shards one process runs: `range` out of `total`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardPlan {
    pub total: u32,
    /// First shard, and one past the last.
    pub range: Range<u32>,
}

impl ShardPlan {
    /// All shards in this process.
    pub fn whole(total: u32) -> ShardPlan {
        ShardPlan {
            total,
            range: 0..total,
        }
    }

    /// `shards 2..4 of 8`, or `1 shard`.
    pub fn describe(&self) -> String {
        if self.total == 1 {
            "1 shard".to_string()
        } else if self.range == (0..self.total) {
            format!("all {} shards", self.total)
        } else {
            format!(
                "shards {}..{} of {}",
                self.range.start, self.range.end, self.total
            )
        }
    }
}

impl Settings {
    /// Loads settings from an optional config file, then the environment.
    pub fn load(config_file: Option<&Path>) -> anyhow::Result<Settings> {
        let mut settings = match config_file {
            Some(path) => Settings::from_file(path)?,
            None => Settings::default(),
        };
        settings.apply_env(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))?;
        Ok(settings)
    }

    fn from_file(path: &Path) -> anyhow::Result<Settings> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            UserError::new(format!("cannot read config file {}: {e}", path.display()))
        })?;
        let mut settings: Settings = toml::from_str(&text).map_err(|e| {
            UserError::new(format!(
                "config file {} is not valid: {e}\nthe keys it may set are listed in \
                 deploy/skillbot.example.toml (`skillbot config check` shows them)",
                path.display()
            ))
        })?;
        if let Ok(table) = toml::from_str::<toml::Table>(&text) {
            for key in table.keys() {
                if let Some(key) = VARIABLES.iter().find_map(|v| v.key.filter(|k| k == key)) {
                    settings.origins.0.insert(key, Origin::File);
                }
            }
        }
        Ok(settings)
    }

    /// Applies `SKILLBOT_*`, `DATABASE_URL` and `DISCORD_TOKEN` over the
    /// current values. A number that is not one is an error naming the
    /// variable.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), UserError> {
        let mut get = |key: &'static str| {
            let value = var(env_of(key));
            if value.is_some() {
                self.origins.0.insert(key, Origin::Env);
            }
            value
        };
        let data_dir = get("data_dir");
        let database_url = get("database_url");
        let catalog = get("catalog");
        let index_dir = get("index_dir");
        let discord_token = get("discord_token");
        let token_file = get("token_file");
        let discord_api_url = get("discord_api_url");
        let dev_guild = get("dev_guild");
        let http_addr = get("http_addr");
        let shards = get("shards");
        let shard_range = get("shard_range");
        let replicas = get("replicas");
        let replica = get("replica");
        let log_format = get("log_format");

        set(&mut self.data_dir, data_dir.map(Into::into));
        set(&mut self.database_url, database_url.map(Into::into));
        set(&mut self.catalog, catalog.map(Into::into));
        set(&mut self.index_dir, index_dir.map(Into::into));
        set(&mut self.discord_token, discord_token.map(Into::into));
        set(&mut self.token_file, token_file.map(Into::into));
        set(&mut self.discord_api_url, discord_api_url);
        set(&mut self.dev_guild, dev_guild);
        set(&mut self.http_addr, http_addr);
        set(&mut self.shard_range, shard_range);
        set(&mut self.replica, replica);
        set(
            &mut self.shards,
            shards.map(|v| count("SKILLBOT_SHARDS", &v)).transpose()?,
        );
        set(
            &mut self.replicas,
            replicas
                .map(|v| count("SKILLBOT_REPLICAS", &v))
                .transpose()?,
        );
        set(
            &mut self.log_format,
            log_format.map(|v| LogFormat::parse(&v)).transpose()?,
        );
        Ok(())
    }

    /// Records that a command-line flag set `key` (for `config check`).
    pub fn set_by_flag(&mut self, key: &'static str) {
        self.origins.0.insert(key, Origin::Flag);
    }

    /// Where the setting with this config-file key came from.
    pub fn origin(&self, key: &str) -> Origin {
        self.origins.0.get(key).copied().unwrap_or(Origin::Default)
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

    /// The log format (`human` unless set).
    pub fn log_format(&self) -> LogFormat {
        self.log_format.unwrap_or_default()
    }

    /// The gateway shards this process runs: `SKILLBOT_SHARD_RANGE` of
    /// `SKILLBOT_SHARDS`, or this replica's even share
    /// (`SKILLBOT_REPLICA` of `SKILLBOT_REPLICAS`), or all of them.
    pub fn shard_plan(&self) -> Result<ShardPlan, UserError> {
        let total = self.shards.unwrap_or(1);
        let total_from = if self.shards.is_some() {
            format!("SKILLBOT_SHARDS ({total})")
        } else {
            "SKILLBOT_SHARDS (1, the default)".to_string()
        };
        if total == 0 {
            return Err(UserError::new("SKILLBOT_SHARDS must be at least 1"));
        }
        match (&self.shard_range, &self.replica, self.replicas) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) => Err(UserError::new(
                "set either SKILLBOT_SHARD_RANGE or SKILLBOT_REPLICA with SKILLBOT_REPLICAS, \
                 not both",
            )),
            (Some(text), None, None) => {
                let range = parse_range(text)?;
                if range.end > total {
                    return Err(UserError::new(format!(
                        "SKILLBOT_SHARD_RANGE {}..{} goes past {total_from}: shards are \
                         numbered 0..{total}",
                        range.start, range.end
                    )));
                }
                Ok(ShardPlan { total, range })
            }
            (None, Some(_), None) => Err(UserError::new(
                "SKILLBOT_REPLICA is set but SKILLBOT_REPLICAS (how many replicas split the \
                 shards) is not",
            )),
            (None, None, Some(_)) => Err(UserError::new(
                "SKILLBOT_REPLICAS is set but SKILLBOT_REPLICA (which one this is: a number or \
                 a StatefulSet pod name like skillbot-0) is not",
            )),
            (None, Some(replica), Some(replicas)) => {
                let index = replica_index(replica)?;
                if replicas == 0 {
                    return Err(UserError::new("SKILLBOT_REPLICAS must be at least 1"));
                }
                if replicas > total {
                    return Err(UserError::new(format!(
                        "SKILLBOT_REPLICAS ({replicas}) is more than {total_from}: every \
                         replica needs at least one shard"
                    )));
                }
                if index >= replicas {
                    return Err(UserError::new(format!(
                        "replica {index} (SKILLBOT_REPLICA '{replica}') is not below \
                         SKILLBOT_REPLICAS ({replicas}): scale the StatefulSet and \
                         SKILLBOT_REPLICAS together"
                    )));
                }
                let share = |i: u32| (u64::from(i) * u64::from(total) / u64::from(replicas)) as u32;
                Ok(ShardPlan {
                    total,
                    range: share(index)..share(index + 1),
                })
            }
            (None, None, None) => Ok(ShardPlan::whole(total)),
        }
    }

    /// Everything wrong with these settings that can be seen without
    /// connecting anywhere, one message per problem, each naming the
    /// variable to fix.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if let Some(url) = &self.database_url
            && let Err(err) = crate::store::admin::check_url(url.expose_secret())
        {
            problems.push(err.to_string());
        }
        if let Some(path) = &self.token_file {
            match std::fs::read_to_string(path) {
                Ok(text) if text.trim().is_empty() => problems.push(format!(
                    "SKILLBOT_TOKEN_FILE {}: the file is empty",
                    path.display()
                )),
                Ok(_) => {}
                Err(e) => problems.push(format!(
                    "SKILLBOT_TOKEN_FILE: cannot read the token file {}: {e}",
                    path.display()
                )),
            }
        }
        if let Some(url) = &self.discord_api_url
            && !(url.starts_with("http://") || url.starts_with("https://"))
        {
            problems.push(format!(
                "SKILLBOT_DISCORD_API_URL must start with http:// or https://, not '{url}'"
            ));
        }
        if let Some(guild) = &self.dev_guild
            && let Err(e) = crate::service::ids::DiscordId::parse(guild)
        {
            problems.push(format!("SKILLBOT_DEV_GUILD: {e}"));
        }
        if let Some(addr) = &self.http_addr
            && addr.parse::<SocketAddr>().is_err()
        {
            problems.push(format!(
                "SKILLBOT_HTTP_ADDR '{addr}' is not an address like 127.0.0.1:8080 \
                 (0.0.0.0:8080 to listen on every interface)"
            ));
        }
        if let Err(e) = self.shard_plan() {
            problems.push(e.to_string());
        }
        problems
    }

    /// The value of the setting with this config-file key as `config check`
    /// shows it: secrets masked, `None` when not set.
    pub fn display_value(&self, key: &str) -> Option<String> {
        fn path(p: &Option<PathBuf>) -> Option<String> {
            p.as_ref().map(|p| p.display().to_string())
        }
        match key {
            "data_dir" => path(&self.data_dir),
            "database_url" => self
                .database_url
                .as_ref()
                .map(|url| mask_url_password(url.expose_secret())),
            "catalog" => path(&self.catalog),
            "index_dir" => path(&self.index_dir),
            "discord_token" => self.discord_token.as_ref().map(|_| "******** (set)".into()),
            "token_file" => path(&self.token_file),
            "discord_api_url" => self.discord_api_url.clone(),
            "dev_guild" => self.dev_guild.clone(),
            "http_addr" => self.http_addr.clone(),
            "shards" => self.shards.map(|n| n.to_string()),
            "shard_range" => self.shard_range.clone(),
            "replicas" => self.replicas.map(|n| n.to_string()),
            "replica" => self.replica.clone(),
            "log_format" => self.log_format.map(|f| {
                match f {
                    LogFormat::Human => "human",
                    LogFormat::Json => "json",
                }
                .to_string()
            }),
            _ => None,
        }
    }
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

fn count(name: &str, text: &str) -> Result<u32, UserError> {
    text.trim()
        .parse()
        .map_err(|_| UserError::new(format!("{name} must be a whole number, not '{text}'")))
}

/// `START..END` (END excluded).
fn parse_range(text: &str) -> Result<Range<u32>, UserError> {
    let bad = || {
        UserError::new(format!(
            "SKILLBOT_SHARD_RANGE '{text}' is not a range like 0..4 (the first shard, then one \
             past the last)"
        ))
    };
    let (start, end) = text.trim().split_once("..").ok_or_else(bad)?;
    if end.starts_with('=') {
        return Err(UserError::new(format!(
            "SKILLBOT_SHARD_RANGE '{text}': write the end excluded, START..END (0..4 is shards \
             0 to 3)"
        )));
    }
    let start: u32 = start.trim().parse().map_err(|_| bad())?;
    let end: u32 = end.trim().parse().map_err(|_| bad())?;
    if start >= end {
        return Err(UserError::new(format!(
            "SKILLBOT_SHARD_RANGE '{text}' is empty: the end is one past the last shard \
             ({start}..{} runs shard {start} alone)",
            start + 1
        )));
    }
    Ok(start..end)
}

/// `2` or `skillbot-2` (a StatefulSet pod name) → 2.
fn replica_index(text: &str) -> Result<u32, UserError> {
    let text = text.trim();
    let digits = text.rsplit('-').next().unwrap_or(text);
    digits
        .parse()
        .ok()
        .filter(|_| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| {
            UserError::new(format!(
                "SKILLBOT_REPLICA '{text}' must be a number or a StatefulSet pod name ending in \
                 -N (skillbot-0, skillbot-1, …)"
            ))
        })
}

/// `postgres://user:secret@host/db` → `postgres://user:********@host/db`
/// (a `password=` query parameter too).
pub fn mask_url_password(url: &str) -> String {
    let (url, query) = match url.split_once('?') {
        Some((base, query)) => {
            let masked: Vec<String> = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((name, _)) if name.eq_ignore_ascii_case("password") => {
                        format!("{name}=********")
                    }
                    _ => pair.to_string(),
                })
                .collect();
            (base, format!("?{}", masked.join("&")))
        }
        None => (url, String::new()),
    };
    format!("{}{query}", mask_userinfo(url))
}

fn mask_userinfo(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let rest = &url[scheme_end..];
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    match authority.rfind('@') {
        Some(at) => {
            let userinfo = &authority[..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:********{}", &url[..scheme_end], &rest[at..]),
                None => url.to_string(),
            }
        }
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use secrecy::ExposeSecret;

    use super::*;

    fn with_env(vars: &[(&str, &str)]) -> Result<Settings, UserError> {
        let mut s = Settings::default();
        s.apply_env(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })?;
        Ok(s)
    }

    #[test]
    fn environment_overrides_the_file() {
        let mut s: Settings =
            toml::from_str("data_dir = \"/from/file\"\ncatalog = \"c.toml\"").unwrap();
        s.apply_env(|name| (name == "SKILLBOT_DATA_DIR").then(|| "/from/env".to_string()))
            .unwrap();
        assert_eq!(s.data_dir.as_deref(), Some(Path::new("/from/env")));
        assert_eq!(s.catalog.as_deref(), Some(Path::new("c.toml")));
        assert_eq!(s.origin("data_dir"), Origin::Env);
        assert_eq!(s.origin("index_dir"), Origin::Default);
    }

    #[test]
    fn secrets_do_not_print() {
        let s = with_env(&[("DATABASE_URL", "postgres://u:hunter2@h/db")]).unwrap();
        assert!(!format!("{s:?}").contains("hunter2"));
        assert!(!s.display_value("database_url").unwrap().contains("hunter2"));
        assert_eq!(
            s.database_url.unwrap().expose_secret(),
            "postgres://u:hunter2@h/db"
        );
    }

    #[test]
    fn unknown_keys_are_rejected() {
        assert!(toml::from_str::<Settings>("data_dri = \"x\"").is_err());
    }

    /// The list is the truth: `apply_env` asks for exactly the variables
    /// with a config-file key, and every key is a field of [`Settings`]
    /// that `display_value` shows.
    #[test]
    fn the_variable_list_is_what_the_settings_read() {
        let asked = RefCell::new(Vec::new());
        Settings::default()
            .apply_env(|name| {
                asked.borrow_mut().push(name.to_string());
                None
            })
            .unwrap();
        let mut asked = asked.into_inner();
        let mut listed: Vec<String> = VARIABLES
            .iter()
            .filter(|v| v.key.is_some())
            .map(|v| v.env.to_string())
            .collect();
        asked.sort();
        listed.sort();
        assert_eq!(asked, listed);
        for v in VARIABLES {
            let Some(key) = v.key else { continue };
            let s: Settings = toml::from_str(&format!("{key} = {}", v.example))
                .unwrap_or_else(|e| panic!("{key}: {e}"));
            assert!(s.display_value(key).is_some(), "{key} is not shown");
            let unquoted = v.example.trim_matches('"');
            let from_env = with_env(&[(v.env, unquoted)]).unwrap();
            assert_eq!(from_env.origin(key), Origin::Env, "{}", v.env);
            assert!(
                from_env.display_value(key).is_some(),
                "{} does not set {key}",
                v.env
            );
        }
    }

    #[test]
    fn bad_numbers_and_formats_name_the_variable() {
        let err = with_env(&[("SKILLBOT_SHARDS", "four")]).unwrap_err();
        assert!(err.0.contains("SKILLBOT_SHARDS"), "{err}");
        let err = with_env(&[("SKILLBOT_LOG_FORMAT", "xml")]).unwrap_err();
        assert!(err.0.contains("SKILLBOT_LOG_FORMAT"), "{err}");
        let json = with_env(&[("SKILLBOT_LOG_FORMAT", "JSON")]).unwrap();
        assert_eq!(json.log_format(), LogFormat::Json);
        assert_eq!(Settings::default().log_format(), LogFormat::Human);
    }

    #[test]
    fn shard_plans() {
        let plan = |vars: &[(&str, &str)]| with_env(vars).unwrap().shard_plan();
        assert_eq!(plan(&[]).unwrap(), ShardPlan::whole(1));
        assert_eq!(
            plan(&[("SKILLBOT_SHARDS", "8"), ("SKILLBOT_SHARD_RANGE", "2..4")]).unwrap(),
            ShardPlan {
                total: 8,
                range: 2..4
            }
        );
        assert_eq!(
            plan(&[
                ("SKILLBOT_SHARDS", "8"),
                ("SKILLBOT_SHARD_RANGE", " 0 .. 8 ")
            ])
            .unwrap(),
            ShardPlan::whole(8)
        );
        // Replicas split the shards evenly, covering each exactly once.
        for (total, replicas) in [(8, 3), (4, 4), (5, 2), (1, 1), (10, 4)] {
            let mut covered = Vec::new();
            for i in 0..replicas {
                let p = plan(&[
                    ("SKILLBOT_SHARDS", &total.to_string()),
                    ("SKILLBOT_REPLICAS", &replicas.to_string()),
                    ("SKILLBOT_REPLICA", &format!("skillbot-{i}")),
                ])
                .unwrap();
                assert!(!p.range.is_empty(), "{total}/{replicas}: replica {i} idle");
                covered.extend(p.range);
            }
            assert_eq!(covered, (0..total).collect::<Vec<u32>>());
        }
        assert_eq!(
            plan(&[
                ("SKILLBOT_SHARDS", "4"),
                ("SKILLBOT_REPLICAS", "2"),
                ("SKILLBOT_REPLICA", "1"),
            ])
            .unwrap()
            .range,
            2..4
        );
    }

    #[test]
    fn bad_shard_plans_say_what_to_fix() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("SKILLBOT_SHARDS", "0")], "at least 1"),
            (&[("SKILLBOT_SHARD_RANGE", "0..2")], "1, the default"),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "2..9")],
                "goes past SKILLBOT_SHARDS (4)",
            ),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "3..3")],
                "is empty",
            ),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "3..1")],
                "is empty",
            ),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "0..=3")],
                "end excluded",
            ),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "0-3")],
                "not a range like 0..4",
            ),
            (
                &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "a..b")],
                "not a range like 0..4",
            ),
            (&[("SKILLBOT_REPLICA", "skillbot-0")], "SKILLBOT_REPLICAS"),
            (&[("SKILLBOT_REPLICAS", "2")], "SKILLBOT_REPLICA "),
            (
                &[
                    ("SKILLBOT_SHARDS", "4"),
                    ("SKILLBOT_REPLICAS", "2"),
                    ("SKILLBOT_REPLICA", "skillbot-2"),
                ],
                "scale the StatefulSet and SKILLBOT_REPLICAS together",
            ),
            (
                &[
                    ("SKILLBOT_SHARDS", "2"),
                    ("SKILLBOT_REPLICAS", "3"),
                    ("SKILLBOT_REPLICA", "0"),
                ],
                "at least one shard",
            ),
            (
                &[
                    ("SKILLBOT_SHARDS", "2"),
                    ("SKILLBOT_REPLICAS", "2"),
                    ("SKILLBOT_REPLICA", "skillbot"),
                ],
                "ending in -N",
            ),
            (
                &[
                    ("SKILLBOT_SHARDS", "2"),
                    ("SKILLBOT_SHARD_RANGE", "0..1"),
                    ("SKILLBOT_REPLICAS", "2"),
                    ("SKILLBOT_REPLICA", "0"),
                ],
                "not both",
            ),
        ];
        for (vars, expected) in cases {
            let err = with_env(vars).unwrap().shard_plan().unwrap_err();
            assert!(err.0.contains(expected), "{vars:?}: {err}");
        }
    }

    #[test]
    fn problems_name_each_bad_setting() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty-token");
        std::fs::write(&empty, "\n").unwrap();
        let s = with_env(&[
            ("DATABASE_URL", "mysql://u:p@h/db"),
            ("SKILLBOT_HTTP_ADDR", "localhost"),
            ("SKILLBOT_DEV_GUILD", "my-guild"),
            ("SKILLBOT_DISCORD_API_URL", "discord.com"),
            ("SKILLBOT_TOKEN_FILE", empty.to_str().unwrap()),
            ("SKILLBOT_SHARD_RANGE", "0..3"),
        ])
        .unwrap();
        let problems = s.problems().join("\n");
        for name in [
            "DATABASE_URL",
            "SKILLBOT_HTTP_ADDR",
            "SKILLBOT_DEV_GUILD",
            "SKILLBOT_DISCORD_API_URL",
            "SKILLBOT_TOKEN_FILE",
            "SKILLBOT_SHARD_RANGE",
        ] {
            assert!(problems.contains(name), "{name} missing from:\n{problems}");
        }
        assert_eq!(s.problems().len(), 6, "{problems}");
        assert!(Settings::default().problems().is_empty());
    }

    #[test]
    fn passwords_are_masked_in_urls() {
        for (url, shown) in [
            (
                "postgres://u:hunter2@h:5432/db",
                "postgres://u:********@h:5432/db",
            ),
            ("postgres://u@h/db", "postgres://u@h/db"),
            (
                "postgres://h/db?sslmode=require&password=x",
                "postgres://h/db?sslmode=require&password=********",
            ),
            (
                "sqlite:///var/lib/skillbot.db",
                "sqlite:///var/lib/skillbot.db",
            ),
            ("postgres://u:p@ss@h/db", "postgres://u:********@h/db"),
        ] {
            assert_eq!(mask_url_password(url), shown);
        }
    }
}
