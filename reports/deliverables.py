"""write_deliverables: the opinion letter and the annotated draft for one review."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from normreview.checks.opinion import overall_opinion
from normreview.model import Finding, Opinion, Review
from normreview.reports.annotate import annotated_docx, annotated_text_docx
from normreview.reports.letter import write_letter

UNSAFE_NAME_CHARS = re.compile(r"[^\w\u3000-\u303f\uff08\uff09\u4e00-\u9fff-]+")
NAME_LIMIT = 40  # characters of the title kept in a file name


def safe_stem(title: str, doc_id: str) -> str:
    """A file-name stem from the title, with anything a path could misread replaced."""
    cleaned = UNSAFE_NAME_CHARS.sub("_", title).strip("._")[:NAME_LIMIT].strip("._")
    return f"{cleaned or 'document'}-{doc_id[:8]}"


def accepted_findings(review: Review, verdicts: dict[str, str] | None) -> tuple[list[Finding], int]:
    """The findings not dismissed, and how many were dismissed."""
    doc_id = review.document.doc_id
    verdicts = verdicts or {}
    kept = [f for f in review.findings if verdicts.get(f.finding_id(doc_id)) != "dismissed"]
    return kept, len(review.findings) - len(kept)


def _opinion(review: Review, kept: list[Finding], dismissed: int) -> Opinion:
    """The review's opinion, recomputed over the accepted findings when some were dismissed."""
    return overall_opinion(kept) if dismissed else review.opinion


def write_deliverables(review: Review, out_dir: Path, verdicts: dict[str, str] | None = None,
                       reviewer: str | None = None, addressee: str | None = None,
                       review_date: datetime.date | None = None) -> dict[str, str]:
    """Write the 合法性审核意见书 and the annotated draft of the reviewed document into ``out_dir``.

    ``verdicts`` maps finding ids (``doc_id:rule:start``) to "accepted" or "dismissed"; dismissed
    findings appear in neither file. The annotated draft of a .docx is the original file with
    comments; of any other format, a .docx made from the extracted text.
    """
    document = review.document
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    kept, dismissed = accepted_findings(review, verdicts)
    stem = safe_stem(document.title, document.doc_id)
    author = reviewer or "合法性审核"

    letter = write_letter(
        review, kept, _opinion(review, kept, dismissed), dismissed, out_dir / f"{stem}-合法性审核意见书.docx",
        addressee=addressee or "、".join(document.issuer) or "起草单位", reviewer=reviewer,
        review_date=review_date or datetime.date.today())

    draft_path = out_dir / f"{stem}-批注稿.docx"
    if document.source.format == "docx":
        source = Path(document.source.path)
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != document.sha256:
            raise ValueError(f"{source}: the original file is missing or changed since it was reviewed")
        draft = annotated_docx(source, document.text, kept, author, draft_path)
    else:
        draft = annotated_text_docx(document, kept, author, draft_path)
    return {"opinion_letter": str(letter), "annotated_draft": str(draft)}
