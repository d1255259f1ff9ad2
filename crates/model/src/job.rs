//! A job (uppdrag): its type, who asked, who performs it, and the status machine.

use crate::error::{ErrorCode, FieldError};
use crate::ids::{MunicipalityId, UnitId};
use crate::sv;
use crate::timestamp::Timestamp;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The four job types of collaborative care (uppdragsformer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum JobType {
    /// 1177-uppdrag: a home visit asked for by the national nurse advice line.
    NurseLine,
    /// Assistansuppdrag: assessment or treatment asked for by a care partner.
    Assistance,
    /// IVPA ("I väntan på ambulans"): first on scene on a priority-1 alarm.
    Ivpa,
    /// MÄVA-direkt: direct admission of an older patient to the geriatric ward.
    MavaDirect,
}
crate::keyed!(JobType {
    NurseLine = "nurse_line",
    Assistance = "assistance",
    Ivpa = "ivpa",
    MavaDirect = "mava_direct",
});

impl JobType {
    /// Every job type, in the order the home screen shows them.
    pub const ALL: [JobType; 4] = [
        JobType::Ivpa,
        JobType::NurseLine,
        JobType::Assistance,
        JobType::MavaDirect,
    ];

    /// Who usually asks for a job of this type, given who performs it: what a new job from the
    /// home screen says until the nurse changes it on the form. IVPA comes from dispatch and
    /// 1177 jobs from 1177; an assistance job is the health centre's for the ambulance and the
    /// ambulance's for a municipal nurse; MÄVA-direkt is the ambulance's.
    pub fn usual_requester(self, performer: PerformerKind) -> Requester {
        match (self, performer) {
            (JobType::Ivpa, _) => Requester::DISPATCH,
            (JobType::NurseLine, _) => Requester::NURSE_LINE,
            (JobType::Assistance, PerformerKind::Ambulance) => Requester::HEALTH_CENTRE,
            (JobType::Assistance, PerformerKind::Municipal) => Requester::AMBULANCE,
            (JobType::MavaDirect, _) => Requester::AMBULANCE,
        }
    }
}

/// Who asked for the job (beställare): a code of the region's form lists (content, like the
/// problems and actions), so a region can add a requester without a new app. The codes the
/// model's own rules name (the usual requester of each job type, a health centre's request)
/// are the constants below; any other code the lists publish is as good.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Requester(Cow<'static, str>);

impl Requester {
    /// The 1177 nurse.
    pub const NURSE_LINE: Requester = Requester(Cow::Borrowed("nurse_line"));
    /// SOS Alarm or the region's dispatch centre SvLc.
    pub const DISPATCH: Requester = Requester(Cow::Borrowed("dispatch"));
    /// Municipal primary care / home health care.
    pub const MUNICIPAL_PRIMARY_CARE: Requester =
        Requester(Cow::Borrowed("municipal_primary_care"));
    /// Home care or a safety alarm (hemtjänst, trygghetslarm).
    pub const HOME_CARE: Requester = Requester(Cow::Borrowed("home_care"));
    /// The ambulance service or its assessment car.
    pub const AMBULANCE: Requester = Requester(Cow::Borrowed("ambulance"));
    /// A mobile care team (mobilt närsjukvårdsteam).
    pub const MOBILE_TEAM: Requester = Requester(Cow::Borrowed("mobile_team"));
    /// MÄVA, the geriatric medical ward.
    pub const MAVA: Requester = Requester(Cow::Borrowed("mava"));
    /// A health centre or out-of-hours centre (VC/JC).
    pub const HEALTH_CENTRE: Requester = Requester(Cow::Borrowed("health_centre"));

    /// A requester by its code (checked against the lists where a form is checked).
    pub fn new(code: impl Into<String>) -> Self {
        Self(Cow::Owned(code.into()))
    }

    /// The code, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Requester {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether the performer is a municipal nurse or the ambulance service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PerformerKind {
    /// A municipal on-call nurse.
    Municipal,
    /// An ambulance nurse or the assessment car.
    Ambulance,
}
crate::keyed!(PerformerKind {
    Municipal = "municipal",
    Ambulance = "ambulance",
});

/// Who performs the job.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Performer {
    /// Municipal or ambulance.
    pub kind: PerformerKind,
    /// The performing unit.
    pub unit: UnitId,
    /// The municipality the job is in, once known.
    pub municipality: Option<MunicipalityId>,
}

/// What is fixed when a job is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobHeader {
    /// The job type.
    pub job_type: JobType,
    /// Who asked.
    pub requester: Requester,
    /// Who performs it.
    pub performer: Performer,
    /// A practice job (övning): never counted in statistics.
    #[serde(default)]
    pub practice: bool,
    /// When the request or alarm came in.
    pub requested_at: Timestamp,
}

impl JobHeader {
    /// A real job a nurse starts from the home screen at `now`: her unit performs it, the
    /// requester is the type's usual one and the municipality is left for the position or the
    /// form.
    pub fn on_call(
        job_type: JobType,
        performer: PerformerKind,
        unit: UnitId,
        now: Timestamp,
    ) -> Self {
        Self {
            job_type,
            requester: job_type.usual_requester(performer),
            performer: Performer {
                kind: performer,
                unit,
                municipality: None,
            },
            practice: false,
            requested_at: now,
        }
    }
}

/// One tap on the job's timeline. Most move the status; `AmbulanceArrive` only records a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Step {
    /// The nurse takes the job.
    Accept,
    /// The nurse declines the job (a reason is required).
    Decline,
    /// Departed towards the patient.
    Depart,
    /// Arrived at the patient.
    Arrive,
    /// The ambulance arrived (a time on the record, not a status).
    AmbulanceArrive,
    /// The patient was handed over (to the ambulance, MÄVA, the asking unit).
    HandOver,
    /// The job is done.
    Complete,
    /// Dispatch aborted an IVPA job before the nurse arrived (a reason is required).
    Abort,
}
crate::keyed!(Step {
    Accept = "accept",
    Decline = "decline",
    Depart = "depart",
    Arrive = "arrive",
    AmbulanceArrive = "ambulance_arrive",
    HandOver = "hand_over",
    Complete = "complete",
    Abort = "abort",
});

impl Step {
    /// Every step, in timeline order.
    pub const ALL: [Step; 8] = [
        Step::Accept,
        Step::Decline,
        Step::Depart,
        Step::Arrive,
        Step::AmbulanceArrive,
        Step::HandOver,
        Step::Complete,
        Step::Abort,
    ];

    /// The machine key of this step's timeline field, e.g. `timeline.arrive`.
    pub fn field_key(self) -> String {
        format!("timeline.{}", self.key())
    }

    /// Whether the step must carry a reason.
    pub fn needs_reason(self) -> bool {
        matches!(self, Step::Decline | Step::Abort)
    }
}

/// Where a job is. Derived from which timeline marks exist, never stored on its own, so two
/// phones that saw the same marks agree on the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Asked for, not yet taken.
    Requested,
    /// Taken by a nurse.
    Accepted,
    /// On the way.
    EnRoute,
    /// With the patient.
    OnScene,
    /// The patient has been handed over.
    HandedOver,
    /// Finished.
    Done,
    /// Declined by the nurse.
    Declined,
    /// Aborted by dispatch before arrival (IVPA only).
    Aborted,
}
crate::keyed!(Status {
    Requested = "requested",
    Accepted = "accepted",
    EnRoute = "en_route",
    OnScene = "on_scene",
    HandedOver = "handed_over",
    Done = "done",
    Declined = "declined",
    Aborted = "aborted",
});

impl Status {
    /// Whether no further step is possible.
    pub fn is_closed(self) -> bool {
        matches!(self, Status::Done | Status::Declined | Status::Aborted)
    }
}

/// Checks whether `step` may be taken from `status` on a job of type `job_type`, i.e. whether a
/// tap is legal. The answer names the timeline field and says why in Swedish.
///
/// The chain is requested → accepted | declined; accepted → en route → on scene → handed over
/// → done. A nurse may also close a job straight from on scene (the patient stays at home and
/// nobody takes over). Only IVPA can be aborted, and only before arrival. The ambulance's arrival
/// can be noted any time the job is active and once only; a later change is a time correction.
pub fn check_step(
    job_type: JobType,
    status: Status,
    step: Step,
    already_marked: bool,
    reason: Option<&str>,
) -> Result<(), FieldError> {
    let field = step.field_key();
    if step.needs_reason() && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(FieldError::new(
            field,
            ErrorCode::Required,
            sv::REASON_REQUIRED,
        ));
    }
    use Status as S;
    use Step as T;
    let legal = match (status, step) {
        (S::Requested, T::Accept | T::Decline) => true,
        (S::Accepted, T::Depart) => true,
        (S::EnRoute, T::Arrive) => true,
        (S::OnScene, T::HandOver | T::Complete) => true,
        (S::HandedOver, T::Complete) => true,
        (S::Accepted | S::EnRoute, T::Abort) => {
            if job_type != JobType::Ivpa {
                return Err(FieldError::new(
                    field,
                    ErrorCode::NotApplicable,
                    sv::ABORT_IVPA_ONLY,
                ));
            }
            true
        }
        (S::Accepted | S::EnRoute | S::OnScene | S::HandedOver, T::AmbulanceArrive) => {
            !already_marked
        }
        _ => false,
    };
    if legal {
        Ok(())
    } else {
        Err(FieldError::new(
            field,
            ErrorCode::IllegalTransition,
            sv::illegal_step(status, step),
        ))
    }
}
