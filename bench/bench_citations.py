"""Benchmark: what citation verification adds to a review (budget: under 50 ms).

    .venv/bin/python bench/bench_citations.py [DRAFT]

Reviews a draft (default tests/fixtures/citations/repeals-draft.txt: 24 citations, 20 of them repealed)
with the whole catalogue and with the catalogue minus the three citation rules (RC-REPEALED-LAW,
CT-CITATION-ERROR, CT-CITATION-WARNING), alternately, after a warm-up (store opened, spaCy loaded), and
reports the difference; also verify_document on its own. The per-document memo of the verification
is cleared before every run, so each run verifies every citation afresh.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

from normreview.checks import document_rules
from normreview.checks.catalogue import load_rules
from normreview.checks.citations import verify_document
from normreview.checks.engine import review_document
from normreview.checks.laws.store import law_store
from normreview.extractors import extract

DRAFT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "citations" / "repeals-draft.txt"
CITATION_RULES = {"RC-REPEALED-LAW", "CT-CITATION-ERROR", "CT-CITATION-WARNING"}
RUNS = 30


def timed(fn) -> float:
    document_rules._VERIFIED.clear()
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    draft = Path(sys.argv[1]) if len(sys.argv) > 1 else DRAFT
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    started = time.perf_counter()
    store = law_store()
    print(f"open store: {(time.perf_counter() - started) * 1000:.0f} ms")
    document = extract(str(draft))
    every = load_rules()
    without = tuple(r for r in every if r.id not in CITATION_RULES)
    review_document(document, rules=every)  # warm-up: spaCy, the matchers of both rule sets
    review_document(document, rules=without)
    with_ms, without_ms, verify_ms = [], [], []
    for _ in range(RUNS):
        with_ms.append(timed(lambda: review_document(document, rules=every)))
        without_ms.append(timed(lambda: review_document(document, rules=without)))
        verify_ms.append(timed(lambda: verify_document(document, store)))
    added = [a - b for a, b in zip(with_ms, without_ms)]
    print(f"draft: {draft.name}, {len(document.citations)} citations, {RUNS} runs each")
    print(f"review with citation rules: median {statistics.median(with_ms):.1f} ms; without: {statistics.median(without_ms):.1f} ms")
    print(f"added by the citation check: median {statistics.median(added):.1f} ms, "
          f"p95 {sorted(added)[int(0.95 * (RUNS - 1))]:.1f} ms (budget 50 ms)")
    print(f"verify_document alone: median {statistics.median(verify_ms):.1f} ms, max {max(verify_ms):.1f} ms")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
