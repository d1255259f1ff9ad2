//! The coaches' corner against the real region binary on loopback: quality-test results stored
//! once however often (and however concurrently) a phone uploads them, unit and nurse scopes,
//! the introduction list's readiness, per-question figures, and the dashboard's pages.
#![allow(clippy::unwrap_used, missing_docs)]

use reqwest::StatusCode;
use samverka_model::coach::{
    Answer, ChecklistMark, IntroductionList, QuestionStats, QuizResult, TrainingItem,
};
use samverka_model::sync::EnrollResponse;
use samverka_model::{DeviceId, Timestamp, UnitId, UserId};
use samverka_region::api::coach::QuizStored;
use samverka_system_tests::region::Region;
use serde_json::{Value, json};

const PASSWORD: &str = "ett langt losenord";

/// A nurse's enrolled phone.
struct Phone {
    token: String,
    unit: UnitId,
    user: UserId,
}

impl Phone {
    async fn enrol(http: &reqwest::Client, region: &Region, unit: &str, user: &str) -> Self {
        let code = region.code_for(unit, user);
        let resp = http
            .post(format!("{}/api/v1/enroll", region.url()))
            .json(&json!({ "code": code, "device": DeviceId(uuid::Uuid::new_v4()) }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), StatusCode::OK);
        let e: EnrollResponse = resp.json().await.unwrap();
        Self {
            token: e.token,
            unit: e.unit,
            user: e.user,
        }
    }

    /// A test this nurse handed in now: the first `right` of `asked` questions right.
    fn result(&self, asked: usize, right: usize) -> QuizResult {
        let now = now();
        QuizResult {
            id: uuid::Uuid::new_v4(),
            nurse: self.user.clone(),
            unit: self.unit.clone(),
            content_version: 1,
            started_at: Timestamp(now.0 - 600_000),
            finished_at: now,
            answers: (0..asked)
                .map(|i| Answer {
                    question: format!("q{i}"),
                    bank: "hjartstopp".into(),
                    chosen: Some(usize::from(i < right)),
                    correct: i < right,
                })
                .collect(),
        }
    }

    async fn post(
        &self,
        http: &reqwest::Client,
        region: &Region,
        body: &QuizResult,
    ) -> (StatusCode, Value) {
        let resp = http
            .post(format!("{}/api/v1/quiz-results", region.url()))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap();
        (resp.status(), resp.json().await.unwrap_or(Value::Null))
    }
}

fn now() -> Timestamp {
    samverka_region::now()
}

fn today() -> time::Date {
    samverka_region::coach::utc_day(now())
}

fn code_of(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("<no error code>")
}

/// Adds a staff member with the real CLI and signs them in; their session token.
async fn staff(
    http: &reqwest::Client,
    region: &Region,
    name: &str,
    role: &str,
    unit: Option<&str>,
) -> String {
    if let Some(u) = unit {
        region.cli(&["units", "add", "--id", u, "--name", u]);
    }
    region.staff_session(http, name, role, unit, PASSWORD).await
}

async fn get(http: &reqwest::Client, url: String, token: &str) -> (StatusCode, Value) {
    let resp = http.get(url).bearer_auth(token).send().await.unwrap();
    (resp.status(), resp.json().await.unwrap_or(Value::Null))
}

async fn mark(
    http: &reqwest::Client,
    region: &Region,
    token: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let resp = http
        .post(format!("{}/api/v1/introduction/marks", region.url()))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap();
    (resp.status(), resp.json().await.unwrap_or(Value::Null))
}

async fn stats(http: &reqwest::Client, region: &Region, token: &str) -> Vec<QuestionStats> {
    let (s, body) = get(http, format!("{}/api/v1/quiz-stats", region.url()), token).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_posted_twice_or_concurrently_is_stored_once() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let coach = staff(&http, &region, "coach-orust", "coach", Some("orust")).await;

    let first = anna.result(5, 4);
    let (s, body) = anna.post(&http, &region, &first).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(
        serde_json::from_value::<QuizStored>(body).unwrap(),
        QuizStored { stored: true }
    );
    let (s, body) = anna.post(&http, &region, &first).await;
    assert_eq!((s, body), (StatusCode::OK, json!({ "stored": false })));

    // Eight uploads of one new result at once: one stores it, seven find it held.
    let second = anna.result(5, 1);
    let uploads = (0..8).map(|_| {
        let (http, second) = (http.clone(), second.clone());
        let (url, token) = (
            format!("{}/api/v1/quiz-results", region.url()),
            anna.token.clone(),
        );
        tokio::spawn(async move {
            let resp = http
                .post(url)
                .bearer_auth(token)
                .json(&second)
                .send()
                .await
                .unwrap();
            assert_eq!(resp.status(), StatusCode::OK);
            resp.json::<QuizStored>().await.unwrap().stored
        })
    });
    let mut stored = 0;
    for u in uploads {
        stored += usize::from(u.await.unwrap());
    }
    assert_eq!(stored, 1, "exactly one upload stored it");

    // Counted once each: two results, every question asked twice.
    let figures = stats(&http, &region, &coach).await;
    assert_eq!(figures.len(), 5);
    assert!(figures.iter().all(|q| q.asked == 2), "{figures:?}");

    // The same id with other answers is refused; bad JSON is 400.
    let mut changed = first.clone();
    changed.answers[4].correct = true;
    let (s, body) = anna.post(&http, &region, &changed).await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::CONFLICT, "result_conflict")
    );
    let resp = http
        .post(format!("{}/api/v1/quiz-results", region.url()))
        .bearer_auth(&anna.token)
        .header("content-type", "application/json")
        .body("{\"id\": 12")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_posts_only_its_own_units_and_nurses_results() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let _bertil = Phone::enrol(&http, &region, "tanum", "bertil").await;

    let mut other_unit = anna.result(3, 3);
    other_unit.unit = UnitId::new("tanum");
    let (s, body) = anna.post(&http, &region, &other_unit).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "foreign_unit"));
    let mut other_nurse = anna.result(3, 3);
    other_nurse.nurse = UserId::new("bertil");
    let (s, body) = anna.post(&http, &region, &other_nurse).await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::FORBIDDEN, "foreign_nurse")
    );
    // Without a device token: 401.
    let resp = http
        .post(format!("{}/api/v1/quiz-results", region.url()))
        .json(&anna.result(1, 1))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coaches_and_devices_read_and_change_only_their_own_units_corner() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let bertil = Phone::enrol(&http, &region, "tanum", "bertil").await;
    let coach_a = staff(&http, &region, "coach-orust", "coach", Some("orust")).await;
    let coach_b = staff(&http, &region, "coach-tanum", "coach", Some("tanum")).await;
    let admin = staff(&http, &region, "admin", "admin", None).await;
    let url = |q: &str| format!("{}/api/v1/introduction{q}", region.url());

    let (s, body) = get(&http, url("?unit=orust"), &coach_b).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    let (s, body) = get(&http, url("?unit=orust"), &bertil.token).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    let (s, body) = get(
        &http,
        format!("{}/api/v1/quiz-stats?unit=orust", region.url()),
        &coach_b,
    )
    .await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    let a_mark = json!({ "nurse": "anna", "unit": "orust", "item": "s_hlr_adult",
                         "done_on": today().to_string(), "confirmed_by": "x" });
    let (s, body) = mark(&http, &region, &coach_b, &a_mark).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "other_unit"));
    let (s, body) = mark(&http, &region, &anna.token, &a_mark).await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "staff_only"));
    let (s, body) = get(
        &http,
        format!("{}/api/v1/quiz-stats", region.url()),
        &anna.token,
    )
    .await;
    assert_eq!((s, code_of(&body)), (StatusCode::FORBIDDEN, "staff_only"));
    // An admin names the unit.
    let (s, body) = get(&http, url(""), &admin).await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::BAD_REQUEST, "unit_required")
    );

    // Every reader of the unit gets the same list: the device, its coach, an admin.
    let mut lists = Vec::new();
    for (token, q) in [
        (&anna.token, ""),
        (&coach_a, ""),
        (&coach_a, "?unit=orust"),
        (&admin, "?unit=orust"),
    ] {
        let (s, body) = get(&http, url(q), token).await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let mut list: IntroductionList = serde_json::from_value(body).unwrap();
        list.made_at = Timestamp(0);
        lists.push(list);
    }
    assert!(lists.windows(2).all(|w| w[0] == w[1]));
    assert_eq!(lists[0].unit, UnitId::new("orust"));
    let nurses: Vec<&str> = lists[0].nurses.iter().map(|n| n.nurse.as_str()).collect();
    assert_eq!(nurses, ["anna"], "only the unit's own nurses");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_on_the_list_flips_when_the_last_mark_is_added() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let coach = staff(&http, &region, "coach-orust", "coach", Some("orust")).await;
    let (s, _) = anna.post(&http, &region, &anna.result(5, 4)).await;
    assert_eq!(s, StatusCode::OK);

    let mandatory: Vec<TrainingItem> = TrainingItem::ALL
        .into_iter()
        .filter(|i| i.mandatory() && *i != TrainingItem::QualityTest)
        .collect();
    let (last, first) = mandatory.split_last().unwrap();
    for item in first {
        let (s, body) = mark(
            &http,
            &region,
            &coach,
            &json!({ "nurse": "anna", "unit": "orust", "item": item,
                     "done_on": today().to_string(), "confirmed_by": "someone else" }),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{body}");
        let stored: ChecklistMark = serde_json::from_value(body).unwrap();
        assert_eq!(stored.confirmed_by, "coach-orust", "the session's name");
    }
    let anna_on = |list: IntroductionList| list.nurses.into_iter().next().unwrap();
    let (_, body) = get(
        &http,
        format!("{}/api/v1/introduction", region.url()),
        &anna.token,
    )
    .await;
    let before = anna_on(serde_json::from_value(body).unwrap());
    assert!(!before.readiness.ready);
    assert_eq!(before.readiness.missing, vec![*last]);
    assert_eq!(before.passed_tests.len(), 1);
    assert_eq!(before.passed_tests[0].0, today());

    // Marks without `confirmed_by` are fine too; a day in the future is not.
    let (s, body) = mark(
        &http,
        &region,
        &coach,
        &json!({ "nurse": "anna", "unit": "orust", "item": last,
                 "done_on": today().saturating_add(time::Duration::days(5)).to_string() }),
    )
    .await;
    assert_eq!(
        (s, code_of(&body)),
        (StatusCode::BAD_REQUEST, "invalid_mark")
    );
    let (s, body) = mark(
        &http,
        &region,
        &coach,
        &json!({ "nurse": "anna", "unit": "orust", "item": last,
                 "done_on": today().to_string() }),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (_, body) = get(
        &http,
        format!("{}/api/v1/introduction", region.url()),
        &coach,
    )
    .await;
    let after = anna_on(serde_json::from_value(body).unwrap());
    assert!(after.readiness.ready, "{after:?}");
    assert!(after.readiness.missing.is_empty());
    assert_eq!(after.marks.len(), mandatory.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quiz_stats_count_right_and_asked_per_question_weakest_first() {
    let region = Region::sqlite();
    let http = reqwest::Client::new();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let cecilia = Phone::enrol(&http, &region, "orust", "cecilia").await;
    let other = Phone::enrol(&http, &region, "tanum", "bertil").await;
    let coach = staff(&http, &region, "coach-orust", "coach", Some("orust")).await;
    // q0 right 3 of 3, q1 2 of 3, q2 1 of 3, q3 0 of 3 (q3 only in the 4-question tests).
    for (phone, asked, right) in [(&anna, 4, 3), (&anna, 4, 1), (&cecilia, 4, 2)] {
        let (s, _) = phone
            .post(&http, &region, &phone.result(asked, right))
            .await;
        assert_eq!(s, StatusCode::OK);
    }
    // Another unit's results count only there.
    other.post(&http, &region, &other.result(4, 0)).await;

    let figures: Vec<(String, u32, u32)> = stats(&http, &region, &coach)
        .await
        .into_iter()
        .map(|q| {
            assert_eq!(q.text, q.question, "no content yet: the id stands in");
            (q.question, q.right, q.asked)
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("q3".to_owned(), 0, 3),
            ("q2".to_owned(), 1, 3),
            ("q1".to_owned(), 2, 3),
            ("q0".to_owned(), 3, 3),
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_pages_render_for_a_coach_and_confirm_an_item() {
    let region = Region::sqlite();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let anna = Phone::enrol(&http, &region, "orust", "anna").await;
    let coach = staff(&http, &region, "coach-orust", "coach", Some("orust")).await;
    let other = staff(&http, &region, "coach-tanum", "coach", Some("tanum")).await;
    anna.post(&http, &region, &anna.result(4, 1)).await;
    let cookie = |token: &str| format!("samverka_session={token}");
    let page = |path: &str, token: &str| {
        http.get(format!("{}{path}", region.url()))
            .header("cookie", cookie(token))
            .send()
    };

    let resp = page("/dashboard/introduction", &coach).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    let html = resp.text().await.unwrap();
    for needle in [
        "id=\"nav-introduction\"",
        "id=\"nav-quiz\"",
        "data-cell=\"anna.ready\" data-ready=\"false\"",
        "Inte redo",
        "S-HLR barn",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }

    // The form confirms an item and goes back to the list, which shows it.
    let resp = http
        .post(format!("{}/dashboard/introduction/marks", region.url()))
        .header("cookie", cookie(&coach))
        .form(&[
            ("unit", "orust"),
            ("nurse", "anna"),
            ("item", "s_hlr_child"),
            ("done_on", &today().to_string()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let html = page("/dashboard/introduction", &coach)
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!(
            "data-cell=\"anna.s_hlr_child\">{} (coach-orust)",
            today()
        )),
        "the confirmed item"
    );

    let resp = page("/dashboard/quiz", &coach).await.unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let html = resp.text().await.unwrap();
    assert!(html.contains("data-cell=\"hjartstopp.q3.share\">0 %"));
    assert!(html.contains("data-cell=\"hjartstopp.q0.share\">100 %"));
    assert!(
        html.find("hjartstopp.q3.share") < html.find("hjartstopp.q0.share"),
        "the weakest first"
    );

    // Another unit's coach may not look; without a session the pages send you to sign in.
    let resp = page("/dashboard/quiz?unit=orust", &other).await.unwrap();
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);
    let resp = http
        .get(format!("{}/dashboard/introduction", region.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
}
