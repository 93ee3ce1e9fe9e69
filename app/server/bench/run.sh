#!/usr/bin/env bash
# make bench-server: rwkv-cli serve on the random L12/D768/V65536 model (bf16 weights, the World
# vocabulary from the fixtures), measured by api_bench.mjs. Usage: run.sh path/to/rwkv-cli
# (env: WEIGHTS=bf16, PARALLEL=32, STREAMS="1 4 8 16 32", TOKENS=64).
set -euo pipefail
cli="${1:?usage: run.sh RWKV_CLI}"
here="$(cd "$(dirname "$0")" && pwd)"
out="$(dirname "$cli")/../bench"
vocab="${RWKV_FIXTURES:-$here/../../../../shared/fixtures}/tokenizer/rwkv_vocab_v20230424.txt"
mkdir -p "$out"
model="$out/rwkv7-L12-D768-V65536.safetensors"
[ -f "$model" ] || "$cli" make-random --version 7 --layers 12 --embd 768 --vocab 65536 "$model"
log="$out/serve.log"
"$cli" serve "$model" --port 0 --backend cpu --weights "${WEIGHTS:-bf16}" --parallel "${PARALLEL:-32}" \
    --tokenizer "$vocab" >"$out/serve.out" 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 600); do
    [ -s "$out/serve.out" ] && break
    kill -0 $server 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["listening"])' "$out/serve.out")
node "$here/api_bench.mjs" --url "$url" --streams "${STREAMS:-1 4 8 16 32}" --tokens "${TOKENS:-64}"
