//! Recommendations, plans and the team report for stored members through
//! the real binary: `plan --guild --user`, the hint `recommend` prints, "not
//! assessed" kept apart from 0, and team catalog files.

use serde_json::Value;

use crate::helpers::Cli;

/// Ana and Bo are Java developers, Cy a Python one, Di has no role yet;
/// five skill columns only, as a lead's first spreadsheet would have.
const TEAM: &str = "user_id,name,role,java,sql,docker,python,spring boot\n\
                    1,Ana,java-backend-developer,4,3,3,,2\n\
                    2,Bo,java-backend-developer,3,2,,,0\n\
                    3,Cy,python-backend-developer,,4,,3,\n\
                    4,Di,,,,,,\n";

fn with_team() -> Cli {
    let cli = Cli::new();
    let csv = cli.file("team.csv", TEAM);
    cli.ok(&["import", &csv, "--guild", "8", "--create"]);
    cli
}

fn skills(steps: &Value, key: &str) -> Vec<String> {
    steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[key].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn plan_for_a_stored_member_starts_where_they_are() {
    let cli = with_team();
    let plan = cli.json(&["plan", "--guild", "8", "--user", "2", "--json"]);
    assert_eq!(plan["role"], "java-backend-developer");
    let steps = plan["steps"].as_array().unwrap();
    // Java 3 → 4, not 0 → 4; SQL from 2.
    let java = steps.iter().find(|s| s["skill"] == "java").unwrap();
    assert_eq!(
        (java["from_level"].as_u64(), java["to_level"].as_u64()),
        (Some(3), Some(4))
    );
    let sql = steps.iter().find(|s| s["skill"] == "sql").unwrap();
    assert_eq!(sql["from_level"], 2);
    // Never assessed: taken as 0, and marked.
    let git = steps.iter().find(|s| s["skill"] == "git").unwrap();
    assert_eq!(
        (git["from_level"].as_u64(), git["assessed"].as_bool()),
        (Some(0), Some(false))
    );
    assert_eq!(java["assessed"], true);
    // The same first step as recommend, which sees the same team.
    let recs = cli.json(&["recommend", "--guild", "8", "--user", "2", "--json"]);
    assert_eq!(recs["recommendations"][0]["skill"], steps[0]["skill"]);
    // --member, the guild found alone, --role overriding the stored role.
    let same = cli.json(&["plan", "--member", "2", "--json"]);
    assert_eq!(
        skills(&same["steps"], "skill"),
        skills(&plan["steps"], "skill")
    );
    let other = cli.json(&[
        "plan",
        "--user",
        "2",
        "--role",
        "python-backend-developer",
        "--json",
    ]);
    assert_eq!(other["role"], "python-backend-developer");
    // The table marks not-assessed levels and says what to do.
    let text = cli.ok(&["plan", "--guild", "8", "--user", "2"]);
    assert!(
        text.contains("Learning path to Java backend developer"),
        "{text}"
    );
    assert!(text.contains("? → 3"), "{text}");
    assert!(text.contains("not assessed yet and taken as 0"), "{text}");
    // Bad input: exit 2 with a message.
    cli.fails(
        &["plan", "--guild", "8", "--user", "4"],
        "member 4 has no role",
    );
    cli.fails(
        &["plan", "--guild", "8", "--user", "9"],
        "no member 9 in guild 8",
    );
    cli.fails(
        &["plan", "--user", "2", "--skills", "java:1"],
        "cannot be used with",
    );
    cli.fails(&["plan", "--guild", "8"], "--user");
    cli.fails(&["plan", "--json"], "--role is required");
}

#[test]
fn the_recommend_hint_is_a_command_that_works() {
    let cli = with_team();
    for args in [
        &["recommend", "--guild", "8", "--user", "2"][..],
        &[
            "recommend",
            "--user",
            "1",
            "--role",
            "senior-backend-developer",
        ],
        &[
            "recommend",
            "--role",
            "java-backend-developer",
            "--skills",
            "java:3, sql:2",
        ],
        &["recommend", "--role", "frontend-developer"],
    ] {
        let text = cli.ok(args);
        let hint = text
            .lines()
            .find_map(|l| l.split_once("The whole path: ").map(|(_, h)| h.to_string()))
            .unwrap_or_else(|| panic!("no hint in {text}"));
        let words = shell_words(&hint);
        assert_eq!(words[..2], ["skillbot", "plan"], "{hint}");
        let mut plan_args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        plan_args.push("--json");
        let plan = cli.json(&plan_args);
        let first_rec = text.lines().find(|l| l.starts_with(" 1. ")).unwrap();
        let first_step = plan["steps"][0]["name"].as_str().unwrap();
        assert!(
            first_rec.contains(first_step),
            "{hint}: {first_rec} vs {first_step}"
        );
    }
}

/// Splits a command line on spaces, keeping "double-quoted" parts whole.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn the_team_report_tells_not_assessed_from_zero() {
    let cli = with_team();
    let v = cli.json(&["team", "--json"]);
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["skill"].as_str().unwrap().to_string())
            .collect()
    };
    // Nobody was asked about these: not gaps, listed on their own.
    let gaps = ids("gaps");
    let not_assessed = ids("not_assessed");
    for skill in ["communication", "authentication", "problem-solving", "git"] {
        assert!(
            !gaps.contains(&skill.to_string()),
            "{skill} in gaps {gaps:?}"
        );
        assert!(
            not_assessed.contains(&skill.to_string()),
            "{skill} not in {not_assessed:?}"
        );
    }
    // Assessed below target: real gaps (Spring Boot 2 and 0 against 3).
    let spring = v["gaps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["skill"] == "spring-boot")
        .unwrap();
    assert_eq!(
        (
            spring["members_below_target"].as_u64(),
            spring["total_gap"].as_u64()
        ),
        (Some(2), Some(4))
    );
    // Python: Cy has 3; Ana and Bo were not asked, so not "0 of 3".
    let python = v["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["skill"] == "python")
        .unwrap();
    assert_eq!(
        (python["holders"].as_u64(), python["assessed"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(python["average_level"], 3.0);
    // Matrix: null where not assessed, 0 where assessed as 0.
    let columns = ids_of(&v["matrix"]["skills"]);
    let col = |id: &str| columns.iter().position(|c| c == id).unwrap();
    let rows = v["matrix"]["rows"].as_array().unwrap();
    let bo = rows.iter().find(|r| r["name"] == "Bo").unwrap();
    assert_eq!(bo["levels"][col("spring-boot")], 0);
    assert!(bo["levels"][col("python")].is_null());
    assert!(bo["levels"][col("git")].is_null());
    assert_eq!(v["unknown_roles"], serde_json::json!([]));
    assert_eq!(v["catalog"], "the built-in catalog");

    let text = cli.ok(&["team", "--guild", "8"]);
    assert!(text.contains("Not assessed yet: "), "{text}");
    assert!(text.contains("— /skills set"), "{text}");
    // A narrow matrix prints, with · where a level was never set.
    let csv = cli.file(
        "small.csv",
        "user_id,name,role,java,docker\n1,Ana,,4,\n2,Bo,,0,2\n",
    );
    cli.ok(&["import", &csv, "--guild", "10", "--create"]);
    let text = cli.ok(&["team", "--guild", "10"]);
    assert!(text.contains("Matrix (· not assessed):"), "{text}");
    let ana = text
        .lines()
        .find(|l| l.trim_start().starts_with("Ana"))
        .unwrap();
    assert!(
        ana.ends_with("4      ·") || ana.ends_with("·      4"),
        "{ana:?}"
    );
    let bo = text
        .lines()
        .find(|l| l.trim_start().starts_with("Bo"))
        .unwrap();
    assert!(bo.contains(" 0") && !bo.contains('·'), "{bo:?}");
}

fn ids_of(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn recommendations_never_claim_nobody_knows_what_nobody_was_asked() {
    let cli = with_team();
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
    let recs = v["recommendations"].as_array().unwrap();
    let reasons =
        |skill: &str| recs.iter().find(|r| r["skill"] == skill).unwrap()["reasons"].to_string();
    // Git: never assessed by anyone. Suggested, but says so, and makes no
    // claim about the team.
    let git = reasons("git");
    assert!(
        git.contains("not assessed yet — if you know it, set your level"),
        "{git}"
    );
    assert!(!git.contains("nobody on the team"), "{git}");
    // Spring Boot: Ana (2) and Bo (0) assessed it — 1 of Bo's 3 teammates,
    // not most of them: still no claim.
    assert!(!reasons("spring-boot").contains("nobody on the team"));
    // Java: one teammate holds it.
    assert!(reasons("java").contains("only one teammate knows it"));
    // Once most teammates assessed Spring Boot below 3, the claim is true.
    let more = cli.file("more.csv", "user_id,name,role,spring boot\n3,,,1\n");
    cli.ok(&["import", &more, "--guild", "8"]);
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
    let spring = v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["skill"] == "spring-boot")
        .unwrap();
    assert!(
        spring["reasons"]
            .to_string()
            .contains("nobody on the team knows it yet"),
        "{spring}"
    );
}

const TEAM_CATALOG: &str = r#"
[[skills]]
id = "terraform"
name = "Terraform"
category = "cloud"
aliases = ["iac"]
prerequisites = ["cloud"]
learning_months = [1, 2]
description = "Infrastructure as code."

[[roles]]
id = "platform-engineer"
name = "Platform engineer"
targets = [
  { skill = "terraform", level = 3, weight = "core" },
  { skill = "kubernetes", level = 3, weight = "core" },
]
"#;

#[test]
fn a_team_catalog_extends_the_builtin_one_and_is_named_when_missing() {
    let cli = Cli::new();
    let catalog = cli.file("team-catalog.toml", TEAM_CATALOG);
    // The built-in skills and roles are still there, with the team's.
    let skills = cli.json(&["skills", "--json", "--catalog", &catalog]);
    let ids = skills["skills"].as_array().unwrap();
    assert!(
        ids.iter().any(|s| s["id"] == "terraform") && ids.iter().any(|s| s["id"] == "kubernetes")
    );
    let roles = cli.json(&["roles", "--json", "--catalog", &catalog]);
    assert_eq!(roles["roles"].as_array().unwrap().len(), 10);
    let plan = cli.json(&[
        "plan",
        "--role",
        "platform-engineer",
        "--json",
        "--catalog",
        &catalog,
    ]);
    let order = skills_of(&plan);
    let at = |id: &str| order.iter().position(|s| s == id).unwrap();
    assert!(
        at("cloud") < at("terraform") && at("docker") < at("kubernetes"),
        "{order:?}"
    );

    // A member stored with the team's role, read without the team catalog.
    let csv = cli.file("t.csv", "user_id,name,role,iac\n5,Di,platform-engineer,1\n");
    cli.ok(&[
        "import",
        &csv,
        "--guild",
        "9",
        "--create",
        "--catalog",
        &catalog,
    ]);
    let stderr = cli.fails(
        &["recommend", "--guild", "9", "--user", "5"],
        "stored role 'platform-engineer'",
    );
    assert!(
        stderr.contains("not in the catalog in use (the built-in catalog)"),
        "{stderr}"
    );
    assert!(stderr.contains("--catalog FILE"), "{stderr}");
    cli.fails(
        &["plan", "--guild", "9", "--user", "5"],
        "the built-in catalog",
    );
    let team = cli.json(&["team", "--guild", "9", "--json"]);
    assert_eq!(
        team["unknown_roles"],
        serde_json::json!([{"role": "platform-engineer", "members": 1}])
    );
    let text = cli.ok(&["team", "--guild", "9"]);
    assert!(
        text.contains(
            "Roles not in the catalog in use (the built-in catalog): platform-engineer (1)"
        ),
        "{text}"
    );
    // With it, all is well.
    let recs = cli.json(&[
        "recommend",
        "--guild",
        "9",
        "--user",
        "5",
        "--json",
        "--catalog",
        &catalog,
    ]);
    assert_eq!(recs["role"], "platform-engineer");
    let team = cli.json(&["team", "--guild", "9", "--json", "--catalog", &catalog]);
    assert!(
        team["catalog"]
            .as_str()
            .unwrap()
            .starts_with("the built-in catalog extended by")
    );
}

fn skills_of(plan: &Value) -> Vec<String> {
    skills(&plan["steps"], "skill")
}

#[test]
fn catalog_export_is_the_starting_point_of_a_team_file() {
    let cli = Cli::new();
    let exported = cli.ok(&["catalog", "export"]);
    assert!(exported.contains("[[roles]]") && exported.contains("id = \"kubernetes\""));
    // The export loads as a catalog (extending by itself changes nothing),
    // and as a replacement.
    let path = cli.file("catalog.toml", &exported);
    let builtin = cli.json(&["roles", "--json"]);
    assert_eq!(cli.json(&["roles", "--json", "--catalog", &path]), builtin);
    let replacing = cli.file(
        "replace.toml",
        format!("replace_builtin = true\n{exported}"),
    );
    assert_eq!(
        cli.json(&["roles", "--json", "--catalog", &replacing]),
        builtin
    );
    // A file meant to replace, but incomplete: a clear error.
    let small = cli.file(
        "small.toml",
        "replace_builtin = true\n[[categories]]\nid = \"x\"\nname = \"X\"\nstage = 1\n\n[[skills]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\ndescription = \"d\"\n\n[[roles]]\nid = \"r\"\nname = \"R\"\ntargets = [{ skill = \"kubernetes\", level = 2, weight = \"core\" }]\n",
    );
    cli.fails(
        &["roles", "--catalog", &small],
        "unknown skill 'kubernetes' in targets",
    );
    assert!(cli.path().exists());
}
