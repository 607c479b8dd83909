//! Reports and their timeline.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{PostgresQueryBuilder, Value};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QueryTrait, RuntimeErr, Set, SqlErr, Statement, TransactionTrait,
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
/// (`mail`), all or nothing. On PostgreSQL that is one statement per report. SQLite writes one
/// transaction at a time and each commit waits for the disk, so there one writer task commits the
/// reports that arrived while the previous commit was on its way together (group commit): one
/// `BEGIN` … `COMMIT` and one sync for up to [`GROUP_COMMIT_MAX`] reports. No report is answered
/// before its commit returned.
#[derive(Clone)]
pub struct ReportWriter {
    db: DatabaseConnection,
    mail: MailPolicy,
    sqlite: Option<mpsc::Sender<Job>>,
}

/// The most reports one SQLite commit takes; a group holds the only connection while it is
/// written, so readers wait at most this many reports' inserts.
pub const GROUP_COMMIT_MAX: usize = 32;

/// A report waiting for the SQLite writer, and where its outcome goes.
struct Job {
    new: NewReport,
    body_hash: String,
    received_at: DateTime<Utc>,
    stored: oneshot::Sender<Result<(report::Model, TrackingToken), DbErr>>,
}

impl ReportWriter {
    /// On SQLite this spawns the writer task, which ends when the last `ReportWriter` is dropped.
    pub fn new(db: DatabaseConnection, mail: MailPolicy) -> ReportWriter {
        let sqlite = (db.get_database_backend() == DbBackend::Sqlite).then(|| {
            let (sender, jobs) = mpsc::channel(4 * GROUP_COMMIT_MAX);
            tokio::spawn(write_groups(db.clone(), mail.clone(), jobs));
            sender
        });
        ReportWriter { db, mail, sqlite }
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
        let inserted = match &self.sqlite {
            None => insert_in_one_statement(&self.db, new, body_hash.clone(), received_at, &self.mail).await,
            Some(writer) => {
                let (stored, outcome) = oneshot::channel();
                let job = Job { new, body_hash: body_hash.clone(), received_at, stored };
                let stopped = || DbErr::Conn(RuntimeErr::Internal("the SQLite report writer stopped".to_owned()));
                writer.send(job).await.map_err(|_| stopped())?;
                outcome.await.map_err(|_| stopped())?
            }
        };
        match inserted {
            Ok((model, token)) => Ok(Received::New(model, token)),
            Err(e) if is_unique_violation(&e) => {
                let existing = find_by_client_id(&self.db, client_id).await?.ok_or(e)?;
                Ok(match existing.body_hash.as_deref() {
                    Some(stored) if stored != body_hash => Received::OtherBody,
                    _ => {
                        let token =
                            existing.tracking_salt.as_deref().map(|salt| TrackingToken::derive(client_id, salt));
                        Received::Again(existing, token)
                    }
                })
            }
            Err(e) => Err(e),
        }
    }
}

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// The SQLite writer: takes what is waiting (at most [`GROUP_COMMIT_MAX`]), stores it in one
/// transaction, answers each report, and goes again.
async fn write_groups(db: DatabaseConnection, mail: MailPolicy, mut jobs: mpsc::Receiver<Job>) {
    let mut group = Vec::with_capacity(GROUP_COMMIT_MAX);
    while jobs.recv_many(&mut group, GROUP_COMMIT_MAX).await > 0 {
        let outcomes = match group.as_slice() {
            [job] => vec![insert_alone(&db, job, &mail).await],
            jobs => match insert_together(&db, jobs, &mail).await {
                Ok(outcomes) => outcomes,
                // A full disk, say, or one report that fails: each on its own, so each gets its own
                // answer and one report's failure is no other's.
                Err(e) => {
                    tracing::warn!(error = %e, reports = jobs.len(), "a group commit failed; storing its reports one by one");
                    let mut outcomes = Vec::with_capacity(jobs.len());
                    for job in jobs {
                        outcomes.push(insert_alone(&db, job, &mail).await);
                    }
                    outcomes
                }
            },
        };
        for (job, outcome) in group.drain(..).zip(outcomes) {
            // The request may have gone; its report is stored all the same, and its retry finds it.
            let _ = job.stored.send(outcome);
        }
    }
}

/// One report in a transaction of its own. A failed insert drops the transaction, which rolls it
/// back and frees the connection.
async fn insert_alone(
    db: &DatabaseConnection,
    job: &Job,
    mail: &MailPolicy,
) -> Result<(report::Model, TrackingToken), DbErr> {
    let txn = db.begin().await?;
    let inserted = insert(&txn, job.new.clone(), None, Some(job.body_hash.clone()), job.received_at, mail).await?;
    txn.commit().await?;
    Ok(inserted)
}

/// The reports of `jobs` in one transaction: each one's outcome, or the error that rolled them
/// all back. A `client_id` seen before fails only its own report's first statement, which SQLite
/// undoes alone, leaving the transaction to go on.
async fn insert_together(
    db: &DatabaseConnection,
    jobs: &[Job],
    mail: &MailPolicy,
) -> Result<Vec<Result<(report::Model, TrackingToken), DbErr>>, DbErr> {
    let txn = db.begin().await?;
    let mut outcomes = Vec::with_capacity(jobs.len());
    for job in jobs {
        match insert(&txn, job.new.clone(), None, Some(job.body_hash.clone()), job.received_at, mail).await {
            Err(e) if !is_unique_violation(&e) => return Err(e),
            outcome => outcomes.push(outcome),
        }
    }
    txn.commit().await?;
    Ok(outcomes)
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

/// PostgreSQL: what `insert` does — the report, its `received` event, the reporter's
/// subscription and the coordinators' notifications — in one statement of data-modifying CTEs,
/// so intake costs one round trip and is atomic without BEGIN and COMMIT. The recipients are
/// the configured addresses and the active coordinators, each once whatever its case, as
/// `MailPolicy::coordinator_recipients` has them; an urgent one joins the recipient's open batch
/// as `MailPolicy::due_at` says.
async fn insert_in_one_statement(
    db: &DatabaseConnection,
    new: NewReport,
    body_hash: String,
    received_at: DateTime<Utc>,
    mail: &MailPolicy,
) -> Result<(report::Model, TrackingToken), DbErr> {
    let category_id = new.category_id;
    let NewRow { row, token, language } = new_row(new, None, Some(body_hash), received_at);
    let mut insert = report::Entity::insert(row).into_query();
    insert.returning_all();
    let (insert_sql, mut values) = insert.build(PostgresQueryBuilder);
    let mut next = |value: Value| {
        values.0.push(value);
        format!("${}", values.0.len())
    };
    let (received, reporter, new_status) = (next(received_at.into()), next("reporter".into()), next("new".into()));
    let subscription = format!(
        "INSERT INTO mail_subscription (report_id, email, language, opt_out_token_hash, tracking_token, created_at) \
         SELECT id, contact_email, {}, {}, {}, {received} FROM r WHERE contact_email IS NOT NULL",
        next(language.to_string().into()),
        next(token.opt_out().digest().into()),
        next(token.as_str().to_owned().into()),
    );
    let notifications = if mail.tells_coordinators() {
        let urgent = mail.is_urgent(category_id);
        let batch = if urgent { Batch::Immediate } else { Batch::Digest };
        let default_due = next(mail.due_at(batch, received_at, None).into());
        let due = match batch {
            Batch::Immediate => format!(
                "COALESCE((SELECT min(m.due_at) FROM mail_notification m WHERE m.recipient = c.address \
                 AND m.outbox_email_id IS NULL AND m.audience = 'coordinator' AND m.batch = 'immediate'), {default_due})"
            ),
            Batch::Digest => default_due,
        };
        format!(
            ", c AS (SELECT DISTINCT ON (lower(address)) address FROM ( \
                 SELECT address, 0 AS configured FROM unnest({}::text[]) AS address \
                 UNION ALL SELECT email, 1 FROM \"user\" WHERE role = 'coordinator' AND active) a \
               ORDER BY lower(address), configured), \
             n AS (INSERT INTO mail_notification (audience, recipient, language, report_id, report_event_id, urgent, batch, due_at, created_at) \
               SELECT 'coordinator', c.address, {}, e.report_id, e.id, {}, {}, {due}, {received} FROM e, c)",
            next(mail.configured_coordinators().to_vec().into()),
            next(mail.coordinator_language().to_string().into()),
            next(urgent.into()),
            next(batch.as_str().into()),
        )
    } else {
        String::new()
    };
    let sql = format!(
        "WITH r AS ({insert_sql}), \
         e AS (INSERT INTO report_event (report_id, kind, status, public, actor, created_at) \
           SELECT id, 'received', {new_status}, TRUE, {reporter}, {received} FROM r RETURNING id, report_id), \
         s AS ({subscription}){notifications} \
         SELECT * FROM r"
    );
    let row = db.query_one(Statement::from_sql_and_values(DbBackend::Postgres, sql, values)).await?;
    let row = row.ok_or_else(|| DbErr::RecordNotInserted)?;
    Ok((report::Model::from_query_result(&row, "")?, token))
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
