use std::sync::OnceLock;

use proptest::prelude::*;
use skillbot_index::{Error, Index, IndexBuilder};

use crate::tagger;

fn index() -> &'static Index {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = DIR.get_or_init(|| tempfile::tempdir().unwrap());
        let mut builder = IndexBuilder::new(tagger());
        builder.add_handbook();
        builder.build(&dir.path().join("idx"), |_| {}).unwrap();
        Index::open(&dir.path().join("idx"), tagger()).unwrap()
    })
}

#[test]
fn questions_without_words_are_a_clear_error() {
    for q in ["", "   \n\t", "🦀🔥🚀", "?!?", "((( ---"] {
        let err = index().ask(q, 3).unwrap_err();
        assert!(matches!(err, Error::EmptyQuestion), "{q:?}: {err}");
        assert!(err.to_string().contains("no words"));
    }
}

#[test]
fn hostile_or_odd_questions_get_normal_replies() {
    let long = "docker ".repeat(1_500);
    for q in [
        "((AND OR -",
        "'; DROP TABLE members; --",
        "title:docker AND NOT \"k8s",
        "Docker と Kubernetes の違いは? разница",
        "c# c++ f# .net node.js ci/cd",
        long.as_str(),
    ] {
        let answer = index().ask(q, 3).unwrap();
        assert!(answer.passages.len() <= 3, "{q}");
    }
    assert!(!index().ask(&long, 3).unwrap().passages.is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_text_never_panics(q in "\\PC{0,200}", limit in 0usize..80) {
        match index().ask(&q, limit) {
            Ok(answer) => prop_assert!(answer.passages.len() <= limit.clamp(1, 50)),
            Err(e) => prop_assert!(matches!(e, Error::EmptyQuestion)),
        }
    }
}
