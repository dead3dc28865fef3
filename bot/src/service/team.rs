//! Team data: members, their levels and history, the team report, CSV
//! import and export, and forgetting a member.
//!
//! Every function here validates its input into types first ([`DiscordId`],
//! [`Level`], catalog ids), then does all of its writing in one transaction,
//! so a bad input is a [`UserError`] and never a partial write. Discord ids
//! appear in views as decimal strings: snowflakes do not fit the numbers of
//! JSON readers such as JavaScript.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use skillbot_recommender::{Catalog, Level, Levels, Member as TeamMember};

use crate::service::catalog::{self as catalog_service, RecommendView};
use crate::store::levels::{LevelWrite, Source};
use crate::store::members::Profile;
use crate::store::{Backend, SchemaVersion, Tx, audit, guilds, levels, members, progress, runs};
use crate::{App, UserError};

/// Longest display name accepted (Discord's own limit is 32).
pub const MAX_NAME_CHARS: usize = 100;
/// Longest note on a level change.
pub const MAX_NOTE_CHARS: usize = 500;
/// Progress events shown with a member.
const RECENT_PROGRESS: u32 = 10;

/// A Discord id (guild or user): a snowflake from 1 to 2⁶³−1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiscordId(u64);

impl DiscordId {
    /// An id from a number, if it is in range.
    pub fn new(id: u64) -> Option<DiscordId> {
        (id > 0 && i64::try_from(id).is_ok()).then_some(DiscordId(id))
    }

    /// Parses a decimal id. The error says what a valid id looks like.
    pub fn parse(text: &str) -> Result<DiscordId, String> {
        let trimmed = text.trim();
        trimmed
            .parse::<u64>()
            .ok()
            .filter(|_| trimmed.bytes().all(|b| b.is_ascii_digit()))
            .and_then(DiscordId::new)
            .ok_or_else(|| {
                format!(
                    "'{trimmed}' is not a Discord id: use the number Discord shows with \
                     Developer Mode → Copy ID, e.g. 123456789012345678"
                )
            })
    }

    pub fn get(self) -> u64 {
        self.0
    }

    fn db(self) -> i64 {
        // In range by construction.
        self.0 as i64
    }

    fn from_db(id: i64) -> DiscordId {
        DiscordId(id.unsigned_abs())
    }
}

impl fmt::Display for DiscordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for DiscordId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Parses a level "0"–"5" given for `skill`.
pub fn parse_level(skill: &str, text: &str) -> Result<Level, UserError> {
    Ok(Level::parse(skill, text)?)
}

/// A display name: trimmed, 1–100 characters, no control characters.
fn clean_name(text: &str) -> Result<Option<String>, String> {
    let name = text.trim();
    if name.is_empty() {
        return Ok(None);
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(format!("name is longer than {MAX_NAME_CHARS} characters"));
    }
    if name.chars().any(char::is_control) {
        return Err("name contains control characters (tabs, line breaks…)".into());
    }
    Ok(Some(name.to_string()))
}

// ---------------------------------------------------------------------------
// Views

/// `member show --json`, and what `member set` returns.
#[derive(Debug, Serialize)]
pub struct MemberView {
    pub guild: DiscordId,
    pub user_id: DiscordId,
    pub name: Option<String>,
    /// Role id from the catalog.
    pub role: Option<String>,
    pub nudge_opt_in: bool,
    pub time_zone: Option<String>,
    /// Assessed skills, in catalog order (skills the catalog no longer has
    /// last).
    pub levels: Vec<MemberLevelView>,
    /// The latest level changes, oldest first.
    pub recent_progress: Vec<ProgressView>,
    /// Whether this call created the member.
    #[serde(skip)]
    pub created: bool,
}

#[derive(Debug, Serialize)]
pub struct MemberLevelView {
    pub skill: String,
    pub name: String,
    pub level: u8,
    /// "self" or "manager".
    pub source: &'static str,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
pub struct ProgressView {
    pub skill: String,
    /// `null`: not assessed before.
    pub from_level: Option<u8>,
    pub to_level: u8,
    pub source: &'static str,
    pub at: DateTime<Utc>,
    pub note: Option<String>,
}

/// What `level set` did.
#[derive(Debug, Serialize)]
pub struct LevelSetView {
    pub guild: DiscordId,
    pub user_id: DiscordId,
    pub skill: String,
    pub skill_name: String,
    /// `null`: not assessed before.
    pub from_level: Option<u8>,
    pub to_level: u8,
    /// False when the member already had this level (nothing recorded).
    pub changed: bool,
    /// True when the member did not exist and was added.
    pub member_created: bool,
    pub source: &'static str,
    /// True when the change was made by someone else and logged.
    pub audited: bool,
}

/// `team --json`: the recommender's team report for one guild.
///
/// ```text
/// {
///   "guild": "123…",                 Discord guild id (a string)
///   "members": 12,                   members in the report
///   "coverage": [                    skills someone holds or some role targets, catalog order
///     {"skill": "docker", "name": "Docker",
///      "holders": 2,                 members at level 3 (working) or more
///      "holder_ids": ["…", "…"],     their user ids when there are at most 3, else []
///      "average_level": 1.8}         over all members, one decimal
///   ],
///   "gaps": [                        skills below some member's role target, biggest first
///     {"skill", "name",
///      "members_below_target": 3,    members whose role wants more than they have
///      "total_gap": 5,               sum of (target − level) over them
///      "holders": 1}
///   ],
///   "bus_factor": [                  skills exactly one member holds
///     {"skill", "name", "holder_id": "…", "holder_name": "Ana" | null}
///   ],
///   "matrix": {
///     "skills": ["java", …],         column skill ids (the coverage skills)
///     "rows": [{"user_id": "…", "name": "Ana" | null, "role": "…" | null,
///               "levels": [4, 0, …]}]  one level per column; 0 also for not assessed
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
    pub matrix: MatrixView,
}

#[derive(Debug, Serialize)]
pub struct CoverageView {
    pub skill: String,
    pub name: String,
    pub holders: usize,
    pub holder_ids: Vec<String>,
    pub average_level: f32,
}

#[derive(Debug, Serialize)]
pub struct GapView {
    pub skill: String,
    pub name: String,
    pub members_below_target: usize,
    pub total_gap: u32,
    pub holders: usize,
}

#[derive(Debug, Serialize)]
pub struct BusFactorView {
    pub skill: String,
    pub name: String,
    pub holder_id: String,
    pub holder_name: Option<String>,
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
    pub levels: Vec<u8>,
}

/// What `import` did.
#[derive(Debug, Serialize)]
pub struct ImportView {
    pub guild: DiscordId,
    /// Member rows in the file.
    pub members: usize,
    /// Of those, members that did not exist before.
    pub members_created: usize,
    /// Skill columns in the file.
    pub skills: usize,
    /// Levels that changed (one progress event each).
    pub levels_changed: usize,
    /// Levels given that were already stored as they are.
    pub levels_unchanged: usize,
}

/// `export --format json`.
#[derive(Debug, Serialize)]
pub struct ExportView {
    pub guild: DiscordId,
    pub members: Vec<ExportMember>,
}

#[derive(Debug, Serialize)]
pub struct ExportMember {
    pub user_id: DiscordId,
    pub name: Option<String>,
    pub role: Option<String>,
    /// Assessed levels by skill id.
    pub levels: BTreeMap<String, u8>,
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// The import format: `user_id,name,role,<skill>…`.
    Csv,
    /// [`ExportView`].
    Json,
}

/// What `forget` deleted. Holds no personal data.
#[derive(Debug, Serialize)]
pub struct ForgetView {
    pub levels: u64,
    pub progress_events: u64,
    pub nudge_runs: u64,
    pub audit_entries: u64,
}

/// `migrate`.
#[derive(Debug, Serialize)]
pub struct MigrateView {
    pub backend: Backend,
    /// The SQLite file or PostgreSQL host:port/database.
    pub location: String,
    /// Migrations this run applied.
    pub applied: Vec<SchemaVersion>,
    /// Every migration the database has.
    pub schema: Vec<SchemaVersion>,
}

// ---------------------------------------------------------------------------
// Members and levels

/// Creates or updates a member: `name` and `role` when given (the role is
/// checked against the catalog). Returns the member as stored.
pub async fn set_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
    name: Option<&str>,
    role: Option<&str>,
) -> anyhow::Result<MemberView> {
    let name = match name {
        Some(text) => Some(
            clean_name(text)
                .map_err(UserError::new)?
                .ok_or_else(|| UserError::new("--name is empty"))?,
        ),
        None => None,
    };
    let role = role
        .map(|r| app.catalog().role(r).map(|r| r.id.clone()))
        .transpose()
        .map_err(UserError::from)?;
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, guild.db(), now).await?;
    let profile = Profile {
        user_id: user.db(),
        display_name: name.as_deref(),
        role: role.as_deref(),
    };
    let (member, created) = members::upsert(&mut tx, guild.db(), &profile, now).await?;
    let mut view = member_view(app.catalog(), &mut tx, member).await?;
    tx.commit().await?;
    view.created = created;
    Ok(view)
}

/// A stored member with their levels and latest progress.
pub async fn show_member(
    app: &App,
    guild: DiscordId,
    user: DiscordId,
) -> anyhow::Result<MemberView> {
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let member = members::get(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| no_member(guild, user))?;
    member_view(app.catalog(), &mut tx, member).await
}

async fn member_view(
    catalog: &Catalog,
    tx: &mut Tx,
    member: members::Member,
) -> anyhow::Result<MemberView> {
    let mut stored = levels::for_member(tx, member.id).await?;
    let order = |skill: &str| {
        catalog
            .skills()
            .iter()
            .position(|s| s.id == skill)
            .unwrap_or(usize::MAX)
    };
    stored.sort_by_cached_key(|l| (order(&l.skill), l.skill.clone()));
    let events = progress::for_member(tx, member.id, RECENT_PROGRESS).await?;
    Ok(MemberView {
        guild: DiscordId::from_db(member.guild_id),
        user_id: DiscordId::from_db(member.user_id),
        name: member.display_name,
        role: member.role,
        nudge_opt_in: member.nudge_opt_in,
        time_zone: member.time_zone,
        levels: stored
            .into_iter()
            .map(|l| MemberLevelView {
                name: skill_name(catalog, &l.skill),
                skill: l.skill,
                level: l.level,
                source: l.source.as_str(),
                updated_at: l.updated_at,
            })
            .collect(),
        recent_progress: events
            .into_iter()
            .map(|e| ProgressView {
                skill: e.skill,
                from_level: e.from_level,
                to_level: e.to_level,
                source: e.source.as_str(),
                at: e.at,
                note: e.note,
            })
            .collect(),
        created: false,
    })
}

/// One level change request.
#[derive(Debug, Clone)]
pub struct LevelChange<'a> {
    pub guild: DiscordId,
    pub user: DiscordId,
    /// Skill id, name or alias.
    pub skill: &'a str,
    pub level: Level,
    pub note: Option<&'a str>,
    /// Who assessed it: the member themselves (same id) makes it a
    /// self-assessment; anyone else a manager assessment, logged in the
    /// audit log; `None` (the command line) a manager assessment.
    pub by: Option<DiscordId>,
}

/// Sets a member's level in a skill, adding the member if needed. A
/// change appends a progress event in the same transaction; the same level
/// again changes nothing.
pub async fn set_level(app: &App, change: &LevelChange<'_>) -> anyhow::Result<LevelSetView> {
    let skill = app.catalog().skill(change.skill).map_err(UserError::from)?;
    let note = change.note.map(str::trim).filter(|n| !n.is_empty());
    if note.is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS) {
        crate::bail_user!("--note is longer than {MAX_NOTE_CHARS} characters");
    }
    let source = match change.by {
        Some(by) if by == change.user => Source::SelfAssessed,
        _ => Source::Manager,
    };
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    guilds::ensure(&mut tx, change.guild.db(), now).await?;
    let (member_id, created) =
        members::ensure(&mut tx, change.guild.db(), change.user.db(), now).await?;
    let write = LevelWrite {
        member_id,
        skill: &skill.id,
        level: change.level.get(),
        source,
        note,
    };
    let applied = levels::apply(&mut tx, &[write], now).await?;
    let mut from_level = Some(change.level.get());
    let mut audited = false;
    if let Some(applied) = applied.first() {
        from_level = applied.from;
        if let Some(by) = change.by.filter(|by| *by != change.user) {
            let detail = format!(
                "set {} from {} to {}",
                skill.id,
                applied
                    .from
                    .map_or("not assessed".to_string(), |l| l.to_string()),
                applied.to
            );
            let entry = audit::NewEntry {
                guild_id: change.guild.db(),
                actor_user_id: Some(by.db()),
                subject_user_id: Some(change.user.db()),
                action: "level.set",
                detail: &detail,
            };
            audit::record(&mut tx, &entry, now).await?;
            audited = true;
        }
    }
    tx.commit().await?;
    Ok(LevelSetView {
        guild: change.guild,
        user_id: change.user,
        skill: skill.id.clone(),
        skill_name: skill.name.clone(),
        from_level,
        to_level: change.level.get(),
        changed: !applied.is_empty(),
        member_created: created,
        source: source.as_str(),
        audited,
    })
}

// ---------------------------------------------------------------------------
// Team report and recommendations

/// One member and their levels, as the recommender sees them.
struct Loaded {
    member: members::Member,
    levels: Levels,
}

/// A guild's members and levels. Levels of skills the catalog does not
/// know (a changed catalog) are left out.
async fn load_team(
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
async fn resolve_guild(tx: &mut Tx, given: Option<DiscordId>) -> anyhow::Result<DiscordId> {
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
    let mut team = load_team(catalog, &mut tx, guild).await?;
    drop(tx);
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
    Ok(TeamView {
        guild,
        members: report.members,
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
        (Some(role), _) | (None, Some(role)) => role,
        (None, None) => crate::bail_user!(
            "member {user} has no role: give --role ROLE, or store one with \
             `skillbot member set --guild {guild} --user {user} --role ROLE` (see `skillbot roles`)"
        ),
    };
    let coverage = catalog.coverage(team.iter().map(|m| &m.levels));
    Ok(catalog_service::recommend(
        catalog,
        role,
        &me.levels,
        Some(&coverage),
        limit,
    )?)
}

// ---------------------------------------------------------------------------
// Import

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line in the file; `None` for the file as a whole.
    pub line: Option<u64>,
    /// The column as the user knows it: `'docker'` (its header) or `5`.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (Some(line), Some(column)) => {
                write!(f, "line {line}, column {column}: {}", self.message)
            }
            (Some(line), None) => write!(f, "line {line}: {}", self.message),
            (None, _) => f.write_str(&self.message),
        }
    }
}

/// A validated import file: every member row and level is known good.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    /// Catalog skill id per skill column (`None`: an empty column without
    /// a header, as spreadsheets leave at the end).
    columns: Vec<Option<String>>,
    rows: Vec<ImportRow>,
}

#[derive(Debug, Clone)]
struct ImportRow {
    user: DiscordId,
    name: Option<String>,
    role: Option<String>,
    /// (index into `columns`, level).
    levels: Vec<(usize, u8)>,
}

impl ImportPlan {
    /// Member rows.
    pub fn members(&self) -> usize {
        self.rows.len()
    }

    /// Skill ids of the skill columns, in file order.
    pub fn skills(&self) -> Vec<&str> {
        self.columns.iter().flatten().map(String::as_str).collect()
    }

    /// Only the first `n` member rows (for tests of partial imports).
    pub fn truncated(&self, n: usize) -> ImportPlan {
        ImportPlan {
            columns: self.columns.clone(),
            rows: self.rows.iter().take(n).cloned().collect(),
        }
    }
}

const FIXED_COLUMNS: [&str; 3] = ["user_id", "name", "role"];
const FORMAT_HINT: &str =
    "a header line `user_id,name,role,<skill>,<skill>…` and one line per member";

/// Reads and checks a whole skills-matrix CSV. Returns every problem found
/// (not just the first), each with its line and column.
pub fn parse_import(catalog: &Catalog, data: &[u8]) -> Result<ImportPlan, Vec<Problem>> {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let file_problem = |message: String| {
        vec![Problem {
            line: None,
            column: None,
            message,
        }]
    };
    // Text first: a byte that is not UTF-8 makes every later check unreliable.
    let mut problems = Vec::new();
    for (i, line) in data.split(|&b| b == b'\n').enumerate() {
        if let Err(e) = std::str::from_utf8(line) {
            let valid = &line[..e.valid_up_to()];
            let at = String::from_utf8_lossy(valid).chars().count() + 1;
            problems.push(Problem {
                line: Some(i as u64 + 1),
                column: None,
                message: format!(
                    "not UTF-8 text (byte 0x{:02X} at character {at}): save the file as \
                     \"CSV UTF-8\"",
                    line[e.valid_up_to()]
                ),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return Err(file_problem("the file is not UTF-8 text".into()));
    };
    if text.trim().is_empty() {
        return Err(file_problem(format!(
            "the file is empty: expected {FORMAT_HINT}"
        )));
    }

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(vec![csv_problem(&e)]),
        None => {
            return Err(file_problem(format!(
                "the file is empty: expected {FORMAT_HINT}"
            )));
        }
    };
    let header_line = header.position().map_or(1, |p| p.line());

    // Header: the three fixed columns, then skills.
    if header.len() < FIXED_COLUMNS.len() {
        let raw = text
            .lines()
            .nth(header_line.saturating_sub(1) as usize)
            .unwrap_or_default();
        let message = if raw.contains(';') {
            "the columns are separated by semicolons (;), but skillbot reads comma-separated \
             files: save the sheet as \"CSV (comma delimited)\" or replace the semicolons with \
             commas"
                .to_string()
        } else if raw.contains('\t') {
            "the columns are separated by tabs, but skillbot reads comma-separated files: save \
             the sheet as \"CSV (comma delimited)\""
                .to_string()
        } else {
            format!("the header must start with user_id,name,role: expected {FORMAT_HINT}")
        };
        return Err(vec![Problem {
            line: Some(header_line),
            column: None,
            message,
        }]);
    }
    let fixed_ok = FIXED_COLUMNS
        .iter()
        .zip(header.iter())
        .all(|(want, got)| got.trim().eq_ignore_ascii_case(want));
    if !fixed_ok {
        let found: Vec<&str> = header.iter().take(3).map(str::trim).collect();
        return Err(vec![Problem {
            line: Some(header_line),
            column: None,
            message: format!(
                "the header must start with user_id,name,role, not '{}'",
                found.join(",")
            ),
        }]);
    }
    let column_label = |i: usize| match header.get(i).map(str::trim) {
        Some(h) if !h.is_empty() => format!("'{h}'"),
        _ => format!("{}", i + 1),
    };

    // Skill columns: resolved through the catalog, each skill once.
    let mut skills: Vec<Option<String>> = Vec::new();
    let mut first_column: HashMap<String, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate().skip(FIXED_COLUMNS.len()) {
        let h = h.trim();
        let mut problem = |message: String| {
            problems.push(Problem {
                line: Some(header_line),
                column: Some(column_label(i)),
                message,
            })
        };
        if h.is_empty() {
            // Fine while the whole column is empty (checked per row).
            skills.push(None);
            continue;
        }
        match catalog.skill(h) {
            Ok(skill) => match first_column.get(&skill.id) {
                Some(&first) => {
                    problem(format!(
                        "the same skill ({}) as column {}: keep only one of them",
                        skill.id,
                        column_label(first)
                    ));
                    skills.push(None);
                }
                None => {
                    first_column.insert(skill.id.clone(), i);
                    skills.push(Some(skill.id.clone()));
                }
            },
            Err(e) => {
                problem(e.to_string());
                skills.push(None);
            }
        }
    }

    // Member rows.
    let width = header.len();
    let mut rows = Vec::new();
    let mut first_line: HashMap<DiscordId, u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.push(csv_problem(&e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != width {
            problems.push(Problem {
                line: Some(line),
                column: None,
                message: format!(
                    "{} cells, but the header has {width} columns (every line needs one cell per \
                     column; leave a cell empty for a skill not assessed)",
                    record.len()
                ),
            });
            continue;
        }
        let mut problem = |i: usize, message: String| {
            problems.push(Problem {
                line: Some(line),
                column: Some(column_label(i)),
                message,
            })
        };
        let user = match record[0].trim() {
            "" => {
                problem(0, "the user id is missing".into());
                None
            }
            text => match DiscordId::parse(text) {
                Ok(user) => match first_line.get(&user) {
                    Some(first) => {
                        problem(0, format!("user {user} is already on line {first}"));
                        None
                    }
                    None => {
                        first_line.insert(user, line);
                        Some(user)
                    }
                },
                Err(message) => {
                    problem(0, message);
                    None
                }
            },
        };
        let name = clean_name(&record[1]).unwrap_or_else(|message| {
            problem(1, message);
            None
        });
        let role = match record[2].trim() {
            "" => None,
            text => match catalog.role(text) {
                Ok(role) => Some(role.id.clone()),
                Err(e) => {
                    problem(2, e.to_string());
                    None
                }
            },
        };
        let mut levels = Vec::new();
        for (i, cell) in record.iter().enumerate().skip(FIXED_COLUMNS.len()) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let column = i - FIXED_COLUMNS.len();
            if header.get(i).is_some_and(|h| h.trim().is_empty()) {
                problem(
                    i,
                    format!("'{cell}' is in a column without a skill name in the header"),
                );
                continue;
            }
            match cell.parse::<u8>().ok().filter(|l| *l <= Level::MAX) {
                Some(level) => {
                    if skills.get(column).is_some_and(Option::is_some) {
                        levels.push((column, level));
                    }
                }
                None => problem(i, format!("level '{cell}' is not 0–5")),
            }
        }
        if let Some(user) = user {
            rows.push(ImportRow {
                user,
                name,
                role,
                levels,
            });
        }
    }
    if rows.is_empty() && problems.is_empty() {
        return Err(vec![Problem {
            line: Some(header_line),
            column: None,
            message: "the header has no member lines below it: nothing to import".into(),
        }]);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(ImportPlan {
        columns: skills,
        rows,
    })
}

fn csv_problem(e: &csv::Error) -> Problem {
    Problem {
        line: e.position().map(|p| p.line()),
        column: None,
        message: format!("cannot read this line as CSV: {e}"),
    }
}

/// The message for a rejected import file.
pub fn problems_message(problems: &[Problem]) -> String {
    let mut message = format!(
        "nothing was imported: {} problem{} in the file",
        problems.len(),
        if problems.len() == 1 { "" } else { "s" }
    );
    for problem in problems {
        message.push_str("\n  ");
        message.push_str(&problem.to_string());
    }
    message
}

/// Imports a skills-matrix CSV into a guild, all or nothing: the whole
/// file is checked first (every problem reported, nothing written), then
/// written in one transaction. Members not in the file are left alone;
/// empty cells leave stored values as they are.
pub async fn import_csv(app: &App, guild: DiscordId, data: &[u8]) -> anyhow::Result<ImportView> {
    let plan = parse_import(app.catalog(), data)
        .map_err(|problems| UserError::new(problems_message(&problems)))?;
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let view = apply_import(&mut tx, guild, &plan, Utc::now()).await?;
    tx.commit().await?;
    Ok(view)
}

/// Writes a checked import inside the caller's transaction (which the
/// caller commits). Levels go through [`levels::apply`], like `level set`.
pub async fn apply_import(
    tx: &mut Tx,
    guild: DiscordId,
    plan: &ImportPlan,
    now: DateTime<Utc>,
) -> anyhow::Result<ImportView> {
    guilds::ensure(tx, guild.db(), now).await?;
    let before = members::ids_by_user(tx, guild.db()).await?;
    let profiles: Vec<Profile<'_>> = plan
        .rows
        .iter()
        .map(|row| Profile {
            user_id: row.user.db(),
            display_name: row.name.as_deref(),
            role: row.role.as_deref(),
        })
        .collect();
    members::upsert_many(tx, guild.db(), &profiles, now).await?;
    let ids = members::ids_by_user(tx, guild.db()).await?;
    let mut writes = Vec::new();
    for row in &plan.rows {
        let member_id = *ids
            .get(&row.user.db())
            .with_context(|| format!("imported member {} is missing", row.user))?;
        for &(column, level) in &row.levels {
            let Some(Some(skill)) = plan.columns.get(column) else {
                continue; // parse_import keeps only levels of known skills
            };
            writes.push(LevelWrite {
                member_id,
                skill,
                level,
                source: Source::Manager,
                note: Some("imported from CSV"),
            });
        }
    }
    let changes = levels::apply(tx, &writes, now).await?;
    let created = plan
        .rows
        .iter()
        .filter(|r| !before.contains_key(&r.user.db()))
        .count();
    let detail = format!(
        "imported {} members ({created} new) and {} level changes from CSV",
        plan.rows.len(),
        changes.len()
    );
    let entry = audit::NewEntry {
        guild_id: guild.db(),
        actor_user_id: None,
        subject_user_id: None,
        action: "import",
        detail: &detail,
    };
    audit::record(tx, &entry, now).await?;
    Ok(ImportView {
        guild,
        members: plan.rows.len(),
        members_created: created,
        skills: plan.skills().len(),
        levels_changed: changes.len(),
        levels_unchanged: writes.len() - changes.len(),
    })
}

// ---------------------------------------------------------------------------
// Export, forget, migrate

/// A guild's members and levels, as CSV in the import format (round-trips
/// with [`import_csv`]) or as JSON ([`ExportView`]). Members by user id;
/// skill columns in catalog order, only skills someone has a level in.
pub async fn export(app: &App, guild: DiscordId, format: ExportFormat) -> anyhow::Result<String> {
    let catalog = app.catalog();
    let store = app.store().await?;
    let mut tx = store.read().await?;
    let guild = resolve_guild(&mut tx, Some(guild)).await?;
    let stored = members::list(&mut tx, guild.db()).await?;
    let mut by_member: HashMap<i64, BTreeMap<String, u8>> =
        levels::by_member_in_guild(&mut tx, guild.db())
            .await?
            .into_iter()
            .map(|(member, levels)| (member, levels.into_iter().collect()))
            .collect();
    drop(tx);
    let view = ExportView {
        guild,
        members: stored
            .into_iter()
            .map(|m| ExportMember {
                levels: by_member.remove(&m.id).unwrap_or_default(),
                user_id: DiscordId::from_db(m.user_id),
                name: m.display_name,
                role: m.role,
            })
            .collect(),
    };
    match format {
        ExportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&view).context("writing JSON")?;
            json.push('\n');
            Ok(json)
        }
        ExportFormat::Csv => export_csv(catalog, &view),
    }
}

fn export_csv(catalog: &Catalog, view: &ExportView) -> anyhow::Result<String> {
    let mut used: Vec<&str> = Vec::new();
    for member in &view.members {
        for skill in member.levels.keys() {
            if !used.contains(&skill.as_str()) {
                used.push(skill);
            }
        }
    }
    // Catalog order first, then skills the catalog no longer knows.
    let order = |id: &str| {
        catalog
            .skills()
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    };
    used.sort_by_key(|id| (order(id), id.to_string()));
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = FIXED_COLUMNS.iter().copied().chain(used.iter().copied());
    writer.write_record(header).context("writing CSV")?;
    for member in &view.members {
        let mut record = vec![
            member.user_id.to_string(),
            member.name.clone().unwrap_or_default(),
            member.role.clone().unwrap_or_default(),
        ];
        record.extend(used.iter().map(|skill| {
            member
                .levels
                .get(*skill)
                .map_or(String::new(), u8::to_string)
        }));
        writer.write_record(&record).context("writing CSV")?;
    }
    let bytes = writer.into_inner().context("writing CSV")?;
    String::from_utf8(bytes).context("CSV output is not UTF-8")
}

/// Deletes every row about a member in a guild — levels, progress, nudge
/// runs, audit entries about them, the member — in one transaction, and
/// logs that a member was forgotten, without saying who.
pub async fn forget(app: &App, guild: DiscordId, user: DiscordId) -> anyhow::Result<ForgetView> {
    let now = Utc::now();
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let member_id = members::id_of(&mut tx, guild.db(), user.db())
        .await?
        .ok_or_else(|| {
            UserError::new(format!(
                "no member {user} in guild {guild}: nothing to forget"
            ))
        })?;
    members::lock(&mut tx, member_id).await?;
    let levels = levels::delete_for_member(&mut tx, member_id).await?;
    let progress_events = progress::delete_for_member(&mut tx, member_id).await?;
    let nudge_runs = runs::delete_nudges_for_member(&mut tx, member_id).await?;
    let (audit_entries, _blanked) = audit::forget_user(&mut tx, guild.db(), user.db()).await?;
    members::delete(&mut tx, member_id).await?;
    let view = ForgetView {
        levels,
        progress_events,
        nudge_runs,
        audit_entries,
    };
    let detail = format!(
        "a member was forgotten: {levels} levels, {progress_events} progress events, \
         {nudge_runs} nudge runs and {audit_entries} audit entries about them deleted"
    );
    let entry = audit::NewEntry {
        guild_id: guild.db(),
        actor_user_id: None,
        subject_user_id: None,
        action: "member.forget",
        detail: &detail,
    };
    audit::record(&mut tx, &entry, now).await?;
    tx.commit().await?;
    Ok(view)
}

/// Connects to the database and brings its schema up to date.
pub async fn migrate(app: &App) -> anyhow::Result<MigrateView> {
    let store = app.store().await?;
    Ok(MigrateView {
        backend: store.backend(),
        location: store.location().to_string(),
        applied: app.applied_migrations().await?,
        schema: store.schema_versions().await?,
    })
}

fn no_member(guild: DiscordId, user: DiscordId) -> UserError {
    UserError::new(format!(
        "no member {user} in guild {guild}: add them with `skillbot member set --guild {guild} \
         --user {user}`"
    ))
}

fn skill_name(catalog: &Catalog, id: &str) -> String {
    catalog
        .skill(id)
        .map_or_else(|_| id.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(csv: &str) -> Vec<String> {
        match parse_import(Catalog::builtin(), csv.as_bytes()) {
            Ok(plan) => panic!("expected problems, got {} rows", plan.members()),
            Err(problems) => problems.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn discord_ids_are_positive_decimal_numbers_that_fit_i64() {
        assert_eq!(
            DiscordId::parse(" 123456789012345678 ").unwrap().get(),
            123456789012345678
        );
        for bad in [
            "",
            "0",
            "-5",
            "+5",
            "12ab",
            "1.5",
            "9223372036854775808",
            "99999999999999999999",
        ] {
            assert!(DiscordId::parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!(DiscordId::parse("9223372036854775807").is_ok());
    }

    #[test]
    fn a_good_file_is_planned() {
        let plan = parse_import(
            Catalog::builtin(),
            "\u{feff}user_id,name,role,docker,K8s\r\n1,Ana,backend-developer,3,\r\n2,,,0,5\r\n"
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(plan.skills(), ["docker", "kubernetes"]);
        assert_eq!(plan.members(), 2);
        assert_eq!(plan.rows[0].levels, [(0, 3)]);
        assert_eq!(plan.rows[1].levels, [(0, 0), (1, 5)]);
        assert_eq!(plan.rows[1].role, None);
    }

    #[test]
    fn empty_columns_without_a_header_are_ignored_unless_they_hold_values() {
        let csv = "user_id,name,role,docker,,\n1,Ana,,3,,\n2,Bo,,2,,\n";
        let plan = parse_import(Catalog::builtin(), csv.as_bytes()).unwrap();
        assert_eq!(plan.skills(), ["docker"]);
        assert_eq!(plan.rows[1].levels, [(0, 2)]);
        let found = problems("user_id,name,role,docker,,git\n1,Ana,,3,4,1\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("line 2, column 5: '4' is in a column without a skill name"),
            "{found:?}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_line_and_column() {
        let found = problems(
            "user_id,name,role,docker,dokcer,k8s,kubernetes\n\
             1,Ana,backend-developer,3,,,\n\
             x,Bo,backend,7,,,\n\
             1,Cy,,2,,,\n\
             3,Di,,1,2\n",
        );
        let expected = [
            "line 1, column 'dokcer': unknown skill 'dokcer' — did you mean 'docker'?",
            "line 1, column 'kubernetes': the same skill (kubernetes) as column 'k8s': keep only one of them",
            "line 3, column 'user_id': 'x' is not a Discord id",
            "line 3, column 'role': unknown role 'backend'",
            "line 3, column 'docker': level '7' is not 0–5",
            "line 4, column 'user_id': user 1 is already on line 2",
            "line 5: 5 cells, but the header has 7 columns",
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for (got, want) in found.iter().zip(expected) {
            assert!(got.starts_with(want), "{got:?} should start with {want:?}");
        }
    }

    #[test]
    fn wrong_delimiters_are_named() {
        assert!(problems("user_id;name;role;docker\n1;Ana;;3\n")[0].contains("semicolons"));
        assert!(problems("user_id\tname\trole\tdocker\n1\tAna\t\t3\n")[0].contains("tabs"));
    }

    #[test]
    fn empty_header_only_and_non_utf8_files_are_rejected() {
        assert!(problems("")[0].contains("the file is empty"));
        assert!(problems(" \n\n")[0].contains("the file is empty"));
        assert!(problems("user_id,name,role,docker\n")[0].contains("nothing to import"));
        let latin1 = b"user_id,name,role\n1,Jos\xe9,\n";
        let found = parse_import(Catalog::builtin(), latin1).unwrap_err();
        assert_eq!(found[0].line, Some(2));
        assert!(found[0].message.contains("not UTF-8"), "{}", found[0]);
    }

    #[test]
    fn header_must_start_with_the_fixed_columns() {
        assert!(
            problems("id,name,role,docker\n1,A,,3\n")[0]
                .contains("must start with user_id,name,role")
        );
    }
}
