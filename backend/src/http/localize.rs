//! Re-renders error bodies in English for clients whose `Accept-Language` prefers it; handlers
//! and extractors render Swedish by default.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use actix_web::http::header;
use actix_web::HttpRequest;

use crate::error::{ApiError, Lang};

/// The language a client asked for: Swedish unless `Accept-Language` prefers English.
pub fn request_lang(req: &HttpRequest) -> Lang {
    req.headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or(Lang::Sv)
}

pub async fn localize(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let lang = request_lang(req.request());
    let res = next.call(req).await?.map_into_boxed_body();
    if lang == Lang::Sv {
        return Ok(res);
    }
    let english = res.response().error().and_then(|e| e.as_error::<ApiError>()).map(|e| e.render(lang));
    Ok(match english {
        Some(response) => res.into_response(response),
        None => res,
    })
}
