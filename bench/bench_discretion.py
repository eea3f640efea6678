"""Discretion standards, exemption lists, decision catalogue: rows read, problems found, time taken.

    NORMREVIEW_SHARED=/work/shared .venv/bin/python bench/bench_discretion.py

Reads each fixture of tests/fixtures/discretion/, reviews it and scores the findings per row against
the answer key (a row counts as found when its categories equal the key's). Times are wall-clock,
first run (corpus files parsed) and a second run (articles cached).
"""
from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path

import yaml

from normreview.checks.decisions import apply_progress, audit_decisions, load_catalogue
from normreview.checks.discretion import review_table_document
from normreview.extractors.tables import read_table_document

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "discretion"


def score_rows(name: str, key: str) -> None:
    answers = {int(k): set(v) for k, v in yaml.safe_load((FIXTURES / key).read_text(encoding="utf-8")).items()}
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        document = read_table_document(FIXTURES / name)
        findings = review_table_document(document)
        timings.append(time.perf_counter() - started)
    found: dict[int, set[str]] = {}
    for finding in findings:
        found.setdefault(int(re.search(r"序号(\d+)", finding.unit).group(1)), set()).add(finding.category)
    planted = [n for n, e in answers.items() if e]
    caught = [n for n in planted if found.get(n, set()) == answers[n]]
    false_rows = [n for n, e in answers.items() if not e and found.get(n)]
    print(f"{name:28} rows {len(answers):3}  planted {len(planted):2}  found {len(caught):2}  "
          f"correct rows flagged {len(false_rows)}  findings {len(findings):2}  "
          f"time {timings[0] * 1000:6.0f} ms first, {timings[1] * 1000:5.0f} ms cached")


def score_catalogue() -> None:
    progress = yaml.safe_load((FIXTURES / "decision-progress.yaml").read_text(encoding="utf-8"))
    answers = {(str(a["decision"]), a["category"], a["step"])
               for a in yaml.safe_load((FIXTURES / "decision-catalogue.answers.yaml").read_text(encoding="utf-8"))}
    started = time.perf_counter()
    entries = apply_progress(load_catalogue(FIXTURES / "decision-catalogue.docx"), progress["decisions"])
    items = audit_decisions(entries, progress["taken"], date.fromisoformat(progress["audit_date"]),
                            progress["publish_within_workdays"])
    elapsed = time.perf_counter() - started
    got = {(i.decision, i.category, i.step) for i in items}
    print(f"{'decision-catalogue.docx':28} decisions {len(entries):2}  expected items {len(answers)}  "
          f"found {len(got & answers)}  extra {len(got - answers)}  time {elapsed * 1000:6.0f} ms")


if __name__ == "__main__":
    score_rows("discretion-standard.docx", "discretion-standard.answers.yaml")
    score_rows("discretion-standard.pdf", "discretion-standard.answers.yaml")
    score_rows("exemption-list.docx", "exemption-list.answers.yaml")
    score_catalogue()
