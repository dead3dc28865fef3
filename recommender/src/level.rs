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
/// skill order. A skill is either assessed (a level 0–5, 0 meaning "does not
/// know it") or not assessed at all (nobody asked yet). Build it with
/// [`crate::Catalog::levels`] or [`crate::Catalog::parse_levels`]; use it only
/// with that catalog.
///
/// Ranking treats a skill that is not assessed as level 0 (a member's own
/// path must start somewhere) but says so in its reasons; team coverage,
/// gaps and bus-factor claims count assessed levels only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Levels {
    pub(crate) by_skill: Vec<Option<Level>>,
}

impl Levels {
    pub(crate) fn unassessed(skills: usize) -> Levels {
        Levels {
            by_skill: vec![None; skills],
        }
    }

    /// The level used for ranking: not assessed counts as 0.
    pub(crate) fn at(&self, index: usize) -> Level {
        self.assessed(index).unwrap_or_default()
    }

    /// The assessed level, or `None` when the skill was never assessed.
    pub(crate) fn assessed(&self, index: usize) -> Option<Level> {
        self.by_skill.get(index).copied().flatten()
    }

    pub(crate) fn set_at(&mut self, index: usize, level: Level) {
        if let Some(slot) = self.by_skill.get_mut(index) {
            *slot = Some(level);
        }
    }

    /// The same levels with every skill not assessed set to `level`: for
    /// input where a person listed everything they know (`--skills`), so
    /// the rest is a known 0 rather than "not asked yet".
    pub fn fill_unassessed(mut self, level: Level) -> Levels {
        for slot in &mut self.by_skill {
            slot.get_or_insert(level);
        }
        self
    }

    /// How many skills have an assessed level.
    pub fn assessed_count(&self) -> usize {
        self.by_skill.iter().filter(|l| l.is_some()).count()
    }
}
