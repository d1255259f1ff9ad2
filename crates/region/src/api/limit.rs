//! Per-address limits on guessing secrets: enrolment codes and staff passwords. GCRA per client
//! address (IPv6 per /64) answers 429 with `Retry-After` once an address has used its burst,
//! and lets one more attempt through per interval.
//!
//! The counts live in the database (`attempt_limits`, [`crate::storage::Storage::take_attempt`]),
//! not in the process (#21): several nodes behind a load balancer share one limit, so a guesser
//! spreading attempts over them gains nothing, and a restarted node forgets nothing. The client
//! address is the one [`super::client`] resolved: behind a trusted proxy, the proxy's client.

use super::access::ClientAddr;
use super::error::ApiError;
use crate::storage::{Attempt, AttemptRule, SharedStorage};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, Ipv6Addr};
use std::num::NonZeroU32;

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

impl AttemptRate {
    /// The rate as the store's GCRA rule, in milliseconds (at least 1 ms between attempts).
    pub fn rule(self) -> AttemptRule {
        AttemptRule {
            interval_ms: (60_000 / i64::from(self.per_minute.get())).max(1),
            burst: self.burst.get(),
        }
    }
}

/// One limit, shared by every route it guards (the API's and the dashboard's login share one,
/// so a guesser cannot double the rate by alternating) and by every node on the database.
#[derive(Clone)]
pub struct AttemptLimiter {
    storage: SharedStorage,
    scope: &'static str,
    rule: AttemptRule,
}

/// Why an attempt may not go ahead.
#[derive(Debug)]
pub enum Refused {
    /// Over the limit: whole seconds until the next attempt may.
    Wait(u64),
    /// The count could not be kept (the database failed): nothing is let through uncounted.
    Storage(crate::storage::StorageError),
}

impl AttemptLimiter {
    /// The limit on enrolment attempts.
    pub fn enrolment(storage: SharedStorage, rate: AttemptRate) -> Self {
        Self {
            storage,
            scope: "enroll",
            rule: rate.rule(),
        }
    }

    /// The limit on staff sign-ins (API and dashboard together).
    pub fn login(storage: SharedStorage, rate: AttemptRate) -> Self {
        Self {
            storage,
            scope: "login",
            rule: rate.rule(),
        }
    }

    /// Counts an attempt of `client`: `Ok` if it may try now.
    pub async fn check(&self, client: ClientAddr) -> Result<(), Refused> {
        let key = key_of(client.0).to_string();
        match self
            .storage
            .take_attempt(self.scope, &key, self.rule, crate::now())
            .await
        {
            Ok(Attempt::Allowed) => Ok(()),
            // Round up: a client that waits exactly this long must get through.
            Ok(Attempt::Wait(ms)) => Err(Refused::Wait(ms.div_ceil(1000))),
            Err(e) => Err(Refused::Storage(e)),
        }
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

/// `Err` if `req` is an attempt (a POST) its address may not make now; counts it. What it
/// needs of the request is read at once: a request's body is not `Sync`, so no borrow of the
/// request may be held across the store's await.
fn over_limit(
    limiter: &AttemptLimiter,
    req: &Request,
) -> impl Future<Output = Result<(), Refused>> + Send + 'static {
    let attempt = (req.method() == Method::POST).then(|| {
        (
            ClientAddr::of(req.extensions()),
            req.uri().path().to_owned(),
        )
    });
    let limiter = limiter.clone();
    async move {
        let Some((client, path)) = attempt else {
            return Ok(());
        };
        let verdict = limiter.check(client).await;
        if let Err(Refused::Wait(_)) = &verdict {
            tracing::warn!(%path, scope = limiter.scope, "attempts rate-limited");
        }
        verdict
    }
}

/// Middleware for API routes: a POST over the limit is answered 429 `rate_limited` (JSON)
/// before the handler runs.
pub(super) async fn limit_api(
    State(limiter): State<AttemptLimiter>,
    req: Request,
    next: Next,
) -> Response {
    match over_limit(&limiter, &req).await {
        Ok(()) => next.run(req).await,
        Err(Refused::Wait(secs)) => ApiError::rate_limited(secs).into_response(),
        Err(Refused::Storage(e)) => ApiError::from(e).into_response(),
    }
}

/// Middleware for the dashboard's login form: the same limit, answered as the login page with
/// the wait in Swedish.
pub(crate) async fn limit_dashboard(
    State(limiter): State<AttemptLimiter>,
    req: Request,
    next: Next,
) -> Response {
    let (status, message, retry_after) = match over_limit(&limiter, &req).await {
        Ok(()) => return next.run(req).await,
        Err(Refused::Wait(secs)) => (
            StatusCode::TOO_MANY_REQUESTS,
            format!("För många inloggningsförsök. Försök igen om {secs} sekunder."),
            Some(secs),
        ),
        Err(Refused::Storage(e)) => {
            tracing::error!(error = %e, "attempt limit could not be counted");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                "Inloggningen fungerar inte just nu. Försök igen om en stund.".to_owned(),
                None,
            )
        }
    };
    let mut resp = (status, crate::dashboard::page::login(Some(&message), "")).into_response();
    if let Some(secs) = retry_after {
        resp.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        // Counted in /metrics beside the API's refusals of the same reason.
        resp.extensions_mut()
            .insert(super::error::ErrorCode("rate_limited"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn rate(per_minute: u32, burst: u32) -> AttemptRate {
        AttemptRate {
            per_minute: NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN),
            burst: NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN),
        }
    }

    #[tokio::test]
    async fn an_address_gets_its_burst_then_waits_and_others_are_not_affected() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("region.db");
        let store =
            crate::storage::SqliteStorage::open(&path.display().to_string()).expect("open SQLite");
        crate::storage::Storage::migrate(&store)
            .await
            .expect("migrate");
        let storage: SharedStorage = Arc::new(store);
        let limiter = AttemptLimiter::login(storage.clone(), rate(6, 3));
        let ip = |s: &str| ClientAddr(s.parse().ok());
        for _ in 0..3 {
            assert!(limiter.check(ip("192.0.2.1")).await.is_ok());
        }
        // 6 a minute: the next attempt is due within 10 s.
        let wait = match limiter.check(ip("192.0.2.1")).await {
            Err(Refused::Wait(secs)) => Some(secs),
            _ => None,
        };
        assert!(matches!(wait, Some(1..=10)), "{wait:?}");
        assert!(limiter.check(ip("192.0.2.2")).await.is_ok());
        // A second limiter on the same database (another node) sees the same count.
        let other_node = AttemptLimiter::login(storage, rate(6, 3));
        assert!(matches!(
            other_node.check(ip("192.0.2.1")).await,
            Err(Refused::Wait(_))
        ));
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
