"""OCR through the tesseract command line (Debian's tesseract-ocr with tesseract-ocr-chi-sim)."""
from __future__ import annotations

import csv
import io
import shutil
import statistics
import subprocess
from collections import defaultdict
from pathlib import Path

from normreview.extractors.errors import ExtractionError
from normreview.extractors.layout import CELL_GAP, CELL_GAP_HEIGHTS, Line

LANGUAGES = "chi_sim"
TIMEOUT_S = 600
NOISE_CONFIDENCE = 50  # a line of up to 3 characters below this mean confidence is a speck, not text


def ocr_images(images: list[Path], name: str) -> tuple[list[list[Line]], float | None]:
    """Lines per page for the given images, in order (a multi-page TIFF gives several pages), and the
    mean word confidence (0-100). ``name`` is the file the user gave, for error messages."""
    if shutil.which("tesseract") is None:
        raise ExtractionError(name, "该文件需要 OCR 识别，但未安装 tesseract，请安装 tesseract-ocr 和 tesseract-ocr-chi-sim")
    if len(images) == 1:
        target = str(images[0])
    else:  # one tesseract run loads the language model once for all pages
        listing = images[0].parent / "pages.txt"
        listing.write_text("\n".join(str(p) for p in images) + "\n", encoding="utf-8")
        target = str(listing)
    try:
        done = subprocess.run(["tesseract", target, "stdout", "-l", LANGUAGES, "tsv"],
                              capture_output=True, timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError(name, f"OCR 识别超过 {TIMEOUT_S} 秒，已停止") from exc
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode != 0:
        if "chi_sim" in stderr:
            raise ExtractionError(name, "tesseract 缺少中文模型，请安装 tesseract-ocr-chi-sim")
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {done.returncode}"
        raise ExtractionError(name, f"OCR 识别失败：{last}")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> tuple[list[list[Line]], float | None]:
    words: dict[tuple[int, int, int, int], list[dict]] = defaultdict(list)
    heights: dict[int, float] = {}
    confidences: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        page = int(row["page_num"])
        if row["level"] == "1":
            heights[page] = float(row["height"])
        if row["level"] != "5" or not (row.get("text") or "").strip():
            continue
        confidence = float(row["conf"])
        if confidence >= 0:
            confidences.append(confidence)
        words[(page, int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))].append(row)
    pages: dict[int, list[Line]] = defaultdict(list)
    for (page, *_), row_words in words.items():
        text = "".join(w["text"] for w in row_words)
        if len(text) <= 3 and statistics.mean(float(w["conf"]) for w in row_words) < NOISE_CONFIDENCE:
            continue  # specks read as a stray character
        left = min(int(w["left"]) for w in row_words)
        right = max(int(w["left"]) + int(w["width"]) for w in row_words)
        top = min(int(w["top"]) for w in row_words)
        bottom = max(int(w["top"]) + int(w["height"]) for w in row_words)
        pages[page].append(Line(text=_words_to_text(row_words, bottom - top), x0=left, x1=right, top=top,
                                bottom=bottom, page=page, page_height=heights.get(page, bottom)))
    # Single-column documents: top-to-bottom order puts page heads first and page numbers last.
    ordered = [sorted(pages.get(p, []), key=lambda line: (line.top, line.x0))
               for p in range(1, max(list(pages) + list(heights) + [1]) + 1)]
    mean = round(sum(confidences) / len(confidences), 1) if confidences else None
    return ordered, mean


def _words_to_text(row_words: list[dict], line_height: int) -> str:
    """Words joined by spaces, with the cell-gap mark (a tab) where they stand far apart: a table row."""
    text = row_words[0]["text"]
    for before, after in zip(row_words, row_words[1:]):
        gap = int(after["left"]) - int(before["left"]) - int(before["width"])
        text += (CELL_GAP if gap > CELL_GAP_HEIGHTS * line_height else " ") + after["text"]
    return text
