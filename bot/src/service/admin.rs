//! Database administration: bringing the schema up to date, and online
//! backups of a SQLite database.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use secrecy::ExposeSecret;
use serde::Serialize;

use crate::app::DEFAULT_DATABASE_FILE;
use crate::store::{Backend, SchemaVersion, Store, admin};
use crate::{App, UserError};
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

/// `backup --to FILE`.
#[derive(Debug, Serialize)]
pub struct BackupView {
    /// The database copied.
    pub from: String,
    /// The copy.
    pub to: PathBuf,
    pub bytes: u64,
    /// `PRAGMA integrity_check` on the copy: `ok`.
    pub integrity: String,
    /// The newest migration the copy has.
    pub schema_version: Option<i64>,
    pub elapsed_ms: u64,
}

/// Copies the SQLite database to `to` while the bot keeps running: a
/// consistent snapshot (`VACUUM INTO`), written beside `to` under a
/// temporary name, synced, checked with `PRAGMA integrity_check`, then
/// renamed into place, so `to` is either a whole, checked copy or absent.
/// Does not migrate the database. PostgreSQL: a [`UserError`] that says
/// to use `pg_dump`.
pub async fn backup(app: &App, to: &Path, replace: bool) -> anyhow::Result<BackupView> {
    let started = Instant::now();
    let url = app
        .settings
        .database_url
        .as_ref()
        .map(|u| u.expose_secret());
    let file = match url {
        Some(url) => {
            let parsed = admin::check_url(url)?;
            if parsed.backend == Backend::Postgres {
                crate::bail_user!(
                    "backup copies SQLite databases; DATABASE_URL is PostgreSQL at {}: {}",
                    parsed.location,
                    admin::PG_DUMP_HINT
                );
            }
            parsed.sqlite_file.ok_or_else(|| {
                UserError::new("DATABASE_URL is an in-memory database: there is nothing to back up")
            })?
        }
        None => app.settings.data_dir()?.join(DEFAULT_DATABASE_FILE),
    };
    if !file.is_file() {
        crate::bail_user!(
            "there is no database at {} yet: nothing to back up (check DATABASE_URL or \
             SKILLBOT_DATA_DIR)",
            file.display()
        );
    }
    if to.is_dir() {
        crate::bail_user!("{} is a folder: give the backup's file name", to.display());
    }
    let name = to
        .file_name()
        .ok_or_else(|| UserError::new(format!("{} is not a file name", to.display())))?;
    let parent = match to.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        crate::bail_user!(
            "the folder {} does not exist: create it first",
            parent.display()
        );
    }
    if to.exists() {
        if std::fs::canonicalize(to).ok() == std::fs::canonicalize(&file).ok() {
            crate::bail_user!("{} is the database itself", to.display());
        }
        if !replace {
            crate::bail_user!(
                "{} already exists: choose another file, or pass --force to replace it",
                to.display()
            );
        }
    }
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".partial-{}", std::process::id()));
    let partial = parent.join(partial_name);
    let _ = std::fs::remove_file(&partial);

    let store = match url {
        Some(url) => Store::connect(url).await?,
        None => Store::open_sqlite_file(&file).await?,
    };
    let copied = copy_and_check(&store, &partial).await;
    store.close().await;
    let check = match copied {
        Ok(check) => check,
        Err(err) => {
            let _ = std::fs::remove_file(&partial);
            return Err(err);
        }
    };
    std::fs::rename(&partial, to)
        .with_context(|| format!("moving the backup into place at {}", to.display()))?;
    if let Ok(dir) = std::fs::File::open(&parent) {
        let _ = dir.sync_all();
    }
    let bytes = std::fs::metadata(to)
        .with_context(|| format!("reading {}", to.display()))?
        .len();
    Ok(BackupView {
        from: file.display().to_string(),
        to: to.to_path_buf(),
        bytes,
        integrity: check.integrity,
        schema_version: check.schema_version,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

async fn copy_and_check(store: &Store, partial: &Path) -> anyhow::Result<admin::SqliteCheck> {
    store.backup_sqlite_into(partial).await?;
    std::fs::File::open(partial)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("syncing {}", partial.display()))?;
    let check = admin::check_sqlite_file(partial).await?;
    if check.integrity != "ok" {
        anyhow::bail!(
            "the copy failed its integrity check ({}); the database was not changed",
            check.integrity
        );
    }
    Ok(check)
}
