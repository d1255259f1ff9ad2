//! The statistics form (statistikblanketten; for IVPA "Blankett B"): one per job, anonymous by
//! design, the basis of the region's annual report.

use crate::doc::DocFields;
use crate::error::{CommandError, ErrorCode, Errors};
use crate::ids::MunicipalityId;
use crate::job::{JobType, PerformerKind, Requester};
use crate::record::{MAX_AGE, Sex};
use crate::sv;
use serde::{Deserialize, Serialize};

/// How the job ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done (utfört).
    Done,
    /// Declined (avböjt).
    Declined,
    /// Aborted by dispatch before arrival (IVPA only).
    Aborted,
}

/// Did the information given match what the nurse found?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InfoMatched {
    /// Did not match.
    No,
    /// Matched.
    Yes,
    /// Matched well.
    Well,
    /// Matched very well.
    VeryWell,
}

/// Which visit the job prevented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreventedVisit {
    /// A visit to the emergency department.
    Emergency,
    /// A visit to a health centre or out-of-hours centre (VC/JC).
    PrimaryCare,
    /// None.
    None,
}

/// Benefit to the patient, five levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Benefit {
    /// No benefit (ingen nytta).
    None,
    /// Little benefit (liten nytta).
    Little,
    /// Some benefit (nytta).
    Some,
    /// Good benefit (god nytta).
    Good,
    /// Very good benefit (mycket god nytta).
    VeryGood,
}

/// When the IVPA nurse arrived relative to the ambulance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arrival {
    /// Before the ambulance.
    Before,
    /// At the same time.
    Same,
    /// After the ambulance.
    After,
    /// After the ambulance and the rescue service.
    AfterRescue,
}

/// The statistics form. Every field is optional while the nurse fills it in; [`validate`] says
/// what the job's type and outcome require before it can be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsForm {
    /// Job type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub job_type: Option<JobType>,
    /// Who asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requester: Option<Requester>,
    /// Municipal nurse or ambulance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub performer: Option<PerformerKind>,
    /// Municipality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<MunicipalityId>,
    /// Done, declined or aborted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Why the job was declined.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declined_reason: Option<String>,
    /// Patient's sex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_sex: Option<Sex>,
    /// Patient's age in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient_age: Option<u16>,
    /// The main problem, a code from the region's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    /// Actions taken, codes from the region's list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<Vec<String>>,
    /// Was the job at the right care level?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub right_care_level: Option<bool>,
    /// Could the patient stay at home (false: needed a higher care level)?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stayed_home: Option<bool>,
    /// Did the information given match?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub info_matched: Option<InfoMatched>,
    /// Which visit was prevented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevented_visit: Option<PreventedVisit>,
    /// Benefit to the patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub benefit: Option<Benefit>,
    /// IVPA: arrival relative to the ambulance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrival: Option<Arrival>,
    /// IVPA, arrived before the ambulance: estimated minutes before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_before_ambulance: Option<u16>,
}

impl DocFields for StatsForm {
    const PREFIX: &'static str = "form";
    const FIELDS: &'static [&'static str] = &[
        "job_type",
        "requester",
        "performer",
        "municipality",
        "outcome",
        "declined_reason",
        "patient_sex",
        "patient_age",
        "problem",
        "actions",
        "right_care_level",
        "stayed_home",
        "info_matched",
        "prevented_visit",
        "benefit",
        "arrival",
        "minutes_before_ambulance",
    ];
}

/// One choice in a list the region publishes (problems, actions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    /// The stored code.
    pub code: String,
    /// The Swedish label.
    pub label_sv: String,
}

/// The lists the form offers. Content published by the region, so another region can use its
/// own; [`FormOptions::sample`] is the list from the Fyrbodal reports, for tests and first start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormOptions {
    /// Problems (the reason for the job).
    pub problems: Vec<Choice>,
    /// Actions taken.
    pub actions: Vec<Choice>,
}

fn choices(list: &[(&str, &str)]) -> Vec<Choice> {
    list.iter()
        .map(|(code, label)| Choice {
            code: (*code).to_owned(),
            label_sv: (*label).to_owned(),
        })
        .collect()
}

impl FormOptions {
    /// The problems and actions named in the 2025 annual report and the 2026 quarterly figures.
    pub fn sample() -> Self {
        Self {
            problems: choices(&[
                ("chest_pain", "Bröstsmärta"),
                ("neurological", "Neurologiska besvär / bortfallssymtom"),
                ("breathing", "Andningsbesvär"),
                ("unconsciousness", "Medvetslöshet"),
                ("cardiac_arrest", "Hjärtstopp"),
                ("seizures", "Kramper"),
                ("fever", "Feber"),
                ("headache", "Huvudvärk"),
                ("trauma", "Trauma"),
                ("catheter", "Kateterbesvär"),
                ("wound", "Sår"),
                ("fall", "Fall"),
                ("vomiting", "Kräkning"),
                ("nosebleed", "Näsblod"),
                ("confusion", "Förvirring"),
                ("other", "Annat"),
            ]),
            actions: choices(&[
                ("assessment", "Bedömning"),
                ("catheter_care", "Katetervård"),
                ("wound_care", "Sårvård"),
                ("ecg", "EKG"),
                ("sampling", "Provtagning"),
                ("medication", "Läkemedelshantering"),
                ("iv_line", "Inläggning av kärlkateter"),
                ("oxygen", "Syrgasbehandling"),
                ("cpr", "HLR"),
                ("defibrillation", "Defibrillering"),
                ("coordination", "Samordning"),
                ("other", "Annat"),
            ]),
        }
    }

    fn has_problem(&self, code: &str) -> bool {
        self.problems.iter().any(|c| c.code == code)
    }

    fn has_action(&self, code: &str) -> bool {
        self.actions.iter().any(|c| c.code == code)
    }
}

/// The longest IVPA time gain the form accepts, in minutes (the report's largest bucket is ≤40).
pub const MAX_MINUTES_BEFORE_AMBULANCE: u16 = 180;

/// Checks the values that are wrong whatever else the form says (ranges, unknown codes,
/// IVPA-only fields on another job type). Run on every save, so a typo is caught at once.
pub fn validate_values(form: &StatsForm, options: &FormOptions) -> Result<(), CommandError> {
    let mut e = Errors::default();
    value_checks(form, options, &mut e);
    e.into_result()
}

fn value_checks(form: &StatsForm, options: &FormOptions, e: &mut Errors) {
    if form.patient_age.is_some_and(|a| a > MAX_AGE) {
        e.push("form.patient_age", ErrorCode::OutOfRange, sv::AGE_RANGE);
    }
    if let Some(m) = form.minutes_before_ambulance
        && !(1..=MAX_MINUTES_BEFORE_AMBULANCE).contains(&m)
    {
        e.push(
            "form.minutes_before_ambulance",
            ErrorCode::OutOfRange,
            sv::MINUTES_RANGE,
        );
    }
    if let Some(p) = &form.problem
        && !options.has_problem(p)
    {
        e.push("form.problem", ErrorCode::Unknown, sv::UNKNOWN_CHOICE);
    }
    if let Some(actions) = &form.actions
        && actions.iter().any(|a| !options.has_action(a))
    {
        e.push("form.actions", ErrorCode::Unknown, sv::UNKNOWN_CHOICE);
    }
    let ivpa = form.job_type == Some(JobType::Ivpa);
    if form.job_type.is_some() && !ivpa {
        if form.arrival.is_some() {
            e.push("form.arrival", ErrorCode::NotApplicable, sv::IVPA_ONLY);
        }
        if form.minutes_before_ambulance.is_some() {
            e.push(
                "form.minutes_before_ambulance",
                ErrorCode::NotApplicable,
                sv::IVPA_ONLY,
            );
        }
        if form.outcome == Some(Outcome::Aborted) {
            e.push(
                "form.outcome",
                ErrorCode::NotApplicable,
                sv::ABORT_IVPA_ONLY,
            );
        }
    }
    if form.minutes_before_ambulance.is_some() && form.arrival.is_some_and(|a| a != Arrival::Before)
    {
        e.push(
            "form.minutes_before_ambulance",
            ErrorCode::NotApplicable,
            sv::MINUTES_ONLY_BEFORE,
        );
    }
    if ivpa && form.performer == Some(PerformerKind::Ambulance) {
        e.push(
            "form.performer",
            ErrorCode::NotApplicable,
            sv::IVPA_MUNICIPAL,
        );
    }
}

/// Checks a whole form before submission: the value checks plus what the job type and outcome
/// require. A declined job needs only type, requester and reason; an aborted IVPA job adds
/// performer and municipality; a done job needs every question, and IVPA adds the arrival and,
/// when the nurse came first, the minutes before the ambulance.
pub fn validate(form: &StatsForm, options: &FormOptions) -> Result<(), CommandError> {
    let mut e = Errors::default();
    value_checks(form, options, &mut e);
    let mut require = |present: bool, field: &str| {
        if !present {
            e.push(field, ErrorCode::Required, sv::REQUIRED);
        }
    };
    require(form.job_type.is_some(), "form.job_type");
    require(form.requester.is_some(), "form.requester");
    require(form.outcome.is_some(), "form.outcome");
    match form.outcome {
        Some(Outcome::Declined) => {
            require(
                form.declined_reason
                    .as_deref()
                    .is_some_and(|r| !r.trim().is_empty()),
                "form.declined_reason",
            );
        }
        Some(Outcome::Aborted) => {
            require(form.performer.is_some(), "form.performer");
            require(form.municipality.is_some(), "form.municipality");
        }
        Some(Outcome::Done) => {
            require(form.performer.is_some(), "form.performer");
            require(form.municipality.is_some(), "form.municipality");
            require(form.patient_sex.is_some(), "form.patient_sex");
            require(form.patient_age.is_some(), "form.patient_age");
            require(form.problem.is_some(), "form.problem");
            require(
                form.actions.as_ref().is_some_and(|a| !a.is_empty()),
                "form.actions",
            );
            require(form.right_care_level.is_some(), "form.right_care_level");
            require(form.stayed_home.is_some(), "form.stayed_home");
            require(form.info_matched.is_some(), "form.info_matched");
            require(form.prevented_visit.is_some(), "form.prevented_visit");
            require(form.benefit.is_some(), "form.benefit");
            if form.job_type == Some(JobType::Ivpa) {
                require(form.arrival.is_some(), "form.arrival");
                if form.arrival == Some(Arrival::Before) {
                    require(
                        form.minutes_before_ambulance.is_some(),
                        "form.minutes_before_ambulance",
                    );
                }
            }
        }
        None => {}
    }
    e.into_result()
}
