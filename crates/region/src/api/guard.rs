//! Two rules every request meets before any handler, so no handler can forget them:
//!
//! - **No NUL characters.** No nurse, coach or health centre types one, PostgreSQL cannot store
//!   one in text (it answered 503 for a NUL in a login name), and SQLite would store it: both
//!   stores now answer alike, 400 `invalid_text`, for a NUL anywhere in the query string, a
//!   form body or a JSON body (raw or as the escape `\u0000`).
//! - **No cross-site writes.** A browser sends `Origin` with every request that is not a GET or
//!   HEAD (the Fetch standard), and `Sec-Fetch-Site` on current browsers: a form posted to the
//!   dashboard from another site is refused with 403 `cross_site` whatever cookie it carries
//!   (SameSite=Strict stays as a second defence). A request with neither header is not a
//!   browser's (a phone, a script with its own token or cookie) and cannot be forged by a
//!   third site, so it passes.

use super::ApiError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether percent-encoded text (a query string, a form body) holds a NUL, raw or as `%00`.
pub fn urlencoded_has_nul(s: &[u8]) -> bool {
    s.contains(&0) || s.windows(3).any(|w| w == b"%00")
}

/// Whether a JSON text holds a NUL character: raw (which is not JSON anyway) or as the escape
/// `\u0000` inside a string (an escaped backslash before `u0000` is text, not a NUL).
pub fn json_has_nul(s: &[u8]) -> bool {
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            0 => return true,
            b'\\' => {
                if s.get(i + 1) == Some(&b'u') && s.get(i + 2..i + 6) == Some(b"0000") {
                    return true;
                }
                // Skip the escaped character, so `\\u0000` is read as `\` then `u0000`.
                i += 2;
            }
            _ => i += 1,
        }
    }
    false
}

fn nul_refused(what: &str) -> Response {
    ApiError::bad_request("invalid_text", format!("{what} holds a NUL character")).into_response()
}

/// Refuses a NUL character in the query string, a form body or a JSON body (see the module).
/// Runs inside the body limit and after decompression, so it reads at most the limit.
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    if req
        .uri()
        .query()
        .is_some_and(|q| urlencoded_has_nul(q.as_bytes()))
    {
        return nul_refused("the query");
    }
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase())
        .unwrap_or_default();
    let json = kind.starts_with("application/json");
    let form = kind.starts_with("application/x-www-form-urlencoded");
    if !json && !form {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let bytes = match axum::body::to_bytes(body, super::MAX_BODY_BYTES).await {
        Ok(b) => b,
        Err(_) => {
            return ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "body_too_large",
                "request body too large or unreadable",
            )
            .into_response();
        }
    };
    if (json && json_has_nul(&bytes)) || (form && urlencoded_has_nul(&bytes)) {
        return nul_refused("the body");
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Refuses a write (any method but GET, HEAD, OPTIONS) that a browser sent from another site:
/// `Origin` not this region's own (`http(s)://` + `Host`), or `Sec-Fetch-Site` other than
/// `same-origin` or `none` (typed by the user); `Origin: null` passes only with
/// `Sec-Fetch-Site: same-origin`. `tls` gives the scheme.
pub async fn same_origin(State(tls): State<bool>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let own = text(header::HOST.as_str()).map(|host| {
        let scheme = if tls { "https" } else { "http" };
        format!("{scheme}://{host}")
    });
    let site = text("sec-fetch-site");
    let origin_ok = match headers.get(header::ORIGIN) {
        None => true,
        // Every answer says `Referrer-Policy: no-referrer`, under which a browser sends
        // `Origin: null` even for the region's own forms (the Fetch standard): then only a
        // `Sec-Fetch-Site` the page cannot forge may vouch for it.
        Some(o) if o.as_bytes() == b"null" => site == Some("same-origin"),
        Some(o) => own.is_some_and(|own| o.as_bytes().eq_ignore_ascii_case(own.as_bytes())),
    };
    let site_ok = site.is_none_or(|s| s == "same-origin" || s == "none");
    if origin_ok && site_ok {
        return next.run(req).await;
    }
    ApiError::forbidden(
        "cross_site",
        "a write from another site is refused; use the region's own pages",
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_is_found_raw_escaped_and_percent_encoded_and_nowhere_else() {
        assert!(json_has_nul(br#"{"name":"a\u0000b"}"#));
        assert!(json_has_nul(b"{\"name\":\"a\0\"}"));
        assert!(!json_has_nul(br#"{"name":"a\\u0000b"}"#));
        assert!(json_has_nul(br#"{"name":"a\\\u0000b"}"#));
        assert!(!json_has_nul(br#"{"name":"\u00e5 \"q\" \\"}"#));
        assert!(urlencoded_has_nul(b"name=a%00b"));
        assert!(!urlencoded_has_nul(b"name=a%200b"));
    }
}
