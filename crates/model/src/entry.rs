//! Entries: the append-only log of everything a nurse does. Read models are folds of entries.

use crate::doc::Patch;
use crate::form::StatsForm;
use crate::hlc::Hlc;
use crate::holder::HandOn;
use crate::identity::PatientIdentity;
use crate::ids::{DeviceId, EntryRef, JobId, UserId};
use crate::job::{JobHeader, Step};
use crate::position::PositionFix;
use crate::record::{DrugGiven, Intervention, RecordText};
use crate::sbar::SbarText;
use crate::timestamp::Timestamp;
use crate::vitals::VitalSigns;
use serde::{Deserialize, Serialize};

/// One change a nurse made, as written to the device's log and shipped to the region.
/// Never edited or deleted: a correction is a newer entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The device that wrote it.
    pub device: DeviceId,
    /// Its number on that device: 1, 2, 3 … without gaps.
    pub seq: u64,
    /// The job it belongs to.
    pub job: JobId,
    /// Its place in the merged order of all devices' entries.
    pub hlc: Hlc,
    /// Who wrote it.
    pub author: UserId,
    /// What it says.
    pub body: EntryBody,
}

impl Entry {
    /// The reference other entries use to supersede this one.
    pub fn entry_ref(&self) -> EntryRef {
        EntryRef {
            device: self.device,
            seq: self.seq,
        }
    }
}

/// The stored `kind` of identifying entries: the ones the device purges and the region audits.
pub const IDENTITY_KIND: &str = "identity";

/// Which list a retraction or correction applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// Vital signs.
    Vitals,
    /// Interventions.
    Intervention,
    /// Drugs given.
    Drug,
}
crate::keyed!(ItemKind {
    Vitals = "vitals",
    Intervention = "intervention",
    Drug = "drug",
});

impl ItemKind {
    /// The list's field key for history queries (`interventions`; its serde key is
    /// `intervention`).
    pub fn list_key(self) -> &'static str {
        match self {
            ItemKind::Vitals => "vitals",
            ItemKind::Intervention => "interventions",
            ItemKind::Drug => "drugs",
        }
    }
}

/// What an entry says. Stored as `kind` + JSON `payload`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    deny_unknown_fields,
    tag = "kind",
    content = "payload",
    rename_all = "snake_case"
)]
pub enum EntryBody {
    /// A new job.
    JobCreated(JobHeader),
    /// A timeline tap that moves the job on (or notes the ambulance's arrival).
    Step {
        /// Which step.
        step: Step,
        /// When it happened.
        at: Timestamp,
        /// Why (required to decline or abort).
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        reason: Option<String>,
    },
    /// A corrected time (or reason) for a step already on the timeline; the old one stays in
    /// the history.
    TimeCorrected {
        /// Which step.
        step: Step,
        /// The corrected time.
        at: Timestamp,
        /// The reason, for steps that carry one.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        reason: Option<String>,
    },
    /// Record fields set or cleared.
    Record(Patch<RecordText>),
    /// SBAR fields set or cleared.
    Sbar(Patch<SbarText>),
    /// The identifying part (personal identity number, name) set or cleared. Its own kind so
    /// the device can purge it after the region has acknowledged the job.
    Identity(Patch<PatientIdentity>),
    /// Statistics form fields set or cleared (while it is not submitted).
    Form(Patch<StatsForm>),
    /// The statistics form submitted as it stands; this locks it.
    FormSubmitted {
        /// When.
        at: Timestamp,
        /// The form as submitted.
        form: StatsForm,
    },
    /// A set of vital signs, possibly correcting an earlier set.
    Vitals {
        /// The measurements.
        vitals: VitalSigns,
        /// The set this one corrects.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        supersedes: Option<EntryRef>,
    },
    /// An intervention, possibly correcting an earlier one.
    Intervention {
        /// The intervention.
        intervention: Intervention,
        /// The one this corrects.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        supersedes: Option<EntryRef>,
    },
    /// A drug given, possibly correcting an earlier entry.
    Drug {
        /// The drug.
        drug: DrugGiven,
        /// The one this corrects.
        #[serde(default, skip_serializing_if = "crate::wire::none")]
        supersedes: Option<EntryRef>,
    },
    /// The job handed on to another nurse of the unit or to the next shift.
    HandedOn(HandOn),
    /// Where the nurse was at arrival, or that the position is missing.
    Position(PositionFix),
    /// An item recorded by mistake, withdrawn (it stays visible in the history).
    Retracted {
        /// Which list.
        list: ItemKind,
        /// The entry that recorded it.
        target: EntryRef,
        /// Why.
        reason: String,
    },
}

impl EntryBody {
    /// The `kind` tag, as stored in the device's `entries.kind` column.
    pub fn kind(&self) -> &'static str {
        match self {
            EntryBody::JobCreated(_) => "job_created",
            EntryBody::Step { .. } => "step",
            EntryBody::TimeCorrected { .. } => "time_corrected",
            EntryBody::Record(_) => "record",
            EntryBody::Sbar(_) => "sbar",
            EntryBody::Identity(_) => IDENTITY_KIND,
            EntryBody::Form(_) => "form",
            EntryBody::FormSubmitted { .. } => "form_submitted",
            EntryBody::Vitals { .. } => "vitals",
            EntryBody::Intervention { .. } => "intervention",
            EntryBody::Drug { .. } => "drug",
            EntryBody::Retracted { .. } => "retracted",
            EntryBody::HandedOn(_) => "handed_on",
            EntryBody::Position(_) => "position",
        }
    }

    /// The fields this entry writes, by key, with the value written. Lists are one key each
    /// (`vitals`, `interventions`, `drugs`); timeline steps are `timeline.<step>`.
    pub fn touched(&self) -> Vec<(String, serde_json::Value)> {
        match self {
            EntryBody::JobCreated(h) => vec![("job".to_owned(), json(h))],
            EntryBody::Step { step, at, reason }
            | EntryBody::TimeCorrected { step, at, reason } => {
                vec![(
                    step.field_key(),
                    serde_json::json!({ "at": at, "reason": reason }),
                )]
            }
            EntryBody::Record(p) => p.touched(),
            EntryBody::Sbar(p) => p.touched(),
            EntryBody::Identity(p) => p.touched(),
            EntryBody::Form(p) => p.touched(),
            EntryBody::FormSubmitted { at, form } => {
                vec![(
                    "form.submitted".to_owned(),
                    serde_json::json!({ "at": at, "form": form }),
                )]
            }
            EntryBody::Vitals { vitals, .. } => vec![("vitals".to_owned(), json(vitals))],
            EntryBody::Intervention { intervention, .. } => {
                vec![("interventions".to_owned(), json(intervention))]
            }
            EntryBody::Drug { drug, .. } => vec![("drugs".to_owned(), json(drug))],
            EntryBody::HandedOn(h) => vec![("holder".to_owned(), json(h))],
            EntryBody::Position(p) => vec![("position".to_owned(), json(p))],
            EntryBody::Retracted {
                list,
                target,
                reason,
            } => vec![(
                list.list_key().to_owned(),
                serde_json::json!({ "retracted": target, "reason": reason }),
            )],
        }
    }

    /// The stored form: the `kind` tag and the JSON text of the payload. Device and region
    /// store entries this way, so a payload can be indexed or inspected without the model.
    ///
    /// One serialisation, cut: the enum is adjacently tagged, so serde_json writes it as
    /// `{"kind":"<kind>","payload":<payload>}`, in that order and without spaces. Going through
    /// a `serde_json::Value` built and dropped a tree of maps per entry, a tenth of the region's
    /// work on a push (`perf`, sync bench).
    pub fn to_parts(&self) -> Result<(&'static str, String), serde_json::Error> {
        let kind = self.kind();
        let mut whole = serde_json::to_string(self)?;
        let head = PARTS_HEAD_START.len() + kind.len() + PARTS_HEAD_END.len();
        let shaped = whole.len() > head
            && whole.starts_with(PARTS_HEAD_START)
            && whole[PARTS_HEAD_START.len()..].starts_with(kind)
            && whole[PARTS_HEAD_START.len() + kind.len()..].starts_with(PARTS_HEAD_END)
            && whole.ends_with('}');
        if !shaped {
            // Not reachable with serde_json's writer; kept so a change there cannot cut wrong.
            let mut v = serde_json::to_value(self)?;
            let payload = v
                .get_mut("payload")
                .map(serde_json::Value::take)
                .unwrap_or_default();
            return Ok((kind, serde_json::to_string(&payload)?));
        }
        whole.truncate(whole.len() - 1);
        whole.drain(..head);
        Ok((kind, whole))
    }

    /// Reads the stored form back. The payload must be one JSON value (checked as it is read),
    /// so a stored text cannot add fields beside it.
    pub fn from_parts(kind: &str, payload: &str) -> Result<Self, serde_json::Error> {
        let payload: &serde_json::value::RawValue = serde_json::from_str(payload)?;
        let whole = format!(
            "{{\"kind\":{},\"payload\":{}}}",
            serde_json::to_string(kind)?,
            payload.get()
        );
        serde_json::from_str(&whole)
    }

    /// The earlier list entry this one supersedes or retracts, if any.
    pub fn supersedes(&self) -> Option<EntryRef> {
        match self {
            EntryBody::Vitals { supersedes, .. }
            | EntryBody::Intervention { supersedes, .. }
            | EntryBody::Drug { supersedes, .. } => *supersedes,
            EntryBody::Retracted { target, .. } => Some(*target),
            _ => None,
        }
    }
}

/// How serde_json begins an [`EntryBody`], around its kind ([`EntryBody::to_parts`]).
const PARTS_HEAD_START: &str = "{\"kind\":\"";
const PARTS_HEAD_END: &str = "\",\"payload\":";

/// The JSON of a model value; the model's types always serialise, `Null` is the unreachable
/// fallback that keeps history total.
fn json<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
