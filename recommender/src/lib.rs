//! The skill catalog and the ranking of what each member should learn next.
//!
//! A [`Catalog`] holds skills (with aliases, prerequisites and learning times)
//! and roles (target levels with weights). It is validated when it is loaded:
//! unknown ids, duplicate ids or aliases, prerequisite cycles and levels out of
//! range are rejected with an error naming the offending entry.
//!
//! Everything here is pure: no IO, no async, no database. The caller reads
//! files and stores levels; this crate only decides.
//!
//! ```
//! use skillbot_recommender::Catalog;
//!
//! let catalog = Catalog::builtin();
//! let role = catalog.role("java-backend-developer").unwrap();
//! let levels = catalog.parse_levels("").unwrap();
//! let recs = catalog.recommend(role, &levels, None);
//! assert_eq!(recs[0].skill, "java");
//! ```

mod catalog;
mod error;
mod level;
mod rank;
mod suggest;
mod targets;
mod team;

pub use catalog::{Catalog, Category, Role, Skill, Target, Weight};
pub use error::Error;
pub use level::{Level, Levels};
pub use rank::{Estimate, Milestone, MilestoneKind, Pace, Plan, PlanStep, Recommendation};
pub use team::{Coverage, Member, NotAssessed, SkillCoverage, SkillGap, TeamReport};

/// The level at which a skill counts as a met prerequisite (beginner).
pub const PREREQUISITE_LEVEL: Level = Level::BEGINNER;

/// The level at which a member counts as knowing a skill for team coverage
/// (working proficiency).
pub const HOLDER_LEVEL: Level = Level::WORKING;
