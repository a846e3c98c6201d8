#!/usr/bin/env bash
# `bash scripts/tier-trace.sh`: which of the page's wasm functions V8 has in
# its optimising tier after the load's warm-up, and which it compiles during
# the first timed order (tests/bench/tier-trace.mjs; issue 11). Builds the
# page, copies dist/ with the same wasm plus a name section (wasm-opt -g on
# trunk's wasm-bindgen output, then unhash-glue.mjs as trunk's hook does;
# checked to give trunk's bytes without it), serves that copy and traces
# V8's compiles in headless Chromium. Arguments go to the script
# (`--command`: time the console's whole actual-order instead).
# Re-run it after changing the engine's hot code: a leaner order spends V8's
# tier-up budget more slowly (engine::limits::WARM_UP_LOYAL_ORDERS).
set -uo pipefail
# shellcheck source=serve-dist.sh
. "$(dirname "${BASH_SOURCE[0]}")/serve-dist.sh"

# Headless Chromium too (a fresh machine may not have run npm test yet).
bash scripts/prepare.sh --for-tests || exit 1
GENERALS_PREPARED=1 npm run --silent build || exit 1
bound="target/wasm-bindgen/release/byzantine-generals_bg.wasm"
served="$(ls dist/byzantine-generals-*_bg.wasm 2>/dev/null | head -n 1)"
if [ ! -f "$bound" ] || [ -z "$served" ]; then
  echo "tier-trace: no $bound or dist/byzantine-generals-*_bg.wasm after the build" >&2
  exit 1
fi
copy="$(mktemp -d)"
trap 'stop_server; rm -rf "$copy"' EXIT
cp -r dist "$copy/dist"
# trunk's wasm-opt for the page (index.html data-wasm-opt="s" and
# data-wasm-opt-params).
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals)
features+=(--converge --strip-producers --strip-target-features)
wasm-opt "$bound" -Os "${features[@]}" -o "$copy/plain.wasm" || exit 1
# trunk's post-build hook: wasm-bindgen's hashes out of the import names.
TRUNK_PROFILE=release node scripts/unhash-glue.mjs --wasm "$copy/plain.wasm" || exit 1
if ! cmp -s "$copy/plain.wasm" "$served"; then
  echo "tier-trace: wasm-opt here does not reproduce trunk's $served; the names would not match" >&2
  exit 1
fi
wasm-opt "$bound" -Os "${features[@]}" -g -o "$copy/dist/$(basename "$served")" || exit 1
TRUNK_PROFILE=release node scripts/unhash-glue.mjs --wasm "$copy/dist/$(basename "$served")" || exit 1
serve_dist "$copy/dist" || exit 1
DEBUG=pw:browser node tests/bench/tier-trace.mjs "$copy/dist/$(basename "$served")" "$@"
