#!/usr/bin/env python3
"""Enforces sentry-swift's module graph (Docs/architecture.md).

Reads `swift package dump-package` (or --dump FILE) and the sources, and fails when:
- SentryCore depends on anything but its header-only runtime shim (CRuntimeShims), or the package declares a dependency without a trait
  condition that is not on the light allow-list;
- an SDK module depends on (or imports) a sibling instead of SentryCore only;
- SentryTesting depends on more than SentryCore, the umbrella and the parts it configures;
- an SDK module has no test target, or a Swift target is not in Swift 6 language mode;
- a framework package (Hummingbird, Vapor, AsyncHTTPClient, ServiceLifecycle) is reachable from
  any target through dependencies without a trait condition, a framework module depends on more
  than SentryCore and its framework, its trait is not declared (or is on by default), or its
  sources (and its tests') are not wrapped in `#if <Trait>`;
- a target can reach a trait-gated package (the MCP Swift SDK) without that package's trait,
  the trait is on by default, or a trait-gated target's sources are not wrapped in `#if TRAIT`.
"""
import argparse
import json
import os
import re
import subprocess
import sys

CORE = "SentryCore"
SDK_MODULES = ["SentryScope", "SentryTransport", "SentryTracing", "SentryProfiling",
               "SentryMetrics", "SentryAI", "SentryIntegrations", "SentrySymbolication", "SentryCrash"]
ALL_OURS = [CORE, *SDK_MODULES, "Sentry", "SentryTesting"]
C_TARGETS = {"CCurl", "CZlib", "CSentry"}
# The one target SentryCore may depend on: a module map and a header of its own, nothing linked.
CORE_SHIMS = {"CRuntimeShims"}
SYSTEM_LIBRARIES = {"SentryTransport": C_TARGETS, "SentryScope": C_TARGETS, "SentrySymbolication": C_TARGETS,
                    "SentryCrash": C_TARGETS, "SentryProfiling": C_TARGETS}
# SentryTesting assembles the SDK the way SentrySDK.start does (the umbrella's SDKAssembly).
TESTING_ALLOWED = {CORE, "Sentry", "SentryMetrics", "SentryTransport"}
# Light ecosystem APIs that may be unconditional; everything else needs a trait.
LIGHT_PACKAGES = {"swift-log", "swift-metrics", "swift-distributed-tracing", "swift-service-lifecycle",
                  "swift-service-context"}
# Framework integrations: module -> the trait it sits behind (default off).
FRAMEWORK_MODULES = {"SentryHummingbird": "Hummingbird", "SentryVapor": "Vapor",
                     "SentryAsyncHTTPClient": "AsyncHTTPClient", "SentryServiceLifecycle": "ServiceLifecycle"}
# Packages only ever reached under a trait: no untraited target may reach them.
FRAMEWORK_PACKAGES = {"hummingbird", "vapor", "async-http-client", "swift-service-lifecycle"}
# One import per line: `[ \t]` (not `\s`) so a match never runs into the next line's import.
IMPORT = re.compile(r"^[ \t]*(?:@\w+[ \t]+)*(?:(?:public|package|internal|fileprivate|private)[ \t]+)?import[ \t]+"
                    r"(?:(?:struct|class|enum|protocol|typealias|func|var|let)[ \t]+)?(\w+)", re.MULTILINE)
# Packages only ever reached behind their trait: every product edge to them must carry the trait.
TRAIT_PACKAGES = {"swift-sdk": "MCP"}
# Integration targets that exist only with their trait: what of ours they may use, and their trait.
TRAIT_TARGETS = {"SentryMCP": ({CORE, "SentryAI"}, "MCP")}


def dependency_name(dep):
    for kind in ("byName", "target", "product"):
        if kind in dep:
            return dep[kind][0], kind, dep[kind]
    return None, None, None


def has_trait_condition(entry):
    condition = entry[-1] if isinstance(entry, list) and entry else None
    return isinstance(condition, dict) and bool(condition.get("traits"))


def check_manifest(manifest):
    problems = []
    targets = {t["name"]: t for t in manifest["targets"]}
    for name in ALL_OURS:
        if name not in targets:
            problems.append(f"target {name} is missing")
    for name, target in targets.items():
        deps = [dependency_name(d) for d in target.get("dependencies", [])]
        names = {d[0] for d in deps}
        if name == CORE and names - CORE_SHIMS:
            problems.append(f"{CORE} must depend on nothing but {sorted(CORE_SHIMS)}, but depends on {sorted(names)}")
        if name in CORE_SHIMS and (target.get("type") != "system" or deps):
            problems.append(f"{name} must stay a header-only system library with no dependencies")
        if name in SDK_MODULES:
            for dep_name, kind, entry in deps:
                if dep_name in ALL_OURS and dep_name != CORE:
                    problems.append(f"{name} depends on sibling {dep_name}; SDK modules depend on {CORE} only")
                elif kind == "product" and not has_trait_condition(entry):
                    package = entry[1] if len(entry) > 1 else None
                    if package not in LIGHT_PACKAGES:
                        problems.append(f"{name} depends on {dep_name} ({package}) without a trait condition")
            if CORE not in names:
                problems.append(f"{name} must depend on {CORE}")
            allowed = {CORE} | SYSTEM_LIBRARIES.get(name, set())
            for dep_name, kind, _ in deps:
                if kind != "product" and dep_name not in allowed and dep_name not in ALL_OURS:
                    problems.append(f"{name} depends on {dep_name}, which is not allowed")
            if f"{name}Tests" not in targets:
                problems.append(f"{name} has no test target {name}Tests")
        if name == "SentryTesting":
            extra = {d[0] for d in deps if d[0] in ALL_OURS} - TESTING_ALLOWED
            if extra:
                problems.append(f"SentryTesting may use only {sorted(TESTING_ALLOWED)}, not {sorted(extra)}")
        if target.get("type") != "system" and name not in C_TARGETS:
            modes = [s["kind"].get("swiftLanguageMode", {}).get("_0") for s in target.get("settings", [])]
            if "6" not in modes:
                problems.append(f"{name} is not built in Swift 6 language mode")
    problems += check_trait_gates(manifest, targets)
    for package in manifest.get("dependencies", []):
        identity = json.dumps(package)
        if not any(light in identity for light in LIGHT_PACKAGES):
            # Heavy packages must only be reached through trait-conditioned products.
            for target in targets.values():
                for dep in target.get("dependencies", []):
                    dep_name, kind, entry = dependency_name(dep)
                    if kind == "product" and len(entry) > 1 and entry[1] and entry[1] in identity \
                            and not has_trait_condition(entry):
                        problems.append(f"{target['name']} uses {dep_name} from a heavy package without a trait")
    return problems


def check_frameworks(manifest):
    problems = []
    targets = {t["name"]: t for t in manifest["targets"]}
    declared = {t["name"]: t for t in manifest.get("traits", [])}
    defaults = set()
    for trait in manifest.get("traits", []):
        if trait["name"] == "default":
            defaults |= set(trait.get("enabledTraits", []))
    for module, trait in FRAMEWORK_MODULES.items():
        if module not in targets:
            problems.append(f"framework target {module} is missing")
            continue
        if trait not in declared:
            problems.append(f"trait {trait} (for {module}) is not declared")
        if trait in defaults:
            problems.append(f"trait {trait} is enabled by default; frameworks are opt-in")
        for dep_name, kind, entry in (dependency_name(d) for d in targets[module].get("dependencies", [])):
            if kind == "product":
                if not has_trait_condition(entry) or trait not in entry[-1].get("traits", []):
                    problems.append(f"{module} depends on {dep_name} without the trait condition {trait}")
            elif dep_name != CORE:
                problems.append(f"{module} depends on {dep_name}; framework modules depend on {CORE} only")
        if f"{module}Tests" not in targets:
            problems.append(f"{module} has no test target {module}Tests")
    # Reachability: walk every target's unconditioned edges; no framework package may be reached.
    def unconditioned_reach(start):
        seen, stack, packages = set(), [start], set()
        while stack:
            name = stack.pop()
            if name in seen or name not in targets:
                continue
            seen.add(name)
            for dep in targets[name].get("dependencies", []):
                dep_name, kind, entry = dependency_name(dep)
                if has_trait_condition(entry):
                    continue
                if kind == "product":
                    packages.add(entry[1] if len(entry) > 1 else None)
                else:
                    stack.append(dep_name)
        return packages
    for name in targets:
        for package in sorted(p for p in unconditioned_reach(name) if p in FRAMEWORK_PACKAGES):
            problems.append(f"{name} reaches the framework package {package} without a trait condition")
    return problems


def check_framework_sources(root):
    """Framework modules import only SentryCore of ours; their and their tests' sources sit in `#if <Trait>`."""
    problems = []
    for module, trait in FRAMEWORK_MODULES.items():
        for folder, allowed in ((os.path.join(root, "Sources", module), {CORE}),
                                (os.path.join(root, "Tests", f"{module}Tests"), None)):
            for dirpath, _, files in os.walk(folder):
                for file in files:
                    if not file.endswith(".swift"):
                        continue
                    path = os.path.join(dirpath, file)
                    with open(path, encoding="utf-8", errors="replace") as handle:
                        text = handle.read()
                    code = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("//")]
                    if not code or not re.match(rf"#if\s+{trait}\b", code[0].strip()):
                        problems.append(f"{os.path.relpath(path, root)} is not wrapped in #if {trait}")
                    if allowed is not None:
                        for imported in IMPORT.findall(text):
                            if imported in ALL_OURS and imported not in allowed:
                                problems.append(f"{os.path.relpath(path, root)} imports {imported}")
    return problems


def trait_condition(entry):
    condition = entry[-1] if isinstance(entry, list) and entry else None
    return set(condition.get("traits") or []) if isinstance(condition, dict) else set()


def check_trait_gates(manifest, targets):
    """No target may reach a trait-gated package unless the edge carries that package's trait."""
    problems = []
    declared = {t["name"]: t for t in manifest.get("traits", []) or []}
    defaults = set(declared.get("default", {}).get("enabledTraits", []) or [])
    for trait in set(TRAIT_PACKAGES.values()):
        if trait not in declared:
            problems.append(f"trait {trait} is not declared")
        if trait in defaults:
            problems.append(f"trait {trait} must be off by default")
    for name, target in targets.items():
        for dep in target.get("dependencies", []):
            dep_name, kind, entry = dependency_name(dep)
            if kind == "product" and len(entry) > 1 and entry[1] in TRAIT_PACKAGES:
                trait = TRAIT_PACKAGES[entry[1]]
                if trait not in trait_condition(entry):
                    problems.append(f"{name} reaches {dep_name} ({entry[1]}) without the trait {trait}")
    for gated, (allowed, trait) in TRAIT_TARGETS.items():
        target = targets.get(gated)
        if target is None:
            problems.append(f"target {gated} is missing")
            continue
        for dep in target.get("dependencies", []):
            dep_name, kind, _ = dependency_name(dep)
            if kind != "product" and dep_name not in allowed:
                problems.append(f"{gated} may depend only on {sorted(allowed)} of ours, not {dep_name}")
        if f"{gated}Tests" not in targets:
            problems.append(f"{gated} has no test target {gated}Tests")
        for name, other in targets.items():
            if name in (gated, f"{gated}Tests"):
                continue
            for dep in other.get("dependencies", []):
                dep_name, kind, entry = dependency_name(dep)
                if dep_name == gated and kind != "product" and trait not in trait_condition(entry):
                    problems.append(f"{name} depends on {gated} without the trait {trait}")
    return problems


def check_trait_sources(root):
    """Sources of trait-gated targets compile to nothing without their trait."""
    problems = []
    for gated, (_, trait) in TRAIT_TARGETS.items():
        for folder in (os.path.join(root, "Sources", gated), os.path.join(root, "Tests", f"{gated}Tests")):
            for base, _, files in os.walk(folder):
                for file in files:
                    if not file.endswith(".swift"):
                        continue
                    path = os.path.join(base, file)
                    with open(path, encoding="utf-8", errors="replace") as handle:
                        code = [line.strip() for line in handle if line.strip() and not line.strip().startswith("//")]
                    if not code or code[0] != f"#if {trait}" or code[-1] != "#endif":
                        problems.append(f"{os.path.relpath(path, root)} is not wrapped in #if {trait}")
    return problems


def check_sources(sources_dir):
    problems = []
    for module in [CORE, *SDK_MODULES]:
        folder = os.path.join(sources_dir, module)
        allowed = {CORE} if module != CORE else set()
        for root, _, files in os.walk(folder):
            for file in files:
                if not file.endswith(".swift"):
                    continue
                path = os.path.join(root, file)
                with open(path, encoding="utf-8", errors="replace") as handle:
                    for imported in IMPORT.findall(handle.read()):
                        if imported in ALL_OURS and imported not in allowed and imported != module:
                            problems.append(f"{os.path.relpath(path, sources_dir)} imports {imported}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", help="a saved `swift package dump-package` JSON (default: run it)")
    parser.add_argument("--sources", default="Sources", help="the Sources folder to scan for imports")
    args = parser.parse_args(argv)
    if args.dump:
        with open(args.dump, encoding="utf-8") as handle:
            manifest = json.load(handle)
    else:
        output = subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True)
        manifest = json.loads(output.stdout)
    root = os.path.dirname(os.path.abspath(args.sources))
    problems = check_manifest(manifest) + check_frameworks(manifest) + check_sources(args.sources) \
        + check_framework_sources(root) + check_trait_sources(root)
    for problem in problems:
        print(f"module graph: {problem}", file=sys.stderr)
    if not problems:
        print("module graph: OK (SentryCore depends on nothing but its runtime header; SDK modules on SentryCore only; "
              "frameworks only behind their traits)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
