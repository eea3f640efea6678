"""Citation verification against the statute store: a pure function over ``LawStore``.

    check = verify_citation(store, "《行政处罚法》第十四条", "2022-03-01", context=clause_text)
    check.verdict   # ok | wrong-article | repealed | expired | no-such-law | renamed | moved | not-yet | internal
    findings = citation_findings([check], unit="第三条", clause_text=clause_text, start=0, end=10)

``verify_citation`` says whether the law exists (else the nearest name, "是否指《……》"), whether it is in
force on the draft's date (repealed: the repealing act, its date and the successor), whether the cited
条/款/项 exists in that version (quoted from the corpus), and whether the cited number's text moved at
a revision (``moved``: the clause reads like the article now numbered otherwise).
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from normreview.checks.laws.store import Article, Law, LawStore, NearMiss, Status
from normreview.model import Finding
from normreview.patterns import ARTICLE_PARTS, LAW_SUFFIX, article_label, article_ref_numbers, normalize_law_name

# A written citation: 《name》 or a bare name ending in a law-like word, then 第X条(之Y) 第X款 第X项 / （X）项.
CITATION = re.compile(
    rf"^\s*(?:《(?P<quoted>[^》]+)》|(?P<bare>本法|该法|同法|本条例|[^《》\s第]{{2,60}}?{LAW_SUFFIX}(?:（试行）)?))?"
    rf"\s*(?:{ARTICLE_PARTS.pattern})?"
)
SELF_REFERENCES = ("本法", "本条例")
PREVIOUS_REFERENCES = ("该法", "同法")
# Verdicts that are problems, and how serious.
SEVERITY = {"ok": "ok", "internal": "ok", "wrong-article": "error", "repealed": "error", "no-such-law": "error",
            "not-yet": "error", "expired": "warning", "renamed": "warning", "moved": "warning", "unresolved": "warning"}


@dataclass(frozen=True)
class CitationRef:
    """A citation as written, split into its parts (numbers as integers, None when not given)."""

    text: str
    law: str | None  # the name as written (without 《》); 本法/该法 as written
    article: int | None = None
    sub: int = 0
    paragraph: int | None = None
    item: int | None = None

    @property
    def place(self) -> str:
        parts = []
        if self.article:
            parts.append(article_label(self.article, self.sub))
        if self.paragraph:
            parts.append(f"第{_cn(self.paragraph)}款")
        if self.item:
            parts.append(f"第{_cn(self.item)}项")
        return "".join(parts)


@dataclass(frozen=True)
class CitationCheck:
    citation: str  # as written
    verdict: str  # see SEVERITY
    severity: str  # ok | warning | error
    message: str  # one Chinese sentence for the reviewer
    law: str | None = None  # the law meant (full name), when known
    version: str | None = None  # the version's date, when the law has text
    article: str | None = None  # 第X条(第X款第X项) as cited
    text: str | None = None  # the cited article/款/项 quoted from the corpus
    suggestion: str = ""
    status: Status | None = None
    moved_to: int | None = None
    basis: tuple[tuple[str, str, str], ...] = field(default_factory=tuple)  # (law, article, quoted text)


def _cn(number: int) -> str:
    return article_label(number)[1:-1]


def parse_citation(text: str) -> CitationRef | None:
    """Split a written citation; None when it names neither a law nor an article."""
    m = CITATION.match(text)
    if not m or not (m.group("quoted") or m.group("bare") or m.group("article")):
        return None
    article, sub, paragraph, item = article_ref_numbers(m)
    return CitationRef(text=text.strip(), law=(m.group("quoted") or m.group("bare") or None), article=article, sub=sub,
                       paragraph=paragraph, item=item)


def _day(value: str | datetime.date | None) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _similarity(a: str, b: str) -> float:
    """Share of the shorter text's character bigrams found in the longer one."""
    grams_a = {a[i:i + 2] for i in range(len(a) - 1)}
    grams_b = {b[i:i + 2] for i in range(len(b) - 1)}
    if not grams_a or not grams_b:
        return 0.0
    return len(grams_a & grams_b) / min(len(grams_a), len(grams_b))


def verify_citation(store: LawStore, citation: str | CitationRef, as_of: str | datetime.date | None, *,
                    subject_law: str | None = None, previous_law: str | None = None,
                    context: str | None = None) -> CitationCheck:
    """Check one citation on the draft's date ``as_of`` (ISO date; None: today's corpus state).

    ``subject_law`` resolves 本法/本条例 (the law the draft implements), ``previous_law`` resolves
    该法/同法, ``context`` is the citing clause's text (used to tell a moved article from a correct one).
    A bare 前款/本条 is the draft's own text, not a statute: verdict ``internal``.
    """
    day = _day(as_of)
    ref = citation if isinstance(citation, CitationRef) else parse_citation(citation)
    written = citation.text if isinstance(citation, CitationRef) else citation
    if ref is None or ref.law is None:
        return CitationCheck(written, "internal", "ok", "引用的是本文件自身的条款，不核对法律文本。")
    name = ref.law
    if name in SELF_REFERENCES or name in PREVIOUS_REFERENCES:
        name = subject_law if name in SELF_REFERENCES else previous_law
        if not name:
            return CitationCheck(written, "unresolved", "warning", f"“{ref.law}”所指的法律无法确定，请写明法律全称。")
    found = store.resolve(name)
    if found is None:
        return CitationCheck(written, "no-such-law", "error", f"语料库中未找到《{name}》，请核对法律名称。")
    if isinstance(found, NearMiss):
        return CitationCheck(written, "no-such-law", "error", f"语料库中未找到《{name}》，是否指{found.law.title}？",
                             law=found.law.name, suggestion=f"是否指{found.law.title}{ref.place}？")
    return _check_law(store, ref, written, found, name, day, context)


def _check_law(store: LawStore, ref: CitationRef, written: str, law: Law, name: str, day: str | None,
               context: str | None) -> CitationCheck:
    status = store.status_on(law, day)
    common = dict(law=law.name, article=ref.place or None, status=status)
    if status.state == "repealed":
        when = f"{status.repealed_on}起" if status.repealed_on else ""
        by = f"《{status.repealed_by}》{status.repealed_article or ''}" if status.repealed_by else "有关决定"
        successor = f"，现行规定见《{status.successor}》" if status.successor else ""
        basis = ((status.repealed_by, status.repealed_article or "", status.repeal_text or ""),) if status.repealed_by else ()
        return CitationCheck(written, "repealed", "error", f"{law.title}已被{by}废止（{when}失效）{successor}。",
                             suggestion=f"改为引用《{status.successor}》的相应条款。" if status.successor else "删除或改引现行有效的规定。",
                             basis=basis, **common)
    if status.state == "not-yet":
        return CitationCheck(written, "not-yet", "error", f"{law.title}自{status.effective}起施行，文件日期{day}时尚未生效。", **common)
    if status.state == "expired":
        return CitationCheck(written, "expired", "warning", f"{law.title}在语料库中标注为已失效（未载明失效日期），请核对。", **common)
    renamed = _former_name(store, law, name)
    if not ref.article:
        if renamed:
            return CitationCheck(written, "renamed", "warning", f"《{name}》已更名为{law.title}。",
                                 suggestion=f"改为{law.title}。", **common)
        return CitationCheck(written, "ok", "ok", f"{law.title}现行有效。", **common)
    version = store.version_on(law, day)
    if version is None:  # a repealed-elsewhere law known only by name: nothing to quote
        return CitationCheck(written, "ok", "ok", f"{law.title}不在语料库中，条文未核对（依据未经核实）。", **common)
    article = store.article(law, ref.article, day, ref.sub)
    version_date = version.published
    if article is None:
        count = store.article_count(version)
        return CitationCheck(written, "wrong-article", "error",
                             f"{law.title}（{version_date}版）没有{article_label(ref.article, ref.sub)}（共{count}条）。",
                             version=version_date, suggestion="核对条文序号。", **common)
    quoted = _quote(article, ref)
    if quoted is None:
        return CitationCheck(written, "wrong-article", "error", f"{law.title}{article.label}没有{ref.place[len(article.label):]}。",
                             version=version_date, text=article.text, suggestion="核对款、项序号。",
                             basis=((law.name, article.label, article.text),), **common)
    basis = ((law.name, ref.place, quoted),)
    moved = _moved(store, law, ref, article, version, context)
    if moved is not None:
        target = store.article(law, moved, day)
        target_text = target.text if target else ""
        return CitationCheck(written, "moved", "warning",
                             f"{law.title}修订后条文序号已调整：原{article.label}的内容现为{article_label(moved)}，请核对引用条号。",
                             version=version_date, text=quoted, moved_to=moved, suggestion=f"改为{law.title}{article_label(moved)}。",
                             basis=((law.name, article_label(moved), target_text),), **common)
    if renamed:
        return CitationCheck(written, "renamed", "warning", f"《{name}》已更名为{law.title}。", version=version_date,
                             text=quoted, suggestion=f"改为{law.title}{ref.place}。", basis=basis, **common)
    return CitationCheck(written, "ok", "ok", f"{law.title}{ref.place}：{quoted}", version=version_date, text=quoted,
                         basis=basis, **common)


def _former_name(store: LawStore, law: Law, name: str) -> bool:
    key = normalize_law_name(name)
    return any(kind == "former" and normalize_law_name(n) == key for n, kind in store.names(law))


def _quote(article: Article, ref: CitationRef) -> str | None:
    if ref.paragraph and ref.item:
        return article.item(ref.item, ref.paragraph)
    if ref.paragraph:
        return article.paragraph(ref.paragraph)
    if ref.item:
        return article.item(ref.item)
    return article.text


def _moved(store: LawStore, law: Law, ref: CitationRef, article: Article, version, context: str | None) -> int | None:
    """The new number when the cited number's text moved at the revision now in force, and the
    citing clause (if given) reads more like the moved article than the one now under the cited number."""
    start = version.effective or version.published
    if not start:
        return None
    before = (datetime.date.fromisoformat(start) - datetime.timedelta(days=1)).isoformat()
    moved = store.renumbered(law, ref.article, before, start, ref.sub)
    if moved is None or moved == ref.article:
        return None
    if context:
        target = store.article(law, moved, start)
        if target is None or _similarity(context, target.text) <= _similarity(context, article.text):
            return None
    return moved


def citation_findings(checks: list[CitationCheck], *, unit: str = "", clause_text: str = "", start: int = 0,
                      end: int = 0) -> list[Finding]:
    """Findings for the problems among ``checks``: ``repealed-citation`` for repealed laws, ``citation`` otherwise."""
    findings = []
    for check in checks:
        if check.severity == "ok":
            continue
        basis = [{"law": law, "article": article, "text": text, "verified": "true" if text else "false"}
                 for law, article, text in check.basis]
        findings.append(Finding(
            rule=f"citation-{check.verdict}", category="repealed-citation" if check.verdict == "repealed" else "citation",
            severity=check.severity, unit=unit, quote=check.citation, clause_text=clause_text, start=start, end=end,
            message=check.message, basis=basis, suggestion=check.suggestion,
        ))
    return findings
