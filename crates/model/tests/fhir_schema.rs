//! The FHIR export against the official HL7 FHIR R4 JSON schema (`tests/fixtures`, see its
//! README for where it came from): bundles from a whole IVPA job, a missing position, a purged
//! identity, a practice job and generated callouts validate; broken bundles do not. Every
//! bundle valid here is also held to HL7's R4 vital-signs profiles and must have every
//! resource reachable from its Composition (`profile_check`, and `fhir_profiles.rs` for the
//! profiles' own tests).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;
mod export_jobs;
mod profile_check;

use common::*;
use export_jobs::*;
use flate2::read::GzDecoder;
use proptest::prelude::*;
use samverka_model::export::fhir::{self, PERSONNUMMER_SYSTEM};
use samverka_model::job::JobType;
use samverka_model::{Entry, EntryBody, JobView, MunicipalityId, UnitId};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::sync::OnceLock;

/// SHA-256 of the decompressed schema, as the fixtures' README records it.
const SCHEMA_SHA256: &str = "73bc879b1476fea7e096fd71c5fb5967d8c48cc9ffc28706f66613f6a82af3cb";

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let gz: &[u8] = include_bytes!("fixtures/fhir.schema.json.gz");
        let mut raw = Vec::new();
        GzDecoder::new(gz).read_to_end(&mut raw).unwrap();
        let hash: String = Sha256::digest(&raw)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hash, SCHEMA_SHA256, "the schema fixture changed");
        let schema: Value = serde_json::from_slice(&raw).unwrap();
        assert_eq!(schema["id"], "http://hl7.org/fhir/json-schema/4.0");
        assert_eq!(schema["$schema"], "http://json-schema.org/draft-06/schema#");
        jsonschema::draft6::new(&schema).unwrap()
    })
}

/// The schema's complaints about `bundle`, and about each entry's resource on its own (the
/// bundle-level error of a resource is only "not valid under any of the oneOf").
fn problems(bundle: &Value) -> Vec<String> {
    let v = validator();
    let mut out: Vec<String> = v
        .iter_errors(bundle)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect();
    for (i, entry) in bundle["entry"].as_array().into_iter().flatten().enumerate() {
        out.extend(
            v.iter_errors(&entry["resource"])
                .map(|e| format!("entry {i} {}: {e}", e.instance_path())),
        );
    }
    // The same bundle against HL7's vital-signs profiles, and the document's reachability.
    out.extend(
        profile_check::profiles()
            .check_bundle(bundle)
            .problems
            .iter()
            .map(|p| format!("profile: {p}")),
    );
    if bundle["type"] == "document" {
        out.extend(
            profile_check::unreachable(bundle)
                .into_iter()
                .map(|u| format!("not reachable from the Composition: {u}")),
        );
    }
    out
}

fn assert_valid(bundle: &Value) {
    let p = problems(bundle);
    assert!(
        p.is_empty(),
        "{}\n{}",
        p.join("\n"),
        serde_json::to_string_pretty(bundle).unwrap()
    );
}

fn bundle(view: &JobView) -> Value {
    fhir::bundle(view, &ctx()).unwrap()
}

fn resources<'a>(b: &'a Value, kind: &str) -> Vec<&'a Value> {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

#[test]
fn a_whole_ivpa_job_is_a_valid_r4_document() {
    let b = bundle(&ivpa(FULL));
    assert_valid(&b);
    assert_eq!(b["type"], "document");
    assert_eq!(b["entry"][0]["resource"]["resourceType"], "Composition");
    let comp = &b["entry"][0]["resource"];
    assert_eq!(comp["type"]["coding"][0]["code"], "18761-7");
    assert_eq!(comp["status"], "final");
    let titles: Vec<&str> = comp["section"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        &titles[..4],
        [
            "S – Situation",
            "B – Bakgrund",
            "A – Aktuellt tillstånd",
            "R – Rekommendation"
        ]
    );

    let patient = resources(&b, "Patient")[0];
    assert_eq!(patient["identifier"][0]["system"], PERSONNUMMER_SYSTEM);
    assert_eq!(patient["identifier"][0]["value"], "191212121212");
    assert_eq!(patient["birthDate"], "1912-12-12");
    assert_eq!(patient["gender"], "female");

    let enc = resources(&b, "Encounter")[0];
    assert_eq!(enc["status"], "finished");
    // On scene, not an emergency department: v3 `FLD`, with IVPA's urgency as the priority.
    assert_eq!(enc["class"]["code"], "FLD");
    assert_eq!(enc["priority"]["coding"][0]["code"], "EM");
    assert_eq!(enc["period"]["start"], "2026-03-14T03:58:00+01:00");
    assert_eq!(enc["period"]["end"], "2026-03-14T04:28:00+01:00");
    let loc = resources(&b, "Location")[0];
    assert_eq!(loc["position"]["latitude"], 58.7);
    assert_eq!(loc["position"]["longitude"], 11.34);

    // Three current vital-sign sets: the corrected one is not exported.
    let obs = resources(&b, "Observation");
    let coded = |code: &str| {
        obs.iter()
            .filter(|o| {
                o["code"]["coding"]
                    .as_array()
                    .is_some_and(|c| c.iter().any(|c| c["code"] == code))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(coded("85353-1").len(), 3);
    let pulses: Vec<&Value> = coded("8867-4")
        .iter()
        .map(|o| &o["valueQuantity"]["value"])
        .collect();
    assert_eq!(pulses, [&json!(118.0), &json!(96.0), &json!(104.0)]);
    let bp = coded("85354-9")[0];
    assert_eq!(bp["component"][0]["code"]["coding"][0]["code"], "8480-6");
    assert_eq!(bp["component"][0]["valueQuantity"]["code"], "mm[Hg]");
    assert_eq!(bp["component"][1]["code"]["coding"][0]["code"], "8462-4");
    // The third set's palpated systolic: the diastolic component says it is absent.
    let bp3 = coded("85354-9")[2];
    assert_eq!(bp3["component"][0]["valueQuantity"]["value"], 98.0);
    assert_eq!(bp3["component"][1].get("valueQuantity"), None);
    assert_eq!(
        bp3["component"][1]["dataAbsentReason"]["coding"][0]["code"],
        "unknown"
    );
    let gcs = coded("9269-2");
    assert_eq!(gcs.len(), 2);
    assert_eq!(gcs[1]["valueQuantity"]["value"], 14);
    assert_eq!(
        gcs[1]["component"][1]["code"]["coding"][0]["code"],
        "9270-0"
    );
    assert_eq!(
        gcs[1]["component"][1]["valueCodeableConcept"]["coding"][0]["code"],
        "LA6560-2"
    );
    let acvpu = coded("67775-7");
    assert_eq!(
        acvpu[0]["valueCodeableConcept"]["coding"][0]["code"],
        "248234008"
    );
    // New confusion has no certain SNOMED CT code: text only.
    assert_eq!(acvpu[2]["valueCodeableConcept"].get("coding"), None);
    assert_eq!(coded("8310-5")[0]["valueQuantity"]["code"], "Cel");
    assert_eq!(coded("8310-5")[0]["valueQuantity"]["value"], 38.4);
    assert_eq!(coded("15074-8")[0]["valueQuantity"]["code"], "mmol/L");
    assert_eq!(coded("2708-6")[0]["valueQuantity"]["code"], "%");
    assert_eq!(
        coded("9279-1")[0]["category"][0]["coding"][0]["code"],
        "vital-signs"
    );
    let news2: Vec<&&Value> = obs
        .iter()
        .filter(|o| o["code"]["text"] == "NEWS2")
        .collect();
    assert_eq!(news2.len(), 3);
    assert_eq!(news2[0]["valueInteger"], 8);

    let procs = resources(&b, "Procedure");
    assert_eq!(procs.len(), 2);
    assert_eq!(procs[0]["code"]["coding"][0]["code"], "57485005");
    assert_eq!(procs[1]["code"].get("coding"), None);
    let meds = resources(&b, "MedicationAdministration");
    assert_eq!(meds.len(), 2, "the retracted morphine is left out");
    assert_eq!(
        meds[0]["medicationCodeableConcept"]["text"],
        "Nitroglycerin"
    );
    assert_eq!(meds[0]["dosage"]["dose"]["value"], 0.4);
    assert_eq!(meds[0]["dosage"]["route"]["coding"][0]["code"], "37839007");

    // Every reference inside the document points at an entry of the bundle.
    let urls: Vec<&str> = b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["fullUrl"].as_str().unwrap())
        .collect();
    let text = b.to_string();
    for r in text.split("\"reference\":\"").skip(1) {
        let target = &r[..r.find('"').unwrap()];
        assert!(urls.contains(&target), "dangling {target}");
    }
    let mut unique = urls.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), urls.len());
}

#[test]
fn the_same_job_exports_the_same_names() {
    let a = bundle(&ivpa(FULL));
    let b = bundle(&ivpa(FULL));
    assert_eq!(a, b);
    let other = fhir::bundle(&job(JobType::Ivpa, job_id(2), FULL), &ctx()).unwrap();
    assert_ne!(a["entry"][1]["fullUrl"], other["entry"][1]["fullUrl"]);
}

#[test]
fn a_missing_position_has_no_coordinate_anywhere() {
    for position in [Some(false), None] {
        let b = bundle(&ivpa(Shape { position, ..FULL }));
        assert_valid(&b);
        let text = b.to_string();
        for word in ["latitude", "longitude", "\"position\"", "° N", "° E"] {
            assert!(!text.contains(word), "{word} in {text}");
        }
        let loc = resources(&b, "Location")[0];
        let why = loc["description"].as_str().unwrap();
        assert!(
            why == "Position saknas (appen fick inte använda platsen)" || why == "Ej dokumenterat",
            "{why}"
        );
    }
}

#[test]
fn a_purged_identity_gives_an_anonymous_patient() {
    let b = bundle(&ivpa(Shape {
        identity: false,
        ..FULL
    }));
    assert_valid(&b);
    let patient = resources(&b, "Patient")[0];
    let keys: Vec<&String> = patient.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["gender", "id", "resourceType"], "{patient}");
    let text = b.to_string();
    assert!(!text.contains("1212") && !text.contains("Tolvan"), "{text}");
    // The recorded age stays, as an observation, not as an invented birth date.
    let age = resources(&b, "Observation")
        .into_iter()
        .find(|o| o["code"]["coding"][0]["code"] == "30525-0")
        .unwrap();
    assert_eq!(age["valueQuantity"]["value"], 84.0);
    assert_eq!(age["valueQuantity"]["code"], "a");
}

#[test]
fn a_practice_job_is_labelled_test_data() {
    let b = bundle(&ivpa(Shape {
        practice: true,
        hostile: true,
        ..FULL
    }));
    assert_valid(&b);
    assert_eq!(b["meta"]["security"][0]["code"], "HTEST");
    for e in b["entry"].as_array().unwrap() {
        assert_eq!(e["resource"]["meta"]["security"][0]["code"], "HTEST");
    }
    assert!(
        b["entry"][0]["resource"]["title"]
            .as_str()
            .unwrap()
            .starts_with("ÖVNING")
    );
    // Hostile text stays text: escaped inside the narrative XHTML.
    let div = b["entry"][0]["resource"]["section"][0]["text"]["div"]
        .as_str()
        .unwrap();
    assert!(
        div.contains("&lt;script&gt;") && !div.contains("<script"),
        "{div}"
    );
}

#[test]
fn the_other_job_types_and_open_jobs_validate() {
    for t in [JobType::NurseLine, JobType::Assistance, JobType::MavaDirect] {
        let b = fhir::bundle(&job(t, job_id(3), FULL), &ctx()).unwrap();
        assert_valid(&b);
        let enc = resources(&b, "Encounter")[0];
        assert_eq!(enc["class"]["code"], "HH");
        assert_eq!(enc.get("priority"), None);
    }
    // A job still on scene: preliminary document, encounter in progress, no end.
    let mut w = Writer::new(1);
    let id = job_id(4);
    let log: Vec<Entry> = vec![
        w.write(id, at(0).0, EntryBody::JobCreated(header(JobType::Ivpa))),
        w.write(id, at(1).0, samverka_model::sample::tap(1, at(1))),
        w.write(id, at(2).0, samverka_model::sample::tap(2, at(2))),
        w.write(id, at(3).0, samverka_model::sample::tap(3, at(3))),
    ];
    let b = bundle(&JobView::fold(id, &log));
    assert_valid(&b);
    assert_eq!(b["entry"][0]["resource"]["status"], "preliminary");
    let enc = resources(&b, "Encounter")[0];
    assert_eq!(enc["status"], "in-progress");
    assert_eq!(enc["period"].get("end"), None);
}

/// A change that should make a valid bundle invalid.
type Breakage = Box<dyn Fn(&mut Value)>;

#[test]
fn the_schema_rejects_broken_bundles() {
    let good = bundle(&ivpa(FULL));
    assert_valid(&good);
    let obs_index = good["entry"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["resource"]["resourceType"] == "Observation")
        .unwrap();
    let loc_index = good["entry"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["resource"]["resourceType"] == "Location")
        .unwrap();
    let breakages: [(&str, Breakage); 5] = [
        ("bundle type", Box::new(|b| b["type"] = json!("dokument"))),
        (
            "a value as a string",
            Box::new(move |b| {
                b["entry"][obs_index]["resource"]["valueQuantity"]["value"] = json!("93")
            }),
        ),
        (
            "an unknown property",
            Box::new(move |b| b["entry"][loc_index]["resource"]["latitud"] = json!(58.7)),
        ),
        (
            "a date-time without a time zone",
            Box::new(|b| b["timestamp"] = json!("2026-03-14T04:10:00")),
        ),
        (
            "an unknown resource type",
            Box::new(|b| b["entry"][1]["resource"]["resourceType"] = json!("Patientt")),
        ),
    ];
    for (what, breaks) in breakages {
        let mut b = good.clone();
        breaks(&mut b);
        assert!(!validator().is_valid(&b), "{what} was accepted");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Generated callouts (the sample taps: steps, vital signs, notes, oxygen, SBAR, form) of
    /// any type and length export to valid bundles.
    #[test]
    fn generated_callouts_export_to_valid_bundles(
        type_index in 0usize..4,
        taps in 0u64..40,
        gap_minutes in 1i64..6,
    ) {
        let job_type = JobType::ALL[type_index];
        let id = job_id(5);
        let mut w = Writer::new(1);
        let head = samverka_model::sample::header(
            job_type,
            &UnitId::new("tanum-hsv"),
            &MunicipalityId::new("tanum"),
            at(0),
        );
        let mut log = vec![w.write(id, at(0).0, EntryBody::JobCreated(head))];
        for k in 1..=taps {
            let m = k as i64 * gap_minutes;
            log.push(w.write(id, at(m).0, samverka_model::sample::tap(k, at(m))));
        }
        let b = bundle(&JobView::fold(id, &log));
        let p = problems(&b);
        prop_assert!(p.is_empty(), "{}", p.join("\n"));
    }
}

#[test]
fn a_coordination_number_has_its_own_system() {
    let mut view = ivpa(FULL);
    view.identity.value.personal_number = Some(
        samverka_model::identity::PersonalNumber::try_from("191212721219".to_owned()).unwrap(),
    );
    let b = bundle(&view);
    assert_valid(&b);
    let patient = resources(&b, "Patient")[0];
    assert_eq!(
        patient["identifier"][0]["system"],
        fhir::SAMORDNINGSNUMMER_SYSTEM
    );
    assert_eq!(patient["identifier"][0]["value"], "191212721219");
    assert_eq!(patient["birthDate"], "1912-12-12");
    let text = samverka_model::export::text::journal_text(&view, &ctx()).unwrap();
    assert!(
        text.contains("\nSamordningsnummer: 19121272-1219\n"),
        "{text}"
    );
}
