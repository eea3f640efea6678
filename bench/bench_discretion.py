"""Discretion standards, exemption lists, decision catalogue: rows read, problems found, time taken.

    .venv/bin/python bench/bench_discretion.py

Extracts each fixture of tests/fixtures/discretion/ (the rows typed on the Document), reviews its rows
and scores the findings per row against the answer key (a row counts as found when its rule ids equal
the key's; the key and the scoring are tests/fixtures/discretion.py's, shared with the tests). Times
are wall-clock, first run (corpus files parsed) and a second run (articles cached).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO / "tests")]

from fixtures.discretion import FIXTURES, answer_key, decision_audit, expected_audit, rules_by_row  # noqa: E402

from normreview.checks.decisions import load_catalogue  # noqa: E402
from normreview.checks.discretion import review_table_document  # noqa: E402
from normreview.extractors import extract  # noqa: E402


def score_rows(name: str, key: str) -> None:
    answers = answer_key(key)
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        findings = review_table_document(extract(FIXTURES / name))
        timings.append(time.perf_counter() - started)
    found = rules_by_row(findings)
    planted = [n for n, e in answers.items() if e]
    caught = [n for n in planted if found.get(n, set()) == answers[n]]
    false_rows = [n for n, e in answers.items() if not e and found.get(n)]
    print(f"{name:28} rows {len(answers):3}  planted {len(planted):2}  found {len(caught):2}  "
          f"correct rows flagged {len(false_rows)}  findings {len(findings):2}  "
          f"time {timings[0] * 1000:6.0f} ms first, {timings[1] * 1000:5.0f} ms cached")


def score_catalogue() -> None:
    answers = expected_audit()
    started = time.perf_counter()
    entries = load_catalogue(FIXTURES / "decision-catalogue.docx")
    items = decision_audit(entries)
    elapsed = time.perf_counter() - started
    got = {(i.decision, i.category, i.step) for i in items}
    print(f"{'decision-catalogue.docx':28} decisions {len(entries):2}  expected items {len(answers)}  "
          f"found {len(got & answers)}  extra {len(got - answers)}  time {elapsed * 1000:6.0f} ms")


if __name__ == "__main__":
    score_rows("discretion-standard.docx", "discretion-standard.answers.yaml")
    score_rows("discretion-standard.pdf", "discretion-standard.answers.yaml")
    score_rows("exemption-list.docx", "exemption-list.answers.yaml")
    score_catalogue()
