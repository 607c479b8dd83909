//! Trygg: the municipality's system for safety and crime-prevention work.
//!
//! `routes → domain ← store`: handlers parse input into domain types, the store persists them,
//! and domain code knows nothing of HTTP or SQL.

pub mod auth;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod mail;
pub mod routes;
pub mod startup;
pub mod store;
pub mod telemetry;
