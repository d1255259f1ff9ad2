#!/usr/bin/env bash
# `make run`: a local region on SQLite serving HTTPS on 127.0.0.1 with a certificate generated
# here, a sample unit, and the desktop app enrolled with it, trusting that certificate by
# pinning it (SAMVERKA_REGION_CA). Data stays in .local/ (or $SAMVERKA_RUN_DIR; delete it to
# start over): the region's database, the certificate, the app's encrypted database and, on a
# machine without a desktop keyring, the private keyring holding that database's key. Closing
# the app window stops the region too.
set -euo pipefail
cd "$(dirname "$0")/.."

listen="${SAMVERKA_REGION_LISTEN:-127.0.0.1:8080}"
run_dir="${SAMVERKA_RUN_DIR:-$PWD/.local}"
mkdir -p "$run_dir"
run_dir=$(cd "$run_dir" && pwd)
db="sqlite://$run_dir/region.db"
region=(target/debug/samverka-region --db "$db")
tls="$run_dir/tls"
cert="$tls/cert.pem"
# The certificate names localhost, 127.0.0.1 and ::1: a wildcard address is reached as 127.0.0.1.
port="${listen##*:}"
host="${listen%:*}"
case "$host" in 0.0.0.0 | "[::]") host=127.0.0.1 ;; esac
url="https://$host:$port"

# Everything started in the background, stopped on exit (last started first).
started=()
runtime_dir=""
cleanup() {
    local i
    for ((i = ${#started[@]} - 1; i >= 0; i--)); do
        kill "${started[$i]}" 2>/dev/null || true
    done
    for pid in "${started[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    if [ -n "$runtime_dir" ]; then rm -rf "$runtime_dir"; fi
}
trap cleanup EXIT
# A signal ends the script through `exit`, so the EXIT trap runs for Ctrl-C and `timeout` too.
trap 'exit 130' INT
trap 'exit 143' TERM

cargo build --locked -q -p samverka-region -p samverka-app
# The region's sample content (guidelines, quick references, contacts, units): a new version
# only when content/ changed since the last run.
"${region[@]}" content publish content/
"${region[@]}" units add --id exempel-hsv --name "Exempelkommunen hemsjukvård" --municipality exempel --kind municipal >/dev/null
# A local coach of the sample unit for the statistics dashboard, with a fresh password each run.
# A coach needs a unit, and the unit must exist first.
coach_password="lokal-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$coach_password" | "${region[@]}" staff add --name coach --role coach --unit exempel-hsv >/dev/null
# A health centre's staff member, for the assistance-request form (/begaran).
vc_password="vc-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$vc_password" | "${region[@]}" staff add --name vc --role requester --centre "Exempelvårdcentralen" >/dev/null
# The sample nurses have names, as a coach gives them: hand-on lists and journal exports show
# them instead of the user ids.
code=$("${region[@]}" enroll --unit exempel-hsv --user exempel.sjukskoterska --display-name "Eva Exempelsson" --valid-minutes 240 2>/dev/null)

# HTTPS with a self-signed certificate made once per run directory; the app pins it.
if [ ! -s "$cert" ] || [ ! -s "$tls/key.pem" ]; then
    "${region[@]}" tls-cert --out "$tls" >/dev/null
    if [ -d "$run_dir/app" ]; then
        echo "  Note: $run_dir/app was enrolled before the region served HTTPS; if it does not sync,"
        echo "  delete $run_dir/app (and $run_dir/keyring) to enrol it afresh."
    fi
fi
# Text, not the JSON lines a production node writes: this log is read at a terminal.
"${region[@]}" serve --listen "$listen" --tls-cert "$cert" --tls-key "$tls/key.pem" --log-format text &
region_pid=$!
started+=("$region_pid")
up=""
for _ in $(seq 1 100); do
    if curl -fsS --cacert "$cert" "$url/api/v1/health" >/dev/null 2>&1; then
        up=yes
        break
    fi
    kill -0 "$region_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$up" ]; then
    echo "run: the region did not answer on $url" >&2
    exit 1
fi

# The app lock's PIN for this local run (the settings screen asks a nurse to choose one).
pin="${SAMVERKA_PIN:-246810}"

cat <<MSG

  Samverka, locally
  ─────────────────
  region API v1:   $url/api/v1/health   (store: $db)
  certificate:     $cert   (self-signed; the app pins it: SAMVERKA_REGION_CA)
                   curl --cacert $cert $url/api/v1/health
  sample unit:     exempel-hsv (Exempelkommunen hemsjukvård)
  dashboard:       $url/dashboard   (coach / $coach_password; the browser warns: self-signed)
  VC/JC requests:  $url/begaran   (vc / $vc_password: ask the sample unit's nurse for a job)
  content:         content/ published (edit it, then: ${region[*]} content publish content/)
  app data:        $run_dir/app/   (enrolled automatically on first start)
  app PIN:         $pin   (the lock screen asks for it after 2 idle minutes and at every start)
  spare code:      $("${region[@]}" enroll --unit exempel-hsv --user exempel.kollega --display-name "Karin Kollega" --valid-minutes 240 2>/dev/null)  (for a second phone or the settings screen)

MSG

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "  No display here (DISPLAY is not set): the region keeps running; Ctrl-C stops it."
    echo "  On a desktop, 'make run' opens the app window as well."
    wait "$region_pid"
    exit 0
fi

# The app keeps its database key in the desktop's keystore (Secret Service). On a desktop it
# answers on the session bus; on a bare machine (no bus, or none owning the name) this starts a
# private bus with GNOME Keyring, its files kept under the run directory so the next run finds
# the same key. A keyring merely activatable by the bus does not count: started that way it
# is locked, or has no login collection, and the app could store nothing. Once this run
# directory has its own keyring it is used every time: the app's key is in it, not the
# desktop's.
secrets="org.freedesktop.secrets"
secret_service_answers() {
    [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || return 1
    dbus-send --session --dest=org.freedesktop.DBus --print-reply /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner "string:$secrets" 2>/dev/null | grep -q 'boolean true'
}
keyring_dir="$run_dir/keyring"
if [ -d "$keyring_dir/data/keyrings" ] || ! secret_service_answers; then
    mkdir -p "$keyring_dir/data" "$keyring_dir/home"
    chmod 700 "$keyring_dir"
    # The keyring's password, made once and kept beside it (a development keyring): GNOME
    # Keyring must get the same one to open its login keyring again, and a non-empty one, or
    # it creates no login collection and every store fails.
    if [ ! -s "$keyring_dir/password" ]; then
        (umask 077 && head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$keyring_dir/password")
    fi
    # Sockets live in a short temporary directory (a unix socket path has ~100 bytes at most).
    runtime_dir=$(mktemp -d "${TMPDIR:-/tmp}/samverka-run.XXXXXX")
    dbus-daemon --session --nofork --print-address=3 3>"$runtime_dir/bus-address" &
    started+=("$!")
    for _ in $(seq 1 50); do
        grep -q '^unix:' "$runtime_dir/bus-address" 2>/dev/null && break
        sleep 0.1
    done
    DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$runtime_dir/bus-address")
    export DBUS_SESSION_BUS_ADDRESS
    HOME="$keyring_dir/home" XDG_DATA_HOME="$keyring_dir/data" XDG_RUNTIME_DIR="$runtime_dir" \
        gnome-keyring-daemon --foreground --components=secrets --unlock \
        <"$keyring_dir/password" >/dev/null 2>&1 &
    started+=("$!")
    for _ in $(seq 1 150); do
        secret_service_answers && break
        sleep 0.1
    done
    if ! secret_service_answers; then
        echo "run: GNOME Keyring did not start on the private session bus" >&2
        exit 1
    fi
    echo "  keystore:        private GNOME Keyring in $keyring_dir (no desktop keyring here)"
fi

SAMVERKA_DATA_DIR="$run_dir/app" \
SAMVERKA_REGION_URL="$url" \
SAMVERKA_REGION_CA="$cert" \
SAMVERKA_ENROLL_CODE="$code" \
SAMVERKA_PIN="$pin" \
    target/debug/samverka
