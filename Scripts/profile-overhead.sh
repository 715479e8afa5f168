#!/usr/bin/env bash
# The profiler's overhead: `sentry-example profile` (2 threads of CPU-bound work with a named
# hot function) alternately with profiling on (101 Hz, continuous) and off
# (SENTRY_PROFILE_SESSION_SAMPLE_RATE=0), PAIRS times each; prints every run, the medians and the
# overhead of the medians, plus the sampler's handler/unwind figures of the last profiled run.
#
#     flock /tmp/swift-build.lock Scripts/profile-overhead.sh [PAIRS]
#
# (run it under the build lock so no compile shares the 2 cores with the measurement)
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS=${1:-7}
swift build -c release --product sentry-example >/dev/null
BIN=.build/release/sentry-example
on=(); off=(); con=(); coff=()
for i in $(seq 1 "$PAIRS"); do
  SENTRY_PROFILE_SESSION_SAMPLE_RATE=0 "$BIN" profile >/tmp/profile-overhead-off.txt 2>/dev/null
  "$BIN" profile >/tmp/profile-overhead-last.txt 2>/dev/null
  a=$(awk '/^workload:/ {print $2}' /tmp/profile-overhead-off.txt); ca=$(awk '/^cpu:/ {print $2}' /tmp/profile-overhead-off.txt)
  b=$(awk '/^workload:/ {print $2}' /tmp/profile-overhead-last.txt); cb=$(awk '/^cpu:/ {print $2}' /tmp/profile-overhead-last.txt)
  echo "pair $i: off $a s (cpu $ca s), on $b s (cpu $cb s)"
  off+=("$a"); on+=("$b"); coff+=("$ca"); con+=("$cb")
done
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
m_off=$(median "${off[@]}"); m_on=$(median "${on[@]}")
echo "median off: $m_off s, median on: $m_on s"
awk -v a="$m_off" -v b="$m_on" 'BEGIN {printf "wall-time overhead: %.2f %%\n", (b - a) / a * 100}'
c_off=$(median "${coff[@]}"); c_on=$(median "${con[@]}")
echo "median cpu off: $c_off s, median cpu on: $c_on s"
awk -v a="$c_off" -v b="$c_on" 'BEGIN {printf "cpu-time overhead: %.2f %%\n", (b - a) / a * 100}'
grep -E '^(profiler|handler|store)' /tmp/profile-overhead-last.txt || true
