//! `/ask`: the answer, the highlighted snippet, source › section, the skill;
//! "More results" lists the other passages.

use skillbot_recommender::Catalog;

use super::{Button, ButtonStyle, Embed, Reply, Row, colour, join_lines, limits, truncate};
use crate::service::ask::AskView;
use crate::service::compare::{self, ComparisonView};

/// Button ids. The question travels in the embed's title, so the buttons
/// work after a restart and on any replica.
pub const MORE_RESULTS: &str = "ask:more";
pub const LEARN_NEXT: &str = "ask:next";

/// Longest question `/ask` takes: it must fit the embed title the buttons
/// read it back from.
pub const MAX_QUESTION_CHARS: usize = 250;

/// What the CLI says too when nothing is relevant enough.
pub const NO_MATERIAL: &str = "I don't have material on that yet.";

/// The reply to `/ask`.
pub fn answer(view: &AskView, catalog: &Catalog) -> Reply {
    let mut embed = Embed::new().title(&view.question);
    let mut buttons = Vec::new();
    match &view.answer {
        Some(answer) => {
            let mut text = answer.text.trim().to_string();
            if let Some(top) = view.passages.first() {
                let snippet = top.snippet.trim();
                // The snippet adds the highlighted context unless it only
                // repeats the answer.
                if !snippet.is_empty() && plain(snippet) != plain(&text) {
                    text.push_str("\n\n");
                    text.push_str(&quote(snippet));
                }
            }
            if let Some(code) = &answer.code {
                text.push_str("\n\n");
                text.push_str(&code_block(code, 1_500));
            }
            let source = if answer.title.is_empty() || answer.title == answer.section {
                format!("{} › {}", answer.source, answer.section)
            } else {
                format!("{} › {} ({})", answer.title, answer.section, answer.source)
            };
            embed = embed
                .description(text)
                .colour(colour::ANSWER)
                .field("Source", source, false);
            let skills: Vec<String> = answer
                .skills
                .iter()
                .filter_map(|id| catalog.skill(id).ok())
                .map(|s| format!("{} (`{}`)", s.name, s.id))
                .collect();
            if !skills.is_empty() {
                embed = embed.field("Skill", skills.join(", "), true);
            }
            if let Some(comparison) = &view.comparison {
                embed = side_by_side(embed, comparison);
            }
            if view.passages.len() > 1 {
                buttons.push(Button::new(
                    MORE_RESULTS,
                    "More results",
                    ButtonStyle::Secondary,
                ));
            }
        }
        None => {
            let mut text = NO_MATERIAL.to_string();
            if !view.passages.is_empty() {
                text.push_str("\n\nThe closest passages, in case they help:\n");
                let lines: Vec<String> = view
                    .passages
                    .iter()
                    .map(|p| format!("· {} › {}", p.title, p.section))
                    .collect();
                text.push_str(&join_lines(&lines, 1_000));
            }
            embed = embed.description(text).colour(colour::NO_ANSWER);
        }
    }
    buttons.push(Button::new(
        LEARN_NEXT,
        "What should I learn next?",
        ButtonStyle::Primary,
    ));
    Reply::embed(embed.fit_total()).with_row(Row::Buttons(buttons))
}

/// A comparison's sides as fields next to each other, then how they differ,
/// which to learn first, and what the asker's role needs.
fn side_by_side(mut embed: Embed, view: &ComparisonView) -> Embed {
    for (i, side) in view.sides.iter().enumerate().take(3) {
        embed = embed.field(&side.name, compare::render_side_of(view, i), true);
    }
    let mut notes = Vec::new();
    if let Some(message) = &view.message {
        notes.push(message.clone());
    }
    notes.extend(view.differences.iter().map(|d| format!("· {d}")));
    if let Some(first) = &view.which_first {
        notes.push(format!("**Which first?** {first}"));
    }
    if let Some(line) = &view.for_role {
        notes.push(line.clone());
    }
    if !notes.is_empty() {
        embed = embed.field(
            "How they differ",
            join_lines(&notes, limits::FIELD_VALUE),
            false,
        );
    }
    embed
}

/// The reply to "More results": every passage after the first, with its
/// snippet.
pub fn more_results(view: &AskView) -> Reply {
    let mut embed = Embed::new()
        .title(format!("More on: {}", view.question))
        .colour(colour::ANSWER);
    for passage in view.passages.iter().skip(1) {
        embed = embed.field(
            format!("{} › {}", passage.title, passage.section),
            format!("{}\n— {}", quote(&passage.snippet), passage.source),
            false,
        );
    }
    if embed.fields.is_empty() {
        embed = embed.description("Nothing more on that in the material.");
    }
    Reply::embed(embed.fit_total()).ephemeral()
}

/// The question a `/ask` reply was about, read back from its embed title.
pub fn question_of(embed_title: Option<&str>) -> Option<String> {
    let title = embed_title?.trim();
    (!title.is_empty() && title.chars().count() <= limits::EMBED_TITLE).then(|| title.to_string())
}

/// A Markdown block quote of `text`, one `> ` per line.
fn quote(text: &str) -> String {
    truncate(text.trim(), limits::FIELD_VALUE - 50)
        .lines()
        .map(|l| format!("> {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Markdown code block of at most `max` characters: whole lines, the
/// fence always closed, backticks in the code unable to end it early.
pub fn code_block(code: &str, max: usize) -> String {
    let code = code.replace("```", "`\u{200b}``");
    let lines: Vec<String> = code.lines().map(str::to_string).collect();
    let body = join_lines(&lines, max.saturating_sub(8));
    format!("```\n{body}\n```")
}

/// Text without Markdown emphasis or spacing, to compare two texts.
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::ask::{AnswerView, PassageView};

    fn passage(i: usize) -> PassageView {
        PassageView {
            source: format!("handbook/p{i}.md"),
            title: format!("Page {i}"),
            section: "Learning time".into(),
            skills: vec!["docker".into()],
            score: 1.0,
            text: "Docker takes about 2–3 months to learn.".into(),
            snippet: "Docker takes about **2–3 months** to learn.".into(),
            language: "eng".into(),
        }
    }

    fn view(answer: bool, passages: usize) -> AskView {
        AskView {
            question: "how long does it take to learn docker?".into(),
            answer: answer.then(|| AnswerView {
                text: "Docker takes about 2–3 months to learn, from first containers to CI/CD."
                    .into(),
                source: "handbook/docker.md".into(),
                section: "Learning time".into(),
                skills: vec!["docker".into()],
                title: "Docker (containers)".into(),
                code: None,
            }),
            passages: (0..passages).map(passage).collect(),
            comparison: None,
        }
    }

    #[test]
    fn an_answer_cites_source_section_and_skill_with_both_buttons() {
        let reply = answer(&view(true, 3), Catalog::builtin());
        let embed = &reply.embeds[0];
        assert_eq!(
            embed.title.as_deref(),
            Some("how long does it take to learn docker?")
        );
        let text = embed.description.as_deref().unwrap();
        assert!(text.starts_with("Docker takes about 2–3 months"), "{text}");
        assert!(
            text.contains("> Docker takes about **2–3 months**"),
            "{text}"
        );
        assert_eq!(
            embed.fields[0].value,
            "Docker (containers) › Learning time (handbook/docker.md)"
        );
        assert_eq!(embed.fields[1].value, "Docker (`docker`)");
        let Row::Buttons(buttons) = &reply.rows[0] else {
            panic!()
        };
        let ids: Vec<&str> = buttons.iter().map(|b| b.custom_id.as_str()).collect();
        assert_eq!(ids, [MORE_RESULTS, LEARN_NEXT]);
        assert!(!reply.ephemeral);
    }

    #[test]
    fn no_answer_says_so_and_offers_no_more_results() {
        let reply = answer(&view(false, 2), Catalog::builtin());
        let text = reply.embeds[0].description.as_deref().unwrap();
        assert!(text.starts_with(NO_MATERIAL), "{text}");
        assert!(text.contains("Page 0 › Learning time"));
        let Row::Buttons(buttons) = &reply.rows[0] else {
            panic!()
        };
        assert_eq!(buttons.len(), 1);
        assert_eq!(buttons[0].custom_id, LEARN_NEXT);
    }

    #[test]
    fn huge_passages_still_fit_discords_limits() {
        let mut v = view(true, 20);
        v.answer.as_mut().unwrap().text = "word ".repeat(3_000);
        for p in &mut v.passages {
            p.snippet = "snippet ".repeat(500);
            p.title = "T".repeat(400);
        }
        let reply = answer(&v, Catalog::builtin());
        assert!(reply.embeds[0].len() <= limits::EMBED_TOTAL);
        assert!(
            reply.embeds[0]
                .description
                .as_ref()
                .unwrap()
                .chars()
                .count()
                <= limits::EMBED_DESCRIPTION
        );
        let more = more_results(&v);
        assert!(more.ephemeral);
        assert!(more.embeds[0].len() <= limits::EMBED_TOTAL);
        assert!(more.embeds[0].fields.len() <= limits::FIELDS);
    }

    #[test]
    fn code_blocks_stay_closed_and_short() {
        let code = (0..200)
            .map(|i| format!("let x{i} = {i};"))
            .collect::<Vec<_>>()
            .join("\n");
        let block = code_block(&code, 300);
        assert!(
            block.starts_with("```\n") && block.ends_with("\n```"),
            "{block}"
        );
        assert!(block.chars().count() <= 300);
        assert!(block.contains("more"));
        let sneaky = code_block("a ``` b", 100);
        assert_eq!(sneaky.matches("```").count(), 2, "{sneaky}");
    }

    #[test]
    fn the_question_is_read_back_from_the_title() {
        assert_eq!(
            question_of(Some(" what is k8s ")).as_deref(),
            Some("what is k8s")
        );
        assert_eq!(question_of(Some("")), None);
        assert_eq!(question_of(None), None);
    }
}
