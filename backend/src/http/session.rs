//! The session cookie: an opaque 256-bit token the browser keeps; the database keeps its digest.

use actix_web::cookie::{Cookie, SameSite};

use crate::domain::secret;

pub const COOKIE: &str = "trygg_session";

/// A new session token (256 random bits) and the hash stored for it.
pub fn new_token() -> (String, String) {
    let token = secret::random_token();
    let id = token_id(&token);
    (token, id)
}

/// The stored id of a token: a database leak does not hand out live sessions.
pub fn token_id(token: &str) -> String {
    secret::digest(token)
}

pub fn cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, token.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .finish()
}

pub fn removal_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = cookie("", secure);
    cookie.make_removal();
    cookie
}
