//! The coordinator's queue and every triage action, each on the timeline with who and when.

use serde_json::{json, Value};
use trygg::domain::user::Role;

use crate::helpers::{spawn_app, valid_report, Backend};

fn id(receipt: &Value) -> String {
    receipt["id"].as_str().unwrap().to_owned()
}

async fn the_queue_filters_and_pages_by_cursor_without_overlap(backend: Backend) {
    let app = spawn_app(backend).await;
    for i in 0..23 {
        let mut report = valid_report();
        if i % 3 == 0 {
            report["category"] = json!("graffiti");
            report["description"] = json!("Klotter på väggen.");
            report.as_object_mut().unwrap().remove("subtype");
            report["lat"] = json!(57.964);
            report["lon"] = json!(13.074);
        }
        assert_eq!(app.post_report(&report).await.status(), 201);
    }
    let coordinator = app.staff(Role::Coordinator).await;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/reports?limit=10&cursor={c}"),
            None => "/api/v1/reports?limit=10".to_owned(),
        };
        let page: Value = coordinator.get(&path).await.json().await.unwrap();
        seen.extend(page["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 23);
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 23, "no report twice");
    assert!(seen.windows(2).all(|w| w[0] > w[1]), "newest first");

    let graffiti: Value =
        coordinator.get("/api/v1/reports?category=graffiti&area=annelund&status=new").await.json().await.unwrap();
    assert_eq!(graffiti["items"].as_array().unwrap().len(), 8);
    let found: Value = coordinator.get("/api/v1/reports?q=GÅNGTUNNELN").await.json().await.unwrap();
    assert_eq!(found["items"].as_array().unwrap().len(), 15, "free text, case-insensitive");
    let by_id: Value = coordinator.get(&format!("/api/v1/reports?q={}", seen[3])).await.json().await.unwrap();
    assert_eq!(by_id["items"][0]["id"], seen[3].as_str());
    let boxed: Value = coordinator.get("/api/v1/reports?bbox=13.0,57.9,13.1,58.0").await.json().await.unwrap();
    assert_eq!(boxed["items"].as_array().unwrap().len(), 8);
    let counts: Value = coordinator.get("/api/v1/reports/counts?area=annelund").await.json().await.unwrap();
    assert_eq!(counts, json!({"counts": {"new": 8}, "total": 8}));

    let bad = coordinator.get("/api/v1/reports?status=lost&limit=0&from=igår&cursor=x").await;
    assert_eq!(bad.status(), 422);
    let body: Value = bad.json().await.unwrap();
    for field in ["status", "limit", "from", "cursor"] {
        assert!(body["error"]["fields"].get(field).is_some(), "{field}: {body}");
    }
}

async fn a_report_moves_along_the_workflow_and_invalid_moves_are_409(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let receipt = app.report().await;
    let report = id(&receipt);
    let (status, body) = coordinator.act(&report, json!({"action": "status", "status": "resolved"})).await;
    assert_eq!(status, 409);
    assert_eq!(body["error"]["code"], "conflict");
    assert_eq!(body["error"]["allowed"], json!(["triaged", "rejected"]));
    for next in ["triaged", "in_progress", "resolved", "closed"] {
        let (status, body) = coordinator.act(&report, json!({"action": "status", "status": next})).await;
        assert_eq!(status, 200, "{next}: {body}");
        assert_eq!(body["status"], next);
    }
    let (status, _) = coordinator.act(&report, json!({"action": "status", "status": "in_progress"})).await;
    assert_eq!(status, 409, "closed is closed");
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{report}")).await.json().await.unwrap();
    let changes: Vec<&Value> =
        detail["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "status_changed").collect();
    assert_eq!(changes.len(), 4);
    assert!(changes.iter().all(|e| e["actor_user_id"] == coordinator.user_id && e["actor"] == "Test coordinator"));
    assert_eq!(changes[0]["data"], json!({"from": "new", "to": "triaged"}));
    let tracked: Value =
        app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(tracked["status"], "closed");
    assert_eq!(tracked["timeline"].as_array().unwrap().len(), 5, "received + four status changes");
}

async fn every_action_lands_on_the_timeline_and_only_replies_are_public(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let est = app.staff(Role::EstMember).await;
    let receipt = app.report().await;
    let report = id(&receipt);
    let actions = [
        json!({"action": "priority", "priority": "high"}),
        json!({"action": "assign", "group": "sspf", "user_id": est.user_id}),
        json!({"action": "categorise", "category": "vandalism", "subtype": null}),
        json!({"action": "note", "text": "Polisen känner till platsen."}),
        json!({"action": "public_reply", "text": "Tack! Vi har beställt ny belysning."}),
        json!({"action": "moderate", "public_visible": true, "reason": "Inget känsligt."}),
    ];
    for action in &actions {
        let (status, body) = coordinator.act(&report, action.clone()).await;
        assert_eq!(status, 200, "{action}: {body}");
    }
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{report}")).await.json().await.unwrap();
    assert_eq!(detail["priority"], "high");
    assert_eq!(detail["assigned_group"], "sspf");
    assert_eq!(detail["assigned_user_id"], est.user_id);
    assert_eq!(detail["category"], "vandalism");
    assert_eq!(detail["public_visible"], true);
    let kinds: Vec<&str> = detail["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["received", "priority_changed", "assigned", "categorised", "note", "public_reply", "moderated"]);

    let tracked: Value =
        app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await.json().await.unwrap();
    let public: Vec<&str> =
        tracked["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(public, ["received", "public_reply"]);
    assert_eq!(tracked["timeline"][1]["text"], "Tack! Vi har beställt ny belysning.");
    assert!(!tracked.to_string().contains("Polisen känner"), "internal notes stay internal");

    let invalid = [
        (json!({"action": "assign", "group": "maffia"}), "group"),
        (json!({"action": "assign", "user_id": 99999}), "user_id"),
        (json!({"action": "categorise", "category": "aliens"}), "category"),
        (json!({"action": "note", "text": "  "}), "text"),
        (json!({"action": "status"}), "status"),
        (json!({"action": "duplicate", "of": "TRY-1999-000001"}), "of"),
    ];
    for (action, field) in invalid {
        let (status, body) = coordinator.act(&report, action.clone()).await;
        assert_eq!(status, 422, "{action}");
        assert!(body["error"]["fields"].get(field).is_some(), "{action}: {body}");
    }
    let (status, _) = coordinator.act(&report, json!({"action": "fly"})).await;
    assert_eq!(status, 422);
    let (status, _) = coordinator.act("TRY-2026-999999", json!({"action": "note", "text": "x"})).await;
    assert_eq!(status, 404);
}

async fn a_duplicate_points_to_its_original_which_counts_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let original = app.report().await;
    let duplicate = app.report().await;
    let (status, body) = coordinator.act(&id(&duplicate), json!({"action": "duplicate", "of": id(&original)})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "duplicate");
    assert_eq!(body["duplicate_of"], id(&original).as_str());

    let tracked_duplicate: Value = app
        .get(&format!("/api/v1/track/{}", duplicate["tracking_token"].as_str().unwrap()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(tracked_duplicate["duplicate_of"]["id"], id(&original).as_str());
    let tracked_original: Value =
        app.get(&format!("/api/v1/track/{}", original["tracking_token"].as_str().unwrap())).await.json().await.unwrap();
    assert_eq!(tracked_original["also_reported"], 1);
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{}", id(&original))).await.json().await.unwrap();
    assert_eq!(detail["duplicate_count"], 1);
    assert_eq!(detail["timeline"].as_array().unwrap().last().unwrap()["kind"], "duplicate_added");

    let (status, _) = coordinator.act(&id(&original), json!({"action": "duplicate", "of": id(&duplicate)})).await;
    assert_eq!(status, 422, "a duplicate cannot be an original");
    let (status, _) = coordinator.act(&id(&original), json!({"action": "duplicate", "of": id(&original)})).await;
    assert_eq!(status, 422, "not of itself");
}

async fn personal_data_is_flagged_kept_internal_and_must_be_redacted(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let mut report = valid_report();
    report["description"] = json!("Bilen ABC 123 kör fort, föraren heter 811218-9876.");
    let receipt: Value = app.post_report(&report).await.json().await.unwrap();
    let detail: Value = coordinator.get(&format!("/api/v1/reports/{}", id(&receipt))).await.json().await.unwrap();
    assert_eq!(detail["screening_flags"], json!(["personal_identity_number", "vehicle_registration"]));
    let tracked =
        app.get(&format!("/api/v1/track/{}", receipt["tracking_token"].as_str().unwrap())).await.text().await.unwrap();
    assert!(!tracked.contains("811218") && !tracked.contains("ABC 123"));

    let (status, body) =
        coordinator.act(&id(&receipt), json!({"action": "moderate", "public_visible": true, "reason": "Visa"})).await;
    assert_eq!((status, body["error"]["field_codes"]["public_visible"][0].as_str()), (422, Some("needs_redaction")));
    let (status, body) = coordinator
        .act(
            &id(&receipt),
            json!({"action": "moderate", "public_description": "Bil kör fort, heter 811218-9876", "reason": "x"}),
        )
        .await;
    assert_eq!((status, body["error"]["field_codes"]["public_description"][0].as_str()), (422, Some("personal_data")));
    let (status, body) = coordinator
        .act(
            &id(&receipt),
            json!({"action": "moderate", "public_visible": true, "public_description": "En bil kör fort här.", "reason": "Maskat"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["public_description"], "En bil kör fort här.");
    let moderated = body["timeline"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((moderated["kind"].as_str(), moderated["text"].as_str()), (Some("moderated"), Some("Maskat")));

    let (status, body) =
        coordinator.act(&id(&receipt), json!({"action": "public_reply", "text": "Föraren XYZ 789 är känd"})).await;
    assert_eq!((status, body["error"]["field_codes"]["text"][0].as_str()), (422, Some("personal_data")));
}

async fn bulk_status_changes_succeed_or_fail_one_by_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let reports: Vec<String> =
        futures_util::future::join_all((0..3).map(|_| app.report())).await.iter().map(id).collect();
    let reject = json!({"action": "status", "status": "rejected", "public_reply": "Det här sköts av Trafikverket."});
    let (status, _) = coordinator.act(&reports[2], reject).await;
    assert_eq!(status, 200);
    let mut ids = reports.clone();
    ids.push("TRY-2026-999999".into());
    let response = coordinator
        .post("/api/v1/reports/bulk", &json!({"ids": ids, "action": {"action": "status", "status": "triaged"}}))
        .await;
    assert_eq!(response.status(), 200);
    let results: Vec<Value> = response.json().await.unwrap();
    let outcomes: Vec<&str> = results.iter().map(|r| r["outcome"].as_str().unwrap()).collect();
    assert_eq!(outcomes, ["ok", "ok", "ok", "not_found"], "rejected → triaged is a reopening");
    let again = coordinator
        .post("/api/v1/reports/bulk", &json!({"ids": reports, "action": {"action": "status", "status": "triaged"}}))
        .await;
    let results: Vec<Value> = again.json().await.unwrap();
    assert!(results.iter().all(|r| r["outcome"] == "conflict"));
}

async fn est_members_read_without_contact_details(backend: Backend) {
    let app = spawn_app(backend).await;
    let mut report = valid_report();
    report["contact"] = json!({"email": "asa@example.se", "consent": true});
    let receipt: Value = app.post_report(&report).await.json().await.unwrap();
    let coordinator = app.staff(Role::Coordinator).await;
    let est = app.staff(Role::EstMember).await;
    let full: Value = coordinator.get(&format!("/api/v1/reports/{}", id(&receipt))).await.json().await.unwrap();
    assert_eq!(full["contact"]["email"], "asa@example.se");
    let limited: Value = est.get(&format!("/api/v1/reports/{}", id(&receipt))).await.json().await.unwrap();
    assert_eq!(limited["contact"], Value::Null);
    assert_eq!(limited["description"], full["description"]);
}

async fn two_coordinators_acting_at_once_cannot_both_win(backend: Backend) {
    let app = spawn_app(backend).await;
    let (a, b) = (app.staff(Role::Coordinator).await, app.staff(Role::Coordinator).await);
    let report = id(&app.report().await);
    let (ra, rb) = tokio::join!(
        a.act(&report, json!({"action": "status", "status": "triaged"})),
        b.act(&report, json!({"action": "status", "status": "triaged"}))
    );
    let mut statuses = [ra.0, rb.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "{ra:?} {rb:?}");
    let detail: Value = a.get(&format!("/api/v1/reports/{report}")).await.json().await.unwrap();
    assert_eq!(detail["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "status_changed").count(), 1);
}

crate::on_both_backends!(
    the_queue_filters_and_pages_by_cursor_without_overlap,
    a_report_moves_along_the_workflow_and_invalid_moves_are_409,
    every_action_lands_on_the_timeline_and_only_replies_are_public,
    a_duplicate_points_to_its_original_which_counts_it,
    personal_data_is_flagged_kept_internal_and_must_be_redacted,
    bulk_status_changes_succeed_or_fail_one_by_one,
    est_members_read_without_contact_details,
    two_coordinators_acting_at_once_cannot_both_win,
);
