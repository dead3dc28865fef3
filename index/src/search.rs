//! Answering a chat question.
//!
//! Chat text never reaches tantivy's query parser (apostrophes, `:`, `-`,
//! `AND` and parentheses would break it). The question is analysed into
//! terms with the index's own analyzer; each term may bring alternatives
//! (abbreviations such as k8s → kubernetes, and the catalog name of a skill
//! alias); terms missing from the index get a low-weight fuzzy clause for
//! typos. The top candidates by BM25 are then re-ranked: passages holding
//! the kind of fact the question asks for (a duration for "how long", an
//! amount for "how much … earn", a rate for "how fast … growing") and
//! passages about the skill the question names move up, and the share of
//! the question's weight a passage covers scales its score. That coverage
//! also decides whether there is an answer at all: a passage covering less
//! than half of the question's weight, and not about a skill the question
//! names, gives `answer: None`, an honest "I don't know".

use std::collections::HashSet;
use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::builder::{Fields, META_FILE, schema};
use crate::chunk::sentences;
use crate::text::{ANALYZER, analyzer, terms, words};
use crate::{Error, SkillTagger};

/// Longest question we read, in bytes; the rest is ignored.
const MAX_QUESTION_BYTES: usize = 1_000;
/// Most distinct terms a query uses.
const MAX_TERMS: usize = 24;
/// Share of a question's weight a passage must cover to be an answer.
const ANSWER_COVERAGE: f32 = 0.5;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 280;

/// Common abbreviations and spellings people type in chat. The catalog's
/// aliases (given by the caller through the tagger) come on top of these.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("k8s", &["kubernetes"]),
    ("kube", &["kubernetes"]),
    ("postgres", &["postgresql"]),
    ("psql", &["postgresql"]),
    ("golang", &["go"]),
    ("js", &["javascript"]),
    ("ts", &["typescript"]),
    ("py", &["python"]),
    ("mongo", &["mongodb"]),
    ("dotnet", &["dotnet", "csharp"]),
    ("node", &["nodejs"]),
    ("nodejs", &["node"]),
    ("dev", &["developer"]),
    ("devs", &["developer"]),
    ("db", &["database"]),
    ("dbs", &["database"]),
    ("auth", &["authentication"]),
    ("creds", &["credentials", "password"]),
    ("credentials", &["password"]),
    ("cv", &["resume"]),
    ("résumé", &["resume"]),
    ("pay", &["salary"]),
    ("paid", &["salary"]),
    ("earn", &["salary"]),
    ("wage", &["salary"]),
    ("ml", &["machine", "learning"]),
    ("ai", &["artificial", "intelligence"]),
    ("infra", &["infrastructure"]),
    ("repo", &["repository"]),
    ("ci", &["integration"]),
    ("cd", &["deployment"]),
    ("eda", &["event", "driven"]),
    ("mq", &["queue"]),
    ("sec", &["security"]),
    ("perf", &["performance"]),
    ("async", &["asynchronous"]),
    ("multithreading", &["concurrency", "threads"]),
];

/// What kind of fact a question asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Duration,
    Amount,
    Rate,
}

fn question_kind(question: &str) -> Option<Kind> {
    static DURATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bhow\s+(?:long|many\s+(?:months|weeks|years|hours)|much\s+time|quickly|soon)\b|\btime\s+(?:to|does\s+it\s+take)\b|\btakes?\s+to\s+(?:learn|master|get)\b|\blearning\s+time\b")
            .expect("valid regex")
    });
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:salar(?:y|ies)|earn(?:s|ing)?|paid|pay(?:s|ing)?|income|wages?|compensation)\b|\bhow\s+much\b.*\b(?:make|get)\b")
            .expect("valid regex")
    });
    static RATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\bhow\s+fast\b.*\bgrow|\bgrow(?:th|ing)\b|\bdemand\b|\boutlook\b|\bprojected\b",
        )
        .expect("valid regex")
    });
    if DURATION.is_match(question) {
        Some(Kind::Duration)
    } else if AMOUNT.is_match(question) {
        Some(Kind::Amount)
    } else if RATE.is_match(question) {
        Some(Kind::Rate)
    } else {
        None
    }
}

fn holds(kind: Kind, text: &str) -> bool {
    static DURATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b\d+(?:\.\d+)?\s*(?:[-–—]|to)\s*\d+(?:\.\d+)?\s*(?:months?|weeks?|years?|hours?)\b|\b\d+\s*(?:months?|weeks?|years?)\b")
            .expect("valid regex")
    });
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[$€£]\s?\d|\b\d{2,3}(?:,\d{3})+\b|\b\d+k\b|\bsalar").expect("valid regex")
    });
    static RATE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\d+(?:\.\d+)?\s?%|\bgrow").expect("valid regex"));
    match kind {
        Kind::Duration => DURATION.is_match(text),
        Kind::Amount => AMOUNT.is_match(text),
        Kind::Rate => RATE.is_match(text),
    }
}

/// One passage of the material.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub source: String,
    pub title: String,
    pub section: String,
    pub skills: Vec<String>,
    pub score: f32,
    /// The whole passage.
    pub text: String,
    /// A short excerpt around the best sentence, matched terms in `**bold**`.
    pub snippet: String,
}

/// The extracted answer: the sentence(s) that answer, and where from.
#[derive(Debug, Clone, PartialEq)]
pub struct Extract {
    pub text: String,
    pub source: String,
    pub section: String,
    pub skills: Vec<String>,
}

/// The reply to a question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question: String,
    /// `None` when nothing is relevant enough.
    pub answer: Option<Extract>,
    /// Best passages first.
    pub passages: Vec<Passage>,
    /// Skill ids the question mentions.
    pub question_skills: Vec<String>,
}

/// Words that only say what kind of fact is wanted ("how *long*", "how
/// many *months*"): searched for, but not counted as content to cover.
const KIND_WORDS: &[&str] = &[
    "long", "take", "time", "month", "week", "year", "hour", "mani", "quick", "soon", "much",
    "make", "fast", "learn",
];

/// One term of the question with its alternatives.
struct QueryTerm {
    /// Only tells the kind of fact wanted (see [`KIND_WORDS`]).
    kind_word: bool,
    term: String,
    /// Alternatives (synonyms, catalog names), counted as the term.
    alternatives: Vec<String>,
    idf: f32,
    /// Whether the index has the term or an alternative.
    known: bool,
}

/// An opened index, ready to answer questions. Cheap to share between threads.
pub struct Index {
    reader: IndexReader,
    fields: Fields,
    analyzer: TextAnalyzer,
    tagger: SkillTagger,
    chunks: u64,
}

impl Index {
    /// Opens the index in `dir`. `tagger` recognises skills in questions.
    pub fn open(dir: &Path, tagger: SkillTagger) -> Result<Index, Error> {
        if !Index::exists(dir) {
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
            });
        }
        let index = tantivy::Index::open_in_dir(dir)?;
        index.tokenizers().register(ANALYZER, analyzer());
        let (_, fields) = schema();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let chunks = reader.searcher().num_docs();
        Ok(Index {
            reader,
            fields,
            analyzer: analyzer(),
            tagger,
            chunks,
        })
    }

    /// Whether `dir` holds a finished skillbot index.
    pub fn exists(dir: &Path) -> bool {
        dir.join(META_FILE).is_file()
    }

    /// Number of passages in the index.
    pub fn len(&self) -> u64 {
        self.chunks
    }

    /// Whether the index holds no passage.
    pub fn is_empty(&self) -> bool {
        self.chunks == 0
    }

    /// Answers `question` with up to `limit` passages.
    pub fn ask(&self, question: &str, limit: usize) -> Result<Answer, Error> {
        let question = clip(question.trim(), MAX_QUESTION_BYTES);
        if !question.chars().any(char::is_alphanumeric) {
            return Err(Error::EmptyQuestion);
        }
        let limit = limit.clamp(1, 50);
        let searcher = self.reader.searcher();
        let mut analyzer = self.analyzer.clone();
        let kind = question_kind(question);
        let mut query_terms = self.query_terms(&searcher, &mut analyzer, question);
        if kind.is_some() {
            for t in &mut query_terms {
                t.kind_word = KIND_WORDS.contains(&t.term.as_str());
            }
        }
        let question_skills = self.tagger.skills_in(question);
        let mut answer = Answer {
            question: question.to_string(),
            answer: None,
            passages: Vec::new(),
            question_skills: question_skills.clone(),
        };
        if query_terms.is_empty() {
            return Ok(answer);
        }
        let query = self.build_query(&query_terms);
        let candidates = searcher.search(
            &query,
            &TopDocs::with_limit((limit * 4).max(20)).order_by_score(),
        )?;
        let total_idf: f32 = query_terms
            .iter()
            .filter(|t| !t.kind_word)
            .map(|t| t.idf)
            .sum();
        let mut ranked = Vec::with_capacity(candidates.len());
        for (bm25, address) in candidates {
            let doc: TantivyDocument = searcher.doc(address)?;
            let get = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let (title, section, text) = (
                get(self.fields.title),
                get(self.fields.section),
                get(self.fields.text),
            );
            let skills: Vec<String> = get(self.fields.skills)
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let present: HashSet<String> =
                terms(&mut analyzer, &format!("{title}\n{section}\n{text}"))
                    .into_iter()
                    .map(|t| t.0)
                    .collect();
            let covered: f32 = query_terms
                .iter()
                .filter(|t| !t.kind_word)
                .filter_map(|t| coverage_of(t, &present).map(|share| share * t.idf))
                .sum();
            let coverage = if total_idf > 0.0 {
                covered / total_idf
            } else {
                0.0
            };
            // The section's own heading naming what was asked is strong
            // evidence ("Senior backend developer" for "…senior backend").
            let last_heading = section.rsplit(" › ").next().unwrap_or(&section);
            let heading: HashSet<String> = terms(&mut analyzer, last_heading)
                .into_iter()
                .map(|t| t.0)
                .collect();
            let in_heading: f32 = query_terms
                .iter()
                .filter(|t| !t.kind_word)
                .filter_map(|t| coverage_of(t, &heading).map(|share| share * t.idf))
                .sum();
            let heading_coverage = if total_idf > 0.0 {
                in_heading / total_idf
            } else {
                0.0
            };
            let mut score = bm25 * (0.3 + 0.7 * coverage) * (1.0 + 0.5 * heading_coverage);
            if let Some(kind) = kind
                && holds(kind, &text)
            {
                score *= 1.6;
            }
            if let Some(first) = skills.first() {
                if question_skills.contains(first) {
                    score *= 1.3;
                } else if skills.iter().any(|s| question_skills.contains(s)) {
                    score *= 1.1;
                }
            }
            ranked.push((
                score,
                coverage,
                get(self.fields.source),
                title,
                section,
                text,
                skills,
            ));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        ranked.truncate(limit);
        // Highlight what was asked about, not "how long"-style words.
        let highlight: HashSet<&str> = query_terms
            .iter()
            .filter(|t| !t.kind_word)
            .flat_map(|t| {
                std::iter::once(t.term.as_str()).chain(t.alternatives.iter().map(String::as_str))
            })
            .collect();
        for (i, (score, coverage, source, title, section, text, skills)) in
            ranked.into_iter().enumerate()
        {
            let best = best_sentence(&mut analyzer, &text, &query_terms, kind);
            let snippet = snippet(&mut analyzer, &text, best, &highlight);
            // Evidence is enough when the passage covers most of the
            // question, or when it is about the skill the question names.
            let about_asked_skill = skills.iter().take(2).any(|s| question_skills.contains(s));
            if i == 0 && (coverage >= ANSWER_COVERAGE || about_asked_skill) {
                answer.answer = Some(Extract {
                    text: best
                        .map_or_else(|| first_words(&text, 40), |(s, e)| text[s..e].to_string()),
                    source: source.clone(),
                    section: section.clone(),
                    skills: skills.clone(),
                });
            }
            answer.passages.push(Passage {
                source,
                title,
                section,
                skills,
                score: (score * 1000.0).round() / 1000.0,
                text,
                snippet,
            });
        }
        Ok(answer)
    }

    fn query_terms(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        question: &str,
    ) -> Vec<QueryTerm> {
        let docs = searcher.num_docs().max(1) as f32;
        let df = |term: &str| -> u64 {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.body, term))
                .unwrap_or(0)
        };
        let idf = |df: u64| ((docs - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln();
        let mut out: Vec<QueryTerm> = Vec::new();
        for (word, _) in words(question) {
            if out.len() >= MAX_TERMS {
                break;
            }
            let analysed: Vec<String> = terms(analyzer, &word).into_iter().map(|t| t.0).collect();
            let Some(term) = analysed.into_iter().next() else {
                continue;
            };
            if out.iter().any(|t| t.term == term) {
                continue;
            }
            let mut alternatives: Vec<String> = Vec::new();
            let mut add = |text: &str, analyzer: &mut TextAnalyzer| {
                for (t, _, _) in terms(analyzer, text) {
                    if t != term && !alternatives.contains(&t) {
                        alternatives.push(t);
                    }
                }
            };
            if let Some((_, expansions)) = SYNONYMS.iter().find(|(w, _)| *w == word) {
                for e in *expansions {
                    add(e, analyzer);
                }
            }
            for id in self.tagger.skills_in(&word) {
                add(&id.replace('-', " "), analyzer);
            }
            let term_df = df(&term);
            let alt_df = alternatives.iter().map(|a| df(a)).max().unwrap_or(0);
            out.push(QueryTerm {
                kind_word: false,
                idf: idf(term_df.max(alt_df)),
                known: term_df > 0 || alt_df > 0,
                term,
                alternatives,
            });
        }
        out
    }

    fn build_query(&self, query_terms: &[QueryTerm]) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |t: &str| Term::from_field_text(self.fields.body, t);
        for qt in query_terms {
            // Words that only name the kind of fact ("how long") weigh little.
            let boost = if qt.kind_word { 0.3 } else { 1.0 };
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term(&qt.term), IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
            for alt in &qt.alternatives {
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(term(alt), IndexRecordOption::WithFreqs)),
                        0.8,
                    )),
                ));
            }
            if !qt.known && qt.term.chars().count() >= 5 {
                let distance = if qt.term.chars().count() >= 8 { 2 } else { 1 };
                clauses.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(FuzzyTermQuery::new(term(&qt.term), distance, true)),
                        0.5,
                    )),
                ));
            }
        }
        BooleanQuery::new(clauses)
    }
}

/// Share of `term` a passage covers: 1 for the term or an alternative,
/// 0.5 for a near spelling (a typo), else none.
fn coverage_of(term: &QueryTerm, present: &HashSet<String>) -> Option<f32> {
    if present.contains(&term.term) || term.alternatives.iter().any(|a| present.contains(a)) {
        return Some(1.0);
    }
    let n = term.term.chars().count();
    if term.known || n < 5 {
        return None;
    }
    let limit = if n >= 8 { 2 } else { 1 };
    present
        .iter()
        .any(|p| strsim::damerau_levenshtein(p, &term.term) <= limit)
        .then_some(0.5)
}

/// Byte range of the sentence that best answers, if any matches.
fn best_sentence(
    analyzer: &mut TextAnalyzer,
    text: &str,
    query_terms: &[QueryTerm],
    kind: Option<Kind>,
) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let max_idf = query_terms.iter().map(|t| t.idf).fold(0.0, f32::max);
    for line in text.lines() {
        for sentence in sentences(line) {
            let start = sentence.as_ptr() as usize - text.as_ptr() as usize;
            let present: HashSet<String> =
                terms(analyzer, sentence).into_iter().map(|t| t.0).collect();
            let mut score: f32 = query_terms
                .iter()
                .filter_map(|t| coverage_of(t, &present).map(|s| s * t.idf))
                .sum();
            if kind.is_some_and(|k| holds(k, sentence)) {
                score += 2.0 * max_idf;
            }
            if score > 0.0 && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, start, start + sentence.len()));
            }
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// An excerpt of at most [`SNIPPET_CHARS`] around `range`, matched terms in
/// `**bold**`.
fn snippet(
    analyzer: &mut TextAnalyzer,
    text: &str,
    range: Option<(usize, usize)>,
    highlight: &HashSet<&str>,
) -> String {
    let (start, end) = range.unwrap_or((0, text.len()));
    let mut end = end;
    // Extend short sentences with what follows, up to the limit.
    if text[start..end].chars().count() < SNIPPET_CHARS / 2 {
        end = text.len();
    }
    let mut cut = start;
    let mut count = 0;
    for (i, c) in text[start..end].char_indices() {
        count += 1;
        cut = start + i + c.len_utf8();
        if count >= SNIPPET_CHARS {
            break;
        }
    }
    let mut excerpt_end = cut;
    if cut < end
        && let Some(space) = text[start..cut].rfind(char::is_whitespace)
    {
        excerpt_end = start + space;
    }
    let excerpt = &text[start..excerpt_end];
    let mut out = String::with_capacity(excerpt.len() + 16);
    if start > 0 {
        out.push('…');
    }
    let mut last = 0;
    for (term, from, to) in terms(analyzer, excerpt) {
        if highlight.contains(term.as_str()) {
            out.push_str(&excerpt[last..from]);
            out.push_str("**");
            out.push_str(&excerpt[from..to]);
            out.push_str("**");
            last = to;
        }
    }
    out.push_str(&excerpt[last..]);
    if excerpt_end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

fn clip(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<Index>();
    }

    #[test]
    fn question_kinds() {
        for (q, k) in [
            (
                "how long does it take to learn docker",
                Some(Kind::Duration),
            ),
            ("how many months to learn testing", Some(Kind::Duration)),
            ("how much do backend developers earn", Some(Kind::Amount)),
            ("what salary can I expect", Some(Kind::Amount)),
            ("how fast is the job market growing", Some(Kind::Rate)),
            ("what is graphql good for", None),
        ] {
            assert_eq!(question_kind(q), k, "{q}");
        }
    }

    #[test]
    fn passage_facts() {
        assert!(holds(
            Kind::Duration,
            "Learning Time: 2-3 months for Docker"
        ));
        assert!(holds(Kind::Duration, "about 2–4 months"));
        assert!(!holds(Kind::Duration, "Docker packages apps"));
        assert!(holds(Kind::Amount, "from $88,000 to $150,000"));
        assert!(holds(Kind::Rate, "projected to grow 16% from 2022"));
    }

    #[test]
    fn clip_respects_char_boundaries() {
        let s = "é".repeat(600);
        let c = clip(&s, 1_001);
        assert!(c.len() <= 1_001 && c.chars().all(|ch| ch == 'é'));
    }
}
