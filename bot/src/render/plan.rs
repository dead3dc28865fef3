//! `/plan`: the ordered path to the role's targets with cumulative
//! estimates, the pace it assumes and its milestones. A long plan is
//! summarised in the embed and attached in full as a text file.

use skillbot_recommender::Catalog;

use super::{Attachment, Embed, Reply, Who, colour, join_lines, limits, months};
use crate::service::catalog::PlanView;

/// Steps listed in the embed before the rest go to the attached file.
const SHOWN_STEPS: usize = 12;

fn step_line(i: usize, step: &crate::service::catalog::PlanStepView) -> String {
    let alongside = if step.alongside { " · alongside" } else { "" };
    format!(
        "{}. {} {} → {} · {} · done by {}{alongside}",
        i + 1,
        step.name,
        step.from_level,
        step.to_level,
        months(step.estimate_months),
        months(step.cumulative_months).trim_start_matches('~')
    )
}

/// The reply to `/plan`.
pub fn plan(view: &PlanView, catalog: &Catalog, who: &Who) -> Reply {
    let role = catalog
        .role(&view.role)
        .map_or_else(|_| view.role.clone(), |r| r.name.clone());
    let mut embed = Embed::new()
        .title(format!("Learning plan for {} — {role}", who.object()))
        .colour(colour::NEXT);
    if view.steps.is_empty() {
        embed = embed.description(format!(
            "Nothing left: every target of {role} is met. Pick a more senior role with /role set."
        ));
        return Reply::embed(embed).ephemeral();
    }
    let milestones: Vec<String> = view
        .milestones
        .iter()
        .map(|m| format!("**{}**: {}", m.label, months(m.months)))
        .collect();
    embed = embed.description(format!(
        "{}\n\n{}",
        milestones.join("\n"),
        view.pace.assumption
    ));
    let lines: Vec<String> = view
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| step_line(i, s))
        .collect();
    let shown = &lines[..lines.len().min(SHOWN_STEPS)];
    let mut text = join_lines(shown, limits::FIELD_VALUE);
    if lines.len() > shown.len() {
        text = join_lines(
            &[
                text,
                format!(
                    "… and {} more steps in the attached plan",
                    lines.len() - shown.len()
                ),
            ],
            limits::FIELD_VALUE,
        );
    }
    embed = embed.field("Steps, in learning order", text, false);
    if let Some(first) = view.steps.first() {
        embed = embed.field(
            format!("Start with {}", first.name),
            join_lines(
                &first
                    .reasons
                    .iter()
                    .map(|r| format!("· {r}"))
                    .collect::<Vec<_>>(),
                limits::FIELD_VALUE,
            ),
            false,
        );
    }
    let mut reply = Reply::default();
    if lines.len() > SHOWN_STEPS {
        let mut file = format!("Learning plan for {} — {role}\n\n", who.object());
        for m in &milestones {
            file.push_str(&m.replace("**", ""));
            file.push('\n');
        }
        file.push('\n');
        file.push_str(&view.pace.assumption);
        file.push_str("\n\n");
        for (line, step) in lines.iter().zip(&view.steps) {
            file.push_str(line);
            file.push('\n');
            for reason in &step.reasons {
                file.push_str(&format!("     · {reason}\n"));
            }
        }
        reply = reply.with_attachment(Attachment {
            filename: "learning-plan.txt".into(),
            bytes: file.into_bytes(),
        });
    }
    reply.embeds.push(embed.fit_total());
    reply.ephemeral()
}
