#!/usr/bin/env bash
# Runs every test: the module-graph rules, then the Swift test suites.
set -euo pipefail
cd "$(dirname "$0")/.."
# Scripts/bootstrap.sh puts Relay's normalizer (sentry-relay) into .build-venv; the checker's tests need it.
python=python3
[ -x .build-venv/bin/python3 ] && python=.build-venv/bin/python3
"$python" -m unittest discover -s Scripts/tests
"$python" Scripts/check-module-graph.py
swift build --build-tests
swift test --skip-build "$@"

# Everything behind a package trait (the framework integrations and SentryMCP), every trait on at
# once, in one scratch path of its own so the no-trait build above stays what a library author
# gets. Measured here (2 cores): about 7–8 min cold (swift-nio, BoringSSL, Vapor, the MCP SDK),
# about 2 min after a change to SentryCore.
traits=Hummingbird,AsyncHTTPClient,ServiceLifecycle,Vapor,MCP
traited=(--scratch-path .build-traits --traits "$traits")
swift build --build-tests "${traited[@]}"
swift test --skip-build "${traited[@]}" \
    --filter 'SentryHummingbirdTests|SentryAsyncHTTPClientTests|SentryServiceLifecycleTests|SentryMCPTests'
# Vapor runs handlers in tasks of its own (no task-local SDK), so its tests start the
# process-wide SDK: they get a process of their own.
swift test --skip-build "${traited[@]}" --filter SentryVaporTests
