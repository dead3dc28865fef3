//! Where a team is thin: coverage, gaps against each member's role, skills
//! only one person holds, and the members × skills matrix.

use crate::catalog::Catalog;
use crate::{HOLDER_LEVEL, Level, Levels};

/// One member as the team report sees them.
#[derive(Debug, Clone)]
pub struct Member {
    pub id: String,
    pub name: String,
    /// Role id; members without a role count for coverage but have no gaps.
    pub role: Option<String>,
    pub levels: Levels,
}

/// How many members hold each skill (level 3+) and how many assessed it;
/// input to the team bonus of [`Catalog::recommend`].
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    holders: Vec<u32>,
    assessed: Vec<u32>,
    members: usize,
}

impl Coverage {
    pub(crate) fn holders(&self, skill: usize) -> usize {
        self.holders.get(skill).copied().unwrap_or(0) as usize
    }

    pub(crate) fn assessed(&self, skill: usize) -> usize {
        self.assessed.get(skill).copied().unwrap_or(0) as usize
    }

    /// Members counted.
    pub fn members(&self) -> usize {
        self.members
    }
}

/// Coverage of one skill. Only assessed levels count.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillCoverage {
    pub skill: String,
    pub name: String,
    /// Members at level 3 or more.
    pub holders: usize,
    /// Their ids, when there are at most three (enough to name a bus factor).
    pub holder_ids: Vec<String>,
    /// Members with an assessed level (0 included).
    pub assessed: usize,
    /// Average over the members who assessed it, one decimal; `None` when
    /// nobody did.
    pub average_level: Option<f32>,
}

/// The shortfall of the team against members' roles in one skill.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillGap {
    pub skill: String,
    pub name: String,
    /// Members whose role targets this skill above their assessed level.
    pub members_below_target: usize,
    /// Sum of (target − level) over those members.
    pub total_gap: u32,
    /// Members at level 3 or more.
    pub holders: usize,
    /// Members whose role targets it but who have not assessed it: not
    /// counted in the gap.
    pub not_assessed: usize,
}

/// A role-relevant skill that nobody on the team has assessed yet.
#[derive(Debug, Clone, PartialEq)]
pub struct NotAssessed {
    /// A skill id, or `any:CATEGORY` for a target any skill of the category
    /// meets (e.g. a main language) when nobody assessed any of them.
    pub skill: String,
    /// The skill's name, or "any one of <category>".
    pub name: String,
    /// Members whose role targets it.
    pub members: usize,
}

/// The team report.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    pub members: usize,
    /// Skills someone assessed or some role targets, in catalog order.
    pub coverage: Vec<SkillCoverage>,
    /// Skills below target for someone (assessed levels only), biggest total
    /// gap first.
    pub gaps: Vec<SkillGap>,
    /// Skills exactly one member holds (of those who assessed them).
    pub bus_factor: Vec<SkillCoverage>,
    /// Skills members' roles target that nobody has assessed, most
    /// targeted first.
    pub not_assessed: Vec<NotAssessed>,
    /// Matrix column ids (same skills as `coverage`).
    pub matrix_skills: Vec<String>,
    /// Matrix rows: member id, member name, a level per column (`None`:
    /// not assessed).
    pub matrix: Vec<(String, String, Vec<Option<u8>>)>,
}

impl Catalog {
    /// Counts holders (level 3+) and assessments per skill over a team.
    pub fn coverage<'a>(&self, team: impl IntoIterator<Item = &'a Levels>) -> Coverage {
        let mut holders = vec![0u32; self.skills.len()];
        let mut assessed = vec![0u32; self.skills.len()];
        let mut members = 0;
        for levels in team {
            members += 1;
            for ((count, seen), level) in
                holders.iter_mut().zip(&mut assessed).zip(&levels.by_skill)
            {
                if let Some(level) = level {
                    *seen += 1;
                    if *level >= HOLDER_LEVEL {
                        *count += 1;
                    }
                }
            }
        }
        Coverage {
            holders,
            assessed,
            members,
        }
    }

    /// Builds the team report. Members whose role id is unknown are treated
    /// as having no role. Skills nobody assessed are never counted as gaps
    /// or as missing: they are listed in `not_assessed`.
    pub fn team_report(&self, members: &[Member]) -> TeamReport {
        let n = self.skills.len();
        let mut holders = vec![0usize; n];
        let mut assessed = vec![0usize; n];
        let mut level_sum = vec![0u64; n];
        let mut below = vec![0usize; n];
        let mut gap = vec![0u32; n];
        let mut unassessed_targets = vec![0usize; n];
        let mut targeted = vec![false; n];
        let mut few_holders: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut unassessed_any = vec![0usize; self.categories.len()];
        let mut resolved = Vec::new();
        for (m, member) in members.iter().enumerate() {
            for (i, level) in member.levels.by_skill.iter().enumerate().take(n) {
                let Some(level) = level else { continue };
                assessed[i] += 1;
                level_sum[i] += u64::from(level.get());
                if *level >= HOLDER_LEVEL {
                    holders[i] += 1;
                    if few_holders[i].len() < 4 {
                        few_holders[i].push(m);
                    }
                }
            }
            let role = member.role.as_deref().and_then(|r| self.role(r).ok());
            let Some(role) = role else { continue };
            self.resolve_targets(self.role_index(role), &member.levels, &mut resolved);
            for r in &resolved {
                match (r.assessed, r.any) {
                    (false, Some(c)) => unassessed_any[c] += 1,
                    (false, None) => {
                        targeted[r.skill] = true;
                        unassessed_targets[r.skill] += 1;
                    }
                    (true, _) => {
                        targeted[r.skill] = true;
                        if !r.met {
                            below[r.skill] += 1;
                            let level = member.levels.at(r.skill);
                            gap[r.skill] += u32::from(r.level.get().saturating_sub(level.get()));
                        }
                    }
                }
            }
        }
        let shown: Vec<usize> = (0..n).filter(|&i| targeted[i] || assessed[i] > 0).collect();
        let coverage: Vec<SkillCoverage> = shown
            .iter()
            .map(|&i| SkillCoverage {
                skill: self.skills[i].id.clone(),
                name: self.skills[i].name.clone(),
                holders: holders[i],
                holder_ids: if holders[i] <= 3 {
                    few_holders[i]
                        .iter()
                        .map(|&m| members[m].id.clone())
                        .collect()
                } else {
                    Vec::new()
                },
                assessed: assessed[i],
                average_level: (assessed[i] > 0).then(|| {
                    ((level_sum[i] as f64 / assessed[i] as f64) * 10.0).round() as f32 / 10.0
                }),
            })
            .collect();
        let mut gaps: Vec<SkillGap> = (0..n)
            .filter(|&i| below[i] > 0)
            .map(|i| SkillGap {
                skill: self.skills[i].id.clone(),
                name: self.skills[i].name.clone(),
                members_below_target: below[i],
                total_gap: gap[i],
                holders: holders[i],
                not_assessed: unassessed_targets[i],
            })
            .collect();
        gaps.sort_by(|a, b| {
            b.total_gap
                .cmp(&a.total_gap)
                .then(a.holders.cmp(&b.holders))
                .then_with(|| a.skill.cmp(&b.skill))
        });
        let bus_factor = coverage
            .iter()
            .filter(|c| c.holders == 1)
            .cloned()
            .collect();
        // Role-relevant and assessed by nobody: skills first, in order of
        // how many members need them, then categories.
        let mut not_assessed: Vec<(usize, usize, NotAssessed)> = (0..n)
            .filter(|&i| unassessed_targets[i] > 0 && assessed[i] == 0)
            .map(|i| {
                let entry = NotAssessed {
                    skill: self.skills[i].id.clone(),
                    name: self.skills[i].name.clone(),
                    members: unassessed_targets[i],
                };
                (entry.members, i, entry)
            })
            .collect();
        for (c, &count) in unassessed_any.iter().enumerate() {
            if count > 0 && self.category_skills[c].iter().all(|&s| assessed[s] == 0) {
                let category = &self.categories[c];
                not_assessed.push((
                    count,
                    n + c,
                    NotAssessed {
                        skill: format!("any:{}", category.id),
                        name: format!("any one of {}", category.name.to_lowercase()),
                        members: count,
                    },
                ));
            }
        }
        not_assessed.sort_by_key(|(count, order, _)| (std::cmp::Reverse(*count), *order));
        let matrix = members
            .iter()
            .map(|m| {
                let row = shown
                    .iter()
                    .map(|&i| m.levels.assessed(i).map(Level::get))
                    .collect();
                (m.id.clone(), m.name.clone(), row)
            })
            .collect();
        TeamReport {
            members: members.len(),
            matrix_skills: shown.iter().map(|&i| self.skills[i].id.clone()).collect(),
            coverage,
            gaps,
            bus_factor,
            not_assessed: not_assessed.into_iter().map(|(_, _, e)| e).collect(),
            matrix,
        }
    }
}

impl Level {
    /// Whether this level counts as holding a skill for the team.
    pub fn holds(self) -> bool {
        self >= HOLDER_LEVEL
    }
}
