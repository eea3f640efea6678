"""From positioned lines on pages (PDF text layer or OCR) to paragraphs in reading order.

Pages repeat running heads, footers and page numbers; a paragraph runs over line and page breaks.
Both are decided from geometry: a line that fills the text width continues on the next line,
unless the next line is indented or starts with a numbering label.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from normreview.extractors.normalize import drop_layout_spaces
from normreview.extractors.structure import Block, classify

CELL_GAP = "\t"  # readers mark wide gaps between table cells with it; paragraphs() writes " | "
CELL_GAP_HEIGHTS = 3  # a gap wider than this many line heights separates table cells (OCR drops a character or two)
RUNNING_SIMILARITY = 0.7  # OCR reads the same running head a little differently on each page
PAGE_NUMBER = re.compile(r"^[-—–－·\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[-—–－·\s]*$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the page's top edge
    bottom: float
    page: int  # 1-based
    page_height: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def remove_running_text(pages: list[list[Line]]) -> list[list[Line]]:
    """Drop page numbers, and heads/footers that repeat (closely enough, for OCR) on half of the pages."""
    def key(line: Line) -> str:
        return re.sub(r"\d+", "#", re.sub(r"\s+", "", line.text))

    def in_margin(line: Line) -> bool:
        return line.top < 0.1 * line.page_height or line.bottom > 0.9 * line.page_height

    margins = [[line for line in page if in_margin(line)] for page in pages]
    needed = max(2, len(pages) / 2)

    def repeats(line: Line) -> bool:
        if len(pages) < 2:
            return False
        pages_with_it = sum(
            1 for others in margins
            if any(difflib.SequenceMatcher(None, key(line), key(other), autojunk=False).ratio() >= RUNNING_SIMILARITY
                   for other in others))
        return pages_with_it >= needed

    cleaned = []
    for page, margin in zip(pages, margins):
        edges = {id(page[0]), id(page[-1])} if page else set()
        running = {id(line) for line in margin if repeats(line)}
        cleaned.append([line for line in page
                        if not ((in_margin(line) or id(line) in edges) and PAGE_NUMBER.match(line.text))
                        and id(line) not in running])
    return cleaned


def paragraphs(pages: list[list[Line]]) -> list[Block]:
    """Re-join lines into paragraphs across line and page breaks; lines of table cells become table blocks."""
    pages = remove_running_text(pages)
    body = [line for page in pages for line in page if line.text.strip()]
    if not body:
        return []
    left = _mode(round(line.x0) for line in body)
    right = max(line.x1 for line in body)
    blocks: list[Block] = []
    current: list[str] = []
    first_page: int | None = None
    previous: Line | None = None

    def flush() -> None:
        if current:
            blocks.append(Block(text=_join(current), page=first_page))
            current.clear()

    for line in body:
        text = drop_layout_spaces(line.text)
        if not text:
            continue
        if "\t" in text:  # a table row: cells apart on one line
            flush()
            row = re.sub(r"\s*\t\s*", " | ", text)
            if blocks and blocks[-1].is_table and previous is not None and "\t" in previous.text:
                blocks[-1].text += "\n" + row
            else:
                blocks.append(Block(text=row, is_table=True, page=line.page))
            previous = line
            continue
        char = line.height
        starts_new = (
            previous is None
            or "\t" in previous.text
            or line.x0 > left + 0.8 * char  # indented first line, or a centred line
            or previous.x1 < right - char  # the previous line stopped short
            or (previous.text.rstrip().endswith(("。", "：", ":")) and previous.x1 < right - 0.3 * char)
            or (line.page == previous.page and line.top - previous.bottom > 1.2 * char)  # a blank gap
            or classify(text) is not None
        )
        if starts_new:
            flush()
        if not current:
            first_page = line.page
        current.append(text)
        previous = line
    flush()
    return blocks


def _join(parts: list[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        if out[-1:].isascii() and out[-1:].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out += " "
        elif out.endswith("-") and part[:1].isascii() and part[:1].isalpha():
            out = out[:-1]
        out += part
    return out


def _mode(values) -> int:
    return Counter(values).most_common(1)[0][0]
