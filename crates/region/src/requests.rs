//! Assistance requests from health centres (#9): a requester's form checked by the model
//! ([`samverka_model::request::check`]) and stored, the unit's requests delivered to its phones
//! (every delivery in the request audit log first), and a phone's answer stored once. The
//! requester pages ([`crate::dashboard::requests`]) and the device API ([`crate::api::requests`])
//! both call these.

use crate::api::access::ClientAddr;
use crate::api::staff::session_token;
use crate::api::{ApiError, hash_secret};
use crate::storage::{
    AnswerStored, DeviceAuth, RequestReadEvent, Role, SharedStorage, StorageError,
};
use axum::http::{HeaderMap, StatusCode};
use samverka_model::Timestamp;
use samverka_model::request::{
    ANSWERED_SHOWN_HOURS, AnswerBody, RequestAnswer, RequestAnswered, RequestForm, RequestId,
    RequestRecord, RequestsResponse, check,
};
use samverka_model::{CommandError, codes};

/// A signed-in health-centre requester.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequesterSession {
    /// Login name.
    pub name: String,
    /// The health centre they ask for.
    pub centre: String,
}

/// The requester a request's session (cookie or bearer) belongs to; `None` for no session or
/// a session of anyone but a requester.
pub async fn requester_of(
    storage: &SharedStorage,
    headers: &HeaderMap,
) -> Result<Option<RequesterSession>, StorageError> {
    let Some(token) = session_token(headers) else {
        return Ok(None);
    };
    let Some(s) = storage.session(&hash_secret(&token), crate::now()).await? else {
        return Ok(None);
    };
    if s.role != Role::Requester {
        return Ok(None);
    }
    Ok(storage
        .requester_centre(&s.name)
        .await?
        .map(|centre| RequesterSession {
            name: s.name,
            centre,
        }))
}

/// Checks a typed request on the region's clock `now` against the region's units and stores
/// it for `who`'s centre: the stored record, or the model's field errors (nothing stored).
pub async fn submit(
    storage: &SharedStorage,
    who: &RequesterSession,
    form: &RequestForm,
    now: Timestamp,
) -> Result<Result<RequestRecord, CommandError>, ApiError> {
    let units = storage.request_units().await?;
    let request = match check(form, &units, now) {
        Ok(r) => r,
        Err(e) => return Ok(Err(e)),
    };
    let record = RequestRecord {
        id: RequestId(uuid::Uuid::new_v4()),
        centre: who.centre.clone(),
        requested_by: who.name.clone(),
        created_at: now,
        request,
        answer: None,
    };
    storage.store_request(&record).await?;
    Ok(Ok(record))
}

/// The device's unit's open requests and those answered in the last
/// [`ANSWERED_SHOWN_HOURS`] hours, oldest first. Every request delivered is written to the
/// request audit log before the answer is sent; if that fails, nothing is sent.
pub async fn unit_list(
    storage: &SharedStorage,
    auth: &DeviceAuth,
    client: &ClientAddr,
    now: Timestamp,
) -> Result<RequestsResponse, ApiError> {
    let since = Timestamp(now.millis() - ANSWERED_SHOWN_HOURS * 3_600_000);
    let requests = storage.unit_requests(&auth.unit, since).await?;
    let reads: Vec<RequestReadEvent> = requests
        .iter()
        .map(|r| RequestReadEvent {
            at: now,
            role: Role::Nurse,
            actor: auth.user.as_str().to_owned(),
            device: Some(auth.device),
            request: r.id,
            unit: auth.unit.clone(),
            client: client.0.map(|ip| ip.to_string()),
        })
        .collect();
    storage.append_request_audit(&reads).await?;
    Ok(RequestsResponse { requests })
}

/// Stores a device's answer to a request of its own unit: the request as it then stands. The
/// same answer again from the same device is answered the same (a retried sync); another
/// device's, or a changed, answer to an answered request is 409 `already_answered`. The
/// phone's answer time is kept between the request's arrival and `now`.
pub async fn answer(
    storage: &SharedStorage,
    auth: &DeviceAuth,
    id: RequestId,
    body: AnswerBody,
    now: Timestamp,
) -> Result<RequestRecord, ApiError> {
    body.answer
        .check()
        .map_err(|e| ApiError::bad_request("invalid_answer", e.to_string()))?;
    let Some(held) = storage.request(id).await? else {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "unknown_request",
            format!("the region holds no request {id}"),
        ));
    };
    if held.request.unit != auth.unit {
        return Err(ApiError::forbidden(
            "other_unit",
            "this request was made to another unit than yours",
        ));
    }
    // An accept names the job the phone made for it: it must be a job of the answering
    // unit that the region holds (the phone pushes the job's entries before the answer).
    if let RequestAnswer::Accept { job } = &body.answer {
        match storage.job_units(&[*job]).await?.first() {
            Some((_, unit)) if *unit == auth.unit => {}
            Some(_) => {
                return Err(ApiError::forbidden(
                    "foreign_job",
                    format!("job {job} belongs to another unit than yours"),
                ));
            }
            None => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unknown_job",
                    format!("the region holds no job {job}; push it before the answer"),
                ));
            }
        }
    }
    let answered_at = Timestamp(body.answered_at.millis().clamp(
        held.created_at.millis(),
        now.millis().max(held.created_at.millis()),
    ));
    let answered = RequestAnswered {
        answer: body.answer,
        answered_by: auth.user.clone(),
        device: auth.device,
        answered_at,
    };
    match storage.answer_request(id, &answered).await? {
        AnswerStored::Stored(r) | AnswerStored::Repeat(r) => Ok(r),
        AnswerStored::AlreadyAnswered(r) => {
            let (by, what) = r.answer.as_ref().map_or_else(
                || (String::new(), String::new()),
                |a| (a.answered_by.to_string(), codes::code(&a.answer.status())),
            );
            Err(ApiError::new(
                StatusCode::CONFLICT,
                "already_answered",
                format!("request {id} was already answered ({what}) by {by}"),
            ))
        }
    }
}
