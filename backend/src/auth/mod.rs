//! Staff passwords: argon2id hashes (the session cookie is `http::session`).

pub mod password;
