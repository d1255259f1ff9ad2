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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// Done (utfört).
    Done,
    /// Declined (avböjt).
    Declined,
    /// Aborted by dispatch before arrival (IVPA only).
    Aborted,
}
crate::keyed!(Outcome {
    Done = "done",
    Declined = "declined",
    Aborted = "aborted",
});

/// Did the information given match what the nurse found?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
crate::keyed!(InfoMatched {
    No = "no",
    Yes = "yes",
    Well = "well",
    VeryWell = "very_well",
});

/// Which visit the job prevented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PreventedVisit {
    /// A visit to the emergency department.
    Emergency,
    /// A visit to a health centre or out-of-hours centre (VC/JC).
    PrimaryCare,
    /// None.
    None,
}
crate::keyed!(PreventedVisit {
    Emergency = "emergency",
    PrimaryCare = "primary_care",
    None = "none",
});

/// Benefit to the patient, five levels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
crate::keyed!(Benefit {
    None = "none",
    Little = "little",
    Some = "some",
    Good = "good",
    VeryGood = "very_good",
});

/// When the IVPA nurse arrived relative to the ambulance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
crate::keyed!(Arrival {
    Before = "before",
    Same = "same",
    After = "after",
    AfterRescue = "after_rescue",
});

/// The statistics form. Every field is optional while the nurse fills it in; [`validate`] says
/// what the job's type and outcome require before it can be submitted.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatsForm {
    /// Job type.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub job_type: Option<JobType>,
    /// Who asked.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub requester: Option<Requester>,
    /// Municipal nurse or ambulance.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub performer: Option<PerformerKind>,
    /// Municipality.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub municipality: Option<MunicipalityId>,
    /// Done, declined or aborted.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub outcome: Option<Outcome>,
    /// Why the job was declined.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub declined_reason: Option<String>,
    /// Patient's sex.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub patient_sex: Option<Sex>,
    /// Patient's age in years.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub patient_age: Option<u16>,
    /// The main problem, a code from the region's list.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub problem: Option<String>,
    /// Actions taken, codes from the region's list.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub actions: Option<Vec<String>>,
    /// Was the job at the right care level?
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub right_care_level: Option<bool>,
    /// Could the patient stay at home (false: needed a higher care level)?
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub stayed_home: Option<bool>,
    /// Did the information given match?
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub info_matched: Option<InfoMatched>,
    /// Which visit was prevented.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub prevented_visit: Option<PreventedVisit>,
    /// Benefit to the patient.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub benefit: Option<Benefit>,
    /// IVPA: arrival relative to the ambulance.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
    pub arrival: Option<Arrival>,
    /// IVPA, arrived before the ambulance: estimated minutes before it.
    #[serde(default, skip_serializing_if = "crate::wire::none")]
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

/// A requester the form offers, with the job types it asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequesterChoice {
    /// The stored code.
    pub code: Requester,
    /// The Swedish label.
    pub label_sv: String,
    /// The job types this requester asks for; the form offers it only for those.
    pub job_types: Vec<JobType>,
}

/// Which of the form's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    /// The problem (the reason for the job).
    Problem,
    /// The actions taken.
    Action,
    /// Who asked.
    Requester,
}
crate::keyed!(ListKind {
    Problem = "problem",
    Action = "action",
    Requester = "requester",
});

impl ListKind {
    /// Every list, in the form's order.
    pub const ALL: [ListKind; 3] = [ListKind::Requester, ListKind::Problem, ListKind::Action];
}

/// One version of the lists the form offers: content the region publishes (`content/form/`),
/// so another region, or the next year's form, needs no new app. A version is in force from
/// its `valid_from` day until the next version's; a job is asked the lists in force on its
/// day ([`FormLists::in_force`]). [`FormOptions::sample`] is the list from the Fyrbodal
/// reports, for tests.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormOptions {
    /// The version's name, e.g. `2025`.
    #[serde(default)]
    pub version: String,
    /// The first day it is in force, `YYYY-MM-DD`.
    #[serde(default)]
    pub valid_from: String,
    /// Problems (the reason for the job).
    pub problems: Vec<Choice>,
    /// Actions taken.
    pub actions: Vec<Choice>,
    /// Who may ask, per job type.
    #[serde(default)]
    pub requesters: Vec<RequesterChoice>,
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
    /// The problems and actions named in the 2025 annual report and the 2026 quarterly figures,
    /// and the requesters of the four job types. Test data: the app and the region read the
    /// lists from the published content.
    pub fn sample() -> Self {
        use JobType::{Assistance, Ivpa, MavaDirect, NurseLine};
        let requester = |code: Requester, label: &str, job_types: &[JobType]| RequesterChoice {
            code,
            label_sv: label.to_owned(),
            job_types: job_types.to_vec(),
        };
        Self {
            version: "sample".to_owned(),
            valid_from: "2018-01-01".to_owned(),
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
            requesters: vec![
                requester(Requester::NURSE_LINE, "1177", &[NurseLine]),
                requester(
                    Requester::DISPATCH,
                    "SOS Alarm / Sjukvårdens larmcentral",
                    &[Ivpa, Assistance],
                ),
                requester(
                    Requester::MUNICIPAL_PRIMARY_CARE,
                    "Kommunal primärvård",
                    &[Assistance],
                ),
                requester(
                    Requester::HOME_CARE,
                    "Hemtjänst / trygghetslarm",
                    &[Assistance],
                ),
                requester(Requester::AMBULANCE, "Ambulans", &[Assistance, MavaDirect]),
                requester(
                    Requester::MOBILE_TEAM,
                    "Mobilt närsjukvårdsteam",
                    &[Assistance, MavaDirect],
                ),
                requester(Requester::MAVA, "MÄVA", &[Assistance]),
                requester(
                    Requester::HEALTH_CENTRE,
                    "Vårdcentral / jourcentral",
                    &[Assistance, MavaDirect],
                ),
            ],
        }
    }

    /// The list's codes, in the form's order.
    pub fn codes(&self, kind: ListKind) -> Vec<&str> {
        match kind {
            ListKind::Problem => self.problems.iter().map(|c| c.code.as_str()).collect(),
            ListKind::Action => self.actions.iter().map(|c| c.code.as_str()).collect(),
            ListKind::Requester => self.requesters.iter().map(|c| c.code.as_str()).collect(),
        }
    }

    /// The label of `code` in the list, if the list has it.
    pub fn label(&self, kind: ListKind, code: &str) -> Option<&str> {
        match kind {
            ListKind::Problem => find_label(&self.problems, code),
            ListKind::Action => find_label(&self.actions, code),
            ListKind::Requester => self
                .requesters
                .iter()
                .find(|c| c.code.as_str() == code)
                .map(|c| c.label_sv.as_str()),
        }
    }

    /// The requesters offered for a job of type `t`, in the list's order.
    pub fn requesters_for(&self, t: JobType) -> impl Iterator<Item = &RequesterChoice> {
        self.requesters
            .iter()
            .filter(move |r| r.job_types.contains(&t))
    }

    fn has(&self, kind: ListKind, code: &str) -> bool {
        self.label(kind, code).is_some()
    }
}

fn find_label<'a>(list: &'a [Choice], code: &str) -> Option<&'a str> {
    list.iter()
        .find(|c| c.code == code)
        .map(|c| c.label_sv.as_str())
}

/// The longest code a list may hold.
pub const MAX_CODE_LEN: usize = 40;

/// Whether `s` can be a code of the form's lists: 1–40 of `a`–`z`, `0`–`9` and `_`. Checked
/// where no list is at hand (a phone before its first content), so nothing else (a formula, a
/// tag, a space) is ever stored as a code.
pub fn is_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_CODE_LEN
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Every version of the form's lists the region has published, oldest first: a job is asked,
/// checked and labelled with the version in force on its day, so a form keeps the words it was
/// filled in with after next year's lists arrive.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormLists {
    /// The versions, by `valid_from`.
    pub versions: Vec<FormOptions>,
}

impl FormLists {
    /// The lists of `versions`, put in `valid_from` order.
    pub fn new(mut versions: Vec<FormOptions>) -> Self {
        versions.sort_by(|a, b| a.valid_from.cmp(&b.valid_from));
        Self { versions }
    }

    /// Whether no version is published.
    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// The version in force on `date` (`YYYY-MM-DD`): the last one from that day or before; a
    /// day before the first version (an old paper form) gets the first. `None` when no version
    /// is published.
    pub fn in_force(&self, date: &str) -> Option<&FormOptions> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.valid_from.as_str() <= date)
            .or_else(|| self.versions.first())
    }

    /// The version in force for a job requested at `at` (its day in Swedish time, as the
    /// statistics count it).
    pub fn for_job(&self, at: crate::Timestamp) -> Option<&FormOptions> {
        self.in_force(&at.date(crate::timestamp::Zone::Sweden))
    }

    /// The versions in force on some day of the period `[from, to)` (either end open), newest
    /// first.
    pub fn in_period<'a>(
        &'a self,
        from: Option<&'a str>,
        to: Option<&'a str>,
    ) -> impl Iterator<Item = &'a FormOptions> + 'a {
        let n = self.versions.len();
        (0..n).rev().filter_map(move |i| {
            let v = &self.versions[i];
            // The first version stands for every day before it too.
            let starts_before_end = i == 0 || to.is_none_or(|t| v.valid_from.as_str() < t);
            let ends_after_start = self
                .versions
                .get(i + 1)
                .is_none_or(|next| from.is_none_or(|f| next.valid_from.as_str() > f));
            (starts_before_end && ends_after_start).then_some(v)
        })
    }

    /// How `code` of `kind` is shown for the jobs of the period `[from, to)`: its label in the
    /// newest version in force then that has it; a code no such version has is said to be
    /// unknown, with the code (never dropped, never guessed).
    pub fn label(
        &self,
        kind: ListKind,
        code: &str,
        from: Option<&str>,
        to: Option<&str>,
    ) -> String {
        self.in_period(from, to)
            .find_map(|v| v.label(kind, code))
            .map_or_else(|| unknown_label(code), str::to_owned)
    }

    /// The label of `code` of `kind` for a job of `date`.
    pub fn label_on(&self, kind: ListKind, code: &str, date: &str) -> String {
        self.in_force(date)
            .and_then(|v| v.label(kind, code))
            .map_or_else(|| unknown_label(code), str::to_owned)
    }
}

/// How a code no list in force has is shown: "Okänd kod (abdominal_pain)".
pub fn unknown_label(code: &str) -> String {
    format!("{} ({code})", sv::UNKNOWN_CODE)
}

/// The longest IVPA time gain the form accepts, in minutes (the report's largest bucket is ≤40).
pub const MAX_MINUTES_BEFORE_AMBULANCE: u16 = 180;

/// Checks the values that are wrong whatever else the form says (ranges, codes not in the
/// lists in force, a requester that does not ask for the job's type, IVPA-only fields on
/// another job type). Run on every save, so a typo is caught at once. `options` are the lists
/// in force for the job's day; `None` (no lists yet) checks only that codes are codes.
pub fn validate_values(
    form: &StatsForm,
    options: Option<&FormOptions>,
) -> Result<(), CommandError> {
    let mut e = Errors::default();
    value_checks(form, options, &mut e);
    e.into_result()
}

fn value_checks(form: &StatsForm, options: Option<&FormOptions>, e: &mut Errors) {
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
    // Without lists (a phone before its first content) a code is only checked for its form;
    // the region checks it against the lists in force.
    let known = |kind: ListKind, code: &str| options.map_or(is_code(code), |o| o.has(kind, code));
    if let Some(p) = &form.problem
        && !known(ListKind::Problem, p)
    {
        e.push("form.problem", ErrorCode::Unknown, sv::UNKNOWN_CHOICE);
    }
    if let Some(actions) = &form.actions
        && actions.iter().any(|a| !known(ListKind::Action, a))
    {
        e.push("form.actions", ErrorCode::Unknown, sv::UNKNOWN_CHOICE);
    }
    if let Some(r) = &form.requester {
        if !known(ListKind::Requester, r.as_str()) {
            e.push("form.requester", ErrorCode::Unknown, sv::UNKNOWN_CHOICE);
        } else if let (Some(o), Some(t)) = (options, form.job_type)
            && !o.requesters_for(t).any(|c| c.code == *r)
        {
            e.push(
                "form.requester",
                ErrorCode::NotApplicable,
                sv::REQUESTER_NOT_FOR_TYPE,
            );
        }
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
pub fn validate(form: &StatsForm, options: Option<&FormOptions>) -> Result<(), CommandError> {
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn with_requester(t: JobType, r: Requester) -> StatsForm {
        StatsForm {
            job_type: Some(t),
            requester: Some(r),
            ..StatsForm::default()
        }
    }

    #[test]
    fn a_requester_is_asked_from_the_lists_for_its_job_type() {
        let o = FormOptions::sample();
        validate_values(
            &with_requester(JobType::Ivpa, Requester::DISPATCH),
            Some(&o),
        )
        .unwrap();
        let err = validate_values(
            &with_requester(JobType::Ivpa, Requester::NURSE_LINE),
            Some(&o),
        )
        .unwrap_err();
        assert_eq!(err.errors[0].field, "form.requester");
        assert_eq!(err.errors[0].code, ErrorCode::NotApplicable);
        let err = validate_values(
            &with_requester(JobType::Assistance, Requester::new("neighbour")),
            Some(&o),
        )
        .unwrap_err();
        assert_eq!(err.errors[0].code, ErrorCode::Unknown);
        // Without lists: any code, nothing that is not one.
        validate_values(
            &with_requester(JobType::Assistance, Requester::new("neighbour")),
            None,
        )
        .unwrap();
        let not_a_code = StatsForm {
            problem: Some("Bröstsmärta".into()),
            ..StatsForm::default()
        };
        assert!(validate_values(&not_a_code, None).is_err());
        // Every job type's usual requester is offered for it.
        for t in JobType::ALL {
            for p in [PerformerKind::Municipal, PerformerKind::Ambulance] {
                let r = t.usual_requester(p);
                assert!(o.requesters_for(t).any(|c| c.code == r), "{t:?} {r}");
            }
        }
    }
}
