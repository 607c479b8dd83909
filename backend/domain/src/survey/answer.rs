//! One person's answers, checked against the version of the survey they answered: the right kind
//! of value for each question, every required one there, none to a question the earlier answers
//! hide, map points inside the municipality, free text screened like a report's.

use serde_json::{Map, Value};

use super::definition::{Question, QuestionType, SurveyDefinition};
use crate::area::AreaIndex;
use crate::field::{has_control_character, FieldErrors, FieldIssue};
use crate::report::{Position, PositionError, TimeOfDay};
use crate::screening::screen;

/// A place marked on a survey's map: where, why and when it feels unsafe.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub position: Position,
    pub reasons: Vec<String>,
    pub time_of_day: Option<TimeOfDay>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum AnswerValue {
    /// A single choice, a scale step (or `dont_know`), `yes`/`no`, an area's slug.
    Choice(String),
    Choices(Vec<String>),
    Number(i64),
    Text(String),
    Points(Vec<MapPoint>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub question: String,
    pub background: bool,
    pub value: AnswerValue,
}

impl Answer {
    /// The values stored for it, one row each: what results count (`Points` are stored apart).
    pub fn values(&self) -> Vec<(String, Option<f64>)> {
        match &self.value {
            AnswerValue::Choice(code) => vec![(code.clone(), None)],
            AnswerValue::Choices(codes) => codes.iter().map(|c| (c.clone(), None)).collect(),
            AnswerValue::Number(n) => vec![(n.to_string(), Some(*n as f64))],
            AnswerValue::Text(text) => vec![(text.clone(), None)],
            AnswerValue::Points(_) => Vec::new(),
        }
    }
}

/// A value given for a question (JSON `null` and blank text count as not answered).
fn given(value: Option<&Value>) -> Option<&Value> {
    value.filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
}

/// The answers `raw` (question code → value) to `definition`, in question order.
pub fn parse_answers(
    definition: &SurveyDefinition,
    raw: &Map<String, Value>,
    areas: &AreaIndex,
) -> Result<Vec<Answer>, FieldErrors> {
    let mut errors = FieldErrors::default();
    for code in raw.keys().filter(|code| definition.question(code).is_none()) {
        errors.add(format!("answers.{code}"), FieldIssue::UnknownQuestion);
    }
    let mut answers: Vec<Answer> = Vec::new();
    for question in &definition.questions {
        let field = format!("answers.{}", question.code);
        let shown = question.show_if.as_ref().is_none_or(|c| {
            answers.iter().find(|a| a.question == c.question).is_some_and(|a| match &a.value {
                AnswerValue::Choice(code) => c.any_of.contains(code),
                AnswerValue::Choices(codes) => codes.iter().any(|code| c.any_of.contains(code)),
                _ => false,
            })
        });
        match (given(raw.get(&question.code)), shown) {
            (Some(_), false) => errors.add(field, FieldIssue::NotShown),
            (None, true) if question.required => errors.add(field, FieldIssue::Required),
            (None, _) => {}
            (Some(value), true) => match parse_value(question, value, areas, &field) {
                Ok(value) => {
                    answers.push(Answer { question: question.code.clone(), background: question.background, value })
                }
                Err(more) => errors.merge(more),
            },
        }
    }
    errors.into_result(answers)
}

fn parse_value(q: &Question, value: &Value, areas: &AreaIndex, field: &str) -> Result<AnswerValue, FieldErrors> {
    let one = |issue| FieldErrors::single(field, issue);
    match q.kind {
        QuestionType::SingleChoice | QuestionType::Scale | QuestionType::YesNo => {
            let code = value.as_str().ok_or_else(|| one(FieldIssue::WrongType))?;
            q.accepts(code).then(|| AnswerValue::Choice(code.to_owned())).ok_or_else(|| one(FieldIssue::NotAChoice))
        }
        QuestionType::Area => {
            let slug = value.as_str().ok_or_else(|| one(FieldIssue::WrongType))?;
            areas
                .by_slug(slug)
                .map(|a| AnswerValue::Choice(a.definition.slug.clone()))
                .ok_or_else(|| one(FieldIssue::UnknownLocality))
        }
        QuestionType::MultipleChoice => {
            let codes = strings(value).ok_or_else(|| one(FieldIssue::WrongType))?;
            if codes.is_empty() && q.required {
                return Err(one(FieldIssue::Required));
            }
            if codes.len() > q.max_items() {
                return Err(one(FieldIssue::TooMany { max: q.max_items() as u64 }));
            }
            if codes.iter().any(|c| !q.accepts(c)) {
                return Err(one(FieldIssue::NotAChoice));
            }
            let mut unique = codes.clone();
            unique.sort();
            unique.dedup();
            if unique.len() != codes.len() {
                return Err(one(FieldIssue::Duplicate));
            }
            Ok(AnswerValue::Choices(codes))
        }
        QuestionType::Number => {
            let n = value.as_i64().ok_or_else(|| one(FieldIssue::WrongType))?;
            let (min, max) = (q.min.unwrap_or(i64::MIN), q.max.unwrap_or(i64::MAX));
            (min..=max)
                .contains(&n)
                .then_some(AnswerValue::Number(n))
                .ok_or_else(|| one(FieldIssue::OutOfRange { min: min as f64, max: max as f64 }))
        }
        QuestionType::FreeText => {
            let text = value.as_str().ok_or_else(|| one(FieldIssue::WrongType))?.trim();
            if has_control_character(text) {
                Err(one(FieldIssue::ControlCharacter))
            } else if text.chars().count() > q.free_text_max() {
                Err(one(FieldIssue::TooLong { max: q.free_text_max() as u64 }))
            } else if !screen(text).is_empty() {
                // Anonymous answers are exported as they are: no personal identity or plate numbers.
                Err(one(FieldIssue::PersonalData))
            } else {
                Ok(AnswerValue::Text(text.to_owned()))
            }
        }
        QuestionType::MapPoints => parse_points(q, value, areas, field).map(AnswerValue::Points),
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    value.as_array()?.iter().map(|v| v.as_str().map(str::to_owned)).collect()
}

fn parse_points(q: &Question, value: &Value, areas: &AreaIndex, field: &str) -> Result<Vec<MapPoint>, FieldErrors> {
    let items = value.as_array().ok_or_else(|| FieldErrors::single(field, FieldIssue::WrongType))?;
    if items.len() > q.max_items() {
        return Err(FieldErrors::single(field, FieldIssue::TooMany { max: q.max_items() as u64 }));
    }
    let mut errors = FieldErrors::default();
    let mut points = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let at = format!("{field}[{i}]");
        match parse_point(q, item, areas) {
            Ok(point) => points.push(point),
            Err(more) => errors.merge_under(&format!("{at}."), more),
        }
    }
    errors.into_result(points)
}

/// `{"lat", "lon", "reasons"?: [codes], "time_of_day"?}`; errors by the point's own field names.
fn parse_point(q: &Question, item: &Value, areas: &AreaIndex) -> Result<MapPoint, FieldErrors> {
    let mut errors = FieldErrors::default();
    let Some(object) = item.as_object() else { return Err(FieldErrors::single("lat", FieldIssue::WrongType)) };
    for key in object.keys().filter(|k| !["lat", "lon", "reasons", "time_of_day"].contains(&k.as_str())) {
        errors.add(key.clone(), FieldIssue::UnknownQuestion);
    }
    let coordinate = |key: &str| object.get(key).and_then(Value::as_f64);
    let position = match (coordinate("lat"), coordinate("lon")) {
        (Some(lat), Some(lon)) => match Position::parse(lat, lon, areas) {
            Ok(p) => Some(p),
            Err(PositionError::Lat(issue) | PositionError::Both(issue)) => {
                errors.add("lat", issue);
                None
            }
            Err(PositionError::Lon(issue)) => {
                errors.add("lon", issue);
                None
            }
        },
        _ => {
            errors.add("lat", FieldIssue::Required);
            None
        }
    };
    let reasons = match object.get("reasons") {
        None | Some(Value::Null) => Vec::new(),
        Some(value) => match strings(value) {
            Some(codes) if codes.iter().all(|c| q.accepts(c)) && codes.len() <= q.choices.len() => codes,
            Some(_) => {
                errors.add("reasons", FieldIssue::NotAChoice);
                Vec::new()
            }
            None => {
                errors.add("reasons", FieldIssue::WrongType);
                Vec::new()
            }
        },
    };
    let time_of_day = match object.get("time_of_day") {
        None | Some(Value::Null) => None,
        Some(value) => match serde_json::from_value::<TimeOfDay>(value.clone()) {
            Ok(t) => Some(t),
            Err(_) => {
                errors.add("time_of_day", FieldIssue::NotAChoice);
                None
            }
        },
    };
    match position {
        Some(position) if errors.is_empty() => Ok(MapPoint { position, reasons, time_of_day }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::area::tests::fixture as test_areas;
    use crate::survey::template::standard;

    fn parse(answers: Value) -> Result<Vec<Answer>, Vec<(String, &'static str)>> {
        let raw = answers.as_object().unwrap().clone();
        parse_answers(&standard(), &raw, &test_areas()).map_err(|e| {
            e.iter().flat_map(|(f, issues)| issues.iter().map(move |i| (f.to_owned(), i.code()))).collect()
        })
    }

    fn minimal() -> Value {
        json!({"unsafe_evening": "fairly_safe"})
    }

    #[test]
    fn the_fewest_answers_the_template_needs_are_taken() {
        let answers = parse(minimal()).unwrap();
        assert_eq!(answers[0].value, AnswerValue::Choice("fairly_safe".into()));
    }

    #[test]
    fn a_wrong_value_is_named_by_its_question() {
        let mut answers = minimal();
        answers["worry_society"] = json!(3);
        answers["avoid_route"] = json!("sometimes_maybe");
        answers["victim_violence_times"] = json!(2);
        answers["nonsense"] = json!("x");
        assert_eq!(
            parse(answers).unwrap_err(),
            vec![
                ("answers.avoid_route".into(), "not_a_choice"),
                ("answers.nonsense".into(), "unknown_question"),
                ("answers.victim_violence_times".into(), "not_shown"),
                ("answers.worry_society".into(), "wrong_type"),
            ]
        );
        assert_eq!(parse(json!({})).unwrap_err(), vec![("answers.unsafe_evening".into(), "required")]);
    }

    #[test]
    fn a_conditional_question_is_answered_only_when_shown() {
        let mut answers = minimal();
        answers["victim_violence"] = json!("yes");
        answers["victim_violence_times"] = json!(2);
        assert!(parse(answers.clone()).is_ok());
        answers["victim_violence_times"] = json!(500);
        assert_eq!(parse(answers).unwrap_err(), vec![("answers.victim_violence_times".into(), "out_of_range")]);
    }

    #[test]
    fn map_points_are_inside_the_municipality_with_known_reasons() {
        let mut answers = minimal();
        answers["map_unsafe"] = json!([
            {"lat": 58.0795, "lon": 13.024, "reasons": ["dark"], "time_of_day": "evening"},
            {"lat": 59.33, "lon": 18.07},
            {"lat": 58.0795, "lon": 13.024, "reasons": ["ghosts"]},
        ]);
        assert_eq!(
            parse(answers).unwrap_err(),
            vec![
                ("answers.map_unsafe[1].lat".into(), "outside_municipality"),
                ("answers.map_unsafe[2].reasons".into(), "not_a_choice"),
            ]
        );
    }

    #[test]
    fn free_text_with_a_personal_identity_number_is_refused() {
        let mut answers = minimal();
        answers["comment"] = json!("Min granne 19811218-9876 bråkar");
        assert_eq!(parse(answers).unwrap_err(), vec![("answers.comment".into(), "personal_data")]);
    }
}
