//! Text analysis shared by indexing and querying.
//!
//! Tech names must survive as distinct tokens: "C#" and "C++" must not both
//! become "c", "Node.js" must stay one word. The tokenizer therefore keeps
//! `#` and `+` glued to the end of a word (`c#` → `csharp`, `c++` →
//! `cplusplus`), joins dotted names when the part after the dot starts with a
//! letter (`node.js` → `nodejs`, `asp.net` → `aspnet`, a leading `.net` →
//! `dotnet`), and joins short slash pairs (`ci/cd` → `cicd`, `ai/ml` → `aiml`).
//! Everything else splits on non-alphanumerics, like tantivy's simple
//! tokenizer. After it: lowercasing, a full English stop list plus question
//! words, and English stemming.

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, Stemmer, StopWordFilter, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Name under which the analyzer is registered in the index.
pub(crate) const ANALYZER: &str = "skillbot";
/// Name of the tokenizer of fields whose text is already analysed terms
/// separated by spaces: the builder analyses each passage once and gives
/// tantivy the terms, so nothing is stemmed twice.
pub(crate) const TERMS: &str = "skillbot-terms";

/// Registers the tokenizers an index's fields use.
pub(crate) fn register(index: &tantivy::Index) {
    index.tokenizers().register(ANALYZER, analyzer());
    index.tokenizers().register(
        TERMS,
        TextAnalyzer::builder(tantivy::tokenizer::WhitespaceTokenizer::default()).build(),
    );
}

/// English stop words plus the words people use to ask questions in chat.
/// Tech words that look like English ("go", "rest", "express", "spring",
/// "it"? no: "it" is a stop word) are deliberately absent where they name a
/// technology: "go", "rest", "express", "spring", "node", "rails".
pub(crate) const STOP_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anyone",
    "are",
    "aren",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "best",
    "better",
    "between",
    "both",
    "but",
    "by",
    "came",
    "can",
    "come",
    "comes",
    "coming",
    "could",
    "couldn",
    "did",
    "didn",
    "do",
    "does",
    "doesn",
    "doing",
    "don",
    "down",
    "during",
    "each",
    "eg",
    "either",
    "even",
    "else",
    "etc",
    "ever",
    "every",
    "few",
    "for",
    "from",
    "further",
    "get",
    "gets",
    "getting",
    "give",
    "good",
    "got",
    "had",
    "hadn",
    "has",
    "hasn",
    "have",
    "haven",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "hey",
    "hi",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "ie",
    "if",
    "im",
    "in",
    "into",
    "is",
    "isn",
    "it",
    "its",
    "itself",
    "ive",
    "just",
    "kind",
    "know",
    "let",
    "lets",
    "like",
    "ll",
    "lot",
    "lots",
    "me",
    "mean",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "must",
    "mustn",
    "my",
    "myself",
    "need",
    "needs",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "ok",
    "okay",
    "on",
    "once",
    "one",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "please",
    "pls",
    "re",
    "really",
    "s",
    "same",
    "say",
    "shall",
    "she",
    "should",
    "shouldn",
    "so",
    "some",
    "someone",
    "something",
    "such",
    "sure",
    "t",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "this",
    "those",
    "through",
    "thx",
    "to",
    "too",
    "under",
    "until",
    "up",
    "us",
    "use",
    "used",
    "using",
    "ve",
    "very",
    "versus",
    "vs",
    "want",
    "actual",
    "actually",
    "stuff",
    "super",
    "was",
    "wasn",
    "way",
    "ways",
    "we",
    "were",
    "weren",
    "what",
    "whats",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "won",
    "would",
    "wouldn",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Builds the analyzer used for the indexed body and for queries.
pub(crate) fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(TechTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| w.to_string()),
        ))
        .filter(Stemmer::new(Language::English))
        .build()
}

/// Analyzes `text` into its terms (lowercased, stop words removed, stemmed),
/// with byte offsets into `text`.
pub(crate) fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push((token.text.clone(), token.offset_from, token.offset_to));
    }
    out
}

/// Lowercased words without stop-word removal or stemming, for matching
/// skill names exactly. Keeps the "starts with a capital" flag.
pub(crate) fn words(text: &str) -> Vec<(String, bool)> {
    let mut tokenizer = TechTokenizer::default();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while let Some(token) = stream.next() {
        let capital = text[token.offset_from..]
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '.');
        out.push((token.text.to_lowercase(), capital));
    }
    out
}

/// Splits on non-alphanumerics but keeps tech names whole (see module docs).
#[derive(Clone, Default)]
pub(crate) struct TechTokenizer {
    token: Token,
}

pub(crate) struct TechTokenStream<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    token: &'a mut Token,
}

impl Tokenizer for TechTokenizer {
    type TokenStream<'a> = TechTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TechTokenStream<'a> {
        self.token.reset();
        TechTokenStream {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            token: &mut self.token,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl TechTokenStream<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// For the first half of a compound written in two words ("front end",
    /// "back-end", "full stack", "real-time"), the byte length of the second
    /// half after the one-byte separator.
    fn compound_tail(&self, head: &str) -> Option<usize> {
        const COMPOUNDS: &[(&str, &str)] = &[
            ("front", "end"),
            ("back", "end"),
            ("full", "stack"),
            ("real", "time"),
        ];
        let sep = self.char_at(self.pos)?;
        if sep != ' ' && sep != '-' {
            return None;
        }
        let tail_start = self.pos + 1;
        let len = self.word_len(tail_start);
        let tail = &self.text[tail_start..tail_start + len];
        COMPOUNDS
            .iter()
            .any(|(h, t)| head.eq_ignore_ascii_case(h) && tail.eq_ignore_ascii_case(t))
            .then_some(len)
    }

    /// Length in bytes of the run of word characters starting at `i`.
    fn word_len(&self, i: usize) -> usize {
        self.text[i..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(self.text.len() - i, |(n, _)| n)
    }
}

impl TokenStream for TechTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        // Find the start of the next word (or a leading ".net"-style dot).
        let mut start = None;
        let mut dotted = false;
        while self.pos < self.bytes.len() {
            let Some(c) = self.char_at(self.pos) else {
                break;
            };
            if is_word_char(c) {
                start = Some(self.pos);
                break;
            }
            if c == '.' {
                let before_ok = self.pos == 0
                    || self.text[..self.pos]
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_whitespace() || p == '(' || p == '"' || p == '/');
                let after_letter = self.char_at(self.pos + 1).is_some_and(char::is_alphabetic);
                if before_ok && after_letter {
                    start = Some(self.pos);
                    dotted = true;
                    self.pos += 1;
                    break;
                }
            }
            self.pos += c.len_utf8();
        }
        let Some(start) = start else {
            return false;
        };
        if dotted {
            self.token.text.push_str("dot");
        }
        let first_len = self.word_len(self.pos);
        self.token
            .text
            .push_str(&self.text[self.pos..self.pos + first_len]);
        let mut part_len = first_len;
        self.pos += first_len;
        if let Some(len) = self.compound_tail(&self.text[self.pos - first_len..self.pos]) {
            // "front end", "back-end", "full stack", "real-time": one word.
            let tail_start = self.pos + 1;
            self.token
                .text
                .push_str(&self.text[tail_start..tail_start + len]);
            self.pos = tail_start + len;
            self.token.offset_from = start;
            self.token.offset_to = self.pos;
            return true;
        }
        loop {
            match self.char_at(self.pos) {
                Some('#') if part_len > 0 && part_len <= 2 => {
                    self.token.text.push_str("sharp");
                    self.pos += 1;
                    break;
                }
                Some('+') if self.char_at(self.pos + 1) == Some('+') && part_len <= 2 => {
                    self.token.text.push_str("plusplus");
                    self.pos += 2;
                    break;
                }
                Some('.') => {
                    let next = self.char_at(self.pos + 1);
                    if next.is_some_and(char::is_alphabetic) {
                        let len = self.word_len(self.pos + 1);
                        self.token
                            .text
                            .push_str(&self.text[self.pos + 1..self.pos + 1 + len]);
                        self.pos += 1 + len;
                        part_len = len;
                        continue;
                    }
                    break;
                }
                Some('/') => {
                    let next = self.char_at(self.pos + 1);
                    let len = if next.is_some_and(char::is_alphabetic) {
                        self.word_len(self.pos + 1)
                    } else {
                        0
                    };
                    let after = self.char_at(self.pos + 1 + len);
                    if first_len <= 3 && (1..=3).contains(&len) && after.is_none_or(|c| c != '/') {
                        self.token
                            .text
                            .push_str(&self.text[self.pos + 1..self.pos + 1 + len]);
                        self.pos += 1 + len;
                    }
                    break;
                }
                _ => break,
            }
        }
        self.token.offset_from = start;
        self.token.offset_to = self.pos;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        let mut t = TechTokenizer::default();
        let mut s = t.token_stream(text);
        let mut out = Vec::new();
        while let Some(tok) = s.next() {
            out.push(tok.text.clone());
        }
        out
    }

    #[test]
    fn tech_names_stay_distinct() {
        let cases: &[(&str, &[&str])] = &[
            ("C# and C++", &["Csharp", "and", "Cplusplus"]),
            ("F# or c#.", &["Fsharp", "or", "csharp"]),
            (
                "Use .NET with ASP.NET Core",
                &["Use", "dotNET", "with", "ASPNET", "Core"],
            ),
            (
                "Node.js, Vue.js and Next.js.",
                &["Nodejs", "Vuejs", "and", "Nextjs"],
            ),
            ("CI/CD pipelines", &["CICD", "pipelines"]),
            ("client/server apps", &["client", "server", "apps"]),
            (
                "version 3.11 in 2-3 months",
                &["version", "3", "11", "in", "2", "3", "months"],
            ),
            ("Java. Python", &["Java", "Python"]),
            ("it's (AND OR -", &["it", "s", "AND", "OR"]),
            ("naïve café 日本語", &["naïve", "café", "日本語"]),
            (
                "Front end vs back-end, full-stack",
                &["Frontend", "vs", "backend", "fullstack"],
            ),
            ("the back of the end", &["the", "back", "of", "the", "end"]),
        ];
        for (text, expected) in cases {
            assert_eq!(tokens(text), *expected, "{text}");
        }
    }

    #[test]
    fn analyzer_lowercases_drops_question_words_and_stems() {
        let mut a = analyzer();
        let got: Vec<String> = terms(&mut a, "How do I deploy Containers with C#?")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(got, ["deploy", "contain", "csharp"]);
    }

    #[test]
    fn offsets_point_into_the_text() {
        let mut a = analyzer();
        let text = "Learn Node.js — quickly";
        for (_, from, to) in terms(&mut a, text) {
            assert!(text.get(from..to).is_some());
        }
    }
}
