//! `cargo bench -p skillbot --bench digest` — the digest scheduler on
//! SQLite: composing the digests of 1,000 guilds × 50 members (budget
//! ≤ 2 s, reads included), and a scheduler tick with nothing due over those
//! 1,000 guilds (budget ≤ 1 ms).

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use skillbot::render::Reply;
use skillbot::scheduler::{Config, Messenger, Scheduler, SendError};
use skillbot::service::digest;
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::import;
use skillbot::store::guilds;
use skillbot::{App, Settings};

const GUILDS: u64 = 1_000;
const MEMBERS: usize = 50;
const SKILLS: usize = 20;

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

/// Posts nowhere: the tick with nothing due must not reach it.
struct Nowhere;

impl Messenger for Nowhere {
    async fn post(&self, _: u64, _: Reply) -> Result<u64, SendError> {
        Err(SendError::Failed("nothing should be posted".into()))
    }
    async fn find(&self, _: u64, _: &str) -> Result<Option<u64>, SendError> {
        Ok(None)
    }
    async fn dm(&self, _: u64, _: Reply) -> Result<u64, SendError> {
        Err(SendError::Failed("nothing should be sent".into()))
    }
    fn guild_name(&self, _: u64) -> Option<String> {
        None
    }
}

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let app = App::new(Settings {
        data_dir: Some(dir.path().to_path_buf()),
        ..Settings::default()
    })
    .expect("app");
    let csv = fixtures::matrix_csv(MEMBERS, SKILLS);
    let guild = |g: u64| DiscordId::new(1_000 + g).unwrap();
    runtime.block_on(async {
        let store = app.store().await.unwrap();
        for g in 0..GUILDS {
            import::import_csv(&app, guild(g), csv.as_bytes(), IfMissing::Create)
                .await
                .unwrap();
            let mut tx = store.begin().await.unwrap();
            let settings = guilds::DigestSettings {
                digest_channel_id: Some(1),
                digest_cron: "0 9 * * MON",
                time_zone: "Europe/Berlin",
                grace_minutes: 720,
                digest_enabled: true,
                digest_disabled_reason: None,
            };
            guilds::set_digest_settings(
                &mut tx,
                guild(g).get() as i64,
                &settings,
                at("2026-06-02T00:00:00Z"),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
    });
    let scheduler = Scheduler::new(app.clone(), Nowhere, None, Config::default());
    // The first tick computes every guild's next run (Monday 8 June).
    runtime.block_on(async {
        let report = scheduler.run_due(at("2026-06-03T12:00:00Z")).await.unwrap();
        assert!(report.is_empty());
    });

    let mut group = c.benchmark_group("digest");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.bench_function("compose 1000 guilds x 50 members (sqlite)", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                runtime.block_on(async {
                    let start = Instant::now();
                    for g in 0..GUILDS {
                        let view = digest::compose(&app, guild(g), at("2026-06-08T07:00:00Z"))
                            .await
                            .unwrap();
                        assert_eq!(view.team.members, MEMBERS);
                    }
                    total += start.elapsed();
                });
            }
            total
        });
    });
    group.sample_size(100);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("run_due with nothing due, 1000 guilds (sqlite)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let report = scheduler.run_due(at("2026-06-04T12:00:00Z")).await.unwrap();
                assert!(report.is_empty());
            })
        });
    });
    group.finish();
    runtime.block_on(app.close());
}

criterion_group!(benches, bench);
criterion_main!(benches);
