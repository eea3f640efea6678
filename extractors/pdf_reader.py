"""Read a PDF: the text layer where there is one, OCR for pages without it.

Two text-layer engines give the same positioned lines: pypdfium2 (the default; bench/bench_extract.py
measured it 10-30 times faster for plain text) and pdfplumber (NORMREVIEW_PDF_ENGINE=pdfplumber).
"""
from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2

from normreview.extractors.errors import ExtractionError
from normreview.extractors.layout import CELL_GAP, CELL_GAP_HEIGHTS, Line, paragraphs
from normreview.extractors.limits import check_ocr_pages, check_pages
from normreview.extractors.ocr import ocr_images
from normreview.extractors.structure import Block
from normreview.settings import settings

ENGINES = ("pypdfium2", "pdfplumber")
OCR_DPI = 300
MIN_TEXT_CHARS = 10  # a page with fewer characters in its text layer is treated as a scan


@dataclass
class PdfText:
    blocks: list[Block]
    pages: int
    ocr_pages: list[int]
    ocr_confidence: float | None


def engine_from_env() -> str:
    engine = settings().pdf_engine
    return engine if engine in ENGINES else "pypdfium2"


def open_pdf(path: str) -> pypdfium2.PdfDocument:
    try:
        return pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError(path, "PDF 文件已加密（设有密码），请取消密码后重新提交") from exc
        raise ExtractionError(path, f"PDF 文件已损坏或不完整（{exc}）") from exc


def read_pdf(path: str, engine: str | None = None) -> PdfText:
    engine = engine or engine_from_env()
    document = open_pdf(path)
    try:
        count = len(document)
        if count == 0:
            raise ExtractionError(path, "PDF 文件没有页面")
        check_pages(path, count)
        try:
            pages = lines_pdfium(document) if engine == "pypdfium2" else lines_pdfplumber(path)
        except _Misaligned:
            pages = lines_pdfplumber(path)
        scanned = [i for i, page in enumerate(pages) if sum(len(line.text.strip()) for line in page) < MIN_TEXT_CHARS]
        confidence = None
        if scanned:
            check_ocr_pages(path, len(scanned))
            with tempfile.TemporaryDirectory(prefix="normreview-ocr-") as tmp:
                images = []
                for i in scanned:
                    images.append(Path(tmp) / f"page-{i + 1:04d}.png")
                    _page_image(document[i]).save(images[-1])
                # One tesseract run for all scanned pages: the Chinese model loads once.
                ocr_pages, confidence = ocr_images(images, path)
                for i, lines in zip(scanned, ocr_pages + [[]] * (len(scanned) - len(ocr_pages))):
                    for line in lines:
                        line.page = i + 1
                    pages[i] = lines
    finally:
        document.close()
    return PdfText(blocks=paragraphs(pages), pages=count, ocr_pages=[i + 1 for i in scanned],
                   ocr_confidence=confidence)


def _page_image(page):
    """The scan itself when the page is one full-page image (its pixels OCR best), else a 300 dpi render."""
    images = list(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE], max_depth=1))
    if len(images) == 1:
        left, bottom, right, top = images[0].get_bounds()
        width, height = page.get_size()
        if (right - left) * (top - bottom) > 0.8 * width * height and images[0].get_px_size()[0] >= 1200:
            try:
                return images[0].get_bitmap(render=False).to_pil().convert("L")
            except pypdfium2.PdfiumError:
                pass  # an image format pdfium cannot decode alone: render the page instead
    return page.render(scale=OCR_DPI / 72).to_pil().convert("L")


def lines_pdfium(document: pypdfium2.PdfDocument) -> list[list[Line]]:
    pages: list[list[Line]] = []
    for number, page in enumerate(document, start=1):
        height = page.get_height()
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        if len(text) != textpage.count_chars():  # characters outside the BMP shift the indices
            raise _Misaligned()
        lines = []
        for match in re.finditer(r"[^\r\n]+", text):
            stripped = match.group().strip()
            if not stripped:
                continue
            first = match.start() + len(match.group()) - len(match.group().lstrip())
            last = match.start() + len(match.group().rstrip()) - 1
            left, bottom_a, _, top_a = textpage.get_charbox(first, loose=True)
            _, bottom_b, right, top_b = textpage.get_charbox(last, loose=True)
            line_height = max(top_a, top_b) - min(bottom_a, bottom_b)
            lines.append(Line(text=_mark_cell_gaps(text, first, last, textpage, line_height), x0=left, x1=right,
                              top=height - max(top_a, top_b), bottom=height - min(bottom_a, bottom_b),
                              page=number, page_height=height))
        textpage.close()
        page.close()
        pages.append(lines)
    return pages


def _mark_cell_gaps(text: str, first: int, last: int, textpage, line_height: float) -> str:
    """The line's text with a tab where a space spans a wide gap: table cells on one line."""
    out = []
    i = first
    while i <= last:
        if text[i] != " ":
            out.append(text[i])
            i += 1
            continue
        j = i
        while j <= last and text[j] == " ":
            j += 1
        gap = textpage.get_charbox(j)[0] - textpage.get_charbox(i - 1)[2]
        out.append(CELL_GAP if gap > CELL_GAP_HEIGHTS * line_height else text[i:j])
        i = j
    return "".join(out)


class _Misaligned(Exception):
    """pypdfium2's text and character indices disagree; read the file with pdfplumber instead."""


def lines_pdfplumber(path: str) -> list[list[Line]]:
    import pdfplumber

    # pdfminer logs each damaged stream to stderr; the CLI's contract is one line per bad file.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)

    pages: list[list[Line]] = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            lines = []
            for line in page.extract_text_lines(strip=True, return_chars=True):
                if not line["text"].strip():
                    continue
                chars = line["chars"]
                text = chars[0]["text"] if chars else line["text"]
                for before, after in zip(chars, chars[1:]):
                    wide = after["x0"] - before["x1"] > CELL_GAP_HEIGHTS * (line["bottom"] - line["top"])
                    text += (CELL_GAP if wide else " " if after["x0"] - before["x1"] > 0.25 * after["size"] else "") + after["text"]
                lines.append(Line(text=text, x0=line["x0"], x1=line["x1"], top=line["top"], bottom=line["bottom"],
                                  page=number, page_height=float(page.height)))
            pages.append(lines)
            page.flush_cache()
    return pages
