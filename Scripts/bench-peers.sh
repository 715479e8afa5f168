#!/usr/bin/env bash
# sentry-swift against the official Python SDK (PyPI sentry-sdk) on the same operations, in one
# run, printing how many times faster we are on each (issue 17). Ours: Benchmarks' HotPaths
# executable (-c release); theirs: Scripts/peers/python_peer.py in a virtual environment this
# script creates once (.build-peers-venv). Each op runs interleaved (ours, then theirs), each side
# the median of REPEATS timed repeats of ~0.2 s after a warm-up; both send to a transport that drops.
#
#   Scripts/bench-peers.sh                      # every op
#   Scripts/bench-peers.sh 'capture|serialize'  # ops whose name matches the regex
#   REPEATS=7 SENTRY_SDK_VERSION=2.75.0 Scripts/bench-peers.sh
#
# Needs python3 with the venv module (Debian: apt-get install python3-venv) and PyPI through pip.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-.}"
repeats="${REPEATS:-5}"
sdk_version="${SENTRY_SDK_VERSION:-2.75.0}"
venv=".build-peers-venv"
ops="add-breadcrumb fork-set-tag capture-message capture-thrown-error transaction-10-spans-unsampled
     transaction-10-spans-sampled serialize-10kb-event"

fail() { echo "bench-peers: $*" >&2; exit 1; }

# The Python side: a virtual environment with the pinned sentry-sdk, made once.
command -v python3 >/dev/null || fail "python3 is needed"
python3 -c 'import venv, ensurepip' 2>/dev/null ||
  fail "python3's venv module is missing (Debian/Ubuntu: apt-get install python3-venv)"
if [ "$("$venv/bin/python" -c 'import sentry_sdk; print(sentry_sdk.VERSION)' 2>/dev/null)" != "$sdk_version" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv" || fail "could not create $venv (is python3-venv installed?)"
  "$venv/bin/pip" install --quiet "sentry-sdk==$sdk_version" || fail "pip could not install sentry-sdk==$sdk_version"
fi
python="$venv/bin/python"

# Our side.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
swift build -c release --package-path Benchmarks --product HotPaths >"$work/build.log" 2>&1 ||
  { cat "$work/build.log" >&2; fail "swift build of HotPaths failed"; }
hotpaths="$(swift build -c release --package-path Benchmarks --show-bin-path)/HotPaths"
"$hotpaths" dump-large-event >"$work/event.json"

python_ns() { "$python" Scripts/peers/python_peer.py --repeats "$repeats" --event "$work/event.json" "$1" | ns; }
ns() { sed -n 's/^[^:]*: \([0-9]*\) ns\/call.*/\1/p'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

swift_ns() {
  local path="$1" estimate iterations
  # A short run sets the iteration count for ~0.2 s (HotPaths warms up before each timed loop).
  estimate="$("$hotpaths" "$path" 200 | ns)"
  iterations=$((200000000 / (estimate > 0 ? estimate : 1)))
  iterations=$((iterations < 100 ? 100 : iterations > 2000000 ? 2000000 : iterations))
  for _ in $(seq "$repeats"); do "$hotpaths" "$path" "$iterations" | ns; done | median
}

echo "sentry-swift against sentry-python, ns per call (median of $repeats repeats each)."
echo "Both sides ran interleaved in this one run: the ratios hold where the absolute times do not"
echo "(they move with the machine and its load)."
echo
printf '%-32s %14s %15s %14s\n' "op" "sentry-swift" "sentry-python" "python/swift"
for op in $ops; do
  [[ "$op" =~ $filter ]] || continue
  ours="$(swift_ns "$op")"
  theirs="$(python_ns "$op")"
  [ -n "$ours" ] && [ -n "$theirs" ] || fail "$op: no figure (ours '$ours', theirs '$theirs')"
  printf '%-32s %11s ns %12s ns %13s\n' "$op" "$ours" "$theirs" \
    "$(awk -v a="$theirs" -v b="$ours" 'BEGIN { printf "%.1fx", a / (b > 0 ? b : 1) }')"
done
if [[ capture-message =~ $filter ]]; then
  echo "(capture-message attaches a stack on both sides, our default; with sentry-python's own default,"
  echo " no stack on messages, it costs $(python_ns capture-message-python-defaults) ns.)"
fi
echo
echo "swift: $(swift --version 2>&1 | grep -m1 -o 'Swift version [^ ]*')"
echo "python: $("$python" -c 'import platform; print(platform.python_version())')," \
  "sentry-sdk $("$python" -c 'import sentry_sdk; print(sentry_sdk.VERSION)')"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Benchmarks || echo ' (modified)')," \
  "$(date -u '+%Y-%m-%d %H:%M UTC'), load:$(uptime | sed 's/.*load average://')"
