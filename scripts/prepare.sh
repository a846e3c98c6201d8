#!/usr/bin/env bash
# Prepares everything the page build and the tests need, idempotently.
#
#   scripts/prepare.sh              tools to build and serve the page
#   scripts/prepare.sh --for-tests  also Chromium + chromedriver, rustfmt, clippy
#   scripts/prepare.sh --for-callgrind  also valgrind (instruction counts)
#
# Installs only what is missing or at the wrong version, so a second run takes
# seconds. Cargo-installed tools go into $TOOL_ROOT (GENERALS_TOOL_ROOT, by
# default ~/.cache/byzantine-generals/tools); versions are pinned in
# scripts/versions.env, except wasm-bindgen-cli, which must equal the
# wasm-bindgen version in Cargo.lock.
set -euo pipefail

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

FOR_TESTS=0
FOR_CALLGRIND=0
for arg in "$@"; do
  case "$arg" in
    --for-tests) FOR_TESTS=1 ;;
    --for-callgrind) FOR_CALLGRIND=1 ;;
    -h | --help)
      sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "prepare: unknown argument '$arg' (expected: --for-tests, --for-callgrind)" >&2
      exit 2
      ;;
  esac
done

# Release-profile overrides that make `cargo install` about twice as fast
# (the tools are not performance critical).
INSTALL_ENV=(
  CARGO_PROFILE_RELEASE_LTO=off
  CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1
)
INSTALL_TIMEOUT=1800 # seconds per cargo install: fail instead of hanging

step() { printf 'prepare: %s ... ' "$1"; }
ok() { echo "${1:-ok}"; }
installing() {
  echo "${1:-installing}"
  STEP_START=$SECONDS
}
took() { echo "took $((SECONDS - STEP_START)) s"; }

# fail WHAT FIX: says what failed and how to fix it, then exits non-zero.
fail() {
  echo "FAILED" >&2
  echo "prepare: error: $1" >&2
  if [ -n "${2:-}" ]; then echo "prepare: to fix: $2" >&2; fi
  exit 1
}

# Runs a command as root (sudo only when we are not root already).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    fail "need root to run: $*" "run this script as root, or install sudo"
  fi
}

apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    fail "apt-get not found; cannot install: $*" "install these packages with your system's package manager: $*"
  fi
  if [ "$apt_updated" -eq 0 ]; then
    as_root apt-get update || fail "apt-get update failed" "check network access to the Debian mirrors, then run npm test again"
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" ||
    fail "apt-get install $* failed" "run: apt-get install -y $*"
}

# tool_version BIN: prints the first line of `BIN --version`, or nothing.
tool_version() {
  "$1" --version 2>/dev/null | head -n 1 || true
}

# cargo_install CRATE VERSION [extra cargo args]: into $TOOL_ROOT.
cargo_install() {
  local crate="$1" version="$2"
  shift 2
  mkdir -p "$TOOL_ROOT"
  if ! env "${INSTALL_ENV[@]}" timeout "$INSTALL_TIMEOUT" \
    cargo install --root "$TOOL_ROOT" --force "$crate" --version "$version" "$@"; then
    fail "cargo install $crate $version failed (or took over ${INSTALL_TIMEOUT}s)" \
      "check access to crates.io and the output above; then run: cargo install --root \"$TOOL_ROOT\" $crate --version $version $*"
  fi
}

# toml_value FILE KEY: the quoted string value of `KEY = "..."` in FILE.
toml_value() {
  sed -n -E "s/^[[:space:]]*$2[[:space:]]*=[[:space:]]*\"([^\"]*)\".*/\1/p" "$1" | head -n 1
}

# ---------------------------------------------------------------- basics
step "host tools (cargo, rustc, node, npm)"
for tool in cargo rustc node npm; do
  command -v "$tool" >/dev/null 2>&1 ||
    fail "'$tool' not found on PATH" "install Rust with rustup (https://rustup.rs) and Node.js 20 or newer with npm"
done
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 20 ] || fail "Node.js $(node --version) is too old" "install Node.js 20 or newer (playwright-core needs it)"
ok "ok ($(rustc --version | cut -d' ' -f1-2), node $(node --version))"

# ---------------------------------------------------------------- pinned versions agree
step "pinned versions (Cargo.lock, Trunk.toml, package.json)"
[ -f Cargo.lock ] || fail "Cargo.lock is missing" "run: cargo generate-lockfile (and commit it)"
[ -f Trunk.toml ] || fail "Trunk.toml is missing" "restore it from git: git checkout -- Trunk.toml"
WASM_BINDGEN_VERSION="$(awk '
  /^\[\[package\]\]/ { in_wb = 0 }
  /^name = "wasm-bindgen"$/ { in_wb = 1; next }
  in_wb && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)"
[ -n "$WASM_BINDGEN_VERSION" ] ||
  fail "no wasm-bindgen package in Cargo.lock" "run: cargo generate-lockfile, then check Cargo.toml's wasm-bindgen dependency"
trunk_wb="$(toml_value Trunk.toml wasm_bindgen)"
[ "$trunk_wb" = "$WASM_BINDGEN_VERSION" ] ||
  fail "Trunk.toml [tools] wasm_bindgen = \"$trunk_wb\" but Cargo.lock has wasm-bindgen $WASM_BINDGEN_VERSION" \
    "set wasm_bindgen = \"$WASM_BINDGEN_VERSION\" under [tools] in Trunk.toml (the CLI must match the library exactly)"
trunk_wo="$(toml_value Trunk.toml wasm_opt)"
[ "$trunk_wo" = "version_$BINARYEN_VERSION" ] ||
  fail "Trunk.toml [tools] wasm_opt = \"$trunk_wo\" but scripts/versions.env has BINARYEN_VERSION=$BINARYEN_VERSION" \
    "set wasm_opt = \"version_$BINARYEN_VERSION\" in Trunk.toml"
npm_binaryen="$(node -p 'require("./package.json").devDependencies.binaryen || ""')"
[ "${npm_binaryen#[~^=]}" = "$BINARYEN_VERSION" ] || [ "${npm_binaryen#[~^=]}" = "$BINARYEN_VERSION.0.0" ] ||
  fail "package.json devDependencies.binaryen = \"$npm_binaryen\" but scripts/versions.env has BINARYEN_VERSION=$BINARYEN_VERSION" \
    "run: npm install --save-dev --save-exact binaryen@$BINARYEN_VERSION"
ok "ok (wasm-bindgen $WASM_BINDGEN_VERSION, trunk $TRUNK_VERSION, binaryen $BINARYEN_VERSION)"

# ---------------------------------------------------------------- (a) wasm32 target
step "Rust target $WASM_TARGET"
if rustup_wasm_target_present; then
  ok "ok (rustup)"
else
  installing "installing (rustup target add)"
  if command -v rustup >/dev/null 2>&1 && timeout 120 rustup target add "$WASM_TARGET" && rustup_wasm_target_present; then
    echo "prepare: Rust target $WASM_TARGET ... ok (rustup, $(took))"
  else
    echo "prepare: rustup could not add $WASM_TARGET; falling back to Debian's Rust web toolchain" \
      "(builds std from source: about 1.5 min on the first wasm build)"
    if ! debian_wasm_toolchain_present; then
      # shellcheck disable=SC2086 # a list of package names
      apt_install $DEBIAN_WASM_FALLBACK_PACKAGES
    fi
    debian_wasm_toolchain_present ||
      fail "no way to compile for $WASM_TARGET: rustup failed and Debian's Rust web toolchain is incomplete" \
        "run: rustup target add $WASM_TARGET (needs access to static.rust-lang.org), or apt-get install $DEBIAN_WASM_FALLBACK_PACKAGES"
    echo "prepare: Rust target $WASM_TARGET ... ok (Debian fallback: $(/usr/bin/rustc --version); wasm builds go to target-wasm-std/; $(took))"
  fi
fi

# ---------------------------------------------------------------- (b) wasm-bindgen-cli
step "wasm-bindgen-cli $WASM_BINDGEN_VERSION (from Cargo.lock)"
have_wb="$(tool_version "$TOOL_ROOT/bin/wasm-bindgen")"
have_runner="$(tool_version "$TOOL_ROOT/bin/wasm-bindgen-test-runner")"
if [ "$have_wb" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] && [ -n "$have_runner" ]; then
  ok
else
  installing "installing (found: ${have_wb:-none}; about 2-4 min)"
  # No --locked: wasm-bindgen-cli's lock file names a webpki-roots release
  # that crates.io does not have.
  cargo_install wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  have_wb="$(tool_version "$TOOL_ROOT/bin/wasm-bindgen")"
  [ "$have_wb" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] ||
    fail "after installing, $TOOL_ROOT/bin/wasm-bindgen --version says '${have_wb:-nothing}'" \
      "remove $TOOL_ROOT/bin/wasm-bindgen* and run this script again"
  echo "prepare: wasm-bindgen-cli $WASM_BINDGEN_VERSION ... ok ($(took))"
fi

# ---------------------------------------------------------------- (c) trunk
step "trunk $TRUNK_VERSION"
have_trunk="$(tool_version "$TOOL_ROOT/bin/trunk")"
if [ "$have_trunk" = "trunk $TRUNK_VERSION" ]; then
  ok
else
  installing "installing (found: ${have_trunk:-none}; about 5 min)"
  cargo_install trunk "$TRUNK_VERSION" --locked
  have_trunk="$(tool_version "$TOOL_ROOT/bin/trunk")"
  [ "$have_trunk" = "trunk $TRUNK_VERSION" ] ||
    fail "after installing, $TOOL_ROOT/bin/trunk --version says '${have_trunk:-nothing}'" \
      "remove $TOOL_ROOT/bin/trunk and run this script again"
  echo "prepare: trunk $TRUNK_VERSION ... ok ($(took))"
fi

# ---------------------------------------------------------------- (d) npm packages
step "npm packages (node_modules)"
[ -f package-lock.json ] || fail "package-lock.json is missing" "restore it from git: git checkout -- package-lock.json"
stamp=node_modules/.package-lock.json # written by npm ci / npm install
if [ -f "$stamp" ] && [ ! package-lock.json -nt "$stamp" ] && [ ! package.json -nt "$stamp" ]; then
  ok
else
  installing "installing (npm ci)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund ||
    fail "npm ci failed" "check access to registry.npmjs.org; if package.json changed, run npm install and commit package-lock.json"
  touch "$stamp"
  echo "prepare: npm packages ... ok ($(took))"
fi
step "wasm-opt $BINARYEN_VERSION (npm binaryen)"
have_wo="$(tool_version node_modules/.bin/wasm-opt)"
case "$have_wo" in
  "wasm-opt version $BINARYEN_VERSION"*) ok ;;
  *) fail "node_modules/.bin/wasm-opt --version says '${have_wo:-nothing}', expected version $BINARYEN_VERSION" \
    "run: rm -rf node_modules && npm ci" ;;
esac

# ---------------------------------------------------------------- crates for offline builds
step "crates (cargo fetch, for trunk's offline build)"
if cargo fetch --offline >/dev/null 2>&1; then
  ok
else
  installing "downloading"
  cargo fetch || fail "cargo fetch failed" "check access to crates.io, then run: cargo fetch"
  echo "prepare: crates ... ok ($(took))"
fi

# ---------------------------------------------------------------- (e) test-only tools
if [ "$FOR_TESTS" -eq 1 ]; then
  step "Chromium and chromedriver (apt)"
  if [ -x /usr/bin/chromium ] && command -v chromedriver >/dev/null 2>&1; then
    ok
  else
    installing "installing (apt-get; about 40 s)"
    # shellcheck disable=SC2086 # a list of package names
    apt_install $DEBIAN_BROWSER_PACKAGES
    [ -x /usr/bin/chromium ] && command -v chromedriver >/dev/null 2>&1 ||
      fail "chromium or chromedriver still missing after apt-get install" "run: apt-get install -y $DEBIAN_BROWSER_PACKAGES"
    echo "prepare: Chromium and chromedriver ... ok ($(took))"
  fi

  step "rustfmt and clippy"
  if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    ok
  else
    installing "installing (rustup component add)"
    timeout 300 rustup component add rustfmt clippy ||
      fail "rustup component add rustfmt clippy failed" "run: rustup component add rustfmt clippy"
    echo "prepare: rustfmt and clippy ... ok ($(took))"
  fi
fi

# ---------------------------------------------------------------- (f) callgrind's tool
if [ "$FOR_CALLGRIND" -eq 1 ]; then
  step "valgrind (apt)"
  if command -v valgrind >/dev/null 2>&1; then
    ok
  else
    installing "installing (apt-get)"
    # shellcheck disable=SC2086 # a list of package names
    apt_install $DEBIAN_CALLGRIND_PACKAGES
    command -v valgrind >/dev/null 2>&1 ||
      fail "valgrind still missing after apt-get install" "run: apt-get install -y $DEBIAN_CALLGRIND_PACKAGES"
    echo "prepare: valgrind ... ok ($(took))"
  fi
fi

echo "prepare: all set in $SECONDS s (tools in $TOOL_ROOT/bin, wasm route: $(wasm_route))"
