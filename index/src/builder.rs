//! Building an index: read material, clean it, chunk it, tag it, write it.
//!
//! Everything a question's ranking needs beyond BM25 is computed here, once:
//! each passage's language, its cues (facts it states, what its heading
//! says it is about, whether its page is an old edition, whether it is only
//! code), its skill tags as hashes in fast fields, and a compact summary of
//! its sentences and terms for the answer sentence and the snippet. The last
//! heading of each passage is indexed on its own too, so "does the heading
//! name what was asked" is a posting lookup, not a re-analysis.
//!
//! Pages are read whole before anything is written, so duplicates can be
//! resolved by page: a section that appears on several pages is kept on the
//! most specific one (the chapter, not the all-in-one print page; the
//! current edition, not an old one; the original, not a copy nested deeper).

use std::collections::{HashMap, HashSet};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::TantivyDocument;
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use crate::cache::Fnv;
use crate::chunk::{RawChunk, chunks, parts};
use crate::cues::{CODE_ONLY, COMPARISON, OLD_EDITION, facts, heading_cues, is_comparison_title};
use crate::ingest::{self, Document, Format, Line};
use crate::summary::{Summary, term_hash};
use crate::text::{TERMS, analyzer, register};
use crate::{Error, SkillTagger, compare, lang};

/// Version of the on-disk layout; bump to force default indexes to rebuild.
pub(crate) const FORMAT_VERSION: u32 = 7;
/// Marker file written last: a folder without it is not a finished index.
pub(crate) const META_FILE: &str = "skillbot-index.json";
/// Most skills a passage is tagged with.
const MAX_TAGS: usize = 5;
/// Sections shorter than this (normalised bytes) are not deduplicated on
/// their own: "See below." may legitimately appear on many pages.
const MIN_DEDUP_SECTION: usize = 60;

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    /// Title, headings and text: what BM25 ranks.
    pub body: Field,
    /// The passage's own (last) heading, or the title for a page's lead.
    pub heading: Field,
    /// What the passage names: title, headings, capitalised words and code.
    /// A question word found here is about the material's subject matter,
    /// not a word it merely uses ("today", "tie").
    pub names: Field,
    pub source: Field,
    pub title: Field,
    pub section: Field,
    pub text: Field,
    pub skills: Field,
    /// [`Summary`], encoded.
    pub summary: Field,
    /// Packed ISO 639-3 code (fast, indexed).
    pub lang: Field,
    /// `cues::*` bits (fast).
    pub cues: Field,
    /// Sections on the passage's page (fast): hundreds on a changelog or an
    /// all-in-one page.
    pub page_sections: Field,
    /// Skill tags as 32-bit hashes, two per field, strongest first (fast).
    pub tags01: Field,
    pub tags23: Field,
    pub tags4: Field,
    /// A comparison page's sides ("kafka, rabbitmq"), on each of its
    /// passages (stored).
    pub compare: Field,
    /// Lookup keys of a comparison page (raw, indexed): its sides' keys on
    /// its lead passage, its source on every passage (see `compare.rs`).
    pub compare_keys: Field,
    /// The passage's place on its page (stored): 0 for the first. Document
    /// addresses do not keep page order (several indexing threads).
    pub position: Field,
}

pub(crate) const TAG_FIELDS: [&str; 3] = ["tags01", "tags23", "tags4"];

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_indexing = |option| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TERMS)
                .set_index_option(option),
        )
    };
    let fields = Fields {
        body: builder.add_text_field("body", text_indexing(IndexRecordOption::WithFreqs)),
        heading: builder.add_text_field("heading", text_indexing(IndexRecordOption::Basic)),
        names: builder.add_text_field("names", text_indexing(IndexRecordOption::Basic)),
        source: builder.add_text_field("source", STORED),
        title: builder.add_text_field("title", STORED),
        section: builder.add_text_field("section", STORED),
        text: builder.add_text_field("text", STORED),
        skills: builder.add_text_field("skills", STORED),
        summary: builder.add_bytes_field("summary", STORED),
        lang: builder.add_u64_field("lang", FAST | INDEXED),
        cues: builder.add_u64_field("cues", FAST),
        page_sections: builder.add_u64_field("page_sections", FAST),
        tags01: builder.add_u64_field(TAG_FIELDS[0], FAST),
        tags23: builder.add_u64_field(TAG_FIELDS[1], FAST),
        tags4: builder.add_u64_field(TAG_FIELDS[2], FAST),
        compare: builder.add_text_field("compare", STORED),
        compare_keys: builder.add_text_field("compare_keys", STRING),
        position: builder.add_u64_field("position", STORED),
    };
    (builder.build(), fields)
}

/// A skill id's tag hash (never 0, which means "no tag").
pub(crate) fn tag_hash(id: &str) -> u64 {
    u64::from(term_hash(id).max(1))
}

/// Counts reported while building.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BuildStats {
    /// Files (or texts) read.
    pub files: usize,
    /// Passages indexed.
    pub chunks: usize,
    /// Bytes of material read.
    pub bytes: u64,
    /// Wall-clock seconds so far.
    pub seconds: f64,
    /// Redirect and "this page has moved" stubs skipped.
    pub stubs: usize,
    /// Duplicate passages and sections left out (the most specific copy is kept).
    pub duplicates: usize,
}

/// One file or text to index.
struct Input {
    source: String,
    format: Format,
    text: String,
}

/// Collects material, then writes an index with [`IndexBuilder::build`].
pub struct IndexBuilder {
    tagger: SkillTagger,
    inputs: Vec<Input>,
}

impl IndexBuilder {
    /// A builder that tags passages with `tagger`'s skills.
    pub fn new(tagger: SkillTagger) -> IndexBuilder {
        IndexBuilder {
            tagger,
            inputs: Vec::new(),
        }
    }

    /// Adds the built-in handbook (sources `handbook/<file>`).
    pub fn add_handbook(&mut self) {
        for (name, text) in crate::handbook::FILES {
            self.add_text(&format!("handbook/{name}"), Format::Markdown, text);
        }
    }

    /// Adds one text under a source name.
    pub fn add_text(&mut self, source: &str, format: Format, text: &str) {
        self.inputs.push(Input {
            source: source.to_string(),
            format,
            text: text.to_string(),
        });
    }

    /// Adds a file, or every readable file under a folder (recursively, in
    /// name order; hidden entries skipped). Returns how many files were added.
    ///
    /// Sources are named relative to what was given: a file by its name, a
    /// folder's files as `<folder name>/<path inside it>` — never by the
    /// absolute path of the machine that built the index.
    pub fn add_path(&mut self, path: &Path) -> Result<usize, Error> {
        let meta = std::fs::metadata(path).map_err(|source| match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound {
                path: path.to_path_buf(),
            },
            _ => Error::Io {
                path: path.to_path_buf(),
                source,
            },
        })?;
        let root_name = std::fs::canonicalize(path)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .or_else(|| path.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "material".to_string());
        if meta.is_file() {
            let format = Format::from_path(path).ok_or_else(|| Error::Unsupported {
                path: path.to_path_buf(),
            })?;
            self.add_file(path, root_name, format)?;
            return Ok(1);
        }
        let mut added = 0;
        let mut stack: Vec<PathBuf> = vec![path.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|source| Error::Io {
                    path: dir.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with('.'))
                })
                .collect();
            entries.sort();
            for entry in entries.into_iter().rev() {
                if entry.is_dir() {
                    stack.push(entry);
                } else if let Some(format) = Format::from_path(&entry) {
                    let relative = entry.strip_prefix(path).unwrap_or(&entry);
                    let parts: Vec<String> = std::iter::once(root_name.clone())
                        .chain(
                            relative
                                .components()
                                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
                        )
                        .collect();
                    self.add_file(&entry, parts.join("/"), format)?;
                    added += 1;
                }
            }
        }
        Ok(added)
    }

    fn add_file(&mut self, path: &Path, source: String, format: Format) -> Result<(), Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // Material is often pasted from the web: accept stray bytes rather
        // than refuse the whole file.
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(err) => String::from_utf8_lossy(err.as_bytes()).into_owned(),
        };
        self.inputs.push(Input {
            source,
            format,
            text,
        });
        Ok(())
    }

    /// How many files or texts have been added.
    pub fn len(&self) -> usize {
        self.inputs.len()
    }

    /// Whether nothing has been added.
    pub fn is_empty(&self) -> bool {
        self.inputs.is_empty()
    }

    /// Writes the index into `dir`, which must be empty or absent. Calls
    /// `progress` after each file. The index is complete only once this
    /// returns `Ok` (the marker file is written last).
    pub fn build(
        self,
        dir: &Path,
        mut progress: impl FnMut(&BuildStats),
    ) -> Result<BuildStats, Error> {
        let started = Instant::now();
        if self.inputs.is_empty() {
            return Err(Error::NoMaterial);
        }
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let (schema, _) = schema();
        let index = tantivy::Index::create_in_dir(dir, schema)?;
        register(&index);
        let writer_threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(writer_threads, 64_000_000 * writer_threads)?;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let mut stats = BuildStats::default();

        // Pass 1: pages into sections, on every core.
        let mut pages: Vec<Option<Page>> = par_map(&self.inputs, threads, Page::read);
        stats.stubs = pages.iter().filter(|p| p.is_none()).count();

        // Pass 2: a section found on several pages stays on the most
        // specific one; then short lines repeated on many pages (chrome the
        // markup did not mark) go.
        stats.duplicates += dedup_sections(&mut pages);
        remove_repeated_lines(&mut pages);
        // Pass 3: passages, on every core; of identical passages the copy
        // on the preferred page is kept.
        let chunked: Vec<Vec<RawChunk>> = par_map(&pages, threads, |page| match page {
            Some(page) => chunks(&page.document),
            None => Vec::new(),
        });
        let mut best: HashMap<u64, Preference> = HashMap::new();
        let keys: Vec<Vec<u64>> = chunked
            .iter()
            .map(|list| list.iter().map(|c| hash_normalised(&c.text)).collect())
            .collect();
        for (page, keys) in pages.iter().zip(&keys) {
            let Some(page) = page else { continue };
            for key in keys {
                let entry = best.entry(*key).or_insert(page.preference);
                if page.preference < *entry {
                    *entry = page.preference;
                }
            }
        }
        let mut work: Vec<(&Page, RawChunk, u64)> = Vec::new();
        for ((page, list), keys) in pages.iter().zip(chunked).zip(&keys) {
            let Some(page) = page else { continue };
            for ((position, chunk), key) in (0..).zip(list).zip(keys) {
                // The preferred page keeps one copy (a page may repeat itself).
                if best.get(key) == Some(&page.preference) {
                    best.remove(key);
                    work.push((page, chunk, position));
                } else {
                    stats.duplicates += 1;
                }
            }
        }

        // Pass 4: tags, languages, cues, summaries and terms, on every core,
        // handed to tantivy's indexing threads as they are ready.
        let added = std::sync::atomic::AtomicUsize::new(0);
        let failed: std::sync::Mutex<Option<tantivy::TantivyError>> = std::sync::Mutex::new(None);
        let per_thread = work.len().div_ceil(threads.max(1)).max(1);
        std::thread::scope(|scope| {
            for part in work.chunks(per_thread) {
                let (writer, added, failed, this) = (&writer, &added, &failed, &self);
                scope.spawn(move || {
                    let mut analyzer = analyzer();
                    for (page, chunk, position) in part {
                        let doc = this.prepare(&mut analyzer, page, chunk, *position);
                        match writer.add_document(doc) {
                            Ok(_) => {
                                added.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            }
                            Err(err) => {
                                *failed.lock().unwrap_or_else(|e| e.into_inner()) = Some(err);
                                return;
                            }
                        }
                    }
                });
            }
        });
        if let Some(err) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(err.into());
        }
        stats.chunks = added.into_inner();
        for input in &self.inputs {
            stats.files += 1;
            stats.bytes += input.text.len() as u64;
        }
        stats.seconds = started.elapsed().as_secs_f64();
        progress(&stats);
        writer.commit()?;
        writer.wait_merging_threads()?;
        stats.seconds = started.elapsed().as_secs_f64();
        let meta = format!(
            "{{\"format\":{FORMAT_VERSION},\"files\":{},\"chunks\":{},\"bytes\":{},\"stubs\":{},\"duplicates\":{}}}\n",
            stats.files, stats.chunks, stats.bytes, stats.stubs, stats.duplicates
        );
        let meta_path = dir.join(META_FILE);
        std::fs::write(&meta_path, meta).map_err(io(&meta_path))?;
        Ok(stats)
    }

    /// One passage, ready to write. The text is analysed once: its terms
    /// feed the indexed body, the names field and the stored summary.
    fn prepare(
        &self,
        analyzer: &mut TextAnalyzer,
        page: &Page,
        chunk: &RawChunk,
        position: u64,
    ) -> TantivyDocument {
        let document = &page.document;
        let RawChunk {
            section,
            headings,
            own,
            lead,
            text,
        } = chunk;
        let heading_text = format!("{}\n{}", document.title, headings.join("\n"));
        let skills = self.tagger.tag(&heading_text, text, MAX_TAGS);
        let parts = parts(text);
        let mut prose = String::new();
        for &(is_code, from, to) in &parts {
            if !is_code {
                prose.push_str(&text[from..to]);
                prose.push('\n');
            }
        }
        let mut terms_text = String::with_capacity(text.len());
        terms_of(analyzer, &heading_text, &mut terms_text);
        let heading_len = terms_text.len();
        let terms = terms_of(analyzer, text, &mut terms_text);
        let summary = Summary::build(text, &parts, &terms);
        let own_heading = (!own.is_empty()).then(|| own.join(" · "));
        let mut cues = facts(&prose) | heading_cues(own_heading.as_deref());
        if page.preference.old_edition {
            cues |= OLD_EDITION;
        }
        if summary.sentences.is_empty() {
            cues |= CODE_ONLY;
        }
        if is_comparison_title(&document.title) {
            cues |= COMPARISON;
        }
        let language = lang::of_passage(&prose, page.lang);
        let tags: Vec<u64> = skills.iter().map(|s| tag_hash(s)).collect();
        let tag = |i: usize| tags.get(i).copied().unwrap_or(0);
        // Names: the headings, code, and capitalised words not starting a
        // sentence.
        let mut names = terms_text[..heading_len].to_string();
        let starts: HashSet<usize> = summary.sentences.iter().map(|s| s.from).collect();
        let text_terms = terms_text[heading_len..].split(' ');
        for (&(from, _, _), term) in terms.iter().zip(text_terms) {
            let capital = text[from..].chars().next().is_some_and(char::is_uppercase);
            let in_code = parts
                .iter()
                .any(|&(code, start, end)| code && (start..end).contains(&from));
            if in_code || (capital && !starts.contains(&from)) {
                names.push_str(term);
                names.push(' ');
            }
        }
        // The passage's own heading; a page's lead is headed by the title.
        let mut own_terms = String::new();
        if *lead {
            terms_of(analyzer, &document.title, &mut own_terms);
        }
        for heading in own {
            terms_of(analyzer, heading, &mut own_terms);
        }

        let fields = fields();
        let mut doc = TantivyDocument::new();
        // The heading path is repeated inside the body: tantivy sums
        // per-field BM25, and one field ranked better than two. The fields
        // get the analysed terms (see `text::TERMS`).
        doc.add_text(fields.body, terms_text);
        doc.add_text(fields.names, names);
        doc.add_text(fields.heading, own_terms);
        doc.add_text(fields.source, &document.source);
        doc.add_text(fields.title, &document.title);
        doc.add_text(fields.section, section);
        doc.add_text(fields.skills, skills.join(" "));
        doc.add_bytes(fields.summary, &summary.encode());
        doc.add_u64(fields.lang, language);
        doc.add_u64(fields.cues, cues);
        doc.add_u64(fields.page_sections, page.preference.sections as u64);
        doc.add_u64(fields.position, position);
        doc.add_u64(fields.tags01, tag(0) << 32 | tag(1));
        doc.add_u64(fields.tags23, tag(2) << 32 | tag(3));
        doc.add_u64(fields.tags4, tag(4) << 32);
        doc.add_text(fields.text, text);
        if !page.compare.is_empty() {
            doc.add_text(fields.compare, page.compare.join(", "));
            doc.add_text(fields.compare_keys, compare::page_key(&document.source));
            if *lead {
                for name in page
                    .compare
                    .iter()
                    .flat_map(|side| compare::side_names(side))
                {
                    for key in compare::side_keys(&self.tagger, name) {
                        doc.add_text(fields.compare_keys, key);
                    }
                }
            }
        }
        doc
    }
}

/// Analyses `text`, appending its terms to `out` separated by spaces.
/// Returns, per term, its byte range in `text` and its hash; the terms in
/// `out` are in the same order.
fn terms_of(analyzer: &mut TextAnalyzer, text: &str, out: &mut String) -> Vec<(usize, usize, u32)> {
    let mut found = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while let Some(token) = stream.next() {
        out.push_str(&token.text);
        out.push(' ');
        found.push((token.offset_from, token.offset_to, term_hash(&token.text)));
    }
    found
}

fn fields() -> Fields {
    static FIELDS: std::sync::OnceLock<Fields> = std::sync::OnceLock::new();
    *FIELDS.get_or_init(|| schema().1)
}

/// Which copy of a duplicate to keep: the smallest wins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Preference {
    /// Pages that say they are an old edition lose to current ones.
    old_edition: bool,
    /// Sections on the page: an all-in-one page holds hundreds.
    sections: usize,
    /// Folders deep: a translated or archived copy is usually nested deeper.
    depth: usize,
    /// Otherwise the first page read wins.
    order: usize,
}

/// A page read and sectioned.
struct Page {
    document: Document,
    preference: Preference,
    /// Declared or detected language of the page as a whole.
    lang: u64,
    /// A comparison page's sides: its `compare:` line, else its "X vs Y"
    /// title; empty for other pages.
    compare: Vec<String>,
}

impl Page {
    /// `None` for a redirect or "moved" stub.
    fn read(input: &Input) -> Option<Page> {
        let parsed = ingest::parse(input.format, &input.text);
        if parsed.stub {
            return None;
        }
        let fallback = parsed.title.clone().unwrap_or_else(|| {
            Path::new(&input.source).file_stem().map_or_else(
                || input.source.clone(),
                |s| s.to_string_lossy().into_owned(),
            )
        });
        let document = ingest::sections(
            &input.source,
            parsed.blocks,
            &fallback,
            input.format != Format::Text,
        );
        let lang = match parsed.lang.as_deref().map(lang::from_declared) {
            Some(l) if l != lang::UNKNOWN => l,
            _ => {
                let mut sample = String::new();
                for line in document.sections.iter().flat_map(|s| &s.lines) {
                    if let Line::Prose(t) = line {
                        sample.push_str(t);
                        sample.push(' ');
                        if sample.len() > 2_000 {
                            break;
                        }
                    }
                }
                lang::detect(&sample).unwrap_or(lang::UNKNOWN)
            }
        };
        let compare = (input.format == Format::Markdown)
            .then(|| compare::page_sides(&input.text))
            .flatten()
            .or_else(|| compare::title_sides(&document.title))
            .unwrap_or_default();
        Some(Page {
            preference: Preference {
                old_edition: parsed.old_edition,
                sections: document.sections.len(),
                depth: input.source.matches('/').count(),
                order: 0,
            },
            document,
            lang,
            compare,
        })
    }
}

/// Hash of a text's lower-cased letters and digits (what [`ingest::normalise`]
/// keeps), without building the string.
fn hash_normalised(text: &str) -> u64 {
    let mut h = Fnv::new();
    normalised_into(&mut h, text);
    h.finish()
}

fn normalised_into(h: &mut Fnv, text: &str) -> usize {
    let mut n = 0;
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                h.write_u8(c.to_ascii_lowercase() as u8);
                n += 1;
            }
        } else if c.is_alphanumeric() {
            for l in c.to_lowercase() {
                let mut buf = [0; 4];
                h.write(l.encode_utf8(&mut buf).as_bytes());
                n += 1;
            }
        }
    }
    n
}

/// Removes sections that also appear on a preferred page; returns how many.
fn dedup_sections(pages: &mut [Option<Page>]) -> usize {
    for (i, page) in pages.iter_mut().enumerate() {
        if let Some(page) = page {
            page.preference.order = i;
        }
    }
    let key = |lines: &[Line]| -> Option<u64> {
        let mut h = Fnv::new();
        let mut n = 0;
        for line in lines {
            n += normalised_into(&mut h, line.text());
            h.write(&[0]);
        }
        (n >= MIN_DEDUP_SECTION).then(|| h.finish())
    };
    let keys: Vec<Vec<Option<u64>>> = pages
        .iter()
        .map(|page| {
            page.as_ref().map_or_else(Vec::new, |page| {
                page.document
                    .sections
                    .iter()
                    .map(|s| key(&s.lines))
                    .collect()
            })
        })
        .collect();
    let mut best: HashMap<u64, Preference> = HashMap::new();
    for (page, keys) in pages.iter().zip(&keys) {
        let Some(page) = page else { continue };
        for k in keys.iter().flatten() {
            let entry = best.entry(*k).or_insert(page.preference);
            if page.preference < *entry {
                *entry = page.preference;
            }
        }
    }
    let mut removed = 0;
    for (page, keys) in pages.iter_mut().zip(&keys) {
        let Some(page) = page else { continue };
        let pref = page.preference;
        let mut keys = keys.iter();
        let before = page.document.sections.len();
        page.document.sections.retain(|_| {
            keys.next()
                .copied()
                .flatten()
                .is_none_or(|k| best.get(&k) == Some(&pref))
        });
        removed += before - page.document.sections.len();
    }
    removed
}

/// Short paragraphs (≤ 20 words) found on many pages — two or more, and at
/// least one page in fifty — are chrome: navigation, promos, footers.
fn remove_repeated_lines(pages: &mut [Option<Page>]) {
    let count_pages = pages.iter().flatten().count();
    if count_pages < 2 {
        return;
    }
    let threshold = (count_pages / 50).max(2);
    let short = |t: &str| t.split_whitespace().count() <= 20;
    let mut count: HashMap<String, usize> = HashMap::new();
    for page in pages.iter().flatten() {
        let mut in_page = HashSet::new();
        for section in &page.document.sections {
            for line in &section.lines {
                if let Line::Prose(t) = line
                    && short(t)
                {
                    in_page.insert(ingest::normalise(t));
                }
            }
        }
        for line in in_page {
            *count.entry(line).or_default() += 1;
        }
    }
    let repeated: HashSet<String> = count
        .into_iter()
        .filter(|(_, n)| *n >= threshold)
        .map(|(line, _)| line)
        .collect();
    if repeated.is_empty() {
        return;
    }
    for page in pages.iter_mut().flatten() {
        for section in &mut page.document.sections {
            section.lines.retain(|line| match line {
                Line::Prose(t) => !(short(t) && repeated.contains(&ingest::normalise(t))),
                Line::Code(_) => true,
            });
        }
        page.document.sections.retain(|s| !s.lines.is_empty());
    }
}

/// `items.iter().map(f).collect()` on up to `threads` threads, in order.
fn par_map<T: Sync, R: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if threads <= 1 || items.len() < 2 {
        return items.iter().map(f).collect();
    }
    let per_thread = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(per_thread)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("indexing worker panicked"))
            .collect()
    })
}
