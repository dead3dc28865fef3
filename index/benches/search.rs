//! `cargo bench -p skillbot-index` — ask latency on the handbook, on a large
//! real documentation set (the Rust toolchain's HTML books, when installed)
//! and on a synthetic 100,000-passage corpus of realistic passage length;
//! indexing throughput on both.
//!
//! Besides criterion's figures it prints p50/p99 over 2,000 questions on the
//! large corpora, since the targets are stated as percentiles.
//!
//! The real set is read from `SKILLBOT_BENCH_DOCS` or, by default, the
//! `share/doc/rust/html` folder of the active Rust toolchain. Only its books
//! are indexed (a fixed list of folders, see [`BOOKS`], plus the pages at
//! its top level): the API reference (`std/ core/ alloc/ proc_macro/ test/`
//! and the rustdoc source views) is not prose. Without the folder (CI) the
//! benchmark says so and skips that part.

use std::path::{Path, PathBuf};
use std::time::Instant;

use criterion::{Criterion, Throughput, black_box, criterion_group};
use skillbot_index::{Format, Index, IndexBuilder, SkillTagger, handbook};

const QUESTIONS: &[&str] = &[
    "how long does it take to learn docker",
    "what is k8s used for",
    "how do I store passwords safely",
    "is mongo good for social media apps",
    "what can I build with golang",
    "how should I write unit tests",
    "which cloud platforms host backend apps",
    "what is a load balancer for",
    "CI/CD with github actions",
    "how do frontend and backend developers differ",
];

/// The book folders of the Rust documentation set.
const BOOKS: &[&str] = &[
    "book",
    "cargo",
    "clippy",
    "edition-guide",
    "embedded-book",
    "error_codes",
    "nomicon",
    "reference",
    "rust-by-example",
    "rustc",
    "rustdoc",
    "style-guide",
    "unstable-book",
];

/// Comparison and choice questions (`Index::ask` answers them side by side).
const COMPARISONS: &[&str] = &[
    "docker vs kubernetes",
    "should I learn java or python first?",
    "sql or nosql for a new app",
    "kafka vs pulsar",
    "difference between authentication and authorization",
    "is rust faster than go",
    "merge or rebase?",
    "redis, memcached or postgres for sessions",
    // No page on these two: the deeper search for a comparing sentence.
    "is ruby faster than elixir",
];

fn skills() -> Vec<(String, Vec<String>)> {
    handbook()
        .iter()
        .map(|(name, text)| {
            let id = name.trim_end_matches(".md").to_string();
            let title = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("# ")
                .to_string();
            (id, vec![title])
        })
        .collect()
}

/// Deterministic xorshift, so every run indexes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Markdown documents of 10 sections × ~230 words (≈ 1,500 characters, the
/// length of a real passage) drawn from the handbook's vocabulary:
/// `docs * 10` passages.
fn synthetic(docs: usize) -> Vec<String> {
    let vocabulary: Vec<&str> = handbook()
        .iter()
        .flat_map(|(_, text)| text.split_whitespace())
        .filter(|w| w.chars().all(|c| c.is_alphanumeric()))
        .collect();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let word = |rng: &mut Rng| vocabulary[(rng.next() % vocabulary.len() as u64) as usize];
    (0..docs)
        .map(|d| {
            let mut doc = format!("# Document {d}\n\n");
            for s in 0..10 {
                doc.push_str(&format!("## {} {} {s}\n\n", word(&mut rng), word(&mut rng)));
                for w in 0..230 {
                    doc.push_str(word(&mut rng));
                    doc.push(if w % 15 == 14 { '.' } else { ' ' });
                    if w % 15 == 14 {
                        doc.push(' ');
                    }
                }
                doc.push_str("\n\n");
            }
            doc
        })
        .collect()
}

fn build_texts(dir: &Path, docs: &[String], with_handbook: bool) -> Index {
    let mut builder = IndexBuilder::new(SkillTagger::new(skills()));
    if with_handbook {
        builder.add_handbook();
    }
    for (i, d) in docs.iter().enumerate() {
        builder.add_text(&format!("synthetic/{i}.md"), Format::Markdown, d);
    }
    builder.build(dir, |_| {}).expect("build");
    Index::open(dir, SkillTagger::new(skills())).expect("open")
}

fn percentiles(index: &Index, questions: &[&str], rounds: usize) -> (f64, f64) {
    let mut times: Vec<f64> = (0..rounds)
        .map(|i| {
            let started = Instant::now();
            black_box(index.ask(questions[i % questions.len()], 3).expect("ask"));
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

/// Where the Rust documentation set should be: `SKILLBOT_BENCH_DOCS`, else
/// the active toolchain's `share/doc/rust/html`.
fn rust_docs() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("SKILLBOT_BENCH_DOCS") {
        return Some(PathBuf::from(dir));
    }
    let sysroot = std::process::Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    let sysroot = String::from_utf8(sysroot.stdout).ok()?;
    Some(Path::new(sysroot.trim()).join("share/doc/rust/html"))
}

/// The questions of `index/eval/docs_qa.tsv`, written for that set.
fn docs_questions() -> Vec<String> {
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/eval/docs_qa.tsv");
    std::fs::read_to_string(file)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .map(str::to_string)
        .collect()
}

fn bench_rust_docs(c: &mut Criterion, out: &Path) {
    let root = match rust_docs() {
        Some(root) if root.is_dir() => root,
        other => {
            let looked = other.map_or_else(
                || "the toolchain's share/doc/rust/html (rustc not found)".to_string(),
                |p| p.display().to_string(),
            );
            println!(
                "skipping the Rust documentation benchmark: {looked} is not a folder (install the rust-docs component, or set SKILLBOT_BENCH_DOCS to a folder of HTML books)"
            );
            return;
        }
    };
    let questions = docs_questions();
    if questions.is_empty() {
        println!(
            "skipping the Rust documentation benchmark: index/eval/docs_qa.tsv has no questions"
        );
        return;
    }
    let questions: Vec<&str> = questions.iter().map(String::as_str).collect();
    let build = |dir: &Path| {
        let mut builder = IndexBuilder::new(SkillTagger::new(skills()));
        for book in BOOKS {
            let path = root.join(book);
            if path.is_dir() {
                builder.add_path(&path).expect("read book");
            }
        }
        let mut pages: Vec<PathBuf> = std::fs::read_dir(&root)
            .expect("read docs folder")
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        pages.sort();
        for page in pages {
            builder.add_path(&page).expect("read page");
        }
        builder.build(dir, |_| {}).expect("build")
    };
    let dir = out.join("rust-docs");
    let stats = build(&dir);
    println!(
        "rust docs: {} files, {:.1} MB → {} passages ({} redirect stubs skipped, {} duplicates dropped) in {:.2} s = {:.1} MB/s",
        stats.files,
        stats.bytes as f64 / 1e6,
        stats.chunks,
        stats.stubs,
        stats.duplicates,
        stats.seconds,
        stats.bytes as f64 / 1e6 / stats.seconds
    );
    let index = Index::open(&dir, SkillTagger::new(skills())).expect("open");
    // Warm up once (lazy statics, the page cache), as a running bot is.
    for q in &questions {
        black_box(index.ask(q, 3).expect("ask"));
    }
    let (p50, p99) = percentiles(&index, &questions, 2_000);
    println!(
        "ask on the rust docs ({} passages) over 2,000 questions: p50 {p50:.3} ms, p99 {p99:.3} ms",
        index.len()
    );
    c.bench_function("ask/rust docs", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            index
                .ask(black_box(questions[i % questions.len()]), 3)
                .expect("ask")
        })
    });
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(stats.bytes));
    group.bench_function("build rust docs", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().expect("tempdir");
            build(&out.path().join("idx"))
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");

    let handbook_index = build_texts(&dir.path().join("handbook"), &[], true);
    c.bench_function("ask/handbook", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            handbook_index
                .ask(black_box(QUESTIONS[i % QUESTIONS.len()]), 3)
                .expect("ask")
        })
    });

    // Comparisons do more: the comparison page, a passage per side.
    c.bench_function("ask/handbook comparisons", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            handbook_index
                .ask(black_box(COMPARISONS[i % COMPARISONS.len()]), 3)
                .expect("ask")
        })
    });

    bench_rust_docs(c, dir.path());

    let docs = synthetic(10_000);
    let bytes: usize = docs.iter().map(String::len).sum();
    let started = Instant::now();
    let large = build_texts(&dir.path().join("large"), &docs, false);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "synthetic corpus: {} passages of ~1,500 characters, {:.1} MB indexed in {seconds:.1} s = {:.1} MB/s",
        large.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
    let (p50, p99) = percentiles(&large, QUESTIONS, 2_000);
    println!(
        "ask on {} passages over 2,000 questions: p50 {p50:.2} ms, p99 {p99:.2} ms",
        large.len()
    );
    c.bench_function("ask/100k passages", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            large
                .ask(black_box(QUESTIONS[i % QUESTIONS.len()]), 3)
                .expect("ask")
        })
    });
    drop(large);

    let small = synthetic(1_000);
    let small_bytes: usize = small.iter().map(String::len).sum();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(small_bytes as u64));
    group.bench_function("build 10,000 passages", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().expect("tempdir");
            build_texts(out.path(), black_box(&small), false)
        })
    });
    group.finish();
}

criterion_group!(search, benches);

fn main() {
    search();
    Criterion::default().configure_from_args().final_summary();
}
