//! What every benchmark reports at its end for `make bench`'s summary (scripts/bench.sh): one
//! line per figure, `RESULT<TAB>figure<TAB>measured<TAB>goal<TAB>met|not met`. The benches
//! in `crates/device/benches` print the same line themselves (they cannot depend on this crate).

/// The value at quantile `p` (0–1) of `sorted`, nearest rank; `None` when it is empty.
pub fn nearest_rank<T: Copy>(sorted: &[T], p: f64) -> Option<T> {
    let last = sorted.len().checked_sub(1)?;
    sorted.get((last as f64 * p).round() as usize).copied()
}

/// Prints one figure's summary line.
pub fn result(figure: &str, measured: &str, goal: &str, met: bool) {
    let clean = |s: &str| s.replace(['\t', '\n'], " ");
    println!(
        "RESULT\t{}\t{}\t{}\t{}",
        clean(figure),
        clean(measured),
        clean(goal),
        if met { "met" } else { "not met" }
    );
}

/// CPU time (user + system) process `pid` has used so far, in milliseconds, from
/// `/proc/<pid>/stat`: the fair measure of a server's work when the load generator shares
/// the machine's cores with it. `None` if the process is gone.
pub fn cpu_ms(pid: u32) -> Option<f64> {
    let stat = Stat::read(pid)?;
    Some(stat.ms(11)? + stat.ms(12)?)
}

/// CPU time of `pid` and every process below it (finished children included), in
/// milliseconds: a PostgreSQL cluster does its work in one backend process per connection,
/// below the postmaster (and below `runuser` when run as root). `None` if `pid` is gone.
pub fn tree_cpu_ms(pid: u32) -> Option<f64> {
    let stats: Vec<(u32, u32, f64)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| {
            let stat = Stat::read(p)?;
            let ppid: u32 = stat.field(1)?.parse().ok()?;
            // utime, stime, and the same of children already waited for.
            let ms = (11..15).map(|i| stat.ms(i)).sum::<Option<f64>>()?;
            Some((p, ppid, ms))
        })
        .collect();
    if !stats.iter().any(|&(p, _, _)| p == pid) {
        return None;
    }
    let mut tree = vec![pid];
    let mut total = 0.0;
    while let Some(p) = tree.pop() {
        for &(child, parent, ms) in &stats {
            if child == p {
                total += ms;
            }
            if parent == p {
                tree.push(child);
            }
        }
    }
    Some(total)
}

/// A process's `/proc/<pid>/stat` line.
struct Stat(String);

impl Stat {
    fn read(pid: u32) -> Option<Self> {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .map(Self)
    }

    /// Field `i` counted after the command name (field 2), which may hold spaces: 0 is the
    /// state, 1 the parent's pid, 11 and 12 user and system time.
    fn field(&self, i: usize) -> Option<&str> {
        let rest = self.0.get(self.0.rfind(')')? + 2..)?;
        rest.split_whitespace().nth(i)
    }

    /// Field `i` as a time in milliseconds. Linux reports these in USER_HZ, 100 per second on
    /// every architecture it supports.
    fn ms(&self, i: usize) -> Option<f64> {
        Some(self.field(i)?.parse::<f64>().ok()? * 10.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_tree_counts_at_least_its_root() {
        let me = std::process::id();
        // Some CPU of our own, so the root's time is not zero (counted in 10 ms ticks).
        let start = std::time::Instant::now();
        let mut x = 0u64;
        while cpu_ms(me).expect("own stat") == 0.0 && start.elapsed().as_secs() < 10 {
            for _ in 0..1_000_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
        let own = cpu_ms(me).expect("own stat");
        let tree = tree_cpu_ms(me).expect("own tree");
        assert!(own > 0.0, "{own}");
        assert!(tree >= own, "{tree} < {own}");
        assert_eq!(tree_cpu_ms(u32::MAX), None);
    }

    #[test]
    fn nearest_rank_picks_the_rounded_rank_and_nothing_of_nothing() {
        let v: Vec<u32> = (1..=101).collect();
        assert_eq!(nearest_rank(&v, 0.5), Some(51));
        assert_eq!(nearest_rank(&v, 0.99), Some(100));
        assert_eq!(nearest_rank(&v, 1.0), Some(101));
        assert_eq!(nearest_rank(&[7], 0.99), Some(7));
        assert_eq!(nearest_rank::<u32>(&[], 0.5), None);
    }
}
