use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use rand::RngCore;

/// An argon2id hash in PHC string format (OWASP's default parameters).
pub fn hash(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("{e}"))
}

pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash no password matches, verified against when the account does not exist so that timing
/// does not tell which e-mail addresses have accounts.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash(&one_time()).expect("hashing a random password"))
}

/// A random password for `trygg user add --one-time`: 18 bytes, base64url (24 characters).
pub fn one_time() -> String {
    let mut bytes = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("korrekt häst batteri häftklammer").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("korrekt häst batteri häftklammer", &h));
        assert!(!verify("fel lösenord", &h));
        assert!(!verify("x", "not a hash"));
        assert!(!verify("", dummy_hash()));
    }
}
