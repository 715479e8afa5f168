#!/usr/bin/env bash
# The fault-injection run: mixed traffic from the SDK for MINUTES (default 10) against a sink
# that cycles through 500s, 429s with all-category limits, 20 s delays, connection resets and
# down/up every 15 s. Prints memory and CPU every 10 s, the CPU while the SDK waits on a dead
# server with a spool to resend, and an accounting of every error event created.
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-10}"
seconds=$((minutes * 60))
work="$(mktemp -d)"
trap 'kill "$sink" 2>/dev/null || true; rm -rf "$work"' EXIT

swift build -c release --product sentry-fault-run >/dev/null
python3 -u Scripts/fault_sink.py >"$work/sink.out" 2>"$work/sink.err" &
sink=$!
for _ in $(seq 50); do [ -s "$work/sink.out" ] && break; sleep 0.1; done
read -r _ envelope_port _ control_port <"$work/sink.out"
control="http://127.0.0.1:$control_port"
fault() { curl -s -X POST "$control/fault/$1" >/dev/null; }

"$(swift build -c release --show-bin-path)/sentry-fault-run" "$envelope_port" "$seconds" "$work/cache" "$work/run.json" &
run=$!
modes=(ok 500 ok 429 ok delay ok reset ok down up)
start=$SECONDS
index=0
while [ $((SECONDS - start)) -lt "$seconds" ]; do
  mode="${modes[$((index % ${#modes[@]}))]}"
  [ "$mode" = up ] && { fault up; fault ok; } || fault "$mode"
  index=$((index + 1))
  sleep 15
done
fault ok
fault down   # the run measures its idle CPU now, with a spool to resend
sleep 25
fault up
wait "$run"
curl -s "$control/summary" >"$work/summary.json"
python3 Scripts/fault_sink.py report "$work/summary.json" "$work/run.json"
