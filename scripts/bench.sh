#!/usr/bin/env bash
# make bench: every benchmark on its own, then one table.
#
# Each bench runs even when an earlier one failed (a failure is reported in the table and makes
# the run's exit status non-zero at the end). Every bench prints its tables as it goes and, at
# its end, one `RESULT<TAB>figure<TAB>measured<TAB>goal<TAB>met|not met` line per figure
# (tests/src/bench.rs); this script collects those into the summary, with the machine's load
# average when each bench started — a busy machine makes every figure worse, so read the
# figures with it. Logs: target/bench/<name>.log.
set -uo pipefail
cd "$(dirname "$0")/.."
CARGO=${CARGO:-cargo}
out=target/bench
mkdir -p "$out"
summary="$out/summary.tsv"
: >"$summary"
failed=()

# name, then the command.
run() {
    local name=$1
    shift
    local load
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    printf '\n\033[1m== %s\033[0m (load %s)\n' "$name" "$load"
    local start=$SECONDS
    if "$@" 2>&1 | tee "$out/$name.log"; then
        grep -a $'^RESULT\t' "$out/$name.log" | cut -f2- | sed "s|^|$name\t$load\t|" >>"$summary"
        grep -qa $'^RESULT\t' "$out/$name.log" ||
            printf '%s\t%s\t(no figures)\t-\t-\tfailed\n' "$name" "$load" >>"$summary"
    else
        failed+=("$name")
        grep -a $'^RESULT\t' "$out/$name.log" | cut -f2- | sed "s|^|$name\t$load\t|" >>"$summary"
        printf '%s\t%s\t(bench failed after %s s: see %s)\t-\t-\tfailed\n' \
            "$name" "$load" "$((SECONDS - start))" "$out/$name.log" >>"$summary"
    fi
}

run app "$CARGO" bench --locked -p samverka-system-tests --bench app
run tap_latency "$CARGO" bench --locked -p samverka-device --bench tap_latency
run search "$CARGO" bench --locked -p samverka-device --bench search
run stats "$CARGO" bench --locked -p samverka-system-tests --bench stats
run region_load "$CARGO" bench --locked -p samverka-system-tests --bench region_load
run sync_vs_pouchdb "$CARGO" bench --locked -p samverka-system-tests --bench sync_vs_pouchdb

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
printf '\n\033[1m== make bench, %s, commit %s, %s cores\033[0m\n\n' "$(date -u +%Y-%m-%d)" "$commit" "$(nproc)"
printf '| bench | load (1/5/15 min) | figure | measured | goal | verdict |\n|---|---|---|---|---|---|\n'
while IFS=$'\t' read -r name load figure measured goal verdict; do
    printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$load" "$figure" "$measured" "$goal" "$verdict"
done <"$summary"
if [ ${#failed[@]} -gt 0 ]; then
    printf '\nbench: %s failed (logs in %s/)\n' "${failed[*]}" "$out" >&2
    exit 1
fi
