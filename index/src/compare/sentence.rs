//! The sentence of a passage that compares a question's sides: the answer
//! a comparison takes from a page, or from any passage when no page has
//! the sides.

use super::pages::singular;
use super::{Comparison, Side};
use crate::SkillTagger;

/// Whether `text` mentions a side of `comparison`, by its words, or by its
/// skill where no other side shares it ("PostgreSQL" names the relational
/// databases skill, but not the side "MySQL").
pub(super) fn mentions(
    text: &str,
    side: &Side,
    comparison: &Comparison,
    tagger: &SkillTagger,
) -> bool {
    let lower = text.to_lowercase();
    let term = side.term.to_lowercase();
    let by_words = lower.match_indices(&term).any(|(at, _)| {
        let mut before = lower[..at].chars().rev();
        let after = lower[at + term.len()..].chars().next();
        // The end of a dotted name is not the side: "Node.js" does not
        // name "js", "ASP.NET" not "net".
        let starts_word = match before.next() {
            None => true,
            Some('.' | '@') => before.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric(),
        };
        starts_word && after.is_none_or(|c| !c.is_alphanumeric())
    });
    let own_skill = side.skill.as_ref().filter(|id| {
        comparison
            .sides
            .iter()
            .filter(|s| s.skill.as_ref() == Some(*id))
            .count()
            == 1
    });
    by_words || own_skill.is_some_and(|id| tagger.skills_in(text).contains(id))
}

/// The part of a comparison passage that answers: the first sentence or
/// list item naming every side (else the most sides), and the one after it
/// when it is short; at most about 400 characters.
pub(super) fn extract(text: &str, comparison: &Comparison, tagger: &SkillTagger) -> String {
    // (line number, sentence or list item)
    let pieces: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .flat_map(|(n, line)| {
            let parts = if line.trim_start().starts_with(['-', '*']) {
                vec![line.trim()]
            } else {
                split_sentences(line)
            };
            parts.into_iter().map(move |p| (n, p))
        })
        .filter(|(_, p)| !p.trim().is_empty())
        .collect();
    let count = |p: &str| {
        comparison
            .sides
            .iter()
            .filter(|s| mentions(p, s, comparison, tagger))
            .count()
    };
    let Some((best, _)) = pieces
        .iter()
        .enumerate()
        .max_by(|a, b| count(a.1.1).cmp(&count(b.1.1)).then(b.0.cmp(&a.0)))
    else {
        return String::new();
    };
    let (line, piece) = pieces[best];
    let mut out = piece.trim().trim_start_matches(['-', '*', ' ']).to_string();
    // A short sentence goes on with the next one of the same paragraph.
    if out.chars().count() < 160
        && let Some((next_line, next)) = pieces.get(best + 1)
        && *next_line == line
    {
        out.push(' ');
        out.push_str(next.trim());
    }
    if out.chars().count() > 400 {
        let cut: String = out.chars().take(400).collect();
        let end = cut.rfind(' ').unwrap_or(cut.len());
        out = format!("{}…", &cut[..end]);
    }
    out.replace("**", "")
}

/// Words that only join the items of a list: sides separated by nothing
/// else are listed ("Kafka or RabbitMQ", "such as Java and Python"), not
/// compared.
const LIST_GLUE: &[&str] = &[
    "and",
    "or",
    "such",
    "as",
    "like",
    "including",
    "eg",
    "e",
    "g",
    "ie",
    "plus",
    "both",
    "either",
    "the",
    "a",
    "an",
    "vs",
    "versus",
    "nor",
    "etc",
];

/// Head nouns a two-word side may drop in prose: "unit tests" are "unit"
/// tests, "batch jobs" run "in batches".
const GENERIC_HEADS: &[&str] = &[
    "test",
    "job",
    "processing",
    "programming",
    "development",
    "developer",
    "engineer",
    "database",
    "language",
    "framework",
    "app",
    "application",
    "api",
    "service",
    "architecture",
    "system",
    "tool",
    "server",
    "code",
    "deploy",
    "deployment",
    "release",
    "strategy",
    "pattern",
    "approach",
    "model",
    "style",
    "method",
    "technique",
    "library",
    "lib",
    "package",
    "platform",
    "engine",
    "option",
];

/// Longest sentence read as comparing the sides, in words.
const MAX_SENTENCE_WORDS: usize = 90;
/// Most other skills a sentence comparing the sides may name (examples:
/// "an ORM such as Hibernate or SQLAlchemy"); more is a survey.
const MAX_OTHER_SKILLS: usize = 4;

/// Words by which a sentence sets one thing against another.
const CONTRAST: &[&str] = &[
    "than",
    "whereas",
    "while",
    "unlike",
    "but",
    "however",
    "instead",
    "rather",
    "compared",
    "comparison",
    "versus",
    "differ",
    "differs",
    "different",
    "difference",
    "better",
    "worse",
    "faster",
    "slower",
    "easier",
    "harder",
    "simpler",
    "lighter",
    "heavier",
    "prefer",
    "alternative",
    "opposite",
    "contrast",
    "tradeoff",
    "trade",
];

/// The first sentence (or list item) of `text` that compares every side of
/// `comparison`: it names each of them, sets them against each other (a
/// contrast word: "than", "whereas", "unlike", "but"…), some words other
/// than list glue stand between each two ("Go compiles to one binary, while
/// Python needs an interpreter" — not "Java, Python or Go"), and it names
/// few other skills (a survey of languages is not a comparison of two).
pub(super) fn comparing_sentence(
    text: &str,
    comparison: &Comparison,
    tagger: &SkillTagger,
) -> Option<String> {
    comparing_sentence_naming(text, comparison, tagger, &[], Naming::WordsOrSkill)
}

/// Endings a product name is often typed without: "dynamo" for "DynamoDB",
/// "postgres" for "PostgreSQL", "node" for "Node.js".
const NAME_ENDINGS: &[&str] = &["db", "ql", "sql", "js", ".js"];

/// How a sentence may name a side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// By its words, or by any name of its catalog skill ("PostgreSQL" for
    /// "postgres"): right in a passage already about the question.
    WordsOrSkill,
    /// By its words only, the last one perhaps without a product ending
    /// ("dynamo" in "DynamoDB", "postgres" in "PostgreSQL"): in passages found by the sides' words alone, where
    /// another name of the same skill is often another thing ("Grafana"
    /// is no mention of "structured logging").
    Words,
}

/// [`comparing_sentence`], where `names[i]` are other names side `i` may go
/// by in `text` (the comparison page's names for it: "degree" for "cs
/// degree", "polling" for "long polling").
pub(super) fn comparing_sentence_naming(
    text: &str,
    comparison: &Comparison,
    tagger: &SkillTagger,
    names: &[Vec<String>],
    naming: Naming,
) -> Option<String> {
    // Whether `form` is named at `words[i..]`.
    let named_at = |words: &[String], i: usize, form: &[String]| {
        let Some((last, first)) = form.split_last() else {
            return false;
        };
        let n = form.len();
        words.len() >= i + n
            && words[i..i + n - 1] == *first
            && (words[i + n - 1] == *last
                || (naming == Naming::Words
                    && words[i + n - 1]
                        .strip_prefix(last.as_str())
                        .is_some_and(|rest| NAME_ENDINGS.contains(&rest))))
    };
    let singular_words = |text: &str| -> Vec<String> {
        crate::text::words(text)
            .into_iter()
            .map(|(w, _)| singular(&w))
            .collect()
    };
    // Each side's words, and for "<modifier> <generic head>" also the
    // modifier alone.
    let side_words: Vec<Vec<Vec<String>>> = comparison
        .sides
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut forms = Vec::new();
            for name in std::iter::once(&s.term).chain(names.get(i).into_iter().flatten()) {
                let words = singular_words(name);
                if words.len() == 2 && GENERIC_HEADS.contains(&words[1].as_str()) {
                    forms.push(vec![words[0].clone()]);
                }
                forms.push(words);
            }
            forms
        })
        .collect();
    // Named by words only, a side can be named only where the start of
    // one of its forms occurs: pieces of text lacking that for any side
    // need not be read word by word (the costly part, over many passages).
    // The text is compared as the tokenizer spells tech names ("C#" is
    // "csharp", "Node.js" "nodejs"); four letters allow plurals and
    // product endings ("retries", "DynamoDB").
    let starts: Vec<Vec<String>> = side_words
        .iter()
        .map(|forms| {
            forms
                .iter()
                .filter_map(|form| form.first())
                .map(|w| w.chars().take(4).collect())
                .collect()
        })
        .collect();
    let may_name_all = |piece: &str| {
        if naming != Naming::Words {
            return true;
        }
        let spelled = piece
            .to_lowercase()
            .replace("asp.net", "aspnet")
            .replace(".net", "dotnet")
            .replace('#', "sharp")
            .replace('+', "plus")
            .replace(['.', '/'], "");
        starts
            .iter()
            .all(|side| side.iter().any(|s| spelled.contains(s.as_str())))
    };
    if !may_name_all(text) {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    for line in text.lines() {
        // Sentences, also inside list items ("- **Speed.** Unit tests …").
        let item = line.trim_start().trim_start_matches(['-', '*', ' ']);
        for piece in split_sentences(item) {
            if !may_name_all(piece) {
                continue;
            }
            let words = singular_words(piece);
            if words.len() > MAX_SENTENCE_WORDS || !words.iter().any(|w| is_contrast(w)) {
                continue;
            }
            // The skills the sentence names, read only when needed (the
            // tagger is the costly part, and most sentences name no side).
            let tagged = std::cell::OnceCell::new();
            let spans = || tagged.get_or_init(|| tagger.question_spans(piece));
            // Where each side is named: its words, or its skill.
            let mut at: Vec<Vec<usize>> = Vec::with_capacity(comparison.sides.len());
            for (side, sw) in comparison.sides.iter().zip(&side_words) {
                let mut found: Vec<usize> = (0..words.len())
                    .filter(|&i| sw.iter().any(|form| named_at(&words, i, form)))
                    .collect();
                if let Some(id) = &side.skill
                    && !comparison.same_skill()
                    && naming == Naming::WordsOrSkill
                {
                    // By a name of the skill, not by a generic word
                    // its aliases include ("API" is no mention of REST).
                    found.extend(
                        spans()
                            .iter()
                            .filter(|s| {
                                s.2 == id
                                    && !(s.1 == 1
                                        && words
                                            .get(s.0)
                                            .is_some_and(|w| GENERIC_HEADS.contains(&w.as_str())))
                            })
                            .map(|s| s.0),
                    );
                }
                if found.is_empty() {
                    break;
                }
                at.push(found);
            }
            if at.len() < comparison.sides.len() {
                continue;
            }
            let mut others: Vec<&str> = spans()
                .iter()
                .map(|s| s.2)
                .filter(|id| {
                    !comparison
                        .sides
                        .iter()
                        .any(|side| side.skill.as_deref() == Some(*id))
                })
                .collect();
            others.sort_unstable();
            others.dedup();
            // Many other skills make a list ("Django, Flask or FastAPI"),
            // unless a contrast word stands between two sides ("…in HCL,
            // while Pulumi uses TypeScript, Python, Go, C# or Java").
            let contrast_between = (0..at.len()).any(|i| {
                (i + 1..at.len()).any(|j| {
                    at[i].iter().any(|&a| {
                        at[j].iter().any(|&b| {
                            let (from, to) = (a.min(b), a.max(b));
                            (from + 1..to).any(|k| is_contrast(&words[k]))
                        })
                    })
                })
            });
            if others.len() > MAX_OTHER_SKILLS && !contrast_between {
                continue;
            }
            let apart = |a: usize, b: usize| {
                let (from, to) = (a.min(b), a.max(b));
                (from + 1..to)
                    .filter(|&i| !LIST_GLUE.contains(&words[i].as_str()))
                    .count()
                    >= 2
            };
            let compares = (0..at.len()).all(|i| {
                (i + 1..at.len()).all(|j| at[i].iter().any(|&a| at[j].iter().any(|&b| apart(a, b))))
            });
            // Of the sentences that compare, the shortest says it best
            // ("In short: X …, whereas Y …" over a long list of all sides).
            if compares && best.as_ref().is_none_or(|(n, _)| words.len() < *n) {
                best = Some((words.len(), piece));
            }
        }
    }
    best.map(|(_, piece)| {
        piece
            .trim()
            .trim_start_matches(['-', '*', ' '])
            .replace("**", "")
    })
}

/// Sentences of one line: split after `.`, `!` or `?` followed by a space
/// and a capital letter (so "e.g. this" and "Node.js" stay whole).
/// Whether a (singular-reduced) word is a contrast word: "whereas" reads
/// as "wherea" once its "s" is taken for a plural.
fn is_contrast(word: &str) -> bool {
    CONTRAST.iter().any(|c| *c == word || singular(c) == word)
}

fn split_sentences(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if matches!(c, '.' | '!' | '?')
            && bytes.get(i + 1) == Some(&b' ')
            && line[i + 2..].chars().next().is_some_and(char::is_uppercase)
        {
            out.push(&line[start..=i]);
            start = i + 2;
        }
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}
