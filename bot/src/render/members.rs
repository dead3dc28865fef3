//! `/skills show`, `/skills set`, `/learned`, `/role set`: a member's
//! levels and what a change did.

use skillbot_recommender::{Catalog, Level};

use super::{Embed, Reply, Who, colour, join_lines, limits};
use crate::service::members::{LevelSetView, MemberView};

/// A member's role and assessed levels.
pub fn member(view: &MemberView, catalog: &Catalog, who: &Who) -> Reply {
    let role = view.role.as_deref().map_or_else(
        || "no role yet — /role set".to_string(),
        |id| {
            catalog
                .role(id)
                .map_or_else(|_| id.to_string(), |r| r.name.clone())
        },
    );
    let lines: Vec<String> = view
        .levels
        .iter()
        .map(|l| {
            let name = Level::try_from(l.level).map_or("?", Level::name);
            let by = if l.source == "self" {
                ""
            } else {
                " · set by a manager"
            };
            format!("**{}** — {} {name}{by}", l.name, l.level)
        })
        .collect();
    let description = if lines.is_empty() {
        "No levels yet. Add one with `/skills set` (or `/learned` when you pick up a skill)."
            .to_string()
    } else {
        join_lines(&lines, limits::EMBED_DESCRIPTION - 100)
    };
    let mut embed = Embed::new()
        .title(format!("Skills of {}", who.object()))
        .description(description)
        .field("Role", role, true)
        .field("Assessed skills", lines.len().to_string(), true)
        .colour(colour::NEXT);
    let recent: Vec<String> = view
        .recent_progress
        .iter()
        .rev()
        .take(5)
        .map(|p| {
            let from = p
                .from_level
                .map_or("not assessed".to_string(), |l| l.to_string());
            let name = catalog
                .skill(&p.skill)
                .map_or(p.skill.as_str(), |s| s.name.as_str());
            format!(
                "{} {name}: {from} → {}",
                p.at.format("%Y-%m-%d"),
                p.to_level
            )
        })
        .collect();
    if !recent.is_empty() {
        embed = embed.field(
            "Recent changes",
            join_lines(&recent, limits::FIELD_VALUE),
            false,
        );
    }
    Reply::embed(embed.fit_total()).ephemeral()
}

/// What `/skills set` or `/learned` did, in one line.
pub fn level_set(view: &LevelSetView, who: &Who) -> Reply {
    let level = Level::try_from(view.to_level).map_or("?", Level::name);
    let text = if !view.changed {
        format!(
            "{} already at level {} ({level}) in {} — nothing changed.",
            who.is(),
            view.to_level,
            view.skill_name
        )
    } else {
        let from = view
            .from_level
            .map_or("not assessed".to_string(), |l| l.to_string());
        let mut text = format!(
            "{} for {}: {from} → **{}** ({level}).",
            view.skill_name,
            who.object(),
            view.to_level
        );
        if view.audited {
            text.push_str(" Recorded as your assessment in the audit log.");
        }
        text
    };
    Reply::text(text).ephemeral()
}

/// What `/role set` did.
pub fn role_set(view: &MemberView, catalog: &Catalog, who: &Who) -> Reply {
    let role = view
        .role
        .as_deref()
        .and_then(|id| catalog.role(id).ok())
        .map_or("no role", |r| r.name.as_str());
    Reply::text(format!(
        "{} now {role}. `/next` shows what to learn next for it.",
        who.is()
    ))
    .ephemeral()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(from: Option<u8>, to: u8, changed: bool, audited: bool) -> LevelSetView {
        LevelSetView {
            guild: crate::service::ids::DiscordId::new(1).unwrap(),
            user_id: crate::service::ids::DiscordId::new(2).unwrap(),
            skill: "docker".into(),
            skill_name: "Docker".into(),
            from_level: from,
            to_level: to,
            changed,
            member_created: false,
            guild_created: false,
            source: "self",
            audited,
        }
    }

    #[test]
    fn level_changes_read_as_sentences() {
        let text = level_set(&set(None, 2, true, false), &Who::me()).all_text();
        assert_eq!(text, "Docker for you: not assessed → **2** (beginner).");
        let text = level_set(&set(Some(2), 3, true, true), &Who::member("Ana")).all_text();
        assert!(
            text.contains("2 → **3** (working)") && text.contains("audit log"),
            "{text}"
        );
        let text = level_set(&set(Some(3), 3, false, false), &Who::me()).all_text();
        assert!(
            text.starts_with("You are already at level 3") && text.contains("nothing changed"),
            "{text}"
        );
    }
}
