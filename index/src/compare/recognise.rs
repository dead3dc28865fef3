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

use super::{Comparison, MAX_QUESTION_BYTES, MAX_SIDE_WORDS, MAX_SIDES, Side, Vocabulary};
use crate::SkillTagger;

/// Words that cannot be part of a side's name: they end a side.
pub(super) static BOUNDARY: LazyLock<HashSet<&'static str>> =
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
pub(super) const LEADING: &[&str] = &[
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
pub(super) fn recognise(
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
pub(super) fn skills_of(tagger: &SkillTagger, phrase: &str) -> Vec<String> {
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
            // Plain terms: each must share a comparison page with another
            // ("threading, multiprocessing or asyncio": threads vs
            // processes, threads vs async).
            let plain = sides.iter().all(|s| s.skill.is_none());
            let paired = |i: usize| {
                (0..sides.len())
                    .any(|j| j != i && vocabulary.together(&sides[i].term, &sides[j].term))
            };
            if plain && !(0..sides.len()).all(paired) {
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
