//! Staff authentication: argon2id passwords and server-side sessions behind an HttpOnly cookie.

pub mod password;
pub mod session;
