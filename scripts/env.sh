# shellcheck shell=bash
# Common environment for the project's scripts: source it, don't run it.
#
# Sets REPO_ROOT and TOOL_ROOT, loads scripts/versions.env, and puts the
# project's tools first on PATH: $TOOL_ROOT/bin (trunk, wasm-bindgen,
# wasm-bindgen-test-runner) and node_modules/.bin (wasm-opt from npm binaryen).
# Also defines `with_wasm_env CMD...`, which runs a command that compiles for
# wasm32 with the right toolchain (rustup's target, or the Debian fallback).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT

# shellcheck source=versions.env
. "$REPO_ROOT/scripts/versions.env"

TOOL_ROOT="${GENERALS_TOOL_ROOT:-$HOME/.cache/byzantine-generals/tools}"
export TOOL_ROOT

case ":$PATH:" in
  *":$TOOL_ROOT/bin:"*) ;;
  *) PATH="$TOOL_ROOT/bin:$PATH" ;;
esac
case ":$PATH:" in
  *":$REPO_ROOT/node_modules/.bin:"*) ;;
  *) PATH="$REPO_ROOT/node_modules/.bin:$PATH" ;;
esac
# rustup's proxies (cargo, rustc) if the login shell did not add them.
if [ -d "$HOME/.cargo/bin" ]; then
  case ":$PATH:" in
    *":$HOME/.cargo/bin:"*) ;;
    *) PATH="$PATH:$HOME/.cargo/bin" ;;
  esac
fi
export PATH

# Where the Debian fallback keeps its own `cargo`/`rustc`/`rustdoc` shims and
# its build output (std built from source must not mix with rustup's builds).
DEBIAN_SHIM_DIR="$TOOL_ROOT/debian-rust/bin"
DEBIAN_TARGET_DIR="$REPO_ROOT/target-wasm-std"

# True when rustup's toolchain has the wasm32 standard library installed.
rustup_wasm_target_present() {
  local libdir
  libdir="$(rustc --print target-libdir --target "$WASM_TARGET" 2>/dev/null)" || return 1
  compgen -G "$libdir/libcore-*.rlib" >/dev/null
}

# True when Debian's Rust "web" toolchain (the fallback) is usable.
debian_wasm_toolchain_present() {
  [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -x /usr/bin/rust-lld ] &&
    [ -d /usr/lib/rustlib/src/rust/library ]
}

# Which route compiles to wasm32 here: "rustup", "debian" or "none".
wasm_route() {
  if rustup_wasm_target_present; then
    echo rustup
  elif debian_wasm_toolchain_present; then
    echo debian
  else
    echo none
  fi
}

# Run a command that compiles for wasm32. On the rustup route it runs as is;
# on the Debian route it runs with Debian's cargo/rustc building std from
# source, in a target folder of its own. Native builds never use this.
with_wasm_env() {
  if [ "$(wasm_route)" = debian ]; then
    mkdir -p "$DEBIAN_SHIM_DIR"
    ln -sf /usr/bin/cargo "$DEBIAN_SHIM_DIR/cargo"
    ln -sf /usr/bin/rustc "$DEBIAN_SHIM_DIR/rustc"
    ln -sf /usr/bin/rustdoc "$DEBIAN_SHIM_DIR/rustdoc"
    env -u RUSTUP_TOOLCHAIN \
      PATH="$DEBIAN_SHIM_DIR:$PATH" \
      RUSTC=/usr/bin/rustc \
      RUSTDOC=/usr/bin/rustdoc \
      RUSTC_BOOTSTRAP=1 \
      CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
      CARGO_TARGET_DIR="$DEBIAN_TARGET_DIR" \
      "$@"
  else
    "$@"
  fi
}
