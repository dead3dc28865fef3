//! The database store (SQLite by default, PostgreSQL for scale).
