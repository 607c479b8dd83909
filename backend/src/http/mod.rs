//! Edge plumbing shared by the routes: JSON bodies, client addresses, rate limits, languages.

pub mod auth;
pub mod client_ip;
pub mod json;
pub mod localize;
pub mod rate_limit;
