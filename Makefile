# Samverka: the two commands a newcomer needs are `make run` and `make test`.
# Both set up whatever is missing first (scripts/setup.sh), so they work on a bare Debian machine.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: setup ui wasm-size app run test lint unit wasm check-mobile bench clean

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

## wasm-size: the UI's gzipped wasm against its limit (scripts/wasm-size.sh); fails the
## build when the UI grows past it
wasm-size: ui
	@scripts/wasm-size.sh

## app: the desktop app binary (target/debug/samverka)
app: ui
	$(CARGO) build --locked -p samverka-app

## test: lints, the wasm build of the model, and every test (the end-to-end tests drive the
## real app under Xvfb)
test: setup ui wasm-size lint wasm check-mobile unit

## lint: formatting, clippy, and the dependency graph's licences, duplicate versions and
## sources (deny.toml; RustSec advisories need github.com, so `check advisories` is run by hand
## where it is reachable)
lint:
	$(CARGO) fmt --all --check
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	$(CARGO) deny --locked check licenses bans sources

## wasm: prove the model builds for the browser/webview
wasm:
	$(CARGO) check --locked --target wasm32-unknown-unknown -p samverka-model

## check-mobile: the phone gate. Every crate a phone links, linted for Android (and those that
## need no Xcode for iOS), so a line that compiles only on a phone cannot break unnoticed.
## What remains for a machine with the Android NDK or Xcode: README, "Phones".
ANDROID_TARGET := aarch64-linux-android
ANDROID_API := 24
IOS_TARGET := aarch64-apple-ios
# The Android project the Tauri and wry build scripts write into: a scratch copy of what
# `cargo tauri android init` makes under src-tauri/gen/android (scripts/mobile-project.sh).
ANDROID_PROJECT := $(CURDIR)/target/mobile/gen/android
ANDROID_KOTLIN := $(ANDROID_PROJECT)/app/src/main/java/se/samverka/faltapp/generated
# What `cargo tauri android build` sets for the build scripts (tauri-cli, mobile/android):
# the app's identifier from tauri.conf.json, the shell's library name, the project's paths.
ANDROID_TAURI_ENV := \
	WRY_ANDROID_PACKAGE=se.samverka.faltapp \
	TAURI_ANDROID_PACKAGE_UNESCAPED=se.samverka.faltapp \
	WRY_ANDROID_LIBRARY=samverka_app \
	TAURI_ANDROID_PROJECT_PATH=$(ANDROID_PROJECT) \
	WRY_ANDROID_KOTLIN_FILES_OUT_DIR=$(ANDROID_KOTLIN)
# The C in the build scripts (SQLCipher, OpenSSL built from source for it, ring): Debian's clang
# for the Android target, with Debian's aarch64 C headers standing in for the NDK's sysroot and
# AOSP's <android/log.h> (Debian's android-liblog-dev), which SQLCipher includes on Android.
# A check compiles every C file for aarch64 but links nothing, so no NDK library is needed;
# with the NDK, its clang and sysroot take these places (README, "Phones").
ANDROID_C_ENV := \
	CC_aarch64_linux_android=clang \
	AR_aarch64_linux_android=llvm-ar \
	CFLAGS_aarch64_linux_android="--target=aarch64-linux-android$(ANDROID_API) -nostdinc \
		-isystem $$(clang -print-resource-dir)/include -isystem /usr/aarch64-linux-gnu/include \
		-isystem /usr/include/android"
# samverka-app is the shell and links the other three; naming them checks each as a phone
# builds it. iOS: model and content are pure Rust; device and app compile SQLCipher's C, which
# needs the iOS SDK's headers and CommonCrypto, i.e. Xcode.
MOBILE_CRATES := -p samverka-app -p samverka-device -p samverka-model -p samverka-content
IOS_CRATES := -p samverka-model -p samverka-content

check-mobile: ui
	@scripts/mobile-project.sh "$(ANDROID_PROJECT)" "$(ANDROID_KOTLIN)"
	env $(ANDROID_TAURI_ENV) $(ANDROID_C_ENV) \
		$(CARGO) clippy --locked --target $(ANDROID_TARGET) $(MOBILE_CRATES) -- -D warnings
	@scripts/mobile-project.sh --verify "$(ANDROID_PROJECT)" "$(ANDROID_KOTLIN)"
	$(CARGO) clippy --locked --target $(IOS_TARGET) $(IOS_CRATES) -- -D warnings
	@echo "check-mobile: $(IOS_TARGET): samverka-device and samverka-app not checked: SQLCipher's C"
	@echo "  needs the iOS SDK and CommonCrypto (Xcode). On a Mac: cargo check --locked --target $(IOS_TARGET) -p samverka-app"

# The empty app is only the start-up benchmark's peer: linted, not tested.
unit:
	$(CARGO) test --workspace --locked --exclude samverka-empty-app --exclude samverka-empty-ui

## bench: benchmarks (tables, not tests): each bench runs even if another failed, then one
## summary table with the load average (scripts/bench.sh; logs in target/bench/)
bench: setup ui
	$(CARGO) build --release --locked -p samverka-empty-app
	npm ci --prefix tests/pouchdb --no-audit --no-fund --loglevel=error
	@CARGO="$(CARGO)" scripts/bench.sh

clean:
	$(CARGO) clean
