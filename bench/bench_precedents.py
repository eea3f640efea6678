"""A 30-page review with the second net and the precedent search, on one core.

Run: taskset -c 0 .venv/bin/python bench/bench_precedents.py   (output pasted in docs/checks.md)
The document is built like bench/bench_checks.py (the Nanxun policy text repeated, 1,000 characters a
page). Because the text repeats, the per-sentence precedent cache hits more often than on a real
document, so the precedent search is also timed on every distinct sentence of the document with no
cache ("precedents, one query per sentence").
"""
from __future__ import annotations

import time

from normreview.checks.engine import review_document
from normreview.extractors import extract, extract_text
from normreview.settings import settings

PAGE = 1000
PAGES = 30


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    review_document(extract_text("预热\n本办法自印发之日起施行。"))  # spaCy, jieba, matchers
    started = time.perf_counter()
    from normreview.checks.precedents import attach_precedents, case_index, precedents_for
    from normreview.checks.second_net import load_net, net_findings
    from normreview.checks.similarity import sentences
    imported = time.perf_counter()
    load_net()
    loaded = time.perf_counter()
    case_index()
    indexed = time.perf_counter()
    print(f"load: import {imported - started:.3f} s, second-net model {loaded - imported:.3f} s, "
          f"case library index {indexed - loaded:.3f} s")

    sample = extract(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx").text
    body = sample.split("\n", 5)[-1]
    text = sample
    while len(text) < PAGES * PAGE:
        text += "\n" + body
    doc = extract_text(text[: PAGES * PAGE])
    spans = sentences(doc.text)

    def full_review():
        findings = review_document(doc)
        findings = findings + net_findings(doc, findings)
        return attach_precedents(doc, findings)

    findings = full_review()
    rules = review_document(doc)
    net = [f for f in findings if f.rule.startswith("NET-")]
    print(f"document: {PAGES} pages, {len(doc.text)} chars, {len(spans)} sentences ({len({doc.text[s:e] for s, e in spans})} "
          f"distinct); findings: {len(rules)} by rules, {len(net)} by the net, "
          f"{sum(bool(f.precedents) for f in findings)} with precedents")
    print(f"{'step':44} {'seconds':>8}")
    print(f"{'rules (review_document)':44} {best_of(3, lambda: review_document(doc)):>8.3f}")
    print(f"{'second net (net_findings)':44} {best_of(3, lambda: net_findings(doc, rules)):>8.3f}")
    print(f"{'precedents (attach_precedents)':44} {best_of(3, lambda: attach_precedents(doc, rules + net)):>8.3f}")
    distinct = list({doc.text[s:e] for s, e in spans})
    print(f"{'precedents, one query per sentence':44} {best_of(3, lambda: [precedents_for(s) for s in distinct]):>8.3f}")
    print(f"{'whole review: rules + net + precedents':44} {best_of(3, full_review):>8.3f}")


if __name__ == "__main__":
    main()
