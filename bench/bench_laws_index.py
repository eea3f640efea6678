"""Benchmark of the ``laws`` index: loading every article, and higher-law queries (p95 budget 50 ms).

    .venv/bin/python bench/bench_laws_index.py

Uses its own index prefix and deletes it afterwards. Queries: the clauses of tests/laws/higher_law.yaml.
"""
from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path

import yaml

from normreview.checks.laws.store import LawStore
from normreview.index.laws import LawsIndex

CLAUSES = Path(__file__).resolve().parent.parent / "tests" / "laws" / "higher_law.yaml"


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    laws = LawsIndex(prefix=f"bench-{uuid.uuid4().hex[:8]}")
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = LawStore.open(Path(tmp) / "laws.sqlite3")
        built = time.perf_counter() - started
        try:
            started = time.perf_counter()
            count = laws.load(store)
            loaded = time.perf_counter() - started
            print(f"build store {built:.1f} s + index {count} articles {loaded:.1f} s = {built + loaded:.1f} s")
            clauses = yaml.safe_load(CLAUSES.read_text(encoding="utf-8"))
            for entry in clauses[:5]:  # warm the caches
                laws.similar_articles(entry["clause"], entry.get("level", "规范性文件"), entry["date"])
            timings = []
            for _ in range(5):
                for entry in clauses:
                    t0 = time.perf_counter()
                    laws.similar_articles(entry["clause"], entry.get("level", "规范性文件"), entry["date"])
                    timings.append((time.perf_counter() - t0) * 1000)
            timings.sort()
            print(f"similar_articles: {len(timings)} queries, p50 {timings[len(timings) // 2]:.1f} ms, "
                  f"p95 {timings[int(len(timings) * 0.95)]:.1f} ms, max {timings[-1]:.1f} ms")
        finally:
            laws.drop()
            print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
