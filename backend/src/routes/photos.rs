//! Photos: a reporter adds them through the tracking link for a day, staff to their own
//! inrapport events (coordinators to any report), everyone who may see them gets the clean
//! JPEG, and a coordinator hides or blurs them.

use actix_multipart::Multipart;
use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::photo::{is_public, may_add, BlurRect};
use crate::domain::report::{PublicId, TrackingToken};
use crate::domain::user::Role;
use crate::error::{ApiError, FieldErrors, FieldIssue};
use crate::http::auth::CurrentUser;
use crate::media::pipeline::PhotoError;
use crate::media::store::{display_name, thumbnail_name};
use crate::state::AppState;
use crate::store::entity::{photo, report};
use crate::store::photos::{self, NewPhoto};
use crate::store::reports;

/// A stored photo, as staff see it (the public see the same of public ones).
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoView {
    pub id: i64,
    /// The display version, longest side at most 1600 px.
    pub url: String,
    /// At most 320 px.
    pub thumbnail_url: String,
    pub width: i32,
    pub height: i32,
    /// Hidden from the public by a coordinator.
    pub hidden: bool,
    /// `reporter` or `staff`.
    pub uploaded_by: String,
}

impl From<&photo::Model> for PhotoView {
    fn from(p: &photo::Model) -> Self {
        PhotoView {
            id: p.id,
            url: format!("/api/v1/photos/{}", display_name(&p.hash)),
            thumbnail_url: format!("/api/v1/photos/{}", thumbnail_name(&p.hash)),
            width: p.width,
            height: p.height,
            hidden: p.hidden,
            uploaded_by: p.uploaded_by.clone(),
        }
    }
}

/// What an upload answers: the stored photo, and once, where the original says it was taken.
#[derive(Debug, Serialize, ToSchema)]
pub struct PhotoReceipt {
    #[serde(flatten)]
    pub photo: PhotoView,
    /// The GPS position in the original's EXIF, offered so the client can ask "use this
    /// position?"; never stored.
    pub location_hint: Option<LocationHint>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LocationHint {
    pub lat: f64,
    pub lon: f64,
}

/// The multipart form an upload is: one file.
#[derive(ToSchema)]
#[allow(dead_code)] // describes the form for the OpenAPI document; read field by field
pub struct PhotoUpload {
    /// A JPEG, PNG or WebP, at most `media.max_photo_bytes`.
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// Add a photo to one's report through its tracking token (multipart field `photo`; JPEG, PNG or
/// WebP), within 24 hours of reporting.
#[utoipa::path(post, path = "/api/v1/track/{token}/photos", operation_id = "add_reporter_photo", tag = "photos",
    params(("token" = String, Path, pattern = "^[A-Za-z0-9_-]{43}$", description = "The tracking token")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = PhotoReceipt), (status = 200, description = "The same photo was already added", body = PhotoReceipt),
        (status = 413, description = "The photo is over the size limit"),
        (status = 415, description = "Not a JPEG, PNG or WebP (HEIC: choose JPEG)"),
        (status = 422, description = "Broken, too large in pixels, too many photos or too late"),
        (status = 429, description = "Too many uploads from this address")))]
#[tracing::instrument(skip_all)]
pub async fn add_by_reporter(
    state: web::Data<AppState>,
    req: HttpRequest,
    token: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    let token = TrackingToken::parse(&token).ok_or(ApiError::NotFound)?;
    let report = reports::find_by_token(&state.db, &token).await?.ok_or(ApiError::NotFound)?;
    let room = check_room(&state, &report, true).await;
    let bytes = read_photo(&state, &req, body).await?;
    store(&state, &report, bytes, room, ("reporter", None, "reporter".into())).await
}

/// Add a photo to a report: staff to their own inrapport events, coordinators to any report.
#[utoipa::path(post, path = "/api/v1/reports/{id}/photos", operation_id = "add_staff_photo", security(("session" = [])), tag = "photos",
    params(("id" = String, Path, pattern = r"^TRY-[0-9]{4}-[0-9]{6,}$", description = "Case number")),
    request_body(content = PhotoUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = PhotoReceipt), (status = 200, description = "The same photo was already added", body = PhotoReceipt),
        (status = 413, description = "The photo is over the size limit"),
        (status = 415, description = "Not a JPEG, PNG or WebP (HEIC: choose JPEG)"),
        (status = 422, description = "Broken, too large in pixels or too many photos")))]
#[tracing::instrument(skip_all, fields(report = %id))]
pub async fn add_by_staff(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    id: web::Path<String>,
    body: Multipart,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_file_inrapporter)?;
    let report = find_report(&state, &id).await?;
    if !(user.role.can_triage() || report.created_by_user_id == Some(user.id)) {
        return Err(ApiError::Forbidden);
    }
    let room = check_room(&state, &report, false).await;
    let bytes = read_photo(&state, &req, body).await?;
    store(&state, &report, bytes, room, ("staff", Some(user.id), user.name.clone())).await
}

async fn find_report(state: &AppState, id: &str) -> Result<report::Model, ApiError> {
    let public: PublicId = id.parse().map_err(|()| ApiError::NotFound)?;
    let report = reports::find(&state.db, public.id).await?.ok_or(ApiError::NotFound)?;
    (report.public_id() == public).then_some(report).ok_or(ApiError::NotFound)
}

/// A reporter has a day and the photo limit; staff have the limit.
async fn check_room(state: &AppState, report: &report::Model, reporter: bool) -> Result<(), ApiError> {
    let stored = photos::count(&state.db, report.id).await? as u32;
    let limits = &state.photo_work.limits;
    let received = if reporter { report.received_at } else { Utc::now() };
    may_add(received, Utc::now(), stored, limits).map_err(|issue| FieldErrors::single("photo", issue).into())
}

/// The `photo` field's bytes, refused at the size limit without reading further.
async fn read_photo(state: &AppState, req: &HttpRequest, mut body: Multipart) -> Result<Vec<u8>, ApiError> {
    let limit = state.photo_work.limits.max_bytes;
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<usize>().ok());
    // The multipart framing adds a few hundred bytes to the photo itself.
    if declared.is_some_and(|n| n > limit + 64 * 1024) {
        return Err(ApiError::PayloadTooLarge { limit });
    }
    let deadline = std::time::Duration::from_secs(state.settings.limits.body_timeout_seconds.max(60));
    let read = async {
        let mut photo = None;
        while let Some(field) = body.next().await {
            let mut field = field.map_err(|_| ApiError::UnsupportedMediaType)?;
            if field.name() != Some("photo") {
                return Err(ApiError::UnknownField(field.name().unwrap_or("").to_owned()));
            }
            if photo.is_some() {
                return Err(FieldErrors::single("photo", FieldIssue::TooMany { max: 1 }).into());
            }
            let mut bytes = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|e| ApiError::MalformedJson(e.to_string()))?;
                if bytes.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge { limit });
                }
                bytes.extend_from_slice(&chunk);
            }
            photo = Some(bytes);
        }
        photo.ok_or_else(|| FieldErrors::single("photo", FieldIssue::Required).into())
    };
    tokio::time::timeout(deadline, read).await.map_err(|_| ApiError::RequestTimeout)?
}

/// Stores a photo if the report has `room` for it. A photo the report already holds is answered
/// 200 even without room: a client retrying after a lost answer (its third photo, or past the
/// day) must hear that the photo arrived, not that it is refused.
async fn store(
    state: &AppState,
    report: &report::Model,
    bytes: Vec<u8>,
    room: Result<(), ApiError>,
    (uploaded_by, user_id, actor): (&'static str, Option<i32>, String),
) -> Result<HttpResponse, ApiError> {
    let processed = state.photo_work.process(bytes).await?.map_err(photo_error)?;
    if let Some(held) = photos::on_report(&state.db, report.id, &processed.hash).await? {
        let receipt = PhotoReceipt { photo: PhotoView::from(&held), location_hint: None };
        return Ok(HttpResponse::Ok().json(receipt));
    }
    room?;
    state.photos.put(&display_name(&processed.hash), processed.display).await?;
    state.photos.put(&thumbnail_name(&processed.hash), processed.thumbnail).await?;
    let new = NewPhoto {
        report_id: report.id,
        hash: processed.hash,
        width: processed.width,
        height: processed.height,
        uploaded_by,
        user_id,
        actor,
    };
    let (stored, created) = photos::add(&state.db, new, Utc::now()).await?;
    let receipt = PhotoReceipt {
        photo: PhotoView::from(&stored),
        location_hint: processed.location_hint.map(|(lat, lon)| LocationHint { lat, lon }),
    };
    let status = if created { StatusCode::CREATED } else { StatusCode::OK };
    Ok(HttpResponse::build(status).json(receipt))
}

fn photo_error(error: PhotoError) -> ApiError {
    match error {
        PhotoError::Unsupported(format) => ApiError::UnsupportedPhoto { format },
        PhotoError::TooLarge { .. } => FieldErrors::single("photo", FieldIssue::TooLargeImage).into(),
        PhotoError::Unreadable(_) => FieldErrors::single("photo", FieldIssue::UnreadableImage).into(),
    }
}

/// A photo: readers see every one, staff the ones they took; the public (and the reporter's
/// tracking page) only those of reports made public, not hidden. Named by content, so an address always means one picture.
#[utoipa::path(get, path = "/api/v1/photos/{name}", operation_id = "get_photo", tag = "photos",
    params(("name" = String, Path, pattern = "^[0-9a-f]{64}(-thumb)?\\.jpg$", description = "`{hash}.jpg` or `{hash}-thumb.jpg`")),
    responses((status = 200, description = "The JPEG", content_type = "image/jpeg"),
        (status = 404, description = "No such photo, or not public")))]
#[tracing::instrument(skip_all)]
pub async fn get(
    state: web::Data<AppState>,
    user: Option<CurrentUser>,
    name: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let hash = name.strip_suffix("-thumb.jpg").or_else(|| name.strip_suffix(".jpg")).ok_or(ApiError::NotFound)?;
    if hash.len() != 64 || !hash.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()) {
        return Err(ApiError::NotFound);
    }
    let stored = photos::with_hash(&state.db, hash).await?;
    let public = stored.iter().any(|(p, report_public)| is_public(*report_public, p.hidden));
    // Readers see every photo; staff who file inrapporter see the ones they took.
    let staff = user.is_some_and(|u| u.role.can_read_reports() || stored.iter().any(|(p, _)| p.user_id == Some(u.id)));
    if stored.is_empty() || !(staff || public) {
        return Err(ApiError::NotFound);
    }
    let bytes = state.photos.get(&name).await?.ok_or(ApiError::NotFound)?;
    // A name is one picture forever, but a coordinator who hides a public one wants it gone
    // from shared caches soon.
    let cache = if public { "public, max-age=600" } else { "private, max-age=86400" };
    Ok(HttpResponse::Ok()
        .content_type("image/jpeg")
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::CONTENT_DISPOSITION, format!("inline; filename=\"trygg-{}.jpg\"", &hash[..12])))
        .body(bytes))
}

/// `{"action": "hide"}`, `{"action": "show"}` or `{"action": "blur", "rects": [...]}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[schema(example = json!({ "action": "blur", "rects": [{ "x": 0.4, "y": 0.3, "width": 0.2, "height": 0.1 }] }))]
pub enum PhotoActionDto {
    // Empty struct variants, not unit ones: serde ignores unknown fields beside the tag of a
    // unit variant even with `deny_unknown_fields`.
    /// Keep it from the public.
    Hide {},
    /// Let the public see it again (if the report is public).
    Show {},
    /// Blur rectangles (fractions of the width and height): a new version replaces the photo,
    /// and the unblurred one is deleted from the store.
    Blur {
        #[schema(min_items = 1, max_items = 20)]
        rects: Vec<BlurRect>,
    },
}

/// Hide, show or blur a photo (coordinators); recorded on the report's timeline.
#[utoipa::path(post, path = "/api/v1/photos/{id}/actions", operation_id = "act_on_photo", security(("session" = [])), tag = "photos",
    params(("id" = i64, Path, description = "The photo's id")), request_body = PhotoActionDto,
    responses((status = 200, body = PhotoView)))]
#[tracing::instrument(skip_all, fields(photo = %id))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<i64>,
    body: crate::http::json::JsonBody<PhotoActionDto>,
) -> Result<HttpResponse, ApiError> {
    user.require(Role::can_triage)?;
    let id = id.into_inner();
    let now = Utc::now();
    let updated = match body.0 {
        PhotoActionDto::Hide {} => photos::set_hidden(&state.db, id, true, &user.name, user.id, now).await?,
        PhotoActionDto::Show {} => photos::set_hidden(&state.db, id, false, &user.name, user.id, now).await?,
        PhotoActionDto::Blur { rects } => {
            if rects.is_empty() || rects.len() > 20 || rects.iter().any(|r| r.in_pixels(100, 100).is_none()) {
                return Err(FieldErrors::single("rects", FieldIssue::Invalid).into());
            }
            let current = photos::find(&state.db, id).await?.ok_or(ApiError::NotFound)?;
            let display = state.photos.get(&display_name(&current.hash)).await?.ok_or(ApiError::NotFound)?;
            let (display, thumbnail, hash) = state
                .photo_work
                .run(move || crate::media::redact::blur(&display, &rects))
                .await?
                .map_err(photo_error)?;
            state.photos.put(&display_name(&hash), display).await?;
            state.photos.put(&thumbnail_name(&hash), thumbnail).await?;
            let replaced = photos::replace(&state.db, id, &hash, &user.name, user.id, now).await?;
            if let Some((_, old)) = &replaced {
                if !photos::hash_in_use(&state.db, old).await? {
                    state.photos.delete(&display_name(old)).await?;
                    state.photos.delete(&thumbnail_name(old)).await?;
                }
            }
            replaced.map(|(photo, _)| photo)
        }
    };
    let updated = updated.ok_or(ApiError::NotFound)?;
    Ok(HttpResponse::Ok().json(PhotoView::from(&updated)))
}
