"""Rules that look past one clause: repealed citations (registry lookups), and document and package
rules (validity period, effective date, 发文字号, agreement clauses, review materials).

Each catalogue record with ``check: name`` runs the function of that name here.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Doc

from normreview.checks.catalogue import Rule
from normreview.checks.profile import Profile
from normreview.checks.statutes import Statute, load_registry
from normreview.model import Document
from normreview.patterns import (
    EFFECTIVE_CLAUSE,
    ON_PUBLICATION,
    TRIAL,
    VALIDITY_WORD,
    declared_repeals,
    find_doc_numbers,
)


@dataclass
class Hit:
    start: int
    end: int
    fields: dict[str, Any] = field(default_factory=dict)  # fills {placeholders} in message and suggestion
    basis: list[dict[str, Any]] | None = None  # overrides the rule's basis


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(s <= start < e for s, e in spans)


def _repeal_hit(start: int, end: int, statute: Statute) -> Hit:
    basis = [{"law": law, "article": article} for law, article in statute.basis]
    return Hit(start, end, fields={
        "name": statute.name, "replaced_by": statute.replaced_by or "现行有效的规定",
        "repealed_on": statute.repealed_on or "（日期见来源）", "source": statute.source,
    }, basis=basis or None)


def repealed_citation(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """Citations of repealed laws, by name (the extracted citations, and law names the pipeline
    recognises without 《》) or by 文号; not where the document itself declares them repealed."""
    registry = load_registry()
    text = document.text
    excused = declared_repeals(text)
    hits: list[Hit] = []
    cited: set[tuple[str, int]] = set()  # (statute name, sentence start): one hit per statute per sentence

    def add(start: int, end: int, statute: Statute | None) -> None:
        if statute is None or statute.status != "repealed" or _inside(excused, start):
            return
        ends = doc.user_data["sentence_ends"]
        sentence = ends[bisect_right(ends, start) - 1] if bisect_right(ends, start) else 0
        if (statute.name, sentence) not in cited:
            cited.add((statute.name, sentence))
            hits.append(_repeal_hit(start, end, statute))

    named = [c for c in document.citations if c.bracketed or c.article]
    for citation in named:
        add(citation.start, citation.end, registry.lookup(citation.title))
    for ent in doc.ents:
        if ent.label_ == "LAW" and not _inside([(c.start, c.end) for c in named], ent.start_char):
            add(ent.start_char, ent.end_char, registry.lookup(ent.text))
    for number in find_doc_numbers(text):
        add(number.start, number.end, registry.by_doc_number(number.text))
    return sorted(hits, key=lambda h: h.start)


def _title_span(document: Document) -> tuple[int, int]:
    index = document.text.find(document.title) if document.title else -1
    return (index, index + len(document.title)) if index >= 0 else (0, min(len(document.text), 20))


def missing_validity(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    if document.validity or VALIDITY_WORD.search(document.text):
        return []
    effective = EFFECTIVE_CLAUSE.search(document.text)
    return [Hit(*effective.span()) if effective else Hit(*_title_span(document))]


def validity_too_long(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    """Uses the extractor's reading of the validity clause (Document.validity)."""
    validity = document.validity
    if not validity:
        return []
    trial = bool(TRIAL.search(document.title))
    limit = profile.max_trial_validity_years if trial else profile.max_validity_years
    years = validity.years
    start_day = document.dates.effective or document.dates.signed
    if years is None and validity.until and start_day:
        years = (date.fromisoformat(validity.until) - date.fromisoformat(start_day)).days // 365
    if years is None or years <= limit or validity.start is None:
        return []
    return [Hit(validity.start, validity.end,
                fields={"years": years, "limit": limit, "kind": "试行、暂行文件" if trial else "规范性文件"},
                basis=[profile.basis("max_trial_validity_years" if trial else "max_validity_years")])]


def missing_effective_date(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    if EFFECTIVE_CLAUSE.search(document.text):
        return []
    return [Hit(*_title_span(document))]


def effective_on_publication(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    if profile.effective_delay_days <= 0:
        return []
    return [Hit(*m.span(), fields={"days": profile.effective_delay_days}, basis=[profile.basis("effective_delay_days")])
            for m in ON_PUBLICATION.finditer(document.text)]


def doc_number_form(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    """The issuing number at the head of the document, in the GB/T 9704 form."""
    head = document.text[: max(300, len(document.title) + 120)]
    numbers = find_doc_numbers(head)
    if not numbers or numbers[0].standard:
        return []
    return [Hit(numbers[0].start, numbers[0].end)]


def missing_clause(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    """An agreement term the extractor did not find (Document.agreement)."""
    if document.agreement is not None and document.agreement.has(rule.params["term"]):
        return []
    return [Hit(*_title_span(document))]


def missing_material(rule: Rule, main: Document, materials: list[Document]) -> list[Hit]:
    keywords = rule.params["keywords"]
    if any(any(k in m.title or k in m.text[:200] for k in keywords) for m in materials):
        return []
    return [Hit(*_title_span(main))]


DOCUMENT_CHECKS: dict[str, Callable[[Rule, Document, Profile], list[Hit]]] = {
    f.__name__: f for f in (missing_validity, validity_too_long, missing_effective_date, effective_on_publication,
                            doc_number_form, missing_clause)
}
TEXT_CHECKS: dict[str, Callable[[Rule, Document, Doc], list[Hit]]] = {"repealed_citation": repealed_citation}
PACKAGE_CHECKS = {"missing_material": missing_material}


def run(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    return DOCUMENT_CHECKS[rule.check](rule, document, profile)


def run_text(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    return TEXT_CHECKS[rule.check](rule, document, doc)


def run_package(rule: Rule, main: Document, materials: list[Document]) -> list[Hit]:
    return PACKAGE_CHECKS[rule.check](rule, main, materials)
