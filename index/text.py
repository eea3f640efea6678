"""Chinese text for the index, in Python because the core node has no CJK analysis: jieba
segmentation with the legal user dictionary, query synonyms and finding-category words, and
normalised keys for 发文字号 and law names."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba

from normreview.lexicon import LEGAL_DICT as DICT
from normreview.patterns import BARE_LAW_NAME, CITATION, DOC_NUMBER, doc_number_keys, normalize_law_name

DATA = Path(__file__).parent / "data"
SYNONYMS = DATA / "synonyms.txt"
_SPACE = re.compile(r"\s+")
# Punctuation and function words carry no meaning in a query.
_STOP = set(["的", "了", "和", "与", "及", "或", "等", "在", "对", "是", "为", "于", "把", "被", "有", "中", "上", "下", "之", "其", "该", "本"])
_WORD = re.compile(r"[\w\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(DICT))
    return tokenizer


def segment(text: str) -> str:
    """Whitespace-joined words for a whitespace-analysed field: search mode, so a long word is
    indexed together with the shorter dictionary words inside it."""
    words = (w.strip().lower() for w in _tokenizer().cut_for_search(_SPACE.sub(" ", text or "")))
    return " ".join(w for w in words if w)  # lower case, as query_words: the whitespace analyzer keeps case


def query_words(text: str) -> list[str]:
    """The meaningful words of a query, in order, without repeats (precise mode: the indexed
    search-mode tokens contain every precise-mode word)."""
    seen: dict[str, None] = {}
    for word in _tokenizer().cut(_SPACE.sub(" ", text or "")):
        word = word.strip()
        if word and word not in _STOP and _WORD.search(word):
            seen.setdefault(word.lower(), None)
    return list(seen)


@lru_cache(maxsize=1)
def _synonym_groups() -> dict[str, tuple[str, ...]]:
    groups: dict[str, tuple[str, ...]] = {}
    for line in SYNONYMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            group = tuple(w.strip() for w in line.split(",") if w.strip())
            for word in group:
                groups[word] = tuple(dict.fromkeys(groups.get(word, ()) + group))
    return groups


def synonyms(word: str) -> tuple[str, ...]:
    """The word and its equivalents (the word first)."""
    return tuple(dict.fromkeys((word,) + _synonym_groups().get(word, ())))


CATEGORY_TERMS = DATA / "category-terms.txt"


@lru_cache(maxsize=1)
def _category_terms() -> dict[str, str]:
    terms: dict[str, str] = {}
    for line in CATEGORY_TERMS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            category, _, words = line.partition(":")
            terms.update({w.strip(): category.strip() for w in words.split(",") if w.strip()})
    return terms


def term_categories(term: tuple[str, ...]) -> list[str]:
    """The finding categories a query term names (行政强制措施 -> compulsion)."""
    return sorted({_category_terms()[w] for w in term if w in _category_terms()})


def query_terms(text: str) -> list[tuple[str, ...]]:
    """The query as terms, each a tuple of equivalent words (the query's own word first). Synonym
    entries and category terms found in the text are kept whole, even where jieba would split them
    (管理委员会); the rest is segmented by query_words."""
    known = set(_synonym_groups()) | set(_category_terms())
    found = sorted((w for w in known if len(w) > 1 and w in (text or "")), key=len, reverse=True)
    terms: list[tuple[str, ...]] = []
    for word in found:
        if word in text:
            terms.append(synonyms(word))
            text = text.replace(word, " ")
    return terms + [synonyms(w) for w in query_words(text)]


# ---- law names --------------------------------------------------------------------------


def cited_laws(text: str | None) -> list[str]:
    """Normalised names of every law or document cited in 《》 in ``text``."""
    return list(dict.fromkeys(normalize_law_name(m.group("title")) for m in CITATION.finditer(text or "")))


def bare_law_name(query: str) -> str | None:
    """The normalised law name when a whole query is one law's name without 《》."""
    query = _SPACE.sub("", query or "")
    return normalize_law_name(query) if BARE_LAW_NAME.match(query) else None


@dataclass
class ParsedQuery:
    """A search query split into what the index matches in different ways."""

    numbers: list[str]  # 发文字号 keys (doc_number_keys)
    laws: list[str]  # normalised law names cited in 《》
    bare_law: str | None  # the whole query read as a law name without 《》 (it may also be plain words)
    text: str  # the rest, for word search
    terms: list[tuple[str, ...]]  # query_terms(text)


def parse_query(query: str) -> ParsedQuery:
    rest = DOC_NUMBER.sub(" ", query or "")
    laws = cited_laws(rest)
    rest = CITATION.sub(" ", rest)
    return ParsedQuery(numbers=doc_number_keys(query), laws=laws, bare_law=bare_law_name(rest), text=rest.strip(),
                       terms=query_terms(rest))
