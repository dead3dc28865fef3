use std::fmt;

use crate::Error;

/// A skill level from 0 (none) to 5 (expert).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Level(u8);

impl Level {
    pub const NONE: Level = Level(0);
    pub const AWARE: Level = Level(1);
    pub const BEGINNER: Level = Level(2);
    pub const WORKING: Level = Level(3);
    pub const ADVANCED: Level = Level(4);
    pub const EXPERT: Level = Level(5);
    pub const MAX: u8 = 5;

    /// The level as a number from 0 to 5.
    pub fn get(self) -> u8 {
        self.0
    }

    /// A short human name: "none", "aware", "beginner", "working",
    /// "advanced", "expert".
    pub fn name(self) -> &'static str {
        ["none", "aware", "beginner", "working", "advanced", "expert"][usize::from(self.0)]
    }
}

impl TryFrom<u8> for Level {
    type Error = u8;

    fn try_from(value: u8) -> Result<Self, u8> {
        if value <= Self::MAX {
            Ok(Level(value))
        } else {
            Err(value)
        }
    }
}

impl Level {
    /// Parses user input such as `"3"` for the skill `skill` (used in errors).
    pub fn parse(skill: &str, text: &str) -> Result<Level, Error> {
        text.trim()
            .parse::<u8>()
            .ok()
            .and_then(|n| Level::try_from(n).ok())
            .ok_or_else(|| Error::InvalidLevel {
                skill: skill.to_string(),
                given: text.trim().to_string(),
            })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One member's levels across a catalog, indexed densely by the catalog's
/// skill order. Build it with [`crate::Catalog::levels`] or
/// [`crate::Catalog::parse_levels`]; use it only with that catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    pub(crate) by_skill: Vec<Level>,
}

impl Levels {
    pub(crate) fn zero(skills: usize) -> Levels {
        Levels {
            by_skill: vec![Level::NONE; skills],
        }
    }

    pub(crate) fn at(&self, index: usize) -> Level {
        self.by_skill.get(index).copied().unwrap_or_default()
    }

    pub(crate) fn set_at(&mut self, index: usize, level: Level) {
        if let Some(slot) = self.by_skill.get_mut(index) {
            *slot = level;
        }
    }
}
