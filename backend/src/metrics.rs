//! Prometheus metrics for operators: requests and their latency per route, reports received,
//! the mail outbox (read from the database at each scrape, so every instance tells the same),
//! retention purges and the database pool. One registry per application, no globals.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::web;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};
use sea_orm::DatabaseConnection;

use crate::domain::retention::Rule;
use crate::state::AppState;
use crate::store;

pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    reports: IntCounterVec,
    purged: IntCounterVec,
    outbox: IntGaugeVec,
    outbox_oldest: IntGauge,
    pool: IntGaugeVec,
}

impl Metrics {
    pub fn new() -> Self {
        let registry = Registry::new_custom(Some("trygg".into()), None).expect("a valid prefix");
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route pattern and status"),
            &["method", "route", "status"],
        )
        .expect("valid metric");
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time to answer, by route pattern")
                .buckets(vec![0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0]),
            &["method", "route"],
        )
        .expect("valid metric");
        let reports = IntCounterVec::new(Opts::new("reports_received_total", "Reports stored, by source"), &["source"])
            .expect("valid metric");
        let purged =
            IntCounterVec::new(Opts::new("purged_rows_total", "Rows removed by retention, by rule"), &["rule"])
                .expect("valid metric");
        let outbox = IntGaugeVec::new(Opts::new("outbox_emails", "E-mails in the outbox, by status"), &["status"])
            .expect("valid metric");
        let outbox_oldest = IntGauge::new("outbox_oldest_due_seconds", "How long the oldest due e-mail has waited")
            .expect("valid metric");
        let pool =
            IntGaugeVec::new(Opts::new("db_pool_connections", "Database pool connections, by state"), &["state"])
                .expect("valid metric");
        for collector in [
            Box::new(requests.clone()) as Box<dyn prometheus::core::Collector>,
            Box::new(latency.clone()),
            Box::new(reports.clone()),
            Box::new(purged.clone()),
            Box::new(outbox.clone()),
            Box::new(outbox_oldest.clone()),
            Box::new(pool.clone()),
        ] {
            registry.register(collector).expect("each metric registered once");
        }
        Metrics { registry, requests, latency, reports, purged, outbox, outbox_oldest, pool }
    }

    pub fn report_received(&self, source: &str) {
        self.reports.with_label_values(&[source]).inc();
    }

    pub fn purged(&self, rule: Rule, rows: u64) {
        self.purged.with_label_values(&[rule.as_str()]).inc_by(rows);
    }

    /// The text exposition, after reading the outbox and the pool as they are now.
    pub async fn render(&self, db: &DatabaseConnection) -> anyhow::Result<String> {
        let backlog = store::outbox::backlog(db, chrono::Utc::now()).await?;
        for (status, count) in &backlog.by_status {
            self.outbox.with_label_values(&[status.as_str()]).set(*count);
        }
        self.outbox_oldest.set(backlog.oldest_due_seconds.unwrap_or(0));
        let (size, idle) = store::pool_use(db);
        self.pool.with_label_values(&["open"]).set(i64::from(size));
        self.pool.with_label_values(&["idle"]).set(idle as i64);
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out)?;
        Ok(String::from_utf8(out)?)
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Middleware: counts each request and its latency under the route's pattern
/// (`/api/v1/reports/{id}`), so ids do not make a metric per report.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let metrics = req.app_data::<web::Data<AppState>>().map(|s| s.metrics.clone());
    let method = req.method().to_string();
    let res = next.call(req).await?;
    if let Some(metrics) = metrics {
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
        let status = res.status().as_u16().to_string();
        metrics.requests.with_label_values(&[&method, &route, &status]).inc();
        metrics.latency.with_label_values(&[&method, &route]).observe(started.elapsed().as_secs_f64());
    }
    Ok(res)
}
