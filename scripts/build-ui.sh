#!/usr/bin/env bash
# Builds the Yew UI into ui/dist, which the Tauri shell embeds at compile time:
#   1. cargo builds the ui crate for wasm32 with the size-tuned `wasm-release` profile;
#   2. wasm-bindgen (the locally installed CLI, same version as the crate in Cargo.lock)
#      writes the JS glue;
#   3. index.html, boot.js and style.css are copied beside it.
# No wasm-opt: Debian's binaryen (108) rewrites wasm-bindgen's externref table into one WebKit
# refuses at start-up, and it saved only 1% of the gzipped size (measured, see README).
# The same steps Trunk performs, without Trunk's 7-minute install (see ARCHITECTURE.md).
# The new dist replaces the old only when complete.
set -euo pipefail
cd "$(dirname "$0")/.."
# Usage: build-ui.sh [CRATE DIR]; the default is Samverka's own UI (the benchmark builds its
# empty peer app with the same script).
crate=${1:-samverka-ui}
dir=${2:-ui}
profile=${UI_PROFILE:-wasm-release}
out=$dir/dist
cargo build --locked -q -p "$crate" --target wasm32-unknown-unknown --profile "$profile"
wasm="target/wasm32-unknown-unknown/$profile/$crate.wasm"
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$out.tmp" --out-name "${crate//-/_}" "$wasm"
cp "$dir/index.html" "$dir/boot.js" "$dir/style.css" "$out.tmp/"
rm -rf "$out" && mv "$out.tmp" "$out"
printf 'build-ui: %s (wasm %s bytes)\n' "$out" "$(wc -c <"$out/${crate//-/_}_bg.wasm")"
