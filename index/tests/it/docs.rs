//! A documentation site as teams export it: an mdBook-like book with its
//! chrome, an all-in-one print page, redirect stubs, an old edition and a
//! translation. Each ingestion rule is checked through what a question
//! returns.

use std::path::Path;

use skillbot_index::{BuildStats, Index, IndexBuilder};

use crate::tagger;

/// A page with the chrome documentation generators put around content: a
/// sidebar, a menu bar whose `<h1>` is the book's name, navigation links.
fn page(title: &str, lang: &str, main: &str) -> String {
    format!(
        r##"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} - The Widget Book</title></head>
<body><nav class="sidebar"><ol><li><a href="ch01.html">1. Errors</a></li><li><a href="ch02.html">2. Threads</a></li></ol></nav>
<div class="menu-bar"><h1 class="menu-title">The Widget Book</h1><a href="print.html">Print this book</a></div>
<main>{main}</main>
<nav class="nav-wrapper"><a href="ch02.html">Next chapter</a></nav>
<footer><p>Edit this page on GitHub</p></footer></body></html>"##
    )
}

const ERRORS: &str = r##"<h2 id="propagating">Propagating errors with the question mark</h2>
<p>The question mark operator returns early from the whole function when a result holds an error, handing the error to the caller.</p>
<p>It only works in functions that return a Result or an Option, so the main function must change its signature.</p>
<pre><code class="language-rust">fn read_name() -&gt; Result&lt;String, io::Error&gt; {
    let mut file = File::open("name.txt")?;
    let mut name = String::new();
    file.read_to_string(&amp;mut name)?;
    Ok(name)
}</code></pre>"##;

const THREADS: &str = r##"<h2 id="spawning">Spawning threads with move closures</h2>
<p>A thread may outlive the function that spawned it, so the closure passed to spawn must take ownership of the values it uses with the move keyword.</p>
<p>Without move, the compiler refuses the borrow because it cannot prove the borrowed values live long enough.</p>"##;

const OLD_BANNER: &str = r##"<div class="warning"><p>The 2018 edition of this book is no longer distributed. If you came here from a search, you may want to check out the current version of the book instead.</p></div>"##;

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Builds the site and returns the index and what the build reported.
fn site() -> (tempfile::TempDir, Index, BuildStats) {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("widget-book");
    write(&book, "ch01.html", &page("Errors", "en", ERRORS));
    write(&book, "ch02.html", &page("Threads", "en", THREADS));
    // The all-in-one page: every chapter again, one after the other.
    write(
        &book,
        "print.html",
        &page(
            "The Widget Book",
            "en",
            &format!("<h1>Errors</h1>{ERRORS}<h1>Threads</h1>{THREADS}"),
        ),
    );
    // Redirect stubs left for old links.
    write(
        &book,
        "ch09-errors.html",
        r#"<html><head><title>Redirecting...</title><meta http-equiv="refresh" content="0; URL=ch01.html"></head>
           <body><p>Redirecting to... <a href="ch01.html">ch01.html</a>. The question mark operator moved.</p></body></html>"#,
    );
    write(
        &book,
        "guide-errors.html",
        "<html><head><title>Error handling guide</title></head><body><h1>Error handling guide</h1>\
         <p>This content has moved into <a href=\"ch01.html\">the book</a>.</p></body></html>",
    );
    // An old edition: a copy of a current chapter, and a page only it has.
    write(
        &book,
        "2018-edition/ch01.html",
        &page("Errors", "en", &format!("{OLD_BANNER}{ERRORS}")),
    );
    write(
        &book,
        "2018-edition/ch05.html",
        &page(
            "Threads in 2018",
            "en",
            &format!(
                "{OLD_BANNER}<h2>Scoped threads</h2><p>Before scoped threads were stable, spawning threads that borrow from the stack needed a crate, and the move keyword was the only way to hand values to a thread.</p>"
            ),
        ),
    );
    // A translated copy.
    write(
        &book,
        "ja/ch01.html",
        &page(
            "エラー",
            "ja",
            "<h2>疑問符演算子によるエラーの伝播</h2><p>疑問符演算子は、結果がエラーを保持している場合に関数全体から早期に戻り、エラーを呼び出し元に渡します。</p><p>この演算子は Result か Option を返す関数の中でだけ使えます。</p>",
        ),
    );
    let mut builder = IndexBuilder::new(tagger());
    assert_eq!(builder.add_path(&book).unwrap(), 8);
    let stats = builder.build(&dir.path().join("idx"), |_| {}).unwrap();
    let index = Index::open(&dir.path().join("idx"), tagger()).unwrap();
    (dir, index, stats)
}

#[test]
fn redirect_and_moved_stubs_are_not_material() {
    let (_dir, index, stats) = site();
    assert_eq!(stats.stubs, 2, "{stats:?}");
    for question in [
        "how does the question mark operator work",
        "where did the error handling guide move",
    ] {
        let answer = index.ask(question, 10).unwrap();
        for p in &answer.passages {
            assert!(
                !p.source.ends_with("ch09-errors.html") && !p.source.ends_with("guide-errors.html"),
                "{question}: {p:?}"
            );
            assert!(!p.text.contains("Redirecting"), "{p:?}");
        }
    }
}

#[test]
fn answers_cite_the_chapter_not_the_all_in_one_page() {
    let (_dir, index, _) = site();
    for (question, chapter) in [
        (
            "how does the question mark operator work",
            "widget-book/ch01.html",
        ),
        (
            "why does a spawned thread need a move closure",
            "widget-book/ch02.html",
        ),
    ] {
        let answer = index.ask(question, 10).unwrap();
        let extract = answer.answer.expect("an answer");
        assert_eq!(extract.source, chapter, "{question}");
        assert!(
            answer
                .passages
                .iter()
                .all(|p| !p.source.ends_with("print.html")),
            "{question}: {:?}",
            answer
                .passages
                .iter()
                .map(|p| &p.source)
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn sources_are_relative_and_titles_come_from_the_page() {
    let (dir, index, _) = site();
    let answer = index.ask("question mark operator", 3).unwrap();
    let top = &answer.passages[0];
    let root = dir.path().to_string_lossy().into_owned();
    assert!(!top.source.contains(&root), "{}", top.source);
    assert_eq!(top.source, "widget-book/ch01.html");
    // The menu bar's <h1> is chrome: the page's <title> names it.
    assert_eq!(top.title, "Errors - The Widget Book");
    assert_eq!(top.section, "Propagating errors with the question mark");
    for chrome in [
        "Print this book",
        "Next chapter",
        "Edit this page",
        "1. Errors",
    ] {
        assert!(!top.text.contains(chrome), "{chrome}: {}", top.text);
    }
}

#[test]
fn the_current_edition_wins_over_an_old_one() {
    let (_dir, index, _) = site();
    // The old copy of a current chapter is dropped as a duplicate.
    let answer = index
        .ask("question mark operator returns early", 10)
        .unwrap();
    assert!(
        answer
            .passages
            .iter()
            .all(|p| !p.source.contains("2018-edition")),
        "{:?}",
        answer
            .passages
            .iter()
            .map(|p| &p.source)
            .collect::<Vec<_>>()
    );
    // What only the old edition says is still found, below the current
    // chapter on the same subject; its banner is not material.
    let answer = index
        .ask("move keyword to hand values to a spawned thread", 10)
        .unwrap();
    let sources: Vec<&str> = answer.passages.iter().map(|p| p.source.as_str()).collect();
    let current = sources.iter().position(|s| *s == "widget-book/ch02.html");
    let old = sources
        .iter()
        .position(|s| *s == "widget-book/2018-edition/ch05.html");
    assert!(
        current.is_some() && old.is_some() && current < old,
        "{sources:?}"
    );
    assert!(
        answer
            .passages
            .iter()
            .all(|p| !p.text.contains("no longer distributed"))
    );
}

#[test]
fn answers_come_in_the_language_of_the_question() {
    let (_dir, index, _) = site();
    let english = index
        .ask("how does the question mark operator work", 10)
        .unwrap();
    assert!(
        english.passages.iter().all(|p| p.language == "eng"),
        "{:?}",
        english
            .passages
            .iter()
            .map(|p| (&p.source, &p.language))
            .collect::<Vec<_>>()
    );
    let japanese = index.ask("疑問符演算子 エラーの伝播", 3).unwrap();
    assert_eq!(japanese.passages[0].source, "widget-book/ja/ch01.html");
    assert_eq!(japanese.passages[0].language, "jpn");
    // With nothing in the question's language, other languages answer.
    let spanish = index
        .ask(
            "¿cómo funciona el operador question mark en Rust y cuándo devuelve el error?",
            3,
        )
        .unwrap();
    assert!(!spanish.passages.is_empty());
}

#[test]
fn code_stays_code_and_is_never_the_answer_sentence() {
    let (_dir, index, _) = site();
    let answer = index
        .ask("how does the question mark operator work", 3)
        .unwrap();
    let top = &answer.passages[0];
    // Line breaks kept, fenced.
    assert!(
        top.text.contains("```\nfn read_name() -> Result<String, io::Error> {\n    let mut file = File::open(\"name.txt\")?;\n"),
        "{}",
        top.text
    );
    let extract = answer.answer.expect("an answer");
    assert!(!extract.text.contains("File::open"), "{}", extract.text);
    assert!(!extract.text.contains("```"));
    assert!(extract.text.contains("returns early"), "{}", extract.text);
    let code = extract.code.expect("the code that follows the answer");
    assert!(
        code.starts_with("fn read_name()") && code.contains("\n    Ok(name)\n}"),
        "{code}"
    );
    assert!(!top.snippet.contains("File::open"), "{}", top.snippet);
}
