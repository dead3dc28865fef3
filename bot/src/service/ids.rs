//! Ids and small input types shared by the service: a Discord id, a level,
//! a display name, a role, and what a write does about a guild or member
//! that is not stored yet. Validated once, at the edge.

use std::fmt;

use serde::Serialize;
use skillbot_recommender::{Catalog, Level, Role};

use crate::UserError;

/// What a write does when the guild or member it names is not stored yet.
///
/// Discord passes [`IfMissing::Create`]: a guild and a member exist there
/// once someone uses a command. The command line passes
/// [`IfMissing::Refuse`] unless `--create` (or `member add`) is given, so a
/// mistyped id is an error instead of a new, empty guild or member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IfMissing {
    /// A guild or member not stored yet is a [`UserError`] that says how
    /// to create it.
    Refuse,
    /// Add the member if they are new; the guild must exist (`member add`).
    AddMember,
    /// Create the guild and the member as needed.
    Create,
}

impl IfMissing {
    /// `--create` on the command line.
    pub fn from_flag(create: bool) -> IfMissing {
        if create {
            IfMissing::Create
        } else {
            IfMissing::Refuse
        }
    }
}

/// Longest display name accepted (Discord's own limit is 32).
pub const MAX_NAME_CHARS: usize = 100;
/// Longest note on a level change.
pub const MAX_NOTE_CHARS: usize = 500;

/// A Discord id (guild or user): a snowflake from 1 to 2⁶³−1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DiscordId(u64);

impl DiscordId {
    /// An id from a number, if it is in range.
    pub fn new(id: u64) -> Option<DiscordId> {
        (id > 0 && i64::try_from(id).is_ok()).then_some(DiscordId(id))
    }

    /// Parses a decimal id. The error says what a valid id looks like, and
    /// spots an id a spreadsheet turned into a number (`1.23457E+17`).
    pub fn parse(text: &str) -> Result<DiscordId, String> {
        let trimmed = text.trim();
        if looks_like_scientific_notation(trimmed) {
            return Err(format!(
                "'{trimmed}' is not a Discord id: this looks like a spreadsheet turned the id into \
                 a number (and rounded it): format the column as text, then paste the ids again"
            ));
        }
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

    pub(crate) fn db(self) -> i64 {
        // In range by construction.
        self.0 as i64
    }

    pub(crate) fn from_db(id: i64) -> DiscordId {
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

/// `1.23457E+17`, `1,23457e17`: digits, a decimal point or comma, an
/// exponent — what a spreadsheet shows for a long number.
fn looks_like_scientific_notation(text: &str) -> bool {
    let Some((mantissa, exponent)) = text.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && !exponent.is_empty()
        && exponent.chars().all(|c| c.is_ascii_digit())
}

/// Parses a level "0"–"5" given for `skill`.
pub fn parse_level(skill: &str, text: &str) -> Result<Level, UserError> {
    Level::parse(skill, text).map_err(|_| {
        UserError::new(format!(
            "level '{}' for {skill} is not valid: levels are 0–5 (0 none, 1 aware, 2 beginner, \
             3 working, 4 advanced, 5 expert)",
            text.trim()
        ))
    })
}

/// A catalog role by id (`java-backend-developer`) or by its display name
/// (`Java Backend Developer`), ignoring case, spaces and punctuation.
pub fn resolve_role<'c>(catalog: &'c Catalog, text: &str) -> Result<&'c Role, UserError> {
    match catalog.role(text) {
        Ok(role) => Ok(role),
        Err(err) => {
            let wanted = squash(text);
            catalog
                .roles()
                .iter()
                .find(|r| squash(&r.name) == wanted || squash(&r.id) == wanted)
                .ok_or_else(|| UserError::from(err))
        }
    }
}

/// Lowercase letters and digits only: `Java Backend-Developer` → `javabackenddeveloper`.
pub(crate) fn squash(text: &str) -> String {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A display name: trimmed, 1–100 characters, no control characters.
pub(crate) fn clean_name(text: &str) -> Result<Option<String>, String> {
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

/// A member that is not stored (read-only commands).
pub(crate) fn no_member(guild: DiscordId, user: DiscordId) -> UserError {
    UserError::new(format!(
        "no member {user} in guild {guild} (`skillbot member list --guild {guild}` lists them): \
         add them with `skillbot member add --guild {guild} --user {user}`"
    ))
}

/// A write names a member who is not stored yet.
pub(crate) fn member_not_stored(guild: DiscordId, user: DiscordId) -> UserError {
    UserError::new(format!(
        "guild {guild} has no member {user} yet (`skillbot member list --guild {guild}` lists \
         them). If the id is right, add them with `skillbot member add --guild {guild} --user \
         {user}`, or run the command again with --create"
    ))
}

/// A command names a guild that is not stored. `known`: the stored
/// guilds. A write (`writing`) can be repeated with `--create`.
pub(crate) fn guild_not_stored(guild: DiscordId, known: &[DiscordId], writing: bool) -> UserError {
    let known = match known {
        [] => "no guild is stored yet".to_string(),
        ids => format!(
            "stored: {}",
            ids.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    let mut message = format!("guild {guild} is not stored yet ({known}; `skillbot guild list`)");
    if writing {
        message.push_str(". If the id is right, run the command again with --create");
    }
    UserError::new(message)
}

pub(crate) fn skill_name(catalog: &Catalog, id: &str) -> String {
    catalog
        .skill(id)
        .map_or_else(|_| id.to_string(), |s| s.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn ids_a_spreadsheet_turned_into_numbers_are_named() {
        for bad in [
            "1.23457E+17",
            "1,23457E+17",
            "1.23457e17",
            "9E+17",
            "1.2E-3",
        ] {
            let err = DiscordId::parse(bad).unwrap_err();
            assert!(
                err.contains("a spreadsheet turned the id into a number")
                    && err.contains("format the column as text"),
                "{bad}: {err}"
            );
        }
        for other in ["E17", "1.5", "abc", "12e", "1e+x"] {
            let err = DiscordId::parse(other).unwrap_err();
            assert!(!err.contains("spreadsheet"), "{other}: {err}");
        }
    }

    #[test]
    fn levels_out_of_range_say_levels_are_0_to_5() {
        assert_eq!(parse_level("docker", " 3 ").unwrap().get(), 3);
        for bad in ["-1", "6", "two", "", "2.5"] {
            let err = parse_level("docker", bad).unwrap_err().0;
            assert!(err.contains("levels are 0–5"), "{bad}: {err}");
        }
    }

    #[test]
    fn roles_resolve_by_id_or_display_name() {
        let catalog = Catalog::builtin();
        for given in [
            "java-backend-developer",
            "Java backend developer",
            "JAVA BACKEND DEVELOPER",
            " java_backend_developer ",
        ] {
            assert_eq!(
                resolve_role(catalog, given).unwrap().id,
                "java-backend-developer",
                "{given}"
            );
        }
        let err = resolve_role(catalog, "java-backend-dev").unwrap_err().0;
        assert!(err.contains("did you mean"), "{err}");
    }
}
