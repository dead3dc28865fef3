//! End to end through the fake Discord: the real poise bot, started as
//! `skillbot serve` starts it, answers interactions; the tests read what it
//! really posted (content, embeds, components, ephemeral flag, files).

use std::time::Duration;

use serde_json::{Value, json};
use skillbot::service::ids::DiscordId;
use skillbot::service::members;

use crate::bot_harness::{TOKEN, spawn_bot};
use crate::fake_discord::{Fake, GUILD, Reply, User};

/// Every reply must be acknowledged within Discord's 3 seconds.
const DEADLINE: Duration = Duration::from_secs(3);

fn id(raw: u64) -> DiscordId {
    DiscordId::new(raw).unwrap()
}

fn acknowledged_in_time(reply: &Reply) {
    assert!(
        reply.acknowledged_in < DEADLINE,
        "acknowledged after {:?}",
        reply.acknowledged_in
    );
}

/// A `member` option naming `user`, with the resolved data Discord sends.
fn member_option(user: &User) -> (Value, Value) {
    (
        json!({"type": 6, "name": "member", "value": user.id.to_string()}),
        json!({"users": {user.id.to_string(): Fake::user(user.id, &user.name)}}),
    )
}

fn string(name: &str, value: &str) -> Value {
    json!({"type": 3, "name": name, "value": value})
}

fn int(name: &str, value: i64) -> Value {
    json!({"type": 4, "name": name, "value": value})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_commands_of_the_design_are_registered_in_the_dev_guild() {
    let bot = spawn_bot().await;
    let puts: Vec<String> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .map(|r| r.path)
        .collect();
    assert_eq!(
        puts,
        [format!(
            "/api/v10/applications/{}/guilds/{GUILD}/commands",
            crate::fake_discord::APP_ID
        )]
    );
    assert_eq!(bot.fake.ws_upgrades(), 1, "the bot used the fake's gateway");
    let commands = bot.fake.commands();
    let find = |name: &str| {
        commands
            .iter()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("/{name} is registered"))
            .clone()
    };
    let ask = find("ask");
    assert_eq!(ask["options"][0]["name"], "question");
    assert_eq!(ask["options"][0]["type"], 3);
    let skills = find("skills");
    let set = skills["options"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "set")
        .unwrap();
    let names: Vec<&str> = set["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["skill", "level", "member"]);
    assert_eq!(set["options"][0]["autocomplete"], true);
    assert_eq!(set["options"][1]["type"], 4);
    assert_eq!(set["options"][1]["min_value"].as_f64(), Some(0.0));
    assert_eq!(set["options"][1]["max_value"].as_f64(), Some(5.0));
    assert_eq!(set["options"][2]["type"], 6);
    for admin in ["import", "export"] {
        assert_eq!(
            find(admin)["default_member_permissions"],
            "32",
            "/{admin} is hidden from members without Manage Server"
        );
    }
    for name in ["next", "learned", "role", "team", "mentor", "privacy"] {
        find(name);
    }
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_answers_with_source_skill_and_buttons() {
    let bot = spawn_bot().await;
    let ana = User::member(601, "Ana");
    let reply = bot
        .fake
        .command(
            &ana,
            "ask",
            json!([string("question", "how long does it take to learn docker?")]),
        )
        .reply()
        .await;
    acknowledged_in_time(&reply);
    assert_eq!(reply.kind, 4);
    assert!(!reply.ephemeral, "answers are for everyone in the channel");
    let embed = reply.embed();
    assert_eq!(embed["title"], "how long does it take to learn docker?");
    let description = embed["description"].as_str().unwrap();
    assert!(description.contains("months"), "{description}");
    assert!(
        description.contains("**"),
        "the snippet is highlighted: {description}"
    );
    let fields = embed["fields"].as_array().unwrap();
    assert_eq!(fields[0]["name"], "Source");
    assert!(fields[0]["value"].as_str().unwrap().contains('›'));
    assert!(
        reply.text().contains("Docker (`docker`)"),
        "{}",
        reply.text()
    );
    assert_eq!(reply.component_ids(), ["ask:more", "ask:next"]);

    // "More results" reads the question back from the embed.
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &reply.data);
    let more = bot.fake.click(&ana, "ask:more", &[], message).reply().await;
    acknowledged_in_time(&more);
    assert!(more.ephemeral);
    assert!(
        more.embed()["title"]
            .as_str()
            .unwrap()
            .starts_with("More on: how long")
    );
    assert!(
        more.embed()["fields"]
            .as_array()
            .is_some_and(|f| !f.is_empty())
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_says_so_when_it_has_no_material_and_works_in_dms() {
    let bot = spawn_bot().await;
    let bo = User::member(602, "Bo");
    let reply = bot
        .fake
        .command_in_dm(
            &bo,
            "ask",
            json!([string("question", "how do I bake sourdough bread at home")]),
        )
        .reply()
        .await;
    acknowledged_in_time(&reply);
    assert!(
        reply.text().contains("I don't have material on that yet."),
        "{}",
        reply.text()
    );
    assert_eq!(reply.component_ids(), ["ask:next"]);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ask_is_limited_to_ten_a_minute_per_user() {
    let bot = spawn_bot().await;
    let cy = User::member(603, "Cy");
    for _ in 0..10 {
        let reply = bot
            .fake
            .command(&cy, "ask", json!([string("question", "what is k8s")]))
            .reply()
            .await;
        assert!(!reply.ephemeral);
    }
    let limited = bot
        .fake
        .command(&cy, "ask", json!([string("question", "what is k8s")]))
        .reply()
        .await;
    assert!(limited.ephemeral);
    assert!(
        limited.content().contains("10 questions in a minute"),
        "{}",
        limited.content()
    );
    // Someone else still gets answers.
    let other = bot
        .fake
        .command(
            &User::member(604, "Di"),
            "ask",
            json!([string("question", "what is k8s")]),
        )
        .reply()
        .await;
    assert!(!other.ephemeral);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn skill_autocomplete_offers_kubernetes_for_kube_and_k8s() {
    let bot = spawn_bot().await;
    let ana = User::member(601, "Ana");
    for typed in ["kube", "k8s"] {
        let reply = bot
            .fake
            .autocomplete(&ana, "skills set", "skill", typed)
            .reply()
            .await;
        acknowledged_in_time(&reply);
        assert_eq!(reply.kind, 8);
        let choices = reply.choices();
        assert!(!choices.is_empty() && choices.len() <= 25, "{choices:?}");
        assert_eq!(choices[0].1, "kubernetes", "{typed}: {choices:?}");
    }
    let everything = bot
        .fake
        .autocomplete(&ana, "learned", "skill", "")
        .reply()
        .await;
    assert_eq!(everything.choices().len(), 25);
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_asks_for_a_role_then_i_already_know_this_stores_the_level() {
    let bot = spawn_bot().await;
    let eli = User::member(605, "Eli");
    // No role yet: a role picker instead of an error.
    let reply = bot.fake.command(&eli, "next", json!([])).reply().await;
    acknowledged_in_time(&reply);
    assert!(reply.ephemeral);
    assert_eq!(reply.component_ids(), ["role:pick:605"]);
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &reply.data);
    let picked = bot
        .fake
        .click(&eli, "role:pick:605", &["backend-developer"], message)
        .reply()
        .await;
    acknowledged_in_time(&picked);
    assert!(picked.ephemeral);
    let ids = picked.component_ids();
    assert_eq!(
        ids.len(),
        9,
        "three recommendations, three buttons each: {ids:?}"
    );
    assert!(
        picked.text().contains("Backend developer"),
        "{}",
        picked.text()
    );
    let know = ids
        .iter()
        .find(|i| i.starts_with("next:know:605:"))
        .unwrap()
        .clone();
    let skill = know.rsplit(':').next().unwrap().to_string();

    let message = bot.fake.message(crate::fake_discord::CHANNEL, &picked.data);
    let asked = bot.fake.click(&eli, &know, &[], message).reply().await;
    let level_menu = format!("next:level:605:{skill}");
    assert_eq!(asked.component_ids(), std::slice::from_ref(&level_menu));
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &asked.data);
    let stored = bot
        .fake
        .click(&eli, &level_menu, &["3"], message)
        .reply()
        .await;
    acknowledged_in_time(&stored);
    assert!(
        stored.content().contains("→ **3** (working)"),
        "{}",
        stored.content()
    );

    let view = members::show_member(&bot.app, id(GUILD), id(605))
        .await
        .unwrap();
    assert_eq!(view.role.as_deref(), Some("backend-developer"));
    let level = view.levels.iter().find(|l| l.skill == skill).unwrap();
    assert_eq!((level.level, level.source), (3, "self"));

    // Someone else cannot press Eli's buttons.
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &picked.data);
    let refused = bot
        .fake
        .click(&User::member(606, "Fay"), &know, &[], message)
        .reply()
        .await;
    assert!(refused.ephemeral);
    assert!(
        refused.content().contains("use /next for your own"),
        "{}",
        refused.content()
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn not_now_hides_a_skill_and_start_learning_records_progress() {
    let bot = spawn_bot().await;
    let gus = User::member(607, "Gus");
    bot.fake
        .command(
            &gus,
            "role set",
            json!([string("role", "backend-developer")]),
        )
        .reply()
        .await;
    let first = bot.fake.command(&gus, "next", json!([])).reply().await;
    let ids = first.component_ids();
    let snooze = ids
        .iter()
        .find(|i| i.starts_with("next:snooze:"))
        .unwrap()
        .clone();
    let hidden = snooze.rsplit(':').next().unwrap().to_string();
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &first.data);
    let snoozed = bot
        .fake
        .click(&gus, &snooze, &[], message.clone())
        .reply()
        .await;
    assert!(
        snoozed.content().contains("hidden"),
        "{}",
        snoozed.content()
    );
    let again = bot.fake.command(&gus, "next", json!([])).reply().await;
    assert!(
        !again
            .component_ids()
            .iter()
            .any(|i| i.ends_with(&format!(":{hidden}"))),
        "{hidden} is hidden: {:?}",
        again.component_ids()
    );
    assert!(again.text().contains("Hidden for now"), "{}", again.text());

    let start = again.component_ids()[0].clone();
    assert!(start.starts_with("next:start:607:"));
    let started_skill = start.rsplit(':').next().unwrap().to_string();
    let started = bot.fake.click(&gus, &start, &[], message).reply().await;
    assert!(
        started.content().starts_with("Started"),
        "{}",
        started.content()
    );
    let view = members::show_member(&bot.app, id(GUILD), id(607))
        .await
        .unwrap();
    let progress = view.recent_progress.last().unwrap();
    assert_eq!(
        (progress.skill.as_str(), progress.to_level),
        (started_skill.as_str(), 1)
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_commands_are_refused_with_the_permission_named() {
    let bot = spawn_bot().await;
    let member = User::member(608, "Hal");
    let refused = bot.fake.command(&member, "export", json!([])).reply().await;
    acknowledged_in_time(&refused);
    assert!(refused.ephemeral);
    assert!(
        refused
            .content()
            .contains("/export needs the Manage Server permission"),
        "{}",
        refused.content()
    );
    // Another member's skills: refused to a member, allowed to an admin.
    let other = User::member(609, "Ida");
    let (option, resolved) = member_option(&other);
    let refused = bot
        .fake
        .command_with(
            &member,
            "skills show",
            json!([option.clone()]),
            resolved.clone(),
            false,
        )
        .reply()
        .await;
    assert!(
        refused.content().contains("Manage Server"),
        "{}",
        refused.content()
    );
    let admin = User::admin(610, "Jo");
    let set = bot
        .fake
        .command_with(
            &admin,
            "skills set",
            json!([string("skill", "k8s"), int("level", 2), option]),
            resolved,
            false,
        )
        .reply()
        .await;
    assert!(
        set.content().contains("Kubernetes for Ida"),
        "{}",
        set.content()
    );
    assert!(set.content().contains("audit log"), "{}", set.content());
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn learned_goes_one_level_up_and_skills_show_lists_it() {
    let bot = spawn_bot().await;
    let kim = User::member(611, "Kim");
    let first = bot
        .fake
        .command(&kim, "learned", json!([string("skill", "postgres")]))
        .reply()
        .await;
    assert!(
        first.content().contains("not assessed → **1**"),
        "{}",
        first.content()
    );
    let second = bot
        .fake
        .command(
            &kim,
            "learned",
            json!([string("skill", "relational-databases")]),
        )
        .reply()
        .await;
    assert!(
        second.content().contains("1 → **2**"),
        "{}",
        second.content()
    );
    let shown = bot
        .fake
        .command(&kim, "skills show", json!([]))
        .reply()
        .await;
    assert!(shown.ephemeral);
    assert!(
        shown.text().contains("Relational databases"),
        "{}",
        shown.text()
    );
    let bad = bot
        .fake
        .command(&kim, "learned", json!([string("skill", "kubernets")]))
        .reply()
        .await;
    assert!(bad.ephemeral);
    assert!(
        bad.content().contains("did you mean 'kubernetes'"),
        "{}",
        bad.content()
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_then_team_posts_the_matrix_picture_and_export_round_trips() {
    let bot = spawn_bot().await;
    let admin = User::admin(612, "Lee");
    let csv = "user_id,name,role,java,docker,k8s\n\
               101,Ana,java-backend-developer,4,3,\n\
               102,Bo,backend-developer,2,,1\n\
               103,Cy,,3,4,4\n";
    let url = bot.fake.host_attachment("team.csv", csv.as_bytes());
    let resolved = json!({"attachments": {"3001": {
        "id": "3001", "filename": "team.csv", "size": csv.len(), "url": url, "proxy_url": url,
        "content_type": "text/csv", "ephemeral": true}}});
    let imported = bot
        .fake
        .command_with(
            &admin,
            "import",
            json!([{"type": 11, "name": "file", "value": "3001"}]),
            resolved,
            false,
        )
        .reply()
        .await;
    acknowledged_in_time(&imported);
    assert!(
        imported.content().starts_with("Imported 3 members (3 new)"),
        "{}",
        imported.content()
    );

    let team = bot.fake.command(&admin, "team", json!([])).reply().await;
    acknowledged_in_time(&team);
    assert!(
        team.text().contains("Where the team stands"),
        "{}",
        team.text()
    );
    let (name, png) = &team.files[0];
    assert_eq!(name, "skills-matrix.png");
    assert!(png.starts_with(b"\x89PNG"), "a PNG picture is attached");
    assert_eq!(
        team.embed()["image"]["url"],
        "attachment://skills-matrix.png"
    );

    let export = bot.fake.command(&admin, "export", json!([])).reply().await;
    assert!(export.ephemeral);
    let (name, bytes) = &export.files[0];
    assert_eq!(name, "skills-matrix.csv");
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with("user_id,name,role"), "{text}");
    assert!(
        text.contains("101,Ana,java-backend-developer,4,3"),
        "{text}"
    );

    // A bad file: every problem with its line and column, nothing imported.
    let bad = "user_id,name,role,dokcer\n104,Dee,,9\n";
    let url = bot.fake.host_attachment("bad.csv", bad.as_bytes());
    let resolved = json!({"attachments": {"3002": {
        "id": "3002", "filename": "bad.csv", "size": bad.len(), "url": url, "proxy_url": url,
        "ephemeral": true}}});
    let refused = bot
        .fake
        .command_with(
            &admin,
            "import",
            json!([{"type": 11, "name": "file", "value": "3002"}]),
            resolved,
            false,
        )
        .reply()
        .await;
    assert!(
        refused.content().contains("nothing was imported"),
        "{}",
        refused.content()
    );
    assert!(
        refused.content().contains("did you mean 'docker'"),
        "{}",
        refused.content()
    );
    assert_eq!(refused.files[0].0, "import-problems.txt");
    assert!(
        members::show_member(&bot.app, id(GUILD), id(104))
            .await
            .is_err(),
        "nothing was imported"
    );
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn privacy_forget_asks_first_then_deletes_every_row() {
    let bot = spawn_bot().await;
    let max = User::member(613, "Max");
    bot.fake
        .command(
            &max,
            "skills set",
            json!([string("skill", "docker"), int("level", 3)]),
        )
        .reply()
        .await;
    let exported = bot
        .fake
        .command(&max, "privacy export", json!([]))
        .reply()
        .await;
    assert!(exported.ephemeral);
    let data: Value = serde_json::from_slice(&exported.files[0].1).unwrap();
    assert_eq!(data["member"]["levels"][0]["skill"], "docker");

    let asked = bot
        .fake
        .command(&max, "privacy forget", json!([]))
        .reply()
        .await;
    assert!(asked.ephemeral);
    assert_eq!(
        asked.component_ids(),
        ["privacy:forget:613", "privacy:keep:613"]
    );
    // Only Max can confirm.
    let message = bot.fake.message(crate::fake_discord::CHANNEL, &asked.data);
    let other = bot
        .fake
        .click(
            &User::admin(614, "Ned"),
            "privacy:forget:613",
            &[],
            message.clone(),
        )
        .reply()
        .await;
    assert!(
        other.content().contains("Only the person who asked"),
        "{}",
        other.content()
    );
    assert!(
        members::show_member(&bot.app, id(GUILD), id(613))
            .await
            .is_ok()
    );

    let click = bot.fake.click(&max, "privacy:forget:613", &[], message);
    let done = bot
        .fake
        .wait_for("the edited confirmation", Duration::from_secs(10), |reqs| {
            reqs.iter()
                .find(|r| r.method == "PATCH" && r.path.contains(&click.token))
                .cloned()
        })
        .await;
    let text = done.json["content"].as_str().unwrap();
    assert!(text.starts_with("Done: deleted 1 levels"), "{text}");
    let gone = members::show_member(&bot.app, id(GUILD), id(613)).await;
    assert!(gone.is_err(), "the member is deleted");
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_discord_error_on_a_reply_is_logged_and_the_bot_keeps_serving() {
    let bot = spawn_bot().await;
    let ana = User::member(601, "Ana");
    bot.fake.fail("/callback", 500, 0, 1);
    let failed = bot
        .fake
        .command(&ana, "ask", json!([string("question", "what is docker")]));
    bot.fake
        .wait_for("the failed callback", Duration::from_secs(10), |reqs| {
            reqs.iter()
                .any(|r| r.path.contains(&failed.token))
                .then_some(())
        })
        .await;
    let reply = bot
        .fake
        .command(&ana, "ask", json!([string("question", "what is docker")]))
        .reply()
        .await;
    assert_eq!(reply.kind, 4);
    let mut metrics = String::new();
    for _ in 0..50 {
        let (status, text) = bot.get("/metrics").await;
        assert_eq!(status, 200);
        metrics = text;
        if metrics.contains("outcome=\"ok\"") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        metrics.contains("skillbot_discord_errors_total{code=\"0\",status=\"500\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("skillbot_commands_total{command=\"ask\",outcome=\"ok\"}"),
        "{metrics}"
    );
    assert!(
        metrics.contains("skillbot_ask_latency_seconds_bucket"),
        "{metrics}"
    );
    assert!(!metrics.contains(TOKEN));
    bot.stop().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_and_readiness_follow_the_gateway_and_shutdown_is_clean() {
    let bot = spawn_bot().await;
    assert_eq!(bot.get("/healthz").await.0, 200);
    let (status, body) = bot.get("/readyz").await;
    assert_eq!((status, body.as_str()), (200, "ready\n"));
    bot.stop().await.expect("serve ends cleanly on shutdown");
}

/// The binary, started exactly as outside checks start it (environment
/// only), against the fake Discord: it registers its commands, answers,
/// never prints the token (even at debug level) or exposes it in
/// `/metrics`, and exits 0 on SIGTERM.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_serves_from_the_environment_and_never_shows_the_token() {
    let fake = Fake::start().await;
    let dir = tempfile::tempdir().unwrap();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let mut child = crate::helpers::skillbot_command(dir.path())
        .arg("serve")
        .env("DISCORD_TOKEN", TOKEN)
        .env("SKILLBOT_DISCORD_API_URL", fake.url())
        .env("SKILLBOT_DEV_GUILD", GUILD.to_string())
        .env("SKILLBOT_HTTP_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "debug")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Drain the logs as they come: a full pipe would block the bot.
    let mut stderr = child.stderr.take().unwrap();
    let logs = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut text).ok();
        text
    });
    fake.wait_ready().await;
    let reply = fake
        .command(
            &User::member(620, "Pat"),
            "ask",
            json!([string("question", "what is docker")]),
        )
        .reply()
        .await;
    assert_eq!(reply.kind, 4);
    // The command is counted just after its reply is sent.
    let mut metrics = String::new();
    for _ in 0..50 {
        metrics = reqwest::get(format!("http://127.0.0.1:{port}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if metrics.contains("skillbot_commands_total") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(metrics.contains("skillbot_commands_total"), "{metrics}");
    assert!(!metrics.contains(TOKEN));
    // Discord saw the token, as it must.
    let auth = &fake.requests()[0].headers["authorization"];
    assert_eq!(auth, &format!("Bot {TOKEN}"));

    let pid = child.id().to_string();
    assert!(
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let output = tokio::task::spawn_blocking(move || child.wait_with_output())
        .await
        .unwrap()
        .unwrap();
    let logs = logs.join().unwrap();
    assert!(output.status.success(), "exit {:?}: {logs}", output.status);
    assert!(logs.contains("slash commands registered"), "{logs}");
    assert!(!logs.contains(TOKEN), "the token was logged");
    assert!(
        !logs.contains("c2tpbGxib3Q"),
        "part of the token was logged"
    );
}

#[test]
fn serve_without_a_token_names_both_ways_to_give_one() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::helpers::skillbot_command(dir.path())
        .arg("serve")
        .env_remove("DISCORD_TOKEN")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("DISCORD_TOKEN") && stderr.contains("--token-file"),
        "{stderr}"
    );
    let missing = dir.path().join("nope");
    let output = crate::helpers::skillbot_command(dir.path())
        .args(["serve", "--token-file"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read the token file"));
}

/// The digest end to end: an admin sets it up with /digest, a member opts
/// in to nudges, /digest now posts the digest (embed and picture) to the
/// channel and DMs the member who opted in — and nobody else.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn digest_now_posts_to_the_channel_and_dms_members_who_opted_in() {
    let bot = spawn_bot().await;
    let admin = User::admin(630, "Quinn");
    let learner = User::member(631, "Rae");
    let quiet = User::member(632, "Sam");
    for (user, role) in [
        (&admin, "java-backend-developer"),
        (&learner, "backend-developer"),
        (&quiet, "backend-developer"),
    ] {
        bot.fake
            .command(user, "role set", json!([string("role", role)]))
            .reply()
            .await;
    }
    bot.fake
        .command(
            &admin,
            "skills set",
            json!([string("skill", "docker"), int("level", 4)]),
        )
        .reply()
        .await;
    let channel = crate::fake_discord::CHANNEL + 5;
    let resolved = json!({"channels": {channel.to_string(): {
        "id": channel.to_string(), "name": "learning", "type": 0, "permissions": "2147483647"}}});
    let set = bot
        .fake
        .command_with(
            &admin,
            "digest channel",
            json!([{"type": 7, "name": "channel", "value": channel.to_string()}]),
            resolved,
            false,
        )
        .reply()
        .await;
    assert!(set.ephemeral);
    assert!(
        set.content().contains(&format!("posted in <#{channel}>")),
        "{}",
        set.content()
    );
    assert_eq!(
        set.content().matches("• ").count(),
        3,
        "the next three runs: {}",
        set.content()
    );
    let schedule = bot
        .fake
        .command(
            &admin,
            "digest schedule",
            json!([string("cron", "0 9 * * MON")]),
        )
        .reply()
        .await;
    assert!(
        schedule.content().contains("`0 9 * * MON`"),
        "{}",
        schedule.content()
    );
    let zone = bot
        .fake
        .command(
            &admin,
            "digest timezone",
            json!([string("zone", "Europe/Berlin")]),
        )
        .reply()
        .await;
    assert!(
        zone.content().contains("Europe/Berlin") && zone.content().contains("CET"),
        "{}",
        zone.content()
    );
    let bad = bot
        .fake
        .command(
            &admin,
            "digest schedule",
            json!([string("cron", "every monday")]),
        )
        .reply()
        .await;
    assert!(bad.ephemeral);
    assert!(!bad.content().is_empty());
    // Members cannot run /digest.
    let refused = bot
        .fake
        .command(&learner, "digest now", json!([]))
        .reply()
        .await;
    assert!(
        refused.content().contains("Manage Server"),
        "{}",
        refused.content()
    );

    bot.fake
        .command(&learner, "nudges on", json!([]))
        .reply()
        .await;
    let preview = bot
        .fake
        .command(&admin, "digest preview", json!([]))
        .reply()
        .await;
    assert!(preview.ephemeral);
    assert!(
        preview.text().contains("Weekly learning digest"),
        "{}",
        preview.text()
    );
    assert_eq!(preview.files[0].0, "skills-matrix.png");

    let now = bot
        .fake
        .command(&admin, "digest now", json!([]))
        .reply()
        .await;
    assert!(
        now.content().starts_with("Posted the digest"),
        "{}",
        now.content()
    );
    let posted = bot
        .fake
        .wait_for(
            "the digest in the channel",
            Duration::from_secs(10),
            |reqs| {
                reqs.iter()
                    .find(|r| {
                        r.method == "POST"
                            && r.path == format!("/api/v10/channels/{channel}/messages")
                    })
                    .cloned()
            },
        )
        .await;
    let embed = &posted.json["embeds"][0];
    assert!(
        embed["title"]
            .as_str()
            .unwrap()
            .starts_with("Weekly learning digest")
    );
    assert!(
        embed["footer"]["text"]
            .as_str()
            .unwrap()
            .starts_with("skillbot digest ")
    );
    assert!(
        posted
            .files
            .iter()
            .any(|(name, png)| name == "skills-matrix.png" && png.starts_with(b"\x89PNG"))
    );
    let text = embed.to_string();
    assert!(
        text.contains("Next steps") && text.contains("<@631>"),
        "{text}"
    );
    // One DM channel, for the member who opted in.
    let dms: Vec<String> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.path == "/api/v10/users/@me/channels")
        .map(|r| {
            r.json["recipient_id"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(dms, ["631"]);
    let nudge = bot
        .fake
        .wait_for("the DM nudge", Duration::from_secs(10), |reqs| {
            reqs.iter()
                .find(|r| {
                    r.method == "POST"
                        && r.path.ends_with("/messages")
                        && r.json.to_string().contains("Your next step this week")
                })
                .cloned()
        })
        .await;
    let body = nudge.json.to_string();
    assert!(
        body.contains(&format!("nudge:start:{GUILD}:631:")),
        "a button to mark progress: {body}"
    );
    assert!(
        body.contains("From the handbook"),
        "a short excerpt: {body}"
    );
    bot.stop().await.unwrap();
}

/// A comparison is answered side by side, and personalised for the
/// asker's role.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn comparisons_are_side_by_side_and_personal() {
    let bot = spawn_bot().await;
    let tia = User::member(640, "Tia");
    bot.fake
        .command(
            &tia,
            "role set",
            json!([string("role", "java-backend-developer")]),
        )
        .reply()
        .await;
    let reply = bot
        .fake
        .command(
            &tia,
            "ask",
            json!([string("question", "should I learn java or python first?")]),
        )
        .reply()
        .await;
    let fields = reply.embed()["fields"].as_array().unwrap().clone();
    let inline: Vec<&str> = fields
        .iter()
        .filter(|f| f["inline"] == true && f["name"] != "Skill")
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(inline, ["Java", "Python"], "{fields:#?}");
    let text = reply.text();
    assert!(text.contains("How they differ"), "{text}");
    assert!(
        text.contains("Java backend developer"),
        "the role is named: {text}"
    );
    // The same question in a DM: side by side, without the personal line.
    let dm = bot
        .fake
        .command_in_dm(
            &tia,
            "ask",
            json!([string("question", "docker vs kubernetes")]),
        )
        .reply()
        .await;
    assert!(
        dm.text().contains("Docker") && dm.text().contains("Kubernetes"),
        "{}",
        dm.text()
    );
    bot.stop().await.unwrap();
}
