//! The application service: what skillbot can do, as plain functions over
//! [`crate::App`] returning serializable views. The command line and Discord
//! both call these; neither engine nor database types leak past them.
//!
//! One module per capability: questions ([`ask`]), the catalog and
//! recommendations ([`catalog`]), members and levels ([`members`]), the team
//! report ([`report`]), CSV import and export ([`import`]), a member's own
//! data ([`privacy`]), learning choices made in Discord ([`learning`]),
//! suggestions while typing ([`suggest`]) and the database ([`admin`]).

pub mod admin;
pub mod ask;
pub mod catalog;
pub mod compare;
pub mod digest;
pub mod digest_settings;
pub mod guilds;
pub mod ids;
pub mod import;
pub mod learning;
pub mod members;
pub mod privacy;
pub mod report;
pub mod schedule;
pub mod suggest;
