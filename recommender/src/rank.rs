//! Ranking next skills and laying out a learning plan — with one rule for
//! both, so `/next`'s first pick is always the plan's first step.
//!
//! Why it works this way: a member should only be pointed at skills they can
//! start now, so candidates are the "outer fringe" of what they know — skills
//! their role needs whose prerequisites are all at beginner level or better.
//! Missing prerequisites of a needed skill become needed themselves (raised to
//! beginner), so a role that wants Kubernetes first sends a member to Docker.
//!
//! The rule: among candidates the score adds up, in this order of influence,
//! the role's weight times the size of the gap; the material's learning order
//! (language → databases → APIs → frameworks → security → cloud → tools →
//! architecture, soft skills alongside); how much of the path the skill newly
//! opens (skills whose last missing prerequisite it is — nothing already
//! reachable counts, so a second language never wins on "unlocks"); a bonus
//! when the team lacks the skill; and a mild preference for shorter learning
//! time. Every term that matters is also a reason a person can read. Ties are
//! broken by skill id, so results are deterministic.
//!
//! A plan applies the same rule over time. A learner works on a few technical
//! skills at once ([`Pace`]) with soft skills practised alongside; whenever a
//! slot frees up, the best-scoring skill that is startable then takes it. A
//! skill becomes a usable prerequisite once its learner reaches beginner
//! level, not only when it is finished, so stages overlap as they do in
//! practice. Steps are listed by when they start; `cumulative_months` is when
//! each is done, as calendar time at the stated pace.

use std::cmp::Reverse;
use std::fmt::Write as _;

use crate::catalog::{Catalog, Role, Weight};
use crate::targets::Resolved;
use crate::team::Coverage;
use crate::{Error, HOLDER_LEVEL, Level, Levels, PREREQUISITE_LEVEL};

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
    /// The level ranking starts from (0 when not assessed).
    pub from_level: Level,
    pub to_level: Level,
    /// Whether the member has an assessed level for this skill.
    pub assessed: bool,
    pub estimate: Estimate,
}

/// How fast a learner goes: technical skills worked on at once and the
/// hours a week spent on them. Soft skills are practised alongside, in the
/// same projects, and take none of these hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    skills_at_once: u8,
    hours_per_week: u8,
}

impl Pace {
    /// The weekly hours on one skill that the material's learning times
    /// assume (part-time study with projects).
    pub const REFERENCE_HOURS: u8 = 10;
    pub const MAX_AT_ONCE: u8 = 4;
    pub const MAX_HOURS: u8 = 60;

    /// A pace of `skills_at_once` (1–4) technical skills in parallel and
    /// `hours_per_week` (1–60) hours in total.
    pub fn new(skills_at_once: u8, hours_per_week: u8) -> Result<Pace, Error> {
        if !(1..=Self::MAX_AT_ONCE).contains(&skills_at_once) {
            return Err(Error::InvalidPace {
                problem: format!(
                    "skills at once must be 1–{}, not {skills_at_once}",
                    Self::MAX_AT_ONCE
                ),
            });
        }
        if !(1..=Self::MAX_HOURS).contains(&hours_per_week) {
            return Err(Error::InvalidPace {
                problem: format!(
                    "hours per week must be 1–{}, not {hours_per_week}",
                    Self::MAX_HOURS
                ),
            });
        }
        Ok(Pace {
            skills_at_once,
            hours_per_week,
        })
    }

    pub fn skills_at_once(self) -> u8 {
        self.skills_at_once
    }

    pub fn hours_per_week(self) -> u8 {
        self.hours_per_week
    }

    /// How much faster than the material's figures one skill goes.
    fn speed(self) -> f32 {
        f32::from(self.hours_per_week)
            / f32::from(self.skills_at_once)
            / f32::from(Self::REFERENCE_HOURS)
    }

    /// The assumption behind a plan's times, in one sentence.
    pub fn assumption(self) -> String {
        let each = f32::from(self.hours_per_week) / f32::from(self.skills_at_once);
        let mut out = format!(
            "{} technical skill{} at a time, {} hours a week",
            self.skills_at_once,
            if self.skills_at_once == 1 { "" } else { "s" },
            self.hours_per_week
        );
        if self.skills_at_once > 1 {
            out.push_str(" (");
            push_number(&mut out, each);
            out.push_str(" on each)");
        }
        let _ = write!(
            out,
            "; soft skills practised alongside; the material's learning times taken as one \
             skill at about {} hours a week; a skill can be built on once you reach beginner \
             level in it",
            Self::REFERENCE_HOURS
        );
        out
    }
}

impl Default for Pace {
    /// Two technical skills at a time, 20 hours a week.
    fn default() -> Pace {
        Pace {
            skills_at_once: 2,
            hours_per_week: 20,
        }
    }
}

/// One step of a plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    pub skill: String,
    pub name: String,
    pub from_level: Level,
    pub to_level: Level,
    /// Whether the member has an assessed level for this skill.
    pub assessed: bool,
    /// The weight of what needs it: its own role target, or the heaviest
    /// target that needs it as a prerequisite.
    pub weight: Weight,
    /// A soft skill, practised alongside.
    pub alongside: bool,
    pub reasons: Vec<String>,
    /// How long this step takes at the plan's pace.
    pub estimate: Estimate,
    /// When the step starts, in months from now, at the plan's pace.
    pub start_months: [f32; 2],
    /// When the step is done, in months from now (calendar time at the
    /// plan's pace, steps overlapping).
    pub cumulative_months: [f32; 2],
}

/// A point on the way to a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MilestoneKind {
    /// Every core target met: job-ready in the role's core.
    Core,
    /// Core and important targets met.
    Important,
    /// Every target, nice-to-have and soft skills included.
    All,
}

impl MilestoneKind {
    /// The id used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::Core => "job-ready-core",
            MilestoneKind::Important => "core-and-important",
            MilestoneKind::All => "all-targets",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            MilestoneKind::Core => "job-ready core (core targets)",
            MilestoneKind::Important => "core and important targets",
            MilestoneKind::All => "all role targets",
        }
    }
}

/// When a milestone is reached.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Milestone {
    pub kind: MilestoneKind,
    /// `[low, high]` months from now, rounded to half months.
    pub months: [f32; 2],
    /// Plan steps it takes.
    pub steps: usize,
}

/// The whole path to a role's targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub role: String,
    pub pace: Pace,
    /// In the order they start; every prerequisite reaches beginner level
    /// before a step that needs it starts.
    pub steps: Vec<PlanStep>,
    /// Milestones not already reached, in order.
    pub milestones: Vec<Milestone>,
}

/// Why a skill is needed on a member's path.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Need {
    pub(crate) level: Level,
    /// The heaviest weight among the target and what needs it.
    pub(crate) weight: Weight,
    /// The role's own target for it: level, weight and, for an `any:`
    /// target, the category.
    target: Option<(Level, Weight, Option<usize>)>,
    /// The heaviest dependent that needs it (for a prerequisite).
    needed_by: Option<usize>,
}

/// A plan step as the simulation picks it.
struct Pick {
    skill: usize,
    /// The technical slot it takes; `None` for soft skills (alongside).
    lane: Option<usize>,
    /// Start, in months, with middle durations.
    start: f32,
    reasons: Vec<String>,
}

/// Scores candidates: the one rule of `recommend` and `plan`.
struct Rule<'a> {
    catalog: &'a Catalog,
    role: &'a Role,
    needs: &'a [Option<Need>],
    team: Option<&'a Coverage>,
    max_stage: u8,
}

impl Catalog {
    /// What `levels` still needs for a role: per skill, `Some(need)` where
    /// the member is below the required level.
    fn needs(&self, role_index: usize, levels: &Levels) -> Vec<Option<Need>> {
        let mut resolved: Vec<Resolved> = Vec::new();
        self.resolve_targets(role_index, levels, &mut resolved);
        let mut needs: Vec<Option<Need>> = vec![None; self.skills.len()];
        let mut queue = Vec::new();
        let mut missing: Vec<usize> = Vec::new();
        for r in resolved.iter().filter(|r| !r.met) {
            let need = needs[r.skill].get_or_insert(Need {
                level: r.level,
                weight: r.weight,
                target: Some((r.level, r.weight, r.any)),
                needed_by: None,
            });
            if (r.level, r.weight) > (need.level, need.weight) {
                need.level = need.level.max(r.level);
                need.weight = need.weight.max(r.weight);
                need.target = Some((need.level, need.weight, r.any));
            }
            queue.push(r.skill);
        }
        while let Some(skill) = queue.pop() {
            let weight = needs[skill].map_or(Weight::NiceToHave, |n| n.weight);
            missing.clear();
            missing.extend_from_slice(&self.prereqs[skill]);
            for &c in &self.any_prereqs[skill] {
                let members = &self.category_skills[c];
                if members.iter().any(|&s| levels.at(s) >= PREREQUISITE_LEVEL) {
                    continue;
                }
                // Nothing of the category yet: the skill the role's targets
                // chose there, else the member's strongest, else the first.
                let choice = resolved
                    .iter()
                    .find(|r| members.contains(&r.skill))
                    .map(|r| r.skill)
                    .or_else(|| {
                        members
                            .iter()
                            .copied()
                            .filter(|&s| levels.at(s) > Level::NONE)
                            .max_by_key(|&s| (levels.at(s), Reverse(s)))
                    })
                    .unwrap_or(members[0]);
                missing.push(choice);
            }
            for &p in &missing {
                if levels.at(p) >= PREREQUISITE_LEVEL {
                    continue;
                }
                match &mut needs[p] {
                    Some(need) => {
                        let raised = weight > need.weight;
                        need.level = need.level.max(PREREQUISITE_LEVEL);
                        if raised {
                            need.weight = weight;
                            need.needed_by = Some(skill);
                            queue.push(p);
                        } else if need.target.is_none() && need.needed_by.is_none() {
                            need.needed_by = Some(skill);
                        }
                    }
                    slot @ None => {
                        *slot = Some(Need {
                            level: PREREQUISITE_LEVEL,
                            weight,
                            target: None,
                            needed_by: Some(skill),
                        });
                        queue.push(p);
                    }
                }
            }
        }
        needs
    }

    fn rule<'a>(
        &'a self,
        role: &'a Role,
        needs: &'a [Option<Need>],
        team: Option<&'a Coverage>,
    ) -> Rule<'a> {
        Rule {
            catalog: self,
            role,
            needs,
            team,
            max_stage: self
                .categories
                .iter()
                .map(|c| c.stage)
                .max()
                .unwrap_or(1)
                .max(1),
        }
    }

    /// Ranks the skills `levels` should learn next for `role`, best first.
    ///
    /// Only skills whose prerequisites are met are returned, and never one the
    /// member already has at the role's target. `team`, when given, is the
    /// coverage of the member's team (the member included) and adds a bonus
    /// for skills few teammates hold. The first recommendation is always the
    /// first step of [`Catalog::plan_with`] for the same input.
    pub fn recommend(
        &self,
        role: &Role,
        levels: &Levels,
        team: Option<&Coverage>,
    ) -> Vec<Recommendation> {
        self.recommend_top(role, levels, team, usize::MAX)
    }

    /// The first `limit` of [`Catalog::recommend`]: every candidate is
    /// scored, but reasons are written only for those returned.
    pub fn recommend_top(
        &self,
        role: &Role,
        levels: &Levels,
        team: Option<&Coverage>,
        limit: usize,
    ) -> Vec<Recommendation> {
        let role_index = self.role_index(role);
        let needs = self.needs(role_index, levels);
        let rule = self.rule(role, &needs, team);
        let started = vec![false; needs.len()];
        let mut ranked: Vec<(usize, f64)> = needs
            .iter()
            .enumerate()
            .filter(|(i, need)| need.is_some() && self.ready_with(*i, levels, &started, None))
            .map(|(i, _)| (i, rule.score(i, levels, &started, None)))
            .collect();
        ranked.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| self.skills[a.0].id.cmp(&self.skills[b.0].id))
        });
        ranked.truncate(limit);
        ranked
            .into_iter()
            .map(|(i, score)| {
                let need = needs[i].expect("candidates are needed");
                let mut reasons = Vec::with_capacity(6);
                rule.score(i, levels, &started, Some(&mut reasons));
                let skill = &self.skills[i];
                Recommendation {
                    skill: skill.id.clone(),
                    name: skill.name.clone(),
                    score,
                    reasons,
                    prerequisites_met: true,
                    from_level: levels.at(i),
                    to_level: need.level,
                    assessed: levels.assessed(i).is_some(),
                    estimate: self.estimate_for(i, need.level, levels).0,
                }
            })
            .collect()
    }

    /// The whole path from `levels` to `role`'s targets at the default pace,
    /// without team data.
    pub fn plan(&self, role: &Role, levels: &Levels) -> Plan {
        self.plan_with(role, levels, None, Pace::default())
    }

    /// The whole path from `levels` to `role`'s targets at `pace`, ordered by
    /// the rule of [`Catalog::recommend`] (with the same `team` bonus).
    pub fn plan_with(
        &self,
        role: &Role,
        levels: &Levels,
        team: Option<&Coverage>,
        pace: Pace,
    ) -> Plan {
        let role_index = self.role_index(role);
        let needs = self.needs(role_index, levels);
        let rule = self.rule(role, &needs, team);
        let alongside = |i: usize| self.categories[self.category_of[i]].stage == 0;
        let speed = pace.speed();
        // Per picked skill: its time at this pace, set when it is picked.
        let mut estimates: Vec<Option<Estimate>> = vec![None; needs.len()];
        let middle = |e: &Estimate| (e.months[0] + e.months[1]) / 2.0;

        // Simulate with middle durations to choose the order and the slots.
        let mut remaining: Vec<usize> = (0..needs.len()).filter(|&i| needs[i].is_some()).collect();
        let mut started = vec![false; needs.len()];
        let mut beginner_at = vec![f32::INFINITY; needs.len()];
        let mut state = levels.clone();
        let mut lanes = vec![0.0f32; usize::from(pace.skills_at_once)];
        let mut soft_lane = 0.0f32;
        let mut picks: Vec<Pick> = Vec::new();
        let ready_at = |i: usize, t: f32, beginner_at: &[f32]| {
            let met = |s: usize| levels.at(s) >= PREREQUISITE_LEVEL || beginner_at[s] <= t;
            self.prereqs[i].iter().all(|&p| met(p))
                && self.any_prereqs[i]
                    .iter()
                    .all(|&c| self.category_skills[c].iter().any(|&s| met(s)))
        };
        while !remaining.is_empty() {
            // The next moment a slot is free for work that is left.
            let left = |soft: bool| remaining.iter().any(|&i| alongside(i) == soft);
            let (lane, lane_free) = lanes
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map(|(l, &t)| (l, t))
                .expect("at least one skill at a time");
            let technical_at = if left(false) {
                lane_free
            } else {
                f32::INFINITY
            };
            let soft_at = if left(true) { soft_lane } else { f32::INFINITY };
            let t = technical_at.min(soft_at);
            // The best startable skill for the slots free at `t`.
            let best = remaining
                .iter()
                .copied()
                .filter(|&i| {
                    let free = if alongside(i) { soft_at } else { technical_at };
                    free == t && ready_at(i, t, &beginner_at)
                })
                .map(|i| (i, rule.score(i, &state, &started, None)))
                .max_by(|a, b| {
                    a.1.total_cmp(&b.1)
                        .then_with(|| self.skills[b.0].id.cmp(&self.skills[a.0].id))
                });
            let Some((next, _)) = best else {
                // Nothing technical startable yet: that slot waits for the
                // next skill to reach beginner level.
                let wake = beginner_at
                    .iter()
                    .copied()
                    .filter(|&b| b > t && b.is_finite())
                    .fold(f32::INFINITY, f32::min);
                if technical_at != t || !wake.is_finite() {
                    // Unreachable for a validated (acyclic) catalog.
                    break;
                }
                lanes[lane] = wake;
                continue;
            };
            let lane = (!alongside(next)).then_some(lane);
            let need = needs[next].expect("remaining skills are needed");
            let (estimate, _) = self.estimate_for(next, need.level, &state);
            let estimate = if lane.is_some() {
                scaled(estimate, speed)
            } else {
                estimate
            };
            estimates[next] = Some(estimate);
            let mut reasons = Vec::with_capacity(7);
            rule.score(next, &state, &started, Some(&mut reasons));
            if lane.is_some() && speed != 1.0 {
                reasons.push(format!("at this pace: {}", months_text(&estimate)));
            }
            let duration = middle(&estimate);
            beginner_at[next] = t + duration * beginner_fraction(levels.at(next), need.level);
            match lane {
                Some(l) => lanes[l] = t + duration,
                None => soft_lane = t + duration,
            }
            started[next] = true;
            state.set_at(next, need.level);
            remaining.retain(|&i| i != next);
            picks.push(Pick {
                skill: next,
                lane,
                start: t,
                reasons,
            });
        }

        // Replay the chosen order with low and high durations.
        let mut times = [
            vec![(0.0f32, 0.0f32); needs.len()],
            vec![(0.0, 0.0); needs.len()],
        ];
        for (bound, times) in times.iter_mut().enumerate() {
            let mut lanes = vec![0.0f32; lanes.len()];
            let mut soft_lane = 0.0f32;
            let mut beginner = vec![f32::INFINITY; needs.len()];
            for &Pick { skill: i, lane, .. } in &picks {
                let met_at = |s: usize| {
                    if levels.at(s) >= PREREQUISITE_LEVEL {
                        0.0
                    } else {
                        beginner[s]
                    }
                };
                let mut start = match lane {
                    Some(l) => lanes[l],
                    None => soft_lane,
                };
                for &p in &self.prereqs[i] {
                    start = start.max(met_at(p));
                }
                for &c in &self.any_prereqs[i] {
                    let first = self.category_skills[c]
                        .iter()
                        .map(|&s| met_at(s))
                        .fold(f32::INFINITY, f32::min);
                    start = start.max(first);
                }
                let need = needs[i].expect("picked skills are needed");
                let duration = estimates[i].expect("needed").months[bound];
                let end = start + duration;
                beginner[i] = start + duration * beginner_fraction(levels.at(i), need.level);
                match lane {
                    Some(l) => lanes[l] = end,
                    None => soft_lane = end,
                }
                times[i] = (start, end);
            }
        }

        // By start, then in the order picked (best first at each moment).
        let mut order: Vec<usize> = (0..picks.len()).collect();
        order.sort_by(|&a, &b| picks[a].start.total_cmp(&picks[b].start).then(a.cmp(&b)));
        let steps: Vec<PlanStep> = order
            .into_iter()
            .map(|k| {
                let i = picks[k].skill;
                let need = needs[i].expect("picked skills are needed");
                let [low, high] = &times;
                PlanStep {
                    skill: self.skills[i].id.clone(),
                    name: self.skills[i].name.clone(),
                    from_level: levels.at(i),
                    to_level: need.level,
                    assessed: levels.assessed(i).is_some(),
                    weight: need.weight,
                    alongside: alongside(i),
                    reasons: std::mem::take(&mut picks[k].reasons),
                    estimate: estimates[i].expect("needed"),
                    start_months: [round_half(low[i].0), round_half(high[i].0)],
                    cumulative_months: [
                        round_half(low[i].1).max(0.5),
                        round_half(high[i].1).max(0.5),
                    ],
                }
            })
            .collect();
        let milestones = [
            MilestoneKind::Core,
            MilestoneKind::Important,
            MilestoneKind::All,
        ]
        .into_iter()
        .filter_map(|kind| {
            let counts = |s: &PlanStep| match kind {
                MilestoneKind::Core => !s.alongside && s.weight == Weight::Core,
                MilestoneKind::Important => !s.alongside && s.weight >= Weight::Important,
                MilestoneKind::All => true,
            };
            let relevant: Vec<&PlanStep> = steps.iter().filter(|s| counts(s)).collect();
            let last = |b: usize| {
                relevant
                    .iter()
                    .map(|s| s.cumulative_months[b])
                    .fold(0.0f32, f32::max)
            };
            (!relevant.is_empty()).then(|| Milestone {
                kind,
                months: [last(0), last(1)],
                steps: relevant.len(),
            })
        })
        .collect();
        Plan {
            role: role.id.clone(),
            pace,
            steps,
            milestones,
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
        let round = |m: f32| round_half(m * steps).max(0.5);
        Estimate {
            months: [round(base[0]), round(base[1]).max(round(base[0]))],
            from_material,
        }
    }

    /// Another technical skill of the same area that `levels` has at beginner
    /// level or better: its groundwork is shared with `skill`.
    fn groundwork(&self, skill: usize, levels: &Levels) -> Option<usize> {
        let category = self.category_of[skill];
        if self.categories[category].stage == 0 {
            return None;
        }
        self.category_skills[category]
            .iter()
            .copied()
            .filter(|&s| s != skill && levels.at(s) >= PREREQUISITE_LEVEL)
            .max_by_key(|&s| (levels.at(s), Reverse(s)))
    }

    /// [`Catalog::estimate`] for a member: a skill whose area they have
    /// started already takes half its time (the material times each area as
    /// a whole, e.g. databases 2–4 months for SQL, relational and NoSQL).
    fn estimate_for(&self, skill: usize, to: Level, levels: &Levels) -> (Estimate, Option<usize>) {
        let base = self.estimate(skill, levels.at(skill), to);
        match self.groundwork(skill, levels) {
            Some(shared) => (scaled(base, 1.0 / SHARED_GROUNDWORK), Some(shared)),
            None => (base, None),
        }
    }

    /// Whether every prerequisite of `skill` is at beginner level in
    /// `levels`, already `started` on the path, or `extra`.
    fn ready_with(
        &self,
        skill: usize,
        levels: &Levels,
        started: &[bool],
        extra: Option<usize>,
    ) -> bool {
        let done = |s: usize| {
            levels.at(s) >= PREREQUISITE_LEVEL
                || started.get(s).copied().unwrap_or(false)
                || extra == Some(s)
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
                out.push_str(" (one of the ");
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
            "newly unlocks {} {noun} on your path: {}{more}",
            ids.len(),
            ids[..shown].join(", ")
        )
    }
}

impl Rule<'_> {
    /// The score of candidate `i` given `levels` and the skills already
    /// `started` on the path; pushes the reasons when asked to.
    fn score(
        &self,
        i: usize,
        levels: &Levels,
        started: &[bool],
        mut reasons: Option<&mut Vec<String>>,
    ) -> f64 {
        let catalog = self.catalog;
        let need = self.needs[i].expect("candidates are needed");
        let current = levels.at(i);
        let want = reasons.is_some();
        let mut say = |text: String| {
            if let Some(r) = reasons.as_deref_mut() {
                r.push(text);
            }
        };
        let gap = f64::from(need.level.get().saturating_sub(current.get()));
        let mut score = need.weight.factor() * (0.5 + gap / 5.0);
        if want {
            say(self.need_reason(i, &need, levels));
        }

        let category = &catalog.categories[catalog.category_of[i]];
        if category.stage > 0 {
            let stage = category.stage.min(self.max_stage);
            score +=
                0.6 * f64::from(self.max_stage - stage) / f64::from((self.max_stage - 1).max(1));
            if want {
                say(format!(
                    "learning order: {}, stage {stage} of {}",
                    category.name, self.max_stage
                ));
            }
        } else {
            say("a soft skill: practise it alongside the technical ones".into());
        }

        // What becomes reachable only through this skill.
        let mut opened: Vec<usize> = Vec::new();
        let mut opened_weight = 0.0;
        for &d in &catalog.direct_dependents[i] {
            let Some(dn) = self.needs[d] else { continue };
            if started[d] || d == i {
                continue;
            }
            if !catalog.ready_with(d, levels, started, None)
                && catalog.ready_with(d, levels, started, Some(i))
            {
                opened_weight += dn.weight.factor() / 3.0;
                opened.push(d);
            }
        }
        if !opened.is_empty() {
            score += 0.4 * (1.0 + opened_weight).ln();
            if want {
                say(catalog.unlocks_reason(&opened));
            }
        }
        if want {
            say(catalog.prerequisites_reason(i, levels));
        }

        if let Some(team) = self.team
            && team.members() >= 2
        {
            // Teammates: the team without this member.
            let mine = levels.assessed(i);
            let holders = team
                .holders(i)
                .saturating_sub(usize::from(mine.is_some_and(|l| l >= HOLDER_LEVEL)));
            let assessed = team.assessed(i).saturating_sub(usize::from(mine.is_some()));
            let others = team.members() - 1;
            match holders {
                0 if assessed * 2 > others => {
                    score += 1.0;
                    say(format!(
                        "nobody on the team knows it yet (level 3+; {assessed} of {others} \
                         teammates assessed it)"
                    ));
                }
                1 => {
                    score += 0.6;
                    say("only one teammate knows it".into());
                }
                _ => {}
            }
        }

        let (estimate, shared) = catalog.estimate_for(i, need.level, levels);
        score -= 0.03 * f64::from(estimate.months[0] + estimate.months[1]) / 2.0;
        if want {
            let base = catalog.estimate(i, current, need.level);
            let mut text = estimate_reason(&base);
            if let Some(shared) = shared {
                let _ = write!(
                    text,
                    "; {} here, sharing groundwork with {}",
                    months_text(&estimate),
                    catalog.skills[shared].id
                );
            }
            say(text);
        }
        (score * 1000.0).round() / 1000.0
    }

    fn need_reason(&self, i: usize, need: &Need, levels: &Levels) -> String {
        let catalog = self.catalog;
        let role = &self.role.name;
        let mut out = String::with_capacity(96);
        match (need.target, need.needed_by) {
            (Some((target, weight, Some(c))), _) => {
                let _ = write!(
                    out,
                    "{} for {role}: level {target} in any one of {} — {} ",
                    weight.as_str(),
                    catalog.categories[c].name,
                    catalog.skills[i].name,
                );
                let strongest = levels.at(i) > Level::NONE;
                out.push_str(if strongest {
                    "is your strongest"
                } else {
                    "suggested"
                });
            }
            (Some((target, weight, None)), _) => {
                let _ = write!(out, "{} for {role}: target {target}", weight.as_str());
            }
            (None, Some(by)) => {
                let _ = write!(
                    out,
                    "needed before {} ({} for {role})",
                    catalog.skills[by].id,
                    need.weight.as_str()
                );
            }
            (None, None) => {
                let _ = write!(out, "needed for {role}");
            }
        }
        match levels.assessed(i) {
            Some(level) => {
                let _ = write!(out, ", you are at {level}");
            }
            None if need.target.is_some_and(|t| t.2.is_some()) => {
                out.push_str(", not assessed yet — if you know one, set your level");
            }
            None => out.push_str(", not assessed yet — if you know it, set your level"),
        }
        out
    }
}

/// The share of its usual time a skill takes when its area is started.
const SHARED_GROUNDWORK: f32 = 0.5;

/// The fraction of a step after which the skill is at beginner level.
fn beginner_fraction(from: Level, to: Level) -> f32 {
    if from >= PREREQUISITE_LEVEL || to <= from {
        return 0.0;
    }
    let needed = PREREQUISITE_LEVEL.get().min(to.get()) - from.get();
    f32::from(needed) / f32::from(to.get() - from.get())
}

fn scaled(estimate: Estimate, speed: f32) -> Estimate {
    let m = |x: f32| round_half(x / speed).max(0.5);
    Estimate {
        months: [m(estimate.months[0]), m(estimate.months[1])],
        from_material: estimate.from_material,
    }
}

fn round_half(months: f32) -> f32 {
    (months * 2.0).round() / 2.0
}

fn estimate_reason(estimate: &Estimate) -> String {
    let mut out = String::with_capacity(80);
    out.push_str(if estimate.from_material {
        "usually "
    } else {
        "roughly "
    });
    out.push_str(&months_text(estimate));
    if !estimate.from_material {
        out.push_str(" (no figure in the material; a category estimate)");
    }
    out
}

/// "2–6 months", "3 months", "1 month", "0.5 months".
fn months_text(estimate: &Estimate) -> String {
    let [lo, hi] = estimate.months;
    let mut out = String::with_capacity(16);
    push_number(&mut out, lo);
    if lo != hi {
        out.push('–');
        push_number(&mut out, hi);
    }
    out.push_str(if hi == 1.0 { " month" } else { " months" });
    out
}

/// Appends a number of half units without float formatting: "2", "2.5".
fn push_number(out: &mut String, value: f32) {
    let halves = (value * 2.0).round() as u32;
    let _ = write!(out, "{}", halves / 2);
    if halves % 2 == 1 {
        out.push_str(".5");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beginner_comes_part_way_through_a_step() {
        let l = |n: u8| Level::try_from(n).unwrap();
        assert_eq!(beginner_fraction(l(0), l(4)), 0.5);
        assert_eq!(beginner_fraction(l(1), l(3)), 0.5);
        assert_eq!(beginner_fraction(l(3), l(4)), 0.0);
        assert_eq!(beginner_fraction(l(0), l(2)), 1.0);
    }

    #[test]
    fn months_read_naturally() {
        let e = |lo, hi| Estimate {
            months: [lo, hi],
            from_material: true,
        };
        assert_eq!(months_text(&e(3.0, 3.0)), "3 months");
        assert_eq!(months_text(&e(1.0, 1.0)), "1 month");
        assert_eq!(months_text(&e(0.5, 1.0)), "0.5–1 month");
        assert_eq!(months_text(&e(2.5, 6.0)), "2.5–6 months");
    }

    #[test]
    fn a_pace_is_validated_and_stated() {
        assert!(Pace::new(0, 10).is_err());
        assert!(Pace::new(5, 10).is_err());
        assert!(Pace::new(2, 0).is_err());
        assert!(Pace::new(2, 61).is_err());
        let pace = Pace::default();
        assert_eq!((pace.skills_at_once(), pace.hours_per_week()), (2, 20));
        assert_eq!(pace.speed(), 1.0);
        assert!(
            pace.assumption()
                .starts_with("2 technical skills at a time, 20 hours a week (10 on each)"),
            "{}",
            pace.assumption()
        );
        assert_eq!(Pace::new(1, 5).unwrap().speed(), 0.5);
    }
}
