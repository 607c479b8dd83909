//! sea-orm entities, one per table; mechanical mirrors of the migrations.

use std::str::FromStr;

pub mod action_follow_up;
pub mod action_item;
pub mod area;
pub mod category;
pub mod category_subtype;
pub mod crime_statistic;
pub mod inrapport_detail;
pub mod inrapport_submission;
pub mod lagesbild;
pub mod lagesbild_event;
pub mod login_attempt;
pub mod mail_notification;
pub mod mail_subscription;
pub mod meeting_notice;
pub mod open311_client;
pub mod outbox_email;
pub mod photo;
pub mod plus_one;
pub mod purge_log;
pub mod report;
pub mod report_event;
pub mod session;
pub mod survey;
pub mod survey_answer;
pub mod survey_background;
pub mod survey_event;
pub mod survey_invitation;
pub mod survey_point;
pub mod survey_response;
pub mod survey_version;
pub mod user;

/// A name stored as text, parsed; Trygg writes only names it knows, so a stranger is logged (and
/// the caller falls back) rather than failing a whole page.
pub(crate) fn stored<T: FromStr<Err = String>>(id: i64, column: &str, text: &str) -> Option<T> {
    text.parse().map_err(|e| tracing::error!(row_id = id, column, error = %e, "unknown value stored")).ok()
}
