#!/usr/bin/env python3
"""Where the UI's wasm bytes go: code size per function, from the name section.

Reads the wasm cargo builds before wasm-bindgen strips the names
(target/wasm32-unknown-unknown/wasm-release/samverka-ui.wasm after `make ui`) and, unless
--pre-bindgen is given, first runs wasm-bindgen on it as scripts/build-ui.sh does but keeping
the names: what is measured is then what ships (the pre-bindgen file also holds wasm-bindgen's
describe functions, about 200 KB of code that never reaches a phone). Demangles the names with
c++filt and prints the largest functions, the code by kind (serde, the pages, Yew, ...) with
each kind's size after zlib -9, and the data section. With a second wasm, prints what grew and
shrank between the two instead.

Usage: scripts/wasm-top.py [WASM] [-n N] [--pre-bindgen]
       scripts/wasm-top.py BEFORE.wasm AFTER.wasm [-n N] [--pre-bindgen]
"""

import argparse
import collections
import re
import subprocess
import tempfile
import zlib
from pathlib import Path

DEFAULT = "target/wasm32-unknown-unknown/wasm-release/samverka-ui.wasm"


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def shipped(path, tmp):
    """The wasm as scripts/build-ui.sh ships it, names kept: wasm-bindgen's output for `path`."""
    subprocess.run(
        ["wasm-bindgen", "--target", "web", "--no-typescript", "--remove-producers-section",
         "--out-dir", tmp, "--out-name", "ui", path],
        check=True,
    )
    return str(Path(tmp) / "ui_bg.wasm")


def read(path):
    """(body bytes, demangled name) per defined function, and the data section's bytes."""
    b = open(path, "rb").read()
    i, imported, bodies, names, data = 8, 0, [], {}, b""
    while i < len(b):
        sid = b[i]
        size, i = leb(b, i + 1)
        end = i + size
        if sid == 2:  # imports: functions take the first indices
            n, j = leb(b, i)
            for _ in range(n):
                for _ in range(2):
                    ln, j = leb(b, j)
                    j += ln
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind in (1, 2):
                    j += 1 if kind == 1 else 0
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                else:
                    j += 2
        elif sid == 10:
            n, j = leb(b, i)
            for _ in range(n):
                ln, k = leb(b, j)
                bodies.append(b[k : k + ln])
                j = k + ln
        elif sid == 11:
            data = b[i:end]
        elif sid == 0:
            ln, j = leb(b, i)
            if b[j : j + ln] == b"name":
                j += ln
                while j < end:
                    sub = b[j]
                    sl, j = leb(b, j + 1)
                    if sub == 1:
                        n, k = leb(b, j)
                        for _ in range(n):
                            idx, k = leb(b, k)
                            ln, k = leb(b, k)
                            names[idx] = b[k : k + ln].decode("utf-8", "replace")
                            k += ln
                    j += sl
        i = end
    mangled = [names.get(imported + k, f"func{imported + k}") for k in range(len(bodies))]
    out = subprocess.run(
        ["c++filt"], input="\n".join(mangled), capture_output=True, text=True, check=True
    ).stdout.split("\n")
    demangled = [re.sub(r"::h[0-9a-f]{16}|\.[0-9]+$", "", n) for n in out[: len(bodies)]]
    return list(zip(bodies, demangled)), data


def kind(name):
    # The UI's IPC reader and writer (ui/src/api.rs) are serde instantiated per type, not pages.
    if re.search(r"serde_json::de|Deserializ|Visitor|deserialize|MapAccess|SeqAccess|EnumAccess|api::from_js", name):
        return "serde (reading)"
    if re.search(r"Serializ|serialize|serde_json|api::to_js", name):
        return "serde (writing)"
    if "samverka_ui" in name:
        return "the UI's own code"
    if "drop_in_place" in name:
        return "drop glue"
    if "yew" in name:
        return "Yew (incl. its generics over the UI's components)"
    if "samverka_model" in name:
        return "the model"
    if re.search(r"core.*fmt|alloc::fmt|Display|Debug", name):
        return "formatting"
    if "time::" in name:
        return "time"
    if re.search(r"dlmalloc|alloc::", name):
        return "alloc and collections"
    if re.search(r"wasm_bindgen|js_sys|web_sys", name):
        return "wasm-bindgen"
    return "other"


def sizes(rows):
    c = collections.Counter()
    for body, name in rows:
        c[name] += len(body)
    return c


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("wasm", nargs="*", default=[DEFAULT])
    ap.add_argument("-n", type=int, default=40, help="how many functions to list")
    ap.add_argument("--pre-bindgen", action="store_true", help="read the wasm as cargo built it")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if not a.pre_bindgen:
            a.wasm = [shipped(p, f"{tmp}/{i}") for i, p in enumerate(a.wasm)]
        report(a)


def report(a):
    if len(a.wasm) == 2:
        before, after = (sizes(read(p)[0]) for p in a.wasm)
        delta = sorted((after[k] - before[k], k) for k in set(before) | set(after))
        print(f"code {sum(before.values())} -> {sum(after.values())} bytes")
        print("--- shrank most")
        for d, k in delta[: a.n]:
            print(f"{d:8d} {before[k]:7d} -> {after[k]:7d}  {k[:140]}")
        print("--- grew most")
        for d, k in delta[::-1][: a.n]:
            if d > 0:
                print(f"{d:8d} {before[k]:7d} -> {after[k]:7d}  {k[:140]}")
        return
    rows, data = read(a.wasm[0])
    code = b"".join(body for body, _ in rows)
    print(f"code {len(code)} bytes in {len(rows)} functions (zlib -9: {len(zlib.compress(code, 9))}),"
          f" data {len(data)} bytes (zlib -9: {len(zlib.compress(data, 9))})")
    print(f"--- the {a.n} largest functions (bytes of code)")
    for size, name in sorted(((s, n) for n, s in sizes(rows).items()), reverse=True)[: a.n]:
        print(f"{size:8d}  {name[:160]}")
    print("--- code by kind: bytes, share, zlib -9 of that kind alone")
    groups = collections.defaultdict(list)
    for body, name in rows:
        groups[kind(name)].append(body)
    for k, bodies in sorted(groups.items(), key=lambda kv: -sum(map(len, kv[1]))):
        raw = b"".join(bodies)
        print(f"{len(raw):8d} {100 * len(raw) / len(code):5.1f}% {len(zlib.compress(raw, 9)):8d}  {k}")


if __name__ == "__main__":
    main()
