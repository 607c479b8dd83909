//! Secrets in links, and what the database keeps of them: never the secret itself. A tracking
//! link's token is derived from the resident's client id (which only their phone knows) and a
//! salt stored with the report, so a retry of the same report gets the same link back while a
//! copy of the database opens no tracking page. The opt-out link is derived from the tracking
//! token, so it, too, can be rebuilt for each e-mail and never opens the report itself.

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// 256 random bits, base64url without padding (43 characters).
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What is stored for a secret: its SHA-256, as 64 hex digits.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that depends only on their lengths.
pub fn equal(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

fn hmac(key: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(message);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
}

/// A report's tracking token: HMAC-SHA256 keyed by the client's id over the report's salt.
pub fn tracking_token(client_id: Uuid, salt: &str) -> String {
    hmac(client_id.as_bytes(), salt.as_bytes())
}

/// The opt-out token of a reporter's e-mails about a report.
pub fn opt_out_token(tracking_token: &str) -> String {
    hmac(tracking_token.as_bytes(), b"trygg opt-out")
}

/// A resident's client id as stored: hashed, so the database does not hold the key tokens are
/// derived from. Still a UUID, so it stays unique and indexed as before.
pub fn stored_client_id(client_id: Uuid) -> Uuid {
    uuid_of(&[b"trygg report client id".as_slice(), client_id.as_bytes()])
}

/// A staff member's submission id as stored: scoped to them, so one user's id never returns
/// another user's submission.
pub fn stored_submission_id(user_id: i32, client_id: Uuid) -> Uuid {
    uuid_of(&[b"trygg inrapport client id".as_slice(), &user_id.to_be_bytes(), client_id.as_bytes()])
}

fn uuid_of(parts: &[&[u8]]) -> Uuid {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    let hash = hasher.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_random_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_derived_again_from_the_same_client_id_and_salt_only() {
        let (client, salt) = (Uuid::new_v4(), random_token());
        let token = tracking_token(client, &salt);
        assert_eq!(token.len(), 43);
        assert_eq!(tracking_token(client, &salt), token);
        assert_ne!(tracking_token(Uuid::new_v4(), &salt), token);
        assert_ne!(tracking_token(client, &random_token()), token);
        assert_ne!(opt_out_token(&token), token);
        assert_eq!(digest(&token).len(), 64);
    }

    #[test]
    fn stored_ids_are_stable_and_scoped() {
        let client = Uuid::new_v4();
        assert_eq!(stored_client_id(client), stored_client_id(client));
        assert_ne!(stored_client_id(client), client);
        assert_ne!(stored_submission_id(1, client), stored_submission_id(2, client));
    }
}
