//! Trygghetsenkäter: staff build and publish, residents answer (checked against the version they
//! answered), invitation codes are spent once, closed surveys take nothing, and results hide
//! every figure that rests on fewer than five answers — also from a differencing attack.

use chrono::{Duration, Utc};
use serde_json::{json, Value};
use trygg::domain::user::Role;
use uuid::Uuid;

use crate::helpers::{field_codes, spawn_app, Backend, Staff, TestApp};

/// A two-question survey: a feeling (with the trygghetsindex) and, shown after "unsafe", why.
fn two_questions() -> Value {
    json!({
        "title": {"sv": "Kvällsenkät", "en": "Evening survey"},
        "questions": [
            {"code": "feeling", "type": "single_choice", "required": true, "index": "share",
             "text": {"sv": "Hur trygg känner du dig?", "en": "How safe do you feel?"},
             "choices": [
                {"code": "safe", "text": {"sv": "Trygg"}, "score": 1},
                {"code": "unsafe", "text": {"sv": "Otrygg"}, "score": 0}]},
            {"code": "why", "type": "free_text", "max_length": 200,
             "text": {"sv": "Varför?"}, "show_if": {"question": "feeling", "any_of": ["unsafe"]}},
            {"code": "home", "type": "area", "background": true, "text": {"sv": "Var bor du?"}}
        ]
    })
}

async fn published(app: &TestApp, coordinator: &Staff<'_>, slug: &str, definition: Option<Value>) {
    let mut body = json!({"slug": slug});
    if let Some(definition) = definition {
        body["definition"] = definition;
    }
    let created = coordinator.post("/api/v1/staff/surveys", &body).await;
    assert_eq!(created.status(), 201, "{}", created.text().await.unwrap());
    let publish = json!({"action": "publish", "closes_at": Utc::now() + Duration::days(30)});
    let response = coordinator.post(&format!("/api/v1/staff/surveys/{slug}/actions"), &publish).await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.get(&format!("/api/v1/surveys/{slug}")).await.status(), 200);
}

async fn answer(app: &TestApp, slug: &str, body: &Value) -> (u16, Value) {
    let response =
        app.client.post(format!("{}/api/v1/surveys/{slug}/responses", app.address)).json(body).send().await.unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

fn answers(version: i32, answers: Value) -> Value {
    json!({"client_id": Uuid::new_v4(), "version": version, "answers": answers})
}

async fn results(staff: &Staff<'_>, slug: &str, query: &str) -> Value {
    let response = staff.get(&format!("/api/v1/staff/surveys/{slug}/results{query}")).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn question<'a>(group: &'a Value, code: &str) -> &'a Value {
    group["questions"].as_array().unwrap().iter().find(|q| q["code"] == code).unwrap()
}

fn count(group: &Value, code: &str, choice: &str) -> Value {
    question(group, code)["choices"].as_array().unwrap().iter().find(|c| c["code"] == choice).unwrap()["count"].clone()
}

async fn a_survey_is_built_published_answered_once_and_counted(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "kvall", Some(two_questions())).await;
    let open: Value = app.get("/api/v1/surveys").await.json().await.unwrap();
    assert_eq!(open["surveys"][0]["slug"], "kvall");
    let body = answers(1, json!({"feeling": "unsafe", "why": "Mörkt vid stationen.", "home": "herrljunga"}));
    assert_eq!(answer(&app, "kvall", &body).await.0, 201);
    assert_eq!(answer(&app, "kvall", &body).await.0, 200, "an offline retry is received once");
    let mut other = body.clone();
    other["answers"]["feeling"] = json!("safe");
    other["answers"].as_object_mut().unwrap().remove("why");
    assert_eq!(answer(&app, "kvall", &other).await.1["error"]["code"], "client_id_reused");
    assert_eq!(app.count("survey_response").await, 1);
    assert_eq!(app.count("survey_background").await, 1, "the area of residence is kept apart");
    let detail: Value = coordinator.get("/api/v1/staff/surveys/kvall").await.json().await.unwrap();
    let kinds: Vec<&str> = detail["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["created", "published"]);
    assert_eq!(detail["responses"], 1);
}

async fn answers_are_checked_against_their_version_and_named_by_question(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "kontroll", None).await;
    let refused = |answers_given: Value| {
        let body = answers(1, answers_given);
        let app = &app;
        async move {
            let (status, body) = answer(app, "kontroll", &body).await;
            assert_eq!(status, 422, "{body}");
            field_codes(&body).clone()
        }
    };
    let codes = refused(json!({
        "worry_society": 3,
        "avoid_route": "maybe",
        "victim_theft_times": 2,
        "map_unsafe": [{"lat": 59.33, "lon": 18.07}],
    }))
    .await;
    assert_eq!(codes["answers.unsafe_evening"], json!(["required"]));
    assert_eq!(codes["answers.worry_society"], json!(["wrong_type"]));
    assert_eq!(codes["answers.avoid_route"], json!(["not_a_choice"]));
    assert_eq!(codes["answers.victim_theft_times"], json!(["not_shown"]));
    assert_eq!(codes["answers.map_unsafe[0].lat"], json!(["outside_municipality"]));
    let (status, body) = answer(&app, "kontroll", &answers(7, json!({"unsafe_evening": "very_safe"}))).await;
    assert_eq!((status, field_codes(&body)["version"].clone()), (422, json!(["invalid"])));
    // Editing the published survey makes version 2; version 1's answers are still taken.
    let mut definition: Value =
        coordinator.get("/api/v1/staff/surveys/kontroll").await.json::<Value>().await.unwrap()["definition"].clone();
    definition["questions"].as_array_mut().unwrap().retain(|q| q["code"] != "comment");
    let edited: Value = coordinator
        .send(reqwest::Method::PUT, "/api/v1/staff/surveys/kontroll", Some(&definition))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited["version"], 2);
    let (status, _) =
        answer(&app, "kontroll", &answers(1, json!({"unsafe_evening": "very_safe", "comment": "Bra belysning."})))
            .await;
    assert_eq!(status, 201, "an answer to version 1 belongs to version 1");
    let (status, body) =
        answer(&app, "kontroll", &answers(2, json!({"unsafe_evening": "very_safe", "comment": "Bra."}))).await;
    assert_eq!((status, field_codes(&body)["answers.comment"].clone()), (422, json!(["unknown_question"])));
}

async fn a_broken_definition_is_refused_naming_the_question_and_the_problem(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.staff(Role::Admin).await;
    let mut definition = two_questions();
    definition["questions"][0]["show_if"] = json!({"question": "home", "any_of": ["ljung"]});
    definition["questions"][1]["code"] = json!("feeling");
    definition["questions"]
        .as_array_mut()
        .unwrap()
        .push(json!({"code": "empty", "type": "single_choice", "text": {"sv": "Tom"}}));
    let response = admin.post("/api/v1/staff/surveys", &json!({"slug": "trasig", "definition": definition})).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    let codes = field_codes(&body);
    assert_eq!(codes["definition.questions[0].show_if.question"], json!(["later_question"]));
    assert_eq!(codes["definition.questions[1].code"], json!(["duplicate"]));
    assert_eq!(codes["definition.questions[3].choices"], json!(["too_short"]));
    let est = app.staff(Role::EstMember).await;
    assert_eq!(est.post("/api/v1/staff/surveys", &json!({"slug": "est-enkat"})).await.status(), 403);
}

async fn an_invitation_code_is_spent_once_and_a_closed_survey_takes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    coordinator.post("/api/v1/staff/surveys", &json!({"slug": "urval", "access": "invitation"})).await;
    let invited: Value =
        coordinator.post("/api/v1/staff/surveys/urval/invitations", &json!({"count": 2})).await.json().await.unwrap();
    let code = invited["codes"][0].as_str().unwrap().to_owned();
    let publish = json!({"action": "publish", "closes_at": Utc::now() + Duration::days(30)});
    coordinator.post("/api/v1/staff/surveys/urval/actions", &publish).await;
    let with = |code: &str| {
        let mut body = answers(1, json!({"unsafe_evening": "fairly_safe"}));
        body["invitation_code"] = json!(code);
        body
    };
    let (status, body) = answer(&app, "urval", &answers(1, json!({"unsafe_evening": "fairly_safe"}))).await;
    assert_eq!((status, field_codes(&body)["invitation_code"].clone()), (422, json!(["required"])));
    assert_eq!(answer(&app, "urval", &with(&code.to_lowercase().replace('-', " "))).await.0, 201, "typed forgivingly");
    let (status, body) = answer(&app, "urval", &with(&code)).await;
    assert_eq!((status, body["error"]["code"].as_str()), (409, Some("invitation_used")));
    let (status, body) = answer(&app, "urval", &with("ZZZZ-ZZZZ")).await;
    assert_eq!((status, field_codes(&body)["invitation_code"].clone()), (422, json!(["invalid"])));
    coordinator.post("/api/v1/staff/surveys/urval/actions", &json!({"action": "close"})).await;
    let (status, body) = answer(&app, "urval", &with(invited["codes"][1].as_str().unwrap())).await;
    assert_eq!((status, body["error"]["code"].as_str()), (410, Some("survey_closed")));
}

/// `n` answers to the standard template with `extra` answers and background `home`.
async fn answer_many(app: &TestApp, slug: &str, n: usize, feeling: &str, home: Option<&str>, extra: Value) {
    for _ in 0..n {
        let mut given = json!({"unsafe_evening": feeling});
        for (k, v) in extra.as_object().unwrap() {
            given[k] = v.clone();
        }
        if let Some(home) = home {
            given["bg_area"] = json!(home);
        }
        let (status, body) = answer(app, slug, &answers(1, given)).await;
        assert_eq!(status, 201, "{body}");
    }
}

async fn the_indexes_match_a_hand_computed_fixture(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "fixtur", None).await;
    // Trygghetsindex: 15 of the 20 who gave a feeling are safe; the 5 who never go out are apart.
    // Every count is 0 or at least 5, so nothing is hidden.
    answer_many(&app, "fixtur", 10, "very_safe", None, json!({"problem_littering": "very_big"})).await;
    answer_many(&app, "fixtur", 5, "fairly_safe", None, json!({"problem_littering": "fairly_small"})).await;
    answer_many(&app, "fixtur", 5, "fairly_unsafe", None, json!({"problem_littering": "none"})).await;
    answer_many(&app, "fixtur", 5, "never_out", None, json!({"problem_littering": "dont_know"})).await;
    let est = app.staff(Role::EstMember).await;
    let shown = results(&est, "fixtur", "").await;
    let safety = &question(&shown["total"], "unsafe_evening")["index"];
    assert_eq!(safety["n"], 20);
    assert!((safety["value"].as_f64().unwrap() - 0.75).abs() < 1e-9);
    // Wilson, 15 of 20: (0.5313, 0.8881).
    assert!((safety["low"].as_f64().unwrap() - 0.5313).abs() < 1e-4, "{safety}");
    assert!((safety["high"].as_f64().unwrap() - 0.8881).abs() < 1e-4, "{safety}");
    assert_eq!(count(&shown["total"], "unsafe_evening", "very_unsafe"), json!(0), "a zero is shown");
    // Problemindex: 10 × 6 + 5 × 2 + 5 × 0 = 70 over 20 (the 5 "vet ej" left out) = 3.5.
    let littering = &question(&shown["total"], "problem_littering")["index"];
    assert_eq!(littering["n"], 20);
    assert!((littering["value"].as_f64().unwrap() - 3.5).abs() < 1e-9);
    // One more very unsafe: its 1 is hidden, and the index with it, since 0.75 of 21 would give it.
    answer_many(&app, "fixtur", 1, "very_unsafe", None, json!({})).await;
    let after = results(&est, "fixtur", "").await;
    assert_eq!(count(&after["total"], "unsafe_evening", "very_unsafe"), json!(null));
    assert_eq!(question(&after["total"], "unsafe_evening")["index"], json!(null));
}

async fn small_groups_are_hidden_and_cannot_be_had_by_subtraction(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "skydd", None).await;
    // Ljung has 3 respondents, all very unsafe: they must not be found by any subtraction.
    answer_many(&app, "skydd", 3, "very_unsafe", Some("ljung"), json!({})).await;
    answer_many(&app, "skydd", 6, "very_safe", Some("herrljunga"), json!({})).await;
    answer_many(&app, "skydd", 6, "very_unsafe", Some("herrljunga"), json!({})).await;
    answer_many(&app, "skydd", 7, "very_safe", Some("annelund"), json!({})).await;
    answer_many(&app, "skydd", 5, "very_unsafe", Some("annelund"), json!({})).await;
    let est = app.staff(Role::EstMember).await;
    let total = results(&est, "skydd", "").await["total"].clone();
    assert_eq!(count(&total, "unsafe_evening", "very_unsafe"), json!(14));
    let by_area = results(&est, "skydd", "?by=bg_area").await;
    let groups = by_area["groups"].as_array().unwrap();
    let group = |slug: &str| groups.iter().find(|g| g["group"] == slug).unwrap();
    assert_eq!(group("ljung")["responses"], json!(null), "3 respondents");
    assert_eq!(count(group("ljung"), "unsafe_evening", "very_unsafe"), json!(null));
    // The total (14) minus the visible areas must not leave Ljung's 3: a second area is hidden.
    let visible: i64 = groups.iter().filter_map(|g| count(g, "unsafe_evening", "very_unsafe").as_i64()).sum();
    let hidden_areas = groups.iter().filter(|g| count(g, "unsafe_evening", "very_unsafe").is_null()).count();
    assert!(hidden_areas >= 2 || visible == 14, "visible {visible} of 14 with {hidden_areas} hidden");
    let group_sizes_hidden = groups.iter().filter(|g| g["responses"].is_null()).count();
    assert_ne!(group_sizes_hidden, 1, "one hidden group size is the total minus the others");
    // No index for a hidden group, and the CSV says so in words.
    assert_eq!(question(group("ljung"), "unsafe_evening")["index"], json!(null));
    let csv = est.get("/api/v1/staff/surveys/skydd/results.csv?by=bg_area").await.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("ljung;unsafe_evening;very_unsafe;för få svar"), "{csv}");
}

async fn exports_and_the_map_layer_leave_the_background_out(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "export", None).await;
    let given = json!({
        "unsafe_evening": "fairly_unsafe", "comment": "Mörkt; \"ingen\" lampa", "bg_age": "age_25_44", "bg_area": "herrljunga",
        "map_unsafe": [{"lat": 58.0795, "lon": 13.024, "reasons": ["dark", "deserted"], "time_of_day": "night"}],
    });
    assert_eq!(answer(&app, "export", &answers(1, given)).await.0, 201);
    let raw = coordinator.get("/api/v1/staff/surveys/export/responses.csv").await.text().await.unwrap();
    let header = raw.lines().next().unwrap();
    assert!(header.contains("unsafe_evening") && !header.contains("bg_"), "{header}");
    assert!(raw.contains("\"Mörkt; \"\"ingen\"\" lampa\"") && !raw.contains("age_25_44"), "{raw}");
    let est = app.staff(Role::EstMember).await;
    assert_eq!(est.get("/api/v1/staff/surveys/export/responses.csv").await.status(), 403);
    let points: Value = est.get("/api/v1/staff/surveys/export/points").await.json().await.unwrap();
    let point = &points["features"][0];
    assert_eq!(point["geometry"]["coordinates"], json!([13.024, 58.0795]));
    assert_eq!(point["properties"]["reasons"], json!(["dark", "deserted"]));
    assert_eq!(point["properties"]["area"], "herrljunga");
    let qr = app.get("/api/v1/surveys/export/qr.svg").await;
    assert_eq!(qr.headers()["content-type"], "image/svg+xml");
    assert!(qr.text().await.unwrap().contains("<svg"));
}

async fn rounds_compare_by_question_code(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    published(&app, &coordinator, "runda-1", None).await;
    answer_many(&app, "runda-1", 20, "very_unsafe", None, json!({})).await;
    answer_many(&app, "runda-1", 10, "very_safe", None, json!({})).await;
    let copy = coordinator
        .post("/api/v1/staff/surveys/runda-1/actions", &json!({"action": "duplicate", "slug": "runda-2"}))
        .await;
    assert_eq!(copy.status(), 201);
    let publish = json!({"action": "publish", "closes_at": Utc::now() + Duration::days(30)});
    coordinator.post("/api/v1/staff/surveys/runda-2/actions", &publish).await;
    answer_many(&app, "runda-2", 25, "very_safe", None, json!({})).await;
    answer_many(&app, "runda-2", 5, "very_unsafe", None, json!({})).await;
    let compared = results(&coordinator, "runda-2", "?compare=runda-1").await;
    let change = compared["changes"].as_array().unwrap().iter().find(|c| c["code"] == "unsafe_evening").unwrap();
    assert!((change["change"].as_f64().unwrap() - (25.0 / 30.0 - 10.0 / 30.0)).abs() < 1e-9);
    assert_eq!(change["outside_intervals"], true);
}

crate::on_both_backends!(
    a_survey_is_built_published_answered_once_and_counted,
    answers_are_checked_against_their_version_and_named_by_question,
    a_broken_definition_is_refused_naming_the_question_and_the_problem,
    an_invitation_code_is_spent_once_and_a_closed_survey_takes_nothing,
    the_indexes_match_a_hand_computed_fixture,
    small_groups_are_hidden_and_cannot_be_had_by_subtraction,
    exports_and_the_map_layer_leave_the_background_out,
    rounds_compare_by_question_code,
);
