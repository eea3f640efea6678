"""Full-width/half-width folding that keeps every offset: one character in, one character out."""
from __future__ import annotations

import re

# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII; the ideographic space to a space. Brackets that
# carry meaning in Chinese documents (（）〔〕【】) fold too, so patterns need only the ASCII form.
_TABLE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_TABLE[0x3000] = 0x20
_TABLE.update({ord("〔"): ord("["), ord("〕"): ord("]"), ord("［"): ord("["), ord("］"): ord("]"),
               ord("【"): ord("["), ord("】"): ord("]"), ord("\u00a0"): 0x20})


def fold_width(text: str) -> str:
    """A same-length view of ``text`` for matching: offsets in the result are offsets in ``text``."""
    return text.translate(_TABLE)


_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) +|(?<=[\w.%]) +(?=[{_CJK}])")


def drop_layout_spaces(line: str) -> str:
    """Remove spaces a PDF or OCR layout puts between Chinese characters (税 务 总 局 → 税务总局).

    Only for text read from a page: in .docx and .txt the author's spaces are kept.
    """
    return _SPACE_NEAR_CJK.sub("", line.replace("\u00ad", "-")).strip(" ")
