//! The region as a region's IT runs it (#21): three `samverka-region serve` nodes on one
//! PostgreSQL behind HAProxy, run from the repository's `deploy/haproxy.cfg` (TLS at HAProxy
//! and again to the nodes, `/ready` health checks, `X-Forwarded-For`, request ids), each node
//! configured by a `region.toml`.
//!
//! 1. 30 phones in 6 units write 20,000 entries and sync through HAProxy while a node is
//!    killed with SIGKILL and restarted at random: written = stored, 0 duplicates, every phone
//!    of a unit converged on its unit's jobs.
//! 2. Guessing spread over the nodes, through HAProxy and directly, still meets one limit per
//!    address (429 after the burst); a forged `X-Forwarded-For` changes nothing.
//! 3. Each node's `/metrics`, read with the harness's Prometheus text reader before and after
//!    a known amount of work, counts exactly that work; `/metrics` is for loopback or the
//!    token only, and never reachable through HAProxy.
//!
//! A second test starts one node from a config file alone: `/health` without a database,
//! `/ready` 503 until the schema is migrated, JSON log lines carrying the request id.
#![allow(clippy::unwrap_used, missing_docs)]

use rand::{RngExt, SeedableRng};
use samverka_device::sync::{Batches, SyncReport};
use samverka_system_tests::haproxy::Haproxy;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::prometheus::Scrape;
use samverka_system_tests::region::{Region, region_bin, region_cli, region_cli_stdin};
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const NODES: usize = 3;
const UNITS: usize = 6;
const PHONES: usize = 30;
const ENTRIES: u64 = 20_000;
/// Each phone writes its share in this many rounds, syncing after each.
const ROUNDS: u64 = 6;
/// Node kills the sync must go through at least.
const MIN_KILLS: u32 = 6;
const TOKEN: &str = "monitoring-token-0123456789";
const COACH_PASSWORD: &str = "rätt lösenord 2026";

/// An HTTPS client trusting the test's certificate, its connections made from `from`
/// (an address of 127.0.0.0/8: the attempt limits count per address).
fn client_from(from: &str, pem: &[u8]) -> reqwest::Client {
    reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(pem).unwrap())
        .local_address(from.parse::<IpAddr>().ok())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// Syncs until a sync completes; every failure on the way must be one a phone retries.
async fn sync_until_done(phone: &Phone) -> SyncReport {
    let mut failures = 0;
    loop {
        match phone.sync(Batches::default()).await {
            Ok(r) => return r,
            Err(e) => {
                assert!(e.is_transient(), "a failure a phone would not retry: {e}");
                failures += 1;
                assert!(failures < 300, "a phone could not sync for a minute: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// Every node's metrics, read from loopback.
async fn scrape_all(http: &reqwest::Client, ports: &[u16]) -> Vec<Scrape> {
    let mut all = Vec::new();
    for port in ports {
        let resp = http
            .get(format!("https://127.0.0.1:{port}/metrics"))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let ct = resp.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(ct.starts_with("text/plain; version=0.0.4"), "{ct}");
        all.push(Scrape::parse(&resp.text().await.unwrap()).unwrap());
    }
    all
}

/// The sum over nodes of a metric's growth between two scrapes of each.
fn growth(before: &[Scrape], after: &[Scrape], name: &str, labels: &[(&str, &str)]) -> f64 {
    before
        .iter()
        .zip(after)
        .map(|(b, a)| a.sum(name, labels) - b.sum(name, labels))
        .sum()
}

/// Makes `n` attempts with `send`; counts the answers by status and code. Every 429 must say
/// when to come back.
async fn attempts<F, Fut>(n: usize, mut send: F) -> BTreeMap<(u16, String), u32>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = reqwest::Result<reqwest::Response>>,
{
    let mut seen = BTreeMap::new();
    for i in 0..n {
        let resp = send(i).await.unwrap();
        let status = resp.status().as_u16();
        if status == 429 {
            assert!(
                resp.headers().contains_key("retry-after"),
                "429 without Retry-After"
            );
        }
        let body: serde_json::Value = resp.json().await.unwrap_or_default();
        let code = body["error"]["code"].as_str().unwrap_or("").to_owned();
        *seen.entry((status, code)).or_insert(0) += 1;
    }
    seen
}

/// How many of `seen` were let through (anything but 429).
fn let_through(seen: &BTreeMap<(u16, String), u32>) -> u32 {
    seen.iter()
        .filter(|((s, _), _)| *s != 429)
        .map(|(_, n)| n)
        .sum()
}

/// One node's `region.toml`, as the test writes it next to the certificate and token.
fn write_config(dir: &Path) -> std::path::PathBuf {
    std::fs::write(dir.join("metrics-token"), format!("{TOKEN}\n")).unwrap();
    let path = dir.join("region.toml");
    std::fs::write(
        &path,
        r#"# The test's node: HTTPS behind HAProxy on 127.0.0.1, which alone may name clients.
tls_cert = "tls/cert.pem"
tls_key = "tls/key.pem"
trusted_proxies = ["127.0.0.1"]
metrics_allow = ["127.0.0.1"]
metrics_token_file = "metrics-token"
log_format = "json"
"#,
    )
    .unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_nodes_behind_haproxy_lose_nothing_while_killed_share_limits_and_count_their_work() {
    let started = Instant::now();
    let pg = Postgres::start();
    let db = pg.database("cluster");
    let dir = tempfile::tempdir().unwrap();
    let tls = dir.path().join("tls");
    region_cli(&db, &["tls-cert", "--out", tls.to_str().unwrap()]);
    let (cert, key) = (tls.join("cert.pem"), tls.join("key.pem"));
    let pem = std::fs::read(&cert).unwrap();
    let config = write_config(dir.path());
    let config = config.to_str().unwrap();

    // Set up once, as an operator would: schema, units, codes, a coach.
    region_cli(&db, &["migrate"]);
    let units: Vec<String> = (0..UNITS).map(|u| format!("unit-{u}")).collect();
    for u in &units {
        region_cli(&db, &["units", "add", "--id", u, "--name", u]);
    }
    let codes: Vec<(usize, String)> = (0..PHONES)
        .map(|i| {
            let unit = &units[i % UNITS];
            let user = format!("nurse-{i}");
            (
                i % UNITS,
                region_cli(&db, &["enroll", "--unit", unit, "--user", &user]),
            )
        })
        .collect();
    region_cli_stdin(
        &db,
        &[
            "staff", "add", "--name", "coach", "--role", "coach", "--unit", &units[0],
        ],
        &format!("{COACH_PASSWORD}\n"),
    );

    let mut nodes: Vec<Region> = (0..NODES)
        .map(|_| Region::postgres_with(db.clone(), &["--config", config], Some(&cert)))
        .collect();
    let ports: Vec<u16> = nodes.iter().map(Region::port).collect();
    let lb = Haproxy::start(&ports, &cert, &key);
    let lb_url = lb.url();
    let local = client_from("127.0.0.1", &pem);
    // Up once HAProxy's checks of /ready pass.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let ok = local.get(format!("{lb_url}/ready")).send().await;
        if ok.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "HAProxy never found a ready node"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    // 30 phones enrol through HAProxy (the harness's generous attempt limit still applies).
    let mut phones: Vec<(usize, Phone)> = Vec::new();
    for (unit, code) in &codes {
        phones.push((
            *unit,
            Phone::enroll_trusting(&lb_url, &lb_url, code, &pem).await,
        ));
    }
    let setup = started.elapsed();

    // A rolling restart into the region's default limits (10 a minute, 5 at once).
    for node in &mut nodes {
        node.set_serve_args(&[
            "--config",
            config,
            "--attempts-per-minute",
            "10",
            "--attempts-burst",
            "5",
        ]);
        node.restart();
    }

    // 1. Sync under fire: one node at a time killed at random moments and started again.
    let nodes = Arc::new(Mutex::new(nodes));
    let stop = Arc::new(AtomicBool::new(false));
    let kills = Arc::new(AtomicU32::new(0));
    let chaos = {
        let (nodes, stop, kills) = (nodes.clone(), stop.clone(), kills.clone());
        std::thread::spawn(move || {
            let mut rng = rand::rngs::StdRng::seed_from_u64(0xC1_05_7E_12);
            while !stop.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(rng.random_range(300..1_000)));
                let i = rng.random_range(0..NODES);
                let mut nodes = nodes.lock().unwrap();
                nodes[i].kill();
                kills.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(rng.random_range(100..700)));
                nodes[i].start();
            }
        })
    };
    let chaos_started = Instant::now();
    let share = ENTRIES / PHONES as u64;
    let tasks: Vec<_> = phones
        .into_iter()
        .enumerate()
        .map(|(i, (unit, mut phone))| {
            // The first phones write one more each, so the total is exact.
            let quota = share + u64::from((i as u64) < ENTRIES % PHONES as u64);
            tokio::spawn(async move {
                let mut written = 0;
                for round in 0..ROUNDS {
                    let n = quota * (round + 1) / ROUNDS - written;
                    written += phone.write(n);
                    sync_until_done(&phone).await;
                }
                (unit, phone)
            })
        })
        .collect();
    let mut phones = Vec::new();
    for t in tasks {
        phones.push(t.await.unwrap());
    }
    // A fast machine may finish before the nodes were killed often enough: the phones go on
    // syncing (nothing new to write) until they were.
    while kills.load(Ordering::Relaxed) < MIN_KILLS {
        for (_, p) in &phones {
            sync_until_done(p).await;
        }
    }
    stop.store(true, Ordering::Relaxed);
    chaos.join().unwrap();
    let chaos_time = chaos_started.elapsed();
    let kills = kills.load(Ordering::Relaxed);

    // Every node back: the phones sync until each has everything of its unit.
    for _ in 0..2 {
        for (_, p) in &phones {
            sync_until_done(p).await;
        }
    }
    let written: u64 = phones.iter().map(|(_, p)| p.written()).sum();
    let storage = samverka_region::storage::open(&db).await.unwrap();
    let (stored, distinct) = storage.entry_counts().await.unwrap();
    println!(
        "{PHONES} phones, {NODES} nodes: written {written}, stored {stored}, duplicates {}, \
         {kills} node kills in {chaos_time:.1?} (set-up {setup:.1?})",
        stored - distinct
    );
    assert!(
        kills >= MIN_KILLS,
        "the nodes must actually be killed ({kills})"
    );
    assert_eq!(written, ENTRIES);
    assert_eq!(stored, written, "written = stored");
    assert_eq!(distinct, stored, "0 duplicates");
    for unit in 0..UNITS {
        let members: Vec<&Phone> = phones
            .iter()
            .filter(|(u, _)| *u == unit)
            .map(|(_, p)| p)
            .collect();
        let mut jobs: Vec<_> = members.iter().flat_map(|p| p.own_jobs.clone()).collect();
        jobs.sort();
        let first = members[0].views();
        assert_eq!(
            first.iter().map(|v| v.id).collect::<Vec<_>>(),
            jobs,
            "unit {unit}: its phones hold exactly its jobs"
        );
        for p in &members {
            assert_eq!(p.pending(), 0);
            assert_eq!(p.views(), first, "unit {unit} converged");
        }
    }

    // The phase below is measured on every node from here on; no node is killed any more.
    let before = scrape_all(&local, &ports).await;

    // 2. Guessing spread over the nodes meets one limit per address.
    let guess_started = Instant::now();
    // Passwords through HAProxy, which sends them round the three nodes.
    let via_lb = client_from("127.0.0.2", &pem);
    let logins = attempts(20, |i| {
        via_lb
            .post(format!("{lb_url}/api/v1/login"))
            .json(&serde_json::json!({"name": "coach", "password": format!("guess {i}")}))
            .send()
    })
    .await;
    // Enrolment codes straight at each node in turn.
    let direct = client_from("127.0.0.3", &pem);
    let enrols = attempts(20, |i| {
        direct
            .post(format!("https://127.0.0.1:{}/api/v1/enroll", ports[i % NODES]))
            .json(&serde_json::json!({"code": format!("GUESS{i:05}"), "device": uuid::Uuid::new_v4()}))
            .send()
    })
    .await;
    // A guesser writing its own X-Forwarded-For, through HAProxy and straight at the nodes.
    let spoof_lb = client_from("127.0.0.4", &pem);
    let spoofed_lb = attempts(12, |i| {
        spoof_lb
            .post(format!("{lb_url}/api/v1/login"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&serde_json::json!({"name": "coach", "password": "guess"}))
            .send()
    })
    .await;
    let spoof_direct = client_from("127.0.0.5", &pem);
    let spoofed_direct = attempts(12, |i| {
        spoof_direct
            .post(format!(
                "https://127.0.0.1:{}/api/v1/login",
                ports[i % NODES]
            ))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&serde_json::json!({"name": "coach", "password": "guess"}))
            .send()
    })
    .await;
    let guess_time = guess_started.elapsed();
    println!(
        "in {guess_time:.1?}: logins via HAProxy {logins:?}, enrolments at the nodes {enrols:?}, \
         forged X-Forwarded-For via HAProxy {spoofed_lb:?}, at the nodes {spoofed_direct:?}"
    );
    // 5 at once, then one per 6 s: whatever time the guessing took.
    let allowed = 5 + u32::try_from(guess_time.as_secs() / 6).unwrap();
    for (what, seen) in [
        ("logins via HAProxy", &logins),
        ("enrolments at the nodes", &enrols),
        ("forged X-Forwarded-For via HAProxy", &spoofed_lb),
        ("forged X-Forwarded-For at the nodes", &spoofed_direct),
    ] {
        // Three nodes counting apart would let 3 × 5 through.
        assert!(
            let_through(seen) <= allowed && allowed < 15,
            "{what}: {seen:?}"
        );
        assert!(
            seen.contains_key(&(429, "rate_limited".into())),
            "{what}: {seen:?}"
        );
    }
    // The ones let through were judged: wrong password, unknown code.
    assert!(
        logins
            .keys()
            .all(|(s, c)| (*s, c.as_str()) == (401, "unauthorized")
                || (*s, c.as_str()) == (429, "rate_limited"))
    );
    assert!(
        enrols
            .keys()
            .all(|(s, c)| (*s, c.as_str()) == (403, "invalid_code")
                || (*s, c.as_str()) == (429, "rate_limited"))
    );

    // 3. Known work, counted by the nodes: the phones of unit 0 write 100 entries each and
    // sync twice round.
    let unit0: Vec<&mut Phone> = phones
        .iter_mut()
        .filter(|(u, _)| *u == 0)
        .map(|(_, p)| p)
        .collect();
    let mut pulled = 0;
    let mut syncs = 0;
    for p in unit0 {
        p.write(100);
    }
    for _ in 0..2 {
        for (_, p) in phones.iter().filter(|(u, _)| *u == 0) {
            let r = p.sync(Batches::default()).await.unwrap();
            pulled += r.pulled;
            syncs += 1;
        }
    }
    let after = scrape_all(&local, &ports).await;
    let members = phones.iter().filter(|(u, _)| *u == 0).count();
    let g = |name: &str, labels: &[(&str, &str)]| growth(&before, &after, name, labels);
    assert_eq!(
        g("samverka_sync_entries_stored_total", &[]),
        100.0 * members as f64
    );
    assert_eq!(g("samverka_sync_pushes_total", &[]), members as f64);
    let push = [("route", "/api/v1/push"), ("method", "POST")];
    assert_eq!(
        g(
            "samverka_http_requests_total",
            &[push[0], push[1], ("status", "200")]
        ),
        members as f64
    );
    assert_eq!(
        g("samverka_http_request_duration_seconds_count", &push),
        members as f64
    );
    assert_eq!(
        g(
            "samverka_http_request_duration_seconds_bucket",
            &[push[0], push[1], ("le", "+Inf")]
        ),
        members as f64
    );
    assert_eq!(g("samverka_sync_entries_pulled_total", &[]), pulled as f64);
    assert!(g("samverka_sync_pulls_total", &[]) >= f64::from(syncs));
    // Refusals by code: exactly the ones the guessing above was answered.
    let mut codes: BTreeMap<String, u32> = BTreeMap::new();
    for seen in [&logins, &enrols, &spoofed_lb, &spoofed_direct] {
        for ((_, code), n) in seen {
            *codes.entry(code.clone()).or_insert(0) += n;
        }
    }
    for (code, n) in &codes {
        assert_eq!(
            g("samverka_rejected_requests_total", &[("code", code)]),
            f64::from(*n),
            "refusals {code}"
        );
    }
    // The guessing through HAProxy reached more than one node, and each node's pool is shown.
    let limited_nodes = before
        .iter()
        .zip(&after)
        .filter(|(b, a)| {
            let l = [("route", "/api/v1/login"), ("status", "429")];
            a.sum("samverka_http_requests_total", &l) > b.sum("samverka_http_requests_total", &l)
        })
        .count();
    assert!(
        limited_nodes >= 2,
        "HAProxy spread the guessing ({limited_nodes} node(s))"
    );
    for s in &after {
        assert_eq!(
            s.types["samverka_http_request_duration_seconds"],
            "histogram"
        );
        assert_eq!(s.types["samverka_sync_entries_stored_total"], "counter");
        assert_eq!(
            s.sum("samverka_db_pool_connections", &[("state", "max")]),
            16.0
        );
        assert!(s.sum("samverka_db_pool_connections", &[("state", "open")]) >= 1.0);
        assert_eq!(s.sum("samverka_build_info", &[("store", "postgres")]), 1.0);
    }

    // Who may read /metrics: never through HAProxy; loopback at 127.0.0.1 (the allow-list),
    // another address only with the token.
    let resp = local.get(format!("{lb_url}/metrics")).send().await.unwrap();
    assert_eq!(resp.status(), 404, "HAProxy keeps /metrics in");
    let other = client_from("127.0.0.6", &pem);
    let node = format!("https://127.0.0.1:{}", ports[0]);
    let resp = other.get(format!("{node}/metrics")).send().await.unwrap();
    assert_eq!(resp.status(), 403);
    let resp = other
        .get(format!("{node}/metrics"))
        .bearer_auth("not the token at all")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    let resp = other
        .get(format!("{node}/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);

    // Request ids: HAProxy's own reaches the node and comes back; a client's own is not taken.
    let resp = local.get(format!("{lb_url}/health")).send().await.unwrap();
    let id = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert!(
        id.contains('_'),
        "HAProxy's unique-id, echoed by the node: {id}"
    );
    let resp = other
        .get(format!("{node}/health"))
        .header("x-request-id", "chosen-by-the-client")
        .send()
        .await
        .unwrap();
    let id = resp.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_ne!(id, "chosen-by-the-client");
    assert!(
        uuid::Uuid::parse_str(&id).is_ok(),
        "the node's own id: {id}"
    );

    println!("whole test {:.1?}", started.elapsed());
}

/// One JSON log line of the node, as a value.
fn json_lines(text: &str) -> Vec<serde_json::Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_node_configured_by_file_is_alive_before_ready_and_logs_json_with_request_ids() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("region.db").display());
    let port = samverka_system_tests::free_port();
    let config = dir.path().join("region.toml");
    // Everything from the file: the store, the address, no migration at start.
    std::fs::write(
        &config,
        format!(
            "db = \"{db}\"\nlisten = \"127.0.0.1:{port}\"\nmigrate_on_start = false\n\
             trusted_proxies = [\"127.0.0.1\"]\nlog_format = \"json\"\n"
        ),
    )
    .unwrap();
    let log = dir.path().join("region.log");
    let mut node = std::process::Command::new(region_bin())
        .args(["--config", config.to_str().unwrap(), "serve"])
        .env("RUST_LOG", "info")
        .env_remove("SAMVERKA_REGION_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    let health = loop {
        if let Ok(r) = http.get(format!("{base}/health")).send().await {
            break r;
        }
        assert!(Instant::now() < deadline, "the node did not start");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!(health.status(), 200);
    assert_eq!(
        health.json::<serde_json::Value>().await.unwrap()["status"],
        "alive"
    );

    // Not migrated: alive, not ready.
    let ready = http.get(format!("{base}/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(body["error"]["code"], "schema_behind");

    // The upgrade's own step, from the same file: then ready.
    let out = std::process::Command::new(region_bin())
        .args(["--config", config.to_str().unwrap(), "migrate"])
        .env_remove("SAMVERKA_REGION_DB")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ready = http
        .get(format!("{base}/ready"))
        .header("x-request-id", "lb-7F000001-0001")
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), 200);
    // From 127.0.0.1, a trusted proxy here: its request id is kept and echoed.
    assert_eq!(ready.headers()["x-request-id"], "lb-7F000001-0001");
    let ready: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["store"], "sqlite");
    // /metrics from loopback (the default allow-list), counting the refusal of /ready above.
    let metrics = http.get(format!("{base}/metrics")).send().await.unwrap();
    assert_eq!(metrics.status(), 200);
    let scrape = Scrape::parse(&metrics.text().await.unwrap()).unwrap();
    assert_eq!(
        scrape.sum(
            "samverka_rejected_requests_total",
            &[("code", "schema_behind")]
        ),
        1.0
    );
    assert_eq!(
        scrape.sum("samverka_build_info", &[("store", "sqlite")]),
        1.0
    );

    // SIGTERM: the node finishes and exits by itself.
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &node.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = node.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "the node did not stop on SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "{status}");

    // The log: JSON lines; the request above is logged with its id, route and status.
    let lines = json_lines(&std::fs::read_to_string(&log).unwrap());
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "region serving API v1"),
        "{lines:?}"
    );
    let answered = lines
        .iter()
        .find(|l| {
            l["span"]["request_id"] == "lb-7F000001-0001"
                && l["message"] == "finished processing request"
        })
        .unwrap_or_else(|| panic!("no line for the request: {lines:?}"));
    assert_eq!(answered["status"], 200);
    assert_eq!(answered["span"]["path"], "/ready");
    assert_eq!(answered["span"]["client"], "127.0.0.1");
    assert_eq!(answered["level"], "INFO");
    assert!(answered["timestamp"].is_string());
}
