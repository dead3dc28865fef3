//! Sections → passages ("chunks") of roughly 120–400 words, never more than
//! about 4,000 characters. Tiny sibling sections are merged (a heading with
//! one line of text is too little to rank well alone); long ones are split
//! at paragraph, then sentence boundaries. Each chunk keeps its heading path.

use crate::ingest::{Document, Section};

/// Sections shorter than this many words are merged with the next sibling.
const TINY_WORDS: usize = 40;
/// A merged chunk stops growing at this many words.
const MERGE_LIMIT_WORDS: usize = 250;
/// Long sections are split into windows of about this many words.
const SPLIT_WORDS: usize = 350;
/// Hard cap on a chunk's text.
pub(crate) const MAX_CHARS: usize = 4_000;

/// A passage before tagging.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawChunk {
    /// The heading path shown as the section ("Docker › Learning time").
    pub section: String,
    /// All headings inside the chunk (for tagging and the indexed body).
    pub headings: Vec<String>,
    pub text: String,
}

fn words(lines: &[String]) -> usize {
    lines.iter().map(|l| l.split_whitespace().count()).sum()
}

fn parent(path: &[String]) -> &[String] {
    &path[..path.len().saturating_sub(1)]
}

/// Cuts documents into chunks.
pub(crate) fn chunks(doc: &Document) -> Vec<RawChunk> {
    let mut out = Vec::new();
    let mut pending: Option<(Section, Vec<String>)> = None;
    for section in &doc.sections {
        if let Some((merged, headings)) = pending.as_mut() {
            let fits = words(&merged.lines) + words(&section.lines) <= MERGE_LIMIT_WORDS;
            let is_question = section
                .path
                .last()
                .is_some_and(|h| h.trim_end().ends_with('?'));
            if parent(&merged.path) == parent(&section.path) && fits && !is_question {
                if let Some(h) = section.path.last() {
                    merged.lines.push(h.clone());
                    headings.push(h.clone());
                }
                merged.lines.extend(section.lines.iter().cloned());
                if words(&merged.lines) >= TINY_WORDS {
                    let (merged, headings) = pending.take().expect("pending is some");
                    emit(doc, &merged, headings, &mut out);
                }
                continue;
            }
            let (merged, headings) = pending.take().expect("pending is some");
            emit(doc, &merged, headings, &mut out);
        }
        // A question heading with its answer (an FAQ entry) is whole as it is.
        let is_question = section
            .path
            .last()
            .is_some_and(|h| h.trim_end().ends_with('?'));
        if words(&section.lines) < TINY_WORDS && !is_question {
            pending = Some((section.clone(), section.path.clone()));
        } else {
            emit(doc, section, section.path.clone(), &mut out);
        }
    }
    if let Some((merged, headings)) = pending {
        emit(doc, &merged, headings, &mut out);
    }
    out
}

fn emit(doc: &Document, section: &Section, headings: Vec<String>, out: &mut Vec<RawChunk>) {
    let mut label = if section.path.is_empty() {
        doc.title.clone()
    } else {
        section.path.join(" › ")
    };
    // Merged siblings: "Languages › Java · Python".
    for merged in headings.iter().skip(1) {
        if !label.ends_with(merged.as_str()) {
            label.push_str(" · ");
            label.push_str(merged);
        }
    }
    let mut window: Vec<String> = Vec::new();
    let mut window_words = 0;
    let mut window_chars = 0;
    let mut pieces: Vec<String> = Vec::new();
    for line in &section.lines {
        for piece in split_long(line) {
            pieces.push(piece);
        }
    }
    for piece in pieces {
        let w = piece.split_whitespace().count();
        let c = piece.len() + 1;
        if !window.is_empty() && (window_words + w > SPLIT_WORDS || window_chars + c > MAX_CHARS) {
            out.push(RawChunk {
                section: label.clone(),
                headings: headings.clone(),
                text: window.join("\n"),
            });
            window.clear();
            window_words = 0;
            window_chars = 0;
        }
        window_words += w;
        window_chars += c;
        window.push(piece);
    }
    if !window.is_empty() {
        out.push(RawChunk {
            section: label,
            headings,
            text: window.join("\n"),
        });
    }
}

/// Splits a paragraph longer than the caps at sentence ends, then at spaces,
/// then anywhere on a char boundary.
fn split_long(line: &str) -> Vec<String> {
    if line.len() <= MAX_CHARS / 2 && line.split_whitespace().count() <= SPLIT_WORDS {
        return vec![line.to_string()];
    }
    let mut out = Vec::new();
    let mut current = String::new();
    for sentence in sentences(line) {
        if !current.is_empty() && current.len() + sentence.len() > MAX_CHARS / 2 {
            out.push(std::mem::take(&mut current));
        }
        let mut rest = sentence;
        while rest.len() > MAX_CHARS / 2 {
            let mut cut = MAX_CHARS / 2;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            let cut = rest[..cut].rfind(' ').filter(|&c| c > 0).unwrap_or(cut);
            out.push(rest[..cut].trim().to_string());
            rest = rest[cut..].trim_start();
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(rest);
    }
    if !current.trim().is_empty() {
        out.push(current);
    }
    out
}

/// Sentences of a paragraph: split after `.`, `!`, `?` followed by a space
/// and an uppercase letter or digit.
pub(crate) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '!' | '?') && i + 2 < bytes.len() && bytes[i + 1] == b' ' {
            let next = text[i + 2..].chars().next();
            if next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit()) {
                let s = text[start..=i].trim();
                if !s.is_empty() {
                    out.push(s);
                }
                start = i + 2;
            }
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(path: &[&str], lines: &[&str]) -> Section {
        Section {
            path: path.iter().map(|s| s.to_string()).collect(),
            lines: lines.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn document(sections: Vec<Section>) -> Document {
        Document {
            source: "s".into(),
            title: "T".into(),
            sections,
        }
    }

    #[test]
    fn tiny_siblings_merge_and_keep_headings() {
        let d = document(vec![
            section(&["A"], &["one two three"]),
            section(&["B"], &["four five"]),
        ]);
        let c = chunks(&d);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].section, "A · B");
        assert_eq!(c[0].headings, ["A", "B"]);
        assert!(c[0].text.contains("B\nfour five"));
    }

    #[test]
    fn long_sections_split_under_the_caps() {
        let para = "word ".repeat(300);
        let huge = "x".repeat(9_000);
        let d = document(vec![section(&["Long"], &[&para, &para, &para, &huge])]);
        let c = chunks(&d);
        assert!(c.len() >= 4, "{}", c.len());
        for chunk in &c {
            assert!(chunk.text.len() <= MAX_CHARS, "{}", chunk.text.len());
            assert_eq!(chunk.section, "Long");
        }
    }

    #[test]
    fn sentences_split_on_real_ends() {
        assert_eq!(
            sentences("Node.js is fast. It uses e.g. events! Does it? 3 more."),
            [
                "Node.js is fast.",
                "It uses e.g. events!",
                "Does it?",
                "3 more."
            ]
        );
    }
}
