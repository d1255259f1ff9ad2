//! The job as an HL7 FHIR R4 (4.0.1) document `Bundle`, for journal systems that import FHIR.
//!
//! Shape (`type: "document"`, so the first entry is the Composition, as FHIR requires):
//! - **Composition** — the SBAR handover (LOINC 18761-7 *Transfer summary note*) with sections
//!   S, B, A, R in the nurse's words, the patient (Patient and the recorded age), the timeline
//!   (Encounter and the nurses), and sections that reference the vital signs and findings
//!   (8716-3), procedures (47519-4) and drugs given (29549-3), so every resource in the bundle
//!   is reachable from the document; its author is the nurse holding the job;
//! - **Patient** — with the personnummer (`urn:oid:1.2.752.129.2.1.3.1`) or samordningsnummer
//!   (`…3.3`), name and the birth date the number encodes while the identity is held; after a
//!   purge an anonymous Patient with only the recorded sex (nothing is made up), and the
//!   recorded age as an Observation (LOINC 30525-0);
//! - **Organization** — the unit (the Encounter's service provider, the document's custodian);
//!   **Practitioner** — each nurse the record names, with her display name from the unit's
//!   staff list, or only her user id when the list has no name for her;
//! - **Encounter** — status from the job's status, class from v3-ActCode per job type: `FLD`
//!   (field, on scene) for IVPA with priority `EM`, `HH` (home health) for the home visits;
//!   period from alarm to the closing step, the nurses, the unit, and a **Location**: with
//!   `position` only for a real fix; a missing position is a Location whose description says
//!   why, never a coordinate;
//! - **Observations** — per current vital-sign set, in HL7's R4 vital-signs profiles: a panel
//!   (85353-1, `vitalspanel`) whose members are only vital signs — respiratory rate 9279-1
//!   (`resprate`), heart rate 8867-4 (`heartrate`), SpO2 2708-6 + 59408-5 (`oxygensat`),
//!   blood pressure 85354-9 (`bp`) with systolic 8480-6 and diastolic 8462-4 components (a
//!   value not measured carries a `dataAbsentReason`), body temperature 8310-5 (`bodytemp`),
//!   UCUM units as the profiles fix them. Beside the panel, linked from the Composition:
//!   ACVPU as level of responsiveness 67775-7 with a SNOMED CT answer where one is certain,
//!   RLS-85 (no code exists: text and the level), GCS 9269-2 with its three parts and LOINC's
//!   answer codes, glucose 15074-8 (mmol/L), pain 72514-3, and the NEWS2 total (text code)
//!   derived from the set;
//! - **Procedures** — interventions, SNOMED CT coded only where the code is certain (CPR
//!   89666000, oxygen therapy 57485005), otherwise text;
//! - **MedicationAdministrations** — drug as text, dose as a UCUM quantity when the typed dose
//!   reads as a number and a known unit, route with its SNOMED CT route code.
//!
//! Every `fullUrl` is `urn:uuid:` + a UUID v5 of the job id and the resource's key (the entry
//! that recorded it), so exporting the same job twice names every resource the same way. A
//! practice job carries the security label `HTEST` (test health data) on every resource.

use super::{ExportContext, ExportError, current, said, times, withdrawn};
use crate::holder::Holder;
use crate::ids::JobId;
use crate::ids::UserId;
use crate::job::{JobType, Status, Step};
use crate::news2;
use crate::position::PositionFix;
use crate::record::{InterventionKind, Route, Sex};
use crate::sv;
use crate::timestamp::{Timestamp, Zone};
use crate::view::JobView;
use crate::vitals::{Acvpu, VitalSigns};
use serde_json::{Value, json};
use time::OffsetDateTime;
use uuid::Uuid;

/// The OID of Swedish personal identity numbers (personnummer).
pub const PERSONNUMMER_SYSTEM: &str = "urn:oid:1.2.752.129.2.1.3.1";
/// The OID of Swedish coordination numbers (samordningsnummer).
pub const SAMORDNINGSNUMMER_SYSTEM: &str = "urn:oid:1.2.752.129.2.1.3.3";
/// LOINC's code system URI.
pub const LOINC: &str = "http://loinc.org";
/// UCUM's code system URI.
pub const UCUM: &str = "http://unitsofmeasure.org";
/// SNOMED CT's code system URI.
pub const SNOMED: &str = "http://snomed.info/sct";
const OBSERVATION_CATEGORY: &str = "http://terminology.hl7.org/CodeSystem/observation-category";
const ACT_CODE: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
const ACT_REASON: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
const ACT_PRIORITY: &str = "http://terminology.hl7.org/CodeSystem/v3-ActPriority";
const DATA_ABSENT_REASON: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// A measured quantity the bundle carries: its LOINC code and the UCUM unit of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    /// The LOINC code.
    pub loinc: &'static str,
    /// LOINC's display name.
    pub display: &'static str,
    /// The UCUM code of the unit.
    pub ucum: &'static str,
    /// The unit as a reader sees it.
    pub unit: &'static str,
}

/// Respiratory rate, per minute.
pub const RESP_RATE: Measure = Measure {
    loinc: "9279-1",
    display: "Respiratory rate",
    ucum: "/min",
    unit: "/min",
};
/// Heart rate, per minute.
pub const HEART_RATE: Measure = Measure {
    loinc: "8867-4",
    display: "Heart rate",
    ucum: "/min",
    unit: "/min",
};
/// SpO2 by pulse oximetry, %; [`SPO2_ARTERIAL`] is coded beside it as the vital-signs
/// profile asks.
pub const SPO2: Measure = Measure {
    loinc: "59408-5",
    display: "Oxygen saturation in Arterial blood by Pulse oximetry",
    ucum: "%",
    unit: "%",
};
/// The vital-signs profile's SpO2 code.
pub const SPO2_ARTERIAL: Measure = Measure {
    loinc: "2708-6",
    display: "Oxygen saturation in Arterial blood",
    ucum: "%",
    unit: "%",
};
/// Systolic blood pressure, a component of [`BP_PANEL`].
pub const SYSTOLIC: Measure = Measure {
    loinc: "8480-6",
    display: "Systolic blood pressure",
    ucum: "mm[Hg]",
    unit: "mmHg",
};
/// Diastolic blood pressure, a component of [`BP_PANEL`].
pub const DIASTOLIC: Measure = Measure {
    loinc: "8462-4",
    display: "Diastolic blood pressure",
    ucum: "mm[Hg]",
    unit: "mmHg",
};
/// Body temperature, °C.
pub const TEMPERATURE: Measure = Measure {
    loinc: "8310-5",
    display: "Body temperature",
    ucum: "Cel",
    unit: "°C",
};
/// Blood glucose in substance concentration (Swedish care measures mmol/L, not mg/dL, so not
/// 2339-0).
pub const GLUCOSE: Measure = Measure {
    loinc: "15074-8",
    display: "Glucose [Moles/volume] in Blood",
    ucum: "mmol/L",
    unit: "mmol/l",
};
/// Pain on the 0–10 numeric rating scale.
pub const PAIN: Measure = Measure {
    loinc: "72514-3",
    display: "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
    ucum: "{score}",
    unit: "/10",
};
/// The patient's age in years.
pub const AGE: Measure = Measure {
    loinc: "30525-0",
    display: "Age",
    ucum: "a",
    unit: "år",
};

/// Every measure with a unit, for checking the LOINC/UCUM pairs in one place.
pub const MEASURES: [Measure; 10] = [
    RESP_RATE,
    HEART_RATE,
    SPO2,
    SPO2_ARTERIAL,
    SYSTOLIC,
    DIASTOLIC,
    TEMPERATURE,
    GLUCOSE,
    PAIN,
    AGE,
];

/// The vital-signs panel each set becomes.
pub const VITALS_PANEL: (&str, &str) = (
    "85353-1",
    "Vital signs, weight, height, head circumference, oxygen saturation and BMI panel",
);
/// The blood-pressure panel.
pub const BP_PANEL: (&str, &str) = ("85354-9", "Blood pressure panel with all children optional");
/// ACVPU, as LOINC's level of responsiveness (the AVPU question NEMSIS uses).
pub const RESPONSIVENESS: (&str, &str) = ("67775-7", "Level of responsiveness");
/// The Composition's type.
pub const TRANSFER_SUMMARY: (&str, &str) = ("18761-7", "Transfer summary note");

/// The Glasgow Coma Scale total, with its three parts as components.
pub const GCS_TOTAL: (&str, &str) = ("9269-2", "Glasgow coma score total");
/// GCS eye opening (a component of [`GCS_TOTAL`]).
pub const GCS_EYE: (&str, &str) = ("9267-6", "Glasgow coma score eye opening");
/// GCS verbal response.
pub const GCS_VERBAL: (&str, &str) = ("9270-0", "Glasgow coma score verbal");
/// GCS motor response.
pub const GCS_MOTOR: (&str, &str) = ("9268-4", "Glasgow coma score motor");

/// LOINC's answers for GCS eye opening (answer list LL355-9), score 1 first. Codes and
/// displays as published by LOINC (the same in HL7's GCS questionnaire example and NLM's
/// LHC-Forms GCS panel).
const GCS_EYE_ANSWERS: [(&str, &str); 4] = [
    ("LA6553-7", "No eye opening"),
    ("LA6554-5", "Eye opening to pain"),
    ("LA6555-2", "Eye opening to verbal command"),
    ("LA6556-0", "Eyes open spontaneously"),
];
/// LOINC's answers for GCS verbal response (LL356-7), score 1 first.
const GCS_VERBAL_ANSWERS: [(&str, &str); 5] = [
    (
        "LA6557-8",
        "No verbal response (>2 yrs); no vocal response (<=2 yrs)",
    ),
    ("LA6558-6", "Incomprehensible sounds"),
    ("LA6559-4", "Inappropriate words"),
    ("LA6560-2", "Confused"),
    ("LA6561-0", "Oriented"),
];
/// LOINC's answers for GCS motor response (LL357-5), score 1 first ("Withdrawl" is LOINC's
/// own spelling of the display).
const GCS_MOTOR_ANSWERS: [(&str, &str); 6] = [
    ("LA6562-8", "No motor response"),
    ("LA6563-6", "Extension to pain"),
    ("LA6564-4", "Flexion to pain"),
    ("LA6565-1", "Withdrawl from pain"),
    ("LA6566-9", "Localizing pain"),
    ("LA6567-7", "Obeys commands"),
];

/// The SNOMED CT finding for an ACVPU level, where one is certain. A, P and U are the
/// concepts of IHE's *Level of Responsiveness AVPU* value set (mobile Paramedicine Summary of
/// Care), expanded against SNOMED CT International; for V the published value sets disagree
/// (255373000 *Verbal*, a qualifier, or 300202002), and "new confusion" has none in them, so
/// those two go as text only rather than as a code that might be wrong in someone's journal.
pub fn acvpu_snomed(a: Acvpu) -> Option<(&'static str, &'static str)> {
    match a {
        Acvpu::Alert => Some(("248234008", "Mentally alert")),
        Acvpu::Pain => Some(("450847001", "Responds to pain")),
        Acvpu::Unresponsive => Some(("422768004", "Unresponsive")),
        Acvpu::Confusion | Acvpu::Voice => None,
    }
}

/// The job as a FHIR R4 document bundle (JSON).
pub fn bundle(view: &JobView, ctx: &ExportContext) -> Result<Value, ExportError> {
    let header = view.header.as_ref().ok_or(ExportError::NotCreated)?;
    let h = &header.value;
    let ids = Ids(view.id);
    let zone = ctx.zone;
    let dt = |at: Timestamp| date_time(at, zone);
    let meta = practice_meta(h.practice);
    let mut b = Builder::default();

    let patient = ids.urn("patient");
    let encounter = ids.urn("encounter");
    let location = ids.urn("location");
    let organization = ids.urn("organization");
    let subject = json!({ "reference": patient });
    let context = json!({ "reference": encounter });
    let unit = ctx.unit(view);
    let unit_ref = json!({ "reference": organization, "display": unit });

    // Every nurse the record names, once, as a Practitioner; references carry her name.
    let mut nurses: Vec<UserId> = Vec::new();
    let mut note_nurse = |u: &UserId| {
        if !nurses.contains(u) {
            nurses.push(u.clone());
        }
    };
    for x in view.holder_history() {
        if let Holder::Nurse(u) = &x.holder {
            note_nurse(u);
        }
    }
    current(&view.vitals).for_each(|i| note_nurse(&i.author));
    current(&view.interventions).for_each(|i| note_nurse(&i.author));
    current(&view.drugs).for_each(|i| note_nurse(&i.author));
    let nurse_ref = |u: &UserId| json!({ "reference": ids.urn(&format!("practitioner/{u}")), "display": ctx.nurse(u) });

    // Patient.
    let identity = &view.identity.value;
    let rec = &view.record.value;
    let mut p = json!({ "resourceType": "Patient" });
    if let Some(pnr) = &identity.personal_number {
        let system = if pnr.is_coordination_number() {
            SAMORDNINGSNUMMER_SYSTEM
        } else {
            PERSONNUMMER_SYSTEM
        };
        p["identifier"] = json!([{ "system": system, "value": pnr.digits() }]);
        if let Some(born) = pnr.birth_date() {
            p["birthDate"] = json!(format!(
                "{:04}-{:02}-{:02}",
                born.year(),
                u8::from(born.month()),
                born.day()
            ));
        }
    }
    if let Some(name) = said(&identity.name) {
        p["name"] = json!([{ "text": name }]);
    }
    if let Some(sex) = rec.patient_sex {
        p["gender"] = json!(match sex {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Unknown => "unknown",
        });
    }
    b.push(&patient, p, &meta);

    // The unit, and the nurses.
    b.push(
        &organization,
        json!({ "resourceType": "Organization", "active": true, "name": unit }),
        &meta,
    );
    for u in &nurses {
        let mut pr = json!({
            "resourceType": "Practitioner",
            "identifier": [{ "type": { "text": sv::EXPORT_USER_ID }, "value": u.as_str() }],
        });
        // An unknown user keeps only her id: no name is made up for her.
        if let Some(name) = ctx.nurse_name(u) {
            pr["name"] = json!([{ "text": name }]);
        }
        b.push(&ids.urn(&format!("practitioner/{u}")), pr, &meta);
    }

    // Location: a position only for a real fix.
    let mut loc = json!({
        "resourceType": "Location",
        "status": "active",
        "mode": "instance",
        "name": sv::EXPORT_PLACE_AT_ARRIVAL,
    });
    match &view.position {
        Some(fix) => {
            loc["description"] = json!(fix.value.describe_sv());
            if let PositionFix::Located { .. } = fix.value
                && let Some((lat, lon, _)) = fix.value.coordinates()
            {
                loc["position"] = json!({ "latitude": lat, "longitude": lon });
            }
            if let Some(m) = fix.value.municipality() {
                loc["address"] = json!({ "district": ctx.municipality(m), "country": "SE" });
            }
        }
        None => loc["description"] = json!(sv::EXPORT_NOT_RECORDED),
    }
    let location_text = loc["description"].clone();
    b.push(&location, loc, &meta);

    // Encounter: where the nurse met the patient. IVPA is met on scene (v3 `FLD`, field), the
    // other job types at the patient's home (`HH`, home health); none is an emergency
    // department (`EMER`). IVPA's urgency is the encounter's priority instead.
    let status = view.status();
    let (class_code, class_display) = match h.job_type {
        JobType::Ivpa => ("FLD", "field"),
        JobType::NurseLine | JobType::Assistance | JobType::MavaDirect => ("HH", "home health"),
    };
    let mut period = json!({ "start": dt(h.requested_at) });
    if let Some(end) = [Step::Complete, Step::Decline, Step::Abort]
        .into_iter()
        .find_map(|s| view.mark(s))
    {
        period["end"] = json!(dt(end.value.at));
    }
    let participants: Vec<Value> = view
        .holder_history()
        .iter()
        .filter_map(|x| match &x.holder {
            Holder::Nurse(u) => Some(json!({
                "individual": nurse_ref(u),
                "period": { "start": dt(x.since) },
            })),
            Holder::NextShift => None,
        })
        .collect();
    let mut enc = json!({
        "resourceType": "Encounter",
        "status": encounter_status(status),
        "class": { "system": ACT_CODE, "code": class_code, "display": class_display },
        "type": [{ "text": sv::job_type(h.job_type) }],
        "subject": subject,
        "period": period,
        "location": [{ "location": { "reference": location, "display": location_text } }],
        "serviceProvider": unit_ref,
    });
    if h.job_type == JobType::Ivpa {
        enc["priority"] = json!({
            "coding": [{ "system": ACT_PRIORITY, "code": "EM", "display": "emergency" }],
        });
    }
    if !participants.is_empty() {
        enc["participant"] = json!(participants);
    }
    if let Some(c) = said(&rec.chief_complaint) {
        enc["reasonCode"] = json!([{ "text": c }]);
    }
    b.push(&encounter, enc, &meta);

    // Observations.
    let obs = |key: &str, code: Value, category: &str, at: Timestamp| {
        json!({
            "resourceType": "Observation",
            "id": ids.id(key),
            "status": "final",
            "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": category }] }],
            "code": code,
            "subject": subject,
            "encounter": context,
            "effectiveDateTime": dt(at),
        })
    };
    let mut patient_refs = vec![json!({ "reference": patient })];
    if let Some(age) = rec.patient_age {
        let key = "age";
        let mut o = obs(
            key,
            loinc(AGE.loinc, AGE.display),
            "social-history",
            h.requested_at,
        );
        o["valueQuantity"] = quantity(f64::from(age), &AGE);
        let url = ids.urn(key);
        patient_refs.push(json!({ "reference": url }));
        b.push(&url, o, &meta);
    }
    let scale = view.spo2_scale();
    let mut vital_refs = Vec::new();
    for item in current(&view.vitals) {
        let v = &item.value;
        let Some(at) = v.taken_at else { continue };
        let base = format!("vitals/{}", item.entry);
        let performer = json!([nurse_ref(&item.author)]);
        let push = |key: &str, mut o: Value, b: &mut Builder| {
            o["performer"] = performer.clone();
            let url = ids.urn(key);
            b.push(&url, o, &meta);
            json!({ "reference": url })
        };
        // The vital signs proper: members of the set's panel, each in its HL7 profile.
        let members: Vec<Value> = vital_sign_members(v, &base, at, &obs)
            .into_iter()
            .map(|(key, o)| push(&key, o, &mut b))
            .collect();
        // The rest of the set: findings, a laboratory value and scores, which the panel may
        // not hold (its members must be vital signs); the Composition lists them.
        let others: Vec<(String, Value)> = other_findings(v, &base, at, &obs);
        let mut news2_inputs = members.clone();
        let mut other_refs = Vec::new();
        for (key, o) in others {
            let is_acvpu = key.ends_with(RESPONSIVENESS.0);
            let r = push(&key, o, &mut b);
            if is_acvpu {
                news2_inputs.push(r.clone());
            }
            other_refs.push(r);
        }
        if !members.is_empty() {
            let panel_key = format!("{base}/panel");
            let mut panel = obs(
                &panel_key,
                loinc(VITALS_PANEL.0, VITALS_PANEL.1),
                "vital-signs",
                at,
            );
            panel["hasMember"] = json!(members);
            vital_refs.push(push(&panel_key, panel, &mut b));
        }
        vital_refs.extend(other_refs);
        if !news2_inputs.is_empty() {
            let score = news2::score(v, scale);
            let news_key = format!("{base}/news2");
            let mut n = obs(&news_key, json!({ "text": "NEWS2" }), "survey", at);
            n["valueInteger"] = json!(score.total);
            n["interpretation"] = json!([{ "text": super::news2_words(&score) }]);
            n["derivedFrom"] = json!(news2_inputs);
            vital_refs.push(push(&news_key, n, &mut b));
        }
    }

    // Procedures.
    let mut procedure_refs = Vec::new();
    for i in current(&view.interventions) {
        let key = format!("intervention/{}", i.entry);
        let url = ids.urn(&key);
        let mut code = json!({ "text": sv::intervention(&i.value.kind) });
        if let Some((snomed, display)) = intervention_snomed(&i.value.kind) {
            code["coding"] = json!([{ "system": SNOMED, "code": snomed, "display": display }]);
        }
        let mut pr = json!({
            "resourceType": "Procedure",
            "id": ids.id(&key),
            "status": "completed",
            "code": code,
            "subject": subject,
            "encounter": context,
            "performedDateTime": dt(i.value.at),
            "performer": [{ "actor": nurse_ref(&i.author) }],
        });
        if !i.value.detail.trim().is_empty() {
            pr["note"] = json!([{ "text": i.value.detail.trim() }]);
        }
        procedure_refs.push(json!({ "reference": url }));
        b.push(&url, pr, &meta);
    }

    // Drugs given.
    let mut drug_refs = Vec::new();
    for d in current(&view.drugs) {
        let key = format!("drug/{}", d.entry);
        let url = ids.urn(&key);
        let g = &d.value;
        let mut route = json!({ "text": sv::route(g.route) });
        if let Some((code, display)) = route_snomed(g.route) {
            route["coding"] = json!([{ "system": SNOMED, "code": code, "display": display }]);
        }
        let mut dosage = json!({
            "text": format!("{} {}", g.dose.trim(), sv::route(g.route)),
            "route": route,
        });
        if let Some(q) = dose_quantity(&g.dose) {
            dosage["dose"] = q;
        }
        let ma = json!({
            "resourceType": "MedicationAdministration",
            "id": ids.id(&key),
            "status": "completed",
            "medicationCodeableConcept": { "text": g.drug.trim() },
            "subject": subject,
            "context": context,
            "effectiveDateTime": dt(g.at),
            "performer": [{ "actor": nurse_ref(&d.author) }],
            "dosage": dosage,
        });
        drug_refs.push(json!({ "reference": url }));
        b.push(&url, ma, &meta);
    }

    // The Composition: SBAR, then the patient, the timeline and the sections that reference
    // the rest, so every resource of the document is reachable from it.
    let s = &view.sbar.value;
    let mut sections = Vec::new();
    for (title, text) in [
        (sv::EXPORT_SBAR_S, &s.situation),
        (sv::EXPORT_SBAR_B, &s.background),
        (sv::EXPORT_SBAR_A, &s.assessment),
        (sv::EXPORT_SBAR_R, &s.recommendation),
    ] {
        let lines = [said(text).unwrap_or(sv::EXPORT_NOT_RECORDED).to_owned()];
        sections.push(json!({
            "title": title,
            "code": { "text": title },
            "text": narrative(&lines),
        }));
    }
    let mut handover = Vec::new();
    if let Some(r) = said(&s.recipient) {
        handover.push(format!("{}: {r}", sv::EXPORT_HANDED_TO));
    }
    if let Some(at) = s.handed_over_at {
        handover.push(format!("{}: {}", sv::EXPORT_HANDED_AT, ctx.date_time(at)));
    }
    if !handover.is_empty() {
        sections.push(json!({
            "title": sv::EXPORT_HANDED_TO,
            "text": narrative(&handover),
        }));
    }
    let mut patient_lines = Vec::new();
    if let Some(age) = rec.patient_age {
        patient_lines.push(format!("{}: {age} år", sv::EXPORT_AGE));
    }
    if patient_lines.is_empty() {
        patient_lines.push(sv::EXPORT_PATIENT.to_owned());
    }
    sections.push(json!({
        "title": sv::EXPORT_PATIENT,
        "text": narrative(&patient_lines),
        "entry": patient_refs,
    }));
    let time_lines: Vec<String> = times(view)
        .into_iter()
        .map(|(label, at, reason)| match reason {
            Some(r) => format!(
                "{label}: {} ({}: {r})",
                ctx.date_time(at),
                sv::EXPORT_REASON
            ),
            None => format!("{label}: {}", ctx.date_time(at)),
        })
        .collect();
    let holder_lines: Vec<String> = view
        .holder_history()
        .iter()
        .map(|x| format!("{}: {}", ctx.holder(&x.holder), ctx.date_time(x.since)))
        .collect();
    let mut time_lines = time_lines;
    if !holder_lines.is_empty() {
        time_lines.push(format!(
            "{}: {}",
            sv::EXPORT_NURSES,
            holder_lines.join(", ")
        ));
    }
    let mut times_entries = vec![json!({ "reference": encounter })];
    times_entries.extend(nurses.iter().map(&nurse_ref));
    sections.push(json!({
        "title": sv::EXPORT_TIMES,
        "text": narrative(&time_lines),
        "entry": times_entries,
    }));
    for (title, code, refs, withdrawn_n) in [
        (
            sv::EXPORT_VITALS,
            loinc("8716-3", "Vital signs"),
            vital_refs,
            withdrawn(&view.vitals),
        ),
        (
            sv::INTERVENTIONS,
            loinc("47519-4", "History of Procedures Document"),
            procedure_refs,
            withdrawn(&view.interventions),
        ),
        (
            sv::DRUGS,
            loinc("29549-3", "Medication administered Narrative"),
            drug_refs,
            withdrawn(&view.drugs),
        ),
    ] {
        let mut lines = vec![if refs.is_empty() {
            sv::EXPORT_NOT_RECORDED.to_owned()
        } else {
            format!("{} ({})", title, refs.len())
        }];
        lines.extend(super::withdrawn_note(withdrawn_n));
        let mut section = json!({ "title": title, "code": code, "text": narrative(&lines) });
        if !refs.is_empty() {
            section["entry"] = json!(refs);
        }
        sections.push(section);
    }
    let title = if h.practice {
        format!("ÖVNING – SBAR – {}", sv::job_type(h.job_type))
    } else {
        format!("SBAR – {}", sv::job_type(h.job_type))
    };
    let author = match view.holder() {
        Some(Holder::Nurse(u)) if nurses.contains(&u) => nurse_ref(&u),
        Some(Holder::Nurse(u)) => json!({ "display": ctx.nurse(&u) }),
        _ => unit_ref.clone(),
    };
    let composition = json!({
        "resourceType": "Composition",
        "id": ids.id("composition"),
        "status": if status.is_closed() { "final" } else { "preliminary" },
        "type": {
            "coding": [{ "system": LOINC, "code": TRANSFER_SUMMARY.0, "display": TRANSFER_SUMMARY.1 }],
            "text": sv::EXPORT_SHEET_TITLE,
        },
        "subject": subject,
        "encounter": context,
        "date": dt(ctx.generated_at),
        "author": [author],
        "title": title,
        "custodian": unit_ref,
        "section": sections,
    });
    let composition_url = ids.urn("composition");

    let mut entries = vec![entry(&composition_url, composition, &meta)];
    entries.extend(b.0);
    let mut bundle = json!({
        "resourceType": "Bundle",
        "id": ids.id(&format!("bundle/{}", ctx.generated_at.millis())),
        "identifier": {
            "system": "urn:ietf:rfc:3986",
            "value": ids.urn(&format!("bundle/{}", ctx.generated_at.millis())),
        },
        "type": "document",
        "timestamp": dt(ctx.generated_at),
        "entry": entries,
    });
    if let Some(m) = &meta {
        bundle["meta"] = m.clone();
    }
    Ok(bundle)
}

/// Makes one Observation: its key (for its id), code, category and time.
type ObsFn<'a> = dyn Fn(&str, Value, &str, Timestamp) -> Value + 'a;

/// The vital signs of one set that HL7's R4 vital-signs profiles cover, each keyed by the
/// set's entry and its code: respiratory rate, heart rate, SpO2, blood pressure and body
/// temperature, all of category `vital-signs`. A blood pressure with one of its two values
/// carries the other as a component with a `dataAbsentReason`, as the BP profile requires
/// both components.
fn vital_sign_members(
    v: &VitalSigns,
    base: &str,
    at: Timestamp,
    obs: &ObsFn<'_>,
) -> Vec<(String, Value)> {
    let simple = |m: &Measure, value: f64, codes: Value| {
        let key = format!("{base}/{}", m.loinc);
        let mut o = obs(&key, codes, "vital-signs", at);
        o["valueQuantity"] = quantity(value, m);
        (key, o)
    };
    let coded = |m: &Measure| loinc(m.loinc, m.display);
    let mut out = Vec::new();
    if let Some(x) = v.resp_rate {
        out.push(simple(&RESP_RATE, f64::from(x), coded(&RESP_RATE)));
    }
    if let Some(x) = v.pulse {
        out.push(simple(&HEART_RATE, f64::from(x), coded(&HEART_RATE)));
    }
    if let Some(x) = v.spo2 {
        let codes = json!({ "coding": [
            { "system": LOINC, "code": SPO2_ARTERIAL.loinc, "display": SPO2_ARTERIAL.display },
            { "system": LOINC, "code": SPO2.loinc, "display": SPO2.display },
        ]});
        let (key, mut o) = simple(&SPO2, f64::from(x), codes);
        if let Some(on) = v.on_oxygen {
            let words = if on { sv::ON_OXYGEN } else { sv::ON_AIR };
            o["note"] = json!([{ "text": format!("SpO2{words}") }]);
        }
        out.push((key, o));
    }
    if v.systolic.is_some() || v.diastolic.is_some() {
        let key = format!("{base}/{}", BP_PANEL.0);
        let mut o = obs(&key, loinc(BP_PANEL.0, BP_PANEL.1), "vital-signs", at);
        let components: Vec<Value> = [(&SYSTOLIC, v.systolic), (&DIASTOLIC, v.diastolic)]
            .into_iter()
            .map(|(m, x)| {
                let mut c = json!({ "code": loinc(m.loinc, m.display) });
                match x {
                    Some(x) => c["valueQuantity"] = quantity(f64::from(x), m),
                    // Not measured (a palpated systolic has no diastolic): said, not guessed.
                    None => {
                        c["dataAbsentReason"] = json!({
                            "coding": [{ "system": DATA_ABSENT_REASON, "code": "unknown", "display": "Unknown" }],
                            "text": sv::EXPORT_NOT_MEASURED,
                        })
                    }
                }
                c
            })
            .collect();
        o["component"] = json!(components);
        out.push((key, o));
    }
    if let Some(x) = v.temperature {
        out.push(simple(&TEMPERATURE, x.as_f64(), coded(&TEMPERATURE)));
    }
    out
}

/// The rest of one set: consciousness (ACVPU, RLS-85, GCS), glucose and pain, each keyed by
/// the set's entry and its code.
fn other_findings(
    v: &VitalSigns,
    base: &str,
    at: Timestamp,
    obs: &ObsFn<'_>,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    if let Some(x) = v.acvpu {
        let key = format!("{base}/{}", RESPONSIVENESS.0);
        let mut o = obs(&key, loinc(RESPONSIVENESS.0, RESPONSIVENESS.1), "exam", at);
        let mut answer = json!({ "text": format!("ACVPU: {}", sv::acvpu(x)) });
        if let Some((code, display)) = acvpu_snomed(x) {
            answer["coding"] = json!([{ "system": SNOMED, "code": code, "display": display }]);
        }
        o["valueCodeableConcept"] = answer;
        out.push((key, o));
    }
    if let Some(x) = v.rls85 {
        // RLS-85 has no code in LOINC or SNOMED CT: the scale is named in text, the level is
        // the value, and its meaning is said in words.
        let key = format!("{base}/rls85");
        let mut o = obs(&key, json!({ "text": sv::EXPORT_RLS85 }), "exam", at);
        o["valueInteger"] = json!(x);
        o["note"] = json!([{ "text": format!("RLS {x}: {}", sv::rls85(x)) }]);
        out.push((key, o));
    }
    if let Some(g) = v.gcs() {
        let key = format!("{base}/{}", GCS_TOTAL.0);
        let mut o = obs(&key, loinc(GCS_TOTAL.0, GCS_TOTAL.1), "exam", at);
        o["valueQuantity"] = json!({
            "value": g.total(), "unit": "{score}", "system": UCUM, "code": "{score}",
        });
        let part = |(code, display): (&str, &str), answers: &[(&str, &str)], score: u8| {
            let mut c = json!({ "code": loinc(code, display) });
            match answers.get(usize::from(score).wrapping_sub(1)) {
                Some((a, d)) => {
                    c["valueCodeableConcept"] = json!({
                        "coding": [{ "system": LOINC, "code": a, "display": d }],
                        "text": score.to_string(),
                    })
                }
                // Out of the scale's range (only an entry that bypassed the checks).
                None => c["valueInteger"] = json!(score),
            }
            c
        };
        o["component"] = json!([
            part(GCS_EYE, &GCS_EYE_ANSWERS, g.eye),
            part(GCS_VERBAL, &GCS_VERBAL_ANSWERS, g.verbal),
            part(GCS_MOTOR, &GCS_MOTOR_ANSWERS, g.motor),
        ]);
        out.push((key, o));
    }
    if let Some(x) = v.glucose {
        let key = format!("{base}/{}", GLUCOSE.loinc);
        let mut o = obs(
            &key,
            loinc(GLUCOSE.loinc, GLUCOSE.display),
            "laboratory",
            at,
        );
        o["valueQuantity"] = quantity(x.as_f64(), &GLUCOSE);
        out.push((key, o));
    }
    if let Some(x) = v.pain {
        let key = format!("{base}/{}", PAIN.loinc);
        let mut o = obs(&key, loinc(PAIN.loinc, PAIN.display), "survey", at);
        o["valueQuantity"] = quantity(f64::from(x), &PAIN);
        out.push((key, o));
    }
    out
}

/// The Encounter's status for the job's.
fn encounter_status(s: Status) -> &'static str {
    match s {
        Status::Requested | Status::Accepted | Status::EnRoute => "planned",
        Status::OnScene | Status::HandedOver => "in-progress",
        Status::Done => "finished",
        Status::Declined | Status::Aborted => "cancelled",
    }
}

/// SNOMED CT codes for the interventions whose concept is unambiguous; the others go as text
/// rather than as a code that might be wrong in someone's journal.
fn intervention_snomed(k: &InterventionKind) -> Option<(&'static str, &'static str)> {
    match k {
        InterventionKind::Cpr => Some(("89666000", "Cardiopulmonary resuscitation")),
        InterventionKind::Oxygen => Some(("57485005", "Oxygen therapy")),
        _ => None,
    }
}

/// SNOMED CT route-of-administration codes.
fn route_snomed(r: Route) -> Option<(&'static str, &'static str)> {
    match r {
        Route::Iv => Some(("47625008", "Intravenous route")),
        Route::Im => Some(("78421000", "Intramuscular route")),
        Route::Sc => Some(("34206005", "Subcutaneous route")),
        Route::Oral => Some(("26643006", "Oral route")),
        Route::Sublingual => Some(("37839007", "Sublingual route")),
        Route::Nasal => Some(("46713006", "Nasal route")),
        Route::Rectal => Some(("37161004", "Rectal route")),
        Route::Io => Some(("60213007", "Intraosseous route")),
        Route::Inhalation => None,
    }
}

/// A typed dose ("0,5 mg", "2,5mg", "10 ml") as a quantity: the leading number and the unit
/// after it, with its UCUM code when the unit is one Swedish doses are written in. `None` when
/// the dose does not start with a number or has no unit: then only the dosage text carries it.
pub(crate) fn dose_quantity(dose: &str) -> Option<Value> {
    let dose = dose.trim();
    let split = dose
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(dose.len());
    let (number, unit) = (&dose[..split], dose[split..].trim());
    let value: f64 = number.replace(',', ".").parse().ok()?;
    if unit.is_empty() || !value.is_finite() {
        return None;
    }
    let ucum = match unit {
        "mg" => Some("mg"),
        "g" => Some("g"),
        "µg" | "μg" | "mikrog" | "mcg" | "ug" => Some("ug"),
        "ml" | "mL" => Some("mL"),
        "l" | "L" => Some("L"),
        "mmol" => Some("mmol"),
        "E" | "IE" => Some("[iU]"),
        _ => None,
    };
    let mut q = json!({ "value": value, "unit": unit });
    if let Some(code) = ucum {
        q["system"] = json!(UCUM);
        q["code"] = json!(code);
    }
    Some(q)
}

fn loinc(code: &str, display: &str) -> Value {
    json!({ "coding": [{ "system": LOINC, "code": code, "display": display }] })
}

fn quantity(value: f64, m: &Measure) -> Value {
    json!({ "value": value, "unit": m.unit, "system": UCUM, "code": m.ucum })
}

/// Lines as a generated XHTML narrative, every text escaped.
fn narrative(lines: &[String]) -> Value {
    let body: String = lines
        .iter()
        .map(|l| format!("<p>{}</p>", super::escape_html(l)))
        .collect();
    json!({ "status": "generated", "div": format!("<div xmlns=\"{XHTML}\">{body}</div>") })
}

fn practice_meta(practice: bool) -> Option<Value> {
    practice.then(|| {
        json!({ "security": [{ "system": ACT_REASON, "code": "HTEST", "display": "test health data" }] })
    })
}

fn entry(url: &str, mut resource: Value, meta: &Option<Value>) -> Value {
    if let Some(m) = meta {
        resource["meta"] = m.clone();
    }
    json!({ "fullUrl": url, "resource": resource })
}

/// The bundle's entries after the Composition, in the order they were made.
#[derive(Default)]
struct Builder(Vec<Value>);

impl Builder {
    fn push(&mut self, url: &str, mut resource: Value, meta: &Option<Value>) {
        if resource.get("id").is_none()
            && let Some(id) = url.strip_prefix("urn:uuid:")
        {
            resource["id"] = json!(id);
        }
        self.0.push(entry(url, resource, meta));
    }
}

/// Resource names derived from the job: the same job and key give the same UUID on every
/// phone and every export, and different jobs never share one.
struct Ids(JobId);

impl Ids {
    fn uuid(&self, key: &str) -> Uuid {
        Uuid::new_v5(&self.0.0, key.as_bytes())
    }
    fn id(&self, key: &str) -> String {
        self.uuid(key).hyphenated().to_string()
    }
    fn urn(&self, key: &str) -> String {
        format!("urn:uuid:{}", self.uuid(key).hyphenated())
    }
}

/// A FHIR `dateTime`/`instant` to the second, at the zone's offset for that instant (so the
/// journal shows the clock time the nurse saw).
pub(crate) fn date_time(at: Timestamp, zone: Zone) -> String {
    let Ok(t) = OffsetDateTime::from_unix_timestamp(at.millis().div_euclid(1000)) else {
        // Outside what `time` represents (±9999 years): no journal holds such a time.
        return "1970-01-01T00:00:00Z".to_owned();
    };
    let t = t.to_offset(zone.offset_at(at));
    let (oh, om, _) = t.offset().as_hms();
    let sign = if oh < 0 || om < 0 { '-' } else { '+' };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        oh.unsigned_abs(),
        om.unsigned_abs()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// UCUM codes are case-sensitive and bracketed where UCUM says so; a LOINC code is digits,
    /// a hyphen and its check digit (mod 10).
    #[test]
    fn loinc_and_ucum_pairs_are_the_published_ones() {
        let expected = [
            ("9279-1", "/min"),
            ("8867-4", "/min"),
            ("59408-5", "%"),
            ("2708-6", "%"),
            ("8480-6", "mm[Hg]"),
            ("8462-4", "mm[Hg]"),
            ("8310-5", "Cel"),
            ("15074-8", "mmol/L"),
            ("72514-3", "{score}"),
            ("30525-0", "a"),
        ];
        let got: Vec<(&str, &str)> = MEASURES.iter().map(|m| (m.loinc, m.ucum)).collect();
        assert_eq!(got, expected);
        for code in MEASURES.iter().map(|m| m.loinc).chain([
            VITALS_PANEL.0,
            BP_PANEL.0,
            RESPONSIVENESS.0,
            TRANSFER_SUMMARY.0,
        ]) {
            assert!(loinc_check_digit_ok(code), "{code}");
        }
    }

    /// LOINC's check digit: the mod-10 algorithm over the digits before the hyphen.
    fn loinc_check_digit_ok(code: &str) -> bool {
        let Some((body, check)) = code.split_once('-') else {
            return false;
        };
        let digits: Vec<u32> = body.chars().filter_map(|c| c.to_digit(10)).collect();
        let mut sum = 0;
        for (i, d) in digits.iter().rev().enumerate() {
            let x = if i % 2 == 0 { d * 2 } else { *d };
            sum += x / 10 + x % 10;
        }
        check.parse::<u32>().ok() == Some((10 - sum % 10) % 10)
    }

    #[test]
    fn typed_doses_become_quantities_when_they_read_as_one() {
        assert_eq!(
            dose_quantity("0,5 mg"),
            Some(json!({ "value": 0.5, "unit": "mg", "system": UCUM, "code": "mg" }))
        );
        assert_eq!(
            dose_quantity("10ml"),
            Some(json!({ "value": 10.0, "unit": "ml", "system": UCUM, "code": "mL" }))
        );
        assert_eq!(
            dose_quantity("2 puffar"),
            Some(json!({ "value": 2.0, "unit": "puffar" }))
        );
        assert_eq!(dose_quantity("en tablett"), None);
        assert_eq!(dose_quantity("5"), None);
        assert_eq!(dose_quantity(",,, mg"), None);
    }

    #[test]
    fn times_carry_the_swedish_offset_of_their_instant() {
        // 2026-03-29 00:30 UTC is CET; 01:30 UTC the same night is CEST.
        let before = Timestamp(1_774_744_200_000);
        let after = Timestamp(before.0 + 3_600_000);
        assert_eq!(date_time(before, Zone::Sweden), "2026-03-29T01:30:00+01:00");
        assert_eq!(date_time(after, Zone::Sweden), "2026-03-29T03:30:00+02:00");
    }

    #[test]
    fn names_are_stable_and_per_job() {
        let a = Ids(JobId(Uuid::from_bytes([1; 16])));
        let b = Ids(JobId(Uuid::from_bytes([2; 16])));
        assert_eq!(a.urn("patient"), a.urn("patient"));
        assert_ne!(a.urn("patient"), b.urn("patient"));
        assert_ne!(a.urn("patient"), a.urn("encounter"));
        assert_eq!(a.uuid("x").get_version_num(), 5);
    }
}
