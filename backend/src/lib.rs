//! Trygg: the municipality's system for safety and crime-prevention work.
//!
//! `routes → domain ← store`: handlers parse input into domain types, the store persists them,
//! and domain code knows nothing of HTTP or SQL.

pub use trygg_domain as domain;

pub mod auth;
pub mod charts;
pub mod cli;
pub mod config;
pub mod crime_file;
pub mod error;
pub mod geo;
pub mod http;
pub mod mail;
pub mod media;
pub mod metrics;
pub mod retention;
pub mod routes;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
