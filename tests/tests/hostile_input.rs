//! Hostile input against API v1, on both stores: each request class gets a clear 4xx with a
//! JSON error, nothing partial is stored, and the region keeps serving. Among them, an
//! assistance request's accept naming another unit's job (403 `foreign_job`).
#![allow(clippy::unwrap_used, missing_docs)]

use reqwest::StatusCode;
use samverka_device::sync::Batches;
use samverka_model::request::{
    AnswerBody, RequestAnswer, RequestId, is_office_hours, swedish_date, swedish_instant,
};
use samverka_model::sync::PushRequest;
use samverka_model::{Entry, JobId, UserId};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::region::{Region, request_form};
use serde_json::{Value, json};

struct Api {
    http: reqwest::Client,
    base: String,
}

impl Api {
    async fn send(&self, req: reqwest::RequestBuilder) -> (StatusCode, Value) {
        let resp = req.send().await.unwrap();
        let status = resp.status();
        let body = resp.json::<Value>().await.unwrap_or(Value::Null);
        (status, body)
    }

    fn push(&self, token: &str) -> reqwest::RequestBuilder {
        self.http
            .post(format!("{}/api/v1/push", self.base))
            .bearer_auth(token)
    }

    async fn healthy(&self) {
        let (s, body) = self
            .send(self.http.get(format!("{}/api/v1/health", self.base)))
            .await;
        assert_eq!((s, body["status"].as_str()), (StatusCode::OK, Some("ok")));
    }
}

fn code_of(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

/// The next day on which the health centres are open at 10:00: its evening is out of hours.
fn next_open_day() -> time::Date {
    let mut day = swedish_date(samverka_region::now()).unwrap();
    loop {
        day = day.next_day().unwrap();
        if is_office_hours(swedish_instant(day, time::macros::time!(10:00)).unwrap()) {
            return day;
        }
    }
}

fn token_of(p: &Phone) -> String {
    p.store.lock().unwrap().enrollment().unwrap().unwrap().token
}

fn own_entries(p: &Phone) -> Vec<Entry> {
    let s = p.store.lock().unwrap();
    s.entries_after(s.device_id(), 0, 10_000).unwrap()
}

async fn hostile(region: &Region) {
    let url = region.url();
    let api = Api {
        http: reqwest::Client::new(),
        base: url.clone(),
    };
    let mut a = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    let mut b = Phone::enroll(&url, &url, &region.code_for("unit-b", "berit")).await;
    a.write(30);
    b.write(10);
    a.sync(Batches::default()).await.unwrap();
    b.sync(Batches::default()).await.unwrap();
    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    let stored = storage.entry_counts().await.unwrap().0;
    assert_eq!(stored, 40);
    let (ta, tb) = (token_of(&a), token_of(&b));
    let a_entries = own_entries(&a);
    let mut cases: Vec<(&str, StatusCode, &str)> = Vec::new();

    // Malformed JSON, wrong types, not JSON at all, not UTF-8.
    let (s, body) = api
        .send(
            api.push(&ta)
                .header("content-type", "application/json")
                .body("{\"entries\": ["),
        )
        .await;
    cases.push(("malformed JSON", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(api.push(&ta).json(&json!({ "entries": "all of them" })))
        .await;
    cases.push(("wrong types", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(api.push(&ta).json(&json!({ "entries": [], "extra": 1 })))
        .await;
    cases.push(("unknown field", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(
            api.push(&ta)
                .header("content-type", "application/json")
                .body(vec![0xff, 0xfe, b'{', 0x80]),
        )
        .await;
    cases.push(("non-UTF-8 body", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(
            api.push(&ta)
                .header("content-type", "text/plain")
                .body("{}"),
        )
        .await;
    cases.push(("wrong content type", s, code_of(&body).to_owned().leak()));

    // Oversize body, and a batch over the entry limit.
    let (s, body) = oversize_push(region.port(), &ta).await;
    cases.push(("oversize body", s, code_of(&body).to_owned().leak()));
    let many: Vec<Entry> = (0..1001).map(|_| a_entries[0].clone()).collect();
    let (s, body) = api
        .send(api.push(&ta).json(&PushRequest { entries: many }))
        .await;
    cases.push((
        "batch over 1,000 entries",
        s,
        code_of(&body).to_owned().leak(),
    ));

    // Versions, tokens.
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/api/v2/push"))
                .bearer_auth(&ta)
                .json(&json!({})),
        )
        .await;
    cases.push(("unknown API version", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/api/v1/push"))
                .json(&json!({ "entries": [] })),
        )
        .await;
    cases.push(("missing token", s, code_of(&body).to_owned().leak()));
    let forged = format!("svk1_{}", "ab".repeat(32));
    let (s, body) = api
        .send(api.push(&forged).json(&json!({ "entries": [] })))
        .await;
    cases.push(("forged token", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(
            api.http
                .get(format!("{url}/api/v1/pull"))
                .header("authorization", "Basic YWRtaW46YWRtaW4="),
        )
        .await;
    cases.push(("wrong auth scheme", s, code_of(&body).to_owned().leak()));

    // Another device's entries under my token; a job of another unit; a job created for it.
    let (s, body) = api
        .send(api.push(&tb).json(&PushRequest {
            entries: a_entries[..3].to_vec(),
        }))
        .await;
    cases.push(("another device's seq", s, code_of(&body).to_owned().leak()));
    let mut on_a_job = own_entries(&b)[9].clone();
    on_a_job.seq += 1;
    on_a_job.job = a.own_jobs[0];
    let (s, body) = api
        .send(api.push(&tb).json(&PushRequest {
            entries: vec![on_a_job],
        }))
        .await;
    cases.push((
        "entry on another unit's job",
        s,
        code_of(&body).to_owned().leak(),
    ));

    // A replayed batch is accepted and changes nothing.
    let (s, body) = api
        .send(api.push(&ta).json(&PushRequest {
            entries: a_entries[..20].to_vec(),
        }))
        .await;
    assert_eq!(
        (s, body["high_water"].as_u64()),
        (StatusCode::OK, Some(30)),
        "replay: {body}"
    );

    // A gap, and a changed entry under a stored seq (with a new one beside it: all or nothing).
    a.write(2);
    let fresh = own_entries(&a);
    let (s, body) = api
        .send(api.push(&ta).json(&PushRequest {
            entries: fresh[31..].to_vec(),
        }))
        .await;
    cases.push(("seq gap", s, code_of(&body).to_owned().leak()));
    let mut changed = fresh[29..31].to_vec();
    changed[0].hlc.counter += 1;
    let (s, body) = api
        .send(api.push(&ta).json(&PushRequest { entries: changed }))
        .await;
    cases.push((
        "changed entry under a stored seq",
        s,
        code_of(&body).to_owned().leak(),
    ));

    // SQL-injection strings where text goes: a code, a query, an author.
    let (s, body) = api
        .send(api.http.post(format!("{url}/api/v1/enroll")).json(&json!({
            "code": "'; DROP TABLE entries; --", "device": uuid::Uuid::new_v4()
        })))
        .await;
    cases.push((
        "SQL in an enrolment code",
        s,
        code_of(&body).to_owned().leak(),
    ));
    let (s, body) = api
        .send(
            api.http
                .get(format!("{url}/api/v1/pull?cursor=0%20OR%201=1"))
                .bearer_auth(&ta),
        )
        .await;
    cases.push((
        "SQL in a query parameter",
        s,
        code_of(&body).to_owned().leak(),
    ));
    let (s, body) = api
        .send(api.http.post(format!("{url}/api/v1/enroll")).json(&json!({
            "code": "ABCD-EFGH-JK", "device": uuid::Uuid::new_v4()
        })))
        .await;
    cases.push((
        "unknown enrolment code",
        s,
        code_of(&body).to_owned().leak(),
    ));

    // #16: entries that lie about who, which device or when; payloads with unknown fields,
    // codes not in force, seq 0, NUL characters. Each is the next seq (31) of phone A, so
    // only the lie stops it.
    let forged = |f: &dyn Fn(&mut Value)| {
        let mut v = serde_json::to_value(&a_entries[29]).unwrap();
        v["seq"] = json!(31);
        f(&mut v);
        json!({ "entries": [v] })
    };
    let b_device = b.store.lock().unwrap().device_id();
    let push_case = |what: &'static str, body: Value| {
        let req = api.push(&ta).json(&body);
        (what, req)
    };
    let mut forged_cases = vec![
        push_case("forged author", forged(&|v| v["author"] = json!("berit"))),
        push_case(
            "HLC naming another device",
            forged(&|v| {
                let wall = &v["hlc"].as_str().unwrap()[..26];
                v["hlc"] = json!(format!("{wall}-{b_device}"));
            }),
        ),
        push_case(
            "HLC wall clock in the year 33658",
            forged(&|v| {
                v["hlc"] = json!(format!(
                    "999999999999999-0000000000-{}",
                    v["device"].as_str().unwrap()
                ))
            }),
        ),
        push_case(
            "unknown field inside a payload",
            forged(
                &|v| v["body"] = json!({ "kind": "record", "payload": { "set": { "notes": "n", "is_admin": true } } }),
            ),
        ),
        push_case(
            "form code not in the lists in force",
            forged(
                &|v| v["body"] = json!({ "kind": "form", "payload": { "set": { "problem": "=HYPERLINK(\"http://x\")" } } }),
            ),
        ),
        push_case("seq 0", forged(&|v| v["seq"] = json!(0))),
        push_case(
            "NUL in an author",
            forged(&|v| v["author"] = json!("anna\u{0}")),
        ),
    ];
    for (what, req) in forged_cases.drain(..) {
        let (s, body) = api.send(req).await;
        cases.push((what, s, code_of(&body).to_owned().leak()));
    }
    let (s, body) = api
        .send(api.http.post(format!("{url}/api/v1/login")).json(&json!({
            "name": "coach\u{0}", "password": "x"
        })))
        .await;
    cases.push(("NUL in a login name", s, code_of(&body).to_owned().leak()));
    // Device takeover: a valid code of unit B with unit A's phone's device id.
    let a_device = a.store.lock().unwrap().device_id();
    let (s, body) = api
        .send(api.http.post(format!("{url}/api/v1/enroll")).json(&json!({
            "code": region.code_for("unit-b", "mallory"), "device": a_device
        })))
        .await;
    cases.push((
        "enrolment naming another unit's device",
        s,
        code_of(&body).to_owned().leak(),
    ));
    // Another device's entry handed to the quarantine.
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/api/v1/quarantine"))
                .bearer_auth(&tb)
                .json(&json!({ "entry": a_entries[0], "code": "foreign_author", "message": "x" })),
        )
        .await;
    cases.push((
        "another device's entry to the quarantine",
        s,
        code_of(&body).to_owned().leak(),
    ));
    // A year that overflows, as a coach; a cross-site form post.
    let coach = region
        .staff_session(
            &api.http,
            "coach.h",
            "coach",
            Some("unit-a"),
            "ett långt lösenord 1",
        )
        .await;
    let (s, body) = api
        .send(
            api.http
                .get(format!("{url}/api/v1/stats/compare?years=2147483647"))
                .bearer_auth(&coach),
        )
        .await;
    cases.push(("year 2147483647", s, code_of(&body).to_owned().leak()));
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/dashboard/login"))
                .header("origin", "https://evil.example")
                .form(&[("name", "coach.h"), ("password", "ett långt lösenord 1")]),
        )
        .await;
    cases.push(("cross-site form post", s, code_of(&body).to_owned().leak()));
    // `Origin: null` (a sandboxed frame, a page under no-referrer) vouches for nothing: only
    // `Sec-Fetch-Site: same-origin`, which no page can set, lets the region's own form through.
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/dashboard/login"))
                .header("origin", "null")
                .form(&[("name", "coach.h"), ("password", "ett långt lösenord 1")]),
        )
        .await;
    cases.push((
        "form post from Origin null",
        s,
        code_of(&body).to_owned().leak(),
    ));
    let (s, body) = api
        .send(
            api.http
                .post(format!("{url}/dashboard/login"))
                .header("origin", "null")
                .header("sec-fetch-site", "cross-site")
                .form(&[("name", "coach.h"), ("password", "ett långt lösenord 1")]),
        )
        .await;
    cases.push((
        "cross-site form post from Origin null",
        s,
        code_of(&body).to_owned().leak(),
    ));

    // A health centre asks unit A; A's phone accepts naming B's job, or a job nobody made:
    // refused, and the request stays unanswered.
    region.cli(&[
        "units",
        "add",
        "--id",
        "unit-a",
        "--name",
        "unit-a",
        "--kind",
        "municipal",
    ]);
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let vc = region
        .requester_session(
            &no_redirect,
            "vc.h",
            "Vårdcentralen H",
            "ett långt lösenord 2",
        )
        .await;
    let asked = no_redirect
        .post(format!("{url}/begaran/ny"))
        .bearer_auth(&vc)
        .form(&request_form(
            "unit-a",
            &next_open_day().to_string(),
            "20:30",
            "nej",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    let request: RequestId = asked.headers()["location"]
        .to_str()
        .unwrap()
        .trim_start_matches("/begaran?ny=")
        .parse()
        .unwrap();
    for (what, job) in [
        ("accept naming another unit's job", b.own_jobs[0]),
        ("accept naming an unknown job", JobId(uuid::Uuid::new_v4())),
    ] {
        let (s, body) = api
            .send(
                api.http
                    .post(format!("{url}/api/v1/requests/{request}/answer"))
                    .bearer_auth(&ta)
                    .json(&AnswerBody {
                        answer: RequestAnswer::Accept { job },
                        answered_at: samverka_region::now(),
                    }),
            )
            .await;
        cases.push((what, s, code_of(&body).to_owned().leak()));
    }
    let held = storage.request(request).await.unwrap().unwrap();
    assert!(held.answer.is_none(), "a refused accept stores nothing");

    println!("| input | status | code |\n|---|---|---|");
    for (what, status, code) in &cases {
        println!("| {what} | {} | {code} |", status.as_u16());
    }
    let expect = [
        ("malformed JSON", 400, "invalid_json"),
        ("wrong types", 400, "invalid_json"),
        ("unknown field", 400, "invalid_json"),
        ("non-UTF-8 body", 400, "invalid_json"),
        ("wrong content type", 415, "unsupported_media_type"),
        ("oversize body", 413, "body_too_large"),
        ("batch over 1,000 entries", 413, "batch_too_large"),
        ("unknown API version", 404, "unknown_api_version"),
        ("missing token", 401, "unauthorized"),
        ("forged token", 401, "unauthorized"),
        ("wrong auth scheme", 401, "unauthorized"),
        ("another device's seq", 403, "foreign_device"),
        ("entry on another unit's job", 403, "foreign_job"),
        ("seq gap", 409, "seq_gap"),
        ("changed entry under a stored seq", 409, "entry_conflict"),
        ("SQL in an enrolment code", 400, "invalid_code"),
        ("SQL in a query parameter", 400, "invalid_query"),
        ("unknown enrolment code", 403, "invalid_code"),
        ("forged author", 403, "foreign_author"),
        ("HLC naming another device", 403, "foreign_node"),
        ("HLC wall clock in the year 33658", 422, "clock_ahead"),
        ("unknown field inside a payload", 400, "invalid_entry"),
        ("form code not in the lists in force", 422, "unknown_code"),
        ("seq 0", 400, "invalid_entry"),
        ("NUL in an author", 400, "invalid_text"),
        ("NUL in a login name", 400, "invalid_text"),
        (
            "enrolment naming another unit's device",
            409,
            "device_enrolled",
        ),
        (
            "another device's entry to the quarantine",
            403,
            "foreign_device",
        ),
        ("year 2147483647", 400, "invalid_query"),
        ("cross-site form post", 403, "cross_site"),
        ("form post from Origin null", 403, "cross_site"),
        ("cross-site form post from Origin null", 403, "cross_site"),
        ("accept naming another unit's job", 403, "foreign_job"),
        ("accept naming an unknown job", 422, "unknown_job"),
    ];
    for ((what, status, code), (w, st, c)) in cases.iter().zip(expect) {
        assert_eq!((*what, status.as_u16(), *code), (w, st, c));
    }
    assert_eq!(cases.len(), expect.len());

    // Nothing partial was stored; the region still serves, and the honest path still works.
    assert_eq!(storage.entry_counts().await.unwrap(), (stored, stored));
    api.healthy().await;

    // Text that looks like SQL is stored as text and comes back unchanged.
    a.store
        .lock()
        .unwrap()
        .record(
            &UserId::new("anna"),
            a.own_jobs[0],
            samverka_model::EntryBody::Record(samverka_model::doc::Patch::set(
                samverka_model::record::RecordText {
                    notes: Some("x'); DROP TABLE entries; --".into()),
                    ..Default::default()
                },
            )),
            samverka_device::now(),
        )
        .unwrap();
    // Drop the conflicting attempt's leftovers: the honest phone just syncs.
    a.sync(Batches::default()).await.unwrap();
    let mut a2 = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna2")).await;
    a2.write(0);
    a2.sync(Batches::default()).await.unwrap();
    let notes = a2
        .store
        .lock()
        .unwrap()
        .field_history(a.own_jobs[0], "record.notes")
        .unwrap();
    assert!(
        format!("{notes:?}").contains("x'); DROP TABLE entries; --"),
        "SQL-looking text must come back as stored: {notes:?}"
    );
    assert_eq!(storage.entry_counts().await.unwrap().0, stored + 3);
    assert_eq!(storage.units().await.unwrap().len(), 2);
    // The takeover changed nothing: phone A's token still works, and B's device is B's.
    a.sync(Batches::default()).await.unwrap();

    // A revoked device is refused from its next request on.
    let device = a.store.lock().unwrap().device_id();
    region.cli(&["devices", "revoke", &device.to_string()]);
    let err = a.sync(Batches::default()).await.unwrap_err();
    assert!(
        matches!(err, samverka_device::sync::SyncError::Revoked),
        "{err}"
    );
    api.healthy().await;
}

/// Announces a 9 MiB body and reads the answer without sending it: the region must refuse
/// from the header alone (a client that insists on writing the body sees the connection close).
async fn oversize_push(port: u16, token: &str) -> (StatusCode, Value) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{{\"entries\": [",
        9 * 1024 * 1024
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        s.read_to_end(&mut answer),
    )
    .await;
    let text = String::from_utf8_lossy(&answer);
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("");
    // The body may be chunked; the JSON object is the part between the outer braces.
    let json = body
        .find('{')
        .and_then(|i| body.rfind('}').map(|j| &body[i..=j]))
        .unwrap_or("null");
    (
        StatusCode::from_u16(status).unwrap(),
        serde_json::from_str(json).unwrap_or(Value::Null),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_region_refuses_hostile_input() {
    hostile(&Region::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_region_refuses_hostile_input() {
    let pg = Postgres::start();
    hostile(&Region::postgres(pg.database("hostile"))).await;
}
