//! Role targets as they apply to one member.
//!
//! A target names a skill (`java` at 4) or any skill of a category
//! (`any:language` at 3: a main language, whichever it is). The second kind
//! is met by the member's strongest skill of the category, which is also the
//! one to raise when they have started it (beginner or better); otherwise
//! one is chosen for them: one that skills they know build on (Java for a
//! Spring Boot user), else a skill whose prerequisites they
//! already have (or will have on their path, so a framework follows their
//! language), else one that builds on what they have (Express through
//! Node.js for a JavaScript developer), then the one they know best, then the
//! role's `prefer` order. When every choice would make them start a second
//! skill of a kind they already have (Django, hence Python, for a Go
//! developer), the target does not apply to their stack and is left out.

use std::cmp::Reverse;

use crate::catalog::{Catalog, Goal, Weight};
use crate::{Level, Levels, PREREQUISITE_LEVEL};

/// A role target resolved for one member.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Resolved {
    /// The skill that meets (or will meet) the target.
    pub(crate) skill: usize,
    pub(crate) level: Level,
    pub(crate) weight: Weight,
    /// The category of an `any:` target.
    pub(crate) any: Option<usize>,
    /// The member is at the level already.
    pub(crate) met: bool,
    /// The member has an assessed level for it (for an `any:` target: for
    /// some skill of the category).
    pub(crate) assessed: bool,
}

impl Catalog {
    /// Resolves every target of a role for `levels` into `out` (cleared
    /// first): fixed skills, then `any:` targets in learning order.
    pub(crate) fn resolve_targets(&self, role: usize, levels: &Levels, out: &mut Vec<Resolved>) {
        out.clear();
        let targets = &self.role_targets[role];
        for t in targets {
            if let Goal::Skill(s) = t.goal {
                out.push(Resolved {
                    skill: s,
                    level: t.level,
                    weight: t.weight,
                    any: None,
                    met: levels.at(s) >= t.level,
                    assessed: levels.assessed(s).is_some(),
                });
            }
        }
        let mut anys: Vec<_> = targets
            .iter()
            .filter_map(|t| match &t.goal {
                Goal::Any { category, prefer } => Some((t, *category, prefer)),
                Goal::Skill(_) => None,
            })
            .collect();
        anys.sort_by_key(|(_, c, _)| self.categories[*c].stage);
        // Levels once the targets resolved so far and the prerequisites
        // they pull in are met; built when a choice needs it.
        let mut projected: Option<Vec<Level>> = None;
        for (t, category, prefer) in anys {
            let members = &self.category_skills[category];
            let assessed = members.iter().any(|&s| levels.assessed(s).is_some());
            let strongest = members
                .iter()
                .copied()
                .max_by_key(|&s| (levels.at(s), Reverse(s)))
                .expect("validated: categories of targets are not empty");
            let projected = projected.get_or_insert_with(|| {
                let mut p: Vec<Level> = (0..self.skills.len()).map(|s| levels.at(s)).collect();
                for r in out.iter() {
                    self.raise_with_prerequisites(&mut p, r.skill, r.level);
                }
                p
            });
            let at = |s: usize| projected[s];
            // At the level already, or started (beginner or better) and not
            // needing a second skill of a kind they have: theirs.
            let started = levels.at(strongest) >= t.level.min(PREREQUISITE_LEVEL)
                && !self.second_of_a_kind(strongest, at);
            let skill = if started {
                strongest
            } else {
                let rank = |s: usize| prefer.iter().position(|&p| p == s).unwrap_or(prefer.len());
                let best = members
                    .iter()
                    .copied()
                    .max_by_key(|&s| {
                        (
                            self.supports(s, levels),
                            self.fit(s, at),
                            levels.at(s),
                            Reverse(rank(s)),
                            Reverse(s),
                        )
                    })
                    .expect("validated: categories of targets are not empty");
                if self.fit(best, at) == 0 && self.second_of_a_kind(best, at) {
                    continue;
                }
                best
            };
            self.raise_with_prerequisites(projected, skill, t.level);
            out.push(Resolved {
                skill,
                level: t.level,
                weight: t.weight,
                any: Some(category),
                met: levels.at(skill) >= t.level,
                assessed,
            });
        }
    }

    /// Raises `skill` to `level` in `levels`, and its missing prerequisites
    /// (recursively) to beginner level. "Any skill of a category"
    /// prerequisites are left to the role's own `any:` targets.
    fn raise_with_prerequisites(&self, levels: &mut [Level], skill: usize, level: Level) {
        if levels[skill] >= level {
            return;
        }
        levels[skill] = level;
        for &p in &self.prereqs[skill] {
            self.raise_with_prerequisites(levels, p, PREREQUISITE_LEVEL);
        }
    }

    /// How many skills the member has at beginner level or better list
    /// `skill` as a prerequisite (Java for someone who knows Spring Boot).
    fn supports(&self, skill: usize, levels: &Levels) -> usize {
        self.direct_dependents[skill]
            .iter()
            .filter(|&&d| self.prereqs[d].contains(&skill) && levels.at(d) >= PREREQUISITE_LEVEL)
            .count()
    }

    /// How well `skill` fits what a member has (`level`): 2 when its
    /// prerequisites are met, 1 when each missing one builds on something
    /// met (Node.js on JavaScript), 0 when one starts from scratch.
    fn fit(&self, skill: usize, level: impl Fn(usize) -> Level + Copy) -> u8 {
        let met = |s: usize| level(s) >= PREREQUISITE_LEVEL;
        if self.prerequisites_met_by(skill, level) {
            return 2;
        }
        let any_missing = self.any_prereqs[skill]
            .iter()
            .any(|&c| !self.category_skills[c].iter().any(|&s| met(s)));
        let builds_on = |p: usize| {
            (!self.prereqs[p].is_empty() || !self.any_prereqs[p].is_empty())
                && self.prerequisites_met_by(p, level)
        };
        let direct_ok = self.prereqs[skill].iter().all(|&p| met(p) || builds_on(p));
        u8::from(!any_missing && direct_ok)
    }

    /// Whether `skill` needs a missing prerequisite of a category in which
    /// the member already has another skill at beginner level (one that
    /// does not itself build on that prerequisite, as Node.js on JavaScript).
    fn second_of_a_kind(&self, skill: usize, level: impl Fn(usize) -> Level) -> bool {
        self.prereqs[skill].iter().any(|&p| {
            level(p) < PREREQUISITE_LEVEL
                && self.category_skills[self.category_of[p]].iter().any(|&q| {
                    q != p
                        && q != skill
                        && !self.prereqs[q].contains(&p)
                        && level(q) >= PREREQUISITE_LEVEL
                })
        })
    }

    /// Whether every prerequisite of `skill` is at beginner level by `level`.
    fn prerequisites_met_by(&self, skill: usize, level: impl Fn(usize) -> Level) -> bool {
        self.prereqs[skill]
            .iter()
            .all(|&p| level(p) >= PREREQUISITE_LEVEL)
            && self.any_prereqs[skill].iter().all(|&c| {
                self.category_skills[c]
                    .iter()
                    .any(|&s| level(s) >= PREREQUISITE_LEVEL)
            })
    }
}
