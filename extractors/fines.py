"""Fine ranges and kinds of penalty, read from statute articles and from discretion-standard grades.

One reader for both: "处一万元以上五万元以下罚款" (an article), "2万元至5万元" (a grade cell),
"处违法所得一倍以上三倍以下的罚款", "货值金额百分之五十以上三倍以下", "5000元以下", "处五百元罚款".
A range is in 元 or in multiples (倍) of a base (违法所得, 货值金额, 广告费用, 建设工程造价 …);
百分之N reads as N/100 倍. Pure functions over text: no corpus, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from normreview.patterns import fold_width, numeral_value

_CN_NUM = "零〇一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟"
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|[{_CN_NUM}]+(?:点[{_CN_NUM}]+)?)"
# What a multiple is counted on; longest first so 临时建设工程造价 wins over 建设工程造价.
BASES = ("临时建设工程造价", "建设工程造价", "工程造价", "违法所得", "违法收入", "货值金额", "广告费用", "销售额", "营业额",
         "应纳税款", "合同金额", "项目投资额")
_BASE = "|".join(BASES)
_QUANTITY = re.compile(
    rf"(?P<base>{_BASE})?"
    rf"(?:百分之(?P<percent>{_NUM})|(?P<num>{_NUM})\s*(?P<mult>万|亿)?\s*(?P<unit>元|倍)|(?P<equal>等值))"
)
_BARE_LOW = re.compile(r"(\d+(?:\.\d+)?)\s*(?:至|到|-|—|~|～)\s*$")  # "2至5万元": the 2 inherits 万元
# …and a grade of a discretion standard with its exclusive top (3万元以上不满8万元: read as 3万–8万元)
_JOIN = re.compile(r"^\s*(?:以上|起)?\s*[，,]?\s*(?:至|到|-|—|~|～|不满|不足|未满|低于)?\s*$")
_FINE_AFTER = re.compile(r"^(?:以上|以下)?\s*(?:的)?\s*罚款")
_FINE_BEFORE = re.compile(r"罚款\s*[:：]?\s*(?:为)?\s*$")


def yuan_text(value: float) -> str:
    """An amount in 元 as a reader writes it: 2000元, 5万元."""
    return f"{value / 10000:g}万元" if value >= 10000 else f"{value:g}元"


@dataclass(frozen=True)
class FineRange:
    low: float | None  # None: no lower bound stated ("五千元以下")
    high: float | None  # None: no upper bound stated ("一万元以上")
    unit: str  # 元 | 倍
    base: str | None  # what a 倍 range multiplies (违法所得, 货值金额 …); None for 元 or when not said
    text: str
    start: int
    end: int

    def within(self, other: FineRange) -> bool:
        """This range lies inside ``other`` (same unit and, for multiples, a compatible base)."""
        if self.unit != other.unit or (self.unit == "倍" and self.base and other.base and self.base != other.base):
            return False
        low, high = self.low or 0, self.high if self.high is not None else float("inf")
        other_low, other_high = other.low or 0, other.high if other.high is not None else float("inf")
        return other_low - 1e-9 <= low and high <= other_high + 1e-9

    def comparable(self, other: FineRange) -> bool:
        return self.unit == other.unit and (self.unit == "元" or not self.base or not other.base or self.base == other.base)

    @property
    def label(self) -> str:
        def show(value: float) -> str:
            return yuan_text(value) if self.unit == "元" else f"{value:g}倍"
        base = self.base or ""
        if self.low is None:
            return f"{base}{show(self.high)}以下"
        if self.high is None:
            return f"{base}{show(self.low)}以上"
        return f"{base}{show(self.low)}" if self.low == self.high else f"{base}{show(self.low)}至{show(self.high)}"


@dataclass
class _Quantity:
    value: float
    unit: str
    base: str | None
    mult: float  # 1, 10^4 or 10^8: what a bare low bound ("2至5万元") inherits
    start: int
    end: int


def _quantities(folded: str) -> list[_Quantity]:
    found = []
    for match in _QUANTITY.finditer(folded):
        if match.group("percent"):
            number, unit, mult = numeral_value(match.group("percent")), "倍", 1.0
            number = None if number is None else number / 100
        elif match.group("equal"):
            number, unit, mult = 1.0, "倍", 1.0
        else:
            number, unit = numeral_value(match.group("num")), match.group("unit")
            mult = {"万": 1e4, "亿": 1e8}.get(match.group("mult") or "", 1.0)
            number = None if number is None else number * mult
        if number is None:
            continue
        found.append(_Quantity(number, unit, match.group("base"), mult, match.start(), match.end()))
    return found


def _ranges(text: str, fines_only: bool) -> list[FineRange]:
    folded = fold_width(text)
    quantities = _quantities(folded)
    ranges: list[FineRange] = []
    index = 0
    while index < len(quantities):
        first = quantities[index]
        low: float | None = first.value
        high: float | None = first.value
        start, end, base, unit = first.start, first.end, first.base, first.unit
        after = folded[end:end + 3]
        following = quantities[index + 1] if index + 1 < len(quantities) else None
        if following and following.unit == unit and _JOIN.match(folded[end:following.start]) \
                and (folded[end:following.start].strip() or folded[following.end:following.end + 2].startswith("以下")):
            high, end, base = following.value, following.end, base or following.base
            if folded[end:end + 2] == "以下":
                end += 2
            index += 1
        elif after.startswith("以下"):
            low, end = None, end + 2
        elif after.startswith("以上"):
            high, end = None, end + 2
        else:
            bare = _BARE_LOW.search(folded[max(0, start - 12):start])
            if bare and unit == "元":
                low, start = float(bare.group(1)) * first.mult, start - len(bare.group(0))
            if re.search(r"(?:不超过|不高于|最高(?:不超过)?|最多)\s*$", folded[max(0, start - 5):start]):
                low = None
        index += 1
        if fines_only and not (_FINE_AFTER.match(folded[end:end + 6]) or _FINE_BEFORE.search(folded[max(0, start - 6):start])):
            continue
        ranges.append(FineRange(low, high, unit, base if unit == "倍" else None, text[start:end], start, end))
    return ranges


def find_fines(text: str) -> list[FineRange]:
    """Every fine range stated in running text: a range counts when 罚款 follows it (or leads it).

    "货值金额不足一万元的，并处五万元以上十万元以下罚款" gives one range (5万–10万元), not the condition.
    """
    return _ranges(text, fines_only=True)


def parse_range(text: str) -> FineRange | None:
    """The first range in a short expression, fine context or not: "2万元至5万元", "5000元以下"."""
    found = _ranges(text, fines_only=False)
    return found[0] if found else None


# Kinds of administrative penalty (行政处罚法 第九条), each with the wordings that impose it.
PENALTY_KINDS: dict[str, re.Pattern[str]] = {
    "警告": re.compile(r"警告"),
    "通报批评": re.compile(r"通报批评"),
    "罚款": re.compile(r"罚款"),
    "没收违法所得": re.compile(r"没收[^，。；]{0,8}?(?:违法所得|违法收入)"),
    "没收非法财物": re.compile(r"没收[^，。；]{0,24}?(?:食品|产品|物品|工具|设备|原料|实物|财物|商品|药品|器械)"),
    "暂扣许可证件": re.compile(r"暂扣[^，。；]{0,10}?(?:许可证|执照|证照|证件)"),
    "降低资质等级": re.compile(r"降低资质等级"),
    "吊销许可证件": re.compile(r"吊销(?!营业执照)[^，。；]{0,12}?(?:许可证|资格|资质证书|执业证书|诊疗科目)"),
    "吊销营业执照": re.compile(r"吊销营业执照"),
    "限制开展生产经营活动": re.compile(r"限制(?:开展)?生产|限制经营"),
    "责令停产停业": re.compile(r"停产停业|停业整顿|责令停业|停产整治|停业整治|停工整治|停产整顿"),
    "责令关闭": re.compile(r"责令关闭|予以关闭|责令[^，。；]{0,4}、关闭"),
    "限制从业": re.compile(r"限制从业|市场禁入"),
    "行政拘留": re.compile(r"拘留"),
}


def penalty_kinds(text: str) -> set[str]:
    """The kinds of penalty a text imposes or allows: {"罚款", "吊销营业执照", …}."""
    folded = fold_width(text)
    return {kind for kind, pattern in PENALTY_KINDS.items() if pattern.search(folded)}
