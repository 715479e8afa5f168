#!/usr/bin/env bash
# Runs every test: the module-graph rules, then the Swift test suites.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m unittest discover -s Scripts/tests
python3 Scripts/check-module-graph.py
swift build --build-tests
swift test --skip-build "$@"
# SentryMCP exists only with the trait `MCP` (the MCP package is not even resolved without it).
# It builds in a folder of its own so the plain build above is not rebuilt with other flags.
swift build --build-tests --traits MCP --scratch-path .build-mcp
swift test --skip-build --traits MCP --scratch-path .build-mcp --filter SentryMCPTests
