//! Load generator for `POST /api/v1/reports`: `concurrency` tasks send valid reports (each with a
//! new client_id) for `seconds`, then one line of results is printed:
//! `label concurrency requests rate_per_s p50_ms p99_ms errors`. Used by scripts/bench.sh.

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
    let endpoint = format!("{}/api/v1/reports", url.trim_end_matches('/'));
    let client = reqwest::Client::builder().pool_max_idle_per_host(concurrency).build()?;
    let stats = trygg_tests::run(concurrency, seconds.parse()?, move |worker, n| {
        let (client, endpoint) = (client.clone(), endpoint.clone());
        async move {
            let jitter = ((worker as u64 * 7919 + n * 104_729) % 1000) as f64 / 1_000_000.0;
            let body = json!({
                "client_id": Uuid::new_v4(),
                "category": "vandalism",
                "description": "Krossad ruta i busskuren, glas överallt.",
                "lat": 58.0795 + jitter, "lon": 13.0240 - jitter,
                "occurred_at": Utc::now().to_rfc3339(),
                "feeling": 3
            });
            matches!(client.post(&endpoint).json(&body).send().await, Ok(r) if r.status().as_u16() == 201)
        }
    })
    .await;
    println!("{}", stats.line(label, concurrency));
    Ok(())
}
