"""Relevance of the archive's search, measured: builds an archive of its own from the judged corpus
(tests/relevance/corpus + the real samples), runs the judged queries (tests/relevance/queries.yaml)
and reports nDCG@10 and MRR per query, per target and overall.

    .venv/bin/python bench/relevance.py [--min-ndcg 0.8]   (exit 1 when the mean nDCG@10 is lower)
"""
from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

import yaml  # noqa: E402

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object  # noqa: E402
from normreview.extractors import extract  # noqa: E402
from normreview.index import Archive  # noqa: E402
from normreview.index.records import clause_id  # noqa: E402
from normreview.settings import REPO_ROOT, settings  # noqa: E402

JUDGED = REPO_ROOT / "tests" / "relevance"
REAL = ["nanxun-services-policy-2023.docx", "ndrc-sat-tax-credit-notice-2019.reference.txt",
        "changzhou-etdz-rule-of-law-report-2023.txt"]
K = 10


def corpus() -> list[Path]:
    return sorted((JUDGED / "corpus").glob("*.txt")) + [settings().shared_dir / "samples" / "real" / name for name in REAL]


def build(archive: Archive) -> dict[str, object]:
    """Review and archive every corpus file; returns file stem -> Document."""
    documents = {}
    items = []
    for path in corpus():
        document = extract(path)
        findings = review_document(document)
        items.append(review_object(document, findings, overall_opinion(findings)))
        documents[path.name.removesuffix(path.suffix)] = document
    result = archive.store_reviews(items)
    if result["errors"]:
        raise SystemExit(f"archiving the corpus failed: {result['errors'][:3]}")
    return documents


def resolve(key: str, documents: dict) -> list[str]:
    """Record ids judged by ``key``: a document's doc_id, or the ids of its leaf clauses holding a text."""
    stem, _, snippet = key.partition("#")
    document = documents[stem]
    if not snippet:
        return [document.doc_id]
    parents = {u.parent for u in document.units if u.parent is not None}
    ids = [clause_id(document.doc_id, i) for i, u in enumerate(document.units) if i not in parents and snippet in u.text]
    if not ids:
        raise SystemExit(f"judgement {key!r}: no clause of {stem} holds that text")
    return ids


def ranking(archive: Archive, query: str, target: str) -> list[tuple[str, str]]:
    """(record id, short label) of the top K results."""
    if target == "documents":
        return [(h["doc_id"], h["title"][:24]) for h in archive.search(query, size=K, facets=False)["hits"]]
    if target == "clauses":
        return [(h["clause_id"], f"{h['title'][:12]} {h['path_label']}") for h in archive.search_clauses(query, size=K)["hits"]]
    return [(h["clause_id"], f"{h['title'][:12]} {h['path_label']}") for h in archive.similar_clauses(query, size=K)]


def ndcg(ranked: list[str], gains: dict[str, int]) -> float:
    dcg = sum((2 ** gains.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:K]))
    ideal = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(sorted(gains.values(), reverse=True)[:K]))
    return dcg / ideal if ideal else 0.0


def reciprocal_rank(ranked: list[str], gains: dict[str, int]) -> float:
    return next((1 / (i + 1) for i, r in enumerate(ranked[:K]) if gains.get(r, 0) > 0), 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-ndcg", type=float, default=0.0, help="fail when the mean nDCG@10 is below this")
    args = parser.parse_args()
    archive = Archive(prefix=f"relevance-{os.getpid()}")
    archive.drop()
    try:
        documents = build(archive)
        queries = yaml.safe_load((JUDGED / "queries.yaml").read_text(encoding="utf-8"))
        rows = []
        for item in queries:
            gains: dict[str, int] = {}
            for key, grade in item["expect"].items():
                for record in resolve(key, documents):
                    gains[record] = max(gains.get(record, 0), grade)
            ranked = ranking(archive, item["query"], item["target"])
            ids = [r for r, _ in ranked]
            rows.append((item["target"], item["query"], ndcg(ids, gains), reciprocal_rank(ids, gains),
                         " | ".join(("*" if gains.get(r) else "") + label for r, label in ranked[:3])))
    finally:
        archive.drop()
    print(f"{len(rows)} judged queries over {len(documents)} documents (nDCG@{K}, reciprocal rank; * = judged relevant)\n")
    for target, query, score, rr, top in rows:
        print(f"{target:9} {score:5.3f} {rr:5.3f}  {query}  →  {top}")
    print()
    for target in ("documents", "clauses", "similar"):
        part = [r for r in rows if r[0] == target]
        if part:
            print(f"{target:9} n={len(part):2}  nDCG@10 {sum(r[2] for r in part) / len(part):.3f}  "
                  f"MRR {sum(r[3] for r in part) / len(part):.3f}")
    mean_ndcg = sum(r[2] for r in rows) / len(rows)
    print(f"{'all':9} n={len(rows):2}  nDCG@10 {mean_ndcg:.3f}  MRR {sum(r[3] for r in rows) / len(rows):.3f}")
    return 1 if mean_ndcg < args.min_ndcg else 0


if __name__ == "__main__":
    sys.exit(main())
