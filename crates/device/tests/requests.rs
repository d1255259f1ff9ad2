//! Assistance requests on one phone: cached offline, accepted into a job in the same
//! transaction (identity and chief complaint from the request), declined with a reason, the
//! answers pending until the region has them, refused ones marked, and the cache replaced by
//! the region's list without losing an answer still on its way.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::{AnswerDelivery, Enrollment, Store, StoreError};
use samverka_model::request::{
    AssistanceRequest, LocalAnswerState, RequestAnswer, RequestAnswered, RequestDecision,
    RequestId, RequestRecord, TaskKind,
};
use samverka_model::{
    DeviceId, ErrorCode, JobType, MunicipalityId, PerformerKind, Requester, Status, Step, UnitId,
    UserId,
};

fn enrolled() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    s.install_content(&published(1, shipped()), at(0)).unwrap();
    s.set_enrollment(&Enrollment {
        region_url: "http://127.0.0.1:9".into(),
        token: "svk1_test".into(),
        unit: UnitId::new("tanum-hsv"),
        user: nurse(1),
    })
    .unwrap();
    s
}

fn record(n: u128, minute: i64) -> RequestRecord {
    RequestRecord {
        id: RequestId(uuid::Uuid::from_u128(n)),
        centre: "Vårdcentralen Tanumshede".into(),
        requested_by: "vc.anna".into(),
        created_at: at(minute),
        request: AssistanceRequest {
            unit: UnitId::new("tanum-hsv"),
            performer: PerformerKind::Municipal,
            task: TaskKind::Catheter,
            personal_number: samverka_model::identity::PersonalNumber::parse_at(
                "19121212-1212",
                at(0),
            )
            .unwrap(),
            name: "Tolvan Tolvansson".into(),
            address: "Storgatan 1, Tanumshede".into(),
            patient_phone: "0525-123 45".into(),
            description: "KAD stopp sedan i eftermiddags.".into(),
            enrolled: false,
            doctors_order: Some(true),
            callback_phone: "0525-999 00".into(),
            visit_at: at(minute + 60),
            patient_age: 113,
        },
        answer: None,
    }
}

fn field_of(err: StoreError) -> (String, ErrorCode) {
    let StoreError::Rejected(e) = err else {
        panic!("{err}")
    };
    (e.errors[0].field.clone(), e.errors[0].code)
}

#[test]
fn accepting_offline_makes_the_job_with_identity_and_complaint_in_one_go() {
    let mut s = enrolled();
    let r = record(1, 0);
    s.set_requests(std::slice::from_ref(&r), at(1)).unwrap();
    let before = s.last_seq();
    let answered = s
        .answer_request(r.id, RequestDecision::Accept, at(5))
        .unwrap();
    let local = answered.local.unwrap();
    assert_eq!(local.state, LocalAnswerState::Pending);
    assert_eq!(local.answered_at, at(5));
    let RequestAnswer::Accept { job } = local.answer else {
        panic!("not an accept")
    };
    // Four entries, one transaction: created, accepted, identity, record.
    assert_eq!(s.last_seq(), before + 4);
    let view = s.job(job).unwrap().unwrap();
    let header = view.header.clone().unwrap().value;
    assert_eq!(header.job_type, JobType::Assistance);
    assert_eq!(header.requester, Requester::HEALTH_CENTRE);
    assert_eq!(header.requested_at, r.created_at);
    assert_eq!(header.performer.unit, UnitId::new("tanum-hsv"));
    assert_eq!(
        header.performer.municipality,
        Some(MunicipalityId::new("tanum"))
    );
    assert_eq!(view.status(), Status::Accepted);
    assert_eq!(
        view.identity.value.name.as_deref(),
        Some("Tolvan Tolvansson")
    );
    assert_eq!(
        view.identity
            .value
            .personal_number
            .as_ref()
            .map(|p| p.digits().to_owned()),
        Some("191212121212".into())
    );
    assert_eq!(
        view.record.value.chief_complaint.as_deref(),
        Some("Kateter: KAD stopp sedan i eftermiddags.")
    );
    assert_eq!(view.record.value.patient_age, Some(113));
    assert!(s.open_jobs().unwrap().iter().any(|j| j.id == job));
    assert!(s.stale_read_models().unwrap().is_empty());
    let entries = s.job_entries(job).unwrap();
    assert_eq!(entries.len(), 4);
    assert!(entries.windows(2).all(|w| w[0].hlc < w[1].hlc));
    assert!(matches!(
        entries[1].body,
        samverka_model::EntryBody::Step {
            step: Step::Accept,
            ..
        }
    ));
    // The answer waits for the region, naming the job.
    let pending = s.pending_request_answers().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].0, r.id);
    assert_eq!(pending[0].1.answer, RequestAnswer::Accept { job });
    // Once is enough.
    let (field, code) = field_of(
        s.answer_request(r.id, RequestDecision::Accept, at(6))
            .unwrap_err(),
    );
    assert_eq!(
        (field.as_str(), code),
        ("request", ErrorCode::AlreadyExists)
    );
    assert_eq!(s.last_seq(), before + 4);
}

#[test]
fn declining_needs_a_reason_and_refusals_write_nothing() {
    let mut s = enrolled();
    let open = record(1, 0);
    let answered_elsewhere = RequestRecord {
        answer: Some(RequestAnswered {
            answer: RequestAnswer::Decline {
                reason: "Upptagen".into(),
            },
            answered_by: UserId::new("nurse-2"),
            device: DeviceId(uuid::Uuid::from_u128(99)),
            answered_at: at(2),
        }),
        ..record(2, 0)
    };
    s.set_requests(&[open.clone(), answered_elsewhere.clone()], at(3))
        .unwrap();
    let seq = s.last_seq();
    let (field, _) = field_of(
        s.answer_request(
            open.id,
            RequestDecision::Decline {
                reason: "  ".into(),
            },
            at(4),
        )
        .unwrap_err(),
    );
    assert_eq!(field, "request.reason");
    let (_, code) = field_of(
        s.answer_request(answered_elsewhere.id, RequestDecision::Accept, at(4))
            .unwrap_err(),
    );
    assert_eq!(code, ErrorCode::AlreadyExists);
    let (_, code) = field_of(
        s.answer_request(
            RequestId(uuid::Uuid::from_u128(7)),
            RequestDecision::Accept,
            at(4),
        )
        .unwrap_err(),
    );
    assert_eq!(code, ErrorCode::Unknown);
    assert!(s.pending_request_answers().unwrap().is_empty());
    let declined = s
        .answer_request(
            open.id,
            RequestDecision::Decline {
                reason: "Upptagen på IVPA-larm i Grebbestad".into(),
            },
            at(4),
        )
        .unwrap();
    assert_eq!(
        declined.local.unwrap().answer,
        RequestAnswer::Decline {
            reason: "Upptagen på IVPA-larm i Grebbestad".into()
        }
    );
    // A decline makes no job.
    assert_eq!(s.last_seq(), seq);
}

#[test]
fn answers_are_marked_sent_or_refused_and_the_cache_follows_the_region() {
    let mut s = enrolled();
    let (r1, r2, r3) = (record(1, 0), record(2, 1), record(3, 2));
    s.set_requests(&[r1.clone(), r2.clone(), r3.clone()], at(3))
        .unwrap();
    s.answer_request(r1.id, RequestDecision::Accept, at(4))
        .unwrap();
    s.answer_request(
        r2.id,
        RequestDecision::Decline {
            reason: "Ingen ledig".into(),
        },
        at(4),
    )
    .unwrap();
    // The region took r1 from this phone; r2 had been answered by another phone.
    let mine = s.device_id();
    let pending = s.pending_request_answers().unwrap();
    let r1_answered = RequestRecord {
        answer: Some(RequestAnswered {
            answer: pending[0].1.answer.clone(),
            answered_by: nurse(1),
            device: mine,
            answered_at: at(4),
        }),
        ..r1.clone()
    };
    s.mark_request_answer(r1.id, AnswerDelivery::Sent, Some(&r1_answered), at(5))
        .unwrap();
    s.mark_request_answer(r2.id, AnswerDelivery::Refused, None, at(5))
        .unwrap();
    assert!(s.pending_request_answers().unwrap().is_empty());
    let r2_by_other = RequestRecord {
        answer: Some(RequestAnswered {
            answer: RequestAnswer::Accept {
                job: samverka_model::JobId(uuid::Uuid::from_u128(50)),
            },
            answered_by: nurse(2),
            device: DeviceId(uuid::Uuid::from_u128(98)),
            answered_at: at(4),
        }),
        ..r2.clone()
    };
    s.set_requests(&[r1_answered.clone(), r2_by_other, r3.clone()], at(6))
        .unwrap();
    let list = s.requests().unwrap();
    let states: Vec<_> = list
        .iter()
        .map(|d| d.local.as_ref().map(|l| l.state.clone()))
        .collect();
    assert_eq!(
        states,
        [
            Some(LocalAnswerState::Sent),
            Some(LocalAnswerState::Refused { by: Some(nurse(2)) }),
            None
        ]
    );
    // A pending answer keeps its request even when the region's list no longer has it.
    s.answer_request(r3.id, RequestDecision::Accept, at(7))
        .unwrap();
    s.set_requests(&[], at(8)).unwrap();
    let left: Vec<RequestId> = s.requests().unwrap().iter().map(|d| d.record.id).collect();
    assert_eq!(left, [r3.id]);
    assert_eq!(s.pending_request_answers().unwrap().len(), 1);
}

#[test]
fn a_revocation_wipes_the_requests_too() {
    let mut s = enrolled();
    let r = record(1, 0);
    s.set_requests(std::slice::from_ref(&r), at(1)).unwrap();
    s.answer_request(r.id, RequestDecision::Accept, at(2))
        .unwrap();
    s.wipe_patient_data(at(3)).unwrap();
    assert!(s.requests().unwrap().is_empty());
    assert!(s.pending_request_answers().unwrap().is_empty());
}
