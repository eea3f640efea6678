"""Money amounts and land areas in Chinese texts: 5000万元, 1.2亿元, 一千万元, 壹亿元, 伍亿元整, 50亩.

Every value keeps its source text and offsets. Matching runs on the width-folded text (same length),
so full-width digits (５０００万元) read like ASCII ones.
"""
from __future__ import annotations

import re

from normreview.model import Amount
from normreview.patterns import CN_NUMERAL_CHARS, DECIMAL_POINT, DIGIT_VALUES, chinese_number, fold_width

CAPITAL_CHARS = set("壹贰貳叁參肆伍陆陸柒捌玖拾佰仟")
_CN_CHARS = CN_NUMERAL_CHARS + DECIMAL_POINT

_MULTIPLIER = r"(?:千万|百万|十万|万|亿)?"
_ARABIC_AMOUNT = re.compile(rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<frac>\d+))?\s*(?P<mult>{_MULTIPLIER})\s*(?P<cur>美元|元|圆)")
_CHINESE_AMOUNT = re.compile(rf"(?P<num>[{CN_NUMERAL_CHARS}][{_CN_CHARS}]*)\s*(?P<cur>美元|元|圆)"
                             rf"(?:(?P<jiao>[{_CN_CHARS}])角)?(?:(?P<fen>[{_CN_CHARS}])分)?(?P<whole>整|正)?")
_AREA = re.compile(rf"(?P<num>\d+(?:\.\d+)?|[{_CN_CHARS}]+)\s*(?P<unit>亩|平方米|平米|㎡|m2|m²|公顷)")
_MULTIPLIERS = {"": 1, "万": 10**4, "十万": 10**5, "百万": 10**6, "千万": 10**7, "亿": 10**8}
SQUARE_METRES_PER_MU = 10000 / 15


def find_amounts(text: str, warnings: list[str] | None = None) -> list[Amount]:
    """Every amount of money in ``text``; one written in Chinese numerals that cannot be read is left
    out with a warning in ``warnings``, never given a guessed value."""
    folded = fold_width(text)
    found: list[Amount] = []
    for match in _ARABIC_AMOUNT.finditer(folded):
        number = float(match.group("num").replace(",", "") + ("." + match.group("frac") if match.group("frac") else ""))
        value = number * _MULTIPLIERS[match.group("mult")]
        found.append(Amount(text=text[match.start():match.end()], value=_tidy(value), currency=_currency(match.group("cur")),
                            written="digits", start=match.start(), end=match.end()))
    for match in _CHINESE_AMOUNT.finditer(folded):
        number = match.group("num")
        if not set(number) & set(DIGIT_VALUES) and not number.startswith(("十", "拾")):
            continue  # a bare unit, as in a table header 金额（万元）
        if match.start() > 0 and folded[match.start() - 1].isdigit():
            continue
        value = chinese_number(number)
        if value is None:
            if warnings is not None:
                warnings.append(f"金额无法识别，请人工核对：“{text[match.start():match.end()]}”")
            continue
        cents = (DIGIT_VALUES.get(match.group("jiao") or "零", 0) * 10 + DIGIT_VALUES.get(match.group("fen") or "零", 0)) / 100
        written = "capital" if CAPITAL_CHARS & set(match.group("num")) else "chinese"
        found.append(Amount(text=text[match.start():match.end()], value=_tidy(value + cents),
                            currency=_currency(match.group("cur")), written=written, start=match.start(), end=match.end()))
    return sorted(found, key=lambda a: a.start)


def find_areas(text: str) -> list[dict]:
    """Areas with their value in 亩 and in square metres."""
    areas = []
    for match in _AREA.finditer(fold_width(text)):
        raw = match.group("num")
        number = float(raw) if raw[0].isdigit() else chinese_number(raw)
        if number is None:
            continue
        unit = match.group("unit")
        square_metres = number * 10000 if unit == "公顷" else number * SQUARE_METRES_PER_MU if unit == "亩" else number
        areas.append({"text": text[match.start():match.end()], "value": _tidy(number), "unit": unit,
                      "mu": round(square_metres / SQUARE_METRES_PER_MU, 2), "square_metres": round(square_metres, 2),
                      "start": match.start(), "end": match.end()})
    return areas


_PAIR_GAP = re.compile(r"^[\s（(，,:：]*(?:人民币|大写|小写|即|¥|￥|RMB)?[\s:：]*(?:人民币)?[\s:：¥￥]*$")


def disagreements(amounts: list[Amount], text: str) -> list[tuple[Amount, Amount]]:
    """Pairs that state one amount twice (伍亿元（500000000元）), once in 大写, with different values."""
    pairs = []
    for first, second in zip(amounts, amounts[1:]):
        if {first.written, second.written} == {"capital", "digits"} and _PAIR_GAP.match(text[first.end:second.start]) \
                and abs(first.value - second.value) > 0.005:
            pairs.append((first, second))
    return pairs


def _currency(token: str) -> str:
    return "USD" if token == "美元" else "CNY"


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)
