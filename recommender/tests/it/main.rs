mod catalog;
mod input;
mod properties;
mod ranking;
mod team;
