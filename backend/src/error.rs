//! The one error type at the HTTP edge. Every error body is
//! `{"error":{"code","message","fields"?,"field_codes"?}}`; `code` is stable and machine-readable,
//! messages are looked up by code and language (Swedish unless the client asks for English).

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::DbErr;
use serde::Serialize;
use utoipa::ToSchema;

pub use crate::domain::field::{FieldErrors, FieldIssue};
pub use crate::domain::lang::Lang;
use crate::domain::report::ReportStatus;

/// The machine-readable reason of an error; clients switch on it, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    MalformedJson,
    UnknownField,
    BadQuery,
    BadRequest,
    PayloadTooLarge,
    RequestTimeout,
    UnsupportedMediaType,
    UnsupportedPhoto,
    NotFound,
    MethodNotAllowed,
    Unauthorized,
    Forbidden,
    PasswordChangeRequired,
    CrossSite,
    BadCredentials,
    Conflict,
    ClientIdReused,
    NotRetryable,
    SlugTaken,
    InvitationUsed,
    SurveyNotOpen,
    SurveyClosed,
    LagesbildFinal,
    LagesbildDraft,
    RateLimited,
    Unavailable,
    Internal,
}

crate::domain::string_enum!(ErrorCode {
    Validation => "validation", MalformedJson => "malformed_json", UnknownField => "unknown_field",
    BadQuery => "bad_query", BadRequest => "bad_request", PayloadTooLarge => "payload_too_large", RequestTimeout => "request_timeout",
    UnsupportedMediaType => "unsupported_media_type", UnsupportedPhoto => "unsupported_photo", NotFound => "not_found", MethodNotAllowed => "method_not_allowed", Unauthorized => "unauthorized",
    Forbidden => "forbidden", PasswordChangeRequired => "password_change_required", CrossSite => "cross_site",
    BadCredentials => "bad_credentials", Conflict => "conflict", ClientIdReused => "client_id_reused", NotRetryable => "not_retryable",
    SlugTaken => "slug_taken", InvitationUsed => "invitation_used", SurveyNotOpen => "survey_not_open", SurveyClosed => "survey_closed",
    LagesbildFinal => "lagesbild_final", LagesbildDraft => "lagesbild_draft",
    RateLimited => "rate_limited", Unavailable => "unavailable", Internal => "internal",
});

/// Every error response: `{"error": {…}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// In Swedish, or English when `Accept-Language` prefers it.
    pub message: String,
    /// With `conflict`: the statuses the report may move to instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allowed: Option<Vec<ReportStatus>>,
    /// With `validation`: field (dotted, e.g. `contact.email`) → messages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, Vec<String>>>,
    /// With `validation`: field → machine codes, e.g. `outside_municipality`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_codes: Option<BTreeMap<String, Vec<&'static str>>>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("unknown field `{0}`")]
    UnknownField(String),
    #[error("bad query string: {0}")]
    BadQuery(String),
    #[error("malformed request")]
    BadRequest,
    #[error("payload over {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("the body did not arrive in time")]
    RequestTimeout,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("{format} is not a photo format Trygg takes")]
    UnsupportedPhoto { format: &'static str },
    #[error("not found")]
    NotFound,
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("not logged in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("cross-site request refused")]
    CrossSite,
    #[error("wrong e-mail address or password")]
    BadCredentials,
    #[error("conflict: status {current} allows {allowed:?}")]
    Conflict { current: String, allowed: Vec<ReportStatus> },
    #[error("the client_id was used for a different report")]
    ClientIdReused,
    #[error("only a failed email can be queued again; this one is {status}")]
    NotRetryable { status: String },
    #[error("the address is taken by another survey")]
    SlugTaken,
    #[error("the invitation code was already used")]
    InvitationUsed,
    #[error("the survey is not open yet")]
    SurveyNotOpen,
    #[error("the survey is closed")]
    SurveyClosed,
    #[error("the lägesbild is final")]
    LagesbildFinal,
    #[error("only a final lägesbild is corrected")]
    LagesbildDraft,
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Validation(_) => ErrorCode::Validation,
            ApiError::MalformedJson(_) => ErrorCode::MalformedJson,
            ApiError::UnknownField(_) => ErrorCode::UnknownField,
            ApiError::BadQuery(_) => ErrorCode::BadQuery,
            ApiError::BadRequest => ErrorCode::BadRequest,
            ApiError::PayloadTooLarge { .. } => ErrorCode::PayloadTooLarge,
            ApiError::RequestTimeout => ErrorCode::RequestTimeout,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::UnsupportedPhoto { .. } => ErrorCode::UnsupportedPhoto,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed => ErrorCode::MethodNotAllowed,
            ApiError::Unauthorized => ErrorCode::Unauthorized,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            ApiError::CrossSite => ErrorCode::CrossSite,
            ApiError::BadCredentials => ErrorCode::BadCredentials,
            ApiError::Conflict { .. } => ErrorCode::Conflict,
            ApiError::ClientIdReused => ErrorCode::ClientIdReused,
            ApiError::NotRetryable { .. } => ErrorCode::NotRetryable,
            ApiError::SlugTaken => ErrorCode::SlugTaken,
            ApiError::InvitationUsed => ErrorCode::InvitationUsed,
            ApiError::SurveyNotOpen => ErrorCode::SurveyNotOpen,
            ApiError::SurveyClosed => ErrorCode::SurveyClosed,
            ApiError::LagesbildFinal => ErrorCode::LagesbildFinal,
            ApiError::LagesbildDraft => ErrorCode::LagesbildDraft,
            ApiError::RateLimited { .. } => ErrorCode::RateLimited,
            ApiError::Unavailable => ErrorCode::Unavailable,
            ApiError::Unexpected(_) => ErrorCode::Internal,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            ApiError::Validation(_) => lang.pick("Några uppgifter behöver rättas.", "Some fields need correcting."),
            ApiError::MalformedJson(detail) => lang.pick(
                format!("Begäran är inte giltig JSON ({detail})."),
                format!("The request is not valid JSON ({detail})."),
            ),
            ApiError::UnknownField(field) => {
                lang.pick(format!("Okänt fält: {field}."), format!("Unknown field: {field}."))
            }
            ApiError::BadQuery(detail) => lang.pick(
                format!("Ogiltiga parametrar i adressen ({detail})."),
                format!("Invalid query parameters ({detail})."),
            ),
            ApiError::PayloadTooLarge { limit } => lang.pick(
                format!("Begäran är för stor (högst {limit} byte)."),
                format!("The request is too large (at most {limit} bytes)."),
            ),
            ApiError::RequestTimeout => {
                lang.pick("Begäran kom inte fram i tid. Försök igen.", "The request did not arrive in time. Try again.")
            }
            ApiError::UnsupportedPhoto { format } => lang.pick(
                format!("Bilden kan inte tas emot ({format}). Välj JPEG, PNG eller WebP; på iPhone: Inställningar › Kamera › Format › Mest kompatibel."),
                format!("The picture cannot be taken ({format}). Choose JPEG, PNG or WebP; on an iPhone: Settings › Camera › Formats › Most Compatible."),
            ),
            ApiError::UnsupportedMediaType => lang.pick(
                "Skicka JSON med Content-Type: application/json.",
                "Send JSON with Content-Type: application/json.",
            ),
            ApiError::BadRequest => {
                lang.pick("Adressen eller begäran är felaktig.", "The address or request is malformed.")
            }
            ApiError::NotFound => lang.pick("Hittades inte.", "Not found."),
            ApiError::MethodNotAllowed => lang.pick(
                "Adressen tar inte emot den metoden; se Allow.",
                "This address does not take that method; see Allow.",
            ),
            ApiError::Unauthorized => lang.pick("Logga in först.", "Log in first."),
            ApiError::Forbidden => lang.pick("Din roll får inte göra det här.", "Your role is not allowed to do this."),
            ApiError::PasswordChangeRequired => lang.pick(
                "Byt ditt engångslösenord innan du fortsätter.",
                "Change your one-time password before you go on.",
            ),
            ApiError::CrossSite => lang.pick(
                "Begäran kom inte från Tryggs egen sida och avvisades.",
                "The request did not come from Trygg's own page and was refused.",
            ),
            ApiError::BadCredentials => {
                lang.pick("Fel e-postadress eller lösenord.", "Wrong e-mail address or password.")
            }
            ApiError::Conflict { current, allowed } => lang.pick(
                format!("Status {current} kan bara ändras till: {}.", list_or_none(allowed, "inget")),
                format!("Status {current} can only change to: {}.", list_or_none(allowed, "nothing")),
            ),
            ApiError::ClientIdReused => lang.pick(
                "Det här client_id har redan använts för en annan rapport. Skapa ett nytt för varje rapport.",
                "This client_id was already used for a different report. Make a new one for each report.",
            ),
            ApiError::NotRetryable { status } => lang.pick(
                format!("Bara misslyckade e-postmeddelanden kan köas igen; det här är {status}."),
                format!("Only a failed email can be queued again; this one is {status}."),
            ),
            ApiError::SlugTaken => lang.pick(
                "Adressen används redan av en annan enkät. Välj en annan.",
                "Another survey already has this address. Choose another.",
            ),
            ApiError::InvitationUsed => lang.pick(
                "Koden har redan använts. Varje kod kan bara användas en gång.",
                "The code has already been used. Each code can be used once.",
            ),
            ApiError::SurveyNotOpen => {
                lang.pick("Enkäten har inte öppnat än.", "The survey has not opened yet.")
            }
            ApiError::SurveyClosed => lang.pick(
                "Enkäten är stängd och tar inte emot fler svar. Tack för ditt intresse!",
                "The survey is closed and takes no more answers. Thank you for your interest!",
            ),
            ApiError::LagesbildFinal => lang.pick(
                "Lägesbilden är fastställd och ändras inte. Gör en rättelse i stället.",
                "The lägesbild is final and does not change. Make a correction instead.",
            ),
            ApiError::LagesbildDraft => lang.pick(
                "Ett utkast ändras direkt; bara en fastställd lägesbild rättas.",
                "A draft is edited directly; only a final lägesbild is corrected.",
            ),
            ApiError::RateLimited { retry_after_seconds } => lang.pick(
                format!("För många förfrågningar. Försök igen om {retry_after_seconds} sekunder."),
                format!("Too many requests. Try again in {retry_after_seconds} seconds."),
            ),
            ApiError::Unavailable => lang.pick(
                "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.",
                "The service is temporarily unavailable. Try again shortly.",
            ),
            ApiError::Unexpected(_) => {
                lang.pick("Något gick fel hos oss. Försök igen.", "Something went wrong on our side. Try again.")
            }
        }
    }

    /// The response in `lang`. `error_response` uses Swedish; the `localize` middleware re-renders
    /// for clients that prefer English.
    pub fn render(&self, lang: Lang) -> HttpResponse {
        let fields = match self {
            ApiError::Validation(fields) => Some(fields),
            _ => None,
        };
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.message(lang),
                allowed: match self {
                    ApiError::Conflict { allowed, .. } => Some(allowed.clone()),
                    _ => None,
                },
                fields: fields.map(|f| {
                    f.iter()
                        .map(|(f, issues)| (f.to_owned(), issues.iter().map(|i| i.message(lang)).collect()))
                        .collect()
                }),
                field_codes: fields.map(|f| {
                    f.iter().map(|(f, issues)| (f.to_owned(), issues.iter().map(FieldIssue::code).collect())).collect()
                }),
            },
        };
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::RateLimited { retry_after_seconds } = self {
            response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        if let ApiError::Unavailable = self {
            response.insert_header((header::RETRY_AFTER, "5"));
        }
        response.json(body)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) | ApiError::UnknownField(_) | ApiError::BadQuery(_) | ApiError::BadRequest => {
                StatusCode::BAD_REQUEST
            }
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ApiError::UnsupportedMediaType | ApiError::UnsupportedPhoto { .. } => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::PasswordChangeRequired | ApiError::CrossSite => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::NotRetryable { .. }
            | ApiError::ClientIdReused
            | ApiError::SlugTaken
            | ApiError::InvitationUsed
            | ApiError::SurveyNotOpen
            | ApiError::LagesbildFinal
            | ApiError::LagesbildDraft => StatusCode::CONFLICT,
            ApiError::SurveyClosed => StatusCode::GONE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Unexpected(cause) = self {
            tracing::error!(error = ?cause, "unexpected error");
        }
        self.render(Lang::Sv)
    }
}

fn list_or_none(items: &[ReportStatus], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
    }
}

impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        ApiError::Validation(fields)
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if crate::store::is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            ApiError::Unavailable
        } else {
            ApiError::Unexpected(anyhow::Error::new(err))
        }
    }
}
