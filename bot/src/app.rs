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
    /// The store and the migrations applied when it was opened.
    store: Arc<OnceCell<(Store, Vec<SchemaVersion>)>>,
}

impl App {
    /// Builds the app: loads the team's catalog file if one is configured,
    /// else the built-in catalog.
    pub fn new(settings: Settings) -> anyhow::Result<App> {
        let catalog = match &settings.catalog {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    UserError::new(format!("cannot read catalog {}: {e}", path.display()))
                })?;
                Catalog::from_toml(&text)
                    .map_err(|e| UserError::new(format!("{}: {e}", path.display())))
                    .context("loading the catalog")?
            }
            None => Catalog::builtin().clone(),
        };
        Ok(App {
            settings: Arc::new(settings),
            catalog: Arc::new(catalog),
            store: Arc::new(OnceCell::new()),
        })
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
