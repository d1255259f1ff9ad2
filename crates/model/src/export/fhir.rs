//! The job as an HL7 FHIR R4 (4.0.1) document `Bundle`, for journal systems that import FHIR.
//!
//! Shape (`type: "document"`, so the first entry is the Composition, as FHIR requires):
//! - **Composition** — the SBAR handover (LOINC 18761-7 *Transfer summary note*) with sections
//!   S, B, A, R in the nurse's words, the timeline, and sections that reference the vital signs
//!   (8716-3), procedures (47519-4) and drugs given (29549-3), so every resource in the bundle
//!   is reachable from the document;
//! - **Patient** — with the personnummer (`urn:oid:1.2.752.129.2.1.3.1`) or samordningsnummer
//!   (`…3.3`), name and the birth date the number encodes while the identity is held; after a
//!   purge an anonymous Patient with only the recorded sex (nothing is made up), and the
//!   recorded age as an Observation (LOINC 30525-0);
//! - **Encounter** — status from the job's status, class `EMER` (IVPA) or `HH` (home visits)
//!   from v3-ActCode, period from alarm to the closing step, the nurses, the unit, and a
//!   **Location**: with `position` only for a real fix; a missing position is a Location
//!   whose description says why, never a coordinate;
//! - **Observations** — per current vital-sign set a vital-signs panel (85353-1) with members:
//!   respiratory rate 9279-1, heart rate 8867-4, SpO2 59408-5 + 2708-6, blood pressure panel
//!   85354-9 with systolic 8480-6 / diastolic 8462-4 components, body temperature 8310-5,
//!   ACVPU as level of responsiveness 67775-7, RLS-85 (no LOINC code: text), glucose 15074-8
//!   (mmol/L), pain 72514-3, and the NEWS2 total (text code) derived from them; UCUM units;
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
use crate::job::{JobType, Status, Step};
use crate::news2;
use crate::position::PositionFix;
use crate::record::{InterventionKind, Route, Sex};
use crate::sv;
use crate::timestamp::{Timestamp, Zone};
use crate::view::JobView;
use crate::vitals::VitalSigns;
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
    let subject = json!({ "reference": patient });
    let context = json!({ "reference": encounter });

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

    // Encounter.
    let status = view.status();
    let (class_code, class_display) = match h.job_type {
        JobType::Ivpa => ("EMER", "emergency"),
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
                "individual": { "display": ctx.nurse(u) },
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
        "serviceProvider": { "display": ctx.unit(view) },
    });
    if !participants.is_empty() {
        enc["participant"] = json!(participants);
    }
    if let Some(c) = said(&rec.chief_complaint) {
        enc["reasonCode"] = json!([{ "text": c }]);
    }
    b.push(&encounter, enc, &meta);

    // Observations.
    let obs = |key: String, code: Value, category: &str, at: Timestamp| {
        json!({
            "resourceType": "Observation",
            "id": ids.id(&key),
            "status": "final",
            "category": [{ "coding": [{ "system": OBSERVATION_CATEGORY, "code": category }] }],
            "code": code,
            "subject": subject,
            "encounter": context,
            "effectiveDateTime": dt(at),
        })
    };
    let mut vital_refs = Vec::new();
    if let Some(age) = rec.patient_age {
        let key = "age".to_owned();
        let mut o = obs(
            key.clone(),
            loinc(AGE.loinc, AGE.display),
            "social-history",
            h.requested_at,
        );
        o["valueQuantity"] = quantity(f64::from(age), &AGE);
        b.push(&ids.urn(&key), o, &meta);
    }
    let scale = view.spo2_scale();
    for item in current(&view.vitals) {
        let v = &item.value;
        let Some(at) = v.taken_at else { continue };
        let base = format!("vitals/{}", item.entry);
        let performer = json!([{ "display": ctx.nurse(&item.author) }]);
        let mut members = Vec::new();
        for (key, mut o) in vital_members(v, &base, at, &obs) {
            o["performer"] = performer.clone();
            let url = ids.urn(&key);
            members.push(json!({ "reference": url }));
            b.push(&url, o, &meta);
        }
        if members.is_empty() {
            continue;
        }
        let score = news2::score(v, scale);
        let news_key = format!("{base}/news2");
        let mut n = obs(news_key.clone(), json!({ "text": "NEWS2" }), "survey", at);
        n["valueInteger"] = json!(score.total);
        n["interpretation"] = json!([{ "text": super::news2_words(&score) }]);
        n["derivedFrom"] = json!(members);
        n["performer"] = performer.clone();
        let news_url = ids.urn(&news_key);
        b.push(&news_url, n, &meta);

        let panel_key = format!("{base}/panel");
        let mut panel = obs(
            panel_key.clone(),
            loinc(VITALS_PANEL.0, VITALS_PANEL.1),
            "vital-signs",
            at,
        );
        let mut all = members.clone();
        all.push(json!({ "reference": news_url }));
        panel["hasMember"] = json!(all);
        panel["performer"] = performer;
        let panel_url = ids.urn(&panel_key);
        vital_refs.push(json!({ "reference": panel_url }));
        b.push(&panel_url, panel, &meta);
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
            "performer": [{ "actor": { "display": ctx.nurse(&i.author) } }],
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
            "performer": [{ "actor": { "display": ctx.nurse(&d.author) } }],
            "dosage": dosage,
        });
        drug_refs.push(json!({ "reference": url }));
        b.push(&url, ma, &meta);
    }

    // The Composition: SBAR, then the timeline and the sections that reference the rest.
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
    sections.push(json!({
        "title": sv::EXPORT_TIMES,
        "text": narrative(&time_lines),
        "entry": [{ "reference": encounter }],
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
        Some(Holder::Nurse(u)) => ctx.nurse(&u),
        _ => ctx.unit(view),
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
        "author": [{ "display": author }],
        "title": title,
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

/// The members of one vital-sign set, each keyed by the set's entry and its code.
fn vital_members(
    v: &VitalSigns,
    base: &str,
    at: Timestamp,
    obs: &dyn Fn(String, Value, &str, Timestamp) -> Value,
) -> Vec<(String, Value)> {
    let simple = |m: &Measure, value: f64, category: &str, codes: Value| {
        let key = format!("{base}/{}", m.loinc);
        let mut o = obs(key.clone(), codes, category, at);
        o["valueQuantity"] = quantity(value, m);
        (key, o)
    };
    let coded = |m: &Measure| loinc(m.loinc, m.display);
    let mut out = Vec::new();
    if let Some(x) = v.resp_rate {
        out.push(simple(
            &RESP_RATE,
            f64::from(x),
            "vital-signs",
            coded(&RESP_RATE),
        ));
    }
    if let Some(x) = v.pulse {
        out.push(simple(
            &HEART_RATE,
            f64::from(x),
            "vital-signs",
            coded(&HEART_RATE),
        ));
    }
    if let Some(x) = v.spo2 {
        let codes = json!({ "coding": [
            { "system": LOINC, "code": SPO2_ARTERIAL.loinc, "display": SPO2_ARTERIAL.display },
            { "system": LOINC, "code": SPO2.loinc, "display": SPO2.display },
        ]});
        let (key, mut o) = simple(&SPO2, f64::from(x), "vital-signs", codes);
        if let Some(on) = v.on_oxygen {
            let words = if on { sv::ON_OXYGEN } else { sv::ON_AIR };
            o["note"] = json!([{ "text": format!("SpO2{words}") }]);
        }
        out.push((key, o));
    }
    if let Some(x) = v.temperature {
        out.push(simple(
            &TEMPERATURE,
            x.as_f64(),
            "vital-signs",
            coded(&TEMPERATURE),
        ));
    }
    if let Some(x) = v.glucose {
        out.push(simple(&GLUCOSE, x.as_f64(), "laboratory", coded(&GLUCOSE)));
    }
    if let Some(x) = v.pain {
        out.push(simple(&PAIN, f64::from(x), "survey", coded(&PAIN)));
    }
    if v.systolic.is_some() || v.diastolic.is_some() {
        let key = format!("{base}/{}", BP_PANEL.0);
        let mut o = obs(
            key.clone(),
            loinc(BP_PANEL.0, BP_PANEL.1),
            "vital-signs",
            at,
        );
        let components: Vec<Value> = [(&SYSTOLIC, v.systolic), (&DIASTOLIC, v.diastolic)]
            .into_iter()
            .filter_map(|(m, x)| {
                x.map(|x| {
                    json!({
                        "code": loinc(m.loinc, m.display),
                        "valueQuantity": quantity(f64::from(x), m),
                    })
                })
            })
            .collect();
        o["component"] = json!(components);
        out.push((key, o));
    }
    if let Some(x) = v.acvpu {
        let key = format!("{base}/{}", RESPONSIVENESS.0);
        let mut o = obs(
            key.clone(),
            loinc(RESPONSIVENESS.0, RESPONSIVENESS.1),
            "exam",
            at,
        );
        o["valueCodeableConcept"] = json!({ "text": format!("ACVPU: {}", sv::acvpu(x)) });
        out.push((key, o));
    }
    if let Some(x) = v.rls85 {
        let key = format!("{base}/rls85");
        let mut o = obs(key.clone(), json!({ "text": "RLS-85" }), "exam", at);
        o["valueInteger"] = json!(x);
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
