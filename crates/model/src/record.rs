//! The emergency record (akutjournalen): what a nurse writes on scene.

use crate::doc::DocFields;
use crate::error::{CommandError, ErrorCode, Errors};
use crate::items::Timed;
use crate::news2::Spo2Scale;
use crate::sv;
use crate::timestamp::Timestamp;
use crate::vitals::VitalSigns;
use serde::{Deserialize, Serialize};

/// The patient's sex as the statistics form records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sex {
    /// Woman / girl.
    Female,
    /// Man / boy.
    Male,
    /// Not known or not stated.
    Unknown,
}
crate::keyed!(Sex {
    Female = "female",
    Male = "male",
    Unknown = "unknown",
});

/// The record's scalar fields: complaint, ABCDE findings, notes, and the anonymous patient
/// facts (sex, age) that the statistics form is pre-filled from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordText {
    /// Chief complaint (kontaktorsak).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub chief_complaint: Option<String>,
    /// A — airway.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub airway: Option<String>,
    /// B — breathing.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub breathing: Option<String>,
    /// C — circulation.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub circulation: Option<String>,
    /// D — disability (neurology).
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub disability: Option<String>,
    /// E — exposure.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub exposure: Option<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub notes: Option<String>,
    /// The patient's sex.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub patient_sex: Option<Sex>,
    /// The patient's age in years.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub patient_age: Option<u16>,
    /// The SpO2 scale NEWS2 uses for this patient.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub spo2_scale: Option<Spo2Scale>,
}

impl DocFields for RecordText {
    const PREFIX: &'static str = "record";
    const FIELDS: &'static [&'static str] = &[
        "chief_complaint",
        "airway",
        "breathing",
        "circulation",
        "disability",
        "exposure",
        "notes",
        "patient_sex",
        "patient_age",
        "spo2_scale",
    ];
}

/// The oldest age the record and the form accept.
pub const MAX_AGE: u16 = 120;

impl RecordText {
    /// Checks the values that have a range.
    pub fn validate(&self) -> Result<(), CommandError> {
        let mut errors = Errors::default();
        if self.patient_age.is_some_and(|a| a > MAX_AGE) {
            errors.push("record.patient_age", ErrorCode::OutOfRange, sv::AGE_RANGE);
        }
        errors.into_result()
    }
}

/// Kinds of intervention the record lists (åtgärder).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InterventionKind {
    /// Cardiopulmonary resuscitation (HLR).
    Cpr,
    /// Defibrillation.
    Defibrillation,
    /// Airway adjunct (svalgtub, näskantarell …).
    AirwayAdjunct,
    /// Oxygen.
    Oxygen,
    /// Peripheral IV line (PVK).
    PeripheralIv,
    /// Bleeding control.
    BleedingControl,
    /// Positioning.
    Positioning,
    /// Something else, named in the detail.
    Other,
}
crate::keyed!(InterventionKind {
    Cpr = "cpr",
    Defibrillation = "defibrillation",
    AirwayAdjunct = "airway_adjunct",
    Oxygen = "oxygen",
    PeripheralIv = "peripheral_iv",
    BleedingControl = "bleeding_control",
    Positioning = "positioning",
    Other = "other",
});

/// An intervention done on scene.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Intervention {
    /// When it was done.
    pub at: Timestamp,
    /// What was done.
    pub kind: InterventionKind,
    /// Details (e.g. the flow of oxygen, the size of the line); required for `Other`.
    #[serde(default)]
    pub detail: String,
}

impl Timed for Intervention {
    fn at(&self) -> Option<Timestamp> {
        Some(self.at)
    }
}

impl Intervention {
    /// Checks that an "other" intervention says what it was.
    pub fn validate(&self) -> Result<(), CommandError> {
        let mut errors = Errors::default();
        if self.kind == InterventionKind::Other && self.detail.trim().is_empty() {
            errors.push(
                "intervention.detail",
                ErrorCode::Required,
                sv::INTERVENTION_DETAIL,
            );
        }
        errors.into_result()
    }
}

/// How a drug was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// Intravenous.
    Iv,
    /// Intramuscular.
    Im,
    /// Subcutaneous.
    Sc,
    /// By mouth.
    Oral,
    /// Under the tongue.
    Sublingual,
    /// Inhaled or nebulised.
    Inhalation,
    /// Into the nose.
    Nasal,
    /// Rectal.
    Rectal,
    /// Intraosseous.
    Io,
}
crate::keyed!(Route {
    Iv = "iv",
    Im = "im",
    Sc = "sc",
    Oral = "oral",
    Sublingual = "sublingual",
    Inhalation = "inhalation",
    Nasal = "nasal",
    Rectal = "rectal",
    Io = "io",
});

/// A drug given on scene.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DrugGiven {
    /// When it was given.
    pub at: Timestamp,
    /// The drug, as written on the package or in the guideline.
    pub drug: String,
    /// The dose with its unit, as given (e.g. "0,5 mg").
    pub dose: String,
    /// The route.
    pub route: Route,
}

impl Timed for DrugGiven {
    fn at(&self) -> Option<Timestamp> {
        Some(self.at)
    }
}

impl DrugGiven {
    /// Checks that the drug and its dose are named.
    pub fn validate(&self) -> Result<(), CommandError> {
        let mut errors = Errors::default();
        if self.drug.trim().is_empty() {
            errors.push("drug.drug", ErrorCode::Required, sv::DRUG_NAME);
        }
        if self.dose.trim().is_empty() {
            errors.push("drug.dose", ErrorCode::Required, sv::DRUG_DOSE);
        } else if !self.dose.chars().any(|c| c.is_ascii_digit()) {
            errors.push("drug.dose", ErrorCode::OutOfRange, sv::DRUG_DOSE_NUMBER);
        }
        errors.into_result()
    }
}

impl Timed for VitalSigns {
    fn at(&self) -> Option<Timestamp> {
        self.taken_at
    }
}
