//! Recognising comparison and choice questions: "X vs Y", "X or Y",
//! "difference between X and Y", "X compared to Y", "should I learn X or
//! Y", "is X better than Y", "X, Y or Z".
//!
//! Why it works this way: a question is read as words with their places.
//! Each shape is found from its connecting words ("vs", "between … and",
//! "compare … with", "compared to", "different from", "better than",
//! "over", "or"), and each side is the run of content words next to the
//! connector. A side stops at words that cannot be part of a name (articles,
//! pronouns, question and helper words, prepositions), except where a longer
//! skill name runs over one ("Ruby on Rails"). Sides are then resolved to
//! catalog skills through the tagger's names and aliases (`k8s`, `postgres`,
//! `c#`) or kept as plain terms (`merge`, `rebase`).
//!
//! "vs", "difference between" and the like are strong signals: one side the
//! material knows is enough, and an unknown side is reported as such ("I have
//! material on Kafka but not on Pulsar"). "or" is weak: "should I stay or
//! should I go" and "rock or roll" are not comparisons. It counts only when
//! the question is nothing but the choice (an optional cue such as "should I
//! learn" or "which is better", the sides, then at most "first" or "for …")
//! and every side is known; two plain terms must also be the sides of one of
//! the material's comparison pages.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use crate::builder::Fields;
use crate::text::terms;
use crate::{Answer, Error, Extract, Index, Passage, SkillTagger, lang};

/// Longer questions are not read as comparisons (they are not one).
const MAX_QUESTION_BYTES: usize = 300;
/// Most words one side may have ("amazon web services", "ruby on rails").
const MAX_SIDE_WORDS: usize = 4;
/// Most sides a comparison may have.
const MAX_SIDES: usize = 5;

/// One side of a comparison question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    /// The words the question uses for it, as written ("k8s", "merge").
    pub term: String,
    /// The catalog skill those words name, if any.
    pub skill: Option<String>,
    /// Whether the material knows it: a catalog skill, or words the indexed
    /// material uses.
    pub known: bool,
}

/// A comparison or choice question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// Two or more sides, in the order the question names them.
    pub sides: Vec<Side>,
    /// The question asks what to learn (first): the learning order applies.
    pub which_first: bool,
    /// The question asks which to choose ("X or Y?", "is X better than Y",
    /// "should I use X or Y") rather than how they differ.
    pub choice: bool,
    /// What the choice is for, when the question says ("microservices" in
    /// "python or go for microservices").
    pub context: Option<String>,
    /// The sides as typed, when the last side's head noun was lent to the
    /// others ("unit vs integration tests" → "unit tests"): tried when the
    /// lent form finds no comparison page ("rag vs fine tuning").
    pub as_typed: Option<Vec<String>>,
}

impl Comparison {
    /// Whether two sides name the same catalog skill ("kafka vs rabbitmq"
    /// are both message queues): the catalog cannot tell them apart.
    pub fn same_skill(&self) -> bool {
        let skills: Vec<&str> = self
            .sides
            .iter()
            .filter_map(|s| s.skill.as_deref())
            .collect();
        skills
            .iter()
            .enumerate()
            .any(|(i, a)| skills[i + 1..].contains(a))
    }
}

/// What the recogniser needs to know about the indexed material.
pub(crate) trait Vocabulary {
    /// Whether the material uses every content word of `phrase`.
    fn knows(&self, phrase: &str) -> bool;
    /// Whether the material compares the two phrases (the real index: a
    /// comparison page has both as sides).
    fn together(&self, a: &str, b: &str) -> bool;
    /// Whether one comparison page has the two phrases, exactly, among
    /// its sides' names.
    fn page_sides(&self, a: &str, b: &str) -> bool;
}

/// Words that cannot be part of a side's name: they end a side.
static BOUNDARY: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| BOUNDARY_WORDS.split_whitespace().collect());

/// Articles, pronouns, helper and question words, prepositions and
/// conjunctions, comparison and choice words, fillers.
const BOUNDARY_WORDS: &str = "\
    a an the this that these those my our your their its his her some any each every another \
    other i we you he she it they me us him them one someone anyone i'm i've it's there here \
    something anything is are was were be been being am do does did doing have has had \
    should would could can will shall may might must need needs don't doesn't isn't what \
    what's whats which who when where why how how's whether of to in on at by for with from \
    about between into over under than then and or but nor vs versus v as if so because \
    since while either neither both instead rather against like via per better best worse \
    worst difference differences diff different differ differs compare compared comparing \
    comparison choose choosing chose pick picking prefer preferred learn use used start \
    begin study recommend suggest decide deciding torn makes make mean means tell explain \
    think want know opposed pros cons tradeoffs trade-offs tradeoff trade-off worth go-to \
    yes no not now first today nowadays really just also more less much many very too still \
    even already actually please pls thanks hey hi ok okay guys all way far lot generally \
    usually always ever never again same arent isnt dont doesnt didnt cant wont wouldnt \
    shouldnt hows whos im ive id youre theyre thats theres basically exactly essentially \
    literally kinda sorta";

/// Words a longer skill name may run over ("Ruby on Rails").
const EXTENDABLE: &[&str] = &["on", "of", "as", "and", "in", "to", "for", "the"];

/// Words that may follow the last side: what the choice is for, when.
const TAIL_WORDS: &[&str] = &[
    "for", "in", "on", "with", "at", "as", "when", "if", "first", "which", "what", "nowadays",
    "today", "now", "then", "to", "where", "between",
];

/// Two-word names that are one word ("full stack" is not "full" + "stack").
/// Their first word may be one that otherwise ends a side ("local in
/// memory cache", "on prem", "plain text logs").
const COMPOUNDS: &[&str] = &[
    "full stack",
    "front end",
    "back end",
    "real time",
    "in memory",
    "in process",
    "on prem",
    "on premise",
    "on premises",
    "plain text",
];

/// Leading words dropped from a side ("learning Java", "using the cloud").
const LEADING: &[&str] = &[
    "learning", "using", "plain", "write", "writing", "doing", "try", "trying", "going", "just",
    "simply",
];

/// Words saying "instead of" before a side ("why pick X over Y").
const CHOICE_VERBS: &str = "\
    use using choose choosing pick picking prefer preferring learn learning select recommend \
    adopt with";

/// Comparative words before "than".
const COMPARATIVES: &str = "\
    better worse faster slower easier harder simpler safer cheaper stronger weaker newer \
    older bigger smaller lighter heavier quicker nicer cleaner preferable superior inferior";

/// Words ending in "-er" that are not comparatives.
const NOT_COMPARATIVES: &str = "\
    other rather either neither whether never over under after ever however developer server \
    container docker user layer order number answer paper career later computer engineer \
    manager";

/// A word of the question: lowercase text and byte range.
#[derive(Debug, Clone, Copy)]
struct Word<'q> {
    text: &'q str,
    start: usize,
    end: usize,
}

/// Sides found by one shape: word ranges, where the tail begins, whether
/// the shape is a strong signal and whether it asks to choose.
struct Found {
    sides: Vec<(usize, usize)>,
    tail: usize,
    strong: bool,
    /// The shape asks to choose ("X or Y", "better than", "over").
    choice: bool,
    /// The sides are those of a comparison page: known, whatever they are.
    on_page: bool,
}

struct Reader<'q> {
    /// The question as written.
    question: &'q str,
    words: Vec<Word<'q>>,
    tagger: &'q SkillTagger,
}

/// Recognises a comparison or choice question, or `None` for any other
/// question (which then goes to the normal search).
pub(crate) fn recognise(
    question: &str,
    tagger: &SkillTagger,
    vocabulary: &dyn Vocabulary,
) -> Option<Comparison> {
    let question = question.trim();
    if question.len() > MAX_QUESTION_BYTES {
        return None;
    }
    let lower = question.to_ascii_lowercase();
    let reader = Reader {
        question,
        words: words(&lower),
        tagger,
    };
    let found = reader
        .page_sides(vocabulary)
        .or_else(|| reader.versus())
        .or_else(|| reader.between())
        .or_else(|| reader.compare_verb())
        .or_else(|| reader.compared_to())
        .or_else(|| reader.than())
        .or_else(|| reader.over())
        .or_else(|| reader.same_as())
        .or_else(|| reader.when_and_when())
        .or_else(|| reader.or())
        .or_else(|| reader.and_then_ask())?;
    reader.resolve(found, vocabulary)
}

/// Words (names keep `#`, `+`, inner dots, slashes and dashes: `c#`,
/// `node.js`, `ci/cd`, `non-relational`) and single punctuation marks.
fn words(lower: &str) -> Vec<Word<'_>> {
    static WORD: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"[\p{L}\p{N}_#+]+(?:[./'’&-][\p{L}\p{N}_#+]+)*|\.\p{L}[\p{L}\p{N}]*|[,;:?!()/&\-–—]",
        )
        .expect("valid regex")
    });
    WORD.find_iter(lower)
        .map(|m| Word {
            text: m.as_str(),
            start: m.start(),
            end: m.end(),
        })
        .collect()
}

/// Whether `word` is one of the whitespace-separated `words`.
fn has_word(words: &str, word: &str) -> bool {
    words.split_whitespace().any(|w| w == word)
}

fn is_punctuation(word: &str) -> bool {
    let mut chars = word.chars();
    chars
        .next()
        .is_some_and(|c| !c.is_alphanumeric() && c != '.' && chars.next().is_none())
}

/// "Go", "Rest", "Node": a side is a name, so the tagger's rule that common
/// English words only name a skill with a capital does not apply.
fn title_case(phrase: &str) -> String {
    phrase
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Skills a side's words name. A negated name ("non-relational databases")
/// names none.
fn skills_of(tagger: &SkillTagger, phrase: &str) -> Vec<String> {
    let negated = phrase
        .split_whitespace()
        .any(|w| w.eq_ignore_ascii_case("non") || w.to_ascii_lowercase().starts_with("non-"));
    if negated {
        return Vec::new();
    }
    tagger.skills_in(&title_case(phrase))
}

impl Reader<'_> {
    fn len(&self) -> usize {
        self.words.len()
    }

    fn word(&self, i: usize) -> &str {
        self.words.get(i).map_or("", |w| w.text)
    }

    fn is_content(&self, i: usize) -> bool {
        let w = self.word(i);
        !w.is_empty() && !is_punctuation(w) && (!BOUNDARY.contains(w) || self.opens_compound(i))
    }

    /// Whether words `i` and `i + 1` are a two-word name ("in memory").
    fn opens_compound(&self, i: usize) -> bool {
        let pair = format!("{} {}", self.word(i), self.word(i + 1));
        COMPOUNDS.contains(&pair.as_str())
    }

    /// The question's text for words `[from, to)`, as written.
    fn text(&self, (from, to): (usize, usize)) -> &str {
        &self.question[self.words[from].start..self.words[to - 1].end]
    }

    fn position(&self, from: usize, f: impl Fn(&str) -> bool) -> Option<usize> {
        (from..self.len()).find(|&i| f(self.word(i)))
    }

    /// Whether `longer` is one skill's name that runs over a boundary word
    /// after `head`, which names another skill ("Ruby" → "Ruby on Rails").
    fn names_longer_skill(&self, head: (usize, usize), longer: (usize, usize)) -> bool {
        let long = skills_of(self.tagger, self.text(longer));
        let short = skills_of(self.tagger, self.text(head));
        long.len() == 1 && !short.is_empty() && !short.contains(&long[0])
    }

    /// The side that starts at word `start` (leading articles skipped).
    fn forward(&self, start: usize) -> Option<(usize, usize)> {
        let mut from = start;
        while matches!(self.word(from), "a" | "an" | "the")
            || (LEADING.contains(&self.word(from)) && !self.opens_compound(from))
        {
            from += 1;
        }
        let mut to = from;
        loop {
            while self.is_content(to) {
                to += 1;
            }
            if to > from && EXTENDABLE.contains(&self.word(to)) && self.is_content(to + 1) {
                let longer = [to + 3, to + 2]
                    .into_iter()
                    .filter(|&end| end <= self.len() && (to + 1..end).all(|i| self.is_content(i)))
                    .find(|&end| self.names_longer_skill((from, to), (from, end)));
                if let Some(end) = longer {
                    to = end;
                    continue;
                }
            }
            break;
        }
        (to > from).then_some((from, to))
    }

    /// The side that ends before word `end`.
    fn back(&self, end: usize) -> Option<(usize, usize)> {
        let mut from = end;
        loop {
            while from > 0 && self.is_content(from - 1) {
                from -= 1;
            }
            if from < end
                && from >= 2
                && EXTENDABLE.contains(&self.word(from - 1))
                && self.is_content(from - 2)
            {
                let longer = [from.saturating_sub(3), from - 2]
                    .into_iter()
                    .filter(|&start| {
                        start < from - 1 && (start..from - 1).all(|i| self.is_content(i))
                    })
                    .find(|&start| self.names_longer_skill((start, from - 1), (start, end)));
                if let Some(start) = longer {
                    from = start;
                    continue;
                }
            }
            break;
        }
        // The words closest to the connector are the side.
        let skipped = (from..end).filter(|&i| self.is_content(i)).count();
        if skipped > MAX_SIDE_WORDS + 2 {
            from = end - MAX_SIDE_WORDS;
        }
        while from < end && LEADING.contains(&self.word(from)) && !self.opens_compound(from) {
            from += 1;
        }
        (from < end).then_some((from, end))
    }

    /// Sides from word `start` on, separated by any of `separators` (", or"
    /// counts as one). Returns the sides and the index after the last.
    fn list_forward(&self, start: usize, separators: &[&str]) -> (Vec<(usize, usize)>, usize) {
        let mut sides = Vec::new();
        let mut i = start;
        while let Some(side) = self.forward(i) {
            sides.push(side);
            i = side.1;
            if !separators.contains(&self.word(i)) {
                break;
            }
            let mut next = i + 1;
            if self.word(i) == "," && matches!(self.word(next), "or" | "and") {
                next += 1;
            }
            let Some(after) = self.forward(next) else {
                break;
            };
            // After a comma, a side must end the list ("a, b or c"), not
            // open a clause ("oauth vs jwt, arent they the same").
            if self.word(i) == ","
                && !matches!(self.word(next - 1), "or" | "and")
                && after.1 < self.len()
                && !is_punctuation(self.word(after.1))
                && !separators.contains(&self.word(after.1))
                && !TAIL_WORDS.contains(&self.word(after.1))
            {
                break;
            }
            i = next;
        }
        (sides, i)
    }

    /// Sides ending before word `end`, with earlier ones joined by commas
    /// ("java, python" before "or go").
    fn list_back(&self, end: usize) -> Option<Vec<(usize, usize)>> {
        let mut end = end;
        if self.word(end.wrapping_sub(1)) == "," {
            end -= 1;
        }
        let mut sides = vec![self.back(end)?];
        while let Some(&(from, _)) = sides.first() {
            if from == 0 || self.word(from - 1) != "," {
                break;
            }
            match self.back(from - 1) {
                Some(side) => sides.insert(0, side),
                None => break,
            }
        }
        Some(sides)
    }

    /// Sides that are words which usually cannot be names ("where vs
    /// having", "union vs union all", "difference between where and
    /// having", "a record vs aaaa record"): read as sides only when a
    /// comparison page has exactly them, the longest such reading.
    fn page_sides(&self, vocabulary: &dyn Vocabulary) -> Option<Found> {
        const LONGEST: usize = 3;
        for k in 1..self.len() {
            let connector = self.word(k);
            if !matches!(connector, "vs" | "versus" | "v/s" | "or" | "and") {
                continue;
            }
            // Around "vs", a side may hold "and" or "or" ("squash and merge
            // vs rebase and merge"); around "or" and "and", not.
            let versus = !matches!(connector, "or" | "and");
            let run_ok = |(from, to): (usize, usize)| {
                (from..to).all(|i| {
                    let w = self.word(i);
                    !w.is_empty()
                        && !is_punctuation(w)
                        && !matches!(w, "vs" | "versus" | "v/s")
                        && (versus || !matches!(w, "or" | "and"))
                })
            };
            let mut longest: Option<((usize, usize), (usize, usize))> = None;
            for n in 1..=LONGEST.min(k) {
                let left = (k - n, k);
                if !run_ok(left) {
                    break;
                }
                // "and" joins sides only after "between".
                if connector == "and" && (k - n == 0 || self.word(k - n - 1) != "between") {
                    continue;
                }
                for m in 1..=LONGEST {
                    let right = (k + 1, k + 1 + m);
                    if right.1 > self.len() || !run_ok(right) {
                        break;
                    }
                    let boundary = (left.0..left.1)
                        .chain(right.0..right.1)
                        .any(|i| BOUNDARY.contains(self.word(i)));
                    let longer = longest.is_none_or(|(l, r)| n + m > l.1 - l.0 + r.1 - r.0);
                    if boundary
                        && longer
                        && vocabulary.page_sides(self.text(left), self.text(right))
                    {
                        longest = Some((left, right));
                    }
                }
            }
            if let Some((left, right)) = longest {
                return Some(Found {
                    sides: vec![left, right],
                    tail: right.1,
                    strong: true,
                    choice: connector == "or",
                    on_page: true,
                });
            }
        }
        None
    }

    /// "X vs Y", "X versus Y vs Z".
    fn versus(&self) -> Option<Found> {
        let k = self.position(0, |w| matches!(w, "vs" | "versus" | "v/s"))?;
        let first = self.back(k)?;
        let (mut rest, tail) = self.list_forward(k + 1, &["vs", "versus", "v/s", ",", "or"]);
        if rest.is_empty() {
            return None;
        }
        rest.insert(0, first);
        Some(Found {
            sides: rest,
            tail,
            strong: true,
            choice: false,
            on_page: false,
        })
    }

    /// "difference between X and Y", "choose between X, Y and Z".
    fn between(&self) -> Option<Found> {
        const CUES: &[&str] = &[
            "difference",
            "differences",
            "diff",
            "diffs",
            "distinction",
            "choose",
            "choosing",
            "decide",
            "deciding",
            "pick",
            "picking",
            "torn",
            "comparison",
            "compare",
            "comparing",
            "tradeoff",
            "tradeoffs",
            "trade-off",
            "trade-offs",
            "differ",
            "differs",
        ];
        let mut from = 0;
        while let Some(b) = self.position(from, |w| matches!(w, "between" | "b/w" | "betwen")) {
            from = b + 1;
            if !(b.saturating_sub(4)..b).any(|i| CUES.contains(&self.word(i))) {
                continue;
            }
            let (sides, tail) = self.list_forward(b + 1, &["and", "&", ",", "or", "vs", "versus"]);
            if sides.len() >= 2 {
                return Some(Found {
                    sides,
                    tail,
                    strong: true,
                    choice: false,
                    on_page: false,
                });
            }
        }
        None
    }

    /// "compare X and Y", "comparing X with Y".
    fn compare_verb(&self) -> Option<Found> {
        let c = self.position(0, |w| matches!(w, "compare" | "comparing" | "contrast"))?;
        let (sides, tail) = self.list_forward(
            c + 1,
            &["and", "with", "to", "vs", "versus", "against", ",", "&"],
        );
        (sides.len() >= 2).then_some(Found {
            sides,
            tail,
            strong: true,
            choice: false,
            on_page: false,
        })
    }

    /// "X compared to Y", "X as opposed to Y", "how is X different from Y",
    /// "how does X differ from Y".
    fn compared_to(&self) -> Option<Found> {
        let mut from = 0;
        while let Some(c) = self.position(from, |w| {
            matches!(
                w,
                "compared"
                    | "compare"
                    | "compares"
                    | "comparison"
                    | "opposed"
                    | "contrasted"
                    | "differ"
                    | "differs"
                    | "different"
                    | "differently"
            )
        }) {
            from = c + 1;
            if !matches!(
                self.word(c + 1),
                "to" | "with" | "against" | "from" | "than"
            ) {
                continue;
            }
            let end = if matches!(self.word(c.wrapping_sub(1)), "as" | "in" | "when") {
                c - 1
            } else {
                c
            };
            let Some(first) = (end > 0).then(|| self.back(end)).flatten() else {
                continue;
            };
            let (mut rest, tail) = self.list_forward(c + 2, &[",", "and", "or", "vs"]);
            if rest.is_empty() {
                continue;
            }
            rest.insert(0, first);
            return Some(Found {
                sides: rest,
                tail,
                strong: true,
                choice: false,
                on_page: false,
            });
        }
        None
    }

    /// "is X better than Y", "X more scalable than Y".
    fn than(&self) -> Option<Found> {
        let mut from = 0;
        while let Some(t) = self.position(from, |w| w == "than") {
            from = t + 1;
            if t == 0 {
                continue;
            }
            let before = self.word(t - 1);
            let mut start = if has_word(COMPARATIVES, before)
                || (before.len() >= 5
                    && before.ends_with("er")
                    && !has_word(NOT_COMPARATIVES, before)
                    && before.chars().all(char::is_alphabetic))
            {
                t - 1
            } else if t >= 2
                && matches!(self.word(t - 2), "more" | "less")
                && self.is_content(t - 1)
            {
                t - 2
            } else {
                continue;
            };
            while start > 0
                && matches!(
                    self.word(start - 1),
                    "much"
                        | "way"
                        | "far"
                        | "really"
                        | "actually"
                        | "any"
                        | "generally"
                        | "lot"
                        | "a"
                        | "even"
                        | "always"
                        | "still"
                )
            {
                start -= 1;
            }
            let Some(first) = self.back(start) else {
                continue;
            };
            let (mut rest, tail) = self.list_forward(t + 1, &[",", "or", "and"]);
            if rest.is_empty() {
                continue;
            }
            rest.insert(0, first);
            return Some(Found {
                sides: rest,
                tail,
                strong: true,
                choice: true,
                on_page: false,
            });
        }
        None
    }

    /// "why use X over Y", "pick X instead of Y", "X rather than Y",
    /// "learn X before Y".
    fn over(&self) -> Option<Found> {
        let mut from = 0;
        while let Some(o) = self.position(from, |w| {
            matches!(w, "over" | "instead" | "rather" | "before" | "after")
        }) {
            from = o + 1;
            let after = match (self.word(o), self.word(o + 1)) {
                ("over" | "before" | "after", _) => o + 1,
                ("instead", "of") => o + 2,
                ("rather", "than") => o + 2,
                _ => continue,
            };
            let Some(first) = self.back(o) else {
                continue;
            };
            // "pick X over Y"; or, weaker, a question that is only the
            // choice: "postgres over mongo for an inventory app?".
            let verb = first.0 > 0 && has_word(CHOICE_VERBS, self.word(first.0 - 1));
            let bare = first.0 == 0 && self.word(o) == "over";
            if !verb && !bare {
                continue;
            }
            let (mut rest, tail) = self.list_forward(after, &[",", "or", "and"]);
            if rest.is_empty() {
                continue;
            }
            if !verb
                && tail < self.len()
                && !is_punctuation(self.word(tail))
                && !TAIL_WORDS.contains(&self.word(tail))
            {
                continue;
            }
            rest.insert(0, first);
            return Some(Found {
                sides: rest,
                tail,
                strong: verb,
                choice: true,
                on_page: false,
            });
        }
        None
    }

    /// "is X the same as Y", "X same thing as Y?". Weak: "is the salary
    /// the same as last year" is no comparison of skills.
    fn same_as(&self) -> Option<Found> {
        let mut from = 0;
        while let Some(s) = self.position(from, |w| w == "same") {
            from = s + 1;
            let after = match (self.word(s + 1), self.word(s + 2)) {
                ("as", _) => s + 2,
                ("thing" | "things", "as") => s + 3,
                _ => continue,
            };
            let mut end = s;
            while end > 0
                && matches!(
                    self.word(end - 1),
                    "the" | "just" | "basically" | "really" | "exactly" | "actually"
                )
            {
                end -= 1;
            }
            let Some(first) = (end > 0).then(|| self.back(end)).flatten() else {
                continue;
            };
            let (mut rest, tail) = self.list_forward(after, &[",", "or", "and"]);
            if rest.is_empty() {
                continue;
            }
            rest.insert(0, first);
            return Some(Found {
                sides: rest,
                tail,
                strong: false,
                choice: false,
                on_page: false,
            });
        }
        None
    }

    /// "when to use X and when Y", "when should I use X and when Y".
    fn when_and_when(&self) -> Option<Found> {
        let k = self.position(0, |w| w == "and")?;
        if self.word(k + 1) != "when" {
            return None;
        }
        let first = self.back(k)?;
        if first.0 == 0 || !has_word(CHOICE_VERBS, self.word(first.0 - 1)) {
            return None;
        }
        let mut j = k + 2;
        while j < self.len() && !self.is_content(j) && !is_punctuation(self.word(j)) {
            j += 1;
        }
        let second = self.forward(j)?;
        Some(Found {
            sides: vec![first, second],
            tail: second.1,
            strong: true,
            choice: true,
            on_page: false,
        })
    }

    /// "should I learn X or Y (first)?", "which is better, X or Y?", "X, Y
    /// or Z?", "X or Y for microservices?".
    fn or(&self) -> Option<Found> {
        static CUE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(concat!(
                r"^(?:(?:so|ok|okay|hey|hi|hello|guys|quick question|question|honest question)[\s,:]+)*",
                r"(?:",
                r"(?:should|shall|would|could|can|do|must|will)\s+(?:i|we|you|one|a\s+beginner|beginners|a\s+junior|juniors|new\s+devs?)\s+",
                r"(?:\w+\s+)?",
                r"(?:learn|use|pick|choose|go\s+with|go\s+for|start\s+with|begin\s+with|study|focus\s+on|master|try|get\s+into|invest\s+in|prefer|adopt|switch\s+to|move\s+to|migrate\s+to|take|bother\s+with|need|need\s+to\s+learn|need\s+to\s+know|spend\s+time\s+on|build\s+\w+\s+(?:in|with)|write\s+\w+\s+in|specialize\s+in|specialise\s+in|become\s+an?)",
                r"(?:\s+first)?",
                r"|which\b.*?(?:[,:]|\b(?:better|best|one|first|learn|use|pick|choose|prefer|recommend|easier|harder|faster|simpler|go\s+with|start\s+with))",
                r"|what\b.*\b(?:better|recommend|suggest|learn|use|pick|choose|first)\b.*",
                r"|is\s+it\s+(?:better|wiser|smarter|easier|best|worth\s+it)\s+to\s+\w+(?:\s+with)?",
                r"|better\s+to\s+\w+(?:\s+with)?",
                r"|(?:learn|use|pick|choose|recommend|prefer)(?:\s+one)?",
                r"|(?:i(?:'m|\s+am)\s+)?(?:torn|deciding|choosing|stuck)\s+between",
                r"|any\s+(?:advice|thoughts|tips)(?:\s+on)?",
                r")(?:\s+(?:either|a|an|the))?\s*[:,]?$"
            ))
            .expect("valid regex")
        });
        static TAIL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(concat!(
                r"^(?:first(?:\s+(?:for|in|on|as|if|when|to|at)\b.*)?|to\s+(?:start|begin)(?:\s+with)?|to\s+learn(?:\s+first)?|to\s+use|to\s+pick",
                r"|nowadays|today|these\s+days|now|in\s+\d{4}|(?:for|in|on|with|at|as|when|if|between)\b.*",
                r"|where\s+(?:do|should|would|can)\s+(?:i|we|you)\s+(?:start|begin)\b.*",
                r"|which\b.*|what\b.*|(?:is\s+)?better\b.*|best\b.*|easier\b.*|harder\b.*|faster\b.*|more\b.*)$"
            ))
            .expect("valid regex")
        });
        static COMPARATIVE_TAIL: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:the\s+)?(?:better|best|easier|harder|faster|slower|more|less|preferable|preferred|superior|simpler|worth)\b")
                .expect("valid regex")
        });
        let k = self.position(1, |w| w == "or")?;
        let mut sides = self.list_back(k)?;
        let (rest, tail) = self.list_forward(k + 1, &["or", ","]);
        if rest.is_empty() {
            return None;
        }
        sides.extend(rest);
        let prefix = self.question[..self.words[sides[0].0].start]
            .trim()
            .to_ascii_lowercase();
        let prefix = prefix.strip_prefix("either").unwrap_or(&prefix).trim();
        let tail_text = self
            .words
            .get(tail)
            .map_or("", |w| &self.question[w.start..])
            .trim_start_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c))
            .trim_end_matches(|c: char| c.is_whitespace() || "?!.".contains(c))
            .to_ascii_lowercase();
        if !tail_text.is_empty() && !TAIL.is_match(&tail_text) {
            return None;
        }
        let tail_cue = tail_text.starts_with("first")
            || tail_text.starts_with("where")
            || tail_text.starts_with("which")
            || tail_text.starts_with("what")
            || COMPARATIVE_TAIL.is_match(&tail_text);
        let strong = if prefix.is_empty() {
            tail_cue
        } else if CUE.is_match(prefix)
            || (matches!(prefix, "is" | "are" | "was" | "would" | "will")
                && COMPARATIVE_TAIL.is_match(&tail_text))
        {
            true
        } else {
            return None;
        };
        Some(Found {
            sides,
            tail,
            strong,
            choice: true,
            on_page: false,
        })
    }

    /// "X and Y: what's the difference?", "X and Y, which first?", "how do
    /// X and Y differ?".
    fn and_then_ask(&self) -> Option<Found> {
        static ASK: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(concat!(
                r"^(?:what(?:'s|s|’s|\s+is|\s+are)\s+(?:the\s+)?(?:main\s+|key\s+|real\s+|actual\s+)?differences?",
                r"|(?:the\s+)?(?:main\s+|key\s+)?differences?|diff",
                r"|how\s+(?:do\s+they|are\s+they|they)\s+differ(?:ent)?",
                r"|which\b.*\b(?:better|best|first|learn|use|pick|choose|more|less|easier|harder|faster|slower|popular|preferred)\b.*",
                r"|(?:(?:really|basically|just|actually)\s+)?(?:the\s+)?same\b",
                r"|differ|differs|different|compare|compared|comparison|pros\s+and\s+cons)\b"
            ))
            .expect("valid regex")
        });
        let k = self.position(1, |w| matches!(w, "and" | "&"))?;
        let first = self.back(k)?;
        // "X and Y: …", or "how do X and Y differ".
        let opening = self.outside(&[(first.0, self.len())]);
        if !matches!(
            opening.as_str(),
            "" | "are"
                | "is"
                | "how do"
                | "how does"
                | "how are"
                | "in what way do"
                | "in what ways do"
                | "where do"
        ) {
            return None;
        }
        let (mut rest, tail) = self.list_forward(k + 1, &[",", "and", "&"]);
        if rest.is_empty() {
            return None;
        }
        let tail_text = self
            .words
            .get(tail)
            .map_or("", |w| &self.question[w.start..])
            .trim_start_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c))
            .to_ascii_lowercase();
        if !ASK.is_match(&tail_text) {
            return None;
        }
        rest.insert(0, first);
        Some(Found {
            sides: rest,
            tail,
            strong: true,
            choice: false,
            on_page: false,
        })
    }

    /// Checks the sides found and resolves them to skills or plain terms.
    fn resolve(&self, found: Found, vocabulary: &dyn Vocabulary) -> Option<Comparison> {
        if !(2..=MAX_SIDES).contains(&found.sides.len()) || self.asks_something_else(found.tail) {
            return None;
        }
        let count = |(from, to): (usize, usize)| {
            (from..to)
                .filter(|&i| !is_punctuation(self.word(i)))
                .count()
        };
        if found.sides.iter().any(|&s| count(s) > MAX_SIDE_WORDS) {
            return None;
        }
        let mut terms: Vec<String> = found
            .sides
            .iter()
            .map(|&s| self.text(s).to_string())
            .collect();
        // Numbers ("1 or 2", "2025 vs 2026") are no sides, unless a
        // comparison page has them as its sides ("401 vs 403").
        let numeric = |t: &String| {
            t.chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation())
        };
        if terms.iter().any(numeric) && !terms.windows(2).all(|p| vocabulary.together(&p[0], &p[1]))
        {
            return None;
        }
        let typed = terms.clone();
        if !found.on_page {
            self.share_head(&found, &mut terms);
        }
        let as_typed = (typed != terms).then_some(typed);
        let mut seen = HashSet::new();
        if !terms.iter().all(|t| seen.insert(t.to_lowercase())) {
            return None;
        }
        let sides: Vec<Side> = terms
            .into_iter()
            .map(|term| {
                // The side's first-named skill: "python django" is about Python.
                let skill = skills_of(self.tagger, &term).into_iter().next();
                let known = found.on_page || skill.is_some() || vocabulary.knows(&term);
                Side { term, skill, known }
            })
            .collect();
        if !sides.iter().any(|s| s.known) {
            return None;
        }
        if !found.strong {
            if !sides.iter().all(|s| s.known) {
                return None;
            }
            let plain = sides.iter().all(|s| s.skill.is_none());
            if plain
                && !sides
                    .windows(2)
                    .all(|p| vocabulary.together(&p[0].term, &p[1].term))
            {
                return None;
            }
        }
        Some(Comparison {
            sides,
            which_first: asks_which_first(&self.outside(&found.sides)),
            choice: found.choice || asks_to_choose(&self.outside(&found.sides)),
            context: self.context(found.tail),
            as_typed,
        })
    }

    /// Whether the words after the sides ask a question of their own ("tech
    /// debt vs new features, how do I deal with that?") rather than about
    /// the choice ("…, how do they differ?", "…, how do I choose?").
    fn asks_something_else(&self, tail: usize) -> bool {
        static OWN: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\b(?:how|what)\s+(?:do|can|should|would|could|shall)\s+(?:i|we)\b|\bhow\s+to\b|\bwhat\s+(?:do|should)\s+(?:i|we)\s+do\b")
                .expect("valid regex")
        });
        static ABOUT_CHOICE: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"\b(?:differ\w*|difference|choose|choosing|pick|decide|better|best|prefer|compare\w*|which|first|start|switch|learn)\b")
                .expect("valid regex")
        });
        let rest: Vec<&str> = (tail..self.len()).map(|i| self.word(i)).collect();
        let rest = rest.join(" ");
        OWN.is_match(&rest) && !ABOUT_CHOICE.is_match(&rest)
    }

    /// The question's words outside the sides, lowercase.
    fn outside(&self, sides: &[(usize, usize)]) -> String {
        (0..self.len())
            .filter(|&i| !sides.iter().any(|&(from, to)| (from..to).contains(&i)))
            .map(|i| self.word(i))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// "symmetric or asymmetric encryption": the head noun of the last side
    /// belongs to every one-word side before it — unless a side before it
    /// is a skill in itself ("java or spring boot") or the last side is a
    /// compound ("full stack").
    fn share_head(&self, found: &Found, terms: &mut [String]) {
        let Some((last, earlier)) = found.sides.split_last() else {
            return;
        };
        let (from, to) = *last;
        if to - from < 2 || earlier.iter().any(|&(f, t)| t - f != 1) {
            return;
        }
        // "full stack developer": the modifier is the compound.
        let compound = to - from >= 2
            && COMPOUNDS.contains(
                &self
                    .text((from, from + 2))
                    .to_ascii_lowercase()
                    .replace('-', " ")
                    .as_str(),
            );
        let modifier = if compound { 2 } else { 1 };
        if to - from <= modifier {
            return;
        }
        let head = self.text((from + modifier, to));
        if earlier
            .iter()
            .any(|&s| !skills_of(self.tagger, self.text(s)).is_empty())
        {
            return;
        }
        // A modifier is an adjective or a name part ("symmetric", "unit",
        // "l4"): a plural noun ("retries vs circuit breaker") or a product
        // code beside a plain modifier ("ec2 vs aws lambda") is a side of
        // its own.
        let last_modifier = self.text((from, from + modifier));
        let has_digit = |t: &str| t.chars().any(|c| c.is_ascii_digit());
        if earlier.iter().any(|&s| {
            let word = self.text(s).to_lowercase();
            (word.len() > 3 && word.ends_with('s') && !word.ends_with("ss"))
                || (has_digit(&word) && !has_digit(last_modifier))
        }) {
            return;
        }
        let n = terms.len();
        let expanded: Vec<String> = terms[..n - 1]
            .iter()
            .map(|t| format!("{t} {head}"))
            .collect();
        // A last side that is a skill name in itself ("frontend or machine
        // learning") lends its head only where that makes skill names too
        // ("relational vs document databases").
        let whole = skills_of(self.tagger, self.text(*last));
        if !whole.is_empty()
            && skills_of(self.tagger, head).is_empty()
            && expanded
                .iter()
                .any(|t| skills_of(self.tagger, t).is_empty())
        {
            return;
        }
        for (term, longer) in terms.iter_mut().zip(expanded) {
            *term = longer;
        }
    }

    /// What the choice is for: "for microservices", "in a startup".
    fn context(&self, tail: usize) -> Option<String> {
        const GENERIC: &[&str] = &[
            "general",
            "practice",
            "the long run",
            "the future",
            "real life",
            "beginners",
            "beginner",
            "a beginner",
            "newbie",
            "me",
            "us",
            "now",
            "terms",
        ];
        let mut i = (tail..self.len()).find(|&i| matches!(self.word(i), "for" | "in" | "on"))? + 1;
        while matches!(
            self.word(i),
            "a" | "an"
                | "the"
                | "my"
                | "our"
                | "your"
                | "building"
                | "writing"
                | "doing"
                | "making"
        ) {
            i += 1;
        }
        let start = i;
        while i < self.len()
            && !is_punctuation(self.word(i))
            && !matches!(
                self.word(i),
                "which" | "what" | "or" | "and" | "first" | "nowadays" | "today"
            )
        {
            i += 1;
        }
        if i == start {
            return None;
        }
        let text = self.text((start, i));
        let generic = GENERIC.contains(&text.to_ascii_lowercase().as_str())
            || text.chars().all(|c| c.is_ascii_digit());
        (!generic).then(|| text.to_string())
    }
}

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

/// Lookup keys of a side: its words run together, each of its words, and
/// the skill it names. A comparison page's lead passage carries its sides'
/// keys, so a question's sides find candidate pages with a few posting
/// lookups ("backend developer" finds a page on "backend"); [`page_assignment`]
/// then decides.
pub(crate) fn side_keys(tagger: &SkillTagger, term: &str) -> Vec<String> {
    let mut keys = vec![term_key(term)];
    let words: Vec<&str> = term
        .split(|c: char| c.is_whitespace() || "-_/".contains(c))
        .filter(|w| w.chars().count() >= 3)
        .collect();
    keys.extend(words.iter().map(|w| format!("w:{}", squash(w))));
    if let Some(skill) = skills_of(tagger, term).into_iter().next() {
        keys.push(format!("s:{skill}"));
    }
    keys
}

/// The key of a side's whole name, however it is spaced or hyphenated.
fn term_key(term: &str) -> String {
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
    skill: Option<String>,
    /// Another side of the same comparison names the same skill: the skill
    /// does not tell them apart.
    shared: bool,
}

fn keys<'a>(tagger: &SkillTagger, terms: impl Iterator<Item = &'a str>) -> Vec<Key> {
    let mut keys: Vec<Key> = terms
        .map(|term| Key {
            term: squash(term),
            words: term
                .split(|c: char| c.is_whitespace() || "-_/".contains(c))
                .filter(|w| !w.is_empty())
                .map(|w| singular(&w.to_lowercase()))
                .collect(),
            skill: skills_of(tagger, term).into_iter().next(),
            shared: false,
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

/// "developers" → "developer", "batches" → "batch" (not "class" → "clas").
fn singular(word: &str) -> String {
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

/// "Node.js" → "nodejs", "Unit tests" → "unittest", "C#" → "c#".
fn squash(term: &str) -> String {
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
/// A near spelling ("intergration tests" for "integration tests").
const MISSPELT: f32 = 0.8;
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
fn page_assignment(
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
pub(crate) fn wanted_section(comparison: &Comparison) -> &'static [&'static str] {
    if comparison.which_first && comparison.choice {
        &["first", "learn"]
    } else if comparison.choice || comparison.context.is_some() {
        &["choose", "when", "which"]
    } else {
        &["differen"]
    }
}

/// Whether `text` mentions a side of `comparison`, by its words, or by its
/// skill where no other side shares it ("PostgreSQL" names the relational
/// databases skill, but not the side "MySQL").
pub(crate) fn mentions(
    text: &str,
    side: &Side,
    comparison: &Comparison,
    tagger: &SkillTagger,
) -> bool {
    let lower = text.to_lowercase();
    let term = side.term.to_lowercase();
    let by_words = lower.match_indices(&term).any(|(at, _)| {
        let before = lower[..at].chars().next_back();
        let after = lower[at + term.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
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
pub(crate) fn extract(text: &str, comparison: &Comparison, tagger: &SkillTagger) -> String {
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
pub(crate) fn comparing_sentence(
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
enum Naming {
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
fn comparing_sentence_naming(
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

/// Whether the question (its words outside the sides) asks which to choose.
fn asks_to_choose(lower: &str) -> bool {
    static CHOICE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:should|which|when|better|best|choose|choosing|pick|prefer|go with|recommend|worth)\b")
            .expect("valid regex")
    });
    CHOICE.is_match(lower)
}

/// Whether the question (its words outside the sides) asks what to learn
/// (first).
fn asks_which_first(lower: &str) -> bool {
    static FIRST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?:first|start(?:ing)?\s+(?:with|by|learning|out)|begin(?:ning)?\s+with|where\s+(?:do|should|would|can)\s+(?:i|we|you)\s+(?:start|begin)|before|order|learn|learning|study|studying|master)\b")
            .expect("valid regex")
    });
    FIRST.is_match(lower)
}

/// What a comparison question found in the material.
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonAnswer {
    /// The question's sides, resolved.
    pub comparison: Comparison,
    /// The passage that compares the sides, if the material has one: the
    /// part of a page comparing them that answers best (the differences,
    /// when to choose which, or what to learn first), else a passage with a
    /// sentence comparing them. It is also the first of the answer's
    /// passages, and the answer comes from it.
    pub page: Option<Passage>,
    /// The best passage about each side, in side order; `None` where the
    /// material has nothing about it.
    pub sides: Vec<Option<Passage>>,
    /// Three or more sides and no page on them all: the passages of the
    /// pages on two of them that, with `page`, cover every side ("kafka,
    /// rabbitmq or nats": Kafka vs RabbitMQ, then NATS vs Kafka).
    pub pairs: Vec<Passage>,
}

/// The part of a comparison page that answers a question.
pub(crate) struct PageAnswer {
    /// The passage the answer comes from; its snippet is the answer, the
    /// sentence comparing the sides.
    passage: Passage,
    /// The section the question asked for ("the real differences"), when
    /// the answer came from another: it follows the answer.
    asked: Option<Passage>,
    /// The question's sides the page is on, when it is on two of three or
    /// more; `None` when it is on them all.
    covers: Option<[usize; 2]>,
}

/// The index's words, for the recogniser.
struct Material<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    analyzer: &'a TextAnalyzer,
    tagger: &'a SkillTagger,
}

impl Material<'_> {
    fn terms(&self, phrase: &str) -> Vec<Term> {
        let mut analyzer = self.analyzer.clone();
        terms(&mut analyzer, phrase)
            .into_iter()
            .map(|(t, _, _)| Term::from_field_text(self.fields.body, &t))
            .collect()
    }
}

impl Vocabulary for Material<'_> {
    fn knows(&self, phrase: &str) -> bool {
        let terms = self.terms(phrase);
        !terms.is_empty()
            && terms
                .iter()
                .all(|t| self.searcher.doc_freq(t).unwrap_or(0) > 0)
    }

    /// Two plain terms count as compared only when a comparison page of the
    /// material has both as sides: merely meeting in one passage is too weak
    /// once the material is large ("sooner or later", "more or less").
    fn together(&self, a: &str, b: &str) -> bool {
        let any_key = |term: &str| -> Box<dyn Query> {
            let keys: Vec<(Occur, Box<dyn Query>)> = side_keys(self.tagger, term)
                .into_iter()
                .map(|k| {
                    let term = Term::from_field_text(self.fields.compare_keys, &k);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            Box::new(BooleanQuery::new(keys))
        };
        let both = BooleanQuery::new(vec![(Occur::Must, any_key(a)), (Occur::Must, any_key(b))]);
        self.searcher.search(&both, &Count).unwrap_or(0) > 0
    }

    fn page_sides(&self, a: &str, b: &str) -> bool {
        let key = |term: &str| -> Box<dyn Query> {
            let term = Term::from_field_text(self.fields.compare_keys, &term_key(term));
            Box::new(TermQuery::new(term, IndexRecordOption::Basic))
        };
        let both = BooleanQuery::new(vec![(Occur::Must, key(a)), (Occur::Must, key(b))]);
        self.searcher.search(&both, &Count).unwrap_or(0) > 0
    }
}

/// A comparison page chosen for a question: (score, source, the page's
/// sides, the page side each question side matched and how well).
type BestPage = (f32, String, Vec<String>, Vec<(usize, f32)>);

/// A passage with a sentence comparing the sides, and the sides as they
/// were read to find it.
struct Compared {
    passage: Passage,
    sentence: String,
    reading: Comparison,
}

/// `comparison` with its sides as typed, when they lent a head noun
/// ("ttl or explicit cache invalidation" read as "ttl cache invalidation").
fn typed_reading(comparison: &Comparison, tagger: &SkillTagger) -> Option<Comparison> {
    let typed = comparison.as_typed.as_ref()?;
    let mut alternative = comparison.clone();
    for (side, term) in alternative.sides.iter_mut().zip(typed) {
        side.skill = skills_of(tagger, term).into_iter().next();
        side.term = term.clone();
    }
    alternative.as_typed = None;
    Some(alternative)
}

/// Most candidate comparison pages looked at for one question.
const MAX_PAGES: usize = 16;

/// Passages on the sides alone searched for a sentence comparing them,
/// when no comparison page has them and the question's own search found none.
const WIDE_POOL: usize = 40;

impl Index {
    /// The comparison `question` asks for, if it is one.
    pub(crate) fn recognise_comparison(
        &self,
        searcher: &Searcher,
        question: &str,
    ) -> Option<Comparison> {
        let material = Material {
            searcher,
            fields: &self.fields,
            analyzer: &self.analyzer,
            tagger: &self.tagger,
        };
        recognise(question, &self.tagger, &material)
    }

    /// The comparison page whose sides fit `comparison`'s best: (score,
    /// source, the page's sides, the page side each question side matched
    /// and how).
    fn best_page(
        &self,
        searcher: &Searcher,
        comparison: &Comparison,
    ) -> Result<Option<BestPage>, Error> {
        let key = |k: &str| Term::from_field_text(self.fields.compare_keys, k);
        let lookups: Vec<(Occur, Box<dyn Query>)> = comparison
            .sides
            .iter()
            .flat_map(|side| side_keys(&self.tagger, &side.term))
            .map(|k| {
                (
                    Occur::Should,
                    Box::new(TermQuery::new(key(&k), IndexRecordOption::Basic)) as Box<dyn Query>,
                )
            })
            .collect();
        let leads = searcher.search(
            &BooleanQuery::new(lookups),
            &TopDocs::with_limit(MAX_PAGES).order_by_score(),
        )?;
        let mut best: Option<BestPage> = None;
        for (_, address) in leads {
            let doc: TantivyDocument = searcher.doc(address)?;
            let sides: Vec<String> = self
                .stored(&doc, self.fields.compare)
                .split(", ")
                .map(str::to_string)
                .collect();
            if let Some((score, chosen)) = page_assignment(comparison, &sides, &self.tagger)
                && best.as_ref().is_none_or(|(b, ..)| score > *b)
            {
                best = Some((score, self.stored(&doc, self.fields.source), sides, chosen));
            }
        }
        Ok(best)
    }

    /// The page comparing `comparison`'s sides, as the passage of it that
    /// answers best, with its answer sentence.
    pub(crate) fn comparison_page(
        &self,
        searcher: &Searcher,
        comparison: &mut Comparison,
    ) -> Result<Option<PageAnswer>, Error> {
        let key = |k: &str| Term::from_field_text(self.fields.compare_keys, k);
        let mut best = self.best_page(searcher, comparison)?;
        if best.is_none()
            && let Some(mut alternative) = typed_reading(comparison, &self.tagger)
        {
            // The sides as typed: "fine tuning" lends "tuning" to no one.
            let material = Material {
                searcher,
                fields: &self.fields,
                analyzer: &self.analyzer,
                tagger: &self.tagger,
            };
            for side in &mut alternative.sides {
                side.known = side.skill.is_some() || material.knows(&side.term);
            }
            best = self.best_page(searcher, &alternative)?;
            if best.is_some() {
                *comparison = alternative;
            }
        }
        // Three or more sides and no page on them all ("flask, fastapi or
        // django"): the page on two of them answers for those two.
        let mut pair: Option<(Comparison, [usize; 2])> = None;
        // (Not for "which first": the learning order over all the sides
        // answers that better.)
        if best.is_none() && comparison.sides.len() >= 3 && !comparison.which_first {
            let n = comparison.sides.len();
            for i in 0..n {
                for j in i + 1..n {
                    let mut two = comparison.clone();
                    two.sides = vec![comparison.sides[i].clone(), comparison.sides[j].clone()];
                    two.as_typed = None;
                    if let Some(found) = self.best_page(searcher, &two)?
                        && best.as_ref().is_none_or(|b| found.0 > b.0)
                    {
                        best = Some(found);
                        pair = Some((two, [i, j]));
                    }
                }
            }
        }
        let Some((score, source, page_sides, chosen)) = best else {
            return Ok(None);
        };
        let covers = pair.as_ref().map(|(_, c)| *c);
        let comparison = match pair.as_mut() {
            Some((two, _)) => two,
            None => comparison,
        };
        // The page's names for each side, as its text may use them.
        let names: Vec<Vec<String>> = chosen
            .iter()
            .map(|&(j, _)| side_names(&page_sides[j]).map(str::to_string).collect())
            .collect();
        for (side, (j, how)) in comparison.sides.iter_mut().zip(chosen) {
            // A misspelt side takes the page's spelling ("intergration tests").
            if how == MISSPELT {
                side.term = side_names(&page_sides[j])
                    .next()
                    .unwrap_or_default()
                    .to_string();
                side.skill = skills_of(&self.tagger, &side.term).into_iter().next();
            }
            // A side the page names (perhaps by another name: "cpp") is
            // known, whatever words the page's text uses.
            side.known = true;
        }
        let comparison = &*comparison;
        // Every passage of that page; the one whose heading fits the question.
        let all = searcher.search(
            &TermQuery::new(key(&page_key(&source)), IndexRecordOption::Basic),
            &TopDocs::with_limit(64).order_by_score(),
        )?;
        let mut passages: Vec<(DocAddress, TantivyDocument)> = Vec::new();
        for (_, address) in all {
            passages.push((address, searcher.doc(address)?));
        }
        // In page order (document addresses do not keep it).
        passages.sort_by_cached_key(|(_, doc)| {
            doc.get_first(self.fields.position)
                .and_then(|v| v.as_u64())
                .unwrap_or(u64::MAX)
        });
        let heading = |doc: &TantivyDocument| {
            let section = self.stored(doc, self.fields.section);
            section
                .rsplit(" › ")
                .next()
                .unwrap_or_default()
                .to_lowercase()
        };
        // The section the question asks for ("what to learn first", "when
        // to choose which", "the differences") — for a difference or a
        // choice, only if it sets the sides against each other in one
        // sentence; else the first passage that does (usually the lead),
        // else the section asked for anyway.
        let wanted = wanted_section(comparison);
        let asked_for = wanted
            .iter()
            .find_map(|w| passages.iter().position(|(_, d)| heading(d).contains(w)));
        let comparing = |i: usize| {
            comparing_sentence_naming(
                &self.stored(&passages[i].1, self.fields.text),
                comparison,
                &self.tagger,
                &names,
                Naming::WordsOrSkill,
            )
        };
        let order_first = comparison.which_first && comparison.choice;
        // A plain "X vs Y" or "how do X and Y differ" is answered by the
        // page's summary of the difference (its lead), the differences
        // section right after; a choice by the section on choosing.
        // "For a startup" is what the choice is for; "in k8s" only where.
        let for_a_use = comparison
            .context
            .as_deref()
            .is_some_and(|c| skills_of(&self.tagger, c).is_empty());
        let wants_section = comparison.choice || for_a_use;
        let chosen = match asked_for {
            Some(i) if order_first => Some((i, None)),
            Some(i) if wants_section && comparing(i).is_some() => Some((i, comparing(i))),
            _ => (0..passages.len())
                .find_map(|i| comparing(i).map(|s| (i, Some(s))))
                .or(asked_for.map(|i| (i, None)))
                .or((!passages.is_empty()).then_some((0, None))),
        };
        let Some((index, sentence)) = chosen else {
            return Ok(None);
        };
        let passage = |i: usize, snippet: Option<String>| -> Result<Passage, Error> {
            let (address, doc) = &passages[i];
            let text = self.stored(doc, self.fields.text);
            let lang = searcher
                .segment_reader(address.segment_ord)
                .fast_fields()
                .u64("lang")?
                .first(address.doc_id)
                .unwrap_or(0);
            Ok(Passage {
                source: source.clone(),
                title: self.stored(doc, self.fields.title),
                section: self.stored(doc, self.fields.section),
                skills: self
                    .stored(doc, self.fields.skills)
                    .split_whitespace()
                    .map(str::to_string)
                    .collect(),
                score: (score * 1000.0).round() / 1000.0,
                snippet: snippet.unwrap_or_else(|| extract(&text, comparison, &self.tagger)),
                text,
                language: lang::code(lang),
            })
        };
        let answer = passage(index, sentence)?;
        // The section asked for, when the answer came from another one
        // (the differences, when no sentence there names both sides).
        let asked = asked_for
            .filter(|&i| i != index)
            .map(|i| passage(i, None))
            .transpose()?;
        Ok(Some(PageAnswer {
            passage: answer,
            asked,
            covers,
        }))
    }

    /// Adds what a comparison question needs to `answer`: the passage
    /// comparing the sides first (and its sentence as the answer), the best
    /// passage about each side, and — when nothing in the material compares
    /// them — no answer sentence at all: one about a single side, or one
    /// merely listing them, is not an answer to "X or Y?".
    pub(crate) fn complete_comparison(
        &self,
        searcher: &Searcher,
        answer: &mut Answer,
        mut comparison: Comparison,
        limit: usize,
    ) -> Result<(), Error> {
        let page = self.comparison_page(searcher, &mut comparison)?;
        let pairs = match page.as_ref().and_then(|p| p.covers) {
            Some(covers) => self.other_pairs(searcher, &comparison, covers)?,
            None => Vec::new(),
        };
        let mut sides = Vec::with_capacity(comparison.sides.len());
        for side in &mut comparison.sides {
            let found = self.answer(&format!("what is {}", side.term), 1, false)?;
            let passage = found
                .answer
                .is_some()
                .then(|| found.passages.into_iter().next())
                .flatten();
            side.known |= passage.is_some();
            sides.push(passage);
        }
        let mut compared = None;
        match &page {
            Some(PageAnswer { passage, asked, .. }) => {
                let first: Vec<&Passage> = std::iter::once(passage)
                    .chain(&pairs)
                    .chain(asked.as_ref())
                    .collect();
                answer.passages.retain(|p| {
                    !first
                        .iter()
                        .any(|f| p.source == f.source && p.section == f.section)
                });
                for p in first.into_iter().rev() {
                    answer.passages.insert(0, p.clone());
                }
                answer.passages.truncate(limit);
                // Pages on two sides each: each one's sentence, named.
                let text = if pairs.is_empty() {
                    passage.snippet.clone()
                } else {
                    std::iter::once(passage)
                        .chain(&pairs)
                        .map(|p| format!("{}: {}", p.title, p.snippet))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                answer.answer = Some(Extract {
                    text,
                    source: passage.source.clone(),
                    section: passage.section.clone(),
                    skills: passage.skills.clone(),
                    code: None,
                });
            }
            None => {
                // No page: a passage with a sentence comparing the sides
                // is the next best answer.
                let comparing_in = |passages: &[Passage]| {
                    passages.iter().enumerate().find_map(|(i, p)| {
                        comparing_sentence(&p.text, &comparison, &self.tagger).map(|s| (i, s))
                    })
                };
                let mut comparing =
                    comparing_in(&answer.passages).map(|(i, s)| (answer.passages.remove(i), s));
                if comparing.is_none()
                    && let Some(found) = self.wider_comparing(&comparison)?
                {
                    let passage = &found.passage;
                    answer
                        .passages
                        .retain(|p| !(p.source == passage.source && p.section == passage.section));
                    comparison = found.reading;
                    comparing = Some((found.passage, found.sentence));
                }
                if let Some((passage, sentence)) = comparing {
                    answer.answer = Some(Extract {
                        text: sentence,
                        source: passage.source.clone(),
                        section: passage.section.clone(),
                        skills: passage.skills.clone(),
                        code: None,
                    });
                    answer.passages.insert(0, passage.clone());
                    compared = Some(passage);
                } else if !self.about_their_skill(answer, &comparison) {
                    // Nothing in the material compares them: a sentence
                    // about one side, or listing both, is no answer; the
                    // caller composes the sides from what it knows.
                    answer.answer = None;
                }
            }
        }
        answer.passages.truncate(limit);
        answer.comparison = Some(ComparisonAnswer {
            comparison,
            page: page.map(|p| p.passage).or(compared),
            sides,
            pairs,
        });
        Ok(())
    }

    /// For a question on three or more sides answered by a page on two of
    /// them (`covers`), the answering passages of pages on two sides that
    /// take in every other side, each side by the first page found for it.
    fn other_pairs(
        &self,
        searcher: &Searcher,
        comparison: &Comparison,
        covers: [usize; 2],
    ) -> Result<Vec<Passage>, Error> {
        let n = comparison.sides.len();
        let mut covered = vec![false; n];
        for i in covers {
            covered[i] = true;
        }
        let mut found = Vec::new();
        for uncovered in 0..n {
            if covered[uncovered] {
                continue;
            }
            for other in (0..n).filter(|&o| o != uncovered) {
                let mut two = comparison.clone();
                two.sides = vec![
                    comparison.sides[uncovered].clone(),
                    comparison.sides[other].clone(),
                ];
                two.as_typed = None;
                if let Some(page) = self.comparison_page(searcher, &mut two)?
                    && !found
                        .iter()
                        .any(|p: &Passage| p.source == page.passage.source)
                {
                    covered[uncovered] = true;
                    covered[other] = true;
                    found.push(page.passage);
                    break;
                }
            }
        }
        Ok(found)
    }

    /// A passage with a sentence comparing `comparison`'s sides by their
    /// own words, among passages found by the sides alone: the question's
    /// other words may have pulled its search elsewhere ("… for an order
    /// service"). Sides that lent their head noun ("ttl or explicit cache
    /// invalidation") are also tried as typed. Returns the passage, its
    /// sentence and the sides as they were found.
    fn wider_comparing(&self, comparison: &Comparison) -> Result<Option<Compared>, Error> {
        let readings =
            std::iter::once(comparison.clone()).chain(typed_reading(comparison, &self.tagger));
        for reading in readings {
            let sides: Vec<&str> = reading.sides.iter().map(|s| s.term.as_str()).collect();
            let wider = self.answer(&sides.join(" "), WIDE_POOL, false)?;
            let found = wider.passages.into_iter().find_map(|p| {
                comparing_sentence_naming(&p.text, &reading, &self.tagger, &[], Naming::Words)
                    .map(|s| (p, s))
            });
            if let Some((passage, sentence)) = found {
                return Ok(Some(Compared {
                    passage,
                    sentence,
                    reading,
                }));
            }
        }
        Ok(None)
    }

    /// Sides that are all one catalog skill ("jpa vs hibernate") cannot be
    /// told apart by the catalog: the skill's own passage naming each of
    /// them is the best answer the material has.
    fn about_their_skill(&self, answer: &Answer, comparison: &Comparison) -> bool {
        let Some(skill) = comparison.sides[0].skill.as_ref() else {
            return false;
        };
        let one_skill = comparison
            .sides
            .iter()
            .all(|s| s.skill.as_ref() == Some(skill));
        one_skill
            && answer
                .passages
                .first()
                .is_some_and(|p| p.skills.first() == Some(skill))
            && answer.answer.as_ref().is_some_and(|a| {
                comparison
                    .sides
                    .iter()
                    .all(|s| mentions(&a.text, s, comparison, &self.tagger))
            })
    }

    fn stored(&self, doc: &TantivyDocument, field: tantivy::schema::Field) -> String {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Words(&'static [&'static str]);

    impl Vocabulary for Words {
        fn knows(&self, phrase: &str) -> bool {
            phrase
                .split_whitespace()
                .all(|w| self.0.contains(&w.to_lowercase().as_str()))
        }
        fn together(&self, a: &str, b: &str) -> bool {
            // The fake material has a passage on git, one on encryption and one
            // on careers.
            let git = ["merge", "rebase", "squash", "cherry-pick"];
            let crypto = ["symmetric", "asymmetric"];
            let careers = ["frontend", "backend", "full stack"];
            let statuses = ["401", "403"];
            let both = |set: &[&str]| {
                set.iter().any(|w| a.to_lowercase().contains(w))
                    && set.iter().any(|w| b.to_lowercase().contains(w))
            };
            both(&git)
                || both(&crypto)
                || both(&careers)
                || both(&statuses)
                || self.page_sides(a, b)
        }
        fn page_sides(&self, a: &str, b: &str) -> bool {
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            let page = |x: &str, y: &str| (a == x && b == y) || (a == y && b == x);
            page("where", "having")
                || page("union", "union all")
                || page("where clause", "having clause")
                || page("squash and merge", "rebase and merge")
        }
    }

    const VOCABULARY: Words = Words(&[
        "merge",
        "rebase",
        "symmetric",
        "asymmetric",
        "encryption",
        "monolith",
        "frontend",
        "backend",
        "developer",
        "stay",
        "grpc",
        "streaming",
        "event",
        "message",
        "queue",
        "unit",
        "integration",
        "tests",
        "sync",
        "programming",
        "vm",
        "databases",
        "squash",
        "full",
        "stack",
        "401",
        "403",
        "ttl",
        "explicit",
        "cache",
        "invalidation",
        "local",
        "memory",
        "redis",
        "servers",
        "structured",
        "plain",
        "text",
        "logs",
    ]);

    fn tagger() -> SkillTagger {
        let s = |id: &str, names: &[&str]| {
            (
                id.to_string(),
                names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            )
        };
        SkillTagger::new([
            s("java", &["Java", "jvm"]),
            s("python", &["Python", "py"]),
            s("go", &["Go", "golang"]),
            s("rust", &["Rust"]),
            s("csharp", &["C#", ".NET", "dotnet"]),
            s("javascript", &["JavaScript", "js"]),
            s("nodejs", &["Node.js", "node", "node js"]),
            s("ruby", &["Ruby"]),
            s("rails", &["Ruby on Rails", "rails", "ror"]),
            s("django", &["Django"]),
            s("flask", &["Flask"]),
            s("fastapi", &["FastAPI"]),
            s("spring-boot", &["Spring Boot", "spring"]),
            s("sql", &["SQL"]),
            s(
                "relational-databases",
                &["Relational databases", "postgres", "postgresql", "mysql"],
            ),
            s("nosql", &["NoSQL databases", "nosql", "mongodb", "mongo"]),
            s("rest-api", &["REST APIs", "rest", "rest api"]),
            s("graphql", &["GraphQL"]),
            s("docker", &["Docker", "containers"]),
            s("kubernetes", &["Kubernetes", "k8s"]),
            s("message-queues", &["Message queues", "kafka", "rabbitmq"]),
            s("encryption", &["Encryption", "tls"]),
            s(
                "testing",
                &["Automated testing", "unit tests", "unit testing"],
            ),
            s("concurrency", &["Concurrency", "threads", "async"]),
            s("microservices", &["Microservices"]),
            s("ai-integration", &["AI integration", "machine learning"]),
            s("authentication", &["Authentication"]),
            s("authorization", &["Authorization"]),
            s("cloud", &["Cloud platforms", "aws", "azure"]),
            s("serverless", &["Serverless", "aws lambda"]),
        ])
    }

    /// `(question, [(term, skill id or "")], which_first, context)`.
    type Case = (
        &'static str,
        &'static [(&'static str, &'static str)],
        bool,
        Option<&'static str>,
    );

    #[test]
    fn comparisons_are_found_with_their_sides() {
        let cases: &[Case] = &[
            (
                "sql vs nosql",
                &[("sql", "sql"), ("nosql", "nosql")],
                false,
                None,
            ),
            (
                "Docker vs. Kubernetes?",
                &[("Docker", "docker"), ("Kubernetes", "kubernetes")],
                false,
                None,
            ),
            (
                "k8s versus docker",
                &[("k8s", "kubernetes"), ("docker", "docker")],
                false,
                None,
            ),
            (
                "should I learn Java or Python first?",
                &[("Java", "java"), ("Python", "python")],
                true,
                None,
            ),
            (
                "what's the difference between a message queue and event streaming",
                &[("message queue", "message-queues"), ("event streaming", "")],
                false,
                None,
            ),
            (
                "difference between authentication and authorization",
                &[
                    ("authentication", "authentication"),
                    ("authorization", "authorization"),
                ],
                false,
                None,
            ),
            (
                "postgres compared to mongo",
                &[("postgres", "relational-databases"), ("mongo", "nosql")],
                false,
                None,
            ),
            (
                "compare flask with fastapi",
                &[("flask", "flask"), ("fastapi", "fastapi")],
                false,
                None,
            ),
            (
                "is rust better than go?",
                &[("rust", "rust"), ("go", "go")],
                false,
                None,
            ),
            (
                "Is Go faster than Python for web servers",
                &[("Go", "go"), ("Python", "python")],
                false,
                Some("web servers"),
            ),
            (
                "is graphql more flexible than rest",
                &[("graphql", "graphql"), ("rest", "rest-api")],
                false,
                None,
            ),
            (
                "java, python or go?",
                &[("java", "java"), ("python", "python"), ("go", "go")],
                false,
                None,
            ),
            (
                "python or go for microservices",
                &[("python", "python"), ("go", "go")],
                false,
                Some("microservices"),
            ),
            (
                "merge or rebase?",
                &[("merge", ""), ("rebase", "")],
                false,
                None,
            ),
            (
                "symmetric vs asymmetric encryption",
                &[
                    ("symmetric encryption", "encryption"),
                    ("asymmetric encryption", "encryption"),
                ],
                false,
                None,
            ),
            (
                "c# or java",
                &[("c#", "csharp"), ("java", "java")],
                false,
                None,
            ),
            (
                "node vs deno",
                &[("node", "nodejs"), ("deno", "")],
                false,
                None,
            ),
            (
                "kafka vs pulsar",
                &[("kafka", "message-queues"), ("pulsar", "")],
                false,
                None,
            ),
            (
                "django vs ruby on rails",
                &[("django", "django"), ("ruby on rails", "rails")],
                false,
                None,
            ),
            (
                "ruby on rails vs django",
                &[("ruby on rails", "rails"), ("django", "django")],
                false,
                None,
            ),
            (
                "which is better, mysql or postgresql?",
                &[
                    ("mysql", "relational-databases"),
                    ("postgresql", "relational-databases"),
                ],
                false,
                None,
            ),
            (
                "which one should I learn first: docker or kubernetes",
                &[("docker", "docker"), ("kubernetes", "kubernetes")],
                true,
                None,
            ),
            (
                "how does kafka differ from rabbitmq",
                &[("kafka", "message-queues"), ("rabbitmq", "message-queues")],
                false,
                None,
            ),
            (
                "how is docker different from a vm",
                &[("docker", "docker"), ("vm", "")],
                false,
                None,
            ),
            (
                "why use kafka over rabbitmq",
                &[("kafka", "message-queues"), ("rabbitmq", "message-queues")],
                false,
                None,
            ),
            (
                "when to use threads vs async",
                &[("threads", "concurrency"), ("async", "concurrency")],
                false,
                None,
            ),
            (
                "monolith or microservices?",
                &[("monolith", ""), ("microservices", "microservices")],
                false,
                None,
            ),
            (
                "unit tests and integration tests: what's the difference?",
                &[("unit tests", "testing"), ("integration tests", "")],
                false,
                None,
            ),
            (
                "frontend or backend developer, which first?",
                &[("frontend developer", ""), ("backend developer", "")],
                true,
                None,
            ),
            (
                "is python or java better for backend",
                &[("python", "python"), ("java", "java")],
                false,
                Some("backend"),
            ),
            (
                "learning java vs python in 2024",
                &[("java", "java"), ("python", "python")],
                true,
                None,
            ),
            (
                "java or spring boot first",
                &[("java", "java"), ("spring boot", "spring-boot")],
                true,
                None,
            ),
            (
                "python or machine learning",
                &[("python", "python"), ("machine learning", "ai-integration")],
                false,
                None,
            ),
            (
                "when should I use rest and when graphql",
                &[("rest", "rest-api"), ("graphql", "graphql")],
                false,
                None,
            ),
            (
                "I'm torn between django and flask",
                &[("django", "django"), ("flask", "flask")],
                false,
                None,
            ),
            (
                "aws lambda vs containers",
                &[("aws lambda", "serverless"), ("containers", "docker")],
                false,
                None,
            ),
            (
                "relational vs non-relational databases",
                &[
                    ("relational databases", "relational-databases"),
                    ("non-relational databases", ""),
                ],
                false,
                None,
            ),
            (
                "relational vs nosql databases",
                &[
                    ("relational databases", "relational-databases"),
                    ("nosql databases", "nosql"),
                ],
                false,
                None,
            ),
            (
                "frontend vs backend vs full stack",
                &[("frontend", ""), ("backend", ""), ("full stack", "")],
                false,
                None,
            ),
            (
                "should I learn sql before python?",
                &[("sql", "sql"), ("python", "python")],
                true,
                None,
            ),
            (
                "How does Kafka compare to RabbitMQ?",
                &[("Kafka", "message-queues"), ("RabbitMQ", "message-queues")],
                false,
                None,
            ),
            (
                "frontend or machine learning for me",
                &[("frontend", ""), ("machine learning", "ai-integration")],
                false,
                None,
            ),
            (
                "what's better for a beginner - python or javascript",
                &[("python", "python"), ("javascript", "javascript")],
                false,
                None,
            ),
            (
                "Difference b/w SQL and NoSQL",
                &[("SQL", "sql"), ("NoSQL", "nosql")],
                false,
                None,
            ),
            (
                "how do rest and graphql differ",
                &[("rest", "rest-api"), ("graphql", "graphql")],
                false,
                None,
            ),
            (
                "java and python, which is more popular?",
                &[("java", "java"), ("python", "python")],
                false,
                None,
            ),
            (
                "docker vs k8s, arent they the same",
                &[("docker", "docker"), ("k8s", "kubernetes")],
                false,
                None,
            ),
            (
                "java or python on the jvm",
                &[("java", "java"), ("python", "python")],
                false,
                Some("jvm"),
            ),
            (
                "backend or full stack developer",
                &[("backend developer", ""), ("full stack developer", "")],
                false,
                None,
            ),
            (
                "python vs go, rust",
                &[("python", "python"), ("go", "go"), ("rust", "rust")],
                false,
                None,
            ),
            (
                "python django vs java spring",
                &[("python django", "python"), ("java spring", "java")],
                false,
                None,
            ),
            (
                "is docker the same as kubernetes?",
                &[("docker", "docker"), ("kubernetes", "kubernetes")],
                false,
                None,
            ),
            (
                "are rest and graphql basically the same thing",
                &[("rest", "rest-api"), ("graphql", "graphql")],
                false,
                None,
            ),
            (
                "postgres over mongo for an inventory app?",
                &[("postgres", "relational-databases"), ("mongo", "nosql")],
                false,
                Some("inventory app"),
            ),
            (
                "python, go or rust, where should i start",
                &[("python", "python"), ("go", "go"), ("rust", "rust")],
                true,
                None,
            ),
            (
                "rest or just graphql for our api",
                &[("rest", "rest-api"), ("graphql", "graphql")],
                false,
                Some("api"),
            ),
            (
                "sql or python first for a data job",
                &[("sql", "sql"), ("python", "python")],
                true,
                Some("data job"),
            ),
            // A plural noun or a product code is a side of its own, not a
            // modifier of the last side's head.
            (
                "goroutines vs os threads",
                &[("goroutines", ""), ("os threads", "concurrency")],
                false,
                None,
            ),
            (
                "ec2 vs aws lambda",
                &[("ec2", ""), ("aws lambda", "serverless")],
                false,
                None,
            ),
            (
                "sync or async messaging between services",
                &[("sync", ""), ("async messaging", "concurrency")],
                false,
                None,
            ),
        ];
        let tagger = tagger();
        for (question, sides, first, context) in cases {
            let found = recognise(question, &tagger, &VOCABULARY)
                .unwrap_or_else(|| panic!("not recognised: {question}"));
            let got: Vec<(&str, &str)> = found
                .sides
                .iter()
                .map(|s| (s.term.as_str(), s.skill.as_deref().unwrap_or("")))
                .collect();
            assert_eq!(got, *sides, "{question}");
            assert_eq!(found.which_first, *first, "which_first: {question}");
            assert_eq!(found.context.as_deref(), *context, "context: {question}");
        }
    }

    #[test]
    fn look_alikes_fall_through() {
        let tagger = tagger();
        for question in [
            "rock or roll",
            "should I stay or should I go",
            "is it a bug or a feature",
            "now or never",
            "how do I run postgres in docker or kubernetes",
            "how long does it take to learn docker",
            "what is k8s used for?",
            "do I need a degree or a bootcamp to get hired",
            "tea or coffee?",
            "how do I compare two strings in java",
            "does kubernetes take more than 3 months",
            "is docker hard to learn",
            "what's the difference?",
            "java and python",
            "how do I share data between services and jobs",
            "can I use docker or do I need a vm",
            "sooner or later I must learn sql",
            "which docker or kubernetes command lists pods",
            "java or java",
            "how do i use kafka and rabbitmq together",
            "what's better than docker",
            "should I use an ORM or write SQL by hand",
            "team keeps arguing about docker vs kubernetes, how do i deal with that",
            "",
            "vs",
            "or",
            "is it harder than it looks",
            "is the salary the same as last year",
            "game over",
            "i learned python over the summer",
            "python over the weekend, then what",
            "are you and me the same",
            "same as before?",
        ] {
            assert_eq!(
                recognise(question, &tagger, &VOCABULARY),
                None,
                "{question}"
            );
        }
    }

    #[test]
    fn an_unknown_side_is_kept_but_marked() {
        let found = recognise("kafka vs pulsar", &tagger(), &VOCABULARY).unwrap();
        assert!(found.sides[0].known);
        assert!(!found.sides[1].known);
        assert!(!found.same_skill());
        let same = recognise("kafka or rabbitmq?", &tagger(), &VOCABULARY).unwrap();
        assert!(same.same_skill());
    }

    #[test]
    fn two_unknown_sides_are_no_comparison() {
        assert_eq!(recognise("cats vs dogs", &tagger(), &VOCABULARY), None);
    }

    #[test]
    fn weak_shapes_need_known_sides() {
        // A strong "vs" keeps an unknown side; a bare "or" does not.
        assert!(recognise("docker vs podman", &tagger(), &VOCABULARY).is_some());
        assert_eq!(recognise("docker or podman", &tagger(), &VOCABULARY), None);
        // Two plain terms must meet in one passage.
        assert!(recognise("merge or squash", &tagger(), &VOCABULARY).is_some());
        // Numbers are sides only where a page compares them.
        assert!(recognise("401 vs 403?", &tagger(), &VOCABULARY).is_some());
        assert_eq!(recognise("2025 vs 2026", &tagger(), &VOCABULARY), None);
        assert_eq!(recognise("1 or 2 years?", &tagger(), &VOCABULARY), None);
        assert_eq!(
            recognise("merge or symmetric", &tagger(), &VOCABULARY),
            None
        );
    }

    /// The sides `question` is read as, as typed.
    fn read_sides(question: &str) -> Option<Vec<String>> {
        recognise(question, &tagger(), &VOCABULARY)
            .map(|c| c.sides.into_iter().map(|s| s.term).collect())
    }

    #[test]
    fn everyday_words_are_sides_where_a_page_has_them() {
        let cases: &[(&str, Option<&[&str]>)] = &[
            ("where vs having in sql", Some(&["where", "having"])),
            ("union vs union all?", Some(&["union", "union all"])),
            (
                "where clause vs having clause",
                Some(&["where clause", "having clause"]),
            ),
            (
                "squash and merge vs rebase and merge",
                Some(&["squash and merge", "rebase and merge"]),
            ),
            (
                "difference between WHERE and HAVING",
                Some(&["WHERE", "HAVING"]),
            ),
            (
                "where or having for a count filter",
                Some(&["where", "having"]),
            ),
            // No page has them: not sides.
            ("where vs when", None),
            ("is it all or nothing", None),
            // Ordinary readings are unchanged.
            ("merge vs rebase", Some(&["merge", "rebase"])),
        ];
        for (question, expected) in cases {
            let expected = expected.map(|e| e.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            assert_eq!(read_sides(question), expected, "{question}");
        }
    }

    #[test]
    fn by_words_only_another_name_of_the_skill_is_no_mention() {
        let side = |term: &str, skill: Option<&str>| Side {
            term: term.to_string(),
            skill: skill.map(str::to_string),
            known: true,
        };
        let question = Comparison {
            sides: vec![side("kotlin", Some("kotlin")), side("jvm", Some("java"))],
            which_first: false,
            choice: false,
            context: None,
            as_typed: None,
        };
        // "Java" is the skill of the side "jvm", not its name.
        let text = "Kotlin compiles faster than Java on small projects.";
        let by = |naming| comparing_sentence_naming(text, &question, &tagger(), &[], naming);
        assert!(by(Naming::WordsOrSkill).is_some());
        assert_eq!(by(Naming::Words), None);
        let cases = [
            // A product ending may be left off: "dynamo" in "DynamoDB".
            (
                ["dynamo", "postgres"],
                "PostgreSQL answers any SQL query, whereas DynamoDB answers only the keys you designed.",
                true,
            ),
            // Tech names as the tokenizer spells them: "C#" names "csharp".
            (
                ["csharp", "node"],
                "C# compiles ahead of time, whereas Node.js runs JavaScript.",
                true,
            ),
            // Not any longer word: "scala" is not in "scalar".
            (
                ["scala", "php"],
                "PHP 8 has scalar types, whereas Python has optional hints.",
                false,
            ),
        ];
        for ([a, b], text, named) in cases {
            let question = Comparison {
                sides: vec![side(a, None), side(b, None)],
                ..question.clone()
            };
            let found = comparing_sentence_naming(text, &question, &tagger(), &[], Naming::Words);
            assert_eq!(found.is_some(), named, "{a} vs {b}: {text}");
        }
    }

    #[test]
    fn two_word_names_may_start_with_a_little_word() {
        for (question, expected) in [
            (
                "local in memory cache vs redis",
                ["local in memory cache", "redis"],
            ),
            (
                "structured logs vs plain text logs",
                ["structured logs", "plain text logs"],
            ),
        ] {
            assert_eq!(read_sides(question).unwrap(), expected, "{question}");
        }
    }

    #[test]
    fn a_page_sentence_counts_under_the_pages_names_for_a_side() {
        let side = |term: &str| Side {
            term: term.to_string(),
            skill: None,
            known: true,
        };
        let question = Comparison {
            sides: vec![side("cs degree"), side("bootcamp")],
            which_first: false,
            choice: false,
            context: None,
            as_typed: None,
        };
        // Many other skills named after a contrast word are no list.
        let tools = recognise("django vs flask", &tagger(), &VOCABULARY).unwrap();
        let many = "Django ships everything, while Flask leaves Python, SQL, Docker, REST and GraphQL to you.";
        assert_eq!(
            comparing_sentence(many, &tools, &tagger()).as_deref(),
            Some(many)
        );
        let list = "Pick Django, Flask, Python, SQL, Docker, REST or GraphQL, but practise.";
        assert_eq!(comparing_sentence(list, &tools, &tagger()), None);
        assert!(
            comparing_sentence(
                "In short: Django has batteries, whereas Flask has few.",
                &tools,
                &tagger()
            )
            .is_some(),
            "a sentence with \"whereas\" compares"
        );
        // Of several comparing sentences, the shortest.
        let two = "Django, the big framework with an admin, an ORM, forms and auth, suits large sites, while Flask, small and unopinionated, suits little services.\nIn short: Django has batteries, whereas Flask has few.";
        assert_eq!(
            comparing_sentence(two, &tools, &tagger()).as_deref(),
            Some("In short: Django has batteries, whereas Flask has few.")
        );
        let text = "A degree takes three or four years, while a bootcamp takes a few months.";
        assert_eq!(comparing_sentence(text, &question, &tagger()), None);
        let names = [vec!["degree".to_string()], vec!["bootcamp".to_string()]];
        assert_eq!(
            comparing_sentence_naming(text, &question, &tagger(), &names, Naming::WordsOrSkill)
                .as_deref(),
            Some(text)
        );
    }

    #[test]
    fn sides_are_keyed_without_their_plural() {
        assert_eq!(squash("Retries"), "retry");
        assert_eq!(squash("Unit tests"), "unittest");
        assert_eq!(squash("caches"), "cache");
        assert_eq!(squash("Node.js"), "nodejs");
        assert_eq!(singular("branches"), "branch");
        assert_eq!(singular("class"), "class");
    }

    #[test]
    fn a_lent_head_keeps_the_sides_as_typed() {
        let lent = recognise("unit vs integration tests", &tagger(), &VOCABULARY).unwrap();
        assert_eq!(lent.sides[0].term, "unit tests");
        assert_eq!(
            lent.as_typed,
            Some(vec!["unit".to_string(), "integration tests".to_string()])
        );
        let plain = recognise("docker vs kubernetes", &tagger(), &VOCABULARY).unwrap();
        assert_eq!(plain.as_typed, None);
    }

    fn asked(question: &str) -> Comparison {
        recognise(question, &tagger(), &VOCABULARY)
            .unwrap_or_else(|| panic!("not recognised: {question}"))
    }

    fn page_score(question: &Comparison, page: &[String], tagger: &SkillTagger) -> Option<f32> {
        page_assignment(question, page, tagger).map(|(score, _)| score)
    }

    #[test]
    fn compare_lines_are_read() {
        assert_eq!(
            page_sides("# Kafka vs RabbitMQ\ncompare: kafka, rabbitmq\n\nText."),
            Some(vec!["kafka".to_string(), "rabbitmq".to_string()])
        );
        assert_eq!(page_sides("# Docker\n\nDocker packages apps."), None);
        assert_eq!(page_sides("# X\ncompare: only-one"), None);
        let sides = page_sides("# XSS vs CSRF\ncompare: xss | cross-site scripting, csrf").unwrap();
        assert_eq!(sides, ["xss | cross-site scripting", "csrf"]);
        let names: Vec<&str> = side_names(&sides[0]).collect();
        assert_eq!(names, ["xss", "cross-site scripting"]);
        // Only right under the title, not anywhere in the text.
        assert_eq!(page_sides("# A\n\nOne.\n\nTwo.\n\ncompare: a, b"), None);
    }

    #[test]
    fn pages_match_questions_by_words_or_telling_skills() {
        let t = tagger();
        let page = |sides: &[&str]| sides.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: &[(&str, &[&str], bool)] = &[
            ("kafka vs rabbitmq", &["kafka", "rabbitmq"], true),
            ("rabbitmq or kafka?", &["kafka", "rabbitmq"], true),
            ("k8s vs docker", &["docker", "kubernetes"], true),
            ("golang or python", &["python", "go"], true),
            ("mysql vs postgres", &["postgresql", "mysql"], true),
            ("mongo vs postgres", &["mongodb", "postgresql"], true),
            (
                "unit tests vs integration tests",
                &["unit tests", "integration tests", "end-to-end tests"],
                true,
            ),
            ("merge or rebase?", &["merge", "rebase"], true),
            // Both message queues: the skill cannot stand for sqs.
            ("kafka vs sqs", &["kafka", "rabbitmq"], false),
            // Every side asked must be on the page.
            ("java vs python vs go", &["java", "python"], false),
            ("java vs kotlin", &["java", "python"], false),
            ("mysql vs mongo", &["postgresql", "mysql"], false),
            // A side's other names on the page count as the side.
            (
                "sync calls vs async messaging",
                &["synchronous | sync", "asynchronous | async"],
                true,
            ),
            (
                "monolith vs microservices",
                &["monolithic architecture | monolith", "microservices"],
                true,
            ),
            // A side with a word in front narrows the page's side.
            ("long polling vs grpc", &["polling", "grpc"], true),
            // A word or two inside the page's side.
            (
                "explicit cache invalidation vs ttl",
                &["ttl", "explicit invalidation"],
                true,
            ),
            (
                "local in memory cache vs redis",
                &["local cache", "redis"],
                true,
            ),
            // … not a different last word.
            (
                "explicit cache vs ttl",
                &["explicit invalidation", "ttl"],
                false,
            ),
            // Names of one side are not two sides.
            ("merge vs merging", &["merge | merging", "rebase"], false),
        ];
        for (question, sides, expected) in cases {
            let got = page_score(&asked(question), &page(sides), &t);
            assert_eq!(got.is_some(), *expected, "{question} ~ {sides:?}: {got:?}");
        }
        let exact = page_score(
            &asked("kafka vs rabbitmq"),
            &page(&["kafka", "rabbitmq"]),
            &t,
        );
        let wider = page_score(
            &asked("unit tests vs integration tests"),
            &page(&["unit tests", "integration tests", "end-to-end tests"]),
            &t,
        );
        assert!(exact > wider, "{exact:?} {wider:?}");
    }

    #[test]
    fn the_wanted_section_follows_the_question() {
        for (question, words) in [
            ("should I learn Java or Python first?", "first"),
            ("learn sql before python?", "first"),
            ("django or flask for a beginner", "choose"),
            ("which is better, mysql or postgresql?", "choose"),
            ("sql vs nosql", "differen"),
            (
                "difference between authentication and authorization",
                "differen",
            ),
        ] {
            let c = asked(question);
            assert_eq!(wanted_section(&c)[0], words, "{question}");
        }
    }

    #[test]
    fn the_extract_names_every_side() {
        let c = asked("kafka vs rabbitmq");
        let text = "Both move messages.\n- **Storage.** RabbitMQ deletes a message once it is acknowledged. Kafka keeps it for a retention period.\n- **Routing.** Kafka routes by topic.";
        let got = extract(text, &c, &tagger());
        assert_eq!(
            got,
            "Storage. RabbitMQ deletes a message once it is acknowledged. Kafka keeps it for a retention period."
        );
        let prose = "Docker builds images. Kubernetes runs them across machines, while Docker runs one host. The end.";
        let got = extract(prose, &asked("docker vs kubernetes"), &tagger());
        assert!(
            got.starts_with("Kubernetes runs them across machines, while Docker"),
            "{got}"
        );
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_read_without_panicking(question in "\\PC{0,120}", text in "\\PC{0,300}") {
            let t = tagger();
            let _ = recognise(&question, &t, &VOCABULARY);
            let c = asked("kafka vs rabbitmq");
            let _ = comparing_sentence(&text, &c, &t);
            let _ = extract(&text, &c, &t);
            let _ = page_sides(&text);
            let _ = title_sides(&question);
        }

        #[test]
        fn sides_are_words_of_the_question(b in "[a-z]{3,9}") {
            // A strong "vs" with a known side: recognised unless the other
            // word cannot be a name ("docker vs the").
            let found = recognise(&format!("docker vs {b}"), &tagger(), &VOCABULARY);
            if let Some(c) = &found {
                let terms: Vec<&str> = c.sides.iter().map(|s| s.term.as_str()).collect();
                proptest::prop_assert_eq!(terms, vec!["docker", b.as_str()]);
            } else {
                proptest::prop_assert!(
                    b == "docker" || BOUNDARY.contains(b.as_str()) || LEADING.contains(&b.as_str())
                );
            }
        }
    }

    #[test]
    fn long_text_is_not_a_comparison() {
        let long = format!("{} java vs python", "word ".repeat(80));
        assert_eq!(recognise(&long, &tagger(), &VOCABULARY), None);
    }
}
