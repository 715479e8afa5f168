#!/usr/bin/env bash
# Runs every test: the module-graph rules, then the Swift test suites.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m unittest discover -s Scripts/tests
python3 Scripts/check-module-graph.py
swift build --build-tests
swift test --skip-build "$@"
