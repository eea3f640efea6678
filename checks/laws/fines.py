"""Compare a draft's fines with the range an article sets ("处一万元以上五万元以下罚款").

Pure functions; the ranges are read by the one fine reader, ``extractors/fines.py``. A rule (规章)
may only specify fines within the range a higher law sets; a normative document may set none
(行政处罚法 第十六条). Fines set as multiples ("违法所得一倍以上五倍以下") are not amounts and are left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from normreview.extractors.fines import FineRange, find_fines, yuan_text
from normreview.model import Basis, Finding


def yuan_fines(text: str) -> list[FineRange]:
    """The fines in 元 a text states (an article's ranges, a draft's ranges and single amounts);
    multiples of a base (违法所得五倍以下) are not amounts and are left out."""
    return [fine for fine in find_fines(text) if fine.unit == "元"]


@dataclass(frozen=True)
class FineConflict:
    """A draft's fine outside the range a higher-law article sets: the one model of the conflict, whether the article
    was matched by the conduct's words or cited (``checks/fine_conflicts.py``, rule HL-FINE-RANGE) or is the one the
    laws index finds nearest the whole clause (``compare_fines``, ``index/higher_law.py``)."""

    fine: FineRange  # the draft's fine
    allowed: tuple[FineRange, ...]  # the article's ranges it was compared with
    article: Basis  # the article, quoted

    @property
    def label(self) -> str:
        return f"《{self.article.law}》{self.article.article}"

    @property
    def departure(self) -> str:
        """How the fine leaves the article's widest range (罚款3000元超过上位法规定的上限2000元); "" for a fine inside it, which
        the clause check may still find outside every single tier."""
        low, high = _widest(self.allowed)
        if high is not None and self.fine.high is not None and self.fine.high > high:
            return f"罚款{yuan_text(self.fine.high)}超过上位法规定的上限{yuan_text(high)}"
        if low is not None and self.fine.low is not None and self.fine.low < low:
            return f"罚款{yuan_text(self.fine.low)}低于上位法规定的下限{yuan_text(low)}"
        return ""


def _widest(ranges: tuple[FineRange, ...]) -> tuple[float | None, float | None]:
    """The widest range ``ranges`` span together (an article may set several tiers): the lowest minimum (None when
    one tier has none) and the highest maximum."""
    high = max((r.high for r in ranges if r.high is not None), default=None)
    lows = [r.low for r in ranges if r.low is not None]
    return (min(lows) if lows and len(lows) == len(ranges) else None), high


def compare_fines(draft_text: str, article: Basis) -> list[FineConflict]:
    """The draft's fines outside the widest range the article sets (above its maximum, or below its minimum)."""
    allowed = tuple(yuan_fines(article.text))
    if not allowed:
        return []
    conflicts = (FineConflict(fine, allowed, article) for fine in yuan_fines(draft_text))
    return [conflict for conflict in conflicts if conflict.departure]


def fine_findings(conflicts: list[FineConflict], *, unit: str = "", clause_text: str = "", start: int = 0,
                  end: int = 0) -> list[Finding]:
    """``higher-law-conflict`` findings quoting the higher-law article."""
    return [Finding(rule="higher-law-fine-range", category="higher-law-conflict", severity="error", unit=unit,
                    quote=c.fine.text, clause_text=clause_text, start=start, end=end,
                    message=f"{c.departure}（{c.label}：{'；'.join(r.text for r in c.allowed)}）。",
                    basis=[c.article.model_copy()],
                    suggestion="在上位法规定的罚款种类和幅度范围内作出具体规定。") for c in conflicts]
