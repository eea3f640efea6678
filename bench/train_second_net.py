"""Train the second net (checks/second_net.py) and write its model file checks/data/cases/second-net.json.

Run from the repository root (needs the `train` extra: scikit-learn):

    .venv/bin/python bench/train_second_net.py [--no-write] [--train-split library-dev] [--out PATH]

`--train-split library-dev` trains on the dev half of the case library only (bench/eval_checks.py's split by
source), so that `bench/eval_checks.py --set library-val --net --net-model PATH` scores a model that never saw
the evaluated half; `--train-split library-val` likewise for scoring library-dev (its report is aggregate
figures only, never a clause of library-val). With `--out` the model goes to PATH and the product's model
file is left alone.

Data (the held-out evaluation sets are never read):
  * the case library (checks/data/cases/library.jsonl): an unlawful clause is an example of its
    category, a lawful one of the class "lawful" (a hard negative: it resembles an unlawful kind);
  * the clause rules' examples (checks/rules/*.yaml): `match` of the rule's category, `no_match` lawful
    (hard negatives too);
  * the lawful look-alikes of the development documents (tests/eval/cases.yaml) and the lawful items of
    the development rewordings (tests/eval/dev-rewordings/*.yaml), when there are any;
  * STATUTE_SAMPLE sentences of the statute corpus (../shared/laws/*.md), lawful: ordinary legal
    prose, so that the many sentences of a document that resemble no case stay quiet.
Categories with fewer than MIN_EXAMPLES examples are left out (the net cannot learn them).

Model: character n-gram TF-IDF (scikit-learn TfidfVectorizer, sublinear tf, on similarity.normalize)
and a multinomial LogisticRegression. A warning needs three things (checks/second_net.py):
  1. the top class is a category whose probability reaches that category's threshold;
  2. the sentence states a measure or a binding modality (clause analysis: a frame with a measure class,
     or a precondition / prohibition / obligation) — the net abstains on prose that orders nothing;
  3. agreement with the library: the nearest unlawful training case of that category is at least
     MIN_SIMILARITY similar (checks/precedents.py vectors) and more similar than the nearest lawful case.
Validation: GroupKFold over sources (a library case's source URL, a rule's id, a statute's file, a
development document), so two clauses of one notice never sit on both sides; the gates of 2 and 3 are
applied out of fold too (the nearest cases come from the training folds only). Each category's threshold
is the lowest probability at which its out-of-fold warnings reach TARGET_PRECISION (a warning is right
when the clause is unlawful and of the warned category; every origin counts) with at least MIN_RIGHT
right warnings, and at which the warnings on lawful hard negatives (lawful library clauses, rule
`no_match` examples, look-alikes) stay within LAWFUL_BUDGET of them; a category that reaches neither
gets no threshold and never warns. The script prints precision and recall by category, and checks the
exported weights against the plain-Python transform of checks/similarity.py.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eval_checks import _library_half  # noqa: E402  (bench/eval_checks.py: the library's split by source)

from normreview.checks.cases import library_cases  # noqa: E402
from normreview.checks.catalogue import load_rules  # noqa: E402
from normreview.checks.precedents import CaseIndex, without_label  # noqa: E402
from normreview.checks.second_net import LAWFUL, MODEL, NEIGHBOURS, NET_NGRAMS, SecondNet, library_agrees, states_a_measure  # noqa: E402
from normreview.checks.similarity import normalize, sentences  # noqa: E402

LAWS = ROOT.parent / "shared" / "laws"
DEV_DOCUMENTS = ROOT / "tests" / "eval" / "cases.yaml"
DEV_REWORDINGS = ROOT / "tests" / "eval" / "dev-rewordings"
STATUTE_SAMPLE = 800
MIN_EXAMPLES = 6
TARGET_PRECISION = 0.9
MIN_RIGHT = 3  # right out-of-fold warnings a category needs before it may warn at all
LAWFUL_BUDGET = 0.02  # share of lawful hard negatives one category may warn on, out of fold
MIN_SIMILARITY = 0.2  # the nearest unlawful case of the category (checks/precedents.py vectors)
THRESHOLDS = np.round(np.arange(0.30, 0.96, 0.05), 2)
C = 10.0
FOLDS = 5
WEIGHT_DIGITS = 4
HARD_NEGATIVES = ("library", "rule", "look-alike")


@dataclass
class Item:
    text: str
    label: str
    group: str
    origin: str  # library | rule | look-alike | rewording | statute
    case_id: str | None = None


def training_set(split: str) -> list[Item]:
    items = []
    for case in library_cases():
        if split == "all" or _library_half(case.model_dump(mode="json")) == split:
            items.append(Item(case.clause, LAWFUL if case.lawful else case.category, case.source.url, "library", case.id))
    for rule in load_rules():
        if rule.scope != "clause" or rule.check:
            continue
        items += [Item(text, rule.category, f"rule:{rule.id}", "rule") for text in rule.examples.get("match", [])]
        items += [Item(text, LAWFUL, f"rule:{rule.id}", "rule") for text in rule.examples.get("no_match", [])]
    for document in yaml.safe_load(DEV_DOCUMENTS.read_text(encoding="utf-8")):
        items += [Item(piece, LAWFUL, f"dev:{document['name']}", "look-alike") for piece in document.get("look_alikes", [])]
    for path in sorted(DEV_REWORDINGS.glob("*.yaml")):
        for record in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            lawful = not record.get("category")
            items.append(Item(record["text"].strip(), LAWFUL if lawful else record["category"],
                              f"rewording:{path.name}", "look-alike" if lawful else "rewording"))
    statutes = []
    for path in sorted(LAWS.glob("*.md")):
        text = re.sub(r"^#.*$", "", path.read_text(encoding="utf-8"), flags=re.M)
        statutes += [Item(text[s:e], LAWFUL, f"law:{path.name}", "statute") for s, e in sentences(text) if e - s >= 12]
    random.Random(14).shuffle(statutes)
    items += statutes[:STATUTE_SAMPLE]
    counts = Counter(item.label for item in items)
    # The review scores sentences without their label (第一条 …), so the statute sentences lose theirs too.
    return [Item(without_label(item.text), item.label, item.group, item.origin, item.case_id)
            for item in items if counts[item.label] >= MIN_EXAMPLES]


def fit(texts: list[str], labels: list[str]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectorizer = TfidfVectorizer(analyzer="char", ngram_range=NET_NGRAMS, sublinear_tf=True, min_df=2, lowercase=False)
    features = vectorizer.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(features, labels)
    return vectorizer, model


def case_index(items: list[Item]) -> CaseIndex:
    by_id = {case.id: case for case in library_cases()}
    return CaseIndex.build(tuple(by_id[item.case_id] for item in items if item.case_id))


def out_of_fold(items: list[Item], classes: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Out-of-fold class probabilities, and for each item and class whether the library agrees (gate 3)
    with the nearest cases taken from the training folds."""
    texts = [normalize(item.text) for item in items]
    probabilities = np.zeros((len(items), len(classes)))
    agrees = np.zeros((len(items), len(classes)), dtype=bool)
    for train, test in GroupKFold(n_splits=FOLDS).split(texts, groups=[item.group for item in items]):
        vectorizer, model = fit([texts[i] for i in train], [items[i].label for i in train])
        fold = model.predict_proba(vectorizer.transform([texts[i] for i in test]))
        for column, name in enumerate(model.classes_):
            probabilities[test, classes.index(name)] = fold[:, column]
        index = case_index([items[i] for i in train])
        for i in test:
            neighbours = index.nearest(items[i].text, NEIGHBOURS, threshold=0.0)
            for column, name in enumerate(classes):
                agrees[i, column] = name != LAWFUL and library_agrees(neighbours, name, MIN_SIMILARITY)
    return probabilities, agrees


def warnings_at(probabilities, agrees, measured, classes, thresholds: dict[str, float]) -> list[str | None]:
    """The category warned about for each item (None: no warning) with per-category ``thresholds``."""
    warned = []
    for row, agree, measure in zip(probabilities, agrees, measured):
        best = int(np.argmax(row))
        name = classes[best]
        ok = name in thresholds and row[best] >= thresholds[name] and measure and agree[best]
        warned.append(name if ok else None)
    return warned


def category_thresholds(items, probabilities, agrees, measured, classes) -> dict[str, float]:
    """For each category the lowest threshold meeting TARGET_PRECISION, MIN_RIGHT and LAWFUL_BUDGET."""
    hard = [item.label == LAWFUL and item.origin in HARD_NEGATIVES for item in items]
    chosen = {}
    for name in classes:
        if name == LAWFUL:
            continue
        for threshold in THRESHOLDS:
            warned = warnings_at(probabilities, agrees, measured, classes, {name: float(threshold)})
            fired = [item for item, w in zip(items, warned) if w]
            right = sum(item.label == name for item in fired)
            alarms = sum(1 for w, h in zip(warned, hard) if w and h)
            if fired and right / len(fired) >= TARGET_PRECISION and right >= MIN_RIGHT and alarms <= LAWFUL_BUDGET * sum(hard):
                chosen[name] = float(threshold)
                break
    return chosen


def report(items, warned, classes, thresholds) -> None:
    library = [item.origin == "library" for item in items]
    print("out-of-fold warnings by category (library clauses; precision counts every origin's warnings)")
    print(f"  {'category':22} {'threshold':>9} {'clauses':>7} {'warned':>6} {'right':>5} {'precision':>9} {'recall':>6}")
    for name in classes:
        if name == LAWFUL:
            continue
        total = sum(1 for item, k in zip(items, library) if k and item.label == name)
        fired = [item for item, w in zip(items, warned) if w == name]
        right = sum(item.label == name for item in fired)
        right_library = sum(1 for item, w, k in zip(items, warned, library) if k and w == name and item.label == name)
        precision = f"{right / len(fired):.2f}" if fired else "-"
        recall = f"{right_library / total:.2f}" if total else "-"
        threshold = f"{thresholds[name]:.2f}" if name in thresholds else "off"
        print(f"  {name:22} {threshold:>9} {total:>7} {len(fired):>6} {right:>5} {precision:>9} {recall:>6}")
    unlawful = [k and item.label != LAWFUL for item, k in zip(items, library)]
    right = sum(1 for item, w, k in zip(items, warned, unlawful) if k and w == item.label)
    fired = [(item, w) for item, w in zip(items, warned) if w]
    print(f"  library unlawful: recall {right / sum(unlawful):.2f} ({right}/{sum(unlawful)}); "
          f"pooled precision (all origins) {sum(item.label == w for item, w in fired) / max(1, len(fired)):.2f} "
          f"({sum(item.label == w for item, w in fired)}/{len(fired)})")
    for origin in ("library", "rule", "look-alike", "statute"):
        quiet = [item.origin == origin and item.label == LAWFUL for item in items]
        alarmed = sum(1 for w, k in zip(warned, quiet) if k and w)
        print(f"  lawful {origin:10} items warned: {alarmed}/{sum(quiet)}")


def export(vectorizer, model, thresholds: dict[str, float], case_ids: list[str], split: str) -> dict:
    coef = np.asarray(model.coef_)
    vocabulary = {}
    for gram, column in vectorizer.vocabulary_.items():
        vocabulary[gram] = [round(float(vectorizer.idf_[column]), WEIGHT_DIGITS)] + \
            [round(float(w), WEIGHT_DIGITS) for w in coef[:, column]]
    return {"about": "second net of normreview: char n-gram TF-IDF + multinomial logistic regression, per-category "
                     "thresholds, measure and library gates; trained by bench/train_second_net.py",
            "train_split": split, "ngrams": list(NET_NGRAMS), "classes": list(model.classes_),
            "thresholds": thresholds, "min_similarity": MIN_SIMILARITY, "cases": case_ids,
            "intercept": [round(float(b), WEIGHT_DIGITS) for b in model.intercept_], "vocabulary": vocabulary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--no-write", action="store_true", help="report only; write no model file")
    parser.add_argument("--train-split", choices=("all", "library-dev", "library-val"), default="all",
                        help="which part of the case library to train on (default: all of it)")
    parser.add_argument("--out", type=Path, help=f"where to write the model (default: {MODEL.relative_to(ROOT)})")
    args = parser.parse_args()
    if args.train_split != "all" and not args.out and not args.no_write:
        parser.error("a model trained on part of the library is for evaluation: give --out")
    items = training_set(args.train_split)
    classes = sorted({item.label for item in items})
    print(f"train split: {args.train_split}; items: {len(items)} ({dict(Counter(item.origin for item in items))}); "
          f"classes: {dict(sorted(Counter(item.label for item in items).items()))}")
    measured = [states_a_measure(item.text) for item in items]
    probabilities, agrees = out_of_fold(items, classes)
    for origin, label in (("library", "unlawful"), ("library", "lawful"), ("rule", "lawful"), ("statute", "lawful")):
        keep = [item.origin == origin and (item.label == LAWFUL) == (label == "lawful") for item in items]
        print(f"  measure gate: {origin} {label} items that state a measure: "
              f"{sum(m for m, k in zip(measured, keep) if k)}/{sum(keep)}")
    thresholds = category_thresholds(items, probabilities, agrees, measured, classes)
    report(items, warnings_at(probabilities, agrees, measured, classes, thresholds), classes, thresholds)
    ungated = warnings_at(probabilities, np.ones_like(agrees), [True] * len(items), classes, thresholds)
    print("  without the measure and library gates, at the same thresholds:")
    report(items, ungated, classes, thresholds)
    texts = [normalize(item.text) for item in items]
    vectorizer, model = fit(texts, [item.label for item in items])
    data = export(vectorizer, model, thresholds, [item.case_id for item in items if item.case_id], args.train_split)
    net = SecondNet.from_data(data)
    sample = texts[:: max(1, len(texts) // 40)]
    expected = model.predict_proba(vectorizer.transform(sample))
    got = net.probability_rows(sample)[:, [net.classes.index(c) for c in model.classes_]]
    print(f"plain-Python transform vs scikit-learn: max |Δp| = {np.abs(expected - got).max():.4f}")
    if not args.no_write:
        out = args.out or MODEL
        out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {out} ({out.stat().st_size // 1024} KiB, {len(data['vocabulary'])} n-grams)")


if __name__ == "__main__":
    main()
