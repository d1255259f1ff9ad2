//! 500 simulated devices pushing and pulling against a real region process for 30 s, on each
//! store. Prints throughput and latency; asserts nothing (benchmarks are not tests).
//!
//! Devices are simulated at the HTTP level (entries built in memory with the model), so the
//! load generator spends its CPU on requests, not on 500 SQLite files. Generator and region
//! share this machine's cores, so the figures are a floor.

use rand::RngExt;
use samverka_model::sync::{PullResponse, PushRequest, PushResponse};
use samverka_model::{
    DeviceId, Entry, EntryBody, HlcClock, JobId, MunicipalityId, Timestamp, UnitId, UserId,
};
use samverka_system_tests::bench::{cpu_ms, nearest_rank, result, tree_cpu_ms};
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::region::Region;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const DEVICES: usize = 500;
const UNITS: usize = 50;
const DURATION: Duration = Duration::from_secs(30);
const ENTRIES_PER_PUSH: u64 = 5;

struct Sim {
    device: DeviceId,
    token: String,
    /// The nurse the token was enrolled for: the region refuses entries written as anyone else.
    user: UserId,
    unit: UnitId,
    clock: HlcClock,
    seq: u64,
    job: Option<(JobId, u64)>,
    cursor: u64,
}

impl Sim {
    fn next_entries(&mut self, n: u64) -> Vec<Entry> {
        let mut out = Vec::new();
        for _ in 0..n {
            let now = samverka_region::now();
            let (job, body) = match self.job {
                Some((job, k)) if k < 40 => {
                    self.job = Some((job, k + 1));
                    (job, samverka_model::sample::tap(k, now))
                }
                _ => {
                    let job = JobId(uuid::Uuid::new_v4());
                    self.job = Some((job, 1));
                    let h = samverka_model::sample::header(
                        samverka_model::JobType::Ivpa,
                        &self.unit,
                        &MunicipalityId::new("bench"),
                        now,
                    );
                    (job, EntryBody::JobCreated(h))
                }
            };
            self.seq += 1;
            out.push(Entry {
                device: self.device,
                seq: self.seq,
                job,
                hlc: self.clock.tick(u64::try_from(now.millis()).unwrap_or(0)),
                author: self.user.clone(),
                body,
            });
        }
        out
    }
}

struct Outcome {
    latencies: Vec<Duration>,
    errors: u64,
    /// The first refusal's status and body, so a bench whose requests fail says why.
    first_error: Option<String>,
}

/// Enrols DEVICES new devices into UNITS units of their own (prefixed by `run`), so a run never
/// starts by pulling what an earlier run wrote.
async fn enrol_all(region: &Region, run: &str) -> Vec<Sim> {
    let storage = samverka_region::storage::open(region.db())
        .await
        .expect("open storage");
    let client = reqwest::Client::new();
    let now = samverka_region::now();
    let mut sims = Vec::with_capacity(DEVICES);
    for u in 0..UNITS {
        let unit = UnitId::new(format!("{run}-unit-{u:02}"));
        storage
            .put_unit(&samverka_region::storage::Unit {
                id: unit.clone(),
                name: unit.to_string(),
                municipality: None,
            })
            .await
            .expect("unit");
    }
    for d in 0..DEVICES {
        let unit = UnitId::new(format!("{run}-unit-{:02}", d % UNITS));
        let code = samverka_region::api::new_enrolment_code();
        let hash = samverka_region::api::hash_secret(&samverka_region::api::normalise_code(&code));
        let expires = Timestamp(now.millis() + 3_600_000);
        storage
            .add_enrolment(&hash, &unit, &UserId::new(format!("n{d}")), now, expires)
            .await
            .expect("code");
        let device = DeviceId(uuid::Uuid::new_v4());
        let resp: samverka_model::sync::EnrollResponse = client
            .post(format!("{}/api/v1/enroll", region.url()))
            .json(&samverka_model::sync::EnrollRequest { code, device })
            .send()
            .await
            .expect("enrol")
            .json()
            .await
            .expect("enrol answer");
        sims.push(Sim {
            device,
            token: resp.token,
            user: UserId::new(format!("n{d}")),
            unit,
            clock: HlcClock::new(device),
            seq: 0,
            job: None,
            cursor: 0,
        });
    }
    sims
}

/// How the devices pace themselves.
#[derive(Clone, Copy)]
enum Pace {
    /// Each device sends its next push as soon as its last pull returned: saturation.
    Closed,
    /// Each device starts a push+pull pair every `period`, whatever the answers take: a fixed
    /// offered load of 2 × DEVICES / period requests per second.
    Open(Duration),
}

async fn load(region: &Region, pace: Pace, run: &str) -> (u64, Outcome) {
    let sims = enrol_all(region, run).await;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(DEVICES)
        .build()
        .expect("client");
    let base = region.url();
    let outcome = Arc::new(Mutex::new(Outcome {
        latencies: Vec::new(),
        errors: 0,
        first_error: None,
    }));
    let start = Instant::now();
    let mut tasks = Vec::new();
    for mut sim in sims {
        let (client, base, outcome) = (client.clone(), base.clone(), Arc::clone(&outcome));
        // Spread the starts evenly over one period, so the offered rate is the same in every
        // part of each second: spread over less, the devices send the whole second's requests
        // in a burst (at 1,000 req/s offered, 0..500 ms meant 2,000 req/s for half of each
        // second and nothing in the other half, measuring a queue, not the region).
        let spread = match pace {
            Pace::Open(period) => period,
            Pace::Closed => Duration::from_millis(500),
        };
        let stagger = spread.mul_f64(rand::rng().random_range(0.0..1.0));
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(stagger).await;
            let mut local = Vec::new();
            let mut errors = 0;
            let mut first_error = None;
            let mut next = Instant::now();
            while start.elapsed() < DURATION {
                if let Pace::Open(period) = pace {
                    tokio::time::sleep_until(next.into()).await;
                    next += period;
                }
                let entries = sim.next_entries(ENTRIES_PER_PUSH);
                let t = Instant::now();
                let pushed = client
                    .post(format!("{base}/api/v1/push"))
                    .bearer_auth(&sim.token)
                    .json(&PushRequest { entries })
                    .send()
                    .await;
                let ok = match pushed {
                    Ok(r) if r.status().is_success() => r.json::<PushResponse>().await.is_ok(),
                    Ok(r) => {
                        let status = r.status();
                        let body = r.text().await.unwrap_or_default();
                        first_error.get_or_insert(format!("push: {status} {body}"));
                        false
                    }
                    Err(e) => {
                        first_error.get_or_insert(format!("push: {e}"));
                        false
                    }
                };
                if ok {
                    local.push(t.elapsed());
                } else {
                    errors += 1;
                }
                let t = Instant::now();
                let pulled = client
                    .get(format!(
                        "{base}/api/v1/pull?cursor={}&limit=200",
                        sim.cursor
                    ))
                    .bearer_auth(&sim.token)
                    .send()
                    .await;
                match pulled {
                    Ok(r) if r.status().is_success() => match r.json::<PullResponse>().await {
                        Ok(p) => {
                            sim.cursor = p.cursor;
                            local.push(t.elapsed());
                        }
                        Err(_) => errors += 1,
                    },
                    _ => errors += 1,
                }
            }
            let mut o = outcome.lock().await;
            o.latencies.extend(local);
            o.errors += errors;
            if o.first_error.is_none() {
                o.first_error = first_error;
            }
        }));
    }
    for t in tasks {
        let _ = t.await;
    }
    let elapsed = start.elapsed();
    let o = Arc::try_unwrap(outcome)
        .ok()
        .expect("all tasks done")
        .into_inner();
    (elapsed.as_millis() as u64, o)
}

/// CPU time per 1,000 requests, as printed.
fn per_1000(cpu_ms: Option<f64>, requests: u64) -> String {
    cpu_ms.map_or("?".into(), |c| {
        format!("{:.0} ms", c * 1_000.0 / requests.max(1) as f64)
    })
}

/// Quantile `q` of the sorted latencies `v`, in ms (0 when there are none).
fn quantile(v: &[Duration], q: f64) -> f64 {
    nearest_rank(v, q).map_or(0.0, |d| d.as_secs_f64() * 1e3)
}

fn main() {
    // Generator on core 0, servers on core 1 (when there are two cores), so the region's share
    // is known and the generator does not steal it; SAMVERKA_BENCH_PIN=0 lets everything share.
    let pinned = std::env::var("SAMVERKA_BENCH_PIN").map_or(true, |v| v != "0")
        && std::thread::available_parallelism().is_ok_and(|n| n.get() >= 2)
        && std::process::Command::new("taskset")
            .args(["-cp", "0", &std::process::id().to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
    if pinned {
        samverka_system_tests::pin_servers("1");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "{DEVICES} devices in {UNITS} units, each pushing {ENTRIES_PER_PUSH} entries then pulling, for {}s",
        DURATION.as_secs()
    );
    println!(
        "Targets: ≥ 2,000 req/s and p99 ≤ 50 ms. {}",
        if pinned {
            "Load generator pinned to core 0, region and PostgreSQL to core 1."
        } else {
            "Load generator and region share the cores."
        }
    );
    println!(
        "PostgreSQL is a throwaway test cluster with fsync=off; SQLite commits with synchronous=FULL."
    );
    println!();
    println!("| store    | pace | requests | req/s | p50 ms | p99 ms | errors |");
    println!("|----------|------|---------:|------:|-------:|-------:|-------:|");
    for store in ["sqlite", "postgres"] {
        let mut pg = None;
        let region = if store == "sqlite" {
            Region::sqlite()
        } else {
            let cluster = pg.insert(Postgres::start());
            Region::postgres(cluster.database("load"))
        };
        // PostgreSQL's own processes work on the region's core too: their CPU per request is
        // the other half of what one core can serve.
        let pg_pid = pg.as_ref().and_then(Postgres::pid);
        for (run, (name, pace)) in [
            ("closed loop (saturation)", Pace::Closed),
            (
                "open, 1,000 req/s offered",
                Pace::Open(Duration::from_millis(1_000)),
            ),
            (
                "open, 2,000 req/s offered",
                Pace::Open(Duration::from_millis(500)),
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let run = format!("run{run}");
            let pid = region.pid().expect("region running");
            let cpu_before = cpu_ms(pid);
            let pg_before = pg_pid.and_then(tree_cpu_ms);
            let (ms, mut o) = runtime.block_on(load(&region, pace, &run));
            let cpu = cpu_ms(pid).zip(cpu_before).map(|(a, b)| a - b);
            let pg_cpu = pg_pid
                .and_then(tree_cpu_ms)
                .zip(pg_before)
                .map(|(a, b)| a - b);
            o.latencies.sort();
            let n = o.latencies.len() as u64;
            let rps = n as f64 / (ms as f64 / 1e3);
            let (p50, p99) = (quantile(&o.latencies, 0.5), quantile(&o.latencies, 0.99));
            println!(
                "| {store:<8} | {name} | {n:>8} | {rps:>5.0} | {p50:>6.1} | {p99:>6.1} | {:>6} |",
                o.errors
            );
            if let Some(e) = &o.first_error {
                println!("  first refusal: {e}");
            }
            match pace {
                Pace::Closed => result(
                    &format!("region saturation, {store}"),
                    &format!(
                        "{rps:.0} req/s, {} errors; region CPU {} per 1,000 requests{}",
                        o.errors,
                        per_1000(cpu, n),
                        pg_cpu.map_or(String::new(), |c| format!(
                            ", PostgreSQL's {}",
                            per_1000(Some(c), n)
                        ))
                    ),
                    "≥ 2,000 req/s",
                    rps >= 2_000.0 && o.errors == 0,
                ),
                Pace::Open(gap) if gap == Duration::from_millis(1_000) => result(
                    &format!(
                        "region p99 at 1,000 req/s offered, {store}{}",
                        if pinned { " (generator pinned)" } else { "" }
                    ),
                    &format!("{p99:.0} ms at {rps:.0} req/s, {} errors", o.errors),
                    "≤ 50 ms, no errors",
                    p99 <= 50.0 && o.errors == 0,
                ),
                Pace::Open(_) => {}
            }
        }
    }
}
