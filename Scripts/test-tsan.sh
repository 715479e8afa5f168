#!/usr/bin/env bash
# Runs the Swift test suites under ThreadSanitizer (a build of its own in .build-tsan); fails on
# any data race report. Crash tests skip themselves here: TSan intercepts fatal signals.
set -euo pipefail
cd "$(dirname "$0")/.."
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
swift test --skip-build --sanitize=thread --scratch-path .build-tsan "$@"
