//! `cargo bench -p skillbot --bench store` — the team store on SQLite:
//! importing a 1,000-member × 60-skill matrix into an empty database (the
//! issue's budget: ≤ 2 s), and the team report of that guild as JSON
//! (budget: ≤ 200 ms), both through the service and through the real
//! `skillbot team --json` process.

use std::hint::black_box;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::{import, report};
use skillbot::{App, Settings};

const MEMBERS: usize = 1000;
const SKILLS: usize = 60;

#[path = "../tests/it/fixtures.rs"]
mod fixtures;

fn app(dir: &std::path::Path) -> App {
    let settings = Settings {
        data_dir: Some(dir.to_path_buf()),
        ..Settings::default()
    };
    App::new(settings).expect("app")
}

fn guild() -> DiscordId {
    DiscordId::new(1).expect("guild id")
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let csv = fixtures::matrix_csv(MEMBERS, SKILLS);
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(15));

    group.bench_function("import 1000x60 csv into empty sqlite", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().expect("tempdir");
                let app = app(dir.path());
                runtime.block_on(async {
                    app.store().await.expect("store");
                    let start = Instant::now();
                    let view = import::import_csv(&app, guild(), csv.as_bytes(), IfMissing::Create)
                        .await
                        .expect("import");
                    total += start.elapsed();
                    assert_eq!(view.members, MEMBERS);
                    app.close().await;
                });
            }
            total
        });
    });

    let dir = tempfile::tempdir().expect("tempdir");
    let app = app(dir.path());
    runtime.block_on(async {
        import::import_csv(&app, guild(), csv.as_bytes(), IfMissing::Create)
            .await
            .expect("import");
    });
    group.bench_function("team report json 1000x60 (service)", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let view = report::team_report(&app, Some(guild()))
                    .await
                    .expect("report");
                black_box(serde_json::to_string_pretty(&view).expect("json"))
            })
        });
    });
    runtime.block_on(app.close());

    group.bench_function("skillbot team --json 1000x60 (process)", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_skillbot"))
                .args(["team", "--guild", "1", "--json"])
                .env("SKILLBOT_DATA_DIR", dir.path())
                .env_remove("DATABASE_URL")
                .env_remove("SKILLBOT_CONFIG")
                .output()
                .expect("run skillbot");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            black_box(out.stdout.len())
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
