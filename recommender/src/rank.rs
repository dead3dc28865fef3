//! Ranking next skills and ordering a learning plan.
//!
//! Why it works this way: a member should only be pointed at skills they can
//! start now, so candidates are the "outer fringe" of what they know — skills
//! their role needs whose prerequisites are all at beginner level or better.
//! Missing prerequisites of a needed skill become needed themselves (raised to
//! beginner), so a role that wants Kubernetes first sends a member to Docker.
//!
//! Among candidates the score adds up, in this order of influence:
//! the role's weight times the size of the gap; how many still-needed skills
//! the candidate unlocks (foundations first); the candidate's learning-order
//! stage (a language before databases before APIs…, as the source material
//! teaches); a bonus when the team lacks the skill; and a mild preference for
//! shorter learning time. Every term that matters is also given as a reason a
//! person can read. Ties are broken by skill id, so results are deterministic.
//!
//! A plan is the whole path: a topological order of the needed skills where,
//! among those ready, the earliest learning stage goes first, then the heavier
//! weight, then the id. Soft skills (stage 0) never block anything; they are
//! spread evenly through the plan instead of piling up at one end.

use std::cmp::Reverse;
use std::fmt::Write as _;

use crate::catalog::{Catalog, Role, Weight};
use crate::team::Coverage;
use crate::{HOLDER_LEVEL, Level, Levels, PREREQUISITE_LEVEL};

/// A time estimate in months.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// `[low, high]` months, rounded to half months.
    pub months: [f32; 2],
    /// `false` when the skill has no figure in the material and the category
    /// default was used.
    pub from_material: bool,
}

/// One ranked next skill for a member.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub skill: String,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub prerequisites_met: bool,
    pub from_level: Level,
    pub to_level: Level,
    pub estimate: Estimate,
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub skill: String,
    pub name: String,
    pub from_level: Level,
    pub to_level: Level,
    pub reasons: Vec<String>,
    pub estimate: Estimate,
    /// Calendar time up to and including this step: the sum of the
    /// estimates, except soft skills, which are practised alongside.
    pub cumulative_months: [f32; 2],
}

/// The whole ordered path to a role's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub role: String,
    pub steps: Vec<PlanStep>,
}

/// Why a skill is needed on a member's path.
#[derive(Debug, Clone, Copy)]
struct Need {
    level: Level,
    weight: Weight,
    /// The role targets it directly (otherwise it is a missing prerequisite).
    target: Option<Level>,
    /// For a prerequisite: the skill that needs it.
    needed_by: Option<usize>,
}

impl Catalog {
    /// What `levels` still needs for `role`: per skill, `Some(need)` where the
    /// member is below the required level.
    fn needs(&self, role_index: usize, levels: &Levels) -> Vec<Option<Need>> {
        let mut needs: Vec<Option<Need>> = vec![None; self.skills.len()];
        let mut queue = Vec::new();
        for &(skill, level, weight) in &self.role_targets[role_index] {
            if levels.at(skill) < level {
                needs[skill] = Some(Need {
                    level,
                    weight,
                    target: Some(level),
                    needed_by: None,
                });
                queue.push(skill);
            }
        }
        while let Some(skill) = queue.pop() {
            let weight = needs[skill].map_or(Weight::NiceToHave, |n| n.weight);
            let mut missing: Vec<usize> = self.prereqs[skill].clone();
            for &c in &self.any_prereqs[skill] {
                let members = &self.category_skills[c];
                if members.iter().any(|&s| levels.at(s) >= PREREQUISITE_LEVEL) {
                    continue;
                }
                // Nothing of the category yet: the role's own choice in it
                // (heaviest target first), else the category's first skill.
                let choice = self.role_targets[role_index]
                    .iter()
                    .filter(|t| members.contains(&t.0))
                    .max_by_key(|t| (t.2, Reverse(t.0)))
                    .map_or(members[0], |t| t.0);
                missing.push(choice);
            }
            for p in missing {
                if levels.at(p) >= PREREQUISITE_LEVEL {
                    continue;
                }
                match &mut needs[p] {
                    Some(need) => {
                        need.level = need.level.max(PREREQUISITE_LEVEL);
                        if need.target.is_none() && weight > need.weight {
                            need.weight = weight;
                            need.needed_by = Some(skill);
                        }
                    }
                    slot @ None => {
                        let target = self.role_targets[role_index]
                            .iter()
                            .find(|t| t.0 == p)
                            .map(|t| t.1);
                        *slot = Some(Need {
                            level: target.unwrap_or(PREREQUISITE_LEVEL).max(PREREQUISITE_LEVEL),
                            weight,
                            target,
                            needed_by: Some(skill),
                        });
                        queue.push(p);
                    }
                }
            }
        }
        needs
    }

    /// Ranks the skills `levels` should learn next for `role`, best first.
    ///
    /// Only skills whose prerequisites are met are returned, and never one the
    /// member already has at the role's target. `team`, when given, adds a
    /// bonus for skills few teammates hold.
    pub fn recommend(
        &self,
        role: &Role,
        levels: &Levels,
        team: Option<&Coverage>,
    ) -> Vec<Recommendation> {
        let role_index = self.role_index(role);
        let needs = self.needs(role_index, levels);
        let max_stage = self
            .categories
            .iter()
            .map(|c| c.stage)
            .max()
            .unwrap_or(1)
            .max(1);
        let mut out = Vec::new();
        for (i, need) in needs.iter().enumerate() {
            let Some(need) = need else { continue };
            if !self.ready(i, levels, &[]) {
                continue;
            }
            let skill = &self.skills[i];
            let current = levels.at(i);
            let gap = f64::from(need.level.get() - current.get());
            let mut reasons = vec![self.need_reason(role, need, current)];
            let mut score = need.weight.factor() * (0.5 + gap / 5.0);

            let unlocked: Vec<usize> = self.dependents[i]
                .iter()
                .copied()
                .filter(|&d| needs[d].is_some())
                .collect();
            if !unlocked.is_empty() {
                score += 0.4 * (1.0 + unlocked.len() as f64).ln();
                reasons.push(self.unlocks_reason(&unlocked));
            }
            let stage = self.categories[self.category_of[i]].stage;
            if stage > 0 {
                score += 0.3 * f64::from(max_stage - stage.min(max_stage)) / f64::from(max_stage);
            } else {
                reasons.push("a soft skill: practise it alongside the technical ones".into());
            }
            reasons.push(self.prerequisites_reason(i, levels));
            if let Some(team) = team {
                let mut holders = team.holders(i);
                if current >= HOLDER_LEVEL {
                    holders = holders.saturating_sub(1);
                }
                if team.members() >= 2 {
                    match holders {
                        0 => {
                            score += 1.0;
                            reasons.push("nobody on the team knows it yet (level 3+)".into());
                        }
                        1 => {
                            score += 0.6;
                            reasons.push("only one teammate knows it".into());
                        }
                        _ => {}
                    }
                }
            }
            let estimate = self.estimate(i, current, need.level);
            score -= 0.03 * f64::from(estimate.months[0] + estimate.months[1]) / 2.0;
            reasons.push(estimate_reason(&estimate));
            out.push(Recommendation {
                skill: skill.id.clone(),
                name: skill.name.clone(),
                score: (score * 1000.0).round() / 1000.0,
                reasons,
                prerequisites_met: true,
                from_level: current,
                to_level: need.level,
                estimate,
            });
        }
        out.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.skill.cmp(&b.skill))
        });
        out
    }

    /// The whole ordered path from `levels` to `role`'s targets, every
    /// prerequisite before the skills that need it.
    pub fn plan(&self, role: &Role, levels: &Levels) -> Plan {
        let role_index = self.role_index(role);
        let needs = self.needs(role_index, levels);
        let mut state = levels.clone();
        let mut remaining: Vec<usize> = (0..needs.len()).filter(|&i| needs[i].is_some()).collect();
        let is_alongside = |i: usize| self.categories[self.category_of[i]].stage == 0;
        let alongside = remaining.iter().filter(|&&i| is_alongside(i)).count();
        let technical = remaining.len() - alongside;
        let every = (technical / (alongside + 1)).max(1);

        let mut steps: Vec<PlanStep> = Vec::new();
        let mut cumulative = [0.0f32; 2];
        let mut since_alongside = 0;
        while !remaining.is_empty() {
            let mut pending = vec![false; needs.len()];
            for &i in &remaining {
                pending[i] = true;
            }
            let ready = |i: &usize| self.ready(*i, &state, &pending);
            let pick_alongside = since_alongside >= every;
            let best = |want_alongside: bool| {
                remaining
                    .iter()
                    .copied()
                    .filter(|i| is_alongside(*i) == want_alongside && ready(i))
                    .min_by_key(|&i| {
                        let need = needs[i].expect("remaining skills are needed");
                        (
                            self.categories[self.category_of[i]].stage,
                            Reverse(need.weight),
                            &self.skills[i].id,
                        )
                    })
            };
            let Some(next) = best(pick_alongside).or_else(|| best(!pick_alongside)) else {
                // Unreachable for a validated (acyclic) catalog.
                break;
            };
            if is_alongside(next) {
                since_alongside = 0;
            } else {
                since_alongside += 1;
            }
            remaining.retain(|&i| i != next);
            let need = needs[next].expect("picked from needed skills");
            let from = state.at(next);
            let estimate = self.estimate(next, from, need.level);
            // Soft skills are practised alongside: they add no calendar time.
            if !is_alongside(next) {
                cumulative[0] += estimate.months[0];
                cumulative[1] += estimate.months[1];
            }
            let mut reasons = vec![self.need_reason(role, &need, from)];
            reasons.push(self.prerequisites_reason(next, &state));
            reasons.push(estimate_reason(&estimate));
            state.set_at(next, need.level);
            steps.push(PlanStep {
                skill: self.skills[next].id.clone(),
                name: self.skills[next].name.clone(),
                from_level: from,
                to_level: need.level,
                reasons,
                estimate,
                cumulative_months: cumulative,
            });
        }
        Plan {
            role: role.id.clone(),
            steps,
        }
    }

    /// Months to go from `from` to `to`. A skill's figure is the time to reach
    /// working proficiency (level 3) from scratch; each level is a third of it.
    pub(crate) fn estimate(&self, skill: usize, from: Level, to: Level) -> Estimate {
        let (base, from_material) = match self.skills[skill].learning_months {
            Some(m) => (m, true),
            None => (
                self.categories[self.category_of[skill]].default_months,
                false,
            ),
        };
        let steps = f32::from(to.get().saturating_sub(from.get())) / 3.0;
        let round = |m: f32| ((m * steps * 2.0).round() / 2.0).max(0.5);
        Estimate {
            months: [round(base[0]), round(base[1]).max(round(base[0]))],
            from_material,
        }
    }

    fn need_reason(&self, role: &Role, need: &Need, current: Level) -> String {
        match (need.target, need.needed_by) {
            (Some(target), _) => format!(
                "{} for {}: target {}, you are at {}",
                need.weight.as_str(),
                role.name,
                target,
                current
            ),
            (None, Some(by)) => format!(
                "needed before {} ({} for {})",
                self.skills[by].id,
                need.weight.as_str(),
                role.name
            ),
            (None, None) => format!("needed for {}", role.name),
        }
    }

    /// Whether every prerequisite of `skill` is at beginner level or better
    /// in `levels` and not still `pending` (an empty slice: nothing pending).
    fn ready(&self, skill: usize, levels: &Levels, pending: &[bool]) -> bool {
        let done = |s: usize| {
            levels.at(s) >= PREREQUISITE_LEVEL && !pending.get(s).copied().unwrap_or(false)
        };
        self.prereqs[skill].iter().all(|&p| done(p))
            && self.any_prereqs[skill]
                .iter()
                .all(|&c| self.category_skills[c].iter().any(|&s| done(s)))
    }

    fn prerequisites_reason(&self, skill: usize, levels: &Levels) -> String {
        if self.prereqs[skill].is_empty() && self.any_prereqs[skill].is_empty() {
            return "no prerequisites".into();
        }
        let mut out = String::with_capacity(48);
        out.push_str("prerequisites met: ");
        for (n, &p) in self.prereqs[skill].iter().enumerate() {
            if n > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.skills[p].id);
        }
        for (n, &c) in self.any_prereqs[skill].iter().enumerate() {
            let best = self.category_skills[c]
                .iter()
                .copied()
                .max_by_key(|&s| (levels.at(s), Reverse(s)));
            if let Some(best) = best {
                if n > 0 || !self.prereqs[skill].is_empty() {
                    out.push_str(", ");
                }
                out.push_str(&self.skills[best].id);
                out.push_str(" (for any ");
                out.push_str(&self.categories[c].name.to_lowercase());
                out.push(')');
            }
        }
        out
    }

    fn unlocks_reason(&self, unlocked: &[usize]) -> String {
        let mut ids: Vec<&str> = unlocked
            .iter()
            .map(|&i| self.skills[i].id.as_str())
            .collect();
        ids.sort_unstable();
        let shown = ids.len().min(4);
        let more = if ids.len() > shown {
            format!(" and {} more", ids.len() - shown)
        } else {
            String::new()
        };
        let noun = if ids.len() == 1 { "skill" } else { "skills" };
        format!(
            "unlocks {} {noun} on your path: {}{more}",
            ids.len(),
            ids[..shown].join(", ")
        )
    }
}

fn estimate_reason(estimate: &Estimate) -> String {
    let [lo, hi] = estimate.months;
    let mut out = String::with_capacity(80);
    out.push_str(if estimate.from_material {
        "usually "
    } else {
        "roughly "
    });
    push_months(&mut out, lo);
    if lo != hi {
        out.push('–');
        push_months(&mut out, hi);
    }
    out.push_str(if hi <= 1.0 { " month" } else { " months" });
    if !estimate.from_material {
        out.push_str(" (no figure in the material; a category estimate)");
    }
    out
}

/// Appends months (whole or half, as estimates are rounded) without float
/// formatting: "2", "2.5".
fn push_months(out: &mut String, months: f32) {
    let halves = (months * 2.0).round() as u32;
    let _ = write!(out, "{}", halves / 2);
    if halves % 2 == 1 {
        out.push_str(".5");
    }
}
