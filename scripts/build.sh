#!/usr/bin/env bash
# `npm run build`: prepares the tools, then builds the optimised page into
# dist/ (trunk build --release; wasm-opt as index.html says). dist/ is plain
# static files.
# With GENERALS_PREPARED=1 (set by scripts/test.sh) preparation is skipped.
set -euo pipefail
# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

if [ "${GENERALS_PREPARED:-0}" != 1 ]; then
  bash scripts/prepare.sh
fi
echo "build: trunk build --release -> dist/"
with_wasm_env trunk build --release "$@"
wasm_file="$(ls dist/*.wasm 2>/dev/null | head -n 1 || true)"
if [ -z "$wasm_file" ]; then
  echo "build: error: no .wasm file in dist/ after trunk build" >&2
  exit 1
fi
echo "build: done: $(du -sh dist | cut -f1) in dist/ ($(basename "$wasm_file"): $(du -k "$wasm_file" | cut -f1) KB)"
echo "build: serve it with any static file server, e.g. python3 -m http.server -d dist 8000"
