//! Ids and small input types shared by the service: a Discord id, a level,
//! a display name. Validated once, at the edge.

use std::fmt;

use serde::Serialize;
use skillbot_recommender::{Catalog, Level};

use crate::UserError;

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

/// Parses a level "0"–"5" given for `skill`.
pub fn parse_level(skill: &str, text: &str) -> Result<Level, UserError> {
    Ok(Level::parse(skill, text)?)
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

pub(crate) fn no_member(guild: DiscordId, user: DiscordId) -> UserError {
    UserError::new(format!(
        "no member {user} in guild {guild}: add them with `skillbot member set --guild {guild} \
         --user {user}`"
    ))
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
}
