mod ask;
mod cli_catalog;
mod helpers;
mod store;
mod team_cli;
