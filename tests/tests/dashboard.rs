//! The region's statistics dashboard in headless Chromium: historical forms imported with the
//! real CLI, a coach signs in, the figures on the page equal those counted here from the
//! fixture itself, the API agrees, screenshots (projector and phone) are saved, and every page
//! the coach sees passes axe-core's WCAG rules with no serious or critical violation.
#![allow(clippy::unwrap_used, missing_docs)]

use fantoccini::{ClientBuilder, Locator};
use samverka_system_tests::app::screenshot_dir;
use samverka_system_tests::region::Region;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// One paper form: (id, date, type, performer, municipality, outcome, sex, age, arrival,
/// minutes, stayed_home, benefit).
#[derive(Clone)]
struct Form {
    id: String,
    date: String,
    job_type: &'static str,
    performer: &'static str,
    municipality: &'static str,
    outcome: &'static str,
    sex: &'static str,
    age: u16,
    arrival: &'static str,
    minutes: Option<u16>,
    stayed_home: &'static str,
    benefit: &'static str,
}

impl Form {
    fn csv(&self) -> String {
        let ivpa = self.job_type == "ivpa";
        format!(
            "{},{},{},{},{},{},{},{},{},chest_pain,yes,{},well,none,{},{},{}",
            self.id,
            self.date,
            self.job_type,
            self.performer,
            self.municipality,
            // Each type's usual requester: the lists in force say who asks for what.
            match self.job_type {
                "ivpa" => "dispatch",
                "nurse_line" => "nurse_line",
                _ => "ambulance",
            },
            self.outcome,
            self.sex,
            self.age,
            self.stayed_home,
            self.benefit,
            if ivpa { self.arrival } else { "" },
            self.minutes.map(|m| m.to_string()).unwrap_or_default(),
        )
    }
}

/// A varied year of forms: every type, both performers, three outcomes, IVPA arrivals and
/// minutes, in two municipalities; plus the first quarter of the year before.
fn fixture() -> Vec<Form> {
    let types = ["nurse_line", "assistance", "ivpa", "mava_direct"];
    let benefits = ["none", "little", "some", "good", "very_good"];
    let mut forms = Vec::new();
    for i in 0..300u16 {
        let job_type = types[usize::from(i % 4)];
        let ivpa = job_type == "ivpa";
        let outcome = match i % 13 {
            0 => "declined",
            1 if ivpa => "aborted",
            _ => "done",
        };
        let arrival = ["before", "before", "same", "after"][usize::from(i / 4 % 4)];
        let year = if i % 5 == 0 { 2024 } else { 2025 };
        forms.push(Form {
            id: format!("paper-{i}"),
            date: format!("{year}-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            job_type,
            performer: if !ivpa && i % 3 == 0 {
                "ambulance"
            } else {
                "municipal"
            },
            municipality: if i % 2 == 0 { "orust" } else { "tanum" },
            outcome,
            sex: if i % 2 == 0 { "female" } else { "male" },
            age: 5 + i % 90,
            arrival,
            minutes: (ivpa && outcome == "done" && arrival == "before").then_some(1 + i % 38),
            stayed_home: if i % 6 == 0 { "no" } else { "yes" },
            benefit: benefits[usize::from(i % 5)],
        });
    }
    forms
}

/// Starts chromedriver on a free loopback port; killed on drop.
struct ChromeDriver {
    child: Child,
    port: u16,
}

impl ChromeDriver {
    fn start() -> Self {
        let port = samverka_system_tests::free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (make test installs chromium-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens `path` of the region and waits for `css`.
async fn open(c: &fantoccini::Client, region: &Region, path: &str, css: &str) {
    c.goto(&format!("{}{path}", region.url())).await.unwrap();
    c.wait()
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{path}: {css} did not appear: {e}"));
}

/// Types `text` into `css`.
async fn type_in(c: &fantoccini::Client, css: &str, text: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .send_keys(text)
        .await
        .unwrap();
}

/// Clicks `css`.
async fn click(c: &fantoccini::Client, css: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap();
}

/// Saves the window as `target/screenshots/<name>.png`.
async fn shoot(c: &fantoccini::Client, name: &str) {
    let dir = screenshot_dir();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(format!("{name}.png")),
        c.screenshot().await.unwrap(),
    )
    .unwrap();
}

/// Asserts axe-core finds no serious or critical violation on the page `c` shows.
async fn accessible(c: &fantoccini::Client, page: &str) {
    let found = samverka_system_tests::axe::serious_violations(c).await;
    assert!(
        found.is_empty(),
        "{page}: axe-core: {}",
        found
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")
    );
}

async fn cell(c: &fantoccini::Client, key: &str) -> String {
    c.find(Locator::Css(&format!("[data-cell='{key}']")))
        .await
        .unwrap_or_else(|e| panic!("cell {key}: {e}"))
        .text()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_what_the_forms_say() {
    let region = Region::sqlite();
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    region.cli(&["content", "publish", content.to_str().unwrap()]);
    let forms = fixture();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("forms.csv");
    let mut text = String::from(
        "job_id,date,job_type,performer,municipality,requester,outcome,patient_sex,patient_age,problem,right_care_level,stayed_home,info_matched,prevented_visit,benefit,arrival,minutes_before_ambulance\n",
    );
    for f in &forms {
        text.push_str(&f.csv());
        text.push('\n');
    }
    std::fs::write(&file, text).unwrap();
    let out = region.cli(&["stats", "import", file.to_str().unwrap()]);
    assert_eq!(
        out,
        format!("imported {} forms from {}", forms.len(), file.display())
    );

    // A coach belongs to a unit, which must exist first. The published content registers
    // orust-hsv; it is added here as well so the test does not depend on the content's units.
    // Statistics stay region-wide for a coach of any unit.
    region.cli(&[
        "units",
        "add",
        "--id",
        "orust-hsv",
        "--name",
        "Orust hemsjukvård",
        "--municipality",
        "orust",
    ]);
    region.staff(
        "coach.anna",
        "coach",
        Some("orust-hsv"),
        "ett langt losenord",
    );

    // Counted here, from the fixture, for 2025.
    let in_2025 = |f: &&Form| f.date.starts_with("2025");
    let carried_out = |f: &&Form| f.outcome != "declined";
    let count =
        |p: &dyn Fn(&&Form) -> bool| forms.iter().filter(in_2025).filter(p).count().to_string();
    let expected = [
        ("done_including_aborted.all", count(&|f| carried_out(f))),
        ("done.all", count(&|f| f.outcome == "done")),
        ("declined.all", count(&|f| f.outcome == "declined")),
        (
            "done_including_aborted.ivpa",
            count(&|f| f.job_type == "ivpa" && carried_out(f)),
        ),
        (
            "done.ivpa",
            count(&|f| f.job_type == "ivpa" && f.outcome == "done"),
        ),
        (
            "problem.ivpa.chest_pain",
            count(&|f| f.job_type == "ivpa" && carried_out(f)),
        ),
        ("problem_share.ivpa.chest_pain", "100 %".to_owned()),
        (
            "age.80-89.mava_direct",
            count(&|f| f.job_type == "mava_direct" && (80..=89).contains(&f.age) && carried_out(f)),
        ),
        ("aborted.ivpa", count(&|f| f.outcome == "aborted")),
        (
            "ambulance.assistance",
            count(&|f| f.job_type == "assistance" && f.performer == "ambulance" && carried_out(f)),
        ),
        (
            "arrival.before",
            count(&|f| f.job_type == "ivpa" && f.arrival == "before"),
        ),
        ("minutes.le5", count(&|f| f.minutes.is_some_and(|m| m <= 5))),
        (
            "minutes.le40",
            count(&|f| f.minutes.is_some_and(|m| (36..=40).contains(&m))),
        ),
        (
            "benefit.very_good.mava_direct",
            count(&|f| f.job_type == "mava_direct" && f.benefit == "very_good" && carried_out(f)),
        ),
        (
            "sex.female.nurse_line",
            count(&|f| f.job_type == "nurse_line" && f.sex == "female" && carried_out(f)),
        ),
    ];
    let minutes: Vec<u16> = forms
        .iter()
        .filter(in_2025)
        .filter_map(|f| f.minutes)
        .collect();
    let mean = minutes.iter().map(|&m| f64::from(m)).sum::<f64>() / minutes.len() as f64;
    let home: Vec<_> = forms
        .iter()
        .filter(in_2025)
        .filter(|f| f.job_type == "assistance" && carried_out(f))
        .collect();
    let stayed = home.iter().filter(|f| f.stayed_home == "yes").count();
    let stayed_pct = format!("{} %", (100 * stayed + home.len() / 2) / home.len());
    // First-quarter jobs carried out in `year`, in `municipality` if given.
    let q1 = |year: &str, municipality: Option<&str>| {
        forms
            .iter()
            .filter(|f| f.date.starts_with(year) && f.date[5..7] <= *"03")
            .filter(|f| municipality.is_none_or(|m| f.municipality == m))
            .filter(|f| f.outcome != "declined")
            .count()
            .to_string()
    };

    let chrome = ChromeDriver::start();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,2200"]
        }),
    );
    let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", chrome.port))
        .await
        .expect("a Chromium session");

    // Not signed in: the dashboard sends you to the sign-in page.
    open(&c, &region, "/dashboard", "#sign-in").await;
    // A wrong password is answered next to the field, and the name stays.
    type_in(&c, "#name", "coach.anna").await;
    type_in(&c, "#password", "fel").await;
    click(&c, "#sign-in").await;
    let err = c
        .wait()
        .for_element(Locator::Css("#login-error"))
        .await
        .unwrap();
    assert!(err.text().await.unwrap().contains("Fel"));
    let name = c
        .find(Locator::Css("#name"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(name.as_deref(), Some("coach.anna"));
    shoot(&c, "dashboard-login").await;
    accessible(&c, "sign-in with its error").await;
    type_in(&c, "#password", "ett langt losenord").await;
    click(&c, "#sign-in").await;
    c.wait().for_element(Locator::Css("#jobs")).await.unwrap();

    // The 2025 figures, chosen in the page's own filter form.
    let set = |id: &'static str, v: &'static str| {
        let c = c.clone();
        async move {
            let el = c.find(Locator::Css(id)).await.unwrap();
            c.execute(
                "arguments[0].value = arguments[1];",
                vec![serde_json::to_value(&el).unwrap(), serde_json::json!(v)],
            )
            .await
            .unwrap();
        }
    };
    set("#from", "2025-01-01").await;
    set("#to", "2026-01-01").await;
    click(&c, "#apply").await;
    c.wait()
        .for_element(Locator::Css("input#from[value='2025-01-01']"))
        .await
        .unwrap();
    for (key, want) in &expected {
        assert_eq!(&cell(&c, key).await, want, "{key}");
    }
    // The problem is labelled from the lists in force (content/form/2025.toml).
    let label = c
        .find(Locator::Css("#problem-ivpa th[data-code='chest_pain']"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(label, "Bröstsmärta");
    // The report button: the year's report as a page.
    c.find(Locator::Css("#report-pdf")).await.unwrap();
    click(&c, "#report-html").await;
    // Waits for the report's own heading: the dashboard's h1 is there until the page changes.
    c.wait()
        .for_element(Locator::XPath("//h1[normalize-space()='Statistik 2025']"))
        .await
        .expect("the report page, headed 'Statistik 2025'");
    accessible(&c, "the report page").await;
    c.back().await.unwrap();
    c.wait().for_element(Locator::Css("#jobs")).await.unwrap();
    let shown_mean = cell(&c, "minutes.mean").await.replace(',', ".");
    assert_eq!(shown_mean, format!("{mean:.1}"));
    assert_eq!(cell(&c, "stayed_home.assistance").await, stayed_pct);
    // Jan–Mar? The same period of the years before is the whole year here; check the year rows.
    assert_eq!(
        cell(&c, "period.2025.done_including_aborted").await,
        count(&|f| carried_out(f))
    );
    for id in [
        "chart-years",
        "chart-age",
        "chart-sex",
        "chart-benefit",
        "chart-ivpa-gain",
    ] {
        c.find(Locator::Css(&format!("svg#{id} text")))
            .await
            .unwrap_or_else(|e| panic!("{id} drawn with labels: {e}"));
    }
    shoot(&c, "dashboard-projector").await;
    accessible(&c, "the dashboard").await;

    // The first quarter across years, and one municipality.
    open(
        &c,
        &region,
        "/dashboard?from=2025-01-01&to=2025-04-01&municipality=orust",
        "#same-period",
    )
    .await;
    assert_eq!(
        cell(&c, "period.2024.done_including_aborted").await,
        q1("2024", Some("orust"))
    );
    assert_eq!(
        cell(&c, "period.2025.done_including_aborted").await,
        q1("2025", Some("orust"))
    );
    assert!(
        q1("2024", None) != "0" && q1("2025", None) != "0",
        "the fixture has both quarters"
    );
    c.set_window_size(390, 2400).await.unwrap();
    shoot(&c, "dashboard-phone").await;
    accessible(&c, "the dashboard on a phone").await;

    // A bad date is answered next to the filters.
    open(
        &c,
        &region,
        "/dashboard?from=2025-13-01&to=2026-01-01",
        "#filter-error",
    )
    .await;
    accessible(&c, "the filter's error").await;
    // The coach's other pages, on a phone's width.
    for path in [
        "/dashboard/introduction",
        "/dashboard/quiz",
        "/dashboard/quarantine",
    ] {
        open(&c, &region, path, "main h2").await;
        accessible(&c, path).await;
    }
    c.close().await.unwrap();

    // The API and its CSV say the same, for a script with a session token.
    let http = reqwest::Client::new();
    let login: serde_json::Value = http
        .post(format!("{}/api/v1/login", region.url()))
        .json(&serde_json::json!({"name": "coach.anna", "password": "ett langt losenord"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = login["token"].as_str().unwrap().to_owned();
    let get = |path: &str| {
        http.get(format!("{}{path}", region.url()))
            .bearer_auth(&token)
            .send()
    };
    let csv = get("/api/v1/stats?from=2025-01-01&to=2026-01-01&job_type=ivpa&format=csv")
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let aborted = count(&|f| f.outcome == "aborted");
    assert!(
        csv.contains(&format!("\ntotal,ivpa,aborted,all,{aborted},0\n")),
        "{csv}"
    );
    // `done` and `done_including_aborted` under the same names in the CSV and the JSON.
    let ivpa_done = count(&|f| f.job_type == "ivpa" && f.outcome == "done");
    let ivpa_carried = count(&|f| f.job_type == "ivpa" && carried_out(f));
    for line in [
        format!("\ntotals,ivpa,,done,{ivpa_done},0\n"),
        format!("\ntotals,ivpa,,done_including_aborted,{ivpa_carried},0\n"),
    ] {
        assert!(csv.contains(&line), "{line:?} in {csv}");
    }
    let json: serde_json::Value = get("/api/v1/stats?from=2025-01-01&to=2026-01-01")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all = json["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["job_type"].is_null())
        .unwrap()
        .clone();
    assert_eq!(all["done"].to_string(), count(&|f| f.outcome == "done"));
    assert_eq!(
        all["done_including_aborted"].to_string(),
        count(&|f| carried_out(f))
    );
    // The report button's PDF, for the same session.
    let pdf = get("/dashboard/report.pdf?year=2025").await.unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(
        pdf.headers()[reqwest::header::CONTENT_TYPE],
        "application/pdf"
    );
    assert!(pdf.bytes().await.unwrap().starts_with(b"%PDF"));
    let status = http
        .get(format!("{}/api/v1/stats", region.url()))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 401, "statistics need a signed-in coach or admin");
    let compare: serde_json::Value =
        get("/api/v1/stats/compare?from=01-01&to=04-01&years=2024,2025")
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    assert_eq!(compare.as_array().map(Vec::len), Some(2));
}
