//! Digest schedules and settings: `schedule next` (DST both ways in Berlin
//! and New York), `digest settings`, `nudges on|off` and `member set --tz`
//! through the real binary, and the settings service on both backends.

use std::process::Output;

use serde_json::Value;
use skillbot::service::digest_settings::{self as settings, DigestStatus, Grace};
use skillbot::service::ids::{DiscordId, IfMissing};
use skillbot::service::schedule::{CronSchedule, TimeZone};

use crate::helpers::Cli;
use crate::on_both_backends;

/// `schedule next --json` from a fixed start: the UTC times.
fn next_utc(cli: &Cli, cron: &str, tz: &str, from: &str, count: &str) -> Vec<String> {
    let v = cli.json(&[
        "schedule", "next", "--cron", cron, "--tz", tz, "--from", from, "--count", count, "--json",
    ]);
    v["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["utc"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn schedule_next_prints_local_and_utc_times() {
    let cli = Cli::new();
    let v = cli.json(&[
        "schedule",
        "next",
        "--cron",
        "0 9 * * MON",
        "--tz",
        "Europe/Berlin",
        "--from",
        "2025-03-20T00:00:00Z",
        "--count",
        "2",
        "--json",
    ]);
    assert_eq!(
        v,
        serde_json::json!({
            "cron": "0 9 * * MON",
            "timezone": "Europe/Berlin",
            "next": [
                {"local": "2025-03-24T09:00:00+01:00", "utc": "2025-03-24T08:00:00Z"},
                {"local": "2025-03-31T09:00:00+02:00", "utc": "2025-03-31T07:00:00Z"},
            ]
        })
    );
    let text = cli.ok(&[
        "schedule",
        "next",
        "--cron",
        "0 9 * * MON",
        "--tz",
        "europe/berlin",
        "--from",
        "2025-03-20T00:00:00+01:00",
        "--count",
        "2",
    ]);
    assert_eq!(
        text,
        "`0 9 * * MON` in Europe/Berlin, the next 2 runs:\n  \
         Mon 2025-03-24 09:00 CET (08:00 UTC)\n  \
         Mon 2025-03-31 09:00 CEST (07:00 UTC)\n"
    );
    // Defaults: UTC, five runs, from now.
    let v = cli.json(&["schedule", "next", "--cron", "0 9 * * *", "--json"]);
    assert_eq!(v["timezone"], "UTC");
    let next = v["next"].as_array().unwrap();
    assert_eq!(next.len(), 5);
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    assert!(next[0]["utc"].as_str().unwrap() > now.as_str());
    // Six and seven fields as they are; a year that is over gives nothing.
    assert_eq!(
        next_utc(&cli, "30 0 9 * * MON", "UTC", "2025-01-01T00:00:00Z", "1"),
        ["2025-01-06T09:00:30Z"]
    );
    assert_eq!(
        next_utc(
            &cli,
            "0 0 9 * * MON 2020",
            "UTC",
            "2025-01-01T00:00:00Z",
            "3"
        ),
        Vec::<String>::new()
    );
    let text = cli.ok(&[
        "schedule",
        "next",
        "--cron",
        "0 0 9 * * MON 2020",
        "--from",
        "2025-01-01T00:00:00Z",
    ]);
    assert!(
        text.contains("does not fire after 2025-01-01T00:00:00+00:00"),
        "{text}"
    );
}

/// DESIGN.md's promise, both ways, in both zones: 09:00 local in winter and
/// summer; 02:30 on the spring-forward day fires once (at the jump);
/// 01:30 in New York and 02:30 in Berlin on the fall-back day fire once.
#[test]
fn schedule_next_is_dst_correct_in_berlin_and_new_york() {
    let cli = Cli::new();
    let cases: &[(&str, &str, &str, &[&str])] = &[
        // Berlin, 09:00 across the March and October changes.
        (
            "0 9 * * MON",
            "Europe/Berlin",
            "2025-03-20T00:00:00Z",
            &["2025-03-24T08:00:00Z", "2025-03-31T07:00:00Z"],
        ),
        (
            "0 9 * * MON",
            "Europe/Berlin",
            "2025-10-20T00:00:00Z",
            &["2025-10-20T07:00:00Z", "2025-10-27T08:00:00Z"],
        ),
        // New York, 09:00 across the March and November changes.
        (
            "0 9 * * MON",
            "America/New_York",
            "2025-03-03T00:00:00Z",
            &["2025-03-03T14:00:00Z", "2025-03-10T13:00:00Z"],
        ),
        (
            "0 9 * * MON",
            "America/New_York",
            "2025-10-27T00:00:00Z",
            &["2025-10-27T13:00:00Z", "2025-11-03T14:00:00Z"],
        ),
        // Spring forward: 02:30 does not exist; it fires once, at 03:00.
        (
            "30 2 * * *",
            "Europe/Berlin",
            "2025-03-29T12:00:00Z",
            &["2025-03-30T01:00:00Z", "2025-03-31T00:30:00Z"],
        ),
        (
            "30 2 * * *",
            "America/New_York",
            "2025-03-08T12:00:00Z",
            &["2025-03-09T07:00:00Z", "2025-03-10T06:30:00Z"],
        ),
        // Fall back: the repeated half hour fires once, the first time.
        (
            "30 1 * * *",
            "America/New_York",
            "2025-11-01T12:00:00Z",
            &["2025-11-02T05:30:00Z", "2025-11-03T06:30:00Z"],
        ),
        (
            "30 2 * * *",
            "Europe/Berlin",
            "2025-10-25T12:00:00Z",
            &["2025-10-26T00:30:00Z", "2025-10-27T01:30:00Z"],
        ),
        // 01:30 in Berlin is not repeated: once a day as usual.
        (
            "30 1 * * *",
            "Europe/Berlin",
            "2025-10-25T12:00:00Z",
            &["2025-10-25T23:30:00Z", "2025-10-27T00:30:00Z"],
        ),
    ];
    for (cron, tz, from, want) in cases {
        assert_eq!(
            next_utc(&cli, cron, tz, from, "2"),
            *want,
            "{cron} in {tz} from {from}"
        );
    }
    let text = cli.ok(&[
        "schedule",
        "next",
        "--cron",
        "30 2 * * *",
        "--tz",
        "Europe/Berlin",
        "--from",
        "2025-03-29T12:00:00Z",
        "--count",
        "1",
    ]);
    assert!(
        text.contains("Sun 2025-03-30 03:00 CEST (01:00 UTC)"),
        "{text}"
    );
}

#[test]
fn bad_schedule_input_exits_2_naming_what_is_wrong() {
    let cli = Cli::new();
    let cases: &[(&[&str], &str)] = &[
        (&["--cron", "0 9 * *"], "has 4 fields"),
        (
            &["--cron", "0 25 * * MON"],
            "the hour field `25` is not valid: hours are 0–23",
        ),
        (
            &["--cron", "0 9 * * MOON"],
            "the day-of-week field `MOON` is not valid",
        ),
        (&["--cron", "0 9 30 2 *"], "never fires"),
        (
            &["--cron", "0 9 * * MON", "--tz", "Europe/Berlni"],
            "unknown time zone `Europe/Berlni` — did you mean Europe/Berlin?",
        ),
        (
            &["--cron", "0 9 * * MON", "--tz", "PST"],
            "give a zone name such as America/Los_Angeles",
        ),
        (
            &["--cron", "0 9 * * MON", "--tz", "+02:00"],
            "is a fixed UTC offset",
        ),
        (
            &["--cron", "0 9 * * MON", "--from", "yesterday"],
            "'yesterday' is not an RFC 3339 time",
        ),
        (
            &["--cron", "0 9 * * MON", "--count", "0"],
            "'0' is not a count from 1 to 1000",
        ),
        (&["--tz", "UTC"], "--cron"),
    ];
    for (extra, message) in cases {
        let args = [&["schedule", "next"][..], extra].concat();
        cli.fails(&args, message);
    }
}

#[test]
fn digest_settings_show_change_and_refuse_bad_input_without_storing() {
    let cli = Cli::new();
    cli.fails(
        &["digest", "settings", "--guild", "5"],
        "guild 5 is not stored yet",
    );
    let out = cli.ok(&[
        "digest",
        "settings",
        "--guild",
        "5",
        "--tz",
        "Europe/Berlin",
        "--create",
    ]);
    assert!(out.starts_with("Added guild 5.\n"), "{out}");
    assert!(out.contains("Digest of guild 5: no channel yet"), "{out}");
    assert!(
        out.contains("`0 9 * * MON` in Europe/Berlin; a run missed while the bot was down is posted up to 12 hours late"),
        "{out}"
    );
    assert!(out.contains("Next runs once it is on:"), "{out}");
    assert_eq!(out.matches(" 09:00 CE").count(), 3, "{out}");

    let v = cli.json(&[
        "digest",
        "settings",
        "--guild",
        "5",
        "--channel",
        "700000000000000001",
        "--cron",
        "30 8 * * MON-FRI",
        "--grace",
        "2",
        "--json",
    ]);
    assert_eq!(v["status"], "on");
    assert_eq!(v["channel"], "700000000000000001");
    assert_eq!(v["cron"], "30 8 * * MON-FRI");
    assert_eq!(v["timezone"], "Europe/Berlin");
    assert_eq!(v["grace_minutes"], 120);
    assert_eq!(v["disabled_reason"], Value::Null);
    let next = v["next"].as_array().unwrap();
    assert_eq!(next.len(), 3);
    for run in next {
        let local = run["local"].as_str().unwrap();
        assert!(local.contains("T08:30:00+0"), "{local}");
    }
    let before = cli.json(&["digest", "settings", "--guild", "5", "--json"]);
    assert_eq!(before["cron"], "30 8 * * MON-FRI");

    // Bad input: exit 2, the reason named, nothing stored (not even the
    // good options given with it).
    let bad: &[(&[&str], &str)] = &[
        (
            &["--cron", "0 9 * * FUNDAY", "--tz", "UTC"],
            "the day-of-week field `FUNDAY`",
        ),
        (&["--cron", "0 9 * *"], "has 4 fields"),
        (
            &["--tz", "Mars/Olympus"],
            "unknown time zone `Mars/Olympus`",
        ),
        (&["--tz", "CET", "--grace", "3"], "`CET` is an abbreviation"),
        (
            &["--cron", "*/10 * * * *", "--grace", "1"],
            "10 minutes after the previous one: at most one an hour",
        ),
        (&["--cron", "0 0 9 * * MON 2021"], "has no run after now"),
        (&["--grace", "200"], "at most 168"),
        (&["--grace", "soon"], "'soon' is not a number of hours"),
        (&["--channel", "abc"], "not a Discord id"),
        (&["--channel", "42", "--off"], "cannot be used with"),
    ];
    for (extra, message) in bad {
        let args = [&["digest", "settings", "--guild", "5"][..], extra].concat();
        cli.fails(&args, message);
    }
    assert_eq!(
        cli.json(&["digest", "settings", "--guild", "5", "--json"]),
        before
    );

    let out = cli.ok(&["digest", "settings", "--guild", "5", "--off"]);
    assert!(out.starts_with("Saved.\n"), "{out}");
    assert!(
        out.contains("Digest of guild 5: off (channel 700000000000000001 kept"),
        "{out}"
    );
    let out = cli.ok(&["digest", "settings", "--guild", "5"]);
    assert!(!out.contains("Saved."), "{out}");
    let v = cli.json(&[
        "digest",
        "settings",
        "--guild",
        "5",
        "--channel",
        "700000000000000002",
        "--json",
    ]);
    assert_eq!(v["status"], "on");
    assert_eq!(v["cron"], "30 8 * * MON-FRI", "the schedule was kept");
    let g = cli.json(&["guild", "list", "--json"]);
    assert_eq!(g["guilds"][0]["digest_on"], true);
    assert_eq!(g["guilds"][0]["timezone"], "Europe/Berlin");
}

#[test]
fn nudges_and_member_time_zones_from_the_command_line() {
    let cli = Cli::new();
    cli.fails(
        &["nudges", "on", "--guild", "3", "--user", "4"],
        "guild 3 is not stored yet",
    );
    let out = cli.ok(&["nudges", "on", "--guild", "3", "--user", "4", "--create"]);
    assert!(
        out.contains("DM nudges for member 4 of guild 3: on."),
        "{out}"
    );
    assert!(
        out.contains("The guild's digest has no channel yet: nudges go out with it"),
        "{out}"
    );
    let out = cli.ok(&["nudges", "on", "--guild", "3", "--user", "4"]);
    assert!(out.contains(": on (already)."), "{out}");
    let v = cli.json(&["nudges", "off", "--guild", "3", "--user", "4", "--json"]);
    assert_eq!(
        (v["nudge_opt_in"].as_bool(), v["changed"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(v["digest"], "no_channel");
    let member = cli.json(&["member", "show", "--guild", "3", "--user", "4", "--json"]);
    assert_eq!(member["nudge_opt_in"], false);

    let v = cli.json(&[
        "member",
        "set",
        "--guild",
        "3",
        "--user",
        "4",
        "--tz",
        "america/new york",
        "--json",
    ]);
    assert_eq!(v["time_zone"], "America/New_York");
    let text = cli.ok(&["member", "show", "--guild", "3", "--user", "4"]);
    assert!(text.contains("Time zone: America/New_York"), "{text}");
    cli.fails(
        &[
            "member", "set", "--guild", "3", "--user", "4", "--tz", "EST",
        ],
        "`EST` is an abbreviation",
    );
    let v = cli.json(&[
        "member", "set", "--guild", "3", "--user", "4", "--tz", "guild", "--json",
    ]);
    assert_eq!(v["time_zone"], Value::Null);
}

fn id(n: u64) -> DiscordId {
    DiscordId::new(n).unwrap()
}

on_both_backends! {
    /// The functions Discord's `/digest` and `/nudges` call: each answers
    /// with the settings and the next three runs in the guild's zone; a
    /// refused change stores nothing.
    async fn digest_settings_service_round_trips(db: &TestDb) {
        let app = db.app();
        let guild = id(900_000_000_000_000_007);
        assert!(settings::get(&app, guild).await.is_err());
        let view = settings::set_time_zone(&app, guild, TimeZone::parse("America/New_York").unwrap(), IfMissing::Create).await.unwrap();
        assert!(view.guild_created);
        assert_eq!((view.status, view.timezone.as_str(), view.grace_minutes), (DigestStatus::NoChannel, "America/New_York", 720));
        assert_eq!(view.next.len(), 3);
        for run in &view.next {
            assert_eq!(run.local.format("%a %H:%M").to_string(), "Mon 09:00");
            assert!(run.utc > chrono::Utc::now());
        }
        let view = settings::set_channel(&app, guild, id(42), IfMissing::Create).await.unwrap();
        assert_eq!((view.status, view.channel), (DigestStatus::On, Some(id(42))));
        assert!(!view.guild_created);
        let daily = CronSchedule::parse("0 17 * * *").unwrap();
        let view = settings::set_schedule(&app, guild, &daily, IfMissing::Refuse).await.unwrap();
        assert_eq!(view.cron, "0 17 * * *");
        assert_eq!(view.status, DigestStatus::On);
        let gap = view.next[1].utc - view.next[0].utc;
        assert!(gap == chrono::Duration::hours(24) || gap == chrono::Duration::hours(23) || gap == chrono::Duration::hours(25));
        let view = settings::set_grace(&app, guild, Grace::from_hours(1).unwrap(), IfMissing::Refuse).await.unwrap();
        assert_eq!(view.grace_minutes, 60);
        // Too frequent: refused, nothing changed.
        let busy = CronSchedule::parse("*/5 * * * *").unwrap();
        let err = settings::set_schedule(&app, guild, &busy, IfMissing::Refuse).await.unwrap_err();
        assert!(skillbot::error::user_message(&err).unwrap().contains("at most one an hour"));
        assert_eq!(settings::get(&app, guild).await.unwrap().cron, "0 17 * * *");
        let view = settings::turn_off(&app, guild, IfMissing::Refuse).await.unwrap();
        assert_eq!((view.status, view.channel), (DigestStatus::Off, Some(id(42))));
        // Another guild, not stored: refused unless created.
        let other = id(900_000_000_000_000_008);
        let err = settings::turn_off(&app, other, IfMissing::Refuse).await.unwrap_err();
        assert!(skillbot::error::user_message(&err).unwrap().contains("is not stored yet"));

        let nudges = settings::set_nudges(&app, guild, id(5), true, IfMissing::Create).await.unwrap();
        assert!(nudges.nudge_opt_in && nudges.changed && nudges.member_created);
        assert_eq!(nudges.digest, DigestStatus::Off);
        let again = settings::set_nudges(&app, guild, id(5), true, IfMissing::Refuse).await.unwrap();
        assert!(!again.changed && !again.member_created);
        let err = settings::set_nudges(&app, guild, id(6), true, IfMissing::Refuse).await.unwrap_err();
        assert!(skillbot::error::user_message(&err).unwrap().contains("has no member 6 yet"));
    }
}
