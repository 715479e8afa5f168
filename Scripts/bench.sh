#!/usr/bin/env bash
# Runs the benchmark suites (Benchmarks/, a package of its own) with ordo-one/benchmark and prints a
# summary table (p50 of every metric) after the plugin's full output.
#
#   Scripts/bench.sh                          # every suite: a few minutes on 2 cores
#   Scripts/bench.sh Delivery                 # only the suites whose target name contains the regex
#   Scripts/bench.sh '' --filter 'gzip.*'     # extra arguments go to `swift package benchmark`
#
# Needs only what Scripts/bootstrap.sh installs: on Swift 6.3 the benchmark package counts mallocs
# with its own interposer package (no jemalloc), and no other system package is used.
# The full log and the summary are kept in Benchmarks/.build/results/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh

# The plugin matches --target against whole names; accept a fragment ("Delivery").
targets=".*${1:-}.*"
shift || true
results="Benchmarks/.build/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
log="$results/bench-$stamp.log"
summary="$results/summary-$stamp.md"

echo "bench: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench: swift package --package-path Benchmarks benchmark --target '$targets' --no-progress $*"
status=0
swift package --package-path Benchmarks benchmark --target "$targets" --no-progress "$@" 2>&1 | tee "$log" || status=$?

python3 - "$log" > "$summary" <<'PY'
import re, sys

lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
rows = []          # (target, benchmark, {metric: p50})
target = None
current = None
for index, line in enumerate(lines):
    following = lines[index + 1] if index + 1 < len(lines) else ""
    if re.fullmatch(r"=+", following) and index > 0 and re.fullmatch(r"=+", lines[index - 1]):
        target = line.strip()
        continue
    if following.startswith("╒"):
        current = (target, line.strip(), {})
        rows.append(current)
        continue
    if current and line.startswith("│"):
        cells = [cell.strip() for cell in line.strip("│").split("│")]
        if cells[0] == "Metric" or len(cells) < 4:
            continue
        label = cells[0]
        scale = re.search(r"\((K|M|G)\)", label)
        name = re.sub(r"\s*\((K|M|G)\)", "", label).replace(" *", "").strip()
        value = cells[3] + (" " + scale.group(1) if scale else "")
        current[2][name] = value

if not rows:
    print("No benchmark results found in the log.")
    sys.exit(0)

def short(name):
    return (name.replace("Time (wall clock)", "wall").replace("Time (total CPU)", "cpu")
                .replace("Malloc (total)", "mallocs").replace("Memory (resident peak)", "peak RSS")
                .replace("Throughput (# / s)", "ops/s"))

print("| suite | benchmark | p50 (per operation where scaled) |")
print("|---|---|---|")
for target, name, metrics in rows:
    parts = []
    for key in sorted(metrics, key=lambda k: (not k.startswith("Time (wall"), k)):
        parts.append(f"{short(key)} {metrics[key]}")
    print(f"| {target} | {name} | {'; '.join(parts)} |")
PY

echo
echo "=== Summary (p50; * metrics are per inner-loop operation; K = thousands, M = millions) ==="
cat "$summary"
echo
echo "bench: full log $log, summary $summary"
exit "$status"
