//! Search latency as a nurse types, over a corpus 20× the shipped sample content (generated:
//! each document copied 20 times with its words reshuffled, so the index holds 20× the terms
//! and postings, not 20 identical copies).
//!
//! `make bench` runs it. Prints a table (milliseconds); asserts nothing.

use samverka_device::Store;
use samverka_model::Timestamp;
use samverka_model::content::{Audience, ContentBundle, PublishedContent};
use std::path::Path;
use std::time::{Duration, Instant};

const COPIES: usize = 20;
const ROUNDS: usize = 40;
const TARGET_P99: Duration = Duration::from_millis(5);

/// What nurses type, each query also typed one letter at a time.
const TYPED: [&str; 10] = [
    "hjärtstopp",
    "hjartstopp",
    "HLR",
    "andningsbesvär barn",
    "lågt blodsocker",
    "kramp",
    "mäva",
    "sbar överlämning",
    "anafylaxi adrenalin",
    "ivpa avbrutet",
];

/// A cheap deterministic shuffle (xorshift), so the corpus is the same every run.
fn shuffle_words(text: &str, seed: u64) -> String {
    let mut words: Vec<&str> = text.split_whitespace().collect();
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    for i in (1..words.len()).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        words.swap(i, (x % (i as u64 + 1)) as usize);
    }
    words.join(" ")
}

fn corpus(sample: &ContentBundle) -> ContentBundle {
    let mut big = sample.clone();
    big.documents.clear();
    for copy in 0..COPIES {
        for (i, d) in sample.documents.iter().enumerate() {
            let mut d = d.clone();
            if copy > 0 {
                d.id = format!("{}-{copy}", d.id);
                d.title = format!("{} ({copy})", d.title);
                d.body = shuffle_words(&d.body, (copy * 1_000 + i) as u64);
            }
            big.documents.push(d);
        }
    }
    big
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    let sample = samverka_content::load_dir(&dir).map_err(|p| p.to_string())?;
    let big = corpus(&sample);
    let tmp = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let mut store = Store::open(
        tmp.path().join("phone.db"),
        &samverka_device::DatabaseKey::generate(),
    )?;
    let t = Instant::now();
    store.install_content(
        &PublishedContent {
            version: 1,
            published_at: Timestamp(0),
            bundle: big.clone(),
        },
        Timestamp(0),
    )?;
    let install = t.elapsed();

    let mut queries = Vec::new();
    for q in TYPED {
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            queries.push(chars[..n].iter().collect::<String>());
        }
    }
    for q in &queries {
        store.search(q, Audience::Adult, 30)?;
    }
    let mut samples = Vec::with_capacity(queries.len() * ROUNDS);
    // By how much was typed: one letter matches most of the corpus.
    let mut by_len: [Vec<Duration>; 3] = Default::default();
    let mut hits = 0usize;
    for round in 0..ROUNDS {
        let audience = if round % 2 == 0 {
            Audience::Adult
        } else {
            Audience::Child
        };
        for q in &queries {
            let t = Instant::now();
            hits += store.search(q, audience, 30)?.len();
            let d = t.elapsed();
            samples.push(d);
            by_len[q.chars().count().min(3) - 1].push(d);
        }
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "Offline search (FTS5), {} documents = {COPIES}× the sample's {}, {} searches of {} typed prefixes, {hits} hits",
        big.documents.len(),
        sample.documents.len(),
        samples.len(),
        queries.len()
    );
    println!("content install (render + index): {:.1} ms", ms(install));
    println!();
    println!("|            |     p50 |     p90 |     p99 |     max |");
    println!("|------------|--------:|--------:|--------:|--------:|");
    let p99 = row("search, ms", &mut samples);
    for (label, v) in ["1 letter", "2 letters", "3 or more"]
        .iter()
        .zip(by_len.iter_mut())
    {
        row(label, v);
    }
    println!();
    println!(
        "p99 {:.3} ms (target ≤ {} ms: {})",
        ms(p99),
        TARGET_P99.as_millis(),
        if p99 <= TARGET_P99 { "met" } else { "NOT met" }
    );
    // The summary line `make bench` collects (scripts/bench.sh).
    println!(
        "RESULT\tsearch as you type, {} documents, p99\t{:.2} ms\t≤ {} ms\t{}",
        big.documents.len(),
        ms(p99),
        TARGET_P99.as_millis(),
        if p99 <= TARGET_P99 { "met" } else { "not met" }
    );
    Ok(())
}

/// Prints a row of percentiles (ms) of `v` and answers its p99.
fn row(label: &str, v: &mut [Duration]) -> Duration {
    v.sort();
    let at = |p: f64| v[((v.len() as f64 * p) as usize).min(v.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "| {label:<10} | {:7.3} | {:7.3} | {:7.3} | {:7.3} |",
        ms(at(0.5)),
        ms(at(0.9)),
        ms(at(0.99)),
        ms(v[v.len() - 1])
    );
    at(0.99)
}
