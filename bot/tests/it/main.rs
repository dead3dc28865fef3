mod ask;
mod cli_catalog;
mod fixtures;
mod helpers;
mod store;
mod team_cli;
