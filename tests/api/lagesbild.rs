//! The lägesbild: generated from a period's reports and inrapporter (against hand-counted
//! figures), written, finalised and frozen, corrected as a new version; the åtgärdsplan with its
//! once-per-due-date reminder; crime statistics imported with line-numbered errors and
//! idempotently; the groups' meetings as an iCalendar feed.

use chrono::{DateTime, Duration, Utc};
use icalendar::{Calendar, CalendarComponent, Component};
use serde_json::{json, Value};
use trygg::domain::user::Role;
use uuid::Uuid;

use crate::cli::trygg;
use crate::helpers::{field_codes, spawn_app, valid_inrapport, Backend, Staff, TestApp};

/// A resident's report of `category` at (`lat`, `lon`), `hours` ago.
fn report_at(category: &str, (lat, lon): (f64, f64), hours: i64) -> Value {
    json!({
        "client_id": Uuid::new_v4(), "category": category, "description": "Det var obehagligt här.",
        "lat": lat, "lon": lon, "occurred_at": (Utc::now() - Duration::hours(hours)).to_rfc3339(),
    })
}

const STATION: (f64, f64) = (58.0795, 13.0240);
const ANNELUND: (f64, f64) = (57.964, 13.074);

async fn post_reports(app: &TestApp, reports: Vec<Value>) {
    for r in reports {
        let response = app.post_report(&r).await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }
}

async fn create(coordinator: &Staff<'_>, from: DateTime<Utc>, to: DateTime<Utc>) -> Value {
    let response =
        coordinator.post("/api/v1/staff/lagesbilder", &json!({"group": "est", "from": from, "to": to})).await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

fn line<'a>(lines: &'a Value, key: &str) -> &'a Value {
    lines.as_array().unwrap().iter().find(|l| l["key"] == key).unwrap_or_else(|| panic!("{key} in {lines}"))
}

async fn the_figures_match_a_hand_counted_period(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    // This period: 4 graffiti at the station (a hotspot), 1 fire in Annelund, and an inrapport
    // (a staff incident, assessment 3) at the station. The period before: 2 graffiti.
    let mut reports: Vec<Value> =
        (0..4).map(|h| report_at("graffiti", (STATION.0 + h as f64 * 0.0001, STATION.1), 2 + h)).collect();
    reports.push(report_at("fire", ANNELUND, 3));
    reports.extend((0..2).map(|h| report_at("graffiti", STATION, 24 * 10 + h)));
    post_reports(&app, reports).await;
    let staff = app.staff(Role::Staff).await;
    assert_eq!(staff.post("/api/v1/inrapporter", &valid_inrapport()).await.status(), 201);
    let now = Utc::now();
    let l = create(&coordinator, now - Duration::days(7), now).await;
    let f = &l["content"]["figures"];
    assert_eq!(f["total"], json!({"residents": 5, "staff": 1}));
    assert_eq!(line(&f["by_category"], "graffiti")["count"], json!({"residents": 4, "staff": 0}));
    assert_eq!(
        line(&f["by_category"], "graffiti")["vs_previous"],
        json!({"before": 2, "now": 4, "percent": null, "few": true})
    );
    assert_eq!(line(&f["by_area"], "annelund")["count"]["residents"], 1);
    let hotspot = &f["hotspots"][0];
    assert_eq!((hotspot["rank"].as_u64(), hotspot["count"].clone()), (Some(1), json!({"residents": 4, "staff": 1})));
    assert_eq!(hotspot["categories"][0], json!(["graffiti", 4]));
    assert_eq!(f["hotspots"].as_array().unwrap().len(), 1, "a lone fire is no hotspot");
    assert_eq!(f["notable"][0]["category"], "staff_incident");
    assert_eq!(l["content"]["trend"].as_array().unwrap().len(), 13);
    // The same reports give the same hotspots again.
    let again = create(&coordinator, now - Duration::days(7), now).await;
    assert_eq!(again["content"]["figures"]["hotspots"], f["hotspots"]);
}

async fn a_final_lagesbild_is_frozen_and_corrected_as_a_new_version(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    post_reports(&app, vec![report_at("graffiti", STATION, 5)]).await;
    let now = Utc::now();
    let l = create(&coordinator, now - Duration::days(3), now).await;
    let path = format!("/api/v1/staff/lagesbilder/{}", l["id"]);
    let text = json!({"sections": {"summary": "Lugnt.", "cause_place": "Mörkt vid stationen."}, "publicity": {"summary": true}});
    let edited: Value = coordinator.send(reqwest::Method::PUT, &path, Some(&text)).await.json().await.unwrap();
    assert_eq!(edited["sections"]["summary"], "Lugnt.");
    let finalised = coordinator.post(&format!("{path}/actions"), &json!({"action": "finalise"})).await;
    assert_eq!(finalised.status(), 200);
    // Later reports in the period do not change it, and it cannot be edited.
    post_reports(&app, vec![report_at("graffiti", STATION, 4), report_at("fire", STATION, 4)]).await;
    let est = app.staff(Role::EstMember).await;
    let read: Value = est.get(&path).await.json().await.unwrap();
    assert_eq!(read["content"]["figures"]["total"]["residents"], 1, "frozen at finalisation");
    assert_eq!(read["status"], "final");
    let refused = coordinator.send(reqwest::Method::PUT, &path, Some(&text)).await;
    assert_eq!(refused.json::<Value>().await.unwrap()["error"]["code"], "lagesbild_final");
    let correction = coordinator
        .post(&format!("{path}/actions"), &json!({"action": "correct", "note": "Två rapporter kom in sent."}))
        .await;
    assert_eq!(correction.status(), 201);
    let correction: Value = correction.json().await.unwrap();
    assert_eq!((correction["version"].as_i64(), correction["corrects"].clone()), (Some(2), l["id"].clone()));
    assert_eq!(correction["content"]["figures"]["total"]["residents"], 3, "a correction counts anew");
    let kinds: Vec<String> =
        read["history"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap().to_owned()).collect();
    assert_eq!(kinds, ["generated", "edited", "finalised"]);
    assert_eq!(read["history"][1]["data"]["sections"], json!(["summary", "cause_place"]));
    assert_eq!(est.post(&format!("{path}/actions"), &json!({"action": "finalise"})).await.status(), 403);
}

fn action(due: &str) -> Value {
    json!({
        "problem": "Mörk gångtunnel vid stationen.", "measure": "Byt armaturer.", "prevention": "situational",
        "term": "short", "responsible_organisation": "Samhällsbyggnad", "owner_name": "Olle Ägare",
        "owner_email": "olle@herrljunga.se", "due_date": due,
    })
}

async fn an_overdue_action_is_reminded_of_once_per_due_date_and_followed_up_next_time(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let now = Utc::now();
    let first = create(&coordinator, now - Duration::days(60), now - Duration::days(30)).await;
    let yesterday = (now - Duration::days(1)).date_naive().to_string();
    let added =
        coordinator.post(&format!("/api/v1/staff/lagesbilder/{}/action-items", first["id"]), &action(&yesterday)).await;
    assert_eq!(added.status(), 201);
    let added: Value = added.json().await.unwrap();
    assert_eq!(added["overdue"], true);
    let missing = coordinator
        .post(&format!("/api/v1/staff/lagesbilder/{}/action-items", first["id"]), &json!({"problem": "x"}))
        .await;
    assert!(field_codes(&missing.json::<Value>().await.unwrap()).contains_key("owner_user_id"));
    let ctx = trygg::mail::MailContext {
        db: app.db.clone(),
        settings: app.settings.clone(),
        catalog: trygg::store::categories::load_catalog(&app.db).await.unwrap(),
        areas: trygg::store::areas::load_index(&app.db).await.unwrap().unwrap(),
    };
    let reminders = || async { app.count("outbox_email WHERE kind = 'action_overdue'").await };
    trygg::mail::lagesbild::run(&ctx, now).await.unwrap();
    let sent = reminders().await;
    assert!(sent >= 2, "the owner and the coordinators: {sent}");
    trygg::mail::lagesbild::run(&ctx, now).await.unwrap();
    assert_eq!(reminders().await, sent, "once per due date, not every hour");
    // Next month's lägesbild opens with the follow-up of the open action.
    let next = create(&coordinator, now - Duration::days(30), now).await;
    let follow_up = &next["content"]["follow_up"][0];
    assert_eq!(
        (follow_up["problem"].as_str(), follow_up["overdue"].as_bool()),
        (Some("Mörk gångtunnel vid stationen."), Some(true))
    );
    let noted = coordinator
        .post(
            &format!("/api/v1/staff/action-items/{}/follow-ups", added["id"]),
            &json!({"kind": "process", "note": "Beställt."}),
        )
        .await;
    assert_eq!(noted.json::<Value>().await.unwrap()["follow_ups"][0]["note"], "Beställt.");
    // A new due date, once passed, is reminded of again.
    let mut moved = action(&(now - Duration::hours(30)).date_naive().pred_opt().unwrap().to_string());
    moved["status"] = json!("ongoing");
    assert_eq!(
        coordinator
            .send(reqwest::Method::PUT, &format!("/api/v1/staff/action-items/{}", added["id"]), Some(&moved))
            .await
            .status(),
        200
    );
    trygg::mail::lagesbild::run(&ctx, now).await.unwrap();
    assert_eq!(reminders().await, sent * 2);
}

async fn the_annual_summary_says_what_was_decided_done_and_achieved(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    let now = Utc::now();
    let monthly = create(&coordinator, now - Duration::days(30), now).await;
    let path = format!("/api/v1/staff/lagesbilder/{}", monthly["id"]);
    let mut ids = Vec::new();
    for (due, prevention) in [(30, "situational"), (60, "social"), (-1, "situational")] {
        let mut item = action(&(now + Duration::days(due)).date_naive().to_string());
        item["prevention"] = json!(prevention);
        let added: Value = coordinator.post(&format!("{path}/action-items"), &item).await.json().await.unwrap();
        ids.push(added["id"].clone());
    }
    let mut done = action(&(now + Duration::days(30)).date_naive().to_string());
    done["status"] = json!("done");
    let edited = format!("/api/v1/staff/action-items/{}", ids[0]);
    assert_eq!(coordinator.send(reqwest::Method::PUT, &edited, Some(&done)).await.status(), 200);
    for (kind, note) in [("process", "Armaturerna bytta."), ("effect", "Inga rapporter om mörker sedan dess.")] {
        let url = format!("/api/v1/staff/action-items/{}/follow-ups", ids[0]);
        assert_eq!(coordinator.post(&url, &json!({"kind": kind, "note": note})).await.status(), 201);
    }
    assert_eq!(coordinator.post(&format!("{path}/actions"), &json!({"action": "finalise"})).await.status(), 200);
    assert!(monthly["content"].get("outcome").is_none(), "only an annual summary has one");

    let annual = coordinator
        .post(
            "/api/v1/staff/lagesbilder",
            &json!({"group": "steering", "kind": "annual", "from": now - Duration::days(300), "to": now + Duration::hours(1)}),
        )
        .await;
    assert_eq!(annual.status(), 201);
    let outcome = annual.json::<Value>().await.unwrap()["content"]["outcome"].clone();
    let actions = &outcome["actions"];
    assert_eq!(
        [&actions["decided"], &actions["situational"], &actions["social"], &actions["done"], &actions["planned"]],
        [&json!(3), &json!(2), &json!(1), &json!(1), &json!(2)],
        "{outcome}"
    );
    assert_eq!(actions["overdue"], 1, "the one due yesterday");
    assert_eq!(outcome["lagesbilder"], json!([{"group": "est", "count": 1}]));
    assert_eq!(outcome["actions_by_group"], json!([{"group": "est", "count": 3}]));
    let achieved = &outcome["achieved"];
    assert_eq!(achieved.as_array().unwrap().len(), 1, "only effect follow-ups: {achieved}");
    assert_eq!(achieved[0]["effects"], json!(["Inga rapporter om mörker sedan dess."]));

    // Without a period it covers the last full calendar year, in Swedish time.
    let last_year: Value = coordinator
        .post("/api/v1/staff/lagesbilder", &json!({"group": "steering", "kind": "annual"}))
        .await
        .json()
        .await
        .unwrap();
    let year = now.with_timezone(&chrono_tz::Europe::Stockholm).format("%Y").to_string().parse::<i32>().unwrap() - 1;
    let from: DateTime<Utc> = last_year["period"]["from"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        from.with_timezone(&chrono_tz::Europe::Stockholm).format("%Y-%m-%d %H:%M").to_string(),
        format!("{year}-01-01 00:00")
    );
    assert_eq!(last_year["content"]["outcome"]["actions"]["decided"], 0);
}

const CRIME: &str = "period_start;period_end;area;offence_group;count;source\n\
2026-10-01;2026-10-31;;Skadegörelse;9;Polisen\n\
2026-10-01;2026-10-31;annelund;Stöld;3;Polisen\n";

async fn crime_statistics_import_names_bad_lines_and_imports_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let admin = app.staff(Role::Admin).await;
    let bad = "period_start;period_end;area;offence_group;count;source\n2026-10-01;2026-10-31;;Stöld;tre;Polisen\n2026-10-31;2026-10-01;;Stöld;3;Polisen\n2026-10-01;2026-10-31;mars;Stöld;3;Polisen\n";
    let refused = admin.post("/api/v1/staff/crime-statistics", &json!({"csv": bad})).await;
    assert_eq!(refused.status(), 422);
    let codes = field_codes(&refused.json::<Value>().await.unwrap()).clone();
    assert_eq!(codes["line[2].count"], json!(["wrong_type"]));
    assert_eq!(codes["line[3].period_end"], json!(["invalid"]));
    assert_eq!(codes["line[4].area"], json!(["unknown_locality"]));
    assert_eq!(app.count("crime_statistic").await, 0, "a file with a bad line imports nothing");
    let first: Value = admin.post("/api/v1/staff/crime-statistics", &json!({"csv": CRIME})).await.json().await.unwrap();
    assert_eq!(first, json!({"inserted": 2, "updated": 0, "unchanged": 0}));
    let again: Value = admin.post("/api/v1/staff/crime-statistics", &json!({"csv": CRIME})).await.json().await.unwrap();
    assert_eq!(again, json!({"inserted": 0, "updated": 0, "unchanged": 2}), "the same file twice changes nothing");
    let file = app.database.data_dir.join("brott.csv");
    std::fs::write(&file, CRIME.replace(";9;", ";10;")).unwrap();
    let out = trygg(&app.database, &["import", "crime-stats", file.to_str().unwrap()], &[]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 new, 1 changed, 1 unchanged"));
    let listed: Value =
        admin.get("/api/v1/staff/crime-statistics?from=2026-10-01&to=2026-10-31").await.json().await.unwrap();
    assert_eq!(listed["statistics"].as_array().unwrap().len(), 2);
}

async fn est_meets_monthly_but_never_in_july_or_december_and_the_feed_parses(backend: Backend) {
    let app = spawn_app(backend).await;
    let ics = app.get("/api/v1/calendar/est.ics").await;
    assert!(ics.headers()["content-type"].to_str().unwrap().starts_with("text/calendar"));
    let calendar: Calendar = ics.text().await.unwrap().parse().unwrap();
    let starts: Vec<String> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => e.property_value("DTSTART").map(str::to_owned),
            _ => None,
        })
        .collect();
    assert_eq!(starts.len(), 12, "a year of meetings ahead");
    assert!(starts.iter().all(|s| !s[4..6].eq("07") && !s[4..6].eq("12")), "{starts:?}");
    assert_eq!(app.get("/api/v1/calendar/nobody.ics").await.status(), 404);
}

async fn the_printed_lagesbild_has_its_charts_map_and_tables(backend: Backend) {
    let app = spawn_app(backend).await;
    let coordinator = app.staff(Role::Coordinator).await;
    post_reports(&app, (0..3).map(|h| report_at("graffiti", STATION, 2 + h)).collect()).await;
    let now = Utc::now();
    let l = create(&coordinator, now - Duration::days(7), now).await;
    let base = format!("/api/v1/staff/lagesbilder/{}", l["id"]);
    for chart in ["charts/categories.svg", "charts/time-grid.svg", "charts/trend.svg", "map.svg"] {
        let response = coordinator.get(&format!("{base}/{chart}")).await;
        assert_eq!(response.headers()["content-type"], "image/svg+xml", "{chart}");
        assert!(response.text().await.unwrap().contains("<svg"), "{chart}");
    }
    let map = coordinator.get(&format!("{base}/map.svg")).await.text().await.unwrap();
    assert!(map.contains("<circle"), "report places and the hotspot are drawn");
    let geojson: Value = coordinator.get(&format!("{base}/hotspots.geojson")).await.json().await.unwrap();
    assert_eq!(geojson["features"][0]["properties"]["kind"], "hotspot");
    let csv = coordinator.get(&format!("{base}/tables/categories.csv")).await.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}') && csv.contains("graffiti;3;0;3"), "{csv}");
    assert_eq!(coordinator.get(&format!("{base}/tables/nope.csv")).await.status(), 404);
    let staff = app.staff(Role::Staff).await;
    assert_eq!(staff.get(&format!("{base}/map.svg")).await.status(), 403);
}

crate::on_both_backends!(
    the_figures_match_a_hand_counted_period,
    a_final_lagesbild_is_frozen_and_corrected_as_a_new_version,
    an_overdue_action_is_reminded_of_once_per_due_date_and_followed_up_next_time,
    crime_statistics_import_names_bad_lines_and_imports_once,
    est_meets_monthly_but_never_in_july_or_december_and_the_feed_parses,
    the_printed_lagesbild_has_its_charts_map_and_tables,
    the_annual_summary_says_what_was_decided_done_and_achieved,
);
