//! The region's security controls against the real region binary on loopback: unit scopes for
//! nurses (device tokens), coaches and admins; revoked devices; the audit log of identifying
//! reads; attempt limits on enrolment and login; security headers; TLS; slow and idle clients.
#![allow(clippy::unwrap_used, missing_docs)]

use reqwest::StatusCode;
use samverka_model::doc::Patch;
use samverka_model::identity::{PatientIdentity, PersonalNumber};
use samverka_model::sync::{EnrollResponse, PullResponse, PushRequest};
use samverka_model::{
    DeviceId, Entry, EntryBody, HlcClock, JobId, JobType, MunicipalityId, Timestamp, UnitId, UserId,
};
use samverka_region::api::audit::AuditLog;
use samverka_region::api::jobs::JobEntries;
use samverka_region::storage::{AuditAction, Role, SqliteStorage};
use samverka_system_tests::region::{Region, region_bin};
use serde_json::{Value, json};
use std::net::IpAddr;
use std::time::Duration;

const PASSWORD: &str = "ett langt losenord";
/// 2026-03-14 02:58 UTC.
const T0: i64 = 1_773_457_080_000;

/// A nurse's phone, as far as the API sees it: a device id, a token and its entry log.
struct Nurse {
    device: DeviceId,
    token: String,
    unit: UnitId,
    user: UserId,
    seq: u64,
    clock: HlcClock,
}

impl Nurse {
    /// Enrols a new device of `unit` for `user` through `POST /api/v1/enroll`.
    async fn enrol(http: &reqwest::Client, region: &Region, unit: &str, user: &str) -> Self {
        let code = region.code_for(unit, user);
        let device = DeviceId(uuid::Uuid::new_v4());
        let resp = http
            .post(format!("{}/api/v1/enroll", region.url()))
            .json(&json!({ "code": code, "device": device }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let e: EnrollResponse = resp.json().await.unwrap();
        Self {
            device,
            token: e.token,
            unit: e.unit,
            user: e.user,
            seq: 0,
            clock: HlcClock::new(device),
        }
    }

    /// The next entry of this device's log.
    fn entry(&mut self, job: JobId, body: EntryBody) -> Entry {
        self.seq += 1;
        let at = T0 + self.seq as i64 * 1_000;
        Entry {
            device: self.device,
            seq: self.seq,
            job,
            hlc: self.clock.tick(at as u64),
            author: self.user.clone(),
            body,
        }
    }

    /// Creates a job of this nurse's unit with `taps` ordinary taps and, if `identified`, the
    /// patient's identity (twice: entered, then corrected), and pushes it.
    async fn job(&mut self, http: &reqwest::Client, region: &Region, identified: bool) -> JobId {
        let job = JobId(uuid::Uuid::new_v4());
        let at = Timestamp(T0);
        let header = samverka_model::sample::header(
            JobType::Ivpa,
            &self.unit,
            &MunicipalityId::new("orust"),
            at,
        );
        let mut entries = vec![self.entry(job, EntryBody::JobCreated(header))];
        for k in 1..=3 {
            entries.push(self.entry(job, samverka_model::sample::tap(k, at)));
            if identified && k != 2 {
                entries.push(self.entry(job, identity()));
            }
        }
        let resp = http
            .post(format!("{}/api/v1/push", region.url()))
            .bearer_auth(&self.token)
            .json(&PushRequest { entries })
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{:?}", resp.text().await);
        job
    }
}

/// Skatteverket's test number and a name: the identifying entry.
fn identity() -> EntryBody {
    let today = time::Date::from_calendar_date(2026, time::Month::November, 25).unwrap();
    EntryBody::Identity(Patch::set(PatientIdentity {
        personal_number: Some(PersonalNumber::parse("19121212-1212", today).unwrap()),
        name: Some("Tolvan Tolvansson".into()),
    }))
}

/// GET with a bearer token (a device's or a session's); the status and the JSON body.
async fn get(http: &reqwest::Client, url: String, token: Option<&str>) -> (StatusCode, Value) {
    let mut req = http.get(url);
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let resp = req.send().await.unwrap();
    let status = resp.status();
    (status, resp.json().await.unwrap_or(Value::Null))
}

fn code_of(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

/// The whole audit log, as an admin reads it.
async fn audit_log(http: &reqwest::Client, region: &Region, admin: &str) -> AuditLog {
    let (s, body) = get(
        http,
        format!("{}/api/v1/audit?limit=1000", region.url()),
        Some(admin),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

fn job_url(region: &Region, job: JobId) -> String {
    format!("{}/api/v1/jobs/{job}", region.url())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_reads_its_own_units_jobs_and_no_other_units() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let mut britt = Nurse::enrol(&http, &region, "unit-a", "britt").await;
    let mut cecilia = Nurse::enrol(&http, &region, "unit-b", "cecilia").await;
    let a_job = anna.job(&http, &region, false).await;
    let b_job = cecilia.job(&http, &region, false).await;
    britt.job(&http, &region, false).await;

    // A colleague of the same unit reads the job whole, in the order the region stored it.
    let (s, body) = get(&http, job_url(&region, a_job), Some(&britt.token)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let read: JobEntries = serde_json::from_value(body).unwrap();
    assert_eq!((read.job, &read.unit), (a_job, &anna.unit));
    assert_eq!(read.entries.len(), 4);
    assert!(read.entries.iter().all(|e| e.job == a_job));
    assert_eq!(
        read.entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );

    // Another unit's job: 403, whether the job is read by a nurse of A or of B the other way.
    let (s, body) = get(&http, job_url(&region, b_job), Some(&anna.token)).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    let (s, body) = get(&http, job_url(&region, a_job), Some(&cecilia.token)).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    assert!(
        body.get("entries").is_none(),
        "nothing of the job in a refusal"
    );

    // Unknown job 404; a malformed id 400; no, bad or a staff-shaped token 401.
    let (s, body) = get(
        &http,
        job_url(&region, JobId(uuid::Uuid::new_v4())),
        Some(&anna.token),
    )
    .await;
    assert_eq!((s, code_of(&body)), (StatusCode::NOT_FOUND, "unknown_job"));
    let (s, body) = get(
        &http,
        format!("{}/api/v1/jobs/not-a-uuid", region.url()),
        Some(&anna.token),
    )
    .await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_job_id")
    );
    let forged = format!("svk1_{}", "0".repeat(64));
    let sessionish = format!("svks_{}", "0".repeat(64));
    for token in [None, Some(forged.as_str()), Some(sessionish.as_str())] {
        let (s, body) = get(&http, job_url(&region, a_job), token).await;
        assert_eq!(
            (s, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "unauthorized"),
            "{token:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coach_reads_their_own_units_jobs_and_an_admin_every_units() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let mut cecilia = Nurse::enrol(&http, &region, "unit-b", "cecilia").await;
    let a_job = anna.job(&http, &region, false).await;
    let b_job = cecilia.job(&http, &region, false).await;

    // A coach must have a (known) unit; an admin must not.
    for (role, unit) in [
        ("coach", None),
        ("coach", Some("no-such-unit")),
        ("admin", Some("unit-a")),
    ] {
        let mut args = vec![
            "--db",
            region.db(),
            "staff",
            "add",
            "--name",
            "x",
            "--role",
            role,
        ];
        if let Some(u) = unit {
            args.extend(["--unit", u]);
        }
        let mut child = std::process::Command::new(region_bin())
            .args(&args)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // A good password, so only the scope can be what is refused.
        let mut stdin = child.stdin.take().unwrap();
        let _ = std::io::Write::write_all(&mut stdin, format!("{PASSWORD}\n").as_bytes());
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "{role} {unit:?} was accepted");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("unit"), "{role} {unit:?}: {err}");
    }
    region.staff("coach.a", "coach", Some("unit-a"), PASSWORD);
    region.staff("admin", "admin", None, PASSWORD);
    let coach = region.login(&http, "coach.a", PASSWORD).await;
    let admin = region.login(&http, "admin", PASSWORD).await;

    let (s, _) = get(&http, job_url(&region, a_job), Some(&coach)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, body) = get(&http, job_url(&region, b_job), Some(&coach)).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    for job in [a_job, b_job] {
        let (s, body) = get(&http, job_url(&region, job), Some(&admin)).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let read: JobEntries = serde_json::from_value(body).unwrap();
        assert_eq!(read.entries.len(), 4);
    }
    // The dashboard's cookie carries the same session: the same scope.
    let resp = http
        .get(job_url(&region, b_job))
        .header("cookie", format!("samverka_session={coach}"))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_gets_401_revoked_on_push_pull_content_and_jobs() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let job = anna.job(&http, &region, false).await;
    let (s, _) = get(&http, job_url(&region, job), Some(&anna.token)).await;
    assert_eq!(s, StatusCode::OK, "before revocation");

    let out = region.cli(&["devices", "revoke", &anna.device.to_string()]);
    assert_eq!(out, format!("revoked {}", anna.device));
    let url = region.url();
    let entry = anna.entry(job, samverka_model::sample::tap(9, Timestamp(T0)));
    let push = http
        .post(format!("{url}/api/v1/push"))
        .bearer_auth(&anna.token)
        .json(&PushRequest {
            entries: vec![entry],
        })
        .send()
        .await
        .unwrap();
    let status = push.status();
    let body: Value = push.json().await.unwrap();
    assert_eq!(
        (status, code_of(&body)),
        (StatusCode::UNAUTHORIZED, "revoked"),
        "push"
    );
    for path in [
        "pull?cursor=0".to_owned(),
        "content/1".to_owned(),
        format!("jobs/{job}"),
    ] {
        let (s, body) = get(&http, format!("{url}/api/v1/{path}"), Some(&anna.token)).await;
        assert_eq!(
            (s, code_of(&body)),
            (StatusCode::UNAUTHORIZED, "revoked"),
            "{path}"
        );
    }
    // Nothing of the refused push was stored.
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    assert_eq!(storage.entry_counts().await.unwrap().0, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identifying_reads_leave_exactly_one_audit_record_each() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let britt = Nurse::enrol(&http, &region, "unit-a", "britt").await;
    let cecilia = Nurse::enrol(&http, &region, "unit-b", "cecilia").await;
    region.staff("coach.a", "coach", Some("unit-a"), PASSWORD);
    region.staff("coach.b", "coach", Some("unit-b"), PASSWORD);
    region.staff("admin", "admin", None, PASSWORD);
    let coach_a = region.login(&http, "coach.a", PASSWORD).await;
    let coach_b = region.login(&http, "coach.b", PASSWORD).await;
    let admin = region.login(&http, "admin", PASSWORD).await;
    let named = anna.job(&http, &region, true).await;
    let plain = anna.job(&http, &region, false).await;
    assert!(
        audit_log(&http, &region, &admin).await.records.is_empty(),
        "pushing reads nothing"
    );

    // Reading a job without identity entries, and refused reads, are not logged.
    let (s, _) = get(&http, job_url(&region, plain), Some(&britt.token)).await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = get(&http, job_url(&region, named), Some(&cecilia.token)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, _) = get(&http, job_url(&region, named), Some(&coach_b)).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    assert!(audit_log(&http, &region, &admin).await.records.is_empty());

    // One pull page delivering both jobs (two identity entries of one): one record, for it.
    let (s, body) = get(
        &http,
        format!("{}/api/v1/pull?cursor=0", region.url()),
        Some(&britt.token),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    let page: PullResponse = serde_json::from_value(body).unwrap();
    assert_eq!(page.entries.len(), 10);
    let log = audit_log(&http, &region, &admin).await.records;
    assert_eq!(log.len(), 1, "{log:?}");
    let pull = &log[0].event;
    assert_eq!(
        (
            pull.action,
            pull.role,
            pull.actor.as_str(),
            pull.device,
            pull.job,
            &pull.unit
        ),
        (
            AuditAction::Pull,
            Role::Nurse,
            "britt",
            Some(britt.device),
            named,
            &anna.unit
        )
    );
    assert_eq!(pull.client.as_deref(), Some("127.0.0.1"));
    let now = samverka_region::now().0;
    assert!(
        (now - 60_000..=now).contains(&pull.at.0),
        "when: {:?}",
        pull.at
    );
    // The same entries pulled again, one page each: a record for each page that holds an
    // identity entry of the job (two), none for the others nor for the empty page at the end.
    let mut cursor = 0;
    let mut pages_with_identity = 0;
    loop {
        let (_, body) = get(
            &http,
            format!("{}/api/v1/pull?cursor={cursor}&limit=1", region.url()),
            Some(&britt.token),
        )
        .await;
        let page: PullResponse = serde_json::from_value(body).unwrap();
        if page.entries.is_empty() {
            break;
        }
        pages_with_identity += usize::from(matches!(page.entries[0].body, EntryBody::Identity(_)));
        cursor = page.cursor;
    }
    assert_eq!(pages_with_identity, 2);
    assert_eq!(audit_log(&http, &region, &admin).await.records.len(), 3);

    // A job read by the nurse, the unit's coach and the admin: one record each, who and how.
    for token in [&anna.token, &coach_a, &admin] {
        let (s, _) = get(&http, job_url(&region, named), Some(token)).await;
        assert_eq!(s, StatusCode::OK);
    }
    let log = audit_log(&http, &region, &admin).await.records;
    assert_eq!(log.len(), 6);
    let reads: Vec<_> = log[..3]
        .iter()
        .map(|r| {
            (
                r.event.action,
                r.event.role,
                r.event.actor.as_str(),
                r.event.device,
            )
        })
        .collect();
    assert_eq!(
        reads,
        [
            (AuditAction::JobRead, Role::Admin, "admin", None),
            (AuditAction::JobRead, Role::Coach, "coach.a", None),
            (AuditAction::JobRead, Role::Nurse, "anna", Some(anna.device)),
        ],
        "newest first"
    );
    assert!(log.iter().all(|r| r.event.job == named));

    // Filters: by job, by instant, by count.
    let (s, body) = get(
        &http,
        format!("{}/api/v1/audit?job={plain}", region.url()),
        Some(&admin),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(body["records"].as_array().map(Vec::len), Some(0));
    let since = log[2].event.at.0;
    let (_, body) = get(
        &http,
        format!(
            "{}/api/v1/audit?job={named}&since={since}&limit=2",
            region.url()
        ),
        Some(&admin),
    )
    .await;
    let some: AuditLog = serde_json::from_value(body).unwrap();
    assert_eq!(some.records, log[..2].to_vec());

    // Only admins read the audit log.
    for token in [&coach_a, &anna.token] {
        let (s, body) = get(&http, format!("{}/api/v1/audit", region.url()), Some(token)).await;
        assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "admin_only"));
    }
    let (s, _) = get(&http, format!("{}/api/v1/audit", region.url()), None).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);

    // The CLI prints the same log as a table.
    let table = region.cli(&["audit", "--job", &named.to_string(), "--limit", "2"]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[1].contains("job_read") && lines[1].contains("admin"),
        "{table}"
    );
    assert!(lines[2].contains("coach.a"), "{table}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_identifying_read_is_answered_when_the_audit_log_cannot_be_written() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let britt = Nurse::enrol(&http, &region, "unit-a", "britt").await;
    let named = anna.job(&http, &region, true).await;
    let plain = anna.job(&http, &region, false).await;

    // The database refuses audit records, as a full disk or a broken replica would.
    let path = region.db().strip_prefix("sqlite://").unwrap();
    let operator = SqliteStorage::open(path).unwrap();
    operator
        .execute_as_operator(
            "CREATE TRIGGER audit_fails BEFORE INSERT ON audit_log
             BEGIN SELECT RAISE(ABORT, 'disk full'); END",
        )
        .await
        .unwrap();
    let (s, body) = get(&http, job_url(&region, named), Some(&britt.token)).await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::SERVICE_UNAVAILABLE, "storage_unavailable")
    );
    assert!(!body.to_string().contains("Tolvan"), "{body}");
    let (s, body) = get(
        &http,
        format!("{}/api/v1/pull?cursor=0", region.url()),
        Some(&britt.token),
    )
    .await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!body.to_string().contains("Tolvan"), "{body}");
    // Reads without identifying data go on.
    let (s, _) = get(&http, job_url(&region, plain), Some(&britt.token)).await;
    assert_eq!(s, StatusCode::OK);

    operator
        .execute_as_operator("DROP TRIGGER audit_fails")
        .await
        .unwrap();
    let (s, body) = get(&http, job_url(&region, named), Some(&britt.token)).await;
    assert_eq!(s, StatusCode::OK);
    assert!(body.to_string().contains("Tolvan"));
}

/// A client whose connections come from `source` (any 127.x address is this machine).
fn client_from(source: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(source.parse::<IpAddr>().unwrap())
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_guessing_is_rate_limited_per_address() {
    // One attempt a second after a burst of three: fast enough to wait out in a test.
    let region = Region::sqlite_with(&["--attempts-per-minute", "60", "--attempts-burst", "3"]);
    let url = format!("{}/api/v1/enroll", region.url());
    let code = region.code_for("unit-a", "anna");
    let guesser = client_from("127.0.0.1");
    let guess = |c: &reqwest::Client, code: &str| {
        c.post(&url)
            .json(&json!({ "code": code, "device": uuid::Uuid::new_v4() }))
            .send()
    };
    for i in 0..3 {
        let resp = guess(&guesser, &format!("ABCD-EFGH-J{}", i + 2))
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "guess {i}");
    }
    let resp = guess(&guesser, "ABCD-EFGH-JK").await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = resp.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&wait), "Retry-After {wait}");
    let body: Value = resp.json().await.unwrap();
    assert_eq!(code_of(&body), "rate_limited");
    // Even the right code waits: the limit is on attempts, not on failures.
    let resp = guess(&guesser, &code).await.unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);

    // Another address is not affected.
    let other = client_from("127.0.0.2");
    let resp = guess(&other, "ABCD-EFGH-JK").await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    // After the wait the right code enrols.
    tokio::time::sleep(Duration::from_secs(wait)).await;
    let resp = guess(&guesser, &code).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_guessing_is_rate_limited_on_the_api_and_the_dashboard_together() {
    let region = Region::sqlite_with(&["--attempts-per-minute", "60", "--attempts-burst", "3"]);
    region.cli(&["units", "add", "--id", "unit-a", "--name", "A"]);
    region.staff("coach.a", "coach", Some("unit-a"), PASSWORD);
    let guesser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .local_address("127.0.0.1".parse::<IpAddr>().unwrap())
        .build()
        .unwrap();
    let api = format!("{}/api/v1/login", region.url());
    let form = format!("{}/dashboard/login", region.url());
    // Two wrong passwords on the API, one on the dashboard: the burst is spent.
    for _ in 0..2 {
        let resp = guesser
            .post(&api)
            .json(&json!({ "name": "coach.a", "password": "gissning 12345" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    }
    let resp = guesser
        .post(&form)
        .form(&[("name", "coach.a"), ("password", "gissning 12345")])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);

    let resp = guesser
        .post(&api)
        .json(&json!({ "name": "coach.a", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().contains_key("retry-after"));
    let body: Value = resp.json().await.unwrap();
    assert_eq!(code_of(&body), "rate_limited");
    let resp = guesser
        .post(&form)
        .form(&[("name", "coach.a"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(resp.headers().contains_key("retry-after"));
    let page = resp.text().await.unwrap();
    assert!(page.contains("För många inloggningsförsök"), "{page}");
    // Showing the form is not an attempt.
    let resp = guesser.get(&form).send().await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);

    let resp = client_from("127.0.0.3")
        .post(&api)
        .json(&json!({ "name": "coach.a", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK, "another address signs in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    region.cli(&["content", "publish", content.to_str().unwrap()]);
    let mut anna = Nurse::enrol(&http, &region, "unit-a", "anna").await;
    let job = anna.job(&http, &region, false).await;
    let admin = region
        .staff_session(&http, "admin", "admin", None, PASSWORD)
        .await;
    let url = region.url();

    let check = |what: &str, resp: &reqwest::Response, cache: Option<&str>| {
        let h = resp.headers();
        let header = |n: &str| h.get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
        assert_eq!(
            header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{what}"
        );
        assert_eq!(header("x-frame-options").as_deref(), Some("DENY"), "{what}");
        assert_eq!(
            header("referrer-policy").as_deref(),
            Some("no-referrer"),
            "{what}"
        );
        assert!(
            header("content-security-policy").is_some_and(|c| c.contains("frame-ancestors 'none'")),
            "{what}"
        );
        if let Some(c) = cache {
            assert_eq!(header("cache-control").as_deref(), Some(c), "{what}");
        }
        assert!(
            h.get("strict-transport-security").is_none(),
            "{what}: no HSTS over HTTP"
        );
    };
    let bearer = |path: &str, token: &str| {
        http.get(format!("{url}{path}"))
            .bearer_auth(token.to_owned())
    };
    for (what, req, cache) in [
        ("health", http.get(format!("{url}/api/v1/health")), None),
        (
            "pull",
            bearer("/api/v1/pull", &anna.token),
            Some("no-store"),
        ),
        (
            "job",
            bearer(&format!("/api/v1/jobs/{job}"), &anna.token),
            Some("no-store"),
        ),
        ("audit", bearer("/api/v1/audit", &admin), Some("no-store")),
        ("stats", bearer("/api/v1/stats", &admin), Some("no-store")),
        (
            "content",
            bearer("/api/v1/content/1", &anna.token),
            Some("private, max-age=31536000, immutable"),
        ),
        (
            "unknown API path",
            http.get(format!("{url}/api/v2/x")),
            Some("no-store"),
        ),
        (
            "refusal",
            http.get(format!("{url}/api/v1/pull")),
            Some("no-store"),
        ),
        (
            "dashboard login",
            http.get(format!("{url}/dashboard/login")),
            Some("no-store"),
        ),
        (
            "dashboard style",
            http.get(format!("{url}/dashboard/style.css")),
            None,
        ),
    ] {
        let resp = req.send().await.unwrap();
        check(what, &resp, cache);
    }
    // The dashboard keeps its own, stricter policy: no scripts, its own styles only.
    let resp = http
        .get(format!("{url}/dashboard/login"))
        .send()
        .await
        .unwrap();
    let csp = resp.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    for part in [
        "default-src 'none'",
        "style-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(part), "{csp}");
    }
    assert!(!csp.contains("script-src"), "{csp}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_tls_the_region_answers_clients_that_trust_its_certificate_only() {
    let region = Region::sqlite_tls();
    let url = region.url();
    assert!(url.starts_with("https://"));
    let pem = std::fs::read(region.tls_cert().unwrap()).unwrap();
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .build()
        .unwrap();
    let port = region.port();
    for base in [url.clone(), format!("https://localhost:{port}")] {
        let resp = trusting
            .get(format!("{base}/api/v1/health"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK, "{base}");
        assert_eq!(
            resp.headers()["strict-transport-security"],
            "max-age=31536000",
            "{base}"
        );
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    }
    // The dashboard's session cookie is sent over HTTPS only.
    let name = "admin";
    region.staff(name, "admin", None, PASSWORD);
    let resp = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{url}/dashboard/login"))
        .form(&[("name", name), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let cookie = resp.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("; Secure") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // A client that does not trust the certificate gets no answer at all.
    let err = reqwest::Client::new()
        .get(format!("{url}/api/v1/health"))
        .send()
        .await
        .unwrap_err();
    assert!(err.is_connect() || err.is_request(), "{err:?}");
    // And nothing is served in plain HTTP on the TLS port.
    let plain = reqwest::Client::new()
        .get(format!("http://127.0.0.1:{port}/api/v1/health"))
        .timeout(Duration::from_secs(5))
        .send()
        .await;
    assert!(plain.is_err() || plain.is_ok_and(|r| !r.status().is_success()));
    // The key the command wrote is its owner's alone.
    use std::os::unix::fs::PermissionsExt;
    let key = region.tls_cert().unwrap().with_file_name("key.pem");
    let mode = std::fs::metadata(key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// Reads from `s` until the region closes it (end of stream or a reset); how long that took
/// from `since`, or `None` if it stayed open for `limit`.
async fn closed_by_region(
    mut s: tokio::net::TcpStream,
    since: std::time::Instant,
    limit: Duration,
) -> Option<Duration> {
    use tokio::io::AsyncReadExt;
    let mut buf = [0u8; 1024];
    tokio::time::timeout(limit, async {
        loop {
            match s.read(&mut buf).await {
                Ok(0) | Err(_) => return since.elapsed(),
                Ok(_) => {}
            }
        }
    })
    .await
    .ok()
}

/// Slow and idle clients cannot stop the region (#16; the 1,100 idle connections and
/// partial heads, scaled down through the region's own flags to keep it fast): a region taking
/// 256 connections at once and 1 s for a request head gets half a head, then 600 connections
/// that send nothing. The half head is closed after the header timeout, `/health` still
/// answers within a few seconds, and every idle connection is closed by the region rather than
/// held; a body trickled slower than the request timeout (2 s) is answered 408.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_and_idle_clients_cannot_stop_the_region() {
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpStream;
    let region = Region::sqlite_with(&[
        "--max-connections",
        "256",
        "--header-timeout",
        "1",
        "--request-timeout",
        "2",
    ]);
    let addr = format!("127.0.0.1:{}", region.port());

    let mut half = TcpStream::connect(&addr).await.unwrap();
    half.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .await
        .unwrap();
    let sent = std::time::Instant::now();
    let half_closed = tokio::spawn(closed_by_region(half, sent, Duration::from_secs(10)));

    let mut idle = Vec::new();
    for _ in 0..600 {
        idle.push(TcpStream::connect(&addr).await.unwrap());
    }
    let asked = std::time::Instant::now();
    let resp = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap()
        .get(format!("{}/api/v1/health", region.url()))
        .send()
        .await
        .unwrap();
    let waited = asked.elapsed();
    assert_eq!(resp.status(), StatusCode::OK);
    assert!(
        waited < Duration::from_secs(6),
        "/health took {waited:?} behind 600 idle connections"
    );

    let after = half_closed.await.unwrap().expect("the half head is closed");
    assert!(
        after >= Duration::from_millis(900) && after < Duration::from_secs(4),
        "half a head was closed after {after:?}, not after the 1 s header timeout"
    );
    let idle_closed = tokio::time::timeout(Duration::from_secs(15), async {
        let mut closed = 0;
        for s in idle {
            if closed_by_region(s, asked, Duration::from_secs(15))
                .await
                .is_some()
            {
                closed += 1;
            }
        }
        closed
    })
    .await
    .unwrap_or(0);
    assert_eq!(
        idle_closed, 600,
        "every idle connection closed by the region"
    );
    println!(
        "/health answered after {waited:?}; half a head closed after {after:?}; \
         600 idle connections closed within {:?}",
        asked.elapsed()
    );

    // A body trickled a byte at a time is answered 408 `request_timeout` after the request
    // timeout (2 s here), whatever the trickle.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(
        b"POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
          Content-Length: 100000\r\n\r\n{",
    )
    .await
    .unwrap();
    let started = std::time::Instant::now();
    let (mut read, mut write) = slow.into_split();
    let trickle = tokio::spawn(async move {
        while write.write_all(b" ").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    });
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        Duration::from_secs(10),
        tokio::io::AsyncReadExt::read_to_end(&mut read, &mut answer),
    )
    .await;
    let took = started.elapsed();
    trickle.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(5),
        "a trickled body was answered after {took:?}"
    );

    // And the region serves as before.
    let resp = reqwest::get(format!("{}/api/v1/health", region.url()))
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
}
