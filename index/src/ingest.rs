//! Turning files into sections: Markdown by headings, HTML by its heading
//! tags, plain text by detecting heading lines. Boilerplate is removed on
//! the way: promo lines, bylines, dates, "Read more" link lists, and on
//! documentation sites (mdBook, Sphinx, Docusaurus, MkDocs) the navigation,
//! sidebars, breadcrumbs, "edit this page" links, version banners and
//! footers. When a page marks its main content (`<main>`, `role="main"`),
//! only that is read.
//!
//! Besides its blocks, a parsed page reports what the builder needs to
//! decide about the page as a whole: whether it is a redirect or "this page
//! has moved" stub (skipped), whether it says it is an old edition
//! (duplicates of newer pages lose to them), its declared language and its
//! `<title>`. Code blocks stay code: their line breaks are kept.

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
    /// A code block, line breaks kept, without fences.
    Code(String),
}

/// A page parsed into blocks, with what the builder decides on per page.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Parsed {
    pub blocks: Vec<Block>,
    /// `<title>` or a front-matter title: the title when there is no `# h1`.
    pub title: Option<String>,
    /// Declared language (`<html lang="ja">`), lowercase, if any.
    pub lang: Option<String>,
    /// A redirect or "this page has moved" stub: nothing to index.
    pub stub: bool,
    /// The page says it is an old (or unreleased) edition of something newer.
    pub old_edition: bool,
}

/// A line of a section: prose, or a whole code block.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Line {
    Prose(String),
    Code(String),
}

impl Line {
    pub fn text(&self) -> &str {
        match self {
            Line::Prose(t) | Line::Code(t) => t,
        }
    }
}

/// One section: its heading path (without the document title) and its lines.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Section {
    pub path: Vec<String>,
    pub lines: Vec<Line>,
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Document {
    pub source: String,
    pub title: String,
    pub sections: Vec<Section>,
    /// Headings come from the markup (Markdown, HTML) rather than being
    /// guessed from short lines (plain text).
    pub explicit_headings: bool,
}

/// Parses `text` in `format` into blocks, boilerplate removed.
pub(crate) fn parse(format: Format, text: &str) -> Parsed {
    let mut parsed = match format {
        Format::Markdown => markdown(text),
        Format::Text => Parsed {
            blocks: text_blocks(text),
            ..Parsed::default()
        },
        Format::Html => html(text),
    };
    let blocks = std::mem::take(&mut parsed.blocks);
    let (blocks, old_edition) = clean(blocks, format != Format::Text);
    parsed.blocks = blocks;
    parsed.old_edition |= old_edition;
    parsed.stub |= is_moved_stub(&parsed.blocks);
    parsed
}

/// A short page whose text says it moved ("Redirecting to…", "This content
/// has moved into…"): a stub left behind for old links.
fn is_moved_stub(blocks: &[Block]) -> bool {
    static MOVED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\bredirecting\b|\b(?:content|page|document|article|documentation|guide|chapter|section|book)\s+(?:has|have|was|were|is)\s+(?:now\s+)?(?:been\s+)?moved\b|\bmoved\s+permanently\b|\bthis\s+page\s+(?:no\s+longer\s+exists|is\s+now\s+at)\b")
            .expect("valid regex")
    });
    let mut words = 0;
    let mut moved = false;
    for block in blocks {
        match block {
            Block::Para(t) => {
                words += t.split_whitespace().count();
                moved |= MOVED.is_match(t);
            }
            Block::Code(t) => words += t.split_whitespace().count(),
            Block::Heading(..) => {}
        }
        if words > 60 {
            return false;
        }
    }
    moved || words == 0 && blocks.iter().all(|b| matches!(b, Block::Heading(1, _)))
}

// ---------------------------------------------------------------- Markdown

fn markdown(text: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let body = match front_matter(text) {
        Some((fields, rest)) => {
            parsed.title = fields;
            rest
        }
        None => text,
    };
    parsed.blocks = markdown_blocks(body);
    parsed
}

/// YAML front matter (`---` … `---` at the very top), as written by
/// Docusaurus, Jekyll and Hugo sites: returns its `title:` and the rest.
fn front_matter(text: &str) -> Option<(Option<String>, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    let mut title = None;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        let trimmed = line.trim();
        if trimmed == "---" || trimmed == "..." {
            return Some((title, &rest[offset..]));
        }
        if let Some(value) = trimmed.strip_prefix("title:") {
            let value = value.trim().trim_matches(['"', '\'']).trim();
            if !value.is_empty() {
                title = Some(value.to_string());
            }
        }
    }
    None
}

/// A `key: value` line right under a page's title ("compare: java, python",
/// "tags: ops"): metadata for tools, not prose. A `compare:` line may be
/// long (its sides' other names); any other is short.
fn is_metadata_line(line: &str) -> bool {
    static META: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[a-z][a-z_-]{1,30}:\s+\S").expect("valid regex"));
    META.is_match(line)
        && !line.contains("://")
        && (line.starts_with("compare:") || line.split_whitespace().count() <= 12)
}

fn markdown_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    // Right after the title, before any prose: metadata lines are skipped.
    let mut under_title = false;
    let mut para = String::new();
    let mut code: Option<(String, Vec<&str>)> = None;
    let flush = |para: &mut String, out: &mut Vec<Block>| {
        let p = para.trim();
        if !p.is_empty() {
            out.push(Block::Para(p.to_string()));
        }
        para.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some((fence, lines)) = code.as_mut() {
            if trimmed.starts_with(fence.as_str())
                && trimmed
                    .trim_start_matches(fence.chars().next().unwrap_or('`'))
                    .is_empty()
            {
                let block = dedent(lines);
                if !block.trim().is_empty() {
                    out.push(Block::Code(block));
                }
                code = None;
            } else {
                lines.push(line);
            }
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            flush(&mut para, &mut out);
            let mark = trimmed.chars().next().unwrap_or('`');
            let len = trimmed.chars().take_while(|&c| c == mark).count();
            code = Some((mark.to_string().repeat(len), Vec::new()));
            continue;
        }
        if under_title && !trimmed.is_empty() {
            if is_metadata_line(trimmed) {
                continue;
            }
            under_title = false;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush(&mut para, &mut out);
            under_title = hashes == 1 && !out.iter().any(|b| matches!(b, Block::Heading(..)));
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
    if let Some((_, lines)) = code {
        // An unclosed fence runs to the end of the file.
        let block = dedent(&lines);
        if !block.trim().is_empty() {
            out.push(Block::Code(block));
        }
    }
    out
}

/// Joins code lines, removing the indentation they all share and blank
/// lines at either end.
fn dedent(lines: &[&str]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let body: Vec<&str> = lines
        .iter()
        .map(|l| l.get(indent..).unwrap_or_else(|| l.trim_start()).trim_end())
        .collect();
    let start = body
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(body.len());
    let end = body
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |e| e + 1);
    body[start..end].join("\n")
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
    if !text.contains(['[', '*', '_', '`', '!']) {
        return text.to_string();
    }
    let text = IMAGE.replace_all(text, "$1");
    let text = LINK.replace_all(&text, "$1");
    MARKS.replace_all(&text, "").into_owned()
}

// ---------------------------------------------------------------- HTML

/// Elements that never hold content. `header` is chrome outside the main
/// content, but inside it (Docusaurus puts the page's `<h1>` there) it is
/// content.
const DROPPED: &[&str] = &[
    "script", "style", "nav", "footer", "noscript", "svg", "form", "aside", "iframe", "button",
    "template", "head", "title", "input", "select", "textarea",
];
/// ARIA roles of page chrome.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "search",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "menu",
    "menubar",
    "toolbar",
];
/// Class names (and ids) documentation generators give to page chrome:
/// sidebars, breadcrumbs, tables of contents, heading anchors, "edit this
/// page" and pagination links, footers, hidden text.
const DROPPED_CLASSES: &[&str] = &[
    "sidebar",
    "sphinxsidebar",
    "sphinxsidebarwrapper",
    "related",
    "breadcrumb",
    "breadcrumbs",
    "theme-doc-breadcrumbs",
    "navbar",
    "menu-bar",
    "toc",
    "table-of-contents",
    "tableofcontents",
    "theme-doc-toc-mobile",
    "theme-doc-toc-desktop",
    "headerlink",
    "hash-link",
    "anchor",
    "anchorjs-link",
    "footer",
    "theme-doc-footer",
    "pagination-nav",
    "theme-edit-this-page",
    "edit-this-page",
    "theme-last-updated",
    "skip-link",
    "skip-to-content",
    "visually-hidden",
    "sr-only",
    "screen-reader-text",
    "nav-wrapper",
    "nav-chapters",
    "mobile-nav-chapters",
    "mdbook-help-container",
    "rst-footer-buttons",
    "rst-versions",
    "wy-nav-side",
    "version-switcher",
    "announcement",
    "announcementbar",
    "cookie-banner",
    "boring",
    "md-sidebar",
    "md-header",
    "md-footer",
    "md-source-file",
];
/// Classes of version banners: the page is an old or unreleased edition.
const VERSION_BANNERS: &[&str] = &["theme-doc-version-banner", "version-warning", "outdated"];
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "li",
    "tr",
    "section",
    "article",
    "main",
    "header",
    "blockquote",
    "dd",
    "dt",
    "dl",
    "br",
    "hr",
    "ul",
    "ol",
    "table",
    "thead",
    "tbody",
    "caption",
    "body",
    "html",
    "figure",
    "figcaption",
    "details",
    "summary",
    "center",
    "address",
];

/// Removes elements whose content is raw text to an HTML parser (scripts,
/// styles) and comments: a `<` inside them must not be read as a tag.
fn strip_raw_elements(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    let opens = ["<script", "<style", "<noscript", "<template", "<!--"];
    // Next occurrence of each opener from `pos`, found once and advanced
    // only when passed: one scan of the page, not one per opener per hit.
    let mut next: Vec<Option<usize>> = opens.iter().map(|o| lower.find(o)).collect();
    while pos < html.len() {
        for (i, open) in opens.iter().enumerate() {
            if next[i].is_some_and(|at| at < pos) {
                next[i] = lower[pos..].find(open).map(|at| pos + at);
            }
        }
        let Some((start, i)) = next
            .iter()
            .enumerate()
            .filter_map(|(i, at)| at.map(|at| (at, i)))
            .min()
        else {
            break;
        };
        let open = opens[i];
        out.push_str(&html[pos..start]);
        let body = start + open.len();
        pos = if open == "<!--" {
            lower[body..]
                .find("-->")
                .map_or(html.len(), |a| body + a + 3)
        } else {
            let close = format!("</{}", &open[1..]);
            match lower[body..].find(&close) {
                Some(at) => {
                    let after = body + at + close.len();
                    lower[after..]
                        .find('>')
                        .map_or(html.len(), |gt| after + gt + 1)
                }
                None => html.len(),
            }
        };
        pos = pos.min(html.len());
        // Keep the boundary on a char: the markers are ASCII, so it is.
    }
    if pos < html.len() {
        out.push_str(&html[pos..]);
    }
    out
}

/// The `<head>` part of a page (up to `<body`), lowercased, for meta tags.
fn head_of(lower: &str) -> &str {
    let end = lower.find("<body").unwrap_or(lower.len().min(64 * 1024));
    &lower[..end]
}

fn html(text: &str) -> Parsed {
    static REFRESH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<meta[^>]*http-equiv\s*=\s*["']?refresh"#).expect("valid regex")
    });
    static LANG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"<html[^>]*\slang\s*=\s*["']?([a-z]{2,3})"#).expect("valid regex")
    });
    let mut parsed = Parsed::default();
    {
        let prefix_end = text.len().min(64 * 1024);
        let mut cut = prefix_end;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let lower = text[..cut].to_ascii_lowercase();
        let head = head_of(&lower);
        if REFRESH.is_match(head) {
            parsed.stub = true;
            return parsed;
        }
        parsed.lang = LANG.captures(head).map(|c| c[1].to_string());
    }
    let stripped = strip_raw_elements(text);
    let Ok(dom) = tl::parse(&stripped, tl::ParserOptions::default()) else {
        parsed.blocks = text_blocks(text);
        return parsed;
    };
    let parser = dom.parser();
    // The page's title, and its main content if it marks one.
    let mut main = None;
    for (i, node) in dom.nodes().iter().enumerate() {
        let Some(tag) = node.as_tag() else { continue };
        let name = tag.name().as_utf8_str();
        if parsed.title.is_none() && name.eq_ignore_ascii_case("title") {
            let title = collapse_spaces(&decode_entities(&tag.inner_text(parser)));
            if !title.is_empty() {
                parsed.title = Some(title);
            }
        }
        if main.is_none()
            && (name.eq_ignore_ascii_case("main")
                || attr(tag, "role").is_some_and(|r| r.eq_ignore_ascii_case("main")))
        {
            main = Some(tl::NodeHandle::new(i as u32));
        }
    }
    let mut walker = Walker {
        parser,
        out: Vec::new(),
        para: String::new(),
        link_chars: 0,
        in_link: 0,
        in_main: main.is_some(),
        old_edition: false,
    };
    match main {
        Some(handle) => walker.walk(handle, 0),
        None => {
            for handle in dom.children() {
                walker.walk(*handle, 0);
            }
        }
    }
    walker.flush();
    parsed.old_edition = walker.old_edition;
    parsed.blocks = walker.out;
    parsed
}

fn attr<'a>(tag: &'a tl::HTMLTag<'_>, name: &'static str) -> Option<std::borrow::Cow<'a, str>> {
    tag.attributes()
        .get(name)
        .flatten()
        .map(|v| v.as_utf8_str())
}

struct Walker<'p, 'buf> {
    parser: &'p tl::Parser<'buf>,
    out: Vec<Block>,
    para: String,
    /// Bytes of `para` that are link text (navigation is nearly all links).
    link_chars: usize,
    in_link: usize,
    /// Walking the page's marked main content.
    in_main: bool,
    old_edition: bool,
}

impl Walker<'_, '_> {
    fn flush(&mut self) {
        let text = collapse_spaces(&self.para);
        let linked = self.link_chars;
        self.para.clear();
        self.link_chars = 0;
        if text.is_empty() {
            return;
        }
        // A block that is nothing but links is navigation (a table of
        // contents, "next chapter", a link list), not content.
        let letters = text.chars().filter(|c| !c.is_whitespace()).count();
        if linked * 10 >= letters * 9 {
            return;
        }
        self.out.push(Block::Para(text));
    }

    /// Whether an element is page chrome; version banners are recorded.
    fn dropped(&mut self, name: &str, tag: &tl::HTMLTag<'_>) -> bool {
        if DROPPED.contains(&name) || (name == "header" && !self.in_main) {
            return true;
        }
        if matches!(name, "html" | "body" | "main") {
            return false;
        }
        if attr(tag, "role")
            .is_some_and(|r| DROPPED_ROLES.contains(&r.to_ascii_lowercase().as_str()))
            || tag.attributes().contains("hidden")
            || attr(tag, "aria-hidden").is_some_and(|v| v == "true")
        {
            return true;
        }
        let mut drop = false;
        if let Some(classes) = tag.attributes().class_iter() {
            for class in classes {
                let class = class.to_ascii_lowercase();
                if VERSION_BANNERS.contains(&class.as_str()) {
                    self.old_edition = true;
                    drop = true;
                }
                drop |= DROPPED_CLASSES.contains(&class.as_str());
            }
        }
        if let Some(id) = attr(tag, "id") {
            drop |= DROPPED_CLASSES.contains(&id.to_ascii_lowercase().as_str());
        }
        drop
    }

    fn walk(&mut self, handle: tl::NodeHandle, depth: usize) {
        if depth > 200 {
            return;
        }
        let Some(node) = handle.get(self.parser) else {
            return;
        };
        match node {
            tl::Node::Raw(bytes) => {
                let text = decode_entities(&bytes.as_utf8_str());
                if self.in_link > 0 {
                    self.link_chars += text.chars().filter(|c| !c.is_whitespace()).count();
                }
                self.para.push_str(&text);
            }
            tl::Node::Comment(_) => {}
            tl::Node::Tag(tag) => {
                let name = tag.name().as_utf8_str().to_ascii_lowercase();
                if self.dropped(&name, tag) {
                    return;
                }
                let heading = match name.as_bytes() {
                    [b'h', d @ b'1'..=b'6'] => Some(d - b'0'),
                    _ => None,
                };
                if let Some(level) = heading {
                    self.flush();
                    let mut text = String::new();
                    self.inline_text(tag, &mut text, depth + 1);
                    let text = clean_heading(&collapse_spaces(&text));
                    if !text.is_empty() {
                        self.out.push(Block::Heading(level, text));
                    }
                    return;
                }
                if name == "pre" {
                    self.flush();
                    let mut code = String::new();
                    self.code_text(tag, &mut code, depth + 1);
                    let lines: Vec<&str> = code.lines().collect();
                    let code = dedent(&lines);
                    if !code.trim().is_empty() {
                        self.out.push(Block::Code(code));
                    }
                    return;
                }
                let block = BLOCKS.contains(&name.as_str());
                if block {
                    self.flush();
                }
                let link = name == "a";
                if link {
                    self.in_link += 1;
                }
                if matches!(name.as_str(), "td" | "th") {
                    self.para.push(' ');
                }
                for child in tag.children().top().iter() {
                    self.walk(*child, depth + 1);
                }
                if matches!(name.as_str(), "td" | "th" | "img") {
                    self.para.push(' ');
                }
                if link {
                    self.in_link -= 1;
                }
                if block {
                    self.flush();
                }
            }
        }
    }

    /// The text of an element (a heading), page chrome inside it skipped.
    fn inline_text(&mut self, tag: &tl::HTMLTag<'_>, out: &mut String, depth: usize) {
        if depth > 200 {
            return;
        }
        for child in tag.children().top().iter() {
            match child.get(self.parser) {
                Some(tl::Node::Raw(bytes)) => out.push_str(&decode_entities(&bytes.as_utf8_str())),
                Some(tl::Node::Tag(inner)) => {
                    let name = inner.name().as_utf8_str().to_ascii_lowercase();
                    if !self.dropped(&name, inner) {
                        self.inline_text(inner, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    /// The text of a `<pre>`, whitespace kept, `<br>` as a line break.
    fn code_text(&mut self, tag: &tl::HTMLTag<'_>, out: &mut String, depth: usize) {
        if depth > 200 {
            return;
        }
        for child in tag.children().top().iter() {
            match child.get(self.parser) {
                Some(tl::Node::Raw(bytes)) => out.push_str(&decode_entities(&bytes.as_utf8_str())),
                Some(tl::Node::Tag(inner)) => {
                    let name = inner.name().as_utf8_str().to_ascii_lowercase();
                    if name == "br" {
                        out.push('\n');
                    } else if !self.dropped(&name, inner) {
                        self.code_text(inner, out, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Removes heading anchors' leftovers: pilcrows, `#` marks, zero-width spaces.
fn clean_heading(text: &str) -> String {
    text.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '¶' | '\u{200b}' | '\u{feff}' | '§' | '🔗')
    })
    .trim_end_matches(" #")
    .trim()
    .to_string()
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
                    "copy" => Some('©'),
                    "para" => Some('¶'),
                    _ => entity
                        .strip_prefix("#x")
                        .or_else(|| entity.strip_prefix("#X"))
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
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------- plain text

#[derive(Debug, Clone, Copy, PartialEq)]
enum LineKind {
    Blank,
    Bullet,
    Short,
    Long,
}

fn classify(line: &str) -> LineKind {
    let t = line.trim();
    if t.is_empty() {
        return LineKind::Blank;
    }
    let bullet = t.starts_with(['•', '-', '*', '–', '·', '▪', '●']);
    if bullet {
        return LineKind::Bullet;
    }
    let words = t.split_whitespace().count();
    let closes = t.ends_with(['.', ',', ';', '!']) || t.ends_with("...");
    if words <= 12 && t.chars().count() <= 90 && !closes {
        LineKind::Short
    } else {
        LineKind::Long
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
    let kinds: Vec<LineKind> = lines
        .iter()
        .map(|l| {
            if starts_link_list(l) {
                in_link_list = true;
                return LineKind::Blank;
            }
            let kind = classify(l);
            if in_link_list && matches!(kind, LineKind::Short | LineKind::Blank) {
                return LineKind::Blank;
            }
            in_link_list = false;
            if is_boilerplate(l) {
                LineKind::Blank
            } else {
                kind
            }
        })
        .collect();
    let next_nonblank = |i: usize| (i + 1..lines.len()).find(|&j| kinds[j] != LineKind::Blank);
    let prev_nonblank = |i: usize| (0..i).rev().find(|&j| kinds[j] != LineKind::Blank);
    // A numbered short line next to another numbered line is a list item.
    let list_item = |i: usize| {
        let Some(n) = numbered(lines[i]) else {
            return false;
        };
        let near = |j: Option<usize>, want: u32| {
            j.is_some_and(|j| kinds[j] == LineKind::Short && numbered(lines[j]) == Some(want))
        };
        near(next_nonblank(i), n + 1) || (n > 1 && near(prev_nonblank(i), n - 1))
    };
    let mut heading = vec![false; lines.len()];
    for i in (0..lines.len()).rev() {
        if kinds[i] != LineKind::Short || list_item(i) {
            continue;
        }
        heading[i] = match next_nonblank(i) {
            Some(j) => matches!(kinds[j], LineKind::Long | LineKind::Bullet) || heading[j],
            None => false,
        };
    }
    let mut out = Vec::new();
    let mut run = 0u8;
    let mut title_done = false;
    for (i, line) in lines.iter().enumerate() {
        match kinds[i] {
            LineKind::Blank => {}
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
                        && kinds[i] == LineKind::Short
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
              | edit\ (?:this\ page|on\ github|on\ gitlab|page|this\ file).* | view\ (?:page\ )?source.* | show\ source
              | suggest\ (?:an\ )?edits?.* | improve\ this\ (?:page|doc|article).* | report\ an?\ (?:issue|problem).{0,40}
              | last\ (?:updated|modified|edited)\b.{0,80} | was\ this\ (?:page|article|helpful).{0,40}
              | (?:created|built|generated)\ (?:using|with)\ .{0,60} | powered\ by\ .{0,60} | copyright\b.{0,200}
              | on\ this\ page | in\ this\ (?:article|section) | skip\ to\ (?:main\ )?content | back\ to\ top
              | [«‹←]\ ?(?:previous|prev).{0,80} | (?:next|previous)\ (?:page|chapter|section|article)\b.{0,80} | .{0,80}\ ?[»›→]
              | search(?:\ (?:docs|the\ docs|this\ book|documentation))?(?:\.\.\.|…)? | toggle\ (?:navigation|sidebar|menu|theme|table\ of\ contents)
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

/// Whether a short paragraph is a banner saying the page is an old (or
/// unreleased) edition: "you may want to check out the current version of
/// the book instead", "This is documentation for X 1.0, which is no longer
/// actively maintained", "You are not reading the most recent version".
pub(crate) fn is_old_edition_banner(text: &str) -> bool {
    static BANNER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?ix)
              \b(?:want\ to|please|instead)\s+(?:check\s+out|read|see|visit|use|look\s+at|go\s+to)\s+the\s+(?:current|latest|newest|most\s+recent|new)\s+(?:version|edition|release|docs|documentation)
            | \bthe\s+(?:current|latest|newest|most\s+recent)\s+(?:version|edition)\s+of\s+the\s+(?:book|docs|documentation|guide)\b.{0,40}\binstead\b
            | \bthis\s+(?:is|page\s+is|documentation\s+is|book\s+is)\s+(?:an?\s+|the\s+)?(?:old|older|outdated|archived|previous|legacy|obsolete|unreleased)\s+(?:version|edition|release|docs|documentation)
            | \b(?:edition|version)\s+of\s+(?:the\s+|this\s+)?(?:book|docs|documentation|guide|site)\s+(?:is|has\s+been)\s+(?:no\s+longer|deprecated|archived|outdated)
            | \bdocumentation\s+for\b.{1,60}\bwhich\s+is\s+no\s+longer\s+(?:actively\s+)?maintained
            | \bthis\s+is\s+unreleased\s+documentation\b
            | \byou\s+are\s+(?:reading|viewing|looking\s+at)\s+(?:an?\s+|the\s+)?(?:old|older|outdated|previous|archived|unreleased|development)\s+(?:version|edition|release)
            | \bnot\s+(?:reading|viewing)\s+the\s+(?:most\s+recent|latest|current)\s+version\b
            ",
        )
        .expect("valid regex")
    });
    text.split_whitespace().count() <= 80 && BANNER.is_match(text)
}

/// Normalised form for duplicate detection: lowercase alphanumerics.
pub(crate) fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Removes boilerplate blocks, promo link lists and old-edition banners
/// (reporting whether there was one); drops image captions that only repeat
/// the previous heading. Code blocks are kept as they are.
pub(crate) fn clean(blocks: Vec<Block>, explicit_headings: bool) -> (Vec<Block>, bool) {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut skipping_links = false;
    let mut old_edition = false;
    let mut last_heading = String::new();
    let mut previous = String::new();
    for block in blocks {
        let text = match &block {
            Block::Heading(_, t) | Block::Para(t) => t.as_str(),
            Block::Code(_) => {
                skipping_links = false;
                previous.clear();
                out.push(block);
                continue;
            }
        };
        if starts_link_list(text) {
            skipping_links = true;
            continue;
        }
        let short = text.split_whitespace().count() <= 12 && !text.ends_with('.');
        if skipping_links {
            // A real heading ends the link list.
            let markup_heading = matches!(block, Block::Heading(..)) && explicit_headings;
            if short && !markup_heading {
                continue;
            }
            skipping_links = false;
        }
        if is_boilerplate(text) {
            continue;
        }
        if matches!(block, Block::Para(_)) && is_old_edition_banner(text) {
            old_edition = true;
            continue;
        }
        let norm = normalise(text);
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
    (out, old_edition)
}

/// Groups blocks into sections by heading path. The first level-1 heading
/// is the title (else `fallback_title`).
pub(crate) fn sections(
    source: &str,
    blocks: Vec<Block>,
    fallback_title: &str,
    explicit_headings: bool,
) -> Document {
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
                    sections.push(std::mem::replace(
                        &mut current,
                        Section {
                            path: Vec::new(),
                            lines: Vec::new(),
                        },
                    ));
                }
                current.path.clear();
                title = Some(text);
            }
            Block::Heading(level, text) => {
                let path = {
                    while stack.last().is_some_and(|(l, _)| *l >= level) {
                        stack.pop();
                    }
                    stack.push((level, text));
                    stack.iter().map(|(_, t)| t.clone()).collect()
                };
                let done = std::mem::replace(
                    &mut current,
                    Section {
                        path,
                        lines: Vec::new(),
                    },
                );
                if !done.lines.is_empty() {
                    sections.push(done);
                }
            }
            Block::Para(text) => current.lines.push(Line::Prose(text)),
            Block::Code(text) => current.lines.push(Line::Code(text)),
        }
    }
    if !current.lines.is_empty() {
        sections.push(current);
    }
    Document {
        source: source.to_string(),
        title: title.unwrap_or_else(|| fallback_title.to_string()),
        sections,
        explicit_headings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(format: Format, text: &str) -> Document {
        let parsed = parse(format, text);
        let fallback = parsed.title.clone().unwrap_or_else(|| "fallback".into());
        sections("t", parsed.blocks, &fallback, format != Format::Text)
    }

    fn prose(lines: &[&str]) -> Vec<Line> {
        lines.iter().map(|l| Line::Prose(l.to_string())).collect()
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
        assert!(vc.lines.iter().any(|l| l.text().contains("1-2 months")));
        let c = d
            .sections
            .iter()
            .find(|s| s.path == ["Containers"])
            .unwrap();
        assert!(c.lines.iter().any(|l| l.text().contains("2-3 months")));
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
            "Edit this page",
            "Edit on GitHub",
            "View page source",
            "Last updated on Mar 3, 2024 by Jane",
            "© Copyright 2024, The Team. Created using Sphinx 7.2.6.",
            "Previous chapter »",
            "« Previous",
            "Next page",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        for line in [
            "Docker packages applications.",
            "Version Control",
            "Learning Time: 2-3 months",
            "Edit the config file, then restart the service.",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn old_edition_banners_are_recognised() {
        for line in [
            "If you came here via a link or web search, you may want to check out the current version of the book instead.",
            "This is documentation for Widget 1.x, which is no longer actively maintained.",
            "This is unreleased documentation for Widget Next version.",
            "You are not reading the most recent version of this documentation.",
            "You are viewing an old version of the docs.",
        ] {
            assert!(is_old_edition_banner(line), "{line}");
        }
        for line in [
            "Python 2 is no longer supported, so port old code to Python 3.",
            "Check the current version of the crate with cargo tree.",
        ] {
            assert!(!is_old_edition_banner(line), "{line}");
        }
    }

    #[test]
    fn link_lists_after_you_may_like_are_dropped() {
        let text = "The Title Of The Doc\n\nCore Languages\n\nYou May Like It:\n\nPython Backend Development: A Complete Guide\n\nCoding Basics for Beginners\n\nThe foundation of every backend developer is strong programming knowledge, always.\n";
        let d = doc(Format::Text, text);
        let all: String = d
            .sections
            .iter()
            .flat_map(|s| {
                s.path
                    .iter()
                    .cloned()
                    .chain(s.lines.iter().map(|l| l.text().to_string()))
            })
            .collect();
        assert!(!all.contains("Coding Basics"), "{d:?}");
        assert!(all.contains("foundation"));
    }

    #[test]
    fn a_heading_ends_a_see_also_list() {
        let d = doc(
            Format::Markdown,
            "# Docs\n\n## Testing\n\nTests run with cargo test and report each failure.\n\n## See also\n\n- Unit tests\n\n# Integration testing\n\nIntegration tests live in the tests folder next to src.\n",
        );
        let last = d.sections.last().unwrap();
        assert_eq!(last.path, ["Integration testing"], "{d:?}");
    }

    #[test]
    fn markdown_sections_by_heading_and_code_kept_as_code() {
        let d = doc(
            Format::Markdown,
            "# Docker\n\nIntro **bold** [link](http://x).\n\n## Learning time\n\nDocker takes 2–3 months.\n\n```sh\n  docker run \\\n    -p 80:80 nginx\n```\n",
        );
        assert_eq!(d.title, "Docker");
        assert_eq!(d.sections[0].lines, prose(&["Intro bold link."]));
        assert_eq!(d.sections[1].path, ["Learning time"]);
        assert_eq!(
            d.sections[1].lines,
            [
                Line::Prose("Docker takes 2–3 months.".into()),
                Line::Code("docker run \\\n  -p 80:80 nginx".into())
            ]
        );
    }

    #[test]
    fn metadata_under_the_title_is_not_prose() {
        let d = doc(
            Format::Markdown,
            "# Java vs Python\ncompare: java, python\n\nJava and Python pull in different directions.\n\nnote: this line is prose.\n",
        );
        assert_eq!(d.title, "Java vs Python");
        assert_eq!(
            d.sections[0].lines,
            prose(&[
                "Java and Python pull in different directions.",
                "note: this line is prose."
            ])
        );
        // A compare: line with many other names is still metadata.
        let d = doc(
            Format::Markdown,
            "# SQL Server vs PostgreSQL\ncompare: sql server | mssql | microsoft sql server | t-sql, postgresql | postgres | pg | psql\n\nBoth are relational databases.\n",
        );
        assert_eq!(
            d.sections[0].lines,
            prose(&["Both are relational databases."])
        );
    }

    #[test]
    fn markdown_front_matter_gives_the_title() {
        let d = doc(
            Format::Markdown,
            "---\ntitle: \"Deploying\"\nsidebar_position: 2\n---\n\nWe deploy with one command from the main branch every day.\n",
        );
        assert_eq!(d.title, "Deploying");
        assert_eq!(
            d.sections[0].lines,
            prose(&["We deploy with one command from the main branch every day."])
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
            prose(&["Redis keeps hot data & sessions in memory."])
        );
        assert_eq!(d.sections[1].path, ["Eviction"]);
    }

    #[test]
    fn html_main_content_only_and_title_from_the_title_tag() {
        // mdBook: the book's name is an <h1> in the menu bar, outside <main>;
        // the chapter starts at <h2>.
        let html = r##"<html lang="en"><head><title>Recoverable Errors - The Book</title></head><body>
            <div class="menu-bar"><h1 class="menu-title">The Book</h1></div>
            <nav class="sidebar"><ol><li><a href="a.html">1. Getting started</a></li></ol></nav>
            <main><h2 id="x"><a class="header" href="#x">Recoverable Errors with <code>Result</code></a></h2>
            <p>Most errors aren't serious enough to stop the program entirely.</p>
            <pre><code class="language-rust">use std::fs::File;

fn main() {
    let f = File::open("hello.txt");
}</code></pre>
            <p>See <a href="b.html">the next chapter</a>.</p>
            <ul><li><a href="c.html">Chapter three</a></li></ul>
            </main><nav class="nav-wrapper"><a href="n.html">Next</a></nav></body></html>"##;
        let parsed = parse(Format::Html, html);
        assert_eq!(parsed.lang.as_deref(), Some("en"));
        let d = sections("t", parsed.blocks, parsed.title.as_deref().unwrap(), true);
        assert_eq!(d.title, "Recoverable Errors - The Book");
        assert_eq!(d.sections.len(), 1, "{d:?}");
        assert_eq!(d.sections[0].path, ["Recoverable Errors with Result"]);
        assert_eq!(
            d.sections[0].lines,
            [
                Line::Prose(
                    "Most errors aren't serious enough to stop the program entirely.".into()
                ),
                Line::Code(
                    "use std::fs::File;\n\nfn main() {\n    let f = File::open(\"hello.txt\");\n}"
                        .into()
                ),
                Line::Prose("See the next chapter.".into()),
            ]
        );
    }

    #[test]
    fn sphinx_and_docusaurus_chrome_is_dropped() {
        let sphinx = r##"<html><head><title>Install &#8212; Widget 2.0 docs</title></head><body>
            <div class="related" role="navigation"><ul><li><a href="i.html">index</a></li></ul></div>
            <div class="document"><div class="body" role="main">
            <section id="install"><h1>Install<a class="headerlink" href="#install">¶</a></h1>
            <p>Install the widget with pip and a recent Python.</p>
            <div class="highlight"><pre><span></span>pip install widget
widget --version
</pre></div></section></div></div>
            <div class="sphinxsidebar" role="navigation"><h3>Navigation</h3></div>
            <div class="footer">&copy; Copyright 2024. Created using Sphinx.</div></body></html>"##;
        let d = doc(Format::Html, sphinx);
        assert_eq!(d.title, "Install");
        assert_eq!(
            d.sections[0].lines,
            [
                Line::Prose("Install the widget with pip and a recent Python.".into()),
                Line::Code("pip install widget\nwidget --version".into()),
            ]
        );
        let docusaurus = r##"<html><body><nav class="navbar">Docs Blog</nav>
            <aside class="theme-doc-sidebar-container">Intro</aside>
            <main class="docMainContainer"><div class="theme-doc-version-banner alert">This is documentation for Widget 1.x, which is no longer actively maintained.</div>
            <article><nav class="theme-doc-breadcrumbs"><a href="/">Home</a></nav>
            <div class="theme-doc-markdown markdown"><header><h1>Configure</h1></header>
            <p>Put the settings in widget.toml next to the binary.</p>
            <h2 id="env">Environment<a class="hash-link" href="#env" title="Direct link">&#8203;</a></h2>
            <p>Variables override the file.</p></div>
            <footer class="theme-doc-footer"><a href="https://github.com/x/edit">Edit this page</a></footer></article>
            <nav class="pagination-nav"><a href="/next">Next: Deploy »</a></nav>
            <div class="theme-doc-toc-desktop"><ul><li><a href="#env">Environment</a></li></ul></div></main>
            <footer class="footer">Copyright © 2024</footer></body></html>"##;
        let parsed = parse(Format::Html, docusaurus);
        assert!(parsed.old_edition);
        let d = sections("t", parsed.blocks, "fallback", true);
        assert_eq!(d.title, "Configure");
        let all = format!("{d:?}");
        for chrome in [
            "Docs Blog",
            "Intro",
            "Home",
            "Edit this page",
            "Deploy",
            "Copyright",
            "no longer",
        ] {
            assert!(!all.contains(chrome), "{chrome}: {all}");
        }
        assert_eq!(d.sections[1].path, ["Environment"]);
    }

    #[test]
    fn redirect_and_moved_stubs_are_recognised() {
        let refresh = r##"<html><head><title>Redirecting...</title><meta http-equiv="refresh" content="0; URL=ch18.html"></head>
            <body><p>Redirecting to... <a href="ch18.html">ch18.html</a>.</p></body></html>"##;
        assert!(parse(Format::Html, refresh).stub);
        let moved = r##"<html><head><title>Error Handling</title></head><body><h1>Error Handling in Rust</h1>
            <p>This content has moved into <a href="book/ch09.html">the book</a>.</p></body></html>"##;
        assert!(parse(Format::Html, moved).stub);
        let real = "<html><body><h1>Moving data</h1><p>When a value is moved into a function, the caller can no longer use it. This is how ownership works, and it prevents double frees without a garbage collector.</p></body></html>";
        assert!(!parse(Format::Html, real).stub);
    }

    #[test]
    fn entities_decode() {
        assert_eq!(
            decode_entities("a &amp; b &#39;c&#x27; &bogus; &"),
            "a & b 'c' &bogus; &"
        );
    }

    #[test]
    fn raw_elements_are_stripped_once_each() {
        let html = "<p>a</p><!-- <p>hidden</p> --><script>1 < 2</script><p>b</p><style>x{}</style><p>c</p>";
        assert_eq!(strip_raw_elements(html), "<p>a</p><p>b</p><p>c</p>");
    }
}
