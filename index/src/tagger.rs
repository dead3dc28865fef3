//! Skill tagging: which catalog skills a passage or a question mentions.
//!
//! The caller gives `(id, names)` pairs (names and aliases), so this crate
//! does not depend on the catalog. Names are matched as whole word sequences
//! on the tech tokenizer's output, plural-insensitive. Names that are also
//! everyday English words ("Go", "REST", "Express", "Spring", "Rails") and
//! one-letter names ("C", "R") only count in material when written with a
//! capital letter. In questions, which people type in lower case, they also
//! count when the words around them show the question is about a skill:
//! "learn go", "go or rust", "go developers", "written in go", "is go worth
//! it" — but not "should i go for it" or "how to go about it".

use std::collections::HashMap;

use crate::text::words;

/// Single words that name a technology but are also common English.
const AMBIGUOUS: &[&str] = &[
    "go", "rest", "express", "spring", "rails", "flask", "swift", "rust", "apache", "lambda",
    "node", "react", "angular", "ruby", "kotlin", "scala", "spark", "hive", "pig", "chef",
    "puppet", "ansible", "jest", "mocha", "jasmine", "python", "java", "kafka", "docker", "shell",
    "terminal", "edge", "spa", "markup", "cookie", "oracle", "elixir", "julia", "crystal", "dart",
    "pandas",
];

/// Finds skill mentions in text.
#[derive(Debug, Clone, Default)]
pub struct SkillTagger {
    ids: Vec<String>,
    /// First word → (phrase words, skill index, needs a capital).
    phrases: HashMap<String, Vec<(Vec<String>, usize, bool)>>,
    /// One-word names as written, lower-cased (for spelling correction).
    single: Vec<String>,
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
                let raw = words(&name);
                if let [(word, _)] = raw.as_slice()
                    && !tagger.single.contains(word)
                {
                    tagger.single.push(word.clone());
                }
                let phrase: Vec<String> = raw
                    .into_iter()
                    .map(|(w, _)| singular(&w).to_string())
                    .collect();
                let Some(first) = phrase.first().cloned() else {
                    continue;
                };
                let capital = phrase.len() == 1
                    && (AMBIGUOUS.contains(&phrase[0].as_str()) || phrase[0].chars().count() == 1);
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
        self.find(text, false)
    }

    /// Mentions in material (`question` false: ambiguous names need a
    /// capital) or in a question (they may also be shown by context).
    fn find(&self, text: &str, question: bool) -> Vec<usize> {
        self.spans(text, question)
            .into_iter()
            .map(|(_, _, skill)| skill)
            .collect()
    }

    /// Mentions as (first token, tokens, skill index), tokens as [`words`]
    /// splits them.
    fn spans(&self, text: &str, question: bool) -> Vec<(usize, usize, usize)> {
        let tokens = words(text);
        let singulars: Vec<&str> = tokens.iter().map(|(w, _)| singular(w)).collect();
        // (token index, length, skill, needs context)
        let mut found: Vec<(usize, usize, usize, bool)> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut advanced = 1;
            if let Some(candidates) = self.phrases.get(singulars[i]) {
                for (phrase, skill, capital) in candidates {
                    let n = phrase.len();
                    if i + n <= singulars.len()
                        && singulars[i..i + n].iter().zip(phrase).all(|(a, b)| *a == b)
                    {
                        let needs_context = *capital && !tokens[i].1;
                        if needs_context && !question {
                            continue;
                        }
                        found.push((i, n, *skill, needs_context));
                        advanced = n;
                        break;
                    }
                }
            }
            i += advanced;
        }
        if question {
            let candidates: Vec<usize> = found.iter().map(|e| e.0).collect();
            // Two passes: "learn go or rust" accepts rust through go.
            for _ in 0..2 {
                let accepted: Vec<usize> = found.iter().filter(|e| !e.3).map(|e| e.0).collect();
                for entry in found.iter_mut().filter(|e| e.3) {
                    if skill_context(&tokens, entry.0, &accepted, &candidates) {
                        entry.3 = false;
                    }
                }
            }
        }
        found
            .into_iter()
            .filter(|e| !e.3)
            .map(|(i, n, skill, _)| (i, n, skill))
            .collect()
    }

    /// The skills a question names, with the words that name them: (first
    /// word, number of words, skill id), words as the tech tokenizer splits
    /// them (lower-cased). Context decides for ambiguous names, as in
    /// [`SkillTagger::skills_in`].
    pub(crate) fn question_spans(&self, question: &str) -> Vec<(usize, usize, &str)> {
        self.spans(question, true)
            .into_iter()
            .map(|(i, n, skill)| (i, n, self.ids[skill].as_str()))
            .collect()
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

    /// The skill name a misspelt word stands for ("pyhton" → python,
    /// "kuberentes" → kubernetes): one edit away for names of five letters
    /// or more (swapped letters count as one), two for names of nine or more.
    pub(crate) fn correct(&self, word: &str) -> Option<&str> {
        let n = word.chars().count();
        if n < 5 {
            return None;
        }
        let mut best: Option<(usize, &str)> = None;
        for name in &self.single {
            let len = name.chars().count();
            if len < 5 || len.abs_diff(n) > 2 {
                continue;
            }
            let limit = if len >= 9 { 2 } else { 1 };
            let d = strsim::damerau_levenshtein(name, word);
            if d == 0 {
                return None;
            }
            if d <= limit && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, name.as_str()));
            }
        }
        best.map(|(_, name)| name)
    }

    /// The skill `word` (lower case) names when written with a capital, if
    /// it is a skill name that is also an everyday word ("spring" →
    /// `spring-boot`): written in lower case without words around it that
    /// make it a skill, it means the everyday thing.
    pub(crate) fn everyday_skill(&self, word: &str) -> Option<&str> {
        let word = singular(word);
        self.phrases.get(word).and_then(|list| {
            list.iter()
                .find(|(phrase, _, capital)| *capital && phrase.len() == 1)
                .map(|(_, skill, _)| self.ids[*skill].as_str())
        })
    }

    /// Skill ids a question mentions, in order of mention, deduplicated.
    pub fn skills_in(&self, question: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for skill in self.find(question, true) {
            let id = &self.ids[skill];
            if !out.contains(id) {
                out.push(id.clone());
            }
        }
        out
    }
}

/// Words before a lower-case ambiguous name that show it names a skill.
const BEFORE: &[&str] = &[
    "learn",
    "learning",
    "learned",
    "learnt",
    "know",
    "knowing",
    "knows",
    "study",
    "studying",
    "master",
    "mastering",
    "use",
    "using",
    "uses",
    "code",
    "coding",
    "program",
    "programming",
    "write",
    "writing",
    "written",
    "in",
    "with",
    "than",
    "choose",
    "pick",
    "into",
    "switch",
    "switching",
    "between",
    "vs",
    "versus",
    "teach",
    "practice",
    "practise",
    "improve",
    "senior",
    "junior",
    "deploy",
    "deploying",
    "install",
    "installing",
    "run",
    "running",
    "after",
    "before",
    "besides",
    "beyond",
    "alongside",
];
/// Words after it that show the same.
const AFTER: &[&str] = &[
    "developer",
    "developers",
    "dev",
    "devs",
    "programming",
    "programmer",
    "programmers",
    "language",
    "lang",
    "code",
    "backend",
    "engineer",
    "engineers",
    "first",
    "worth",
    "still",
    "or",
    "vs",
    "versus",
    "job",
    "jobs",
    "salary",
    "salaries",
    "pay",
    "project",
    "projects",
    "app",
    "apps",
    "api",
    "apis",
    "service",
    "services",
    "framework",
    "frameworks",
    "skills",
    "experience",
    "dead",
    "popular",
    "good",
    "better",
    "faster",
    "easier",
    "harder",
    "image",
    "images",
    "container",
    "containers",
    "compose",
    "file",
    "files",
    "class",
    "classes",
    "script",
    "scripts",
    "crate",
    "crates",
    "module",
    "modules",
    "package",
    "packages",
    "library",
    "libraries",
    "tutorial",
    "tutorials",
    "course",
    "courses",
    "book",
    "books",
    "docs",
    "documentation",
    "version",
    "versions",
    "install",
    "installation",
    "setup",
    "config",
    "configuration",
    "error",
    "errors",
    "bug",
    "bugs",
    "test",
    "tests",
    "testing",
    "program",
    "programs",
    "syntax",
    "types",
    "feature",
    "features",
    "runtime",
    "stack",
    "ecosystem",
    "certification",
    "interview",
    "interviews",
    "roadmap",
    "basics",
    "fundamentals",
    "beginner",
    "beginners",
    "cluster",
    "clusters",
    "pipeline",
    "pipelines",
    "server",
    "servers",
];
/// Words after it that show the everyday verb ("go about", "go ahead").
const VERB_AFTER: &[&str] = &[
    "about", "ahead", "through", "back", "home", "out", "away", "over", "up", "down", "there",
    "here", "on", "off", "get", "see", "look", "find", "wrong", "well", "along", "by",
];

/// Whether the lower-case ambiguous name at token `i` names a skill: the
/// words around it say so, or it is paired ("or", "vs") with another name
/// ("java or kotlin"; with "and", only with a name already accepted).
fn skill_context(
    tokens: &[(String, bool)],
    i: usize,
    accepted: &[usize],
    candidates: &[usize],
) -> bool {
    let word = |j: usize| tokens.get(j).map(|(w, _)| w.as_str());
    let before = i.checked_sub(1).and_then(word);
    let after = word(i + 1);
    if after.is_some_and(|a| VERB_AFTER.contains(&a)) {
        return false;
    }
    let choice = |w: Option<&str>| w.is_some_and(|w| matches!(w, "or" | "vs" | "versus"));
    let and = |w: Option<&str>| w == Some("and");
    if (choice(before) && i >= 2 && candidates.contains(&(i - 2)))
        || (choice(after) && candidates.contains(&(i + 2)))
        || (and(before) && i >= 2 && accepted.contains(&(i - 2)))
        || (and(after) && accepted.contains(&(i + 2)))
    {
        return true;
    }
    // The whole subject of "what is X" / "what does X do".
    let definition = match before {
        Some("is" | "are") => after.is_none_or(|a| matches!(a, "used" | "for" | "good")),
        Some("does" | "do") => after.is_some_and(|a| {
            matches!(
                a,
                "do" | "mean" | "stand" | "take" | "takes" | "work" | "pay" | "need" | "compare"
            )
        }),
        _ => false,
    };
    let before_ok = before.is_some_and(|b| BEFORE.contains(&b) && !matches!(b, "or" | "and"));
    let after_ok =
        after.is_some_and(|a| AFTER.contains(&a) && !matches!(a, "or" | "vs" | "versus"));
    definition || before_ok || after_ok
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
    fn short_names_in_questions_resolve_by_context() {
        let t = SkillTagger::new([
            (
                "go".to_string(),
                vec!["Go".to_string(), "golang".to_string()],
            ),
            ("rust".to_string(), vec!["Rust".to_string()]),
            ("c".to_string(), vec!["C".to_string()]),
            ("r".to_string(), vec!["R".to_string()]),
            ("java".to_string(), vec!["Java".to_string()]),
        ]);
        for (q, want) in [
            ("how long to learn go", vec!["go"]),
            ("which pays more, go or java?", vec!["go", "java"]),
            ("shoud i learn go or rust first", vec!["go", "rust"]),
            ("is go worth learning in 2025", vec!["go"]),
            ("go developers salary", vec!["go"]),
            ("should i learn c before c++", vec!["c"]),
            ("learn r for statistics", vec!["r"]),
            ("should i go for it", vec![]),
            ("how do i go about learning java", vec!["java"]),
            ("let's go", vec![]),
            ("what is go", vec!["go"]),
            ("when is spring coming", vec![]),
            ("what does java do", vec!["java"]),
            ("how long does rust take to learn", vec!["rust"]),
        ] {
            assert_eq!(t.skills_in(q), want, "{q}");
        }
        // Material still needs the capital.
        assert!(t.tag("", "we go to the shop, see r and c", 5).is_empty());
        assert_eq!(t.tag("", "Programs in C and Go", 5), ["c", "go"]);
    }

    #[test]
    fn misspelt_names_are_corrected() {
        let t = tagger();
        assert_eq!(t.correct("kuberentes"), Some("kubernetes"));
        assert_eq!(t.correct("microservices"), None);
        assert_eq!(t.correct("docker"), None);
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
