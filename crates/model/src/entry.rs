//! Entries: the append-only log of everything a nurse does. Read models are folds of entries.

use crate::doc::Patch;
use crate::error::{CommandError, ErrorCode, FieldError};
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
    /// One field of the record, the patient's identity or the statistics form, set or emptied
    /// by its full key (`record.airway`, `identity.name`, `form.benefit`): what a form field
    /// saves on its own. Built here rather than in the UI, so the UI's wasm holds no reader
    /// for these documents (issue #19); see [`Patch::one`] for what is refused.
    pub fn one_field(key: &str, value: Option<serde_json::Value>) -> Result<Self, CommandError> {
        use crate::doc::DocFields;
        match key.split_once('.') {
            Some((RecordText::PREFIX, f)) => Patch::one(f, value).map(Self::Record),
            Some((PatientIdentity::PREFIX, f)) => Patch::one(f, value).map(Self::Identity),
            Some((StatsForm::PREFIX, f)) => Patch::one(f, value).map(Self::Form),
            _ => Err(FieldError::new(key, ErrorCode::Unknown, crate::sv::UNKNOWN_FIELD).into()),
        }
    }

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Sex;
    use serde_json::json;

    #[test]
    fn one_field_sets_empties_and_refuses_on_the_fields_key() {
        let set = |key: &str, v: serde_json::Value| EntryBody::one_field(key, Some(v));
        assert_eq!(
            set("record.patient_sex", json!("female")),
            Ok(EntryBody::Record(Patch::set(RecordText {
                patient_sex: Some(Sex::Female),
                ..RecordText::default()
            })))
        );
        assert_eq!(
            set("form.patient_age", json!(84)),
            Ok(EntryBody::Form(Patch::set(StatsForm {
                patient_age: Some(84),
                ..StatsForm::default()
            })))
        );
        assert_eq!(
            set("identity.name", json!("  Tolvan  ")),
            Ok(EntryBody::Identity(Patch::set(PatientIdentity {
                name: Some("Tolvan".into()),
                ..PatientIdentity::default()
            })))
        );
        // Blank text, null and no value empty the field.
        for v in [Some(json!("  ")), Some(serde_json::Value::Null), None] {
            assert_eq!(
                EntryBody::one_field("record.airway", v),
                Ok(EntryBody::Record(Patch {
                    set: RecordText::default(),
                    clear: vec!["airway".into()],
                }))
            );
        }
        // A value the field cannot hold, and keys that name no field, on the key given.
        let refused = |key: &str, v: serde_json::Value, code: ErrorCode| {
            let e = set(key, v).expect_err(key);
            assert_eq!((e.errors[0].field.as_str(), e.errors[0].code), (key, code));
        };
        refused("record.patient_sex", json!("dragon"), ErrorCode::Invalid);
        refused("form.patient_age", json!("gammal"), ErrorCode::Invalid);
        refused("form.patient_age", json!(70_000), ErrorCode::Invalid);
        refused("record.shoe_size", json!(42), ErrorCode::Unknown);
        refused("sbar.situation", json!("x"), ErrorCode::Unknown);
        refused("airway", json!("fri"), ErrorCode::Unknown);
    }
}
