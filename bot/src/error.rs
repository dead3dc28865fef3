//! What a user sees is separate from what the log sees: a [`UserError`]
//! explains what to do and exits with code 2; anything else is an internal
//! error, printed with its cause chain and exit code 1.

use std::fmt;

/// A mistake in what the user asked for: bad input, an unknown id, a missing
/// file. The message is written for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserError(pub String);

impl UserError {
    pub fn new(message: impl Into<String>) -> Self {
        UserError(message.into())
    }
}

impl fmt::Display for UserError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UserError {}

impl From<skillbot_recommender::Error> for UserError {
    fn from(err: skillbot_recommender::Error) -> Self {
        UserError(err.to_string())
    }
}

/// Returns the user-facing message if `err` (or a cause) is a user error.
pub fn user_message(err: &anyhow::Error) -> Option<String> {
    err.chain()
        .find_map(|cause| cause.downcast_ref::<UserError>())
        .map(|e| e.0.clone())
}

/// Shorthand: `bail_user!("...")` returns a [`UserError`].
#[macro_export]
macro_rules! bail_user {
    ($($arg:tt)*) => {
        return Err($crate::UserError::new(format!($($arg)*)).into())
    };
}
