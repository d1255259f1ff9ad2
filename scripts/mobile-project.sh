#!/usr/bin/env bash
# The phone gate's scratch Android project (make check-mobile).
#
#   scripts/mobile-project.sh PROJECT KOTLIN_DIR            make the skeleton
#   scripts/mobile-project.sh --verify PROJECT KOTLIN_DIR   check what the build scripts wrote
#
# `cargo tauri android init` makes src-tauri/gen/android with the Android SDK; here only the
# parts the Rust build scripts write into are made: the app module, its manifest and the folder
# for the Kotlin classes wry and Tauri generate. After the check, --verify proves those scripts
# ran for Android as they will under `cargo tauri android build`.
set -euo pipefail

die() { printf 'check-mobile: %s\n' "$*" >&2; exit 1; }

verify=false
if [ "${1:-}" = "--verify" ]; then
    verify=true
    shift
fi
[ $# -eq 2 ] || die "usage: $0 [--verify] PROJECT KOTLIN_DIR"
project=$1
kotlin=$2
manifest="$project/app/src/main/AndroidManifest.xml"

if ! $verify; then
    mkdir -p "$kotlin"
    if [ ! -f "$manifest" ]; then
        # The shape of the manifest tauri-cli's template makes; build.rs adds the permissions.
        cat >"$manifest" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<manifest xmlns:android="http://schemas.android.com/apk/res/android">
    <uses-permission android:name="android.permission.INTERNET" />
    <application android:label="Samverka">
        <activity android:name=".MainActivity" android:exported="true" />
    </application>
</manifest>
XML
    fi
    exit 0
fi

problems=()
for p in ACCESS_COARSE_LOCATION ACCESS_FINE_LOCATION; do
    grep -q "android.permission.$p" "$manifest" ||
        problems+=("the manifest lacks $p (src-tauri/build.rs, src-tauri/android/permissions.xml)")
done
grep -q "include ':tauri-plugin-geolocation'" "$project/tauri.settings.gradle" 2>/dev/null ||
    problems+=("tauri.settings.gradle does not include the geolocation plugin's Android library")
grep -q "include ':tauri-android'" "$project/tauri.settings.gradle" 2>/dev/null ||
    problems+=("tauri.settings.gradle does not include Tauri's Android library")
generated=$(find "$kotlin" -name '*.kt' | wc -l)
[ "$generated" -gt 0 ] || problems+=("wry and Tauri generated no Kotlin classes in $kotlin")
if [ ${#problems[@]} -gt 0 ]; then
    printf 'check-mobile: %s\n' "${problems[@]}" >&2
    exit 1
fi
echo "check-mobile: aarch64-linux-android: the Android project got its permissions, Tauri's and the geolocation plugin's libraries and $generated generated Kotlin files"
