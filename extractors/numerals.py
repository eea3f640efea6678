"""Chinese numerals both ways: 一千二百 → 1200 and 12 → 十二 (also 大写 壹贰叁 and 〇-style digits)."""
from __future__ import annotations

DIGIT_VALUES = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "三": 3, "叁": 3, "參": 3,
          "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
          "九": 9, "玖": 9}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_CN_DIGITS = "零一二三四五六七八九"


def chinese_counting(n: int, digits: str = _CN_DIGITS, ten: str = "十", hundred: str = "百") -> str:
    """1→一, 10→十, 11→十一, 20→二十, 105→一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else (digits[0] + digits[rest] if rest < 10 else
                                      (digits[1] if rest < 20 else "") + chinese_counting(rest, digits, ten, hundred))
        return digits[n // 100] + hundred + tail
    return str(n)


def chinese_to_int(token: str) -> int | None:
    """一千二百万 → 12000000, 壹亿贰仟万 → 120000000, 十五 → 15, 二〇二三 → 2023 (digit by digit)."""
    if not token or any(c not in DIGIT_VALUES and c not in SMALL_UNITS and c not in BIG_UNITS for c in token):
        return None
    if all(c in DIGIT_VALUES for c in token) and len(token) > 1:
        return int("".join(str(DIGIT_VALUES[c]) for c in token))
    total, section, number = 0, 0, 0
    for char in token:
        if char in DIGIT_VALUES:
            number = DIGIT_VALUES[char]
        elif char in SMALL_UNITS:
            section += (number or 1) * SMALL_UNITS[char]
            number = 0
        else:
            unit = BIG_UNITS[char]
            section += number
            if unit == 10**8:
                total = (total + section) * unit
            else:
                total += section * unit
            section, number = 0, 0
    return total + section + number


def to_int(token: str) -> int | None:
    """An Arabic or Chinese number: "5" → 5, "五" → 5, "十二" → 12."""
    return int(token) if token.isdecimal() else chinese_to_int(token)
