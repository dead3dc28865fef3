//! Questions over the skill material: ask, build an index, evaluate.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use regex::{Regex, RegexBuilder};
use serde::Serialize;
use skillbot_index::{BuildStats, Index, IndexBuilder, SkillTagger, open_handbook};
use skillbot_recommender::Catalog;

use crate::service::compare::{self, ComparisonView};
use crate::{App, UserError};

/// Most passages anyone may ask for at once.
pub const MAX_PASSAGES: usize = 20;

/// `ask --json`: exactly the shape of DESIGN.md, plus `comparison` for a
/// comparison or choice question ("X vs Y", "should I learn X or Y first").
#[derive(Debug, Serialize)]
pub struct AskView {
    pub question: String,
    pub answer: Option<AnswerView>,
    pub passages: Vec<PassageView>,
    /// The sides next to each other (added to DESIGN.md's shape; absent for
    /// other questions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<ComparisonView>,
}

#[derive(Debug, Serialize)]
pub struct AnswerView {
    pub text: String,
    pub source: String,
    pub section: String,
    pub skills: Vec<String>,
    /// The title of the page the answer comes from (added to DESIGN.md's shape).
    pub title: String,
    /// The code block that follows the answer sentence, if any, without
    /// fences (added to DESIGN.md's shape).
    pub code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct PassageView {
    pub source: String,
    pub title: String,
    pub section: String,
    pub skills: Vec<String>,
    pub score: f32,
    /// The whole passage; code blocks are fenced with ``` lines.
    pub text: String,
    pub snippet: String,
    /// ISO 639-3 code of the passage's language, "" if unknown (added to
    /// DESIGN.md's shape).
    pub language: String,
}

/// Converts an index error: the caller's mistakes become [`UserError`]s.
fn index_error(err: skillbot_index::Error) -> anyhow::Error {
    if err.is_user_error() {
        UserError::new(err.to_string()).into()
    } else {
        anyhow::Error::new(err)
    }
}

fn tagger(app: &App) -> SkillTagger {
    SkillTagger::new(app.catalog().skill_names())
}

/// Where `index build` writes when no `--index` is given, and where `ask`
/// looks first: the configured index dir, else `<data dir>/index/material`.
pub fn material_dir(app: &App) -> anyhow::Result<PathBuf> {
    match &app.settings.index_dir {
        Some(dir) => Ok(dir.clone()),
        None => Ok(app.settings.data_dir()?.join("index").join("material")),
    }
}

/// Opens the index to search: `dir` if given; else the team's built
/// material if any; else the built-in handbook (built on first use).
pub fn open_index(app: &App, dir: Option<&Path>) -> anyhow::Result<Index> {
    if let Some(dir) = dir {
        if !dir.exists() {
            crate::bail_user!("{}: no such index folder", dir.display());
        }
        return Index::open(dir, tagger(app)).map_err(index_error);
    }
    let material = material_dir(app)?;
    if Index::exists(&material) || app.settings.index_dir.is_some() {
        return Index::open(&material, tagger(app)).map_err(index_error);
    }
    let root = app.settings.data_dir()?.join("index");
    open_handbook(&root, &app.catalog().skill_names())
        .map_err(index_error)
        .with_context(|| format!("opening the handbook index in {}", root.display()))
}

/// Answers a question, comparisons composed from the built-in catalog and
/// not personalised (see [`ask_for`]).
pub fn ask(index: &Index, question: &str, limit: usize) -> anyhow::Result<AskView> {
    ask_for(index, Catalog::builtin(), question, limit, None)
}

/// Answers a question asked by someone with `role` (a role id, if known).
/// A comparison question gets [`AskView::comparison`]: the sides next to
/// each other from `catalog`, the learning-order rule when it asks which
/// first, and — with a role — how much that role needs each side. When no
/// passage of the material compares the sides, the answer is the composed
/// comparison (source "skill catalog"), never a sentence about one side.
pub fn ask_for(
    index: &Index,
    catalog: &Catalog,
    question: &str,
    limit: usize,
    role: Option<&str>,
) -> anyhow::Result<AskView> {
    if !(1..=MAX_PASSAGES).contains(&limit) {
        crate::bail_user!("--limit must be between 1 and {MAX_PASSAGES}, not {limit}");
    }
    let role = role
        .map(|r| catalog.role(r))
        .transpose()
        .map_err(UserError::from)?;
    let mut answer = index.ask(question, limit).map_err(index_error)?;
    let comparison = answer
        .comparison
        .take()
        .map(|found| compare::from_index(catalog, &found, role));
    // The answer always comes from the first passage.
    let title = answer
        .passages
        .first()
        .map(|p| p.title.clone())
        .unwrap_or_default();
    let composed = comparison
        .as_ref()
        .filter(|_| answer.answer.is_none())
        .map(|c| AnswerView {
            text: compare::summary(c),
            source: compare::CATALOG_SOURCE.to_string(),
            section: compare::title(c),
            skills: c.sides.iter().filter_map(|s| s.id.clone()).collect(),
            title: compare::title(c),
            code: None,
        });
    Ok(AskView {
        question: answer.question,
        answer: answer
            .answer
            .map(|a| AnswerView {
                text: a.text,
                source: a.source,
                section: a.section,
                skills: a.skills,
                title,
                code: a.code,
            })
            .or(composed),
        passages: answer
            .passages
            .into_iter()
            .map(|p| PassageView {
                source: p.source,
                title: p.title,
                section: p.section,
                skills: p.skills,
                score: p.score,
                text: p.text,
                snippet: p.snippet,
                language: p.language,
            })
            .collect(),
        comparison,
    })
}

/// Builds an index from files and folders into `dir`, replacing what was
/// there. The built-in handbook is searched alongside the team's material
/// unless `handbook` is false: a team's notes seldom say how long Docker
/// takes to learn, and answers name their source (`handbook/…`).
pub fn build_index(
    app: &App,
    from: &[PathBuf],
    dir: &Path,
    handbook: bool,
    progress: impl FnMut(&BuildStats),
) -> anyhow::Result<BuildStats> {
    let mut builder = IndexBuilder::new(tagger(app));
    if handbook {
        builder.add_handbook();
    }
    for path in from {
        let added = builder.add_path(path).map_err(index_error)?;
        if added == 0 {
            crate::bail_user!(
                "{}: no .md .markdown .txt .html .htm files in this folder",
                path.display()
            );
        }
    }
    builder
        .build_replacing(dir, progress)
        .map_err(index_error)
        .with_context(|| format!("building the index in {}", dir.display()))
}

/// One question of an evaluation file.
#[derive(Debug)]
pub struct EvalCase {
    pub line: usize,
    pub question: String,
    pub patterns: Vec<Regex>,
    pub skills: Vec<String>,
}

/// Reads a question file: `question<TAB>pattern && pattern<TAB>skill|skill`,
/// `#` comments and blank lines ignored; patterns are case-insensitive
/// regular expressions that must all match one passage.
pub fn read_eval_file(path: &Path) -> anyhow::Result<Vec<EvalCase>> {
    let bytes = std::fs::read(path)
        .map_err(|e| UserError::new(format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UserError::new(format!("{}: not UTF-8 text", path.display())))?;
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 || cols[0].trim().is_empty() || cols[1].trim().is_empty() {
            crate::bail_user!(
                "{} line {line_no}: expected question<TAB>patterns[<TAB>skills]",
                path.display()
            );
        }
        let mut patterns = Vec::new();
        for p in cols[1].split(" && ") {
            let re = RegexBuilder::new(p.trim())
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| {
                    UserError::new(format!(
                        "{} line {line_no}: bad pattern {p:?}: {e}",
                        path.display()
                    ))
                })?;
            patterns.push(re);
        }
        let skills = cols
            .get(2)
            .map(|s| {
                s.split('|')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        cases.push(EvalCase {
            line: line_no,
            question: cols[0].trim().to_string(),
            patterns,
            skills,
        });
    }
    if cases.is_empty() {
        crate::bail_user!("{}: no questions in the file", path.display());
    }
    Ok(cases)
}

/// Reads an off-topic question file: one question per line, `#` comments
/// and blank lines ignored. Every one should get no answer.
pub fn read_offtopic_file(path: &Path) -> anyhow::Result<Vec<(usize, String)>> {
    let bytes = std::fs::read(path)
        .map_err(|e| UserError::new(format!("cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| UserError::new(format!("{}: not UTF-8 text", path.display())))?;
    let questions: Vec<(usize, String)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.trim().to_string()))
        .collect();
    if questions.is_empty() {
        crate::bail_user!("{}: no questions in the file", path.display());
    }
    Ok(questions)
}

/// `eval --offtopic`: questions the material should not answer.
#[derive(Debug, Serialize)]
pub struct OfftopicReport {
    pub questions: usize,
    /// How many got an answer anyway (should be 0).
    pub answered: usize,
    /// The ones that got an answer.
    pub results: Vec<OfftopicResult>,
}

#[derive(Debug, Serialize)]
pub struct OfftopicResult {
    pub line: usize,
    pub question: String,
    pub source: String,
    pub section: String,
    pub answer: String,
}

/// Asks every off-topic question and reports those that got an answer.
pub fn evaluate_offtopic(
    index: &Index,
    questions: &[(usize, String)],
) -> anyhow::Result<OfftopicReport> {
    let mut results = Vec::new();
    for (line, question) in questions {
        let answer = match index.ask(question, 3) {
            Ok(answer) => answer,
            Err(skillbot_index::Error::EmptyQuestion) => continue,
            Err(err) => return Err(index_error(err)),
        };
        if let Some(a) = answer.answer {
            results.push(OfftopicResult {
                line: *line,
                question: question.clone(),
                source: a.source,
                section: a.section,
                answer: a.text,
            });
        }
    }
    Ok(OfftopicReport {
        questions: questions.len(),
        answered: results.len(),
        results,
    })
}

/// `eval --json`.
#[derive(Debug, Serialize)]
pub struct EvalReport {
    pub questions: usize,
    pub hit_at_1: f64,
    pub hit_at_3: f64,
    pub mrr: f64,
    /// Share of questions whose top passage carries an expected skill
    /// (over questions that list skills).
    pub skill_at_1: Option<f64>,
    /// Questions answered as comparisons (their composed comparison is the
    /// first candidate).
    pub comparisons: usize,
    pub latency_ms_mean: f64,
    pub latency_ms_p95: f64,
    pub results: Vec<EvalResult>,
}

#[derive(Debug, Serialize)]
pub struct EvalResult {
    pub line: usize,
    pub question: String,
    /// 1-based rank of the first candidate matching every pattern: the
    /// passages (top 10), after the composed comparison for a comparison
    /// question (see [`evaluate`]).
    pub rank: Option<usize>,
    /// Whether the question was answered as a comparison.
    pub comparison: bool,
    pub top_section: Option<String>,
    pub latency_ms: f64,
}

/// Runs every case against the index.
///
/// A comparison question the material has no answer for (no passage
/// compares the sides, and no answer sentence names them all) is answered
/// with the comparison composed from the catalog, as [`ask_for`] does: that
/// text ([`compare::facts`]: what each side is, how they differ, which
/// first — without the title line or the note on a missing side, which
/// would restate the question) is then the first candidate and the passages
/// follow at ranks 2 and on. Otherwise the answer comes from the first
/// passage, and candidates are the passages, as for any question.
pub fn evaluate(
    index: &Index,
    catalog: &Catalog,
    cases: &[EvalCase],
) -> anyhow::Result<EvalReport> {
    let mut results = Vec::with_capacity(cases.len());
    let mut skill_hits = (0usize, 0usize);
    for case in cases {
        let started = Instant::now();
        let answer = match index.ask(&case.question, 10) {
            Ok(answer) => answer,
            Err(skillbot_index::Error::EmptyQuestion) => {
                results.push(EvalResult {
                    line: case.line,
                    question: case.question.clone(),
                    rank: None,
                    comparison: false,
                    top_section: None,
                    latency_ms: 0.0,
                });
                continue;
            }
            Err(err) => return Err(index_error(err)),
        };
        let latency_ms = started.elapsed().as_secs_f64() * 1_000.0;
        // An answer not from one passage: composed from the catalog, or
        // from pages on two sides each (three or more sides, no page on
        // them all).
        let composed = answer
            .comparison
            .as_ref()
            .and_then(|found| match &answer.answer {
                None => Some(compare::facts(&compare::from_index(catalog, found, None))),
                Some(extract) if !found.pairs.is_empty() => Some(extract.text.clone()),
                Some(_) => None,
            });
        let candidates: Vec<String> = composed
            .iter()
            .cloned()
            .chain(
                answer
                    .passages
                    .iter()
                    .map(|p| format!("{}\n{}\n{}", p.title, p.section, p.text)),
            )
            .collect();
        let rank = candidates
            .iter()
            .position(|haystack| case.patterns.iter().all(|re| re.is_match(haystack)));
        if !case.skills.is_empty() {
            skill_hits.1 += 1;
            if answer
                .passages
                .first()
                .is_some_and(|p| p.skills.iter().any(|s| case.skills.contains(s)))
            {
                skill_hits.0 += 1;
            }
        }
        results.push(EvalResult {
            line: case.line,
            question: case.question.clone(),
            rank: rank.map(|r| r + 1),
            comparison: answer.comparison.is_some(),
            top_section: answer
                .passages
                .first()
                .map(|p| format!("{} — {}", p.source, p.section)),
            latency_ms,
        });
    }
    let n = results.len() as f64;
    let share =
        |f: &dyn Fn(&EvalResult) -> bool| results.iter().filter(|r| f(r)).count() as f64 / n;
    let mut latencies: Vec<f64> = results.iter().map(|r| r.latency_ms).collect();
    latencies.sort_by(f64::total_cmp);
    let p95 =
        latencies[((latencies.len() as f64 * 0.95).ceil() as usize).clamp(1, latencies.len()) - 1];
    Ok(EvalReport {
        questions: results.len(),
        hit_at_1: share(&|r| r.rank == Some(1)),
        hit_at_3: share(&|r| r.rank.is_some_and(|k| k <= 3)),
        mrr: results
            .iter()
            .map(|r| r.rank.map_or(0.0, |k| 1.0 / k as f64))
            .sum::<f64>()
            / n,
        skill_at_1: (skill_hits.1 > 0).then(|| skill_hits.0 as f64 / skill_hits.1 as f64),
        comparisons: results.iter().filter(|r| r.comparison).count(),
        latency_ms_mean: latencies.iter().sum::<f64>() / n,
        latency_ms_p95: p95,
        results,
    })
}
