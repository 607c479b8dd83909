//! Integration tests: the real app over HTTP, every test on SQLite and on PostgreSQL.

mod helpers;

mod areas;
mod cli;
mod errors;
mod meta;
mod reports;
mod storage;
