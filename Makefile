# Samverka: the two commands a newcomer needs are `make run` and `make test`.
# Both set up whatever is missing first (scripts/setup.sh), so they work on a bare Debian machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: setup run test lint unit wasm bench clean

## setup: install missing system packages, Rust targets and components
setup:
	@scripts/setup.sh

## run: start the app with a local regional backend
run: setup
	@scripts/run-local-region.sh

## test: lints, the wasm build of the model, and every test
test: setup lint wasm unit

lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings

## wasm: prove the model builds for the browser/webview
wasm:
	$(CARGO) check --locked --target wasm32-unknown-unknown -p samverka-model

unit:
	$(CARGO) test --workspace --locked

## bench: benchmarks (tables, not tests)
bench: setup
	$(CARGO) bench --locked -p samverka-device --bench tap_latency
	$(CARGO) bench --locked -p samverka-system-tests --bench region_load
	npm ci --prefix tests/pouchdb --no-audit --no-fund --loglevel=error
	$(CARGO) bench --locked -p samverka-system-tests --bench sync_vs_pouchdb

clean:
	$(CARGO) clean
