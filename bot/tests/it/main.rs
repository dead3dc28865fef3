mod ask;
mod cli_catalog;
mod fixtures;
mod helpers;
mod schedule;
mod store;
mod team_cli;
