//! `/team`: coverage, the top gaps, skills only one person holds, and the
//! skills-matrix picture attached.

use super::heatmap::{self, Matrix};
use super::{Attachment, Embed, Reply, colour, join_lines, limits, mention, plural};
use crate::service::report::TeamView;

/// Gaps listed in the embed.
const TOP_GAPS: usize = 8;

/// The reply to `/team`, with the matrix picture(s) attached.
pub fn team(view: &TeamView) -> anyhow::Result<Reply> {
    let held = view.coverage.iter().filter(|c| c.holders > 0).count();
    let mut embed = Embed::new()
        .title("Where the team stands")
        .colour(colour::TEAM)
        .description(format!(
            "{} · {} of {} tracked skills held at working level (3) or above by someone.",
            plural(view.members, "member", "members"),
            held,
            view.coverage.len()
        ));
    let gaps: Vec<String> = view
        .gaps
        .iter()
        .take(TOP_GAPS)
        .map(|g| {
            format!(
                "**{}** — {} below target (gap {}), {}",
                g.name,
                plural(g.members_below_target, "member", "members"),
                g.total_gap,
                plural(g.holders, "holder", "holders")
            )
        })
        .collect();
    embed = embed.field(
        "Biggest gaps",
        if gaps.is_empty() {
            "None: everyone meets their role's targets (or has no role yet).".to_string()
        } else {
            join_lines(&gaps, limits::FIELD_VALUE)
        },
        false,
    );
    let single: Vec<String> = view
        .bus_factor
        .iter()
        .map(|b| {
            let who = b
                .holder_name
                .clone()
                .unwrap_or_else(|| mention(&b.holder_id));
            format!("**{}** — only {who}", b.name)
        })
        .collect();
    if !single.is_empty() {
        embed = embed.field(
            "Only one person holds",
            join_lines(&single, limits::FIELD_VALUE),
            false,
        );
    }
    with_matrix(embed, view)
}

/// A reply of `embed` with the team's skills-matrix picture attached (and
/// shown in the embed); a tall team's pictures are attached one per page.
pub fn with_matrix(mut embed: Embed, view: &TeamView) -> anyhow::Result<Reply> {
    let name_of = |id: &str| {
        view.coverage
            .iter()
            .find(|c| c.skill == id)
            .map_or_else(|| id.to_string(), |c| c.name.clone())
    };
    let matrix = Matrix {
        skills: view.matrix.skills.iter().map(|id| name_of(id)).collect(),
        rows: view
            .matrix
            .rows
            .iter()
            .map(|row| {
                let name = row.name.clone().unwrap_or_else(|| row.user_id.clone());
                (name, row.levels.clone())
            })
            .collect(),
    };
    let pictures = heatmap::pictures(&matrix)?;
    let mut reply = Reply::default();
    match pictures.len() {
        0 => {}
        1 => embed = embed.image("skills-matrix.png"),
        n => {
            let before = embed
                .footer
                .clone()
                .map_or(String::new(), |f| format!("{f} · "));
            embed = embed.image("skills-matrix.png").footer(format!(
                "{before}The skills matrix is split into {n} pictures of up to {} members.",
                heatmap::ROWS_PER_PAGE
            ))
        }
    }
    // Discord takes at most 10 files a message.
    for (i, png) in pictures.into_iter().enumerate().take(10) {
        let filename = if i == 0 {
            "skills-matrix.png".to_string()
        } else {
            format!("skills-matrix-{}.png", i + 1)
        };
        reply = reply.with_attachment(Attachment {
            filename,
            bytes: png,
        });
    }
    reply.embeds.push(embed.fit_total());
    Ok(reply)
}
