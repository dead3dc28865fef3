//! Skill material in, answers out: ingestion (Markdown, plain text, HTML),
//! chunking by section, skill tagging, a tantivy index, and extractive
//! answers that cite their source and section. The built-in handbook (one
//! Markdown file per catalog skill) is embedded and is the default material.
//!
//! tantivy types never appear in this API.
//!
//! ```
//! use skillbot_index::{IndexBuilder, Index, SkillTagger};
//!
//! let skills = vec![("docker".to_string(), vec!["Docker".to_string()])];
//! let dir = tempfile::tempdir().unwrap();
//! let mut builder = IndexBuilder::new(SkillTagger::new(skills.clone()));
//! builder.add_handbook();
//! builder.build(dir.path(), |_| {}).unwrap();
//!
//! let index = Index::open(dir.path(), SkillTagger::new(skills)).unwrap();
//! let answer = index.ask("how long does it take to learn docker?", 3).unwrap();
//! assert!(answer.answer.unwrap().text.contains("months"));
//! ```

mod builder;
mod cache;
mod chunk;
mod compare;
mod cues;
mod error;
mod handbook;
mod ingest;
mod lang;
mod region;
mod search;
mod summary;
mod tagger;
mod text;

pub use builder::{BuildStats, IndexBuilder};
pub use cache::open_handbook;
pub use compare::{Comparison, ComparisonAnswer, Side};
pub use error::Error;
pub use handbook::handbook;
pub use ingest::Format;
pub use search::{Answer, Extract, Index, Passage};
pub use tagger::SkillTagger;
