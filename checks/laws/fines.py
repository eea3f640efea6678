"""Fine ranges: read "处一万元以上五万元以下罚款" from an article and compare a draft's fine with it.

Pure functions. A rule (规章) may only specify fines within the range a higher law sets; a normative
document may set none (行政处罚法 第十六条). Fines set as multiples ("违法所得一倍以上五倍以下") are not
amounts and are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normreview.checks.laws.numerals import cn_to_int
from normreview.model import Finding

_NUMBER = r"[0-9０-９]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+"
AMOUNT = rf"(?:{_NUMBER})(?:亿|万|千|百)?(?:{_NUMBER})?(?:亿|万|千)?元"
# An article's range: 处一万元以上五万元以下罚款 / 处五千元以下的罚款 / 处二千元以上罚款
RANGE = re.compile(rf"(?:(?P<low>{AMOUNT})以上)?(?:(?P<high>{AMOUNT})以下)?(?:的)?罚款")
# A draft's fine: a range as above, or one amount: 处以3万元罚款 / 罚款2000元
SINGLE = re.compile(rf"(?:处以?|给予)(?P<amount>{AMOUNT})(?:的)?罚款|罚款(?P<after>{AMOUNT})")


@dataclass(frozen=True)
class FineRange:
    low: float | None  # yuan; None: no lower bound stated
    high: float | None  # yuan; None: no upper bound stated
    text: str  # as written


@dataclass(frozen=True)
class FineConflict:
    draft: FineRange
    allowed: FineRange
    message: str


def amount(text: str) -> float:
    """一万元 → 10000, 5万元 → 50000, 二十万元 → 200000, 2000元 → 2000, 1.5万元 → 15000, 一亿元 → 1e8."""
    text = text.rstrip("元").translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    total = 0.0
    for unit, factor in (("亿", 1e8), ("万", 1e4)):
        if unit in text:
            head, text = text.split(unit, 1)
            total += _small(head) * factor
    return total + (_small(text) if text else 0)


def _small(text: str) -> float:
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text):
        return float(text)
    if m := re.fullmatch(r"([0-9]+(?:\.[0-9]+)?)([千百])", text):
        return float(m.group(1)) * (1000 if m.group(2) == "千" else 100)
    return float(cn_to_int(text))


def fine_ranges(text: str) -> list[FineRange]:
    """Every fine range stated in a text (an article or a draft clause), in order."""
    found = []
    for m in RANGE.finditer(text):
        if m.group("low") or m.group("high"):
            found.append(FineRange(amount(m.group("low")) if m.group("low") else None,
                                   amount(m.group("high")) if m.group("high") else None, m.group(0)))
    return found


def draft_fines(text: str) -> list[FineRange]:
    """The fines a draft clause sets: ranges, and single amounts as a range of one value."""
    fines = fine_ranges(text)
    covered = "".join(f.text for f in fines)
    for m in SINGLE.finditer(text):
        value = m.group("amount") or m.group("after")
        if m.group(0) not in covered and not any(value in f.text for f in fines):
            fines.append(FineRange(amount(value), amount(value), m.group(0)))
    return fines


def _yuan(value: float) -> str:
    return f"{value / 1e4:g}万元" if value >= 1e4 else f"{value:g}元"


def compare_fines(draft_text: str, article_text: str) -> list[FineConflict]:
    """The draft's fines outside the range the article sets (above its maximum, or below its minimum)."""
    allowed = fine_ranges(article_text)
    if not allowed:
        return []
    conflicts = []
    for fine in draft_fines(draft_text):
        # The article's range that the fine is compared with: the widest one (an article may set several tiers).
        high = max((r.high for r in allowed if r.high is not None), default=None)
        lows = [r.low for r in allowed if r.low is not None]
        low = min(lows) if lows and len(lows) == len(allowed) else None
        bound = FineRange(low, high, "；".join(r.text for r in allowed))
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
                    basis=[{"law": law, "article": article, "text": article_text, "verified": "true"}],
                    suggestion="在上位法规定的罚款种类和幅度范围内作出具体规定。") for c in conflicts]
