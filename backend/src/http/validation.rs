//! `validator`'s shape checks in the domain's field-error vocabulary.

use trygg_domain::field::{FieldErrors, FieldIssue};

/// The errors of a `validate()` call, dotted for nested fields (`contact.email`, `events[0].lat`).
pub fn field_errors(errors: validator::ValidationErrors) -> FieldErrors {
    let mut out = FieldErrors::default();
    collect_validation_errors(&mut out, "", errors);
    out
}

/// `Err` with the field errors when `dto` breaks its shape rules.
pub fn validate(dto: &impl validator::Validate) -> Result<(), FieldErrors> {
    dto.validate().map_err(field_errors)
}

/// The field errors of `dto`'s shape rules; empty when it has none.
pub fn shape_errors(dto: &impl validator::Validate) -> FieldErrors {
    validate(dto).err().unwrap_or_default()
}

fn collect_validation_errors(out: &mut FieldErrors, prefix: &str, errors: validator::ValidationErrors) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.into_errors() {
        let name = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for error in list {
                    out.add(name.clone(), issue(&error));
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

fn issue(error: &validator::ValidationError) -> FieldIssue {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_errors_say_whether_too_short_or_too_long() {
        let mut short = validator::ValidationError::new("length");
        short.add_param("min".into(), &1);
        short.add_param("max".into(), &10);
        short.add_param("value".into(), &"");
        assert_eq!(issue(&short), FieldIssue::TooShort { min: 1 });
        let mut long = validator::ValidationError::new("length");
        long.add_param("max".into(), &3);
        long.add_param("value".into(), &"åäöx");
        assert_eq!(issue(&long), FieldIssue::TooLong { max: 3 });
    }
}
