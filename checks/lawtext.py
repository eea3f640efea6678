"""Articles by a law's name as written, and the bases that quote them (discretion, exemption and decision checks, the
fine-range conflict, the higher-law step).

They are read from the statute store (``checks/laws/store.py``, built from the vendored corpus in
``checks/data/laws`` by ``normreview laws load``; ``law_store()`` opens it once and builds it when missing).
"""
from __future__ import annotations

from datetime import date

from normreview.checks.laws.store import Article, Law, law_store
from normreview.model import Basis
from normreview.patterns import ARTICLE_LABEL, chinese_counting, chinese_to_int


def find_law(name: str) -> Law | None:
    """The law named, by full name, 简称, alias or former name; None for a near miss (never a guess)."""
    found = law_store().resolve(name)
    return found if isinstance(found, Law) and found.has_text else None


def law_known(name: str) -> bool:
    return find_law(name) is not None


def find_article(law_name: str, number: int, as_of: date | str | None = None) -> Article | None:
    """Article ``number`` in the version in force on ``as_of`` (the newest version when None), or None."""
    law = find_law(law_name)
    if law is None:
        return None
    return law_store().article(law, number, as_of.isoformat() if isinstance(as_of, date) else as_of)


def article_basis(article: Article) -> Basis:
    return Basis(law=article.law.name, article=article.label, text=article.text, verified=True)


def statute_basis(law_name: str, number: int, as_of: date | str | None = None) -> Basis:
    """The basis quoting the article, or an unverified one naming it when the store has no such text."""
    article = find_article(law_name, number, as_of)
    if article is None:
        return Basis(law=law_name, article=f"第{chinese_counting(number)}条", verified=False)
    return article_basis(article)


def cited_basis(law_name: str, article: str, as_of: date | str | None = None) -> Basis:
    """A basis a reviewer cites as written (``第一百零四条`` or ``104``): quoted from the store when the law
    and article are there, else kept as written and marked unverified."""
    written = article.strip()
    match = ARTICLE_LABEL.fullmatch(written) or ARTICLE_LABEL.fullmatch(f"第{written}条")
    number = chinese_to_int(match.group(1)) if match else None
    if number is None or match.group(2):
        return Basis(law=law_name, article=written, verified=False)
    return statute_basis(law_name, number, as_of)
