//! The slash commands (names and options are the contract of DESIGN.md)
//! and what they share: who is asking, whom a command is about, replying.

use poise::serenity_prelude as serenity;

use super::{Context, Data, Error, reply};
use crate::UserError;
use crate::render::{Reply, Who, truncate};
use crate::service::ids::DiscordId;
use crate::service::learning;

pub mod ask;
mod data;
mod digest;
pub mod next;
pub(crate) mod privacy;
mod skills;
mod team;

/// Every command, in the order Discord lists them.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    vec![
        ask::ask(),
        next::next(),
        next::plan(),
        skills::skills(),
        skills::learned(),
        skills::role(),
        team::team(),
        digest::digest(),
        digest::nudges(),
        digest::mentor(),
        privacy::privacy(),
        data::import(),
        data::export(),
    ]
}

/// The person running a command, in a server.
pub(crate) struct Caller {
    pub guild: DiscordId,
    pub user: DiscordId,
    pub name: String,
    /// Has Manage Server (or Administrator) here.
    pub can_manage: bool,
}

/// A Discord id from serenity's (always in range: Discord ids are
/// positive and below 2⁶³).
pub(crate) fn id(raw: u64) -> Result<DiscordId, Error> {
    DiscordId::new(raw).ok_or_else(|| anyhow::anyhow!("Discord sent an id out of range: {raw}"))
}

/// The name Discord shows for a user.
pub(crate) fn user_name(user: &serenity::User) -> String {
    user.global_name
        .clone()
        .unwrap_or_else(|| user.name.clone())
}

/// Whether permissions include managing the server.
pub(crate) fn can_manage(permissions: Option<serenity::Permissions>) -> bool {
    permissions.is_some_and(|p| p.manage_guild() || p.administrator())
}

/// Who is running the command, in which server. With `remember`, a member
/// unknown to the store is created on first use (and their name kept
/// current).
pub(crate) async fn caller(ctx: Context<'_>, remember: bool) -> Result<Caller, Error> {
    let guild = ctx
        .guild_id()
        .ok_or_else(|| UserError::new("This works inside a server, not in DMs."))?;
    let member = ctx.author_member().await;
    let name = member
        .as_ref()
        .map_or_else(|| user_name(ctx.author()), |m| m.display_name().to_string());
    let caller = Caller {
        guild: id(guild.get())?,
        user: id(ctx.author().id.get())?,
        can_manage: can_manage(member.as_ref().and_then(|m| m.permissions)),
        name,
    };
    if remember {
        learning::touch_member(
            &ctx.data().app,
            caller.guild,
            caller.user,
            Some(&caller.name),
        )
        .await?;
    }
    Ok(caller)
}

/// The member a command is about: the caller, or `member` when given,
/// which needs Manage Server unless it is the caller. The member is created
/// on first use.
pub(crate) async fn subject(
    ctx: Context<'_>,
    caller: &Caller,
    member: Option<&serenity::User>,
    what: &str,
) -> Result<(DiscordId, Who), Error> {
    let Some(user) = member.filter(|u| u.id.get() != caller.user.get()) else {
        return Ok((caller.user, Who::me()));
    };
    if !caller.can_manage {
        crate::bail_user!(
            "{what} for another member needs the Manage Server permission. \
             Run it without `member` for yourself."
        );
    }
    if user.bot {
        crate::bail_user!(
            "{} is a bot: bots have no skills to track.",
            user_name(user)
        );
    }
    let name = user_name(user);
    let target = id(user.id.get())?;
    learning::touch_member(&ctx.data().app, caller.guild, target, Some(&name)).await?;
    Ok((target, Who::member(name)))
}

/// Sends a plain reply.
pub(crate) async fn send(ctx: Context<'_>, reply: Reply) -> Result<(), Error> {
    ctx.send(reply::to_poise(reply)).await?;
    Ok(())
}

/// Tells the user something only they see.
pub(crate) async fn tell_user(ctx: Context<'_>, text: &str) -> Result<(), Error> {
    send(ctx, Reply::text(truncate(text, 2_000)).ephemeral()).await
}
