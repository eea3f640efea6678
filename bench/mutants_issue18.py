"""The eight one-line changes of issue #18, each applied alone to a copy of the checkout, with the
relevant test files run: is each caught (a test fails)?

Run: NORMREVIEW_SHARED=/work/shared .venv/bin/python bench/mutants_issue18.py   (output in docs/testing.md)
Needs the Elasticsearch node for changes 7 and 8 (ES_URL, default http://127.0.0.1:9200). The worktree
is never modified: every change is made in a fresh staged copy (bench/staging.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from staging import assert_imports_stage, pytest_command, replace_once, stage, test_env  # noqa: E402


@dataclass
class Change:
    label: str
    file: str
    old: str
    new: str
    tests: list[str]
    occurrence: int = 1


def lawful_qualifier_changes() -> list[Change]:
    """One change per state-powers rule whose unless holds $lawful_qualifier (first in its list)."""
    text = (Path(__file__).resolve().parent.parent / "checks/rules/state-powers.yaml").read_text(encoding="utf-8")
    changes = []
    for match in re.finditer(r"^  unless: \['\$lawful_qualifier', (.*)\]$", text, re.M):
        rule = re.findall(r"^- id: (\S+)", text[:match.start()], re.M)[-1]
        changes.append(Change(f"state-powers.yaml: drop $lawful_qualifier from {rule}", "checks/rules/state-powers.yaml",
                              match.group(0), f"  unless: [{match.group(1)}]", ["tests/test_rules.py"],
                              occurrence=text[:match.start()].count(match.group(0)) + 1))
    # Frame rules say it with the frame's `anchored` (silent when the clause names its legal basis, the
    # default): the same change is a catalogue whose frames no longer care about the clause's anchor.
    changes.append(Change("checks/catalogue.py: frames ignore the clause's legal anchor (no lawful qualifier)",
                          "checks/catalogue.py", 'anchored=raw.get("anchored", False)', 'anchored=raw.get("anchored", None)',
                          ["tests/test_rules.py"]))
    return changes


CHANGES = [
    [Change("checks/opinion.py: an error in licensing … guarantee gives 应当予以修改, not 不合法", "checks/opinion.py",
            "return Opinion.UNLAWFUL", "return Opinion.AMEND", ["tests/test_opinion.py"])],
    [Change("checks/audit.py: elapsed <= limit_workdays → <", "checks/audit.py",
            "if elapsed <= limit_workdays:", "if elapsed < limit_workdays:", ["tests/test_deadlines.py"])],
    [Change("checks/engine.py: bisect_right(ends, start) - 1 → - 2", "checks/engine.py",
            "bisect_right(ends, start) - 1", "bisect_right(ends, start) - 2",
            ["tests/test_sentence_window.py", "tests/test_rules.py"])],
    lawful_qualifier_changes(),
    [Change("normreview/patterns.py: the 文号 pattern no longer accepts ( brackets", "normreview/patterns.py",
            'DOC_NUMBER_OPEN, DOC_NUMBER_CLOSE = "〔［[﹝(（【", "〕］]﹞)）】"',
            'DOC_NUMBER_OPEN, DOC_NUMBER_CLOSE = "〔［[﹝（【", "〕］]﹞）】"',
            ["tests/test_doc_number_forms.py"])],
    [Change("extractors/sniff.py: zip-bomb total sum → max of member sizes", "extractors/sniff.py",
            "total = sum(m.file_size for m in members)", "total = max(m.file_size for m in members)",
            ["tests/test_file_limits.py"])],
    [Change("index/mappings.py: title_seg analysed as a keyword", "index/mappings.py",
            '"title_seg": SEG,', '"title_seg": KEYWORD,', ["tests/test_search_analysis.py"])],
    [Change("flows/tasks.py: extraction cache key dropped", "flows/tasks.py",
            '@task(name="extract", cache_key_fn=extract_cache_key, persist_result=True)',
            '@task(name="extract", persist_result=True)',
            ["tests/test_flows.py::test_review_folder_reports_package_caches_and_archives"])],
]


def run(root: Path, tests: list[str]) -> tuple[int, str]:
    done = subprocess.run(pytest_command(tests), cwd=root, env=test_env(), capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return done.returncode, (lines[-1] if lines else done.stderr.strip()[-200:])


def verdict(code: int) -> str:
    return {0: "NOT caught", 1: "caught"}.get(code, f"error (pytest exit {code})")


def main() -> int:
    started = time.perf_counter()
    root = stage()
    try:
        assert_imports_stage(root)
        every_test = sorted({t for group in CHANGES for c in group for t in c.tests})
        code, summary = run(root, every_test)
        print(f"baseline, unchanged copy: {'passes' if code == 0 else 'FAILS'} ({summary})")
        if code != 0:
            return 1
        print("| # | change | tests run | caught? |\n|---|---|---|---|")
        all_caught = True
        for number, group in enumerate(CHANGES, start=1):
            results = []
            for change in group:
                file = root / _staged(change.file)
                original = file.read_text(encoding="utf-8")
                try:
                    replace_once(file, change.old, change.new, change.occurrence)
                    code, summary = run(root, change.tests)
                finally:
                    file.write_text(original, encoding="utf-8")
                results.append((change, code, summary))
                if len(group) > 1:
                    print(f"|   | {change.label} | {', '.join(change.tests)} | {verdict(code)}: {summary} |")
            caught = sum(code == 1 for _, code, _ in results)
            all_caught &= caught == len(results)
            label = group[0].label if len(group) == 1 else f"drop the lawful qualifier ($lawful_qualifier or a frame's anchor; {len(group)} changes)"
            outcome = verdict(results[0][1]) + f": {results[0][2]}" if len(group) == 1 else f"caught {caught}/{len(group)}"
            print(f"| {number} | {label} | {', '.join(sorted({t for c in group for t in c.tests}))} | {outcome} |")
        print(f"all caught: {all_caught}; {time.perf_counter() - started:.0f} s")
        return 0 if all_caught else 1
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _staged(path: str) -> str:
    """Where a checkout path lives in the stage: checks/x.py → normreview/checks/x.py."""
    top = path.split("/", 1)[0]
    return path if top in ("tests", "docs") else f"normreview/{path}" if top != "normreview" else path


if __name__ == "__main__":
    sys.exit(main())
