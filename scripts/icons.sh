#!/usr/bin/env bash
# Regenerates the app icons in icons/ from icons/samverka.svg (rsvg-convert from Debian's
# librsvg2-bin). The PNGs are committed, so building the app does not need this.
set -euo pipefail
cd "$(dirname "$0")/../icons"
command -v rsvg-convert >/dev/null || { echo "icons: apt-get install librsvg2-bin" >&2; exit 1; }
for spec in 32x32:32 128x128:128 128x128@2x:256 icon:512; do
    name=${spec%%:*}; size=${spec##*:}
    rsvg-convert -w "$size" -h "$size" samverka.svg -o "$name.png"
done
echo "icons: $(ls *.png | tr '\n' ' ')"
