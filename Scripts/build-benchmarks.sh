#!/usr/bin/env bash
# Builds the benchmark suites (the separate package in Benchmarks/) without running them: the CI
# check that they still compile against the SDK. A debug build by default (quicker to compile);
# pass `-c release` to build what Scripts/bench.sh runs. Extra arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/bootstrap.sh
# Building the root package of Benchmarks/ builds every benchmark executable and what they use
# (the SDK by path, ordo-one/benchmark with its malloc interposer); nothing else.
exec swift build --package-path Benchmarks "$@"
