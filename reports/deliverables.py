"""write_deliverables: the annotated draft of a review, and the opinion letter once a reviewer decided."""
from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path

from normreview.model import Decision, Finding, Review
from normreview.reports.annotate import annotated_docx, annotated_text_docx
from normreview.reports.letter import write_letter
from normreview.settings import Settings
from normreview.settings import settings as current_settings

UNSAFE_NAME_CHARS = re.compile(r"[^\w\u3000-\u303f\uff08\uff09\u4e00-\u9fff-]+")
NAME_LIMIT = 40  # characters of the title kept in a file name


def safe_stem(title: str, doc_id: str) -> str:
    """A file-name stem from the title, with anything a path could misread replaced."""
    cleaned = UNSAFE_NAME_CHARS.sub("_", title).strip("._")[:NAME_LIMIT].strip("._")
    return f"{cleaned or 'document'}-{doc_id[:8]}"


def _annotated(review: Review, findings: list[Finding], author: str, path: Path) -> Path:
    document = review.document
    if document.source.format == "docx":
        source = Path(document.source.path)
        if not source.is_file() or hashlib.sha256(source.read_bytes()).hexdigest() != document.sha256:
            raise ValueError(f"{source}：原文件已不存在或审核后被改动，无法生成批注稿")
        return annotated_docx(source, document.text, findings, author, path)
    return annotated_text_docx(document, findings, author, path)


def write_deliverables(review: Review, out_dir: Path, decision: Decision | None = None, *,
                       addressee: str | None = None, review_date: datetime.date | None = None,
                       config: Settings | None = None) -> dict[str, str]:
    """Write the deliverables of a review into ``out_dir``.

    Before a decision: the annotated draft of the machine's 初审意见 and a draft letter marked
    草稿（未经审核） (``draft_letter``, for reviewers). With the ``decision``: the 合法性审核意见书 signed by
    the reviewing organ of the settings, under the decision's reference number, and the annotated draft,
    both from the decided findings (dismissed ones left out, rewordings, merges and added ones in).
    The annotated draft of a .docx is the original file with comments; of any other format, a .docx made
    from the extracted text.
    """
    config = config or current_settings()
    document = review.document
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = safe_stem(document.title, document.doc_id)
    letter_args = dict(addressee=addressee or "、".join(document.issuer) or "起草单位", organ=config.letter_organ,
                       review_date=review_date or datetime.date.today(), cc=config.letter_cc, printer=config.letter_printer)
    if decision is None:
        findings = review.findings
        letter = write_letter(review, findings, review.opinion, out_dir / f"{stem}-合法性审核意见书（草稿）.docx",
                              number="", reviewer="（尚未审核）", comments="", draft=True, **letter_args)
        draft = _annotated(review, findings, "初审意见（供参考）", out_dir / f"{stem}-批注稿（初审）.docx")
        return {"draft_letter": str(letter), "annotated_draft": str(draft)}
    findings = decision.decided_findings(review)
    letter = write_letter(review, findings, decision.opinion, out_dir / f"{stem}-合法性审核意见书.docx",
                          number=decision.letter_number, reviewer=decision.reviewer, comments=decision.comments,
                          **letter_args)
    draft = _annotated(review, findings, config.letter_organ, out_dir / f"{stem}-批注稿.docx")
    return {"opinion_letter": str(letter), "annotated_draft": str(draft)}
