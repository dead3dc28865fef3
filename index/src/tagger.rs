//! Skill tagging: which catalog skills a passage or a question mentions.
//!
//! The caller gives `(id, names)` pairs (names and aliases), so this crate
//! does not depend on the catalog. Names are matched as whole word sequences
//! on the tech tokenizer's output, plural-insensitive. Names that are also
//! everyday English words ("Go", "REST", "Express", "Spring", "Rails") only
//! count when written with a capital letter.

use std::collections::HashMap;

use crate::text::words;

/// Single words that name a technology but are also common English.
const AMBIGUOUS: &[&str] = &[
    "go", "rest", "express", "spring", "rails", "flask", "swift", "rust", "apache", "lambda",
    "node", "react", "angular", "ruby", "kotlin", "scala", "spark", "hive", "pig", "chef",
    "puppet", "ansible", "jest", "mocha", "jasmine",
];

/// Finds skill mentions in text.
#[derive(Debug, Clone, Default)]
pub struct SkillTagger {
    ids: Vec<String>,
    /// First word → (phrase words, skill index, needs a capital).
    phrases: HashMap<String, Vec<(Vec<String>, usize, bool)>>,
}

fn singular(word: &str) -> &str {
    if word.len() > 3 && word.ends_with('s') && !word.ends_with("ss") {
        &word[..word.len() - 1]
    } else {
        word
    }
}

impl SkillTagger {
    /// Builds a tagger from `(skill id, [name, alias, …])` pairs.
    pub fn new<I, N>(skills: I) -> SkillTagger
    where
        I: IntoIterator<Item = (String, N)>,
        N: IntoIterator<Item = String>,
    {
        let mut tagger = SkillTagger::default();
        for (id, names) in skills {
            let index = tagger.ids.len();
            let mut all: Vec<String> = names.into_iter().collect();
            all.push(id.replace('-', " "));
            for name in all {
                let phrase: Vec<String> = words(&name)
                    .into_iter()
                    .map(|(w, _)| singular(&w).to_string())
                    .collect();
                let Some(first) = phrase.first().cloned() else {
                    continue;
                };
                let capital = phrase.len() == 1 && AMBIGUOUS.contains(&phrase[0].as_str());
                let entry = tagger.phrases.entry(first).or_default();
                if !entry.iter().any(|(p, i, _)| p == &phrase && *i == index) {
                    entry.push((phrase, index, capital));
                }
            }
            tagger.ids.push(id);
        }
        for list in tagger.phrases.values_mut() {
            // Longest phrase first, so "spring boot" wins over "spring".
            list.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
        }
        tagger
    }

    /// Whether the tagger knows any skill.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Skill indices mentioned in `text`, once per mention.
    pub(crate) fn mentions(&self, text: &str) -> Vec<usize> {
        let tokens = words(text);
        let singulars: Vec<&str> = tokens.iter().map(|(w, _)| singular(w)).collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut advanced = 1;
            if let Some(candidates) = self.phrases.get(singulars[i]) {
                for (phrase, skill, capital) in candidates {
                    let n = phrase.len();
                    if i + n <= singulars.len()
                        && singulars[i..i + n].iter().zip(phrase).all(|(a, b)| *a == b)
                        && (!capital || tokens[i].1)
                    {
                        out.push(*skill);
                        advanced = n;
                        break;
                    }
                }
            }
            i += advanced;
        }
        out
    }

    /// Skill ids for a passage: heading mentions weigh three times body
    /// mentions; strongest first, at most `limit`.
    pub fn tag(&self, headings: &str, body: &str, limit: usize) -> Vec<String> {
        let mut score: HashMap<usize, (u32, usize)> = HashMap::new();
        let mut order = 0;
        for (text, weight) in [(headings, 3), (body, 1)] {
            for skill in self.mentions(text) {
                let entry = score.entry(skill).or_insert((0, order));
                entry.0 += weight;
                order += 1;
            }
        }
        let mut ranked: Vec<(usize, (u32, usize))> = score.into_iter().collect();
        ranked.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.1.1.cmp(&b.1.1)));
        ranked
            .into_iter()
            .take(limit)
            .map(|(skill, _)| self.ids[skill].clone())
            .collect()
    }

    /// Skill ids a question mentions, in order of mention, deduplicated.
    pub fn skills_in(&self, question: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for skill in self.mentions(question) {
            let id = &self.ids[skill];
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger() -> SkillTagger {
        let s = |id: &str, names: &[&str]| {
            (
                id.to_string(),
                names.iter().map(|n| n.to_string()).collect::<Vec<_>>(),
            )
        };
        SkillTagger::new([
            s("kubernetes", &["Kubernetes", "k8s"]),
            s("spring-boot", &["Spring Boot", "spring"]),
            s("go", &["Go", "golang"]),
            s("csharp", &["C#", ".NET"]),
            s("microservices", &["Microservices"]),
        ])
    }

    #[test]
    fn headings_outweigh_body() {
        let t = tagger();
        assert_eq!(
            t.tag("Kubernetes basics", "Unlike Spring Boot apps on k8s…", 5),
            ["kubernetes", "spring-boot"]
        );
    }

    #[test]
    fn ambiguous_words_need_a_capital() {
        let t = tagger();
        assert!(t.tag("", "we go to the shop in spring", 5).is_empty());
        assert_eq!(t.tag("", "Services in Go and golang", 5), ["go"]);
        assert_eq!(t.skills_in("is C# or .net better"), ["csharp"]);
    }

    #[test]
    fn plurals_and_multiword_names_match() {
        let t = tagger();
        assert_eq!(
            t.skills_in("what is a microservice on spring boot"),
            ["microservices", "spring-boot"]
        );
    }
}
