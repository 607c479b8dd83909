//! A token bucket per client address, in memory (per instance).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Beyond this many tracked addresses, full (idle) buckets are forgotten.
const PRUNE_ABOVE: usize = 10_000;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl RateLimiter {
    pub fn new(per_minute: u32, burst: u32) -> Self {
        RateLimiter { per_second: f64::from(per_minute) / 60.0, burst: f64::from(burst), buckets: Mutex::default() }
    }

    /// Takes one token for `ip`; `Err(seconds)` says when the next one is due.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let mut buckets = self.buckets.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() > PRUNE_ABOVE {
            buckets.retain(|_, b| b.tokens + now.duration_since(b.at).as_secs_f64() * self.per_second < self.burst);
        }
        let bucket = buckets.entry(ip).or_insert(Bucket { tokens: self.burst, at: now });
        bucket.tokens = (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * self.per_second).min(self.burst);
        bucket.at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) / self.per_second).ceil().max(1.0) as u64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_is_allowed_then_the_rate_applies_per_address() {
        let limiter = RateLimiter::new(6, 2);
        let (a, b): (IpAddr, IpAddr) = ("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap());
        let t0 = Instant::now();
        assert!(limiter.check(a, t0).is_ok());
        assert!(limiter.check(a, t0).is_ok());
        assert_eq!(limiter.check(a, t0), Err(10), "6 a minute is one every 10 s");
        assert!(limiter.check(b, t0).is_ok(), "another address has its own bucket");
        assert!(limiter.check(a, t0 + Duration::from_secs(10)).is_ok());
    }
}
