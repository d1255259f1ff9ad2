//! In the field on one phone: the position at arrival (placed offline with the installed
//! content, or recorded as missing) and a job handed on, as the home list shows it.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use samverka_device::position::PositionReading;
use samverka_device::{Store, StoreError};
use samverka_model::holder::{HandOn, Holder};
use samverka_model::position::{MissingReason, PositionFix};
use samverka_model::{EntryBody, ErrorCode, JobId, MunicipalityId};

fn arrived(s: &mut Store) -> JobId {
    s.install_content(&published(1, shipped()), at(0)).unwrap();
    ivpa_arrived(s, 9)
}

#[test]
fn a_fix_at_arrival_is_placed_in_its_municipality_offline_and_prefills_the_form() {
    let mut s = Store::open_in_memory().unwrap();
    let job = arrived(&mut s);
    // Kungshamn harbour: Sotenäs, though the unit is Tanum's.
    let fix = PositionReading::Fix {
        lat: 58.3605,
        lon: 11.2480,
        accuracy_m: 8.5,
    };
    s.record_position(&nurse(1), job, fix, None, at(9)).unwrap();
    let view = s.job(job).unwrap().unwrap();
    let position = &view.position.as_ref().unwrap().value;
    assert_eq!(
        position.municipality(),
        Some(&MunicipalityId::new("sotenas"))
    );
    assert_eq!(position.coordinates().unwrap().2, 9);
    assert_eq!(
        view.effective_form().municipality,
        Some(MunicipalityId::new("sotenas"))
    );
}

#[test]
fn a_missing_position_is_recorded_as_missing_with_the_picked_municipality() {
    let mut s = Store::open_in_memory().unwrap();
    let job = arrived(&mut s);
    let missing = PositionReading::Missing(MissingReason::Unavailable);
    s.record_position(&nurse(1), job, missing, None, at(9))
        .unwrap();
    // A municipality the content does not name is refused, with the field.
    let err = s
        .record_position(
            &nurse(1),
            job,
            missing,
            Some(MunicipalityId::new("atlantis")),
            at(10),
        )
        .unwrap_err();
    let StoreError::Rejected(e) = err else {
        panic!("{err}")
    };
    assert_eq!(e.errors[0].field, "position.municipality");
    assert_eq!(e.errors[0].code, ErrorCode::Unknown);
    s.record_position(
        &nurse(1),
        job,
        missing,
        Some(MunicipalityId::new("orust")),
        at(10),
    )
    .unwrap();
    let view = s.job(job).unwrap().unwrap();
    let position = &view.position.as_ref().unwrap().value;
    assert!(matches!(position, PositionFix::Missing { .. }));
    assert_eq!(position.coordinates(), None);
    assert_eq!(
        view.effective_form().municipality,
        Some(MunicipalityId::new("orust"))
    );
    // Nothing stored about the job looks like a coordinate.
    let history = s.field_history(job, "position").unwrap();
    assert_eq!(history.len(), 2);
    for change in history {
        let json = change.value.to_string();
        assert!(!json.contains("lat") && !json.contains("lon"), "{json}");
    }
}

#[test]
fn the_home_list_shows_who_holds_each_job() {
    let mut s = Store::open_in_memory().unwrap();
    let job = arrived(&mut s);
    let holder = |s: &Store| s.open_jobs().unwrap()[0].holder.clone();
    assert_eq!(holder(&s), Some(Holder::Nurse(nurse(1))));
    s.record(
        &nurse(1),
        job,
        EntryBody::HandedOn(HandOn {
            to: Holder::NextShift,
            at: at(300),
            note: None,
        }),
        at(300),
    )
    .unwrap();
    assert_eq!(holder(&s), Some(Holder::NextShift));
    s.record(
        &nurse(2),
        job,
        EntryBody::HandedOn(HandOn {
            to: Holder::Nurse(nurse(2)),
            at: at(320),
            note: None,
        }),
        at(320),
    )
    .unwrap();
    assert_eq!(holder(&s), Some(Holder::Nurse(nurse(2))));
}

#[test]
fn the_export_names_the_unit_and_never_prints_a_missing_position_as_coordinates() {
    let mut s = Store::open_in_memory().unwrap();
    let job = arrived(&mut s);
    s.record_position(
        &nurse(1),
        job,
        PositionReading::Missing(MissingReason::Denied),
        Some(MunicipalityId::new("tanum")),
        at(10),
    )
    .unwrap();
    let export = s.export_job(job, at(60)).unwrap().unwrap();
    assert!(export.text.contains("Tanum hemsjukvård"), "{}", export.text);
    assert!(export.text.contains("Position saknas"), "{}", export.text);
    assert!(!export.text.contains('°'), "{}", export.text);
    let bundle: serde_json::Value = serde_json::from_str(&export.fhir).unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
    for word in ["latitude", "longitude"] {
        assert!(!export.fhir.contains(word), "{word} in {}", export.fhir);
    }
    assert!(export.sheet.starts_with("<article class=\"handover-sheet"));
    // A fix is exported with its coordinates.
    s.record_position(
        &nurse(1),
        job,
        PositionReading::Fix {
            lat: 58.7236,
            lon: 11.3250,
            accuracy_m: 15.0,
        },
        None,
        at(11),
    )
    .unwrap();
    let export = s.export_job(job, at(60)).unwrap().unwrap();
    assert!(export.fhir.contains("latitude"), "{}", export.fhir);
    assert!(
        s.export_job(samverka_model::JobId(uuid::Uuid::nil()), at(60))
            .unwrap()
            .is_none()
    );
}
