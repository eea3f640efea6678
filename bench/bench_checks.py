"""How long the checks take on one core: a 30-page document, growth with length and with rule count.

Run: .venv/bin/python bench/bench_checks.py   (output pasted in docs/checks.md)
The document is the Nanxun policy text repeated; a page is taken as 1,000 characters.
"""
from __future__ import annotations

import time

from timing import best_of  # bench/timing.py

from normreview.checks.catalogue import load_rules  # noqa: E402
from normreview.checks.engine import review_document  # noqa: E402
from normreview.extractors import (
    extract,  # noqa: E402
    extract_text,  # noqa: E402
)
from normreview.settings import settings  # noqa: E402

PAGE = 1000



def main() -> None:
    started = time.perf_counter()
    rules = load_rules()
    review_document(extract_text("预热\n本办法自印发之日起施行。"))  # builds the pipeline and matchers
    print(f"start-up (spaCy + jieba + registry + matchers): {time.perf_counter() - started:.2f} s")
    sample = extract(settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx").text
    body = sample.split("\n", 5)[-1]

    def document(pages: int):
        text = sample
        while len(text) < pages * PAGE:
            text += "\n" + body
        return extract_text(text[: pages * PAGE])

    print("\nby length (all rules):")
    print(f"{'pages':>6} {'chars':>8} {'units':>6} {'findings':>9} {'seconds':>8}")
    for pages in (1, 5, 10, 30, 60, 120):
        doc = document(pages)
        seconds = best_of(3, lambda: review_document(doc))
        print(f"{pages:>6} {len(doc.text):>8} {len(doc.units):>6} {len(review_document(doc)):>9} {seconds:>8.3f}")

    print("\nby number of rules (30 pages):")
    doc = document(30)
    print(f"{'rules':>6} {'seconds':>8}")
    clause_rules = [r for r in rules if r.scope == "clause"]
    for count in (1, 5, 10, 20, len(clause_rules)):
        subset = tuple(clause_rules[:count])
        review_document(doc, subset)  # compile this rule set once
        print(f"{count:>6} {best_of(3, lambda: review_document(doc, subset)):>8.3f}")


if __name__ == "__main__":
    main()
