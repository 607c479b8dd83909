//! The lägesbild's e-mail, through the same outbox: an action past its due date reminds its owner
//! and the coordinators once per due date, and before each EST meeting a draft lägesbild is made
//! and EST's members and the coordinators are told it is ready, once per meeting. `trygg serve`
//! looks every hour; several instances may look, the database lets only one send.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Stockholm;
use tokio::task::JoinHandle;

use super::templates::{self, ActionOverdueMail, Content, DraftReadyMail};
use super::{message_host, new_message_id, MailContext};
use crate::domain::lagesbild::action::ActionStatus;
use crate::domain::lagesbild::calendar::{group_name, stockholm_to_utc};
use crate::domain::lagesbild::document::{LagesbildKind, LagesbildStatus};
use crate::domain::lagesbild::period::Period;
use crate::domain::mail_policy::EmailKind;
use crate::domain::user::Role;
use crate::store::accounts;
use crate::store::action_items;
use crate::store::entity::action_item;
use crate::store::lagesbild::{self as store, Actor};
use crate::store::outbox::NewEmail;

const LOOK_EVERY: Duration = Duration::from_secs(3600);

pub fn spawn_hourly(ctx: Arc<MailContext>) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Err(e) = run(&ctx, Utc::now()).await {
                tracing::warn!(error = %e, "lägesbild reminders failed; trying again within the hour");
            }
            tokio::time::sleep(LOOK_EVERY).await;
        }
    })
}

/// Both jobs once, at `now`; how many e-mails were queued.
#[tracing::instrument(skip_all)]
pub async fn run(ctx: &MailContext, now: DateTime<Utc>) -> anyhow::Result<usize> {
    Ok(remind_overdue(ctx, now).await? + tell_draft_ready(ctx, now).await?)
}

fn email(ctx: &MailContext, recipient: String, content: Content, kind: EmailKind) -> NewEmail {
    NewEmail {
        recipient,
        subject: content.subject,
        text: content.text,
        html: content.html,
        kind: kind.as_str(),
        report_id: None,
        unsubscribe_url: None,
        message_id: new_message_id(&message_host(&ctx.settings.public_url)),
    }
}

/// Active users with `roles` and the configured coordinator addresses, each once.
async fn recipients(ctx: &MailContext, roles: &[Role]) -> anyhow::Result<Vec<String>> {
    let mut to = Vec::new();
    for role in roles {
        to.extend(accounts::active_emails_with_role(&ctx.db, *role).await?);
    }
    to.extend(ctx.settings.mail.coordinator_emails.iter().map(ToString::to_string));
    to.sort();
    to.dedup();
    Ok(to)
}

async fn owner_address(ctx: &MailContext, action: &action_item::Model) -> anyhow::Result<Option<String>> {
    if let Some(id) = action.owner_user_id {
        return Ok(accounts::find_users(&ctx.db, vec![id]).await?.into_iter().find(|u| u.active).map(|u| u.email));
    }
    Ok(action.owner_email.clone())
}

async fn remind_overdue(ctx: &MailContext, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let today = now.with_timezone(&Stockholm).date_naive();
    let mut queued = 0;
    for action in action_items::overdue_unreminded(&ctx.db, today).await? {
        let lagesbild = store::find(&ctx.db, action.lagesbild_id).await?;
        let group = lagesbild.as_ref().map_or("est", |l| l.group_slug.as_str());
        let mut to = recipients(ctx, &[Role::Coordinator]).await?;
        if let Some(owner) = owner_address(ctx, &action).await? {
            if !to.contains(&owner) {
                to.push(owner);
            }
        }
        let lang = ctx.settings.mail.language;
        let status = action.status.parse().unwrap_or(ActionStatus::Planned);
        let mail = ActionOverdueMail {
            municipality: ctx.settings.municipality.clone(),
            group: group_name(group).to_owned(),
            problem: action.problem.clone(),
            measure: action.measure.clone(),
            responsible: action.responsible_organisation.clone(),
            owner: action.owner_name.clone(),
            status: lang.pick(status_sv(status), status.as_str()),
            due_date: action.due_date.to_string(),
            url: format!("{}/personal/lagesbild/{}", ctx.settings.public_base(), action.lagesbild_id),
        };
        let content = templates::action_overdue(lang, &mail)?;
        let emails: Vec<NewEmail> =
            to.into_iter().map(|r| email(ctx, r, content.clone(), EmailKind::ActionOverdue)).collect();
        let count = emails.len();
        if action_items::remind(&ctx.db, &action, emails, now).await? {
            queued += count;
        }
    }
    Ok(queued)
}

fn status_sv(status: ActionStatus) -> &'static str {
    match status {
        ActionStatus::Planned => "planerad",
        ActionStatus::Ongoing => "pågår",
        ActionStatus::Done => "klar",
        ActionStatus::Cancelled => "avbruten",
    }
}

/// Before EST's next meeting (within `lagesbild.draft_ready_days`): a draft for the period since
/// the last lägesbild, unless one is open already, and one e-mail per reader, once per meeting.
async fn tell_draft_ready(ctx: &MailContext, now: DateTime<Utc>) -> anyhow::Result<usize> {
    let rules = ctx.settings.lagesbild.meeting_rules()?;
    let Some(est) = rules.iter().find(|r| r.group == "est") else { return Ok(0) };
    let today = now.with_timezone(&Stockholm).date_naive();
    let Some(meeting) = est.next(today, 1).first().map(|at| stockholm_to_utc(*at)) else { return Ok(0) };
    let lead = chrono::Duration::days(i64::from(ctx.settings.lagesbild.draft_ready_days));
    if now < meeting - lead || now >= meeting {
        return Ok(0);
    }
    let latest = store::latest(&ctx.db, "est", LagesbildKind::Monthly, false).await?;
    let draft = match latest {
        Some(l) if l.status == LagesbildStatus::Draft.as_str() => l,
        latest => {
            let from = latest.map_or(now - chrono::Duration::days(30), |l| l.period_to);
            let period = Period::new(from, now.max(from + chrono::Duration::hours(1)))
                .map_err(|e| anyhow::anyhow!("the draft's period: {e:?}"))?;
            let actor = Actor { user_id: None, name: "Trygg" };
            store::create(&ctx.db, "est", LagesbildKind::Monthly, &period, &actor, now).await?
        }
    };
    let lang = ctx.settings.mail.language;
    let mail = DraftReadyMail {
        municipality: ctx.settings.municipality.clone(),
        group: group_name("est").to_owned(),
        meeting: templates::local_time(meeting),
        url: format!("{}/personal/lagesbild/{}", ctx.settings.public_base(), draft.id),
    };
    let content = templates::draft_ready(lang, &mail)?;
    let emails: Vec<NewEmail> = recipients(ctx, &[Role::EstMember, Role::Coordinator])
        .await?
        .into_iter()
        .map(|r| email(ctx, r, content.clone(), EmailKind::DraftReady))
        .collect();
    let count = emails.len();
    Ok(if action_items::tell_meeting(&ctx.db, "est", meeting, emails, now).await? { count } else { 0 })
}
