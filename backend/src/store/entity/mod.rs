//! sea-orm entities, one per table; mechanical mirrors of the migrations.

pub mod area;
pub mod category;
pub mod category_subtype;
pub mod inrapport_detail;
pub mod inrapport_submission;
pub mod login_attempt;
pub mod mail_notification;
pub mod mail_subscription;
pub mod outbox_email;
pub mod report;
pub mod report_event;
pub mod session;
pub mod user;
