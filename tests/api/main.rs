//! Integration tests: the real app over HTTP, every test on SQLite and on PostgreSQL.

mod helpers;

mod areas;
mod cli;
mod errors;
mod inrapporter;
mod mail;
mod mail_instances;
mod meta;
mod permissions;
mod reports;
mod smtp_sink;
mod staff;
mod storage;
mod triage;
