"""Character n-gram TF-IDF in plain Python, and the sentences of a document.

The transform is the one scikit-learn's ``TfidfVectorizer(analyzer="char", ngram_range=ngrams,
sublinear_tf=True)`` computes on ``normalize(text)`` (bench/train_second_net.py checks the two
agree), so the second net's weights trained with scikit-learn apply here without loading it.
Precedent search (checks/precedents.py) and the second net (checks/second_net.py) both use it.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from normreview.patterns import fold_width

# Precedent search: 1–2-grams separated related from unrelated pairs best (docs/checks.md "Precedents").
PRECEDENT_NGRAMS = (1, 2)
_SPACE = re.compile(r"\s+")
SENTENCE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
SENTENCE_MIN = 8  # characters: shorter pieces (headings, labels) are not clauses


def normalize(text: str) -> str:
    """Width-folded, lowercased, without whitespace (Chinese text has no word spaces)."""
    return _SPACE.sub("", fold_width(text)).lower()


def ngram_counts(text: str, ngrams: tuple[int, int] = PRECEDENT_NGRAMS) -> Counter[str]:
    text = normalize(text)
    low, high = ngrams
    return Counter(text[i:i + n] for n in range(low, min(high, len(text)) + 1) for i in range(len(text) - n + 1))


def idf_weights(counts: Iterable[Counter[str]]) -> tuple[dict[str, float], float]:
    """Smoothed idf (ln((1+n)/(1+df)) + 1) of every n-gram of some texts' ``ngram_counts``, and the idf
    of an unseen one."""
    df: Counter[str] = Counter()
    n = 0
    for count in counts:
        df.update(count.keys())
        n += 1
    return {gram: math.log((1 + n) / (1 + count)) + 1 for gram, count in df.items()}, math.log(1 + n) + 1


def tfidf(text: str | Counter[str], idf: Mapping[str, float], unseen: float | None = None,
          ngrams: tuple[int, int] = PRECEDENT_NGRAMS) -> dict[str, float]:
    """The l2-normalised sublinear TF-IDF vector of ``text`` (or of its ``ngram_counts``); n-grams
    outside ``idf`` get ``unseen`` (or are dropped when it is None, as a fitted vocabulary does)."""
    vector = {}
    for gram, count in (ngram_counts(text, ngrams) if isinstance(text, str) else text).items():
        weight = idf.get(gram, unseen)
        if weight is not None:
            vector[gram] = (1 + math.log(count)) * weight
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {gram: v / norm for gram, v in vector.items()} if norm else {}


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text[start:end]`` (split at 。；！？ and line ends), at least
    SENTENCE_MIN characters long, leading spaces left out."""
    end = len(text) if end is None else end
    spans = []
    for match in SENTENCE.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s].isspace():
            s += 1
        if e - s >= SENTENCE_MIN:
            spans.append((s, e))
    return spans


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence span(s) of ``text`` that hold ``text[start:end]``."""
    left = max(text.rfind(mark, 0, start) for mark in "。；;！!？?\n") + 1
    right = min((i for i in (text.find(mark, max(end - 1, start)) for mark in "。；;！!？?\n") if i >= 0),
                default=len(text))
    return left, min(right + 1, len(text))
