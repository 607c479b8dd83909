//! Integration tests: the real app over HTTP, every test on SQLite and on PostgreSQL.

mod helpers;

mod areas;
mod cli;
mod errors;
mod inrapporter;
mod meta;
mod permissions;
mod reports;
mod staff;
mod storage;
mod triage;
