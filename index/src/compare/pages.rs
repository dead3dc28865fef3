//! Comparison pages and the questions they answer: a page's sides (its
//! `compare:` line or "X vs Y" title), the lookup keys they are indexed
//! under, and how well a page's sides match a question's.

use std::sync::LazyLock;

use regex::Regex;

use super::recognise::skills_of;
use super::{Comparison, MAX_SIDE_WORDS};
use crate::SkillTagger;

/// The sides a comparison page names on its `compare:` line (the line
/// right under its title): `compare: kafka, rabbitmq`. A side may list other
/// names people use for it after `|`: `compare: xss | cross-site
/// scripting, csrf | cross-site request forgery`.
pub(crate) fn page_sides(markdown: &str) -> Option<Vec<String>> {
    let line = markdown
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(3)
        .find_map(|l| {
            l.strip_prefix("compare:")
                .or_else(|| l.strip_prefix("Compare:"))
        })?;
    let sides: Vec<String> = line
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    (sides.len() >= 2).then_some(sides)
}

/// The names of one side of a page's `compare:` line: its own name first,
/// then the others people use for it ("sync | synchronous calls").
pub(crate) fn side_names(side: &str) -> impl Iterator<Item = &str> {
    side.split('|').map(str::trim).filter(|n| !n.is_empty())
}

/// The sides of a page titled "X vs Y" (material without a `compare:`
/// line).
pub(crate) fn title_sides(title: &str) -> Option<Vec<String>> {
    static VS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)\s+(?:vs\.?|versus)\s+").expect("valid regex"));
    let sides: Vec<String> = VS
        .split(title.trim())
        .map(|s| s.trim().trim_end_matches(['?', '.', ':']).to_string())
        .collect();
    let fits = sides.len() >= 2
        && sides
            .iter()
            .all(|s| !s.is_empty() && s.split_whitespace().count() <= MAX_SIDE_WORDS + 1);
    fits.then_some(sides)
}

/// Lookup keys of a side: its words run together, each of its words (as
/// [`stem`]s: "threading" finds a page on "threads"), and the skill it
/// names. A comparison page's lead passage carries its sides' keys, so a
/// question's sides find candidate pages with a few posting lookups
/// ("backend developer" finds a page on "backend"); [`page_assignment`]
/// then decides.
pub(crate) fn side_keys(tagger: &SkillTagger, term: &str) -> Vec<String> {
    let mut keys = vec![term_key(term)];
    let words: Vec<&str> = term
        .split(|c: char| c.is_whitespace() || "-_/".contains(c))
        .filter(|w| w.chars().count() >= 3)
        .collect();
    keys.extend(words.iter().map(|w| format!("w:{}", stem(&squash(w)))));
    if let Some(skill) = skills_of(tagger, term).into_iter().next() {
        keys.push(format!("s:{skill}"));
    }
    keys
}

/// The key of a side's whole name, however it is spaced or hyphenated.
pub(super) fn term_key(term: &str) -> String {
    format!("t:{}", squash(term))
}

/// The key every passage of a comparison page carries: its source.
pub(crate) fn page_key(source: &str) -> String {
    format!("p:{source}")
}

/// A side reduced for matching: its words run together, singular, and the
/// skill it names.
struct Key {
    term: String,
    /// The side's words, singular, lowercase.
    words: Vec<String>,
    /// Those words as stems ("threading" and "threads": "thread").
    stems: Vec<String>,
    skill: Option<String>,
    /// Another side of the same comparison names the same skill: the skill
    /// does not tell them apart.
    shared: bool,
}

fn keys<'a>(tagger: &SkillTagger, terms: impl Iterator<Item = &'a str>) -> Vec<Key> {
    let mut keys: Vec<Key> = terms
        .map(|term| {
            let words: Vec<String> = term
                .split(|c: char| c.is_whitespace() || "-_/".contains(c))
                .filter(|w| !w.is_empty())
                .map(|w| singular(&w.to_lowercase()))
                .collect();
            Key {
                term: squash(term),
                stems: words.iter().map(|w| stem(w)).collect(),
                words,
                skill: skills_of(tagger, term).into_iter().next(),
                shared: false,
            }
        })
        .collect();
    for i in 0..keys.len() {
        let shared = keys[i].skill.is_some()
            && keys
                .iter()
                .enumerate()
                .any(|(j, k)| j != i && k.skill == keys[i].skill);
        keys[i].shared = shared;
    }
    keys
}

/// A (singular, lowercase) word reduced so that a noun and its "-ing" form
/// meet: "threading" and "thread", "caching" and "cache", "logging" and
/// "log", "polling" and "poll" all give one stem. Short words stay as they
/// are ("string", "thing", "ring").
pub(super) fn stem(word: &str) -> String {
    let mut stem = word;
    if stem.len() >= 7 {
        stem = stem.strip_suffix("ing").unwrap_or(stem);
    }
    if stem.len() > 4 {
        stem = stem.strip_suffix('e').unwrap_or(stem);
    }
    // (An ASCII last byte is a whole character: cutting it is safe.)
    let bytes = stem.as_bytes();
    let doubled = bytes.len() >= 4
        && bytes[bytes.len() - 1] == bytes[bytes.len() - 2]
        && !b"aeiou".contains(&bytes[bytes.len() - 1])
        && bytes[bytes.len() - 1].is_ascii_alphabetic();
    if doubled {
        stem = &stem[..stem.len() - 1];
    }
    stem.to_string()
}

/// "developers" → "developer", "batches" → "batch" (not "class" → "clas").
pub(super) fn singular(word: &str) -> String {
    if word.len() > 4
        && ["ches", "shes", "xes", "sses"]
            .iter()
            .any(|e| word.ends_with(e))
    {
        word[..word.len() - 2].to_string()
    } else {
        without_plural_s(word)
    }
}

/// A word without its plural "s" ("retries" → "retry", "tests" → "test"),
/// leaving "-es" endings alone ("caches" keys as "cache") and names ending
/// in "js" ("nodejs", "nextjs").
fn without_plural_s(word: &str) -> String {
    if word.len() > 4 && word.ends_with("ies") {
        format!("{}y", &word[..word.len() - 3])
    } else if word.len() > 3
        && word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("js")
    {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// "Node.js" → "nodejs", "Unit tests" → "unittest", "C#" → "c#".
pub(super) fn squash(term: &str) -> String {
    let words: Vec<String> = term
        .split(|c: char| c.is_whitespace() || "-_./".contains(c))
        .filter(|w| !w.is_empty())
        .map(|w| without_plural_s(&w.to_lowercase()))
        .collect();
    words.concat()
}

/// Score of matching a question side to a page side (0: no match).
const EXACT: f32 = 1.0;
const PREFIX: f32 = 0.9;
/// The same words as stems ("threading" for "threads").
const STEMMED: f32 = 0.85;
/// A near spelling ("intergration tests" for "integration tests").
pub(super) const MISSPELT: f32 = 0.8;
/// The question's side is the page's side with a word in front.
const NARROWER: f32 = 0.75;
/// The question's side is the page's with a word or two inside it.
const INSERTED: f32 = 0.72;
const SAME_SKILL: f32 = 0.7;

/// Whether `asked` is `page`, a name of two or more words, with one or two
/// words put inside it: "explicit cache invalidation" for "explicit
/// invalidation", "local in-memory cache" for "local cache".
fn inserted(asked: &[String], page: &[String]) -> bool {
    if page.len() < 2 || asked.len() <= page.len() || asked.len() > page.len() + 2 {
        return false;
    }
    if asked.first() != page.first() || asked.last() != page.last() {
        return false;
    }
    let mut rest = asked.iter();
    page.iter().all(|w| rest.any(|a| a == w))
}

/// How well a comparison page with `page` sides answers `question`: `None`
/// unless every side of the question matches its own side of the page.
/// Sides match by their words ("postgres" also matches "postgresql", a
/// near spelling such as "intergration tests" matches too), or by
/// skill where the skill tells the sides apart ("k8s" matches a page on
/// "kubernetes"; "sqs" does not match a page on "rabbitmq", both message
/// queues). A page with more sides than asked scores a little lower.
/// Also returns, per question side, the page side it matched and how well.
pub(super) fn page_assignment(
    question: &Comparison,
    page: &[String],
    tagger: &SkillTagger,
) -> Option<(f32, Vec<(usize, f32)>)> {
    if page.len() < question.sides.len() {
        return None;
    }
    let asked = keys(tagger, question.sides.iter().map(|s| s.term.as_str()));
    // Every name of every page side, with the side it names.
    let (owners, names): (Vec<usize>, Vec<&str>) = page
        .iter()
        .enumerate()
        .flat_map(|(j, side)| side_names(side).map(move |name| (j, name)))
        .unzip();
    let mut offered = keys(tagger, names.into_iter());
    // A skill is shared only with another side, not with the side's own
    // other names.
    for i in 0..offered.len() {
        offered[i].shared = offered[i].skill.is_some()
            && (0..offered.len())
                .any(|k| owners[k] != owners[i] && offered[k].skill == offered[i].skill);
    }
    let score = |q: &Key, p: &Key| -> f32 {
        let (a, b) = (q.term.as_str(), p.term.as_str());
        let shortest = a.chars().count().min(b.chars().count());
        if a == b {
            EXACT
        } else if shortest >= 4 && (a.starts_with(b) || b.starts_with(a)) {
            PREFIX
        } else if !q.stems.is_empty() && q.stems == p.stems {
            STEMMED
        } else if shortest >= 8 && strsim::damerau_levenshtein(a, b) <= 2 {
            MISSPELT
        } else if q.words.len() > p.words.len()
            && p.term.chars().count() >= 4
            && q.words.ends_with(&p.words)
        {
            // The question narrows the page's side: "cloud certifications"
            // for "certifications", "long polling" for "polling".
            NARROWER
        } else if inserted(&q.words, &p.words) {
            INSERTED
        } else if q.skill.is_some() && q.skill == p.skill && !q.shared && !p.shared {
            SAME_SKILL
        } else {
            0.0
        }
    };
    // Best one-to-one assignment; comparisons have at most five sides.
    fn best(
        i: usize,
        used: &mut Vec<bool>,
        scores: &[Vec<f32>],
    ) -> Option<(f32, Vec<(usize, f32)>)> {
        if i == scores.len() {
            return Some((0.0, Vec::new()));
        }
        let mut top: Option<(f32, Vec<(usize, f32)>)> = None;
        for (j, &s) in scores[i].iter().enumerate() {
            if used[j] || s == 0.0 {
                continue;
            }
            used[j] = true;
            if let Some((rest, mut chosen)) = best(i + 1, used, scores)
                && top.as_ref().is_none_or(|(t, _)| s + rest > *t)
            {
                chosen.insert(0, (j, s));
                top = Some((s + rest, chosen));
            }
            used[j] = false;
        }
        top
    }
    // A page side scores by its best-matching name.
    let scores: Vec<Vec<f32>> = asked
        .iter()
        .map(|q| {
            let mut by_side = vec![0.0f32; page.len()];
            for (p, &j) in offered.iter().zip(&owners) {
                by_side[j] = by_side[j].max(score(q, p));
            }
            by_side
        })
        .collect();
    let (total, chosen) = best(0, &mut vec![false; page.len()], &scores)?;
    let n = asked.len() as f32;
    Some((total / n * (0.8 + 0.2 * n / page.len() as f32), chosen))
}

/// Which section of a comparison page answers the question best, as words
/// its heading holds: what to learn first, when to choose which, or (by
/// default) the differences.
pub(super) fn wanted_section(comparison: &Comparison) -> &'static [&'static str] {
    if comparison.which_first && comparison.choice {
        &["first", "learn"]
    } else if comparison.choice || comparison.context.is_some() {
        &["choose", "when", "which"]
    } else {
        &["differen"]
    }
}
