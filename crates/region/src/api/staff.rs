//! Dashboard users: passwords hashed with Argon2id, sessions as random tokens kept only as
//! SHA-256 hashes, carried in an HttpOnly cookie (the dashboard) or as a bearer token (scripts).

use super::AppState;
use super::auth::hash_secret;
use super::error::ApiError;
use crate::storage::{Role, SharedStorage, StorageError};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{AUTHORIZATION, COOKIE};
use axum::http::request::Parts;
use rand::RngExt;
use samverka_model::Timestamp;

/// The cookie that carries a dashboard session.
pub const SESSION_COOKIE: &str = "samverka_session";
/// How long a session lasts: one working day or night.
pub const SESSION_HOURS: i64 = 12;
/// The shortest password `staff add` accepts.
pub const MIN_PASSWORD_LEN: usize = 12;
const SESSION_PREFIX: &str = "svks_";

/// An Argon2id PHC string for `password`.
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt_bytes: [u8; 16] = rand::rng().random();
    let salt = SaltString::encode_b64(&salt_bytes)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the stored PHC string.
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Checks a name and password and opens a session; the token is shown once.
pub async fn login(
    storage: &SharedStorage,
    name: &str,
    password: &str,
) -> Result<Option<(String, Role, Timestamp)>, StorageError> {
    let Some(staff) = storage.staff(name.trim()).await? else {
        // Spend the same time as a real check, so a name cannot be probed by timing.
        let _ = verify_password(password, DUMMY_HASH);
        return Ok(None);
    };
    if !verify_password(password, &staff.password_hash) {
        return Ok(None);
    }
    let bytes: [u8; 32] = rand::rng().random();
    let token = format!("{SESSION_PREFIX}{}", hex::encode(bytes));
    let now = crate::now();
    let expires = Timestamp(now.millis() + SESSION_HOURS * 3_600_000);
    storage
        .add_session(&hash_secret(&token), &staff.name, now, expires)
        .await?;
    Ok(Some((token, staff.role, expires)))
}

/// A valid Argon2id hash of a password nobody has, for the unknown-name path.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FtdmVya2FkdW1teQ$VvN1H7kqC5V3m3yxk2vJ0W0S8Ue6f8b1nq0Qm2b0mYo";

/// The session token of a request: the cookie, or `Authorization: Bearer`.
pub fn session_token(headers: &HeaderMap) -> Option<String> {
    let from_cookie = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|c| c.trim().strip_prefix(SESSION_COOKIE)?.strip_prefix('='))
        .map(str::to_owned);
    let from_header = || {
        headers
            .get(AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")
            .map(str::to_owned)
    };
    from_cookie
        .or_else(from_header)
        .filter(|t| t.starts_with(SESSION_PREFIX) && t.len() == SESSION_PREFIX.len() + 64)
}

/// The signed-in coach or admin of a request, if its session is valid (a requester's session
/// counts as none here).
pub async fn signed_in(
    storage: &SharedStorage,
    headers: &HeaderMap,
) -> Result<Option<StaffSession>, StorageError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    // A health centre's requester signs in the same way but reaches only the request pages
    // (`crate::requests::requester_of`), never the statistics or a unit's jobs.
    Ok(storage
        .session(&hash_secret(&token), crate::now())
        .await?
        .filter(|s| s.role != Role::Requester)
        .map(|s| StaffSession {
            name: s.name,
            role: s.role,
            unit: s.unit,
        }))
}

/// A signed-in coach or admin.
pub struct StaffSession {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// A coach's unit; `None` for an admin (region-wide).
    pub unit: Option<samverka_model::UnitId>,
}

impl FromRequestParts<AppState> for StaffSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        signed_in(&state.storage, &parts.headers)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    axum::http::StatusCode::UNAUTHORIZED,
                    "unauthorized",
                    "sign in as a coach or admin (POST /api/v1/login)",
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_themselves() {
        let h = hash_password("rätt lösenord 2026").unwrap_or_default();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("rätt lösenord 2026", &h));
        assert!(!verify_password("fel lösenord 2026", &h));
        assert!(!verify_password("x", "not a hash"));
        // The dummy parses, so the unknown-name path costs a real verification.
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
