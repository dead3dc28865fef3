//! The built-in handbook answers common questions on its own. These are our
//! own questions about facts the handbook states; the team's evaluation sets
//! live outside the repository.

use std::sync::OnceLock;

use skillbot_index::{Index, handbook, open_handbook};

use crate::skills;

fn index() -> &'static Index {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
        open_handbook(dir.path(), &skills()).unwrap()
    })
}

fn top_source(question: &str) -> String {
    index().ask(question, 3).unwrap().passages[0].source.clone()
}

#[test]
fn the_handbook_is_substantial() {
    assert!(handbook().len() >= 70);
    for (name, text) in handbook() {
        assert!(text.starts_with("# "), "{name} has no title");
        assert!(text.split_whitespace().count() >= 200, "{name} is thin");
    }
}

#[test]
fn learning_time_questions_find_the_figure() {
    let answer = index()
        .ask("how long does it take to learn kubernetes?", 3)
        .unwrap();
    let extract = answer.answer.expect("an answer");
    assert!(extract.source.ends_with("kubernetes.md"), "{extract:?}");
    assert!(
        extract.text.contains("3–6 months") || extract.text.contains("3-6 months"),
        "{extract:?}"
    );
    assert!(
        answer.passages[0].snippet.contains("**"),
        "highlighted: {}",
        answer.passages[0].snippet
    );
}

#[test]
fn aliases_and_chat_phrasing_land_on_the_right_skill() {
    assert!(top_source("what is k8s for").ends_with("kubernetes.md"));
    assert!(top_source("how should I store user passwords").ends_with("password-hashing.md"));
    assert!(top_source("is mongo a good fit for flexible data").ends_with("nosql.md"));
    assert!(top_source("what can you build with golang").ends_with("go.md"));
}

#[test]
fn unrelated_questions_get_no_answer() {
    for q in [
        "how do I bake sourdough bread",
        "best hiking trails near Lyon",
        "qwertyuiop asdfgh",
    ] {
        let answer = index().ask(q, 3).unwrap();
        assert!(answer.answer.is_none(), "{q}: {:?}", answer.answer);
    }
}

#[test]
fn answers_cite_source_and_section() {
    let answer = index().ask("what are CSRF attacks", 3).unwrap();
    let extract = answer.answer.expect("an answer");
    assert!(extract.source.starts_with("handbook/"));
    assert!(!extract.section.is_empty());
    assert!(
        extract.skills.contains(&"web-vulnerabilities".to_string()),
        "{extract:?}"
    );
}

#[test]
fn chat_phrasing_about_a_known_skill_still_gets_an_answer() {
    // Words the material never uses ("decent", "realistically") must not
    // turn a question about a skill it covers into "I don't know".
    for q in [
        "how many months to get decent at k8s",
        "redis caching realistically worth it?",
    ] {
        let answer = index().ask(q, 3).unwrap();
        assert!(
            answer.answer.is_some(),
            "{q}: {:?}",
            answer.passages.first()
        );
    }
}
