#!/usr/bin/env bash
# `make run`: a local region on SQLite on 127.0.0.1 with a sample unit, and the desktop app
# enrolled with it. Data stays in .local/ (delete it to start over). Closing the app window
# stops the region too.
set -euo pipefail
cd "$(dirname "$0")/.."

listen="${SAMVERKA_REGION_LISTEN:-127.0.0.1:8080}"
mkdir -p .local
db="sqlite://$PWD/.local/region.db"
region=(target/debug/samverka-region --db "$db")

cargo build --locked -q -p samverka-region -p samverka-app
# The region's sample content (guidelines, quick references, contacts, units): a new version
# only when content/ changed since the last run.
"${region[@]}" content publish content/
# A local coach for the statistics dashboard, with a fresh password each run.
coach_password="lokal-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$coach_password" | "${region[@]}" staff add --name coach --role coach >/dev/null
"${region[@]}" units add --id exempel-hsv --name "Exempelkommunen hemsjukvård" --municipality exempel 2>/dev/null || true
code=$("${region[@]}" enroll --unit exempel-hsv --user exempel.sjukskoterska --valid-minutes 240 2>/dev/null)

"${region[@]}" serve --listen "$listen" &
region_pid=$!
trap 'kill $region_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do
    curl -fsS "http://$listen/api/v1/health" >/dev/null 2>&1 && break
    sleep 0.1
done

cat <<MSG

  Samverka, locally
  ─────────────────
  region API v1:   http://$listen/api/v1/health   (store: $db)
  sample unit:     exempel-hsv (Exempelkommunen hemsjukvård)
  dashboard:       http://$listen/dashboard   (coach / $coach_password)
  content:         content/ published (edit it, then: ${region[*]} content publish content/)
  app data:        .local/app/   (enrolled automatically on first start)
  spare code:      $("${region[@]}" enroll --unit exempel-hsv --user exempel.kollega --valid-minutes 240 2>/dev/null)  (for a second phone or the settings screen)

MSG

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "  No display here (DISPLAY is not set): the region keeps running; Ctrl-C stops it."
    echo "  On a desktop, 'make run' opens the app window as well."
    wait "$region_pid"
    exit 0
fi

SAMVERKA_DATA_DIR="$PWD/.local/app" \
SAMVERKA_REGION_URL="http://$listen" \
SAMVERKA_ENROLL_CODE="$code" \
    target/debug/samverka
