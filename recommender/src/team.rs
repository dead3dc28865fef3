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

/// How many members hold each skill (level 3+); input to the team bonus of
/// [`Catalog::recommend`].
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    holders: Vec<u32>,
    members: usize,
}

impl Coverage {
    pub(crate) fn holders(&self, skill: usize) -> usize {
        self.holders.get(skill).copied().unwrap_or(0) as usize
    }

    /// Members counted.
    pub fn members(&self) -> usize {
        self.members
    }
}

/// Coverage of one skill.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillCoverage {
    pub skill: String,
    pub name: String,
    /// Members at level 3 or more.
    pub holders: usize,
    /// Their ids, when there are at most three (enough to name a bus factor).
    pub holder_ids: Vec<String>,
    pub average_level: f32,
}

/// The shortfall of the team against members' roles in one skill.
#[derive(Debug, Clone, PartialEq)]
pub struct SkillGap {
    pub skill: String,
    pub name: String,
    /// Members whose role targets this skill above their level.
    pub members_below_target: usize,
    /// Sum of (target − level) over those members.
    pub total_gap: u32,
    /// Members at level 3 or more.
    pub holders: usize,
}

/// The team report.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamReport {
    pub members: usize,
    /// Skills someone holds or some role targets, in catalog order.
    pub coverage: Vec<SkillCoverage>,
    /// Skills below target for someone, biggest total gap first.
    pub gaps: Vec<SkillGap>,
    /// Skills exactly one member holds.
    pub bus_factor: Vec<SkillCoverage>,
    /// Matrix column ids (same skills as `coverage`).
    pub matrix_skills: Vec<String>,
    /// Matrix rows: member id, member name, a level per column.
    pub matrix: Vec<(String, String, Vec<u8>)>,
}

impl Catalog {
    /// Counts holders (level 3+) per skill over a team.
    pub fn coverage<'a>(&self, team: impl IntoIterator<Item = &'a Levels>) -> Coverage {
        let mut holders = vec![0u32; self.skills.len()];
        let mut members = 0;
        for levels in team {
            members += 1;
            for (count, level) in holders.iter_mut().zip(&levels.by_skill) {
                if *level >= HOLDER_LEVEL {
                    *count += 1;
                }
            }
        }
        Coverage { holders, members }
    }

    /// Builds the team report. Members whose role id is unknown are treated
    /// as having no role.
    pub fn team_report(&self, members: &[Member]) -> TeamReport {
        let n = self.skills.len();
        let mut holders = vec![0usize; n];
        let mut level_sum = vec![0u64; n];
        let mut below = vec![0usize; n];
        let mut gap = vec![0u32; n];
        let mut targeted = vec![false; n];
        let mut few_holders: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (m, member) in members.iter().enumerate() {
            for (i, level) in member.levels.by_skill.iter().enumerate().take(n) {
                level_sum[i] += u64::from(level.get());
                if *level >= HOLDER_LEVEL {
                    holders[i] += 1;
                    if few_holders[i].len() < 4 {
                        few_holders[i].push(m);
                    }
                }
            }
            let role = member.role.as_deref().and_then(|r| self.role(r).ok());
            if let Some(role) = role {
                for &(skill, target, _) in &self.role_targets[self.role_index(role)] {
                    targeted[skill] = true;
                    let level = member.levels.at(skill);
                    if level < target {
                        below[skill] += 1;
                        gap[skill] += u32::from(target.get() - level.get());
                    }
                }
            }
        }
        let shown: Vec<usize> = (0..n)
            .filter(|&i| targeted[i] || level_sum[i] > 0)
            .collect();
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
                average_level: if members.is_empty() {
                    0.0
                } else {
                    ((level_sum[i] as f64 / members.len() as f64) * 10.0).round() as f32 / 10.0
                },
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
        let matrix = members
            .iter()
            .map(|m| {
                let row = shown.iter().map(|&i| m.levels.at(i).get()).collect();
                (m.id.clone(), m.name.clone(), row)
            })
            .collect();
        TeamReport {
            members: members.len(),
            matrix_skills: shown.iter().map(|&i| self.skills[i].id.clone()).collect(),
            coverage,
            gaps,
            bus_factor,
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
