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

# The framework integrations, every trait on at once, in a scratch path of their own so the
# no-trait build above stays what a library author gets. Measured here (2 cores): about 7 min
# cold (swift-nio, BoringSSL, Vapor), about 2 min after a change to SentryCore.
traits=Hummingbird,AsyncHTTPClient,ServiceLifecycle,Vapor
frameworks=(--scratch-path .build-frameworks --traits "$traits")
swift build --build-tests "${frameworks[@]}"
swift test --skip-build "${frameworks[@]}" \
    --filter 'SentryHummingbirdTests|SentryAsyncHTTPClientTests|SentryServiceLifecycleTests'
# Vapor runs handlers in tasks of its own (no task-local SDK), so its tests start the
# process-wide SDK: they get a process of their own.
swift test --skip-build "${frameworks[@]}" --filter SentryVaporTests
# SentryMCP exists only with the trait `MCP` (the MCP package is not even resolved without it).
# It builds in a folder of its own so the plain build above is not rebuilt with other flags.
swift build --build-tests --traits MCP --scratch-path .build-mcp
swift test --skip-build --traits MCP --scratch-path .build-mcp --filter SentryMCPTests
