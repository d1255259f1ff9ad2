//! A phone: a device store on a temp file, enrolled with a region, writing realistic taps.

use samverka_device::sync::{self, Batches, ClientOptions, SyncClient, SyncError, SyncReport};
use samverka_device::{DatabaseKey, Store};
use samverka_model::coach::{QuizResult, grade};
use samverka_model::doc::Patch;
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::record::RecordText;
use samverka_model::{
    Entry, EntryBody, JobId, JobType, JobView, MunicipalityId, Step, Timestamp, UnitId, UserId,
};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Taps per job before the phone starts a new one.
pub const TAPS_PER_JOB: u64 = 40;

/// A device under test.
pub struct Phone {
    /// The store (shared with the sync client, as the app shares it).
    pub store: Arc<Mutex<Store>>,
    /// The client, possibly pointed at a fault proxy.
    pub client: SyncClient,
    /// The unit it was enrolled into.
    pub unit: UnitId,
    /// The nurse it was enrolled for: the author of everything [`Phone::write`] writes (the
    /// region refuses entries written as anyone else, `foreign_author`).
    pub user: samverka_model::UserId,
    /// Jobs this phone created.
    pub own_jobs: Vec<JobId>,
    /// The database key (a phone's comes from its keystore; a test keeps it here).
    pub key: DatabaseKey,
    job: Option<(JobId, u64)>,
    clock: i64,
    _dir: tempfile::TempDir,
}

/// 2026-03-14 02:58 UTC: the night shift the field tests happen in.
const T0: i64 = 1_773_457_080_000;

/// `minute` minutes into the test night.
pub fn night(minute: i64) -> Timestamp {
    Timestamp(T0 + minute * 60_000)
}

/// Syncs every phone, twice round: the first pass pushes, the second brings everyone the
/// others' entries.
pub async fn sync_all(phones: &[&Phone]) {
    for _ in 0..2 {
        for p in phones {
            p.sync(Batches::default()).await.expect("sync");
        }
    }
}

impl Phone {
    /// Records `body` on `job` as `nurse`, `minute` minutes into the test night; a refusal
    /// fails the test with who and when.
    pub fn tap(&self, nurse: &str, job: JobId, minute: i64, body: EntryBody) {
        self.store
            .lock()
            .expect("store")
            .record(&UserId::new(nurse), job, body, night(minute))
            .unwrap_or_else(|e| panic!("{nurse} at minute {minute}: {e}"));
    }

    /// The job as this phone folds it.
    pub fn view(&self, job: JobId) -> JobView {
        self.store
            .lock()
            .expect("store")
            .job(job)
            .expect("read job")
            .expect("the phone holds the job")
    }

    /// A new phone enrolled with `code` at `region_url`; it syncs through `sync_url` (the
    /// region itself or a proxy in front of it).
    pub async fn enroll(region_url: &str, sync_url: &str, code: &str) -> Self {
        Self::try_enroll(region_url, sync_url, code, None)
            .await
            .expect("enrol")
    }

    /// A new phone that trusts the certificate(s) in `trusted_pem` besides the public roots
    /// (a region serving TLS with a generated certificate), for enrolling and syncing.
    pub async fn enroll_trusting(
        region_url: &str,
        sync_url: &str,
        code: &str,
        trusted_pem: &[u8],
    ) -> Self {
        Self::try_enroll(region_url, sync_url, code, Some(trusted_pem))
            .await
            .expect("enrol")
    }

    /// Enrols a new phone, trusting `trusted_pem` if given; the error is the enrolment's, for
    /// tests of what a phone refuses.
    pub async fn try_enroll(
        region_url: &str,
        sync_url: &str,
        code: &str,
        trusted_pem: Option<&[u8]>,
    ) -> Result<Self, SyncError> {
        let dir = tempfile::tempdir().expect("temp dir");
        let key = DatabaseKey::generate();
        let store = Arc::new(Mutex::new(
            Store::open(dir.path().join("phone.db"), &key).expect("open store"),
        ));
        // Explicit options, never the environment's: a test sees exactly what it pinned.
        let trusted_root_pem = trusted_pem.map(<[u8]>::to_vec);
        let enrolling = ClientOptions {
            trusted_root_pem: trusted_root_pem.clone(),
            ..ClientOptions::default()
        };
        let enrollment = sync::enroll_with(&store, region_url, code, &enrolling).await?;
        let options = ClientOptions {
            timeout: Duration::from_secs(5),
            keep_alive: false,
            trusted_root_pem,
        };
        let client = SyncClient::new(sync_url, &options)?;
        Ok(Self {
            store,
            client,
            unit: enrollment.unit,
            user: enrollment.user,
            own_jobs: Vec::new(),
            key,
            job: None,
            clock: T0,
            _dir: dir,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    /// Writes `n` accepted entries offline: new jobs of this phone's unit and their
    /// documentation. Returns the entries written.
    pub fn write(&mut self, n: u64) -> u64 {
        let municipality = MunicipalityId::new("test");
        let mut store = self.store.lock().expect("store lock");
        for _ in 0..n {
            self.clock += 15_000;
            let at = Timestamp(self.clock);
            let nurse = self.user.clone();
            match self.job {
                Some((job, k)) if k < TAPS_PER_JOB => {
                    store
                        .record(&nurse, job, samverka_model::sample::tap(k, at), at)
                        .expect("tap");
                    self.job = Some((job, k + 1));
                }
                _ => {
                    let header = samverka_model::sample::header(
                        JobType::Ivpa,
                        &self.unit,
                        &municipality,
                        at,
                    );
                    let e = store.create_job(&nurse, header, at).expect("create job");
                    self.own_jobs.push(e.job);
                    self.job = Some((e.job, 1));
                }
            }
        }
        n
    }

    /// Writes `n` record notes on another phone's job (which this phone has pulled).
    pub fn write_on(&mut self, job: JobId, n: u64) {
        let mut store = self.store.lock().expect("store lock");
        for i in 0..n {
            self.clock += 15_000;
            let at = Timestamp(self.clock);
            let body = samverka_model::sample::tap(6 + i * 5, at); // a record note
            store
                .record(&self.user, job, body, at)
                .expect("tap on shared job");
        }
    }

    /// One sync through this phone's client.
    pub async fn sync(&self, batches: Batches) -> Result<SyncReport, SyncError> {
        sync::sync_once(&self.store, &self.client, batches).await
    }

    /// Every job's read model, sorted by job id.
    pub fn views(&self) -> Vec<JobView> {
        self.lock().all_jobs().expect("jobs")
    }

    /// Own entries written.
    pub fn written(&self) -> u64 {
        self.lock().last_seq()
    }

    /// Takes the quality test offline from the installed banks, as the app does: every question
    /// asked, all answered right but the first `wrong`, graded on the phone and saved. The
    /// result is the enrolled nurse's, for her unit.
    pub fn take_quiz(&self, wrong: usize) -> QuizResult {
        let mut store = self.lock();
        let setup = store.quiz_setup().expect("quiz setup");
        let enrollment = store.enrollment().expect("enrollment").expect("enrolled");
        let chosen: Vec<(String, Option<usize>)> = setup
            .banks
            .iter()
            .flat_map(|b| &b.questions)
            .enumerate()
            .map(|(i, q)| {
                let pick = if i < wrong {
                    (q.correct + 1) % q.options.len()
                } else {
                    q.correct
                };
                (q.id.clone(), Some(pick))
            })
            .collect();
        let finished_at = samverka_device::now();
        let result = QuizResult {
            id: uuid::Uuid::new_v4(),
            nurse: enrollment.user,
            unit: enrollment.unit,
            content_version: setup.content_version.expect("content installed"),
            started_at: Timestamp(finished_at.millis() - 600_000),
            finished_at,
            answers: grade(&setup.banks, &chosen),
        };
        store.save_quiz_result(&result).expect("save result");
        result
    }

    /// Own entries the region has not acknowledged.
    pub fn pending(&self) -> u64 {
        self.lock().sync_status().expect("status").pending
    }
}

/// Tolvan Tolvansson's identity (the Tax Agency's test personnummer), as a nurse types it.
pub fn patient_identity() -> EntryBody {
    EntryBody::Identity(Patch::set(PatientIdentity {
        personal_number: Some(
            PersonalNumber::parse("19121212-1212", time::macros::date!(2026 - 11 - 25))
                .expect("a valid personnummer"),
        ),
        name: Some("Tolvan Tolvansson".into()),
    }))
}

/// A nurse-line job from request to submitted form, with the patient's identity, written by
/// `phone`'s nurse; answers the job and its identity entry. Times are a few minutes before
/// `t0`.
pub fn finished_job(s: &mut Store, phone: &Phone, t0: Timestamp) -> (JobId, Entry) {
    let at = |m: i64| Timestamp(t0.0 - (60 - m) * 60_000);
    let muni = MunicipalityId::new("orust");
    let header = samverka_model::sample::header(JobType::NurseLine, &phone.unit, &muni, at(0));
    let job = s
        .create_job(&phone.user, header, at(0))
        .expect("create job")
        .job;
    let id_entry = s
        .record(&phone.user, job, patient_identity(), at(1))
        .expect("identity");
    s.record(
        &phone.user,
        job,
        EntryBody::Record(Patch::set(RecordText {
            chief_complaint: Some("Yrsel".into()),
            ..Default::default()
        })),
        at(2),
    )
    .expect("tap");
    for (m, step) in [
        (3, Step::Accept),
        (4, Step::Depart),
        (20, Step::Arrive),
        (50, Step::Complete),
    ] {
        s.record(
            &phone.user,
            job,
            EntryBody::Step {
                step,
                at: at(m),
                reason: None,
            },
            at(m),
        )
        .expect("tap");
    }
    // The sample generator's form 1 is a completed nurse-line job.
    let form = samverka_model::sample::form(1, JobType::NurseLine, &muni);
    s.record(
        &phone.user,
        job,
        EntryBody::FormSubmitted { at: at(55), form },
        at(55),
    )
    .expect("tap");
    (job, id_entry)
}
