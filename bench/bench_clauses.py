"""How long the clause analysis takes on one core: framing a 30-page document and growth with length.

Run: NORMREVIEW_SHARED=/work/shared taskset -c 0 .venv/bin/python bench/bench_clauses.py
(output pasted in docs/checks.md, "Clause analysis"). The document is the Nanxun policy text repeated;
a page is taken as 1,000 characters. Times are CPU seconds (process time), best of 3. Parsing (jieba + EntityRuler) is paid once per document and shared
with the rules (checks/engine.analyse); framing is what this layer adds on top of it.
"""
from __future__ import annotations

import time

from timing import best_of  # bench/timing.py

from normreview.checks.clauses import analyse_clauses, frames_in
from normreview.checks.engine import analyse
from normreview.extractors import extract
from normreview.settings import settings

PAGE = 1000


def main() -> None:
    started = time.perf_counter()
    analyse_clauses("预热：企业应当依法纳税。")  # builds the pipeline, lexicons and matchers
    print(f"start-up (spaCy + jieba + lexicons + matchers): {time.perf_counter() - started:.2f} s")
    sample = extract(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx").text
    body = sample.split("\n", 5)[-1]
    print(f"\n{'pages':>6} {'chars':>8} {'frames':>7} {'parse s':>8} {'frame s':>8} {'total s':>8}")
    for pages in (1, 5, 10, 30, 60, 120):
        text = sample
        while len(text) < pages * PAGE:
            text += "\n" + body
        text = text[: pages * PAGE]
        parse = best_of(3, lambda: analyse(text), time.process_time)
        doc = analyse(text)
        frame = best_of(3, lambda: frames_in(doc), time.process_time)
        print(f"{pages:>6} {len(text):>8} {len(frames_in(doc)):>7} {parse:>8.3f} {frame:>8.3f} {parse + frame:>8.3f}")


if __name__ == "__main__":
    main()
