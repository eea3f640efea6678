"""Lexicons of the clause analysis, read from ``checks/data/lexicons/*.yaml`` (see its README).

``load_lexicons()`` returns one ``Lexicon`` per class; ``lexicon_words()`` lists every single-word
term and mined name, which ``checks/nlp.py`` gives jieba so that each one is one token. The scripts
``mine.py`` and ``train_vectors.py`` extend the data from a LawRefBook checkout; they are run by a
person and never at review time.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from normreview.checks.yamlfile import load_yaml

LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
# Not classes of a clause: the places file feeds the toponym recogniser, the licences list the rules, the report
# verbs are read only after an authority's name (checks/clauses.py, _reported_directive).
SPECIAL = {"places", "statutory-licences", "report-verb"}


@dataclass(frozen=True)
class Term:
    term: str
    source: str  # the file's source unless the term names its own
    note: str = ""
    kind: str = ""  # a sub-class, e.g. legal-anchor: law | lawful | reservation | vague


@dataclass
class Lexicon:
    name: str
    title: str
    source: str
    terms: dict[str, Term]
    suffixes: tuple[str, ...] = ()
    not_words: frozenset[str] = frozenset()
    patterns: list[tuple[str, list[dict]]] = field(default_factory=list)  # (kind, spaCy token pattern)
    extra: dict = field(default_factory=dict)  # class-specific lists (places: local, elsewhere)

    def suffix_of(self, word: str) -> str | None:
        """The longest of the class's suffixes that the word ends in, the word itself included."""
        for length in self._suffix_lengths:
            if len(word) >= length and word[-length:] in self._suffix_set:
                return word[-length:]
        return None

    def has_suffix(self, word: str) -> bool:
        """A word that ends in one of the class's suffixes and is longer than it (区城管局, not 局)."""
        suffix = self.suffix_of(word) if self.suffixes else None
        return suffix is not None and len(word) > len(suffix) and word not in self.not_words

    def __post_init__(self):
        self._suffix_set = frozenset(self.suffixes)
        self._suffix_lengths = sorted({len(s) for s in self.suffixes}, reverse=True)


def _read_terms(raw: list, source: str) -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for entry in raw or []:
        if isinstance(entry, str):
            entry = {"term": entry}
        term = str(entry["term"]).strip()
        terms[term] = Term(term, entry.get("source", source), entry.get("note", ""), entry.get("kind", ""))
    return terms


def _read_included(path: Path, source: str) -> dict[str, Term]:
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term = line.split("\t", 1)[0].strip()
            terms[term] = Term(term, f"mined: {path.name}")
    return terms


def read_lexicon(path: Path) -> Lexicon:
    data = load_yaml(path.read_text(encoding="utf-8"))
    source = " ".join(str(data.get("source", "")).split())
    terms: dict[str, Term] = {}
    for included in data.get("include", []):
        terms.update(_read_included(path.parent / included, source))
    terms.update(_read_terms(data.get("terms"), source))
    terms.update(_read_terms(data.get("curated"), "curated"))
    patterns = []
    for entry in data.get("patterns", []) or []:
        kind, pattern = (entry["kind"], entry["pattern"]) if isinstance(entry, dict) else ("", entry)
        patterns.append((kind, pattern))
    extra = {k: v for k, v in data.items() if k in ("local", "elsewhere", "regions")}
    return Lexicon(
        name=data["class"], title=data.get("title", ""), source=source, terms=terms,
        suffixes=tuple(data.get("suffixes", []) or []), not_words=frozenset(data.get("not", []) or []),
        patterns=patterns, extra=extra,
    )


@lru_cache(maxsize=1)
def load_lexicons() -> dict[str, Lexicon]:
    """Every lexicon file by class name (places and statutory-licences included)."""
    lexicons = {}
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        lexicon = read_lexicon(path)
        lexicons[lexicon.name] = lexicon
    return lexicons


@dataclass(frozen=True)
class StatutoryActivity:
    """An activity a law or administrative regulation itself puts under an approval, registration or filing."""
    activity: str
    nouns: tuple[str, ...]  # all must be named
    verbs: tuple[str, ...]  # one of them must be named
    requires: frozenset[str]  # approval | registration | filing
    law: str
    article: str
    quote: str = ""  # the statute's sentence: the body it names to approve (engine.restated_activity)


@lru_cache(maxsize=1)
def statutory_activities() -> tuple[StatutoryActivity, ...]:
    """The mined `activities` of statutory-licences.yaml (checks/lexicons/mine.py)."""
    data = load_yaml((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))
    return tuple(StatutoryActivity(e["activity"], tuple(e["nouns"]), tuple(e["verbs"]), frozenset(e["requires"]),
                                   e["law"], e["article"], e.get("quote", "")) for e in data.get("activities", []))


@lru_cache(maxsize=1)
def statutory_licence_laws() -> dict[str, tuple[str, ...]]:
    """Each mined statutory licence (`terms` of statutory-licences.yaml) and the laws that require it (law, also_in)."""
    data = load_yaml((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))
    return {e["term"]: (e["law"], *e.get("also_in", [])) for e in data.get("terms", []) if isinstance(e, dict) and e.get("law")}


@dataclass(frozen=True)
class StatutoryFee:
    """A fee or fund a law or administrative regulation itself imposes."""
    term: str
    law: str
    article: str


@lru_cache(maxsize=1)
def statutory_fees() -> tuple[StatutoryFee, ...]:
    """The mined `fees` of statutory-licences.yaml (checks/lexicons/mine.py)."""
    data = load_yaml((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))
    return tuple(StatutoryFee(e["term"], e["law"], e["article"]) for e in data.get("fees", []))


@dataclass(frozen=True)
class StatutoryCategory:
    """A kind a law or administrative regulation lists to define one of its categories (电梯 of 特种设备)."""
    term: str
    category: str
    law: str
    article: str


@lru_cache(maxsize=1)
def statutory_categories() -> tuple[StatutoryCategory, ...]:
    """The mined and reviewed `categories` of statutory-licences.yaml (checks/lexicons/mine.py)."""
    data = load_yaml((LEXICON_DIR / "statutory-licences.yaml").read_text(encoding="utf-8"))
    return tuple(StatutoryCategory(e["term"], e["category"], e["law"], e["article"]) for e in data.get("categories", []))


def clause_classes() -> dict[str, Lexicon]:
    return {name: lexicon for name, lexicon in load_lexicons().items() if name not in SPECIAL}


def lexicon_words() -> list[str]:
    """Every term a clause may contain, to be one jieba token each (longest first, for stability)."""
    words: set[str] = set()
    for name, lexicon in load_lexicons().items():
        if name == "statutory-licences":
            continue
        words.update(lexicon.terms)
        words.update(lexicon.extra.get("local", []))
        words.update(lexicon.extra.get("elsewhere", []))
        words.update(lexicon.extra.get("regions", []))
    return sorted(words, key=lambda w: (-len(w), w))
