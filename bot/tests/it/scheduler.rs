//! The digest scheduler with a fake clock and a fake Discord messenger, on
//! SQLite and PostgreSQL: DST both ways, grace period and catch-up after
//! downtime, retries then failure, a gone channel, a crash between claim
//! and post, two schedulers racing, nudges (opt-out, 50007 mid-batch,
//! once a week).

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};
use skillbot::App;
use skillbot::render::Reply;
use skillbot::scheduler::{Config, Messenger, NudgeOutcome, Outcome, Scheduler, SendError};
use skillbot::service::digest_settings;
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::import;
use skillbot::store::{guilds, runs};

use crate::on_both_backends;

const GUILD: u64 = 810_000_000_000_000_001;
const CHANNEL: u64 = 710_000_000_000_000_001;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

fn gid() -> DiscordId {
    DiscordId::new(GUILD).unwrap()
}

/// Records what would reach Discord; fails as told.
#[derive(Default)]
struct FakeMessenger {
    posts: Mutex<Vec<(u64, Reply, u64)>>,
    dms: Mutex<Vec<(u64, Reply)>>,
    /// Results for the next posts, in order (then Ok).
    post_failures: Mutex<Vec<SendError>>,
    /// Users whose DMs are closed.
    closed: Mutex<HashSet<u64>>,
    /// Panic right after posting (a crash before the result is recorded).
    crash_after_post: Mutex<bool>,
    next_id: Mutex<u64>,
}

impl FakeMessenger {
    fn posts(&self) -> Vec<(u64, Reply, u64)> {
        self.posts.lock().unwrap().clone()
    }

    fn digests(&self) -> Vec<(u64, Reply, u64)> {
        self.posts()
            .into_iter()
            .filter(|(_, r, _)| !r.embeds.is_empty())
            .collect()
    }

    fn dm_users(&self) -> Vec<u64> {
        self.dms.lock().unwrap().iter().map(|(u, _)| *u).collect()
    }
}

/// Shared between schedulers (replicas) and the test.
#[derive(Clone, Default)]
struct Fake(Arc<FakeMessenger>);

impl std::ops::Deref for Fake {
    type Target = FakeMessenger;
    fn deref(&self) -> &FakeMessenger {
        &self.0
    }
}

impl Messenger for Fake {
    async fn post(&self, channel: u64, reply: Reply) -> Result<u64, SendError> {
        {
            let mut failures = self.post_failures.lock().unwrap();
            if !failures.is_empty() {
                return Err(failures.remove(0));
            }
        }
        let id = {
            let mut next = self.next_id.lock().unwrap();
            *next += 1;
            *next
        };
        self.posts.lock().unwrap().push((channel, reply, id));
        if std::mem::take(&mut *self.crash_after_post.lock().unwrap()) {
            panic!("crash after posting");
        }
        Ok(id)
    }

    async fn find(&self, channel: u64, marker: &str) -> Result<Option<u64>, SendError> {
        Ok(self
            .posts
            .lock()
            .unwrap()
            .iter()
            .find(|(c, r, _)| {
                *c == channel && r.embeds.iter().any(|e| e.footer.as_deref() == Some(marker))
            })
            .map(|(_, _, id)| *id))
    }

    async fn dm(&self, user: u64, reply: Reply) -> Result<u64, SendError> {
        if self.closed.lock().unwrap().contains(&user) {
            return Err(SendError::Unreachable);
        }
        self.dms.lock().unwrap().push((user, reply));
        Ok(user)
    }

    fn guild_name(&self, _guild: u64) -> Option<String> {
        Some("Test server".into())
    }
}

fn scheduler(app: &App, messenger: &Fake) -> Scheduler<Fake> {
    Scheduler::new(app.clone(), messenger.clone(), None, Config::default())
}

/// A team of four with roles, and the digest on `cron` in `zone`, saved at
/// `saved`.
async fn setup(app: &App, cron: &str, zone: &str, saved: DateTime<Utc>) {
    let csv = "user_id,name,role,java,sql,docker,kubernetes\n\
               101,Ana,java-backend-developer,4,3,4,4\n\
               102,Bo,backend-developer,2,2,,\n\
               103,Cy,java-backend-developer,3,1,1,\n\
               104,Di,backend-developer,1,,,\n";
    import::import_csv(app, gid(), csv.as_bytes(), IfMissing::Create)
        .await
        .unwrap();
    let store = app.store().await.unwrap();
    let mut tx = store.begin().await.unwrap();
    let settings = guilds::DigestSettings {
        digest_channel_id: Some(CHANNEL as i64),
        digest_cron: cron,
        time_zone: zone,
        grace_minutes: 12 * 60,
        digest_enabled: true,
        digest_disabled_reason: None,
    };
    assert!(
        guilds::set_digest_settings(&mut tx, GUILD as i64, &settings, saved)
            .await
            .unwrap()
    );
    tx.commit().await.unwrap();
}

fn posted_at(outcomes: &[(DiscordId, Outcome)]) -> Vec<DateTime<Utc>> {
    outcomes
        .iter()
        .filter_map(|(_, o)| match o {
            Outcome::Posted { scheduled_at, .. } => Some(*scheduled_at),
            _ => None,
        })
        .collect()
}

on_both_backends! {
    async fn monday_nine_berlin_is_nine_local_in_winter_and_summer(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "Europe/Berlin", at("2026-03-20T12:00:00Z")).await;
        let fake = Fake::default();
        let s = scheduler(&app, &fake);
        // Winter: 09:00 CET is 08:00 UTC.
        assert!(s.run_due(at("2026-03-23T07:59:00Z")).await.unwrap().digests.is_empty());
        let report = s.run_due(at("2026-03-23T08:00:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-03-23T08:00:00Z")]);
        // The same tick again posts nothing.
        assert!(s.run_due(at("2026-03-23T08:00:30Z")).await.unwrap().digests.is_empty());
        // Summer (DST began on Sunday 29 March): 09:00 CEST is 07:00 UTC.
        assert!(s.run_due(at("2026-03-30T06:59:00Z")).await.unwrap().digests.is_empty());
        let report = s.run_due(at("2026-03-30T07:00:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-03-30T07:00:00Z")]);
        assert_eq!(fake.digests().len(), 2);
        let footer = fake.digests()[1].1.embeds[0].footer.clone().unwrap();
        assert_eq!(footer, "skillbot digest 2026-03-30T07:00Z");
        app.close().await;
    }
}

on_both_backends! {
    async fn back_to_winter_time_and_a_repeated_hour_fire_once(db: &TestDb) {
        let app = db.app();
        // 02:30 on Sundays: on 25 October 2026 Berlin lives 02:30 twice.
        setup(&app, "30 2 * * SUN", "Europe/Berlin", at("2026-10-20T00:00:00Z")).await;
        let fake = Fake::default();
        let s = scheduler(&app, &fake);
        let mut posted = Vec::new();
        let mut t = at("2026-10-24T23:00:00Z");
        while t <= at("2026-10-25T03:00:00Z") {
            posted.extend(posted_at(&s.run_due(t).await.unwrap().digests));
            t += Duration::minutes(5);
        }
        // Once, at the first 02:30 (CEST, 00:30 UTC).
        assert_eq!(posted, [at("2026-10-25T00:30:00Z")]);
        // The week after, 02:30 CET is 01:30 UTC.
        let report = s.run_due(at("2026-11-01T01:30:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-11-01T01:30:00Z")]);
        app.close().await;
    }
}

on_both_backends! {
    async fn after_downtime_only_a_digest_within_the_grace_period_is_posted(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        let fake = Fake::default();
        let s = scheduler(&app, &fake);
        // Down over Monday morning, back at 15:00: 6 h late, within 12 h.
        let report = s.run_due(at("2026-06-01T15:00:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-06-01T09:00:00Z")]);
        // Down for three weeks, back 13 h after a Monday run: skipped,
        // recorded, and no burst of the older ones.
        let report = s.run_due(at("2026-06-22T22:00:00Z")).await.unwrap();
        assert_eq!(report.digests.len(), 1, "{report:?}");
        match &report.digests[0].1 {
            Outcome::Skipped { scheduled_at, late_by } => {
                assert_eq!(*scheduled_at, at("2026-06-22T09:00:00Z"));
                assert_eq!(*late_by, Duration::hours(13));
            }
            other => panic!("expected a skip, got {other:?}"),
        }
        assert_eq!(fake.digests().len(), 1);
        let store = app.store().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let run = runs::digest_run(&mut tx, GUILD as i64, at("2026-06-22T09:00:00Z"))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(run.status, runs::RunStatus::Skipped);
        assert!(run.last_error.unwrap().contains("780 min late"));
        drop(tx);
        // The next Monday is on time again.
        let report = s.run_due(at("2026-06-29T09:00:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-06-29T09:00:00Z")]);
        app.close().await;
    }
}

on_both_backends! {
    async fn discord_errors_are_retried_with_backoff_then_the_run_fails(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        let fake = Fake::default();
        *fake.post_failures.lock().unwrap() =
            (0..5).map(|i| SendError::Failed(format!("500 number {i}"))).collect();
        let s = scheduler(&app, &fake);
        let mut t = at("2026-06-01T09:00:00Z");
        let mut retries = Vec::new();
        for _ in 0..5 {
            let report = s.run_due(t).await.unwrap();
            match &report.digests[..] {
                [(_, Outcome::Failed { retry_at, .. })] => {
                    retries.push(*retry_at);
                    match retry_at {
                        Some(retry_at) => {
                            // Nothing happens before the retry time.
                            assert!(s.run_due(*retry_at - Duration::seconds(1)).await.unwrap().digests.is_empty());
                            t = *retry_at;
                        }
                        None => break,
                    }
                }
                other => panic!("expected one failure, got {other:?}"),
            }
        }
        let waits: Vec<i64> = retries
            .windows(2)
            .map(|w| (w[1].unwrap_or(t) - w[0].unwrap_or(t)).num_minutes())
            .collect();
        assert_eq!(retries.len(), 5, "five attempts: {retries:?}");
        assert_eq!(retries.last(), Some(&None), "the fifth failure is final");
        assert_eq!(&waits[..3], [5, 15, 60], "backoff grows: {waits:?}");
        assert!(fake.digests().is_empty());
        let store = app.store().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let run = runs::digest_run(&mut tx, GUILD as i64, at("2026-06-01T09:00:00Z")).await.unwrap().unwrap();
        assert_eq!((run.status, run.attempts), (runs::RunStatus::Failed, 5));
        assert_eq!(run.last_error.as_deref(), Some("500 number 4"));
        drop(tx);
        app.close().await;
    }
}

on_both_backends! {
    async fn a_channel_that_is_gone_switches_the_digest_off_with_a_reason(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        let fake = Fake::default();
        *fake.post_failures.lock().unwrap() =
            vec![SendError::Gone { code: 50013, message: "Missing Permissions".into() }];
        let s = scheduler(&app, &fake);
        let report = s.run_due(at("2026-06-01T09:00:00Z")).await.unwrap();
        assert!(matches!(report.digests[0].1, Outcome::Disabled { .. }), "{report:?}");
        let view = digest_settings::get(&app, gid()).await.unwrap();
        assert_eq!(view.status, digest_settings::DigestStatus::Off);
        assert!(view.disabled_reason.unwrap().contains("50013"));
        // Nothing more is tried.
        assert!(s.run_due(at("2026-06-08T09:00:00Z")).await.unwrap().is_empty());
        app.close().await;
    }
}

on_both_backends! {
    async fn a_crash_between_posting_and_recording_does_not_post_twice(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        let fake = Fake::default();
        *fake.crash_after_post.lock().unwrap() = true;
        let crashed = Arc::new(scheduler(&app, &fake));
        let tick = {
            let crashed = crashed.clone();
            tokio::spawn(async move { crashed.run_due(at("2026-06-01T09:00:00Z")).await })
        };
        assert!(tick.await.is_err(), "the tick crashed");
        assert_eq!(fake.digests().len(), 1, "posted, but not recorded");
        // A restart (a new scheduler) while the claim is fresh leaves it.
        let restarted = scheduler(&app, &fake);
        assert!(restarted.run_due(at("2026-06-01T09:01:00Z")).await.unwrap().digests.is_empty());
        // Once the claim is stale, it finds the posted digest and records it.
        restarted.run_due(at("2026-06-01T09:05:00Z")).await.unwrap();
        assert_eq!(fake.digests().len(), 1, "not posted twice");
        let store = app.store().await.unwrap();
        let mut tx = store.read().await.unwrap();
        let run = runs::digest_run(&mut tx, GUILD as i64, at("2026-06-01T09:00:00Z")).await.unwrap().unwrap();
        assert_eq!(run.status, runs::RunStatus::Posted);
        assert_eq!(run.message_id, Some(fake.digests()[0].2 as i64));
        drop(tx);
        app.close().await;
    }
}

on_both_backends! {
    async fn a_crash_before_posting_posts_once_on_recovery(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        // Claimed by a replica that died before posting: the run row exists.
        let store = app.store().await.unwrap();
        let mut tx = store.begin().await.unwrap();
        runs::claim_digest(&mut tx, GUILD as i64, at("2026-06-01T09:00:00Z"), at("2026-06-01T09:00:00Z"))
            .await
            .unwrap()
            .unwrap();
        tx.commit().await.unwrap();
        let fake = Fake::default();
        let s = scheduler(&app, &fake);
        s.run_due(at("2026-06-01T09:10:00Z")).await.unwrap();
        assert_eq!(fake.digests().len(), 1);
        s.run_due(at("2026-06-01T09:20:00Z")).await.unwrap();
        assert_eq!(fake.digests().len(), 1);
        app.close().await;
    }
}

on_both_backends! {
    async fn two_schedulers_racing_post_exactly_once(db: &TestDb) {
        let first = db.app();
        setup(&first, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        // Two processes: separate apps (pools) on the same database.
        let second = db.app();
        let fake = Fake::default();
        for week in 0..5 {
            let now = at("2026-06-01T09:00:00Z") + Duration::weeks(week);
            let a = scheduler(&first, &fake);
            let b = scheduler(&second, &fake);
            let (ra, rb) = tokio::join!(a.run_due(now), b.run_due(now));
            let posted = ra.unwrap().posted() + rb.unwrap().posted();
            assert_eq!(posted, 1, "week {week}");
        }
        assert_eq!(fake.digests().len(), 5);
        second.close().await;
        first.close().await;
    }
}

on_both_backends! {
    async fn nudges_respect_opt_out_go_on_after_a_blocked_dm_and_come_once_a_week(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        for user in [101, 102, 103] {
            digest_settings::set_nudges(&app, gid(), DiscordId::new(user).unwrap(), true, IfMissing::Refuse)
                .await
                .unwrap();
        }
        // 104 never opted in; 102's DMs are closed.
        let fake = Fake::default();
        fake.closed.lock().unwrap().insert(102);
        let s = scheduler(&app, &fake);
        let report = s.run_due(at("2026-06-01T09:00:00Z")).await.unwrap();
        assert_eq!(report.posted(), 1);
        let outcomes: Vec<(u64, NudgeOutcome)> = report.nudges.iter().map(|(_, u, o)| (u.get(), *o)).collect();
        assert_eq!(
            outcomes,
            [(101, NudgeOutcome::Sent), (102, NudgeOutcome::Unreachable), (103, NudgeOutcome::Sent)]
        );
        assert_eq!(fake.dm_users(), [101, 103]);
        let dm = fake.dms.lock().unwrap()[0].1.clone();
        assert!(dm.all_text().contains("Your next step this week"), "{}", dm.all_text());
        // 102 is told once, in the channel, how to fix it.
        let told: Vec<String> = fake
            .posts()
            .iter()
            .filter_map(|(_, r, _)| r.content.clone())
            .collect();
        assert_eq!(told.len(), 1);
        assert!(told[0].starts_with("<@102>") && told[0].contains("Privacy Settings"), "{told:?}");
        // Later ticks that week send nothing more, and tell nobody again.
        let later = s.run_due(at("2026-06-01T10:00:00Z")).await.unwrap();
        assert!(later.nudges.is_empty(), "{later:?}");
        assert_eq!(fake.posts().len(), 2);
        // /digest now two days later: no nudge, the last one is 2 days old.
        let (_, nudges) = s.post_now(gid(), at("2026-06-03T09:00:00Z")).await.unwrap();
        assert!(nudges.is_empty(), "{nudges:?}");
        // Next week: nudges again, still not to 102 (unreachable) or 104.
        let next = s.run_due(at("2026-06-08T09:00:00Z")).await.unwrap();
        let users: Vec<u64> = next.nudges.iter().map(|(_, u, _)| u.get()).collect();
        assert_eq!(users, [101, 103]);
        app.close().await;
    }
}

on_both_backends! {
    async fn nudges_are_paced(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        for user in [101, 102, 103, 104] {
            digest_settings::set_nudges(&app, gid(), DiscordId::new(user).unwrap(), true, IfMissing::Refuse)
                .await
                .unwrap();
        }
        let fake = Fake::default();
        let config = Config { nudges_per_minute: 2, ..Config::default() };
        let s = Scheduler::new(app.clone(), fake.clone(), None, config);
        let first = s.run_due(at("2026-06-01T09:00:00Z")).await.unwrap();
        assert_eq!(first.nudges.len(), 2);
        let same_minute = s.run_due(at("2026-06-01T09:00:30Z")).await.unwrap();
        assert!(same_minute.nudges.is_empty());
        let next_minute = s.run_due(at("2026-06-01T09:01:01Z")).await.unwrap();
        assert_eq!(next_minute.nudges.len(), 2);
        assert_eq!(fake.dm_users().len(), 4);
        app.close().await;
    }
}

on_both_backends! {
    async fn settings_changed_after_the_time_wait_for_the_next_run(db: &TestDb) {
        let app = db.app();
        // Saved Monday 10:00, an hour after Monday's 09:00: not due today.
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T10:00:00Z")).await;
        let fake = Fake::default();
        let s = scheduler(&app, &fake);
        assert!(s.run_due(at("2026-06-01T10:00:01Z")).await.unwrap().is_empty());
        let report = s.run_due(at("2026-06-08T09:00:00Z")).await.unwrap();
        assert_eq!(posted_at(&report.digests), [at("2026-06-08T09:00:00Z")]);
        app.close().await;
    }
}

on_both_backends! {
    async fn the_digest_tells_learning_from_bookkeeping(db: &TestDb) {
        let app = db.app();
        setup(&app, "0 9 * * MON", "UTC", at("2026-06-01T00:00:00Z")).await;
        let change = |user: u64, skill: &'static str, level: u8| skillbot::service::members::LevelChange {
            guild: gid(),
            user: DiscordId::new(user).unwrap(),
            skill,
            level: skillbot_recommender::Level::try_from(level).unwrap(),
            note: None,
            by: Some(DiscordId::new(user).unwrap()),
            if_missing: IfMissing::Refuse,
        };
        // A real level-up over an earlier assessment…
        skillbot::service::members::set_level(&app, &change(102, "sql", 3)).await.unwrap();
        // …a first assessment, and a correction downwards: not learning.
        skillbot::service::members::set_level(&app, &change(104, "git", 2)).await.unwrap();
        skillbot::service::members::set_level(&app, &change(103, "java", 2)).await.unwrap();
        let view = skillbot::service::digest::compose(&app, gid(), Utc::now() + Duration::minutes(1))
            .await
            .unwrap();
        let learned: Vec<(u64, &str, u8, u8)> = view
            .learned
            .iter()
            .map(|l| (l.member.user_id.get(), l.skill.as_str(), l.from_level, l.to_level))
            .collect();
        assert_eq!(learned, [(102, "sql", 2, 3)], "imports and first assessments are not learning");
        // Every next step's mentor knows the skill and is someone else; no
        // mentor is asked by more than two people.
        let mut load = std::collections::HashMap::new();
        for step in &view.next_steps {
            if let Some(mentor) = &step.mentor {
                assert_ne!(mentor.user_id, step.member.user_id);
                *load.entry(mentor.user_id).or_insert(0) += 1;
            }
        }
        assert!(load.values().all(|n| *n <= 2), "{load:?}");
        assert_eq!(view.next_steps.len(), 4, "everyone with a role gets a next step");
        let text = skillbot::render::digest::digest_text(&view);
        assert!(text.contains("Learned this week") && text.contains("Bo — SQL 2 → 3"), "{text}");
        // The channel message fits Discord's limits and carries the picture.
        let reply = skillbot::render::digest::digest(&view, at("2026-06-01T09:00:00Z")).unwrap();
        assert!(reply.embeds[0].len() <= 6_000);
        assert_eq!(reply.attachments[0].filename, "skills-matrix.png");
        app.close().await;
    }
}
