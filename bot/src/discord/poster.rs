//! The scheduler's [`Messenger`] over serenity's HTTP client: channel
//! posts, DMs, and looking a digest up by its marker after a crash.
//! Discord's error codes decide what the scheduler does next.

use std::sync::Arc;

use poise::serenity_prelude as serenity;

use super::errors::{discord_error, record_discord_error};
use super::reply;
use crate::render::Reply;
use crate::scheduler::{Messenger, SendError};

/// Unknown channel, missing access, missing permissions: posting there
/// again will not work.
const GONE: [isize; 3] = [10003, 50001, 50013];
/// Cannot send messages to this user (DMs closed).
const DMS_CLOSED: isize = 50007;

/// Posts through serenity's `Http` (which honours `SKILLBOT_DISCORD_API_URL`).
pub struct DiscordMessenger {
    pub http: Arc<serenity::Http>,
    pub cache: Arc<serenity::Cache>,
}

fn classify(what: &str, err: &serenity::Error) -> SendError {
    match discord_error(err) {
        Some((status, code)) => {
            record_discord_error(what, status, code, err);
            if GONE.contains(&code) {
                SendError::Gone {
                    code: code as i64,
                    message: err.to_string(),
                }
            } else if code == DMS_CLOSED {
                SendError::Unreachable
            } else {
                SendError::Failed(format!("Discord answered {status} (code {code}): {err}"))
            }
        }
        None => SendError::Failed(err.to_string()),
    }
}

impl Messenger for DiscordMessenger {
    async fn post(&self, channel: u64, message: Reply) -> Result<u64, SendError> {
        serenity::ChannelId::new(channel)
            .send_message(&self.http, reply::to_message(message))
            .await
            .map(|m| m.id.get())
            .map_err(|e| classify("channel message", &e))
    }

    async fn find(&self, channel: u64, marker: &str) -> Result<Option<u64>, SendError> {
        let messages = serenity::ChannelId::new(channel)
            .messages(&self.http, serenity::GetMessages::new().limit(50))
            .await
            .map_err(|e| classify("reading channel messages", &e))?;
        Ok(messages
            .iter()
            .find(|m| {
                m.embeds
                    .iter()
                    .any(|e| e.footer.as_ref().is_some_and(|f| f.text == marker))
            })
            .map(|m| m.id.get()))
    }

    async fn dm(&self, user: u64, message: Reply) -> Result<u64, SendError> {
        let channel = serenity::UserId::new(user)
            .create_dm_channel(&self.http)
            .await
            .map_err(|e| classify("opening a DM", &e))?;
        channel
            .send_message(&self.http, reply::to_message(message))
            .await
            .map(|m| m.id.get())
            .map_err(|e| classify("DM", &e))
    }

    fn guild_name(&self, guild: u64) -> Option<String> {
        self.cache
            .guild(serenity::GuildId::new(guild))
            .map(|g| g.name.clone())
    }
}
