//! Test harness for team data: a fresh database per test, on SQLite (a file
//! in a temporary directory) and, when `SKILLBOT_TEST_POSTGRES_URL` is set,
//! on PostgreSQL (a uniquely named database created for the test and
//! dropped after it). [`crate::on_both_backends!`] runs one test body
//! against each.
//!
//! Quiet by default; `TEST_LOG=1` shows the application's logs.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Once;
use std::sync::atomic::{AtomicU32, Ordering};

use skillbot::store::Store;
use skillbot::{App, Settings};
use sqlx::{Connection, PgConnection};

pub const POSTGRES_ENV: &str = "SKILLBOT_TEST_POSTGRES_URL";

/// Runs an async test body (`async fn name(db: &TestDb) { … }`) once on
/// SQLite and once on PostgreSQL, as two tests `name::sqlite` and
/// `name::postgres`. Without `SKILLBOT_TEST_POSTGRES_URL` the PostgreSQL
/// test says once that it skips, and passes.
#[macro_export]
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($db:ident: &TestDb) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            async fn body($db: &$crate::helpers::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::helpers::TestDb::sqlite();
                body(&db).await;
                db.finish().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(db) = $crate::helpers::TestDb::postgres().await else {
                    return;
                };
                body(&db).await;
                db.finish().await;
            }
        }
    };
}

/// One test's database.
pub struct TestDb {
    /// `DATABASE_URL` for this database.
    pub url: String,
    pub backend: skillbot::store::Backend,
    /// Data directory (the SQLite file lives here; CLI runs use it too).
    dir: tempfile::TempDir,
    /// PostgreSQL: (admin URL, database name) to drop at the end.
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub fn sqlite() -> TestDb {
        init_logs();
        let dir = tempfile::tempdir().expect("temporary directory");
        let url = format!("sqlite://{}", dir.path().join("skillbot.db").display());
        TestDb {
            url,
            backend: skillbot::store::Backend::Sqlite,
            dir,
            postgres: None,
        }
    }

    /// A new database on the server of `SKILLBOT_TEST_POSTGRES_URL`, or
    /// `None` (after saying so once) when it is not set.
    pub async fn postgres() -> Option<TestDb> {
        init_logs();
        let Some(admin) = postgres_url() else {
            static SKIP: Once = Once::new();
            SKIP.call_once(|| {
                // Straight to stderr: the skip must show even though test
                // output is captured.
                let _ = writeln!(
                    std::io::stderr(),
                    "skipping PostgreSQL: {POSTGRES_ENV} is not set (store tests run on SQLite only)"
                );
            });
            return None;
        };
        let name = unique_name();
        let mut conn = PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("{POSTGRES_ENV} is set but PostgreSQL is unreachable: {e}"));
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
            .execute(&mut conn)
            .await
            .expect("create the test database");
        conn.close().await.ok();
        Some(TestDb {
            url: with_database(&admin, &name),
            backend: skillbot::store::Backend::Postgres,
            dir: tempfile::tempdir().expect("temporary directory"),
            postgres: Some((admin, name)),
        })
    }

    pub fn data_dir(&self) -> &Path {
        self.dir.path()
    }

    /// A connected, migrated store.
    pub async fn store(&self) -> Store {
        let store = Store::connect(&self.url).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
    }

    /// An app on this database with the built-in catalog.
    pub fn app(&self) -> App {
        let settings = Settings {
            data_dir: Some(self.dir.path().to_path_buf()),
            database_url: Some(self.url.clone().into()),
            ..Settings::default()
        };
        App::new(settings).expect("app")
    }

    /// The real binary on this database.
    pub fn cli(&self) -> Command {
        let mut command = skillbot_command(self.data_dir());
        command.env("DATABASE_URL", &self.url);
        command
    }

    /// Drops the PostgreSQL database (a failed test leaves it for a look).
    pub async fn finish(self) {
        let Some((admin, name)) = &self.postgres else {
            return;
        };
        let Ok(mut conn) = PgConnection::connect(admin).await else {
            return;
        };
        let drop = format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop))
            .execute(&mut conn)
            .await
            .ok();
        conn.close().await.ok();
    }
}

/// `SKILLBOT_TEST_POSTGRES_URL`, if set and not empty.
pub fn postgres_url() -> Option<String> {
    std::env::var(POSTGRES_ENV)
        .ok()
        .filter(|v| !v.trim().is_empty())
}

/// The binary with a data directory and no outside configuration.
pub fn skillbot_command(data_dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_skillbot"));
    command
        .env("SKILLBOT_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .env_remove("SKILLBOT_CONFIG")
        .env_remove("SKILLBOT_CATALOG")
        .env_remove("SKILLBOT_INDEX_DIR")
        .env_remove("RUST_LOG");
    command
}

/// The real binary with a data directory of its own (and so its own
/// SQLite database), for command-line tests.
pub struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Cli {
        Cli {
            dir: tempfile::tempdir().expect("temporary directory"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = skillbot_command(self.dir.path());
        command.args(args);
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        output(&mut self.command(args))
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(args, self.run(args))
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.ok(args)).expect("JSON on stdout")
    }

    /// Runs and expects exit code 2 with `message` on stderr, no panic and
    /// nothing on stdout; returns stderr.
    pub fn fails(&self, args: &[&str], message: &str) -> String {
        failed(args, self.run(args), message)
    }

    /// Writes a file in the data directory; returns its path.
    pub fn file(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("write a test file");
        path.display().to_string()
    }
}

/// Checks a run succeeded; returns stdout.
pub fn succeeded(args: &[&str], out: Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("UTF-8 stdout")
}

/// Checks a run failed as bad input should: exit 2, `message` on stderr, no
/// panic, nothing on stdout. Returns stderr.
pub fn failed(args: &[&str], out: Output, message: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(
        stderr.contains(message),
        "{args:?}: expected {message:?} in\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(out.stdout.is_empty(), "{args:?} printed on failure");
    stderr
}

/// Runs a command, returning its output.
pub fn output(command: &mut Command) -> Output {
    command.output().expect("run skillbot")
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    format!(
        "skillbot_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with its database path replaced by `name` (query kept).
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

fn init_logs() {
    if std::env::var_os("TEST_LOG").is_some() {
        skillbot::cli::init_tracing(2);
    }
}

#[test]
fn database_names_replace_only_the_path() {
    assert_eq!(
        with_database("postgres://u:p@h:5432/postgres", "t1"),
        "postgres://u:p@h:5432/t1"
    );
    assert_eq!(with_database("postgres://h", "t1"), "postgres://h/t1");
    assert_eq!(
        with_database("postgres://h/db?sslmode=disable", "t1"),
        "postgres://h/t1?sslmode=disable"
    );
}
