//! A query-string extractor whose every failure is an `ApiError`: 400 for an unknown parameter or
//! a value of the wrong type, 422 naming the parameter for a control character (which no search
//! needs and PostgreSQL cannot take).

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::{ready, Ready};
use serde::de::DeserializeOwned;

use crate::domain::field::has_control_character;
use crate::error::{ApiError, FieldErrors, FieldIssue};

pub struct Query<T>(pub T);

impl<T> std::ops::Deref for Query<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse(req.query_string()).map(Query))
    }
}

pub fn parse<T: DeserializeOwned>(query: &str) -> Result<T, ApiError> {
    let mut refused = FieldErrors::default();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if has_control_character(&name) || has_control_character(&value) {
            refused.add(name.into_owned(), FieldIssue::ControlCharacter);
        }
    }
    if !refused.is_empty() {
        return Err(ApiError::Validation(refused));
    }
    serde_urlencoded::from_str(query).map_err(|e| ApiError::BadQuery(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        q: Option<String>,
        limit: Option<u64>,
    }

    #[test]
    fn unknown_parameters_and_bad_values_are_400_and_a_nul_is_named() {
        assert!(parse::<Probe>("q=tunnel&limit=5").is_ok());
        assert!(matches!(parse::<Probe>("nope=1"), Err(ApiError::BadQuery(_))));
        assert!(matches!(parse::<Probe>("limit=many"), Err(ApiError::BadQuery(_))));
        match parse::<Probe>("q=a%00b") {
            Err(ApiError::Validation(fields)) => assert_eq!(fields.issues("q"), [FieldIssue::ControlCharacter]),
            other => panic!("{other:?}"),
        }
    }
}
