"""The one comparison of a draft's fine with the ranges a higher-law article sets ("处一万元以上五万元以下罚款").

Pure functions; the ranges are read by the one fine reader, ``extractors/fines.py``. A rule (规章) may only
specify fines within the range a higher law sets; a normative document may set none (行政处罚法 第十六条).

Two steps find the article and both compare here:

* the clause check HL-FINE-RANGE (``checks/fine_conflicts.py``) matches the article by the conduct's words (or
  takes the one cited) among the fine-setting paragraphs of the statute store: it runs in every review, with or
  without Elasticsearch (the evaluation sets, the CLI, a review with the node down);
* the laws-index step (``compare_fines`` here, called by ``index/higher_law.py``) takes the first of the articles the
  laws index finds nearest the whole clause whose range the clause's fine (in 元) leaves: it needs Elasticsearch, and
  finds the article where the conduct's words match none well enough.

They stay two because their article finders are two. On the same clause the index step's conflict replaces the
clause check's (``index/higher_law.replace_clause_check``, the one place that does), so a clause gets one fine-range
conflict. Both compare with ``outside`` (one range), but not against the same ranges, and each is right for the
article it has:

* per tier (``leaves``: outside every range of the fine's unit and base) where the article is known to govern the
  clause's conduct, as the clause check's is (cited, or matched by the conduct's words at the paragraph). An article
  often sets tiers (单位 and 个人, 一般 and 情节严重); a fine between two tiers (个人 二千元 where 个人 五百元以下 and
  单位 五千元以上五万元以下) is within no range the article lets a rule specify for anyone, so it conflicts;
* against the widest range (``span``) where the article is only the text nearest the whole clause, as the index
  step's is: it may govern another conduct or another party than the clause's fine, and a clause may hold several
  fines. Only a fine outside everything the article allows is safe to call a conflict there. Session 9 (tidy11)
  measured the index step per tier on the 193 clauses with a fine in 元 of the development sets (dev, dev-rewordings,
  library-dev, dev-drafts, lawful-drafts): it lost no finding, but 5 lawful clauses that had none got one (the first
  article "left" was then often another conduct's or a local regulation's), and what it gained were clauses the
  clause check already finds or matched to a wrong article. A fine outside the widest range is outside every tier
  (but a tier open above, 一万元以上, which ``span`` passes over), so the widest reading calls no conflict the per-tier
  reading would not.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from normreview.extractors.fines import FineRange, find_fines, yuan_text
from normreview.model import Basis, Finding


def yuan_fines(text: str) -> list[FineRange]:
    """The fines in 元 a text states (an article's ranges, a draft's ranges and single amounts);
    multiples of a base (违法所得五倍以下) are not amounts and are left out."""
    return [fine for fine in find_fines(text) if fine.unit == "元"]


def outside(fine: FineRange, allowed: FineRange) -> bool:
    """The draft's fine leaves the allowed range; an open end of the draft's range is not compared
    (五千元以下 against 五百元以上二千元以下 is judged by its top only)."""
    if fine.high is not None and allowed.high is not None and fine.high > allowed.high + 1e-9:
        return True
    return fine.low is not None and allowed.low is not None and fine.low < allowed.low - 1e-9


def comparable(fine: FineRange, ranges: Iterable[FineRange]) -> tuple[FineRange, ...]:
    """The ranges of the fine's unit and base (元 with 元, 违法所得的倍数 with 违法所得的倍数)."""
    return tuple(r for r in ranges if r.comparable(fine))


def leaves(fine: FineRange, ranges: tuple[FineRange, ...]) -> bool:
    """The fine lies outside every one of ``ranges`` (an article's comparable tiers; False when there are none): the
    clause check's comparison (per tier)."""
    return bool(ranges) and all(outside(fine, r) for r in ranges)


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
        widest = span(self.allowed)
        if widest.high is not None and self.fine.high is not None and self.fine.high > widest.high:
            return f"罚款{yuan_text(self.fine.high)}超过上位法规定的上限{yuan_text(widest.high)}"
        if widest.low is not None and self.fine.low is not None and self.fine.low < widest.low:
            return f"罚款{yuan_text(self.fine.low)}低于上位法规定的下限{yuan_text(widest.low)}"
        return ""


def span(ranges: tuple[FineRange, ...]) -> FineRange:
    """The widest range ``ranges`` (an article's tiers, of one unit) span together: from the lowest minimum (none when
    one tier has none) to the highest maximum (of the tiers that state one)."""
    high = max((r.high for r in ranges if r.high is not None), default=None)
    lows = [r.low for r in ranges if r.low is not None]
    low = min(lows) if lows and len(lows) == len(ranges) else None
    return FineRange(low, high, ranges[0].unit, None, "；".join(r.text for r in ranges), ranges[0].start, ranges[-1].end)


def compare_fines(draft_text: str, article: Basis) -> list[FineConflict]:
    """The draft's fines (in 元) outside the widest range the article sets (above its maximum, or below its minimum):
    the laws-index step's comparison (against the widest range, not per tier: why is said above)."""
    allowed = tuple(yuan_fines(article.text))
    if not allowed:
        return []
    widest = span(allowed)
    return [FineConflict(fine, allowed, article) for fine in yuan_fines(draft_text) if outside(fine, widest)]


def fine_findings(conflicts: list[FineConflict], *, unit: str = "", clause_text: str = "", start: int = 0,
                  end: int = 0) -> list[Finding]:
    """``higher-law-conflict`` findings quoting the higher-law article."""
    return [Finding(rule="higher-law-fine-range", category="higher-law-conflict", severity="error", unit=unit,
                    quote=c.fine.text, clause_text=clause_text, start=start, end=end,
                    message=f"{c.departure}（{c.label}：{'；'.join(r.text for r in c.allowed)}）。",
                    basis=[c.article.model_copy()],
                    suggestion="在上位法规定的罚款种类和幅度范围内作出具体规定。") for c in conflicts]
