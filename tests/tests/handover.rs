//! Handing a job on (issue #9, part 1): Anna leaves an open job to the next shift at the end of
//! her night; at the morning's first sync it waits on Berit's phone, Berit takes it, and every
//! phone and the region show who held it and when — Anna, the next shift, Berit. A job handed
//! straight to a named colleague lands in her own list. The nurses' display names come from the
//! region with the unit's list, and a job's export names them.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_model::holder::{HandOn, Holder};
use samverka_model::{EntryBody, JobId, JobType, JobView, MunicipalityId, Step, UserId};
use samverka_region::api::jobs::JobEntries;
use samverka_system_tests::phone::{Phone, night, sync_all};
use samverka_system_tests::region::Region;

fn hand_on(to: Holder, minute: i64, note: Option<&str>) -> EntryBody {
    EntryBody::HandedOn(HandOn {
        to,
        at: night(minute),
        note: note.map(str::to_owned),
    })
}

fn holder_in_list(phone: &Phone, job: JobId) -> Option<Holder> {
    let jobs = phone.store.lock().unwrap().open_jobs().unwrap();
    jobs.into_iter()
        .find(|j| j.id == job)
        .and_then(|j| j.holder)
}

fn new_job(phone: &Phone, nurse: &str, job_type: JobType, minute: i64) -> JobId {
    let header = samverka_model::sample::header(
        job_type,
        &phone.unit,
        &MunicipalityId::new("orust"),
        night(minute),
    );
    phone
        .store
        .lock()
        .unwrap()
        .create_job(&UserId::new(nurse), header, night(minute))
        .unwrap()
        .job
}

#[tokio::test]
async fn a_job_left_to_the_next_shift_is_taken_in_the_morning_with_both_holders_in_its_history() {
    let region = Region::sqlite();
    let url = region.url();
    let anna = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let berit = Phone::enroll(&url, &url, &region.code_for("unit-a", "berit")).await;
    sync_all(&[&anna, &berit]).await;
    // The hand-on picker's colleagues come from the unit's list the phone keeps offline.
    let colleagues = anna.store.lock().unwrap().introduction().unwrap().unwrap();
    assert!(
        colleagues
            .nurses
            .iter()
            .any(|n| n.nurse == UserId::new("berit")),
        "{colleagues:?}"
    );

    // 23:40: a catheter job Anna accepts but cannot finish before her shift ends.
    let job = new_job(&anna, "anna", JobType::Assistance, 0);
    anna.tap(
        "anna",
        job,
        1,
        EntryBody::Step {
            step: Step::Accept,
            at: night(1),
            reason: None,
        },
    );
    let note = "Kateterbyte kvar. Nyckel i nyckelgömma, kod 1234.";
    anna.tap(
        "anna",
        job,
        400,
        hand_on(Holder::NextShift, 400, Some(note)),
    );
    assert_eq!(holder_in_list(&anna, job), Some(Holder::NextShift));

    sync_all(&[&anna, &berit]).await;
    // Berit's morning: the job waits for the next shift on her phone, with Anna's note.
    assert_eq!(holder_in_list(&berit, job), Some(Holder::NextShift));
    let waiting = berit.view(job);
    assert_eq!(waiting.hand_ons[0].hand_on.note.as_deref(), Some(note));
    // She takes it; handing it to where it already is would be refused with the reason.
    berit.tap(
        "berit",
        job,
        415,
        hand_on(Holder::Nurse(UserId::new("berit")), 415, None),
    );
    let again = berit.store.lock().unwrap().record(
        &UserId::new("berit"),
        job,
        hand_on(Holder::Nurse(UserId::new("berit")), 416, None),
        night(416),
    );
    assert!(again.is_err());

    sync_all(&[&anna, &berit]).await;
    let expected = vec![
        Holder::Nurse(UserId::new("anna")),
        Holder::NextShift,
        Holder::Nurse(UserId::new("berit")),
    ];
    for phone in [&anna, &berit] {
        let v = phone.view(job);
        let history = v.holder_history();
        let holders: Vec<_> = history.iter().map(|h| h.holder.clone()).collect();
        assert_eq!(holders, expected);
        assert_eq!(history[1].since, night(400));
        assert_eq!(history[1].by, UserId::new("anna"));
        assert_eq!(history[2].since, night(415));
        assert_eq!(history[2].by, UserId::new("berit"));
        assert_eq!(
            holder_in_list(phone, job),
            Some(Holder::Nurse(UserId::new("berit")))
        );
    }
    assert_eq!(anna.view(job), berit.view(job));

    // The region folds the same history from what it stores (a coach of the unit reads it).
    let http = reqwest::Client::new();
    let token = region
        .staff_session(
            &http,
            "coach-a",
            "coach",
            Some("unit-a"),
            "correct horse battery",
        )
        .await;
    let entries: JobEntries = http
        .get(format!("{url}/api/v1/jobs/{job}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    let at_region = JobView::fold(job, &entries.entries);
    let holders: Vec<_> = at_region
        .holder_history()
        .into_iter()
        .map(|h| h.holder)
        .collect();
    assert_eq!(holders, expected);
}

#[tokio::test]
async fn a_job_handed_to_a_named_colleague_lands_in_her_list() {
    let region = Region::sqlite();
    let url = region.url();
    let anna = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let berit = Phone::enroll(&url, &url, &region.code_for("unit-a", "berit")).await;
    let job = new_job(&anna, "anna", JobType::NurseLine, 0);
    anna.tap(
        "anna",
        job,
        1,
        EntryBody::Step {
            step: Step::Accept,
            at: night(1),
            reason: None,
        },
    );
    anna.tap(
        "anna",
        job,
        30,
        hand_on(Holder::Nurse(UserId::new("berit")), 30, None),
    );
    sync_all(&[&anna, &berit]).await;
    assert_eq!(
        holder_in_list(&berit, job),
        Some(Holder::Nurse(UserId::new("berit")))
    );
    assert!(berit.view(job).is_held_by(&UserId::new("berit")));
    // A closed job stays with whoever closed it.
    berit.tap(
        "berit",
        job,
        40,
        EntryBody::Step {
            step: Step::Depart,
            at: night(40),
            reason: None,
        },
    );
    berit.tap(
        "berit",
        job,
        50,
        EntryBody::Step {
            step: Step::Arrive,
            at: night(50),
            reason: None,
        },
    );
    berit.tap(
        "berit",
        job,
        70,
        EntryBody::Step {
            step: Step::Complete,
            at: night(70),
            reason: None,
        },
    );
    let refused = berit.store.lock().unwrap().record(
        &UserId::new("berit"),
        job,
        hand_on(Holder::NextShift, 71, None),
        night(71),
    );
    assert!(refused.is_err());
}

/// Nurses are named by the region (#18): a coach names one when issuing her code (`enroll
/// --display-name`) or later (`nurses name`), the phones learn the names with the unit's list at
/// their next sync, and a job's export says who held it by name. A nurse nobody named is said
/// to be unknown, never given an invented name.
#[tokio::test]
async fn the_export_names_the_nurses_the_region_named() {
    let region = Region::sqlite();
    let url = region.url();
    region.cli(&["units", "add", "--id", "unit-a", "--name", "Enhet A"]);
    let code = |user: &str, name: Option<&str>| {
        let mut args = vec!["enroll", "--unit", "unit-a", "--user", user];
        args.extend(name.iter().flat_map(|n| ["--display-name", *n]));
        region.cli(&args)
    };
    let anna = Phone::enroll(&url, &url, &code("anna", Some("  Anna Berg "))).await;
    let berit = Phone::enroll(&url, &url, &code("berit", None)).await;
    let cecilia = Phone::enroll(&url, &url, &code("cecilia", None)).await;
    let job = new_job(&anna, "anna", JobType::NurseLine, 0);
    anna.tap(
        "anna",
        job,
        1,
        EntryBody::Step {
            step: Step::Accept,
            at: night(1),
            reason: None,
        },
    );
    anna.tap(
        "anna",
        job,
        20,
        hand_on(Holder::Nurse(UserId::new("berit")), 20, None),
    );
    // Before anyone is named the phone says so rather than guess.
    sync_all(&[&anna, &berit, &cecilia]).await;
    let before = berit
        .store
        .lock()
        .unwrap()
        .export_job(job, night(30))
        .unwrap()
        .unwrap();
    assert!(before.text.contains("Anna Berg"), "{}", before.text);
    assert!(
        before.text.contains("Okänd användare (berit)"),
        "{}",
        before.text
    );

    // Berit is named after her code was issued; Cecilia never is.
    let named = region.cli(&[
        "nurses",
        "name",
        "--unit",
        "unit-a",
        "--user",
        "berit",
        "--display-name",
        "Berit Ek",
    ]);
    assert!(named.contains("Berit Ek"), "{named}");
    assert_eq!(
        region.cli(&["nurses", "list", "--unit", "unit-a"]),
        "anna\tAnna Berg\nberit\tBerit Ek"
    );
    sync_all(&[&anna, &berit, &cecilia]).await;
    let list = cecilia
        .store
        .lock()
        .unwrap()
        .introduction()
        .unwrap()
        .unwrap();
    let names: Vec<(&str, Option<&str>)> = list
        .nurses
        .iter()
        .map(|n| (n.nurse.as_str(), n.display_name.as_deref()))
        .collect();
    assert_eq!(
        names,
        [
            ("anna", Some("Anna Berg")),
            ("berit", Some("Berit Ek")),
            ("cecilia", None)
        ]
    );
    let export = cecilia
        .store
        .lock()
        .unwrap()
        .export_job(job, night(40))
        .unwrap()
        .unwrap();
    for name in ["Anna Berg", "Berit Ek"] {
        assert!(export.text.contains(name), "{name}: {}", export.text);
        assert!(export.fhir.contains(name), "{name} in the FHIR bundle");
        assert!(export.sheet.contains(name), "{name} on the handover sheet");
    }
    assert!(
        !export.text.contains("Okänd användare"),
        "every nurse of the job is named: {}",
        export.text
    );
}
