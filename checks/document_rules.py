"""Rules that look past one clause: citations verified against the statute store, and document and package
rules (validity period, effective date, 发文字号, agreement clauses, review materials).

Each catalogue record with ``check: name`` runs the function of that name here.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, TypeVar

from spacy.tokens import Doc

from normreview.checks.catalogue import Rule
from normreview.checks.citations import draft_date, verify_document
from normreview.checks.competence import records_power_conflicts
from normreview.checks.fine_conflicts import sentence_conflicts as fine_conflicts
from normreview.checks.laws.fines import FineConflict
from normreview.checks.laws.verify import CitationCheck
from normreview.checks.lawtext import article_basis
from normreview.checks.measure_conflicts import MeasureConflict
from normreview.checks.measure_conflicts import sentence_conflicts as measure_conflicts
from normreview.checks.period_conflicts import PERIOD, PeriodConflict
from normreview.checks.period_conflicts import sentence_conflicts as period_conflicts
from normreview.checks.profile import Profile
from normreview.checks.spot_fines import SpotFineConflict, spot_fine_conflicts
from normreview.checks.statutes import repealed_document
from normreview.model import Citation, Document
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


def _document_citations(document: Document, doc: Doc) -> list[Citation]:
    """The extractor's citations, plus law names the pipeline recognises anywhere in the text (LAW
    entities: 组织民法典、婚姻法等宣传) that no extracted citation covers."""
    covered = [(c.start, c.end) for c in document.citations]
    extra = [Citation(title=ent.text, start=ent.start_char, end=ent.end_char, bracketed=False)
             for ent in doc.ents if ent.label_ == "LAW" and not _inside(covered, ent.start_char)]
    return sorted(document.citations + extra, key=lambda c: c.start)


_VERIFIED: dict[str, list[tuple[Citation, CitationCheck]]] = {}


def _verified(document: Document, doc: Doc) -> list[tuple[Citation, CitationCheck]]:
    """verify_document over the document's citations, once per document (three rules read it)."""
    key = f"{document.doc_id}:{hash(document.text)}:{draft_date(document)}"
    if key not in _VERIFIED:
        _VERIFIED.clear()
        _VERIFIED[key] = verify_document(document, citations=_document_citations(document, doc))
    return _VERIFIED[key]


def _citation_hit(citation: Citation, check: CitationCheck) -> Hit:
    basis = [{"law": law, "article": article, "text": text, "verified": bool(text)} for law, article, text in check.basis]
    return Hit(citation.start, citation.end, fields={"message": check.message, "suggestion": check.suggestion or "核对所引法律及条文。"},
               basis=basis)


def verified_citation(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """Citations whose verification against the statute store gave one of ``params.verdicts``; one hit
    per law, article and verdict in a sentence."""
    verdicts = set(rule.params["verdicts"])
    hits: list[Hit] = []
    seen: set[tuple[str, str, int]] = set()
    ends = doc.user_data["sentence_ends"]
    for citation, check in _verified(document, doc):
        if check.verdict not in verdicts:
            continue
        sentence = ends[bisect_right(ends, citation.start) - 1] if bisect_right(ends, citation.start) else 0
        key = (check.law or citation.title, check.article or "", sentence)
        if key not in seen:
            seen.add(key)
            hits.append(_citation_hit(citation, check))
    return hits


def repealed_citation(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """Citations of repealed laws (verified against the statute store), and of repealed documents by
    their 文号 (curated); not where the document itself declares them repealed."""
    hits = verified_citation(rule, document, doc)
    excused = declared_repeals(document.text)
    for number in find_doc_numbers(document.text):
        repealed = repealed_document(number.text)
        if repealed is None or _inside(excused, number.start):
            continue
        successor = f"，现行规定见《{repealed.replaced_by}》" if repealed.replaced_by else ""
        hits.append(Hit(number.start, number.end, fields={
            "message": f"所引《{repealed.title}》（{repealed.doc_number}）已于{repealed.repealed_on}废止（依据：{repealed.source}）{successor}。",
            "suggestion": f"改为引用{repealed.replaced_by}的相应规定。" if repealed.replaced_by else "删除或改引现行有效的规定。"},
            basis=[]))
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


# A burden on conduct from a date on: "2020年1月1日以来发生的…", "自2021年起已取得补贴的…", "2022年度已经发放的…".
SINCE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年(?:度|\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?)?"
                        r"(?P<since>以来|以后|之后|后|起|至今|至)?")
# …what the draft does to that conduct: sanctions, clawbacks, its own rules applied.
RETRO_BURDEN = re.compile(r"处罚|罚款|罚金|追回|收回|退回|退还|补缴|补交|清退|没收|拆除|取消"
                          r"|(?:按照?|依照|参照|适用|执行)本(?:办法|规定|通知|意见|细则|方案|决定|标准)")
# …unless it favours the party or keeps the old rules (立法法 第一百零四条 allows the more favourable rule).
RETRO_SPARED = re.compile(r"有利|从轻|不溯及|当时的规定|原规定|原政策|仍按|继续|不再追回|不予追回|有效期|起(?:施行|生效)|之日起")
# (prec14) …or the draft's rule reached back is a benefit the party may claim (2024年1月1日以后取得高新技术企业资格的企业，可以按照
# 本办法申请奖励): 立法法 第一百零四条 excepts "为了更好地保护公民、法人和其他组织的权利和利益而作的特别规定". Only when nothing
# else in the sentence is a burden (…，不符合条件的追回已发放资金 still fires).
RETRO_BENEFIT_CLAIMED = re.compile(r"(?:可以|可|均可|有权)(?:按照?|依照|根据)本(?:办法|规定|通知|意见|细则|方案|决定|标准)"
                                   r"[^，。；]{0,8}(?:申请|申报|享受|领取|兑现)[^，。；]{0,8}(?:奖励|补贴|补助|资助|扶持|奖补|贴息|补偿)")
# …and the date dates conduct or a benefit (发生的, 已取得), not a deadline.
DATED_CONDUCT = re.compile(r"发生|已|取得|享受|签订|建成|发放|领取|办理|行为|以来|至今")
# An effective-date clause that opens the sentence (本办法自公布之日起施行，2024年1月1日以来的…) spares nothing in the
# clauses after it: it is blanked out (same length, so offsets hold) before the sentence is read.
OPENING_EFFECTIVE_CLAUSE = re.compile(r"^[^，,。；]*(?:之日|日)起(?:施行|执行|生效)[，,]")
SENTENCE = re.compile(r"[^。；！？\n]+")
T = TypeVar("T")


def document_day(document: Document) -> str:
    """The day the draft starts to bind: its effective date, else its publication or signing date, else today
    (a draft under review takes effect no earlier than the review)."""
    return document.dates.effective or draft_date(document)


def _sentence_hits(document: Document, conflicts: Callable[[str], Iterable[T]], hit: Callable[[T], Hit],
                   cue: Callable[[str], object] | None = None) -> list[Hit]:
    """The shape the sentence checks share: ``conflicts`` (a module's reading of one sentence) over each sentence of the
    text (SENTENCE) that passes ``cue`` (a cheap test that it can hold one), each conflict made a Hit by ``hit`` in the
    sentence's offsets and moved to the document's. What the checks differ in is only those three functions."""
    hits = []
    for sentence in SENTENCE.finditer(document.text):
        text = sentence.group()
        if cue is not None and not cue(text):
            continue
        for conflict in conflicts(text):
            found = hit(conflict)
            hits.append(replace(found, start=sentence.start() + found.start, end=sentence.start() + found.end))
    return hits


def dated_burden(sentence: str, day: str) -> list[tuple[int, int]]:
    """The span (from the date to the sentence's end) of a burden the sentence puts on conduct since a date before
    ``day``; at most one."""
    text = OPENING_EFFECTIVE_CLAUSE.sub(lambda m: " " * len(m.group()), sentence)
    if not RETRO_BURDEN.search(text) or RETRO_SPARED.search(text) \
            or RETRO_BENEFIT_CLAIMED.search(text) and not RETRO_BURDEN.search(RETRO_BENEFIT_CLAIMED.sub("", text)):
        return []
    for since in SINCE_DATE.finditer(text):
        if not since.group("since") and not since.group().endswith("度"):
            continue  # a bare date (2021年7月1日印发) sets no period; 2022年度 and 2021年以来 do
        dated = since.group("since") in ("以来", "至今") or DATED_CONDUCT.search(
            text[max(0, since.start() - 12):since.start()] + text[since.end():since.end() + 30])
        if not dated:
            continue  # 已经兑现的2023年度…资金, 2019年以来未缴纳的…: conduct or a benefit dated, not a deadline
        start = f"{int(since.group('y')):04d}-{int(since.group('m') or 1):02d}-{int(since.group('d') or 1):02d}"
        if start < day:
            return [(since.start(), len(text.rstrip()))]
    return []


def dated_retroactivity(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """A burden (a sanction, a clawback, the draft's own rules) put on conduct since a date before the draft
    binds: the date is in the clause, the cut-off is the document's own date."""
    day = document_day(document)
    return _sentence_hits(document, lambda sentence: dated_burden(sentence, day), lambda span: Hit(*span))


def fine_range_conflict(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """A fine outside every range the higher-law article on the same conduct sets (cited in the sentence, or
    matched by its conduct among the fine-setting paragraphs of laws and administrative regulations)."""
    day = draft_date(document)

    def hit(conflict: FineConflict) -> Hit:
        allowed = "、".join(dict.fromkeys(r.label for r in conflict.allowed))
        return Hit(conflict.fine.start, conflict.fine.end,
                   fields={"fine": conflict.fine.label, "article": conflict.label, "allowed": allowed},
                   basis=[conflict.article.model_dump(), *rule.basis])

    return _sentence_hits(document, lambda sentence: fine_conflicts(sentence, day), hit,
                          cue=lambda sentence: "罚款" in sentence)


def period_conflict(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """A procedural period that cuts the party's time or stretches the authority's against the period the higher-law
    article on the same procedure sets (matched by the procedure's words among the period-setting articles)."""
    day = draft_date(document)

    def hit(conflict: PeriodConflict) -> Hit:
        allowed = "、".join(dict.fromkeys(q.label for q in conflict.allowed))
        return Hit(conflict.period.start, conflict.period.end,
                   fields={"period": conflict.period.label, "article": conflict.provision.label,
                           "allowed": allowed, "direction": conflict.direction},
                   basis=[article_basis(conflict.provision.article).model_dump(), *rule.basis])

    return _sentence_hits(document, lambda sentence: period_conflicts(sentence, day), hit, cue=PERIOD.search)


def records_power_competence(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """An office given a power over a firm's or a person's records that the statutes in force give only to bodies of
    other kinds (``checks/competence.py``)."""
    day = draft_date(document)
    return _sentence_hits(document, lambda sentence: records_power_conflicts(sentence, day),
                          lambda c: Hit(c.start, c.end, fields={"office": c.office}))


def spot_fine_conflict(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """A fine decided or collected on the spot above 行政处罚法 第五十一条's or 第六十八条's cap (``checks/spot_fines.py``)."""

    def hit(c: SpotFineConflict) -> Hit:
        basis = [b for b in rule.basis if b.get("article") == f"第{'五十一' if c.article == 51 else '六十八'}条"] or rule.basis
        return Hit(c.start, c.end, fields={"fine": c.fine, "cap": c.cap}, basis=basis)

    return _sentence_hits(document, spot_fine_conflicts, hit)


def measure_kind_conflict(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    """A heavy measure (查封, 扣押, 吊销, 责令停产停业, 拘留…) that no fine-setting article of higher law on the sentence's
    conduct provides (``checks/measure_conflicts.py``); the article matched is quoted."""
    day = draft_date(document)

    def hit(c: MeasureConflict) -> Hit:
        article = article_basis(c.provision.article)
        return Hit(c.start, c.end, fields={"measure": c.measure, "article": f"《{article.law}》{article.article}"},
                   basis=[article.model_dump(), *rule.basis])

    return _sentence_hits(document, lambda sentence: measure_conflicts(sentence, day), hit)


DOCUMENT_CHECKS: dict[str, Callable[[Rule, Document, Profile], list[Hit]]] = {
    f.__name__: f for f in (missing_validity, validity_too_long, missing_effective_date, effective_on_publication,
                            doc_number_form, missing_clause)
}
TEXT_CHECKS: dict[str, Callable[[Rule, Document, Doc], list[Hit]]] = {
    "repealed_citation": repealed_citation, "verified_citation": verified_citation,
    "dated_retroactivity": dated_retroactivity, "fine_range_conflict": fine_range_conflict,
    "period_conflict": period_conflict, "records_power_competence": records_power_competence,
    "spot_fine_conflict": spot_fine_conflict, "measure_kind_conflict": measure_kind_conflict}
PACKAGE_CHECKS = {"missing_material": missing_material}


def run(rule: Rule, document: Document, profile: Profile) -> list[Hit]:
    return DOCUMENT_CHECKS[rule.check](rule, document, profile)


def run_text(rule: Rule, document: Document, doc: Doc) -> list[Hit]:
    return TEXT_CHECKS[rule.check](rule, document, doc)


def run_package(rule: Rule, main: Document, materials: list[Document]) -> list[Hit]:
    return PACKAGE_CHECKS[rule.check](rule, main, materials)
