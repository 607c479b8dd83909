//! Load generator for the coordinator's queue: logs in, then `concurrency` tasks fetch one queue
//! URL for `seconds`. With `deep`, it first walks `pages` pages by cursor and measures that page.
//! Prints `label concurrency requests rate_per_s p50_ms p99_ms errors`. Used by scripts/bench-queue.sh.

use serde_json::{json, Value};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, email, password, query, label, concurrency, seconds, pages] = args.as_slice() else {
        anyhow::bail!("usage: bench-queue BASE_URL EMAIL PASSWORD QUERY LABEL CONCURRENCY SECONDS PAGES_DEEP");
    };
    let base = url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::new();
    let login = client
        .post(format!("{base}/api/v1/auth/login"))
        .header("Origin", &base)
        .json(&json!({ "email": email, "password": password }))
        .send()
        .await?
        .error_for_status()?;
    let cookie = login.headers()["set-cookie"].to_str()?.split(';').next().unwrap_or_default().to_owned();
    let mut path = format!("{base}/api/v1/reports?{query}");
    for _ in 0..pages.parse::<usize>()? {
        let page: Value = client.get(&path).header("Cookie", &cookie).send().await?.error_for_status()?.json().await?;
        let cursor = page["next_cursor"].as_str().ok_or_else(|| anyhow::anyhow!("ran out of pages"))?;
        path = format!("{base}/api/v1/reports?{query}&cursor={cursor}");
    }
    let concurrency: usize = concurrency.parse()?;
    let stats =
        trygg_tests::run(concurrency, seconds.parse()?, move |_, _| {
            let (client, path, cookie) = (client.clone(), path.clone(), cookie.clone());
            async move {
                matches!(client.get(&path).header("Cookie", &cookie).send().await, Ok(r) if r.status().is_success())
            }
        })
        .await;
    println!("{}", stats.line(label, concurrency));
    Ok(())
}
