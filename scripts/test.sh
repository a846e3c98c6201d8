#!/usr/bin/env bash
# `npm test`: runs every test layer and fails if any fails.
#
#   scripts/test.sh                 all layers: native wasm page lint
#   scripts/test.sh page lint       only the named layers (in that order)
#
# Layers:
#   native  cargo test --all-targets, then the doc tests
#   wasm    wasm-bindgen-test in headless Chromium (tests/web.rs, tests/engine_wasm.rs)
#   page    npm run build, serve dist/ with a plain static server on a free
#           loopback port, Playwright tests with node --test (tests/page/)
#   lint    cargo fmt --check; cargo clippy -D warnings, host and wasm32 (the
#           page, and the Experiments module, modules/experiments)
#
# Prepares the tools first (scripts/prepare.sh --for-tests), except when only
# the native layer is asked for.
set -uo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT" || exit 1

ALL_LAYERS=(native wasm page lint)
LAYERS=("$@")
if [ ${#LAYERS[@]} -eq 0 ]; then LAYERS=("${ALL_LAYERS[@]}"); fi
for layer in "${LAYERS[@]}"; do
  case " ${ALL_LAYERS[*]} " in
    *" $layer "*) ;;
    *)
      echo "test: unknown layer '$layer' (expected some of: ${ALL_LAYERS[*]})" >&2
      exit 2
      ;;
  esac
done

header() {
  printf '\n==================== %s ====================\n' "$1"
}

# Runs one command of a layer, echoing it first; returns its status.
run() {
  echo "+ $*"
  "$@"
}

layer_native() {
  run cargo test --all-targets || return 1
  run cargo test --doc
}

layer_wasm() {
  CHROMEDRIVER="$(command -v chromedriver)" || {
    echo "test: chromedriver not found (run: scripts/prepare.sh --for-tests)" >&2
    return 1
  }
  export CHROMEDRIVER
  # The runner starts chromedriver (headless, no sandbox); extra Chromium
  # flags come from webdriver.json beside Cargo.toml. Only the suites written
  # for wasm run here: the native suites (process spawning, 100k-line fuzz)
  # would only compile to no tests, at the cost of a minute of wasm builds.
  run with_wasm_env env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target "$WASM_TARGET" --test web --test engine_wasm
}

# serve_dist / stop_server: the plain static server over dist/.
# shellcheck source=serve-dist.sh
. "$REPO_ROOT/scripts/serve-dist.sh"

layer_page() {
  run npm run --silent build || return 1
  serve_dist || return 1
  local status
  run node --test tests/page/
  status=$?
  stop_server
  return $status
}

layer_lint() {
  local status=0
  run cargo fmt --all --check || status=1
  run cargo clippy --all-targets -- -D warnings || status=1
  if [ "$(wasm_route)" = debian ]; then
    echo "test: clippy for $WASM_TARGET skipped: Debian's fallback toolchain has no clippy (needs rustup's $WASM_TARGET target)"
  else
    run cargo clippy --all-targets --target "$WASM_TARGET" -- -D warnings || status=1
    # The Experiments module: the library with `experiments` and without `page`.
    run cargo clippy -p generals-experiments --target "$WASM_TARGET" -- -D warnings || status=1
  fi
  return $status
}

START=$SECONDS
SUMMARY=()
FAILED=0

if [ "${LAYERS[*]}" != native ]; then
  header "prepare"
  t0=$SECONDS
  if ! bash scripts/prepare.sh --for-tests; then
    echo
    echo "test: preparation failed (see above); no test layer was run"
    exit 1
  fi
  SUMMARY+=("ok    prepare  ($((SECONDS - t0)) s)")
  export GENERALS_PREPARED=1
fi

for layer in "${LAYERS[@]}"; do
  header "test layer: $layer"
  t0=$SECONDS
  if "layer_$layer"; then
    SUMMARY+=("PASS  $layer  ($((SECONDS - t0)) s)")
  else
    SUMMARY+=("FAIL  $layer  ($((SECONDS - t0)) s)")
    FAILED=1
  fi
done

header "summary"
printf '%s\n' "${SUMMARY[@]}"
echo "total: $((SECONDS - START)) s"
if [ "$FAILED" -ne 0 ]; then
  echo "test: FAILED (see the layers marked FAIL above)"
  exit 1
fi
echo "test: all layers passed"
