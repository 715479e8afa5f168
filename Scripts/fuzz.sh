#!/usr/bin/env bash
# Builds the libFuzzer targets (Tests/Fuzz) and runs each for SECONDS (default 60).
#
#   Scripts/fuzz.sh [SECONDS]
#
# One binary, .build-fuzz/sentry-fuzz, holds every target: the parsers' sources are compiled
# straight into it (one module, so internal API is reachable) with -sanitize=fuzzer,address, and
# SENTRY_FUZZ_TARGET picks the target. It is rebuilt only when a source is newer.
# Seeds are read from Tests/Fuzz/Corpus/<target>/ (never written); new inputs go to the working
# corpus .build-fuzz/corpus/<target>/. Prints one line per target: its name and how many inputs
# ran. Exits 1 when a target found something; the input is left in .build-fuzz/findings/<target>/
# and libFuzzer's output in .build-fuzz/logs/<target>.log.
#
# Environment: FUZZ_TARGETS (space separated, default: all), FUZZ_OPT (default -O),
# FUZZ_SANITIZERS (default fuzzer,address), SWIFTC, CLANG.
set -euo pipefail

seconds="${1:-60}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/.build-fuzz"
targets="${FUZZ_TARGETS:-json envelope dsn ratelimits traceheaders crash elf dwarf}"
swiftc="${SWIFTC:-swiftc}"
clang="${CLANG:-$(dirname "$(command -v "$swiftc")")/clang}"
optimization="${FUZZ_OPT:--O}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"
binary="$out/sentry-fuzz"

cd "$root"
sources=(
    $(find Sources/SentryCore -name '*.swift' | sort)
    $(ls Sources/SentrySymbolication/*.swift | grep -v SymbolicationIntegration.swift)
    Sources/SentryCrash/CrashReport.swift
    Sources/SentryCrash/ScopeSnapshot.swift
    Sources/SentryCrash/SignalDescription.swift
    Sources/SentryTransport/RateLimit/*.swift
    Tests/Fuzz/*.swift
)
c_sources=(Sources/CSentry/*.c)

build() {
    mkdir -p "$out/obj" "$out/CSentry"
    # The symbolicator (crash target) calls the CSentry helpers: compile them and give Swift a
    # module map for their header.
    printf 'module CSentry {\n    header "%s/Sources/CSentry/include/CSentry.h"\n    export *\n}\n' "$root" \
        >"$out/CSentry/module.modulemap"
    local objects=()
    for file in "${c_sources[@]}"; do
        local object="$out/obj/$(basename "$file" .c).o"
        "$clang" -O1 -g -fPIC -ISources/CSentry/include -c "$file" -o "$object"
        objects+=("$object")
    done
    # One module named SentryCore: `import SentryCore` in the other targets' files is then ignored.
    # SentryCore's own header module (CRuntimeShims) is found through its module map.
    "$swiftc" -swift-version 6 -parse-as-library "$optimization" -g -sanitize="$sanitizers" \
        -module-name SentryCore -package-name sentry_swift -enable-upcoming-feature InternalImportsByDefault -enable-upcoming-feature MemberImportVisibility -I "$out/CSentry" -I Sources/CRuntimeShims -suppress-warnings -use-ld=lld \
        "${sources[@]}" "${objects[@]}" -o "$binary.tmp"
    mv "$binary.tmp" "$binary"
}

stale=0
if [[ ! -x "$binary" ]]; then
    stale=1
elif [[ -n "$(find "${sources[@]}" "${c_sources[@]}" Sources/CSentry/include Sources/CRuntimeShims "$0" -newer "$binary" -print -quit)" ]]; then
    stale=1
fi
if ((stale)); then
    echo "building $binary"
    start=$(date +%s)
    build
    echo "built in $(($(date +%s) - start)) s"
fi

failed=()
for target in $targets; do
    seeds="Tests/Fuzz/Corpus/$target"
    work="$out/corpus/$target"
    findings="$out/findings/$target"
    log="$out/logs/$target.log"
    mkdir -p "$work" "$findings" "$out/logs"
    [[ -d "$seeds" ]] || seeds=""
    status=0
    # The seed folder comes second: libFuzzer writes new inputs only to the first.
    # The Swift runtime's own crash handler would race libFuzzer's (and trips ASan): off.
    SENTRY_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" "$binary" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$findings/" "$work" ${seeds:+"$seeds"} >"$log" 2>&1 || status=$?
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
    [[ -n "$runs" ]] || runs="$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -n 1)"
    if ((status == 0)); then
        printf '%-14s %s runs\n' "$target" "${runs:-?}"
    else
        artifact="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
        printf '%-14s FINDING after %s runs: %s (log: %s)\n' "$target" "${runs:-?}" "${artifact:-see log}" "$log"
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    echo "findings in: ${failed[*]}" >&2
    exit 1
fi
