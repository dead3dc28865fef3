mod ask;
mod cli_catalog;
