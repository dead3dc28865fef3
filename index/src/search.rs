//! Answering a chat question.
//!
//! Chat text never reaches tantivy's query parser (apostrophes, `:`, `-`,
//! `AND` and parentheses would break it). The question is analysed into
//! terms with the index's own analyzer; each term may bring alternatives
//! (abbreviations such as k8s → kubernetes, the catalog name of a skill
//! alias, and for a word the index does not know, its near spellings from
//! the index's own dictionary). A misspelt stop word ("shoud") is dropped.
//!
//! BM25 picks candidates (block-max WAND keeps that fast on large indexes).
//! They are then re-ranked with what was computed at index time, so the
//! cost of a question does not grow with the length of the passages: which
//! query terms a passage and its heading hold (posting lookups), its cues
//! (the facts it states, what its heading says it is about — see
//! `cues.rs`), its skill tags and its language (fast fields). A passage
//! covering more of the question's weight, holding the kind of fact asked
//! for, under a heading that fits the question's intent, or about the skill
//! the question names, moves up.
//!
//! Coverage also decides whether there is an answer at all: the best passage
//! must cover at least half of the question's weight, or be about a skill
//! the question names and cover a third of it; otherwise `answer` is `None`,
//! an honest "I don't know". Numbers and intent words ("how long") are
//! searched for but are not content to cover, so "what's 2+2" has nothing
//! to answer.
//!
//! Answers come in the question's language: passages in other languages are
//! used only when none in the question's language is relevant. The answer
//! sentence and the snippet come from each shown passage's stored summary.

use std::collections::HashMap;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, DocSet, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::builder::{Fields, META_FILE, TAG_FIELDS, schema, tag_hash};
use crate::chunk::{FENCE, parts};
use crate::compare::ComparisonAnswer;
use crate::cues::{
    CODE_ONLY, COMPARISON, HEAD_HOWTO, Intent, META_HEADINGS, OLD_EDITION, asks_to_compare,
    is_small_talk,
};
use crate::summary::{Summary, term_hash};
use crate::text::{STOP_WORDS, analyzer, register, terms, words};
use crate::{Error, SkillTagger, lang, region};

/// Longest question we read, in bytes; the rest is ignored.
const MAX_QUESTION_BYTES: usize = 1_000;
/// Most distinct terms a query uses.
const MAX_TERMS: usize = 24;
/// Most term slots (terms with their alternatives) checked per passage.
const MAX_SLOTS: usize = 128;
/// Share of a question's weight a passage must cover to be an answer…
const ANSWER_COVERAGE: f32 = 0.5;
/// …or, when it is about a skill the question names, this share.
const SKILL_ANSWER_COVERAGE: f32 = 0.4;
/// Share of the question's weight that is evidence on its own, when it is
/// two words or more ("race condition … avoid" in plain prose).
const STRONG_COVERAGE: f32 = 0.67;
/// Smallest passage count word weights are computed for.
const MIN_WEIGHT_PASSAGES: u64 = 500;
/// How much a heading naming what was asked raises a passage (doubles it
/// when the heading names all of it).
const HEADING_WEIGHT: f32 = 1.0;
/// Sections a page may have before its passages count as less focused.
const TOPICAL_PAGE_SECTIONS: f32 = 40.0;
/// Passages a comparison question looks through for one comparing its
/// sides (when no comparison page fits); the answer shows `limit` of them.
const COMPARISON_POOL: usize = 10;
/// Longest snippet, in characters.
const SNIPPET_CHARS: usize = 280;
/// Most lines of a code block attached to an answer.
const ANSWER_CODE_LINES: usize = 20;
/// Near spellings tried for a word the index does not know.
const MAX_FUZZY: usize = 3;

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
    ("engineer", &["developer"]),
    ("lang", &["language"]),
    ("langs", &["language"]),
    ("engineers", &["developer"]),
    ("devs", &["developer"]),
    ("db", &["database"]),
    ("dbs", &["database"]),
    ("auth", &["authentication"]),
    ("creds", &["credentials", "password"]),
    ("credentials", &["password"]),
    ("cv", &["resume"]),
    ("résumé", &["resume"]),
    ("pay", &["salary"]),
    ("pays", &["salary"]),
    ("paid", &["salary"]),
    ("earn", &["salary"]),
    ("earns", &["salary"]),
    ("wage", &["salary"]),
    ("income", &["salary"]),
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

/// Chat spellings of common words, read as the words.
const CHAT_SPEAK: &[(&str, &str)] = &[
    ("hw", "how"),
    ("wat", "what"),
    ("wht", "what"),
    ("whats", "what is"),
    ("u", "you"),
    ("ur", "your"),
    ("pls", "please"),
    ("plz", "please"),
    ("ppl", "people"),
    ("b4", "before"),
    ("abt", "about"),
    ("w", "with"),
    ("rn", "right now"),
    ("avg", "average"),
    ("imo", "in my opinion"),
    ("tbh", "to be honest"),
    ("idk", "i do not know"),
    ("tho", "though"),
    ("thx", "thanks"),
    ("bc", "because"),
    ("cuz", "because"),
    ("wanna", "want to"),
    ("gonna", "going to"),
    ("gotta", "have to"),
];

/// Words a misspelling may be corrected to when the index does not know
/// it: the words that carry a question's intent ("lern" → learn, "wroth" →
/// worth, "aftr" → after) and stop words ("shoud" → should).
const INTENT_VOCABULARY: &[&str] = &[
    "learn",
    "learning",
    "long",
    "worth",
    "after",
    "next",
    "salary",
    "salaries",
    "earn",
    "paying",
    "earn",
    "start",
    "begin",
    "study",
    "become",
    "roadmap",
    "hard",
    "difficult",
    "easy",
    "months",
    "weeks",
    "years",
    "comes",
    "practice",
    "projects",
    "demand",
    "career",
    "future",
    "still",
    "beginner",
    "what",
    "which",
    "should",
    "would",
    "could",
    "does",
    "difference",
    "between",
    "better",
    "explain",
];

/// One passage of the material.
#[derive(Debug, Clone, PartialEq)]
pub struct Passage {
    pub source: String,
    pub title: String,
    pub section: String,
    pub skills: Vec<String>,
    pub score: f32,
    /// The whole passage; code blocks are fenced with ```` ``` ```` lines.
    pub text: String,
    /// A short excerpt around the best sentence, matched terms in `**bold**`.
    pub snippet: String,
    /// ISO 639-3 code of the passage's language ("eng"), "" if unknown.
    pub language: String,
}

/// The extracted answer: the sentence(s) that answer, and where from.
#[derive(Debug, Clone, PartialEq)]
pub struct Extract {
    /// The answer sentence; never code. May end with a note in parentheses
    /// (figures for another country than the one asked about).
    pub text: String,
    pub source: String,
    pub section: String,
    pub skills: Vec<String>,
    /// The code block that follows the answer sentence in its passage, if
    /// any (without fences, at most 20 lines).
    pub code: Option<String>,
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
    /// Set when the question compares or chooses ("X vs Y", "should I learn
    /// X or Y first"): its sides, the comparison page and a passage per side.
    pub comparison: Option<ComparisonAnswer>,
}

/// One term of the question with its alternatives.
struct QueryTerm {
    term: String,
    /// Counted as content a passage should cover (not an intent word or a
    /// number).
    counted: bool,
    /// Slots of the term and its alternatives (full share).
    exact: Vec<usize>,
    /// Slots of near spellings (half share).
    fuzzy: Vec<usize>,
    idf: f32,
    /// Extra weight in the BM25 query (a skill the question names).
    boost: f32,
    /// The index has the word or an alternative (not only near spellings).
    known: bool,
    /// Part of a skill the question names.
    skill: bool,
    /// A skill name used as an everyday word ("when is spring coming"): the
    /// tag hash of the skill it could name, else 0. The material's passages
    /// about that skill do not cover it; a passage without the tag may use
    /// the word as the question does ("data at rest").
    everyday_tag: u64,
}

impl QueryTerm {
    /// A skill's name used as an everyday word.
    fn everyday(&self) -> bool {
        self.everyday_tag != 0
    }
}

/// The analysed question: its terms and the distinct words to look up.
struct Plan {
    terms: Vec<QueryTerm>,
    /// Distinct analysed words (terms, alternatives, near spellings).
    slots: Vec<String>,
    /// Slot hashes, for summaries.
    slot_hashes: Vec<u32>,
    /// Whether the material names the slot's word somewhere (a title, a
    /// heading, a capitalised name, code).
    topical: Vec<bool>,
    intent: Option<Intent>,
    skills: Vec<u64>,
    /// The question asks to compare or choose.
    compares: bool,
}

impl Plan {
    fn total_weight(&self) -> f32 {
        self.terms.iter().filter(|t| t.counted).map(|t| t.idf).sum()
    }

    /// Weighted share of the counted terms found, given which slots are
    /// present and the passage's skill tags.
    fn coverage(&self, present: impl Fn(usize) -> bool, tags: &[u64]) -> f32 {
        let total = self.total_weight();
        if total <= 0.0 {
            return 0.0;
        }
        let covered: f32 = self
            .terms
            .iter()
            .filter(|t| t.counted)
            .map(|t| passage_share(t, &present, tags) * t.idf)
            .sum();
        covered / total
    }
}

/// [`share`] in a passage with skill `tags`: an everyday word ("rest" in
/// "data at rest") counts where the passage uses it and is not about the
/// skill it could name.
fn passage_share(term: &QueryTerm, present: &impl Fn(usize) -> bool, tags: &[u64]) -> f32 {
    if term.everyday() {
        let same_sense = !tags.contains(&term.everyday_tag);
        if same_sense && term.exact.iter().any(|&s| present(s)) {
            1.0
        } else {
            0.0
        }
    } else {
        share(term, present)
    }
}

fn share(term: &QueryTerm, present: &impl Fn(usize) -> bool) -> f32 {
    if term.everyday() {
        0.0
    } else if term.exact.iter().any(|&s| present(s)) {
        1.0
    } else if term.fuzzy.iter().any(|&s| present(s)) {
        0.5
    } else {
        0.0
    }
}

/// A candidate after re-ranking.
#[derive(Debug, Clone, Copy)]
struct Ranked {
    address: DocAddress,
    score: f32,
    coverage: f32,
    /// Its main skills include one the question names.
    about_skill: bool,
    /// It holds a word of the question that names the material's subject
    /// matter (or a skill the question names), not only everyday words.
    topical: bool,
    /// It states the fact, or sits under the heading, the question's
    /// intent asks for.
    fits_intent: bool,
    /// How many of the question's counted words it holds.
    covered_terms: usize,
    /// The question's weightiest word is one the material does not have
    /// at all, and this passage lacks it too ("crunchy" in "how do I store
    /// cookies so they stay crunchy"): the question is likely about
    /// something else.
    rarest_missing: bool,
    lang: u64,
}

impl Ranked {
    /// Whether the passage is evidence enough to answer: it holds a word
    /// naming the subject matter, and covers half of the question (two
    /// thirds if the question's weightiest word is unknown to the material)
    /// — or is about the skill the question names and covers a good part of
    /// it or is the kind of passage asked for ("how long" → a duration).
    /// Without a word naming the subject matter, two thirds of the question
    /// in at least two words is needed.
    fn is_evidence(&self) -> bool {
        let covers = (self.coverage >= ANSWER_COVERAGE && !self.rarest_missing)
            || self.coverage >= STRONG_COVERAGE;
        let answers = covers
            || (self.about_skill && (self.coverage >= SKILL_ANSWER_COVERAGE || self.fits_intent));
        (self.topical && answers) || (self.coverage >= STRONG_COVERAGE && self.covered_terms >= 2)
    }
}

/// An opened index, ready to answer questions. Cheap to share between threads.
pub struct Index {
    reader: IndexReader,
    pub(crate) fields: Fields,
    pub(crate) analyzer: TextAnalyzer,
    pub(crate) tagger: SkillTagger,
    chunks: u64,
    /// Passages per language, most common first.
    languages: Vec<(u64, u64)>,
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
        let (_, fields) = schema();
        if index.schema().get_field("compare_keys").is_err() {
            // Written by an older skillbot: rebuild it.
            return Err(Error::NotAnIndex {
                path: dir.to_path_buf(),
            });
        }
        register(&index);
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let searcher = reader.searcher();
        let chunks = searcher.num_docs();
        let mut counts: HashMap<u64, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let column = segment.fast_fields().u64("lang")?;
            for doc in segment.doc_ids_alive() {
                *counts.entry(column.first(doc).unwrap_or(0)).or_default() += 1;
            }
        }
        let mut languages: Vec<(u64, u64)> = counts.into_iter().collect();
        languages.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(Index {
            reader,
            fields,
            analyzer: analyzer(),
            tagger,
            chunks,
            languages,
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

    /// The languages of the passages (ISO 639-3 codes, "" for unknown),
    /// with how many passages each, most common first.
    pub fn languages(&self) -> Vec<(String, u64)> {
        self.languages
            .iter()
            .map(|&(l, n)| (lang::code(l), n))
            .collect()
    }

    /// Answers `question` with up to `limit` passages. A comparison question
    /// also gets [`Answer::comparison`]; its answer is a sentence of the
    /// passage comparing the sides (then the first passage), or `None` when
    /// nothing in the material compares them — never a sentence about one
    /// side of two.
    pub fn ask(&self, question: &str, limit: usize) -> Result<Answer, Error> {
        self.answer(question, limit, true)
    }

    /// [`Index::ask`]; `comparisons` false for the per-side searches of a
    /// comparison.
    pub(crate) fn answer(
        &self,
        question: &str,
        limit: usize,
        comparisons: bool,
    ) -> Result<Answer, Error> {
        let question = clip(question.trim(), MAX_QUESTION_BYTES);
        if !question.chars().any(char::is_alphanumeric) {
            return Err(Error::EmptyQuestion);
        }
        let limit = limit.clamp(1, 50);
        let searcher = self.reader.searcher();
        let mut analyzer = self.analyzer.clone();
        let asked = self.normalise(&searcher, &mut analyzer, question);
        let spans = self.tagger.question_spans(&asked);
        let mut question_skills: Vec<String> = Vec::new();
        for (_, _, id) in &spans {
            if !question_skills.iter().any(|s| s == id) {
                question_skills.push(id.to_string());
            }
        }
        let mut answer = Answer {
            question: question.to_string(),
            answer: None,
            passages: Vec::new(),
            question_skills: question_skills.clone(),
            comparison: None,
        };
        if is_small_talk(&asked) {
            return Ok(answer);
        }
        let comparison = if comparisons {
            self.recognise_comparison(&searcher, &asked)
        } else {
            None
        };
        let mut plan = self.plan(&searcher, &mut analyzer, &asked, &spans)?;
        plan.compares |= comparison.is_some();
        if plan.terms.is_empty() {
            // Sides of everyday words ("where vs having") leave nothing to
            // search for, but the page comparing them answers.
            if let Some(comparison) = comparison {
                self.complete_comparison(&searcher, &mut answer, comparison, limit)?;
            }
            return Ok(answer);
        }
        let query = self.query(&plan);
        let wanted = lang::of_question(question).unwrap_or_else(|| self.main_language());
        let fits = |l: u64| l == wanted || l == lang::UNKNOWN || wanted == lang::UNKNOWN;
        // The re-ranking looks deeper than BM25's top few: with hundreds of
        // comparison pages, their "What to learn first" sections can crowd
        // a skill's own "How to learn it" out of a shallow pool.
        let depth = (limit * 5).max(100);
        let candidates = searcher.search(&query, &TopDocs::with_limit(depth).order_by_score())?;
        let ranked = self.rerank(&searcher, &plan, &candidates)?;
        let (mut same, mut other): (Vec<Ranked>, Vec<Ranked>) =
            ranked.into_iter().partition(|r| fits(r.lang));
        // Passages in the question's language may have been crowded out by
        // other languages' copies: look among them alone.
        if same.len() < limit && self.languages.len() > 1 && self.has_language(wanted) {
            let filtered = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(
                        Box::new(TermQuery::new(
                            Term::from_field_u64(self.fields.lang, wanted),
                            IndexRecordOption::Basic,
                        )),
                        0.0,
                    )) as Box<dyn Query>,
                ),
                (Occur::Must, Box::new(query)),
            ]);
            let more = searcher.search(&filtered, &TopDocs::with_limit(depth).order_by_score())?;
            for r in self.rerank(&searcher, &plan, &more)? {
                if !same.iter().any(|s| s.address == r.address) {
                    same.push(r);
                }
            }
        }
        let by_score = |a: &Ranked, b: &Ranked| {
            b.score
                .total_cmp(&a.score)
                .then(a.address.segment_ord.cmp(&b.address.segment_ord))
                .then(a.address.doc_id.cmp(&b.address.doc_id))
        };
        same.sort_by(by_score);
        other.sort_by(by_score);
        let same_answers = same.first().is_some_and(Ranked::is_evidence);
        let other_answers = other.first().is_some_and(Ranked::is_evidence);
        let chosen = if same_answers || (!other_answers && !same.is_empty()) {
            same
        } else {
            other
        };
        // A comparison looks further for a passage comparing its sides.
        let shown = if comparison.is_some() {
            limit.max(COMPARISON_POOL)
        } else {
            limit
        };
        for (i, r) in chosen.into_iter().take(shown).enumerate() {
            let doc: TantivyDocument = searcher.doc(r.address)?;
            let get = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let text = get(self.fields.text);
            let summary = doc
                .get_first(self.fields.summary)
                .and_then(|v| v.as_bytes())
                .map(Summary::decode)
                .unwrap_or_default();
            let skills: Vec<String> = get(self.fields.skills)
                .split_whitespace()
                .map(str::to_string)
                .collect();
            let best = best_sentence(&plan, &summary);
            let snippet = snippet(&plan, &text, &summary, best);
            if i == 0 && r.is_evidence() {
                let mut sentence = match best {
                    // Offsets from the index's own summary; a damaged index
                    // falls back to the first words instead of panicking.
                    Some((from, to)) if text.get(from..to).is_some() => text[from..to].to_string(),
                    _ => first_prose_words(&text, 40).unwrap_or_else(|| get(self.fields.section)),
                };
                if let Some(note) = region::mismatch_note(question, &text)
                    && matches!(
                        plan.intent,
                        Some(Intent::Amount | Intent::Rate | Intent::Worth)
                    )
                {
                    sentence.push_str(&format!(" ({note})"));
                }
                answer.answer = Some(Extract {
                    text: sentence,
                    source: get(self.fields.source),
                    section: get(self.fields.section),
                    skills: skills.clone(),
                    code: code_after(&text, best.map_or(0, |(_, to)| to)),
                });
            }
            answer.passages.push(Passage {
                source: get(self.fields.source),
                title: get(self.fields.title),
                section: get(self.fields.section),
                skills,
                score: (r.score * 1000.0).round() / 1000.0,
                text,
                snippet,
                language: lang::code(r.lang),
            });
        }
        if let Some(comparison) = comparison {
            self.complete_comparison(&searcher, &mut answer, comparison, limit)?;
        }
        Ok(answer)
    }

    fn main_language(&self) -> u64 {
        self.languages
            .iter()
            .find(|(l, _)| *l != lang::UNKNOWN)
            .map_or(lang::UNKNOWN, |(l, _)| *l)
    }

    fn has_language(&self, wanted: u64) -> bool {
        self.languages.iter().any(|(l, n)| *l == wanted && *n > 0)
    }

    /// The question with chat spellings and misspelt common words replaced
    /// ("hw long to lern sql" → "how long to learn sql"); words the index
    /// knows, and skill names, are left as they are.
    fn normalise(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        question: &str,
    ) -> String {
        let mut out = String::with_capacity(question.len() + 8);
        for (i, token) in question.split_whitespace().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let start = token
                .find(|c: char| c.is_alphanumeric())
                .unwrap_or(token.len());
            let end = token
                .rfind(|c: char| c.is_alphanumeric())
                .map_or(start, |e| {
                    e + token[e..].chars().next().map_or(1, char::len_utf8)
                });
            let (lead, word, trail) = (&token[..start], &token[start..end], &token[end..]);
            let lower = word.to_lowercase();
            let replacement = if let Some((_, to)) = CHAT_SPEAK.iter().find(|(w, _)| *w == lower) {
                Some((*to).to_string())
            } else if lower.chars().count() >= 4
                && lower.chars().all(char::is_alphabetic)
                && !INTENT_VOCABULARY.contains(&lower.as_str())
                && !SYNONYMS.iter().any(|(w, _)| *w == lower)
                && self.tagger.skills_in(&lower).is_empty()
            {
                let analysed = terms(analyzer, &lower);
                let unknown = analysed.first().is_some_and(|(t, _, _)| {
                    searcher
                        .doc_freq(&Term::from_field_text(self.fields.body, t))
                        .unwrap_or(0)
                        == 0
                });
                if unknown {
                    self.tagger
                        .correct(&lower)
                        .map(str::to_string)
                        .or_else(|| correction(&lower))
                } else {
                    None
                }
            } else {
                None
            };
            out.push_str(lead);
            out.push_str(replacement.as_deref().unwrap_or(word));
            out.push_str(trail);
        }
        out
    }

    /// Analyses the question into terms, alternatives and near spellings.
    /// `spans` are the skills it names (first word, words, id).
    fn plan(
        &self,
        searcher: &Searcher,
        analyzer: &mut TextAnalyzer,
        question: &str,
        spans: &[(usize, usize, &str)],
    ) -> Result<Plan, Error> {
        let intent = Intent::of(question);
        let intent_words = intent.map_or(&[][..], Intent::words);
        // Word weights are computed as if the index held at least a few
        // hundred passages: in a tiny one every word it has looks common
        // and every word it lacks looks decisive.
        let docs = searcher.num_docs().max(MIN_WEIGHT_PASSAGES) as f32;
        let df = |term: &str| -> u64 {
            searcher
                .doc_freq(&Term::from_field_text(self.fields.body, term))
                .unwrap_or(0)
        };
        let idf = |df: u64| ((docs - df as f32 + 0.5) / (df as f32 + 0.5) + 1.0).ln();
        let mut plan = Plan {
            terms: Vec::new(),
            slots: Vec::new(),
            slot_hashes: Vec::new(),
            topical: Vec::new(),
            compares: asks_to_compare(question),
            intent,
            skills: spans.iter().map(|(_, _, s)| tag_hash(s)).collect(),
        };
        // Which question terms name a skill the question asks about.
        let mut skill_terms: Vec<bool> = Vec::new();
        let slot = |plan: &mut Plan, text: &str| -> Option<usize> {
            if let Some(i) = plan.slots.iter().position(|s| s == text) {
                return Some(i);
            }
            if plan.slots.len() >= MAX_SLOTS {
                return None;
            }
            plan.slots.push(text.to_string());
            plan.slot_hashes.push(term_hash(text));
            Some(plan.slots.len() - 1)
        };
        for (position, (word, _)) in words(question).into_iter().enumerate() {
            if plan.terms.len() >= MAX_TERMS {
                break;
            }
            let naming: Vec<&(usize, usize, &str)> = spans
                .iter()
                .filter(|(at, n, _)| (*at..at + n).contains(&position))
                .collect();
            let Some((term, _, _)) = terms(analyzer, &word).into_iter().next() else {
                continue;
            };
            if plan.terms.iter().any(|t| t.term == term) {
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
            // An alias names its skill ("k8s" is kubernetes).
            for (_, n, id) in &naming {
                if *n == 1 {
                    add(&id.replace('-', " "), analyzer);
                }
            }
            let term_df = df(&term);
            let alt_df = alternatives.iter().map(|a| df(a)).max().unwrap_or(0);
            let known = term_df > 0 || alt_df > 0;
            let near = if known {
                Vec::new()
            } else {
                self.near_spellings(searcher, &term)?
            };
            let numeric = term.chars().all(|c| c.is_ascii_digit());
            // A place ("in germany") is not what the material must cover:
            // an answer with figures for another place says so instead.
            let place = !region::places(&word).is_empty();
            let intent_word = intent_words.contains(&term.as_str());
            let mut qt = QueryTerm {
                counted: !numeric && !intent_word && !place,
                exact: Vec::new(),
                fuzzy: Vec::new(),
                // A word the material does not have weighs as the rarest
                // word: a near spelling covers half of it.
                idf: idf(term_df.max(alt_df)),
                boost: 1.0,
                known,
                skill: !naming.is_empty(),
                everyday_tag: if naming.is_empty() {
                    self.tagger.everyday_skill(&word).map_or(0, tag_hash)
                } else {
                    0
                },
                term: term.clone(),
            };
            for t in std::iter::once(&term).chain(&alternatives) {
                if let Some(s) = slot(&mut plan, t) {
                    qt.exact.push(s);
                }
            }
            for t in &near {
                if let Some(s) = slot(&mut plan, t) {
                    qt.fuzzy.push(s);
                }
            }
            plan.terms.push(qt);
            skill_terms.push(!naming.is_empty());
        }
        // The skill a question names is what it is about: it weighs at least
        // as much as any other word of the question, however common it is
        // in the material ("python" in "total beginner, how do I learn
        // python" must not count less than "total").
        // Words the material does not know at all do not raise it: they
        // may be what the question is really about ("kafka's metamorphosis").
        let heaviest = plan
            .terms
            .iter()
            .zip(&skill_terms)
            .filter(|(t, skill)| t.counted && !**skill && t.known)
            .map(|(t, _)| t.idf)
            .fold(0.0, f32::max);
        for (t, skill) in plan.terms.iter_mut().zip(&skill_terms) {
            if *skill && t.counted && t.idf < heaviest {
                t.boost = (heaviest / t.idf.max(0.1)).min(3.0);
                t.idf = heaviest;
            }
            // A skill's name used as an everyday word ("when is spring
            // coming") is likely what the question is about, in a sense the
            // material does not cover: it weighs as much, and covers nothing
            // (see `share`), however common the skill is in the material.
            if t.everyday() && t.counted && t.idf < heaviest {
                t.idf = heaviest;
            }
        }
        plan.topical = plan
            .slots
            .iter()
            .map(|s| {
                searcher
                    .doc_freq(&Term::from_field_text(self.fields.names, s))
                    .unwrap_or(0)
                    > 0
            })
            .collect();
        Ok(plan)
    }

    /// Up to [`MAX_FUZZY`] words of the index within one edit of `term`
    /// (two for long words), most frequent first.
    fn near_spellings(&self, searcher: &Searcher, term: &str) -> Result<Vec<String>, Error> {
        let n = term.chars().count();
        if n < 5 || !term.chars().all(char::is_alphabetic) {
            return Ok(Vec::new());
        }
        let distance = if n >= 8 { 2 } else { 1 };
        let fuzzy = FuzzyTermQuery::new(
            Term::from_field_text(self.fields.body, term),
            distance,
            true,
        );
        let mut found: HashMap<String, u64> = HashMap::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(self.fields.body)?;
            let mut stream = inverted
                .terms()
                .search(fuzzy.automaton()?)
                .into_stream()
                .map_err(|e| Error::Engine {
                    message: e.to_string(),
                })?;
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    *found.entry(word.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        }
        let mut near: Vec<(String, u64)> = found.into_iter().filter(|(w, _)| w != term).collect();
        near.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(near.into_iter().take(MAX_FUZZY).map(|(w, _)| w).collect())
    }

    fn query(&self, plan: &Plan) -> BooleanQuery {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |s: usize| Term::from_field_text(self.fields.body, &plan.slots[s]);
        let mut add = |s: usize, boost: f32| {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(
                    Box::new(TermQuery::new(term(s), IndexRecordOption::WithFreqs)),
                    boost,
                )),
            ));
        };
        for qt in &plan.terms {
            // Words that only name the kind of answer ("how long") and
            // numbers weigh little.
            let weight = if qt.counted { qt.boost } else { 0.3 };
            for (i, &s) in qt.exact.iter().enumerate() {
                add(s, if i == 0 { weight } else { 0.8 * weight });
            }
            for &s in &qt.fuzzy {
                add(s, 0.5 * weight);
            }
        }
        BooleanQuery::new(clauses)
    }

    /// Scores candidates with their postings and fast fields.
    fn rerank(
        &self,
        searcher: &Searcher,
        plan: &Plan,
        candidates: &[(f32, DocAddress)],
    ) -> Result<Vec<Ranked>, Error> {
        let mut by_segment: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, (_, address)) in candidates.iter().enumerate() {
            by_segment.entry(address.segment_ord).or_default().push(i);
        }
        let mut out = Vec::with_capacity(candidates.len());
        for (segment_ord, mut members) in by_segment {
            members.sort_by_key(|&i| candidates[i].1.doc_id);
            let segment = searcher.segment_reader(segment_ord);
            let docs: Vec<u32> = members.iter().map(|&i| candidates[i].1.doc_id).collect();
            let body = presence(segment, self.fields.body, &plan.slots, &docs)?;
            let heading = presence(segment, self.fields.heading, &plan.slots, &docs)?;
            let fast = segment.fast_fields();
            let lang_col = fast.u64("lang")?;
            let cues_col = fast.u64("cues")?;
            let sections_col = fast.u64("page_sections")?;
            let tag_cols = [
                fast.u64(TAG_FIELDS[0])?,
                fast.u64(TAG_FIELDS[1])?,
                fast.u64(TAG_FIELDS[2])?,
            ];
            for (k, &i) in members.iter().enumerate() {
                let (bm25, address) = candidates[i];
                let doc = address.doc_id;
                let cues = cues_col.first(doc).unwrap_or(0);
                let mut tags = [0u64; 5];
                for (j, col) in tag_cols.iter().enumerate() {
                    let packed = col.first(doc).unwrap_or(0);
                    if 2 * j < 5 {
                        tags[2 * j] = packed >> 32;
                    }
                    if 2 * j + 1 < 5 {
                        tags[2 * j + 1] = packed & 0xffff_ffff;
                    }
                }
                let coverage = plan.coverage(|s| body[k] & (1u128 << s) != 0, &tags);
                let heading_coverage = plan.coverage(|s| heading[k] & (1u128 << s) != 0, &tags);
                let asked = |t: &u64| *t != 0 && plan.skills.contains(t);
                let mut score = bm25 * (0.3 + 0.7 * coverage);
                // A heading that names what was asked, or that fits what
                // kind of question it is ("Learning path" for a roadmap
                // question), is strong evidence.
                let fits = plan.intent.is_some_and(|i| cues & i.headings().0 != 0);
                score *= 1.0 + HEADING_WEIGHT * if fits { 1.0 } else { heading_coverage };
                match plan.intent {
                    Some(intent) => {
                        if cues & intent.fact() != 0 {
                            score *= 1.6;
                        }
                        let (fitting, factor) = intent.headings();
                        if cues & fitting != 0 {
                            score *= factor;
                        } else if cues & intent.other_headings() != 0 {
                            score *= 0.8;
                        }
                    }
                    // A question that is not about learning is rarely
                    // answered by a section about learning time, what to
                    // learn next or practice projects ("how to learn it"
                    // often says how to do the thing).
                    None if cues & (META_HEADINGS & !HEAD_HOWTO) != 0 => score *= 0.85,
                    None => {}
                }
                // A passage whose main skill is the one asked about beats
                // one that mentions it on the way to another subject.
                if asked(&tags[0]) {
                    score *= 1.8;
                } else if asked(&tags[1]) {
                    score *= 1.25;
                } else if tags.iter().any(asked) {
                    score *= 1.1;
                }
                if cues & OLD_EDITION != 0 {
                    score *= 0.5;
                }
                // A page about hundreds of things (a changelog, release
                // notes, an all-in-one print page) is a weaker source than
                // a page about a few.
                let sections = sections_col.first(doc).unwrap_or(1).max(1) as f32;
                if sections > TOPICAL_PAGE_SECTIONS {
                    score *= (TOPICAL_PAGE_SECTIONS / sections).powf(0.2);
                }
                if cues & CODE_ONLY != 0 {
                    score *= 0.7;
                }
                // A page comparing two things answers a question about one
                // of them less well than that thing's own page.
                if cues & COMPARISON != 0 && !plan.compares {
                    score *= 0.6;
                }
                let present = |s: usize| body[k] & (1u128 << s) != 0;
                let topical = plan.terms.iter().any(|t| {
                    t.counted
                        && !t.everyday()
                        && t.exact
                            .iter()
                            .any(|&s| present(s) && (t.skill || plan.topical[s]))
                });
                // An everyday use of a skill's name the passage does not
                // share counts as a missing word of the weightiest kind.
                let rarest_missing =
                    plan.terms.iter().any(|t| {
                        t.counted && t.everyday() && passage_share(t, &present, &tags) == 0.0
                    }) || plan
                        .terms
                        .iter()
                        .filter(|t| t.counted)
                        .max_by(|a, b| a.idf.total_cmp(&b.idf))
                        .is_some_and(|t| !t.known && share(t, &present) == 0.0);
                let fits_intent = plan.intent.is_some_and(|i| {
                    i != Intent::Definition && cues & (i.fact() | i.headings().0) != 0
                });
                let covered_terms = plan
                    .terms
                    .iter()
                    .filter(|t| {
                        // An everyday use of a skill's name ("spring" the
                        // season) counts only in that sense.
                        t.counted
                            && t.exact.iter().any(|&s| body[k] & (1u128 << s) != 0)
                            && (!t.everyday() || passage_share(t, &present, &tags) > 0.0)
                    })
                    .count();
                out.push(Ranked {
                    address,
                    score,
                    coverage,
                    about_skill: tags[..2].iter().any(asked),
                    topical,
                    rarest_missing,
                    fits_intent,
                    covered_terms,
                    lang: lang_col.first(doc).unwrap_or(0),
                });
            }
        }
        Ok(out)
    }
}

/// For each doc (ascending ids), a bit per slot: whether the field holds it.
fn presence(
    segment: &tantivy::SegmentReader,
    field: tantivy::schema::Field,
    slots: &[String],
    docs: &[u32],
) -> Result<Vec<u128>, Error> {
    let mut out = vec![0u128; docs.len()];
    let inverted = segment.inverted_index(field)?;
    for (s, text) in slots.iter().enumerate() {
        let term = Term::from_field_text(field, text);
        let Some(mut postings) = inverted
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(|e| Error::Engine {
                message: e.to_string(),
            })?
        else {
            continue;
        };
        for (k, &doc) in docs.iter().enumerate() {
            if postings.doc() > doc {
                continue;
            }
            if postings.seek(doc) == doc {
                out[k] |= 1u128 << s;
            }
        }
    }
    Ok(out)
}

/// The common word an unknown word is a misspelling of, if any: one edit
/// (a transposition counts as one) from a stop word or an intent word of at
/// least four letters ("shoud" → should, "lern" → learn, "waht" → what).
/// A changed letter only counts in words of six letters or more: "bike" is
/// not "like".
fn correction(word: &str) -> Option<String> {
    let n = word.chars().count();
    if n < 4 {
        return None;
    }
    let substitution_ok = n >= 6;
    let sorted = |w: &str| {
        let mut c: Vec<char> = w.chars().collect();
        c.sort_unstable();
        c
    };
    let letters = sorted(word);
    let candidates: Vec<&str> = STOP_WORDS
        .iter()
        .chain(INTENT_VOCABULARY)
        .filter(|s| s.len() >= 4 && s.len().abs_diff(n) <= 1)
        .filter(|s| strsim::damerau_levenshtein(s, word) <= 1)
        .filter(|s| substitution_ok || s.len() != n || sorted(s) == letters)
        .copied()
        .collect();
    // Swapped letters are the likeliest typo: "waht" is "what", not "want".
    candidates
        .iter()
        .find(|c| sorted(c) == letters)
        .or(candidates.first())
        .map(|s| s.to_string())
}

/// Byte range of the prose sentence that best answers, if any matches.
fn best_sentence(plan: &Plan, summary: &Summary) -> Option<(usize, usize)> {
    let max_idf = plan.terms.iter().map(|t| t.idf).fold(0.0, f32::max);
    let fact = plan.intent.map_or(0, Intent::fact);
    let mut best: Option<(f32, usize, usize)> = None;
    for sentence in &summary.sentences {
        let tokens = summary.tokens_in(sentence.from, sentence.to);
        let present = |s: usize| tokens.iter().any(|t| t.hash == plan.slot_hashes[s]);
        let mut score: f32 = plan.terms.iter().map(|t| share(t, &present) * t.idf).sum();
        if sentence.facts & fact != 0 {
            score += 2.0 * max_idf;
        }
        if score > 0.0 && best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, sentence.from, sentence.to));
        }
    }
    best.map(|(_, s, e)| (s, e))
}

/// An excerpt of at most [`SNIPPET_CHARS`] around `range` (never into a
/// code block), matched terms in `**bold**`.
fn snippet(plan: &Plan, text: &str, summary: &Summary, range: Option<(usize, usize)>) -> String {
    let (start, end) = range
        .or_else(|| summary.sentences.first().map(|s| (s.from, s.to)))
        .filter(|&(start, end)| start <= end && text.get(start..end).is_some())
        .unwrap_or((0, text.len()));
    // Prose only: stop where the next code block starts.
    let limit = parts(text)
        .into_iter()
        .find(|&(code, from, _)| code && from >= end)
        .map_or(text.len(), |(_, from, _)| from);
    let mut end = end.min(limit);
    // Extend short sentences with what follows, up to the limit.
    if text[start..end].chars().count() < SNIPPET_CHARS / 2 {
        end = limit;
    }
    let mut cut = start;
    for (count, (i, c)) in text[start..end].char_indices().enumerate() {
        cut = start + i + c.len_utf8();
        if count + 1 >= SNIPPET_CHARS {
            break;
        }
    }
    let mut excerpt_end = cut;
    if cut < end
        && let Some(space) = text[start..cut].rfind(char::is_whitespace)
    {
        excerpt_end = start + space;
    }
    let excerpt_end = excerpt_end.max(start);
    let highlight: Vec<u32> = plan
        .terms
        .iter()
        .filter(|t| t.counted)
        .flat_map(|t| t.exact.iter().chain(&t.fuzzy).map(|&s| plan.slot_hashes[s]))
        .collect();
    let mut out = String::with_capacity(excerpt_end - start + 16);
    if start > 0 {
        out.push('…');
    }
    let mut last = start;
    for token in summary.tokens_in(start, excerpt_end) {
        if token.to <= excerpt_end
            && token.from >= last
            && highlight.contains(&token.hash)
            && text.is_char_boundary(token.from)
            && text.is_char_boundary(token.to)
        {
            out.push_str(&text[last..token.from]);
            out.push_str("**");
            out.push_str(&text[token.from..token.to]);
            out.push_str("**");
            last = token.to;
        }
    }
    out.push_str(&text[last..excerpt_end]);
    if excerpt_end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

/// The first code block starting at or after byte `from`, unfenced and cut
/// to [`ANSWER_CODE_LINES`] lines.
fn code_after(text: &str, from: usize) -> Option<String> {
    let (_, start, end) = parts(text)
        .into_iter()
        .find(|&(code, start, _)| code && start >= from)?;
    let block = &text[start..end];
    let inner = block
        .strip_prefix(FENCE)
        .unwrap_or(block)
        .trim_start_matches('\n');
    let inner = inner.strip_suffix(FENCE).unwrap_or(inner).trim_end();
    let lines: Vec<&str> = inner.lines().collect();
    let mut code = lines[..lines.len().min(ANSWER_CODE_LINES)].join("\n");
    if lines.len() > ANSWER_CODE_LINES {
        code.push_str("\n// …");
    }
    (!code.trim().is_empty()).then_some(code)
}

fn first_prose_words(text: &str, n: usize) -> Option<String> {
    let prose: Vec<&str> = parts(text)
        .into_iter()
        .filter(|(code, _, _)| !code)
        .flat_map(|(_, from, to)| text[from..to].split_whitespace())
        .take(n)
        .collect();
    (!prose.is_empty()).then(|| prose.join(" "))
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
    fn misspelt_common_words_are_corrected() {
        for (w, c) in [
            ("shoud", "should"),
            ("thier", "their"),
            ("becuase", "because"),
            ("lern", "learn"),
            ("wroth", "worth"),
            ("aftr", "after"),
            ("waht", "what"),
        ] {
            assert_eq!(correction(w).as_deref(), Some(c), "{w}");
        }
        for w in ["go", "fix", "kubernetes", "graphql", "bike", "port"] {
            assert_eq!(correction(w), None, "{w}");
        }
    }

    #[test]
    fn code_follows_the_answer() {
        let text = "Use the operator.\n```\nlet x = f()?;\n```\nMore text.";
        assert_eq!(code_after(text, 0).as_deref(), Some("let x = f()?;"));
        assert_eq!(code_after(text, 40), None);
        assert_eq!(first_prose_words("```\ncode\n```", 5), None);
    }

    #[test]
    fn clip_respects_char_boundaries() {
        let s = "é".repeat(600);
        let c = clip(&s, 1_001);
        assert!(c.len() <= 1_001 && c.chars().all(|ch| ch == 'é'));
    }
}
