use std::fs;

use skillbot_index::{Error, Index, IndexBuilder, open_handbook};

use crate::{skills, tagger};

fn write(dir: &std::path::Path, name: &str, text: &[u8]) {
    let path = dir.join(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[test]
fn builds_from_a_folder_of_mixed_material() {
    let material = tempfile::tempdir().unwrap();
    write(
        material.path(),
        "a.md",
        b"# Containers\n\n## Docker basics\n\nDocker packages an application and everything it needs into an image you can run anywhere.\n",
    );
    write(
        material.path(),
        "sub/b.txt",
        b"Backend Skills For Newcomers\n\nVersion Control\nGit records every change to the code so a team can work on it together safely.\n- Learning Time: 1-2 months.\n",
    );
    write(
        material.path(),
        "c.html",
        b"<html><body><nav>Menu</nav><h1>Caching</h1><p>Redis keeps hot data in memory so the database is asked less often.</p></body></html>",
    );
    write(material.path(), "ignored.pdf", b"%PDF");
    write(
        material.path(),
        ".hidden/secret.md",
        b"# Secret\n\nnot indexed",
    );

    let mut builder = IndexBuilder::new(tagger());
    assert_eq!(builder.add_path(material.path()).unwrap(), 3);
    let out = tempfile::tempdir().unwrap();
    let stats = builder.build(&out.path().join("idx"), |_| {}).unwrap();
    assert_eq!(stats.files, 3);
    assert!(stats.chunks >= 3);

    let index = Index::open(&out.path().join("idx"), tagger()).unwrap();
    let answer = index.ask("how long to learn git?", 3).unwrap();
    let top = &answer.passages[0];
    assert!(top.source.ends_with("b.txt"), "{top:?}");
    assert_eq!(top.section, "Version Control");
    assert_eq!(top.title, "Backend Skills For Newcomers");
    assert_eq!(top.skills.first().map(String::as_str), Some("git"));
    let extract = answer.answer.expect("an answer");
    assert!(extract.text.contains("1-2 months"), "{extract:?}");

    let redis = index.ask("what does redis do", 3).unwrap();
    assert!(redis.passages[0].source.ends_with("c.html"));
    assert!(!redis.passages[0].text.contains("Menu"));
    assert!(
        redis.passages[0].snippet.contains("**Redis**"),
        "{}",
        redis.passages[0].snippet
    );
}

#[test]
fn bad_paths_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut builder = IndexBuilder::new(tagger());
    let missing = builder.add_path(&dir.path().join("nope")).unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing}");
    write(dir.path(), "x.pdf", b"%PDF");
    let unsupported = builder.add_path(&dir.path().join("x.pdf")).unwrap_err();
    assert!(
        matches!(unsupported, Error::Unsupported { .. }),
        "{unsupported}"
    );
    let empty = tempfile::tempdir().unwrap();
    assert_eq!(builder.add_path(empty.path()).unwrap(), 0);
    let err = builder.build(&dir.path().join("idx"), |_| {}).unwrap_err();
    assert!(matches!(err, Error::NoMaterial));
    let err = Index::open(dir.path(), tagger())
        .err()
        .expect("not an index");
    assert!(matches!(err, Error::NotAnIndex { .. }));
}

#[test]
fn non_utf8_and_huge_paragraphs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"Caching Notes For The Team\n\nCaching with Redis keeps data in memory \xff\xfe for speed.\n".to_vec();
    bytes.extend("word ".repeat(20_000).as_bytes());
    write(dir.path(), "odd.txt", &bytes);
    let mut builder = IndexBuilder::new(tagger());
    builder.add_path(&dir.path().join("odd.txt")).unwrap();
    builder.build(&dir.path().join("idx"), |_| {}).unwrap();
    let index = Index::open(&dir.path().join("idx"), tagger()).unwrap();
    let answer = index.ask("redis caching", 50).unwrap();
    assert!(!answer.passages.is_empty());
    for p in &answer.passages {
        assert!(p.text.len() <= 4_000, "{}", p.text.len());
    }
}

#[test]
fn tech_names_stay_distinct_in_search() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "langs.md",
        "# Languages\n\n## C#\n\nC# is the main language of the .NET platform. Teams use it for enterprise \
         services, desktop tools and games built on Unity. It has garbage collection, generics, async and \
         await, LINQ for queries over collections, and a large standard library maintained by Microsoft.\n\n\
         ## C++\n\nC++ gives manual control of memory and layout. It is used for game engines, browsers, \
         databases and trading systems where every microsecond counts. Templates, RAII and the standard \
         library help, but undefined behaviour is a constant risk that reviews must watch for.\n"
            .as_bytes(),
    );
    let mut builder = IndexBuilder::new(tagger());
    builder.add_path(dir.path()).unwrap();
    builder.build(&dir.path().join("idx"), |_| {}).unwrap();
    let index = Index::open(&dir.path().join("idx"), tagger()).unwrap();
    assert_eq!(
        index.ask("what is c#", 3).unwrap().passages[0].section,
        "C#"
    );
    assert_eq!(
        index.ask("what is C++ used for", 3).unwrap().passages[0].section,
        "C++"
    );
    assert_eq!(index.ask("dotnet", 3).unwrap().passages[0].section, "C#");
}

#[test]
fn rebuilding_replaces_and_refuses_foreign_folders() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("idx");
    for text in [
        "# Old\n\nDocker is old news here.",
        "# New\n\nKubernetes is the new material.",
    ] {
        let mut builder = IndexBuilder::new(tagger());
        builder.add_text("m.md", skillbot_index::Format::Markdown, text);
        builder.build_replacing(&target, |_| {}).unwrap();
    }
    let index = Index::open(&target, tagger()).unwrap();
    assert_eq!(index.len(), 1);
    assert_eq!(index.ask("kubernetes", 3).unwrap().passages[0].title, "New");

    let foreign = dir.path().join("photos");
    write(&foreign, "cat.jpg", b"meow");
    let mut builder = IndexBuilder::new(tagger());
    builder.add_text("m.md", skillbot_index::Format::Markdown, "# X\n\nDocker.");
    let err = builder.build_replacing(&foreign, |_| {}).unwrap_err();
    assert!(matches!(err, Error::NotAnIndex { .. }));
    assert!(
        foreign.join("cat.jpg").exists(),
        "a user's folder must survive"
    );
}

#[test]
fn concurrent_first_use_builds_one_good_index() {
    let root = tempfile::tempdir().unwrap();
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let root = root.path().to_path_buf();
            std::thread::spawn(move || open_handbook(&root, &skills()).map(|i| i.len()))
        })
        .collect();
    let sizes: Vec<u64> = handles
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert!(sizes.iter().all(|&n| n == sizes[0] && n > 100), "{sizes:?}");
    let folders: Vec<_> = fs::read_dir(root.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(folders.len(), 1, "{folders:?}");
    // Opening again reuses it.
    assert_eq!(
        open_handbook(root.path(), &skills()).unwrap().len(),
        sizes[0]
    );
}
