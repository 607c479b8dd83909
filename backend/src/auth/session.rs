use actix_web::cookie::{Cookie, SameSite};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const COOKIE: &str = "trygg_session";

/// A new session token (256 random bits) and the hash stored for it.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let id = token_id(&token);
    (token, id)
}

/// The stored id of a token: a database leak does not hand out live sessions.
pub fn token_id(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
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
