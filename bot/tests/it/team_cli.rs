//! Team data through the real binary: member, level, team, import, export,
//! forget, migrate and recommend --user, with their messages and exit codes.
//! Every bad input exits 2 with a clear message and writes nothing.

use std::path::Path;
use std::process::Stdio;
use std::time::Instant;

use serde_json::Value;

use crate::fixtures::matrix_csv;
use crate::helpers::{Cli, TestDb, failed, output, postgres_url, succeeded};

/// The guild's CSV export, or `None` when it has no members.
fn export(cli: &Cli, guild: &str) -> Option<String> {
    let out = cli.run(&["export", "--guild", guild]);
    match out.status.code() {
        Some(0) => Some(String::from_utf8(out.stdout).unwrap()),
        Some(2) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.contains("has no members yet"), "{stderr}");
            None
        }
        _ => panic!("export: {}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn member_and_level_commands_store_and_show_a_member() {
    let cli = Cli::new();
    let out = cli.ok(&[
        "member",
        "add",
        "--guild",
        "11",
        "--user",
        "21",
        "--name",
        "Ana",
        "--role",
        "java-backend-developer",
        "--create",
    ]);
    assert!(out.contains("Added guild 11."), "{out}");
    assert!(out.contains("Added member 21 of guild 11"), "{out}");
    let out = cli.ok(&[
        "level",
        "set",
        "--guild",
        "11",
        "--user",
        "21",
        "--skill",
        "k8s",
        "--level",
        "3",
        "--note",
        "passed the CKA",
    ]);
    assert!(
        out.contains("Kubernetes for member 21: not assessed → 3"),
        "{out}"
    );
    let out = cli.ok(&[
        "level",
        "set",
        "--guild",
        "11",
        "--user",
        "21",
        "--skill",
        "kubernetes",
        "--level",
        "3",
    ]);
    assert!(out.contains("already 3: nothing changed"), "{out}");
    let args = [
        "level", "set", "--guild", "11", "--user", "22", "--skill", "Java", "--level", "4", "--by",
        "21",
    ];
    cli.fails(&args, "guild 11 has no member 22 yet");
    let out = cli.ok(&[&args[..], &["--create"]].concat());
    assert!(out.contains("Added member 22 to guild 11"), "{out}");
    assert!(!out.contains("Added guild"), "{out}");
    assert!(out.contains("audit log"), "{out}");

    let v = cli.json(&["member", "show", "--guild", "11", "--user", "21", "--json"]);
    assert_eq!(v["user_id"], "21");
    assert_eq!(v["guild"], "11");
    assert_eq!(v["name"], "Ana");
    assert_eq!(v["role"], "java-backend-developer");
    assert_eq!(v["levels"][0]["skill"], "kubernetes");
    assert_eq!(v["levels"][0]["level"], 3);
    assert_eq!(v["levels"][0]["source"], "manager");
    assert_eq!(
        v["recent_progress"].as_array().unwrap().len(),
        1,
        "the repeat added no event"
    );
    assert_eq!(v["recent_progress"][0]["from_level"], Value::Null);
    assert_eq!(v["recent_progress"][0]["note"], "passed the CKA");

    let text = cli.ok(&["member", "show", "--guild", "11", "--user", "21"]);
    assert!(
        text.contains("Ana")
            && text.contains("Java backend developer")
            && text.contains("Kubernetes"),
        "{text}"
    );
    // --name only: the role stays.
    let v = cli.json(&[
        "member", "set", "--guild", "11", "--user", "21", "--name", "Ana B.", "--json",
    ]);
    assert_eq!(
        (v["name"].as_str(), v["role"].as_str()),
        (Some("Ana B."), Some("java-backend-developer"))
    );
}

#[test]
fn bad_member_and_level_input_exits_2_and_writes_nothing() {
    let cli = Cli::new();
    cli.fails(
        &["member", "set", "--guild", "abc", "--user", "1"],
        "not a Discord id",
    );
    cli.fails(
        &["member", "set", "--guild", "0", "--user", "1"],
        "not a Discord id",
    );
    cli.fails(
        &[
            "member",
            "set",
            "--guild",
            "1",
            "--user",
            "99999999999999999999",
        ],
        "not a Discord id",
    );
    cli.fails(
        &[
            "member",
            "set",
            "--guild",
            "1",
            "--user",
            "2",
            "--role",
            "java-backend-dev",
        ],
        "did you mean 'java-backend-developer'?",
    );
    cli.fails(
        &[
            "member", "set", "--guild", "1", "--user", "2", "--name", "  ",
        ],
        "--name is empty",
    );
    cli.fails(
        &[
            "level", "set", "--guild", "1", "--user", "2", "--skill", "dokcer", "--level", "2",
        ],
        "did you mean 'docker'?",
    );
    cli.fails(
        &[
            "level", "set", "--guild", "1", "--user", "2", "--skill", "docker", "--level", "7",
        ],
        "levels are 0–5",
    );
    cli.fails(
        &[
            "level", "set", "--guild", "1", "--user", "2", "--skill", "docker", "--level", "two",
        ],
        "levels are 0–5",
    );
    // A negative level is a value, not an unknown flag.
    cli.fails(
        &[
            "level", "set", "--guild", "1", "--user", "2", "--skill", "docker", "--level", "-1",
        ],
        "level '-1' for docker is not valid: levels are 0–5",
    );
    cli.fails(
        &[
            "level", "set", "--guild", "1", "--user", "2", "--skill", "docker", "--level", "2",
            "--by", "x",
        ],
        "not a Discord id",
    );
    let long = "x".repeat(101);
    cli.fails(
        &[
            "member", "set", "--guild", "1", "--user", "2", "--name", &long,
        ],
        "longer than 100 characters",
    );
    let long = "x".repeat(501);
    let args = [
        "level", "set", "--guild", "1", "--user", "2", "--skill", "docker", "--level", "2",
    ];
    cli.fails(
        &[&args[..], &["--note", &long]].concat(),
        "--note is longer than 500",
    );
    let dir = cli.path().to_str().unwrap();
    cli.fails(&["import", dir, "--guild", "1"], "cannot read");
    cli.fails(
        &["member", "show", "--guild", "1", "--user", "2"],
        "no member 2 in guild 1",
    );
    cli.fails(
        &["forget", "--guild", "1", "--user", "2"],
        "nothing to forget",
    );
    // None of that created anything.
    cli.fails(&["team"], "no team data yet");
}

#[test]
fn team_picks_the_only_guild_and_asks_when_there_are_several() {
    let cli = Cli::new();
    cli.fails(&["team", "--json"], "no team data yet");
    let csv = cli.file("team.csv", b"user_id,name,role,java,docker\n1,Ana,java-backend-developer,4,3\n2,Bo,java-backend-developer,2,\n");
    cli.ok(&["import", &csv, "--guild", "500", "--create"]);
    let v = cli.json(&["team", "--json"]);
    assert_eq!(v["guild"], "500");
    assert_eq!(v["members"], 2);
    for key in ["coverage", "gaps", "bus_factor"] {
        assert!(v[key].is_array(), "{key}");
    }
    assert_eq!(v["matrix"]["rows"].as_array().unwrap().len(), 2);
    let text = cli.ok(&["team"]);
    assert!(text.contains("Team of guild 500: 2 members"), "{text}");
    assert!(text.contains("Only one person at level 3+"), "{text}");

    cli.ok(&["member", "add", "--guild", "600", "--user", "1", "--create"]);
    let stderr = cli.fails(&["team"], "several guilds have members");
    assert!(stderr.contains("500, 600"), "{stderr}");
    cli.fails(&["team", "--guild", "700"], "guild 700 has no members yet");
    assert_eq!(
        cli.json(&["team", "--guild", "600", "--json"])["members"],
        1
    );
}

#[test]
fn import_then_export_round_trips_into_another_guild() {
    let cli = Cli::new();
    let csv = cli.file(
        "matrix.csv",
        "user_id,name,role,Kubernetes,c#,SQL\n\
         300,\"Zoë, the lead\",dotnet-backend-developer,3,5,4\n\
         100,Ana,,,2,\n"
            .as_bytes(),
    );
    let out = cli.ok(&["import", &csv, "--guild", "1", "--create"]);
    assert!(
        out.contains(
            "Imported 2 members (2 new) with 3 skill columns into guild 1: 4 levels changed"
        ),
        "{out}"
    );
    let exported = cli.path().join("export.csv");
    let exported = exported.to_str().unwrap();
    cli.ok(&[
        "export", "--guild", "1", "--format", "csv", "--output", exported,
    ]);
    let first = std::fs::read_to_string(exported).unwrap();
    assert!(first.starts_with("user_id,name,role,"), "{first}");
    assert!(first.contains("\"Zoë, the lead\""), "{first}");
    cli.ok(&["import", exported, "--guild", "2", "--create"]);
    assert_eq!(export(&cli, "2").unwrap(), first);

    let v = cli.json(&["export", "--guild", "2", "--format", "json"]);
    assert_eq!(v["members"][0]["user_id"], "100");
    assert_eq!(v["members"][0]["levels"], serde_json::json!({"csharp": 2}));
    assert_eq!(v["members"][1]["levels"]["kubernetes"], 3);
    cli.fails(
        &["export", "--guild", "1", "--format", "xml"],
        "invalid value 'xml'",
    );
    cli.fails(
        &["export", "--guild", "1", "--output", "/no/such/dir/out.csv"],
        "cannot write /no/such/dir/out.csv",
    );
    // Importing the same file again changes nothing.
    let out = cli.ok(&["import", exported, "--guild", "2"]);
    assert!(
        out.contains("0 levels changed, 4 already as given"),
        "{out}"
    );
}

/// Each bad file: exit 2, its problems with line and column, and nothing
/// written — into an empty guild, nor over a guild's existing data.
#[test]
fn a_bad_import_file_reports_every_problem_and_imports_nothing() {
    let cli = Cli::new();
    let good = cli.file("good.csv", b"user_id,name,role,docker\n1,Ana,,2\n");
    cli.ok(&["import", &good, "--guild", "9", "--create"]);
    let before = export(&cli, "9").unwrap();

    let cases: &[(&str, &[u8], &[&str])] = &[
        (
            "unknown skill and role",
            b"user_id,name,role,dokcer\n1,A,backend-dev,3\n",
            &[
                "line 1, column 'dokcer': unknown skill 'dokcer' — did you mean 'docker'?",
                "line 2, column 'role': unknown role 'backend-dev' — did you mean",
            ],
        ),
        (
            "level out of range",
            b"user_id,name,role,docker,git\n1,A,,7,2\n2,B,,-1,x\n",
            &[
                "line 2, column 'docker': level '7' is not 0–5",
                "line 3, column 'docker': level '-1' is not 0–5",
                "line 3, column 'git': level 'x' is not 0–5",
                "3 problems",
            ],
        ),
        (
            "duplicate rows",
            b"user_id,name,role,docker\n5,A,,1\n6,B,,1\n5,C,,2\n",
            &["line 4, column 'user_id': user 5 is already on line 2"],
        ),
        (
            "duplicate skill columns",
            b"user_id,name,role,k8s,kubernetes\n1,A,,1,2\n",
            &["line 1, column 'kubernetes': the same skill (kubernetes) as column 'k8s'"],
        ),
        ("empty file", b"", &["the file is empty"]),
        (
            "header only",
            b"user_id,name,role,docker\n",
            &["no member lines below it"],
        ),
        (
            "semicolons",
            b"user_id;name;role;docker\n1;A;;2\n",
            &["line 1: the columns are separated by semicolons"],
        ),
        (
            "tabs",
            b"user_id\tname\trole\tdocker\n1\tA\t\t2\n",
            &["line 1: the columns are separated by tabs"],
        ),
        (
            "non-UTF-8",
            b"user_id,name,role,docker\n1,Jos\xe9,,2\n2,B,,2\n",
            &["line 2: not UTF-8 text"],
        ),
        (
            "ragged rows",
            b"user_id,name,role,docker,git\n1,A,,2\n2,B,,2,3,4\n",
            &[
                "line 2: 4 cells, but the header has 5 columns",
                "line 3: 6 cells, but the header has 5 columns",
            ],
        ),
        (
            "bad user ids",
            b"user_id,name,role,docker\nana,A,,2\n,B,,2\n-3,C,,1\n",
            &[
                "line 2, column 'user_id': 'ana' is not a Discord id",
                "line 3, column 'user_id': the user id is missing",
                "line 4, column 'user_id': '-3' is not a Discord id",
            ],
        ),
        (
            "wrong header",
            b"id,name,role,docker\n1,A,,2\n",
            &["line 1: the header must start with user_id,name,role"],
        ),
        (
            "ids a spreadsheet turned into numbers",
            b"User ID,Name,Role,docker\n1.23457E+17,A,,2\n",
            &[
                "line 2, column 'User ID': '1.23457E+17' is not a Discord id: this looks like a \
               spreadsheet turned the id into a number (and rounded it): format the column as \
               text",
            ],
        ),
        // One good row does not sneak in beside a bad one.
        (
            "one bad row among good ones",
            b"user_id,name,role,docker\n1,Ana,,5\n2,Bo,,6\n3,Cy,,1\n",
            &[
                "nothing was imported: 1 problem in the file",
                "line 3, column 'docker': level '6' is not 0–5",
            ],
        ),
    ];
    for (what, content, messages) in cases {
        let file = cli.file("bad.csv", content);
        for guild in ["9", "10"] {
            let args = ["import", &file, "--guild", guild, "--create"];
            let stderr = cli.fails(&args, "nothing was imported");
            assert!(
                stderr.contains("bad.csv: "),
                "{what}: names the file: {stderr}"
            );
            for message in *messages {
                assert!(
                    stderr.contains(message),
                    "{what}: expected {message:?} in\n{stderr}"
                );
            }
        }
        assert_eq!(
            export(&cli, "9").as_deref(),
            Some(before.as_str()),
            "{what}: guild 9 changed"
        );
        assert_eq!(export(&cli, "10"), None, "{what}: guild 10 got members");
    }
    cli.fails(
        &["import", "/no/such/file.csv", "--guild", "9"],
        "cannot read /no/such/file.csv",
    );
}

/// The import is killed part-way (a real crash, SIGKILL): the database
/// holds all of the file or none of it, and the guild imported before is
/// intact.
#[test]
fn an_import_killed_mid_way_leaves_all_or_nothing() {
    let cli = Cli::new();
    let csv = cli.file("big.csv", matrix_csv(1000, 60).as_bytes());
    let started = Instant::now();
    cli.ok(&["import", &csv, "--guild", "1", "--create"]);
    let full_time = started.elapsed();
    let reference = export(&cli, "1").unwrap();
    for fraction in [0.3, 0.6, 0.9] {
        let mut child = cli
            .command(&["import", &csv, "--guild", "2", "--create"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(full_time.mul_f64(fraction));
        child.kill().ok();
        child.wait().unwrap();
        match export(&cli, "2") {
            None => {}
            Some(export) => {
                assert_eq!(export, reference, "guild 2 holds part of the file");
                return;
            }
        }
    }
    assert_eq!(export(&cli, "1").unwrap(), reference);
}

#[test]
fn forget_removes_the_member_from_every_command() {
    let cli = Cli::new();
    let csv = cli.file("t.csv", b"user_id,name,role,docker\n1,Ana,,3\n2,Bo,,1\n");
    cli.ok(&["import", &csv, "--guild", "4", "--create"]);
    let out = cli.ok(&["forget", "--guild", "4", "--user", "1"]);
    assert!(
        out.contains("deleted 1 level, 1 progress event, 0 nudge runs and 0 audit entries"),
        "{out}"
    );
    cli.fails(
        &["member", "show", "--guild", "4", "--user", "1"],
        "no member 1 in guild 4",
    );
    assert_eq!(
        export(&cli, "4").unwrap(),
        "user_id,name,role,docker\n2,Bo,,1\n"
    );
    let v = cli.json(&["team", "--guild", "4", "--json"]);
    assert_eq!(v["members"], 1);
}

#[test]
fn recommend_for_a_stored_member_keeps_the_json_shape() {
    let cli = Cli::new();
    let csv = cli.file("t.csv", b"user_id,name,role,java,docker\n1,Ana,java-backend-developer,4,3\n2,Bo,java-backend-developer,2,\n3,Cy,,,\n");
    cli.ok(&["import", &csv, "--guild", "8", "--create"]);
    let v = cli.json(&[
        "recommend",
        "--guild",
        "8",
        "--user",
        "2",
        "--json",
        "--limit",
        "50",
    ]);
    assert_eq!(
        v.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["recommendations", "role"]
    );
    assert_eq!(v["role"], "java-backend-developer");
    let recs = v["recommendations"].as_array().unwrap();
    for r in recs {
        let mut keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "estimate_months",
                "name",
                "prerequisites_met",
                "reasons",
                "score",
                "skill"
            ]
        );
    }
    let java = recs
        .iter()
        .find(|r| r["skill"] == "java")
        .expect("java 2 → 4 is recommended");
    assert!(
        java["reasons"].to_string().contains("you are at 2"),
        "{java}"
    );
    assert!(
        recs.iter()
            .any(|r| r["reasons"].to_string().contains("only one teammate")),
        "team bonus"
    );
    // --member is the contract's name for --user; the guild is optional with one guild.
    let same = cli.json(&["recommend", "--member", "2", "--json", "--limit", "50"]);
    assert_eq!(same, v);
    let other_role = cli.json(&[
        "recommend",
        "--user",
        "2",
        "--role",
        "python-backend-developer",
        "--json",
    ]);
    assert_eq!(other_role["role"], "python-backend-developer");
    let text = cli.ok(&["recommend", "--guild", "8", "--user", "2"]);
    assert!(
        text.contains("Next skills for Java backend developer"),
        "{text}"
    );

    cli.fails(
        &["recommend", "--guild", "8", "--user", "3"],
        "member 3 has no role",
    );
    cli.fails(
        &["recommend", "--guild", "8", "--user", "9"],
        "no member 9 in guild 8",
    );
    cli.fails(&["recommend", "--guild", "8"], "--user");
    cli.fails(
        &["recommend", "--user", "2", "--skills", "java:1"],
        "cannot be used with",
    );
    cli.fails(&["recommend", "--json"], "--role is required");
}

#[test]
fn migrate_creates_the_schema_once() {
    let cli = Cli::new();
    let out = cli.ok(&["migrate"]);
    assert!(out.contains("Database: SQLite at"), "{out}");
    assert!(out.contains("Applied migration 0001 team data"), "{out}");
    assert!(cli.path().join("skillbot.db").exists());
    let out = cli.ok(&["migrate"]);
    assert!(out.contains("Schema is up to date"), "{out}");
    let v = cli.json(&["migrate", "--json"]);
    assert_eq!(v["backend"], "sqlite");
    assert_eq!(v["schema"][0]["version"], 1);
}

/// How many migrations the SQLite schema has (files in migrations/sqlite).
fn migration_files() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/sqlite");
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "sql")
        })
        .count() as i64
}

/// Several processes opening a new database at once: one creates the
/// schema, the others wait for it and find it there.
#[test]
fn concurrent_first_use_migrates_once() {
    for _ in 0..3 {
        let cli = Cli::new();
        let children: Vec<_> = (0..4)
            .map(|i| {
                let args: &[&str] = if i % 2 == 0 {
                    &["migrate"]
                } else {
                    &["member", "add", "--guild", "1", "--user", "2", "--create"]
                };
                cli.command(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let v = cli.json(&["migrate", "--json"]);
        assert_eq!(v["applied"], serde_json::json!([]));
        let versions: Vec<i64> = v["schema"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["version"].as_i64().unwrap())
            .collect();
        assert_eq!(versions, (1..=migration_files()).collect::<Vec<i64>>());
    }
}

#[test]
fn a_bad_database_url_exits_2() {
    let cli = Cli::new();
    let out = output(
        cli.command(&["team"])
            .env("DATABASE_URL", "mysql://u:secret@h/db"),
    );
    let stderr = failed(
        &["team"],
        out,
        "DATABASE_URL must start with sqlite:// or postgres://",
    );
    assert!(!stderr.contains("secret"), "{stderr}");
}

#[test]
fn the_cli_works_on_postgresql_too() {
    if postgres_url().is_none() {
        return; // the store tests say once that PostgreSQL is skipped
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let db = runtime.block_on(TestDb::postgres()).unwrap();
    let run = |args: &[&str]| output(db.cli().args(args));
    let v: Value =
        serde_json::from_str(&succeeded(&["migrate"], run(&["migrate", "--json"]))).unwrap();
    assert_eq!(v["backend"], "postgres");
    let csv = db.data_dir().join("t.csv");
    std::fs::write(
        &csv,
        "user_id,name,role,docker,java\n1,Ana,java-backend-developer,3,4\n2,Bo,,1,\n",
    )
    .unwrap();
    let csv = csv.to_str().unwrap();
    succeeded(
        &["import"],
        run(&["import", csv, "--guild", "3", "--create"]),
    );
    succeeded(
        &["level"],
        run(&[
            "level", "set", "--guild", "3", "--user", "2", "--skill", "docker", "--level", "2",
        ]),
    );
    let team: Value =
        serde_json::from_str(&succeeded(&["team"], run(&["team", "--json"]))).unwrap();
    assert_eq!(team["members"], 2);
    let export = succeeded(&["export"], run(&["export", "--guild", "3"]));
    assert_eq!(
        export,
        "user_id,name,role,java,docker\n1,Ana,java-backend-developer,4,3\n2,Bo,,,2\n"
    );
    let bad = Path::new(csv).with_file_name("bad.csv");
    std::fs::write(&bad, "user_id,name,role,docker\n1,Ana,,9\n").unwrap();
    failed(
        &["import"],
        run(&["import", bad.to_str().unwrap(), "--guild", "3"]),
        "level '9' is not 0–5",
    );
    assert_eq!(
        succeeded(&["export"], run(&["export", "--guild", "3"])),
        export
    );
    runtime.block_on(db.finish());
}

#[test]
fn help_lists_the_team_commands() {
    let out = Cli::new().ok(&["--help"]);
    for command in [
        "member", "level", "team", "import", "export", "forget", "migrate", "guild", "audit",
        "schedule", "digest", "nudges",
    ] {
        assert!(
            out.contains(command),
            "{command} missing from --help:\n{out}"
        );
    }
}

/// A mistyped id never starts a new guild or member: every write to one
/// that is not stored yet says so, asks for --create (or `member add`),
/// and writes nothing.
#[test]
fn writes_to_a_guild_or_member_not_stored_ask_for_create() {
    let cli = Cli::new();
    let csv = cli.file("t.csv", b"user_id,name,role,docker\n5,Ana,,3\n");
    let writes: [&[&str]; 6] = [
        &[
            "level", "set", "--guild", "111", "--user", "5", "--skill", "docker", "--level", "2",
        ],
        &[
            "member", "set", "--guild", "111", "--user", "5", "--name", "Ana",
        ],
        &["member", "add", "--guild", "111", "--user", "5"],
        &["import", &csv, "--guild", "111"],
        &["nudges", "on", "--guild", "111", "--user", "5"],
        &["digest", "settings", "--guild", "111", "--channel", "42"],
    ];
    for args in writes {
        let stderr = cli.fails(args, "guild 111 is not stored yet (no guild is stored yet");
        assert!(
            stderr.contains("run the command again with --create"),
            "{stderr}"
        );
    }
    assert!(
        cli.ok(&["guild", "list"])
            .contains("No guild is stored yet")
    );
    cli.fails(&["team"], "no team data yet");

    cli.ok(&["member", "add", "--guild", "111", "--user", "5", "--create"]);
    // The mistake from the issue: one digit too many.
    let stderr = cli.fails(
        &[
            "level", "set", "--guild", "1111", "--user", "5", "--skill", "docker", "--level", "2",
        ],
        "guild 1111 is not stored yet (stored: 111; `skillbot guild list`)",
    );
    assert!(stderr.contains("--create"), "{stderr}");
    // A known guild, an unknown member: `member add` or --create.
    for args in [
        &[
            "level", "set", "--guild", "111", "--user", "6", "--skill", "git", "--level", "1",
        ][..],
        &[
            "member",
            "set",
            "--guild",
            "111",
            "--user",
            "6",
            "--role",
            "backend-developer",
        ],
        &["nudges", "off", "--guild", "111", "--user", "6"],
        &[
            "member",
            "set",
            "--guild",
            "111",
            "--user",
            "6",
            "--tz",
            "Europe/Berlin",
        ],
    ] {
        let stderr = cli.fails(args, "guild 111 has no member 6 yet");
        assert!(
            stderr.contains("`skillbot member add --guild 111 --user 6`")
                && stderr.contains("--create"),
            "{stderr}"
        );
    }
    // `member add` adds a member to a stored guild, but no guild.
    let out = cli.ok(&[
        "member", "add", "--guild", "111", "--user", "6", "--name", "Bo",
    ]);
    assert!(out.contains("Added member 6 of guild 111"), "{out}");
    assert!(!out.contains("Added guild"), "{out}");
    cli.fails(
        &["member", "add", "--guild", "222", "--user", "1"],
        "guild 222 is not stored yet (stored: 111",
    );
    // Only the one guild exists, so `team` still finds it.
    assert_eq!(cli.json(&["team", "--json"])["guild"], "111");

    let list = cli.json(&["member", "list", "--guild", "111", "--json"]);
    assert_eq!(list["guild"], "111");
    let members = list["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    assert_eq!(members[0]["user_id"], "5");
    assert_eq!(members[1]["name"], "Bo");
    assert_eq!(members[1]["levels"], 0);
    let text = cli.ok(&["member", "list", "--guild", "111"]);
    assert!(text.starts_with("Guild 111: 2 members"), "{text}");
    assert!(text.contains("Bo"), "{text}");
    cli.fails(
        &["member", "list", "--guild", "999"],
        "guild 999 is not stored yet (stored: 111",
    );

    let guilds = cli.json(&["guild", "list", "--json"]);
    assert_eq!(guilds["guilds"][0]["guild"], "111");
    assert_eq!(guilds["guilds"][0]["members"], 2);
    assert_eq!(guilds["guilds"][0]["digest_on"], false);
    assert_eq!(guilds["guilds"].as_array().unwrap().len(), 1);
    let text = cli.ok(&["guild", "list"]);
    assert!(text.contains("111") && text.contains("2 members"), "{text}");
}

/// One rule: a level set by anyone but the member is a manager assessment
/// and audited, with or without --by; the member's own is not.
#[test]
fn every_manager_assessment_is_audited_and_audit_reads_the_log() {
    let cli = Cli::new();
    cli.ok(&["member", "add", "--guild", "7", "--user", "1", "--create"]);
    let set = |level: &str, by: Option<&str>| {
        let mut args = vec![
            "level", "set", "--guild", "7", "--user", "1", "--skill", "docker", "--level", level,
            "--json",
        ];
        if let Some(by) = by {
            args.extend(["--by", by]);
        }
        cli.json(&args)
    };
    let v = set("1", Some("1"));
    assert_eq!(
        (v["source"].as_str(), v["audited"].as_bool()),
        (Some("self"), Some(false))
    );
    let v = set("2", None);
    assert_eq!(
        (v["source"].as_str(), v["audited"].as_bool()),
        (Some("manager"), Some(true))
    );
    let v = set("3", Some("9"));
    assert_eq!(
        (v["source"].as_str(), v["audited"].as_bool()),
        (Some("manager"), Some(true))
    );
    let text = cli.ok(&[
        "level", "set", "--guild", "7", "--user", "1", "--skill", "git", "--level", "4",
    ]);
    assert!(text.contains("Recorded in the audit log"), "{text}");

    let log = cli.json(&["audit", "--guild", "7", "--json"]);
    assert_eq!(log["guild"], "7");
    assert_eq!(log["total"], 3);
    let entries = log["entries"].as_array().unwrap();
    let actors: Vec<&Value> = entries.iter().map(|e| &e["actor"]).collect();
    assert_eq!(actors, [&Value::Null, &Value::from("9"), &Value::Null]);
    assert!(
        entries
            .iter()
            .all(|e| e["action"] == "level.set" && e["subject"] == "1")
    );
    assert_eq!(entries[0]["detail"], "set docker from 1 to 2");
    assert_eq!(entries[1]["detail"], "set docker from 2 to 3");

    let text = cli.ok(&["audit", "--guild", "7"]);
    assert!(
        text.starts_with("Audit log of guild 7: 3 entries."),
        "{text}"
    );
    assert!(
        text.contains("level.set      by user 9 about user 1: set docker from 2 to 3"),
        "{text}"
    );
    assert!(
        text.contains("by unknown (command line or import)"),
        "{text}"
    );
    let text = cli.ok(&["audit", "--guild", "7", "--limit", "1"]);
    assert!(text.contains("the latest 1 of 3 entries"), "{text}");
    assert!(text.contains("set git from not assessed to 4"), "{text}");
    cli.fails(
        &["audit", "--guild", "8"],
        "guild 8 is not stored yet (stored: 7",
    );
    cli.fails(&["audit", "--guild", "7", "--limit", "0"], "--limit");
}

#[test]
fn counts_read_as_english() {
    let cli = Cli::new();
    let csv = cli.file("one.csv", b"user_id,name,role,docker\n1,Ana,,3\n");
    let out = cli.ok(&["import", &csv, "--guild", "3", "--create"]);
    assert!(out.contains("Added guild 3."), "{out}");
    assert!(
        out.contains(
            "Imported 1 member (1 new) with 1 skill column into guild 3: 1 level changed, 0 \
             already as given."
        ),
        "{out}"
    );
    let out = cli.ok(&["member", "list", "--guild", "3"]);
    assert!(
        out.contains("Guild 3: 1 member\n") && out.contains("1 level"),
        "{out}"
    );
    let out = cli.ok(&["forget", "--guild", "3", "--user", "1"]);
    assert!(
        out.contains("deleted 1 level, 1 progress event, 0 nudge runs and 0 audit entries"),
        "{out}"
    );
}

/// Headers as spreadsheets write them, and roles by their display names.
#[test]
fn import_reads_spreadsheet_headers_and_role_names() {
    let cli = Cli::new();
    let csv = cli.file(
        "sheet.csv",
        b"User ID , Name ,ROLE,Docker\n1,Ana,Java Backend Developer,3\n2,Bo,python backend developer,\n",
    );
    cli.ok(&["import", &csv, "--guild", "4", "--create"]);
    let v = cli.json(&["export", "--guild", "4", "--format", "json"]);
    assert_eq!(v["members"][0]["role"], "java-backend-developer");
    assert_eq!(v["members"][1]["role"], "python-backend-developer");
    let v = cli.json(&[
        "member",
        "set",
        "--guild",
        "4",
        "--user",
        "2",
        "--role",
        "Frontend developer",
        "--json",
    ]);
    assert_eq!(v["role"], "frontend-developer");
}

/// Output into a pipe nobody reads any more (`| head -1`, `| true`): the
/// command ends quietly, as Unix tools do, instead of panicking with exit
/// code 101.
#[test]
fn a_closed_output_pipe_ends_every_command_quietly() {
    use std::io::{BufRead, BufReader};
    #[cfg(unix)]
    use std::os::unix::process::ExitStatusExt;

    let cli = Cli::new();
    let csv = cli.file("big.csv", matrix_csv(300, 20).as_bytes());
    cli.ok(&["import", &csv, "--guild", "1", "--create"]);
    let quiet = |what: &str, status: std::process::ExitStatus, stderr: &[u8]| {
        let stderr = String::from_utf8_lossy(stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{what}: {stderr}"
        );
        assert_ne!(status.code(), Some(101), "{what}: {stderr}");
        #[cfg(unix)]
        assert!(
            status.success() || status.signal() == Some(SIGPIPE),
            "{what}: {status:?} {stderr}"
        );
    };
    let commands: [&[&str]; 9] = [
        &["skills"],
        &["roles", "--json"],
        &["ask", "how do I learn docker?", "--json"],
        &["team", "--json"],
        &["export", "--guild", "1"],
        &["member", "list", "--guild", "1"],
        &["guild", "list"],
        &["audit", "--guild", "1"],
        &[
            "schedule",
            "next",
            "--cron",
            "0 9 * * MON",
            "--count",
            "1000",
        ],
    ];
    // `| true`: the reader is gone before the command writes a byte.
    for args in commands {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = cli
            .command(args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        quiet(&format!("{args:?} | true"), out.status, &out.stderr);
    }
    // `| head -1`: one line read, then the reader goes away mid-output.
    for args in [&["export", "--guild", "1"][..], &["team", "--json"]] {
        let mut child = cli
            .command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty());
        let out = child.wait_with_output().unwrap();
        quiet(&format!("{args:?} | head -1"), out.status, &out.stderr);
    }
}

/// SIGPIPE's number on Linux and the BSDs.
#[cfg(unix)]
const SIGPIPE: i32 = 13;

/// A PostgreSQL server that refuses or does not answer: a clear message
/// within seconds, not a 30-second wait.
#[test]
fn an_unreachable_database_fails_fast_with_a_clear_message() {
    let cli = Cli::new();
    // Refused: nothing listens on the port.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("postgres://skillbot:secret@127.0.0.1:{port}/team");
    let started = Instant::now();
    let out = output(cli.command(&["team"]).env("DATABASE_URL", &url));
    let stderr = failed(
        &["team"],
        out,
        &format!("cannot connect to PostgreSQL at 127.0.0.1:{port}/team"),
    );
    assert!(stderr.contains("Check DATABASE_URL"), "{stderr}");
    assert!(!stderr.contains("secret"), "{stderr}");
    assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());

    // Silent: the port accepts connections but never answers.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let url = format!("postgres://skillbot@127.0.0.1:{port}/team");
    let started = Instant::now();
    let out = output(cli.command(&["team"]).env("DATABASE_URL", &url));
    let elapsed = started.elapsed();
    failed(
        &["team"],
        out,
        &format!("PostgreSQL at 127.0.0.1:{port}/team did not answer within 5 s"),
    );
    assert!(
        elapsed.as_secs_f64() > 4.0 && elapsed.as_secs() < 15,
        "{elapsed:?}"
    );
    drop(listener);
}
