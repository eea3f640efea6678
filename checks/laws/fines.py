"""Compare a draft's fines with the range an article sets ("处一万元以上五万元以下罚款").

Pure functions; the ranges are read by the one fine reader, ``extractors/fines.py``. A rule (规章)
may only specify fines within the range a higher law sets; a normative document may set none
(行政处罚法 第十六条). Fines set as multiples ("违法所得一倍以上五倍以下") are not amounts and are left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from normreview.extractors.fines import FineRange, find_fines
from normreview.model import Finding


def yuan_fines(text: str) -> list[FineRange]:
    """The fines in 元 a text states (an article's ranges, a draft's ranges and single amounts);
    multiples of a base (违法所得五倍以下) are not amounts and are left out."""
    return [fine for fine in find_fines(text) if fine.unit == "元"]


@dataclass(frozen=True)
class FineConflict:
    draft: FineRange
    allowed: FineRange
    message: str


def _yuan(value: float) -> str:
    return f"{value / 1e4:g}万元" if value >= 1e4 else f"{value:g}元"


def compare_fines(draft_text: str, article_text: str) -> list[FineConflict]:
    """The draft's fines outside the range the article sets (above its maximum, or below its minimum)."""
    allowed = yuan_fines(article_text)
    if not allowed:
        return []
    conflicts = []
    for fine in yuan_fines(draft_text):
        # The article's range that the fine is compared with: the widest one (an article may set several tiers).
        high = max((r.high for r in allowed if r.high is not None), default=None)
        lows = [r.low for r in allowed if r.low is not None]
        low = min(lows) if lows and len(lows) == len(allowed) else None
        bound = FineRange(low, high, "元", None, "；".join(r.text for r in allowed), 0, 0)
        if high is not None and fine.high is not None and fine.high > high:
            conflicts.append(FineConflict(fine, bound, f"罚款{_yuan(fine.high)}超过上位法规定的上限{_yuan(high)}"))
        elif low is not None and fine.low is not None and fine.low < low:
            conflicts.append(FineConflict(fine, bound, f"罚款{_yuan(fine.low)}低于上位法规定的下限{_yuan(low)}"))
    return conflicts


def fine_findings(conflicts: list[FineConflict], *, law: str, article: str, article_text: str, unit: str = "",
                  clause_text: str = "", start: int = 0, end: int = 0) -> list[Finding]:
    """``higher-law-conflict`` findings quoting the higher-law article."""
    return [Finding(rule="higher-law-fine-range", category="higher-law-conflict", severity="error", unit=unit,
                    quote=c.draft.text, clause_text=clause_text, start=start, end=end,
                    message=f"{c.message}（《{law}》{article}：{c.allowed.text}）。",
                    basis=[{"law": law, "article": article, "text": article_text, "verified": True}],
                    suggestion="在上位法规定的罚款种类和幅度范围内作出具体规定。") for c in conflicts]
