//! Where the region keeps things, behind one trait with two implementations: PostgreSQL for
//! production and SQLite for a zero-setup local run. Both pass the same test suite.

mod checkpoint;
mod ops;
mod postgres;
mod requests;
mod sqlite;
mod sqlite_thread;
mod stats;

pub use ops::{Attempt, AttemptRule, PoolStats};

pub use postgres::PostgresStorage;
pub use requests::{
    AnswerStored, REQUEST_LIST, RequestReadEvent, RequestReadRecord, RequesterAccount,
};
pub use sqlite::SqliteStorage;

use async_trait::async_trait;
use samverka_model::coach::{Answer, ChecklistMark, QuestionStats, QuizResult, TrainingItem};
use samverka_model::content::{ContentBundle, PublishedContent, UnitKind};
use samverka_model::request::{RequestAnswered, RequestId, RequestRecord, RequestUnit};
use samverka_model::stats::{Cell, Filter, StatsRow};
use samverka_model::sync::QuarantinedEntry;
use samverka_model::{
    DeviceId, Entry, EntryBody, EntryRef, JobId, MunicipalityId, Timestamp, UnitId, UserId,
};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A unit that performs jobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Its code.
    pub id: UnitId,
    /// Its name, for people.
    pub name: String,
    /// The municipality it belongs to, if any (ambulance stations span several).
    pub municipality: Option<MunicipalityId>,
}

/// Who is calling: an enrolled, unrevoked device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceAuth {
    /// The device.
    pub device: DeviceId,
    /// Its unit: what it may read and write.
    pub unit: UnitId,
    /// Its user.
    pub user: UserId,
}

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    /// A referenced thing does not exist (e.g. an unknown unit).
    #[error("not found: {0}")]
    NotFound(String),
    /// An entry arrived again with different content.
    #[error("entry {0} already stored with different content")]
    EntryConflict(EntryRef),
    /// An entry (seq) of a push is on a job of another unit.
    #[error("job {0} belongs to another unit")]
    JobOfOtherUnit(JobId, u64),
    /// An entry (seq) of a push is on a job the region does not know.
    #[error("unknown job {0}")]
    UnknownJob(JobId, u64),
    /// Enrolment named a device id already enrolled for another unit or user: it is never
    /// rebound (the phone holding it keeps its token).
    #[error("device {0} is enrolled for another unit or user")]
    DeviceTaken(DeviceId),
    /// A batch does not continue from the device's high-water mark.
    #[error("batch starts at seq {first}, but the region holds only up to {high_water}")]
    SeqGap {
        /// The batch's first seq.
        first: u64,
        /// What the region holds.
        high_water: u64,
    },
    /// Something with this key is already stored (an imported form's job id).
    #[error("already stored: {0}")]
    Duplicate(String),
    /// A quality test's result arrived again under its id with different content.
    #[error("quiz result {0} already stored with different content")]
    ResultConflict(uuid::Uuid),
    /// A value breaks a rule of the region (a coach without a unit, an admin with one).
    #[error("invalid: {0}")]
    Invalid(String),
    /// The database refused a value of the request (a CHECK constraint, a character it cannot
    /// store): the request's fault, answered 400, never "storage unavailable" (a phone retries
    /// that for ever).
    #[error("refused by the database: {0}")]
    Refused(String),
    /// The database failed.
    #[error("database: {0}")]
    Database(String),
}

impl From<rusqlite::Error> for StorageError {
    fn from(e: rusqlite::Error) -> Self {
        // A CHECK or NOT NULL constraint refusing a value: the request's value, not the
        // database, is wrong. Triggers (append-only tables) stay database errors.
        if let rusqlite::Error::SqliteFailure(f, msg) = &e
            && matches!(
                f.extended_code,
                rusqlite::ffi::SQLITE_CONSTRAINT_CHECK | rusqlite::ffi::SQLITE_CONSTRAINT_NOTNULL
            )
        {
            return Self::Refused(msg.clone().unwrap_or_else(|| e.to_string()));
        }
        Self::Database(e.to_string())
    }
}

impl From<sqlx::Error> for StorageError {
    fn from(e: sqlx::Error) -> Self {
        // SQLSTATE classes for a value the request brought: 22 (data exception: a NUL in
        // text, a number out of range, invalid text for the type) and 23514 / 23502 (CHECK,
        // NOT NULL). The request is answered 400, never 503.
        if let sqlx::Error::Database(db) = &e
            && let Some(code) = db.code()
            && (code.starts_with("22") || code == "23514" || code == "23502")
        {
            return Self::Refused(db.message().to_owned());
        }
        Self::Database(e.to_string())
    }
}

/// A stored non-negative integer (seqs, cursors) as the model's `u64`.
pub(crate) fn u64_of(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// A model `u64` as the databases' signed 64-bit integer (saturating; never reached in practice).
pub(crate) fn i64_of(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// Rows that do not read back as the model's types: a database someone edited by hand.
pub(crate) fn corrupt(what: impl std::fmt::Display) -> StorageError {
    StorageError::Database(format!("unreadable stored data: {what}"))
}

/// Builds an entry from its stored columns: device, job, hlc, author, kind, payload and seq.
pub(crate) fn entry_from_columns(cols: [String; 6], seq: i64) -> Result<Entry, StorageError> {
    let [device, job, hlc, author, kind, payload] = cols;
    Ok(Entry {
        device: device
            .parse()
            .map_err(|_| corrupt(format!("device {device}")))?,
        seq: u64_of(seq),
        job: job.parse().map_err(|_| corrupt(format!("job {job}")))?,
        hlc: hlc.parse().map_err(|_| corrupt(format!("hlc {hlc}")))?,
        author: UserId::new(author),
        body: EntryBody::from_parts(&kind, &payload)
            .map_err(|e| corrupt(format!("entry body: {e}")))?,
    })
}

/// An entry handed to the quarantine, as the region keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarantineIn {
    /// Its seq on the device.
    pub seq: u64,
    /// Its job, if the entry names one that reads as a job id.
    pub job: Option<JobId>,
    /// Its kind, if it names one.
    pub kind: Option<String>,
    /// The refusal's code.
    pub code: String,
    /// The refusal's message.
    pub message: String,
    /// The entry as JSON text, as the phone sent it.
    pub entry: String,
}

/// One thing a restore could not bring back, as the phone that had it sent it again.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RestoreLogEntry {
    /// The phone.
    pub device: DeviceId,
    /// The entry's seq in the phone's log.
    pub seq: u64,
    /// The job's unit.
    pub unit: UnitId,
    /// The job.
    pub job: JobId,
    /// What is missing, in words.
    pub what: String,
    /// When the region took the entry as sent again.
    pub logged_at: Timestamp,
}

/// What a restore could not bring back of `e`, if anything: an identity entry that arrives
/// empty was purged on the phone (a nurse's own identity tap always holds something), so the
/// personnummer and name it held before the region's loss exist nowhere any more.
pub(crate) fn unrestorable(e: &Entry) -> Option<&'static str> {
    match &e.body {
        EntryBody::Identity(p) if p.is_empty() => Some(
            "the patient's identity (personnummer, name) was purged on the phone before the region lost it: not restored",
        ),
        _ => None,
    }
}

/// How often one device may make the region start a new incarnation.
pub const RENEWAL_PER_DEVICE_MS: i64 = 24 * 3_600_000;

/// A new incarnation's name.
pub(crate) fn new_epoch() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// A page of pulled entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PullPage {
    /// The entries, in region order.
    pub entries: Vec<Entry>,
    /// The cursor after them.
    pub cursor: u64,
}

/// What a stored push did: the device's new high-water mark, and how many of the batch's
/// entries were stored for the first time (the rest were held already).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredBatch {
    /// The device's high-water mark after the batch.
    pub high_water: u64,
    /// Entries stored anew.
    pub added: u64,
}

/// What a pull's answer says about the region besides its entries, read in one call: the
/// pull path's several small reads were each a trip to the storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// The region's incarnation ([`Storage::epoch`]).
    pub epoch: String,
    /// Where the region's copy of the device's own log ends ([`Storage::high_water`]).
    pub high_water: u64,
    /// The region order number of the newest entry (0 with none). A pull cursor beyond it was
    /// given out by a region that held more: this one was restored from a backup.
    pub last_region_seq: u64,
    /// The newest published content version ([`Storage::latest_content_version`]).
    pub content_version: Option<u64>,
}

/// The region's storage.
#[async_trait]
pub trait Storage: Send + Sync + 'static {
    /// `sqlite` or `postgres`, for the health endpoint and logs.
    fn kind(&self) -> &'static str;

    /// Brings the schema to the latest version.
    async fn migrate(&self) -> Result<(), StorageError>;

    /// Whether the database answers.
    async fn ping(&self) -> Result<(), StorageError>;

    /// Counts one attempt of `client` (an address or an IPv6 /64) at `scope` (`enroll`,
    /// `login`) against `rule`, in the database so that every node of the region shares the
    /// count (#21): allowed, or how long until the next attempt is.
    async fn take_attempt(
        &self,
        scope: &str,
        client: &str,
        rule: AttemptRule,
        now: Timestamp,
    ) -> Result<Attempt, StorageError>;

    /// How many of this binary's migrations the database lacks: 0 when its schema is current
    /// (`/ready`).
    async fn missing_migrations(&self) -> Result<usize, StorageError>;

    /// The connection pool's figures for `/metrics`; `None` for a store without a pool.
    fn pool_stats(&self) -> Option<PoolStats> {
        None
    }

    /// Adds or renames a unit.
    async fn put_unit(&self, unit: &Unit) -> Result<(), StorageError>;

    /// Every unit.
    async fn units(&self) -> Result<Vec<Unit>, StorageError>;

    /// Stores a new enrolment code (by hash) for `user` in `unit`, valid until `expires_at`.
    async fn add_enrolment(
        &self,
        code_hash: &str,
        unit: &UnitId,
        user: &UserId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError>;

    /// Redeems an unused, unexpired code once: registers `device` with `token_hash` (replacing
    /// an earlier token of the same device, enrolled again for the same unit and user). `None` if
    /// the code is unknown, used or expired; [`StorageError::DeviceTaken`] (and the code left
    /// unused) if the device is enrolled for another unit or user: a device is never rebound.
    async fn redeem_enrolment(
        &self,
        code_hash: &str,
        device: DeviceId,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<DeviceAuth>, StorageError>;

    /// The device a token hash belongs to, unless revoked.
    async fn authenticate(&self, token_hash: &str) -> Result<Option<DeviceAuth>, StorageError>;

    /// Revokes a device's token (a lost phone). Whether it existed.
    async fn revoke_device(&self, device: DeviceId, now: Timestamp) -> Result<bool, StorageError>;

    /// Whether a token hash is that of a revoked device (asked only after [`Storage::authenticate`]
    /// refused it, so the phone can be told to enrol again rather than just "unauthorized").
    async fn is_revoked(&self, token_hash: &str) -> Result<bool, StorageError>;

    /// The units of those of `jobs` the region knows.
    async fn job_units(&self, jobs: &[JobId]) -> Result<Vec<(JobId, UnitId)>, StorageError>;

    /// Stores a batch of `auth.device`'s entries in one transaction, all or nothing: registers
    /// the jobs created in it for `auth.unit`, skips entries already held (identical), refuses
    /// changed ones, and returns the new high-water mark and how many entries were new. The
    /// batch is consecutive by seq and must start at or below high-water + 1.
    async fn store_entries(
        &self,
        auth: &DeviceAuth,
        entries: &[Entry],
        now: Timestamp,
    ) -> Result<StoredBatch, StorageError>;

    /// The device's high-water mark.
    async fn high_water(&self, device: DeviceId) -> Result<u64, StorageError>;

    /// Takes one of `auth.device`'s own entries, refused for good, into the quarantine (once:
    /// a repeat changes nothing) and moves the device's high-water mark past it when it is the
    /// next seq; returns the high-water mark. A seq beyond the next is a [`StorageError::SeqGap`].
    async fn quarantine_entry(
        &self,
        auth: &DeviceAuth,
        entry: &QuarantineIn,
        now: Timestamp,
    ) -> Result<u64, StorageError>;

    /// Quarantined entries of `unit` (every unit's with `None`), newest first, at most `limit`.
    async fn quarantined(
        &self,
        unit: Option<&UnitId>,
        limit: u32,
    ) -> Result<Vec<QuarantinedEntry>, StorageError>;

    /// Every entry of one job, in region order (empty for an unknown job).
    async fn job_entries(&self, job: JobId) -> Result<Vec<Entry>, StorageError>;

    /// Entries of `unit`'s jobs after `cursor`, not written by `except`, at most `limit`.
    async fn pull(
        &self,
        unit: &UnitId,
        except: DeviceId,
        cursor: u64,
        limit: u32,
    ) -> Result<PullPage, StorageError>;

    /// How many entries are stored, and how many distinct (device, seq) pairs among them.
    async fn entry_counts(&self) -> Result<(u64, u64), StorageError>;

    /// The region's incarnation, which pull cursors belong to (`PullResponse::epoch`).
    async fn epoch(&self) -> Result<String, StorageError>;

    /// Starts a new incarnation if `seen` is still the current one — the region found it was
    /// restored from a backup, from what `by` said — and answers the current one either way, so
    /// that nodes finding it at the same moment make one new incarnation, not several. A device
    /// makes at most one renewal a day ([`RENEWAL_PER_DEVICE_MS`]): each makes every phone pull
    /// again from the start, which a forged claim must not be able to repeat at will.
    async fn renew_epoch(
        &self,
        seen: &str,
        by: DeviceId,
        now: Timestamp,
    ) -> Result<String, StorageError>;

    /// [`SyncState`] for `device`, in one trip to the storage.
    async fn sync_state(&self, device: DeviceId) -> Result<SyncState, StorageError>;

    /// What restores could not bring back, newest first, at most `limit`.
    async fn restore_log(&self, limit: u32) -> Result<Vec<RestoreLogEntry>, StorageError>;

    /// Publishes `bundle` as the next version, unless it equals the latest one. Versions are
    /// never changed or removed.
    async fn publish_content(
        &self,
        bundle: &ContentBundle,
        now: Timestamp,
    ) -> Result<Publication, StorageError>;

    /// The newest published version, if any.
    async fn latest_content_version(&self) -> Result<Option<u64>, StorageError>;

    /// A published version, as stored.
    async fn content(&self, version: u64) -> Result<Option<StoredContent>, StorageError>;

    /// The statistics of the counted jobs `filter` selects, as the model's sorted cells.
    async fn stats(&self, filter: &Filter) -> Result<Vec<Cell>, StorageError>;

    /// Stores historical forms in one transaction, all or none: a job id already counted is
    /// [`StorageError::Duplicate`] and nothing is stored. Returns how many were stored.
    async fn import_stats(&self, rows: &[StatsRow]) -> Result<usize, StorageError>;

    /// Adds a dashboard user, or changes the role, unit and password of one. A coach needs a
    /// known unit, an admin has none ([`StorageError::Invalid`], [`StorageError::NotFound`]).
    async fn put_staff(&self, staff: &Staff, now: Timestamp) -> Result<(), StorageError>;

    /// A dashboard user by name.
    async fn staff(&self, name: &str) -> Result<Option<Staff>, StorageError>;

    /// Stores a session (by its token's hash) for `name` until `expires_at`.
    async fn add_session(
        &self,
        token_hash: &str,
        name: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> Result<(), StorageError>;

    /// The user, role and unit of an unexpired session.
    async fn session(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<StaffAuth>, StorageError>;

    /// Ends a session.
    async fn end_session(&self, token_hash: &str) -> Result<(), StorageError>;

    /// Appends reads of identifying data to the audit log, all in one transaction or none.
    async fn append_audit(&self, events: &[AuditEvent]) -> Result<(), StorageError>;

    /// Audit records, newest first: of one job, from an instant on, at most `limit`.
    async fn audit(&self, query: &AuditQuery) -> Result<Vec<AuditRecord>, StorageError>;

    /// Stores a quality test's result once, with one row per answer: `true` if stored now,
    /// `false` if the same result was already held (a repeated upload). A different result
    /// under the same id is [`StorageError::ResultConflict`]; an unknown unit
    /// [`StorageError::NotFound`].
    async fn store_quiz_result(
        &self,
        result: &QuizResult,
        now: Timestamp,
    ) -> Result<bool, StorageError>;

    /// A unit's passed quality tests: who passed, and when the test was handed in.
    async fn passed_quiz_results(
        &self,
        unit: &UnitId,
    ) -> Result<Vec<(UserId, Timestamp)>, StorageError>;

    /// Records a confirmed checklist item, replacing an earlier confirmation of the same nurse
    /// and item (the earlier one stays in the history). An unknown unit is
    /// [`StorageError::NotFound`].
    async fn put_mark(&self, mark: &ChecklistMark, now: Timestamp) -> Result<(), StorageError>;

    /// A unit's current checklist marks, by nurse and item.
    async fn marks(&self, unit: &UnitId) -> Result<Vec<ChecklistMark>, StorageError>;

    /// A unit's nurses: everyone with a checklist mark, a quiz result or an enrolled (unrevoked)
    /// device in it, sorted.
    async fn unit_nurses(&self, unit: &UnitId) -> Result<Vec<UserId>, StorageError>;

    /// How a unit's nurses answered each question, by bank and question; `text` is the
    /// question's id (the region's content has the words).
    async fn question_stats(&self, unit: &UnitId) -> Result<Vec<QuestionStats>, StorageError>;

    /// Names a nurse of a unit for her colleagues and the journal export ("Anna Berg"),
    /// replacing an earlier name. Check the name with [`check_display_name`] first; an unknown
    /// unit is [`StorageError::NotFound`].
    async fn put_nurse_name(
        &self,
        unit: &UnitId,
        nurse: &UserId,
        display_name: &str,
        now: Timestamp,
    ) -> Result<(), StorageError>;

    /// A unit's named nurses and their names, by nurse.
    async fn nurse_names(&self, unit: &UnitId) -> Result<Vec<(UserId, String)>, StorageError>;

    /// Records what sort of unit `unit` is (from the published content's units, or `units add
    /// --kind`). An unknown unit is [`StorageError::NotFound`].
    async fn put_unit_kind(&self, unit: &UnitId, kind: UnitKind) -> Result<(), StorageError>;

    /// The units a health centre may ask: those known to be municipal or ambulance, by name.
    async fn request_units(&self) -> Result<Vec<RequestUnit>, StorageError>;

    /// Adds a health centre's requester, or changes one's centre and password (a name held by
    /// a coach or admin becomes a requester). No name or centre is [`StorageError::Invalid`].
    async fn put_requester(
        &self,
        requester: &RequesterAccount,
        now: Timestamp,
    ) -> Result<(), StorageError>;

    /// The health centre of a requester, `None` for anyone else.
    async fn requester_centre(&self, name: &str) -> Result<Option<String>, StorageError>;

    /// Stores a new request. An unknown unit is [`StorageError::NotFound`], an id already held
    /// [`StorageError::Duplicate`].
    async fn store_request(&self, record: &RequestRecord) -> Result<(), StorageError>;

    /// One request.
    async fn request(&self, id: RequestId) -> Result<Option<RequestRecord>, StorageError>;

    /// A health centre's requests, newest first, at most `limit`.
    async fn centre_requests(
        &self,
        centre: &str,
        limit: u32,
    ) -> Result<Vec<RequestRecord>, StorageError>;

    /// A unit's requests that are unanswered, or were answered at or after `answered_since`,
    /// oldest first.
    async fn unit_requests(
        &self,
        unit: &UnitId,
        answered_since: Timestamp,
    ) -> Result<Vec<RequestRecord>, StorageError>;

    /// Stores a device's answer in one transaction, decided by
    /// [`samverka_model::request::answer_outcome`] against the answer held: stored now, a
    /// repeat of the same device's same answer, or refused because the request was answered
    /// otherwise. An unknown request is [`StorageError::NotFound`].
    async fn answer_request(
        &self,
        id: RequestId,
        answered: &RequestAnswered,
    ) -> Result<AnswerStored, StorageError>;

    /// Appends deliveries of requests' identifying data to their audit log, all or none.
    async fn append_request_audit(&self, events: &[RequestReadEvent]) -> Result<(), StorageError>;

    /// The request audit log, newest first: of one request, at most `limit`.
    async fn request_audit(
        &self,
        request: Option<RequestId>,
        limit: u32,
    ) -> Result<Vec<RequestReadRecord>, StorageError>;
}

/// A day as stored: `2026-11-25`.
pub(crate) fn iso_day(d: time::Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// A stored day back as a date.
pub(crate) fn day_of(s: &str) -> Result<time::Date, StorageError> {
    let fmt = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &fmt).map_err(|_| corrupt(format!("day {s}")))
}

/// A training item's stored code.
pub(crate) fn item_code(item: TrainingItem) -> String {
    samverka_model::codes::code(&item)
}

/// Builds a mark from its stored columns: unit, nurse, item, done_on, confirmed_by.
pub(crate) fn mark_from_columns(
    unit: String,
    nurse: String,
    item: &str,
    done_on: &str,
    confirmed_by: String,
) -> Result<ChecklistMark, StorageError> {
    Ok(ChecklistMark {
        nurse: UserId::new(nurse),
        unit: UnitId::new(unit),
        item: samverka_model::codes::from_code(item)
            .ok_or_else(|| corrupt(format!("training item {item}")))?,
        done_on: day_of(done_on)?,
        confirmed_by,
    })
}

/// A quiz result's answers as stored JSON.
pub(crate) fn answers_json(result: &QuizResult) -> Result<String, StorageError> {
    serde_json::to_string(&result.answers).map_err(|e| corrupt(format!("answers: {e}")))
}

/// The columns a result derives: passed, right, asked.
pub(crate) fn quiz_figures(result: &QuizResult) -> (bool, i64, i64) {
    let n = |v: usize| i64::try_from(v).unwrap_or(i64::MAX);
    (result.passed(), n(result.right()), n(result.answers.len()))
}

/// Builds a stored result back: id, nurse, unit, content version, started, finished, answers.
#[allow(clippy::too_many_arguments)]
pub(crate) fn quiz_from_columns(
    id: uuid::Uuid,
    nurse: String,
    unit: String,
    content_version: i64,
    started_at: i64,
    finished_at: i64,
    answers: &str,
) -> Result<QuizResult, StorageError> {
    let answers: Vec<Answer> =
        serde_json::from_str(answers).map_err(|e| corrupt(format!("answers: {e}")))?;
    Ok(QuizResult {
        id,
        nurse: UserId::new(nurse),
        unit: UnitId::new(unit),
        content_version: u64_of(content_version),
        started_at: Timestamp(started_at),
        finished_at: Timestamp(finished_at),
        answers,
    })
}

/// A stored count as the model's `u32`.
pub(crate) fn u32_of(v: i64) -> u32 {
    u32::try_from(v).unwrap_or(0)
}

/// A signed-in coach or admin, and what they may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAuth {
    /// Login name.
    pub name: String,
    /// Coach or admin.
    pub role: Role,
    /// A coach's unit; `None` for an admin (region-wide).
    pub unit: Option<UnitId>,
}

/// What a read of identifying data was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// `GET /api/v1/jobs/{job}` answered a job with identity entries.
    JobRead,
    /// A pull page delivered identity entries of the job.
    Pull,
}

impl AuditAction {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            AuditAction::JobRead => "job_read",
            AuditAction::Pull => "pull",
        }
    }

    pub(crate) fn stored(code: &str) -> Result<Self, StorageError> {
        match code {
            "job_read" => Ok(AuditAction::JobRead),
            "pull" => Ok(AuditAction::Pull),
            other => Err(corrupt(format!("audit action {other}"))),
        }
    }
}

/// One read of a job's identifying entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    /// When the region answered.
    pub at: Timestamp,
    /// How it was read.
    pub action: AuditAction,
    /// The reader's role.
    pub role: Role,
    /// A device's user, or a staff member's name.
    pub actor: String,
    /// The reading device, for a nurse.
    pub device: Option<DeviceId>,
    /// The job read.
    pub job: JobId,
    /// The job's unit.
    pub unit: UnitId,
    /// The client's IP address as the region saw it.
    pub client: Option<String>,
}

/// A stored [`AuditEvent`] with its place in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Increasing with every record appended.
    pub id: u64,
    /// The read.
    #[serde(flatten)]
    pub event: AuditEvent,
}

/// Which audit records to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only this job's.
    pub job: Option<JobId>,
    /// Only those at or after this instant.
    pub since: Option<Timestamp>,
    /// At most this many (the newest).
    pub limit: u32,
}

/// Builds an audit record from its stored columns: id, at, action, role, actor, device, job,
/// unit, client.
#[allow(clippy::too_many_arguments)]
pub(crate) fn audit_record(
    id: i64,
    at: i64,
    action: &str,
    role: &str,
    actor: String,
    device: Option<String>,
    job: String,
    unit: String,
    client: Option<String>,
) -> Result<AuditRecord, StorageError> {
    Ok(AuditRecord {
        id: u64_of(id),
        event: AuditEvent {
            at: Timestamp(at),
            action: AuditAction::stored(action)?,
            role: Role::stored(role)?,
            actor,
            device: device
                .map(|d| d.parse().map_err(|_| corrupt(format!("device {d}"))))
                .transpose()?,
            job: job.parse().map_err(|_| corrupt(format!("job {job}")))?,
            unit: UnitId::new(unit),
            client,
        },
    })
}

/// Checks a staff member's scope: a coach belongs to one unit, an admin to the whole region,
/// and nurses are devices, not staff.
pub fn check_staff(staff: &Staff) -> Result<(), StorageError> {
    match (staff.role, &staff.unit) {
        (Role::Coach, Some(_)) | (Role::Admin, None) => Ok(()),
        (Role::Coach, None) => Err(StorageError::Invalid(format!(
            "coach {} needs a unit",
            staff.name
        ))),
        (Role::Admin, Some(u)) => Err(StorageError::Invalid(format!(
            "admin {} is region-wide and cannot belong to unit {u}",
            staff.name
        ))),
        (Role::Nurse, _) => Err(StorageError::Invalid(format!(
            "{}: nurses sign in with an enrolled phone, not as staff",
            staff.name
        ))),
        (Role::Requester, _) => Err(StorageError::Invalid(format!(
            "{}: a requester belongs to a health centre (Storage::put_requester)",
            staff.name
        ))),
    }
}

/// The longest display name a nurse may have, in characters (the tables' CHECK says the same).
pub const MAX_DISPLAY_NAME_CHARS: usize = 100;

/// A nurse's display name as typed, trimmed: not empty, at most [`MAX_DISPLAY_NAME_CHARS`]
/// characters, no control characters (it is printed on phones and in journal exports).
pub fn check_display_name(typed: &str) -> Result<String, StorageError> {
    let name = typed.trim();
    if name.is_empty() {
        return Err(StorageError::Invalid(
            "a display name cannot be empty".into(),
        ));
    }
    if name.chars().count() > MAX_DISPLAY_NAME_CHARS {
        return Err(StorageError::Invalid(format!(
            "a display name has at most {MAX_DISPLAY_NAME_CHARS} characters"
        )));
    }
    if name.chars().any(char::is_control) {
        return Err(StorageError::Invalid(
            "a display name cannot hold control characters".into(),
        ));
    }
    Ok(name.to_owned())
}

/// Who may read what. Nurses are enrolled devices, bound to one unit; coaches and admins are
/// staff (the `staff` table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A nurse's phone: pushes and pulls its unit's jobs, reads them.
    Nurse,
    /// A samverkanscoach: reads the statistics and the jobs of their own unit.
    Coach,
    /// An administrator: reads the statistics, every unit's jobs and the audit log.
    Admin,
    /// A health centre's staff member: asks units for assistance jobs and reads the answers
    /// to their centre's requests; nothing else.
    Requester,
}

impl Role {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Role::Nurse => "nurse",
            Role::Coach => "coach",
            Role::Admin => "admin",
            Role::Requester => "requester",
        }
    }

    /// From the stored code.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "nurse" => Some(Role::Nurse),
            "coach" => Some(Role::Coach),
            "admin" => Some(Role::Admin),
            "requester" => Some(Role::Requester),
            _ => None,
        }
    }

    /// From a stored row: an unknown code is a database someone edited by hand.
    pub(crate) fn stored(code: &str) -> Result<Self, StorageError> {
        Self::from_code(code).ok_or_else(|| corrupt(format!("role {code}")))
    }
}

/// A dashboard user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    /// Login name.
    pub name: String,
    /// Role: coach or admin.
    pub role: Role,
    /// A coach's unit; `None` for an admin.
    pub unit: Option<UnitId>,
    /// Argon2id PHC string.
    pub password_hash: String,
}

/// A published content bundle as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredContent {
    /// Its version.
    pub version: u64,
    /// The answer phones get: the JSON of a [`PublishedContent`].
    pub body: Vec<u8>,
    /// SHA-256 of `body`, hex.
    pub body_sha256: String,
}

/// What publishing did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Publication {
    /// The version phones will get.
    pub version: u64,
    /// Whether it is new; `false` when the content equals the latest version's.
    pub new: bool,
}

/// SHA-256 of `bytes`, hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The bundle's own digest and the stored answer for it as `version`: both stores write exactly
/// these bytes, so a phone's digest check means the same on either.
pub(crate) fn encode_content(
    bundle: &ContentBundle,
    version: u64,
    now: Timestamp,
) -> Result<(String, StoredContent), StorageError> {
    let bundle_json =
        serde_json::to_vec(bundle).map_err(|e| StorageError::Database(e.to_string()))?;
    let body = serde_json::to_vec(&PublishedContent {
        version,
        published_at: now,
        bundle: bundle.clone(),
    })
    .map_err(|e| StorageError::Database(e.to_string()))?;
    Ok((
        sha256_hex(&bundle_json),
        StoredContent {
            version,
            body_sha256: sha256_hex(&body),
            body,
        },
    ))
}

/// A storage chosen at start-up.
pub type SharedStorage = Arc<dyn Storage>;

/// Opens the storage a URL names: `postgres://…` or `sqlite://PATH` (or a plain path).
pub async fn open(url: &str) -> Result<SharedStorage, StorageError> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStorage::connect(url).await?))
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        Ok(Arc::new(SqliteStorage::open(path)?))
    }
}

/// Checks that a batch is consecutive by seq and continues what the region holds.
pub(crate) fn check_continuity(entries: &[Entry], high_water: u64) -> Result<(), StorageError> {
    let Some(first) = entries.first() else {
        return Ok(());
    };
    if first.seq > high_water + 1 {
        return Err(StorageError::SeqGap {
            first: first.seq,
            high_water,
        });
    }
    for pair in entries.windows(2) {
        // Checked: seqs come from the request (`u64::MAX` must be refused, not overflow).
        if pair[0].seq.checked_add(1) != Some(pair[1].seq) {
            return Err(StorageError::SeqGap {
                first: pair[1].seq,
                high_water,
            });
        }
    }
    Ok(())
}
