//! Residents' report intake and tracking.

use serde_json::{json, Value};

use crate::helpers::{field_codes, spawn_app, valid_report, Backend};

async fn a_valid_report_is_received_with_a_receipt(backend: Backend) {
    let app = spawn_app(backend).await;
    let response = app.post_report(&valid_report()).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    let id = receipt["id"].as_str().unwrap();
    assert!(id.starts_with("TRY-20") && id.len() == "TRY-2026-000001".len(), "{id}");
    let token = receipt["tracking_token"].as_str().unwrap();
    assert!(token.len() >= 22, "at least 128 bits, URL-safe: {token}");
    assert!(token.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(receipt["tracking_url"], format!("{}/folj/{token}", app.settings.public_base()));
    assert_eq!(receipt["status"], "new");
    assert_eq!(receipt["area"]["slug"], "herrljunga");
    assert_eq!(app.count("report").await, 1);
    assert_eq!(app.count("report_event").await, 1, "the receipt is on the timeline");
}

async fn a_retry_with_the_same_client_id_returns_the_first_report(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = valid_report();
    let first = app.post_report(&report).await;
    let again = app.post_report(&report).await;
    assert_eq!(first.status(), 201);
    assert_eq!(again.status(), 200);
    let (first, again): (Value, Value) = (first.json().await.unwrap(), again.json().await.unwrap());
    assert_eq!(first, again);
    assert_eq!(app.count("report").await, 1);
}

async fn concurrent_retries_store_one_report(backend: Backend) {
    let app = spawn_app(backend).await;
    let report = valid_report();
    let sends = (0..8).map(|_| app.post_report(&report));
    let statuses: Vec<u16> = futures_util::future::join_all(sends).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 200), "{statuses:?}");
    assert_eq!(app.count("report").await, 1);
}

/// A burst of new reports, their retries and a reused `client_id` at once: on SQLite they share
/// group commits, and still each new report is stored once with its own number and event, each
/// retry answers with the same receipt, and the reused id is refused alone.
async fn a_burst_of_reports_and_retries_stores_each_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let earlier = valid_report();
    assert_eq!(app.post_report(&earlier).await.status(), 201);
    let mut reused = valid_report();
    reused["client_id"] = earlier["client_id"].clone();
    let reports: Vec<Value> = (0..40).map(|_| valid_report()).collect();
    let burst: Vec<&Value> = reports.iter().chain(&reports[..10]).chain([&reused]).collect();
    let responses = futures_util::future::join_all(burst.iter().map(|r| app.post_report(r))).await;
    let mut statuses = Vec::new();
    let mut numbers = std::collections::BTreeMap::new();
    for (response, sent) in responses.into_iter().zip(&burst) {
        statuses.push(response.status().as_u16());
        if response.status() == 409 {
            continue;
        }
        let receipt: Value = response.json().await.unwrap();
        let number = receipt["id"].as_str().unwrap().to_owned();
        let first = numbers.entry(sent["client_id"].as_str().unwrap().to_owned()).or_insert(number.clone());
        assert_eq!(*first, number, "a retry answers with the first receipt");
    }
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 40, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 10, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 1, "{statuses:?}");
    let distinct: std::collections::BTreeSet<_> = numbers.values().collect();
    assert_eq!(distinct.len(), 40, "every report has a number of its own");
    assert_eq!(app.count("report").await, 41);
    assert_eq!(app.count("report_event").await, 41);
}

async fn every_invalid_field_is_named_with_its_reason(backend: Backend) {
    let app = spawn_app(backend).await;
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        ("client_id missing", json!(null), "client_id", "required"),
        ("client_id not a uuid", json!("abc"), "client_id", "wrong_type"),
        ("category missing", json!(null), "category", "required"),
        ("category unknown", json!("aliens"), "category", "unknown_category"),
        ("category staff only", json!("staff_incident"), "category", "staff_only_category"),
        ("subtype unknown", json!("volcano"), "subtype", "unknown_subtype"),
        ("description blank", json!("   "), "description", "too_short"),
        ("description too long", json!("å".repeat(2001)), "description", "too_long"),
        ("lat missing", json!(null), "lat", "required"),
        ("lat out of range", json!(91.0), "lat", "out_of_range"),
        ("lon out of range", json!(-181.0), "lon", "out_of_range"),
        ("accuracy negative", json!(-1.0), "accuracy_m", "out_of_range"),
        ("occurred_at missing", json!(null), "occurred_at", "required"),
        ("occurred_at not a time", json!("igår"), "occurred_at", "wrong_type"),
        (
            "occurred_at in the future",
            json!((chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339()),
            "occurred_at",
            "in_future",
        ),
        (
            "occurred_at too old",
            json!((chrono::Utc::now() - chrono::Duration::days(400)).to_rfc3339()),
            "occurred_at",
            "too_old",
        ),
        ("time_of_day unknown", json!("noon"), "time_of_day", "wrong_type"),
        ("feeling too high", json!(6), "feeling", "out_of_range"),
        ("feeling too low", json!(0), "feeling", "out_of_range"),
        ("recurring not a bool", json!("ja"), "recurring", "wrong_type"),
        ("place_description too long", json!("x".repeat(501)), "place_description", "too_long"),
        ("locality unknown", json!("atlantis"), "locality", "unknown_locality"),
        ("contact without consent", json!({"email": "a@example.se"}), "contact.consent", "consent_required"),
        (
            "contact email invalid",
            json!({"email": "inte-en-adress", "consent": true}),
            "contact.email",
            "invalid_email",
        ),
        ("contact phone invalid", json!({"phone": "ring mig", "consent": true}), "contact.phone", "invalid_phone"),
    ];
    for (case, value, field, code) in cases {
        let mut report = valid_report();
        let target = if field.starts_with("contact.") { "contact" } else { field };
        if target == "locality" {
            report.as_object_mut().unwrap().remove("lat");
            report.as_object_mut().unwrap().remove("lon");
        }
        if value.is_null() {
            report.as_object_mut().unwrap().remove(target);
        } else {
            report[target] = value;
        }
        let response = app.post_report(&report).await;
        assert_eq!(response.status(), 422, "{case}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation", "{case}");
        let codes = field_codes(&body);
        assert_eq!(codes.get(field), Some(&json!([code])), "{case}: {body}");
        assert!(body["error"]["fields"][field][0].as_str().is_some_and(|m| !m.is_empty()), "{case}: a message");
    }
    assert_eq!(app.count("report").await, 0, "nothing invalid was stored");
}

async fn a_point_outside_the_municipality_is_refused(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["lat"] = json!(59.33); // Stockholm
    report["lon"] = json!(18.07);
    let response = app.post_report(&report).await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(field_codes(&body)["lat"], json!(["outside_municipality"]));
    assert_eq!(body["error"]["fields"]["lat"][0], "Platsen ligger utanför kommunen.");
}

async fn a_place_described_in_words_gets_its_localitys_point(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    let fields = report.as_object_mut().unwrap();
    fields.remove("lat");
    fields.remove("lon");
    fields.insert("locality".into(), json!("annelund"));
    fields.insert("place_description".into(), json!("Busshållplatsen vid affären"));
    let response = app.post_report(&report).await;
    assert_eq!(response.status(), 201);
    let receipt: Value = response.json().await.unwrap();
    assert_eq!(receipt["area"]["slug"], "annelund");
    let stored =
        trygg::store::reports::find_by_client_id(&app.db, report["client_id"].as_str().unwrap().parse().unwrap())
            .await
            .unwrap()
            .unwrap();
    assert!(stored.accuracy_m.unwrap() > 500.0, "a large accuracy says the point is approximate");
    assert_eq!(stored.place_description.as_deref(), Some("Busshållplatsen vid affären"));
}

async fn the_tracking_page_shows_progress_but_no_contact_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["contact"] =
        json!({"name": "Åsa Öberg", "email": "asa.oberg@example.se", "phone": "070-123 45 67", "consent": true});
    let receipt: Value = app.post_report(&report).await.json().await.unwrap();
    let response = app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for secret in ["Åsa", "asa.oberg", "070-123", "contact", "Gångtunneln"] {
        assert!(!text.contains(secret), "tracking must not show {secret}: {text}");
    }
    let tracked: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(tracked["id"], receipt["id"]);
    assert_eq!(tracked["status"], "new");
    assert_eq!(tracked["category"]["slug"], "unsafe_place");
    assert_eq!(tracked["subtype"]["slug"], "lighting");
    assert_eq!(tracked["area"]["name"], "Herrljunga");
    assert_eq!(tracked["timeline"][0]["kind"], "received");
    let stored =
        trygg::store::reports::find_by_client_id(&app.db, report["client_id"].as_str().unwrap().parse().unwrap())
            .await
            .unwrap()
            .unwrap();
    assert_eq!(stored.contact_email.as_deref(), Some("asa.oberg@example.se"), "kept for the coordinator");
    assert!(stored.contact_consent);
}

async fn an_unknown_tracking_token_is_not_found(backend: Backend) {
    let app = spawn_app(backend).await;
    for token in ["AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "kort", "..%2F..%2Fetc"] {
        let response = app.get(&format!("/api/v1/track/{token}")).await;
        assert_eq!(response.status(), 404, "{token}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

async fn too_many_reports_from_one_address_are_rate_limited(backend: Backend) {
    let app = crate::helpers::spawn_app_with(backend, |s| {
        s.rate_limit.reports_per_minute = 1;
        s.rate_limit.reports_burst = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(app.post_report(&valid_report()).await.status(), 201);
    }
    let limited = app.post_report(&valid_report()).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(app.count("report").await, 3);
}

crate::on_both_backends!(
    a_valid_report_is_received_with_a_receipt,
    a_retry_with_the_same_client_id_returns_the_first_report,
    concurrent_retries_store_one_report,
    a_burst_of_reports_and_retries_stores_each_once,
    every_invalid_field_is_named_with_its_reason,
    a_point_outside_the_municipality_is_refused,
    a_place_described_in_words_gets_its_localitys_point,
    the_tracking_page_shows_progress_but_no_contact_details,
    an_unknown_tracking_token_is_not_found,
    too_many_reports_from_one_address_are_rate_limited,
);
