//! Tap → durable latency of the device store, next to a raw single-row SQLite insert+commit on
//! the same file system with the same durability settings and the same SQLCipher encryption,
//! in the same run; then, untimed, the WAL frames (pages) each side's commit writes, which is
//! what a tap's commit costs beyond the raw one.
//!
//! `make bench` runs it. Prints a table (milliseconds); asserts nothing: benchmarks are not tests.

use rusqlite::{Connection, params};
use samverka_device::{DatabaseKey, Store};
use samverka_model::{JobId, JobType, MunicipalityId, Timestamp, UnitId, UserId};
use std::time::{Duration, Instant};

/// One key for both files, so both pay the same encryption.
const KEY_HEX: &str = "7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c7c";
const SAMPLES: usize = 2_000;
const BLOCK: usize = 100;
const WARMUP: usize = 50;
const TAPS_PER_JOB: u64 = 30;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let mut raw = Raw::open(&dir.path().join("raw.db"))?;
    let mut taps = Taps::open(&dir.path().join("store.db"))?;
    for _ in 0..WARMUP {
        raw.once()?;
        taps.once()?;
    }
    let (mut raw_ns, mut tap_ns) = (Vec::with_capacity(SAMPLES), Vec::with_capacity(SAMPLES));
    // Interleaved blocks, so both see the same disk weather.
    while tap_ns.len() < SAMPLES {
        for _ in 0..BLOCK {
            raw_ns.push(raw.once()?);
        }
        for _ in 0..BLOCK {
            tap_ns.push(taps.once()?);
        }
    }
    let raw_s = Stats::of(&mut raw_ns);
    let tap_s = Stats::of(&mut tap_ns);
    println!(
        "Tap → durable (WAL, synchronous=FULL), {SAMPLES} samples each, {} on {}",
        fs_note(),
        dir.path().display()
    );
    println!();
    println!(
        "| operation                          |     p50 |     p90 |     p99 |     max |    mean |"
    );
    println!(
        "|------------------------------------|--------:|--------:|--------:|--------:|--------:|"
    );
    raw_s.row("raw single-row insert + commit");
    tap_s.row("store.record (entry + read model)");
    println!();
    let ratio = tap_s.p99.as_secs_f64() / raw_s.p99.as_secs_f64();
    println!(
        "p99 ratio tap/raw: {ratio:.2}× (target ≤ 1.50×: {})",
        if ratio <= 1.5 { "met" } else { "NOT met" }
    );
    let raw_frames = frames_per_commit(&dir.path().join("raw-frames.db"), |p| {
        let mut raw = Raw::open(p)?;
        Ok(Box::new(move || raw.once().map(drop).map_err(Into::into)))
    })?;
    let tap_frames = frames_per_commit(&dir.path().join("store-frames.db"), |p| {
        let mut taps = Taps::open(p)?;
        Ok(Box::new(move || taps.once().map(drop).map_err(Into::into)))
    })?;
    println!();
    println!(
        "WAL frames per commit, {FRAME_SAMPLES} commits each (jobs of {TAPS_PER_JOB} taps): raw {raw_frames}; store.record {tap_frames}"
    );
    // The summary line `make bench` collects (scripts/bench.sh).
    println!(
        "RESULT\ttap → durable, p99 of {SAMPLES} (both SQLCipher, WAL, synchronous=FULL)\t{:.2} ms vs raw insert+commit {:.2} ms: {ratio:.2}× (WAL frames per commit, mean {:.1} vs {:.1})\t≤ 1.5× the raw commit\t{}",
        tap_s.p99.as_secs_f64() * 1e3,
        raw_s.p99.as_secs_f64() * 1e3,
        tap_frames.mean,
        raw_frames.mean,
        if ratio <= 1.5 { "met" } else { "not met" }
    );
    Ok(())
}

const FRAME_SAMPLES: usize = 300;

/// A step of one side of the bench: one commit.
type Commit = Box<dyn FnMut() -> Result<(), Box<dyn std::error::Error>>>;

/// How many WAL frames each of [`FRAME_SAMPLES`] commits writes, on a fresh file: after each
/// commit a second connection checkpoints the WAL, reading how many frames it held, and
/// truncates it, so each count is one commit's.
fn frames_per_commit(
    path: &std::path::Path,
    open: impl FnOnce(&std::path::Path) -> Result<Commit, Box<dyn std::error::Error>>,
) -> Result<Frames, Box<dyn std::error::Error>> {
    let mut commit = open(path)?;
    let probe = Connection::open(path)?;
    probe.execute_batch(&format!("PRAGMA key = \"x'{}'\";", KEY_HEX))?;
    // A connection learns the file is in WAL mode on its first read; until then a checkpoint
    // answers -1 (not WAL) instead of a count.
    probe.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()))?;
    let mut counts = Vec::with_capacity(FRAME_SAMPLES);
    for _ in 0..WARMUP + FRAME_SAMPLES {
        commit()?;
        // FULL reports the frames it copied back; TRUNCATE, which empties the file for the
        // next commit, reports 0 (its count is taken after the reset).
        let (busy, frames): (i64, i64) =
            probe.query_row("PRAGMA wal_checkpoint(FULL)", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        let (busy_truncating, _, _): (i64, i64, i64) =
            probe.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        if busy != 0 || busy_truncating != 0 {
            return Err("the WAL checkpoint was blocked".into());
        }
        let frames = u64::try_from(frames)
            .map_err(|_| "the WAL checkpoint did not see a WAL (the file is not in WAL mode)")?;
        counts.push(frames);
    }
    counts.drain(..WARMUP);
    Ok(Frames::of(counts))
}

/// The value at quantile `p` (0–1) of `sorted`, nearest rank.
fn at<T: Copy>(sorted: &[T], p: f64) -> T {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The WAL frames of a set of commits.
struct Frames {
    mean: f64,
    p50: u64,
    p99: u64,
    max: u64,
}

impl Frames {
    fn of(mut v: Vec<u64>) -> Self {
        v.sort_unstable();
        Self {
            mean: v.iter().sum::<u64>() as f64 / v.len() as f64,
            p50: at(&v, 0.50),
            p99: at(&v, 0.99),
            max: v[v.len() - 1],
        }
    }
}

impl std::fmt::Display for Frames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "mean {:.2}, p50 {}, p99 {}, max {}",
            self.mean, self.p50, self.p99, self.max
        )
    }
}

fn fs_note() -> String {
    std::fs::read_to_string("/proc/mounts")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.split_whitespace().nth(1) == Some("/"))
                .map(|l| {
                    let f: Vec<&str> = l.split_whitespace().collect();
                    format!(
                        "{} ({})",
                        f.first().unwrap_or(&"?"),
                        f.get(2).unwrap_or(&"?")
                    )
                })
        })
        .unwrap_or_else(|| "unknown file system".to_owned())
}

struct Raw {
    conn: Connection,
    n: i64,
}

impl Raw {
    fn open(path: &std::path::Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.execute_batch(&format!("PRAGMA key = \"x'{}'\";", KEY_HEX))?;
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.execute(
            "CREATE TABLE raw (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
            [],
        )?;
        Ok(Self { conn, n: 0 })
    }

    /// One autocommit insert of a payload the size of a vital-sign entry.
    fn once(&mut self) -> rusqlite::Result<Duration> {
        self.n += 1;
        let body = format!(
            r#"{{"vitals":{{"taken_at":{},"resp_rate":18,"spo2":95,"on_oxygen":false,"pulse":88,"systolic":130,"diastolic":80,"temperature":37.2,"acvpu":"alert"}}}}"#,
            self.n
        );
        let t = Instant::now();
        self.conn
            .prepare_cached("INSERT INTO raw (body) VALUES (?1)")?
            .execute(params![body])?;
        Ok(t.elapsed())
    }
}

struct Taps {
    store: Store,
    job: Option<JobId>,
    /// Taps so far on the current job.
    k: u64,
    i: u64,
    nurse: UserId,
}

impl Taps {
    fn open(path: &std::path::Path) -> Result<Self, Box<dyn std::error::Error>> {
        Ok(Self {
            store: Store::open(path, &DatabaseKey::from_hex(KEY_HEX)?)?,
            job: None,
            k: 0,
            i: 0,
            nurse: UserId::new("bench"),
        })
    }

    /// One tap of a realistic job: steps, record text, vitals, interventions, SBAR.
    fn once(&mut self) -> Result<Duration, samverka_device::StoreError> {
        self.i += 1;
        let i = self.i;
        let now = Timestamp(1_773_457_080_000 + i as i64 * 1_000);
        let t = Instant::now();
        let job = match self.job {
            Some(j) if self.k < TAPS_PER_JOB => j,
            _ => {
                let header = samverka_model::sample::header(
                    JobType::Ivpa,
                    &UnitId::new("bench-unit"),
                    &MunicipalityId::new("orust"),
                    now,
                );
                let e = self.store.create_job(&self.nurse, header, now)?;
                self.job = Some(e.job);
                self.k = 1;
                return Ok(t.elapsed());
            }
        };
        let k = self.k;
        self.k += 1;
        let body = samverka_model::sample::tap(k, now);
        self.store.record(&self.nurse, job, body, now)?;
        Ok(t.elapsed())
    }
}

struct Stats {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
    mean: Duration,
}

impl Stats {
    fn of(v: &mut [Duration]) -> Self {
        v.sort();
        let mean = v.iter().sum::<Duration>() / v.len() as u32;
        Self {
            p50: at(v, 0.50),
            p90: at(v, 0.90),
            p99: at(v, 0.99),
            max: v[v.len() - 1],
            mean,
        }
    }

    fn row(&self, name: &str) {
        let ms = |d: Duration| format!("{:.3}", d.as_secs_f64() * 1e3);
        println!(
            "| {name:<34} | {:>7} | {:>7} | {:>7} | {:>7} | {:>7} |",
            ms(self.p50),
            ms(self.p90),
            ms(self.p99),
            ms(self.max),
            ms(self.mean)
        );
    }
}
