//! Surveys: definitions by version, anonymous responses (answers, background apart, map points),
//! invitation codes, what staff did to a survey, and the counts results are made from.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, JoinType, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
};
use serde_json::json;

use super::entity::{
    survey, survey_answer, survey_background, survey_event, survey_invitation, survey_point, survey_response,
    survey_version,
};
pub use super::Actor;
use crate::domain::survey::answer::{Answer, AnswerValue};
use crate::domain::survey::definition::SurveyDefinition;
use crate::domain::survey::results::{Counts, Respondents, Tally};
use crate::domain::survey::state::{new_invitation_code, normalize_code, stored_code, Access, SurveyStatus};

#[derive(Debug, thiserror::Error)]
pub enum SurveyError {
    #[error("the address is taken")]
    SlugTaken,
    #[error("the client id was used for other answers")]
    ClientIdReused,
    #[error("no such invitation code")]
    UnknownInvitation,
    #[error("the invitation code was used")]
    InvitationUsed,
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn definition_json(definition: &SurveyDefinition) -> String {
    serde_json::to_string(definition).expect("a definition always serialises")
}

/// A stored definition; one Trygg wrote, so it parses (a broken one is a bug worth a 500).
pub fn definition_of(version: &survey_version::Model) -> Result<SurveyDefinition, DbErr> {
    serde_json::from_str(&version.definition)
        .map_err(|e| DbErr::Custom(format!("survey version {} holds a broken definition: {e}", version.id)))
}

async fn log(
    db: &impl ConnectionTrait,
    survey_id: i64,
    kind: &str,
    actor: &Actor<'_>,
    data: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    survey_event::ActiveModel {
        survey_id: Set(survey_id),
        kind: Set(kind.to_owned()),
        actor_user_id: Set(actor.user_id),
        actor: Set(Some(actor.name.to_owned())),
        data: Set(Some(data.to_string())),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(drop)
}

/// A new draft with its first version.
pub async fn create(
    db: &DatabaseConnection,
    slug: &str,
    access: Access,
    definition: &SurveyDefinition,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<survey::Model, SurveyError> {
    let txn = db.begin().await?;
    let created = survey::ActiveModel {
        slug: Set(slug.to_owned()),
        status: Set(SurveyStatus::Draft.as_str().to_owned()),
        access: Set(access.as_str().to_owned()),
        opens_at: Set(None),
        closes_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let created = match created {
        Ok(s) => s,
        Err(e) if super::is_unique_violation(&e) => return Err(SurveyError::SlugTaken),
        Err(e) => return Err(e.into()),
    };
    new_version(&txn, created.id, 1, definition, None, now).await?;
    log(&txn, created.id, "created", actor, json!({ "slug": slug }), now).await?;
    txn.commit().await?;
    Ok(created)
}

async fn new_version(
    db: &impl ConnectionTrait,
    survey_id: i64,
    number: i32,
    definition: &SurveyDefinition,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<survey_version::Model, DbErr> {
    survey_version::ActiveModel {
        survey_id: Set(survey_id),
        number: Set(number),
        definition: Set(definition_json(definition)),
        created_at: Set(now),
        published_at: Set(published_at),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &DatabaseConnection, slug: &str) -> Result<Option<survey::Model>, DbErr> {
    survey::Entity::find().filter(survey::Column::Slug.eq(slug)).one(db).await
}

/// Every survey, newest first.
pub async fn list(db: &DatabaseConnection) -> Result<Vec<survey::Model>, DbErr> {
    survey::Entity::find().order_by_desc(survey::Column::Id).all(db).await
}

/// A survey's latest version: what it asks now.
pub async fn latest_version(db: &impl ConnectionTrait, survey_id: i64) -> Result<survey_version::Model, DbErr> {
    survey_version::Entity::find()
        .filter(survey_version::Column::SurveyId.eq(survey_id))
        .order_by_desc(survey_version::Column::Number)
        .one(db)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("survey {survey_id} has no version")))
}

pub async fn version(
    db: &DatabaseConnection,
    survey_id: i64,
    number: i32,
) -> Result<Option<survey_version::Model>, DbErr> {
    survey_version::Entity::find()
        .filter(survey_version::Column::SurveyId.eq(survey_id))
        .filter(survey_version::Column::Number.eq(number))
        .one(db)
        .await
}

/// Every version of a survey, oldest first.
pub async fn versions(db: &DatabaseConnection, survey_id: i64) -> Result<Vec<survey_version::Model>, DbErr> {
    survey_version::Entity::find()
        .filter(survey_version::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_version::Column::Number)
        .all(db)
        .await
}

pub async fn responses(db: &DatabaseConnection, survey_id: i64) -> Result<u64, DbErr> {
    survey_response::Entity::find().filter(survey_response::Column::SurveyId.eq(survey_id)).count(db).await
}

pub async fn history(db: &DatabaseConnection, survey_id: i64) -> Result<Vec<survey_event::Model>, DbErr> {
    survey_event::Entity::find()
        .filter(survey_event::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_event::Column::Id)
        .all(db)
        .await
}

/// Changes what a survey asks: a draft's version in place; once published, a new version that is
/// answerable at once, so earlier responses keep the version they answered.
pub async fn edit(
    db: &DatabaseConnection,
    survey: &survey::Model,
    definition: &SurveyDefinition,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<survey_version::Model, DbErr> {
    let txn = db.begin().await?;
    let latest = latest_version(&txn, survey.id).await?;
    let version = if latest.published_at.is_none() {
        let mut draft: survey_version::ActiveModel = latest.into();
        draft.definition = Set(definition_json(definition));
        draft.update(&txn).await?
    } else {
        new_version(&txn, survey.id, latest.number + 1, definition, Some(now), now).await?
    };
    touch(&txn, survey.id, now).await?;
    log(&txn, survey.id, "edited", actor, json!({ "version": version.number }), now).await?;
    txn.commit().await?;
    Ok(version)
}

async fn touch(db: &impl ConnectionTrait, survey_id: i64, now: DateTime<Utc>) -> Result<(), DbErr> {
    survey::ActiveModel { id: Set(survey_id), updated_at: Set(now), ..Default::default() }.update(db).await.map(drop)
}

/// Opens a survey for `opens_at..closes_at` (its latest version becomes answerable).
pub async fn publish(
    db: &DatabaseConnection,
    survey: &survey::Model,
    (opens_at, closes_at): (DateTime<Utc>, DateTime<Utc>),
    access: Access,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<survey::Model, DbErr> {
    let txn = db.begin().await?;
    let latest = latest_version(&txn, survey.id).await?;
    if latest.published_at.is_none() {
        let mut version: survey_version::ActiveModel = latest.into();
        version.published_at = Set(Some(now));
        version.update(&txn).await?;
    }
    let updated = survey::ActiveModel {
        id: Set(survey.id),
        status: Set(SurveyStatus::Published.as_str().to_owned()),
        access: Set(access.as_str().to_owned()),
        opens_at: Set(Some(opens_at)),
        closes_at: Set(Some(closes_at)),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    let data = json!({ "opens_at": opens_at, "closes_at": closes_at, "access": access.as_str() });
    log(&txn, survey.id, "published", actor, data, now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Closes a survey now: no more answers.
pub async fn close(
    db: &DatabaseConnection,
    survey: &survey::Model,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<survey::Model, DbErr> {
    let txn = db.begin().await?;
    let updated = survey::ActiveModel {
        id: Set(survey.id),
        status: Set(SurveyStatus::Closed.as_str().to_owned()),
        closes_at: Set(Some(survey.closes_at.map_or(now, |at| at.min(now)))),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    log(&txn, survey.id, "closed", actor, json!({}), now).await?;
    txn.commit().await?;
    Ok(updated)
}

/// `count` fresh invitation codes, returned once; only their digests are kept.
pub async fn invite(
    db: &DatabaseConnection,
    survey: &survey::Model,
    count: usize,
    actor: &Actor<'_>,
    now: DateTime<Utc>,
) -> Result<Vec<String>, DbErr> {
    let codes: Vec<String> = (0..count).map(|_| new_invitation_code()).collect();
    let txn = db.begin().await?;
    let rows = codes.iter().map(|code| survey_invitation::ActiveModel {
        survey_id: Set(survey.id),
        code_digest: Set(stored_code(survey.id, &normalize_code(code).expect("a fresh code is well formed"))),
        created_at: Set(now),
        used_at: Set(None),
        ..Default::default()
    });
    for chunk in rows.collect::<Vec<_>>().chunks(500) {
        survey_invitation::Entity::insert_many(chunk.to_vec()).exec_without_returning(&txn).await?;
    }
    log(&txn, survey.id, "invited", actor, json!({ "count": count }), now).await?;
    txn.commit().await?;
    Ok(codes)
}

/// One response as it arrives.
pub struct NewResponse {
    pub survey_id: i64,
    pub version_id: i64,
    pub client_key: String,
    pub body_hash: String,
    pub language: &'static str,
    /// The invitation code's digest, for a survey by invitation.
    pub invitation: Option<String>,
    pub answers: Vec<Answer>,
}

/// Stores a response with its answers in one transaction; the same client id with the same
/// answers again is the first response (`false`), an invitation code is spent once.
pub async fn submit(db: &DatabaseConnection, new: NewResponse, now: DateTime<Utc>) -> Result<(i64, bool), SurveyError> {
    let txn = db.begin().await?;
    let existing = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(new.survey_id))
        .filter(survey_response::Column::ClientKey.eq(&new.client_key))
        .one(&txn)
        .await?;
    if let Some(existing) = existing {
        return if existing.body_hash == new.body_hash {
            Ok((existing.id, false))
        } else {
            Err(SurveyError::ClientIdReused)
        };
    }
    let invitation_id = match &new.invitation {
        Some(digest) => Some(spend_invitation(&txn, new.survey_id, digest, now).await?),
        None => None,
    };
    let response = survey_response::ActiveModel {
        survey_id: Set(new.survey_id),
        version_id: Set(new.version_id),
        client_key: Set(new.client_key),
        body_hash: Set(new.body_hash),
        language: Set(new.language.to_owned()),
        invitation_id: Set(invitation_id),
        submitted_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let response = match response {
        Ok(r) => r,
        // The same client id at the same moment from another request: the first one stands.
        Err(e) if super::is_unique_violation(&e) => return Err(SurveyError::ClientIdReused),
        Err(e) => return Err(e.into()),
    };
    store_answers(&txn, response.id, new.survey_id, &new.answers).await?;
    txn.commit().await?;
    Ok((response.id, true))
}

async fn spend_invitation(
    txn: &impl ConnectionTrait,
    survey_id: i64,
    digest: &str,
    now: DateTime<Utc>,
) -> Result<i64, SurveyError> {
    let spent = survey_invitation::Entity::update_many()
        .col_expr(survey_invitation::Column::UsedAt, Expr::value(now))
        .filter(survey_invitation::Column::SurveyId.eq(survey_id))
        .filter(survey_invitation::Column::CodeDigest.eq(digest))
        .filter(survey_invitation::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    let invitation = survey_invitation::Entity::find()
        .filter(survey_invitation::Column::SurveyId.eq(survey_id))
        .filter(survey_invitation::Column::CodeDigest.eq(digest))
        .one(txn)
        .await?
        .ok_or(SurveyError::UnknownInvitation)?;
    if spent.rows_affected == 1 {
        Ok(invitation.id)
    } else {
        Err(SurveyError::InvitationUsed)
    }
}

async fn store_answers(
    txn: &impl ConnectionTrait,
    response_id: i64,
    survey_id: i64,
    answers: &[Answer],
) -> Result<(), DbErr> {
    let (mut main, mut background, mut points) = (Vec::new(), Vec::new(), Vec::new());
    for answer in answers {
        if let AnswerValue::Points(marked) = &answer.value {
            points.extend(marked.iter().map(|p| survey_point::ActiveModel {
                response_id: Set(response_id),
                survey_id: Set(survey_id),
                question: Set(answer.question.clone()),
                lat: Set(p.position.lat),
                lon: Set(p.position.lon),
                area_id: Set(p.position.area_id),
                reasons: Set(p.reasons.join(",")),
                time_of_day: Set(p.time_of_day.map(|t| t.as_str().to_owned())),
                ..Default::default()
            }));
        }
        for (value, number) in answer.values() {
            let row = (answer.question.clone(), value, number);
            if answer.background {
                background.push(row);
            } else {
                main.push(row);
            }
        }
    }
    if !main.is_empty() {
        survey_answer::Entity::insert_many(main.into_iter().map(|(question, value, number)| {
            survey_answer::ActiveModel {
                response_id: Set(response_id),
                survey_id: Set(survey_id),
                question: Set(question),
                value: Set(value),
                number: Set(number),
                ..Default::default()
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !background.is_empty() {
        survey_background::Entity::insert_many(background.into_iter().map(|(question, value, number)| {
            survey_background::ActiveModel {
                response_id: Set(response_id),
                survey_id: Set(survey_id),
                question: Set(question),
                value: Set(value),
                number: Set(number),
                ..Default::default()
            }
        }))
        .exec_without_returning(txn)
        .await?;
    }
    if !points.is_empty() {
        survey_point::Entity::insert_many(points).exec_without_returning(txn).await?;
    }
    Ok(())
}

/// Which counts results need: the questions counted per value, those counted by people (a
/// multiple choice, where one person gives several values), and the background question to
/// break down by.
pub struct CountRequest<'a> {
    pub tallied: Vec<&'a str>,
    pub multiple: Vec<&'a str>,
    pub by: Option<&'a str>,
}

#[derive(FromQueryResult)]
struct GroupRow {
    grp: Option<String>,
    n: i64,
}

#[derive(FromQueryResult)]
struct TallyRow {
    grp: Option<String>,
    question: String,
    value: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct RespondentRow {
    grp: Option<String>,
    question: String,
    n: i64,
}

/// `SELECT b.value AS grp, … FROM table a LEFT JOIN survey_background b ON the response
/// (`a.{response}`) and the breakdown question WHERE a.survey_id = ?` (without a breakdown, `grp`
/// is null): the start of every count.
fn counted(table: &str, response: &str, survey_id: i64, by: Option<&str>) -> SelectStatement {
    let (a, b) = (Alias::new("a"), Alias::new("b"));
    let mut query = Query::select();
    query
        .from_as(Alias::new(table), a.clone())
        .and_where(Expr::col((a.clone(), Alias::new("survey_id"))).eq(survey_id));
    match by {
        Some(question) => {
            query.expr_as(Expr::col((b.clone(), Alias::new("value"))), Alias::new("grp")).join_as(
                JoinType::LeftJoin,
                Alias::new("survey_background"),
                b.clone(),
                Expr::col((b.clone(), Alias::new("response_id")))
                    .equals((a, Alias::new(response)))
                    .and(Expr::col((b, Alias::new("question"))).eq(question)),
            );
        }
        None => {
            query.expr_as(Expr::cust("CAST(NULL AS TEXT)"), Alias::new("grp"));
        }
    }
    query
}

/// What results are made of, counted in the database.
pub async fn counts(db: &DatabaseConnection, survey_id: i64, request: &CountRequest<'_>) -> Result<Counts, DbErr> {
    let backend = db.get_database_backend();
    let (a, grp) = (Alias::new("a"), Alias::new("grp"));
    let mut groups = counted("survey_response", "id", survey_id, request.by);
    groups.expr_as(Expr::col((a.clone(), Alias::new("id"))).count(), Alias::new("n")).group_by_col(grp.clone());
    let tables = ["survey_answer", "survey_background"];
    let tallies = tables.map(|table| {
        let mut tally = counted(table, "response_id", survey_id, request.by);
        tally
            .column((a.clone(), Alias::new("question")))
            .column((a.clone(), Alias::new("value")))
            .expr_as(Expr::col((a.clone(), Alias::new("id"))).count(), Alias::new("n"))
            .and_where(Expr::col((a.clone(), Alias::new("question"))).is_in(request.tallied.iter().copied()))
            .group_by_col(grp.clone())
            .group_by_col((a.clone(), Alias::new("question")))
            .group_by_col((a.clone(), Alias::new("value")));
        TallyRow::find_by_statement(backend.build(&tally)).all(db)
    });
    let people = tables.iter().filter(|_| !request.multiple.is_empty()).map(|table| {
        let mut people = counted(table, "response_id", survey_id, request.by);
        people
            .column((a.clone(), Alias::new("question")))
            .expr_as(Expr::cust("COUNT(DISTINCT a.response_id)"), Alias::new("n"))
            .and_where(Expr::col((a.clone(), Alias::new("question"))).is_in(request.multiple.iter().copied()))
            .group_by_col(grp.clone())
            .group_by_col((a.clone(), Alias::new("question")));
        RespondentRow::find_by_statement(backend.build(&people)).all(db)
    });
    // On PostgreSQL the queries run side by side on the pool's connections; SQLite takes them in turn.
    let (group_rows, tallies, people) = futures_util::try_join!(
        GroupRow::find_by_statement(backend.build(&groups)).all(db),
        futures_util::future::try_join_all(tallies),
        futures_util::future::try_join_all(people),
    )?;
    let mut counts = Counts {
        groups: group_rows.into_iter().map(|r| (r.grp, r.n as u64)).collect(),
        tallies: tallies
            .into_iter()
            .flatten()
            .map(|r| Tally { group: r.grp, question: r.question, value: r.value, count: r.n as u64 })
            .collect(),
        respondents: people
            .into_iter()
            .flatten()
            .map(|r| Respondents { group: r.grp, question: r.question, count: r.n as u64 })
            .collect(),
    };
    counts.groups.sort();
    single_valued_respondents(&mut counts, &request.multiple);
    Ok(counts)
}

/// For a question with one value per person, the respondents are the sum of its tallies.
fn single_valued_respondents(counts: &mut Counts, multiple: &[&str]) {
    let mut sums: std::collections::BTreeMap<(Option<String>, String), u64> = std::collections::BTreeMap::new();
    for t in counts.tallies.iter().filter(|t| !multiple.contains(&t.question.as_str())) {
        *sums.entry((t.group.clone(), t.question.clone())).or_default() += t.count;
    }
    counts.respondents.extend(sums.into_iter().map(|((group, question), count)| Respondents {
        group,
        question,
        count,
    }));
}

/// The places marked in a survey's responses.
pub async fn points(db: &DatabaseConnection, survey_id: i64) -> Result<Vec<survey_point::Model>, DbErr> {
    survey_point::Entity::find()
        .filter(survey_point::Column::SurveyId.eq(survey_id))
        .order_by_asc(survey_point::Column::Id)
        .all(db)
        .await
}

/// Responses with their (non-background) answers, in order, for the raw export: a page of
/// responses after `after_id`.
pub async fn raw_page(
    db: &DatabaseConnection,
    survey_id: i64,
    after_id: i64,
    limit: u64,
) -> Result<Vec<(survey_response::Model, Vec<survey_answer::Model>)>, DbErr> {
    use sea_orm::QuerySelect;
    let responses = survey_response::Entity::find()
        .filter(survey_response::Column::SurveyId.eq(survey_id))
        .filter(survey_response::Column::Id.gt(after_id))
        .order_by_asc(survey_response::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = responses.iter().map(|r| r.id).collect();
    let answers = survey_answer::Entity::find()
        .filter(survey_answer::Column::ResponseId.is_in(ids))
        .order_by_asc(survey_answer::Column::Id)
        .all(db)
        .await?;
    Ok(responses
        .into_iter()
        .map(|r| {
            let mine = answers.iter().filter(|a| a.response_id == r.id).cloned().collect();
            (r, mine)
        })
        .collect())
}
