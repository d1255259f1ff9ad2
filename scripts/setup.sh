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
command -v curl >/dev/null || need_apt+=(ca-certificates)
# PostgreSQL server binaries: the tests start throwaway clusters on loopback (never a service).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
command -v runuser >/dev/null || need_apt+=(util-linux)
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

# Rust: the project pins nothing beyond rust-version in Cargo.toml; rustup must be present
# (Debian bookworm has no rustup package and its cargo is too old for edition 2024).
if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
    for d in "$HOME/.cargo/bin" /usr/local/cargo/bin; do
        [ -x "$d/cargo" ] && export PATH="$d:$PATH"
    done
fi
command -v cargo >/dev/null || die "cargo not found: install Rust ≥ 1.95 with rustup (https://rustup.rs), then re-run"
command -v rustup >/dev/null || die "rustup not found: the wasm32 target is added with rustup"

installed_targets=$(rustup target list --installed)
if ! grep -qx wasm32-unknown-unknown <<<"$installed_targets"; then
    say "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown
fi
installed_components=$(rustup component list --installed)
for c in clippy rustfmt; do
    if ! grep -q "^$c" <<<"$installed_components"; then
        say "rustup component add $c"
        rustup component add "$c"
    fi
done

say "ready"
