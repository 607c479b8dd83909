//! Builds the application: database, migrations, seed data, areas, and the HTTP server.

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{web, HttpServer};
use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::config::Settings;
use crate::domain::area::{parse_areas_file, AreaIndex};
use crate::domain::category::Catalog;
use crate::error::ApiError;
use crate::http::localize::localize;
use crate::http::rate_limit::RateLimiter;
use crate::mail::policy::MailPolicy;
use crate::mail::transport::Transport;
use crate::mail::worker::MailWorker;
use crate::routes;
use crate::store;

/// Everything a request handler may need, shared by all workers.
pub struct AppState {
    pub settings: Settings,
    pub db: DatabaseConnection,
    pub areas: AreaIndex,
    pub catalog: Catalog,
    pub report_limiter: RateLimiter,
    pub mail: MailPolicy,
}

pub struct Application {
    port: u16,
    server: Server,
    mail_worker: MailWorker,
}

impl Application {
    /// Connects, migrates, seeds categories, loads areas (from `areas_file` into an empty
    /// database), binds the listener and starts the mail worker. The server runs when
    /// `run_until_stopped` is awaited.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = prepare_database(&settings).await?;
        let areas = load_areas(&db, &settings).await?;
        let catalog = store::categories::load_catalog(&db).await.context("loading categories")?;
        let mail = MailPolicy::new(&settings.mail, &catalog)?;
        let transport = Transport::from_settings(&settings)?;
        let listener = TcpListener::bind(settings.bind).with_context(|| format!("binding {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let report_limiter =
            RateLimiter::new(settings.rate_limit.reports_per_minute, settings.rate_limit.reports_burst);
        let pwa_dir = settings.pwa_dir.clone();
        if !pwa_dir.join("index.html").is_file() {
            tracing::warn!(dir = %pwa_dir.display(), "the PWA is not built; only the API is served");
        }
        let state = web::Data::new(AppState { settings, db, areas, catalog, report_limiter, mail });
        let worker_state = state.clone();
        let server = HttpServer::new(move || {
            let app = actix_web::App::new()
                .app_data(state.clone())
                .app_data(web::QueryConfig::default().error_handler(|e, _| ApiError::BadQuery(e.to_string()).into()))
                .app_data(web::PathConfig::default().error_handler(|_, _| ApiError::NotFound.into()))
                .wrap(from_fn(localize))
                .wrap(from_fn(routes::pwa::cache_headers))
                .configure(routes::configure);
            if pwa_dir.join("index.html").is_file() {
                app.service(routes::pwa::service(&pwa_dir))
            } else {
                app.route("/", web::get().to(routes::pwa::not_built)).default_service(web::to(routes::not_found))
            }
        })
        .listen(listener)?
        .run();
        let mail_worker = MailWorker::spawn(worker_state, transport);
        tracing::info!(port, "Trygg is listening");
        Ok(Application { port, server, mail_worker })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until SIGINT or SIGTERM, then stops the mail worker: it finishes the email it is
    /// sending and gives back the rest of its claim.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let served = self.server.await;
        self.mail_worker.stop().await;
        served
    }
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
