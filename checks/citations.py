"""Citation verification in a review: every citation the extractor found (``Document.citations``) is
checked against the statute store (``checks/laws``) as of the draft's date.

One path for every citation: the store holds the corpus's laws, their versions and repeals (the
curated chains of ``checks/data/repeals.yaml`` included); the 文号 of repealed normative documents
come from the same curated file (``statutes.repealed_documents``).

    checks = verify_document(document)          # [(Citation, CitationCheck)], problems and all
    draft_date(document)                        # published, else signed, else today
"""
from __future__ import annotations

import datetime
import re
from dataclasses import replace

from normreview.checks.laws.store import Law, LawStore, law_store
from normreview.checks.laws.verify import CitationCheck, CitationRef, parse_citation, verify_citation
from normreview.model import Citation, Document
from normreview.patterns import PRC, article_label, declared_repeals, implemented_law

# References to the draft's own text: 前款, 本条, 本办法第五条 … (本法/本条例 may mean the law a draft implements).
_OWN_TEXT = re.compile(r"^(?:前款|前两款|前三款|本条|本款|前条|本(?!法$|条例$)[\u4e00-\u9fff]{1,4})$")
# Names the corpus is expected to hold when they are written right: national laws (…法) and
# regulations (…条例) of no named place. Other names (a province's 规定, a city's 办法) are verified
# when the corpus knows them and are otherwise left alone: no corpus, no finding.
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|自治州|自治县|自治区|旗)")


def draft_date(document: Document, today: datetime.date | None = None) -> str:
    """The day a draft's citations are checked on: its publication date, else its signing date, else today."""
    return document.dates.published or document.dates.signed or (today or datetime.date.today()).isoformat()


def _expect_in_corpus(name: str) -> bool:
    if name.startswith(PRC):
        return True
    # …办法 ends in 法 but is a ministry's or a local government's rules (or the draft's own 本办法 read with
    # the words before it, 对符合本办法): verified when the corpus holds it, like any other rules.
    return (name.endswith(("法", "法典", "条例", "条例（试行）")) and not name.endswith("办法")
            and not _PLACE.match(name))


def _ref(citation: Citation) -> CitationRef | None:
    written = f"《{citation.title}》" if citation.bracketed else citation.title
    written += "".join(part for part in (citation.article, citation.paragraph, citation.item) if part)
    ref = parse_citation(written)
    return replace(ref, law=citation.title) if ref else None  # the extractor's reading of the name wins


def _amended_since(store: LawStore, check: CitationCheck, ref: CitationRef, day: str) -> CitationCheck:
    """A warning when the law was amended after ``day`` and the cited article's text changed or is gone."""
    if check.verdict != "ok" or not ref.article or check.version is None or check.law is None:
        return check
    law = store.resolve(check.law)
    newest = store.version_on(law, None)
    then = store.version_on(law, day)
    if newest is None or then is None or newest.id == then.id:
        return check
    now = store.article(law, ref.article, None, ref.sub)
    if now is not None and now.text == store.article(law, ref.article, day, ref.sub).text:
        return check
    moved = store.renumbered(law, ref.article, day, None, ref.sub)
    since = newest.effective or newest.published
    if moved:
        change = f"原{article_label(ref.article, ref.sub)}的内容现为{article_label(moved)}"
        target = store.article(law, moved, None)
        basis = ((law.name, article_label(moved), target.text if target else ""),)
    elif now is not None:
        change = f"{article_label(ref.article, ref.sub)}的内容已修改，现为：{now.text}"
        basis = ((law.name, now.label, now.text),)
    else:
        change = f"现行版本没有{article_label(ref.article, ref.sub)}"
        basis = ()
    return replace(check, verdict="amended", severity="warning",
                   message=f"{law.title}于{since}修订施行，{change}，请核对引用是否仍然准确。",
                   suggestion="按现行版本核对并更新引用的条文。", basis=basis + check.basis)


def verify_document(document: Document, store: LawStore | None = None, today: datetime.date | None = None,
                    citations: list[Citation] | None = None) -> list[tuple[Citation, CitationCheck]]:
    """Every citation of a law in ``document`` (or ``citations``, default ``document.citations``),
    verified as of the draft's date.

    Skipped: references to the draft's own text, citations inside a clause that repeals them (原《…》废止),
    and names the corpus does not hold that are not expected there (a province's rules, a notice).
    """
    store = store or law_store()
    day = draft_date(document, today)
    excused = declared_repeals(document.text)
    subject_law = implemented_law(document.title)
    previous_law: str | None = None
    results: list[tuple[Citation, CitationCheck]] = []
    for citation in document.citations if citations is None else citations:
        if citation.repealed or _OWN_TEXT.match(citation.title) or any(s <= citation.start < e for s, e in excused):
            continue
        ref = _ref(citation)
        if ref is None or ref.law is None:
            continue
        if ref.law not in ("本法", "本条例", "该法", "同法"):
            found = store.resolve(ref.law)
            if not isinstance(found, Law) and not _expect_in_corpus(ref.law):  # unknown, or only a near miss
                continue
        context = document.text[max(0, citation.start - 60):citation.end + 120]
        check = verify_citation(store, ref, day, subject_law=subject_law, previous_law=previous_law, context=context)
        check = _amended_since(store, check, ref, day)
        if check.law:
            previous_law = check.law
        results.append((citation, check))
    return results
