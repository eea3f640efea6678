"""review_submission: extract → check → higher-law comparison → second net → precedents → report artifact →
(deliverables) → archive, one task per step.

A path is a file, or a submission folder: the draft (送审稿) with its package of materials
(起草说明, 制定依据, 征求意见情况, 初审意见 …), which the package check reviews as well.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from normreview.checks import overall_opinion
from normreview.checks.profile import choose_profile
from normreview.checks.report import render_markdown, review_object
from normreview.checks.submission import SubmissionError, main_document
from normreview.extractors import ExtractionError
from normreview.flows.tasks import (
    check_task,
    extract_cached,
    higher_law_task,
    package_task,
    precedents_task,
    second_net_task,
)
from normreview.index import Archive, ArchiveUnavailable
from normreview.index.outbox import Outbox
from normreview.index.records import submission_id
from normreview.model import Decision, Document, Review
from normreview.settings import settings


def as_submission(document: Document, who: dict) -> Document:
    """The document under its submission's id (index.records.submission_id); the cached extraction is shared."""
    doc_id = submission_id(document.source.sha256, who.get("drafting_unit"), who.get("submitted_by"))
    return document.model_copy(update={"doc_id": doc_id})


def artifact_key(prefix: str, doc_id: str) -> str:
    # Artifact keys allow lowercase letters, digits and dashes only.
    return f"{prefix}-{doc_id[:16]}"


@task(name="report")
def report_task(review: Review) -> None:
    """The report as the checks render it, and its findings as a table the UI can sort."""
    doc = review.document
    create_markdown_artifact(markdown=render_markdown(review), key=artifact_key("review", doc.doc_id),
                             description=f"合法性审核：{doc.title}（{review.opinion}）")
    create_table_artifact(
        table=[{"位置": f.unit or "全文", "类别": str(f.category), "级别": str(f.severity), "原文": f.quote,
                "说明": f.message, "建议": f.suggestion} for f in review.findings] or [{"结果": "未发现问题"}],
        key=artifact_key("findings", doc.doc_id), description=f"审核发现：{doc.title}")


@task(name="deliverables")
def deliverables_task(review: Review, out_dir: str, decision: Decision | None = None,
                      addressee: str | None = None) -> dict[str, str]:
    """Before a decision: the draft letter and the annotated 初审 draft; with it, the letter and the draft."""
    from normreview.reports import write_deliverables

    document = review.document
    paths = write_deliverables(review, Path(out_dir), decision=decision, addressee=addressee)
    for kind, path in paths.items():
        create_link_artifact(link=Path(path).resolve().as_uri(), link_text=Path(path).name,
                             key=artifact_key(f"deliverable-{kind}".replace("_", "-").lower(), document.doc_id),
                             description=f"{document.title}：{kind}")
    return paths


@task(name="archive")
def archive_task(review: Review, who: dict) -> bool:
    """Archive the review; with the archive down, queue it in the outbox (index.outbox) and return False.
    No retries here: the outbox is the retry, so a review never waits on a dead node."""
    try:
        Archive().store_review(review, **{key: value for key, value in who.items() if value})
    except ArchiveUnavailable:
        Outbox(settings().data_dir).queue(review, who)
        return False
    return True


@task(name="flush-outbox")
def flush_outbox_task() -> dict:
    """Archive what an earlier run queued, before this run's reviews (nothing when the archive is down)."""
    return Outbox(settings().data_dir).flush()


@flow(name="review_submission", log_prints=False)
def review_submission(paths: list[str], archive: bool = True, opinion_dir: str | None = None,
                      submitted_by: str | None = None, drafting_unit: str | None = None,
                      predecessor: str | None = None, names: dict[str, str] | None = None,
                      profile: str | None = None, progress: Callable[[str, float], None] | None = None,
                      run_id: str | None = None) -> list[Review | dict]:
    """One review per file or submission folder; an unreadable input yields {"file", "error"} and the
    batch goes on.

    With ``opinion_dir`` the opinion letter and the annotated draft are written there, linked from
    the run, and listed in the review under ``deliverables``. ``names`` maps stored file paths to
    the names they were submitted under (see checks.submission.main_document). ``profile`` overrides
    the jurisdiction profile chosen from each document's issuer. ``progress`` (the web's job worker)
    gets the stage in Chinese and the fraction of the work done (0..1) as the review moves on.
    ``run_id`` (the web job's id) names work that may be repeated: a job run again after its worker died
    between archiving and recording the job done archives without a second review event.
    """

    who = {"submitted_by": submitted_by, "drafting_unit": drafting_unit, "predecessor": predecessor, "run_id": run_id}
    results: list[Review | dict] = []
    if archive and Outbox(settings().data_dir).pending():
        flush_outbox_task()
    for number_of_path, path in enumerate(paths):
        def tell(stage: str, step: float, before: int = number_of_path) -> None:  # step: how far into this path (0..1)
            if progress:
                progress(stage, (before + step) / len(paths))

        folder = Path(path).is_dir()
        files = sorted(str(p) for p in Path(path).iterdir() if p.is_file() and not p.name.startswith(".")) if folder else [path]
        documents = []
        for number, file in enumerate(files, 1):
            tell(f"正在提取文本（第 {number}/{len(files)} 个文件）", 0.3 * (number - 1) / len(files))
            try:
                documents.append(as_submission(extract_cached(file), who))
            except ExtractionError as exc:
                results.append({"file": file, "error": exc.reason})
        if not documents:
            continue
        try:
            document = main_document(path, documents, names) if folder else documents[0]
        except SubmissionError as exc:
            results.append({"file": path, "error": exc.reason})
            continue
        materials = [d for d in documents if d is not document]
        choice = choose_profile(document, profile)
        tell(f"正在审核 {len(document.units)} 条条款", 0.3)
        findings = check_task(document, choice.name)
        if folder:
            findings = findings + package_task(document, materials, choice.name)
        tell(f"已审核 {len(document.units)}/{len(document.units)} 条条款，正在对照上位法", 0.55)
        findings, warning = higher_law_task(document, findings)
        if warning:  # Elasticsearch down: the review goes on without higher_law, and says so once
            document = document.model_copy(update={"warnings": [*document.warnings, warning]})
        findings = sorted(findings + second_net_task(document, findings, archive), key=lambda f: (f.start, f.rule))
        tell("正在查找类似先例", 0.7)
        findings = precedents_task(document, findings, archive)
        review = review_object(document, findings, overall_opinion(findings), choice,
                               materials=[m.source.path for m in materials])
        report_task(review)
        if opinion_dir:
            tell("正在生成意见书草稿和批注稿", 0.8)
            review.deliverables = deliverables_task(review, opinion_dir, addressee=drafting_unit)
        if archive:
            tell("正在归档", 0.9)
            archive_task(review, who)
        results.append(review)
    return results
