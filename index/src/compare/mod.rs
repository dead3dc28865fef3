//! Comparison and choice questions ("X vs Y", "should I learn X or Y",
//! "X, Y or Z"), answered side by side.
//!
//! - `recognise` reads a question as a comparison and resolves its sides to
//!   catalog skills or plain terms;
//! - `pages` keys the material's comparison pages by their sides and decides
//!   which page fits the question's sides;
//! - `sentence` finds, in a passage, the sentence that compares the sides;
//! - `answer` puts these together over the index: the page (or a passage
//!   comparing the sides), the best passage on each side, and for three or
//!   more sides the pages on two of them.

mod answer;
mod pages;
mod recognise;
mod sentence;
#[cfg(test)]
mod tests;

use crate::Passage;

pub(crate) use pages::{page_key, page_sides, side_keys, side_names, title_sides};

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
