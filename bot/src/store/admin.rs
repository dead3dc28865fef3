//! Operating the database: checking a `DATABASE_URL` without connecting,
//! and online backups of a SQLite database.
//!
//! Why `VACUUM INTO`: it reads the database inside one read transaction, so
//! the copy is a single consistent snapshot, and in WAL mode writers carry
//! on while it runs (readers never block writers). Copying the file with
//! `cp` instead could tear a page being written or miss what still sits in
//! the `-wal` file. PostgreSQL has its own tool for this: `pg_dump`.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::Context;
use sqlx::Connection;
use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

use super::{Backend, Pool, Store};
use crate::UserError;

/// What a `DATABASE_URL` names, read without connecting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    pub backend: Backend,
    /// The SQLite file (`None` for PostgreSQL and in-memory SQLite).
    pub sqlite_file: Option<PathBuf>,
    /// The file, or PostgreSQL `host:port/database` (never a password).
    pub location: String,
}

/// Checks a `DATABASE_URL` without connecting: its scheme and options.
pub fn check_url(url: &str) -> Result<DatabaseUrl, UserError> {
    let scheme = url
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match scheme.as_str() {
        "sqlite" => {
            let options = SqliteConnectOptions::from_str(url).map_err(|e| {
                UserError::new(format!("DATABASE_URL is not a valid SQLite URL: {e}"))
            })?;
            let file = options.get_filename();
            let in_memory = file.as_os_str().is_empty()
                || file.as_os_str() == ":memory:"
                || url.contains(":memory:");
            Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                sqlite_file: (!in_memory).then(|| file.to_path_buf()),
                location: if in_memory {
                    "in memory".to_string()
                } else {
                    file.display().to_string()
                },
            })
        }
        "postgres" | "postgresql" => {
            let options = PgConnectOptions::from_str(url).map_err(|e| {
                UserError::new(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))
            })?;
            Ok(DatabaseUrl {
                backend: Backend::Postgres,
                sqlite_file: None,
                location: format!(
                    "{}:{}/{}",
                    options.get_host(),
                    options.get_port(),
                    options.get_database().unwrap_or(options.get_username())
                ),
            })
        }
        _ => Err(UserError::new(format!(
            "DATABASE_URL must start with sqlite:// or postgres://, not '{scheme}:'"
        ))),
    }
}

/// How to back up PostgreSQL, for messages and the README.
pub const PG_DUMP_HINT: &str = "use pg_dump: pg_dump --format=custom --file=skillbot.dump \
     \"$DATABASE_URL\" (restore with pg_restore --clean --if-exists --dbname \"$DATABASE_URL\" \
     skillbot.dump)";

impl Store {
    /// Writes a consistent copy of a SQLite database to `to` (which must
    /// not exist) while other connections and processes keep writing. On
    /// PostgreSQL, an error that says to use `pg_dump`.
    pub async fn backup_sqlite_into(&self, to: &Path) -> anyhow::Result<()> {
        let pool = match &self.pool {
            Pool::Sqlite(pool) => pool,
            Pool::Postgres(_) => {
                return Err(UserError::new(format!(
                    "backup copies SQLite databases; this one is PostgreSQL at {}: {PG_DUMP_HINT}",
                    self.location
                ))
                .into());
            }
        };
        let target = to
            .to_str()
            .with_context(|| format!("the backup path {} is not UTF-8", to.display()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(pool)
            .await
            .with_context(|| format!("copying {} into {}", self.location, to.display()))?;
        Ok(())
    }
}

/// What a check of a SQLite file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqliteCheck {
    /// `PRAGMA integrity_check`: `ok`, or the problems found.
    pub integrity: String,
    /// The newest migration applied to it.
    pub schema_version: Option<i64>,
}

/// Opens a SQLite file read-only and runs `PRAGMA integrity_check`.
pub async fn check_sqlite_file(path: &Path) -> anyhow::Result<SqliteCheck> {
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .with_context(|| format!("opening {}", path.display()))?;
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .with_context(|| format!("checking {}", path.display()))?;
    let schema_version: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut conn)
            .await
            .with_context(|| format!("reading the schema version of {}", path.display()))?;
    conn.close().await.ok();
    Ok(SqliteCheck {
        integrity: rows.join("; "),
        schema_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_checked_without_connecting() {
        let pg = check_url("postgres://u:secret@db.example:5433/skillbot").unwrap();
        assert_eq!(pg.backend, Backend::Postgres);
        assert_eq!(pg.location, "db.example:5433/skillbot");
        let file = check_url("sqlite:///var/lib/skillbot/skillbot.db").unwrap();
        assert_eq!(
            file.sqlite_file.as_deref(),
            Some(Path::new("/var/lib/skillbot/skillbot.db"))
        );
        assert_eq!(check_url("sqlite::memory:").unwrap().sqlite_file, None);
        let err = check_url("mysql://u:p@h/db").unwrap_err();
        assert!(err.0.contains("sqlite:// or postgres://"), "{err}");
        assert!(!err.0.contains("u:p"), "{err}");
        let err = check_url("postgres://u:p@h:notaport/db").unwrap_err();
        assert!(err.0.contains("not a valid PostgreSQL URL"), "{err}");
    }
}
