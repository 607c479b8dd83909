//! Due notifications become emails: everything due for one recipient (for a reporter: about one
//! report) goes into one email with its final text and Message-ID.

use std::collections::BTreeMap;

use anyhow::Context;
use chrono::{DateTime, Utc};

use super::new_message_id;
use super::templates::{self, Content, CoordinatorMail, ReportLine, ReporterMail, Update};
use super::MailContext;
use crate::domain::mail_policy::EmailKind;
use crate::domain::mail_policy::{Audience, Batch};
use crate::domain::report::{PublicId, TrackingToken};
use crate::domain::workflow::EventKind;
use crate::error::Lang;
use crate::store::entity::{mail_notification, report};
use crate::store::outbox::{self, NewEmail};

/// Notifications looked at per round; the rest wait for the next round.
const ROUND_LIMIT: u64 = 1000;

/// Who one email is for: notifications with the same key go out together.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Recipient {
    audience: Audience,
    address: String,
    language: String,
    /// A reporter's email is about one report.
    report_id: Option<i64>,
}

/// An email before it has a Message-ID.
struct Draft {
    content: Content,
    kind: EmailKind,
    report_id: Option<i64>,
    unsubscribe_url: Option<String>,
}

/// Turns every due notification into emails; returns how many emails were queued. A group that
/// cannot be composed is logged and left for the next round, so it holds up no one else's mail.
pub async fn compose_due(ctx: &MailContext, message_host: &str, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let due = outbox::due_notifications(&ctx.db, now, ROUND_LIMIT).await.context("reading due notifications")?;
    let mut groups: BTreeMap<Recipient, Vec<mail_notification::Model>> = BTreeMap::new();
    for notification in due {
        let Ok(audience) = notification.audience.parse::<Audience>() else { continue };
        let key = Recipient {
            audience,
            address: notification.recipient.clone(),
            language: notification.language.clone(),
            report_id: (audience == Audience::Reporter).then_some(notification.report_id),
        };
        groups.entry(key).or_default().push(notification);
    }
    let mut queued = 0;
    for (recipient, notifications) in groups {
        let draft = match recipient.audience {
            Audience::Coordinator => coordinator_email(ctx, &recipient, &notifications).await,
            Audience::Reporter => reporter_email(ctx, &recipient, &notifications).await,
        };
        let draft = match draft {
            Ok(draft) => draft,
            Err(e) => {
                tracing::warn!(error = format!("{e:#}"), audience = ?recipient.audience, "cannot compose an email");
                continue;
            }
        };
        let ids: Vec<i64> = notifications.iter().map(|n| n.id).collect();
        match draft {
            Some(draft) => {
                let email = NewEmail {
                    recipient: recipient.address.clone(),
                    subject: draft.content.subject,
                    text: draft.content.text,
                    html: draft.content.html,
                    kind: draft.kind.as_str(),
                    report_id: draft.report_id,
                    unsubscribe_url: draft.unsubscribe_url,
                    message_id: new_message_id(message_host),
                };
                if let Some(stored) = outbox::store_composed(&ctx.db, email, &ids, now).await? {
                    tracing::debug!(id = stored.id, kind = %stored.kind, "email queued");
                    queued += 1;
                }
            }
            None => outbox::drop_notifications(&ctx.db, &ids).await?,
        }
    }
    Ok(queued)
}

/// New reports for a coordinator, in the order they came; `None` if none of them exists any more.
async fn coordinator_email(
    ctx: &MailContext,
    recipient: &Recipient,
    notifications: &[mail_notification::Model],
) -> anyhow::Result<Option<Draft>> {
    let lang = Lang::from_code(&recipient.language);
    let mut ids: Vec<i64> = Vec::new();
    for notification in notifications {
        if !ids.contains(&notification.report_id) {
            ids.push(notification.report_id);
        }
    }
    let reports = outbox::reports_by_id(&ctx.db, &ids).await?;
    let lines: Vec<ReportLine> = ids
        .iter()
        .filter_map(|id| reports.iter().find(|r| r.id == *id))
        .map(|report| {
            let urgent = notifications.iter().any(|n| n.report_id == report.id && n.urgent);
            report_line(ctx, report, urgent, lang)
        })
        .collect();
    if lines.is_empty() {
        return Ok(None);
    }
    let digest = notifications.iter().any(|n| n.batch == Batch::Digest.as_str());
    let mail = CoordinatorMail {
        municipality: ctx.settings.municipality.clone(),
        digest,
        urgent_count: lines.iter().filter(|l| l.urgent).count(),
        reports: lines,
    };
    Ok(Some(Draft {
        content: templates::coordinator(lang, &mail)?,
        kind: if digest { EmailKind::CoordinatorDigest } else { EmailKind::CoordinatorAlert },
        report_id: (ids.len() == 1).then(|| ids[0]),
        unsubscribe_url: None,
    }))
}

/// A report as a coordinator's email shows it: never contact details, the free text only if the
/// configuration says so.
fn report_line(ctx: &MailContext, report: &report::Model, urgent: bool, lang: Lang) -> ReportLine {
    let category = ctx.catalog.by_id(report.category_id);
    let name = |sv: &str, en: &str| if lang == Lang::En { en.to_owned() } else { sv.to_owned() };
    let mut category_name = category.map_or_else(|| name("Annat", "Other"), |c| name(&c.name_sv, &c.name_en));
    if let Some(subtype) = category.zip(report.subtype_id).and_then(|(c, id)| c.subtype_by_id(id)) {
        category_name = format!("{category_name}: {}", name(&subtype.name_sv, &subtype.name_en).to_lowercase());
    }
    let area = report.area_id.and_then(|id| ctx.areas.by_id(id)).unwrap_or_else(|| ctx.areas.municipality());
    let id = PublicId::new(report.id, report.received_at).to_string();
    ReportLine {
        url: coordinator_report_url(ctx.settings.public_base(), &id),
        id,
        category: category_name,
        area: area.definition.name.clone(),
        priority: report.priority.clone(),
        received: templates::local_time(report.received_at),
        urgent,
        description: ctx.settings.mail.include_description.then(|| report.description.clone()),
    }
}

/// Where a coordinator opens a report: the staff views of the PWA.
pub fn coordinator_report_url(public_base: &str, public_id: &str) -> String {
    format!("{public_base}/personal/rapport/{public_id}")
}

/// What happened with a report, for the reporter who left their address; `None` if they opted out
/// (or the report is gone) since the notifications were written.
async fn reporter_email(
    ctx: &MailContext,
    recipient: &Recipient,
    notifications: &[mail_notification::Model],
) -> anyhow::Result<Option<Draft>> {
    let Some(report_id) = recipient.report_id else { return Ok(None) };
    let subscription = outbox::subscription(&ctx.db, report_id).await?.filter(|s| s.opted_out_at.is_none());
    let report = outbox::reports_by_id(&ctx.db, &[report_id]).await?.into_iter().next();
    let (Some(subscription), Some(report)) = (subscription, report) else { return Ok(None) };
    let lang = Lang::from_code(&recipient.language);
    let original = match report.duplicate_of_id {
        Some(id) => outbox::reports_by_id(&ctx.db, &[id]).await?.into_iter().next(),
        None => None,
    };
    let event_ids: Vec<i64> = notifications.iter().map(|n| n.report_event_id).collect();
    let updates = outbox::events_by_id(&ctx.db, &event_ids)
        .await?
        .into_iter()
        .map(|event| {
            let kind = event.kind();
            Update {
                at: templates::local_time(event.created_at),
                status: event
                    .status()
                    .filter(|_| kind == Some(EventKind::StatusChanged))
                    .map(|status| status.name(lang).to_owned()),
                reply: event.body.clone().filter(|_| kind == Some(EventKind::PublicReply)),
                // "The same thing was already reported": the original, and where it stands.
                already_reported: original
                    .as_ref()
                    .filter(|_| kind == Some(EventKind::MarkedDuplicate))
                    .map(|o| (o.public_id().to_string(), o.status().name(lang).to_owned())),
            }
        })
        .collect();
    let Some(tracking) = subscription.tracking_token.as_deref().and_then(TrackingToken::parse) else {
        return Ok(None);
    };
    let base = ctx.settings.public_base();
    let opt_out_url = format!("{base}/api/v1/mail/opt-out/{}", tracking.opt_out().as_str());
    let mail = ReporterMail {
        municipality: ctx.settings.municipality.clone(),
        id: PublicId::new(report.id, report.received_at).to_string(),
        updates,
        tracking_url: format!("{base}/folj/{}", tracking.as_str()),
        opt_out_url: opt_out_url.clone(),
    };
    Ok(Some(Draft {
        content: templates::reporter(lang, &mail)?,
        kind: EmailKind::ReporterUpdate,
        report_id: Some(report.id),
        unsubscribe_url: Some(opt_out_url),
    }))
}
