"""Every Swift block in the README is compiled: it must appear, line for line, in
Tests/SentryTests/ReadmeExamples.swift (imports aside, which that file has at its top)."""
import os
import re
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blocks(text):
    return re.findall(r"```swift\n(.*?)```", text, re.DOTALL)


class ReadmeExamplesTests(unittest.TestCase):
    def test_every_readme_swift_block_is_in_the_compiled_examples(self):
        readme = open(os.path.join(ROOT, "README.md")).read()
        compiled = open(os.path.join(ROOT, "Tests/SentryTests/ReadmeExamples.swift")).read()
        compiled_lines = [line.strip() for line in compiled.splitlines() if line.strip()]
        found = blocks(readme)
        self.assertGreaterEqual(len(found), 3)
        for block in found:
            lines = [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("import ")]
            start = next((i for i, line in enumerate(compiled_lines) if line == lines[0]), None)
            self.assertIsNotNone(start, "README block not compiled: %r" % lines[0])
            self.assertEqual(compiled_lines[start:start + len(lines)], lines)

    def test_a_changed_readme_line_is_caught(self):
        self.assertEqual(blocks("x\n```swift\nlet a = 1\n```\n"), ["let a = 1\n"])


if __name__ == "__main__":
    unittest.main()
