//! `cargo bench -p skillbot-index` — ask latency on the handbook and on a
//! synthetic 100,000-passage corpus, and indexing throughput.
//!
//! Besides criterion's figures it prints p50/p99 over 2,000 questions on the
//! large corpus, since the target is stated as a percentile.

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

/// Markdown documents of 10 sections × ~150 words drawn from the handbook's
/// vocabulary: `docs * 10` passages.
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
                for w in 0..150 {
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

fn build(dir: &std::path::Path, docs: &[String], with_handbook: bool) -> Index {
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

fn percentiles(index: &Index, rounds: usize) -> (f64, f64) {
    let mut times: Vec<f64> = (0..rounds)
        .map(|i| {
            let started = Instant::now();
            black_box(index.ask(QUESTIONS[i % QUESTIONS.len()], 3).expect("ask"));
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("tempdir");

    let handbook_index = build(&dir.path().join("handbook"), &[], true);
    c.bench_function("ask/handbook", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            handbook_index
                .ask(black_box(QUESTIONS[i % QUESTIONS.len()]), 3)
                .expect("ask")
        })
    });

    let docs = synthetic(10_000);
    let bytes: usize = docs.iter().map(String::len).sum();
    let started = Instant::now();
    let large = build(&dir.path().join("large"), &docs, false);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "large corpus: {} passages, {:.1} MB indexed in {seconds:.1} s = {:.1} MB/s",
        large.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
    let (p50, p99) = percentiles(&large, 2_000);
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

    let small = synthetic(1_000);
    let small_bytes: usize = small.iter().map(String::len).sum();
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(small_bytes as u64));
    group.bench_function("build 10,000 passages", |b| {
        b.iter(|| {
            let out = tempfile::tempdir().expect("tempdir");
            build(out.path(), black_box(&small), false)
        })
    });
    group.finish();
}

criterion_group!(search, benches);

fn main() {
    search();
    Criterion::default().configure_from_args().final_summary();
}
