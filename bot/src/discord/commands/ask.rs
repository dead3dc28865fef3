//! `/ask question`: an answer from the team's material, with its source.

use std::time::Instant;

use poise::serenity_prelude as serenity;

use super::{send, tell_user};
use crate::discord::{ASK_PER_MINUTE, Context, Data, Error};
use crate::health::ASK_LATENCY;
use crate::render::{self, Reply};
use crate::service;
use crate::service::ids::DiscordId;

/// Passages fetched per question: the answer plus "More results".
const PASSAGES: usize = 6;

/// Ask a skill question; answered from the team's material, with its source
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question, e.g. how do I store passwords safely?"]
    #[max_length = 250]
    question: String,
) -> Result<(), Error> {
    if let Err(wait) = ctx
        .data()
        .ask_limiter
        .check(ctx.author().id.get(), Instant::now())
    {
        return tell_user(
            ctx,
            &format!(
                "That's {ASK_PER_MINUTE} questions in a minute — the limit, to keep things calm. \
                 Try again in {} s.",
                wait.as_secs().max(1)
            ),
        )
        .await;
    }
    // A member's role personalises comparisons ("for your role, Python is
    // core and Java is not"); in DMs, or for someone unknown, there is none.
    let role = match ctx.guild_id() {
        Some(guild) => role_of(ctx.data(), guild.get(), ctx.author().id.get()).await,
        None => None,
    };
    let reply = answer(ctx.data(), question, role).await?;
    send(ctx, reply).await
}

/// Searches on a blocking thread (long indexes take a few milliseconds)
/// and renders the answer.
pub(crate) async fn answer(
    data: &Data,
    question: String,
    role: Option<String>,
) -> Result<Reply, Error> {
    let view = search(data, question, PASSAGES, role).await?;
    Ok(render::ask::answer(&view, data.app.catalog()))
}

/// The stored role of a member, if any (a database hiccup only loses the
/// personal line, never the answer).
async fn role_of(data: &Data, guild: u64, user: u64) -> Option<String> {
    let (guild, user) = (DiscordId::new(guild)?, DiscordId::new(user)?);
    match service::members::show_member(&data.app, guild, user).await {
        Ok(member) => member.role.filter(|r| data.app.catalog().role(r).is_ok()),
        Err(_) => None,
    }
}

pub(crate) async fn search(
    data: &Data,
    question: String,
    limit: usize,
    role: Option<String>,
) -> Result<service::ask::AskView, Error> {
    let index = data.index.clone();
    let app = data.app.clone();
    let started = Instant::now();
    let view = tokio::task::spawn_blocking(move || {
        service::ask::ask_for(&index, app.catalog(), &question, limit, role.as_deref())
    })
    .await??;
    metrics::histogram!(ASK_LATENCY).record(started.elapsed().as_secs_f64());
    Ok(view)
}

/// "More results" under an answer: the question is read back from the
/// answer's embed.
pub(crate) async fn more_results(data: &Data, message: &serenity::Message) -> Result<Reply, Error> {
    let title = message.embeds.first().and_then(|e| e.title.as_deref());
    let Some(question) = render::ask::question_of(title) else {
        crate::bail_user!("I can't tell which question that was: ask it again with /ask.");
    };
    let view = search(data, question, PASSAGES, None).await?;
    Ok(render::ask::more_results(&view))
}
