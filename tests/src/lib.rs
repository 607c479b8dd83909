//! Shared code for the load generators in `src/bin/` (used by scripts/bench*.sh; not tests).

use std::future::Future;
use std::time::{Duration, Instant};

/// What a load run measured.
pub struct Stats {
    pub ok: usize,
    pub errors: u64,
    pub rate_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// Runs `concurrency` tasks calling `request(worker, n)` until `seconds` have passed; a request
/// counts when it returns `true`.
pub async fn run<F, Fut>(concurrency: usize, seconds: u64, request: F) -> Stats
where
    F: Fn(usize, u64) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = bool> + Send,
{
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..concurrency)
        .map(|worker| {
            let request = request.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors, mut n) = (Vec::new(), 0u64, 0u64);
                while Instant::now() < deadline {
                    n += 1;
                    let sent = Instant::now();
                    if request(worker, n).await {
                        latencies.push(sent.elapsed());
                    } else {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.expect("a load task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1));
        latencies.get(index).map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
    };
    Stats {
        ok: latencies.len(),
        errors,
        rate_per_s: latencies.len() as f64 / elapsed,
        p50_ms: percentile(0.50),
        p99_ms: percentile(0.99),
    }
}

impl Stats {
    /// `label concurrency requests rate_per_s p50_ms p99_ms errors`
    pub fn line(&self, label: &str, concurrency: usize) -> String {
        format!(
            "{label} {concurrency} {} {:.1} {:.2} {:.2} {}",
            self.ok, self.rate_per_s, self.p50_ms, self.p99_ms, self.errors
        )
    }
}
