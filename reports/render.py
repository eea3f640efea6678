"""Render .docx deliverables to PDF (LibreOffice headless) and PNG pages (pdftoppm).

``python -m reports.render`` reviews the Nanxun sample and refreshes the page images in docs/img.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

# Comments become PDF note annotations at their anchors (LibreOffice 7.4 cannot draw them in the margin).
PDF_FILTER = "pdf:writer_pdf_Export:" + json.dumps({"ExportNotes": {"type": "boolean", "value": "true"}})


def to_pdf(docx_path: Path, out_dir: Path, timeout: int = 180) -> Path:
    """Convert with a private LibreOffice profile, so parallel conversions do not share a lock."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", PDF_FILTER, "--outdir", str(out_dir), str(docx_path)],
            check=True, capture_output=True, timeout=timeout)
    pdf = out_dir / (Path(docx_path).stem + ".pdf")
    if not pdf.is_file():
        raise RuntimeError(f"{docx_path}: LibreOffice produced no PDF")
    return pdf


def to_png(pdf_path: Path, page: int = 1, dpi: int = 60) -> Path:
    """One page as PNG next to the PDF."""
    prefix = pdf_path.with_name(f"{pdf_path.stem}-p{page}")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    str(pdf_path), str(prefix)], check=True, capture_output=True, timeout=120)
    return prefix.with_name(prefix.name + ".png")


def pdf_text(pdf_path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], check=True, capture_output=True,
                          text=True, timeout=120).stdout


def pdf_notes(pdf_path: Path) -> list[tuple[int, list[float], str]]:
    """(page index, rectangle, text) of each comment LibreOffice exported as a PDF note."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    notes = []
    with pdfplumber.open(pdf_path) as pdf:
        for index, page in enumerate(pdf.pages):
            for ref in resolve1(page.page_obj.annots) or []:
                annotation = resolve1(ref)
                if getattr(annotation.get("Subtype"), "name", None) != "Text":
                    continue  # the popup windows that belong to the notes
                contents = annotation.get("Contents", b"")
                if isinstance(contents, bytes):
                    utf16 = contents[:2] in (b"\xfe\xff", b"\xff\xfe")
                    contents = contents.decode("utf-16" if utf16 else "latin-1")
                notes.append((index, [float(v) for v in resolve1(annotation["Rect"])], contents))
    return notes


def main() -> None:
    import datetime

    from normreview import checks, extractors
    from normreview.checks.report import review_object
    from normreview.model import Decision
    from normreview.reports import write_deliverables
    from normreview.settings import settings

    sample = settings().shared_dir / "samples" / "real" / "nanxun-services-policy-2023.docx"
    document = extractors.extract(sample)
    findings = checks.review_document(document)
    review = review_object(document, findings, checks.overall_opinion(findings))
    img = Path(__file__).resolve().parent.parent / "docs" / "img"
    img.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        decision = Decision(doc_id=document.doc_id, opinion=review.opinion, reviewer="示例审核人",
                            letter_number="浔司审〔2023〕1号")
        config = settings().model_copy(update={"letter_organ": "湖州市南浔区司法局（示例）"})
        paths = write_deliverables(review, Path(work), decision, addressee="南浔区发展和改革局（示例）",
                                   review_date=datetime.date(2023, 3, 20), config=config)
        letter = to_pdf(Path(paths["opinion_letter"]), Path(work))
        draft = to_pdf(Path(paths["annotated_draft"]), Path(work))
        first_note_page = min((page for page, _, _ in pdf_notes(draft)), default=0) + 1
        for pdf, page, name in ((letter, 1, "opinion-letter.png"), (draft, first_note_page, "annotated-draft.png")):
            shutil.copy(to_png(pdf, page=page, dpi=80), img / name)
            print(img / name, f"(page {page})")


if __name__ == "__main__":
    main()
