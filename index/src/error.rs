use std::path::PathBuf;

/// Everything that can go wrong while building or searching an index.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A path given to ingest does not exist.
    #[error("{}: no such file or folder", path.display())]
    NotFound { path: PathBuf },
    /// A file given explicitly has an extension we do not read.
    #[error("{}: not a file skillbot can read (use .md .markdown .txt .html .htm)", path.display())]
    Unsupported { path: PathBuf },
    /// Nothing to index.
    #[error("no readable material found (looked for .md .markdown .txt .html .htm files)")]
    NoMaterial,
    /// A folder that does not hold a skillbot index.
    #[error("{}: not a skillbot index (build one with `skillbot index build --from PATH --index DIR`)", path.display())]
    NotAnIndex { path: PathBuf },
    /// The question has no words to search for.
    #[error(
        "the question has no words to search for: ask something like \"how long does Docker take to learn?\""
    )]
    EmptyQuestion,
    /// The search engine failed (a corrupt index, a full disk…).
    #[error("search index error: {message}")]
    Engine { message: String },
}

impl From<tantivy::TantivyError> for Error {
    fn from(err: tantivy::TantivyError) -> Self {
        Error::Engine {
            message: err.to_string(),
        }
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for Error {
    fn from(err: tantivy::directory::error::OpenDirectoryError) -> Self {
        Error::Engine {
            message: err.to_string(),
        }
    }
}

impl Error {
    /// Whether the error is the caller's mistake (bad path, empty question)
    /// rather than a failure of the machine.
    pub fn is_user_error(&self) -> bool {
        matches!(
            self,
            Error::NotFound { .. }
                | Error::Unsupported { .. }
                | Error::NoMaterial
                | Error::NotAnIndex { .. }
                | Error::EmptyQuestion
        )
    }
}
