//! Trygg's domain: the rules of reports, areas, the workflow, screening, roles and mail policy,
//! in plain Rust. This crate cannot name HTTP, SQL or a mail transport, so the rules stay where
//! they are unit-tested without any of them; the backend's routes, store and mail use it.

#[macro_use]
mod string_enum;

pub mod area;
pub mod category;
pub mod field;
pub mod inrapport;
pub mod intake;
pub mod lagesbild;
pub mod lang;
pub mod mail_policy;
pub mod open311;
pub mod photo;
pub mod place;
pub mod report;
pub mod retention;
pub mod screening;
pub mod secret;
pub mod survey;
pub mod user;
pub mod workflow;
