//! The sync client: pushes what the region has not acknowledged, in bounded batches; pulls the
//! unit's entries by cursor; retries with exponential backoff and full jitter; reports its state.
//!
//! The store is synchronous (SQLite) and is locked only between network calls, never across one,
//! so a nurse's tap is never kept waiting by the network.
//!
//! TLS: the client trusts the usual public roots (webpki-roots), plus one certificate pinned in
//! [`ClientOptions::trusted_root_pem`] for a region whose certificate no public authority signed
//! (`samverka-region tls-cert`). Nothing else about verification is relaxed. [`REGION_CA_ENV`]
//! names such a certificate file for the app, and [`enroll`] and [`ClientOptions::from_env`]
//! read it, so enrolment and the sync loop trust the same region.

use crate::error::StoreError;
use crate::store::{Store, now};
use crate::sync_state::{Enrollment, SyncStatus};
use rand::RngExt;
use reqwest::StatusCode;
use samverka_model::DeviceId;
use samverka_model::coach::{IntroductionList, QuizResult};
use samverka_model::content::{DIGEST_HEADER, PublishedContent};
use samverka_model::request::{AnswerBody, RequestId, RequestRecord, RequestsResponse};
use samverka_model::sync::{
    EnrollRequest, EnrollResponse, ErrorBody, MAX_PULL_ENTRIES, MAX_PUSH_ENTRIES, PullResponse,
    PushRequest, PushResponse, QuarantineRequest, refusal,
};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{Notify, watch};

/// Why a sync did not complete.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The region could not be reached (no network, timeout, connection dropped). Normal in the
    /// field: retried with backoff.
    #[error("offline: {0}")]
    Offline(String),
    /// The region answered with an error.
    #[error("region refused ({status}, {code}): {message}")]
    Refused {
        /// HTTP status.
        status: u16,
        /// The API's error code.
        code: String,
        /// The API's message.
        message: String,
        /// The entry of a push the refusal names, if it names one.
        seq: Option<u64>,
    },
    /// The region does not know the token: the device must be enrolled again.
    #[error("the region does not know this device; enrol it again")]
    Unauthorized,
    /// The region revoked this device (a lost phone): its patient data is wiped.
    #[error("the region has revoked this device")]
    Revoked,
    /// The device has not been enrolled.
    #[error("this device is not enrolled with a region")]
    NotEnrolled,
    /// The region's TLS certificate was not trusted (or the handshake failed otherwise): the
    /// wrong certificate is pinned, none is, or something between the phone and the region
    /// answers in its place. Never retried in plain HTTP.
    #[error("TLS with the region failed: {0}")]
    Tls(String),
    /// The certificate to trust could not be read from its file.
    // The reason is in the message, not a `source`: the app shows only the message.
    #[error("cannot read the region's certificate {}: {error}", path.display())]
    CertificateFile {
        /// The file named (e.g. by [`REGION_CA_ENV`]).
        path: PathBuf,
        /// Why it could not be read.
        error: std::io::Error,
    },
    /// The certificate to trust is not a PEM certificate.
    #[error("the region's certificate is not a usable PEM certificate: {0}")]
    Certificate(String),
    /// The local store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl SyncError {
    /// Whether trying again later may help (as opposed to needing a person).
    pub fn is_transient(&self) -> bool {
        match self {
            SyncError::Offline(_) => true,
            SyncError::Refused { status, code, .. } => {
                !refusal::is_permanent(code) && (*status >= 500 || *status == 429 || *status == 409)
            }
            _ => false,
        }
    }

    /// Whether the region refused an entry for good (a code of
    /// [`samverka_model::sync::refusal::PERMANENT`]): sending it again can never succeed, so
    /// it goes to quarantine and the rest goes on.
    pub fn is_permanent_refusal(&self) -> bool {
        matches!(self, SyncError::Refused { code, .. } if refusal::is_permanent(code))
    }
}

/// Turns a failed request into the sync error it means. reqwest's own message names only the
/// URL; whether the TLS handshake failed is further down: rustls' error travels inside an
/// `io::Error` of kind `InvalidData` (tokio-rustls wraps it so), itself inside another
/// `io::Error`. `io::Error::source` skips the error it wraps, so those are opened with `get_ref`.
fn request_error(e: reqwest::Error) -> SyncError {
    if e.is_connect() {
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            let mut io = s.downcast_ref::<std::io::Error>();
            while let Some(err) = io {
                if err.kind() == std::io::ErrorKind::InvalidData {
                    return SyncError::Tls(err.to_string());
                }
                io = err
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<std::io::Error>());
            }
            source = s.source();
        }
    }
    SyncError::Offline(e.to_string())
}

/// Talks API v1 to one region.
#[derive(Clone)]
pub struct SyncClient {
    http: reqwest::Client,
    base: String,
}

/// Client settings.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Per-request timeout.
    pub timeout: Duration,
    /// Keep connections open between requests (off in tests that inject faults per connection).
    pub keep_alive: bool,
    /// One or more certificates (PEM) trusted as roots besides the public ones: the region's
    /// own certificate when no public authority signed it. Pinning it trusts that certificate
    /// only; every other check (names, dates, signatures) stays on.
    pub trusted_root_pem: Option<Vec<u8>>,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(20),
            keep_alive: true,
            trusted_root_pem: None,
        }
    }
}

/// Names a PEM file with the region's certificate to trust (see
/// [`ClientOptions::trusted_root_pem`]); `make run` sets it for its generated certificate.
pub const REGION_CA_ENV: &str = "SAMVERKA_REGION_CA";

impl ClientOptions {
    /// These options, also trusting the certificate(s) in the PEM file at `path`.
    pub fn trusting_pem_file(mut self, path: impl Into<PathBuf>) -> Result<Self, SyncError> {
        let path = path.into();
        let pem =
            std::fs::read(&path).map_err(|error| SyncError::CertificateFile { path, error })?;
        self.trusted_root_pem = Some(pem);
        Ok(self)
    }

    /// The default options, trusting the certificate named by [`REGION_CA_ENV`] if it is set.
    /// A set but unreadable file is an error, not a quiet fallback to the public roots.
    pub fn from_env() -> Result<Self, SyncError> {
        match std::env::var_os(REGION_CA_ENV) {
            Some(path) if !path.is_empty() => Self::default().trusting_pem_file(path),
            _ => Ok(Self::default()),
        }
    }
}

/// The certificates in `pem`, each to be added as a root. reqwest's `Certificate::from_pem`
/// defers parsing with rustls and would quietly add nothing for a file holding no certificate;
/// reading the bundle here finds that out now.
fn root_certificates(pem: &[u8]) -> Result<Vec<reqwest::Certificate>, SyncError> {
    let certs = reqwest::Certificate::from_pem_bundle(pem)
        .map_err(|e| SyncError::Certificate(e.to_string()))?;
    if certs.is_empty() {
        return Err(SyncError::Certificate(
            "no \"BEGIN CERTIFICATE\" block in it".into(),
        ));
    }
    Ok(certs)
}

impl SyncClient {
    /// A client for the region at `base_url` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base_url: &str, options: &ClientOptions) -> Result<Self, SyncError> {
        let mut builder = reqwest::Client::builder()
            .timeout(options.timeout)
            .connect_timeout(options.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("samverka-device/", env!("CARGO_PKG_VERSION")));
        if !options.keep_alive {
            builder = builder.pool_max_idle_per_host(0);
        }
        // Added to the public roots, not in their place: a region with a publicly signed
        // certificate keeps working, and no check is switched off for any certificate.
        let pinned = options.trusted_root_pem.is_some();
        if let Some(pem) = &options.trusted_root_pem {
            for cert in root_certificates(pem)? {
                builder = builder.add_root_certificate(cert);
            }
        }
        let http = builder.build().map_err(|e| {
            // With a pinned root, building fails when rustls cannot read it as a certificate.
            if pinned {
                SyncError::Certificate(e.to_string())
            } else {
                SyncError::Offline(e.to_string())
            }
        })?;
        Ok(Self {
            http,
            base: base_url.trim_end_matches('/').to_owned(),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}/api/v1/{path}", self.base)
    }

    async fn answer<T: DeserializeOwned>(
        resp: Result<reqwest::Response, reqwest::Error>,
    ) -> Result<T, SyncError> {
        let resp = resp.map_err(request_error)?;
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED {
            let code = resp.json::<ErrorBody>().await.map(|b| b.error.code);
            return Err(match code.as_deref() {
                Ok("revoked") => SyncError::Revoked,
                _ => SyncError::Unauthorized,
            });
        }
        if !status.is_success() {
            let (code, message, seq) = match resp.json::<ErrorBody>().await {
                Ok(b) => (b.error.code, b.error.message, b.error.seq),
                Err(_) => ("http_error".to_owned(), format!("HTTP {status}"), None),
            };
            return Err(SyncError::Refused {
                status: status.as_u16(),
                code,
                message,
                seq,
            });
        }
        // A body cut off mid-way is a network failure, not a refusal.
        resp.json::<T>()
            .await
            .map_err(|e| SyncError::Offline(format!("reading the answer: {e}")))
    }

    /// Trades a one-time code for a device token.
    pub async fn enroll(&self, code: &str, device: DeviceId) -> Result<EnrollResponse, SyncError> {
        let req = EnrollRequest {
            code: code.to_owned(),
            device,
        };
        Self::answer(self.http.post(self.url("enroll")).json(&req).send().await).await
    }

    /// Pushes a batch, gzip-compressed (a phone on a weak signal pays for every byte); returns
    /// the region's high-water mark for this device.
    pub async fn push(&self, token: &str, req: &PushRequest) -> Result<u64, SyncError> {
        let body = gzip_json(req)?;
        let resp = self
            .http
            .post(self.url("push"))
            .bearer_auth(token)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(reqwest::header::CONTENT_ENCODING, "gzip")
            .body(body)
            .send()
            .await;
        Ok(Self::answer::<PushResponse>(resp).await?.high_water)
    }

    /// Hands an entry the region refused for good to its quarantine; returns the region's
    /// high-water mark for this device, now past the entry.
    pub async fn quarantine(&self, token: &str, req: &QuarantineRequest) -> Result<u64, SyncError> {
        let resp = self
            .http
            .post(self.url("quarantine"))
            .bearer_auth(token)
            .json(req)
            .send()
            .await;
        Ok(Self::answer::<PushResponse>(resp).await?.high_water)
    }

    /// Fetches content `version` whole and checks it against the region's digest: a bundle cut
    /// off on the way is an error here, never a half-installed version.
    pub async fn content(&self, token: &str, version: u64) -> Result<PublishedContent, SyncError> {
        let resp = self
            .http
            .get(self.url(&format!("content/{version}")))
            .bearer_auth(token)
            .send()
            .await
            .map_err(request_error)?;
        if !resp.status().is_success() {
            return Self::answer(Ok(resp)).await;
        }
        let expected = resp
            .headers()
            .get(DIGEST_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let body = resp
            .bytes()
            .await
            .map_err(|e| SyncError::Offline(format!("reading content {version}: {e}")))?;
        let actual = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(&body))
        };
        if expected.as_deref() != Some(actual.as_str()) {
            return Err(SyncError::Offline(format!(
                "content {version} arrived incomplete ({} bytes, digest does not match)",
                body.len()
            )));
        }
        let published: PublishedContent =
            serde_json::from_slice(&body).map_err(|e| SyncError::Refused {
                status: 200,
                code: "invalid_content".into(),
                message: format!("content {version} does not read as a bundle: {e}"),
                seq: None,
            })?;
        if published.version != version {
            return Err(SyncError::Refused {
                status: 200,
                code: "invalid_content".into(),
                message: format!("asked for content {version}, got {}", published.version),
                seq: None,
            });
        }
        Ok(published)
    }

    /// Hands a taken quality test to the region; `true` if stored now, `false` if the region
    /// already held it (an upload repeated after a lost answer). Either way the region has it.
    pub async fn post_quiz_result(
        &self,
        token: &str,
        result: &QuizResult,
    ) -> Result<bool, SyncError> {
        let resp = self
            .http
            .post(self.url("quiz-results"))
            .bearer_auth(token)
            .json(result)
            .send()
            .await;
        Ok(Self::answer::<QuizStored>(resp).await?.stored)
    }

    /// The introduction list of the device's unit; `None` from a region older than the
    /// coaches' corner (404), which is not an error: the phone keeps what it has.
    pub async fn introduction(&self, token: &str) -> Result<Option<IntroductionList>, SyncError> {
        self.get_if_served("introduction", token).await
    }

    /// The unit's open and recently answered assistance requests; `None` from a region older
    /// than requests (404), which is not an error: the phone keeps what it has.
    pub async fn requests(&self, token: &str) -> Result<Option<RequestsResponse>, SyncError> {
        self.get_if_served("requests", token).await
    }

    /// `GET` of an endpoint newer regions serve: `None` where the region answers 404.
    async fn get_if_served<T: DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<Option<T>, SyncError> {
        let resp = self
            .http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await;
        match Self::answer(resp).await {
            Ok(v) => Ok(Some(v)),
            Err(SyncError::Refused { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Hands the nurse's answer to a request to the region: the request as it then stands.
    /// A request answered already otherwise is `Refused { status: 409, code:
    /// "already_answered" }`.
    pub async fn answer_request(
        &self,
        token: &str,
        id: RequestId,
        body: &AnswerBody,
    ) -> Result<RequestRecord, SyncError> {
        let resp = self
            .http
            .post(self.url(&format!("requests/{id}/answer")))
            .bearer_auth(token)
            .json(body)
            .send()
            .await;
        Self::answer(resp).await
    }

    /// Pulls the unit's entries after `cursor`.
    pub async fn pull(
        &self,
        token: &str,
        position: &PullPosition,
        limit: u32,
    ) -> Result<PullResponse, SyncError> {
        let mut query = vec![
            ("cursor", position.cursor.to_string()),
            ("limit", limit.to_string()),
            ("acked", position.acked.to_string()),
        ];
        if !position.epoch.is_empty() {
            query.push(("epoch", position.epoch.clone()));
        }
        let resp = self
            .http
            .get(self.url("pull"))
            .bearer_auth(token)
            .query(&query)
            .send()
            .await;
        Self::answer(resp).await
    }
}

/// What a pull tells the region about this phone: its cursor, the region incarnation the
/// cursor belongs to (empty: none known), and how far the region said this phone's own log
/// was stored — which lets a region restored from a backup see what it lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPosition {
    /// The cursor after the last page.
    pub cursor: u64,
    /// The incarnation it belongs to.
    pub epoch: String,
    /// The acknowledged seq of this phone's own log.
    pub acked: u64,
}

/// The region's answer to a posted quality test.
#[derive(serde::Deserialize)]
struct QuizStored {
    stored: bool,
}

/// JSON, gzip-compressed.
fn gzip_json<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, SyncError> {
    use std::io::Write;
    let corrupt = |e: std::io::Error| SyncError::Store(StoreError::corrupt("push body", e));
    let json = serde_json::to_vec(value).map_err(|e| corrupt(e.into()))?;
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(json.len() / 4),
        flate2::Compression::fast(),
    );
    gz.write_all(&json).map_err(corrupt)?;
    gz.finish().map_err(corrupt)
}

/// Enrols the device: redeems the code and stores the token and unit. Trusts what the app's
/// sync loop trusts: the public roots and the certificate named by [`REGION_CA_ENV`], if set
/// ([`ClientOptions::from_env`]).
pub async fn enroll(
    store: &Mutex<Store>,
    region_url: &str,
    code: &str,
) -> Result<Enrollment, SyncError> {
    enroll_with(store, region_url, code, &ClientOptions::from_env()?).await
}

/// [`enroll`] with the given client options (a pinned certificate, a shorter timeout).
pub async fn enroll_with(
    store: &Mutex<Store>,
    region_url: &str,
    code: &str,
    options: &ClientOptions,
) -> Result<Enrollment, SyncError> {
    let client = SyncClient::new(region_url, options)?;
    let device = lock(store).device_id();
    let resp = client.enroll(code, device).await?;
    let e = Enrollment {
        region_url: region_url.to_owned(),
        token: resp.token,
        unit: resp.unit,
        user: resp.user,
    };
    lock(store).set_enrollment(&e)?;
    Ok(e)
}

/// What one sync did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Own entries the region acknowledged in this run.
    pub pushed: u64,
    /// Others' entries newly stored.
    pub pulled: u64,
    /// The content version installed in this run, if a new one arrived.
    pub content: Option<u64>,
    /// Quality-test results the region acknowledged in this run.
    pub quiz_results: u64,
    /// Results the region refused for good (a 4xx other than 401, 408 and 429); they stay on
    /// the phone, unsynced, and are offered again next time.
    pub quiz_refused: u64,
    /// Answers to assistance requests the region now holds.
    pub request_answers: u64,
    /// Answers the region refused because the request was already answered otherwise.
    pub request_answers_refused: u64,
    /// Own entries the region refused for good in this run, now in quarantine (on the phone
    /// and at the region).
    pub quarantined: u64,
    /// Assistance requests in the unit's list after this run (`None`: not fetched, e.g. a
    /// region without requests).
    pub requests: Option<u64>,
}

/// Batch sizes for one sync.
#[derive(Debug, Clone, Copy)]
pub struct Batches {
    /// Entries per push (≤ [`MAX_PUSH_ENTRIES`]).
    pub push: usize,
    /// Entries per pull (≤ [`MAX_PULL_ENTRIES`]).
    pub pull: u32,
}

impl Default for Batches {
    fn default() -> Self {
        Self {
            push: 500,
            pull: MAX_PULL_ENTRIES,
        }
    }
}

fn lock(store: &Mutex<Store>) -> MutexGuard<'_, Store> {
    // A panic while holding the lock leaves SQLite consistent (transactions roll back), so the
    // store is still safe to use.
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// One full sync: push everything unacknowledged, then pull until nothing more waits.
pub async fn sync_once(
    store: &Mutex<Store>,
    client: &SyncClient,
    batches: Batches,
) -> Result<SyncReport, SyncError> {
    let result = sync_inner(store, client, batches).await;
    let mut s = lock(store);
    match &result {
        Ok(_) => s.mark_synced(now())?,
        // The region revoked this device (a lost phone). Whatever it still holds about
        // patients goes now; the UI tells the nurse. Only on the region's explicit word: an
        // unknown token (a region restored from an old backup) wipes nothing.
        Err(SyncError::Revoked) => {
            s.wipe_patient_data(now())?;
            s.mark_sync_failed(&SyncError::Revoked.to_string())?;
        }
        Err(e) => s.mark_sync_failed(&e.to_string())?,
    }
    // Offline too: the retention clock runs whether or not the region answers.
    s.purge_identities(now())?;
    result
}

async fn sync_inner(
    store: &Mutex<Store>,
    client: &SyncClient,
    batches: Batches,
) -> Result<SyncReport, SyncError> {
    let mut report = SyncReport::default();
    push_all(store, client, batches, &mut report).await?;
    let (token, latest_content, rewound) = pull_all(store, client, batches, &mut report).await?;
    if rewound {
        // The region lost part of this phone's log (restored from a backup): send it again.
        push_all(store, client, batches, &mut report).await?;
    }
    if let Some(latest) = latest_content {
        let held = lock(store).content_status()?.version;
        if held.is_none_or(|h| h < latest) {
            // Downloaded whole and checked before the store is touched; installed in one
            // transaction. Until then the phone keeps searching the version it has.
            let published = client.content(&token, latest).await?;
            if lock(store).install_content(&published, now())? {
                report.content = Some(latest);
            }
        }
    }
    sync_coach(store, client, &token, &mut report).await?;
    sync_requests(store, client, &token, &mut report).await?;
    Ok(report)
}

/// Pushes every own entry the region does not hold yet, quarantining what it refuses for good.
async fn push_all(
    store: &Mutex<Store>,
    client: &SyncClient,
    batches: Batches,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let push_batch = batches.push.clamp(1, MAX_PUSH_ENTRIES);
    // After a refusal for good that names no entry, entries go one by one until the refused
    // one is found; after one naming an entry, the ones before it go first.
    let mut limit = push_batch;
    // The next full batch, read while the region stores the one before it: (the seq it follows,
    // the entries). Own entries never change once written, so it stays right to send as long
    // as the region acknowledges exactly up to that seq.
    let mut ahead: Option<(u64, Vec<samverka_model::Entry>)> = None;
    loop {
        let (token, before) = {
            let s = lock(store);
            let token = s.enrollment()?.ok_or(SyncError::NotEnrolled)?.token;
            (token, s.acked_seq()?)
        };
        let entries = match ahead.take() {
            Some((after, batch)) if after == before && limit == push_batch && !batch.is_empty() => {
                batch
            }
            _ => {
                let s = lock(store);
                s.entries_after(s.device_id(), before, limit)?
            }
        };
        let Some(first) = entries.first() else {
            break;
        };
        // An entry already in quarantine here past the acknowledged seq: the region's quarantine
        // has not taken it yet (the answer was lost, the phone went offline), or lost it with a
        // restore from a backup. Hand it over (the region takes it once), then go on.
        let pending = lock(store).quarantine_refusal(first.seq)?;
        if let Some((code, message)) = pending {
            let high_water =
                report_quarantined(store, client, &token, first, code, message).await?;
            lock(store).set_acked_seq(high_water)?;
            report.quarantined += 1;
            continue;
        }
        // Sent from a task of its own, so that on a multi-threaded runtime the phone reads the
        // next batch while this one is on the wire and in the region's hands.
        let sending = tokio::spawn({
            let (client, token) = (client.clone(), token.clone());
            let req = PushRequest {
                entries: entries.clone(),
            };
            async move { client.push(&token, &req).await }
        });
        let last = entries.last().map_or(before, |e| e.seq);
        let next = {
            let s = lock(store);
            s.entries_after(s.device_id(), last, push_batch)
        };
        // A push task that did not finish (the runtime is shutting down) is a push not known
        // to have arrived: tried again later, which the region takes once.
        let pushed = sending
            .await
            .map_err(|e| SyncError::Offline(format!("the push was interrupted: {e}")))?;
        if let Ok(next) = next {
            ahead = Some((last, next));
        }
        let high_water = match pushed {
            Ok(hw) => hw,
            // The region holds less than we thought (restored from backup): resend from there.
            Err(SyncError::Refused { code, .. }) if code == "seq_gap" => {
                let hw = resume_point(client, &token).await?;
                lock(store).set_acked_seq(hw)?;
                continue;
            }
            // One entry refused for good: it goes to quarantine, the others go on, and so does
            // the pull after them. A refusal that names no entry is narrowed down one by one.
            Err(e) if e.is_permanent_refusal() => {
                let SyncError::Refused {
                    code, message, seq, ..
                } = e
                else {
                    return Err(e);
                };
                let refused = seq.filter(|s| entries.iter().any(|e| e.seq == *s));
                match refused {
                    Some(s) if s > first.seq => {
                        limit = usize::try_from(s - first.seq).unwrap_or(1);
                    }
                    Some(_) => {
                        quarantine_first(store, first.seq, &code, &message)?;
                        limit = push_batch;
                    }
                    None if entries.len() == 1 => {
                        quarantine_first(store, first.seq, &code, &message)?;
                        limit = push_batch;
                    }
                    None => limit = 1,
                }
                continue;
            }
            Err(e) => return Err(e),
        };
        {
            let mut s = lock(store);
            s.set_acked_seq(high_water)?;
            if high_water > before {
                s.clear_clock_error()?;
            }
        }
        report.pushed += high_water.saturating_sub(before);
        if high_water <= before {
            // No progress although we sent entries: don't spin.
            return Err(SyncError::Refused {
                status: 409,
                code: "no_progress".into(),
                message: format!("region stayed at {high_water}"),
                seq: None,
            });
        }
        // The entries before a refused one went through; full batches again.
        limit = push_batch;
    }
    Ok(())
}

/// Pulls every page of the unit's entries from other phones. Answers the token, the newest
/// content version the region has, and whether the region turned out to hold less of this
/// phone's own log than it had acknowledged (a restore: the acknowledged seq is rewound, and
/// the caller sends the rest again).
async fn pull_all(
    store: &Mutex<Store>,
    client: &SyncClient,
    batches: Batches,
    report: &mut SyncReport,
) -> Result<(String, Option<u64>, bool), SyncError> {
    let mut rewound = false;
    loop {
        let (token, position) = {
            let s = lock(store);
            let (epoch, cursor) = s.pull_position()?;
            let token = s.enrollment()?.ok_or(SyncError::NotEnrolled)?.token;
            (
                token,
                PullPosition {
                    cursor,
                    epoch,
                    acked: s.acked_seq()?,
                },
            )
        };
        let page = client.pull(&token, &position, batches.pull).await?;
        {
            let mut s = lock(store);
            let new = s.ingest_pulled(&page.entries, page.epoch.as_deref(), page.cursor, now())?;
            report.pulled += new as u64;
            if let Some(hw) = page.high_water.filter(|hw| *hw < position.acked) {
                s.set_acked_seq(hw)?;
                rewound = true;
            }
        }
        if !page.more {
            return Ok((token, page.content_version, rewound));
        }
    }
}

/// The coaches' corner, after the entries: every result the region does not have yet, then the
/// unit's introduction list. A result the region refuses for good must not stop the others, nor
/// the entries' sync next time, so it is counted and kept; a network failure stops the run.
async fn sync_coach(
    store: &Mutex<Store>,
    client: &SyncClient,
    token: &str,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let unsynced = lock(store).unsynced_quiz_results()?;
    for result in unsynced {
        match client.post_quiz_result(token, &result).await {
            // `false` too: the region already had it, from an upload whose answer was lost.
            Ok(_) => {
                lock(store).mark_quiz_synced(result.id, now())?;
                report.quiz_results += 1;
            }
            Err(SyncError::Refused { status, .. })
                if (400..500).contains(&status) && ![408, 429].contains(&status) =>
            {
                report.quiz_refused += 1;
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(list) = client.introduction(token).await? {
        lock(store).set_introduction(&list)?;
    }
    Ok(())
}

/// Assistance requests, after the entries (so an accepted request's job reached the region
/// before the answer naming it): every pending answer, then the unit's list. An answer to a
/// request answered otherwise is marked refused; one the region cannot take now for another
/// reason (a 4xx other than 401, 408, 429) stays pending and is offered again; a region older
/// than requests (404 on the endpoint) leaves everything as it is.
async fn sync_requests(
    store: &Mutex<Store>,
    client: &SyncClient,
    token: &str,
    report: &mut SyncReport,
) -> Result<(), SyncError> {
    let pending = lock(store).pending_request_answers()?;
    for (id, body) in pending {
        match client.answer_request(token, id, &body).await {
            Ok(record) => {
                lock(store).mark_request_answer(
                    id,
                    crate::AnswerDelivery::Sent,
                    Some(&record),
                    now(),
                )?;
                report.request_answers += 1;
            }
            Err(SyncError::Refused { code, .. }) if code == "already_answered" => {
                lock(store).mark_request_answer(id, crate::AnswerDelivery::Refused, None, now())?;
                report.request_answers_refused += 1;
            }
            Err(SyncError::Refused {
                status: 404, code, ..
            }) if code == "not_found" => {
                return Ok(());
            }
            Err(SyncError::Refused { status, .. })
                if (400..500).contains(&status) && ![401, 408, 429].contains(&status) =>
            {
                tracing::warn!(%id, status, "the region refused a request answer; kept pending");
            }
            Err(e) => return Err(e),
        }
    }
    if let Some(list) = client.requests(token).await? {
        lock(store).set_requests(&list.requests, now())?;
        report.requests = Some(list.requests.len() as u64);
    }
    Ok(())
}

/// Puts own entry `seq` in quarantine on the phone (kept, never deleted), before the region
/// is told: a phone that goes offline now still knows to hand it over next time.
fn quarantine_first(
    store: &Mutex<Store>,
    seq: u64,
    code: &str,
    message: &str,
) -> Result<(), SyncError> {
    tracing::warn!(
        seq,
        code,
        "the region refused an entry for good; it goes to quarantine"
    );
    lock(store).quarantine(seq, code, message, now())?;
    Ok(())
}

/// Hands a quarantined entry to the region's quarantine and notes that it has it; returns the
/// region's high-water mark, now past the entry.
async fn report_quarantined(
    store: &Mutex<Store>,
    client: &SyncClient,
    token: &str,
    entry: &samverka_model::Entry,
    code: String,
    message: String,
) -> Result<u64, SyncError> {
    let req = QuarantineRequest {
        entry: serde_json::to_value(entry)
            .map_err(|e| SyncError::Store(StoreError::Config(e.to_string())))?,
        code,
        message,
    };
    let high_water = client.quarantine(token, &req).await?;
    lock(store).mark_quarantine_reported(entry.seq, now())?;
    Ok(high_water)
}

/// After a `seq_gap`, the high-water mark the region reported.
async fn resume_point(client: &SyncClient, token: &str) -> Result<u64, SyncError> {
    // An empty push is answered with the current high-water mark.
    client
        .push(
            token,
            &PushRequest {
                entries: Vec::new(),
            },
        )
        .await
}

/// Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff and
/// Jitter"): each delay is uniform in [0, min(cap, base · 2^attempt)], which spreads out many
/// phones coming back online at once.
#[derive(Debug, Clone)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    attempt: u32,
}

impl Backoff {
    /// Starts at `base`, never waits longer than `cap`.
    pub fn new(base: Duration, cap: Duration) -> Self {
        Self {
            base,
            cap,
            attempt: 0,
        }
    }

    /// The ceiling of the next delay.
    pub fn ceiling(&self) -> Duration {
        let factor = 1u32.checked_shl(self.attempt.min(20)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The next delay; each call raises the ceiling.
    pub fn next_delay(&mut self) -> Duration {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(0..=ms))
    }

    /// After a success.
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

/// A running sync loop: trigger it, watch its state.
pub struct SyncHandle {
    trigger: Arc<Notify>,
    status: watch::Receiver<SyncStatus>,
    task: tokio::task::JoinHandle<()>,
}

impl SyncHandle {
    /// Asks for a sync (after a tap, or the nurse pulled to refresh): now, or once
    /// [`LoopOptions::min_gap`] has passed since the last one started.
    pub fn trigger(&self) {
        self.trigger.notify_one();
    }

    /// The state, updated after every attempt.
    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    /// Stops the loop.
    pub fn stop(self) {
        self.task.abort();
    }
}

/// Sends the store's sync state, with `online` from the last attempt, if it changed.
fn publish(store: &Mutex<Store>, tx: &watch::Sender<SyncStatus>, online: bool) {
    let mut status = lock(store).sync_status().unwrap_or_else(|e| SyncStatus {
        last_error: Some(e.to_string()),
        ..SyncStatus::default()
    });
    status.online = online;
    tx.send_if_modified(|current| {
        let changed = *current != status;
        *current = status;
        changed
    });
}

/// How the loop paces itself.
#[derive(Debug, Clone)]
pub struct LoopOptions {
    /// Between successful syncs when nothing triggers one.
    pub interval: Duration,
    /// First retry delay ceiling after a failure.
    pub backoff_base: Duration,
    /// Longest retry delay.
    pub backoff_cap: Duration,
    /// Least time from one sync's start to the start of the next a trigger asks for. A nurse's
    /// taps come in bursts; each tap triggers, and a sync per tap kept the store's lock and
    /// the phone's radio busy while she typed (a tap waiting on the sync's writes was the
    /// taps' p99, #19). With the gap, the first tap after a quiet spell still goes out at once
    /// and the rest of the burst in one more sync.
    pub min_gap: Duration,
    /// Batch sizes.
    pub batches: Batches,
}

impl Default for LoopOptions {
    fn default() -> Self {
        Self {
            interval: Duration::from_secs(60),
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(300),
            min_gap: Duration::from_secs(1),
            batches: Batches::default(),
        }
    }
}

/// Takes the trigger `wake` holds, if any, without waiting for one.
async fn forget_trigger(wake: &Notify) {
    tokio::select! {
        biased;
        () = wake.notified() => {}
        () = std::future::ready(()) => {}
    }
}

/// Starts a background loop that syncs whenever triggered (at most once per `min_gap`), every
/// `interval`, and after failures with backoff, publishing the [`SyncStatus`] after each attempt
/// and when triggered. Must be called inside a tokio runtime.
pub fn spawn_loop(
    store: Arc<Mutex<Store>>,
    client: SyncClient,
    options: LoopOptions,
) -> Result<SyncHandle, SyncError> {
    let initial = lock(&store).sync_status()?;
    let (tx, rx) = watch::channel(initial);
    let trigger = Arc::new(Notify::new());
    let wake = Arc::clone(&trigger);
    let task = tokio::spawn(async move {
        let mut backoff = Backoff::new(options.backoff_base, options.backoff_cap);
        let mut online = false;
        publish(&store, &tx, online);
        loop {
            let started = tokio::time::Instant::now();
            let result = sync_once(&store, &client, options.batches).await;
            let delay = match &result {
                Ok(_) => {
                    backoff.reset();
                    options.interval
                }
                Err(e) if e.is_transient() => backoff.next_delay(),
                // Needs a person (revoked, not enrolled): check rarely, wait for a trigger.
                Err(_) => options.backoff_cap,
            };
            online = result.is_ok();
            publish(&store, &tx, online);
            let triggered = tokio::select! {
                () = wake.notified() => true,
                () = tokio::time::sleep(delay) => false,
            };
            // Publish what the store holds now (a tap just added to "N waiting"), before the
            // network is tried: offline, that attempt may take a whole connect timeout.
            publish(&store, &tx, online);
            if triggered && started.elapsed() < options.min_gap {
                tokio::time::sleep_until(started + options.min_gap).await;
                // The sync about to start sends every tap made so far: the triggers that came
                // while waiting ask for nothing more. Not published one by one: each state
                // is an event that redraws the UI, and those cost the taps more than the sync
                // did. The count catches up here, before the network is tried.
                forget_trigger(&wake).await;
                publish(&store, &tx, online);
            }
        }
    });
    Ok(SyncHandle {
        trigger,
        status: rx,
        task,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_ceilings_double_up_to_the_cap_and_delays_stay_under_them() {
        let mut b = Backoff::new(Duration::from_millis(100), Duration::from_secs(2));
        let mut ceilings = Vec::new();
        for _ in 0..8 {
            let ceiling = b.ceiling();
            let d = b.next_delay();
            assert!(d <= ceiling, "{d:?} > {ceiling:?}");
            ceilings.push(ceiling.as_millis());
        }
        assert_eq!(ceilings, [100, 200, 400, 800, 1600, 2000, 2000, 2000]);
        b.reset();
        assert_eq!(b.ceiling(), Duration::from_millis(100));
    }

    #[test]
    fn delays_are_spread_not_synchronised() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..50 {
            let mut b = Backoff::new(Duration::from_millis(1000), Duration::from_secs(60));
            seen.insert(b.next_delay().as_millis());
        }
        assert!(seen.len() > 10, "jitter should spread delays, got {seen:?}");
    }
}
