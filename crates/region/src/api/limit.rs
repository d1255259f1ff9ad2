//! Per-address limits on guessing secrets: enrolment codes and staff passwords. A GCRA limiter
//! (governor) per client IP answers 429 with `Retry-After` once an address has used its burst,
//! and lets one more attempt through per refill interval.

use super::access::ClientAddr;
use super::error::ApiError;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// How many attempts one address may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptRate {
    /// Attempts per minute, sustained.
    pub per_minute: NonZeroU32,
    /// Attempts allowed at once before the per-minute pace applies.
    pub burst: NonZeroU32,
}

impl Default for AttemptRate {
    /// 10 a minute, 5 at once: a nurse mistyping a code or a coach a password a few times is
    /// never stopped, a guesser gets 14,400 tries a day against 49-bit single-use codes.
    fn default() -> Self {
        Self {
            per_minute: NonZeroU32::MIN.saturating_add(9),
            burst: NonZeroU32::MIN.saturating_add(4),
        }
    }
}

/// The most addresses remembered before those back at a full burst are forgotten.
const HOUSEKEEPING_AT: usize = 10_000;

/// One limiter, shared by every route it guards (the API's and the dashboard's login share one,
/// so a guesser cannot double the rate by alternating).
#[derive(Clone)]
pub struct AttemptLimiter {
    inner: Arc<DefaultKeyedRateLimiter<IpAddr>>,
}

impl AttemptLimiter {
    /// A limiter allowing `rate` per address.
    pub fn new(rate: AttemptRate) -> Self {
        let period = Duration::from_secs(60) / rate.per_minute.get();
        // `period` is at least 60 s / u32::MAX, never zero; the fallback is unreachable.
        let quota = Quota::with_period(period)
            .unwrap_or_else(|| Quota::per_minute(rate.per_minute))
            .allow_burst(rate.burst);
        Self {
            inner: Arc::new(RateLimiter::keyed(quota)),
        }
    }

    /// `Ok` if `client` may try now, else how many whole seconds until it may.
    pub fn check(&self, client: ClientAddr) -> Result<(), u64> {
        if self.inner.len() > HOUSEKEEPING_AT {
            self.inner.retain_recent();
        }
        let key = key_of(client.0);
        self.inner.check_key(&key).map_err(|not_until| {
            let wait = not_until.wait_time_from(self.inner.clock().now());
            // Round up: a client that waits exactly this long must get through.
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }
}

/// The key of an address: IPv6 clients by their /64, which one host usually has whole, so a
/// guesser cannot rotate through addresses of its own prefix. Without connection info every
/// request shares one key.
fn key_of(ip: Option<IpAddr>) -> IpAddr {
    match ip.map(|ip| ip.to_canonical()) {
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        Some(v4) => v4,
        None => IpAddr::V6(Ipv6Addr::UNSPECIFIED),
    }
}

/// Seconds to wait if `req` is an attempt (a POST) over its address's limit; counts it.
fn over_limit(limiter: &AttemptLimiter, req: &Request) -> Option<u64> {
    if req.method() != Method::POST {
        return None;
    }
    let secs = limiter.check(ClientAddr::of(req.extensions())).err()?;
    tracing::warn!(path = %req.uri().path(), "attempts rate-limited");
    Some(secs)
}

/// Middleware for API routes: a POST over the limit is answered 429 `rate_limited` (JSON)
/// before the handler runs.
pub(super) async fn limit_api(
    State(limiter): State<AttemptLimiter>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(secs) = over_limit(&limiter, &req) {
        return ApiError::rate_limited(secs).into_response();
    }
    next.run(req).await
}

/// Middleware for the dashboard's login form: the same limit, answered as the login page with
/// the wait in Swedish.
pub(crate) async fn limit_dashboard(
    State(limiter): State<AttemptLimiter>,
    req: Request,
    next: Next,
) -> Response {
    if let Some(secs) = over_limit(&limiter, &req) {
        let message = format!("För många inloggningsförsök. Försök igen om {secs} sekunder.");
        let mut resp = (
            StatusCode::TOO_MANY_REQUESTS,
            crate::dashboard::page::login(Some(&message), ""),
        )
            .into_response();
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        return resp;
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(per_minute: u32, burst: u32) -> AttemptRate {
        AttemptRate {
            per_minute: NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
        }
    }

    #[test]
    fn an_address_gets_its_burst_then_waits_and_others_are_not_affected() {
        let limiter = AttemptLimiter::new(rate(6, 3));
        let a = ClientAddr(Some(
            "192.0.2.1".parse().unwrap_or(IpAddr::V4([0; 4].into())),
        ));
        let b = ClientAddr(Some(
            "192.0.2.2".parse().unwrap_or(IpAddr::V4([0; 4].into())),
        ));
        for _ in 0..3 {
            assert_eq!(limiter.check(a), Ok(()));
        }
        // 6 a minute: the next attempt is due within 10 s.
        let wait = limiter.check(a).err();
        assert!(matches!(wait, Some(1..=10)), "{wait:?}");
        assert_eq!(limiter.check(b), Ok(()));
    }

    #[test]
    fn ipv6_hosts_of_one_prefix_share_a_key_and_mapped_ipv4_is_ipv4() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        assert_eq!(
            key_of(ip("2001:db8:1:2::1")),
            key_of(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(key_of(ip("2001:db8:1:2::1")), key_of(ip("2001:db8:1:3::1")));
        assert_eq!(key_of(ip("::ffff:192.0.2.7")), key_of(ip("192.0.2.7")));
    }
}
