#!/usr/bin/env bash
# Builds the DocC catalogs of SentryCore and Sentry with the toolchain's docc, outside the main
# manifest (no plugin dependency): symbol graphs from a build of its own in .build-docs, then
# `docc convert` with warnings as errors. Archives land in .build-docs/<Module>.doccarchive.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch="$PWD/.build-docs"
graphs="$scratch/symbol-graphs"
# Graphs are written when a module compiles; an unchanged module keeps the ones it wrote.
mkdir -p "$graphs"
swift build --scratch-path "$scratch" --target Sentry \
  -Xswiftc -emit-symbol-graph -Xswiftc -emit-symbol-graph-dir -Xswiftc "$graphs" >/dev/null
for module in SentryCore Sentry; do
  mkdir -p "$graphs/$module"
  cp "$graphs/$module".symbols.json "$graphs/$module/"
  cp "$graphs/$module"@*.symbols.json "$graphs/$module/" 2>/dev/null || true
  docc convert "Sources/$module/$module.docc" \
    --additional-symbol-graph-dir "$graphs/$module" \
    --fallback-display-name "$module" --fallback-bundle-identifier "io.sentry.swift.$module" \
    --output-path "$scratch/$module.doccarchive" --warnings-as-errors
  echo "docs: $module built into .build-docs/$module.doccarchive"
done
