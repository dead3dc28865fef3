//! A fake Discord on 127.0.0.1: the REST routes a poise bot calls and the
//! gateway WebSocket (HELLO, IDENTIFY → READY, heartbeats, dispatches),
//! after ../shared/DISCORD_TESTING.md. Every request the bot makes is
//! recorded; tests send interactions and read what the bot really posted.
//!
//! Interaction payloads are built in one place ([`Fake::command`],
//! [`Fake::autocomplete`], [`Fake::click`]), with the fields serenity 0.12
//! requires, so a serenity upgrade needs one fix.

#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::sync::{Notify, mpsc};

pub const APP_ID: u64 = 900_000_000_000_000_001;
pub const GUILD: u64 = 800_000_000_000_000_001;
pub const CHANNEL: u64 = 700_000_000_000_000_001;
/// Permissions of an admin (everything) and of a plain member (no Manage
/// Server).
pub const ADMIN: &str = "2147483647";
pub const MEMBER: &str = "3072"; // view channel + send messages

/// A request the bot made.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// JSON body, or `payload_json` of a multipart body.
    pub json: Value,
    /// Files of a multipart body: (filename, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    pub headers: HashMap<String, String>,
    pub at: Instant,
}

/// A canned failure for requests whose path contains `path`.
#[derive(Debug, Clone)]
struct Failure {
    path: String,
    status: u16,
    body: Value,
    times: usize,
}

#[derive(Default)]
struct Inner {
    requests: Vec<Request>,
    failures: Vec<Failure>,
    gateway: Option<mpsc::UnboundedSender<String>>,
    ws_upgrades: usize,
    identifies: usize,
    /// The `shard` of each IDENTIFY: `[id, total]`.
    identified_shards: Vec<Value>,
    commands: Vec<Value>,
    attachments: HashMap<String, Vec<u8>>,
}

/// The fake. Cheap to clone.
#[derive(Clone)]
pub struct Fake {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
    changed: Arc<Notify>,
    seq: Arc<AtomicU64>,
    ids: Arc<AtomicU64>,
}

impl Fake {
    /// Starts the fake on a free port.
    pub async fn start() -> Fake {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let fake = Fake {
            addr: listener.local_addr().unwrap(),
            inner: Arc::default(),
            changed: Arc::default(),
            seq: Arc::new(AtomicU64::new(1)),
            ids: Arc::new(AtomicU64::new(1_000)),
        };
        let app = Router::new()
            .route("/gateway", get(gateway))
            .route("/attachments/{name}", get(attachment))
            .route("/api/v10/{*rest}", any(rest))
            .with_state(fake.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        fake
    }

    /// `SKILLBOT_DISCORD_API_URL` for the bot.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn next_id(&self) -> u64 {
        self.ids.fetch_add(1, Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.inner.lock().unwrap().requests.clone()
    }

    /// Answers the next `times` requests whose path contains `path` with
    /// `status` and a Discord JSON error `code`.
    pub fn fail(&self, path: &str, status: u16, code: u64, times: usize) {
        self.inner.lock().unwrap().failures.push(Failure {
            path: path.to_string(),
            status,
            body: json!({"code": code, "message": format!("fake error {code}")}),
            times,
        });
    }

    /// Serves a file at `/attachments/NAME` (for `/import`); returns its URL.
    pub fn host_attachment(&self, name: &str, bytes: &[u8]) -> String {
        self.inner
            .lock()
            .unwrap()
            .attachments
            .insert(name.to_string(), bytes.to_vec());
        format!("{}/attachments/{name}", self.url())
    }

    /// The commands the bot registered (the last PUT).
    pub fn commands(&self) -> Vec<Value> {
        self.inner.lock().unwrap().commands.clone()
    }

    pub fn ws_upgrades(&self) -> usize {
        self.inner.lock().unwrap().ws_upgrades
    }

    /// The `shard` field (`[id, total]`) of every IDENTIFY so far.
    pub fn identified_shards(&self) -> Vec<Value> {
        self.inner.lock().unwrap().identified_shards.clone()
    }

    /// Waits until `check` holds over the recorded requests.
    pub async fn wait_for<T>(
        &self,
        what: &str,
        timeout: Duration,
        check: impl Fn(&[Request]) -> Option<T>,
    ) -> T {
        let deadline = Instant::now() + timeout;
        loop {
            let notified = self.changed.notified();
            if let Some(found) = check(&self.inner.lock().unwrap().requests) {
                return found;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let paths: Vec<String> = self
                    .requests()
                    .iter()
                    .map(|r| format!("{} {}", r.method, r.path))
                    .collect();
                panic!("timed out waiting for {what}; requests so far: {paths:#?}");
            }
            let _ = tokio::time::timeout(left, notified).await;
        }
    }

    /// Waits until the bot has identified on the gateway and registered its
    /// commands.
    pub async fn wait_ready(&self) {
        self.wait_for("command registration", Duration::from_secs(20), |reqs| {
            reqs.iter()
                .any(|r| r.method == "PUT" && r.path.ends_with("/commands"))
                .then_some(())
        })
        .await;
    }

    /// Sends a dispatch to the connected bot.
    pub fn dispatch(&self, event: &str, data: Value) {
        let seq = self.seq.fetch_add(1, Ordering::SeqCst);
        let frame = json!({"op": 0, "s": seq, "t": event, "d": data}).to_string();
        let sender = self.inner.lock().unwrap().gateway.clone();
        sender
            .expect("the bot is connected to the gateway")
            .send(frame)
            .expect("gateway connection open");
    }

    /// Asks the bot to reconnect (op 7).
    pub fn reconnect(&self) {
        if let Some(sender) = self.inner.lock().unwrap().gateway.clone() {
            let _ = sender.send(json!({"op": 7, "d": null}).to_string());
        }
    }

    pub fn user(id: u64, name: &str) -> Value {
        json!({"id": id.to_string(), "username": name, "discriminator": "0",
               "global_name": name, "avatar": null})
    }

    fn member(user: &User) -> Value {
        json!({"user": Fake::user(user.id, &user.name), "roles": [], "nick": null,
               "joined_at": "2024-01-01T00:00:00Z", "deaf": false, "mute": false, "flags": 0,
               "permissions": user.permissions})
    }

    fn interaction(&self, kind: u8, user: &User, data: Value, in_dm: bool) -> (Value, String) {
        let id = self.next_id();
        let token = format!("tok{id}");
        let mut payload = json!({
            "id": id.to_string(), "application_id": APP_ID.to_string(), "type": kind,
            "token": token, "version": 1, "locale": "en-US", "entitlements": [],
            "attachment_size_limit": 8_388_608, "app_permissions": ADMIN,
            "channel_id": CHANNEL.to_string(), "data": data,
            "authorizing_integration_owners": {}, "context": if in_dm { 1 } else { 0 },
        });
        if in_dm {
            payload["user"] = Fake::user(user.id, &user.name);
        } else {
            payload["guild_id"] = GUILD.to_string().into();
            payload["guild_locale"] = "en-US".into();
            payload["member"] = Fake::member(user);
        }
        (payload, token)
    }

    /// Sends a slash command (`name` may be "skills set"); returns its
    /// interaction token.
    pub fn command(&self, user: &User, name: &str, options: Value) -> Interaction {
        self.command_with(user, name, options, json!({}), false)
    }

    /// A slash command in a DM.
    pub fn command_in_dm(&self, user: &User, name: &str, options: Value) -> Interaction {
        self.command_with(user, name, options, json!({}), true)
    }

    /// A slash command with `resolved` data (users, attachments, channels).
    pub fn command_with(
        &self,
        user: &User,
        name: &str,
        options: Value,
        resolved: Value,
        in_dm: bool,
    ) -> Interaction {
        let mut parts = name.split(' ');
        let top = parts.next().unwrap();
        let mut options = options;
        // Subcommands nest: [{type 1, name, options}].
        let subs: Vec<&str> = parts.collect();
        for sub in subs.iter().rev() {
            options = json!([{"type": 1, "name": sub, "options": options}]);
        }
        let data = json!({"id": "500000000000000000", "name": top, "type": 1,
                          "options": options, "resolved": resolved});
        let (payload, token) = self.interaction(2, user, data, in_dm);
        self.dispatch("INTERACTION_CREATE", payload);
        Interaction {
            fake: self.clone(),
            token,
            sent: Instant::now(),
        }
    }

    /// An autocomplete request: the option `focused` holds what was typed.
    pub fn autocomplete(&self, user: &User, name: &str, focused: &str, typed: &str) -> Interaction {
        let mut parts = name.split(' ');
        let top = parts.next().unwrap();
        let mut options = json!([{"type": 3, "name": focused, "value": typed, "focused": true}]);
        for sub in parts.collect::<Vec<_>>().iter().rev() {
            options = json!([{"type": 1, "name": sub, "options": options}]);
        }
        let data = json!({"id": "500000000000000000", "name": top, "type": 1, "options": options});
        let (payload, token) = self.interaction(4, user, data, false);
        self.dispatch("INTERACTION_CREATE", payload);
        Interaction {
            fake: self.clone(),
            token,
            sent: Instant::now(),
        }
    }

    /// A click on a button (`values` empty) or a choice in a select menu,
    /// under `message` (a message JSON the bot posted, e.g. a reply's).
    pub fn click(
        &self,
        user: &User,
        custom_id: &str,
        values: &[&str],
        message: Value,
    ) -> Interaction {
        let data = if values.is_empty() {
            json!({"custom_id": custom_id, "component_type": 2})
        } else {
            json!({"custom_id": custom_id, "component_type": 3, "values": values})
        };
        let (mut payload, token) = self.interaction(3, user, data, false);
        payload["message"] = message;
        self.dispatch("INTERACTION_CREATE", payload);
        Interaction {
            fake: self.clone(),
            token,
            sent: Instant::now(),
        }
    }

    /// A Message object as Discord returns it, with `body`'s content,
    /// embeds and components.
    pub fn message(&self, channel: u64, body: &Value) -> Value {
        json!({
            "id": self.next_id().to_string(), "channel_id": channel.to_string(),
            "author": Fake::user(APP_ID, "skillbot"),
            "content": body.get("content").cloned().unwrap_or(json!("")),
            "timestamp": "2024-01-01T00:00:00.000000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": body.get("embeds").cloned().unwrap_or(json!([])),
            "components": body.get("components").cloned().unwrap_or(json!([])),
            "pinned": false, "type": 0, "flags": body.get("flags").cloned().unwrap_or(json!(0)),
        })
    }
}

/// A user sending interactions.
#[derive(Debug, Clone)]
pub struct User {
    pub id: u64,
    pub name: String,
    pub permissions: &'static str,
}

impl User {
    pub fn admin(id: u64, name: &str) -> User {
        User {
            id,
            name: name.into(),
            permissions: ADMIN,
        }
    }

    pub fn member(id: u64, name: &str) -> User {
        User {
            id,
            name: name.into(),
            permissions: MEMBER,
        }
    }
}

/// What the bot answered to one interaction.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The callback type: 4 message, 5 deferred, 6 deferred update, 7
    /// update, 8 autocomplete.
    pub kind: u64,
    /// The message data (of the follow-up when the callback deferred).
    pub data: Value,
    pub files: Vec<(String, Vec<u8>)>,
    pub ephemeral: bool,
    /// From the interaction to the first callback.
    pub acknowledged_in: Duration,
    /// From the interaction to the complete reply.
    pub completed_in: Duration,
}

impl Reply {
    pub fn content(&self) -> String {
        self.data["content"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn embed(&self) -> &Value {
        &self.data["embeds"][0]
    }

    /// Every text of the reply: content, embed titles, descriptions, fields,
    /// footers.
    pub fn text(&self) -> String {
        let mut out = self.content();
        for e in self.data["embeds"].as_array().into_iter().flatten() {
            for key in ["title", "description"] {
                if let Some(t) = e[key].as_str() {
                    out.push('\n');
                    out.push_str(t);
                }
            }
            for f in e["fields"].as_array().into_iter().flatten() {
                out.push_str(&format!("\n{}\n{}", f["name"], f["value"]));
            }
            if let Some(t) = e["footer"]["text"].as_str() {
                out.push('\n');
                out.push_str(t);
            }
        }
        out
    }

    /// Every component id, in order (buttons and select menus).
    pub fn component_ids(&self) -> Vec<String> {
        self.data["components"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|row| row["components"].as_array().cloned().unwrap_or_default())
            .filter_map(|c| c["custom_id"].as_str().map(str::to_string))
            .collect()
    }

    /// Autocomplete choices as (name, value).
    pub fn choices(&self) -> Vec<(String, String)> {
        self.data["choices"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|c| {
                (
                    c["name"].as_str().unwrap_or_default().to_string(),
                    c["value"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }
}

/// An interaction sent to the bot.
pub struct Interaction {
    fake: Fake,
    pub token: String,
    sent: Instant,
}

impl Interaction {
    /// Waits for the bot's complete reply: the callback, and the follow-up
    /// or edit when the callback deferred.
    pub async fn reply(&self) -> Reply {
        let token = self.token.clone();
        let callback = self
            .fake
            .wait_for(
                &format!("the callback of {token}"),
                Duration::from_secs(15),
                |reqs| {
                    reqs.iter()
                        .find(|r| r.path.contains(&format!("/{token}/callback")))
                        .cloned()
                },
            )
            .await;
        let kind = callback.json["type"].as_u64().unwrap_or_default();
        let acknowledged_in = callback.at - self.sent;
        let flags = |v: &Value| v["flags"].as_u64().unwrap_or_default();
        if kind == 5 || kind == 6 {
            let followup = self
                .fake
                .wait_for(
                    &format!("the follow-up of {token}"),
                    Duration::from_secs(15),
                    |reqs| {
                        reqs.iter()
                            .find(|r| r.path.contains(&format!("/webhooks/{APP_ID}/{token}")))
                            .cloned()
                    },
                )
                .await;
            return Reply {
                kind,
                ephemeral: flags(&callback.json["data"]) & 64 != 0
                    || flags(&followup.json) & 64 != 0,
                data: followup.json,
                files: followup.files,
                acknowledged_in,
                completed_in: followup.at - self.sent,
            };
        }
        Reply {
            kind,
            ephemeral: flags(&callback.json["data"]) & 64 != 0,
            data: callback.json["data"].clone(),
            files: callback.files,
            acknowledged_in,
            completed_in: acknowledged_in,
        }
    }

    /// Every request the bot made for this interaction so far.
    pub fn requests(&self) -> Vec<Request> {
        self.fake
            .requests()
            .into_iter()
            .filter(|r| r.path.contains(&self.token))
            .collect()
    }
}

async fn attachment(State(fake): State<Fake>, Path(name): Path<String>) -> Response {
    match fake.inner.lock().unwrap().attachments.get(&name) {
        Some(bytes) => bytes.clone().into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn gateway(State(fake): State<Fake>, ws: WebSocketUpgrade) -> Response {
    fake.inner.lock().unwrap().ws_upgrades += 1;
    ws.on_upgrade(move |socket| session(fake, socket))
}

/// One gateway connection: HELLO, then READY on IDENTIFY (RESUMED on
/// RESUME), heartbeat ACKs, and the dispatches tests send.
async fn session(fake: Fake, mut socket: WebSocket) {
    let hello = json!({"op": 10, "d": {"heartbeat_interval": 41250}}).to_string();
    if socket.send(Message::Text(hello.into())).await.is_err() {
        return;
    }
    let (tx, mut rx) = mpsc::unbounded_channel::<String>();
    loop {
        tokio::select! {
            incoming = socket.recv() => {
                let Some(Ok(message)) = incoming else { break };
                let Message::Text(text) = message else { continue };
                let Ok(frame) = serde_json::from_str::<Value>(&text) else { continue };
                let reply = match frame["op"].as_u64() {
                    Some(1) => Some(json!({"op": 11})),
                    Some(2) => {
                        {
                            let mut inner = fake.inner.lock().unwrap();
                            inner.identifies += 1;
                            inner.identified_shards.push(frame["d"]["shard"].clone());
                            inner.gateway = Some(tx.clone());
                        }
                        let seq = fake.seq.fetch_add(1, Ordering::SeqCst);
                        Some(json!({"op": 0, "s": seq, "t": "READY", "d": {
                            "v": 10, "user": Fake::user(APP_ID, "skillbot"),
                            "guilds": [{"id": GUILD.to_string(), "unavailable": true}],
                            "session_id": "fake-session",
                            "resume_gateway_url": format!("ws://{}", fake.addr),
                            "application": {"id": APP_ID.to_string(), "flags": 0}}}))
                    }
                    Some(6) => {
                        fake.inner.lock().unwrap().gateway = Some(tx.clone());
                        let seq = fake.seq.fetch_add(1, Ordering::SeqCst);
                        Some(json!({"op": 0, "s": seq, "t": "RESUMED", "d": {}}))
                    }
                    _ => None,
                };
                if let Some(reply) = reply
                    && socket.send(Message::Text(reply.to_string().into())).await.is_err()
                {
                    break;
                }
                fake.changed.notify_waiters();
            }
            outgoing = rx.recv() => {
                let Some(frame) = outgoing else { break };
                let reconnect = frame.contains("\"op\":7");
                if socket.send(Message::Text(frame.into())).await.is_err() || reconnect {
                    break;
                }
            }
        }
    }
}

/// Every REST route: records the request, then answers like Discord.
async fn rest(
    State(fake): State<Fake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let (json, files) = if content_type.starts_with("multipart/form-data") {
        parse_multipart(&content_type, &body).await
    } else {
        (
            serde_json::from_slice(&body).unwrap_or(Value::Null),
            Vec::new(),
        )
    };
    let request = Request {
        method: method.to_string(),
        path: path.clone(),
        json: json.clone(),
        files,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or_default().to_string()))
            .collect(),
        at: Instant::now(),
    };
    let failure = {
        let mut inner = fake.inner.lock().unwrap();
        inner.requests.push(request);
        let failure = inner
            .failures
            .iter_mut()
            .find(|f| f.times > 0 && path.contains(&f.path))
            .map(|f| {
                f.times -= 1;
                f.clone()
            });
        if method == Method::PUT && path.ends_with("/commands") {
            inner.commands = json.as_array().cloned().unwrap_or_default();
        }
        failure
    };
    fake.changed.notify_waiters();
    if let Some(failure) = failure {
        let status = StatusCode::from_u16(failure.status).unwrap();
        return (status, Json(failure.body)).into_response();
    }
    let rest = path.trim_start_matches("/api/v10");
    let segments: Vec<&str> = rest.trim_matches('/').split('/').collect();
    match (method.as_str(), segments.as_slice()) {
        ("GET", ["gateway"]) => {
            Json(json!({"url": format!("ws://{}/gateway", fake.addr)})).into_response()
        }
        ("GET", ["oauth2", "applications", "@me"]) => Json(json!({
            "id": APP_ID.to_string(), "name": "skillbot", "icon": null, "description": "",
            "bot_public": true, "bot_require_code_grant": false, "verify_key": "00",
            "owner": Fake::user(1, "owner"), "team": null, "flags": 0}))
        .into_response(),
        ("PUT", ["applications", _, .., "commands"]) => {
            let echoed: Vec<Value> = json
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|mut c| {
                    c["id"] = fake.next_id().to_string().into();
                    c["application_id"] = APP_ID.to_string().into();
                    c["version"] = "1".into();
                    c["type"] = c.get("type").cloned().unwrap_or(json!(1));
                    c
                })
                .collect();
            Json(Value::Array(echoed)).into_response()
        }
        ("POST", ["interactions", _, _, "callback"]) => StatusCode::NO_CONTENT.into_response(),
        ("POST", ["webhooks", _, _]) | ("PATCH", ["webhooks", _, _, "messages", _]) => {
            Json(fake.message(CHANNEL, &json)).into_response()
        }
        ("GET", ["webhooks", _, _, "messages", _]) => {
            Json(fake.message(CHANNEL, &json!({}))).into_response()
        }
        ("POST", ["channels", channel, "messages"]) => {
            let channel = channel.parse().unwrap_or(CHANNEL);
            Json(fake.message(channel, &json)).into_response()
        }
        ("GET", ["channels", _, "messages"]) => Json(json!([])).into_response(),
        ("POST", ["users", "@me", "channels"]) => {
            let recipient = json["recipient_id"].as_str().unwrap_or("1").to_string();
            Json(json!({"id": (700_000_000_000_000_000u64 + recipient.len() as u64 + fake.next_id()).to_string(),
                        "type": 1, "last_message_id": null,
                        "recipients": [Fake::user(recipient.parse().unwrap_or(1), "member")]}))
            .into_response()
        }
        _ => (
            StatusCode::NOT_FOUND,
            Json(json!({"code": 0, "message": "404: Not Found"})),
        )
            .into_response(),
    }
}

/// `payload_json` and the files of a multipart body.
async fn parse_multipart(content_type: &str, body: &Bytes) -> (Value, Vec<(String, Vec<u8>)>) {
    let Some(boundary) = content_type.split("boundary=").nth(1) else {
        return (Value::Null, Vec::new());
    };
    let boundary = boundary.trim_matches('"').to_string();
    let stream = futures_util::stream::once({
        let body = body.clone();
        async move { Ok::<_, std::io::Error>(body) }
    });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut json = Value::Null;
    let mut files = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string);
        let bytes = field.bytes().await.unwrap_or_default().to_vec();
        if name == "payload_json" {
            json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        } else {
            files.push((filename.unwrap_or(name), bytes));
        }
    }
    (json, files)
}
