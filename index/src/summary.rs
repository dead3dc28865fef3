//! A compact summary of each passage, computed once at index time and stored
//! beside its text: the sentences of its prose (byte ranges, and the facts
//! each states) and its analysed terms with their byte offsets (as 32-bit
//! hashes). At query time the answer sentence and the snippet's highlights
//! come from it, for the shown passages only, so a question never analyses
//! stored text again, however long the passages are.
//!
//! Code is not in it: a code block is never an answer sentence.

#[cfg(test)]
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

#[cfg(test)]
use crate::chunk::parts;
use crate::chunk::sentences;
use crate::cues::facts;

/// 32-bit FNV-1a of an analysed term.
pub(crate) fn term_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.as_bytes() {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub from: usize,
    pub to: usize,
    pub hash: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub from: usize,
    pub to: usize,
    /// `FACT_*` bits.
    pub facts: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Terms of the prose, in text order.
    pub tokens: Vec<Token>,
    /// Sentences of the prose, in text order.
    pub sentences: Vec<Sentence>,
}

impl Summary {
    /// Summarises a chunk's text (prose lines and fenced code).
    #[cfg(test)]
    pub(crate) fn of(analyzer: &mut TextAnalyzer, text: &str) -> Summary {
        let mut tokens = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while let Some(token) = stream.next() {
            tokens.push((token.offset_from, token.offset_to, term_hash(&token.text)));
        }
        Summary::build(text, &parts(text), &tokens)
    }

    /// Summarises a chunk's text from its [`parts`](crate::chunk::parts) and
    /// its analysed terms (byte range, term hash).
    pub(crate) fn build(
        text: &str,
        parts: &[(bool, usize, usize)],
        tokens: &[(usize, usize, u32)],
    ) -> Summary {
        let mut summary = Summary::default();
        let mut next = 0;
        for &(is_code, from, to) in parts {
            // Tokens before this part belong to code or fences.
            while next < tokens.len() && tokens[next].0 < from {
                next += 1;
            }
            if is_code {
                continue;
            }
            let line = &text[from..to];
            // Most lines state no fact: look sentence by sentence only in
            // those that do.
            let line_facts = facts(line);
            for sentence in sentences(line) {
                let start = from + (sentence.as_ptr() as usize - line.as_ptr() as usize);
                summary.sentences.push(Sentence {
                    from: start,
                    to: start + sentence.len(),
                    facts: if line_facts == 0 { 0 } else { facts(sentence) },
                });
            }
            while next < tokens.len() && tokens[next].0 < to {
                let (from, to, hash) = tokens[next];
                summary.tokens.push(Token { from, to, hash });
                next += 1;
            }
        }
        summary
    }

    /// The tokens inside a byte range.
    pub(crate) fn tokens_in(&self, from: usize, to: usize) -> &[Token] {
        let start = self.tokens.partition_point(|t| t.from < from);
        let end = self.tokens.partition_point(|t| t.from < to);
        &self.tokens[start..end.max(start)]
    }

    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.tokens.len() * 6 + self.sentences.len() * 4 + 8);
        varint(&mut out, self.tokens.len());
        let mut last = 0;
        for t in &self.tokens {
            varint(&mut out, t.from - last);
            varint(&mut out, t.to - t.from);
            out.extend_from_slice(&t.hash.to_le_bytes());
            last = t.from;
        }
        varint(&mut out, self.sentences.len());
        let mut last = 0;
        for s in &self.sentences {
            varint(&mut out, s.from - last);
            varint(&mut out, s.to - s.from);
            out.push(s.facts as u8);
            last = s.to;
        }
        out
    }

    /// Decodes what [`Summary::encode`] wrote; anything malformed gives the
    /// part read so far (a damaged summary costs highlights, not answers).
    pub(crate) fn decode(bytes: &[u8]) -> Summary {
        let mut summary = Summary::default();
        let mut r = Reader { bytes, pos: 0 };
        let Some(n) = r.varint() else {
            return summary;
        };
        let mut last = 0;
        for _ in 0..n.min(bytes.len()) {
            let (Some(delta), Some(len), Some(hash)) = (r.varint(), r.varint(), r.u32()) else {
                return summary;
            };
            let from = last + delta;
            summary.tokens.push(Token {
                from,
                to: from + len,
                hash,
            });
            last = from;
        }
        let Some(n) = r.varint() else {
            return summary;
        };
        let mut last = 0;
        for _ in 0..n.min(bytes.len()) {
            let (Some(delta), Some(len), Some(facts)) = (r.varint(), r.varint(), r.byte()) else {
                return summary;
            };
            let from = last + delta;
            summary.sentences.push(Sentence {
                from,
                to: from + len,
                facts: u64::from(facts),
            });
            last = from + len;
        }
        summary
    }
}

fn varint(out: &mut Vec<u8>, mut n: usize) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn u32(&mut self) -> Option<u32> {
        let b = self.bytes.get(self.pos..self.pos + 4)?;
        self.pos += 4;
        Some(u32::from_le_bytes(b.try_into().ok()?))
    }

    fn varint(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            n |= usize::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cues::FACT_DURATION;
    use crate::text::analyzer;

    #[test]
    fn summaries_round_trip_and_skip_code() {
        let mut a = analyzer();
        let text = "Docker takes 2–3 months. Images are built from a Dockerfile.\n```\ndocker build .\n```\nThen push it.";
        let s = Summary::of(&mut a, text);
        let sentences: Vec<&str> = s.sentences.iter().map(|x| &text[x.from..x.to]).collect();
        assert_eq!(
            sentences,
            [
                "Docker takes 2–3 months.",
                "Images are built from a Dockerfile.",
                "Then push it."
            ]
        );
        assert_eq!(s.sentences[0].facts, FACT_DURATION);
        assert!(
            s.tokens
                .iter()
                .all(|t| !text[t.from..t.to].contains("build ."))
        );
        assert_eq!(&text[s.tokens[0].from..s.tokens[0].to], "Docker");
        assert_eq!(s.tokens[0].hash, term_hash("docker"));
        assert_eq!(Summary::decode(&s.encode()), s);
        assert_eq!(s.tokens_in(s.sentences[2].from, s.sentences[2].to).len(), 1);
    }

    #[test]
    fn damaged_summaries_decode_to_what_is_readable() {
        let mut a = analyzer();
        let s = Summary::of(&mut a, "Redis keeps hot data in memory.");
        let bytes = s.encode();
        for cut in 0..bytes.len() {
            let _ = Summary::decode(&bytes[..cut]);
        }
        assert!(Summary::decode(&[0xff; 3]).tokens.is_empty());
    }
}
