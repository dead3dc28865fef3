//! Sections → passages ("chunks") of roughly 120–400 words, never more than
//! 4,000 bytes. Tiny sibling sections are merged (a heading with one line of
//! text is too little to rank well alone) — where headings are only guessed
//! (plain text) below 40 words, where the markup gives them (Markdown, HTML)
//! only below 12, so a two-sentence "Learning time" section stays its own
//! passage. Long sections are split at paragraph, then sentence boundaries.
//! Each chunk keeps its heading path.
//!
//! Code blocks stay code: in a chunk's text they are fenced with ```` ``` ````
//! lines, their line breaks kept; a code block too long for one chunk is cut
//! at line breaks and each part fenced again.

use crate::ingest::{Document, Line, Section};

/// Sections shorter than this many words are merged with the next sibling
/// when headings are guessed from short lines (plain text)…
const TINY_WORDS_GUESSED: usize = 40;
/// …and when the markup gives them.
const TINY_WORDS_EXPLICIT: usize = 12;
/// A merged chunk stops growing at this many words.
const MERGE_LIMIT_WORDS: usize = 250;
/// Long sections are split into windows of about this many words.
const SPLIT_WORDS: usize = 350;
/// Hard cap on a chunk's text, in bytes.
pub(crate) const MAX_CHARS: usize = 4_000;
/// Opens and closes a code block inside a chunk's text.
pub(crate) const FENCE: &str = "```";

/// A passage before tagging.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RawChunk {
    /// The heading path shown as the section ("Docker › Learning time").
    pub section: String,
    /// The heading path and merged siblings' headings (for tagging and the
    /// indexed body).
    pub headings: Vec<String>,
    /// The passage's own headings: the last of its path and those of merged
    /// siblings (empty for a page's lead).
    pub own: Vec<String>,
    /// It holds the page's lead (the text before the first heading).
    pub lead: bool,
    pub text: String,
}

fn words(lines: &[Line]) -> usize {
    lines
        .iter()
        .map(|l| l.text().split_whitespace().count())
        .sum()
}

fn parent(path: &[String]) -> &[String] {
    &path[..path.len().saturating_sub(1)]
}

/// Cuts documents into chunks.
pub(crate) fn chunks(doc: &Document) -> Vec<RawChunk> {
    // A page's lead (text before its first heading) is a short summary:
    // alone it ranks above the sections that hold the facts, so it joins
    // the first section unless it is substantial.
    let tiny = |section: &Section| {
        if doc.explicit_headings && !section.path.is_empty() {
            TINY_WORDS_EXPLICIT
        } else {
            TINY_WORDS_GUESSED
        }
    };
    let mut out = Vec::new();
    // (merged section, its own headings so far)
    let mut pending: Option<(Section, Vec<String>)> = None;
    for section in &doc.sections {
        let is_question = section
            .path
            .last()
            .is_some_and(|h| h.trim_end().ends_with('?'));
        if let Some((merged, headings)) = pending.as_mut() {
            let fits = words(&merged.lines) + words(&section.lines) <= MERGE_LIMIT_WORDS;
            if parent(&merged.path) == parent(&section.path) && fits && !is_question {
                if let Some(h) = section.path.last() {
                    merged.lines.push(Line::Prose(h.clone()));
                    headings.push(h.clone());
                }
                merged.lines.extend(section.lines.iter().cloned());
                if words(&merged.lines) >= tiny(merged) {
                    let (merged, headings) = pending.take().expect("pending is some");
                    emit(doc, &merged, headings, &mut out);
                }
                continue;
            }
            let (merged, headings) = pending.take().expect("pending is some");
            emit(doc, &merged, headings, &mut out);
        }
        // A question heading with its answer (an FAQ entry) is whole as it is.
        let own: Vec<String> = section.path.last().cloned().into_iter().collect();
        if words(&section.lines) < tiny(section) && !is_question {
            pending = Some((section.clone(), own));
        } else {
            emit(doc, section, own, &mut out);
        }
    }
    if let Some((merged, headings)) = pending {
        emit(doc, &merged, headings, &mut out);
    }
    out
}

fn emit(doc: &Document, section: &Section, own: Vec<String>, out: &mut Vec<RawChunk>) {
    let mut label = if section.path.is_empty() {
        doc.title.clone()
    } else {
        section.path.join(" › ")
    };
    // Merged siblings: "Languages › Java · Python".
    let first_merged = usize::from(!section.path.is_empty());
    for merged in own.iter().skip(first_merged) {
        label.push_str(" · ");
        label.push_str(merged);
    }
    let mut headings = section.path.clone();
    headings.extend(own.iter().skip(first_merged).cloned());
    // (piece, words it counts for): code is dense in symbols, so it counts
    // by size rather than by whitespace-separated "words".
    let mut pieces: Vec<(String, usize)> = Vec::new();
    for line in &section.lines {
        match line {
            Line::Prose(text) => pieces.extend(split_long(text).into_iter().map(|p| {
                let w = p.split_whitespace().count();
                (p, w)
            })),
            Line::Code(code) => pieces.extend(split_code(code).into_iter().map(|p| {
                let w = p.len() / 10;
                (p, w)
            })),
        }
    }
    let mut window: Vec<String> = Vec::new();
    let mut window_words = 0;
    let mut window_chars = 0;
    for (piece, w) in pieces {
        let c = piece.len() + 1;
        if !window.is_empty() && (window_words + w > SPLIT_WORDS || window_chars + c > MAX_CHARS) {
            out.push(RawChunk {
                section: label.clone(),
                headings: headings.clone(),
                own: own.clone(),
                lead: section.path.is_empty(),
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
            own,
            lead: section.path.is_empty(),
            text: window.join("\n"),
        });
    }
}

/// A code block as fenced pieces of at most half a chunk each, cut at line
/// breaks (a single over-long line is cut on a char boundary).
fn split_code(code: &str) -> Vec<String> {
    let budget = MAX_CHARS / 2 - 2 * (FENCE.len() + 1);
    let mut out = Vec::new();
    let mut current = String::new();
    let mut push = |current: &mut String| {
        if !current.trim().is_empty() {
            out.push(format!("{FENCE}\n{}\n{FENCE}", current.trim_end()));
        }
        current.clear();
    };
    for line in code.lines() {
        // A line that is itself a fence would end the block early.
        let line = if line.trim_start().starts_with(FENCE) {
            line.replacen(FENCE, "` ` `", 1)
        } else {
            line.to_string()
        };
        let mut rest = line.as_str();
        while rest.len() > budget {
            let mut cut = budget;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            push(&mut current);
            current.push_str(&rest[..cut]);
            push(&mut current);
            rest = &rest[cut..];
        }
        if !current.is_empty() && current.len() + rest.len() + 1 > budget {
            push(&mut current);
        }
        current.push_str(rest);
        current.push('\n');
    }
    push(&mut current);
    out
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

/// The parts of a chunk's text: prose lines and fenced code blocks, with
/// their byte ranges (a code block's range covers its fences).
pub(crate) fn parts(text: &str) -> Vec<(bool, usize, usize)> {
    let mut out = Vec::new();
    let mut offset = 0;
    let mut code_start: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let bare = line.trim_end_matches(['\n', '\r']);
        match code_start {
            Some(open) if bare == FENCE => {
                out.push((true, open, start + bare.len()));
                code_start = None;
            }
            Some(_) => {}
            None if bare == FENCE => code_start = Some(start),
            None => {
                if !bare.trim().is_empty() {
                    out.push((false, start, start + bare.len()));
                }
            }
        }
    }
    if let Some(open) = code_start {
        out.push((true, open, text.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(path: &[&str], lines: &[&str]) -> Section {
        Section {
            path: path.iter().map(|s| s.to_string()).collect(),
            lines: lines.iter().map(|s| Line::Prose(s.to_string())).collect(),
        }
    }

    fn document(sections: Vec<Section>, explicit_headings: bool) -> Document {
        Document {
            source: "s".into(),
            title: "T".into(),
            sections,
            explicit_headings,
        }
    }

    #[test]
    fn tiny_siblings_merge_and_keep_headings() {
        let d = document(
            vec![
                section(&["A"], &["one two three"]),
                section(&["B"], &["four five"]),
            ],
            false,
        );
        let c = chunks(&d);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].section, "A · B");
        assert_eq!(c[0].headings, ["A", "B"]);
        assert_eq!(c[0].own, ["A", "B"]);
        assert!(c[0].text.contains("B\nfour five"));
    }

    #[test]
    fn short_sections_with_real_headings_stay_apart() {
        let time =
            "Docker takes about two to three months to learn well enough for production work.";
        let next = "After Docker, learn Kubernetes and a CI/CD pipeline that ships your images.";
        let d = document(
            vec![
                section(&["Learning time"], &[time]),
                section(&["What to learn next"], &[next]),
            ],
            true,
        );
        let c = chunks(&d);
        assert_eq!(c.len(), 2, "{c:?}");
        assert_eq!(c[0].section, "Learning time");
        assert_eq!(c[1].section, "What to learn next");
        // Guessed headings still merge.
        assert_eq!(chunks(&document(d.sections.clone(), false)).len(), 1);
    }

    #[test]
    fn long_sections_split_under_the_caps() {
        let para = "word ".repeat(300);
        let huge = "x".repeat(9_000);
        let d = document(
            vec![section(&["Long"], &[&para, &para, &para, &huge])],
            true,
        );
        let c = chunks(&d);
        assert!(c.len() >= 4, "{}", c.len());
        for chunk in &c {
            assert!(chunk.text.len() <= MAX_CHARS, "{}", chunk.text.len());
            assert_eq!(chunk.section, "Long");
        }
    }

    #[test]
    fn code_is_fenced_and_long_code_split_at_lines() {
        let code: String = (0..400).map(|i| format!("let x{i} = {i};\n")).collect();
        let d = document(
            vec![Section {
                path: vec!["Code".into()],
                lines: vec![
                    Line::Prose("Here is the program that does it.".into()),
                    Line::Code(code.trim_end().to_string()),
                ],
            }],
            true,
        );
        let c = chunks(&d);
        assert!(c.len() >= 2);
        for chunk in &c {
            assert!(chunk.text.len() <= MAX_CHARS);
            let fences = chunk.text.lines().filter(|l| *l == FENCE).count();
            assert_eq!(fences % 2, 0, "{}", chunk.text);
            for (is_code, from, to) in parts(&chunk.text) {
                if is_code {
                    let block = &chunk.text[from..to];
                    assert!(block.starts_with("```\nlet x") && block.ends_with("\n```"));
                }
            }
        }
        assert!(
            c[0].text
                .starts_with("Here is the program that does it.\n```\nlet x0 = 0;\nlet x1 = 1;\n")
        );
    }

    #[test]
    fn parts_tell_prose_from_code() {
        let text = "Intro line.\n```\nfn main() {}\n```\nAfter.";
        let p = parts(text);
        assert_eq!(
            p.iter()
                .map(|&(c, f, t)| (c, &text[f..t]))
                .collect::<Vec<_>>(),
            [
                (false, "Intro line."),
                (true, "```\nfn main() {}\n```"),
                (false, "After.")
            ]
        );
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
