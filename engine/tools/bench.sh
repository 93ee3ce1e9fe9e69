#!/usr/bin/env bash
# make bench: CPU benchmarks on random models of real shapes (L12/D768/V65536 and L24/D2048/V65536),
# every weight format, median of RUNS runs. Models are made once under build/bench/.
# Usage: engine/tools/bench.sh path/to/rwkv-cli   (env: RUNS, FORMATS, SHAPES="12x768 24x2048",
# BACKEND=cpu; the CPU bench passes --backend cpu so no Vulkan probe is counted in its memory)
set -euo pipefail
cli="${1:?usage: bench.sh RWKV_CLI}"
out="$(dirname "$cli")/../bench"
runs="${RUNS:-5}"
formats="${FORMATS:-bf16 f16 int8 q4}"
mkdir -p "$out"

shapes="${SHAPES:-12x768 24x2048}" # layers x embedding
for shape in $shapes; do
    shape="${shape/x/ }"
    set -- $shape
    model="$out/rwkv7-L$1-D$2-V65536.safetensors"
    [ -f "$model" ] || "$cli" make-random --version 7 --layers "$1" --embd "$2" --vocab 65536 "$model"
    for format in $formats; do
        for ((i = 0; i < runs; i++)); do
            "$cli" bench "$model" --backend "${BACKEND:-cpu}" --weights "$format" --prefill 512 --decode 128
        done | python3 -c '
import json, statistics, sys
text = sys.stdin.read()
runs = []
decoder = json.JSONDecoder(); pos = 0
while pos < len(text):
    text_rest = text[pos:].lstrip()
    if not text_rest: break
    obj, used = decoder.raw_decode(text_rest); runs.append(obj); pos = len(text) - len(text_rest) + used
med = lambda k: statistics.median(r[k] for r in runs)
print(json.dumps({"model": runs[0]["model"], "weights": runs[0]["weights"], "runs": len(runs),
    "load_s": round(med("load_s"), 3), "prefill_tok_s": round(med("prefill_tok_s"), 1),
    "decode_tok_s": round(med("decode_tok_s"), 1), "peak_rss_mb": round(med("peak_rss_mb")),
    "bandwidth_gb_s": round(med("bandwidth_gb_s"), 1), "decode_roofline": round(med("decode_roofline"), 3)}))
'
    done
done

# Training: LoRA r=8 and state tuning at ctx 512 on the same models (TRAIN_WEIGHTS, default bf16 and
# q4 bases), tokens/s of the optimizer steps after the first, peak RSS, and the ratio to prefill
# speed measured by `bench` in the same run with the same weights. TRAIN=0 skips it; TRAIN_STEPS sets the steps timed (default 3).
if [ "${TRAIN:-1}" != 0 ]; then
    text="$out/train-text.txt"
    [ -f "$text" ] || python3 -c '
import random
random.seed(7)
words = "the a of to and in was he she it that his her with for on as at by from".split()
print(" ".join(random.choice(words) for _ in range(3000)))' > "$text"
    for shape in $shapes; do
        shape="${shape/x/ }"
        set -- $shape
        model="$out/rwkv7-L$1-D$2-V65536.safetensors"
        for weights in ${TRAIN_WEIGHTS:-bf16 q4}; do
        prefill=$("$cli" bench "$model" --backend cpu --weights "$weights" --prefill 512 --decode 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)["prefill_tok_s"])')
        for method in lora state; do
            "$cli" train "$model" --data "$text" --tokenizer bytes --method "$method" --rank 8 --alpha 16 \
                --weights "$weights" --ctx 512 --steps "${TRAIN_STEPS:-3}" --val-fraction 0 \
                --out "$out/bench-$method.pth" > "$out/train.jsonl"
            python3 - "$model" "$method" "$weights" "$prefill" "$out/train.jsonl" <<'PY'
import json, statistics, sys
model, method, weights, prefill, log = sys.argv[1:]
lines = [json.loads(l) for l in open(log)]
steps = [l for l in lines if "step" in l]
done = [l for l in lines if l.get("done")][0]
rate = statistics.median(s["tok_s"] for s in steps[1:] or steps)
print(json.dumps({"model": model.split("/")[-1], "train": method, "weights": weights, "ctx": 512,
    "train_tok_s": round(rate, 1), "prefill_tok_s": float(prefill), "train_vs_prefill": round(rate / float(prefill), 3),
    "peak_rss_mb": done["peak_rss_mb"]}))
PY
        done
        done
    done
fi
