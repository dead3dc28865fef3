//! `cargo bench -p skillbot --bench discord` — the bot end to end through
//! the project's fake Discord on loopback, as users feel it:
//!
//! - interaction → complete reply for `/ask` (handbook), `/next`, and
//!   `/team` with its PNG for a 50-member team (median and p95 of N runs);
//! - `skillbot serve` as a process: start → slash commands registered
//!   (index already built), and resident memory once connected.
//!
//! Prints one line per figure; the targets are printed beside them.
//! Not criterion: each sample is a whole round trip through a real
//! WebSocket and HTTP server, and the spread matters as much as the mean.

#[path = "../tests/it/fake_discord.rs"]
mod fake_discord;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::{Fake, GUILD, User};
use serde_json::json;
use skillbot::serve::{ServeOptions, serve_until};
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::import;
use skillbot::{App, Settings};

const RUNS: usize = 50;

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    let p95 = samples[(samples.len() * 95).div_ceil(100).saturating_sub(1)];
    (ms(samples[samples.len() / 2]), ms(p95))
}

fn team_csv(members: usize) -> String {
    let skills = [
        "java",
        "python",
        "sql",
        "docker",
        "kubernetes",
        "git",
        "rest-api",
        "testing",
        "linux-cli",
        "ci-cd",
        "cloud",
        "authentication",
        "caching",
        "message-queues",
        "monitoring",
    ];
    let mut csv = format!("user_id,name,role,{}\n", skills.join(","));
    for m in 0..members {
        let levels: Vec<String> = (0..skills.len())
            .map(|s| {
                if (m + s) % 5 == 0 {
                    String::new()
                } else {
                    ((m * 7 + s * 3) % 6).to_string()
                }
            })
            .collect();
        csv.push_str(&format!(
            "{},Member {m},backend-developer,{}\n",
            10_000 + m,
            levels.join(",")
        ));
    }
    csv
}

async fn in_process(data_dir: &Path) {
    let fake = Fake::start().await;
    let settings = Settings {
        data_dir: Some(data_dir.to_path_buf()),
        database_url: Some(format!("sqlite://{}", data_dir.join("bench.db").display()).into()),
        discord_token: Some("bench-token".to_string().into()),
        discord_api_url: Some(fake.url()),
        dev_guild: Some(GUILD.to_string()),
        http_addr: Some("127.0.0.1:0".into()),
        ..Settings::default()
    };
    let app = App::new(settings).unwrap();
    let guild = DiscordId::new(GUILD).unwrap();
    import::import_csv(&app, guild, team_csv(50).as_bytes(), IfMissing::Create)
        .await
        .unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(serve_until(
        app.clone(),
        ServeOptions::default(),
        async move {
            let _ = stopped.await;
        },
        None,
    ));
    fake.wait_ready().await;
    let user = User::admin(10_001, "Member 1");

    let mut ask = Vec::new();
    for i in 0..RUNS {
        // Different users: the /ask limit is 10 a minute per user.
        let asker = User::member(20_000 + i as u64, "asker");
        let reply = fake
            .command(
                &asker,
                "ask",
                json!([{"type": 3, "name": "question",
                "value": "how long does it take to learn docker?"}]),
            )
            .reply()
            .await;
        ask.push(reply.completed_in);
    }
    let mut next = Vec::new();
    for _ in 0..RUNS {
        next.push(
            fake.command(&user, "next", json!([]))
                .reply()
                .await
                .completed_in,
        );
    }
    let mut team = Vec::new();
    for _ in 0..RUNS / 5 {
        let reply = fake.command(&user, "team", json!([])).reply().await;
        assert!(
            reply
                .files
                .first()
                .is_some_and(|(_, png)| png.starts_with(b"\x89PNG"))
        );
        team.push(reply.completed_in);
    }
    let (p50, p95) = stats(ask);
    println!(
        "/ask handbook, interaction → reply: median {p50:.1} ms, p95 {p95:.1} ms (target: median ≤ 50 ms)"
    );
    let (p50, p95) = stats(next);
    println!("/next, interaction → reply: median {p50:.1} ms, p95 {p95:.1} ms (target ≤ 50 ms)");
    let (p50, p95) = stats(team);
    println!("/team with PNG, 50 members: median {p50:.1} ms, p95 {p95:.1} ms (target ≤ 500 ms)");
    let _ = stop.send(());
    task.await.unwrap().unwrap();
    app.close().await;
}

/// Starts the real binary against a fake Discord: time to registration and
/// resident memory.
async fn as_process(data_dir: &Path) {
    let binary = Path::new(env!("CARGO_BIN_EXE_skillbot"));
    let mut start = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..5 {
        let fake = Fake::start().await;
        let started = Instant::now();
        let mut child = Command::new(binary)
            .arg("serve")
            .env("SKILLBOT_DATA_DIR", data_dir)
            .env(
                "DATABASE_URL",
                format!("sqlite://{}", data_dir.join("bench.db").display()),
            )
            .env("DISCORD_TOKEN", "bench-token")
            .env("SKILLBOT_DISCORD_API_URL", fake.url())
            .env("SKILLBOT_DEV_GUILD", GUILD.to_string())
            .env("SKILLBOT_HTTP_ADDR", "127.0.0.1:0")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        fake.wait_ready().await;
        start.push(started.elapsed());
        tokio::time::sleep(Duration::from_millis(300)).await;
        let status =
            std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap_or_default();
        if let Some(kb) = status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        {
            rss.push(kb / 1024.0);
        }
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(child.id().to_string())
            .status();
        let _ = child.wait();
    }
    let (p50, _) = stats(start);
    println!(
        "skillbot serve: process start → commands registered: median {p50:.0} ms (target ≤ 2,000 ms)"
    );
    if !rss.is_empty() {
        rss.sort_by(f64::total_cmp);
        println!(
            "skillbot serve: resident memory after start (handbook index open): {:.1} MB (max {:.1}) (target ≤ 100 MB)",
            rss[rss.len() / 2],
            rss[rss.len() - 1]
        );
    }
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` runs it once quickly.
    if std::env::args().any(|a| a == "--test" || a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        in_process(dir.path()).await;
        as_process(dir.path()).await;
    });
}
