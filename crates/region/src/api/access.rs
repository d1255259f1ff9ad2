//! Who is asking and what they may read: the roles and unit scopes every endpoint applies.
//!
//! | endpoint | nurse (device token) | coach (session) | admin (session) |
//! |---|---|---|---|
//! | `POST /push`, `GET /pull`, `GET /content/{v}` | own unit only | 401 | 401 |
//! | `GET /jobs/{job}` | own unit's jobs | own unit's jobs | every job |
//! | `GET /audit` | 403 | 403 | yes |
//! | `GET /stats`, `/stats/compare`, `/dashboard` | 401 | yes (region-wide) | yes |
//! | `POST /quiz-results` | own unit, own user | 401 | 401 |
//! | `GET /introduction` | own unit | own unit | `?unit=U` |
//! | `POST /introduction/marks`, `GET /quiz-stats` | 403 | own unit | `?unit=U` / any unit |
//! | `GET /requests`, `POST /requests/{id}/answer` | own unit's requests | 401 | 401 |
//!
//! A health centre's **requester** (staff role `requester`, bound to a centre) reaches only the
//! request pages `/begaran` and `/begaran/ny` ([`crate::requests::requester_of`]); to every
//! endpoint above a requester's session is no session.
//!
//! Statistics stay region-wide for coaches: they are counts without identifying data, and the
//! annual report compares the region's municipalities.

use super::AppState;
use super::auth::{device_of, is_device_token};
use super::error::ApiError;
use super::staff::{StaffSession, signed_in};
use crate::storage::{AuditAction, AuditEvent, DeviceAuth, Role};
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use samverka_model::{JobId, Timestamp, UnitId};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

/// The caller of an endpoint that nurses and staff share: a device or a signed-in staff member.
pub enum Caller {
    /// An enrolled, unrevoked device: a nurse of one unit.
    Device(DeviceAuth),
    /// A signed-in coach or admin.
    Staff(StaffSession),
}

impl Caller {
    /// The caller's role.
    pub fn role(&self) -> Role {
        match self {
            Caller::Device(_) => Role::Nurse,
            Caller::Staff(s) => s.role,
        }
    }

    /// Whether the caller may read the jobs of `unit`: a device or a coach of that unit, or an
    /// admin. Otherwise 403 `other_unit`.
    pub fn may_read_unit(&self, unit: &UnitId) -> Result<(), ApiError> {
        let own = match self {
            Caller::Device(d) => Some(&d.unit),
            Caller::Staff(s) if s.role == Role::Admin => return Ok(()),
            Caller::Staff(s) => s.unit.as_ref(),
        };
        if own == Some(unit) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "other_unit",
                "this job belongs to another unit than yours",
            ))
        }
    }

    /// Admins only; otherwise 403 `admin_only`.
    pub fn must_be_admin(&self) -> Result<(), ApiError> {
        if self.role() == Role::Admin {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "admin_only",
                "only an admin may read this",
            ))
        }
    }

    /// The audit log's record of this caller reading `job` of `unit`.
    pub fn read_of(
        &self,
        action: AuditAction,
        job: JobId,
        unit: &UnitId,
        client: &ClientAddr,
        at: Timestamp,
    ) -> AuditEvent {
        let (actor, device) = match self {
            Caller::Device(d) => (d.user.as_str().to_owned(), Some(d.device)),
            Caller::Staff(s) => (s.name.clone(), None),
        };
        AuditEvent {
            at,
            action,
            role: self.role(),
            actor,
            device,
            job,
            unit: unit.clone(),
            client: client.0.map(|ip| ip.to_string()),
        }
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bearer = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .and_then(|h| h.strip_prefix("Bearer "));
        if let Some(token) = bearer.filter(|t| is_device_token(t)) {
            return Ok(Caller::Device(device_of(state, token).await?));
        }
        match signed_in(&state.storage, &parts.headers).await? {
            Some(s) => Ok(Caller::Staff(s)),
            None => Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "a valid device token or staff session is required",
            )),
        }
    }
}

/// The client's IP address: the one a trusted proxy named ([`super::client`]), else the TCP
/// peer's when the server was started with connection info; `None` otherwise, e.g. a router
/// under test.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// From a request's extensions.
    pub fn of(extensions: &axum::http::Extensions) -> Self {
        if let Some(c) = extensions.get::<super::client::ResolvedClient>() {
            return Self(Some(c.ip));
        }
        Self(
            extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(a)| a.ip().to_canonical()),
        )
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.extensions))
    }
}
