#!/bin/bash
# CTest's wrapper for the OpenAI SDK tests: runs them with Node's test runner against the rwkv-cli
# given as $1. Without the fixtures or the SDK (make deps installs it) it skips (77), except under
# CI, where that is a failure.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
export RWKV_CLI="$1"
export RWKV_FIXTURES="${RWKV_FIXTURES:-$2}"
missing=""
[ -f "$RWKV_FIXTURES/models/tiny-rwkv-7v0-834K.safetensors" ] || missing="the fixtures ($RWKV_FIXTURES)"
[ -d "$here/sdk/node_modules/openai" ] || missing="the OpenAI SDK (run: make deps)"
command -v node >/dev/null || missing="Node.js"
if [ -n "$missing" ]; then
    echo "SKIP: $missing not found"
    [ "${CI:-}" = "true" ] && exit 1
    exit 77
fi
cd "$here/sdk" && exec node --test openai_sdk.test.mjs
