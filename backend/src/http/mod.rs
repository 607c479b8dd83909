//! Edge plumbing shared by the routes: JSON bodies, client addresses, rate limits, languages, CSV.

pub mod auth;
pub mod client_ip;
pub mod csv;
pub mod json;
pub mod localize;
pub mod query;
pub mod rate_limit;
pub mod request_id;
pub mod security;
pub mod session;
pub mod validation;
