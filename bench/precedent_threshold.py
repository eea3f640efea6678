"""Measure the precedent similarity threshold (checks/precedents.py SIMILARITY_THRESHOLD).

Run from the repository root: .venv/bin/python bench/precedent_threshold.py

For each query the best character 1–2-gram TF-IDF cosine to the case library is taken:
  related    a finding-like clause against the library cases of its own category, never a case of its
             own source: (a) each unlawful library case (leave its source out), (b) each `match`
             example of the clause rules;
  unrelated  (c) each unlawful library case against the cases of other categories (its source left
             out), (d) sentences of the statute corpus (../shared/laws/*.md: lawful text that is no
             finding) against the whole library.
A threshold is good when most related maxima lie above it and few unrelated ones do. The script
prints the percentiles and, for candidate thresholds, the share of each group at or above it.
"""
from __future__ import annotations

import random
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normreview.checks.catalogue import load_rules  # noqa: E402
from normreview.checks.precedents import case_index  # noqa: E402
from normreview.checks.similarity import sentences  # noqa: E402

LAWS = ROOT.parent / "shared" / "laws"
STATUTE_SAMPLE = 600


def best(index, text: str, keep) -> float:
    found = index.nearest(text, size=1, threshold=0.0, keep=keep)
    return found[0][1] if found else 0.0


def statute_sentences() -> list[str]:
    found = []
    for path in sorted(LAWS.glob("*.md")):
        text = re.sub(r"^#.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
        found += [text[s:e] for s, e in sentences(text) if e - s >= 15]
    random.Random(14).shuffle(found)
    return found[:STATUTE_SAMPLE]


def percentiles(values: list[float]) -> str:
    q = statistics.quantiles(values, n=20)
    return f"n={len(values)} p5={q[0]:.3f} p25={q[4]:.3f} median={q[9]:.3f} p75={q[14]:.3f} p95={q[18]:.3f}"


def main() -> None:
    index = case_index()
    unlawful = [c for c in index.cases if not c.lawful]
    related_cases = [best(index, c.clause, lambda o, c=c: o.category == c.category and o.source.url != c.source.url)
                     for c in unlawful]
    examples = [(r.category, e) for r in load_rules() if r.scope == "clause" and not r.check
                for e in r.examples.get("match", [])]
    related_rules = [best(index, text, lambda o, cat=cat: o.category == cat) for cat, text in examples
                     if any(c.category == cat for c in index.cases)]
    unrelated_cases = [best(index, c.clause, lambda o, c=c: o.category != c.category and o.source.url != c.source.url)
                       for c in unlawful]
    unrelated_laws = [best(index, s, lambda o: True) for s in statute_sentences()]
    groups = {"(a) related: library case, same category, other source": related_cases,
              "(b) related: rule match example, same category": related_rules,
              "(c) unrelated: library case, other category, other source": unrelated_cases,
              "(d) unrelated: statute sentence, whole library": unrelated_laws}
    for name, values in groups.items():
        print(f"{name}\n    {percentiles(values)}")
    print("\nshare of best matches at or above the threshold")
    print(f"{'threshold':>9} " + " ".join(f"{name[:3]:>6}" for name in groups))
    for threshold in (0.20, 0.25, 0.28, 0.30, 0.32, 0.35, 0.40, 0.45, 0.50):
        print(f"{threshold:>9.2f} " + " ".join(f"{sum(v >= threshold for v in values) / len(values):>6.2f}"
                                              for values in groups.values()))


if __name__ == "__main__":
    main()
