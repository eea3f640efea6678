"""Review of discretion standards (裁量基准) and exemption lists (免罚清单) against the statutes.

For each row the cited articles are read from the statute store (``checks/lawtext.find_article``).
A discretion row is flagged when a grade's fine falls outside the article's range, or grades overlap
or leave gaps (category discretion-range), a grade gives a kind of penalty the article does not
(higher-law-conflict), or a cited article does not exist or does not concern the violation
(citation). An exemption row is held to 行政处罚法 第三十三条 (exemption-conditions). The rule id keeps
the finer distinction. Every finding names its row and quotes the articles it rests on; the rules'
wording is data (``checks/data/discretion_rules.yaml``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from normreview.checks.lawtext import Article, article_basis, find_article, law_known
from normreview.checks.yamlfile import load_yaml
from normreview.extractors.fines import FineRange, find_fines, penalty_kinds
from normreview.extractors.tables import grade_range
from normreview.model import Basis, DiscretionRow, Document, ExemptionRow, Finding, Grade
from normreview.patterns import ARTICLE_NUMERAL, ArticleRef, chinese_counting, find_cited_articles, fold_width, to_int

RULES = Path(__file__).parent / "data" / "discretion_rules.yaml"
PENALTY_LAW = "中华人民共和国行政处罚法"
# Below this share of the violation's character pairs found in the cited provision, the citation
# is taken not to concern the violation.
RELEVANCE_THRESHOLD = 0.3
_ROW_WINDOW = 800  # characters after a row's violation within which its quotes are looked for
# Wordings by which an article leaves no room to exempt (行政处罚法 第三十三条: 另有规定的，从其规定).
MANDATORY = re.compile(r"从重处罚|不得免予(?:行政)?处罚|不得不予(?:行政)?处罚|不适用不予处罚")

ArticleLookup = Callable[[str, int, "date | str | None"], "Article | None"]


def parse_citations(text: str) -> list[ArticleRef]:
    """《中华人民共和国食品安全法》第一百二十二条第一款、第一百二十四条第一款第（五）项 → two citations."""
    return find_cited_articles(text)


def _label(citation: ArticleRef) -> str:
    return f"《{citation.law}》{citation.text}"


@lru_cache(maxsize=1)
def rules() -> dict[str, dict]:
    return {rule["id"]: rule for rule in load_yaml(RULES.read_text(encoding="utf-8"))}


def _paragraphs(article: Article) -> list[list[str]]:
    """The article's paragraphs (款), each a list of lines: the lead and its items (项)."""
    return [[text, *items] for text, items in article.paragraphs]


@dataclass
class Provision:
    """What a citation points at: the text that sets the penalty, and the text of the conduct."""

    citation: ArticleRef
    article: Article
    penalty_text: str  # the cited paragraph (with the paragraphs it refers to), or the whole article
    conduct_text: str  # the cited item, else the cited paragraph, else the whole article


def provision(citation: ArticleRef, article: Article) -> Provision | None:
    """None when the cited paragraph or item is not in the article."""
    paragraphs = _paragraphs(article)
    if citation.paragraph is None:
        conduct = article.text
        if citation.item is not None:  # 第X条第（N）项 of a one-paragraph article
            items = paragraphs[0][1:]
            if citation.item > len(items):
                return None
            conduct = items[citation.item - 1]
        return Provision(citation, article, article.text, conduct)
    if citation.paragraph > len(paragraphs):
        return None
    lines = paragraphs[citation.paragraph - 1]
    penalty = "\n".join(lines)
    # "依照前款规定处罚": the penalty is stated in the paragraph referred to.
    if re.search(r"前款|第一款规定", penalty) and citation.paragraph > 1:
        referred = 0 if "第一款" in penalty else citation.paragraph - 2
        penalty = "\n".join(paragraphs[referred]) + "\n" + penalty
    conduct = "\n".join(lines)
    if citation.item is not None:
        if citation.item > len(lines) - 1:
            return None
        conduct = lines[citation.item]
        if "前款" not in penalty:  # the item's paragraph states the penalty in its lead
            penalty = lines[0]
    return Provision(citation, article, penalty, conduct)


def relevance(violation: str, text: str) -> float:
    """How far the provision's text states the violation: the best clause of the violation (a part
    between ，；。 of four characters or more), scored by the share of its character pairs in ``text``.
    The best clause, because a row often adds circumstances (当事人能够证明…) the article does not state."""
    def pairs(value: str) -> set[str]:
        chars = re.sub(r"[^\u4e00-\u9fa5]", "", value)
        return {chars[i:i + 2] for i in range(len(chars) - 1)}

    available = pairs(text)
    clauses = [c for c in re.split(r"[，,；;。]", violation) if len(re.sub(r"[^\u4e00-\u9fa5]", "", c)) >= 4] or [violation]
    scores = [len(pairs(c) & available) / len(pairs(c)) for c in clauses if pairs(c)]
    return max(scores, default=1.0)


def _basis(article: Article | None, law: str = "", label: str = "") -> Basis:
    return article_basis(article) if article is not None else Basis(law=law, article=label, verified=False)


def _penalty_law_basis(number: int, as_of, lookup: ArticleLookup) -> Basis:
    return _basis(lookup(PENALTY_LAW, number, as_of), PENALTY_LAW, f"第{chinese_counting(number)}条")


def _finding(rule_id: str, row: DiscretionRow | ExemptionRow, quote: str, basis: list[Basis], text: str | None,
             **values) -> Finding:
    rule = rules()[rule_id]
    start, end = _locate(text, row.violation, quote)
    if end > start:
        quote = text[start:end]  # as the document has it: a PDF cell keeps its line breaks, so the offsets slice it
    return Finding(rule=rule_id, category=rule["category"], severity=rule["severity"], unit=row.unit, quote=quote,
                   clause_text=_row_text(row), start=start, end=end,
                   message=rule["message"].format(unit=row.unit, **values), basis=basis, suggestion=rule["suggestion"])


def _loose(value: str) -> re.Pattern[str]:
    """A pattern for ``value`` that lets line breaks and spaces fall anywhere (a PDF cell wraps)."""
    return re.compile(r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", value)[:60]))


def _locate(text: str | None, anchor: str, quote: str) -> tuple[int, int]:
    """Offsets of the quote in the document's text: the first occurrence shortly after the row's
    violation (or its first words: a PDF may cut the cell at a page break); (0, 0) if absent."""
    if not text or not quote.strip():
        return 0, 0
    wanted = _loose(quote)
    for prefix in (anchor, anchor[:8]):
        if not prefix.strip():
            continue
        for head in _loose(prefix).finditer(text):
            found = wanted.search(text, head.start(), head.start() + _ROW_WINDOW)
            if found:
                return found.start(), found.end()
    found = wanted.search(text)
    return (found.start(), found.end()) if found else (0, 0)


@dataclass
class _Resolved:
    citations: list[ArticleRef]
    provisions: list[Provision]
    missing: list[tuple[ArticleRef, str]]  # (citation, why it cannot be found)


def _resolve(cell: str, as_of, lookup: ArticleLookup) -> _Resolved:
    resolved = _Resolved(parse_citations(cell), [], [])
    for citation in resolved.citations:
        article = lookup(citation.law, citation.article, as_of)
        if article is None:
            if law_known(citation.law):
                resolved.missing.append((citation, f"该法律文本中没有{citation.text.split('条')[0]}条"))
            # A law outside the corpus cannot be checked: not a finding, the basis stays unverified.
            continue
        found = provision(citation, article)
        if found is None:
            resolved.missing.append((citation, f"{article.label}没有所引的款、项"))
            continue
        # "违反本法第二十七条规定的": the conduct is described in the article referred to.
        for number in re.findall(rf"本(?:法|条例|规定|办法)第({ARTICLE_NUMERAL})条", found.conduct_text):
            referred = lookup(citation.law, to_int(number) or 0, as_of)
            if referred is not None:
                found.conduct_text += "\n" + referred.text
        resolved.provisions.append(found)
    return resolved


def _row_text(row: DiscretionRow | ExemptionRow) -> str:
    if isinstance(row, DiscretionRow):
        grades = "；".join(f"{g.circumstances}：{g.text}" for g in row.grades)
        return f"{row.number} {row.violation} 违反条款：{row.violated_provision} 处罚依据：{row.penalty_provision} {grades}"
    return (f"{row.number} {row.violation} 违反条款：{row.provision} 处罚依据：{row.penalty_provision} "
            f"{row.exemption_kind}：{row.conditions} {row.treatment}")


def _citation_findings(row, violated: str, penalty: str, as_of, lookup: ArticleLookup,
                       text: str | None) -> tuple[list[Finding], list[Provision]]:
    """Findings on citations that cannot be found, and the penalty provisions that can."""
    findings: list[Finding] = []
    basis34 = _penalty_law_basis(34, as_of, lookup)
    resolved = {cell: _resolve(cell, as_of, lookup) for cell in (violated, penalty)}
    for cell, found in resolved.items():
        for citation, why in found.missing:
            findings.append(_finding("discretion-citation-missing", row, cell, [basis34], text,
                                     citation=_label(citation), detail=why))
    return findings, resolved[penalty].provisions


def _relevance_finding(row, violation: str, provisions: list[Provision], as_of, lookup, text) -> list[Finding]:
    if not provisions or not violation:
        return []
    best = max(provisions, key=lambda p: relevance(violation, p.conduct_text))
    score = relevance(violation, best.conduct_text)
    if score >= RELEVANCE_THRESHOLD:
        return []
    return [_finding("discretion-citation-relevance", row, row.penalty_provision,
                     [_basis(best.article), _penalty_law_basis(34, as_of, lookup)], text,
                     violation=violation, citation=_label(best.citation), score=f"{score:.0%}")]


def _grade_findings(row: DiscretionRow, provisions: list[Provision], as_of, lookup, text) -> list[Finding]:
    findings: list[Finding] = []
    if not provisions:
        return findings
    statute_text = "\n".join(p.penalty_text for p in provisions)
    statute_fines = find_fines(statute_text)
    statute_kinds = penalty_kinds(statute_text)
    citation = "、".join(_label(p.citation) for p in provisions)
    basis = [_basis(p.article) for p in provisions] + [_penalty_law_basis(34, as_of, lookup)]
    for grade in row.grades:
        fine = grade_range(grade)
        if fine is not None:
            comparable = [s for s in statute_fines if s.comparable(fine)]
            if statute_fines and not any(fine.within(s) for s in comparable):
                statute = "、".join(dict.fromkeys(s.label for s in comparable)) or \
                          "按" + "、".join(dict.fromkeys(s.label for s in statute_fines)) + "计算的罚款"
                findings.append(_finding("discretion-range", row, grade.text, basis, text,
                                         circumstances=grade.circumstances, grade=fine.label, citation=citation,
                                         statute=statute))
        given = set(grade.measures) | ({"罚款"} if fine is not None else set())
        extra = sorted(given - statute_kinds)
        if extra:
            findings.append(_finding("discretion-kind", row, grade.text, basis, text,
                                     circumstances=grade.circumstances, kinds="、".join(extra), citation=citation))
    findings.extend(_order_findings(row, basis, text))
    return findings


def _order_findings(row: DiscretionRow, basis: list[Basis], text: str | None) -> list[Finding]:
    """Overlaps and gaps between consecutive grades counted in the same unit and base."""
    findings: list[Finding] = []
    by_scale: dict[tuple[str, str | None], list[tuple[Grade, FineRange]]] = {}
    for grade in row.grades:
        fine = grade_range(grade)
        if fine is not None:
            by_scale.setdefault((fine.unit, fine.base), []).append((grade, fine))
    for graded in by_scale.values():
        graded.sort(key=lambda pair: (pair[1].low or 0, pair[1].high if pair[1].high is not None else float("inf")))
        for (first, low_fine), (second, high_fine) in zip(graded, graded[1:]):
            first_high = low_fine.high if low_fine.high is not None else float("inf")
            second_low = high_fine.low or 0
            same = (low_fine.low, low_fine.high) == (high_fine.low, high_fine.high)
            if same and first.measures != second.measures:
                continue  # the same fine escalated by another measure (…，吊销营业执照) is a grade of its own
            rule = "discretion-overlap" if second_low < first_high - 1e-9 else \
                "discretion-gap" if second_low > first_high + 1e-9 else None
            if rule:
                findings.append(_finding(rule, row, second.text, basis, text,
                                         first=first.circumstances, first_range=low_fine.label,
                                         second=second.circumstances, second_range=high_fine.label))
    return findings


def review_discretion(rows: list[DiscretionRow], as_of: date | str | None = None, text: str | None = None,
                      lookup: ArticleLookup = find_article) -> list[Finding]:
    """Findings for the rows of a discretion standard; ``text`` (the document's text) places them."""
    findings: list[Finding] = []
    for row in rows:
        cited, penalty = _citation_findings(row, row.violated_provision, row.penalty_provision, as_of, lookup, text)
        findings.extend(cited)
        findings.extend(_relevance_finding(row, row.violation, penalty, as_of, lookup, text))
        findings.extend(_grade_findings(row, penalty, as_of, lookup, text))
    return findings


# Conditions of 行政处罚法 第三十三条第一款, as exemption lists word them.
_MINOR = re.compile(r"(?:违法行为|情节)[^，。；]{0,4}(?:显著)?轻微")
_CORRECTED = re.compile(r"及时(?:主动)?(?:改正|纠正|整改)|(?:限期|期限)内(?:主动)?(?:改正|纠正|整改)|立即(?:改正|整改)|当场(?:改正|整改)")
_NO_HARM = re.compile(r"(?:没有|未|无|不)(?:造成|产生)[^，。；]{0,4}?危害后果|无危害后果")
_HARM = re.compile(r"(?:造成|产生)[^，。；]{0,6}?危害后果")
_FIRST = re.compile(r"初次|首次|第一次")
_SLIGHT_HARM = re.compile(r"危害后果(?:较?轻微|较小)")
_NO_FAULT = re.compile(r"(?:没有|无)主观过错")
_MAY = re.compile(r"可以(?:不予|免予)")
_NOT_PUNISH = re.compile(r"不予(?:行政)?处罚|免予(?:行政)?处罚")


def _causes_harm(conditions: str) -> bool:
    """The conditions admit harm done: 造成…危害后果 not negated by 没有/未/无/不 before it."""
    for match in _HARM.finditer(conditions):
        before = conditions[max(0, match.start() - 2):match.start()]
        if not re.search(r"没有|未|无|不", before):
            return True
    return False


def exemption_problems(row: ExemptionRow) -> list[tuple[str, str]]:
    """(rule id, what is wrong) for the conditions and wording of one exemption row."""
    conditions = fold_width(row.conditions)
    treatment = fold_width(row.treatment)
    if row.exemption_kind in ("不予处罚", "免予处罚"):
        if _NO_FAULT.search(conditions) and "证据" in conditions:
            return []  # 第三十三条第二款: no fault, proven — a ground of its own
        missing = [name for name, pattern in (("违法行为轻微", _MINOR), ("及时改正", _CORRECTED)) if not pattern.search(conditions)]
        if not _NO_HARM.search(conditions):
            missing.append("没有造成危害后果")
        problems = []
        if missing:
            problems.append(f"缺少“{'、'.join(missing)}”")
        if _causes_harm(conditions):
            problems.append("允许已经造成危害后果的情形")
        return [("exemption-minor-conditions", "，".join(problems))] if problems else []
    if row.exemption_kind == "首违不罚":
        missing = [name for name, pattern in (("初次违法", _FIRST), ("及时改正", _CORRECTED)) if not pattern.search(conditions)]
        if not (_SLIGHT_HARM.search(conditions) or _NO_HARM.search(conditions)):
            missing.append("危害后果轻微")
        problems = [f"适用条件缺少“{'、'.join(missing)}”"] if missing else []
        wording = treatment or conditions
        if _NOT_PUNISH.search(wording) and not _MAY.search(wording):
            problems.append(f"处理方式写作“{row.treatment}”，法律规定的是“可以不予行政处罚”")
        return [("exemption-first-conditions", "；".join(problems))] if problems else []
    return []


def review_exemptions(rows: list[ExemptionRow], as_of: date | str | None = None, text: str | None = None,
                      lookup: ArticleLookup = find_article) -> list[Finding]:
    findings: list[Finding] = []
    basis33 = _penalty_law_basis(33, as_of, lookup)
    for row in rows:
        if not row.penalty_provision.strip() and row.exemption_kind != "从轻减轻":
            findings.append(_finding("exemption-no-provision", row, row.violation, [basis33], text,
                                     violation=row.violation))
        cited, penalty = _citation_findings(row, row.provision, row.penalty_provision, as_of, lookup, text)
        findings.extend(cited)
        findings.extend(_relevance_finding(row, row.violation, penalty, as_of, lookup, text))
        for rule_id, problem in exemption_problems(row):
            quote = row.treatment if "处理方式" in problem and "缺少" not in problem else row.conditions
            findings.append(_finding(rule_id, row, quote, [basis33], text, violation=row.violation, problem=problem))
        if row.exemption_kind in ("不予处罚", "免予处罚", "首违不罚"):
            for found in penalty:
                phrase = MANDATORY.search(found.penalty_text)
                if phrase:
                    findings.append(_finding("exemption-mandatory", row, row.penalty_provision,
                                             [_basis(found.article), basis33], text, violation=row.violation,
                                             kind=row.exemption_kind, citation=_label(found.citation),
                                             phrase=phrase.group(0)))
                    break
    return findings


def review_table_document(document: Document, as_of: date | str | None = None,
                          lookup: ArticleLookup = find_article) -> list[Finding]:
    """All row findings of a discretion standard or exemption list (a document may hold both tables),
    read from the typed rows the extractor put on the Document and placed in its text."""
    findings = review_discretion(document.discretion_rows, as_of, document.text, lookup) + \
        review_exemptions(document.exemption_rows, as_of, document.text, lookup)
    return [f.model_copy(update={"page": document.page_at(f.start)}) if f.end > f.start else f for f in findings]
