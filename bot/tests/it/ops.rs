//! Operating skillbot, through the real binary as an operator would:
//! `config check`, JSON logs, `backup` under concurrent writes, graceful
//! shutdown on SIGTERM and SIGINT, gateway shard ranges and the
//! `healthcheck` probe.

use std::io::Read as _;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::members::{self, LevelChange};
use skillbot_recommender::Level;
use sqlx::{Connection, SqliteConnection};

use crate::bot_harness::TOKEN;
use crate::fake_discord::{Fake, GUILD};
use crate::helpers::{TestDb, skillbot_command};

const SECRET_PASSWORD: &str = "hunter2-do-not-print";

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn run(command: &mut Command) -> Output {
    command.output().expect("run skillbot")
}

#[test]
fn config_check_shows_what_is_in_effect_with_secrets_masked() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("skillbot.toml");
    std::fs::write(&config, "shards = 4\nhttp_addr = \"0.0.0.0:9000\"\n").unwrap();
    let url = format!("postgres://skillbot:{SECRET_PASSWORD}@db.invalid:5432/skillbot");
    let check = |json: bool| {
        let mut command = skillbot_command(dir.path());
        command
            .args(["config", "check", "--config"])
            .arg(&config)
            .env("DATABASE_URL", &url)
            .env("DISCORD_TOKEN", TOKEN)
            .env("SKILLBOT_SHARD_RANGE", "2..4");
        if json {
            command.arg("--json");
        }
        run(&mut command)
    };
    let output = check(true);
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert_eq!(output.status.code(), Some(0), "{stdout}{stderr}");
    for shown in [&stdout, &stderr] {
        assert!(
            !shown.contains(SECRET_PASSWORD),
            "the password shows:\n{shown}"
        );
        assert!(!shown.contains(TOKEN), "the token shows:\n{shown}");
    }
    let view: Value = serde_json::from_str(&stdout).unwrap();
    let setting = |env: &str| {
        view["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["env"] == env)
            .unwrap_or_else(|| panic!("{env} missing from {view:#}"))
            .clone()
    };
    assert_eq!(
        setting("DATABASE_URL")["value"],
        "postgres://skillbot:********@db.invalid:5432/skillbot"
    );
    assert_eq!(setting("DATABASE_URL")["origin"], "env");
    assert_eq!(setting("SKILLBOT_SHARDS")["value"], "4");
    assert_eq!(setting("SKILLBOT_SHARDS")["origin"], "file");
    assert_eq!(setting("SKILLBOT_HTTP_ADDR")["origin"], "file");
    assert_eq!(setting("SKILLBOT_SHARD_RANGE")["origin"], "env");
    assert_eq!(setting("SKILLBOT_INDEX_DIR")["origin"], "default");
    assert_eq!(setting("DISCORD_TOKEN")["value"], "******** (set)");
    assert_eq!(view["shards"], "shards 2..4 of 4");
    assert_eq!(view["valid"], true);
    assert!(
        view["database"]
            .as_str()
            .unwrap()
            .contains("PostgreSQL at db.invalid:5432/skillbot")
    );

    let output = check(false);
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout.contains("The configuration is valid."), "{stdout}");
    assert!(!stdout.contains(SECRET_PASSWORD) && !stdout.contains(TOKEN));
}

#[test]
fn config_check_exits_2_naming_each_bad_setting() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let missing = missing.to_str().unwrap();
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("DATABASE_URL", "mysql://u:p@h/db")],
            "sqlite:// or postgres://",
        ),
        (
            &[("DATABASE_URL", "postgres://u:p@h:port/db")],
            "not a valid PostgreSQL URL",
        ),
        (
            &[("SKILLBOT_TOKEN_FILE", missing)],
            "cannot read the token file",
        ),
        (
            &[("SKILLBOT_SHARDS", "2"), ("SKILLBOT_SHARD_RANGE", "1..3")],
            "goes past SKILLBOT_SHARDS (2)",
        ),
        (&[("SKILLBOT_SHARD_RANGE", "3-4")], "not a range like 0..4"),
        (
            &[("SKILLBOT_SHARDS", "two")],
            "SKILLBOT_SHARDS must be a whole number",
        ),
        (
            &[("SKILLBOT_HTTP_ADDR", "localhost:80")],
            "SKILLBOT_HTTP_ADDR",
        ),
        (&[("SKILLBOT_DEV_GUILD", "my-server")], "SKILLBOT_DEV_GUILD"),
        (&[("SKILLBOT_LOG_FORMAT", "xml")], "SKILLBOT_LOG_FORMAT"),
        (&[("SKILLBOT_CATALOG", missing)], "cannot read catalog"),
    ];
    for (vars, expected) in cases {
        let mut command = skillbot_command(dir.path());
        command.args(["config", "check"]).envs(vars.iter().copied());
        let output = run(&mut command);
        let all = format!("{}{}", text(&output.stdout), text(&output.stderr));
        assert_eq!(output.status.code(), Some(2), "{vars:?}:\n{all}");
        assert!(
            all.contains(expected),
            "{vars:?}: expected {expected:?} in\n{all}"
        );
        assert!(!all.contains("panicked"), "{all}");
    }
    // Several problems are all listed at once.
    let output = run(skillbot_command(dir.path())
        .args(["config", "check"])
        .env("SKILLBOT_HTTP_ADDR", "nowhere")
        .env("SKILLBOT_DEV_GUILD", "x"));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("2 problems"));
}

#[test]
fn unknown_config_keys_are_rejected_with_the_key_named() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("skillbot.toml");
    std::fs::write(&config, "shard = 3\n").unwrap();
    for command in [&["config", "check"][..], &["skills"][..]] {
        let output = run(skillbot_command(dir.path())
            .args(command)
            .arg("--config")
            .arg(&config));
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("unknown field `shard`"), "{stderr}");
        assert!(stderr.contains("skillbot.example.toml"), "{stderr}");
    }
}

#[test]
fn logs_are_json_lines_with_skillbot_log_format_json() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(skillbot_command(dir.path())
        .args(["-v", "migrate"])
        .env("SKILLBOT_LOG_FORMAT", "json"));
    assert!(output.status.success());
    let stderr = text(&output.stderr);
    let lines: Vec<Value> = stderr
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert!(!lines.is_empty(), "no logs at -v");
    assert!(
        lines
            .iter()
            .all(|l| l["level"].is_string() && l["timestamp"].is_string())
    );
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "applied database migration" && l["version"] == 1),
        "{stderr}"
    );

    // Human by default.
    let dir = tempfile::tempdir().unwrap();
    let output = run(skillbot_command(dir.path()).args(["-v", "migrate"]));
    let stderr = text(&output.stderr);
    let first = stderr.lines().next().expect("logs at -v");
    assert!(serde_json::from_str::<Value>(first).is_err(), "{first}");
    assert!(first.contains("INFO") && first.contains("applied database migration"));
}

/// A writer keeps changing levels (each change is a level, a progress
/// event and an audit entry in one transaction) while `skillbot backup`
/// runs in another process. Every copy opens, passes `PRAGMA
/// integrity_check`, and holds a consistent snapshot: as many progress
/// events as audit entries, the level equal to the last event's, and a
/// number of changes between those made before and after the backup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_copies_a_database_being_written_consistently() {
    let db = TestDb::sqlite();
    let app = db.app();
    let guild = DiscordId::new(GUILD).unwrap();
    let csv = crate::fixtures::matrix_csv(400, 40);
    skillbot::service::import::import_csv(&app, guild, csv.as_bytes(), IfMissing::Create)
        .await
        .unwrap();
    let user = DiscordId::new(4242).unwrap();
    let writes = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let writer = tokio::spawn({
        let (app, writes, stop) = (app.clone(), writes.clone(), stop.clone());
        async move {
            let mut level = 0u8;
            while !stop.load(Ordering::SeqCst) {
                level = if level == 3 { 2 } else { 3 };
                let change = LevelChange {
                    guild,
                    user,
                    skill: "docker",
                    level: Level::try_from(level).unwrap(),
                    note: None,
                    by: None,
                    if_missing: IfMissing::Create,
                };
                members::set_level(&app, &change)
                    .await
                    .expect("a write failed");
                writes.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    while writes.load(Ordering::SeqCst) < 5 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }

    let copies = tempfile::tempdir().unwrap();
    for round in 0..3 {
        let copy = copies.path().join(format!("backup-{round}.db"));
        let before = writes.load(Ordering::SeqCst);
        let mut command = db.cli();
        command.args(["backup", "--json", "--to"]).arg(&copy);
        let output = tokio::task::spawn_blocking(move || command.output().unwrap())
            .await
            .unwrap();
        let after = writes.load(Ordering::SeqCst);
        assert!(
            output.status.success(),
            "{}{}",
            text(&output.stdout),
            text(&output.stderr)
        );
        assert!(after > before, "no write happened while the backup ran");
        let view: Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(view["integrity"], "ok");

        let mut conn = SqliteConnection::connect(&format!("sqlite://{}?mode=ro", copy.display()))
            .await
            .unwrap();
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(integrity, "ok");
        let events: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM progress_events p JOIN members m ON m.id = p.member_id \
             WHERE m.user_id = $1",
        )
        .bind(user.get() as i64)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let audited: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM audit_log WHERE subject_user_id = $1 AND action = 'level.set'",
        )
        .bind(user.get() as i64)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let (level, last): (i64, i64) = sqlx::query_as(
            "SELECT l.level, (SELECT p.to_level FROM progress_events p \
                              WHERE p.member_id = l.member_id ORDER BY p.id DESC LIMIT 1) \
             FROM skill_levels l JOIN members m ON m.id = l.member_id \
             WHERE m.user_id = $1 AND l.skill = 'docker'",
        )
        .bind(user.get() as i64)
        .fetch_one(&mut conn)
        .await
        .unwrap();
        let imported: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM members")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();
        assert_eq!(
            events, audited,
            "a torn copy: events and audit entries differ"
        );
        assert_eq!(level, last, "a torn copy: the level is not the last change");
        assert!(
            (before as i64..=after as i64).contains(&events),
            "{events} changes in the copy, {before} before and {after} after the backup"
        );
        assert_eq!(imported, 401, "the imported team and the writer");
    }
    stop.store(true, Ordering::SeqCst);
    writer.await.unwrap();

    // The copy is refused over an existing file, and the live database
    // is never a target.
    let existing = copies.path().join("backup-0.db");
    let output = run(db.cli().args(["backup", "--to"]).arg(&existing));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("--force"));
    let live = db.data_dir().join("skillbot.db");
    let output = run(db.cli().args(["backup", "--force", "--to"]).arg(&live));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("the database itself"));
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(copies.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("partial")), "{names:?}");
    db.finish().await;
}

#[test]
fn backup_of_postgres_says_to_use_pg_dump_without_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let output = run(skillbot_command(dir.path())
        .args(["backup", "--to"])
        .arg(dir.path().join("x.db"))
        .env(
            "DATABASE_URL",
            format!("postgres://u:{SECRET_PASSWORD}@127.0.0.1:1/skillbot"),
        ));
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("pg_dump --format=custom"), "{stderr}");
    assert!(!stderr.contains(SECRET_PASSWORD));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "it tried to connect"
    );
    let output = run(skillbot_command(dir.path())
        .args(["backup", "--to"])
        .arg(dir.path().join("x.db")));
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("no database at"));
}

/// A running `skillbot serve` (the binary) on a fake Discord.
struct Served {
    child: Child,
    port: u16,
    logs: std::thread::JoinHandle<String>,
}

fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    probe.local_addr().unwrap().port()
}

fn serve(fake: &Fake, data_dir: &Path, env: &[(&str, &str)]) -> Served {
    let port = free_port();
    let mut child = skillbot_command(data_dir)
        .arg("serve")
        .env("DISCORD_TOKEN", TOKEN)
        .env("SKILLBOT_DISCORD_API_URL", fake.url())
        .env("SKILLBOT_DEV_GUILD", GUILD.to_string())
        .env("SKILLBOT_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        let mut text = String::new();
        stderr.read_to_string(&mut text).ok();
        text
    });
    Served { child, port, logs }
}

impl Served {
    /// Sends `signal`, waits for the exit; returns (exit code, seconds, logs).
    async fn stop(mut self, signal: &str) -> (Option<i32>, f64, String) {
        let pid = self.child.id().to_string();
        let started = Instant::now();
        assert!(
            Command::new("kill")
                .args([&format!("-{signal}"), &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = tokio::task::spawn_blocking(move || {
            let deadline = Instant::now() + Duration::from_secs(40);
            loop {
                if let Some(status) = self.child.try_wait().unwrap() {
                    return (Some(status), self.logs);
                }
                if Instant::now() > deadline {
                    self.child.kill().ok();
                    self.child.wait().ok();
                    return (None, self.logs);
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
        .await
        .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let (status, logs) = status;
        let logs = logs.join().unwrap();
        (status.and_then(|s| s.code()), seconds, logs)
    }

    fn healthcheck(&self, path: &str) -> Output {
        run(skillbot_command(Path::new("/nonexistent")).args([
            "healthcheck",
            "--addr",
            &format!("0.0.0.0:{}", self.port),
            "--path",
            path,
        ]))
    }
}

async fn wait_until_ready(served: &Served) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let url = format!("http://127.0.0.1:{}/readyz", served.port);
    loop {
        if let Ok(response) = reqwest::get(&url).await
            && response.status() == 200
        {
            return;
        }
        assert!(Instant::now() < deadline, "{url} never became ready");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_stops_cleanly_on_sigterm_and_sigint_well_within_30_s() {
    for signal in ["TERM", "INT"] {
        let fake = Fake::start().await;
        let dir = tempfile::tempdir().unwrap();
        let served = serve(&fake, dir.path(), &[]);
        fake.wait_ready().await;
        wait_until_ready(&served).await;
        // The probe the container image runs.
        let probe = served.healthcheck("/healthz");
        assert!(probe.status.success(), "{}", text(&probe.stderr));
        assert!(served.healthcheck("readyz").status.success());
        let port = served.port;

        let (code, seconds, logs) = served.stop(signal).await;
        assert_eq!(code, Some(0), "SIG{signal}: {logs}");
        assert!(seconds < 30.0, "SIG{signal}: {seconds:.1} s to stop");
        assert!(logs.contains(&format!("SIG{signal} received")), "{logs}");
        assert!(logs.contains("stopped"), "{logs}");
        // The database was closed: SQLite folded its write-ahead log back
        // into the file and removed it.
        assert!(dir.path().join("skillbot.db").is_file());
        assert!(
            !dir.path().join("skillbot.db-wal").exists(),
            "the database was not closed"
        );
        // And the probe now fails (exit 1, never Docker's reserved 2).
        let probe = run(skillbot_command(dir.path()).args([
            "healthcheck",
            "--addr",
            &format!("127.0.0.1:{port}"),
        ]));
        assert_eq!(probe.status.code(), Some(1));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_runs_the_shard_range_it_is_given() {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let served = serve(
        &fake,
        dir.path(),
        &[("SKILLBOT_SHARDS", "4"), ("SKILLBOT_SHARD_RANGE", "2..4")],
    );
    // serenity starts one shard every 5 s.
    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.identified_shards().len() < 2 {
        assert!(Instant::now() < deadline, "{:?}", fake.identified_shards());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Long enough for serenity to start a third shard if it were to.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let mut shards = fake.identified_shards();
    shards.sort_by_key(|s| s[0].as_u64());
    assert_eq!(shards, vec![json!([2, 4]), json!([3, 4])]);
    let (code, _, logs) = served.stop("TERM").await;
    assert_eq!(code, Some(0), "{logs}");
    assert!(logs.contains("shards 2..4 of 4"), "{logs}");
}

/// A StatefulSet pod works out its share from its name; logs in JSON.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_statefulset_pod_runs_its_share_of_the_shards() {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let served = serve(
        &fake,
        dir.path(),
        &[
            ("SKILLBOT_SHARDS", "4"),
            ("SKILLBOT_REPLICAS", "4"),
            ("SKILLBOT_REPLICA", "skillbot-3"),
            ("SKILLBOT_LOG_FORMAT", "json"),
        ],
    );
    fake.wait_ready().await;
    wait_until_ready(&served).await;
    assert_eq!(fake.identified_shards(), vec![json!([3, 4])]);
    let (code, _, logs) = served.stop("TERM").await;
    assert_eq!(code, Some(0), "{logs}");
    let events: Vec<Value> = logs
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect();
    assert!(
        events
            .iter()
            .any(|e| e["message"] == "connecting to the Discord gateway"
                && e["shards"] == "shards 3..4 of 4"),
        "{logs}"
    );
    assert!(!logs.contains(TOKEN));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_refuses_a_bad_shard_range_before_connecting() {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    for (vars, expected) in [
        (
            &[("SKILLBOT_SHARDS", "2"), ("SKILLBOT_SHARD_RANGE", "0..3")][..],
            "SKILLBOT_SHARD_RANGE 0..3 goes past SKILLBOT_SHARDS (2)",
        ),
        (
            &[
                ("SKILLBOT_SHARDS", "2"),
                ("SKILLBOT_REPLICAS", "2"),
                ("SKILLBOT_REPLICA", "skillbot-2"),
            ][..],
            "scale the StatefulSet and SKILLBOT_REPLICAS together",
        ),
    ] {
        let served = serve(&fake, dir.path(), vars);
        let mut child = served.child;
        let status = tokio::task::spawn_blocking(move || child.wait().unwrap())
            .await
            .unwrap();
        let logs = served.logs.join().unwrap();
        assert_eq!(status.code(), Some(2), "{logs}");
        assert!(logs.contains(expected), "{logs}");
    }
    assert!(fake.requests().is_empty(), "it contacted Discord");
}
