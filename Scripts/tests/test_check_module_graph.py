"""The module-graph check must pass on the real manifest and fail when a rule breaks."""
import copy
import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
spec = importlib.util.spec_from_file_location("check", os.path.join(ROOT, "Scripts", "check-module-graph.py"))
check = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check)


def real_manifest():
    output = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(output.stdout)


class ModuleGraphTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.manifest = real_manifest()

    def target(self, manifest, name):
        return next(t for t in manifest["targets"] if t["name"] == name)

    def test_real_manifest_and_sources_pass(self):
        self.assertEqual(check.check_manifest(self.manifest), [])
        self.assertEqual(check.check_sources(os.path.join(ROOT, "Sources")), [])

    def test_sibling_dependency_fails(self):
        broken = copy.deepcopy(self.manifest)
        self.target(broken, "SentryTracing")["dependencies"].append({"byName": ["SentryScope", None]})
        problems = check.check_manifest(broken)
        self.assertTrue(any("SentryTracing depends on sibling SentryScope" in p for p in problems), problems)

    def test_core_dependency_fails(self):
        broken = copy.deepcopy(self.manifest)
        self.target(broken, "SentryCore")["dependencies"].append(
            {"product": ["Logging", "swift-log", None, None]})
        self.assertTrue(any("SentryCore must depend on nothing but" in p for p in check.check_manifest(broken)))

    def test_core_shim_with_a_dependency_fails(self):
        broken = copy.deepcopy(self.manifest)
        self.target(broken, "CRuntimeShims")["dependencies"] = [{"byName": ["CSentry", None]}]
        problems = check.check_manifest(broken)
        self.assertTrue(any("CRuntimeShims must stay a header-only system library" in p for p in problems), problems)

    def test_untraited_heavy_dependency_fails(self):
        broken = copy.deepcopy(self.manifest)
        self.target(broken, "SentryIntegrations")["dependencies"].append(
            {"product": ["Vapor", "vapor", None, None]})
        self.assertTrue(any("without a trait" in p for p in check.check_manifest(broken)))
        traited = copy.deepcopy(self.manifest)
        self.target(traited, "SentryIntegrations")["dependencies"].append(
            {"product": ["Vapor", "vapor", None, {"traits": ["Vapor"]}]})
        self.assertEqual(check.check_manifest(traited), [])

    def test_missing_test_target_and_language_mode_fail(self):
        broken = copy.deepcopy(self.manifest)
        broken["targets"] = [t for t in broken["targets"] if t["name"] != "SentryAITests"]
        self.target(broken, "SentryMetrics")["settings"] = []
        problems = check.check_manifest(broken)
        self.assertTrue(any("SentryAI has no test target" in p for p in problems), problems)
        self.assertTrue(any("SentryMetrics is not built in Swift 6" in p for p in problems), problems)

    def test_real_manifest_passes_the_framework_rules(self):
        self.assertEqual(check.check_frameworks(self.manifest), [])
        self.assertEqual(check.check_framework_sources(ROOT), [])

    def test_untraited_target_reaching_a_framework_fails(self):
        broken = copy.deepcopy(self.manifest)
        # The example depends on a helper target that uses Hummingbird without a trait condition.
        broken["targets"].append({"name": "Helper", "type": "regular", "dependencies": [
            {"product": ["Hummingbird", "hummingbird", None, None]}], "settings": []})
        self.target(broken, "SentryExample")["dependencies"].append({"byName": ["Helper", None]})
        problems = check.check_frameworks(broken)
        self.assertIn("Helper reaches the framework package hummingbird without a trait condition", problems)
        self.assertIn("SentryExample reaches the framework package hummingbird without a trait condition", problems)
        # The same dependency under a trait is fine.
        fixed = copy.deepcopy(broken)
        self.target(fixed, "Helper")["dependencies"] = [
            {"product": ["Hummingbird", "hummingbird", None, {"traits": ["Hummingbird"]}]}]
        self.assertEqual(check.check_frameworks(fixed), [])

    def test_framework_module_rules_fail(self):
        broken = copy.deepcopy(self.manifest)
        vapor = self.target(broken, "SentryVapor")
        vapor["dependencies"].append({"byName": ["SentryScope", None]})
        vapor["dependencies"].append({"product": ["Vapor", "vapor", None, {"traits": ["Hummingbird"]}]})
        broken["traits"] = [t for t in broken["traits"] if t["name"] != "AsyncHTTPClient"]
        broken["traits"].append({"name": "default", "enabledTraits": ["Hummingbird"]})
        broken["targets"] = [t for t in broken["targets"] if t["name"] != "SentryServiceLifecycleTests"]
        problems = check.check_frameworks(broken)
        self.assertIn("SentryVapor depends on SentryScope; framework modules depend on SentryCore only", problems)
        self.assertIn("SentryVapor depends on Vapor without the trait condition Vapor", problems)
        self.assertIn("trait AsyncHTTPClient (for SentryAsyncHTTPClient) is not declared", problems)
        self.assertIn("trait Hummingbird is enabled by default; frameworks are opt-in", problems)
        self.assertIn("SentryServiceLifecycle has no test target SentryServiceLifecycleTests", problems)

    def test_framework_source_without_its_trait_fails(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "Sources", "SentryVapor"))
            with open(os.path.join(root, "Sources", "SentryVapor", "Open.swift"), "w") as handle:
                handle.write("// no guard\nimport Vapor\nimport SentryScope\n")
            os.makedirs(os.path.join(root, "Tests", "SentryVaporTests"))
            with open(os.path.join(root, "Tests", "SentryVaporTests", "Guarded.swift"), "w") as handle:
                handle.write("#if Vapor\nimport Vapor\n#endif\n")
            problems = check.check_framework_sources(root)
            self.assertEqual(problems, ["Sources/SentryVapor/Open.swift is not wrapped in #if Vapor",
                                        "Sources/SentryVapor/Open.swift imports SentryScope"])

    def test_sibling_import_in_sources_fails(self):
        with tempfile.TemporaryDirectory() as sources:
            shutil.copytree(os.path.join(ROOT, "Sources", "SentryCore"), os.path.join(sources, "SentryCore"))
            os.makedirs(os.path.join(sources, "SentryTracing"))
            with open(os.path.join(sources, "SentryTracing", "Sneaky.swift"), "w") as handle:
                handle.write("import SentryCore\n@_implementationOnly internal import SentryScope\n")
            problems = check.check_sources(sources)
            self.assertEqual(problems, ["SentryTracing/Sneaky.swift imports SentryScope"])

    def test_untraited_path_to_the_mcp_package_fails(self):
        self.assertEqual(check.check_trait_gates(self.manifest, {t["name"]: t for t in self.manifest["targets"]}), [])
        # A target that uses the MCP product without the trait.
        broken = copy.deepcopy(self.manifest)
        self.target(broken, "SentryAI")["dependencies"].append({"product": ["MCP", "swift-sdk", None, None]})
        self.assertTrue(any("SentryAI reaches MCP (swift-sdk) without the trait MCP" in p
                            for p in check.check_manifest(broken)))
        # Another trait does not open the gate.
        other = copy.deepcopy(self.manifest)
        self.target(other, "SentryAI")["dependencies"].append(
            {"product": ["MCP", "swift-sdk", None, {"traits": ["Vapor"]}]})
        self.assertTrue(any("without the trait MCP" in p for p in check.check_manifest(other)))
        # A target that depends on SentryMCP without the trait (the umbrella, say).
        umbrella = copy.deepcopy(self.manifest)
        self.target(umbrella, "Sentry")["dependencies"].append({"byName": ["SentryMCP", None]})
        self.assertTrue(any("Sentry depends on SentryMCP without the trait MCP" in p
                            for p in check.check_manifest(umbrella)))
        # SentryMCP reaching for a sibling other than SentryAI.
        sibling = copy.deepcopy(self.manifest)
        self.target(sibling, "SentryMCP")["dependencies"].append({"byName": ["SentryScope", None]})
        self.assertTrue(any("SentryMCP may depend only on" in p for p in check.check_manifest(sibling)))
        # The trait on by default.
        default_on = copy.deepcopy(self.manifest)
        default_on["traits"] = list(default_on["traits"]) + [{"name": "default", "enabledTraits": ["MCP"]}]
        self.assertTrue(any("trait MCP must be off by default" in p for p in check.check_manifest(default_on)))

    def test_unwrapped_trait_sources_fail(self):
        self.assertEqual(check.check_trait_sources(ROOT), [])
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, "Sources", "SentryMCP"))
            with open(os.path.join(root, "Sources", "SentryMCP", "Open.swift"), "w") as handle:
                handle.write("import MCP\n")
            with open(os.path.join(root, "Sources", "SentryMCP", "Closed.swift"), "w") as handle:
                handle.write("// ok\n#if MCP\nimport MCP\n#endif\n")
            self.assertEqual(check.check_trait_sources(root), ["Sources/SentryMCP/Open.swift is not wrapped in #if MCP"])


if __name__ == "__main__":
    unittest.main()
