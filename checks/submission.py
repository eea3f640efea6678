"""Which document of a submission is the draft (送审稿), and which are its materials.

A submission is a folder, or a set of uploads: the draft with its package of materials (起草说明,
制定依据, 征求意见情况, 初审意见 …). The names a file had when it was submitted are passed in
explicitly, so a caller that stores uploads under its own names need not rename them.
"""
from __future__ import annotations

from pathlib import Path

from normreview.model import Document, Kind

# Kinds a submission's main document can have; materials are usually "other".
MAIN_KINDS = (Kind.NORMATIVE, Kind.AGREEMENT)
DRAFT_MARKS = ("送审稿", "草案", "征求意见稿")


class SubmissionError(ValueError):
    """A submission whose draft cannot be told apart; ``str()`` is a one-line reason naming it."""

    def __init__(self, submission: str, reason: str):
        self.folder, self.reason = submission, reason
        super().__init__(f"{submission}: {reason}")


def main_document(submission: str, documents: list[Document], names: dict[str, str] | None = None) -> Document:
    """The draft among a submission's documents: the only normative document or agreement, else the
    one whose submitted file name says 送审稿/草案/征求意见稿.

    ``names`` maps a document's source path to the name it was submitted under (default: the path's
    own file name).
    """
    names = names or {}
    candidates = [d for d in documents if d.kind in MAIN_KINDS]
    if len(candidates) != 1:
        candidates = [d for d in documents
                      if any(m in names.get(d.source.path, Path(d.source.path).name) for m in DRAFT_MARKS)]
    if len(candidates) != 1:
        raise SubmissionError(submission, "cannot tell the draft from the materials; put 送审稿 in the draft's file name")
    return candidates[0]
