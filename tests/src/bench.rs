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
