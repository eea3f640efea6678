"""Benchmark of the statute corpus: building the store, and the cost of citation checks.

    .venv/bin/python bench/bench_laws.py

Builds the store from checks/data/laws/corpus.jsonl.gz into a temporary directory (the 3-minute budget),
then verifies every citation of tests/laws/citations.yaml repeatedly and reports per-citation and
per-review latency (a review of a draft with 20 citations; budget: under 50 ms added per review).
"""
from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from normreview.checks.laws.store import LawStore, build_store
from normreview.checks.laws.verify import verify_citation

CITATIONS = Path(__file__).resolve().parent.parent / "tests" / "laws" / "citations.yaml"
PER_REVIEW = 20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laws.sqlite3"
        started = time.perf_counter()
        counts = build_store(path)
        built = time.perf_counter() - started
        print(f"build store: {built:.1f} s  ({counts['laws']} laws, {counts['versions']} versions, {counts['articles']} articles, "
              f"{counts['names']} names; {path.stat().st_size / 1e6:.0f} MB)")
        started = time.perf_counter()
        store = LawStore.open(path)
        print(f"open store: {(time.perf_counter() - started) * 1000:.0f} ms")
        entries = yaml.safe_load(CITATIONS.read_text(encoding="utf-8"))
        timings = []
        for _ in range(5):
            for entry in entries:
                t0 = time.perf_counter()
                verify_citation(store, entry["c"], entry["date"], subject_law=entry.get("subject"), context=entry.get("context"))
                timings.append((time.perf_counter() - t0) * 1000)
        reviews = [sum(timings[i:i + PER_REVIEW]) for i in range(0, len(timings) - PER_REVIEW, PER_REVIEW)]
        slowest = max(zip(timings, entries * 5), key=lambda pair: pair[0])
        timings.sort()
        p50, p95 = statistics.median(timings), timings[int(len(timings) * 0.95)]
        print(f"verify_citation: {len(timings)} calls, p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms")
        print(f"slowest: {slowest[1]['c']} ({slowest[0]:.1f} ms)")
        print(f"a review with {PER_REVIEW} citations (the set in order): mean {statistics.mean(reviews):.1f} ms, "
              f"max {max(reviews):.1f} ms added")


if __name__ == "__main__":
    main()
