//! Assistance requests from health centres on the phone: the unit's requests as the region
//! last sent them (kept for offline use), and this phone's answers until the region has them.
//!
//! Accepting makes the assistance job at once, in the same transaction as the answer, so it
//! works with no signal: the job's creating entry (assistance, asked by a health centre, at the
//! request's time), the accept step, the patient's identity from the request, and the record's
//! chief complaint from the task and description. The answer then names that job. Declining
//! needs a reason. The sync loop posts pending answers and fetches the list again
//! ([`crate::sync`]); an answer the region refuses because the request was answered already
//! (by another phone of the unit) is marked refused, and the job made here stays for the nurse
//! to see and close.

use crate::error::StoreError;
use crate::store::Store;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use samverka_model::doc::Patch;
use samverka_model::error::{CommandError, ErrorCode, FieldError};
use samverka_model::identity::PatientIdentity;
use samverka_model::record::RecordText;
use samverka_model::request::{
    AnswerBody, DeviceRequest, LocalAnswer, LocalAnswerState, RequestAnswer, RequestDecision,
    RequestId, RequestRecord,
};
use samverka_model::{
    EntryBody, JobHeader, JobId, JobType, Performer, Requester, Step, Timestamp, sv,
};
use uuid::Uuid;

/// Where a posted answer ended, as the sync loop tells the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerDelivery {
    /// The region holds it (stored now, or a repeat of what it held).
    Sent,
    /// The region refused it: the request was already answered otherwise.
    Refused,
}

impl AnswerDelivery {
    fn code(self) -> &'static str {
        match self {
            AnswerDelivery::Sent => "sent",
            AnswerDelivery::Refused => "refused",
        }
    }
}

fn to_json<T: serde::Serialize>(what: &str, v: &T) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(|e| StoreError::corrupt(what.to_owned(), e))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::corrupt(what.to_owned(), e))
}

fn refused(code: ErrorCode, message: &str) -> StoreError {
    StoreError::Rejected(CommandError::from(FieldError::new(
        "request", code, message,
    )))
}

/// A cached request and this phone's answer, as stored.
type Row = (String, Option<String>, Option<i64>, Option<String>);

impl Store {
    /// The unit's requests as last fetched from the region, oldest first, each with this
    /// phone's own answer and where it is (pending, sent, or refused because the request had
    /// been answered already — `by` then names the nurse whose answer stands). A request is
    /// open when `record.answer` is `None` and `local` is `None`. Works offline.
    pub fn requests(&self) -> Result<Vec<DeviceRequest>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT r.record, a.answer, a.answered_at, a.state
             FROM requests r LEFT JOIN request_answers a ON a.request_id = r.request_id
             ORDER BY r.created_at, r.request_id",
        )?;
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<Result<Vec<Row>, _>>()?;
        rows.into_iter()
            .map(|row| self.device_request(row))
            .collect()
    }

    /// One cached request with this phone's answer, `None` if the phone does not hold it.
    pub fn request(&self, id: RequestId) -> Result<Option<DeviceRequest>, StoreError> {
        let row: Option<Row> = self
            .conn()
            .query_row(
                "SELECT r.record, a.answer, a.answered_at, a.state
                 FROM requests r LEFT JOIN request_answers a ON a.request_id = r.request_id
                 WHERE r.request_id = ?1",
                [id.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        row.map(|row| self.device_request(row)).transpose()
    }

    fn device_request(
        &self,
        (record, answer, answered_at, state): Row,
    ) -> Result<DeviceRequest, StoreError> {
        let record: RequestRecord = from_json("request", &record)?;
        let local = match (answer, answered_at, state.as_deref()) {
            (Some(answer), Some(at), Some(state)) => Some(LocalAnswer {
                answer: from_json("request answer", &answer)?,
                answered_at: Timestamp(at),
                state: match state {
                    "pending" => LocalAnswerState::Pending,
                    "sent" => LocalAnswerState::Sent,
                    _ => LocalAnswerState::Refused {
                        by: record
                            .answer
                            .as_ref()
                            .filter(|a| a.device != self.device_id())
                            .map(|a| a.answered_by.clone()),
                    },
                },
            }),
            _ => None,
        };
        Ok(DeviceRequest { record, local })
    }

    /// Answers a request on this phone, offline too, and returns it with the answer pending
    /// until the next sync.
    ///
    /// `Accept` makes the assistance job in the same transaction (created at the request's
    /// time, accepted now, the patient's identity and the record's chief complaint from the
    /// request) and the answer names it: the new job is `local.answer`'s `job`, also in
    /// [`Store::open_jobs`]. `Decline` needs a reason (field `request.reason`).
    ///
    /// Refused with field errors on `request` (nothing written) when the phone does not hold
    /// the request, has answered it already, or the region's copy says it is answered.
    pub fn answer_request(
        &mut self,
        id: RequestId,
        decision: RequestDecision,
        now: Timestamp,
    ) -> Result<DeviceRequest, StoreError> {
        let Some(held) = self.request(id)? else {
            return Err(refused(ErrorCode::Unknown, sv::REQ_UNKNOWN));
        };
        if held.local.is_some() {
            return Err(refused(ErrorCode::AlreadyExists, sv::REQ_ANSWERED_HERE));
        }
        if held.record.answer.is_some() {
            return Err(refused(ErrorCode::AlreadyExists, sv::REQ_ALREADY_ANSWERED));
        }
        let enrolment = self
            .enrollment()?
            .ok_or_else(|| StoreError::Config("the phone is not enrolled".into()))?;
        let record = held.record;
        match decision {
            RequestDecision::Decline { reason } => {
                let answer = RequestAnswer::Decline {
                    reason: reason.trim().to_owned(),
                };
                answer.check()?;
                let json = to_json("request answer", &answer)?;
                let tx = self
                    .conn_mut()
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                insert_answer(&tx, id, &json, now, None)?;
                tx.commit()?;
            }
            RequestDecision::Accept => {
                let job = JobId(Uuid::new_v4());
                let answer = RequestAnswer::Accept { job };
                let json = to_json("request answer", &answer)?;
                let req = &record.request;
                let municipality = self.unit_municipality(&req.unit)?;
                // The phone's clock may be behind the region's: accepted no earlier than asked.
                let accepted_at = Timestamp(now.millis().max(record.created_at.millis()));
                let bodies = vec![
                    EntryBody::JobCreated(JobHeader {
                        job_type: JobType::Assistance,
                        requester: Requester::HEALTH_CENTRE,
                        performer: Performer {
                            kind: req.performer,
                            unit: req.unit.clone(),
                            municipality,
                        },
                        practice: false,
                        requested_at: record.created_at,
                    }),
                    EntryBody::Step {
                        step: Step::Accept,
                        at: accepted_at,
                        reason: None,
                    },
                    EntryBody::Identity(Patch::set(PatientIdentity {
                        personal_number: Some(req.personal_number.clone()),
                        name: Some(req.name.clone()),
                    })),
                    EntryBody::Record(Patch::set(RecordText {
                        chief_complaint: Some(req.chief_complaint()),
                        patient_age: Some(req.patient_age),
                        ..RecordText::default()
                    })),
                ];
                self.record_all_with(&enrolment.user, job, bodies, now, |tx| {
                    insert_answer(tx, id, &json, now, Some(job))
                })?;
            }
        }
        self.request(id)?
            .ok_or_else(|| StoreError::Config(format!("request {id} vanished while answered")))
    }

    /// Replaces the cached requests with the region's list (the unit's open requests and
    /// those answered lately). A request with an answer still pending here is kept even if
    /// the list lacks it; answers that reached the region are forgotten with their request.
    pub fn set_requests(
        &mut self,
        records: &[RequestRecord],
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let rows = records
            .iter()
            .map(|r| Ok((r.id.to_string(), to_json("request", r)?, r.created_at)))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM requests WHERE request_id NOT IN
               (SELECT request_id FROM request_answers WHERE state = 'pending')",
            [],
        )?;
        {
            let mut put = tx.prepare_cached(
                "INSERT INTO requests (request_id, record, created_at, fetched_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (request_id) DO UPDATE SET record = excluded.record,
                   fetched_at = excluded.fetched_at",
            )?;
            for (id, json, created_at) in &rows {
                put.execute(params![id, json, created_at.millis(), now.millis()])?;
            }
        }
        tx.execute(
            "DELETE FROM request_answers WHERE state <> 'pending'
               AND request_id NOT IN (SELECT request_id FROM requests)",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The answers waiting for the region, oldest first, as the bodies to post.
    pub fn pending_request_answers(&self) -> Result<Vec<(RequestId, AnswerBody)>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT request_id, answer, answered_at FROM request_answers
             WHERE state = 'pending' ORDER BY answered_at, request_id",
        )?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter()
            .map(|(id, answer, at)| {
                Ok((
                    id.parse()
                        .map_err(|e| StoreError::corrupt(format!("request id {id}"), e))?,
                    AnswerBody {
                        answer: from_json("request answer", &answer)?,
                        answered_at: Timestamp(at),
                    },
                ))
            })
            .collect()
    }

    /// Records where a posted answer ended; with the region's record (sent answers come back
    /// with it) the cached copy is brought up to date in the same transaction.
    pub fn mark_request_answer(
        &mut self,
        id: RequestId,
        delivery: AnswerDelivery,
        record: Option<&RequestRecord>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let json = record.map(|r| to_json("request", r)).transpose()?;
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE request_answers SET state = ?2, updated_at = ?3 WHERE request_id = ?1",
            params![id.to_string(), delivery.code(), now.millis()],
        )?;
        if let Some(json) = json {
            tx.execute(
                "UPDATE requests SET record = ?2, fetched_at = ?3 WHERE request_id = ?1",
                params![id.to_string(), json, now.millis()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

fn insert_answer(
    tx: &rusqlite::Transaction<'_>,
    id: RequestId,
    answer_json: &str,
    now: Timestamp,
    job: Option<JobId>,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO request_answers (request_id, answer, answered_at, state, job_id, updated_at)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?3)",
        params![
            id.to_string(),
            answer_json,
            now.millis(),
            job.map(|j| j.to_string())
        ],
    )?;
    Ok(())
}
