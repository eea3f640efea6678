"""Milliseconds per page for each input format and extraction path.

    .venv/bin/python bench/bench_extract.py [--repeat N]

Inputs: the real samples in ../shared/samples/real and the fixtures of tests/fixtures/generate.py
(built into a temporary directory). A .docx has no pages of its own; its page count is that of the
PDF LibreOffice makes of it. The median of N runs is reported (OCR runs once: it takes seconds).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

import pdfplumber  # noqa: E402
import pypdfium2  # noqa: E402
from fixtures.generate import build_all, soffice_convert  # noqa: E402

from normreview.extractors import extract  # noqa: E402
from normreview.settings import settings  # noqa: E402

SAMPLES = settings().shared_dir / "samples" / "real"


def median_ms(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def plain_text_pdfium(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    return text


def plain_text_pdfplumber(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def pdf_pages(path: Path) -> int:
    pdf = pypdfium2.PdfDocument(str(path))
    count = len(pdf)
    pdf.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        fixtures = build_all(Path(tmp) / "fixtures")
        nanxun = SAMPLES / "nanxun-services-policy-2023.docx"
        nanxun_pages = pdf_pages(soffice_convert(nanxun, "pdf", Path(tmp)))
        ndrc = SAMPLES / "ndrc-sat-tax-credit-notice-2019.pdf"
        rules_pdf = fixtures / "rules-autonumbered.pdf"
        cases = [
            ("docx", "python-docx + numbering", nanxun, nanxun_pages, lambda: extract(nanxun), repeat),
            ("docx", "python-docx + numbering", fixtures / "rules-autonumbered.docx", pdf_pages(rules_pdf),
             lambda: extract(fixtures / "rules-autonumbered.docx"), repeat),
        ]
        for pdf in (ndrc, rules_pdf):
            pages = pdf_pages(pdf)
            cases += [
                ("pdf", "plain text: pypdfium2", pdf, pages, lambda pdf=pdf: plain_text_pdfium(pdf), repeat),
                ("pdf", "plain text: pdfplumber", pdf, pages, lambda pdf=pdf: plain_text_pdfplumber(pdf), repeat),
                ("pdf", "extract(): pypdfium2", pdf, pages, lambda pdf=pdf: extract(pdf, pdf_engine="pypdfium2"), repeat),
                ("pdf", "extract(): pdfplumber", pdf, pages, lambda pdf=pdf: extract(pdf, pdf_engine="pdfplumber"), repeat),
            ]
        cases += [
            ("png", "OCR: tesseract chi_sim", fixtures / "rules-scan.png", 1, lambda: extract(fixtures / "rules-scan.png"), 1),
            ("pdf (scan)", "OCR: tesseract chi_sim", fixtures / "rules-scan.pdf", 1, lambda: extract(fixtures / "rules-scan.pdf"), 1),
            ("tif (1-bit)", "OCR: tesseract chi_sim", fixtures / "rules-scan.tif", 2, lambda: extract(fixtures / "rules-scan.tif"), 1),
            ("doc", "LibreOffice → docx", fixtures / "investment-agreement.doc", None,
             lambda: extract(fixtures / "investment-agreement.doc"), 1),
        ]
        tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
        print(f"# extractors benchmark: median of {repeat} runs (OCR and LibreOffice: 1 run); {tesseract}")
        print(f"{'format':<11} {'path':<26} {'file':<44} {'pages':>5} {'ms/file':>9} {'ms/page':>9}")
        for fmt, path_name, file, pages, action, runs in cases:
            action()  # warm up: imports, caches, first LibreOffice profile
            ms = median_ms(action, runs)
            per_page = f"{ms / pages:9.1f}" if pages else f"{'-':>9}"
            print(f"{fmt:<11} {path_name:<26} {file.name:<44} {pages or '-':>5} {ms:9.1f} {per_page}")


if __name__ == "__main__":
    main()
