"""Look up a law's status and one article, as ``normreview law`` and the web's /law page show them.

    result = look_up(store, "行政处罚法", "第十六条", as_of="2022-03-01")   # raises LookupFailed (Chinese)
    result.law, result.status_text, result.article, result.text
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from normreview.checks.laws.store import Law, LawStore, NearMiss, Status, Version
from normreview.patterns import ARTICLE_LABEL, article_label, to_int

STATUS_LABELS = {"in-force": "现行有效", "repealed": "已废止", "expired": "已失效", "not-yet": "尚未施行"}


class LookupFailed(ValueError):
    """A one-line Chinese reason: a bad date or article number, an unknown law, a missing article."""


@dataclass(frozen=True)
class LawLookup:
    law: Law
    status: Status
    status_text: str
    version: Version | None
    article: str | None  # 第X条, when one was asked for
    text: str | None  # the article's text, quoted from the corpus

    def record(self) -> dict:
        return {"law": self.law.name, "version": self.version.published if self.version else None,
                "status": self.status.state, "status_text": self.status_text, "article": self.article, "text": self.text}


def article_number(text: str) -> tuple[int, int]:
    """"第十条之一", "十", "16", "16之1" → (number, sub)."""
    text = text.strip()
    if m := ARTICLE_LABEL.fullmatch(text):
        return to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else 0
    if m := re.fullmatch(r"([零〇一二两三四五六七八九十百千0-9]+)(?:之([零一二三四五六七八九十0-9]+))?", text):
        return to_int(m.group(1)), to_int(m.group(2)) if m.group(2) else 0
    raise LookupFailed(f"无法识别的条文序号：{text}")


def status_text(status: Status) -> str:
    text = STATUS_LABELS[status.state]
    if status.state == "repealed":
        text += f"（{status.repealed_on or '日期未载明'}起，由《{status.repealed_by}》{status.repealed_article or ''}废止" + \
                (f"，现行规定见《{status.successor}》）" if status.successor else "）")
    elif status.state == "not-yet":
        text += f"（自{status.effective}起施行）"
    return text


def look_up(store: LawStore, name: str, article: str | None = None, as_of: str | None = None) -> LawLookup:
    """The law ``name`` means, its status on ``as_of`` (default: today's corpus state) and, when asked,
    the text of ``article`` in the version in force that day."""
    if as_of:
        try:
            datetime.date.fromisoformat(as_of)
        except ValueError:
            raise LookupFailed(f"日期格式应为 YYYY-MM-DD：{as_of}") from None
    number, sub = article_number(article) if article else (None, 0)
    found = store.resolve(name)
    if found is None:
        raise LookupFailed(f"语料库中未找到《{name}》")
    if isinstance(found, NearMiss):
        raise LookupFailed(f"语料库中未找到《{name}》，是否指{found.law.title}？")
    status = store.status_on(found, as_of)
    version = store.version_on(found, as_of)
    text = label = None
    if number is not None:
        if version is None:
            raise LookupFailed(f"{found.title}在语料库中没有{as_of or '现行'}有效的文本（{STATUS_LABELS[status.state]}）")
        record = store.article(found, number, as_of, sub)
        if record is None:
            raise LookupFailed(f"{found.title}（{version.published}版）没有{article_label(number, sub)}")
        text, label = record.text, record.label
    return LawLookup(found, status, status_text(status), version, label, text)
