//! Plain [`Reply`] values into serenity's and poise's message builders.

use poise::serenity_prelude as serenity;

use crate::render::{Attachment, ButtonStyle, Embed, Reply, Row};

fn embed(e: &Embed) -> serenity::CreateEmbed {
    let mut out = serenity::CreateEmbed::new();
    if let Some(title) = &e.title {
        out = out.title(title);
    }
    if let Some(description) = &e.description {
        out = out.description(description);
    }
    if let Some(colour) = e.colour {
        out = out.colour(colour);
    }
    if let Some(footer) = &e.footer {
        out = out.footer(serenity::CreateEmbedFooter::new(footer));
    }
    if let Some(image) = &e.image {
        out = out.image(image);
    }
    out.fields(
        e.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone(), f.inline)),
    )
}

fn rows(rows: &[Row]) -> Vec<serenity::CreateActionRow> {
    rows.iter()
        .map(|row| match row {
            Row::Buttons(buttons) => serenity::CreateActionRow::Buttons(
                buttons
                    .iter()
                    .map(|b| {
                        serenity::CreateButton::new(&b.custom_id)
                            .label(&b.label)
                            .style(match b.style {
                                ButtonStyle::Primary => serenity::ButtonStyle::Primary,
                                ButtonStyle::Secondary => serenity::ButtonStyle::Secondary,
                                ButtonStyle::Success => serenity::ButtonStyle::Success,
                                ButtonStyle::Danger => serenity::ButtonStyle::Danger,
                            })
                    })
                    .collect(),
            ),
            Row::Select(select) => serenity::CreateActionRow::SelectMenu(
                serenity::CreateSelectMenu::new(
                    &select.custom_id,
                    serenity::CreateSelectMenuKind::String {
                        options: select
                            .options
                            .iter()
                            .map(|o| {
                                let option =
                                    serenity::CreateSelectMenuOption::new(&o.label, &o.value);
                                match &o.description {
                                    Some(d) => option.description(d),
                                    None => option,
                                }
                            })
                            .collect(),
                    },
                )
                .placeholder(&select.placeholder),
            ),
        })
        .collect()
}

fn attachment(a: &Attachment) -> serenity::CreateAttachment {
    serenity::CreateAttachment::bytes(a.bytes.clone(), a.filename.clone())
}

/// A reply to a slash command through poise.
pub fn to_poise(reply: Reply) -> poise::CreateReply {
    let mut out = poise::CreateReply::default()
        .ephemeral(reply.ephemeral)
        .components(rows(&reply.rows));
    if let Some(content) = &reply.content {
        out = out.content(content);
    }
    for e in &reply.embeds {
        out = out.embed(embed(e));
    }
    for a in &reply.attachments {
        out = out.attachment(attachment(a));
    }
    out
}

/// A response to a button or select menu.
pub fn to_interaction(reply: Reply) -> serenity::CreateInteractionResponseMessage {
    let mut out = serenity::CreateInteractionResponseMessage::new()
        .ephemeral(reply.ephemeral)
        .components(rows(&reply.rows))
        .embeds(reply.embeds.iter().map(embed).collect());
    if let Some(content) = &reply.content {
        out = out.content(content);
    }
    out.files(reply.attachments.iter().map(attachment))
}

/// A follow-up after a deferred button or select menu.
pub fn to_followup(reply: Reply) -> serenity::CreateInteractionResponseFollowup {
    let mut out = serenity::CreateInteractionResponseFollowup::new()
        .ephemeral(reply.ephemeral)
        .components(rows(&reply.rows))
        .embeds(reply.embeds.iter().map(embed).collect());
    if let Some(content) = &reply.content {
        out = out.content(content);
    }
    out.files(reply.attachments.iter().map(attachment))
}

/// A message posted to a channel or DM (digests, nudges).
pub fn to_message(reply: Reply) -> serenity::CreateMessage {
    let mut out = serenity::CreateMessage::new()
        .components(rows(&reply.rows))
        .embeds(reply.embeds.iter().map(embed).collect());
    if let Some(content) = &reply.content {
        out = out.content(content);
    }
    out.files(reply.attachments.iter().map(attachment))
}
