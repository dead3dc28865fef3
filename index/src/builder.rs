//! Building an index: read material, clean it, chunk it, tag it, write it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use tantivy::doc;
use tantivy::schema::{Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};

use crate::chunk::{RawChunk, chunks};
use crate::ingest::{self, Block, Format};
use crate::text::{ANALYZER, analyzer};
use crate::{Error, SkillTagger};

/// Version of the on-disk layout; bump to force default indexes to rebuild.
pub(crate) const FORMAT_VERSION: u32 = 1;
/// Marker file written last: a folder without it is not a finished index.
pub(crate) const META_FILE: &str = "skillbot-index.json";
/// Most skills a passage is tagged with.
const MAX_TAGS: usize = 5;

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub body: Field,
    pub source: Field,
    pub title: Field,
    pub section: Field,
    pub text: Field,
    pub skills: Field,
}

pub(crate) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqs);
    let body = builder.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let fields = Fields {
        body,
        source: builder.add_text_field("source", STORED),
        title: builder.add_text_field("title", STORED),
        section: builder.add_text_field("section", STORED),
        text: builder.add_text_field("text", STORED),
        skills: builder.add_text_field("skills", STORED),
    };
    (builder.build(), fields)
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
}

/// Collects material, then writes an index with [`IndexBuilder::build`].
pub struct IndexBuilder {
    tagger: SkillTagger,
    inputs: Vec<(String, Format, String)>,
}

impl IndexBuilder {
    /// A builder that tags passages with `tagger`'s skills.
    pub fn new(tagger: SkillTagger) -> IndexBuilder {
        IndexBuilder {
            tagger,
            inputs: Vec::new(),
        }
    }

    /// Adds the built-in handbook.
    pub fn add_handbook(&mut self) {
        for (name, text) in crate::handbook::FILES {
            self.add_text(&format!("handbook/{name}"), Format::Markdown, text);
        }
    }

    /// Adds one text under a source name.
    pub fn add_text(&mut self, source: &str, format: Format, text: &str) {
        self.inputs
            .push((source.to_string(), format, text.to_string()));
    }

    /// Adds a file, or every readable file under a folder (recursively, in
    /// name order; hidden entries skipped). Returns how many files were added.
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
        if meta.is_file() {
            let format = Format::from_path(path).ok_or_else(|| Error::Unsupported {
                path: path.to_path_buf(),
            })?;
            self.add_file(path, format)?;
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
                    self.add_file(&entry, format)?;
                    added += 1;
                }
            }
        }
        Ok(added)
    }

    fn add_file(&mut self, path: &Path, format: Format) -> Result<(), Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        // Material is often pasted from the web: accept stray bytes rather
        // than refuse the whole file.
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let source = path.to_string_lossy().into_owned();
        self.inputs.push((source, format, text));
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
        let (schema, fields) = schema();
        let index = tantivy::Index::create_in_dir(dir, schema)?;
        index.tokenizers().register(ANALYZER, analyzer());
        let writer_threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, 4);
        let mut writer: tantivy::IndexWriter =
            index.writer_with_num_threads(writer_threads, 64_000_000 * writer_threads)?;

        // Pass 1: blocks per document, and which short lines repeat across
        // documents (navigation and promo text that every page carries).
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parsed: Vec<(String, Vec<Block>, u64)> =
            par_map(&self.inputs, threads, |(source, format, text)| {
                let blocks = ingest::clean(ingest::blocks(*format, text));
                (source.clone(), blocks, text.len() as u64)
            });
        let repeated = repeated_lines(&parsed);
        // Cleaning, chunking and tagging run on every core; tantivy's own
        // threads then tokenize. Documents are added in input order, so the
        // same material always gives the same index.
        let prepared = par_map(&parsed, threads, |(source, blocks, _)| {
            let blocks: Vec<Block> = blocks
                .iter()
                .filter(|b| match b {
                    Block::Para(text) => !repeated.contains(&ingest::normalise(text)),
                    Block::Heading(..) => true,
                })
                .cloned()
                .collect();
            let fallback = Path::new(source)
                .file_stem()
                .map_or_else(|| source.clone(), |s| s.to_string_lossy().into_owned());
            let document = ingest::sections(source, blocks, &fallback);
            let passages: Vec<Prepared> = chunks(&document)
                .into_iter()
                .map(
                    |RawChunk {
                         section,
                         headings,
                         text,
                     }| {
                        let heading_text = format!("{}\n{}", document.title, headings.join("\n"));
                        let skills = self.tagger.tag(&heading_text, &text, MAX_TAGS);
                        Prepared {
                            normalised: ingest::normalise(&text),
                            // The heading path is repeated inside the body: tantivy
                            // sums per-field BM25, and one field ranked better than two.
                            body: format!("{heading_text}\n{text}"),
                            section,
                            text,
                            skills: skills.join(" "),
                        }
                    },
                )
                .collect();
            (document.title, passages)
        });

        let mut stats = BuildStats::default();
        let mut seen_chunks: HashSet<String> = HashSet::new();
        for ((source, _, bytes), (title, passages)) in parsed.iter().zip(prepared) {
            for p in passages {
                if !seen_chunks.insert(p.normalised) {
                    continue;
                }
                writer.add_document(doc!(
                    fields.body => p.body,
                    fields.source => source.clone(),
                    fields.title => title.clone(),
                    fields.section => p.section,
                    fields.text => p.text,
                    fields.skills => p.skills,
                ))?;
                stats.chunks += 1;
            }
            stats.files += 1;
            stats.bytes += bytes;
            stats.seconds = started.elapsed().as_secs_f64();
            progress(&stats);
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        stats.seconds = started.elapsed().as_secs_f64();
        let meta = format!(
            "{{\"format\":{FORMAT_VERSION},\"files\":{},\"chunks\":{},\"bytes\":{}}}\n",
            stats.files, stats.chunks, stats.bytes
        );
        let meta_path = dir.join(META_FILE);
        std::fs::write(&meta_path, meta).map_err(io(&meta_path))?;
        Ok(stats)
    }
}

/// A passage ready to index.
struct Prepared {
    normalised: String,
    body: String,
    section: String,
    text: String,
    skills: String,
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

/// Short paragraphs (≤ 20 words) found in two or more documents.
fn repeated_lines(parsed: &[(String, Vec<Block>, u64)]) -> HashSet<String> {
    if parsed.len() < 2 {
        return HashSet::new();
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for (_, blocks, _) in parsed {
        let mut in_doc = HashSet::new();
        for block in blocks {
            if let Block::Para(text) = block
                && text.split_whitespace().count() <= 20
            {
                in_doc.insert(ingest::normalise(text));
            }
        }
        for line in in_doc {
            *count.entry(line).or_default() += 1;
        }
    }
    count
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(line, _)| line)
        .collect()
}
