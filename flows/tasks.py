"""Tasks shared by the flows, and their cache keys and retry rules.

Cache keys say everything a cached result depends on:
- extraction: the file's bytes, its declared type (extension), the PDF engine, the size limits, and the
  fingerprint of the pipeline's code and data;
- checks: the extracted Document itself (its text, units, pages and extracted facts; not where the file
  lay) and the same fingerprint.
The fingerprint covers the extractors, the checks with their rules, profiles and data, the patterns
and model, the legal dictionary, and the vendored statute corpus (or a configured newer checkout).
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from prefect import task
from prefect.context import TaskRunContext
from prefect.transactions import get_transaction

import normreview
from normreview import checks, extractors
from normreview.checks.precedents import ArchiveSearch, attach_precedents
from normreview.checks.profile import load_profile
from normreview.checks.second_net import net_findings
from normreview.extractors import Document, ExtractionError
from normreview.extractors.isolated import ExtractionLimit, extract_isolated
from normreview.index import Archive, ArchiveUnavailable
from normreview.index.higher_law import compare_with_higher_law
from normreview.model import Finding
from normreview.settings import settings

# Archive writes are retried when Elasticsearch is unreachable, not on other errors.
ARCHIVE_RETRIES = 3
ARCHIVE_RETRY_DELAYS = [2, 5, 10]
_PACKAGE = Path(normreview.__file__).parent
FINGERPRINT_SUFFIXES = (".py", ".yaml", ".yml", ".txt", ".json", ".md", ".sqlite3", ".csv", ".gz")


def pipeline_roots() -> list[Path]:
    """The code and data a review's result depends on (files or folders)."""
    # The statute corpus is vendored under checks/data/laws, so the checks' folder covers it.
    roots = [Path(extractors.__file__).parent, Path(checks.__file__).parent, _PACKAGE / "patterns.py",
             _PACKAGE / "model.py", _PACKAGE / "lexicon.py", _PACKAGE / "data"]
    source = settings().laws_source
    return roots + ([source] if source else [])


def fingerprint(roots: Iterable[Path]) -> str:
    """Hash of the files under ``roots`` (names and contents): equal only while none changed."""
    digest = hashlib.sha256()
    for root in roots:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in FINGERPRINT_SUFFIXES and "__pycache__" not in path.parts:
                digest.update((path.relative_to(root) if root.is_dir() else Path(path.name)).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def pipeline_fingerprint() -> str:
    """fingerprint(pipeline_roots()), once per process: code and data do not change under a running process."""
    return fingerprint(pipeline_roots())


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_key(path: str, code: str) -> str:
    """The cache key of extracting ``path`` with the pipeline whose fingerprint is ``code``."""
    suffix = Path(path).suffix.lower().lstrip(".") or "none"
    config = settings()
    # The limits decide whether a file is refused, so a cached extraction holds for the same limits only.
    limits = f"{config.max_chars}-{config.max_lines}-{config.max_pages}-{config.max_ocr_pages}"
    return f"extract-{file_sha256(path)}-{suffix}-{config.pdf_engine}-{limits}-{code}"


def document_key(document: Document) -> str:
    """The content of an extracted Document: everything the checks read, not where its file lay."""
    content = document.model_dump_json(exclude={"doc_id", "sha256", "source"})
    return hashlib.sha256(content.encode()).hexdigest()[:32]


def check_key(document: Document, code: str) -> str:
    return f"check-{document_key(document)}-{code}"


def package_key(main: Document, materials: list[Document], code: str) -> str:
    keys = hashlib.sha256("".join(sorted(document_key(m) for m in materials)).encode()).hexdigest()[:16]
    return f"package-{document_key(main)}-{keys}-{code}"


def extract_cache_key(context: TaskRunContext, parameters: dict) -> str | None:
    path = parameters["path"]
    if not Path(path).is_file():
        return None  # not cacheable: extract() reports the missing file
    return extract_key(path, pipeline_fingerprint())


def check_cache_key(context: TaskRunContext, parameters: dict) -> str:
    # The profile decides thresholds and bases, so it is part of what the findings depend on.
    return check_key(parameters["document"], f"{parameters['profile']}-{pipeline_fingerprint()}")


def package_cache_key(context: TaskRunContext, parameters: dict) -> str:
    return package_key(parameters["main"], parameters["materials"], f"{parameters['profile']}-{pipeline_fingerprint()}")


def archive_unavailable(task, task_run, state) -> bool:
    """Retry only when the archive could not be reached."""
    try:
        state.result()
    except ArchiveUnavailable:
        return True
    except Exception:
        return False
    return False


@task(name="extract", cache_key_fn=extract_cache_key, persist_result=True)
def extract_task(path: str) -> Document | str:
    """The Document, or the one-line reason the file was refused: an expected refusal is a result, not a
    failed task, so Prefect prints no traceback for it (and the same bytes and type are refused from cache).
    Extraction runs in a child process with memory and time limits (extractors/isolated.py)."""
    try:
        return extract_isolated(path)
    except ExtractionLimit as exc:
        # Over time or memory, which depends on the load and the limits, not on the bytes alone: not cached.
        get_transaction().write_on_commit = False
        return exc.reason
    except ExtractionError as exc:
        return exc.reason


def extract_cached(path: str) -> Document:
    """extract_task, with the source path of this file even when the cache served a copy found elsewhere;
    raises ExtractionError for a refused file."""
    document = extract_task(path)
    if isinstance(document, str):
        raise ExtractionError(path, document)
    if document.source.path == path:
        return document
    return document.model_copy(update={"source": document.source.model_copy(update={"path": path})})


@task(name="check", cache_key_fn=check_cache_key, persist_result=True)
def check_task(document: Document, profile: str) -> list[Finding]:
    from normreview.checks.engine import review_document  # spaCy: only for a review, not for decide or file

    return review_document(document, profile=load_profile(profile))


@task(name="check-package", cache_key_fn=package_cache_key, persist_result=True)
def package_task(main: Document, materials: list[Document], profile: str) -> list[Finding]:
    from normreview.checks.engine import review_package

    return review_package(main, materials, profile=load_profile(profile))


@task(name="second-net")
def second_net_task(document: Document, findings: list[Finding], use_archive: bool) -> list[Finding]:
    """Warnings of the learned second net on sentences no rule flagged (they never change the opinion)."""
    if not settings().second_net:
        return []
    return net_findings(document, findings, archive_precedent_search(document) if use_archive else None)


def archive_precedent_search(document: Document) -> ArchiveSearch | None:
    """The archive's similar-clause search for ``document``'s findings (its own clauses left out), or
    None when the archive cannot be reached: then the precedents come from the case library alone."""
    archive = Archive()
    try:
        archive.ensure()
    except ArchiveUnavailable:
        return None

    def search(text: str) -> list[dict]:
        try:
            return archive.similar_clauses(text, size=5, exclude_doc=document.doc_id)
        except ArchiveUnavailable:
            return []

    return search


@task(name="precedents")
def precedents_task(document: Document, findings: list[Finding], use_archive: bool) -> list[Finding]:
    """Each finding with its precedents: library cases and, when the archive answers, decided archived clauses."""
    return attach_precedents(document, findings, archive_precedent_search(document) if use_archive else None)


@task(name="higher-law")
def higher_law_task(document: Document, findings: list[Finding]) -> tuple[list[Finding], str | None]:
    """Not cached: the answer depends on the laws index, not only on the document."""
    return compare_with_higher_law(document, findings)
