//! Answers shaped for the page that shows them: plain structs of what the page shows, built here
//! from the model's types with the model's own functions (`RequestRecord::status`,
//! `QuizResult::passed`, `Readiness`), so the UI reads a few flat fields instead of the whole
//! record. Every type the UI reads is code in the wasm a phone downloads (issue #19). The shell
//! writes them and the UI reads them from this one definition: they cross positionally
//! (`crate::wire`), so a second copy would have to agree field for field.

use crate::coach::{IntroductionList, StoredQuizResult, TrainingItem};
use crate::history::FieldChange;
use crate::request::{
    DeviceRequest, LocalAnswerState, RequestAnswer, RequestId, RequestStatus, TaskKind,
};
use crate::{JobId, Timestamp};
use serde::{Deserialize, Serialize};

/// Where a request stands, as its card says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    /// Waiting for an answer: the card offers to take or decline it.
    Open,
    /// This phone answered; the answer waits for the next sync.
    Pending,
    /// This phone answered and the region holds it.
    Sent,
    /// Answered already (by `answered_by`, when known): by another phone, or this phone's answer
    /// was refused because another stood.
    Answered,
}
crate::keyed!(RequestState {
    Open = "open",
    Pending = "pending",
    Sent = "sent",
    Answered = "answered",
});

/// One assistance request as home's card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestCard {
    /// The request.
    pub id: RequestId,
    /// What to do.
    pub task: TaskKind,
    /// The health centre that asked.
    pub centre: String,
    /// When the visit is wanted.
    pub visit_at: Timestamp,
    /// The patient's name.
    pub name: String,
    /// The patient's age in whole years.
    pub patient_age: u16,
    /// Where.
    pub address: String,
    /// What and why.
    pub description: String,
    /// The patient's or a relative's phone.
    pub patient_phone: String,
    /// The requester's phone.
    pub callback_phone: String,
    /// Where it stands.
    pub state: RequestState,
    /// Who answered, when it was answered elsewhere and the region said who.
    pub answered_by: Option<String>,
    /// The assistance job this phone made by taking it.
    pub job: Option<JobId>,
}

impl From<DeviceRequest> for RequestCard {
    fn from(r: DeviceRequest) -> Self {
        let (state, answered_by) = match (&r.local, r.record.status()) {
            (Some(l), _) => match &l.state {
                LocalAnswerState::Pending => (RequestState::Pending, None),
                LocalAnswerState::Sent => (RequestState::Sent, None),
                LocalAnswerState::Refused { by } => {
                    (RequestState::Answered, by.as_ref().map(ToString::to_string))
                }
            },
            (None, RequestStatus::Requested) => (RequestState::Open, None),
            (None, _) => (
                RequestState::Answered,
                r.record.answer.as_ref().map(|a| a.answered_by.to_string()),
            ),
        };
        let job = match r.local.as_ref().map(|l| &l.answer) {
            Some(RequestAnswer::Accept { job }) => Some(*job),
            _ => None,
        };
        let q = r.record.request;
        Self {
            id: r.record.id,
            task: q.task,
            centre: r.record.centre,
            visit_at: q.visit_at,
            name: q.name,
            patient_age: q.patient_age,
            address: q.address,
            description: q.description,
            patient_phone: q.patient_phone,
            callback_phone: q.callback_phone,
            state,
            answered_by,
            job,
        }
    }
}

/// One nurse of the unit's introduction list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntroNurse {
    /// The nurse's user id.
    pub nurse: String,
    /// Ready for IVPA, as derived on the day the list was made.
    pub ready: bool,
    /// The items she still lacks.
    pub missing: Vec<TrainingItem>,
}

/// The unit's introduction list as the coaches' corner and hand-on show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Introduction {
    /// When the region made it.
    pub made_at: Timestamp,
    /// The unit's nurses.
    pub nurses: Vec<IntroNurse>,
}

impl From<IntroductionList> for Introduction {
    fn from(l: IntroductionList) -> Self {
        Self {
            made_at: l.made_at,
            nurses: l
                .nurses
                .into_iter()
                .map(|n| IntroNurse {
                    nurse: n.nurse.to_string(),
                    ready: n.readiness.ready,
                    missing: n.readiness.missing,
                })
                .collect(),
        }
    }
}

/// One quality test this phone handed in, as the list of results shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuizRow {
    /// When it was handed in.
    pub finished_at: Timestamp,
    /// Right answers.
    pub right: usize,
    /// Questions asked.
    pub asked: usize,
    /// Passed (the model's pass mark).
    pub passed: bool,
    /// The region holds it.
    pub synced: bool,
}

impl From<StoredQuizResult> for QuizRow {
    fn from(r: StoredQuizResult) -> Self {
        Self {
            finished_at: r.result.finished_at,
            right: r.result.right(),
            asked: r.result.answers.len(),
            passed: r.result.passed(),
            synced: r.synced_at.is_some(),
        }
    }
}

/// One value a job's field has had, as the timeline shows a corrected time: whether it stands
/// now, and the instant it names (a timeline mark's `at`), if it names one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryRow {
    /// The value standing now.
    pub current: bool,
    /// The instant the value names.
    pub at: Option<Timestamp>,
}

impl From<FieldChange> for HistoryRow {
    fn from(c: FieldChange) -> Self {
        Self {
            current: c.current,
            at: c
                .value
                .get("at")
                .and_then(|a| a.as_i64())
                .map(Timestamp::from_millis),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire;

    /// Each answer crosses to the UI positionally (`crate::wire`): empty and filled fields,
    /// every request state, come back as they went.
    #[test]
    fn answers_cross_to_the_ui_whole() -> Result<(), wire::WireError> {
        let at = Timestamp::from_millis(1_700_000_000_000);
        let cards: Vec<RequestCard> = [
            (RequestState::Open, None, None),
            (
                RequestState::Pending,
                None,
                Some(JobId::from_uuid(uuid::Uuid::from_u128(9))),
            ),
            (RequestState::Sent, None, None),
            (RequestState::Answered, Some("britt".to_owned()), None),
        ]
        .into_iter()
        .map(|(state, answered_by, job)| RequestCard {
            id: RequestId::from_uuid(uuid::Uuid::from_u128(3)),
            task: TaskKind::WoundCare,
            centre: "Tanums vårdcentral".into(),
            visit_at: at,
            name: "Tolvan".into(),
            patient_age: 84,
            address: "Storgatan 1".into(),
            description: "Omläggning".into(),
            patient_phone: "0701234567".into(),
            callback_phone: "0525123456".into(),
            state,
            answered_by,
            job,
        })
        .collect();
        assert_eq!(
            wire::decode::<Vec<RequestCard>>(&wire::encode(&cards)?)?,
            cards
        );
        let intro = Some(Introduction {
            made_at: at,
            nurses: vec![IntroNurse {
                nurse: "anna".into(),
                ready: false,
                missing: vec![TrainingItem::SHlrChild],
            }],
        });
        assert_eq!(
            wire::decode::<Option<Introduction>>(&wire::encode(&intro)?)?,
            intro
        );
        let rows = vec![QuizRow {
            finished_at: at,
            right: 9,
            asked: 10,
            passed: true,
            synced: false,
        }];
        assert_eq!(wire::decode::<Vec<QuizRow>>(&wire::encode(&rows)?)?, rows);
        let history = vec![
            HistoryRow {
                current: false,
                at: None,
            },
            HistoryRow {
                current: true,
                at: Some(at),
            },
        ];
        assert_eq!(
            wire::decode::<Vec<HistoryRow>>(&wire::encode(&history)?)?,
            history
        );
        Ok(())
    }
}
