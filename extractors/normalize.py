"""Layout spaces of text read from a page (PDF, OCR)."""
from __future__ import annotations

import re

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) +|(?<=[\w.%]) +(?=[{_CJK}])")


def drop_layout_spaces(line: str) -> str:
    """Remove spaces a PDF or OCR layout puts between Chinese characters (税 务 总 局 → 税务总局).

    Only for text read from a page: in .docx and .txt the author's spaces are kept.
    """
    return _SPACE_NEAR_CJK.sub("", line.replace("\u00ad", "-")).strip(" ")
