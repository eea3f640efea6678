"""The score threshold of similar clauses, measured on the archive's relevance corpus: builds the judged
corpus (bench/relevance.py), runs the judged similar-clause queries and unrelated texts without a
threshold, and prints the lowest score of a judged-relevant clause and the highest score of any clause
for an unrelated text. Archive.SIMILAR_MIN_SCORE must lie between them (docs/archive.md).

    .venv/bin/python bench/similar_threshold.py
"""
from __future__ import annotations

import os
import sys

import yaml

sys.path.insert(0, os.path.dirname(__file__))
from relevance import JUDGED, build, resolve  # noqa: E402

from normreview.index import Archive  # noqa: E402
from normreview.index.archive import SIMILAR_MIN_SCORE  # noqa: E402

UNRELATED = ["天气晴朗适合郊游", "今天中午食堂吃红烧肉", "周末带孩子去公园放风筝", "这部电影的结局出人意料",
             "春天来了，花园里的桃花开了", "请把会议室的空调温度调高一点", "篮球比赛第三节结束时比分持平",
             "我喜欢在雨天读小说"]


def main() -> int:
    archive = Archive(prefix=f"similar-threshold-{os.getpid()}")
    archive.drop()
    try:
        documents = build(archive)
        queries = [q for q in yaml.safe_load((JUDGED / "queries.yaml").read_text(encoding="utf-8")) if q["target"] == "similar"]
        relevant_scores = []
        for item in queries:
            judged = {record for key in item["expect"] for record in resolve(key, documents)}
            hits = archive.similar_clauses(item["query"], size=20, min_score=0, per_document=False)
            scores = [h["score"] for h in hits if h["clause_id"] in judged]
            relevant_scores += scores
            print(f"similar   {item['query'][:24]:24}  judged-relevant scores {', '.join(f'{s:.2f}' for s in scores) or '-'}"
                  f"  (top unjudged {max((h['score'] for h in hits if h['clause_id'] not in judged), default=0):.2f})")
        unrelated_scores = []
        for text in UNRELATED:
            hits = archive.similar_clauses(text, size=20, min_score=0, per_document=False)
            top = max((h["score"] for h in hits), default=0.0)
            unrelated_scores.append(top)
            print(f"unrelated {text[:24]:24}  top score {top:.2f}  ({len(hits)} clauses)")
    finally:
        archive.drop()
    low, high = min(relevant_scores), max(unrelated_scores)
    print(f"\nlowest judged-relevant score {low:.2f}; highest unrelated score {high:.2f}; "
          f"SIMILAR_MIN_SCORE = {SIMILAR_MIN_SCORE} ({'between' if high < SIMILAR_MIN_SCORE <= low else 'NOT between'})")
    return 0 if high < SIMILAR_MIN_SCORE <= low else 1


if __name__ == "__main__":
    sys.exit(main())
