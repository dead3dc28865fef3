//! The database store: SQLite by default, PostgreSQL for scale.
//!
//! Why it is shaped this way: the same SQL runs on both backends (`$1`
//! placeholders, `ON CONFLICT`, `RETURNING` all work on SQLite and
//! PostgreSQL), but sqlx's `Any` driver cannot carry chrono timestamps and
//! hides each backend's locking. So a [`Store`] holds either a SQLite or a
//! PostgreSQL pool, a [`Tx`] either transaction, and each query is written
//! once inside [`on_tx!`], which expands it for both connection types.
//!
//! Concurrency: every write runs in a transaction from [`Store::begin`]. On
//! SQLite that is `BEGIN IMMEDIATE`, which takes the database's write lock up
//! front (waiting up to the busy timeout), so a read-modify-write never
//! fails half-way with `SQLITE_BUSY` and never reads stale data. On
//! PostgreSQL writers lock the member row they change
//! ([`members::lock`], `SELECT … FOR UPDATE`), so concurrent level changes
//! for one member queue up instead of losing updates.
//!
//! One module per table; functions take a `&mut Tx` and add context to every
//! query. SQL never leaves this module.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use serde::Serialize;
use sqlx::migrate::{Migrate, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{PgPool, Postgres, Sqlite, SqlitePool, Transaction};

use crate::UserError;

/// Runs one query body against whichever connection a [`Tx`] holds. `$c` is
/// bound to `&mut SqliteConnection` or `&mut PgConnection`; pass it to
/// executors as `&mut *$c`.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c: &mut ::sqlx::SqliteConnection = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c: &mut ::sqlx::PgConnection = &mut **t;
                $body
            }
        }
    };
}

pub mod admin;
pub mod audit;
pub mod digests;
pub mod guilds;
pub mod learning;
pub mod levels;
pub mod members;
pub mod progress;
pub mod runs;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// sqlx's default migrations table.
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// How long a SQLite writer waits for the write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Whether SQLite said another connection holds the lock: SQLITE_BUSY (5),
/// or one of its extended codes (its low byte is 5).
fn is_busy(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(db) = error else {
        return false;
    };
    db.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| code & 0xff == 5)
}

/// How long the first connection to PostgreSQL may take. The pool itself
/// retries a refused connection until its acquire timeout (30 s), which is
/// right for a server starting up beside the bot but leaves someone with a
/// mistyped `DATABASE_URL` staring at a silent terminal.
pub const POSTGRES_CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

#[derive(Clone)]
enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A connection pool to the team database. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: Pool,
    /// Where the data lives, for messages: a file path or host/database
    /// (never a password).
    location: Arc<str>,
}

/// A database transaction on either backend. Dropped without
/// [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A migration recorded as applied in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SchemaVersion {
    pub version: i64,
    pub description: String,
}

impl Store {
    /// Connects to `sqlite://PATH`, `sqlite::memory:` or `postgres://…`.
    /// A SQLite file (and its folder) is created on first use. Does not
    /// migrate: call [`Store::migrate`].
    pub async fn connect(url: &str) -> anyhow::Result<Store> {
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
                Store::open_sqlite(options).await
            }
            "postgres" | "postgresql" => {
                let options = PgConnectOptions::from_str(url).map_err(|e| {
                    UserError::new(format!("DATABASE_URL is not a valid PostgreSQL URL: {e}"))
                })?;
                let location = format!(
                    "{}:{}/{}",
                    options.get_host(),
                    options.get_port(),
                    options.get_database().unwrap_or(options.get_username())
                );
                let options = options.application_name("skillbot");
                probe_postgres(&options, &location).await?;
                let pool = PgPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await
                    .with_context(|| format!("connecting to PostgreSQL at {location}"))?;
                Ok(Store {
                    pool: Pool::Postgres(pool),
                    location: location.into(),
                })
            }
            _ => Err(UserError::new(format!(
                "DATABASE_URL must start with sqlite:// or postgres://, not '{scheme}:'"
            ))
            .into()),
        }
    }

    /// Opens (creating if needed) a SQLite database file.
    pub async fn open_sqlite_file(path: &Path) -> anyhow::Result<Store> {
        Store::open_sqlite(SqliteConnectOptions::new().filename(path)).await
    }

    async fn open_sqlite(options: SqliteConnectOptions) -> anyhow::Result<Store> {
        let path = options.get_filename().to_path_buf();
        let in_memory = path.as_os_str() == ":memory:" || path.as_os_str().is_empty();
        if let Some(dir) = path
            .parent()
            .filter(|d| !in_memory && !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating the data directory {}", dir.display()))?;
        }
        let options = options
            .create_if_missing(true)
            .foreign_keys(true)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .journal_mode(if in_memory {
                SqliteJournalMode::Memory
            } else {
                SqliteJournalMode::Wal
            })
            .synchronous(SqliteSynchronous::Normal);
        // An in-memory database lives as long as its one connection.
        let pool_options = if in_memory {
            SqlitePoolOptions::new()
                .max_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
        } else {
            SqlitePoolOptions::new().max_connections(4)
        };
        let pool_options = pool_options.acquire_timeout(SQLITE_BUSY_TIMEOUT);
        // Several processes opening a new file at once may all try to
        // switch it to WAL; SQLite answers "database is locked" at once
        // there instead of waiting (no busy handler for that lock), so the
        // opening is tried again until the busy timeout.
        let started = std::time::Instant::now();
        let pool = loop {
            match pool_options.clone().connect_with(options.clone()).await {
                Err(e) if is_busy(&e) && started.elapsed() < SQLITE_BUSY_TIMEOUT => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                result => break result,
            }
        }
        .with_context(|| format!("opening the SQLite database {}", path.display()))?;
        Ok(Store {
            pool: Pool::Sqlite(pool),
            location: path.display().to_string().into(),
        })
    }

    /// Applies the migrations this binary knows that the database lacks;
    /// returns those it applied. Safe to run from several processes at once
    /// (PostgreSQL: advisory lock; SQLite: the write lock).
    pub async fn migrate(&self) -> anyhow::Result<Vec<SchemaVersion>> {
        let before = self.schema_versions().await?;
        match &self.pool {
            // SQLite has no advisory lock: hold the write lock instead, so
            // two processes opening a new file do not both create the
            // tables (sqlx nests each migration as a savepoint).
            Pool::Sqlite(pool) => migrate_sqlite(pool).await,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await.map_err(Into::into),
        }
        .with_context(|| {
            format!(
                "migrating the {} database at {}",
                self.backend().name(),
                self.location
            )
        })?;
        let after = self.schema_versions().await?;
        Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
    }

    /// The migrations applied to the database, oldest first.
    pub async fn schema_versions(&self) -> anyhow::Result<Vec<SchemaVersion>> {
        async fn list<C: Migrate>(
            conn: &mut C,
            migrator: &Migrator,
        ) -> anyhow::Result<Vec<SchemaVersion>> {
            conn.ensure_migrations_table(MIGRATIONS_TABLE)
                .await
                .context("creating the migrations table")?;
            let applied = conn
                .list_applied_migrations(MIGRATIONS_TABLE)
                .await
                .context("listing applied migrations")?;
            Ok(applied
                .into_iter()
                .map(|a| SchemaVersion {
                    version: a.version,
                    description: migrator
                        .iter()
                        .find(|m| m.version == a.version)
                        .map(|m| m.description.to_string())
                        .unwrap_or_else(|| "(unknown to this build)".to_string()),
                })
                .collect())
        }
        match &self.pool {
            Pool::Sqlite(pool) => {
                let mut conn = pool.acquire().await.context("connecting to SQLite")?;
                list(&mut *conn, &SQLITE_MIGRATIONS).await
            }
            Pool::Postgres(pool) => {
                let mut conn = pool.acquire().await.context("connecting to PostgreSQL")?;
                list(&mut *conn, &POSTGRES_MIGRATIONS).await
            }
        }
    }

    /// The newest schema version this build knows.
    pub fn latest_known_version(&self) -> Option<i64> {
        let migrator = match self.backend() {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().map(|m| m.version).max()
    }

    /// Starts a write transaction (SQLite: `BEGIN IMMEDIATE`, so it holds
    /// the write lock from the start).
    pub async fn begin(&self) -> anyhow::Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Tx::Sqlite(
                pool.begin_with("BEGIN IMMEDIATE")
                    .await
                    .context("starting a SQLite write transaction")?,
            ),
            Pool::Postgres(pool) => Tx::Postgres(
                pool.begin()
                    .await
                    .context("starting a PostgreSQL transaction")?,
            ),
        })
    }

    /// Starts a read-only unit of work: a consistent snapshot that takes no
    /// write lock.
    pub async fn read(&self) -> anyhow::Result<Tx> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Tx::Sqlite(
                pool.begin()
                    .await
                    .context("starting a SQLite read transaction")?,
            ),
            Pool::Postgres(pool) => Tx::Postgres(
                pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                    .await
                    .context("starting a PostgreSQL read transaction")?,
            ),
        })
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The SQLite file, or PostgreSQL `host:port/database`.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// Checks that the database answers (`SELECT 1`), for readiness probes.
    pub async fn ping(&self) -> anyhow::Result<()> {
        match &self.pool {
            Pool::Sqlite(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
            Pool::Postgres(pool) => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()),
        }
        .with_context(|| format!("reaching the {} database", self.backend().name()))
    }

    /// Closes every connection (waits for those in use).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> anyhow::Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await,
            Tx::Postgres(t) => t.commit().await,
        }
        .context("committing the transaction")
    }

    /// Undoes everything done in this transaction (dropping it does too).
    pub async fn rollback(self) -> anyhow::Result<()> {
        match self {
            Tx::Sqlite(t) => t.rollback().await,
            Tx::Postgres(t) => t.rollback().await,
        }
        .context("rolling back the transaction")
    }

    pub fn backend(&self) -> Backend {
        match self {
            Tx::Sqlite(_) => Backend::Sqlite,
            Tx::Postgres(_) => Backend::Postgres,
        }
    }
}

/// Opens and closes one connection to PostgreSQL, failing fast (within
/// [`POSTGRES_CONNECT_TIMEOUT`], no retries) with a message naming the
/// server: refused, unreachable, unknown host, bad password or database.
async fn probe_postgres(options: &PgConnectOptions, location: &str) -> anyhow::Result<()> {
    use sqlx::Connection;
    let seconds = POSTGRES_CONNECT_TIMEOUT.as_secs();
    match tokio::time::timeout(
        POSTGRES_CONNECT_TIMEOUT,
        sqlx::PgConnection::connect_with(options),
    )
    .await
    {
        Ok(Ok(conn)) => {
            conn.close().await.ok();
            Ok(())
        }
        Ok(Err(err)) => Err(UserError::new(format!(
            "cannot connect to PostgreSQL at {location}: {err}. Check DATABASE_URL (host, port, \
             user, password, database) and that the server is running"
        ))
        .into()),
        Err(_) => Err(UserError::new(format!(
            "PostgreSQL at {location} did not answer within {seconds} s. Check DATABASE_URL's \
             host and port, and that the server is running and reachable from here"
        ))
        .into()),
    }
}

/// Runs the SQLite migrations while holding the write lock, so two
/// processes opening a new file do not both create the tables. SQLite has
/// no advisory lock for sqlx's migrator to take, so this does what
/// `Migrator::run` does, inside `BEGIN IMMEDIATE` (each migration nests as
/// a savepoint).
async fn migrate_sqlite(pool: &SqlitePool) -> anyhow::Result<()> {
    let mut tx = pool
        .begin_with("BEGIN IMMEDIATE")
        .await
        .context("locking the SQLite database to migrate it")?;
    let conn: &mut sqlx::SqliteConnection = &mut tx;
    conn.ensure_migrations_table(MIGRATIONS_TABLE)
        .await
        .context("creating the migrations table")?;
    if let Some(version) = conn.dirty_version(MIGRATIONS_TABLE).await? {
        anyhow::bail!("migration {version} was left half-applied; restore a backup");
    }
    let applied = conn.list_applied_migrations(MIGRATIONS_TABLE).await?;
    for migration in SQLITE_MIGRATIONS.iter() {
        if migration.migration_type.is_down_migration() {
            continue;
        }
        match applied.iter().find(|a| a.version == migration.version) {
            Some(done) if done.checksum != migration.checksum => anyhow::bail!(
                "migration {} was edited after it was applied: migrations are only ever added",
                migration.version
            ),
            Some(_) => {}
            None => {
                conn.apply(MIGRATIONS_TABLE, migration)
                    .await
                    .with_context(|| format!("applying migration {}", migration.version))?;
            }
        }
    }
    if let Some(unknown) = applied
        .iter()
        .find(|a| !SQLITE_MIGRATIONS.version_exists(a.version))
    {
        anyhow::bail!(
            "the database has migration {} that this build does not know: a newer skillbot \
             migrated it",
            unknown.version
        );
    }
    tx.commit().await.context("committing the migrations")
}

/// How many rows one multi-row `INSERT` carries: well under SQLite's and
/// PostgreSQL's limits on bound parameters.
pub(crate) const BATCH_ROWS: usize = 500;

/// A level column read back from the database, checked to be 0–5.
pub(crate) fn level_from_db(value: i32) -> anyhow::Result<u8> {
    u8::try_from(value)
        .ok()
        .filter(|l| *l <= 5)
        .with_context(|| format!("the database holds an invalid level {value}"))
}
