//! Integration tests: the real app over HTTP, every test on SQLite and on PostgreSQL.

mod helpers;

mod areas;
mod cli;
mod disk_full;
mod errors;
mod hardening;
mod inrapporter;
mod lagesbild;
mod mail;
mod mail_instances;
mod meta;
mod open311;
mod operations;
mod permissions;
mod photos;
mod public;
mod reports;
mod retention;
mod smtp_sink;
mod staff;
mod storage;
mod surveys;
mod triage;
mod understanding;
