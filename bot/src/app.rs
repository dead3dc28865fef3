//! The application: settings plus the engines, shared by the command line
//! and Discord. Expensive parts (index, database) open on first use.

use std::sync::Arc;

use anyhow::Context;
use secrecy::ExposeSecret;
use skillbot_recommender::Catalog;
use tokio::sync::OnceCell;

use crate::store::{SchemaVersion, Store};
use crate::{Settings, UserError};

/// The SQLite file in the data directory when `DATABASE_URL` is not set.
pub const DEFAULT_DATABASE_FILE: &str = "skillbot.db";

/// Everything a command needs. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub settings: Arc<Settings>,
    catalog: Arc<Catalog>,
    /// Which catalog is in use, for messages ("the built-in catalog").
    catalog_source: Arc<str>,
    /// The store and the migrations applied when it was opened.
    store: Arc<OnceCell<(Store, Vec<SchemaVersion>)>>,
}

impl App {
    /// Builds the app: the built-in catalog, extended (or replaced) by the
    /// team's catalog file when one is configured.
    pub fn new(settings: Settings) -> anyhow::Result<App> {
        let (catalog, source) = match &settings.catalog {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    UserError::new(format!("cannot read catalog {}: {e}", path.display()))
                })?;
                let catalog = Catalog::from_team_file(&text)
                    .map_err(|e| UserError::new(format!("{}: {e}", path.display())))
                    .context("loading the catalog")?;
                let replaces = catalog_replaces_builtin(&text);
                let source = if replaces {
                    format!("catalog {} (replacing the built-in one)", path.display())
                } else {
                    format!("the built-in catalog extended by {}", path.display())
                };
                (catalog, source)
            }
            None => (
                Catalog::builtin().clone(),
                "the built-in catalog".to_string(),
            ),
        };
        Ok(App {
            settings: Arc::new(settings),
            catalog: Arc::new(catalog),
            catalog_source: source.into(),
            store: Arc::new(OnceCell::new()),
        })
    }

    /// Which catalog is in use, in words: "the built-in catalog", "the
    /// built-in catalog extended by FILE" or "catalog FILE (replacing …)".
    pub fn catalog_source(&self) -> &str {
        &self.catalog_source
    }

    /// The skill catalog in use.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The team database, connected and migrated on first use:
    /// `DATABASE_URL` if set, else `<data dir>/skillbot.db` (SQLite, WAL,
    /// created on first use).
    pub async fn store(&self) -> anyhow::Result<Store> {
        self.store
            .get_or_try_init(|| async {
                let store = match &self.settings.database_url {
                    Some(url) => Store::connect(url.expose_secret()).await?,
                    None => {
                        let path = self.settings.data_dir()?.join(DEFAULT_DATABASE_FILE);
                        Store::open_sqlite_file(&path).await?
                    }
                };
                let applied = store.migrate().await?;
                for migration in &applied {
                    tracing::info!(
                        version = migration.version,
                        description = %migration.description,
                        "applied database migration"
                    );
                }
                anyhow::Ok((store, applied))
            })
            .await
            .map(|(store, _)| store.clone())
    }

    /// Closes the database connections, if the store was opened. Call it
    /// before the async runtime that opened them ends.
    pub async fn close(&self) {
        if let Some((store, _)) = self.store.get() {
            store.close().await;
        }
    }

    /// The migrations this process applied when it opened the store.
    pub async fn applied_migrations(&self) -> anyhow::Result<Vec<SchemaVersion>> {
        self.store().await?;
        Ok(self
            .store
            .get()
            .map(|(_, applied)| applied.clone())
            .unwrap_or_default())
    }
}

/// Whether a team catalog file that loaded says `replace_builtin = true`.
fn catalog_replaces_builtin(text: &str) -> bool {
    toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("replace_builtin").and_then(toml::Value::as_bool))
        .unwrap_or(false)
}
