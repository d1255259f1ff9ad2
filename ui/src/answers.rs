//! The shell's answers shaped for the page that shows them (`src-tauri/src/answers.rs`, field
//! for field): a few flat fields instead of the model's whole record, so the wasm holds no code
//! to read what no page shows.

use samverka_model::coach::TrainingItem;
use samverka_model::request::{RequestId, TaskKind};
use samverka_model::{JobId, Timestamp};
use serde::Deserialize;

/// Where a request stands, as its card says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    /// Waiting for an answer.
    Open,
    /// This phone answered; the answer waits for the next sync.
    Pending,
    /// This phone answered and the region holds it.
    Sent,
    /// Answered already, by `answered_by` when known.
    Answered,
}
samverka_model::keyed!(RequestState {
    Open = "open",
    Pending = "pending",
    Sent = "sent",
    Answered = "answered",
});

/// One assistance request as home's card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
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
    /// Who answered, when answered elsewhere and known.
    pub answered_by: Option<String>,
    /// The assistance job this phone made by taking it.
    pub job: Option<JobId>,
}

/// One nurse of the unit's introduction list.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct IntroNurse {
    /// The nurse's user id.
    pub nurse: String,
    /// Ready for IVPA.
    pub ready: bool,
    /// The items she still lacks.
    pub missing: Vec<TrainingItem>,
}

/// The unit's introduction list as the coaches' corner and hand-on show it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Introduction {
    /// When the region made it.
    pub made_at: Timestamp,
    /// The unit's nurses.
    pub nurses: Vec<IntroNurse>,
}

/// One quality test this phone handed in.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct QuizRow {
    /// When it was handed in.
    pub finished_at: Timestamp,
    /// Right answers.
    pub right: usize,
    /// Questions asked.
    pub asked: usize,
    /// Passed.
    pub passed: bool,
    /// The region holds it.
    pub synced: bool,
}

/// One value a job's field has had, as the timeline shows a corrected time.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HistoryRow {
    /// The value standing now.
    pub current: bool,
    /// The instant the value names (a timeline mark's `at`), if it names one.
    pub at: Option<Timestamp>,
}
