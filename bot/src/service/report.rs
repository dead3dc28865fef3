//! The team report (coverage, gaps, bus factor, matrix) and recommendations
//! for a stored member, with the team's gaps as a bonus.

use std::collections::HashMap;

use anyhow::Context;
use serde::Serialize;
use skillbot_recommender::{Catalog, Coverage, Level, Levels, Member as TeamMember, Pace};

use crate::service::catalog::{self as catalog_service, PlanView, RecommendView};
use crate::service::ids::{DiscordId, no_member};
use crate::store::{Tx, guilds, levels, members};
use crate::{App, UserError};

/// `team --json`: the recommender's team report for one guild. Only assessed
/// levels count: a skill nobody was asked about is "not assessed", never 0.
///
/// ```text
/// {
///   "guild": "123…",                 Discord guild id (a string)
///   "members": 12,                   members in the report
///   "coverage": [                    skills someone assessed or some role targets, catalog order
///     {"skill": "docker", "name": "Docker",
///      "holders": 2,                 members at level 3 (working) or more
///      "holder_ids": ["…", "…"],     their user ids when there are at most 3, else []
///      "assessed": 5,                members with a level for it (0 included)
///      "average_level": 1.8 | null}  over those members, one decimal; null: nobody assessed it
///   ],
///   "gaps": [                        skills below some member's role target, biggest first
///     {"skill", "name",
///      "members_below_target": 3,    members whose role wants more than their assessed level
///      "total_gap": 5,               sum of (target − level) over them
///      "holders": 1,
///      "not_assessed": 2}            members whose role targets it but who have not assessed it
///   ],
///   "bus_factor": [                  skills exactly one member holds
///     {"skill", "name", "holder_id": "…", "holder_name": "Ana" | null,
///      "assessed": 4}                members who assessed it (the claim rests on them)
///   ],
///   "not_assessed": [                role-relevant skills nobody has assessed yet, most needed first
///     {"skill": "communication" | "any:language", "name": "Communication",
///      "members": 3}                 members whose role targets it
///   ],
///   "unknown_roles": [               stored roles the catalog in use does not have
///     {"role": "platform-engineer", "members": 2}
///   ],
///   "catalog": "the built-in catalog",
///   "matrix": {
///     "skills": ["java", …],         column skill ids (the coverage skills)
///     "rows": [{"user_id": "…", "name": "Ana" | null, "role": "…" | null,
///               "levels": [4, null, 0, …]}]  one per column; null: not assessed
///   }
/// }
/// ```
#[derive(Debug, Serialize)]
pub struct TeamView {
    pub guild: DiscordId,
    pub members: usize,
    pub coverage: Vec<CoverageView>,
    pub gaps: Vec<GapView>,
    pub bus_factor: Vec<BusFactorView>,
    pub not_assessed: Vec<NotAssessedView>,
    pub unknown_roles: Vec<UnknownRoleView>,
    pub catalog: String,
    pub matrix: MatrixView,
}

#[derive(Debug, Serialize)]
pub struct CoverageView {
    pub skill: String,
    pub name: String,
    pub holders: usize,
    pub holder_ids: Vec<String>,
    pub assessed: usize,
    pub average_level: Option<f32>,
}

#[derive(Debug, Serialize)]
pub struct GapView {
    pub skill: String,
    pub name: String,
    pub members_below_target: usize,
    pub total_gap: u32,
    pub holders: usize,
    pub not_assessed: usize,
}

#[derive(Debug, Serialize)]
pub struct BusFactorView {
    pub skill: String,
    pub name: String,
    pub holder_id: String,
    pub holder_name: Option<String>,
    pub assessed: usize,
}

#[derive(Debug, Serialize)]
pub struct NotAssessedView {
    /// A skill id, or `any:CATEGORY` (e.g. no member has assessed any
    /// language while their roles want one).
    pub skill: String,
    pub name: String,
    pub members: usize,
}

#[derive(Debug, Serialize)]
pub struct UnknownRoleView {
    pub role: String,
    pub members: usize,
}

#[derive(Debug, Serialize)]
pub struct MatrixView {
    pub skills: Vec<String>,
    pub rows: Vec<MatrixRowView>,
}

#[derive(Debug, Serialize)]
pub struct MatrixRowView {
    pub user_id: String,
    pub name: Option<String>,
    pub role: Option<String>,
    /// One level per column; `None` (JSON null) when not assessed.
    pub levels: Vec<Option<u8>>,
}

/// One member and their levels, as the recommender sees them.
#[derive(Clone)]
pub(crate) struct Loaded {
    pub member: members::Member,
    pub levels: Levels,
}

/// A guild's members and levels. Levels of skills the catalog does not
/// know (a changed catalog) are left out.
pub(crate) async fn load_team(
    catalog: &Catalog,
    tx: &mut Tx,
    guild: DiscordId,
) -> anyhow::Result<Vec<Loaded>> {
    let stored = members::list(tx, guild.db()).await?;
    let mut by_member: HashMap<i64, Vec<(String, u8)>> = levels::by_member_in_guild(tx, guild.db())
        .await?
        .into_iter()
        .collect();
    stored
        .into_iter()
        .map(|member| {
            let pairs = by_member.remove(&member.id).unwrap_or_default();
            let known = pairs.iter().filter_map(|(skill, level)| {
                let level = Level::try_from(*level).ok()?;
                catalog.skill(skill).ok().map(|s| (s.id.as_str(), level))
            });
            let levels = catalog
                .levels(known)
                .with_context(|| format!("the stored levels of member {}", member.user_id))?;
            Ok(Loaded { member, levels })
        })
        .collect()
}

/// Picks the guild: the one given if it has members, else the only guild
/// with members.
pub(crate) async fn resolve_guild(
    tx: &mut Tx,
    given: Option<DiscordId>,
) -> anyhow::Result<DiscordId> {
    let known: Vec<DiscordId> = guilds::with_members(tx)
        .await?
        .into_iter()
        .map(DiscordId::from_db)
        .collect();
    let list = |ids: &[DiscordId]| {
        ids.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    match given {
        Some(guild) if known.contains(&guild) => Ok(guild),
        Some(guild) => {
            let mut message = format!(
                "guild {guild} has no members yet: add them with `skillbot member set --guild \
                 {guild} --user ID` or `skillbot import FILE.csv --guild {guild}`"
            );
            if !known.is_empty() {
                message.push_str(&format!(" (guilds with members: {})", list(&known)));
            }
            Err(UserError::new(message).into())
        }
        None => match known.as_slice() {
            [only] => Ok(*only),
            [] => Err(UserError::new(
                "no team data yet: add members with `skillbot member set --guild ID --user ID` \
                 or `skillbot import FILE.csv --guild ID`",
            )
            .into()),
            many => Err(UserError::new(format!(
                "several guilds have members; pick one with --guild: {}",
                list(many)
            ))
            .into()),
        },
    }
}

/// The team report of a guild (the only guild with members when `None`).
pub async fn team_report(app: &App, guild: Option<DiscordId>) -> anyhow::Result<TeamView> {
    let catalog = app.catalog();
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let guild = resolve_guild(&mut tx, guild).await?;
    let team = load_team(catalog, &mut tx, guild).await?;
    drop(tx);
    Ok(team_view(app, guild, team))
}

/// The team report of loaded members (callers that need the members too
/// load them once and pass a copy).
pub(crate) fn team_view(app: &App, guild: DiscordId, mut team: Vec<Loaded>) -> TeamView {
    let catalog = app.catalog();
    // By name (members without one last), then id.
    team.sort_by_cached_key(|m| {
        let name = m.member.display_name.as_deref().map(str::to_lowercase);
        (name.is_none(), name, m.member.user_id)
    });
    let names: HashMap<String, Option<String>> = team
        .iter()
        .map(|m| (m.member.user_id.to_string(), m.member.display_name.clone()))
        .collect();
    let members: Vec<TeamMember> = team
        .into_iter()
        .map(|m| TeamMember {
            id: m.member.user_id.to_string(),
            name: m.member.display_name.unwrap_or_default(),
            role: m.member.role,
            levels: m.levels,
        })
        .collect();
    let report = catalog.team_report(&members);
    let mut unknown_roles: Vec<UnknownRoleView> = Vec::new();
    for role in members.iter().filter_map(|m| m.role.as_deref()) {
        if catalog.role(role).is_ok() {
            continue;
        }
        match unknown_roles.iter_mut().find(|u| u.role == role) {
            Some(u) => u.members += 1,
            None => unknown_roles.push(UnknownRoleView {
                role: role.to_string(),
                members: 1,
            }),
        }
    }
    TeamView {
        guild,
        members: report.members,
        not_assessed: report
            .not_assessed
            .into_iter()
            .map(|n| NotAssessedView {
                skill: n.skill,
                name: n.name,
                members: n.members,
            })
            .collect(),
        unknown_roles,
        catalog: app.catalog_source().to_string(),
        bus_factor: report
            .bus_factor
            .iter()
            .filter_map(|c| {
                let holder = c.holder_ids.first()?;
                Some(BusFactorView {
                    skill: c.skill.clone(),
                    name: c.name.clone(),
                    holder_id: holder.clone(),
                    holder_name: names.get(holder).cloned().flatten(),
                    assessed: c.assessed,
                })
            })
            .collect(),
        coverage: report
            .coverage
            .into_iter()
            .map(|c| CoverageView {
                skill: c.skill,
                name: c.name,
                holders: c.holders,
                holder_ids: c.holder_ids,
                assessed: c.assessed,
                average_level: c.average_level,
            })
            .collect(),
        gaps: report
            .gaps
            .into_iter()
            .map(|g| GapView {
                skill: g.skill,
                name: g.name,
                members_below_target: g.members_below_target,
                total_gap: g.total_gap,
                holders: g.holders,
                not_assessed: g.not_assessed,
            })
            .collect(),
        matrix: MatrixView {
            skills: report.matrix_skills,
            rows: report
                .matrix
                .into_iter()
                .zip(members)
                .map(|((id, _, levels), member)| MatrixRowView {
                    name: names.get(&id).cloned().flatten(),
                    user_id: id,
                    role: member.role,
                    levels,
                })
                .collect(),
        },
    }
}

/// A stored member as the recommender needs them: their role (or `role`),
/// their levels and their team's coverage.
struct MemberContext {
    role: String,
    levels: Levels,
    coverage: Coverage,
}

async fn member_context(
    app: &App,
    guild: Option<DiscordId>,
    user: DiscordId,
    role: Option<&str>,
) -> anyhow::Result<MemberContext> {
    let catalog = app.catalog();
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let guild = match guild {
        Some(guild) => guild,
        None => resolve_guild(&mut tx, None).await?,
    };
    let team = load_team(catalog, &mut tx, guild).await?;
    drop(tx);
    let Some(me) = team.iter().find(|m| m.member.user_id == user.db()) else {
        return Err(no_member(guild, user).into());
    };
    let role = match (role, me.member.role.as_deref()) {
        (Some(role), _) => role.to_string(),
        (None, Some(stored)) => {
            if catalog.role(stored).is_err() {
                crate::bail_user!(
                    "member {user}'s stored role '{stored}' is not in the catalog in use ({}): \
                     it probably comes from a team catalog file — run with --catalog FILE (or \
                     SKILLBOT_CATALOG) pointing at the catalog that defines it, give --role \
                     ROLE, or store another role with `skillbot member set --guild {guild} \
                     --user {user} --role ROLE`",
                    app.catalog_source()
                );
            }
            stored.to_string()
        }
        (None, None) => crate::bail_user!(
            "member {user} has no role: give --role ROLE, or store one with \
             `skillbot member set --guild {guild} --user {user} --role ROLE` (see `skillbot roles`)"
        ),
    };
    Ok(MemberContext {
        role,
        levels: me.levels.clone(),
        coverage: catalog.coverage(team.iter().map(|m| &m.levels)),
    })
}

/// Recommends next skills for a stored member: their stored levels, their
/// role unless `role` is given, and a bonus for skills their team lacks.
/// Same view as `recommend --json`.
pub async fn recommend_member(
    app: &App,
    guild: Option<DiscordId>,
    user: DiscordId,
    role: Option<&str>,
    limit: usize,
) -> anyhow::Result<RecommendView> {
    catalog_service::check_limit(limit)?;
    let member = member_context(app, guild, user, role).await?;
    Ok(catalog_service::recommend(
        app.catalog(),
        &member.role,
        &member.levels,
        Some(&member.coverage),
        limit,
    )?)
}

/// The whole plan for a stored member at `pace`: their stored levels, their
/// role unless `role` is given, and the same team bonus as
/// [`recommend_member`], so both start with the same skill. Same view as
/// `plan --json`.
pub async fn plan_member(
    app: &App,
    guild: Option<DiscordId>,
    user: DiscordId,
    role: Option<&str>,
    pace: Pace,
) -> anyhow::Result<PlanView> {
    let member = member_context(app, guild, user, role).await?;
    Ok(catalog_service::plan(
        app.catalog(),
        &member.role,
        &member.levels,
        Some(&member.coverage),
        pace,
    )?)
}
