//! The one error type at the HTTP edge. Every error body is
//! `{"error":{"code","message","fields"?,"field_codes"?}}`; `code` is stable and machine-readable,
//! messages are looked up by code and language (Swedish unless the client asks for English).

use std::collections::BTreeMap;
use std::fmt;

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse, ResponseError};
use sea_orm::{DbErr, RuntimeErr};
use serde_json::json;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// Swedish unless `Accept-Language` prefers English over Swedish.
    pub fn of(req: &HttpRequest) -> Lang {
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(Lang::from_accept_language)
            .unwrap_or(Lang::Sv)
    }

    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
            let lang = match tag.split('-').next() {
                Some("en") => Lang::En,
                Some("sv") => Lang::Sv,
                _ => continue,
            };
            if best.is_none_or(|(best_q, _)| q > best_q) {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::Sv, |(_, lang)| lang)
    }

    fn pick(self, sv: impl Into<String>, en: impl Into<String>) -> String {
        match self {
            Lang::Sv => sv.into(),
            Lang::En => en.into(),
        }
    }
}

/// Why one field was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldIssue {
    Required,
    WrongType,
    TooShort { min: u64 },
    TooLong { max: u64 },
    OutOfRange { min: f64, max: f64 },
    InvalidEmail,
    InvalidPhone,
    InFuture,
    TooOld,
    OutsideMunicipality,
    UnknownCategory,
    UnknownSubtype,
    UnknownLocality,
    StaffOnlyCategory,
    ConsentRequired,
    PositionOrLocality,
    PersonalData,
    NeedsRedaction,
    UnknownReport,
    UnknownGroup,
    UnknownUser,
    Invalid,
}

impl FieldIssue {
    pub fn code(&self) -> &'static str {
        match self {
            FieldIssue::Required => "required",
            FieldIssue::WrongType => "wrong_type",
            FieldIssue::TooShort { .. } => "too_short",
            FieldIssue::TooLong { .. } => "too_long",
            FieldIssue::OutOfRange { .. } => "out_of_range",
            FieldIssue::InvalidEmail => "invalid_email",
            FieldIssue::InvalidPhone => "invalid_phone",
            FieldIssue::InFuture => "in_future",
            FieldIssue::TooOld => "too_old",
            FieldIssue::OutsideMunicipality => "outside_municipality",
            FieldIssue::UnknownCategory => "unknown_category",
            FieldIssue::UnknownSubtype => "unknown_subtype",
            FieldIssue::UnknownLocality => "unknown_locality",
            FieldIssue::StaffOnlyCategory => "staff_only_category",
            FieldIssue::ConsentRequired => "consent_required",
            FieldIssue::PositionOrLocality => "position_or_locality",
            FieldIssue::PersonalData => "personal_data",
            FieldIssue::NeedsRedaction => "needs_redaction",
            FieldIssue::UnknownReport => "unknown_report",
            FieldIssue::UnknownGroup => "unknown_group",
            FieldIssue::UnknownUser => "unknown_user",
            FieldIssue::Invalid => "invalid",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match self {
            FieldIssue::Required => lang.pick("Fältet måste fyllas i.", "This field is required."),
            FieldIssue::WrongType => lang.pick("Fel sorts värde.", "Wrong kind of value."),
            FieldIssue::TooShort { min } => {
                lang.pick(format!("Minst {min} tecken."), format!("At least {min} characters."))
            }
            FieldIssue::TooLong { max } => {
                lang.pick(format!("Högst {max} tecken."), format!("At most {max} characters."))
            }
            FieldIssue::OutOfRange { min, max } => {
                lang.pick(format!("Måste vara mellan {min} och {max}."), format!("Must be between {min} and {max}."))
            }
            FieldIssue::InvalidEmail => lang.pick("Ogiltig e-postadress.", "Not a valid email address."),
            FieldIssue::InvalidPhone => lang.pick(
                "Ogiltigt telefonnummer (siffror, mellanslag, + och -).",
                "Not a valid phone number (digits, spaces, + and -).",
            ),
            FieldIssue::InFuture => {
                lang.pick("Tidpunkten kan inte ligga i framtiden.", "The time cannot be in the future.")
            }
            FieldIssue::TooOld => {
                lang.pick("Tidpunkten får vara högst ett år tillbaka.", "The time can be at most a year ago.")
            }
            FieldIssue::OutsideMunicipality => {
                lang.pick("Platsen ligger utanför kommunen.", "The place is outside the municipality.")
            }
            FieldIssue::UnknownCategory => lang.pick("Okänd kategori.", "Unknown category."),
            FieldIssue::UnknownSubtype => {
                lang.pick("Okänd underkategori för kategorin.", "Unknown subtype for the category.")
            }
            FieldIssue::UnknownLocality => lang.pick("Okänd ort.", "Unknown locality."),
            FieldIssue::StaffOnlyCategory => lang.pick(
                "Kategorin används bara i personalens inrapporter.",
                "This category is only for staff incident reports.",
            ),
            FieldIssue::ConsentRequired => lang
                .pick("Kryssa i samtycke om du lämnar kontaktuppgifter.", "Tick consent if you leave contact details."),
            FieldIssue::PositionOrLocality => lang.pick(
                "Ange antingen en position (lat och lon) eller en ort.",
                "Give either a position (lat and lon) or a locality.",
            ),
            FieldIssue::PersonalData => lang.pick(
                "Texten innehåller personnummer eller registreringsnummer och kan inte visas offentligt.",
                "The text contains a personal identity or vehicle registration number and cannot be shown publicly.",
            ),
            FieldIssue::NeedsRedaction => lang.pick(
                "Rapporten innehåller personuppgifter: maska texten innan den visas offentligt.",
                "The report contains personal data: redact the text before showing it publicly.",
            ),
            FieldIssue::UnknownReport => lang.pick("Okänd rapport.", "Unknown report."),
            FieldIssue::UnknownGroup => lang.pick("Okänd grupp.", "Unknown group."),
            FieldIssue::UnknownUser => lang.pick("Okänd eller inaktiv användare.", "Unknown or inactive user."),
            FieldIssue::Invalid => lang.pick("Ogiltigt värde.", "Invalid value."),
        }
    }
}

/// Field name (dotted for nested fields, e.g. `contact.email`) → what is wrong with it.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct FieldErrors(BTreeMap<String, Vec<FieldIssue>>);

impl FieldErrors {
    pub fn add(&mut self, field: impl Into<String>, issue: FieldIssue) {
        self.0.entry(field.into()).or_default().push(issue);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn issues(&self, field: &str) -> &[FieldIssue] {
        self.0.get(field).map_or(&[], Vec::as_slice)
    }

    pub fn merge(&mut self, other: FieldErrors) {
        for (field, issues) in other.0 {
            self.0.entry(field).or_default().extend(issues);
        }
    }

    /// `Ok(value)` when nothing was added, the collected errors otherwise.
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    pub fn single(field: impl Into<String>, issue: FieldIssue) -> Self {
        let mut errors = FieldErrors::default();
        errors.add(field, issue);
        errors
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::default();
        collect_validation_errors(&mut out, "", errors);
        out
    }
}

fn collect_validation_errors(out: &mut FieldErrors, prefix: &str, errors: validator::ValidationErrors) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.into_errors() {
        let name = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    out.add(name.clone(), FieldIssue::from(&error));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect_validation_errors(out, &name, *inner),
            ValidationErrorsKind::List(items) => {
                for (index, inner) in items {
                    collect_validation_errors(out, &format!("{name}[{index}]"), *inner);
                }
            }
        }
    }
}

impl From<&validator::ValidationError> for FieldIssue {
    fn from(error: &validator::ValidationError) -> Self {
        let number = |key: &str| error.params.get(key).and_then(serde_json::Value::as_f64);
        match error.code.as_ref() {
            "required" => FieldIssue::Required,
            "length" => {
                let len = error.params.get("value").and_then(|v| v.as_str()).map(|s| s.chars().count());
                match (len, number("min"), number("max")) {
                    (Some(len), Some(min), _) if (len as f64) < min => FieldIssue::TooShort { min: min as u64 },
                    (_, _, Some(max)) => FieldIssue::TooLong { max: max as u64 },
                    _ => FieldIssue::Invalid,
                }
            }
            "range" => FieldIssue::OutOfRange {
                min: number("min").unwrap_or(f64::NEG_INFINITY),
                max: number("max").unwrap_or(f64::INFINITY),
            },
            "email" => FieldIssue::InvalidEmail,
            "phone" => FieldIssue::InvalidPhone,
            _ => FieldIssue::Invalid,
        }
    }
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
    #[error("payload over {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("not found")]
    NotFound,
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
    Conflict { current: String, allowed: Vec<String> },
    #[error("only a failed email can be queued again; this one is {status}")]
    NotRetryable { status: String },
    #[error("rate limited")]
    RateLimited { retry_after_seconds: u64 },
    #[error("database unavailable")]
    Unavailable,
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ApiError {
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Validation(_) => "validation",
            ApiError::MalformedJson(_) => "malformed_json",
            ApiError::UnknownField(_) => "unknown_field",
            ApiError::BadQuery(_) => "bad_query",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType => "unsupported_media_type",
            ApiError::NotFound => "not_found",
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::PasswordChangeRequired => "password_change_required",
            ApiError::CrossSite => "cross_site",
            ApiError::BadCredentials => "bad_credentials",
            ApiError::Conflict { .. } => "conflict",
            ApiError::NotRetryable { .. } => "not_retryable",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Unavailable => "unavailable",
            ApiError::Unexpected(_) => "internal",
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
            ApiError::UnsupportedMediaType => lang.pick(
                "Skicka JSON med Content-Type: application/json.",
                "Send JSON with Content-Type: application/json.",
            ),
            ApiError::NotFound => lang.pick("Hittades inte.", "Not found."),
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
            ApiError::NotRetryable { status } => lang.pick(
                format!("Bara misslyckade e-postmeddelanden kan köas igen; det här är {status}."),
                format!("Only a failed email can be queued again; this one is {status}."),
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
        let mut body = json!({ "code": self.code(), "message": self.message(lang) });
        if let ApiError::Conflict { allowed, .. } = self {
            body["allowed"] = json!(allowed);
        }
        if let ApiError::Validation(fields) = self {
            let messages: BTreeMap<_, Vec<String>> =
                fields.0.iter().map(|(f, issues)| (f, issues.iter().map(|i| i.message(lang)).collect())).collect();
            let codes: BTreeMap<_, Vec<&str>> =
                fields.0.iter().map(|(f, issues)| (f, issues.iter().map(FieldIssue::code).collect())).collect();
            body["fields"] = json!(messages);
            body["field_codes"] = json!(codes);
        }
        let mut response = HttpResponse::build(self.status_code());
        if let ApiError::RateLimited { retry_after_seconds } = self {
            response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        if let ApiError::Unavailable = self {
            response.insert_header((header::RETRY_AFTER, "5"));
        }
        response.json(json!({ "error": body }))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) | ApiError::UnknownField(_) | ApiError::BadQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Unauthorized | ApiError::BadCredentials => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden | ApiError::PasswordChangeRequired | ApiError::CrossSite => StatusCode::FORBIDDEN,
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::NotRetryable { .. } => StatusCode::CONFLICT,
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

fn list_or_none(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_owned()
    } else {
        items.join(", ")
    }
}

impl From<FieldErrors> for ApiError {
    fn from(fields: FieldErrors) -> Self {
        ApiError::Validation(fields)
    }
}

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        if is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            ApiError::Unavailable
        } else {
            ApiError::Unexpected(anyhow::Error::new(err))
        }
    }
}

/// Whether a database error means "cannot reach the database right now" rather than a bug.
pub fn is_unavailable(err: &DbErr) -> bool {
    let sqlx_err = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx_err {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL: connection exceptions (08…), shutdown and too many connections (57P…, 53300),
        // a dropped database (3D000). SQLite: busy or locked beyond the busy timeout.
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            code.starts_with("08")
                || code.starts_with("57P")
                || code == "53300"
                || code == "3D000"
                || code == "5"
                || code == "6"
        }),
        _ => false,
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_is_the_default_and_english_is_honoured_by_quality() {
        assert_eq!(Lang::from_accept_language(""), Lang::Sv);
        assert_eq!(Lang::from_accept_language("en"), Lang::En);
        assert_eq!(Lang::from_accept_language("en-GB,en;q=0.9"), Lang::En);
        assert_eq!(Lang::from_accept_language("sv-SE,en;q=0.5"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("de,en;q=0.8,sv;q=0.9"), Lang::Sv);
        assert_eq!(Lang::from_accept_language("fr"), Lang::Sv);
    }

    #[test]
    fn length_errors_say_whether_too_short_or_too_long() {
        let mut short = validator::ValidationError::new("length");
        short.add_param("min".into(), &1);
        short.add_param("max".into(), &10);
        short.add_param("value".into(), &"");
        assert_eq!(FieldIssue::from(&short), FieldIssue::TooShort { min: 1 });
        let mut long = validator::ValidationError::new("length");
        long.add_param("max".into(), &3);
        long.add_param("value".into(), &"åäöx");
        assert_eq!(FieldIssue::from(&long), FieldIssue::TooLong { max: 3 });
    }
}
