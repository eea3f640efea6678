"""Chinese numerals of article labels: 第一百零四条 ↔ 104, 第十条之一 ↔ (10, 1)."""
from __future__ import annotations

import re

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = "[零〇一二两三四五六七八九十百千0-9０-９]+"
# 第十条之一 ; the number part and the optional 之X suffix.
ARTICLE_LABEL = re.compile(rf"第({NUMERAL})条(?:之({NUMERAL}))?")


def cn_to_int(text: str) -> int:
    """一百零四 → 104, 十 → 10, 二十 → 20, 104 → 104 (Arabic digits pass through)."""
    text = text.strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (digit or 1) * _UNITS[char]
            digit = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + digit


def int_to_cn(number: int) -> str:
    """104 → 一百零四, 10 → 十, 1260 → 一千二百六十 (the form used in statute labels)."""
    if number <= 0:
        raise ValueError(number)
    digits = "零一二三四五六七八九"
    parts, zero = [], False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        count, number = divmod(number, value)
        if count:
            if zero:
                parts.append("零")
                zero = False
            parts.append(digits[count] + unit)
        elif parts:
            zero = True
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def article_label(number: int, sub: int = 0) -> str:
    """(10, 1) → 第十条之一."""
    return f"第{int_to_cn(number)}条" + (f"之{int_to_cn(sub)}" if sub else "")
