#!/usr/bin/env bash
# `npm run screenshot`: builds the page, serves dist/ on a free loopback port
# and writes www/screenshot.png (tests/bench/screenshot.mjs: 7 generals, G3
# faulty, an order's relays mid-flight), then stops the server.
# `--search` (npm run screenshot:search) writes www/search-screenshot.png
# instead (tests/bench/search-screenshot.mjs: a g-search replay mid-flight);
# `--explain` (npm run screenshot:explain) writes www/screenshot-eig.png and
# www/screenshot-two-worlds.png (tests/bench/screenshot-explain.mjs).
set -uo pipefail
# shellcheck source=serve-dist.sh
. "$(dirname "${BASH_SOURCE[0]}")/serve-dist.sh"

# Headless Chromium too (a fresh machine may not have run npm test yet).
bash scripts/prepare.sh --for-tests || exit 1
GENERALS_PREPARED=1 npm run --silent build || exit 1
serve_dist || exit 1
SCRIPT=tests/bench/screenshot.mjs
if [ "${1:-}" = --search ]; then
  shift
  SCRIPT=tests/bench/search-screenshot.mjs
elif [ "${1:-}" = --explain ]; then
  shift
  SCRIPT=tests/bench/screenshot-explain.mjs
fi
node "$SCRIPT" "$@"
