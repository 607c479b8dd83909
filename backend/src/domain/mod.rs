//! Plain Rust: the rules of the domain, unit-tested without HTTP or SQL.

pub mod area;
pub mod category;
pub mod inrapport;
pub mod report;
pub mod screening;
pub mod triage;
pub mod user;
