//! `trygg demo`: a deterministic, realistic year of reports so every view has something
//! true-looking to show. Same seed and end date → the same reports; running it twice adds nothing
//! (each report has a derived client_id, and intake is idempotent).

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Timelike, Utc, Weekday};
use rand::distributions::WeightedIndex;
use rand::prelude::*;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

use crate::config::Settings;
use crate::domain::area::AreaIndex;
use crate::domain::category::Catalog;
use crate::domain::intake::{ContactInput, Intake, ReportInput, Reporter};
use crate::domain::mail_policy::MailPolicy;
use crate::domain::report::{NewReport, ReportStatus, Source, TimeOfDay};
use crate::domain::secret;
use crate::domain::workflow::Action;
use crate::startup::{load_areas, prepare_database};
use crate::store;
use crate::store::reports::Received;
use crate::store::triage::Actor;

#[derive(clap::Args)]
pub struct DemoArgs {
    /// How many reports to make.
    #[arg(long, default_value_t = 500)]
    pub reports: usize,
    /// Seed for the generator.
    #[arg(long, default_value_t = 1466)]
    pub seed: u64,
    /// Last day of the year of reports (YYYY-MM-DD); default today.
    #[arg(long)]
    pub until: Option<NaiveDate>,
}

/// Why demo reports are rejected (a rejection always tells the reporter why).
const DEMO_REJECTION: &str =
    "Det här är inte kommunens ansvar. Kontakta fastighetsägaren eller Trafikverket, så kan de åtgärda det.";

/// Where reports cluster: (name, lat, lon, spread in metres, weight).
const HOTSPOTS: &[(&str, f64, f64, f64, u32)] = &[
    ("Herrljunga station", 58.0795, 13.0240, 120.0, 30),
    ("skolgården vid Kunskapens hus", 58.0772, 13.0312, 90.0, 18),
    ("parken vid Folkets park", 58.0818, 13.0192, 110.0, 15),
    ("Herrljunga centrum", 58.0786, 13.0262, 350.0, 20),
    ("Annelunds centrum", 57.9640, 13.0740, 250.0, 10),
    ("Ljung", 58.0040, 13.0540, 250.0, 5),
    ("landsbygden", 58.0500, 13.1200, 6000.0, 2),
];

/// Category weights as in EST's monthly figures: litter, vandalism and lighting dominate.
const CATEGORY_WEIGHTS: &[(&str, Option<&str>, u32, &[&str])] = &[
    (
        "littering",
        None,
        16,
        &["Mycket skräp och glasflaskor kvar efter helgen.", "Överfulla papperskorgar, skräp runt bänkarna."],
    ),
    (
        "vandalism",
        None,
        14,
        &["Sönderslagen busskur.", "Trasiga lampor och sparkade soptunnor.", "Krossad ruta i väntsalen."],
    ),
    ("graffiti", None, 10, &["Nytt klotter på tunnelväggen.", "Taggar på elskåpet och fasaden."]),
    (
        "unsafe_place",
        Some("lighting"),
        12,
        &["Gångvägen är helt mörk, flera lampor trasiga.", "Ingen belysning på cykelvägen, otäckt att gå hem."],
    ),
    ("unsafe_place", Some("overgrown"), 5, &["Buskarna skymmer gångstigen, man ser inte vem som står där."]),
    ("unsafe_place", Some("deserted"), 4, &["Helt öde på kvällen, känns otryggt att vänta här."]),
    ("disorder", None, 8, &["Högljudda personer sent på kvällen.", "Bråk och skrik utanför affären."]),
    ("reckless_driving", None, 8, &["A-traktorer som kör fort genom centrum på kvällarna.", "Mopeder på gångbanan."]),
    (
        "gathering",
        Some("youth"),
        6,
        &["Stora grupper unga samlas, vuxna känner sig otrygga.", "Gäng som hänger vid stationen på kvällarna."],
    ),
    ("intoxication", None, 5, &["Berusade personer vid bänkarna hela dagen."]),
    ("fireworks", None, 4, &["Smällare kastas mot folk.", "Fyrverkerier mitt i natten."]),
    ("drugs", None, 3, &["Misstänker att det säljs narkotika här på kvällarna."]),
    ("fire", None, 2, &["Någon har tänt eld i en papperskorg.", "Brandspår vid containern."]),
    ("harassment", None, 2, &["Tjejer får glåpord när de går förbi."]),
    ("threat_violence", None, 2, &["Blev hotad när jag gick hem från tåget."]),
    ("theft_burglary", None, 3, &["Cykelstölder från cykelstället vid stationen."]),
    ("safe_place", None, 3, &["Nya belysningen har gjort stor skillnad, känns tryggt nu."]),
    ("other", None, 2, &["Trasigt staket som någon kan skada sig på."]),
];

pub async fn run(settings: &Settings, args: DemoArgs) -> anyhow::Result<()> {
    let db = prepare_database(settings).await?;
    let areas = load_areas(&db, settings).await?;
    let catalog = store::categories::load_catalog(&db).await?;
    let until = args.until.unwrap_or_else(|| Utc::now().date_naive());
    let end = Utc.from_utc_datetime(&until.and_hms_opt(23, 0, 0).expect("valid time"));
    let reports = generate(&areas, &catalog, args.seed, args.reports, end);
    // Synthetic history tells no one: no coordinator alerts, no mail to the made-up reporters.
    let silent = MailPolicy::silent();
    let writer = store::reports::ReportWriter::new(db.clone(), silent.clone());
    let demo_actor = Actor::system("demo");
    let mut created = 0;
    for demo in reports {
        // The same demo report again is the same request: running demo twice adds nothing.
        let body_hash = secret::digest(&format!("demo {}", demo.report.client_id));
        let received = writer.insert_idempotent(demo.report, body_hash, demo.received_at).await?;
        if let Received::New(report, _) = received {
            created += 1;
            for (status, at) in demo.history {
                let reply = (status == ReportStatus::Rejected).then(|| DEMO_REJECTION.to_owned());
                let action = Action::Status { to: status, comment: None, reply };
                store::triage::apply(&db, report.id, action, &demo_actor, at, &silent).await?;
            }
        }
    }
    println!("Demo data: {created} new reports (of {}) up to {until}.", args.reports);
    Ok(())
}

pub struct DemoReport {
    pub report: NewReport,
    pub received_at: DateTime<Utc>,
    /// Status changes after intake, oldest first.
    pub history: Vec<(ReportStatus, DateTime<Utc>)>,
}

pub fn generate(areas: &AreaIndex, catalog: &Catalog, seed: u64, count: usize, end: DateTime<Utc>) -> Vec<DemoReport> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let hotspot_pick = WeightedIndex::new(HOTSPOTS.iter().map(|h| h.4)).expect("weights");
    let category_pick = WeightedIndex::new(CATEGORY_WEIGHTS.iter().map(|c| c.2)).expect("weights");
    // Evenings and nights weigh most: index = hour of day.
    let hour_weights = [4, 3, 2, 1, 1, 1, 1, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 9, 6];
    let hour_pick = WeightedIndex::new(hour_weights).expect("weights");
    let mut out = Vec::with_capacity(count);
    while out.len() < count {
        let day = end - Duration::days(rng.gen_range(1..364));
        let weekend = matches!(day.weekday(), Weekday::Fri | Weekday::Sat | Weekday::Sun);
        if !weekend && rng.gen_bool(0.35) {
            continue; // weekends carry more than their share
        }
        let hour = hour_pick.sample(&mut rng) as u32;
        let occurred_at = day.with_hour(hour).unwrap_or(day) + Duration::minutes(rng.gen_range(0..60));
        let (_, lat, lon, spread, _) = HOTSPOTS[hotspot_pick.sample(&mut rng)];
        let (dlat, dlon) =
            (rng.gen_range(-1.0..1.0) * spread / 111_320.0, rng.gen_range(-1.0..1.0) * spread / 59_000.0);
        let (lat, lon) = (lat + dlat, lon + dlon);
        if areas.locate(lat, lon).is_none() {
            continue; // outside the municipality: draw again
        }
        let (slug, subtype, _, texts) = CATEGORY_WEIGHTS[category_pick.sample(&mut rng)];
        let received_at = occurred_at + Duration::minutes(rng.gen_range(5..600));
        let age_days = (end - received_at).num_days();
        let contact = rng.gen_bool(0.12).then(|| ContactInput {
            email: Some(format!("invanare{}@example.se", out.len() + 1)),
            consent: true,
            ..ContactInput::default()
        });
        let client_id = Uuid::from_bytes(rng.gen());
        let input = ReportInput {
            category: Some(slug.to_owned()),
            subtype: subtype.map(str::to_owned),
            description: Some(texts[rng.gen_range(0..texts.len())].to_owned()),
            lat: Some(lat),
            lon: Some(lon),
            accuracy_m: Some(f64::from(rng.gen_range(5..40))),
            occurred_at: Some(occurred_at),
            time_of_day: Some(TimeOfDay::at_hour(hour)),
            recurring: Some(rng.gen_bool(0.4)),
            feeling: Some(rng.gen_range(2..=5)),
            ..ReportInput::default()
        };
        let reporter = Reporter::Resident { source: Source::Pwa, client_id: Some(client_id), contact };
        // The same rules as any report.
        let intake = Intake { areas, catalog, now: received_at };
        let Ok(report) = NewReport::parse(input, reporter, &intake) else { continue };
        out.push(DemoReport { history: history(&mut rng, received_at, age_days), report, received_at });
    }
    out
}

/// Older reports have been worked on further.
fn history(rng: &mut ChaCha8Rng, received_at: DateTime<Utc>, age_days: i64) -> Vec<(ReportStatus, DateTime<Utc>)> {
    use ReportStatus::*;
    let path: &[ReportStatus] =
        match age_days {
            0..=3 => &[],
            4..=14 => [&[Triaged][..], &[Triaged, InProgress]][rng.gen_range(0..2)],
            15..=60 => [&[Triaged, InProgress][..], &[Triaged, Referred], &[Triaged, InProgress, Resolved]]
                [rng.gen_range(0..3)],
            _ if rng.gen_bool(0.05) => &[Rejected],
            _ => [&[Triaged, InProgress, Resolved, Closed][..], &[Triaged, Referred, Resolved, Closed]]
                [rng.gen_range(0..2)],
        };
    let mut at = received_at;
    path.iter()
        .map(|status| {
            at += Duration::hours(rng.gen_range(4..96));
            (*status, at)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::{Category, DEFAULT_CATEGORIES};
    use crate::geo::areas_file::tests::shipped_index;

    fn catalog() -> Catalog {
        let categories = DEFAULT_CATEGORIES
            .iter()
            .enumerate()
            .map(|(i, c)| Category {
                id: i as i32 + 1,
                slug: c.slug.into(),
                name_sv: c.name_sv.into(),
                name_en: c.name_en.into(),
                default_group: c.default_group.into(),
                staff_only: c.staff_only,
                subtypes: vec![],
            })
            .collect();
        Catalog { categories }
    }

    #[test]
    fn the_same_seed_gives_the_same_year_clustered_in_town_and_at_night() {
        let areas = shipped_index();
        let end = Utc.with_ymd_and_hms(2026, 11, 25, 23, 0, 0).unwrap();
        let a = generate(&areas, &catalog(), 7, 500, end);
        let b = generate(&areas, &catalog(), 7, 500, end);
        assert_eq!(a.len(), 500);
        assert!(a.iter().zip(&b).all(|(x, y)| x.report.client_id == y.report.client_id));
        let town = areas.by_slug("herrljunga").unwrap().id;
        let in_town = a.iter().filter(|r| r.report.position.area_id == town).count();
        assert!(in_town > 300, "most reports cluster in Herrljunga: {in_town}");
        let evening_or_night =
            a.iter().filter(|r| matches!(r.report.time_of_day, Some(TimeOfDay::Evening | TimeOfDay::Night))).count();
        assert!(evening_or_night > 250, "{evening_or_night}");
        assert!(a.iter().all(|r| r.received_at <= end && r.received_at > end - Duration::days(366)));
    }
}
