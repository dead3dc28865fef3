//! Skills-matrix CSV: import (all or nothing, every problem with its line
//! and column) and export (the same format, so an export imports back).

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use skillbot_recommender::{Catalog, Level};

use crate::service::ids::{DiscordId, IfMissing, clean_name, resolve_role, squash};
use crate::service::members::ensure_guild;
use crate::service::report::resolve_guild;
use crate::store::levels::{LevelWrite, Source};
use crate::store::members::Profile;
use crate::store::{Tx, audit, guilds, levels, members};
use crate::{App, UserError};

/// What `import` did.
#[derive(Debug, Serialize)]
pub struct ImportView {
    pub guild: DiscordId,
    /// Whether the guild was not stored before.
    pub guild_created: bool,
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

/// Whether a header cell names fixed column `i`, in any case and spacing:
/// `user_id`, `User ID`, `userid`, `Discord ID`; `Name`, `Display name`;
/// `Role`.
fn is_fixed_column(i: usize, cell: &str) -> bool {
    let cell = squash(cell);
    let names: &[&str] = match i {
        0 => &["userid", "discordid", "discorduserid"],
        1 => &["name", "displayname"],
        _ => &["role"],
    };
    names.contains(&cell.as_str())
}

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
    let fixed_ok = header
        .iter()
        .take(FIXED_COLUMNS.len())
        .enumerate()
        .all(|(i, got)| is_fixed_column(i, got));
    if !fixed_ok {
        let found: Vec<&str> = header.iter().take(3).map(str::trim).collect();
        return Err(vec![Problem {
            line: Some(header_line),
            column: None,
            message: format!(
                "the header must start with user_id,name,role (or User ID,Name,Role), not '{}'",
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
            text => match resolve_role(catalog, text) {
                Ok(role) => Some(role.id.clone()),
                Err(e) => {
                    problem(2, e.0);
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
/// empty cells leave stored values as they are. New members in the file
/// are added; a guild not stored yet is created only with
/// [`IfMissing::Create`] (Discord, or `--create`).
pub async fn import_csv(
    app: &App,
    guild: DiscordId,
    data: &[u8],
    if_missing: IfMissing,
) -> anyhow::Result<ImportView> {
    let plan = parse_import(app.catalog(), data)
        .map_err(|problems| UserError::new(problems_message(&problems)))?;
    let store = app.store().await?;
    let mut tx = store.begin().await?;
    let now = Utc::now();
    let guild_created = ensure_guild(&mut tx, guild, if_missing, now).await?;
    let mut view = apply_import(&mut tx, guild, &plan, now).await?;
    view.guild_created = guild_created;
    tx.commit().await?;
    Ok(view)
}

/// Writes a checked import inside the caller's transaction (which the
/// caller commits), creating the guild if needed. Levels go through
/// [`levels::apply`], like `level set`.
pub async fn apply_import(
    tx: &mut Tx,
    guild: DiscordId,
    plan: &ImportPlan,
    now: DateTime<Utc>,
) -> anyhow::Result<ImportView> {
    let guild_created = guilds::ensure(tx, guild.db(), now).await?;
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
                note: Some(crate::store::progress::IMPORT_NOTE),
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
        guild_created,
        members: plan.rows.len(),
        members_created: created,
        skills: plan.skills().len(),
        levels_changed: changes.len(),
        levels_unchanged: writes.len() - changes.len(),
    })
}

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
    fn fixed_columns_accept_any_case_and_spacing_and_roles_their_display_names() {
        let csv = "User ID , Name,ROLE,Docker\n1,Ana,Java backend developer,3\n\
                   2,Bo,java-backend-developer,\n";
        let plan = parse_import(Catalog::builtin(), csv.as_bytes()).unwrap();
        assert_eq!(plan.members(), 2);
        assert_eq!(plan.rows[0].role.as_deref(), Some("java-backend-developer"));
        assert_eq!(plan.rows[1].role.as_deref(), Some("java-backend-developer"));
        for header in [
            "userid,name,role",
            "Discord ID,Display Name,Role",
            "user-id,NAME,role",
        ] {
            let csv = format!("{header},docker\n1,Ana,,3\n");
            assert!(
                parse_import(Catalog::builtin(), csv.as_bytes()).is_ok(),
                "{header}"
            );
        }
    }

    #[test]
    fn ids_a_spreadsheet_rounded_are_named() {
        let found = problems("user_id,name,role,docker\n1.23457E+17,Ana,,3\n");
        assert!(
            found[0].starts_with("line 2, column 'user_id': '1.23457E+17' is not a Discord id")
                && found[0].contains("format the column as text"),
            "{found:?}"
        );
    }

    #[test]
    fn header_must_start_with_the_fixed_columns() {
        assert!(
            problems("id,name,role,docker\n1,A,,3\n")[0]
                .contains("must start with user_id,name,role")
        );
    }
}
