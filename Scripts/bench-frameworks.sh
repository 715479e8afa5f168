#!/usr/bin/env bash
# Throughput and p99 of sentry-example-server's /hello under wrk (1 thread, 16 connections),
# runs interleaved without the SDK and with it at tracesSampleRate 0, 0.1 and 1.0, sending to a
# minimal sink in its own process (Scripts/bench_sink.py); prints every run and the medians' ratios. Needs `wrk` (Debian package) and a release build of the server:
#   swift build -c release --scratch-path .build-frameworks --traits Hummingbird,AsyncHTTPClient,ServiceLifecycle,Vapor --product sentry-example-server
#   (… --product sentry-example-vapor-server for Vapor)
# Usage: Scripts/bench-frameworks.sh [rounds=3] [seconds=8] [hummingbird|vapor]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
seconds=${2:-8}
case "${3:-hummingbird}" in
    hummingbird) server=.build-frameworks/release/sentry-example-server ;;
    vapor) server=.build-frameworks/release/sentry-example-vapor-server ;;
    *) echo "bench-frameworks: the server is hummingbird or vapor" >&2; exit 64 ;;
esac
port=18181
results=$(mktemp)
# Events go to a minimal sink in its own process (counts, answers 200), not to the example's
# in-process inbox, whose parsing and storing would be counted as the SDK's cost.
sink_port_file=$(mktemp)
python3 Scripts/bench_sink.py > "$sink_port_file" &
sink_pid=$!
trap 'kill -TERM $sink_pid 2>/dev/null || true; rm -f "$results" "$sink_port_file"' EXIT
for _ in $(seq 50); do [ -s "$sink_port_file" ] && break; sleep 0.1; done
dsn="http://5f1c0a6b2e4d4c8f9a7b3d2e1f0a9b8c@127.0.0.1:$(head -1 "$sink_port_file")/1"
run() {  # label, environment...
    local label=$1; shift
    env "$@" PORT=$port SENTRY_EXAMPLE_QUIET=1 "$server" > /dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/hello" && break; sleep 0.1; done
    wrk -t1 -c16 -d1s "http://127.0.0.1:$port/hello" > /dev/null  # warm-up
    local out rps p99
    out=$(wrk -t1 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$port/hello")
    rps=$(awk '/Requests\/sec/ {print $2}' <<< "$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<< "$out")
    kill -TERM $pid; wait $pid || true
    echo "$label $rps $p99" | tee -a "$results"
}
echo "label requests/s p99_ms"
for _ in $(seq "$rounds"); do
    run none SENTRY_EXAMPLE_SDK=off
    run rate-0 SENTRY_DSN="$dsn" SENTRY_TRACES_SAMPLE_RATE=0
    run rate-0.1 SENTRY_DSN="$dsn" SENTRY_TRACES_SAMPLE_RATE=0.1
    run rate-1.0 SENTRY_DSN="$dsn" SENTRY_TRACES_SAMPLE_RATE=1.0
done
python3 - "$results" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
med = {}
for label in ["none", "rate-0", "rate-0.1", "rate-1.0"]:
    rps = [float(r[1]) for r in rows if r[0] == label]
    p99 = [float(r[2]) for r in rows if r[0] == label]
    med[label] = (statistics.median(rps), statistics.median(p99))
base = med["none"]
for label, (rps, p99) in med.items():
    print(f"median {label}: {rps:.0f} req/s ({rps / base[0] * 100:.1f} % of none), p99 {p99:.2f} ms ({(p99 / base[1] - 1) * 100:+.1f} %)")
PY
rm -f "$results"
