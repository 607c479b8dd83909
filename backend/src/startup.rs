//! Builds the application: database, migrations, seed data, areas, and the HTTP server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, HttpServer};
use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;
use tokio::task::JoinHandle;

use crate::config::Settings;
use crate::domain::area::AreaIndex;
use crate::domain::place::PlaceIndex;
use crate::domain::user::LoginThrottle;
use crate::error::ApiError;
use crate::geo::areas_file::parse_areas_file;
use crate::geo::places_file::parse_places_file;
use crate::http::localize::localize;
use crate::http::rate_limit::RateLimiter;
use crate::http::request_id::request_id;
use crate::http::security::{security_headers, SecurityHeaders};
use crate::mail::transport::Transport;
use crate::mail::worker::MailWorker;
use crate::mail::MailContext;
use crate::media::store::PhotoStore;
use crate::media::PhotoWork;
use crate::metrics::Metrics;
use crate::retention;
use crate::routes;
use crate::state::AppState;
use crate::store;
use crate::store::reports::ReportWriter;

pub struct Application {
    port: u16,
    server: Server,
    mail_worker: MailWorker,
    purge_job: Option<JoinHandle<()>>,
    /// Overdue actions and "draft ready" e-mail for the lägesbild, hourly.
    reminders: JoinHandle<()>,
    /// The internal `/metrics` address, when `metrics.bind` is set.
    metrics_server: Option<(u16, Server)>,
}

impl Application {
    /// Connects, migrates, seeds categories, loads areas (from `areas_file` into an empty
    /// database), binds the listener and starts the mail worker. The server runs when
    /// `run_until_stopped` is awaited.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = prepare_database(&settings).await?;
        let areas = load_areas(&db, &settings).await?;
        let catalog = store::categories::load_catalog(&db).await.context("loading categories")?;
        let places = load_places(&settings, &areas)?;
        let mail = settings.mail.policy(&catalog)?;
        let transport = Transport::from_settings(&settings)?;
        let listener = TcpListener::bind(settings.bind).with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let report_limiter =
            RateLimiter::new(settings.rate_limit.reports_per_minute, settings.rate_limit.reports_burst);
        let survey_limiter = RateLimiter::new(
            settings.rate_limit.survey_responses_per_minute,
            settings.rate_limit.survey_responses_burst,
        );
        let pwa_dir = settings.pwa_dir.clone();
        let max_connections = settings.limits.max_connections_per_worker;
        raise_open_file_limit();
        if !pwa_dir.join("index.html").is_file() {
            tracing::warn!(dir = %pwa_dir.display(), "the PWA is not built; only the API is served");
        }
        let security = SecurityHeaders::new(&settings);
        let login_throttle = LoginThrottle {
            max_failures: settings.auth.max_failed_logins,
            window: chrono::Duration::minutes(i64::from(settings.auth.throttle_minutes)),
        };
        let cpus = std::thread::available_parallelism().map_or(2, |n| n.get());
        let metrics = Arc::new(Metrics::new());
        let photos = PhotoStore::from_settings(&settings)?;
        let settings_media_limits = settings.media.limits();
        let reports = ReportWriter::new(db.clone(), mail.clone());
        let state = web::Data::new(AppState {
            settings,
            db,
            areas,
            catalog,
            places,
            report_limiter,
            survey_limiter,
            mail,
            reports,
            security,
            login_throttle,
            password_work: Semaphore::new(cpus),
            metrics: metrics.clone(),
            photo_work: PhotoWork::new(settings_media_limits),
            photos,
        });
        let mail_context = Arc::new(MailContext {
            db: state.db.clone(),
            settings: state.settings.clone(),
            catalog: state.catalog.clone(),
            areas: state.areas.clone(),
        });
        let purge_job = state
            .settings
            .retention
            .daily
            .then(|| retention::spawn_daily(state.db.clone(), state.settings.retention.policy(), metrics.clone()));
        tracing::info!(port, "Trygg is listening");
        let metrics_server = metrics_server(&state)?;
        let server = HttpServer::new(move || {
            let app = actix_web::App::new()
                .app_data(state.clone())
                .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
                .wrap(from_fn(localize))
                .wrap(from_fn(security_headers))
                .wrap(from_fn(routes::pwa::cache_headers))
                .wrap(from_fn(crate::metrics::record))
                .wrap(from_fn(request_id))
                // Outermost: gzip or brotli as the client accepts, with `Vary: Accept-Encoding`.
                .wrap(Compress::default())
                .configure(routes::configure);
            if pwa_dir.join("index.html").is_file() {
                app.service(routes::pwa::service(&pwa_dir))
                    .default_service(web::to(routes::pwa::page_method_not_allowed))
            } else {
                app.route("/", web::get().to(routes::pwa::not_built)).default_service(web::to(routes::not_found))
            }
        })
        .max_connections(max_connections)
        .listen(listener)?
        .run();
        let reminders = crate::mail::lagesbild::spawn_hourly(mail_context.clone());
        let mail_worker = MailWorker::spawn(mail_context, transport);
        Ok(Application { port, server, mail_worker, purge_job, metrics_server, reminders })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then stops the mail worker: it finishes the email it is
    /// sending and gives back the rest of its claim.
    /// The port of the internal metrics address, if there is one.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_server.as_ref().map(|(port, _)| *port)
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if let Some((_, metrics)) = self.metrics_server {
            // It stops with the process's signals, like the main server.
            tokio::spawn(metrics);
        }
        let served = self.server.await;
        if let Some(job) = self.purge_job {
            job.abort();
        }
        self.reminders.abort();
        self.mail_worker.stop().await;
        served
    }
}

/// `metrics.bind`: a server of its own that answers only `/metrics`, for a scraper inside the
/// municipality's network.
fn metrics_server(state: &web::Data<AppState>) -> anyhow::Result<Option<(u16, Server)>> {
    let Some(address) = state.settings.metrics.bind_address() else { return Ok(None) };
    let listener = TcpListener::bind(address).with_context(|| format!("metrics.bind: binding {address}"))?;
    let port = listener.local_addr()?.port();
    let state = state.clone();
    let server = HttpServer::new(move || {
        actix_web::App::new().app_data(state.clone()).route(
            "/metrics",
            web::get().to(|state: web::Data<AppState>| async move {
                routes::meta::exposition(&state.metrics, &state.db).await
            }),
        )
    })
    .workers(1)
    .listen(listener)?
    .run();
    Ok(Some((port, server)))
}

/// Connects, applies migrations and seeds the default categories into an empty database.
pub async fn prepare_database(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    let db = store::connect(settings).await?;
    store::migrate(&db).await.context("applying migrations")?;
    store::categories::ensure_defaults(&db).await.context("seeding categories")?;
    Ok(db)
}

/// The stored areas; on first start they are imported from `areas_file`.
pub async fn load_areas(db: &DatabaseConnection, settings: &Settings) -> anyhow::Result<AreaIndex> {
    if let Some(index) = store::areas::load_index(db).await? {
        return Ok(index);
    }
    let path = &settings.areas_file;
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("areas_file: cannot read {} (no areas are stored yet)", path.display()))?;
    let definitions = parse_areas_file(&text).with_context(|| format!("areas_file {}", path.display()))?;
    if let Err(e) = store::areas::replace_all(db, &definitions).await {
        // Two instances starting on an empty database race to import; the loser reads the winner's.
        return store::areas::load_index(db).await?.ok_or(e);
    }
    store::areas::load_index(db).await?.context("areas were imported but cannot be read back")
}

/// The searchable places: the areas, and the places file when there is one.
pub fn load_places(settings: &Settings, areas: &AreaIndex) -> anyhow::Result<PlaceIndex> {
    let path = &settings.places_file;
    let listed = match std::fs::read_to_string(path) {
        Ok(text) => parse_places_file(&text, areas).with_context(|| format!("places_file {}", path.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!(file = %path.display(), "no places file; the areas alone are searchable");
            Vec::new()
        }
        Err(e) => return Err(e).with_context(|| format!("places_file: cannot read {}", path.display())),
    };
    Ok(PlaceIndex::new(listed, areas))
}

/// Rust keeps the soft limit on open files a login shell or systemd gives (often 1024), which a
/// few hundred slow clients exhaust; the hard limit is what the operator allowed.
fn raise_open_file_limit() {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => tracing::info!(limit, "open-file limit"),
        Err(e) => tracing::warn!(error = %e, "cannot raise the open-file limit"),
    }
}
