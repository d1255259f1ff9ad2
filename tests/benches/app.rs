//! The app's own figures, under Xvfb on this machine:
//!
//! 1. cold start to the first interactive screen, median of 5, next to an empty Tauri + Yew
//!    app built the same way (`tests/empty-app`, target ≤ 1.3×);
//! 2. the UI's wasm, gzipped (target ≤ 250 KB);
//! 3. tap → stored round trip through the shell (JS `invoke` of `record` until its answer, the
//!    entry committed to SQLite with `synchronous=FULL`), 300 taps one after another with the
//!    app enrolled and syncing with a local region, p50 and p99 (target p99 ≤ 20 ms).
//!
//! Prints a table; asserts nothing (benchmarks are not tests). Run by `make bench`, which
//! builds both apps' UIs and the empty shell first.

use samverka_model::app::AppInfo;
use samverka_model::page::JobPage;
use samverka_system_tests::app::{Driver, Xvfb, app_bin};
use samverka_system_tests::bench::{nearest_rank, result};
use samverka_system_tests::keystore::SecretService;
use samverka_system_tests::region::Region;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const STARTS: usize = 5;
const TAPS: usize = 300;

/// Spawns `bin` on `display` with a fresh data directory and `keystore` (Samverka keeps its
/// database key there, as on a nurse's desktop; the empty app ignores it); time until it wrote
/// its ready file, or `None` when it did not within a minute (it is killed then).
fn cold_start(bin: &Path, display: &str, keystore: &SecretService) -> Option<Duration> {
    let dir = tempfile::tempdir().expect("temp dir");
    let ready = dir.path().join("ready");
    let started = Instant::now();
    let mut child = Command::new(bin)
        .envs(keystore.env())
        .env("NO_AT_BRIDGE", "1")
        .env("DISPLAY", display)
        .env("SAMVERKA_DATA_DIR", dir.path().join("data"))
        .env("SAMVERKA_READY_FILE", &ready)
        .env("SAMVERKA_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("start {}: {e}", bin.display()));
    let deadline = started + Duration::from_secs(60);
    while !ready.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(2));
    }
    let took = ready.exists().then(|| started.elapsed());
    let _ = child.kill();
    let _ = child.wait();
    took
}

/// A cold start, started once more when the app hung before its first screen: on a busy VM
/// the empty peer did, now and then (5 of 44 runs on 2026-12-06), and one hang should not
/// throw away the run. Every retry is printed and counted in `retried`, which the table shows;
/// a second hang in a row fails the bench.
fn timed_start(bin: &Path, display: &str, keystore: &SecretService, retried: &mut u32) -> Duration {
    if let Some(took) = cold_start(bin, display, keystore) {
        return took;
    }
    *retried += 1;
    eprintln!(
        "app bench: {} did not become ready within 60 s; starting it once more",
        bin.display()
    );
    cold_start(bin, display, keystore)
        .unwrap_or_else(|| panic!("{} never became ready, twice in a row", bin.display()))
}

/// The wall clock in ms since the epoch, as a job header's time.
fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn empty_app() -> PathBuf {
    let bin = app_bin().with_file_name("samverka-empty-app");
    assert!(
        bin.exists(),
        "{} missing: `make bench` builds it",
        bin.display()
    );
    bin
}

fn gzipped_len(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&bytes).expect("gzip");
    gz.finish().expect("gzip").len()
}

/// Round trips of `record` from the webview, in milliseconds, measured in JS.
async fn tap_round_trips(region: &Region) -> Vec<f64> {
    let code = region.code_for("bench-hsv", "bench");
    let data = tempfile::tempdir().expect("data dir");
    // Enrolment from the environment sets the app's PIN too (a real enrolment always does).
    let driver = Driver::start(
        data.path(),
        &[
            ("SAMVERKA_REGION_URL", region.url()),
            ("SAMVERKA_ENROLL_CODE", code),
            ("SAMVERKA_PIN", "246810".to_owned()),
            ("SAMVERKA_LOCK_IDLE_SECS", "3600".to_owned()),
        ],
    );
    let app = driver.launch().await;
    // Enrolment from the environment runs in the background at start.
    app.wait_text("#sync-state", "enrolled", |t| t != "Inte inskriven")
        .await;
    // The job is made through the shell as the UI makes one; only the taps are timed.
    let info: AppInfo = app
        .invoke("app_info", serde_json::json!({}))
        .await
        .expect("app_info");
    let unit = info.enrolled.expect("enrolled").unit;
    let header = serde_json::json!({
        "job_type": "ivpa", "requester": "dispatch",
        "performer": { "kind": "municipal", "unit": unit, "municipality": null },
        "practice": false, "requested_at": now_ms(),
    });
    let job: JobPage = app
        .invoke("create_job", serde_json::json!({ "header": header }))
        .await
        .expect("create_job");
    let script = format!(
        r#"
        const done = arguments[arguments.length - 1];
        const invoke = window.__TAURI__.core.invoke;
        const job = arguments[0];
        (async () => {{
            const times = [];
            for (let i = 0; i < {TAPS}; i++) {{
                const body = {{ kind: 'record', payload: {{ set: {{ notes: 'anteckning ' + i }} }} }};
                const t0 = performance.now();
                await invoke('record', {{ job, bodies: [body] }});
                times.push(performance.now() - t0);
            }}
            return times;
        }})().then(done, e => done('error: ' + JSON.stringify(e)));
        "#
    );
    let answer = app
        .client()
        .execute_async(&script, vec![serde_json::json!(job.id)])
        .await
        .expect("run taps");
    let times: Vec<f64> =
        serde_json::from_value(answer.clone()).unwrap_or_else(|_| panic!("taps failed: {answer}"));
    app.quit().await;
    times
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let root = app_bin()
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .expect("workspace root");
    let x = Xvfb::start();
    let keystore = SecretService::start();
    let samverka = app_bin();
    let empty = empty_app();
    let mut retried = 0;
    // One warm-up each: the first start after a build pays for page-cache misses.
    timed_start(&samverka, x.display(), &keystore, &mut retried);
    timed_start(&empty, x.display(), &keystore, &mut retried);
    let mut ours = Vec::new();
    let mut peer = Vec::new();
    for _ in 0..STARTS {
        ours.push(timed_start(&samverka, x.display(), &keystore, &mut retried));
        peer.push(timed_start(&empty, x.display(), &keystore, &mut retried));
    }
    let retries = match retried {
        0 => String::new(),
        n => format!("; {n} hung start(s) started again"),
    };
    let (ours, peer) = (median(ours), median(peer));
    let ratio = ours.as_secs_f64() / peer.as_secs_f64();

    let wasm = root.join("ui/dist/samverka_ui_bg.wasm");
    let empty_wasm = root.join("tests/empty-app/ui/dist/samverka_empty_ui_bg.wasm");
    let (wasm_gz, empty_gz) = (gzipped_len(&wasm), gzipped_len(&empty_wasm));

    let region = Region::sqlite();
    let mut taps = tap_round_trips(&region).await;
    taps.sort_by(f64::total_cmp);
    let quantile = |p| nearest_rank(&taps, p).expect("taps timed");
    let (p50, p90, p99) = (quantile(0.5), quantile(0.9), quantile(0.99));

    println!();
    println!(
        "| app figure (Xvfb, this machine)               | Samverka   | peer / target          | verdict |"
    );
    println!(
        "|-----------------------------------------------|------------|------------------------|---------|"
    );
    println!(
        "| cold start to first interactive screen, median of {STARTS} | {:>7.0} ms | empty app {:>5.0} ms ({ratio:.2}×, target ≤ 1.3×{retries}) | {} |",
        ours.as_secs_f64() * 1000.0,
        peer.as_secs_f64() * 1000.0,
        if ratio <= 1.3 { "met" } else { "not met" }
    );
    println!(
        "| UI wasm, gzipped                              | {:>7.1} KB | empty Yew {:.1} KB; target ≤ 250 KB | {} |",
        wasm_gz as f64 / 1000.0,
        empty_gz as f64 / 1000.0,
        if wasm_gz <= 250_000 { "met" } else { "not met" }
    );
    println!(
        "| tap → stored through the shell ({TAPS} taps)       | p50 {p50:.1} ms, p90 {p90:.1} ms, p99 {p99:.1} ms | target p99 ≤ 20 ms | {} |",
        if p99 <= 20.0 { "met" } else { "not met" }
    );
    result(
        "app cold start to first screen, median of 5",
        &format!(
            "{:.0} ms vs empty app {:.0} ms: {ratio:.2}×{retries}",
            ours.as_secs_f64() * 1000.0,
            peer.as_secs_f64() * 1000.0
        ),
        "≤ 1.3× the empty app",
        ratio <= 1.3,
    );
    result(
        "UI wasm, gzipped",
        &format!("{:.1} KB", wasm_gz as f64 / 1000.0),
        "≤ 250 KB",
        wasm_gz <= 250_000,
    );
    result(
        &format!("tap → stored through the shell, {TAPS} taps"),
        &format!("p50 {p50:.1} ms, p99 {p99:.1} ms"),
        "p99 ≤ 20 ms",
        p99 <= 20.0,
    );
}
