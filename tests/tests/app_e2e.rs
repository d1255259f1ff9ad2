//! End-to-end: the real app binary in WebKitGTK under Xvfb, driven through tauri-driver and
//! WebKitWebDriver, as a nurse would use it. Screenshots of every main screen, light and dark,
//! land in `target/screenshots/`.
//!
//! 1. An IVPA callout from alarm to submitted form, offline, survives an app restart.
//! 2. The same with the region running: the entries arrive there.
//! 3. The region down: the nurse works on and sees "offline, N waiting"; the region back: the
//!    count drops to 0 by itself.
//! 5. The coaches' corner offline: the guided tour's five stops on a striped practice job kept
//!    apart at home, and the quality test handed in, its result sent once the region is back.
//! 6. In the field on a desktop: at "arrived" the record says the position is missing (no
//!    coordinate), the nurse picks the municipality and the form takes it; the job handed to
//!    a colleague reaches her phone with both holders in its history.
//! 7. A health centre's request reaches the phone; declined there with a reason (none is
//!    refused next to the field), the requester's list says so.
//! 4. The PIN lock engages after idle, wrong PINs earn a wait, nothing is wiped; the patient's
//!    number is masked; the database key lives in the desktop keystore, not in a file.
//! 8. The app going to the background locks it in the shell at once, from the lifecycle event.
//! 9. Every main screen fits 320, 360 and 390 px wide phones and passes axe-core (no serious
//!    or critical violation) in both themes.
//! 10. A vital set in two taps from the job's first screen, NEWS2 as the values arrive; the
//!     form of a finished IVPA job mostly filled in from the job, the problem only suggested.
//! 11. In English the errors are English; tapping a question's label answers nothing.

use samverka_device::sync::Batches;
use samverka_model::answers::HistoryRow;
use samverka_model::app::JobSummary;
use samverka_model::page::JobPage;
use samverka_model::{JobType, Status, Step};
use samverka_system_tests::app::{App, Driver, missing_tools};
use samverka_system_tests::phone::Phone;
use samverka_system_tests::region::Region;

/// One app at a time: two webviews on two cores make every timing in the other test worse.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// `make test` installs the tools; a bare `cargo test` on a machine without them fails and
/// says why, rather than passing without having run.
fn require_tools() {
    let missing = missing_tools();
    assert!(
        missing.is_empty(),
        "end-to-end tests need {missing:?}: run `make test` (it installs them)"
    );
}

/// One test's world: a region, the app's data directory, tauri-driver, and the lock that keeps
/// the other tests' apps off the cores meanwhile (dropped last).
struct World {
    region: Region,
    driver: Driver,
    _data: tempfile::TempDir,
    _one: tokio::sync::MutexGuard<'static, ()>,
}

impl World {
    /// Starts the world and the app's first run.
    async fn start() -> (Self, App) {
        let one = ONE_AT_A_TIME.lock().await;
        require_tools();
        let data = tempfile::tempdir().expect("data dir");
        // Long enough that no test's pause (waiting for a sync to drain) locks the app; the
        // lock has its own test below.
        let driver = Driver::start(data.path(), &[(LOCK_IDLE_ENV, "3600".to_owned())]);
        let app = driver.launch().await;
        let w = Self {
            region: Region::sqlite(),
            driver,
            _data: data,
            _one: one,
        };
        (w, app)
    }
}

/// Publishes the shipped content (guidelines, the form's lists …) to `region`.
fn publish_content(region: &Region) {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let out = region.cli(&["content", "publish", content.to_str().expect("path")]);
    assert!(out.starts_with("published content version 1"), "{out}");
}

/// Taps an option of a choice and waits until the app shows it chosen (saved).
async fn choose(app: &App, choice: &str, value: &str) {
    app.tap(&format!("[data-choice='{choice}'] [data-value='{value}']"))
        .await;
    app.wait(&format!(
        "[data-choice='{choice}'] [data-value='{value}'][aria-pressed='true']"
    ))
    .await;
}

/// Saves a screenshot `<name>-<theme>` when this run takes them.
async fn shoot(app: &App, theme: Option<&str>, name: &str) {
    if let Some(theme) = theme {
        app.screenshot(&format!("{name}-{theme}")).await;
    }
}

/// Enrols the app through its settings screen.
/// How long the app waits idle before it locks (`samverka_app::LOCK_IDLE_ENV`).
const LOCK_IDLE_ENV: &str = "SAMVERKA_LOCK_IDLE_SECS";

/// The PIN every test nurse chooses.
const PIN: &str = "246810";

/// Unlocks the app with the PIN (a restarted app starts locked).
async fn unlock(app: &App) {
    app.wait("#lock-screen").await;
    app.type_into("#unlock-pin", PIN).await;
    app.tap("#unlock").await;
    app.wait_gone("#lock-screen").await;
}

async fn enroll(app: &App, region: &Region, user: &str, shots: Option<&str>) {
    let code = region.code_for("e2e-hsv", user);
    app.wait("#not-enrolled").await;
    shoot(app, shots, "home-not-enrolled").await;
    app.tap("#open-settings").await;
    // A bad address and a guessable PIN are refused next to their fields, and what was typed
    // stays.
    app.type_into("#region-url", "127.0.0.1").await;
    app.type_into("#enroll-code", &code).await;
    app.type_into("#enroll-pin", "123456").await;
    app.type_into("#enroll-pin-repeat", "123456").await;
    app.tap("#enroll").await;
    let err = app.text("[data-error-for='region_url']").await;
    assert!(err.contains("http"), "{err}");
    let err = app.text("[data-error-for='pin']").await;
    assert!(err.contains("PIN-kod"), "{err}");
    assert_eq!(app.value("#enroll-code").await, code);
    app.type_into("#region-url", &region.url()).await;
    app.type_into("#enroll-pin", PIN).await;
    app.type_into("#enroll-pin-repeat", PIN).await;
    app.tap("#enroll").await;
    app.wait("#enrolled-as").await;
    shoot(app, shots, "settings").await;
    app.tap("#back").await;
    app.wait("[data-job-type='ivpa']").await;
}

/// Alarm → arrived → two vital sets → an intervention → SBAR drafted and handed over →
/// statistics form submitted. Returns the job's id.
async fn ivpa_callout(app: &App, shots: Option<&str>) -> String {
    app.tap("[data-job-type='ivpa']").await;
    let job = app.attr("#job", "data-job").await.expect("job id");
    for step in ["accept", "depart", "arrive"] {
        app.tap(&format!("[data-tap='{step}']")).await;
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    shoot(app, shots, "job-times").await;

    app.tap("#tab-record").await;
    app.type_into("#record-chief_complaint", "Bröstsmärta sedan en timme")
        .await;
    choose(app, "patient_sex", "male").await;
    app.type_into("#record-patient_age", "72").await;
    for (i, set) in [
        [
            ("resp_rate", "24"),
            ("spo2", "93"),
            ("pulse", "112"),
            ("systolic", "105"),
            ("diastolic", "70"),
            ("temperature", "37,9"),
        ],
        [
            ("resp_rate", "20"),
            ("spo2", "96"),
            ("pulse", "98"),
            ("systolic", "118"),
            ("diastolic", "76"),
            ("temperature", "37,6"),
        ],
    ]
    .iter()
    .enumerate()
    {
        app.tap("#new-vitals").await;
        for (field, value) in set {
            app.type_into(&format!("#vitals-{field}"), value).await;
        }
        app.tap("[data-choice='on_oxygen'] [data-value='no']").await;
        app.tap("[data-choice='acvpu'] [data-value='alert']").await;
        app.tap("#save-vitals").await;
        app.wait(&format!("#vitals-series tbody tr:nth-child({})", i + 1))
            .await;
    }
    // NEWS2 from the model (RCP chart): the first set scores RR 24 → 2, SpO2 93 → 2, air 0,
    // SBP 105 → 1, pulse 112 → 2, alert 0, 37.9 → 0 = 7.
    assert_eq!(
        app.attr(
            "#vitals-series tbody tr:nth-child(1) td.news2",
            "data-news2"
        )
        .await
        .as_deref(),
        Some("7")
    );
    app.tap("[data-choice='intervention_kind'] [data-value='oxygen']")
        .await;
    app.type_into("#intervention-detail", "2 l/min på grimma")
        .await;
    app.tap("#add-intervention").await;
    app.wait("#interventions li.item").await;
    shoot(app, shots, "job-record").await;

    app.tap("#tab-sbar").await;
    app.tap("#sbar-draft").await;
    let situation = app.value("#sbar-situation").await;
    assert!(
        situation.contains("NEWS2"),
        "the draft names the NEWS2: {situation}"
    );
    app.type_into("#sbar-recipient", "Ambulans 3410").await;
    app.tap("#sbar-hand-over").await;
    app.wait("#handed-over-at").await;
    shoot(app, shots, "job-sbar").await;

    app.tap("#tab-form").await;
    // Submitting too early names what is missing, next to each field.
    app.tap("#form-submit").await;
    app.wait("[data-error-for='form.problem']").await;
    app.type_into("#form-municipality", "exempel").await;
    app.select("#form-problem", "chest_pain").await;
    // The vital signs and the oxygen are ticked already, from the record.
    for action in ["assessment", "oxygen"] {
        app.wait(&format!(
            "[data-choice='actions'] [data-value='{action}'][aria-pressed='true']"
        ))
        .await;
    }
    for (choice, value) in [
        ("right_care_level", "yes"),
        ("stayed_home", "no"),
        ("info_matched", "well"),
        ("prevented_visit", "none"),
        ("benefit", "good"),
        ("arrival", "before"),
    ] {
        choose(app, choice, value).await;
    }
    // A typo in the minutes is refused next to the field and the typed value stays.
    app.type_into("#form-minutes_before_ambulance", "500").await;
    app.wait("[data-error-for='form.minutes_before_ambulance']")
        .await;
    assert_eq!(app.value("#form-minutes_before_ambulance").await, "500");
    app.type_into("#form-minutes_before_ambulance", "7").await;
    app.wait_gone("[data-error-for='form.minutes_before_ambulance']")
        .await;
    app.tap("#form-submit").await;
    app.wait("#form-submitted").await;
    shoot(app, shots, "job-form").await;
    app.tap("#back").await;
    app.wait(&format!("[data-job='{job}']")).await;
    job
}

async fn set_theme(app: &App, theme: &str) {
    app.tap("#open-settings").await;
    app.tap(&format!("[data-choice='theme'] [data-value='{theme}']"))
        .await;
    app.wait(&format!("html[data-theme='{theme}']")).await;
    app.tap("#back").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ivpa_callout_offline_survives_a_restart() {
    let (mut w, app) = World::start().await;
    set_theme(&app, "light").await;
    publish_content(&w.region);
    enroll(&app, &w.region, "anna", Some("light")).await;
    // The region's content (the form's lists among it) arrives with the first sync.
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    // No signal from here on.
    w.region.kill();
    let job = ivpa_callout(&app, Some("light")).await;
    app.wait_text("#sync-state", "offline with entries waiting", |t| {
        t.starts_with("Offline ·")
    })
    .await;
    app.screenshot("home-light").await;

    // Dark theme: the same screens, for the night shift.
    set_theme(&app, "dark").await;
    app.screenshot("home-dark").await;
    app.tap(&format!("[data-job='{job}']")).await;
    app.screenshot("job-times-dark").await;
    for tab in ["record", "sbar", "form"] {
        app.tap(&format!("#tab-{tab}")).await;
        app.screenshot(&format!("job-{tab}-dark")).await;
    }
    app.tap("#back").await;
    app.tap("#open-settings").await;
    app.screenshot("settings-dark").await;
    app.quit().await;

    // A restart: everything is still there, read back from the phone's own database.
    let app = w.driver.launch().await;
    app.wait("html[data-theme='dark']").await;
    unlock(&app).await;
    app.tap(&format!("[data-job='{job}']")).await;
    for step in ["accept", "depart", "arrive", "hand_over"] {
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    app.tap("#tab-record").await;
    assert_eq!(app.value("#record-patient_age").await, "72");
    assert_eq!(app.count("#vitals-series tbody tr").await, 2);
    assert_eq!(app.count("#interventions li.item").await, 1);
    app.tap("#tab-sbar").await;
    app.wait("#handed-over-at").await;
    app.tap("#tab-form").await;
    app.wait("#form-submitted").await;
    assert_eq!(
        app.count("#form-submit").await,
        0,
        "a submitted form is locked"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_the_region_running_the_callout_arrives_there() {
    let (w, app) = World::start().await;
    publish_content(&w.region);
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    let job = ivpa_callout(&app, None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    assert_eq!(
        app.attr("#sync-state", "data-pending").await.as_deref(),
        Some("0")
    );
    app.quit().await;

    // A colleague's phone in the same unit pulls the job: the region has all of it.
    let code = w.region.code_for("e2e-hsv", "berit");
    let colleague = Phone::enroll(&w.region.url(), &w.region.url(), &code).await;
    colleague
        .sync(Batches::default())
        .await
        .expect("colleague syncs");
    let views = colleague.views();
    let view = views
        .iter()
        .find(|v| v.id.to_string() == job)
        .expect("the callout reached the region and the unit");
    assert_eq!(view.job_type(), Some(JobType::Ivpa));
    assert_eq!(view.status(), Status::HandedOver);
    assert!(view.mark(Step::Arrive).is_some());
    assert_eq!(view.vitals.current().count(), 2);
    assert_eq!(view.interventions.current().count(), 1);
    assert!(view.sbar.value.handed_over_at.is_some());
    let submitted = view.submitted.as_ref().expect("form submitted");
    assert_eq!(submitted.value.form.minutes_before_ambulance, Some(7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_work_waits_and_drains_when_the_region_returns() {
    let (mut w, app) = World::start().await;
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;

    w.region.kill();
    app.tap("[data-job-type='nurse_line']").await;
    for step in ["accept", "depart", "arrive"] {
        app.tap(&format!("[data-tap='{step}']")).await;
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    // Five entries (created, accepted, departed, arrived, and the position at arrival: missing
    // on a desktop) wait, and the app says so.
    let shown = app
        .wait_text("#sync-state", "offline, 5 waiting", |t| {
            t == "Offline · 5 väntar"
        })
        .await;
    assert_eq!(shown, "Offline · 5 väntar");
    app.screenshot("job-offline-waiting-light").await;

    w.region.start();
    // No tap: the sync loop's retry finds the region again.
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    assert_eq!(
        app.attr("#sync-state", "data-pending").await.as_deref(),
        Some("0")
    );
    app.quit().await;
}

/// The content screens, shot in `theme`: the guideline list, a chapter, the contacts.
async fn shoot_content(app: &App, theme: &str) {
    set_theme(app, theme).await;
    app.tap("#open-guides").await;
    choose(app, "audience", "adult").await;
    app.wait("#guideline-list [data-doc='hjartstopp-vuxen']")
        .await;
    app.screenshot(&format!("guides-{theme}")).await;
    app.tap("#guideline-list [data-doc='hjartstopp-vuxen']")
        .await;
    app.wait("#document[data-doc='hjartstopp-vuxen'] .doc-body")
        .await;
    app.screenshot(&format!("guide-chapter-{theme}")).await;
    app.tap("#back").await;
    app.tap("#open-contacts").await;
    app.wait("#contact-list").await;
    app.screenshot(&format!("contacts-{theme}")).await;
    app.tap("#back").await;
    app.tap("#back").await;
    app.wait("#home").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guidelines_are_searched_offline_a_chapter_opened_and_a_contact_called() {
    let (mut w, app) = World::start().await;
    publish_content(&w.region);
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    // The new version is announced at home.
    app.wait("#new-content-badge").await;
    // No signal from here on: everything below is the phone's own copy.
    w.region.kill();

    app.tap("#open-guides").await;
    app.wait("#content-version[data-version='1']").await;
    app.wait("#sample-banner").await;
    app.tap("#content-seen").await;
    app.wait_gone("#new-content").await;

    // Search as the nurse types, without å/ä/ö and half-typed.
    for typed in ["hjartstopp", "HLR", "hjärtst"] {
        app.type_into("#guide-search", typed).await;
        app.wait(&format!(
            "#search-hits[data-query='{typed}'] li:first-child [data-doc='hjartstopp-vuxen']"
        ))
        .await;
    }
    app.wait("#search-hits mark").await;
    app.tap("#search-hits [data-doc='hjartstopp-vuxen']").await;
    let body = app
        .text("#document[data-doc='hjartstopp-vuxen'] .doc-body")
        .await;
    assert!(body.contains("HLR"), "{body}");
    let meta = app.text("#doc-meta").await;
    assert!(meta.contains("gäller från"), "{meta}");
    app.wait("#document #sample-banner").await;

    // A link to another document opens it inside the app.
    let href = app
        .attr("#document .doc-body a[href^='#doc:']", "href")
        .await
        .expect("a link to another document");
    // WebDriver may answer the resolved URL (`tauri://localhost#doc:…`).
    let target = href
        .rsplit_once("#doc:")
        .map(|(_, id)| id.to_owned())
        .expect("a #doc: link");
    app.tap("#document .doc-body a[href^='#doc:']").await;
    app.wait(&format!("#document[data-doc='{target}']")).await;
    app.tap("#back").await;
    app.wait("#document[data-doc='hjartstopp-vuxen']").await;
    app.tap("#back").await;

    // The child switch shows the children's chapter.
    app.type_into("#guide-search", "").await;
    choose(&app, "audience", "child").await;
    app.wait("#guideline-list [data-doc='hjartstopp-barn']")
        .await;
    assert_eq!(
        app.count("#guideline-list [data-doc='hjartstopp-vuxen']")
            .await,
        0
    );

    // A contact: a real tel: link, handed to the dialler by one tap.
    app.tap("#open-contacts").await;
    let call = "[data-contact='mava-intagssjukskoterska'] a.call";
    assert_eq!(
        app.attr(call, "href").await.as_deref(),
        Some("tel:0313900610")
    );
    app.tap(call).await;
    let dialled = app.text("#dialled[data-dialled='tel:0313900610']").await;
    assert!(dialled.contains("031-390 06 10"), "{dialled}");
    app.tap("#back").await;
    app.tap("#back").await;
    app.wait("#home").await;

    shoot_content(&app, "light").await;
    shoot_content(&app, "dark").await;
    app.quit().await;
}

/// Every byte SQLite keeps for the app's database (the file, its WAL and shared memory).
fn db_bytes(dir: &std::path::Path) -> Vec<u8> {
    let mut all = Vec::new();
    for entry in std::fs::read_dir(dir).expect("data dir").flatten() {
        if let Ok(b) = std::fs::read(entry.path()) {
            all.extend(b);
        }
    }
    all
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pin_lock_engages_after_idle_and_wrong_pins_wait_and_the_key_stays_in_the_keystore() {
    let _one = ONE_AT_A_TIME.lock().await;
    require_tools();
    let data = tempfile::tempdir().expect("data dir");
    let driver = Driver::start(data.path(), &[(LOCK_IDLE_ENV, "4".to_owned())]);
    let region = Region::sqlite();
    let app = driver.launch().await;
    enroll(&app, &region, "anna", None).await;

    // The patient's identity on a new job: a wrong check digit is refused next to the field
    // and stays to be corrected; a right number is shown masked.
    app.tap("[data-job-type='ivpa']").await;
    app.tap("#tab-record").await;
    app.type_into("#identity-personal_number", "19121212-1213")
        .await;
    let err = app
        .text("[data-error-for='identity.personal_number']")
        .await;
    assert!(err.contains("Kontrollsiffran"), "{err}");
    assert_eq!(
        app.value("#identity-personal_number").await,
        "19121212-1213"
    );
    app.type_into("#identity-personal_number", "19121212-1212")
        .await;
    assert_eq!(app.text("#identity-pnr-masked").await, "19121212-****");
    app.type_into("#identity-name", "Tolvan Tolvansson").await;
    app.screenshot("identity-masked").await;

    // Four seconds without a touch: the lock screen comes by itself, over the record.
    app.wait("#lock-screen").await;
    app.wait("#app[data-locked='true']").await;
    app.screenshot("lock-screen").await;

    // Three wrong PINs earn a wait; during it even the right PIN is not checked.
    for n in 1..=3 {
        app.type_into("#unlock-pin", "111111").await;
        app.tap("#unlock").await;
        // The shell's answer empties the field and frees the button; the message alone cannot
        // tell this answer from the last one, which said the same words.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while !app.value("#unlock-pin").await.is_empty()
            || app.attr("#unlock", "disabled").await.is_some()
        {
            assert!(
                std::time::Instant::now() < deadline,
                "wrong PIN {n} never answered"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let msg = app
            .wait_text("#unlock-error", "wrong PIN answer", |t| {
                t.starts_with("Fel PIN-kod") && (n < 3 || t.contains("30 s"))
            })
            .await;
        assert!(msg.contains("Fel PIN-kod"), "{msg}");
    }
    app.type_into("#unlock-pin", PIN).await;
    app.tap("#unlock").await;
    app.wait_text("#unlock-error", "still waiting", |t| t.starts_with("Vänta"))
        .await;
    assert_eq!(app.count("#lock-screen").await, 1);
    app.screenshot("lock-wait").await;

    // After the wait the right PIN opens the app where the nurse was; nothing was wiped.
    tokio::time::sleep(std::time::Duration::from_secs(30)).await;
    app.type_into("#unlock-pin", PIN).await;
    app.tap("#unlock").await;
    app.wait_gone("#lock-screen").await;
    assert_eq!(app.text("#identity-pnr-masked").await, "19121212-****");
    app.tap("#identity-pnr-show").await;
    assert_eq!(
        app.value("#identity-personal_number").await,
        "19121212-1212"
    );
    app.quit().await;

    // The database key is in the desktop keystore, not in any file, and the file holds no
    // readable patient data.
    let db = data.path().join("samverka.db");
    let account = format!("database-key:{}", db.display());
    let key_hex = driver
        .keystore()
        .lookup("se.samverka.app", &account)
        .expect("the app's key is in the Secret Service");
    assert_eq!(key_hex.len(), 64);
    let bytes = db_bytes(data.path());
    for secret in [
        key_hex.as_str(),
        "191212121212",
        "Tolvansson",
        "SQLite format 3",
    ] {
        assert!(
            !holds(&bytes, secret),
            "{secret:?} readable in the data directory"
        );
    }
    let key = samverka_device::DatabaseKey::from_hex(&key_hex).expect("a key");
    let store = samverka_device::Store::open(&db, &key).expect("opens with the keystore's key");
    let jobs = store.all_jobs().expect("jobs");
    assert_eq!(jobs.len(), 1);
    let identity = &jobs[0].identity.value;
    assert_eq!(identity.name.as_deref(), Some("Tolvan Tolvansson"));
    drop(store);
    assert!(matches!(
        samverka_device::Store::open(&db, &samverka_device::DatabaseKey::generate()),
        Err(samverka_device::StoreError::WrongKey)
    ));
}

/// 8. The app going to the background: the phone's own lifecycle event (Android `onPause`,
/// iOS `applicationWillResignActive`, Tauri's `WindowEvent::Suspended`) locks the app in the
/// shell at once, not only when the page notices it is hidden. Xvfb has no window manager to
/// minimise the window, so the test build's hook sends the change down the same path.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn going_to_the_background_locks_the_app_in_the_shell_and_keeps_what_was_typed() {
    let (w, app) = World::start().await;
    enroll(&app, &w.region, "anna", None).await;
    app.tap("[data-job-type='ivpa']").await;
    app.tap("#tab-record").await;
    app.type_into("#identity-name", "Tolvan Tolvansson").await;
    assert_eq!(app.count("#lock-screen").await, 0);

    // The idle lock is an hour away (World): only the lifecycle event can lock here.
    app.invoke::<()>(
        "emulate_lifecycle",
        serde_json::json!({ "background": true }),
    )
    .await
    .expect("the test build's lifecycle hook");
    app.wait("#lock-screen").await;
    app.wait("#app[data-locked='true']").await;
    app.screenshot("lock-background").await;

    // The shell itself refuses patient data now, whatever the page would ask.
    let refused = app
        .invoke::<Vec<JobSummary>>("jobs", serde_json::json!({}))
        .await
        .expect_err("patient data refused while locked");
    assert_eq!(refused.kind, "locked", "{refused:?}");

    // Coming back to the front does not open the app; the PIN does, with the record as it was.
    app.invoke::<()>(
        "emulate_lifecycle",
        serde_json::json!({ "background": false }),
    )
    .await
    .expect("the test build's lifecycle hook");
    assert_eq!(app.count("#lock-screen").await, 1);
    app.type_into("#unlock-pin", PIN).await;
    app.tap("#unlock").await;
    app.wait_gone("#lock-screen").await;
    assert_eq!(app.value("#identity-name").await, "Tolvan Tolvansson");
    assert!(
        app.invoke::<Vec<JobSummary>>("jobs", serde_json::json!({}))
            .await
            .is_ok()
    );
    app.quit().await;
}

/// 10. At the scene: from the job's first screen a full vital set is two taps (the shortcut and
/// *Spara*; the pad moves from field to field by itself, air and alert stand as the usual
/// answers) with NEWS2 counting as the values arrive; and the statistics form of a finished
/// IVPA job opens mostly filled in from the job, each such answer marked, the problem only
/// suggested until the nurse takes it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vital_set_is_two_taps_and_the_form_fills_itself_from_the_job() {
    let (w, app) = World::start().await;
    publish_content(&w.region);
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    app.tap("[data-job-type='ivpa']").await;
    for step in ["accept", "depart", "arrive"] {
        app.tap(&format!("[data-tap='{step}']")).await;
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    // A desktop has no position: the nurse names the municipality at arrival, as on a phone
    // without a fix.
    app.wait("#position-line[data-position='missing']").await;
    app.select("#position-municipality", "sotenas").await;
    app.tap("#save-municipality").await;
    app.wait_text("#position-line", "the chosen municipality", |t| {
        t.contains("Sotenäs")
    })
    .await;

    // Taps that are not number-pad keys, counted.
    let mut taps = 0;
    app.tap("#times-new-vitals").await;
    taps += 1;
    app.wait("#vitals-entry #vitals-resp_rate.active").await;
    // RR 24, SpO₂ 93, pulse 112, 105/70, 37,9 — spoken in one breath, typed without a field tap.
    for key in "24 93 112 105 70 379"
        .chars()
        .filter(|c| !c.is_whitespace())
    {
        app.tap(&format!("#vitals-entry [data-key='{key}']")).await;
    }
    let values: Vec<String> = {
        let mut v = Vec::new();
        for f in [
            "resp_rate",
            "spo2",
            "pulse",
            "systolic",
            "diastolic",
            "temperature",
        ] {
            v.push(app.value(&format!("#vitals-{f}")).await);
        }
        v
    };
    assert_eq!(values, ["24", "93", "112", "105", "70", "37,9"]);
    // NEWS2 as the values arrived: RR 24 → 2, SpO₂ 93 → 2, air 0, SBP 105 → 1, pulse 112 → 2,
    // alert 0, 37,9 → 0 = 7, with air and alert the usual answers, shown as such.
    assert_eq!(
        app.attr("#vitals-news2", "data-news2").await.as_deref(),
        Some("7")
    );
    assert_eq!(app.count("#vitals-entry .usual").await, 2);
    app.screenshot("vitals-pad").await;
    app.tap("#save-vitals").await;
    taps += 1;
    app.wait("#vitals-series tbody tr").await;
    assert_eq!(
        app.attr("#vitals-series tbody tr td.news2", "data-news2")
            .await
            .as_deref(),
        Some("7")
    );
    println!("a full vital set from the job's first screen: {taps} taps (pad keys not counted)");
    assert!(taps <= 8, "{taps} taps");

    // The rest of a finished IVPA job: the record, oxygen, SBAR handed over, the ambulance.
    app.type_into("#record-chief_complaint", "Bröstsmärta sedan en timme")
        .await;
    choose(&app, "patient_sex", "male").await;
    app.type_into("#record-patient_age", "78").await;
    app.tap("[data-choice='intervention_kind'] [data-value='oxygen']")
        .await;
    app.type_into("#intervention-detail", "2 l/min").await;
    app.tap("#add-intervention").await;
    app.wait("#interventions li.item").await;
    app.tap("#tab-sbar").await;
    app.tap("#sbar-draft").await;
    app.type_into("#sbar-recipient", "Ambulans 3410").await;
    app.tap("#sbar-hand-over").await;
    app.wait("#handed-over-at").await;
    app.tap("#tab-times").await;
    app.tap("[data-tap='ambulance_arrive']").await;
    app.wait("li.step.done[data-step='ambulance_arrive']").await;

    app.tap("#tab-form").await;
    app.wait("#form-submit").await;
    let shown = app.count(".field[data-field^='form.']").await;
    let filled = app
        .count(".field[data-field^='form.'][data-prefilled='true']")
        .await;
    let share = filled * 100 / shown.max(1);
    println!("the form opens {filled} of {shown} fields filled in from the job ({share} %)");
    assert!(share >= 60, "{filled} of {shown}");
    // The actions the record lists are ticked; the problem waits for the nurse's tap.
    for action in ["assessment", "oxygen"] {
        app.wait(&format!(
            "[data-choice='actions'] [data-value='{action}'][aria-pressed='true']"
        ))
        .await;
    }
    assert_eq!(app.value("#form-problem").await, "");
    assert_eq!(
        app.attr("#problem-suggestion", "data-problem")
            .await
            .as_deref(),
        Some("chest_pain")
    );
    app.screenshot("form-prefilled").await;
    app.tap("#use-suggested-problem").await;
    app.wait_gone("#problem-suggestion").await;
    assert_eq!(app.value("#form-problem").await, "chest_pain");
    app.quit().await;
}

/// The phone sizes every screen must fit: a small Android, a common one, an iPhone.
const PHONES: [(u32, u32); 3] = [(320, 640), (360, 640), (390, 844)];

/// Runs axe-core on what the app shows, then fits it to each phone size: what breaks is added
/// to `problems`, named by screen and theme; the 320 px screen is saved as a screenshot.
async fn audit(app: &App, screen: &str, theme: &str, problems: &mut Vec<String>) {
    for v in samverka_system_tests::axe::serious_violations(app.client()).await {
        problems.push(format!("{screen} ({theme}): axe {v}"));
    }
    for (w, h) in PHONES {
        let width = app.resize_page(w, h).await;
        if width != w {
            problems.push(format!(
                "{screen}: the page could not be made {w} px wide ({width})"
            ));
        }
        for bad in app.overflowing().await {
            problems.push(format!("{screen} ({theme}) at {w}×{h}: {bad}"));
        }
        if w == 320 {
            app.screenshot(&format!("fit-320-{screen}-{theme}")).await;
        }
    }
    app.resize_page(390, 844).await;
}

/// 9. Every main screen at 320×640, 360×640 and 390×844, light and dark: nothing pokes out
/// sideways (clipped or scrolling the page), and axe-core 4 finds no violation of impact
/// serious or critical.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_main_screen_fits_a_phone_and_passes_axe_in_both_themes() {
    let (w, app) = World::start().await;
    publish_content(&w.region);
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;

    // A job with something on every tab.
    app.tap("[data-job-type='ivpa']").await;
    let job = app.attr("#job", "data-job").await.expect("job id");
    for step in ["accept", "depart", "arrive"] {
        app.tap(&format!("[data-tap='{step}']")).await;
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    app.tap("#tab-record").await;
    app.type_into("#record-chief_complaint", "Bröstsmärta")
        .await;
    app.tap("#new-vitals").await;
    app.type_into("#vitals-resp_rate", "22").await;
    app.type_into("#vitals-spo2", "94").await;
    app.tap("#save-vitals").await;
    app.wait("#vitals-series tbody tr").await;
    app.tap("#back").await;
    app.wait("#home").await;

    let mut problems = Vec::new();
    for theme in ["light", "dark"] {
        set_theme(&app, theme).await;
        audit(&app, "home", theme, &mut problems).await;

        app.tap("#open-settings").await;
        app.wait("#enrolled-as").await;
        audit(&app, "settings", theme, &mut problems).await;
        app.tap("#back").await;

        app.tap("#open-guides").await;
        app.wait("#guideline-list [data-doc='hjartstopp-vuxen']")
            .await;
        audit(&app, "guides", theme, &mut problems).await;
        app.tap("#guideline-list [data-doc='hjartstopp-vuxen']")
            .await;
        app.wait("#document .doc-body").await;
        audit(&app, "chapter", theme, &mut problems).await;
        app.tap("#back").await;
        app.tap("#back").await;

        app.tap("#open-contacts").await;
        app.wait("#contact-list").await;
        audit(&app, "contacts", theme, &mut problems).await;
        app.tap("#back").await;

        app.tap("#open-coach").await;
        app.wait("#coach").await;
        audit(&app, "coach", theme, &mut problems).await;
        app.tap("#start-quiz").await;
        app.wait("#quiz-page").await;
        audit(&app, "quiz", theme, &mut problems).await;
        app.tap("#back").await;
        app.wait("#coach").await;
        app.tap("#back").await;

        app.wait("#home").await;
        app.tap(&format!("[data-job='{job}']")).await;
        for (tab, ready) in [
            ("times", "li.step.done[data-step='arrive']"),
            ("record", "#vitals-series"),
            ("sbar", "#sbar-situation"),
            ("form", "#form-submit"),
            ("more", "#tab-more[aria-selected='true']"),
        ] {
            app.tap(&format!("#tab-{tab}")).await;
            app.wait(ready).await;
            audit(&app, &format!("job-{tab}"), theme, &mut problems).await;
        }
        app.tap("#tab-record").await;
        app.tap("#new-vitals").await;
        app.wait("#vitals-entry").await;
        audit(&app, "job-vitals-entry", theme, &mut problems).await;
        app.tap("#cancel-vitals").await;
        app.wait_gone("#vitals-entry").await;

        app.invoke::<()>(
            "emulate_lifecycle",
            serde_json::json!({ "background": true }),
        )
        .await
        .expect("the test build's lifecycle hook");
        app.wait("#lock-screen").await;
        audit(&app, "lock", theme, &mut problems).await;
        app.type_into("#unlock-pin", PIN).await;
        app.tap("#unlock").await;
        app.wait_gone("#lock-screen").await;
        app.tap("#back").await;
        app.wait("#home").await;
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_coach_walks_a_new_nurse_through_a_practice_job_and_she_takes_the_quality_test() {
    let (mut w, app) = World::start().await;
    publish_content(&w.region);
    enroll(&app, &w.region, "nova", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    // The coach and the new nurse are in a cellar: offline from here.
    w.region.kill();

    app.tap("#open-coach").await;
    app.wait("#scenarios [data-scenario]").await;
    app.screenshot("coach-corner").await;

    // The guided tour: a practice job, then every part the coach must show, pointed at.
    app.tap("#start-tour").await;
    for step in 0..5 {
        app.wait(&format!("#tour[data-step='{step}']")).await;
        app.wait(&format!(
            "[data-tour-target]{}",
            [
                "#tab-form",
                "#tab-sbar",
                "#tab-record",
                "#guides",
                "#contacts"
            ][step]
        ))
        .await;
        if step < 3 {
            app.wait(".practice-stripe").await;
        }
        app.screenshot(&format!("tour-{}", step + 1)).await;
        app.tap("#tour-next").await;
    }
    app.wait_gone("#tour").await;
    app.wait("#coach").await;

    // The practice job is striped and kept apart from real work at home.
    app.tap("#back").await;
    app.wait("#practice-jobs [data-job]").await;
    assert_eq!(app.count("#open-jobs [data-job]").await, 0);
    app.screenshot("home-practice").await;

    // The quality test, offline: answer everything, hand in, see right and wrong per question.
    app.tap("#open-coach").await;
    app.tap("#start-quiz").await;
    app.wait("#quiz-clock").await;
    let questions = app.count(".quiz-question").await;
    assert!(questions >= 10, "{questions} questions");
    app.client()
        .execute(
            "document.querySelectorAll('.quiz-question').forEach(q => q.querySelector('[data-option=\"0\"]').click());",
            vec![],
        )
        .await
        .expect("answer all");
    app.screenshot("quiz").await;
    app.tap("#hand-in").await;
    app.wait("#quiz-result").await;
    assert_eq!(app.count(".quiz-answer").await, questions);
    app.screenshot("quiz-result").await;
    app.tap("#back").await;
    app.wait("#quiz-results .quiz-result[data-synced='false']")
        .await;
    // The region back: the result goes up once, and the list says so.
    w.region.start();
    app.tap("#sync-state").await;
    app.wait("#quiz-results .quiz-result[data-synced='true']")
        .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_a_desktop_the_position_is_missing_and_the_job_is_handed_to_a_colleague() {
    let (mut w, app) = World::start().await;
    publish_content(&w.region);
    let url = w.region.url();
    // Berit works the same unit from her own phone.
    let berit = Phone::enroll(&url, &url, &w.region.code_for("e2e-hsv", "berit")).await;
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;

    app.tap("[data-job-type='assistance']").await;
    let job = app.attr("#job", "data-job").await.expect("job id");
    for step in ["accept", "depart", "arrive"] {
        app.tap(&format!("[data-tap='{step}']")).await;
        app.wait(&format!("li.step.done[data-step='{step}']")).await;
    }
    // A desktop has no location service: the record says so, with no coordinate, and asks for
    // the municipality.
    app.wait("#position-line[data-position='missing']").await;
    let line = app.text("#position-line").await;
    assert!(line.contains("Position saknas"), "{line}");
    assert!(
        !line.contains('°'),
        "no coordinate for a missing position: {line}"
    );
    app.select("#position-municipality", "sotenas").await;
    app.tap("#save-municipality").await;
    app.wait_text("#position-line", "the chosen municipality", |t| {
        t.contains("Sotenäs")
    })
    .await;
    app.screenshot("position-missing").await;
    // The record says so too.
    app.tap("#tab-record").await;
    let line = app.text("#record-position").await;
    assert!(
        line.contains("Position saknas") && !line.contains('°'),
        "{line}"
    );
    // The statistics form takes the municipality from there.
    app.tap("#tab-form").await;
    assert_eq!(app.value("#form-municipality").await, "sotenas");

    // The export for the journal system, made on the phone: the text says the position is
    // missing and has no coordinate; the FHIR bundle is JSON; the sheet is ready to print.
    app.tap("#tab-more").await;
    app.tap("#export-as-text").await;
    let text = app.value("#export-text").await;
    assert!(text.contains("Position saknas"), "{text}");
    assert!(!text.contains('°'), "{text}");
    app.tap("#export-as-fhir").await;
    let fhir: serde_json::Value =
        serde_json::from_str(&app.value("#export-fhir").await).expect("the bundle is JSON");
    assert_eq!(fhir["resourceType"], "Bundle");
    assert!(!fhir.to_string().contains("latitude"));
    app.tap("#export-as-sheet").await;
    app.wait("#handover-sheet article.handover-sheet").await;
    app.screenshot("handover-sheet").await;

    // Anna hands the job to Berit, with a note; a hand-on without a receiver is refused next
    // to the field and the note stays.
    app.wait("#holder-history li").await;
    app.type_into("#hand-on-note", "Kateterbyte kvar, nyckel i nyckelgömma")
        .await;
    app.tap("#hand-on").await;
    let err = app.text("[data-error-for='holder']").await;
    assert!(err.contains("Välj vem"), "{err}");
    assert_eq!(
        app.value("#hand-on-note").await,
        "Kateterbyte kvar, nyckel i nyckelgömma"
    );
    app.wait("#hand-on-to option[value='berit']").await;
    app.select("#hand-on-to", "berit").await;
    app.tap("#hand-on").await;
    app.wait("#holder-history li[data-holder='berit']").await;
    app.wait("#take-over").await;
    app.screenshot("handed-on").await;
    app.tap("#back").await;
    app.wait(&format!("#others-jobs [data-job='{job}']")).await;

    // After sync the job is Berit's on her phone, with both holders in its history.
    app.wait_text("#sync-state", "synced", |t| t.starts_with("Synkad"))
        .await;
    let mut held = false;
    for _ in 0..20 {
        berit.sync(Default::default()).await.expect("berit syncs");
        let views = berit.views();
        if let Some(v) = views.iter().find(|v| v.id.to_string() == job) {
            let holders: Vec<String> = v
                .holder_history()
                .iter()
                .map(|h| format!("{:?}", h.holder))
                .collect();
            assert_eq!(
                holders,
                ["Nurse(UserId(\"anna\"))", "Nurse(UserId(\"berit\"))"]
            );
            held = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(held, "the job reached Berit's phone");
    w.region.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_health_centre_request_is_declined_on_the_phone_and_the_requester_reads_why() {
    let (mut w, app) = World::start().await;
    w.region.cli(&[
        "units",
        "add",
        "--id",
        "e2e-hsv",
        "--name",
        "E2E hemsjukvård",
        "--kind",
        "municipal",
    ]);
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let url = w.region.url();
    let session = w
        .region
        .requester_session(
            &http,
            "vc.henan",
            "Vårdcentralen Henån",
            "vårdcentral-lösen-2026",
        )
        .await;
    enroll(&app, &w.region, "anna", None).await;

    // Tomorrow at 19:00 the health centre is closed whatever day it is.
    let now = samverka_region::now();
    let tomorrow = samverka_model::request::swedish_date(now)
        .and_then(|d| d.next_day())
        .expect("a date");
    let form = samverka_system_tests::region::request_form(
        "e2e-hsv",
        &tomorrow.to_string(),
        "19:00",
        "nej",
    );
    let sent = http
        .post(format!("{url}/begaran/ny"))
        .bearer_auth(&session)
        .form(&form)
        .send()
        .await
        .expect("request sent");
    assert_eq!(sent.status(), reqwest::StatusCode::SEE_OTHER);
    let id = sent.headers()["location"]
        .to_str()
        .expect("location")
        .trim_start_matches("/begaran?ny=")
        .to_owned();

    // The request arrives on the phone at its next sync.
    app.tap("#sync-state").await;
    let card = format!("#requests [data-request='{id}']");
    app.wait(&card).await;
    app.screenshot("request").await;
    // Declining without a reason is refused next to the field.
    app.tap(&format!("[data-decline='{id}']")).await;
    app.tap("#confirm-decline").await;
    app.wait("[data-error-for='request.reason']").await;
    app.type_into("#request-reason", "Upptagen på IVPA-larm i Tanum")
        .await;
    app.tap("#confirm-decline").await;
    app.wait(&format!("{card} .request-state")).await;
    app.tap("#sync-state").await;

    // The requester's list says declined, by whom, and why.
    let mut page = String::new();
    for _ in 0..40 {
        page = http
            .get(format!("{url}/begaran"))
            .bearer_auth(&session)
            .send()
            .await
            .expect("list")
            .text()
            .await
            .expect("page");
        if page.contains("Upptagen på IVPA-larm i Tanum") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert!(page.contains("Avböjd av anna"), "{page}");
    assert!(page.contains("Upptagen på IVPA-larm i Tanum"), "{page}");
    w.region.kill();
}

/// Every value the patient's sex has had on `job`, as the shell answers it.
async fn sex_history(app: &App, job: &str) -> Vec<HistoryRow> {
    app.invoke(
        "history",
        serde_json::json!({ "job": job, "field": "record.patient_sex" }),
    )
    .await
    .expect("history")
}

/// 10. Labels that cannot answer questions, errors in the nurse's language. With the app set
/// to English, the shell's refusals at enrolment and the model's refusal of a personal number
/// with a wrong check digit are English next to their fields, each field marked invalid and
/// described by its error's id. Tapping the words of the patient-sex question presses no
/// option and saves nothing; the question is a labelled group, not a `<label>`; an input's
/// label focuses its input.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_english_errors_are_english_and_a_questions_label_answers_nothing() {
    let (w, app) = World::start().await;
    app.wait("#not-enrolled").await;
    app.tap("#open-settings").await;
    choose(&app, "language", "en").await;
    // The app applies the language to the page and to the shell's failures in one effect.
    app.wait("html[lang='en']").await;

    // The shell's checks, sent in Swedish with their keys, shown in English.
    let code = w.region.code_for("e2e-hsv", "anna");
    app.type_into("#region-url", "127.0.0.1").await;
    app.type_into("#enroll-code", &code).await;
    app.type_into("#enroll-pin", "123456").await;
    app.type_into("#enroll-pin-repeat", "123456").await;
    app.tap("#enroll").await;
    let err = app.text("[data-error-for='region_url']").await;
    assert!(err.starts_with("Give the address with https://"), "{err}");
    let err = app.text("[data-error-for='pin']").await;
    assert_eq!(
        err,
        "Choose a PIN that is harder to guess (not the same digit or a sequence)."
    );
    assert_eq!(
        app.attr("#enroll-pin", "aria-invalid").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        app.attr("#enroll-pin", "aria-describedby").await.as_deref(),
        Some("error-pin")
    );
    assert_eq!(app.count("[id='error-pin'][data-error-for='pin']").await, 1);
    // A field without an error says nothing of the kind.
    assert_eq!(app.attr("#enroll-code", "aria-invalid").await, None);
    app.type_into("#region-url", &w.region.url()).await;
    app.type_into("#enroll-pin", PIN).await;
    app.type_into("#enroll-pin-repeat", PIN).await;
    app.tap("#enroll").await;
    app.wait("#enrolled-as").await;
    app.tap("#back").await;

    app.tap("[data-job-type='ivpa']").await;
    let job = app.attr("#job", "data-job").await.expect("job id");
    app.tap("#tab-record").await;

    // The question is a group named by its words; no <label> wraps its buttons.
    let sex = "[data-field='record.patient_sex']";
    app.wait(&format!("{sex}[role='group']")).await;
    let label_id = app
        .attr(sex, "aria-labelledby")
        .await
        .expect("the group names its label");
    assert_eq!(app.text(&format!("[id='{label_id}']")).await, "Sex");
    assert_eq!(app.count(&format!("{sex} label")).await, 0);
    // Tapping the words answers nothing: no option pressed, nothing saved.
    app.tap(&format!("[id='{label_id}']")).await;
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert_eq!(
        app.count(&format!("{sex} [aria-pressed='true']")).await,
        0,
        "tapping the question's label answered it"
    );
    assert_eq!(sex_history(&app, &job).await, []);
    let view = app
        .invoke::<JobPage>("job", serde_json::json!({ "id": job }))
        .await
        .expect("job");
    // The job's page: its record is there, with no sex in it.
    assert_eq!(view.record.patient_sex, None, "{view:?}");
    // An input's label is for its input: tapping it focuses the field, and saves nothing.
    app.tap("label[for='record-patient_age']").await;
    assert_eq!(app.focused_id().await, "record-patient_age");
    // The option itself does answer (the same history, so the check above could fail).
    choose(&app, "patient_sex", "female").await;
    let saved = sex_history(&app, &job).await;
    assert_eq!(saved.len(), 1, "{saved:?}");

    // The model's check, run in the webview, in English next to the field.
    app.type_into("#identity-personal_number", "19121212-1213")
        .await;
    let pnr = "[data-error-for='identity.personal_number']";
    assert_eq!(
        app.text(pnr).await,
        "The check digit does not match – check the personal identity number."
    );
    assert_eq!(
        app.attr("#identity-personal_number", "aria-invalid")
            .await
            .as_deref(),
        Some("true")
    );
    let described = app
        .attr("#identity-personal_number", "aria-describedby")
        .await
        .expect("the input names its error");
    assert_eq!(app.attr(pnr, "id").await, Some(described));
    // What was typed stays, to be corrected.
    assert_eq!(
        app.value("#identity-personal_number").await,
        "19121212-1213"
    );
    app.quit().await;
}

/// 11. A phone whose clock ran a year ahead (#16): what it wrote then is refused by the region
/// for good and held back in quarantine, and the nurse is told on screen — the sync badge on
/// every screen ("Fel klocka · 1 i karantän") and home in full: the clock is wrong, how many
/// entries are held back, that the phone keeps them and a coach sees them, and why each one
/// was refused. With the clock right again new work goes through and the clock warning goes;
/// the held-back entry stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clock_a_year_ahead_is_told_and_what_it_wrote_is_held_back() {
    let (w, app) = World::start().await;
    enroll(&app, &w.region, "anna", None).await;
    app.wait_text("#sync-state", "the first sync", |t| t.starts_with("Synkad"))
        .await;
    assert_eq!(app.count("#held-back").await, 0, "nothing held back yet");
    app.quit().await;

    // While the app was closed the phone's clock ran a year ahead and a job was made with it.
    let db = w._data.path().join("samverka.db");
    let key_hex = w
        .driver
        .keystore()
        .lookup("se.samverka.app", &format!("database-key:{}", db.display()))
        .expect("the app's key is in the Secret Service");
    {
        let key = samverka_device::DatabaseKey::from_hex(&key_hex).expect("a key");
        let mut store = samverka_device::Store::open(&db, &key).expect("the app's database");
        let unit = store.enrollment().expect("read").expect("enrolled").unit;
        let year = 365 * 24 * 3_600_000;
        let ahead = samverka_model::Timestamp(samverka_device::now().millis() + year);
        let header = samverka_model::sample::header(
            JobType::Ivpa,
            &unit,
            &samverka_model::MunicipalityId::new("e2e"),
            ahead,
        );
        store
            .create_job(&samverka_model::UserId::new("anna"), header, ahead)
            .expect("a job stamped a year ahead");
    }

    let app = w.driver.launch().await;
    unlock(&app).await;
    app.wait("#held-back[data-clock-wrong='true'][data-quarantined='1']")
        .await;
    let clock = app.text("#clock-wrong").await;
    assert!(clock.starts_with("Telefonens klocka går fel"), "{clock}");
    let held = app.text("#quarantined").await;
    assert!(
        held.starts_with("1 anteckning nekades av regionen") && held.contains("samverkanscoach"),
        "{held}"
    );
    let why = app
        .text("#quarantined-entries li[data-code='clock_ahead']")
        .await;
    assert!(why.contains("Telefonens klocka gick fel"), "{why}");
    app.wait_text("#sync-state", "the badge's warning", |t| {
        t == "Fel klocka · 1 i karantän"
    })
    .await;
    app.screenshot("home-held-back").await;

    // The clock right again: a new job goes through, and only the held-back entry is left.
    app.tap("[data-job-type='ivpa']").await;
    app.wait("#job").await;
    app.tap("#back").await;
    app.wait("#held-back[data-clock-wrong='false'][data-quarantined='1']")
        .await;
    assert_eq!(app.count("#clock-wrong").await, 0);
    app.wait_text("#sync-state", "the badge without the clock", |t| {
        t == "1 i karantän"
    })
    .await;
    app.quit().await;
}
