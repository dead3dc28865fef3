//! Skills, roles, next-skill recommendations and plans.

use serde::Serialize;
use skillbot_recommender::{Catalog, Coverage, Estimate, Levels};

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
    pub skill: String,
    pub level: u8,
    pub weight: &'static str,
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
}

/// `plan --json`.
#[derive(Debug, Serialize)]
pub struct PlanView {
    pub role: String,
    pub steps: Vec<PlanStepView>,
}

#[derive(Debug, Serialize)]
pub struct PlanStepView {
    pub skill: String,
    pub name: String,
    pub from_level: u8,
    pub to_level: u8,
    pub reasons: Vec<String>,
    pub estimate_months: [f32; 2],
    pub cumulative_months: [f32; 2],
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
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Parses a `--skills "id:level,…"` list against the app's catalog.
pub fn parse_levels(app: &App, spec: &str) -> Result<Levels, UserError> {
    Ok(app.catalog().parse_levels(spec)?)
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
        .recommend(role, levels, team)
        .into_iter()
        .take(limit)
        .map(|r| RecommendationView {
            estimate_months: months(&r.estimate),
            skill: r.skill,
            name: r.name,
            score: r.score,
            reasons: r.reasons,
            prerequisites_met: r.prerequisites_met,
            from_level: r.from_level.get(),
            to_level: r.to_level.get(),
        })
        .collect();
    Ok(RecommendView {
        role: role.id.clone(),
        recommendations,
    })
}

/// The whole ordered plan to a role's targets.
pub fn plan(catalog: &Catalog, role: &str, levels: &Levels) -> Result<PlanView, UserError> {
    let role = catalog.role(role)?;
    let plan = catalog.plan(role, levels);
    Ok(PlanView {
        role: plan.role,
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
                cumulative_months: s.cumulative_months,
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
