//! Turning files into sections: Markdown by headings, HTML by its heading
//! tags (dropping script, style, nav, header, footer), plain text by
//! detecting heading lines. Boilerplate (promo lines, bylines, dates,
//! "Read more" link lists) is removed on the way.

use std::sync::LazyLock;

use regex::Regex;

/// The kinds of file we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Text,
    Html,
}

impl Format {
    /// The format for a file name, by extension (`.md .markdown .txt .html .htm`).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(Format::Markdown),
            "txt" => Some(Format::Text),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }
}

/// A block of a document before sectioning.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Heading(u8, String),
    Para(String),
}

/// One section: its heading path (without the document title) and its lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    pub path: Vec<String>,
    pub lines: Vec<String>,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub source: String,
    pub title: String,
    pub sections: Vec<Section>,
}

/// Parses `text` in `format` into blocks.
pub(crate) fn blocks(format: Format, text: &str) -> Vec<Block> {
    match format {
        Format::Markdown => markdown_blocks(text),
        Format::Text => text_blocks(text),
        Format::Html => html_blocks(text),
    }
}

// ---------------------------------------------------------------- Markdown

fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    let mut in_code = false;
    let flush = |para: &mut String, out: &mut Vec<Block>| {
        let p = para.trim();
        if !p.is_empty() {
            out.push(Block::Para(p.to_string()));
        }
        para.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut para, &mut out);
            in_code = !in_code;
            continue;
        }
        if in_code {
            if !trimmed.is_empty() {
                out.push(Block::Para(trimmed.to_string()));
            }
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush(&mut para, &mut out);
            let mut heading = trimmed[hashes..].trim();
            // A closing "##" sequence needs a space before it ("## C#" is C#).
            let closing = heading.trim_end_matches('#');
            if closing.len() < heading.len() && (closing.is_empty() || closing.ends_with(' ')) {
                heading = closing;
            }
            let heading = strip_inline_markdown(heading);
            out.push(Block::Heading(hashes as u8, heading.trim().to_string()));
        } else if trimmed.is_empty() {
            flush(&mut para, &mut out);
        } else if is_list_item(trimmed) {
            flush(&mut para, &mut out);
            para.push_str(&strip_inline_markdown(trimmed));
        } else if trimmed
            .chars()
            .all(|c| matches!(c, '-' | '=' | '*' | '_' | ' ' | '|' | ':'))
        {
            // Rules, setext underlines and table separators carry no text.
            flush(&mut para, &mut out);
        } else {
            if !para.is_empty() {
                para.push(' ');
            }
            para.push_str(&strip_inline_markdown(
                trimmed.trim_start_matches('>').trim(),
            ));
        }
    }
    flush(&mut para, &mut out);
    out
}

fn is_list_item(line: &str) -> bool {
    static ITEM: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[-*+•]\s|\d{1,3}[.)]\s)").expect("valid regex"));
    ITEM.is_match(line)
}

/// Removes links, images, emphasis and code marks, keeping the words.
fn strip_inline_markdown(text: &str) -> String {
    static IMAGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"!\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    static LINK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
    static MARKS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(\*\*|__|`)").expect("valid regex"));
    let text = IMAGE.replace_all(text, "$1");
    let text = LINK.replace_all(&text, "$1");
    MARKS.replace_all(&text, "").into_owned()
}

// ---------------------------------------------------------------- HTML

const DROPPED: &[&str] = &[
    "script", "style", "nav", "header", "footer", "noscript", "svg", "form", "aside", "iframe",
    "button", "template", "head",
];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "main",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "br",
    "ul",
    "ol",
    "table",
    "body",
    "html",
    "figcaption",
];

/// Removes elements whose content is raw text to an HTML parser (scripts,
/// styles): a `<` inside them must not be read as a tag.
fn strip_raw_elements(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    while pos < html.len() {
        let next = ["<script", "<style", "<noscript", "<template", "<!--"]
            .iter()
            .filter_map(|open| lower[pos..].find(open).map(|at| (pos + at, *open)))
            .min();
        let Some((start, open)) = next else {
            break;
        };
        out.push_str(&html[pos..start]);
        let close = if open == "<!--" {
            "-->".to_string()
        } else {
            format!("</{}", &open[1..])
        };
        pos = match lower[start + open.len()..].find(&close) {
            Some(at) => {
                let after = start + open.len() + at + close.len();
                lower[after..]
                    .find('>')
                    .map_or(html.len(), |gt| after + gt + 1)
            }
            None => html.len(),
        };
        if close == "-->" {
            pos = (start
                + open.len()
                + lower[start + open.len()..]
                    .find("-->")
                    .map_or(html.len(), |a| a + 3))
            .min(html.len());
        }
    }
    if pos < html.len() {
        out.push_str(&html[pos..]);
    }
    out
}

fn html_blocks(text: &str) -> Vec<Block> {
    let stripped = strip_raw_elements(text);
    let Ok(dom) = tl::parse(&stripped, tl::ParserOptions::default()) else {
        return text_blocks(text);
    };
    let parser = dom.parser();
    let mut out = Vec::new();
    let mut para = String::new();
    let mut title = None;
    for handle in dom.children() {
        walk(*handle, parser, &mut out, &mut para, &mut title, 0);
    }
    flush_para(&mut para, &mut out);
    if let Some(title) = title
        && !out.iter().any(|b| matches!(b, Block::Heading(1, _)))
    {
        out.insert(0, Block::Heading(1, title));
    }
    out
}

fn flush_para(para: &mut String, out: &mut Vec<Block>) {
    let p = collapse_spaces(para);
    if !p.is_empty() {
        out.push(Block::Para(p));
    }
    para.clear();
}

fn walk(
    handle: tl::NodeHandle,
    parser: &tl::Parser<'_>,
    out: &mut Vec<Block>,
    para: &mut String,
    title: &mut Option<String>,
    depth: usize,
) {
    if depth > 200 {
        return;
    }
    let Some(node) = handle.get(parser) else {
        return;
    };
    match node {
        tl::Node::Raw(bytes) => {
            para.push_str(&decode_entities(&bytes.as_utf8_str()));
        }
        tl::Node::Comment(_) => {}
        tl::Node::Tag(tag) => {
            let name = tag.name().as_utf8_str().to_ascii_lowercase();
            if name == "title" {
                let text = collapse_spaces(&decode_entities(&tag.inner_text(parser)));
                if !text.is_empty() {
                    *title = Some(text);
                }
                return;
            }
            if DROPPED.contains(&name.as_str()) {
                return;
            }
            let heading = match name.as_bytes() {
                [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
                _ => None,
            };
            if let Some(level) = heading {
                flush_para(para, out);
                let text = collapse_spaces(&decode_entities(&tag.inner_text(parser)));
                if !text.is_empty() {
                    out.push(Block::Heading(level, text));
                }
                return;
            }
            let block = BLOCKS.contains(&name.as_str());
            if block {
                flush_para(para, out);
            }
            for child in tag.children().top().iter() {
                walk(*child, parser, out, para, title, depth + 1);
            }
            if block {
                flush_para(para, out);
            } else {
                para.push(' ');
            }
        }
    }
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| c == ';' || c.is_whitespace() || c == '&');
        let decoded = match end {
            Some(e) if rest.as_bytes()[1 + e] == b';' && e <= 10 => {
                let entity = &rest[1..1 + e];
                let c = match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" | "#39" => Some('\''),
                    "nbsp" => Some(' '),
                    "ndash" => Some('–'),
                    "mdash" => Some('—'),
                    "rsquo" | "lsquo" => Some('\''),
                    "rdquo" | "ldquo" => Some('"'),
                    "hellip" => Some('…'),
                    _ => entity
                        .strip_prefix("#x")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                        .and_then(char::from_u32),
                };
                c.map(|c| (c, e + 2))
            }
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- plain text

#[derive(Debug, Clone, Copy, PartialEq)]
enum Line {
    Blank,
    Bullet,
    Short,
    Long,
}

fn classify(line: &str) -> Line {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    let bullet = t.starts_with(['•', '-', '*', '–', '·', '▪', '●']);
    if bullet {
        return Line::Bullet;
    }
    let words = t.split_whitespace().count();
    let closes = t.ends_with(['.', ',', ';', '!']) || t.ends_with("...");
    if words <= 12 && t.chars().count() <= 90 && !closes {
        Line::Short
    } else {
        Line::Long
    }
}

/// "3. Title" or "3) Title": returns the number.
fn numbered(line: &str) -> Option<u32> {
    let t = line.trim();
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 3 {
        return None;
    }
    let rest = &t[digits.len()..];
    (rest.starts_with(". ") || rest.starts_with(") ")).then(|| digits.parse().ok())?
}

/// Plain text: a heading is a short line without closing punctuation that is
/// followed by body text (or by another heading that is). Runs of numbered
/// short lines ("1. Learn a language", "2. Learn databases") are list items,
/// not headings. Consecutive headings nest.
fn text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    // Boilerplate lines count as blank here, so a dropped promo heading
    // does not push the real headings after it one level down.
    // The short lines after "You may like:" are link titles: blank too.
    let mut in_link_list = false;
    let kinds: Vec<Line> = lines
        .iter()
        .map(|l| {
            if starts_link_list(l) {
                in_link_list = true;
                return Line::Blank;
            }
            let kind = classify(l);
            if in_link_list && matches!(kind, Line::Short | Line::Blank) {
                return Line::Blank;
            }
            in_link_list = false;
            if is_boilerplate(l) { Line::Blank } else { kind }
        })
        .collect();
    let next_nonblank = |i: usize| (i + 1..lines.len()).find(|&j| kinds[j] != Line::Blank);
    let prev_nonblank = |i: usize| (0..i).rev().find(|&j| kinds[j] != Line::Blank);
    // A numbered short line next to another numbered line is a list item.
    let list_item = |i: usize| {
        let Some(n) = numbered(lines[i]) else {
            return false;
        };
        let near = |j: Option<usize>, want: u32| {
            j.is_some_and(|j| kinds[j] == Line::Short && numbered(lines[j]) == Some(want))
        };
        near(next_nonblank(i), n + 1) || (n > 1 && near(prev_nonblank(i), n - 1))
    };
    let mut heading = vec![false; lines.len()];
    for i in (0..lines.len()).rev() {
        if kinds[i] != Line::Short || list_item(i) {
            continue;
        }
        heading[i] = match next_nonblank(i) {
            Some(j) => matches!(kinds[j], Line::Long | Line::Bullet) || heading[j],
            None => false,
        };
    }
    let mut out = Vec::new();
    let mut run = 0u8;
    let mut title_done = false;
    for (i, line) in lines.iter().enumerate() {
        match kinds[i] {
            Line::Blank => {}
            _ if heading[i] => {
                // The first substantial heading-like line is the title.
                if !title_done && line.split_whitespace().count() >= 3 {
                    title_done = true;
                    out.push(Block::Heading(1, line.to_string()));
                    run = 0;
                    continue;
                }
                run = run.saturating_add(1).min(4);
                out.push(Block::Heading(1 + run, line.to_string()));
            }
            _ => {
                run = 0;
                let text = line.trim_start_matches(['•', '*', '·', '▪', '●']).trim();
                if !text.is_empty() {
                    if !title_done
                        && kinds[i] == Line::Short
                        && line.split_whitespace().count() >= 4
                    {
                        title_done = true;
                        out.push(Block::Heading(1, text.to_string()));
                        continue;
                    }
                    out.push(Block::Para(text.to_string()));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------- boilerplate

/// Whether a line is navigation, promotion or a byline rather than content.
pub(crate) fn is_boilerplate(line: &str) -> bool {
    static PROMO: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)^(?:
                (?:read\ more|also\ read|you\ may\ (?:also\ )?like(?:\ it)?|related(?:\ posts?|\ articles?)?|see\ also|recommended)\b.*
              | build\ my\ resume | join\ now.* | subscribe.* | sign\ up.* | log\ ?in | register\ now.*
              | table\ of\ contents | contents | share(?:\ this)?(?:\ (?:post|article))?:? | tweet | follow\ us.*
              | click\ here.* | download\ (?:now|the\ app).* | enroll\ now.* | get\ started(?:\ now)?
              | create\ your\ (?:professional\ )?resume.* | free\ .{0,60}\ course
              | happy\ new\ year | home\b.{0,120} | by\s*\|.* | by\ [A-Z][\w.]+(?:\ [A-Z][\w.]+){0,3}
              | \d{1,2}\ [a-z]{3,9}\ \d{4} | [a-z]{3,9}\ \d{1,2},\ \d{4} | advertisement | sponsored.*
              | previous(?:\ post)?|next(?:\ post)? | leave\ a\ (?:comment|reply).* | \d+\ comments?
              | (?:cookie|privacy)\ (?:policy|settings).* | all\ rights\ reserved.* | ©.*
              | [\w\s]{0,30}resume\ (?:examples?|samples?|templates?)[\w\s]{0,40}:?
            )$",
        )
        .expect("valid regex")
    });
    static AUTHOR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2} (?:is|has been) an? (?:[a-z]+ ){0,3}(?:professional|writer|author|editor|blogger|content|marketer|expert)\b",
        )
        .expect("valid regex")
    });
    let t = line.trim();
    // Boilerplate is short; long paragraphs are content (and regexes cost).
    if t.len() > 240 {
        return false;
    }
    PROMO.is_match(t) || AUTHOR.is_match(t)
}

/// A promo list starter ("You May Like It:"): the short lines after it are
/// link titles, not content.
fn starts_link_list(line: &str) -> bool {
    static START: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:read more|also read|you may (?:also )?like(?: it)?|related(?: posts| articles)?|see also|recommended(?: reading)?)\s*:?\s*$")
            .expect("valid regex")
    });
    START.is_match(line.trim())
}

/// Normalised form for duplicate detection: lowercase alphanumerics.
pub(crate) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes boilerplate blocks and promo link lists; drops image captions
/// that only repeat the previous heading.
pub(crate) fn clean(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut skipping_links = false;
    let mut last_heading = String::new();
    let mut previous = String::new();
    for block in blocks {
        let text = match &block {
            Block::Heading(_, t) | Block::Para(t) => t.clone(),
        };
        if starts_link_list(&text) {
            skipping_links = true;
            continue;
        }
        let short = text.split_whitespace().count() <= 12 && !text.ends_with('.');
        if skipping_links {
            if short {
                continue;
            }
            skipping_links = false;
        }
        if is_boilerplate(&text) {
            continue;
        }
        let norm = normalise(&text);
        if norm.is_empty() || norm == previous {
            continue;
        }
        if matches!(block, Block::Para(_)) && short && norm == last_heading {
            continue;
        }
        if let Block::Heading(_, _) = block {
            last_heading = norm.clone();
        }
        previous = norm;
        out.push(block);
    }
    out
}

/// Groups blocks into sections by heading path. The first level-1 heading
/// is the title (else `fallback_title`).
pub(crate) fn sections(source: &str, blocks: Vec<Block>, fallback_title: &str) -> Document {
    let mut title = None;
    let mut stack: Vec<(u8, String)> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut current = Section {
        path: Vec::new(),
        lines: Vec::new(),
    };
    for block in blocks {
        match block {
            Block::Heading(1, text) if title.is_none() => {
                // Whatever came before the title (a logo's alt text, a
                // breadcrumb) is not a parent of what follows.
                stack.clear();
                if !current.lines.is_empty() {
                    sections.push(current.clone());
                }
                current = Section {
                    path: Vec::new(),
                    lines: Vec::new(),
                };
                title = Some(text);
            }
            Block::Heading(level, text) => {
                if !current.lines.is_empty() {
                    sections.push(current.clone());
                }
                while stack.last().is_some_and(|(l, _)| *l >= level) {
                    stack.pop();
                }
                stack.push((level, text));
                current = Section {
                    path: stack.iter().map(|(_, t)| t.clone()).collect(),
                    lines: Vec::new(),
                };
            }
            Block::Para(text) => current.lines.push(text),
        }
    }
    if !current.lines.is_empty() {
        sections.push(current);
    }
    Document {
        source: source.to_string(),
        title: title.unwrap_or_else(|| fallback_title.to_string()),
        sections,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(format: Format, text: &str) -> Document {
        sections("t", clean(blocks(format, text)), "fallback")
    }

    #[test]
    fn plain_text_headings_keep_their_facts() {
        let text = "Skills Every Backend Developer Needs\n\nIntro text that is long enough to be a paragraph of body text, really.\n\
            Version Control\nGit tracks changes in code and enables collaboration among developers on a team.\n\
            - Learning Time: 1-2 months.\n- How to learn: branch and merge.\n\
            Containers\nDocker packages applications with their dependencies for consistent environments.\n\
            - Learning Time: 2-3 months for Docker.\n";
        let d = doc(Format::Text, text);
        assert_eq!(d.title, "Skills Every Backend Developer Needs");
        let vc = d
            .sections
            .iter()
            .find(|s| s.path == ["Version Control"])
            .unwrap();
        assert!(vc.lines.iter().any(|l| l.contains("1-2 months")));
        let c = d
            .sections
            .iter()
            .find(|s| s.path == ["Containers"])
            .unwrap();
        assert!(c.lines.iter().any(|l| l.contains("2-3 months")));
    }

    #[test]
    fn numbered_lists_are_not_headings() {
        let text = "A Title With Words\n\nFollow this path, it is the usual one for beginners and it works well.\n\n  1. Master a language\n  2. Learn databases\n  3. Practice APIs\n\nNext Heading\nBody text that is long enough to count as body text for the heading above.\n";
        let d = doc(Format::Text, text);
        let paths: Vec<&Vec<String>> = d.sections.iter().map(|s| &s.path).collect();
        assert!(
            !paths.iter().any(|p| p.iter().any(|h| h.contains("Master"))),
            "{paths:?}"
        );
        assert!(
            paths
                .iter()
                .any(|p| p == &&vec!["Next Heading".to_string()])
        );
    }

    #[test]
    fn dropped_promo_headings_do_not_nest_what_follows() {
        let text = "A Title With Enough Words\n\nServer Setup\nNginx or Apache serve the traffic of the application, and CI/CD deploys it.\n\
            Resume examples with basic backend developer skills:\nAdvanced backend skills\nDistributed Systems\n\
            Distributed systems spread the work of an application across many machines and networks.\n";
        let d = doc(Format::Text, text);
        let last = d.sections.last().unwrap();
        assert_eq!(
            last.path,
            ["Advanced backend skills", "Distributed Systems"],
            "{d:?}"
        );
    }

    #[test]
    fn lines_before_the_title_are_not_parents() {
        let text = "snowflake\n\nEight Essential Backend Developer Skills\n\nBackend developers are the backbone of every application, and they keep it running.\n";
        let d = doc(Format::Text, text);
        assert_eq!(d.title, "Eight Essential Backend Developer Skills");
        assert!(
            d.sections
                .iter()
                .all(|s| !s.path.contains(&"snowflake".to_string())),
            "{d:?}"
        );
    }

    #[test]
    fn faq_questions_are_headings() {
        let text = "Frequently Asked Questions Here\n\n4. What database should I learn first?\n\nStart with SQL-based databases like MySQL or PostgreSQL to learn relational data.\n";
        let d = doc(Format::Text, text);
        assert_eq!(
            d.sections[0].path,
            ["4. What database should I learn first?"]
        );
    }

    #[test]
    fn boilerplate_is_dropped() {
        for line in [
            "Read More: Top 10 skills",
            "Build My Resume",
            "Join Now",
            "Table of Contents",
            "Create your professional Resume in 10 minutes for FREE",
            "Free Backend Development Course",
            "By | February 1, 2024",
            "18 Mar 2025",
            "Varun Saharawat is a seasoned professional in the fields of SEO and content writing.",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "Docker packages applications.",
            "Version Control",
            "Learning Time: 2-3 months",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn link_lists_after_you_may_like_are_dropped() {
        let text = "The Title Of The Doc\n\nCore Languages\n\nYou May Like It:\n\nPython Backend Development: A Complete Guide\n\nCoding Basics for Beginners\n\nThe foundation of every backend developer is strong programming knowledge, always.\n";
        let d = doc(Format::Text, text);
        let all: String = d
            .sections
            .iter()
            .flat_map(|s| s.path.iter().chain(&s.lines))
            .cloned()
            .collect();
        assert!(!all.contains("Coding Basics"), "{d:?}");
        assert!(all.contains("foundation"));
    }

    #[test]
    fn markdown_sections_by_heading() {
        let d = doc(
            Format::Markdown,
            "# Docker\n\nIntro **bold** [link](http://x).\n\n## Learning time\n\nDocker takes 2–3 months.\n\n```\ndocker run\n```\n",
        );
        assert_eq!(d.title, "Docker");
        assert_eq!(d.sections[0].lines, ["Intro bold link."]);
        assert_eq!(d.sections[1].path, ["Learning time"]);
        assert_eq!(
            d.sections[1].lines,
            ["Docker takes 2–3 months.", "docker run"]
        );
    }

    #[test]
    fn html_drops_chrome_and_keeps_headings() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><nav>Home | About</nav>\
            <script>if (a < b) { x() }</script><h1>Caching</h1><p>Redis keeps hot data &amp; sessions in memory.</p>\
            <h2>Eviction</h2><ul><li>LRU drops the least recently used key.</li></ul><footer>(c) us</footer></body></html>";
        let d = doc(Format::Html, html);
        assert_eq!(d.title, "Caching");
        let text: String = format!("{d:?}");
        assert!(
            !text.contains("About") && !text.contains("x()") && !text.contains("(c) us"),
            "{text}"
        );
        assert_eq!(
            d.sections[0].lines,
            ["Redis keeps hot data & sessions in memory."]
        );
        assert_eq!(d.sections[1].path, ["Eviction"]);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp; b &#39;c&#x27; &bogus; &"),
            "a & b 'c' &bogus; &"
        );
    }
}
