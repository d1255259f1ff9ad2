//! Several nurses on one job (issue #9, part 2): at a child trauma one treats, one writes the
//! record and one looks after the family, each on her own phone, all three offline. When they
//! sync, the region and the three phones hold one consistent record: every entry of every
//! phone, the same view everywhere, a field two of them wrote resolved the same way on all
//! three with both values kept in its history.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_model::doc::Patch;
use samverka_model::record::{Intervention, InterventionKind, RecordText};
use samverka_model::sbar::SbarText;
use samverka_model::vitals::{Acvpu, VitalSigns};
use samverka_model::{EntryBody, JobType, MunicipalityId, Step, UserId};
use samverka_system_tests::phone::{Phone, night, sync_all};
use samverka_system_tests::region::Region;

fn note(text: &str) -> EntryBody {
    EntryBody::Record(Patch::set(RecordText {
        notes: Some(text.into()),
        ..RecordText::default()
    }))
}

#[tokio::test]
async fn three_phones_on_one_child_trauma_offline_end_with_one_record() {
    let region = Region::sqlite();
    let url = region.url();
    let treats = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let writes = Phone::enroll(&url, &url, &region.code_for("unit-a", "berit")).await;
    let family = Phone::enroll(&url, &url, &region.code_for("unit-a", "cecilia")).await;

    // Anna takes the callout; the others get the job at their next sync, then the three drive
    // out into a valley without signal.
    let job = {
        let header = samverka_model::sample::header(
            JobType::Ivpa,
            &treats.unit,
            &MunicipalityId::new("orust"),
            night(0),
        );
        treats
            .store
            .lock()
            .unwrap()
            .create_job(&UserId::new("anna"), header, night(0))
            .unwrap()
            .job
    };
    sync_all(&[&treats, &writes, &family]).await;
    assert!(writes.store.lock().unwrap().job(job).unwrap().is_some());

    // Offline, all three at once.
    for (m, step) in [(1, Step::Accept), (2, Step::Depart), (9, Step::Arrive)] {
        treats.tap(
            "anna",
            job,
            m,
            EntryBody::Step {
                step,
                at: night(m),
                reason: None,
            },
        );
    }
    treats.tap(
        "anna",
        job,
        10,
        EntryBody::Vitals {
            vitals: VitalSigns {
                taken_at: Some(night(10)),
                pulse: Some(142),
                resp_rate: Some(32),
                spo2: Some(93),
                acvpu: Some(Acvpu::Voice),
                ..VitalSigns::default()
            },
            supersedes: None,
        },
    );
    treats.tap(
        "anna",
        job,
        11,
        EntryBody::Intervention {
            intervention: Intervention {
                at: night(11),
                kind: InterventionKind::BleedingControl,
                detail: "Tryckförband vänster underben".into(),
            },
            supersedes: None,
        },
    );
    writes.tap(
        "berit",
        job,
        10,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Barn 6 år, fall från klätterställning".into()),
            airway: Some("Fri".into()),
            breathing: Some("Takypné, symmetriska andningsljud".into()),
            ..RecordText::default()
        })),
    );
    writes.tap("berit", job, 12, note("Pupiller lika, reagerar"));
    family.tap(
        "cecilia",
        job,
        11,
        EntryBody::Sbar(Patch::set(SbarText {
            background: Some("Frisk sedan tidigare, inga läkemedel. Mamma på plats.".into()),
            ..SbarText::default()
        })),
    );
    // Two nurses write the same field at nearly the same moment, each on her own phone.
    family.tap(
        "cecilia",
        job,
        13,
        note("Mamma har ringt pappa, han kommer till sjukhuset"),
    );

    sync_all(&[&treats, &writes, &family]).await;

    // One record on all three phones, with everyone's part in it.
    let views = [treats.view(job), writes.view(job), family.view(job)];
    assert_eq!(views[0], views[1], "the writer's phone differs");
    assert_eq!(views[0], views[2], "the family phone differs");
    let v = &views[0];
    assert!(v.mark(Step::Arrive).is_some());
    assert_eq!(v.vitals.current().count(), 1);
    assert_eq!(v.interventions.current().count(), 1);
    assert_eq!(
        v.record.value.chief_complaint.as_deref(),
        Some("Barn 6 år, fall från klätterställning")
    );
    assert!(
        v.sbar
            .value
            .background
            .as_deref()
            .is_some_and(|b| b.contains("Mamma"))
    );
    // The notes field: the later write counts everywhere, and the earlier one stays visible.
    assert_eq!(
        v.record.value.notes.as_deref(),
        Some("Mamma har ringt pappa, han kommer till sjukhuset")
    );
    for p in [&treats, &writes, &family] {
        let history = p
            .store
            .lock()
            .unwrap()
            .field_history(job, "record.notes")
            .unwrap();
        assert_eq!(history.len(), 2, "both notes kept");
        assert_eq!(history.iter().filter(|c| c.current).count(), 1);
    }
    // The region holds every entry of the job exactly once.
    let entries: usize = [&treats, &writes, &family]
        .iter()
        .map(|p| p.store.lock().unwrap().job_entries(job).unwrap().len())
        .max()
        .unwrap();
    assert_eq!(entries, 1 + 3 + 2 + 2 + 2);
    let (stored, distinct) = samverka_region_counts(&region).await;
    assert_eq!(stored, distinct, "no entry stored twice");
}

/// How many entries the region holds, and how many distinct (device, seq) pairs among them.
async fn samverka_region_counts(region: &Region) -> (u64, u64) {
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    storage.entry_counts().await.unwrap()
}
