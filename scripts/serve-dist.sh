# shellcheck shell=bash
# Serving dist/ for the bench and screenshot scripts: source it, then call
# `serve_dist`. It starts scripts/serve-static.mjs on a free loopback port,
# exports GENERALS_PAGE_URL and stops the server when the script exits.

# shellcheck source=env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT" || exit 1

SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
    SERVER_PID=""
  fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM

# `serve_dist [DIR]` serves DIR (default dist/).
serve_dist() {
  local port_file port="" dir="${1:-dist}"
  port_file="$(mktemp)"
  node scripts/serve-static.mjs --dir "$dir" --host 127.0.0.1 --port 0 --port-file "$port_file" &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    port="$(cat "$port_file" 2>/dev/null)"
    [ -n "$port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  rm -f "$port_file"
  if [ -z "$port" ]; then
    echo "serve-dist: the static server did not start" >&2
    stop_server
    return 1
  fi
  export GENERALS_PAGE_URL="http://127.0.0.1:$port/"
  echo "serve-dist: serving $dir at $GENERALS_PAGE_URL"
}
