"""backfill: ingest a folder of past (issued) documents into the archive, resumably.

Few flow runs, many tasks: the files go in batches; each batch is one extract-and-check task and
one bulk archive write. At most ``concurrency`` batches are in flight: one batch's checks overlap
another's bulk write, never another's checks (the checks' spaCy pipeline and its lazily built matchers
are shared by the process and not thread-safe). Each batch extracts in one child process with the
review path's memory and time limits (extractors/isolated.py). A rerun skips every file whose content
hash is already archived, so a stopped backfill resumes where it stopped.
"""
from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from normreview.checks import overall_opinion, review_document
from normreview.checks.report import review_object
from normreview.extractors import ExtractionError
from normreview.extractors.isolated import extract_each_isolated
from normreview.flows.tasks import ARCHIVE_RETRIES, ARCHIVE_RETRY_DELAYS, archive_unavailable, file_sha256
from normreview.index import Archive

# Past documents were issued: they enter the archive as published, in force unless expired.
BACKFILL_STATUS = "published"
# One batch checks at a time (see above); extraction runs in the batch's child process meanwhile.
_CHECKS = threading.Lock()


def list_files(folder: Path) -> list[Path]:
    """Every visible file: one of an unsupported type is reported like any unreadable file."""
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


@task(name="plan-backfill", cache_policy=NO_CACHE, retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def plan_task(folder: str) -> dict:
    """The files still to ingest: not archived yet, one per distinct content."""
    by_hash: dict[str, str] = {}
    for path in list_files(Path(folder)):
        by_hash.setdefault(file_sha256(str(path)), str(path))
    archived = Archive().archived_ids(list(by_hash))
    todo = sorted(path for sha, path in by_hash.items() if sha not in archived)
    return {"todo": todo, "archived": len(archived), "distinct": len(by_hash)}


@task(name="extract-and-check", cache_policy=NO_CACHE)
def prepare_batch_task(paths: list[str]) -> dict:
    """Extract (in a child process with limits) and check each file; a bad file, or one over the memory
    or time limit, becomes {"file", "error"} and the batch goes on."""
    items, failed = [], []
    for path, document in extract_each_isolated(paths):
        if isinstance(document, ExtractionError):
            failed.append({"file": path, "error": document.reason})
            continue
        with _CHECKS:
            findings = review_document(document)
            items.append(review_object(document, findings, overall_opinion(findings)))
    return {"items": items, "failed": failed}


@task(name="archive-batch", cache_policy=NO_CACHE, retries=ARCHIVE_RETRIES, retry_delay_seconds=ARCHIVE_RETRY_DELAYS,
      retry_condition_fn=archive_unavailable)
def archive_batch_task(prepared: dict) -> dict:
    # No refresh per batch (a bulk load need not be searchable at once); the flow refreshes at the end.
    return Archive(refresh=False).store_reviews(prepared["items"], status=BACKFILL_STATUS)


@flow(name="backfill", task_runner=ThreadPoolTaskRunner(max_workers=8))
def backfill(folder: str, batch_size: int = 50, concurrency: int = 2,
             progress: Callable[[dict], None] | None = None) -> dict:
    """Ingest ``folder``; ``progress`` (CLI only) gets {"done", "failed"} after each batch."""
    logger = get_run_logger()
    plan = plan_task(folder)
    todo = plan["todo"]
    if progress:
        progress({"total": len(todo), "done": 0, "failed": []})
    summary = {"files": plan["distinct"], "skipped": plan["archived"], "archived": 0, "failed": []}
    in_flight: deque = deque()

    def finish() -> None:
        prepared, stored = in_flight.popleft()
        failed = prepared.result()["failed"]
        stored.result()
        for bad in failed:
            logger.warning("skipped %s: %s", bad["file"], bad["error"])
        summary["archived"] += len(prepared.result()["items"])
        summary["failed"] += failed
        if progress:
            progress({"done": len(prepared.result()["items"]) + len(failed), "failed": failed})

    for start in range(0, len(todo), batch_size):
        prepared = prepare_batch_task.submit(todo[start:start + batch_size])
        in_flight.append((prepared, archive_batch_task.submit(prepared)))
        if len(in_flight) >= concurrency:
            finish()
    while in_flight:
        finish()
    Archive().refresh_all()
    rows = "\n".join(f"| {b['file']} | {b['error']} |" for b in summary["failed"])
    create_markdown_artifact(key="backfill", description=f"回填 {folder}", markdown=(
        f"# 回填：{folder}\n\n- 文件（按内容去重）：{summary['files']}\n- 已在归档中，跳过：{summary['skipped']}\n"
        f"- 本次归档：{summary['archived']}\n- 无法读取：{len(summary['failed'])}\n\n"
        + (f"| 文件 | 原因 |\n| --- | --- |\n{rows}\n" if rows else "")))
    return summary
