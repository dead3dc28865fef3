//! The application service: what skillbot can do, as plain functions over
//! [`crate::App`] returning serializable views. The command line and Discord
//! both call these; neither engine nor database types leak past them.

pub mod ask;
pub mod catalog;
pub mod team;
