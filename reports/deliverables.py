"""write_deliverables: the opinion letter and the annotated draft for one reviewed document."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

from normreview.checks.finding import Finding
from normreview.checks.opinion import overall_opinion
from normreview.extractors.document import Document
from normreview.reports.annotate import annotated_docx, annotated_text_docx
from normreview.reports.letter import write_letter

UNSAFE_NAME_CHARS = re.compile(r"[^\w\u3000-\u303f\uff08\uff09\u4e00-\u9fff-]+")
NAME_LIMIT = 40  # characters of the title kept in a file name


def finding_id(doc_id: str, finding: dict[str, Any]) -> str:
    """The archive's id of a finding."""
    return f"{doc_id}:{finding['rule']}:{finding['start']}"


def safe_stem(title: str, doc_id: str) -> str:
    """A file-name stem from the title, with anything a path could misread replaced."""
    cleaned = UNSAFE_NAME_CHARS.sub("_", title).strip("._")[:NAME_LIMIT].strip("._")
    return f"{cleaned or 'document'}-{doc_id[:8]}"


def accepted_findings(review: dict[str, Any], verdicts: dict[str, str] | None) -> tuple[list[dict[str, Any]], int]:
    """The findings not dismissed, and how many were dismissed."""
    doc_id = review["document"]["doc_id"]
    verdicts = verdicts or {}
    kept = [f for f in review["findings"] if verdicts.get(finding_id(doc_id, f)) != "dismissed"]
    return kept, len(review["findings"]) - len(kept)


def _opinion(review: dict[str, Any], kept: list[dict[str, Any]], dismissed: int) -> str:
    """The review's opinion, recomputed over the accepted findings when some were dismissed."""
    if not dismissed:
        return review["opinion"]
    fields = Finding.__dataclass_fields__
    return overall_opinion([Finding(**{k: v for k, v in f.items() if k in fields}) for f in kept])


def write_deliverables(review: dict, document: Document, out_dir: Path, verdicts: dict[str, str] | None = None,
                       reviewer: str | None = None, addressee: str | None = None,
                       review_date: datetime.date | None = None) -> dict[str, str]:
    """Write the 合法性审核意见书 and the annotated draft of ``document`` into ``out_dir``.

    ``verdicts`` maps finding ids (``doc_id:rule:start``) to "accepted" or "dismissed"; dismissed
    findings appear in neither file. The annotated draft of a .docx is the original file with
    comments; of any other format, a .docx made from the extracted text.
    """
    if review["document"]["doc_id"] != document.doc_id:
        raise ValueError(f"{document.source.path}: the review is of another document ({review['document']['doc_id'][:12]})")
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
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != document.doc_id:
            raise ValueError(f"{source}: the original file is missing or changed since it was reviewed")
        draft = annotated_docx(source, document.text, kept, author, draft_path)
    else:
        draft = annotated_text_docx(document, kept, author, draft_path)
    return {"opinion_letter": str(letter), "annotated_draft": str(draft)}
