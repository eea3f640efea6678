"""The judged query set (tests/relevance) keeps its quality: bench/relevance.py builds its own
archive on the real node, runs the judged queries and fails below the floor."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from normreview.settings import REPO_ROOT

pytestmark = pytest.mark.integration

FLOOR = 0.9  # mean nDCG@10; docs/archive.md has the measured figures


def test_judged_queries_cover_every_target():
    queries = yaml.safe_load((REPO_ROOT / "tests" / "relevance" / "queries.yaml").read_text(encoding="utf-8"))
    assert len(queries) >= 30
    assert {q["target"] for q in queries} == {"documents", "clauses", "similar"}
    assert all(q["expect"] and set(q["expect"].values()) <= {1, 2} for q in queries)


def test_relevance_stays_above_the_floor():
    done = subprocess.run([sys.executable, str(REPO_ROOT / "bench" / "relevance.py"), "--min-ndcg", str(FLOOR)],
                          capture_output=True, text=True, timeout=600, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    overall = next(line for line in done.stdout.splitlines() if line.startswith("all"))
    assert float(overall.split("nDCG@10")[1].split()[0]) >= FLOOR
