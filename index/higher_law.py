"""Higher-law comparison for a review: the articles of higher law most like each clause that sets a
penalty, licence, compulsory measure, fee or obligation (or a fine), and the fines outside their range.

    findings, warning = compare_with_higher_law(document, findings)

Each such finding gets ``higher_law`` (the 3 most similar articles in force on the draft's date, from
the ``laws`` index, levels above the draft's); a clause whose fine lies outside the widest range a matched
article sets gets a ``higher-law-conflict`` finding quoting that article and 行政处罚法 第十六条, and that
finding replaces the clause check's HL-FINE-RANGE on the same clause (``replace_clause_check``). The
comparison is ``checks/laws/fines.compare_fines``, whose module says why the two steps stay two and why
they compare differently. When Elasticsearch cannot answer, the findings come back unchanged with one
warning line (and the clause check's conflict stands).
"""
from __future__ import annotations

from elastic_transport import TransportError
from elasticsearch import exceptions as es_errors

from normreview.checks.citations import draft_date
from normreview.checks.laws.fines import compare_fines, fine_findings, yuan_fines
from normreview.checks.lawtext import article_basis, find_article
from normreview.index.laws import LawsIndex
from normreview.model import Basis, Document, Finding, HigherLaw
from normreview.patterns import UNIT_LABEL

COMPARED = {"penalty", "licensing", "compulsion", "fee", "obligation"}
FINE_RANGE_RULE = "HL-FINE-RANGE"  # the clause check of the same conflict (checks/rules/state-powers.yaml)
TOP = 3
# A normative document may set no penalty at all; a rule only within the range a higher law sets.
PENALTY_LAW, PENALTY_ARTICLE = "中华人民共和国行政处罚法", 16
# The clause text sent as a query: a unit may be a whole chapter; its first sentences say what it sets.
QUERY_CHARS = 400


# The level a draft sits at: the normative documents and agreements under review are below every level
# of the corpus (laws, regulations, rules, Zhejiang's local regulations).
DRAFT_LEVEL = "规范性文件"


def compared(finding: Finding) -> bool:
    return finding.category in COMPARED or bool(yuan_fines(finding.clause_text or finding.quote))


def _penalty_basis() -> Basis | None:
    article = find_article(PENALTY_LAW, PENALTY_ARTICLE)
    return article_basis(article) if article else None


def compare_with_higher_law(document: Document, findings: list[Finding], laws: LawsIndex | None = None
                            ) -> tuple[list[Finding], str | None]:
    """``findings`` with ``higher_law`` filled and ``higher-law-conflict`` findings added; a warning line
    (Chinese) instead when the laws index cannot be reached."""
    targets = [f for f in findings if compared(f)]
    if not targets:
        return findings, None
    as_of, level = draft_date(document), DRAFT_LEVEL
    by_clause: dict[str, list[HigherLaw]] = {}
    conflicts: list[Finding] = []
    try:
        laws = laws or LawsIndex()
        for finding in targets:
            clause = finding.clause_text or finding.quote
            if clause in by_clause:
                continue
            query = UNIT_LABEL.sub("", clause, count=1)[:QUERY_CHARS]
            similar = laws.similar_articles(query, above_level=level, as_of=as_of, k=TOP)
            by_clause[clause] = [HigherLaw(law=a.law, article=a.article, text=a.text, similarity=a.similarity)
                                 for a in similar]
            for article in similar:  # the first matched article whose range the clause's fine leaves
                clashes = compare_fines(clause, Basis(law=article.law, article=article.article, text=article.text,
                                                      verified=True))
                if clashes:
                    conflicts += fine_findings(clashes, unit=finding.unit, clause_text=clause, start=finding.start,
                                               end=finding.end)
                    break
    except es_errors.NotFoundError:
        return findings, "上位法比对未进行：法律检索索引尚未载入（请运行 normreview laws load），审核继续。"
    except (TransportError, es_errors.ApiError) as exc:
        return findings, f"上位法比对未进行：法律检索库（Elasticsearch）不可用（{exc.__class__.__name__}），审核继续。"
    penalty = _penalty_basis() if conflicts else None
    for conflict in conflicts:
        conflict.page = document.page_at(conflict.start)
        if penalty:
            conflict.basis.append(penalty)
    updated = [f.model_copy(update={"higher_law": by_clause.get(f.clause_text or f.quote, [])}) if compared(f) else f
               for f in replace_clause_check(findings, conflicts)]
    return sorted(updated + conflicts, key=lambda f: (f.start, f.rule)), None


def replace_clause_check(findings: list[Finding], conflicts: list[Finding]) -> list[Finding]:
    """``findings`` without the clause check's fine-range conflict (HL-FINE-RANGE, ``checks/fine_conflicts.py``) on each
    clause where this step found one (``conflicts``): the one place the two meet, so a clause gets one fine-range
    conflict, against the article the whole clause is nearest to in the laws index. Why there are two (the clause check
    needs no Elasticsearch) and why they compare differently (per tier, the widest range): ``checks/laws/fines.py``."""
    conflicting = {c.clause_text for c in conflicts}
    return [f for f in findings if not (f.rule == FINE_RANGE_RULE and f.clause_text in conflicting)]
