//! The weekly digest as a Discord message (one embed and the skills-matrix
//! picture), the same content as plain text for `digest preview`, and the
//! personal DM nudge.
//!
//! Every digest carries a marker in its footer ([`marker`]) so that a
//! replica recovering from a crash can find a digest that was posted but
//! not recorded, instead of posting it twice.

use chrono::{DateTime, Utc};

use super::{
    Button, ButtonStyle, Embed, Reply, Row, colour, join_lines, limits, mention, months, plural,
    truncate,
};
use crate::service::digest::{DigestView, Person};

/// Gaps listed.
const TOP_GAPS: usize = 5;

/// The footer marker of the digest scheduled at `scheduled_at`.
pub fn marker(scheduled_at: DateTime<Utc>) -> String {
    format!("skillbot digest {}", scheduled_at.format("%Y-%m-%dT%H:%MZ"))
}

fn name(person: &Person) -> String {
    person
        .name
        .clone()
        .unwrap_or_else(|| mention(person.user_id))
}

/// The sections of a digest as (title, lines), shared by the embed and the
/// text rendering.
fn sections(view: &DigestView) -> Vec<(&'static str, Vec<String>)> {
    let mut out = Vec::new();
    let learned: Vec<String> = view
        .learned
        .iter()
        .map(|l| {
            format!(
                "**{}** — {} {} → {}",
                name(&l.member),
                l.skill_name,
                l.from_level,
                l.to_level
            )
        })
        .collect();
    out.push((
        "Learned this week",
        if learned.is_empty() {
            vec!["No level-ups recorded this week. `/learned SKILL` records one.".to_string()]
        } else {
            learned
        },
    ));
    if !view.started.is_empty() {
        out.push((
            "Started learning",
            view.started
                .iter()
                .map(|s| format!("{} — {}", name(&s.member), s.skill_name))
                .collect(),
        ));
    }
    let gaps: Vec<String> = view
        .team
        .gaps
        .iter()
        .take(TOP_GAPS)
        .map(|g| {
            format!(
                "**{}** — {} below their role's target, {}",
                g.name,
                plural(g.members_below_target, "member", "members"),
                plural(g.holders, "holder", "holders")
            )
        })
        .collect();
    if !gaps.is_empty() {
        out.push(("Biggest gaps", gaps));
    }
    if !view.team.not_assessed.is_empty() {
        let names: Vec<&str> = view
            .team
            .not_assessed
            .iter()
            .map(|n| n.name.as_str())
            .collect();
        out.push((
            "Not assessed yet",
            vec![format!(
                "{} — set your level with `/skills set`",
                truncate(&names.join(", "), 800)
            )],
        ));
    }
    let single: Vec<String> = view
        .team
        .bus_factor
        .iter()
        .map(|b| {
            let holder = b
                .holder_name
                .clone()
                .unwrap_or_else(|| mention(&b.holder_id));
            format!("**{}** — only {holder}", b.name)
        })
        .collect();
    if !single.is_empty() {
        out.push(("Only one person holds", single));
    }
    let next: Vec<String> = view
        .next_steps
        .iter()
        .map(|s| {
            let mentor = s
                .mentor
                .as_ref()
                .map_or(String::new(), |m| format!(" · ask {}", mention(m.user_id)));
            format!(
                "{} → {} ({}){mentor}",
                mention(s.member.user_id),
                s.skill_name,
                months(s.estimate_months)
            )
        })
        .collect();
    if !next.is_empty() {
        out.push(("Next steps", next));
    }
    let pairs: Vec<String> = view
        .pairs
        .iter()
        .map(|p| {
            format!(
                "{} ↔ {} on {}",
                name(&p.holder),
                name(&p.learner),
                p.skill_name
            )
        })
        .collect();
    if !pairs.is_empty() {
        out.push(("Pairs this week", pairs));
    }
    out
}

fn headline(view: &DigestView) -> String {
    format!(
        "{} · {} this week · {} started",
        plural(view.team.members, "member", "members"),
        plural(view.learned.len(), "level-up", "level-ups"),
        view.started.len()
    )
}

fn title(view: &DigestView) -> String {
    format!(
        "Weekly learning digest · {} – {}",
        view.since.format("%b %-d"),
        view.until.format("%b %-d")
    )
}

/// The channel digest: one embed within Discord's limits for any team
/// size, with the skills matrix attached (split into several pictures for
/// tall teams).
pub fn digest(view: &DigestView, scheduled_at: DateTime<Utc>) -> anyhow::Result<Reply> {
    let mut embed = Embed::new()
        .title(title(view))
        .description(headline(view))
        .colour(colour::TEAM)
        .footer(marker(scheduled_at));
    for (section, lines) in sections(view) {
        embed = embed.field(section, join_lines(&lines, limits::FIELD_VALUE), false);
    }
    super::team::with_matrix(embed, &view.team)
}

/// The digest as terminal text (`skillbot digest preview`).
pub fn digest_text(view: &DigestView) -> String {
    let mut out = format!("{}\n{}\n", title(view), headline(view));
    for (section, lines) in sections(view) {
        out.push_str(&format!("\n{section}\n"));
        for line in lines {
            out.push_str("  ");
            out.push_str(&line.replace("**", ""));
            out.push('\n');
        }
    }
    out
}

/// A DM nudge: the member's next step, a short excerpt of the material on
/// it, and a button to record that they started.
pub struct Nudge<'a> {
    pub guild_name: &'a str,
    pub guild: u64,
    pub user: u64,
    pub skill: &'a str,
    pub skill_name: &'a str,
    pub estimate_months: [f32; 2],
    pub excerpt: Option<&'a str>,
    pub mentor: Option<u64>,
}

/// The custom id of a nudge's "Start learning" button (a DM has no guild,
/// so the id carries it).
pub fn nudge_start_id(guild: u64, user: u64, skill: &str) -> String {
    format!("nudge:start:{guild}:{user}:{skill}")
}

/// Parses [`nudge_start_id`]: (guild, user, skill).
pub fn parse_nudge_start(id: &str) -> Option<(u64, u64, String)> {
    let mut parts = id.strip_prefix("nudge:start:")?.splitn(3, ':');
    let guild = parts.next()?.parse().ok()?;
    let user = parts.next()?.parse().ok()?;
    let skill = parts.next()?.to_string();
    (!skill.is_empty()).then_some((guild, user, skill))
}

pub fn nudge(n: &Nudge<'_>) -> Reply {
    let mut text = format!(
        "Your next step this week: **{}** ({}).",
        n.skill_name,
        months(n.estimate_months)
    );
    if let Some(mentor) = n.mentor {
        text.push_str(&format!(
            " {} knows it well and could help.",
            mention(mentor)
        ));
    }
    let mut embed = Embed::new()
        .title(format!("Weekly nudge from {}", n.guild_name))
        .description(text)
        .colour(colour::NEXT)
        .footer("You get this because you chose /nudges on. /nudges off stops it.");
    if let Some(excerpt) = n.excerpt {
        embed = embed.field("From the handbook", truncate(excerpt, 600), false);
    }
    let id = nudge_start_id(n.guild, n.user, n.skill);
    let mut reply = Reply::embed(embed);
    if id.len() <= limits::CUSTOM_ID {
        reply = reply.with_row(Row::Buttons(vec![Button::new(
            id,
            &format!("Start {}", n.skill_name),
            ButtonStyle::Success,
        )]));
    }
    reply
}

/// What `/digest …` replies: the settings, the next three runs in the
/// server's zone, and why the bot switched the digest off, if it did.
pub fn settings(view: &crate::service::digest_settings::DigestSettingsView) -> Reply {
    use crate::service::digest_settings::DigestStatus;
    let mut lines = Vec::new();
    if let Some(reason) = &view.disabled_reason {
        lines.push(format!("⚠️ The bot switched the digest off: {reason}"));
    }
    lines.push(match (view.status, view.channel) {
        (DigestStatus::On, Some(channel)) => format!("The weekly digest is **on**, posted in <#{channel}>."),
        (DigestStatus::Off, Some(channel)) => format!(
            "The weekly digest is **off** (channel <#{channel}> kept; `/digest channel` switches it on)."
        ),
        _ => "No digest channel yet: `/digest channel` picks one and switches the digest on."
            .to_string(),
    });
    lines.push(format!(
        "Schedule `{}` in **{}**; a digest missed while the bot was down is posted up to {} late.",
        view.cron,
        view.timezone,
        plural((view.grace_minutes / 60) as usize, "hour", "hours")
    ));
    let label = if view.status == DigestStatus::On {
        "Next runs"
    } else {
        "Next runs once it is on"
    };
    lines.push(format!("{label}:"));
    for run in &view.next {
        lines.push(format!("• {run}"));
    }
    Reply::text(join_lines(&lines, limits::CONTENT)).ephemeral()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nudge_ids_round_trip() {
        let id = nudge_start_id(8, 9, "spring-boot");
        assert_eq!(parse_nudge_start(&id), Some((8, 9, "spring-boot".into())));
        assert_eq!(parse_nudge_start("nudge:start:8:x:sql"), None);
        assert_eq!(parse_nudge_start("nudge:start:8:9:"), None);
    }

    #[test]
    fn markers_name_the_scheduled_minute() {
        let at = DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(marker(at), "skillbot digest 2026-12-07T08:00Z");
    }
}
