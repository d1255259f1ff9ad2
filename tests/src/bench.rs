//! What every benchmark reports at its end for `make bench`'s summary (scripts/bench.sh): one
//! line per figure, `RESULT<TAB>figure<TAB>measured<TAB>goal<TAB>met|not met`. The benches
//! in `crates/device/benches` print the same line themselves (they cannot depend on this crate).

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
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let (utime, stime): (f64, f64) = (fields.get(11)?.parse().ok()?, fields.get(12)?.parse().ok()?);
    // Linux reports these in USER_HZ, 100 per second on every architecture it supports.
    Some((utime + stime) * 10.0)
}

/// CPU time of `pid` and every process below it (finished children included), in
/// milliseconds: a PostgreSQL cluster does its work in one backend process per connection,
/// below the postmaster (and below `runuser` when run as root). `None` if `pid` is gone.
pub fn tree_cpu_ms(pid: u32) -> Option<f64> {
    let stats: Vec<(u32, u32, f64)> = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).ok()?;
            let rest = &stat[stat.rfind(')')? + 2..];
            let f: Vec<&str> = rest.split_whitespace().collect();
            let ppid: u32 = f.get(1)?.parse().ok()?;
            // utime, stime, and the same of children already waited for.
            let ticks: f64 = (11..15)
                .map(|i| f.get(i)?.parse::<f64>().ok())
                .sum::<Option<f64>>()?;
            Some((p, ppid, ticks * 10.0))
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
