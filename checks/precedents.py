"""Precedents beside a finding: the most similar published cases and decided archived clauses, one list.

Similarity is the cosine of character 1–2-gram TF-IDF vectors (checks/similarity.py, idf from the
case library) between the sentence a finding sits in and a library clause or an archived clause, each
with its place names (本市, 华蓥市, 江西省…) read as 本地: a clause that differs only in its place is the
same clause.
SIMILARITY_THRESHOLD was measured (bench/precedent_threshold.py; docs/checks.md "Precedents"). The
archive part is a callable the flow passes in (the checks do not import the index layer); it runs
only when the archive is reachable, and only decided reviews (a reviewer's decision recorded) count.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from normreview.checks.cases import Case, library_cases
from normreview.checks.places import find_places
from normreview.checks.similarity import SENTENCE_MIN, cosine, idf_weights, ngram_counts, sentence_around, tfidf
from normreview.model import Document, Finding, Precedent

# Measured: see docs/checks.md "Precedents" (bench/precedent_threshold.py).
SIMILARITY_THRESHOLD = 0.30
MAX_PRECEDENTS = 3
VERDICT_ZH = {"accepted": "采纳", "dismissed": "未采纳"}
# archive search: text -> similar archived clauses, as index.Archive.similar_clauses returns them
ArchiveSearch = Callable[[str], list[dict[str, Any]]]


LOCAL = "本地"
# The label a sentence opens with (第一条, （一）, 1.): numbering, not wording.
LABEL = re.compile(r"^\s*(?:第[一二三四五六七八九十百零〇\d]+条|[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*")


def without_label(text: str) -> str:
    return LABEL.sub("", text, count=1)


def placeless(text: str) -> str:
    """``text`` with every place it names (checks/places.py) written as 本地 and without its label."""
    text = without_label(text)
    pieces, last = [], 0
    for place in find_places(text):
        pieces += [text[last:place.start], LOCAL]
        last = place.end
    return "".join(pieces) + text[last:]


@dataclass(frozen=True)
class CaseIndex:
    """The library's clauses as TF-IDF vectors, with an inverted index for the nearest-case search."""

    cases: tuple[Case, ...]
    idf: dict[str, float]
    unseen_idf: float
    postings: dict[str, tuple[np.ndarray, np.ndarray]]  # n-gram → (case numbers, weights)

    @classmethod
    def build(cls, cases: tuple[Case, ...]) -> CaseIndex:
        counts = [ngram_counts(placeless(c.clause)) for c in cases]
        idf, unseen = idf_weights(counts)
        lists: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for number, count in enumerate(counts):
            for gram, weight in tfidf(count, idf).items():
                numbers, weights = lists[gram]
                numbers.append(number)
                weights.append(weight)
        postings = {gram: (np.array(numbers), np.array(weights)) for gram, (numbers, weights) in lists.items()}
        return cls(cases, idf, unseen, postings)

    def vector(self, text: str) -> dict[str, float]:
        return tfidf(placeless(text), self.idf, self.unseen_idf)

    def nearest(self, text: str, size: int = MAX_PRECEDENTS, threshold: float = SIMILARITY_THRESHOLD,
                keep: Callable[[Case], bool] | None = None) -> list[tuple[Case, float]]:
        """Up to ``size`` cases at or above ``threshold``, most similar first (only those ``keep`` accepts)."""
        scores = np.zeros(len(self.cases))
        for gram, weight in self.vector(text).items():
            posting = self.postings.get(gram)
            if posting is not None:
                scores[posting[0]] += weight * posting[1]
        found = []
        for number in np.argsort(-scores):
            if scores[number] < threshold or len(found) == size:
                break
            if keep is None or keep(self.cases[number]):
                found.append((self.cases[number], round(float(scores[number]), 3)))
        return found


@lru_cache(maxsize=1)
def case_index() -> CaseIndex:
    return CaseIndex.build(library_cases())


def case_precedent(case: Case, similarity: float) -> Precedent:
    return Precedent(origin="library", source=case.source.url, title=case.source.title,
                     date=case.source.date or None, clause=case.clause,
                     outcome=f"{case.outcome_zh}（{case.source.publisher}）", similarity=similarity)


def archive_precedent(hit: dict[str, Any], similarity: float) -> Precedent:
    """A decided archived clause: its document's opinion and reviewer, and the verdicts on its findings."""
    verdicts = "；".join(f"{f.get('rule')}：{VERDICT_ZH[f['verdict']]}" for f in hit.get("findings", []) if f.get("verdict"))
    outcome = f"审核意见：{hit.get('opinion') or '未定'}（审核人：{hit.get('reviewer')}）" + (f"；{verdicts}" if verdicts else "")
    year = hit.get("year")
    return Precedent(origin="archive", source=f"archive:{hit['doc_id']}", title=hit.get("title") or "（无标题）",
                     date=str(year) if year else None, clause=hit.get("text", ""), outcome=outcome,
                     similarity=similarity)


def finding_sentence(document: Document, finding: Finding) -> str | None:
    """The sentence a finding sits in, or None for a finding on the whole document."""
    if finding.end <= finding.start:
        return None
    start, end = sentence_around(document.text, finding.start, finding.end)
    sentence = without_label(document.text[start:end]).strip()
    return sentence if len(sentence) >= SENTENCE_MIN else None


def archive_precedents(text: str, archive_search: ArchiveSearch | None) -> list[Precedent]:
    """Decided archived clauses at or above the threshold of similarity to ``text``."""
    if archive_search is None:
        return []
    index = case_index()
    query = index.vector(text)
    found = []
    for hit in archive_search(text):
        if not hit.get("reviewer"):  # no decision recorded: not a precedent yet
            continue
        similarity = round(cosine(query, index.vector(hit.get("text", ""))), 3)
        if similarity >= SIMILARITY_THRESHOLD:
            found.append(archive_precedent(hit, similarity))
    return found


def merged(*lists: list[Precedent], size: int = MAX_PRECEDENTS) -> list[Precedent]:
    """One list, most similar first (on a tie, the office's own decided review before a library case), each
    clause once."""
    seen, result = set(), []
    for precedent in sorted((p for found in lists for p in found), key=lambda p: (-p.similarity, p.origin != "archive")):
        if (precedent.source, precedent.clause) not in seen:
            seen.add((precedent.source, precedent.clause))
            result.append(precedent)
    return result[:size]


def precedents_for(text: str, archive_search: ArchiveSearch | None = None,
                   size: int = MAX_PRECEDENTS) -> list[Precedent]:
    """Library cases and decided archived clauses most similar to ``text``, merged by similarity."""
    library = [case_precedent(case, s) for case, s in case_index().nearest(text, size)]
    return merged(library, archive_precedents(text, archive_search), size=size)


def attach_precedents(document: Document, findings: list[Finding],
                      archive_search: ArchiveSearch | None = None) -> list[Finding]:
    """The findings, each with its precedents (a finding that already has some, as the second net's
    warnings do, keeps them)."""
    by_sentence: dict[str, list[Precedent]] = {}
    result = []
    for finding in findings:
        sentence = finding_sentence(document, finding)
        if finding.precedents or sentence is None:
            result.append(finding)
            continue
        if sentence not in by_sentence:
            by_sentence[sentence] = precedents_for(sentence, archive_search)
        result.append(finding.model_copy(update={"precedents": by_sentence[sentence]}))
    return result
