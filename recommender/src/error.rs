use std::fmt;

/// Everything that can go wrong when loading a catalog or reading user input
/// against it. Messages are written for the person who typed the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A skill id, name or alias that the catalog does not know.
    #[error("unknown skill '{given}'{}", DidYouMean(suggestions))]
    UnknownSkill {
        given: String,
        suggestions: Vec<String>,
    },
    /// A role id that the catalog does not know.
    #[error("unknown role '{given}'{}", DidYouMean(suggestions))]
    UnknownRole {
        given: String,
        suggestions: Vec<String>,
    },
    /// A level that is not a whole number from 0 to 5.
    #[error(
        "level '{given}' for '{skill}' is not valid: use a whole number from 0 (none) to 5 (expert)"
    )]
    InvalidLevel { skill: String, given: String },
    /// A `--skills` entry that is not `id:level`.
    #[error("'{entry}' is not a skill level: write it as id:level, e.g. \"rust:3,docker:2\"")]
    MalformedLevels { entry: String },
    /// The same skill given twice in one list of levels.
    #[error("skill '{skill}' is given more than once")]
    DuplicateLevel { skill: String },
    /// The catalog file is not valid TOML or does not have the catalog shape.
    #[error("catalog is not valid: {message}")]
    CatalogSyntax { message: String },
    /// An entry in the catalog breaks a rule (unknown id, duplicate, range).
    #[error("catalog entry '{entry}': {problem}")]
    CatalogEntry { entry: String, problem: String },
    /// A learning pace out of range.
    #[error("pace is not valid: {problem}")]
    InvalidPace { problem: String },
    /// Prerequisites that loop back on themselves.
    #[error("catalog prerequisites form a cycle: {}", cycle.join(" -> "))]
    CatalogCycle { cycle: Vec<String> },
}

struct DidYouMean<'a>(&'a [String]);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [one] => write!(f, " — did you mean '{one}'?"),
            many => {
                let quoted: Vec<String> = many.iter().map(|s| format!("'{s}'")).collect();
                write!(f, " — did you mean one of {}?", quoted.join(", "))
            }
        }
    }
}
