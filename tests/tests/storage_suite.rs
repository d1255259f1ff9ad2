//! One suite for both implementations of the region's `Storage` trait, called directly.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_model::coach::{Answer, ChecklistMark, QuizResult, TrainingItem};
use samverka_model::content::{Audience, ContentBundle, DocKind, Document, PublishedContent};
use samverka_model::doc::Patch;
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::stats::{Dim, Filter, StatsRow, aggregate, row_from_import};
use samverka_model::{
    DeviceId, Entry, EntryBody, HlcClock, JobId, JobType, MunicipalityId, Timestamp, UnitId, UserId,
};
use samverka_region::storage::{
    AuditAction, AuditEvent, AuditQuery, DeviceAuth, PostgresStorage, Role, SharedStorage,
    SqliteStorage, Staff, StaffAuth, StorageError, StoredBatch, Unit,
};
use samverka_system_tests::postgres::Postgres;
use std::sync::Arc;

const NOW: Timestamp = Timestamp(1_773_457_080_000);

fn later(ms: i64) -> Timestamp {
    Timestamp(NOW.0 + ms)
}

async fn unit(s: &SharedStorage, id: &str) -> UnitId {
    let id = UnitId::new(id);
    s.put_unit(&Unit {
        id: id.clone(),
        name: format!("Enhet {id}"),
        municipality: Some(MunicipalityId::new("orust")),
    })
    .await
    .unwrap();
    id
}

async fn enrolled(s: &SharedStorage, unit: &UnitId, code: &str, token: &str) -> DeviceAuth {
    s.add_enrolment(code, unit, &UserId::new("anna"), NOW, later(60_000))
        .await
        .unwrap();
    s.redeem_enrolment(code, DeviceId(uuid::Uuid::new_v4()), token, NOW)
        .await
        .unwrap()
        .unwrap()
}

/// A phone's entries: a job in `unit` and `n - 1` taps on it.
fn entries(auth: &DeviceAuth, unit: &UnitId, n: u64) -> Vec<Entry> {
    let mut clock = HlcClock::new(auth.device);
    let job = JobId(uuid::Uuid::new_v4());
    (1..=n)
        .map(|seq| {
            let at = later(seq as i64 * 1_000);
            let body = if seq == 1 {
                EntryBody::JobCreated(samverka_model::sample::header(
                    JobType::Ivpa,
                    unit,
                    &MunicipalityId::new("orust"),
                    at,
                ))
            } else {
                samverka_model::sample::tap(seq - 1, at)
            };
            Entry {
                device: auth.device,
                seq,
                job,
                hlc: clock.tick(at.0 as u64),
                author: auth.user.clone(),
                body,
            }
        })
        .collect()
}

async fn suite(s: SharedStorage) {
    s.migrate().await.unwrap();
    s.migrate().await.unwrap(); // idempotent
    s.ping().await.unwrap();
    let a = unit(&s, "unit-a").await;
    let b = unit(&s, "unit-b").await;
    assert_eq!(s.units().await.unwrap().len(), 2);

    // Enrolment: unknown unit refused; a code works once, and not after it expires.
    assert!(matches!(
        s.add_enrolment("c0", &UnitId::new("nope"), &UserId::new("x"), NOW, later(1))
            .await,
        Err(StorageError::NotFound(_))
    ));
    s.add_enrolment("c1", &a, &UserId::new("anna"), NOW, later(60_000))
        .await
        .unwrap();
    let device = DeviceId(uuid::Uuid::new_v4());
    assert!(
        s.redeem_enrolment("c1", device, "t1", later(60_000))
            .await
            .unwrap()
            .is_none(),
        "expired"
    );
    let auth = s
        .redeem_enrolment("c1", device, "t1", later(1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (auth.device, &auth.unit, auth.user.as_str()),
        (device, &a, "anna")
    );
    assert!(
        s.redeem_enrolment("c1", DeviceId(uuid::Uuid::new_v4()), "t9", later(2))
            .await
            .unwrap()
            .is_none(),
        "used"
    );
    assert_eq!(s.authenticate("t1").await.unwrap(), Some(auth.clone()));
    assert_eq!(s.authenticate("nope").await.unwrap(), None);

    // Revocation, and re-enrolment of the same device replacing its token.
    assert!(s.revoke_device(device, later(3)).await.unwrap());
    assert!(!s.revoke_device(device, later(4)).await.unwrap());
    assert_eq!(s.authenticate("t1").await.unwrap(), None);
    s.add_enrolment("c2", &a, &UserId::new("anna"), NOW, later(60_000))
        .await
        .unwrap();
    s.redeem_enrolment("c2", device, "t2", later(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.authenticate("t1").await.unwrap(), None);
    assert_eq!(
        s.authenticate("t2").await.unwrap().map(|d| d.device),
        Some(device)
    );

    // Storing: idempotent, all or nothing, continuous, unit-bound.
    let batch = entries(&auth, &a, 30);
    let stored = |high_water, added| StoredBatch { high_water, added };
    assert_eq!(
        s.store_entries(&auth, &batch[..10], NOW).await.unwrap(),
        stored(10, 10)
    );
    assert_eq!(
        s.store_entries(&auth, &batch[..10], NOW).await.unwrap(),
        stored(10, 0),
        "replay: held already, none new"
    );
    assert_eq!(
        s.store_entries(&auth, &batch[5..20], NOW).await.unwrap(),
        stored(20, 10),
        "overlap: only the last ten are new"
    );
    assert!(matches!(
        s.store_entries(&auth, &batch[21..], NOW).await,
        Err(StorageError::SeqGap {
            first: 22,
            high_water: 20
        })
    ));
    let mut changed = batch[20..25].to_vec();
    changed[0].author = UserId::new("mallory");
    let mut with_conflict = batch[15..20].to_vec();
    with_conflict[2].author = UserId::new("mallory");
    with_conflict.extend(batch[20..25].iter().cloned());
    assert!(matches!(
        s.store_entries(&auth, &with_conflict, NOW).await,
        Err(StorageError::EntryConflict(_))
    ));
    assert_eq!(
        s.high_water(device).await.unwrap(),
        20,
        "nothing of a refused batch stored"
    );
    assert_eq!(
        s.store_entries(&auth, &changed, NOW).await.unwrap(),
        stored(25, 5),
        "new seqs are stored as sent"
    );
    assert_eq!(s.entry_counts().await.unwrap(), (25, 25));
    // A pull's state in one call is what the separate reads say.
    let state = s.sync_state(device).await.unwrap();
    assert_eq!(state.epoch, s.epoch().await.unwrap());
    assert_eq!(state.high_water, 25);
    assert!(state.last_region_seq >= 25);
    assert_eq!(
        state.content_version,
        s.latest_content_version().await.unwrap()
    );
    let unknown = DeviceId(uuid::Uuid::nil());
    assert_eq!(s.sync_state(unknown).await.unwrap().high_water, 0);
    let jobs = s
        .job_units(&[batch[0].job, JobId(uuid::Uuid::nil())])
        .await
        .unwrap();
    assert_eq!(jobs, vec![(batch[0].job, a.clone())]);

    // Another unit's device may neither write on unit A's job nor on a job nobody created.
    let other = enrolled(&s, &b, "c3", "t3").await;
    let mut foreign = entries(&other, &b, 3);
    foreign[1].job = batch[0].job;
    assert!(matches!(
        s.store_entries(&other, &foreign[..2], NOW).await,
        Err(StorageError::JobOfOtherUnit(..))
    ));
    let mut orphan = entries(&other, &b, 2);
    orphan.remove(0);
    orphan[0].seq = 1;
    assert!(matches!(
        s.store_entries(&other, &orphan, NOW).await,
        Err(StorageError::UnknownJob(_, 1))
    ));
    assert_eq!(s.high_water(other.device).await.unwrap(), 0);

    // Pull: the unit's entries by others, in order, by cursor, bounded.
    let colleague = enrolled(&s, &a, "c4", "t4").await;
    let own = s.pull(&a, auth.device, 0, 1000).await.unwrap();
    assert!(
        own.entries.is_empty(),
        "a device does not get its own entries back"
    );
    let mut cursor = 0;
    let mut got = Vec::new();
    loop {
        let page = s.pull(&a, colleague.device, cursor, 7).await.unwrap();
        assert!(page.entries.len() <= 7);
        if page.entries.is_empty() {
            assert_eq!(page.cursor, cursor);
            break;
        }
        assert!(page.cursor > cursor);
        cursor = page.cursor;
        got.extend(page.entries);
    }
    let seqs: Vec<u64> = got.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, (1..=25).collect::<Vec<_>>());
    // Every stored entry is unit A's: the cursor after them is the newest entry's order number.
    assert_eq!(
        s.sync_state(colleague.device)
            .await
            .unwrap()
            .last_region_seq,
        cursor
    );
    assert_eq!(got[0], batch[0]);
    assert!(
        s.pull(&b, other.device, 0, 1000)
            .await
            .unwrap()
            .entries
            .is_empty(),
        "unit B sees nothing of A"
    );
}

/// A small bundle with `n` documents.
fn bundle(n: usize) -> ContentBundle {
    ContentBundle {
        documents: (0..n)
            .map(|i| Document {
                id: format!("doc-{i}"),
                title: format!("Dokument {i}"),
                kind: DocKind::Quickref,
                audience: Audience::All,
                chapter: None,
                version: "1".into(),
                valid_from: "2025-01-01".into(),
                owner: "Regionen".into(),
                sample: true,
                body: "Text".into(),
            })
            .collect(),
        contacts: Vec::new(),
        municipalities: Vec::new(),
        units: Vec::new(),
        synonyms: Vec::new(),
        sample: true,
        question_banks: Vec::new(),
        scenarios: Vec::new(),
        form_lists: Vec::new(),
    }
}

/// Publishing numbers versions, keeps each byte for byte with its digest, and makes no new
/// version of unchanged content.
async fn content_suite(s: SharedStorage) {
    s.migrate().await.unwrap();
    assert_eq!(s.latest_content_version().await.unwrap(), None);
    assert_eq!(s.content(1).await.unwrap(), None);
    let p1 = s.publish_content(&bundle(1), NOW).await.unwrap();
    assert_eq!((p1.version, p1.new), (1, true));
    let again = s.publish_content(&bundle(1), later(1_000)).await.unwrap();
    assert_eq!((again.version, again.new), (1, false), "unchanged content");
    let p2 = s.publish_content(&bundle(2), later(2_000)).await.unwrap();
    assert_eq!((p2.version, p2.new), (2, true));
    assert_eq!(s.latest_content_version().await.unwrap(), Some(2));

    let v1 = s.content(1).await.unwrap().unwrap();
    let published: PublishedContent = serde_json::from_slice(&v1.body).unwrap();
    assert_eq!(published.version, 1);
    assert_eq!(published.published_at, NOW);
    assert_eq!(published.bundle, bundle(1));
    use sha2::Digest;
    assert_eq!(v1.body_sha256, hex::encode(sha2::Sha256::digest(&v1.body)));
    let v2 = s.content(2).await.unwrap().unwrap();
    let published: PublishedContent = serde_json::from_slice(&v2.body).unwrap();
    assert_eq!(published.bundle.documents.len(), 2);
}

/// A device's jobs, each created and its form submitted; every 7th a practice job. Returns the
/// entries and the rows they should count as (practice jobs none).
fn submitted_jobs(auth: &DeviceAuth, unit: &UnitId, n: u64) -> (Vec<Entry>, Vec<StatsRow>) {
    let mut clock = HlcClock::new(auth.device);
    let (mut entries, mut rows) = (Vec::new(), Vec::new());
    let muni = MunicipalityId::new("orust");
    for i in 0..n {
        let job = JobId(uuid::Uuid::new_v4());
        let t = JobType::ALL[(i % 4) as usize];
        // Spread over 2024–2026 so periods cut through them.
        let at = Timestamp(1_704_067_200_000 + i as i64 * 3 * 86_400_000);
        let mut header = samverka_model::sample::header(t, unit, &muni, at);
        header.practice = i % 7 == 6;
        let form = samverka_model::sample::form(i, t, &muni);
        for body in [
            EntryBody::JobCreated(header.clone()),
            EntryBody::FormSubmitted {
                at,
                form: form.clone(),
            },
        ] {
            entries.push(Entry {
                device: auth.device,
                seq: entries.len() as u64 + 1,
                job,
                hlc: clock.tick(at.0 as u64),
                author: auth.user.clone(),
                body,
            });
        }
        rows.extend(StatsRow::from_submission(
            &job,
            unit,
            header.practice,
            at,
            &form,
        ));
    }
    (entries, rows)
}

/// The region's SQL counts exactly as the model does, for forms synced from phones and
/// imported from paper, under several filters; practice jobs never count; an import is all or
/// nothing.
async fn stats_suite(s: SharedStorage) {
    s.migrate().await.unwrap();
    let a = unit(&s, "stats-a").await;
    let auth = enrolled(&s, &a, "code-stats", "token-stats").await;
    let (entries, mut expected) = submitted_jobs(&auth, &a, 120);
    assert!(expected.len() < 120, "practice jobs are not counted");
    s.store_entries(&auth, &entries, NOW).await.unwrap();
    // A replayed batch counts nothing twice.
    s.store_entries(&auth, &entries, NOW).await.unwrap();

    let line = "paper-1,2023-05-04,ivpa,municipal,tanum,dispatch,done,female,67,chest_pain,yes,no,well,none,good,before,9";
    let paper = row_from_import(
        &line.split(',').collect::<Vec<_>>(),
        &samverka_model::stats::ImportContent::default(),
    )
    .unwrap();
    assert_eq!(
        s.import_stats(std::slice::from_ref(&paper)).await.unwrap(),
        1
    );
    expected.push(paper.clone());
    // The same job id again, beside a new one: refused whole.
    let mut other = paper.clone();
    other.job_id = "paper-2".into();
    let err = s.import_stats(&[other, paper]).await.unwrap_err();
    assert!(matches!(err, StorageError::Duplicate(_)), "{err}");

    let filters = [
        Filter::default(),
        Filter {
            from: Some("2025-01-01".into()),
            to: Some("2026-01-01".into()),
            ..Filter::default()
        },
        Filter {
            job_type: Some(JobType::Ivpa),
            performer: Some(samverka_model::PerformerKind::Municipal),
            ..Filter::default()
        },
        Filter {
            municipality: Some(MunicipalityId::new("tanum")),
            ..Filter::default()
        },
        Filter {
            unit: Some(a.clone()),
            requester: Some(samverka_model::Requester::HOME_CARE),
            ..Filter::default()
        },
    ];
    for f in &filters {
        let sql = s.stats(f).await.unwrap();
        let model = aggregate(&expected, f);
        assert_eq!(sql, model, "filter {f:?}");
    }
    let all = s.stats(&Filter::default()).await.unwrap();
    assert!(all.iter().any(|c| c.dim == Dim::Action && c.key == "ecg"));
    assert!(all.iter().any(|c| c.dim == Dim::Minutes && c.minutes > 0));
}

/// Periods that cut months anywhere, from and to alone, an empty one, odd strings, job types
/// (all the roll-up answers) and the filters it cannot answer (counted from the forms).
fn rollup_filters(unit: &UnitId) -> Vec<Filter> {
    let period = |from: Option<&str>, to: Option<&str>| Filter {
        from: from.map(Into::into),
        to: to.map(Into::into),
        ..Filter::default()
    };
    let mut filters = vec![
        Filter::default(),
        period(Some("2025-01-01"), Some("2026-01-01")),
        period(Some("2024-03-15"), Some("2025-02-10")),
        period(Some("2025-06-15"), None),
        period(None, Some("2024-11-01")),
        period(Some("2025-03-05"), Some("2025-03-20")),
        period(Some("2025-06-01"), Some("2025-01-01")),
        period(Some("2025"), Some("2025-07")),
        period(Some("2024-12-31T"), Some("2025-1")),
    ];
    for t in JobType::ALL {
        filters.push(Filter {
            job_type: Some(t),
            ..Filter::default()
        });
        filters.push(Filter {
            job_type: Some(t),
            ..period(Some("2024-05-20"), Some("2025-09-01"))
        });
    }
    filters.extend([
        Filter {
            municipality: Some(MunicipalityId::new("tanum")),
            ..Filter::default()
        },
        Filter {
            performer: Some(samverka_model::PerformerKind::Municipal),
            ..period(Some("2025-01-01"), Some("2026-01-01"))
        },
        Filter {
            unit: Some(unit.clone()),
            ..period(Some("2024-02-02"), None)
        },
        Filter {
            requester: Some(samverka_model::Requester::DISPATCH),
            ..Filter::default()
        },
    ]);
    filters
}

async fn assert_counts(s: &SharedStorage, expected: &[StatsRow], filters: &[Filter], when: &str) {
    for f in filters {
        assert_eq!(
            s.stats(f).await.unwrap(),
            aggregate(expected, f),
            "{when}, filter {f:?}"
        );
    }
}

/// The report after every way a form is written or changed — pushed, imported, replaced by a
/// later submission (another outcome, municipality, actions, none), not replaced by an older
/// one, changed, its actions taken or added and deleted by an operator — equals the model's
/// under periods that cut months anywhere, job types, and the filters PostgreSQL's roll-up
/// (migration 13) cannot answer; on PostgreSQL the roll-up is what answers (spoiling it shows)
/// and the migration's filling of it from stored forms counts the same.
async fn rollup_suite(s: SharedStorage, op: Operator) {
    s.migrate().await.unwrap();
    let a = unit(&s, "rollup-a").await;
    let auth = enrolled(&s, &a, "code-rollup", "token-rollup").await;
    let (mut entries, mut expected) = submitted_jobs(&auth, &a, 80);
    s.store_entries(&auth, &entries, NOW).await.unwrap();
    let filters = rollup_filters(&a);
    assert_counts(&s, &expected, &filters, "pushed").await;

    // Paper forms in the same months as the phones' ones.
    let paper: Vec<StatsRow> = (0..40u64)
        .map(|i| StatsRow {
            job_id: format!("paper-{i}"),
            date: format!("2025-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            unit: None,
            form: samverka_model::sample::form(
                1_000 + i,
                JobType::ALL[(i % 4) as usize],
                &MunicipalityId::new("tanum"),
            ),
        })
        .collect();
    s.import_stats(&paper).await.unwrap();
    expected.extend(paper.iter().cloned());
    assert_counts(&s, &expected, &filters, "imported").await;

    // Later submissions of two jobs replace their forms; an older one of a third does not.
    let submitted = |row: &StatsRow| {
        entries
            .iter()
            .find(|e| {
                e.job.to_string() == row.job_id && matches!(e.body, EntryBody::FormSubmitted { .. })
            })
            .cloned()
            .unwrap()
    };
    let mut resubmit = Vec::new();
    for (k, wall) in [
        (0usize, 1_900_000_000_000u64),
        (5, 1_900_000_001_000),
        (9, 1_600_000_000_000),
    ] {
        let mut e = submitted(&expected[k]);
        let EntryBody::FormSubmitted { at, form } = &e.body else {
            unreachable!()
        };
        let mut form = form.clone();
        if k == 0 {
            form.outcome = Some(samverka_model::form::Outcome::Declined);
            form.municipality = Some(MunicipalityId::new("lysekil"));
            form.actions = Some(vec!["oxygen".into(), "ecg".into()]);
        } else {
            form.actions = None;
            form.problem = Some("fall".into());
        }
        if wall > 1_700_000_000_000 {
            expected[k].form = form.clone();
        }
        e.body = EntryBody::FormSubmitted { at: *at, form };
        e.seq = entries.len() as u64 + resubmit.len() as u64 + 1;
        e.hlc = HlcClock::new(auth.device).tick(wall);
        resubmit.push(e);
    }
    s.store_entries(&auth, &resubmit, NOW).await.unwrap();
    entries.extend(resubmit);
    assert_counts(&s, &expected, &filters, "resubmitted").await;

    // An operator changes a form, takes a form's actions, adds one, deletes a form.
    let row = |rows: &[StatsRow], id: &str| rows.iter().position(|r| r.job_id == id).unwrap();
    for sql in [
        "UPDATE stats_forms SET municipality = 'munkedal', outcome = 'declined' WHERE job_id = 'paper-3'",
        "DELETE FROM stats_form_actions WHERE job_id = 'paper-5'",
        "INSERT INTO stats_form_actions (job_id, action) VALUES ('paper-9', 'added_by_hand')",
        "DELETE FROM stats_form_actions WHERE job_id = 'paper-7'",
        "DELETE FROM stats_form_docs WHERE job_id = 'paper-7'",
        "DELETE FROM stats_forms WHERE job_id = 'paper-7'",
    ] {
        op.execute(sql).await.unwrap();
    }
    let i = row(&expected, "paper-3");
    expected[i].form.municipality = Some(MunicipalityId::new("munkedal"));
    expected[i].form.outcome = Some(samverka_model::form::Outcome::Declined);
    let i = row(&expected, "paper-5");
    expected[i].form.actions = None;
    let i = row(&expected, "paper-9");
    expected[i]
        .form
        .actions
        .get_or_insert_with(Vec::new)
        .push("added_by_hand".into());
    expected.remove(row(&expected, "paper-7"));
    assert_counts(&s, &expected, &filters, "changed by an operator").await;

    if let Operator::Postgres(_) = op {
        // Spoilt, the roll-up shows in what it answers and not in what the forms count.
        op.execute("UPDATE stats_rollup SET n = n + 1000 WHERE dim = 'total'")
            .await
            .unwrap();
        assert_ne!(
            s.stats(&Filter::default()).await.unwrap(),
            aggregate(&expected, &Filter::default())
        );
        assert_counts(
            &s,
            &expected,
            &filters[filters.len() - 4..],
            "roll-up spoilt",
        )
        .await;
        // Emptied and filled again as migration 13 fills it from the stored forms.
        op.execute("DELETE FROM stats_rollup").await.unwrap();
        assert!(s.stats(&Filter::default()).await.unwrap().is_empty());
        let migration = include_str!("../../migrations/region-postgres/0013_stats_rollup.sql");
        let (_, fill) = migration
            .split_once("-- The forms stored before this migration.")
            .unwrap();
        for sql in fill.split(';').filter(|q| !q.trim().is_empty()) {
            op.execute(sql).await.unwrap();
        }
        assert_counts(&s, &expected, &filters, "filled by the migration").await;
    }
}

/// The patient's identity as a nurse types it: Skatteverket's test number and a name.
fn identity() -> EntryBody {
    let today = time::Date::from_calendar_date(2026, time::Month::November, 25).unwrap();
    EntryBody::Identity(Patch::set(PatientIdentity {
        personal_number: Some(PersonalNumber::parse("19121212-1212", today).unwrap()),
        name: Some("Tolvan Tolvansson".into()),
    }))
}

/// The same store, also as its concrete type, to run SQL as an operator would.
enum Operator {
    Sqlite(SqliteStorage),
    Postgres(PostgresStorage),
}

impl Operator {
    async fn execute(&self, sql: &str) -> Result<u64, StorageError> {
        match self {
            Operator::Sqlite(s) => s.execute_as_operator(sql).await,
            Operator::Postgres(s) => s.execute_as_operator(sql).await,
        }
    }
}

fn staff(name: &str, role: Role, unit: Option<&UnitId>) -> Staff {
    Staff {
        name: name.into(),
        role,
        unit: unit.cloned(),
        password_hash: "$argon2id$not-checked-here".into(),
    }
}

fn read(action: AuditAction, at: i64, auth: &DeviceAuth, job: JobId) -> AuditEvent {
    AuditEvent {
        at: later(at),
        action,
        role: Role::Nurse,
        actor: auth.user.as_str().into(),
        device: Some(auth.device),
        job,
        unit: auth.unit.clone(),
        client: Some("127.0.0.1".into()),
    }
}

/// The security part of the store: a job's entries in region order, revoked tokens told apart,
/// staff scopes (a coach has a known unit, an admin none) read back through sessions, and the
/// audit log: appended in order, read newest first by job and instant, refused any change.
async fn security_suite(s: SharedStorage, operator: Operator) {
    s.migrate().await.unwrap();
    let a = unit(&s, "sec-a").await;
    let b = unit(&s, "sec-b").await;
    let anna = enrolled(&s, &a, "sec-c1", "sec-t1").await;
    let berit = enrolled(&s, &a, "sec-c2", "sec-t2").await;

    // A job with identity entries from two devices: read back whole, in region order.
    let mut mine = entries(&anna, &a, 4);
    mine[2].body = identity();
    s.store_entries(&anna, &mine, NOW).await.unwrap();
    let job = mine[0].job;
    let mut hers = entries(&berit, &a, 2);
    for e in &mut hers {
        e.job = job;
    }
    hers.remove(0);
    hers[0].seq = 1;
    s.store_entries(&berit, &hers, NOW).await.unwrap();
    let more = entries(&anna, &a, 6)[4..].to_vec();
    let more: Vec<Entry> = more
        .into_iter()
        .enumerate()
        .map(|(i, mut e)| {
            e.job = job;
            e.seq = 5 + i as u64;
            e
        })
        .collect();
    s.store_entries(&anna, &more, NOW).await.unwrap();
    let read_back = s.job_entries(job).await.unwrap();
    let expected: Vec<Entry> = mine.iter().chain(&hers).chain(&more).cloned().collect();
    assert_eq!(read_back, expected, "every entry, in the order stored");
    assert!(
        s.job_entries(JobId(uuid::Uuid::new_v4()))
            .await
            .unwrap()
            .is_empty()
    );

    // Revoked tokens are told apart from unknown ones, and only after revocation.
    assert!(!s.is_revoked("sec-t2").await.unwrap());
    assert!(s.revoke_device(berit.device, later(10)).await.unwrap());
    assert!(s.is_revoked("sec-t2").await.unwrap());
    assert!(!s.is_revoked("no-such-token").await.unwrap());
    assert!(!s.is_revoked("sec-t1").await.unwrap());

    // Staff scopes.
    let err = s.put_staff(&staff("c0", Role::Coach, None), NOW).await;
    assert!(matches!(err, Err(StorageError::Invalid(_))), "{err:?}");
    let err = s
        .put_staff(&staff("c0", Role::Coach, Some(&UnitId::new("nope"))), NOW)
        .await;
    assert!(matches!(err, Err(StorageError::NotFound(_))), "{err:?}");
    let err = s.put_staff(&staff("a0", Role::Admin, Some(&a)), NOW).await;
    assert!(matches!(err, Err(StorageError::Invalid(_))), "{err:?}");
    let err = s.put_staff(&staff("n0", Role::Nurse, Some(&a)), NOW).await;
    assert!(matches!(err, Err(StorageError::Invalid(_))), "{err:?}");
    assert_eq!(
        s.staff("c0").await.unwrap(),
        None,
        "nothing refused was stored"
    );
    s.put_staff(&staff("coach.b", Role::Coach, Some(&b)), NOW)
        .await
        .unwrap();
    s.put_staff(&staff("admin", Role::Admin, None), NOW)
        .await
        .unwrap();
    assert_eq!(
        s.staff("coach.b").await.unwrap().and_then(|c| c.unit),
        Some(b.clone())
    );
    s.add_session("sess-coach", "coach.b", NOW, later(60_000))
        .await
        .unwrap();
    s.add_session("sess-admin", "admin", NOW, later(60_000))
        .await
        .unwrap();
    assert_eq!(
        s.session("sess-coach", later(1)).await.unwrap(),
        Some(StaffAuth {
            name: "coach.b".into(),
            role: Role::Coach,
            unit: Some(b.clone()),
        })
    );
    assert_eq!(
        s.session("sess-admin", later(1)).await.unwrap(),
        Some(StaffAuth {
            name: "admin".into(),
            role: Role::Admin,
            unit: None,
        })
    );
    // Moving a coach to another unit moves their scope with the very next request.
    s.put_staff(&staff("coach.b", Role::Coach, Some(&a)), NOW)
        .await
        .unwrap();
    assert_eq!(
        s.session("sess-coach", later(2))
            .await
            .unwrap()
            .and_then(|c| c.unit),
        Some(a.clone())
    );

    // The audit log: appended in order, newest first, by job and instant, bounded.
    let other_job = entries(&anna, &a, 1)[0].job;
    s.append_audit(&[]).await.unwrap();
    s.append_audit(&[read(AuditAction::JobRead, 100, &anna, job)])
        .await
        .unwrap();
    let coach_read = AuditEvent {
        role: Role::Coach,
        actor: "coach.b".into(),
        device: None,
        client: None,
        ..read(AuditAction::JobRead, 200, &anna, job)
    };
    s.append_audit(&[coach_read.clone(), read(AuditAction::Pull, 300, &anna, job)])
        .await
        .unwrap();
    let all = |job, since, limit| AuditQuery { job, since, limit };
    let got = s.audit(&all(None, None, 100)).await.unwrap();
    let order: Vec<(AuditAction, i64)> = got
        .iter()
        .map(|r| (r.event.action, r.event.at.0 - NOW.0))
        .collect();
    assert_eq!(
        order,
        vec![
            (AuditAction::Pull, 300),
            (AuditAction::JobRead, 200),
            (AuditAction::JobRead, 100)
        ],
        "newest first"
    );
    assert!(got[0].id > got[1].id && got[1].id > got[2].id);
    assert_eq!(got[1].event, coach_read, "read back as written");
    assert_eq!(got[2].event, read(AuditAction::JobRead, 100, &anna, job));
    assert_eq!(s.audit(&all(None, None, 2)).await.unwrap().len(), 2);
    assert_eq!(
        s.audit(&all(None, Some(later(200)), 100))
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        s.audit(&all(Some(other_job), None, 100))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.audit(&all(Some(job), None, 100)).await.unwrap().len(), 3);
    // A nurse's read names the device, a coach's does not: the database insists (a value it
    // refuses, never "storage unavailable").
    let err = s
        .append_audit(&[AuditEvent {
            device: None,
            ..read(AuditAction::Pull, 400, &anna, job)
        }])
        .await;
    assert!(matches!(err, Err(StorageError::Refused(_))), "{err:?}");
    // All or none: a batch with one bad record leaves no record.
    let err = s
        .append_audit(&[
            read(AuditAction::Pull, 500, &anna, job),
            AuditEvent {
                job: JobId(uuid::Uuid::new_v4()),
                ..read(AuditAction::Pull, 500, &anna, job)
            },
        ])
        .await;
    assert!(err.is_err());
    assert_eq!(s.audit(&all(None, None, 100)).await.unwrap().len(), 3);

    // Append-only, even for an operator at the database prompt.
    for sql in [
        "UPDATE audit_log SET actor = 'someone else'",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE audit_id = (SELECT min(audit_id) FROM audit_log)",
    ] {
        let err = operator.execute(sql).await;
        assert!(
            matches!(&err, Err(StorageError::Database(m)) if m.contains("append-only")),
            "{sql}: {err:?}"
        );
    }
    if let Operator::Postgres(_) = operator {
        let err = operator.execute("TRUNCATE audit_log").await;
        assert!(err.is_err(), "TRUNCATE: {err:?}");
    }
    assert_eq!(s.audit(&all(None, None, 100)).await.unwrap(), got);
}

/// A taken quality test: `right` of `asked` questions of bank `b` answered right.
fn quiz(unit: &UnitId, nurse: &str, finished: Timestamp, asked: usize, right: usize) -> QuizResult {
    QuizResult {
        id: uuid::Uuid::new_v4(),
        nurse: UserId::new(nurse),
        unit: unit.clone(),
        content_version: 3,
        started_at: Timestamp(finished.0 - 600_000),
        finished_at: finished,
        answers: (0..asked)
            .map(|i| Answer {
                question: format!("q{i}"),
                bank: "b".into(),
                chosen: Some(usize::from(i < right)),
                correct: i < right,
            })
            .collect(),
    }
}

fn day(y: i32, m: u8, d: u8) -> time::Date {
    time::Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
}

/// The coaches' corner: a result stored twice is stored once and says so, a changed one under
/// the same id is refused; per-question counts by unit; checklist marks round-trip, a later
/// confirmation replacing an earlier one; the unit's nurses come from marks, results and
/// devices.
async fn coach_suite(s: SharedStorage) {
    s.migrate().await.unwrap();
    let a = unit(&s, "coach-a").await;
    let b = unit(&s, "coach-b").await;
    enrolled(&s, &a, "code-coach", "token-coach").await; // user "anna"

    let first = quiz(&a, "anna", NOW, 5, 4);
    assert!(s.store_quiz_result(&first, NOW).await.unwrap(), "new");
    assert!(
        !s.store_quiz_result(&first, later(1)).await.unwrap(),
        "already held"
    );
    let mut changed = first.clone();
    changed.answers[0].correct = false;
    assert!(matches!(
        s.store_quiz_result(&changed, later(2)).await,
        Err(StorageError::ResultConflict(id)) if id == first.id
    ));
    let mut elsewhere = quiz(&UnitId::new("nope"), "anna", NOW, 1, 1);
    assert!(matches!(
        s.store_quiz_result(&elsewhere, NOW).await,
        Err(StorageError::NotFound(_))
    ));
    // Bertil fails (2 of 5), a nurse of unit B answers everything right.
    s.store_quiz_result(&quiz(&a, "bertil", later(10), 5, 2), NOW)
        .await
        .unwrap();
    elsewhere.unit = b.clone();
    elsewhere.nurse = UserId::new("cecilia");
    s.store_quiz_result(&elsewhere, NOW).await.unwrap();

    let stats = s.question_stats(&a).await.unwrap();
    let counts: Vec<(&str, &str, u32, u32)> = stats
        .iter()
        .map(|q| (q.bank.as_str(), q.question.as_str(), q.asked, q.right))
        .collect();
    assert_eq!(
        counts,
        vec![
            ("b", "q0", 2, 2),
            ("b", "q1", 2, 2),
            ("b", "q2", 2, 1),
            ("b", "q3", 2, 1),
            ("b", "q4", 2, 0),
        ]
    );
    assert_eq!(s.question_stats(&b).await.unwrap().len(), 1);
    assert_eq!(
        s.passed_quiz_results(&a).await.unwrap(),
        vec![(UserId::new("anna"), NOW)],
        "only passed results"
    );

    let mark = |nurse: &str, item, done_on, by: &str| ChecklistMark {
        nurse: UserId::new(nurse),
        unit: a.clone(),
        item,
        done_on,
        confirmed_by: by.into(),
    };
    let hlr = mark("david", TrainingItem::SHlrAdult, day(2026, 1, 5), "coach-1");
    let intro = mark(
        "david",
        TrainingItem::CoachIntroduction,
        day(2025, 12, 1),
        "coach-1",
    );
    s.put_mark(&hlr, NOW).await.unwrap();
    s.put_mark(&intro, NOW).await.unwrap();
    let again = mark("david", TrainingItem::SHlrAdult, day(2026, 2, 9), "coach-2");
    s.put_mark(&again, later(5)).await.unwrap();
    let mut expected = vec![intro.clone(), again.clone()];
    expected.sort_by_key(|m| samverka_model::codes::code(&m.item));
    assert_eq!(
        s.marks(&a).await.unwrap(),
        expected,
        "one row per nurse and item"
    );
    assert!(s.marks(&b).await.unwrap().is_empty());
    let mut stray = hlr.clone();
    stray.unit = UnitId::new("nope");
    assert!(matches!(
        s.put_mark(&stray, NOW).await,
        Err(StorageError::NotFound(_))
    ));

    let names = |v: Vec<UserId>| {
        v.into_iter()
            .map(|u| u.as_str().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(s.unit_nurses(&a).await.unwrap()),
        ["anna", "bertil", "david"]
    );
    assert_eq!(names(s.unit_nurses(&b).await.unwrap()), ["cecilia"]);

    // Display names (#18): per unit and nurse, a later one replaces the earlier; a name is
    // kept apart from the list of nurses (naming someone does not make her one).
    let anna = UserId::new("anna");
    s.put_nurse_name(&a, &anna, "Anna Andersson", NOW)
        .await
        .unwrap();
    s.put_nurse_name(&a, &anna, "Anna Berg", later(1))
        .await
        .unwrap();
    s.put_nurse_name(&b, &anna, "Anna i Tanum", NOW)
        .await
        .unwrap();
    s.put_nurse_name(&a, &UserId::new("erik"), "Erik Ek", NOW)
        .await
        .unwrap();
    assert_eq!(
        s.nurse_names(&a).await.unwrap(),
        [
            (anna.clone(), "Anna Berg".to_owned()),
            (UserId::new("erik"), "Erik Ek".to_owned())
        ]
    );
    assert_eq!(
        s.nurse_names(&b).await.unwrap(),
        [(anna.clone(), "Anna i Tanum".to_owned())]
    );
    assert_eq!(
        names(s.unit_nurses(&a).await.unwrap()),
        ["anna", "bertil", "david"]
    );
    assert!(matches!(
        s.put_nurse_name(&UnitId::new("nope"), &anna, "Anna", NOW)
            .await,
        Err(StorageError::NotFound(_))
    ));
    // The database refuses an empty or overlong name even past the region's own check.
    for bad in [String::new(), "x".repeat(101)] {
        let err = s.put_nurse_name(&a, &anna, &bad, NOW).await;
        assert!(matches!(err, Err(StorageError::Refused(_))), "{err:?}");
    }
    assert!(samverka_region::storage::check_display_name("  ").is_err());
    assert!(samverka_region::storage::check_display_name("Anna\nBerg").is_err());
    assert_eq!(
        samverka_region::storage::check_display_name(" Åsa Öberg ").unwrap(),
        "Åsa Öberg"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_coach() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("coach.db").display());
    coach_suite(samverka_region::storage::open(&url).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_coach() {
    let pg = Postgres::start();
    coach_suite(
        samverka_region::storage::open(&pg.database("coach"))
            .await
            .unwrap(),
    )
    .await;
}

/// The age bands' migration (12) gives every stored row the report's ten-year band from its
/// form again: rows stored with the old bands count, after it, as the model counts them.
async fn age_bands_suite(s: SharedStorage, op: Operator, migration: &str) {
    s.migrate().await.unwrap();
    let rows: Vec<StatsRow> = (0..121u16)
        .map(|age| {
            let mut r = samverka_model::stats::StatsRow {
                job_id: format!("age-{age}"),
                date: "2025-06-01".into(),
                unit: None,
                form: samverka_model::sample::form(
                    u64::from(age),
                    JobType::ALL[usize::from(age % 4)],
                    &MunicipalityId::new("orust"),
                ),
            };
            // Every age once, and one form without an age.
            r.form.patient_age = (age < 120).then_some(age);
            r
        })
        .collect();
    s.import_stats(&rows).await.unwrap();
    // As a region before the migration stored them.
    op.execute("UPDATE stats_forms SET age_band = '85+'")
        .await
        .unwrap();
    assert_ne!(
        s.stats(&Filter::default()).await.unwrap(),
        aggregate(&rows, &Filter::default())
    );
    assert_eq!(op.execute(migration).await.unwrap(), 121);
    assert_eq!(
        s.stats(&Filter::default()).await.unwrap(),
        aggregate(&rows, &Filter::default())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_age_bands() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStorage::open(dir.path().join("ages.db").to_str().unwrap()).unwrap();
    let migration = include_str!("../../migrations/region-sqlite/12-age-bands/up.sql");
    age_bands_suite(Arc::new(store.clone()), Operator::Sqlite(store), migration).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_age_bands() {
    let pg = Postgres::start();
    let store = PostgresStorage::connect(&pg.database("ages"))
        .await
        .unwrap();
    let migration = include_str!("../../migrations/region-postgres/0012_age_bands.sql");
    age_bands_suite(
        Arc::new(store.clone()),
        Operator::Postgres(store),
        migration,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_security() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStorage::open(dir.path().join("security.db").to_str().unwrap()).unwrap();
    security_suite(Arc::new(store.clone()), Operator::Sqlite(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_security() {
    let pg = Postgres::start();
    let store = PostgresStorage::connect(&pg.database("security"))
        .await
        .unwrap();
    security_suite(Arc::new(store.clone()), Operator::Postgres(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_stats() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("stats.db").display());
    stats_suite(samverka_region::storage::open(&url).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_stats() {
    let pg = Postgres::start();
    stats_suite(
        samverka_region::storage::open(&pg.database("stats"))
            .await
            .unwrap(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_rollup() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStorage::open(dir.path().join("rollup.db").to_str().unwrap()).unwrap();
    rollup_suite(Arc::new(store.clone()), Operator::Sqlite(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_rollup() {
    let pg = Postgres::start();
    let store = PostgresStorage::connect(&pg.database("rollup"))
        .await
        .unwrap();
    rollup_suite(Arc::new(store.clone()), Operator::Postgres(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_content() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("content.db").display());
    content_suite(samverka_region::storage::open(&url).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_content() {
    let pg = Postgres::start();
    content_suite(
        samverka_region::storage::open(&pg.database("content"))
            .await
            .unwrap(),
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_storage() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("suite.db").display());
    suite(samverka_region::storage::open(&url).await.unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_storage() {
    let pg = Postgres::start();
    suite(
        samverka_region::storage::open(&pg.database("suite"))
            .await
            .unwrap(),
    )
    .await;
}

// Assistance requests from health centres (#9, part 5).

fn assistance(unit: &UnitId, visit: Timestamp) -> samverka_model::request::AssistanceRequest {
    use samverka_model::request::{AssistanceRequest, TaskKind};
    AssistanceRequest {
        unit: unit.clone(),
        performer: samverka_model::PerformerKind::Municipal,
        task: TaskKind::Catheter,
        personal_number: PersonalNumber::parse("19121212-1212", day(2026, 3, 14)).unwrap(),
        name: "Tolvan Tolvansson".into(),
        address: "Storgatan 1, Henån".into(),
        patient_phone: "0304-123 45".into(),
        description: "KAD stopp".into(),
        enrolled: false,
        doctors_order: Some(true),
        callback_phone: "0522-999 00".into(),
        visit_at: visit,
        patient_age: 113,
    }
}

fn request_record(
    unit: &UnitId,
    centre: &str,
    created: i64,
) -> samverka_model::request::RequestRecord {
    samverka_model::request::RequestRecord {
        id: samverka_model::request::RequestId(uuid::Uuid::new_v4()),
        centre: centre.into(),
        requested_by: "vc.anna".into(),
        created_at: later(created),
        request: assistance(unit, later(created + 3_600_000)),
        answer: None,
    }
}

/// Requests on the store: unit kinds and the units a centre may ask, requester accounts beside
/// coaches and admins, requests stored once and listed per centre (newest first) and per unit
/// (open and recently answered, oldest first), an answer stored once (a repeat harmless, any
/// other refused), the request audit log, and triggers refusing changes to answered requests
/// and to the log.
async fn requests_suite(s: SharedStorage, operator: Operator) {
    use samverka_model::content::UnitKind;
    use samverka_model::request::{RequestAnswer, RequestAnswered, RequestStatus};
    use samverka_region::storage::{AnswerStored, RequestReadEvent, RequesterAccount};
    s.migrate().await.unwrap();
    let a = unit(&s, "req-a").await;
    let b = unit(&s, "req-b").await;
    let c = unit(&s, "req-c").await;
    s.put_unit_kind(&a, UnitKind::Municipal).await.unwrap();
    s.put_unit_kind(&b, UnitKind::Ambulance).await.unwrap();
    s.put_unit_kind(&c, UnitKind::Hospital).await.unwrap();
    assert!(matches!(
        s.put_unit_kind(&UnitId::new("nope"), UnitKind::Municipal)
            .await,
        Err(StorageError::NotFound(_))
    ));
    let units = s.request_units().await.unwrap();
    let ids: Vec<(&str, samverka_model::PerformerKind)> =
        units.iter().map(|u| (u.id.as_str(), u.kind)).collect();
    assert_eq!(
        ids,
        [
            ("req-a", samverka_model::PerformerKind::Municipal),
            ("req-b", samverka_model::PerformerKind::Ambulance)
        ]
    );

    // Requesters: a centre, a role of their own, and nothing of a coach's.
    let henan = RequesterAccount {
        name: "vc.anna".into(),
        centre: "Vårdcentralen Henån".into(),
        password_hash: "$argon2id$not-checked-here".into(),
    };
    s.put_requester(&henan, NOW).await.unwrap();
    assert!(matches!(
        s.put_requester(
            &RequesterAccount {
                centre: " ".into(),
                ..henan.clone()
            },
            NOW
        )
        .await,
        Err(StorageError::Invalid(_))
    ));
    assert_eq!(
        s.requester_centre("vc.anna").await.unwrap().as_deref(),
        Some("Vårdcentralen Henån")
    );
    let as_staff = s.staff("vc.anna").await.unwrap().unwrap();
    assert_eq!((as_staff.role, as_staff.unit), (Role::Requester, None));
    s.add_session("req-session", "vc.anna", NOW, later(60_000))
        .await
        .unwrap();
    let session = s.session("req-session", NOW).await.unwrap().unwrap();
    assert_eq!(session.role, Role::Requester);
    assert!(matches!(
        s.put_staff(&staff("vc.bo", Role::Requester, None), NOW)
            .await,
        Err(StorageError::Invalid(_))
    ));
    // A requester made a coach loses the centre; the coach is not a requester.
    s.put_requester(
        &RequesterAccount {
            name: "vc.turned".into(),
            ..henan.clone()
        },
        NOW,
    )
    .await
    .unwrap();
    s.put_staff(&staff("vc.turned", Role::Coach, Some(&a)), NOW)
        .await
        .unwrap();
    assert_eq!(s.requester_centre("vc.turned").await.unwrap(), None);
    s.put_staff(&staff("coach.req", Role::Coach, Some(&a)), NOW)
        .await
        .unwrap();
    assert_eq!(s.requester_centre("coach.req").await.unwrap(), None);

    // Stored once, listed per centre and per unit.
    let r1 = request_record(&a, "Vårdcentralen Henån", 0);
    let r2 = request_record(&a, "Vårdcentralen Henån", 1_000);
    let r3 = request_record(&b, "Vårdcentralen Henån", 2_000);
    let other = request_record(&a, "Jourcentralen Uddevalla", 3_000);
    for r in [&r1, &r2, &r3, &other] {
        s.store_request(r).await.unwrap();
    }
    assert!(matches!(
        s.store_request(&r1).await,
        Err(StorageError::Duplicate(_))
    ));
    assert!(matches!(
        s.store_request(&request_record(&UnitId::new("nope"), "x", 0))
            .await,
        Err(StorageError::NotFound(_))
    ));
    assert_eq!(s.request(r1.id).await.unwrap().as_ref(), Some(&r1));
    let ids = |rs: Vec<samverka_model::request::RequestRecord>| {
        rs.into_iter().map(|r| r.id).collect::<Vec<_>>()
    };
    assert_eq!(
        ids(s.centre_requests("Vårdcentralen Henån", 10).await.unwrap()),
        [r3.id, r2.id, r1.id]
    );
    assert_eq!(
        ids(s.centre_requests("Vårdcentralen Henån", 2).await.unwrap()),
        [r3.id, r2.id]
    );
    assert_eq!(
        ids(s.unit_requests(&a, NOW).await.unwrap()),
        [r1.id, r2.id, other.id]
    );

    // Answered once: a repeat is harmless, another device's or another answer refused.
    let d1 = DeviceId(uuid::Uuid::new_v4());
    let d2 = DeviceId(uuid::Uuid::new_v4());
    let decline = RequestAnswered {
        answer: RequestAnswer::Decline {
            reason: "Upptagen på IVPA-larm".into(),
        },
        answered_by: UserId::new("anna"),
        device: d1,
        answered_at: later(10_000),
    };
    let AnswerStored::Stored(held) = s.answer_request(r1.id, &decline).await.unwrap() else {
        panic!("first answer not stored");
    };
    assert_eq!(held.status(), RequestStatus::Declined);
    assert_eq!(s.request(r1.id).await.unwrap().unwrap(), held);
    assert_eq!(
        s.answer_request(r1.id, &decline).await.unwrap(),
        AnswerStored::Repeat(held.clone())
    );
    let accept = RequestAnswered {
        answer: RequestAnswer::Accept {
            job: JobId(uuid::Uuid::new_v4()),
        },
        answered_by: UserId::new("berit"),
        device: d2,
        answered_at: later(11_000),
    };
    assert_eq!(
        s.answer_request(r1.id, &accept).await.unwrap(),
        AnswerStored::AlreadyAnswered(held.clone())
    );
    let changed_mind = RequestAnswered {
        device: d1,
        ..accept.clone()
    };
    assert_eq!(
        s.answer_request(r1.id, &changed_mind).await.unwrap(),
        AnswerStored::AlreadyAnswered(held.clone())
    );
    let AnswerStored::Stored(taken) = s.answer_request(r2.id, &accept).await.unwrap() else {
        panic!("accept not stored");
    };
    assert_eq!(taken.status(), RequestStatus::Accepted);
    assert!(matches!(
        s.answer_request(
            samverka_model::request::RequestId(uuid::Uuid::new_v4()),
            &accept
        )
        .await,
        Err(StorageError::NotFound(_))
    ));
    // Answered ones stay in the unit's list only while recent.
    assert_eq!(
        ids(s.unit_requests(&a, later(10_500)).await.unwrap()),
        [r2.id, other.id]
    );
    assert_eq!(
        ids(s.unit_requests(&a, later(20_000)).await.unwrap()),
        [other.id]
    );

    // The audit log of deliveries, newest first, per request.
    let read = |at: i64, r: &samverka_model::request::RequestRecord| RequestReadEvent {
        at: later(at),
        role: Role::Nurse,
        actor: "anna".into(),
        device: Some(d1),
        request: r.id,
        unit: a.clone(),
        client: Some("127.0.0.1".into()),
    };
    s.append_request_audit(&[read(1, &r1), read(1, &r2)])
        .await
        .unwrap();
    s.append_request_audit(&[read(2, &r1)]).await.unwrap();
    let log = s.request_audit(None, 10).await.unwrap();
    assert_eq!(log.len(), 3);
    assert!(log.windows(2).all(|w| w[0].id > w[1].id));
    assert_eq!(log[0].event, read(2, &r1));
    let of_r2 = s.request_audit(Some(r2.id), 10).await.unwrap();
    assert_eq!(of_r2.len(), 1);
    assert_eq!(of_r2[0].event, read(1, &r2));

    // The database itself refuses changing an answer, removing a request, editing the log.
    let r1_id = r1.id;
    for sql in [
        format!("UPDATE requests SET status = 'accepted' WHERE request_id = '{r1_id}'"),
        format!("DELETE FROM requests WHERE request_id = '{r1_id}'"),
        "UPDATE request_audit_log SET actor = 'x'".to_owned(),
        "DELETE FROM request_audit_log".to_owned(),
    ] {
        assert!(operator.execute(&sql).await.is_err(), "{sql}");
    }
    assert_eq!(s.request(r1.id).await.unwrap().unwrap(), held);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_requests() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStorage::open(dir.path().join("requests.db").to_str().unwrap()).unwrap();
    requests_suite(Arc::new(store.clone()), Operator::Sqlite(store)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_requests() {
    let pg = Postgres::start();
    let store = PostgresStorage::connect(&pg.database("requests"))
        .await
        .unwrap();
    requests_suite(Arc::new(store.clone()), Operator::Postgres(store)).await;
}
