#!/usr/bin/env bash
# Runs the MIDI codec fuzzer for $FUZZ_SECONDS (default 60) from a seed corpus of the fixture
# .mid files. Usage: app/music/fuzz/run-smoke.sh BIN_DIR   (the RWKV_FUZZ build's bin folder)
set -euo pipefail
bin_dir=${1:?usage: run-smoke.sh BIN_DIR}
seconds=${FUZZ_SECONDS:-60}
fixtures=${RWKV_FIXTURES:-$(cd "$(dirname "$0")/../../.." && pwd)/../shared/fixtures}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
if [ -d "$fixtures/midi" ]; then
    cp "$fixtures"/midi/*.mid "$corpus"/ 2>/dev/null || true
fi
# A hand-written seed so the corpus is never empty: a minimal type-0 file with one note.
printf 'MThd\0\0\0\6\0\0\0\1\1\340MTrk\0\0\0\14\0\220\74\100\203\140\200\74\100\0\377\57\0' > "$corpus/seed.mid"
printf '<start> pi:3c:a t10 p:24:8 t125 pi:3c:0 <end>' > "$corpus/seed.txt"
echo "fuzz_midi: ${seconds}s"
"$bin_dir/fuzz_midi" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 "$corpus"
