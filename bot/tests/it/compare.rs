//! Comparison questions through the real binary: `ask --json` carries a
//! `comparison` object beside `answer`, and the answer never covers only one
//! side of a question that names two.

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use crate::helpers::skillbot_command;

fn run(data: &Path, args: &[&str]) -> Output {
    skillbot_command(data).args(args).output().unwrap()
}

fn ask_json(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["ask"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = run(data, &all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn side_ids(v: &Value) -> Vec<&str> {
    v["comparison"]["sides"]
        .as_array()
        .unwrap_or_else(|| panic!("no comparison sides: {v}"))
        .iter()
        .map(|s| s["id"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn a_comparison_page_answers_with_both_sides() {
    let data = tempfile::tempdir().unwrap();
    let v = ask_json(data.path(), &["kafka vs rabbitmq"]);
    let answer = v["answer"]["text"].as_str().unwrap().to_lowercase();
    assert!(
        answer.contains("kafka") && answer.contains("rabbitmq"),
        "the answer names one side only: {v}"
    );
    let top = &v["passages"][0];
    assert!(
        top["source"]
            .as_str()
            .unwrap()
            .contains("kafka-vs-rabbitmq"),
        "the comparison page is not first: {v}"
    );
    let comparison = &v["comparison"];
    assert!(comparison["passage"]["text"].is_string(), "{v}");
    let terms: Vec<&str> = comparison["sides"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms, ["kafka", "rabbitmq"]);
    // A plain "X vs Y" is answered by the page's summary (its lead), and
    // the differences follow it; for a choice, the section on choosing
    // comes first or right after the sentence that answers.
    assert_eq!(top["section"], "Kafka vs RabbitMQ", "{v}");
    assert_eq!(v["passages"][1]["section"], "The real differences", "{v}");
    let choice = ask_json(data.path(), &["kafka or rabbitmq for background jobs?"]);
    let first_two: Vec<&str> = (0..2)
        .map(|i| {
            choice["passages"][i]["section"]
                .as_str()
                .unwrap_or_default()
        })
        .collect();
    assert!(first_two.contains(&"When to choose which"), "{choice}");
    // The documented keys stay as they were.
    for key in ["question", "answer", "passages"] {
        assert!(v.get(key).is_some(), "no {key}: {v}");
    }
}

#[test]
fn which_first_gives_the_learning_order_rule() {
    let data = tempfile::tempdir().unwrap();
    let v = ask_json(data.path(), &["should I learn docker or kubernetes first?"]);
    assert_eq!(side_ids(&v), ["docker", "kubernetes"]);
    let rule = v["comparison"]["which_first"].as_str().unwrap();
    assert!(rule.starts_with("Learn Docker first"), "{rule}");
    for side in v["comparison"]["sides"].as_array().unwrap() {
        assert!(side["description"].is_string(), "{side}");
        assert!(
            side["roles"].as_array().is_some_and(|r| !r.is_empty()),
            "{side}"
        );
    }
}

#[test]
fn a_role_personalises_the_comparison() {
    let data = tempfile::tempdir().unwrap();
    let v = ask_json(
        data.path(),
        &["java or python?", "--role", "java-backend-developer"],
    );
    let line = v["comparison"]["for_role"].as_str().unwrap();
    assert!(line.contains("Java is core"), "{line}");
    assert!(line.contains("Python is not part of it"), "{line}");
    // A role that takes any language says so, with its suggestion.
    let v = ask_json(
        data.path(),
        &["java or python?", "--role", "backend-developer"],
    );
    let line = v["comparison"]["for_role"].as_str().unwrap();
    assert!(line.contains("both count"), "{line}");
    let v = ask_json(data.path(), &["java or python?"]);
    assert!(v["comparison"]["for_role"].is_null(), "{v}");
}

#[test]
fn an_unknown_side_is_said() {
    let data = tempfile::tempdir().unwrap();
    // A made-up broker, so no handbook page can ever cover it.
    let v = ask_json(data.path(), &["kafka vs zorblatmq"]);
    assert_eq!(
        v["comparison"]["message"], "I have material on Kafka but not on Zorblatmq.",
        "{v}"
    );
    let answer = v["answer"]["text"].as_str().unwrap_or_default();
    assert!(
        answer.contains("Zorblatmq"),
        "the answer hides the missing side: {v}"
    );
}

#[test]
fn without_a_comparing_passage_the_sides_are_composed() {
    let data = tempfile::tempdir().unwrap();
    // No handbook page compares these two languages.
    let v = ask_json(data.path(), &["scala or php?"]);
    let answer = &v["answer"];
    assert_eq!(answer["source"], "skill catalog", "{v}");
    let text = answer["text"].as_str().unwrap();
    assert!(text.contains("Scala") && text.contains("PHP"), "{text}");
    let ids = side_ids(&v);
    assert_eq!(ids, ["scala", "php"]);
    assert!(v["comparison"]["passage"].is_null(), "{v}");
}

#[test]
fn look_alikes_are_ordinary_questions() {
    let data = tempfile::tempdir().unwrap();
    for question in [
        "should I stay or should I go",
        "how long does it take to learn docker",
    ] {
        let v = ask_json(data.path(), &[question]);
        assert!(v.get("comparison").is_none(), "{question}: {v}");
    }
}

#[test]
fn the_text_output_shows_both_sides() {
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["ask", "sql vs nosql"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("SQL") && text.contains("NoSQL"), "{text}");
    assert!(text.contains("sql-vs-nosql"), "no source: {text}");
}

#[test]
fn an_unknown_role_is_a_clear_error() {
    let data = tempfile::tempdir().unwrap();
    let out = run(data.path(), &["ask", "java or python?", "--role", "wizard"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("wizard"), "{err}");
}

/// The held-out comparison set (`index/eval/compare_qa.tsv`, written apart
/// from this code): its look-alikes ("rock or roll", "vs code setup for
/// python") must stay ordinary questions, and nearly all of its questions
/// must be read as comparisons.
#[test]
fn the_held_out_set_is_recognised_and_its_look_alikes_are_not() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../index/eval/compare_qa.tsv");
    let text = std::fs::read_to_string(&file).unwrap();
    let data = tempfile::tempdir().unwrap();
    let skills = skillbot_recommender::Catalog::builtin().skill_names();
    let index = skillbot_index::open_handbook(data.path(), &skills).unwrap();
    let mut look_alikes = 0;
    for line in text.lines().filter(|l| l.starts_with("#lookalike\t")) {
        let question = &line["#lookalike\t".len()..];
        let answer = index.ask(question, 3).unwrap();
        assert!(
            answer.comparison.is_none(),
            "read as a comparison: {question}"
        );
        look_alikes += 1;
    }
    assert!(
        look_alikes >= 10,
        "only {look_alikes} look-alikes in {file:?}"
    );
    let questions: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    let recognised = questions
        .iter()
        .filter(|q| index.ask(q, 3).unwrap().comparison.is_some())
        .count();
    assert!(
        recognised * 10 >= questions.len() * 9,
        "{recognised} of {} read as comparisons",
        questions.len()
    );
}

/// Every comparison page of the handbook is what its own question finds:
/// "a vs b" (and "a vs b vs c") built from the page's `compare:` line is
/// read as a comparison and answered from that page. A page whose sides the
/// recogniser cannot resolve, or that a neighbour page shadows, fails here
/// rather than silently never being shown.
#[test]
fn every_comparison_page_answers_its_own_question() {
    let data = tempfile::tempdir().unwrap();
    let skills = skillbot_recommender::Catalog::builtin().skill_names();
    let index = skillbot_index::open_handbook(data.path(), &skills).unwrap();
    let mut pages = 0;
    let mut missed = Vec::new();
    for (name, text) in skillbot_index::handbook() {
        let Some(file) = name.strip_prefix("compare/") else {
            continue;
        };
        pages += 1;
        let sides = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("compare:"))
            .unwrap_or_else(|| panic!("{name} has no compare: line"));
        // Each side's names ("xss | cross-site scripting"): the sides by
        // their own names, then each other name beside the others' own.
        let names: Vec<Vec<&str>> = sides
            .split(',')
            .map(|side| side.split('|').map(str::trim).collect())
            .collect();
        let own: Vec<&str> = names.iter().map(|n| n[0]).collect();
        let mut questions = vec![own.join(" vs ")];
        for (i, side) in names.iter().enumerate() {
            for other in &side[1..] {
                let mut these = own.clone();
                these[i] = other;
                questions.push(these.join(" vs "));
            }
        }
        let expected = format!("handbook/compare/{file}");
        for question in questions {
            let answer = index.ask(&question, 3).unwrap();
            let page = answer
                .comparison
                .as_ref()
                .and_then(|c| c.page.as_ref())
                .map(|p| p.source.as_str());
            if page != Some(expected.as_str()) {
                missed.push(format!("{question:?} → {page:?}"));
            }
        }
    }
    assert!(pages >= 30, "only {pages} comparison pages");
    assert!(
        missed.is_empty(),
        "pages not found by their own question:\n{}",
        missed.join("\n")
    );
}

/// The answer sentence names every side by a name of its own: a generic word
/// a skill's aliases include ("API" for REST) is no mention of that side.
#[test]
fn the_answer_names_both_sides_by_name() {
    let data = tempfile::tempdir().unwrap();
    for (question, names) in [
        ("rest vs graphql for our new api?", &["rest", "graphql"][..]),
        ("terraform vs pulumi", &["terraform", "pulumi"]),
        // "GitHub Flow" is the Git skill, as GitFlow is, but not GitFlow.
        (
            "trunk based dev or gitflow for 5 devs",
            &["gitflow", "trunk-based"],
        ),
        // Only one page knows "tf"; the other is found as "terraform".
        ("tf vs pulumi vs cdk", &["terraform", "pulumi", "cdk"]),
        // A noun and its "-ing" form are one side; plain terms, each on a
        // page with another.
        (
            "threading, multiprocessing or asyncio",
            &["processes vs threads", "threads vs async"],
        ),
    ] {
        let v = ask_json(data.path(), &[question]);
        let answer = v["answer"]["text"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase();
        for name in names {
            assert!(
                answer.contains(name),
                "{question}: {name} missing in {answer}"
            );
        }
    }
}

/// Three sides and no page on all of them: the page on two of them answers,
/// and the side-by-side still has all three.
#[test]
fn a_page_on_two_of_three_sides_answers() {
    let data = tempfile::tempdir().unwrap();
    let v = ask_json(data.path(), &["kafka vs rabbitmq vs zorblatmq"]);
    assert_eq!(side_ids(&v).len(), 3, "{v}");
    let source = v["comparison"]["passage"]["source"]
        .as_str()
        .unwrap_or_default();
    assert!(source.starts_with("handbook/compare/"), "{v}");
    let answer = v["answer"]["text"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(
        answer.contains("kafka") && answer.contains("rabbitmq"),
        "{v}"
    );
}
