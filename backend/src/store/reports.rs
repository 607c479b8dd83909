//! Reports and their timeline.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, PostgresQueryBuilder, Value};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QueryTrait, RuntimeErr, Set, Statement, TransactionTrait,
};
use tokio::sync::{mpsc, oneshot};

use super::entity::{report, report_event};
use super::outbox;
use crate::domain::lang::Lang;
use crate::domain::mail_policy::{Batch, MailPolicy};
use crate::domain::report::{NewReport, ReportStatus, TrackingToken};
use crate::domain::secret;
use crate::domain::workflow::EventKind;

/// What intake made of a report.
#[derive(Debug)]
pub enum Received {
    /// Stored now, with the token of its tracking link.
    New(report::Model, TrackingToken),
    /// Stored before under this `client_id` with the same request: an offline queue's retry.
    /// The token is `None` for a report made before tokens were derived.
    Again(report::Model, Option<TrackingToken>),
    /// This `client_id` was used for a different report.
    OtherBody,
}

/// Receives reports: stores each with its first timeline event and the emails it causes
/// (`mail`), all or nothing, and answers no report before its commit returned. One writer task
/// takes the reports that arrived while its previous write was on its way (up to
/// [`GROUP_COMMIT_MAX`]) and writes them together (group commit): on PostgreSQL as one
/// statement, on SQLite — which writes one transaction at a time, each commit waiting for the
/// disk — in one transaction. A group costs one round trip or one sync instead of one per report.
#[derive(Clone)]
pub struct ReportWriter {
    db: DatabaseConnection,
    jobs: mpsc::Sender<Job>,
}

/// The most reports one write takes; on SQLite a group holds the only connection while it is
/// written, so readers wait at most this many reports' inserts.
pub const GROUP_COMMIT_MAX: usize = 32;

/// A report waiting for the writer, and where its outcome goes.
struct Job {
    new: NewReport,
    body_hash: String,
    received_at: DateTime<Utc>,
    stored: oneshot::Sender<Result<Stored, DbErr>>,
}

/// A report as written: the row and its tracking token, or `None` when its `client_id` was
/// stored before (then nothing was written for it).
type Stored = Option<(report::Model, TrackingToken)>;

impl ReportWriter {
    /// Spawns the writer task, which ends when the last `ReportWriter` is dropped.
    pub fn new(db: DatabaseConnection, mail: MailPolicy) -> ReportWriter {
        let (jobs, waiting) = mpsc::channel(4 * GROUP_COMMIT_MAX);
        tokio::spawn(write_groups(db.clone(), mail, waiting));
        ReportWriter { db, jobs }
    }

    /// Stores `new` as the struct says. A report with the same `client_id` already stored comes
    /// back instead, and nothing is sent again, if `body_hash` (of the request) matches: an
    /// offline queue that retries never creates a duplicate, and someone who learns a
    /// `client_id` learns no tracking link with it.
    pub async fn insert_idempotent(
        &self,
        new: NewReport,
        body_hash: String,
        received_at: DateTime<Utc>,
    ) -> Result<Received, DbErr> {
        let client_id = new.client_id;
        let (stored, outcome) = oneshot::channel();
        let job = Job { new, body_hash: body_hash.clone(), received_at, stored };
        let stopped = || DbErr::Conn(RuntimeErr::Internal("the report writer stopped".to_owned()));
        self.jobs.send(job).await.map_err(|_| stopped())?;
        if let Some((model, token)) = outcome.await.map_err(|_| stopped())?? {
            return Ok(Received::New(model, token));
        }
        let existing =
            find_by_client_id(&self.db, client_id).await?.ok_or(DbErr::RecordNotFound(client_id.to_string()))?;
        Ok(match existing.body_hash.as_deref() {
            Some(stored) if stored != body_hash => Received::OtherBody,
            _ => {
                let token = existing.tracking_salt.as_deref().map(|salt| TrackingToken::derive(client_id, salt));
                Received::Again(existing, token)
            }
        })
    }
}

/// The writer: takes what is waiting, writes it as one group, answers each report, and goes
/// again. If a group fails (a full disk, say, or one report that fails), each of its reports is
/// written on its own, so each gets its own answer and one report's failure is no other's.
async fn write_groups(db: DatabaseConnection, mail: MailPolicy, mut waiting: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(GROUP_COMMIT_MAX);
    while waiting.recv_many(&mut group, GROUP_COMMIT_MAX).await > 0 {
        let outcomes = match insert_group(&db, &group, &mail).await {
            Ok(stored) => stored.into_iter().map(Ok).collect(),
            Err(e) if group.len() == 1 => vec![Err(e)],
            Err(e) => {
                tracing::warn!(error = %e, reports = group.len(), "a group of reports failed; writing them one by one");
                let mut outcomes = Vec::with_capacity(group.len());
                for job in &group {
                    outcomes
                        .push(insert_group(&db, std::slice::from_ref(job), &mail).await.map(|mut one| one.remove(0)));
                }
                outcomes
            }
        };
        for (job, outcome) in group.drain(..).zip(outcomes) {
            // The request may have gone; its report is stored all the same, and its retry finds it.
            let _ = job.stored.send(outcome);
        }
    }
}

/// Writes `jobs` all or nothing; each one's outcome in order.
async fn insert_group(db: &DatabaseConnection, jobs: &[Job], mail: &MailPolicy) -> Result<Vec<Stored>, DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        return insert_in_one_statement(db, jobs, mail).await;
    }
    let txn = db.begin().await?;
    let mut stored = Vec::with_capacity(jobs.len());
    for job in jobs {
        // A `client_id` seen before fails only this report's first statement, which SQLite undoes
        // alone; the transaction goes on.
        match insert(&txn, job.new.clone(), None, Some(job.body_hash.clone()), job.received_at, mail).await {
            Ok(inserted) => stored.push(Some(inserted)),
            Err(e) if super::is_unique_violation(&e) => stored.push(None),
            Err(e) => return Err(e),
        }
    }
    txn.commit().await?;
    Ok(stored)
}

/// A new report's row, its tracking token, and the reporter's language and address (if any).
struct NewRow {
    row: report::ActiveModel,
    token: TrackingToken,
    language: Lang,
}

fn new_row(
    new: NewReport,
    submission_id: Option<i64>,
    body_hash: Option<String>,
    received_at: DateTime<Utc>,
) -> NewRow {
    let salt = secret::random_token();
    let token = TrackingToken::derive(new.client_id, &salt);
    let contact = new.contact.unwrap_or_default();
    let language = contact.language;
    let consent = contact.name.is_some() || contact.email.is_some() || contact.phone.is_some();
    let description = new.description.into_inner();
    let hits = &new.screening;
    let screening_flags = (!hits.is_empty()).then(|| hits.iter().map(|h| h.as_str()).collect::<Vec<_>>().join(","));
    let (created_by, organisation) = new.staff.map_or((None, None), |s| (Some(s.user_id), s.organisation));
    let row = report::ActiveModel {
        client_id: Set(secret::stored_client_id(new.client_id)),
        tracking_token_hash: Set(token.digest()),
        tracking_salt: Set(Some(salt)),
        body_hash: Set(body_hash),
        search_text: Set(description.to_lowercase()),
        source: Set(new.source.as_str().to_owned()),
        category_id: Set(new.category_id),
        subtype_id: Set(new.subtype_id),
        description: Set(description),
        place_description: Set(new.place_description),
        lat: Set(new.position.lat),
        lon: Set(new.position.lon),
        accuracy_m: Set(new.accuracy_m),
        area_id: Set(Some(new.position.area_id)),
        occurred_at: Set(new.occurred_at),
        time_of_day: Set(new.time_of_day.map(|t| t.as_str().to_owned())),
        recurring: Set(new.recurring),
        feeling: Set(new.feeling),
        contact_name: Set(contact.name),
        contact_email: Set(contact.email),
        contact_phone: Set(contact.phone),
        contact_consent: Set(consent),
        status: Set(ReportStatus::New.as_str().to_owned()),
        priority: Set(None),
        received_at: Set(received_at),
        updated_at: Set(received_at),
        submission_id: Set(submission_id),
        created_by_user_id: Set(created_by),
        organisation: Set(organisation),
        screening_flags: Set(screening_flags),
        ..Default::default()
    };
    NewRow { row, token, language }
}

/// Inserts a report and its `received` event on `txn`; returns it with its tracking token.
pub(super) async fn insert(
    txn: &impl ConnectionTrait,
    new: NewReport,
    submission_id: Option<i64>,
    body_hash: Option<String>,
    received_at: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<(report::Model, TrackingToken), DbErr> {
    let NewRow { row, token, language } = new_row(new, submission_id, body_hash, received_at);
    let model = row.insert(txn).await?;
    let event = report_event::ActiveModel {
        report_id: Set(model.id),
        kind: Set(EventKind::Received.as_str().to_owned()),
        status: Set(Some(ReportStatus::New.as_str().to_owned())),
        public: Set(true),
        actor: Set(Some("reporter".to_owned())),
        body: Set(None),
        created_at: Set(received_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    if let Some(email) = &model.contact_email {
        outbox::subscribe_reporter(txn, model.id, email, language, &token, received_at).await?;
    }
    outbox::queue_new_report(txn, mail, &model, event.id, received_at).await?;
    Ok((model, token))
}

/// PostgreSQL: what `insert` does, for every report of `jobs` — the reports, their `received`
/// events, the reporters' subscriptions and the coordinators' notifications — in one statement of
/// data-modifying CTEs, so a group costs one round trip and is atomic without BEGIN and COMMIT. A
/// report whose `client_id` is stored already is skipped (`None`). The recipients are the
/// configured addresses and the active coordinators, each once whatever its case, as
/// `MailPolicy::coordinator_recipients` has them; an urgent one joins the recipient's open batch
/// (or the group's earliest) as `MailPolicy::due_at` says.
async fn insert_in_one_statement(
    db: &DatabaseConnection,
    jobs: &[Job],
    mail: &MailPolicy,
) -> Result<Vec<Stored>, DbErr> {
    let mut rows = Vec::with_capacity(jobs.len());
    let mut extras = Vec::with_capacity(jobs.len());
    for job in jobs {
        let urgent = mail.is_urgent(job.new.category_id);
        let NewRow { row, token, language } =
            new_row(job.new.clone(), None, Some(job.body_hash.clone()), job.received_at);
        extras.push((token, language, urgent));
        rows.push(row);
    }
    let mut insert = report::Entity::insert_many(rows)
        .on_conflict(OnConflict::column(report::Column::ClientId).do_nothing().to_owned())
        .into_query();
    insert.returning_all();
    let (insert_sql, mut values) = insert.build(PostgresQueryBuilder);
    let mut next = |value: Value| {
        values.0.push(value);
        format!("${}", values.0.len())
    };
    // Per report what the row does not hold, matched by its tracking token's digest.
    let per_report = jobs
        .iter()
        .zip(&extras)
        .map(|(job, (token, language, urgent))| {
            let batch = if *urgent { Batch::Immediate } else { Batch::Digest };
            format!(
                "({}::text, {}::text, {}::text, {}::text, {}::boolean, {}::text, {}::timestamptz)",
                next(token.digest().into()),
                next(language.to_string().into()),
                next(token.opt_out().digest().into()),
                next(token.as_str().to_owned().into()),
                next((*urgent).into()),
                next(batch.as_str().into()),
                next(mail.due_at(batch, job.received_at, None).into()),
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let (new_status, reporter) = (next("new".into()), next("reporter".into()));
    let notifications = if mail.tells_coordinators() {
        format!(
            ", c AS (SELECT DISTINCT ON (lower(address)) address FROM ( \
                 SELECT address, 0 AS configured FROM unnest({}::text[]) AS address \
                 UNION ALL SELECT email, 1 FROM \"user\" WHERE role = 'coordinator' AND active) a \
               ORDER BY lower(address), configured), \
             n AS (INSERT INTO mail_notification (audience, recipient, language, report_id, report_event_id, urgent, batch, due_at, created_at) \
               SELECT 'coordinator', c.address, {}, e.report_id, e.id, j.urgent, j.batch, \
                 CASE WHEN j.batch = 'immediate' THEN COALESCE( \
                   (SELECT min(m.due_at) FROM mail_notification m WHERE m.recipient = c.address \
                    AND m.outbox_email_id IS NULL AND m.audience = 'coordinator' AND m.batch = 'immediate'), \
                   min(j.default_due) OVER (PARTITION BY lower(c.address), j.batch)) \
                 ELSE j.default_due END, \
                 r.received_at \
               FROM e JOIN r ON r.id = e.report_id JOIN j ON j.token_digest = r.tracking_token_hash, c)",
            next(mail.configured_coordinators().to_vec().into()),
            next(mail.coordinator_language().to_string().into()),
        )
    } else {
        String::new()
    };
    let sql = format!(
        "WITH r AS ({insert_sql}), \
         j (token_digest, language, opt_out_digest, token, urgent, batch, default_due) AS (VALUES {per_report}), \
         e AS (INSERT INTO report_event (report_id, kind, status, public, actor, created_at) \
           SELECT id, 'received', {new_status}, TRUE, {reporter}, received_at FROM r RETURNING id, report_id), \
         s AS (INSERT INTO mail_subscription (report_id, email, language, opt_out_token_hash, tracking_token, created_at) \
           SELECT r.id, r.contact_email, j.language, j.opt_out_digest, j.token, r.received_at \
           FROM r JOIN j ON j.token_digest = r.tracking_token_hash WHERE r.contact_email IS NOT NULL){notifications} \
         SELECT * FROM r"
    );
    let written = db.query_all(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
    let mut written: HashMap<String, report::Model> = written
        .iter()
        .map(|row| report::Model::from_query_result(row, "").map(|m| (m.tracking_token_hash.clone(), m)))
        .collect::<Result<_, _>>()?;
    Ok(extras.into_iter().map(|(token, ..)| written.remove(&token.digest()).map(|model| (model, token))).collect())
}

pub async fn find_by_client_id(db: &DatabaseConnection, client_id: uuid::Uuid) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find().filter(report::Column::ClientId.eq(secret::stored_client_id(client_id))).one(db).await
}

pub async fn find(db: &DatabaseConnection, id: i64) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find_by_id(id).one(db).await
}

pub async fn find_by_token(db: &DatabaseConnection, token: &TrackingToken) -> Result<Option<report::Model>, DbErr> {
    report::Entity::find().filter(report::Column::TrackingTokenHash.eq(token.digest())).one(db).await
}

/// The part of a report's timeline its reporter may see, oldest first.
pub async fn public_timeline(db: &DatabaseConnection, report_id: i64) -> Result<Vec<report_event::Model>, DbErr> {
    report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(report_id))
        .filter(report_event::Column::Public.eq(true))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await
}
