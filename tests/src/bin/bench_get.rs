//! Load generator for what staff read: logs in, then `concurrency` tasks GET one path for
//! `seconds`. With `pages` > 0 it first walks that many cursor pages (`next_cursor`) of a list
//! and measures the page reached. Prints `label concurrency requests rate_per_s p50_ms p99_ms
//! errors`. Used by scripts/bench-queue.sh and scripts/bench-surveys.sh.

use serde_json::{json, Value};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let [_, url, email, password, start, label, concurrency, seconds, pages] = args.as_slice() else {
        anyhow::bail!("usage: bench-get BASE_URL EMAIL PASSWORD PATH LABEL CONCURRENCY SECONDS PAGES_DEEP");
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
    let mut path = format!("{base}{start}");
    for _ in 0..pages.parse::<usize>()? {
        let page: Value = client.get(&path).header("Cookie", &cookie).send().await?.error_for_status()?.json().await?;
        let cursor = page["next_cursor"].as_str().ok_or_else(|| anyhow::anyhow!("ran out of pages"))?;
        let joiner = if start.contains('?') { '&' } else { '?' };
        path = format!("{base}{start}{joiner}cursor={cursor}");
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
