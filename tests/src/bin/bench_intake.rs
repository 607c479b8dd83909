//! Load generator for `POST /api/v1/reports`: `concurrency` tasks send valid reports (each with a
//! new client_id) for `seconds`, then one line of results is printed:
//! `label concurrency requests rate_per_s p50_ms p99_ms errors`.
//! Used by scripts/bench.sh; not a test.

use std::time::{Duration, Instant};

use chrono::Utc;
use serde_json::json;
use uuid::Uuid;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, label, concurrency, seconds] = args.as_slice() else {
        anyhow::bail!("usage: bench-intake BASE_URL LABEL CONCURRENCY SECONDS");
    };
    let concurrency: usize = concurrency.parse()?;
    let deadline = Instant::now() + Duration::from_secs(seconds.parse()?);
    let endpoint = format!("{}/api/v1/reports", url.trim_end_matches('/'));
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|worker| {
            let (client, endpoint) = (client.clone(), endpoint.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0u64;
                let mut n = 0u64;
                while Instant::now() < deadline {
                    n += 1;
                    let jitter = ((worker as u64 * 7919 + n * 104_729) % 1000) as f64 / 1_000_000.0;
                    let body = json!({
                        "client_id": Uuid::new_v4(),
                        "category": "vandalism",
                        "description": "Krossad ruta i busskuren, glas överallt.",
                        "lat": 58.0795 + jitter, "lon": 13.0240 - jitter,
                        "occurred_at": Utc::now().to_rfc3339(),
                        "feeling": 3
                    });
                    let sent = Instant::now();
                    match client.post(&endpoint).json(&body).send().await {
                        Ok(r) if r.status().as_u16() == 201 => latencies.push(sent.elapsed()),
                        _ => errors += 1,
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (l, e) = task.await?;
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{label} {concurrency} {} {:.1} {:.2} {:.2} {errors}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.50),
        percentile(0.99)
    );
    Ok(())
}
