//! Comparison answers over a small folder of comparison pages.

use skillbot_index::{Index, IndexBuilder};

use crate::tagger;

fn page(dir: &std::path::Path, name: &str, title: &str, compare: &str, lead: &str) {
    let text = format!(
        "# {title}\ncompare: {compare}\n\n{lead}\n\n## The real differences\n\n- {lead}\n\n\
         ## When to choose which\n\nPick by the workload you have and the people who run it.\n"
    );
    std::fs::write(dir.join(name), text).unwrap();
}

fn index() -> (tempfile::TempDir, Index) {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    page(
        &pages,
        "brokers-ab.md",
        "Alphamq vs Betamq",
        "alphamq|amq, betamq",
        "Alphamq keeps every message on disk for replay, whereas Betamq deletes a message once it is acknowledged.",
    );
    page(
        &pages,
        "brokers-ca.md",
        "Gammamq vs Alphamq",
        "gammamq, alphamq",
        "Gammamq keeps messages in memory for the lowest latency, while Alphamq writes them to a replicated log.",
    );
    page(
        &pages,
        "where-vs-having.md",
        "WHERE vs HAVING",
        "where|where clause, having|having clause",
        "WHERE filters rows before grouping, whereas HAVING filters the groups after the aggregates are computed.",
    );
    let mut builder = IndexBuilder::new(tagger());
    builder.add_path(&pages).unwrap();
    builder.build(&dir.path().join("idx"), |_| {}).unwrap();
    let index = Index::open(&dir.path().join("idx"), tagger()).unwrap();
    (dir, index)
}

#[test]
fn three_sides_without_one_page_are_answered_by_pages_on_two() {
    let (_dir, index) = index();
    let answer = index
        .ask("alphamq vs betamq vs gammamq for our event bus", 5)
        .unwrap();
    let found = answer.comparison.expect("a comparison");
    assert_eq!(found.comparison.sides.len(), 3);
    let page = found.page.expect("a page on two sides");
    assert_eq!(found.pairs.len(), 1, "{:?}", found.pairs);
    let mut sources = vec![page.source, found.pairs[0].source.clone()];
    sources.sort();
    assert_eq!(sources, ["pages/brokers-ab.md", "pages/brokers-ca.md"]);
    // The answer takes in every side, each page's sentence under its title.
    let text = answer.answer.expect("an answer").text;
    for side in ["Alphamq", "Betamq", "Gammamq"] {
        assert!(text.contains(side), "{text}");
    }
    assert!(text.contains("Alphamq vs Betamq: "), "{text}");
    assert!(text.contains("Gammamq vs Alphamq: "), "{text}");
    // Two sides with a page of their own: that page alone.
    let answer = index.ask("alphamq vs betamq", 5).unwrap();
    assert!(answer.comparison.unwrap().pairs.is_empty());
}

#[test]
fn a_side_named_otherwise_by_one_page_is_looked_up_by_that_pages_name() {
    // Only the Alphamq vs Betamq page knows "amq"; the Gammamq page is
    // found by the name that page gave it.
    let (_dir, index) = index();
    let answer = index.ask("amq vs betamq vs gammamq", 5).unwrap();
    let found = answer.comparison.expect("a comparison");
    let mut sources: Vec<String> = found
        .page
        .iter()
        .chain(&found.pairs)
        .map(|p| p.source.clone())
        .collect();
    sources.sort();
    assert_eq!(sources, ["pages/brokers-ab.md", "pages/brokers-ca.md"]);
}

#[test]
fn sides_that_are_everyday_words_find_their_page() {
    let (_dir, index) = index();
    for question in [
        "where vs having",
        "difference between where and having",
        "where clause vs having clause in sql",
    ] {
        let answer = index.ask(question, 3).unwrap();
        let page = answer
            .comparison
            .and_then(|c| c.page)
            .unwrap_or_else(|| panic!("no page for {question:?}"));
        assert_eq!(page.source, "pages/where-vs-having.md", "{question}");
        assert!(
            answer.answer.unwrap().text.contains("whereas"),
            "{question}"
        );
    }
    // Not where no page has them.
    assert!(index.ask("where vs when", 3).unwrap().comparison.is_none());
}
