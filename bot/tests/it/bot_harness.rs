//! The real bot, built as `skillbot serve` builds it, against the fake
//! Discord: [`spawn_bot`] gives each test a fresh database, a fake Discord
//! on a free port and a running bot, and stops the bot when dropped.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::OnceLock;

use skillbot::serve::{ServeOptions, serve_until};
use skillbot::{App, Settings};
use tokio::sync::oneshot;

use crate::fake_discord::{Fake, GUILD};
use crate::helpers::TestDb;

/// The token the tests give the bot: it must never show in logs or metrics.
pub const TOKEN: &str = "fake-token-c2tpbGxib3Q.do-not-print";

/// One data directory per test process: the handbook index is built once
/// and shared (each test still has its own database).
fn shared_data_dir() -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary directory");
        dir.keep()
    })
    .clone()
}

pub struct TestBot {
    pub fake: Fake,
    pub db: TestDb,
    pub app: App,
    /// The health endpoint.
    pub health: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

pub async fn spawn_bot() -> TestBot {
    spawn_bot_on(TestDb::sqlite()).await
}

pub async fn spawn_bot_on(db: TestDb) -> TestBot {
    let fake = Fake::start().await;
    let settings = Settings {
        data_dir: Some(shared_data_dir()),
        database_url: Some(db.url.clone().into()),
        discord_token: Some(TOKEN.to_string().into()),
        discord_api_url: Some(fake.url()),
        dev_guild: Some(GUILD.to_string()),
        http_addr: Some("127.0.0.1:0".into()),
        ..Settings::default()
    };
    let app = App::new(settings).expect("app");
    let (stop, stopped) = oneshot::channel::<()>();
    let (listening, addr) = oneshot::channel();
    let task = tokio::spawn(serve_until(
        app.clone(),
        ServeOptions::default(),
        async move {
            let _ = stopped.await;
        },
        Some(listening),
    ));
    let health = addr.await.expect("the bot started its health endpoint");
    fake.wait_ready().await;
    TestBot {
        fake,
        db,
        app,
        health,
        stop: Some(stop),
        task: Some(task),
    }
}

impl TestBot {
    /// Stops the bot as SIGTERM would, and returns how `serve` ended.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        let _ = self.stop.take().expect("running").send(());
        let result = self
            .task
            .take()
            .expect("running")
            .await
            .expect("serve task");
        self.app.close().await;
        result
    }

    /// GET on the health endpoint: (status, body).
    pub async fn get(&self, path: &str) -> (u16, String) {
        let response = reqwest::get(format!("http://{}{path}", self.health))
            .await
            .expect("health endpoint answers");
        (
            response.status().as_u16(),
            response.text().await.unwrap_or_default(),
        )
    }
}

impl Drop for TestBot {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
