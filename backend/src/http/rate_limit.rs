//! A token bucket per client address, in memory (per instance), and the middleware that spends
//! it before a request's body is read, so a slow or oversized body costs its sender too.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::web;

use super::client_ip::{client_ip, rate_key};
use crate::error::ApiError;
use crate::state::AppState;

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

/// Middleware on the report intake: a POST takes a token from its sender's bucket (by address,
/// an IPv6 sender's /64) before anything else, or gets 429 without its body being read.
pub async fn limit_reports(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    limit_posts(req, next, |state| &state.report_limiter).await
}

/// The same for answers to a survey through its open link.
pub async fn limit_survey_responses(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    limit_posts(req, next, |state| &state.survey_limiter).await
}

async fn limit_posts(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    limiter: fn(&AppState) -> &RateLimiter,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if req.method() == Method::POST {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let sender = state.as_ref().and_then(|s| client_ip(req.request(), &s.settings.rate_limit.trusted_proxies));
        if let (Some(state), Some(ip)) = (state, sender) {
            if let Err(retry_after_seconds) = limiter(&state).check(rate_key(ip), Instant::now()) {
                return Ok(req.error_response(ApiError::RateLimited { retry_after_seconds }).map_into_boxed_body());
            }
        }
    }
    Ok(next.call(req).await?.map_into_boxed_body())
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
