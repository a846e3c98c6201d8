#!/usr/bin/env bash
# `npm run bench:page`: builds the page (npm run build), serves dist/ with
# scripts/serve-static.mjs on a free loopback port, runs the page benchmark
# (tests/bench/page-bench.mjs: frame times, gzipped size, time to ready) in
# headless Chromium, then stops the server. Prints numbers; never fails on a
# missed target (it is not a test), only when something cannot run.
set -uo pipefail
# shellcheck source=serve-dist.sh
. "$(dirname "${BASH_SOURCE[0]}")/serve-dist.sh"

# Headless Chromium too (a fresh machine may not have run npm test yet).
bash scripts/prepare.sh --for-tests || exit 1
GENERALS_PREPARED=1 npm run --silent build || exit 1
serve_dist || exit 1
node tests/bench/page-bench.mjs "$@"
