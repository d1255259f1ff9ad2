//! Assistance requests from a health centre, end to end against the real region binary: a
//! requester signs in, the form refuses an acute and a daytime request with the reason next to
//! the field and asks which 02:30 of the autumn night is meant (the S/V choice beside the
//! time), a valid out-of-hours request reaches the unit's phones at their next sync, a decline
//! with its reason reaches the requester's list, an accept makes a job on the phone that
//! reaches the region, and a second phone answering an answered request is refused.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::sync::Batches;
use samverka_model::request::{
    LocalAnswerState, RequestAnswer, RequestDecision, RequestId, is_office_hours, swedish_date,
    swedish_instant,
};
use samverka_model::{JobType, Requester, Status, UserId};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::region::{Region, request_form};

const PASSWORD: &str = "vårdcentral-lösen-2026";

/// The next day after today (Swedish time) on which the health centres are open at 10:00: the
/// daytime the form must refuse, and whose evening it must accept.
fn next_open_day() -> time::Date {
    let now = samverka_region::now();
    let mut day = swedish_date(now).unwrap();
    loop {
        day = day.next_day().unwrap();
        let ten = swedish_instant(day, time::macros::time!(10:00)).unwrap();
        if is_office_hours(ten) {
            return day;
        }
    }
}

struct Requesting {
    http: reqwest::Client,
    base: String,
    session: String,
}

impl Requesting {
    /// Posts the form as the browser does.
    async fn submit(&self, fields: &[(&'static str, String)]) -> reqwest::Response {
        self.http
            .post(format!("{}/begaran/ny", self.base))
            .bearer_auth(&self.session)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    async fn post(&self, fields: &[(&'static str, String)]) -> (reqwest::StatusCode, String) {
        let resp = self.submit(fields).await;
        let status = resp.status();
        (status, resp.text().await.unwrap())
    }

    /// Sends a valid request and returns its id, read from where the form redirects to.
    async fn send(&self, fields: &[(&'static str, String)]) -> RequestId {
        let resp = self.submit(fields).await;
        assert_eq!(resp.status(), reqwest::StatusCode::SEE_OTHER);
        let location = resp.headers()["location"].to_str().unwrap().to_owned();
        location
            .strip_prefix("/begaran?ny=")
            .unwrap()
            .parse()
            .unwrap()
    }

    async fn list(&self) -> String {
        let resp = self
            .http
            .get(format!("{}/begaran", self.base))
            .bearer_auth(&self.session)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), reqwest::StatusCode::OK);
        resp.text().await.unwrap()
    }
}

/// The text of the first element carrying `attr` (e.g. `id="x"`), up to its first closing tag.
fn text_at<'a>(html: &'a str, attr: &str) -> &'a str {
    let start = html
        .find(attr)
        .unwrap_or_else(|| panic!("no {attr} in page"));
    let open_end = start + html[start..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</").unwrap();
    &html[open_end..close]
}

/// The text of the element with `id="…"`.
fn element<'a>(html: &'a str, id: &str) -> &'a str {
    text_at(html, &format!("id=\"{id}\""))
}

/// The status cell of a request in the requester's list.
fn status_of(html: &str, id: RequestId) -> String {
    text_at(html, &format!("data-cell=\"{id}.status\"")).replace("&#39;", "'")
}

async fn sync(phone: &Phone) -> samverka_device::sync::SyncReport {
    phone.sync(Batches::default()).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_health_centre_asks_and_the_on_call_nurses_answer() {
    let region = Region::sqlite();
    let url = region.url();
    region.cli(&[
        "units",
        "add",
        "--id",
        "orust-hsv",
        "--name",
        "Orust hemsjukvård",
        "--municipality",
        "orust",
        "--kind",
        "municipal",
    ]);
    let code_a = region.cli(&["enroll", "--unit", "orust-hsv", "--user", "anna"]);
    let code_b = region.cli(&["enroll", "--unit", "orust-hsv", "--user", "berit"]);
    let anna = Phone::enroll(&url, &url, &code_a).await;
    let berit = Phone::enroll(&url, &url, &code_b).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let session = region
        .requester_session(&http, "vc.henan", "Vårdcentralen Henån", PASSWORD)
        .await;
    let vc = Requesting {
        http: http.clone(),
        base: url.clone(),
        session: session.clone(),
    };

    // A requester has the request pages and nothing else.
    let stats = http
        .get(format!("{url}/api/v1/stats"))
        .bearer_auth(&session)
        .send()
        .await
        .unwrap();
    assert_eq!(stats.status(), reqwest::StatusCode::UNAUTHORIZED);
    let form_page = http
        .get(format!("{url}/begaran/ny"))
        .bearer_auth(&session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let conditions = element(&form_page, "conditions");
    assert!(conditions.contains("Villkor"), "{conditions}");
    assert!(form_page.contains("ring 112"));
    assert!(form_page.contains("Orust hemsjukvård (kommunal primärvård)"));

    let day = next_open_day().to_string();
    // Acute: refused with "ring 112" next to the question, everything typed kept.
    let (status, page) = vc
        .post(&request_form("orust-hsv", &day, "20:30", "ja"))
        .await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    assert!(element(&page, "error-acute").contains("ring 112"), "{page}");
    assert!(page.contains("value=\"Tolvan Tolvansson\""));
    assert!(page.contains("value=\"19121212-1212\""));
    assert!(page.contains("id=\"acute-ja\" value=\"ja\" checked"));
    assert!(page.contains(&format!("value=\"{day}\"")));
    // Daytime on a working day: refused as office hours, on the visit time given.
    let (status, page) = vc
        .post(&request_form("orust-hsv", &day, "10:00", "nej"))
        .await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let why = element(&page, "error-visit_at");
    assert!(why.contains("jourtid"), "{why}");
    assert!(why.contains(&format!("{day} kl 10:00")), "{why}");
    assert!(!page.contains("id=\"error-acute\""));
    // The night the clock goes back, 02:30 comes twice: the form asks which, with the time
    // kept. With V chosen beside the time the question is answered, and what is left is that
    // the night has passed (the region's clock is later than 25 October 2026).
    let mut autumn = request_form("orust-hsv", "2026-10-25", "02:30", "nej");
    let (status, page) = vc.post(&autumn).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let why = element(&page, "error-visit_at");
    assert_eq!(why, samverka_model::sv::REQ_VISIT_TWICE, "{page}");
    assert!(page.contains("id=\"visit_time\" value=\"02:30\""), "{page}");
    assert!(page.contains("name=\"visit_season\""), "{page}");
    autumn.push(("visit_season", "V".into()));
    let (status, page) = vc.post(&autumn).await;
    assert_eq!(status, reqwest::StatusCode::UNPROCESSABLE_ENTITY);
    let why = element(&page, "error-visit_at");
    assert_eq!(why, samverka_model::sv::REQ_VISIT_PAST, "{page}");
    assert!(page.contains("<option value=\"V\" selected>"), "{page}");
    assert!(page.contains("id=\"visit_time\" value=\"02:30\""), "{page}");
    // Nothing of any was stored.
    assert!(vc.list().await.contains("id=\"no-requests\""));

    // A valid out-of-hours request reaches both phones at their next sync.
    let first = vc
        .send(&request_form("orust-hsv", &day, "20:30", "nej"))
        .await;
    let listed = vc.list().await;
    assert!(status_of(&listed, first).starts_with("Väntar"), "{listed}");
    for phone in [&anna, &berit] {
        let report = sync(phone).await;
        assert_eq!(report.requests, Some(1));
        let held = phone.store.lock().unwrap().requests().unwrap();
        assert_eq!(held.len(), 1);
        assert_eq!(held[0].record.id, first);
        assert_eq!(held[0].record.centre, "Vårdcentralen Henån");
        assert_eq!(held[0].record.request.name, "Tolvan Tolvansson");
        assert!(held[0].record.answer.is_none() && held[0].local.is_none());
    }

    // Anna declines with a reason; the requester reads it.
    let reason = "Upptagen på IVPA-larm i Ellös, ring ambulansen";
    anna.store
        .lock()
        .unwrap()
        .answer_request(
            first,
            RequestDecision::Decline {
                reason: reason.into(),
            },
            samverka_device::now(),
        )
        .unwrap();
    let report = sync(&anna).await;
    assert_eq!(report.request_answers, 1);
    let listed = vc.list().await;
    let text = status_of(&listed, first);
    assert!(text.starts_with("Avböjd av anna kl "), "{text}");
    assert!(text.ends_with(reason), "{text}");
    assert!(listed.contains(&format!(
        "data-request=\"{first}\" data-status=\"declined\""
    )));

    // A second request: both phones hold it, Anna accepts (offline until she syncs).
    let second = vc
        .send(&request_form("orust-hsv", &day, "21:00", "nej"))
        .await;
    sync(&anna).await;
    sync(&berit).await;
    let answered = anna
        .store
        .lock()
        .unwrap()
        .answer_request(second, RequestDecision::Accept, samverka_device::now())
        .unwrap();
    let Some(RequestAnswer::Accept { job }) = answered.local.map(|l| l.answer) else {
        panic!("no accept")
    };
    let view = anna.store.lock().unwrap().job(job).unwrap().unwrap();
    let header = view.header.clone().unwrap().value;
    assert_eq!(
        (header.job_type, header.requester, view.status()),
        (
            JobType::Assistance,
            Requester::HEALTH_CENTRE,
            Status::Accepted
        )
    );
    let report = sync(&anna).await;
    assert!(report.pushed >= 4, "{report:?}");
    assert_eq!(report.request_answers, 1);
    // The job reached the region, with the patient's identity from the request.
    let token = anna
        .store
        .lock()
        .unwrap()
        .enrollment()
        .unwrap()
        .unwrap()
        .token;
    let held: serde_json::Value = http
        .get(format!("{url}/api/v1/jobs/{job}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = held["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["body"]["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["job_created", "step", "identity", "record"]);
    let text = status_of(&vc.list().await, second);
    assert!(text.starts_with("Accepterad av anna kl "), "{text}");

    // Berit, who had not synced since, answers too: refused, Anna's answer stands.
    berit
        .store
        .lock()
        .unwrap()
        .answer_request(second, RequestDecision::Accept, samverka_device::now())
        .unwrap();
    let report = sync(&berit).await;
    assert_eq!(
        (report.request_answers, report.request_answers_refused),
        (0, 1)
    );
    let mine = berit
        .store
        .lock()
        .unwrap()
        .request(second)
        .unwrap()
        .unwrap();
    assert_eq!(
        mine.local.map(|l| l.state),
        Some(LocalAnswerState::Refused {
            by: Some(UserId::new("anna"))
        })
    );
    assert_eq!(
        mine.record.answer.map(|a| a.answer),
        Some(RequestAnswer::Accept { job })
    );
    // The region's answer is still Anna's.
    let text = status_of(&vc.list().await, second);
    assert!(text.starts_with("Accepterad av anna"), "{text}");

    // Every delivery of a request to a phone is in the request audit log.
    let store = samverka_region::storage::open(region.db()).await.unwrap();
    let log = store.request_audit(Some(second), 100).await.unwrap();
    assert!(log.len() >= 4, "{log:?}");
    assert!(
        log.iter().all(
            |r| r.event.device.is_some() && ["anna", "berit"].contains(&r.event.actor.as_str())
        )
    );
    // An administrator reads the same log over the API and the command line; a requester
    // cannot.
    let admin = region
        .staff_session(&http, "admin", "admin", None, "admin-lösen-2026")
        .await;
    let api_log: serde_json::Value = http
        .get(format!("{url}/api/v1/audit/requests?request={second}"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap()
        .error_for_status()
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api_log["records"].as_array().unwrap().len(), log.len());
    let refused = http
        .get(format!("{url}/api/v1/audit/requests"))
        .bearer_auth(&session)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), reqwest::StatusCode::UNAUTHORIZED);
    let table = region.cli(&["audit", "--request", &second.to_string()]);
    assert_eq!(table.lines().count(), log.len() + 1, "{table}");
    assert!(table.contains(&second.to_string()), "{table}");
}
