#!/usr/bin/env bash
# `npm start`: prepares the tools, then serves the page with live rebuilds
# (trunk serve) on http://127.0.0.1:8080/ (address and port: Trunk.toml).
# Its development build (live-reload script, unoptimised wasm) goes to
# target/dev-page/, never to dist/: dist/ holds only the release page that
# `npm run build` makes and `npm run serve`, static hosts and the tests use.
set -euo pipefail
# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

bash scripts/prepare.sh
echo
echo "start: serving the page at $DEV_SERVER_URL (rebuilds on source edits; Ctrl+C stops)"
echo "start: the first build takes about half a minute; reload the page when trunk reports success"
echo
with_wasm_env trunk serve --dist target/dev-page "$@"
