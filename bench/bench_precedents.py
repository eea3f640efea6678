"""A 30-page review with the second net and the precedent search, on one core.

Run: taskset -c 0 .venv/bin/python bench/bench_precedents.py   (output pasted in docs/checks.md)
Wall and CPU seconds are both printed: on a shared, loaded machine the CPU time of the process is the
work one core does; the wall time includes waiting for the core.
The document is built like bench/bench_checks.py (the Nanxun policy text repeated, 1,000 characters a
page). Because the text repeats, the per-sentence precedent cache hits more often than on a real
document, so the precedent search is also timed on every distinct sentence of the document with no
cache ("precedents, one query per sentence").
"""
from __future__ import annotations

import os
import time

import numpy as np

from normreview.checks.engine import review_document
from normreview.extractors import extract, extract_text
from normreview.settings import settings

PAGE = 1000
PAGES = 30


def best_of(repeat: int, fn) -> tuple[float, float]:
    """The best wall time and the best CPU time of this process (the CPU time is what one core spends,
    whatever else the shared machine runs)."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def row(name: str, fn) -> None:
    wall, cpu = best_of(3, fn)
    print(f"{name:44} {wall:>8.3f} {cpu:>8.3f}")


def main() -> None:
    review_document(extract_text("预热\n本办法自印发之日起施行。"))  # spaCy, jieba, matchers
    started = time.perf_counter()
    from normreview.checks.precedents import attach_precedents, case_index, precedents_for
    from normreview.checks.second_net import SecondNet, frames_of, load_net, net_findings
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
    print(f"load average (1 min): {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'step':44} {'wall s':>8} {'CPU s':>8}")
    row("rules (review_document)", lambda: review_document(doc))
    row("second net (net_findings)", lambda: net_findings(doc, rules))
    # The net is trained on this document's sentences and rightly stays quiet on it; the worst case: a net sure
    # that every sentence is a selective incentive runs the clause analysis, element and library gates on all.
    product = load_net()
    # The last intercept is the binary model's: sure that every sentence is unlawful too.
    sure = product.intercept + np.array([20.0 if c == "selective-incentive" else 0.0 for c in product.classes] + [20.0])
    suspicious = SecondNet(**{**product.__dict__, "intercept": sure, "thresholds": {},
                              "thresholds_alone": {"selective-incentive": 0.5}})

    def every_gate():
        frames_of.cache_clear()
        return net_findings(doc, rules, net=suspicious)

    print(f"  (worst case: {len(every_gate())} warnings)")
    row("second net, all gates on every suspect", every_gate)
    row("precedents (attach_precedents)", lambda: attach_precedents(doc, rules + net))
    distinct = list({doc.text[s:e] for s, e in spans})
    row("precedents, one query per sentence", lambda: [precedents_for(s) for s in distinct])
    row("whole review: rules + net + precedents", full_review)


if __name__ == "__main__":
    main()
