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
pub mod policy;
pub mod settings;
pub mod templates;
pub mod transport;
pub mod worker;

use std::fmt;
use std::str::FromStr;

use rand::RngCore;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::report::{string_enum, TrackingToken};
use crate::error::Lang;

/// Where an `outbox_email` is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for `next_attempt_at`.
    Queued,
    /// Claimed by a worker until `claimed_until`.
    Sending,
    Sent,
    /// Refused for good, or out of attempts; an admin may queue it again.
    Failed,
}

string_enum!(OutboxStatus { Queued => "queued", Sending => "sending", Sent => "sent", Failed => "failed" });

/// What an email is, for the admin list and the `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailKind {
    CoordinatorAlert,
    CoordinatorDigest,
    ReporterUpdate,
}

string_enum!(EmailKind {
    CoordinatorAlert => "coordinator_alert",
    CoordinatorDigest => "coordinator_digest",
    ReporterUpdate => "reporter_update",
});

/// The language stored with a notification or subscription (`sv`, `en`); Swedish if unknown.
pub fn language(code: &str) -> Lang {
    if code == "en" {
        Lang::En
    } else {
        Lang::Sv
    }
}

/// The secret in an opt-out link: made like a tracking token (256 random bits, base64url), but a
/// secret of its own, so an opt-out link that leaks (it travels in a header) opens no report.
pub fn new_opt_out_token() -> String {
    TrackingToken::generate().as_str().to_owned()
}

/// A Message-ID unique to one outbox row: `<trygg.{128 random bits}@{host of public_url}>`.
pub fn new_message_id(host: &str) -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let random: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("<trygg.{random}@{host}>")
}
