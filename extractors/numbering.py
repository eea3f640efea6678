"""Recover the labels Word draws through automatic list numbering (w:numPr), which the text lacks.

A label comes from word/numbering.xml: the paragraph's w:num points at a w:abstractNum whose w:lvl
for the paragraph's level gives start, numFmt and lvlText ("第%1条", "%1.", "（%1）"). Counters run per
numId and level; a paragraph at a level resets the deeper levels of its list, as Word does.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from docx.oxml.ns import qn

from normreview.patterns import chinese_counting

_CN_CAPITAL = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _roman(n: int) -> str:
    values = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
              (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("decimal", "ordinal", "cardinalText", "ordinalText"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"})
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand", "koreanCounting"):
        return chinese_counting(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return chinese_counting(n, _CN_CAPITAL, "拾", "佰")
    if fmt in ("ideographDigital", "japaneseDigitalTenThousand", "taiwaneseDigital"):
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt in ("ideographTraditional",):
        return _HEAVENLY_STEMS[(n - 1) % 10]
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False  # w:isLgl: show every level's number in decimal
    suffix: str = "tab"  # w:suff: tab | space | nothing


@dataclass
class Numbering:
    """The numbering definitions of one .docx and the running counters of a reading pass."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)  # numId → ilvl → Level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId → (numId, ilvl)

    @classmethod
    def from_document(cls, document) -> Numbering:
        numbering = cls()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            root = None
        if root is not None:
            abstract = {a.get(qn("w:abstractNumId")): _levels(a) for a in root.findall(qn("w:abstractNum"))}
            for num in root.findall(qn("w:num")):
                ref = num.find(qn("w:abstractNumId"))
                levels = {k: Level(**vars(v)) for k, v in abstract.get(ref.get(qn("w:val")) if ref is not None else None, {}).items()}
                for override in num.findall(qn("w:lvlOverride")):
                    ilvl = int(override.get(qn("w:ilvl"), "0"))
                    replaced = override.find(qn("w:lvl"))
                    if replaced is not None:
                        levels[ilvl] = _level(replaced)
                    start = override.find(qn("w:startOverride"))
                    if start is not None:
                        levels.setdefault(ilvl, Level()).start = int(start.get(qn("w:val")))
                numbering.levels[num.get(qn("w:numId"))] = levels
        styles = {s.get(qn("w:styleId")): s for s in document.styles.element.findall(qn("w:style"))}
        for style_id in styles:
            found = _style_num_pr(styles, style_id)
            if found is not None:
                numbering.style_numbering[style_id] = found
        return numbering

    def label_for(self, paragraph) -> tuple[str, str] | None:
        """(label, separator) for a paragraph Word numbers automatically, advancing the counters."""
        p_pr = paragraph._p.pPr
        num_id = ilvl = None
        if p_pr is not None and p_pr.find(qn("w:numPr")) is not None:
            num_id, ilvl = _num_pr(p_pr.find(qn("w:numPr")))
        if num_id is None:
            style = p_pr.find(qn("w:pStyle")) if p_pr is not None else None
            num_id, style_ilvl = self.style_numbering.get(style.get(qn("w:val")) if style is not None else None, (None, None))
            ilvl = ilvl if ilvl is not None else style_ilvl
        if not num_id or num_id == "0" or num_id not in self.levels:
            return None
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        if ilvl not in levels:
            return None
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return None
        label = level.text
        for k in range(ilvl, -1, -1):  # replace %10 before %1
            value = counters.get(k, levels[k].start if k in levels else 1)
            fmt = "decimal" if level.legal and k != ilvl else (levels[k].fmt if k in levels else "decimal")
            label = label.replace(f"%{k + 1}", format_number(value, fmt))
        separator = {"tab": "\t", "space": " ", "nothing": ""}.get(level.suffix, "\t")
        return label, separator

def _num_pr(num_pr) -> tuple[str | None, int | None]:
    num_id = num_pr.find(qn("w:numId"))
    ilvl = num_pr.find(qn("w:ilvl"))
    return (num_id.get(qn("w:val")) if num_id is not None else None,
            int(ilvl.get(qn("w:val"))) if ilvl is not None else None)


def _style_num_pr(styles: dict, style_id: str) -> tuple[str, int] | None:
    """A style's numbering, inherited through w:basedOn."""
    seen = set()
    while style_id in styles and style_id not in seen:
        seen.add(style_id)
        num_pr = styles[style_id].find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id, ilvl = _num_pr(num_pr)
            if num_id:
                return num_id, ilvl or 0
        based = styles[style_id].find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return None


def _levels(abstract) -> dict[int, Level]:
    return {int(lvl.get(qn("w:ilvl"), "0")): _level(lvl) for lvl in abstract.findall(qn("w:lvl"))}


def _level(lvl) -> Level:
    def val(tag: str, default: str) -> str:
        node = lvl.find(qn(tag))
        return node.get(qn("w:val"), default) if node is not None else default

    legal = lvl.find(qn("w:isLgl"))
    return Level(start=int(val("w:start", "1")), fmt=val("w:numFmt", "decimal"), text=val("w:lvlText", ""),
                 legal=legal is not None and legal.get(qn("w:val"), "1") not in ("0", "false"),
                 suffix=val("w:suff", "tab"))
