"""review_submission: extract → check → report artifact → (deliverables) → archive, one task per step.

A path is a file, or a submission folder: the draft (送审稿) with its package of materials
(起草说明, 制定依据, 征求意见情况, 初审意见 …), which the package check reviews as well.
"""
from __future__ import annotations

from pathlib import Path

import normreview.prefect_env  # noqa: F401  (must precede prefect)
from prefect import flow, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from normreview.checks import overall_opinion
from normreview.checks.finding import Finding
from normreview.checks.profile import choose_profile
from normreview.checks.report import render_markdown, review_object
from normreview.extractors import Document, ExtractionError
from normreview.flows.tasks import (ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable, check_task, extract_cached,
                         package_task)
from normreview.index import Archive

# Kinds a submission's main document can have; materials are usually "other".
MAIN_KINDS = ("normative", "agreement")
DRAFT_MARKS = ("送审稿", "草案", "征求意见稿")


class SubmissionError(ValueError):
    """A submission folder whose draft cannot be told apart; ``str()`` is a one-line reason naming it."""

    def __init__(self, folder: str, reason: str):
        self.folder, self.reason = folder, reason
        super().__init__(f"{folder}: {reason}")


def artifact_key(prefix: str, doc_id: str) -> str:
    # Artifact keys allow lowercase letters, digits and dashes only.
    return f"{prefix}-{doc_id[:16]}"


def main_document(folder: str, documents: list[Document]) -> Document:
    """The draft among a folder's documents: the only normative document or agreement, else the one
    whose file name says 送审稿/草案/征求意见稿."""
    candidates = [d for d in documents if d.kind in MAIN_KINDS]
    if len(candidates) != 1:
        candidates = [d for d in documents if any(m in Path(d.source.path).name for m in DRAFT_MARKS)]
    if len(candidates) != 1:
        raise SubmissionError(folder, "cannot tell the draft from the materials; put 送审稿 in the draft's file name")
    return candidates[0]


@task(name="report")
def report_task(review: dict) -> None:
    """The report as the checks render it, and its findings as a table the UI can sort."""
    doc = review["document"]
    create_markdown_artifact(markdown=render_markdown(review), key=artifact_key("review", doc["doc_id"]),
                             description=f"合法性审核：{doc['title']}（{review['opinion']}）")
    create_table_artifact(
        table=[{"位置": f["unit"] or "全文", "类别": f["category"], "级别": f["severity"], "原文": f["quote"],
                "说明": f["message"], "建议": f["suggestion"]} for f in review["findings"]] or [{"结果": "未发现问题"}],
        key=artifact_key("findings", doc["doc_id"]), description=f"审核发现：{doc['title']}")


@task(name="deliverables")
def deliverables_task(review: dict, document: Document, out_dir: str) -> dict[str, str]:
    from normreview.reports import write_deliverables

    paths = write_deliverables(review, document, Path(out_dir))
    for kind, path in paths.items():
        create_link_artifact(link=Path(path).resolve().as_uri(), link_text=Path(path).name,
                             key=artifact_key(f"deliverable-{kind}".replace("_", "-").lower(), document.doc_id),
                             description=f"{document.title}：{kind}")
    return paths


@task(name="archive", retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def archive_task(document: Document, findings: list[Finding], opinion: str, who: dict,
                 deliverables: dict[str, str] | None = None) -> None:
    archive = Archive()
    archive.store_review(document, findings, opinion, **{key: value for key, value in who.items() if value})
    if deliverables:
        archive.set_deliverables(document.doc_id, deliverables)


@flow(name="review_submission", log_prints=False)
def review_submission(paths: list[str], archive: bool = True, opinion_dir: str | None = None,
                      submitted_by: str | None = None, drafting_unit: str | None = None,
                      predecessor: str | None = None, profile: str | None = None) -> list[dict]:
    """One review object per file or submission folder; an unreadable input yields {"file", "error"}
    and the batch goes on.

    With ``opinion_dir`` the opinion letter and the annotated draft are written there, linked from
    the run, and listed in the review under ``deliverables``. ``profile`` overrides the jurisdiction
    profile chosen from each document's issuer.
    """
    who = {"submitted_by": submitted_by, "drafting_unit": drafting_unit, "predecessor": predecessor}
    results: list[dict] = []
    for path in paths:
        if Path(path).is_dir():
            files = sorted(str(p) for p in Path(path).iterdir() if p.is_file() and not p.name.startswith("."))
        else:
            files = [path]
        documents = []
        for file in files:
            try:
                documents.append(extract_cached(file))
            except ExtractionError as exc:
                results.append({"file": file, "error": exc.reason})
        if not documents:
            continue
        try:
            document = main_document(path, documents) if Path(path).is_dir() else documents[0]
        except SubmissionError as exc:
            results.append({"file": path, "error": exc.reason})
            continue
        materials = [d for d in documents if d is not document]
        choice = choose_profile(document, profile)
        findings = check_task(document, choice.name)
        if Path(path).is_dir():
            findings = findings + package_task(document, materials, choice.name)
        review = review_object(document, findings, overall_opinion(findings), choice)
        if materials:
            review["materials"] = [m.source.path for m in materials]
        report_task(review)
        if opinion_dir:
            review["deliverables"] = deliverables_task(review, document, opinion_dir)
        if archive:
            archive_task(document, findings, review["opinion"], who, review.get("deliverables"))
        results.append(review)
    return results
