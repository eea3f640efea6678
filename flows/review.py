"""review_submission: extract → check → report → archive, one task per step."""
from __future__ import annotations

import normreview.prefect_env  # noqa: F401  (must precede prefect)
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from checks import overall_opinion, review_document
from checks.report import render_markdown, review_object
from extractors import Document, ExtractionError, extract
from index import Archive


@task
def extract_task(path: str) -> Document:
    return extract(path)


@task
def check_task(document: Document) -> dict:
    findings = review_document(document)
    return review_object(document, findings, overall_opinion(findings))


@task(retries=3, retry_delay_seconds=[2, 5, 10])
def archive_task(document: Document, review: dict) -> None:
    from checks.finding import Finding

    Archive().store_review(document, [Finding(**f) for f in review["findings"]], review["opinion"])


@flow(name="review_submission", log_prints=False)
def review_submission(paths: list[str], archive: bool = True) -> list[dict]:
    """Review each file; a file that cannot be read yields {"file", "error"} and the batch goes on."""
    results: list[dict] = []
    for path in paths:
        try:
            document = extract_task(path)
        except ExtractionError as exc:
            results.append({"file": path, "error": exc.reason})
            continue
        review = check_task(document)
        create_markdown_artifact(markdown=render_markdown(review), key="review-" + document.doc_id[:16],
                                 description=f"合法性审核：{document.title}")
        if archive:
            archive_task(document, review)
        results.append(review)
    return results
