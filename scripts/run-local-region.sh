#!/usr/bin/env bash
# Starts a local region on SQLite on 127.0.0.1 with a sample unit, and prints an enrolment code
# for a phone or the desktop app. Data stays in .local/ (delete it to start over).
set -euo pipefail
cd "$(dirname "$0")/.."

listen="${SAMVERKA_REGION_LISTEN:-127.0.0.1:8080}"
mkdir -p .local
db="sqlite://$PWD/.local/region.db"
region=(target/debug/samverka-region --db "$db")

cargo build --locked -q -p samverka-region
"${region[@]}" units add --id exempel-hsv --name "Exempelkommunen hemsjukvård" --municipality exempel 2>/dev/null
code=$("${region[@]}" enroll --unit exempel-hsv --user exempel.sjukskoterska --valid-minutes 240 2>/dev/null)

cat <<MSG

  Samverka local region
  ─────────────────────
  API v1:          http://$listen/api/v1/health
  store:           $db
  sample unit:     exempel-hsv (Exempelkommunen hemsjukvård)
  enrolment code:  $code   (one use, valid 4 hours)

  The app (issue #4) is not built yet. A phone from a terminal, in another shell:
    cargo run -q -p samverka-device -- --db /tmp/phone.db enroll http://$listen $code
    cargo run -q -p samverka-device -- --db /tmp/phone.db demo      # a practice IVPA job
    cargo run -q -p samverka-device -- --db /tmp/phone.db sync
    cargo run -q -p samverka-device -- --db /tmp/phone.db status
  Ctrl-C stops the region.

MSG
exec "${region[@]}" serve --listen "$listen"
