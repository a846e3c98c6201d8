#!/usr/bin/env bash
# Instructions per message of one warm OM(m) order, m = 1..8, each at the
# largest army under the message cap, counted by callgrind (noise-free, so
# unaffected by the machine's load). Builds the per_message benchmark and runs
# it under valgrind once per row: `--order M N` runs one warm-up order and one
# order inside `measured_order`, the only function callgrind counts.
# The army is loyal, or with `--faulty liar` has one liar lieutenant (G2), with
# `--faulty two-faced` a two-faced commander (G1).
# Usage: bash scripts/callgrind-per-message.sh [--faulty liar|two-faced] [M ...]
#        npm run bench:callgrind -- [--faulty liar|two-faced] [M ...]
#        (default: 1 to 8)
#        npm run bench:callgrind -- --command
#        (instead: a twin session's whole `actual-order attack` at n = 1000,
#        its lines written, in `measured_command`)
set -euo pipefail
cd "$(dirname "$0")/.."
# valgrind from Debian, if missing (scripts/prepare.sh --for-callgrind).
command -v valgrind >/dev/null || bash scripts/prepare.sh --for-callgrind || exit 1
army=(); label=loyal
if [ "${1:-}" = --faulty ]; then
  case "${2:-}" in
    liar | two-faced) army=(--faulty "$2"); label=$2; shift 2 ;;
    *) echo "callgrind-per-message: --faulty takes liar or two-faced" >&2; exit 2 ;;
  esac
fi
if [ "${1:-}" = --command ]; then command=1; shift; else command=; fi
bench=$(cargo bench --bench per_message --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*per_message[^"]*\)".*/\1/p' | tail -1)
[ -x "$bench" ] || { echo "callgrind-per-message: could not build the benchmark" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if [ -n "$command" ]; then
  # The console's whole command as a visitor gives it, lines written.
  line=$(valgrind --tool=callgrind --toggle-collect='*measured_command*' \
    --callgrind-out-file="$out/cg.command" "$bench" --command 2>"$out/log.command")
  ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)/\1/p' "$out/log.command")
  lines=$(echo "$line" | sed -n 's/.*: \([0-9]*\) lines/\1/p')
  printf 'actual-order attack, OM(1) n = 1000, a twin session: %d instructions, %d lines (%.0f a line)\n' \
    "$ir" "$lines" "$(echo "$ir / $lines" | bc -l)"
  exit 0
fi
printf '%-6s %5s %-9s %10s %14s %12s\n' "OM(m)" n army messages instructions "per message"
for m in "${@:-1 2 3 4 5 6 7 8}"; do
  for m1 in $m; do
    line=$(valgrind --tool=callgrind --toggle-collect='*measured_order*' \
      --callgrind-out-file="$out/cg.$m1" "$bench" --order "$m1" "${army[@]}" 2>"$out/log.$m1")
    n=$(echo "$line" | sed -n 's/.* n = \([0-9]*\) .*/\1/p')
    messages=$(echo "$line" | sed -n 's/.*: \([0-9]*\) messages/\1/p')
    ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\)/\1/p' "$out/log.$m1")
    printf '%-6s %5d %-9s %10d %14d %12.3f\n' "OM($m1)" "$n" "$label" "$messages" "$ir" "$(echo "$ir / $messages" | bc -l)"
  done
done
