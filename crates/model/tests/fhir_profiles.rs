//! The FHIR export against HL7's official R4 vital-signs profiles (`vitalsigns`,
//! `vitalspanel`, `bp`, `resprate`, `heartrate`, `oxygensat`, `bodytemp`), read from their
//! published StructureDefinitions (`tests/fixtures`, provenance in its README) by the checker
//! in `profile_check`: a whole IVPA job and a practice job conform with no problem, every
//! resource is reachable from the Composition, and bundles the profiles must refuse are
//! refused, each for its reason.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;
mod export_jobs;
mod profile_check;

use common::*;
use export_jobs::*;
use profile_check::{Problem, profiles, unreachable};
use samverka_model::export::fhir;
use samverka_model::job::JobType;
use samverka_model::{Entry, EntryBody, JobView, MunicipalityId, UnitId};
use serde_json::{Value, json};

fn bundle(view: &JobView) -> Value {
    fhir::bundle(view, &ctx()).unwrap()
}

/// Checks a bundle and says what was checked.
fn assert_conforms(b: &Value) -> profile_check::Report {
    let report = profiles().check_bundle(b);
    let listed: Vec<String> = report.problems.iter().map(Problem::to_string).collect();
    assert!(listed.is_empty(), "{}", listed.join("\n"));
    assert_eq!(unreachable(b), Vec::<String>::new(), "not reachable");
    report
}

/// The index of the `n`th entry whose Observation code carries `code`.
fn nth_coded(b: &Value, code: &str, n: usize) -> usize {
    b["entry"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e["resource"]["code"]["coding"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c["code"] == code))
        })
        .nth(n)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("no {code} #{n}"))
}

#[test]
fn the_definitions_are_hl7s_r4_profiles() {
    let p = profiles();
    // Loading checked the fixture's hash, found all seven and their FHIR version (4.0.1). An
    // Observation with only the BP code is held to `bp` and its base, and breaks both.
    let empty = json!({ "resourceType": "Bundle", "entry": [{
        "fullUrl": "urn:x",
        "resource": {
            "resourceType": "Observation",
            "code": { "coding": [{ "system": "http://loinc.org", "code": "85354-9" }] },
        },
    }]});
    let report = p.check_bundle(&empty);
    assert_eq!(report.applied["urn:x"], ["bp", "vitalsigns"]);
    let rules: Vec<(&str, &str, &str)> = report
        .problems
        .iter()
        .map(|p| (p.profile.as_str(), p.element.as_str(), p.rule.as_str()))
        .collect();
    for want in [
        ("bp", "Observation.status", "min"),
        ("bp", "Observation.category", "min"),
        ("bp", "Observation.category:VSCat", "min"),
        ("bp", "Observation.subject", "min"),
        ("bp", "Observation.effective[x]", "min"),
        ("bp", "Observation.component", "min"),
        ("bp", "Observation.component:SystolicBP", "min"),
        ("bp", "Observation.component:DiastolicBP", "min"),
        ("vitalsigns", "Observation.subject", "min"),
    ] {
        assert!(rules.contains(&want), "{want:?} not in {rules:#?}");
    }
}

#[test]
fn a_whole_ivpa_job_conforms_to_the_vital_signs_profiles() {
    for shape in [
        FULL,
        Shape {
            position: Some(false),
            ..FULL
        },
        Shape {
            position: None,
            identity: false,
            ..FULL
        },
    ] {
        let b = bundle(&ivpa(shape));
        let report = assert_conforms(&b);
        let mut by_profile = std::collections::BTreeMap::<String, usize>::new();
        for applied in report.applied.values() {
            for p in applied {
                *by_profile.entry(p.clone()).or_default() += 1;
            }
        }
        // Three sets: three panels, three of each vital sign but temperature (two sets),
        // and the vital-signs base for each of them.
        let counted: Vec<(&str, usize)> =
            by_profile.iter().map(|(k, v)| (k.as_str(), *v)).collect();
        assert_eq!(
            counted,
            [
                ("bodytemp", 2),
                ("bp", 3),
                ("heartrate", 3),
                ("oxygensat", 3),
                ("resprate", 3),
                ("vitalsigns", 17),
                ("vitalspanel", 3),
            ]
        );
        eprintln!(
            "invariants outside the checker's FHIRPath subset: {:?}",
            report.not_evaluated
        );
    }
}

#[test]
fn the_panel_holds_only_vital_signs_and_the_rest_is_in_the_composition() {
    let b = bundle(&ivpa(FULL));
    let entries = b["entry"].as_array().unwrap();
    let find = |url: &str| {
        entries
            .iter()
            .find(|e| e["fullUrl"] == url)
            .map(|e| &e["resource"])
            .unwrap()
    };
    let vitals_section = b["entry"][0]["resource"]["section"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["code"]["coding"][0]["code"] == "8716-3")
        .unwrap();
    let listed: Vec<&str> = vitals_section["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reference"].as_str().unwrap())
        .collect();
    for e in entries {
        let r = &e["resource"];
        let code = r["code"]["coding"][0]["code"].as_str().unwrap_or("");
        if code == "85353-1" {
            for m in r["hasMember"].as_array().unwrap() {
                let member = find(m["reference"].as_str().unwrap());
                assert_eq!(
                    member["category"][0]["coding"][0]["code"], "vital-signs",
                    "{member}"
                );
            }
        }
        // ACVPU, GCS, glucose, pain, RLS-85 and NEWS2 are the Composition's, not the panel's.
        let other = ["67775-7", "9269-2", "15074-8", "72514-3"].contains(&code)
            || r["code"]["text"] == "NEWS2"
            || r["code"]["text"]
                .as_str()
                .is_some_and(|t| t.starts_with("RLS-85"));
        if other {
            assert!(
                listed.contains(&e["fullUrl"].as_str().unwrap()),
                "{r} not in the section"
            );
        }
    }
    // The age is the patient section's.
    let age = nth_coded(&b, "30525-0", 0);
    let text = b["entry"][0]["resource"].to_string();
    assert!(text.contains(b["entry"][age]["fullUrl"].as_str().unwrap()));
}

#[test]
fn a_practice_job_and_generated_callouts_conform() {
    let b = bundle(&ivpa(Shape {
        practice: true,
        hostile: true,
        ..FULL
    }));
    assert_conforms(&b);
    for job_type in JobType::ALL {
        let b = fhir::bundle(&job(job_type, job_id(3), FULL), &ctx()).unwrap();
        assert_conforms(&b);
    }
    // The demo's practice callout: the sample taps, as `samverka-device demo` records them.
    for taps in [0u64, 5, 20, 40] {
        let id = job_id(5);
        let mut w = Writer::new(1);
        let mut head = samverka_model::sample::header(
            JobType::Ivpa,
            &UnitId::new("tanum-hsv"),
            &MunicipalityId::new("tanum"),
            at(0),
        );
        head.practice = true;
        let mut log: Vec<Entry> = vec![w.write(id, at(0).0, EntryBody::JobCreated(head))];
        for k in 1..=taps {
            let m = k as i64 * 2;
            log.push(w.write(id, at(m).0, samverka_model::sample::tap(k, at(m))));
        }
        assert_conforms(&bundle(&JobView::fold(id, &log)));
    }
}

/// A change that a profile must refuse, and the (profile, element, rule) it must name.
type Refusal = (&'static str, Box<dyn Fn(&mut Value)>, [&'static str; 3]);

#[test]
fn the_profiles_refuse_what_they_must_for_the_right_reason() {
    let good = bundle(&ivpa(FULL));
    assert_conforms(&good);
    let panel = nth_coded(&good, "85353-1", 0);
    let acvpu = nth_coded(&good, "67775-7", 0);
    let bp = nth_coded(&good, "85354-9", 0);
    let bp_palpated = nth_coded(&good, "85354-9", 2);
    let hr = nth_coded(&good, "8867-4", 0);
    let temp = nth_coded(&good, "8310-5", 0);
    let rr = nth_coded(&good, "9279-1", 0);
    let spo2 = nth_coded(&good, "2708-6", 0);
    let acvpu_url = good["entry"][acvpu]["fullUrl"].clone();
    let cases: Vec<Refusal> = vec![
        (
            "ACVPU as a member of the vital-signs panel",
            Box::new(move |b| {
                b["entry"][panel]["resource"]["hasMember"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({ "reference": acvpu_url }))
            }),
            ["vitalspanel", "Observation.hasMember", "target"],
        ),
        (
            "a blood pressure without its diastolic component",
            Box::new(move |b| {
                b["entry"][bp]["resource"]["component"]
                    .as_array_mut()
                    .unwrap()
                    .remove(1);
            }),
            ["bp", "Observation.component:DiastolicBP", "min"],
        ),
        (
            "a missing diastolic with no reason given",
            Box::new(move |b| {
                b["entry"][bp_palpated]["resource"]["component"][1]
                    .as_object_mut()
                    .unwrap()
                    .remove("dataAbsentReason");
            }),
            ["bp", "Observation.component:DiastolicBP", "vs-3"],
        ),
        (
            "a blood pressure with a value of its own",
            Box::new(
                move |b| b["entry"][bp]["resource"]["valueQuantity"] = json!({ "value": 105, "unit": "mmHg", "system": "http://unitsofmeasure.org", "code": "mm[Hg]" }),
            ),
            ["bp", "Observation.value[x]:valueQuantity", "max"],
        ),
        (
            "a heart rate in a unit other than /min",
            Box::new(move |b| {
                b["entry"][hr]["resource"]["valueQuantity"]["code"] = json!("{beats}/min")
            }),
            [
                "heartrate",
                "Observation.value[x]:valueQuantity.code",
                "fixed",
            ],
        ),
        (
            "a temperature without UCUM as its unit system",
            Box::new(move |b| {
                b["entry"][temp]["resource"]["valueQuantity"]
                    .as_object_mut()
                    .unwrap()
                    .remove("system");
            }),
            [
                "bodytemp",
                "Observation.value[x]:valueQuantity.system",
                "min",
            ],
        ),
        (
            "a respiratory rate not in the vital-signs category",
            Box::new(move |b| {
                b["entry"][rr]["resource"]["category"][0]["coding"][0]["code"] = json!("exam")
            }),
            ["resprate", "Observation.category:VSCat", "min"],
        ),
        (
            "a panel with a value",
            Box::new(move |b| b["entry"][panel]["resource"]["valueInteger"] = json!(1)),
            ["vitalspanel", "Observation.value[x]", "max"],
        ),
        (
            "a status outside FHIR's observation statuses",
            Box::new(move |b| b["entry"][spo2]["resource"]["status"] = json!("done")),
            ["oxygensat", "Observation.status", "binding"],
        ),
        (
            "a vital sign about no one",
            Box::new(move |b| {
                b["entry"][spo2]["resource"]
                    .as_object_mut()
                    .unwrap()
                    .remove("subject");
            }),
            ["vitalsigns", "Observation.subject", "min"],
        ),
        (
            "a value and a reason for its absence at once",
            Box::new(move |b| {
                b["entry"][hr]["resource"]["dataAbsentReason"] = json!({ "text": "?" })
            }),
            ["heartrate", "Observation", "obs-6"],
        ),
    ];
    for (what, breaks, [profile, element, rule]) in cases {
        let mut b = good.clone();
        breaks(&mut b);
        let problems = profiles().check_bundle(&b).problems;
        assert!(!problems.is_empty(), "{what} was accepted");
        assert!(
            problems
                .iter()
                .any(|p| p.profile == profile && p.element == element && p.rule == rule),
            "{what}: expected {profile} {element} {rule}, got\n{}",
            problems
                .iter()
                .map(Problem::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn a_resource_the_composition_does_not_reach_is_found() {
    let mut b = bundle(&ivpa(FULL));
    assert_conforms(&b);
    // The old export's mistake: the age observation referenced from nowhere.
    let age = nth_coded(&b, "30525-0", 0);
    let age_url = b["entry"][age]["fullUrl"].as_str().unwrap().to_owned();
    for s in b["entry"][0]["resource"]["section"].as_array_mut().unwrap() {
        if let Some(entries) = s["entry"].as_array_mut() {
            entries.retain(|r| r["reference"] != age_url.as_str());
        }
    }
    assert_eq!(unreachable(&b), [age_url]);
}
