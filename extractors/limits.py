"""Bounded work: the limits on characters, lines and pages (settings), each checked before the step it
guards, and the text-quality check that refuses mojibake instead of letting it be certified."""
from __future__ import annotations

import unicodedata

from normreview.extractors.errors import ExtractionError
from normreview.settings import settings

# Below this many visible characters a text is too short to judge its quality.
QUALITY_MIN_CHARS = 200
# Above this share of unusual characters a text is taken for mojibake (real documents stay under 5%).
MAX_UNUSUAL_SHARE = 0.2


def _at_most(name: str, count: int, limit: int, counted: str, unit: str, setting: str) -> None:
    if count > limit:
        raise ExtractionError(name, f"{counted}有 {count} {unit}，超过 {limit} {unit}的上限（{setting}）")


def check_lines(name: str, count: int) -> None:
    """Before segmenting lines into units."""
    _at_most(name, count, settings().max_lines, "文件", "行", "NORMREVIEW_MAX_LINES")


def check_chars(name: str, count: int) -> None:
    """Before building units, metadata and the checks' parse."""
    _at_most(name, count, settings().max_chars, "文件", "个字符", "NORMREVIEW_MAX_CHARS")


def check_pages(name: str, count: int) -> None:
    """Before reading a PDF's pages."""
    _at_most(name, count, settings().max_pages, "PDF ", "页", "NORMREVIEW_MAX_PAGES")


def check_ocr_pages(name: str, count: int) -> None:
    """Before rendering and recognising scanned pages (the slowest step of all)."""
    _at_most(name, count, settings().max_ocr_pages, "需要识别的扫描页", "页", "NORMREVIEW_MAX_OCR_PAGES")


def _usual(char: str) -> bool:
    """A character a Chinese official document is made of: a GB2312 hanzi (the 6,763 in common use), ASCII,
    CJK and full-width punctuation, common symbols."""
    code = ord(char)
    if char == "\ufffd":  # the replacement character: a byte that no encoding could read
        return False
    if code < 0x80:
        return char.isprintable() or char in "\t\n\r"
    if 0x4E00 <= code <= 0x9FFF:
        try:
            return 0xB0 <= char.encode("gb2312")[0] <= 0xF7
        except UnicodeEncodeError:
            return False
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E or 0x2000 <= code <= 0x206F:
        return True
    return unicodedata.category(char) in ("Sm", "So", "No", "Nd") or char in "①②③④⑤⑥⑦⑧⑨⑩×÷°℃·"


def check_quality(name: str, text: str) -> None:
    """Refuse a text that is mostly characters no document is written in (random bytes read as text)."""
    visible = [c for c in text if not c.isspace()]
    if len(visible) < QUALITY_MIN_CHARS:
        return
    unusual = sum(1 for c in visible if not _usual(c))
    if unusual / len(visible) > MAX_UNUSUAL_SHARE:
        raise ExtractionError(name, f"文件内容疑似乱码（{unusual / len(visible):.0%} 的字符不是常用汉字、字母或标点），"
                                    "不能审核；请提供原始文件")
