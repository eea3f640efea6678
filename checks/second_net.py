"""The second net: a learned classifier over the sentences no rule flagged.

A character n-gram TF-IDF + multinomial logistic regression, trained by bench/train_second_net.py on
the case library, the rules' examples and statute sentences. The model file is plain JSON (the
vocabulary with idf and per-class weights), so no pickle is loaded and scikit-learn is not needed at
run time. Where a sentence that no rule flagged is classed as an unlawful category with probability at
or above the trained threshold, it gets a WARNING with the rule id ``NET-SIMILAR-<category>`` naming
the nearest library cases of that category. Such a warning never changes the opinion
(checks/opinion.py ignores NET- findings): it asks the reviewer to look, nothing more.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from normreview.checks.opinion import NET_RULE_PREFIX as RULE_PREFIX
from normreview.checks.precedents import ArchiveSearch, archive_precedents, case_index, case_precedent, merged
from normreview.checks.report import CATEGORY_ZH
from normreview.checks.similarity import ngram_counts, sentences
from normreview.model import Document, Finding, Severity

MODEL = Path(__file__).parent / "data" / "cases" / "second-net.json"
NET_NGRAMS = (1, 3)
LAWFUL = "lawful"
MAX_CASES = 3


@dataclass(frozen=True)
class SecondNet:
    classes: tuple[str, ...]
    ngrams: tuple[int, int]
    threshold: float
    rows: dict[str, int]  # n-gram → row of idf / weights
    idf: np.ndarray
    weights: np.ndarray  # n-grams × classes
    intercept: np.ndarray

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SecondNet:
        grams = list(data["vocabulary"])
        table = np.array([data["vocabulary"][g] for g in grams], dtype=np.float64).reshape(len(grams), -1)
        return cls(tuple(data["classes"]), tuple(data["ngrams"]), float(data["threshold"]),
                   {g: i for i, g in enumerate(grams)}, table[:, 0], table[:, 1:], np.array(data["intercept"]))

    def probabilities(self, text: str) -> dict[str, float]:
        """The class probabilities of ``text``."""
        return dict(zip(self.classes, self.probability_rows([text])[0].tolist()))

    def probability_rows(self, texts: list[str]) -> np.ndarray:
        """Class probabilities, one row per text: TfidfVectorizer's transform with a fixed vocabulary
        (sublinear tf, idf, l2 norm), then the softmax of the linear scores."""
        rows, values, owners = [], [], []
        for number, text in enumerate(texts):
            found = [(self.rows[gram], 1 + math.log(count))
                     for gram, count in ngram_counts(text, self.ngrams).items() if gram in self.rows]
            rows += [row for row, _ in found]
            values += [value for _, value in found]
            owners += [number] * len(found)
        scores = np.tile(self.intercept, (len(texts), 1))
        if rows:
            owner = np.array(owners)
            tfidf = np.array(values) * self.idf[rows]
            norms = np.sqrt(np.bincount(owner, weights=tfidf * tfidf, minlength=len(texts)))
            tfidf /= norms[owner]
            np.add.at(scores, owner, tfidf[:, None] * self.weights[rows])
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def suspects(self, texts: list[str]) -> list[tuple[str, float] | None]:
        """For each text, the unlawful category it is confidently classed as, with its probability, or None."""
        found: list[tuple[str, float] | None] = []
        for row in self.probability_rows(texts) if texts else []:
            best = int(np.argmax(row))
            category, probability = self.classes[best], float(row[best])
            found.append((category, probability) if category != LAWFUL and probability >= self.threshold else None)
        return found


@lru_cache(maxsize=1)
def load_net() -> SecondNet:
    return SecondNet.from_data(json.loads(MODEL.read_text(encoding="utf-8")))


def is_net_finding(finding: Finding) -> bool:
    return finding.rule.startswith(RULE_PREFIX)


def net_findings(document: Document, findings: list[Finding], archive_search: ArchiveSearch | None = None) -> list[Finding]:
    """Warnings on the sentences of ``document`` that no finding in ``findings`` touches and the net
    classes as an unlawful category. Their precedents are the nearest unlawful library cases of that
    category (whatever their similarity: the evidence the net leans on) and, with ``archive_search``,
    decided archived clauses above the precedent threshold, merged by similarity."""
    net = load_net()
    flagged = [(f.start, f.end) for f in findings if f.end > f.start]
    spans = [(s, e) for s, e in sentences(document.text) if not any(fs < e and s < fe for fs, fe in flagged)]
    texts = [document.text[s:e] for s, e in spans]
    index = case_index()
    added = []
    for (start, end), sentence, verdict in zip(spans, texts, net.suspects(texts)):
        if verdict is None:
            continue
        category, probability = verdict
        cases = index.nearest(sentence, MAX_CASES, threshold=0.0,
                              keep=lambda case, c=category: case.category == c and not case.lawful)
        precedents = merged([case_precedent(case, similarity) for case, similarity in cases],
                            archive_precedents(sentence, archive_search))
        named = "、".join(f"“{p.title}”" for p in precedents[:2]) or "案例库中同类"
        label = CATEGORY_ZH.get(category, category)
        unit = document.unit_at(start)
        added.append(Finding(
            rule=f"{RULE_PREFIX}{category}", category=category, severity=Severity.WARNING,
            unit=unit.path_label if unit else "", quote=sentence.strip(),
            clause_text=unit.text if unit else sentence, start=start, end=end,
            message=f"疑似{label}问题（模型置信度 {probability:.2f}），与{named}等案例相似，请人工判断",
            suggestion=f"请对照所列案例核查该条款是否存在{label}问题；确有问题的，依照相关法律法规修改或删除。",
            page=document.page_at(start),
            precedents=precedents,
        ))
    return added
