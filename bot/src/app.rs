//! The application: settings plus the engines, shared by the command line
//! and Discord. Expensive parts (index, database) open on first use.

use std::sync::Arc;

use anyhow::Context;
use skillbot_recommender::Catalog;

use crate::{Settings, UserError};

/// Everything a command needs. Cheap to clone.
#[derive(Clone)]
pub struct App {
    pub settings: Arc<Settings>,
    catalog: Arc<Catalog>,
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
        })
    }

    /// The skill catalog in use.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
