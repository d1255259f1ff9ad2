//! Device tokens: how they are made, hashed and checked on every request.

use super::AppState;
use super::error::ApiError;
use crate::storage::DeviceAuth;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rand::RngExt;
use sha2::{Digest, Sha256};

/// The prefix of every device token, so a leaked one is recognisable in logs and scanners.
const TOKEN_PREFIX: &str = "svk1_";

/// A new random device token (256 bits).
pub fn new_token() -> String {
    let bytes: [u8; 32] = rand::rng().random();
    format!("{TOKEN_PREFIX}{}", hex::encode(bytes))
}

/// The hash the region stores for a token or an enrolment code. A leaked database does not
/// reveal usable tokens; a plain hash suffices because tokens are 256 random bits.
pub fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Letters and digits a nurse cannot confuse when typing (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Length of an enrolment code.
pub const CODE_LEN: usize = 10;

/// A new one-time enrolment code, e.g. `K7QM-XW3P-2D`: about 49 bits, short-lived and single use.
pub fn new_enrolment_code() -> String {
    let mut rng = rand::rng();
    let raw: String = (0..CODE_LEN)
        .map(|_| char::from(CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())]))
        .collect();
    format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..])
}

/// A code as typed, normalised: upper case, separators and spaces dropped.
pub fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Whether a bearer token has the shape of a device token (not a staff session's).
pub(super) fn is_device_token(token: &str) -> bool {
    token.starts_with(TOKEN_PREFIX) && token.len() == TOKEN_PREFIX.len() + 64
}

/// The device a token belongs to: 401 `unauthorized` for an unknown token, 401 `revoked` for
/// a revoked device's (only then is the second lookup paid).
pub(super) async fn device_of(state: &AppState, token: &str) -> Result<DeviceAuth, ApiError> {
    let hash = hash_secret(token);
    if let Some(auth) = state.storage.authenticate(&hash).await? {
        return Ok(auth);
    }
    if state.storage.is_revoked(&hash).await? {
        return Err(ApiError::revoked());
    }
    Err(ApiError::unauthorized())
}

/// The authenticated device of a request, from `Authorization: Bearer <token>`.
pub struct Device(pub DeviceAuth);

impl FromRequestParts<AppState> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let header = parts
            .headers
            .get(AUTHORIZATION)
            .ok_or_else(ApiError::unauthorized)?;
        let token = header
            .to_str()
            .ok()
            .and_then(|h| h.strip_prefix("Bearer "))
            .filter(|t| is_device_token(t))
            .ok_or_else(ApiError::unauthorized)?;
        Ok(Device(device_of(state, token).await?))
    }
}
