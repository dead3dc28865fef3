//! The store and the team service on both backends: schema, levels and
//! their history under concurrency, transactions, forget, run claims, and
//! the team report.

use std::collections::BTreeSet;

use chrono::{TimeZone, Utc};
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::import::{self, ExportFormat};
use skillbot::service::members::{self as member_service, LevelChange, MemberUpdate};
use skillbot::service::{privacy, report};
use skillbot::store::levels::{LevelWrite, Source};
use skillbot::store::members::Profile;
use skillbot::store::{Backend, Store, audit, guilds, levels, members, progress, runs};
use skillbot_recommender::Level;

use crate::on_both_backends;

const GUILD: i64 = 900_000_000_000_000_001;

fn id(n: u64) -> DiscordId {
    DiscordId::new(n).unwrap()
}

fn level(n: u8) -> Level {
    Level::try_from(n).unwrap()
}

/// A member row in `GUILD`, committed.
async fn member(store: &Store, user: i64) -> i64 {
    let mut tx = store.begin().await.unwrap();
    guilds::ensure(&mut tx, GUILD, Utc::now()).await.unwrap();
    let (id, _) = members::ensure(&mut tx, GUILD, user, Utc::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn set(store: &Store, member_id: i64, skill: &str, level: u8) -> Vec<levels::Change> {
    let mut tx = store.begin().await.unwrap();
    let write = LevelWrite {
        member_id,
        skill,
        level,
        source: Source::Manager,
        note: None,
    };
    let changes = levels::apply(&mut tx, &[write], Utc::now()).await.unwrap();
    tx.commit().await.unwrap();
    changes
}

async fn events(store: &Store, member_id: i64) -> Vec<progress::Event> {
    let mut tx = store.read().await.unwrap();
    progress::for_member(&mut tx, member_id, 1000)
        .await
        .unwrap()
}

async fn level_of(store: &Store, member_id: i64, skill: &str) -> Option<u8> {
    let mut tx = store.read().await.unwrap();
    levels::for_member(&mut tx, member_id)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.skill == skill)
        .map(|l| l.level)
}

/// Each event starts where the previous one ended.
fn assert_chain(events: &[progress::Event]) {
    for pair in events.windows(2) {
        assert_eq!(
            pair[1].from_level,
            Some(pair[0].to_level),
            "event {} does not continue event {}",
            pair[1].id,
            pair[0].id
        );
    }
}

on_both_backends! {
    async fn migrations_apply_once_and_record_the_schema(db: &TestDb) {
        let store = Store::connect(&db.url).await.unwrap();
        assert_eq!(store.backend(), db.backend);
        let applied = store.migrate().await.unwrap();
        assert_eq!(applied[0].description, "team data");
        assert_eq!(applied.last().map(|v| v.version), store.latest_known_version());
        assert!(store.migrate().await.unwrap().is_empty(), "second run applies nothing");
        let versions = store.schema_versions().await.unwrap();
        assert_eq!(versions.last().map(|v| v.version), store.latest_known_version());
    }
}

on_both_backends! {
    async fn schema_checks_reject_impossible_values(db: &TestDb) {
        let store = db.store().await;
        let m = member(&store, 1).await;
        let mut tx = store.begin().await.unwrap();
        let write = LevelWrite { member_id: m, skill: "docker", level: 6, source: Source::SelfAssessed, note: None };
        let err = levels::apply(&mut tx, &[write], Utc::now()).await.unwrap_err();
        assert!(format!("{err:#}").contains("saving 1 skill levels"), "{err:#}");
        drop(tx);
        // A level set for a member row that does not exist is refused too.
        let mut tx = store.begin().await.unwrap();
        let write = LevelWrite { member_id: m + 999, skill: "docker", level: 2, source: Source::SelfAssessed, note: None };
        assert!(levels::apply(&mut tx, &[write], Utc::now()).await.is_err());
        drop(tx);
        assert_eq!(level_of(&store, m, "docker").await, None);
    }
}

on_both_backends! {
    async fn member_upsert_keeps_what_is_not_given(db: &TestDb) {
        let store = db.store().await;
        let now = Utc::now();
        let mut tx = store.begin().await.unwrap();
        guilds::ensure(&mut tx, GUILD, now).await.unwrap();
        let full = Profile { user_id: 7, display_name: Some("Ana"), role: Some("backend-developer") };
        let (m, created) = members::upsert(&mut tx, GUILD, &full, now).await.unwrap();
        assert!(created);
        let role_only = Profile { user_id: 7, display_name: None, role: Some("frontend-developer") };
        let (again, created) = members::upsert(&mut tx, GUILD, &role_only, now).await.unwrap();
        assert!(!created);
        assert_eq!(again.id, m.id);
        assert_eq!(again.display_name.as_deref(), Some("Ana"));
        assert_eq!(again.role.as_deref(), Some("frontend-developer"));
        assert!(!again.nudge_opt_in);
        members::set_nudge_opt_in(&mut tx, m.id, true, now).await.unwrap();
        tx.commit().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let stored = members::get(&mut tx, GUILD, 7).await.unwrap().unwrap();
        assert!(stored.nudge_opt_in);
        assert_eq!(guilds::with_members(&mut tx).await.unwrap(), [GUILD]);
        let guild = guilds::get(&mut tx, GUILD).await.unwrap().unwrap();
        assert_eq!(guild.time_zone, "UTC");
        assert!(!guild.digest_enabled);
    }
}

on_both_backends! {
    async fn guild_digest_settings_round_trip(db: &TestDb) {
        let store = db.store().await;
        let mut tx = store.begin().await.unwrap();
        assert!(guilds::ensure(&mut tx, GUILD, Utc::now()).await.unwrap());
        assert!(!guilds::ensure(&mut tx, GUILD, Utc::now()).await.unwrap());
        let settings = guilds::DigestSettings {
            digest_channel_id: Some(42),
            digest_cron: "0 9 * * MON",
            time_zone: "Europe/Berlin",
            grace_minutes: 120,
            digest_enabled: true,
            digest_disabled_reason: None,
        };
        assert!(guilds::set_digest_settings(&mut tx, GUILD, &settings, Utc::now()).await.unwrap());
        assert!(!guilds::set_digest_settings(&mut tx, 5, &settings, Utc::now()).await.unwrap());
        let guild = guilds::get(&mut tx, GUILD).await.unwrap().unwrap();
        assert_eq!(guild.digest_channel_id, Some(42));
        assert_eq!(guild.time_zone, "Europe/Berlin");
        assert_eq!(guild.grace_minutes, 120);
        assert!(guild.digest_enabled);
        // Grace period beyond a week breaks a CHECK constraint.
        let bad = guilds::DigestSettings { grace_minutes: 100_000, ..settings };
        assert!(guilds::set_digest_settings(&mut tx, GUILD, &bad, Utc::now()).await.is_err());
    }
}

on_both_backends! {
    async fn only_changes_are_recorded_as_progress(db: &TestDb) {
        let store = db.store().await;
        let m = member(&store, 1).await;
        assert_eq!(set(&store, m, "docker", 2).await.len(), 1);
        assert!(set(&store, m, "docker", 2).await.is_empty(), "same level: no event");
        let changes = set(&store, m, "docker", 3).await;
        assert_eq!(changes[0].from, Some(2));
        assert_eq!(changes[0].to, 3);
        let events = events(&store, m).await;
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].from_level, None);
        assert_eq!(events[0].to_level, 2);
        assert_chain(&events);
        assert_eq!(level_of(&store, m, "docker").await, Some(3));
    }
}

on_both_backends! {
    /// Fifty read-modify-write transactions race on one member: each reads
    /// the level and writes the next one. Serialised correctly, the level
    /// goes round 0→1→…→5→0 fifty times with one event each; a lost update
    /// would repeat a step and break the chain.
    async fn fifty_concurrent_updates_for_one_member_lose_nothing(db: &TestDb) {
        let store = db.store().await;
        let m = member(&store, 1).await;
        set(&store, m, "rust", 0).await;
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tx = store.begin().await.unwrap();
                    assert!(members::lock(&mut tx, m).await.unwrap());
                    let current = levels::for_member(&mut tx, m)
                        .await
                        .unwrap()
                        .into_iter()
                        .find(|l| l.skill == "rust")
                        .map_or(0, |l| l.level);
                    let write = LevelWrite {
                        member_id: m,
                        skill: "rust",
                        level: (current + 1) % 6,
                        source: Source::SelfAssessed,
                        note: Some("bump"),
                    };
                    let changes = levels::apply(&mut tx, &[write], Utc::now()).await.unwrap();
                    tx.commit().await.unwrap();
                    changes.len()
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap(), 1);
        }
        assert_eq!(level_of(&store, m, "rust").await, Some(50 % 6));
        let events = events(&store, m).await;
        assert_eq!(events.len(), 51, "the first set plus 50 updates");
        assert_chain(&events);
        for e in &events[1..] {
            assert_eq!(e.to_level, (e.from_level.unwrap() + 1) % 6);
        }
    }
}

on_both_backends! {
    /// Fifty concurrent `level set`s through the service (alternating 2 and
    /// 4, as fifty people might click at once): every call succeeds, each
    /// change has exactly one event, and the final level is the last
    /// event's.
    async fn fifty_concurrent_level_sets_stay_consistent(db: &TestDb) {
        let app = db.app();
        let tasks: Vec<_> = (0..50u8)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move {
                    let change = LevelChange {
                        guild: id(GUILD as u64),
                        user: id(77),
                        skill: "k8s",
                        level: level(if i % 2 == 0 { 2 } else { 4 }),
                        note: None,
                        by: None,
                        if_missing: IfMissing::Create,
                    };
                    member_service::set_level(&app, &change).await.unwrap()
                })
            })
            .collect();
        let mut changed = 0;
        let mut created = 0;
        for task in tasks {
            let view = task.await.unwrap();
            changed += usize::from(view.changed);
            created += usize::from(view.member_created);
        }
        assert_eq!(created, 1, "the member is added exactly once");
        let store = app.store().await.unwrap();
        let m = {
            let mut tx = store.read().await.unwrap();
            members::id_of(&mut tx, GUILD, 77).await.unwrap().unwrap()
        };
        let events = events(&store, m).await;
        assert_eq!(events.len(), changed);
        assert!(changed >= 1);
        assert_chain(&events);
        assert_eq!(level_of(&store, m, "kubernetes").await, Some(events.last().unwrap().to_level));
    }
}

on_both_backends! {
    async fn a_transaction_dropped_half_way_leaves_nothing(db: &TestDb) {
        let app = db.app();
        let csv = "user_id,name,role,docker,java\n1,Ana,,3,4\n2,Bo,,1,\n3,Cy,,,2\n";
        let plan = import::parse_import(app.catalog(), csv.as_bytes()).unwrap();
        let store = app.store().await.unwrap();
        // A crash after the first rows: the import's writes happen, then
        // something fails before the commit.
        let mut tx = store.begin().await.unwrap();
        import::apply_import(&mut tx, id(GUILD as u64), &plan.truncated(2), Utc::now()).await.unwrap();
        let write = LevelWrite { member_id: -1, skill: "docker", level: 1, source: Source::Manager, note: None };
        assert!(levels::apply(&mut tx, &[write], Utc::now()).await.is_err(), "injected failure");
        drop(tx);
        let mut tx = store.read().await.unwrap();
        assert!(members::list(&mut tx, GUILD).await.unwrap().is_empty());
        assert!(levels::for_guild(&mut tx, GUILD).await.unwrap().is_empty());
        assert!(audit::for_guild(&mut tx, GUILD).await.unwrap().is_empty());
        drop(tx);
        // The whole file then imports in full.
        let view = import::import_csv(&app, id(GUILD as u64), csv.as_bytes(), IfMissing::Create).await.unwrap();
        assert_eq!((view.members, view.members_created, view.levels_changed), (3, 3, 4));
        let mut tx = store.read().await.unwrap();
        assert_eq!(levels::for_guild(&mut tx, GUILD).await.unwrap().len(), 4);
    }
}

on_both_backends! {
    async fn import_records_progress_and_a_second_import_only_changes(db: &TestDb) {
        let app = db.app();
        let guild = id(GUILD as u64);
        let first = "user_id,name,role,docker,java\n1,Ana,java-backend-developer,3,4\n2,Bo,,1,\n";
        import::import_csv(&app, guild, first.as_bytes(), IfMissing::Create).await.unwrap();
        // Bo's docker rises, Ana's stays; empty cells keep stored levels,
        // an empty name keeps the stored name.
        let second = "user_id,name,role,docker,java\n1,,,3,\n2,Bo,,2,\n";
        let view = import::import_csv(&app, guild, second.as_bytes(), IfMissing::Create).await.unwrap();
        assert_eq!((view.levels_changed, view.levels_unchanged, view.members_created), (1, 1, 0));
        let ana = member_service::show_member(&app, guild, id(1)).await.unwrap();
        assert_eq!(ana.name.as_deref(), Some("Ana"));
        assert_eq!(ana.role.as_deref(), Some("java-backend-developer"));
        assert_eq!(ana.levels.iter().map(|l| (l.skill.as_str(), l.level)).collect::<Vec<_>>(), [("java", 4), ("docker", 3)]);
        let bo = member_service::show_member(&app, guild, id(2)).await.unwrap();
        let steps: Vec<_> = bo.recent_progress.iter().map(|e| (e.from_level, e.to_level)).collect();
        assert_eq!(steps, [(None, 1), (Some(1), 2)]);
        assert_eq!(bo.recent_progress[0].note.as_deref(), Some("imported from CSV"));
        assert!(bo.levels.iter().all(|l| l.source == "manager"));
    }
}

on_both_backends! {
    async fn export_round_trips_through_import(db: &TestDb) {
        let app = db.app();
        let csv = "user_id,name,role,k8s,Java,docker\n\
                   30,\"Lee, Ann\",senior-backend-developer,4,,0\n\
                   10,Ana,java-backend-developer,,5,2\n\
                   20,,,,,\n";
        import::import_csv(&app, id(1), csv.as_bytes(), IfMissing::Create).await.unwrap();
        let first = import::export(&app, id(1), ExportFormat::Csv).await.unwrap();
        assert_eq!(
            first,
            "user_id,name,role,java,docker,kubernetes\n\
             10,Ana,java-backend-developer,5,2,\n\
             20,,,,,\n\
             30,\"Lee, Ann\",senior-backend-developer,,0,4\n"
        );
        import::import_csv(&app, id(2), first.as_bytes(), IfMissing::Create).await.unwrap();
        let second = import::export(&app, id(2), ExportFormat::Csv).await.unwrap();
        assert_eq!(first, second);
        let json: serde_json::Value =
            serde_json::from_str(&import::export(&app, id(2), ExportFormat::Json).await.unwrap()).unwrap();
        assert_eq!(json["guild"], "2");
        assert_eq!(json["members"][0]["user_id"], "10");
        assert_eq!(json["members"][0]["levels"], serde_json::json!({"docker": 2, "java": 5}));
        assert_eq!(json["members"][1]["name"], serde_json::Value::Null);
        assert_eq!(json["members"][2]["levels"]["kubernetes"], 4);
    }
}

on_both_backends! {
    async fn level_changes_by_someone_else_are_audited(db: &TestDb) {
        let app = db.app();
        let guild = id(GUILD as u64);
        let by_self = LevelChange { guild, user: id(5), skill: "python", level: level(2), note: Some("course done"), by: Some(id(5)), if_missing: IfMissing::Create };
        let view = member_service::set_level(&app, &by_self).await.unwrap();
        assert_eq!((view.source, view.audited, view.member_created), ("self", false, true));
        let by_lead = LevelChange { level: level(3), by: Some(id(6)), ..by_self.clone() };
        let view = member_service::set_level(&app, &by_lead).await.unwrap();
        assert_eq!((view.source, view.audited, view.from_level), ("manager", true, Some(2)));
        // Unchanged: nothing to audit.
        assert!(!member_service::set_level(&app, &by_lead).await.unwrap().audited);
        let store = app.store().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let log = audit::for_guild(&mut tx, GUILD).await.unwrap();
        assert_eq!(log.len(), 1);
        assert_eq!((log[0].actor_user_id, log[0].subject_user_id), (Some(6), Some(5)));
        assert_eq!(log[0].action, "level.set");
        assert_eq!(log[0].detail, "set python from 2 to 3");
    }
}

on_both_backends! {
    async fn forget_deletes_every_row_about_the_member(db: &TestDb) {
        const GONE: u64 = 412_345_678_901_234_567;
        const STAYS: u64 = 498_765_432_109_876_543;
        let app = db.app();
        let guild = id(GUILD as u64);
        let change = |user, by, skill| LevelChange { guild, user: id(user), skill, level: level(3), note: None, by: Some(id(by)), if_missing: IfMissing::Create };
        let update = MemberUpdate { name: Some("Forgettable Name"), role: Some("backend-developer"), ..MemberUpdate::default() };
        member_service::set_member(&app, guild, id(GONE), &update, IfMissing::Create).await.unwrap();
        member_service::set_level(&app, &change(GONE, STAYS, "docker")).await.unwrap(); // about GONE
        member_service::set_level(&app, &change(STAYS, GONE, "docker")).await.unwrap(); // by GONE
        member_service::set_level(&app, &change(GONE, GONE, "git")).await.unwrap();
        let store = app.store().await.unwrap();
        let m = {
            let mut tx = store.begin().await.unwrap();
            let m = members::id_of(&mut tx, GUILD, GONE as i64).await.unwrap().unwrap();
            let at = Utc.with_ymd_and_hms(2030, 1, 7, 9, 0, 0).unwrap();
            runs::claim_nudge(&mut tx, m, at, Utc::now()).await.unwrap().unwrap();
            tx.commit().await.unwrap();
            m
        };
        let view = privacy::forget(&app, guild, id(GONE)).await.unwrap();
        assert_eq!((view.levels, view.progress_events, view.nudge_runs, view.audit_entries), (2, 2, 1, 1));

        let mut tx = store.read().await.unwrap();
        assert!(members::get(&mut tx, GUILD, GONE as i64).await.unwrap().is_none());
        assert!(levels::for_member(&mut tx, m).await.unwrap().is_empty());
        assert_eq!(progress::count_for_member(&mut tx, m).await.unwrap(), 0);
        assert!(runs::nudges_for_member(&mut tx, m).await.unwrap().is_empty());
        let log = audit::for_guild(&mut tx, GUILD).await.unwrap();
        // STAYS' entry remains with the forgotten actor blanked, plus one
        // forget entry; nothing names the forgotten member.
        assert_eq!(log.len(), 2, "{log:#?}");
        for entry in &log {
            assert_ne!(entry.actor_user_id, Some(GONE as i64));
            assert_ne!(entry.subject_user_id, Some(GONE as i64));
            assert!(!entry.detail.contains(&GONE.to_string()) && !entry.detail.contains("Forgettable"));
        }
        let kept = log.iter().find(|e| e.action == "level.set").unwrap();
        assert_eq!((kept.actor_user_id, kept.subject_user_id), (None, Some(STAYS as i64)));
        let forgot = log.iter().find(|e| e.action == "member.forget").unwrap();
        assert_eq!((forgot.actor_user_id, forgot.subject_user_id), (None, None));
        // The other member is untouched.
        let other = members::id_of(&mut tx, GUILD, STAYS as i64).await.unwrap().unwrap();
        assert_eq!(levels::for_member(&mut tx, other).await.unwrap().len(), 1);
        drop(tx);
        let err = privacy::forget(&app, guild, id(GONE)).await.unwrap_err();
        assert!(skillbot::error::user_message(&err).unwrap().contains("nothing to forget"));
    }
}

on_both_backends! {
    async fn a_scheduled_run_is_claimed_exactly_once(db: &TestDb) {
        let store = db.store().await;
        let m = member(&store, 1).await;
        let at = Utc.with_ymd_and_hms(2030, 1, 7, 8, 0, 0).unwrap();
        // Ten replicas race for the same digest and the same nudge.
        let tasks: Vec<_> = (0..10)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move {
                    let mut tx = store.begin().await.unwrap();
                    let digest = runs::claim_digest(&mut tx, GUILD, at, Utc::now()).await.unwrap();
                    let nudge = runs::claim_nudge(&mut tx, m, at, Utc::now()).await.unwrap();
                    tx.commit().await.unwrap();
                    (digest.is_some(), nudge.is_some())
                })
            })
            .collect();
        let mut wins = (0, 0);
        for task in tasks {
            let (d, n) = task.await.unwrap();
            wins.0 += usize::from(d);
            wins.1 += usize::from(n);
        }
        assert_eq!(wins, (1, 1));
        let mut tx = store.begin().await.unwrap();
        let run = runs::digest_run(&mut tx, GUILD, at).await.unwrap().unwrap();
        assert_eq!(run.status, runs::RunStatus::Claimed);
        assert_eq!((run.attempts, run.posted_at, run.message_id), (0, None, None));
        // Another scheduled time is a new run.
        let next = at + chrono::Duration::weeks(1);
        assert!(runs::claim_digest(&mut tx, GUILD, next, Utc::now()).await.unwrap().is_some());
    }
}

on_both_backends! {
    async fn team_report_and_member_recommendations_use_stored_levels(db: &TestDb) {
        let app = db.app();
        let guild = id(GUILD as u64);
        let csv = "user_id,name,role,java,sql,docker,python\n\
                   1,Ana,java-backend-developer,4,3,3,\n\
                   2,Bo,java-backend-developer,3,2,,\n\
                   3,Cy,python-backend-developer,,4,,3\n";
        import::import_csv(&app, guild, csv.as_bytes(), IfMissing::Create).await.unwrap();
        let view = report::team_report(&app, None).await.unwrap();
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["guild"], GUILD.to_string());
        assert_eq!(json["members"], 3);
        let cov = json["coverage"].as_array().unwrap();
        let docker = cov.iter().find(|c| c["skill"] == "docker").unwrap();
        assert_eq!(docker["holders"], 1);
        assert_eq!(docker["holder_ids"], serde_json::json!(["1"]));
        assert!(docker["average_level"].is_number());
        let bus: BTreeSet<&str> = json["bus_factor"].as_array().unwrap().iter().map(|b| b["skill"].as_str().unwrap()).collect();
        assert!(bus.contains("docker") && bus.contains("python") && !bus.contains("java"));
        let docker_bus = json["bus_factor"].as_array().unwrap().iter().find(|b| b["skill"] == "docker").unwrap();
        assert_eq!((docker_bus["holder_id"].as_str(), docker_bus["holder_name"].as_str()), (Some("1"), Some("Ana")));
        // Nobody assessed Spring Boot: listed as such, not a gap of 2.
        assert!(!json["gaps"].as_array().unwrap().iter().any(|g| g["skill"] == "spring-boot"));
        assert!(json["not_assessed"].as_array().unwrap().iter().any(|n| n["skill"] == "spring-boot"));
        let sql = json["gaps"].as_array().unwrap().iter().find(|g| g["skill"] == "sql").unwrap();
        assert_eq!(sql["members_below_target"], 1);
        for key in ["total_gap", "holders", "name"] {
            assert!(sql.get(key).is_some(), "gaps lack {key}");
        }
        let matrix = &json["matrix"];
        let names: Vec<&str> = matrix["rows"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap()).collect();
        assert_eq!(names, ["Ana", "Bo", "Cy"]);
        let java = matrix["skills"].as_array().unwrap().iter().position(|s| s == "java").unwrap();
        assert_eq!(matrix["rows"][0]["levels"][java], 4);
        assert_eq!(matrix["rows"][0]["user_id"], "1");

        // Bo: stored role and levels, and the team bonus for what only Ana holds.
        let recs = report::recommend_member(&app, Some(guild), id(2), None, 50).await.unwrap();
        assert_eq!(recs.role, "java-backend-developer");
        // Java: Bo is at 3 of 4; besides him only Ana holds it.
        let java = recs.recommendations.iter().find(|r| r.skill == "java").expect("java 3 → 4");
        assert!(java.reasons.iter().any(|r| r.contains("only one teammate")), "{:?}", java.reasons);
        // Spring Boot: nobody assessed it, so no claim about the team.
        let spring = recs.recommendations.iter().find(|r| r.skill == "spring-boot").expect("spring-boot");
        assert!(spring.reasons.iter().any(|r| r.contains("not assessed yet")), "{:?}", spring.reasons);
        assert!(!spring.reasons.iter().any(|r| r.contains("nobody on the team")), "{:?}", spring.reasons);
        // SQL: Ana and Cy hold it, so no team bonus.
        let sql = recs.recommendations.iter().find(|r| r.skill == "sql").expect("sql 2 → target");
        assert!(!sql.reasons.iter().any(|r| r.contains("teammate") || r.contains("nobody")), "{:?}", sql.reasons);
        // --role overrides the stored role.
        let recs = report::recommend_member(&app, None, id(2), Some("python-backend-developer"), 5).await.unwrap();
        assert_eq!(recs.role, "python-backend-developer");
    }
}

#[tokio::test]
async fn the_default_database_is_a_wal_sqlite_file_in_the_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested").join("data");
    let settings = skillbot::Settings {
        data_dir: Some(data.clone()),
        ..Default::default()
    };
    let app = skillbot::App::new(settings).unwrap();
    let store = app.store().await.unwrap();
    assert_eq!(store.backend(), Backend::Sqlite);
    let applied = app.applied_migrations().await.unwrap();
    assert_eq!(
        applied.last().map(|v| v.version),
        store.latest_known_version()
    );
    let file = data.join("skillbot.db");
    assert_eq!(store.location(), file.display().to_string());
    let update = MemberUpdate {
        name: Some("Ana"),
        ..MemberUpdate::default()
    };
    member_service::set_member(&app, id(1), id(2), &update, IfMissing::Create)
        .await
        .unwrap();
    app.close().await;
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", file.display()))
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_bad_database_url_is_a_user_error() {
    for url in ["mysql://localhost/db", "nonsense"] {
        let err = Store::connect(url).await.err().unwrap();
        let message = skillbot::error::user_message(&err).unwrap();
        assert!(message.contains("sqlite:// or postgres://"), "{message}");
    }
}
