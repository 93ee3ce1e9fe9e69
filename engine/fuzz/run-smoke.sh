#!/usr/bin/env bash
# Runs each checkpoint fuzzer for $FUZZ_SECONDS (default 60) seconds under ASan/UBSan, seeded from
# the fixtures (copied to a temporary folder, never into the repository) and from small files
# make_seeds.py writes. Prints one summary line per fuzzer; exits non-zero if any crashed.
# Usage: engine/fuzz/run-smoke.sh BIN_DIR   (BIN_DIR holds fuzz_pth, fuzz_safetensors, fuzz_pickle)
set -uo pipefail

bin_dir="${1:?usage: run-smoke.sh BIN_DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${FUZZ_SECONDS:-60}"
fixtures="${RWKV_FIXTURES:-$here/../../../shared/fixtures}"
max_len=32768

work="$(mktemp -d "${TMPDIR:-/tmp}/rwkv-fuzz.XXXXXX")"
[ -n "${FUZZ_KEEP_WORK:-}" ] || trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seeds/pth" "$work/seeds/safetensors" "$work/seeds/pickle"

# Fixture seeds. Large checkpoints are cut to max_len: cut files are themselves good inputs (a
# truncated download) and keep the fuzzer fast.
if [ -d "$fixtures" ]; then
    for f in "$fixtures"/formats/*.pth "$fixtures"/models/*.pth "$fixtures"/adapters/*.pth; do
        [ -f "$f" ] && head -c "$max_len" "$f" > "$work/seeds/pth/$(basename "$f")"
    done
    for f in "$fixtures"/models/*.safetensors; do
        [ -f "$f" ] && head -c "$max_len" "$f" > "$work/seeds/safetensors/$(basename "$f")"
    done
    if command -v python3 > /dev/null; then
        python3 - "$work/seeds/pickle" "$fixtures"/formats/*.pth "$fixtures"/models/*.pth <<'PY'
import os, sys, zipfile
out = sys.argv[1]
for path in sys.argv[2:]:
    try:
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith("data.pkl"))
            with open(os.path.join(out, os.path.basename(path) + ".pkl"), "wb") as f:
                f.write(z.read(name))
    except Exception as error:
        print("skipping", path, error)
PY
    fi
else
    echo "fixtures not found at $fixtures: seeding from generated files only"
fi
if command -v python3 > /dev/null; then
    python3 "$here/make_seeds.py" "$work/seeds" || echo "make_seeds.py failed; continuing with fixture seeds"
fi

status=0
for fuzzer in fuzz_pth fuzz_safetensors fuzz_pickle; do
    kind="${fuzzer#fuzz_}"
    exe="$bin_dir/$fuzzer"
    if [ ! -x "$exe" ]; then
        echo "$fuzzer: MISSING ($exe not built)"
        status=1
        continue
    fi
    corpus="$work/corpus-$kind"
    mkdir -p "$corpus"
    log="$work/$fuzzer.log"
    "$exe" "$corpus" "$work/seeds/$kind" -max_total_time="$seconds" -rss_limit_mb=2048 -max_len="$max_len" \
        -timeout=20 -print_final_stats=1 -artifact_prefix="$work/$fuzzer-" > "$log" 2>&1
    rc=$?
    runs="$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1)"
    units="$(ls "$corpus" | wc -l)"
    if [ "$rc" -eq 0 ]; then
        echo "$fuzzer: ok, ${runs:-?} inputs in ${seconds}s, corpus of $units"
    else
        status=1
        artifact="$(ls "$work/$fuzzer-"* 2>/dev/null | head -1)"
        keep="${FUZZ_ARTIFACTS:-${TMPDIR:-/tmp}}"
        [ -n "$artifact" ] && cp "$artifact" "$keep/" && artifact="$keep/$(basename "$artifact")"
        echo "$fuzzer: FAILED (exit $rc) after ${runs:-?} inputs; input kept at ${artifact:-<none>}"
        grep -E 'ERROR|SUMMARY|#[0-9]+ 0x' "$log" | head -30
    fi
done
exit "$status"
