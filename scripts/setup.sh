#!/usr/bin/env bash
# Installs what building and testing Samverka needs and is missing, on a bare Debian machine
# (as root, or with sudo). Safe to run again: it only installs what is not there.
#
# System packages come from apt-get, Rust tools from `cargo install --locked`, targets and
# components from rustup. Nothing is downloaded from anywhere else.
set -euo pipefail

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf '\033[1;31msetup:\033[0m %s\n' "$*" >&2; exit 1; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "not root and no sudo: run 'make setup' as root"
    SUDO="sudo"
fi

# Debian packages: a C compiler for SQLite (bundled by rusqlite), pkg-config, make, git.
need_apt=()
command -v cc >/dev/null || need_apt+=(build-essential)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v git >/dev/null || need_apt+=(git)
command -v curl >/dev/null || need_apt+=(curl ca-certificates)
# npm: the accessibility engine for the end-to-end tests (and make bench's PouchDB peer).
command -v npm >/dev/null || need_apt+=(nodejs npm)
# PostgreSQL server binaries: the tests start throwaway clusters on loopback (never a service).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v runuser >/dev/null || need_apt+=(util-linux)
# HAProxy: the cluster test runs three region nodes behind it with deploy/haproxy.cfg (#21).
command -v haproxy >/dev/null || need_apt+=(haproxy)
if [ ${#need_apt[@]} -gt 0 ]; then
    say "apt-get install ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
    # Debian starts a cluster as a service on install; the tests bring their own, so stop it.
    if [[ " ${need_apt[*]} " == *" postgresql "* ]] && command -v pg_ctlcluster >/dev/null; then
        for c in /etc/postgresql/*/main; do
            [ -d "$c" ] && $SUDO pg_ctlcluster "$(basename "$(dirname "$c")")" main stop 2>/dev/null || true
        done
    fi
fi

# The Tauri shell on Linux and the end-to-end tests. Installed with their recommended packages
# (Mesa's software renderer, fonts, GStreamer bits WebKitGTK expects): the tests were made with
# them, and a webview without fonts draws boxes into every screenshot.
need_gui=()
# The Tauri shell on Linux: WebKitGTK and its stack (Tauri 2's documented prerequisites).
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need_gui+=(libwebkit2gtk-4.1-dev libjavascriptcoregtk-4.1-dev libsoup-3.0-dev)
pkg-config --exists gtk+-3.0 2>/dev/null || need_gui+=(libgtk-3-dev)
pkg-config --exists librsvg-2.0 2>/dev/null || need_gui+=(librsvg2-dev)
# OpenSSL's libcrypto: SQLCipher (the device database's encryption) is built against it.
pkg-config --exists openssl 2>/dev/null || need_gui+=(libssl-dev)
# The database key lives in the desktop's keystore (Secret Service): the app and its tests run
# a private session bus with GNOME Keyring when none is running.
command -v gnome-keyring-daemon >/dev/null || need_gui+=(gnome-keyring)
command -v dbus-daemon >/dev/null || need_gui+=(dbus-daemon)
command -v dbus-send >/dev/null || need_gui+=(dbus-bin)
command -v secret-tool >/dev/null || need_gui+=(libsecret-tools)
# End-to-end tests drive the real app: a virtual display and WebKit's WebDriver (screenshots
# come from WebDriver itself).
command -v Xvfb >/dev/null || need_gui+=(xvfb)
command -v WebKitWebDriver >/dev/null || need_gui+=(webkit2gtk-driver)
# The region's statistics dashboard is tested in headless Chromium through chromedriver.
command -v chromium >/dev/null || need_gui+=(chromium)
command -v chromedriver >/dev/null || need_gui+=(chromium-driver)
# Export tests: the handover sheet printed to PDF by Chromium is read back as PNG and text.
command -v pdftoppm >/dev/null || need_gui+=(poppler-utils)
# The phone gate (make check-mobile): the C in the build scripts (SQLCipher, OpenSSL, ring)
# compiled for aarch64 by clang against Debian's aarch64 C headers, archived by llvm-ar; OpenSSL's
# own Configure is Perl. lld links nothing in a check; a phone build's link step wants it.
command -v clang >/dev/null || need_gui+=(clang)
command -v llvm-ar >/dev/null || need_gui+=(llvm)
command -v ld.lld >/dev/null || need_gui+=(lld)
[ -f /usr/aarch64-linux-gnu/include/stdio.h ] || need_gui+=(libc6-dev-arm64-cross)
# SQLCipher logs through Android's liblog on Android: the NDK's <android/log.h>, from AOSP.
[ -f /usr/include/android/android/log.h ] || need_gui+=(android-liblog-dev)
command -v perl >/dev/null || need_gui+=(perl)
if [ ${#need_gui[@]} -gt 0 ]; then
    say "apt-get install ${need_gui[*]}"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq "${need_gui[@]}"
fi

# Rust: the project pins nothing beyond rust-version in Cargo.toml; rustup must be present
# (Debian bookworm has no rustup package and its cargo is too old for edition 2024).
if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
    for d in "$HOME/.cargo/bin" /usr/local/cargo/bin; do
        [ -x "$d/cargo" ] && export PATH="$d:$PATH"
    done
fi
command -v cargo >/dev/null || die "cargo not found: install Rust ≥ 1.95 with rustup (https://rustup.rs), then re-run"
command -v rustup >/dev/null || die "rustup not found: the wasm32 target is added with rustup"

# wasm32: the UI. The phone gate's targets: Android's arm64 and iOS's (make check-mobile).
installed_targets=$(rustup target list --installed)
for t in wasm32-unknown-unknown aarch64-linux-android aarch64-apple-ios; do
    if ! grep -qx "$t" <<<"$installed_targets"; then
        say "rustup target add $t"
        rustup target add "$t"
    fi
done
installed_components=$(rustup component list --installed)
for c in clippy rustfmt; do
    if ! grep -q "^$c" <<<"$installed_components"; then
        say "rustup component add $c"
        rustup component add "$c"
    fi
done

# Rust tools, built from crates.io (never a downloaded binary).
# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock. Its own lockfile
# pins a yanked crate, so it is installed without --locked (checked: TOOLCHAIN.md).
root=$(cd "$(dirname "$0")/.." && pwd)
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' "$root/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
    say "cargo install wasm-bindgen-cli $wb_version"
    cargo install -q wasm-bindgen-cli --version "$wb_version" --force
fi
if ! command -v tauri-driver >/dev/null; then
    say "cargo install --locked tauri-driver"
    cargo install -q --locked tauri-driver
fi
# cargo-deny checks the dependency graph's licences, duplicates and sources in `make lint`
# (deny.toml); about 3 minutes to build on 2 cores.
if ! command -v cargo-deny >/dev/null; then
    say "cargo install --locked cargo-deny"
    cargo install -q --locked cargo-deny
fi

# axe-core, the accessibility engine the end-to-end tests inject (tests/axe, from npm, pinned by
# its package-lock.json).
if [ ! -f "$root/tests/axe/node_modules/axe-core/axe.min.js" ]; then
    command -v npm >/dev/null || die "npm not found: apt-get install nodejs npm, then re-run"
    say "npm ci --prefix tests/axe"
    npm ci --prefix "$root/tests/axe" --no-audit --no-fund --loglevel=error
fi

say "ready"
