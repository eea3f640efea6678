"""Tasks shared by the flows, and their cache keys and retry rules."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import normreview.prefect_env  # noqa: F401  (must precede prefect)
from prefect import task
from prefect.context import TaskRunContext

from normreview import checks
from normreview import extractors
from normreview.checks import review_document
from normreview.checks.engine import review_package
from normreview.checks.finding import Finding
from normreview.checks.profile import load_profile
from normreview.extractors import Document, extract
from normreview.index import ArchiveUnavailable

# Archive writes are retried when Elasticsearch is unreachable, not on other errors.
ARCHIVE_RETRIES = 3
ARCHIVE_RETRY_DELAYS = [2, 5, 10]


def code_fingerprint(package_dir: Path) -> str:
    """Hash of a package's code and data: a cached result is reused only while they are unchanged."""
    digest = hashlib.sha256()
    for path in sorted(package_dir.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".yml", ".txt", ".json"):
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


EXTRACTORS_FINGERPRINT = code_fingerprint(Path(extractors.__file__).parent)
CHECKS_FINGERPRINT = code_fingerprint(Path(checks.__file__).parent)


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_cache_key(context: TaskRunContext, parameters: dict) -> str | None:
    path = parameters["path"]
    if not Path(path).is_file():
        return None  # not cacheable: extract() reports the missing file
    return f"extract-{file_sha256(path)}-{EXTRACTORS_FINGERPRINT}"


def check_cache_key(context: TaskRunContext, parameters: dict) -> str:
    document: Document = parameters["document"]
    return f"check-{document.doc_id}-{parameters['profile']}-{CHECKS_FINGERPRINT}"


def package_cache_key(context: TaskRunContext, parameters: dict) -> str:
    materials = hashlib.sha256("".join(sorted(m.doc_id for m in parameters["materials"])).encode()).hexdigest()
    return f"package-{parameters['main'].doc_id}-{materials[:16]}-{parameters['profile']}-{CHECKS_FINGERPRINT}"


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
def extract_task(path: str) -> Document:
    return extract(path)


def extract_cached(path: str) -> Document:
    """extract_task, with the source path of this file even when the cache served a copy found elsewhere."""
    document = extract_task(path)
    if document.source.path == path:
        return document
    return replace(document, source=replace(document.source, path=path))


@task(name="check", cache_key_fn=check_cache_key, persist_result=True)
def check_task(document: Document, profile: str) -> list[Finding]:
    return review_document(document, profile=load_profile(profile))


@task(name="check-package", cache_key_fn=package_cache_key, persist_result=True)
def package_task(main: Document, materials: list[Document], profile: str) -> list[Finding]:
    return review_package(main, materials, profile=load_profile(profile))
