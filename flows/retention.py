"""Retention: delete what is kept only to do the work, once it is older than ``retention_days``: the web
uploads (``<data_dir>/uploads/<job>``), temporary OCR and conversion folders a killed process left behind,
and Prefect's stored task results (pickled Documents and findings). Deliverables and the archive stay."""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from prefect.settings import PREFECT_LOCAL_STORAGE_PATH

from normreview.settings import settings

TEMP_PREFIXES = ("normreview-ocr-", "normreview-convert-")


def _older(path: Path, cutoff: float) -> bool:
    try:
        return path.stat().st_mtime < cutoff
    except FileNotFoundError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def purge(days: float | None = None, now: float | None = None) -> dict[str, int]:
    """Delete uploads, temporary folders and Prefect results older than ``days`` (default: the setting).
    Returns how many entries of each were deleted."""
    days = settings().retention_days if days is None else days
    cutoff = (now or time.time()) - days * 86400
    removed = {"uploads": 0, "temporary": 0, "results": 0}
    uploads = settings().data_dir / "uploads"
    for job in (uploads.iterdir() if uploads.is_dir() else []):
        if _older(job, cutoff):
            _remove(job)
            removed["uploads"] += 1
    for folder in Path(tempfile.gettempdir()).iterdir():
        if folder.name.startswith(TEMP_PREFIXES) and _older(folder, cutoff):
            _remove(folder)
            removed["temporary"] += 1
    results = Path(PREFECT_LOCAL_STORAGE_PATH.value())
    for result in (results.iterdir() if results.is_dir() else []):
        if _older(result, cutoff):
            _remove(result)
            removed["results"] += 1
    return removed
