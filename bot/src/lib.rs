//! skillbot: a Discord bot that helps an engineering team level up together.
//!
//! This crate holds everything around the two engines
//! ([`skillbot_recommender`] and [`skillbot_index`]): configuration, the
//! database store, the application service that both the command line and
//! Discord call, and the command line itself. `main.rs` only parses
//! arguments and calls [`cli::run`], so tests build the same application.

pub mod app;
pub mod cli;
pub mod discord;
pub mod error;
pub mod health;
pub mod render;
pub mod scheduler;
pub mod serve;
pub mod service;
pub mod settings;
pub mod store;

pub use app::App;
pub use error::UserError;
pub use settings::Settings;
