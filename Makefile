# Samverka: the two commands a newcomer needs are `make run` and `make test`.
# Both set up whatever is missing first (scripts/setup.sh), so they work on a bare Debian machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: setup ui app run test lint unit wasm bench clean

## setup: install missing system packages, Rust targets and components
setup:
	@scripts/setup.sh

## run: start the app with a local regional backend
run: setup ui
	@scripts/run.sh

## ui: build the Yew UI into ui/dist (the shell embeds it, so this comes before any cargo
## command that compiles src-tauri), and the empty benchmark peer's
ui:
	@scripts/build-ui.sh
	@scripts/build-ui.sh samverka-empty-ui tests/empty-app/ui

## app: the desktop app binary (target/debug/samverka)
app: ui
	$(CARGO) build --locked -p samverka-app

## test: lints, the wasm build of the model, and every test (the end-to-end tests drive the
## real app under Xvfb)
test: setup ui lint wasm unit

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## wasm: prove the model builds for the browser/webview
wasm:
	$(CARGO) check --locked --target wasm32-unknown-unknown -p samverka-model

# The empty app is only the start-up benchmark's peer: linted, not tested.
unit:
	$(CARGO) test --workspace --locked --exclude samverka-empty-app --exclude samverka-empty-ui

## bench: benchmarks (tables, not tests)
bench: setup ui
	$(CARGO) build --release --locked -p samverka-empty-app
	$(CARGO) bench --locked -p samverka-system-tests --bench app
	$(CARGO) bench --locked -p samverka-device --bench tap_latency
	$(CARGO) bench --locked -p samverka-device --bench search
	$(CARGO) bench --locked -p samverka-system-tests --bench stats
	$(CARGO) bench --locked -p samverka-system-tests --bench region_load
	npm ci --prefix tests/pouchdb --no-audit --no-fund --loglevel=error
	$(CARGO) bench --locked -p samverka-system-tests --bench sync_vs_pouchdb

clean:
	$(CARGO) clean
