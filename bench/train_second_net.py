"""Train the second net (checks/second_net.py) and write its model file checks/data/cases/second-net.json.

Run from the repository root (needs the `train` extra: scikit-learn):

    .venv/bin/python bench/train_second_net.py [--no-write]

Data (the held-out evaluation sets are never read):
  * the case library (checks/data/cases/library.jsonl): an unlawful clause is an example of its
    category, a lawful one of the class "lawful";
  * the clause rules' examples (checks/rules/*.yaml): `match` of the rule's category, `no_match` lawful;
  * STATUTE_SAMPLE sentences of the statute corpus (../shared/laws/*.md), lawful: ordinary legal
    prose, so that the many sentences of a document that resemble no case stay quiet.
Categories with fewer than MIN_EXAMPLES examples are left out (the net cannot learn them).

Model: character n-gram TF-IDF (scikit-learn TfidfVectorizer, sublinear tf, on similarity.normalize)
and a multinomial LogisticRegression. Validation: GroupKFold over sources (a library case's source URL,
a rule's id, a statute's file), so two clauses of one notice never sit on both sides. The warning
threshold is the smallest probability at which the out-of-fold warnings reach TARGET_PRECISION (a
warning counts as right when the clause is unlawful and of the warned category). The script prints
precision and recall by category, and the exported weights are checked against the plain-Python
transform of checks/similarity.py.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from normreview.checks.cases import library_cases  # noqa: E402
from normreview.checks.catalogue import load_rules  # noqa: E402
from normreview.checks.second_net import LAWFUL, MODEL, NET_NGRAMS, SecondNet  # noqa: E402
from normreview.checks.similarity import normalize, sentences  # noqa: E402

LAWS = ROOT.parent / "shared" / "laws"
STATUTE_SAMPLE = 800
MIN_EXAMPLES = 6
TARGET_PRECISION = 0.9
C = 10.0
FOLDS = 5
WEIGHT_DIGITS = 4


def training_set() -> tuple[list[str], list[str], list[str], list[str]]:
    """texts, labels, groups, origin (library | rule | statute)."""
    rows = []
    for case in library_cases():
        rows.append((case.clause, LAWFUL if case.lawful else case.category, case.source.url, "library"))
    for rule in load_rules():
        if rule.scope != "clause" or rule.check:
            continue
        rows += [(text, rule.category, f"rule:{rule.id}", "rule") for text in rule.examples.get("match", [])]
        rows += [(text, LAWFUL, f"rule:{rule.id}", "rule") for text in rule.examples.get("no_match", [])]
    statutes = []
    for path in sorted(LAWS.glob("*.md")):
        text = re.sub(r"^#.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
        statutes += [(text[s:e], LAWFUL, f"law:{path.name}", "statute") for s, e in sentences(text) if e - s >= 12]
    random.Random(14).shuffle(statutes)
    rows += statutes[:STATUTE_SAMPLE]
    counts = Counter(label for _, label, _, _ in rows)
    rows = [row for row in rows if counts[row[1]] >= MIN_EXAMPLES]
    texts, labels, groups, origins = (list(column) for column in zip(*rows))
    return [normalize(t) for t in texts], labels, groups, origins


def fit(texts: list[str], labels: list[str]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NET_NGRAMS, sublinear_tf=True, min_df=2, lowercase=False)
    features = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(features, labels)
    return vectorizer, model


def out_of_fold(texts, labels, groups) -> tuple[np.ndarray, list[str]]:
    classes = sorted(set(labels))
    probabilities = np.zeros((len(texts), len(classes)))
    for train, test in GroupKFold(n_splits=FOLDS).split(texts, labels, groups):
        vectorizer, model = fit([texts[i] for i in train], [labels[i] for i in train])
        fold = model.predict_proba(vectorizer.transform([texts[i] for i in test]))
        for column, name in enumerate(model.classes_):
            probabilities[test, classes.index(name)] = fold[:, column]
    return probabilities, classes


def warnings_at(probabilities, classes, threshold) -> list[str | None]:
    """The category warned about for each item at ``threshold`` (None: no warning)."""
    lawful = classes.index(LAWFUL)
    warned = []
    for row in probabilities:
        best = int(np.argmax(row))
        warned.append(classes[best] if best != lawful and row[best] >= threshold else None)
    return warned


def precision(warned, labels, keep) -> float:
    fired = [(w, y) for w, y, k in zip(warned, labels, keep) if k and w]
    return sum(w == y for w, y in fired) / len(fired) if fired else 1.0


def report(warned, labels, origins, classes, threshold) -> None:
    library = [o == "library" for o in origins]
    print(f"threshold {threshold:.2f}: out-of-fold warnings, library clauses only (statute sentences and rule "
          "examples count in the pooled line)")
    print(f"  {'category':22} {'clauses':>7} {'warned':>6} {'right':>5} {'precision':>9} {'recall':>6}")
    for name in classes:
        if name == LAWFUL:
            continue
        total = sum(1 for y, k in zip(labels, library) if k and y == name)
        fired = sum(1 for w, k in zip(warned, library) if k and w == name)
        right = sum(1 for w, y, k in zip(warned, labels, library) if k and w == name and y == name)
        print(f"  {name:22} {total:>7} {fired:>6} {right:>5} {right / fired if fired else float('nan'):>9.2f} "
              f"{right / total if total else float('nan'):>6.2f}")
    unlawful = [k and y != LAWFUL for y, k in zip(labels, library)]
    right = sum(1 for w, y, k in zip(warned, labels, unlawful) if k and w == y)
    print(f"  library unlawful: recall {right / sum(unlawful):.2f} ({right}/{sum(unlawful)}); "
          f"precision {precision(warned, labels, library):.2f}")
    for origin in ("library", "statute", "rule"):
        quiet = [o == origin and y == LAWFUL for y, o in zip(labels, origins)]
        alarmed = sum(1 for w, k in zip(warned, quiet) if k and w)
        print(f"  lawful {origin:8} items warned: {alarmed}/{sum(quiet)}")
    print(f"  pooled precision (all origins): {precision(warned, labels, [True] * len(labels)):.2f}")


def export(vectorizer: TfidfVectorizer, model: LogisticRegression, threshold: float) -> dict:
    classes = list(model.classes_)
    coef = np.asarray(model.coef_)
    vocabulary = {}
    for gram, column in vectorizer.vocabulary_.items():
        weights = coef[:, column]
        vocabulary[gram] = [round(float(vectorizer.idf_[column]), WEIGHT_DIGITS)] + \
            [round(float(w), WEIGHT_DIGITS) for w in weights]
    return {"about": "second net of normreview: char n-gram TF-IDF + multinomial logistic regression; "
                     "trained by bench/train_second_net.py",
            "ngrams": list(NET_NGRAMS), "classes": classes, "threshold": threshold,
            "intercept": [round(float(b), WEIGHT_DIGITS) for b in model.intercept_], "vocabulary": vocabulary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="report only; keep the model file")
    args = parser.parse_args()
    texts, labels, groups, origins = training_set()
    print(f"training items: {len(texts)} ({Counter(origins)}); classes: {dict(sorted(Counter(labels).items()))}")
    probabilities, classes = out_of_fold(texts, labels, groups)
    threshold = next((t for t in np.arange(0.30, 0.96, 0.05)
                      if precision(warnings_at(probabilities, classes, t), labels, [True] * len(labels)) >= TARGET_PRECISION),
                     0.95)
    threshold = round(float(threshold), 2)
    library = [o == "library" for o in origins]
    print("threshold sweep (out-of-fold): pooled precision, library unlawful recall, lawful library clauses warned")
    for t in np.arange(0.40, 0.91, 0.05):
        warned = warnings_at(probabilities, classes, t)
        hits = sum(1 for w, y, k in zip(warned, labels, library) if k and y != LAWFUL and w == y)
        total = sum(1 for y, k in zip(labels, library) if k and y != LAWFUL)
        quiet = sum(1 for w, y, k in zip(warned, labels, library) if k and y == LAWFUL and w)
        print(f"  {t:.2f}  precision {precision(warned, labels, [True] * len(labels)):.2f}  recall {hits / total:.2f}  "
              f"lawful warned {quiet}/{sum(1 for y, k in zip(labels, library) if k and y == LAWFUL)}")
    report(warnings_at(probabilities, classes, threshold), labels, origins, classes, threshold)
    vectorizer, model = fit(texts, labels)
    data = export(vectorizer, model, threshold)
    net = SecondNet.from_data(data)
    sample = texts[:: max(1, len(texts) // 40)]
    expected = model.predict_proba(vectorizer.transform(sample))
    got = net.probability_rows(sample)[:, [net.classes.index(c) for c in model.classes_]]
    print(f"plain-Python transform vs scikit-learn: max |Δp| = {np.abs(expected - got).max():.4f}")
    if not args.no_write:
        MODEL.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)} ({MODEL.stat().st_size // 1024} KiB, {len(data['vocabulary'])} n-grams)")


if __name__ == "__main__":
    main()
