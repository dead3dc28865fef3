//! Skills, roles, next-skill recommendations and plans.

use serde::Serialize;
use skillbot_recommender::{Catalog, Coverage, Estimate, Level, Levels, Pace};

use crate::{App, UserError};

/// `skills --json`.
#[derive(Debug, Serialize)]
pub struct SkillsView {
    pub skills: Vec<SkillView>,
}

#[derive(Debug, Serialize)]
pub struct SkillView {
    pub id: String,
    pub name: String,
    pub category: String,
    pub aliases: Vec<String>,
    /// Prerequisite skill ids.
    pub prerequisites: Vec<String>,
    /// Categories of which at least one skill is a prerequisite ("any:").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prerequisites_any_of: Vec<String>,
    pub learning_months: Option<[f32; 2]>,
    pub description: String,
}

/// `roles --json`.
#[derive(Debug, Serialize)]
pub struct RolesView {
    pub roles: Vec<RoleView>,
}

#[derive(Debug, Serialize)]
pub struct RoleView {
    pub id: String,
    pub name: String,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Serialize)]
pub struct TargetView {
    /// A skill id, or `any:CATEGORY` when any skill of the category meets it.
    pub skill: String,
    pub level: u8,
    pub weight: &'static str,
    /// For an `any:` target: the skills suggested to someone with none yet.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub prefer: Vec<String>,
}

/// `recommend --json`.
#[derive(Debug, Serialize)]
pub struct RecommendView {
    pub role: String,
    pub recommendations: Vec<RecommendationView>,
}

#[derive(Debug, Serialize)]
pub struct RecommendationView {
    pub skill: String,
    pub name: String,
    pub score: f64,
    pub reasons: Vec<String>,
    pub prerequisites_met: bool,
    pub estimate_months: [f32; 2],
    #[serde(skip)]
    pub from_level: u8,
    #[serde(skip)]
    pub to_level: u8,
    /// Whether the member has an assessed level for the skill (the reasons
    /// say so when not).
    #[serde(skip)]
    pub assessed: bool,
}

/// `plan --json`: DESIGN.md's shape plus `pace` and `milestones`.
///
/// ```text
/// {
///   "role": "java-backend-developer",
///   "pace": {"skills_at_once": 2, "hours_per_week": 20,
///            "assumption": "2 technical skills at a time, …"},
///   "milestones": [                      only those not reached yet, in order
///     {"id": "job-ready-core", "label": "job-ready core (core targets)",
///      "months": [4.5, 12.0]},           calendar months from now at the pace
///     {"id": "core-and-important", …}, {"id": "all-targets", …}
///   ],
///   "steps": [                           in the order they start
///     {"skill", "name", "from_level", "to_level", "reasons": [...],
///      "estimate_months": [lo, hi],      this step's time at the pace
///      "start_months": [lo, hi],         when it starts
///      "cumulative_months": [lo, hi],    when it is done (steps overlap)
///      "weight": "core",                 of what needs it
///      "alongside": false,               a soft skill, practised alongside
///      "assessed": true}                 the member has a level for it
///   ]
/// }
/// ```
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub role: String,
    pub pace: PaceView,
    pub milestones: Vec<MilestoneView>,
    pub steps: Vec<PlanStepView>,
}

#[derive(Debug, Serialize)]
pub struct PaceView {
    pub skills_at_once: u8,
    pub hours_per_week: u8,
    pub assumption: String,
}

#[derive(Debug, Serialize)]
pub struct MilestoneView {
    pub id: &'static str,
    pub label: &'static str,
    pub months: [f32; 2],
}

#[derive(Debug, Serialize)]
pub struct PlanStepView {
    pub skill: String,
    pub name: String,
    pub from_level: u8,
    pub to_level: u8,
    pub reasons: Vec<String>,
    pub estimate_months: [f32; 2],
    pub start_months: [f32; 2],
    pub cumulative_months: [f32; 2],
    pub weight: &'static str,
    pub alongside: bool,
    pub assessed: bool,
}

/// Most recommendations anyone may ask for at once.
pub const MAX_LIMIT: usize = 50;

pub fn skills(app: &App) -> SkillsView {
    let catalog = app.catalog();
    SkillsView {
        skills: catalog
            .skills()
            .iter()
            .map(|s| {
                let (any, ids): (Vec<&String>, Vec<&String>) =
                    s.prerequisites.iter().partition(|p| p.starts_with("any:"));
                SkillView {
                    id: s.id.clone(),
                    name: s.name.clone(),
                    category: s.category.clone(),
                    aliases: s.aliases.clone(),
                    prerequisites: ids.into_iter().cloned().collect(),
                    prerequisites_any_of: any
                        .into_iter()
                        .map(|p| p.trim_start_matches("any:").to_string())
                        .collect(),
                    learning_months: s.learning_months,
                    description: s.description.clone(),
                }
            })
            .collect(),
    }
}

pub fn roles(app: &App) -> RolesView {
    RolesView {
        roles: app
            .catalog()
            .roles()
            .iter()
            .map(|r| RoleView {
                id: r.id.clone(),
                name: r.name.clone(),
                targets: r
                    .targets
                    .iter()
                    .map(|t| TargetView {
                        skill: t.skill.clone(),
                        level: t.level,
                        weight: t.weight.as_str(),
                        prefer: t.prefer.clone(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Parses a `--skills "id:level,…"` list against the app's catalog. The
/// person lists what they know, so skills not listed count as a known 0,
/// not as "not assessed".
pub fn parse_levels(app: &App, spec: &str) -> Result<Levels, UserError> {
    Ok(app
        .catalog()
        .parse_levels(spec)?
        .fill_unassessed(Level::NONE))
}

/// A learning pace from `--at-once` and `--hours-per-week`.
pub fn pace(skills_at_once: u8, hours_per_week: u8) -> Result<Pace, UserError> {
    Ok(Pace::new(skills_at_once, hours_per_week)?)
}

/// Ranks next skills for a role from given levels. `team` adds the team bonus.
pub fn recommend(
    catalog: &Catalog,
    role: &str,
    levels: &Levels,
    team: Option<&Coverage>,
    limit: usize,
) -> Result<RecommendView, UserError> {
    let role = catalog.role(role)?;
    check_limit(limit)?;
    let recommendations = catalog
        .recommend_top(role, levels, team, limit)
        .into_iter()
        .map(|r| RecommendationView {
            estimate_months: months(&r.estimate),
            skill: r.skill,
            name: r.name,
            score: r.score,
            reasons: r.reasons,
            prerequisites_met: r.prerequisites_met,
            from_level: r.from_level.get(),
            to_level: r.to_level.get(),
            assessed: r.assessed,
        })
        .collect();
    Ok(RecommendView {
        role: role.id.clone(),
        recommendations,
    })
}

/// The whole ordered plan to a role's targets at `pace`. `team`, when
/// given, is the coverage of the member's team: the plan then starts with
/// the same skill as [`recommend`] with that team.
pub fn plan(
    catalog: &Catalog,
    role: &str,
    levels: &Levels,
    team: Option<&Coverage>,
    pace: Pace,
) -> Result<PlanView, UserError> {
    let role = catalog.role(role)?;
    let plan = catalog.plan_with(role, levels, team, pace);
    Ok(PlanView {
        role: plan.role,
        pace: PaceView {
            skills_at_once: plan.pace.skills_at_once(),
            hours_per_week: plan.pace.hours_per_week(),
            assumption: plan.pace.assumption(),
        },
        milestones: plan
            .milestones
            .iter()
            .map(|m| MilestoneView {
                id: m.kind.as_str(),
                label: m.kind.label(),
                months: m.months,
            })
            .collect(),
        steps: plan
            .steps
            .into_iter()
            .map(|s| PlanStepView {
                estimate_months: months(&s.estimate),
                skill: s.skill,
                name: s.name,
                from_level: s.from_level.get(),
                to_level: s.to_level.get(),
                reasons: s.reasons,
                start_months: s.start_months,
                cumulative_months: s.cumulative_months,
                weight: s.weight.as_str(),
                alongside: s.alongside,
                assessed: s.assessed,
            })
            .collect(),
    })
}

pub fn check_limit(limit: usize) -> Result<(), UserError> {
    if (1..=MAX_LIMIT).contains(&limit) {
        Ok(())
    } else {
        Err(UserError::new(format!(
            "--limit must be between 1 and {MAX_LIMIT}, not {limit}"
        )))
    }
}

fn months(estimate: &Estimate) -> [f32; 2] {
    estimate.months
}
