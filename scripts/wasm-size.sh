#!/usr/bin/env bash
# The UI's size gate, run by `make test`: the wasm the shell embeds (ui/dist, after `make ui`),
# compressed as a phone downloads it (gzip -9), must not pass the limit below. Size is
# deterministic, unlike time, so a change that makes the UI heavier fails here instead of
# slowly growing it.
# Issue #19 sets the goal at 250 KB and this limit at 275 KB. The limit came down from
# 326,634 bytes as the UI was cut, a ratchet just above each new size (271,091 bytes on
# 2026-12-05, when it reached 275,000; 258,577 on 2026-12-06, 260,000; 234,502 on 2026-12-06
# with the answers in postcard and no reader of JavaScript objects left, 235,000); lower it as
# the UI shrinks, never raise it.
# Usage: wasm-size.sh [WASM]   (default ui/dist/samverka_ui_bg.wasm)
# Where the bytes go: scripts/wasm-top.py (it reads the wasm cargo built, names and all, and
# measures what wasm-bindgen makes of it, as shipped).
set -euo pipefail
cd "$(dirname "$0")/.."

# The one place the limit is written: bytes of `gzip -9` output.
LIMIT=235000

wasm=${1:-ui/dist/samverka_ui_bg.wasm}
if [[ ! -f $wasm ]]; then
    echo "wasm-size: $wasm is missing (run make ui first)" >&2
    exit 2
fi
gz=$(gzip -9 -c "$wasm" | wc -c)
raw=$(wc -c <"$wasm")
if ((gz > LIMIT)); then
    printf 'wasm-size: FAILED: %s is %d bytes gzipped (%d raw), over the limit of %d bytes by %d\n' \
        "$wasm" "$gz" "$raw" "$LIMIT" "$((gz - LIMIT))" >&2
    printf 'wasm-size: see where the bytes go with scripts/wasm-top.py (README, "Tests")\n' >&2
    exit 1
fi
printf 'wasm-size: %s is %d bytes gzipped (%d raw), limit %d bytes\n' "$wasm" "$gz" "$raw" "$LIMIT"
