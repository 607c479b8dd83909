//! Email through a transactional outbox.
//!
//! 1. An event (a new report, a status change) writes `mail_notification` rows **in its own
//!    transaction** (`store::outbox::queue_*`): a rolled-back request tells no one, a committed
//!    one is never forgotten.
//! 2. The worker's composer gathers due notifications per recipient into one `outbox_email` —
//!    urgent ones when their short batch window closes, the rest in the daily digest — with its
//!    final text and a Message-ID that stays the same across retries (`compose`).
//! 3. The worker claims due emails (`FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances never
//!    share one), delivers them through the configured transport and records the outcome, retrying
//!    with backoff (`worker`, `transport`).

pub mod compose;
pub mod lagesbild;
pub mod templates;
pub mod transport;
pub mod worker;

use rand::RngCore;
use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::domain::area::AreaIndex;
use crate::domain::category::Catalog;

/// What composing and delivering mail needs: the database, the settings, and the categories and
/// areas emails name.
pub struct MailContext {
    pub db: DatabaseConnection,
    pub settings: Settings,
    pub catalog: Catalog,
    pub areas: AreaIndex,
}

/// The host part of Message-IDs: the public URL's host.
pub fn message_host(public_url: &str) -> String {
    url::Url::parse(public_url).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| "localhost".into())
}

/// A Message-ID unique to one outbox row: `<trygg.{128 random bits}@{host of public_url}>`.
pub fn new_message_id(host: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let random: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("<trygg.{random}@{host}>")
}
