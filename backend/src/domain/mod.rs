//! Plain Rust: the rules of the domain, unit-tested without HTTP or SQL.

pub mod area;
pub mod category;
pub mod report;
