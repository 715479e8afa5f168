#!/usr/bin/env bash
# Instructions per call of each hot path, counted by valgrind's callgrind: unlike times, these
# repeat exactly from run to run and from machine to machine, so they are the figures to compare
# across commits (Docs/performance.md lists them next to the times).
#
#   Scripts/bench-instructions.sh                 # every path
#   KEEP_CALLGRIND=/tmp/cg Scripts/bench-instructions.sh capture  # also keeps the profiles for callgrind_annotate
#   Scripts/bench-instructions.sh 'capture|scope'  # paths whose name matches the regex
#
# Builds Benchmarks' HotPaths executable (-c release), runs each path once under
# `valgrind --tool=callgrind --toggle-collect=sentry_hot_path_measured` after a warm-up, and prints
# the instructions counted inside the measured loop divided by its iterations (the caller's thread
# only: the SDK's background threads are not in the loop's call tree).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "bench-instructions: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
filter="${1:-.}"
build=(swift build -c release --package-path Benchmarks --product HotPaths)
"${build[@]}" >/dev/null 2>&1 || "${build[@]}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# valgrind 3.19 (Debian 12) stops at the DWARF 5 type information Swift 6.3 writes: run a copy
# without it. The line tables stay, so the SDK still symbolicates its own frames with file and line.
binary="$out/HotPaths"
objcopy $(printf -- '--remove-section=.debug_%s ' info abbrev aranges rnglists loclists ranges loc) \
  "$(swift build -c release --package-path Benchmarks --show-bin-path)/HotPaths" "$binary"

printf '%-34s %12s %10s\n' "path" "instr/call" "iterations"
for path in $("$binary" | sed 's/.*paths: //'); do
  [[ "$path" =~ $filter ]] || continue
  case "$path" in
    deliver-*) continue ;;  # the work is on the worker thread: profile it with perf
    start*) iterations=1 ;;
    capture-*|serialize-*) iterations=200 ;;
    logger-*|metrics-*) iterations=900 ;;  # below the 1,000 records a buffer holds
    *) iterations=2000 ;;
  esac
  valgrind --tool=callgrind --toggle-collect=sentry_hot_path_measured --callgrind-out-file="$out/$path.out" \
    "$binary" "$path" "$iterations" >"$out/$path.log" 2>&1 || { echo "$path: failed (see below)"; cat "$out/$path.log"; exit 1; }
  total="$(awk '/^(summary|totals):/ { print $2; exit }' "$out/$path.out")"
  printf '%-34s %12d %10d\n' "$path" "$((total / iterations))" "$iterations"
  if [ -n "${KEEP_CALLGRIND:-}" ]; then cp "$out/$path.out" "$KEEP_CALLGRIND/$path.callgrind"; fi
done
