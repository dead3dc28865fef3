//! Database administration: bringing the schema up to date.

use serde::Serialize;

use crate::App;
use crate::store::{Backend, SchemaVersion};
/// `migrate`.
#[derive(Debug, Serialize)]
pub struct MigrateView {
    pub backend: Backend,
    /// The SQLite file or PostgreSQL host:port/database.
    pub location: String,
    /// Migrations this run applied.
    pub applied: Vec<SchemaVersion>,
    /// Every migration the database has.
    pub schema: Vec<SchemaVersion>,
}

/// Connects to the database and brings its schema up to date.
pub async fn migrate(app: &App) -> anyhow::Result<MigrateView> {
    let store = app.store().await?;
    Ok(MigrateView {
        backend: store.backend(),
        location: store.location().to_string(),
        applied: app.applied_migrations().await?,
        schema: store.schema_versions().await?,
    })
}
