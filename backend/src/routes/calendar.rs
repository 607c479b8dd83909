//! When the groups meet: the next meetings as JSON for the app, and each group's as an iCalendar
//! feed (icalendar crate) that Outlook and other calendars subscribe to.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Duration, Utc};
use chrono_tz::Europe::Stockholm;
use icalendar::{Calendar, Component, Event, EventLike};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::lagesbild::calendar::{group_name, stockholm_to_utc, MeetingRule};
use crate::domain::user::Role;
use crate::error::ApiError;
use crate::http::auth::CurrentUser;
use crate::state::AppState;

/// Meetings a year ahead fill a calendar; the feed is re-read by its subscribers.
const AHEAD: usize = 12;

#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    pub group: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Meetings {
    pub meetings: Vec<Meeting>,
}

/// A group's next `count` meetings from now.
pub fn upcoming(rule: &MeetingRule, count: usize) -> Vec<Meeting> {
    let today = Utc::now().with_timezone(&Stockholm).date_naive();
    rule.next(today, count)
        .into_iter()
        .map(|at| {
            let starts_at = stockholm_to_utc(at);
            Meeting {
                group: rule.group.clone(),
                starts_at,
                ends_at: starts_at + Duration::minutes(i64::from(rule.minutes)),
            }
        })
        .filter(|m| m.ends_at > Utc::now())
        .collect()
}

fn rules(state: &AppState) -> Result<Vec<MeetingRule>, ApiError> {
    state.settings.lagesbild.meeting_rules().map_err(|e| ApiError::Unexpected(e.into()))
}

/// The groups' next meetings, soonest first (staff).
#[utoipa::path(get, path = "/api/v1/staff/meetings", operation_id = "list_meetings", security(("session" = [])), tag = "lagesbild",
    responses((status = 200, body = Meetings), (status = 401), (status = 403)))]
#[tracing::instrument(skip_all)]
pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_read_reports)?;
    let mut meetings: Vec<Meeting> = rules(&state)?.iter().flat_map(|r| upcoming(r, 3)).collect();
    meetings.sort_by_key(|m| m.starts_at);
    Ok(HttpResponse::Ok().json(Meetings { meetings }))
}

/// A group's meetings as an iCalendar feed, to subscribe to. Only dates and the group's name:
/// nothing about reports.
#[utoipa::path(get, path = "/api/v1/calendar/{group}.ics", operation_id = "meeting_calendar", tag = "lagesbild",
    params(("group" = String, Path, pattern = "^(est|sspf|steering|rights_network|violence_free)$")),
    responses((status = 200, description = "text/calendar", content_type = "text/calendar"), (status = 404)))]
#[tracing::instrument(skip_all, fields(group = %group))]
pub async fn feed(state: web::Data<AppState>, group: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let rule = rules(&state)?.into_iter().find(|r| r.group == *group).ok_or(ApiError::NotFound)?;
    let name = format!("{} – {}", group_name(&rule.group), state.settings.municipality);
    let mut calendar = Calendar::new();
    calendar.name(&name);
    for meeting in upcoming(&rule, AHEAD) {
        calendar.push(
            Event::new()
                .uid(&format!("{}-{}@trygg", rule.group, meeting.starts_at.format("%Y%m%dT%H%M")))
                .summary(&format!("Möte: {}", group_name(&rule.group)))
                .description(&format!(
                    "Lägesbilden inför mötet finns i Trygg: {}/personal/lagesbild",
                    state.settings.public_base()
                ))
                .starts(meeting.starts_at)
                .ends(meeting.ends_at)
                .done(),
        );
    }
    Ok(HttpResponse::Ok().content_type("text/calendar; charset=utf-8").body(calendar.done().to_string()))
}
