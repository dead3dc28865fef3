//! The weekly digest's content: what the team learned, where it is thin,
//! each member's next step with a mentor where the team has the
//! knowledge, and learning pairs for skills only one person holds.
//!
//! Learning is told from bookkeeping: "learned this week" counts level
//! increases over an earlier assessment (self, manager, or the "Start
//! learning" step from 0 to 1) — never a first assessment, an import, or a
//! correction downwards. Skills nobody has assessed are listed as such, not
//! as gaps (see [`crate::service::report`]).
//!
//! Mentors are spread: nobody is suggested to more than
//! [`MENTOR_LOAD_PER_WEEK`] people in a week, and a pair suggested by the
//! previous digest is not suggested again. Members can opt out
//! (`/mentor off`). Composing reads the team once and is pure after that,
//! so a preview and the posted digest say the same thing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use skillbot_recommender::{Catalog, Level};

use crate::App;
use crate::service::ids::DiscordId;
use crate::service::report::{self, Loaded, TeamView};
use crate::store::digests::{self, MentorPair};
use crate::store::progress::{self, IMPORT_NOTE};
use crate::store::{Tx, learning};

/// The period a digest looks back on.
pub const WEEK: Duration = Duration::days(7);
/// Most people one mentor is suggested to in a week.
pub const MENTOR_LOAD_PER_WEEK: usize = 2;
/// Learning pairs for single-holder skills per digest.
pub const MAX_PAIRS: usize = 3;

/// A member, as the digest names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    pub user_id: DiscordId,
    pub name: Option<String>,
}

/// A level increase this week.
#[derive(Debug, Clone, Serialize)]
pub struct LearnedView {
    pub member: Person,
    pub skill: String,
    pub skill_name: String,
    pub from_level: u8,
    pub to_level: u8,
}

/// A skill someone started learning this week.
#[derive(Debug, Clone, Serialize)]
pub struct StartedView {
    pub member: Person,
    pub skill: String,
    pub skill_name: String,
}

/// A member's next step.
#[derive(Debug, Clone, Serialize)]
pub struct NextStepView {
    pub member: Person,
    pub skill: String,
    pub skill_name: String,
    pub estimate_months: [f32; 2],
    /// The teammate best placed to help, if anyone qualifies.
    pub mentor: Option<Person>,
}

/// A learning pair for a skill only one person holds.
#[derive(Debug, Clone, Serialize)]
pub struct PairView {
    pub holder: Person,
    pub learner: Person,
    pub skill: String,
    pub skill_name: String,
}

/// `digest preview --json`, and what the channel digest shows.
#[derive(Debug, Serialize)]
pub struct DigestView {
    pub guild: DiscordId,
    pub since: DateTime<Utc>,
    pub until: DateTime<Utc>,
    pub learned: Vec<LearnedView>,
    pub started: Vec<StartedView>,
    pub next_steps: Vec<NextStepView>,
    pub pairs: Vec<PairView>,
    /// The team report: gaps, single holders, not-assessed skills, matrix.
    pub team: TeamView,
}

impl DigestView {
    /// The mentor pairs this digest suggests, to record when it is posted.
    pub fn mentor_pairs(&self, at: DateTime<Utc>) -> Vec<MentorPair> {
        let next = self.next_steps.iter().filter_map(|s| {
            let mentor = s.mentor.as_ref()?;
            Some((mentor, &s.member, &s.skill))
        });
        let pairs = self.pairs.iter().map(|p| (&p.holder, &p.learner, &p.skill));
        next.chain(pairs)
            .map(|(mentor, learner, skill)| MentorPair {
                mentor_user_id: mentor.user_id.get() as i64,
                learner_user_id: learner.user_id.get() as i64,
                skill: skill.clone(),
                at,
            })
            .collect()
    }
}

/// What [`compose`] reads about the guild besides the team report.
struct Context {
    team: Vec<Loaded>,
    events: Vec<progress::Event>,
    started: Vec<(i64, String, DateTime<Utc>)>,
    opted_out: HashSet<i64>,
    snoozed: HashSet<(i64, String)>,
    /// Pairs suggested in the last week, newest first.
    recent_pairs: Vec<MentorPair>,
}

async fn read_context(
    app: &App,
    tx: &mut Tx,
    guild: DiscordId,
    now: DateTime<Utc>,
) -> anyhow::Result<Context> {
    let since = now - WEEK;
    Ok(Context {
        team: report::load_team(app.catalog(), tx, guild).await?,
        events: progress::level_ups_in_guild(tx, guild.db(), since, now).await?,
        started: learning::started_in_guild(tx, guild.db(), since, now).await?,
        opted_out: learning::mentor_opt_outs(tx, guild.db())
            .await?
            .into_iter()
            .collect(),
        snoozed: learning::snoozed_in_guild(tx, guild.db(), now)
            .await?
            .into_iter()
            .collect(),
        // A little over a week: the previous weekly digest is in it.
        recent_pairs: digests::pairs_since(tx, guild.db(), now - WEEK - Duration::hours(12))
            .await?,
    })
}

/// The digest of a guild at `now`, covering the week before it.
pub async fn compose(
    app: &App,
    guild: DiscordId,
    now: DateTime<Utc>,
) -> anyhow::Result<DigestView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let context = read_context(app, &mut tx, guild, now).await?;
    drop(tx);
    if context.team.is_empty() {
        crate::bail_user!("no members in this server yet: nothing to put in a digest");
    }
    // One read of the team for the report and the next steps.
    let team = report::team_view(app, guild, context.team.clone());
    Ok(build(app.catalog(), guild, now, team, &context))
}

fn build(
    catalog: &Catalog,
    guild: DiscordId,
    now: DateTime<Utc>,
    team: TeamView,
    context: &Context,
) -> DigestView {
    let by_row: HashMap<i64, &Loaded> = context.team.iter().map(|m| (m.member.id, m)).collect();
    let person = |m: &Loaded| Person {
        user_id: DiscordId::from_db(m.member.user_id),
        name: m.member.display_name.clone(),
    };
    let skill_name = |id: &str| {
        catalog
            .skill(id)
            .map_or_else(|_| id.to_string(), |s| s.name.clone())
    };

    let learned = context
        .events
        .iter()
        .filter(|e| e.note.as_deref() != Some(IMPORT_NOTE))
        .filter_map(|e| {
            let from = e.from_level?;
            (e.to_level > from).then_some(())?;
            let member = by_row.get(&e.member_id)?;
            Some(LearnedView {
                member: person(member),
                skill: e.skill.clone(),
                skill_name: skill_name(&e.skill),
                from_level: from,
                to_level: e.to_level,
            })
        })
        .collect::<Vec<_>>();
    // One line per member and skill: the week's whole climb.
    let mut merged: Vec<LearnedView> = Vec::new();
    for item in learned {
        match merged
            .iter_mut()
            .find(|m| m.member == item.member && m.skill == item.skill)
        {
            Some(existing) => existing.to_level = item.to_level,
            None => merged.push(item),
        }
    }
    merged.retain(|m| m.to_level > m.from_level);

    let started = context
        .started
        .iter()
        .filter_map(|(row, skill, _)| {
            Some(StartedView {
                member: person(by_row.get(row)?),
                skill: skill.clone(),
                skill_name: skill_name(skill),
            })
        })
        .collect();

    // Mentor load this week, and last digest's pairs (not to repeat).
    let mut load: HashMap<i64, usize> = HashMap::new();
    for pair in &context.recent_pairs {
        if pair.at > now - WEEK {
            *load.entry(pair.mentor_user_id).or_default() += 1;
        }
    }
    let last_digest_at = context.recent_pairs.first().map(|p| p.at);
    let repeated: HashSet<(i64, i64)> = context
        .recent_pairs
        .iter()
        .filter(|p| Some(p.at) == last_digest_at)
        .map(|p| (p.mentor_user_id, p.learner_user_id))
        .collect();
    let mentor_for = |learner: &Loaded, skill: &str, load: &mut HashMap<i64, usize>| {
        let mut candidates: Vec<(Level, &Loaded)> = context
            .team
            .iter()
            .filter(|m| m.member.id != learner.member.id)
            .filter(|m| !context.opted_out.contains(&m.member.id))
            .filter(|m| !repeated.contains(&(m.member.user_id, learner.member.user_id)))
            .filter(|m| load.get(&m.member.user_id).copied().unwrap_or(0) < MENTOR_LOAD_PER_WEEK)
            .filter_map(|m| {
                let level = catalog.assessed_level_of(&m.levels, skill)?;
                (level >= Level::WORKING).then_some((level, m))
            })
            .collect();
        // Advanced (4+) first; among equals the least asked, then by id.
        candidates.sort_by_key(|(level, m)| {
            (
                std::cmp::Reverse(*level),
                load.get(&m.member.user_id).copied().unwrap_or(0),
                m.member.user_id,
            )
        });
        let (_, mentor) = candidates.first()?;
        *load.entry(mentor.member.user_id).or_default() += 1;
        Some(person(mentor))
    };

    let coverage = catalog.coverage(context.team.iter().map(|m| &m.levels));
    let mut next_steps = Vec::new();
    for member in &context.team {
        let Some(role) = member
            .member
            .role
            .as_deref()
            .and_then(|r| catalog.role(r).ok())
        else {
            continue;
        };
        // A few more than one, in case the first ones are snoozed.
        let next = catalog
            .recommend_top(role, &member.levels, Some(&coverage), 4)
            .into_iter()
            .find(|r| {
                !context
                    .snoozed
                    .contains(&(member.member.id, r.skill.clone()))
            });
        let Some(next) = next else { continue };
        let mentor = mentor_for(member, &next.skill, &mut load);
        next_steps.push(NextStepView {
            member: person(member),
            skill_name: next.name.clone(),
            estimate_months: next.estimate.months,
            skill: next.skill,
            mentor,
        });
    }

    // Pairs: a single holder teaches the member who needs the skill most.
    let mut pairs = Vec::new();
    for single in &team.bus_factor {
        if pairs.len() >= MAX_PAIRS {
            break;
        }
        let Some(holder) = context
            .team
            .iter()
            .find(|m| m.member.user_id.to_string() == single.holder_id)
        else {
            continue;
        };
        if context.opted_out.contains(&holder.member.id)
            || load.get(&holder.member.user_id).copied().unwrap_or(0) >= MENTOR_LOAD_PER_WEEK
        {
            continue;
        }
        let learner = context
            .team
            .iter()
            .filter(|m| m.member.id != holder.member.id)
            .filter(|m| !repeated.contains(&(holder.member.user_id, m.member.user_id)))
            .filter_map(|m| {
                let level = catalog.level_of(&m.levels, &single.skill);
                if level >= Level::WORKING {
                    return None;
                }
                let target = m
                    .member
                    .role
                    .as_deref()
                    .and_then(|r| catalog.role(r).ok())
                    .and_then(|r| catalog.target_for(r, &single.skill))
                    .map_or(Level::NONE, |t| t.level());
                // Whose role needs it most, then who knows least.
                Some(((std::cmp::Reverse(target), level, m.member.user_id), m))
            })
            .min_by_key(|(key, _)| *key)
            .map(|(_, m)| m);
        if let Some(learner) = learner {
            *load.entry(holder.member.user_id).or_default() += 1;
            pairs.push(PairView {
                holder: person(holder),
                learner: person(learner),
                skill: single.skill.clone(),
                skill_name: single.name.clone(),
            });
        }
    }

    DigestView {
        guild,
        since: now - WEEK,
        until: now,
        learned: merged,
        started,
        next_steps,
        pairs,
        team,
    }
}

/// The teammate the digest would suggest to `user` for `skill`, if any
/// (`/next` shows the same suggestion as the digest).
pub async fn suggested_mentor(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    skill: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Person>> {
    let view = compose(app, guild, now).await?;
    Ok(view
        .next_steps
        .into_iter()
        .find(|s| s.member.user_id == user && s.skill == skill)
        .and_then(|s| s.mentor))
}
