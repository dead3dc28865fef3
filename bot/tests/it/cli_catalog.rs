//! The catalog commands through the real binary: JSON shapes of DESIGN.md,
//! human output, and exit code 2 with a clear message for bad input.

use std::process::{Command, Output};

use serde_json::Value;

fn run(args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_skillbot"))
        .args(args)
        .env("SKILLBOT_DATA_DIR", data.path())
        .env_remove("DATABASE_URL")
        .env_remove("SKILLBOT_CONFIG")
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn fails_with(args: &[&str], message: &str) {
    let out = run(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(message), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn skills_json_has_the_documented_shape() {
    let v = json(&["skills", "--json"]);
    let skills = v["skills"].as_array().unwrap();
    assert!(skills.len() >= 75);
    let ids: Vec<&str> = skills.iter().map(|s| s["id"].as_str().unwrap()).collect();
    for s in skills {
        for key in [
            "id",
            "name",
            "category",
            "aliases",
            "prerequisites",
            "learning_months",
            "description",
        ] {
            assert!(s.get(key).is_some(), "{} lacks {key}", s["id"]);
        }
        for p in s["prerequisites"].as_array().unwrap() {
            assert!(ids.contains(&p.as_str().unwrap()), "{p} is not a skill id");
        }
    }
    let k8s = skills.iter().find(|s| s["id"] == "kubernetes").unwrap();
    assert_eq!(k8s["learning_months"], serde_json::json!([3.0, 6.0]));
    assert!(k8s["aliases"].as_array().unwrap().contains(&"k8s".into()));
    assert!(
        k8s["prerequisites"]
            .as_array()
            .unwrap()
            .contains(&"docker".into())
    );
}

#[test]
fn roles_json_has_targets_with_weights() {
    let v = json(&["roles", "--json"]);
    let roles = v["roles"].as_array().unwrap();
    assert!(roles.len() >= 9);
    for r in roles {
        for t in r["targets"].as_array().unwrap() {
            let level = t["level"].as_u64().unwrap();
            assert!((1..=5).contains(&level));
            assert!(["core", "important", "nice-to-have"].contains(&t["weight"].as_str().unwrap()));
        }
    }
}

#[test]
fn recommend_json_has_the_documented_shape() {
    let v = json(&[
        "recommend",
        "--role",
        "java-backend-developer",
        "--json",
        "--limit",
        "3",
    ]);
    assert_eq!(v["role"], "java-backend-developer");
    let recs = v["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 3);
    assert_eq!(recs[0]["skill"], "java");
    for r in recs {
        assert_eq!(r["prerequisites_met"], true);
        assert!(!r["reasons"].as_array().unwrap().is_empty());
        let est = r["estimate_months"].as_array().unwrap();
        assert!(est[0].as_f64().unwrap() <= est[1].as_f64().unwrap());
        assert!(r["score"].is_number() && r["name"].is_string());
    }
}

#[test]
fn recommend_accepts_aliases_and_respects_prerequisites() {
    let v = json(&[
        "recommend",
        "--role",
        "senior-backend-developer",
        "--skills",
        "k8s:0,docker:0",
        "--json",
        "--limit",
        "50",
    ]);
    let skills: Vec<&str> = v["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["skill"].as_str().unwrap())
        .collect();
    assert!(!skills.contains(&"kubernetes"));
}

#[test]
fn plan_json_is_in_learning_order() {
    let v = json(&["plan", "--role", "python-backend-developer", "--json"]);
    let steps = v["steps"].as_array().unwrap();
    let pos = |id: &str| steps.iter().position(|s| s["skill"] == id).unwrap();
    assert!(pos("python") < pos("django"));
    assert_eq!(steps[0]["skill"], "python");
    let last = &steps[steps.len() - 1]["cumulative_months"];
    assert!(last[0].as_f64().unwrap() > 6.0);
    for s in steps {
        // DESIGN.md's fields, plus when each step starts.
        for key in [
            "skill",
            "name",
            "from_level",
            "to_level",
            "reasons",
            "estimate_months",
            "cumulative_months",
            "start_months",
        ] {
            assert!(s.get(key).is_some(), "{} lacks {key}", s["skill"]);
        }
        assert!(s["from_level"].as_u64().unwrap() < s["to_level"].as_u64().unwrap());
        let (start, done) = (&s["start_months"], &s["cumulative_months"]);
        assert!(start[1].as_f64().unwrap() < done[1].as_f64().unwrap());
    }
    // The pace is stated, and milestones are in calendar months at it.
    assert_eq!(v["pace"]["skills_at_once"], 2);
    assert_eq!(v["pace"]["hours_per_week"], 20);
    assert!(
        v["pace"]["assumption"]
            .as_str()
            .unwrap()
            .contains("soft skills practised alongside")
    );
    let milestones = v["milestones"].as_array().unwrap();
    let ids: Vec<&str> = milestones
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["job-ready-core", "core-and-important", "all-targets"]);
    let core = &milestones[0]["months"];
    // The handbook: job-ready as a Python backend developer in 6–12 months.
    assert!(
        core[0].as_f64().unwrap() <= 6.0 && core[1].as_f64().unwrap() >= 9.0,
        "{core}"
    );
    assert!(core[1].as_f64().unwrap() <= 13.0, "{core}");
    // All targets: when the last step to finish is done (steps overlap, so
    // not necessarily the last one listed).
    for bound in 0..2 {
        let latest = steps
            .iter()
            .map(|s| s["cumulative_months"][bound].as_f64().unwrap())
            .fold(0.0, f64::max);
        assert_eq!(milestones[2]["months"][bound].as_f64(), Some(latest));
    }
}

#[test]
fn the_pace_changes_calendar_time_and_is_checked() {
    let core = |args: &[&str]| {
        let mut all = vec!["plan", "--role", "java-backend-developer", "--json"];
        all.extend_from_slice(args);
        json(&all)["milestones"][0]["months"][1].as_f64().unwrap()
    };
    let default = core(&[]);
    let half = core(&["--hours-per-week", "10"]);
    assert!(half > default * 1.7, "{half} vs {default}");
    fails_with(
        &["plan", "--role", "java-backend-developer", "--at-once", "0"],
        "skills at once must be 1–4",
    );
    fails_with(
        &[
            "plan",
            "--role",
            "java-backend-developer",
            "--hours-per-week",
            "100",
        ],
        "hours per week must be 1–60",
    );
    fails_with(
        &[
            "plan",
            "--role",
            "java-backend-developer",
            "--hours-per-week",
            "-3",
        ],
        "--hours-per-week",
    );
}

#[test]
fn ranges_never_read_like_three_to_three() {
    let mut outputs = vec![run(&["skills"])];
    for role in json(&["roles", "--json"])["roles"].as_array().unwrap() {
        let id = role["id"].as_str().unwrap();
        outputs.push(run(&["plan", "--role", id]));
        outputs.push(run(&["recommend", "--role", id, "--limit", "50"]));
    }
    for out in outputs {
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(out.status.success());
        for n in ["0.5", "1", "2", "3", "4", "5", "6"] {
            assert!(!text.contains(&format!(" {n}–{n} ")), "{n}–{n} in\n{text}");
            assert!(!text.contains(&format!("~{n}–{n} ")), "{n}–{n} in\n{text}");
        }
    }
}

#[test]
fn human_output_explains() {
    let out = run(&["recommend", "--role", "backend-developer"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Next skills for Backend developer"), "{text}");
    assert!(text.contains("core for Backend developer: target"));
    let out = run(&[
        "plan",
        "--role",
        "backend-developer",
        "--skills",
        "python:3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("Learning path to Backend developer"));
    assert!(!text.contains("Python "), "python:3 is already met: {text}");
    assert!(
        text.contains("Milestones:") && text.contains("job-ready core (core targets):"),
        "{text}"
    );
    assert!(
        text.contains("Assumes 2 technical skills at a time, 20 hours a week"),
        "{text}"
    );
    assert!(text.contains("(alongside)"), "{text}");
    // --skills lists what the person knows: the rest is a known 0, not "?".
    assert!(!text.contains("? →"), "{text}");
    // The recommend hint carries the same levels.
    let out = run(&[
        "recommend",
        "--role",
        "backend-developer",
        "--skills",
        "python:3",
    ]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(
            "The whole path: skillbot plan --role backend-developer --skills \"python:3\""
        ),
        "{text}"
    );
}

#[test]
fn bad_input_exits_2_with_a_clear_message() {
    fails_with(
        &["recommend", "--role", "java-backend-dev"],
        "did you mean 'java-backend-developer'?",
    );
    fails_with(
        &[
            "recommend",
            "--role",
            "backend-developer",
            "--skills",
            "kubernets:2",
        ],
        "did you mean 'kubernetes'?",
    );
    fails_with(
        &[
            "recommend",
            "--role",
            "backend-developer",
            "--skills",
            "docker:6",
        ],
        "whole number from 0",
    );
    fails_with(
        &[
            "recommend",
            "--role",
            "backend-developer",
            "--skills",
            "docker",
        ],
        "id:level",
    );
    fails_with(
        &[
            "recommend",
            "--role",
            "backend-developer",
            "--skills",
            "k8s:1,kubernetes:2",
        ],
        "more than once",
    );
    fails_with(
        &["recommend", "--role", "backend-developer", "--limit", "0"],
        "--limit must be between 1 and 50",
    );
    fails_with(&["plan", "--role", ""], "unknown role");
    fails_with(&["plan"], "--role");
    fails_with(&["catalog"], "Usage");
    fails_with(
        &["skills", "--catalog", "/nonexistent/catalog.toml"],
        "cannot read catalog",
    );
}

#[test]
fn a_team_catalog_file_is_validated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalog.toml");
    std::fs::write(
        &path,
        "[[categories]]\nid = \"x\"\nname = \"X\"\nstage = 1\n\n[[skills]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\nprerequisites = [\"a\"]\ndescription = \"d\"\n",
    )
    .unwrap();
    fails_with(
        &["skills", "--catalog", path.to_str().unwrap()],
        "cycle: a -> a",
    );
    std::fs::write(
        &path,
        "[[categories]]\nid = \"x\"\nname = \"X\"\nstage = 1\n\n[[skills]]\nid = \"a\"\nname = \"A\"\ncategory = \"x\"\ndescription = \"d\"\n\n[[roles]]\nid = \"r\"\nname = \"R\"\ntargets = [{ skill = \"a\", level = 2, weight = \"core\" }]\n",
    )
    .unwrap();
    let v = json(&[
        "recommend",
        "--role",
        "r",
        "--json",
        "--catalog",
        path.to_str().unwrap(),
    ]);
    assert_eq!(v["recommendations"][0]["skill"], "a");
}

#[test]
fn config_file_problems_exit_2() {
    fails_with(
        &["skills", "--config", "/nonexistent/skillbot.toml"],
        "cannot read config file",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("skillbot.toml");
    std::fs::write(&path, "data_dri = \"/tmp\"\n").unwrap();
    fails_with(
        &["skills", "--config", path.to_str().unwrap()],
        "is not valid",
    );
    std::fs::write(&path, "catalog = \"/nonexistent/catalog.toml\"\n").unwrap();
    fails_with(
        &["skills", "--config", path.to_str().unwrap()],
        "cannot read catalog",
    );
}
